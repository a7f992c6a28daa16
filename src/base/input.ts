// Reading estimator inputs: one place for every model. Checking and converting are separate steps:
// `toMatrix` (core/validate) converts JS data into the heap and rejects what cannot be converted
// (ragged rows, non-numbers, NaN); the checks here are about meaning (sample counts, feature counts,
// targets), and run on data that is already a Matrix or a typed array. Inputs are never mutated: a
// Matrix is borrowed as is (or copied when its dtype differs), JS data is copied.
import { ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { asMatrix, checkFinite, describe, type MatrixLike, type NumericArray } from '../core/validate.js';
import type { DType } from '../core/dtype.js';
import type { Runtime } from '../runtime/load.js';

/** Sample matrix X: n×d, as accepted by every estimator. */
export type Input = MatrixLike;
/** One target value (regression) or label (classification) per sample, or n×k targets. */
export type Target = NumericArray | readonly (number | string)[] | number[][] | Matrix;

/** X borrowed (a Matrix of the wanted dtype) or copied (owned: the caller disposes it). */
export interface Borrowed {
  matrix: Matrix;
  owned: boolean;
}

/**
 * X as a finite n×d Matrix of `dtype` (default float64: estimators fit in double precision, so a
 * float32 input gives the same model as its float64 widening). Throws ValidationError/ShapeError
 * naming `name`.
 */
export function readX(rt: Runtime, X: unknown, name = 'X', dtype: DType = 'float64'): Borrowed {
  const r = asMatrix(rt, X, name, dtype);
  try {
    if (!(X instanceof Matrix)) return r; // toMatrix already rejected NaN, ±Infinity and empty data
    if (r.matrix.rows === 0 || r.matrix.cols === 0) throw new ValidationError(`${name}: expected at least one sample and one feature, got ${r.matrix.rows}×${r.matrix.cols}`);
    checkFinite(r.matrix, name);
    return r;
  } catch (error) {
    if (r.owned) r.matrix.dispose();
    throw error;
  }
}

/** Frees X when it was copied. */
export function release(x: Borrowed | undefined): void {
  if (x?.owned) x.matrix.dispose();
}

/** ShapeError unless X has `expected` features (the count seen at fit). */
export function checkFeatures(X: Matrix, expected: number, name = 'X'): void {
  if (X.cols !== expected) {
    throw new ShapeError(`${name}: expected ${expected} feature${expected === 1 ? '' : 's'} per sample (as in fit), got ${X.cols}`);
  }
}

/** Regression targets: row-major n×k values, k = 1 for a vector y. */
export interface Targets {
  values: Float64Array;
  k: number;
  /** y was one value per sample (predictions come back as a vector). */
  vector: boolean;
}

/**
 * Regression targets for n samples: a vector of n numbers, or n×k (number[][] or a Matrix) for
 * several targets. ShapeError on a length mismatch, ValidationError on a non-number or a non-finite value.
 */
export function readTargets(y: unknown, n: number, name = 'y'): Targets {
  if (y instanceof Matrix) {
    if (y.rows !== n) throw new ShapeError(`${name}: expected ${n} rows (one per sample of X), got ${y.rows}×${y.cols}`);
    checkFinite(y, name);
    const values = Float64Array.from(y.data);
    return { values, k: y.cols, vector: false }; // a Matrix is 2-D, as NumPy's (n, 1) y: predictions come back n×k
  }
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new ValidationError(`${name}: expected an array of numbers (one per sample), got ${describe(y)}`);
  const arr = y as ArrayLike<unknown>;
  if (arr.length !== n) throw new ShapeError(`${name}: expected ${n} values (one per sample of X), got ${arr.length}`);
  if (n > 0 && (Array.isArray(arr[0]) || ArrayBuffer.isView(arr[0]))) {
    const k = (arr[0] as ArrayLike<unknown>).length;
    if (k === 0) throw new ValidationError(`${name}: expected at least one target per sample, got rows of length 0`);
    const values = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const row = arr[i] as ArrayLike<unknown>;
      if ((!Array.isArray(row) && !ArrayBuffer.isView(row)) || row.length !== k) {
        throw new ValidationError(`${name}: ragged rows: row ${i} is not an array of ${k} values (like row 0)`);
      }
      for (let j = 0; j < k; j++) values[i * k + j] = finite(row[j], `${name}[${i}][${j}]`);
    }
    return { values, k, vector: false };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = finite(arr[i], `${name}[${i}]`);
  return { values, k: 1, vector: true };
}

function finite(v: unknown, where: string): number {
  if (typeof v !== 'number') throw new ValidationError(`${where}: expected a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new ValidationError(`${where}: expected a finite number, got ${v}`);
  return v;
}
