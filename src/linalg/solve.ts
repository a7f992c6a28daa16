// Square systems through LU with partial pivoting or Cholesky: solve, inv, det, slogdet
// (assembly/factor.ts). Each factors a copy of A once; A itself is never modified.
import { InvalidParameterError, ValidationError } from '../errors.js';
import type { FloatArray } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { checkOptions, convert, describe, type MatrixLike, type NumericArray } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { notPositiveDefinite } from './cholesky.js';
import { answer, epsOf, readRhs, readSquare, release, scratch } from './common.js';

export interface SolveOptions {
  /** 'general' (default): LU with partial pivoting. 'spd': A is symmetric positive definite, Cholesky (half the work). */
  assume?: 'general' | 'spd';
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
 * Throws when U is singular to working precision: an exactly zero pivot, or a pivot at most
 * n·eps times the largest one (the solution would then be dominated by rounding).
 */
function checkNonsingular(lu: LU, name: string): void {
  const n = lu.F.rows;
  const d = lu.F.data;
  let big = 0;
  let small = Infinity;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(d[i * n + i]);
    big = Math.max(big, v);
    if (v < small) { small = v; at = i; }
  }
  if (lu.info >= 0 || small <= n * epsOf(lu.F.dtype) * big) {
    throw new ValidationError(
      `${name}: the matrix is singular${lu.info >= 0 ? '' : ' to working precision'} (pivot ${lu.info >= 0 ? lu.info : at} of its LU factorization is ${lu.info >= 0 ? 'zero' : 'negligible'}), so the system has no unique solution; use wl.linalg.lstsq for a least-squares answer`,
    );
  }
}

/**
 * Solves A·x = b for a square A (n×n). b is n×k (a Matrix or MatrixLike; returns an n×k Matrix)
 * or a vector of n numbers (returns a Float64Array / Float32Array by A's dtype).
 * Throws ShapeError for a non-square A or a b of another length, ValidationError when A is
 * singular (or not positive definite with assume: 'spd').
 */
export function solve(A: MatrixLike, b: NumericArray, options?: SolveOptions): FloatArray;
export function solve(A: MatrixLike, b: MatrixLike, options?: SolveOptions): Matrix;
export function solve(A: MatrixLike, b: MatrixLike | NumericArray, options?: SolveOptions): Matrix | FloatArray {
  const rt = runtime('wl.linalg.solve()');
  const opts = checkOptions(options, ['assume'], 'wl.linalg.solve');
  const assume = opts.assume ?? 'general';
  if (assume !== 'general' && assume !== 'spd') {
    throw new InvalidParameterError(`wl.linalg.solve: assume must be 'general' or 'spd', got ${describe(assume)}`);
  }
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
      typed(rt.kernels, 'chol_solve', dtype)(L.ptr, n, x.ptr, x.cols);
    } else {
      lu = factorLU(rt, a.matrix);
      checkNonsingular(lu, 'A');
      typed(rt.kernels, 'lu_solve', dtype)(lu.F.ptr, n, lu.piv, x.ptr, x.cols);
    }
    const out = answer(x, rhs.vector);
    x = undefined;
    return out;
  } finally {
    release(a, x, L);
    freeLU(rt, lu);
  }
}

/** A⁻¹ (n×n) for a square, nonsingular A (n×n), from its LU factors. ValidationError when A is singular. */
export function inv(A: MatrixLike): Matrix {
  const rt = runtime('wl.linalg.inv()');
  const a = readSquare(rt, A, 'A');
  let X: Matrix | undefined;
  let lu: LU | undefined;
  try {
    const { rows: n, dtype } = a.matrix;
    lu = factorLU(rt, a.matrix);
    checkNonsingular(lu, 'A');
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
