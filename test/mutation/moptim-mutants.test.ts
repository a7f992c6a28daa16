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
    throwsNamed(() => readEnvelope({ ...m, state: 'x'.repeat(41) }), MF, `model.state: expected an object, got "${'x'.repeat(40)}…"`);
    throwsNamed(() => readEnvelope({ ...m, state: 'x'.repeat(40) }), MF, `model.state: expected an object, got "${'x'.repeat(40)}"`);
    throwsNamed(() => readEnvelope({ ...m, state: false }), MF, 'model.state: expected an object, got false');
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
    // 2^20 distinct sorted classes pass this check (and fail on classCount, which holds two)
    throwsNamed(() => load(Array.from({ length: 2 ** 20 }, (_, i) => String(i).padStart(7, '0'))), MF, 'model.state.classCount.shape: expected [1048576], got [2]');
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

// ---- src/optim/minimize.ts ---------------------------------------------------------------------

describe('minimize: arguments and options', () => {
  const { minimize, numericGrad } = optim;
  const sq = (x: Float64Array) => ({ value: x.reduce((s, v) => s + v * v, 0) / 2, grad: Float64Array.from(x) });

  it('errors name the argument or option', () => {
    throwsNamed(() => minimize(3 as never, [1]), V, 'minimize: f: expected a function (x) => { value, grad }, got 3');
    throwsNamed(() => minimize(sq, [1], 'lbfgs' as never), P, 'minimize: expected an options object, got "lbfgs"');
    throwsNamed(() => minimize(sq, [1], { method: 'bfgs' } as never), P, "minimize: option method: expected 'lbfgs', 'gd' or 'adam', got \"bfgs\"");
    throwsNamed(() => minimize(sq, [1], { maxIter: -1 }), P, 'minimize: option maxIter: expected an integer >= 0, got -1');
    throwsNamed(() => minimize(sq, [1], { maxIter: 1.5 }), P, 'minimize: option maxIter: expected an integer >= 0, got 1.5');
    throwsNamed(() => minimize(sq, [1], { tol: -1 }), P, 'minimize: option tol: expected a finite number >= 0, got -1');
    throwsNamed(() => minimize(sq, [1], { tol: Infinity }), P, 'minimize: option tol: expected a finite number >= 0, got Infinity');
    throwsNamed(() => minimize(sq, [1], { ftol: -1e-9 }), P, 'minimize: option ftol: expected a finite number >= 0, got -1e-9');
    throwsNamed(() => minimize(sq, [1], { ftol: '0' as never }), P, 'minimize: option ftol: expected a finite number >= 0, got "0"');
    throwsNamed(() => minimize(sq, [1], { lr: 0 }), P, 'minimize: option lr: expected a finite number > 0, got 0');
    throwsNamed(() => minimize(sq, [1], { lr: NaN }), P, 'minimize: option lr: expected a finite number > 0, got NaN');
    throwsNamed(() => minimize(sq, [1], { history: 0 }), P, 'minimize: option history: expected an integer in [1, 1000], got 0');
    throwsNamed(() => minimize(sq, [1], { history: 1001 }), P, 'minimize: option history: expected an integer in [1, 1000], got 1001');
    throwsNamed(() => minimize(sq, [1], { maxLineSearch: 0 }), P, 'minimize: option maxLineSearch: expected an integer in [1, 1000], got 0');
    throwsNamed(() => minimize(sq, [1], { maxLineSearch: 1001 }), P, 'minimize: option maxLineSearch: expected an integer in [1, 1000], got 1001');
    expect(minimize(sq, [1], { history: 1000, maxLineSearch: 1000, maxIter: 0, tol: 0, ftol: 0 }).nIter).toBe(0);
    throwsNamed(() => minimize(sq, 5 as never), V, 'minimize: x0: expected a Float64Array, number[] or Matrix, got 5');
    throwsNamed(() => minimize(sq, new DataView(new ArrayBuffer(8)) as never), V, 'minimize: x0: expected a Float64Array, number[] or Matrix, got a DataView');
    throwsNamed(() => minimize(sq, new Float64Array(0)), V, 'minimize: x0: expected at least one value, got none');
    throwsNamed(() => minimize(sq, [1, Infinity]), V, 'minimize: x0[1]: expected a finite number, got Infinity');
    throwsNamed(() => minimize(sq, [1, '2'] as never), V, 'minimize: x0[1]: expected a finite number, got "2"');
    throwsNamed(() => minimize(() => null as never, [1]), V, 'minimize: f must return { value, grad }, got null');
    throwsNamed(() => minimize(() => 1 as never, [1]), V, 'minimize: f must return { value, grad }, got 1');
    throwsNamed(() => minimize(() => ({ value: '1', grad: [0] }) as never, [1]), V, 'minimize: f(x).value: expected a number, got "1"');
    throwsNamed(() => minimize(() => ({ value: 1, grad: 'g' }) as never, [1]), V, 'minimize: f(x).grad: expected a Float64Array, number[] or Matrix, got "g"');
    throwsNamed(() => minimize(() => ({ value: 1, grad: new Uint8Array(1) }) as never, [1]), V, 'minimize: f(x).grad: expected a Float64Array, number[] or Matrix, got a Uint8Array');
    throwsNamed(() => minimize(() => ({ value: 1, grad: [1, 2] }), [1]), S, 'minimize: f(x).grad: expected 1 values (one per element of x), got 2');
    throwsNamed(() => minimize(() => ({ value: Infinity, grad: [1] }), [1]), V, 'minimize: f(x0).value: expected a finite number, got Infinity');
    throwsNamed(() => minimize(() => ({ value: 1, grad: [NaN] }), [1]), V, 'minimize: f(x0).grad: expected finite values, got NaN or ±Infinity');
    throwsNamed(() => minimize(() => ({ value: 1, grad: [0, -Infinity] }), [1, 2]), V, 'minimize: f(x0).grad: expected finite values');
  });

  it('x0 as a Matrix or typed array (not modified); grads as Float32Array or number[]', () => {
    const X0 = wl.matrix([[3, -4]]);
    const r = minimize((x) => ({ value: (x[0] ** 2 + x[1] ** 2) / 2, grad: new Float32Array(x) }), X0);
    expect(r.converged).toBe(true);
    expect(Math.hypot(...r.x)).toBeLessThan(1e-6);
    expect(X0.toArray()).toEqual([[3, -4]]);
    X0.dispose();
    const x0 = new Float32Array([1, 2]);
    const r2 = minimize((x) => ({ value: (x[0] ** 2 + x[1] ** 2) / 2, grad: [x[0], x[1]] }), x0);
    expect(Math.hypot(...r2.x)).toBeLessThan(1e-6);
    expect(Array.from(x0)).toEqual([1, 2]);
    expect(r2.x).toBeInstanceOf(Float64Array);
    expect(r2.grad).toBeInstanceOf(Float64Array);
    expect(r2.value).toBe((r2.x[0] ** 2 + r2.x[1] ** 2) / 2);
  });

  it('defaults: tol 1e-6 (inclusive) at x0, maxIter 1000/10 000, adam lr 0.001', () => {
    for (const method of ['lbfgs', 'gd', 'adam'] as const) {
      const at = minimize(sq, [1e-6, -1e-6], { method });
      expect([at.converged, at.nIter, at.nEval, at.message]).toEqual([true, 0, 1, 'gradient norm below tol at x0']);
      expect(minimize(sq, [1.01e-6], { method }).nIter).toBeGreaterThan(0);
    }
    const line = (x: Float64Array) => ({ value: x[0], grad: [1] }); // no minimum
    const gd = minimize((x) => ({ value: (x[0] - 100) ** 2, grad: [2 * (x[0] - 100)] }), [0], { method: 'gd', lr: 1e-9 });
    expect([gd.converged, gd.nIter, gd.message]).toEqual([false, 10_000, 'maxIter (10000) iterations reached']);
    const adam = minimize((x) => ({ value: (x[0] - 100) ** 2, grad: [2 * (x[0] - 100)] }), [0], { method: 'adam', maxIter: 200 });
    // Adam's first steps move by about lr each: 200 steps of 0.001
    expect(adam.x[0]).toBeGreaterThan(0.19);
    expect(adam.x[0]).toBeLessThan(0.201);
    expect([adam.converged, adam.nIter, adam.nEval, adam.message]).toEqual([false, 200, 201, 'maxIter (200) iterations reached']);
    const ad2 = minimize((x) => ({ value: (x[0] - 100) ** 2, grad: [2 * (x[0] - 100)] }), [0], { method: 'adam', maxIter: 200, lr: 0.01 });
    expect(ad2.x[0]).toBeGreaterThan(1.9);
    // lbfgs on an unbounded objective: the line search keeps doubling; maxIter bounds the run
    const lb = minimize(line, [0], { maxIter: 3 });
    expect([lb.converged, lb.nIter, lb.message]).toEqual([false, 3, 'maxIter (3) iterations reached']);
    expect(lb.x[0]).toBeLessThan(-1);
  });
});

