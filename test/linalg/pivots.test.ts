// Tests aimed at the bugs a mutation tester plants in the factorizations and their guards: an LU
// pivot search that stops at the first panel or compares signed values, a Cholesky that accepts a
// zero or negative pivot, a Frobenius norm rounded through float32, and gemm/gemv/add accepting an
// aliased or other-dtype `out`. In every build, both dtypes where the kernel is generic.
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, rng, type WL } from '../helpers';

type Dt = 'float32' | 'float64';
const EPS: Record<Dt, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/** The n×n permutation matrix P with P[i][perm[i]] = 1, and the sign (parity) of perm. */
function permutationMatrix(perm: number[]): { P: number[][]; sign: number } {
  const n = perm.length;
  const P = perm.map((j) => Array.from({ length: n }, (_, c) => (c === j ? 1 : 0)));
  let sign = 1;
  const seen = new Array(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = perm[j]) {
      seen[j] = true;
      len++;
    }
    if (len % 2 === 0) sign = -sign; // a cycle of even length is an odd permutation
  }
  return { P, sign };
}

function shuffled(n: number, seed: number): number[] {
  const r = rng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

describe.each(BUILDS)('LU, Cholesky and argument guards (%s build)', (build) => {
  let wl: WL;
  const ready = async () => (wl ??= await freshWl(build));

  it.each(['float64', 'float32'] as const)('det, slogdet, solve and inv of 40×40 permutation matrices are exact (%s)', async (dtype) => {
    await ready();
    const base = wl.memory();
    // The anti-diagonal puts column k's only nonzero in row 39 − k, beyond the 32-column panel for
    // k < 8: a pivot search that stopped at the panel would find only zeros there.
    const perms = [Array.from({ length: 40 }, (_, i) => 39 - i), shuffled(40, 1), shuffled(40, 2), shuffled(40, 3)];
    for (const perm of perms) {
      const { P, sign } = permutationMatrix(perm);
      const A = wl.matrix(P, { dtype });
      expect(wl.linalg.det(A)).toBe(sign);
      expect(wl.linalg.slogdet(A)).toEqual({ sign, logabsdet: 0 });
      const b = Array.from({ length: 40 }, (_, i) => i + 1);
      const x = wl.linalg.solve(A, b); // P·x = b ⇒ x[perm[i]] = b[i]
      expect(Array.from(x)).toEqual(perm.map((_, j) => b[perm.indexOf(j)]));
      const inv = wl.linalg.inv(A);
      expect(inv.toArray()).toEqual(P[0].map((_, c) => P.map((row) => row[c]))); // P⁻¹ = Pᵀ
      inv.dispose();
      A.dispose();
    }
    expect(wl.memory()).toEqual({ ...base, heapBytes: wl.memory().heapBytes });
  });

  it.each(['float64', 'float32'] as const)('pivots on the largest |a|, not the largest signed value (%s)', async (dtype) => {
    await ready();
    // −I plus tiny positive off-diagonal entries: a signed comparison would pivot on a tiny
    // positive entry instead of the −1 on the diagonal and blow the factors up by 1/tiny.
    const n = 40;
    const tiny = dtype === 'float64' ? 1e-18 : 1e-9;
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? -1 : tiny)));
    const b = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const M = wl.matrix(A, { dtype });
    const x = wl.linalg.solve(M, b);
    // x = −b to first order; the O(n·tiny) correction is far below this tolerance
    const tol = 8 * n * EPS[dtype] + 4 * n * tiny;
    for (let i = 0; i < n; i++) expect(Math.abs(x[i] + b[i])).toBeLessThanOrEqual(tol);
    expect(Math.abs(wl.linalg.det(M) - 1)).toBeLessThanOrEqual(tol); // (−1)^40 = 1
    M.dispose();
    // the 2×2 classic: [[1e-17, 1], [−1, 1]]·x = [1, 0] has x = [1, 1]/(1 + 1e-17) and needs the row swap
    const x2 = wl.linalg.solve([[1e-17, 1], [-1, 1]], [1, 0]);
    expect(Math.abs(x2[0] - 1)).toBeLessThanOrEqual(2 * EPS.float64);
    expect(Math.abs(x2[1] - 1)).toBeLessThanOrEqual(2 * EPS.float64);
  });

  it.each(['float64', 'float32'] as const)('Cholesky and solve(spd) refuse a zero or negative pivot at every position (%s)', async (dtype) => {
    await ready();
    const base = wl.memory();
    // Each matrix fails at a different branch of the kernel: the first or second row of a 2×2
    // diagonal block, or the odd last row; once with an exactly zero pivot and once negative.
    const cases: [number[][], number][] = [
      [[[0, 0], [0, 1]], 0],
      [[[-1, 0], [0, 1]], 0],
      [[[1, 1], [1, 1]], 1], // 1 − 1·1 = 0 exactly
      [[[1, 2], [2, 1]], 1], // 1 − 2·2 < 0
      [[[0]], 0],
      [[[-4]], 0],
      [[[1, 0, 1], [0, 1, 0], [1, 0, 1]], 2], // odd n, last pivot 0
      [[[4, 2, 2], [2, 5, 1], [2, 1, -1]], 2],
      [[[4, 0, 0, 0], [0, 4, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]], 3],
    ];
    for (const [S, k] of cases) {
      const M = wl.matrix(S, { dtype });
      expect(() => wl.linalg.cholesky(M), JSON.stringify(S)).toThrow(wl.ValidationError);
      expect(() => wl.linalg.cholesky(M)).toThrow(new RegExp(`leading ${k + 1}×${k + 1} minor is not positive`));
      expect(() => wl.linalg.solve(M, new Array(S.length).fill(1), { assume: 'spd' })).toThrow(/not positive definite/);
      M.dispose();
    }
    // and positive definite ones of the same shapes pass, with L·Lᵀ = S
    for (const S of [[[2, 1], [1, 2]], [[9]], [[4, 2, 2], [2, 5, 1], [2, 1, 3]]]) {
      const L = wl.linalg.cholesky(wl.scope(() => wl.keep(wl.matrix(S, { dtype }))));
      const LLt = wl.linalg.matmul(L, L, { transB: true });
      const got = LLt.toArray().flat();
      S.flat().forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(16 * EPS[dtype] * 9));
      LLt.dispose();
      L.dispose();
    }
    expect(wl.memory().blocksInUse).toBeLessThanOrEqual(base.blocksInUse + 3); // the three kept inputs
  });

  it('norm(A, "fro") keeps float64 precision (not rounded through float32)', async () => {
    await ready();
    const x = 1 + 2 ** -40; // float32 would round it to 1
    expect(wl.linalg.norm([[x]], 'fro')).toBe(x);
    const A = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]];
    const ref = Math.hypot(...A.flat());
    expect(Math.abs(wl.linalg.norm(A) - ref)).toBeLessThanOrEqual(4 * EPS.float64 * ref);
    expect(Math.abs(wl.linalg.norm(A) - ref)).toBeLessThan(1e-12); // a float32 rounding would be ~1e-8 off
  });

  it('gemm, gemv and elementwise ops refuse an aliased out and an out of the other dtype', async () => {
    await ready();
    const C = wl.ones(3, 3);
    const A = wl.ones(3, 3);
    const C32 = wl.ones(3, 3, 'float32');
    const before = C.toArray();
    for (const call of [() => wl.linalg.gemm(C, A, C), () => wl.linalg.gemm(C, C, A), () => wl.linalg.gemm(C, C, C)]) {
      expect(call).toThrow(wl.ValidationError);
      expect(call).toThrow(/out: must not be A or B/);
    }
    expect(() => wl.linalg.gemm(C32, A, A)).toThrow(/out: expected dtype float64 \(like A and B\), got float32/);
    expect(() => wl.linalg.gemm(C, C32, C32)).toThrow(/out: expected dtype float32/);
    const x = wl.ones(3, 1);
    expect(() => wl.linalg.gemv(A, x, { out: x })).toThrow(/out: must not be A or x/);
    expect(() => wl.linalg.gemv(A, x, { out: wl.ones(3, 1, 'float32') })).toThrow(/out: expected dtype float64/);
    expect(() => wl.add(A, A, { out: C32 })).toThrow(/out: expected dtype float64/);
    expect(C.toArray()).toEqual(before); // nothing was written
    expect(C32.toArray()).toEqual(before);
    for (const m of [C, A, C32, x]) m.dispose();
  });
});
