// What the linear classifiers (LogisticRegression, SGDClassifier, LinearSVC) share: the fitted state
// { W: K×d in the heap, b: K }, scores X·Wᵀ + b in one Wasm call (assembly/logistic.ts), predict by
// sign (K = 1) or argmax, probabilities, coef/intercept getters and the model-file round trip.
// K = 1 for two classes (positive scores mean classes[1], as scikit-learn), else one row per class.
import { ModelFormatError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { Classifier } from '../base/estimator.js';
import { release } from '../base/input.js';
import { classesFromJSON, classesToJSON, decodeLabels, type Classes, type Labels } from '../base/labels.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';

export interface LinearClassifierState {
  nFeatures: number;
  classes: Classes;
  /** K×d coefficients (float64, in the heap); K = 1 for two classes. */
  W: Matrix;
  /** K intercepts. */
  b: Float64Array;
  nIter: number;
  converged: boolean;
}

/** Z (n×K, float64, a new Matrix) = X·Wᵀ + b for a float64 X. */
export function linearScores(rt: Runtime, X: Matrix, W: Matrix, b: Float64Array | null): Matrix {
  const n = X.rows, d = X.cols, K = W.rows;
  const Z = Matrix.alloc(rt, n, K, 'float64');
  let scratch = 0, bp = 0;
  try {
    scratch = rt.heap.alloc(K === 1 ? 16 : typed(rt.kernels, 'gemm_scratch_bytes', 'float64')(n, K, d));
    if (b) {
      bp = rt.heap.alloc(K * 8);
      rt.heap.f64.set(b, bp >>> 3);
    }
    typed(rt.kernels, 'linear_scores', 'float64')(X.ptr, n, d, W.ptr, K, bp, Z.ptr, scratch);
    return Z;
  } catch (error) {
    Z.dispose();
    throw error;
  } finally {
    rt.heap.free(scratch);
    if (bp) rt.heap.free(bp);
  }
}

/** Probabilities (or logs) from scores Z (n×K): K = 1 → n×2; softmax, or normalized sigmoids (ovr). */
export function scoresToProba(rt: Runtime, Z: Matrix, ovr: boolean, log: boolean): Float64Array {
  const n = Z.rows, K = Z.cols;
  const width = K === 1 ? 2 : K;
  const out = rt.heap.alloc(Math.max(1, n * width) * 8);
  try {
    typed(rt.kernels, 'linear_proba', 'float64')(Z.ptr, n, K, +ovr, +log, out);
    return rt.heap.f64.slice(out >>> 3, (out >>> 3) + n * width);
  } finally {
    rt.heap.free(out);
  }
}

/** Row-wise argmax codes (K ≥ 2) or sign codes (K = 1: score > 0 → 1) of scores. */
export function scoresToCodes(Z: Matrix): Int32Array {
  const n = Z.rows, K = Z.cols;
  const z = Z.data;
  const codes = new Int32Array(n);
  if (K === 1) {
    for (let i = 0; i < n; i++) codes[i] = z[i] > 0 ? 1 : 0;
    return codes;
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (z[i * K + k] > z[i * K + best]) best = k;
    codes[i] = best;
  }
  return codes;
}

/** A K×d heap matrix from row-major values. */
export function heapMatrix(rt: Runtime, values: Float64Array, K: number, d: number): Matrix {
  const W = Matrix.alloc(rt, K, d, 'float64');
  W.data.set(values);
  return W;
}

/** Base of the linear classifiers. */
export abstract class LinearClassifier<P extends object, S extends LinearClassifierState = LinearClassifierState> extends Classifier<P, S> {
  /**
   * Coefficients, row-major: 1×d for two classes, K×d for K > 2 classes (scikit-learn's coef_).
   */
  get coef(): Float64Array {
    return this.fitted('coef').W.toTypedArray() as Float64Array;
  }

  /** Intercepts: 1 value for two classes, K for K > 2 classes. */
  get intercept(): Float64Array {
    return this.fitted('intercept').b.slice();
  }

  /** Iterations run by the solver (epochs for SGD; the largest over the one-vs-rest problems). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Whether the solver met its stopping rule within maxIter. */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  /** Scores of X (n×d) as a Matrix (n×K), the caller disposes it. */
  protected scores(X: unknown, what: string): { Z: Matrix; state: S } {
    const { x, state } = this.input(X, what);
    try {
      return { Z: linearScores(this.rt(), x.matrix, state.W, state.b), state };
    } finally {
      release(x);
    }
  }

  /**
   * Confidence scores X·Wᵀ + b: n values for two classes (positive → classes[1]), otherwise n×K
   * row-major (one column per class).
   */
  decisionFunction(X: unknown): Float64Array {
    const { Z } = this.scores(X, 'decisionFunction');
    try {
      return Z.toTypedArray() as Float64Array;
    } finally {
      Z.dispose();
    }
  }

  /** Predicted labels for X (n×d). */
  predict(X: unknown): Labels {
    const { Z, state } = this.scores(X, 'predict');
    try {
      return decodeLabels(scoresToCodes(Z), state.classes);
    } finally {
      Z.dispose();
    }
  }

  protected saveState(state: S): Record<string, unknown> {
    return {
      classes: classesToJSON(state.classes),
      W: encodeArray(state.W.toTypedArray() as Float64Array, [state.W.rows, state.W.cols]),
      b: encodeArray(state.b),
      nIter: state.nIter,
      converged: state.converged,
      ...this.saveExtra(state),
    };
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): S {
    const known = ['classes', 'W', 'b', 'nIter', 'converged', ...this.extraKeys()];
    for (const key of Object.keys(state)) if (!known.includes(key)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
    const classes = classesFromJSON(state.classes, 'model.state.classes', 2);
    const K = classes.length === 2 ? 1 : classes.length;
    const b = decodeArray(state.b, 'model.state.b', 'float64', [K]);
    const values = decodeArray(state.W, 'model.state.W', 'float64', [K, nFeatures]);
    const nIter = readNumber(state.nIter, 'model.state.nIter', { integer: true, min: 0 });
    if (typeof state.converged !== 'boolean') throw new ModelFormatError('model.state.converged: expected true or false');
    const extra = this.loadExtra(state, K, nFeatures);
    const W = heapMatrix(this.rt(), values, K, nFeatures);
    return { nFeatures, classes, W, b, nIter, converged: state.converged, ...extra } as S;
  }

  /** Extra fitted fields a subclass saves (checked on load). */
  protected extraKeys(): string[] {
    return [];
  }
  protected saveExtra(_state: S): Record<string, unknown> {
    return {};
  }
  protected loadExtra(_state: Record<string, unknown>, _K: number, _d: number): Record<string, unknown> {
    return {};
  }
}
