// wl.nn.functional: every activation, softmax / log-softmax, every loss and the dense layer against
// central differences in float64 (relative error < 1e-6) on random shapes, in every build; stability
// for large |x|; float32 against float64; typed errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng, type WL } from '../helpers';

const ACTS = ['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softplus', 'gelu'] as const;
const H = 1e-6;

/** max over elements of |a − n| / max(1, |n|): relative where the derivative is large, absolute near 0. */
function relErr(a: ArrayLike<number>, n: ArrayLike<number>): number {
  let e = a.length === n.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - n[i]) / Math.max(1, Math.abs(n[i])));
  return e;
}

/** Central differences of f at x, elementwise: ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h. */
function numericGrad(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    x[i] = v + H;
    const up = f(x);
    x[i] = v - H;
    const down = f(x);
    x[i] = v;
    g[i] = (up - down) / (2 * H);
  }
  return g;
}

/** Random values in [-3, 3], nudged away from the kinks (relu, leaky relu, elu and mae/huber/hinge at 0 / ±δ / 1). */
function values(n: number, seed: number, scale = 3): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => {
    let v = (2 * r() - 1) * scale;
    if (Math.abs(v) < 0.05) v += 0.1;
    return v;
  });
}

const mat = (wl: WL, data: Float64Array, rows: number, cols: number, dtype: 'float64' | 'float32' = 'float64') => wl.matrix(data, { rows, cols, dtype });
const shapes = fc.record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 9 }), seed: fc.integer({ min: 1, max: 1e6 }) });

