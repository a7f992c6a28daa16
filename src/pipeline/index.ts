// makePipeline(...steps): transformers then a final estimator, as scikit-learn's make_pipeline.
// Every intermediate result is a Matrix in the Wasm heap, freed as soon as the next step has used it,
// so data never round-trips through JS between steps.
import { Matrix } from '../core/matrix.js';
import { InvalidParameterError, DisposedError } from '../errors.js';
import { Estimator } from '../base/estimator.js';
import type { Labels } from '../base/labels.js';

type Step = Estimator & { transform?(X: unknown): Matrix; fitTransform?(X: unknown, y?: unknown): Matrix; predict?(X: unknown): Labels | Float64Array; score?(X: unknown, y: unknown): number };

/** A chain of transformers ending in any estimator. Step names are the lowercased kinds ('standardscaler'). */
export class Pipeline {
  readonly steps: [string, Step][];
  #disposed = false;

  constructor(steps: Step[]) {
    if (!Array.isArray(steps) || steps.length === 0) throw new InvalidParameterError('makePipeline: expected at least one step');
    const names = new Map<string, number>();
    this.steps = steps.map((s, i) => {
      if (!(s instanceof Estimator)) throw new InvalidParameterError(`makePipeline: step ${i} is not a wasmlearn estimator`);
      if (i < steps.length - 1 && typeof s.transform !== 'function') throw new InvalidParameterError(`makePipeline: step ${i} (${s.kind}) must be a transformer (every step but the last needs transform)`);
      const base = s.kind.toLowerCase();
      const count = (names.get(base) ?? 0) + 1;
      names.set(base, count);
      return [count > 1 ? `${base}-${count}` : base, s];
    });
  }

  /** The steps by name. */
  get namedSteps(): Record<string, Step> {
    return Object.fromEntries(this.steps);
  }

  /** Fits each transformer on the previous one's output, then the final estimator. Returns this. */
  fit(X: unknown, y?: unknown): this {
    this.#alive();
    const Xt = this.#fitTransformAll(X, y, this.steps.length - 1);
    try {
      this.#last.fit(Xt, y);
    } finally {
      if (Xt !== X) (Xt as Matrix).dispose();
    }
    return this;
  }

  /** Predictions of the final estimator on the transformed X. */
  predict(X: unknown): Labels | Float64Array {
    return this.#through(X, (Xt) => this.#last.predict!(Xt));
  }

  /** Class probabilities of the final estimator (when it has predictProba). */
  predictProba(X: unknown): unknown {
    return this.#through(X, (Xt) => (this.#last as any).predictProba(Xt));
  }

  /** The final estimator's score on the transformed X. */
  score(X: unknown, y: unknown): number {
    return this.#through(X, (Xt) => this.#last.score!(Xt, y));
  }

  /** X through every step (all must be transformers): a new Matrix. */
  transform(X: unknown): Matrix {
    this.#alive();
    let cur: unknown = X;
    for (const [, s] of this.steps) {
      const next = s.transform!(cur);
      if (cur !== X) (cur as Matrix).dispose();
      cur = next;
    }
    return cur as Matrix;
  }

  fitTransform(X: unknown, y?: unknown): Matrix {
    this.#alive();
    const Xt = this.#fitTransformAll(X, y, this.steps.length - 1);
    try {
      return this.#last.fitTransform!(Xt, y);
    } finally {
      if (Xt !== X) (Xt as Matrix).dispose();
    }
  }

  /** Options of every step as '<step>__<option>' (scikit-learn's naming). */
  getParams(): Record<string, unknown> {
    this.#alive();
    const out: Record<string, unknown> = {};
    for (const [name, s] of this.steps) for (const [k, v] of Object.entries(s.getParams())) out[`${name}__${k}`] = v;
    return out;
  }

  /** Sets '<step>__<option>' options. Returns this. */
  setParams(params: Record<string, unknown>): this {
    this.#alive();
    const named = this.namedSteps;
    for (const [key, v] of Object.entries(params)) {
      const [name, option] = key.split('__');
      if (!option || !named[name]) throw new InvalidParameterError(`Pipeline: unknown parameter "${key}"; expected <step>__<option> with a step of ${Object.keys(named).join(', ')}`);
      named[name].setParams({ [option]: v });
    }
    return this;
  }

  /** An unfitted copy with the same options. */
  clone(): Pipeline {
    this.#alive();
    return new Pipeline(this.steps.map(([, s]) => s.clone()));
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Disposes every step. */
  dispose(): void {
    if (this.#disposed) return;
    for (const [, s] of this.steps) s.dispose();
    this.#disposed = true;
  }

  get #last(): Step {
    return this.steps[this.steps.length - 1][1];
  }

  #fitTransformAll(X: unknown, y: unknown, count: number): unknown {
    let cur: unknown = X;
    for (let i = 0; i < count; i++) {
      const s = this.steps[i][1];
      const next = s.fitTransform!(cur, y);
      if (cur !== X) (cur as Matrix).dispose();
      cur = next;
    }
    return cur;
  }

  #through<R>(X: unknown, fn: (Xt: unknown) => R): R {
    this.#alive();
    let cur: unknown = X;
    try {
      for (let i = 0; i < this.steps.length - 1; i++) {
        const next = this.steps[i][1].transform!(cur);
        if (cur !== X) (cur as Matrix).dispose();
        cur = next;
      }
      return fn(cur);
    } finally {
      if (cur !== X) (cur as Matrix).dispose();
    }
  }

  #alive(): void {
    if (this.#disposed) throw new DisposedError('this Pipeline was disposed; it can no longer be used');
  }
}

/** A pipeline of the given steps: transformers, then any estimator (scikit-learn's make_pipeline). */
export function makePipeline(...steps: Step[]): Pipeline {
  return new Pipeline(steps);
}
