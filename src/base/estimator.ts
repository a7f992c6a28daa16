// The estimator contract, after scikit-learn's base.py, kept small:
//  - the constructor only stores options; an unknown option name is an InvalidParameterError at once,
//    option values are checked when fit() runs (errors name the estimator and the option);
//  - getParams()/setParams()/clone(); fit(X, y?) returns this;
//  - fitted state is one object owned by the estimator: a failed fit leaves the old state intact, a
//    successful re-fit frees it, dispose() frees it (Matrix blocks in the Wasm heap included);
//  - fitted attributes are read-only getters that throw NotFittedError before fit and return copies;
//  - toJSON() writes the shared model format (src/io) and wl.load() reads it back through the reader
//    that registerEstimator() installs;
//  - anything after dispose() throws DisposedError.
// Task bases (Regressor, Classifier, Transformer, Clusterer) add predict/transform and score().
import { DisposedError, InvalidParameterError, ModelFormatError, NotFittedError, NotInitializedError, OutOfMemoryError, ShapeError, ValidationError, WasmlearnError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { describe } from '../core/validate.js';
import { envelope, readObject, type ModelJSON } from '../io/format.js';
import { registerModel } from '../io/load.js';
import { keep } from '../runtime/scope.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { checkFeatures, readX, release, type Borrowed } from './input.js';
import type { Classes, Labels } from './labels.js';

export type Task = 'classifier' | 'regressor' | 'transformer' | 'clusterer';

/** A warning handler: receives the message and the estimator that raised it. */
export type WarningHandler = (message: string, estimator: Estimator) => void;

/** Options every estimator accepts besides its own. */
export interface CommonOptions {
  /** Called with non-fatal warnings (non-convergence…). Default: console.warn, once per estimator kind and warning. */
  onWarning?: WarningHandler;
}

/** What a registered estimator class provides statically. */
export interface EstimatorClass<E extends Estimator = Estimator> {
  new (options?: any): E;
  /** The name in model files and error messages, e.g. 'LinearRegression'. */
  readonly kind: string;
  readonly task: Task;
  /** Every option with its default; its keys are the accepted option names. */
  readonly defaults: object;
}

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
const warnedOnce = new Set<string>();

/** Anything in a fitted state that owns heap memory. */
interface Owner {
  dispose(): void;
}

function owners(state: object): Owner[] {
  const out: Owner[] = [];
  for (const v of Object.values(state)) {
    if (v instanceof Matrix || v instanceof Estimator) out.push(v);
    else if (Array.isArray(v)) {
      for (const w of v) if (w instanceof Matrix || w instanceof Estimator) out.push(w);
    }
  }
  return out;
}

/**
 * Base of every estimator. P: the options (all of them, defaults filled in); S: the fitted state,
 * a plain object whose Matrix (or Estimator) values the estimator owns and frees.
 */
export abstract class Estimator<P extends object = any, S extends { nFeatures: number } = any> {
  #params: P & CommonOptions;
  #state: S | undefined;
  #disposed = false;

  constructor(options?: Partial<P> & CommonOptions) {
    const cls = new.target as unknown as EstimatorClass;
    const allowed = [...Object.keys(cls.defaults), 'onWarning'];
    if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
      throw new InvalidParameterError(`${cls.kind}: expected an options object, got ${describe(options)}`);
    }
    for (const key of Object.keys(options ?? {})) {
      if (!allowed.includes(key)) throw new InvalidParameterError(`${cls.kind}: unknown option "${key}"; expected one of ${allowed.join(', ')}`);
    }
    const params = { ...cls.defaults } as Record<string, unknown>;
    for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) params[k] = copyValue(v);
    this.#params = params as P & CommonOptions;
  }

  /** The model kind, e.g. 'Ridge'. */
  get kind(): string {
    return (this.constructor as EstimatorClass).kind;
  }

  /** 'classifier' | 'regressor' | 'transformer' | 'clusterer'. */
  get task(): Task {
    return (this.constructor as EstimatorClass).task;
  }

  /** The options, defaults filled in (a copy). */
  getParams(): P & CommonOptions {
    this.alive();
    const out = {} as Record<string, unknown>;
    for (const [k, v] of Object.entries(this.#params)) out[k] = copyValue(v);
    return out as P & CommonOptions;
  }

  /** Changes options (checked at the next fit; an unknown name throws now). The fitted state stays. Returns this. */
  setParams(options: Partial<P> & CommonOptions): this {
    this.alive();
    const cls = this.constructor as EstimatorClass;
    const allowed = [...Object.keys(cls.defaults), 'onWarning'];
    for (const key of Object.keys(options ?? {})) {
      if (!allowed.includes(key)) throw new InvalidParameterError(`${cls.kind}: unknown option "${key}"; expected one of ${allowed.join(', ')}`);
    }
    const params = this.#params as Record<string, unknown>;
    for (const [k, v] of Object.entries(options ?? {})) params[k] = v === undefined ? (cls.defaults as Record<string, unknown>)[k] : copyValue(v);
    return this;
  }

  /** A new, unfitted estimator with the same options (scikit-learn's clone). */
  clone(): this {
    this.alive();
    const cls = this.constructor as new (o: unknown) => this;
    return new cls(this.getParams());
  }

  /** Fits the model; returns this. A re-fit replaces (and frees) the previous fit. */
  abstract fit(X: unknown, y?: unknown): this;

  /** True once fit() (or wl.load of a fitted model) has succeeded. */
  get isFitted(): boolean {
    return this.#state !== undefined && !this.#disposed;
  }

  /** Number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeatures;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Frees the fitted state (heap memory included). Further use throws DisposedError; twice is a no-op. */
  dispose(): void {
    if (this.#disposed) return;
    this.#free();
    this.#disposed = true;
  }

  [disposeSymbol](): void {
    this.dispose();
  }

  /** The model as the shared model format (wasmlearn JSON envelope); `wl.load` reads it back. */
  toJSON(): ModelJSON {
    this.alive();
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.#params)) {
      if (typeof v === 'function' || v === undefined) continue; // callbacks are not data
      params[k] = copyValue(v);
    }
    return envelope(this.kind, params, this.#state ? { nFeatures: this.#state.nFeatures, ...this.saveState(this.#state) } : null);
  }

  toString(): string {
    return `${this.kind}(${this.#disposed ? 'disposed' : this.isFitted ? 'fitted' : 'not fitted'})`;
  }

  // ---- for subclasses ----

  /** Checks the option values (throwing InvalidParameterError naming the option); called by params(). */
  protected abstract checkParams(params: Readonly<P>): void;
  /** The fitted state's data for toJSON (encodeArray for arrays). nFeatures is written by the base. */
  protected abstract saveState(state: S): Record<string, unknown>;
  /**
   * Rebuilds the fitted state from a model file's `state` (untrusted: check every field with the
   * src/io readers, and every shape against nFeatures and the params, before allocating).
   */
  protected abstract loadState(state: Record<string, unknown>, nFeatures: number): S;

  /** The runtime, after checking that the estimator is not disposed. */
  protected rt(): Runtime {
    this.alive();
    return runtime(`${this.kind}`);
  }

  /** Throws DisposedError after dispose(). */
  protected alive(): void {
    if (this.#disposed) throw new DisposedError(`this ${this.kind} was disposed; it can no longer be used (create a new one)`);
  }

  /** The options, checked (InvalidParameterError naming the option otherwise). Call at the start of fit. */
  protected params(): Readonly<P> {
    this.alive();
    this.checkParams(this.#params);
    return this.#params;
  }

  /** The fitted state; NotFittedError (naming `what`) before fit, DisposedError after dispose. */
  protected fitted(what: string): S {
    this.alive();
    if (this.#state === undefined) {
      throw new NotFittedError(`${this.kind}: ${what} is not available before fit(); call fit(X${this.task === 'transformer' || this.task === 'clusterer' ? '' : ', y'}) first`);
    }
    return this.#state;
  }

  /** Installs a new fitted state, freeing the previous one. Its matrices leave any open wl.scope. */
  protected commit(state: S): this {
    this.alive();
    for (const o of owners(state)) if (o instanceof Matrix) keep(o);
    this.#free();
    this.#state = state;
    return this;
  }

  /** X for predict/transform: checked, with the feature count seen in fit. Release it with `release`. */
  protected input(X: unknown, what: string): { x: Borrowed; state: S } {
    const state = this.fitted(what);
    const x = readX(this.rt(), X);
    try {
      checkFeatures(x.matrix, state.nFeatures);
    } catch (error) {
      release(x);
      throw error;
    }
    return { x, state };
  }

  /** Runs `f` on X checked as `input` does, releasing X's heap copy afterwards (also when `f` throws). */
  protected withInput<T>(X: unknown, what: string, f: (x: Matrix, state: S) => T): T {
    const { x, state } = this.input(X, what);
    try {
      return f(x.matrix, state);
    } finally {
      release(x);
    }
  }

  /** Reports a non-fatal condition through onWarning (default console.warn once per kind and key). */
  protected warn(message: string, key = message): void {
    const handler = this.#params.onWarning;
    if (typeof handler === 'function') {
      handler(`${this.kind}: ${message}`, this);
      return;
    }
    const id = `${this.kind}:${key}`;
    if (warnedOnce.has(id)) return;
    warnedOnce.add(id);
    console.warn(`${this.kind}: ${message}`);
  }

  /** @internal used by the model reader */
  static restore<E extends Estimator>(est: E, state: Record<string, unknown>, nFeatures: number): void {
    (est as Estimator).commit((est as any).loadState(state, nFeatures));
  }

  #free(): void {
    const old = this.#state;
    this.#state = undefined;
    if (old) for (const o of owners(old)) o.dispose();
  }
}

function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  return v;
}

/** Base of regressors: predict gives one number per sample; score is R². */
export abstract class Regressor<P extends object = any, S extends { nFeatures: number } = any> extends Estimator<P, S> {
  /**
   * Predictions for X (n×d): n values (JS-owned). A model fitted on k targets (y: n×k) returns
   * n·k values, row-major.
   */
  abstract predict(X: unknown): Float64Array;

  /** R² of predict(X) against y (scikit-learn's score for regressors; uniform average over targets). */
  score(X: unknown, y: unknown): number {
    const pred = this.predict(X);
    return r2(pred, y, pred.length);
  }
}

/** Base of classifiers: labels are numbers or strings; classes is sorted; score is accuracy. */
export abstract class Classifier<P extends object = any, S extends { nFeatures: number; classes: Classes } = any> extends Estimator<P, S> {
  /** The distinct labels seen in fit, sorted (a copy). */
  get classes(): Classes {
    return [...this.fitted('classes').classes] as Classes;
  }

  /** Predicted labels for X (n×d): a Float64Array for numeric labels, string[] for string labels. */
  abstract predict(X: unknown): Labels;

  /** Mean accuracy of predict(X) against y. */
  score(X: unknown, y: unknown): number {
    const pred = this.predict(X);
    return accuracy(pred, y);
  }
}

/** Base of transformers: transform returns a Matrix (stays in the Wasm heap, for pipelines). */
export abstract class Transformer<P extends object = any, S extends { nFeatures: number } = any> extends Estimator<P, S> {
  /** The transformed X: a new Matrix the caller owns. */
  abstract transform(X: unknown): Matrix;

  /** fit(X, y) then transform(X). */
  fitTransform(X: unknown, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }
}

/** Base of clusterers: fit(X) then labels; fitPredict(X). */
export abstract class Clusterer<P extends object = any, S extends { nFeatures: number } = any> extends Estimator<P, S> {
  /** Cluster index of every training sample. */
  abstract get labels(): Int32Array;

  fitPredict(X: unknown): Int32Array {
    return this.fit(X).labels;
  }
}

// score() helpers (the metrics module has the full versions; these avoid a dependency cycle)
function r2(pred: Float64Array, y: unknown, n: number): number {
  if (!Array.isArray(y) && !ArrayBuffer.isView(y) && !(y instanceof Matrix)) throw new ValidationError(`y: expected an array of numbers, got ${describe(y)}`);
  const truth: ArrayLike<unknown> = y instanceof Matrix ? y.toTypedArray() : Array.isArray(y) && Array.isArray(y[0]) ? (y as number[][]).flat() : (y as ArrayLike<unknown>);
  if (truth.length !== n) throw new ShapeError(`y: expected ${n} values (one per prediction), got ${truth.length}`);
  const rows = Array.isArray(y) && Array.isArray(y[0]) ? (y as unknown[]).length : y instanceof Matrix ? y.rows : n;
  const k = n / rows;
  let total = 0;
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) {
      const t = truth[i * k + j];
      if (typeof t !== 'number' || !Number.isFinite(t)) throw new ValidationError(`y[${i}]: expected a finite number, got ${describe(t)}`);
      mean += t;
    }
    mean /= rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < rows; i++) {
      const t = truth[i * k + j] as number;
      ssRes += (t - pred[i * k + j]) ** 2;
      ssTot += (t - mean) ** 2;
    }
    // scikit-learn: a constant y scores 1 when predicted exactly, 0 otherwise
    total += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  return total / k;
}

