// Reductions over contiguous arrays. Several independent accumulators hide the add latency and
// give SIMD a pairwise-like summation order; the scalar tail folds in the last n % lanes elements.
import { lanes, at, hsum, countWhere } from './simd';
import { vdot } from './vecops';

/** Σ a[i] */
@inline function sum<T>(a: usize, n: i32): T {
  let i = 0;
  let s: T = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    let s0 = v128.splat<T>(0), s1 = s0, s2 = s0, s3 = s0;
    for (; i + 4 * L <= n; i += 4 * L) {
      s0 = v128.add<T>(s0, v128.load(at<T>(a, i)));
      s1 = v128.add<T>(s1, v128.load(at<T>(a, i + L)));
      s2 = v128.add<T>(s2, v128.load(at<T>(a, i + 2 * L)));
      s3 = v128.add<T>(s3, v128.load(at<T>(a, i + 3 * L)));
    }
    for (; i + L <= n; i += L) s0 = v128.add<T>(s0, v128.load(at<T>(a, i)));
    s = hsum<T>(v128.add<T>(v128.add<T>(s0, s1), v128.add<T>(s2, s3)));
  } else {
    let s1: T = 0, s2: T = 0, s3: T = 0;
    for (; i + 4 <= n; i += 4) {
      s += load<T>(at<T>(a, i));
      s1 += load<T>(at<T>(a, i + 1));
      s2 += load<T>(at<T>(a, i + 2));
      s3 += load<T>(at<T>(a, i + 3));
    }
    s = (s + s1) + (s2 + s3);
  }
  for (; i < n; i++) s += load<T>(at<T>(a, i));
  return s;
}

// Min and max take n >= 1 (the TypeScript side rejects empty input). Inputs are finite by
// validation, so pmin/pmax (no NaN propagation, cheaper than min/max) are exact here.
@inline function pick<T>(isMax: bool, a: v128, b: v128): v128 {
  return isMax ? v128.pmax<T>(a, b) : v128.pmin<T>(a, b);
}

@inline function extremum<T>(isMax: bool, a: usize, n: i32): T {
  let m = load<T>(a);
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    if (n >= L) {
      let v = v128.load(a);
      for (i = L; i + L <= n; i += L) v = pick<T>(isMax, v, v128.load(at<T>(a, i)));
      // fold the lanes: swap 8-byte halves, then (f32) adjacent 4-byte lanes
      v = pick<T>(isMax, v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
      if (sizeof<T>() == 4) v = pick<T>(isMax, v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
      m = v128.extract_lane<T>(v, 0);
    }
  }
  for (; i < n; i++) {
    const x = load<T>(at<T>(a, i));
    if (isMax ? x > m : x < m) m = x;
  }
  return m;
}

export function dot_f32(a: usize, b: usize, n: i32): f32 { return vdot<f32>(a, b, n); }
export function dot_f64(a: usize, b: usize, n: i32): f64 { return vdot<f64>(a, b, n); }
export function sum_f32(a: usize, n: i32): f32 { return sum<f32>(a, n); }
export function sum_f64(a: usize, n: i32): f64 { return sum<f64>(a, n); }
export function min_f32(a: usize, n: i32): f32 { return extremum<f32>(false, a, n); }
export function min_f64(a: usize, n: i32): f64 { return extremum<f64>(false, a, n); }
export function max_f32(a: usize, n: i32): f32 { return extremum<f32>(true, a, n); }
export function max_f64(a: usize, n: i32): f64 { return extremum<f64>(true, a, n); }
/** Number of NaN or ±Infinity entries: validation of data already in the heap. */
export function count_nonfinite_f32(a: usize, n: i32): i32 { return countWhere<f32>(a, n, true); }
export function count_nonfinite_f64(a: usize, n: i32): i32 { return countWhere<f64>(a, n, true); }
