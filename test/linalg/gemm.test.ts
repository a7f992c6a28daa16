// GEMM, GEMV and SYRK against a plain float64 TypeScript reference on an edge-case table (sizes
// around the register tile and the cache blocks, primes), under every build and both dtypes.
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng, type WL } from '../helpers';

type Dt = 'float32' | 'float64';
const EPS: Record<Dt, number> = { float32: 2 ** -23, float64: 2 ** -52 };
// Register tile: 4 rows × 8 (f32) / 4 (f64) columns; the scalar build uses 4×4.
const AROUND_TILE = [3, 4, 5, 7, 8, 9];
const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131];
const SIZES = [...new Set([1, 2, 3, ...AROUND_TILE, ...PRIMES])];

/** op(A)·op(B) in float64 from the stored values. A: rows×cols as given. */
function refGemm(a: ArrayLike<number>, b: ArrayLike<number>, m: number, n: number, k: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  }
  return c;
}

const maxAbs = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(x[i]));
  return s;
};

function randomMatrix(wl: WL, rows: number, cols: number, dtype: Dt, r: () => number) {
  const data = Float64Array.from({ length: rows * cols }, () => 2 * r() - 1);
  return wl.matrix(data, { rows, cols, dtype });
}

interface Case { m: number; n: number; k: number; tA: boolean; tB: boolean; alpha: number; beta: number }

/** A sample of the size table (every size appears; all in a few seconds) plus fixed edge cases. */
function cases(seed: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: Case[] = [];
  const ab = () => ({ tA: r() < 0.5, tB: r() < 0.5, alpha: pick([1, -0.5, 2.5]), beta: pick([0, 1, 0.75]) });
  for (const s of SIZES) {
    out.push({ m: s, n: pick(SIZES), k: pick(SIZES), ...ab() });
    out.push({ m: pick(SIZES), n: s, k: pick(SIZES), ...ab() });
    out.push({ m: pick(SIZES), n: pick(SIZES), k: s, ...ab() });
  }
  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      out.push({ m: 1, n: 1, k: 1, tA, tB, alpha: 1, beta: 0 });
      out.push({ m: 1, n: 67, k: 5, tA, tB, alpha: 1, beta: 1 });
      out.push({ m: 67, n: 1, k: 5, tA, tB, alpha: 1, beta: 0 });
      // k beyond the KC block (512 f32, 256 f64: beta must apply once), m beyond MC (64), n beyond NC (1024)
      out.push({ m: 9, n: 11, k: 530, tA, tB, alpha: -0.5, beta: 0.75 });
      out.push({ m: 131, n: 9, k: 3, tA, tB, alpha: 1, beta: 1 });
      out.push({ m: 3, n: 2053, k: 2, tA, tB, alpha: 2.5, beta: 0 });
    }
  }
  return out;
}

