// Behaviour of src/optim, src/base, src/io and src/errors.ts that mutation testing (Stryker over those
// files) showed no test pinned: the class of every error and the option or argument it names, the
// PyTorch/scikit-learn defaults, the edges of every range check, the update rules in the option
// combinations the reference tests do not reach, and the heap back at its baseline.
import { describe, expect, it, vi } from 'vitest';
import { getWl, throwsNamed } from '../helpers';

const wl = await getWl();
const { optim } = wl;
const { InvalidParameterError: P, ValidationError: V, ShapeError: S, ModelFormatError: MF, DisposedError: D } = wl;

/** Runs `steps` updates of `opt` on ½ Σ aᵢpᵢ² from p0 and returns the trajectory. */
function trajectory(opt: InstanceType<typeof optim.SGD> | any, p0: number[], a: number[], steps: number, dtype: 'float64' | 'float32' = 'float64'): number[][] {
  const Pm = wl.zeros(1, p0.length, dtype);
  const Gm = wl.zeros(1, p0.length, dtype);
  Pm.data.set(p0);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    Gm.data.set(Array.from(Pm.data, (x, i) => a[i] * x));
    opt.step([Pm], [Gm]);
    out.push(Array.from(Pm.data));
  }
  Pm.dispose();
  Gm.dispose();
  return out;
}

/** The same rule in plain JS over the same objective. */
function refTrajectory(rule: (p: number[], g: number[], t: number) => number[], p0: number[], a: number[], steps: number): number[][] {
  let p = p0.slice();
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    p = rule(p, p.map((x, i) => a[i] * x), t);
    out.push(p.slice());
  }
  return out;
}

