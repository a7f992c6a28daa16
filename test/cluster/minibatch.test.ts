// MiniBatchKMeans: finds separated blobs, reaches close to the full k-means inertia on iris, streams
// with partialFit, and is reproducible under a seed.
import { describe, expect, it } from 'vitest';
import { dataset, getWl, rng } from '../helpers';

const irisX = dataset('iris.csv').rows.map((r) => r.slice(0, 4));

function blobs(n: number, k: number, seed: number) {
  const r = rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    X.push([10 * c + r(), -5 * c + r(), r()]);
    y.push(c);
  }
  return { X, y };
}

describe('MiniBatchKMeans', () => {
  it('separates blobs exactly and stays within a few percent of the Lloyd inertia on iris', async () => {
    const wl = await getWl();
    const { X, y } = blobs(3000, 4, 1);
    const m = new wl.MiniBatchKMeans({ nClusters: 4, batchSize: 256, seed: 3 }).fit(X);
    expect(wl.metrics.adjustedRandScore(y, m.labels)).toBe(1);
    expect(Array.from(m.predict(X))).toEqual(Array.from(m.labels));
    const full = new wl.KMeans({ nClusters: 3, nInit: 10, seed: 1 }).fit(irisX);
    const mb = new wl.MiniBatchKMeans({ nClusters: 3, batchSize: 50, seed: 2, nInit: 3 }).fit(irisX);
    expect(mb.inertia).toBeLessThan(full.inertia * 1.05);
    for (const e of [m, full, mb]) e.dispose();
  });

  it('partialFit over a stream of batches, seeded fits identical, heap back to baseline', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const { X, y } = blobs(2000, 3, 9);
    const m = new wl.MiniBatchKMeans({ nClusters: 3, seed: 5 });
    for (let i = 0; i < 2000; i += 200) m.partialFit(X.slice(i, i + 200));
    expect(m.nSteps).toBe(10);
    expect(wl.metrics.adjustedRandScore(y, m.predict(X))).toBe(1);
    const a = new wl.MiniBatchKMeans({ nClusters: 3, seed: 4, batchSize: 100 }).fit(X);
    const b = new wl.MiniBatchKMeans({ nClusters: 3, seed: 4, batchSize: 100 }).fit(X);
    expect(a.clusterCenters).toEqual(b.clusterCenters);
    expect(() => m.partialFit([[1, 2]])).toThrow(wl.ShapeError);
    for (const e of [m, a, b]) e.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
