// AgglomerativeClustering: scikit-learn's estimator (ward, complete, average, single linkage on Euclidean
// distances). The merge sequence comes from Wasm (assembly/linkage.ts: nearest-neighbour chain, or
// Prim's MST for single linkage); TypeScript sorts the merges by height (stable), numbers the new
// clusters n, n+1, … as scikit-learn's `children_` does, and cuts the tree — O(n log n) work.
import { InvalidParameterError } from '../errors.js';
import type { Matrix } from '../core/matrix.js';
import { decodeArray, encodeArray } from '../io/format.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { checkChoice, checkInt, checkReal, Clusterer, readX, registerEstimator, release, type CommonOptions } from '../base/index.js';
import { ModelFormatError } from '../errors.js';
import { dtypeOf } from './common.js';

export type Linkage = 'ward' | 'complete' | 'average' | 'single';
const LINKAGES: readonly Linkage[] = ['ward', 'complete', 'average', 'single'];

export interface AgglomerativeOptions extends CommonOptions {
  /** Clusters to cut the tree into. Default 2; must be null when distanceThreshold is set. */
  nClusters?: number | null;
  /** 'ward' (default: minimizes the within-cluster variance), 'complete', 'average' or 'single'. */
  linkage?: Linkage;
  /** Cut where merges reach this height instead of at nClusters (scikit-learn's distance_threshold). */
  distanceThreshold?: number | null;
  /** Only 'euclidean'. */
  metric?: 'euclidean';
}

interface AgglomerativeParams {
  nClusters: number | null;
  linkage: Linkage;
  distanceThreshold: number | null;
  metric: 'euclidean';
}

interface AgglomerativeState {
  nFeatures: number;
  labels: Int32Array;
  /** (n−1)×2 row-major: the two nodes merged at each step; nodes ≥ n are earlier merges (n + step). */
  children: Int32Array;
  distances: Float64Array;
  nClusters: number;
}

/**
 * Hierarchical clustering of the rows of X (n×d), bottom-up. `labels` (n), `children` ((n−1)×2),
 * `distances` (n−1 merge heights, non-decreasing; a dendrogram can be drawn from children and
 * distances), `nClusters`. Memory: n(n−1)/2 doubles for ward/complete/average, O(n) for single.
 */
export class AgglomerativeClustering extends Clusterer<AgglomerativeParams, AgglomerativeState> {
  static readonly kind = 'AgglomerativeClustering';
  static readonly task = 'clusterer';
  static readonly defaults: Readonly<AgglomerativeParams> = { nClusters: 2, linkage: 'ward', distanceThreshold: null, metric: 'euclidean' };

  constructor(options?: AgglomerativeOptions) {
    super(options);
  }

  protected checkParams(p: Readonly<AgglomerativeParams>): void {
    checkChoice(p.linkage, 'AgglomerativeClustering', 'linkage', LINKAGES);
    checkChoice(p.metric, 'AgglomerativeClustering', 'metric', ['euclidean']);
    if ((p.nClusters === null) === (p.distanceThreshold === null)) {
      throw new InvalidParameterError('AgglomerativeClustering: exactly one of the options "nClusters" and "distanceThreshold" must be null');
    }
    if (p.nClusters !== null) checkInt(p.nClusters, 'AgglomerativeClustering', 'nClusters', 1);
    if (p.distanceThreshold !== null) checkReal(p.distanceThreshold, 'AgglomerativeClustering', 'distanceThreshold', { min: 0 });
  }

