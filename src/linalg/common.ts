// Shared plumbing of the linear-algebra facade: reading a square input, reading a right-hand side
// that may be a matrix or a 1-D vector, scratch blocks, and the machine epsilon of a dtype.
import { ShapeError, ValidationError } from '../errors.js';
import type { DType, FloatArray } from '../core/dtype.js';
import { itemSize } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { asMatrix, checkFinite, convert, toMatrix } from '../core/validate.js';
import type { Runtime } from '../runtime/load.js';

/** Unit roundoff ×2 (the spacing of floats at 1) of a dtype. */
export function epsOf(dtype: DType): number {
  return dtype === 'float32' ? 2 ** -23 : 2 ** -52;
}

/**
 * `X` as a Matrix checked for finiteness: a Matrix is borrowed (owned: false), JS data is copied
 * (owned: true, the caller disposes it). With `dtype`, a Matrix of another dtype is an error.
 */
export function readMatrix(rt: Runtime, X: unknown, name: string, dtype?: DType): { matrix: Matrix; owned: boolean } {
  if (X instanceof Matrix && dtype !== undefined && X.dtype !== dtype) {
    throw new ValidationError(`${name}: expected dtype ${dtype} (like A), got ${X.dtype}`);
  }
  const r = asMatrix(rt, X, name, dtype);
  if (!r.owned) checkFinite(r.matrix, name);
  return r;
}

/** readMatrix, plus a ShapeError unless the matrix is square. */
export function readSquare(rt: Runtime, X: unknown, name: string): { matrix: Matrix; owned: boolean } {
  const r = readMatrix(rt, X, name);
  if (r.matrix.rows !== r.matrix.cols) {
    if (r.owned) r.matrix.dispose();
    throw new ShapeError(`${name}: expected a square matrix, got ${r.matrix.rows}×${r.matrix.cols}`);
  }
  return r;
}

/** A right-hand side: a 1-D vector (as an n×1 column) or a matrix, always a fresh copy the caller owns. */
export interface Rhs {
  /** The right-hand side as rows×k, a copy the kernels may overwrite. */
  matrix: Matrix;
  /** True when b was 1-D: the answer goes back as a typed array. */
  vector: boolean;
}

function isVector(b: unknown): boolean {
  if (ArrayBuffer.isView(b)) return true;
  return Array.isArray(b) && (b.length === 0 || !(Array.isArray(b[0]) || ArrayBuffer.isView(b[0])));
}

/** Copies b (m×k matrix or length-m vector) into a new Matrix of `dtype`; ShapeError unless it has `rows` rows. */
export function readRhs(rt: Runtime, b: unknown, name: string, dtype: DType, rows: number, nameA = 'A'): Rhs {
  let matrix: Matrix;
  let vector = false;
  if (isVector(b)) {
    const v = b as ArrayLike<number>;
    if (v.length !== rows && v.length !== 0) {
      throw new ShapeError(`${name}: expected ${rows} values (one per row of ${nameA}), got ${v.length}`);
    }
    // An empty b (for a 0×0 A) has no data to copy; toMatrix refuses empty data.
    matrix = v.length === 0 ? Matrix.alloc(rt, 0, 1, dtype) : toMatrix(rt, b, name, { dtype, rows: v.length, cols: 1 });
    vector = true;
  } else {
    if (b instanceof Matrix && b.dtype !== dtype) {
      throw new ValidationError(`${name}: expected dtype ${dtype} (like ${nameA}), got ${b.dtype}`);
    }
    if (b instanceof Matrix) {
      checkFinite(b, name);
      matrix = convert(rt, b, dtype);
    } else {
      matrix = toMatrix(rt, b, name, { dtype });
    }
  }
  if (matrix.rows !== rows) {
    const got = `${matrix.rows}×${matrix.cols}`;
    matrix.dispose();
    throw new ShapeError(`${name}: expected ${rows} rows (one per row of ${nameA}), got ${got}`);
  }
  return { matrix, vector };
}

/** The answer in the kind of the right-hand side: a typed array for a vector (x is then disposed), else x. */
export function answer<V extends boolean>(x: Matrix, vector: V): V extends true ? FloatArray : Matrix;
export function answer(x: Matrix, vector: boolean): Matrix | FloatArray {
  if (!vector) return x;
  try {
    return x.toTypedArray();
  } finally {
    x.dispose();
  }
}

/** A block of `count` elements of dtype (or i32 when dtype is 'int32'); free with rt.heap.free. */
export function scratch(rt: Runtime, count: number, dtype: DType | 'int32'): number {
  return rt.heap.alloc(Math.max(1, count) * (dtype === 'int32' ? 4 : itemSize(dtype)));
}

/** Disposes the matrices that are owned copies. */
export function release(...items: ({ matrix: Matrix; owned: boolean } | Matrix | undefined)[]): void {
  for (const it of items) {
    if (it === undefined) continue;
    if (it instanceof Matrix) it.dispose();
    else if (it.owned) it.matrix.dispose();
  }
}
