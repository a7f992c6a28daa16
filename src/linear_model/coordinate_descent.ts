// Lasso and ElasticNet by cyclic coordinate descent in Wasm (assembly/cd.ts: one call per target runs
// every sweep and the duality-gap stopping rule). scikit-learn's objective:
//   (1/(2n))‖y − X·w‖² + α·l1Ratio·‖w‖₁ + (α·(1 − l1Ratio)/2)·‖w‖²,  intercept not penalized.
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import { registerEstimator, type CommonOptions } from '../base/estimator.js';
import { checkBool, checkInt, checkReal } from '../base/params.js';
import { centered, interceptOf, LinearModel, type LinearState } from './base.js';

export interface ElasticNetOptions {
  /** Overall penalty α ≥ 0. Default 1. */
  alpha: number;
  /** Share of the L1 penalty in [0, 1] (1: Lasso, 0: ridge-like). Default 0.5. */
  l1Ratio: number;
  fitIntercept: boolean;
  /** Maximum number of sweeps over the coordinates. Default 1000. */
  maxIter: number;
  /** Stop when the duality gap < tol·‖y‖² (checked once the largest update < tol·max|w|). Default 1e-4. */
  tol: number;
  /** Start from the previous fit's coefficients (same shape) instead of zeros. Default false. */
  warmStart: boolean;
}

export type LassoOptions = Omit<ElasticNetOptions, 'l1Ratio'>;

interface State extends LinearState {
  nIter: number;
  dualGap: number;
  converged: boolean;
}

abstract class CoordinateDescent<P extends LassoOptions> extends LinearModel<P, State> {
  protected abstract l1Ratio(p: P): number;

  protected checkParams(p: P): void {
    checkReal(p.alpha, this.kind, 'alpha', { min: 0 });
    if ('l1Ratio' in p) checkReal(p.l1Ratio, this.kind, 'l1Ratio', { min: 0, max: 1 });
    checkBool(p.fitIntercept, this.kind, 'fitIntercept');
    checkInt(p.maxIter, this.kind, 'maxIter', 1);
    checkReal(p.tol, this.kind, 'tol', { min: 0 });
    checkBool(p.warmStart, this.kind, 'warmStart');
  }

  /** Fits on X (n×d) and y (n values, or n×k targets: one independent problem per target). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const warm = p.warmStart && this.isFitted ? this.coefMatrixCopy() : undefined;
    const c = centered(rt, X, y, p.fitIntercept);
    const { n, d, k } = c;
    const ratio = this.l1Ratio(p);
    let Xt: Matrix | undefined;
    let coef: Matrix | undefined;
    const blocks: number[] = [];
    try {
      Xt = Matrix.alloc(rt, d, n, 'float64');
      typed(rt.kernels, 'transpose', 'float64')(c.A.ptr, Xt.ptr, n, d);
      coef = Matrix.alloc(rt, d, k, 'float64');
      const yv = rt.heap.alloc(n * 8);
      blocks.push(yv);
      const w = rt.heap.alloc(d * 8);
      blocks.push(w);
      const r = rt.heap.alloc(n * 8);
      blocks.push(r);
      const norms = rt.heap.alloc(d * 8);
      blocks.push(norms);
      const info = rt.heap.alloc(16);
      blocks.push(info);
      let nIter = 0;
      let dualGap = 0;
      let converged = true;
      for (let j = 0; j < k; j++) {
        const heap = rt.heap.f64;
        const b = c.B.data;
        for (let i = 0; i < n; i++) heap[(yv >>> 3) + i] = b[i * k + j];
        for (let q = 0; q < d; q++) heap[(w >>> 3) + q] = warm && warm.length === d * k ? warm[q * k + j] : 0;
        const it = typed(rt.kernels, 'enet_cd', 'float64')(Xt.ptr, yv, w, r, norms, n, d, p.alpha * ratio * n, p.alpha * (1 - ratio) * n, p.maxIter, p.tol, info);
        const f = rt.heap.f64;
        const cd = coef.data;
        for (let q = 0; q < d; q++) cd[q * k + j] = f[(w >>> 3) + q];
        nIter = Math.max(nIter, Math.abs(it));
        dualGap = Math.max(dualGap, f[info >>> 3]);
        if (it < 0) {
          converged = false;
          this.warn(`objective did not converge after ${-it} iterations: duality gap ${f[info >>> 3].toExponential(3)} > tolerance ${f[(info >>> 3) + 1].toExponential(3)}. Increase maxIter or tol, or scale the features.`, 'convergence');
        }
      }
      const state = { nFeatures: d, coef, intercept: interceptOf(coef, c.xMean, c.yMean), vector: c.vector, nIter, dualGap, converged };
      coef = undefined;
      return this.commit(state);
    } finally {
      for (const p of blocks) rt.heap.free(p);
      coef?.dispose();
      Xt?.dispose();
      c.A.dispose();
      c.B.dispose();
    }
  }

  /** Sweeps run (the most over targets). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Whether the duality gap fell below its tolerance (for every target). */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  /** Final duality gap (the largest over targets), in the objective scaled by n. */
  get dualGap(): number {
    return this.fitted('dualGap').dualGap;
  }

  protected override extraKeys(): string[] {
    return ['nIter', 'dualGap', 'converged'];
  }

  private coefMatrixCopy(): Float64Array {
    return this.fitted('coef').coef.data.slice() as Float64Array;
  }
}

/** Linear regression with an elastic-net (L1 + L2) penalty (scikit-learn's ElasticNet). */
export class ElasticNet extends CoordinateDescent<ElasticNetOptions> {
  static readonly kind = 'ElasticNet';
  static readonly task = 'regressor';
  static readonly defaults: ElasticNetOptions = { alpha: 1, l1Ratio: 0.5, fitIntercept: true, maxIter: 1000, tol: 1e-4, warmStart: false };

  constructor(options?: Partial<ElasticNetOptions> & CommonOptions) {
    super(options);
  }

  protected l1Ratio(p: ElasticNetOptions): number {
    return p.l1Ratio;
  }
}

/** Linear regression with an L1 penalty (scikit-learn's Lasso: ElasticNet with l1Ratio = 1). */
export class Lasso extends CoordinateDescent<LassoOptions> {
  static readonly kind = 'Lasso';
  static readonly task = 'regressor';
  static readonly defaults: LassoOptions = { alpha: 1, fitIntercept: true, maxIter: 1000, tol: 1e-4, warmStart: false };

  constructor(options?: Partial<LassoOptions> & CommonOptions) {
    super(options);
  }

  protected l1Ratio(): number {
    return 1;
  }
}

registerEstimator(ElasticNet);
registerEstimator(Lasso);
