// Row-level vector helpers shared by the kernels (inlined; not exported from the module).
// Every algorithm in eig.ts and svd.ts is arranged so that its inner loops run over contiguous rows,
// which is what lets these few helpers carry all the SIMD work.
import { lanes, at, madd, hsum } from './simd';

/** Σ x[i]·y[i], four accumulators: they hide the add latency and give a pairwise-like order. */
@inline export function vdot<T>(x: usize, y: usize, n: i32): T {
  let i = 0;
  let s: T = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    let s0 = v128.splat<T>(0), s1 = s0, s2 = s0, s3 = s0;
    for (; i + 4 * L <= n; i += 4 * L) {
      s0 = madd<T>(v128.load(at<T>(x, i)), v128.load(at<T>(y, i)), s0);
      s1 = madd<T>(v128.load(at<T>(x, i + L)), v128.load(at<T>(y, i + L)), s1);
      s2 = madd<T>(v128.load(at<T>(x, i + 2 * L)), v128.load(at<T>(y, i + 2 * L)), s2);
      s3 = madd<T>(v128.load(at<T>(x, i + 3 * L)), v128.load(at<T>(y, i + 3 * L)), s3);
    }
    for (; i + L <= n; i += L) s0 = madd<T>(v128.load(at<T>(x, i)), v128.load(at<T>(y, i)), s0);
    s = hsum<T>(v128.add<T>(v128.add<T>(s0, s1), v128.add<T>(s2, s3)));
  } else {
    let s1: T = 0, s2: T = 0, s3: T = 0;
    for (; i + 4 <= n; i += 4) {
      s += load<T>(at<T>(x, i)) * load<T>(at<T>(y, i));
      s1 += load<T>(at<T>(x, i + 1)) * load<T>(at<T>(y, i + 1));
      s2 += load<T>(at<T>(x, i + 2)) * load<T>(at<T>(y, i + 2));
      s3 += load<T>(at<T>(x, i + 3)) * load<T>(at<T>(y, i + 3));
    }
    s = (s + s1) + (s2 + s3);
  }
  for (; i < n; i++) s += load<T>(at<T>(x, i)) * load<T>(at<T>(y, i));
  return s;
}

/** y[i] += alpha·x[i]. */
@inline export function vaxpy<T>(alpha: T, x: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const va = v128.splat<T>(alpha);
    for (; i + 2 * L <= n; i += 2 * L) {
      v128.store(at<T>(y, i), madd<T>(va, v128.load(at<T>(x, i)), v128.load(at<T>(y, i))));
      v128.store(at<T>(y, i + L), madd<T>(va, v128.load(at<T>(x, i + L)), v128.load(at<T>(y, i + L))));
    }
    for (; i + L <= n; i += L) v128.store(at<T>(y, i), madd<T>(va, v128.load(at<T>(x, i)), v128.load(at<T>(y, i))));
  }
  for (; i < n; i++) store<T>(at<T>(y, i), alpha * load<T>(at<T>(x, i)) + load<T>(at<T>(y, i)));
}

/** y[i] += a·x1[i] + b·x2[i] (the rank-2 row update of the tridiagonalization). */
@inline export function vaxpy2<T>(a: T, x1: usize, b: T, x2: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const va = v128.splat<T>(a);
    const vb = v128.splat<T>(b);
    for (; i + L <= n; i += L) {
      const t = madd<T>(va, v128.load(at<T>(x1, i)), v128.load(at<T>(y, i)));
      v128.store(at<T>(y, i), madd<T>(vb, v128.load(at<T>(x2, i)), t));
    }
  }
  for (; i < n; i++) store<T>(at<T>(y, i), a * load<T>(at<T>(x1, i)) + b * load<T>(at<T>(x2, i)) + load<T>(at<T>(y, i)));
}

