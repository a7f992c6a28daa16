// wl.nn inference kernels in every build. The dense layer's row-by-row sparse GEMV (SIMD compaction
// of the nonzero inputs four at a time, column blocks of 8 / 2 / 1 vectors and a scalar tail, list
// entries two per step after a first odd one) against a JS model of its summation order: exact in
// the simd and scalar builds (f32 products and sums rounded in list order), within the FMA rounding
// bound in relaxed-simd. The SIMD counts of nonzero and non-finite values (lanes and tail). One-sample
// predictProba: allocation-free, heap back to baseline, NaN rejected at every position.
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng, type WL } from '../helpers';

const f = Math.fround;
const EPS32 = 2 ** -24;

/** Inputs with about `density` nonzeros (exact zeros elsewhere), values in [-2, 2]. */
function sparse(n: number, density: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() < density ? 4 * r() - 2 : 0));
}

/** y = b + Σ_i x_i·W[i, :] in float32, adding the nonzero terms in input order (the GEMV's order); also Σ|terms|. */
function model(x: Float32Array, w: Float32Array, b: Float32Array, m: number, nIn: number, nOut: number): { y: Float32Array; mag: Float64Array } {
  const y = new Float32Array(m * nOut), mag = new Float64Array(m * nOut);
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < nOut; j++) {
      let s = b[j], a = Math.abs(b[j]);
      for (let i = 0; i < nIn; i++) {
        const v = x[r * nIn + i];
        if (v === 0) continue;
        s = f(s + f(v * w[i * nOut + j]));
        a += Math.abs(v * w[i * nOut + j]);
      }
      y[r * nOut + j] = s;
      mag[r * nOut + j] = a;
    }
  }
  return { y, mag };
}

