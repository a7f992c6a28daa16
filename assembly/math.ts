// Elementwise math over n contiguous elements, and broadcasting binary operations over rows×cols.
// Outputs may alias inputs: every element is read before it is written.
//
// Transcendentals use AssemblyScript's NativeMath / NativeMathf (musl-derived, < 1 ulp), one scalar
// call per element: Wasm has no vector exp/log, and a polynomial SIMD exp would trade accuracy for a
// speed-up these ops do not need at their sizes. Operations Wasm has as instructions (sqrt, abs,
// min/max, comparisons) run as SIMD loops with a scalar tail.
import { lanes, at } from './simd';

const EXP = 0;
const LOG = 1;
const LOG1P = 2;
const EXPM1 = 3;
const TANH = 4;
const SIGMOID = 5;

@inline function exp<T>(x: T): T {
  return sizeof<T>() == 4 ? <T>Mathf.exp(<f32>x) : <T>Math.exp(<f64>x);
}

/** One transcendental; `op` is a constant at every call site, so the branches fold away. */
@inline function transcendental<T>(op: i32, x: T): T {
  if (sizeof<T>() == 4) {
    const v = <f32>x;
    if (op == EXP) return <T>Mathf.exp(v);
    if (op == LOG) return <T>Mathf.log(v);
    if (op == LOG1P) return <T>Mathf.log1p(v);
    if (op == EXPM1) return <T>Mathf.expm1(v);
    if (op == TANH) return <T>Mathf.tanh(v);
  } else {
    const v = <f64>x;
    if (op == EXP) return <T>Math.exp(v);
    if (op == LOG) return <T>Math.log(v);
    if (op == LOG1P) return <T>Math.log1p(v);
    if (op == EXPM1) return <T>Math.expm1(v);
    if (op == TANH) return <T>Math.tanh(v);
  }
  // logistic σ(x) = 1/(1 + e^−x), evaluated so that exp never overflows: for x < 0 as e^x/(1 + e^x)
  if (x >= 0) return <T>1 / (<T>1 + exp<T>(-x));
  const e = exp<T>(x);
  return e / (<T>1 + e);
}

@inline function unary<T>(op: i32, a: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<T>(at<T>(out, i), transcendental<T>(op, load<T>(at<T>(a, i))));
}

const SQRT = 0;
const ABS = 1;
const SQUARE = 2;
const SIGN = 3;

@inline function vsimple<T>(op: i32, x: v128): v128 {
  if (op == SQRT) return v128.sqrt<T>(x);
  if (op == ABS) return v128.abs<T>(x);
  if (op == SQUARE) return v128.mul<T>(x, x);
  // sign: (x > 0) → 1, (x < 0) → −1, else 0; the compare masks select the constants
  const zero = v128.splat<T>(0);
  return v128.or(v128.and(v128.gt<T>(x, zero), v128.splat<T>(1)), v128.and(v128.lt<T>(x, zero), v128.splat<T>(-1)));
}

@inline function ssimple<T>(op: i32, x: T): T {
  if (op == SQRT) return sqrt<T>(x);
  if (op == ABS) return abs<T>(x);
  if (op == SQUARE) return x * x;
  return x > 0 ? <T>1 : x < 0 ? <T>-1 : <T>0;
}

@inline function simple<T>(op: i32, a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (const L = lanes<T>(); i + L <= n; i += L) v128.store(at<T>(out, i), vsimple<T>(op, v128.load(at<T>(a, i))));
  }
  for (; i < n; i++) store<T>(at<T>(out, i), ssimple<T>(op, load<T>(at<T>(a, i))));
}

/** out[i] = a[i]^p */
@inline function pow<T>(a: usize, p: T, out: usize, n: i32): void {
  if (sizeof<T>() == 4) {
    for (let i = 0; i < n; i++) store<f32>(at<f32>(out, i), Mathf.pow(load<f32>(at<f32>(a, i)), <f32>p));
  } else {
    for (let i = 0; i < n; i++) store<f64>(at<f64>(out, i), Math.pow(load<f64>(at<f64>(a, i)), <f64>p));
  }
}

