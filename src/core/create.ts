// Creating matrices: from JS data, or filled with zeros, ones, a value, or the identity.
import { typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import type { DType } from './dtype.js';
import { Matrix } from './matrix.js';
import { checkInteger, checkNumber, checkOptions, checkRange, parseDType, toMatrix, type NumericArray, type MatrixLike } from './validate.js';

export interface MatrixOptions {
  /** 'float64' (default; for a Float32Array input, 'float32') or 'float32'. */
  dtype?: DType;
  /** Shape of flat data. */
  rows?: number;
  cols?: number;
}

/**
 * A new Matrix holding a copy of `data`: rows as `number[][]`, a Matrix (copied, optionally to
 * another dtype), `{ data, rows, cols }`, or a flat array / typed array with `{ rows, cols }`.
 */
export function matrix<D extends DType>(data: MatrixLike | NumericArray, options: MatrixOptions & { dtype: D }): Matrix<D>;
export function matrix(data: number[][] | number[], options?: MatrixOptions & { dtype?: undefined }): Matrix<'float64'>;
export function matrix<D extends DType>(data: Matrix<D>, options?: MatrixOptions & { dtype?: undefined }): Matrix<D>;
export function matrix(data: MatrixLike | NumericArray, options?: MatrixOptions): Matrix;
export function matrix(data: MatrixLike | NumericArray, options?: MatrixOptions): Matrix {
  const rt = runtime('wl.matrix()');
  const opts = checkOptions(options, ['dtype', 'rows', 'cols'], 'wl.matrix');
  const dtype = opts.dtype === undefined ? undefined : parseDType(opts.dtype, 'wl.matrix');
  return toMatrix(rt, data, 'data', { dtype, rows: opts.rows as number | undefined, cols: opts.cols as number | undefined });
}

/** A rows×cols matrix with every element equal to `value`. */
export function full<D extends DType = 'float64'>(rows: number, cols: number, value: number, dtype?: D): Matrix<D> {
  const rt = runtime('wl.full()');
  checkInteger(rows, 'rows');
  checkInteger(cols, 'cols');
  checkNumber(value, 'value');
  const d = parseDType(dtype, 'dtype') as D;
  checkRange(value, d, 'value');
  const m = Matrix.alloc(rt, rows, cols, d);
  typed(rt.kernels, 'fill', d)(m.ptr, value, m.size);
  return m;
}

/** A rows×cols matrix of zeros. */
export function zeros<D extends DType = 'float64'>(rows: number, cols: number, dtype?: D): Matrix<D> {
  return full(rows, cols, 0, dtype);
}

/** A rows×cols matrix of ones. */
export function ones<D extends DType = 'float64'>(rows: number, cols: number, dtype?: D): Matrix<D> {
  return full(rows, cols, 1, dtype);
}

/** The n×n identity. */
export function eye<D extends DType = 'float64'>(n: number, dtype?: D): Matrix<D> {
  const m = zeros(n, n, dtype);
  const data = m.data;
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return m;
}
