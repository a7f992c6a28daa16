// Support vector machines: the SMO solver of libsvm for kernel C-SVC, liblinear's dual coordinate
// descent for linear SVC, and kernel-expansion decision values. One call solves one binary problem.
//
// SMO: Chang & Lin, "LIBSVM: a library for support vector machines" (ACM TIST 2011), Solver::Solve,
// with the second-order working-set selection of Fan, Chen & Lin, "Working set selection using
// second order information for training SVM" (JMLR 6, 2005), libsvm's shrinking and gradient
// reconstruction, and its LRU cache of kernel columns. Two departures in representation, not in
// arithmetic: the active set is a permutation `act` of positions (libsvm swaps the data itself), and
// a cached column is computed either for the active positions of its time or in full; since the
// active set only shrinks until it is reset to all positions, a "partial" column stays valid until
// that reset (a generation counter). Q entries are cached as f32, as libsvm's Qfloat; α, G and Ḡ
// are f64.
//
// Linear SVC: Hsieh, Chang, Lin, Keerthi & Sundararajan, "A dual coordinate descent method for
// large-scale linear SVM" (ICML 2008), liblinear's solve_l2r_l1l2_svc with its shrinking, the
// intercept as an extra constant feature (penalized, as liblinear does).
import { rng_next_u32 } from './random';
import { at, hsum, lanes, madd } from './simd';
import { vdot } from './vecops';
import { expNonPos, vexpNonPosF32, vexpNonPosF32x4 } from './fastmath';

const LINEAR = 0;
const POLY = 1;
const RBF = 2;
const SIGMOID = 3;

const LOWER = 0;
const UPPER = 1;
const FREE = 2;

const TAU = 1e-12;
const FULL = -1;

@inline function powi(b: f64, e: i32): f64 {
  let r = 1.0;
  let x = b;
  let k = e;
  while (k > 0) {
    if (k & 1) r *= x;
    x *= x;
    k >>= 1;
  }
  return r;
}

/** The kernel from a dot product and the two squared norms (rbf only). */
@inline function kernelOf(kind: i32, dot: f64, sqa: f64, sqb: f64, gamma: f64, coef0: f64, degree: i32): f64 {
  if (kind == LINEAR) return dot;
  if (kind == POLY) return powi(gamma * dot + coef0, degree);
  if (kind == RBF) return Math.exp(-gamma * (sqa + sqb - 2.0 * dot));
  return Math.tanh(gamma * dot + coef0);
}

// ---- SMO workspace -----------------------------------------------------------------------------
// One block from TypeScript, carved here (svc_work_bytes says how big):
//   the problem's rows copied contiguously (l×d of T: columns then stream through memory in order),
//   and again as f32 for the rbf kernel (see `column`);
//   G, Gbar, QD, xsq, dots, sqk: f64[l]; status, act, slotOf: i32[l]; slotIdx, slotGen, prev, next:
//   i32[slots]; then the cache data, f32[slots·l].

@inline function align16(p: usize): usize { return (p + 15) & ~15; }

@inline function workBytes<T>(l: i32, d: i32, slots: i32): f64 {
  return <f64>l * <f64>d * <f64>(sizeof<T>() + 4) + <f64>(6 * 8 * l + 3 * 4 * l + 4 * 4 * slots) + 4.0 * <f64>slots * <f64>l + 16 * 16;
}
export function svc_work_bytes_f32(l: i32, d: i32, slots: i32): f64 { return workBytes<f32>(l, d, slots); }
export function svc_work_bytes_f64(l: i32, d: i32, slots: i32): f64 { return workBytes<f64>(l, d, slots); }

// Solver state (module globals: one solve runs at a time, and they keep the inner functions short).
let gX: usize = 0, gD: i32 = 0, gIdx: usize = 0, gL: i32 = 0, gY: usize = 0;
let gKind: i32 = 0, gGamma: f64 = 0, gCoef0: f64 = 0, gDegree: i32 = 0;
let gG: usize = 0, gGbar: usize = 0, gQD: usize = 0, gXsq: usize = 0;
let gStatus: usize = 0, gAct: usize = 0, gSlotOf: usize = 0;
let gSlotIdx: usize = 0, gSlotGen: usize = 0, gPrev: usize = 0, gNext: usize = 0, gData: usize = 0;
let gSlots: i32 = 0, gHead: i32 = -1, gTail: i32 = -1, gGen: i32 = 0, gActive: i32 = 0;
let gAlpha: usize = 0, gCp: f64 = 0, gCn: f64 = 0;
let gXc: usize = 0, gXf: usize = 0, gDots: usize = 0, gSqk: usize = 0;