/** out[i] = min(max(a[i], lo), hi) */
@inline function clip<T>(a: usize, lo: T, hi: T, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlo = v128.splat<T>(lo);
    const vhi = v128.splat<T>(hi);
    for (const L = lanes<T>(); i + L <= n; i += L) {
      v128.store(at<T>(out, i), v128.pmin<T>(v128.pmax<T>(v128.load(at<T>(a, i)), vlo), vhi));
    }
  }
  for (; i < n; i++) {
    const x = load<T>(at<T>(a, i));
    store<T>(at<T>(out, i), x < lo ? lo : x > hi ? hi : x);
  }
}

/** Index of the first a[i] < bound, or −1: the domain check before log, sqrt, pow. */
@inline function firstBelow<T>(a: usize, n: i32, bound: T): i32 {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vb = v128.splat<T>(bound);
    // whole vectors first; only a vector that holds an offender is rescanned element by element
    for (const L = lanes<T>(); i + L <= n; i += L) {
      if (v128.any_true(v128.lt<T>(v128.load(at<T>(a, i)), vb))) break;
    }
  }
  for (; i < n; i++) if (load<T>(at<T>(a, i)) < bound) return i;
  return -1;
}

// ---- broadcasting binary operations ----
// A and B are read with element strides (rowStride, colStride) ∈ {(cols, 1), (0, 1), (cols', 0), (0, 0)}:
// a full matrix, a 1×cols row repeated down, a rows×1 column repeated across, or a single value.

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const MAX = 4;
const MIN = 5;

@inline function vop<T>(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return v128.add<T>(a, b);
  if (op == SUB) return v128.sub<T>(a, b);
  if (op == MUL) return v128.mul<T>(a, b);
  if (op == DIV) return v128.div<T>(a, b);
  if (op == MAX) return v128.pmax<T>(a, b); // finite inputs: pmax/pmin are exact
  return v128.pmin<T>(a, b);
}

@inline function sop<T>(op: i32, a: T, b: T): T {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  if (op == DIV) return a / b;
  if (op == MAX) return a < b ? b : a;
  return b < a ? b : a;
}

/** One output row: a and b advance by aStep, bStep ∈ {0, 1} elements. */
@inline function row<T>(op: i32, a: usize, aStep: i32, b: usize, bStep: i32, out: usize, n: i32): void {
  let j = 0;
  if (aStep && bStep) {
    if (ASC_FEATURE_SIMD) {
      for (const L = lanes<T>(); j + L <= n; j += L) v128.store(at<T>(out, j), vop<T>(op, v128.load(at<T>(a, j)), v128.load(at<T>(b, j))));
    }
    for (; j < n; j++) store<T>(at<T>(out, j), sop<T>(op, load<T>(at<T>(a, j)), load<T>(at<T>(b, j))));
  } else if (bStep) {
    const x = load<T>(a);
    if (ASC_FEATURE_SIMD) {
      const va = v128.splat<T>(x);
      for (const L = lanes<T>(); j + L <= n; j += L) v128.store(at<T>(out, j), vop<T>(op, va, v128.load(at<T>(b, j))));
    }
    for (; j < n; j++) store<T>(at<T>(out, j), sop<T>(op, x, load<T>(at<T>(b, j))));
  } else if (aStep) {
    const y = load<T>(b);
    if (ASC_FEATURE_SIMD) {
      const vb = v128.splat<T>(y);
      for (const L = lanes<T>(); j + L <= n; j += L) v128.store(at<T>(out, j), vop<T>(op, v128.load(at<T>(a, j)), vb));
    }
    for (; j < n; j++) store<T>(at<T>(out, j), sop<T>(op, load<T>(at<T>(a, j)), y));
  } else {
    const v = sop<T>(op, load<T>(a), load<T>(b));
    for (; j < n; j++) store<T>(at<T>(out, j), v);
  }
}

