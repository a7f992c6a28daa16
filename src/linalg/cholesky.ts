// Cholesky factorization S = L·Lᵀ of a symmetric positive definite matrix (assembly/factor.ts).
import type { DType } from '../core/dtype.js';
import { ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { convert, type MatrixLike } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import { readSquare, release } from './common.js';

/** The error for a failed Cholesky step `k` of the matrix called `name`. */
export function notPositiveDefinite(name: string, k: number): ValidationError {
  return new ValidationError(
    `${name}: the matrix is not positive definite (its leading ${k + 1}×${k + 1} minor is not positive), so it has no Cholesky factor; ` +
      `solve it with assume: 'general' or check that it is symmetric positive definite`,
  );
}

/**
 * The Cholesky factor of a symmetric positive definite S (n×n): L (n×n, lower triangular, positive
 * diagonal) with S = L·Lᵀ. Only the lower triangle of S is read, as in LAPACK potrf.
 * Throws ShapeError for a non-square S and ValidationError when S is not positive definite.
 */
export function cholesky<D extends DType>(S: Matrix<D>): Matrix<D>;
export function cholesky(S: number[][]): Matrix<'float64'>;
export function cholesky(S: MatrixLike): Matrix;
export function cholesky(S: MatrixLike): Matrix {
  const rt = runtime('wl.linalg.cholesky()');
  const s = readSquare(rt, S, 'S');
  try {
    const L = convert(rt, s.matrix, s.matrix.dtype);
    try {
      const info = typed(rt.kernels, 'cholesky', L.dtype)(L.ptr, L.rows);
      if (info >= 0) throw notPositiveDefinite('S', info);
    } catch (error) {
      L.dispose();
      throw error;
    }
    return L;
  } finally {
    release(s);
  }
}
