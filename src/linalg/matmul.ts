// Matrix products: matmul, gemm (accumulating), gemv and gram (SYRK). The kernels (assembly/gemm.ts)
// pack panels of op(A) and op(B) into scratch memory that is allocated here, once per call.
import { ShapeError, ValidationError, InvalidParameterError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { tape } from '../core/tape.js';
import type { DType } from '../core/dtype.js';
import { asMatrix, checkMatrix, checkNumber, checkOptions, checkRange, describe, toMatrix, type MatrixLike, type NumericArray } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';

export interface MatmulOptions {
  /** Use Aᵀ instead of A (default false). */
  transA?: boolean;
  /** Use Bᵀ instead of B (default false). */
  transB?: boolean;
}

export interface GemmOptions extends MatmulOptions {
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the previous content of `out` (default 1: accumulate; 0: overwrite, out is not read). */
  beta?: number;
}

export interface GemvOptions {
  /** Use Aᵀ instead of A (default false). */
  trans?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the previous content of `out` (default 0; needs `out`). */
  beta?: number;
  /** Write y here (a Matrix with one row or one column of the result length) and return it. */
  out?: Matrix;
}

export interface GramOptions {
  /** false (default): AᵀA (d×d for A: n×d), the Gram matrix of the columns; true: A·Aᵀ (n×n), of the rows. */
  trans?: boolean;
}

/** A boolean option (default false). */
export function checkFlag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidParameterError(`${name}: expected true or false, got ${describe(value)}`);
  return value;
}

/** The dtype two operands share: a Matrix fixes it; two Matrix operands must agree. */
export function commonDType(A: unknown, B: unknown, nameA: string, nameB: string): DType {
  if (A instanceof Matrix && B instanceof Matrix && A.dtype !== B.dtype) {
    throw new ValidationError(`${nameB}: expected dtype ${A.dtype} (like ${nameA}), got ${B.dtype}; convert one with wl.clone(${nameB}, '${A.dtype}')`);
  }
  if (A instanceof Matrix) return A.dtype;
  if (B instanceof Matrix) return B.dtype;
  return 'float64';
}

/** Operands as matrices of one dtype; `owned` lists the copies to dispose. */
function operands(rt: Runtime, A: unknown, B: unknown, nameA: string, nameB: string, owned: Matrix[]): [Matrix, Matrix] {
  const dtype = commonDType(A, B, nameA, nameB);
  const a = asMatrix(rt, A, nameA, dtype);
  if (a.owned) owned.push(a.matrix);
  const b = asMatrix(rt, B, nameB, dtype);
  if (b.owned) owned.push(b.matrix);
  return [a.matrix, b.matrix];
}

function disposeAll(ms: Matrix[]): void {
  for (const m of ms) m.dispose();
}

const opShape = (M: Matrix, t: boolean): [number, number] => (t ? [M.cols, M.rows] : [M.rows, M.cols]);
const shapeName = (name: string, M: Matrix, t: boolean): string => `${name}${t ? 'ᵀ' : ''} (${opShape(M, t).join('×')})`;

/** out = alpha·op(a)·op(b) + beta·out through the packed GEMM kernel; shapes already checked. */
function runGemm(rt: Runtime, a: Matrix, b: Matrix, out: Matrix, tA: boolean, tB: boolean, alpha: number, beta: number): void {
  const [m, k] = opShape(a, tA);
  const n = out.cols;
  const bytes = typed(rt.kernels, 'gemm_scratch_bytes', a.dtype)(m, n, k);
  const scratch = rt.heap.alloc(bytes);
  try {
    typed(rt.kernels, 'gemm', a.dtype)(+tA, +tB, m, n, k, alpha, a.ptr, a.cols, b.ptr, b.cols, beta, out.ptr, out.cols, scratch);
  } finally {
    rt.heap.free(scratch);
  }
}

function checkInner(a: Matrix, b: Matrix, tA: boolean, tB: boolean, where: string): void {
  if (opShape(a, tA)[1] !== opShape(b, tB)[0]) {
    throw new ShapeError(`${where}: inner sizes differ: ${shapeName('A', a, tA)} · ${shapeName('B', b, tB)}; the columns of the left operand must equal the rows of the right`);
  }
}

/**
 * op(A)·op(B) as a new Matrix (m×n), where op(A): m×k and op(B): k×n (op = transpose when
 * `transA`/`transB`). Transposes are free: the kernel reads the operands in either order.
 */
