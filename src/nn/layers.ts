// The layers of wl.nn. A layer is configured by its constructor and gets its buffers when a
// Sequential network adopts it: parameters and their gradients are Matrix objects (what optimizers
// update), activations are raw heap blocks of `capacity` rows that the network sizes once and reuses,
// so a forward pass over a batch allocates nothing. Every forward/backward is one or two kernel calls
// on those blocks (assembly/activation.ts, assembly/dense.ts).
import { InvalidParameterError, ShapeError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import type { DType } from '../core/dtype.js';
import { checkInteger, checkNumber, checkOptions, describe, parseDType } from '../core/validate.js';
import { typed, type Kernel } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { keep } from '../runtime/scope.js';
import { ACTIVATIONS, DEFAULT_ALPHA, type Activation } from './functional.js';

/** Largest width a layer may have: far above any network that fits in wasm32 memory. */
export const MAX_UNITS = 1 << 20;

/** @internal What a network shares with its layers while it runs. */
export interface Context {
  rt: Runtime;
  dtype: DType;
  /** GEMM packing scratch, large enough for every dense layer at the network's capacity. */
  scratch: number;
  /** Random stream for dropout masks (set by fit). */
  rng: Generator | null;
}

const itemBytes = (dtype: DType): number => (dtype === 'float32' ? 4 : 8);

export abstract class Layer {
  /** The layer's type name, as toJSON() writes it. */
  abstract readonly type: string;
  /** @internal */ inFeatures = -1;
  /** @internal */ outFeatures = -1;
  /** @internal */ owned = false;
  /** @internal rows the buffers hold */ protected capacity = 0;
  /** @internal output block (capacity × out) */ protected y = 0;
  /** @internal input gradient block (capacity × in) */ protected dx = 0;
  /** @internal the input of the last forward */ protected x = 0;
  /** @internal */ protected rt: Runtime | null = null;

  /** Features in and out, or -1 where the layer takes whatever its input has (activations). */
  get shape(): [number, number] {
    return [this.inFeatures, this.outFeatures];
  }

  /** @internal The dtype this layer fixes, if any. */
  get fixedDType(): DType | undefined {
    return undefined;
  }

  /** @internal Connects to inputs of `inFeatures` features; returns the output width. */
  connect(inFeatures: number, _dtype: DType): number {
    this.inFeatures = inFeatures;
    this.outFeatures = inFeatures;
    return inFeatures;
  }

  /** @internal (Re)allocates the activation blocks for `rows` rows. */
  reserve(rt: Runtime, rows: number, dtype: DType): void {
    this.rt = rt;
    this.freeBuffers();
    const b = itemBytes(dtype);
    this.y = rt.heap.alloc(Math.max(1, rows * this.outFeatures) * b);
    this.dx = rt.heap.alloc(Math.max(1, rows * this.inFeatures) * b);
    this.capacity = rows;
  }

  /** @internal Output block of the last forward pass (a layer may pass its input through). */
  abstract forward(ctx: Context, x: number, m: number, training: boolean): number;
  /** @internal Gradient w.r.t. the input, given the gradient of the output; fills parameter grads. */
  abstract backward(ctx: Context, dy: number, m: number, needDx: boolean): number;

  /** Trainable parameters (live matrices owned by the layer). */
  parameters(): Matrix[] {
    return [];
  }
  /** Gradients of the last backward pass, one per parameter, same shapes. */
  gradients(): Matrix[] {
    return [];
  }
  /** Dense weight matrices, the ones L1/L2 penalties apply to. */
  /** @internal */ penalized(): [Matrix, Matrix][] {
    return [];
  }
  /** @internal Constructor options for toJSON. */
  config(): Record<string, unknown> {
    return {};
  }
  /** @internal Named arrays of the state (weights, running statistics), in a fixed order. */
  stateArrays(): Matrix[] {
    return this.parameters();
  }

  /** @internal Frees the activation blocks (the network re-reserves them). */
  releaseBuffers(): void {
    this.freeBuffers();
  }

  /** @internal */
  protected freeBuffers(): void {
    if (this.rt) {
      if (this.y) this.rt.heap.free(this.y);
      if (this.dx) this.rt.heap.free(this.dx);
    }
    this.y = this.dx = this.capacity = 0;
  }

  /** Frees everything the layer holds. */
  dispose(): void {
    this.freeBuffers();
  }
}

// ---- dense ---------------------------------------------------------------------------------

export interface DenseOptions {
  /** Weight initialization: 'glorot' (uniform ±√(6/(in+out)), the default, as Keras) or 'he' (normal, σ = √(2/in)). */
  init?: 'glorot' | 'he';
  /** Seed of the initialization (default: a random one). */
  seed?: number;
  /** 'float32' (default) or 'float64'. */
  dtype?: DType;
}

/** Fully connected: Y = X·W + b with W: in×out, b: 1×out. */
export class Dense extends Layer {
  readonly type = 'Dense';
  readonly init: 'glorot' | 'he';
  readonly dtype: DType;
  readonly seed: number | undefined;
  /** Weights, in×out. */ readonly weight: Matrix;
  /** Bias, 1×out. */ readonly bias: Matrix;
  readonly #dW: Matrix;
  readonly #db: Matrix;
  #kf: Kernel;
  #kb: Kernel;

  constructor(inFeatures: number, outFeatures: number, options?: DenseOptions) {
    super();
    const rt = runtime('new wl.nn.Dense()');
    const o = checkOptions(options, ['init', 'seed', 'dtype'], 'wl.nn.Dense');
    this.inFeatures = checkInteger(inFeatures, 'inFeatures', 1, MAX_UNITS);
    this.outFeatures = checkInteger(outFeatures, 'outFeatures', 1, MAX_UNITS);
    if (o.init !== undefined && o.init !== 'glorot' && o.init !== 'he') throw new InvalidParameterError(`init: expected 'glorot' or 'he', got ${describe(o.init)}`);
    this.init = (o.init as 'glorot' | 'he' | undefined) ?? 'glorot';
    this.dtype = parseDType(o.dtype, 'wl.nn.Dense', 'float32');
    this.seed = o.seed === undefined ? undefined : checkInteger(o.seed, 'seed', -(2 ** 53), 2 ** 53);
    this.rt = rt;
    const ms: Matrix[] = [];
    try {
      this.weight = track(ms, Matrix.alloc(rt, this.inFeatures, this.outFeatures, this.dtype));
      this.bias = track(ms, Matrix.alloc(rt, 1, this.outFeatures, this.dtype));
      this.#dW = track(ms, Matrix.alloc(rt, this.inFeatures, this.outFeatures, this.dtype));
      this.#db = track(ms, Matrix.alloc(rt, 1, this.outFeatures, this.dtype));
      const g = new Generator(this.seed);
      try {
        if (this.init === 'glorot') {
          const limit = Math.sqrt(6 / (this.inFeatures + this.outFeatures));
          g.fillUniform(this.weight, -limit, limit);
        } else {
          g.fillNormal(this.weight, 0, Math.sqrt(2 / this.inFeatures));
        }
      } finally {
        g.dispose();
      }
      for (const m of [this.bias, this.#dW, this.#db]) typed(rt.kernels, 'fill', this.dtype)(m.ptr, 0, m.size);
    } catch (error) {
      for (const m of ms) m.dispose();
      throw error;
    }
    this.#kf = typed(rt.kernels, 'dense_forward', this.dtype);
    this.#kb = typed(rt.kernels, 'dense_backward', this.dtype);
  }

  override get fixedDType(): DType {
    return this.dtype;
  }

  override connect(inFeatures: number): number {
    if (inFeatures !== this.inFeatures) throw new ShapeError(`Dense(${this.inFeatures}, ${this.outFeatures}): expected ${this.inFeatures} input features, but the previous layer gives ${inFeatures}`);
    return this.outFeatures;
  }

  /** @internal GEMM scratch this layer needs for `rows` rows. */
  scratchBytes(rt: Runtime, rows: number): number {
    return typed(rt.kernels, 'dense_scratch_bytes', this.dtype)(Math.max(rows, 1), this.inFeatures, this.outFeatures);
  }

  forward(ctx: Context, x: number, m: number): number {
    this.x = x;
    this.#kf(x, this.weight.ptr, this.bias.ptr, this.y, m, this.inFeatures, this.outFeatures, ctx.scratch);
    return this.y;
  }

  backward(ctx: Context, dy: number, m: number, needDx: boolean): number {
    this.#kb(this.x, this.weight.ptr, dy, needDx ? this.dx : 0, this.#dW.ptr, this.#db.ptr, m, this.inFeatures, this.outFeatures, ctx.scratch);
    return needDx ? this.dx : 0;
  }

  override parameters(): Matrix[] {
    return [this.weight, this.bias];
  }
  override gradients(): Matrix[] {
    return [this.#dW, this.#db];
  }
  override penalized(): [Matrix, Matrix][] {
    return [[this.weight, this.#dW]];
  }
  override config(): Record<string, unknown> {
    return { inFeatures: this.inFeatures, outFeatures: this.outFeatures, init: this.init };
  }
  override dispose(): void {
    super.dispose();
    for (const m of [this.weight, this.bias, this.#dW, this.#db]) m.dispose();
  }
}

/** Layer-owned matrices are kept out of any open wl.scope: the layer frees them in dispose(). */
function track(list: Matrix[], m: Matrix): Matrix {
  list.push(keep(m));
  return m;
}

// ---- activations ---------------------------------------------------------------------------

/** @internal An elementwise activation layer over one kernel code. */
abstract class ActivationLayer extends Layer {
  readonly #code: number;
  readonly alpha: number;
  #kf: Kernel | null = null;
  #kb: Kernel | null = null;

  protected constructor(kind: Activation, alpha: number) {
    super();
    this.#code = ACTIVATIONS[kind];
    this.alpha = alpha;
  }

  forward(ctx: Context, x: number, m: number): number {
    this.x = x;
    this.#kf ??= typed(ctx.rt.kernels, 'act_forward', ctx.dtype);
    this.#kf(this.#code, x, this.y, m * this.outFeatures, this.alpha);
    return this.y;
  }

  backward(ctx: Context, dy: number, m: number, needDx: boolean): number {
    if (!needDx) return 0;
    this.#kb ??= typed(ctx.rt.kernels, 'act_backward', ctx.dtype);
    this.#kb(this.#code, this.x, this.y, dy, this.dx, m * this.outFeatures, this.alpha);
    return this.dx;
  }
}

function alphaOption(options: unknown, where: string, kind: Activation): number {
  const o = checkOptions(options, ['alpha'], where);
  return o.alpha === undefined ? DEFAULT_ALPHA[kind] : checkNumber(o.alpha, 'alpha');
}

/** max(x, 0) */
export class ReLU extends ActivationLayer {
  readonly type = 'ReLU';
  constructor() {
    super('relu', 0);
  }
}
/** x for x > 0, alpha·x otherwise (alpha default 0.01). */
export class LeakyReLU extends ActivationLayer {
  readonly type = 'LeakyReLU';
  constructor(options?: { alpha?: number }) {
    super('leakyRelu', alphaOption(options, 'wl.nn.LeakyReLU', 'leakyRelu'));
  }
  override config(): Record<string, unknown> {
    return { alpha: this.alpha };
  }
}
/** x for x > 0, alpha·(eˣ − 1) otherwise (alpha default 1). */
export class ELU extends ActivationLayer {
  readonly type = 'ELU';
  constructor(options?: { alpha?: number }) {
    super('elu', alphaOption(options, 'wl.nn.ELU', 'elu'));
    if (!(this.alpha > 0)) throw new InvalidParameterError(`alpha: expected a number > 0, got ${this.alpha}`);
  }
  override config(): Record<string, unknown> {
    return { alpha: this.alpha };
  }
}
/** 1 / (1 + e⁻ˣ) */
export class Sigmoid extends ActivationLayer {
  readonly type = 'Sigmoid';
  constructor() {
    super('sigmoid', 0);
  }
}
/** tanh x */
export class Tanh extends ActivationLayer {
  readonly type = 'Tanh';
  constructor() {
    super('tanh', 0);
  }
}
/** log(1 + eˣ) */
export class Softplus extends ActivationLayer {
  readonly type = 'Softplus';
  constructor() {
    super('softplus', 0);
  }
}
/** x·Φ(x), tanh approximation (PyTorch's GELU(approximate='tanh')). */
export class GELU extends ActivationLayer {
  readonly type = 'GELU';
  constructor() {
    super('gelu', 0);
  }
}

/** Row-wise softmax. Before a softmaxCrossEntropy loss, fit trains on its input (the logits) directly. */
export class Softmax extends Layer {
  readonly type = 'Softmax';
  forward(ctx: Context, x: number, m: number): number {
    typed(ctx.rt.kernels, 'softmax', ctx.dtype)(0, x, this.y, m, this.outFeatures);
    return this.y;
  }
  backward(ctx: Context, dy: number, m: number, needDx: boolean): number {
    if (!needDx) return 0;
    typed(ctx.rt.kernels, 'softmax_backward', ctx.dtype)(0, this.y, dy, this.dx, m, this.outFeatures);
    return this.dx;
  }
}

// ---- dropout -------------------------------------------------------------------------------

/** Zeroes each input with probability p during training (scaling the rest by 1/(1−p)); identity at inference. */
export class Dropout extends Layer {
  readonly type = 'Dropout';
  readonly p: number;
  #mask = 0;
  #active = false;

  constructor(p = 0.5) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new InvalidParameterError(`p: expected a probability in [0, 1), got ${describe(p)}`);
    this.p = p;
  }

  override reserve(rt: Runtime, rows: number, dtype: DType): void {
    super.reserve(rt, rows, dtype);
    this.#mask = rt.heap.alloc(Math.max(1, rows * this.outFeatures) * itemBytes(dtype));
  }

  forward(ctx: Context, x: number, m: number, training: boolean): number {
    this.#active = training && this.p > 0;
    if (!this.#active) return x;
    const n = m * this.outFeatures;
    if (!ctx.rng) throw new InvalidParameterError('Dropout: training needs a random stream (use net.fit, or forward with { training: true, seed })');
    typed(ctx.rt.kernels, 'rng_uniform', ctx.dtype)(ctx.rng.statePtr, this.#mask, n, 0, 1);
    typed(ctx.rt.kernels, 'dropout', ctx.dtype)(x, this.#mask, this.y, n, this.p);
    return this.y;
  }

  backward(ctx: Context, dy: number, m: number, needDx: boolean): number {
    if (!needDx) return 0;
    if (!this.#active) return dy;
    typed(ctx.rt.kernels, 'mul', ctx.dtype)(dy, this.#mask, this.dx, m * this.outFeatures);
    return this.dx;
  }

  override config(): Record<string, unknown> {
    return { p: this.p };
  }

  protected override freeBuffers(): void {
    if (this.rt && this.#mask) this.rt.heap.free(this.#mask);
    this.#mask = 0;
    super.freeBuffers();
  }
}

// ---- batch normalization --------------------------------------------------------------------

export interface BatchNormOptions {
  /** Weight of the newest batch in the running statistics (default 0.1, as PyTorch). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** 'float32' (default) or 'float64'. */
  dtype?: DType;
}

/**
 * Normalizes each feature over the batch in training (and updates running mean/variance), with the
 * running statistics at inference; then scales by gamma and shifts by beta (both trained).
 */
export class BatchNorm1d extends Layer {
  readonly type = 'BatchNorm1d';
  readonly momentum: number;
  readonly eps: number;
  readonly dtype: DType;
  /** Scale, 1×features (starts at 1). */ readonly gamma: Matrix;
  /** Shift, 1×features (starts at 0). */ readonly beta: Matrix;
  /** Running mean, 1×features. */ readonly runningMean: Matrix;
  /** Running (unbiased) variance, 1×features. */ readonly runningVar: Matrix;
  readonly #dgamma: Matrix;
  readonly #dbeta: Matrix;
  #xhat = 0;
  #invstd = 0;
  #trained = false;

  constructor(numFeatures: number, options?: BatchNormOptions) {
    super();
    const rt = runtime('new wl.nn.BatchNorm1d()');
    const o = checkOptions(options, ['momentum', 'eps', 'dtype'], 'wl.nn.BatchNorm1d');
    this.inFeatures = this.outFeatures = checkInteger(numFeatures, 'numFeatures', 1, MAX_UNITS);
    this.momentum = o.momentum === undefined ? 0.1 : checkNumber(o.momentum, 'momentum');
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new InvalidParameterError(`momentum: expected a number in [0, 1], got ${this.momentum}`);
    this.eps = o.eps === undefined ? 1e-5 : checkNumber(o.eps, 'eps');
    if (!(this.eps > 0)) throw new InvalidParameterError(`eps: expected a number > 0, got ${this.eps}`);
    this.dtype = parseDType(o.dtype, 'wl.nn.BatchNorm1d', 'float32');
    this.rt = rt;
    const ms: Matrix[] = [];
    const n = this.inFeatures;
    try {
      this.gamma = track(ms, Matrix.alloc(rt, 1, n, this.dtype));
      this.beta = track(ms, Matrix.alloc(rt, 1, n, this.dtype));
      this.runningMean = track(ms, Matrix.alloc(rt, 1, n, this.dtype));
      this.runningVar = track(ms, Matrix.alloc(rt, 1, n, this.dtype));
      this.#dgamma = track(ms, Matrix.alloc(rt, 1, n, this.dtype));
      this.#dbeta = track(ms, Matrix.alloc(rt, 1, n, this.dtype));
    } catch (error) {
      for (const m of ms) m.dispose();
      throw error;
    }
    const fill = typed(rt.kernels, 'fill', this.dtype);
    for (const [m, v] of [[this.gamma, 1], [this.beta, 0], [this.runningMean, 0], [this.runningVar, 1], [this.#dgamma, 0], [this.#dbeta, 0]] as const) fill(m.ptr, v, n);
  }

  override get fixedDType(): DType {
    return this.dtype;
  }

  override connect(inFeatures: number): number {
    if (inFeatures !== this.inFeatures) throw new ShapeError(`BatchNorm1d(${this.inFeatures}): expected ${this.inFeatures} input features, but the previous layer gives ${inFeatures}`);
    return this.outFeatures;
  }

  override reserve(rt: Runtime, rows: number, dtype: DType): void {
    super.reserve(rt, rows, dtype);
    this.#xhat = rt.heap.alloc(Math.max(1, rows * this.outFeatures) * itemBytes(dtype));
    this.#invstd = rt.heap.alloc(this.outFeatures * itemBytes(dtype));
  }

  forward(ctx: Context, x: number, m: number, training: boolean): number {
    this.#trained = training;
    const k = ctx.rt.kernels;
    if (training) {
      typed(k, 'batchnorm_train', ctx.dtype)(x, this.y, this.#xhat, this.#invstd, this.gamma.ptr, this.beta.ptr, this.runningMean.ptr, this.runningVar.ptr, m, this.outFeatures, this.momentum, this.eps);
    } else {
      typed(k, 'batchnorm_eval', ctx.dtype)(x, this.y, this.gamma.ptr, this.beta.ptr, this.runningMean.ptr, this.runningVar.ptr, m, this.outFeatures, this.eps);
    }
    return this.y;
  }

  backward(ctx: Context, dy: number, m: number, needDx: boolean): number {
    if (!this.#trained) throw new InvalidParameterError('BatchNorm1d: backward needs a forward pass in training mode (the batch statistics)');
    typed(ctx.rt.kernels, 'batchnorm_backward', ctx.dtype)(dy, this.#xhat, this.#invstd, this.gamma.ptr, needDx ? this.dx : 0, this.#dgamma.ptr, this.#dbeta.ptr, m, this.outFeatures);
    return needDx ? this.dx : 0;
  }

  override parameters(): Matrix[] {
    return [this.gamma, this.beta];
  }
  override gradients(): Matrix[] {
    return [this.#dgamma, this.#dbeta];
  }
  override stateArrays(): Matrix[] {
    return [this.gamma, this.beta, this.runningMean, this.runningVar];
  }
  override config(): Record<string, unknown> {
    return { numFeatures: this.inFeatures, momentum: this.momentum, eps: this.eps };
  }
  protected override freeBuffers(): void {
    if (this.rt) {
      if (this.#xhat) this.rt.heap.free(this.#xhat);
      if (this.#invstd) this.rt.heap.free(this.#invstd);
    }
    this.#xhat = this.#invstd = 0;
    super.freeBuffers();
  }
  override dispose(): void {
    super.dispose();
    for (const m of [this.gamma, this.beta, this.runningMean, this.runningVar, this.#dgamma, this.#dbeta]) m.dispose();
  }
}
