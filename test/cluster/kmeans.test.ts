// KMeans against scikit-learn (clustering.json: Lloyd from given rows on iris and digits) and against a
// plain-TypeScript Lloyd on random shapes, in every build; heap back to baseline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, dataset, freshWl, getWl, reference, rng } from '../helpers';

const ref = reference('clustering.json');
const iris = dataset('iris.csv').rows;
const irisX = iris.map((r) => r.slice(0, 4));
const irisY = iris.map((r) => r[4]);
const digits = dataset('digits.csv').rows.map((r) => r.slice(0, 64));

/** Plain Lloyd as scikit-learn runs it (strict convergence on unchanged labels, tol on the center shift). */
function jsLloyd(X: number[][], init: number[][], maxIter: number, tolRel: number) {
  const n = X.length, d = X[0].length, k = init.length;
  let mean = 0;
  for (let j = 0; j < d; j++) {
    const m = X.reduce((s, r) => s + r[j], 0) / n;
    mean += X.reduce((s, r) => s + (r[j] - m) ** 2, 0) / n;
  }
  const tol = (tolRel * mean) / d;
  let centers = init.map((r) => r.slice());
  let labels = new Int32Array(n).fill(-1);
  const assign = (C: number[][]) => X.map((x) => {
    let best = 0, bd = Infinity;
    C.forEach((c, j) => {
      const dist = x.reduce((s, v, p) => s + (v - c[p]) ** 2, 0);
      if (dist < bd) { bd = dist; best = j; }
    });
    return best;
  });
  let strict = false, it = 0;
  for (; it < maxIter; it++) {
    const next = Int32Array.from(assign(centers));
    const sums = centers.map(() => new Array(d).fill(0));
    const counts = new Array(k).fill(0);
    next.forEach((l, i) => { counts[l]++; X[i].forEach((v, p) => (sums[l][p] += v)); });
    // empty clusters take the points farthest from their old centers, farthest first (scikit-learn)
    const far = X.map((x, i) => [x.reduce((s, v, p) => s + (v - centers[next[i]][p]) ** 2, 0), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    let f = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] > 0) continue;
      const i = far[f++][1];
      counts[next[i]]--;
      X[i].forEach((v, p) => { sums[next[i]][p] -= v; sums[j][p] = v; });
      counts[j] = 1;
    }
    const nc = sums.map((s, j) => (counts[j] ? s.map((v) => v / counts[j]) : centers[j]));
    const shift = nc.reduce((s, c, j) => s + c.reduce((t, v, p) => t + (v - centers[j][p]) ** 2, 0), 0);
    const same = next.every((l, i) => l === labels[i]);
    centers = nc;
    labels = next;
    if (same) { strict = true; break; }
    if (shift <= tol) break;
  }
  if (!strict) labels = Int32Array.from(assign(centers));
  const inertia = X.reduce((s, x, i) => s + x.reduce((t, v, p) => t + (v - centers[labels[i]][p]) ** 2, 0), 0);
  return { centers, labels, inertia, nIter: it < maxIter ? it + 1 : maxIter };
}

describe.each(['lloyd', 'elkan'] as const)('KMeans (%s) reproduces scikit-learn', (algorithm) => {
  it('iris, k = 3 from rows 0, 50, 100: labels, centers, inertia, nIter', async () => {
    const wl = await getWl();
    const r = ref.iris_kmeans3;
    const km = new wl.KMeans({ nClusters: 3, algorithm, init: r.initRows.map((i: number) => irisX[i]) }).fit(irisX);
    expect(Array.from(km.labels)).toEqual(r.labels);
    km.clusterCenters.forEach((c, j) => c.forEach((v, p) => expect(v).toBeCloseTo(r.centers[j][p], 12)));
    expect(km.inertia).toBeCloseTo(r.inertia, 9);
    expect(km.nIter).toBe(r.nIter);
    expect(km.converged).toBe(true);
    km.dispose();
  });

  it('digits, k = 10 from rows 0..9', async () => {
    const wl = await getWl();
    const r = ref.digits_kmeans10;
    const km = new wl.KMeans({ nClusters: 10, algorithm, init: r.initRows.map((i: number) => digits[i]) }).fit(digits);
    expect(Array.from(km.labels)).toEqual(r.labels);
    expect(Math.abs(km.inertia - r.inertia) / r.inertia).toBeLessThan(1e-12);
    expect(km.nIter).toBe(r.nIter);
    km.dispose();
  });

  it('k-means++ with restarts reaches the best inertia scikit-learn found on iris', async () => {
    const wl = await getWl();
    const km = new wl.KMeans({ nClusters: 3, nInit: 10, seed: 7, algorithm }).fit(irisX);
    expect(km.inertia).toBeLessThanOrEqual(ref.iris_kmeansppBestInertia_k3 * (1 + 1e-12));
    expect(wl.metrics.adjustedRandScore(irisY, km.labels)).toBeCloseTo(ref.metrics.ari_kmeans3_vs_truth, 10);
    km.dispose();
  });

  it('predict, transform and score agree with the fit; seeded fits are identical', async () => {
    const wl = await getWl();
    const a = new wl.KMeans({ nClusters: 4, seed: 3, init: 'random' }).fit(irisX);
    const b = new wl.KMeans({ nClusters: 4, seed: 3, init: 'random' }).fit(irisX);
    expect(a.clusterCenters).toEqual(b.clusterCenters);
    expect(Array.from(a.predict(irisX))).toEqual(Array.from(a.labels));
    const D = a.transform(irisX);
    const d = D.toArray();
    a.labels.forEach((l, i) => expect(Math.min(...d[i])).toBeCloseTo(d[i][l], 12));
    expect(-a.score(irisX)).toBeCloseTo(a.inertia, 9);
    D.dispose();
    a.dispose();
    b.dispose();
  });
});

