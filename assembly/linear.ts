// Row-broadcast helpers for linear models and scalers, on a row-major n×d matrix: the loops run
// along rows (contiguous), one v128 of columns at a time, so a column statistic costs one pass.
import { lanes, at } from './simd';
import { vaxpy, vdot } from './vecops';

/** mean[j] = Σ_i x[i, j] / n. */
@inline function colMeans<T>(x: usize, n: i32, d: i32, mean: usize): void {
  for (let j = 0; j < d; j++) store<T>(at<T>(mean, j), <T>0);
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * <usize>d * sizeof<T>();
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= d; j += L) v128.store(at<T>(mean, j), v128.add<T>(v128.load(at<T>(mean, j)), v128.load(at<T>(row, j))));
    }
    for (; j < d; j++) store<T>(at<T>(mean, j), load<T>(at<T>(mean, j)) + load<T>(at<T>(row, j)));
  }
  const inv = <T>1 / <T>n;
  for (let j = 0; j < d; j++) store<T>(at<T>(mean, j), load<T>(at<T>(mean, j)) * inv);
}

/** x[i, j] = (x[i, j] − a[j]) · b[j] for every row; with b = 0 (null pointer), only the subtraction. */
@inline function subScaleRows<T>(x: usize, n: i32, d: i32, a: usize, b: usize): void {
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * <usize>d * sizeof<T>();
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const L = lanes<T>();
      if (b == 0) {
        for (; j + L <= d; j += L) v128.store(at<T>(row, j), v128.sub<T>(v128.load(at<T>(row, j)), v128.load(at<T>(a, j))));
      } else {
        for (; j + L <= d; j += L) v128.store(at<T>(row, j), v128.mul<T>(v128.sub<T>(v128.load(at<T>(row, j)), v128.load(at<T>(a, j))), v128.load(at<T>(b, j))));
      }
    }
    if (b == 0) for (; j < d; j++) store<T>(at<T>(row, j), load<T>(at<T>(row, j)) - load<T>(at<T>(a, j)));
    else for (; j < d; j++) store<T>(at<T>(row, j), (load<T>(at<T>(row, j)) - load<T>(at<T>(a, j))) * load<T>(at<T>(b, j)));
  }
}

/** x[i, j] += r[j] for every row (adds an intercept row to predictions). */
@inline function addRow<T>(x: usize, n: i32, d: i32, r: usize): void {
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * <usize>d * sizeof<T>();
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= d; j += L) v128.store(at<T>(row, j), v128.add<T>(v128.load(at<T>(row, j)), v128.load(at<T>(r, j))));
    }
    for (; j < d; j++) store<T>(at<T>(row, j), load<T>(at<T>(row, j)) + load<T>(at<T>(r, j)));
  }
}

export function col_means_f32(x: usize, n: i32, d: i32, mean: usize): void { colMeans<f32>(x, n, d, mean); }
export function col_means_f64(x: usize, n: i32, d: i32, mean: usize): void { colMeans<f64>(x, n, d, mean); }
export function sub_scale_rows_f32(x: usize, n: i32, d: i32, a: usize, b: usize): void { subScaleRows<f32>(x, n, d, a, b); }
export function sub_scale_rows_f64(x: usize, n: i32, d: i32, a: usize, b: usize): void { subScaleRows<f64>(x, n, d, a, b); }
export function add_row_f32(x: usize, n: i32, d: i32, r: usize): void { addRow<f32>(x, n, d, r); }
export function add_row_f64(x: usize, n: i32, d: i32, r: usize): void { addRow<f64>(x, n, d, r); }

// ---- least squares in one streaming pass --------------------------------------------------------
// min ‖(y − ȳ) − (X − x̄)·W‖ for tall X (n ≫ d), by Householder QR applied block by block: the upper
// triangle T = [R | Z] (d × (d+k)) is updated with each block of mb rows (centered while copied into
// the scratch block), one reflector per column annihilating that block's column against T's
// diagonal — LAPACK's structured "triangular-pentagonal" QR update (xTPQRT), i.e. sequential/TSQR
// least squares (Golub & Van Loan §5.2.4, §5.6). Same reflectors, hence same stability, as Householder
// QR of the whole matrix, but every pass over the data runs in L1/L2 and each row is read from memory
// once. After the last block, R·W = Z gives the solution; the transformed y entries of every block are
// residual components, so their squares sum to the residual sum of squares.

