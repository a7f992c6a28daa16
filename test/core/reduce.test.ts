import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, rng, type WL } from '../helpers';

type M = InstanceType<WL['Matrix']>;
const DTYPES = ['float64', 'float32'] as const;
const EPS = { float64: 2 ** -52, float32: 2 ** -23 };

// Shapes: empty, single, vector-width tails (f32 lanes 4, f64 lanes 2, the 8-wide unroll), more than
// one 128-row block (axis 0) and more than one 2048-term block (axis 1, no axis).
const SHAPES: [number, number][] = [
  [0, 0], [0, 3], [3, 0], [1, 1], [1, 7], [7, 1], [2, 3], [5, 9], [17, 9], [9, 17], [33, 65], [130, 5], [257, 3], [3, 2100],
];
{
  const r = rng(7);
  for (let i = 0; i < 6; i++) SHAPES.push([1 + Math.floor(r() * 40), 1 + Math.floor(r() * 40)]);
}

/** rows×cols values: uniform in [offset − 1, offset + 1), or small integers (ties) when `ties`. */
function data(rows: number, cols: number, seed: number, dtype: (typeof DTYPES)[number], offset = 3, ties = false): number[] {
  const r = rng(seed);
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  return Array.from({ length: rows * cols }, () => (ties ? Math.floor(r() * 4) : round(offset + 2 * r() - 1)));
}

/** Values along each run of the axis: axis 0 → columns, axis 1 → rows, undefined → everything. */
function runs(a: number[], rows: number, cols: number, axis?: 0 | 1): number[][] {
  if (axis === undefined) return [a];
  if (axis === 0) return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => a[i * cols + j]));
  return Array.from({ length: rows }, (_, i) => a.slice(i * cols, (i + 1) * cols));
}

const jsSum = (x: number[]) => x.reduce((s, v) => s + v, 0);
const jsMean = (x: number[]) => jsSum(x) / x.length;
const jsVar = (x: number[], ddof: number) => {
  const m = jsMean(x);
  return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - ddof);
};
const jsArg = (x: number[], max: boolean) => {
  let k = 0;
  for (let i = 1; i < x.length; i++) if (max ? x[i] > x[k] : x[i] < x[k]) k = i;
  return k;
};

/** Result values of a reduction, flattened; a number stays a one-element list. */
function values(r: number | M): number[] {
  return typeof r === 'number' ? [r] : Array.from(r.toTypedArray());
}

function checkShape(r: number | M, rows: number, cols: number, axis?: 0 | 1): void {
  if (axis === undefined) expect(typeof r).toBe('number');
  else expect((r as M).shape).toEqual(axis === 0 ? [1, cols] : [rows, 1]);
}

