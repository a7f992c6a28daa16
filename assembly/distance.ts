// Pairwise distances between the rows of X (n×d) and Y (m×d), out n×m row-major.
// Squared Euclidean and cosine reuse the GEMM for the inner products X·Yᵀ (assembly/gemm.ts) and
// finish here: ‖x−y‖² = ‖x‖² + ‖y‖² − 2x·y (the "dot trick" of scikit-learn's euclidean_distances,
// clamped at zero because cancellation can make it slightly negative) and 1 − x·y/(‖x‖‖y‖).
// Manhattan has no product form, so it gets its own kernel: one row of X against four rows of Y at a
// time, so each loaded x vector serves four accumulators.
import { lanes, at } from './simd';

const SQUARED = 0;
const INVERSE = 1;

/** out[i] = ‖x_i‖² (mode SQUARED) or 1/‖x_i‖, 0 for a zero row (mode INVERSE). */
@inline function rowNorms<T>(mode: i32, x: usize, n: i32, d: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const row = x + <usize>(i * d) * sizeof<T>();
    let j = 0;
    let s: T = 0;
    if (ASC_FEATURE_SIMD) {
      const L = lanes<T>();
      let s0 = v128.splat<T>(0), s1 = s0;
      for (; j + 2 * L <= d; j += 2 * L) {
        const a = v128.load(at<T>(row, j)), b = v128.load(at<T>(row, j + L));
        s0 = v128.add<T>(s0, v128.mul<T>(a, a));
        s1 = v128.add<T>(s1, v128.mul<T>(b, b));
      }
      for (; j + L <= d; j += L) {
        const a = v128.load(at<T>(row, j));
        s0 = v128.add<T>(s0, v128.mul<T>(a, a));
      }
      s = hsum<T>(v128.add<T>(s0, s1));
    }
    for (; j < d; j++) {
      const v = load<T>(at<T>(row, j));
      s += v * v;
    }
    if (mode == INVERSE) s = s > 0 ? <T>1 / <T>Math.sqrt(<f64>s) : <T>0;
    store<T>(at<T>(out, i), s);
  }
}

@inline function hsum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    return <T>((f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3)));
  }
  return <T>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
}

/**
 * D[i][j] = max(0, D[i][j] + xn[i] + yn[j]) where D holds −2·X·Yᵀ; with `root`, its square root.
 * With `zeroDiag` (distances of X to itself) the diagonal is set to exactly 0.
 */
@inline function sqFinish<T>(dp: usize, xn: usize, yn: usize, n: i32, m: i32, root: bool, zeroDiag: bool): void {
  for (let i = 0; i < n; i++) {
    const row = dp + <usize>(i * m) * sizeof<T>();
    const xi = load<T>(at<T>(xn, i));
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const L = lanes<T>();
      const vx = v128.splat<T>(xi);
      const zero = v128.splat<T>(0);
      for (; j + L <= m; j += L) {
        // D + (xn + yn): the sum of the norms commutes, so X against itself stays exactly symmetric
        let v = v128.add<T>(v128.load(at<T>(row, j)), v128.add<T>(vx, v128.load(at<T>(yn, j))));
        v = v128.pmax<T>(v, zero);
        if (root) v = v128.sqrt<T>(v);
        v128.store(at<T>(row, j), v);
      }
    }
    for (; j < m; j++) {
      let v = load<T>(at<T>(row, j)) + (xi + load<T>(at<T>(yn, j)));
      v = v > 0 ? v : <T>0;
      if (root) v = <T>Math.sqrt(<f64>v);
      store<T>(at<T>(row, j), v);
    }
    if (zeroDiag && i < m) store<T>(at<T>(row, i), <T>0);
  }
}

/** D[i][j] = clamp(1 − D[i][j]·xi[i]·yi[j], 0, 2) where D holds X·Yᵀ and xi, yi inverse norms. */
@inline function cosFinish<T>(dp: usize, xi: usize, yi: usize, n: i32, m: i32, zeroDiag: bool): void {
  for (let i = 0; i < n; i++) {
    const row = dp + <usize>(i * m) * sizeof<T>();
    const a = load<T>(at<T>(xi, i));
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const L = lanes<T>();
      const va = v128.splat<T>(a);
      const one = v128.splat<T>(1), zero = v128.splat<T>(0), two = v128.splat<T>(2);
      for (; j + L <= m; j += L) {
        const s = v128.mul<T>(v128.load(at<T>(row, j)), v128.mul<T>(va, v128.load(at<T>(yi, j))));
        v128.store(at<T>(row, j), v128.pmin<T>(v128.pmax<T>(v128.sub<T>(one, s), zero), two));
      }
    }
    for (; j < m; j++) {
      let v = <T>1 - load<T>(at<T>(row, j)) * (a * load<T>(at<T>(yi, j)));
      v = v > 0 ? v : <T>0;
      v = v < 2 ? v : <T>2;
      store<T>(at<T>(row, j), v);
    }
    if (zeroDiag && i < m) store<T>(at<T>(row, i), <T>0);
  }
}