/** One row of a symmetric matrix–vector product from the upper triangle: y += a·row; returns row·x. */
@inline export function symvRow<T>(row: usize, x: usize, y: usize, a: T, n: i32): T {
  let i = 0;
  let s: T = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const va = v128.splat<T>(a);
    let s0 = v128.splat<T>(0), s1 = s0;
    for (; i + 2 * L <= n; i += 2 * L) {
      const r0 = v128.load(at<T>(row, i));
      const r1 = v128.load(at<T>(row, i + L));
      s0 = madd<T>(r0, v128.load(at<T>(x, i)), s0);
      s1 = madd<T>(r1, v128.load(at<T>(x, i + L)), s1);
      v128.store(at<T>(y, i), madd<T>(va, r0, v128.load(at<T>(y, i))));
      v128.store(at<T>(y, i + L), madd<T>(va, r1, v128.load(at<T>(y, i + L))));
    }
    s = hsum<T>(v128.add<T>(s0, s1));
  }
  for (; i < n; i++) {
    const r = load<T>(at<T>(row, i));
    s += r * load<T>(at<T>(x, i));
    store<T>(at<T>(y, i), a * r + load<T>(at<T>(y, i)));
  }
  return s;
}

/** Plane rotation of two rows: x ← c·x − s·y, y ← s·x + c·y. */
@inline export function vrot<T>(x: usize, y: usize, n: i32, c: T, s: T): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const vc = v128.splat<T>(c);
    const vs = v128.splat<T>(s);
    const vns = v128.splat<T>(-s);
    for (; i + L <= n; i += L) {
      const px = at<T>(x, i);
      const py = at<T>(y, i);
      const a = v128.load(px);
      const b = v128.load(py);
      v128.store(px, madd<T>(vc, a, v128.mul<T>(vns, b)));
      v128.store(py, madd<T>(vs, a, v128.mul<T>(vc, b)));
    }
  }
  for (; i < n; i++) {
    const px = at<T>(x, i);
    const py = at<T>(y, i);
    const a = load<T>(px);
    const b = load<T>(py);
    store<T>(px, c * a - s * b);
    store<T>(py, s * a + c * b);
  }
}

/**
 * The same rotation in Rutishauser's form, with tau = s/(1 + c): x ← x − s·(y + tau·x),
 * y ← y + s·(x − tau·y). Each new value is the old one plus a small correction, which keeps the
 * rounding error of many accumulated rotations small (Rutishauser 1971, 'jacobi').
 */
@inline export function vrotTau<T>(x: usize, y: usize, n: i32, s: T, tau: T): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const vs = v128.splat<T>(s);
    const vns = v128.splat<T>(-s);
    const vt = v128.splat<T>(tau);
    const vnt = v128.splat<T>(-tau);
    for (; i + L <= n; i += L) {
      const px = at<T>(x, i);
      const py = at<T>(y, i);
      const a = v128.load(px);
      const b = v128.load(py);
      v128.store(px, madd<T>(vns, madd<T>(vt, a, b), a));
      v128.store(py, madd<T>(vs, madd<T>(vnt, b, a), b));
    }
  }
  for (; i < n; i++) {
    const px = at<T>(x, i);
    const py = at<T>(y, i);
    const a = load<T>(px);
    const b = load<T>(py);
    store<T>(px, a - s * (b + tau * a));
    store<T>(py, b + s * (a - tau * b));
  }
}

/** Swaps n contiguous elements of rows x and y. */
@inline export function vswap<T>(x: usize, y: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (const L = lanes<T>(); i + L <= n; i += L) {
      const t = v128.load(at<T>(x, i));
      v128.store(at<T>(x, i), v128.load(at<T>(y, i)));
      v128.store(at<T>(y, i), t);
    }
  }
  for (; i < n; i++) {
    const t = load<T>(at<T>(x, i));
    store<T>(at<T>(x, i), load<T>(at<T>(y, i)));
    store<T>(at<T>(y, i), t);
  }
}

/** x[i] *= alpha */
@inline export function vscale<T>(alpha: T, x: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const va = v128.splat<T>(alpha);
    for (; i + L <= n; i += L) v128.store(at<T>(x, i), v128.mul<T>(va, v128.load(at<T>(x, i))));
  }
  for (; i < n; i++) store<T>(at<T>(x, i), alpha * load<T>(at<T>(x, i)));
}

/** max |x[i]| */
@inline export function vamax<T>(x: usize, n: i32): T {
  let m: T = 0;
  for (let i = 0; i < n; i++) m = max<T>(m, abs<T>(load<T>(at<T>(x, i))));
  return m;
}

/** x = 0 */
@inline export function vzero<T>(x: usize, n: i32): void {
  memory.fill(x, 0, <usize>n << alignof<T>());
}

