// Accuracy at the edges, measured against LAPACK: subnormal and huge inputs, rank decisions on
// hard matrices, badly scaled systems, graded eigenproblems, SVD orthogonality and the norms.
// Reference numbers: test/fixtures/reference/accuracy.json, produced once by accuracy.py beside it
// (NumPy 2.4 / OpenBLAS LAPACK, mpmath for true values); every input is rebuilt here from its recipe.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, jsMatmul, randomArray, reference, type WL } from '../helpers';

const ref = reference('accuracy.json');
type DT = 'float64' | 'float32';
const EPS: Record<DT, number> = { float64: 2 ** -52, float32: 2 ** -23 };

/** The Kahan matrix diag(1, s, …, s^(n−1))·(I − c·strict upper ones), s^i by repeated multiplication as accuracy.py. */
function kahan(n: number, s: number, c: number): Float64Array {
  const K = new Float64Array(n * n);
  let p = 1;
  for (let i = 0; i < n; i++) {
    K[i * n + i] = p;
    for (let j = i + 1; j < n; j++) K[i * n + j] = -c * p;
    p *= s;
  }
  return K;
}

const norm2 = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((a, v) => a + v * v, 0));
/** max |MᵀM − I| for M (rows×cols, row-major), in float64. */
function orthCols(a: ArrayLike<number>, rows: number, cols: number): number {
  let e = 0;
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < rows; k++) s += a[k * cols + i] * a[k * cols + j];
      e = Math.max(e, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return e;
}
/** max |M·Mᵀ − I|. */
function orthRows(a: ArrayLike<number>, rows: number, cols: number): number {
  let e = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      let s = 0;
      for (let k = 0; k < cols; k++) s += a[i * cols + k] * a[j * cols + k];
      e = Math.max(e, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return e;
}
/** ‖A‖₁ of a row-major n×n. */
function norm1(a: ArrayLike<number>, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    best = Math.max(best, s);
  }
  return best;
}

let wl: WL;
beforeAll(async () => {
  wl = await getWl();
});

