// k nearest neighbours by brute force, exact, with a float32 candidate pass in front.
//
// 1. At fit, knn_prepare_train centres the training rows on their mean and scales them by a power of two s
//    (neither changes the order of distances; both keep the float32 numbers small and their error bound
//    tight even for data far from the origin), rounds them to float32 and packs them in strips of 8 rows
//    ([p][8], the GEMM's B micro-panel layout), with their squared norms.
// 2. Per query block, knn_prepare_query does the same to the queries (strips of 4, times −2), and
//    knn_scan runs a 4×8 register tile (the GEMM micro-kernel of gemm.ts, fused with its consumer) over
//    every training strip: h = ‖x̂‖²·(1 − c1) − 2q̂·x̂ in float32. From h it has a proven lower bound L
//    and upper bound U of every true squared distance (derivation below). It keeps the k smallest U
//    and every row whose L is at most the k-th smallest U: no other row can be among the k nearest.
//    The hot loop is 8 float32 multiply-adds per 4×8 outputs and step plus one compare per output;
//    only rows that pass the compare (about k·ln(n/k) per query) leave the vector code.
// 3. knn_refine computes the exact float64 distances of the candidates (direct differences, summed in
//    order) and keeps the k smallest, ties to the lower training index (a stable sort's order). A query
//    whose candidate list overflows (many duplicates tied at the k-th distance, a bound made loose by
//    underflow) is scanned again with a 64× longer list; if that overflows too, or its float32 image is
//    out of range, it gets the exact distance to every training row, so correctness never rests on the
//    data being benign.
// The float64 dot-trick path this replaces (GEMM, then an exact re-rank of the 2k best) spent 22 ms of
// its 40 ms in the float64 GEMM and 15 ms selecting from the stored 1000×10000 product; the fused
// float32 pass never stores the product (measured in bench/cluster.bench.js, see README).
//
// The error bound (u = 2⁻²⁴, v = 2⁻⁵³ unit roundoffs, γ_m(w) = m·w/(1 − m·w), ω = 2⁻¹⁴⁹; Higham,
// "Accuracy and Stability of Numerical Algorithms", 2nd ed., §2.2 and §3.1). For a query q and a training
// row x (d entries), let a = s(q − μ), b = s(x − μ) in real arithmetic and D = ‖a − b‖² = s²‖q − x‖².
//  (1) Stored inputs: â_p = fl32(s·fl64(q_p − μ_p)) = a_p(1 + θ_p) + ζ_p with |θ_p| ≤ η = u + 2v and
//      |ζ_p| ≤ ω (underflow), likewise b̂. So ‖(â − b̂) − (a − b)‖ ≤ r = η(‖a‖ + ‖b‖) + 2ω√d and
//      |‖â − b̂‖² − D| ≤ r(2√D + r) ≤ 4η·P·(1 + O(η)) + O(ω√d)(1 + P), P = ‖â‖² + ‖b̂‖²
//      (√D ≤ ‖a‖ + ‖b‖, (‖â‖ + ‖b̂‖)² ≤ 2P).
//  (2) qn = fl64(Σ â_p²), xn likewise: the squares of float32 numbers are exact in float64, the sums
//      are off by ≤ γ_d(v)·P together.
//  (3) g = fl32(Σ (−2â_p)·b̂_p), any order, with or without fused multiply-add: |g + 2â·b̂| ≤ γ_d(u)·2‖â‖‖b̂‖
//      + d·ω ≤ γ_d(u)·P + d·ω (×2 is exact).
//  (4) xnL = fl32((1 − c1)·xn): off by ≤ η·xn + ω ≤ η·P + ω.
//  (5) h = fl32(xnL + g): off by ≤ u·|xnL + g| ≤ 2u·P·(1 + O(γ)).
//  (6) The exact pass computes Ď = fl64(Σ fl64(q_p − x_p)²): |s²Ď − D| ≤ γ_{d+2}(v)·D ≤ 4γ_{d+2}(v)·P·(1 + O(η)).
//  Summing, |s²Ď − (qn + h + c1·xn)| ≤ (5η + γ_d(u) + 2u + γ_d(v) + 4γ_{d+2}(v))·P·(1 + δ) + (3d + 3)·ω
//  with δ < 0.05 while d·u ≤ 1/100 (checked), and P ≤ (qn + xn)(1 + γ_d(v)). Hence with
//      c1 = 2·(5η + γ_d(u) + 2u + γ_d(v) + 4γ_{d+2}(v)) + 2⁻¹⁰⁰ (the 2⁻¹⁰⁰ takes the ω·P terms)
//      c0 = (d + 1)·2⁻¹⁴⁰ ≥ (3d + 3)·ω + the ω terms of (1) (+ the underflow of (6), see offset),
//  L = qn·(1 − c1) + h − c0 ≤ s²Ď ≤ qn·(1 + c1) + h + 2c1·xn + c0 = U.
//  Soundness: k rows have U ≥ s²Ď, so the k-th smallest Ď is ≤ U*, the k-th smallest U seen so far
//  (U* only falls during the scan). A row among the k nearest has L ≤ s²Ď ≤ s²Ď_(k) ≤ U*, i.e.
//  h ≤ U* − qn·(1 − c1) + c0; the scan keeps every row passing that test, with the threshold rounded
//  up to float32 and every float64 step given a relative margin of 2⁻⁵⁰ ≫ its rounding error.
//  For d = 32, c1 ≈ 4.6e-6: with ‖q̂‖² ≈ ‖x̂‖² ≈ 11 (uniform [−1, 1)) the window is ≈ 2e-4 wide.
import { at, madd } from './simd';

