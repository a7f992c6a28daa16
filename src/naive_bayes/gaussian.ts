// Gaussian naive Bayes, as scikit-learn's GaussianNB: per-class means and variances (Wasm:
// assembly/naive_bayes.ts), variances smoothed by varSmoothing × the largest feature variance, priors
// from class frequencies unless given, and partialFit merging batches with Chan, Golub & LeVeque's
// update of means and variances (scikit-learn's _update_mean_variance).
import { InvalidParameterError, ModelFormatError, ShapeError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { decodeArray, encodeArray } from '../io/format.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import {
  checkReal, Classifier, classesFromJSON, classesToJSON, codesFor, decodeLabels, encodeLabels, readX, registerEstimator, release,
  type Classes, type CommonOptions, type Labels,
} from '../base/index.js';
import { dtypeOf, readFitted } from '../cluster/common.js';

export interface GaussianNBOptions extends CommonOptions {
  /** Class priors (sum 1), in the order of the sorted classes; default: class frequencies. */
  priors?: number[] | null;
  /** Added to every variance, as a fraction of the largest feature variance. Default 1e-9. */
  varSmoothing?: number;
}

interface NBParams {
  priors: number[] | null;
  varSmoothing: number;
}

interface NBState {
  nFeatures: number;
  classes: Classes;
  classCount: Float64Array;
  /** k×d */
  theta: Float64Array;
  /** k×d, smoothed */
  var: Float64Array;
  epsilon: number;
  classPrior: Float64Array;
}

/** Gaussian naive Bayes classifier. Attributes: theta, var (classes×d), classPrior, classCount, epsilon, classes. */
export class GaussianNB extends Classifier<NBParams, NBState> {
  static readonly kind = 'GaussianNB';
  static readonly task = 'classifier';
  static readonly defaults: Readonly<NBParams> = { priors: null, varSmoothing: 1e-9 };

  constructor(options?: GaussianNBOptions) {
    super(options);
  }

  protected checkParams(p: Readonly<NBParams>): void {
    checkReal(p.varSmoothing, 'GaussianNB', 'varSmoothing', { min: 0 });
    if (p.priors !== null) {
      if (!Array.isArray(p.priors) || !p.priors.every((v) => typeof v === 'number' && v >= 0 && Number.isFinite(v))) {
        throw new InvalidParameterError('GaussianNB: option "priors" must be an array of non-negative numbers or null');
      }
      const total = p.priors.reduce((a, b) => a + b, 0);
      if (Math.abs(total - 1) > 1e-8) throw new InvalidParameterError(`GaussianNB: option "priors" must sum to 1, got ${total}`);
    }
  }

