// Cyclic coordinate descent for the elastic net, the whole fit in one call:
//   min_w (1/2)‖y − X·w‖² + a‖w‖₁ + (b/2)‖w‖²
// (scikit-learn's Lasso/ElasticNet objective times n: a = α·l1Ratio·n, b = α·(1 − l1Ratio)·n).
// Provenance: Friedman, Hastie & Tibshirani, "Regularization paths for generalized linear models via
// coordinate descent" (J. Stat. Softw. 2010), in the form of scikit-learn's enet_coordinate_descent
// (sklearn/linear_model/_cd_fast.pyx): the residual R = y − X·w is kept up to date, each coordinate is
// one soft-thresholded dot product, and the stopping rule is the duality gap, checked when the largest
// coordinate change falls below tol·max|w| (or on the last sweep), against tol·‖y‖².
// X arrives transposed (d×n, row j = column j of X) so that every dot product and update runs over
// contiguous memory.
import { at } from './simd';
import { vdot, vaxpy } from './vecops';

@inline function softThreshold(z: f64, a: f64): f64 {
  return z > a ? z - a : z < -a ? z + a : 0;
}

/**
 * xt: d×n (Xᵀ); y: n; w: d (in: the start, out: the solution); r: n scratch (residual); norms: d
 * scratch; info: 2 f64 out (duality gap, gap tolerance). Returns the number of sweeps run, negated
 * when the gap never fell below its tolerance.
 */
function enetCD<T>(xt: usize, y: usize, w: usize, r: usize, norms: usize, n: i32, d: i32, a: f64, b: f64, maxIter: i32, tol: f64, info: usize): i32 {
  // R = y − X·w
  memory.copy(r, y, <usize>n * sizeof<T>());
  for (let j = 0; j < d; j++) {
    const col = xt + <usize>j * <usize>n * sizeof<T>();
    store<T>(at<T>(norms, j), vdot<T>(col, col, n));
    const wj = load<T>(at<T>(w, j));
    if (wj != 0) vaxpy<T>(-wj, col, r, n);
  }
  const gapTol = tol * <f64>vdot<T>(y, y, n);
  let gap: f64 = gapTol + 1;
  let iter = 0;
  let converged = false;
  while (iter < maxIter) {
    let wMax: f64 = 0;
    let dwMax: f64 = 0;
    for (let j = 0; j < d; j++) {
      const nj = <f64>load<T>(at<T>(norms, j));
      if (nj == 0) continue;
      const col = xt + <usize>j * <usize>n * sizeof<T>();
      const old = <f64>load<T>(at<T>(w, j));
      // z = x_jᵀ(R + x_j·w_j) without updating R twice: x_jᵀR + ‖x_j‖²·w_j
      const z = <f64>vdot<T>(col, r, n) + nj * old;
      const neu = softThreshold(z, a) / (nj + b);
      if (neu != old) {
        vaxpy<T>(<T>(old - neu), col, r, n);
        store<T>(at<T>(w, j), <T>neu);
      }
      dwMax = Math.max(dwMax, Math.abs(neu - old));
      wMax = Math.max(wMax, Math.abs(neu));
    }
    iter++;
    if (wMax == 0 || dwMax / wMax < tol || iter == maxIter) {
      gap = dualityGap<T>(xt, y, w, r, n, d, a, b);
      if (gap < gapTol) {
        converged = true;
        break;
      }
    }
  }
  store<f64>(info, gap);
  store<f64>(info + 8, gapTol);
  return converged ? iter : -iter;
}

/** The duality gap of the elastic net at w with residual R (scikit-learn's formula, dual point R scaled to feasibility). */
@inline function dualityGap<T>(xt: usize, y: usize, w: usize, r: usize, n: i32, d: i32, a: f64, b: f64): f64 {
  let dualNorm: f64 = 0;
  let l1: f64 = 0;
  let w2: f64 = 0;
  for (let j = 0; j < d; j++) {
    const col = xt + <usize>j * <usize>n * sizeof<T>();
    const wj = <f64>load<T>(at<T>(w, j));
    dualNorm = Math.max(dualNorm, Math.abs(<f64>vdot<T>(col, r, n) - b * wj));
    l1 += Math.abs(wj);
    w2 += wj * wj;
  }
  const r2 = <f64>vdot<T>(r, r, n);
  let c: f64 = 1;
  let gap: f64;
  if (dualNorm > a) {
    c = a / dualNorm;
    gap = 0.5 * (r2 + r2 * c * c);
  } else {
    gap = r2;
  }
  return gap + a * l1 - c * <f64>vdot<T>(r, y, n) + 0.5 * b * (1 + c * c) * w2;
}

export function enet_cd_f32(xt: usize, y: usize, w: usize, r: usize, norms: usize, n: i32, d: i32, a: f64, b: f64, maxIter: i32, tol: f64, info: usize): i32 {
  return enetCD<f32>(xt, y, w, r, norms, n, d, a, b, maxIter, tol, info);
}
export function enet_cd_f64(xt: usize, y: usize, w: usize, r: usize, norms: usize, n: i32, d: i32, a: f64, b: f64, maxIter: i32, tol: f64, info: usize): i32 {
  return enetCD<f64>(xt, y, w, r, norms, n, d, a, b, maxIter, tol, info);
}
