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
