// MiniBatchKMeans: scikit-learn's estimator (Sculley, "Web-scale k-means clustering", 2010, with
// scikit-learn's per-center learning rates, low-count center reassignment and early stopping on the
// smoothed batch inertia). Each step is two Wasm calls: gather the batch rows, then assign them while
// summing the points per center (assembly/kmeans.ts); the O(k·d) center update runs in TypeScript.
import { InvalidParameterError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import { itemSize, type DType } from '../core/dtype.js';
import { take } from '../core/shape.js';
import { clone } from '../core/ops.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';
import { kernel, typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { checkChoice, checkFeatures, checkInt, checkReal, checkSeed, readX, registerEstimator, release, type CommonOptions } from '../base/index.js';
import { dtypeOf } from './common.js';
import { initialCenters, nearest } from './kmeans_kernels.js';
import { CentroidClusterer, type CentroidState } from './centroids.js';

export interface MiniBatchKMeansOptions extends CommonOptions {
  nClusters?: number;
  /** 'k-means++' (default), 'random', or the initial centers (k×d). */
  init?: 'k-means++' | 'random' | number[][];
  /** Passes over the data at most. Default 100. */
  maxIter?: number;
  /** Samples per step. Default 1024. */
  batchSize?: number;
  /** Stop when Σ‖Δcenter‖² ≤ tol · mean column variance; 0 (default) disables it. */
  tol?: number;
  /** Stop after this many steps without a lower smoothed inertia; null disables. Default 10. */
  maxNoImprovement?: number | null;
  /** Samples used to pick the initial centers. Default 3 · batchSize (at least 3 · nClusters). */
  initSize?: number | null;
  /** Initializations tried on initSize samples. 'auto' (default): 3 for 'random', 1 otherwise. */
  nInit?: number | 'auto';
  /** Centers whose sample count is below this fraction of the largest are moved to random batch points. Default 0.01. */
  reassignmentRatio?: number;
  seed?: number;
}

interface Params {
  nClusters: number;
  init: 'k-means++' | 'random' | number[][];
  maxIter: number;
  batchSize: number;
  tol: number;
  maxNoImprovement: number | null;
  initSize: number | null;
  nInit: number | 'auto';
  reassignmentRatio: number;
  seed: number | undefined;
}

interface State extends CentroidState {
  /** Samples each center has absorbed (scikit-learn's _counts). */
  counts: Float64Array;
  nSteps: number;
  /** Samples seen since the last reassignment (partialFit keeps it across calls). */
  sinceReassign: number;
}

/**
 * k-means on mini-batches: far fewer passes over large data than KMeans, at a slightly higher inertia.
 * `partialFit(X)` updates the centers with one batch (streaming data). Attributes as KMeans, plus nSteps.
 */
export class MiniBatchKMeans extends CentroidClusterer<Params, State> {
  static readonly kind = 'MiniBatchKMeans';
  static readonly task = 'clusterer';
  static readonly defaults: Readonly<Params> = {
    nClusters: 8, init: 'k-means++', maxIter: 100, batchSize: 1024, tol: 0, maxNoImprovement: 10, initSize: null, nInit: 'auto', reassignmentRatio: 0.01, seed: undefined,
  };

  constructor(options?: MiniBatchKMeansOptions) {
    super(options);
  }

  protected checkParams(p: Readonly<Params>): void {
    checkInt(p.nClusters, 'MiniBatchKMeans', 'nClusters', 1);
    if (typeof p.init === 'string') checkChoice(p.init, 'MiniBatchKMeans', 'init', ['k-means++', 'random']);
    else if (!Array.isArray(p.init)) throw new InvalidParameterError(`MiniBatchKMeans: option "init" must be 'k-means++', 'random' or the initial centers (number[][], k×d)`);
    checkInt(p.maxIter, 'MiniBatchKMeans', 'maxIter', 1);
    checkInt(p.batchSize, 'MiniBatchKMeans', 'batchSize', 1);
    checkReal(p.tol, 'MiniBatchKMeans', 'tol', { min: 0 });
    if (p.maxNoImprovement !== null) checkInt(p.maxNoImprovement, 'MiniBatchKMeans', 'maxNoImprovement', 0);
    if (p.initSize !== null) checkInt(p.initSize, 'MiniBatchKMeans', 'initSize', 1);
    if (p.nInit !== 'auto') checkInt(p.nInit, 'MiniBatchKMeans', 'nInit', 1);
    checkReal(p.reassignmentRatio, 'MiniBatchKMeans', 'reassignmentRatio', { min: 0 });
    checkSeed(p.seed, 'MiniBatchKMeans');
  }

  fit(X: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X, 'X', dtypeOf(X));
    const gen = new Generator(p.seed);
    let centers: Matrix | undefined;
    try {
      const n = x.matrix.rows, d = x.matrix.cols, k = p.nClusters;
      if (k > n) throw new InvalidParameterError(`MiniBatchKMeans: option "nClusters" (${k}) must be <= the number of samples (${n})`);
      const batch = Math.min(p.batchSize, n);
      const tol = p.tol * (typed(rt.kernels, 'mean_column_variance', x.matrix.dtype)(x.matrix.ptr, n, d) as number);
      centers = this.#init(rt, x.matrix, p, gen, batch);
      const counts = new Float64Array(k);
      const state = { sinceReassign: 0 };
      const steps = Math.floor((p.maxIter * n) / batch);
      let ewa = 0, ewaMin = Infinity, noImprovement = 0, step = 0;
      for (; step < steps; step++) {
        const ids = new Int32Array(batch);
        for (let i = 0; i < batch; i++) ids[i] = gen.int(n);
        const xb = take(x.matrix, ids, { axis: 0 });
        let r: { inertia: number; shift: number };
        try {
          r = miniBatchStep(rt, xb, centers, counts, gen, p.reassignmentRatio, reassignDue(state, counts, batch), tol > 0);
        } finally {
          xb.dispose();
        }
        // scikit-learn's _mini_batch_convergence: the first step is ignored (its inertia is that of the
        // initialization), then an exponentially weighted batch inertia per sample
        if (step === 0) continue;
        const inertia = r.inertia / batch;
        const alpha = Math.min(1, (batch * 2) / (n + 1));
        ewa = step === 1 ? inertia : ewa * (1 - alpha) + inertia * alpha;
        if (tol > 0 && r.shift <= tol) break;
        if (ewa < ewaMin) {
          noImprovement = 0;
          ewaMin = ewa;
        } else noImprovement++;
        if (p.maxNoImprovement !== null && noImprovement >= p.maxNoImprovement) break;
      }
      const nSteps = Math.min(step + 1, steps);
      const { labels, inertia } = nearest(rt, x.matrix, centers);
      const fitted: State = { nFeatures: d, centers, counts, labels, inertia, nSteps, nIter: Math.ceil((nSteps * batch) / n), sinceReassign: state.sinceReassign };
      centers = undefined;
      return this.commit(fitted);
    } finally {
      centers?.dispose();
      gen.dispose();
      release(x);
    }
  }

  /** Updates the centers with one batch X (n×d); the first call initializes them from X. */
  partialFit(X: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const prev = this.isFitted ? this.fitted('partialFit') : undefined;
    const x = readX(rt, X, 'X', prev ? prev.centers.dtype : dtypeOf(X));
    // partialFit draws from the seed once per call: seed + step keeps a seeded stream reproducible
    const gen = new Generator(p.seed === undefined ? undefined : p.seed + (prev?.nSteps ?? 0));
    let centers: Matrix | undefined;
    try {
      const n = x.matrix.rows, k = p.nClusters;
      if (prev) {
        checkFeatures(x.matrix, prev.nFeatures);
        centers = clone(prev.centers);
      } else {
        if (k > n) throw new InvalidParameterError(`MiniBatchKMeans: option "nClusters" (${k}) must be <= the samples of the first partialFit batch (${n})`);
        centers = this.#init(rt, x.matrix, p, gen, Math.min(p.batchSize, n));
      }
      const counts = prev ? prev.counts.slice() : new Float64Array(k);
      const state = { sinceReassign: prev?.sinceReassign ?? 0 };
      miniBatchStep(rt, x.matrix, centers, counts, gen, p.reassignmentRatio, reassignDue(state, counts, Math.min(p.batchSize, n)), false);
      const { labels, inertia } = nearest(rt, x.matrix, centers);
      const nSteps = (prev?.nSteps ?? 0) + 1;
      const fitted: State = { nFeatures: x.matrix.cols, centers, counts, labels, inertia, nSteps, nIter: nSteps, sinceReassign: state.sinceReassign };
      centers = undefined;
      return this.commit(fitted);
    } finally {
      centers?.dispose();
      gen.dispose();
      release(x);
    }
  }

  /** Mini-batch steps taken. */
  get nSteps(): number {
    return this.fitted('nSteps').nSteps;
  }

  /** The best of nInit initializations, each judged by its inertia on a validation batch. */
  #init(rt: Runtime, X: Matrix, p: Readonly<Params>, gen: Generator, batch: number): Matrix {
    const n = X.rows, k = p.nClusters;
    let initSize = p.initSize ?? 3 * batch;
    if (initSize < k) initSize = 3 * k;
    initSize = Math.min(initSize, n);
    const validation = take(X, sample(gen, n, batch), { axis: 0 });
    const nInit = typeof p.init !== 'string' ? 1 : p.nInit === 'auto' ? (p.init === 'random' ? 3 : 1) : p.nInit;
    let best: Matrix | undefined;
    let bestInertia = Infinity;
    try {
      for (let r = 0; r < nInit; r++) {
        const sub = take(X, sample(gen, n, initSize), { axis: 0 });
        let c: Matrix;
        try {
          c = initialCenters(rt, sub, k, p.init, gen);
        } finally {
          sub.dispose();
        }
        const inertia = nearest(rt, validation, c).inertia;
        if (inertia < bestInertia) {
          best?.dispose();
          best = c;
          bestInertia = inertia;
        } else c.dispose();
      }
      return best!;
    } finally {
      validation.dispose();
    }
  }

  protected saveState(s: State): Record<string, unknown> {
    return {
      centers: encodeArray(Float64Array.from(s.centers.data), [s.centers.rows, s.nFeatures]),
      dtype: s.centers.dtype,
      counts: encodeArray(s.counts),
      labels: encodeArray(s.labels),
      inertia: s.inertia,
      nSteps: s.nSteps,
      nIter: s.nIter,
      sinceReassign: s.sinceReassign,
    };
  }

  protected loadState(s: Record<string, unknown>, d: number): State {
    const k = this.getParams().nClusters;
    const values = decodeArray(s.centers, 'model.state.centers', 'float64', [k, d]);
    const counts = decodeArray(s.counts, 'model.state.counts', 'float64', [k]);
    const labels = decodeArray(s.labels, 'model.state.labels', 'int32', [-1]);
    for (const l of labels) if (l < 0 || l >= k) throw new InvalidParameterError(`model.state.labels: a label is outside [0, ${k})`);
    const dtype: DType = s.dtype === 'float32' ? 'float32' : 'float64';
    const inertia = readNumber(s.inertia, 'model.state.inertia', { min: 0 });
    const nSteps = readNumber(s.nSteps, 'model.state.nSteps', { integer: true, min: 0 });
    const nIter = readNumber(s.nIter, 'model.state.nIter', { integer: true, min: 0 });
    const sinceReassign = readNumber(s.sinceReassign, 'model.state.sinceReassign', { integer: true, min: 0 });
    const centers = Matrix.alloc(this.rt(), k, d, dtype);
    centers.data.set(values);
    return { nFeatures: d, centers, counts, labels, inertia, nSteps, nIter, sinceReassign };
  }
}
registerEstimator(MiniBatchKMeans);

