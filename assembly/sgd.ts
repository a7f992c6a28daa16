// Plain stochastic gradient descent for linear models, the whole fit in one call: scikit-learn's
// `_plain_sgd` (sklearn/linear_model/_sgd_fast.pyx, after Bottou's SGD and Shalev-Shwartz et al.'s
// Pegasos) with the same losses, learning-rate schedules, penalties and stopping rule:
//   for each epoch: (shuffle) for each sample i:
//     p = w·x_i + b;  eta from the schedule at step t;  sumloss += L(p, y_i)
//     update = −eta·L'(p, y_i)
//     w ← (1 − (1−ρ)·eta·α)·w   (L2 part, kept as a lazy scale factor `wscale` as sklearn does)
//     w += update·x_i;  b += update
//     L1 part: the cumulative penalty of Tsuruoka, Tsujii & Ananiadou (ACL 2009)
//     t += 1
//   stop when sumloss > best − tol·n for nIterNoChange epochs in a row ('adaptive': divide eta by 5
//   instead, until eta ≤ 1e-6).
// Weights are f64 whatever the data's dtype (many small updates would lose bits in f32); x is T.
// Shuffling draws from the caller's xoshiro state (assembly/random.ts), so a seed gives the same
// fit in every engine.
import { rng_permutation } from './random';
import { at } from './simd';

// losses (classification targets are ±1)
const HINGE = 0;
const LOG = 1;
const MODIFIED_HUBER = 2;
const SQUARED = 3;
const HUBER = 4;
const EPS_INSENSITIVE = 5;
const SQ_EPS_INSENSITIVE = 6;
const SQUARED_HINGE = 7;
const PERCEPTRON = 8;

// learning-rate schedules
const CONSTANT = 0;
const OPTIMAL = 1;
const INVSCALING = 2;
const ADAPTIVE = 3;

// penalties
const P_NONE = 0;
const P_L2 = 1;
const P_L1 = 2;
const P_ELASTICNET = 3;

@inline function lossValue(kind: i32, p: f64, y: f64, eps: f64): f64 {
  if (kind == HINGE) { const z = p * y; return z <= 1.0 ? 1.0 - z : 0.0; }
  if (kind == SQUARED_HINGE) { const z = 1.0 - p * y; return z > 0 ? z * z : 0.0; }
  if (kind == PERCEPTRON) { const z = p * y; return z <= 0 ? -z : 0.0; }
  if (kind == LOG) {
    const z = p * y;
    if (z > 18.0) return Math.exp(-z);
    if (z < -18.0) return -z;
    return Math.log(1.0 + Math.exp(-z));
  }
  if (kind == MODIFIED_HUBER) {
    const z = p * y;
    if (z >= 1.0) return 0.0;
    if (z >= -1.0) return (1.0 - z) * (1.0 - z);
    return -4.0 * z;
  }
  if (kind == SQUARED) { const r = p - y; return 0.5 * r * r; }
  if (kind == HUBER) {
    const r = p - y, ar = Math.abs(r);
    return ar <= eps ? 0.5 * r * r : eps * ar - 0.5 * eps * eps;
  }
  const ret = Math.abs(y - p) - eps;
  if (kind == EPS_INSENSITIVE) return ret > 0 ? ret : 0.0;
  return ret > 0 ? ret * ret : 0.0; // squared epsilon-insensitive
}

/** dL/dp, as sklearn's `dloss` (including its clipping of the log-loss tails). */
@inline function lossDeriv(kind: i32, p: f64, y: f64, eps: f64): f64 {
  if (kind == HINGE) return p * y <= 1.0 ? -y : 0.0;
  if (kind == SQUARED_HINGE) { const z = 1.0 - p * y; return z > 0 ? -2.0 * y * z : 0.0; }
  if (kind == PERCEPTRON) return p * y <= 0 ? -y : 0.0;
  if (kind == LOG) {
    const z = p * y;
    if (z > 18.0) return -y * Math.exp(-z);
    if (z < -18.0) return -y;
    return -y / (Math.exp(z) + 1.0);
  }
  if (kind == MODIFIED_HUBER) {
    const z = p * y;
    if (z >= 1.0) return 0.0;
    if (z >= -1.0) return -2.0 * (1.0 - z) * y;
    return -4.0 * y;
  }
  if (kind == SQUARED) return p - y;
  if (kind == HUBER) {
    const r = p - y;
    if (Math.abs(r) <= eps) return r;
    return r > 0 ? eps : -eps;
  }
  if (kind == EPS_INSENSITIVE) {
    if (y - p > eps) return -1.0;
    if (p - y > eps) return 1.0;
    return 0.0;
  }
  const z = y - p;
  if (z > eps) return -2.0 * (z - eps);
  if (z < -eps) return 2.0 * (-z - eps);
  return 0.0;
}