describe('extreme magnitudes', () => {
  // A small well-conditioned SPD matrix with integer entries, scaled by a power of two so that the
  // scaled matrix is exact and entirely subnormal: 2^-1030 ≈ 8.7e-311 (float64), 2^-130 ≈ 7.3e-40 (float32).
  const A0 = [[4, 1, 2], [1, 5, 3], [2, 3, 6]];
  const detA0 = 4 * (5 * 6 - 9) - 1 * (6 - 6) + 2 * (3 - 10); // 70
  const b0 = [1, 2, 3];
  const x0 = [0, 1 / 7, 3 / 7]; // A0⁻¹·b0
  const SCALE: Record<DT, number> = { float64: 2 ** -1030, float32: 2 ** -130 };
  // a subnormal carries fewer digits: ulp 2^-1074 (2^-149) against entries of size ~2^-1030 (2^-130)
  const REL: Record<DT, number> = { float64: 2 ** -1074 / 2 ** -1030, float32: 2 ** -149 / 2 ** -130 };

  describe.each(['float64', 'float32'] as const)('%s subnormal input', (dtype) => {
    const s = SCALE[dtype];
    // κ(A0) < 10 and n = 3: every result below is within 50·(input precision) of the exact one
    const tol = 50 * Math.max(EPS[dtype], REL[dtype]);
    const A = () => wl.matrix(A0.map((r) => r.map((v) => v * s)), { dtype });

    it('is exactly representable and subnormal', () => {
      const M = A();
      const smallestNormal = dtype === 'float64' ? 2 ** -1022 : 2 ** -126;
      M.toArray().forEach((r, i) => r.forEach((v, j) => {
        expect(v).toBe(A0[i][j] * s);
        expect(v).toBeLessThan(smallestNormal);
      }));
      M.dispose();
    });

    it('solve and lstsq give finite, correct results (no "singular" verdict)', () => {
      const M = A();
      const b = b0.map((v) => v * s);
      const x = wl.linalg.solve(M, b);
      x0.forEach((v, i) => expect(Math.abs(x[i] - v)).toBeLessThanOrEqual(tol));
      const l = wl.linalg.lstsq(M, b);
      expect(l.rank).toBe(3);
      x0.forEach((v, i) => expect(Math.abs(l.x[i] - v)).toBeLessThanOrEqual(tol));
      M.dispose();
    });

    it('det, slogdet, qr and norm', () => {
      const M = A();
      const { sign, logabsdet } = wl.linalg.slogdet(M);
      expect(sign).toBe(1);
      expect(Math.abs(logabsdet - (Math.log(detA0) + 3 * Math.log(s)))).toBeLessThanOrEqual(tol * Math.abs(logabsdet));
      // det is a JS number: 70·2^-390 is a float64 (from float32 input); 70·2^-3090 is below every float
      if (dtype === 'float64') expect(wl.linalg.det(M)).toBe(0);
      else expect(Math.abs(wl.linalg.det(M) / (detA0 * s ** 3) - 1)).toBeLessThanOrEqual(tol);
      const { Q, R } = wl.linalg.qr(M);
      const q = Q.toArray().flat(), r = R.toArray().flat();
      [...q, ...r].forEach((v) => expect(Number.isFinite(v)).toBe(true));
      expect(orthCols(q, 3, 3)).toBeLessThanOrEqual(10 * EPS[dtype]);
      const qr = jsMatmul(q, r.map((v) => v / s), 3, 3, 3);
      qr.forEach((v, k) => expect(Math.abs(v - A0.flat()[k])).toBeLessThanOrEqual(tol * 6));
      Q.dispose();
      R.dispose();
      const fro = Math.sqrt(A0.flat().reduce((a, v) => a + v * v, 0));
      expect(Math.abs(wl.linalg.norm(M) / s - fro)).toBeLessThanOrEqual(tol * fro);
      expect(wl.linalg.norm(M, 1) / s).toBeCloseTo(11, 3);
      const sv = wl.linalg.svd(A0).s;
      expect(Math.abs(wl.linalg.norm(M, 2) / s - sv[0])).toBeLessThanOrEqual(tol * sv[0]);
      expect(Math.abs(wl.linalg.norm(M, 'nuc') / s - (sv[0] + sv[1] + sv[2]))).toBeLessThanOrEqual(tol * sv[0] * 3);
      M.dispose();
    });
  });

  // inv(A0·2^-1030) = inv(A0)·2^1030 is beyond the float range; these entries are subnormal too
  // (all below 2.2e-308 / 1.2e-38) but the inverse (singular values ≥ 7·s) is representable
  it.each([['float64', 1e-309], ['float32', 1e-39]] as const)('%s: inv and pinv of a subnormal matrix with a representable inverse', (dtype, s) => {
    const B0 = [[10, 1, 2], [1, 10, 3], [2, 3, 10]];
    const M = wl.matrix(B0.map((r) => r.map((v) => v * s)), { dtype });
    const entries = M.toTypedArray();
    const I0 = wl.linalg.inv(B0).toArray().flat();
    // the subnormal entries carry 2^-1074/1e-309 ≈ 5e-15 (2^-149/1e-39 ≈ 1.4e-6) relative precision;
    // κ(B0) < 3, so the inverse is good to 20× that
    const rel = 20 * (dtype === 'float64' ? 2 ** -1074 / s : 2 ** -149 / s);
    const scaled = jsMatmul(entries, I0, 3, 3, 3); // ≈ s·I from the stored entries
    for (const X of [wl.linalg.inv(M), wl.linalg.pinv(M)]) {
      const x = X.toTypedArray();
      x.forEach((v) => expect(Number.isFinite(v)).toBe(true));
      const prod = jsMatmul(entries, x, 3, 3, 3); // A·A⁻¹ = I
      prod.forEach((v, k) => expect(Math.abs(v - (k % 4 === 0 ? 1 : 0))).toBeLessThanOrEqual(rel));
      X.dispose();
    }
    expect(scaled.length).toBe(9);
    M.dispose();
  });

  it('eigh of [[1e308, 1e308], [1e308, 1e308]]: eigenvalues [Infinity, 0] as LAPACK, finite orthonormal vectors', () => {
    for (const [dtype, big] of [['float64', 1e308], ['float32', 3e38]] as const) {
      for (const method of ['auto', 'jacobi', 'tridiagonal'] as const) {
        const { values, vectors } = wl.linalg.eigh(wl.matrix([[big, big], [big, big]], { dtype }), { method });
        expect(values[0]).toBe(Infinity); // 2·big is beyond the float range (numpy.linalg.eigh: [0, inf])
        expect(values[1]).toBe(0);
        const v = vectors.toArray().flat();
        v.forEach((x) => expect(Math.abs(Math.abs(x) - Math.SQRT1_2)).toBeLessThanOrEqual(4 * EPS[dtype]));
        expect(v[0] * v[1] + v[2] * v[3]).toBeCloseTo(0, 6);
        vectors.dispose();
      }
      // representable eigenvalues ±√(a² + b²) ≈ ±1.005·big: no overflow inside
      const M = wl.matrix([[big, big / 10], [big / 10, -big]], { dtype });
      const [a, b] = [M.get(0, 0), M.get(0, 1)];
      const want = Math.hypot(a, b);
      for (const method of ['jacobi', 'tridiagonal'] as const) {
        const w = wl.linalg.eigvalsh(M, { method });
        expect(Math.abs(w[0] - want)).toBeLessThanOrEqual(4 * EPS[dtype] * want);
        expect(Math.abs(w[1] + want)).toBeLessThanOrEqual(4 * EPS[dtype] * want);
      }
      M.dispose();
    }
  });

  it('norm of huge matrices does not overflow', () => {
    const A = [[1e308, 1e308], [0, 0]];
    const want = 1e308 * Math.SQRT2; // 1.414e308: representable
    for (const ord of ['fro', 2, 'nuc'] as const) expect(Math.abs(wl.linalg.norm(A, ord) - want)).toBeLessThanOrEqual(4 * EPS.float64 * want);
    // σ_max = 2e38 is a float32 (the entries' squares, 1e76, are not)
    const F = wl.matrix([[1e38, 1e38], [1e38, 1e38]], { dtype: 'float32' });
    const wantF = 2 * Math.fround(1e38);
    expect(Math.abs(wl.linalg.norm(F) - wantF)).toBeLessThanOrEqual(EPS.float64 * 4 * wantF);
    expect(Math.abs(wl.linalg.norm(F, 2) - wantF)).toBeLessThanOrEqual(EPS.float32 * 4 * wantF);
    F.dispose();
    // tiny: numpy.linalg.norm underflows to 0 here; the scaled sum of squares does not
    const tiny = wl.linalg.norm([[1e-310, 2e-310]]);
    expect(Math.abs(tiny - Math.sqrt(5) * 1e-310)).toBeLessThanOrEqual(1e-14 * tiny); // subnormal inputs: ~14 digits
  });

  describe.each(['float64', 'float32'] as const)('%s pairwiseDistances', (dtype) => {
    const exps = dtype === 'float64' ? [154, 200, 300, -154, -200, -300] : [19, 30, 37, -19, -30, -37];
    it.each(exps)('rows of size 1e%i: finite, correct distances for every metric', (e) => {
      const s = 10 ** e;
      const X0 = [[3, 0, 1], [0, 4, 1], [-1, 2, 2]];
      const Y0 = [[1, 1, 1], [3, 0, 1]];
      const X = wl.matrix(X0.map((r) => r.map((v) => v * s)), { dtype });
      const Y = wl.matrix(Y0.map((r) => r.map((v) => v * s)), { dtype });
      // what the distances are at scale 1, times s (the representable part; float32 rounding of x·s included)
      const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, k) => v - b[k]));
      for (const [P, Q, self] of [[X, Y, false], [X, X, true]] as const) {
        const Q0 = self ? X0 : Y0;
        const E = wl.linalg.pairwiseDistances(P, self ? undefined : Q, { metric: 'euclidean' });
        const C = wl.linalg.pairwiseDistances(P, self ? undefined : Q, { metric: 'cosine' });
        const e2 = E.toArray(), c2 = C.toArray();
        X0.forEach((a, i) => Q0.forEach((b, j) => {
          const want = dist(a, b) * s;
          // the dot trick loses digits when the distance is small against the norms (as sklearn's)
          const tolE = 200 * EPS[dtype] * (norm2(a) + norm2(b)) ** 2 / Math.max(dist(a, b), 1e-300) * s;
          expect(Number.isFinite(e2[i][j])).toBe(true);
          if (self && i === j) expect(e2[i][j]).toBe(0);
          else expect(Math.abs(e2[i][j] - want)).toBeLessThanOrEqual(tolE);
          const cos = 1 - a.reduce((acc, v, k) => acc + v * b[k], 0) / (norm2(a) * norm2(b));
          expect(Math.abs(c2[i][j] - (self && i === j ? 0 : cos))).toBeLessThanOrEqual(50 * EPS[dtype]);
        }));
        E.dispose();
        C.dispose();
      }
      // squared Euclidean: finite where (distance)² is representable, Infinity where it is not
      const S = wl.linalg.pairwiseDistances(X, Y, { metric: 'sqeuclidean' });
      const want = dist(X0[0], Y0[0]) ** 2 * s * s;
      const got = S.get(0, 0);
      const limit = dtype === 'float64' ? Number.MAX_VALUE : 3.4028234663852886e38;
      const smallest = dtype === 'float64' ? 5e-324 : 1.401298464324817e-45;
      if (want > limit) expect(got).toBe(Infinity);
      else if (want > 1e3 * smallest / EPS[dtype]) expect(Math.abs(got - want)).toBeLessThanOrEqual(200 * EPS[dtype] * want);
      [X, Y, S].forEach((M) => M.dispose());
    });
  });
});

