// Behaviour of src/nn and src/autograd that mutation testing (Stryker over src/nn/*.ts and
// src/autograd/index.ts) showed no test pinned: the class of every error and the argument it names,
// the defaults of the layers and of fit (PyTorch / Keras semantics), the options' edges, predictions
// against plain-TypeScript forward passes, and the heap back at its baseline.
import { describe, expect, it } from 'vitest';
import { editedModel, freshModule, getWl, rng, throwsNamed, type WL } from '../helpers';

const wl = await getWl();
type M = InstanceType<WL['Matrix']>;
type Net = InstanceType<WL['nn']['Sequential']>;
const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;
const F = wl.nn.functional;

/** Like throwsNamed, for a promise (fit is async). */
async function rejectsNamed(p: Promise<unknown>, E: new (...a: never[]) => Error, start: string): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error, start).toBeInstanceOf(E);
  expect((error as Error).message.startsWith(start), `${(error as Error).message}\n  should start with\n${start}`).toBe(true);
}

function randomRows(n: number, d: number, seed: number, scale = 1): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => scale * (2 * r() - 1)));
}

describe('before init(), each wl.nn / wl.autograd entry point names itself', () => {
  it('in the NotInitializedError', async () => {
    const u = await freshModule();
    const x = null as never;
    const calls: [string, () => unknown][] = [
      ['wl.nn.functional.activation()', () => u.nn.functional.relu(x)],
      ['wl.nn.functional.activationBackward()', () => u.nn.functional.activationBackward('relu', x, x, x)],
      ['wl.nn.functional.softmax()', () => u.nn.functional.softmax(x)],
      ['wl.nn.functional.logSoftmax()', () => u.nn.functional.logSoftmax(x)],
      ['wl.nn.functional.softmaxBackward()', () => u.nn.functional.softmaxBackward(x, x)],
      ['wl.nn.functional.logSoftmaxBackward()', () => u.nn.functional.logSoftmaxBackward(x, x)],
      ['wl.nn.functional.loss()', () => u.nn.functional.mse(x, x)],
      ['wl.nn.functional.dense()', () => u.nn.functional.dense(x, x, x)],
      ['wl.nn.functional.denseBackward()', () => u.nn.functional.denseBackward(x, x, x)],
      ['new wl.nn.Dense()', () => new u.nn.Dense(2, 2)],
      ['new wl.nn.BatchNorm1d()', () => new u.nn.BatchNorm1d(2)],
      ['new wl.nn.Sequential()', () => new u.nn.Sequential([])],
    ];
    for (const [what, call] of calls) throwsNamed(call, u.NotInitializedError, `wasmlearn is not initialized: ${what} needs the WebAssembly module`);
    const vg = u.autograd.valueAndGrad(() => 0);
    throwsNamed(() => vg(), u.NotInitializedError, 'wasmlearn is not initialized: wl.autograd.valueAndGrad() needs the WebAssembly module');
  });
});

describe('wl.nn.functional: errors name the argument', () => {
  const X = wl.matrix([[-1, 2], [3, -4]]);
  const X3 = wl.zeros(3, 2);
  const X32 = wl.zeros(2, 2, 'float32');

  it('activations and their backward passes', () => {
    const acts = 'relu, leakyRelu, elu, sigmoid, tanh, softplus, gelu';
    throwsNamed(() => F.activation('swish' as never, X), P, `wl.nn.functional.activation: unknown activation "swish"; expected one of ${acts}`);
    throwsNamed(() => F.activation(3 as never, X), P, 'wl.nn.functional.activation: unknown activation 3;');
    throwsNamed(() => F.activation('toString' as never, X), P, 'wl.nn.functional.activation: unknown activation "toString"');
    throwsNamed(() => F.activationBackward('swish' as never, X, X, X), P, `wl.nn.functional.activationBackward: unknown activation "swish"; expected one of ${acts}`);
    throwsNamed(() => F.elu(X, { beta: 1 } as never), P, 'wl.nn.functional.elu: unknown option "beta"; expected one of alpha, out');
    throwsNamed(() => F.activationBackward('gelu', X, X, X, { beta: 1 } as never), P, 'wl.nn.functional.geluBackward: unknown option "beta"; expected one of alpha, out');
    throwsNamed(() => F.relu([[1]] as never), V, 'X: expected a Matrix, got an array of length 1');
    throwsNamed(() => F.leakyRelu(X, { alpha: NaN }), P, 'alpha: expected a finite number, got NaN');
    throwsNamed(() => F.relu(X, { out: 5 as never }), V, 'out: expected a Matrix, got 5');
    throwsNamed(() => F.relu(X, { out: X3 }), S, 'out: expected shape 2×2 (like the input), got 3×2');
    throwsNamed(() => F.relu(X, { out: X32 }), V, 'out: expected dtype float64 (like the input), got float32');
    throwsNamed(() => F.activationBackward('relu', 1 as never, X, X), V, 'X: expected a Matrix, got 1');
    throwsNamed(() => F.activationBackward('relu', X, 2 as never, X), V, 'Y: expected a Matrix, got 2');
    throwsNamed(() => F.activationBackward('relu', X, X, 3 as never), V, 'dY: expected a Matrix, got 3');
    throwsNamed(() => F.activationBackward('relu', X, X3, X), S, 'Y: expected shape 2×2 (like X), got 3×2');
    throwsNamed(() => F.activationBackward('relu', X, X, X3), S, 'dY: expected shape 2×2 (like X), got 3×2');
    throwsNamed(() => F.activationBackward('leakyRelu', X, X, X, { alpha: Infinity }), P, 'alpha: expected a finite number, got Infinity');
    throwsNamed(() => F.activationBackward('relu', X, X, X, { out: X3 }), S, 'out: expected shape 2×2 (like the input), got 3×2');
  });

  it('softmax and its backward passes', () => {
    throwsNamed(() => F.softmax(X, { log: true } as never), P, 'wl.nn.functional.softmax: unknown option "log"; expected one of out');
    throwsNamed(() => F.logSoftmax(X, { log: true } as never), P, 'wl.nn.functional.logSoftmax: unknown option "log"');
    throwsNamed(() => F.softmaxBackward(X, X, { log: true } as never), P, 'wl.nn.functional.softmaxBackward: unknown option "log"');
    throwsNamed(() => F.logSoftmaxBackward(X, X, { log: true } as never), P, 'wl.nn.functional.logSoftmaxBackward: unknown option "log"');
    throwsNamed(() => F.softmax('x' as never), V, 'X: expected a Matrix, got "x"');
    throwsNamed(() => F.softmax(X, { out: X3 }), S, 'out: expected shape 2×2 (like the input), got 3×2');
    throwsNamed(() => F.softmaxBackward(1 as never, X), V, 'Y: expected a Matrix, got 1');
    throwsNamed(() => F.softmaxBackward(X, 1 as never), V, 'dY: expected a Matrix, got 1');
    throwsNamed(() => F.softmaxBackward(X, X3), S, 'dY: expected shape 2×2 (like Y), got 3×2');
    throwsNamed(() => F.logSoftmaxBackward(X, X, { out: X3 }), S, 'out: expected shape 2×2 (like the input), got 3×2');
  });

  it('losses and their labels', () => {
    const losses = 'mse, mae, huber, binaryCrossEntropy, hinge, softmaxCrossEntropy';
    throwsNamed(() => F.loss('nll' as never, X, X), P, `wl.nn.functional.loss: unknown loss "nll"; expected one of ${losses}`);
    throwsNamed(() => F.loss(null as never, X, X), P, 'wl.nn.functional.loss: unknown loss null');
    throwsNamed(() => F.loss('hasOwnProperty' as never, X, X), P, 'wl.nn.functional.loss: unknown loss "hasOwnProperty"');
    throwsNamed(() => F.mse(X, X, { beta: 1 } as never), P, "wl.nn.functional.loss('mse'): unknown option \"beta\"; expected one of delta, grad");
    throwsNamed(() => F.mse(2 as never, X), V, 'pred: expected a Matrix, got 2');
    throwsNamed(() => F.huber(X, X, { delta: NaN }), P, 'delta: expected a finite number, got NaN');
    throwsNamed(() => F.huber(X, X, { delta: -1 }), P, 'delta: expected a number > 0, got -1');
    throwsNamed(() => F.huber(X, X, { delta: 0 }), P, 'delta: expected a number > 0, got 0');
    throwsNamed(() => F.mse(X, X, { grad: 7 as never }), V, 'grad: expected a Matrix, got 7');
    throwsNamed(() => F.mse(X, X, { grad: X3 }), S, 'grad: expected shape 2×2 (like pred), got 3×2');
    throwsNamed(() => F.mse(X, 'y' as never), V, 'target: expected a Matrix, got "y"');
    throwsNamed(() => F.mse(X, X3), S, 'target: expected shape 2×2 (like pred), got 3×2');
    throwsNamed(() => F.mse(X, X32), V, 'target: expected dtype float64 (like pred), got float32');
    // softmax cross-entropy labels
    throwsNamed(() => F.softmaxCrossEntropy(X, wl.zeros(2, 2)), S, 'target: expected a vector of labels (one row or one column), got 2×2');
    throwsNamed(() => F.softmaxCrossEntropy(X, 'ab' as never), V, 'target: expected integer class labels (Int32Array, number[] or a vector Matrix), got "ab"');
    throwsNamed(() => F.softmaxCrossEntropy(X, new DataView(new ArrayBuffer(8)) as never), V, 'target: expected integer class labels');
    throwsNamed(() => F.softmaxCrossEntropy(X, [0]), S, 'target: expected 2 labels (one per row of logits), got 1');
    throwsNamed(() => F.softmaxCrossEntropy(X, [0, 1.5]), V, 'target[1]: expected an integer class index in [0, 1], got 1.5');
    throwsNamed(() => F.softmaxCrossEntropy(X, [-1, 0]), V, 'target[0]: expected an integer class index in [0, 1], got -1');
    throwsNamed(() => F.softmaxCrossEntropy(X, [0, 2]), V, 'target[1]: expected an integer class index in [0, 1], got 2');
    throwsNamed(() => F.softmaxCrossEntropy(X, [0, '1'] as never), V, 'target[1]: expected an integer class index in [0, 1], got "1"');
    throwsNamed(() => F.softmaxCrossEntropy(X, [0, 1], { grad: X3 }), S, 'grad: expected shape 2×2 (like pred), got 3×2');
  });

  it('dense and its backward pass', () => {
    const W = wl.zeros(2, 3), b = wl.zeros(1, 3);
    throwsNamed(() => F.dense(1 as never, W, b), V, 'X: expected a Matrix, got 1');
    throwsNamed(() => F.dense(X, 1 as never, b), V, 'W: expected a Matrix, got 1');
    throwsNamed(() => F.dense(X, W, 1 as never), V, 'b: expected a Matrix, got 1');
    throwsNamed(() => F.dense(X, wl.zeros(3, 3), b), S, 'W: expected 2 rows (the columns of X), got 3×3');
    throwsNamed(() => F.dense(X, W, wl.zeros(1, 2)), S, 'b: expected a vector of 3 values (the columns of W), got 1×2');
    throwsNamed(() => F.dense(X, W, wl.zeros(3, 3)), S, 'b: expected a vector of 3 values (the columns of W), got 3×3');
    throwsNamed(() => F.dense(X, wl.zeros(2, 3, 'float32'), b), V, 'W and b: expected dtype float64 (like X), got float32 and float64');
    throwsNamed(() => F.dense(X, W, wl.zeros(1, 3, 'float32')), V, 'W and b: expected dtype float64 (like X), got float64 and float32');
    const dY = wl.zeros(2, 3);
    throwsNamed(() => F.denseBackward(1 as never, W, dY), V, 'X: expected a Matrix, got 1');
    throwsNamed(() => F.denseBackward(X, 1 as never, dY), V, 'W: expected a Matrix, got 1');
    throwsNamed(() => F.denseBackward(X, W, 1 as never), V, 'dY: expected a Matrix, got 1');
    throwsNamed(() => F.denseBackward(X, wl.zeros(3, 3), dY), S, 'W: expected 2 rows (the columns of X), got 3×3');
    throwsNamed(() => F.denseBackward(X, W, wl.zeros(3, 3)), S, 'dY: expected shape 2×3, got 3×3');
    throwsNamed(() => F.denseBackward(X, W, wl.zeros(2, 2)), S, 'dY: expected shape 2×3, got 2×2');
    throwsNamed(() => F.denseBackward(X, wl.zeros(2, 3, 'float32'), dY), V, 'W and dY: expected dtype float64 (like X)');
    throwsNamed(() => F.denseBackward(X, W, wl.zeros(2, 3, 'float32')), V, 'W and dY: expected dtype float64 (like X)');
  });
});

