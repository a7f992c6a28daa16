// The tree kernels called directly, in every build: the column argsort (radix on order-preserving
// keys) against Array.prototype.sort, and forest prediction against a JS walk of hand-made trees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng } from '../helpers';

describe.each(BUILDS)('tree kernels (%s build)', (build) => {
  it('tree_argsort orders every column (duplicates, ±0, negatives, huge and tiny values; f32 and f64) stably', async () => {
    const wl = await freshWl(build);
    const rt = await wl.init();
    const k = rt.kernels as any;
    const base = wl.memory().bytesInUse;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1e9 }), fc.constantFrom('f32', 'f64'), async (n, d, seed, dt) => {
        const r = rng(seed);
        const special = [0, -0, 1e300, -1e300, 1e-300, -5e-324, 3.5, -3.5, 2 ** 52, 7];
        const values = Array.from({ length: n * d }, () => (r() < 0.3 ? special[Math.floor(r() * special.length)] : (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6)));
        const item = dt === 'f32' ? 4 : 8;
        const stored = dt === 'f32' ? Float32Array.from(values) : Float64Array.from(values); // column-major d×n
        const xt = rt.heap.alloc(Math.max(1, n * d * item));
        const order = rt.heap.alloc(Math.max(1, n * d * 4));
        const scratch = rt.heap.alloc(k.tree_argsort_bytes(n));
        try {
          (dt === 'f32' ? rt.heap.f32 : rt.heap.f64).set(stored, xt / item);
          k[`tree_argsort_${dt}`](xt, n, d, order, scratch);
          const got = rt.heap.i32.slice(order >> 2, (order >> 2) + n * d);
          for (let f = 0; f < d; f++) {
            const col = stored.subarray(f * n, (f + 1) * n);
            // stable ascending order; -0 and +0 are equal values (either order is a valid sort), so compare values
            const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => col[a] - col[b] || a - b);
            const mine = Array.from(got.subarray(f * n, (f + 1) * n));
            expect(mine.map((i) => col[i] + 0)).toEqual(expected.map((i) => col[i] + 0)); // + 0: -0 → 0
            expect([...mine].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
            for (let i = 1; i < n; i++) if (Object.is(col[mine[i]], col[mine[i - 1]])) expect(mine[i]).toBeGreaterThan(mine[i - 1]);
          }
        } finally {
          rt.heap.free(xt);
          rt.heap.free(order);
          rt.heap.free(scratch);
        }
      }),
      { numRuns: 40, seed: 5 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('forest_predict averages leaf values (normalized for probabilities) and forest_apply finds the leaves', async () => {
    const wl = await freshWl(build);
    const rt = await wl.init();
    const k = rt.kernels as any;
    // tree 0: x0 <= 0.5 ? leaf [3, 1] : leaf [0, 2];  tree 1: x1 <= -1 ? leaf [1, 1] : (x0 <= 2 ? [4, 0] : [0, 4])
    const feature = [0, -2, -2, 1, -2, 0, -2, -2];
    const threshold = [0.5, -2, -2, -1, -2, 2, -2, -2];
    const left = [1, -1, -1, 4, -1, 6, -1, -1];
    const right = [2, -1, -1, 5, -1, 7, -1, -1];
    const value = [4, 3, 3, 1, 0, 2, 5, 5, 1, 1, 4, 4, 4, 0, 0, 4];
    const roots = [0, 3];
    const X = [0.5, -1, 0.6, 0, 3, 5];
    const N = feature.length;
    const ptr = (bytes: number) => rt.heap.alloc(bytes);
    const blocks = [ptr(N * 4), ptr(N * 8), ptr(N * 4), ptr(N * 4), ptr(N * 16), ptr(8), ptr(48), ptr(48), ptr(24)];
    const [pf, pt, pl, pr, pv, proots, px, pout, papply] = blocks;
    rt.heap.i32.set(feature, pf >> 2);
    rt.heap.f64.set(threshold, pt >> 3);
    rt.heap.i32.set(left, pl >> 2);
    rt.heap.i32.set(right, pr >> 2);
    rt.heap.f64.set(value, pv >> 3);
    rt.heap.i32.set(roots, proots >> 2);
    rt.heap.f64.set(X, px >> 3);
    k.forest_predict_f64(px, 3, 2, pf, pt, pl, pr, pv, 2, proots, 2, 1, pout);
    const proba = Array.from(rt.heap.f64.subarray(pout >> 3, (pout >> 3) + 6));
    // row 0 (0.5, -1): tree 0 left [3,1] → .75/.25; tree 1 x1 <= -1 → [1,1] → .5/.5
    // row 1 (0.6, 0): tree 0 right [0,2] → 0/1; tree 1 → x0 <= 2 → [4,0] → 1/0
    // row 2 (3, 5): tree 0 right → 0/1; tree 1 → [0,4] → 0/1
    const expected = [0.625, 0.375, 0.5, 0.5, 0, 1];
    proba.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 15));
    k.forest_apply_f64(px, 3, 2, pf, pt, pl, pr, proots, 2, papply);
    expect(Array.from(rt.heap.i32.subarray(papply >> 2, (papply >> 2) + 6))).toEqual([1, 1, 2, 3, 2, 4]);
    for (const b of blocks) rt.heap.free(b);
  });
});