/** out[i][j] = Σ_k |x_ik − y_jk|. Callers mirror the lower triangle for X against itself (exact symmetry). */
@inline function manhattan<T>(x: usize, y: usize, n: i32, m: i32, d: i32, out: usize): void {
  const S = <usize>sizeof<T>();
  const rowBytes = <usize>d * S;
  for (let i = 0; i < n; i++) {
    const xr = x + <usize>i * rowBytes;
    const orow = out + <usize>(i * m) * S;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const L = lanes<T>();
      for (; j + 4 <= m; j += 4) {
        const y0 = y + <usize>j * rowBytes, y1 = y0 + rowBytes, y2 = y1 + rowBytes, y3 = y2 + rowBytes;
        let a0 = v128.splat<T>(0), a1 = a0, a2 = a0, a3 = a0;
        let k = 0;
        for (; k + L <= d; k += L) {
          const off = <usize>k * S;
          const xv = v128.load(xr + off);
          a0 = v128.add<T>(a0, v128.abs<T>(v128.sub<T>(xv, v128.load(y0 + off))));
          a1 = v128.add<T>(a1, v128.abs<T>(v128.sub<T>(xv, v128.load(y1 + off))));
          a2 = v128.add<T>(a2, v128.abs<T>(v128.sub<T>(xv, v128.load(y2 + off))));
          a3 = v128.add<T>(a3, v128.abs<T>(v128.sub<T>(xv, v128.load(y3 + off))));
        }
        let s0 = hsum<T>(a0), s1 = hsum<T>(a1), s2 = hsum<T>(a2), s3 = hsum<T>(a3);
        for (; k < d; k++) {
          const off = <usize>k * S;
          const xv = load<T>(xr + off);
          s0 += abs<T>(xv - load<T>(y0 + off));
          s1 += abs<T>(xv - load<T>(y1 + off));
          s2 += abs<T>(xv - load<T>(y2 + off));
          s3 += abs<T>(xv - load<T>(y3 + off));
        }
        store<T>(at<T>(orow, j), s0);
        store<T>(at<T>(orow, j + 1), s1);
        store<T>(at<T>(orow, j + 2), s2);
        store<T>(at<T>(orow, j + 3), s3);
      }
    }
    for (; j < m; j++) {
      const yr = y + <usize>j * rowBytes;
      let s: T = 0;
      for (let k = 0; k < d; k++) s += abs<T>(load<T>(at<T>(xr, k)) - load<T>(at<T>(yr, k)));
      store<T>(at<T>(orow, j), s);
    }
  }
}

export function row_sqnorms_f32(x: usize, n: i32, d: i32, out: usize): void { rowNorms<f32>(SQUARED, x, n, d, out); }
export function row_sqnorms_f64(x: usize, n: i32, d: i32, out: usize): void { rowNorms<f64>(SQUARED, x, n, d, out); }
export function row_inv_norms_f32(x: usize, n: i32, d: i32, out: usize): void { rowNorms<f32>(INVERSE, x, n, d, out); }
export function row_inv_norms_f64(x: usize, n: i32, d: i32, out: usize): void { rowNorms<f64>(INVERSE, x, n, d, out); }
export function sqdist_finish_f32(dp: usize, xn: usize, yn: usize, n: i32, m: i32, root: i32, zeroDiag: i32): void { sqFinish<f32>(dp, xn, yn, n, m, root != 0, zeroDiag != 0); }
export function sqdist_finish_f64(dp: usize, xn: usize, yn: usize, n: i32, m: i32, root: i32, zeroDiag: i32): void { sqFinish<f64>(dp, xn, yn, n, m, root != 0, zeroDiag != 0); }
export function cosdist_finish_f32(dp: usize, xi: usize, yi: usize, n: i32, m: i32, zeroDiag: i32): void { cosFinish<f32>(dp, xi, yi, n, m, zeroDiag != 0); }
export function cosdist_finish_f64(dp: usize, xi: usize, yi: usize, n: i32, m: i32, zeroDiag: i32): void { cosFinish<f64>(dp, xi, yi, n, m, zeroDiag != 0); }
export function manhattan_f32(x: usize, y: usize, n: i32, m: i32, d: i32, out: usize): void { manhattan<f32>(x, y, n, m, d, out); }
export function manhattan_f64(x: usize, y: usize, n: i32, m: i32, d: i32, out: usize): void { manhattan<f64>(x, y, n, m, d, out); }
