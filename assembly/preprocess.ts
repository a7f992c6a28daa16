// Column statistics and feature expansion for the preprocessing transformers, on row-major n×d data.
// Column loops run along rows (contiguous), a v128 of columns at a time.
import { lanes, at } from './simd';

/** var[j] = Σ_i (x[i, j] − mean[j])² / n: the two-pass (centered) formula, stable for large means. */
@inline function colVar<T>(x: usize, n: i32, d: i32, mean: usize, out: usize): void {
  for (let j = 0; j < d; j++) store<T>(at<T>(out, j), <T>0);
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * <usize>d * sizeof<T>();
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= d; j += L) {
        const c = v128.sub<T>(v128.load(at<T>(row, j)), v128.load(at<T>(mean, j)));
        v128.store(at<T>(out, j), v128.add<T>(v128.load(at<T>(out, j)), v128.mul<T>(c, c)));
      }
    }
    for (; j < d; j++) {
      const c = load<T>(at<T>(row, j)) - load<T>(at<T>(mean, j));
      store<T>(at<T>(out, j), load<T>(at<T>(out, j)) + c * c);
    }
  }
  const inv = <T>1 / <T>n;
  for (let j = 0; j < d; j++) store<T>(at<T>(out, j), load<T>(at<T>(out, j)) * inv);
}

/** lo[j] = min_i x[i, j], hi[j] = max_i x[i, j]. */
@inline function colMinMax<T>(x: usize, n: i32, d: i32, lo: usize, hi: usize): void {
  memory.copy(lo, x, <usize>d * sizeof<T>());
  memory.copy(hi, x, <usize>d * sizeof<T>());
  for (let i = 1; i < n; i++) {
    const row = x + <usize>i * <usize>d * sizeof<T>();
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= d; j += L) {
        const v = v128.load(at<T>(row, j));
        v128.store(at<T>(lo, j), v128.min<T>(v128.load(at<T>(lo, j)), v));
        v128.store(at<T>(hi, j), v128.max<T>(v128.load(at<T>(hi, j)), v));
      }
    }
    for (; j < d; j++) {
      const v = load<T>(at<T>(row, j));
      if (v < load<T>(at<T>(lo, j))) store<T>(at<T>(lo, j), v);
      if (v > load<T>(at<T>(hi, j))) store<T>(at<T>(hi, j), v);
    }
  }
}

/**
 * Polynomial features: out[i, c] = Π_t x[i, idx[c·deg + t]] over the t with idx ≥ 0 (an empty
 * product, all −1, is the bias column 1). idx: m×deg i32, the terms of every output column.
 */
@inline function polyFeatures<T>(x: usize, n: i32, d: i32, idx: usize, m: i32, deg: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * <usize>d * sizeof<T>();
    const dst = out + <usize>i * <usize>m * sizeof<T>();
    for (let c = 0; c < m; c++) {
      let p: T = 1;
      const terms = idx + <usize>c * <usize>deg * 4;
      for (let t = 0; t < deg; t++) {
        const j = load<i32>(terms + (<usize>t << 2));
        if (j < 0) break;
        p *= load<T>(at<T>(row, j));
      }
      store<T>(at<T>(dst, c), p);
    }
  }
}

export function col_var_mean_f32(x: usize, n: i32, d: i32, mean: usize, out: usize): void { colVar<f32>(x, n, d, mean, out); }
export function col_var_mean_f64(x: usize, n: i32, d: i32, mean: usize, out: usize): void { colVar<f64>(x, n, d, mean, out); }
export function col_minmax_f32(x: usize, n: i32, d: i32, lo: usize, hi: usize): void { colMinMax<f32>(x, n, d, lo, hi); }
export function col_minmax_f64(x: usize, n: i32, d: i32, lo: usize, hi: usize): void { colMinMax<f64>(x, n, d, lo, hi); }
export function poly_features_f32(x: usize, n: i32, d: i32, idx: usize, m: i32, deg: i32, out: usize): void { polyFeatures<f32>(x, n, d, idx, m, deg, out); }
export function poly_features_f64(x: usize, n: i32, d: i32, idx: usize, m: i32, deg: i32, out: usize): void { polyFeatures<f64>(x, n, d, idx, m, deg, out); }
