// Ordinary least squares, min ‖y − X·w − b‖², by Householder QR — never the normal equations
// XᵀX·w = Xᵀy, which square the condition number. Tall X (n ≥ d): one streaming pass
// (assembly/linear.ts lstsqStream: the QR updated block by block with centering folded in, so X is
// read once and never copied). Wide or rank-deficient X: wl.linalg.lstsq on the centered copy
// (QR of Xᵀ, or the SVD's minimum-norm solution).
import { Matrix } from '../core/matrix.js';
import { convert } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { lstsq } from '../linalg/lstsq.js';
import { registerEstimator, type CommonOptions } from '../base/estimator.js';
import { readTargets, readX, release } from '../base/input.js';
import { checkBool } from '../base/params.js';
import { columnMeans, interceptOf, LinearModel, type LinearState } from './base.js';

export interface LinearRegressionOptions {
  /** Fit an intercept (by centering X and y). Default true. */
  fitIntercept: boolean;
}

interface State extends LinearState {
  rank: number;
}

// Rows per block of the streaming QR: the block (rows × (d + k) doubles) stays within 32 KiB (L1; 16–256 KiB measured within noise on a busy machine).
const BLOCK_BYTES = 32 * 1024;

/** Ordinary least squares (scikit-learn's LinearRegression). */
export class LinearRegression extends LinearModel<LinearRegressionOptions, State> {
  static readonly kind = 'LinearRegression';
  static readonly task = 'regressor';
  static readonly defaults: LinearRegressionOptions = { fitIntercept: true };

  constructor(options?: Partial<LinearRegressionOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: LinearRegressionOptions): void {
    checkBool(p.fitIntercept, this.kind, 'fitIntercept');
  }

  /** Fits on X (n×d) and y (n values, or n×k targets). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X);
    let B: Matrix | undefined;
    let coef: Matrix | undefined;
    try {
      const { rows: n, cols: d } = x.matrix;
      const t = readTargets(y, n);
      B = Matrix.alloc(rt, n, t.k, 'float64');
      B.data.set(t.values);
      const xMean = p.fitIntercept ? columnMeans(rt, x.matrix, false) : new Float64Array(d);
      const yMean = p.fitIntercept ? columnMeans(rt, B, false) : new Float64Array(t.k);
      let rank = d;
      if (n >= d) coef = streamingQR(rt, x.matrix, B, xMean, yMean);
      if (!coef) {
        const r = centeredLstsq(rt, x.matrix, B, xMean, yMean);
        coef = r.x;
        rank = r.rank;
      }
      return this.commit({ nFeatures: d, coef, intercept: interceptOf(coef, xMean, yMean), vector: t.vector, rank });
    } catch (error) {
      coef?.dispose();
      throw error;
    } finally {
      B?.dispose();
      release(x);
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

/** coef (d×k) by the streaming QR; undefined when R is numerically singular (rank < d). */
function streamingQR(rt: Runtime, X: Matrix, B: Matrix, xMean: Float64Array, yMean: Float64Array): Matrix | undefined {
  const { rows: n, cols: d } = X;
  const k = B.cols;
  const m = d + k;
  const mb = Math.max(8, Math.min(n, Math.floor(BLOCK_BYTES / (8 * m))));
  const blocks = rt.heap.blocks();
  const alloc = (count: number): number => blocks.alloc(count * 8);
  try {
    const means = alloc(m);
    const T = alloc(d * m);
    const rss = alloc(k);
    const w = alloc(mb * m);
    const s = alloc(m);
    const R = alloc(d * d);
    const Z = alloc(d * k);
    rt.heap.f64.set(xMean, means >>> 3);
    rt.heap.f64.set(yMean, (means >>> 3) + d);
    typed(rt.kernels, 'lstsq_stream', 'float64')(X.ptr, n, d, B.ptr, k, means, means + d * 8, T, rss, w, mb, s);
    const h = rt.heap.f64;
    const t0 = T >>> 3;
    // numpy's rank rule on R's diagonal: |R_jj| > eps·max(n, d)·max|R_jj|
    let big = 0;
    let small = Infinity;
    for (let j = 0; j < d; j++) {
      const v = Math.abs(h[t0 + j * m + j]);
      big = Math.max(big, v);
      small = Math.min(small, v);
    }
    if (!(small > Number.EPSILON * Math.max(n, d) * big)) return undefined;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) h[(R >>> 3) + i * d + j] = j >= i ? h[t0 + i * m + j] : 0;
      for (let c = 0; c < k; c++) h[(Z >>> 3) + i * k + c] = h[t0 + i * m + d + c];
    }
    typed(rt.kernels, 'trsm', 'float64')(2, R, d, Z, k); // R·W = Z, R upper triangular
    const coef = Matrix.alloc(rt, d, k, 'float64');
    coef.data.set(rt.heap.f64.subarray(Z >>> 3, (Z >>> 3) + d * k));
    return coef;
  } finally {
    blocks.free();
  }
}

/** wl.linalg.lstsq on centered copies (wide or rank-deficient X: minimum-norm solution). */
function centeredLstsq(rt: Runtime, X: Matrix, B: Matrix, xMean: Float64Array, yMean: Float64Array): { x: Matrix; rank: number } {
  const A = convert(rt, X, 'float64');
  const C = convert(rt, B, 'float64');
  const buf = rt.heap.alloc(Math.max(A.cols, C.cols) * 8);
  try {
    rt.heap.f64.set(xMean, buf >>> 3);
    typed(rt.kernels, 'sub_scale_rows', 'float64')(A.ptr, A.rows, A.cols, buf, 0);
    rt.heap.f64.set(yMean, buf >>> 3);
    typed(rt.kernels, 'sub_scale_rows', 'float64')(C.ptr, C.rows, C.cols, buf, 0);
    const r = lstsq(A, C);
    return { x: r.x, rank: r.rank };
  } finally {
    rt.heap.free(buf);
    A.dispose();
    C.dispose();
  }
}

registerEstimator(LinearRegression);
