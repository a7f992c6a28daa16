// k-NN against scikit-learn (tree_nb_knn.json: 5-NN on the iris split) and against a plain-TypeScript
// brute force on random data, every build.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, dataset, freshWl, getWl, reference, rng } from '../helpers';

const ref = reference('tree_nb_knn.json');
const iris = dataset('iris.csv').rows;
const X = iris.map((r) => r.slice(0, 4));
const y = iris.map((r) => r[4]);
const train = ref.split.train as number[];
const test = ref.split.test as number[];

describe('KNeighborsClassifier reproduces scikit-learn', () => {
  it('5-NN on the iris split: predictions and accuracy', async () => {
    const wl = await getWl();
    const knn = new wl.KNeighborsClassifier({ nNeighbors: 5 }).fit(train.map((i) => X[i]), train.map((i) => y[i]));
    const pred = knn.predict(test.map((i) => X[i]));
    expect(Array.from(pred)).toEqual(ref.knn5_split_predictions);
    expect(knn.score(test.map((i) => X[i]), test.map((i) => y[i]))).toBeCloseTo(ref.knn5_split_testAccuracy, 12);
    const P = knn.predictProba(test.map((i) => X[i]));
    P.toArray().forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12));
    P.dispose();
    knn.dispose();
  });

  it('string labels, distance weights with exact matches, regressor means', async () => {
    const wl = await getWl();
    const names = y.map((v) => ['setosa', 'versicolor', 'virginica'][v]);
    const knn = new wl.KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit(X, names);
    expect(knn.predict(X)).toEqual(names.map((_, i) => knn.predict([X[i]])[0]));
    expect(knn.score(X, names)).toBe(1); // every point is its own exact match
    const reg = new wl.KNeighborsRegressor({ nNeighbors: 4 }).fit(X, X.map((r) => r[0] + r[3]));
    const nb = reg.kneighbors([X[10]]);
    const expected = Array.from(nb.indices).reduce((s, i) => s + X[i][0] + X[i][3], 0) / 4;
    expect(reg.predict([X[10]])[0]).toBeCloseTo(expected, 12);
    knn.dispose();
    reg.dispose();
  });
});

describe.each(BUILDS)('kneighbors against brute force, %s build', (build) => {
  it('random shapes, k up to n; nearest first, exact distances', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 17 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (n, d, k0, seed) => {
        const k = Math.min(k0, n);
        const r = rng(seed);
        const T = Array.from({ length: n }, () => Array.from({ length: d }, () => r() * 2 - 1));
        const Q = Array.from({ length: 7 }, () => Array.from({ length: d }, () => r() * 2 - 1));
        const knn = new wl.KNeighborsRegressor({ nNeighbors: k }).fit(T, T.map(() => 0));
        const nb = knn.kneighbors(Q);
        Q.forEach((q, i) => {
          const dists = T.map((t, j) => [Math.sqrt(t.reduce((s, v, p) => s + (v - q[p]) ** 2, 0)), j]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          for (let j = 0; j < k; j++) {
            expect(nb.indices[i * k + j]).toBe(dists[j][1]);
            expect(Math.abs(nb.distances[i * k + j] - dists[j][0])).toBeLessThanOrEqual(4 * d * 2.3e-16 * (1 + dists[j][0]));
          }
        });
        knn.dispose();
      }),
      { numRuns: 30, seed: 11 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('kneighbors in several query blocks', () => {
  it('1 000 queries against 5 000 rows: blocks of 838 and 162 queries, every row right', async () => {
    const wl = await getWl();
    const r = rng(3);
    const T = Array.from({ length: 5000 }, () => [r(), r()]);
    const Q = Array.from({ length: 1000 }, () => [r(), r()]);
    const knn = new wl.KNeighborsRegressor({ nNeighbors: 3 }).fit(T, T.map(() => 0));
    const nb = knn.kneighbors(Q);
    Q.forEach((q, i) => {
      let best = 0, bd = Infinity;
      T.forEach((t, j) => {
        const d = (t[0] - q[0]) ** 2 + (t[1] - q[1]) ** 2;
        if (d < bd) { bd = d; best = j; }
      });
      expect(nb.indices[i * 3]).toBe(best);
      expect(nb.distances[i * 3]).toBeCloseTo(Math.sqrt(bd), 12);
    });
    knn.dispose();
  });
});

describe('KNeighbors errors', () => {
  it('names the option', async () => {
    const wl = await getWl();
    expect(() => new wl.KNeighborsClassifier({ nNeighbors: 10 }).fit([[1], [2]], [0, 1])).toThrow(/nNeighbors/);
    expect(() => new wl.KNeighborsClassifier({ weights: 'gauss' as never }).fit([[1]], [0])).toThrow(/weights/);
  });
});
