// Symmetric eigendecomposition: S = V·diag(values)·Vᵀ. One kernel call does the whole solve; the
// work space is allocated here and freed on every path.
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { itemSize, type DType, type TypedArrayOf } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { asMatrix, checkFinite, checkOptions, describe, type MatrixLike } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';

export type EighMethod = 'auto' | 'jacobi' | 'tridiagonal';

export interface EighOptions {
  /**
   * 'jacobi' (cyclic Jacobi: most accurate for small n), 'tridiagonal' (Householder + implicit QL:
   * fewest flops), or 'auto' (default): Jacobi below the measured crossover, tridiagonal above.
   */
  method?: EighMethod;
}

export interface EighResult<D extends DType = DType> {
  /** The n eigenvalues, descending (a JS-owned copy; Float32Array for float32 input). */
  values: TypedArrayOf<D>;
  /** n×n, the eigenvectors as orthonormal COLUMNS, column j belonging to values[j]. The caller disposes it. */
  vectors: Matrix<D>;
}

const METHODS: readonly EighMethod[] = ['auto', 'jacobi', 'tridiagonal'];

// Crossover, measured on the kernels alone (Node 20, simd build, f64, median of many runs; 2026-11-26):
//   n            4        5        6        8        16       32       64       128
//   jacobi     0.7 µs   1.2 µs   2.0 µs   4.6 µs   28 µs    195 µs   1.44 ms  11.6 ms
//   tridiag.   0.8 µs   1.3 µs   1.8 µs   3.0 µs   11 µs    51 µs    0.27 ms  1.83 ms
// Values only: jacobi 1.1 µs vs 1.2 µs at n = 5, 1.9 vs 1.6 µs at n = 6. So the crossover is
// between n = 5 and 6 for both: up to 5 'auto' runs Jacobi (as fast, and it keeps tiny eigenvalues
// to high relative accuracy); above, the tridiagonal path's O(n³) constant wins by 1.5–6×.
const JACOBI_MAX_N = 5;
const JACOBI_MAX_N_VALUES = 5;

/** Relative asymmetry max|s_ij − s_ji| / max|s_ij| accepted as rounding noise (the mean of the two is used). */
const SYMMETRY_TOL: Record<DType, number> = { float64: 1e-8, float32: 1e-3 };

/**
 * Eigenvalues and eigenvectors of a symmetric matrix. S: n×n (symmetric within a relative
 * tolerance; the mean (S + Sᵀ)/2 is decomposed). Returns `{ values: n (descending), vectors: n×n }`
 * with S·vectors = vectors·diag(values) and orthonormal columns.
 */
export function eigh<D extends DType>(S: Matrix<D>, options?: EighOptions): EighResult<D>;
export function eigh(S: number[][], options?: EighOptions): EighResult<'float64'>;
export function eigh(S: MatrixLike, options?: EighOptions): EighResult;
export function eigh(S: MatrixLike, options?: EighOptions): EighResult {
  const rt = runtime('wl.linalg.eigh()');
  const method = parseMethod(checkOptions(options, ['method'], 'wl.linalg.eigh').method, 'wl.linalg.eigh');
  const { values, vectors } = solve(rt, S, method, true, 'wl.linalg.eigh');
  return { values, vectors: vectors! } as EighResult;
}

/**
 * Eigenvalues only of a symmetric matrix S: n×n → n values, descending. Skips the eigenvector
 * accumulation, so it is several times faster than eigh.
 */
export function eigvalsh<D extends DType>(S: Matrix<D>, options?: EighOptions): TypedArrayOf<D>;
export function eigvalsh(S: number[][], options?: EighOptions): Float64Array;
export function eigvalsh(S: MatrixLike, options?: EighOptions): Float64Array | Float32Array;
export function eigvalsh(S: MatrixLike, options?: EighOptions): Float64Array | Float32Array {
  const rt = runtime('wl.linalg.eigvalsh()');
  const method = parseMethod(checkOptions(options, ['method'], 'wl.linalg.eigvalsh').method, 'wl.linalg.eigvalsh');
  return solve(rt, S, method, false, 'wl.linalg.eigvalsh').values;
}

function parseMethod(value: unknown, where: string): EighMethod {
  if (value === undefined) return 'auto';
  if (!METHODS.includes(value as EighMethod)) {
    throw new InvalidParameterError(`${where}: option "method" must be one of ${METHODS.map((m) => `'${m}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as EighMethod;
}

function solve(rt: Runtime, S: MatrixLike, method: EighMethod, wantVectors: boolean, where: string): { values: Float64Array | Float32Array; vectors?: Matrix } {
  const { matrix, owned } = asMatrix(rt, S, 'S');
  let vectors: Matrix | undefined;
  let w = 0;
  let work = 0;
  try {
    const n = matrix.rows;
    if (matrix.cols !== n) throw new ShapeError(`S: expected a square matrix, got ${matrix.rows}×${matrix.cols}`);
    checkFinite(matrix, 'S');
    const dtype = matrix.dtype;
    const asym = typed(rt.kernels, 'asymmetry', dtype)(matrix.ptr, n);
    if (asym > SYMMETRY_TOL[dtype]) {
      throw new ValidationError(`S: expected a symmetric matrix, but max|S[i][j] − S[j][i]| is ${asym.toPrecision(3)} × max|S| (tolerance ${SYMMETRY_TOL[dtype]})`);
    }
    if (n === 0) {
      // Nothing to decompose; the kernels assume n ≥ 1 (the QL path stores d[n−1]).
      if (wantVectors) vectors = Matrix.alloc(rt, 0, 0, dtype);
      const result = { values: dtype === 'float32' ? new Float32Array(0) : new Float64Array(0), vectors };
      vectors = undefined;
      return result;
    }
    const size = itemSize(dtype);
    const useJacobi = method === 'jacobi' || (method === 'auto' && n <= (wantVectors ? JACOBI_MAX_N : JACOBI_MAX_N_VALUES));
    w = rt.heap.alloc(n * size);
    // Jacobi: n·(n + 16/size) + n² + 3n elements of T (padded rows); QL: 2n² + 4n; then n int32.
    work = rt.heap.alloc((2 * n * n + 8 * n) * size + 4 * n);
    if (wantVectors) vectors = Matrix.alloc(rt, n, n, dtype);
    const vecPtr = vectors ? vectors.ptr : 0;
    const status = typed(rt.kernels, useJacobi ? 'eigh_jacobi' : 'eigh_tridiagonal', dtype)(matrix.ptr, n, w, vecPtr, work);
    if (useJacobi ? status > 60 : status < 0) {
      // Does not happen for finite input (Jacobi converges quadratically, QL in ~2 steps per value).
      throw new ValidationError(`${where}: the ${useJacobi ? 'Jacobi' : 'QL'} iteration did not converge for S (${n}×${n})`);
    }
    const values = dtype === 'float32' ? rt.heap.f32.slice(w >>> 2, (w >>> 2) + n) : rt.heap.f64.slice(w >>> 3, (w >>> 3) + n);
    const result = { values, vectors };
    vectors = undefined;
    return result;
  } finally {
    if (w) rt.heap.free(w);
    if (work) rt.heap.free(work);
    vectors?.dispose();
    if (owned) matrix.dispose();
  }
}
