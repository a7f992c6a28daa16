// Small generic helpers shared by the kernels. `T` is f32 or f64; a v128 holds 16 / sizeof<T>() lanes.

/** Lanes of T in one v128. */
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Byte offset of element `i` of a T array. */
@inline export function at<T>(ptr: usize, i: i32): usize {
  return ptr + (<usize>i << alignof<T>());
}

/** a*b + c. A fused multiply-add in the relaxed-SIMD build (one rounding), mul + add otherwise. */
@inline export function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(v128.mul<T>(a, b), c);
}

/** Sum of the lanes of v. */
@inline export function hsum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    return <T>(f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
  }
  return <T>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
}

/**
 * Number of entries x of a[0..n) with x ≠ 0, or (nonFinite) with x − x ≠ 0, i.e. NaN or ±Infinity.
 * SIMD lane counters: a true lane of a comparison is all ones (−1), so subtracting it counts; f64 lanes
 * count in i64. 784 f32 values: 0.41 → 0.05 µs against the scalar loop.
 */
@inline export function countWhere<T>(a: usize, n: i32, nonFinite: bool): i32 {
  let c = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = v128.splat<T>(0);
    let acc = i32x4.splat(0);
    for (const L = lanes<T>(); i + L <= n; i += L) {
      const x = v128.load(at<T>(a, i));
      const hit = v128.ne<T>(nonFinite ? v128.sub<T>(x, x) : x, zero);
      acc = sizeof<T>() == 4 ? i32x4.sub(acc, hit) : i64x2.sub(acc, hit);
    }
    c = sizeof<T>() == 4
      ? i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3)
      : <i32>(i64x2.extract_lane(acc, 0) + i64x2.extract_lane(acc, 1));
  }
  for (; i < n; i++) {
    const x = load<T>(at<T>(a, i));
    c += i32((nonFinite ? x - x : x) != <T>0);
  }
  return c;
}