  fit(X: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X, 'X', dtypeOf(X));
    try {
      const n = x.matrix.rows;
      if (p.nClusters !== null && p.nClusters > n) {
        throw new InvalidParameterError(`AgglomerativeClustering: option "nClusters" (${p.nClusters}) must be <= the number of samples (${n})`);
      }
      const { children, distances } = tree(rt, x.matrix, p.linkage);
      const k = p.nClusters ?? 1 + distances.filter((h) => h >= p.distanceThreshold!).length;
      return this.commit({ nFeatures: x.matrix.cols, labels: cut(children, n, k), children, distances, nClusters: k });
    } finally {
      release(x);
    }
  }

  /** Cluster of each training row (clusters numbered by first appearance). */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }
  /** The merges: children[i] = [a, b], nodes < n are samples, node n + j is the cluster made at step j. */
  get children(): number[][] {
    const c = this.fitted('children').children;
    return Array.from({ length: c.length / 2 }, (_, i) => [c[2 * i], c[2 * i + 1]]);
  }
  /** Height of each merge (the linkage distance), non-decreasing. */
  get distances(): Float64Array {
    return this.fitted('distances').distances.slice();
  }
  /** Clusters found (nClusters, or the count the distance threshold gave). */
  get nClusters(): number {
    return this.fitted('nClusters').nClusters;
  }
  get nLeaves(): number {
    return this.fitted('nLeaves').labels.length;
  }

  protected saveState(s: AgglomerativeState): Record<string, unknown> {
    return { labels: encodeArray(s.labels), children: encodeArray(s.children, [s.children.length / 2, 2]), distances: encodeArray(s.distances), nClusters: s.nClusters };
  }

  protected loadState(s: Record<string, unknown>, nFeatures: number): AgglomerativeState {
    const labels = decodeArray(s.labels, 'model.state.labels', 'int32', [-1]);
    const n = labels.length;
    const children = decodeArray(s.children, 'model.state.children', 'int32', [Math.max(0, n - 1), 2]);
    const distances = decodeArray(s.distances, 'model.state.distances', 'float64', [Math.max(0, n - 1)]);
    const seen = new Uint8Array(2 * n);
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      // a child is a sample or an earlier merge, used once
      if (c < 0 || c >= n + (i >> 1) || seen[c]) throw new ModelFormatError(`model.state.children: entry ${i} (${c}) is not an unused earlier node`);
      seen[c] = 1;
    }
    const k = s.nClusters;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n) throw new ModelFormatError(`model.state.nClusters: expected an integer in [1, ${n}]`);
    for (const l of labels) if (l < 0 || l >= k) throw new ModelFormatError(`model.state.labels: a label is outside [0, ${k})`);
    return { nFeatures, labels, children, distances, nClusters: k };
  }
}
registerEstimator(AgglomerativeClustering);

/** The merge tree of the rows of X: children ((n−1)×2, scikit-learn numbering) and sorted heights. */
function tree(rt: Runtime, X: Matrix, linkage: Linkage): { children: Int32Array; distances: Float64Array } {
  const n = X.rows, d = X.cols, m = Math.max(0, n - 1);
  const heap = rt.heap;
  const blocks: number[] = [];
  const alloc = (bytes: number) => {
    const ptr = heap.alloc(Math.max(8, bytes));
    blocks.push(ptr);
    return ptr;
  };
  let a: Int32Array, b: Int32Array, h: Float64Array;
  try {
    const left = alloc(m * 4), right = alloc(m * 4), height = alloc(m * 8);
    if (linkage === 'single') {
      typed(rt.kernels, 'linkage_mst', X.dtype)(X.ptr, n, d, alloc(n * 8), alloc(n * 4), alloc(n), left, right, height);
    } else {
      const dm = alloc((n * (n - 1)) / 2 * 8);
      typed(rt.kernels, 'linkage_nnchain', X.dtype)(X.ptr, n, d, LINKAGES.indexOf(linkage), dm, alloc(n * 8), alloc(n * 4), alloc(n), left, right, height);
    }
    a = heap.i32.slice(left >>> 2, (left >>> 2) + m);
    b = heap.i32.slice(right >>> 2, (right >>> 2) + m);
    h = heap.f64.slice(height >>> 3, (height >>> 3) + m);
  } finally {
    for (const ptr of blocks) heap.free(ptr);
  }
  // Stable sort by height, then number clusters with a union-find over the samples.
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => h[i] - h[j] || i - j);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const node = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const children = new Int32Array(2 * m);
  const distances = new Float64Array(m);
  order.forEach((s, step) => {
    const ra = find(a[s]), rb = find(b[s]);
    const na = node[ra], nb = node[rb];
    children[2 * step] = Math.min(na, nb);
    children[2 * step + 1] = Math.max(na, nb);
    distances[step] = h[s];
    parent[ra] = rb;
    node[rb] = n + step;
  });
  return { children, distances };
}

/** Labels for k clusters: undo the last k − 1 merges; clusters are numbered by their first sample. */
function cut(children: Int32Array, n: number, k: number): Int32Array {
  const parent = Int32Array.from({ length: 2 * n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let step = 0; step < n - k; step++) {
    const node = n + step;
    parent[find(children[2 * step])] = node;
    parent[find(children[2 * step + 1])] = node;
  }
  const labels = new Int32Array(n);
  const names = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!names.has(r)) names.set(r, names.size);
    labels[i] = names.get(r)!;
  }
  return labels;
}