@inline function yOf(i: i32): i32 { return load<i32>(at<i32>(gY, i)); }
@inline function Gv(i: i32): f64 { return load<f64>(at<f64>(gG, i)); }
@inline function alphaOf(i: i32): f64 { return load<f64>(at<f64>(gAlpha, i)); }
@inline function statusOf(i: i32): i32 { return load<i32>(at<i32>(gStatus, i)); }
@inline function actAt(t: i32): i32 { return load<i32>(at<i32>(gAct, t)); }
@inline function cOf(i: i32): f64 { return yOf(i) > 0 ? gCp : gCn; }
@inline function isUpper(i: i32): bool { return statusOf(i) == UPPER; }
@inline function isLower(i: i32): bool { return statusOf(i) == LOWER; }
@inline function isFree(i: i32): bool { return statusOf(i) == FREE; }
@inline function updateStatus(i: i32): void {
  const a = alphaOf(i);
  store<i32>(at<i32>(gStatus, i), a >= cOf(i) ? UPPER : a <= 0 ? LOWER : FREE);
}

@inline function rowPtr<T>(i: i32): usize {
  return gXc + <usize>i * <usize>gD * sizeof<T>();
}

/** out[0..4) = x·r0, x·r1, x·r2, x·r3 (length d), as f64. */
@inline function dot4<T>(x: usize, r0: usize, r1: usize, r2: usize, r3: usize, d: i32, out: usize): void {
  let j = 0;
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    let a0 = v128.splat<T>(0), a1 = a0, a2 = a0, a3 = a0;
    for (; j + L <= d; j += L) {
      const xv = v128.load(at<T>(x, j));
      a0 = madd<T>(xv, v128.load(at<T>(r0, j)), a0);
      a1 = madd<T>(xv, v128.load(at<T>(r1, j)), a1);
      a2 = madd<T>(xv, v128.load(at<T>(r2, j)), a2);
      a3 = madd<T>(xv, v128.load(at<T>(r3, j)), a3);
    }
    s0 = <f64>hsum<T>(a0); s1 = <f64>hsum<T>(a1); s2 = <f64>hsum<T>(a2); s3 = <f64>hsum<T>(a3);
  }
  for (; j < d; j++) {
    const xv = <f64>load<T>(at<T>(x, j));
    s0 += xv * <f64>load<T>(at<T>(r0, j));
    s1 += xv * <f64>load<T>(at<T>(r1, j));
    s2 += xv * <f64>load<T>(at<T>(r2, j));
    s3 += xv * <f64>load<T>(at<T>(r3, j));
  }
  store<f64>(out, s0);
  store<f64>(out, s1, 8);
  store<f64>(out, s2, 16);
  store<f64>(out, s3, 24);
}

// LRU list over slots: gHead is the most recently used.
function unlink(s: i32): void {
  const p = load<i32>(at<i32>(gPrev, s)), n = load<i32>(at<i32>(gNext, s));
  if (p >= 0) store<i32>(at<i32>(gNext, p), n); else gHead = n;
  if (n >= 0) store<i32>(at<i32>(gPrev, n), p); else gTail = p;
}
function pushFront(s: i32): void {
  store<i32>(at<i32>(gPrev, s), -1);
  store<i32>(at<i32>(gNext, s), gHead);
  if (gHead >= 0) store<i32>(at<i32>(gPrev, gHead), s);
  gHead = s;
  if (gTail < 0) gTail = s;
}

/** Σ_j (a_j − b_j)² over f32 rows of length d, for four rows b at once: an f32x4 of the four sums. */
@inline function dist4(a: usize, b0: usize, b1: usize, b2: usize, b3: usize, d: i32): v128 {
  let j = 0;
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
  for (; j + 4 <= d; j += 4) {
    const av = v128.load(at<f32>(a, j));
    const e0 = f32x4.sub(av, v128.load(at<f32>(b0, j)));
    const e1 = f32x4.sub(av, v128.load(at<f32>(b1, j)));
    const e2 = f32x4.sub(av, v128.load(at<f32>(b2, j)));
    const e3 = f32x4.sub(av, v128.load(at<f32>(b3, j)));
    s0 = f32x4.add(s0, f32x4.mul(e0, e0));
    s1 = f32x4.add(s1, f32x4.mul(e1, e1));
    s2 = f32x4.add(s2, f32x4.mul(e2, e2));
    s3 = f32x4.add(s3, f32x4.mul(e3, e3));
  }
  // transpose-add: lane r of the result is the horizontal sum of s_r
  const t0 = f32x4.add(v128.shuffle<i32>(s0, s1, 0, 4, 1, 5), v128.shuffle<i32>(s0, s1, 2, 6, 3, 7));
  const t1 = f32x4.add(v128.shuffle<i32>(s2, s3, 0, 4, 1, 5), v128.shuffle<i32>(s2, s3, 2, 6, 3, 7));
  let out = f32x4.add(v128.shuffle<i64>(t0, t1, 0, 2), v128.shuffle<i64>(t0, t1, 1, 3));
  for (; j < d; j++) {
    const av = load<f32>(at<f32>(a, j));
    const e0 = av - load<f32>(at<f32>(b0, j)), e1 = av - load<f32>(at<f32>(b1, j));
    const e2 = av - load<f32>(at<f32>(b2, j)), e3 = av - load<f32>(at<f32>(b3, j));
    out = f32x4.add(out, f32x4(e0 * e0, e1 * e1, e2 * e2, e3 * e3));
  }
  return out;
}

