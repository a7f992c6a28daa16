// wl.nn.functional: the activation and loss kernels on Matrix arguments, one Wasm call each. The
// layers of wl.nn call the same kernels on their own buffers; autodiff and user code call these.
// Rows are samples: softmax / log-softmax and softmax cross-entropy work along each row.
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { tape } from '../core/tape.js';
import { checkMatrix, checkNumber, checkOptions, checkSameShape, describe } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';

/** Elementwise activations, by their kernel code (assembly/activation.ts). */
export const ACTIVATIONS = { relu: 0, leakyRelu: 1, elu: 2, sigmoid: 3, tanh: 4, softplus: 5, gelu: 6 } as const;
export type Activation = keyof typeof ACTIVATIONS;

/** Losses, by their kernel code (assembly/loss.ts); softmaxCrossEntropy has its own kernel. */
export const LOSSES = { mse: 0, mae: 1, huber: 2, binaryCrossEntropy: 3, hinge: 4, softmaxCrossEntropy: -1 } as const;
export type Loss = keyof typeof LOSSES;

/** Default slope of leakyRelu (PyTorch's 0.01) and scale of elu (1). */
export const DEFAULT_ALPHA: Record<Activation, number> = { relu: 0, leakyRelu: 0.01, elu: 1, sigmoid: 0, tanh: 0, softplus: 0, gelu: 0 };

export interface ActivationOptions {
  /** leakyRelu: negative slope (default 0.01); elu: scale of the negative part (default 1). */
  alpha?: number;
  /** Write the result here (same shape and dtype; may be the input itself). */
  out?: Matrix;
}

function checkActivation(kind: unknown, where: string): Activation {
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(ACTIVATIONS, kind)) {
    throw new InvalidParameterError(`${where}: unknown activation ${describe(kind)}; expected one of ${Object.keys(ACTIVATIONS).join(', ')}`);
  }
  return kind as Activation;
}

function target(rt: Runtime, like: Matrix, out: unknown, name = 'out'): Matrix {
  if (out === undefined) return Matrix.alloc(rt, like.rows, like.cols, like.dtype);
  const m = checkMatrix(out, name);
  checkSameShape(like, m, 'the input', name);
  return m;
}

function alphaOf(kind: Activation, o: Record<string, unknown>): number {
  return o.alpha === undefined ? DEFAULT_ALPHA[kind] : checkNumber(o.alpha, 'alpha');
}

/** Y = f(X) elementwise for one of the activations (relu, leakyRelu, elu, sigmoid, tanh, softplus, gelu). */
export function activation(kind: Activation, X: Matrix, options?: ActivationOptions): Matrix {
  const rt = runtime('wl.nn.functional.activation()');
  const a = checkActivation(kind, 'wl.nn.functional.activation');
  const o = checkOptions(options, ['alpha', 'out'], `wl.nn.functional.${a}`);
  checkMatrix(X, 'X');
  const alpha = alphaOf(a, o);
  const Y = target(rt, X, o.out);
  typed(rt.kernels, 'act_forward', X.dtype)(ACTIVATIONS[a], X.ptr, Y.ptr, X.size, alpha);
  if (tape !== null) tape.record('activation', [X], Y, { kind: ACTIVATIONS[a], alpha });
  return Y;
}

/**
 * dX = f'(X) ⊙ dY, given the forward input X and output Y = f(X) (sigmoid and tanh use Y, the
 * others X; pass both). `out` may be dY itself.
 */
export function activationBackward(kind: Activation, X: Matrix, Y: Matrix, dY: Matrix, options?: ActivationOptions): Matrix {
  const rt = runtime('wl.nn.functional.activationBackward()');
  const a = checkActivation(kind, 'wl.nn.functional.activationBackward');
  const o = checkOptions(options, ['alpha', 'out'], `wl.nn.functional.${a}Backward`);
  checkMatrix(X, 'X');
  checkMatrix(Y, 'Y');
  checkMatrix(dY, 'dY');
  checkSameShape(X, Y, 'X', 'Y');
  checkSameShape(X, dY, 'X', 'dY');
  const alpha = alphaOf(a, o);
  const dX = target(rt, X, o.out);
  typed(rt.kernels, 'act_backward', X.dtype)(ACTIVATIONS[a], X.ptr, Y.ptr, dY.ptr, dX.ptr, X.size, alpha);
  return dX;
}

