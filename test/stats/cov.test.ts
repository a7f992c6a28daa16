import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, dataset, freshWl, getWl, reference, rng } from '../helpers';

/** NumPy's cov on row-major X (p variables as rows when rowvar), in plain TS. */
function jsCov(x: number[], rows: number, cols: number, rowvar: boolean, ddof: number): number[][] {
  const p = rowvar ? rows : cols;
  const n = rowvar ? cols : rows;
  const get = (v: number, o: number) => (rowvar ? x[v * cols + o] : x[o * cols + v]);
  const mean = Array.from({ length: p }, (_, v) => Array.from({ length: n }, (_, o) => get(v, o)).reduce((s, t) => s + t, 0) / n);
  return Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let o = 0; o < n; o++) s += (get(i, o) - mean[i]) * (get(j, o) - mean[j]);
      return s / (n - ddof);
    }),
  );
}

describe.each(BUILDS)('cov and corrcoef, %s build', (build) => {
  it.each(['float64', 'float32'] as const)('match NumPy’s definitions on random shapes (%s)', async (dtype) => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    for (const [rows, cols] of [[1, 2], [2, 2], [3, 5], [5, 3], [1, 9], [9, 1], [7, 17], [16, 33]] as [number, number][]) {
      const r = rng(rows * 50 + cols);
      const x = Array.from({ length: rows * cols }, () => round(5 + 2 * r() - 1));
      const X = wl.zeros(rows, cols, dtype);
      X.data.set(x);
      for (const rowvar of [true, false]) {
        const n = rowvar ? cols : rows;
        for (const ddof of [0, 1]) {
          if (n - ddof <= 0) {
            expect(() => wl.cov(X, { rowvar, ddof })).toThrow(wl.InvalidParameterError);
            continue;
          }
          const want = jsCov(x, rows, cols, rowvar, ddof);
          const C = wl.cov(X, { rowvar, ddof });
          expect(C.dtype).toBe(dtype);
          const got = C.toArray();
          expect(got.length).toBe(want.length);
          // centered values are O(1): error of an n-term dot product, plus the rounding of the mean
          const tol = 8 * (n + 2) * eps;
          got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i][j]), `cov ${rows}×${cols} rowvar=${rowvar} ddof=${ddof}`).toBeLessThanOrEqual(tol)));
          C.dispose();
        }
        if (n >= 2) {
          const R = wl.corrcoef(X, { rowvar });
          const c = jsCov(x, rows, cols, rowvar, 1);
          R.toArray().forEach((row, i) =>
            row.forEach((v, j) => {
              const want = Math.max(-1, Math.min(1, c[i][j] / Math.sqrt(c[i][i] * c[j][j])));
              expect(Math.abs(v - want)).toBeLessThanOrEqual(64 * (n + 2) * eps);
              expect(Math.abs(v)).toBeLessThanOrEqual(1);
            }),
          );
          R.dispose();
        }
      }
      X.dispose();
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('cov and corrcoef: references, errors, properties', () => {
  it('iris: cov(X, rowvar=false) has the eigenvalues scikit-learn’s PCA reports (explained_variance_)', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const ref = reference('pca.json').iris;
    const iris = dataset('iris.csv').rows.map((row) => row.slice(0, 4));
    wl.scope(() => {
      const X = wl.matrix(iris);
      const mean = wl.mean(X, { axis: 0 }).toArray()[0];
      mean.forEach((m, j) => expect(Math.abs(m - ref.mean[j])).toBeLessThan(1e-12 * 10));
      const C = wl.cov(X, { rowvar: false });
      const { values } = wl.linalg.eigh(C);
      Array.from(values as ArrayLike<number>).forEach((v, i) => expect(Math.abs(v - ref.explainedVariance[i]) / ref.explainedVariance[0]).toBeLessThan(1e-10));
      // rowvar=true on Xᵀ is the same matrix
      const C2 = wl.cov(wl.transpose(X));
      expect(Math.max(...C.toArray().flat().map((v, k) => Math.abs(v - C2.toArray().flat()[k])))).toBeLessThan(1e-12);
      // known correlation of iris petal length and width (NumPy: 0.9628654314027961)
      const R = wl.corrcoef(X, { rowvar: false });
      expect(R.get(2, 3)).toBeCloseTo(0.9628654314027961, 12);
      for (let i = 0; i < 4; i++) expect(R.get(i, i)).toBeCloseTo(1, 14);
    });
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('rejects zero variance, too few observations and bad options', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    wl.scope(() => {
      const X = wl.matrix([[1, 2, 3], [4, 4, 4]]);
      expect(() => wl.corrcoef(X)).toThrow(/variable 1 \(row 1\) has zero variance/);
      expect(() => wl.cov(wl.matrix([[1, 2, 3]]), { rowvar: false })).toThrow(/more observations/);
      expect(() => wl.cov(X, { ddof: -1 })).toThrow(/ddof/);
      expect(() => wl.cov(X, { rowvar: 'yes' } as never)).toThrow(/rowvar/);
      expect(() => wl.cov(X, { bias: true } as never)).toThrow(/unknown option "bias"/);
      expect(() => wl.cov([[1, NaN]])).toThrow(wl.ValidationError);
      expect(wl.cov([[1, 2, 3]]).toArray()).toEqual([[1]]); // plain arrays are accepted
    });
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('property: cov is symmetric positive semi-definite and corrcoef has a unit diagonal', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 30 }), fc.integer(), (p, n, seed) => {
        wl.scope(() => {
          const r = rng(seed);
          const X = wl.matrix({ data: Array.from({ length: p * n }, () => 2 * r() - 1), rows: p, cols: n });
          const C = wl.cov(X);
          const c = C.toArray();
          for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) expect(c[i][j]).toBeCloseTo(c[j][i], 14);
          const { values } = wl.linalg.eigh(C);
          for (const v of Array.from(values as ArrayLike<number>)) expect(v).toBeGreaterThanOrEqual(-1e-12);
          const R = wl.corrcoef(X);
          for (let i = 0; i < p; i++) expect(R.get(i, i)).toBeCloseTo(1, 12);
        });
      }),
      { numRuns: 40, seed: 14 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