function accuracy(pred: Labels, y: unknown): number {
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new ValidationError(`y: expected an array of labels, got ${describe(y)}`);
  const truth = y as ArrayLike<unknown>;
  if (truth.length !== pred.length) throw new ShapeError(`y: expected ${pred.length} labels (one per sample of X), got ${truth.length}`);
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) hit++;
  return hit / pred.length;
}

// ---- model files ----

/**
 * Makes `wl.load` read models of this class. Call once, right after the class definition. The
 * reader accepts only the class's option names with JSON values, checks them as fit would, and lets
 * the class rebuild its state; any inconsistency is a ModelFormatError.
 */
export function registerEstimator(cls: EstimatorClass): void {
  registerModel(cls.kind, (model: ModelJSON) => {
    const allowed = Object.keys(cls.defaults);
    const raw = readObject(model.params, 'model.params', allowed);
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) options[k] = plainValue(v, `model.params.${k}`, 0);
    let est: Estimator | undefined;
    try {
      est = new cls(options);
      (est as any).params();
      if (model.state !== null) {
        const state = readObject(model.state, 'model.state');
        const nFeatures = state.nFeatures;
        if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1 || nFeatures > 2 ** 24) {
          throw new ModelFormatError(`model.state.nFeatures: expected an integer in [1, ${2 ** 24}], got ${describe(nFeatures)}`);
        }
        const rest: Record<string, unknown> = Object.create(null);
        for (const [k, v] of Object.entries(state)) if (k !== 'nFeatures') rest[k] = v;
        Estimator.restore(est, rest, nFeatures);
      }
      return est;
    } catch (error) {
      est?.dispose();
      if (error instanceof ModelFormatError || error instanceof OutOfMemoryError || error instanceof NotInitializedError || !(error instanceof WasmlearnError)) throw error;
      throw new ModelFormatError(`model (${cls.kind}): ${(error as Error).message}`);
    }
  });
}

/** A JSON value from a model file's params: null, boolean, finite number, short string, or arrays of those. */
function plainValue(v: unknown, field: string, depth: number): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') {
    if (typeof v === 'string' && v.length > 1000) throw new ModelFormatError(`${field}: string too long`);
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ModelFormatError(`${field}: expected a finite number, got ${v}`);
    return v;
  }
  if (Array.isArray(v) && depth < 2 && v.length <= 1 << 16) return v.map((w, i) => plainValue(w, `${field}[${i}]`, depth + 1));
  throw new ModelFormatError(`${field}: expected a number, string, boolean, null or a small array of those, got ${describe(v)}`);
}
