// Moore–Penrose pseudo-inverse through the SVD.
import type { DType } from '../core/dtype.js';
import { InvalidParameterError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { checkNumber, checkOptions, type MatrixLike } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import { readMatrix, release, scratch } from './common.js';
import { matmul } from './matmul.js';
import { svd } from './svd.js';

export interface PinvOptions {
  /**
   * Singular values ≤ rcond·s_max are treated as zero. Default 1e-15 for both dtypes, as
   * numpy.linalg.pinv (NumPy 2.x still uses 1e-15 when neither rcond nor rtol is given). For
   * float32 input that keeps every singular value above 1e-15·s_max, rounding noise included:
   * pass e.g. rcond: 1e-7·max(m, n) to cut at float32's rounding level.
   */
  rcond?: number;
}

/** numpy.linalg.pinv's default rcond (NumPy 2.4: "If none of them are provided then NumPy's 1e-15 default is used"). */
const PINV_DEFAULT_RCOND = 1e-15;

/**
 * The pseudo-inverse A⁺ (n×m) of A (m×n): A⁺ = V·diag(1/s)·Uᵀ over the singular values above
 * rcond·s_max, so that A·A⁺·A = A, A⁺·A·A⁺ = A⁺ and A·A⁺, A⁺·A are symmetric.
 */
export function pinv<D extends DType>(A: Matrix<D>, options?: PinvOptions): Matrix<D>;
export function pinv(A: number[][], options?: PinvOptions): Matrix<'float64'>;
export function pinv(A: MatrixLike, options?: PinvOptions): Matrix;
export function pinv(A: MatrixLike, options?: PinvOptions): Matrix {
  const rt = runtime('wl.linalg.pinv()');
  const opts = checkOptions(options, ['rcond'], 'wl.linalg.pinv');
  let rcond = PINV_DEFAULT_RCOND;
  if (opts.rcond !== undefined) {
    rcond = checkNumber(opts.rcond, 'wl.linalg.pinv: rcond');
    if (rcond < 0) throw new InvalidParameterError(`wl.linalg.pinv: rcond must be >= 0, got ${rcond}`);
  }
  const a = readMatrix(rt, A, 'A'); // after the options: a bad rcond leaves no copy behind
  const { rows: m, dtype } = a.matrix;
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
    (dtype === 'float32' ? rt.heap.f32 : rt.heap.f64).set(s, d >>> (dtype === 'float32' ? 2 : 3));
    let keep = 0;
    while (keep < r && s[keep] > cut) keep++;
    // rows divided by s (not multiplied by 1/s, which overflows for a subnormal s)
    typed(rt.kernels, 'div_rows', dtype)(W.ptr, r, m, d, keep);
    return matmul(f.Vt, W, { transA: true });
  } finally {
    release(a, U, Vt, W);
    rt.heap.free(d);
  }
}
