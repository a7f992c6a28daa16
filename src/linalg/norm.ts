// Matrix norms (assembly/factor.ts for the sums; the SVD for the spectral and nuclear norms).
import { InvalidParameterError, ValidationError } from '../errors.js';
import type { Matrix } from '../core/matrix.js';
import { describe, type MatrixLike } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { readMatrix, release, scratch } from './common.js';
import { svd } from './svd.js';

/** Which norm: as numpy.linalg.norm for 2-D input. */
/**
 * Which norm: as numpy.linalg.norm for 2-D input. `Infinity` has type `number` in TypeScript, which
 * would admit `norm(A, 3)`; typed code therefore writes 'inf' / '-inf'. The values Infinity and
 * -Infinity are accepted at run time too (NumPy's `np.inf`, plain JavaScript callers).
 */
export type NormOrder = 'fro' | 'nuc' | 1 | -1 | 2 | -2 | 'inf' | '-inf';

const ORDERS: readonly unknown[] = ['fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, 'inf', '-inf'];

/**
 * A matrix norm of A (m×n), numpy.linalg.norm's meaning of `ord`: 'fro' (default) the Frobenius
 * norm; 1 / -1 the largest / smallest column sum of |a|; Infinity / -Infinity the largest /
 * smallest row sum; 2 / -2 the largest / smallest singular value; 'nuc' the sum of the singular
 * values (the last three through the SVD).
 */
export function norm(A: MatrixLike, ord?: NormOrder): number;
export function norm(A: MatrixLike, order: NormOrder | number = 'fro'): number {
  const rt = runtime('wl.linalg.norm()');
  if (!ORDERS.includes(order)) {
    throw new InvalidParameterError(`wl.linalg.norm: ord must be one of 'fro', 'nuc', 1, -1, 2, -2, 'inf' (or Infinity), '-inf' (or -Infinity), got ${describe(order)}`);
  }
  const ord = order === 'inf' ? Infinity : order === '-inf' ? -Infinity : (order as Exclude<NormOrder, 'inf' | '-inf'> | number);
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