const U32: f64 = 5.9604644775390625e-8; // 2⁻²⁴
const U64: f64 = 1.1102230246251565e-16; // 2⁻⁵³
const MARGIN: f64 = 8.881784197001252e-16; // 2⁻⁵⁰, relative slack on float64 sums of a few terms
const STRIP = 8; // training rows per packed strip (2 v128 of f32)
const QSTRIP = 4; // queries per packed strip

@inline function gamma(m: i32, w: f64): f64 {
  return <f64>m * w / (1 - <f64>m * w);
}

/** c1 of the bound above (0 when d is too large for it: d·u > 1/100). */
@inline function slope(d: i32): f64 {
  if (<f64>d * U32 > 0.01) return 0;
  const eta = U32 + 2 * U64;
  return 2 * (5 * eta + gamma(d, U32) + 2 * U32 + gamma(d, U64) + 4 * gamma(d + 2, U64)) + 7.888609052210118e-31;
}

/** c0 of the bound above, plus the exact pass's float64 underflow (≤ d·2⁻¹⁰⁷⁵ before scaling by s²). */
@inline function offset(d: i32, s: f64): f64 {
  return <f64>(d + 1) * (7.174648137343064e-43 + 1.0e-323 * s * s); // 2⁻¹⁴⁰ + 2⁻¹⁰⁷³·s² (1e-323 > 2⁻¹⁰⁷³)
}

/** The smallest float32 ≥ x (x finite or ±∞). */
@inline function roundUp32(x: f64): f32 {
  let r = <f32>x;
  if (<f64>r < x) {
    const bits = reinterpret<i32>(r);
    r = r == 0 ? reinterpret<f32>(1) : reinterpret<f32>(r > 0 ? bits + 1 : bits - 1);
  }
  return r;
}

// ---- exact distances and the sorted top-k --------------------------------------------------------

/** Squared distance of query row q to training row j, direct differences summed in order, float64. */
@inline function exact<T>(q: usize, x: usize, d: i32, j: i32): f64 {
  let s: f64 = 0;
  const row = x + <usize>(j * d) * sizeof<T>();
  for (let p = 0; p < d; p++) {
    const t = <f64>load<T>(at<T>(q, p)) - <f64>load<T>(at<T>(row, p));
    s += t * t;
  }
  return s;
}

