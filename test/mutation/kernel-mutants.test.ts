// Tests written for kernel mutants that the area test files let survive (npm run mutate:kernels).
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl } from '../helpers';

describe.each(BUILDS)('kneighbors with exact ties, %s build', (build) => {
  it('orders equal distances by training index, like a stable sort (ties random data never has)', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    // 12 points on 3 sites, 4 copies each; small integers keep every squared distance exact
    const T = Array.from({ length: 12 }, (_, i) => [i % 3, 0]);
    const Q = [[0, 0], [1, 0], [2, 0], [1, 1]];
    for (let k = 1; k <= 12; k++) {
      const knn = new wl.KNeighborsRegressor({ nNeighbors: k }).fit(T, T.map(() => 0));
      const nb = knn.kneighbors(Q);
      Q.forEach((q, i) => {
        const order = T.map((t, j) => [Math.hypot(t[0] - q[0], t[1] - q[1]), j]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(Array.from(nb.indices.slice(i * k, (i + 1) * k))).toEqual(order.slice(0, k).map((e) => e[1]));
        expect(Array.from(nb.distances.slice(i * k, (i + 1) * k))).toEqual(order.slice(0, k).map((e) => e[0]));
      });
      knn.dispose();
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe.each(BUILDS)('pairwiseDistances of identical rows on the vector path, %s build', (build) => {
  it('is never negative or NaN, and within the rounding bound of ‖x‖²+‖y‖²−2x·y', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    // 9 copies of one row: the row-against-row block is 9 wide, so whole vectors (not only the scalar tail)
    // see ‖x‖² + ‖y‖² − 2x·y, which rounds to ±a few ulps of ‖x‖² for equal rows
    const row = [0.1, 0.7, 1e3, -3.3, 12.5, 0.013, 77.7];
    const X = Array.from({ length: 9 }, () => row);
    const sq = row.reduce((s, v) => s + v * v, 0);
    for (const dtype of ['float64', 'float32'] as const) {
      const eps = dtype === 'float64' ? 2 ** -52 : 2 ** -23;
      const bound = Math.sqrt(4 * row.length * eps * sq); // sqrt of the worst rounding of the expansion
      const A = wl.matrix(X, { dtype });
      const D = wl.linalg.pairwiseDistances(A, A, { metric: 'euclidean' });
      for (const v of D.toTypedArray()) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(bound);
      }
      A.dispose();
      D.dispose();
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
