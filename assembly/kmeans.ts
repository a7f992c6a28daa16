// k-means: Lloyd's algorithm as one call for a whole run, the greedy k-means++ seeding step, and the
// assignment pass that predict/MiniBatchKMeans share. Semantics follow scikit-learn's
// _kmeans_single_lloyd (sklearn/cluster/_kmeans.py, 1.2–1.5): assign with the current centers, move
// them to their clusters' means, stop on unchanged labels ("strict convergence") or when the squared
// center shift is ≤ tol, then one last assignment if the stop was not strict; empty clusters take the
// points farthest from their centers (_relocate_empty_clusters_dense).
//
// Assignment is the hot loop: ‖x−c‖² = ‖x‖² − 2x·c + ‖c‖², and ‖x‖² is the same for every center, so the
// nearest center minimizes ‖c‖² − 2x·c. The centers are stored transposed (d × kp, kp = k rounded up to
// a block of 4 vectors) so that one broadcast x[p] multiplies a whole row of centers: per point, d × 4
// vector multiply-adds give 4·lanes dot products (16 in f32, 8 in f64) — the GEMM micro-kernel's shape
// with the point as the 1-row panel, without packing X every iteration. Padding centers get ‖c‖² = +∞.
// This exact form serves predict, MiniBatchKMeans and the Lloyd points the f32 screen (below) leaves
// unsure; a Lloyd fit screens every point in f32 first, which made the bench's fit (100 000 × 16, k = 8,
// 50 iterations, f64) 2.7× faster in Node 20's SIMD build (193 → 71 ms). The assignment and the center
// update are one pass: each point is added to its cluster's sums as soon as its label is known.
// Sums of points per cluster accumulate in f64 for both dtypes, in point order as scikit-learn's.
import { lanes, at, madd } from './simd';

/** Center block per pass: 4 vectors. */
@inline function block<T>(): i32 {
  return 4 * lanes<T>();
}

/** kp: k rounded up to whole blocks. */
export function kmeans_padded_k_f32(k: i32): i32 { return ((k + block<f32>() - 1) / block<f32>()) * block<f32>(); }
export function kmeans_padded_k_f64(k: i32): i32 { return ((k + block<f64>() - 1) / block<f64>()) * block<f64>(); }

/** ct (d×kp) = centersᵀ zero-padded; cn[j] = ‖c_j‖² (+∞ for padding). */
@inline function prepare<T>(centers: usize, k: i32, d: i32, kp: i32, ct: usize, cn: usize): void {
  for (let j = 0; j < kp; j++) {
    let s: f64 = 0;
    for (let p = 0; p < d; p++) {
      const v: T = j < k ? load<T>(at<T>(centers, j * d + p)) : <T>0;
      store<T>(at<T>(ct, p * kp + j), v);
      s += <f64>v * <f64>v;
    }
    store<T>(at<T>(cn, j), j < k ? <T>s : <T>Infinity);
  }
}

/** ‖c‖² − 2x·c for one center block into tmp, for the point at xi. */
@inline function surrogates<T>(xi: usize, d: i32, kp: i32, ct: usize, cn: usize, c0: i32, tmp: usize): void {
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    let a0 = v128.splat<T>(0), a1 = a0, a2 = a0, a3 = a0;
    let row = at<T>(ct, c0);
    const stride = <usize>kp * sizeof<T>();
    for (let p = 0; p < d; p++, row += stride) {
      const xs = v128.splat<T>(load<T>(at<T>(xi, p)));
      a0 = madd<T>(xs, v128.load(row), a0);
      a1 = madd<T>(xs, v128.load(row, 16), a1);
      a2 = madd<T>(xs, v128.load(row, 32), a2);
      a3 = madd<T>(xs, v128.load(row, 48), a3);
    }
    const two = v128.splat<T>(2);
    v128.store(tmp, v128.sub<T>(v128.load(at<T>(cn, c0)), v128.mul<T>(two, a0)));
    v128.store(tmp + 16, v128.sub<T>(v128.load(at<T>(cn, c0 + L)), v128.mul<T>(two, a1)));
    v128.store(tmp + 32, v128.sub<T>(v128.load(at<T>(cn, c0 + 2 * L)), v128.mul<T>(two, a2)));
    v128.store(tmp + 48, v128.sub<T>(v128.load(at<T>(cn, c0 + 3 * L)), v128.mul<T>(two, a3)));
  } else {
    for (let q = 0, B = block<T>(); q < B; q++) {
      let s: T = 0;
      for (let p = 0; p < d; p++) s += load<T>(at<T>(xi, p)) * load<T>(at<T>(ct, p * kp + c0 + q));
      store<T>(at<T>(tmp, q), load<T>(at<T>(cn, c0 + q)) - <T>2 * s);
    }
  }
}

/** Adds the point at xi to its cluster's f64 sums row. */
@inline function absorb<T>(xi: usize, d: i32, row: usize): void {
  let p = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 8) {
    for (; p + 2 <= d; p += 2) v128.store(row + (<usize>p << 3), f64x2.add(v128.load(row + (<usize>p << 3)), v128.load(at<T>(xi, p))));
  }
  for (; p < d; p++) store<f64>(row + (<usize>p << 3), load<f64>(row + (<usize>p << 3)) + <f64>load<T>(at<T>(xi, p)));
}