/** Inserts (v, j) into the sorted prefix [0, len) of (vals, ids) with capacity cap; returns the new length. */
@inline function insert(vals: usize, ids: usize, len: i32, cap: i32, v: f64, j: i32): i32 {
  if (len == cap) {
    const last = load<f64>(vals + (<usize>(len - 1) << 3));
    if (v > last || (v == last && j > load<i32>(ids + (<usize>(len - 1) << 2)))) return len;
  }
  let pos = len == cap ? len - 1 : len;
  while (pos > 0) {
    const pv = load<f64>(vals + (<usize>(pos - 1) << 3));
    if (pv < v || (pv == v && load<i32>(ids + (<usize>(pos - 1) << 2)) < j)) break;
    store<f64>(vals + (<usize>pos << 3), pv);
    store<i32>(ids + (<usize>pos << 2), load<i32>(ids + (<usize>(pos - 1) << 2)));
    pos--;
  }
  store<f64>(vals + (<usize>pos << 3), v);
  store<i32>(ids + (<usize>pos << 2), j);
  return len == cap ? len : len + 1;
}

// ---- the work block of one query block (nq4 queries, a multiple of 4) ----------------------------
// thr f32[nq4] | cnt i32[nq4] (−1: exact full scan) | nu i32[nq4] | qn f64[nq4] | topU f64[nq4·k]
// | cand i32[nq4·cap] | candH f32[nq4·cap] | refine scratch f64[k] + i32[k] | pa f32[nq4·d] (16-aligned)

@inline function up(x: usize, m: usize): usize { return (x + m - 1) & ~(m - 1); }
@inline function oCnt(nq4: i32): usize { return <usize>nq4 << 2; }
@inline function oNu(nq4: i32): usize { return <usize>nq4 << 3; }
@inline function oQn(nq4: i32): usize { return up(<usize>nq4 * 12, 8); }
@inline function oTop(nq4: i32): usize { return oQn(nq4) + (<usize>nq4 << 3); }
@inline function oCand(nq4: i32, k: i32): usize { return oTop(nq4) + (<usize>(nq4 * k) << 3); }
@inline function oCandH(nq4: i32, k: i32, cap: i32): usize { return oCand(nq4, k) + (<usize>(nq4 * cap) << 2); }
@inline function oVals(nq4: i32, k: i32, cap: i32): usize { return up(oCandH(nq4, k, cap) + (<usize>(nq4 * cap) << 2), 8); }
@inline function oPa(nq4: i32, k: i32, cap: i32): usize { return up(oVals(nq4, k, cap) + <usize>k * 12, 16); }

/** Bytes of the work block (the caller adds 16 for alignment of its start). */
export function knn_work_bytes(nq4: i32, d: i32, k: i32, cap: i32): i32 {
  return <i32>(oPa(nq4, k, cap) + (<usize>(nq4 * d) << 2));
}

// ---- preparation ------------------------------------------------------------------------------------

/**
 * Training side: center (d f64) = column means; packed (⌈n/8⌉·8 × d f32, strips [p][8]) = the
 * centred rows times s, in float32; norms (n f64) = their squared norms; low (⌈n/8⌉·8 f32) = norms·(1 − c1),
 * +∞ for padding rows. Returns s, or 0 when the float32 pass cannot be used (d too large for the bound,
 * a deviation from the mean that overflows).
 */
@inline function prepareTrain<T>(x: usize, n: i32, d: i32, center: usize, packed: usize, norms: usize, low: usize): f64 {
  for (let p = 0; p < d; p++) store<f64>(center + (<usize>p << 3), 0);
  for (let j = 0; j < n; j++) {
    const row = x + <usize>(j * d) * sizeof<T>();
    for (let p = 0; p < d; p++) {
      const c = center + (<usize>p << 3);
      store<f64>(c, load<f64>(c) + <f64>load<T>(at<T>(row, p)));
    }
  }
  for (let p = 0; p < d; p++) store<f64>(center + (<usize>p << 3), load<f64>(center + (<usize>p << 3)) / <f64>n);
  let m: f64 = 0;
  for (let j = 0; j < n; j++) {
    const row = x + <usize>(j * d) * sizeof<T>();
    for (let p = 0; p < d; p++) m = max(m, Math.abs(<f64>load<T>(at<T>(row, p)) - load<f64>(center + (<usize>p << 3))));
  }
  const c1 = slope(d);
  if (!isFinite(m) || c1 == 0) return 0;
  // s = 2^e with m·s in [½, 1): e from m's exponent field, clamped so that s is normal and s² finite
  // (data spread below 2⁻⁵¹¹ then underflows in float32 and goes to the exact scan).
  const e = m == 0 ? 0 : min(511, max(-1000, 1022 - <i32>((reinterpret<u64>(m) >> 52) & 0x7ff)));
  const s = reinterpret<f64>(<u64>(1023 + e) << 52);
  const nPad = (n + STRIP - 1) & ~(STRIP - 1);
  for (let j = 0; j < nPad; j++) {
    const strip = packed + (<usize>((j & ~(STRIP - 1)) * d + (j & (STRIP - 1))) << 2);
    const row = x + <usize>(j * d) * sizeof<T>();
    let sum: f64 = 0;
    for (let p = 0; p < d; p++) {
      const v: f32 = j < n ? <f32>(s * (<f64>load<T>(at<T>(row, p)) - load<f64>(center + (<usize>p << 3)))) : 0;
      store<f32>(strip + (<usize>(p * STRIP) << 2), v);
      sum += <f64>v * <f64>v;
    }
    if (j < n) store<f64>(norms + (<usize>j << 3), sum);
    store<f32>(low + (<usize>j << 2), j < n ? <f32>((1 - c1) * sum) : <f32>Infinity);
  }
  return s;
}

