// Elementwise arithmetic and reductions on matrices, each one kernel call. Results are new
// matrices unless `out` is given (it may be one of the inputs: the kernels allow aliasing).
import { typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import { Matrix } from './matrix.js';
import { tape } from './tape.js';
import { ValidationError } from '../errors.js';
import type { DType } from './dtype.js';
import { checkMatrix, checkNumber, checkOptions, checkSameShape, convert, parseDType } from './validate.js';

export interface OutOptions {
  /** Write the result here (same shape and dtype) instead of a new Matrix. */
  out?: Matrix;
}

function binary(name: 'add' | 'sub' | 'mul' | 'div', A: Matrix, B: Matrix, options?: OutOptions): Matrix {
  const rt = runtime(`wl.${name}()`);
  checkMatrix(A, 'A');
  checkMatrix(B, 'B');
  checkSameShape(A, B, 'A', 'B');
  const out = target(A, options, name);
  typed(rt.kernels, name, A.dtype)(A.ptr, B.ptr, out.ptr, A.size);
  if (tape !== null) tape.record(name, [A, B], out);
  return out;
}

function target(A: Matrix, options: OutOptions | undefined, name: string): Matrix {
  const opts = checkOptions(options, ['out'], `wl.${name}`);
  if (opts.out === undefined) return Matrix.alloc(A.runtime, A.rows, A.cols, A.dtype);
  const out = checkMatrix(opts.out, 'out');
  checkSameShape(A, out, 'A', 'out');
  return out;
}

/** A + B, elementwise. */
export const add = (A: Matrix, B: Matrix, options?: OutOptions): Matrix => binary('add', A, B, options);
/** A − B, elementwise. */
export const sub = (A: Matrix, B: Matrix, options?: OutOptions): Matrix => binary('sub', A, B, options);
/** A ⊙ B, elementwise product. */
export const mul = (A: Matrix, B: Matrix, options?: OutOptions): Matrix => binary('mul', A, B, options);
/** A / B, elementwise (IEEE: x/0 is ±Infinity). */
export const div = (A: Matrix, B: Matrix, options?: OutOptions): Matrix => binary('div', A, B, options);

/** alpha · A */
export function scale(A: Matrix, alpha: number, options?: OutOptions): Matrix {
  const rt = runtime('wl.scale()');
  checkMatrix(A, 'A');
  checkNumber(alpha, 'alpha');
  const out = target(A, options, 'scale');
  typed(rt.kernels, 'scale', A.dtype)(A.ptr, alpha, out.ptr, A.size);
  if (tape !== null) tape.record('scale', [A, alpha], out);
  return out;
}

/** Y += alpha · X, in place (BLAS axpy). Returns Y. */
export function axpy(alpha: number, X: Matrix, Y: Matrix): Matrix {
  const rt = runtime('wl.axpy()');
  checkNumber(alpha, 'alpha');
  checkMatrix(X, 'X');
  checkMatrix(Y, 'Y');
  checkSameShape(X, Y, 'X', 'Y');
  typed(rt.kernels, 'axpy', X.dtype)(alpha, X.ptr, Y.ptr, X.size);
  return Y;
}

/** Sets every element of A to value, in place. Returns A. */
export function fill(A: Matrix, value: number): Matrix {
  const rt = runtime('wl.fill()');
  checkMatrix(A, 'A');
  checkNumber(value, 'value');
  typed(rt.kernels, 'fill', A.dtype)(A.ptr, value, A.size);
  return A;
}

/** Σ A[i]·B[i] over all elements (same shape). */
export function dot(A: Matrix, B: Matrix): number {
  const rt = runtime('wl.dot()');
  checkMatrix(A, 'A');
  checkMatrix(B, 'B');
  checkSameShape(A, B, 'A', 'B');
  return typed(rt.kernels, 'dot', A.dtype)(A.ptr, B.ptr, A.size);
}

function reduce(name: 'sum' | 'min' | 'max', A: Matrix): number {
  const rt = runtime(`wl.${name}()`);
  checkMatrix(A, 'A');
  if (A.size === 0 && name !== 'sum') throw new ValidationError(`A: ${name} of an empty matrix is undefined`);
  const value: number = typed(rt.kernels, name, A.dtype)(A.ptr, A.size);
  if (tape !== null && name === 'sum') tape.record('sum', [A], value);
  return value;
}

/** Σ of all elements (0 for an empty matrix). */
export const sum = (A: Matrix): number => reduce('sum', A);
/** Smallest element. */
export const min = (A: Matrix): number => reduce('min', A);
/** Largest element. */
export const max = (A: Matrix): number => reduce('max', A);

/** A copy of A, optionally in another dtype. */
export function clone(A: Matrix, dtype?: DType): Matrix {
  const rt = runtime('wl.clone()');
  checkMatrix(A, 'A');
  return convert(rt, A, parseDType(dtype, 'wl.clone', A.dtype));
}

/** Aᵀ as a new matrix (cols×rows). */
export function transpose(A: Matrix): Matrix {
  const rt = runtime('wl.transpose()');
  checkMatrix(A, 'A');
  const out = Matrix.alloc(rt, A.cols, A.rows, A.dtype);
  typed(rt.kernels, 'transpose', A.dtype)(A.ptr, out.ptr, A.rows, A.cols);
  if (tape !== null) tape.record('transpose', [A], out);
  return out;
}