/** ‖c‖² − 2x·c for one center block and two points (rows xi, xj) into tmp[0..B) and tmp[B..2B): each loaded center vector serves both. */
@inline function surrogates2<T>(xi: usize, xj: usize, d: i32, kp: i32, ct: usize, cn: usize, c0: i32, tmp: usize): void {
  const L = lanes<T>();
  let a0 = v128.splat<T>(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  let row = at<T>(ct, c0);
  const stride = <usize>kp * sizeof<T>();
  for (let p = 0; p < d; p++, row += stride) {
    const xs = v128.splat<T>(load<T>(at<T>(xi, p)));
    const ys = v128.splat<T>(load<T>(at<T>(xj, p)));
    const c0v = v128.load(row), c1v = v128.load(row, 16), c2v = v128.load(row, 32), c3v = v128.load(row, 48);
    a0 = madd<T>(xs, c0v, a0);
    a1 = madd<T>(xs, c1v, a1);
    a2 = madd<T>(xs, c2v, a2);
    a3 = madd<T>(xs, c3v, a3);
    b0 = madd<T>(ys, c0v, b0);
    b1 = madd<T>(ys, c1v, b1);
    b2 = madd<T>(ys, c2v, b2);
    b3 = madd<T>(ys, c3v, b3);
  }
  const two = v128.splat<T>(2);
  const n0 = v128.load(at<T>(cn, c0)), n1 = v128.load(at<T>(cn, c0 + L)), n2 = v128.load(at<T>(cn, c0 + 2 * L)), n3 = v128.load(at<T>(cn, c0 + 3 * L));
  v128.store(tmp, v128.sub<T>(n0, v128.mul<T>(two, a0)));
  v128.store(tmp, v128.sub<T>(n1, v128.mul<T>(two, a1)), 16);
  v128.store(tmp, v128.sub<T>(n2, v128.mul<T>(two, a2)), 32);
  v128.store(tmp, v128.sub<T>(n3, v128.mul<T>(two, a3)), 48);
  v128.store(tmp, v128.sub<T>(n0, v128.mul<T>(two, b0)), 64);
  v128.store(tmp, v128.sub<T>(n1, v128.mul<T>(two, b1)), 80);
  v128.store(tmp, v128.sub<T>(n2, v128.mul<T>(two, b2)), 96);
  v128.store(tmp, v128.sub<T>(n3, v128.mul<T>(two, b3)), 112);
}

/** Stores label bj for point i; counts a change; adds the point to its cluster's sums when asked. */
@inline function settle<T>(x: usize, i: i32, d: i32, bj: i32, labels: usize, sums: usize, counts: usize): i32 {
  const slot = labels + (<usize>i << 2);
  const changed = load<i32>(slot) != bj ? 1 : 0;
  store<i32>(slot, bj);
  if (sums != 0) {
    absorb<T>(x + <usize>(i * d) * sizeof<T>(), d, sums + <usize>(bj * d) * 8);
    store<f64>(counts + (<usize>bj << 3), load<f64>(counts + (<usize>bj << 3)) + 1);
  }
  return changed;
}

/**
 * labels[i] = argmin_j ‖x_i − c_j‖² for rows [0, n) (ties: the lowest j, as numpy's argmin).
 * With `sums` (k×d f64) and `counts` (k f64) non-zero, also adds each point to its cluster's sums.
 * `tmp` holds 2·block<T>() elements. Points go in pairs (SIMD builds) so each center load serves two.
 * Returns the number of labels that changed.
 */
@inline function assign<T>(x: usize, n: i32, d: i32, kp: i32, ct: usize, cn: usize, labels: usize, sums: usize, counts: usize, tmp: usize): i32 {
  let changed = 0;
  const B = block<T>();
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= n; i += 2) {
      const xi = x + <usize>(i * d) * sizeof<T>();
      const xj = xi + <usize>d * sizeof<T>();
      let bi = 0, bj = 0;
      let vi: T = <T>Infinity, vj: T = <T>Infinity;
      for (let c0 = 0; c0 < kp; c0 += B) {
        surrogates2<T>(xi, xj, d, kp, ct, cn, c0, tmp);
        for (let q = 0; q < B; q++) {
          const u = load<T>(at<T>(tmp, q)), w = load<T>(at<T>(tmp, B + q));
          const lu = u < vi, lw = w < vj;
          vi = select<T>(u, vi, lu);
          bi = select<i32>(c0 + q, bi, lu);
          vj = select<T>(w, vj, lw);
          bj = select<i32>(c0 + q, bj, lw);
        }
      }
      changed += settle<T>(x, i, d, bi, labels, sums, counts);
      changed += settle<T>(x, i + 1, d, bj, labels, sums, counts);
    }
  }
  for (; i < n; i++) changed += settle<T>(x, i, d, nearestOne<T>(x + <usize>(i * d) * sizeof<T>(), d, kp, ct, cn, tmp), labels, sums, counts);
  return changed;
}

/** argmin_j (‖c_j‖² − 2x·c_j) for the one point at xi, in T (ties: the lowest j). */
@inline function nearestOne<T>(xi: usize, d: i32, kp: i32, ct: usize, cn: usize, tmp: usize): i32 {
  const B = block<T>();
  let best: T = <T>Infinity;
  let bj = 0;
  for (let c0 = 0; c0 < kp; c0 += B) {
    surrogates<T>(xi, d, kp, ct, cn, c0, tmp);
    for (let q = 0; q < B; q++) {
      const v = load<T>(at<T>(tmp, q));
      const lt = v < best;
      best = select<T>(v, best, lt);
      bj = select<i32>(c0 + q, bj, lt);
    }
  }
  return bj;
}