/** Σ x[j]·w[j], x of T, w of f64. */
@inline function dotMixed<T>(x: usize, w: usize, d: i32): f64 {
  let s0 = 0.0, s1 = 0.0;
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    s0 += <f64>load<T>(at<T>(x, j)) * load<f64>(at<f64>(w, j));
    s1 += <f64>load<T>(at<T>(x, j + 1)) * load<f64>(at<f64>(w, j + 1));
  }
  if (j < d) s0 += <f64>load<T>(at<T>(x, j)) * load<f64>(at<f64>(w, j));
  return s0 + s1;
}

// Layout of the f64 state block shared with TypeScript (read back after the call):
const S_INTERCEPT = 0; // in/out
const S_T = 1; // in/out: the step counter t (starts at 1)
const S_ETA = 2; // out: the last learning rate (adaptive keeps dividing it)
const S_NITER = 3; // out: epochs run
const S_STOPPED = 4; // out: 1 when the stopping rule fired (converged), 0 when maxIter ran out
const S_FAILED = 5; // out: 1 when w or b became non-finite (the step diverged)

// Layout of the f64 parameter block.
const P_LOSS = 0;
const P_EPS = 1;
const P_PENALTY = 2;
const P_ALPHA = 3;
const P_L1RATIO = 4;
const P_FIT_INTERCEPT = 5;
const P_SCHEDULE = 6;
const P_ETA0 = 7;
const P_POWER_T = 8;
const P_MAX_ITER = 9;
const P_TOL = 10; // −Infinity: no stopping rule
const P_NO_CHANGE = 11;
const P_SHUFFLE = 12;
const P_WEIGHT_POS = 13;
const P_WEIGHT_NEG = 14;

/**
 * Fits w (f64[d], in/out) and the intercept on X (n×d, T) and targets y (f64[n]). `u` is the
 * f64[d] L1 bookkeeping q of Tsuruoka et al. (zeros at the start of a fit), `perm` i32[n] scratch,
 * `rng` a seeded xoshiro state. sw: f64[n] sample weights, or 0 for ones.
 */
