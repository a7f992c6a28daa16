import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, diff, flat, freshWl, fro, getWl, jsMatmul, jsTranspose, randomArray, reference, rng, type WL } from '../helpers';

const ref = reference('linalg.json');
const REF_TOL = 1e-9; // linalg.json: "solutions: 1e-9 relative"

type DT = 'float64' | 'float32';
const EPS: Record<DT, number> = { float64: 2 ** -52, float32: 2 ** -23 };

// ---- plain JS references over row-major number[] ----
function eyeJs(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}
/** Random symmetric positive definite n×n: B·Bᵀ + n·I. */
function spd(n: number, seed: number): number[] {
  const B = randomArray(n * n, seed);
  const S = Array.from(jsMatmul(B, jsTranspose(B, n, n), n, n, n));
  for (let i = 0; i < n; i++) S[i * n + i] += n;
  return S;
}

const SIZES = [1, 2, 3, 5, 8, 17, 33, 64, 100, 150];
const SHAPES: [number, number][] = [[1, 1], [3, 1], [1, 3], [5, 3], [3, 5], [17, 17], [40, 7], [7, 40], [64, 33], [150, 150], [120, 60], [60, 120]];

let wl: WL;
beforeAll(async () => {
  wl = await getWl();
});

describe('reference values (linalg.json)', () => {
  it('cholesky matches LAPACK', () => {
    const L = wl.linalg.cholesky(ref.solve.S);
    const want: number[][] = ref.solve.choleskyL;
    const scale = Math.max(...want.flat().map(Math.abs));
    const got = L.toArray();
    for (let i = 0; i < want.length; i++) for (let j = 0; j < want.length; j++) expect(Math.abs(got[i][j] - want[i][j])).toBeLessThanOrEqual(REF_TOL * scale);
    L.dispose();
  });

  for (const assume of ['general', 'spd'] as const) {
    it(`solve (assume: ${assume}) matches LAPACK`, () => {
      const x = wl.linalg.solve(ref.solve.S, ref.solve.c, { assume });
      const want: number[] = ref.solve.x;
      const scale = Math.max(...want.map(Math.abs));
      expect(x).toBeInstanceOf(Float64Array);
      want.forEach((v, i) => expect(Math.abs(x[i] - v)).toBeLessThanOrEqual(REF_TOL * scale));
    });
  }
});