describe('wl.nn layers: errors and defaults', () => {
  it('Dense: errors name the argument; float32 and glorot by default', () => {
    const base = wl.memory();
    throwsNamed(() => new wl.nn.Dense(2, 2, { bias: false } as never), P, 'wl.nn.Dense: unknown option "bias"; expected one of init, seed, dtype');
    throwsNamed(() => new wl.nn.Dense(0, 2), P, 'inFeatures: expected an integer in [1, 1048576], got 0');
    throwsNamed(() => new wl.nn.Dense(2 ** 20 + 1, 2), P, 'inFeatures: expected an integer in [1, 1048576], got 1048577');
    throwsNamed(() => new wl.nn.Dense(2, 1.5), P, 'outFeatures: expected an integer in [1, 1048576], got 1.5');
    throwsNamed(() => new wl.nn.Dense(2, 2, { init: 'xavier' as never }), P, "init: expected 'glorot' or 'he', got \"xavier\"");
    throwsNamed(() => new wl.nn.Dense(2, 2, { dtype: 'int8' as never }), V, 'wl.nn.Dense: unknown dtype "int8"');
    throwsNamed(() => new wl.nn.Dense(2, 2, { seed: 0.5 }), P, 'seed: expected an integer in [-9007199254740992, 9007199254740992], got 0.5');
    expect(wl.memory()).toEqual(base);
    const d = new wl.nn.Dense(3, 4, { seed: 1 });
    expect([d.type, d.dtype, d.init, d.seed]).toEqual(['Dense', 'float32', 'glorot', 1]);
    expect(d.shape).toEqual([3, 4]);
    expect([d.weight.rows, d.weight.cols, d.weight.dtype, d.bias.rows, d.bias.cols]).toEqual([3, 4, 'float32', 1, 4]);
    expect(Array.from(d.bias.toTypedArray())).toEqual([0, 0, 0, 0]);
    expect(d.parameters()).toEqual([d.weight, d.bias]);
    // the gradients start at zero, with the parameters' shapes
    expect(d.gradients().map((g) => [g.rows, g.cols, ...g.toTypedArray()].every((v, i) => (i < 2 ? true : v === 0)))).toEqual([true, true]);
    expect(d.gradients().map((g) => [g.rows, g.cols])).toEqual([[3, 4], [1, 4]]);
    const low = new wl.nn.Dense(2, 2, { seed: -(2 ** 53) });
    expect(low.seed).toBe(-(2 ** 53));
    low.dispose();
    const d64 = new wl.nn.Dense(2, 3, { dtype: 'float64', seed: 2, init: 'he' });
    expect([d64.dtype, d64.init, d64.weight.dtype]).toEqual(['float64', 'he', 'float64']);
    const unseeded = new wl.nn.Dense(2, 2);
    expect(unseeded.seed).toBeUndefined();
    for (const l of [d, d64, unseeded]) l.dispose();
    expect(wl.memory()).toEqual(base);
  });

  it("Dense initialization: glorot uniform ±√(6/(in+out)) (Keras), he normal σ = √(2/in); the seed reproduces", () => {
    const [nIn, nOut] = [60, 40];
    const g = new wl.nn.Dense(nIn, nOut, { seed: 3, dtype: 'float64' });
    const w = Array.from(g.weight.toTypedArray());
    const limit = Math.sqrt(6 / (nIn + nOut));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w)).toBeGreaterThan(0.97 * limit); // 2 400 uniform draws reach the ends
    expect(Math.min(...w)).toBeLessThan(-0.97 * limit);
    const h = new wl.nn.Dense(nIn, nOut, { seed: 3, init: 'he', dtype: 'float64' });
    const v = Array.from(h.weight.toTypedArray());
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    const sigma = Math.sqrt(2 / nIn);
    expect(Math.abs(sd / sigma - 1)).toBeLessThan(0.05); // 2 400 draws: the sd is within ~1.4 % (1σ)
    expect(Math.abs(mean)).toBeLessThan(4 * sigma / Math.sqrt(v.length));
    expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(limit); // normal tails pass the uniform bound
    const again = new wl.nn.Dense(nIn, nOut, { seed: 3, dtype: 'float64' });
    expect(Array.from(again.weight.toTypedArray())).toEqual(w);
    for (const l of [g, h, again]) l.dispose();
  });

  it('activation layers: alpha defaults (PyTorch), ELU alpha > 0, shapes follow the network', () => {
    expect(new wl.nn.LeakyReLU().alpha).toBe(0.01);
    expect(new wl.nn.LeakyReLU({ alpha: 0 }).alpha).toBe(0);
    expect(new wl.nn.ELU().alpha).toBe(1);
    expect(new wl.nn.ReLU().alpha).toBe(0);
    throwsNamed(() => new wl.nn.LeakyReLU({ slope: 1 } as never), P, 'wl.nn.LeakyReLU: unknown option "slope"; expected one of alpha');
    throwsNamed(() => new wl.nn.ELU({ slope: 1 } as never), P, 'wl.nn.ELU: unknown option "slope"');
    throwsNamed(() => new wl.nn.LeakyReLU({ alpha: NaN }), P, 'alpha: expected a finite number, got NaN');
    throwsNamed(() => new wl.nn.ELU({ alpha: 0 }), P, 'alpha: expected a number > 0, got 0');
    throwsNamed(() => new wl.nn.ELU({ alpha: -1 }), P, 'alpha: expected a number > 0, got -1');
    const r = new wl.nn.Tanh();
    expect(r.shape).toEqual([-1, -1]);
    expect(r.parameters()).toEqual([]);
    expect(r.gradients()).toEqual([]);
    const net = new wl.nn.Sequential([new wl.nn.ReLU(), new wl.nn.Dense(3, 2, { seed: 1 }), r, new wl.nn.Softmax()]);
    expect(net.layers[0].shape).toEqual([3, 3]);
    expect(r.shape).toEqual([2, 2]);
    expect(net.layers[3].shape).toEqual([2, 2]);
    expect([net.inFeatures, net.outFeatures]).toEqual([3, 2]);
    net.dispose();
  });

  it('Dropout: p in [0, 1), default 0.5; BatchNorm1d: momentum 0.1 and eps 1e-5 by default (PyTorch)', () => {
    const base = wl.memory();
    expect(new wl.nn.Dropout().p).toBe(0.5);
    expect(new wl.nn.Dropout(0).p).toBe(0);
    for (const p of [1, -0.1, NaN]) throwsNamed(() => new wl.nn.Dropout(p), P, `p: expected a probability in [0, 1), got ${p}`);
    throwsNamed(() => new wl.nn.Dropout('0.5' as never), P, 'p: expected a probability in [0, 1), got "0.5"');
    const bn = new wl.nn.BatchNorm1d(3);
    expect([bn.type, bn.momentum, bn.eps, bn.dtype, bn.shape]).toEqual(['BatchNorm1d', 0.1, 1e-5, 'float32', [3, 3]]);
    expect(Array.from(bn.gamma.toTypedArray())).toEqual([1, 1, 1]);
    expect(Array.from(bn.beta.toTypedArray())).toEqual([0, 0, 0]);
    expect(Array.from(bn.runningMean.toTypedArray())).toEqual([0, 0, 0]);
    expect(Array.from(bn.runningVar.toTypedArray())).toEqual([1, 1, 1]);
    expect(bn.parameters()).toEqual([bn.gamma, bn.beta]);
    expect(bn.gradients().map((g) => Array.from(g.toTypedArray()))).toEqual([[0, 0, 0], [0, 0, 0]]);
    bn.dispose();
    const edges = [new wl.nn.BatchNorm1d(2, { momentum: 0 }), new wl.nn.BatchNorm1d(2, { momentum: 1, eps: 1e-300, dtype: 'float64' })];
    expect(edges.map((b) => [b.momentum, b.eps, b.dtype])).toEqual([[0, 1e-5, 'float32'], [1, 1e-300, 'float64']]);
    for (const b of edges) b.dispose();
    throwsNamed(() => new wl.nn.BatchNorm1d(2, { affine: false } as never), P, 'wl.nn.BatchNorm1d: unknown option "affine"; expected one of momentum, eps, dtype');
    throwsNamed(() => new wl.nn.BatchNorm1d(0), P, 'numFeatures: expected an integer in [1, 1048576], got 0');
    throwsNamed(() => new wl.nn.BatchNorm1d(2, { momentum: NaN }), P, 'momentum: expected a finite number, got NaN');
    throwsNamed(() => new wl.nn.BatchNorm1d(2, { momentum: 1.5 }), P, 'momentum: expected a number in [0, 1], got 1.5');
    throwsNamed(() => new wl.nn.BatchNorm1d(2, { momentum: -0.5 }), P, 'momentum: expected a number in [0, 1], got -0.5');
    throwsNamed(() => new wl.nn.BatchNorm1d(2, { eps: Infinity }), P, 'eps: expected a finite number, got Infinity');
    throwsNamed(() => new wl.nn.BatchNorm1d(2, { eps: 0 }), P, 'eps: expected a number > 0, got 0');
    throwsNamed(() => new wl.nn.BatchNorm1d(2, { dtype: 'half' as never }), V, 'wl.nn.BatchNorm1d: unknown dtype "half"');
    expect(wl.memory()).toEqual(base);
  });
});

