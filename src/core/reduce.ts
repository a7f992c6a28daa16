// Reductions: sum, mean, var, std, min, max, argmin, argmax over the whole matrix or along an axis,
// each one kernel call (assembly/axis.ts). Sums and variances accumulate in float64 for both dtypes.
//
// Shapes (NumPy's, with 1-D results kept 2-D so they broadcast back against A):
//   no axis → a number; axis 0 → 1×cols (one value per column); axis 1 → rows×1 (one per row).
//   argmin/argmax: no axis → the flat (row-major) index as a number; axis 0 → Int32Array(cols) of
//   row indices; axis 1 → Int32Array(rows) of column indices. Ties go to the first index (NumPy).
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import type { DType } from './dtype.js';
import { Matrix } from './matrix.js';
import { tape } from './tape.js';
import { checkMatrix, checkOptions, describe } from './validate.js';

/** 0: reduce down the columns (result 1×cols); 1: along the rows (result rows×1). −2 and −1 alias them. */
export type Axis = 0 | 1 | -1 | -2;

export interface ReduceOptions {
  /** Reduce along this axis instead of over every element. */
  axis?: Axis;
  /** With `axis`: write the result here (1×cols or rows×1, A's dtype) instead of a new Matrix. */
  out?: Matrix;
}

export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: the divisor is n − ddof (default 0, NumPy's; 1 gives the unbiased estimate). */
  ddof?: number;
}

export interface ArgOptions {
  /** Reduce along this axis (result: Int32Array) instead of over every element (result: a number). */
  axis?: Axis;
}

/** The axis option: undefined, 0 or 1 (−2 and −1 as NumPy counts from the end). */
export function parseAxis(value: unknown, where: string): 0 | 1 | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 0 || value === -2) return 0;
  if (value === 1 || value === -1) return 1;
  throw new InvalidParameterError(`${where}: option "axis" must be 0 (down the columns), 1 (along the rows) or omitted (every element), got ${describe(value)}`);
}

/** A Matrix for the result of an axis reduction: `out` checked, or a new one. */
function result(rt: Runtime, A: Matrix, axis: 0 | 1, out: unknown, where: string): Matrix {
  const rows = axis === 0 ? 1 : A.rows;
  const cols = axis === 0 ? A.cols : 1;
  if (out === undefined) return Matrix.alloc(rt, rows, cols, A.dtype);
  const o = checkMatrix(out, 'out');
  if (o.rows !== rows || o.cols !== cols) throw new ShapeError(`out: expected shape ${rows}×${cols} (${where} along axis ${axis} of a ${A.rows}×${A.cols} A), got ${o.rows}×${o.cols}`);
  if (o.dtype !== A.dtype) throw new ValidationError(`out: expected dtype ${A.dtype} (like A), got ${o.dtype}`);
  return o;
}

/** Runs `fn` with `bytes` of heap scratch, freed afterwards. */
function withScratch<R>(rt: Runtime, bytes: number, fn: (ptr: number) => R): R {
  const ptr = rt.heap.alloc(bytes);
  try {
    return fn(ptr);
  } finally {
    rt.heap.free(ptr);
  }
}

/** Throws when a reduction without identity (mean, min, …) would reduce an empty run into a value. */
function checkNonEmpty(A: Matrix, axis: 0 | 1 | undefined, name: string): void {
  const n = axis === undefined ? A.size : axis === 0 ? A.rows : A.cols;
  const outputs = axis === undefined ? 1 : axis === 0 ? A.cols : A.rows;
  if (n === 0 && outputs > 0) {
    const where = axis === undefined ? 'an empty matrix' : `axis ${axis} of a ${A.rows}×${A.cols} matrix (length 0)`;
    throw new ValidationError(`A: ${name} over ${where} is undefined`);
  }
}

function start(name: string, A: Matrix, options: unknown, allowed: readonly string[]): { rt: Runtime; opts: Record<string, unknown>; axis: 0 | 1 | undefined } {
  const rt = runtime(`wl.${name}()`);
  checkMatrix(A, 'A');
  const opts = checkOptions(options, allowed, `wl.${name}`);
  const axis = parseAxis(opts.axis, `wl.${name}`);
  if (axis === undefined && opts.out !== undefined) throw new InvalidParameterError(`wl.${name}: option "out" needs "axis" (without it the result is a number)`);
  return { rt, opts, axis };
}

