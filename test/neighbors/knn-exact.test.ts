// The float32 candidate pass of k-NN (assembly/neighbors.ts) must never change an answer: every result
// equals a plain float64 brute force (direct differences summed in order, the same operations as the
// kernel's exact pass, so indices and distances agree bit for bit, ties to the lower index). The cases
// aim at the bound: pairs whose float32 images are in the wrong order, data far from the origin or at
// extreme scales, duplicates (ties beyond the candidate list), k = n, 0 and 1 queries, both dtypes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng, type WL } from '../helpers';

type Rows = number[][];

/** The k nearest rows of T to q: [index, distance], by (distance, index). */
function brute(T: Rows, q: number[], k: number): [number, number][] {
  return T.map((t, j): [number, number] => {
    let s = 0;
    for (let p = 0; p < q.length; p++) {
      const v = q[p] - t[p];
      s += v * v;
    }
    return [j, s];
  })
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .slice(0, k)
    .map(([j, s]) => [j, Math.sqrt(s)]);
}

/**
 * Fits a regressor on T, asks for the k nearest of Q, checks them against brute force; returns how many
 * queries needed more than the float32 pass with the short list: 10·(second passes) + (exact full scans).
 */
async function check(wl: WL, T: Rows, Q: Rows, k: number, dtype: 'float64' | 'float32' = 'float64'): Promise<number> {
  const { knnCounters } = await import('../../build/dist/neighbors/knn.js');
  const round = dtype === 'float32' ? (r: number[]) => r.map(Math.fround) : (r: number[]) => r;
  const Tr = T.map(round), Qr = Q.map(round);
  const d = T[0].length;
  const X = wl.matrix(Tr.flat(), { rows: T.length, cols: d, dtype });
  const knn = new wl.KNeighborsRegressor({ nNeighbors: k }).fit(X, T.map((_, i) => i));
  X.dispose();
  const before = 10 * knnCounters.secondPasses + knnCounters.exactScans;
  const QM = wl.matrix(Qr.flat(), { rows: Q.length, cols: d, dtype });
  const nb = knn.kneighbors(QM);
  QM.dispose();
  knn.dispose();
  const scans = 10 * knnCounters.secondPasses + knnCounters.exactScans - before;
  expect(nb.indices.length).toBe(Q.length * k);
  Qr.forEach((q, i) => {
    const want = brute(Tr, q, k);
    expect(Array.from(nb.indices.subarray(i * k, (i + 1) * k))).toEqual(want.map((e) => e[0]));
    expect(Array.from(nb.distances.subarray(i * k, (i + 1) * k))).toEqual(want.map((e) => e[1]));
  });
  return scans;
}

/**
 * A pair whose float32 distances are in the wrong order: x1 is nearer to q than x2 (D1 = 2.68661508387,
 * D2 = 2.68661509066), but after rounding to float32 and the float32 dot product (with or without fused
 * multiply-add) x1's approximate distance exceeds x2's by 5.8·u·P (u = 2⁻²⁴, P = ‖q‖² + ‖x‖²), more
 * than the float32 resolution of the values. Found by a random search that emulated the kernel's
 * arithmetic with Math.fround (antipodal pairs make the rounding of x count most). The mirrored rows
 * −x1, −x2 sit next to q and keep the mean ≈ 0 and the scale 1, so with k = 3 the third neighbour is
 * x1; the rows come as −x1, −x2, x2, x1, so x2 is already in the top-k when x1 is scanned. A pass that
 * trusted the float32 order, or a bound c1 shrunk 8-fold (it is worst-case: ≈ 36·u·P wide for d = 2),
 * returns x2. scale (a power of two) and shift move the picture without changing the answer.
 */
function flippedPair(scale: number, shift: number): { T: Rows; q: number[] } {
  const q = [-0.5896920561790466, 0.5806052088737488];
  const x1 = [0.5773951214804928, -0.5702738480270927], x2 = [0.577395218648077, -0.5702737524393493];
  const place = (r: number[]) => r.map((v) => v * scale + shift);
  return { T: [x1.map((v) => -v), x2.map((v) => -v), x2, x1].map(place), q: place(q) };
}

