// Square systems through LU with partial pivoting or Cholesky: solve, inv, det, slogdet
// (assembly/factor.ts). Each factors a copy of A once; A itself is never modified.
import { InvalidParameterError, ValidationError } from '../errors.js';
import type { DType, FloatArray, TypedArrayOf } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { checkOptions, convert, describe, type MatrixLike, type NumericArray } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { notPositiveDefinite } from './cholesky.js';
import { answer, epsOf, readRhs, readSquare, release, scratch } from './common.js';

/**
 * Called when A is ill-conditioned: its estimated reciprocal condition number (as `rcond(A)`)
 * is below the dtype's machine epsilon, so the result may have no correct digits (SciPy's
 * LinAlgWarning criterion). The result is returned all the same.
 */
export type IllConditionedCallback = (message: string, rcond: number) => void;

export interface SolveOptions {
  /** 'general' (default): LU with partial pivoting. 'spd': A is symmetric positive definite, Cholesky (half the work). */
  assume?: 'general' | 'spd';
  /**
   * When set, the condition of A is estimated (LAPACK gecon / pocon: a few extra triangular
   * solves, O(n²)) and the callback runs if A is ill-conditioned. Without it, nothing is estimated.
   */
  onWarning?: IllConditionedCallback;
}

export interface InvOptions {
  /** As SolveOptions.onWarning. */
  onWarning?: IllConditionedCallback;
}

/** LU factors of a square matrix: F holds L\U, piv the row swaps (i32), info the first zero pivot or -1. */
interface LU {
  F: Matrix;
  piv: number;
  info: number;
}

function factorLU(rt: Runtime, A: Matrix): LU {
  const F = convert(rt, A, A.dtype);
  let piv = 0;
  try {
    piv = scratch(rt, A.rows, 'int32');
    const info = typed(rt.kernels, 'lu', A.dtype)(F.ptr, A.rows, piv);
    return { F, piv, info };
  } catch (error) {
    F.dispose();
    rt.heap.free(piv);
    throw error;
  }
}

function freeLU(rt: Runtime, lu: LU | undefined): void {
  if (!lu) return;
  lu.F.dispose();
  rt.heap.free(lu.piv);
}

/**
 * Throws when U has an exactly zero pivot. A tiny pivot is not refused: as LAPACK getrs, the solve
 * goes ahead (diag(1e-20, 1) is solved to full accuracy); conditioning is rcond()'s business.
 */
function checkNonsingular(lu: LU, name: string): void {
  if (lu.info >= 0) {
    throw new ValidationError(
      `${name}: the matrix is singular (pivot ${lu.info} of its LU factorization is zero), so the system has no unique solution; use wl.linalg.lstsq for a least-squares answer`,
    );
  }
}

function parseOnWarning(value: unknown, where: string): IllConditionedCallback | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new InvalidParameterError(`${where}: option "onWarning" must be a function, got ${describe(value)}`);
  return value as IllConditionedCallback;
}

/** ‖A‖₁: the largest column sum of |a|. */
function norm1(rt: Runtime, A: Matrix): number {
  const n = A.cols;
  const sums = scratch(rt, n, A.dtype);
  try {
    typed(rt.kernels, 'abs_col_sums', A.dtype)(A.ptr, A.rows, n, sums);
    const v = A.dtype === 'float32' ? rt.heap.f32.subarray(sums >>> 2, (sums >>> 2) + n) : rt.heap.f64.subarray(sums >>> 3, (sums >>> 3) + n);
    let best = 0;
    for (let i = 0; i < n; i++) best = Math.max(best, v[i]);
    return best;
  } finally {
    rt.heap.free(sums);
  }
}

const EST_LU = 0;
const EST_CHOL = 1;

/** The reciprocal 1-norm condition estimate from factors of A (kind EST_LU with piv, or EST_CHOL). */
function estimate(rt: Runtime, A: Matrix, F: Matrix, kind: number, piv: number): number {
  const anorm = norm1(rt, A);
  const work = scratch(rt, 2 * A.rows, A.dtype);
  try {
    return typed(rt.kernels, 'rcond', A.dtype)(kind, F.ptr, A.rows, piv, anorm, work);
  } finally {
    rt.heap.free(work);
  }
}