export const relu = (X: Matrix, options?: ActivationOptions): Matrix => activation('relu', X, options);
export const leakyRelu = (X: Matrix, options?: ActivationOptions): Matrix => activation('leakyRelu', X, options);
export const elu = (X: Matrix, options?: ActivationOptions): Matrix => activation('elu', X, options);
export const sigmoid = (X: Matrix, options?: ActivationOptions): Matrix => activation('sigmoid', X, options);
export const tanh = (X: Matrix, options?: ActivationOptions): Matrix => activation('tanh', X, options);
export const softplus = (X: Matrix, options?: ActivationOptions): Matrix => activation('softplus', X, options);
export const gelu = (X: Matrix, options?: ActivationOptions): Matrix => activation('gelu', X, options);

function softmaxImpl(log: boolean, X: Matrix, options?: { out?: Matrix }): Matrix {
  const name = log ? 'logSoftmax' : 'softmax';
  const rt = runtime(`wl.nn.functional.${name}()`);
  const o = checkOptions(options, ['out'], `wl.nn.functional.${name}`);
  checkMatrix(X, 'X');
  const Y = target(rt, X, o.out);
  typed(rt.kernels, 'softmax', X.dtype)(+log, X.ptr, Y.ptr, X.rows, X.cols);
  if (tape !== null) tape.record('softmax', [X], Y, { log });
  return Y;
}

function softmaxBackwardImpl(log: boolean, Y: Matrix, dY: Matrix, options?: { out?: Matrix }): Matrix {
  const name = log ? 'logSoftmaxBackward' : 'softmaxBackward';
  const rt = runtime(`wl.nn.functional.${name}()`);
  const o = checkOptions(options, ['out'], `wl.nn.functional.${name}`);
  checkMatrix(Y, 'Y');
  checkMatrix(dY, 'dY');
  checkSameShape(Y, dY, 'Y', 'dY');
  const dX = target(rt, Y, o.out);
  typed(rt.kernels, 'softmax_backward', Y.dtype)(+log, Y.ptr, dY.ptr, dX.ptr, Y.rows, Y.cols);
  return dX;
}

/** Row-wise softmax: Y[i, :] = e^{X[i, :]} / Σ e^{X[i, :]} (shifted by the row max, never overflows). */
export const softmax = (X: Matrix, options?: { out?: Matrix }): Matrix => softmaxImpl(false, X, options);
/** Row-wise log-softmax: X − max − log Σ e^{X − max}. */
export const logSoftmax = (X: Matrix, options?: { out?: Matrix }): Matrix => softmaxImpl(true, X, options);
/** Backward of softmax from its output Y: dX = Y ⊙ (dY − rowsum(dY ⊙ Y)). */
export const softmaxBackward = (Y: Matrix, dY: Matrix, options?: { out?: Matrix }): Matrix => softmaxBackwardImpl(false, Y, dY, options);
/** Backward of log-softmax from its output Y: dX = dY − e^Y · rowsum(dY). */
export const logSoftmaxBackward = (Y: Matrix, dY: Matrix, options?: { out?: Matrix }): Matrix => softmaxBackwardImpl(true, Y, dY, options);

export interface LossOptions {
  /** huber: the threshold δ between the quadratic and the linear part (default 1). */
  delta?: number;
  /** false: the value only. A Matrix: write the gradient there (same shape as pred; may be pred). Default: a new Matrix. */
  grad?: Matrix | false;
}

export interface LossResult {
  /** The mean loss (over all elements; over rows for softmaxCrossEntropy). */
  value: number;
  /** ∂value/∂pred (pred's shape), unless `grad: false`. */
  grad?: Matrix;
}

function checkLoss(kind: unknown, where: string): Loss {
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(LOSSES, kind)) {
    throw new InvalidParameterError(`${where}: unknown loss ${describe(kind)}; expected one of ${Object.keys(LOSSES).join(', ')}`);
  }
  return kind as Loss;
}

