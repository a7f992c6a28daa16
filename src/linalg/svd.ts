// Singular value decomposition A = U·diag(s)·Vt by one-sided Jacobi on a QR-preconditioned factor
// (assembly/svd.ts). The kernel always sees a tall matrix: a wide A is decomposed as Aᵀ and the
// factors are swapped back. float32 input is decomposed in float64 (see svd()).
import { itemSize, type DType, type TypedArrayOf } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { asMatrix, checkFinite, checkOptions, convert, describe, type MatrixLike } from '../core/validate.js';
import { InvalidParameterError, ValidationError } from '../errors.js';
import { kernel, typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';

export interface SvdOptions {
  /** false (default): thin factors, U m×r and Vt r×n with r = min(m, n). true: U m×m and Vt n×n. */
  full?: boolean;
}

export interface SvdResult<D extends DType = DType> {
  /** m×r (thin) or m×m (full), orthonormal columns. The caller disposes it. */
  U: Matrix<D>;
  /** The r = min(m, n) singular values, descending, ≥ 0 (a JS-owned copy; Float32Array for float32 input). */
  s: TypedArrayOf<D>;
  /** r×n (thin) or n×n (full), orthonormal rows. The caller disposes it. */
  Vt: Matrix<D>;
}

/**
 * Singular value decomposition of A: m×n. Returns `{ U, s, Vt }` with A = U·diag(s)·Vt (thin by
 * default; `full: true` completes U to m×m and Vt to n×n). Rank-deficient A is fine: the columns of U
 * for zero singular values are completed to an orthonormal set.
 */
export function svd<D extends DType>(A: Matrix<D>, options?: SvdOptions): SvdResult<D>;
export function svd(A: number[][], options?: SvdOptions): SvdResult<'float64'>;
export function svd(A: MatrixLike, options?: SvdOptions): SvdResult;
export function svd(A: MatrixLike, options?: SvdOptions): SvdResult {
  const rt = runtime('wl.linalg.svd()');
  const opts = checkOptions(options, ['full'], 'wl.linalg.svd');
  if (opts.full !== undefined && typeof opts.full !== 'boolean') {
    throw new InvalidParameterError(`wl.linalg.svd: option "full" must be a boolean, got ${describe(opts.full)}`);
  }
  const full = opts.full === true;
  const { matrix, owned } = asMatrix(rt, A, 'A');
  let wide: Matrix | undefined;
  let f: { U: Matrix; s: Float64Array | Float32Array; Vt: Matrix } | undefined;
  try {
    checkFinite(matrix, 'A');
    if (matrix.dtype === 'float64') return decompose(rt, matrix, full);
    // float32 is decomposed in float64 and rounded once at the end. In float32 arithmetic the
    // ~N·sweeps rotations per row leave U and V orthogonal to 4e-7 (500×100), 20× worse than
    // LAPACK's sgesdd (2.4e-8); rounded from float64 they are orthogonal to float32 rounding.
    wide = convert(rt, matrix, 'float64');
    f = decompose(rt, wide, full);
    const U = convert(rt, f.U, 'float32');
    try {
      const Vt = convert(rt, f.Vt, 'float32');
      return { U, s: Float32Array.from(f.s), Vt };
    } catch (error) {
      U.dispose();
      throw error;
    }
  } finally {
    wide?.dispose();
    f?.U.dispose();
    f?.Vt.dispose();
    if (owned) matrix.dispose();
  }
}

/** The SVD of a finite matrix in its own dtype (the kernel call; svd() above picks the dtype). */
function decompose(rt: Runtime, matrix: Matrix, full: boolean): SvdResult {
  const temps: number[] = [];
  const mats: Matrix[] = [];
  try {
    const { rows: m, cols: n, dtype } = matrix;
    const size = itemSize(dtype);
    const tall = m >= n;
    const M = tall ? m : n;
    const N = tall ? n : m;
    // G = Bᵀ for the tall B (B = A or Aᵀ): the kernel wants B's columns as contiguous rows.
    const g = rt.heap.alloc(M * N * size);
    temps.push(g);
    if (tall) typed(rt.kernels, 'transpose', dtype)(matrix.ptr, g, m, n);
    else kernel(rt.kernels, 'copy_bytes')(matrix.ptr, g, M * N * size);
    const s = rt.heap.alloc(N * size);
    temps.push(s);
    const work = rt.heap.alloc((2 * N * N + 4 * N) * size + 8 * N);
    temps.push(work);
    const ut = Matrix.alloc(rt, full ? M : N, M, dtype);
    mats.push(ut);
    const vt = Matrix.alloc(rt, N, N, dtype);
    mats.push(vt);
    const sweeps = typed(rt.kernels, 'svd_jacobi', dtype)(g, M, N, full ? 1 : 0, s, ut.ptr, vt.ptr, work);
    if (sweeps > 60) throw new ValidationError(`wl.linalg.svd: the Jacobi iteration did not converge for A (${m}×${n})`);
    // B = utᵀ·diag(s)·vt. Tall: U = utᵀ, Vt = vt. Wide (B = Aᵀ): U = vtᵀ, Vt = ut.
    const toTranspose = tall ? ut : vt;
    const U = Matrix.alloc(rt, toTranspose.cols, toTranspose.rows, dtype);
    mats.push(U);
    typed(rt.kernels, 'transpose', dtype)(toTranspose.ptr, U.ptr, toTranspose.rows, toTranspose.cols);
    const Vt = tall ? vt : ut;
    const values = dtype === 'float32' ? rt.heap.f32.slice(s >>> 2, (s >>> 2) + N) : rt.heap.f64.slice(s >>> 3, (s >>> 3) + N);
    mats.length = 0;
    toTranspose.dispose();
    return { U, s: values, Vt };
  } finally {
    for (const ptr of temps) rt.heap.free(ptr);
    for (const mat of mats) mat.dispose();
  }
}