describe('lstsq: the rank from the singular values', () => {
  const k = ref.kahan;
  it('Kahan matrix, n = 100: rank 99 and the minimum-norm solution, as NumPy', () => {
    const A = wl.matrix({ data: kahan(k.n, k.s, k.c), rows: k.n, cols: k.n });
    const r = wl.linalg.lstsq(A, new Float64Array(k.n).fill(1));
    expect(r.rank).toBe(k.rank); // 99: σ_min = 8.9e-17 < eps·100·σ_max, though min |R_ii| (unpivoted) ≈ 1e-3
    expect(r.s).toBeDefined();
    // the solution lives on the 99 kept singular values, σ_99 = 1.2e-3: κ_99 ≈ 1.6e3·σ_max/σ_99…
    // tolerance ‖δx‖ ≤ c·n·eps·(σ_max/σ_99)·‖x‖ with c = 10
    const tol = 10 * k.n * EPS.float64 * (r.s![0] / k.sv_99) * k.xnorm;
    const dx = Math.sqrt(k.x.reduce((a: number, v: number, i: number) => a + (r.x[i] - v) ** 2, 0));
    expect(dx).toBeLessThanOrEqual(tol);
    expect(Math.abs(norm2(r.x) - k.xnorm)).toBeLessThanOrEqual(tol);
    A.dispose();
  });

  it('50×40 matrix with singular values 1 … 1e-15: rank 37 and x as NumPy', () => {
    const g = ref.graded50x40;
    const A = wl.matrix({ data: g.A, rows: 50, cols: 40 });
    const r = wl.linalg.lstsq(A, g.b);
    expect(r.rank).toBe(g.rank);
    const sr = r.s![g.rank - 1]; // the smallest kept singular value, 1.4e-14
    // x = Σ over kept σ of (u_iᵀb/σ_i)·v_i: an error of eps·σ_max in the SVD moves it by eps·(σ_max/σ_r)·‖x‖
    // (1.6 % here), c = 4
    const tol = 4 * EPS.float64 * (r.s![0] / sr) * g.xnorm;
    const dx = Math.sqrt(g.x.reduce((a: number, v: number, i: number) => a + (r.x[i] - v) ** 2, 0));
    expect(dx).toBeLessThanOrEqual(tol);
    // rcond moves the cut: with rcond = 1e-10 the rank is the number of σ > 1e-10
    expect(wl.linalg.lstsq(A, g.b, { rcond: 1e-10 }).rank).toBe(g.sv.filter((v: number) => v > 1e-10).length);
    expect(wl.linalg.lstsq(A, g.b, { rcond: 0 }).rank).toBe(40);
    A.dispose();
  });

  it('a full-rank system far from the threshold still takes the QR path; residuals reported on both paths', () => {
    const a = randomArray(60 * 8, 7);
    const b = randomArray(60, 8);
    const A = wl.matrix({ data: a, rows: 60, cols: 8 });
    const qr = wl.linalg.lstsq(A, b);
    expect(qr.s).toBeUndefined();
    expect(qr.rank).toBe(8);
    // rcond just below σ_min/σ_max: the estimate cannot prove full rank, the SVD path decides (rank 8)
    const s = wl.linalg.svd(A).s;
    const viaSvd = wl.linalg.lstsq(A, b, { rcond: (s[7] / s[0]) * 0.99 });
    expect(viaSvd.s).toBeDefined();
    expect(viaSvd.rank).toBe(8);
    expect(viaSvd.residuals.length).toBe(1);
    expect(Math.abs(viaSvd.residuals[0] - qr.residuals[0])).toBeLessThanOrEqual(1e-12 * qr.residuals[0]);
    qr.x.forEach((v, i) => expect(Math.abs(viaSvd.x[i] - v)).toBeLessThanOrEqual(1e-12));
    expect(wl.linalg.lstsq(A, b, { rcond: (s[7] / s[0]) * 1.01 }).rank).toBe(7);
    A.dispose();
  });
});

