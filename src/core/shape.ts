// Shaping and indexing: take, slice, hstack, vstack, reshape, diag, argsort. Each returns a new
// Matrix (a Matrix owns its block, so there are no views: a slice or reshape is a copy) filled by
// one kernel call per operand (assembly/shape.ts, assembly/sort.ts). Indices follow NumPy: negative
// values count from the end; take and diag refuse out-of-range indices, slices clamp as Python does.
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { kernel, typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { itemSize, type DType } from './dtype.js';
import { Matrix } from './matrix.js';
import { parseAxis, type Axis } from './reduce.js';
import { checkInteger, checkMatrix, checkOptions, describe, parseDType, toMatrix, type NumericArray } from './validate.js';

export interface TakeOptions {
  /** 0: gather rows (result m×cols); 1: gather columns (rows×m); omitted: flat row-major elements (1×m), as NumPy. */
  axis?: Axis;
}

/** Copies validated indices (negative ones wrapped) into a heap block of i32; the caller frees it. */
function indexBlock(rt: Runtime, indices: unknown, n: number, what: string): { ptr: number; m: number } {
  if (!Array.isArray(indices) && !(ArrayBuffer.isView(indices) && !(indices instanceof DataView))) {
    throw new ValidationError(`indices: expected an array of integers (number[] or Int32Array), got ${describe(indices)}`);
  }
  const idx = indices as ArrayLike<unknown>;
  const m = idx.length;
  const ptr = rt.heap.alloc(4 * m);
  try {
    const view = rt.heap.i32;
    const base = ptr >>> 2;
    for (let k = 0; k < m; k++) {
      const v = idx[k];
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValidationError(`indices[${k}]: expected an integer, got ${describe(v)}`);
      if (v < -n || v >= n) throw new ValidationError(`indices[${k}]: index ${v} is out of bounds for ${what} of size ${n} (valid: ${-n} to ${n - 1})`);
      view[base + k] = v < 0 ? v + n : v;
    }
  } catch (error) {
    rt.heap.free(ptr);
    throw error;
  }
  return { ptr, m };
}

/**
 * Gathers rows (axis 0: m×cols), columns (axis 1: rows×m) or, without axis, flat row-major
 * elements (1×m) of A at `indices` (integers; negative count from the end; repeats allowed).
 */
export function take<D extends DType>(A: Matrix<D>, indices: ArrayLike<number>, options?: TakeOptions): Matrix<D> {
  const rt = runtime('wl.take()');
  checkMatrix(A, 'A');
  const axis = parseAxis(checkOptions(options, ['axis'], 'wl.take').axis, 'wl.take');
  const n = axis === undefined ? A.size : axis === 0 ? A.rows : A.cols;
  const { ptr, m } = indexBlock(rt, indices, n, axis === undefined ? 'the flattened A' : `axis ${axis} of A`);
  try {
    const [rows, cols] = axis === undefined ? [1, m] : axis === 0 ? [m, A.cols] : [A.rows, m];
    const out = Matrix.alloc(rt, rows, cols, A.dtype) as Matrix<D>;
    if (out.size === 0) return out;
    if (axis === 0) kernel(rt.kernels, 'take_rows')(A.ptr, A.cols * itemSize(A.dtype), ptr, m, out.ptr);
    else if (axis === 1) typed(rt.kernels, 'take_cols', A.dtype)(A.ptr, A.rows, A.cols, ptr, m, out.ptr);
    else typed(rt.kernels, 'take_flat', A.dtype)(A.ptr, ptr, m, out.ptr);
    return out;
  } finally {
    rt.heap.free(ptr);
  }
}

/** A half-open range [start, end); either end may be omitted (null/undefined): the whole axis. */
export type Range = readonly [start?: number | null, end?: number | null] | null | undefined;

/** [start, end) of a range over n, as Python slicing: negatives count from the end, then clamp to [0, n]. */
function resolve(range: Range, n: number, name: string): [number, number] {
  if (range === undefined || range === null) return [0, n];
  if (!Array.isArray(range) || range.length > 2) throw new ValidationError(`${name}: expected [start, end] (half-open, like NumPy's start:end), got ${describe(range)}`);
  const bound = (v: unknown, fallback: number, which: string): number => {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValidationError(`${name}[${which}]: expected an integer, got ${describe(v)}`);
    return Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  };
  const start = bound(range[0], 0, '0');
  const end = bound(range[1], n, '1');
  return [start, Math.max(start, end)];
}

/**
 * A[r0:r1, c0:c1] as a new (r1−r0)×(c1−c0) Matrix. Ranges are half-open; negative bounds count from
 * the end; out-of-range bounds clamp and an empty range gives 0 rows or columns (NumPy/Python slicing).
 * `wl.slice(A, [0, 10])` takes the first ten rows, `wl.slice(A, null, [-1])` the last column.
 */
export function slice<D extends DType>(A: Matrix<D>, rows?: Range, cols?: Range): Matrix<D> {
  const rt = runtime('wl.slice()');
  checkMatrix(A, 'A');
  const [r0, r1] = resolve(rows, A.rows, 'rows');
  const [c0, c1] = resolve(cols, A.cols, 'cols');
  const out = Matrix.alloc(rt, r1 - r0, c1 - c0, A.dtype) as Matrix<D>;
  if (out.size === 0) return out;
  const item = itemSize(A.dtype);
  kernel(rt.kernels, 'copy_block')(A.ptr + (r0 * A.cols + c0) * item, A.cols * item, out.ptr, out.cols * item, out.rows, out.cols * item);
  return out;
}

function checkList(Ms: unknown, where: string): Matrix[] {
  if (!Array.isArray(Ms) || Ms.length === 0) throw new ValidationError(`${where}: expected a non-empty array of matrices, got ${describe(Ms)}`);
  Ms.forEach((M, i) => checkMatrix(M, `matrices[${i}]`));
  const first = Ms[0] as Matrix;
  Ms.forEach((M: Matrix, i) => {
    if (M.dtype !== first.dtype) throw new ValidationError(`matrices[${i}]: expected dtype ${first.dtype} (like matrices[0]), got ${M.dtype}`);
  });
  return Ms as Matrix[];
}

/** Side by side: every matrix has the same number of rows; the result is rows×(Σ cols). */
export function hstack<D extends DType>(matrices: readonly Matrix<D>[]): Matrix<D> {
  const rt = runtime('wl.hstack()');
  const Ms = checkList(matrices, 'wl.hstack');
  const rows = Ms[0].rows;
  Ms.forEach((M, i) => {
    if (M.rows !== rows) throw new ShapeError(`matrices[${i}]: expected ${rows} rows (like matrices[0]) to stack side by side, got ${M.rows}`);
  });
  const cols = Ms.reduce((s, M) => s + M.cols, 0);
  const out = Matrix.alloc(rt, rows, cols, Ms[0].dtype) as Matrix<D>;
  const item = itemSize(out.dtype);
  let offset = 0;
  for (const M of Ms) {
    if (M.size > 0) kernel(rt.kernels, 'copy_block')(M.ptr, M.cols * item, out.ptr + offset * item, cols * item, rows, M.cols * item);
    offset += M.cols;
  }
  return out;
}

/** One above the other: every matrix has the same number of columns; the result is (Σ rows)×cols. */
export function vstack<D extends DType>(matrices: readonly Matrix<D>[]): Matrix<D> {
  const rt = runtime('wl.vstack()');
  const Ms = checkList(matrices, 'wl.vstack');
  const cols = Ms[0].cols;
  Ms.forEach((M, i) => {
    if (M.cols !== cols) throw new ShapeError(`matrices[${i}]: expected ${cols} columns (like matrices[0]) to stack vertically, got ${M.cols}`);
  });
  const rows = Ms.reduce((s, M) => s + M.rows, 0);
  const out = Matrix.alloc(rt, rows, cols, Ms[0].dtype) as Matrix<D>;
  const item = itemSize(out.dtype);
  let offset = out.ptr;
  for (const M of Ms) {
    kernel(rt.kernels, 'copy_bytes')(M.ptr, offset, M.size * item);
    offset += M.size * item;
  }
  return out;
}

/** The same elements in row-major order as a rows×cols Matrix (a copy); one of rows, cols may be −1 (inferred). */
export function reshape<D extends DType>(A: Matrix<D>, rows: number, cols: number): Matrix<D> {
  const rt = runtime('wl.reshape()');
  checkMatrix(A, 'A');
  checkInteger(rows, 'rows', -1);
  checkInteger(cols, 'cols', -1);
  if (rows === -1 && cols === -1) throw new ShapeError('wl.reshape: only one of rows and cols can be -1');
  let r = rows;
  let c = cols;
  if (r === -1 || c === -1) {
    const known = r === -1 ? c : r;
    if (known === 0 || A.size % known !== 0) {
      throw new ShapeError(`wl.reshape: cannot infer the -1 dimension: ${A.size} elements do not split into ${r === -1 ? `?×${c}` : `${r}×?`}`);
    }
    if (r === -1) r = A.size / c;
    else c = A.size / r;
  }
  if (r * c !== A.size) throw new ShapeError(`wl.reshape: cannot reshape ${A.rows}×${A.cols} (${A.size} elements) into ${r}×${c} (${r * c} elements)`);
  const out = Matrix.alloc(rt, r, c, A.dtype) as Matrix<D>;
  kernel(rt.kernels, 'copy_bytes')(A.ptr, out.ptr, A.size * itemSize(A.dtype));
  return out;
}

export interface DiagOptions {
  /** Which diagonal: 0 the main one (default), k > 0 above it, k < 0 below it (NumPy's k). */
  k?: number;
  /** dtype of the result when v is a JS array (default float64; a Float32Array gives float32). */
  dtype?: DType;
}

/**
 * NumPy's diag. A vector v — a JS array / typed array, or a Matrix with one row or one column — gives
 * the (n+|k|)×(n+|k|) matrix with v on diagonal k and zeros elsewhere. Any other Matrix gives its
 * diagonal k as a 1×len row (len = number of elements on that diagonal, possibly 0).
 * (A 1×n or n×1 Matrix counts as a vector, as a NumPy 1-D array would.)
 */
export function diag<D extends DType>(v: Matrix<D>, options?: { k?: number }): Matrix<D>;
export function diag(v: Matrix | NumericArray, options?: DiagOptions): Matrix;
export function diag(v: Matrix | NumericArray, options?: DiagOptions): Matrix {
  const rt = runtime('wl.diag()');
  const opts = checkOptions(options, ['k', 'dtype'], 'wl.diag');
  const k = opts.k === undefined ? 0 : checkInteger(opts.k, 'k', -(2 ** 30), 2 ** 30);
  let V: Matrix;
  let owned = false;
  if (v instanceof Matrix) {
    V = checkMatrix(v, 'v');
    if (opts.dtype !== undefined) throw new InvalidParameterError('wl.diag: option "dtype" applies to a JS array v; convert a Matrix with wl.clone(v, dtype)');
  } else {
    const data = v as NumericArray;
    if (!Array.isArray(data) && !ArrayBuffer.isView(data)) throw new ValidationError(`v: expected a Matrix or an array of numbers, got ${describe(v)}`);
    const dtype = parseDType(opts.dtype, 'wl.diag', data instanceof Float32Array ? 'float32' : 'float64');
    V = toMatrix(rt, data, 'v', { rows: 1, cols: data.length, dtype });
    owned = true;
  }
  try {
    const copy = typed(rt.kernels, 'strided_copy', V.dtype);
    const item = itemSize(V.dtype);
    if (V.rows === 1 || V.cols === 1) {
      const n = V.size;
      const N = n + Math.abs(k);
      const out = Matrix.alloc(rt, N, N, V.dtype);
      typed(rt.kernels, 'fill', V.dtype)(out.ptr, 0, out.size);
      const start = k >= 0 ? k : -k * N;
      copy(V.ptr, 1, out.ptr + start * item, N + 1, n);
      return out;
    }
    const len = Math.max(0, k >= 0 ? Math.min(V.rows, V.cols - k) : Math.min(V.rows + k, V.cols));
    const out = Matrix.alloc(rt, 1, len, V.dtype);
    if (len > 0) copy(V.ptr + (k >= 0 ? k : -k * V.cols) * item, V.cols + 1, out.ptr, 1, len);
    return out;
  } finally {
    if (owned) V.dispose();
  }
}

export interface ArgsortOptions {
  /** 1 (default, NumPy's −1): sort each row; 0: sort each column. */
  axis?: Axis;
}

/**
 * Indices that sort A along an axis, ascending and stable (equal values keep their order, NumPy's
 * kind='stable'). The result is an Int32Array of rows·cols laid out like A (row-major): for axis 1,
 * entries [i·cols, (i+1)·cols) are the column indices that sort row i; for axis 0, entry [r·cols + j]
 * is the row index of the r-th smallest value of column j — NumPy's argsort output, flattened.
 */
export function argsort(A: Matrix, options?: ArgsortOptions): Int32Array {
  const rt = runtime('wl.argsort()');
  checkMatrix(A, 'A');
  const axis = parseAxis(checkOptions(options, ['axis'], 'wl.argsort').axis, 'wl.argsort') ?? 1;
  if (A.size === 0) return new Int32Array(0);
  const n = axis === 1 ? A.cols : A.rows;
  const out = rt.heap.alloc(4 * A.size);
  try {
    const scratch = rt.heap.alloc(n * (2 * itemSize(A.dtype) + 8));
    try {
      typed(rt.kernels, 'argsort', A.dtype)(A.ptr, A.rows, A.cols, axis, out, scratch);
    } finally {
      rt.heap.free(scratch);
    }
    return rt.heap.i32.slice(out >>> 2, (out >>> 2) + A.size);
  } finally {
    rt.heap.free(out);
  }
}
