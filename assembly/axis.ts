// Reductions along an axis of a row-major rows×cols matrix, and whole-array sums and variances
// accumulated in f64.
//
// Accuracy: every sum accumulates in f64, also for f32 data (each f32 is exact in f64), so an f32
// mean of 10⁷ values keeps ~7 correct digits instead of losing them to rounding. Summation is
// blocked: partial sums of at most BLOCK terms are added into the total, which bounds the error by
// about (BLOCK/lanes + n/BLOCK)·eps instead of n·eps (Higham, "Accuracy and Stability of Numerical
// Algorithms", §4.2, on blocked/pairwise summation). Variances are two-pass (mean first, then
// Σ(x − mean)²), the stable textbook choice (Chan, Golub & LeVeque 1983) over the one-pass Σx², Σx.
//
// Axis 0 (down the columns) streams whole rows: acc[j] += a[i, j] is a contiguous SIMD loop, so the
// matrix is read once, in memory order, instead of a strided walk per column.
// Extrema need no widening; inputs are finite by validation, so pmin/pmax are exact.
import { lanes, at, madd } from './simd';

const BLOCK = 2048; // terms per partial sum along a contiguous run
const ROW_BLOCK = 128; // rows per partial sum for axis 0 (partials: cols f64, stay in cache)

@inline function promoteLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
}
@inline function hsum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Σ a[i] for i < n ≤ BLOCK, in f64 with eight lanes of accumulators. */
@inline function sumRun<T>(a: usize, n: i32): f64 {
  let i = 0;
  let s: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
    if (sizeof<T>() == 8) {
      for (; i + 8 <= n; i += 8) {
        s0 = f64x2.add(s0, v128.load(at<f64>(a, i)));
        s1 = f64x2.add(s1, v128.load(at<f64>(a, i + 2)));
        s2 = f64x2.add(s2, v128.load(at<f64>(a, i + 4)));
        s3 = f64x2.add(s3, v128.load(at<f64>(a, i + 6)));
      }
    } else {
      for (; i + 8 <= n; i += 8) {
        const v = v128.load(at<f32>(a, i));
        const w = v128.load(at<f32>(a, i + 4));
        s0 = f64x2.add(s0, promoteLow(v));
        s1 = f64x2.add(s1, promoteHigh(v));
        s2 = f64x2.add(s2, promoteLow(w));
        s3 = f64x2.add(s3, promoteHigh(w));
      }
    }
    s = hsum2(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3)));
  } else {
    let s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    for (; i + 4 <= n; i += 4) {
      s += <f64>load<T>(at<T>(a, i));
      s1 += <f64>load<T>(at<T>(a, i + 1));
      s2 += <f64>load<T>(at<T>(a, i + 2));
      s3 += <f64>load<T>(at<T>(a, i + 3));
    }
    s = (s + s1) + (s2 + s3);
  }
  for (; i < n; i++) s += <f64>load<T>(at<T>(a, i));
  return s;
}

/** Σ (a[i] − mean)² for i < n ≤ BLOCK, in f64. */
@inline function sqdevRun<T>(a: usize, n: i32, mean: f64): f64 {
  let i = 0;
  let s: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    const m = f64x2.splat(mean);
    let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
    if (sizeof<T>() == 8) {
      for (; i + 8 <= n; i += 8) {
        const d0 = f64x2.sub(v128.load(at<f64>(a, i)), m);
        const d1 = f64x2.sub(v128.load(at<f64>(a, i + 2)), m);
        const d2 = f64x2.sub(v128.load(at<f64>(a, i + 4)), m);
        const d3 = f64x2.sub(v128.load(at<f64>(a, i + 6)), m);
        s0 = madd<f64>(d0, d0, s0);
        s1 = madd<f64>(d1, d1, s1);
        s2 = madd<f64>(d2, d2, s2);
        s3 = madd<f64>(d3, d3, s3);
      }
    } else {
      for (; i + 8 <= n; i += 8) {
        const v = v128.load(at<f32>(a, i));
        const w = v128.load(at<f32>(a, i + 4));
        const d0 = f64x2.sub(promoteLow(v), m);
        const d1 = f64x2.sub(promoteHigh(v), m);
        const d2 = f64x2.sub(promoteLow(w), m);
        const d3 = f64x2.sub(promoteHigh(w), m);
        s0 = madd<f64>(d0, d0, s0);
        s1 = madd<f64>(d1, d1, s1);
        s2 = madd<f64>(d2, d2, s2);
        s3 = madd<f64>(d3, d3, s3);
      }
    }
    s = hsum2(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3)));
  }
  for (; i < n; i++) {
    const d = <f64>load<T>(at<T>(a, i)) - mean;
    s += d * d;
  }
  return s;
}