export function knn_prepare_train_f32(x: usize, n: i32, d: i32, center: usize, packed: usize, norms: usize, low: usize): f64 {
  return prepareTrain<f32>(x, n, d, center, packed, norms, low);
}
export function knn_prepare_train_f64(x: usize, n: i32, d: i32, center: usize, packed: usize, norms: usize, low: usize): f64 {
  return prepareTrain<f64>(x, n, d, center, packed, norms, low);
}

/**
 * Query side, for `rows` query rows q (rows×d T) in a work block of nq4 ≥ rows queries: pa = −2·(the
 * centred, scaled queries in float32) in strips [p][4], qn their squared norms, the scan state reset.
 * A query whose float32 image is out of range (qn > 2⁶⁰ or not finite) and the padding queries are
 * marked for the exact full scan (cnt = −1, threshold −∞, zero rows).
 */
@inline function prepareQuery<T>(q: usize, rows: i32, d: i32, center: usize, s: f64, work: usize, nq4: i32, k: i32, cap: i32): void {
  const pa = work + oPa(nq4, k, cap);
  for (let i = 0; i < nq4; i++) {
    const strip = pa + (<usize>((i & ~(QSTRIP - 1)) * d + (i & (QSTRIP - 1))) << 2);
    const row = q + <usize>(i * d) * sizeof<T>();
    let sum: f64 = 0;
    if (i < rows) {
      for (let p = 0; p < d; p++) {
        const v = <f32>(s * (<f64>load<T>(at<T>(row, p)) - load<f64>(center + (<usize>p << 3))));
        store<f32>(strip + (<usize>(p * QSTRIP) << 2), -2 * v);
        sum += <f64>v * <f64>v;
      }
    }
    const ok = i < rows && sum <= 1.152921504606847e18; // 2⁶⁰
    if (!ok) for (let p = 0; p < d; p++) store<f32>(strip + (<usize>(p * QSTRIP) << 2), 0);
    store<f32>(work + (<usize>i << 2), ok ? f32.MAX_VALUE : -Infinity);
    store<i32>(work + oCnt(nq4) + (<usize>i << 2), ok ? 0 : -1);
    store<i32>(work + oNu(nq4) + (<usize>i << 2), 0);
    store<f64>(work + oQn(nq4) + (<usize>i << 3), ok ? sum : 0);
  }
}

export function knn_prepare_query_f32(q: usize, rows: i32, d: i32, center: usize, s: f64, work: usize, nq4: i32, k: i32, cap: i32): void {
  prepareQuery<f32>(q, rows, d, center, s, work, nq4, k, cap);
}
export function knn_prepare_query_f64(q: usize, rows: i32, d: i32, center: usize, s: f64, work: usize, nq4: i32, k: i32, cap: i32): void {
  prepareQuery<f64>(q, rows, d, center, s, work, nq4, k, cap);
}

// ---- the float32 candidate scan --------------------------------------------------------------------
// float32 only, for both input dtypes: it works on the float32 images that the prepare kernels make.

