// Losses with their gradient in one pass: the value is returned (accumulated in f64), and when
// `grad` is not 0 the gradient of that value with respect to the predictions is written there
// (grad may alias pred). Reduction is the mean, as in PyTorch and Keras: over all rows·cols
// elements for the elementwise losses, over the rows (samples) for softmax cross-entropy.
//
// Classification losses take logits, never probabilities, so they stay finite for any input:
//   binary cross-entropy  ℓ(z, t) = max(z, 0) − z·t + log1p(e^−|z|),  ∂ℓ/∂z = σ(z) − t
//   softmax cross-entropy ℓ(z, c) = logΣe^{z} − z_c (shifted by the row max), ∂ℓ/∂z = softmax(z) − onehot(c)
//   hinge                 ℓ(z, t) = max(0, 1 − t·z) with t = ±1,  ∂ℓ/∂z = −t where t·z < 1
//   huber (δ)             ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond (PyTorch's HuberLoss), r = z − t
// With `correct` not 0, the classification kernels also store how many rows they predict right
// (argmax = label; z > 0 ⇔ t = 1), so a training step gets its accuracy without another call.
import { at } from './simd';
import { expT, logT, log1pT, sigmoidT } from './mathT';

const MSE = 0;
const MAE = 1;
const HUBER = 2;
const BCE = 3;
const HINGE = 4;

@inline function elementwise<T>(kind: i32, z: usize, t: usize, grad: usize, rows: i32, cols: i32, delta: T, correct: usize): f64 {
  const n = rows * cols;
  if (n == 0) return 0;
  const inv = <T>(1.0 / <f64>n);
  let total: f64 = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const zi = load<T>(at<T>(z, i));
    const ti = load<T>(at<T>(t, i));
    let v: T, g: T;
    if (kind == MSE) {
      const r = zi - ti;
      v = r * r;
      g = <T>2 * r;
    } else if (kind == MAE) {
      const r = zi - ti;
      v = abs<T>(r);
      g = r > <T>0 ? <T>1 : r < <T>0 ? <T>-1 : <T>0;
    } else if (kind == HUBER) {
      const r = zi - ti;
      const a = abs<T>(r);
      if (a <= delta) {
        v = <T>0.5 * r * r;
        g = r;
      } else {
        v = delta * (a - <T>0.5 * delta);
        g = r > <T>0 ? delta : -delta;
      }
    } else if (kind == BCE) {
      v = max<T>(zi, <T>0) - zi * ti + log1pT<T>(expT<T>(-abs<T>(zi)));
      g = sigmoidT<T>(zi) - ti;
      if ((zi > <T>0) == (ti >= <T>0.5)) hits++;
    } else {
      const m = <T>1 - ti * zi;
      v = m > <T>0 ? m : <T>0;
      g = m > <T>0 ? -ti : <T>0;
      if ((zi > <T>0) == (ti > <T>0)) hits++;
    }
    total += <f64>v;
    if (grad != 0) store<T>(at<T>(grad, i), g * inv);
  }
  if (correct != 0) store<i32>(correct, hits);
  return total / <f64>n;
}

/** Softmax cross-entropy from logits z (rows×cols) and integer labels (rows, each in [0, cols)). */
@inline function softmaxCrossEntropy<T>(z: usize, labels: usize, grad: usize, rows: i32, cols: i32, correct: usize): f64 {
  if (rows == 0) return 0;
  const inv = <T>(1.0 / <f64>rows);
  let total: f64 = 0;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    const zr = at<T>(z, r * cols);
    const c = load<i32>(labels + (<usize>r << 2));
    let m = load<T>(zr);
    let best = 0;
    for (let j = 1; j < cols; j++) {
      const v = load<T>(at<T>(zr, j));
      if (v > m) {
        m = v;
        best = j;
      }
    }
    if (best == c) hits++;
    let s: T = 0;
    for (let j = 0; j < cols; j++) s += expT<T>(load<T>(at<T>(zr, j)) - m);
    const zc = load<T>(at<T>(zr, c));
    total += <f64>(logT<T>(s) - (zc - m));
    if (grad != 0) {
      const gr = at<T>(grad, r * cols);
      const scale = inv / s;
      for (let j = 0; j < cols; j++) store<T>(at<T>(gr, j), expT<T>(load<T>(at<T>(zr, j)) - m) * scale);
      store<T>(at<T>(gr, c), load<T>(at<T>(gr, c)) - inv);
    }
  }
  if (correct != 0) store<i32>(correct, hits);
  return total / <f64>rows;
}

/**
 * kind: 0 mse, 1 mae, 2 huber (param = δ), 3 binary cross-entropy from logits (targets in [0, 1]),
 * 4 hinge (targets ±1). pred and target are rows×cols; returns the mean loss.
 */
export function loss_f32(kind: i32, pred: usize, target: usize, grad: usize, rows: i32, cols: i32, param: f32, correct: usize): f64 {
  return elementwise<f32>(kind, pred, target, grad, rows, cols, param, correct);
}
export function loss_f64(kind: i32, pred: usize, target: usize, grad: usize, rows: i32, cols: i32, param: f64, correct: usize): f64 {
  return elementwise<f64>(kind, pred, target, grad, rows, cols, param, correct);
}
/** Softmax cross-entropy from logits (rows×cols) and int32 labels; returns the mean over rows. */
export function softmax_ce_f32(logits: usize, labels: usize, grad: usize, rows: i32, cols: i32, correct: usize): f64 {
  return softmaxCrossEntropy<f32>(logits, labels, grad, rows, cols, correct);
}
export function softmax_ce_f64(logits: usize, labels: usize, grad: usize, rows: i32, cols: i32, correct: usize): f64 {
  return softmaxCrossEntropy<f64>(logits, labels, grad, rows, cols, correct);
}