/** Σ a[i] over n elements, in f64, blocked. */
@inline function sumWide<T>(a: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i += BLOCK) s += sumRun<T>(at<T>(a, i), min(BLOCK, n - i));
  return s;
}

/** Σ (a[i] − mean)² over n elements, in f64, blocked. */
@inline function sqdevWide<T>(a: usize, n: i32, mean: f64): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i += BLOCK) s += sqdevRun<T>(at<T>(a, i), min(BLOCK, n - i), mean);
  return s;
}

/** acc[j] = 0 for j < n (acc: f64). */
@inline function zeroF64(acc: usize, n: i32): void {
  memory.fill(acc, 0, <usize>n << 3);
}

/** acc[j] += row[j] (acc: f64; row: T, widened). */
@inline function addRow<T>(row: usize, acc: usize, n: i32): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    if (sizeof<T>() == 8) {
      for (; j + 2 <= n; j += 2) v128.store(at<f64>(acc, j), f64x2.add(v128.load(at<f64>(acc, j)), v128.load(at<f64>(row, j))));
    } else {
      for (; j + 4 <= n; j += 4) {
        const v = v128.load(at<f32>(row, j));
        v128.store(at<f64>(acc, j), f64x2.add(v128.load(at<f64>(acc, j)), promoteLow(v)));
        v128.store(at<f64>(acc, j + 2), f64x2.add(v128.load(at<f64>(acc, j + 2)), promoteHigh(v)));
      }
    }
  }
  for (; j < n; j++) store<f64>(at<f64>(acc, j), load<f64>(at<f64>(acc, j)) + <f64>load<T>(at<T>(row, j)));
}

/** acc[j] += (row[j] − mean[j])² (acc, mean: f64). */
@inline function addSqdevRow<T>(row: usize, mean: usize, acc: usize, n: i32): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    if (sizeof<T>() == 8) {
      for (; j + 2 <= n; j += 2) {
        const d = f64x2.sub(v128.load(at<f64>(row, j)), v128.load(at<f64>(mean, j)));
        v128.store(at<f64>(acc, j), madd<f64>(d, d, v128.load(at<f64>(acc, j))));
      }
    } else {
      for (; j + 4 <= n; j += 4) {
        const v = v128.load(at<f32>(row, j));
        const d0 = f64x2.sub(promoteLow(v), v128.load(at<f64>(mean, j)));
        const d1 = f64x2.sub(promoteHigh(v), v128.load(at<f64>(mean, j + 2)));
        v128.store(at<f64>(acc, j), madd<f64>(d0, d0, v128.load(at<f64>(acc, j))));
        v128.store(at<f64>(acc, j + 2), madd<f64>(d1, d1, v128.load(at<f64>(acc, j + 2))));
      }
    }
  }
  for (; j < n; j++) {
    const d = <f64>load<T>(at<T>(row, j)) - load<f64>(at<f64>(mean, j));
    store<f64>(at<f64>(acc, j), d * d + load<f64>(at<f64>(acc, j)));
  }
}

/** acc[j] += part[j] (both f64). */
@inline function addF64(part: usize, acc: usize, n: i32): void {
  addRow<f64>(part, acc, n);
}

/**
 * acc[j] = Σ_i a[i, j] (acc: f64, cols), blocked over rows; part: cols f64 of scratch.
 * With `mean` (f64, cols) non-zero, sums (a[i, j] − mean[j])² instead.
 */
