// exp(x) for x ≤ 0 and log1p(e) for e ∈ [0, 1], scalar and two f64 lanes at a time: what the log-loss
// (assembly/logistic.ts) and the rbf kernel (assembly/svm.ts) evaluate once per sample or kernel entry.
// The loss needs e = exp(−|z|) ∈ (0, 1] and log1p(e) per sample; libm's scalar exp/log1p (musl,
// compiled to Wasm) cost ~60 ns a sample, more than both products together. These evaluate the same
// functions to within a few ulp two lanes at a time:
//  exp(x), x ≤ 0: x = k·ln2 + r, |r| ≤ ln2/2 (Cody–Waite split of ln2), exp(r) by its degree-13
//    Taylor polynomial (truncation < 5e-18 relative), 2^k built in the exponent bits. x is clamped
//    at −708 (e ≈ 3e-308), which changes neither log1p(e) nor σ in double precision.
//  log1p(e), e ∈ [0, 1]: 2·atanh(s) with s = e/(2 + e), or, above √2 − 1, ln 2 + 2·atanh(s) with
//    s = (e − 1)/(e + 3) (i.e. log((1 + e)/2)); |s| ≤ 0.1716, so the odd series to s²³ leaves < 1e-17.
const LOG2E = 1.4426950408889634;
const LN2HI = 6.93147180369123816490e-01;
const LN2LO = 1.90821492927058770002e-10;
const LN2 = 0.6931471805599453;
const SQRT2M1 = 0.41421356237309503;

@inline function expPoly(r: f64): f64 {
  let p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  return p * r + 1.0;
}

/** exp(x) for x ≤ 0 (see above). */
@inline export function expNonPos(x: f64): f64 {
  const xc = x < -708.0 ? -708.0 : x;
  const k = Math.round(xc * LOG2E);
  const r = xc - k * LN2HI - k * LN2LO;
  return expPoly(r) * reinterpret<f64>((<i64>k + 1023) << 52);
}

@inline function atanhSeries(s2: f64): f64 {
  let p = 1.0 / 23.0;
  p = p * s2 + 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  return p * s2 + 1.0;
}

/** log(1 + e) for e ∈ [0, 1] (see above). */
@inline export function log1pUnit(e: f64): f64 {
  const big = e > SQRT2M1;
  const s = big ? (e - 1.0) / (e + 3.0) : e / (2.0 + e);
  return 2.0 * s * atanhSeries(s * s) + (big ? LN2 : 0.0);
}

@inline function vpoly(r: v128, c: f64, acc: v128): v128 {
  return f64x2.add(f64x2.mul(acc, r), f64x2.splat(c));
}

@inline export function vexpNonPos(x: v128): v128 {
  const xc = f64x2.pmax(x, f64x2.splat(-708.0));
  // k = round(x·log2 e) by the 1.5·2^52 shifter: the sum's low mantissa bits hold k as an integer
  const shifter = f64x2.splat(6755399441055744.0);
  const kf = f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), shifter);
  const k = f64x2.sub(kf, shifter);
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, f64x2.splat(LN2HI))), f64x2.mul(k, f64x2.splat(LN2LO)));
  let p = f64x2.splat(1.0 / 6227020800.0);
  p = vpoly(r, 1.0 / 479001600.0, p);
  p = vpoly(r, 1.0 / 39916800.0, p);
  p = vpoly(r, 1.0 / 3628800.0, p);
  p = vpoly(r, 1.0 / 362880.0, p);
  p = vpoly(r, 1.0 / 40320.0, p);
  p = vpoly(r, 1.0 / 5040.0, p);
  p = vpoly(r, 1.0 / 720.0, p);
  p = vpoly(r, 1.0 / 120.0, p);
  p = vpoly(r, 1.0 / 24.0, p);
  p = vpoly(r, 1.0 / 6.0, p);
  p = vpoly(r, 0.5, p);
  p = vpoly(r, 1.0, p);
  p = vpoly(r, 1.0, p);
  // 2^k: the shifter's bits are 0x4338000000000000 + k, so (bits − that + 1023) << 52
  const scale = i64x2.shl(i64x2.add(kf, i64x2.splat(1023 - 0x4338000000000000)), 52);
  return f64x2.mul(p, scale);
}

