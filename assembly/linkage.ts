// Agglomerative clustering kernels. Ward, complete and average linkage run the nearest-neighbour chain
// (Murtagh 1983; Müllner, "Modern hierarchical, agglomerative clustering algorithms", 2011, §3.2) on a
// condensed f64 distance matrix with Lance–Williams updates: O(n²) time and n(n−1)/2 doubles of memory.
// Single linkage is the minimum spanning tree by Prim's algorithm on distances computed on the fly:
// O(n²·d) time, O(n) memory (Müllner §3.3). Both write their merges in the order found; the caller
// sorts them by height (stable, which Müllner shows yields the correct dendrogram for these linkages)
// and numbers the clusters as SciPy/scikit-learn do.
// Ward keeps squared distances internally (the Lance–Williams form of Ward's criterion on squared
// Euclidean distances) and reports sqrt, which is SciPy's ward height.
import { at } from './simd';

const WARD = 0;
const COMPLETE = 1;
const AVERAGE = 2;

/** Index of pair (i, j), i < j, in the condensed matrix of n points. */
@inline function cidx(n: i32, i: i32, j: i32): usize {
  return <usize>(i64(n) * i64(i) - (i64(i) * i64(i + 1)) / 2 + i64(j - i - 1));
}

@inline function dget(dm: usize, n: i32, i: i32, j: i32): f64 {
  return i < j ? load<f64>(dm + (cidx(n, i, j) << 3)) : load<f64>(dm + (cidx(n, j, i) << 3));
}

@inline function dset(dm: usize, n: i32, i: i32, j: i32, v: f64): void {
  store<f64>(dm + ((i < j ? cidx(n, i, j) : cidx(n, j, i)) << 3), v);
}

@inline function sqdist<T>(x: usize, d: i32, i: i32, j: i32): f64 {
  let s: f64 = 0;
  const a = x + <usize>(i * d) * sizeof<T>(), b = x + <usize>(j * d) * sizeof<T>();
  for (let p = 0; p < d; p++) {
    const t = <f64>load<T>(at<T>(a, p)) - <f64>load<T>(at<T>(b, p));
    s += t * t;
  }
  return s;
}

/**
 * NN-chain over x (n×d). `method`: 0 ward, 1 complete, 2 average. Scratch: dm (n(n−1)/2 f64), size
 * (n f64), chain (n i32), active (n u8). Out: left, right (n−1 i32: the representatives merged; the
 * merged cluster keeps `right`'s slot) and height (n−1 f64).
 */
@inline function nnchain<T>(x: usize, n: i32, d: i32, method: i32, dm: usize, size: usize, chain: usize, active: usize, left: usize, right: usize, height: usize): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = sqdist<T>(x, d, i, j);
      store<f64>(dm + (cidx(n, i, j) << 3), method == WARD ? s : Math.sqrt(s));
    }
    store<f64>(size + (<usize>i << 3), 1);
    store<u8>(active + <usize>i, 1);
  }
  let top = 0; // chain length
  let first = 0; // lowest index that may still be active
  for (let step = 0; step < n - 1; step++) {
    if (top == 0) {
      while (!load<u8>(active + <usize>first)) first++;
      store<i32>(chain, first);
      top = 1;
    }
    let a = 0, b = 0;
    let dab: f64 = 0;
    while (true) {
      a = load<i32>(chain + (<usize>(top - 1) << 2));
      const prev = top >= 2 ? load<i32>(chain + (<usize>(top - 2) << 2)) : -1;
      // The nearest active neighbour of a; on a tie the chain's previous element wins, so that a
      // chain can never cycle (Müllner's condition for correctness with ties).
      let c = -1;
      let dc: f64 = Infinity;
      if (prev >= 0) {
        c = prev;
        dc = dget(dm, n, a, prev);
      }
      for (let j = 0; j < n; j++) {
        if (j == a || !load<u8>(active + <usize>j)) continue;
        const v = dget(dm, n, a, j);
        if (v < dc) {
          dc = v;
          c = j;
        }
      }
      if (c == prev) {
        b = prev;
        dab = dc;
        top -= 2;
        break;
      }
      store<i32>(chain + (<usize>top << 2), c);
      top++;
    }
    // Merge a into b's slot.
    const na = load<f64>(size + (<usize>a << 3)), nb = load<f64>(size + (<usize>b << 3));
    for (let k = 0; k < n; k++) {
      if (k == a || k == b || !load<u8>(active + <usize>k)) continue;
      const dka = dget(dm, n, k, a), dkb = dget(dm, n, k, b);
      let v: f64;
      if (method == WARD) {
        const nk = load<f64>(size + (<usize>k << 3));
        v = ((na + nk) * dka + (nb + nk) * dkb - nk * dab) / (na + nb + nk);
      } else if (method == COMPLETE) {
        v = max(dka, dkb);
      } else {
        v = (na * dka + nb * dkb) / (na + nb);
      }
      dset(dm, n, k, b, v);
    }
    store<u8>(active + <usize>a, 0);
    store<f64>(size + (<usize>b << 3), na + nb);
    store<i32>(left + (<usize>step << 2), a);
    store<i32>(right + (<usize>step << 2), b);
    store<f64>(height + (<usize>step << 3), method == WARD ? Math.sqrt(max(dab, 0)) : dab);
  }
}