// ---- f32 screening of the assignment ----
// Lloyd's assignment in f64 costs 2·k·d f64 multiply-adds per point; f32x4 does twice the lanes of
// f64x2, so the assignment is first screened in f32 and only the points whose f32 answer could be
// wrong are recomputed in T (nearestOne, the same arithmetic as predict). The labels are those of the
// exact argmin; the center update, inertia and everything else stay in f64 on the original data.
//
// Layout: the f32 copy `xs` (made once per fit) is the data minus its column means μ (centering keeps
// the error bound relative to the spread of the data, not to its offset, as scikit-learn centers X),
// in blocks of 4 points: xs[b][p] is the f32x4 of coordinate p of points 4b..4b+3 (zero padding up to
// a multiple of 8 points). Centers `cs` are −2(c − μ) in f32 in blocks of 4 centers: cs[b][p][0..4),
// padded with zero centers of norm +∞. The register tile is 8 points × 4 centers: 8 accumulators, two
// point vectors and four load_splat center values per coordinate. The argmin keeps the smallest and the
// runner-up surrogate of each point, all in SIMD lanes.
//
// Error bound (Higham, "Accuracy and Stability of Numerical Algorithms", §2.2 and §3.1). u = 2⁻²⁴;
// x' = x − μ, c' = c − μ exactly; s_j = ‖c'_j‖² − 2x'·c'_j orders the centers as ‖x − c_j‖² does. The
// kernel computes ŝ_j = fl(D̂_j + n̂_j) with
//   x̃ = fl32(fl64(x − μ)), c̃ = fl32(fl64(c − μ)): |x̃_p − x'_p| ≤ u₁|x'_p|, u₁ = u + 2⁻⁵³ + 2⁻⁷⁷;
//   D̂_j = f32 dot of x̃ with −2c̃_j (exact scaling), d terms accumulated in order, with or without
//     FMA: |D̂_j + 2x̃·c̃_j| ≤ 2γ_d Σ|x̃_p c̃_p| ≤ 2γ_d (1+u₁)² ‖x'‖‖c'‖, γ_d = du/(1 − du);
//   |x̃·c̃ − x'·c'| ≤ (2u₁ + u₁²) ‖x'‖‖c'‖;
//   n̂_j = fl32(‖c̃_j‖² summed in f64): |n̂_j − ‖c'_j‖²| ≤ (u + dε₆₄ + 2u₁ + O(u²)) ‖c'‖² ≤ 3.01u ‖c'‖²;
//   the final addition: ≤ u(|D̂_j| + n̂_j).
// Summed, for d ≤ 2¹⁴ (γ_d ≤ 1.001du): |ŝ_j − s_j| ≤ A‖x'‖‖c'_j‖ + B‖c'_j‖² + η/2 with
// A = (2.01d + 6.1)u, B = 4.1u; η = 2⁻¹⁴⁶·d·(2 + ‖x'‖ + ‖c'‖) covers gradual underflow (every
// rounding then errs by at most 2⁻¹⁵⁰ absolutely). If the runner-up ŝ exceeds the smallest by more than
// 2(A‖x'‖C + BC²) + η, C = max_j ‖c'_j‖, no other center can be nearer: s_j ≥ ŝ_j − E > ŝ_best + E ≥
// s_best. The test runs in f32 as fl(ŝ₂ − ŝ₁) > fl(a·r + b), a = 2AC, b = 2BC² + η (≥ 2⁻¹⁰⁰, so it
// stays normal), with r ≥ ‖x'‖ and a, b rounded up by the factor 1 + 2⁻²⁰, which covers the three f32
// roundings of that test. Exact ties (gap 0) are never accepted, so they keep numpy's lowest index.
// Screening is off for d > 2¹⁴, while (max‖x'‖ + C)² ≥ 2¹⁰⁰ (f32 overflow) and in the scalar build:
// then every point is assigned in T. On uniform data in [−1, 1)¹⁶ with k = 8 about 1 point in 10⁵ is recomputed.
const U: f64 = 5.9604644775390625e-8; // 2⁻²⁴
const UP: f64 = 1 + 9.5367431640625e-7; // 1 + 2⁻²⁰
const SCREEN_MAX_D: i32 = 16384;

/** Points padded for the screening copy: whole 8-point tiles. */
@inline function padded8(n: i32): i32 {
  return (n + 7) & ~7;
}

/** Centers padded for the screening copy: whole blocks of 4. */
export function kmeans_screen_k(k: i32): i32 {
  return (k + 3) & ~3;
}

/**
 * The f32 screening copy, once per fit: mu (d f64) = column means, xs (padded8(n)·d f32, blocked as
 * above), xr (padded8(n) f32) = ‖x_i − μ‖ rounded up. Returns max_i ‖x_i − μ‖, rounded up.
 */
@inline function screenData<T>(x: usize, n: i32, d: i32, xs: usize, xr: usize, mu: usize): f64 {
  for (let p = 0; p < d; p++) {
    let s: f64 = 0;
    for (let i = 0; i < n; i++) s += <f64>load<T>(at<T>(x, i * d + p));
    store<f64>(mu + (<usize>p << 3), n > 0 ? s / <f64>n : 0);
  }
  let R: f64 = 0;
  const n8 = padded8(n);
  for (let i = 0; i < n8; i++) {
    const dst = xs + (<usize>(i >> 2) * <usize>d << 4) + (<usize>(i & 3) << 2);
    let e: f64 = 0;
    for (let p = 0; p < d; p++) {
      const v = i < n ? <f64>load<T>(at<T>(x, i * d + p)) - load<f64>(mu + (<usize>p << 3)) : 0;
      store<f32>(dst + (<usize>p << 4), <f32>v);
      e += v * v;
    }
    // the computed norm errs by < (d/2 + 2)·2⁻⁵³ relatively; UP covers that and the f32 rounding
    const r = Math.sqrt(e) * UP;
    store<f32>(xr + (<usize>i << 2), <f32>r);
    R = max(R, r);
  }
  return R;
}

