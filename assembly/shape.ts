// Gathering and copying blocks: take (rows, columns or flat elements by index), slices and stacks
// (a block of rows copied between row strides), diagonals (strided copies). Indices arrive validated
// and non-negative from TypeScript. Whole rows move with memory.copy (bulk memory), which is as
// fast as a copy gets in Wasm; column gathers are a load/store per element.
import { at } from './simd';

/** out[k, ·] = a[idx[k], ·] for k < m; rowBytes per row (dtype-free). */
export function take_rows(a: usize, rowBytes: usize, idx: usize, m: i32, out: usize): void {
  for (let k = 0; k < m; k++) {
    memory.copy(out + <usize>k * rowBytes, a + <usize>load<i32>(at<i32>(idx, k)) * rowBytes, rowBytes);
  }
}

/** out (rows×m) [i, k] = a (rows×cols) [i, idx[k]]. */
@inline function takeCols<T>(a: usize, rows: i32, cols: i32, idx: usize, m: i32, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const src = at<T>(a, i * cols);
    const dst = at<T>(out, i * m);
    for (let k = 0; k < m; k++) store<T>(at<T>(dst, k), load<T>(at<T>(src, load<i32>(at<i32>(idx, k)))));
  }
}

/** out[k] = a[idx[k]] over the flat (row-major) elements. */
@inline function takeFlat<T>(a: usize, idx: usize, m: i32, out: usize): void {
  for (let k = 0; k < m; k++) store<T>(at<T>(out, k), load<T>(at<T>(a, load<i32>(at<i32>(idx, k)))));
}

/** dst[k·dstStride] = src[k·srcStride] for k < n (element strides). */
@inline function stridedCopy<T>(src: usize, srcStride: i32, dst: usize, dstStride: i32, n: i32): void {
  for (let k = 0; k < n; k++) store<T>(at<T>(dst, k * dstStride), load<T>(at<T>(src, k * srcStride)));
}

/** Copies `rows` rows of rowBytes bytes between byte strides (slices, hstack). Dtype-free. */
export function copy_block(src: usize, srcStride: usize, dst: usize, dstStride: usize, rows: i32, rowBytes: usize): void {
  for (let i = 0; i < rows; i++) memory.copy(dst + <usize>i * dstStride, src + <usize>i * srcStride, rowBytes);
}

export function take_cols_f32(a: usize, rows: i32, cols: i32, idx: usize, m: i32, out: usize): void { takeCols<f32>(a, rows, cols, idx, m, out); }
export function take_cols_f64(a: usize, rows: i32, cols: i32, idx: usize, m: i32, out: usize): void { takeCols<f64>(a, rows, cols, idx, m, out); }
export function take_flat_f32(a: usize, idx: usize, m: i32, out: usize): void { takeFlat<f32>(a, idx, m, out); }
export function take_flat_f64(a: usize, idx: usize, m: i32, out: usize): void { takeFlat<f64>(a, idx, m, out); }
export function strided_copy_f32(src: usize, srcStride: i32, dst: usize, dstStride: i32, n: i32): void { stridedCopy<f32>(src, srcStride, dst, dstStride, n); }
export function strided_copy_f64(src: usize, srcStride: i32, dst: usize, dstStride: i32, n: i32): void { stridedCopy<f64>(src, srcStride, dst, dstStride, n); }