/**
 * x: n×d, y: n×k (row-major); xMean: d, yMean: k (subtracted while streaming; zeros for no intercept);
 * t: d×(d+k) output [R | Z] (overwritten); rss: k output; w: scratch of mb×(d+k) elements; s unused
 * (kept for the signature). The block is stored transposed ((d+k)×mb), so that every reflector
 * application is a long dot product and axpy over the block's rows.
 */
function lstsqStream<T>(x: usize, n: i32, d: i32, y: usize, k: i32, xMean: usize, yMean: usize, t: usize, rss: usize, w: usize, mb: i32, s: usize): void {
  const m = d + k;
  for (let i = 0; i < d * m; i++) store<T>(at<T>(t, i), <T>0);
  for (let c = 0; c < k; c++) store<T>(at<T>(rss, c), <T>0);
  for (let r0 = 0; r0 < n; r0 += mb) {
    const rows = min(mb, n - r0);
    // copy, center and transpose the block: row c of W = column c of [X_b − x̄ | y_b − ȳ]
    for (let i = 0; i < rows; i++) {
      const xr = x + <usize>(r0 + i) * <usize>d * sizeof<T>();
      const yr = y + <usize>(r0 + i) * <usize>k * sizeof<T>();
      for (let j = 0; j < d; j++) store<T>(at<T>(w + <usize>j * <usize>rows * sizeof<T>(), i), load<T>(at<T>(xr, j)) - load<T>(at<T>(xMean, j)));
      for (let c = 0; c < k; c++) store<T>(at<T>(w + <usize>(d + c) * <usize>rows * sizeof<T>(), i), load<T>(at<T>(yr, c)) - load<T>(at<T>(yMean, c)));
    }
    for (let j = 0; j < d; j++) {
      const wj = w + <usize>j * <usize>rows * sizeof<T>();
      const sigma = vdot<T>(wj, wj, rows);
      if (sigma == 0) continue;
      const tj = t + <usize>j * <usize>m * sizeof<T>();
      const alpha = load<T>(at<T>(tj, j));
      const norm = <T>Math.sqrt(<f64>(alpha * alpha + sigma));
      const beta = alpha > 0 ? -norm : norm;
      const v0 = alpha - beta;
      const tau = (beta - alpha) / beta;
      store<T>(at<T>(tj, j), beta);
      // reflector v = [1; u], u = W_j / v0: for every later column c, s = tau·(T[j][c] + u·W_c),
      // T[j][c] −= s, W_c −= s·u
      const inv = <T>1 / v0;
      for (let c = j + 1; c < m; c++) {
        const wc = w + <usize>c * <usize>rows * sizeof<T>();
        const sc = tau * (load<T>(at<T>(tj, c)) + vdot<T>(wj, wc, rows) * inv);
        store<T>(at<T>(tj, c), load<T>(at<T>(tj, c)) - sc);
        vaxpy<T>(-sc * inv, wj, wc, rows);
      }
    }
    for (let c = 0; c < k; c++) {
      const wc = w + <usize>(d + c) * <usize>rows * sizeof<T>();
      store<T>(at<T>(rss, c), load<T>(at<T>(rss, c)) + vdot<T>(wc, wc, rows));
    }
  }
}

export function lstsq_stream_f32(x: usize, n: i32, d: i32, y: usize, k: i32, xMean: usize, yMean: usize, t: usize, rss: usize, w: usize, mb: i32, s: usize): void { lstsqStream<f32>(x, n, d, y, k, xMean, yMean, t, rss, w, mb, s); }
export function lstsq_stream_f64(x: usize, n: i32, d: i32, y: usize, k: i32, xMean: usize, yMean: usize, t: usize, rss: usize, w: usize, mb: i32, s: usize): void { lstsqStream<f64>(x, n, d, y, k, xMean, yMean, t, rss, w, mb, s); }