/** cs (kq·d f32, blocked) = −2(c − μ), csn (kq f32) = ‖c − μ‖² (+∞ for padding). Returns C = max ‖c_j − μ‖, rounded up. */
@inline function screenCenters<T>(centers: usize, k: i32, d: i32, kq: i32, mu: usize, cs: usize, csn: usize): f64 {
  let C: f64 = 0;
  for (let j = 0; j < kq; j++) {
    const dst = cs + (<usize>(j >> 2) * <usize>d << 4) + (<usize>(j & 3) << 2);
    let s: f64 = 0, e: f64 = 0;
    for (let p = 0; p < d; p++) {
      const v = j < k ? <f64>load<T>(at<T>(centers, j * d + p)) - load<f64>(mu + (<usize>p << 3)) : 0;
      const f = <f32>v;
      store<f32>(dst + (<usize>p << 4), <f32>-2 * f);
      s += <f64>f * <f64>f;
      e += v * v;
    }
    store<f32>(csn + (<usize>j << 2), j < k ? <f32>s : <f32>Infinity);
    C = max(C, Math.sqrt(e) * UP);
  }
  return C;
}

/** Nearest-center label for point i: the screened label when `ok`, else the exact one in T. */
@inline function screenedLabel<T>(ok: bool, label: i32, x: usize, i: i32, d: i32, kp: i32, ct: usize, cn: usize, tmp: usize): i32 {
  return ok ? label : nearestOne<T>(x + <usize>(i * d) * sizeof<T>(), d, kp, ct, cn, tmp);
}

/**
 * One assignment pass with f32 screening (a, b: the bound's coefficients, see above); ct/cn/tmp as
 * for `assign`, prepared with the same centers. With `sums`/`counts` ≠ 0 also accumulates the clusters.
 * Adds the number of points recomputed exactly to f64 info[2]. Returns the number of changed labels.
 */
@inline function screenedAssign<T>(x: usize, n: i32, d: i32, kq: i32, xs: usize, xr: usize, cs: usize, csn: usize, a: f32, b: f32,
  kp: i32, ct: usize, cn: usize, tmp: usize, labels: usize, sums: usize, counts: usize, info: usize): i32 {
  let changed = 0, exact = 0;
  const blockBytes = <usize>d << 4;
  if (ASC_FEATURE_SIMD) {
    const av = f32x4.splat(a), bv = f32x4.splat(b);
    const lab = tmp + 64; // nearestOne uses tmp[0, 64)
    for (let i0 = 0; i0 < n; i0 += 8) {
      const xa = xs + <usize>(i0 >> 2) * blockBytes, xb = xa + blockBytes;
      let bestA = f32x4.splat(Infinity), secA = bestA, bestB = bestA, secB = bestA;
      let idxA = i32x4.splat(0), idxB = idxA;
      for (let j = 0; j < kq; j += 4) {
        let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        let c = cs + <usize>(j >> 2) * blockBytes;
        for (let p: usize = 0, e = <usize>d << 4; p < e; p += 16, c += 16) {
          const u = v128.load(xa + p), w = v128.load(xb + p);
          const s0 = v128.load32_splat(c), s1 = v128.load32_splat(c, 4), s2 = v128.load32_splat(c, 8), s3 = v128.load32_splat(c, 12);
          a0 = madd<f32>(u, s0, a0);
          a1 = madd<f32>(u, s1, a1);
          a2 = madd<f32>(u, s2, a2);
          a3 = madd<f32>(u, s3, a3);
          b0 = madd<f32>(w, s0, b0);
          b1 = madd<f32>(w, s1, b1);
          b2 = madd<f32>(w, s2, b2);
          b3 = madd<f32>(w, s3, b3);
        }
        const nc = csn + (<usize>j << 2);
        // smallest: strict < keeps the lowest index on ties; runner-up: min(second, max(best, s))
        let n0 = v128.load32_splat(nc), s = f32x4.add(a0, n0), lt = f32x4.lt(s, bestA);
        secA = f32x4.pmin(secA, f32x4.pmax(bestA, s)); bestA = v128.bitselect(s, bestA, lt); idxA = v128.bitselect(i32x4.splat(j), idxA, lt);
        s = f32x4.add(b0, n0); lt = f32x4.lt(s, bestB);
        secB = f32x4.pmin(secB, f32x4.pmax(bestB, s)); bestB = v128.bitselect(s, bestB, lt); idxB = v128.bitselect(i32x4.splat(j), idxB, lt);
        n0 = v128.load32_splat(nc, 4);
        s = f32x4.add(a1, n0); lt = f32x4.lt(s, bestA);
        secA = f32x4.pmin(secA, f32x4.pmax(bestA, s)); bestA = v128.bitselect(s, bestA, lt); idxA = v128.bitselect(i32x4.splat(j + 1), idxA, lt);
        s = f32x4.add(b1, n0); lt = f32x4.lt(s, bestB);
        secB = f32x4.pmin(secB, f32x4.pmax(bestB, s)); bestB = v128.bitselect(s, bestB, lt); idxB = v128.bitselect(i32x4.splat(j + 1), idxB, lt);
        n0 = v128.load32_splat(nc, 8);
        s = f32x4.add(a2, n0); lt = f32x4.lt(s, bestA);
        secA = f32x4.pmin(secA, f32x4.pmax(bestA, s)); bestA = v128.bitselect(s, bestA, lt); idxA = v128.bitselect(i32x4.splat(j + 2), idxA, lt);
        s = f32x4.add(b2, n0); lt = f32x4.lt(s, bestB);
        secB = f32x4.pmin(secB, f32x4.pmax(bestB, s)); bestB = v128.bitselect(s, bestB, lt); idxB = v128.bitselect(i32x4.splat(j + 2), idxB, lt);
        n0 = v128.load32_splat(nc, 12);
        s = f32x4.add(a3, n0); lt = f32x4.lt(s, bestA);
        secA = f32x4.pmin(secA, f32x4.pmax(bestA, s)); bestA = v128.bitselect(s, bestA, lt); idxA = v128.bitselect(i32x4.splat(j + 3), idxA, lt);
        s = f32x4.add(b3, n0); lt = f32x4.lt(s, bestB);
        secB = f32x4.pmin(secB, f32x4.pmax(bestB, s)); bestB = v128.bitselect(s, bestB, lt); idxB = v128.bitselect(i32x4.splat(j + 3), idxB, lt);
      }
      const r = xr + (<usize>i0 << 2);
      const okA = f32x4.gt(f32x4.sub(secA, bestA), f32x4.add(f32x4.mul(av, v128.load(r)), bv));
      const okB = f32x4.gt(f32x4.sub(secB, bestB), f32x4.add(f32x4.mul(av, v128.load(r, 16)), bv));
      const mask = i32x4.bitmask(okA) | (i32x4.bitmask(okB) << 4);
      v128.store(lab, idxA);
      v128.store(lab, idxB, 16);
      const m = min(8, n - i0);
      for (let q = 0; q < m; q++) {
        const ok = ((mask >> q) & 1) != 0;
        exact += ok ? 0 : 1;
        changed += settle<T>(x, i0 + q, d, screenedLabel<T>(ok, load<i32>(lab + (<usize>q << 2)), x, i0 + q, d, kp, ct, cn, tmp), labels, sums, counts);
      }
    }
  }
  store<f64>(info + 16, load<f64>(info + 16) + <f64>exact);
  return changed;
}

