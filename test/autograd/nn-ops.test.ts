import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getWl, randomArray, type WL } from '../helpers';
import { checkGrads } from './helpers';

type M = InstanceType<WL['Matrix']>;

function rand(wl: WL, rows: number, cols: number, seed: number, scale = 1, shift = 0): M {
  return wl.matrix({ data: randomArray(rows * cols, seed).map((v) => v * scale + shift), rows, cols });
}

const dim = fc.integer({ min: 1, max: 5 });

describe('autodiff through wl.nn.functional (float64, central differences)', () => {
  it('activations and softmax / logSoftmax', async () => {
    const wl = await getWl();
    const F = wl.nn.functional;
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 1, max: 1e6 }), (r, c, seed) => {
        const X = rand(wl, r, c, seed, 2);
        const W = rand(wl, r, c, seed + 1); // a non-uniform upstream gradient
        for (const kind of ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softplus', 'gelu'] as const) {
          checkGrads(wl, (x: M) => wl.sum(wl.mul(F.activation(kind, x, kind === 'leakyRelu' ? { alpha: 0.2 } : undefined), W)), [X], 1e-6, kind);
        }
        checkGrads(wl, (x: M) => wl.sum(wl.mul(F.softmax(x), W)), [X], 1e-6, 'softmax');
        checkGrads(wl, (x: M) => wl.sum(wl.mul(F.logSoftmax(x), W)), [X], 1e-6, 'logSoftmax');
        X.dispose(); W.dispose();
      }),
      { numRuns: 6 },
    );
  });

  it('losses, and a two-layer network built from dense + activation + softmax cross-entropy', async () => {
    const wl = await getWl();
    const F = wl.nn.functional;
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 1, max: 1e6 }), (r, c, seed) => {
        const P = rand(wl, r, c, seed, 2);
        const T = rand(wl, r, c, seed + 1);
        const B01 = wl.matrix({ data: randomArray(r * c, seed + 2).map((v) => (v > 0 ? 1 : 0)), rows: r, cols: c });
        const PM = wl.matrix({ data: randomArray(r * c, seed + 3).map((v) => (v > 0 ? 1 : -1)), rows: r, cols: c });
        checkGrads(wl, (p: M) => F.mse(p, T).value, [P], 1e-6, 'mse');
        checkGrads(wl, (p: M) => F.huber(p, T, { delta: 0.5 }).value, [P], 1e-6, 'huber');
        checkGrads(wl, (p: M) => F.binaryCrossEntropy(p, B01).value, [P], 1e-6, 'bce');
        checkGrads(wl, (p: M) => F.mae(p, T).value, [P], 1e-6, 'mae');
        checkGrads(wl, (p: M) => F.hinge(p, PM).value, [P], 1e-6, 'hinge');
        const labels = Array.from({ length: r }, (_, i) => (i * 7 + seed) % c);
        checkGrads(wl, (p: M) => F.softmaxCrossEntropy(p, labels).value, [P], 1e-6, 'softmaxCE');
        // X (r×4) → dense(4, 6) → tanh → dense(6, c) → softmax cross-entropy: gradients of all four parameters
        const X = rand(wl, r, 4, seed + 4);
        const W1 = rand(wl, 4, 6, seed + 5), b1 = rand(wl, 1, 6, seed + 6), W2 = rand(wl, 6, c, seed + 7), b2 = rand(wl, 1, c, seed + 8);
        const net = (w1: M, bb1: M, w2: M, bb2: M) => F.softmaxCrossEntropy(F.dense(F.tanh(F.dense(X, w1, bb1)), w2, bb2), labels).value;
        checkGrads(wl, net, [W1, b1, W2, b2], 1e-6, 'mlp');
        for (const m of [P, T, B01, PM, X, W1, b1, W2, b2]) m.dispose();
      }),
      { numRuns: 6 },
    );
  });

  it('a loss whose gradient was not kept cannot be differentiated', async () => {
    const wl = await getWl();
    const P = rand(wl, 2, 2, 1), T = rand(wl, 2, 2, 2);
    const base = wl.memory().bytesInUse;
    expect(() => wl.autograd.valueAndGrad((p: M) => wl.nn.functional.mse(p, T, { grad: false }).value)(P)).toThrow(/needs its gradient/);
    expect(wl.memory().bytesInUse).toBe(base);
    P.dispose(); T.dispose();
  });
});
