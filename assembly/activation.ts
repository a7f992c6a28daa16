// Activations and their derivatives, forward and backward side by side. Elementwise ones run over n
// contiguous values; softmax and log-softmax run along each row of a rows×cols block (one sample per
// row). `kind` is decided once per call, so each activation gets its own loop.
//
// Backward kernels take the forward input x, the forward output y and the upstream gradient dy, and
// write dx = f'(x)·dy; each uses whichever of x or y gives the derivative cheaply and stably.
// dx may alias dy (each element is read before it is written).
//
// Stability for large |x| (all of these are exact identities, chosen so no intermediate overflows):
//   sigmoid(x)  = 1/(1+e^−x) for x ≥ 0, e^x/(1+e^x) for x < 0
//   softplus(x) = max(x, 0) + log1p(e^−|x|)
//   elu(x)      = α·expm1(x) for x ≤ 0 (expm1 keeps the small-|x| digits)
//   gelu(x)     = x·Φ(x) in the tanh form of Hendrycks & Gimpel (2016), 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))
//                 (PyTorch's approximate='tanh'); tanh saturates to ±1, so large |x| give x or 0
//   softmax     = e^{x−max}/Σe^{x−max};  log-softmax = x − max − log Σe^{x−max}
// Transcendentals use AssemblyScript's Math/Mathf (musl ports compiled into the module), so results
// are bit-identical across engines.
import { lanes, at } from './simd';
import { expT, expm1T, logT, tanhT, sigmoidT, softplusT } from './mathT';

const RELU = 0;
const LEAKY_RELU = 1;
const ELU = 2;
const SIGMOID = 3;
const TANH = 4;
const SOFTPLUS = 5;
const GELU = 6;

// GELU, tanh form: √(2/π) and the cubic coefficient.
const GELU_C: f64 = 0.7978845608028654;
const GELU_A: f64 = 0.044715;

@inline function geluForward<T>(x: T): T {
  const u = <T>GELU_C * (x + <T>GELU_A * x * x * x);
  return <T>0.5 * x * (<T>1 + tanhT<T>(u));
}

/** d/dx of 0.5·x·(1 + tanh u), u = c(x + a·x³): 0.5(1 + t) + 0.5·x·(1 − t²)·c(1 + 3a·x²). */
@inline function geluDerivative<T>(x: T): T {
  const u = <T>GELU_C * (x + <T>GELU_A * x * x * x);
  const t = tanhT<T>(u);
  return <T>0.5 * (<T>1 + t) + <T>0.5 * x * (<T>1 - t * t) * <T>GELU_C * (<T>1 + <T>(3 * GELU_A) * x * x);
}

/** y = f(x) elementwise; alpha is the negative slope (leaky ReLU) or scale (ELU). y may alias x. */
@inline function forward<T>(kind: i32, x: usize, y: usize, n: i32, alpha: T): void {
  let i = 0;
  if (kind == RELU || kind == LEAKY_RELU) {
    // a select on x > 0 (not max(x, αx), which is wrong for α > 1)
    if (ASC_FEATURE_SIMD) {
      const zero = v128.splat<T>(0);
      const va = v128.splat<T>(alpha);
      for (const L = lanes<T>(); i + L <= n; i += L) {
        const v = v128.load(at<T>(x, i));
        const neg = kind == RELU ? zero : v128.mul<T>(v, va);
        v128.store(at<T>(y, i), v128.bitselect(v, neg, v128.gt<T>(v, zero)));
      }
    }
    for (; i < n; i++) {
      const v = load<T>(at<T>(x, i));
      store<T>(at<T>(y, i), v > <T>0 ? v : kind == RELU ? <T>0 : alpha * v);
    }
    return;
  }
  for (; i < n; i++) {
    const v = load<T>(at<T>(x, i));
    let r: T;
    if (kind == ELU) r = v > <T>0 ? v : alpha * expm1T<T>(v);
    else if (kind == SIGMOID) r = sigmoidT<T>(v);
    else if (kind == TANH) r = tanhT<T>(v);
    else if (kind == SOFTPLUS) r = softplusT<T>(v);
    else r = geluForward<T>(v);
    store<T>(at<T>(y, i), r);
  }
}