@inline function rowF32(i: i32): usize {
  return gXf + <usize>i * <usize>gD * 4;
}

/**
 * The rbf column in single precision, four entries at a time: squared distances summed from
 * coordinate differences (no cancellation, unlike ‖a‖² + ‖b‖² − 2a·b) and exp in f32x4. The cache
 * stores f32 (as libsvm's Qfloat), so the result keeps the precision the solver sees anyway.
 */
function rbfColumn(i: i32, full: bool, m: i32, col: usize, yi: f64): void {
  const ri = rowF32(i);
  const ng = f32x4.splat(<f32>-gGamma);
  const fyi = <f32>yi;
  let t = 0;
  for (; t + 4 <= m; t += 4) {
    const k0 = full ? t : actAt(t), k1 = full ? t + 1 : actAt(t + 1);
    const k2 = full ? t + 2 : actAt(t + 2), k3 = full ? t + 3 : actAt(t + 3);
    const e = vexpNonPosF32x4(f32x4.mul(ng, dist4(ri, rowF32(k0), rowF32(k1), rowF32(k2), rowF32(k3), gD)));
    store<f32>(at<f32>(col, k0), fyi * <f32>yOf(k0) * f32x4.extract_lane(e, 0));
    store<f32>(at<f32>(col, k1), fyi * <f32>yOf(k1) * f32x4.extract_lane(e, 1));
    store<f32>(at<f32>(col, k2), fyi * <f32>yOf(k2) * f32x4.extract_lane(e, 2));
    store<f32>(at<f32>(col, k3), fyi * <f32>yOf(k3) * f32x4.extract_lane(e, 3));
  }
  for (; t < m; t++) {
    const k = full ? t : actAt(t);
    const rk = rowF32(k);
    let dist: f32 = 0;
    for (let j = 0; j < gD; j++) {
      const e = load<f32>(at<f32>(ri, j)) - load<f32>(at<f32>(rk, j));
      dist += e * e;
    }
    store<f32>(at<f32>(col, k), <f32>(yi * <f64>yOf(k) * expNonPos(-gGamma * <f64>dist)));
  }
}

/** Q_i = (y_i y_k K(i, k))_k as f32, for the active positions or (full) all of them. */
function column<T>(i: i32, full: bool): usize {
  let s = load<i32>(at<i32>(gSlotOf, i));
  if (s >= 0) {
    const gen = load<i32>(at<i32>(gSlotGen, s));
    unlink(s);
    pushFront(s);
    if (gen == FULL || (!full && gen == gGen)) return gData + <usize>s * <usize>gL * 4;
  } else {
    s = gTail; // the least recently used slot (every slot is always on the list)
    const old = load<i32>(at<i32>(gSlotIdx, s));
    if (old >= 0) store<i32>(at<i32>(gSlotOf, old), -1);
    store<i32>(at<i32>(gSlotIdx, s), i);
    store<i32>(at<i32>(gSlotOf, i), s);
    unlink(s);
    pushFront(s);
  }
  const col = gData + <usize>s * <usize>gL * 4;
  const yi = <f64>yOf(i);
  const ri = rowPtr<T>(i);
  const sqi = load<f64>(at<f64>(gXsq, i));
  const m = full ? gL : gActive;
  if (ASC_FEATURE_SIMD && gKind == RBF) {
    rbfColumn(i, full, m, col, yi);
    store<i32>(at<i32>(gSlotGen, s), full ? FULL : gGen);
    return col;
  }
  // dot products (and the partner's squared norm) for the m positions, contiguous in t; four rows
  // at a time so that each loaded piece of x_i serves four accumulators
  let t = 0;
  for (; t + 4 <= m; t += 4) {
    const k0 = full ? t : actAt(t), k1 = full ? t + 1 : actAt(t + 1);
    const k2 = full ? t + 2 : actAt(t + 2), k3 = full ? t + 3 : actAt(t + 3);
    dot4<T>(ri, rowPtr<T>(k0), rowPtr<T>(k1), rowPtr<T>(k2), rowPtr<T>(k3), gD, at<f64>(gDots, t));
    store<f64>(at<f64>(gSqk, t), load<f64>(at<f64>(gXsq, k0)));
    store<f64>(at<f64>(gSqk, t + 1), load<f64>(at<f64>(gXsq, k1)));
    store<f64>(at<f64>(gSqk, t + 2), load<f64>(at<f64>(gXsq, k2)));
    store<f64>(at<f64>(gSqk, t + 3), load<f64>(at<f64>(gXsq, k3)));
  }
  for (; t < m; t++) {
    const k = full ? t : actAt(t);
    store<f64>(at<f64>(gDots, t), <f64>vdot<T>(ri, rowPtr<T>(k), gD));
    store<f64>(at<f64>(gSqk, t), load<f64>(at<f64>(gXsq, k)));
  }
  t = 0;
  if (gKind == RBF) {
    // exp(−γ‖x_i − x_k‖²), two lanes at a time, to the f32 precision of the cache; the distance is
    // clamped at 0 against cancellation
    if (ASC_FEATURE_SIMD) {
      const ng = f64x2.splat(-gGamma), two = f64x2.splat(2.0), vsq = f64x2.splat(sqi), zero = f64x2.splat(0);
      for (; t + 2 <= m; t += 2) {
        const dist = f64x2.sub(f64x2.add(vsq, v128.load(at<f64>(gSqk, t))), f64x2.mul(two, v128.load(at<f64>(gDots, t))));
        v128.store(at<f64>(gDots, t), vexpNonPosF32(f64x2.mul(ng, f64x2.pmax(dist, zero))));
      }
    }
    for (; t < m; t++) {
      const dist = sqi + load<f64>(at<f64>(gSqk, t)) - 2.0 * load<f64>(at<f64>(gDots, t));
      store<f64>(at<f64>(gDots, t), expNonPos(-gGamma * (dist > 0 ? dist : 0.0)));
    }
  } else {
    for (; t < m; t++) {
      const p = at<f64>(gDots, t);
      store<f64>(p, kernelOf(gKind, load<f64>(p), sqi, load<f64>(at<f64>(gSqk, t)), gGamma, gCoef0, gDegree));
    }
  }
  for (let u = 0; u < m; u++) {
    const k = full ? u : actAt(u);
    store<f32>(at<f32>(col, k), <f32>(yi * <f64>yOf(k) * load<f64>(at<f64>(gDots, u))));
  }
  store<i32>(at<i32>(gSlotGen, s), full ? FULL : gGen);
  return col;
}

