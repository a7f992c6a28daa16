// Growing trees: the heap side of assembly/tree.ts. X is transposed to column-major and argsorted once
// per fit (shared by every tree of a forest); each tree is then one `tree_build` call whose node
// arrays are copied out into a JS-owned TreeData.
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';

/** Criterion codes of assembly/tree.ts. */
export const CRITERIA = { gini: 0, entropy: 1, log_loss: 1, squared_error: 2, friedman_mse: 3 } as const;
export type Criterion = keyof typeof CRITERIA;

/** A fitted tree, scikit-learn's `tree_` arrays (children −1 and feature/threshold −2 at leaves). */
export interface TreeData {
  nodeCount: number;
  /** Values per node: the number of classes (weighted class counts), or 1 (the mean target). */
  nOutputs: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** nodeCount × nOutputs, row-major. */
  value: Float64Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weightedNNodeSamples: Float64Array;
}

/** Resolved growth options, as the kernel takes them. */
export interface GrowOptions {
  criterion: number;
  /** -1: unlimited. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** min_weight_fraction_leaf × total weight of the tree's sample. */
  minWeightFractionLeaf: number;
  minImpurityDecrease: number;
  maxFeatures: number;
  /** 0: depth-first, unlimited leaves. */
  maxLeafNodes: number;
}

/** One tree to grow: its rand_r start state and its sample weights, made when the tree grows (null: every weight 1). */
export interface TreeJob {
  seed: number;
  weights: (() => Float64Array) | null;
}

/** Node capacity for m samples under the depth and leaf limits. */
function capacity(m: number, o: GrowOptions): number {
  let cap = Math.max(1, 2 * m - 1);
  if (o.maxDepth >= 0 && o.maxDepth < 30) cap = Math.min(cap, 2 ** (o.maxDepth + 1) - 1);
  if (o.maxLeafNodes > 0) cap = Math.min(cap, 2 * o.maxLeafNodes - 1);
  return cap;
}

/**
 * Grows one tree per job on x (n×d, float64 or float32) with targets y: class codes (nClasses > 0)
 * or values (nClasses = 0). `onTree` receives each tree and its weights as it is finished (a forest computes its
 * out-of-bag predictions there). Every heap block is freed before returning.
 */
export function growTrees(
  rt: Runtime, x: Matrix, y: Int32Array | Float64Array, nClasses: number, opts: GrowOptions, jobs: TreeJob[],
  onTree?: (tree: TreeData, index: number, weights: Float64Array) => void,
): TreeData[] {
  const heap = rt.heap;
  const k = rt.kernels;
  const n = x.rows, d = x.cols, dtype = x.dtype;
  const item = dtype === 'float32' ? 4 : 8;
  const nOut = nClasses > 0 ? nClasses : 1;
  const cap = capacity(n, opts);
  const blocks = heap.blocks();
  const alloc = blocks.alloc;
  const trees: TreeData[] = [];
  try {
    const xt = alloc(n * d * item);
    typed(k, 'transpose', dtype)(x.ptr, xt, n, d);
    const order = alloc(n * d * 4);
    const scratch = heap.alloc((k.tree_argsort_bytes as (n: number) => number)(n));
    try {
      typed(k, 'tree_argsort', dtype)(xt, n, d, order, scratch);
    } finally {
      heap.free(scratch);
    }
    const yp = alloc(n * (nClasses > 0 ? 4 : 8));
    if (nClasses > 0) heap.i32.set(y, yp >> 2);
    else heap.f64.set(y, yp >> 3);
    const wp = alloc(n * 8);
    const work = alloc((k.tree_work_bytes as (...a: number[]) => number)(n, d, n, nClasses, cap));
    const out = alloc(cap * (8 * (3 + nOut) + 16));
    const build = typed(k, 'tree_build', dtype);
    const ones = new Float64Array(n).fill(1);
    for (let t = 0; t < jobs.length; t++) {
      const job = jobs[t];
      const w = job.weights ? job.weights() : ones;
      heap.f64.set(w, wp >> 3);
      let total = 0;
      for (let i = 0; i < n; i++) total += w[i];
      const count = build(
        xt, n, d, yp, wp, order, nClasses, opts.criterion, opts.maxDepth, opts.minSamplesSplit, opts.minSamplesLeaf,
        opts.minWeightFractionLeaf * total, opts.minImpurityDecrease, opts.maxFeatures, opts.maxLeafNodes, job.seed >>> 0, work, out, cap,
      );
      const tree = readTree(rt, out, cap, count, nOut);
      trees.push(tree);
      onTree?.(tree, t, w);
    }
    return trees;
  } finally {
    blocks.free();
  }
}