describe('solve and inv: only exact zero pivots are refused; rcond reports conditioning', () => {
  it('diag(1e-20, 1) is solved exactly', () => {
    expect(Array.from(wl.linalg.solve([[1e-20, 0], [0, 1]], [1, 1]))).toEqual([1e20, 1]);
    const I = wl.linalg.inv([[1e-20, 0], [0, 1]]);
    expect(I.toArray()).toEqual([[1e20, 0], [0, 1]]);
    I.dispose();
    expect(Array.from(wl.linalg.solve(wl.matrix([[1e-20, 0], [0, 1]], { dtype: 'float32' }), [1, 1]))).toEqual([Math.fround(1 / Math.fround(1e-20)), 1]);
  });

  it('a 50×50 system with one row scaled by 1e-20: backward error a few eps, as LAPACK getrs', () => {
    const n = 50;
    const a = randomArray(n * n, 601);
    for (let j = 0; j < n; j++) a[17 * n + j] *= 1e-20;
    const b = randomArray(n, 602);
    for (const dtype of ['float64', 'float32'] as const) {
      const A = wl.matrix({ data: a, rows: n, cols: n }, { dtype });
      const ad = A.toTypedArray();
      const x = wl.linalg.solve(A, b);
      // row-wise backward error |b_i − (A·x)_i| / (|A_i|·|x| + |b_i|) ≤ c·n·eps, the componentwise
      // measure that sees the scaled row (LAPACK's berr; normwise it would hide it)
      for (let i = 0; i < n; i++) {
        let r = dtype === 'float32' ? Math.fround(b[i]) : b[i];
        let den = Math.abs(r);
        for (let j = 0; j < n; j++) {
          r -= ad[i * n + j] * x[j];
          den += Math.abs(ad[i * n + j] * x[j]);
        }
        expect(Math.abs(r)).toBeLessThanOrEqual(2 * n * EPS[dtype] * den);
      }
      A.dispose();
    }
  });

  it('rcond matches LAPACK dgecon on hard and easy matrices', () => {
    const rc = ref.rcond;
    const K = wl.matrix({ data: kahan(ref.kahan.n, ref.kahan.s, ref.kahan.c), rows: 100, cols: 100 });
    const a50 = randomArray(2500, 601);
    for (let j = 0; j < 50; j++) a50[17 * 50 + j] *= 1e-20;
    const H = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => 1 / (i + j + 1)));
    const cases: [unknown, number, number | undefined][] = [
      [K, rc.kahan, undefined],
      [{ data: a50, rows: 50, cols: 50 }, rc.rowscaled50, rc.rowscaled50_exact],
      [H, rc.hilbert10, rc.hilbert10_exact],
      [{ data: randomArray(1600, 602), rows: 40, cols: 40 }, rc.rand40, rc.rand40_exact],
    ];
    for (const [A, lapack, exact] of cases) {
      const r = wl.linalg.rcond(A as number[][]);
      // the same estimator on the same LU: LAPACK's value to rounding (factor 1.5 allows a different iterate)
      expect(r / lapack).toBeGreaterThan(1 / 1.5);
      expect(r / lapack).toBeLessThan(1.5);
      // and an estimate of the truth from above (‖A⁻¹‖₁ is estimated from below), within 3×
      if (exact !== undefined) {
        expect(r).toBeGreaterThanOrEqual(exact * (1 - 1e-6));
        expect(r).toBeLessThanOrEqual(3 * exact);
      }
    }
    K.dispose();
    expect(wl.linalg.rcond([[1, 2], [2, 4]])).toBe(0);
    expect(wl.linalg.rcond([[2, 0], [0, 2]])).toBe(1);
    // random matrices: est ∈ [exact, 3·exact]
    for (const n of [1, 2, 5, 17, 64]) {
      const a = randomArray(n * n, 700 + n);
      const inv = wl.linalg.inv({ data: a, rows: n, cols: n });
      const exact = 1 / (norm1(a, n) * norm1(inv.toTypedArray(), n));
      inv.dispose();
      const r = wl.linalg.rcond({ data: a, rows: n, cols: n });
      expect(r).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
      expect(r).toBeLessThanOrEqual(3 * exact);
    }
  });

  it('onWarning fires below eps only, on both paths, and the heap returns to baseline', () => {
    const base = wl.memory().bytesInUse;
    const calls: number[] = [];
    const onWarning = (_m: string, r: number) => calls.push(r);
    const K = kahan(ref.kahan.n, ref.kahan.s, ref.kahan.c);
    const Km = { data: K, rows: 100, cols: 100 };
    wl.linalg.solve(Km, new Float64Array(100).fill(1), { onWarning });
    wl.linalg.inv(Km, { onWarning }).dispose();
    expect(calls.length).toBe(2);
    wl.linalg.solve([[2, 1], [1, 2]], [1, 1], { onWarning, assume: 'spd' });
    wl.linalg.solve([[2, 1], [1, 2]], [1, 1], { onWarning });
    expect(calls.length).toBe(2);
    // spd path: Hilbert(14) has κ ≈ 1e17…1e18 (rcond below eps)
    const H = Array.from({ length: 14 }, (_, i) => Array.from({ length: 14 }, (_, j) => 1 / (i + j + 1)));
    try {
      wl.linalg.solve(H, new Array(14).fill(1), { onWarning, assume: 'spd' });
      expect(calls.length).toBe(3);
    } catch (e) {
      expect(String(e)).toMatch(/not positive definite/); // Cholesky may break down in rounding first
    }
    wl.linalg.rcond(Km);
    expect(() => wl.linalg.solve([[1]], [1], { onWarning: 3 as never })).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.inv([[1]], { onWarning: 'x' as never })).toThrow(/onWarning/);
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('eigh on a graded matrix (large entries top-left)', () => {
  const g = ref.graded_eigh;
  // relative perturbation theory (Demmel & Veselić 1992): for A = D·B·D the eigenvalues are
  // determined to relative accuracy ~ n·eps·κ(B); LAPACK reaches 2.6e-14 here (n·eps·κ(B) = 9.4e-15)
  const bound = g.n * EPS.float64 * g.cond_scaled;

  it.each(BUILDS)('%s: every method keeps the small eigenvalues to relative accuracy', async (build) => {
    const w2 = await freshWl(build);
    const A = w2.matrix({ data: g.A, rows: g.n, cols: g.n });
    for (const method of ['auto', 'tridiagonal', 'jacobi'] as const) {
      for (const vectors of [true, false]) {
        const values = vectors ? w2.linalg.eigh(A, { method }) : { values: w2.linalg.eigvalsh(A, { method }) };
        const rel = Math.max(...g.values.map((v: number, i: number) => Math.abs(values.values[i] - v) / Math.abs(v)));
        // Jacobi: within the perturbation bound itself (Demmel & Veselić). Householder + QL/QR has no such
        // theorem; LAPACK's dsyevd reaches 2.6e-14 here, we ask for 10× that (measured: 3.4e-14 simd
        // and scalar, 1.9e-13 with the FMA of relaxed-simd). Before dsteqr's choice of QL or QR per
        // block, the smallest eigenvalues had relative error 1.
        expect(rel).toBeLessThanOrEqual(method === 'jacobi' ? bound : 10 * g.relerr_lapack);
        if ('vectors' in values) values.vectors.dispose();
      }
    }
    A.dispose();
  });
});

describe('SVD and the norms against LAPACK', () => {
  it.each(BUILDS)('%s: Kahan (n = 100) and float32 500×100: orthogonality within 4× of LAPACK dgesdd/sgesdd', async (build) => {
    const w2 = await freshWl(build);
    const k = ref.kahan;
    const K = w2.matrix({ data: kahan(k.n, k.s, k.c), rows: k.n, cols: k.n });
    let f = w2.linalg.svd(K);
    expect(Math.max(orthCols(f.U.toTypedArray(), 100, 100), orthRows(f.Vt.toTypedArray(), 100, 100))).toBeLessThanOrEqual(4 * k.svd_orth_lapack);
    expect(f.s[99]).toBeLessThan(1e-15);
    f.U.dispose();
    f.Vt.dispose();
    K.dispose();
    const sf = ref.svd_f32;
    const A = w2.matrix({ data: randomArray(sf.m * sf.n, 301), rows: sf.m, cols: sf.n }, { dtype: 'float32' });
    f = w2.linalg.svd(A);
    expect(f.s).toBeInstanceOf(Float32Array);
    expect(Math.max(orthCols(f.U.toTypedArray(), sf.m, sf.n), orthRows(f.Vt.toTypedArray(), sf.n, sf.n))).toBeLessThanOrEqual(4 * sf.orth_lapack);
    f.U.dispose();
    f.Vt.dispose();
    // norms: relative error against the float64 (float32 input) / mpmath (float64 input) truth
    expect(Math.abs(w2.linalg.norm(A, 2) - sf.norm2) / sf.norm2).toBeLessThanOrEqual(4 * sf.norm2_err_lapack);
    expect(Math.abs(w2.linalg.norm(A, 'nuc') - sf.nuc) / sf.nuc).toBeLessThanOrEqual(4 * sf.nuc_err_lapack);
    A.dispose();
    const nf = ref.norms_f64;
    const B = w2.matrix({ data: randomArray(nf.m * nf.n, 401), rows: nf.m, cols: nf.n });
    expect(Math.abs(w2.linalg.norm(B, 2) - nf.norm2) / nf.norm2).toBeLessThanOrEqual(4 * nf.norm2_err_lapack);
    expect(Math.abs(w2.linalg.norm(B, 'nuc') - nf.nuc) / nf.nuc).toBeLessThanOrEqual(4 * nf.nuc_err_lapack);
    B.dispose();
  });

  it.each(BUILDS)('%s: float32 Frobenius norm of 1000×1000 accumulates in float64', async (build) => {
    const w2 = await freshWl(build);
    const F = w2.matrix({ data: randomArray(1e6, 501), rows: 1000, cols: 1000 }, { dtype: 'float32' });
    // summed in float64: relative error ≤ n·eps₆₄ (2.2e-10) at worst; float32 summation gave 2e-5 (numpy: 1.4e-6)
    expect(Math.abs(w2.linalg.norm(F) - ref.fro_f32.fro) / ref.fro_f32.fro).toBeLessThanOrEqual(1e6 * EPS.float64);
    F.dispose();
  });
});

describe('pinv default rcond: NumPy 2.x uses 1e-15 for both dtypes', () => {
  it('cuts σ ≤ 1e-15·σ_max and keeps σ above it, in float64 and float32', () => {
    // σ = [1, 5e-16]: numpy.linalg.pinv gives diag(1, 0) (eps·max(m, n) = 4.4e-16 would keep 5e-16)
    const P = wl.linalg.pinv([[1, 0], [0, 5e-16]]);
    expect(P.toArray()).toEqual([[1, 0], [0, 0]]);
    P.dispose();
    const Q = wl.linalg.pinv([[1, 0], [0, 2e-15]]);
    expect(Q.get(1, 1)).toBeCloseTo(5e14, 0);
    Q.dispose();
    // float32 σ = [1, 1e-10]: numpy keeps it (1e-10 > 1e-15), → 1e10 (eps32·2 = 2.4e-7 would cut it)
    const R = wl.linalg.pinv(wl.matrix([[1, 0], [0, 1e-10]], { dtype: 'float32' }));
    expect(R.get(1, 1) / 1e10).toBeCloseTo(1, 5);
    R.dispose();
  });
});