/** sqrt(a² + b²) without overflow or destructive underflow. */
@inline export function hypot2<T>(a: T, b: T): T {
  let x = abs<T>(a);
  let y = abs<T>(b);
  if (x < y) { const t = x; x = y; y = t; }
  if (x == 0) return 0;
  const r = y / x;
  return x * sqrt<T>(<T>1 + r * r);
}

/** Machine epsilon of T. */
@inline export function epsOf<T>(): T {
  return sizeof<T>() == 4 ? <T>1.1920928955078125e-7 : <T>2.220446049250313e-16;
}

/**
 * Writes into perm (i32[n]) the indices of vals sorted by descending value; ties keep their index
 * order. Insertion sort: n is at most a few thousand and the values come out of Jacobi nearly sorted.
 */
@inline export function sortDesc<T>(vals: usize, perm: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const vi = load<T>(at<T>(vals, i));
    let j = i - 1;
    while (j >= 0 && load<T>(at<T>(vals, load<i32>(at<i32>(perm, j)))) < vi) {
      store<i32>(at<i32>(perm, j + 1), load<i32>(at<i32>(perm, j)));
      j--;
    }
    store<i32>(at<i32>(perm, j + 1), i);
  }
}

/**
 * A power of two sc with max·sc in [1, 2) (1 for max = 0): scaling by it is exact, so results
 * such as the eigenvalues of a diagonal matrix come back bit for bit. Read off the exponent bits
 * (subnormal max included). Capped at 2^996 (f64) / 2^100 (f32), so that 1/sc stays far from
 * underflow: the largest of a subnormal input then lands near 2^-78 (f64) / 2^-49 (f32), where
 * squares and products are still exact.
 */
@inline export function pow2Scale<T>(amax: T): T {
  if (!(amax > 0)) return <T>1;
  if (sizeof<T>() == 8) {
    let e = <i32>((reinterpret<u64>(<f64>amax) >> 52) & 0x7ff);
    if (e == 0) e = <i32>((reinterpret<u64>(<f64>amax * 18014398509481984.0) >> 52) & 0x7ff) - 54; // ×2^54: now normal
    const k = min<i32>(1023 - e, 996); // sc = 2^k, amax·sc in [1, 2)
    // 2^−1023 (for max ≥ 2^1023) is subnormal (but exact): built as 2^(k+54)·2^−54
    if (k >= -1022) return <T>reinterpret<f64>(<u64>(1023 + k) << 52);
    return <T>(reinterpret<f64>(<u64>(1023 + k + 54) << 52) * 5.551115123125783e-17);
  }
  let e = <i32>((reinterpret<u32>(<f32>amax) >> 23) & 0xff);
  if (e == 0) e = <i32>((reinterpret<u32>(<f32>amax * <f32>16777216.0) >> 23) & 0xff) - 24; // ×2^24: now normal
  const k = min<i32>(127 - e, 100);
  // 2^k for k down to −127: 2^−127 is subnormal in f32 (but exact), built as 2^(k+24)·2^−24
  if (k >= -126) return <T>reinterpret<f32>(<u32>(127 + k) << 23);
  return <T>(reinterpret<f32>(<u32>(127 + k + 24) << 23) * <f32>5.9604644775390625e-8);
}

/** The smallest normal number of T (LAPACK's safmin): 1/x is finite for |x| ≥ it. */
@inline export function safminOf<T>(): T {
  return sizeof<T>() == 4 ? <T>1.1754943508222875e-38 : <T>2.2250738585072014e-308;
}

/**
 * x[i] /= d. As LAPACK dgetf2/drscl: by a multiply with 1/d when |d| ≥ safmin (1/d finite), by
 * division otherwise (1/d overflows for a subnormal d, e.g. a matrix scaled by 1e-310).
 */
@inline export function vdivs<T>(d: T, x: usize, n: i32): void {
  if (abs<T>(d) >= safminOf<T>()) {
    vscale<T>(<T>1 / d, x, n);
    return;
  }
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const vd = v128.splat<T>(d);
    for (; i + L <= n; i += L) v128.store(at<T>(x, i), v128.div<T>(v128.load(at<T>(x, i)), vd));
  }
  for (; i < n; i++) store<T>(at<T>(x, i), load<T>(at<T>(x, i)) / d);
}
