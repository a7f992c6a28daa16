// wl.nn: layers' backward passes against central differences (float64), training on digits to
// scikit-learn's accuracy, a non-linear boundary, reproducibility, AbortSignal, model files
// (round trip and malformed input), heap accounting and typed errors.
import { describe, expect, it } from 'vitest';
import { dataset, editedModel, getWl, reference, rng, type WL } from '../helpers';

const H = 1e-6;

function relErr(a: ArrayLike<number>, n: ArrayLike<number>): number {
  let e = a.length === n.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - n[i]) / Math.max(1, Math.abs(n[i])));
  return e;
}

function randomRows(n: number, d: number, seed: number, scale = 1): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => scale * (2 * r() - 1)));
}

/** Two interleaving half circles (scikit-learn's make_moons) with noise. */
function moons(n: number, seed: number): { X: number[][]; y: number[] } {
  const r = rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.PI * r();
    const c = i % 2;
    const noise = () => 0.1 * (r() + r() + r() - 1.5);
    X.push(c === 0 ? [Math.cos(t) + noise(), Math.sin(t) + noise()] : [1 - Math.cos(t) + noise(), 0.5 - Math.sin(t) + noise()]);
    y.push(c);
  }
  return { X, y };
}

describe('wl.nn layers: backward against central differences (float64)', () => {
  const cases: [string, (wl: WL) => InstanceType<WL['nn']['Layer']>[], number][] = [
    ['Dense', (wl) => [new wl.nn.Dense(5, 3, { dtype: 'float64', seed: 1 })], 5],
    ['Dense GEMV path (1 row) and GEMM path', (wl) => [new wl.nn.Dense(37, 11, { dtype: 'float64', seed: 2, init: 'he' }), new wl.nn.Dense(11, 4, { dtype: 'float64', seed: 3 })], 37],
    ['ReLU', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 4 }), new wl.nn.ReLU()], 4],
    ['LeakyReLU', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 5 }), new wl.nn.LeakyReLU({ alpha: 0.2 })], 4],
    ['ELU', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 6 }), new wl.nn.ELU({ alpha: 0.7 })], 4],
    ['Sigmoid', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 7 }), new wl.nn.Sigmoid()], 4],
    ['Tanh', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 8 }), new wl.nn.Tanh()], 4],
    ['Softplus', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 8 }), new wl.nn.Softplus()], 4],
    ['GELU', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 9 }), new wl.nn.GELU()], 4],
    ['Softmax', (wl) => [new wl.nn.Dense(4, 5, { dtype: 'float64', seed: 10 }), new wl.nn.Softmax()], 4],
    ['Dropout (training, seeded mask)', (wl) => [new wl.nn.Dense(4, 6, { dtype: 'float64', seed: 11 }), new wl.nn.Dropout(0.4)], 4],
    ['BatchNorm1d (training)', (wl) => [new wl.nn.Dense(3, 5, { dtype: 'float64', seed: 12 }), new wl.nn.BatchNorm1d(5, { dtype: 'float64' }), new wl.nn.Tanh()], 3],
  ];
  for (const [name, make, d] of cases) {
    it(name, async () => {
      const wl = await getWl();
      const base = wl.memory();
      for (const rows of [1, 2, 7]) {
        if (name.startsWith('BatchNorm') && rows === 1) continue; // one row: zero variance, the output is constant
        const net = new wl.nn.Sequential(make(wl));
        const x = randomRows(rows, d, rows + d);
        const R = wl.matrix(randomRows(rows, net.outFeatures, 99));
        const r = R.toTypedArray();
        const L = (X: number[][]) => {
          const Y = net.forward(X, { training: true, seed: 5 });
          const y = Y.toTypedArray();
          Y.dispose();
          return y.reduce((s, v, i) => s + v * r[i], 0);
        };
        net.forward(x, { training: true, seed: 5 }).dispose();
        const dX = net.backward(R);
        // ∂L/∂X
        const num = new Float64Array(rows * d);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < d; j++) {
            const v = x[i][j];
            x[i][j] = v + H;
            const up = L(x);
            x[i][j] = v - H;
            const down = L(x);
            x[i][j] = v;
            num[i * d + j] = (up - down) / (2 * H);
          }
        }
        expect(relErr(dX.toTypedArray(), num), `${name}: dX, ${rows} rows`).toBeLessThan(1e-6);
        dX.dispose();
        // ∂L/∂θ for every parameter, perturbing the live parameter in place
        const grads = net.gradients().map((g) => g.toTypedArray());
        net.parameters().forEach((P, p) => {
          const numP = new Float64Array(P.size);
          for (let i = 0; i < P.size; i++) {
            const v = P.data[i];
            P.data[i] = v + H;
            const up = L(x);
            P.data[i] = v - H;
            const down = L(x);
            P.data[i] = v;
            numP[i] = (up - down) / (2 * H);
          }
          expect(relErr(grads[p], numP), `${name}: parameter ${p}, ${rows} rows`).toBeLessThan(1e-6);
        });
        R.dispose();
        net.dispose();
      }
      expect(wl.memory()).toEqual(base);
    });
  }
});