@inline function q(col: usize, k: i32): f64 { return <f64>load<f32>(at<f32>(col, k)); }

/** libsvm's reconstruct_gradient: G of the inactive positions from Ḡ and the free α. */
function reconstructGradient<T>(): void {
  if (gActive == gL) return;
  for (let t = gActive; t < gL; t++) {
    const j = actAt(t);
    store<f64>(at<f64>(gG, j), load<f64>(at<f64>(gGbar, j)) - 1.0);
  }
  let nFree = 0;
  for (let t = 0; t < gActive; t++) if (isFree(actAt(t))) nFree++;
  if (<f64>nFree * <f64>gL > 2.0 * <f64>gActive * <f64>(gL - gActive)) {
    for (let t = gActive; t < gL; t++) {
      const i = actAt(t);
      const col = column<T>(i, false);
      let g = Gv(i);
      for (let u = 0; u < gActive; u++) {
        const j = actAt(u);
        if (isFree(j)) g += alphaOf(j) * q(col, j);
      }
      store<f64>(at<f64>(gG, i), g);
    }
  } else {
    for (let u = 0; u < gActive; u++) {
      const i = actAt(u);
      if (!isFree(i)) continue;
      const col = column<T>(i, true);
      const ai = alphaOf(i);
      for (let t = gActive; t < gL; t++) {
        const j = actAt(t);
        store<f64>(at<f64>(gG, j), Gv(j) + ai * q(col, j));
      }
    }
  }
}

/** Resets the active set to every position; partial cached columns become stale. */
@inline function unshrinkAll(): void {
  gActive = gL;
  gGen++;
}

@inline function beShrunk(i: i32, gmax1: f64, gmax2: f64): bool {
  if (isUpper(i)) return yOf(i) > 0 ? -Gv(i) > gmax1 : -Gv(i) > gmax2;
  if (isLower(i)) return yOf(i) > 0 ? Gv(i) > gmax2 : Gv(i) > gmax1;
  return false;
}

let gUnshrink = false;
// act is still the identity (no shrinking swap yet): loops may index positions directly. The swaps
// follow libsvm's order, so that ties in the working-set selection break as libsvm breaks them.
let gIdentity = true;

function doShrinking<T>(eps: f64): void {
  let gmax1 = -Infinity, gmax2 = -Infinity;
  for (let t = 0; t < gActive; t++) {
    const i = actAt(t);
    if (yOf(i) > 0) {
      if (!isUpper(i)) gmax1 = Math.max(gmax1, -Gv(i));
      if (!isLower(i)) gmax2 = Math.max(gmax2, Gv(i));
    } else {
      if (!isUpper(i)) gmax2 = Math.max(gmax2, -Gv(i));
      if (!isLower(i)) gmax1 = Math.max(gmax1, Gv(i));
    }
  }
  if (!gUnshrink && gmax1 + gmax2 <= eps * 10) {
    gUnshrink = true;
    reconstructGradient<T>();
    unshrinkAll();
  }
  for (let t = 0; t < gActive; t++) {
    if (!beShrunk(actAt(t), gmax1, gmax2)) continue;
    gActive--;
    while (gActive > t) {
      if (!beShrunk(actAt(gActive), gmax1, gmax2)) {
        gIdentity = false;
        const a = actAt(t);
        store<i32>(at<i32>(gAct, t), actAt(gActive));
        store<i32>(at<i32>(gAct, gActive), a);
        break;
      }
      gActive--;
    }
  }
}

