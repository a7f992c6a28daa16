// Moore–Penrose pseudo-inverse through the SVD.
import { InvalidParameterError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { checkNumber, checkOptions, type MatrixLike } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import { epsOf, readMatrix, release, scratch } from './common.js';
import { matmul } from './matmul.js';
import { svd } from './svd.js';

export interface PinvOptions {
  /** Singular values ≤ rcond·s_max are treated as zero. Default eps·max(m, n) with the dtype's eps (numpy 2's default). */
  rcond?: number;
}

/**
 * The pseudo-inverse A⁺ (n×m) of A (m×n): A⁺ = V·diag(1/s)·Uᵀ over the singular values above
 * rcond·s_max, so that A·A⁺·A = A, A⁺·A·A⁺ = A⁺ and A·A⁺, A⁺·A are symmetric.
 */
export function pinv(A: MatrixLike, options?: PinvOptions): Matrix {
  const rt = runtime('wl.linalg.pinv()');
  const opts = checkOptions(options, ['rcond'], 'wl.linalg.pinv');
  // Options first: nothing is copied into the heap before the call is known to be valid.
  if (opts.rcond !== undefined) {
    checkNumber(opts.rcond, 'wl.linalg.pinv: rcond');
    if ((opts.rcond as number) < 0) throw new InvalidParameterError(`wl.linalg.pinv: rcond must be >= 0, got ${opts.rcond}`);
  }
  const a = readMatrix(rt, A, 'A');
  const { rows: m, cols: n, dtype } = a.matrix;
  const rcond = opts.rcond === undefined ? epsOf(dtype) * Math.max(m, n) : (opts.rcond as number);
  let U: Matrix | undefined;
  let Vt: Matrix | undefined;
  let W: Matrix | undefined;
  let d = 0;
  try {
    const f = svd(a.matrix);
    U = f.U;
    Vt = f.Vt;
    const { s } = f;
    const r = s.length;
    const cut = rcond * (r > 0 ? s[0] : 0);
    // W = diag(1/s)·Uᵀ (r×m), then A⁺ = Vtᵀ·W
    W = Matrix.alloc(rt, r, m, dtype);
    typed(rt.kernels, 'transpose', dtype)(f.U.ptr, W.ptr, m, r);
    d = scratch(rt, r, dtype);
    const dv = dtype === 'float32' ? rt.heap.f32.subarray(d >>> 2, (d >>> 2) + r) : rt.heap.f64.subarray(d >>> 3, (d >>> 3) + r);
    for (let i = 0; i < r; i++) dv[i] = s[i] > cut ? 1 / s[i] : 0;
    typed(rt.kernels, 'scale_rows', dtype)(W.ptr, r, m, d);
    return matmul(f.Vt, W, { transA: true });
  } finally {
    release(a, U, Vt, W);
    rt.heap.free(d);
  }
}