describe('wl.nn.Sequential: errors name the argument', () => {
  it('the constructor', () => {
    const base = wl.memory();
    throwsNamed(() => new wl.nn.Sequential([]), P, 'layers: expected a non-empty array of layers, got an array of length 0');
    throwsNamed(() => new wl.nn.Sequential('x' as never), P, 'layers: expected a non-empty array of layers, got "x"');
    const relus = Array.from({ length: 1025 }, () => new wl.nn.ReLU());
    throwsNamed(() => new wl.nn.Sequential(relus), P, 'layers: at most 1024 layers, got 1025');
    throwsNamed(() => new wl.nn.Sequential([new wl.nn.ReLU(), {} as never]), P, 'layers[1]: expected a wl.nn layer (Dense, ReLU, …), got an object (Object)');
    const d = new wl.nn.Dense(2, 2, { seed: 1 });
    throwsNamed(() => new wl.nn.Sequential([d, d]), P, 'layers[1]: the same Dense layer appears twice');
    const net = new wl.nn.Sequential([d]);
    throwsNamed(() => new wl.nn.Sequential([new wl.nn.ReLU(), d]), P, 'layers[1]: this Dense layer already belongs to a network; create a new one');
    throwsNamed(() => new wl.nn.Sequential([new wl.nn.ReLU(), new wl.nn.Tanh()]), P, 'layers: a network needs at least one Dense or BatchNorm1d layer (they fix the number of features)');
    const mixed = [new wl.nn.Dense(2, 2, { seed: 1 }), new wl.nn.BatchNorm1d(2, { dtype: 'float64' })];
    throwsNamed(() => new wl.nn.Sequential(mixed), V, 'layers: every Dense/BatchNorm1d layer must have the same dtype, got float32 and float64');
    const wide = [new wl.nn.Dense(2, 3, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(4, 2, { seed: 1 })];
    throwsNamed(() => new wl.nn.Sequential(wide), S, 'Dense(4, 2): expected 4 input features, but the previous layer gives 3');
    const bnWide = [new wl.nn.Dense(2, 3, { seed: 1 }), new wl.nn.BatchNorm1d(4)];
    throwsNamed(() => new wl.nn.Sequential(bnWide), S, 'BatchNorm1d(4): expected 4 input features, but the previous layer gives 3');
    // a failed constructor adopts nothing: the layers can go into another network
    const ok = new wl.nn.Sequential(mixed.slice(0, 1));
    expect(ok.dtype).toBe('float32');
    for (const l of [...mixed.slice(1), ...wide, ...bnWide]) l.dispose();
    ok.dispose();
    net.dispose();
    // a float64 network takes its dtype from its layers; with float32 layers only it is float32
    const n64 = new wl.nn.Sequential([new wl.nn.ReLU(), new wl.nn.Dense(2, 1, { dtype: 'float64', seed: 1 })]);
    expect(n64.dtype).toBe('float64');
    n64.dispose();
    expect(wl.memory()).toEqual(base);
  });

  it('forward, backward, classes, parameters after dispose', async () => {
    const base = wl.memory();
    const net = new wl.nn.Sequential([new wl.nn.Dense(3, 2, { seed: 1 })]);
    throwsNamed(() => net.classes, wl.NotFittedError, 'Sequential.classes: the network has not been fitted; call fit() first');
    throwsNamed(() => net.predict([[1, 2, 3]]), wl.NotFittedError, 'Sequential.predict: the network has not been fitted; call fit() first (or wl.load a trained network)');
    throwsNamed(() => net.predictProba([[1, 2, 3]]), wl.NotFittedError, 'Sequential.predictProba: the network has not been fitted');
    throwsNamed(() => net.forward([[1, 2, 3]], { train: true } as never), P, 'Sequential.forward: unknown option "train"; expected one of training, seed');
    throwsNamed(() => net.forward([[1, 2]]), S, "X: expected 3 features per sample (the network's input), got 2");
    throwsNamed(() => net.forward([[1, 2, 3]], { seed: 0.5 }), P, 'seed: expected an integer in [-9007199254740992, 9007199254740992], got 0.5');
    const bad = [wl.zeros(1, 2, 'float32'), wl.zeros(2, 3, 'float32'), wl.zeros(2, 2)];
    throwsNamed(() => net.backward(bad[0]), P, 'Sequential.backward: call forward(X) first');
    throwsNamed(() => net.backward([[1, 2]] as never), V, 'dY: expected a Matrix, got an array of length 1');
    const Y = net.forward([[1, 2, 3], [4, 5, 6]]);
    expect([Y.rows, Y.cols, Y.dtype]).toEqual([2, 2, 'float32']);
    Y.dispose();
    throwsNamed(() => net.backward(bad[0]), S, "dY: expected shape 2×2 (the last forward's output), got 1×2");
    throwsNamed(() => net.backward(bad[1]), S, "dY: expected shape 2×2 (the last forward's output), got 2×3");
    throwsNamed(() => net.backward(bad[2]), V, 'dY: expected dtype float32, got float64');
    await net.fit([[1, 2, 3], [3, 2, 1]], [[0.5, 1], [-0.5, 0]], { loss: 'mse', epochs: 1 });
    throwsNamed(() => net.classes, P, "classes: the network was trained for regression (loss 'mse'), it has no classes");
    throwsNamed(() => net.predictProba([[1, 2, 3]]), P, "predictProba: the network was trained with loss 'mse', which gives no probabilities (use softmaxCrossEntropy or binaryCrossEntropy)");
    throwsNamed(() => net.predict([[1, 2, 3]], { into: 1 } as never), P, 'Sequential.predict: unknown option "into"; expected one of out');
    throwsNamed(() => net.predict([[1, 2, 3]], { out: [0, 0] as never }), V, 'out: expected a Float64Array or Float32Array, got an array of length 2');
    throwsNamed(() => net.predict([[1, 2, 3]], { out: new Float64Array(3) }), S, 'out: expected length 2, got 3');
    for (const m of bad) m.dispose();
    net.dispose();
    expect(net.disposed).toBe(true);
    net.dispose(); // twice is fine
    for (const call of [() => net.parameters(), () => net.gradients(), () => net.classes, () => net.toJSON(), () => net.forward([[1, 2, 3]]), () => net.backward(bad[0]), () => net.predictProba([[1, 2, 3]])]) {
      throwsNamed(call, wl.DisposedError, 'this Sequential network was disposed; it can no longer be used');
    }
    await rejectsNamed(net.fit([[1, 2, 3]], [1], { loss: 'mse' }), wl.DisposedError, 'this Sequential network was disposed');
    expect(wl.memory()).toEqual(base);
  });

  it('fit: every option is checked before training', async () => {
    const base = wl.memory();
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 3, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(3, 2, { seed: 2 })]);
    const X = [[0, 1], [1, 0], [1, 1], [0, 0]];
    const y = [0, 1, 1, 0];
    const sce = 'softmaxCrossEntropy' as const;
    const fit = (o: Record<string, unknown>, XX: unknown = X, yy: unknown = y) => net.fit(XX as never, yy, { loss: sce, ...o } as never);
    const losses = 'mse, mae, huber, binaryCrossEntropy, hinge, softmaxCrossEntropy';
    const withNet = wl.memory();
    await rejectsNamed(net.fit(X, y, {} as never), P, `loss: required; expected one of ${losses}`);
    await rejectsNamed(net.fit(X, y, undefined as never), P, `loss: required; expected one of ${losses}`);
    await rejectsNamed(fit({ loss: 'nll' }), P, `loss: unknown loss "nll"; expected one of ${losses}`);
    await rejectsNamed(fit({ loss: 'constructor' }), P, 'loss: unknown loss "constructor"');
    await rejectsNamed(fit({ loss: 3 }), P, 'loss: unknown loss 3');
    await rejectsNamed(fit({ lr: 1 }), P, 'Sequential.fit: unknown option "lr"; expected one of loss, optimizer, epochs, batchSize, shuffle, seed, validationSplit, validationData, l1, l2, delta, earlyStopping, onEpochEnd, onBatchEnd, signal');
    await rejectsNamed(fit({ epochs: 0 }), P, 'epochs: expected an integer in [1, 1000000], got 0');
    await rejectsNamed(fit({ epochs: 1e6 + 1 }), P, 'epochs: expected an integer in [1, 1000000], got 1000001');
    await rejectsNamed(fit({ batchSize: 0 }), P, 'batchSize: expected an integer in [1, 1048576], got 0');
    await rejectsNamed(fit({ batchSize: 2 ** 20 + 1 }), P, 'batchSize: expected an integer in [1, 1048576], got 1048577');
    await rejectsNamed(fit({ shuffle: 1 }), P, 'shuffle: expected true or false, got 1');
    await rejectsNamed(fit({ seed: 1.5 }), P, 'seed: expected an integer in [-9007199254740992, 9007199254740992], got 1.5');
    await rejectsNamed(fit({ validationSplit: NaN }), P, 'validationSplit: expected a finite number, got NaN');
    await rejectsNamed(fit({ validationSplit: 1 }), P, 'validationSplit: expected a fraction in [0, 1), got 1');
    await rejectsNamed(fit({ validationSplit: -0.1 }), P, 'validationSplit: expected a fraction in [0, 1), got -0.1');
    await rejectsNamed(fit({ validationSplit: 0.1 }), P, 'validationSplit: 0.1 of 4 samples leaves 0 for validation and 4 for training; both need at least one');
    await rejectsNamed(fit({ l1: NaN }), P, 'l1: expected a finite number, got NaN');
    await rejectsNamed(fit({ l2: Infinity }), P, 'l2: expected a finite number, got Infinity');
    await rejectsNamed(fit({ l1: -1 }), P, 'l1, l2: expected numbers >= 0, got -1 and 0');
    await rejectsNamed(fit({ l2: -1 }), P, 'l1, l2: expected numbers >= 0, got 0 and -1');
    await rejectsNamed(fit({ delta: NaN }), P, 'delta: expected a finite number, got NaN');
    await rejectsNamed(fit({ delta: 0 }), P, 'delta: expected a number > 0, got 0');
    await rejectsNamed(fit({ delta: -2 }), P, 'delta: expected a number > 0, got -2');
    await rejectsNamed(fit({ earlyStopping: 5 }), P, 'earlyStopping: expected an options object, got 5');
    await rejectsNamed(fit({ earlyStopping: { wait: 1 } }), P, 'earlyStopping: unknown option "wait"; expected one of patience, minDelta');
    await rejectsNamed(fit({ earlyStopping: { patience: -1 } }), P, 'earlyStopping.patience: expected an integer >= 0, got -1');
    await rejectsNamed(fit({ earlyStopping: { minDelta: NaN } }), P, 'earlyStopping.minDelta: expected a finite number, got NaN');
    await rejectsNamed(fit({ onEpochEnd: 1 }), P, 'onEpochEnd: expected a function, got 1');
    await rejectsNamed(fit({ onBatchEnd: 'f' }), P, 'onBatchEnd: expected a function, got "f"');
    await rejectsNamed(fit({ signal: 1 }), P, 'signal: expected an AbortSignal, got 1');
    await rejectsNamed(fit({ signal: {} }), P, 'signal: expected an AbortSignal, got an object (Object)');
    await rejectsNamed(fit({ optimizer: {} }), P, 'optimizer: expected a wl.optim optimizer (Adam, SGD, …), got an object (Object)');
    await rejectsNamed(fit({ optimizer: 5 }), P, 'optimizer: expected a wl.optim optimizer (Adam, SGD, …), got 5');
    await rejectsNamed(fit({ validationData: [X] }), P, 'validationData: expected [X, y], got an array of length 1');
    await rejectsNamed(fit({ validationData: 'v' }), P, 'validationData: expected [X, y], got "v"');
    await rejectsNamed(fit({ validationData: [[[1, 2, 3]], [0]] }), S, "validationData[0]: expected 2 features per sample (the network's input), got 3");
    await rejectsNamed(fit({ validationData: [[[1, 2]], [0, 1]] }), S, 'validationData[1]: expected 1 labels (one per sample of X), got 2');
    await rejectsNamed(fit({ validationData: [[[1, 2]], [7]] }), V, 'validationData[1][0]: label 7 is not one of the classes seen in fit (0, 1)');
    await rejectsNamed(fit({}, [[0, 1, 2]]), S, "X: expected 2 features per sample (the network's input), got 3");
    await rejectsNamed(fit({}, X, [[0, 1], [1, 0], [1, 0], [0, 1]]), S, 'y: softmaxCrossEntropy takes one label per sample, not a matrix (one-hot targets: pass the class indices)');
    const Y2 = wl.matrix([[0, 1], [1, 0], [1, 0], [0, 1]]);
    await rejectsNamed(fit({}, X, Y2), S, 'y: softmaxCrossEntropy takes one label per sample');
    Y2.dispose();
    await rejectsNamed(fit({}, X, [0, 1, 2, 0]), S, 'y: 3 classes, but the network has 2 outputs (softmaxCrossEntropy needs one output per class)');
    await rejectsNamed(fit({ loss: 'mse' }, X, y), S, "y: expected 2 targets per sample (the network's outputs), got 1");
    await rejectsNamed(fit({ loss: 'binaryCrossEntropy' }, X, y), S, "y: one label per sample needs a network with 1 output for 'binaryCrossEntropy', it has 2; pass one column of targets per output instead");
    await rejectsNamed(fit({ loss: 'hinge' }, X, [[1, 0, 1], [0, 1, 1], [1, 1, 1], [0, 0, 0]]), S, "y: expected 2 targets per sample (the network's outputs), got 3");
    await rejectsNamed(fit({ loss: 'binaryCrossEntropy' }, X, [[1, 0], [0, 1], [1, 2], [0, 0]]), V, 'y: value 2 at 5 is not a [0, 1] target');
    await rejectsNamed(fit({ loss: 'binaryCrossEntropy' }, X, [[1, 0], [0, 1], [1, -0.5], [0, 0]]), V, 'y: value -0.5 at 5 is not a [0, 1] target');
    await rejectsNamed(fit({ loss: 'hinge' }, X, [[1, 0], [0, 1], [1, 0.5], [0, -1]]), V, 'y: value 0.5 at 5 is not a 0/1 or ±1 target');
    await rejectsNamed(fit({ loss: 'hinge' }, X, [[1, 0], [0, 1], [1, 2], [0, -1]]), V, 'y: value 2 at 5 is not a 0/1 or ±1 target');
    expect(wl.memory()).toEqual(withNet); // the failed fits freed what they read
    // a fit for other classes after a classification fit
    await net.fit(X, y, { loss: sce, epochs: 1 });
    await rejectsNamed(fit({}, X, [1, 2, 2, 1]), V, 'y: the classes (1, 2) differ from those of the previous fit (0, 1)');
    net.dispose();
    // softmax cross-entropy needs ≥ 2 outputs; a final Softmax only goes with it
    const one = new wl.nn.Sequential([new wl.nn.Dense(2, 1, { seed: 1 })]);
    await rejectsNamed(one.fit(X, y, { loss: sce }), S, "loss 'softmaxCrossEntropy': the network needs one output per class (at least 2), it has 1");
    await rejectsNamed(one.fit(X, [0, 1, 2, 1], { loss: 'binaryCrossEntropy' }), V, "y: 'binaryCrossEntropy' is a binary loss, got 3 classes; use softmaxCrossEntropy");
    await rejectsNamed(one.fit(X, [0, 1, 2, 1], { loss: 'hinge' }), V, "y: 'hinge' is a binary loss, got 3 classes");
    one.dispose();
    const soft = new wl.nn.Sequential([new wl.nn.Dense(2, 2, { seed: 1 }), new wl.nn.Softmax()]);
    for (const loss of ['binaryCrossEntropy', 'hinge'] as const) {
      await rejectsNamed(soft.fit(X, [[1, 0], [0, 1], [1, 0], [0, 1]], { loss }), P, `loss '${loss}': a final Softmax layer only goes with 'softmaxCrossEntropy'`);
    }
    soft.dispose();
    expect(wl.memory()).toEqual(base);
  });
});

describe('wl.autograd: errors name the problem', () => {
  const vg = wl.autograd.valueAndGrad;
  const ops = 'add, sub, mul, div, sum, mean, exp, log, tanh, sigmoid, sqrt, square, abs, log1p, expm1, clip, pow, matmul, scale, transpose, activation, softmax, loss, dense';

  it('every message, and the heap back at its baseline', () => {
    const A = wl.matrix([[1, -2], [3, 0.5]]);
    const B = wl.matrix([[2, 1], [1, 2]]);
    const base = wl.memory();
    expect(wl.autograd.differentiableOps.join(', ')).toBe(ops);
    expect(Object.isFrozen(wl.autograd.differentiableOps)).toBe(true);
    throwsNamed(() => vg(5 as never), V, 'wl.autograd.valueAndGrad: fn: expected a function, got 5');
    throwsNamed(() => wl.autograd.grad('f' as never), V, 'wl.autograd.valueAndGrad: fn: expected a function, got "f"');
    throwsNamed(() => vg((a: M, b: M) => wl.sum(wl.mul(a, b)))(A, [[1]] as never), V, 'params[1]: expected a Matrix, got an array of length 1');
    throwsNamed(() => vg((a: M) => wl.sum(wl.maximum(a, 0)))(A), V, `wl.autograd: wl.maximum is not differentiable; inside valueAndGrad it may only see values that do not depend on the parameters (differentiable: ${ops})`);
    throwsNamed(() => vg((a: M) => vg((b: M) => wl.sum(b))(a).value)(A), V, 'wl.autograd.valueAndGrad: already recording; nested valueAndGrad (higher derivatives) is not supported');
    throwsNamed(() => vg((a: M) => wl.mul(a, B))(A), S, 'wl.autograd.valueAndGrad: fn must return a scalar (a number or a 1×1 Matrix), got a 2×2 Matrix; reduce it with wl.sum or wl.mean');
    throwsNamed(() => vg((a: M) => wl.sum(wl.mul(a, B), { axis: 0 }))(A), S, 'wl.autograd.valueAndGrad: fn must return a scalar (a number or a 1×1 Matrix), got a 1×2 Matrix');
    throwsNamed(() => vg((a: M) => (wl.sum(a) as number) + 1)(A), V, 'wl.autograd.valueAndGrad: fn returned 3.5, which no recorded op produced from the parameters. Return the number a wl.sum/wl.mean/loss gave (JavaScript arithmetic on numbers is not recorded), or a 1×1 Matrix');
    throwsNamed(() => vg(() => 7)(A), V, 'wl.autograd.valueAndGrad: fn returned 7, which no recorded op produced');
    throwsNamed(() => vg(() => 'x' as never)(A), V, 'wl.autograd.valueAndGrad: fn must return a number or a 1×1 Matrix, got "x"');
    throwsNamed(() => vg(() => undefined as never)(A), V, 'wl.autograd.valueAndGrad: fn must return a number or a 1×1 Matrix, got undefined');
    throwsNamed(() => vg((a: M) => F.mse(a, B, { grad: false }).value)(A), V, 'wl.autograd: a loss inside valueAndGrad needs its gradient in a Matrix of its own: leave the grad option unset (not false, not pred)');
    throwsNamed(() => vg((a: M) => F.mse(a, B, { grad: a }).value)(A), V, 'wl.autograd: a loss inside valueAndGrad needs its gradient in a Matrix of its own');
    // (last: the in-place add has overwritten A)
    throwsNamed(() => vg((a: M) => wl.sum(wl.add(a, B, { out: a })))(A), V, 'wl.autograd: add wrote into a Matrix the gradient still needs (an `out` option or an in-place op); inside valueAndGrad let every op create its result');
    expect(wl.memory()).toEqual(base);
    // a disposed 1×1 result: fn() names it
    throwsNamed(() => vg((a: M) => { const s = wl.sum(wl.sum(a, { axis: 0 }), { axis: 1 }) as M; s.dispose(); return s; })(A), wl.DisposedError, '');
    expect(wl.memory()).toEqual(base);
    A.dispose();
    B.dispose();
  });
});

// ---- plain-TypeScript references ------------------------------------------------------------

type Act = (v: number) => number;
const ACT: Record<string, Act> = {
  ReLU: (v) => Math.max(v, 0),
  Tanh: Math.tanh,
  Sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  Softplus: (v) => Math.log1p(Math.exp(v)),
  GELU: (v) => 0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v ** 3))),
};

