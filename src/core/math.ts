// Elementwise math, each one kernel call (assembly/math.ts): the result has A's shape and dtype; `out`
// (same shape and dtype) may be A itself.
//
// Domain: inputs are finite (every Matrix is validated when it enters the heap), so the only way a
// NaN could appear is an argument outside a function's domain: log or sqrt of a negative number,
// log1p below −1, a negative base to a fractional power. NumPy returns NaN there with a
// RuntimeWarning; here that is a ValidationError naming A, the first offending index and its value,
// thrown before anything is written (so `out`, even when it is A, is untouched). Poles and overflow
// follow IEEE and NumPy: log(0) = −Infinity, log1p(−1) = −Infinity, 0^p = Infinity for p < 0,
// exp(1000) = Infinity — like x/0 in wl.div.
import { InvalidParameterError, ValidationError } from '../errors.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import type { DType } from './dtype.js';
import { Matrix } from './matrix.js';
import { tape } from './tape.js';
import { broadcastBinary, type Operand, type OutOptions } from './ops.js';
import { checkMatrix, checkNumber, checkOptions, checkRange, checkSameShape } from './validate.js';

type Unary = 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'abs' | 'square' | 'sign' | 'tanh' | 'sigmoid';

/** Lower bounds of the real domain (x ≥ bound). */
const DOMAIN: Partial<Record<Unary, number>> = { log: 0, sqrt: 0, log1p: -1 };

function target(rt: Runtime, A: Matrix, options: OutOptions | undefined, name: string): Matrix {
  const opts = checkOptions(options, ['out'], `wl.${name}`);
  if (opts.out === undefined) return Matrix.alloc(rt, A.rows, A.cols, A.dtype);
  const out = checkMatrix(opts.out, 'out');
  checkSameShape(A, out, 'A', 'out');
  return out;
}

/** Throws ValidationError naming the first element of A below `bound`. */
function checkDomain(rt: Runtime, A: Matrix, bound: number, name: string, why: string): void {
  const i = typed(rt.kernels, 'first_below', A.dtype)(A.ptr, A.size, bound);
  if (i >= 0) {
    const r = Math.floor(i / A.cols);
    throw new ValidationError(`A: wl.${name} ${why}; A[${r}][${i - r * A.cols}] = ${A.data[i]} (NumPy would return NaN there)`);
  }
}

function unary(name: Unary, A: Matrix, options?: OutOptions): Matrix {
  const rt = runtime(`wl.${name}()`);
  checkMatrix(A, 'A');
  const bound = DOMAIN[name];
  if (bound !== undefined) checkDomain(rt, A, bound, name, `needs every element >= ${bound}`);
  const out = target(rt, A, options, name);
  typed(rt.kernels, name, A.dtype)(A.ptr, out.ptr, A.size);
  if (tape !== null) tape.record(name, [A], out);
  return out;
}

/** e^A, elementwise. */
export const exp = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('exp', A, options) as Matrix<D>;
/** Natural logarithm, elementwise; A ≥ 0 (log 0 = −Infinity), a negative element throws ValidationError. */
export const log = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('log', A, options) as Matrix<D>;
/** log(1 + A), accurate for small A; A ≥ −1, below throws ValidationError. */
export const log1p = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('log1p', A, options) as Matrix<D>;
/** e^A − 1, accurate for small A. */
export const expm1 = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('expm1', A, options) as Matrix<D>;
/** √A, elementwise; a negative element throws ValidationError. */
export const sqrt = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('sqrt', A, options) as Matrix<D>;
/** |A|, elementwise. */
export const abs = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('abs', A, options) as Matrix<D>;
/** A², elementwise. */
export const square = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('square', A, options) as Matrix<D>;
/** −1, 0 or 1 by the sign of each element. */
export const sign = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('sign', A, options) as Matrix<D>;
/** Hyperbolic tangent, elementwise. */
export const tanh = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('tanh', A, options) as Matrix<D>;
/** Logistic function 1/(1 + e^−A), evaluated without overflow for any finite A. */
export const sigmoid = <D extends DType>(A: Matrix<D>, options?: OutOptions): Matrix<D> => unary('sigmoid', A, options) as Matrix<D>;

/** A^p elementwise for a number p. A negative element with a fractional p throws ValidationError. */
export function pow<D extends DType>(A: Matrix<D>, p: number, options?: OutOptions): Matrix<D> {
  const rt = runtime('wl.pow()');
  checkMatrix(A, 'A');
  checkRange(checkNumber(p, 'p'), A.dtype, 'p');
  if (p === 2) return unary('square', A, options) as Matrix<D>;
  if (!Number.isInteger(p)) checkDomain(rt, A, 0, 'pow', `with a fractional exponent p = ${p} needs every element >= 0`);
  const out = target(rt, A, options, 'pow');
  typed(rt.kernels, 'pow', A.dtype)(A.ptr, p, out.ptr, A.size);
  if (tape !== null) tape.record('pow', [A, p], out);
  return out as Matrix<D>;
}

/**
 * Limits every element to [lo, hi]. Either bound may be null or undefined (no limit on that side),
 * not both; lo > hi throws InvalidParameterError (NumPy would silently return hi everywhere).
 */
export function clip<D extends DType>(A: Matrix<D>, lo: number | null | undefined, hi: number | null | undefined, options?: OutOptions): Matrix<D> {
  const rt = runtime('wl.clip()');
  checkMatrix(A, 'A');
  if ((lo === undefined || lo === null) && (hi === undefined || hi === null)) {
    throw new InvalidParameterError('wl.clip: give at least one of lo and hi (got neither)');
  }
  const l = lo === undefined || lo === null ? -Infinity : checkNumber(lo, 'lo');
  const h = hi === undefined || hi === null ? Infinity : checkNumber(hi, 'hi');
  if (l > h) throw new InvalidParameterError(`wl.clip: lo (${l}) must be <= hi (${h})`);
  const out = target(rt, A, options, 'clip');
  typed(rt.kernels, 'clip', A.dtype)(A.ptr, l, h, out.ptr, A.size);
  if (tape !== null) tape.record('clip', [A], out);
  return out as Matrix<D>;
}

/** Elementwise larger of A and B, broadcasting as wl.add does. */
export function maximum<D extends DType>(A: Operand<D>, B: Operand<D>, options?: OutOptions): Matrix<D> {
  return broadcastBinary('maximum', A, B, options) as Matrix<D>;
}

/** Elementwise smaller of A and B, broadcasting as wl.add does. */
export function minimum<D extends DType>(A: Operand<D>, B: Operand<D>, options?: OutOptions): Matrix<D> {
  return broadcastBinary('minimum', A, B, options) as Matrix<D>;
}