describe.each(BUILDS)('wl.nn.functional, %s build', (build) => {
  let wl: WL;
  it('initializes', async () => {
    wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
  });

  it('every activation backward matches central differences (float64, random shapes)', () => {
    for (const kind of ACTS) {
      fc.assert(
        fc.property(shapes, ({ rows, cols, seed }) => {
          const base = wl.memory();
          wl.scope(() => {
            const x = values(rows * cols, seed);
            const r = values(rows * cols, seed + 1, 1);
            const L = (v: Float64Array) => {
              const Y = wl.nn.functional.activation(kind, mat(wl, v, rows, cols));
              const y = Y.toTypedArray();
              Y.dispose();
              return y.reduce((s, yi, i) => s + yi * r[i], 0);
            };
            const X = mat(wl, x, rows, cols);
            const Y = wl.nn.functional.activation(kind, X);
            const dX = wl.nn.functional.activationBackward(kind, X, Y, mat(wl, r, rows, cols));
            const err = relErr(dX.toTypedArray(), numericGrad(L, x));
            expect(err, `${kind} ${rows}×${cols}`).toBeLessThan(1e-6);
          });
          expect(wl.memory()).toEqual(base);
        }),
        { numRuns: 8 },
      );
    }
  });

  it('softmax and log-softmax backward match central differences; rows sum to 1', () => {
    for (const log of [false, true]) {
      fc.assert(
        fc.property(shapes, ({ rows, cols, seed }) => {
          wl.scope(() => {
            const f = log ? wl.nn.functional.logSoftmax : wl.nn.functional.softmax;
            const b = log ? wl.nn.functional.logSoftmaxBackward : wl.nn.functional.softmaxBackward;
            const x = values(rows * cols, seed);
            const r = values(rows * cols, seed + 1, 1);
            const L = (v: Float64Array) => f(mat(wl, v, rows, cols)).toTypedArray().reduce((s, yi, i) => s + yi * r[i], 0);
            const Y = f(mat(wl, x, rows, cols));
            const dX = b(Y, mat(wl, r, rows, cols));
            expect(relErr(dX.toTypedArray(), numericGrad(L, x))).toBeLessThan(1e-6);
            const y = Y.toTypedArray();
            for (let i = 0; i < rows; i++) {
              let s = 0;
              for (let j = 0; j < cols; j++) s += log ? Math.exp(y[i * cols + j]) : y[i * cols + j];
              expect(Math.abs(s - 1)).toBeLessThan(1e-14 * cols);
            }
          });
        }),
        { numRuns: 10 },
      );
    }
  });

  it('every loss gradient matches central differences of its value (float64, random shapes)', () => {
    const losses = ['mse', 'mae', 'huber', 'binaryCrossEntropy', 'hinge', 'softmaxCrossEntropy'] as const;
    for (const kind of losses) {
      fc.assert(
        fc.property(shapes, ({ rows, cols, seed }) => {
          wl.scope(() => {
            const r = rng(seed + 7);
            const z = values(rows * cols, seed);
            let target: ReturnType<WL['matrix']> | Int32Array;
            if (kind === 'softmaxCrossEntropy') target = Int32Array.from({ length: rows }, () => Math.floor(r() * cols));
            else if (kind === 'binaryCrossEntropy') target = mat(wl, Float64Array.from({ length: rows * cols }, () => r()), rows, cols);
            else if (kind === 'hinge') {
              // keep t·z away from the hinge at 1
              const t = Float64Array.from(z, () => (r() < 0.5 ? -1 : 1));
              for (let i = 0; i < z.length; i++) if (Math.abs(1 - t[i] * z[i]) < 0.05) z[i] += 0.2 * t[i];
              target = mat(wl, t, rows, cols);
            } else {
              const t = values(rows * cols, seed + 3);
              for (let i = 0; i < z.length; i++) {
                const d = z[i] - t[i];
                if (Math.abs(d) < 0.05 || Math.abs(Math.abs(d) - 1) < 0.05) z[i] += 0.2; // kinks of mae and huber (δ = 1)
              }
              target = mat(wl, t, rows, cols);
            }
            const value = (v: Float64Array) => wl.nn.functional.loss(kind, mat(wl, v, rows, cols), target, { grad: false }).value;
            const { value: v, grad } = wl.nn.functional.loss(kind, mat(wl, z, rows, cols), target);
            expect(v).toBeCloseTo(value(z), 14);
            expect(relErr(grad!.toTypedArray(), numericGrad(value, z)), `${kind} ${rows}×${cols}`).toBeLessThan(1e-6);
          });
        }),
        { numRuns: 8 },
      );
    }
  });

  it('dense forward and backward: Y = XW + b, and dX, dW, db match central differences (float64)', () => {
    // m = 1..3 takes the GEMV path, m ≥ 4 the GEMM path; shapes cross the 4×4 / 4×8 tiles.
    // Inputs with a third zeros take GEMM for m ≥ 4; with four fifths zeros, the row-by-row sparse GEMV.
    const sizes = [[1, 5, 3], [2, 7, 9], [3, 1, 4], [1, 70, 37], [2, 9, 64], [4, 4, 8], [9, 13, 11], [17, 6, 1], [12, 40, 33]];
    for (const [[m, nIn, nOut], zeroEvery] of sizes.flatMap((s) => [[s, 3], [s, -5]] as [number[], number][])) {
      wl.scope(() => {
        const x = values(m * nIn, m * 100 + nIn), w = values(nIn * nOut, nOut), bv = values(nOut, 3), r = values(m * nOut, 9, 1);
        for (let i = 0; i < x.length; i++) if (zeroEvery > 0 ? i % zeroEvery === 0 : i % -zeroEvery !== 0) x[i] = 0;
        const f = (X: Float64Array, W: Float64Array, B: Float64Array) =>
          wl.nn.functional.dense(mat(wl, X, m, nIn), mat(wl, W, nIn, nOut), mat(wl, B, 1, nOut)).toTypedArray().reduce((s, yi, i) => s + yi * r[i], 0);
        const Y = wl.nn.functional.dense(mat(wl, x, m, nIn), mat(wl, w, nIn, nOut), mat(wl, bv, 1, nOut)).toTypedArray();
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < nOut; j++) {
            let s = bv[j];
            for (let p = 0; p < nIn; p++) s += x[i * nIn + p] * w[p * nOut + j];
            expect(Math.abs(Y[i * nOut + j] - s)).toBeLessThan(1e-13 * (1 + nIn));
          }
        }
        const { dX, dW, db } = wl.nn.functional.denseBackward(mat(wl, x, m, nIn), mat(wl, w, nIn, nOut), mat(wl, r, m, nOut));
        expect(relErr(dX.toTypedArray(), numericGrad((v) => f(v, w, bv), x))).toBeLessThan(1e-6);
        expect(relErr(dW.toTypedArray(), numericGrad((v) => f(x, v, bv), w))).toBeLessThan(1e-6);
        expect(relErr(db.toTypedArray(), numericGrad((v) => f(x, w, v), bv))).toBeLessThan(1e-6);
      });
    }
  });

  it('stays finite and exact for large |x| (float32 and float64)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      wl.scope(() => {
        const big = Float64Array.from([-1000, -100, -30, 30, 100, 1000]);
        const X = wl.matrix(big, { rows: 1, cols: 6, dtype });
        const sig = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
        const ref: Record<(typeof ACTS)[number], (v: number) => number> = {
          relu: (v) => Math.max(v, 0),
          leakyRelu: (v) => (v > 0 ? v : 0.01 * v),
          elu: (v) => (v > 0 ? v : Math.expm1(v)),
          sigmoid: sig,
          tanh: Math.tanh,
          softplus: (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))),
          gelu: (v) => 0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v ** 3))),
        };
        const tol = dtype === 'float32' ? 1e-6 : 1e-13;
        for (const kind of ACTS) {
          const got = wl.nn.functional.activation(kind, X).toTypedArray();
          const want = Array.from(big, ref[kind]);
          for (let i = 0; i < 6; i++) {
            expect(Number.isFinite(got[i]), `${kind}(${big[i]})`).toBe(true);
            // relative where representable; values below float32's range flush to 0
            expect(Math.abs(got[i] - want[i]), `${kind}(${big[i]}) = ${got[i]}, want ${want[i]}`).toBeLessThanOrEqual(tol * Math.abs(want[i]) + 1e-37);
          }
        }
        const sm = wl.nn.functional.softmax(X).toTypedArray();
        expect(sm[5]).toBe(1);
        expect(Array.from(sm).every(Number.isFinite)).toBe(true);
        const ls = wl.nn.functional.logSoftmax(X).toTypedArray();
        expect(ls[5]).toBe(0);
        expect(ls[0]).toBe(-2000);
        // losses from huge logits: finite, and the right magnitude
        const ce = wl.nn.functional.softmaxCrossEntropy(X, [0]);
        expect(ce.value).toBeCloseTo(2000, 3);
        const bce = wl.nn.functional.binaryCrossEntropy(X, wl.matrix([[1, 1, 1, 0, 0, 0]], { dtype }));
        expect(bce.value).toBeCloseTo((1000 + 100 + 30 + 30 + 100 + 1000) / 6, 3);
        expect(Array.from(bce.grad!.toTypedArray()).every(Number.isFinite)).toBe(true);
      });
    }
  });

  it('float32 kernels agree with float64 to float32 precision', () => {
    wl.scope(() => {
      const x = values(64, 5);
      const X64 = mat(wl, x, 8, 8), X32 = mat(wl, x, 8, 8, 'float32');
      for (const kind of ACTS) {
        const a = wl.nn.functional.activation(kind, X64).toTypedArray();
        const b = wl.nn.functional.activation(kind, X32).toTypedArray();
        expect(relErr(b, a), kind).toBeLessThan(1e-6);
      }
      const labels = Int32Array.from({ length: 8 }, (_, i) => i % 8);
      const a = wl.nn.functional.softmaxCrossEntropy(X64, labels), b = wl.nn.functional.softmaxCrossEntropy(X32, labels);
      expect(Math.abs(a.value - b.value)).toBeLessThan(1e-5 * a.value);
      expect(relErr(b.grad!.toTypedArray(), a.grad!.toTypedArray())).toBeLessThan(1e-6);
    });
  });
});