// The working set of the last selectWorkingSet.
let gWi: i32 = -1, gWj: i32 = -1;

/** WSS 3 of Fan, Chen & Lin (2005); returns true when the pair's violation is below eps (optimal). */
function selectWorkingSet<T>(eps: f64): bool {
  let gmax = -Infinity, gmax2 = -Infinity;
  let gmaxIdx = -1, gminIdx = -1;
  let objDiffMin = Infinity;
  const all = gIdentity && gActive == gL; // act is the identity then: skip the indirection
  for (let t = 0; t < gActive; t++) {
    const k = all ? t : actAt(t);
    if (yOf(k) > 0) {
      if (!isUpper(k) && -Gv(k) >= gmax) { gmax = -Gv(k); gmaxIdx = k; }
    } else {
      if (!isLower(k) && Gv(k) >= gmax) { gmax = Gv(k); gmaxIdx = k; }
    }
  }
  const i = gmaxIdx;
  let colI: usize = 0;
  if (i != -1) colI = column<T>(i, false);
  const qdi = i != -1 ? load<f64>(at<f64>(gQD, i)) : 0.0;
  const yi = i != -1 ? <f64>yOf(i) : 0.0;
  for (let t = 0; t < gActive; t++) {
    const j = all ? t : actAt(t);
    const gj = Gv(j);
    if (yOf(j) > 0) {
      if (!isLower(j)) {
        const gradDiff = gmax + gj;
        if (gj >= gmax2) gmax2 = gj;
        if (gradDiff > 0) {
          const quad = qdi + load<f64>(at<f64>(gQD, j)) - 2.0 * yi * q(colI, j);
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) { gminIdx = j; objDiffMin = objDiff; }
        }
      }
    } else {
      if (!isUpper(j)) {
        const gradDiff = gmax - gj;
        if (-gj >= gmax2) gmax2 = -gj;
        if (gradDiff > 0) {
          const quad = qdi + load<f64>(at<f64>(gQD, j)) + 2.0 * yi * q(colI, j);
          const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (objDiff <= objDiffMin) { gminIdx = j; objDiffMin = objDiff; }
        }
      }
    }
  }
  if (gmax + gmax2 < eps || gminIdx == -1) return true;
  gWi = gmaxIdx;
  gWj = gminIdx;
  return false;
}