/** Row j with value h passed the vector compare of query i: record it (see the bound above). */
function accept(work: usize, nq4: i32, k: i32, cap: i32, i: i32, j: i32, h: f32, norms: usize, n: i32, c1: f64, c0: f64): void {
  if (j >= n) return;
  const xn = load<f64>(norms + (<usize>j << 3));
  const thrp = work + (<usize>i << 2);
  const cntp = work + oCnt(nq4) + (<usize>i << 2);
  let cnt = load<i32>(cntp);
  if (cnt < 0 || !(h <= load<f32>(thrp))) return;
  const qi = load<f64>(work + oQn(nq4) + (<usize>i << 3));
  const hf = <f64>h;
  const terms = qi * (1 + c1) + Math.abs(hf) + 2 * c1 * xn + c0;
  const upper = qi * (1 + c1) + hf + 2 * c1 * xn + c0 + terms * MARGIN;
  // keep the k smallest upper bounds, sorted (values only)
  const top = work + oTop(nq4) + (<usize>(i * k) << 3);
  const nup = work + oNu(nq4) + (<usize>i << 2);
  let nu = load<i32>(nup);
  if (nu < k || upper < load<f64>(top + (<usize>(k - 1) << 3))) {
    let pos = nu < k ? nu : k - 1;
    while (pos > 0 && load<f64>(top + (<usize>(pos - 1) << 3)) > upper) {
      store<f64>(top + (<usize>pos << 3), load<f64>(top + (<usize>(pos - 1) << 3)));
      pos--;
    }
    store<f64>(top + (<usize>pos << 3), upper);
    if (nu < k) store<i32>(nup, ++nu);
    if (nu == k) {
      const uk = load<f64>(top + (<usize>(k - 1) << 3));
      const t = uk - qi * (1 - c1) + c0;
      store<f32>(thrp, roundUp32(t + (Math.abs(uk) + qi + c0) * MARGIN));
    }
  }
  const cand = work + oCand(nq4, k) + (<usize>(i * cap) << 2);
  const candH = work + oCandH(nq4, k, cap) + (<usize>(i * cap) << 2);
  store<i32>(cand + (<usize>cnt << 2), j);
  store<f32>(candH + (<usize>cnt << 2), h);
  cnt++;
  if (cnt == cap) {
    // full: drop the rows the threshold has since excluded; if that frees too little, give the
    // query to the exact full scan
    const thr = load<f32>(thrp);
    let kept = 0;
    for (let t = 0; t < cnt; t++) {
      const ht = load<f32>(candH + (<usize>t << 2));
      if (ht <= thr) {
        store<i32>(cand + (<usize>kept << 2), load<i32>(cand + (<usize>t << 2)));
        store<f32>(candH + (<usize>kept << 2), ht);
        kept++;
      }
    }
    cnt = kept;
    if (kept > (cap + k) >> 1) {
      cnt = -1;
      store<f32>(thrp, -Infinity);
    }
  }
  store<i32>(cntp, cnt);
}

/** The 8 rows j… of one strip against query i: h0, h1 hold their h values. */
@inline function accept8(work: usize, nq4: i32, k: i32, cap: i32, i: i32, j: i32, h0: v128, h1: v128, norms: usize, n: i32, c1: f64, c0: f64): void {
  accept(work, nq4, k, cap, i, j, f32x4.extract_lane(h0, 0), norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 1, f32x4.extract_lane(h0, 1), norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 2, f32x4.extract_lane(h0, 2), norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 3, f32x4.extract_lane(h0, 3), norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 4, f32x4.extract_lane(h1, 0), norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 5, f32x4.extract_lane(h1, 1), norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 6, f32x4.extract_lane(h1, 2), norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 7, f32x4.extract_lane(h1, 3), norms, n, c1, c0);
}

/** h = low + acc for query i against one strip; the slow path only when some h is under the threshold. */
@inline function epilogue(work: usize, nq4: i32, k: i32, cap: i32, i: i32, j: i32, acc0: v128, acc1: v128, l0: v128, l1: v128, norms: usize, n: i32, c1: f64, c0: f64): void {
  const t = v128.load_splat<f32>(work + (<usize>i << 2));
  const h0 = f32x4.add(acc0, l0), h1 = f32x4.add(acc1, l1);
  if (v128.any_true(v128.or(f32x4.le(h0, t), f32x4.le(h1, t)))) accept8(work, nq4, k, cap, i, j, h0, h1, norms, n, c1, c0);
}