export function matmul<D extends DType>(A: Matrix<D>, B: Matrix<D> | number[][], options?: MatmulOptions): Matrix<D>;
export function matmul<D extends DType>(A: number[][], B: Matrix<D>, options?: MatmulOptions): Matrix<D>;
export function matmul(A: number[][], B: number[][], options?: MatmulOptions): Matrix<'float64'>;
export function matmul(A: MatrixLike, B: MatrixLike, options?: MatmulOptions): Matrix;
export function matmul(A: MatrixLike, B: MatrixLike, options?: MatmulOptions): Matrix {
  const rt = runtime('wl.linalg.matmul()');
  const opts = checkOptions(options, ['transA', 'transB'], 'wl.linalg.matmul');
  const tA = checkFlag(opts.transA, 'transA');
  const tB = checkFlag(opts.transB, 'transB');
  const owned: Matrix[] = [];
  try {
    const [a, b] = operands(rt, A, B, 'A', 'B', owned);
    checkInner(a, b, tA, tB, 'wl.linalg.matmul');
    const out = Matrix.alloc(rt, opShape(a, tA)[0], opShape(b, tB)[1], a.dtype);
    try {
      runGemm(rt, a, b, out, tA, tB, 1, 0);
    } catch (error) {
      out.dispose();
      throw error;
    }
    if (tape !== null) tape.record('matmul', [A, B], out, { transA: tA, transB: tB });
    return out;
  } finally {
    disposeAll(owned);
  }
}

/**
 * out = alpha·op(A)·op(B) + beta·out, in place (BLAS gemm); returns out. op(A): m×k, op(B): k×n,
 * out: m×n of the same dtype, and not one of the operands. With beta = 0 the old content of out
 * is ignored (it may be uninitialized).
 */
export function gemm(out: Matrix, A: MatrixLike, B: MatrixLike, options?: GemmOptions): Matrix {
  const rt = runtime('wl.linalg.gemm()');
  checkMatrix(out, 'out');
  const opts = checkOptions(options, ['alpha', 'beta', 'transA', 'transB'], 'wl.linalg.gemm');
  const tA = checkFlag(opts.transA, 'transA');
  const tB = checkFlag(opts.transB, 'transB');
  const alpha = opts.alpha === undefined ? 1 : checkNumber(opts.alpha, 'alpha');
  const beta = opts.beta === undefined ? 1 : checkNumber(opts.beta, 'beta');
  const owned: Matrix[] = [];
  try {
    const [a, b] = operands(rt, A, B, 'A', 'B', owned);
    if (a.dtype !== out.dtype) throw new ValidationError(`out: expected dtype ${a.dtype} (like A and B), got ${out.dtype}`);
    checkRange(alpha, out.dtype, 'alpha');
    checkRange(beta, out.dtype, 'beta');
    checkInner(a, b, tA, tB, 'wl.linalg.gemm');
    const m = opShape(a, tA)[0];
    const n = opShape(b, tB)[1];
    if (out.rows !== m || out.cols !== n) {
      throw new ShapeError(`out: expected shape ${m}×${n} (${shapeName('A', a, tA)} · ${shapeName('B', b, tB)}), got ${out.rows}×${out.cols}`);
    }
    if (out.ptr === a.ptr || out.ptr === b.ptr) {
      throw new ValidationError('out: must not be A or B (the product reads its operands while writing out); write into a new Matrix');
    }
    runGemm(rt, a, b, out, tA, tB, alpha, beta);
    return out;
  } finally {
    disposeAll(owned);
  }
}

/**
 * y = alpha·op(A)·x + beta·y (BLAS gemv). A: m×n; x: a vector of length n (m with `trans`) given
 * as a Matrix with one row or one column, or as numbers. Returns y as a column Matrix (m×1, or
 * n×1 with `trans`), or `out` when given (any vector shape of that length, same dtype).
 */
