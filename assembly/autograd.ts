// Backward kernels of the autodiff tape (src/autograd) for the array ops: broadcasting binary ops
// and reductions, and elementwise math. Each accumulates into the gradient of an operand
// (out += …), so a value used by several ops gets the sum of its contributions without a separate
// add pass. Operands are addressed by (row stride, column stride) in elements over the rows×cols
// index space of the op's result; a stride of 0 repeats (forward) or sums (backward) along that
// dimension, which is how one kernel covers NumPy broadcasting and sum/mean along an axis.
import { lanes, at, madd, hsum } from './simd';

const G = 0; // term = g
const GB = 1; // term = g·b
const G_DIV_B = 2; // term = g / b
const GC_DIV_B = 3; // term = g·c / b (d(a/b)/db = −(a/b)/b, with c = a/b)

@inline function term<T>(mode: i32, g: T, b: T, c: T): T {
  if (mode == G) return g;
  if (mode == GB) return g * b;
  if (mode == G_DIV_B) return g / b;
  return (g * c) / b;
}

@inline function vterm<T>(mode: i32, g: v128, b: v128, c: v128): v128 {
  if (mode == G) return g;
  if (mode == GB) return v128.mul<T>(g, b);
  if (mode == G_DIV_B) return v128.div<T>(g, b);
  return v128.div<T>(v128.mul<T>(g, c), b);
}

/**
 * out[i·oRs + j·oCs] += alpha · term(g[i,j], b[i,j], c[i,j]) over i < rows, j < cols, every operand
 * read through its own strides. Column strides are 0 or 1 (the facade's operands are row-major
 * and broadcast only whole rows or columns), so the SIMD loop runs along each row with every
 * operand either loaded or splatted, and out either stored or (one value per row) summed.
 */
@inline function bcastGrad<T>(mode: i32, rows: i32, cols: i32, g: usize, gRs: i32, gCs: i32, b: usize, bRs: i32, bCs: i32, c: usize, cRs: i32, cCs: i32, out: usize, oRs: i32, oCs: i32, alpha: T): void {
  for (let i = 0; i < rows; i++) {
    const gi = at<T>(g, i * gRs), bi = at<T>(b, i * bRs), ci = at<T>(c, i * cRs), oi = at<T>(out, i * oRs);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      {
        const L = lanes<T>();
        const va = v128.splat<T>(alpha);
        const b0: T = mode != G ? load<T>(bi) : <T>0;
        const c0: T = mode == GC_DIV_B ? load<T>(ci) : <T>0;
        const vb0 = v128.splat<T>(b0), vc0 = v128.splat<T>(c0), vg0 = v128.splat<T>(load<T>(gi));
        if (oCs == 1) {
          for (; j + L <= cols; j += L) {
            const vb = mode != G && bCs == 1 ? v128.load(at<T>(bi, j)) : vb0;
            const vc = mode == GC_DIV_B && cCs == 1 ? v128.load(at<T>(ci, j)) : vc0;
            const po = at<T>(oi, j);
            v128.store(po, madd<T>(va, vterm<T>(mode, gCs == 1 ? v128.load(at<T>(gi, j)) : vg0, vb, vc), v128.load(po)));
          }
        } else {
          let acc = v128.splat<T>(0);
          for (; j + L <= cols; j += L) {
            const vb = mode != G && bCs == 1 ? v128.load(at<T>(bi, j)) : vb0;
            const vc = mode == GC_DIV_B && cCs == 1 ? v128.load(at<T>(ci, j)) : vc0;
            acc = v128.add<T>(acc, vterm<T>(mode, gCs == 1 ? v128.load(at<T>(gi, j)) : vg0, vb, vc));
          }
          store<T>(oi, load<T>(oi) + alpha * hsum<T>(acc));
        }
      }
    }
    for (; j < cols; j++) {
      const bv: T = mode != G ? load<T>(at<T>(bi, j * bCs)) : <T>0;
      const cv: T = mode == GC_DIV_B ? load<T>(at<T>(ci, j * cCs)) : <T>0;
      const po = at<T>(oi, j * oCs);
      store<T>(po, load<T>(po) + alpha * term<T>(mode, load<T>(at<T>(gi, j * gCs)), bv, cv));
    }
  }
}

const EXP = 0; // y = eˣ: g·y
const LOG = 1; // y = ln x: g/x
const TANH = 2; // g·(1 − y²)
const SIGMOID = 3; // g·y·(1 − y)
const SQRT = 4; // g / (2y)
const SQUARE = 5; // 2·g·x
const ABS = 6; // g·sign(x)
const LOG1P = 7; // g / (1 + x)
const EXPM1 = 8; // g·(y + 1)
const POW = 9; // y = xᵖ: g·p·xᵖ⁻¹ (scalar: no SIMD pow)
const CLIP = 10; // g where the clip let x through (y == x), else 0

