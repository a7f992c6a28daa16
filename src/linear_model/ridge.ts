// Ridge regression, min ‖y − X·w‖² + α‖w‖² (scikit-learn's objective: the penalty is not scaled by n).
// Solvers as scikit-learn's for dense X: 'cholesky' solves (XᵀX + αI)·w = Xᵀy when n ≥ d, or the
// kernel form w = Xᵀ(XXᵀ + αI)⁻¹y when d > n (fewer unknowns); 'svd' uses X = U·S·Vᵀ,
// w = V·diag(s/(s² + α))·Uᵀy, which also handles α = 0 with a singular X. 'auto' is 'cholesky',
// falling back to 'svd' when the system is singular (α = 0 with collinear columns), as scikit-learn does.
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { gemmInto, syrk } from '../linalg/matmul.js';
import { svd } from '../linalg/svd.js';
import { InvalidParameterError } from '../errors.js';
import { describe } from '../core/validate.js';
import { registerEstimator, type CommonOptions } from '../base/estimator.js';
import { checkBool, checkChoice, checkReal } from '../base/params.js';
import { centered, interceptOf, LinearModel, type LinearState } from './base.js';

export interface RidgeOptions {
  /** Penalty α ≥ 0: one number, or one per target (for y: n×k). Default 1. */
  alpha: number | number[];
  fitIntercept: boolean;
  /** 'auto' (default: Cholesky, SVD if singular), 'cholesky', 'svd'. */
  solver: 'auto' | 'cholesky' | 'svd';
}

/** Linear least squares with an L2 penalty (scikit-learn's Ridge). */
export class Ridge extends LinearModel<RidgeOptions> {
  static readonly kind = 'Ridge';
  static readonly task = 'regressor';
  static readonly defaults: RidgeOptions = { alpha: 1, fitIntercept: true, solver: 'auto' };

  constructor(options?: Partial<RidgeOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: RidgeOptions): void {
    if (Array.isArray(p.alpha)) {
      if (p.alpha.length === 0) throw new InvalidParameterError(`${this.kind}: option "alpha" must be a number or a non-empty array of numbers, got an empty array`);
      p.alpha.forEach((a, i) => checkReal(a, this.kind, `alpha[${i}]`, { min: 0 }));
    } else if (typeof p.alpha !== 'number') {
      throw new InvalidParameterError(`${this.kind}: option "alpha" must be a finite number >= 0 or an array of them, got ${describe(p.alpha)}`);
    } else checkReal(p.alpha, this.kind, 'alpha', { min: 0 });
    checkBool(p.fitIntercept, this.kind, 'fitIntercept');
    checkChoice(p.solver, this.kind, 'solver', ['auto', 'cholesky', 'svd']);
  }

  /** Fits on X (n×d) and y (n values, or n×k targets). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const c = centered(rt, X, y, p.fitIntercept);
    let coef: Matrix | undefined;
    try {
      const alphas = Array.isArray(p.alpha) ? p.alpha : new Array<number>(c.k).fill(p.alpha);
      if (alphas.length !== c.k) throw new InvalidParameterError(`${this.kind}: option "alpha" has ${alphas.length} values but y has ${c.k} target(s); give one alpha or one per target`);
      if (p.solver !== 'svd') coef = byCholesky(rt, c.A, c.B, alphas);
      if (!coef) {
        if (p.solver === 'cholesky') throw new InvalidParameterError(`${this.kind}: the system XᵀX + αI is singular (alpha = 0 with collinear features); use solver 'svd' or 'auto', or alpha > 0`);
        coef = bySVD(rt, c.A, c.B, alphas);
      }
      return this.commit({ nFeatures: c.d, coef, intercept: interceptOf(coef, c.xMean, c.yMean), vector: c.vector } as LinearState);
    } catch (error) {
      coef?.dispose();
      throw error;
    } finally {
      c.A.dispose();
      c.B.dispose();
    }
  }
}

/** Adds alpha to the diagonal of the m×m matrix G, factors it and solves for the k columns of R in place. False if not positive definite. */
function cholSolveShifted(rt: Runtime, G: Matrix, alpha: number, R: Matrix, col?: number): boolean {
  const m = G.rows;
  const g = G.data;
  for (let i = 0; i < m; i++) g[i * m + i] += alpha;
  if (typed(rt.kernels, 'cholesky', 'float64')(G.ptr, m) >= 0) return false;
  // A rounding-level pivot means a numerically singular system (α = 0, collinear columns): the
  // factor exists but the solution would be noise. κ(G) = (max L_ii / min L_ii)² above 1/(m·eps).
  const l = G.data;
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < m; i++) {
    lo = Math.min(lo, l[i * m + i]);
    hi = Math.max(hi, l[i * m + i]);
  }
  if ((lo / hi) ** 2 < m * Number.EPSILON) return false;
  if (col === undefined) {
    typed(rt.kernels, 'chol_solve', 'float64')(G.ptr, m, R.ptr, R.cols);
    return true;
  }
  // one column of R: solve a contiguous copy
  const tmp = Matrix.alloc(rt, m, 1, 'float64');
  try {
    const t = tmp.data;
    const r = R.data;
    for (let i = 0; i < m; i++) t[i] = r[i * R.cols + col];
    typed(rt.kernels, 'chol_solve', 'float64')(G.ptr, m, tmp.ptr, 1);
    const t2 = tmp.data;
    const r2 = R.data;
    for (let i = 0; i < m; i++) r2[i * R.cols + col] = t2[i];
  } finally {
    tmp.dispose();
  }
  return true;
}

