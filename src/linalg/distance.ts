// Pairwise distances between rows. Squared Euclidean, Euclidean and cosine go through the packed
// GEMM (or SYRK when Y is omitted) for the inner products and a finishing kernel; Manhattan has its
// own kernel (assembly/distance.ts). Inputs whose squares would overflow or underflow are scaled by
// a power of two first (exact) and the distances unscaled after.
import { InvalidParameterError, ShapeError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { asMatrix, checkOptions, describe, type MatrixLike } from '../core/validate.js';
import { itemSize } from '../core/dtype.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { commonDType, gemmInto, syrk } from './matmul.js';

export type DistanceMetric = 'sqeuclidean' | 'euclidean' | 'manhattan' | 'cosine';
const METRICS: readonly DistanceMetric[] = ['sqeuclidean', 'euclidean', 'manhattan', 'cosine'];

export interface PairwiseOptions {
  /** Default 'euclidean'. Cosine distance is 1 − cos(x, y); a zero row has similarity 0 to everything. */
  metric?: DistanceMetric;
}

/**
 * Distances between every row of X (n×d) and every row of Y (m×d) → n×m Matrix; without Y,
 * between the rows of X (n×n, exactly symmetric with a zero diagonal). Euclidean forms use
 * ‖x‖² + ‖y‖² − 2x·y (clamped at 0), which loses relative accuracy for nearly equal rows in float32.
 * Entries as large as 1e308 or as small as subnormals give finite, correct distances (the squared
 * Euclidean distance is Infinity only when it is itself beyond the float range).
 */
export function pairwiseDistances(X: MatrixLike, Y?: MatrixLike | null, options?: PairwiseOptions): Matrix;
/** Distances between the rows of X (n×n): `pairwiseDistances(X, { metric })`. */
export function pairwiseDistances(X: MatrixLike, options?: PairwiseOptions): Matrix;
export function pairwiseDistances(X: MatrixLike, Y?: MatrixLike | PairwiseOptions | null, options?: PairwiseOptions): Matrix {
  const rt = runtime('wl.linalg.pairwiseDistances()');
  if (options === undefined && isOptions(Y)) {
    options = Y;
    Y = undefined;
  }
  const opts = checkOptions(options, ['metric'], 'wl.linalg.pairwiseDistances');
  const metric = (opts.metric ?? 'euclidean') as DistanceMetric;
  if (!METRICS.includes(metric)) {
    throw new InvalidParameterError(`metric: expected one of ${METRICS.map((m) => `'${m}'`).join(', ')}, got ${describe(opts.metric)}`);
  }
  const self = Y === undefined || Y === null;
  const owned: Matrix[] = [];
  const temps: number[] = [];
  try {
    const dtype = commonDType(X, self ? undefined : Y, 'X', 'Y');
    const xs = asMatrix(rt, X, 'X', dtype);
    if (xs.owned) owned.push(xs.matrix);
    let x = xs.matrix;
    let y = x;
    if (!self) {
      const ys = asMatrix(rt, Y, 'Y', dtype);
      if (ys.owned) owned.push(ys.matrix);
      y = ys.matrix;
      if (y.cols !== x.cols) throw new ShapeError(`Y: expected ${x.cols} columns (like X, ${x.rows}×${x.cols}), got ${y.rows}×${y.cols}`);
    }
    const n = x.rows, m = y.rows, d = x.cols;
    const k = rt.kernels;
    if (metric === 'manhattan') {
      const out = Matrix.alloc(rt, n, m, dtype);
      typed(k, 'manhattan', dtype)(x.ptr, y.ptr, n, m, d, out.ptr);
      if (self) typed(k, 'mirror_lower', dtype)(out.ptr, n);
      return out;
    }
    // ‖x‖² and x·y overflow past |x| ≈ 1e154 (float64) / 1e19 (float32) and underflow below the
    // reciprocals: then work on copies scaled by a power of two (exact) and unscale the distances.
    const sc = rangeScale(rt, dtype, self ? [x] : [x, y]);
    if (sc !== 1) {
      const xs2 = scaledCopy(rt, x, sc);
      owned.push(xs2);
      if (!self) {
        const ys2 = scaledCopy(rt, y, sc);
        owned.push(ys2);
        y = ys2;
      } else y = xs2;
      x = xs2;
    }
    const size = itemSize(dtype);
    const norms = metric === 'cosine' ? 'row_inv_norms' : 'row_sqnorms';
    const xn = rt.heap.alloc(n * size);
    temps.push(xn);
    typed(k, norms, dtype)(x.ptr, n, d, xn);
    let yn = xn;
    if (!self) {
      yn = rt.heap.alloc(m * size);
      temps.push(yn);
      typed(k, norms, dtype)(y.ptr, m, d, yn);
    }
    const alpha = metric === 'cosine' ? 1 : -2;
    let out: Matrix;
    if (self) {
      out = syrk(rt, x, true, alpha);
    } else {
      out = Matrix.alloc(rt, n, m, dtype);
      try {
        gemmInto(rt, x, y, out, false, true, alpha, 0);
      } catch (error) {
        out.dispose();
        throw error;
      }
    }
    if (metric === 'cosine') typed(k, 'cosdist_finish', dtype)(out.ptr, xn, yn, n, m, +self);
    else typed(k, 'sqdist_finish', dtype)(out.ptr, xn, yn, n, m, +(metric === 'euclidean'), +self);
    // distances scale with sc, squared distances with sc² (cosine is scale-free)
    if (sc !== 1 && metric !== 'cosine') scaleInPlace(rt, out, 1 / sc, metric === 'sqeuclidean' ? 2 : 1);
    return out;
  } finally {
    for (const p of temps) rt.heap.free(p);
    for (const mtx of owned) mtx.dispose();
  }
}

/** A plain object that is not matrix data ({ data, rows, cols }): the options in second position. */
function isOptions(v: unknown): v is PairwiseOptions {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Matrix) && !ArrayBuffer.isView(v) && !('data' in v);
}

