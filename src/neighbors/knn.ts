// k-nearest-neighbour classifier and regressor (scikit-learn's KNeighborsClassifier/Regressor with the
// brute-force algorithm and the Euclidean metric). The training data stays in the Wasm heap, with a
// centred float32 image of it made at fit. Queries go in blocks: a fused float32 pass keeps every
// training row that a proven error bound cannot exclude, then exact float64 distances pick the k
// nearest (assembly/neighbors.ts has the algorithm and the bound's derivation).
import { InvalidParameterError, ModelFormatError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { itemSize, type DType } from '../core/dtype.js';
import { decodeArray, encodeArray } from '../io/format.js';
import { kernel, typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { clone } from '../core/ops.js';
import {
  checkChoice, checkInt, Classifier, classesFromJSON, classesToJSON, decodeLabels, encodeLabels, readTargets, readX,
  registerEstimator, Regressor, release, type Classes, type CommonOptions, type Labels,
} from '../base/index.js';
import { dtypeOf, readFitted } from '../cluster/common.js';

export type Weights = 'uniform' | 'distance';

export interface KNeighborsOptions extends CommonOptions {
  /** Neighbours per query. Default 5. */
  nNeighbors?: number;
  /** 'uniform' (default) or 'distance' (weight 1/d; exact matches take all the weight). */
  weights?: Weights;
}

interface KNNParams {
  nNeighbors: number;
  weights: Weights;
}

interface KNNState extends Prepared {
  nFeatures: number;
  /** n×d training rows. */
  X: Matrix;
  /** Classifier: class codes; regressor: targets (n×k row-major). */
  y: Float64Array;
  k: number;
  classes?: Classes;
  vector?: boolean;
}

/** The neighbours of each query row: indices and distances, q×k row-major. */
export interface Neighbors {
  indices: Int32Array;
  distances: Float64Array;
}

/**
 * The float32 image of the training rows that the candidate pass scans (assembly/neighbors.ts), made
 * once at fit and owned by the model's state: packed (⌈n/8⌉·8 × d float32, strips of 8 rows),
 * low (1 × ⌈n/8⌉·8 float32), norms (1 × n float64), center (1 × d float64), scale s (0: no float32 pass).
 */
interface Prepared {
  packed: Matrix;
  low: Matrix;
  norms: Matrix;
  center: Matrix;
  scale: number;
}

/** A copy of the training rows X and their float32 image, for a fitted state. */
function stored(rt: Runtime, X: Matrix): { X: Matrix } & Prepared {
  const copy = clone(X);
  try {
    return { X: copy, ...prepareTraining(rt, copy) };
  } catch (error) {
    copy.dispose();
    throw error;
  }
}

/** The float32 image of X (n×d); the caller owns the matrices. */
export function prepareTraining(rt: Runtime, X: Matrix): Prepared {
  const n = X.rows, d = X.cols;
  const nPad = Math.ceil(n / 8) * 8;
  const made: Matrix[] = [];
  try {
    const alloc = (r: number, c: number, dtype: DType) => {
      const m = Matrix.alloc(rt, r, c, dtype);
      made.push(m);
      return m;
    };
    const packed = alloc(nPad, d, 'float32'), low = alloc(1, nPad, 'float32');
    const norms = alloc(1, n, 'float64'), center = alloc(1, d, 'float64');
    const scale = typed(rt.kernels, 'knn_prepare_train', X.dtype)(X.ptr, n, d, center.ptr, packed.ptr, norms.ptr, low.ptr);
    return { packed, low, norms, center, scale };
  } catch (error) {
    for (const m of made) m.dispose();
    throw error;
  }
}

/** Queries per block: their float32 rows (4·d bytes each) fill at most 16 KiB of L1, the candidate lists at most 4 MiB. */
function blockRows(q: number, d: number, cap: number): number {
  const byL1 = Math.floor(4096 / Math.max(1, d));
  const byLists = Math.floor((1 << 19) / cap);
  const b = Math.max(4, Math.min(256, byL1, byLists) & ~3);
  return Math.min(b, Math.ceil(q / 4) * 4);
}

/** How many queries took the second pass and the exact full scan since load; for tests. */
export const knnCounters = { queries: 0, secondPasses: 0, exactScans: 0 };

/**
 * The k nearest training rows of every row of Q (same dtype as X), exact (see assembly/neighbors.ts).
 * Queries whose candidate list of 2k + 64 overflows (duplicates tied at the k-th distance) run again
 * with a list 64× longer (at most n), gathered into one matrix; what overflows that too is scanned exactly.
 */
export function kneighbors(rt: Runtime, X: Matrix, prep: Prepared, Q: Matrix, k: number): Neighbors {
  const q = Q.rows;
  const indices = new Int32Array(q * k);
  const distances = new Float64Array(q * k);
  const short = 2 * k + 64;
  const again = pass(rt, X, prep, Q, k, short, prep.scale === 0 || short >= X.rows, indices, distances, null);
  knnCounters.queries += q;
  if (again.length > 0) {
    knnCounters.secondPasses += again.length;
    const d = X.cols, size = itemSize(X.dtype);
    const R = Matrix.alloc(rt, again.length, d, X.dtype);
    try {
      const copy = kernel(rt.kernels, 'copy_bytes');
      again.forEach((i, r) => copy(Q.ptr + i * d * size, R.ptr + r * d * size, d * size));
      pass(rt, X, prep, R, k, Math.min(X.rows, 64 * short), true, indices, distances, again);
    } finally {
      R.dispose();
    }
  }
  return { indices, distances };
}

/**
 * One pass over the queries Q in blocks: float32 candidates with lists of `cap`, exact refinement.
 * Results go to row rows[i] (or i) of indices/distances. With `exact`, overflowing queries get the
 * exact full scan; otherwise their rows are returned for a second pass.
 */
function pass(rt: Runtime, X: Matrix, prep: Prepared, Q: Matrix, k: number, cap: number, exact: boolean, indices: Int32Array, distances: Float64Array, rows: number[] | null): number[] {
  const n = X.rows, d = X.cols, q = Q.rows;
  const dtype: DType = X.dtype;
  const size = itemSize(dtype);
  const heap = rt.heap;
  const b = blockRows(q, d, cap);
  const blocks = heap.blocks(16);
  const alloc = blocks.alloc;
  const overflowed: number[] = [];
  try {
    const work = alloc(kernel(rt.kernels, 'knn_work_bytes')(b, d, k, cap));
    const outIdx = alloc(b * k * 4), outDist = alloc(b * k * 8), over = alloc(b * 4);
    const prepare = typed(rt.kernels, 'knn_prepare_query', dtype);
    const scan = kernel(rt.kernels, 'knn_scan');
    const refine = typed(rt.kernels, 'knn_refine', dtype);
    for (let i0 = 0; i0 < q; i0 += b) {
      const m = Math.min(b, q - i0);
      const nq4 = Math.ceil(m / 4) * 4;
      const qp = Q.ptr + i0 * d * size;
      const approx = prep.scale !== 0;
      prepare(qp, approx ? m : 0, d, prep.center.ptr, prep.scale, work, nq4, k, cap);
      if (approx) scan(work, nq4, k, cap, prep.packed.ptr, prep.low.ptr, prep.norms.ptr, n, d, prep.scale);
      const count = refine(qp, X.ptr, n, d, k, m, work, nq4, cap, outIdx, outDist, exact ? 1 : 0, over);
      if (exact) knnCounters.exactScans += count;
      const skip = new Set<number>();
      if (!exact) for (let t = 0; t < count; t++) skip.add(heap.i32[(over >>> 2) + t]);
      for (let i = 0; i < m; i++) {
        if (skip.has(i)) {
          overflowed.push(i0 + i);
          continue;
        }
        const dst = (rows ? rows[i0 + i] : i0 + i) * k;
        indices.set(heap.i32.subarray((outIdx >>> 2) + i * k, (outIdx >>> 2) + (i + 1) * k), dst);
        distances.set(heap.f64.subarray((outDist >>> 3) + i * k, (outDist >>> 3) + (i + 1) * k), dst);
      }
    }
    return overflowed;
  } finally {
    blocks.free();
  }
}

/** Weights of each neighbour (q×k): 1, or 1/d with exact matches taking all the weight (scikit-learn's _get_weights). */
function neighborWeights(nb: Neighbors, k: number, mode: Weights): Float64Array {
  const w = new Float64Array(nb.distances.length).fill(1);
  if (mode === 'uniform') return w;
  for (let i = 0; i < w.length; i += k) {
    let exact = false;
    for (let j = 0; j < k; j++) if (nb.distances[i + j] === 0) exact = true;
    for (let j = 0; j < k; j++) w[i + j] = exact ? +(nb.distances[i + j] === 0) : 1 / nb.distances[i + j];
  }
  return w;
}

function checkKNN(p: Readonly<KNNParams>, owner: string): void {
  checkInt(p.nNeighbors, owner, 'nNeighbors', 1);
  checkChoice(p.weights, owner, 'weights', ['uniform', 'distance']);
}

function loadKNN(rt: Runtime, s: Record<string, unknown>, d: number, targetsPerRow: number, checkY?: (y: Float64Array) => void): { X: Matrix; y: Float64Array } & Prepared {
  const x = decodeArray(s.X, 'model.state.X', 'float64', [-1, d]);
  const n = x.length / d;
  if (n < 1) throw new ModelFormatError('model.state.X: expected at least one training row');
  const y = decodeArray(s.y, 'model.state.y', 'float64', [n * targetsPerRow]);
  checkY?.(y);
  const dtype: DType = s.dtype === 'float32' ? 'float32' : 'float64';
  const X = Matrix.alloc(rt, n, d, dtype);
  try {
    X.data.set(x);
    return { X, y, ...prepareTraining(rt, X) };
  } catch (error) {
    X.dispose();
    throw error;
  }
}

/**
 * Classifies each query by a (weighted) vote of its k nearest training rows; ties go to the lowest
 * class, as scikit-learn's mode. `predictProba` gives the vote shares (n×classes, rows sum to 1).
 */
export class KNeighborsClassifier extends Classifier<KNNParams, KNNState & { classes: Classes }> {
  static readonly kind = 'KNeighborsClassifier';
  static readonly task = 'classifier';
  static readonly defaults: Readonly<KNNParams> = { nNeighbors: 5, weights: 'uniform' };

  constructor(options?: KNeighborsOptions) {
    super(options);
  }

  protected checkParams(p: Readonly<KNNParams>): void {
    checkKNN(p, 'KNeighborsClassifier');
  }

  /** Stores the training rows X (n×d, n ≥ nNeighbors) and labels y (n). */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X, 'X', dtypeOf(X));
    try {
      const { classes, codes } = encodeLabels(y, x.matrix.rows);
      atLeast(p.nNeighbors, x.matrix.rows, 'KNeighborsClassifier');
      return this.commit({ nFeatures: x.matrix.cols, ...stored(rt, x.matrix), y: Float64Array.from(codes), k: 1, classes });
    } finally {
      release(x);
    }
  }

  /** The nNeighbors nearest training rows of each row of X: indices and Euclidean distances (n×k, nearest first). */
  kneighbors(X: unknown, nNeighbors?: number): Neighbors {
    const s = this.fitted('kneighbors');
    const k = nNeighbors === undefined ? this.getParams().nNeighbors : checkInt(nNeighbors, 'kneighbors', 'nNeighbors', 1);
    return query(this.rt(), s, X, k);
  }

  /** Vote shares per class: a new n×classes Matrix (float64). */
  predictProba(X: unknown): Matrix {
    const { p, nq } = this.#votes(X);
    const m = Matrix.alloc(this.rt(), nq, this.fitted('predictProba').classes.length, 'float64');
    m.data.set(p);
    return m;
  }

  predict(X: unknown): Labels {
    const s = this.fitted('predict');
    const { p, nq } = this.#votes(X);
    const c = s.classes.length;
    const codes = new Int32Array(nq);
    for (let i = 0; i < nq; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (p[i * c + j] > p[i * c + best]) best = j;
      codes[i] = best;
    }
    return decodeLabels(codes, s.classes);
  }

  #votes(X: unknown): { p: Float64Array; nq: number } {
    const s = this.fitted('predict');
    const k = this.getParams().nNeighbors;
    const nb = this.kneighbors(X);
    const w = neighborWeights(nb, k, this.getParams().weights);
    const c = s.classes.length;
    const nq = nb.indices.length / k;
    const p = new Float64Array(nq * c);
    for (let i = 0; i < nq; i++) {
      let total = 0;
      for (let j = 0; j < k; j++) {
        p[i * c + s.y[nb.indices[i * k + j]]] += w[i * k + j];
        total += w[i * k + j];
      }
      for (let j = 0; j < c; j++) p[i * c + j] /= total;
    }
    return { p, nq };
  }

  protected saveState(s: KNNState & { classes: Classes }): Record<string, unknown> {
    return { X: encodeArray(Float64Array.from(s.X.data), [s.X.rows, s.nFeatures]), dtype: s.X.dtype, y: encodeArray(s.y), classes: classesToJSON(s.classes) };
  }

  protected loadState(s: Record<string, unknown>, d: number): KNNState & { classes: Classes } {
    const classes = classesFromJSON(s.classes, 'model.state.classes');
    const stored = loadKNN(this.rt(), s, d, 1, (y) => {
      if (!y.every((v) => Number.isInteger(v) && v >= 0 && v < classes.length)) throw new ModelFormatError('model.state.y: expected class codes in [0, classes)');
    });
    return { nFeatures: d, ...stored, k: 1, classes };
  }
}
registerEstimator(KNeighborsClassifier);

