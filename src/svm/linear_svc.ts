// LinearSVC: L2-regularized linear SVM (squared hinge by default, or hinge) by liblinear's dual
// coordinate descent (assembly/svm.ts), one Wasm call per binary problem, one-vs-rest for more than
// two classes. As liblinear, the intercept is the weight of a constant feature `interceptScaling`
// and is therefore regularized too (scikit-learn's LinearSVC does the same).
import { ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { kernel, typed } from '../runtime/kernels.js';
import { registerEstimator, type CommonOptions } from '../base/estimator.js';
import { readX, release } from '../base/input.js';
import { encodeLabels } from '../base/labels.js';
import { checkBool, checkChoice, checkInt, checkReal, checkSeed } from '../base/params.js';
import { heapMatrix, LinearClassifier, type LinearClassifierState } from '../linear_model/linear_classifier.js';

export interface LinearSVCOptions {
  /** 'squared_hinge' (default, L2-loss) or 'hinge' (L1-loss). */
  loss: 'squared_hinge' | 'hinge';
  /** Inverse regularization strength (> 0). Default 1. */
  C: number;
  /** Stop when the projected-gradient spread of the dual falls below tol. Default 1e-4. */
  tol: number;
  /** Maximum passes over the data per binary problem. Default 1000. */
  maxIter: number;
  fitIntercept: boolean;
  /** Value of the constant feature that carries the intercept (> 0). Default 1. */
  interceptScaling: number;
  /** Seed of the coordinate order (an integer); null: a fresh random seed per fit. */
  seed: number | null;
}

/**
 * Linear support vector classification (scikit-learn's LinearSVC, liblinear's dual solver).
 *
 * ```ts
 * const svm = new wl.LinearSVC({ C: 1, seed: 0 }).fit(X, y);
 * svm.decisionFunction(Xtest);
 * ```
 */
export class LinearSVC extends LinearClassifier<LinearSVCOptions, LinearClassifierState> {
  static readonly kind = 'LinearSVC';
  static readonly task = 'classifier';
  static readonly defaults: LinearSVCOptions = { loss: 'squared_hinge', C: 1, tol: 1e-4, maxIter: 1000, fitIntercept: true, interceptScaling: 1, seed: null };

  constructor(options?: Partial<LinearSVCOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: LinearSVCOptions): void {
    checkChoice(p.loss, this.kind, 'loss', ['squared_hinge', 'hinge']);
    checkReal(p.C, this.kind, 'C', { min: 0, minOpen: true });
    checkReal(p.tol, this.kind, 'tol', { min: 0, minOpen: true });
    checkInt(p.maxIter, this.kind, 'maxIter', 1, 2 ** 31 - 1);
    checkBool(p.fitIntercept, this.kind, 'fitIntercept');
    checkReal(p.interceptScaling, this.kind, 'interceptScaling', { min: 0, minOpen: true });
    checkSeed(p.seed, this.kind);
  }

  /** Fits on X (n×d) and labels y (at least two classes). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X);
    let block = 0;
    let W: Matrix | undefined;
    try {
      const { rows: n, cols: d } = x.matrix;
      const { classes, codes } = encodeLabels(y, n);
      if (classes.length < 2) throw new ValidationError(`y: expected at least two classes, got only ${JSON.stringify(classes[0])}`);
      const K = classes.length === 2 ? 1 : classes.length;
      const r16 = (b: number) => Math.ceil(b / 16) * 16;
      // y (i32[n]) | w (f64[d+1]) | alpha (f64[n]) | qd (f64[n]) | index (i32[n]) | rng (16 bytes)
      const sizes = [r16(n * 4), r16((d + 1) * 8), r16(n * 8), r16(n * 8), r16(n * 4), 16];
      block = rt.heap.alloc(sizes.reduce((a, b) => a + b, 0));
      let o = block;
      const [yp, wp, ap, qp, ip, rng] = sizes.map((s) => ((o += s), o - s));
      const seed = p.seed === null ? (Math.random() * 2 ** 32) >>> 0 : (((p.seed % 2 ** 32) + 2 ** 32) % 2 ** 32) >>> 0;
      kernel(rt.kernels, 'rng_seed')(rng, seed);
      const solve = typed(rt.kernels, 'linear_svc', 'float64');
      const bias = p.fitIntercept ? p.interceptScaling : 0;
      const Wv = new Float64Array(K * d);
      const b = new Float64Array(K);
      let nIter = 0;
      const yv = new Int32Array(n);
      for (let k = 0; k < K; k++) {
        const positive = K === 1 ? 1 : k;
        for (let i = 0; i < n; i++) yv[i] = codes[i] === positive ? 1 : -1;
        rt.heap.i32.set(yv, yp >>> 2);
        const iters = solve(x.matrix.ptr, n, d, yp, p.C, p.C, p.loss === 'hinge' ? 1 : 0, bias, p.tol, p.maxIter, wp, ap, qp, ip, rng);
        const f = rt.heap.f64;
        Wv.set(f.subarray(wp >>> 3, (wp >>> 3) + d), k * d);
        b[k] = bias * f[(wp >>> 3) + d];
        nIter = Math.max(nIter, iters);
      }
      const converged = nIter < p.maxIter;
      if (!converged) this.warn(`liblinear's solver did not converge in maxIter = ${p.maxIter} passes; increase maxIter or scale the data`, 'convergence');
      W = heapMatrix(rt, Wv, K, d);
      return this.commit({ nFeatures: d, classes, W, b, nIter, converged });
    } catch (error) {
      W?.dispose();
      throw error;
    } finally {
      if (block) rt.heap.free(block);
      release(x);
    }
  }
}

registerEstimator(LinearSVC);
