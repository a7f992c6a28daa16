// k nearest neighbours by brute force. The caller computes a block of −2·Q·Xᵀ with the GEMM; this kernel
// turns each row into approximate squared distances (‖q‖² + ‖x‖² − 2q·x, the dot trick), keeps the
// c = min(n, 2k) smallest in a sorted buffer (insertion: k is small), then recomputes those c distances
// exactly from the rows (direct differences in f64) and keeps the k smallest. The dot trick loses
// absolute accuracy ≈ ε·(‖q‖² + ‖x‖²), which can swap neighbours whose distances differ by less than
// that; the exact second pass over twice as many candidates repairs the order (scikit-learn's brute
// force does not refine). Ties go to the lower training index.
import { at } from './simd';

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

/**
 * For b query rows q (b×d) against x (n×d): prod (b×n T) holds −2·q·xᵀ, qn (b T) and xn (n T) the squared
 * row norms. Writes the k nearest training indices (b×k i32, nearest first) and their Euclidean
 * distances (b×k f64). Scratch: vals (2k f64), ids (2k i32), vals2 (k f64).
 */
@inline function select<T>(q: usize, x: usize, b: i32, n: i32, d: i32, k: i32, prod: usize, qn: usize, xn: usize, outIdx: usize, outDist: usize, vals: usize, ids: usize, vals2: usize, ids2: usize): void {
  const c = min(n, 2 * k);
  for (let i = 0; i < b; i++) {
    const row = prod + <usize>(i * n) * sizeof<T>();
    const qi = <f64>load<T>(at<T>(qn, i));
    let len = 0;
    for (let j = 0; j < n; j++) {
      const v = qi + <f64>load<T>(at<T>(xn, j)) + <f64>load<T>(at<T>(row, j));
      len = insert(vals, ids, len, c, v, j);
    }
    const qrow = q + <usize>(i * d) * sizeof<T>();
    let len2 = 0;
    for (let t = 0; t < len; t++) {
      const j = load<i32>(ids + (<usize>t << 2));
      len2 = insert(vals2, ids2, len2, k, exact<T>(qrow, x, d, j), j);
    }
    for (let t = 0; t < k; t++) {
      store<i32>(outIdx + (<usize>(i * k + t) << 2), load<i32>(ids2 + (<usize>t << 2)));
      store<f64>(outDist + (<usize>(i * k + t) << 3), Math.sqrt(load<f64>(vals2 + (<usize>t << 3))));
    }
  }
}

export function knn_select_f32(q: usize, x: usize, b: i32, n: i32, d: i32, k: i32, prod: usize, qn: usize, xn: usize, outIdx: usize, outDist: usize, vals: usize, ids: usize, vals2: usize, ids2: usize): void {
  select<f32>(q, x, b, n, d, k, prod, qn, xn, outIdx, outDist, vals, ids, vals2, ids2);
}
export function knn_select_f64(q: usize, x: usize, b: i32, n: i32, d: i32, k: i32, prod: usize, qn: usize, xn: usize, outIdx: usize, outDist: usize, vals: usize, ids: usize, vals2: usize, ids2: usize): void {
  select<f64>(q, x, b, n, d, k, prod, qn, xn, outIdx, outDist, vals, ids, vals2, ids2);
}
