// Feature scaling. Statistics and the affine map (x − a)·b run in Wasm (assembly/preprocess.ts,
// assembly/linear.ts); transform returns a new Matrix, so a pipeline's data never leaves the heap.
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { convert } from '../core/validate.js';
import { InvalidParameterError, ModelFormatError } from '../errors.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';
import { registerEstimator, Transformer, type CommonOptions } from '../base/estimator.js';
import { readX, release } from '../base/input.js';
import { checkBool } from '../base/params.js';
import { describe } from '../core/validate.js';

/** A new float64 Matrix (x − a)·b (+ c per column when given), rows broadcast; a, b, c length d. */
function affine(rt: Runtime, X: Matrix, a: Float64Array, b: Float64Array, c?: Float64Array): Matrix {
  const d = X.cols;
  const out = convert(rt, X, 'float64'); // a private copy: the map runs in place
  let buf = 0;
  try {
    buf = rt.heap.alloc(3 * d * 8);
    const h = rt.heap.f64;
    h.set(a, buf >>> 3);
    h.set(b, (buf >>> 3) + d);
    typed(rt.kernels, 'sub_scale_rows', 'float64')(out.ptr, out.rows, d, buf, buf + d * 8);
    if (c) {
      rt.heap.f64.set(c, (buf >>> 3) + 2 * d);
      typed(rt.kernels, 'add_row', 'float64')(out.ptr, out.rows, d, buf + 2 * d * 8);
    }
    return out;
  } catch (error) {
    out.dispose();
    throw error;
  } finally {
    rt.heap.free(buf);
  }
}

function colStats(rt: Runtime, X: Matrix, kind: 'meanvar' | 'minmax'): [Float64Array, Float64Array] {
  const d = X.cols;
  let buf = 0;
  try {
    buf = rt.heap.alloc(2 * d * 8);
    if (kind === 'meanvar') {
      typed(rt.kernels, 'col_means', 'float64')(X.ptr, X.rows, d, buf);
      typed(rt.kernels, 'col_var_mean', 'float64')(X.ptr, X.rows, d, buf, buf + d * 8);
    } else {
      typed(rt.kernels, 'col_minmax', 'float64')(X.ptr, X.rows, d, buf, buf + d * 8);
    }
    const h = rt.heap.f64;
    return [h.slice(buf >>> 3, (buf >>> 3) + d), h.slice((buf >>> 3) + d, (buf >>> 3) + 2 * d)];
  } finally {
    rt.heap.free(buf);
  }
}

// ---- StandardScaler ----

export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  withMean: boolean;
  /** Divide by the standard deviation (population, ddof = 0). Default true. */
  withStd: boolean;
}

interface StandardState {
  nFeatures: number;
  mean: Float64Array;
  var: Float64Array;
  /** √var, with 1 for constant features (scikit-learn leaves them unscaled). */
  scale: Float64Array;
  nSamplesSeen: number;
}

/** Standardizes features to zero mean and unit variance (scikit-learn's StandardScaler). */
export class StandardScaler extends Transformer<StandardScalerOptions, StandardState> {
  static readonly kind = 'StandardScaler';
  static readonly task = 'transformer';
  static readonly defaults: StandardScalerOptions = { withMean: true, withStd: true };

  constructor(options?: Partial<StandardScalerOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: StandardScalerOptions): void {
    checkBool(p.withMean, this.kind, 'withMean');
    checkBool(p.withStd, this.kind, 'withStd');
  }

  /** Learns the per-feature mean and variance of X (n×d). Returns this. */
  fit(X: unknown, _y?: unknown): this {
    this.params();
    const rt = this.rt();
    const x = readX(rt, X);
    try {
      const [mean, variance] = colStats(rt, x.matrix, 'meanvar');
      // A constant feature keeps scale 1. Constant means scikit-learn's _is_constant_feature: a variance
      // within the rounding error of computing it (n·ε·var + (n·mean·ε)²), so a feature that really
      // varies, however little against its mean, is still scaled.
      const n = x.matrix.rows;
      const scale = variance.map((v, j) => (v <= n * Number.EPSILON * v + (n * mean[j] * Number.EPSILON) ** 2 ? 1 : Math.sqrt(v)));
      return this.commit({ nFeatures: x.matrix.cols, mean, var: variance, scale, nSamplesSeen: x.matrix.rows });
    } finally {
      release(x);
    }
  }

  /** (X − mean) / scale as a new n×d Matrix. */
  transform(X: unknown): Matrix {
    const p = this.getParams();
    return this.withInput(X, 'transform', (x, state) => {
      const a = p.withMean ? state.mean : new Float64Array(state.nFeatures);
      const b = p.withStd ? state.scale.map((s) => 1 / s) : new Float64Array(state.nFeatures).fill(1);
      return affine(this.rt(), x, a, b);
    });
  }

  /** X·scale + mean (undoes transform). */
  inverseTransform(X: unknown): Matrix {
    const p = this.getParams();
    return this.withInput(X, 'inverseTransform', (x, state) => {
      const b = p.withStd ? state.scale : new Float64Array(state.nFeatures).fill(1);
      const c = p.withMean ? state.mean : new Float64Array(state.nFeatures);
      return affine(this.rt(), x, new Float64Array(state.nFeatures), b, c);
    });
  }