function digits(): { Xtr: number[][]; ytr: number[]; Xte: number[][]; yte: number[]; target: number } {
  const ref = reference('mlp.json');
  const { rows } = dataset('digits.csv');
  const X = rows.map((r) => r.slice(0, 64).map((v) => v / 16));
  const y = rows.map((r) => r[64]);
  const pick = <T>(idx: number[], a: T[]) => idx.map((i) => a[i]);
  return { Xtr: pick(ref.split.train, X), ytr: pick(ref.split.train, y), Xte: pick(ref.split.test, X), yte: pick(ref.split.test, y), target: ref.sklearnTestAccuracy };
}

describe('wl.nn.Sequential training', () => {
  it("a 64-64-10 ReLU network on digits reaches scikit-learn's test accuracy − 0.01 (float32, Adam, batch 200)", async () => {
    const wl = await getWl();
    const base = wl.memory();
    const { Xtr, ytr, Xte, yte, target } = digits();
    // scikit-learn MLPClassifier's defaults: relu, Adam lr 1e-3, batch 200, up to 300 epochs
    const net = new wl.nn.Sequential([new wl.nn.Dense(64, 64, { seed: 1, init: 'he' }), new wl.nn.ReLU(), new wl.nn.Dense(64, 10, { seed: 2 })]);
    const opt = new wl.optim.Adam({ lr: 1e-3 });
    const t0 = performance.now();
    const h = await net.fit(Xtr, ytr, { loss: 'softmaxCrossEntropy', optimizer: opt, epochs: 300, batchSize: 200, seed: 3 });
    const ms = performance.now() - t0;
    const pred = net.predict(Xte) as Float64Array;
    const acc = pred.reduce((s, p, i) => s + (p === yte[i] ? 1 : 0), 0) / yte.length;
    console.info(`digits 64-64-10: test accuracy ${acc.toFixed(4)} (scikit-learn ${target.toFixed(4)}), ${h.epochs} epochs in ${ms.toFixed(0)} ms`);
    expect(acc).toBeGreaterThanOrEqual(target - 0.01);
    expect(h.loss.length).toBe(300);
    expect(h.loss[299]).toBeLessThan(h.loss[0] / 10);
    expect(h.accuracy![299]).toBeGreaterThan(0.99);
    expect(Array.from(net.classes as number[])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // probabilities: rows sum to 1, argmax = predict
    const P = net.predictProba(Xte.slice(0, 20));
    for (let i = 0; i < 20; i++) {
      const row = Array.from(P.subarray(i * 10, i * 10 + 10));
      expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
      expect(row.indexOf(Math.max(...row))).toBe(pred[i]);
    }
    net.dispose();
    opt.dispose();
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
    expect(wl.memory().blocksInUse).toBe(base.blocksInUse);
  });

  it('learns non-linear boundaries: XOR (tanh, BCE) and moons (float64, Sigmoid output folded into BCE)', async () => {
    const wl = await getWl();
    const xor = new wl.nn.Sequential([new wl.nn.Dense(2, 8, { seed: 1 }), new wl.nn.Tanh(), new wl.nn.Dense(8, 1, { seed: 2 })]);
    const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const opt = new wl.optim.Adam({ lr: 0.05 });
    await xor.fit(X, [0, 1, 1, 0], { loss: 'binaryCrossEntropy', optimizer: opt, epochs: 300, batchSize: 4, seed: 1 });
    expect(Array.from(xor.predict(X) as Float64Array)).toEqual([0, 1, 1, 0]);
    const p = xor.predictProba(X);
    expect(p.length).toBe(8);
    expect(p[3]).toBeGreaterThan(0.9); // P(class 1 | [0, 1])
    xor.dispose();
    opt.dispose();

    const { X: Xm, y } = moons(300, 4);
    const net = new wl.nn.Sequential([new wl.nn.Dense(2, 16, { seed: 3, dtype: 'float64' }), new wl.nn.ReLU(), new wl.nn.Dense(16, 16, { seed: 4, dtype: 'float64' }), new wl.nn.ReLU(), new wl.nn.Dense(16, 1, { seed: 5, dtype: 'float64' }), new wl.nn.Sigmoid()]);
    const h = await net.fit(Xm, y, { loss: 'binaryCrossEntropy', optimizer: new wl.optim.Adam({ lr: 0.01 }), epochs: 100, batchSize: 32, seed: 2, validationSplit: 0.2 });
    expect(h.valAccuracy!.at(-1)).toBeGreaterThan(0.95); // a linear boundary gets ≈ 0.86 on moons
    const pred = net.predict(Xm) as Float64Array;
    expect(pred.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / y.length).toBeGreaterThan(0.95);
    net.dispose();
  });

  it('regression with mse: fits a quadratic; huber and mae train too; l2 shrinks the weights', async () => {
    const wl = await getWl();
    const X = randomRows(200, 1, 7, 2);
    const y = X.map(([v]) => v * v - 1);
    const fitNet = async (loss: 'mse' | 'mae' | 'huber', l2 = 0) => {
      const net = new wl.nn.Sequential([new wl.nn.Dense(1, 32, { seed: 1 }), new wl.nn.Tanh(), new wl.nn.Dense(32, 1, { seed: 2 })]);
      const h = await net.fit(X, y, { loss, optimizer: new wl.optim.Adam({ lr: 0.02 }), epochs: 150, batchSize: 20, seed: 1, l2 });
      return { net, h };
    };
    const { net, h } = await fitNet('mse');
    const pred = net.predict(X) as Float64Array;
    expect(pred.length).toBe(200);
    const mse = pred.reduce((s, p, i) => s + (p - y[i]) ** 2, 0) / 200;
    expect(mse).toBeLessThan(0.02);
    expect(h.loss.at(-1)).toBeCloseTo(mse, 1);
    expect(h.accuracy).toBeUndefined();
    const norm = (n: typeof net) => n.parameters().filter((_, i) => i % 2 === 0).reduce((s, W) => s + W.toTypedArray().reduce((a, v) => a + v * v, 0), 0);
    const { net: reg } = await fitNet('mse', 0.01);
    expect(norm(reg)).toBeLessThan(norm(net));
    for (const loss of ['mae', 'huber'] as const) {
      const r = await fitNet(loss);
      expect(r.h.loss.at(-1)).toBeLessThan(r.h.loss[0] / 3);
      r.net.dispose();
    }
    net.dispose();
    reg.dispose();
  });

  it('seeded training is bit-for-bit reproducible (shuffle, dropout, batch norm)', async () => {
    const wl = await getWl();
    const run = async () => {
      const net = new wl.nn.Sequential([new wl.nn.Dense(6, 12, { seed: 1 }), new wl.nn.BatchNorm1d(12), new wl.nn.ReLU(), new wl.nn.Dropout(0.3), new wl.nn.Dense(12, 3, { seed: 2 })]);
      const opt = new wl.optim.Adam({ lr: 0.01 });
      const X = randomRows(90, 6, 3);
      const h = await net.fit(X, X.map((r) => (r[0] > 0 ? 0 : r[1] > 0 ? 1 : 2)), { loss: 'softmaxCrossEntropy', optimizer: opt, epochs: 5, batchSize: 16, seed: 42 });
      const weights = net.parameters().map((p) => Array.from(p.toTypedArray()));
      const proba = Array.from(net.predictProba(X));
      net.dispose();
      opt.dispose();
      return { loss: h.loss, weights, proba };
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
  });

  it('AbortSignal stops training within one batch; the event loop runs during fit', async () => {
    const wl = await getWl();
    const base = wl.memory();
    const net = new wl.nn.Sequential([new wl.nn.Dense(8, 16, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(16, 2, { seed: 2 })]);
    const X = randomRows(512, 8, 5);
    const y = X.map((r) => (r[0] > 0 ? 1 : 0));
    // aborted from onBatchEnd: no further batch runs
    const ctrl = new AbortController();
    let batches = 0;
    const fit = net.fit(X, y, { loss: 'softmaxCrossEntropy', epochs: 10, batchSize: 32, signal: ctrl.signal, onBatchEnd: (b) => { batches = b + 1; if (b === 3) ctrl.abort(); } });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBe(4);
    // aborted by a timer: the timer can only fire if fit yields to the event loop
    const slow = new wl.nn.Sequential([new wl.nn.Dense(8, 256, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(256, 2, { seed: 2 })]);
    const ctrl2 = new AbortController();
    let after = 0;
    let abortedAt = -1;
    setTimeout(() => ctrl2.abort(new Error('stop')), 30);
    const t0 = performance.now();
    const fit2 = slow.fit(X, y, { loss: 'softmaxCrossEntropy', epochs: 100000, batchSize: 1, signal: ctrl2.signal, onBatchEnd: () => { if (ctrl2.signal.aborted) after++; else abortedAt = performance.now(); } });
    await expect(fit2).rejects.toThrow('stop');
    expect(after).toBeLessThanOrEqual(1);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(abortedAt).toBeGreaterThan(0);
    // an already-aborted signal: no batch at all
    let any = 0;
    await expect(net.fit(X, y, { loss: 'softmaxCrossEntropy', signal: AbortSignal.abort(), onBatchEnd: () => { any++; } })).rejects.toBeDefined();
    expect(any).toBe(0);
    net.dispose();
    slow.dispose();
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
  });

  it('validation data, early stopping and callbacks', async () => {
    const wl = await getWl();
    const X = randomRows(120, 3, 8);
    const y = X.map((r) => (r[0] + r[1] > 0 ? 'yes' : 'no'));
    const net = new wl.nn.Sequential([new wl.nn.Dense(3, 8, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(8, 2, { seed: 2 })]);
    const epochs: number[] = [];
    const h = await net.fit(X, y, { loss: 'softmaxCrossEntropy', epochs: 400, batchSize: 16, seed: 3, optimizer: new wl.optim.SGD({ lr: 0.5 }), validationData: [randomRows(40, 3, 9), randomRows(40, 3, 9).map((r) => (r[0] + r[1] > 0 ? 'yes' : 'no'))], earlyStopping: { patience: 3, minDelta: 1e-3 }, onEpochEnd: (e, logs) => { epochs.push(e); expect(logs.valLoss).toBeTypeOf('number'); } });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs).toBeLessThan(400);
    expect(epochs.length).toBe(h.epochs);
    expect(h.valAccuracy!.at(-1)).toBeGreaterThan(0.85);
    expect(net.classes).toEqual(['no', 'yes']);
    const labels = net.predict([[2, 2, 0], [-2, -2, 0]]);
    expect(labels).toEqual(['yes', 'no']);
    net.dispose();
  });
});

describe('wl.nn.Sequential: memory, model files and errors', () => {
  it('one-sample inference allocates nothing in the heap; dispose returns the heap to its baseline', async () => {
    const wl = await getWl();
    const base = wl.memory();
    const net = new wl.nn.Sequential([new wl.nn.Dense(10, 32, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(32, 3, { seed: 2 }), new wl.nn.Softmax()]);
    await net.fit(randomRows(30, 10, 1), Array.from({ length: 30 }, (_, i) => i % 3), { loss: 'softmaxCrossEntropy', epochs: 2 });
    const x = randomRows(1, 10, 2);
    const out = new Float32Array(3);
    net.predictProba(x, { out });
    const heap = (net.parameters()[0] as unknown as { heap: { alloc: (n: number) => number } }).heap;
    const alloc = heap.alloc;
    let calls = 0;
    heap.alloc = (n: number) => {
      calls++;
      return alloc.call(heap, n);
    };
    try {
      const before = wl.memory();
      for (let i = 0; i < 100; i++) net.predictProba(x, { out });
      net.predict(x, { out: new Float64Array(1) });
      expect(calls).toBe(0);
      expect(wl.memory()).toEqual(before);
    } finally {
      heap.alloc = alloc;
    }
    expect(Math.abs(out[0] + out[1] + out[2] - 1)).toBeLessThan(1e-6);
    net.dispose();
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
    expect(wl.memory().blocksInUse).toBe(base.blocksInUse);
    expect(() => net.predict(x)).toThrow(wl.DisposedError);
  });

  it('toJSON → load gives identical predictions (float32 and float64, every layer type, JSON text)', async () => {
    const wl = await getWl();
    for (const dtype of ['float32', 'float64'] as const) {
      const net = new wl.nn.Sequential([
        new wl.nn.Dense(5, 8, { seed: 1, dtype }), new wl.nn.BatchNorm1d(8, { dtype }), new wl.nn.LeakyReLU({ alpha: 0.1 }), new wl.nn.Dropout(0.2),
        new wl.nn.Dense(8, 8, { seed: 2, dtype, init: 'he' }), new wl.nn.ELU({ alpha: 0.5 }), new wl.nn.Dense(8, 8, { seed: 3, dtype }), new wl.nn.GELU(), new wl.nn.Tanh(), new wl.nn.Softplus(), new wl.nn.Sigmoid(),
        new wl.nn.Dense(8, 3, { seed: 4, dtype }), new wl.nn.Softmax(),
      ]);
      const X = randomRows(40, 5, 3);
      await net.fit(X, X.map((r) => (r[0] > 0.3 ? 2 : r[0] > -0.3 ? 1 : 0)), { loss: 'softmaxCrossEntropy', epochs: 3, seed: 1, batchSize: 8 });
      const json = JSON.stringify(net.toJSON());
      expect(json).not.toMatch(/\d\.\d{6,}/); // weights are base64, not decimal text
      const copy = wl.load(json) as InstanceType<WL['nn']['Sequential']>;
      expect(copy).toBeInstanceOf(wl.nn.Sequential);
      expect(copy.dtype).toBe(dtype);
      expect(Array.from(copy.predictProba(X))).toEqual(Array.from(net.predictProba(X)));
      expect(copy.predict(X)).toEqual(net.predict(X));
      expect(copy.layers.map((l) => l.type)).toEqual(net.layers.map((l) => l.type));
      copy.dispose();
      net.dispose();
    }
    // an unfitted network round-trips its weights; predict still needs fit
    const raw = new wl.nn.Sequential([new wl.nn.Dense(2, 2, { seed: 1 })]);
    const back = wl.load(raw.toJSON()) as InstanceType<WL['nn']['Sequential']>;
    expect(back.parameters()[0].toArray()).toEqual(raw.parameters()[0].toArray());
    expect(() => back.predict([[1, 2]])).toThrow(wl.NotFittedError);
    raw.dispose();
    back.dispose();
  });

  it('wl.load refuses malformed network files with ModelFormatError before allocating', async () => {
    const wl = await getWl();
    const net = new wl.nn.Sequential([new wl.nn.Dense(3, 4, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(4, 2, { seed: 2 })]);
    await net.fit(randomRows(10, 3, 1), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], { loss: 'softmaxCrossEntropy', epochs: 1 });
    const good = JSON.stringify(net.toJSON());
    net.dispose();
    const base = wl.memory();
    const mutate = (f: (m: any) => void) => editedModel(good, f);
    const bad: [string, unknown, RegExp][] = [
      ['wrong kind', mutate((m) => (m.kind = 'Sequentia')), /unknown kind/],
      ['future version', mutate((m) => (m.version = 99)), /newer/],
      ['truncated weights', mutate((m) => (m.state.weights[0][0].data = m.state.weights[0][0].data.slice(0, -8))), /weights\[0\]\[0\]\.data/],
      ['oversized weights', mutate((m) => (m.state.weights[0][0].data += 'AAAAAAAA')), /weights\[0\]\[0\]\.data/],
      ['wrong weight shape', mutate((m) => (m.state.weights[0][0].shape = [4, 3])), /shape/],
      ['NaN weights', mutate((m) => (m.state.weights[2][1].data = 'AADAfwAAwH8=')), /finite/],
      ['a layer claiming 1e9 units', mutate((m) => (m.params.layers[0].outFeatures = 1e9)), /outFeatures/],
      ['mismatched widths', mutate((m) => (m.params.layers[2].inFeatures = 5)), /input features/],
      ['unknown layer type', mutate((m) => (m.params.layers[1].type = 'Swish')), /type/],
      ['unknown layer key', mutate((m) => (m.params.layers[1].extra = 1)), /unknown key "extra"/],
      ['missing weights', mutate((m) => m.state.weights.pop()), /one per layer/],
      ['bad dtype', mutate((m) => (m.params.dtype = 'int8')), /dtype/],
      ['bad loss', mutate((m) => (m.state.task.loss = 'nll')), /task\.loss/],
      ['classes for the wrong width', mutate((m) => (m.state.task.classes = ['a', 'b', 'c'])), /classes/],
      ['__proto__ key', good.replace('"layers":', '"__proto__":{"x":1},"layers":'), /__proto__/],
      ['layers not an array', mutate((m) => (m.params.layers = { 0: {} })), /layers/],
      ['state null', mutate((m) => (m.state = null)), /state/],
    ];
    for (const [what, file, message] of bad) {
      let error: unknown;
      try {
        wl.load(typeof file === 'string' ? file : JSON.stringify(file));
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(wl.ModelFormatError);
      expect((error as Error).message, what).toMatch(message);
      expect(wl.memory().bytesInUse, what).toBe(base.bytesInUse);
    }
  });

  it('throws typed errors naming the problem', async () => {
    const wl = await getWl();
    const base = wl.memory();
    const net = new wl.nn.Sequential([new wl.nn.Dense(3, 4, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(4, 2, { seed: 2 })]);
    const X = randomRows(6, 3, 1);
    const y = [0, 1, 0, 1, 0, 1];
    expect(() => net.predict(X)).toThrow(wl.NotFittedError);
    await expect(net.fit(X, y, { loss: 'nll' as never })).rejects.toThrow(wl.InvalidParameterError);
    await expect(net.fit(X, y, {} as never)).rejects.toThrow(/loss: required/);
    await expect(net.fit(X, y, { loss: 'softmaxCrossEntropy', batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(net.fit(X, y, { loss: 'softmaxCrossEntropy', lr: 1 } as never)).rejects.toThrow(/unknown option "lr"/);
    await expect(net.fit(randomRows(6, 4, 1), y, { loss: 'softmaxCrossEntropy' })).rejects.toThrow(wl.ShapeError);
    await expect(net.fit(X, [0, 1, 2, 0, 1, 2], { loss: 'softmaxCrossEntropy' })).rejects.toThrow(/3 classes, but the network has 2 outputs/);
    await expect(net.fit(X, y.slice(1), { loss: 'softmaxCrossEntropy' })).rejects.toThrow(wl.ShapeError);
    await expect(net.fit(X, y, { loss: 'mse' })).rejects.toThrow(/expected 2 targets per sample/);
    await expect(net.fit([[1, 2, NaN]], [0], { loss: 'softmaxCrossEntropy' })).rejects.toThrow(wl.ValidationError);
    await net.fit(X, y, { loss: 'softmaxCrossEntropy' });
    expect(() => net.predict([[1, 2]])).toThrow(/expected 3 features/);
    expect(() => net.predict([Float32Array.of(1, NaN, 3)])).toThrow(wl.ValidationError);
    expect(() => net.predict([[1, '2', 3]] as never)).toThrow(/X\[0\]\[1\]/);
    expect(() => net.predict([[1, 2, 3]], { out: new Float64Array(2) })).toThrow(wl.ShapeError);
    // layers a failed constructor did not adopt stay the caller's to dispose
    const loose = [new wl.nn.Dense(3, 4), new wl.nn.Dense(5, 2), new wl.nn.Dense(2, 2, { dtype: 'float64' }), new wl.nn.Dense(2, 2)];
    expect(() => new wl.nn.Sequential([loose[0], loose[1]])).toThrow(/expected 5 input features/);
    expect(() => new wl.nn.Sequential([new wl.nn.ReLU()])).toThrow(wl.InvalidParameterError);
    expect(() => new wl.nn.Sequential([net.layers[0]])).toThrow(/already belongs/);
    expect(() => new wl.nn.Dense(0, 3)).toThrow(/inFeatures/);
    expect(() => new wl.nn.Dense(3, 3, { init: 'xavier' as never })).toThrow(/init/);
    expect(() => new wl.nn.Dropout(1)).toThrow(wl.InvalidParameterError);
    expect(() => new wl.nn.Sequential([loose[2], loose[3]])).toThrow(/same dtype/);
    for (const l of loose) l.dispose();
    net.dispose();
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
  });
});