@inline function columnSums<T>(a: usize, rows: i32, cols: i32, acc: usize, part: usize, mean: usize): void {
  zeroF64(acc, cols);
  for (let i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
    const i1 = min(i0 + ROW_BLOCK, rows);
    zeroF64(part, cols);
    for (let i = i0; i < i1; i++) {
      const row = at<T>(a, i * cols);
      if (mean) addSqdevRow<T>(row, mean, part, cols);
      else addRow<T>(row, part, cols);
    }
    addF64(part, acc, cols);
  }
}

/** out[j] = T(f(acc[j]·scale)), f = sqrt when root, identity otherwise. */
@inline function finish<T>(acc: usize, out: usize, n: i32, scale: f64, root: bool): void {
  for (let j = 0; j < n; j++) {
    const v = load<f64>(at<f64>(acc, j)) * scale;
    store<T>(at<T>(out, j), <T>(root ? Math.sqrt(v) : v));
  }
}

/** out (1×cols) = scale·Σ_i a[i, ·]. scratch: 2·cols f64. */
@inline function colSum<T>(a: usize, rows: i32, cols: i32, out: usize, scratch: usize, scale: f64): void {
  const acc = scratch;
  const part = scratch + (<usize>cols << 3);
  columnSums<T>(a, rows, cols, acc, part, 0);
  finish<T>(acc, out, cols, scale, false);
}

/**
 * out (1×cols) = Σ_i (a[i, ·] − mean)² / denom, or its square root. scratch: 4·cols f64.
 *
 * One pass over memory: each block of rows gets an exact two-pass mean and M2 while it is still in
 * cache, and blocks merge with Chan, Golub & LeVeque's pairwise update
 * (M2 += M2_b + δ²·n·n_b/(n + n_b), δ = mean_b − mean), which is as stable as two passes over the
 * whole matrix. Rows per block keep a block near 64 KiB (measured: the second pass then costs
 * ~nothing, where two full passes cost twice the memory traffic of a 100 000 × 50 matrix).
 */
@inline function colVar<T>(a: usize, rows: i32, cols: i32, out: usize, scratch: usize, denom: f64, root: bool): void {
  const mean = scratch;
  const m2 = scratch + (<usize>cols << 3);
  const bmean = scratch + (<usize>cols << 4);
  const bm2 = scratch + (<usize>cols * 24);
  zeroF64(mean, cols);
  zeroF64(m2, cols);
  const block = max(16, min(ROW_BLOCK, 65536 / max(1, cols * sizeof<T>())));
  let count: f64 = 0;
  for (let i0 = 0; i0 < rows; i0 += block) {
    const i1 = min(i0 + block, rows);
    const nb = <f64>(i1 - i0);
    zeroF64(bmean, cols);
    for (let i = i0; i < i1; i++) addRow<T>(at<T>(a, i * cols), bmean, cols);
    const inv = 1.0 / nb;
    for (let j = 0; j < cols; j++) store<f64>(at<f64>(bmean, j), load<f64>(at<f64>(bmean, j)) * inv);
    zeroF64(bm2, cols);
    for (let i = i0; i < i1; i++) addSqdevRow<T>(at<T>(a, i * cols), bmean, bm2, cols);
    const total = count + nb;
    const w = nb / total;
    const c = count * nb / total;
    for (let j = 0; j < cols; j++) {
      const m = load<f64>(at<f64>(mean, j));
      const d = load<f64>(at<f64>(bmean, j)) - m;
      store<f64>(at<f64>(mean, j), m + d * w);
      store<f64>(at<f64>(m2, j), load<f64>(at<f64>(m2, j)) + load<f64>(at<f64>(bm2, j)) + d * d * c);
    }
    count = total;
  }
  finish<T>(m2, out, cols, 1.0 / denom, root);
}

/** out (rows×1) = scale·Σ_j a[·, j]. */
@inline function rowSum<T>(a: usize, rows: i32, cols: i32, out: usize, scale: f64): void {
  for (let i = 0; i < rows; i++) store<T>(at<T>(out, i), <T>(sumWide<T>(at<T>(a, i * cols), cols) * scale));
}

/** out (rows×1) = Σ_j (a[·, j] − mean)² / denom, or its square root. */
@inline function rowVar<T>(a: usize, rows: i32, cols: i32, out: usize, denom: f64, root: bool): void {
  for (let i = 0; i < rows; i++) {
    const row = at<T>(a, i * cols);
    const mean = sumWide<T>(row, cols) / <f64>cols;
    const v = sqdevWide<T>(row, cols, mean) / denom;
    store<T>(at<T>(out, i), <T>(root ? Math.sqrt(v) : v));
  }
}