/** The network's output for rows X, computed in float64 from its live weights (Dense and elementwise activations only). */
function jsForward(net: Net, X: number[][], end = net.layers.length): number[][] {
  let H = X.map((r) => r.slice());
  for (const l of net.layers.slice(0, end)) {
    if (l instanceof wl.nn.Dense) {
      const W = l.weight.toTypedArray(), b = l.bias.toTypedArray();
      const [nIn, nOut] = l.shape;
      H = H.map((r) => Array.from({ length: nOut }, (_, j) => r.reduce((s, v, i) => s + v * W[i * nOut + j], b[j])));
    } else if (l instanceof wl.nn.LeakyReLU) {
      const a = l.alpha;
      H = H.map((r) => r.map((v) => (v > 0 ? v : a * v)));
    } else if (l instanceof wl.nn.ELU) {
      const a = l.alpha;
      H = H.map((r) => r.map((v) => (v > 0 ? v : a * Math.expm1(v))));
    } else if (l instanceof wl.nn.Dropout) {
      // identity at inference
    } else if (l instanceof wl.nn.Softmax) {
      H = H.map((r) => {
        const m = Math.max(...r);
        const e = r.map((v) => Math.exp(v - m));
        const s = e.reduce((x, y) => x + y, 0);
        return e.map((v) => v / s);
      });
    } else {
      const f = ACT[l.type];
      if (!f) throw new Error(`jsForward: no reference for ${l.type}`);
      H = H.map((r) => r.map(f));
    }
  }
  return H;
}

const mseOf = (P: number[][], Y: number[][]) => P.reduce((s, r, i) => s + r.reduce((t, v, j) => t + (v - Y[i][j]) ** 2, 0), 0) / (P.length * P[0].length);
const sqSum = (net: Net) => net.layers.filter((l) => l instanceof wl.nn.Dense).reduce((s, l) => s + (l as InstanceType<WL['nn']['Dense']>).weight.toTypedArray().reduce((a, v) => a + v * v, 0), 0);
const absSum = (net: Net) => net.layers.filter((l) => l instanceof wl.nn.Dense).reduce((s, l) => s + (l as InstanceType<WL['nn']['Dense']>).weight.toTypedArray().reduce((a, v) => a + Math.abs(v), 0), 0);

function regNet(seed = 1): Net {
  return new wl.nn.Sequential([new wl.nn.Dense(2, 3, { seed, dtype: 'float64' }), new wl.nn.Tanh(), new wl.nn.Dense(3, 1, { seed: seed + 1, dtype: 'float64' })]);
}

describe('wl.nn.Sequential.fit: what it reports (SGD with lr 0 keeps the weights fixed, so every number has a reference)', () => {
  const X = randomRows(10, 2, 21);
  const y = X.map(([a, b]) => a - 2 * b + 0.5);
  const Y = y.map((v) => [v]);

  it('batch losses in order without shuffling, the epoch loss their row-weighted mean, penalties added', async () => {
    const base = wl.memory();
    const net = regNet();
    const ref = jsForward(net, X);
    const want = [[0, 4], [4, 8], [8, 10]].map(([a, b]) => mseOf(ref.slice(a, b), Y.slice(a, b)));
    const sgd0 = new wl.optim.SGD({ lr: 0 });
    const seen: [number, number][] = [];
    const h = await net.fit(X, y, { loss: 'mse', optimizer: sgd0, shuffle: false, batchSize: 4, onBatchEnd: (b, l) => { seen.push([b, l.loss]); } });
    expect(seen.map((s) => s[0])).toEqual([0, 1, 2]);
    seen.forEach(([, l], i) => expect(Math.abs(l - want[i])).toBeLessThan(1e-14));
    expect([h.epochs, h.loss.length, h.stoppedEarly, h.accuracy, h.valLoss, h.valAccuracy]).toEqual([1, 1, false, undefined, undefined, undefined]);
    expect(Math.abs(h.loss[0] - (4 * want[0] + 4 * want[1] + 2 * want[2]) / 10)).toBeLessThan(1e-14);
    // batch numbers keep counting across epochs
    seen.length = 0;
    await net.fit(X, y, { loss: 'mse', optimizer: sgd0, shuffle: false, batchSize: 4, epochs: 2, onBatchEnd: (b) => { seen.push([b, 0]); } });
    expect(seen.map((s) => s[0])).toEqual([0, 1, 2, 3, 4, 5]);
    // penalties over the dense weights (not the biases): l1·Σ|W| and l2·ΣW² (Keras), each on its own
    const full = mseOf(ref, Y);
    for (const [opt, extra] of [[{ l2: 0.1 }, 0.1 * sqSum(net)], [{ l1: 0.05 }, 0.05 * absSum(net)], [{ l1: 0.05, l2: 0.1 }, 0.05 * absSum(net) + 0.1 * sqSum(net)]] as const) {
      const hp = await net.fit(X, y, { loss: 'mse', optimizer: sgd0, batchSize: 10, ...opt });
      expect(Math.abs(hp.loss[0] - (full + extra)), JSON.stringify(opt)).toBeLessThan(1e-13);
    }
    expect(Math.abs(jsForward(net, X)[3][0] - ref[3][0])).toBe(0); // lr 0: nothing moved
    net.dispose();
    sgd0.dispose();
    expect(wl.memory()).toEqual(base);
  });

  it('defaults: one epoch, batches of 32, shuffled (seeded), Adam with lr 1e-3 owned by the network', async () => {
    const X70 = randomRows(70, 2, 5);
    const y70 = X70.map(([a, b]) => a * b);
    const sgd0 = new wl.optim.SGD({ lr: 0 });
    const net = regNet();
    const sizes: number[] = [];
    const h = await net.fit(X70, y70, { loss: 'mse', optimizer: sgd0, onBatchEnd: (b) => { sizes.push(b); } });
    expect(sizes).toEqual([0, 1, 2]); // 32 + 32 + 6
    expect(h.epochs).toBe(1);
    // shuffled: the batch losses differ from the unshuffled ones; the same seed gives the same order
    const losses = async (o: Record<string, unknown>) => {
      const out: number[] = [];
      await net.fit(X70, y70, { loss: 'mse', optimizer: sgd0, batchSize: 7, onBatchEnd: (_, l) => { out.push(l.loss); }, ...o });
      return out;
    };
    const plain = await losses({ shuffle: false });
    const s1 = await losses({ seed: 9 });
    expect(s1).not.toEqual(plain);
    expect(await losses({ seed: 9, shuffle: true })).toEqual(s1);
    expect(await losses({ seed: 10 })).not.toEqual(s1);
    expect([...s1].sort()).not.toEqual([...plain].sort()); // different batches, not only a different order
    net.dispose();
    // the default optimizer is Adam(lr 1e-3); it keeps its state across fits of the same network
    const a = regNet(), b = regNet();
    const adam = new wl.optim.Adam({ lr: 1e-3 });
    for (let i = 0; i < 2; i++) {
      await a.fit(X70, y70, { loss: 'mse', seed: i, batchSize: 16 });
      await b.fit(X70, y70, { loss: 'mse', seed: i, batchSize: 16, optimizer: adam });
    }
    expect(a.parameters().map((p) => Array.from(p.toTypedArray()))).toEqual(b.parameters().map((p) => Array.from(p.toTypedArray())));
    expect(jsForward(a, X70)[0][0]).not.toBe(jsForward(regNet(), X70)[0][0]);
    a.dispose(); b.dispose(); adam.dispose(); sgd0.dispose();
  });

  it('validationSplit holds out the last rows before shuffling (Keras); validationData takes precedence', async () => {
    const net = regNet();
    const sgd0 = new wl.optim.SGD({ lr: 0 });
    const ref = jsForward(net, X);
    const h = await net.fit(X, y, { loss: 'mse', optimizer: sgd0, validationSplit: 0.3, seed: 4 });
    expect(Math.abs(h.valLoss![0] - mseOf(ref.slice(7), Y.slice(7)))).toBeLessThan(1e-14);
    expect(Math.abs(h.loss[0] - mseOf(ref.slice(0, 7), Y.slice(0, 7)))).toBeLessThan(1e-14);
    expect(h.valAccuracy).toBeUndefined();
    // a split of exactly one row either side is allowed; nVal rounds down
    const h2 = await net.fit(X.slice(0, 2), y.slice(0, 2), { loss: 'mse', optimizer: sgd0, validationSplit: 0.5 });
    expect(Math.abs(h2.valLoss![0] - mseOf(ref.slice(1, 2), Y.slice(1, 2)))).toBeLessThan(1e-14);
    const h3 = await net.fit(X, y, { loss: 'mse', optimizer: sgd0, validationSplit: 0.39 }); // 3 of 10
    expect(Math.abs(h3.valLoss![0] - mseOf(ref.slice(7), Y.slice(7)))).toBeLessThan(1e-14);
    const Xv = randomRows(5, 2, 30), yv = Xv.map(([a]) => a);
    const hv = await net.fit(X, y, { loss: 'mse', optimizer: sgd0, validationSplit: 0.3, validationData: [Xv, yv] });
    expect(Math.abs(hv.valLoss![0] - mseOf(jsForward(net, Xv), yv.map((v) => [v])))).toBeLessThan(1e-14);
    expect(Math.abs(hv.loss[0] - mseOf(ref, Y))).toBeLessThan(1e-14); // all 10 rows train
    // validation data in a Matrix of the other dtype, and more rows than one inference chunk
    const Xbig = randomRows(1500, 2, 31), ybig = Xbig.map(([a, b]) => a + b);
    const Mv = wl.matrix(Xbig, { dtype: 'float32' });
    const hb = await net.fit(X, y, { loss: 'mse', optimizer: sgd0, validationData: [Mv, ybig] });
    const Xr = Xbig.map((r) => r.map(Math.fround));
    expect(Math.abs(hb.valLoss![0] - mseOf(jsForward(net, Xr), ybig.map((v) => [v])))).toBeLessThan(1e-12);
    Mv.dispose();
    net.dispose();
    sgd0.dispose();
  });

  it('accuracy: correct labels over rows (softmax CE), correct outputs over cells (multi-label)', async () => {
    const sgd0 = new wl.optim.SGD({ lr: 0 });
    const Xc = randomRows(12, 3, 40);
    const yc = Xc.map((r) => (r[0] > 0 ? 1 : r[1] > 0 ? 2 : 0));
    const net = new wl.nn.Sequential([new wl.nn.Dense(3, 3, { seed: 3, dtype: 'float64' })]);
    const out = jsForward(net, Xc);
    const arg = out.map((r) => r.indexOf(Math.max(...r)));
    const acc = (a: number, b: number) => arg.slice(a, b).reduce((s, p, i) => s + (p === yc[a + i] ? 1 : 0), 0) / (b - a);
    const h = await net.fit(Xc, yc, { loss: 'softmaxCrossEntropy', optimizer: sgd0, validationSplit: 0.25, seed: 1 });
    expect(h.accuracy![0]).toBeCloseTo(acc(0, 9), 14);
    expect(h.valAccuracy![0]).toBeCloseTo(acc(9, 12), 14);
    expect(Array.from(net.predict(Xc) as Float64Array)).toEqual(arg);
    // the cross-entropy value: −mean log softmax[label]
    const ce = (a: number, b: number) => -out.slice(a, b).reduce((s, r, i) => { const m = Math.max(...r); return s + r[yc[a + i]] - m - Math.log(r.reduce((t, v) => t + Math.exp(v - m), 0)); }, 0) / (b - a);
    expect(Math.abs(h.loss[0] - ce(0, 9))).toBeLessThan(1e-13);
    expect(Math.abs(h.valLoss![0] - ce(9, 12))).toBeLessThan(1e-13);
    net.dispose();
    // two independent binary outputs: accuracy counts cells
    const ml = new wl.nn.Sequential([new wl.nn.Dense(3, 2, { seed: 5, dtype: 'float64' })]);
    const T = Xc.map((r) => [r[0] > 0 ? 1 : 0, r[2] > 0 ? 1 : 0]);
    const o2 = jsForward(ml, Xc);
    const hits = o2.reduce((s, r, i) => s + r.reduce((t, v, j) => t + ((v > 0 ? 1 : 0) === T[i][j] ? 1 : 0), 0), 0);
    const hm = await ml.fit(Xc, T, { loss: 'binaryCrossEntropy', optimizer: sgd0, batchSize: 5 });
    expect(hm.accuracy![0]).toBeCloseTo(hits / 24, 14);
    expect(Array.from(ml.classes as number[])).toEqual([0, 1]);
    expect(Array.from(ml.predict(Xc) as Float64Array)).toEqual(o2.flat().map((v) => (v > 0 ? 1 : 0)));
    const pr = ml.predictProba(Xc);
    expect(pr.length).toBe(24);
    o2.flat().forEach((v, i) => expect(Math.abs(pr[i] - 1 / (1 + Math.exp(-v)))).toBeLessThan(1e-14));
    ml.dispose();
    sgd0.dispose();
  });

  it('early stopping: patience 5 by default, minDelta, the validation loss when there is one; callbacks are awaited', async () => {
    const sgd0 = new wl.optim.SGD({ lr: 0 });
    const net = regNet();
    const run = (o: Record<string, unknown>) => net.fit(X, y, { loss: 'mse', optimizer: sgd0, epochs: 50, batchSize: 10, shuffle: false, ...o }); // unshuffled: the same sum each epoch, bit for bit
    // a constant loss improves once (the first epoch), then never
    let h = await run({ earlyStopping: {} });
    expect([h.epochs, h.stoppedEarly, h.loss.length]).toEqual([7, true, 7]);
    h = await run({ earlyStopping: { patience: 0 } });
    expect([h.epochs, h.stoppedEarly]).toEqual([2, true]);
    h = await run({ earlyStopping: { patience: 2 }, validationSplit: 0.2 });
    expect([h.epochs, h.valLoss!.length]).toEqual([4, 4]);
    h = await run({ epochs: 12 });
    expect([h.epochs, h.stoppedEarly]).toEqual([12, false]);
    // a loss that keeps falling: never stops, unless the fall is smaller than minDelta
    const sgd = new wl.optim.SGD({ lr: 0.05 });
    h = await net.fit(X, y, { loss: 'mse', optimizer: sgd, epochs: 10, batchSize: 10, earlyStopping: { patience: 1 } });
    expect(h.loss.every((v, i) => i === 0 || v < h.loss[i - 1])).toBe(true);
    expect([h.epochs, h.stoppedEarly]).toEqual([10, false]);
    h = await net.fit(X, y, { loss: 'mse', optimizer: sgd, epochs: 10, batchSize: 10, earlyStopping: { patience: 1, minDelta: 1e3 } });
    expect([h.epochs, h.stoppedEarly]).toEqual([3, true]);
    // async callbacks are awaited before training goes on; logs carry the epoch's numbers
    const events: string[] = [];
    const logs: unknown[] = [];
    h = await net.fit(X, y, {
      loss: 'mse', optimizer: sgd0, epochs: 2, batchSize: 5, validationSplit: 0.2,
      onBatchEnd: async (b) => { await new Promise((r) => setTimeout(r, 2)); events.push(`b${b}`); },
      onEpochEnd: async (e, l) => { await new Promise((r) => setTimeout(r, 2)); events.push(`e${e}`); logs.push(l); },
    });
    expect(events).toEqual(['b0', 'b1', 'e0', 'b2', 'b3', 'e1']);
    expect(logs).toEqual([{ loss: h.loss[0], valLoss: h.valLoss![0] }, { loss: h.loss[1], valLoss: h.valLoss![1] }]);
    net.dispose();
    sgd0.dispose();
    sgd.dispose();
  });

  it('a signal without a reason rejects with an AbortError; a fake signal that is not aborted trains', async () => {
    const net = regNet();
    const rejected = await net.fit(X, y, { loss: 'mse', signal: { aborted: true } as never }).then(() => null, (e: unknown) => e as Error);
    expect(rejected).toBeInstanceOf(Error);
    expect([rejected!.name, rejected!.message]).toEqual(['AbortError', 'fit was aborted']);
    const reason = new RangeError('mine');
    const ctrl = new AbortController();
    ctrl.abort(reason);
    await expect(net.fit(X, y, { loss: 'mse', signal: ctrl.signal })).rejects.toBe(reason);
    const h = await net.fit(X, y, { loss: 'mse', signal: { aborted: false } as never });
    expect(h.epochs).toBe(1);
    net.dispose();
  });
});

