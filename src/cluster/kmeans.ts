// KMeans: scikit-learn's estimator (sklearn.cluster.KMeans, Lloyd's algorithm) with every O(n·k·d)
// loop in Wasm (assembly/kmeans.ts): a whole Lloyd run is one call, a k-means++ seeding step is one
// call per center. TypeScript picks the initial centers, runs the nInit restarts and keeps the best.
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import { InvalidParameterError, ShapeError } from '../errors.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';
import { itemSize, type DType } from '../core/dtype.js';
import { kernel, typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { checkChoice, checkInt, checkReal, checkSeed, Clusterer, readX, registerEstimator, release, type CommonOptions } from '../base/index.js';
import { pairwiseDistances } from '../linalg/distance.js';
import { clone } from '../core/ops.js';
import { take } from '../core/shape.js';
import { dtypeOf, readFitted } from './common.js';

export interface KMeansOptions extends CommonOptions {
  /** Number of clusters k. Default 8. */
  nClusters?: number;
  /** 'k-means++' (default, greedy as scikit-learn), 'random' (k distinct rows), or the initial centers (k×d). */
  init?: 'k-means++' | 'random' | number[][];
  /** Restarts with different seeds; the lowest inertia wins. 'auto' (default): 1 for k-means++ and explicit centers, 10 for 'random'. */
  nInit?: number | 'auto';
  /** Lloyd iterations per run. Default 300. */
  maxIter?: number;
  /** Stop when Σ‖Δcenter‖² ≤ tol · mean column variance of X. Default 1e-4. */
  tol?: number;
  /** Seed of the initialization; omitted: a fresh one each fit. */
  seed?: number;
  /** 'lloyd' (default, as scikit-learn) or 'elkan' (triangle-inequality bounds: fewer distance computations on well-separated data, n·k doubles of memory). Same result. */
  algorithm?: 'lloyd' | 'elkan';
}

interface KMeansParams {
  nClusters: number;
  init: 'k-means++' | 'random' | number[][];
  nInit: number | 'auto';
  maxIter: number;
  tol: number;
  seed: number | undefined;
  algorithm: 'lloyd' | 'elkan';
}

interface KMeansState {
  nFeatures: number;
  /** k×d, the dtype of the data fitted. */
  centers: Matrix;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  converged: boolean;
}

/** Result of one Lloyd run. */
interface Run {
  centers: Matrix;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  strict: boolean;
}

/**
 * k-means clustering. `fit(X)` (X: n×d) finds k centers minimizing the inertia Σ‖x − c(x)‖²;
 * `labels`, `clusterCenters` (k×d), `inertia`, `nIter`; `predict(X)` gives the nearest center,
 * `transform(X)` the distances to every center (n×k Matrix).
 */
export class KMeans extends Clusterer<KMeansParams, KMeansState> {
  static readonly kind = 'KMeans';
  static readonly task = 'clusterer';
  static readonly defaults: Readonly<KMeansParams> = {
    nClusters: 8,
    init: 'k-means++',
    nInit: 'auto',
    maxIter: 300,
    tol: 1e-4,
    seed: undefined,
    algorithm: 'lloyd',
  };

  constructor(options?: KMeansOptions) {
    super(options);
  }

  protected checkParams(p: Readonly<KMeansParams>): void {
    checkInt(p.nClusters, 'KMeans', 'nClusters', 1);
    if (typeof p.init === 'string') checkChoice(p.init, 'KMeans', 'init', ['k-means++', 'random']);
    else if (!Array.isArray(p.init)) {
      throw new InvalidParameterError(`KMeans: option "init" must be 'k-means++', 'random' or the initial centers (number[][], k×d), got ${typeof p.init}`);
    }
    if (p.nInit !== 'auto') checkInt(p.nInit, 'KMeans', 'nInit', 1);
    checkInt(p.maxIter, 'KMeans', 'maxIter', 1);
    checkReal(p.tol, 'KMeans', 'tol', { min: 0 });
    checkSeed(p.seed, 'KMeans');
    checkChoice(p.algorithm, 'KMeans', 'algorithm', ['lloyd', 'elkan']);
  }

  /** Clusters the rows of X (n×d). */
  fit(X: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X, 'X', dtypeOf(X));
    try {
      const n = x.matrix.rows, d = x.matrix.cols, k = p.nClusters;
      if (k > n) throw new InvalidParameterError(`KMeans: option "nClusters" (${k}) must be <= the number of samples (${n})`);
      const given = typeof p.init === 'string' ? undefined : centersFrom(rt, p.init, k, d, x.matrix.dtype);
      try {
        const nInit = p.nInit === 'auto' ? (p.init === 'random' ? 10 : 1) : given ? 1 : p.nInit;
        const tol = p.tol * (typed(rt.kernels, 'mean_column_variance', x.matrix.dtype)(x.matrix.ptr, n, d) as number);
        const gen = new Generator(p.seed);
        let best: Run | undefined;
        try {
          for (let r = 0; r < nInit; r++) {
            const init = given ? clone(given) : initialCenters(rt, x.matrix, k, p.init, gen);
            const run = lloyd(rt, x.matrix, init, p.maxIter, tol, p.algorithm === 'elkan');
            // scikit-learn keeps the first of equal inertias
            if (!best || run.inertia < best.inertia) {
              best?.centers.dispose();
              best = run;
            } else run.centers.dispose();
          }
        } catch (error) {
          best?.centers.dispose();
          throw error;
        } finally {
          gen.dispose();
        }
        const run = best!;
        if (!run.strict && run.nIter >= p.maxIter) this.warn(`did not converge in maxIter = ${p.maxIter} iterations; increase maxIter or tol`, 'maxIter');
        const distinct = new Set(run.labels).size;
        if (distinct < k) this.warn(`found ${distinct} distinct clusters, fewer than nClusters = ${k}: X has fewer distinct points than clusters`, 'distinct');
        return this.commit({ nFeatures: d, centers: run.centers, labels: run.labels, inertia: run.inertia, nIter: run.nIter, converged: run.strict || run.nIter < p.maxIter });
      } finally {
        given?.dispose();
      }
    } finally {
      release(x);
    }
  }

  /** Index of the nearest center for each row of X (n×d). */
  predict(X: unknown): Int32Array {
    const state = this.fitted('predict');
    const x = readFitted(this.rt(), X, state.nFeatures, state.centers.dtype);
    try {
      return nearest(this.rt(), x.matrix, state.centers).labels;
    } finally {
      release(x);
    }
  }

  /** Euclidean distances of each row of X to every center: a new n×k Matrix. */
  transform(X: unknown): Matrix {
    const state = this.fitted('transform');
    const x = readFitted(this.rt(), X, state.nFeatures, state.centers.dtype);
    try {
      return distances(x.matrix, state.centers);
    } finally {
      release(x);
    }
  }

  /** fit(X) then transform(X). */
  fitTransform(X: unknown): Matrix {
    return this.fit(X).transform(X);
  }

  /** Negative inertia of X against the fitted centers (scikit-learn's score). */
  score(X: unknown): number {
    const state = this.fitted('score');
    const x = readFitted(this.rt(), X, state.nFeatures, state.centers.dtype);
    try {
      return -nearest(this.rt(), x.matrix, state.centers).inertia;
    } finally {
      release(x);
    }
  }

  /** Cluster of each training row. */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }
  /** The k centers (k×d). */
  get clusterCenters(): number[][] {
    return this.fitted('clusterCenters').centers.toArray();
  }
  /** Σ over training rows of the squared distance to their center. */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }
  /** Lloyd iterations of the best run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }
  /** False when the best run stopped at maxIter. */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  protected saveState(s: KMeansState): Record<string, unknown> {
    return {
      centers: encodeArray(Float64Array.from(s.centers.data), [s.centers.rows, s.centers.cols]),
      dtype: s.centers.dtype,
      labels: encodeArray(s.labels),
      inertia: s.inertia,
      nIter: s.nIter,
      converged: s.converged,
    };
  }

  protected loadState(s: Record<string, unknown>, nFeatures: number): KMeansState {
    const k = this.getParams().nClusters;
    const values = decodeArray(s.centers, 'model.state.centers', 'float64', [k, nFeatures]);
    const labels = decodeArray(s.labels, 'model.state.labels', 'int32', [-1]);
    for (const l of labels) if (l < 0 || l >= k) throw new ShapeError(`model.state.labels: a label is outside [0, ${k})`);
    const dtype = s.dtype === 'float32' ? 'float32' : 'float64';
    const inertia = readNumber(s.inertia, 'model.state.inertia', { min: 0 });
    const nIter = readNumber(s.nIter, 'model.state.nIter', { integer: true, min: 0 });
    const centers = Matrix.alloc(this.rt(), k, nFeatures, dtype);
    centers.data.set(values);
    return { nFeatures, centers, labels, inertia, nIter, converged: s.converged === true };
  }
}
registerEstimator(KMeans);

