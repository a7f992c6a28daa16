// Gaussian naive Bayes: per-class moments in one pass over the data, and the joint log-likelihood
// log P(c) − ½ Σ_p [log(2π σ²_cp) + (x_p − θ_cp)² / σ²_cp] for every sample and class (scikit-learn's
// GaussianNB._joint_log_likelihood). Moments and likelihoods are f64 for either input dtype.
// Per-class constants (O(k·d)) are computed by the caller.
import { at } from './simd';

/**
 * Per-class counts (k f64), means (k×d f64) and population variances (k×d f64) of x (n×d) with class
 * codes y (n i32 in [0, k)). Two passes (means, then squared deviations) for accuracy.
 */
@inline function moments<T>(x: usize, y: usize, n: i32, d: i32, k: i32, counts: usize, means: usize, vars: usize): void {
  memory.fill(counts, 0, <usize>k << 3);
  memory.fill(means, 0, <usize>(k * d) << 3);
  memory.fill(vars, 0, <usize>(k * d) << 3);
  for (let i = 0; i < n; i++) {
    const c = load<i32>(y + (<usize>i << 2));
    store<f64>(counts + (<usize>c << 3), load<f64>(counts + (<usize>c << 3)) + 1);
    const m = means + (<usize>(c * d) << 3);
    for (let p = 0; p < d; p++) store<f64>(m + (<usize>p << 3), load<f64>(m + (<usize>p << 3)) + <f64>load<T>(at<T>(x, i * d + p)));
  }
  for (let c = 0; c < k; c++) {
    const nc = load<f64>(counts + (<usize>c << 3));
    if (nc == 0) continue;
    const m = means + (<usize>(c * d) << 3);
    for (let p = 0; p < d; p++) store<f64>(m + (<usize>p << 3), load<f64>(m + (<usize>p << 3)) / nc);
  }
  for (let i = 0; i < n; i++) {
    const c = load<i32>(y + (<usize>i << 2));
    const m = means + (<usize>(c * d) << 3), v = vars + (<usize>(c * d) << 3);
    for (let p = 0; p < d; p++) {
      const t = <f64>load<T>(at<T>(x, i * d + p)) - load<f64>(m + (<usize>p << 3));
      store<f64>(v + (<usize>p << 3), load<f64>(v + (<usize>p << 3)) + t * t);
    }
  }
  for (let c = 0; c < k; c++) {
    const nc = load<f64>(counts + (<usize>c << 3));
    if (nc == 0) continue;
    const v = vars + (<usize>(c * d) << 3);
    for (let p = 0; p < d; p++) store<f64>(v + (<usize>p << 3), load<f64>(v + (<usize>p << 3)) / nc);
  }
}

/** out (n×k f64)[i][c] = base[c] − ½ Σ_p (x[i][p] − theta[c][p])² / var[c][p]; base[c] = log P(c) − ½ Σ_p log(2π var[c][p]). */
@inline function jll<T>(x: usize, n: i32, d: i32, k: i32, theta: usize, vars: usize, base: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const m = theta + (<usize>(c * d) << 3), v = vars + (<usize>(c * d) << 3);
      let q: f64 = 0;
      for (let p = 0; p < d; p++) {
        const t = <f64>load<T>(at<T>(x, i * d + p)) - load<f64>(m + (<usize>p << 3));
        q += (t * t) / load<f64>(v + (<usize>p << 3));
      }
      store<f64>(out + (<usize>(i * k + c) << 3), load<f64>(base + (<usize>c << 3)) - 0.5 * q);
    }
  }
}

export function nb_moments_f32(x: usize, y: usize, n: i32, d: i32, k: i32, counts: usize, means: usize, vars: usize): void { moments<f32>(x, y, n, d, k, counts, means, vars); }
export function nb_moments_f64(x: usize, y: usize, n: i32, d: i32, k: i32, counts: usize, means: usize, vars: usize): void { moments<f64>(x, y, n, d, k, counts, means, vars); }
export function nb_jll_f32(x: usize, n: i32, d: i32, k: i32, theta: usize, vars: usize, base: usize, out: usize): void { jll<f32>(x, n, d, k, theta, vars, base, out); }
export function nb_jll_f64(x: usize, n: i32, d: i32, k: i32, theta: usize, vars: usize, base: usize, out: usize): void { jll<f64>(x, n, d, k, theta, vars, base, out); }
