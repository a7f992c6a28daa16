// Logistic regression: the regularized log-loss and its gradient over the whole data set in one
// call (what L-BFGS and FISTA evaluate once per step), and the scores/probabilities of any linear
// classifier (logistic, SGD, LinearSVC share them).
//
// Model: K = 1 (binary, sigmoid on z = X·w + b, targets 0/1) or K ≥ 3 classes (multinomial softmax
// on Z = X·Wᵀ + b, the symmetric over-parameterized form scikit-learn fits). The objective is
//   f(W, b) = a · Σ_i loss_i + l2/2 · ‖W‖²     (the intercept is not penalized)
// scikit-learn's C·Σ loss + ½‖W‖² scaled by 1/(C·n) (a = 1/n, l2 = 1/(C·n)), which is how
// scikit-learn ≥ 1.1 hands it to L-BFGS so that `tol` means the same thing here.
// The products are the GEMM/GEMV kernels (assembly/gemm.ts): Z = X·Wᵀ, then the residual
// R = P − Y overwrites Z in place, then ∇W = a·Rᵀ·X + l2·W and ∇b = a·Σ_i R_i.
import { gemm_f32, gemm_f64, gemv_f32, gemv_f64 } from './gemm';
import { at } from './simd';
import { expNonPos, log1pUnit, vexpNonPos, vlog1pUnit } from './fastmath';

@inline function gemmT<T>(tA: i32, tB: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, scratch: usize): void {
  if (sizeof<T>() == 4) gemm_f32(tA, tB, m, n, k, <f32>alpha, a, lda, b, ldb, <f32>beta, c, ldc, scratch);
  else gemm_f64(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, scratch);
}

@inline function gemvT<T>(trans: i32, m: i32, n: i32, alpha: f64, a: usize, x: usize, beta: f64, y: usize): void {
  if (sizeof<T>() == 4) gemv_f32(trans, m, n, <f32>alpha, a, n, x, <f32>beta, y);
  else gemv_f64(trans, m, n, alpha, a, n, x, beta, y);
}

/** The binary log-loss pass over z (n): returns Σ loss_i and overwrites z with σ(z) − y. */
@inline function binaryPass<T>(z: usize, y: usize, n: i32): f64 {
  let loss = 0.0;
  let i = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 8) {
    let acc = f64x2.splat(0);
    const zero = f64x2.splat(0);
    const one = f64x2.splat(1.0);
    for (; i + 2 <= n; i += 2) {
      const pz = at<f64>(z, i);
      const zv = v128.load(pz);
      const yv = f64x2.convert_low_i32x4_s(v128.load64_zero(at<i32>(y, i)));
      const e = vexpNonPos(f64x2.neg(f64x2.abs(zv)));
      // log(1 + e^z) − y·z = max(z, 0) + log1p(e^−|z|) − y·z
      acc = f64x2.add(acc, f64x2.sub(f64x2.add(f64x2.pmax(zv, zero), vlog1pUnit(e)), f64x2.mul(yv, zv)));
      const inv = f64x2.div(one, f64x2.add(one, e));
      const p = v128.bitselect(inv, f64x2.mul(e, inv), f64x2.ge(zv, zero));
      v128.store(pz, f64x2.sub(p, yv));
    }
    loss = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  for (; i < n; i++) {
    const zi = <f64>load<T>(at<T>(z, i));
    const yi = <f64>load<i32>(at<i32>(y, i));
    const e = expNonPos(-Math.abs(zi));
    loss += (zi > 0 ? zi : 0) + log1pUnit(e) - yi * zi;
    const p = zi >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    store<T>(at<T>(z, i), <T>(p - yi));
  }
  return loss;
}

/** Z (n×K) = X·Wᵀ + b; K = 1 goes through GEMV (a 1-column GEMM would pad to a whole tile). */
@inline function scores<T>(x: usize, n: i32, d: i32, w: usize, K: i32, b: usize, z: usize, scratch: usize): void {
  if (K == 1) gemvT<T>(0, n, d, 1.0, x, w, 0.0, z);
  else gemmT<T>(0, 1, n, K, d, 1.0, x, d, w, d, 0.0, z, K, scratch);
  if (b == 0) return;
  for (let i = 0; i < n; i++) {
    const row = z + <usize>(i * K) * sizeof<T>();
    for (let k = 0; k < K; k++) store<T>(at<T>(row, k), load<T>(at<T>(row, k)) + load<T>(at<T>(b, k)));
  }
}

/**
 * Returns f(W, b) and writes ∇W (K×d) into gw and ∇b (K) into gb (gb = 0: no intercept, skipped).
 * y: i32 class indices (0/1 for K = 1, 0..K-1 otherwise). z: n×K scratch; scratch: GEMM scratch
 * for an n×K×d and a K×d×n product.
 */
