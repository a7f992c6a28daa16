// Linear least squares min ‖A·x − b‖₂, numpy.linalg.lstsq's semantics (the rank is decided by the
// singular values against rcond): Householder QR (of A for tall A, of Aᵀ for wide A) when a
// condition estimate of R proves A far from rank-deficient, the SVD (minimum-norm solution) otherwise.
import type { FloatArray } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { checkNumber, checkOptions, type MatrixLike, type NumericArray } from '../core/validate.js';
import { InvalidParameterError } from '../errors.js';
import { kernel, typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { answer, epsOf, readMatrix, readRhs, release, scratch } from './common.js';
import { matmul } from './matmul.js';
import { svd } from './svd.js';

export interface LstsqOptions {
  /**
   * Relative cutoff for small singular values: those ≤ rcond·s_max count as zero (they set the
   * rank). Default eps·max(m, n) with the dtype's eps, numpy's default.
   */
  rcond?: number;
}

export interface LstsqResult<X> {
  /** The solution: n×k (a Matrix), or n values when b was a vector. The minimum-norm one when A is rank-deficient. */
  x: X;
  /** Σ of squared residuals per column of b (k values) when rank = n < m; empty otherwise (as numpy). */
  residuals: FloatArray;
  /** Effective rank of A. */
  rank: number;
  /** Singular values of A, descending, when the SVD path ran (A not provably of full rank by its QR factor). */
  s?: FloatArray;
}

const TRSM_UPPER = 2;
const TRSM_UPPER_T = 4;
const EST_UPPER = 2;

/**
 * Least-squares solution of A·x ≈ b for A (m×n) and b (m×k, or a vector of m values): the x that
 * minimizes ‖A·x − b‖₂, and among those the one of least norm. The rank is numpy's: the number
 * of singular values above rcond·s_max. Householder QR of A (tall) or Aᵀ (wide) solves it when
 * an estimate of R's condition number shows that no singular value can be that small; otherwise
 * the SVD does, x = V·diag(1/s)·Uᵀ·b over the singular values above rcond·s_max. (The diagonal of
 * an unpivoted R does not reveal the rank: the Kahan matrix has |R_ii| ≥ 1e-3 and σ_min = 9e-17.)
 */
export function lstsq(A: MatrixLike, b: NumericArray, options?: LstsqOptions): LstsqResult<FloatArray>;
export function lstsq(A: MatrixLike, b: MatrixLike, options?: LstsqOptions): LstsqResult<Matrix>;
export function lstsq(A: MatrixLike, b: MatrixLike | NumericArray, options?: LstsqOptions): LstsqResult<Matrix | FloatArray> {
  const rt = runtime('wl.linalg.lstsq()');
  const opts = checkOptions(options, ['rcond'], 'wl.linalg.lstsq');
  if (opts.rcond !== undefined && !(checkNumber(opts.rcond, 'wl.linalg.lstsq: rcond') >= 0)) {
    throw new InvalidParameterError(`wl.linalg.lstsq: rcond must be >= 0, got ${opts.rcond}`); // before A is copied
  }
  const a = readMatrix(rt, A, 'A');
  let B: Matrix | undefined;
  try {
    const { rows: m, cols: n, dtype } = a.matrix;
    let rcond = epsOf(dtype) * Math.max(m, n);
    if (opts.rcond !== undefined) {
      rcond = checkNumber(opts.rcond, 'wl.linalg.lstsq: rcond');
      if (rcond < 0) throw new InvalidParameterError(`wl.linalg.lstsq: rcond must be >= 0, got ${rcond}`);
    }
    const rhs = readRhs(rt, b, 'b', dtype, m);
    B = rhs.matrix;
    const result = byQR(rt, a.matrix, B, rcond) ?? bySVD(rt, a.matrix, B, rcond);
    return { ...result, x: answer(result.x, rhs.vector) };
  } finally {
    release(a, B);
  }
}

type Partial = { x: Matrix; residuals: FloatArray; rank: number; s?: FloatArray };

/**
 * QR path; undefined when R's diagonal says A is (numerically) rank-deficient. Overwrites B.
 * Tall A = Q·R: x = R⁻¹·(Qᵀb)[:n]. Wide A, through Aᵀ = Q·R: x = Q·R⁻ᵀ·b, which lies in the row
 * space of A and so is the minimum-norm solution.
 */
function byQR(rt: Runtime, A: Matrix, B: Matrix, rcond: number): Partial | undefined {
  const { rows: m, cols: n, dtype } = A;
  const k = B.cols;
  const tall = m >= n;
  const [M, N] = tall ? [m, n] : [n, m]; // F = A or Aᵀ, M×N with M ≥ N
  const bytes = dtype === 'float32' ? 4 : 8;
  let F: Matrix | undefined;
  let tau = 0;
  let w = 0;
  try {
    F = Matrix.alloc(rt, M, N, dtype);
    if (tall) kernel(rt.kernels, 'copy_bytes')(A.ptr, F.ptr, A.size * bytes);
    else typed(rt.kernels, 'transpose', dtype)(A.ptr, F.ptr, m, n);
    tau = scratch(rt, N, dtype);
    w = scratch(rt, Math.max(kernel(rt.kernels, 'qr_work_size')(N), k), dtype);
    typed(rt.kernels, 'qr', dtype)(F.ptr, M, N, tau, w);
    // σ_max/σ_min = κ₂(R) ≤ N·κ₁(R), and the 1-norm estimate (LAPACK trcon; a lower bound of κ₁)
    // is within 3× in practice: 10·N·κ₁-estimate < 1/rcond leaves σ_min > rcond·σ_max with margin.
    const rc = typed(rt.kernels, 'rcond', dtype)(EST_UPPER, F.ptr, N, 0, -1, w);
    if (!(rc > 10 * N * rcond)) return undefined;
    const x = Matrix.alloc(rt, n, k, dtype);
    if (tall) {
      typed(rt.kernels, 'qr_apply_qt', dtype)(F.ptr, M, N, tau, N, B.ptr, k, w);
      // ‖b − A·x‖² = ‖(Qᵀb)[n:m]‖², column by column
      const residuals = dtype === 'float32' ? new Float32Array(m > n ? k : 0) : new Float64Array(m > n ? k : 0);
      const bd = B.data;
      for (let i = n; i < m; i++) for (let j = 0; j < k; j++) residuals[j] += bd[i * k + j] ** 2;
      typed(rt.kernels, 'trsm', dtype)(TRSM_UPPER, F.ptr, n, B.ptr, k);
      kernel(rt.kernels, 'copy_bytes')(B.ptr, x.ptr, n * k * bytes);
      return { x, residuals, rank: n };
    }
    typed(rt.kernels, 'trsm', dtype)(TRSM_UPPER_T, F.ptr, m, B.ptr, k);
    typed(rt.kernels, 'fill', dtype)(x.ptr, 0, n * k);
    kernel(rt.kernels, 'copy_bytes')(B.ptr, x.ptr, m * k * bytes);
    typed(rt.kernels, 'qr_apply_q', dtype)(F.ptr, M, N, tau, N, x.ptr, k, w);
    return { x, residuals: dtype === 'float32' ? new Float32Array(0) : new Float64Array(0), rank: m };
  } finally {
    release(F);
    rt.heap.free(tau);
    rt.heap.free(w);
  }
}

/** SVD path: x = Vtᵀ·diag(1/s)·Uᵀ·b over the kept singular values, the minimum-norm least-squares solution. */
function bySVD(rt: Runtime, A: Matrix, B: Matrix, rcond: number): Partial {
  const { rows: m, cols: n, dtype } = A;
  const k = B.cols;
  const { U, s, Vt } = svd(A);
  let C: Matrix | undefined;
  let AX: Matrix | undefined;
  let d = 0;
  try {
    const r = s.length;
    const cut = rcond * (r > 0 ? s[0] : 0);
    let rank = 0;
    while (rank < r && s[rank] > cut) rank++;
    C = matmul(U, B, { transA: true });
    d = scratch(rt, r, dtype);
    (dtype === 'float32' ? rt.heap.f32 : rt.heap.f64).set(s, d >>> (dtype === 'float32' ? 2 : 3));
    // rows divided by s (not multiplied by 1/s, which overflows for a subnormal s)
    typed(rt.kernels, 'div_rows', dtype)(C.ptr, r, k, d, rank);
    const x = matmul(Vt, C, { transA: true });
    // numpy reports Σ of squared residuals only when rank = n < m
    const count = rank === n && m > n ? k : 0;
    const residuals = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
    if (count > 0) {
      AX = matmul(A, x);
      const ax = AX.data;
      const b = B.data;
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) residuals[j] += (b[i * k + j] - ax[i * k + j]) ** 2;
    }
    return { x, residuals, rank, s };
  } finally {
    release(U, Vt, C, AX);
    rt.heap.free(d);
  }
}
