// AgglomerativeClustering against scikit-learn/SciPy on iris (clustering.json: labels up to renaming,
// sorted merge heights) and against a naive O(n³) agglomeration in plain TypeScript on random data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, dataset, freshWl, getWl, reference, rng } from '../helpers';

const ref = reference('clustering.json').iris_agglomerative3;
const irisX = dataset('iris.csv').rows.map((r) => r.slice(0, 4));
const LINKAGES = ['ward', 'complete', 'average', 'single'] as const;

/** Naive agglomeration: merge the closest pair by the Lance–Williams rule; returns sorted heights. */
function naive(X: number[][], linkage: (typeof LINKAGES)[number]): number[] {
  const n = X.length;
  const D = X.map((a) => X.map((b) => a.reduce((s, v, p) => s + (v - b[p]) ** 2, 0)));
  const dist = D.map((r) => r.map((v) => (linkage === 'ward' ? v : Math.sqrt(v))));
  const size = new Array(n).fill(1);
  const alive = new Array(n).fill(true);
  const heights: number[] = [];
  for (let step = 0; step < n - 1; step++) {
    let bi = -1, bj = -1, bd = Infinity;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (alive[i] && alive[j] && dist[i][j] < bd) { bd = dist[i][j]; bi = i; bj = j; }
    heights.push(linkage === 'ward' ? Math.sqrt(bd) : bd);
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const a = dist[k][bi], b = dist[k][bj], nk = size[k], ni = size[bi], nj = size[bj];
      const v = linkage === 'ward' ? ((ni + nk) * a + (nj + nk) * b - nk * bd) / (ni + nj + nk)
        : linkage === 'complete' ? Math.max(a, b) : linkage === 'single' ? Math.min(a, b) : (ni * a + nj * b) / (ni + nj);
      dist[k][bj] = dist[bj][k] = v;
    }
    alive[bi] = false;
    size[bj] += size[bi];
  }
  return heights.sort((a, b) => a - b);
}

describe('AgglomerativeClustering reproduces scikit-learn on iris', () => {
  it.each(LINKAGES)('%s: labels up to renaming (ARI 1) and merge heights', async (linkage) => {
    const wl = await getWl();
    const model = new wl.AgglomerativeClustering({ nClusters: 3, linkage }).fit(irisX);
    expect(wl.metrics.adjustedRandScore(ref[linkage].labels, model.labels)).toBe(1);
    const heights = Array.from(model.distances);
    const expected = ref[linkage].mergeHeights as number[];
    expect(heights).toHaveLength(expected.length);
    heights.forEach((h, i) => expect(Math.abs(h - expected[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, expected[i])));
    // children: each node once, earlier nodes only
    const seen = new Set<number>();
    model.children.forEach(([a, b], i) => {
      for (const c of [a, b]) {
        expect(c).toBeLessThan(150 + i);
        expect(seen.has(c)).toBe(false);
        seen.add(c);
      }
    });
    model.dispose();
  });

  it('distanceThreshold cuts where merges reach the height', async () => {
    const wl = await getWl();
    const full = new wl.AgglomerativeClustering({ nClusters: 1, linkage: 'average' }).fit(irisX);
    const h = Array.from(full.distances);
    const t = (h[h.length - 3] + h[h.length - 2]) / 2; // between the 3rd- and 2nd-last merges: 3 clusters
    const cut = new wl.AgglomerativeClustering({ nClusters: null, distanceThreshold: t, linkage: 'average' }).fit(irisX);
    expect(cut.nClusters).toBe(3);
    expect(wl.metrics.adjustedRandScore(ref.average.labels, cut.labels)).toBe(1);
    full.dispose();
    cut.dispose();
  });
});

describe.each(BUILDS)('linkage kernels against a naive agglomeration, %s build', (build) => {
  it('random data, every linkage, n 1..40', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, d, seed) => {
        const r = rng(seed);
        const X = Array.from({ length: n }, () => Array.from({ length: d }, () => r() * 10));
        for (const linkage of LINKAGES) {
          const m = new wl.AgglomerativeClustering({ nClusters: 1, linkage }).fit(X);
          const got = Array.from(m.distances);
          const want = naive(X, linkage);
          got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, want[i])));
          expect(m.labels.every((l) => l === 0)).toBe(true);
          m.dispose();
        }
      }),
      { numRuns: 25, seed: 7 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('AgglomerativeClustering errors', () => {
  it('names the option', async () => {
    const wl = await getWl();
    expect(() => new wl.AgglomerativeClustering({ linkage: 'median' as never }).fit(irisX)).toThrow(/linkage/);
    expect(() => new wl.AgglomerativeClustering({ distanceThreshold: 1 }).fit(irisX)).toThrow(/exactly one/);
    expect(() => new wl.AgglomerativeClustering({ nClusters: 200 }).fit(irisX)).toThrow(/nClusters/);
  });
});