describe.each(BUILDS)('reductions, %s build', (build) => {
  it.each(DTYPES)('sum, mean, var, std, min, max, argmin, argmax match plain TS on every axis (%s)', async (dtype) => {
    const wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
    const base = wl.memory().bytesInUse;
    // relative error allowed: the f64 accumulation error plus one rounding of the stored result
    const tol = (n: number, scale: number) => (4 * n * 2 ** -52 + 2 * EPS[dtype]) * scale + 1e-300;
    for (const [rows, cols] of SHAPES) {
      for (const ties of [false, true]) {
        const a = data(rows, cols, rows * 1000 + cols, dtype, 3, ties);
        const A = wl.zeros(rows, cols, dtype);
        A.data.set(a);
        for (const axis of [undefined, 0, 1] as const) {
          const opts = axis === undefined ? undefined : { axis };
          const rs = runs(a, rows, cols, axis);
          const n = rs[0]?.length ?? 0;
          const label = `${rows}×${cols} axis=${axis} ties=${ties}`;
          const s = wl.sum(A, opts);
          checkShape(s, rows, cols, axis);
          values(s).forEach((v, k) => expect(Math.abs(v - jsSum(rs[k])), `sum ${label}`).toBeLessThanOrEqual(tol(n, jsSum(rs[k].map(Math.abs)))));
          if (rs.length === 0) {
            // no outputs (a 0-length axis kept): empty results of the right shape, nothing to throw
            for (const f of [wl.mean, wl.var, wl.std, wl.min, wl.max]) {
              const r = (f as (...x: unknown[]) => M)(A, opts);
              checkShape(r, rows, cols, axis);
              r.dispose();
            }
            expect((wl.argmax(A, opts) as Int32Array).length).toBe(0);
            (s as M).dispose();
            continue;
          }
          if (n === 0) {
            for (const f of [wl.mean, wl.var, wl.std, wl.min, wl.max, wl.argmin, wl.argmax]) expect(() => (f as (...x: unknown[]) => unknown)(A, opts)).toThrow(wl.ValidationError);
            if (typeof s !== 'number') s.dispose();
            continue;
          }
          const mean = wl.mean(A, opts);
          checkShape(mean, rows, cols, axis);
          values(mean).forEach((v, k) => expect(Math.abs(v - jsMean(rs[k])), `mean ${label}`).toBeLessThanOrEqual(tol(n, 4)));
          for (const ddof of [0, 1]) {
            if (n - ddof <= 0) {
              expect(() => wl.var(A, { axis, ddof })).toThrow(wl.InvalidParameterError);
              continue;
            }
            const v = wl.var(A, { axis, ddof });
            const sd = wl.std(A, { axis, ddof });
            checkShape(v, rows, cols, axis);
            checkShape(sd, rows, cols, axis);
            values(v).forEach((x, k) => expect(Math.abs(x - jsVar(rs[k], ddof)), `var ${label}`).toBeLessThanOrEqual(tol(n, 4) + 1e-13));
            values(sd).forEach((x, k) => expect(Math.abs(x - Math.sqrt(jsVar(rs[k], ddof))), `std ${label}`).toBeLessThanOrEqual(tol(n, 4) + 1e-12));
            for (const r of [v, sd]) if (typeof r !== 'number') r.dispose();
          }
          const mn = wl.min(A, opts);
          const mx = wl.max(A, opts);
          checkShape(mn, rows, cols, axis);
          expect(values(mn), `min ${label}`).toEqual(rs.map((x) => Math.min(...x)));
          expect(values(mx), `max ${label}`).toEqual(rs.map((x) => Math.max(...x)));
          const am = wl.argmin(A, opts);
          const aM = wl.argmax(A, opts);
          if (axis === undefined) {
            expect(am).toBe(jsArg(a, false));
            expect(aM).toBe(jsArg(a, true));
          } else {
            expect(am).toBeInstanceOf(Int32Array);
            expect(Array.from(am as Int32Array), `argmin ${label}`).toEqual(rs.map((x) => jsArg(x, false)));
            expect(Array.from(aM as Int32Array), `argmax ${label}`).toEqual(rs.map((x) => jsArg(x, true)));
          }
          for (const r of [s, mean, mn, mx]) if (typeof r !== 'number') r.dispose();
        }
        A.dispose();
      }
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('reductions: accuracy, options and errors', () => {
  it('accumulates float32 sums in float64 (a long f32 sum keeps its digits)', async () => {
    const wl = await getWl();
    // 10⁶ copies of 0.1f: an f32 running sum drifts by ~1%; f64 accumulation is exact to 1e-7 relative
    const n = 1_000_000;
    const A = wl.full(1, n, 0.1, 'float32');
    const exact = n * Math.fround(0.1);
    expect(Math.abs(wl.sum(A) - exact) / exact).toBeLessThan(1e-12);
    expect(Math.abs(wl.mean(A) - Math.fround(0.1))).toBeLessThan(1e-12);
    const T = wl.full(n, 1, 0.1, 'float32');
    const s = wl.sum(T, { axis: 0 });
    expect(Math.abs(s.get(0, 0) - exact) / exact).toBeLessThan(1e-7);
    // variance of a large offset: the two-pass variance does not cancel catastrophically
    const B = wl.matrix([[1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4]]);
    expect(wl.var(B)).toBeCloseTo(1.25, 12);
    for (const m of [A, T, s, B]) m.dispose();
  });

  it('writes axis results into out and checks it', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const A = wl.matrix([[1, 2, 3], [4, 5, 6]]);
    const out = wl.zeros(1, 3);
    expect(wl.sum(A, { axis: 0, out })).toBe(out);
    expect(out.toArray()).toEqual([[5, 7, 9]]);
    expect(wl.mean(A, { axis: -2, out }).toArray()).toEqual([[2.5, 3.5, 4.5]]);
    const v = wl.var(A, { axis: 1, ddof: 1 });
    expect(v.toArray()).toEqual([[1], [1]]);
    expect(() => wl.sum(A, { axis: 1, out })).toThrow(wl.ShapeError);
    const o32 = wl.zeros(1, 3, 'float32');
    expect(() => wl.sum(A, { axis: 0, out: o32 })).toThrow(/dtype/);
    v.dispose();
    o32.dispose();
    expect(() => wl.sum(A, { out } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.sum(A, { axis: 2 } as never)).toThrow(/axis/);
    expect(() => wl.mean(A, { axiss: 0 } as never)).toThrow(/unknown option "axiss"/);
    expect(() => wl.var(A, { ddof: -1 })).toThrow(/ddof/);
    expect(() => wl.var(A, { ddof: 6 })).toThrow(/ddof/);
    expect(() => wl.argmax(A, { axis: 0, out } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.sum([[1, 2]] as never)).toThrow(wl.ValidationError);
    A.dispose();
    out.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
    expect(() => wl.sum(A)).toThrow(wl.DisposedError);
  });

  it('property: axis sums add up to the total and means broadcast back to a zero-mean matrix', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer(), fc.constantFrom(...DTYPES), (rows, cols, seed, dtype) => {
        const A = wl.zeros(rows, cols, dtype);
        A.data.set(data(rows, cols, seed, dtype, 0));
        const total = wl.sum(A);
        const c = wl.sum(A, { axis: 0 });
        const r = wl.sum(A, { axis: 1 });
        const tol = 1e-5 * (rows * cols + 1);
        expect(Math.abs(wl.sum(c) - total)).toBeLessThanOrEqual(tol);
        expect(Math.abs(wl.sum(r) - total)).toBeLessThanOrEqual(tol);
        if (rows > 0) {
          const mu = wl.mean(A, { axis: 0 });
          const centered = wl.sub(A, mu);
          const m = wl.mean(centered, { axis: 0 });
          // |mean of the centered column| ≤ a few roundings of values of size ≤ 1
          for (const v of m.toTypedArray()) expect(Math.abs(v)).toBeLessThanOrEqual(8 * EPS[dtype]);
          for (const x of [mu, centered, m]) x.dispose();
        }
        for (const m of [A, c, r]) m.dispose();
      }),
      { numRuns: 60, seed: 14 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
