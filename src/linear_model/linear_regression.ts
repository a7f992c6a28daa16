// Ordinary least squares, min ‖y − X·w − b‖². Solved by Householder QR of the centered X (or, when X
// is rank-deficient, the SVD's minimum-norm solution) through wl.linalg.lstsq — never the normal
// equations XᵀX·w = Xᵀy, which square the condition number.
import { lstsq } from '../linalg/lstsq.js';
import { registerEstimator } from '../base/estimator.js';
import { checkBool } from '../base/params.js';
import { centered, interceptOf, LinearModel, type LinearState } from './base.js';
import type { Matrix } from '../core/matrix.js';

export interface LinearRegressionOptions {
  /** Fit an intercept (by centering X and y). Default true. */
  fitIntercept: boolean;
}

interface State extends LinearState {
  rank: number;
}

/** Ordinary least squares (scikit-learn's LinearRegression). */
export class LinearRegression extends LinearModel<LinearRegressionOptions, State> {
  static readonly kind = 'LinearRegression';
  static readonly task = 'regressor';
  static readonly defaults: LinearRegressionOptions = { fitIntercept: true };

  constructor(options?: Partial<LinearRegressionOptions> & import('../base/estimator.js').CommonOptions) {
    super(options);
  }

  protected checkParams(p: LinearRegressionOptions): void {
    checkBool(p.fitIntercept, this.kind, 'fitIntercept');
  }

  /** Fits on X (n×d) and y (n values, or n×k targets). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const c = centered(rt, X, y, p.fitIntercept);
    let coef: Matrix | undefined;
    try {
      const r = lstsq(c.A, c.B);
      coef = r.x;
      return this.commit({ nFeatures: c.d, coef, intercept: interceptOf(coef, c.xMean, c.yMean), vector: c.vector, rank: r.rank });
    } catch (error) {
      coef?.dispose();
      throw error;
    } finally {
      c.A.dispose();
      c.B.dispose();
    }
  }

  /** Effective rank of X (after centering when fitIntercept). */
  get rank(): number {
    return this.fitted('rank').rank;
  }

  protected override extraKeys(): string[] {
    return ['rank'];
  }
}

registerEstimator(LinearRegression);