describe('wl.nn.Sequential inference against a plain-TypeScript forward pass', () => {
  it('regression: every input form, in chunks of 1 024 rows, n values or n×out row-major', async () => {
    const sgd0 = new wl.optim.SGD({ lr: 0 });
    const net = new wl.nn.Sequential([new wl.nn.Dense(3, 4, { seed: 1, dtype: 'float64' }), new wl.nn.LeakyReLU({ alpha: 0.2 }), new wl.nn.Dense(4, 2, { seed: 2, dtype: 'float64' })]);
    const X = randomRows(2100, 3, 50);
    await net.fit(X.slice(0, 4), X.slice(0, 4).map((r) => [r[0], r[1]]), { loss: 'mse', optimizer: sgd0 });
    const want = jsForward(net, X).flat();
    const close = (got: ArrayLike<number>, what: string) => {
      expect(got.length, what).toBe(want.length);
      let e = 0;
      for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i] - want[i]));
      expect(e, what).toBeLessThan(1e-13);
    };
    const M64 = wl.matrix(X);
    close(net.predict(X) as Float64Array, 'number[][]');
    close(net.predict(X.map((r) => Float64Array.from(r))) as Float64Array, 'Float64Array rows');
    close(net.predict(M64) as Float64Array, 'float64 Matrix');
    close(net.predict({ data: X.flat(), rows: 2100, cols: 3 }) as Float64Array, '{ data, rows, cols }');
    const out = new Float64Array(4200);
    expect(net.predict(X, { out })).toBe(out);
    close(out, 'out');
    const Y = net.forward(X);
    expect([Y.rows, Y.cols]).toEqual([2100, 2]);
    close(Y.toTypedArray(), 'forward');
    Y.dispose();
    // one row of a typed array mixed with number rows
    expect(Array.from(net.predict([Float32Array.from([0.5, -0.25, 1]), [0.5, -0.25, 1]]) as Float64Array).slice(0, 2)).toEqual(Array.from(net.predict([[0.5, -0.25, 1]]) as Float64Array));
    // inputs a float64 network cannot take
    const Z4 = wl.zeros(2, 4), Z1 = wl.zeros(2, 1);
    const base = wl.memory();
    throwsNamed(() => net.predict([[1, 2, 3], [1, 2]]), S, "X: expected 3 features per sample (the network's input), got 2 in row 1");
    throwsNamed(() => net.predict([[1, 2, 3], 5 as never]), S, "X: expected 3 features per sample (the network's input), got 5 in row 1");
    throwsNamed(() => net.predict([[1, 2, 3], [1, NaN, 3]]), V, 'X[1][1]: expected a finite number, got NaN');
    throwsNamed(() => net.predict([[1, 2, 3], [1, 2, -Infinity]]), V, 'X[1][2]: expected a finite number, got -Infinity');
    throwsNamed(() => net.predict([[1, 2, 3], Float64Array.of(1, 2, Infinity)]), V, 'X: expected finite values, found NaN or ±Infinity in rows 0..1');
    throwsNamed(() => net.predict(Z4), S, "X: expected 3 features per sample (the network's input), got 4");
    throwsNamed(() => net.predict(Z1), S, "X: expected 3 features per sample (the network's input), got 1");
    expect(wl.memory()).toEqual(base);
    Z4.dispose(); Z1.dispose();
    M64.dispose();
    net.dispose();
    sgd0.dispose();
  });

  it('a float32 network reads float32 matrices in place and converts others', async () => {
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 3, { seed: 1 }), new wl.nn.Tanh(), new wl.nn.Dense(3, 1, { seed: 2 })]);
    await net.fit([[0, 1], [1, 0]], [1, 0], { loss: 'mse', optimizer: new wl.optim.SGD({ lr: 0 }) });
    const X = randomRows(1100, 2, 60).map((r) => r.map(Math.fround));
    const want = jsForward(net, X).flat();
    const M32 = wl.matrix(X, { dtype: 'float32' }), M64 = wl.matrix(X);
    for (const [what, input] of [['float32 Matrix', M32], ['float64 Matrix', M64], ['number[][]', X], ['Float32Array rows', X.map((r) => Float32Array.from(r))]] as const) {
      const got = net.predict(input as never) as Float64Array;
      expect(got.length, what).toBe(1100);
      let e = 0;
      for (let i = 0; i < 1100; i++) e = Math.max(e, Math.abs(got[i] - want[i]));
      expect(e, what).toBeLessThan(1e-5);
    }
    throwsNamed(() => net.predict(wl.zeros(1, 3, 'float32')), S, "X: expected 2 features per sample (the network's input), got 3");
    M32.dispose(); M64.dispose(); net.dispose();
  });

  it('classifiers: argmax labels, logits > 0 for one output, [1 − p, p] probabilities, string classes, out', async () => {
    const sgd0 = new wl.optim.SGD({ lr: 0 });
    const X = randomRows(40, 2, 70);
    // three string classes, softmax cross-entropy, a final Softmax layer
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 3, { seed: 4, dtype: 'float64' }), new wl.nn.Softmax()]);
    const names = ['a', 'b', 'c'];
    await net.fit(X, X.map((_, i) => names[i % 3]), { loss: 'softmaxCrossEntropy', optimizer: sgd0 });
    const Q = jsForward(net, X);
    const arg = Q.map((r) => names[r.indexOf(Math.max(...r))]);
    expect(net.predict(X)).toEqual(arg);
    expect(net.predict(X, { out: new Float64Array(40) })).toEqual(arg); // string labels cannot go into out
    const proba = net.predictProba(X);
    expect(proba).toBeInstanceOf(Float64Array);
    Q.flat().forEach((v, i) => expect(Math.abs(proba[i] - v)).toBeLessThan(1e-14));
    net.dispose();
    // one output with binary cross-entropy; a final Sigmoid is folded into the loss
    for (const withSigmoid of [false, true]) {
      const layers = [new wl.nn.Dense(2, 1, { seed: 6, dtype: 'float64' }), ...(withSigmoid ? [new wl.nn.Sigmoid()] : [])];
      const b = new wl.nn.Sequential(layers);
      await b.fit(X, X.map((r) => (r[0] > 0 ? 7 : 3)), { loss: 'binaryCrossEntropy', optimizer: sgd0 });
      const z = jsForward(b, X, 1).map((r) => r[0]);
      expect(Array.from(b.predict(X) as Float64Array)).toEqual(z.map((v) => (v > 0 ? 7 : 3)));
      const out = new Float64Array(40);
      expect(b.predict(X, { out })).toBe(out);
      expect(Array.from(out)).toEqual(z.map((v) => (v > 0 ? 7 : 3)));
      const pp = b.predictProba(X);
      expect(pp.length).toBe(80);
      z.forEach((v, i) => {
        const p = 1 / (1 + Math.exp(-v));
        expect(Math.abs(pp[2 * i + 1] - p)).toBeLessThan(1e-14);
        expect(Math.abs(pp[2 * i] - (1 - p))).toBeLessThan(1e-14);
      });
      const into = new Float64Array(80);
      expect(b.predictProba(X, { out: into })).toBe(into);
      throwsNamed(() => b.predictProba(X, { out: new Float64Array(40) }), S, 'out: expected length 80, got 40');
      throwsNamed(() => b.predictProba(X, { into } as never), P, 'Sequential.predictProba: unknown option "into"; expected one of out');
      b.dispose();
    }
    // hinge with ±1 labels and with 0/1 labels
    for (const labels of [[-1, 1], [0, 1]]) {
      const h = new wl.nn.Sequential([new wl.nn.Dense(2, 1, { seed: 8, dtype: 'float64' })]);
      await h.fit(X, X.map((r) => (r[1] > 0 ? labels[1] : labels[0])), { loss: 'hinge', optimizer: sgd0 });
      const z = jsForward(h, X).map((r) => r[0]);
      expect(Array.from(h.predict(X) as Float64Array)).toEqual(z.map((v) => (v > 0 ? labels[1] : labels[0])));
      expect(Array.from(h.classes as number[])).toEqual(labels);
      h.dispose();
    }
    sgd0.dispose();
  });
});