function centersFrom(rt: Runtime, init: unknown, k: number, d: number, dtype: DType): Matrix {
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
function withAssignScratch<R>(rt: Runtime, k: number, d: number, dtype: DType, fn: (kp: number, ct: number, cn: number, tmp: number) => R): R {
  const kp = kernel(rt.kernels, dtype === 'float32' ? 'kmeans_padded_k_f32' : 'kmeans_padded_k_f64')(k);
  const size = itemSize(dtype);
  const heap = rt.heap;
  const ct = heap.alloc(Math.max(1, d * kp) * size);
  const cn = heap.alloc(kp * size);
  const tmp = heap.alloc(16 * size);
  try {
    return fn(kp, ct, cn, tmp);
  } finally {
    heap.free(ct);
    heap.free(cn);
    heap.free(tmp);
  }
}

/** One Lloyd (or Elkan) run from `init` (consumed: it becomes the run's centers). */
function lloyd(rt: Runtime, X: Matrix, init: Matrix, maxIter: number, tol: number, elkan: boolean): Run {
  const n = X.rows, d = X.cols, k = init.rows;
  const heap = rt.heap;
  const blocks: number[] = [];
  const alloc = (bytes: number) => {
    const p = heap.alloc(Math.max(8, bytes));
    blocks.push(p);
    return p;
  };
  try {
    const labels = alloc(n * 4);
    const prev = alloc(k * d * itemSize(X.dtype));
    const sums = alloc(k * d * 8);
    const counts = alloc(k * 8);
    const taken = alloc(n);
    const info = alloc(16);
    const nIter = elkan
      ? typed(rt.kernels, 'kmeans_elkan', X.dtype)(X.ptr, n, d, k, init.ptr, labels, maxIter, tol, prev, sums, counts, taken, alloc(n * k * 8), alloc(n * 8), alloc(k * k * 8), alloc(k * 8), alloc(k * 8), info)
      : withAssignScratch(rt, k, d, X.dtype, (kp, ct, cn, tmp) =>
          typed(rt.kernels, 'kmeans_lloyd', X.dtype)(X.ptr, n, d, k, kp, init.ptr, labels, maxIter, tol, ct, cn, prev, sums, counts, taken, tmp, info),
        );
    const f64 = heap.f64;
    return { centers: init, labels: heap.i32.slice(labels >>> 2, (labels >>> 2) + n), inertia: f64[(info >>> 3) + 1], nIter, strict: f64[info >>> 3] === 1 };
  } catch (error) {
    init.dispose();
    throw error;
  } finally {
    for (const p of blocks) heap.free(p);
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

/** Euclidean distances of the rows of X to the rows of C (n×k). */
function distances(X: Matrix, C: Matrix): Matrix {
  return pairwiseDistances(X, C, { metric: 'euclidean' });
}
