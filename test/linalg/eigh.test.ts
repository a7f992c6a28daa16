import { describe, expect, it, vi } from 'vitest';
import { BUILDS, freshWl, getWl, reference as readReference, rng, type WL } from '../helpers';

const reference = readReference('linalg.json') as {
  eigh: { name: string; S: number[][]; eigenvalues: number[] }[];
};

type DT = 'float64' | 'float32';
const METHODS = ['jacobi', 'tridiagonal', 'auto'] as const;
const EPS: Record<DT, number> = { float64: 2.220446049250313e-16, float32: 1.1920928955078125e-7 };
// Backward-stable bound c·n·ε (relative to ‖S‖), c = 8: the kernels reach at most 1.6·n·ε on these
// matrices in every build (measured: residual ≤ 0.9·n·ε, orthogonality ≤ 1.6·n·ε, n = 1…200, both
// dtypes, all methods). A bound like 1e-12·n (4500·n·ε) would let a deflation threshold loosened 1e4×
// pass unnoticed.
const bound = (dtype: DT, n: number): number => 8 * n * EPS[dtype];

function randomSymmetric(n: number, seed: number): number[][] {
  const r = rng(seed);
  const S = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) S[i][j] = S[j][i] = 2 * r() - 1;
  return S;
}

/** ‖S·V − V·Λ‖_F / ‖S‖_F and max |VᵀV − I|, in float64 from the stored (possibly float32) S. */
function invariants(S: number[][], values: ArrayLike<number>, V: number[][]): { residual: number; orth: number } {
  const n = S.length;
  let res = 0;
  let norm = 0;
  let orth = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sv = 0;
      let vv = 0;
      for (let k = 0; k < n; k++) {
        sv += S[i][k] * V[k][j];
        vv += V[k][i] * V[k][j];
      }
      res += (sv - V[i][j] * values[j]) ** 2;
      norm += S[i][j] ** 2;
      orth = Math.max(orth, Math.abs(vv - (i === j ? 1 : 0)));
    }
  }
  return { residual: norm === 0 ? Math.sqrt(res) : Math.sqrt(res / norm), orth };
}

function expectDescending(values: ArrayLike<number>): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
}

/** Decomposes S with `method`, checks every invariant, frees everything; returns the values. */
function checkEigh(wl: WL, S0: number[][], dtype: DT, method: (typeof METHODS)[number], factor = 1): Float64Array | Float32Array {
  const n = S0.length;
  const S = wl.matrix(S0, { dtype });
  const stored = S.toArray();
  const { values, vectors } = wl.linalg.eigh(S, { method });
  expect(values).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
  expect(values.length).toBe(n);
  expect([vectors.rows, vectors.cols, vectors.dtype]).toEqual([n, n, dtype]);
  expectDescending(values);
  const { residual, orth } = invariants(stored, values, vectors.toArray());
  expect(residual).toBeLessThanOrEqual(factor * bound(dtype, n));
  expect(orth).toBeLessThanOrEqual(factor * bound(dtype, n));
  const only = wl.linalg.eigvalsh(S, { method });
  const scale = Math.max(1e-300, ...Array.from(values, Math.abs));
  for (let i = 0; i < n; i++) expect(Math.abs(only[i] - values[i]) / scale).toBeLessThanOrEqual(factor * bound(dtype, n));
  expect(S.toArray()).toEqual(stored); // the input is not mutated
  vectors.dispose();
  S.dispose();
  return values;
}