describe('numericGrad', () => {
  const { numericGrad } = optim;

  it('steps h = eps·max(1, |x|) with eps = ∛(2⁻⁵²) by default: a cubic shows h²', () => {
    const eps = Math.cbrt(2 ** -52);
    // central differences of x³ at 0 give exactly h²
    expect(numericGrad((x) => x[0] ** 3, [0])[0]).toBeCloseTo(eps * eps, 20);
    expect(numericGrad((x) => x[0] ** 3, [0])[0] / (eps * eps)).toBeCloseTo(1, 6);
    // at |x| = 1000 the step is 1000 times longer: (x − 1000)³ gives (1000·eps)²
    const far = numericGrad((x) => (x[0] - 1000) ** 3, [1000])[0];
    expect(far / (1000 * eps) ** 2).toBeCloseTo(1, 4);
    const coarse = numericGrad((x) => ({ value: x[0] ** 3 }), [0], { eps: 0.01 });
    expect(coarse[0]).toBeCloseTo(1e-4, 15);
    // a negative coordinate: |x| sets the step, not x
    const neg = numericGrad((x) => (x[0] + 1000) ** 3, [-1000])[0];
    expect(neg / (1000 * eps) ** 2).toBeCloseTo(1, 4);
  });

  it('gradients per coordinate, inputs untouched, matrices created in f freed', () => {
    const base = wl.memory().bytesInUse;
    const X = wl.matrix([[1, 2, 3]]);
    const g = numericGrad((x) => {
      const M = wl.matrix({ data: x, rows: 1, cols: 3 });
      return 2 * x[0] * x[0] + 3 * x[1] - x[2] * x[1] + M.get(0, 0) * 0;
    }, X);
    expect(g[0]).toBeCloseTo(4, 8);
    expect(g[1]).toBeCloseTo(3 - 3, 8);
    expect(g[2]).toBeCloseTo(-2, 8);
    expect(X.toArray()).toEqual([[1, 2, 3]]);
    X.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('errors name the argument', () => {
    throwsNamed(() => numericGrad(1 as never, [1]), V, 'numericGrad: f: expected a function, got 1');
    throwsNamed(() => numericGrad((x) => x[0], [1], { eps: 0 }), P, 'numericGrad: option eps: expected a finite number > 0, got 0');
    throwsNamed(() => numericGrad((x) => x[0], [1], { eps: -1 }), P, 'numericGrad: option eps: expected a finite number > 0, got -1');
    throwsNamed(() => numericGrad((x) => x[0], [1], { eps: Infinity }), P, 'numericGrad: option eps: expected a finite number > 0, got Infinity');
    throwsNamed(() => numericGrad((x) => x[0], [1], { eps: '1' } as never), P, 'numericGrad: option eps: expected a finite number > 0, got "1"');
    throwsNamed(() => numericGrad((x) => x[0], [1], { h: 1 } as never), P, 'numericGrad: unknown option "h"');
    throwsNamed(() => numericGrad((x) => x[0], [] as never), V, 'numericGrad: x: expected at least one value, got none');
    throwsNamed(() => numericGrad((x) => x[0], [NaN]), V, 'numericGrad: x[0]: expected a finite number, got NaN');
    throwsNamed(() => numericGrad((x) => x[0], 'x' as never), V, 'numericGrad: x: expected a Float64Array, number[] or Matrix, got "x"');
    throwsNamed(() => numericGrad((() => null) as never, [1]), V, 'numericGrad: f must return a number or { value }, got null');
    throwsNamed(() => numericGrad((() => 'a') as never, [1]), V, 'numericGrad: f must return a number or { value }, got "a"');
    throwsNamed(() => numericGrad((() => ({ value: '1' })) as never, [1]), V, 'numericGrad: f must return a number or { value }, got an object (Object)');
  });
});

describe('minimize: L-BFGS and its strong-Wolfe line search (Nocedal & Wright, Alg. 3.5/3.6, eq. 3.59)', () => {
  const { minimize } = optim;
  const quad = (c: number) => (x: Float64Array) => ({ value: (c * x[0] * x[0]) / 2, grad: [c * x[0]] });

  it('1-D quadratics, worked by hand: first step ‖t·d‖₁ = 1, doubling, cubic interpolation, secant scaling', () => {
    // c = 4, x0 = 0.2: g = 0.8, t0 = 1 overshoots (f rises); the cubic through φ(0), φ'(0), φ(1), φ'(1)
    // is φ itself, so zoom's first trial is the exact minimizer t = 1/4: one iteration, three calls
    const over = minimize(quad(4), [0.2]);
    expect([over.nIter, over.nEval, over.converged, over.message]).toEqual([1, 3, true, 'gradient norm below tol']);
    expect(Math.abs(over.x[0])).toBeLessThan(1e-15);
    // c = 1, x0 = 5: g = 5, the first trial is t0 = 1/5 (x = 4, accepted: |φ'| = 20 ≤ 0.9·25); the
    // secant step from the (s, y) pair is then exact
    const scaled = minimize(quad(1), [5]);
    expect([scaled.nIter, scaled.nEval]).toEqual([2, 3]);
    expect(Math.abs(scaled.x[0])).toBeLessThan(1e-15);
    // c = 0.25, x0 = 2: t0 = 1 meets both conditions at once; then the secant step
    const direct = minimize(quad(0.25), [2]);
    expect([direct.nIter, direct.nEval]).toEqual([2, 3]);
    // c = 0.01, x0 = 10: the curvature condition needs t ≥ 10: t = 1, 2, 4, 8, 16 (five calls)
    const doubling = minimize(quad(0.01), [10]);
    expect([doubling.nIter, doubling.nEval]).toEqual([2, 7]);
    expect(Math.abs(doubling.x[0])).toBeLessThan(1e-9);
  });

  it('every accepted step meets the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9) on Rosenbrock', () => {
    const rosen = (x: Float64Array) => ({
      value: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
      grad: [-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)],
    });
    const full = minimize(rosen, [-1.2, 1]);
    expect(full.converged).toBe(true);
    // scipy's L-BFGS-B needs about 35 iterations and 45 evaluations here
    expect(full.nIter).toBeLessThanOrEqual(40);
    expect(full.nEval).toBeLessThanOrEqual(50);
    let prev = { x: [-1.2, 1], ...rosen(new Float64Array([-1.2, 1])) };
    for (let k = 1; k <= 12; k++) {
      const r = minimize(rosen, [-1.2, 1], { maxIter: k });
      expect(r.nIter).toBe(k);
      const s = [r.x[0] - prev.x[0], r.x[1] - prev.x[1]];
      const slope0 = s[0] * prev.grad[0] + s[1] * prev.grad[1];
      const slope1 = s[0] * r.grad[0] + s[1] * r.grad[1];
      expect(slope0, `step ${k} is a descent direction`).toBeLessThan(0);
      expect(r.value, `sufficient decrease at step ${k}`).toBeLessThanOrEqual(prev.value + 1e-4 * slope0);
      expect(Math.abs(slope1), `curvature at step ${k}`).toBeLessThanOrEqual(0.9 * Math.abs(slope0) * (1 + 1e-12));
      expect(Array.from(r.grad)).toEqual(rosen(r.x).grad);
      expect(r.value).toBe(rosen(r.x).value);
      prev = { x: Array.from(r.x), value: r.value, grad: Array.from(r.grad) };
    }
  });

  it('line-search failures: a wrong gradient, the default of 25 calls, a wall of NaN', () => {
    // the "gradient" points uphill: no step decreases f
    const wrong = (x: Float64Array) => ({ value: x[0] * x[0], grad: [-2 * x[0]] });
    const lb = minimize(wrong, [1]);
    expect([lb.converged, lb.nIter, lb.nEval, lb.message]).toEqual([false, 0, 26, 'line search failed to find a point satisfying the strong Wolfe conditions']);
    expect(Array.from(lb.x)).toEqual([1]);
    expect(minimize(wrong, [1], { maxLineSearch: 4 }).nEval).toBe(5);
    const gd = minimize(wrong, [1], { method: 'gd' });
    expect([gd.converged, gd.nIter, gd.nEval, gd.message]).toEqual([false, 0, 51, 'backtracking line search failed to decrease f']);
    expect(minimize(wrong, [1], { method: 'gd', maxLineSearch: 3 }).nEval).toBe(7);
    // f decreases up to x = 3 and is NaN beyond: the search backs off from the wall, never returns NaN,
    // and falls back to the best point with sufficient decrease when the curvature condition cannot hold
    const wall = (x: Float64Array) => ({ value: x[0] < 3 ? -x[0] : NaN, grad: [x[0] < 3 ? -1 : NaN] });
    const w = minimize(wall, [0]);
    expect(w.converged).toBe(false);
    expect(w.message).toBe('line search failed to find a point satisfying the strong Wolfe conditions');
    expect(w.nIter).toBeGreaterThanOrEqual(1);
    expect(w.x[0]).toBeGreaterThan(2.99);
    expect(w.x[0]).toBeLessThan(3);
    expect(w.value).toBe(-w.x[0]);
    // a linear objective has no minimum: every search ends at 2^24 times the first step, 1000 iterations by default
    const line = minimize((x) => ({ value: x[0], grad: [1] }), [0], { tol: 0, ftol: 0 });
    expect([line.converged, line.nIter, line.nEval, line.message]).toEqual([false, 1000, 26_001, 'maxIter (1000) iterations reached']);
    expect(line.x[0]).toBe(-1000 * 2 ** 24);
  });

  it('stops on ftol relative to |f| (not on the absolute change) and on tol inclusive after a step', () => {
    const big = (x: Float64Array) => ({ value: 1e8 + 1e-3 * (x[0] - 3) ** 2, grad: [2e-3 * (x[0] - 3)] });
    const r = minimize(big, [0]);
    expect([r.converged, r.nIter, r.message]).toEqual([true, 1, 'relative reduction of f below ftol']);
    const strict = minimize(big, [0], { ftol: 0 });
    expect(strict.message).toBe('gradient norm below tol');
    expect(Math.abs(strict.x[0] - 3)).toBeLessThan(1e-3);
    const g = minimize(big, [0], { method: 'gd' });
    expect(g.message).toBe('relative reduction of f below ftol');
    // gd with a fixed step ignores ftol: only tol or maxIter stop it
    const fixed = minimize(big, [0], { method: 'gd', lr: 100, maxIter: 30 });
    expect(fixed.message).toBe('maxIter (30) iterations reached');
    // tol is inclusive after a step too: stop exactly at the gradient the step reaches
    for (const method of ['lbfgs', 'gd', 'adam'] as const) {
      const opts = { method, tol: 0, ftol: 0, maxIter: 2, lr: method === 'lbfgs' ? undefined : 0.1 };
      const bowl = (x: Float64Array) => ({ value: (x[0] - 1) ** 4 + (x[0] - 1) ** 2, grad: [4 * (x[0] - 1) ** 3 + 2 * (x[0] - 1)] });
      const two = minimize(bowl, [3], opts);
      const at = Math.abs(two.grad[0]);
      expect(at).toBeGreaterThan(0);
      const again = minimize(bowl, [3], { ...opts, maxIter: 10, tol: at });
      expect([again.converged, again.nIter, again.message], method).toEqual([true, 2, 'gradient norm below tol']);
    }
  });

  it('history sizes from 1 up all converge on a quartic; before init() it names itself', async () => {
    const quartic = (x: Float64Array) => ({ value: x.reduce((s, v, i) => s + (i + 1) * v ** 4 + v * v, 0), grad: Array.from(x, (v, i) => 4 * (i + 1) * v ** 3 + 2 * v) });
    for (const history of [1, 2, 10]) {
      const q = minimize(quartic, [1, -2, 3, 0.5], { history, tol: 1e-10, ftol: 0 });
      expect(q.converged, `history ${history}`).toBe(true);
      expect(q.nIter, `history ${history}`).toBeLessThanOrEqual(20);
      for (const v of q.x) expect(Math.abs(v)).toBeLessThan(1e-10);
    }
    const { freshModule } = await import('../helpers');
    const u = await freshModule();
    const sq = (x: Float64Array) => ({ value: x[0] ** 2, grad: [2 * x[0]] });
    throwsNamed(() => u.optim.minimize(sq, [1]), u.NotInitializedError, 'wasmlearn is not initialized: wl.optim.minimize() needs the WebAssembly module');
    throwsNamed(() => u.optim.minimize(sq, [1], { method: 'adam' }), u.NotInitializedError, 'wasmlearn is not initialized: wl.optim.minimize() needs');
  });
});

describe('minimize: gradient descent and Adam against plain-JS references', () => {
  const { minimize } = optim;
  // an ill-conditioned quartic bowl in 3-D
  const f = (x: ArrayLike<number>) => ({
    value: (x[0] - 1) ** 2 + 10 * (x[1] + 0.5) ** 2 + 0.1 * x[2] ** 4 + x[0] * x[1],
    grad: [2 * (x[0] - 1) + x[1], 20 * (x[1] + 0.5) + x[0], 0.4 * x[2] ** 3],
  });

  /** Armijo backtracking from twice the last accepted step (N&W Alg. 3.1), scipy's stopping rules. */
  function refGd(x0: number[], maxIter: number, maxLs = 25, tol = 1e-6, ftol = 2.220446049250313e-9) {
    let x = x0.slice(), { value, grad } = f(x), nEval = 1, nIter = 0, t = 1;
    while (nIter < maxIter) {
      const gg = grad.reduce((s, v) => s + v * v, 0);
      const fPrev = value;
      t *= 2;
      let ok = false;
      for (let k = 0; k < 2 * maxLs; k++) {
        const xt = x.map((v, i) => v - t * grad[i]);
        const r = f(xt);
        nEval++;
        if (r.value <= value - 1e-4 * t * gg) {
          x = xt; value = r.value; grad = r.grad; ok = true;
          break;
        }
        t /= 2;
      }
      if (!ok) return { x, nIter, nEval, message: 'failed' };
      nIter++;
      if (Math.max(...grad.map(Math.abs)) <= tol) return { x, nIter, nEval, message: 'gradient norm below tol' };
      if ((fPrev - value) / Math.max(Math.abs(fPrev), Math.abs(value), 1) <= ftol) return { x, nIter, nEval, message: 'relative reduction of f below ftol' };
    }
    return { x, nIter, nEval, message: `maxIter (${maxIter}) iterations reached` };
  }

  it('gd with Armijo backtracking takes the reference steps', () => {
    for (const maxIter of [1, 5, 40, 10_000]) {
      const ref = refGd([3, 2, 1.5], maxIter);
      const r = minimize(f, [3, 2, 1.5], { method: 'gd', maxIter });
      expect([r.nIter, r.nEval, r.message], `maxIter ${maxIter}`).toEqual([ref.nIter, ref.nEval, ref.message]);
      expect(Array.from(r.x)).toEqual(ref.x);
    }
  });

  it('gd with a fixed step: x ← x − lr·∇f; divergence is reported with its step', () => {
    let x = [3, 2, 1.5];
    for (let k = 0; k < 7; k++) x = x.map((v, i) => v - 0.02 * f(x).grad[i]);
    const r = minimize(f, [3, 2, 1.5], { method: 'gd', lr: 0.02, maxIter: 7 });
    expect(Array.from(r.x)).toEqual(x);
    expect([r.nIter, r.nEval]).toEqual([7, 8]);
    // f finite, gradient not: diverged too
    const cusp = (z: Float64Array) => ({ value: Math.sqrt(Math.abs(z[0])), grad: [z[0] === 0 ? Infinity : Math.sign(z[0]) / (2 * Math.sqrt(Math.abs(z[0])))] });
    const c = minimize(cusp, [0.25], { method: 'gd', lr: 0.25 });
    expect([c.converged, c.nIter, c.message]).toEqual([false, 0, 'diverged: f is not finite after step 1; lower lr']);
    expect(Array.from(c.x)).toEqual([0.25]);
    const steep = (z: Float64Array) => ({ value: z[0] ** 4, grad: [4 * z[0] ** 3] });
    const s = minimize(steep, [2], { method: 'gd', lr: 1 });
    expect(s.message).toMatch(/^diverged: f is not finite after step [2-9]\d*; lower lr$/);
    expect(s.converged).toBe(false);
  });

  it('adam: PyTorch\'s bias-corrected update, moments starting at zero even in a reused heap block', () => {
    // leave non-zero bytes where adam's scratch block will be allocated
    const junk = wl.full(1, 64, 123.5);
    junk.dispose();
    const lr = 0.05, b1 = 0.9, b2 = 0.999;
    let x = [3, 2, 1.5], m = [0, 0, 0], v = [0, 0, 0];
    for (let t = 1; t <= 30; t++) {
      const g = f(x).grad;
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
      x = x.map((xi, i) => xi - (lr / (1 - b1 ** t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + 1e-8));
    }
    const r = minimize(f, [3, 2, 1.5], { method: 'adam', lr, maxIter: 30 });
    r.x.forEach((xi, i) => expect(Math.abs(xi - x[i])).toBeLessThan(1e-12));
    expect([r.nIter, r.nEval]).toEqual([30, 31]);
    expect(r.value).toBe(f(r.x).value);
    // too large a step: reported, with the non-finite value reached
    const ex = (z: Float64Array) => ({ value: Math.exp(z[0] * z[0]), grad: [2 * z[0] * Math.exp(z[0] * z[0])] });
    const d = minimize(ex, [3], { method: 'adam', lr: 100 });
    expect([d.converged, d.nIter, d.value, d.message]).toEqual([false, 1, Infinity, 'diverged: f is not finite after step 1; lower lr']);
  });
});

describe('optim edges found by mutation testing', () => {
  it('ReduceLROnPlateau: explicit defaults, strict thresholds in every mode, the epoch count, eps strict', () => {
    const R = optim.schedules.ReduceLROnPlateau;
    const o = new optim.SGD({ lr: 1 });
    const explicit = new R(o, { mode: 'min', thresholdMode: 'rel' });
    expect([explicit.mode, explicit.thresholdMode]).toEqual(['min', 'rel']);
    expect(new R(o, { mode: 'max', thresholdMode: 'abs' }).thresholdMode).toBe('abs');
    // best = 4, threshold 0.5: a metric exactly at the bar is not an improvement (PyTorch's strict <, >)
    const bars: [string, string, number, boolean][] = [
      ['min', 'rel', 2, false], ['min', 'rel', 1.99, true],
      ['min', 'abs', 3.5, false], ['min', 'abs', 3.49, true], ['min', 'abs', 2.5, true],
      ['max', 'rel', 6, false], ['max', 'rel', 6.01, true], ['max', 'rel', 5, false],
      ['max', 'abs', 4.5, false], ['max', 'abs', 4.51, true], ['max', 'abs', 5, true],
    ];
    for (const [mode, thresholdMode, metric, better] of bars) {
      const s = new R(new optim.SGD({ lr: 1 }), { mode: mode as never, thresholdMode: thresholdMode as never, threshold: 0.5, patience: 5 });
      s.step(4);
      s.step(metric);
      expect([s.best, s.numBadEpochs, s.epoch], `${mode}/${thresholdMode} ${metric}`).toEqual(better ? [metric, 0, 2] : [4, 1, 2]);
    }
    // a reduction of exactly eps is skipped too
    const o2 = new optim.SGD({ lr: 1 });
    const s2 = new R(o2, { patience: 0, factor: 0.5, eps: 0.5 });
    s2.step(1);
    s2.step(1);
    expect(o2.lr).toBe(1);
  });

  it('fromJSON: kind must be a string naming an optimizer (not an array that stringifies to one)', () => {
    throwsNamed(() => optim.fromJSON({ kind: ['SGD'] }), MF, 'optimizer.kind: expected one of SGD, Adam, AdamW, RMSProp, Adagrad, got an array of length 1');
  });

  it('clipGradValue leaves values inside [−c, c] as they are', () => {
    const G = wl.matrix([[-2, 0.1, 3, -0.5]]);
    optim.clipGradValue([G], 1);
    expect(G.toArray()).toEqual([[-1, 0.1, 1, -0.5]]);
    G.dispose();
  });

  it('numericGrad calls f exactly 2n times', () => {
    let calls = 0;
    optim.numericGrad((x) => (calls++, x[0] * x[1] * x[2]), [1, 2, 3]);
    expect(calls).toBe(6);
  });
});

describe('a user-defined Estimator subclass (the base class is public API)', () => {
  class Inner extends wl.Transformer<{ scale: number }, { nFeatures: number; w: InstanceType<typeof wl.Matrix> }> {
    static kind = 'MoptimInner';
    static task = 'transformer' as const;
    static defaults = { scale: 1 };
    fit(X: unknown): this {
      const p = this.params();
      return this.commit({ nFeatures: (X as number[][])[0].length, w: wl.full(1, 2, p.scale) });
    }
    transform(X: unknown) {
      return this.withInput(X, 'transform', (x, s) => wl.mul(x, s.w));
    }
    protected checkParams(p: { scale: number }) {
      if (typeof p.scale !== 'number') throw new wl.InvalidParameterError('MoptimInner: option "scale" must be a number');
    }
    protected saveState() { return {}; }
    protected loadState(): never { throw new wl.ModelFormatError('no'); }
  }
  // its fitted state holds a Matrix, an array of matrices and a fitted estimator
  class Outer extends wl.Transformer<{ k: number }, any> {
    static kind = 'MoptimOuter';
    static task = 'transformer' as const;
    static defaults = { k: 2 };
    fit(X: unknown): this {
      this.params();
      const inner = new Inner().fit(X);
      return this.commit({ nFeatures: 2, one: wl.zeros(2, 2), many: [wl.ones(1, 3), wl.ones(3, 1), 'label'], inner });
    }
    transform(X: unknown) {
      return this.withInput(X, 'transform', (x, s) => s.inner.transform(x));
    }
    protected checkParams() {}
    protected saveState() { return {}; }
    protected loadState(): never { throw new wl.ModelFormatError('no'); }
  }

  it('owns and frees every Matrix and Estimator of its state: on re-fit, dispose, and after a scope', () => {
    const base = wl.memory().bytesInUse;
    const o = new Outer();
    wl.scope(() => {
      o.fit(X4);
    });
    const fitted = wl.memory().bytesInUse;
    expect(fitted).toBeGreaterThan(base);
    const T = o.transform(X4);
    expect(T.toArray()).toEqual(X4);
    T.dispose();
    o.fit(X4); // the old state is freed, the nested estimator included
    expect(wl.memory().bytesInUse).toBe(fitted);
    o.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('input checks: the feature count of fit, NotFittedError naming the call, X copies freed', () => {
    const base = wl.memory().bytesInUse;
    const inner = new Inner({ scale: 3 });
    throwsNamed(() => inner.transform(X4), wl.NotFittedError, 'MoptimInner: transform is not available before fit(); call fit(X) first');
    inner.fit(X4);
    throwsNamed(() => inner.transform([[1, 2, 3]]), S, 'X: expected 2 features per sample (as in fit), got 3');
    const T = inner.transform(wl.matrix(X4, { dtype: 'float32' }));
    expect(T.toArray()).toEqual(X4.map((r) => r.map((v) => 3 * v)));
    T.dispose();
    inner.setParams({ scale: 'x' as never });
    throwsNamed(() => inner.fit(X4), P, 'MoptimInner: option "scale" must be a number');
    expect(inner.isFitted).toBe(true); // a failed fit keeps the old model
    inner.dispose();
    throwsNamed(() => inner.transform(X4), D, 'this MoptimInner was disposed');
    expect(wl.memory().bytesInUse).toBeLessThanOrEqual(base + 64); // the float32 input above is the caller's
  });
});

describe('more of the estimator contract', () => {
  it('onWarning can be set and cleared with setParams; toJSON never writes it', () => {
    const calls: string[] = [];
    const lr = new wl.LogisticRegression({ maxIter: 1 });
    lr.setParams({ onWarning: (m) => calls.push(m) });
    lr.fit(X4, [0, 1, 0, 1]);
    expect(calls.length).toBe(1);
    expect(Object.keys(lr.toJSON().params)).not.toContain('onWarning');
    lr.setParams({ onWarning: undefined });
    expect(Object.keys(lr.toJSON().params)).not.toContain('onWarning');
    lr.dispose();
  });

  it('wl.load: one feature is the smallest model; errors before init() are not model-format errors', async () => {
    const r = new wl.Ridge().fit([[1], [2], [4]], [1, 2, 3]);
    const json = JSON.parse(JSON.stringify(r));
    r.dispose();
    const back = wl.load(json);
    expect(back.nFeaturesIn).toBe(1);
    back.dispose();
    const { freshModule } = await import('../helpers');
    const u = await freshModule();
    throwsNamed(() => u.load(json), u.NotInitializedError, 'wasmlearn is not initialized');
    // 65 536 values is the longest array a params field may hold
    const long = wl.load({ ...json, params: { ...json.params, alpha: new Array(2 ** 16).fill(1) } });
    expect(long.getParams().alpha).toHaveLength(2 ** 16);
    long.dispose();
  });

  it('LabelEncoder: unseen labels are named with the classes seen (ten at most), an empty y is refused', () => {
    const le = new wl.preprocessing.LabelEncoder().fit(['b', 'a', 'b']);
    expect(Array.from(le.transform(['a', 'b']))).toEqual([0, 1]);
    throwsNamed(() => le.transform(['a', 'z']), V, 'y[1]: label "z" is not one of the classes seen in fit (a, b)');
    const many = new wl.preprocessing.LabelEncoder().fit(Array.from({ length: 12 }, (_, i) => i));
    throwsNamed(() => many.transform([3, 99]), V, 'y[1]: label 99 is not one of the classes seen in fit (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, …)');
    const ten = new wl.preprocessing.LabelEncoder().fit(Array.from({ length: 10 }, (_, i) => i));
    throwsNamed(() => ten.transform([99]), V, 'y[0]: label 99 is not one of the classes seen in fit (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)');
    throwsNamed(() => new wl.preprocessing.LabelEncoder().fit([]), V, 'y: expected at least one label');
  });
});

describe('minimize: more line-search and stopping edges', () => {
  const { minimize } = optim;

  it('the zoom safeguard: a cubic minimizer within 10 % of the bracket ends is replaced by bisection', () => {
    // c = 25, x0 = 0.04: g = 1, t0 = 1 overshoots; the exact minimizer t = 0.04 lies outside
    // [0.1, 0.9] and [0.05, 0.45] (two bisections: t = 0.5, 0.25), then inside [0.025, 0.225]
    const r = minimize((x) => ({ value: (25 * x[0] * x[0]) / 2, grad: [25 * x[0]] }), [0.04]);
    expect([r.nIter, r.nEval]).toEqual([1, 5]);
    expect(Math.abs(r.x[0])).toBeLessThan(1e-15);
  });

  it('strong Wolfe on every step of functions with an exponential wall (the search zooms between trial points)', () => {
    for (const k of [10, 30]) {
      const steep = (x: ArrayLike<number>) => ({ value: -x[0] + Math.exp(k * (x[0] - 5)) / k, grad: [-1 + Math.exp(k * (x[0] - 5))] });
      for (const x0 of [0, 2, 4.5, -1, -10]) {
        const r = minimize(steep, [x0]);
        expect(r.converged).toBe(true);
        expect(Math.abs(r.x[0] - 5)).toBeLessThan(1e-6);
        let prev = { x: x0, ...steep([x0]) };
        for (let it = 1; it <= r.nIter; it++) {
          const s = minimize(steep, [x0], { maxIter: it });
          const step = s.x[0] - prev.x;
          const slope0 = step * prev.grad[0], slope1 = step * s.grad[0];
          const where = `k = ${k}, x0 = ${x0}, step ${it}`;
          expect(slope0, where).toBeLessThan(0);
          expect(s.value, `sufficient decrease, ${where}`).toBeLessThanOrEqual(prev.value + 1e-4 * slope0);
          expect(Math.abs(slope1), `curvature, ${where}`).toBeLessThanOrEqual(0.9 * Math.abs(slope0) * (1 + 1e-12));
          prev = { x: s.x[0], value: s.value, grad: Array.from(s.grad) };
        }
      }
    }
  });

  it('a failed search along the quasi-Newton direction is retried once along −g', () => {
    // with only 3 calls per search the L-BFGS direction sometimes finds no acceptable point here; the
    // retry from steepest descent (N&W's usual safeguard) still gets to the minimum
    const steep = (x: ArrayLike<number>) => ({ value: -x[0] + Math.exp(10 * (x[0] - 5)) / 10, grad: [-1 + Math.exp(10 * (x[0] - 5))] });
    for (const x0 of [0, -1, -10]) {
      const r = minimize(steep, [x0], { maxLineSearch: 3 });
      expect(r.converged, `x0 = ${x0}: ${r.message}`).toBe(true);
      expect(Math.abs(r.x[0] - 5)).toBeLessThan(1e-6);
    }
  });

  it('a bracket as narrow as the spacing of doubles ends the search, whatever maxLineSearch allows', () => {
    // f = −x up to a wall of NaN at 3: after t = 1, 2, 4 the zoom halves [2, 4] until its ends are
    // adjacent doubles near 3 (about 52 halvings), then falls back to the best point found
    const wall = (x: Float64Array) => ({ value: x[0] < 3 ? -x[0] : NaN, grad: [x[0] < 3 ? -1 : NaN] });
    for (const maxLineSearch of [100, 400]) {
      const w = minimize(wall, [0], { maxLineSearch, maxIter: 1 });
      expect(w.nIter).toBe(1);
      expect(w.nEval).toBeLessThanOrEqual(60);
      expect(w.x[0]).toBe(3 - 2 ** -51); // the largest double below 3
    }
  });

  it('a finite value with a non-finite gradient counts as a failed point too', () => {
    const wall = (x: Float64Array) => ({ value: x[0] < 3 ? -x[0] : -3, grad: [x[0] < 3 ? -1 : NaN] });
    const w = minimize(wall, [0]);
    expect(w.x[0]).toBeLessThan(3);
    expect(w.x[0]).toBeGreaterThan(2.99);
    expect(Array.from(w.grad)).toEqual([-1]);
    const ad = minimize((x) => ({ value: Math.abs(x[0]), grad: [x[0] > 0 ? 1 : NaN] }), [0.1], { method: 'adam', lr: 1 });
    expect([ad.converged, ad.nIter, ad.message]).toEqual([false, 1, 'diverged: f is not finite after step 1; lower lr']);
  });

  it('gd backtracking needs a strict decrease of c1·t·‖g‖² (x² from 1: t = 2, 1 rejected, 1/2 exact)', () => {
    const g = minimize((x) => ({ value: x[0] * x[0], grad: [2 * x[0]] }), [1], { method: 'gd' });
    expect([g.nIter, g.nEval, g.x[0], g.message]).toEqual([1, 4, 0, 'gradient norm below tol']);
  });

  it('ftol is inclusive', () => {
    const bowl = (x: Float64Array) => ({ value: (x[0] - 1) ** 4 + (x[0] - 1) ** 2, grad: [4 * (x[0] - 1) ** 3 + 2 * (x[0] - 1)] });
    const f0 = bowl(new Float64Array([3])).value;
    for (const method of ['lbfgs', 'gd'] as const) {
      const one = minimize(bowl, [3], { method, maxIter: 1, tol: 0, ftol: 0 });
      const rel = (f0 - one.value) / Math.max(Math.abs(f0), Math.abs(one.value), 1);
      const again = minimize(bowl, [3], { method, tol: 0, ftol: rel });
      expect([again.nIter, again.message], method).toEqual([1, 'relative reduction of f below ftol']);
    }
  });
});

describe('base edges found by mutation testing', () => {
  it('fitTransform and fitPredict are fit then transform / labels', () => {
    const s = new wl.preprocessing.StandardScaler();
    const T = s.fitTransform(X4);
    const U = s.transform(X4);
    expect(T.toArray()).toEqual(U.toArray());
    const km = new wl.KMeans({ nClusters: 2, seed: 3 });
    const labels = km.fitPredict(X4);
    expect(labels).toEqual(km.labels);
    for (const m of [s, T, U, km]) m.dispose();
  });

  it('console.warn once per estimator kind and kind of warning: other kinds still warn', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      new wl.LinearSVC({ maxIter: 1 }).fit(X4, [0, 1, 0, 1]).dispose();
      new wl.LinearSVC({ maxIter: 1 }).fit(X4, [0, 1, 0, 1]).dispose();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][0]).toMatch(/^LinearSVC: liblinear's solver did not converge/);
      new wl.KMeans({ nClusters: 3, seed: 0 }).fit([[0, 0], [0, 0], [1, 1], [1, 1]]).dispose();
      expect(spy).toHaveBeenCalledTimes(2);
      expect(spy.mock.calls[1][0]).toMatch(/^KMeans: found 2 distinct clusters/);
    } finally {
      spy.mockRestore();
    }
  });

  it('a borrowed Matrix X is never disposed by a failed check; copies are', () => {
    const X = wl.matrix([[1, 2], [3, 4]]);
    X.data[1] = NaN;
    throwsNamed(() => new wl.Ridge().fit(X, [1, 2]), V, 'X: expected finite values');
    expect(X.disposed).toBe(false);
    expect(X.get(1, 0)).toBe(3);
    X.dispose();
  });

  it('targets given as n×1 (arrays or a Matrix) give per-target results, a vector gives scalars', () => {
    const y = [1, 2, 3, 5];
    const vec = new wl.LinearRegression().fit(X4, y);
    expect(typeof vec.intercept).toBe('number');
    const nested = new wl.LinearRegression().fit(X4, y.map((v) => [v]));
    expect(Array.from(nested.intercept as never)).toEqual([expect.closeTo(vec.intercept as number, 12)]);
    const Y = wl.matrix(y.map((v) => [v]));
    const viaMatrix = new wl.LinearRegression().fit(X4, Y);
    expect(typeof viaMatrix.intercept).not.toBe('number');
    for (const m of [vec, nested, viaMatrix, Y]) m.dispose();
  });

  it('classes in model files: strings as a JSON array; a single class loads', () => {
    const nb = new wl.GaussianNB().fit(X4, ['b', 'a', 'b', 'a']);
    expect(JSON.parse(JSON.stringify(nb)).state.classes).toEqual(['a', 'b']);
    nb.dispose();
    const one = new wl.GaussianNB().fit(X4, [7, 7, 7, 7]);
    const back = wl.load(JSON.parse(JSON.stringify(one)));
    expect(back.classes).toEqual([7]);
    expect(Array.from(back.predict(X4) as Float64Array)).toEqual([7, 7, 7, 7]);
    one.dispose();
    back.dispose();
  });

  it('partialFit names y for labels outside the classes given first', () => {
    const nb = new wl.GaussianNB().partialFit(X4, [0, 1, 0, 1], [0, 1]);
    throwsNamed(() => nb.partialFit(X4, [0, 1, 2, 1]), V, 'y[2]: label 2 is not one of the classes seen in fit (0, 1)');
    nb.dispose();
  });

  it('base64: characters beyond ASCII are refused', () => {
    const one = wl.io.encodeArray(new Int32Array([7]));
    throwsNamed(() => wl.io.decodeArray({ ...one, data: 'Bw\u0080AAA==' }, 'w', 'int32'), MF, 'w.data: invalid base64 character at 2');
    throwsNamed(() => wl.io.decodeArray({ ...one, data: 'Bw\u007fAAA==' }, 'w', 'int32'), MF, 'w.data: invalid base64 character at 2');
    // '=' pads only the end of the last quad
    throwsNamed(() => wl.io.decodeArray({ ...one, data: 'Bw==AA==' }, 'w', 'int32'), MF, 'w.data: invalid base64 character at 2');
  });
});