/** Copies the first `count` nodes out of a kernel output block of capacity `cap`. */
function readTree(rt: Runtime, out: number, cap: number, count: number, nOut: number): TreeData {
  const f64 = rt.heap.f64, i32 = rt.heap.i32;
  const f = out >> 3;
  const valueAt = f + 3 * cap;
  const ints = (out + cap * 8 * (3 + nOut)) >> 2;
  return {
    nodeCount: count,
    nOutputs: nOut,
    threshold: f64.slice(f, f + count),
    impurity: f64.slice(f + cap, f + cap + count),
    weightedNNodeSamples: f64.slice(f + 2 * cap, f + 2 * cap + count),
    value: f64.slice(valueAt, valueAt + count * nOut),
    feature: i32.slice(ints, ints + count),
    left: i32.slice(ints + cap, ints + cap + count),
    right: i32.slice(ints + 2 * cap, ints + 2 * cap + count),
    nNodeSamples: i32.slice(ints + 3 * cap, ints + 3 * cap + count),
  };
}

// ---- fitted trees in the heap, for prediction ----

/**
 * Every tree of a model packed into one heap block (a Matrix used as raw storage, so the estimator's
 * ownership rules free it): f64 threshold[N], value[N·nOut]; then i32 feature[N], left[N], right[N]
 * with absolute child indices, roots[T].
 */
export interface Packed {
  block: Matrix;
  nodes: number;
  nTrees: number;
  nOutputs: number;
}

export function packTrees(rt: Runtime, trees: TreeData[], nOutputs: number): Packed {
  const N = trees.reduce((s, t) => s + t.nodeCount, 0);
  const T = trees.length;
  const f64Words = N * (1 + nOutputs);
  const i32Words = 3 * N + T;
  const block = Matrix.alloc(rt, 1, Math.max(1, f64Words + Math.ceil(i32Words / 2)), 'float64');
  const base = block.ptr;
  const f64 = rt.heap.f64, i32 = rt.heap.i32;
  const thr = base >> 3, val = thr + N;
  const ints = (base + f64Words * 8) >> 2;
  const feat = ints, left = ints + N, right = ints + 2 * N, roots = ints + 3 * N;
  let off = 0;
  for (let t = 0; t < T; t++) {
    const tree = trees[t];
    f64.set(tree.threshold, thr + off);
    f64.set(tree.value, val + off * nOutputs);
    i32.set(tree.feature, feat + off);
    for (let i = 0; i < tree.nodeCount; i++) {
      const l = tree.left[i], r = tree.right[i];
      i32[left + off + i] = l < 0 ? -1 : l + off;
      i32[right + off + i] = r < 0 ? -1 : r + off;
    }
    i32[roots + t] = off;
    off += tree.nodeCount;
  }
  return { block, nodes: N, nTrees: T, nOutputs };
}

function pointers(p: Packed): { thr: number; val: number; feat: number; left: number; right: number; roots: number } {
  const base = p.block.ptr;
  const N = p.nodes;
  const ints = base + N * (1 + p.nOutputs) * 8;
  return { thr: base, val: base + N * 8, feat: ints, left: ints + 4 * N, right: ints + 8 * N, roots: ints + 12 * N };
}

/**
 * Mean over the trees of each row's leaf value (x: n×d in the heap) → n×nOutputs values; `normalize`
 * turns each leaf's class weights into probabilities first.
 */
export function predictPacked(rt: Runtime, p: Packed, x: Matrix, normalize: boolean): Float64Array {
  const n = x.rows;
  const size = n * p.nOutputs;
  const out = rt.heap.alloc(Math.max(1, size) * 8);
  try {
    const q = pointers(p);
    typed(rt.kernels, 'forest_predict', x.dtype)(x.ptr, n, x.cols, q.feat, q.thr, q.left, q.right, q.val, p.nOutputs, q.roots, p.nTrees, normalize ? 1 : 0, out);
    return rt.heap.f64.slice(out >> 3, (out >> 3) + size);
  } finally {
    rt.heap.free(out);
  }
}

/** Leaf index (local to each tree) of every row in every tree: n×T, row-major. */
export function applyPacked(rt: Runtime, p: Packed, x: Matrix): Int32Array {
  const n = x.rows;
  const size = n * p.nTrees;
  const out = rt.heap.alloc(Math.max(1, size) * 4);
  try {
    const q = pointers(p);
    typed(rt.kernels, 'forest_apply', x.dtype)(x.ptr, n, x.cols, q.feat, q.thr, q.left, q.right, q.roots, p.nTrees, out);
    return rt.heap.i32.slice(out >> 2, (out >> 2) + size);
  } finally {
    rt.heap.free(out);
  }
}