describe.each(BUILDS)('gemm (%s build)', (build) => {
  it.each(['float32', 'float64'] as const)('matches the reference on the edge-case table (%s)', async (dtype) => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const r = rng(dtype === 'float32' ? 11 : 12);
    let worst = 0;
    for (const c of cases(dtype === 'float32' ? 1 : 2)) {
      const A = randomMatrix(wl, c.tA ? c.k : c.m, c.tA ? c.m : c.k, dtype, r);
      const B = randomMatrix(wl, c.tB ? c.n : c.k, c.tB ? c.k : c.n, dtype, r);
      const C = randomMatrix(wl, c.m, c.n, dtype, r);
      // beta = 0 must not read out: NaN there would otherwise poison the result.
      if (c.beta === 0) C.data.fill(NaN);
      const a = A.toTypedArray(), b = B.toTypedArray(), c0 = C.toTypedArray();
      wl.linalg.gemm(C, A, B, { alpha: c.alpha, beta: c.beta, transA: c.tA, transB: c.tB });
      const got = C.toTypedArray();
      const ref = refGemm(a, b, c.m, c.n, c.k, c.tA, c.tB);
      const scale = Math.abs(c.alpha) * maxAbs(a) * maxAbs(b);
      const tol = 2 * (c.k + 2) * EPS[dtype] * (scale + (c.beta ? Math.abs(c.beta) * maxAbs(c0) : 0));
      let err = 0;
      for (let i = 0; i < ref.length; i++) {
        const want = c.alpha * ref[i] + (c.beta ? c.beta * c0[i] : 0);
        err = Math.max(err, Math.abs(got[i] - want));
      }
      if (!(err <= tol)) expect.fail(`${JSON.stringify(c)}: max error ${err} > tolerance ${tol}`);
      worst = Math.max(worst, err / tol);
      A.dispose(); B.dispose(); C.dispose();
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('matmul, gemv and gram agree with the reference', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    const r = rng(5);
    for (const dtype of ['float32', 'float64'] as const) {
      const eps = EPS[dtype];
      for (const [m, k] of [[1, 1], [7, 3], [37, 61], [131, 9]]) {
        const A = randomMatrix(wl, m, k, dtype, r);
        const a = A.toTypedArray();
        // gram: AᵀA (k×k) and A·Aᵀ (m×m), exactly symmetric
        for (const trans of [false, true]) {
          const G = wl.linalg.gram(A, { trans });
          const nG = trans ? m : k;
          expect(G.shape).toEqual([nG, nG]);
          const ref = trans ? refGemm(a, a, m, m, k, false, true) : refGemm(a, a, k, k, m, true, false);
          const g = G.toTypedArray();
          const tol = 2 * ((trans ? k : m) + 2) * eps * maxAbs(a) ** 2;
          for (let i = 0; i < nG; i++) {
            for (let j = 0; j < nG; j++) {
              expect(Math.abs(g[i * nG + j] - ref[i * nG + j])).toBeLessThanOrEqual(tol);
              expect(g[i * nG + j]).toBe(g[j * nG + i]);
            }
          }
          G.dispose();
        }
        // gemv both ways, with and without out/beta
        for (const trans of [false, true]) {
          const len = trans ? m : k, outLen = trans ? k : m;
          const x = Float64Array.from({ length: len }, () => 2 * r() - 1);
          const X = wl.matrix(x, { rows: 1, cols: len, dtype });
          const xs = X.toTypedArray();
          const ref = trans ? refGemm(a, xs, k, 1, m, true, false) : refGemm(a, xs, m, 1, k, false, false);
          const y = wl.linalg.gemv(A, X, { trans, alpha: 1.5 });
          expect(y.shape).toEqual([outLen, 1]);
          const tol = 2 * (len + 2) * eps * 1.5 * maxAbs(a) * maxAbs(xs) + 4 * eps;
          const got = y.toTypedArray();
          for (let i = 0; i < outLen; i++) expect(Math.abs(got[i] - 1.5 * ref[i])).toBeLessThanOrEqual(tol);
          const y0 = y.toTypedArray();
          wl.linalg.gemv(A, X, { trans, alpha: -1, beta: 2, out: y });
          const got2 = y.toTypedArray();
          for (let i = 0; i < outLen; i++) expect(Math.abs(got2[i] - (2 * y0[i] - ref[i]))).toBeLessThanOrEqual(3 * tol);
          // plain numbers for x
          const y3 = wl.linalg.gemv(A, Array.from(xs), { trans });
          expect(y3.dtype).toBe(dtype);
          y.dispose(); y3.dispose(); X.dispose();
        }
        // matmul with JS data on one side takes the Matrix's dtype
        const P = wl.linalg.matmul(A, Array.from({ length: k }, (_, i) => [i + 1]));
        expect(P.dtype).toBe(dtype);
        const pr = refGemm(a, Array.from({ length: k }, (_, i) => i + 1), m, 1, k, false, false);
        const pg = P.toTypedArray();
        for (let i = 0; i < m; i++) expect(Math.abs(pg[i] - pr[i])).toBeLessThanOrEqual(2 * (k + 2) * eps * maxAbs(a) * k);
        P.dispose();
        A.dispose();
      }
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('gram beyond one column block', () => {
  it.each(['float32', 'float64'] as const)('AᵀA of a 3×1030 matrix (n > NC) is right and symmetric (%s)', async (dtype) => {
    const wl = await freshWl();
    const r = rng(9);
    const A = randomMatrix(wl, 3, 1030, dtype, r);
    const a = A.toTypedArray();
    const G = wl.linalg.gram(A);
    const g = G.toTypedArray();
    const n = 1030;
    let err = 0, asym = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const want = a[i] * a[j] + a[n + i] * a[n + j] + a[2 * n + i] * a[2 * n + j];
        err = Math.max(err, Math.abs(g[i * n + j] - want));
        asym = Math.max(asym, Math.abs(g[i * n + j] - g[j * n + i]));
      }
    }
    expect(err).toBeLessThanOrEqual(2 * 5 * EPS[dtype]);
    expect(asym).toBe(0);
    A.dispose();
    G.dispose();
  });
});

describe('gemm errors', () => {
  it('throws typed errors and leaks nothing', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    const A = wl.zeros(2, 3);
    const B = wl.zeros(4, 2);
    const F = wl.zeros(3, 2, 'float32');
    expect(() => wl.linalg.matmul(A, B)).toThrow(wl.ShapeError);
    expect(() => wl.linalg.matmul(A, B)).toThrow(/A \(2×3\).*B \(4×2\)/);
    expect(() => wl.linalg.matmul(A, B, { transB: true })).toThrow(/Bᵀ \(2×4\)/);
    const T = wl.linalg.matmul(A, B, { transA: true, transB: true });
    expect(T.shape).toEqual([3, 4]);
    expect(() => wl.linalg.matmul(A, F)).toThrow(wl.ValidationError);
    expect(() => wl.linalg.matmul(A, F)).toThrow(/dtype float64/);
    expect(() => wl.linalg.matmul(A, [[1, 2], [3, 4]])).toThrow(wl.ShapeError);
    expect(() => wl.linalg.matmul(A, B, { transC: true } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.matmul(A, B, { transA: 1 } as never)).toThrow(wl.InvalidParameterError);
    const C = wl.zeros(2, 2);
    const G = wl.zeros(3, 3);
    expect(() => wl.linalg.gemm(G, A, B, { transA: true, transB: true })).toThrow(/out: expected shape 3×4/);
    expect(() => wl.linalg.gemm(C, A, A, { transB: true, alpha: NaN })).toThrow(wl.InvalidParameterError);
    const O32 = wl.zeros(2, 2, 'float32');
    expect(() => wl.linalg.gemm(O32, A, A, { transB: true })).toThrow(wl.ValidationError);
    const S = wl.zeros(2, 2);
    expect(() => wl.linalg.gemm(S, S, S)).toThrow(/must not be A or B/);
    expect(() => wl.linalg.gemv(A, [1, 2])).toThrow(/x: expected length 3/);
    expect(() => wl.linalg.gemv(A, [1, 2, 3], { beta: 1 })).toThrow(wl.InvalidParameterError);
    const X2 = wl.zeros(3, 2);
    expect(() => wl.linalg.gemv(A, X2)).toThrow(wl.ShapeError);
    const D = wl.zeros(3, 3);
    D.dispose();
    expect(() => wl.linalg.matmul(D, D)).toThrow(wl.DisposedError);
    expect(() => wl.linalg.gram(D)).toThrow(wl.DisposedError);
    expect(() => wl.linalg.gemm(D, A, B, { transA: true, transB: true })).toThrow(wl.DisposedError);
    expect(() => wl.linalg.matmul([[1, NaN]], [[1], [2]])).toThrow(wl.ValidationError);
    // failed calls free their copies and scratch: only what this test made is live until disposed
    for (const m of [A, B, F, C, G, S, T, O32, X2]) m.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
