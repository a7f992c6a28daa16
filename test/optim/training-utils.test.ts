import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, randomArray } from '../helpers';

describe('optimizer API', () => {
  it('validates options, pairs and lr; bad input changes nothing', async () => {
    const wl = await getWl();
    const { optim } = wl;
    expect(() => new optim.Adam({ beta1: 1 })).toThrow(wl.InvalidParameterError);
    expect(() => new optim.Adam({ lr: -1 })).toThrow(/lr/);
    expect(() => new optim.SGD({ nesterov: true })).toThrow(/momentum > 0/);
    expect(() => new optim.SGD({ momentum: 0.9, lrr: 1 } as never)).toThrow(/unknown option "lrr"/);
    expect(() => new optim.RMSProp({ centered: 1 } as never)).toThrow(/centered/);
    const base = wl.memory().bytesInUse;
    const P = wl.matrix([[1, 2]]);
    const Q = wl.matrix([[3], [4]]);
    const G = wl.matrix([[1, 1]]);
    const G32 = wl.matrix([[1, 1]], { dtype: 'float32' });
    const opt = new optim.Adam();
    expect(() => opt.step([P, Q], [G])).toThrow(wl.ShapeError);
    expect(() => opt.step([P, Q], [G, G])).toThrow(/grads\[1\]: expected shape 2×1/);
    expect(() => opt.step([P], [G32])).toThrow(/dtype/);
    expect(() => opt.step([P], [P])).toThrow(/same Matrix/);
    expect(P.toArray()).toEqual([[1, 2]]);
    opt.lr = NaN;
    expect(() => opt.step([P], [G])).toThrow(/lr/);
    opt.lr = 0.1;
    opt.step([P], [G]);
    opt.dispose();
    expect(() => opt.step([P], [G])).toThrow(wl.DisposedError);
    for (const m of [P, Q, G, G32]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('keeps state per parameter, zeroState restarts, toJSON/fromJSON round-trip', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const A = wl.matrix([[1, 2, 3]]);
    const B = wl.matrix([[1, 2, 3]]);
    const G = wl.matrix([[0.5, -1, 2]]);
    const opt = new wl.optim.SGD({ lr: 0.1, momentum: 0.9 });
    opt.step([A], [G]);
    opt.step([A], [G]); // A has momentum now
    opt.step([B], [G]); // B starts from its own, fresh buffer
    opt.zeroState();
    const C = wl.matrix([[1, 2, 3]]);
    opt.step([C], [G]);
    expect(B.toArray()).toEqual(C.toArray());
    expect(A.get(0, 0)).toBeCloseTo(1 - 0.05 - 0.1 * (0.9 * 0.5 + 0.5), 14);
    const json = JSON.parse(JSON.stringify(new wl.optim.AdamW({ lr: 0.01, amsgrad: true }).toJSON()));
    expect(json).toEqual({ kind: 'AdamW', options: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: true } });
    const back = wl.optim.fromJSON(json);
    expect(back).toBeInstanceOf(wl.optim.AdamW);
    expect(back.toJSON()).toEqual(json);
    for (const bad of [null, { kind: 'Lion' }, { kind: 'SGD', options: { lr: 'x' } }, JSON.parse('{"kind":"SGD","options":{"__proto__":{}}}'), { kind: 'toString' }]) {
      expect(() => wl.optim.fromJSON(bad)).toThrow(wl.ModelFormatError);
    }
    opt.dispose();
    for (const m of [A, B, C, G]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('learning-rate schedules (PyTorch semantics)', () => {
  it('StepLR, ExponentialLR, CosineAnnealingLR', async () => {
    const wl = await getWl();
    const { optim } = wl;
    const o1 = new optim.SGD({ lr: 1 });
    const s1 = new optim.schedules.StepLR(o1, { stepSize: 3, gamma: 0.5 });
    expect(Array.from({ length: 7 }, () => s1.step())).toEqual([1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
    expect(o1.lr).toBe(0.25);
    const o2 = new optim.Adam({ lr: 0.1 });
    const s2 = new optim.schedules.ExponentialLR(o2, { gamma: 0.9 });
    s2.step(); s2.step();
    expect(o2.lr).toBeCloseTo(0.081, 15);
    const o3 = new optim.SGD({ lr: 1 });
    const s3 = new optim.schedules.CosineAnnealingLR(o3, { tMax: 4, etaMin: 0.2 });
    const lrs = Array.from({ length: 4 }, () => s3.step());
    expect(lrs[1]).toBeCloseTo(0.6, 15); // halfway: (1 + 0.2)/2
    expect(lrs[3]).toBeCloseTo(0.2, 15);
    expect(lrs[0]).toBeCloseTo(0.2 + 0.8 * (1 + Math.SQRT1_2) / 2, 15);
    expect(() => new optim.schedules.StepLR(o3, { stepSize: 0 })).toThrow(wl.InvalidParameterError);
    expect(() => new optim.schedules.StepLR({} as never, { stepSize: 1 })).toThrow(/optimizer/);
  });

  it('ReduceLROnPlateau: patience, threshold, cooldown, minLr, max mode', async () => {
    const wl = await getWl();
    const o = new wl.optim.SGD({ lr: 1 });
    const s = new wl.optim.schedules.ReduceLROnPlateau(o, { patience: 2, factor: 0.5, cooldown: 1, minLr: 0.2 });
    // improvements, then a plateau: lr halves after patience + 1 bad epochs
    const metrics = [10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];
    const lrs = metrics.map((m) => s.step(m));
    expect(lrs).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25]);
    for (let i = 0; i < 10; i++) s.step(9);
    expect(o.lr).toBe(0.2); // floor
    // a change within the relative threshold is not an improvement
    const o2 = new wl.optim.SGD({ lr: 1 });
    const s2 = new wl.optim.schedules.ReduceLROnPlateau(o2, { mode: 'max', patience: 0, threshold: 0.1 });
    s2.step(1);
    s2.step(1.05);
    expect(o2.lr).toBeCloseTo(0.1, 15);
    s2.step(2);
    expect(o2.lr).toBeCloseTo(0.1, 15);
    expect(() => s2.step(NaN)).toThrow(wl.InvalidParameterError);
  });
});

describe.each(BUILDS)('clipping and penalties, %s build', (build) => {
  it.each(['float64', 'float32'] as const)('clipGradNorm, clipGradValue, addPenaltyGrad (%s)', async (dtype) => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const tol = dtype === 'float32' ? 1e-6 : 1e-14;
    const a = randomArray(37, 1), b = randomArray(5, 2).map((x) => x * 10);
    const A = wl.zeros(1, 37, dtype), B = wl.zeros(5, 1, dtype);
    A.data.set(a); B.data.set(b);
    const ra = Array.from(A.data), rb = Array.from(B.data);
    const norm = Math.hypot(...ra, ...rb);
    expect(wl.optim.clipGradNorm([A, B], 1e9)).toBeCloseTo(norm, dtype === 'float32' ? 4 : 12);
    expect(Array.from(A.data)).toEqual(ra); // below maxNorm: untouched
    wl.optim.clipGradNorm([A, B], 2);
    expect(Math.hypot(...A.data, ...B.data)).toBeCloseTo(2 * norm / (norm + 1e-6), 5);
    const scaled = Array.from(B.data);
    scaled.forEach((v, i) => expect(v / rb[i]).toBeCloseTo(2 / (norm + 1e-6), 5));
    wl.optim.clipGradValue([A, B], 0.3);
    const clipped = [...A.data, ...B.data];
    expect(Math.max(...clipped.map(Math.abs))).toBeLessThanOrEqual(Math.fround(0.3));
    expect(clipped.some((v) => Math.abs(v) === (dtype === 'float32' ? Math.fround(0.3) : 0.3))).toBe(true);
    // penalty: value l1·Σ|w| + l2·Σw², gradient l1·sign(w) + 2·l2·w added into g; sign(0) = 0
    const W = wl.zeros(1, 37, dtype), G = wl.zeros(1, 37, dtype);
    const w = randomArray(37, 3);
    w[4] = 0;
    W.data.set(w); G.data.set(randomArray(37, 4));
    const rw = Array.from(W.data), rg = Array.from(G.data);
    const [l1, l2] = [0.3, 0.7];
    const expected = l1 * rw.reduce((s, x) => s + Math.abs(x), 0) + l2 * rw.reduce((s, x) => s + x * x, 0);
    expect(wl.optim.addPenaltyGrad([W], null, { l1, l2 })).toBeCloseTo(expected, dtype === 'float32' ? 4 : 12);
    expect(Array.from(G.data)).toEqual(rg);
    expect(wl.optim.addPenaltyGrad([W], [G], { l1, l2 })).toBeCloseTo(expected, dtype === 'float32' ? 4 : 12);
    const g = Array.from(G.data);
    for (let i = 0; i < 37; i++) expect(Math.abs(g[i] - (rg[i] + l1 * Math.sign(rw[i]) + 2 * l2 * rw[i]))).toBeLessThanOrEqual(tol * 4);
    expect(g[4]).toBeCloseTo(rg[4], 6);
    expect(wl.optim.addPenaltyGrad([W], [G], {})).toBe(0);
    expect(() => wl.optim.addPenaltyGrad([W], [B], { l1: 1 })).toThrow(wl.ShapeError);
    expect(() => wl.optim.addPenaltyGrad([W], [G], { l1: -1 })).toThrow(wl.InvalidParameterError);
    expect(() => wl.optim.clipGradNorm([A], 0)).toThrow(wl.InvalidParameterError);
    expect(() => wl.optim.clipGradValue([A, 3 as never], 1)).toThrow(/grads\[1\]/);
    for (const m of [A, B, W, G]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('empty parameters', () => {
  it('every optimizer, clipping, penalties and the tape accept 0×n matrices', async () => {
    const wl = await getWl();
    const P = wl.zeros(0, 3), G = wl.zeros(0, 3);
    const base = wl.memory().bytesInUse;
    for (const O of [wl.optim.SGD, wl.optim.Adam, wl.optim.AdamW, wl.optim.RMSProp, wl.optim.Adagrad]) {
      const o = new O();
      o.step([P], [G]);
      o.dispose();
    }
    expect(wl.optim.clipGradNorm([G], 1)).toBe(0);
    expect(wl.optim.addPenaltyGrad([P], [G], { l1: 1, l2: 1 })).toBe(0);
    const { value, grads } = wl.autograd.valueAndGrad((a: typeof P) => wl.sum(wl.exp(a)))(P);
    expect(value).toBe(0);
    expect(grads[0].shape).toEqual([0, 3]);
    grads[0].dispose();
    expect(wl.memory().bytesInUse).toBe(base);
    P.dispose(); G.dispose();
  });
});