/** The scalar build's epilogue: h = low + g per row of the strip, the rows under the threshold accepted. */
@inline function scalarEpilogue(work: usize, nq4: i32, k: i32, cap: i32, i: i32, j: i32, g0: f32, g1: f32, g2: f32, g3: f32, g4: f32, g5: f32, g6: f32, g7: f32, lp: usize, norms: usize, n: i32, c1: f64, c0: f64): void {
  const thr = load<f32>(work + (<usize>i << 2));
  const h0 = load<f32>(lp) + g0, h1 = load<f32>(lp, 4) + g1, h2 = load<f32>(lp, 8) + g2, h3 = load<f32>(lp, 12) + g3;
  const h4 = load<f32>(lp, 16) + g4, h5 = load<f32>(lp, 20) + g5, h6 = load<f32>(lp, 24) + g6, h7 = load<f32>(lp, 28) + g7;
  if (min(min(min(h0, h1), min(h2, h3)), min(min(h4, h5), min(h6, h7))) > thr) return;
  accept(work, nq4, k, cap, i, j, h0, norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 1, h1, norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 2, h2, norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 3, h3, norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 4, h4, norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 5, h5, norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 6, h6, norms, n, c1, c0);
  accept(work, nq4, k, cap, i, j + 7, h7, norms, n, c1, c0);
}

/**
 * Every training strip against every query strip of the work block (nq4 queries, prepared): the
 * 4×8 tile accumulates −2q̂·x̂ over d in registers (gemm.ts's micro-kernel: one A vector, broadcast by
 * shuffles in the relaxed build and load_splat otherwise, as measured there), then the epilogue. The
 * training strip (8·d float32) stays in L1 while the whole query block passes over it.
 */
export function knn_scan(work: usize, nq4: i32, k: i32, cap: i32, packed: usize, low: usize, norms: usize, n: i32, d: i32, s: f64): void {
  const c1 = slope(d), c0 = offset(d, s);
  const pa = work + oPa(nq4, k, cap);
  for (let j = 0; j < n; j += STRIP) {
    const bs = packed + (<usize>(j * d) << 2);
    const lp = low + (<usize>j << 2);
    if (ASC_FEATURE_SIMD) {
      const l0 = v128.load(lp), l1 = v128.load(lp, 16);
      for (let i = 0; i < nq4; i += QSTRIP) {
        let a = pa + (<usize>(i * d) << 2);
        let b = bs;
        let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
        let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (let p = 0; p < d; p++) {
          const b0 = v128.load(b), b1 = v128.load(b, 16);
          let x0: v128, x1: v128, x2: v128, x3: v128;
          if (ASC_FEATURE_RELAXED_SIMD) {
            const av = v128.load(a);
            x0 = v128.shuffle<i32>(av, av, 0, 0, 0, 0);
            x1 = v128.shuffle<i32>(av, av, 1, 1, 1, 1);
            x2 = v128.shuffle<i32>(av, av, 2, 2, 2, 2);
            x3 = v128.shuffle<i32>(av, av, 3, 3, 3, 3);
          } else {
            x0 = v128.load_splat<f32>(a);
            x1 = v128.load_splat<f32>(a, 4);
            x2 = v128.load_splat<f32>(a, 8);
            x3 = v128.load_splat<f32>(a, 12);
          }
          c00 = madd<f32>(x0, b0, c00);
          c01 = madd<f32>(x0, b1, c01);
          c10 = madd<f32>(x1, b0, c10);
          c11 = madd<f32>(x1, b1, c11);
          c20 = madd<f32>(x2, b0, c20);
          c21 = madd<f32>(x2, b1, c21);
          c30 = madd<f32>(x3, b0, c30);
          c31 = madd<f32>(x3, b1, c31);
          a += 16;
          b += 32;
        }
        epilogue(work, nq4, k, cap, i, j, c00, c01, l0, l1, norms, n, c1, c0);
        epilogue(work, nq4, k, cap, i + 1, j, c10, c11, l0, l1, norms, n, c1, c0);
        epilogue(work, nq4, k, cap, i + 2, j, c20, c21, l0, l1, norms, n, c1, c0);
        epilogue(work, nq4, k, cap, i + 3, j, c30, c31, l0, l1, norms, n, c1, c0);
      }
    } else {
      // scalar build: one query against the strip, 8 accumulators in locals, the same order over p
      for (let i = 0; i < nq4; i++) {
        let a = pa + (<usize>((i & ~(QSTRIP - 1)) * d + (i & (QSTRIP - 1))) << 2);
        let b = bs;
        let g0: f32 = 0, g1: f32 = 0, g2: f32 = 0, g3: f32 = 0, g4: f32 = 0, g5: f32 = 0, g6: f32 = 0, g7: f32 = 0;
        for (let p = 0; p < d; p++) {
          const x = load<f32>(a);
          g0 += x * load<f32>(b); g1 += x * load<f32>(b, 4); g2 += x * load<f32>(b, 8); g3 += x * load<f32>(b, 12);
          g4 += x * load<f32>(b, 16); g5 += x * load<f32>(b, 20); g6 += x * load<f32>(b, 24); g7 += x * load<f32>(b, 28);
          a += QSTRIP << 2;
          b += STRIP << 2;
        }
        scalarEpilogue(work, nq4, k, cap, i, j, g0, g1, g2, g3, g4, g5, g6, g7, lp, norms, n, c1, c0);
      }
    }
  }
}