/** coef (d×k) by Cholesky of XᵀX + αI (n ≥ d) or of XXᵀ + αI (d > n); undefined if singular. */
function byCholesky(rt: Runtime, A: Matrix, B: Matrix, alphas: number[]): Matrix | undefined {
  const { rows: n, cols: d } = A;
  const k = B.cols;
  const primal = n >= d;
  const m = primal ? d : n;
  const same = alphas.every((a) => a === alphas[0]);
  let G: Matrix | undefined;
  let R: Matrix | undefined;
  let gram: Matrix | undefined;
  try {
    gram = syrk(rt, A, !primal, 1); // XᵀX (d×d) or XXᵀ (n×n)
    if (primal) {
      R = Matrix.alloc(rt, d, k, 'float64');
      gemmInto(rt, A, B, R, true, false, 1, 0); // Xᵀy
    } else {
      R = Matrix.alloc(rt, n, k, 'float64');
      R.data.set(B.data);
    }
    G = Matrix.alloc(rt, m, m, 'float64');
    for (let j = 0; j < (same ? 1 : k); j++) {
      G.data.set(gram.data);
      if (!cholSolveShifted(rt, G, alphas[j], R, same ? undefined : j)) return undefined;
    }
    if (primal) {
      const out = R;
      R = undefined;
      return out;
    }
    const coef = Matrix.alloc(rt, d, k, 'float64');
    gemmInto(rt, A, R, coef, true, false, 1, 0); // w = Xᵀ·dual
    return coef;
  } finally {
    G?.dispose();
    R?.dispose();
    gram?.dispose();
  }
}

/** coef = V·diag(s/(s² + α))·Uᵀy, per target when the alphas differ. */
function bySVD(rt: Runtime, A: Matrix, B: Matrix, alphas: number[]): Matrix {
  const { U, s, Vt } = svd(A);
  const r = s.length;
  const k = B.cols;
  let C: Matrix | undefined;
  try {
    C = Matrix.alloc(rt, r, k, 'float64');
    gemmInto(rt, U, B, C, true, false, 1, 0); // Uᵀy
    const c = C.data;
    const cut = 1e-15 * (r > 0 ? s[0] : 0); // scikit-learn's _solve_svd drops singular values below 1e-15
    for (let i = 0; i < r; i++) for (let j = 0; j < k; j++) c[i * k + j] *= s[i] > cut ? s[i] / (s[i] * s[i] + alphas[j]) : 0;
    const coef = Matrix.alloc(rt, Vt.cols, k, 'float64');
    gemmInto(rt, Vt, C, coef, true, false, 1, 0);
    return coef;
  } finally {
    U.dispose();
    Vt.dispose();
    C?.dispose();
  }
}

registerEstimator(Ridge);