/**
 * Prepares both center forms (ct/cn for T, cs/csn for the screen) and assigns every point: screened
 * when the bound is usable, else exactly in T. R = max ‖x − μ‖ from screenData. Returns changed labels.
 */
@inline function assignAll<T>(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, ct: usize, cn: usize, tmp: usize,
  xs: usize, xr: usize, mu: usize, cs: usize, csn: usize, R: f64, labels: usize, sums: usize, counts: usize, info: usize): i32 {
  prepare<T>(centers, k, d, kp, ct, cn);
  const kq = kmeans_screen_k(k);
  // Without SIMD, f32 arithmetic is no faster than f64 and the screen only adds work (measured: 590 vs
  // 465 ms CPU for the bench's fit in the scalar build), so the scalar build assigns exactly.
  const C = ASC_FEATURE_SIMD && d <= SCREEN_MAX_D ? screenCenters<T>(centers, k, d, kq, mu, cs, csn) : Infinity;
  if (!((R + C) * (R + C) < 1.2676506002282294e30 /* 2¹⁰⁰ */)) {
    store<f64>(info + 16, load<f64>(info + 16) + <f64>n);
    return assign<T>(x, n, d, kp, ct, cn, labels, sums, counts, tmp);
  }
  const fd = <f64>d;
  const A = (2.01 * fd + 6.1) * U, B = 4.1 * U;
  const eta = 1.1210387714598537e-44 /* 2⁻¹⁴⁶ */ * fd * (2 + R + C);
  const a = <f32>(2 * A * C * UP);
  const b = <f32>(max(2 * B * C * C + eta, 7.888609052210118e-31 /* 2⁻¹⁰⁰ */) * UP);
  return screenedAssign<T>(x, n, d, kq, xs, xr, cs, csn, a, b, kp, ct, cn, tmp, labels, sums, counts, info);
}

/**
 * One screened assignment for given centers (k×d): labels (n i32) and f64 info[2] += the number of
 * points recomputed in T. Scratch as for kmeans_lloyd. Returns the number of labels that changed.
 */
@inline function screenedNearest<T>(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, ct: usize, cn: usize, tmp: usize,
  xs: usize, xr: usize, mu: usize, cs: usize, csn: usize, info: usize): i32 {
  const R = ASC_FEATURE_SIMD ? screenData<T>(x, n, d, xs, xr, mu) : 0;
  return assignAll<T>(x, n, d, k, kp, centers, ct, cn, tmp, xs, xr, mu, cs, csn, R, labels, 0, 0, info);
}

export function kmeans_screened_nearest_f32(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, ct: usize, cn: usize, tmp: usize,
  xs: usize, xr: usize, mu: usize, cs: usize, csn: usize, info: usize): i32 {
  return screenedNearest<f32>(x, n, d, k, kp, centers, labels, ct, cn, tmp, xs, xr, mu, cs, csn, info);
}
export function kmeans_screened_nearest_f64(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, ct: usize, cn: usize, tmp: usize,
  xs: usize, xr: usize, mu: usize, cs: usize, csn: usize, info: usize): i32 {
  return screenedNearest<f64>(x, n, d, k, kp, centers, labels, ct, cn, tmp, xs, xr, mu, cs, csn, info);
}

/** ‖x_i − c_{labels[i]}‖², exactly (no dot trick). */
@inline function sqdist<T>(x: usize, i: i32, d: i32, centers: usize, j: i32): f64 {
  let s: f64 = 0;
  for (let p = 0; p < d; p++) {
    const t = <f64>load<T>(at<T>(x, i * d + p)) - <f64>load<T>(at<T>(centers, j * d + p));
    s += t * t;
  }
  return s;
}

/**
 * New centers from sums/counts; an empty cluster takes the point farthest from its (old) center, as
 * scikit-learn relocates them. Returns Σ_j ‖c_new − c_old‖². `old` holds the previous centers (k×d).
 */