@inline function broadcast<T>(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, rows: i32, cols: i32): void {
  // Every row reads its own elements before writing them, so out may alias a full-shape a or b.
  for (let i = 0; i < rows; i++) {
    row<T>(op, at<T>(a, i * aRow), aCol, at<T>(b, i * bRow), bCol, at<T>(out, i * cols), cols);
  }
}

export function exp_f32(a: usize, out: usize, n: i32): void { unary<f32>(EXP, a, out, n); }
export function exp_f64(a: usize, out: usize, n: i32): void { unary<f64>(EXP, a, out, n); }
export function log_f32(a: usize, out: usize, n: i32): void { unary<f32>(LOG, a, out, n); }
export function log_f64(a: usize, out: usize, n: i32): void { unary<f64>(LOG, a, out, n); }
export function log1p_f32(a: usize, out: usize, n: i32): void { unary<f32>(LOG1P, a, out, n); }
export function log1p_f64(a: usize, out: usize, n: i32): void { unary<f64>(LOG1P, a, out, n); }
export function expm1_f32(a: usize, out: usize, n: i32): void { unary<f32>(EXPM1, a, out, n); }
export function expm1_f64(a: usize, out: usize, n: i32): void { unary<f64>(EXPM1, a, out, n); }
export function tanh_f32(a: usize, out: usize, n: i32): void { unary<f32>(TANH, a, out, n); }
export function tanh_f64(a: usize, out: usize, n: i32): void { unary<f64>(TANH, a, out, n); }
export function sigmoid_f32(a: usize, out: usize, n: i32): void { unary<f32>(SIGMOID, a, out, n); }
export function sigmoid_f64(a: usize, out: usize, n: i32): void { unary<f64>(SIGMOID, a, out, n); }
export function sqrt_f32(a: usize, out: usize, n: i32): void { simple<f32>(SQRT, a, out, n); }
export function sqrt_f64(a: usize, out: usize, n: i32): void { simple<f64>(SQRT, a, out, n); }
export function abs_f32(a: usize, out: usize, n: i32): void { simple<f32>(ABS, a, out, n); }
export function abs_f64(a: usize, out: usize, n: i32): void { simple<f64>(ABS, a, out, n); }
export function square_f32(a: usize, out: usize, n: i32): void { simple<f32>(SQUARE, a, out, n); }
export function square_f64(a: usize, out: usize, n: i32): void { simple<f64>(SQUARE, a, out, n); }
export function sign_f32(a: usize, out: usize, n: i32): void { simple<f32>(SIGN, a, out, n); }
export function sign_f64(a: usize, out: usize, n: i32): void { simple<f64>(SIGN, a, out, n); }
export function pow_f32(a: usize, p: f32, out: usize, n: i32): void { pow<f32>(a, p, out, n); }
export function pow_f64(a: usize, p: f64, out: usize, n: i32): void { pow<f64>(a, p, out, n); }
export function clip_f32(a: usize, lo: f32, hi: f32, out: usize, n: i32): void { clip<f32>(a, lo, hi, out, n); }
export function clip_f64(a: usize, lo: f64, hi: f64, out: usize, n: i32): void { clip<f64>(a, lo, hi, out, n); }
export function first_below_f32(a: usize, n: i32, bound: f32): i32 { return firstBelow<f32>(a, n, bound); }
export function first_below_f64(a: usize, n: i32, bound: f64): i32 { return firstBelow<f64>(a, n, bound); }

export function bcast_add_f32(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f32>(ADD, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_add_f64(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f64>(ADD, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_sub_f32(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f32>(SUB, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_sub_f64(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f64>(SUB, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_mul_f32(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f32>(MUL, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_mul_f64(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f64>(MUL, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_div_f32(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f32>(DIV, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_div_f64(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f64>(DIV, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_maximum_f32(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f32>(MAX, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_maximum_f64(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f64>(MAX, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_minimum_f32(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f32>(MIN, a, ar, ac, b, br, bc, out, rows, cols); }
export function bcast_minimum_f64(a: usize, ar: i32, ac: i32, b: usize, br: i32, bc: i32, out: usize, rows: i32, cols: i32): void { broadcast<f64>(MIN, a, ar, ac, b, br, bc, out, rows, cols); }
