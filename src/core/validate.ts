// Validation at the API edge. Everything that enters the heap from JS passes through here once;
// kernels trust their inputs. Every error names the argument and what was expected.
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { DTYPES, type DType } from './dtype.js';
import { Matrix } from './matrix.js';

/** Numeric arrays accepted as data. */
export type NumericArray = number[] | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray;

/** What every API accepts as a matrix: nested rows, a Matrix, or flat row-major data with its shape. */
export type MatrixLike = number[][] | Matrix | { data: NumericArray; rows: number; cols: number };

/**
 * Throws InvalidParameterError for an options object with keys outside `allowed`, and for an option
 * given as `null` (omit it, or pass `undefined`, for the default) unless it is listed in `nullable`.
 */
export function checkOptions(options: unknown, allowed: readonly string[], where: string, nullable: readonly string[] = []): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidParameterError(`${where}: expected an options object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidParameterError(`${where}: unknown option "${key}"; expected ${allowed.length ? 'one of ' + allowed.join(', ') : 'no options'}`);
    }
    if ((options as Record<string, unknown>)[key] === null && !nullable.includes(key)) {
      throw new InvalidParameterError(`${where}: option "${key}" is null; omit it (or pass undefined) for the default, or give a value`);
    }
  }
  return options as Record<string, unknown>;
}

/** A dtype option: 'float64' (default) or 'float32'. */
export function parseDType(value: unknown, where: string, fallback: DType = 'float64'): DType {
  if (value === undefined) return fallback;
  if (!DTYPES.includes(value as DType)) {
    throw new ValidationError(`${where}: unknown dtype ${describe(value)}; expected 'float64' or 'float32'`);
  }
  return value as DType;
}

/** A whole number in [min, max]. */
export function checkInteger(value: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new InvalidParameterError(`${name}: expected an integer ${range}, got ${describe(value)}`);
  }
  return value;
}

/** A finite number. */
export function checkNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidParameterError(`${name}: expected a finite number, got ${describe(value)}`);
  }
  return value;
}

/** Largest finite float32; anything that rounds beyond it becomes ±Infinity in a float32 matrix. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Throws ValidationError when a finite number does not fit the dtype (too large for float32). */
export function checkRange(value: number, dtype: DType, name: string): number {
  if (dtype === 'float32' && !Number.isFinite(Math.fround(value))) throw tooLarge(name, value);
  return value;
}

function tooLarge(where: string, v: number): ValidationError {
  return new ValidationError(`${where}: ${v} is too large for float32 (|x| must round to at most ${FLOAT32_MAX}); use dtype 'float64'`);
}

/**
 * After writing finite values into a float32 matrix: throws ValidationError naming the first entry
 * that overflowed to ±Infinity (one kernel pass; the search runs only when there is one).
 */
function checkNoOverflow(m: Matrix, name: string, source: ArrayLike<number> | ((i: number) => number), label: (i: number) => string): void {
  if (m.dtype !== 'float32' || m.size === 0) return;
  if (typed(m.runtime.kernels, 'count_nonfinite', m.dtype)(m.ptr, m.size) === 0) return;
  const data = m.data;
  for (let i = 0; i < data.length; i++) {
    if (Number.isFinite(data[i])) continue;
    const v = typeof source === 'function' ? source(i) : source[i];
    throw Number.isFinite(v) ? tooLarge(`${name}${label(i)}`, v) : badValue(`${name}${label(i)}`, v);
  }
}

/** Throws DisposedError (via `ptr`) and, with `dtype`, ValidationError for a Matrix of another dtype. */
export function checkMatrix(m: unknown, name: string): Matrix {
  if (!(m instanceof Matrix)) throw new ValidationError(`${name}: expected a Matrix, got ${describe(m)}`);
  void m.ptr;
  return m;
}

/** Throws ShapeError unless a and b have the same shape, ValidationError unless the same dtype. */
export function checkSameShape(a: Matrix, b: Matrix, nameA: string, nameB: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`${nameB}: expected shape ${a.rows}×${a.cols} (like ${nameA}), got ${b.rows}×${b.cols}`);
  }
  if (a.dtype !== b.dtype) throw new ValidationError(`${nameB}: expected dtype ${a.dtype} (like ${nameA}), got ${b.dtype}`);
}

/** Throws ValidationError when a Matrix holds NaN or ±Infinity (a kernel counts them). */
export function checkFinite(m: Matrix, name: string): void {
  const bad = typed(m.runtime.kernels, 'count_nonfinite', m.dtype)(m.ptr, m.size);
  if (bad > 0) throw new ValidationError(`${name}: expected finite values, found ${bad} NaN or ±Infinity entr${bad === 1 ? 'y' : 'ies'}`);
}

/**
 * A Matrix for `X`: a Matrix input is borrowed (owned: false) when its dtype matches; anything
 * else is copied into a new Matrix that the caller owns and must dispose (owned: true).
 */
export function asMatrix(rt: Runtime, X: unknown, name: string, dtype?: DType): { matrix: Matrix; owned: boolean } {
  if (X instanceof Matrix) {
    void X.ptr;
    if (dtype === undefined || X.dtype === dtype) return { matrix: X, owned: false };
    return { matrix: convert(rt, X, dtype), owned: true };
  }
  return { matrix: toMatrix(rt, X, name, { dtype }), owned: true };
}

export interface ToMatrixOptions {
  dtype?: DType;
  rows?: number;
  cols?: number;
}

/** Copies JS data (any MatrixLike, or a flat typed array with rows/cols) into a new Matrix. */
export function toMatrix(rt: Runtime, X: unknown, name: string, opts: ToMatrixOptions = {}): Matrix {
  if (X instanceof Matrix) {
    void X.ptr;
    return convert(rt, X, opts.dtype ?? X.dtype);
  }
  if (Array.isArray(X)) {
    if (opts.rows !== undefined || opts.cols !== undefined) return fromFlat(rt, X, name, opts);
    return fromRows(rt, X, name, opts.dtype ?? 'float64');
  }
  if (isNumericTypedArray(X)) return fromFlat(rt, X, name, opts);
  if (X !== null && typeof X === 'object' && 'data' in X) {
    const { data, rows, cols } = X as { data: unknown; rows: unknown; cols: unknown };
    if (!Array.isArray(data) && !isNumericTypedArray(data)) {
      throw new ValidationError(`${name}.data: expected a number[] or a numeric typed array, got ${describe(data)}`);
    }
    return fromFlat(rt, data as NumericArray, name, { dtype: opts.dtype, rows: rows as number, cols: cols as number });
  }
  throw new ValidationError(`${name}: expected number[][], a Matrix, or { data, rows, cols }, got ${describe(X)}`);
}

/** A copy of a Matrix in another (or the same) dtype. */
export function convert(rt: Runtime, m: Matrix, dtype: DType): Matrix {
  const out = Matrix.alloc(rt, m.rows, m.cols, dtype);
  const k = rt.kernels;
  if (m.dtype === dtype) {
    (k.copy_bytes as (a: number, b: number, c: number) => void)(m.ptr, out.ptr, m.size * (dtype === 'float32' ? 4 : 8));
    return out;
  }
  (k[m.dtype === 'float64' ? 'convert_f64_f32' : 'convert_f32_f64'] as (a: number, b: number, n: number) => void)(m.ptr, out.ptr, m.size);
  if (dtype === 'float32') {
    // float64 → float32: a finite value beyond the float32 range must not turn into ±Infinity
    // silently (an Infinity already in m, e.g. from a division by zero, stays what it was).
    const count = (p: number, size: number, t: DType) => typed(k, 'count_nonfinite', t)(p, size);
    if (count(out.ptr, out.size, 'float32') > count(m.ptr, m.size, 'float64')) {
      const src = m.data;
      const dst = out.data;
      const cols = m.cols;
      let at = 0;
      while (Number.isFinite(dst[at]) || !Number.isFinite(src[at])) at++;
      const v = src[at];
      out.dispose();
      throw tooLarge(`Matrix (${m.rows}×${m.cols}) [${Math.floor(at / cols)}][${at % cols}]`, v);
    }
  }
  return out;
}

function fromRows(rt: Runtime, X: unknown[], name: string, dtype: DType): Matrix {
  if (X.length === 0) throw new ValidationError(`${name}: expected at least one row, got an empty array`);
  const first = X[0];
  if (!Array.isArray(first) && !isNumericTypedArray(first)) {
    if (typeof first === 'number') {
      throw new ShapeError(`${name}: expected a 2-D array (number[][]), got a 1-D array of numbers; wrap it as [[…]] for one row, or pass { data, rows, cols }`);
    }
    throw new ValidationError(`${name}[0]: expected an array of numbers, got ${describe(first)}`);
  }
  const rows = X.length;
  const cols = (first as ArrayLike<number>).length;
  if (cols === 0) throw new ValidationError(`${name}: expected at least one column, got rows of length 0`);
  for (let i = 1; i < rows; i++) {
    const row = X[i];
    if (!Array.isArray(row) && !isNumericTypedArray(row)) throw new ValidationError(`${name}[${i}]: expected an array of numbers, got ${describe(row)}`);
    if ((row as ArrayLike<number>).length !== cols) {
      throw new ValidationError(`${name}: ragged rows: row ${i} has ${(row as ArrayLike<number>).length} values, row 0 has ${cols} (every row needs the same length)`);
    }
  }
  const m = Matrix.alloc(rt, rows, cols, dtype);
  try {
    const data = m.data;
    for (let i = 0; i < rows; i++) {
      const row = X[i] as ArrayLike<number>;
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== 'number' || v - v !== 0) throw badValue(`${name}[${i}][${j}]`, v);
        data[base + j] = v;
      }
    }
    checkNoOverflow(m, name, (i) => (X[Math.floor(i / cols)] as ArrayLike<number>)[i % cols], (i) => `[${Math.floor(i / cols)}][${i % cols}]`);
  } catch (error) {
    m.dispose();
    throw error;
  }
  return m;
}

function fromFlat(rt: Runtime, data: NumericArray, name: string, opts: ToMatrixOptions): Matrix {
  const n = data.length;
  if (n === 0) throw new ValidationError(`${name}: expected at least one value, got empty data`);
  let { rows, cols } = opts;
  if (rows === undefined && cols === undefined) {
    throw new ShapeError(`${name}: flat data needs its shape: pass { rows, cols } (got ${n} values)`);
  }
  if (rows !== undefined) checkDim(rows, `${name}: rows`);
  if (cols !== undefined) checkDim(cols, `${name}: cols`);
  rows ??= n / cols!;
  cols ??= n / rows;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows * cols !== n) {
    throw new ShapeError(`${name}: ${n} values do not fill a ${opts.rows ?? '?'}×${opts.cols ?? '?'} matrix (rows·cols must equal the data length)`);
  }
  const dtype = opts.dtype ?? (data instanceof Float32Array ? 'float32' : 'float64');
  const m = Matrix.alloc(rt, rows, cols, dtype);
  try {
    const view = m.data;
    if (data instanceof Float64Array || data instanceof Float32Array) {
      view.set(data); // a typed copy first, then one finiteness pass in Wasm
      if (dtype === 'float32' && data instanceof Float64Array) checkNoOverflow(m, name, data, (i) => `[${i}]`);
      checkFinite(m, name);
    } else {
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (typeof v !== 'number' || v - v !== 0) throw badValue(`${name}[${i}]`, v);
        view[i] = v;
      }
      checkNoOverflow(m, name, data, (i) => `[${i}]`);
    }
  } catch (error) {
    m.dispose();
    throw error;
  }
  return m;
}

function checkDim(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ShapeError(`${name} must be a positive integer, got ${describe(value)}`);
  }
}

function badValue(where: string, v: unknown): ValidationError {
  if (typeof v === 'number') return new ValidationError(`${where}: expected a finite number, got ${v}`);
  return new ValidationError(`${where}: expected a number, got ${describe(v)}`);
}

function isNumericTypedArray(x: unknown): x is NumericArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v);
  if (typeof v === 'object') return v instanceof Matrix ? String(v) : `an object (${v.constructor?.name ?? 'Object'})`;
  return String(v);
}
