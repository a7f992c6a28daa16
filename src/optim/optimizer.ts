// First-order optimizers over Matrix parameters. Each step is one fused Wasm call per parameter
// buffer (assembly/optimizer.ts); the state (moments, momentum buffers) lives in the Wasm heap,
// one block per parameter, allocated and zeroed on that parameter's first step and freed by
// dispose(). Hyper-parameter defaults are PyTorch's (torch.optim), except SGD's lr: 0.01 as in
// Keras/TensorFlow.js, since PyTorch has none worth copying.
import { DisposedError, InvalidParameterError, ModelFormatError, ShapeError, ValidationError } from '../errors.js';
import { itemSize, type DType } from '../core/dtype.js';
import type { Matrix } from '../core/matrix.js';
import { checkMatrix, checkOptions, describe } from '../core/validate.js';
import { typed, type Kernel } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';

/** Parameters and their gradients, pairwise of the same shape and dtype. */
export interface ParamGroup {
  params: Matrix[];
  grads: Matrix[];
}

/** The hyper-parameters of an optimizer, as toJSON() gives them and fromJSON() takes them. */
export interface OptimizerJSON {
  kind: string;
  options: object;
}

/** Per-parameter state: one heap block holding `count` buffers of `size` elements each. */
interface State {
  runtime: Runtime;
  ptr: number;
  size: number;
  dtype: DType;
  /** Steps taken for this parameter (PyTorch keeps the count per parameter too). */
  t: number;
}

export abstract class Optimizer {
  /** Current learning rate; schedules change it between steps. */
  lr: number;
  readonly #state = new Map<Matrix, State>();
  #disposed = false;

  protected constructor(lr: number) {
    this.lr = lr;
  }

  /** The optimizer's name as toJSON() reports it. */
  abstract get kind(): string;

  /** Number of state buffers (each the size of the parameter) the update needs. */
  protected abstract get stateBuffers(): number;

  /** Value every state buffer starts from. */
  protected initialState(): number {
    return 0;
  }

  /** One fused kernel call updating p from g; `buf(k)` is the address of state buffer k. */
  protected abstract update(rt: Runtime, p: Matrix, g: Matrix, buf: (k: number) => number, t: number): void;

  /** The hyper-parameters (lr is the current one). */
  protected abstract options(): Record<string, number | boolean>;

  /**
   * One update of every parameter from its gradient, in place: params[i] ← step(params[i], grads[i]).
   * Gradients are only read. One Wasm call per parameter buffer.
   */
  step(params: Matrix[], grads: Matrix[]): void {
    if (this.#disposed) throw new DisposedError(`this ${this.kind} optimizer was disposed; it can no longer be used`);
    if (!Array.isArray(params)) throw new ValidationError(`${this.kind}.step: params: expected an array of Matrix, got ${describe(params)}`);
    if (!Array.isArray(grads)) throw new ValidationError(`${this.kind}.step: grads: expected an array of Matrix, got ${describe(grads)}`);
    if (params.length !== grads.length) {
      throw new ShapeError(`${this.kind}.step: grads: expected ${params.length} gradients (one per parameter), got ${grads.length}`);
    }
    if (typeof this.lr !== 'number' || !Number.isFinite(this.lr) || this.lr < 0) {
      throw new InvalidParameterError(`${this.kind}.lr: expected a finite number >= 0, got ${describe(this.lr)}`);
    }
    // validate everything before changing anything: a bad pair leaves every parameter untouched
    for (let i = 0; i < params.length; i++) {
      const p = checkMatrix(params[i], `params[${i}]`);
      const g = checkMatrix(grads[i], `grads[${i}]`);
      if (p.rows !== g.rows || p.cols !== g.cols) throw new ShapeError(`grads[${i}]: expected shape ${p.rows}×${p.cols} (like params[${i}]), got ${g.rows}×${g.cols}`);
      if (p.dtype !== g.dtype) throw new ValidationError(`grads[${i}]: expected dtype ${p.dtype} (like params[${i}]), got ${g.dtype}`);
      if (p.ptr === g.ptr) throw new ValidationError(`grads[${i}]: is the same Matrix as params[${i}]`);
    }
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const s = this.#stateOf(p);
      s.t++;
      const bytes = s.size * itemSize(s.dtype);
      this.update(p.runtime, p, grads[i], (k) => s.ptr + k * bytes, s.t);
    }
  }