@inline function pick<T>(isMax: bool, a: v128, b: v128): v128 {
  return isMax ? v128.pmax<T>(a, b) : v128.pmin<T>(a, b);
}

/** out (1×cols) = min or max over rows (rows ≥ 1). */
@inline function colExtremum<T>(isMax: bool, a: usize, rows: i32, cols: i32, out: usize): void {
  memory.copy(out, a, <usize>cols * sizeof<T>());
  for (let i = 1; i < rows; i++) {
    const row = at<T>(a, i * cols);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= cols; j += L) {
        v128.store(at<T>(out, j), pick<T>(isMax, v128.load(at<T>(out, j)), v128.load(at<T>(row, j))));
      }
    }
    for (; j < cols; j++) {
      const x = load<T>(at<T>(row, j));
      const m = load<T>(at<T>(out, j));
      if (isMax ? x > m : x < m) store<T>(at<T>(out, j), x);
    }
  }
}

/** Index of the first minimum (maximum) of a[k·stride], k < n (n ≥ 1): NumPy's tie rule. */
@inline function argRun<T>(isMax: bool, a: usize, n: i32, stride: i32): i32 {
  let m = load<T>(a);
  let best = 0;
  for (let k = 1; k < n; k++) {
    const x = load<T>(at<T>(a, k * stride));
    if (isMax ? x > m : x < m) {
      m = x;
      best = k;
    }
  }
  return best;
}

/** out[j] (i32, cols) = row index of the first extremum of column j; best: cols T of scratch. */
@inline function colArg<T>(isMax: bool, a: usize, rows: i32, cols: i32, out: usize, best: usize): void {
  memory.copy(best, a, <usize>cols * sizeof<T>());
  memory.fill(out, 0, <usize>cols << 2);
  for (let i = 1; i < rows; i++) {
    const row = at<T>(a, i * cols);
    for (let j = 0; j < cols; j++) {
      const x = load<T>(at<T>(row, j));
      if (isMax ? x > load<T>(at<T>(best, j)) : x < load<T>(at<T>(best, j))) {
        store<T>(at<T>(best, j), x);
        store<i32>(at<i32>(out, j), i);
      }
    }
  }
}

/** out[i] (i32, rows) = column index of the first extremum of row i. */
@inline function rowArg<T>(isMax: bool, a: usize, rows: i32, cols: i32, out: usize): void {
  for (let i = 0; i < rows; i++) store<i32>(at<i32>(out, i), argRun<T>(isMax, at<T>(a, i * cols), cols, 1));
}