describe.each(['float64', 'float32'] as const)('%s invariants', (dtype) => {
  const eps = EPS[dtype];
  const mat = (data: ArrayLike<number>, rows: number, cols: number) => wl.matrix({ data: Array.from(data), rows, cols }, { dtype });

  it('qr: Q·R = A, QᵀQ = I, R upper triangular (reduced and complete)', () => {
    SHAPES.forEach(([m, n], s) => {
      const a = randomArray(m * n, 100 + s);
      const A = mat(a, m, n);
      for (const mode of ['reduced', 'complete'] as const) {
        const { Q, R } = wl.linalg.qr(A, { mode });
        const r = Math.min(m, n);
        const qc = mode === 'reduced' ? r : m;
        expect(Q.shape).toEqual([m, qc]);
        expect(R.shape).toEqual([mode === 'reduced' ? r : m, n]);
        const q = flat(Q);
        const rr = flat(R);
        const tol = 10 * Math.max(m, n) * eps;
        expect(diff(jsMatmul(q, rr, m, qc, n), a) / fro(a)).toBeLessThanOrEqual(tol);
        expect(diff(jsMatmul(jsTranspose(q, m, qc), q, qc, m, qc), eyeJs(qc))).toBeLessThanOrEqual(tol * Math.sqrt(qc));
        for (let i = 0; i < R.rows; i++) for (let j = 0; j < Math.min(i, n); j++) expect(rr[i * n + j]).toBe(0);
        Q.dispose();
        R.dispose();
      }
      A.dispose();
    });
  });

  it('qr: the blocked path (min(m, n) >= 512), tall and wide', () => {
    for (const [m, n] of [[530, 515], [515, 540]]) {
      const a = randomArray(m * n, m + n);
      const A = mat(a, m, n);
      const { Q, R } = wl.linalg.qr(A);
      const r = Math.min(m, n);
      const q = flat(Q);
      const rr = flat(R);
      const tol = 10 * Math.max(m, n) * eps;
      expect(diff(jsMatmul(q, rr, m, r, n), a) / fro(a)).toBeLessThanOrEqual(tol);
      expect(diff(jsMatmul(jsTranspose(q, m, r), q, r, m, r), eyeJs(r))).toBeLessThanOrEqual(tol * Math.sqrt(r));
      for (let i = 0; i < r; i++) for (let j = 0; j < i; j++) expect(rr[i * n + j]).toBe(0);
      if (m > n) {
        // complete: Q is m×m orthogonal, R m×n with zero rows below n
        const c = wl.linalg.qr(A, { mode: 'complete' });
        const qc = flat(c.Q);
        expect(diff(jsMatmul(qc, flat(c.R), m, m, n), a) / fro(a)).toBeLessThanOrEqual(tol);
        expect(diff(jsMatmul(jsTranspose(qc, m, m), qc, m, m, m), eyeJs(m))).toBeLessThanOrEqual(tol * Math.sqrt(m));
        c.Q.dispose();
        c.R.dispose();
        // least squares through the blocked factorization: Aᵀ(b − A·x) ≈ 0
        const b = randomArray(m, 3);
        const { x } = wl.linalg.lstsq(A, b);
        const res = b.map((v, i) => v - jsMatmul(a.slice(i * n, (i + 1) * n), x, 1, n, 1)[0]);
        expect(fro(jsMatmul(jsTranspose(a, m, n), res, n, m, 1)) / (fro(a) * (fro(a) * fro(x) + fro(b)))).toBeLessThanOrEqual(50 * m * eps);
      }
      [A, Q, R].forEach((M) => M.dispose());
    }
  });

  it('cholesky: L·Lᵀ = S, L lower with a positive diagonal', () => {
    SIZES.forEach((n, s) => {
      const S = spd(n, 200 + s);
      const L = wl.linalg.cholesky(mat(S, n, n));
      expect(L.dtype).toBe(dtype);
      const l = flat(L);
      for (let i = 0; i < n; i++) {
        expect(l[i * n + i]).toBeGreaterThan(0);
        for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
      }
      expect(diff(jsMatmul(l, jsTranspose(l, n, n), n, n, n), S) / fro(S)).toBeLessThanOrEqual(10 * n * eps);
      L.dispose();
    });
  });

  it('solve: small backward error ‖A·x − b‖ / (‖A‖·‖x‖), one and several right-hand sides, general and spd', () => {
    SIZES.forEach((n, s) => {
      for (const k of [1, 3]) {
        const a = randomArray(n * n, 300 + s);
        const bData = randomArray(n * k, 400 + s);
        const A = mat(a, n, n);
        const B = mat(bData, n, k);
        const X = wl.linalg.solve(A, B);
        const x = flat(X);
        const tol = 20 * n * eps;
        expect(diff(jsMatmul(a, x, n, n, k), bData) / (fro(a) * fro(x))).toBeLessThanOrEqual(tol);
        // spd
        const S = spd(n, 500 + s);
        const SM = mat(S, n, n);
        const Y = wl.linalg.solve(SM, B, { assume: 'spd' });
        const y = flat(Y);
        expect(diff(jsMatmul(S, y, n, n, k), bData) / (fro(S) * fro(y))).toBeLessThanOrEqual(tol);
        // a 1-D right-hand side comes back 1-D, in A's dtype
        if (k === 1) {
          const v = wl.linalg.solve(A, bData);
          expect(v).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
          expect(Array.from(v)).toEqual(x);
        }
        [A, B, X, SM, Y].forEach((M) => M.dispose());
      }
    });
  });

  it('inv: A·inv(A) = I', () => {
    SIZES.forEach((n, s) => {
      const a = randomArray(n * n, 600 + s);
      const A = mat(a, n, n);
      const X = wl.linalg.inv(A);
      const x = flat(X);
      expect(diff(jsMatmul(a, x, n, n, n), eyeJs(n)) / (fro(a) * fro(x))).toBeLessThanOrEqual(20 * n * eps);
      A.dispose();
      X.dispose();
    });
  });

  it('det: triangular, permutation, products, singular', () => {
    const r = rng(7);
    for (const n of [1, 2, 5, 12]) {
      // lower triangular: the product of the diagonal
      const t = new Array(n * n).fill(0);
      let p = 1;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) t[i * n + j] = 2 * r() - 1;
        t[i * n + i] = 0.5 + r();
        p *= t[i * n + i];
      }
      const T = mat(t, n, n);
      expect(wl.linalg.det(T)).toBeCloseTo(p, 5);
      expect(Math.abs(wl.linalg.det(T) - p) / Math.abs(p)).toBeLessThanOrEqual(20 * n * eps);
      // a permutation: ±1 by its parity (a cyclic shift of n has parity n − 1)
      const P = new Array(n * n).fill(0);
      for (let i = 0; i < n; i++) P[i * n + ((i + 1) % n)] = 1;
      const PM = mat(P, n, n);
      expect(wl.linalg.det(PM)).toBe((n - 1) % 2 === 0 ? 1 : -1);
      const sl = wl.linalg.slogdet(PM);
      expect(sl.sign).toBe((n - 1) % 2 === 0 ? 1 : -1);
      expect(Math.abs(sl.logabsdet)).toBeLessThanOrEqual(eps);
      // det(A·B) = det(A)·det(B)
      const a = randomArray(n * n, 700 + n);
      const b = randomArray(n * n, 800 + n);
      const [A, B, AB] = [mat(a, n, n), mat(b, n, n), mat(jsMatmul(a, b, n, n, n), n, n)];
      const want = wl.linalg.det(A) * wl.linalg.det(B);
      expect(Math.abs(wl.linalg.det(AB) - want)).toBeLessThanOrEqual(1e3 * n * eps * Math.max(1, Math.abs(want)));
      [T, PM, A, B, AB].forEach((M) => M.dispose());
    }
    expect(wl.linalg.det([[1, 2], [2, 4]])).toBe(0);
    // an exactly zero column in the second panel of the blocked LU
    const z = randomArray(50 * 50, 11);
    for (let i = 0; i < 50; i++) z[i * 50 + 40] = 0;
    const Z = mat(z, 50, 50);
    expect(wl.linalg.det(Z)).toBe(0);
    expect(wl.linalg.slogdet(Z).sign).toBe(0);
    expect(() => wl.linalg.solve(Z, randomArray(50, 12))).toThrow(/^A: .*singular \(pivot 40 /);
    Z.dispose();
    expect(wl.linalg.slogdet([[1, 2], [2, 4]])).toEqual({ sign: 0, logabsdet: -Infinity });
    expect(wl.linalg.det([[1, 2], [3, 4]])).toBeCloseTo(-2, 12);
    // slogdet past the float range: det(10·I₄₀₀) = 1e400
    const E = wl.scope(() => wl.scale(wl.eye(400, dtype), 10));
    const big = wl.linalg.slogdet(E);
    E.dispose();
    expect(big.sign).toBe(1);
    expect(big.logabsdet).toBeCloseTo(400 * Math.log(10), dtype === 'float32' ? 2 : 8);
  });

  it('norm: Frobenius, 1, -1, Infinity, -Infinity', () => {
    const a = [1, -2, 3, -4, 5, -6]; // 2×3
    const A = mat(a, 2, 3);
    expect(wl.linalg.norm(A)).toBeCloseTo(Math.sqrt(91), 5);
    expect(wl.linalg.norm(A, 'fro')).toBeCloseTo(Math.sqrt(91), 5);
    expect(wl.linalg.norm(A, 1)).toBe(9);
    expect(wl.linalg.norm(A, -1)).toBe(5);
    expect(wl.linalg.norm(A, Infinity)).toBe(15);
    expect(wl.linalg.norm(A, -Infinity)).toBe(6);
    A.dispose();
    // no overflow in the squares
    const H = mat([3e200, 4e200].map((v) => (dtype === 'float32' ? v / 1e170 : v)), 1, 2);
    expect(wl.linalg.norm(H) / (dtype === 'float32' ? 5e30 : 5e200)).toBeCloseTo(1, 6);
    H.dispose();
    const Z = mat([0, 0, 0, 0], 2, 2);
    expect(wl.linalg.norm(Z)).toBe(0);
    Z.dispose();
  });
});

