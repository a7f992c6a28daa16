// Matrix norms (assembly/factor.ts for the sums; the SVD for the spectral and nuclear norms).
import { InvalidParameterError, ValidationError } from '../errors.js';
import type { Matrix } from '../core/matrix.js';
import { describe, type MatrixLike } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { readMatrix, release, scratch } from './common.js';
import { svd } from './svd.js';

/** Which norm: as numpy.linalg.norm for 2-D input. */
export type NormOrder = 'fro' | 'nuc' | 1 | -1 | 2 | -2 | typeof Infinity | typeof Number.NEGATIVE_INFINITY;

const ORDERS: readonly unknown[] = ['fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity];

/**
 * A matrix norm of A (m×n), numpy.linalg.norm's meaning of `ord`: 'fro' (default) the Frobenius
 * norm; 1 / -1 the largest / smallest column sum of |a|; Infinity / -Infinity the largest /
 * smallest row sum; 2 / -2 the largest / smallest singular value; 'nuc' the sum of the singular
 * values (the last three through the SVD).
 */
export function norm(A: MatrixLike, ord: NormOrder = 'fro'): number {
  const rt = runtime('wl.linalg.norm()');
  if (!ORDERS.includes(ord)) {
    throw new InvalidParameterError(`wl.linalg.norm: ord must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got ${describe(ord)}`);
  }
  const a = readMatrix(rt, A, 'A');
  try {
    const M = a.matrix;
    // Extremes over an empty set of sums or singular values have no value (NumPy raises too).
    const count = ord === 1 || ord === -1 ? M.cols : ord === Infinity || ord === -Infinity ? M.rows : ord === 2 || ord === -2 ? Math.min(M.rows, M.cols) : 1;
    if (count === 0) throw new ValidationError(`wl.linalg.norm: ord ${String(ord)} of an empty ${M.rows}×${M.cols} matrix is undefined`);
    if (ord === 'fro') return typed(rt.kernels, 'norm_fro', M.dtype)(M.ptr, M.size);
    if (ord === 2 || ord === -2 || ord === 'nuc') return bySingularValues(M, ord);
    const byColumn = ord === 1 || ord === -1;
    return extremeSum(rt, M, byColumn, ord > 0);
  } finally {
    release(a);
  }
}

function extremeSum(rt: Runtime, M: Matrix, byColumn: boolean, largest: boolean): number {
  const count = byColumn ? M.cols : M.rows;
  const sums = scratch(rt, count, M.dtype);
  try {
    typed(rt.kernels, byColumn ? 'abs_col_sums' : 'abs_row_sums', M.dtype)(M.ptr, M.rows, M.cols, sums);
    const v = M.dtype === 'float32' ? rt.heap.f32.subarray(sums >>> 2, (sums >>> 2) + count) : rt.heap.f64.subarray(sums >>> 3, (sums >>> 3) + count);
    let best = v[0];
    for (let i = 1; i < count; i++) best = largest ? Math.max(best, v[i]) : Math.min(best, v[i]);
    return best;
  } finally {
    rt.heap.free(sums);
  }
}

function bySingularValues(M: Matrix, ord: 2 | -2 | 'nuc'): number {
  const { U, s, Vt } = svd(M);
  U.dispose();
  Vt.dispose();
  if (ord === 2) return s[0];
  if (ord === -2) return s[s.length - 1];
  let sum = 0;
  for (let i = s.length - 1; i >= 0; i--) sum += s[i]; // smallest first: less rounding
  return sum;
}
