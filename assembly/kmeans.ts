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
// Sums of points per cluster accumulate in f64 for both dtypes.
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
  for (; i < n; i++) {
    const xi = x + <usize>(i * d) * sizeof<T>();
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
    changed += settle<T>(x, i, d, bj, labels, sums, counts);
  }
  return changed;
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
 * cn (kp T), prev (k×d T), sums (k×d f64), counts (k f64), taken (n u8), tmp (block T), info (2 f64 out:
 * [strict convergence, inertia]). Returns the number of iterations, as scikit-learn's n_iter_.
 */
@inline function lloyd<T>(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  ct: usize, cn: usize, prev: usize, sums: usize, counts: usize, taken: usize, tmp: usize, info: usize): i32 {
  memory.fill(labels, 0xff, <usize>n << 2); // -1: no point has a label yet
  let strict = false;
  let it = 0;
  for (; it < maxIter; it++) {
    memory.copy(prev, centers, <usize>(k * d) * sizeof<T>());
    memory.fill(sums, 0, <usize>(k * d) << 3);
    memory.fill(counts, 0, <usize>k << 3);
    memory.fill(taken, 0, <usize>n);
    prepare<T>(prev, k, d, kp, ct, cn);
    const changed = assign<T>(x, n, d, kp, ct, cn, labels, sums, counts, tmp);
    const shift = update<T>(x, n, d, k, labels, prev, sums, counts, centers, taken);
    if (changed == 0) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  if (!strict) {
    prepare<T>(centers, k, d, kp, ct, cn);
    assign<T>(x, n, d, kp, ct, cn, labels, 0, 0, tmp);
  }
  let inertia: f64 = 0;
  for (let i = 0; i < n; i++) inertia += sqdist<T>(x, i, d, centers, load<i32>(labels + (<usize>i << 2)));
  store<f64>(info, strict ? 1 : 0);
  store<f64>(info + 8, inertia);
  return it < maxIter ? it + 1 : maxIter;
}

export function kmeans_lloyd_f32(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  ct: usize, cn: usize, prev: usize, sums: usize, counts: usize, taken: usize, tmp: usize, info: usize): i32 {
  return lloyd<f32>(x, n, d, k, kp, centers, labels, maxIter, tol, ct, cn, prev, sums, counts, taken, tmp, info);
}
export function kmeans_lloyd_f64(x: usize, n: i32, d: i32, k: i32, kp: i32, centers: usize, labels: usize, maxIter: i32, tol: f64,
  ct: usize, cn: usize, prev: usize, sums: usize, counts: usize, taken: usize, tmp: usize, info: usize): i32 {
  return lloyd<f64>(x, n, d, k, kp, centers, labels, maxIter, tol, ct, cn, prev, sums, counts, taken, tmp, info);
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