/** @internal Integer class labels (length rows, each in [0, cols)) copied into a new heap block. */
export function labelsToHeap(rt: Runtime, labels: unknown, rows: number, cols: number, name: string): number {
  let values: ArrayLike<number>;
  if (labels instanceof Matrix) {
    checkMatrix(labels, name);
    if (labels.rows !== 1 && labels.cols !== 1) throw new ShapeError(`${name}: expected a vector of labels (one row or one column), got ${labels.rows}×${labels.cols}`);
    values = labels.toTypedArray();
  } else if (Array.isArray(labels) || (ArrayBuffer.isView(labels) && !(labels instanceof DataView))) {
    values = labels as ArrayLike<number>;
  } else {
    throw new ValidationError(`${name}: expected integer class labels (Int32Array, number[] or a vector Matrix), got ${describe(labels)}`);
  }
  if (values.length !== rows) throw new ShapeError(`${name}: expected ${rows} labels (one per row of logits), got ${values.length}`);
  for (let i = 0; i < rows; i++) {
    const c = values[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= cols) {
      throw new ValidationError(`${name}[${i}]: expected an integer class index in [0, ${cols - 1}], got ${describe(c)}`);
    }
  }
  const ptr = rt.heap.alloc(Math.max(rows, 1) * 4);
  rt.heap.i32.set(values as ArrayLike<number>, ptr >>> 2);
  return ptr;
}

/**
 * A loss and its gradient in one pass. `pred` holds logits for the classification losses:
 * binaryCrossEntropy (targets in [0, 1], same shape), hinge (targets ±1), softmaxCrossEntropy
 * (`target`: integer labels, one per row, in [0, cols)). mse, mae, huber: targets of pred's shape.
 */
export function loss(kind: Loss, pred: Matrix, target: Matrix | ArrayLike<number>, options?: LossOptions): LossResult {
  const rt = runtime('wl.nn.functional.loss()');
  const k = checkLoss(kind, 'wl.nn.functional.loss');
  const o = checkOptions(options, ['delta', 'grad'], `wl.nn.functional.loss('${k}')`);
  checkMatrix(pred, 'pred');
  const delta = o.delta === undefined ? 1 : checkNumber(o.delta, 'delta');
  if (!(delta > 0)) throw new InvalidParameterError(`delta: expected a number > 0, got ${delta}`);
  let grad: Matrix | undefined;
  if (o.grad !== false) {
    grad = o.grad === undefined ? undefined : checkMatrix(o.grad, 'grad');
    if (grad) checkSameShape(pred, grad, 'pred', 'grad');
  }
  let value: number;
  if (k === 'softmaxCrossEntropy') {
    const labels = labelsToHeap(rt, target, pred.rows, pred.cols, 'target');
    try {
      if (o.grad !== false && !grad) grad = Matrix.alloc(rt, pred.rows, pred.cols, pred.dtype);
      value = typed(rt.kernels, 'softmax_ce', pred.dtype)(pred.ptr, labels, grad ? grad.ptr : 0, pred.rows, pred.cols, 0);
    } finally {
      rt.heap.free(labels);
    }
  } else {
    const t = checkMatrix(target, 'target');
    checkSameShape(pred, t, 'pred', 'target');
    if (o.grad !== false && !grad) grad = Matrix.alloc(rt, pred.rows, pred.cols, pred.dtype);
    value = typed(rt.kernels, 'loss', pred.dtype)(LOSSES[k], pred.ptr, t.ptr, grad ? grad.ptr : 0, pred.rows, pred.cols, delta, 0);
  }
  if (tape !== null) tape.record('loss', [pred], value, { grad });
  return grad ? { value, grad } : { value };
}