  get mean(): Float64Array {
    return this.fitted('mean').mean.slice();
  }
  get var(): Float64Array {
    return this.fitted('var').var.slice();
  }
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }
  get nSamplesSeen(): number {
    return this.fitted('nSamplesSeen').nSamplesSeen;
  }

  protected saveState(s: StandardState): Record<string, unknown> {
    return { mean: encodeArray(s.mean), var: encodeArray(s.var), scale: encodeArray(s.scale), nSamplesSeen: s.nSamplesSeen };
  }

  protected loadState(s: Record<string, unknown>, nFeatures: number): StandardState {
    for (const key of Object.keys(s)) if (!['mean', 'var', 'scale', 'nSamplesSeen'].includes(key)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
    const scale = decodeArray(s.scale, 'model.state.scale', 'float64', [nFeatures]);
    if (!scale.every((v) => v > 0)) throw new ModelFormatError('model.state.scale: expected positive values');
    const variance = decodeArray(s.var, 'model.state.var', 'float64', [nFeatures]);
    if (!variance.every((v) => v >= 0)) throw new ModelFormatError('model.state.var: expected values >= 0');
    return {
      nFeatures,
      mean: decodeArray(s.mean, 'model.state.mean', 'float64', [nFeatures]),
      var: variance,
      scale,
      nSamplesSeen: readNumber(s.nSamplesSeen, 'model.state.nSamplesSeen', { integer: true, min: 1 }),
    };
  }
}

// ---- MinMaxScaler ----

export interface MinMaxScalerOptions {
  /** The target range [min, max] with min < max. Default [0, 1]. */
  featureRange: [number, number];
}

interface MinMaxState {
  nFeatures: number;
  dataMin: Float64Array;
  dataMax: Float64Array;
  /** (max − min) / (dataMax − dataMin), with a range of 0 treated as 1. */
  scale: Float64Array;
}

/** Scales every feature to featureRange (scikit-learn's MinMaxScaler). */
export class MinMaxScaler extends Transformer<MinMaxScalerOptions, MinMaxState> {
  static readonly kind = 'MinMaxScaler';
  static readonly task = 'transformer';
  static readonly defaults: MinMaxScalerOptions = { featureRange: [0, 1] };

  constructor(options?: Partial<MinMaxScalerOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: MinMaxScalerOptions): void {
    const r = p.featureRange;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(r[0] < r[1])) {
      throw new InvalidParameterError(`${this.kind}: option "featureRange" must be [min, max] with finite min < max, got ${describe(r)}`);
    }
  }

  /** Learns the per-feature minimum and maximum of X (n×d). Returns this. */
  fit(X: unknown, _y?: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X);
    try {
      const [dataMin, dataMax] = colStats(rt, x.matrix, 'minmax');
      const [lo, hi] = p.featureRange;
      const scale = dataMin.map((m, j) => {
        const range = dataMax[j] - m;
        // scikit-learn's _handle_zeros_in_scale: a range below 10·ε counts as 0 (max − min is exact for
        // nearby values, so any larger range is a real one)
        return (hi - lo) / (range < 10 * Number.EPSILON ? 1 : range);
      });
      return this.commit({ nFeatures: x.matrix.cols, dataMin, dataMax, scale });
    } finally {
      release(x);
    }
  }

  /** (X − dataMin)·scale + featureRange[0] as a new n×d Matrix. */
  transform(X: unknown): Matrix {
    const lo = this.getParams().featureRange[0];
    return this.withInput(X, 'transform', (x, state) => affine(this.rt(), x, state.dataMin, state.scale, new Float64Array(state.nFeatures).fill(lo)));
  }

  /** Undoes transform: (X − featureRange[0]) / scale + dataMin. */
  inverseTransform(X: unknown): Matrix {
    const lo = this.getParams().featureRange[0];
    return this.withInput(X, 'inverseTransform', (x, state) => affine(this.rt(), x, new Float64Array(state.nFeatures).fill(lo), state.scale.map((s) => 1 / s), state.dataMin));
  }

  get dataMin(): Float64Array {
    return this.fitted('dataMin').dataMin.slice();
  }
  get dataMax(): Float64Array {
    return this.fitted('dataMax').dataMax.slice();
  }
  get dataRange(): Float64Array {
    const s = this.fitted('dataRange');
    return s.dataMax.map((v, j) => v - s.dataMin[j]);
  }
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }
  /** featureRange[0] − dataMin·scale (scikit-learn's min_). */
  get min(): Float64Array {
    const s = this.fitted('min');
    const lo = this.getParams().featureRange[0];
    return s.dataMin.map((v, j) => lo - v * s.scale[j]);
  }

  protected saveState(s: MinMaxState): Record<string, unknown> {
    return { dataMin: encodeArray(s.dataMin), dataMax: encodeArray(s.dataMax), scale: encodeArray(s.scale) };
  }

  protected loadState(s: Record<string, unknown>, nFeatures: number): MinMaxState {
    for (const key of Object.keys(s)) if (!['dataMin', 'dataMax', 'scale'].includes(key)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
    const scale = decodeArray(s.scale, 'model.state.scale', 'float64', [nFeatures]);
    if (!scale.every((v) => v > 0)) throw new ModelFormatError('model.state.scale: expected positive values');
    const dataMin = decodeArray(s.dataMin, 'model.state.dataMin', 'float64', [nFeatures]);
    const dataMax = decodeArray(s.dataMax, 'model.state.dataMax', 'float64', [nFeatures]);
    if (!dataMin.every((v, j) => v <= dataMax[j])) throw new ModelFormatError('model.state.dataMin: expected dataMin <= dataMax');
    return { nFeatures, dataMin, dataMax, scale };
  }
}

registerEstimator(StandardScaler);
registerEstimator(MinMaxScaler);
