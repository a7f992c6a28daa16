import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, rng, type WL } from '../helpers';

type M = InstanceType<WL['Matrix']>;
const DTYPES = ['float64', 'float32'] as const;
const EPS = { float64: 2 ** -52, float32: 2 ** -23 };
// smallest normal: below it relative accuracy is not defined (subnormals), so an absolute floor
const TINY = { float64: 2.3e-308, float32: 1.2e-38 };
const round = (dtype: string) => (dtype === 'float32' ? Math.fround : (x: number) => x);

// Lengths with every tail modulo the vector widths, as rows×cols shapes.
const SHAPES: [number, number][] = [[0, 0], [0, 4], [1, 1], [1, 3], [3, 1], [1, 8], [2, 5], [7, 9], [13, 17], [40, 33]];

function filled(wl: WL, rows: number, cols: number, dtype: (typeof DTYPES)[number], f: (r: () => number) => number, seed: number): [M, number[]] {
  const r = rng(seed);
  const a = Array.from({ length: rows * cols }, () => round(dtype)(f(r)));
  const A = wl.zeros(rows, cols, dtype);
  A.data.set(a);
  return [A, a];
}

const sigmoidRef = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

// name, reference, input generator (inside the domain)
const UNARY: [string, (x: number) => number, (r: () => number) => number][] = [
  ['exp', Math.exp, (r) => 40 * r() - 20],
  ['log', Math.log, (r) => 100 * r() ** 3 + 1e-3],
  ['log1p', Math.log1p, (r) => 4 * r() - 0.999],
  ['expm1', Math.expm1, (r) => 4 * r() - 2],
  ['sqrt', Math.sqrt, (r) => 100 * r()],
  ['abs', Math.abs, (r) => 4 * r() - 2],
  ['square', (x) => x * x, (r) => 4 * r() - 2],
  ['sign', Math.sign, (r) => Math.round(4 * r() - 2)],
  ['tanh', Math.tanh, (r) => 10 * r() - 5],
  ['sigmoid', sigmoidRef, (r) => 100 * r() - 50],
];

