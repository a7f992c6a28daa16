// Statistics that need linear algebra: covariance and correlation matrices as NumPy defines them.
// They sit above linalg (which sits above core), so core stays free of matrix products.
import { InvalidParameterError, ValidationError } from '../errors.js';
import type { DType } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { div, sub } from '../core/ops.js';
import { clip, sqrt } from '../core/math.js';
import { diag, reshape } from '../core/shape.js';
import { argmin, mean, min } from '../core/reduce.js';
import { asMatrix, checkOptions, describe, type MatrixLike } from '../core/validate.js';
import { checkFlag, syrk } from '../linalg/matmul.js';
import { runtime } from '../runtime/load.js';

export interface CovOptions {
  /** true (default, NumPy's): each row is a variable, columns are observations; false: columns are variables. */
  rowvar?: boolean;
  /** Delta degrees of freedom: the divisor is nObservations − ddof (default 1, the unbiased estimate). */
  ddof?: number;
}

function parseRowvar(value: unknown): boolean {
  return value === undefined ? true : checkFlag(value, 'rowvar');
}

/**
 * Covariance matrix, NumPy's np.cov: for X with p variables (rows when rowvar, the default; columns
 * otherwise) and n observations, the p×p matrix Σ (x − x̄)(x − x̄)ᵀ / (n − ddof). Symmetric.
 * Needs n − ddof > 0 (NumPy would return inf/nan with a warning).
 */
export function cov<D extends DType>(X: Matrix<D>, options?: CovOptions): Matrix<D>;
export function cov(X: MatrixLike, options?: CovOptions): Matrix;
export function cov(X: MatrixLike, options?: CovOptions): Matrix {
  const rt = runtime('wl.cov()');
  const opts = checkOptions(options, ['rowvar', 'ddof'], 'wl.cov');
  const rowvar = parseRowvar(opts.rowvar);
  const ddof = opts.ddof ?? 1;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof) || ddof < 0) {
    throw new InvalidParameterError(`wl.cov: option "ddof" must be a finite number >= 0, got ${describe(ddof)}`);
  }
  const src = asMatrix(rt, X, 'X', X instanceof Matrix ? X.dtype : 'float64');
  try {
    const x = src.matrix;
    const p = rowvar ? x.rows : x.cols;
    const n = rowvar ? x.cols : x.rows;
    if (p === 0) throw new ValidationError(`X: expected at least one variable (${rowvar ? 'row' : 'column'}), got a ${x.rows}×${x.cols} matrix`);
    if (n - ddof <= 0) {
      throw new InvalidParameterError(
        `wl.cov: needs more observations (${rowvar ? 'columns' : 'rows'} of X: ${n}) than ddof (${ddof}); with rowvar ${rowvar} the ${rowvar ? 'rows' : 'columns'} are the variables`,
      );
    }
    const mu = mean(x, { axis: rowvar ? 1 : 0 });
    let centered: Matrix | undefined;
    try {
      centered = sub(x, mu);
      // rowvar: Xc·Xcᵀ (rows are variables); otherwise XcᵀXc; the 1/(n − ddof) rides along as alpha
      return syrk(rt, centered, rowvar, 1 / (n - ddof));
    } finally {
      mu.dispose();
      centered?.dispose();
    }
  } finally {
    if (src.owned) src.matrix.dispose();
  }
}

export interface CorrcoefOptions {
  /** true (default): rows are variables; false: columns are. */
  rowvar?: boolean;
}

/**
 * Pearson correlation matrix, NumPy's np.corrcoef: cov(X) / (σᵢσⱼ), p×p with ones on the diagonal,
 * clipped to [−1, 1] as NumPy does. A variable with zero variance has no correlation (NumPy gives
 * NaN and a warning): ValidationError naming it.
 */
export function corrcoef<D extends DType>(X: Matrix<D>, options?: CorrcoefOptions): Matrix<D>;
export function corrcoef(X: MatrixLike, options?: CorrcoefOptions): Matrix;
export function corrcoef(X: MatrixLike, options?: CorrcoefOptions): Matrix {
  runtime('wl.corrcoef()');
  const opts = checkOptions(options, ['rowvar'], 'wl.corrcoef');
  const rowvar = parseRowvar(opts.rowvar);
  const C = cov(X, { rowvar, ddof: 1 });
  const tmp: Matrix[] = [];
  try {
    const variances = diag(C);
    tmp.push(variances);
    if (min(variances) <= 0) {
      const i = argmin(variances);
      throw new ValidationError(`X: variable ${i} (${rowvar ? 'row' : 'column'} ${i}) has zero variance, so its correlation is undefined`);
    }
    const d = sqrt(variances);
    tmp.push(d);
    const dCol = reshape(d, -1, 1);
    tmp.push(dCol);
    div(C, d, { out: C });
    div(C, dCol, { out: C });
    return clip(C, -1, 1, { out: C });
  } catch (error) {
    C.dispose();
    throw error;
  } finally {
    for (const m of tmp) m.dispose();
  }
}