@inline function sgdFit<T>(x: usize, n: i32, d: i32, y: usize, sw: usize, w: usize, q: usize, perm: usize, rng: usize, params: usize, state: usize): void {
  const loss = <i32>load<f64>(at<f64>(params, P_LOSS));
  const eps = load<f64>(at<f64>(params, P_EPS));
  const penalty = <i32>load<f64>(at<f64>(params, P_PENALTY));
  const alpha = load<f64>(at<f64>(params, P_ALPHA));
  const l1Ratio = penalty == P_L1 ? 1.0 : penalty == P_L2 ? 0.0 : penalty == P_NONE ? 0.0 : load<f64>(at<f64>(params, P_L1RATIO));
  const fitIntercept = load<f64>(at<f64>(params, P_FIT_INTERCEPT)) != 0;
  const schedule = <i32>load<f64>(at<f64>(params, P_SCHEDULE));
  const eta0 = load<f64>(at<f64>(params, P_ETA0));
  const powerT = load<f64>(at<f64>(params, P_POWER_T));
  const maxIter = <i32>load<f64>(at<f64>(params, P_MAX_ITER));
  const tol = load<f64>(at<f64>(params, P_TOL));
  const noChange = <i32>load<f64>(at<f64>(params, P_NO_CHANGE));
  const shuffle = load<f64>(at<f64>(params, P_SHUFFLE)) != 0;
  const weightPos = load<f64>(at<f64>(params, P_WEIGHT_POS));
  const weightNeg = load<f64>(at<f64>(params, P_WEIGHT_NEG));
  const useL2 = penalty == P_L2 || penalty == P_ELASTICNET;
  const useL1 = penalty == P_L1 || penalty == P_ELASTICNET;

  let b = load<f64>(at<f64>(state, S_INTERCEPT));
  let t = load<f64>(at<f64>(state, S_T));
  let eta = eta0;
  let optimalInit = 0.0;
  if (schedule == OPTIMAL) {
    // Bottou's heuristic for the initial step: eta_0 = typw / max(1, L'(−typw, 1))
    const typw = Math.sqrt(1.0 / Math.sqrt(alpha));
    const initialEta0 = typw / Math.max(1.0, lossDeriv(loss, -typw, 1.0, eps));
    optimalInit = 1.0 / (initialEta0 * alpha);
  }
  let wscale = 1.0;
  let u = 0.0; // total L1 penalty per weight so far
  let best = Infinity;
  let bad = 0;
  let epoch = 0;
  let stopped = 0;
  let failed = 0;
  for (let i = 0; i < n; i++) store<i32>(at<i32>(perm, i), i);
  for (; epoch < maxIter; epoch++) {
    if (shuffle) rng_permutation(rng, perm, n);
    let sumloss = 0.0;
    for (let s = 0; s < n; s++) {
      const i = load<i32>(at<i32>(perm, s));
      const row = x + <usize>i * <usize>d * sizeof<T>();
      const yi = load<f64>(at<f64>(y, i));
      const p = wscale * dotMixed<T>(row, w, d) + b;
      if (schedule == OPTIMAL) eta = 1.0 / (alpha * (optimalInit + t - 1.0));
      else if (schedule == INVSCALING) eta = eta0 / Math.pow(t, powerT);
      sumloss += lossValue(loss, p, yi, eps);
      let update = -eta * lossDeriv(loss, p, yi, eps);
      if (update != 0) {
        update *= yi > 0 ? weightPos : weightNeg;
        if (sw != 0) update *= load<f64>(at<f64>(sw, i));
      }
      if (useL2) {
        wscale *= Math.max(0.0, 1.0 - (1.0 - l1Ratio) * eta * alpha);
        if (wscale < 1e-9) {
          // fold the scale into w before it underflows (sklearn's WeightVector.reset_wscale)
          for (let j = 0; j < d; j++) store<f64>(at<f64>(w, j), load<f64>(at<f64>(w, j)) * wscale);
          wscale = 1.0;
        }
      }
      if (update != 0) {
        const c = update / wscale;
        for (let j = 0; j < d; j++) store<f64>(at<f64>(w, j), load<f64>(at<f64>(w, j)) + c * <f64>load<T>(at<T>(row, j)));
        if (fitIntercept) b += update;
      }
      if (useL1) {
        u += l1Ratio * eta * alpha;
        for (let j = 0; j < d; j++) {
          const pw = at<f64>(w, j);
          const pq = at<f64>(q, j);
          const z = load<f64>(pw);
          let nz = z;
          if (wscale * z > 0.0) nz = Math.max(0.0, z - (u + load<f64>(pq)) / wscale);
          else if (wscale * z < 0.0) nz = Math.min(0.0, z + (u - load<f64>(pq)) / wscale);
          store<f64>(pw, nz);
          store<f64>(pq, load<f64>(pq) + wscale * (nz - z));
        }
      }
      t += 1.0;
    }
    let finite = isFinite(b);
    for (let j = 0; j < d && finite; j++) finite = isFinite(load<f64>(at<f64>(w, j)));
    if (!finite) {
      failed = 1;
      epoch++;
      break;
    }
    if (tol > -Infinity && sumloss > best - tol * <f64>n) bad++;
    else bad = 0;
    if (sumloss < best) best = sumloss;
    if (bad >= noChange) {
      if (schedule == ADAPTIVE && eta > 1e-6) {
        eta /= 5.0;
        bad = 0;
      } else {
        stopped = 1;
        epoch++;
        break;
      }
    }
  }
  for (let j = 0; j < d; j++) store<f64>(at<f64>(w, j), load<f64>(at<f64>(w, j)) * wscale);
  store<f64>(at<f64>(state, S_INTERCEPT), b);
  store<f64>(at<f64>(state, S_T), t);
  store<f64>(at<f64>(state, S_ETA), eta);
  store<f64>(at<f64>(state, S_NITER), <f64>epoch);
  store<f64>(at<f64>(state, S_STOPPED), <f64>stopped);
  store<f64>(at<f64>(state, S_FAILED), <f64>failed);
}

export function sgd_fit_f32(x: usize, n: i32, d: i32, y: usize, sw: usize, w: usize, q: usize, perm: usize, rng: usize, params: usize, state: usize): void {
  sgdFit<f32>(x, n, d, y, sw, w, q, perm, rng, params, state);
}
export function sgd_fit_f64(x: usize, n: i32, d: i32, y: usize, sw: usize, w: usize, q: usize, perm: usize, rng: usize, params: usize, state: usize): void {
  sgdFit<f64>(x, n, d, y, sw, w, q, perm, rng, params, state);
}
