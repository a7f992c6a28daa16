// Stable argsort along an axis: for every row (axis 1) or column (axis 0), the indices that sort it
// ascending, equal keys keeping their order (NumPy's kind='stable').
//
// Each run is gathered into contiguous (key, index) arrays, sorted by a bottom-up merge sort whose
// first pass is an insertion sort of blocks of RUN elements (stable, and faster than merging from
// width 1 for short blocks; see Knuth, TAOCP vol. 3, §5.2.4, and Timsort's minrun idea), then the
// indices are scattered to the output in A's layout. Merging ping-pongs between two buffers.
import { at } from './simd';

const RUN = 32;

/** Sorts n (key, index) pairs in (k, x) stably by key; kb, xb are buffers of the same sizes. Returns 1 if the result ended in (kb, xb). */
@inline function mergeSort<T>(k: usize, x: usize, kb: usize, xb: usize, n: i32): i32 {
  for (let s = 0; s < n; s += RUN) {
    const e = min(s + RUN, n);
    for (let i = s + 1; i < e; i++) {
      const key = load<T>(at<T>(k, i));
      const idx = load<i32>(at<i32>(x, i));
      let j = i - 1;
      // strict > keeps equal keys in order
      while (j >= s && load<T>(at<T>(k, j)) > key) {
        store<T>(at<T>(k, j + 1), load<T>(at<T>(k, j)));
        store<i32>(at<i32>(x, j + 1), load<i32>(at<i32>(x, j)));
        j--;
      }
      store<T>(at<T>(k, j + 1), key);
      store<i32>(at<i32>(x, j + 1), idx);
    }
  }
  let flipped = 0;
  for (let w = RUN; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = min(lo + w, n);
      const hi = min(lo + 2 * w, n);
      let i = lo, j = mid, o = lo;
      while (i < mid && j < hi) {
        // take from the left on ties: stability
        if (load<T>(at<T>(k, j)) < load<T>(at<T>(k, i))) {
          store<T>(at<T>(kb, o), load<T>(at<T>(k, j)));
          store<i32>(at<i32>(xb, o++), load<i32>(at<i32>(x, j++)));
        } else {
          store<T>(at<T>(kb, o), load<T>(at<T>(k, i)));
          store<i32>(at<i32>(xb, o++), load<i32>(at<i32>(x, i++)));
        }
      }
      for (; i < mid; i++, o++) {
        store<T>(at<T>(kb, o), load<T>(at<T>(k, i)));
        store<i32>(at<i32>(xb, o), load<i32>(at<i32>(x, i)));
      }
      for (; j < hi; j++, o++) {
        store<T>(at<T>(kb, o), load<T>(at<T>(k, j)));
        store<i32>(at<i32>(xb, o), load<i32>(at<i32>(x, j)));
      }
    }
    let t = k; k = kb; kb = t;
    t = x; x = xb; xb = t;
    flipped ^= 1;
  }
  return flipped;
}

/**
 * out (i32, rows×cols): for axis 1, row i of out sorts row i of a; for axis 0, column j of out sorts
 * column j. scratch: n·(2·sizeof<T> + 8) bytes for the run length n along the axis.
 */
@inline function argsort<T>(a: usize, rows: i32, cols: i32, axis: i32, out: usize, scratch: usize): void {
  const runs = axis == 1 ? rows : cols;
  const n = axis == 1 ? cols : rows;
  const stride = axis == 1 ? 1 : cols; // element stride along a run, in a and in out
  const k0 = scratch;
  const k1 = scratch + (<usize>n * sizeof<T>());
  const x0 = scratch + (<usize>n * 2 * sizeof<T>());
  const x1 = x0 + (<usize>n << 2);
  for (let r = 0; r < runs; r++) {
    const base = axis == 1 ? r * cols : r;
    for (let i = 0; i < n; i++) {
      store<T>(at<T>(k0, i), load<T>(at<T>(a, base + i * stride)));
      store<i32>(at<i32>(x0, i), i);
    }
    const x = mergeSort<T>(k0, x0, k1, x1, n) ? x1 : x0;
    for (let i = 0; i < n; i++) store<i32>(at<i32>(out, base + i * stride), load<i32>(at<i32>(x, i)));
  }
}

export function argsort_f32(a: usize, rows: i32, cols: i32, axis: i32, out: usize, scratch: usize): void { argsort<f32>(a, rows, cols, axis, out, scratch); }
export function argsort_f64(a: usize, rows: i32, cols: i32, axis: i32, out: usize, scratch: usize): void { argsort<f64>(a, rows, cols, axis, out, scratch); }
