// SGDClassifier and SGDRegressor: scikit-learn's plain SGD (sklearn/linear_model/_sgd_fast.pyx) with
// its losses, penalties, learning-rate schedules and stopping rule. The whole fit of one binary (or
// regression) problem, every epoch, is one Wasm call (assembly/sgd.ts); more than two classes are
// fitted one-vs-rest, one call per class. Shuffling uses the seeded generator in Wasm, so the same
// seed gives the same model in every engine.
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { kernel, typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { Regressor, registerEstimator, type CommonOptions } from '../base/estimator.js';
import { readTargets, readX, release } from '../base/input.js';
import { codesFor, encodeLabels, type Classes } from '../base/labels.js';
import { checkBool, checkChoice, checkInt, checkReal, checkSeed } from '../base/params.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';
import { ModelFormatError } from '../errors.js';
import { describe } from '../core/validate.js';
import { heapMatrix, LinearClassifier, linearScores, scoresToProba, type LinearClassifierState } from './linear_classifier.js';

const LOSS_CODES = {
  hinge: 0, log_loss: 1, log: 1, modified_huber: 2, squared_error: 3, huber: 4,
  epsilon_insensitive: 5, squared_epsilon_insensitive: 6, squared_hinge: 7, perceptron: 8,
} as const;
const SCHEDULES = { constant: 0, optimal: 1, invscaling: 2, adaptive: 3 } as const;
const PENALTIES = { none: 0, l2: 1, l1: 2, elasticnet: 3 } as const;

export type SGDPenalty = keyof typeof PENALTIES;
export type LearningRate = keyof typeof SCHEDULES;
export type SGDClassifierLoss = 'hinge' | 'log_loss' | 'log' | 'modified_huber' | 'squared_hinge' | 'perceptron';
export type SGDRegressorLoss = 'squared_error' | 'huber' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';

interface SGDCommon {
  /** 'l2' (default), 'l1', 'elasticnet' or 'none'. */
  penalty: SGDPenalty;
  /** Regularization strength (≥ 0; > 0 with learningRate 'optimal'). Default 1e-4. */
  alpha: number;
  /** Elastic-net mixing in [0, 1] (1 = L1). Default 0.15. */
  l1Ratio: number;
  fitIntercept: boolean;
  /** Maximum epochs (passes over the data). Default 1000. */
  maxIter: number;
  /** Stop when the epoch loss has not improved by tol·n for nIterNoChange epochs; null: run maxIter epochs. Default 1e-3. */
  tol: number | null;
  /** Shuffle the samples before each epoch. Default true. */
  shuffle: boolean;
  /** Seed of the shuffling (an integer); undefined/null: a fresh random seed per fit. */
  seed: number | null;
  /** 'constant', 'optimal', 'invscaling' or 'adaptive'. */
  learningRate: LearningRate;
  /** Initial learning rate (> 0 for 'constant', 'invscaling', 'adaptive'). */
  eta0: number;
  /** Exponent of 'invscaling': eta = eta0 / t^powerT. */
  powerT: number;
  /** Epochs without improvement before stopping (or dividing eta by 5 with 'adaptive'). Default 5. */
  nIterNoChange: number;
  /** Width of the insensitive zone (epsilon-insensitive losses) or the Huber threshold. Default 0.1. */
  epsilon: number;
}

export interface SGDClassifierOptions extends SGDCommon {
  /** 'hinge' (default, a linear SVM), 'log_loss' (alias 'log': logistic regression), 'modified_huber', 'squared_hinge' or 'perceptron'. */
  loss: SGDClassifierLoss;
}

export interface SGDRegressorOptions extends SGDCommon {
  /** 'squared_error' (default), 'huber', 'epsilon_insensitive' or 'squared_epsilon_insensitive'. */
  loss: SGDRegressorLoss;
}

const COMMON_DEFAULTS = {
  penalty: 'l2', alpha: 1e-4, l1Ratio: 0.15, fitIntercept: true, maxIter: 1000, tol: 1e-3, shuffle: true, seed: null,
  nIterNoChange: 5, epsilon: 0.1,
} as const;

function checkCommon(kind: string, p: SGDCommon, losses: readonly string[], loss: string): void {
  checkChoice(loss, kind, 'loss', losses);
  checkChoice(p.penalty, kind, 'penalty', Object.keys(PENALTIES));
  checkReal(p.alpha, kind, 'alpha', { min: 0 });
  checkReal(p.l1Ratio, kind, 'l1Ratio', { min: 0, max: 1 });
  checkBool(p.fitIntercept, kind, 'fitIntercept');
  checkInt(p.maxIter, kind, 'maxIter', 1);
  if (p.tol !== null) checkReal(p.tol, kind, 'tol', { min: 0 });
  checkBool(p.shuffle, kind, 'shuffle');
  checkSeed(p.seed, kind);
  checkChoice(p.learningRate, kind, 'learningRate', Object.keys(SCHEDULES));
  checkReal(p.eta0, kind, 'eta0', { min: 0 });
  checkReal(p.powerT, kind, 'powerT');
  checkInt(p.nIterNoChange, kind, 'nIterNoChange', 1);
  checkReal(p.epsilon, kind, 'epsilon', { min: 0 });
  if (p.learningRate === 'optimal' && !(p.alpha > 0)) {
    throw new InvalidParameterError(`${kind}: option "alpha" must be > 0 with learningRate 'optimal' (the step is 1/(alpha·(t0 + t))), got ${p.alpha}`);
  }
  if (p.learningRate !== 'optimal' && !(p.eta0 > 0)) {
    throw new InvalidParameterError(`${kind}: option "eta0" must be > 0 with learningRate '${p.learningRate}', got ${p.eta0}`);
  }
}

/** A u32 seed: the option, or a fresh one. */
function seedOf(seed: number | null): number {
  if (seed === null || seed === undefined) return (Math.random() * 2 ** 32) >>> 0;
  return ((seed % 2 ** 32) + 2 ** 32) % 2 ** 32 >>> 0;
}

/** The heap blocks of one SGD fit: params, state, perm, q, w, rng; one Wasm call per problem. */
class SgdRunner {
  readonly #rt: Runtime;
  readonly #block: number;
  readonly #params: number;
  readonly #state: number;
  readonly #w: number;
  readonly #q: number;
  readonly #perm: number;
  readonly #rng: number;
  readonly #y: number;
  readonly #d: number;
  readonly #n: number;

  constructor(rt: Runtime, n: number, d: number, params: number[], seed: number) {
    this.#rt = rt;
    this.#n = n;
    this.#d = d;
    const r16 = (b: number) => Math.ceil(b / 16) * 16;
    const sizes = [r16(16 * 8), r16(8 * 8), r16(d * 8), r16(d * 8), r16(n * 4), 16, r16(n * 8)];
    this.#block = rt.heap.alloc(sizes.reduce((a, b) => a + b, 0));
    let p = this.#block;
    [this.#params, this.#state, this.#w, this.#q, this.#perm, this.#rng, this.#y] = sizes.map((s) => ((p += s), p - s));
    rt.heap.f64.set(params, this.#params >>> 3);
    kernel(rt.kernels, 'rng_seed')(this.#rng, seed);
  }

  /** Runs the fit of one problem from (w, b, t); returns the new ones and the epoch count. */
  run(X: Matrix, targets: Float64Array, w: Float64Array, b: number, t: number): { w: Float64Array; b: number; t: number; nIter: number; stopped: boolean } {
    const heap = this.#rt.heap;
    const d = this.#d;
    heap.f64.set(targets, this.#y >>> 3);
    heap.f64.set(w, this.#w >>> 3);
    heap.f64.fill(0, this.#q >>> 3, (this.#q >>> 3) + d);
    heap.f64.set([b, t, 0, 0, 0, 0], this.#state >>> 3);
    typed(this.#rt.kernels, 'sgd_fit', 'float64')(X.ptr, this.#n, d, this.#y, 0, this.#w, this.#q, this.#perm, this.#rng, this.#params, this.#state);
    const f = heap.f64;
    const s = this.#state >>> 3;
    if (f[s + 5] !== 0) {
      throw new ValidationError(`X: the SGD steps diverged (floating-point overflow at epoch ${f[s + 3]}); scale the features (e.g. StandardScaler) or lower eta0/alpha`);
    }
    return { w: f.slice(this.#w >>> 3, (this.#w >>> 3) + d), b: f[s], t: f[s + 1], nIter: f[s + 3], stopped: f[s + 4] !== 0 };
  }

  dispose(): void {
    this.#rt.heap.free(this.#block);
  }
}

function paramBlock(p: SGDCommon & { loss: string }, maxIter: number, tol: number): number[] {
  return [
    LOSS_CODES[p.loss as keyof typeof LOSS_CODES], p.epsilon, PENALTIES[p.penalty], p.alpha, p.l1Ratio, +p.fitIntercept,
    SCHEDULES[p.learningRate], p.eta0, p.powerT, maxIter, tol, p.nIterNoChange, +p.shuffle, 1, 1, 0,
  ];
}

interface SGDClassifierState extends LinearClassifierState {
  /** The step counter the next partialFit continues from. */
  t: number;
}

/**
 * A linear classifier fitted by stochastic gradient descent (scikit-learn's SGDClassifier): a linear
 * SVM with 'hinge', logistic regression with 'log_loss'. One-vs-rest for more than two classes.
 *
 * ```ts
 * const clf = new wl.SGDClassifier({ loss: 'log_loss', seed: 0 }).fit(X, y);
 * clf.partialFit(Xmore, ymore); // continues from the fitted weights, one epoch
 * ```
 */
export class SGDClassifier extends LinearClassifier<SGDClassifierOptions, SGDClassifierState> {
  static readonly kind = 'SGDClassifier';
  static readonly task = 'classifier';
  static readonly defaults: SGDClassifierOptions = { ...COMMON_DEFAULTS, loss: 'hinge', learningRate: 'optimal', eta0: 0, powerT: 0.5 };

  constructor(options?: Partial<SGDClassifierOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: SGDClassifierOptions): void {
    checkCommon(this.kind, p, ['hinge', 'log_loss', 'log', 'modified_huber', 'squared_hinge', 'perceptron'], p.loss);
  }

  /** Fits from zero weights on X (n×d) and labels y. Returns this. */
  fit(X: unknown, y: unknown): this {
    return this.#fit(X, y, undefined, false);
  }

  /**
   * One epoch over (X, y) from the current weights (scikit-learn's partial_fit), for data that
   * arrives in batches. The first call needs `classes` (every label that will ever appear).
   */
  partialFit(X: unknown, y: unknown, options?: { classes?: readonly (number | string)[] }): this {
    if (options !== undefined && (options === null || typeof options !== 'object')) throw new InvalidParameterError(`partialFit: expected an options object { classes }, got ${describe(options)}`);
    for (const key of Object.keys(options ?? {})) if (key !== 'classes') throw new InvalidParameterError(`partialFit: unknown option "${key}"; expected classes`);
    return this.#fit(X, y, options?.classes, true);
  }

  #fit(X: unknown, y: unknown, classesOpt: readonly (number | string)[] | undefined, partial: boolean): this {
    const p = this.params();
    const rt = this.rt();
    const prev = partial && this.isFitted ? this.fitted('partialFit') : undefined;
    const x = readX(rt, X);
    let runner: SgdRunner | undefined;
    let W: Matrix | undefined;
    try {
      const { rows: n, cols: d } = x.matrix;
      let classes: Classes;
      let codes: Int32Array;
      if (partial) {
        if (prev === undefined && classesOpt === undefined) throw new InvalidParameterError('partialFit: option "classes" is required on the first call (every label that can appear)');
        if (prev !== undefined && prev.nFeatures !== d) throw new ShapeError(`X: expected ${prev.nFeatures} features per sample (as in the earlier fit), got ${d}`);
        classes = classesOpt !== undefined ? encodeLabels(classesOpt, classesOpt.length, 'classes').classes : prev!.classes;
        if (prev !== undefined && (classes.length !== prev.classes.length || classes.some((c, i) => c !== prev.classes[i]))) {
          throw new InvalidParameterError('partialFit: option "classes" differs from the classes of the earlier fit');
        }
        codes = codesFor(y, classes, n);
      } else {
        ({ classes, codes } = encodeLabels(y, n));
      }
      if (classes.length < 2) throw new ValidationError(`y: expected at least two classes, got only ${JSON.stringify(classes[0])}`);
      const K = classes.length === 2 ? 1 : classes.length;
      const maxIter = partial ? 1 : p.maxIter;
      const tol = partial || p.tol === null ? -Infinity : p.tol;
      runner = new SgdRunner(rt, n, d, paramBlock(p, maxIter, tol), seedOf(p.seed));
      const Wv = prev ? (prev.W.toTypedArray() as Float64Array) : new Float64Array(K * d);
      const b = prev ? prev.b.slice() : new Float64Array(K);
      const t0 = prev ? prev.t : 1;
      let nIter = 0;
      let converged = true;
      const targets = new Float64Array(n);
      for (let k = 0; k < K; k++) {
        const positive = K === 1 ? 1 : k;
        for (let i = 0; i < n; i++) targets[i] = codes[i] === positive ? 1 : -1;
        const r = runner.run(x.matrix, targets, Wv.subarray(k * d, (k + 1) * d), b[k], t0);
        Wv.set(r.w, k * d);
        b[k] = r.b;
        nIter = Math.max(nIter, r.nIter);
        converged &&= r.stopped;
      }
      if (partial) converged = false;
      else if (!converged && p.tol !== null) this.warn(`maximum number of epochs (maxIter = ${p.maxIter}) reached before the stopping rule was met; increase maxIter`, 'convergence');
      W = heapMatrix(rt, Wv, K, d);
      const t = t0 + nIter * n;
      return this.commit({ nFeatures: d, classes, W, b, nIter, converged, t });
    } catch (error) {
      W?.dispose();
      throw error;
    } finally {
      runner?.dispose();
      release(x);
    }
  }

  /**
   * Class probabilities (n×K row-major) for loss 'log_loss' (sigmoid; normalized one-vs-rest for
   * K > 2) or 'modified_huber' ((clip(score, −1, 1) + 1)/2, normalized), as scikit-learn.
   */
  predictProba(X: unknown): Float64Array {
    const { loss } = this.getParams();
    if (loss !== 'log_loss' && loss !== 'log' && loss !== 'modified_huber') {
      throw new InvalidParameterError(`SGDClassifier: predictProba needs loss 'log_loss' or 'modified_huber', got '${loss}'`);
    }
    const { Z } = this.scores(X, 'predictProba');
    try {
      if (loss !== 'modified_huber') return scoresToProba(this.rt(), Z, true, false);
      return modifiedHuberProba(Z.toTypedArray() as Float64Array, Z.rows, Z.cols);
    } finally {
      Z.dispose();
    }
  }

  /** Logarithms of predictProba (n×K row-major). */
  predictLogProba(X: unknown): Float64Array {
    return this.predictProba(X).map(Math.log);
  }

  protected override extraKeys(): string[] {
    return ['t'];
  }
  protected override saveExtra(state: SGDClassifierState): Record<string, unknown> {
    return { t: state.t };
  }
  protected override loadExtra(state: Record<string, unknown>): Record<string, unknown> {
    return { t: readNumber(state.t, 'model.state.t', { min: 1 }) };
  }
}

/** scikit-learn's modified-Huber probabilities: (clip(z, −1, 1) + 1)/2, rows normalized (uniform when all 0). */
function modifiedHuberProba(z: Float64Array, n: number, K: number): Float64Array {
  if (K === 1) {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const p = (Math.min(1, Math.max(-1, z[i])) + 1) / 2;
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += out[i * K + k] = (Math.min(1, Math.max(-1, z[i * K + k])) + 1) / 2;
    for (let k = 0; k < K; k++) out[i * K + k] = s === 0 ? 1 / K : out[i * K + k] / s;
  }
  return out;
}

registerEstimator(SGDClassifier);

interface SGDRegressorState {
  nFeatures: number;
  W: Matrix;
  b: number;
  t: number;
  nIter: number;
  converged: boolean;
}

/**
 * A linear regressor fitted by stochastic gradient descent (scikit-learn's SGDRegressor).
 *
 * ```ts
 * const reg = new wl.SGDRegressor({ seed: 0 }).fit(X, y);
 * reg.predict(Xtest);
 * ```
 */
export class SGDRegressor extends Regressor<SGDRegressorOptions, SGDRegressorState> {
  static readonly kind = 'SGDRegressor';
  static readonly task = 'regressor';
  static readonly defaults: SGDRegressorOptions = { ...COMMON_DEFAULTS, loss: 'squared_error', learningRate: 'invscaling', eta0: 0.01, powerT: 0.25 };

  constructor(options?: Partial<SGDRegressorOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: SGDRegressorOptions): void {
    checkCommon(this.kind, p, ['squared_error', 'huber', 'epsilon_insensitive', 'squared_epsilon_insensitive'], p.loss);
  }

  /** Fits from zero weights on X (n×d) and y (n numbers). Returns this. */
  fit(X: unknown, y: unknown): this {
    return this.#fit(X, y, false);
  }

  /** One epoch over (X, y) from the current weights (scikit-learn's partial_fit). */
  partialFit(X: unknown, y: unknown): this {
    return this.#fit(X, y, true);
  }

  #fit(X: unknown, y: unknown, partial: boolean): this {
    const p = this.params();
    const rt = this.rt();
    const prev = partial && this.isFitted ? this.fitted('partialFit') : undefined;
    const x = readX(rt, X);
    let runner: SgdRunner | undefined;
    let W: Matrix | undefined;
    try {
      const { rows: n, cols: d } = x.matrix;
      if (prev !== undefined && prev.nFeatures !== d) throw new ShapeError(`X: expected ${prev.nFeatures} features per sample (as in the earlier fit), got ${d}`);
      const t = readTargets(y, n);
      if (!t.vector) throw new ShapeError(`y: expected one target per sample (a vector), got ${t.k} per sample`);
      runner = new SgdRunner(rt, n, d, paramBlock(p, partial ? 1 : p.maxIter, partial || p.tol === null ? -Infinity : p.tol), seedOf(p.seed));
      const w0 = prev ? (prev.W.toTypedArray() as Float64Array) : new Float64Array(d);
      const r = runner.run(x.matrix, t.values, w0, prev ? prev.b : 0, prev ? prev.t : 1);
      const converged = !partial && r.stopped;
      if (!partial && !r.stopped && p.tol !== null) this.warn(`maximum number of epochs (maxIter = ${p.maxIter}) reached before the stopping rule was met; increase maxIter`, 'convergence');
      W = heapMatrix(rt, r.w, 1, d);
      return this.commit({ nFeatures: d, W, b: r.b, t: r.t, nIter: r.nIter, converged });
    } catch (error) {
      W?.dispose();
      throw error;
    } finally {
      runner?.dispose();
      release(x);
    }
  }

  /** X·coef + intercept: n values. */
  predict(X: unknown): Float64Array {
    const { x, state } = this.input(X, 'predict');
    let Z: Matrix | undefined;
    try {
      Z = linearScores(this.rt(), x.matrix, state.W, new Float64Array([state.b]));
      return Z.toTypedArray() as Float64Array;
    } finally {
      Z?.dispose();
      release(x);
    }
  }

  /** Coefficients: d values. */
  get coef(): Float64Array {
    return this.fitted('coef').W.toTypedArray() as Float64Array;
  }

  /** The intercept. */
  get intercept(): number {
    return this.fitted('intercept').b;
  }

  /** Epochs run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Whether the stopping rule was met within maxIter. */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  protected saveState(state: SGDRegressorState): Record<string, unknown> {
    return { coef: encodeArray(state.W.toTypedArray() as Float64Array), intercept: state.b, t: state.t, nIter: state.nIter, converged: state.converged };
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): SGDRegressorState {
    for (const key of Object.keys(state)) if (!['coef', 'intercept', 't', 'nIter', 'converged'].includes(key)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
    const coef = decodeArray(state.coef, 'model.state.coef', 'float64', [nFeatures]);
    const b = readNumber(state.intercept, 'model.state.intercept');
    const t = readNumber(state.t, 'model.state.t', { min: 1 });
    const nIter = readNumber(state.nIter, 'model.state.nIter', { integer: true, min: 0 });
    if (typeof state.converged !== 'boolean') throw new ModelFormatError('model.state.converged: expected true or false');
    return { nFeatures, W: heapMatrix(this.rt(), coef, 1, nFeatures), b, t, nIter, converged: state.converged };
  }
}

registerEstimator(SGDRegressor);
