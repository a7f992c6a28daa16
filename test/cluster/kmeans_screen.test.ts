// The f32 screen of the Lloyd assignment (assembly/kmeans.ts), called directly in every build: the
// labels must be the exact nearest centers. Near-ties are built on purpose with gaps from 100× below
// to 10× above the screen's error bound, so a bound that is too small accepts wrong f32 answers and
// fails here; random shapes and scales (incl. n = 0, ties, duplicate centers, underflow and overflow
// ranges) are checked against a plain f64 argmin.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng, type WL } from '../helpers';

type Dt = 'f32' | 'f64';

/** Runs kmeans_screened_nearest; returns the labels and how many points were recomputed exactly. */
function screened(wl: WL, rt: any, X: ArrayLike<number>, n: number, d: number, C: ArrayLike<number>, k: number, dt: Dt) {
  const K = rt.kernels;
  const heap = rt.heap;
  const size = dt === 'f32' ? 4 : 8;
  const kp = K[`kmeans_padded_k_${dt}`](k);
  const kq = K.kmeans_screen_k(k);
  const n8 = Math.ceil(n / 8) * 8;
  const blocks = heap.blocks(16);
  const alloc = blocks.alloc;
  try {
    const x = alloc(n * d * size), c = alloc(k * d * size), labels = alloc(n * 4), info = alloc(24);
    (dt === 'f32' ? heap.f32 : heap.f64).set(X, x / size);
    (dt === 'f32' ? heap.f32 : heap.f64).set(C, c / size);
    heap.f64.fill(0, info / 8, info / 8 + 3);
    K[`kmeans_screened_nearest_${dt}`](x, n, d, k, kp, c, labels, alloc(d * kp * size), alloc(kp * size), alloc(32 * size),
      alloc(n8 * d * 4), alloc(n8 * 4), alloc(d * 8), alloc(kq * d * 4), alloc(kq * 4), info);
    return { labels: Array.from(heap.i32.subarray(labels / 4, labels / 4 + n)), exact: heap.f64[info / 8 + 2] };
  } finally {
    blocks.free();
  }
}

/** Squared distances of row i to every center, in f64. */
function dists(X: ArrayLike<number>, i: number, d: number, C: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: k }, (_, j) => {
    let s = 0;
    for (let p = 0; p < d; p++) s += (X[i * d + p] - C[j * d + p]) ** 2;
    return s;
  });
}

/** The f64 argmin (lowest index on ties). */
function argmin(v: number[]): number {
  let b = 0;
  for (let j = 1; j < v.length; j++) if (v[j] < v[b]) b = j;
  return b;
}