describe.each(BUILDS)('wl.nn inference kernels, %s build', (build) => {
  let wl: WL;
  it('initializes', async () => {
    wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
  });

  it('sparse dense-layer GEMV: the exact f32 sums in input order (within the FMA bound with relaxed SIMD)', () => {
    // nIn around the 4-input compaction step; nOut across the 32-column (8-vector), 8-column
    // (2-vector), 4-column and scalar blocks; densities giving odd and even nonzero counts, none, all.
    // m = 5 rows at ≤ 25 % density take the same row-by-row path (below the GEMM crossover).
    const base = wl.memory();
    let odd = 0, even = 0;
    for (const nIn of [1, 3, 4, 5, 8, 13, 70, 200]) {
      for (const nOut of [1, 3, 4, 8, 9, 10, 31, 32, 33, 40, 70, 128]) {
        for (const [m, density] of [[1, 0], [1, 0.2], [1, 0.6], [1, 1], [2, 0.5], [5, 0.1], [5, 0.25]] as const) {
          const seed = nIn * 1000 + nOut * 10 + Math.round(density * 10) + m;
          const x = sparse(m * nIn, density, seed), w = sparse(nIn * nOut, 1, seed + 1), b = sparse(nOut, 1, seed + 2);
          const nz = x.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0);
          if (m === 1) (nz % 2 ? odd++ : even++);
          if (m === 5 && nz >= 0.3 * m * nIn) continue; // would take the GEMM path
          wl.scope(() => {
            const Y = wl.nn.functional.dense(wl.matrix(x, { rows: m, cols: nIn, dtype: 'float32' }), wl.matrix(w, { rows: nIn, cols: nOut, dtype: 'float32' }), wl.matrix(b, { rows: 1, cols: nOut, dtype: 'float32' })).toTypedArray();
            const { y, mag } = model(x, w, b, m, nIn, nOut);
            for (let i = 0; i < y.length; i++) {
              if (build === 'relaxed-simd') {
                // fused multiply-adds round once per term instead of twice: |Δ| ≤ 2·(terms)·ε·Σ|terms|
                expect(Math.abs(Y[i] - y[i]), `${m}×${nIn}→${nOut} [${i}]`).toBeLessThanOrEqual(2 * (nIn + 1) * EPS32 * mag[i]);
              } else if (Y[i] !== y[i]) {
                expect(Y[i], `${m}×${nIn}→${nOut} density ${density} [${i}]`).toBe(y[i]);
              }
            }
          });
        }
      }
    }
    expect(odd).toBeGreaterThan(20);
    expect(even).toBeGreaterThan(20);
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
  });

  it('dense inputs take the GEMM path and agree with the same model within the f32 rounding bound', () => {
    for (const [m, nIn, nOut] of [[4, 9, 10], [7, 33, 70], [64, 40, 128]]) {
      wl.scope(() => {
        const x = sparse(m * nIn, 0.9, m + nIn), w = sparse(nIn * nOut, 1, nOut), b = sparse(nOut, 1, 3);
        const Y = wl.nn.functional.dense(wl.matrix(x, { rows: m, cols: nIn, dtype: 'float32' }), wl.matrix(w, { rows: nIn, cols: nOut, dtype: 'float32' }), wl.matrix(b, { rows: 1, cols: nOut, dtype: 'float32' })).toTypedArray();
        const { y, mag } = model(x, w, b, m, nIn, nOut);
        for (let i = 0; i < y.length; i++) expect(Math.abs(Y[i] - y[i])).toBeLessThanOrEqual(4 * (nIn + 1) * EPS32 * mag[i]);
      });
    }
  });

  it('counts non-finite values in SIMD lanes and the scalar tail (float32 and float64)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const n of [1, 3, 4, 5, 9, 16, 17]) {
        for (const bad of [[0], [n - 1], [0, n - 1], [1, 2, 3].filter((i) => i < n)]) {
          if (bad.length === 0) continue;
          const A = wl.zeros(n, 1, dtype);
          const d = A.data;
          for (let i = 0; i < n; i++) d[i] = i + 1;
          bad.forEach((i, k) => (d[i] = [NaN, Infinity, -Infinity][k % 3]));
          const count = new Set(bad).size;
          expect(() => wl.linalg.svd(A), `${dtype} n=${n} bad=${bad}`).toThrow(new RegExp(`found ${count} NaN or ±Infinity entr`));
          A.dispose();
        }
      }
    }
  });

  it('one-sample predictProba: allocation-free, NaN/±Infinity rejected at any position, heap back to baseline', async () => {
    const base = wl.memory();
    const d = 29; // the finiteness scan covers 7 SIMD steps and a one-value tail
    const net = new wl.nn.Sequential([new wl.nn.Dense(d, 16, { seed: 1 }), new wl.nn.ReLU(), new wl.nn.Dense(16, 3, { seed: 2 })]);
    const r = rng(5);
    const X = Array.from({ length: 24 }, () => Float32Array.from({ length: d }, () => (r() < 0.3 ? r() : 0)));
    await net.fit(X, X.map((_, i) => i % 3), { loss: 'softmaxCrossEntropy', epochs: 2, seed: 1 });
    const out = new Float32Array(3);
    const ref = net.predictProba(X.slice(0, 1)) as Float32Array;
    const before = wl.memory();
    for (let i = 0; i < 50; i++) net.predictProba([X[0]], { out });
    expect(wl.memory()).toEqual(before);
    expect(Array.from(out)).toEqual(Array.from(ref)); // same bits as the batch path, run after run
    for (const pos of [0, 3, 4, 27, 28]) {
      for (const v of [NaN, Infinity, -Infinity]) {
        const row = X[1].slice();
        row[pos] = v;
        expect(() => net.predictProba([row], { out })).toThrow(wl.ValidationError);
      }
    }
    expect(() => net.predictProba([X[1].subarray(1)], { out })).toThrow(wl.ShapeError);
    expect(wl.memory()).toEqual(before);
    net.dispose();
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
    expect(wl.memory().blocksInUse).toBe(base.blocksInUse);
  });
});
