// Tests written for kernel mutants that the area test files let survive (npm run mutate:kernels).
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng } from '../helpers';

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

describe.each(BUILDS)('pairwiseDistances of nearby points far from the origin, %s build', (build) => {
  it('clamps the cancellation in ‖x‖²+‖y‖²−2x·y at 0: never negative, never NaN, within the rounding bound', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    // Points within 1e-6 of (1000, …, 1000): the true squared distances (≤ 8e-12) are far below the
    // rounding of the expansion (≈ 4·d·eps·‖x‖², 1e-8 in float64), so about half of them round below 0.
    const d = 8;
    const near = (seed: number, n: number) => {
      const r = rng(seed);
      return Array.from({ length: n }, () => Array.from({ length: d }, () => 1000 + 1e-6 * (r() - 0.5)));
    };
    const Xr = near(1, 13), Yr = near(2, 11);
    for (const dtype of ['float64', 'float32'] as const) {
      const eps = dtype === 'float64' ? 2 ** -52 : 2 ** -23;
      const bound = 4 * d * eps * d * 1001 ** 2 + 2 * d * 1e-12;
      const X = wl.matrix(Xr, { dtype });
      const Y = wl.matrix(Yr, { dtype });
      for (const [P, Q] of [[X, Y], [X, undefined]] as const) {
        const S = wl.linalg.pairwiseDistances(P, Q, { metric: 'sqeuclidean' });
        const E = wl.linalg.pairwiseDistances(P, Q, { metric: 'euclidean' });
        for (const v of S.toTypedArray()) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(bound);
        }
        for (const v of E.toTypedArray()) {
          expect(Number.isNaN(v)).toBe(false);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        S.dispose();
        E.dispose();
      }
      X.dispose();
      Y.dispose();
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe.each(BUILDS)('QR of a nearly upper-triangular matrix, %s build', (build) => {
  it('each reflector points away from its column (β = −sign(α)·‖x‖): no cancellation, Q·R = A, QᵀQ = I', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    // Below the diagonal only 1e-12 (f64) / 1e-6 (f32) relative to it: with β of α's sign, α − β
    // cancels to 0 and the reflector divides by it. Sizes below and above the blocked QR's threshold.
    for (const dtype of ['float64', 'float32'] as const) {
      const eps = dtype === 'float64' ? 2 ** -52 : 2 ** -23;
      const tiny = dtype === 'float64' ? 1e-12 : 1e-6;
      for (const [m, n] of [[5, 5], [9, 4], [70, 70]]) {
        const r = rng(m * 100 + n);
        const A = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 + r() : i < j ? r() - 0.5 : tiny * (r() - 0.5))));
        const M = wl.matrix(A, { dtype });
        const { Q, R } = wl.linalg.qr(M);
        const a = M.toArray(), q = Q.toArray(), rr = R.toArray();
        const k = Math.min(m, n);
        const tol = 50 * Math.max(m, n) * eps;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let t = 0; t < k; t++) s += q[i][t] * rr[t][j];
            expect(Math.abs(s - a[i][j])).toBeLessThanOrEqual(tol);
          }
        }
        for (let c = 0; c < k; c++) {
          for (let b = 0; b < k; b++) {
            let s = 0;
            for (let i = 0; i < m; i++) s += q[i][c] * q[i][b];
            expect(Math.abs(s - (c === b ? 1 : 0))).toBeLessThanOrEqual(tol);
          }
        }
        M.dispose();
        Q.dispose();
        R.dispose();
      }
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