  /** Forgets every parameter's state (moments, step counts): the next step starts afresh. */
  zeroState(): void {
    for (const s of this.#state.values()) s.runtime.heap.free(s.ptr);
    this.#state.clear();
  }

  /** Frees the state in the Wasm heap. Further steps throw DisposedError. */
  dispose(): void {
    this.zeroState();
    this.#disposed = true;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The hyper-parameters only (no state), e.g. `{ kind: 'Adam', options: { lr: 0.001, … } }`. */
  toJSON(): OptimizerJSON {
    return { kind: this.kind, options: this.options() };
  }

  #stateOf(p: Matrix): State {
    let s = this.#state.get(p);
    if (s !== undefined) return s;
    const rt = p.runtime;
    const count = this.stateBuffers;
    const ptr = count > 0 ? rt.heap.alloc(count * p.size * itemSize(p.dtype)) : 0;
    if (count > 0) typed(rt.kernels, 'fill', p.dtype)(ptr, this.initialState(), count * p.size);
    s = { runtime: rt, ptr, size: p.size, dtype: p.dtype, t: 0 };
    this.#state.set(p, s);
    return s;
  }
}

// ---- option parsing -------------------------------------------------------------------------

type Range = [min: number, max: number, minOpen?: boolean, maxOpen?: boolean];
const NONNEG: Range = [0, Infinity];
const UNIT: Range = [0, 1];
const BETA: Range = [0, 1, false, true];

function num(opts: Record<string, unknown>, key: string, fallback: number, where: string, [min, max, minOpen = false, maxOpen = false]: Range): number {
  const v = opts[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (minOpen && v === min) || (maxOpen && v === max)) {
    const range = max === Infinity ? `${minOpen ? '>' : '>='} ${min}` : `in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
    throw new InvalidParameterError(`${where}: option ${key}: expected a finite number ${range}, got ${describe(v)}`);
  }
  return v;
}

function bool(opts: Record<string, unknown>, key: string, fallback: boolean, where: string): boolean {
  const v = opts[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new InvalidParameterError(`${where}: option ${key}: expected true or false, got ${describe(v)}`);
  return v;
}

const kernelCache = new WeakMap<Runtime, Map<string, Kernel>>();
function k(rt: Runtime, name: string, dtype: DType): Kernel {
  let m = kernelCache.get(rt);
  if (!m) kernelCache.set(rt, (m = new Map()));
  const key = name + dtype;
  let fn = m.get(key);
  if (!fn) m.set(key, (fn = typed(rt.kernels, name, dtype)));
  return fn;
}

// ---- the optimizers -------------------------------------------------------------------------

export interface SGDOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum?: number;
  /** Dampening of the momentum (default 0). */
  dampening?: number;
  /** L2 penalty added to the gradient, wd·p (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, PyTorch's rule: d = g + wd·p; with momentum
 * buf = μ·buf + (1 − dampening)·d (buf = d on the first step), d = nesterov ? d + μ·buf : buf;
 * p ← p − lr·d.
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;

  constructor(options?: SGDOptions) {
    const w = 'SGD';
    const o = checkOptions(options, ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov'], w);
    super(num(o, 'lr', 0.01, w, NONNEG));
    this.momentum = num(o, 'momentum', 0, w, NONNEG);
    this.dampening = num(o, 'dampening', 0, w, UNIT);
    this.weightDecay = num(o, 'weightDecay', 0, w, NONNEG);
    this.nesterov = bool(o, 'nesterov', false, w);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new InvalidParameterError('SGD: option nesterov: Nesterov momentum needs momentum > 0 and dampening 0');
    }
  }

  get kind(): string {
    return 'SGD';
  }

  protected get stateBuffers(): number {
    return this.momentum > 0 ? 1 : 0;
  }

  protected update(rt: Runtime, p: Matrix, g: Matrix, buf: (k: number) => number, t: number): void {
    k(rt, 'sgd_step', p.dtype)(p.ptr, g.ptr, this.momentum > 0 ? buf(0) : 0, p.size, this.lr, this.momentum, this.dampening, this.weightDecay, +this.nesterov, +(t === 1));
  }

  protected options(): Record<string, number | boolean> {
    return { lr: this.lr, momentum: this.momentum, dampening: this.dampening, weightDecay: this.weightDecay, nesterov: this.nesterov };
  }
}

export interface AdamOptions {
  /** Learning rate (default 0.001). */
  lr?: number;
  /** Decay of the first moment, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second moment, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty added to the gradient; AdamW: decoupled decay p ← p·(1 − lr·wd) (defaults 0 and 0.01). */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad, default false). */
  amsgrad?: boolean;
}

/**
 * Adam (Kingma & Ba 2015) with PyTorch's bias correction: m = β1·m + (1−β1)·d,
 * v = β2·v + (1−β2)·d², p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps), d = g + wd·p.
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;

  constructor(options?: AdamOptions) {
    const w = new.target === AdamW ? 'AdamW' : 'Adam';
    const o = checkOptions(options, ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'amsgrad'], w);
    super(num(o, 'lr', 0.001, w, NONNEG));
    this.beta1 = num(o, 'beta1', 0.9, w, BETA);
    this.beta2 = num(o, 'beta2', 0.999, w, BETA);
    this.eps = num(o, 'eps', 1e-8, w, NONNEG);
    this.weightDecay = num(o, 'weightDecay', w === 'AdamW' ? 0.01 : 0, w, NONNEG);
    this.amsgrad = bool(o, 'amsgrad', false, w);
  }

  get kind(): string {
    return 'Adam';
  }

  /** AdamW decays the weights directly instead of adding wd·p to the gradient. */
  protected get decoupled(): boolean {
    return false;
  }

  protected get stateBuffers(): number {
    return this.amsgrad ? 3 : 2;
  }

  protected update(rt: Runtime, p: Matrix, g: Matrix, buf: (k: number) => number, t: number): void {
    const bc1 = 1 - this.beta1 ** t;
    const bc2 = 1 - this.beta2 ** t;
    const decoupled = this.decoupled;
    k(rt, 'adam_step', p.dtype)(
      p.ptr, g.ptr, buf(0), buf(1), this.amsgrad ? buf(2) : 0, p.size,
      this.lr / bc1, this.beta1, this.beta2, this.eps,
      decoupled ? 0 : this.weightDecay, decoupled ? 1 - this.lr * this.weightDecay : 1, Math.sqrt(bc2),
    );
  }

  protected options(): Record<string, number | boolean> {
    return { lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay, amsgrad: this.amsgrad };
  }
}

/** AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay p ← p·(1 − lr·wd), default wd 0.01. */
export class AdamW extends Adam {
  constructor(options?: AdamOptions) {
    super(options);
  }

  override get kind(): string {
    return 'AdamW';
  }

  protected override get decoupled(): boolean {
    return true;
  }
}

export interface RMSPropOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Smoothing constant of the squared-gradient average, in [0, 1] (default 0.99). */
  alpha?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Normalize by the estimated variance instead of the raw second moment (default false). */
  centered?: boolean;
}

/**
 * RMSProp, PyTorch's rule: s = α·s + (1−α)·d²; avg = √(s − ḡ²) + eps when centered (ḡ the
 * running mean of d), else √s + eps; buf = μ·buf + d/avg; p ← p − lr·buf (or lr·d/avg without momentum).
 */
export class RMSProp extends Optimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;

  constructor(options?: RMSPropOptions) {
    const w = 'RMSProp';
    const o = checkOptions(options, ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered'], w);
    super(num(o, 'lr', 0.01, w, NONNEG));
    this.alpha = num(o, 'alpha', 0.99, w, UNIT);
    this.eps = num(o, 'eps', 1e-8, w, NONNEG);
    this.weightDecay = num(o, 'weightDecay', 0, w, NONNEG);
    this.momentum = num(o, 'momentum', 0, w, NONNEG);
    this.centered = bool(o, 'centered', false, w);
  }

  get kind(): string {
    return 'RMSProp';
  }

  protected get stateBuffers(): number {
    return 1 + +this.centered + +(this.momentum > 0);
  }

  protected update(rt: Runtime, p: Matrix, g: Matrix, buf: (k: number) => number): void {
    const ga = this.centered ? buf(1) : 0;
    const mb = this.momentum > 0 ? buf(this.centered ? 2 : 1) : 0;
    k(rt, 'rmsprop_step', p.dtype)(p.ptr, g.ptr, buf(0), ga, mb, p.size, this.lr, this.alpha, this.eps, this.weightDecay, this.momentum);
  }

  protected options(): Record<string, number | boolean> {
    return { lr: this.lr, alpha: this.alpha, eps: this.eps, weightDecay: this.weightDecay, momentum: this.momentum, centered: this.centered };
  }
}

export interface AdagradOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Learning-rate decay: step t uses lr / (1 + (t − 1)·lrDecay) (default 0). */
  lrDecay?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator (default 1e-10). */
  eps?: number;
}

/** Adagrad (Duchi et al. 2011), PyTorch's rule: s += d²; p ← p − lr_t · d / (√s + eps). */
export class Adagrad extends Optimizer {
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly initialAccumulatorValue: number;
  readonly eps: number;

  constructor(options?: AdagradOptions) {
    const w = 'Adagrad';
    const o = checkOptions(options, ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps'], w);
    super(num(o, 'lr', 0.01, w, NONNEG));
    this.lrDecay = num(o, 'lrDecay', 0, w, NONNEG);
    this.weightDecay = num(o, 'weightDecay', 0, w, NONNEG);
    this.initialAccumulatorValue = num(o, 'initialAccumulatorValue', 0, w, NONNEG);
    this.eps = num(o, 'eps', 1e-10, w, NONNEG);
  }

  get kind(): string {
    return 'Adagrad';
  }

  protected get stateBuffers(): number {
    return 1;
  }

  protected override initialState(): number {
    return this.initialAccumulatorValue;
  }

  protected update(rt: Runtime, p: Matrix, g: Matrix, buf: (k: number) => number, t: number): void {
    const clr = this.lr / (1 + (t - 1) * this.lrDecay);
    k(rt, 'adagrad_step', p.dtype)(p.ptr, g.ptr, buf(0), p.size, clr, this.eps, this.weightDecay);
  }

  protected options(): Record<string, number | boolean> {
    return { lr: this.lr, lrDecay: this.lrDecay, weightDecay: this.weightDecay, initialAccumulatorValue: this.initialAccumulatorValue, eps: this.eps };
  }
}

const KINDS: Record<string, new (options?: never) => Optimizer> = { SGD, Adam, AdamW, RMSProp, Adagrad };

/**
 * An optimizer from its toJSON() form. The input is treated as untrusted (it may come from a
 * model file): anything but a known kind with valid options throws ModelFormatError.
 */
export function fromJSON(json: unknown): Optimizer {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ModelFormatError(`optimizer: expected { kind, options }, got ${describe(json)}`);
  const { kind, options } = json as { kind?: unknown; options?: unknown };
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(KINDS, kind)) {
    throw new ModelFormatError(`optimizer.kind: expected one of ${Object.keys(KINDS).join(', ')}, got ${describe(kind)}`);
  }
  try {
    return new KINDS[kind]((options ?? {}) as never);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw new ModelFormatError(`optimizer.options: ${error.message}`);
    throw error;
  }
}