describe('every build', () => {
  it.each(BUILDS)('%s: qr, cholesky, solve, inv, det agree with the invariants', async (build) => {
    const w = await freshWl(build);
    expect(w.features().build).toBe(build);
    for (const dtype of ['float64', 'float32'] as const) {
      const eps = EPS[dtype];
      for (const n of [7, 37]) {
        const a = randomArray(n * n, 900 + n);
        const A = w.matrix({ data: a, rows: n, cols: n }, { dtype });
        const { Q, R } = w.linalg.qr(A);
        expect(diff(jsMatmul(flat(Q), flat(R), n, n, n), a) / fro(a)).toBeLessThanOrEqual(10 * n * eps);
        const S = spd(n, 950 + n);
        const SM = w.matrix({ data: S, rows: n, cols: n }, { dtype });
        const L = w.linalg.cholesky(SM);
        const l = flat(L);
        expect(diff(jsMatmul(l, jsTranspose(l, n, n), n, n, n), S) / fro(S)).toBeLessThanOrEqual(10 * n * eps);
        const b = randomArray(n * 2, 990 + n);
        const X = w.linalg.solve(A, { data: b, rows: n, cols: 2 });
        const x = flat(X);
        expect(diff(jsMatmul(a, x, n, n, 2), b) / (fro(a) * fro(x))).toBeLessThanOrEqual(20 * n * eps);
        const v = w.linalg.solve(SM, b.slice(0, n), { assume: 'spd' });
        expect(diff(jsMatmul(S, v, n, n, 1), b.slice(0, n)) / (fro(S) * fro(v))).toBeLessThanOrEqual(20 * n * eps);
        const I = w.linalg.inv(A);
        expect(diff(jsMatmul(a, flat(I), n, n, n), eyeJs(n)) / (fro(a) * fro(flat(I)))).toBeLessThanOrEqual(20 * n * eps);
        [A, Q, R, SM, L, X, I].forEach((M) => M.dispose());
      }
    }
    expect(w.memory().bytesInUse).toBe(0);
  });
});