@inline function update<T>(x: usize, n: i32, d: i32, k: i32, labels: usize, old: usize, sums: usize, counts: usize, out: usize, taken: usize): f64 {
  // Relocation is rare (it needs an empty cluster), so its O(n) scans per empty cluster are fine.
  for (let j = 0; j < k; j++) {
    if (load<f64>(counts + (<usize>j << 3)) > 0) continue;
    let far = -1;
    let farDist: f64 = -1;
    for (let i = 0; i < n; i++) {
      if (load<u8>(taken + <usize>i)) continue;
      const dist = sqdist<T>(x, i, d, old, load<i32>(labels + (<usize>i << 2)));
      if (dist > farDist) {
        farDist = dist;
        far = i;
      }
    }
    if (far < 0) break;
    store<u8>(taken + <usize>far, 1);
    const from = load<i32>(labels + (<usize>far << 2));
    for (let p = 0; p < d; p++) {
      const v = <f64>load<T>(at<T>(x, far * d + p));
      const fromSlot = sums + (<usize>(from * d + p) << 3);
      store<f64>(fromSlot, load<f64>(fromSlot) - v);
      store<f64>(sums + (<usize>(j * d + p) << 3), v);
    }
    store<f64>(counts + (<usize>from << 3), load<f64>(counts + (<usize>from << 3)) - 1);
    store<f64>(counts + (<usize>j << 3), 1);
  }
  let shift: f64 = 0;
  for (let j = 0; j < k; j++) {
    const c = load<f64>(counts + (<usize>j << 3));
    for (let p = 0; p < d; p++) {
      const prev = <f64>load<T>(at<T>(old, j * d + p));
      const v = c > 0 ? load<f64>(sums + (<usize>(j * d + p) << 3)) / c : prev;
      store<T>(at<T>(out, j * d + p), <T>v);
      const t = <f64>load<T>(at<T>(out, j * d + p)) - prev;
      shift += t * t;
    }
  }
  return shift;
}

/**
 * A whole Lloyd run. centers (k×d, in: initial, out: final); labels (n i32, out). Scratch: ct (d×kp T),
 * cn (kp T), prev (k×d T), sums (k×d f64), counts (k f64), taken (n u8), tmp (2 blocks of T), the
 * screening copy xs (padded8(n)·d f32), xr (padded8(n) f32), mu (d f64), cs (kq·d f32), csn (kq f32)
 * with kq = kmeans_screen_k(k); info (3 f64 out: [strict convergence, inertia, points assigned in T
 * rather than by the f32 screen]). Returns the number of iterations, as scikit-learn's n_iter_.
 */
@inline function lloyd<T>(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  ct: usize, cn: usize, prev: usize, sums: usize, counts: usize, taken: usize, tmp: usize, info: usize,
  xs: usize, xr: usize, mu: usize, cs: usize, csn: usize): i32 {
  memory.fill(labels, 0xff, <usize>n << 2); // -1: no point has a label yet
  store<f64>(info + 16, 0);
  const R = ASC_FEATURE_SIMD ? screenData<T>(x, n, d, xs, xr, mu) : 0;
  let strict = false;
  let it = 0;
  for (; it < maxIter; it++) {
    memory.copy(prev, centers, <usize>(k * d) * sizeof<T>());
    memory.fill(sums, 0, <usize>(k * d) << 3);
    memory.fill(counts, 0, <usize>k << 3);
    memory.fill(taken, 0, <usize>n);
    const changed = assignAll<T>(x, n, d, k, kp, prev, ct, cn, tmp, xs, xr, mu, cs, csn, R, labels, sums, counts, info);
    const shift = update<T>(x, n, d, k, labels, prev, sums, counts, centers, taken);
    if (changed == 0) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  if (!strict) assignAll<T>(x, n, d, k, kp, centers, ct, cn, tmp, xs, xr, mu, cs, csn, R, labels, 0, 0, info);
  let inertia: f64 = 0;
  for (let i = 0; i < n; i++) inertia += sqdist<T>(x, i, d, centers, load<i32>(labels + (<usize>i << 2)));
  store<f64>(info, strict ? 1 : 0);
  store<f64>(info + 8, inertia);
  return it < maxIter ? it + 1 : maxIter;
}

export function kmeans_lloyd_f32(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  ct: usize, cn: usize, prev: usize, sums: usize, counts: usize, taken: usize, tmp: usize, info: usize,
  xs: usize, xr: usize, mu: usize, cs: usize, csn: usize): i32 {
  return lloyd<f32>(x, n, d, k, kp, centers, labels, maxIter, tol, ct, cn, prev, sums, counts, taken, tmp, info, xs, xr, mu, cs, csn);
}
export function kmeans_lloyd_f64(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  ct: usize, cn: usize, prev: usize, sums: usize, counts: usize, taken: usize, tmp: usize, info: usize,
  xs: usize, xr: usize, mu: usize, cs: usize, csn: usize): i32 {
  return lloyd<f64>(x, n, d, k, kp, centers, labels, maxIter, tol, ct, cn, prev, sums, counts, taken, tmp, info, xs, xr, mu, cs, csn);
}

/**
 * Nearest centers for predict: labels (n i32) and, with `dist` ≠ 0, the exact squared distance to that
 * center (n f64). Scratch as for lloyd (ct, cn, tmp). With sums/counts ≠ 0 it also accumulates them.
 */
@inline function nearest<T>(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, dist: usize, ct: usize, cn: usize, tmp: usize, sums: usize, counts: usize): f64 {
  prepare<T>(centers, k, d, kp, ct, cn);
  assign<T>(x, n, d, kp, ct, cn, labels, sums, counts, tmp);
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const s = sqdist<T>(x, i, d, centers, load<i32>(labels + (<usize>i << 2)));
    if (dist != 0) store<f64>(dist + (<usize>i << 3), s);
    total += s;
  }
  return total;
}