function sumOrMean(name: 'sum' | 'mean', A: Matrix, options?: ReduceOptions): number | Matrix {
  const { rt, opts, axis } = start(name, A, options, ['axis', 'out']);
  if (name === 'mean') checkNonEmpty(A, axis, name);
  const k = rt.kernels;
  if (axis === undefined) {
    const s = typed(k, 'sum_wide', A.dtype)(A.ptr, A.size);
    const v = name === 'mean' ? s / A.size : s;
    if (tape !== null) tape.record(name, [A], v);
    return v;
  }
  const out = result(rt, A, axis, opts.out, name);
  if (axis === 0) {
    const scale = name === 'mean' && A.rows > 0 ? 1 / A.rows : 1;
    withScratch(rt, 16 * A.cols, (s) => typed(k, 'col_sum', A.dtype)(A.ptr, A.rows, A.cols, out.ptr, s, scale));
  } else {
    const scale = name === 'mean' && A.cols > 0 ? 1 / A.cols : 1;
    typed(k, 'row_sum', A.dtype)(A.ptr, A.rows, A.cols, out.ptr, scale);
  }
  if (tape !== null) tape.record(name, [A], out, { axis });
  return out;
}

function variance(name: 'var' | 'std', A: Matrix, options?: VarOptions): number | Matrix {
  if (tape !== null) tape.record(name, [A], NaN); // not differentiable here: the tape refuses a tracked A
  const { rt, opts, axis } = start(name, A, options, ['axis', 'out', 'ddof']);
  const ddof = opts.ddof ?? 0;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof) || ddof < 0) {
    throw new InvalidParameterError(`wl.${name}: option "ddof" must be a finite number >= 0, got ${describe(ddof)}`);
  }
  checkNonEmpty(A, axis, name);
  const n = axis === undefined ? A.size : axis === 0 ? A.rows : A.cols;
  const outputs = axis === undefined ? 1 : axis === 0 ? A.cols : A.rows;
  if (outputs > 0 && n - ddof <= 0) {
    // NumPy returns inf or nan here with a warning; a silent non-finite result is worse than an error
    throw new InvalidParameterError(`wl.${name}: option "ddof" (${ddof}) must be less than the number of values reduced (${n})`);
  }
  const k = rt.kernels;
  const root = name === 'std' ? 1 : 0;
  if (axis === undefined) {
    const mean = typed(k, 'sum_wide', A.dtype)(A.ptr, A.size) / n;
    const v = typed(k, 'sqdev_wide', A.dtype)(A.ptr, A.size, mean) / (n - ddof);
    return root ? Math.sqrt(v) : v;
  }
  const out = result(rt, A, axis, opts.out, name);
  if (outputs === 0) return out;
  if (axis === 0) withScratch(rt, 32 * A.cols, (s) => typed(k, 'col_var', A.dtype)(A.ptr, A.rows, A.cols, out.ptr, s, n - ddof, root));
  else typed(k, 'row_var', A.dtype)(A.ptr, A.rows, A.cols, out.ptr, n - ddof, root);
  return out;
}

function extremum(name: 'min' | 'max', A: Matrix, options?: ReduceOptions): number | Matrix {
  if (tape !== null) tape.record(name, [A], NaN); // not differentiable here: the tape refuses a tracked A
  const { rt, opts, axis } = start(name, A, options, ['axis', 'out']);
  checkNonEmpty(A, axis, name);
  if (axis === undefined) return typed(rt.kernels, name, A.dtype)(A.ptr, A.size);
  const out = result(rt, A, axis, opts.out, name);
  if (out.size > 0) typed(rt.kernels, `${axis === 0 ? 'col' : 'row'}_${name}`, A.dtype)(A.ptr, A.rows, A.cols, out.ptr);
  return out;
}

function argExtremum(name: 'argmin' | 'argmax', A: Matrix, options?: ArgOptions): number | Int32Array {
  const { rt, axis } = start(name, A, options, ['axis']);
  checkNonEmpty(A, axis, name);
  const k = rt.kernels;
  if (axis === undefined) return typed(k, name, A.dtype)(A.ptr, A.size);
  const n = axis === 0 ? A.cols : A.rows;
  if (n === 0) return new Int32Array(0);
  const itemBytes = A.dtype === 'float32' ? 4 : 8;
  // indices (n i32), then for axis 0 the running best values (n of A's dtype), 8-byte aligned
  return withScratch(rt, 4 * n + 4 + (axis === 0 ? itemBytes * n : 0), (s) => {
    if (axis === 0) typed(k, `col_${name}`, A.dtype)(A.ptr, A.rows, A.cols, s, (s + 4 * n + 7) & ~7);
    else typed(k, `row_${name}`, A.dtype)(A.ptr, A.rows, A.cols, s);
    return rt.heap.i32.slice(s >>> 2, (s >>> 2) + n);
  });
}