/** dx = f'(x)·dy from the forward input x and output y. */
@inline function backward<T>(kind: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32, alpha: T): void {
  let i = 0;
  if (kind == RELU || kind == LEAKY_RELU) {
    // the subgradient at 0 is 0 (relu) / alpha (leaky), as in PyTorch and TensorFlow
    if (ASC_FEATURE_SIMD) {
      const zero = v128.splat<T>(0);
      const va = v128.splat<T>(alpha);
      for (const L = lanes<T>(); i + L <= n; i += L) {
        const g = v128.load(at<T>(dy, i));
        const neg = kind == RELU ? zero : v128.mul<T>(g, va);
        v128.store(at<T>(dx, i), v128.bitselect(g, neg, v128.gt<T>(v128.load(at<T>(x, i)), zero)));
      }
    }
    for (; i < n; i++) {
      const g = load<T>(at<T>(dy, i));
      store<T>(at<T>(dx, i), load<T>(at<T>(x, i)) > <T>0 ? g : kind == RELU ? <T>0 : alpha * g);
    }
    return;
  }
  if (kind == SIGMOID || kind == TANH) {
    // σ' = y(1 − y), tanh' = 1 − y²: from the output, no transcendental
    if (ASC_FEATURE_SIMD) {
      const one = v128.splat<T>(1);
      for (const L = lanes<T>(); i + L <= n; i += L) {
        const v = v128.load(at<T>(y, i));
        const d = kind == SIGMOID ? v128.mul<T>(v, v128.sub<T>(one, v)) : v128.sub<T>(one, v128.mul<T>(v, v));
        v128.store(at<T>(dx, i), v128.mul<T>(d, v128.load(at<T>(dy, i))));
      }
    }
    for (; i < n; i++) {
      const v = load<T>(at<T>(y, i));
      const d = kind == SIGMOID ? v * (<T>1 - v) : <T>1 - v * v;
      store<T>(at<T>(dx, i), d * load<T>(at<T>(dy, i)));
    }
    return;
  }
  for (; i < n; i++) {
    const v = load<T>(at<T>(x, i));
    let d: T;
    if (kind == ELU) d = v > <T>0 ? <T>1 : load<T>(at<T>(y, i)) + alpha; // α·e^x = y + α
    else if (kind == SOFTPLUS) d = sigmoidT<T>(v);
    else d = geluDerivative<T>(v);
    store<T>(at<T>(dx, i), d * load<T>(at<T>(dy, i)));
  }
}

/** Row-wise softmax (log = false) or log-softmax (log = true) of a rows×cols block; y may alias x. */
@inline function softmaxRows<T>(log: bool, x: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = at<T>(x, r * cols), yr = at<T>(y, r * cols);
    let m = load<T>(xr);
    for (let j = 1; j < cols; j++) m = max<T>(m, load<T>(at<T>(xr, j)));
    let s: T = 0;
    if (log) {
      for (let j = 0; j < cols; j++) s += expT<T>(load<T>(at<T>(xr, j)) - m);
      const lse = m + logT<T>(s);
      for (let j = 0; j < cols; j++) store<T>(at<T>(yr, j), load<T>(at<T>(xr, j)) - lse);
    } else {
      for (let j = 0; j < cols; j++) {
        const e = expT<T>(load<T>(at<T>(xr, j)) - m);
        store<T>(at<T>(yr, j), e);
        s += e;
      }
      const inv = <T>1 / s;
      for (let j = 0; j < cols; j++) store<T>(at<T>(yr, j), load<T>(at<T>(yr, j)) * inv);
    }
  }
}

/**
 * Backward of the row-wise softmax from its output y: dx = y ⊙ (dy − ⟨dy, y⟩) per row; of the
 * log-softmax: dx = dy − e^y·Σdy. dx may alias dy.
 */
@inline function softmaxRowsBackward<T>(log: bool, y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const yr = at<T>(y, r * cols), gr = at<T>(dy, r * cols), dr = at<T>(dx, r * cols);
    let s: T = 0;
    if (log) {
      for (let j = 0; j < cols; j++) s += load<T>(at<T>(gr, j));
      for (let j = 0; j < cols; j++) store<T>(at<T>(dr, j), load<T>(at<T>(gr, j)) - expT<T>(load<T>(at<T>(yr, j))) * s);
    } else {
      for (let j = 0; j < cols; j++) s += load<T>(at<T>(gr, j)) * load<T>(at<T>(yr, j));
      for (let j = 0; j < cols; j++) {
        const v = load<T>(at<T>(yr, j));
        store<T>(at<T>(dr, j), v * (load<T>(at<T>(gr, j)) - s));
      }
    }
  }
}

/** kind: 0 relu, 1 leaky relu (alpha = slope), 2 elu (alpha = scale), 3 sigmoid, 4 tanh, 5 softplus, 6 gelu. */
export function act_forward_f32(kind: i32, x: usize, y: usize, n: i32, alpha: f32): void { forward<f32>(kind, x, y, n, alpha); }
export function act_forward_f64(kind: i32, x: usize, y: usize, n: i32, alpha: f64): void { forward<f64>(kind, x, y, n, alpha); }
export function act_backward_f32(kind: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32, alpha: f32): void { backward<f32>(kind, x, y, dy, dx, n, alpha); }
export function act_backward_f64(kind: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32, alpha: f64): void { backward<f64>(kind, x, y, dy, dx, n, alpha); }
/** log: 0 softmax, 1 log-softmax, along each row. */
export function softmax_f32(log: i32, x: usize, y: usize, rows: i32, cols: i32): void { softmaxRows<f32>(log != 0, x, y, rows, cols); }
export function softmax_f64(log: i32, x: usize, y: usize, rows: i32, cols: i32): void { softmaxRows<f64>(log != 0, x, y, rows, cols); }
export function softmax_backward_f32(log: i32, y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void { softmaxRowsBackward<f32>(log != 0, y, dy, dx, rows, cols); }
export function softmax_backward_f64(log: i32, y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void { softmaxRowsBackward<f64>(log != 0, y, dy, dx, rows, cols); }