describe('wl.nn.Sequential model files', () => {
  it('toJSON writes every layer\'s options and the task; load restores them', async () => {
    const net = new wl.nn.Sequential([
      new wl.nn.Dense(2, 3, { seed: 1, init: 'he' }), new wl.nn.BatchNorm1d(3, { momentum: 0.3, eps: 1e-3 }), new wl.nn.LeakyReLU({ alpha: 0.3 }),
      new wl.nn.Dropout(0.25), new wl.nn.ELU({ alpha: 0.5 }), new wl.nn.Dense(3, 1, { seed: 2 }),
    ]);
    const before = net.toJSON() as any;
    expect([before.kind, before.params.dtype, before.state.task]).toEqual(['Sequential', 'float32', null]);
    expect(before.params.layers).toEqual([
      { type: 'Dense', inFeatures: 2, outFeatures: 3, init: 'he' },
      { type: 'BatchNorm1d', numFeatures: 3, momentum: 0.3, eps: 1e-3 },
      { type: 'LeakyReLU', alpha: 0.3 },
      { type: 'Dropout', p: 0.25 },
      { type: 'ELU', alpha: 0.5 },
      { type: 'Dense', inFeatures: 3, outFeatures: 1, init: 'glorot' },
    ]);
    // Dense: weight and bias; BatchNorm1d: gamma, beta, running mean and variance; the others nothing
    expect(before.state.weights.map((w: { shape: number[] }[]) => w.map((a) => a.shape))).toEqual([[[2, 3], [1, 3]], [[1, 3], [1, 3], [1, 3], [1, 3]], [], [], [], [[3, 1], [1, 1]]]);
    const X = randomRows(8, 2, 80);
    await net.fit(X, X.map((r) => r[0]), { loss: 'huber', delta: 0.25, epochs: 2, batchSize: 4, seed: 1 });
    const file = net.toJSON() as any;
    expect(file.state.task).toEqual({ loss: 'huber', delta: 0.25, vector: true, classes: null });
    const copy = wl.load(file) as Net;
    const again = copy.toJSON() as any;
    expect(again.params).toEqual(file.params);
    expect(again.state).toEqual(file.state); // running statistics included
    const bn = copy.layers[1] as InstanceType<WL['nn']['BatchNorm1d']>;
    expect([bn.momentum, bn.eps]).toEqual([0.3, 1e-3]);
    expect(Array.from(bn.runningVar.toTypedArray())).not.toEqual([1, 1, 1]);
    expect((copy.layers[3] as InstanceType<WL['nn']['Dropout']>).p).toBe(0.25);
    expect(Array.from(copy.predict(X) as Float64Array)).toEqual(Array.from(net.predict(X) as Float64Array));
    copy.dispose();
    // a multi-target regression and a classification
    const m = new wl.nn.Sequential([new wl.nn.Dense(2, 2, { seed: 3 })]);
    await m.fit(X, X.map((r) => [r[0], r[1]]), { loss: 'mse' });
    expect((m.toJSON() as any).state.task).toEqual({ loss: 'mse', delta: 1, vector: false, classes: null });
    await m.fit(X, X.map((r) => (r[0] > 0 ? 'p' : 'n')), { loss: 'softmaxCrossEntropy' });
    const cf = m.toJSON() as any;
    expect(cf.state.task).toEqual({ loss: 'softmaxCrossEntropy', delta: 1, vector: false, classes: ['n', 'p'] });
    const mc = wl.load(JSON.stringify(cf)) as Net;
    expect(mc.classes).toEqual(['n', 'p']);
    expect(mc.predict(X)).toEqual(m.predict(X));
    mc.dispose(); m.dispose(); net.dispose();
  });

  it('wl.load names the field of every malformed layer and task', async () => {
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 3, { seed: 1 }), new wl.nn.ELU(), new wl.nn.Dense(3, 2, { seed: 2 })]);
    await net.fit([[0, 1], [1, 0]], [0, 1], { loss: 'softmaxCrossEntropy' });
    const good = JSON.stringify(net.toJSON());
    net.dispose();
    const base = wl.memory();
    const edit = (f: (m: any) => void) => JSON.stringify(editedModel(good, f));
    const E = wl.ModelFormatError;
    const L = 'model.params.layers';
    const dense = (extra: Record<string, unknown>) => edit((m) => Object.assign(m.params.layers[0], extra));
    const cases: [string, string][] = [
      [edit((m) => (m.params.layers = [])), `${L}: expected an array of 1 to 1024 layers, got an array of length 0`],
      [edit((m) => (m.params.layers = Array(1025).fill({ type: 'ReLU' }))), `${L}: expected an array of 1 to 1024 layers, got an array of length 1025`],
      [edit((m) => (m.params.extra = 1)), 'model.params: unknown key "extra"; expected dtype, layers'],
      [edit((m) => (m.params.layers = [{ type: 'ReLU' }, { type: 'Tanh' }])), `${L}: no Dense or BatchNorm1d layer`],
      [edit((m) => (m.params.layers[1] = 5)), `${L}[1]: expected an object, got 5`],
      [edit((m) => (m.params.layers[1].type = 'Swish')), `${L}[1].type: expected one of 'Dense', 'ReLU', 'LeakyReLU', 'ELU', 'Sigmoid', 'Tanh', 'Softplus', 'GELU', 'Softmax', 'Dropout', 'BatchNorm1d', got "Swish"`],
      [dense({ inFeatures: 0 }), `${L}[0].inFeatures: expected an integer in [1, 1048576], got 0`],
      [dense({ outFeatures: 2.5 }), `${L}[0].outFeatures: expected an integer in [1, 1048576], got 2.5`],
      [dense({ init: 'xavier' }), `${L}[0].init: expected one of 'glorot', 'he', got "xavier"`],
      [dense({ bias: true }), `${L}[0]: unknown key "bias"; expected type, inFeatures, outFeatures, init`],
      [edit((m) => (m.params.layers[2].inFeatures = 4)), `${L}[2]: expects 4 input features, the previous layer gives 3`],
      [edit((m) => (m.params.layers[1].alpha = 0)), `${L}[1].alpha: expected a finite number in [5e-324, Infinity], got 0`],
      [edit((m) => (m.params.layers[1].beta = 0)), `${L}[1]: unknown key "beta"; expected type, alpha`],
      [edit((m) => (m.params.layers[1] = { type: 'LeakyReLU', alpha: 'x' })), `${L}[1].alpha: expected a finite number, got "x"`],
      [edit((m) => (m.params.layers[1] = { type: 'Dropout', p: 1 })), `${L}[1].p: expected a probability in [0, 1), got 1`],
      [edit((m) => (m.params.layers[1] = { type: 'Dropout', p: 1.5 })), `${L}[1].p: expected a finite number in [0, 1], got 1.5`],
      [edit((m) => (m.params.layers[1] = { type: 'Dropout', p: -0.5 })), `${L}[1].p: expected a finite number in [0, 1], got -0.5`],
      [edit((m) => (m.params.layers[1] = { type: 'Dropout', p: 0.5, q: 1 })), `${L}[1]: unknown key "q"; expected type, p`],
      [edit((m) => (m.params.layers[1] = { type: 'Tanh', alpha: 1 })), `${L}[1]: unknown key "alpha"; expected type`],
      [edit((m) => (m.params.layers[1] = { type: 'BatchNorm1d', numFeatures: 3, momentum: 2, eps: 1e-5 })), `${L}[1].momentum: expected a finite number in [0, 1], got 2`],
      [edit((m) => (m.params.layers[1] = { type: 'BatchNorm1d', numFeatures: 3, momentum: -1, eps: 1e-5 })), `${L}[1].momentum: expected a finite number in [0, 1], got -1`],
      [edit((m) => (m.params.layers[1] = { type: 'BatchNorm1d', numFeatures: 3, momentum: 0.1, eps: 0 })), `${L}[1].eps: expected a finite number in [5e-324, Infinity], got 0`],
      [edit((m) => (m.params.layers[1] = { type: 'BatchNorm1d', numFeatures: 0, momentum: 0.1, eps: 1e-5 })), `${L}[1].numFeatures: expected an integer in [1, 1048576], got 0`],
      [edit((m) => (m.params.layers[1] = { type: 'BatchNorm1d', numFeatures: 3, momentum: 0.1, eps: 1e-5, affine: 1 })), `${L}[1]: unknown key "affine"; expected type, numFeatures, momentum, eps`],
      [edit((m) => (m.params.layers[1] = { type: 'BatchNorm1d', numFeatures: 4, momentum: 0.1, eps: 1e-5 })), `${L}[1]: expects 4 input features, the previous layer gives 3`],
      [edit((m) => { m.params.layers[0].outFeatures = 8192; m.params.layers[2].inFeatures = 8192; m.params.layers[2].outFeatures = 16384; }), `${L}: 134258688 parameters in all, more than 134217728`],
      [edit((m) => (m.state.weights = {})), 'model.state.weights: expected 3 entries (one per layer), got an object (Object)'],
      [edit((m) => (m.state.weights[1] = [{}])), 'model.state.weights[1]: expected 0 arrays for ELU, got an array of length 1'],
      [edit((m) => (m.state.weights[0] = 'w')), 'model.state.weights[0]: expected 2 arrays for Dense, got "w"'],
      [edit((m) => (m.state.extra = 1)), 'model.state: unknown key "extra"; expected weights, task'],
      [edit((m) => (m.state.task.delta = 0)), 'model.state.task.delta: expected a finite number in [5e-324, Infinity], got 0'],
      [edit((m) => (m.state.task.vector = 'no')), 'model.state.task.vector: expected true or false, got "no"'],
      [edit((m) => (m.state.task.extra = 1)), 'model.state.task: unknown key "extra"; expected loss, delta, vector, classes'],
      [edit((m) => (m.state.task.classes = [])), 'model.state.task.classes: expected at least 1 classes, got 0'],
      [edit((m) => (m.state.task.classes = ['a', 'b', 'c'])), 'model.state.task.classes: 3 classes for 2 outputs'],
      [edit((m) => (m.state.task = { loss: 'mse', delta: 1, vector: false, classes: ['a', 'b'] })), "model.state.task.classes: expected null for the regression loss 'mse'"],
      [edit((m) => (m.params.dtype = 'int8')), "model.params.dtype: expected one of 'float32', 'float64', got \"int8\""],
    ];
    for (const [file, start] of cases) {
      throwsNamed(() => wl.load(file), E, start);
      expect(wl.memory(), start).toEqual(base);
    }
    // the state's shapes refer to the running width (-1 for width-keeping layers)
    const shaped = edit((m) => (m.state.weights[0][1].shape = [1, 2]));
    throwsNamed(() => wl.load(shaped), E, 'model.state.weights[0][1].shape: expected [1, 3], got [1, 2]');
    // missing task, and a task with a binary loss keeps its classes
    const noTask = wl.load(edit((m) => delete m.state.task)) as Net;
    throwsNamed(() => noTask.predict([[0, 1]]), wl.NotFittedError, 'Sequential.predict');
    noTask.dispose();
    const bin = wl.load(edit((m) => (m.state.task = { loss: 'binaryCrossEntropy', delta: 1, vector: false, classes: ['x', 'y'] }))) as Net;
    expect(bin.classes).toEqual(['x', 'y']);
    expect(bin.predictProba([[0, 1]]).length).toBe(2); // two outputs: one sigmoid per output
    bin.dispose();
    expect(wl.memory()).toEqual(base);
  });
});

describe('wl.nn layers in training mode (Sequential.forward with training: true)', () => {
  it('Dropout zeroes about p of the inputs and scales the rest by 1/(1 − p); identity at inference and for p = 0', () => {
    const base = wl.memory();
    const ones = Array.from({ length: 50 }, () => Array(40).fill(1));
    const net = new wl.nn.Sequential([new wl.nn.Dense(40, 40, { seed: 1, dtype: 'float64' }), new wl.nn.Dropout(0.25)]);
    const d = net.layers[0] as InstanceType<WL['nn']['Dense']>;
    d.weight.data.fill(0);
    for (let i = 0; i < 40; i++) d.weight.data[i * 40 + i] = 1; // the identity: the network is the dropout layer
    const Y = net.forward(ones, { training: true, seed: 3 });
    const y = Array.from(Y.toTypedArray());
    const zeros = y.filter((v) => v === 0).length;
    expect(y.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-15)).toBe(true);
    expect(Math.abs(zeros / 2000 - 0.25)).toBeLessThan(0.04); // 2 000 draws: σ ≈ 0.01
    // the mask is what backward multiplies by
    const dY = wl.matrix(ones);
    const dX = net.backward(dY);
    expect(Array.from(dX.toTypedArray())).toEqual(y);
    const Yi = net.forward(ones);
    expect(Array.from(Yi.toTypedArray()).every((v) => v === 1)).toBe(true);
    const dXi = net.backward(dY); // inactive dropout passes the gradient through
    expect(Array.from(dXi.toTypedArray()).every((v) => v === 1)).toBe(true);
    throwsNamed(() => net.forward(ones, { training: true }), P, 'Dropout: training needs a random stream (use net.fit, or forward with { training: true, seed })');
    for (const m of [Y, dY, dX, Yi, dXi]) m.dispose();
    net.dispose();
    const p0 = new wl.nn.Sequential([new wl.nn.Dense(2, 2, { seed: 1, dtype: 'float64' }), new wl.nn.Dropout(0)]);
    const a = p0.forward([[1, 2]], { training: true }), b = p0.forward([[1, 2]]);
    expect(a.toArray()).toEqual(b.toArray());
    a.dispose(); b.dispose(); p0.dispose();
    expect(wl.memory()).toEqual(base);
  });

  it('BatchNorm1d normalizes with the batch statistics in training and updates the running ones (PyTorch)', () => {
    const net = new wl.nn.Sequential([new wl.nn.BatchNorm1d(2, { dtype: 'float64', momentum: 0.2, eps: 1e-3 })]);
    const bn = net.layers[0] as InstanceType<WL['nn']['BatchNorm1d']>;
    bn.gamma.data.set([2, 0.5]);
    bn.beta.data.set([1, -1]);
    const X = [[1, 10], [2, 20], [4, 40], [9, 30]];
    const col = (j: number) => X.map((r) => r[j]);
    const mean = [0, 1].map((j) => col(j).reduce((s, v) => s + v, 0) / 4);
    const varB = [0, 1].map((j) => col(j).reduce((s, v) => s + (v - mean[j]) ** 2, 0) / 4);
    const Y = net.forward(X, { training: true });
    Y.toArray().forEach((r, i) => r.forEach((v, j) => {
      const want = [2, 0.5][j] * (X[i][j] - mean[j]) / Math.sqrt(varB[j] + 1e-3) + [1, -1][j];
      expect(Math.abs(v - want)).toBeLessThan(1e-12);
    }));
    // running statistics: (1 − momentum)·old + momentum·batch, the variance unbiased
    [0, 1].forEach((j) => {
      expect(Math.abs(bn.runningMean.data[j] - 0.2 * mean[j])).toBeLessThan(1e-12);
      expect(Math.abs(bn.runningVar.data[j] - (0.8 + 0.2 * varB[j] * 4 / 3))).toBeLessThan(1e-12);
    });
    // inference uses the running statistics
    const E = net.forward([[3, 5]]);
    E.toArray()[0].forEach((v, j) => {
      const want = [2, 0.5][j] * ([3, 5][j] - bn.runningMean.data[j]) / Math.sqrt(bn.runningVar.data[j] + 1e-3) + [1, -1][j];
      expect(Math.abs(v - want)).toBeLessThan(1e-12);
    });
    // backward needs the batch statistics of a training pass
    const dY = wl.ones(1, 2);
    throwsNamed(() => net.backward(dY), P, 'BatchNorm1d: backward needs a forward pass in training mode (the batch statistics)');
    for (const m of [Y, E, dY]) m.dispose();
    net.dispose();
  });
});