/** libsvm's calculate_rho: the mean of y·G over free α, else the middle of the feasible interval. */
function calculateRho(): f64 {
  let nFree = 0;
  let ub = Infinity, lb = -Infinity, sumFree = 0.0;
  for (let t = 0; t < gActive; t++) {
    const i = actAt(t);
    const yG = <f64>yOf(i) * Gv(i);
    if (isUpper(i)) {
      if (yOf(i) < 0) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
    } else if (isLower(i)) {
      if (yOf(i) > 0) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  return nFree > 0 ? sumFree / <f64>nFree : (ub + lb) / 2;
}

/**
 * Solves the C-SVC dual  min ½αᵀQα − eᵀα  s.t. yᵀα = 0, 0 ≤ α_i ≤ C_i  on the rows idx (i32[l]) of
 * X (·×d), labels y (i32 ±1). Writes α (f64[l]) and out = [rho, iterations, objective, hitMaxIter].
 */
@inline function smo<T>(
  x: usize, d: i32, idx: usize, l: i32, y: usize, kind: i32, gamma: f64, coef0: f64, degree: i32,
  cp: f64, cn: f64, eps: f64, shrinking: bool, maxIter: f64, work: usize, slots: i32, alpha: usize, out: usize,
): void {
  gX = x; gD = d; gIdx = idx; gL = l; gY = y;
  gKind = kind; gGamma = gamma; gCoef0 = coef0; gDegree = degree;
  gCp = cp; gCn = cn; gAlpha = alpha; gSlots = slots;
  let p = align16(work);
  gXc = p; p = align16(p + <usize>l * <usize>d * sizeof<T>());
  gXf = p; p = align16(p + <usize>l * <usize>d * 4);
  gDots = p; p = align16(p + <usize>l * 8);
  gSqk = p; p = align16(p + <usize>l * 8);
  gG = p; p = align16(p + <usize>l * 8);
  gGbar = p; p = align16(p + <usize>l * 8);
  gQD = p; p = align16(p + <usize>l * 8);
  gXsq = p; p = align16(p + <usize>l * 8);
  gStatus = p; p = align16(p + <usize>l * 4);
  gAct = p; p = align16(p + <usize>l * 4);
  gSlotOf = p; p = align16(p + <usize>l * 4);
  gSlotIdx = p; p = align16(p + <usize>slots * 4);
  gSlotGen = p; p = align16(p + <usize>slots * 4);
  gPrev = p; p = align16(p + <usize>slots * 4);
  gNext = p; p = align16(p + <usize>slots * 4);
  gData = p;
  gHead = -1; gTail = -1; gGen = 0; gUnshrink = false; gIdentity = true;
  for (let s = 0; s < slots; s++) {
    store<i32>(at<i32>(gSlotIdx, s), -1);
    store<i32>(at<i32>(gSlotGen, s), 0);
    pushFront(s);
  }
  for (let i = 0; i < l; i++) {
    const r = rowPtr<T>(i);
    memory.copy(r, x + <usize>load<i32>(at<i32>(idx, i)) * <usize>d * sizeof<T>(), <usize>d * sizeof<T>());
    if (kind == RBF) for (let j = 0; j < d; j++) store<f32>(at<f32>(gXf, i * d + j), <f32>load<T>(at<T>(r, j)));
    const sq = <f64>vdot<T>(r, r, d);
    store<f64>(at<f64>(gXsq, i), sq);
    store<f64>(at<f64>(gQD, i), kernelOf(kind, sq, sq, sq, gamma, coef0, degree));
    store<f64>(at<f64>(gAlpha, i), 0.0);
    store<f64>(at<f64>(gG, i), -1.0);
    store<f64>(at<f64>(gGbar, i), 0.0);
    store<i32>(at<i32>(gSlotOf, i), -1);
    store<i32>(at<i32>(gAct, i), i);
    updateStatus(i);
  }
  gActive = l;
  let iter = 0.0;
  let counter = min(l, 1000) + 1;
  while (iter < maxIter) {
    if (--counter == 0) {
      counter = min(l, 1000);
      if (shrinking) doShrinking<T>(eps);
    }
    if (selectWorkingSet<T>(eps)) {
      reconstructGradient<T>();
      unshrinkAll();
      if (selectWorkingSet<T>(eps)) break;
      counter = 1; // shrink again on the next iteration
    }
    iter += 1.0;
    const i = gWi, j = gWj;
    const colI = column<T>(i, false);
    const colJ = column<T>(j, false);
    const ci = cOf(i), cj = cOf(j);
    const oldAi = alphaOf(i), oldAj = alphaOf(j);
    let ai = oldAi, aj = oldAj;
    const qdi = load<f64>(at<f64>(gQD, i)), qdj = load<f64>(at<f64>(gQD, j));
    if (yOf(i) != yOf(j)) {
      let quad = qdi + qdj + 2.0 * q(colI, j);
      if (quad <= 0) quad = TAU;
      const delta = (-Gv(i) - Gv(j)) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) { aj = 0; ai = diff; }
      } else {
        if (ai < 0) { ai = 0; aj = -diff; }
      }
      if (diff > ci - cj) {
        if (ai > ci) { ai = ci; aj = ci - diff; }
      } else {
        if (aj > cj) { aj = cj; ai = cj + diff; }
      }
    } else {
      let quad = qdi + qdj - 2.0 * q(colI, j);
      if (quad <= 0) quad = TAU;
      const delta = (Gv(i) - Gv(j)) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > ci) {
        if (ai > ci) { ai = ci; aj = sum - ci; }
      } else {
        if (aj < 0) { aj = 0; ai = sum; }
      }
      if (sum > cj) {
        if (aj > cj) { aj = cj; ai = sum - cj; }
      } else {
        if (ai < 0) { ai = 0; aj = sum; }
      }
    }
    store<f64>(at<f64>(gAlpha, i), ai);
    store<f64>(at<f64>(gAlpha, j), aj);
    const dai = ai - oldAi, daj = aj - oldAj;
    if (gActive == l) {
      // every position active: a contiguous sweep, two lanes at a time
      let k = 0;
      if (ASC_FEATURE_SIMD) {
        const va = f64x2.splat(dai), vb = f64x2.splat(daj);
        for (; k + 2 <= l; k += 2) {
          const qi = f64x2.promote_low_f32x4(v128.load64_zero(at<f32>(colI, k)));
          const qj = f64x2.promote_low_f32x4(v128.load64_zero(at<f32>(colJ, k)));
          const pg = at<f64>(gG, k);
          v128.store(pg, f64x2.add(v128.load(pg), f64x2.add(f64x2.mul(qi, va), f64x2.mul(qj, vb))));
        }
      }
      for (; k < l; k++) store<f64>(at<f64>(gG, k), Gv(k) + q(colI, k) * dai + q(colJ, k) * daj);
    } else {
      for (let t = 0; t < gActive; t++) {
        const k = actAt(t);
        store<f64>(at<f64>(gG, k), Gv(k) + q(colI, k) * dai + q(colJ, k) * daj);
      }
    }
    const ui = isUpper(i), uj = isUpper(j);
    updateStatus(i);
    updateStatus(j);
    if (ui != isUpper(i)) {
      const col = column<T>(i, true);
      const c = ui ? -ci : ci;
      for (let k = 0; k < l; k++) store<f64>(at<f64>(gGbar, k), load<f64>(at<f64>(gGbar, k)) + c * q(col, k));
    }
    if (uj != isUpper(j)) {
      const col = column<T>(j, true);
      const c = uj ? -cj : cj;
      for (let k = 0; k < l; k++) store<f64>(at<f64>(gGbar, k), load<f64>(at<f64>(gGbar, k)) + c * q(col, k));
    }
  }
  const hitMax = iter >= maxIter;
  if (hitMax && gActive < l) {
    reconstructGradient<T>();
    unshrinkAll();
  }
  let obj = 0.0;
  for (let i = 0; i < l; i++) obj += alphaOf(i) * (Gv(i) - 1.0);
  store<f64>(out, calculateRho());
  store<f64>(out, iter, 8);
  store<f64>(out, obj / 2, 16);
  store<f64>(out, hitMax ? 1.0 : 0.0, 24);
}