/** out (rows×1) = min or max of each row (cols ≥ 1). */
@inline function rowExtremum<T>(isMax: bool, a: usize, rows: i32, cols: i32, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const row = at<T>(a, i * cols);
    let m = load<T>(row);
    let j = 1;
    if (ASC_FEATURE_SIMD) {
      const L = lanes<T>();
      if (cols >= L) {
        let v = v128.load(row);
        for (j = L; j + L <= cols; j += L) v = pick<T>(isMax, v, v128.load(at<T>(row, j)));
        v = pick<T>(isMax, v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
        if (sizeof<T>() == 4) v = pick<T>(isMax, v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
        m = v128.extract_lane<T>(v, 0);
      }
    }
    for (; j < cols; j++) {
      const x = load<T>(at<T>(row, j));
      if (isMax ? x > m : x < m) m = x;
    }
    store<T>(at<T>(out, i), m);
  }
}

export function sum_wide_f32(a: usize, n: i32): f64 { return sumWide<f32>(a, n); }
export function sum_wide_f64(a: usize, n: i32): f64 { return sumWide<f64>(a, n); }
export function sqdev_wide_f32(a: usize, n: i32, mean: f64): f64 { return sqdevWide<f32>(a, n, mean); }
export function sqdev_wide_f64(a: usize, n: i32, mean: f64): f64 { return sqdevWide<f64>(a, n, mean); }
export function argmin_f32(a: usize, n: i32): i32 { return argRun<f32>(false, a, n, 1); }
export function argmin_f64(a: usize, n: i32): i32 { return argRun<f64>(false, a, n, 1); }
export function argmax_f32(a: usize, n: i32): i32 { return argRun<f32>(true, a, n, 1); }
export function argmax_f64(a: usize, n: i32): i32 { return argRun<f64>(true, a, n, 1); }

export function col_sum_f32(a: usize, rows: i32, cols: i32, out: usize, scratch: usize, scale: f64): void { colSum<f32>(a, rows, cols, out, scratch, scale); }
export function col_sum_f64(a: usize, rows: i32, cols: i32, out: usize, scratch: usize, scale: f64): void { colSum<f64>(a, rows, cols, out, scratch, scale); }
export function col_var_f32(a: usize, rows: i32, cols: i32, out: usize, scratch: usize, denom: f64, root: i32): void { colVar<f32>(a, rows, cols, out, scratch, denom, root != 0); }
export function col_var_f64(a: usize, rows: i32, cols: i32, out: usize, scratch: usize, denom: f64, root: i32): void { colVar<f64>(a, rows, cols, out, scratch, denom, root != 0); }
export function col_min_f32(a: usize, rows: i32, cols: i32, out: usize): void { colExtremum<f32>(false, a, rows, cols, out); }
export function col_min_f64(a: usize, rows: i32, cols: i32, out: usize): void { colExtremum<f64>(false, a, rows, cols, out); }
export function col_max_f32(a: usize, rows: i32, cols: i32, out: usize): void { colExtremum<f32>(true, a, rows, cols, out); }
export function col_max_f64(a: usize, rows: i32, cols: i32, out: usize): void { colExtremum<f64>(true, a, rows, cols, out); }
export function col_argmin_f32(a: usize, rows: i32, cols: i32, out: usize, best: usize): void { colArg<f32>(false, a, rows, cols, out, best); }
export function col_argmin_f64(a: usize, rows: i32, cols: i32, out: usize, best: usize): void { colArg<f64>(false, a, rows, cols, out, best); }
export function col_argmax_f32(a: usize, rows: i32, cols: i32, out: usize, best: usize): void { colArg<f32>(true, a, rows, cols, out, best); }
export function col_argmax_f64(a: usize, rows: i32, cols: i32, out: usize, best: usize): void { colArg<f64>(true, a, rows, cols, out, best); }

export function row_sum_f32(a: usize, rows: i32, cols: i32, out: usize, scale: f64): void { rowSum<f32>(a, rows, cols, out, scale); }
export function row_sum_f64(a: usize, rows: i32, cols: i32, out: usize, scale: f64): void { rowSum<f64>(a, rows, cols, out, scale); }
export function row_var_f32(a: usize, rows: i32, cols: i32, out: usize, denom: f64, root: i32): void { rowVar<f32>(a, rows, cols, out, denom, root != 0); }
export function row_var_f64(a: usize, rows: i32, cols: i32, out: usize, denom: f64, root: i32): void { rowVar<f64>(a, rows, cols, out, denom, root != 0); }
export function row_min_f32(a: usize, rows: i32, cols: i32, out: usize): void { rowExtremum<f32>(false, a, rows, cols, out); }
export function row_min_f64(a: usize, rows: i32, cols: i32, out: usize): void { rowExtremum<f64>(false, a, rows, cols, out); }
export function row_max_f32(a: usize, rows: i32, cols: i32, out: usize): void { rowExtremum<f32>(true, a, rows, cols, out); }
export function row_max_f64(a: usize, rows: i32, cols: i32, out: usize): void { rowExtremum<f64>(true, a, rows, cols, out); }
export function row_argmin_f32(a: usize, rows: i32, cols: i32, out: usize): void { rowArg<f32>(false, a, rows, cols, out); }
export function row_argmin_f64(a: usize, rows: i32, cols: i32, out: usize): void { rowArg<f64>(false, a, rows, cols, out); }
export function row_argmax_f32(a: usize, rows: i32, cols: i32, out: usize): void { rowArg<f32>(true, a, rows, cols, out); }
export function row_argmax_f64(a: usize, rows: i32, cols: i32, out: usize): void { rowArg<f64>(true, a, rows, cols, out); }