function warnIfIllConditioned(onWarning: IllConditionedCallback | undefined, rc: () => number, dtype: Matrix['dtype'], where: string): void {
  if (!onWarning) return;
  const r = rc();
  const eps = epsOf(dtype);
  if (r < eps) onWarning(`${where}: A is ill-conditioned (estimated reciprocal condition number ${r.toPrecision(3)} < eps = ${eps.toPrecision(3)}); the result may be inaccurate`, r);
}

/**
 * An estimate of the reciprocal condition number of a square A (n×n) in the 1-norm,
 * 1 / (‖A‖₁·‖A⁻¹‖₁), as LAPACK dgecon (and SciPy's solve) compute it: ‖A⁻¹‖₁ by Hager and
 * Higham's estimator from the LU factors (O(n²) after the factorization; the estimate of ‖A⁻¹‖₁
 * is a lower bound, almost always within a factor of 3). 0 for an exactly singular A; near the
 * dtype's eps or below, solutions with A have few or no correct digits. numpy.linalg.cond(A, 1)
 * is its exact reciprocal.
 */
export function rcond(A: MatrixLike): number {
  const rt = runtime('wl.linalg.rcond()');
  const a = readSquare(rt, A, 'A');
  let lu: LU | undefined;
  try {
    if (a.matrix.rows === 0) return Infinity;
    lu = factorLU(rt, a.matrix);
    if (lu.info >= 0) return 0;
    return estimate(rt, a.matrix, lu.F, EST_LU, lu.piv);
  } finally {
    release(a);
    freeLU(rt, lu);
  }
}

/**
 * Solves A·x = b for a square A (n×n). b is n×k (a Matrix or MatrixLike; returns an n×k Matrix)
 * or a vector of n numbers (returns a Float64Array / Float32Array by A's dtype).
 * Throws ShapeError for a non-square A or a b of another length, ValidationError when A is
 * exactly singular (a zero pivot; tiny pivots are solved through, as LAPACK does) or not positive
 * definite with assume: 'spd'.
 */
export function solve<D extends DType>(A: Matrix<D>, b: NumericArray, options?: SolveOptions): TypedArrayOf<D>;
export function solve<D extends DType>(A: Matrix<D>, b: MatrixLike, options?: SolveOptions): Matrix<D>;
export function solve(A: number[][], b: NumericArray, options?: SolveOptions): Float64Array;
export function solve(A: number[][], b: MatrixLike, options?: SolveOptions): Matrix<'float64'>;
export function solve(A: MatrixLike, b: NumericArray, options?: SolveOptions): FloatArray;
export function solve(A: MatrixLike, b: MatrixLike, options?: SolveOptions): Matrix;
export function solve(A: MatrixLike, b: MatrixLike | NumericArray, options?: SolveOptions): Matrix | FloatArray {
  const rt = runtime('wl.linalg.solve()');
  const opts = checkOptions(options, ['assume', 'onWarning'], 'wl.linalg.solve');
  const assume = opts.assume === undefined ? 'general' : opts.assume;
  if (assume !== 'general' && assume !== 'spd') {
    throw new InvalidParameterError(`wl.linalg.solve: assume must be 'general' or 'spd', got ${describe(assume)}`);
  }
  const onWarning = parseOnWarning(opts.onWarning, 'wl.linalg.solve');
  const a = readSquare(rt, A, 'A');
  let x: Matrix | undefined;
  let lu: LU | undefined;
  let L: Matrix | undefined;
  try {
    const { rows: n, dtype } = a.matrix;
    const rhs = readRhs(rt, b, 'b', dtype, n);
    x = rhs.matrix;
    if (assume === 'spd') {
      L = convert(rt, a.matrix, dtype);
      const info = typed(rt.kernels, 'cholesky', dtype)(L.ptr, n);
      if (info >= 0) throw notPositiveDefinite('A', info);
      const F = L;
      warnIfIllConditioned(onWarning, () => estimate(rt, a.matrix, F, EST_CHOL, 0), dtype, 'wl.linalg.solve');
      typed(rt.kernels, 'chol_solve', dtype)(L.ptr, n, x.ptr, x.cols);
    } else {
      const f = (lu = factorLU(rt, a.matrix));
      checkNonsingular(f, 'A');
      warnIfIllConditioned(onWarning, () => estimate(rt, a.matrix, f.F, EST_LU, f.piv), dtype, 'wl.linalg.solve');
      typed(rt.kernels, 'lu_solve', dtype)(f.F.ptr, n, f.piv, x.ptr, x.cols);
    }
    const out = answer(x, rhs.vector);
    x = undefined;
    return out;
  } finally {
    release(a, x, L);
    freeLU(rt, lu);
  }
}