export function svc_smo_f32(x: usize, d: i32, idx: usize, l: i32, y: usize, kind: i32, gamma: f64, coef0: f64, degree: i32, cp: f64, cn: f64, eps: f64, shrinking: i32, maxIter: f64, work: usize, slots: i32, alpha: usize, out: usize): void {
  smo<f32>(x, d, idx, l, y, kind, gamma, coef0, degree, cp, cn, eps, shrinking != 0, maxIter, work, slots, alpha, out);
}
export function svc_smo_f64(x: usize, d: i32, idx: usize, l: i32, y: usize, kind: i32, gamma: f64, coef0: f64, degree: i32, cp: f64, cn: f64, eps: f64, shrinking: i32, maxIter: f64, work: usize, slots: i32, alpha: usize, out: usize): void {
  smo<f64>(x, d, idx, l, y, kind, gamma, coef0, degree, cp, cn, eps, shrinking != 0, maxIter, work, slots, alpha, out);
}

/**
 * One-vs-one decision values of a kernel SVC for the rows of X (m×d): for each pair (a, b), a < b,
 * in libsvm's order, dec = Σ_{sv of a} coef[b−1][sv]·K(x, sv) + Σ_{sv of b} coef[a][sv]·K(x, sv) − rho.
 * sv: nsv×d grouped by class (start/count: i32[K]); coef: (K−1)×nsv (libsvm's sv_coef layout);
 * rho: f64[K(K−1)/2]; out: m × K(K−1)/2 (f64). kbuf: f64[nsv] scratch.
 */
@inline function ovoDecision<T>(x: usize, m: i32, d: i32, sv: usize, nsv: i32, kind: i32, gamma: f64, coef0: f64, degree: i32,
  coef: usize, start: usize, count: usize, K: i32, rho: usize, out: usize, kbuf: usize, svsq: usize): void {
  for (let s = 0; s < nsv; s++) {
    const r = sv + <usize>s * <usize>d * sizeof<T>();
    store<f64>(at<f64>(svsq, s), <f64>vdot<T>(r, r, d));
  }
  const npairs = K * (K - 1) / 2;
  for (let i = 0; i < m; i++) {
    const xr = x + <usize>i * <usize>d * sizeof<T>();
    const xsq = <f64>vdot<T>(xr, xr, d);
    for (let s = 0; s < nsv; s++) {
      const dot = <f64>vdot<T>(xr, sv + <usize>s * <usize>d * sizeof<T>(), d);
      store<f64>(at<f64>(kbuf, s), kernelOf(kind, dot, xsq, load<f64>(at<f64>(svsq, s)), gamma, coef0, degree));
    }
    let p = 0;
    for (let a = 0; a < K; a++) {
      for (let b = a + 1; b < K; b++) {
        let sum = 0.0;
        const sa = load<i32>(at<i32>(start, a)), ca = load<i32>(at<i32>(count, a));
        const sb = load<i32>(at<i32>(start, b)), cb = load<i32>(at<i32>(count, b));
        const rowA = coef + <usize>((b - 1) * nsv) * sizeof<T>();
        const rowB = coef + <usize>(a * nsv) * sizeof<T>();
        for (let s = sa; s < sa + ca; s++) sum += <f64>load<T>(at<T>(rowA, s)) * load<f64>(at<f64>(kbuf, s));
        for (let s = sb; s < sb + cb; s++) sum += <f64>load<T>(at<T>(rowB, s)) * load<f64>(at<f64>(kbuf, s));
        store<f64>(at<f64>(out, i * npairs + p), sum - load<f64>(at<f64>(rho, p)));
        p++;
      }
    }
  }
}

export function svc_decision_f32(x: usize, m: i32, d: i32, sv: usize, nsv: i32, kind: i32, gamma: f64, coef0: f64, degree: i32, coef: usize, start: usize, count: usize, K: i32, rho: usize, out: usize, kbuf: usize, svsq: usize): void {
  ovoDecision<f32>(x, m, d, sv, nsv, kind, gamma, coef0, degree, coef, start, count, K, rho, out, kbuf, svsq);
}
export function svc_decision_f64(x: usize, m: i32, d: i32, sv: usize, nsv: i32, kind: i32, gamma: f64, coef0: f64, degree: i32, coef: usize, start: usize, count: usize, K: i32, rho: usize, out: usize, kbuf: usize, svsq: usize): void {
  ovoDecision<f64>(x, m, d, sv, nsv, kind, gamma, coef0, degree, coef, start, count, K, rho, out, kbuf, svsq);
}

