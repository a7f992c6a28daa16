// Row-broadcast helpers for linear models and scalers, on a row-major n×d matrix: the loops run
// along rows (contiguous), one v128 of columns at a time, so a column statistic costs one pass.
import { lanes, at } from './simd';

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
