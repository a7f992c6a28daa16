// Householder QR factorization A = Q·R (assembly/factor.ts).
import type { DType } from '../core/dtype.js';
import { InvalidParameterError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { checkOptions, convert, describe, type MatrixLike } from '../core/validate.js';
import { kernel, typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import { readMatrix, release, scratch } from './common.js';

export interface QrOptions {
  /** 'reduced' (default): Q m×r, R r×n with r = min(m, n). 'complete': Q m×m, R m×n. */
  mode?: 'reduced' | 'complete';
}

/**
 * QR factorization of A (m×n) by Householder reflections: Q with orthonormal columns and R upper
 * triangular (trapezoidal when wide) with A = Q·R. The diagonal of R may be negative (LAPACK's sign
 * convention, as in numpy.linalg.qr).
 */
export function qr<D extends DType>(A: Matrix<D>, options?: QrOptions): { Q: Matrix<D>; R: Matrix<D> };
export function qr(A: number[][], options?: QrOptions): { Q: Matrix<'float64'>; R: Matrix<'float64'> };
export function qr(A: MatrixLike, options?: QrOptions): { Q: Matrix; R: Matrix };
export function qr(A: MatrixLike, options?: QrOptions): { Q: Matrix; R: Matrix } {
  const rt = runtime('wl.linalg.qr()');
  const opts = checkOptions(options, ['mode'], 'wl.linalg.qr');
  const mode = opts.mode ?? 'reduced';
  if (mode !== 'reduced' && mode !== 'complete') {
    throw new InvalidParameterError(`wl.linalg.qr: mode must be 'reduced' or 'complete', got ${describe(mode)}`);
  }
  const a = readMatrix(rt, A, 'A');
  const { rows: m, cols: n, dtype } = a.matrix;
  const r = Math.min(m, n);
  let F: Matrix | undefined;
  let Q: Matrix | undefined;
  let R: Matrix | undefined;
  let tau = 0;
  let w = 0;
  try {
    F = convert(rt, a.matrix, dtype);
    tau = scratch(rt, r, dtype);
    w = scratch(rt, kernel(rt.kernels, 'qr_work_size')(Math.max(m, n)), dtype);
    typed(rt.kernels, 'qr', dtype)(F.ptr, m, n, tau, w);
    const qc = mode === 'reduced' ? r : m;
    Q = Matrix.alloc(rt, m, qc, dtype);
    typed(rt.kernels, 'qr_form_q', dtype)(F.ptr, m, n, tau, r, Q.ptr, qc, w);
    R = Matrix.alloc(rt, mode === 'reduced' ? r : m, n, dtype);
    typed(rt.kernels, 'triu', dtype)(F.ptr, n, R.rows, R.ptr);
    const out = { Q, R };
    Q = R = undefined;
    return out;
  } finally {
    release(a, F, Q, R);
    rt.heap.free(tau);
    rt.heap.free(w);
  }
}