/**
 * liblinear's dual coordinate descent for L2-regularized L1-loss (hinge, l1loss = 1) or L2-loss
 * (squared hinge) SVC on X (n×d, T), labels y (i32 ±1), the intercept as feature d with value
 * `bias` (0: none). w: f64[d+1] out; alpha f64[n], qd f64[n], index i32[n] scratch; rng a seeded
 * xoshiro state. Returns the iterations run (maxIter when it did not converge).
 */
@inline function linearSvcDual<T>(x: usize, n: i32, d: i32, y: usize, cp: f64, cn: f64, l1loss: bool, bias: f64, eps: f64, maxIter: i32,
  w: usize, alpha: usize, qd: usize, index: usize, rng: usize): i32 {
  const diagP = l1loss ? 0.0 : 0.5 / cp, diagN = l1loss ? 0.0 : 0.5 / cn;
  const upP = l1loss ? cp : Infinity, upN = l1loss ? cn : Infinity;
  for (let j = 0; j <= d; j++) store<f64>(at<f64>(w, j), 0.0);
  for (let i = 0; i < n; i++) {
    const r = x + <usize>i * <usize>d * sizeof<T>();
    store<f64>(at<f64>(alpha, i), 0.0);
    store<f64>(at<f64>(qd, i), <f64>vdot<T>(r, r, d) + bias * bias + (load<i32>(at<i32>(y, i)) > 0 ? diagP : diagN));
    store<i32>(at<i32>(index, i), i);
  }
  let iter = 0;
  let active = n;
  let pgMaxOld = Infinity, pgMinOld = -Infinity;
  while (iter < maxIter) {
    let pgMaxNew = -Infinity, pgMinNew = Infinity;
    for (let s = 0; s < active; s++) {
      const j = s + <i32>(rng_next_u32(rng) % <u32>(active - s));
      const t = load<i32>(at<i32>(index, s));
      store<i32>(at<i32>(index, s), load<i32>(at<i32>(index, j)));
      store<i32>(at<i32>(index, j), t);
    }
    for (let s = 0; s < active; s++) {
      const i = load<i32>(at<i32>(index, s));
      const yi = <f64>load<i32>(at<i32>(y, i));
      const r = x + <usize>i * <usize>d * sizeof<T>();
      let wx = bias * load<f64>(at<f64>(w, d));
      for (let k = 0; k < d; k++) wx += load<f64>(at<f64>(w, k)) * <f64>load<T>(at<T>(r, k));
      const ai = load<f64>(at<f64>(alpha, i));
      const diag = yi > 0 ? diagP : diagN;
      const C = yi > 0 ? upP : upN;
      const G = yi * wx - 1.0 + ai * diag;
      let PG = 0.0;
      if (ai == 0) {
        if (G > pgMaxOld) {
          active--;
          store<i32>(at<i32>(index, s), load<i32>(at<i32>(index, active)));
          store<i32>(at<i32>(index, active), i);
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else if (ai == C) {
        if (G < pgMinOld) {
          active--;
          store<i32>(at<i32>(index, s), load<i32>(at<i32>(index, active)));
          store<i32>(at<i32>(index, active), i);
          s--;
          continue;
        } else if (G > 0) PG = G;
      } else PG = G;
      pgMaxNew = Math.max(pgMaxNew, PG);
      pgMinNew = Math.min(pgMinNew, PG);
      if (Math.abs(PG) > 1.0e-12) {
        const na = Math.min(Math.max(ai - G / load<f64>(at<f64>(qd, i)), 0.0), C);
        store<f64>(at<f64>(alpha, i), na);
        const dl = (na - ai) * yi;
        for (let k = 0; k < d; k++) store<f64>(at<f64>(w, k), load<f64>(at<f64>(w, k)) + dl * <f64>load<T>(at<T>(r, k)));
        store<f64>(at<f64>(w, d), load<f64>(at<f64>(w, d)) + dl * bias);
      }
    }
    iter++;
    if (pgMaxNew - pgMinNew <= eps) {
      if (active == n) break;
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew;
    pgMinOld = pgMinNew;
    if (pgMaxOld <= 0) pgMaxOld = Infinity;
    if (pgMinOld >= 0) pgMinOld = -Infinity;
  }
  return iter;
}

export function linear_svc_f32(x: usize, n: i32, d: i32, y: usize, cp: f64, cn: f64, l1loss: i32, bias: f64, eps: f64, maxIter: i32, w: usize, alpha: usize, qd: usize, index: usize, rng: usize): i32 {
  return linearSvcDual<f32>(x, n, d, y, cp, cn, l1loss != 0, bias, eps, maxIter, w, alpha, qd, index, rng);
}
export function linear_svc_f64(x: usize, n: i32, d: i32, y: usize, cp: f64, cn: f64, l1loss: i32, bias: f64, eps: f64, maxIter: i32, w: usize, alpha: usize, qd: usize, index: usize, rng: usize): i32 {
  return linearSvcDual<f64>(x, n, d, y, cp, cn, l1loss != 0, bias, eps, maxIter, w, alpha, qd, index, rng);
}