function expectClose(got: number[][], want: number[][], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, t) => row.forEach((v, i) => expect(Math.abs(v - want[t][i]), `step ${t + 1}, element ${i}: ${v} vs ${want[t][i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[t][i])))));
}

describe('optimizers: defaults (PyTorch, SGD lr as Keras) and toJSON', () => {
  it('every optimizer reports its defaults', () => {
    expect(new optim.SGD().toJSON()).toEqual({ kind: 'SGD', options: { lr: 0.01, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false } });
    expect(new optim.Adam().toJSON()).toEqual({ kind: 'Adam', options: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false } });
    expect(new optim.AdamW().toJSON()).toEqual({ kind: 'AdamW', options: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false } });
    expect(new optim.RMSProp().toJSON()).toEqual({ kind: 'RMSProp', options: { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false } });
    expect(new optim.Adagrad().toJSON()).toEqual({ kind: 'Adagrad', options: { lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 } });
    const a = new optim.Adam({ lr: 0.5 });
    expect(a.lr).toBe(0.5);
    expect([a.beta1, a.beta2, a.eps, a.weightDecay, a.amsgrad]).toEqual([0.9, 0.999, 1e-8, 0, false]);
    expect(a.kind).toBe('Adam');
    expect(new optim.AdamW().kind).toBe('AdamW');
    expect(a.disposed).toBe(false);
    a.dispose();
    expect(a.disposed).toBe(true);
  });

  it('fromJSON: missing options give the defaults; bad input is a ModelFormatError naming the field', () => {
    expect(optim.fromJSON({ kind: 'RMSProp' }).toJSON()).toEqual(new optim.RMSProp().toJSON());
    for (const kind of ['SGD', 'Adam', 'AdamW', 'RMSProp', 'Adagrad']) {
      const o = optim.fromJSON({ kind, options: { lr: 0.25 } });
      expect(o.kind).toBe(kind);
      expect(o.lr).toBe(0.25);
    }
    throwsNamed(() => optim.fromJSON(null), MF, 'optimizer: expected { kind, options }, got null');
    throwsNamed(() => optim.fromJSON('SGD'), MF, 'optimizer: expected { kind, options }, got "SGD"');
    throwsNamed(() => optim.fromJSON([{ kind: 'SGD' }]), MF, 'optimizer: expected { kind, options }, got an array of length 1');
    throwsNamed(() => optim.fromJSON({ kind: 3 }), MF, 'optimizer.kind: expected one of SGD, Adam, AdamW, RMSProp, Adagrad, got 3');
    throwsNamed(() => optim.fromJSON({ kind: 'hasOwnProperty' }), MF, 'optimizer.kind: expected one of');
    throwsNamed(() => optim.fromJSON({ kind: 'Adam', options: { beta1: 2 } }), MF, 'optimizer.options: Adam: option beta1: expected a finite number in [0, 1), got 2');
    throwsNamed(() => optim.fromJSON({ kind: 'SGD', options: 5 }), MF, 'optimizer.options: SGD: expected an options object, got 5');
  });
});

describe('optimizers: option ranges, each error naming the optimizer and the option', () => {
  it('lr, momentum, dampening, betas, alpha, eps, nesterov, flags', () => {
    // the edges of each range are accepted
    for (const make of [
      () => new optim.SGD({ lr: 0, momentum: 0, dampening: 1, weightDecay: 0 }),
      () => new optim.SGD({ momentum: 0.9, nesterov: true, dampening: 0 }),
      () => new optim.Adam({ lr: 0, beta1: 0, beta2: 0, eps: 0, weightDecay: 0 }),
      () => new optim.RMSProp({ alpha: 0 }),
      () => new optim.RMSProp({ alpha: 1 }),
      () => new optim.Adagrad({ lrDecay: 0, initialAccumulatorValue: 0, eps: 0 }),
    ]) expect(make).not.toThrow();
    throwsNamed(() => new optim.SGD({ lr: -0.1 }), P, 'SGD: option lr: expected a finite number >= 0, got -0.1');
    throwsNamed(() => new optim.SGD({ lr: Infinity }), P, 'SGD: option lr: expected a finite number >= 0, got Infinity');
    throwsNamed(() => new optim.SGD({ lr: '0.1' as never }), P, 'SGD: option lr: expected a finite number >= 0, got "0.1"');
    throwsNamed(() => new optim.SGD({ momentum: -1 }), P, 'SGD: option momentum: expected a finite number >= 0, got -1');
    throwsNamed(() => new optim.SGD({ dampening: 1.5 }), P, 'SGD: option dampening: expected a finite number in [0, 1], got 1.5');
    throwsNamed(() => new optim.SGD({ dampening: -0.5 }), P, 'SGD: option dampening: expected a finite number in [0, 1], got -0.5');
    throwsNamed(() => new optim.SGD({ weightDecay: -1 }), P, 'SGD: option weightDecay: expected a finite number >= 0, got -1');
    throwsNamed(() => new optim.SGD({ nesterov: 1 as never }), P, 'SGD: option nesterov: expected true or false, got 1');
    throwsNamed(() => new optim.SGD({ nesterov: true }), P, 'SGD: option nesterov: Nesterov momentum needs momentum > 0 and dampening 0');
    throwsNamed(() => new optim.SGD({ nesterov: true, momentum: 0.9, dampening: 0.1 }), P, 'SGD: option nesterov: Nesterov momentum needs');
    throwsNamed(() => new optim.SGD('fast' as never), P, 'SGD: expected an options object, got "fast"');
    throwsNamed(() => new optim.Adam({ beta1: 1 }), P, 'Adam: option beta1: expected a finite number in [0, 1), got 1');
    throwsNamed(() => new optim.Adam({ beta2: -0.1 }), P, 'Adam: option beta2: expected a finite number in [0, 1), got -0.1');
    throwsNamed(() => new optim.Adam({ eps: -1 }), P, 'Adam: option eps: expected a finite number >= 0, got -1');
    throwsNamed(() => new optim.Adam({ amsgrad: 'yes' as never }), P, 'Adam: option amsgrad: expected true or false, got "yes"');
    throwsNamed(() => new optim.AdamW({ lr: -1 }), P, 'AdamW: option lr: expected a finite number >= 0, got -1');
    throwsNamed(() => new optim.AdamW({ weightDecay: -1 }), P, 'AdamW: option weightDecay');
    throwsNamed(() => new optim.AdamW({ lrr: 1 } as never), P, 'AdamW: unknown option "lrr"');
    throwsNamed(() => new optim.RMSProp({ alpha: 1.01 }), P, 'RMSProp: option alpha: expected a finite number in [0, 1], got 1.01');
    throwsNamed(() => new optim.RMSProp({ momentum: -1 }), P, 'RMSProp: option momentum: expected a finite number >= 0, got -1');
    throwsNamed(() => new optim.RMSProp({ centered: 0 as never }), P, 'RMSProp: option centered: expected true or false, got 0');
    throwsNamed(() => new optim.RMSProp({ eps: NaN }), P, 'RMSProp: option eps: expected a finite number >= 0, got NaN');
    throwsNamed(() => new optim.RMSProp({ weightDecay: -2 }), P, 'RMSProp: option weightDecay');
    throwsNamed(() => new optim.Adagrad({ lrDecay: -1 }), P, 'Adagrad: option lrDecay: expected a finite number >= 0, got -1');
    throwsNamed(() => new optim.Adagrad({ initialAccumulatorValue: -1 }), P, 'Adagrad: option initialAccumulatorValue');
    throwsNamed(() => new optim.Adagrad({ eps: -1 }), P, 'Adagrad: option eps');
    throwsNamed(() => new optim.Adagrad({ weightDecay: -1 }), P, 'Adagrad: option weightDecay');
    throwsNamed(() => new optim.Adagrad({ lr: -1 }), P, 'Adagrad: option lr');
  });
});

describe('optimizer.step: errors name the optimizer and the pair; nothing changes', () => {
  it('arrays, counts, lr, shapes, dtypes, aliasing, dispose', () => {
    const base = wl.memory().bytesInUse;
    const A = wl.matrix([[1, 2]]);
    const G = wl.matrix([[1, 1]]);
    const opt = new optim.SGD({ lr: 0.1 });
    throwsNamed(() => opt.step(A as never, [G]), V, 'SGD.step: params: expected an array of Matrix, got ');
    throwsNamed(() => opt.step([A], G as never), V, 'SGD.step: grads: expected an array of Matrix, got ');
    throwsNamed(() => opt.step([A], []), S, 'SGD.step: grads: expected 1 gradients (one per parameter), got 0');
    throwsNamed(() => opt.step([A, A], [G]), S, 'SGD.step: grads: expected 2 gradients (one per parameter), got 1');
    throwsNamed(() => opt.step([[1, 2]] as never, [G]), V, 'params[0]: expected a Matrix, got an array of length 2');
    throwsNamed(() => opt.step([A], [[1, 1]] as never), V, 'grads[0]: expected a Matrix, got an array of length 2');
    const wide = wl.zeros(1, 3), tall = wl.zeros(2, 2), G32 = wl.zeros(1, 2, 'float32');
    throwsNamed(() => opt.step([A], [wide]), S, 'grads[0]: expected shape 1×2 (like params[0]), got 1×3');
    throwsNamed(() => opt.step([A], [tall]), S, 'grads[0]: expected shape 1×2 (like params[0]), got 2×2');
    throwsNamed(() => opt.step([A], [G32]), V, 'grads[0]: expected dtype float64 (like params[0]), got float32');
    throwsNamed(() => opt.step([A], [A]), V, 'grads[0]: is the same Matrix as params[0]');
    for (const lr of [-1, Infinity, NaN, '0.1']) {
      opt.lr = lr as never;
      throwsNamed(() => opt.step([A], [G]), P, `SGD.lr: expected a finite number >= 0, got ${typeof lr === 'string' ? '"0.1"' : lr}`);
    }
    expect(A.toArray()).toEqual([[1, 2]]);
    opt.lr = 0; // lr 0 is a valid (no-op) step
    opt.step([A], [G]);
    expect(A.toArray()).toEqual([[1, 2]]);
    opt.lr = 0.5;
    opt.step([], []); // nothing to do
    opt.step([A], [G]);
    expect(A.toArray()).toEqual([[0.5, 1.5]]);
    opt.dispose();
    throwsNamed(() => opt.step([A], [G]), D, 'this SGD optimizer was disposed; it can no longer be used');
    const w = new optim.AdamW();
    w.dispose();
    w.dispose();
    throwsNamed(() => w.step([A], [G]), D, 'this AdamW optimizer was disposed');
    for (const m of [A, G, wide, tall, G32]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('state lives in the heap only for the optimizers that need it, and zeroState/dispose free it', () => {
    const A = wl.zeros(1, 64);
    const G = wl.full(1, 64, 1);
    const base = wl.memory().bytesInUse;
    const used = (opt: { step(p: unknown[], g: unknown[]): void; zeroState(): void; dispose(): void }): number => {
      opt.step([A], [G]);
      const grown = wl.memory().bytesInUse - base;
      opt.zeroState();
      expect(wl.memory().bytesInUse).toBe(base);
      opt.step([A], [G]);
      opt.dispose();
      expect(wl.memory().bytesInUse).toBe(base);
      return grown;
    };
    expect(used(new optim.SGD())).toBe(0); // plain SGD keeps no state
    const one = used(new optim.SGD({ momentum: 0.5 }));
    expect(one).toBeGreaterThanOrEqual(64 * 8);
    expect(used(new optim.Adagrad())).toBe(one);
    expect(used(new optim.RMSProp())).toBe(one);
    expect(used(new optim.RMSProp({ centered: true }))).toBeGreaterThanOrEqual(2 * 64 * 8);
    expect(used(new optim.RMSProp({ momentum: 0.5 }))).toBeGreaterThanOrEqual(2 * 64 * 8);
    expect(used(new optim.RMSProp({ centered: true, momentum: 0.5 }))).toBeGreaterThanOrEqual(3 * 64 * 8);
    expect(used(new optim.Adam())).toBeGreaterThanOrEqual(2 * 64 * 8);
    expect(used(new optim.Adam({ amsgrad: true }))).toBeGreaterThanOrEqual(3 * 64 * 8);
    A.dispose();
    G.dispose();
  });
});

describe('optimizers: the update rules in the combinations the reference tests do not cover', () => {
  const p0 = [1, -2, 0.5];
  const a = [1, 3, 0.25];

  it('SGD: momentum without dampening, weight decay without momentum', () => {
    const mu = 0.9;
    let buf: number[] = [];
    expectClose(trajectory(new optim.SGD({ lr: 0.1, momentum: mu }), p0, a, 4), refTrajectory((p, g, t) => {
      buf = t === 1 ? g.slice() : buf.map((b, i) => mu * b + g[i]);
      return p.map((x, i) => x - 0.1 * buf[i]);
    }, p0, a, 4), 1e-14);
    expectClose(trajectory(new optim.SGD({ lr: 0.1, weightDecay: 0.5 }), p0, a, 3), refTrajectory((p, g) => p.map((x, i) => x - 0.1 * (g[i] + 0.5 * x)), p0, a, 3), 1e-14);
  });

  it('RMSProp: momentum alone, centered alone', () => {
    const run = (centered: boolean, mu: number) => {
      let s = [0, 0, 0], ga = [0, 0, 0], b = [0, 0, 0];
      return refTrajectory((p, g) => {
        s = s.map((v, i) => 0.9 * v + 0.1 * g[i] * g[i]);
        if (centered) ga = ga.map((v, i) => 0.9 * v + 0.1 * g[i]);
        const avg = s.map((v, i) => Math.sqrt(v - (centered ? ga[i] ** 2 : 0)) + 1e-8);
        if (mu > 0) {
          b = b.map((v, i) => mu * v + g[i] / avg[i]);
          return p.map((x, i) => x - 0.01 * b[i]);
        }
        return p.map((x, i) => x - (0.01 * g[i]) / avg[i]);
      }, p0, a, 5);
    };
    expectClose(trajectory(new optim.RMSProp({ lr: 0.01, alpha: 0.9, momentum: 0.5 }), p0, a, 5), run(false, 0.5), 1e-12);
    expectClose(trajectory(new optim.RMSProp({ lr: 0.01, alpha: 0.9, centered: true }), p0, a, 5), run(true, 0), 1e-12);
  });

  it('Adam: the default betas and eps, and AdamW with its default decay', () => {
    const adamRule = (lr: number, wd: number, decoupled: boolean) => {
      let m = [0, 0, 0], v = [0, 0, 0];
      return (p: number[], g0: number[], t: number) => {
        const x = decoupled ? p.map((q) => q * (1 - lr * wd)) : p;
        const g = decoupled ? g0 : g0.map((gi, i) => gi + wd * p[i]);
        m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
        v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] * g[i]);
        return x.map((xi, i) => xi - (lr * m[i]) / (1 - 0.9 ** t) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8));
      };
    };
    expectClose(trajectory(new optim.Adam({ lr: 0.1 }), p0, a, 6), refTrajectory(adamRule(0.1, 0, false), p0, a, 6), 1e-12);
    expectClose(trajectory(new optim.AdamW({ lr: 0.1 }), p0, a, 6), refTrajectory(adamRule(0.1, 0.01, true), p0, a, 6), 1e-12);
    expectClose(trajectory(new optim.Adam({ lr: 0.1, weightDecay: 0.3 }), p0, a, 6), refTrajectory(adamRule(0.1, 0.3, false), p0, a, 6), 1e-12);
  });

  it('Adagrad: the step count is per parameter (lrDecay)', () => {
    const A = wl.matrix([[1]]), B = wl.matrix([[1]]), G = wl.matrix([[1]]);
    const opt = new optim.Adagrad({ lr: 1, lrDecay: 1 });
    opt.step([A], [G]);
    opt.step([A], [G]);
    opt.step([B], [G]); // B's first step: full lr
    expect(B.get(0, 0)).toBeCloseTo(1 - 1 / (1 + 1e-10), 12);
    // A's second step: lr/(1 + lrDecay) = 1/2, accumulated g² = 2
    expect(A.get(0, 0)).toBeCloseTo(1 - 1 / (1 + 1e-10) - 0.5 / (Math.SQRT2 + 1e-10), 14);
    opt.dispose();
    for (const m of [A, B, G]) m.dispose();
  });
});

describe('schedules: options, defaults and errors', () => {
  it('StepLR, ExponentialLR, CosineAnnealingLR', () => {
    const o = new optim.SGD({ lr: 2 });
    const s = new optim.schedules.StepLR(o, { stepSize: 2 });
    expect([s.gamma, s.stepSize, s.baseLr, s.epoch, s.optimizer]).toEqual([0.1, 2, 2, 0, o]);
    expect([s.step(), s.step(), s.step()]).toEqual([2, expect.closeTo(0.2, 15), expect.closeTo(0.2, 15)]);
    expect(s.epoch).toBe(3);
    throwsNamed(() => new optim.schedules.StepLR(null as never, { stepSize: 1 }), P, 'StepLR: optimizer: expected a wl.optim optimizer, got null');
    throwsNamed(() => new optim.schedules.StepLR(o, { stepSize: 1.5 }), P, 'StepLR: option stepSize: expected an integer >= 1, got 1.5');
    throwsNamed(() => new optim.schedules.StepLR(o, { stepSize: 1, gamma: 0 }), P, 'StepLR: option gamma: expected a finite number > 0, got 0');
    throwsNamed(() => new optim.schedules.StepLR(o, { stepSize: 1, gamma: -1 }), P, 'StepLR: option gamma: expected a finite number > 0, got -1');
    throwsNamed(() => new optim.schedules.StepLR(o, { stepSize: 1, gamma: Infinity }), P, 'StepLR: option gamma: expected a finite number > 0, got Infinity');
    throwsNamed(() => new optim.schedules.StepLR(o, { stepSize: 1, gamma: '0.5' as never }), P, 'StepLR: option gamma: expected a finite number > 0, got "0.5"');
    throwsNamed(() => new optim.schedules.StepLR(o, { stepSize: 1, gama: 0.5 } as never), P, 'StepLR: unknown option "gama"');
    const e = new optim.schedules.ExponentialLR(new optim.SGD({ lr: 1 }), { gamma: 0.5 });
    expect([e.step(), e.step(), e.gamma, e.baseLr]).toEqual([0.5, 0.25, 0.5, 1]);
    throwsNamed(() => new optim.schedules.ExponentialLR(o, {} as never), P, 'ExponentialLR: option gamma: expected a finite number > 0, got undefined');
    throwsNamed(() => new optim.schedules.ExponentialLR({ lr: 1 } as never, { gamma: 0.5 }), P, 'ExponentialLR: optimizer: expected a wl.optim optimizer, got an object (Object)');
    throwsNamed(() => new optim.schedules.ExponentialLR(o, { gamma: 0.5, x: 1 } as never), P, 'ExponentialLR: unknown option "x"');
    const c = new optim.schedules.CosineAnnealingLR(new optim.SGD({ lr: 1 }), { tMax: 2 });
    expect(c.etaMin).toBe(0);
    expect(c.tMax).toBe(2);
    expect([c.step(), c.step()]).toEqual([expect.closeTo(0.5, 15), expect.closeTo(0, 15)]);
    expect(new optim.schedules.CosineAnnealingLR(o, { tMax: 1, etaMin: 0 }).etaMin).toBe(0);
    throwsNamed(() => new optim.schedules.CosineAnnealingLR(o, { tMax: 0 }), P, 'CosineAnnealingLR: option tMax: expected an integer >= 1, got 0');
    throwsNamed(() => new optim.schedules.CosineAnnealingLR(o, { tMax: 2, etaMin: -0.1 }), P, 'CosineAnnealingLR: option etaMin: expected a finite number >= 0, got -0.1');
    throwsNamed(() => new optim.schedules.CosineAnnealingLR(o, { tMax: 2, etaMin: NaN }), P, 'CosineAnnealingLR: option etaMin: expected a finite number >= 0, got NaN');
    throwsNamed(() => new optim.schedules.CosineAnnealingLR(o, { tMax: 2, eta: 0 } as never), P, 'CosineAnnealingLR: unknown option "eta"');
    throwsNamed(() => new optim.schedules.CosineAnnealingLR(3 as never, { tMax: 2 }), P, 'CosineAnnealingLR: optimizer: expected a wl.optim optimizer, got 3');
  });

  it('ReduceLROnPlateau: defaults and option errors', () => {
    const o = new optim.SGD({ lr: 1 });
    const R = optim.schedules.ReduceLROnPlateau;
    const s = new R(o);
    expect([s.mode, s.factor, s.patience, s.threshold, s.thresholdMode, s.cooldown, s.minLr, s.eps, s.best, s.numBadEpochs, s.epoch]).toEqual(['min', 0.1, 10, 1e-4, 'rel', 0, 0, 1e-8, Infinity, 0, 0]);
    expect(new R(o, { mode: 'max' }).best).toBe(-Infinity);
    expect(new R(o, { threshold: 0, minLr: 0, eps: 0, cooldown: 0, patience: 0 }).threshold).toBe(0);
    throwsNamed(() => new R(null as never), P, 'ReduceLROnPlateau: optimizer: expected a wl.optim optimizer, got null');
    throwsNamed(() => new R(o, { mode: 'up' as never }), P, "ReduceLROnPlateau: option mode: expected 'min' or 'max', got \"up\"");
    throwsNamed(() => new R(o, { thresholdMode: 'pct' as never }), P, "ReduceLROnPlateau: option thresholdMode: expected 'rel' or 'abs', got \"pct\"");
    throwsNamed(() => new R(o, { factor: 1 }), P, 'ReduceLROnPlateau: option factor: expected a number in (0, 1), got 1');
    throwsNamed(() => new R(o, { factor: 0 }), P, 'ReduceLROnPlateau: option factor: expected a finite number > 0, got 0');
    throwsNamed(() => new R(o, { patience: -1 }), P, 'ReduceLROnPlateau: option patience: expected an integer >= 0, got -1');
    throwsNamed(() => new R(o, { threshold: -1 }), P, 'ReduceLROnPlateau: option threshold: expected a finite number >= 0, got -1');
    throwsNamed(() => new R(o, { cooldown: 0.5 }), P, 'ReduceLROnPlateau: option cooldown: expected an integer >= 0, got 0.5');
    throwsNamed(() => new R(o, { minLr: -1 }), P, 'ReduceLROnPlateau: option minLr: expected a finite number >= 0, got -1');
    throwsNamed(() => new R(o, { eps: -1 }), P, 'ReduceLROnPlateau: option eps: expected a finite number >= 0, got -1');
    throwsNamed(() => new R(o, { patiense: 1 } as never), P, 'ReduceLROnPlateau: unknown option "patiense"');
    throwsNamed(() => s.step('1' as never), P, 'ReduceLROnPlateau.step: metric: expected a number, got "1"');
    throwsNamed(() => s.step(NaN), P, 'ReduceLROnPlateau.step: metric: expected a number, got NaN');
    expect(s.epoch).toBe(0);
  });

  it('ReduceLROnPlateau: the default patience, absolute thresholds in both modes, eps, cooldown', () => {
    // default patience 10: the 11th bad epoch reduces lr by the default factor 0.1
    const o = new optim.SGD({ lr: 1 });
    const s = new optim.schedules.ReduceLROnPlateau(o);
    const lrs = Array.from({ length: 12 }, () => s.step(5));
    expect(lrs.slice(0, 11)).toEqual(Array(11).fill(1));
    expect(lrs[11]).toBeCloseTo(0.1, 15);
    expect(s.best).toBe(5);
    // min mode, relative: 5·(1 − 1e-4) is the bar
    const o1 = new optim.SGD({ lr: 1 });
    const s1 = new optim.schedules.ReduceLROnPlateau(o1, { patience: 0 });
    s1.step(5);
    s1.step(4.9996); // within the relative threshold: bad epoch → reduce
    expect(o1.lr).toBeCloseTo(0.1, 15);
    expect(s1.best).toBe(5);
    s1.step(4.999); // better than 5·(1 − 1e-4)
    expect(s1.best).toBe(4.999);
    expect(s1.numBadEpochs).toBe(0);
    // min mode, absolute threshold 0.5
    const o2 = new optim.SGD({ lr: 1 });
    const s2 = new optim.schedules.ReduceLROnPlateau(o2, { thresholdMode: 'abs', threshold: 0.5, patience: 1 });
    s2.step(10);
    s2.step(9.6); // not 0.5 better
    expect(s2.numBadEpochs).toBe(1);
    expect(s2.best).toBe(10);
    s2.step(9.4);
    expect([s2.best, s2.numBadEpochs, o2.lr]).toEqual([9.4, 0, 1]);
    // max mode, absolute threshold
    const o3 = new optim.SGD({ lr: 1 });
    const s3 = new optim.schedules.ReduceLROnPlateau(o3, { mode: 'max', thresholdMode: 'abs', threshold: 0.5, patience: 0, factor: 0.5 });
    s3.step(1);
    s3.step(1.4);
    expect(o3.lr).toBe(0.5);
    expect(s3.best).toBe(1);
    s3.step(1.6);
    expect([s3.best, o3.lr]).toEqual([1.6, 0.5]);
    // max mode, relative: 1·(1 + 1e-4) is the bar
    const o4 = new optim.SGD({ lr: 1 });
    const s4 = new optim.schedules.ReduceLROnPlateau(o4, { mode: 'max', patience: 0, factor: 0.5 });
    s4.step(1);
    s4.step(1.00005);
    expect([s4.best, o4.lr]).toEqual([1, 0.5]);
    s4.step(1.0002);
    expect([s4.best, o4.lr]).toEqual([1.0002, 0.5]);
    // a reduction smaller than eps is skipped
    const o5 = new optim.SGD({ lr: 1e-3 });
    const s5 = new optim.schedules.ReduceLROnPlateau(o5, { patience: 0, eps: 1e-3 });
    s5.step(1);
    s5.step(1);
    expect(o5.lr).toBe(1e-3);
    const o6 = new optim.SGD({ lr: 1 });
    const s6 = new optim.schedules.ReduceLROnPlateau(o6, { patience: 0, factor: 0.5, minLr: 0.9 });
    s6.step(1);
    s6.step(1);
    expect(o6.lr).toBe(0.9); // 0.5 floored to minLr
    // cooldown 2: two epochs after a reduction do not count
    const o7 = new optim.SGD({ lr: 1 });
    const s7 = new optim.schedules.ReduceLROnPlateau(o7, { patience: 0, factor: 0.5, cooldown: 2 });
    expect([1, 1, 1, 1, 1, 1].map((m) => s7.step(m))).toEqual([1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });
});

describe('gradient clipping and penalties: errors and edges', () => {
  it('clipGradNorm and clipGradValue', () => {
    const base = wl.memory().bytesInUse;
    const A = wl.matrix([[3, 4]]);
    throwsNamed(() => optim.clipGradNorm(A as never, 1), V, 'clipGradNorm: grads: expected an array of Matrix, got ');
    throwsNamed(() => optim.clipGradNorm([A, 'x' as never], 1), V, 'clipGradNorm: grads[1]: expected a Matrix, got "x"');
    for (const bad of [0, -1, NaN, Infinity, '1']) {
      throwsNamed(() => optim.clipGradNorm([A], bad as never), P, `clipGradNorm: maxNorm: expected a finite number > 0, got ${typeof bad === 'string' ? '"1"' : bad}`);
    }
    throwsNamed(() => optim.clipGradValue(null as never, 1), V, 'clipGradValue: grads: expected an array of Matrix, got null');
    for (const bad of [-1, NaN, Infinity, '1']) {
      throwsNamed(() => optim.clipGradValue([A], bad as never), P, `clipGradValue: clipValue: expected a finite number >= 0, got ${typeof bad === 'string' ? '"1"' : bad}`);
    }
    expect(A.toArray()).toEqual([[3, 4]]);
    expect(optim.clipGradNorm([A], 5 + 1e-6)).toBe(5); // coefficient exactly 1: unchanged
    expect(A.toArray()).toEqual([[3, 4]]);
    expect(optim.clipGradNorm([A], 1)).toBe(5);
    expect(A.get(0, 0)).toBeCloseTo(3 / (5 + 1e-6), 15);
    optim.clipGradValue([A], 0); // a zero clip value zeroes the gradient
    expect(A.toArray()).toEqual([[0, 0]]);
    A.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('addPenaltyGrad: l1 alone, l2 alone, and every error', () => {
    const base = wl.memory().bytesInUse;
    const W = wl.matrix([[1, -2, 0]]);
    const G = wl.zeros(1, 3);
    expect(optim.addPenaltyGrad([W], [G], { l2: 0.5 })).toBeCloseTo(0.5 * 5, 15);
    expect(G.toArray()).toEqual([[1, -2, 0]]);
    expect(optim.addPenaltyGrad([W], [G], { l1: 0.25 })).toBeCloseTo(0.75, 15);
    expect(G.toArray()).toEqual([[1.25, -2.25, 0]]);
    expect(optim.addPenaltyGrad([W], null, { l1: 0.25 })).toBeCloseTo(0.75, 15);
    expect(optim.addPenaltyGrad([W], null, {})).toBe(0);
    throwsNamed(() => optim.addPenaltyGrad(W as never, null, {}), V, 'addPenaltyGrad: params: expected an array of Matrix, got ');
    throwsNamed(() => optim.addPenaltyGrad([W], {} as never, {}), V, 'addPenaltyGrad: grads: expected an array of Matrix, got an object (Object)');
    throwsNamed(() => optim.addPenaltyGrad([W], [G, G], { l1: 1 }), S, 'addPenaltyGrad: grads: expected 1 gradients (one per parameter), got 2');
    const wide = wl.zeros(1, 4), tall = wl.zeros(2, 3), G32 = wl.zeros(1, 3, 'float32');
    throwsNamed(() => optim.addPenaltyGrad([W], [wide], { l1: 1 }), S, 'addPenaltyGrad: grads[0]: expected shape 1×3 (like params[0]), got 1×4');
    throwsNamed(() => optim.addPenaltyGrad([W], [tall], { l1: 1 }), S, 'addPenaltyGrad: grads[0]: expected shape 1×3 (like params[0]), got 2×3');
    throwsNamed(() => optim.addPenaltyGrad([W], [G32], { l1: 1 }), V, 'addPenaltyGrad: grads[0]: expected dtype float64 (like params[0]), got float32');
    // shapes are checked even when both weights are 0
    throwsNamed(() => optim.addPenaltyGrad([W], [wide], {}), S, 'addPenaltyGrad: grads[0]');
    for (const bad of [-1, NaN, Infinity, 'x']) {
      throwsNamed(() => optim.addPenaltyGrad([W], null, { l1: bad as never }), P, `addPenaltyGrad: option l1: expected a finite number >= 0, got ${typeof bad === 'string' ? '"x"' : bad}`);
      throwsNamed(() => optim.addPenaltyGrad([W], null, { l2: bad as never }), P, 'addPenaltyGrad: option l2: expected a finite number >= 0');
    }
    throwsNamed(() => optim.addPenaltyGrad([W], null, { l3: 1 } as never), P, 'addPenaltyGrad: unknown option "l3"');
    expect(G.toArray()).toEqual([[1.25, -2.25, 0]]);
    for (const m of [W, G, wide, tall, G32]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

// ---- src/errors.ts ----------------------------------------------------------------------------

describe('error classes', () => {
  it('each has its own name, the documented hierarchy and message', () => {
    const classes = ['WasmlearnError', 'ValidationError', 'ShapeError', 'InvalidParameterError', 'NotFittedError', 'DisposedError', 'ModelFormatError', 'OutOfMemoryError', 'LoadError', 'InternalError', 'NotInitializedError'] as const;
    for (const name of classes) {
      const E = (wl as any)[name];
      const e = new E('msg');
      expect(e.name).toBe(name);
      expect(e).toBeInstanceOf(wl.WasmlearnError);
      expect(e).toBeInstanceOf(Error);
    }
    expect(new wl.ShapeError('x')).toBeInstanceOf(wl.ValidationError);
    expect(new wl.ShapeError('x').message).toBe('x');
    expect(new wl.NotInitializedError().message).toBe('wasmlearn is not initialized: this function needs the WebAssembly module. Call `await wl.init()` once before using the library.');
    expect(new wl.NotInitializedError('wl.foo()').message).toBe('wasmlearn is not initialized: wl.foo() needs the WebAssembly module. Call `await wl.init()` once before using the library.');
    const cause = new RangeError('trap');
    const internal = new wl.InternalError('heap corrupted', { cause });
    expect(internal.message).toBe('wasmlearn internal error (a bug in wasmlearn, not in your input; please report it): heap corrupted');
    expect(internal.cause).toBe(cause);
    expect('cause' in new wl.InternalError('x')).toBe(false);
    expect('cause' in new wl.InternalError('x', {})).toBe(false);
    expect('cause' in new wl.InternalError('x', { cause: undefined })).toBe(true);
  });
});

// ---- src/io ------------------------------------------------------------------------------------

describe('model files (src/io/format.ts): the encoding', () => {
  const { encodeArray, decodeArray } = wl.io;

  it('is standard base64 of the little-endian bytes, for every padding and across chunks', () => {
    expect(wl.io.FORMAT).toBe('wasmlearn');
    expect(wl.io.FORMAT_VERSION).toBe(1);
    for (let n = 0; n <= 7; n++) {
      const a = new Int32Array(Array.from({ length: n }, (_, i) => (i * 0x01f3a7b5) ^ -i));
      const enc = encodeArray(a);
      expect(enc).toEqual({ dtype: 'int32', shape: [n], data: Buffer.from(a.buffer).toString('base64') });
      expect(Array.from(decodeArray(enc, 'w', 'int32'))).toEqual(Array.from(a));
    }
    // one byte and two bytes of padding: float32 sizes 1 (4 bytes → 2 '='), 2 (8 bytes → 1 '=')
    for (const n of [1, 2, 3]) {
      const a = new Float32Array(Array.from({ length: n }, (_, i) => -1.5 * (i + 1)));
      expect(encodeArray(a).data).toBe(Buffer.from(a.buffer).toString('base64'));
      expect(Array.from(decodeArray(encodeArray(a), 'w', 'float32'))).toEqual(Array.from(a));
    }
    // long arrays are written in chunks: the text must still be one base64 string
    const long = new Float64Array(5000).map((_, i) => Math.sin(i) * 1e5);
    const enc = encodeArray(long, [50, 100]);
    expect(enc.shape).toEqual([50, 100]);
    expect(enc.data).toBe(Buffer.from(long.buffer).toString('base64'));
    expect(decodeArray(enc, 'w', 'float64', [50, 100])).toEqual(long);
    // a subarray encodes only its own bytes; the shape given is copied
    const sub = long.subarray(3, 6);
    const shape = [3];
    const e2 = encodeArray(sub, shape);
    shape[0] = 99;
    expect(e2).toEqual({ dtype: 'float64', shape: [3], data: Buffer.from(sub.buffer, sub.byteOffset, 24).toString('base64') });
    const empty = decodeArray(encodeArray(new Float64Array(0), [0, 3]), 'w', 'float64', [-1, 3]);
    expect(empty).toBeInstanceOf(Float64Array);
    expect(empty.length).toBe(0);
    expect(decodeArray(encodeArray(new Float64Array(16), [2, 2, 2, 2]), 'w', 'float64')).toHaveLength(16);
  });

  it('decodeArray refuses every malformed field, naming it', () => {
    const ok = encodeArray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    throwsNamed(() => decodeArray(ok, 'm.w', 'float32'), MF, "m.w.dtype: expected 'float32', got \"float64\"");
    throwsNamed(() => decodeArray({ ...ok, dtype: 5 }, 'm.w', 'float64'), MF, "m.w.dtype: expected 'float64', got 5");
    throwsNamed(() => decodeArray('x', 'm.w', 'float64'), MF, 'm.w: expected an object, got "x"');
    for (const shape of [[], [1, 1, 1, 1, 6], [2.5], [-1, -6], 'x', [2, '3']]) {
      throwsNamed(() => decodeArray({ ...ok, shape }, 'm.w', 'float64'), MF, 'm.w.shape: expected 1 to 4 non-negative integers, got ');
    }
    throwsNamed(() => decodeArray({ ...ok, shape: [] }, 'm.w', 'float64'), MF, 'm.w.shape: expected 1 to 4 non-negative integers, got an array of length 0');
    throwsNamed(() => decodeArray(ok, 'm.w', 'float64', [2]), MF, 'm.w.shape: expected [2], got [2, 3]');
    throwsNamed(() => decodeArray(ok, 'm.w', 'float64', [3, -1]), MF, 'm.w.shape: expected [3, -1], got [2, 3]');
    throwsNamed(() => decodeArray(ok, 'm.w', 'float64', [-1, 2]), MF, 'm.w.shape: expected [-1, 2], got [2, 3]');
    expect(decodeArray(ok, 'm.w', 'float64', [-1, -1])).toHaveLength(6);
    throwsNamed(() => decodeArray({ ...ok, shape: [2 ** 14, 2 ** 14 + 1] }, 'm.w', 'float64'), MF, `m.w.shape: [16384, 16385] is too large (more than ${2 ** 28} elements)`);
    // exactly 2^28 elements passes the size check (and fails on the data length)
    throwsNamed(() => decodeArray({ ...ok, shape: [2 ** 14, 2 ** 14] }, 'm.w', 'float64'), MF, 'm.w.data: expected 268435456 float64 values');
    throwsNamed(() => decodeArray({ ...ok, data: 5 }, 'm.w', 'float64'), MF, 'm.w.data: expected a base64 string, got 5');
    throwsNamed(() => decodeArray({ ...ok, data: ok.data + 'AAAA' }, 'm.w', 'float64'), MF, `m.w.data: expected 6 float64 values (64 base64 characters), got 68 characters`);
    throwsNamed(() => decodeArray({ dtype: 'int32', shape: [2], data: 'AAAAAA==' }, 'm.w', 'int32'), MF, 'm.w.data: expected 2 int32 values (12 base64 characters), got 8 characters');
    throwsNamed(() => decodeArray({ dtype: 'float32', shape: [3], data: 'AAAAAA==' }, 'm.w', 'float32'), MF, 'm.w.data: expected 3 float32 values (16 base64 characters), got 8 characters');
    const one = encodeArray(new Int32Array([7])); // 'BwAAAA=='
    expect(one.data).toBe('BwAAAA==');
    throwsNamed(() => decodeArray({ ...one, data: 'BwAA=AAA' }, 'm.w', 'int32'), MF, 'm.w.data: invalid base64 character at 4');
    throwsNamed(() => decodeArray({ ...one, data: 'BwAAAA=A' }, 'm.w', 'int32'), MF, 'm.w.data: invalid base64 character at 6');
    throwsNamed(() => decodeArray({ ...one, data: 'BwAAAAé=' }, 'm.w', 'int32'), MF, 'm.w.data: invalid base64 character at 6');
    throwsNamed(() => decodeArray({ ...one, data: 'Bw-AAA==' }, 'm.w', 'int32'), MF, 'm.w.data: invalid base64 character at 2');
    throwsNamed(() => decodeArray({ ...one, data: 'BwAAA===' }, 'm.w', 'int32'), MF, 'm.w.data: invalid base64 character at 5');
    expect(Array.from(decodeArray({ ...one, data: 'BwAAAA==' }, 'm.w', 'int32'))).toEqual([7]);
    expect(Array.from(decodeArray({ dtype: 'int32', shape: [2], data: Buffer.from(new Int32Array([-1, 2 ** 31 - 1]).buffer).toString('base64') }, 'm.w', 'int32'))).toEqual([-1, 2 ** 31 - 1]);
    throwsNamed(() => decodeArray(encodeArray(new Float32Array([1, 2, Infinity])), 'm.w', 'float32'), MF, 'm.w: value 2 is Infinity; a model holds finite numbers only');
    throwsNamed(() => decodeArray(encodeArray(new Float64Array([-Infinity])), 'm.w', 'float64'), MF, 'm.w: value 0 is -Infinity');
    throwsNamed(() => decodeArray({ ...ok, more: 1 }, 'm.w', 'float64'), MF, 'm.w: unknown key "more"; expected dtype, shape, data');
  });
});

describe('model files (src/io/format.ts): envelope and readers', () => {
  const { readEnvelope, readObject, readNumber, readString, envelope } = wl.io;

  it('readEnvelope', () => {
    const m = envelope('Thing', { a: [1, 'b'] }, null);
    expect(m).toEqual({ format: 'wasmlearn', version: 1, kind: 'Thing', params: { a: [1, 'b'] }, state: null });
    const back = readEnvelope(JSON.stringify({ ...m, state: { s: 1 } }));
    expect(back).toEqual({ format: 'wasmlearn', version: 1, kind: 'Thing', params: { a: [1, 'b'] }, state: { s: 1 } });
    expect(readEnvelope(m).state).toBeNull();
    throwsNamed(() => readEnvelope('{"format":'), MF, 'model: not valid JSON (');
    throwsNamed(() => readEnvelope(5), MF, 'model: expected an object, got 5');
    throwsNamed(() => readEnvelope([m]), MF, 'model: expected an object, got an array of length 1');
    throwsNamed(() => readEnvelope({ ...m, extra: 1 }), MF, 'model: unknown key "extra"; expected format, version, kind, params, state');
    throwsNamed(() => readEnvelope({ ...m, format: 'onnx' }), MF, "model.format: expected 'wasmlearn', got \"onnx\"");
    throwsNamed(() => readEnvelope({ ...m, version: 0 }), MF, 'model.version: expected a positive integer, got 0');
    throwsNamed(() => readEnvelope({ ...m, version: 1.5 }), MF, 'model.version: expected a positive integer, got 1.5');
    throwsNamed(() => readEnvelope({ ...m, version: '1' }), MF, 'model.version: expected a positive integer, got "1"');
    throwsNamed(() => readEnvelope({ ...m, version: 2 }), MF, 'model.version: 2 is newer than this wasmlearn reads (1); upgrade wasmlearn');
    throwsNamed(() => readEnvelope({ ...m, kind: 7 }), MF, 'model.kind: expected a string, got 7');
    throwsNamed(() => readEnvelope({ ...m, params: null }), MF, 'model.params: expected an object, got null');
    throwsNamed(() => readEnvelope({ ...m, state: [] }), MF, 'model.state: expected an object, got an array of length 0');
    throwsNamed(() => readEnvelope({ ...m, state: 'x'.repeat(50) }), MF, `model.state: expected an object, got "${'x'.repeat(40)}…"`);
    throwsNamed(() => readEnvelope({ ...m, state: { 'a': 1, 'prototype': 2 } }), MF, 'model.state: the key "prototype" is not allowed in a model file');
  });

  it('readObject, readNumber, readString', () => {
    const plain = readObject({ a: 1, b: 2 }, 'f', ['a', 'b', 'c']);
    expect(Object.getPrototypeOf(plain)).toBeNull();
    expect({ ...plain }).toEqual({ a: 1, b: 2 });
    expect({ ...readObject(Object.create(null), "f") }).toEqual({});
    throwsNamed(() => readObject(new Map(), 'f'), MF, 'f: expected a plain object');
    throwsNamed(() => readObject(new (class Thing {})(), 'f'), MF, 'f: expected a plain object');
    throwsNamed(() => readObject({ z: 1 }, 'f', ['a', 'b']), MF, 'f: unknown key "z"; expected a, b');
    throwsNamed(() => readObject({ constructor: 1 }, 'f', ['constructor']), MF, 'f: the key "constructor" is not allowed in a model file');
    throwsNamed(() => readObject(JSON.parse('{"__proto__":1}'), 'f'), MF, 'f: the key "__proto__" is not allowed in a model file');
    throwsNamed(() => readObject(undefined, 'f'), MF, 'f: expected an object, got undefined');
    throwsNamed(() => readObject(true, 'f'), MF, 'f: expected an object, got true');
    expect(readNumber(-1e300, 'n')).toBe(-1e300);
    expect(readNumber(3, 'n', { integer: true, min: 3, max: 3 })).toBe(3);
    expect(readNumber(2.5, 'n', { min: 2.5 })).toBe(2.5);
    throwsNamed(() => readNumber(2.5, 'n', { integer: true }), MF, 'n: expected an integer, got 2.5');
    throwsNamed(() => readNumber(NaN, 'n'), MF, 'n: expected a finite number, got NaN');
    throwsNamed(() => readNumber(Infinity, 'n'), MF, 'n: expected a finite number, got Infinity');
    throwsNamed(() => readNumber('1', 'n'), MF, 'n: expected a finite number, got "1"');
    throwsNamed(() => readNumber(0, 'n', { min: 1 }), MF, 'n: expected a finite number in [1, Infinity], got 0');
    throwsNamed(() => readNumber(5, 'n', { integer: true, max: 4 }), MF, 'n: expected an integer in [-Infinity, 4], got 5');
    throwsNamed(() => readNumber(null, 'n', { integer: true, min: 0, max: 9 }), MF, 'n: expected an integer in [0, 9], got null');
    throwsNamed(() => readNumber({}, 'n'), MF, 'n: expected a finite number, got an object');
    expect(readString('abc', 's')).toBe('abc');
    expect(readString('b', 's', ['a', 'b'])).toBe('b');
    throwsNamed(() => readString(1, 's'), MF, 's: expected a string, got 1');
    throwsNamed(() => readString('c', 's', ['a', 'b']), MF, "s: expected one of 'a', 'b', got \"c\"");
    throwsNamed(() => readString(['a'], 's', ['a']), MF, "s: expected one of 'a', got an array of length 1");
  });

  it('wl.load: registered readers, unknown kinds', () => {
    const kinds = wl.io.modelKinds();
    expect(kinds).toEqual([...kinds].sort());
    expect(kinds).toContain('Ridge');
    const m = envelope('NoSuch', {}, null);
    throwsNamed(() => wl.load(m), MF, `model.kind: unknown kind "NoSuch"; expected one of ${kinds.join(', ')}`);
    throwsNamed(() => wl.load({ ...m, kind: 'k'.repeat(100) }), MF, `model.kind: unknown kind "${'k'.repeat(60)}"; expected one of`);
    throwsNamed(() => wl.load('nope'), MF, 'model: not valid JSON');
    let seen: unknown;
    wl.io.registerModel('MoptimProbe', (model) => (seen = model));
    expect(wl.io.modelKinds()).toContain('MoptimProbe');
    const got = wl.load(JSON.stringify(envelope('MoptimProbe', { p: 1 }, { s: 2 })));
    expect(got).toBe(seen);
    expect(got).toEqual({ format: 'wasmlearn', version: 1, kind: 'MoptimProbe', params: { p: 1 }, state: { s: 2 } });
  });
});

// ---- src/base ----------------------------------------------------------------------------------

const X4 = [[0, 1], [1, 0], [2, 1], [3, 3]];

describe('the Estimator contract (src/base/estimator.ts)', () => {
  it('constructor and setParams: options objects, unknown names listed, undefined means the default', () => {
    const expected = 'Ridge: unknown option "alpah"; expected one of alpha, fitIntercept, solver, onWarning';
    throwsNamed(() => new wl.Ridge({ alpah: 1 } as never), P, expected);
    throwsNamed(() => new wl.Ridge(5 as never), P, 'Ridge: expected an options object, got 5');
    throwsNamed(() => new wl.Ridge(null as never), P, 'Ridge: expected an options object, got null');
    throwsNamed(() => new wl.Ridge([] as never), P, 'Ridge: expected an options object, got an array of length 0');
    const r = new wl.Ridge({ alpha: 2, solver: undefined, onWarning: undefined });
    expect(r.getParams()).toEqual({ alpha: 2, fitIntercept: true, solver: 'auto' });
    expect(r.kind).toBe('Ridge');
    expect(r.task).toBe('regressor');
    expect(new wl.preprocessing.StandardScaler().task).toBe('transformer');
    throwsNamed(() => r.setParams({ alpah: 1 } as never), P, expected);
    expect(r.setParams({ alpha: undefined, fitIntercept: false })).toBe(r);
    expect(r.getParams()).toEqual({ alpha: 1, fitIntercept: false, solver: 'auto' });
    expect(r.setParams(undefined as never)).toBe(r);
    // clone: same options, a new unfitted estimator
    r.fit(X4, [1, 2, 3, 4]);
    const c = r.clone();
    expect(c).not.toBe(r);
    expect(c).toBeInstanceOf(wl.Ridge);
    expect(c.isFitted).toBe(false);
    expect(c.getParams()).toEqual(r.getParams());
    // the fitted state survives setParams
    r.setParams({ alpha: 3 });
    expect(r.isFitted).toBe(true);
    expect(String(r)).toBe('Ridge(fitted)');
    expect(String(c)).toBe('Ridge(not fitted)');
    r.dispose();
    expect(String(r)).toBe('Ridge(disposed)');
    expect(r.isFitted).toBe(false);
    throwsNamed(() => r.clone(), D, 'this Ridge was disposed; it can no longer be used (create a new one)');
    throwsNamed(() => r.setParams({}), D, 'this Ridge was disposed');
    throwsNamed(() => r.nFeaturesIn, D, 'this Ridge was disposed');
    c.dispose();
  });

  it('array and typed-array options are copied in and out', () => {
    const priors = [0.25, 0.75];
    const nb = new wl.GaussianNB({ priors });
    priors[0] = 0.9;
    const got = nb.getParams().priors as number[];
    expect(got).toEqual([0.25, 0.75]);
    got[0] = 0.5;
    expect(nb.getParams().priors).toEqual([0.25, 0.75]);
    const typedPriors = new Float64Array([0.5, 0.5]);
    nb.setParams({ priors: typedPriors as never });
    typedPriors[0] = 0.1;
    expect(Array.from(nb.getParams().priors as never)).toEqual([0.5, 0.5]);
    const range = [[-1, 1]];
    const mm = new wl.preprocessing.MinMaxScaler({ featureRange: range[0] as never });
    range[0][0] = 5;
    expect(mm.getParams().featureRange).toEqual([-1, 1]);
    nb.dispose();
    mm.dispose();
  });

  it('NotFittedError names the attribute and the fit call of the task; Symbol.dispose frees', () => {
    throwsNamed(() => new wl.Ridge().nFeaturesIn, wl.NotFittedError, 'Ridge: nFeaturesIn is not available before fit(); call fit(X, y) first');
    throwsNamed(() => new wl.GaussianNB().classes, wl.NotFittedError, 'GaussianNB: classes is not available before fit(); call fit(X, y) first');
    throwsNamed(() => new wl.preprocessing.StandardScaler().nFeaturesIn, wl.NotFittedError, 'StandardScaler: nFeaturesIn is not available before fit(); call fit(X) first');
    throwsNamed(() => new wl.KMeans().nFeaturesIn, wl.NotFittedError, 'KMeans: nFeaturesIn is not available before fit(); call fit(X) first');
    const base = wl.memory().bytesInUse;
    const s = new wl.KMeans({ nClusters: 2, seed: 0 }).fit(X4);
    expect(wl.memory().bytesInUse).toBeGreaterThan(base);
    const dispose = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
    (s as any)[dispose]();
    expect(s.disposed).toBe(true);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('before init(), fit names the estimator', async () => {
    const { freshModule } = await import('../helpers');
    const u = await freshModule();
    throwsNamed(() => new u.Ridge().fit(X4, [1, 2, 3, 4]), u.NotInitializedError, 'wasmlearn is not initialized: Ridge needs the WebAssembly module');
  });

  it('toJSON leaves out callbacks; the state starts with nFeatures', () => {
    const r = new wl.Ridge({ onWarning: () => {} });
    expect(r.toJSON()).toEqual({ format: 'wasmlearn', version: 1, kind: 'Ridge', params: { alpha: 1, fitIntercept: true, solver: 'auto' }, state: null });
    r.fit(X4, [1, 2, 3, 4]);
    const json = r.toJSON();
    expect(Object.keys(json.params)).toEqual(['alpha', 'fitIntercept', 'solver']);
    expect(Object.keys(json.state!)[0]).toBe('nFeatures');
    expect(json.state!.nFeatures).toBe(2);
    r.dispose();
  });

  it('warnings go to onWarning every time, or to console.warn once per kind of warning', () => {
    const calls: [string, unknown][] = [];
    const lr = new wl.LogisticRegression({ maxIter: 1, onWarning: (m, e) => calls.push([m, e]) });
    const y = [0, 1, 0, 1];
    lr.fit(X4, y);
    lr.fit(X4, y);
    expect(calls.length).toBe(2);
    expect(calls[0][0]).toMatch(/^LogisticRegression: the solver did not converge/);
    expect(calls[0][1]).toBe(lr);
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const quiet = new wl.LogisticRegression({ maxIter: 2 });
      quiet.fit(X4, y);
      quiet.fit(X4, y);
      new wl.LogisticRegression({ maxIter: 2 }).fit(X4, y).dispose();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][0]).toMatch(/^LogisticRegression: the solver did not converge in maxIter = 2 /);
      new wl.LogisticRegression({ maxIter: 3 }).fit(X4, y).dispose(); // the same kind of warning
      expect(spy).toHaveBeenCalledTimes(1);
      quiet.dispose();
    } finally {
      spy.mockRestore();
    }
    lr.dispose();
  });
});

describe('score (src/base/estimator.ts): R² and accuracy as scikit-learn computes them', () => {
  it('R²: constant targets, several targets, Matrix and nested targets, errors', () => {
    const knn = new wl.KNeighborsRegressor({ nNeighbors: 1 }).fit(X4, [1, 2, 3, 5]);
    expect(knn.score(X4, [1, 2, 3, 5])).toBe(1);
    // y constant: 1 when predicted exactly, else 0 (not NaN or −∞)
    expect(knn.score(X4, [2, 2, 2, 2])).toBe(0);
    const flat = new wl.KNeighborsRegressor({ nNeighbors: 1 }).fit(X4, [2, 2, 2, 2]);
    expect(flat.score(X4, [2, 2, 2, 2])).toBe(1);
    // against a plain-JS R²
    const truth = [1.5, 2, 2.5, 4];
    const mean = truth.reduce((a, b) => a + b) / 4;
    const r2 = 1 - truth.reduce((s, t, i) => s + (t - [1, 2, 3, 5][i]) ** 2, 0) / truth.reduce((s, t) => s + (t - mean) ** 2, 0);
    expect(knn.score(X4, truth)).toBeCloseTo(r2, 14);
    expect(knn.score(X4, new Float64Array(truth))).toBeCloseTo(r2, 14);
    throwsNamed(() => knn.score(X4, 3), V, 'y: expected an array of numbers, got 3');
    throwsNamed(() => knn.score(X4, [1, 2, 3]), S, 'y: expected 4 values (one per prediction), got 3');
    throwsNamed(() => knn.score(X4, [1, NaN, 3, 4]), V, 'y[1]: expected a finite number, got NaN');
    throwsNamed(() => knn.score(X4, [1, 2, '3', 4]), V, 'y[2]: expected a finite number, got "3"');
    // two targets: the uniform average of the per-column R²
    const Y = [[1, 0], [2, 1], [3, 0], [5, 1]];
    const lin = new wl.KNeighborsRegressor({ nNeighbors: 1 }).fit(X4, Y);
    const T = [[1, 0], [2, 1], [3, 1], [4, 1]];
    const col = (j: number) => {
      const t = T.map((r) => r[j]), p = Y.map((r) => r[j]);
      const m = t.reduce((a, b) => a + b) / 4;
      return 1 - t.reduce((s, v, i) => s + (v - p[i]) ** 2, 0) / t.reduce((s, v) => s + (v - m) ** 2, 0);
    };
    const both = (col(0) + col(1)) / 2;
    expect(lin.score(X4, T)).toBeCloseTo(both, 14);
    const TM = wl.matrix(T);
    expect(lin.score(X4, TM)).toBeCloseTo(both, 14);
    throwsNamed(() => lin.score(X4, [[1, 0], [2, NaN], [3, 1], [4, 1]]), V, 'y[1]: expected a finite number, got NaN');
    for (const e of [knn, flat, lin, TM]) e.dispose();
  });

  it('accuracy', () => {
    const nb = new wl.KNeighborsClassifier({ nNeighbors: 1 }).fit(X4, ['a', 'b', 'a', 'c']);
    expect(nb.score(X4, ['a', 'b', 'a', 'c'])).toBe(1);
    expect(nb.score(X4, ['a', 'b', 'b', 'b'])).toBe(0.5);
    throwsNamed(() => nb.score(X4, 'abac'), V, 'y: expected an array of labels, got "abac"');
    throwsNamed(() => nb.score(X4, ['a', 'b']), S, 'y: expected 4 labels (one per sample of X), got 2');
    nb.dispose();
  });
});

describe('labels (src/base/labels.ts)', () => {
  it('sorted like np.unique: numbers by value, strings by code unit', () => {
    const num = new wl.KNeighborsClassifier({ nNeighbors: 1 }).fit(X4, [10, 2, -1, 2]);
    expect(num.classes).toEqual([-1, 2, 10]);
    expect(num.predict(X4)).toEqual(new Float64Array([10, 2, -1, 2]));
    const str = new wl.KNeighborsClassifier({ nNeighbors: 1 }).fit(X4, ['b', 'B', 'a', 'b']);
    expect(str.classes).toEqual(['B', 'a', 'b']);
    expect(str.predict(X4)).toEqual(['b', 'B', 'a', 'b']);
    const cls = str.classes as string[];
    cls[0] = 'Z';
    expect(str.classes).toEqual(['B', 'a', 'b']);
    num.dispose();
    str.dispose();
  });

  it('label errors name y and the sample', () => {
    const fit = (y: unknown) => new wl.GaussianNB().fit(X4, y);
    throwsNamed(() => fit([true, false, true, false]), V, 'y[0]: expected a number or a string label, got true');
    throwsNamed(() => fit([0, 1, Infinity, 1]), V, 'y[2]: expected a finite label, got Infinity');
    throwsNamed(() => fit([0, 1, 'a', 1]), V, 'y[2]: expected a number label like y[0] (labels are all numbers or all strings), got "a"');
    throwsNamed(() => fit(['a', 'b', 2, 'a']), V, 'y[2]: expected a string label like y[0] (labels are all numbers or all strings), got 2');
    throwsNamed(() => fit('abab'), V, 'y: expected an array of labels (numbers or strings, one per sample), got "abab"');
    throwsNamed(() => fit([0, 1, 0]), S, 'y: expected 4 labels (one per sample of X), got 3');
    const base = wl.memory().bytesInUse;
    const Y22 = wl.matrix([[0, 1], [1, 0]]);
    throwsNamed(() => fit(Y22), S, 'y: expected one label per sample (a vector), got a 2×2 Matrix');
    // a Matrix of labels must hold one per sample too (it used to be read past its end)
    const short = wl.matrix([[0], [1]]);
    const long = wl.matrix([[0, 1, 0, 1, 1, 0]]);
    for (const name of ['GaussianNB', 'LogisticRegression', 'DecisionTreeClassifier', 'LinearSVC', 'KNeighborsClassifier']) {
      throwsNamed(() => new (wl as any)[name]().fit(X4, short), S, 'y: expected 4 labels (one per sample of X), got a 2×1 Matrix');
      throwsNamed(() => new (wl as any)[name]().fit(X4, long), S, 'y: expected 4 labels (one per sample of X), got a 1×6 Matrix');
    }
    const col = wl.matrix([[0], [1], [0], [1]]);
    const row = wl.matrix([[0, 1, 0, 1]]);
    for (const y of [col, row]) {
      const nb = fit(y);
      expect(nb.classes).toEqual([0, 1]);
      nb.dispose();
    }
    // LabelEncoder has no X: a Matrix of any length is its y
    expect(new wl.preprocessing.LabelEncoder().fit(row).classes).toEqual([0, 1]);
    for (const m of [Y22, short, long, col, row]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('classes in model files: sorted, distinct, of one kind, bounded', () => {
    const nb = new wl.GaussianNB().fit(X4, ['a', 'b', 'a', 'b']);
    const json = JSON.parse(JSON.stringify(nb));
    nb.dispose();
    const load = (classes: unknown) => wl.load({ ...json, state: { ...json.state, classes } });
    load(['a', 'b']).dispose();
    throwsNamed(() => load(['b', 'a']), MF, 'model.state.classes: classes must be distinct and sorted');
    throwsNamed(() => load(['a', 'a']), MF, 'model.state.classes: classes must be distinct and sorted');
    throwsNamed(() => load(['a', 2]), MF, 'model.state.classes: expected an array of strings');
    throwsNamed(() => load(['a', 'b'.repeat(2 ** 16 + 1)]), MF, 'model.state.classes: expected an array of strings');
    load(['a', 'b'.repeat(2 ** 16)]).dispose?.();
    throwsNamed(() => load(Array.from({ length: 2 ** 20 + 1 }, (_, i) => String(i))), MF, `model.state.classes: too many classes (${2 ** 20 + 1})`);
    throwsNamed(() => load([]), MF, 'model.state.classes: expected at least 1 classes, got 0');
    const num = new wl.GaussianNB().fit(X4, [3, 1, 3, 1]);
    const nj = JSON.parse(JSON.stringify(num));
    num.dispose();
    expect(nj.state.classes).toEqual(wl.io.encodeArray(new Float64Array([1, 3])));
    const back = wl.load(nj);
    expect(back.classes).toEqual([1, 3]);
    back.dispose();
    throwsNamed(() => wl.load({ ...nj, state: { ...nj.state, classes: wl.io.encodeArray(new Float64Array([3, 1])) } }), MF, 'model.state.classes: classes must be distinct and sorted');
  });
});

describe('inputs and targets (src/base/input.ts)', () => {
  it('X: empty matrices, copies freed on error, feature counts in words', () => {
    const base = wl.memory().bytesInUse;
    const empty = wl.zeros(0, 2), noCols = wl.zeros(3, 0);
    throwsNamed(() => new wl.Ridge().fit(empty, []), V, 'X: expected at least one sample and one feature, got 0×2');
    throwsNamed(() => new wl.Ridge().fit(noCols, [1, 2, 3]), V, 'X: expected at least one sample and one feature, got 3×0');
    // a float32 Matrix is copied to float64 for fitting; the copy is freed when the check fails
    const bad32 = wl.matrix([[1, 2], [3, 1]], { dtype: 'float32' });
    bad32.data[2] = NaN;
    throwsNamed(() => new wl.Ridge().fit(bad32, [1, 2]), V, 'X: expected finite values, found 1 NaN or ±Infinity entry');
    const wide32 = wl.matrix([[1, 2, 3]], { dtype: 'float32' });
    const one = new wl.Ridge().fit([[1], [2], [4]], [1, 2, 3]);
    throwsNamed(() => one.predict([[1, 2]]), S, 'X: expected 1 feature per sample (as in fit), got 2');
    throwsNamed(() => one.predict(wide32), S, 'X: expected 1 feature per sample (as in fit), got 3');
    const two = new wl.Ridge().fit(X4, [1, 2, 3, 4]);
    throwsNamed(() => two.predict([[1]]), S, 'X: expected 2 features per sample (as in fit), got 1');
    for (const m of [one, two, empty, noCols, bad32, wide32]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('y: vectors, n×k arrays and matrices, typed rows; errors name the cell', () => {
    const fit = (y: unknown) => new wl.LinearRegression().fit(X4, y);
    const exact = [[1, 0], [2, 1], [3, 0], [5, 1]];
    const viaRows = fit(exact.map((r) => new Float64Array(r)));
    const viaArrays = fit(exact);
    const Y = wl.matrix(exact);
    const viaMatrix = fit(Y);
    expect(viaRows.predict(X4)).toEqual(viaArrays.predict(X4));
    expect(viaMatrix.predict(X4)).toEqual(viaArrays.predict(X4));
    expect(viaArrays.predict(X4)).toHaveLength(8);
    const vec = fit(new Float32Array([1, 2, 3, 5]));
    expect(vec.predict(X4)).toHaveLength(4);
    throwsNamed(() => fit(5), V, 'y: expected an array of numbers (one per sample), got 5');
    throwsNamed(() => fit([1, 2, 3]), S, 'y: expected 4 values (one per sample of X), got 3');
    throwsNamed(() => fit([[], [], [], []]), V, 'y: expected at least one target per sample, got rows of length 0');
    throwsNamed(() => fit([[1, 2], [1, 2], [1], [1, 2]]), V, 'y: ragged rows: row 2 is not an array of 2 values (like row 0)');
    throwsNamed(() => fit([[1, 2], 3, [1, 2], [1, 2]]), V, 'y: ragged rows: row 1 is not an array of 2 values (like row 0)');
    throwsNamed(() => fit([[1, 2], [1, 2], [1, 'x'], [1, 2]]), V, 'y[2][1]: expected a number, got "x"');
    throwsNamed(() => fit([[1, 2], [1, 2], [1, 2], [-Infinity, 2]]), V, 'y[3][0]: expected a finite number, got -Infinity');
    throwsNamed(() => fit([1, 2, null, 4]), V, 'y[2]: expected a number, got null');
    throwsNamed(() => fit([1, 2, 3, NaN]), V, 'y[3]: expected a finite number, got NaN');
    const short = wl.matrix([[1], [2], [3]]);
    throwsNamed(() => fit(short), S, 'y: expected 4 rows (one per sample of X), got 3×1');
    const nan = wl.matrix([[1], [2], [3], [4]]);
    nan.data[2] = NaN;
    throwsNamed(() => fit(nan), V, 'y: expected finite values, found 1 NaN or ±Infinity entry');
    for (const m of [viaRows, viaArrays, viaMatrix, vec, Y, short, nan]) m.dispose();
  });
});

describe('hyper-parameter checks (src/base/params.ts): bounds and messages', () => {
  const fitWith = (Cls: any, options: object, y: unknown = [0, 1, 0, 1]) => () => new Cls(options).fit(X4, y).dispose();

  it('checkReal: closed and open ends, upper bounds, finiteness', () => {
    throwsNamed(fitWith(wl.GaussianNB, { varSmoothing: -1e-12 }), P, 'GaussianNB: option "varSmoothing" must be a finite number >= 0, got -1e-12');
    throwsNamed(fitWith(wl.GaussianNB, { varSmoothing: Infinity }), P, 'GaussianNB: option "varSmoothing" must be a finite number >= 0, got Infinity');
    throwsNamed(fitWith(wl.GaussianNB, { varSmoothing: '1' }), P, 'GaussianNB: option "varSmoothing" must be a finite number >= 0, got "1"');
    expect(fitWith(wl.GaussianNB, { varSmoothing: 0 })).not.toThrow();
    throwsNamed(fitWith(wl.SVC, { C: 0 }), P, 'SVC: option "C" must be a finite number > 0, got 0');
    throwsNamed(fitWith(wl.SVC, { cacheSize: 4097 }), P, 'SVC: option "cacheSize" must be a finite number > 0 and <= 4096, got 4097');
    expect(fitWith(wl.SVC, { cacheSize: 4096 })).not.toThrow();
    throwsNamed(fitWith(wl.SVC, { coef0: NaN }), P, 'SVC: option "coef0" must be a finite number, got NaN');
    expect(() => new wl.PCA({ nComponents: 0.5 }).fit(X4).dispose()).not.toThrow();
    throwsNamed(fitWith(wl.DecisionTreeClassifier, { minWeightFractionLeaf: 0.6 }), P, 'DecisionTreeClassifier: option "minWeightFractionLeaf" must be a finite number >= 0 and <= 0.5, got 0.6');
    expect(fitWith(wl.DecisionTreeClassifier, { minWeightFractionLeaf: 0.5 })).not.toThrow();
    expect(() => wl.datasets.makeBlobs({ nSamples: 3, centerBox: [1, 1], seed: 1 })).not.toThrow();
    throwsNamed(() => wl.datasets.makeBlobs({ centerBox: [1, 0.5] }), P, 'makeBlobs: option "centerBox" must be a finite number >= 1, got 0.5');
  });

  it('checkInt, checkBool, checkChoice, checkSeed', () => {
    throwsNamed(fitWith(wl.SVC, { degree: 1001 }), P, 'SVC: option "degree" must be an integer in [0, 1000], got 1001');
    throwsNamed(fitWith(wl.SVC, { degree: -1 }), P, 'SVC: option "degree" must be an integer in [0, 1000], got -1');
    throwsNamed(fitWith(wl.SVC, { degree: 2.5 }), P, 'SVC: option "degree" must be an integer in [0, 1000], got 2.5');
    throwsNamed(fitWith(wl.SVC, { degree: '3' }), P, 'SVC: option "degree" must be an integer in [0, 1000], got "3"');
    expect(fitWith(wl.SVC, { degree: 1000 })).not.toThrow();
    expect(fitWith(wl.SVC, { degree: 0 })).not.toThrow();
    throwsNamed(fitWith(wl.DecisionTreeClassifier, { maxDepth: 0 }), P, 'DecisionTreeClassifier: option "maxDepth" must be an integer >= 1, got 0');
    throwsNamed(fitWith(wl.SVC, { shrinking: 'yes' }), P, 'SVC: option "shrinking" must be true or false, got "yes"');
    throwsNamed(fitWith(wl.SVC, { kernel: 'cubic' }), P, "SVC: option \"kernel\" must be one of 'linear', 'poly', 'rbf', 'sigmoid', got \"cubic\"");
    throwsNamed(fitWith(wl.SVC, { kernel: 3 }), P, "SVC: option \"kernel\" must be one of 'linear', 'poly', 'rbf', 'sigmoid', got 3");
    expect(fitWith(wl.DecisionTreeClassifier, { seed: null })).not.toThrow();
    expect(fitWith(wl.DecisionTreeClassifier, { seed: -(2 ** 53) })).not.toThrow();
    throwsNamed(fitWith(wl.DecisionTreeClassifier, { seed: 2 ** 53 + 2 }), P, 'DecisionTreeClassifier: option "seed" must be an integer in [-9007199254740992, 9007199254740992], got 9007199254740994');
    throwsNamed(fitWith(wl.DecisionTreeClassifier, { seed: 0.5 }), P, 'DecisionTreeClassifier: option "seed" must be an integer in [');
  });
});

describe('model files of estimators (registerEstimator)', () => {
  const ridge = (): any => {
    const r = new wl.Ridge({ alpha: 0.5 }).fit(X4, [1, 2, 3, 5]);
    const json = JSON.parse(JSON.stringify(r));
    r.dispose();
    return json;
  };

  it('params: only the option names, JSON values, checked as fit checks them', () => {
    const json = ridge();
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, onWarning: 1 } }), MF, 'model.params: unknown key "onWarning"; expected alpha, fitIntercept, solver');
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, alpha: -1 } }), MF, 'model (Ridge): Ridge: option "alpha" must be');
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, alpha: NaN } }), MF, 'model.params.alpha: expected a finite number, got NaN');
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, solver: 's'.repeat(1001) } }), MF, 'model.params.solver: string too long');
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, solver: { a: 1 } } }), MF, 'model.params.solver: expected a number, string, boolean, null or a small array of those, got an object (Object)');
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, alpha: [[[1]]] } }), MF, 'model.params.alpha[0][0]: expected a number, string, boolean, null or a small array of those, got an array of length 1');
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, alpha: [[NaN]] } }), MF, 'model.params.alpha[0][0]: expected a finite number, got NaN');
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, alpha: new Array(2 ** 16 + 1).fill(1) } }), MF, 'model.params.alpha: expected a number, string, boolean, null or a small array of those, got an array of length 65537');
    // a 1000-character string and nested arrays of JSON values pass the reader (and then the option check)
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, solver: 's'.repeat(1000) } }), MF, "model (Ridge): Ridge: option \"solver\" must be one of");
    throwsNamed(() => wl.load({ ...json, params: { ...json.params, solver: [[1, 'a', true, null]] } }), MF, 'model (Ridge): Ridge: option "solver" must be one of');
    const nb = wl.load({ ...JSON.parse(JSON.stringify(new wl.GaussianNB({ priors: [0.5, 0.5] }))) });
    expect(nb.getParams().priors).toEqual([0.5, 0.5]);
    nb.dispose();
  });

  it('state: nFeatures an integer in [1, 2^24]', () => {
    const json = ridge();
    const loaded = wl.load(json);
    expect(loaded.nFeaturesIn).toBe(2);
    loaded.dispose();
    for (const nFeatures of [0, 1.5, 2 ** 24 + 1, '2', undefined]) {
      throwsNamed(() => wl.load({ ...json, state: { ...json.state, nFeatures } }), MF, `model.state.nFeatures: expected an integer in [1, ${2 ** 24}], got ${nFeatures === '2' ? '"2"' : nFeatures}`);
    }
    throwsNamed(() => wl.load({ ...json, state: [] }), MF, 'model.state: expected an object, got an array of length 0');
    // a state that does not fit the declared nFeatures is refused by the estimator
    throwsNamed(() => wl.load({ ...json, state: { ...json.state, nFeatures: 3 } }), MF, 'model');
    const base = wl.memory().bytesInUse;
    expect(() => wl.load({ ...json, state: { ...json.state, nFeatures: 2 ** 24 } })).toThrow(MF);
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