describe.each(BUILDS)('elementwise math, %s build', (build) => {
  it.each(DTYPES)('every unary op matches Math within a few ulps, in place too (%s)', async (dtype) => {
    const wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
    const base = wl.memory().bytesInUse;
    const fns = wl as unknown as Record<string, (A: M, o?: { out?: M }) => M>;
    for (const [name, ref, gen] of UNARY) {
      for (const [rows, cols] of SHAPES) {
        const [A, a] = filled(wl, rows, cols, dtype, gen, rows * 31 + cols + name.length);
        const B = fns[name](A);
        expect(B.shape).toEqual([rows, cols]);
        expect(B.dtype).toBe(dtype);
        const b = B.toTypedArray();
        // the first element outside a few ulps, if any (one expect per array keeps the test fast)
        const bad = a.findIndex((x, i) => !(Math.abs(b[i] - ref(x)) <= 4 * EPS[dtype] * Math.abs(ref(x)) + TINY[dtype]));
        expect(bad, bad < 0 ? '' : `${name}(${a[bad]}) = ${b[bad]}, want ${ref(a[bad])} (${rows}×${cols})`).toBe(-1);
        // aliased output: the same values, written over A
        expect(fns[name](A, { out: A })).toBe(A);
        expect(Array.from(A.toTypedArray())).toEqual(Array.from(b));
        A.dispose();
        B.dispose();
      }
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it.each(DTYPES)('pow, clip, maximum, minimum (%s)', async (dtype) => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const rd = round(dtype);
    for (const [rows, cols] of SHAPES) {
      const [A, a] = filled(wl, rows, cols, dtype, (r) => 6 * r() - 3, rows * 7 + cols);
      for (const p of [2, 3, -1, 0, 1]) {
        const P = wl.pow(A, p);
        const got = P.toTypedArray();
        const bad = a.findIndex((x, i) => !(Math.abs(got[i] - x ** p) <= 4 * EPS[dtype] * Math.abs(x ** p)));
        expect(bad, bad < 0 ? '' : `pow(${a[bad]}, ${p}) = ${got[bad]}`).toBe(-1);
        P.dispose();
      }
      const absA = wl.abs(A);
      const P = wl.pow(absA, 0.37);
      const got = P.toTypedArray();
      expect(a.findIndex((x, i) => !(Math.abs(got[i] - Math.abs(x) ** 0.37) <= 4 * EPS[dtype] * Math.abs(x) ** 0.37 + TINY[dtype]))).toBe(-1);
      const C = wl.clip(A, -1, 1.5);
      expect(Array.from(C.toTypedArray())).toEqual(a.map((x) => Math.min(Math.max(x, -1), rd(1.5))));
      const Clo = wl.clip(A, 0, null);
      expect(Array.from(Clo.toTypedArray())).toEqual(a.map((x) => Math.max(x, 0)));
      const [B, b] = filled(wl, rows, cols, dtype, (r) => 6 * r() - 3, rows * 13 + cols);
      const Mx = wl.maximum(A, B);
      const Mn = wl.minimum(A, B);
      expect(Array.from(Mx.toTypedArray())).toEqual(a.map((x, i) => Math.max(x, b[i])));
      expect(Array.from(Mn.toTypedArray())).toEqual(a.map((x, i) => Math.min(x, b[i])));
      const relu = wl.maximum(A, 0);
      expect(Array.from(relu.toTypedArray())).toEqual(a.map((x) => Math.max(x, 0)));
      for (const m of [A, absA, P, C, Clo, B, Mx, Mn, relu]) m.dispose();
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

/** A reference broadcast op over row-major arrays (NumPy's rule for two 2-D shapes). */
function jsBroadcast(f: (x: number, y: number) => number, a: number[], ar: number, ac: number, b: number[], br: number, bc: number): { v: number[]; rows: number; cols: number } {
  const rows = ar === 1 ? br : ar; // a dimension of 1 stretches to the other (even to 0)
  const cols = ac === 1 ? bc : ac;
  const v: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) v.push(f(a[(ar === 1 ? 0 : i) * ac + (ac === 1 ? 0 : j)], b[(br === 1 ? 0 : i) * bc + (bc === 1 ? 0 : j)]));
  }
  return { v, rows, cols };
}

const BINARY: [string, (x: number, y: number) => number][] = [
  ['add', (x, y) => x + y],
  ['sub', (x, y) => x - y],
  ['mul', (x, y) => x * y],
  ['div', (x, y) => x / y],
  ['maximum', Math.max],
  ['minimum', Math.min],
];

describe.each(BUILDS)('broadcasting add/sub/mul/div/maximum/minimum, %s build', (build) => {
  it.each(DTYPES)('every pairing of number, 1×1, 1×cols, rows×1 and rows×cols matches NumPy’s rule (%s)', async (dtype) => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const fns = wl as unknown as Record<string, (A: unknown, B: unknown, o?: { out?: M }) => M>;
    const rd = round(dtype);
    for (const [rows, cols] of [[1, 1], [3, 1], [1, 5], [4, 7], [9, 2], [6, 13], [0, 3]] as [number, number][]) {
      const kinds: [number, number][] = [[rows, cols], [1, cols], [rows, 1], [1, 1]];
      for (const [ar, ac] of kinds) {
        for (const [br, bc] of kinds) {
          const [A, a] = filled(wl, ar, ac, dtype, (r) => 4 * r() - 2, ar * 100 + ac);
          const [B, b] = filled(wl, br, bc, dtype, (r) => 3 * r() + 0.5, br * 100 + bc + 7);
          for (const [name, f] of BINARY) {
            const ref = jsBroadcast((x, y) => rd(f(x, y)), a, ar, ac, b, br, bc);
            const C = fns[name](A, B);
            expect(C.shape, `${name} ${ar}×${ac} ${br}×${bc}`).toEqual([ref.rows, ref.cols]);
            expect(Array.from(C.toTypedArray()), `${name} ${ar}×${ac} with ${br}×${bc}`).toEqual(ref.v);
            // number operands on either side
            if (br === 1 && bc === 1) {
              const D = fns[name](A, b[0]);
              expect(Array.from(D.toTypedArray())).toEqual(a.map((x) => rd(f(x, b[0]))));
              const E = fns[name](b[0], A);
              expect(Array.from(E.toTypedArray())).toEqual(a.map((x) => rd(f(b[0], x))));
              D.dispose();
              E.dispose();
            }
            // aliased output when A already has the broadcast shape
            if (ar === ref.rows && ac === ref.cols) {
              const A2 = wl.clone(A);
              expect(fns[name](A2, B, { out: A2 })).toBe(A2);
              expect(Array.from(A2.toTypedArray())).toEqual(ref.v);
              A2.dispose();
            }
            C.dispose();
          }
          A.dispose();
          B.dispose();
        }
      }
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('broadcasting and math: errors and properties', () => {
  it('rejects shapes that do not broadcast, mixed dtypes, two numbers, bad out', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    wl.scope(() => {
      const A = wl.zeros(3, 4);
      expect(() => wl.add(A, wl.zeros(2, 4))).toThrow(wl.ShapeError);
      expect(() => wl.add(A, wl.zeros(3, 2))).toThrow(/does not broadcast/);
      expect(() => wl.mul(wl.zeros(3, 1), wl.zeros(1, 4), { out: wl.zeros(3, 3) })).toThrow(wl.ShapeError);
      expect(wl.mul(wl.zeros(3, 1), wl.zeros(1, 4)).shape).toEqual([3, 4]); // outer broadcast, as NumPy
      expect(() => wl.add(A, wl.zeros(3, 4, 'float32'))).toThrow(/dtype/);
      expect(() => wl.add(1 as never, 2 as never)).toThrow(wl.ValidationError);
      expect(() => wl.add(A, NaN)).toThrow(/B: expected a finite number/);
      expect(() => wl.sub('1' as never, A)).toThrow(/A: expected a Matrix/);
      expect(() => wl.add(A, 1, { into: A } as never)).toThrow(/unknown option "into"/);
      expect(() => wl.maximum(A, wl.zeros(1, 5))).toThrow(wl.ShapeError);
    });
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('sub(1, P) and standardization by broadcasting', async () => {
    const wl = await getWl();
    const result = wl.scope(() => {
      const P = wl.matrix([[0.25, 0.5], [1, 0]]);
      expect(wl.sub(1, P).toArray()).toEqual([[0.75, 0.5], [0, 1]]);
      const X = wl.matrix([[1, 10], [2, 20], [3, 30], [6, 60]]);
      const Z = wl.div(wl.sub(X, wl.mean(X, { axis: 0 })), wl.std(X, { axis: 0 }));
      const m = wl.mean(Z, { axis: 0 }).toArray()[0];
      const s = wl.std(Z, { axis: 0 }).toArray()[0];
      for (const v of m) expect(Math.abs(v)).toBeLessThan(1e-15);
      for (const v of s) expect(v).toBeCloseTo(1, 14);
      return 0;
    });
    expect(result).toBe(0);
  });

  it('domain: log/sqrt of a negative, log1p below −1, fractional power of a negative throw before writing', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    wl.scope(() => {
      const A = wl.matrix([[1, 4, 9], [16, -0.5, 2]]);
      for (const f of [wl.log, wl.sqrt]) {
        expect(() => f(A)).toThrow(wl.ValidationError);
        expect(() => f(A, { out: A })).toThrow(/A\[1\]\[1\] = -0.5/);
      }
      expect(() => wl.log1p(wl.matrix([[0, -1.5]]))).toThrow(/A\[0\]\[1\] = -1.5/);
      expect(() => wl.pow(A, 0.5)).toThrow(/fractional exponent/);
      expect(A.toArray()).toEqual([[1, 4, 9], [16, -0.5, 2]]); // untouched, even with out: A
      expect(wl.pow(A, 3).get(1, 1)).toBe(-0.125); // integer powers of negatives are fine
      // poles follow IEEE/NumPy
      expect(wl.log(wl.matrix([[0]])).get(0, 0)).toBe(-Infinity);
      expect(wl.log1p(wl.matrix([[-1]])).get(0, 0)).toBe(-Infinity);
      expect(wl.exp(wl.matrix([[1000]])).get(0, 0)).toBe(Infinity);
      // sigmoid saturates without overflow
      const s = wl.sigmoid(wl.matrix([[-1000, -745, 0, 745, 1000]])).toArray()[0];
      expect(s).toEqual([0, sigmoidRef(-745), 0.5, 1, 1]);
      expect(() => wl.clip(A, 2, 1)).toThrow(wl.InvalidParameterError);
      expect(() => wl.clip(A, null, undefined)).toThrow(/at least one/);
      expect(() => wl.pow(A, NaN)).toThrow(/p: expected a finite number/);
    });
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('property: broadcasting equals explicit tiling', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom('row', 'col', 'scalar', 'full'),
        fc.boolean(),
        fc.constantFrom(...DTYPES),
        fc.integer(),
        (rows, cols, kind, swap, dtype, seed) => {
          const [br, bc] = kind === 'row' ? [1, cols] : kind === 'col' ? [rows, 1] : kind === 'scalar' ? [1, 1] : [rows, cols];
          wl.scope(() => {
            const [A, a] = filled(wl, rows, cols, dtype, (r) => 2 * r() - 1, seed);
            const [B, b] = filled(wl, br, bc, dtype, (r) => 2 * r() + 1, seed + 1);
            const ref = swap ? jsBroadcast((x, y) => round(dtype)(x - y), b, br, bc, a, rows, cols) : jsBroadcast((x, y) => round(dtype)(x - y), a, rows, cols, b, br, bc);
            const C = swap ? wl.sub(B, A) : wl.sub(A, B);
            expect(C.shape).toEqual([rows, cols]);
            expect(Array.from(C.toTypedArray())).toEqual(ref.v);
          });
        },
      ),
      { numRuns: 80, seed: 14 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