describe('errors', () => {
  it('non-square inputs are ShapeErrors', () => {
    const A = [[1, 2, 3], [4, 5, 6]];
    for (const f of [() => wl.linalg.cholesky(A), () => wl.linalg.solve(A, [1, 2]), () => wl.linalg.inv(A), () => wl.linalg.det(A), () => wl.linalg.slogdet(A)]) {
      expect(f).toThrow(wl.ShapeError);
      expect(f).toThrow(/square/);
    }
  });

  it('singular and non-positive-definite matrices are ValidationErrors naming the argument', () => {
    const sing = [[1, 2], [2, 4]];
    expect(() => wl.linalg.solve(sing, [1, 1])).toThrow(wl.ValidationError);
    expect(() => wl.linalg.solve(sing, [1, 1])).toThrow(/^A: .*singular/);
    expect(() => wl.linalg.inv(sing)).toThrow(/^A: .*singular/);
    // singular only to working precision (a rounded rank-1 product): solved through as LAPACK does,
    // and reported through onWarning with a reciprocal condition number below eps
    const u = randomArray(6, 1);
    const v = randomArray(6, 2);
    const rank1 = u.map((ui) => v.map((vj) => ui * vj));
    const warnings: [string, number][] = [];
    const onWarning = (m: string, r: number) => warnings.push([m, r]);
    expect(() => wl.linalg.solve(rank1, u, { onWarning })).not.toThrow();
    expect(() => wl.linalg.inv(rank1, { onWarning }).dispose()).not.toThrow();
    expect(warnings.length).toBe(2);
    expect(warnings[0][0]).toMatch(/^wl\.linalg\.solve: A is ill-conditioned \(estimated reciprocal condition number .* < eps/);
    expect(warnings[0][1]).toBeLessThan(2 ** -52);
    expect(warnings[1][0]).toMatch(/^wl\.linalg\.inv: A is ill-conditioned/);
    expect(() => wl.linalg.cholesky([[1, 2], [2, 1]])).toThrow(/^S: .*not positive definite/);
    expect(() => wl.linalg.cholesky([[0]])).toThrow(wl.ValidationError);
    expect(() => wl.linalg.cholesky([[-1]])).toThrow(/not positive definite/);
    expect(() => wl.linalg.solve([[1, 2], [2, 1]], [1, 1], { assume: 'spd' })).toThrow(/^A: .*not positive definite/);
  });

  it('bad values, shapes, dtypes and options', () => {
    expect(() => wl.linalg.solve([[1, NaN], [0, 1]], [1, 1])).toThrow(wl.ValidationError);
    const N = wl.matrix([[1, 0], [0, 1]]);
    N.data[1] = Infinity;
    expect(() => wl.linalg.cholesky(N)).toThrow(/finite/);
    expect(() => wl.linalg.qr(N)).toThrow(/finite/);
    expect(() => wl.linalg.norm(N)).toThrow(/finite/);
    N.dispose();
    expect(() => wl.linalg.solve([[1, 0], [0, 1]], [1, 2, 3])).toThrow(wl.ShapeError);
    expect(() => wl.linalg.solve([[1, 0], [0, 1]], [[1], [2], [3]])).toThrow(wl.ShapeError);
    expect(() => wl.linalg.solve([[1, 0], [0, 1]], [])).toThrow(wl.ValidationError);
    expect(() => wl.linalg.solve([[1, 0], [0, 1]], [1, NaN])).toThrow(wl.ValidationError);
    const A32 = wl.matrix([[2, 0], [0, 2]], { dtype: 'float32' });
    const b64 = wl.matrix([[1], [1]]);
    expect(() => wl.linalg.solve(A32, b64)).toThrow(/dtype float32/);
    // JS data follows A's dtype
    expect(wl.linalg.solve(A32, [1, 1])).toEqual(new Float32Array([0.5, 0.5]));
    expect(() => wl.linalg.solve(A32, [1, 1], { assume: 'symmetric' as never })).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.solve(A32, [1, 1], { tol: 1 } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.qr(A32, { mode: 'r' as never })).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.norm(A32, 3 as never)).toThrow(wl.InvalidParameterError);
    A32.dispose();
    b64.dispose();
    expect(() => wl.linalg.det(A32)).toThrow(wl.DisposedError);
  });

  it('the heap returns to its baseline on success and on every error path', async () => {
    const before = wl.memory().bytesInUse;
    const S = spd(9, 3);
    const A = wl.matrix({ data: randomArray(81, 4), rows: 9, cols: 9 });
    const calls: (() => unknown)[] = [
      () => wl.linalg.cholesky({ data: S, rows: 9, cols: 9 }),
      () => wl.linalg.qr(A, { mode: 'complete' }),
      () => wl.linalg.qr({ data: randomArray(12, 5), rows: 3, cols: 4 }),
      () => wl.linalg.solve(A, randomArray(9, 6)),
      () => wl.linalg.solve(A, { data: randomArray(18, 6), rows: 9, cols: 2 }),
      () => wl.linalg.solve({ data: S, rows: 9, cols: 9 }, randomArray(9, 6), { assume: 'spd' }),
      () => wl.linalg.inv(A),
      () => wl.linalg.det(A),
      () => wl.linalg.slogdet(A),
      () => wl.linalg.norm(A, 1),
      () => wl.linalg.cholesky([[1, 2], [2, 1]]),
      () => wl.linalg.solve([[1, 2], [2, 1]], [1, 1], { assume: 'spd' }),
      () => wl.linalg.solve([[1, 2], [2, 4]], [[1], [1]]),
      () => wl.linalg.inv([[1, 2], [2, 4]]),
      () => wl.linalg.solve(A, [1, 2]),
      () => wl.linalg.solve([[1, 2, 3]], [1]),
      () => wl.linalg.solve(A, [[1, NaN]]),
    ];
    for (const call of calls) {
      try {
        const out = call() as unknown;
        if (out && typeof out === 'object' && 'Q' in out) Object.values(out).forEach((M) => (M as { dispose(): void }).dispose());
        else if (out && typeof out === 'object' && 'dispose' in out) (out as { dispose(): void }).dispose();
      } catch {
        // the error paths must not leak either
      }
    }
    A.dispose();
    expect(wl.memory().bytesInUse).toBe(before);
  });
});