/**
 * Single linkage as Prim's minimum spanning tree. Scratch: best (n f64), from (n i32), active (n u8).
 * Out: left, right (n−1 i32: the tree's edges) and height (n−1 f64), in the order Prim adds them.
 */
@inline function mst<T>(x: usize, n: i32, d: i32, best: usize, from: usize, active: usize, left: usize, right: usize, height: usize): void {
  for (let i = 0; i < n; i++) {
    store<f64>(best + (<usize>i << 3), Infinity);
    store<i32>(from + (<usize>i << 2), 0);
    store<u8>(active + <usize>i, 1);
  }
  let cur = 0;
  store<u8>(active, 0);
  for (let step = 0; step < n - 1; step++) {
    let next = -1;
    let nd: f64 = Infinity;
    for (let j = 0; j < n; j++) {
      if (!load<u8>(active + <usize>j)) continue;
      const v = sqdist<T>(x, d, cur, j);
      if (v < load<f64>(best + (<usize>j << 3))) {
        store<f64>(best + (<usize>j << 3), v);
        store<i32>(from + (<usize>j << 2), cur);
      }
      const bj = load<f64>(best + (<usize>j << 3));
      if (next < 0 || bj < nd) {
        nd = bj;
        next = j;
      }
    }
    store<u8>(active + <usize>next, 0);
    store<i32>(left + (<usize>step << 2), load<i32>(from + (<usize>next << 2)));
    store<i32>(right + (<usize>step << 2), next);
    store<f64>(height + (<usize>step << 3), Math.sqrt(nd));
    cur = next;
  }
}

export function linkage_nnchain_f32(x: usize, n: i32, d: i32, method: i32, dm: usize, size: usize, chain: usize, active: usize, left: usize, right: usize, height: usize): void {
  nnchain<f32>(x, n, d, method, dm, size, chain, active, left, right, height);
}
export function linkage_nnchain_f64(x: usize, n: i32, d: i32, method: i32, dm: usize, size: usize, chain: usize, active: usize, left: usize, right: usize, height: usize): void {
  nnchain<f64>(x, n, d, method, dm, size, chain, active, left, right, height);
}
export function linkage_mst_f32(x: usize, n: i32, d: i32, best: usize, from: usize, active: usize, left: usize, right: usize, height: usize): void {
  mst<f32>(x, n, d, best, from, active, left, right, height);
}
export function linkage_mst_f64(x: usize, n: i32, d: i32, best: usize, from: usize, active: usize, left: usize, right: usize, height: usize): void {
  mst<f64>(x, n, d, best, from, active, left, right, height);
}
