// Matrix norms (assembly/factor.ts for the sums; the SVD for the spectral and nuclear norms).
import { InvalidParameterError } from '../errors.js';
import type { Matrix } from '../core/matrix.js';
import { describe, type MatrixLike } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { readMatrix, release, scratch } from './common.js';

/** Which norm: as numpy.linalg.norm for 2-D input. */
export type NormOrder = 'fro' | 1 | -1 | typeof Infinity | typeof Number.NEGATIVE_INFINITY;

const ORDERS: readonly unknown[] = ['fro', 1, -1, Infinity, -Infinity];

/**
 * A matrix norm of A (m×n), numpy.linalg.norm's meaning of `ord`: 'fro' (default) the Frobenius
 * norm; 1 / -1 the largest / smallest column sum of |a|; Infinity / -Infinity the largest /
 * smallest row sum.
 */
export function norm(A: MatrixLike, ord: NormOrder = 'fro'): number {
  const rt = runtime('wl.linalg.norm()');
  if (!ORDERS.includes(ord)) {
    throw new InvalidParameterError(`wl.linalg.norm: ord must be one of 'fro', 1, -1, Infinity, -Infinity, got ${describe(ord)}`);
  }
  const a = readMatrix(rt, A, 'A');
  try {
    const M = a.matrix;
    if (ord === 'fro') return typed(rt.kernels, 'norm_fro', M.dtype)(M.ptr, M.size);
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
