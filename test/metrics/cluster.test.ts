// silhouetteScore and adjustedRandScore against scikit-learn (clustering.json) and brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataset, getWl, reference, rng } from '../helpers';
import { bruteSilhouette } from './silhouette-reference';

const ref = reference('clustering.json').metrics;
const iris = dataset('iris.csv').rows;
const X = iris.map((r) => r.slice(0, 4));
const y = iris.map((r) => r[4]);

describe('clustering metrics', () => {
  it('silhouette of the iris species matches scikit-learn', async () => {
    const wl = await getWl();
    expect(wl.metrics.silhouetteScore(X, y)).toBeCloseTo(ref.silhouette_iris_trueLabels, 12);
  });

  it('silhouette matches brute force on random data (singletons included)', async () => {
    const wl = await getWl();
    fc.assert(fc.property(fc.integer({ min: 3, max: 30 }), fc.integer({ min: 2, max: 4 }), fc.integer(), (n, k0, seed) => {
      const r = rng(seed);
      const P = Array.from({ length: n }, () => [r(), r(), r()]);
      const k = Math.min(k0, n - 1);
      const labels = P.map((_, i) => (i < k ? i : Math.floor(r() * k)));
      expect(wl.metrics.silhouetteScore(P, labels)).toBeCloseTo(bruteSilhouette(P, labels), 10);
    }), { numRuns: 30, seed: 5 });
  });

  it('adjusted Rand: identities, symmetry, a known value', async () => {
    const wl = await getWl();
    expect(wl.metrics.adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(wl.metrics.adjustedRandScore(['a', 'a', 'b'], [5, 5, 7])).toBe(1);
    // scikit-learn's docstring example: adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) ≈ 0.57
    expect(wl.metrics.adjustedRandScore([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714285714, 14);
    expect(wl.metrics.adjustedRandScore([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 14);
    expect(() => wl.metrics.adjustedRandScore([0, 1], [0])).toThrow(wl.ShapeError);
    expect(() => wl.metrics.silhouetteScore(X, X.map(() => 0))).toThrow(/clusters/);
  });
});