/** `m` distinct indices of [0, n), uniformly. */
function sample(gen: Generator, n: number, m: number): Int32Array {
  return gen.permutation(n).subarray(0, m);
}

/**
 * scikit-learn's _random_reassign, asked before each step: reassign once 10·k samples have been seen
 * since the last time, or while a center has absorbed nothing yet (so always at the first step).
 */
function reassignDue(state: { sinceReassign: number }, counts: Float64Array, batch: number): boolean {
  state.sinceReassign += batch;
  if (!(counts.some((v) => v === 0) || state.sinceReassign >= 10 * counts.length)) return false;
  state.sinceReassign = 0;
  return true;
}

/**
 * One mini-batch step on the rows of xb, in place on `centers` and `counts`, as scikit-learn's
 * _mini_batch_step: each center moves to the mean of everything it has absorbed (a per-center learning
 * rate 1/count), then centers with few samples may be moved to random batch points. Returns the
 * batch's inertia against the old centers and the squared center shift.
 */
function miniBatchStep(rt: Runtime, xb: Matrix, centers: Matrix, counts: Float64Array, gen: Generator, ratio: number, reassign: boolean, wantShift: boolean): { inertia: number; shift: number } {
  const k = centers.rows, d = centers.cols, b = xb.rows;
  const heap = rt.heap;
  const sums = heap.alloc(k * d * 8), batchCounts = heap.alloc(k * 8), labels = heap.alloc(b * 4);
  try {
    heap.u8.fill(0, sums, sums + k * d * 8);
    heap.u8.fill(0, batchCounts, batchCounts + k * 8);
    const kp = kernel(rt.kernels, centers.dtype === 'float32' ? 'kmeans_padded_k_f32' : 'kmeans_padded_k_f64')(k);
    const size = itemSize(centers.dtype);
    const ct = heap.alloc(Math.max(1, d * kp) * size), cn = heap.alloc(kp * size), tmp = heap.alloc(32 * size);
    let inertia: number;
    try {
      inertia = typed(rt.kernels, 'kmeans_nearest', xb.dtype)(xb.ptr, b, d, k, kp, centers.ptr, labels, 0, ct, cn, tmp, sums, batchCounts);
    } finally {
      heap.free(ct);
      heap.free(cn);
      heap.free(tmp);
    }
    const f64 = heap.f64;
    const s = f64.subarray(sums >>> 3, (sums >>> 3) + k * d);
    const bc = f64.subarray(batchCounts >>> 3, (batchCounts >>> 3) + k);
    const c = centers.data;
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (bc[j] === 0) continue;
      const total = counts[j] + bc[j];
      for (let p = 0; p < d; p++) {
        const old = c[j * d + p];
        const v = (old * counts[j] + s[j * d + p]) / total;
        c[j * d + p] = v;
        if (wantShift) shift += (v - old) ** 2;
      }
      counts[j] = total;
    }
    // when a reassignment is due, centers that absorbed less than ratio × the largest count move to
    // random points of this batch
    if (reassign && ratio > 0) {
      const top = Math.max(...counts);
      let low = Array.from({ length: k }, (_, j) => j).filter((j) => counts[j] < ratio * top);
      if (low.length > 0.5 * b) low = low.sort((a, bb) => counts[a] - counts[bb]).slice(0, Math.floor(0.5 * b));
      if (low.length > 0) {
        const picks = sample(gen, b, low.length);
        const xs = xb.data;
        const keep = counts.filter((_, j) => !low.includes(j));
        const floor = keep.length ? Math.min(...keep) : 0;
        low.forEach((j, t) => {
          const cj = centers.data;
          for (let p = 0; p < d; p++) cj[j * d + p] = xs[picks[t] * d + p];
          counts[j] = floor;
        });
      }
    }
    return { inertia, shift };
  } finally {
    heap.free(sums);
    heap.free(batchCounts);
    heap.free(labels);
  }
}