/**
 * A⁻¹ (n×n) for a square, nonsingular A (n×n), from its LU factors. ValidationError when A is
 * exactly singular (a zero pivot); `onWarning` as in solve.
 */
export function inv<D extends DType>(A: Matrix<D>, options?: InvOptions): Matrix<D>;
export function inv(A: number[][], options?: InvOptions): Matrix<'float64'>;
export function inv(A: MatrixLike, options?: InvOptions): Matrix;
export function inv(A: MatrixLike, options?: InvOptions): Matrix {
  const rt = runtime('wl.linalg.inv()');
  const onWarning = parseOnWarning(checkOptions(options, ['onWarning'], 'wl.linalg.inv').onWarning, 'wl.linalg.inv');
  const a = readSquare(rt, A, 'A');
  let X: Matrix | undefined;
  let lu: LU | undefined;
  try {
    const { rows: n, dtype } = a.matrix;
    const f = (lu = factorLU(rt, a.matrix));
    checkNonsingular(f, 'A');
    warnIfIllConditioned(onWarning, () => estimate(rt, a.matrix, f.F, EST_LU, f.piv), dtype, 'wl.linalg.inv');
    X = Matrix.alloc(rt, n, n, dtype);
    typed(rt.kernels, 'lu_inv', dtype)(lu.F.ptr, n, lu.piv, X.ptr);
    const out = X;
    X = undefined;
    return out;
  } finally {
    release(a, X);
    freeLU(rt, lu);
  }
}

/** sign and log|det| from the LU factors (sign 0 and -Infinity for a singular A). */
function logdet(rt: Runtime, lu: LU): { sign: number; logabsdet: number } {
  const n = lu.F.rows;
  if (lu.info >= 0) return { sign: 0, logabsdet: -Infinity };
  const d = lu.F.data;
  const piv = rt.heap.i32.subarray(lu.piv >>> 2, (lu.piv >>> 2) + n);
  let sign = 1;
  let log = 0;
  for (let i = 0; i < n; i++) {
    const u = d[i * n + i];
    if (u < 0) sign = -sign;
    if (piv[i] !== i) sign = -sign; // each row swap flips the sign
    log += Math.log(Math.abs(u));
  }
  return { sign, logabsdet: log };
}

/**
 * det(A) for a square A (n×n), from the LU factors: the product of U's diagonal, negated once per
 * row swap. Computed as a product, so it over/underflows only when the determinant itself does;
 * see slogdet for determinants beyond the float64 range.
 */
export function det(A: MatrixLike): number {
  const rt = runtime('wl.linalg.det()');
  const a = readSquare(rt, A, 'A');
  let lu: LU | undefined;
  try {
    lu = factorLU(rt, a.matrix);
    if (lu.info >= 0) return 0;
    const n = lu.F.rows;
    const d = lu.F.data;
    const piv = rt.heap.i32.subarray(lu.piv >>> 2, (lu.piv >>> 2) + n);
    let p = 1;
    for (let i = 0; i < n; i++) {
      p *= d[i * n + i];
      if (piv[i] !== i) p = -p;
    }
    // an intermediate over/underflow with a representable result: fall back to the log-sum
    if (!Number.isFinite(p) || p === 0) {
      const { sign, logabsdet } = logdet(rt, lu);
      return sign * Math.exp(logabsdet);
    }
    return p;
  } finally {
    release(a);
    freeLU(rt, lu);
  }
}

/**
 * sign and natural log of |det(A)| for a square A (n×n), like numpy.linalg.slogdet: det(A) =
 * sign·exp(logabsdet) without overflow. A singular A gives { sign: 0, logabsdet: -Infinity }.
 */
export function slogdet(A: MatrixLike): { sign: number; logabsdet: number } {
  const rt = runtime('wl.linalg.slogdet()');
  const a = readSquare(rt, A, 'A');
  let lu: LU | undefined;
  try {
    lu = factorLU(rt, a.matrix);
    return logdet(rt, lu);
  } finally {
    release(a);
    freeLU(rt, lu);
  }
}
