// What the linear regressors share: centering (the intercept is fitted by centering X and y, so it is
// never penalized, as in scikit-learn), the fitted state { coef (d×k in the heap), intercept }, the
// prediction X·coef + intercept in Wasm, and the model-file round trip.
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { gemmInto } from '../linalg/matmul.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';
import { ModelFormatError } from '../errors.js';
import { Regressor } from '../base/estimator.js';
import { readTargets, readX, release } from '../base/input.js';
import { convert } from '../core/validate.js';

export interface LinearState {
  nFeatures: number;
  /** d×k coefficients in the heap (one column per target). */
  coef: Matrix;
  intercept: Float64Array;
  /** y was a vector: predictions and coef come back as vectors. */
  vector: boolean;
}

/** Centered training data, owned by the caller (dispose A and B). */
export interface Centered {
  A: Matrix;
  B: Matrix;
  n: number;
  d: number;
  k: number;
  vector: boolean;
  xMean: Float64Array;
  yMean: Float64Array;
}

/** Copies X (n×d) and y (n or n×k) into the heap as float64, centered when fitIntercept. */
export function centered(rt: Runtime, X: unknown, y: unknown, fitIntercept: boolean): Centered {
  const x = readX(rt, X);
  let A: Matrix | undefined;
  let B: Matrix | undefined;
  try {
    A = x.owned ? x.matrix : convert(rt, x.matrix, 'float64'); // a private copy: centering writes to it
    const { rows: n, cols: d } = A;
    const t = readTargets(y, n);
    B = Matrix.alloc(rt, n, t.k, 'float64');
    B.data.set(t.values);
    const xMean = new Float64Array(d);
    const yMean = new Float64Array(t.k);
    if (fitIntercept) {
      xMean.set(columnMeans(rt, A, true));
      yMean.set(columnMeans(rt, B, true));
    }
    return { A, B, n, d, k: t.k, vector: t.vector, xMean, yMean };
  } catch (error) {
    if (A !== x.matrix) A?.dispose();
    release(x);
    B?.dispose();
    throw error;
  }
}

/** Column means of M (float64); with `subtract`, M's columns are centered in place. */
export function columnMeans(rt: Runtime, M: Matrix, subtract: boolean): Float64Array {
  const mean = rt.heap.alloc(Math.max(1, M.cols) * 8);
  try {
    typed(rt.kernels, 'col_means', M.dtype)(M.ptr, M.rows, M.cols, mean);
    if (subtract) typed(rt.kernels, 'sub_scale_rows', M.dtype)(M.ptr, M.rows, M.cols, mean, 0);
    return rt.heap.f64.slice(mean >>> 3, (mean >>> 3) + M.cols);
  } finally {
    rt.heap.free(mean);
  }
}

/** intercept_j = ȳ_j − x̄ᵀ·coef_:,j (zero means when no intercept is fitted). */
export function interceptOf(coef: Matrix, xMean: Float64Array, yMean: Float64Array): Float64Array {
  const { rows: d, cols: k } = coef;
  const c = coef.data;
  const out = Float64Array.from(yMean);
  for (let j = 0; j < k; j++) for (let p = 0; p < d; p++) out[j] -= xMean[p] * c[p * k + j];
  return out;
}

/** Base of LinearRegression, Ridge, Lasso, ElasticNet: predict, coef, intercept, model files. */
export abstract class LinearModel<P extends object, S extends LinearState = LinearState> extends Regressor<P, S> {
  /** Coefficients: d values, or k×d row-major for k targets (scikit-learn's coef_ layout). */
  get coef(): Float64Array {
    const { coef } = this.fitted('coef');
    const d = coef.rows;
    const k = coef.cols;
    const c = coef.data;
    const out = new Float64Array(d * k);
    for (let j = 0; j < k; j++) for (let p = 0; p < d; p++) out[j * d + p] = c[p * k + j];
    return out;
  }

  /** Intercept: a number for a vector y, k values for k targets. */
  get intercept(): number | Float64Array {
    const s = this.fitted('intercept');
    return s.vector ? s.intercept[0] : s.intercept.slice();
  }

  /** X·coef + intercept: n values (n·k row-major for k targets). */
  predict(X: unknown): Float64Array {
    const { x, state } = this.input(X, 'predict');
    const rt = this.rt();
    const k = state.coef.cols;
    const out = Matrix.alloc(rt, x.matrix.rows, k, 'float64');
    let r = 0;
    try {
      gemmInto(rt, x.matrix, state.coef, out, false, false, 1, 0);
      r = rt.heap.alloc(k * 8);
      rt.heap.f64.set(state.intercept, r >>> 3);
      typed(rt.kernels, 'add_row', 'float64')(out.ptr, out.rows, k, r);
      return out.data.slice() as Float64Array;
    } finally {
      rt.heap.free(r);
      out.dispose();
      release(x);
    }
  }

  protected saveState(state: S): Record<string, unknown> {
    return { coef: encodeArray(state.coef.toTypedArray(), [state.coef.rows, state.coef.cols]), intercept: encodeArray(state.intercept), vector: state.vector, ...this.saveExtra(state) };
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): S {
    const known = ['coef', 'intercept', 'vector', ...this.extraKeys()];
    for (const key of Object.keys(state)) if (!known.includes(key)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
    if (typeof state.vector !== 'boolean') throw new ModelFormatError('model.state.vector: expected true or false');
    const intercept = decodeArray(state.intercept, 'model.state.intercept', 'float64', [-1]);
    const k = intercept.length;
    if (k < 1 || (state.vector && k !== 1)) throw new ModelFormatError(`model.state.intercept: expected ${state.vector ? 1 : 'at least 1'} value(s), got ${k}`);
    const values = decodeArray(state.coef, 'model.state.coef', 'float64', [nFeatures, k]);
    const rt = this.rt();
    const coef = Matrix.alloc(rt, nFeatures, k, 'float64');
    coef.data.set(values);
    try {
      return { nFeatures, coef, intercept, vector: state.vector, ...this.loadExtra(state) } as S;
    } catch (error) {
      coef.dispose();
      throw error;
    }
  }

  /** Extra fitted fields (numbers) a subclass saves. */
  protected extraKeys(): string[] {
    return [];
  }
  protected saveExtra(state: S): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.extraKeys()) out[key] = (state as unknown as Record<string, unknown>)[key];
    return out;
  }
  protected loadExtra(state: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.extraKeys()) {
      const v = state[key];
      out[key] = typeof v === 'boolean' ? v : readNumber(v, `model.state.${key}`, { min: 0 });
    }
    return out;
  }
}

