// Logistic regression with scikit-learn's objective (C·Σ log-loss + penalty, intercept unpenalized),
// binary (sigmoid) or multinomial (softmax, for more than two classes, as scikit-learn ≥ 1.5).
// Smooth penalties ('l2', 'none') minimize with L-BFGS (wl.optim.minimize); 'l1' and 'elasticnet'
// with FISTA (Beck & Teboulle, SIAM J. Imaging Sci. 2009) with backtracking and O'Donoghue & Candès'
// function-value restart (Found. Comput. Math. 2015), a soft-threshold prox on the weights only.
// Either way one objective evaluation (loss and gradient over all the data) is one Wasm call
// (assembly/logistic.ts). Like scikit-learn ≥ 1.1 the objective is divided by C·n, so that `tol`
// bounds the gradient of a mean loss whatever the data size.
import { ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { registerEstimator, type CommonOptions } from '../base/estimator.js';
import { readX, release } from '../base/input.js';
import { encodeLabels } from '../base/labels.js';
import { checkBool, checkChoice, checkInt, checkReal } from '../base/params.js';
import { minimize } from '../optim/minimize.js';
import { heapMatrix, LinearClassifier, scoresToProba } from './linear_classifier.js';

export type LogisticPenalty = 'l2' | 'l1' | 'elasticnet' | 'none';

export interface LogisticRegressionOptions {
  /** 'l2' (default), 'l1', 'elasticnet' (needs l1Ratio) or 'none'. */
  penalty: LogisticPenalty;
  /** Inverse regularization strength (> 0): smaller is stronger. Default 1. */
  C: number;
  /** Elastic-net mixing in [0, 1]: 1 is pure L1, 0 pure L2. Only with penalty 'elasticnet'. */
  l1Ratio: number | null;
  /** Stop when the largest gradient entry (optimality violation for l1/elasticnet) of the mean objective is ≤ tol. Default 1e-4. */
  tol: number;
  /** Maximum solver iterations. Default 100. */
  maxIter: number;
  /** Fit an intercept (not penalized). Default true. */
  fitIntercept: boolean;
}

const EPS = 2.220446049250313e-16;

/** The fitted parameters of a logistic regression (before they go into the heap). */
export interface LogisticFit {
  W: Float64Array;
  b: Float64Array;
  nIter: number;
  converged: boolean;
}

/**
 * Minimizes (1/n)·Σ loss + l2/2·‖W‖² + l1·‖W‖₁ over W (K×d) and b (K) for a float64 X (n×d) and
 * class codes y (0/1 for K = 1, 0..K-1 otherwise). L-BFGS when l1 = 0, FISTA otherwise.
 */
export function fitLogistic(
  rt: Runtime, X: Matrix, y: Int32Array, K: number,
  opts: { l2: number; l1: number; fitIntercept: boolean; tol: number; maxIter: number },
): LogisticFit {
  const n = X.rows, d = X.cols;
  const kd = K * d;
  const heap = rt.heap;
  const lossGrad = typed(rt.kernels, 'logistic_loss_grad', 'float64');
  const gemmScratch = K === 1 ? 16 : Math.max(
    typed(rt.kernels, 'gemm_scratch_bytes', 'float64')(n, K, d),
    typed(rt.kernels, 'gemm_scratch_bytes', 'float64')(K, d, n),
  );
  // one block: y (i32[n]) | w (K·d) | b (K) | gw (K·d) | gb (K) | z (n·K) | GEMM scratch
  const off = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const yBytes = off(n * 4), wBytes = off(kd * 8), bBytes = off(K * 8), zBytes = off(n * K * 8);
  const block = heap.alloc(yBytes + 2 * wBytes + 2 * bBytes + zBytes + gemmScratch + 16);
  const yp = block, wp = yp + yBytes, bp = wp + wBytes, gwp = bp + bBytes, gbp = gwp + wBytes, zp = gbp + bBytes, sp = zp + zBytes;
  const nParams = kd + (opts.fitIntercept ? K : 0);
  const grad = new Float64Array(nParams);
  try {
    heap.i32.set(y, yp >>> 2);
    heap.f64.fill(0, bp >>> 3, (bp >>> 3) + K);
    const a = 1 / n;
    /** f(x) and its gradient into `g`; x = [W, b?]. */
    const evaluate = (x: Float64Array, g: Float64Array): number => {
      const view = heap.f64;
      view.set(x.subarray(0, kd), wp >>> 3);
      if (opts.fitIntercept) view.set(x.subarray(kd), bp >>> 3);
      const value = lossGrad(X.ptr, n, d, yp, K, wp, opts.fitIntercept ? bp : 0, a, opts.l2, zp, sp, gwp, opts.fitIntercept ? gbp : 0);
      const out = heap.f64;
      g.set(out.subarray(gwp >>> 3, (gwp >>> 3) + kd));
      if (opts.fitIntercept) g.set(out.subarray(gbp >>> 3, (gbp >>> 3) + K), kd);
      return value;
    };
    const x0 = new Float64Array(nParams);
    let x: Float64Array, nIter: number, converged: boolean;
    if (opts.l1 === 0) {
      const r = minimize((v) => ({ value: evaluate(v, grad), grad }), x0, {
        method: 'lbfgs', maxIter: opts.maxIter, tol: opts.tol, ftol: 64 * EPS, maxLineSearch: 50,
      });
      ({ x, nIter, converged } = r);
    } else {
      ({ x, nIter, converged } = fista(evaluate, x0, kd, opts.l1, opts.tol, opts.maxIter));
    }
    const b = new Float64Array(K);
    if (opts.fitIntercept) b.set(x.subarray(kd));
    return { W: x.slice(0, kd), b, nIter, converged };
  } finally {
    heap.free(block);
  }
}

/** The largest violation of the optimality conditions of f + l1·‖W‖₁ at x with gradient g. */
function violation(x: Float64Array, g: Float64Array, kd: number, l1: number): number {
  let m = 0;
  for (let j = 0; j < x.length; j++) {
    let v: number;
    if (j >= kd) v = Math.abs(g[j]);
    else if (x[j] > 0) v = Math.abs(g[j] + l1);
    else if (x[j] < 0) v = Math.abs(g[j] - l1);
    else v = Math.max(0, Math.abs(g[j]) - l1);
    if (v > m) m = v;
  }
  return m;
}

/**
 * FISTA on F = f + l1·‖x[0..kd)‖₁ with backtracking on the step 1/L and a restart whenever F goes
 * up. Stops when the optimality violation at the newest iterate is ≤ tol.
 */
function fista(
  evaluate: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, kd: number, l1: number, tol: number, maxIter: number,
): { x: Float64Array; nIter: number; converged: boolean } {
  const p = x0.length;
  let x = x0.slice();
  const yv = x0.slice();
  let xn = new Float64Array(p);
  const gy = new Float64Array(p);
  const gx = new Float64Array(p);
  const l1norm = (v: Float64Array) => {
    let s = 0;
    for (let j = 0; j < kd; j++) s += Math.abs(v[j]);
    return s;
  };
  let fx = evaluate(x, gx);
  let Fx = fx + l1 * l1norm(x);
  if (violation(x, gx, kd, l1) <= tol) return { x, nIter: 0, converged: true };
  let L = 1;
  let t = 1;
  for (let it = 1; it <= maxIter; it++) {
    const fy = evaluate(yv, gy);
    L *= 0.8; // let the step grow back when the local curvature allows it
    let fxn = 0;
    for (let tries = 0; ; tries++) {
      const thr = l1 / L;
      for (let j = 0; j < p; j++) {
        const v = yv[j] - gy[j] / L;
        xn[j] = j < kd ? (v > thr ? v - thr : v < -thr ? v + thr : 0) : v;
      }
      fxn = evaluate(xn, gx);
      let lin = 0, sq = 0;
      for (let j = 0; j < p; j++) {
        const dj = xn[j] - yv[j];
        lin += gy[j] * dj;
        sq += dj * dj;
      }
      // the quadratic upper bound of Beck & Teboulle's backtracking, with slack for rounding
      if (fxn <= fy + lin + (L / 2) * sq + 1e-12 * Math.abs(fy) || tries >= 60) break;
      L *= 2;
    }
    const Fxn = fxn + l1 * l1norm(xn);
    const tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    if (Fxn > Fx) {
      // restart: momentum pointed uphill
      t = 1;
      yv.set(x);
      continue;
    }
    const beta = (t - 1) / tn;
    for (let j = 0; j < p; j++) yv[j] = xn[j] + beta * (xn[j] - x[j]);
    t = tn;
    [x, xn] = [xn, x];
    Fx = Fxn;
    if (violation(x, gx, kd, l1) <= tol) return { x, nIter: it, converged: true };
  }
  return { x, nIter: maxIter, converged: false };
}

interface LogisticState {
  nFeatures: number;
  classes: import('../base/labels.js').Classes;
  W: Matrix;
  b: Float64Array;
  nIter: number;
  converged: boolean;
}

/**
 * Logistic regression (scikit-learn's LogisticRegression with the lbfgs solver, and saga's
 * objective for l1/elasticnet). Binary for two classes (coef 1×d), multinomial for more (K×d).
 *
 * ```ts
 * const clf = new wl.LogisticRegression({ C: 1 }).fit(X, y);
 * clf.predictProba(Xtest); // n×K, row-major
 * ```
 */
export class LogisticRegression extends LinearClassifier<LogisticRegressionOptions, LogisticState> {
  static readonly kind = 'LogisticRegression';
  static readonly task = 'classifier';
  static readonly defaults: LogisticRegressionOptions = { penalty: 'l2', C: 1, l1Ratio: null, tol: 1e-4, maxIter: 100, fitIntercept: true };

  constructor(options?: Partial<LogisticRegressionOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: LogisticRegressionOptions): void {
    checkChoice(p.penalty, this.kind, 'penalty', ['l2', 'l1', 'elasticnet', 'none']);
    checkReal(p.C, this.kind, 'C', { min: 0, minOpen: true });
    if (p.penalty === 'elasticnet' || p.l1Ratio !== null) checkReal(p.l1Ratio, this.kind, 'l1Ratio', { min: 0, max: 1 });
    checkReal(p.tol, this.kind, 'tol', { min: 0 });
    checkInt(p.maxIter, this.kind, 'maxIter', 0);
    checkBool(p.fitIntercept, this.kind, 'fitIntercept');
  }

  /** Fits on X (n×d) and labels y (n numbers or strings, at least two classes). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X);
    let W: Matrix | undefined;
    try {
      const { rows: n, cols: d } = x.matrix;
      const { classes, codes } = encodeLabels(y, n);
      if (classes.length < 2) throw new ValidationError(`y: expected at least two classes, got only ${JSON.stringify(classes[0])}`);
      const K = classes.length === 2 ? 1 : classes.length;
      const scale = 1 / (p.C * n);
      const rho = p.penalty === 'l1' ? 1 : p.penalty === 'elasticnet' ? (p.l1Ratio as number) : 0;
      const l2 = p.penalty === 'none' ? 0 : (1 - rho) * scale;
      const l1 = p.penalty === 'none' ? 0 : rho * scale;
      const r = fitLogistic(rt, x.matrix, codes, K, { l2, l1, fitIntercept: p.fitIntercept, tol: p.tol, maxIter: p.maxIter });
      if (!r.converged) this.warn(`the solver did not converge in maxIter = ${p.maxIter} iterations; increase maxIter or scale the data (e.g. StandardScaler)`, 'convergence');
      W = heapMatrix(rt, r.W, K, d);
      return this.commit({ nFeatures: d, classes, W, b: r.b, nIter: r.nIter, converged: r.converged });
    } catch (error) {
      W?.dispose();
      throw error;
    } finally {
      release(x);
    }
  }

  /** Class probabilities for X (n×d): n×K row-major, columns in the order of `classes`. */
  predictProba(X: unknown): Float64Array {
    const { Z } = this.scores(X, 'predictProba');
    try {
      return scoresToProba(this.rt(), Z, false, false);
    } finally {
      Z.dispose();
    }
  }

  /** Logarithms of predictProba, computed without underflow: n×K row-major. */
  predictLogProba(X: unknown): Float64Array {
    const { Z } = this.scores(X, 'predictLogProba');
    try {
      return scoresToProba(this.rt(), Z, false, true);
    } finally {
      Z.dispose();
    }
  }
}

registerEstimator(LogisticRegression);