describe.each(BUILDS)('KMeans kernels against plain TypeScript, %s build', (build) => {
  it('random shapes: n 1..60, d 1..9, k 1..min(n, 19) (tails of every block width)', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 19 }), fc.integer(), (n, d, k0, seed) => {
        const k = Math.min(k0, n);
        const r = rng(seed);
        // integer grid values: distances are exact in both dtypes, so labels must match exactly
        const X = Array.from({ length: n }, () => Array.from({ length: d }, () => Math.floor(r() * 9) - 4));
        const init = Array.from({ length: k }, (_, j) => X[j].map((v) => v + 0.25 * (j % 3)));
        // a loose tol makes the center-shift stop (not only the strict one) decide nIter
        const tol = seed % 2 ? 1e-4 : 0.05;
        const expected = jsLloyd(X, init, 50, tol);
        for (const dtype of ['float64', 'float32'] as const) {
          const data = dtype === 'float32' ? wl.matrix(X, { dtype }) : X;
          const algorithm = seed % 3 === 0 ? 'elkan' : 'lloyd';
          const km = new wl.KMeans({ nClusters: k, init, maxIter: 50, tol, algorithm, onWarning: () => {} }).fit(data);
          // ties between equidistant centers may break differently only if distances tie exactly;
          // the inertia is the invariant that must agree.
          expect(km.inertia).toBeCloseTo(expected.inertia, dtype === 'float32' ? 3 : 9);
          if (dtype === 'float64') {
            expect(Array.from(km.labels)).toEqual(Array.from(expected.labels));
            expect(km.nIter).toBe(expected.nIter);
          }
          km.dispose();
          if (data !== X) (data as { dispose(): void }).dispose();
        }
      }),
      { numRuns: 40, seed: 42 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('KMeans edge cases and errors', () => {
  it('k = n, one feature, duplicate points, empty clusters relocated', async () => {
    const wl = await getWl();
    const km = new wl.KMeans({ nClusters: 3, init: [[0], [1], [2]] }).fit([[0], [1], [2]]);
    expect(km.inertia).toBe(0);
    // two centers start on the same point: one cluster goes empty and takes the farthest point
    const dup = new wl.KMeans({ nClusters: 2, init: [[0, 0], [0, 0]] }).fit([[0, 0], [0, 1], [10, 10], [10, 11]]);
    expect(new Set(dup.labels).size).toBe(2);
    expect(dup.inertia).toBeCloseTo(1, 12);
    const warnings: string[] = [];
    new wl.KMeans({ nClusters: 2, seed: 1, onWarning: (m) => warnings.push(m) }).fit([[1, 1], [1, 1], [1, 1]]).dispose();
    expect(warnings.join()).toMatch(/distinct clusters/);
    for (const m of [km, dup]) m.dispose();
  });

  it('typed errors naming the argument', async () => {
    const wl = await getWl();
    expect(() => new wl.KMeans({ nClusters: 5 }).fit([[1], [2]])).toThrow(/nClusters.*number of samples/);
    expect(() => new wl.KMeans({ nClusters: 2, init: [[1, 2]] }).fit([[1, 2], [3, 4]])).toThrow(wl.ShapeError);
    expect(() => new wl.KMeans({ nClusters: 0 }).fit([[1]])).toThrow(wl.InvalidParameterError);
    expect(() => new wl.KMeans({ init: 'kmeans' as never }).fit([[1]])).toThrow(/init/);
    const km = new wl.KMeans({ nClusters: 2, seed: 1 }).fit([[1, 2], [3, 4], [5, 6]]);
    expect(() => km.predict([[1, 2, 3]])).toThrow(wl.ShapeError);
    expect(() => new wl.KMeans().predict([[1]])).toThrow(wl.NotFittedError);
    km.dispose();
  });
});