/** Largest |value| beyond which, or smallest below which, squares are unsafe: 2^±500 (float64), 2^±60 (float32). */
const SAFE_EXP = { float64: 500, float32: 60 } as const;

/**
 * 1 when the entries of `mats` are in the safe range; otherwise the power of two that brings their
 * largest |value| to [1, 2) (capped so that it is itself a float of the dtype).
 */
function rangeScale(rt: Runtime, dtype: Matrix['dtype'], mats: Matrix[]): number {
  let amax = 0;
  for (const M of mats) {
    if (M.size === 0) continue;
    amax = Math.max(amax, typed(rt.kernels, 'max', dtype)(M.ptr, M.size), -typed(rt.kernels, 'min', dtype)(M.ptr, M.size));
  }
  const lim = SAFE_EXP[dtype];
  if (amax === 0 || (amax <= 2 ** lim && amax >= 2 ** -lim)) return 1;
  const e = Math.floor(Math.log2(amax));
  return 2 ** Math.min(-e, dtype === 'float32' ? 100 : 1000);
}

function scaledCopy(rt: Runtime, M: Matrix, sc: number): Matrix {
  const out = Matrix.alloc(rt, M.rows, M.cols, M.dtype);
  typed(rt.kernels, 'scale', M.dtype)(M.ptr, sc, out.ptr, M.size);
  return out;
}

/** M ← M·f^times, in steps of at most 2^60 so that every factor is a float32 as well. */
function scaleInPlace(rt: Runtime, M: Matrix, f: number, times: number): void {
  const e = Math.round(Math.log2(f)) * times;
  for (let left = e; left !== 0; ) {
    const step = Math.max(-60, Math.min(60, left));
    typed(rt.kernels, 'scale', M.dtype)(M.ptr, 2 ** step, M.ptr, M.size);
    left -= step;
  }
}
