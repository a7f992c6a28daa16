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