/**
 * The float32 dot product's own rounding at its worst: q = (−¾, −c, …), x2 = (¾, c, …) with 2c² just
 * under half an ulp of the running sum 9/8, so each of the d − 1 small products is rounded away and x2's
 * float32 distance comes out ≈ (d − 1)·u·P/1.5 too small, while x1 = (x10, 0, …) is computed almost
 * exactly and placed just nearer than x2. For d = 33 the float32 order is wrong by 23·u·P (13 ulps of
 * the values); the bound (c1 ≈ 80u, window ≈ 160·u·P) is wider by 7×, so shrinking it 8-fold fails here.
 */
function droppedSum(d: number): { T: Rows; q: number[] } {
  const c = Math.fround(Math.sqrt(0.45 * 2 ** -24));
  const q = [-0.75, ...Array(d - 1).fill(-c)];
  const x2 = [0.75, ...Array(d - 1).fill(c)];
  const D2 = 1.5 ** 2 + (d - 1) * 4 * c * c;
  let x10 = Math.fround(Math.sqrt(D2 - (d - 1) * c * c) - 0.75);
  while ((0.75 + x10) ** 2 + (d - 1) * c * c >= D2) x10 = Math.fround(x10 - 2 ** -24);
  const x1 = [x10, ...Array(d - 1).fill(0)];
  return { T: [x1.map((v) => -v), x2.map((v) => -v), x2, x1], q };
}

