import { describe, expect, it, vi } from 'vitest';
import { BUILDS, freshWl, getWl, reference as readReference, rng, type WL } from '../helpers';

const reference = readReference('linalg.json') as {
  svd: { A: number[][]; singularValues: number[] };
};

type DT = 'float64' | 'float32';
const EPS: Record<DT, number> = { float64: 2.220446049250313e-16, float32: 1.1920928955078125e-7 };
// float64: the 1e-12·n; float32: from its own epsilon (n = max(m, n) of the input).
const bound = (dtype: DT, n: number): number => (dtype === 'float64' ? 1e-12 * n : 32 * n * EPS.float32);

function randomMatrix(m: number, n: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: m }, () => Array.from({ length: n }, () => 2 * r() - 1));
}

function matmul(A: number[][], B: number[][]): number[][] {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, x, k) => s + x * B[k][j], 0)));
}

/** max |QᵀQ − I| over the columns of Q (rows when `rows`). */
function orthError(Q: number[][], rows = false): number {
  const count = rows ? Q.length : Q[0].length;
  const len = rows ? Q[0].length : Q.length;
  const get = rows ? (v: number, i: number) => Q[v][i] : (v: number, i: number) => Q[i][v];
  let worst = 0;
  for (let a = 0; a < count; a++) {
    for (let b = a; b < count; b++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += get(a, i) * get(b, i);
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

/** Runs svd, checks shapes, order, reconstruction and orthonormality; frees everything; returns s. */
function checkSvd(wl: WL, A0: number[][], dtype: DT, full: boolean): Float64Array | Float32Array {
  const m = A0.length;
  const n = A0[0].length;
  const r = Math.min(m, n);
  const A = wl.matrix(A0, { dtype });
  const stored = A.toArray();
  const { U, s, Vt } = wl.linalg.svd(A, full ? { full } : undefined);
  expect(s).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
  expect(s.length).toBe(r);
  expect([U.rows, U.cols, U.dtype]).toEqual([m, full ? m : r, dtype]);
  expect([Vt.rows, Vt.cols, Vt.dtype]).toEqual([full ? n : r, n, dtype]);
  for (let i = 0; i < r; i++) {
    expect(s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  }
  const u = U.toArray();
  const vt = Vt.toArray();
  // ‖A − U·diag(s)·Vt‖_F / ‖A‖_F, using the first r columns / rows.
  const US = u.map((row) => row.slice(0, r).map((x, k) => x * s[k]));
  const rec = matmul(US, vt.slice(0, r));
  let err = 0;
  let norm = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    err += (rec[i][j] - stored[i][j]) ** 2;
    norm += stored[i][j] ** 2;
  }
  const tol = bound(dtype, Math.max(m, n));
  expect(norm === 0 ? Math.sqrt(err) : Math.sqrt(err / norm)).toBeLessThanOrEqual(tol);
  expect(orthError(u)).toBeLessThanOrEqual(tol);
  expect(orthError(vt, true)).toBeLessThanOrEqual(tol);
  expect(A.toArray()).toEqual(stored); // the input is not mutated
  U.dispose();
  Vt.dispose();
  A.dispose();
  return s;
}

describe('linalg.svd', () => {
  it('reproduces the reference singular values (LAPACK) within 1e-10 of the largest, A and Aᵀ', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    const { A, singularValues } = reference.svd;
    const At = A[0].map((_, j) => A.map((row) => row[j]));
    for (const M of [A, At]) {
      for (const full of [false, true]) {
        const s = checkSvd(wl, M, 'float64', full);
        for (let i = 0; i < singularValues.length; i++) expect(Math.abs(s[i] - singularValues[i])).toBeLessThanOrEqual(1e-10 * singularValues[0]);
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('reconstructs tall, wide and square random matrices with orthonormal factors, float64 and float32', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    const shapes: [number, number][] = [[1, 1], [1, 7], [7, 1], [2, 2], [3, 5], [5, 3], [16, 16], [40, 9], [9, 40], [64, 63], [100, 100], [200, 20], [20, 200], [150, 120]];
    for (const [m, n] of shapes) {
      for (const dtype of ['float64', 'float32'] as const) {
        for (const full of [false, true]) checkSvd(wl, randomMatrix(m, n, 31 * m + n), dtype, full);
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('handles rank-deficient and zero matrices: zero singular values, U completed to orthonormal', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    for (const dtype of ['float64', 'float32'] as const) {
      // Rank 3, 15×8 (and its transpose), built as a product.
      const B = matmul(randomMatrix(15, 3, 1), randomMatrix(3, 8, 2));
      const Bt = B[0].map((_, j) => B.map((row) => row[j]));
      for (const M of [B, Bt]) {
        for (const full of [false, true]) {
          const s = checkSvd(wl, M, dtype, full);
          expect(s[2]).toBeGreaterThan(0.01 * s[0]);
          for (let i = 3; i < s.length; i++) expect(s[i]).toBeLessThanOrEqual(50 * EPS[dtype] * s[0]);
        }
      }
      // Repeated columns, and a zero column in the middle.
      const C = randomMatrix(10, 4, 9).map((row) => [row[0], row[1], 0, row[0], row[3]]);
      checkSvd(wl, C, dtype, true);
      for (const full of [false, true]) {
        const z = checkSvd(wl, [[0, 0, 0], [0, 0, 0]], dtype, full);
        expect(Array.from(z)).toEqual([0, 0]);
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('gets exact answers for diagonal input and survives extreme scales', async () => {
    const wl = await getWl();
    const { U, s, Vt } = wl.linalg.svd([[0, 0, -2], [3, 0, 0]]);
    expect(Array.from(s)).toEqual([3, 2]);
    // Signed permutations (up to the rounding of the Householder step in the FMA build).
    const close = (M: number[][], P: number[][]): void => M.forEach((r, i) => r.forEach((x, j) => expect(Math.abs(x)).toBeCloseTo(P[i][j], 15)));
    close(U.toArray(), [[0, 1], [1, 0]]);
    close(Vt.toArray(), [[1, 0, 0], [0, 0, 1]]);
    U.dispose();
    Vt.dispose();
    for (const scale of [1e-160, 1e160]) {
      const s2 = checkSvd(wl, randomMatrix(12, 5, 4).map((r) => r.map((x) => x * scale)), 'float64', false);
      expect(s2[0] / scale).toBeGreaterThan(0.1);
    }
    // Ill-conditioned: a 10×10 Hilbert matrix (cond ≈ 1.6e13). It is SPD, so its singular values are
    // its eigenvalues: the two independent algorithms agree to the backward-stable level eps·‖H‖.
    const H = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => 1 / (i + j + 1)));
    const sh = checkSvd(wl, H, 'float64', false);
    const eig = wl.linalg.eigvalsh(H, { method: 'jacobi' });
    for (let i = 0; i < 10; i++) expect(Math.abs(sh[i] - eig[i])).toBeLessThan(16 * EPS.float64 * sh[0]);
  });

  it.each(BUILDS)('gives the same invariants in the %s build', async (build) => {
    const wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
    const before = wl.memory().bytesInUse;
    for (const [m, n] of [[6, 4], [33, 17], [17, 33], [70, 70]] as [number, number][]) {
      for (const dtype of ['float64', 'float32'] as const) {
        for (const full of [false, true]) checkSvd(wl, randomMatrix(m, n, m + 100 * n), dtype, full);
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('throws typed errors and frees everything on the error paths', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    const nan = wl.matrix([[1, 2], [3, 4]]);
    nan.data[3] = Infinity; // wl.matrix rejects it itself, so it is written in afterwards
    expect(() => wl.linalg.svd(nan)).toThrow(wl.ValidationError);
    expect(() => wl.linalg.svd(nan)).toThrow(/A: expected finite values/);
    nan.dispose();
    expect(() => wl.linalg.svd([[1]], { full: 1 } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.svd([[1]], { thin: true } as never)).toThrow(/unknown option "thin"/);
    expect(() => wl.linalg.svd([1, 2, 3] as never)).toThrow(wl.ShapeError);
    const d = wl.matrix([[1]]);
    d.dispose();
    expect(() => wl.linalg.svd(d)).toThrow(wl.DisposedError);
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('throws NotInitializedError before init', async () => {
    vi.resetModules();
    const wl: WL = await import('../../build/dist/index.js');
    expect(() => wl.linalg.svd([[1]])).toThrow(wl.NotInitializedError);
  });
});