/** Σ of the elements: a number (0 for an empty matrix), or with `axis` 1×cols (axis 0) / rows×1 (axis 1). */
export function sum(A: Matrix, options?: { axis?: undefined }): number;
export function sum<D extends DType>(A: Matrix<D>, options: ReduceOptions & { axis: Axis }): Matrix<D>;
export function sum(A: Matrix, options?: ReduceOptions): number | Matrix;
export function sum(A: Matrix, options?: ReduceOptions): number | Matrix {
  return sumOrMean('sum', A, options);
}

/** Arithmetic mean: a number, or with `axis` 1×cols (axis 0) / rows×1 (axis 1). Empty input throws. */
export function mean(A: Matrix, options?: { axis?: undefined }): number;
export function mean<D extends DType>(A: Matrix<D>, options: ReduceOptions & { axis: Axis }): Matrix<D>;
export function mean(A: Matrix, options?: ReduceOptions): number | Matrix;
export function mean(A: Matrix, options?: ReduceOptions): number | Matrix {
  return sumOrMean('mean', A, options);
}

/** Variance Σ(x − mean)²/(n − ddof), ddof default 0 as NumPy: a number, or 1×cols / rows×1 with `axis`. */
function var_(A: Matrix, options?: { axis?: undefined; ddof?: number }): number;
function var_<D extends DType>(A: Matrix<D>, options: VarOptions & { axis: Axis }): Matrix<D>;
function var_(A: Matrix, options?: VarOptions): number | Matrix;
function var_(A: Matrix, options?: VarOptions): number | Matrix {
  return variance('var', A, options);
}
export { var_ as var };

/** Standard deviation √var (same shapes and `ddof` as var). */
export function std(A: Matrix, options?: { axis?: undefined; ddof?: number }): number;
export function std<D extends DType>(A: Matrix<D>, options: VarOptions & { axis: Axis }): Matrix<D>;
export function std(A: Matrix, options?: VarOptions): number | Matrix;
export function std(A: Matrix, options?: VarOptions): number | Matrix {
  return variance('std', A, options);
}

/** Smallest element: a number, or 1×cols (axis 0) / rows×1 (axis 1). Empty input throws. */
export function min(A: Matrix, options?: { axis?: undefined }): number;
export function min<D extends DType>(A: Matrix<D>, options: ReduceOptions & { axis: Axis }): Matrix<D>;
export function min(A: Matrix, options?: ReduceOptions): number | Matrix;
export function min(A: Matrix, options?: ReduceOptions): number | Matrix {
  return extremum('min', A, options);
}

/** Largest element: a number, or 1×cols (axis 0) / rows×1 (axis 1). Empty input throws. */
export function max(A: Matrix, options?: { axis?: undefined }): number;
export function max<D extends DType>(A: Matrix<D>, options: ReduceOptions & { axis: Axis }): Matrix<D>;
export function max(A: Matrix, options?: ReduceOptions): number | Matrix;
export function max(A: Matrix, options?: ReduceOptions): number | Matrix {
  return extremum('max', A, options);
}

/** Index of the first smallest element: flat row-major index, or Int32Array(cols) (axis 0) / Int32Array(rows) (axis 1). */
export function argmin(A: Matrix, options?: { axis?: undefined }): number;
export function argmin(A: Matrix, options: { axis: Axis }): Int32Array;
export function argmin(A: Matrix, options?: ArgOptions): number | Int32Array;
export function argmin(A: Matrix, options?: ArgOptions): number | Int32Array {
  return argExtremum('argmin', A, options);
}

/** Index of the first largest element: flat row-major index, or Int32Array(cols) (axis 0) / Int32Array(rows) (axis 1). */
export function argmax(A: Matrix, options?: { axis?: undefined }): number;
export function argmax(A: Matrix, options: { axis: Axis }): Int32Array;
export function argmax(A: Matrix, options?: ArgOptions): number | Int32Array;
export function argmax(A: Matrix, options?: ArgOptions): number | Int32Array {
  return argExtremum('argmax', A, options);
}