describe.each(BUILDS)('k-NN float32 candidates never change the answer, %s build', (build) => {
  it('pairs in the wrong float32 order (input rounding, dot-product rounding) stay on the float32 path and come out right', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    for (const [scale, shift] of [[1, 0], [2 ** -30, 0], [2 ** 30, 0], [1, 1024], [2 ** -8, -3]]) {
      const { T, q } = flippedPair(scale, shift);
      expect(brute(T, q, 3)[2][0]).toBe(3);
      expect(await check(wl, T, [q], 3)).toBe(0);
    }
    for (const d of [17, 33]) {
      const { T, q } = droppedSum(d);
      expect(brute(T, q, 3)[2][0]).toBe(3);
      expect(await check(wl, T, [q], 3)).toBe(0);
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('data far from the origin (1e6, 1e12) and at extreme scales', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const r = rng(7);
    for (const [scale, shift] of [[1, 1e6], [1, -1e12], [1e-150, 0], [1e150, 1e160], [1, 0]]) {
      const T = Array.from({ length: 300 }, () => Array.from({ length: 6 }, () => (r() * 2 - 1) * scale + shift));
      const Q = Array.from({ length: 20 }, () => Array.from({ length: 6 }, () => (r() * 2 - 1) * scale + shift));
      const scans = await check(wl, T, Q, 5);
      // centring and scaling keep the float32 pass usable unless the data's spread is below float64's
      // resolution of the shift (1e-150 spread is fine; 1e12 with spread 1 still has 2⁻¹³ resolution)
      expect(scans).toBe(0);
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('duplicates: a few copies tie within the candidate list; 150 copies need the longer list, 5 000 the exact scan', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const r = rng(9);
    const sites = Array.from({ length: 40 }, () => [r(), r(), r()]);
    const few = Array.from({ length: 200 }, (_, i) => sites[i % 40]);
    const Q = [...sites.slice(0, 5), [0.5, 0.5, 0.5]];
    for (const k of [1, 5, 6, 12]) expect(await check(wl, few, Q, k)).toBe(0);
    const many = [...Array.from({ length: 150 }, () => [0.25, 0.5, 0.75]), ...sites];
    expect(await check(wl, many, [[0.25, 0.5, 0.75], [0.3, 0.5, 0.7]], 4)).toBe(20);
    // 5 000 copies: the second list (64·(2k + 64) = 4 480 entries) overflows too
    const lots = [...Array.from({ length: 5000 }, () => [0.25, 0.5, 0.75]), ...sites];
    expect(await check(wl, lots, [[0.25, 0.5, 0.75]], 3)).toBe(11);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('candidate list compaction: 70 rows, each nearer than the last, fill the list of k = 3 (2k + 64 entries)', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    // rows 0…69 on a line at distance 100 − j from q = 0 (every one is accepted, the 70th fills the list
    // and compaction keeps rows 67…69), then 30 rows at distance ≥ 200 that the threshold rejects
    const T = [...Array.from({ length: 70 }, (_, j) => [100 - j, 0.5]), ...Array.from({ length: 30 }, (_, j) => [0.5, 200 + j])];
    expect(await check(wl, T, [[0, 0.5], [0, 0.4]], 3)).toBe(0);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('k = n, one training row, one query, no queries, query far outside the data', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const r = rng(11);
    const T = Array.from({ length: 70 }, () => [r(), r() * 2 - 1]);
    await check(wl, T, [[0.1, 0.2], [5, 5]], 70);
    await check(wl, [[3, 4]], [[0, 0]], 1);
    await check(wl, T, [[0.3, -0.1]], 2);
    // float32 image of the query overflows: the exact scan answers it
    expect(await check(wl, T, [[1e300, -1e300], [0.5, 0.5]], 3)).toBe(1); // n ≤ 2k + 64: one pass, exact for it
    const T2 = Array.from({ length: 100 }, () => [r(), r()]);
    expect(await check(wl, T2, [[1e300, -1e300], [0.5, 0.5]], 3)).toBe(11); // both passes flag it
    const knn = new wl.KNeighborsRegressor({ nNeighbors: 2 }).fit(T, T.map(() => 1));
    // no queries: a typed error naming X (as scikit-learn's "0 sample(s)"), nothing leaked
    expect(() => knn.kneighbors([])).toThrow(wl.ValidationError);
    expect(() => knn.predict([])).toThrow(/X/);
    knn.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('property: random shapes, scales, shifts and near-ties, float64 and float32, against brute force', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: -60, max: 60 }), fc.constantFrom(0, 1, 1e4, -1e8), fc.constantFrom('float64', 'float32'), fc.boolean(), fc.integer(),
        async (n, d, k0, nq, e, shift, dtype, near, seed) => {
          const k = Math.min(k0, n);
          const r = rng(seed);
          const scale = 2 ** e;
          const T = Array.from({ length: n }, () => Array.from({ length: d }, () => (r() * 2 - 1) * scale + shift));
          // near: queries copy a training row and move a tiny bit, so many distances differ by a few ulps
          const Q = Array.from({ length: nq }, () =>
            near ? T[Math.floor(r() * n)].map((v) => v * (1 + (r() - 0.5) * 1e-7)) : Array.from({ length: d }, () => (r() * 2 - 1) * scale + shift));
          if (near) for (let j = 1; j < n; j += 3) T[j] = T[j - 1].map((v) => v * (1 + (r() - 0.5) * 1e-9));
          await check(wl, T, Q, k, dtype as 'float64' | 'float32');
        },
      ),
      { numRuns: 60, seed: 5 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it("weights: 'distance' and predict use the exact neighbours", async () => {
    const wl = await freshWl(build);
    const { T, q } = flippedPair(1, 0);
    const y = [40, 30, 20, 10];
    const reg = new wl.KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(T, y);
    const want = brute(T, q, 3);
    const w = want.map((e) => 1 / e[1]);
    const expected = want.reduce((s, e, i) => s + w[i] * y[e[0]], 0) / w.reduce((a, b) => a + b, 0);
    expect(reg.predict([q])[0]).toBeCloseTo(expected, 12);
    reg.dispose();
    const clf = new wl.KNeighborsClassifier({ nNeighbors: 1 }).fit(T.slice(2), ['far', 'near']);
    expect(Array.from(clf.predict([q]))).toEqual(['near']);
    clf.dispose();
  });
});