export function gemv(A: MatrixLike, x: Matrix | NumericArray, options?: GemvOptions): Matrix {
  const rt = runtime('wl.linalg.gemv()');
  const opts = checkOptions(options, ['trans', 'alpha', 'beta', 'out'], 'wl.linalg.gemv');
  const trans = checkFlag(opts.trans, 'trans');
  const alpha = opts.alpha === undefined ? 1 : checkNumber(opts.alpha, 'alpha');
  const beta = opts.beta === undefined ? 0 : checkNumber(opts.beta, 'beta');
  const out = opts.out === undefined ? undefined : checkMatrix(opts.out, 'out');
  if (beta !== 0 && !out) throw new InvalidParameterError('beta: a nonzero beta scales the previous y, so it needs the out option');
  const owned: Matrix[] = [];
  try {
    const dtype = commonDType(A, x, 'A', 'x');
    const a = asMatrix(rt, A, 'A', dtype);
    if (a.owned) owned.push(a.matrix);
    let xv: Matrix;
    if (x instanceof Matrix) {
      xv = checkMatrix(x, 'x');
    } else {
      const len = (x as ArrayLike<number>)?.length;
      xv = toMatrix(rt, x, 'x', { dtype, rows: typeof len === 'number' && len > 0 ? len : undefined, cols: 1 });
      owned.push(xv);
    }
    const M = a.matrix;
    checkRange(alpha, dtype, 'alpha');
    checkRange(beta, dtype, 'beta');
    const [m, n] = opShape(M, trans);
    if (xv.rows !== 1 && xv.cols !== 1) throw new ShapeError(`x: expected a vector (one row or one column), got ${xv.rows}×${xv.cols}`);
    if (xv.size !== n) throw new ShapeError(`x: expected length ${n} to match ${shapeName('A', M, trans)}, got ${xv.size}`);
    let y: Matrix;
    if (out) {
      if (out.dtype !== dtype) throw new ValidationError(`out: expected dtype ${dtype} (like A), got ${out.dtype}`);
      if ((out.rows !== 1 && out.cols !== 1) || out.size !== m) throw new ShapeError(`out: expected a vector of length ${m}, got ${out.rows}×${out.cols}`);
      if (out.ptr === M.ptr || out.ptr === xv.ptr) throw new ValidationError('out: must not be A or x');
      y = out;
    } else {
      y = Matrix.alloc(rt, m, 1, dtype);
    }
    typed(rt.kernels, 'gemv', dtype)(+trans, M.rows, M.cols, alpha, M.ptr, M.cols, xv.ptr, beta, y.ptr);
    return y;
  } finally {
    disposeAll(owned);
  }
}

/**
 * The Gram matrix, exactly symmetric: AᵀA (d×d, for A: n×d; the scatter matrix behind covariance)
 * or, with `trans`, A·Aᵀ (n×n, the inner products of the rows). Computes only one triangle's tiles
 * (SYRK), about half the work of matmul(A, A, { transA: true }).
 */
export function gram(A: MatrixLike, options?: GramOptions): Matrix {
  const rt = runtime('wl.linalg.gram()');
  const opts = checkOptions(options, ['trans'], 'wl.linalg.gram');
  const trans = checkFlag(opts.trans, 'trans');
  const src = asMatrix(rt, A, 'A', A instanceof Matrix ? A.dtype : 'float64');
  try {
    return syrk(rt, src.matrix, trans, 1);
  } finally {
    if (src.owned) src.matrix.dispose();
  }
}

/** @internal alpha·AᵀA (trans = false) or alpha·A·Aᵀ (trans = true) as a new Matrix. */
export function syrk(rt: Runtime, a: Matrix, rowsGram: boolean, alpha: number): Matrix {
  // Kernel convention: trans = 1 computes AᵀA, trans = 0 computes A·Aᵀ.
  const n = rowsGram ? a.rows : a.cols;
  const k = rowsGram ? a.cols : a.rows;
  const out = Matrix.alloc(rt, n, n, a.dtype);
  let scratch = 0;
  try {
    scratch = rt.heap.alloc(typed(rt.kernels, 'gemm_scratch_bytes', a.dtype)(n, n, k));
    typed(rt.kernels, 'syrk', a.dtype)(rowsGram ? 0 : 1, n, k, alpha, a.ptr, a.cols, 0, out.ptr, n, scratch);
  } catch (error) {
    out.dispose();
    throw error;
  } finally {
    if (scratch) rt.heap.free(scratch);
  }
  return out;
}

/** @internal out = alpha·op(a)·op(b) + beta·out on validated matrices (for other linalg code). */
export function gemmInto(rt: Runtime, a: Matrix, b: Matrix, out: Matrix, tA: boolean, tB: boolean, alpha: number, beta: number): void {
  runGemm(rt, a, b, out, tA, tB, alpha, beta);
}