describe('wl.nn.functional: every shortcut is its loss or activation, labels in a Matrix, the bias as a column', () => {
  it('activations, softmax backward passes and losses against plain-TypeScript references', () => {
    wl.scope(() => {
      const x = [-2, -0.5, 0, 0.3, 1.7, 4];
      const X = wl.matrix([x]);
      const refs: [string, (M: M) => M, (v: number) => number][] = [
        ['elu', (M) => F.elu(M, { alpha: 0.5 }), (v) => (v > 0 ? v : 0.5 * Math.expm1(v))],
        ['sigmoid', F.sigmoid, (v) => 1 / (1 + Math.exp(-v))],
        ['gelu', F.gelu, (v) => 0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v ** 3)))],
        ['softplus', F.softplus, (v) => Math.log1p(Math.exp(v))],
        ['tanh', F.tanh, Math.tanh],
        ['relu', F.relu, (v) => Math.max(v, 0)],
        ['leakyRelu', F.leakyRelu, (v) => (v > 0 ? v : 0.01 * v)],
      ];
      for (const [name, f, ref] of refs) {
        const got = f(X).toTypedArray();
        x.forEach((v, i) => expect(Math.abs(got[i] - ref(v)), `${name}(${v})`).toBeLessThan(1e-15));
      }
      // leakyRelu's default slope and elu's default scale also hold in the backward pass
      const ones = wl.ones(1, 6);
      const dl = F.activationBackward('leakyRelu', X, F.leakyRelu(X), ones).toTypedArray();
      expect(Array.from(dl)).toEqual(x.map((v) => (v > 0 ? 1 : 0.01)));
      const de = F.activationBackward('elu', X, F.elu(X), ones).toTypedArray();
      x.forEach((v, i) => expect(Math.abs(de[i] - (v > 0 ? 1 : Math.exp(v)))).toBeLessThan(1e-15));
      // softmax backward: dX = Y ⊙ (dY − Σ dY ⊙ Y); log-softmax: dX = dY − e^Y Σ dY
      const Y = F.softmax(X), L = F.logSoftmax(X);
      const g = [1, -2, 0.5, 3, 0, -1];
      const G = wl.matrix([g]);
      const y = Y.toTypedArray(), l = L.toTypedArray();
      const dot = g.reduce((s, v, i) => s + v * y[i], 0), sum = g.reduce((s, v) => s + v, 0);
      const ds = F.softmaxBackward(Y, G).toTypedArray(), dls = F.logSoftmaxBackward(L, G).toTypedArray();
      g.forEach((v, i) => {
        expect(Math.abs(ds[i] - y[i] * (v - dot))).toBeLessThan(1e-15);
        expect(Math.abs(dls[i] - (v - Math.exp(l[i]) * sum))).toBeLessThan(1e-14);
      });
      // losses: mean over all elements
      const P = wl.matrix([[0.5, -1, 2], [0, 3, -0.25]]);
      const p = [0.5, -1, 2, 0, 3, -0.25];
      const T = wl.matrix([[1, -1, 1], [-1, 1, 1]]);
      const t = [1, -1, 1, -1, 1, 1];
      const B01 = wl.matrix([[1, 0, 1], [0, 1, 1]]);
      const b = [1, 0, 1, 0, 1, 1];
      const mean = (f: (i: number) => number) => p.reduce((s, _, i) => s + f(i), 0) / 6;
      expect(F.mae(P, T).value).toBeCloseTo(mean((i) => Math.abs(p[i] - t[i])), 15);
      expect(F.hinge(P, T).value).toBeCloseTo(mean((i) => Math.max(0, 1 - p[i] * t[i])), 15);
      expect(F.binaryCrossEntropy(P, B01).value).toBeCloseTo(mean((i) => Math.log1p(Math.exp(p[i])) - b[i] * p[i]), 14);
      expect(F.mse(P, T).value).toBeCloseTo(mean((i) => (p[i] - t[i]) ** 2), 15);
      expect(F.huber(P, T).value).toBeCloseTo(mean((i) => { const d = Math.abs(p[i] - t[i]); return d <= 1 ? 0.5 * d * d : d - 0.5; }), 15); // δ = 1 by default
      const vo = F.mae(P, T, { grad: false });
      expect(vo).toEqual({ value: F.mae(P, T).value });
      const into = wl.zeros(2, 3);
      expect(F.mse(P, T, { grad: into }).grad).toBe(into);
      into.toTypedArray().forEach((v, i) => expect(v).toBeCloseTo((2 * (p[i] - t[i])) / 6, 15));
    });
  });

  it('softmax cross-entropy takes labels as a row or column Matrix, an Int32Array or number[]', () => {
    wl.scope(() => {
      const Z = wl.matrix([[1, 2, 0], [0.5, -1, 3]]);
      const want = F.softmaxCrossEntropy(Z, [1, 2]);
      for (const labels of [wl.matrix([[1, 2]]), wl.matrix([[1], [2]]), Int32Array.of(1, 2), Float64Array.of(1, 2)]) {
        const r = F.softmaxCrossEntropy(Z, labels as never);
        expect(r.value).toBe(want.value);
        expect(r.grad!.toArray()).toEqual(want.grad!.toArray());
      }
      // one sample: a 1×1 label Matrix
      expect(F.softmaxCrossEntropy(wl.matrix([[1, 2, 0]]), wl.matrix([[2]])).value).toBeCloseTo(2 + Math.log(Math.exp(-1) + 1 + Math.exp(-2)), 14);
      expect(F.softmaxCrossEntropy(Z, [0, 1], { grad: false }).grad).toBeUndefined();
    });
  });

  it('dense: the bias as a 1×out row or an out×1 column gives the same Y = X·W + b', () => {
    wl.scope(() => {
      const X = wl.matrix([[1, 2], [3, 4], [-1, 0.5]]), W = wl.matrix([[1, -1, 2], [0.5, 0, 1]]);
      const row = F.dense(X, W, wl.matrix([[0.1, 0.2, 0.3]])), col = F.dense(X, W, wl.matrix([[0.1], [0.2], [0.3]]));
      expect(col.toArray()).toEqual(row.toArray());
      expect(row.toArray()[1]).toEqual([3 + 2 + 0.1, -3 + 0.2, 6 + 4 + 0.3]);
      const { dX, dW, db } = F.denseBackward(X, W, wl.ones(3, 3));
      expect(db.toArray()).toEqual([[3, 3, 3]]);
      expect(dX.toArray()[0]).toEqual([2, 1.5]);
      expect(dW.toArray()).toEqual([[3, 3, 3], [6.5, 6.5, 6.5]]);
    });
  });
});

describe('wl.autograd: the root, accumulation order, constant operands', () => {
  const vg = wl.autograd.valueAndGrad;

  it('the returned number is the root: earlier and later records do not add to the gradient', () => {
    const A = wl.matrix([[0.5, -1, 2]]);
    const base = wl.memory();
    const exps = Array.from(A.toTypedArray(), Math.exp);
    // an unused sum recorded before the returned one
    let r = vg((a: M) => { wl.sum(wl.square(a)); return wl.sum(wl.exp(a)); })(A);
    r.grads[0].toTypedArray().forEach((v, i) => expect(v).toBeCloseTo(exps[i], 14));
    r.grads[0].dispose();
    // an unused sum recorded after it
    r = vg((a: M) => { const s = wl.sum(wl.exp(a)); wl.sum(wl.square(a)); return s; })(A);
    expect(r.value).toBeCloseTo(exps.reduce((x, y) => x + y, 0), 14);
    r.grads[0].toTypedArray().forEach((v, i) => expect(v).toBeCloseTo(exps[i], 14));
    r.grads[0].dispose();
    // a 1×1 Matrix made by the first (and only) record; and a parameter returned as it is
    r = vg((a: M) => wl.sum(a, { axis: 1 }) as M)(A);
    expect([r.value, Array.from(r.grads[0].toTypedArray())]).toEqual([1.5, [1, 1, 1]]);
    r.grads[0].dispose();
    const one = wl.matrix([[3]]);
    r = vg((a: M) => a)(one);
    expect([r.value, r.grads[0].get(0, 0)]).toEqual([3, 1]);
    r.grads[0].dispose();
    // a 1×1 Matrix result recorded before other ops
    r = vg((a: M) => { const s = wl.sum(wl.exp(a), { axis: 1 }) as M; wl.square(a); return s; })(A);
    r.grads[0].toTypedArray().forEach((v, i) => expect(v).toBeCloseTo(exps[i], 14));
    r.grads[0].dispose();
    // a constant 1×1 result: zero gradients
    r = vg((_a: M) => wl.matrix([[4]]))(A);
    expect([r.value, Array.from(r.grads[0].toTypedArray())]).toEqual([4, [0, 0, 0]]);
    r.grads[0].dispose();
    one.dispose();
    expect(wl.memory()).toEqual(base);
    // grad() returns the gradients only
    const g = wl.autograd.grad((a: M) => wl.sum(wl.square(a)))(A);
    expect(Array.from(g[0].toTypedArray())).toEqual([1, -2, 4]);
    g[0].dispose();
    A.dispose();
  });

  it('a parameter used again after a matmul, dense or transpose accumulates both contributions', async () => {
    const { checkGrads } = await import('../autograd/helpers');
    const r = rng(7);
    const mk = (m: number, n: number) => wl.matrix(Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * r() - 1)));
    const A = mk(3, 3), B = mk(3, 3), W = mk(3, 2), b = mk(1, 2), bc = mk(2, 1), R = mk(3, 2);
    const scalar = (...ms: M[]) => ms.map((m) => wl.mean(wl.mean(m, { axis: 0 }), { axis: 1 }) as M).reduce((x, y) => wl.add(x, y));
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const mm = (a: M, c: M) => wl.linalg.matmul(a, c, { transA: tA, transB: tB });
      checkGrads(wl, (a: M, c: M) => scalar(wl.mul(mm(a, c), wl.exp(a)), wl.square(c)), [A, B], 1e-6, `matmul ${tA} ${tB}`);
      checkGrads(wl, (a: M) => scalar(mm(a, a), wl.square(a)), [A], 1e-6, `matmul(a, a) ${tA} ${tB}`);
    }
    checkGrads(wl, (x: M, w: M, bb: M) => scalar(wl.mul(F.dense(x, w, bb), R), wl.square(x), wl.square(w), wl.square(bb)), [A, W, b], 1e-6, 'dense row bias');
    checkGrads(wl, (x: M, w: M, bb: M) => scalar(wl.mul(F.dense(x, w, bb), R), wl.square(bb)), [A, W, bc], 1e-6, 'dense column bias');
    checkGrads(wl, (a: M) => scalar(wl.mul(wl.transpose(a), B), wl.square(a)), [A], 1e-6, 'transpose');
    checkGrads(wl, (a: M) => scalar(F.tanh(a), wl.square(a)), [A], 1e-6, 'activation');
    checkGrads(wl, (a: M) => scalar(wl.mul(F.softmax(a), B), wl.square(a)), [A], 1e-6, 'softmax');
    checkGrads(wl, (a: M) => scalar(wl.mul(F.logSoftmax(a), B), wl.exp(a)), [A], 1e-6, 'logSoftmax');
    // constants given as number[][] on either side of a matmul
    const K = [[1, 2], [0.5, -1], [3, 0]];
    checkGrads(wl, (a: M) => wl.sum(wl.square(wl.linalg.matmul(a, K))), [A], 1e-6, 'matmul(A, number[][])');
    checkGrads(wl, (w: M) => wl.sum(wl.square(wl.linalg.matmul(K, w, { transA: true }))), [A], 1e-6, 'matmul(number[][], B)');
    for (const m of [A, B, W, b, bc, R]) m.dispose();
  });
});

describe('wl.nn.Sequential: remaining edges', () => {
  const sgd0 = new wl.optim.SGD({ lr: 0 });

  it('the kind, singular "feature", 1 024 layers, the size limits of a model file', () => {
    expect(wl.nn.Sequential.kind).toBe('Sequential');
    const one = new wl.nn.Sequential([new wl.nn.Dense(1, 2, { seed: 1 })]);
    throwsNamed(() => one.forward([[1, 2]]), S, "X: expected 1 feature per sample (the network's input), got 2");
    throwsNamed(() => one.forward(wl.zeros(1, 3, 'float32')), S, "X: expected 1 feature per sample (the network's input), got 3");
    one.dispose();
    const many = new wl.nn.Sequential([new wl.nn.Dense(2, 2, { seed: 1 }), ...Array.from({ length: 1023 }, () => new wl.nn.ReLU())]);
    expect(many.layers.length).toBe(1024);
    const file = many.toJSON() as any;
    many.dispose();
    const base = wl.memory();
    // at the limits the file is still read on: the next check (the state) is what fails
    file.state = null;
    throwsNamed(() => wl.load(file), wl.ModelFormatError, 'model.state: expected the weights, got null');
    file.params.layers = [{ type: 'Dense', inFeatures: 8191, outFeatures: 16384, init: 'glorot' }]; // exactly 2²⁷ parameters
    throwsNamed(() => wl.load(file), wl.ModelFormatError, 'model.state: expected the weights, got null');
    file.params.layers[0].inFeatures = 8192;
    throwsNamed(() => wl.load(file), wl.ModelFormatError, 'model.params.layers: 134234112 parameters in all, more than 134217728');
    file.params.layers = [{ type: 'Dense', inFeatures: 2, outFeatures: 2, init: 'glorot' }, { type: 'LeakyReLU', alpha: -0.5 }];
    throwsNamed(() => wl.load(file), wl.ModelFormatError, 'model.state: expected the weights, got null'); // a negative leak is fine
    expect(wl.memory()).toEqual(base);
  });

  it('validation runs in inference mode and frees the converted validation data', async () => {
    const X = randomRows(30, 2, 90), y = X.map(([a, b]) => a - b);
    const Xv = randomRows(12, 2, 91), yv = Xv.map(([a, b]) => a - b);
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 6, { seed: 1, dtype: 'float64' }), new wl.nn.Dropout(0.5), new wl.nn.Tanh(), new wl.nn.BatchNorm1d(6, { dtype: 'float64' }), new wl.nn.Dense(6, 1, { seed: 2, dtype: 'float64' })]);
    const h = await net.fit(X, y, { loss: 'mse', optimizer: sgd0, validationData: [Xv, yv], batchSize: 8, seed: 1 });
    const p = net.predict(Xv) as Float64Array;
    expect(Math.abs(h.valLoss![0] - p.reduce((s, v, i) => s + (v - yv[i]) ** 2, 0) / 12)).toBeLessThan(1e-14);
    const after = wl.memory();
    await net.fit(X, y, { loss: 'mse', optimizer: sgd0, validationData: [Xv, yv], batchSize: 8, seed: 1 });
    expect(wl.memory()).toEqual(after);
    net.dispose();
  });

  it('hinge trains on ±1 targets; ties go to the first class; a zero logit is the negative class', async () => {
    const X = randomRows(16, 2, 95);
    const labels = X.map((r) => (r[0] > 0 ? 1 : 0));
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 1, { seed: 3, dtype: 'float64' })]);
    const z = jsForward(net, X).map((r) => r[0]);
    const h = await net.fit(X, labels, { loss: 'hinge', optimizer: sgd0, batchSize: 16 });
    const want = z.reduce((s, v, i) => s + Math.max(0, 1 - v * (labels[i] === 1 ? 1 : -1)), 0) / 16;
    expect(Math.abs(h.loss[0] - want)).toBeLessThan(1e-14);
    // all weights zero: every logit is exactly 0 → the negative class (decision > 0, as scikit-learn)
    const d = net.layers[0] as InstanceType<WL['nn']['Dense']>;
    d.weight.data.fill(0);
    d.bias.data.fill(0);
    expect(Array.from(net.predict(X) as Float64Array)).toEqual(Array(16).fill(0));
    net.dispose();
    const c3 = new wl.nn.Sequential([new wl.nn.Dense(2, 3, { seed: 3, dtype: 'float64' })]);
    await c3.fit(X, X.map((_, i) => ['x', 'y', 'z'][i % 3]), { loss: 'softmaxCrossEntropy', optimizer: sgd0 });
    const e = c3.layers[0] as InstanceType<WL['nn']['Dense']>;
    e.weight.data.fill(0);
    e.bias.data.set([0, 1, 1]); // y and z tie: the first maximum wins (NumPy's argmax)
    expect(c3.predict(X)).toEqual(Array(16).fill('y'));
    e.bias.data.set([2, 2, 2]);
    expect(c3.predict(X)).toEqual(Array(16).fill('x'));
    // a refit must see the same classes: another third class, or a missing one, is refused
    await rejectsNamed(c3.fit(X, X.map((_, i) => ['x', 'y', 'w'][i % 3]), { loss: 'softmaxCrossEntropy' }), V, 'y: the classes (w, x, y) differ from those of the previous fit (x, y, z)');
    await rejectsNamed(c3.fit(X, X.map((_, i) => ['x', 'y', 'zz'][i % 3]), { loss: 'softmaxCrossEntropy' }), V, 'y: the classes (x, y, zz) differ from those of the previous fit (x, y, z)');
    const h3 = await c3.fit(X, X.map((_, i) => ['z', 'y', 'x'][i % 3]), { loss: 'softmaxCrossEntropy', optimizer: sgd0 });
    expect(h3.epochs).toBe(1);
    c3.dispose();
    const b = new wl.nn.Sequential([new wl.nn.Dense(2, 1, { seed: 3 })]);
    await b.fit(X, labels, { loss: 'binaryCrossEntropy', optimizer: sgd0 });
    await rejectsNamed(b.fit(X, Array(16).fill(1), { loss: 'binaryCrossEntropy' }), V, 'y: the classes (1) differ from those of the previous fit (0, 1)');
    // a binary classifier's file keeps its two classes for its one output
    const copy = wl.load(JSON.stringify(b.toJSON())) as Net;
    expect(Array.from(copy.classes as number[])).toEqual([0, 1]);
    expect(Array.from(copy.predictProba(X))).toEqual(Array.from(b.predictProba(X)));
    copy.dispose();
    b.dispose();
    // a first fit that saw one class only: a later fit with two is another task
    const b1 = new wl.nn.Sequential([new wl.nn.Dense(2, 1, { seed: 3 })]);
    await b1.fit(X, Array(16).fill(0), { loss: 'binaryCrossEntropy', optimizer: sgd0 });
    await rejectsNamed(b1.fit(X, labels, { loss: 'binaryCrossEntropy' }), V, 'y: the classes (0, 1) differ from those of the previous fit (0)');
    b1.dispose();
  });

  it('fit yields to the event loop through scheduler.yield, a MessageChannel or setTimeout when there is no setImmediate', async () => {
    const g = globalThis as Record<string, unknown>;
    const X = randomRows(64, 4, 96), y = X.map((r) => r[0]);
    const net = new wl.nn.Sequential([new wl.nn.Dense(4, 64, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(64, 1, { seed: 2 })]);
    /** Starts fit with `env` patched into globalThis (the yielder is picked when fit starts), then restores it. */
    const fitWith = (env: Record<string, unknown>, o: Record<string, unknown>) => {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, g[k]]));
      Object.assign(g, env);
      try {
        return net.fit(X, y, { loss: 'mse', optimizer: sgd0, batchSize: 1, ...o });
      } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete g[k]; else g[k] = v;
      }
    };
    // scheduler.yield (browsers) is looked up at each yield: it stays in place for the whole fit
    let yields = 0;
    g.scheduler = { yield: () => { yields++; return new Promise((r) => setTimeout(r, 0)); } };
    try {
      const ctrl = new AbortController();
      const p = fitWith({}, { epochs: 1e6, signal: ctrl.signal });
      setTimeout(() => ctrl.abort(new Error('stop')), 40); // fires only if fit gives the event loop a turn
      await expect(p).rejects.toThrow('stop');
    } finally {
      delete g.scheduler;
    }
    expect(yields).toBeGreaterThan(0);
    // without setImmediate: a MessageChannel, closed when fit ends
    let posts = 0, closes = 0;
    const Real = MessageChannel;
    class Counting extends Real {
      constructor() {
        super();
        const post = this.port2.postMessage.bind(this.port2), close = this.port1.close.bind(this.port1);
        this.port2.postMessage = (m: unknown) => { posts++; post(m); };
        this.port1.close = () => { closes++; close(); };
      }
    }
    // the first batch's callback holds the thread for 20 ms: the fit must yield (every 15 ms) before its second batch
    const slow = (env: Record<string, unknown>) => {
      const t0 = performance.now();
      return fitWith(env, { epochs: 20, onBatchEnd: (b: number) => { while (b === 0 && performance.now() - t0 < 20); } });
    };
    expect((await slow({ setImmediate: undefined, MessageChannel: Counting })).epochs).toBe(20);
    expect(posts).toBeGreaterThan(0);
    expect(closes).toBeGreaterThan(0);
    // neither: setTimeout(0)
    let timeouts = 0;
    const realTimeout = setTimeout;
    g.setTimeout = (f: () => void, ms?: number) => { timeouts++; return realTimeout(f, ms); };
    try {
      expect((await slow({ setImmediate: undefined, MessageChannel: undefined })).epochs).toBe(20);
    } finally {
      g.setTimeout = realTimeout;
    }
    expect(timeouts).toBeGreaterThan(0);
    net.dispose();
  });
});