export const mse = (pred: Matrix, target: Matrix, options?: LossOptions): LossResult => loss('mse', pred, target, options);
export const mae = (pred: Matrix, target: Matrix, options?: LossOptions): LossResult => loss('mae', pred, target, options);
export const huber = (pred: Matrix, target: Matrix, options?: LossOptions): LossResult => loss('huber', pred, target, options);
export const binaryCrossEntropy = (logits: Matrix, target: Matrix, options?: LossOptions): LossResult => loss('binaryCrossEntropy', logits, target, options);
export const hinge = (pred: Matrix, target: Matrix, options?: LossOptions): LossResult => loss('hinge', pred, target, options);
export const softmaxCrossEntropy = (logits: Matrix, labels: Matrix | ArrayLike<number>, options?: LossOptions): LossResult => loss('softmaxCrossEntropy', logits, labels, options);

/**
 * A dense layer's forward pass Y = X·W + b (X: m×in, W: in×out, b: 1×out) as a new Matrix
 * (m×out), bias added in the same call.
 */
export function dense(X: Matrix, W: Matrix, b: Matrix): Matrix {
  const rt = runtime('wl.nn.functional.dense()');
  checkDense(X, W, b);
  const Y = Matrix.alloc(rt, X.rows, W.cols, X.dtype);
  withScratch(rt, X.dtype, X.rows, W.rows, W.cols, (s) => typed(rt.kernels, 'dense_forward', X.dtype)(X.ptr, W.ptr, b.ptr, Y.ptr, X.rows, W.rows, W.cols, s));
  if (tape !== null) tape.record('dense', [X, W, b], Y);
  return Y;
}

/** A dense layer's backward pass: dW = Xᵀ·dY, db = Σ_rows dY, dX = dY·Wᵀ, as new matrices. */
export function denseBackward(X: Matrix, W: Matrix, dY: Matrix): { dX: Matrix; dW: Matrix; db: Matrix } {
  const rt = runtime('wl.nn.functional.denseBackward()');
  checkMatrix(X, 'X');
  checkMatrix(W, 'W');
  checkMatrix(dY, 'dY');
  if (X.cols !== W.rows) throw new ShapeError(`W: expected ${X.cols} rows (the columns of X), got ${W.rows}×${W.cols}`);
  if (dY.rows !== X.rows || dY.cols !== W.cols) throw new ShapeError(`dY: expected shape ${X.rows}×${W.cols}, got ${dY.rows}×${dY.cols}`);
  if (W.dtype !== X.dtype || dY.dtype !== X.dtype) throw new ValidationError(`W and dY: expected dtype ${X.dtype} (like X)`);
  const dX = Matrix.alloc(rt, X.rows, X.cols, X.dtype);
  const dW = Matrix.alloc(rt, W.rows, W.cols, X.dtype);
  const db = Matrix.alloc(rt, 1, W.cols, X.dtype);
  withScratch(rt, X.dtype, X.rows, W.rows, W.cols, (s) =>
    typed(rt.kernels, 'dense_backward', X.dtype)(X.ptr, W.ptr, dY.ptr, dX.ptr, dW.ptr, db.ptr, X.rows, W.rows, W.cols, s),
  );
  return { dX, dW, db };
}

function checkDense(X: Matrix, W: Matrix, b: Matrix): void {
  checkMatrix(X, 'X');
  checkMatrix(W, 'W');
  checkMatrix(b, 'b');
  if (X.cols !== W.rows) throw new ShapeError(`W: expected ${X.cols} rows (the columns of X), got ${W.rows}×${W.cols}`);
  if (b.size !== W.cols || (b.rows !== 1 && b.cols !== 1)) throw new ShapeError(`b: expected a vector of ${W.cols} values (the columns of W), got ${b.rows}×${b.cols}`);
  if (W.dtype !== X.dtype || b.dtype !== X.dtype) throw new ValidationError(`W and b: expected dtype ${X.dtype} (like X), got ${W.dtype} and ${b.dtype}`);
}

function withScratch(rt: Runtime, dtype: Matrix['dtype'], m: number, nIn: number, nOut: number, fn: (scratch: number) => void): void {
  const scratch = rt.heap.alloc(typed(rt.kernels, 'dense_scratch_bytes', dtype)(m, nIn, nOut));
  try {
    fn(scratch);
  } finally {
    rt.heap.free(scratch);
  }
}
