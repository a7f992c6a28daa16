// Sequential: a stack of layers, trained by mini-batch gradient descent with any wl.optim optimizer.
//
// One training step is a handful of Wasm calls on blocks that live for the whole fit: gather the
// batch rows (1–2 calls), each layer's forward (1 call; dense adds its bias in the same call), the
// loss with its gradient (1 call), each layer's backward (1 call; dense computes dW, db and dX
// together), the L1/L2 penalty (1 call per weight matrix, if asked) and the optimizer's fused
// update (1 call per parameter). Nothing is allocated per batch, nothing is copied through JS.
//
// fit is async: between batches it yields to the event loop when more than YIELD_MS have passed
// (a page stays responsive without paying a timer per batch) and checks the AbortSignal before
// every batch, so an abort stops training within one batch.
import { DisposedError, InvalidParameterError, ModelFormatError, NotFittedError, ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import type { DType } from '../core/dtype.js';
import { checkInteger, checkNumber, checkOptions, describe, type MatrixLike } from '../core/validate.js';
import { kernel, typed, type Kernel } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { decodeArray, encodeArray, envelope, readNumber, readObject, readString, type ModelJSON } from '../io/format.js';
import { registerModel } from '../io/load.js';
import { classesFromJSON, classesToJSON, codesFor, decodeLabels, encodeLabels, type Classes, type Labels } from '../base/labels.js';
import { readTargets, readX, release, type Borrowed } from '../base/input.js';
import { Adam, type Optimizer } from '../optim/optimizer.js';
import { addPenaltyGrad } from '../optim/gradients.js';
import { LOSSES, type Loss } from './functional.js';
import { BatchNorm1d, Dense, Dropout, ELU, GELU, LeakyReLU, Layer, MAX_UNITS, ReLU, Sigmoid, Softmax, Softplus, Tanh, type Context } from './layers.js';

/** Largest number of rows one inference pass handles; bigger inputs run in chunks of this. */
const INFER_ROWS = 1024;
/** Yield to the event loop when this much time has passed since the last yield. */
const YIELD_MS = 15;
/** Largest network wl.load accepts: layers, and parameters in all. */
const MAX_LAYERS = 1024;
const MAX_PARAMS = 1 << 27;

const CLASSIFICATION: readonly Loss[] = ['softmaxCrossEntropy', 'binaryCrossEntropy', 'hinge'];

export interface EarlyStopping {
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** Smallest decrease of the monitored loss that counts as an improvement (default 0). */
  minDelta?: number;
}

/** Per-epoch numbers passed to onEpochEnd / onBatchEnd. */
export interface Logs {
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface FitOptions {
  /** 'softmaxCrossEntropy' (integer or string labels; the net outputs logits), 'binaryCrossEntropy', 'hinge', 'mse', 'mae', 'huber'. */
  loss: Loss;
  /** Any wl.optim optimizer (default: Adam, lr 1e-3, owned by the network). */
  optimizer?: Optimizer;
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Shuffle the samples before each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffles and dropout masks (default: random). */
  seed?: number;
  /** Fraction of the samples, taken from the end before shuffling (as Keras), held out for validation. */
  validationSplit?: number;
  /** Validation data [X, y] (takes precedence over validationSplit). */
  validationData?: [MatrixLike, unknown];
  /** Weight of Σ|W| over the dense weights, added to the loss (default 0). */
  l1?: number;
  /** Weight of ΣW² over the dense weights, added to the loss (default 0). */
  l2?: number;
  /** huber: the threshold δ (default 1). */
  delta?: number;
  /** Stop when the monitored loss (validation loss if there is validation data) stops improving. */
  earlyStopping?: EarlyStopping;
  onEpochEnd?: (epoch: number, logs: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs: { loss: number }) => void | Promise<void>;
  /** Aborting rejects fit with the signal's reason within one batch; the weights keep their last update. */
  signal?: AbortSignal;
}

export interface History {
  /** Training loss per epoch (mean over the epoch's batches, penalty included). */
  loss: number[];
  /** Training accuracy per epoch (classification losses). */
  accuracy?: number[];
  valLoss?: number[];
  valAccuracy?: number[];
  /** Epochs run. */
  epochs: number;
  /** True when early stopping ended the training. */
  stoppedEarly: boolean;
}

/** What the network was trained for: how predict reads its outputs. */
interface Task {
  loss: Loss;
  delta: number;
  /** Classes for classification (labels of the output columns), null for regression. */
  classes: Classes | null;
  /** Regression with one target given as a vector: predict returns one value per sample. */
  vector: boolean;
}

export interface PredictOptions {
  /** Write into this array (of the right length) instead of a new one: one-sample inference then allocates nothing. */
  out?: Float64Array | Float32Array;
}

const itemBytes = (dtype: DType): number => (dtype === 'float32' ? 4 : 8);

export class Sequential {
  static readonly kind = 'Sequential';
  readonly #layers: Layer[];
  readonly dtype: DType;
  readonly inFeatures: number;
  readonly outFeatures: number;
  #rt: Runtime;
  #capacity = 0;
  #scratch = 0;
  #input = 0; // capacity × in: inputs copied from JS
  #target = 0; // capacity × max(out, 1): gathered targets / labels
  #grad = 0; // capacity × out: loss gradient
  #probs = 0; // capacity × out: probabilities (predictProba)
  #count = 0; // one i32: correct predictions of a loss call
  #ctx: Context;
  #task: Task | null = null;
  #optimizer: Optimizer | null = null; // the default one, owned
  #disposed = false;
  #lastRows = -1; // rows of the last public forward (what backward may use)
  #k: { gather: Kernel; loss: Kernel; ce: Kernel; act: Kernel; softmax: Kernel; nonfinite: Kernel };

  constructor(layers: Layer[]) {
    const rt = runtime('new wl.nn.Sequential()');
    if (!Array.isArray(layers) || layers.length === 0) throw new InvalidParameterError(`layers: expected a non-empty array of layers, got ${describe(layers)}`);
    if (layers.length > MAX_LAYERS) throw new InvalidParameterError(`layers: at most ${MAX_LAYERS} layers, got ${layers.length}`);
    layers.forEach((l, i) => {
      if (!(l instanceof Layer)) throw new InvalidParameterError(`layers[${i}]: expected a wl.nn layer (Dense, ReLU, …), got ${describe(l)}`);
      if (l.owned) throw new InvalidParameterError(`layers[${i}]: this ${l.type} layer already belongs to a network; create a new one`);
      if (layers.indexOf(l) !== i) throw new InvalidParameterError(`layers[${i}]: the same ${l.type} layer appears twice`);
    });
    const dtypes = new Set(layers.map((l) => l.fixedDType).filter((d): d is DType => d !== undefined));
    if (dtypes.size > 1) throw new ValidationError(`layers: every Dense/BatchNorm1d layer must have the same dtype, got ${[...dtypes].join(' and ')}`);
    const first = layers.findIndex((l) => l.inFeatures > 0);
    if (first < 0) throw new InvalidParameterError('layers: a network needs at least one Dense or BatchNorm1d layer (they fix the number of features)');
    this.dtype = [...dtypes][0] ?? 'float32';
    let width = layers[first].inFeatures;
    this.inFeatures = width;
    for (const l of layers) width = l.connect(width, this.dtype);
    this.outFeatures = width;
    for (const l of layers) l.owned = true;
    this.#layers = layers;
    this.#rt = rt;
    this.#ctx = { rt, dtype: this.dtype, scratch: 0, rng: null };
    this.#k = {
      gather: kernel(rt.kernels, 'gather_rows'),
      loss: typed(rt.kernels, 'loss', this.dtype),
      ce: typed(rt.kernels, 'softmax_ce', this.dtype),
      act: typed(rt.kernels, 'act_forward', this.dtype),
      softmax: typed(rt.kernels, 'softmax', this.dtype),
      nonfinite: typed(rt.kernels, 'count_nonfinite', this.dtype),
    };
  }

  /** The layers, in order. */
  get layers(): readonly Layer[] {
    return this.#layers;
  }

  /** What fit was trained for (loss and classes), or null before fit / load. */
  get classes(): Classes {
    this.#alive();
    if (!this.#task) throw new NotFittedError('Sequential.classes: the network has not been fitted; call fit() first');
    if (!this.#task.classes) throw new InvalidParameterError(`classes: the network was trained for regression (loss '${this.#task.loss}'), it has no classes`);
    return this.#task.classes;
  }

  /** Every trainable parameter (live matrices the network owns), in layer order. */
  parameters(): Matrix[] {
    this.#alive();
    return this.#layers.flatMap((l) => l.parameters());
  }

  /** Gradients from the last backward pass, one per parameter. */
  gradients(): Matrix[] {
    this.#alive();
    return this.#layers.flatMap((l) => l.gradients());
  }

  // ---- buffers ----

  /** Sizes every block for `rows` rows (grows only). */
  #reserve(rows: number): void {
    if (rows <= this.#capacity) return;
    const rt = this.#rt;
    const heap = rt.heap;
    this.#freeBuffers();
    const b = itemBytes(this.dtype);
    let scratch = 16;
    for (const l of this.#layers) {
      l.reserve(rt, rows, this.dtype);
      if (l instanceof Dense) scratch = Math.max(scratch, l.scratchBytes(rt, rows));
    }
    this.#scratch = heap.alloc(scratch);
    this.#input = heap.alloc(rows * this.inFeatures * b);
    this.#target = heap.alloc(rows * Math.max(this.outFeatures, 1) * b);
    this.#grad = heap.alloc(rows * this.outFeatures * b);
    this.#probs = heap.alloc(rows * this.outFeatures * b);
    this.#count = heap.alloc(4);
    this.#ctx.scratch = this.#scratch;
    this.#capacity = rows;
  }

  #freeBuffers(): void {
    const heap = this.#rt.heap;
    for (const p of [this.#scratch, this.#input, this.#target, this.#grad, this.#probs, this.#count]) if (p) heap.free(p);
    this.#scratch = this.#input = this.#target = this.#grad = this.#probs = this.#count = 0;
    for (const l of this.#layers) l.releaseBuffers();
    this.#capacity = 0;
  }

  // ---- forward / backward ----

  /** Runs layers [0, end) on m rows at x; returns the output block. */
  #run(x: number, m: number, training: boolean, end = this.#layers.length): number {
    let p = x;
    for (let i = 0; i < end; i++) p = this.#layers[i].forward(this.#ctx, p, m, training);
    return p;
  }

  /** Backward through layers [0, end) from dy; parameter gradients land in each layer. */
  #back(dy: number, m: number, end: number, needDx: boolean): number {
    let g = dy;
    for (let i = end - 1; i >= 0; i--) g = this.#layers[i].backward(this.#ctx, g, m, i > 0 || needDx);
    return g;
  }

  /**
   * The network's output for X (n×in) as a new Matrix (n×out). With `training: true`, dropout and
   * batch normalization run as in training (dropout needs `seed`). Keeps the activations, so that
   * backward(dY) can follow.
   */
  forward(X: MatrixLike, options?: { training?: boolean; seed?: number }): Matrix {
    this.#alive();
    const o = checkOptions(options, ['training', 'seed'], 'Sequential.forward');
    const training = o.training === true;
    // every option is checked before X is converted: nothing to free on a bad seed
    const seed = o.seed === undefined ? undefined : checkInteger(o.seed, 'seed', -(2 ** 53), 2 ** 53);
    const x = this.#readX(X);
    const rng = seed !== undefined ? new Generator(seed) : null;
    try {
      const m = x.matrix.rows;
      this.#reserve(m);
      const prev = this.#ctx.rng;
      if (rng) this.#ctx.rng = rng;
      let out: number;
      try {
        // the input is copied, so that backward reads it even after X is disposed
        kernel(this.#rt.kernels, 'copy_bytes')(x.matrix.ptr, this.#input, m * this.inFeatures * itemBytes(this.dtype));
        out = this.#run(this.#input, m, training);
      } finally {
        this.#ctx.rng = prev;
      }
      this.#lastRows = m;
      const Y = Matrix.alloc(this.#rt, m, this.outFeatures, this.dtype);
      kernel(this.#rt.kernels, 'copy_bytes')(out, Y.ptr, m * this.outFeatures * itemBytes(this.dtype));
      return Y;
    } finally {
      rng?.dispose();
      release(x);
    }
  }

  /**
   * Backpropagates dY (∂L/∂output, n×out, from the last forward) through the network: fills
   * gradients() and returns ∂L/∂X (n×in) as a new Matrix.
   */
  backward(dY: Matrix): Matrix {
    this.#alive();
    if (!(dY instanceof Matrix)) throw new ValidationError(`dY: expected a Matrix, got ${describe(dY)}`);
    if (this.#lastRows < 0) throw new InvalidParameterError('Sequential.backward: call forward(X) first');
    if (dY.rows !== this.#lastRows || dY.cols !== this.outFeatures) throw new ShapeError(`dY: expected shape ${this.#lastRows}×${this.outFeatures} (the last forward's output), got ${dY.rows}×${dY.cols}`);
    if (dY.dtype !== this.dtype) throw new ValidationError(`dY: expected dtype ${this.dtype}, got ${dY.dtype}`);
    const m = this.#lastRows;
    kernel(this.#rt.kernels, 'copy_bytes')(dY.ptr, this.#grad, m * this.outFeatures * itemBytes(this.dtype));
    const dx = this.#back(this.#grad, m, this.#layers.length, true);
    const dX = Matrix.alloc(this.#rt, m, this.inFeatures, this.dtype);
    kernel(this.#rt.kernels, 'copy_bytes')(dx, dX.ptr, m * this.inFeatures * itemBytes(this.dtype));
    return dX;
  }

  // ---- training ----

  /** Trains on X (n×in) and y; see FitOptions. Resolves with the per-epoch history. */
  async fit(X: MatrixLike, y: unknown, options: FitOptions): Promise<History> {
    this.#alive();
    const o = checkOptions(options, ['loss', 'optimizer', 'epochs', 'batchSize', 'shuffle', 'seed', 'validationSplit', 'validationData', 'l1', 'l2', 'delta', 'earlyStopping', 'onEpochEnd', 'onBatchEnd', 'signal'], 'Sequential.fit');
    if (o.loss === undefined) throw new InvalidParameterError(`loss: required; expected one of ${Object.keys(LOSSES).join(', ')}`);
    if (typeof o.loss !== 'string' || !Object.prototype.hasOwnProperty.call(LOSSES, o.loss)) {
      throw new InvalidParameterError(`loss: unknown loss ${describe(o.loss)}; expected one of ${Object.keys(LOSSES).join(', ')}`);
    }
    const loss = o.loss as Loss;
    const epochs = o.epochs === undefined ? 1 : checkInteger(o.epochs, 'epochs', 1, 1e6);
    const batchSize = o.batchSize === undefined ? 32 : checkInteger(o.batchSize, 'batchSize', 1, 1 << 20);
    const shuffle = o.shuffle === undefined ? true : flag(o.shuffle, 'shuffle');
    const seed = o.seed === undefined ? undefined : checkInteger(o.seed, 'seed', -(2 ** 53), 2 ** 53);
    const split = o.validationSplit === undefined ? 0 : checkNumber(o.validationSplit, 'validationSplit');
    if (!(split >= 0 && split < 1)) throw new InvalidParameterError(`validationSplit: expected a fraction in [0, 1), got ${split}`);
    const l1 = o.l1 === undefined ? 0 : checkNumber(o.l1, 'l1');
    const l2 = o.l2 === undefined ? 0 : checkNumber(o.l2, 'l2');
    if (l1 < 0 || l2 < 0) throw new InvalidParameterError(`l1, l2: expected numbers >= 0, got ${l1} and ${l2}`);
    const delta = o.delta === undefined ? 1 : checkNumber(o.delta, 'delta');
    if (!(delta > 0)) throw new InvalidParameterError(`delta: expected a number > 0, got ${delta}`);
    let patience = Infinity, minDelta = 0;
    if (o.earlyStopping !== undefined) {
      const es = checkOptions(o.earlyStopping, ['patience', 'minDelta'], 'earlyStopping');
      patience = es.patience === undefined ? 5 : checkInteger(es.patience, 'earlyStopping.patience', 0);
      minDelta = es.minDelta === undefined ? 0 : checkNumber(es.minDelta, 'earlyStopping.minDelta');
    }
    for (const name of ['onEpochEnd', 'onBatchEnd'] as const) {
      if (o[name] !== undefined && typeof o[name] !== 'function') throw new InvalidParameterError(`${name}: expected a function, got ${describe(o[name])}`);
    }
    const signal = o.signal as AbortSignal | undefined;
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
      throw new InvalidParameterError(`signal: expected an AbortSignal, got ${describe(signal)}`);
    }
    let optimizer = o.optimizer as Optimizer | undefined;
    if (optimizer !== undefined && (optimizer === null || typeof (optimizer as Optimizer).step !== 'function')) {
      throw new InvalidParameterError(`optimizer: expected a wl.optim optimizer (Adam, SGD, …), got ${describe(optimizer)}`);
    }
    if (o.validationData !== undefined && (!Array.isArray(o.validationData) || o.validationData.length !== 2)) {
      throw new InvalidParameterError(`validationData: expected [X, y], got ${describe(o.validationData)}`);
    }
    const last = this.#layers[this.#layers.length - 1];
    if (loss === 'softmaxCrossEntropy' && this.outFeatures < 2) throw new ShapeError(`loss 'softmaxCrossEntropy': the network needs one output per class (at least 2), it has ${this.outFeatures}`);
    if (CLASSIFICATION.includes(loss) && last instanceof Softmax && loss !== 'softmaxCrossEntropy') throw new InvalidParameterError(`loss '${loss}': a final Softmax layer only goes with 'softmaxCrossEntropy'`);

    const rt = this.#rt;
    const heap = rt.heap;
    const b = itemBytes(this.dtype);
    const owned: number[] = [];
    const x = this.#readX(X);
    let val: { x: Borrowed; t: number; n: number } | null = null;
    let gen: Generator | null = null;
    try {
      const n = x.matrix.rows;
      // targets: int32 class codes (softmax cross-entropy) or a float n×out block
      const task: Task = { loss, delta, classes: null, vector: false };
      const { block: targets, rowBytes } = this.#readTargets(y, n, task, 'y', owned);
      if (this.#task && this.#task.classes && task.classes && !sameClasses(this.#task.classes, task.classes)) {
        throw new ValidationError(`y: the classes (${task.classes.join(', ')}) differ from those of the previous fit (${this.#task.classes.join(', ')})`);
      }
      let nTrain = n;
      if (o.validationData !== undefined) {
        const [Xv, yv] = o.validationData as [MatrixLike, unknown];
        const vx = this.#readX(Xv, 'validationData[0]');
        try {
          const vTask: Task = { ...task, classes: task.classes };
          const vt = this.#readTargets(yv, vx.matrix.rows, vTask, 'validationData[1]', owned, task.classes);
          val = { x: vx, t: vt.block, n: vx.matrix.rows };
        } catch (error) {
          release(vx);
          throw error;
        }
      } else if (split > 0) {
        const nVal = Math.floor(n * split);
        if (nVal < 1 || nVal >= n) throw new InvalidParameterError(`validationSplit: ${split} of ${n} samples leaves ${nVal} for validation and ${n - nVal} for training; both need at least one`);
        nTrain = n - nVal;
        val = { x: { matrix: x.matrix, owned: false }, t: targets + nTrain * rowBytes, n: nVal };
      }
      const xRow = this.inFeatures * b;
      const valX = val ? (val.x.matrix === x.matrix ? x.matrix.ptr + nTrain * xRow : val.x.matrix.ptr) : 0;
      const m0 = Math.min(batchSize, nTrain);
      this.#reserve(Math.max(m0, val ? Math.min(val.n, INFER_ROWS) : 1));
      if (!optimizer) optimizer = this.#optimizer ??= new Adam({ lr: 1e-3 });
      this.#task = task;
      gen = new Generator(seed);
      this.#ctx.rng = gen;
      const idx = heap.alloc(Math.max(nTrain, 1) * 4);
      owned.push(idx);
      if (!shuffle) heap.i32.set(Int32Array.from({ length: nTrain }, (_, i) => i), idx >>> 2);
      const params = this.parameters();
      const grads = this.gradients();
      const penalized = this.#layers.flatMap((l) => l.penalized());
      const pw = penalized.map((p) => p[0]), pg = penalized.map((p) => p[1]);
      const lossEnd = this.#lossEnd(loss);
      const isClass = task.classes !== null;
      const history: History = { loss: [], epochs: 0, stoppedEarly: false };
      if (isClass) history.accuracy = [];
      if (val) {
        history.valLoss = [];
        if (isClass) history.valAccuracy = [];
      }
      const onBatchEnd = o.onBatchEnd as FitOptions['onBatchEnd'];
      const onEpochEnd = o.onEpochEnd as FitOptions['onEpochEnd'];
      const yielder = makeYielder();
      let lastYield = now();
      let best = Infinity, bad = 0, batchNo = 0;
      try {
        for (let epoch = 0; epoch < epochs; epoch++) {
          if (shuffle) kernel(rt.kernels, 'rng_permutation')(gen.statePtr, idx, nTrain);
          let total = 0, correct = 0;
          for (let start = 0; start < nTrain; start += batchSize) {
            if (signal?.aborted) throw abortReason(signal);
            const m = Math.min(batchSize, nTrain - start);
            const k = this.#k;
            k.gather(x.matrix.ptr, xRow, idx + start * 4, m, this.#input);
            k.gather(targets, rowBytes, idx + start * 4, m, this.#target);
            const out = this.#run(this.#input, m, true, lossEnd);
            let value = this.#loss(task, out, this.#target, this.#grad, m);
            correct += heap.i32[this.#count >>> 2];
            this.#back(this.#grad, m, lossEnd, false);
            if (l1 > 0 || l2 > 0) value += addPenaltyGrad(pw, pg, { l1, l2 });
            optimizer.step(params, grads);
            total += value * m;
            batchNo++;
            if (onBatchEnd) await onBatchEnd(batchNo - 1, { loss: value });
            if (now() - lastYield >= YIELD_MS) {
              await yielder.yield();
              lastYield = now();
            }
          }
          const logs: Logs = { loss: total / nTrain };
          history.loss.push(logs.loss);
          if (isClass) history.accuracy!.push((logs.accuracy = correct / (nTrain * this.#hitsPerRow(task))));
          if (val) {
            const v = this.#evaluate(task, valX, val.t, val.n, rowBytes);
            history.valLoss!.push((logs.valLoss = v.loss));
            if (isClass) history.valAccuracy!.push((logs.valAccuracy = v.accuracy));
          }
          history.epochs = epoch + 1;
          if (onEpochEnd) await onEpochEnd(epoch, logs);
          const monitored = val ? logs.valLoss! : logs.loss;
          if (monitored < best - minDelta) {
            best = monitored;
            bad = 0;
          } else if (++bad > patience) {
            history.stoppedEarly = true;
            break;
          }
        }
      } finally {
        yielder.close();
      }
      return history;
    } finally {
      this.#ctx.rng = null;
      gen?.dispose();
      for (const p of owned) heap.free(p);
      release(x);
      if (val && val.x.matrix !== x.matrix) release(val.x);
    }
  }

  /** Layers the loss follows: a final Softmax (or Sigmoid) is folded into the cross-entropy. */
  #lossEnd(loss: Loss): number {
    const last = this.#layers[this.#layers.length - 1];
    const n = this.#layers.length;
    if (loss === 'softmaxCrossEntropy' && last instanceof Softmax) return n - 1;
    if (loss === 'binaryCrossEntropy' && last instanceof Sigmoid) return n - 1;
    return n;
  }

  /** One loss call on m rows; stores the correct count at #count. */
  #loss(task: Task, out: number, target: number, grad: number, m: number): number {
    if (task.loss === 'softmaxCrossEntropy') return this.#k.ce(out, target, grad, m, this.outFeatures, this.#count);
    return this.#k.loss(LOSSES[task.loss], out, target, grad, m, this.outFeatures, task.delta, this.#count);
  }

  /** Correct-prediction counts per row the loss kernel reports: 1 for softmax CE, one per output otherwise. */
  #hitsPerRow(task: Task): number {
    return task.loss === 'softmaxCrossEntropy' ? 1 : this.outFeatures;
  }

  /** Mean loss and accuracy over n rows (inference mode, in chunks). */
  #evaluate(task: Task, x: number, t: number, n: number, rowBytes: number): { loss: number; accuracy: number } {
    const xRow = this.inFeatures * itemBytes(this.dtype);
    const end = this.#lossEnd(task.loss);
    let total = 0, correct = 0;
    for (let s = 0; s < n; s += this.#capacity) {
      const m = Math.min(this.#capacity, n - s);
      const out = this.#run(x + s * xRow, m, false, end);
      total += this.#loss(task, out, t + s * rowBytes, 0, m) * m;
      correct += this.#rt.heap.i32[this.#count >>> 2];
    }
    return { loss: total / n, accuracy: correct / (n * this.#hitsPerRow(task)) };
  }

  /** X as a Matrix of the network's dtype with inFeatures columns. */
  #readX(X: unknown, name = 'X'): Borrowed {
    const x = readX(this.#rt, X, name, this.dtype);
    if (x.matrix.cols !== this.inFeatures) {
      release(x);
      throw new ShapeError(`${name}: expected ${this.inFeatures} feature${this.inFeatures === 1 ? '' : 's'} per sample (the network's input), got ${x.matrix.cols}`);
    }
    return x;
  }

  /**
   * Targets in the heap: class codes (int32) for softmax cross-entropy, else an n×out block of the
   * network's dtype (0/1 for binary cross-entropy, ±1 for hinge). Sets task.classes / task.vector.
   */
  #readTargets(y: unknown, n: number, task: Task, name: string, owned: number[], known?: Classes | null): { block: number; rowBytes: number } {
    const heap = this.#rt.heap;
    const out = this.outFeatures;
    const b = itemBytes(this.dtype);
    let values: Float64Array | Int32Array;
    let rowBytes: number;
    if (CLASSIFICATION.includes(task.loss)) {
      const twoD = n > 0 && Array.isArray(y) && Array.isArray((y as unknown[])[0]);
      if (twoD || (y instanceof Matrix && y.cols > 1)) {
        if (task.loss === 'softmaxCrossEntropy') throw new ShapeError(`${name}: softmaxCrossEntropy takes one label per sample, not a matrix (one-hot targets: pass the class indices)`);
        // multi-label binary targets in [0, 1] (or ±1 for hinge), one column per output
        const t = readTargets(y, n, name);
        if (t.k !== out) throw new ShapeError(`${name}: expected ${out} targets per sample (the network's outputs), got ${t.k}`);
        for (let i = 0; i < t.values.length; i++) {
          const v = t.values[i];
          if (task.loss === 'hinge' ? v !== 1 && v !== -1 && v !== 0 : !(v >= 0 && v <= 1)) throw new ValidationError(`${name}: value ${v} at ${i} is not a ${task.loss === 'hinge' ? '0/1 or ±1' : '[0, 1]'} target`);
          if (task.loss === 'hinge' && v === 0) t.values[i] = -1;
        }
        task.classes = known ?? [0, 1];
        values = t.values;
        rowBytes = out * b;
      } else {
        let classes: Classes, codes: Int32Array;
        if (known) {
          classes = known;
          codes = codesFor(y, known, n, name);
        } else {
          ({ classes, codes } = encodeLabels(y, n, name));
        }
        task.classes = classes;
        if (task.loss === 'softmaxCrossEntropy') {
          if (!known && classes.length !== out) throw new ShapeError(`${name}: ${classes.length} classes, but the network has ${out} outputs (softmaxCrossEntropy needs one output per class)`);
          values = codes;
          rowBytes = 4;
        } else {
          if (out !== 1) throw new ShapeError(`${name}: one label per sample needs a network with 1 output for '${task.loss}', it has ${out}; pass one column of targets per output instead`);
          if (classes.length > 2) throw new ValidationError(`${name}: '${task.loss}' is a binary loss, got ${classes.length} classes; use softmaxCrossEntropy`);
          const neg = task.loss === 'hinge' ? -1 : 0;
          values = Float64Array.from(codes, (c) => (c === 1 ? 1 : neg));
          rowBytes = b;
        }
      }
    } else {
      const t = readTargets(y, n, name);
      if (t.k !== out) throw new ShapeError(`${name}: expected ${out} target${out === 1 ? '' : 's'} per sample (the network's outputs), got ${t.k}`);
      task.vector = t.vector;
      values = t.values;
      rowBytes = out * b;
    }
    const block = heap.alloc(Math.max(values.length, 1) * (values instanceof Int32Array ? 4 : b));
    owned.push(block);
    if (values instanceof Int32Array) heap.i32.set(values, block >>> 2);
    else if (this.dtype === 'float32') heap.f32.set(values, block >>> 2);
    else heap.f64.set(values, block >>> 3);
    return { block, rowBytes };
  }

  // ---- inference ----

  /**
   * Predictions for X (n×in): class labels for a classifier (Float64Array, or string[] for string
   * classes), or the outputs for regression (n values, or n×out row-major). NotFittedError before
   * fit / load.
   */
  predict(X: MatrixLike, options?: PredictOptions): Labels | Float64Array | Float32Array {
    this.#alive();
    const task = this.#fitted('predict');
    const o = checkOptions(options, ['out'], 'Sequential.predict');
    if (task.classes && task.loss === 'softmaxCrossEntropy' || (task.classes && this.outFeatures === 1)) {
      const n = this.#rows(X);
      const codes = new Int32Array(n);
      this.#infer(X, (out, s, m) => {
        const view = this.#view(out, m * this.outFeatures);
        const k = this.outFeatures;
        for (let r = 0; r < m; r++) {
          if (k === 1) codes[s + r] = view[r] > 0 ? 1 : 0;
          else {
            let best = 0;
            for (let j = 1; j < k; j++) if (view[r * k + j] > view[r * k + best]) best = j;
            codes[s + r] = best;
          }
        }
      }, this.#lossEnd(task.loss), task);
      if (o.out !== undefined && typeof task.classes[0] === 'number') {
        const outArr = checkOut(o.out, n);
        for (let i = 0; i < n; i++) outArr[i] = task.classes[codes[i]] as number;
        return outArr;
      }
      return decodeLabels(codes, task.classes);
    }
    // regression, or multi-label classification (0/1 per output)
    const n = this.#rows(X);
    const res = o.out !== undefined ? checkOut(o.out, n * this.outFeatures) : new Float64Array(n * this.outFeatures);
    const multiLabel = task.classes !== null;
    this.#infer(X, (out, s, m) => {
      const view = this.#view(out, m * this.outFeatures);
      const base = s * this.outFeatures;
      for (let i = 0; i < m * this.outFeatures; i++) res[base + i] = multiLabel ? (view[i] > 0 ? 1 : 0) : view[i];
    }, this.#lossEnd(task.loss), task);
    return res;
  }

  /**
   * Class probabilities (n×classes, row-major, the network's dtype): softmax of the outputs for
   * softmaxCrossEntropy, [1 − p, p] for binary cross-entropy with one output, sigmoid per output
   * otherwise. Columns follow `classes`.
   */
  predictProba(X: MatrixLike, options?: PredictOptions): Float32Array | Float64Array {
    this.#alive();
    const task = this.#fitted('predictProba');
    const o = checkOptions(options, ['out'], 'Sequential.predictProba');
    if (task.loss !== 'softmaxCrossEntropy' && task.loss !== 'binaryCrossEntropy') {
      throw new InvalidParameterError(`predictProba: the network was trained with loss '${task.loss}', which gives no probabilities (use softmaxCrossEntropy or binaryCrossEntropy)`);
    }
    const n = this.#rows(X);
    const k = this.outFeatures;
    const binary = task.loss === 'binaryCrossEntropy' && k === 1;
    const width = binary ? 2 : k;
    const res = o.out !== undefined ? checkOut(o.out, n * width) : this.dtype === 'float32' ? new Float32Array(n * width) : new Float64Array(n * width);
    const end = this.#lossEnd(task.loss);
    // the outputs up to the loss are logits (a final Softmax/Sigmoid is skipped): squash them here
    this.#infer(X, (out, s, m) => {
      if (task.loss === 'softmaxCrossEntropy') this.#k.softmax(0, out, this.#probs, m, k);
      else this.#k.act(3, out, this.#probs, m * k, 0);
      const view = this.#view(this.#probs, m * k);
      if (binary) {
        for (let r = 0; r < m; r++) {
          res[2 * (s + r)] = 1 - view[r];
          res[2 * (s + r) + 1] = view[r];
        }
      } else {
        res.set(view, s * k);
      }
    }, end, task);
    return res;
  }

  /** Sample count of X without converting it. */
  #rows(X: unknown): number {
    if (X instanceof Matrix) return X.rows;
    if (Array.isArray(X)) return X.length;
    if (X !== null && typeof X === 'object' && 'rows' in X) return Number((X as { rows: unknown }).rows) || 0;
    return 0;
  }

  /**
   * Runs inference on X in chunks of at most INFER_ROWS rows through layers [0, end); calls
   * `take(outPtr, firstRow, rows)` per chunk. JS rows go straight into the input block (no
   * temporary Matrix); a Matrix of the network's dtype is read in place.
   */
  #infer(X: unknown, take: (out: number, start: number, rows: number) => void, end: number, _task: Task): void {
    const d = this.inFeatures;
    const b = itemBytes(this.dtype);
    if (X instanceof Matrix && X.dtype === this.dtype) {
      void X.ptr;
      if (X.cols !== d) throw new ShapeError(`X: expected ${d} feature${d === 1 ? '' : 's'} per sample (the network's input), got ${X.cols}`);
      const n = X.rows;
      this.#reserve(Math.min(Math.max(n, 1), INFER_ROWS));
      for (let s = 0; s < n; s += this.#capacity) {
        const m = Math.min(this.#capacity, n - s);
        take(this.#run(X.ptr + s * d * b, m, false, end), s, m);
      }
      return;
    }
    if (Array.isArray(X) && X.length > 0 && (Array.isArray(X[0]) || ArrayBuffer.isView(X[0]))) {
      const n = X.length;
      this.#reserve(Math.min(n, INFER_ROWS));
      for (let s = 0; s < n; s += this.#capacity) {
        const m = Math.min(this.#capacity, n - s);
        const view = this.#view(this.#input, m * d);
        let typedRows = 0;
        for (let r = 0; r < m; r++) {
          const row = X[s + r] as ArrayLike<unknown>;
          if ((!Array.isArray(row) && !ArrayBuffer.isView(row)) || row.length !== d) {
            throw new ShapeError(`X: expected ${d} feature${d === 1 ? '' : 's'} per sample (the network's input), got ${Array.isArray(row) || ArrayBuffer.isView(row) ? row.length : describe(row)} in row ${s + r}`);
          }
          if (row instanceof Float32Array || row instanceof Float64Array) {
            view.set(row, r * d); // a typed copy; finiteness is checked below in one Wasm pass
            typedRows++;
            continue;
          }
          for (let j = 0; j < d; j++) {
            const v = row[j];
            if (typeof v !== 'number' || v - v !== 0) throw new ValidationError(`X[${s + r}][${j}]: expected a finite number, got ${describe(v)}`);
            view[r * d + j] = v;
          }
        }
        if (typedRows > 0 && this.#k.nonfinite(this.#input, m * d) > 0) throw new ValidationError(`X: expected finite values, found NaN or ±Infinity in rows ${s}..${s + m - 1}`);
        take(this.#run(this.#input, m, false, end), s, m);
      }
      return;
    }
    // anything else (flat data with a shape, a Matrix of the other dtype): convert once
    const x = this.#readX(X);
    try {
      const n = x.matrix.rows;
      this.#reserve(Math.min(n, INFER_ROWS));
      for (let s = 0; s < n; s += this.#capacity) {
        const m = Math.min(this.#capacity, n - s);
        take(this.#run(x.matrix.ptr + s * d * b, m, false, end), s, m);
      }
    } finally {
      release(x);
    }
  }

  #view(ptr: number, n: number): Float32Array | Float64Array {
    return this.dtype === 'float32' ? this.#rt.heap.f32.subarray(ptr >>> 2, (ptr >>> 2) + n) : this.#rt.heap.f64.subarray(ptr >>> 3, (ptr >>> 3) + n);
  }

  #fitted(what: string): Task {
    if (!this.#task) throw new NotFittedError(`Sequential.${what}: the network has not been fitted; call fit() first (or wl.load a trained network)`);
    return this.#task;
  }

  #alive(): void {
    if (this.#disposed) throw new DisposedError('this Sequential network was disposed; it can no longer be used');
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Frees every layer, buffer and the default optimizer's state. A user-supplied optimizer is the user's to dispose. */
  dispose(): void {
    if (this.#disposed) return;
    this.#freeBuffers();
    for (const l of this.#layers) l.dispose();
    this.#optimizer?.dispose();
    this.#optimizer = null;
    this.#disposed = true;
  }

  // ---- model files ----

  /** Architecture, weights (base64 little-endian) and the training task, for wl.load. */
  toJSON(): ModelJSON {
    this.#alive();
    const layers = this.#layers.map((l) => ({ type: l.type, ...l.config() }));
    const weights = this.#layers.map((l) => l.stateArrays().map((m) => encodeArray(m.toTypedArray() as Float32Array | Float64Array, [m.rows, m.cols])));
    const task = this.#task ? { loss: this.#task.loss, delta: this.#task.delta, vector: this.#task.vector, classes: this.#task.classes ? classesToJSON(this.#task.classes) : null } : null;
    return envelope('Sequential', { dtype: this.dtype, layers }, { weights, task });
  }

  /** @internal Builds a network from a checked model file. */
  static fromJSON(model: ModelJSON): Sequential {
    const params = readObject(model.params, 'model.params', ['dtype', 'layers']);
    const dtype = readString(params.dtype, 'model.params.dtype', ['float32', 'float64'] as const);
    if (!Array.isArray(params.layers) || params.layers.length < 1 || params.layers.length > MAX_LAYERS) {
      throw new ModelFormatError(`model.params.layers: expected an array of 1 to ${MAX_LAYERS} layers, got ${describe(params.layers)}`);
    }
    // 1. every layer's configuration and the widths, checked before anything is allocated
    const specs = (params.layers as unknown[]).map((v, i) => readLayer(v, `model.params.layers[${i}]`));
    const firstSized = specs.findIndex((s) => s.width !== undefined);
    if (firstSized < 0) throw new ModelFormatError('model.params.layers: no Dense or BatchNorm1d layer');
    let width = specs[firstSized].width![0];
    let total = 0;
    specs.forEach((s, i) => {
      if (s.width) {
        if (s.width[0] !== width) throw new ModelFormatError(`model.params.layers[${i}]: expects ${s.width[0]} input features, the previous layer gives ${width}`);
        width = s.width[1];
      }
      s.arrays = s.arrays.map(([r, c]) => [r === -1 ? width : r, c === -1 ? width : c]);
      for (const [r, c] of s.arrays) total += r * c;
    });
    if (total > MAX_PARAMS) throw new ModelFormatError(`model.params.layers: ${total} parameters in all, more than ${MAX_PARAMS}`);
    // 2. the state: every weight array decoded and its shape checked
    if (model.state === null) throw new ModelFormatError('model.state: expected the weights, got null');
    const state = readObject(model.state, 'model.state', ['weights', 'task']);
    if (!Array.isArray(state.weights) || state.weights.length !== specs.length) {
      throw new ModelFormatError(`model.state.weights: expected ${specs.length} entries (one per layer), got ${describe(state.weights)}`);
    }
    const arrays = specs.map((s, i) => {
      const list = (state.weights as unknown[])[i];
      if (!Array.isArray(list) || list.length !== s.arrays.length) throw new ModelFormatError(`model.state.weights[${i}]: expected ${s.arrays.length} arrays for ${s.type}, got ${describe(list)}`);
      return s.arrays.map((shape, j) => decodeArray(list[j], `model.state.weights[${i}][${j}]`, dtype, shape));
    });
    let task: Task | null = null;
    if (state.task !== null && state.task !== undefined) {
      const t = readObject(state.task, 'model.state.task', ['loss', 'delta', 'vector', 'classes']);
      const loss = readString(t.loss, 'model.state.task.loss', Object.keys(LOSSES) as Loss[]);
      const delta = readNumber(t.delta, 'model.state.task.delta', { min: Number.MIN_VALUE });
      if (typeof t.vector !== 'boolean') throw new ModelFormatError(`model.state.task.vector: expected true or false, got ${describe(t.vector)}`);
      let classes: Classes | null = null;
      if (CLASSIFICATION.includes(loss)) {
        classes = classesFromJSON(t.classes, 'model.state.task.classes', 1);
        if (loss === 'softmaxCrossEntropy' && classes.length !== width) throw new ModelFormatError(`model.state.task.classes: ${classes.length} classes for ${width} outputs`);
      } else if (t.classes !== null) throw new ModelFormatError(`model.state.task.classes: expected null for the regression loss '${loss}'`);
      task = { loss, delta, vector: t.vector, classes };
    }
    // 3. allocate and copy
    const layers: Layer[] = [];
    try {
      for (const s of specs) layers.push(s.make(dtype));
      const net = new Sequential(layers);
      layers.forEach((l, i) => l.stateArrays().forEach((m, j) => m.data.set(arrays[i][j])));
      net.#task = task;
      return net;
    } catch (error) {
      for (const l of layers) l.dispose();
      if (error instanceof ModelFormatError) throw error;
      throw new ModelFormatError(`model: ${(error as Error).message}`);
    }
  }
}

interface LayerSpec {
  type: string;
  /** [in, out] for sized layers. */
  width?: [number, number];
  /** Shapes of the state arrays (-1: the current width). */
  arrays: [number, number][];
  make: (dtype: DType) => Layer;
}

function readLayer(value: unknown, field: string): LayerSpec {
  const raw = readObject(value, field);
  const type = readString(raw.type, `${field}.type`, ['Dense', 'ReLU', 'LeakyReLU', 'ELU', 'Sigmoid', 'Tanh', 'Softplus', 'GELU', 'Softmax', 'Dropout', 'BatchNorm1d'] as const);
  const units = (key: string) => readNumber(raw[key], `${field}.${key}`, { integer: true, min: 1, max: MAX_UNITS });
  switch (type) {
    case 'Dense': {
      const o = readObject(value, field, ['type', 'inFeatures', 'outFeatures', 'init']);
      const nIn = units('inFeatures'), nOut = units('outFeatures');
      const init = readString(o.init, `${field}.init`, ['glorot', 'he'] as const);
      return { type, width: [nIn, nOut], arrays: [[nIn, nOut], [1, nOut]], make: (dtype) => new Dense(nIn, nOut, { init, dtype, seed: 0 }) };
    }
    case 'BatchNorm1d': {
      const o = readObject(value, field, ['type', 'numFeatures', 'momentum', 'eps']);
      const n = units('numFeatures');
      const momentum = readNumber(o.momentum, `${field}.momentum`, { min: 0, max: 1 });
      const eps = readNumber(o.eps, `${field}.eps`, { min: Number.MIN_VALUE });
      return { type, width: [n, n], arrays: [[1, n], [1, n], [1, n], [1, n]], make: (dtype) => new BatchNorm1d(n, { momentum, eps, dtype }) };
    }
    case 'LeakyReLU':
    case 'ELU': {
      const o = readObject(value, field, ['type', 'alpha']);
      const alpha = readNumber(o.alpha, `${field}.alpha`, type === 'ELU' ? { min: Number.MIN_VALUE } : {});
      return { type, arrays: [], make: () => (type === 'ELU' ? new ELU({ alpha }) : new LeakyReLU({ alpha })) };
    }
    case 'Dropout': {
      const o = readObject(value, field, ['type', 'p']);
      const p = readNumber(o.p, `${field}.p`, { min: 0, max: 1 });
      if (p >= 1) throw new ModelFormatError(`${field}.p: expected a probability in [0, 1), got ${p}`);
      return { type, arrays: [], make: () => new Dropout(p) };
    }
    default: {
      readObject(value, field, ['type']);
      const Cls = { ReLU, Sigmoid, Tanh, Softplus, GELU, Softmax }[type];
      return { type, arrays: [], make: () => new Cls() };
    }
  }
}

registerModel('Sequential', (model) => Sequential.fromJSON(model));

// ---- helpers ----

function flag(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new InvalidParameterError(`${name}: expected true or false, got ${describe(v)}`);
  return v;
}

function sameClasses(a: Classes, b: Classes): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

function checkOut(out: unknown, n: number): Float64Array | Float32Array {
  if (!(out instanceof Float64Array) && !(out instanceof Float32Array)) throw new ValidationError(`out: expected a Float64Array or Float32Array, got ${describe(out)}`);
  if (out.length !== n) throw new ShapeError(`out: expected length ${n}, got ${out.length}`);
  return out;
}

function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('fit was aborted');
  e.name = 'AbortError';
  return e;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * A cheap way back to the event loop: scheduler.yield (browsers), setImmediate (Node, Bun), a
 * MessageChannel (Deno, workers), else setTimeout(0) — which browsers clamp to ≥ 4 ms when nested.
 */
function makeYielder(): { yield(): Promise<void>; close(): void } {
  const g = globalThis as { scheduler?: { yield?: () => Promise<void> }; setImmediate?: (fn: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.scheduler?.yield === 'function') return { yield: () => g.scheduler!.yield!(), close() {} };
  if (typeof g.setImmediate === 'function') return { yield: () => new Promise((r) => g.setImmediate!(r)), close() {} };
  if (typeof g.MessageChannel === 'function') {
    const ch = new g.MessageChannel();
    const waiting: (() => void)[] = [];
    ch.port1.onmessage = () => waiting.shift()?.();
    return {
      yield: () => new Promise<void>((r) => {
        waiting.push(r);
        ch.port2.postMessage(0);
      }),
      close: () => {
        ch.port1.close();
        ch.port2.close();
      },
    };
  }
  return { yield: () => new Promise((r) => setTimeout(r, 0)), close() {} };
}