describe('linalg.eigh', () => {
  it('reproduces the reference eigenvalues (LAPACK) within 8·n·ε of the largest, every method', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    for (const entry of reference.eigh) {
      for (const method of METHODS) {
        const values = checkEigh(wl, entry.S, 'float64', method);
        const largest = Math.max(...entry.eigenvalues.map(Math.abs));
        const expected = [...entry.eigenvalues].sort((a, b) => b - a);
        // Weyl: a backward error of c·n·ε·‖S‖ moves each eigenvalue by at most that much.
        for (let i = 0; i < expected.length; i++) expect(Math.abs(values[i] - expected[i])).toBeLessThanOrEqual(bound('float64', expected.length) * largest);
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('satisfies S·V = V·Λ and VᵀV = I on random symmetric matrices, sizes 1..200, float64 and float32', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    for (const n of [1, 2, 3, 4, 7, 8, 16, 23, 31, 47, 64, 100, 129, 200]) {
      for (const dtype of ['float64', 'float32'] as const) {
        for (const method of METHODS) {
          if (method === 'jacobi' && n > 129 && dtype === 'float32') continue; // float64 covers Jacobi at 200
          checkEigh(wl, randomSymmetric(n, 1000 + n), dtype, method);
        }
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('accepts plain arrays and computes the known spectrum of small matrices', async () => {
    const wl = await getWl();
    const { values, vectors } = wl.linalg.eigh([[2, 1], [1, 2]]);
    expect(Array.from(values)).toEqual([expect.closeTo(3, 14), expect.closeTo(1, 14)]);
    // The eigenvector of 3 is ±(1, 1)/√2.
    expect(Math.abs(vectors.get(0, 0))).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors.get(0, 0) * vectors.get(1, 0)).toBeGreaterThan(0);
    vectors.dispose();
    const one = wl.linalg.eigh([[-4.5]]);
    expect(Array.from(one.values)).toEqual([-4.5]);
    expect(one.vectors.toArray()).toEqual([[1]]);
    one.vectors.dispose();
    expect(Array.from(wl.linalg.eigvalsh([[0, 0], [0, 0]]))).toEqual([0, 0]);
  });

  it('handles repeated, zero, diagonal and ill-conditioned (Hilbert) cases with every method', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    for (const method of METHODS) {
      for (const dtype of ['float64', 'float32'] as const) {
        // Repeated: I + 1·1ᵀ (n = 9) has eigenvalues 10 and 1 (eight times).
        const n = 9;
        const rep = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : 1)));
        const v = checkEigh(wl, rep, dtype, method);
        expect(v[0]).toBeCloseTo(10, dtype === 'float64' ? 12 : 4);
        for (let i = 1; i < n; i++) expect(v[i]).toBeCloseTo(1, dtype === 'float64' ? 12 : 5);
        // Zero eigenvalues: X·Xᵀ with X 12×3 has rank 3.
        const r = rng(7);
        const X = Array.from({ length: 12 }, () => [2 * r() - 1, 2 * r() - 1, 2 * r() - 1]);
        const G = X.map((a) => X.map((b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
        const z = checkEigh(wl, G, dtype, method);
        for (let i = 3; i < 12; i++) expect(Math.abs(z[i])).toBeLessThanOrEqual(100 * EPS[dtype] * z[0]);
        // Already diagonal: the values are the sorted diagonal, the vectors a permutation.
        const diag = [3, -1, 0, 7, 2, 2, -5];
        const D = diag.map((d, i) => diag.map((_, j) => (i === j ? d : 0)));
        const S = wl.matrix(D, { dtype });
        const { values, vectors } = wl.linalg.eigh(S, { method });
        expect(Array.from(values)).toEqual([7, 3, 2, 2, 0, -1, -5]);
        for (const row of vectors.toArray()) expect(row.map(Math.abs).sort((a, b) => b - a)).toEqual([1, 0, 0, 0, 0, 0, 0]);
        vectors.dispose();
        S.dispose();
      }
      // Hilbert matrices (condition number 1e10 at n = 8, 1e16 at n = 12): the residual is relative
      // to ‖S‖, so it stays at rounding level; the smallest eigenvalue of H_8 is 1.11153896e-10.
      for (const n of [8, 12]) {
        const H = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 / (i + j + 1)));
        const v = checkEigh(wl, H, 'float64', method);
        // Within 8·eps·‖H_8‖ (‖H_8‖ ≈ 1.7), the backward-stable bound.
        if (n === 8) expect(Math.abs(v[7] - 1.111538966e-10)).toBeLessThan(8 * EPS.float64 * 1.7);
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('scales: tiny and huge entries decompose without underflow or overflow', async () => {
    const wl = await getWl();
    for (const s of [1e-150, 1e150]) {
      const S = randomSymmetric(10, 3).map((row) => row.map((x) => x * s));
      for (const method of METHODS) {
        const values = checkEigh(wl, S, 'float64', method);
        expect(Number.isFinite(values[0]) && values[0] !== 0).toBe(true);
      }
    }
  });

  it.each(BUILDS)('gives the same invariants in the %s build', async (build) => {
    const wl = await freshWl(build);
    expect(wl.features().build).toBe(build);
    const before = wl.memory().bytesInUse;
    for (const n of [5, 33, 70]) {
      for (const dtype of ['float64', 'float32'] as const) {
        for (const method of METHODS) checkEigh(wl, randomSymmetric(n, 50 + n), dtype, method);
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('throws typed errors and frees everything on the error paths', async () => {
    const wl = await getWl();
    const before = wl.memory().bytesInUse;
    expect(() => wl.linalg.eigh([[1, 2, 3], [4, 5, 6]])).toThrow(wl.ShapeError);
    expect(() => wl.linalg.eigvalsh([[1, 2, 3], [4, 5, 6]])).toThrow(/S: expected a square matrix, got 2×3/);
    expect(() => wl.linalg.eigh([[1, 2], [2.001, 1]])).toThrow(wl.ValidationError);
    expect(() => wl.linalg.eigh([[1, 2], [3, 1]])).toThrow(/S: expected a symmetric matrix/);
    // Asymmetry 200× the tolerance (1e-8·max|S| in float64, 1e-3 in float32) is not rounding noise.
    expect(() => wl.linalg.eigh([[1, 2], [2 + 4e-6, 1]])).toThrow(/expected a symmetric matrix, but .* is 0\.00000200 × max\|S\| \(tolerance 1e-8\)/);
    expect(() => wl.linalg.eigvalsh([[1, 2], [2 + 4e-6, 1]], { method: 'jacobi' })).toThrow(wl.ValidationError);
    const f32 = wl.matrix([[1, 2], [2.4, 1]], { dtype: 'float32' });
    expect(() => wl.linalg.eigvalsh(f32)).toThrow(/expected a symmetric matrix/);
    f32.dispose();
    // Rounding-level asymmetry is accepted (the mean is used).
    const { vectors } = wl.linalg.eigh([[1, 2], [2 + 1e-14, 1]]);
    vectors.dispose();
    const nan = wl.matrix([[1, 0], [0, 1]]); // wl.matrix rejects NaN itself, so it is written in afterwards
    nan.data[1] = NaN;
    nan.data[2] = NaN;
    expect(() => wl.linalg.eigh(nan)).toThrow(wl.ValidationError);
    expect(() => wl.linalg.eigvalsh(nan)).toThrow(/S: expected finite values/);
    nan.dispose();
    expect(() => wl.linalg.eigh([[1]], { method: 'qr' as never })).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.eigh([[1]], { tol: 1 } as never)).toThrow(/unknown option "tol"/);
    const d = wl.matrix([[1]]);
    d.dispose();
    expect(() => wl.linalg.eigh(d)).toThrow(wl.DisposedError);
    expect(wl.memory().bytesInUse).toBe(before);
  });

  it('throws NotInitializedError before init', async () => {
    vi.resetModules();
    const wl: WL = await import('../../build/dist/index.js');
    expect(() => wl.linalg.eigh([[1]])).toThrow(wl.NotInitializedError);
  });
});
