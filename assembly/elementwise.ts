// Elementwise kernels over contiguous arrays of n elements. One generic body per operation serves
// f32 and f64; the SIMD loop handles whole vectors and a scalar tail the remaining n % lanes.
// Outputs may alias inputs (out === a): every element is read before it is written.
import { lanes, at } from './simd';
import { vaxpy } from './vecops';

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;

// `op` is a constant at every call site, so after inlining the branches fold away.
@inline function vop<T>(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return v128.add<T>(a, b);
  if (op == SUB) return v128.sub<T>(a, b);
  if (op == MUL) return v128.mul<T>(a, b);
  return v128.div<T>(a, b);
}

@inline function sop<T>(op: i32, a: T, b: T): T {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  return a / b;
}

@inline function binary<T>(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    for (; i + L <= n; i += L) {
      v128.store(at<T>(out, i), vop<T>(op, v128.load(at<T>(a, i)), v128.load(at<T>(b, i))));
    }
  }
  for (; i < n; i++) store<T>(at<T>(out, i), sop<T>(op, load<T>(at<T>(a, i)), load<T>(at<T>(b, i))));
}

/** out[i] = value */
@inline function fill<T>(out: usize, value: T, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v = v128.splat<T>(value);
    for (const L = lanes<T>(); i + L <= n; i += L) v128.store(at<T>(out, i), v);
  }
  for (; i < n; i++) store<T>(at<T>(out, i), value);
}

/** out[i] = alpha * a[i] */
@inline function scale<T>(a: usize, alpha: T, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = v128.splat<T>(alpha);
    for (const L = lanes<T>(); i + L <= n; i += L) v128.store(at<T>(out, i), v128.mul<T>(v128.load(at<T>(a, i)), va));
  }
  for (; i < n; i++) store<T>(at<T>(out, i), alpha * load<T>(at<T>(a, i)));
}

/** Converts n elements between dtypes (f64 → f32 rounds to nearest). */
@inline function convert<S, D>(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<D>(at<D>(dst, i), <D>load<S>(at<S>(src, i)));
}

export function fill_f32(out: usize, value: f32, n: i32): void { fill<f32>(out, value, n); }
export function fill_f64(out: usize, value: f64, n: i32): void { fill<f64>(out, value, n); }
/** Bytes, not elements: one copy serves every dtype. Overlapping ranges are fine (memmove). */
export function copy_bytes(src: usize, dst: usize, bytes: usize): void { memory.copy(dst, src, bytes); }
export function add_f32(a: usize, b: usize, out: usize, n: i32): void { binary<f32>(ADD, a, b, out, n); }
export function add_f64(a: usize, b: usize, out: usize, n: i32): void { binary<f64>(ADD, a, b, out, n); }
export function sub_f32(a: usize, b: usize, out: usize, n: i32): void { binary<f32>(SUB, a, b, out, n); }
export function sub_f64(a: usize, b: usize, out: usize, n: i32): void { binary<f64>(SUB, a, b, out, n); }
export function mul_f32(a: usize, b: usize, out: usize, n: i32): void { binary<f32>(MUL, a, b, out, n); }
export function mul_f64(a: usize, b: usize, out: usize, n: i32): void { binary<f64>(MUL, a, b, out, n); }
export function div_f32(a: usize, b: usize, out: usize, n: i32): void { binary<f32>(DIV, a, b, out, n); }
export function div_f64(a: usize, b: usize, out: usize, n: i32): void { binary<f64>(DIV, a, b, out, n); }
export function scale_f32(a: usize, alpha: f32, out: usize, n: i32): void { scale<f32>(a, alpha, out, n); }
export function scale_f64(a: usize, alpha: f64, out: usize, n: i32): void { scale<f64>(a, alpha, out, n); }
/** y[i] += alpha * x[i] (BLAS axpy) */
export function axpy_f32(alpha: f32, x: usize, y: usize, n: i32): void { vaxpy<f32>(alpha, x, y, n); }
export function axpy_f64(alpha: f64, x: usize, y: usize, n: i32): void { vaxpy<f64>(alpha, x, y, n); }
export function convert_f64_f32(src: usize, dst: usize, n: i32): void { convert<f64, f32>(src, dst, n); }
export function convert_f32_f64(src: usize, dst: usize, n: i32): void { convert<f32, f64>(src, dst, n); }

/** out (cols×rows) = aᵀ (rows×cols), in 32×32 tiles so both sides stay in cache. out must not alias a. */
@inline function transpose<T>(a: usize, out: usize, rows: i32, cols: i32): void {
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = min(i0 + B, rows);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = min(j0 + B, cols);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) store<T>(at<T>(out, j * rows + i), load<T>(at<T>(a, i * cols + j)));
      }
    }
  }
}

export function transpose_f32(a: usize, out: usize, rows: i32, cols: i32): void { transpose<f32>(a, out, rows, cols); }
export function transpose_f64(a: usize, out: usize, rows: i32, cols: i32): void { transpose<f64>(a, out, rows, cols); }