export function kmeans_nearest_f32(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, dist: usize, ct: usize, cn: usize, tmp: usize, sums: usize, counts: usize): f64 {
  return nearest<f32>(x, n, d, k, kp, centers, labels, dist, ct, cn, tmp, sums, counts);
}
export function kmeans_nearest_f64(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, dist: usize, ct: usize, cn: usize, tmp: usize, sums: usize, counts: usize): f64 {
  return nearest<f64>(x, n, d, k, kp, centers, labels, dist, ct, cn, tmp, sums, counts);
}

/**
 * One step of greedy k-means++ (Arthur & Vassilvitskii 2007; scikit-learn's _kmeans_plusplus): `closest`
 * (n f64) holds each point's squared distance to the chosen centers. `draws` (t f64 in [0,1)) pick t
 * candidates with probability ∝ closest by searching its running sum; the candidate that lowers the
 * potential Σ closest the most wins, `closest` is updated and the winner's row index returned.
 * `cand` holds t×n f64 scratch. With `first` ≥ 0, instead initializes `closest` for center row `first`.
 */
@inline function plusplus<T>(x: usize, n: i32, d: i32, closest: usize, draws: usize, t: i32, cand: usize, first: i32): i32 {
  if (first >= 0) {
    for (let i = 0; i < n; i++) store<f64>(closest + (<usize>i << 3), pairDist<T>(x, d, i, first));
    return first;
  }
  let pot: f64 = 0;
  for (let i = 0; i < n; i++) pot += load<f64>(closest + (<usize>i << 3));
  let bestPot: f64 = Infinity;
  let best = 0, bestC = 0;
  for (let c = 0; c < t; c++) {
    // searchsorted(cumsum(closest), r · pot), clipped to n − 1, as scikit-learn.
    const r = load<f64>(draws + (<usize>c << 3)) * pot;
    let acc: f64 = 0;
    let id = n - 1;
    for (let i = 0; i < n; i++) {
      acc += load<f64>(closest + (<usize>i << 3));
      if (acc > r) { // numpy's searchsorted 'left': the first i with cumsum[i] >= r; ties of zero mass skip ahead
        id = i;
        break;
      }
    }
    const row = cand + <usize>(c * n) * 8;
    let cp: f64 = 0;
    for (let i = 0; i < n; i++) {
      const v = min(load<f64>(closest + (<usize>i << 3)), pairDist<T>(x, d, i, id));
      store<f64>(row + (<usize>i << 3), v);
      cp += v;
    }
    if (cp < bestPot) {
      bestPot = cp;
      best = id;
      bestC = c;
    }
  }
  memory.copy(closest, cand + <usize>(bestC * n) * 8, <usize>n << 3);
  return best;
}

@inline function pairDist<T>(x: usize, d: i32, i: i32, j: i32): f64 {
  let s: f64 = 0;
  for (let p = 0; p < d; p++) {
    const t = <f64>load<T>(at<T>(x, i * d + p)) - <f64>load<T>(at<T>(x, j * d + p));
    s += t * t;
  }
  return s;
}

export function kmeanspp_step_f32(x: usize, n: i32, d: i32, closest: usize, draws: usize, t: i32, cand: usize, first: i32): i32 {
  return plusplus<f32>(x, n, d, closest, draws, t, cand, first);
}
export function kmeanspp_step_f64(x: usize, n: i32, d: i32, closest: usize, draws: usize, t: i32, cand: usize, first: i32): i32 {
  return plusplus<f64>(x, n, d, closest, draws, t, cand, first);
}

/** Mean over columns of the population variance of each column of x (n×d): scikit-learn's tol scale. */
@inline function meanColumnVariance<T>(x: usize, n: i32, d: i32): f64 {
  let total: f64 = 0;
  for (let p = 0; p < d; p++) {
    let mean: f64 = 0;
    for (let i = 0; i < n; i++) mean += <f64>load<T>(at<T>(x, i * d + p));
    mean /= <f64>n;
    let v: f64 = 0;
    for (let i = 0; i < n; i++) {
      const t = <f64>load<T>(at<T>(x, i * d + p)) - mean;
      v += t * t;
    }
    total += v / <f64>n;
  }
  return total / <f64>d;
}

export function mean_column_variance_f32(x: usize, n: i32, d: i32): f64 { return meanColumnVariance<f32>(x, n, d); }
export function mean_column_variance_f64(x: usize, n: i32, d: i32): f64 { return meanColumnVariance<f64>(x, n, d); }

// ---- Elkan's algorithm ----
// Elkan, "Using the triangle inequality to accelerate k-means" (ICML 2003), as scikit-learn's
// _k_means_elkan.pyx: an upper bound on each point's distance to its center and a lower bound to every
// other center (n×k) let most distance computations be skipped once the centers settle. Same
// iterations, labels and stopping rules as Lloyd's in exact arithmetic; it pays when k is large and the
// data well clustered, and costs n·k doubles of bounds.

@inline function dist<T>(x: usize, i: i32, d: i32, centers: usize, j: i32): f64 {
  return Math.sqrt(sqdist<T>(x, i, d, centers, j));
}

/** half (k×k): ½‖c_a − c_b‖; next (k): the smallest half distance to another center. */
@inline function centerHalves<T>(centers: usize, k: i32, d: i32, half: usize, next: usize): void {
  for (let a = 0; a < k; a++) {
    store<f64>(half + (<usize>(a * k + a) << 3), 0);
    for (let b = a + 1; b < k; b++) {
      const h = 0.5 * dist<T>(centers, a, d, centers, b);
      store<f64>(half + (<usize>(a * k + b) << 3), h);
      store<f64>(half + (<usize>(b * k + a) << 3), h);
    }
  }
  for (let a = 0; a < k; a++) {
    let m: f64 = Infinity;
    for (let b = 0; b < k; b++) if (b != a) m = min(m, load<f64>(half + (<usize>(a * k + b) << 3)));
    store<f64>(next + (<usize>a << 3), m);
  }
}