/** Predicts the (weighted) mean target of the k nearest training rows. */
export class KNeighborsRegressor extends Regressor<KNNParams, KNNState> {
  static readonly kind = 'KNeighborsRegressor';
  static readonly task = 'regressor';
  static readonly defaults: Readonly<KNNParams> = { nNeighbors: 5, weights: 'uniform' };

  constructor(options?: KNeighborsOptions) {
    super(options);
  }

  protected checkParams(p: Readonly<KNNParams>): void {
    checkKNN(p, 'KNeighborsRegressor');
  }

  /** Stores X (n×d) and the targets y (n, or n×k). */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X, 'X', dtypeOf(X));
    try {
      const t = readTargets(y, x.matrix.rows);
      atLeast(p.nNeighbors, x.matrix.rows, 'KNeighborsRegressor');
      return this.commit({ nFeatures: x.matrix.cols, ...stored(rt, x.matrix), y: t.values, k: t.k, vector: t.vector });
    } finally {
      release(x);
    }
  }

  kneighbors(X: unknown, nNeighbors?: number): Neighbors {
    const s = this.fitted('kneighbors');
    const k = nNeighbors === undefined ? this.getParams().nNeighbors : checkInt(nNeighbors, 'kneighbors', 'nNeighbors', 1);
    return query(this.rt(), s, X, k);
  }

  predict(X: unknown): Float64Array {
    const s = this.fitted('predict');
    const k = this.getParams().nNeighbors;
    const nb = this.kneighbors(X);
    const w = neighborWeights(nb, k, this.getParams().weights);
    const t = s.k;
    const nq = nb.indices.length / k;
    const out = new Float64Array(nq * t);
    for (let i = 0; i < nq; i++) {
      let total = 0;
      for (let j = 0; j < k; j++) {
        const row = nb.indices[i * k + j];
        const wj = w[i * k + j];
        total += wj;
        for (let c = 0; c < t; c++) out[i * t + c] += wj * s.y[row * t + c];
      }
      for (let c = 0; c < t; c++) out[i * t + c] /= total;
    }
    return out;
  }

  protected saveState(s: KNNState): Record<string, unknown> {
    return { X: encodeArray(Float64Array.from(s.X.data), [s.X.rows, s.nFeatures]), dtype: s.X.dtype, y: encodeArray(s.y), k: s.k, vector: !!s.vector };
  }

  protected loadState(s: Record<string, unknown>, d: number): KNNState {
    const k = s.k;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 1 << 16) throw new ModelFormatError('model.state.k: expected a positive integer');
    return { nFeatures: d, ...loadKNN(this.rt(), s, d, k), k, vector: s.vector === true };
  }
}
registerEstimator(KNeighborsRegressor);

function atLeast(k: number, n: number, owner: string): void {
  if (k > n) throw new InvalidParameterError(`${owner}: option "nNeighbors" (${k}) must be <= the number of training samples (${n})`);
}

/** The neighbours of the rows of X among the training rows of a fitted state. */
function query(rt: Runtime, s: KNNState, X: unknown, k: number): Neighbors {
  atLeast(k, s.X.rows, 'kneighbors');
  const x = readFitted(rt, X, s.nFeatures, s.X.dtype);
  try {
    return kneighbors(rt, s.X, s, x.matrix, k);
  } finally {
    release(x);
  }
}