// ---- exact refinement ------------------------------------------------------------------------------

/**
 * For the `rows` queries q (rows×d T) of a scanned work block: the k nearest training rows of x (n×d T)
 * by exact float64 distance among the candidates, nearest first, ties to the lower index. outIdx: rows×k
 * i32; outDist: rows×k f64 Euclidean distances. A query whose list overflowed (cnt = −1) gets the exact
 * distance to every row when `exactOverflow` is set; otherwise its block index goes to `over` (for a
 * second pass with a longer list) and its outputs are left alone. Returns the number of such queries.
 */
@inline function refine<T>(q: usize, x: usize, n: i32, d: i32, k: i32, rows: i32, work: usize, nq4: i32, cap: i32, outIdx: usize, outDist: usize, exactOverflow: i32, over: usize): i32 {
  const vals = work + oVals(nq4, k, cap);
  const ids = vals + (<usize>k << 3);
  let overflowed = 0;
  for (let i = 0; i < rows; i++) {
    const qrow = q + <usize>(i * d) * sizeof<T>();
    const cnt = load<i32>(work + oCnt(nq4) + (<usize>i << 2));
    let len = 0;
    if (cnt < 0) {
      if (!exactOverflow) {
        store<i32>(over + (<usize>overflowed << 2), i);
        overflowed++;
        continue;
      }
      overflowed++;
      for (let j = 0; j < n; j++) len = insert(vals, ids, len, k, exact<T>(qrow, x, d, j), j);
    } else {
      const cand = work + oCand(nq4, k) + (<usize>(i * cap) << 2);
      for (let t = 0; t < cnt; t++) {
        const j = load<i32>(cand + (<usize>t << 2));
        len = insert(vals, ids, len, k, exact<T>(qrow, x, d, j), j);
      }
    }
    for (let t = 0; t < k; t++) {
      store<i32>(outIdx + (<usize>(i * k + t) << 2), load<i32>(ids + (<usize>t << 2)));
      store<f64>(outDist + (<usize>(i * k + t) << 3), Math.sqrt(load<f64>(vals + (<usize>t << 3))));
    }
  }
  return overflowed;
}

export function knn_refine_f32(q: usize, x: usize, n: i32, d: i32, k: i32, rows: i32, work: usize, nq4: i32, cap: i32, outIdx: usize, outDist: usize, exactOverflow: i32, over: usize): i32 {
  return refine<f32>(q, x, n, d, k, rows, work, nq4, cap, outIdx, outDist, exactOverflow, over);
}
export function knn_refine_f64(q: usize, x: usize, n: i32, d: i32, k: i32, rows: i32, work: usize, nq4: i32, cap: i32, outIdx: usize, outDist: usize, exactOverflow: i32, over: usize): i32 {
  return refine<f64>(q, x, n, d, k, rows, work, nq4, cap, outIdx, outDist, exactOverflow, over);
}
