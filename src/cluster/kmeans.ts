// KMeans: scikit-learn's estimator (sklearn.cluster.KMeans, Lloyd's algorithm) with every O(n·k·d)
// loop in Wasm (assembly/kmeans.ts): a whole Lloyd run is one call, a k-means++ seeding step is one
// call per center. TypeScript picks the initial centers, runs the nInit restarts and keeps the best.
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import { InvalidParameterError, ShapeError } from '../errors.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';
import { typed } from '../runtime/kernels.js';
import { checkChoice, checkInt, checkReal, checkSeed, readX, registerEstimator, release, type CommonOptions } from '../base/index.js';
import { clone } from '../core/ops.js';
import { CentroidClusterer, type CentroidState } from './centroids.js';
import { dtypeOf } from './common.js';
import { centersFrom, initialCenters, lloyd, type Run } from './kmeans_kernels.js';

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

interface KMeansState extends CentroidState {
  converged: boolean;
}

/**
 * k-means clustering. `fit(X)` (X: n×d) finds k centers minimizing the inertia Σ‖x − c(x)‖²;
 * `labels`, `clusterCenters` (k×d), `inertia`, `nIter`; `predict(X)` gives the nearest center,
 * `transform(X)` the distances to every center (n×k Matrix).
 */
export class KMeans extends CentroidClusterer<KMeansParams, KMeansState> {
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