describe('wl.nn: more edges of inference and targets', () => {
  const sgd0 = new wl.optim.SGD({ lr: 0 });

  it('every activation layer inside a network is its function (ELU, Sigmoid, Softplus, GELU, Tanh, ReLU, LeakyReLU)', async () => {
    const X = randomRows(20, 3, 100, 2);
    for (const make of [() => new wl.nn.ELU({ alpha: 0.7 }), () => new wl.nn.ELU(), () => new wl.nn.Sigmoid(), () => new wl.nn.Softplus(), () => new wl.nn.GELU(), () => new wl.nn.Tanh(), () => new wl.nn.ReLU(), () => new wl.nn.LeakyReLU()]) {
      const net = new wl.nn.Sequential([new wl.nn.Dense(3, 5, { seed: 1, dtype: 'float64' }), make(), new wl.nn.Dense(5, 2, { seed: 2, dtype: 'float64' })]);
      const Y = net.forward(X);
      const want = jsForward(net, X).flat();
      Y.toTypedArray().forEach((v, i) => expect(Math.abs(v - want[i]), net.layers[1].type).toBeLessThan(1e-13));
      Y.dispose();
      net.dispose();
    }
  });

  it('singular "feature" / "target" in the messages; a function with an aborted flag is no AbortSignal', async () => {
    const one = new wl.nn.Sequential([new wl.nn.Dense(1, 1, { seed: 1, dtype: 'float64' })]);
    await rejectsNamed(one.fit([[1], [2]], [[1, 2], [3, 4]], { loss: 'mse' }), S, "y: expected 1 target per sample (the network's outputs), got 2");
    await one.fit([[1], [2]], [1, 2], { loss: 'mse', optimizer: sgd0 });
    const M = wl.zeros(2, 3);
    throwsNamed(() => one.predict(M), S, "X: expected 1 feature per sample (the network's input), got 3");
    throwsNamed(() => one.predict([[1, 2]]), S, "X: expected 1 feature per sample (the network's input), got 2 in row 0");
    M.dispose();
    await rejectsNamed(one.fit([[1]], [1], { loss: 'mse', signal: Object.assign(() => 0, { aborted: false }) as never }), P, 'signal: expected an AbortSignal, got ');
    // X that is no data at all
    throwsNamed(() => one.predict(5 as never), V, 'X: expected number[][], a Matrix, or { data, rows, cols }, got 5');
    throwsNamed(() => one.predict(null as never), V, 'X: expected number[][], a Matrix, or { data, rows, cols }, got null');
    throwsNamed(() => one.predict('x' as never), V, 'X: expected number[][], a Matrix, or { data, rows, cols }, got "x"');
    one.dispose();
  });

  it('multi-label targets: validation accuracy over cells, hinge takes 0/1 or ±1, a zero logit is 0', async () => {
    const X = randomRows(12, 3, 110);
    const T01 = X.map((r) => [r[0] > 0 ? 1 : 0, r[2] > 0 ? 1 : 0]);
    const Tpm = T01.map((r) => r.map((v) => (v ? 1 : -1)));
    const net = new wl.nn.Sequential([new wl.nn.Dense(3, 2, { seed: 6, dtype: 'float64' })]);
    const z = jsForward(net, X);
    const cells = (a: number, b: number) => z.slice(a, b).reduce((s, r, i) => s + r.reduce((t, v, j) => t + ((v > 0 ? 1 : 0) === T01[a + i][j] ? 1 : 0), 0), 0) / ((b - a) * 2);
    const h = await net.fit(X, T01, { loss: 'binaryCrossEntropy', optimizer: sgd0, validationSplit: 0.25 });
    expect(cells(9, 12)).toBeGreaterThan(0); // some cells right: a wrong denominator shows
    expect(h.valAccuracy![0]).toBeCloseTo(cells(9, 12), 14);
    expect(h.accuracy![0]).toBeCloseTo(cells(0, 9), 14);
    // the binary cross-entropy of logits against 0/1 targets, and soft targets in [0, 1]
    const bce = (T: number[][], a: number, b: number) => z.slice(a, b).reduce((s, r, i) => s + r.reduce((t, v, j) => t + Math.log1p(Math.exp(v)) - T[a + i][j] * v, 0), 0) / ((b - a) * 2);
    expect(Math.abs(h.loss[0] - bce(T01, 0, 9))).toBeLessThan(1e-14);
    const soft = T01.map((r) => r.map((v) => (v ? 0.75 : 0.25)));
    const hs = await net.fit(X, soft, { loss: 'binaryCrossEntropy', optimizer: sgd0, batchSize: 12 });
    expect(Math.abs(hs.loss[0] - bce(soft, 0, 12))).toBeLessThan(1e-14);
    const hinge = z.slice(0, 12).reduce((s, r, i) => s + r.reduce((t, v, j) => t + Math.max(0, 1 - v * Tpm[i][j]), 0), 0) / 24;
    for (const T of [T01, Tpm]) {
      const hh = await net.fit(X, T, { loss: 'hinge', optimizer: sgd0, batchSize: 12 });
      expect(Math.abs(hh.loss[0] - hinge)).toBeLessThan(1e-14);
    }
    const d = net.layers[0] as InstanceType<WL['nn']['Dense']>;
    d.weight.data.fill(0);
    d.bias.data.set([0, 1e-300]);
    expect(Array.from(net.predict(X.slice(0, 2)) as Float64Array)).toEqual([0, 1, 0, 1]);
    net.dispose();
    // one output: labels in a column Matrix are labels, not 0/1 targets
    const b = new wl.nn.Sequential([new wl.nn.Dense(3, 1, { seed: 6, dtype: 'float64' })]);
    const Yc = wl.matrix(X.map((r) => [r[1] > 0 ? 5 : 3]));
    await b.fit(X, Yc, { loss: 'binaryCrossEntropy', optimizer: sgd0 });
    expect(Array.from(b.classes as number[])).toEqual([3, 5]);
    Yc.dispose();
    b.dispose();
  });

  it('probabilities and predictions of more than 1 024 rows from a Matrix, flat data or the other dtype; converted inputs are freed', async () => {
    const X = randomRows(1100, 2, 120);
    const names = ['a', 'b', 'c'];
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 4, { seed: 1, dtype: 'float64' }), new wl.nn.Dropout(0.5), new wl.nn.Tanh(), new wl.nn.Dense(4, 3, { seed: 2, dtype: 'float64' })]);
    await net.fit(X.slice(0, 6), names.concat(names), { loss: 'softmaxCrossEntropy', optimizer: sgd0 });
    const soft = jsForward(net, X).map((r) => { const m = Math.max(...r); const e = r.map((v) => Math.exp(v - m)); const s = e.reduce((u, w) => u + w, 0); return e.map((v) => v / s); });
    const want = soft.flat();
    const labels = soft.map((r) => names[r.indexOf(Math.max(...r))]);
    const M64 = wl.matrix(X), M32 = wl.matrix(X, { dtype: 'float32' });
    const flatX = { data: X.flat(), rows: 1100, cols: 2 };
    net.predictProba(M64); // sizes the network's buffers
    const base = wl.memory();
    for (const [what, input, tol] of [['float64 Matrix', M64, 1e-14], ['{ data, rows, cols }', flatX, 1e-14], ['float32 Matrix', M32, 1e-6]] as const) {
      const p = net.predictProba(input as never);
      expect(p.length, what).toBe(3300);
      let e = 0;
      for (let i = 0; i < 3300; i++) e = Math.max(e, Math.abs(p[i] - want[i]));
      expect(e, what).toBeLessThan(tol);
      if (tol < 1e-10) expect(net.predict(input as never), what).toEqual(labels);
      expect(wl.memory(), what).toEqual(base);
    }
    M64.dispose(); M32.dispose(); net.dispose();
  });
});

describe('wl.autograd: memory', () => {
  it('a parameter passed twice gets two equal gradients', () => {
    const A = wl.matrix([[1, 2, 3], [4, 5, 6]]);
    const { grads } = wl.autograd.valueAndGrad((a: M, b: M) => wl.sum(wl.mul(a, b)))(A, A);
    expect(grads[1].toArray()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(grads[0].toArray()).toEqual(grads[1].toArray());
    for (const g of grads) g.dispose();
    A.dispose();
  });

  it('backward frees each gradient, converted operand and temporary once used: its peak stays a few matrices above the forward pass', () => {
    const n = 20, steps = 25, bytes = n * n * 8;
    const r = rng(11);
    const K = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0.5 : 0) + 0.05 * (r() - 0.5)));
    const A = wl.matrix(Array.from({ length: n }, () => Array.from({ length: n }, () => r() - 0.5)));
    const fn = (a: M) => {
      let x = a;
      for (let k = 0; k < steps; k++) {
        const u = wl.linalg.matmul(x, K); // a number[][] operand: converted in backward
        const v = wl.add(F.tanh(u), F.tanh(u)); // u's gradient adds up through a temporary
        x = wl.mul(v, wl.full(n, n, 0.5)); // a constant: no gradient of its own
      }
      return wl.sum(x);
    };
    const heap = A.heap;
    const alloc = heap.alloc;
    let peak = 0;
    heap.alloc = (size: number) => {
      const p = alloc.call(heap, size);
      peak = Math.max(peak, wl.memory().bytesInUse);
      return p;
    };
    try {
      wl.scope(() => fn(A));
      const forward = peak;
      peak = 0;
      const { grads } = wl.autograd.valueAndGrad(fn)(A);
      expect(peak - forward).toBeLessThan(8 * bytes); // keeping them would take ≥ 25 matrices more
      grads[0].dispose();
    } finally {
      heap.alloc = alloc;
    }
    A.dispose();
  });
});
