// Learning-rate schedules: each holds an optimizer and sets its `lr` on step(), PyTorch's
// lr_scheduler semantics (closed forms of StepLR, ExponentialLR, CosineAnnealingLR; the
// ReduceLROnPlateau state machine). Call step() once per epoch, after the epoch's updates.
import { InvalidParameterError } from '../errors.js';
import { checkInteger, checkOptions, describe } from '../core/validate.js';
import { Optimizer } from './optimizer.js';

function checkOptimizer(o: unknown, where: string): Optimizer {
  if (!(o instanceof Optimizer)) throw new InvalidParameterError(`${where}: optimizer: expected a wl.optim optimizer, got ${describe(o)}`);
  return o;
}

function positive(v: unknown, name: string, fallback?: number, allowZero = false): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new InvalidParameterError(`${name}: expected a finite number ${allowZero ? '>= 0' : '> 0'}, got ${describe(v)}`);
  }
  return v;
}

/** Base of the epoch-indexed schedules: lr = f(baseLr, epoch). */
abstract class EpochSchedule {
  readonly optimizer: Optimizer;
  /** The optimizer's lr when the schedule was created. */
  readonly baseLr: number;
  /** Number of step() calls so far. */
  epoch = 0;

  constructor(optimizer: Optimizer, where: string) {
    this.optimizer = checkOptimizer(optimizer, where);
    this.baseLr = optimizer.lr;
  }

  protected abstract lrAt(epoch: number): number;

  /** Advances one epoch and sets the optimizer's lr; returns it. */
  step(): number {
    this.epoch++;
    return (this.optimizer.lr = this.lrAt(this.epoch));
  }
}

/** lr = baseLr · gamma^⌊epoch / stepSize⌋ (gamma default 0.1). */
export class StepLR extends EpochSchedule {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: { stepSize: number; gamma?: number }) {
    super(optimizer, 'StepLR');
    const o = checkOptions(options, ['stepSize', 'gamma'], 'StepLR');
    this.stepSize = checkInteger(o.stepSize, 'StepLR: option stepSize', 1);
    this.gamma = positive(o.gamma, 'StepLR: option gamma', 0.1);
  }

  protected lrAt(epoch: number): number {
    return this.baseLr * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/** lr = baseLr · gamma^epoch. */
export class ExponentialLR extends EpochSchedule {
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: { gamma: number }) {
    super(optimizer, 'ExponentialLR');
    const o = checkOptions(options, ['gamma'], 'ExponentialLR');
    this.gamma = positive(o.gamma, 'ExponentialLR: option gamma');
  }

  protected lrAt(epoch: number): number {
    return this.baseLr * this.gamma ** epoch;
  }
}

/** lr = etaMin + (baseLr − etaMin)·(1 + cos(π·epoch/tMax))/2 (SGDR without restarts; etaMin default 0). */
export class CosineAnnealingLR extends EpochSchedule {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: { tMax: number; etaMin?: number }) {
    super(optimizer, 'CosineAnnealingLR');
    const o = checkOptions(options, ['tMax', 'etaMin'], 'CosineAnnealingLR');
    this.tMax = checkInteger(o.tMax, 'CosineAnnealingLR: option tMax', 1);
    this.etaMin = positive(o.etaMin, 'CosineAnnealingLR: option etaMin', 0, true);
  }

  protected lrAt(epoch: number): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}

export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should fall (a loss); 'max': it should rise (an accuracy). */
  mode?: 'min' | 'max';
  /** lr ← max(lr·factor, minLr) on a plateau (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** What counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of lr (default 0). */
  minLr?: number;
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/** Reduces lr by `factor` when a metric has stopped improving for `patience` epochs (PyTorch's ReduceLROnPlateau). */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
  /** Best metric seen so far. */
  best: number;
  /** Epochs since the last improvement. */
  numBadEpochs = 0;
  #cooldownCounter = 0;
  epoch = 0;

  constructor(optimizer: Optimizer, options?: ReduceLROnPlateauOptions) {
    const w = 'ReduceLROnPlateau';
    this.optimizer = checkOptimizer(optimizer, w);
    const o = checkOptions(options, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'], w);
    if (o.mode !== undefined && o.mode !== 'min' && o.mode !== 'max') throw new InvalidParameterError(`${w}: option mode: expected 'min' or 'max', got ${describe(o.mode)}`);
    if (o.thresholdMode !== undefined && o.thresholdMode !== 'rel' && o.thresholdMode !== 'abs') {
      throw new InvalidParameterError(`${w}: option thresholdMode: expected 'rel' or 'abs', got ${describe(o.thresholdMode)}`);
    }
    this.mode = (o.mode as 'min' | 'max' | undefined) ?? 'min';
    this.thresholdMode = (o.thresholdMode as 'rel' | 'abs' | undefined) ?? 'rel';
    this.factor = positive(o.factor, `${w}: option factor`, 0.1);
    if (this.factor >= 1) throw new InvalidParameterError(`${w}: option factor: expected a number in (0, 1), got ${this.factor}`);
    this.patience = checkInteger(o.patience ?? 10, `${w}: option patience`, 0);
    this.threshold = positive(o.threshold, `${w}: option threshold`, 1e-4, true);
    this.cooldown = checkInteger(o.cooldown ?? 0, `${w}: option cooldown`, 0);
    this.minLr = positive(o.minLr, `${w}: option minLr`, 0, true);
    this.eps = positive(o.eps, `${w}: option eps`, 1e-8, true);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  #better(a: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < this.best * (1 - t) : a < this.best - t;
    return this.thresholdMode === 'rel' ? a > this.best * (1 + t) : a > this.best + t;
  }

  /** Records this epoch's metric (e.g. the validation loss) and reduces lr on a plateau; returns lr. */
  step(metric: number): number {
    if (typeof metric !== 'number' || Number.isNaN(metric)) throw new InvalidParameterError(`ReduceLROnPlateau.step: metric: expected a number, got ${describe(metric)}`);
    this.epoch++;
    if (this.#better(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.#cooldownCounter > 0) {
      this.#cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs during cooldown are ignored
    }
    if (this.numBadEpochs > this.patience) {
      const old = this.optimizer.lr;
      const next = Math.max(old * this.factor, this.minLr);
      if (old - next > this.eps) this.optimizer.lr = next;
      this.#cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    return this.optimizer.lr;
  }
}