@inline function unaryTerm<T>(mode: i32, g: T, x: T, y: T, p: T): T {
  if (mode == EXP) return g * y;
  if (mode == LOG) return g / x;
  if (mode == TANH) return g * (<T>1 - y * y);
  if (mode == SIGMOID) return g * y * (<T>1 - y);
  if (mode == SQRT) return g / (<T>2 * y);
  if (mode == SQUARE) return <T>2 * g * x;
  if (mode == ABS) return x > 0 ? g : x < 0 ? -g : <T>0;
  if (mode == LOG1P) return g / (<T>1 + x);
  if (mode == POW) return g * p * <T>Math.pow(<f64>x, <f64>(p - <T>1));
  if (mode == CLIP) return y == x ? g : <T>0;
  return g * (y + <T>1);
}

@inline function vunaryTerm<T>(mode: i32, g: v128, x: v128, y: v128): v128 {
  const one = v128.splat<T>(1);
  if (mode == EXP) return v128.mul<T>(g, y);
  if (mode == LOG) return v128.div<T>(g, x);
  if (mode == TANH) return v128.mul<T>(g, v128.sub<T>(one, v128.mul<T>(y, y)));
  if (mode == SIGMOID) return v128.mul<T>(v128.mul<T>(g, y), v128.sub<T>(one, y));
  if (mode == SQRT) return v128.div<T>(g, v128.add<T>(y, y));
  if (mode == SQUARE) return v128.mul<T>(v128.add<T>(g, g), x);
  if (mode == ABS) {
    const zero = v128.splat<T>(0);
    return v128.sub<T>(v128.and(v128.gt<T>(x, zero), g), v128.and(v128.lt<T>(x, zero), g));
  }
  if (mode == LOG1P) return v128.div<T>(g, v128.add<T>(one, x));
  if (mode == CLIP) return v128.and(v128.eq<T>(y, x), g);
  return v128.mul<T>(g, v128.add<T>(y, one));
}

/** out[i] (+)= g[i]·f'(x[i]) for y = f(x); acc = 0 overwrites out. x or y is unused by some modes (pass either). */
@inline function unaryGrad<T>(mode: i32, g: usize, x: usize, y: usize, out: usize, n: i32, acc: bool, p: T): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && mode != POW) {
    const L = lanes<T>();
    for (; i + L <= n; i += L) {
      const t = vunaryTerm<T>(mode, v128.load(at<T>(g, i)), v128.load(at<T>(x, i)), v128.load(at<T>(y, i)));
      const po = at<T>(out, i);
      v128.store(po, acc ? v128.add<T>(v128.load(po), t) : t);
    }
  }
  for (; i < n; i++) {
    const t = unaryTerm<T>(mode, load<T>(at<T>(g, i)), load<T>(at<T>(x, i)), load<T>(at<T>(y, i)), p);
    const po = at<T>(out, i);
    store<T>(po, acc ? load<T>(po) + t : t);
  }
}

export function ag_bcast_grad_f32(mode: i32, rows: i32, cols: i32, g: usize, gRs: i32, gCs: i32, b: usize, bRs: i32, bCs: i32, c: usize, cRs: i32, cCs: i32, out: usize, oRs: i32, oCs: i32, alpha: f32): void {
  bcastGrad<f32>(mode, rows, cols, g, gRs, gCs, b, bRs, bCs, c, cRs, cCs, out, oRs, oCs, alpha);
}
export function ag_bcast_grad_f64(mode: i32, rows: i32, cols: i32, g: usize, gRs: i32, gCs: i32, b: usize, bRs: i32, bCs: i32, c: usize, cRs: i32, cCs: i32, out: usize, oRs: i32, oCs: i32, alpha: f64): void {
  bcastGrad<f64>(mode, rows, cols, g, gRs, gCs, b, bRs, bCs, c, cRs, cCs, out, oRs, oCs, alpha);
}
export function ag_unary_grad_f32(mode: i32, g: usize, x: usize, y: usize, out: usize, n: i32, acc: bool, p: f32): void { unaryGrad<f32>(mode, g, x, y, out, n, acc, p); }
export function ag_unary_grad_f64(mode: i32, g: usize, x: usize, y: usize, out: usize, n: i32, acc: bool, p: f64): void { unaryGrad<f64>(mode, g, x, y, out, n, acc, p); }