@inline function lossGrad<T>(x: usize, n: i32, d: i32, y: usize, K: i32, w: usize, b: usize, a: f64, l2: f64, z: usize, scratch: usize, gw: usize, gb: usize): f64 {
  scores<T>(x, n, d, w, K, b, z, scratch);
  let loss = 0.0;
  if (K == 1) {
    loss = binaryPass<T>(z, y, n);
  } else {
    for (let i = 0; i < n; i++) {
      const row = z + <usize>(i * K) * sizeof<T>();
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, <f64>load<T>(at<T>(row, k)));
      const yi = load<i32>(at<i32>(y, i));
      // loss_i = logsumexp(z_i) − z_{i,y} = log s − (z_y − m), s = Σ_k exp(z_k − m)
      loss -= <f64>load<T>(at<T>(row, yi)) - m;
      let s = 0.0;
      for (let k = 0; k < K; k++) {
        const e = expNonPos(<f64>load<T>(at<T>(row, k)) - m);
        s += e;
        store<T>(at<T>(row, k), <T>e);
      }
      const inv = 1.0 / s;
      loss += Math.log(s);
      for (let k = 0; k < K; k++) {
        const p = <f64>load<T>(at<T>(row, k)) * inv;
        store<T>(at<T>(row, k), <T>(k == yi ? p - 1.0 : p));
      }
    }
  }
  // ∇W = a·Rᵀ·X + l2·W: start from l2·W and accumulate (beta = 1)
  const kd = K * d;
  for (let j = 0; j < kd; j++) store<T>(at<T>(gw, j), <T>(l2 * <f64>load<T>(at<T>(w, j))));
  if (K == 1) gemvT<T>(1, n, d, a, x, z, 1.0, gw);
  else gemmT<T>(1, 0, K, d, n, a, z, K, x, d, 1.0, gw, d, scratch);
  if (gb != 0) {
    for (let k = 0; k < K; k++) {
      let s = 0.0;
      for (let i = 0; i < n; i++) s += <f64>load<T>(at<T>(z, i * K + k));
      store<T>(at<T>(gb, k), <T>(a * s));
    }
  }
  let ww = 0.0;
  for (let j = 0; j < kd; j++) {
    const v = <f64>load<T>(at<T>(w, j));
    ww += v * v;
  }
  return a * loss + 0.5 * l2 * ww;
}

/**
 * Class probabilities (or their logs) from scores Z (n×K): K = 1 → out n×2 = [1 − σ(z), σ(z)];
 * K ≥ 2 → softmax over each row. `ovr` (K ≥ 2) instead normalizes K independent sigmoids, as
 * scikit-learn's one-vs-rest linear classifiers do.
 */
@inline function proba<T>(z: usize, n: i32, K: i32, ovr: bool, logOut: bool, out: usize): void {
  if (K == 1) {
    for (let i = 0; i < n; i++) {
      const zi = <f64>load<T>(at<T>(z, i));
      const e = expNonPos(-Math.abs(zi));
      // log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z)
      const spPos = (zi > 0 ? zi : 0) + log1pUnit(e);
      const spNeg = (zi < 0 ? -zi : 0) + log1pUnit(e);
      if (logOut) {
        store<T>(at<T>(out, 2 * i), <T>(-spPos));
        store<T>(at<T>(out, 2 * i + 1), <T>(-spNeg));
      } else {
        const p = zi >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        store<T>(at<T>(out, 2 * i), <T>(1.0 - p));
        store<T>(at<T>(out, 2 * i + 1), <T>p);
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const row = z + <usize>(i * K) * sizeof<T>();
    const orow = out + <usize>(i * K) * sizeof<T>();
    if (ovr) {
      let s = 0.0;
      for (let k = 0; k < K; k++) {
        const p = 1.0 / (1.0 + Math.exp(-<f64>load<T>(at<T>(row, k))));
        s += p;
        store<T>(at<T>(orow, k), <T>p);
      }
      for (let k = 0; k < K; k++) {
        const p = <f64>load<T>(at<T>(orow, k)) / s;
        store<T>(at<T>(orow, k), <T>(logOut ? Math.log(p) : p));
      }
      continue;
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, <f64>load<T>(at<T>(row, k)));
    let s = 0.0;
    for (let k = 0; k < K; k++) s += expNonPos(<f64>load<T>(at<T>(row, k)) - m);
    const ls = Math.log(s);
    for (let k = 0; k < K; k++) {
      const v = <f64>load<T>(at<T>(row, k)) - m - ls;
      store<T>(at<T>(orow, k), <T>(logOut ? v : expNonPos(v)));
    }
  }
}

export function logistic_loss_grad_f32(x: usize, n: i32, d: i32, y: usize, K: i32, w: usize, b: usize, a: f64, l2: f64, z: usize, scratch: usize, gw: usize, gb: usize): f64 {
  return lossGrad<f32>(x, n, d, y, K, w, b, a, l2, z, scratch, gw, gb);
}
export function logistic_loss_grad_f64(x: usize, n: i32, d: i32, y: usize, K: i32, w: usize, b: usize, a: f64, l2: f64, z: usize, scratch: usize, gw: usize, gb: usize): f64 {
  return lossGrad<f64>(x, n, d, y, K, w, b, a, l2, z, scratch, gw, gb);
}

/** Z (n×K) = X·Wᵀ + b for W K×d (b = 0: no intercept). scratch: GEMM scratch for n×K×d. */
export function linear_scores_f32(x: usize, n: i32, d: i32, w: usize, K: i32, b: usize, z: usize, scratch: usize): void {
  scores<f32>(x, n, d, w, K, b, z, scratch);
}
export function linear_scores_f64(x: usize, n: i32, d: i32, w: usize, K: i32, b: usize, z: usize, scratch: usize): void {
  scores<f64>(x, n, d, w, K, b, z, scratch);
}

/** Probabilities (logOut = 0) or log-probabilities (1) from scores; see `proba`. */
export function linear_proba_f32(z: usize, n: i32, K: i32, ovr: i32, logOut: i32, out: usize): void {
  proba<f32>(z, n, K, ovr != 0, logOut != 0, out);
}
export function linear_proba_f64(z: usize, n: i32, K: i32, ovr: i32, logOut: i32, out: usize): void {
  proba<f64>(z, n, K, ovr != 0, logOut != 0, out);
}
