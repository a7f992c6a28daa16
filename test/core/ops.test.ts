import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, randomArray, rng } from '../helpers';

// Random lengths 0..1000 (every tail length modulo the vector width appears), against plain JS.
const lengths = [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 100, 127, 128, 129, 255, 257, 511, 999, 1000];
{
  const r = rng(99);
  for (let i = 0; i < 15; i++) lengths.push(Math.floor(r() * 1001));
}

describe.each(BUILDS)('elementwise kernels, %s build', (build) => {
  it.each(['float64', 'float32'] as const)('match a plain JS reference on random lengths (%s)', async (dtype) => {
    const wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    const base = wl.memory().bytesInUse;
    for (const n of lengths) {
      const a = randomArray(n, n + 1).map(round);
      const b = randomArray(n, n + 2).map((x) => round(x + 1.5)); // no zeros: b is a divisor
      const A = wl.zeros(1, n, dtype);
      const B = wl.zeros(1, n, dtype);
      A.data.set(a);
      B.data.set(b);
      const ops: [string, (x: number, y: number) => number][] = [
        ['add', (x, y) => x + y],
        ['sub', (x, y) => x - y],
        ['mul', (x, y) => x * y],
        ['div', (x, y) => x / y],
      ];
      for (const [name, f] of ops) {
        const C = (wl as unknown as Record<string, (a: unknown, b: unknown) => InstanceType<typeof wl.Matrix>>)[name](A, B);
        const expected = a.map((x, i) => round(f(x, b[i])));
        expect(Array.from(C.toTypedArray()), `${name} n=${n}`).toEqual(expected);
        C.dispose();
      }
      const S = wl.scale(A, 0.5);
      expect(Array.from(S.toTypedArray())).toEqual(a.map((x) => round(0.5 * x)));
      // in place, aliased output
      wl.scale(S, 2, { out: S });
      expect(Array.from(S.toTypedArray())).toEqual(a);
      // axpy: FMA (relaxed build) or mul+add: within one rounding of the unfused result
      const Y = wl.clone(B);
      wl.axpy(0.75, A, Y);
      const y = Y.toTypedArray();
      const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
      for (let i = 0; i < n; i++) expect(Math.abs(y[i] - (0.75 * a[i] + b[i]))).toBeLessThanOrEqual(4 * eps * (Math.abs(0.75 * a[i]) + Math.abs(b[i])));
      // reductions: error bound of a summation of n terms
      const refDot = a.reduce((s, x, i) => s + x * b[i], 0);
      const absDot = a.reduce((s, x, i) => s + Math.abs(x * b[i]), 0);
      expect(Math.abs(wl.dot(A, B) - refDot)).toBeLessThanOrEqual(2 * (n + 1) * eps * absDot + 1e-300);
      const refSum = a.reduce((s, x) => s + x, 0);
      const absSum = a.reduce((s, x) => s + Math.abs(x), 0);
      expect(Math.abs(wl.sum(A) - refSum)).toBeLessThanOrEqual(2 * (n + 1) * eps * absSum + 1e-300);
      if (n > 0) {
        expect(wl.min(A)).toBe(Math.min(...a));
        expect(wl.max(A)).toBe(Math.max(...a));
      } else {
        expect(() => wl.min(A)).toThrow(wl.ValidationError);
      }
      wl.fill(A, 3.25);
      expect(Array.from(A.toTypedArray())).toEqual(new Array(n).fill(3.25));
      const T = wl.matrix({ data: b.length ? b : [0], rows: 1, cols: Math.max(n, 1) }, { dtype });
      const Tt = wl.transpose(T);
      expect([Tt.rows, Tt.cols]).toEqual([T.cols, 1]);
      expect(Array.from(Tt.toTypedArray())).toEqual(Array.from(T.toTypedArray()));
      for (const m of [A, B, S, Y, T, Tt]) m.dispose();
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('transpose', () => {
  it('transposes rectangular matrices across tile edges', async () => {
    const wl = await freshWl();
    for (const [r, c] of [[1, 1], [3, 5], [33, 31], [64, 65], [100, 7]]) {
      const data = randomArray(r * c, r * 100 + c);
      const A = wl.matrix({ data, rows: r, cols: c });
      const T = wl.transpose(A);
      const t = T.toArray();
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) expect(t[j][i]).toBe(data[i * c + j]);
      A.dispose();
      T.dispose();
    }
  });
});