  /** Fits the class moments of X (n×d) with labels y (n). */
  fit(X: unknown, y: unknown): this {
    this.params();
    const rt = this.rt();
    const x = readX(rt, X, 'X', dtypeOf(X));
    try {
      const { classes, codes } = encodeLabels(y, x.matrix.rows);
      return this.commit(this.#update(rt, undefined, x.matrix, classes, codes));
    } finally {
      release(x);
    }
  }

  /**
   * Updates the model with a batch (X: n×d, y: n). The first call needs `classes`, every label that
   * will ever appear (as scikit-learn's partial_fit); later calls may omit it.
   */
  partialFit(X: unknown, y: unknown, classes?: readonly (number | string)[]): this {
    this.params();
    const rt = this.rt();
    const prev = this.isFitted ? this.fitted('partialFit') : undefined;
    const x = readX(rt, X, 'X', dtypeOf(X));
    try {
      let known: Classes;
      if (prev) {
        if (x.matrix.cols !== prev.nFeatures) throw new ShapeError(`X: expected ${prev.nFeatures} features per sample (as in earlier batches), got ${x.matrix.cols}`);
        known = prev.classes;
      } else {
        if (classes === undefined) throw new InvalidParameterError('GaussianNB.partialFit: the first call needs `classes` (every label that can appear)');
        known = encodeLabels(classes, classes.length, 'classes').classes;
      }
      const codes = codesFor(y, known, x.matrix.rows);
      return this.commit(this.#update(rt, prev, x.matrix, known, codes));
    } finally {
      release(x);
    }
  }

  /** Joint log-likelihoods log P(c) + log P(x|c): a new n×classes Matrix. */
  predictJointLogLikelihood(X: unknown): Matrix {
    const s = this.fitted('predictJointLogLikelihood');
    const rt = this.rt();
    const x = readFitted(rt, X, s.nFeatures, dtypeOf(X));
    try {
      return jointLogLikelihood(rt, x.matrix, s);
    } finally {
      release(x);
    }
  }

  /** log P(c|x): a new n×classes Matrix. */
  predictLogProba(X: unknown): Matrix {
    const jll = this.predictJointLogLikelihood(X);
    const k = jll.cols;
    const v = jll.data;
    for (let i = 0; i < jll.rows; i++) {
      let m = -Infinity;
      for (let c = 0; c < k; c++) m = Math.max(m, v[i * k + c]);
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp(v[i * k + c] - m);
      const lse = m + Math.log(s);
      for (let c = 0; c < k; c++) v[i * k + c] -= lse;
    }
    return jll;
  }

  /** P(c|x): a new n×classes Matrix, rows summing to 1. */
  predictProba(X: unknown): Matrix {
    const m = this.predictLogProba(X);
    const v = m.data;
    for (let i = 0; i < v.length; i++) v[i] = Math.exp(v[i]);
    return m;
  }

  predict(X: unknown): Labels {
    const s = this.fitted('predict');
    const jll = this.predictJointLogLikelihood(X);
    try {
      const k = jll.cols, v = jll.data;
      const codes = new Int32Array(jll.rows);
      for (let i = 0; i < jll.rows; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (v[i * k + c] > v[i * k + best]) best = c;
        codes[i] = best;
      }
      return decodeLabels(codes, s.classes);
    } finally {
      jll.dispose();
    }
  }

  get theta(): number[][] {
    const s = this.fitted('theta');
    return rows(s.theta, s.nFeatures);
  }
  get var(): number[][] {
    const s = this.fitted('var');
    return rows(s.var, s.nFeatures);
  }
  get classPrior(): Float64Array {
    return this.fitted('classPrior').classPrior.slice();
  }
  get classCount(): Float64Array {
    return this.fitted('classCount').classCount.slice();
  }
  get epsilon(): number {
    return this.fitted('epsilon').epsilon;
  }

  /** New state from `prev` (or nothing) and one batch, as scikit-learn's _partial_fit. */
  #update(rt: Runtime, prev: NBState | undefined, X: Matrix, classes: Classes, codes: Int32Array): NBState {
    const p = this.getParams();
    const n = X.rows, d = X.cols, k = classes.length;
    if (p.priors && p.priors.length !== k) throw new InvalidParameterError(`GaussianNB: option "priors" has ${p.priors.length} values for ${k} classes`);
    // Batch moments: per class, and of the whole batch (one class) for epsilon.
    const batch = moments(rt, X, codes, k);
    const all = moments(rt, X, new Int32Array(n), 1);
    let maxVar = 0;
    for (let j = 0; j < d; j++) maxVar = Math.max(maxVar, all.vars[j]);
    const epsilon = p.varSmoothing * maxVar;
    const count = prev ? prev.classCount.slice() : new Float64Array(k);
    const theta = prev ? prev.theta.slice() : new Float64Array(k * d);
    // scikit-learn subtracts the new batch's epsilon from the stored variances (not the old epsilon)
    const vars = prev ? prev.var.map((v) => v - epsilon) : new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      const nNew = batch.counts[c];
      if (nNew === 0) continue;
      const nPast = count[c];
      const total = nPast + nNew;
      for (let j = 0; j < d; j++) {
        const muNew = batch.means[c * d + j], varNew = batch.vars[c * d + j];
        if (nPast === 0) {
          theta[c * d + j] = muNew;
          vars[c * d + j] = varNew;
          continue;
        }
        const mu = theta[c * d + j];
        const ssd = nPast * vars[c * d + j] + nNew * varNew + ((nNew * nPast) / total) * (mu - muNew) ** 2;
        theta[c * d + j] = (nNew * muNew + nPast * mu) / total;
        vars[c * d + j] = ssd / total;
      }
      count[c] = total;
    }
    for (let i = 0; i < vars.length; i++) vars[i] += epsilon;
    const sum = count.reduce((a, b) => a + b, 0);
    const classPrior = p.priors ? Float64Array.from(p.priors) : count.map((c) => c / sum);
    return { nFeatures: d, classes, classCount: count, theta, var: vars, epsilon, classPrior };
  }