describe.each(BUILDS)('f32-screened k-means assignment, %s build', (build) => {
  it('near-ties around the error bound get the exact nearest center', async () => {
    const wl = await freshWl(build);
    const rt = await wl.init();
    const base = wl.memory().bytesInUse;
    const u = 2 ** -24;
    let exactTotal = 0, belowBound = 0, total = 0;
    // small d first: there the realized f32 error comes closest to the bound
    for (const [d, k, seed, n] of [[1, 3, 15, 3000], [2, 3, 13, 3000], [3, 3, 2, 3000], [16, 8, 3, 1500], [37, 5, 4, 1000]] as const) {
      const r = rng(seed);
      const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      const offset = Array.from({ length: d }, () => 50 * (2 * r() - 1)); // centering must remove it
      const C = Float64Array.from({ length: k * d }, (_, t) => offset[t % d] + normal());
      // midpoints of random center pairs plus a small step across the bisector, gap set below
      const pairs = Array.from({ length: n }, () => {
        const a = Math.floor(r() * k);
        return [a, (a + 1 + Math.floor(r() * (k - 1))) % k];
      });
      const mids = pairs.map(([a, b]) => Array.from({ length: d }, (_, p) => (C[a * d + p] + C[b * d + p]) / 2 + 0.01 * normal()));
      const mu = Array.from({ length: d }, (_, p) => mids.reduce((s, m) => s + m[p], 0) / n);
      const norm = (v: ArrayLike<number>, o = 0) => Math.sqrt(Array.from({ length: d }, (_, p) => (v[o + p] - mu[p]) ** 2).reduce((s, t) => s + t, 0));
      const cmax = Math.max(...Array.from({ length: k }, (_, j) => norm(C, j * d)));
      const X = new Float64Array(n * d);
      const gaps: number[] = [];
      mids.forEach((m, i) => {
        const [a, b] = pairs[i];
        // the screen's bound for this point (assembly/kmeans.ts): 2(A‖x'‖C + BC²)
        const bound = 2 * ((2.01 * d + 6.1) * u * norm(m) * cmax + 4.1 * u * cmax * cmax);
        const gap = bound * 10 ** (3 * r() - 2) * (r() < 0.5 ? -1 : 1); // |gap| from 0.01 to 10 bounds
        // ‖x − c_a‖² − ‖x − c_b‖² = 2⟨x − m, c_b − c_a⟩ + (terms of m) : step along v = c_b − c_a
        let vv = 0, off = 0;
        for (let p = 0; p < d; p++) {
          const v = C[b * d + p] - C[a * d + p];
          vv += v * v;
          off += (m[p] - (C[a * d + p] + C[b * d + p]) / 2) * v;
        }
        const t = (gap / 2 - off) / vv;
        for (let p = 0; p < d; p++) X[i * d + p] = m[p] + t * (C[b * d + p] - C[a * d + p]);
        const dd = dists(X, i, d, C, k);
        gaps.push(Math.abs(dd[a] - dd[b]) / bound);
      });
      const got = screened(wl, rt, X, n, d, C, k, 'f64');
      exactTotal += got.exact;
      total += n;
      for (let i = 0; i < n; i++) {
        const dd = dists(X, i, d, C, k);
        const want = argmin(dd);
        // the gaps are ≥ 0.01 bounds ≈ 1e-8 relative: far above f64 rounding, so the argmin is unambiguous
        if (got.labels[i] !== want) expect({ i, d, k, label: got.labels[i], dist: dd[got.labels[i]], want, best: dd[want] }).toBeUndefined();
        if (gaps[i] < 1) belowBound++;
      }
    }
    if (build === 'scalar') expect(exactTotal).toBe(total); // the scalar build does not screen (no gain without SIMD)
    else {
      // both paths ran: most near-ties fell back to f64, the clear ones were accepted in f32
      expect(exactTotal).toBeGreaterThan(total / 2);
      expect(exactTotal).toBeLessThan(total);
    }
    expect(belowBound).toBeGreaterThan(total / 2);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('random shapes and scales agree with a plain f64 argmin', async () => {
    const wl = await freshWl(build);
    const rt = await wl.init();
    const base = wl.memory().bytesInUse;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 70 }), fc.integer({ min: 1, max: 21 }), fc.integer({ min: 1, max: 11 }),
        fc.constantFrom(1, 1e-3, 1e-20, 1e-40, 1e6, 1e20), fc.constantFrom(0, 1, 1e4), fc.constantFrom('real', 'grid', 'dup'),
        fc.constantFrom<Dt>('f64', 'f32'), fc.integer(),
        (n, d, k, scale, shift, kind, dt, seed) => {
          const r = rng(seed);
          const value = () => (kind === 'real' ? (2 * r() - 1) * scale : (Math.floor(r() * 5) - 2) * scale) + shift * scale;
          const X = Array.from({ length: n * d }, value);
          const C = Array.from({ length: k * d }, value);
          if (kind === 'dup' && k > 1) for (let p = 0; p < d; p++) C[(k - 1) * d + p] = C[p]; // two equal centers
          const stored = (a: number[]) => (dt === 'f32' ? Float32Array.from(a) : Float64Array.from(a));
          const Xs = stored(X), Cs = stored(C);
          // f32 data whose squares overflow f32 has no meaningful f32 answer (as in scikit-learn)
          if (dt === 'f32' && scale * (1 + shift) > 1e15) return;
          const got = screened(wl, rt, Xs, n, d, Cs, k, dt);
          for (let i = 0; i < n; i++) {
            const dd = dists(Xs, i, d, Cs, k);
            const want = argmin(dd);
            if (got.labels[i] === want) continue;
            // only a tie within the rounding of the T computation may break otherwise
            let xx = 0, cc = 0;
            for (let p = 0; p < d; p++) xx += Xs[i * d + p] ** 2;
            for (let j = 0; j < k * d; j++) cc = Math.max(cc, Cs[j] ** 2);
            // (f32 products of tiny values underflow: up to 2⁻¹⁵⁰ each, absolutely)
            const eps = dt === 'f32' ? 2 ** -24 * (2 * d + 8) * (xx + d * cc) + (2 * d + 8) * 2 ** -148 : 2 ** -53 * (2 * d + 8) * (xx + d * cc);
            expect(dd[got.labels[i]] - dd[want]).toBeLessThanOrEqual(eps);
            // small integers: every f64 distance is exact, so ties must take the lowest index
            expect(kind !== 'real' && scale === 1 && dt === 'f64').toBe(false);
          }
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
