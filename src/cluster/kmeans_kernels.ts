// The TypeScript side of assembly/kmeans.ts: initial centers (given, random rows, greedy k-means++),
// one Lloyd or Elkan run, and nearest-center assignment. Shared by KMeans and MiniBatchKMeans.
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import { ShapeError } from '../errors.js';
import { itemSize, type DType } from '../core/dtype.js';
import { kernel, typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { clone } from '../core/ops.js';
import { take } from '../core/shape.js';
import { readX, release } from '../base/index.js';

/** Result of one Lloyd run. */
export interface Run {
  centers: Matrix;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  strict: boolean;
}

export function centersFrom(rt: Runtime, init: unknown, k: number, d: number, dtype: DType): Matrix {
  const r = readX(rt, init, 'init', dtype);
  if (r.matrix.rows !== k || r.matrix.cols !== d) {
    release(r);
    throw new ShapeError(`KMeans: option "init" must be ${k}×${d} (nClusters × features), got ${r.matrix.rows}×${r.matrix.cols}`);
  }
  return r.owned ? r.matrix : clone(r.matrix);
}

/** Initial centers (k×d, X's dtype): k-means++, k random rows, or the given rows. */
export function initialCenters(rt: Runtime, X: Matrix, k: number, init: 'k-means++' | 'random' | number[][], gen: Generator): Matrix {
  if (typeof init !== 'string') return centersFrom(rt, init, k, X.cols, X.dtype);
  return init === 'random' ? randomInit(rt, X, k, gen) : plusPlus(rt, X, k, gen);
}

/** k distinct rows chosen uniformly (scikit-learn: permutation(n)[:k]). */
function randomInit(rt: Runtime, X: Matrix, k: number, gen: Generator): Matrix {
  return take(X, gen.permutation(X.rows).subarray(0, k), { axis: 0 });
}

/** Greedy k-means++ with 2 + ⌊ln k⌋ local trials per center, as scikit-learn. */
function plusPlus(rt: Runtime, X: Matrix, k: number, gen: Generator): Matrix {
  const n = X.rows, d = X.cols;
  const trials = 2 + Math.floor(Math.log(k));
  const heap = rt.heap;
  const step = typed(rt.kernels, 'kmeanspp_step', X.dtype);
  const closest = heap.alloc(n * 8);
  const draws = heap.alloc(trials * 8);
  const cand = heap.alloc(trials * n * 8);
  try {
    const ids = new Int32Array(k);
    ids[0] = step(X.ptr, n, d, closest, draws, trials, cand, gen.int(n));
    for (let c = 1; c < k; c++) {
      const f64 = heap.f64;
      for (let t = 0; t < trials; t++) f64[(draws >>> 3) + t] = gen.next();
      ids[c] = step(X.ptr, n, d, closest, draws, trials, cand, -1);
    }
    return take(X, ids, { axis: 0 });
  } finally {
    heap.free(closest);
    heap.free(draws);
    heap.free(cand);
  }
}

/** Scratch for the assignment kernels: transposed padded centers, their norms, a block buffer. */
export function withAssignScratch<R>(rt: Runtime, k: number, d: number, dtype: DType, fn: (kp: number, ct: number, cn: number, tmp: number) => R): R {
  const kp = kernel(rt.kernels, dtype === 'float32' ? 'kmeans_padded_k_f32' : 'kmeans_padded_k_f64')(k);
  const size = itemSize(dtype);
  const heap = rt.heap;
  const ct = heap.alloc(Math.max(1, d * kp) * size);
  const cn = heap.alloc(kp * size);
  const tmp = heap.alloc(32 * size); // two blocks of surrogates (points go in pairs)
  try {
    return fn(kp, ct, cn, tmp);
  } finally {
    heap.free(ct);
    heap.free(cn);
    heap.free(tmp);
  }
}

/**
 * Scratch of the f32 screen of the Lloyd assignment (assembly/kmeans.ts): the blocked f32 copy of X
 * (n rounded up to 8 points), its row norms, the column means, the centers in f32 (k rounded up to 4)
 * and their norms. `alloc` records the blocks for the caller to free.
 */
export function screenScratch(rt: Runtime, n: number, d: number, k: number, alloc: (bytes: number) => number): number[] {
  const n8 = Math.ceil(n / 8) * 8;
  const kq = kernel(rt.kernels, 'kmeans_screen_k')(k);
  return [alloc(n8 * d * 4), alloc(n8 * 4), alloc(d * 8), alloc(kq * d * 4), alloc(kq * 4)];
}

/** One Lloyd (or Elkan) run from `init` (consumed: it becomes the run's centers). */
export function lloyd(rt: Runtime, X: Matrix, init: Matrix, maxIter: number, tol: number, elkan: boolean): Run {
  const n = X.rows, d = X.cols, k = init.rows;
  const heap = rt.heap;
  const blocks = heap.blocks(16);
  const alloc = blocks.alloc;
  try {
    const labels = alloc(n * 4);
    const prev = alloc(k * d * itemSize(X.dtype));
    const sums = alloc(k * d * 8);
    const counts = alloc(k * 8);
    const taken = alloc(n);
    const info = alloc(24);
    const nIter = elkan
      ? typed(rt.kernels, 'kmeans_elkan', X.dtype)(X.ptr, n, d, k, init.ptr, labels, maxIter, tol, prev, sums, counts, taken, alloc(n * k * 8), alloc(n * 8), alloc(k * k * 8), alloc(k * 8), alloc(k * 8), info)
      : withAssignScratch(rt, k, d, X.dtype, (kp, ct, cn, tmp) =>
          typed(rt.kernels, 'kmeans_lloyd', X.dtype)(X.ptr, n, d, k, kp, init.ptr, labels, maxIter, tol, ct, cn, prev, sums, counts, taken, tmp, info, ...screenScratch(rt, n, d, k, alloc)),
        );
    const f64 = heap.f64;
    return { centers: init, labels: heap.i32.slice(labels >>> 2, (labels >>> 2) + n), inertia: f64[(info >>> 3) + 1], nIter, strict: f64[info >>> 3] === 1 };
  } catch (error) {
    init.dispose();
    throw error;
  } finally {
    blocks.free();
  }
}

/** Nearest center of every row of X, and the inertia. */
export function nearest(rt: Runtime, X: Matrix, centers: Matrix): { labels: Int32Array; inertia: number } {
  const heap = rt.heap;
  const n = X.rows;
  const labels = heap.alloc(Math.max(1, n) * 4);
  try {
    const inertia = withAssignScratch(rt, centers.rows, X.cols, X.dtype, (kp, ct, cn, tmp) =>
      typed(rt.kernels, 'kmeans_nearest', X.dtype)(X.ptr, n, X.cols, centers.rows, kp, centers.ptr, labels, 0, ct, cn, tmp, 0, 0),
    );
    return { labels: heap.i32.slice(labels >>> 2, (labels >>> 2) + n), inertia };
  } finally {
    heap.free(labels);
  }
}