  protected saveState(s: NBState): Record<string, unknown> {
    const d = s.nFeatures, k = s.classes.length;
    return {
      classes: classesToJSON(s.classes),
      classCount: encodeArray(s.classCount),
      theta: encodeArray(s.theta, [k, d]),
      var: encodeArray(s.var, [k, d]),
      epsilon: s.epsilon,
      classPrior: encodeArray(s.classPrior),
    };
  }

  protected loadState(s: Record<string, unknown>, d: number): NBState {
    const classes = classesFromJSON(s.classes, 'model.state.classes');
    const k = classes.length;
    const classCount = decodeArray(s.classCount, 'model.state.classCount', 'float64', [k]);
    const theta = decodeArray(s.theta, 'model.state.theta', 'float64', [k, d]);
    const vars = decodeArray(s.var, 'model.state.var', 'float64', [k, d]);
    const classPrior = decodeArray(s.classPrior, 'model.state.classPrior', 'float64', [k]);
    if (!vars.every((v) => v > 0)) throw new ModelFormatError('model.state.var: variances must be > 0');
    if (!classPrior.every((v) => v >= 0)) throw new ModelFormatError('model.state.classPrior: priors must be >= 0');
    const epsilon = s.epsilon;
    if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) throw new ModelFormatError('model.state.epsilon: expected a finite number >= 0');
    return { nFeatures: d, classes, classCount, theta, var: vars, epsilon, classPrior };
  }
}
registerEstimator(GaussianNB);

function rows(flat: Float64Array, d: number): number[][] {
  return Array.from({ length: flat.length / d }, (_, i) => Array.from(flat.subarray(i * d, (i + 1) * d)));
}

/** Per-class counts, means and population variances of X (Wasm, one pass each). */
function moments(rt: Runtime, X: Matrix, codes: Int32Array, k: number): { counts: Float64Array; means: Float64Array; vars: Float64Array } {
  const heap = rt.heap;
  const n = X.rows, d = X.cols;
  const y = heap.alloc(Math.max(1, n) * 4);
  const counts = heap.alloc(k * 8), means = heap.alloc(k * d * 8), vars = heap.alloc(k * d * 8);
  try {
    heap.i32.set(codes, y >>> 2);
    typed(rt.kernels, 'nb_moments', X.dtype)(X.ptr, y, n, d, k, counts, means, vars);
    const f64 = heap.f64;
    return {
      counts: f64.slice(counts >>> 3, (counts >>> 3) + k),
      means: f64.slice(means >>> 3, (means >>> 3) + k * d),
      vars: f64.slice(vars >>> 3, (vars >>> 3) + k * d),
    };
  } finally {
    for (const p of [y, counts, means, vars]) heap.free(p);
  }
}

/** n×k joint log-likelihoods (Wasm). */
function jointLogLikelihood(rt: Runtime, X: Matrix, s: NBState): Matrix {
  const k = s.classes.length, d = s.nFeatures;
  const base = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let t = 0;
    for (let j = 0; j < d; j++) t += Math.log(2 * Math.PI * s.var[c * d + j]);
    base[c] = Math.log(s.classPrior[c]) - 0.5 * t;
  }
  const heap = rt.heap;
  const theta = heap.alloc(k * d * 8), vars = heap.alloc(k * d * 8), b = heap.alloc(k * 8);
  const out = Matrix.alloc(rt, X.rows, k, 'float64');
  try {
    const f64 = heap.f64;
    f64.set(s.theta, theta >>> 3);
    f64.set(s.var, vars >>> 3);
    f64.set(base, b >>> 3);
    typed(rt.kernels, 'nb_jll', X.dtype)(X.ptr, X.rows, d, k, theta, vars, b, out.ptr);
    return out;
  } catch (error) {
    out.dispose();
    throw error;
  } finally {
    for (const p of [theta, vars, b]) heap.free(p);
  }
}
