// pairwiseDistances against a plain TypeScript reference, every metric, build and dtype.
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng, type WL } from '../helpers';

type Dt = 'float32' | 'float64';
const EPS: Record<Dt, number> = { float32: 2 ** -23, float64: 2 ** -52 };
const METRICS = ['sqeuclidean', 'euclidean', 'manhattan', 'cosine'] as const;

function ref(metric: (typeof METRICS)[number], x: ArrayLike<number>, y: ArrayLike<number>, i: number, j: number, d: number): number {
  let s = 0, xx = 0, yy = 0, xy = 0;
  for (let k = 0; k < d; k++) {
    const a = x[i * d + k], b = y[j * d + k];
    s += metric === 'manhattan' ? Math.abs(a - b) : (a - b) ** 2;
    xx += a * a; yy += b * b; xy += a * b;
  }
  if (metric === 'euclidean') return Math.sqrt(s);
  if (metric === 'cosine') return xx === 0 || yy === 0 ? 1 : 1 - xy / Math.sqrt(xx * yy);
  return s;
}

function randomMatrix(wl: WL, rows: number, cols: number, dtype: Dt, r: () => number) {
  return wl.matrix(Float64Array.from({ length: rows * cols }, () => 2 * r() - 1), { rows, cols, dtype });
}

describe.each(BUILDS)('pairwiseDistances (%s build)', (build) => {
  it.each(['float32', 'float64'] as const)('matches the reference for every metric (%s)', async (dtype) => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const r = rng(3);
    for (const [n, m, d] of [[1, 1, 1], [5, 7, 3], [13, 4, 9], [33, 70, 17], [9, 9, 64]]) {
      const X = randomMatrix(wl, n, d, dtype, r);
      const Y = randomMatrix(wl, m, d, dtype, r);
      const x = X.toTypedArray(), y = Y.toTypedArray();
      for (const metric of METRICS) {
        for (const self of [false, true]) {
          const D = self ? wl.linalg.pairwiseDistances(X, undefined, { metric }) : wl.linalg.pairwiseDistances(X, Y, { metric });
          const cols = self ? n : m;
          expect(D.shape).toEqual([n, cols]);
          expect(D.dtype).toBe(dtype);
          const got = D.toTypedArray();
          // |x|,|y| ≤ 1 per entry, so ‖x‖² ≤ d: the dot trick's error is about d·eps·d.
          const tolSq = 8 * (d + 2) * EPS[dtype] * 2 * d;
          const tol = metric === 'sqeuclidean' ? tolSq : metric === 'euclidean' ? Math.sqrt(tolSq) : metric === 'manhattan' ? 4 * (d + 2) * EPS[dtype] * 2 * d : 8 * (d + 2) * EPS[dtype];
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < cols; j++) {
              const want = ref(metric, x, self ? x : y, i, j, d);
              const g = got[i * cols + j];
              if (!(Math.abs(g - want) <= tol)) expect.fail(`${metric} ${n}×${m}×${d} self=${self} (${i},${j}): ${g} vs ${want}, tol ${tol}`);
              expect(g).toBeGreaterThanOrEqual(0);
              if (self) {
                expect(g).toBe(got[j * cols + i]);
                if (i === j) expect(g).toBe(0);
              }
            }
          }
          D.dispose();
        }
      }
      X.dispose();
      Y.dispose();
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('pairwiseDistances edge cases and errors', () => {
  it('handles duplicates, zero rows and JS input', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    const X = [[3, 4], [3, 4], [0, 0]];
    const E = wl.linalg.pairwiseDistances(X, [[0, 0], [6, 8]]);
    expect(E.dtype).toBe('float64');
    expect(E.toArray()).toEqual([[5, 5], [5, 5], [0, 10]]);
    // identical rows: exactly 0 after the clamp, never negative or NaN under the square root
    const S = wl.linalg.pairwiseDistances([[0.1, 0.7, 1e3], [0.1, 0.7, 1e3]], [[0.1, 0.7, 1e3]], { metric: 'euclidean' });
    for (const v of S.toTypedArray()) expect(v).toBeGreaterThanOrEqual(0);
    expect(S.get(0, 0)).toBeLessThan(1e-4);
    // a zero row has cosine similarity 0 to everything: distance 1
    const C = wl.linalg.pairwiseDistances(X, [[0, 0], [-3, -4]], { metric: 'cosine' });
    expect(C.get(0, 0)).toBe(1);
    expect(C.get(0, 1)).toBeCloseTo(2, 12);
    expect(C.get(2, 1)).toBe(1);
    // options in second position mean "X against itself"
    const M2 = wl.linalg.pairwiseDistances(X, { metric: 'manhattan' });
    expect(M2.toArray()).toEqual([[0, 0, 7], [0, 0, 7], [7, 7, 0]]);
    for (const M of [E, S, C, M2]) M.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('throws typed errors', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    const X = wl.zeros(3, 2);
    const F = wl.zeros(3, 2, 'float32');
    expect(() => wl.linalg.pairwiseDistances(X, [[1, 2, 3]])).toThrow(wl.ShapeError);
    expect(() => wl.linalg.pairwiseDistances(X, [[1, 2, 3]])).toThrow(/Y: expected 2 columns/);
    expect(() => wl.linalg.pairwiseDistances(X, F)).toThrow(wl.ValidationError);
    expect(() => wl.linalg.pairwiseDistances(X, X, { metric: 'chebyshev' } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.pairwiseDistances(X, X, { p: 2 } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.pairwiseDistances([[1, Infinity]])).toThrow(wl.ValidationError);
    F.dispose();
    expect(() => wl.linalg.pairwiseDistances(F)).toThrow(wl.DisposedError);
    X.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