/**
 * exp(x), x ≤ 0, to single precision (relative error < 3e-10: the degree-8 Taylor polynomial on
 * |r| ≤ ln2/2), for results that are rounded to f32 anyway (the SVM's kernel cache).
 */
@inline export function vexpNonPosF32(x: v128): v128 {
  const xc = f64x2.pmax(x, f64x2.splat(-708.0));
  const shifter = f64x2.splat(6755399441055744.0);
  const kf = f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), shifter);
  const k = f64x2.sub(kf, shifter);
  const r = f64x2.sub(xc, f64x2.mul(k, f64x2.splat(LN2)));
  let p = f64x2.splat(1.0 / 40320.0);
  p = vpoly(r, 1.0 / 5040.0, p);
  p = vpoly(r, 1.0 / 720.0, p);
  p = vpoly(r, 1.0 / 120.0, p);
  p = vpoly(r, 1.0 / 24.0, p);
  p = vpoly(r, 1.0 / 6.0, p);
  p = vpoly(r, 0.5, p);
  p = vpoly(r, 1.0, p);
  p = vpoly(r, 1.0, p);
  const scale = i64x2.shl(i64x2.add(kf, i64x2.splat(1023 - 0x4338000000000000)), 52);
  return f64x2.mul(p, scale);
}

/**
 * exp(x), x ≤ 0, four f32 lanes: Cody–Waite reduction with ln 2 split for single precision, the
 * degree-7 Taylor polynomial (truncation < 6e-9 relative on |r| ≤ ln2/2), 2^k in the exponent bits;
 * x is clamped at −87 (e ≈ 1.6e-38, still normal).
 */
@inline export function vexpNonPosF32x4(x: v128): v128 {
  const xc = f32x4.pmax(x, f32x4.splat(-87.0));
  const shifter = f32x4.splat(12582912.0); // 1.5·2^23
  const kf = f32x4.add(f32x4.mul(xc, f32x4.splat(<f32>LOG2E)), shifter);
  const k = f32x4.sub(kf, shifter);
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(k, f32x4.splat(0.693359375))), f32x4.mul(k, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(<f32>(1.0 / 5040.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 720.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  // the shifter's bits are 0x4B400000 + k, so (bits − that + 127) << 23 is 2^k
  const scale = i32x4.shl(i32x4.add(kf, i32x4.splat(127 - 0x4B400000)), 23);
  return f32x4.mul(p, scale);
}

@inline export function vlog1pUnit(e: v128): v128 {
  const big = f64x2.gt(e, f64x2.splat(SQRT2M1));
  const one = f64x2.splat(1.0);
  const sBig = f64x2.div(f64x2.sub(e, one), f64x2.add(e, f64x2.splat(3.0)));
  const sSmall = f64x2.div(e, f64x2.add(e, f64x2.splat(2.0)));
  const s = v128.bitselect(sBig, sSmall, big);
  const s2 = f64x2.mul(s, s);
  let p = f64x2.splat(1.0 / 23.0);
  p = vpoly(s2, 1.0 / 21.0, p);
  p = vpoly(s2, 1.0 / 19.0, p);
  p = vpoly(s2, 1.0 / 17.0, p);
  p = vpoly(s2, 1.0 / 15.0, p);
  p = vpoly(s2, 1.0 / 13.0, p);
  p = vpoly(s2, 1.0 / 11.0, p);
  p = vpoly(s2, 1.0 / 9.0, p);
  p = vpoly(s2, 1.0 / 7.0, p);
  p = vpoly(s2, 1.0 / 5.0, p);
  p = vpoly(s2, 1.0 / 3.0, p);
  p = vpoly(s2, 1.0, p);
  const lg = f64x2.mul(f64x2.mul(f64x2.splat(2.0), s), p);
  return f64x2.add(lg, v128.and(big, f64x2.splat(LN2)));
}