describe('wl.nn.functional: edge cases and errors', () => {
  it('handles 0-row inputs, writes into out (in place), and throws typed errors', async () => {
    const wl = await freshWl();
    const base = wl.memory();
    wl.scope(() => {
      const E = wl.zeros(0, 4);
      expect(wl.nn.functional.relu(E).rows).toBe(0);
      expect(wl.nn.functional.softmax(E).rows).toBe(0);
      expect(wl.nn.functional.mse(E, wl.zeros(0, 4)).value).toBe(0);
      const X = wl.matrix([[-1, 2]]);
      wl.nn.functional.relu(X, { out: X });
      expect(X.toArray()).toEqual([[0, 2]]);
      expect(wl.nn.functional.leakyRelu(wl.matrix([[-2]]), { alpha: 0.5 }).get(0, 0)).toBe(-1);
      expect(() => wl.nn.functional.activation('swish' as never, X)).toThrow(wl.InvalidParameterError);
      expect(() => wl.nn.functional.loss('nll' as never, X, X)).toThrow(/unknown loss "nll"/);
      expect(() => wl.nn.functional.mse(X, wl.zeros(2, 2))).toThrow(wl.ShapeError);
      expect(() => wl.nn.functional.softmaxCrossEntropy(X, [2])).toThrow(/target\[0\]: expected an integer class index in \[0, 1\]/);
      expect(() => wl.nn.functional.softmaxCrossEntropy(X, [0, 1])).toThrow(wl.ShapeError);
      expect(() => wl.nn.functional.huber(X, X, { delta: 0 })).toThrow(wl.InvalidParameterError);
      expect(() => wl.nn.functional.dense(X, wl.zeros(3, 2), wl.zeros(1, 2))).toThrow(wl.ShapeError);
      expect(() => wl.nn.functional.relu(X, { out: wl.zeros(1, 2, 'float32') })).toThrow(wl.ValidationError);
    });
    expect(wl.memory()).toEqual(base);
  });
});