/**
 * A whole Elkan run; arguments as kmeans_lloyd's plus the bounds: lower (n×k f64), upper (n f64), half
 * (k×k f64), next (k f64), shift (k f64). Returns the number of iterations.
 */
@inline function elkan<T>(x: usize, n: i32, d: i32, k: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  prev: usize, sums: usize, counts: usize, taken: usize, lower: usize, upper: usize, half: usize, next: usize, shift: usize, info: usize): i32 {
  centerHalves<T>(centers, k, d, half, next);
  // initial bounds (scikit-learn's init_bounds_dense)
  for (let i = 0; i < n; i++) {
    let best = 0;
    let md = dist<T>(x, i, d, centers, 0);
    const lo = lower + (<usize>(i * k) << 3);
    memory.fill(lo, 0, <usize>k << 3);
    store<f64>(lo, md);
    for (let j = 1; j < k; j++) {
      if (md > load<f64>(half + (<usize>(best * k + j) << 3))) {
        const dj = dist<T>(x, i, d, centers, j);
        store<f64>(lo + (<usize>j << 3), dj);
        if (dj < md) {
          md = dj;
          best = j;
        }
      }
    }
    store<i32>(labels + (<usize>i << 2), best);
    store<f64>(upper + (<usize>i << 3), md);
  }
  let strict = false;
  let it = 0;
  let first = true;
  for (; it < maxIter; it++) {
    memory.copy(prev, centers, <usize>(k * d) * sizeof<T>());
    memory.fill(sums, 0, <usize>(k * d) << 3);
    memory.fill(counts, 0, <usize>k << 3);
    memory.fill(taken, 0, <usize>n);
    let changed = first ? n : 0; // the first pass compares against "no label yet", as Lloyd's
    first = false;
    for (let i = 0; i < n; i++) {
      const old = load<i32>(labels + (<usize>i << 2));
      let label = old;
      let up = load<f64>(upper + (<usize>i << 3));
      const lo = lower + (<usize>(i * k) << 3);
      if (load<f64>(next + (<usize>label << 3)) < up) {
        let tight = false;
        for (let j = 0; j < k; j++) {
          const hl = load<f64>(half + (<usize>(label * k + j) << 3));
          if (j == label || up <= load<f64>(lo + (<usize>j << 3)) || up <= hl) continue;
          if (!tight) {
            up = dist<T>(x, i, d, prev, label);
            store<f64>(lo + (<usize>label << 3), up);
            tight = true;
          }
          if (up > load<f64>(lo + (<usize>j << 3)) || up > load<f64>(half + (<usize>(label * k + j) << 3))) {
            const dj = dist<T>(x, i, d, prev, j);
            store<f64>(lo + (<usize>j << 3), dj);
            if (dj < up) {
              label = j;
              up = dj;
            }
          }
        }
      }
      if (label != old) changed++;
      store<i32>(labels + (<usize>i << 2), label);
      store<f64>(upper + (<usize>i << 3), up);
      const row = sums + <usize>(label * d) * 8;
      for (let p = 0; p < d; p++) store<f64>(row + (<usize>p << 3), load<f64>(row + (<usize>p << 3)) + <f64>load<T>(at<T>(x, i * d + p)));
      store<f64>(counts + (<usize>label << 3), load<f64>(counts + (<usize>label << 3)) + 1);
    }
    const total = update<T>(x, n, d, k, labels, prev, sums, counts, centers, taken);
    for (let j = 0; j < k; j++) store<f64>(shift + (<usize>j << 3), dist<T>(prev, j, d, centers, j));
    for (let i = 0; i < n; i++) {
      const l = load<i32>(labels + (<usize>i << 2));
      store<f64>(upper + (<usize>i << 3), load<f64>(upper + (<usize>i << 3)) + load<f64>(shift + (<usize>l << 3)));
      const lo = lower + (<usize>(i * k) << 3);
      for (let j = 0; j < k; j++) store<f64>(lo + (<usize>j << 3), max(load<f64>(lo + (<usize>j << 3)) - load<f64>(shift + (<usize>j << 3)), 0));
    }
    centerHalves<T>(centers, k, d, half, next);
    if (changed == 0) {
      strict = true;
      break;
    }
    if (total <= tol) break;
  }
  if (!strict) {
    // a last exact assignment to the final centers, as scikit-learn's run with update_centers=False
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = sqdist<T>(x, i, d, centers, 0);
      for (let j = 1; j < k; j++) {
        const v = sqdist<T>(x, i, d, centers, j);
        if (v < bd) {
          bd = v;
          best = j;
        }
      }
      store<i32>(labels + (<usize>i << 2), best);
    }
  }
  let inertia: f64 = 0;
  for (let i = 0; i < n; i++) inertia += sqdist<T>(x, i, d, centers, load<i32>(labels + (<usize>i << 2)));
  store<f64>(info, strict ? 1 : 0);
  store<f64>(info + 8, inertia);
  return it < maxIter ? it + 1 : maxIter;
}

export function kmeans_elkan_f32(x: usize, n: i32, d: i32, k: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  prev: usize, sums: usize, counts: usize, taken: usize, lower: usize, upper: usize, half: usize, next: usize, shift: usize, info: usize): i32 {
  return elkan<f32>(x, n, d, k, centers, labels, maxIter, tol, prev, sums, counts, taken, lower, upper, half, next, shift, info);
}
export function kmeans_elkan_f64(x: usize, n: i32, d: i32, k: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  prev: usize, sums: usize, counts: usize, taken: usize, lower: usize, upper: usize, half: usize, next: usize, shift: usize, info: usize): i32 {
  return elkan<f64>(x, n, d, k, centers, labels, maxIter, tol, prev, sums, counts, taken, lower, upper, half, next, shift, info);
}
