// lstsq, pinv and the SVD-based norms.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, diff, flat, freshWl, fro, getWl, jsMatmul, jsTranspose, randomArray, reference, type WL } from '../helpers';

const ref = reference('linalg.json');
const REF_TOL = 1e-9; // linalg.json: "solutions: 1e-9 relative"
type DT = 'float64' | 'float32';
const EPS: Record<DT, number> = { float64: 2 ** -52, float32: 2 ** -23 };

const sub = (a: ArrayLike<number>, b: ArrayLike<number>) => Float64Array.from(a, (v, i) => v - b[i]);
/** A (m×n) of rank r: the first r columns random, the others combinations of them (A = [A1, A1·T]). */
function rankDeficient(m: number, n: number, r: number, seed: number): { a: Float64Array; T: number[] } {
  const A1 = randomArray(m * r, seed);
  const T = randomArray(r * (n - r), seed + 1);
  const A1T = jsMatmul(A1, T, m, r, n - r);
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = j < r ? A1[i * r + j] : A1T[i * (n - r) + j - r];
  return { a, T };
}

let wl: WL;
beforeAll(async () => {
  wl = await getWl();
});

describe('lstsq', () => {
  it('matches the LAPACK reference (linalg.json)', () => {
    const { x, rank, residuals, s } = wl.linalg.lstsq(ref.lstsq.M, ref.lstsq.b);
    const want: number[] = ref.lstsq.x;
    const scale = Math.max(...want.map(Math.abs));
    want.forEach((v, i) => expect(Math.abs(x[i] - v)).toBeLessThanOrEqual(REF_TOL * scale));
    expect(rank).toBe(5);
    expect(s).toBeUndefined(); // full-rank tall: the QR path
    const m = ref.lstsq.M.length;
    const r = sub(ref.lstsq.b, jsMatmul(ref.lstsq.M.flat(), x, m, 5, 1));
    expect(residuals.length).toBe(1);
    expect(residuals[0]).toBeCloseTo(fro(r) ** 2, 10);
  });

  it('matches numpy on a rank-deficient matrix (minimum-norm solution)', () => {
    const A = [[1, 2, 3], [4, 5, 9], [7, 8, 15], [1, 0, 1]];
    const { x, rank, residuals, s } = wl.linalg.lstsq(A, [1, 2, 3, 4]);
    const want = [2.1496598639455753, -1.891156462585033, 0.2585034013605452]; // numpy 2.4 lstsq(rcond=None)
    want.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
    expect(rank).toBe(2);
    expect(residuals.length).toBe(0);
    expect(s!.length).toBe(3);
    expect(s![0]).toBeCloseTo(21.796140004740874, 12);
  });

  describe.each(['float64', 'float32'] as const)('%s', (dtype) => {
    const eps = EPS[dtype];
    const mat = (data: ArrayLike<number>, rows: number, cols: number) => wl.matrix({ data: Array.from(data), rows, cols }, { dtype });

    it('full-rank tall: Aᵀ(b − A·x) ≈ 0, residuals = ‖b − A·x‖², consistent systems are solved exactly', () => {
      const shapes: [number, number, number][] = [[1, 1, 1], [5, 1, 1], [8, 3, 1], [30, 5, 2], [64, 64, 1], [150, 40, 3], [100, 99, 2]];
      shapes.forEach(([m, n, k], s) => {
        const a = randomArray(m * n, 10 + s);
        const b = randomArray(m * k, 20 + s);
        const A = mat(a, m, n);
        const B = mat(b, m, k);
        const { x: X, rank, residuals } = wl.linalg.lstsq(A, B);
        expect(rank).toBe(n);
        expect(X.shape).toEqual([n, k]);
        const x = flat(X);
        const r = sub(b, jsMatmul(a, x, m, n, k));
        const scale = fro(a) * (fro(a) * fro(x) + fro(b));
        expect(fro(jsMatmul(jsTranspose(a, m, n), r, n, m, k)) / scale).toBeLessThanOrEqual(50 * m * eps);
        expect(residuals.length).toBe(m > n ? k : 0);
        for (let j = 0; j < residuals.length; j++) {
          let rr = 0;
          for (let i = 0; i < m; i++) rr += r[i * k + j] ** 2;
          expect(Math.abs(residuals[j] - rr)).toBeLessThanOrEqual(1e3 * m * eps * (rr + fro(b) ** 2 * eps));
        }
        // b in the range of A: the exact x0 comes back
        const x0 = randomArray(n * k, 30 + s);
        const B0 = mat(jsMatmul(a, x0, m, n, k), m, k);
        const { x: X0 } = wl.linalg.lstsq(A, B0);
        expect(diff(flat(X0), x0) / fro(x0)).toBeLessThanOrEqual(dtype === 'float32' ? 1e-2 : 1e-9);
        [A, B, X, B0, X0].forEach((M) => M.dispose());
      });
    });

    it('rank-deficient: the rank, and the minimum-norm solution (orthogonal to the null space)', () => {
      const cases: [number, number, number][] = [[6, 4, 2], [20, 10, 7], [40, 30, 1], [5, 8, 3], [60, 90, 20]];
      cases.forEach(([m, n, r], s) => {
        const { a, T } = rankDeficient(m, n, r, 40 + s);
        const b = randomArray(m, 50 + s);
        const A = mat(a, m, n);
        const { x, rank, s: sv, residuals } = wl.linalg.lstsq(A, b, { rcond: 1e-4 });
        expect(rank).toBe(r);
        expect(sv!.length).toBe(Math.min(m, n));
        expect(residuals.length).toBe(0);
        const res = sub(b, jsMatmul(a, x, m, n, 1));
        expect(fro(jsMatmul(jsTranspose(a, m, n), res, n, m, 1)) / (fro(a) * (fro(a) * fro(x) + fro(b)))).toBeLessThanOrEqual(100 * m * eps);
        // null space of [A1, A1·T] is {(−T·z, z)}: x ⊥ it ⟺ x[r:] = Tᵀ·x[:r]
        const want = jsMatmul(jsTranspose(T, r, n - r), Array.from(x).slice(0, r), n - r, r, 1);
        expect(diff(Array.from(x).slice(r), want) / fro(x)).toBeLessThanOrEqual(dtype === 'float32' ? 1e-3 : 1e-10);
        A.dispose();
      });
    });

    it('wide full-rank: A·x = b exactly with x in the row space of A', () => {
      for (const [m, n] of [[1, 4], [3, 7], [20, 50]]) {
        const a = randomArray(m * n, m * n);
        const b = randomArray(m, m + n);
        const A = mat(a, m, n);
        const { x, rank, s } = wl.linalg.lstsq(A, b);
        expect(rank).toBe(m);
        expect(s).toBeUndefined(); // full rank: QR of Aᵀ, no SVD
        expect(diff(jsMatmul(a, x, m, n, 1), b) / fro(b)).toBeLessThanOrEqual(dtype === 'float32' ? 1e-4 : 1e-12);
        // x = Aᵀ·y with (A·Aᵀ)·y = b
        const y = wl.linalg.solve({ data: Array.from(jsMatmul(a, jsTranspose(a, m, n), m, n, m)), rows: m, cols: m }, b);
        expect(diff(x, jsMatmul(jsTranspose(a, m, n), y, n, m, 1)) / fro(x)).toBeLessThanOrEqual(dtype === 'float32' ? 1e-3 : 1e-10);
        // several right-hand sides at once: column j is the solution for column j
        const B2 = mat([...b.flatMap((v, i) => [v, 2 * v - i])], m, 2);
        const { x: X2 } = wl.linalg.lstsq(A, B2);
        const x2 = flat(X2);
        expect(diff(x2.filter((_, i) => i % 2 === 0), x) / fro(x)).toBeLessThanOrEqual(dtype === 'float32' ? 1e-4 : 1e-12);
        expect(diff(jsMatmul(a, x2, m, n, 2), flat(B2)) / fro(flat(B2))).toBeLessThanOrEqual(dtype === 'float32' ? 1e-4 : 1e-12);
        [A, B2, X2].forEach((M) => M.dispose());
      }
    });
  });

  it('rcond sets the rank', () => {
    const A = [[1, 0], [0, 1e-6], [0, 0]];
    expect(wl.linalg.lstsq(A, [1, 1, 1]).rank).toBe(2);
    const cut = wl.linalg.lstsq(A, [1, 1, 1], { rcond: 1e-3 });
    expect(cut.rank).toBe(1);
    expect(Array.from(cut.x)).toEqual([1, 0]);
  });
});

describe('pinv', () => {
  it('matches numpy on a rank-deficient matrix', () => {
    const P = wl.linalg.pinv([[1, 2, 3], [4, 5, 9], [7, 8, 15], [1, 0, 1]]);
    const want = [[-0.412698412698413, -0.133786848072562, 0.14512471655328793, 0.5986394557823126], [0.3968253968253973, 0.1451247165532877, -0.10657596371882082, -0.5646258503401359], [-0.01587301587301611, 0.011337868480725575, 0.03854875283446721, 0.034013605442177186]];
    expect(P.shape).toEqual([3, 4]);
    P.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
    P.dispose();
  });

  it.each(['float64', 'float32'] as const)('%s: the Penrose conditions on tall, wide, square and rank-deficient matrices', (dtype) => {
    const eps = EPS[dtype];
    const cases: { a: ArrayLike<number>; m: number; n: number }[] = [
      { a: randomArray(1, 1), m: 1, n: 1 },
      { a: randomArray(24, 2), m: 6, n: 4 },
      { a: randomArray(24, 3), m: 4, n: 6 },
      { a: randomArray(33 * 33, 4), m: 33, n: 33 },
      { a: rankDeficient(30, 12, 5, 5).a, m: 30, n: 12 },
      { a: rankDeficient(9, 20, 4, 6).a, m: 9, n: 20 },
    ];
    for (const { a, m, n } of cases) {
      const A = wl.matrix({ data: Array.from(a), rows: m, cols: n }, { dtype });
      const P = wl.linalg.pinv(A, { rcond: dtype === 'float32' ? 1e-4 : 1e-10 });
      expect(P.shape).toEqual([n, m]);
      const p = flat(P);
      const tol = 200 * Math.max(m, n) * eps;
      const AP = jsMatmul(a, p, m, n, m);
      const PA = jsMatmul(p, a, n, m, n);
      expect(diff(jsMatmul(AP, a, m, m, n), a) / fro(a)).toBeLessThanOrEqual(tol);
      expect(diff(jsMatmul(PA, p, n, n, m), p) / fro(p)).toBeLessThanOrEqual(tol * 10);
      expect(diff(AP, jsTranspose(AP, m, m)) / fro(AP)).toBeLessThanOrEqual(tol);
      expect(diff(PA, jsTranspose(PA, n, n)) / fro(PA)).toBeLessThanOrEqual(tol);
      A.dispose();
      P.dispose();
    }
  });

  it('of a nonsingular matrix is its inverse', () => {
    const a = randomArray(100, 9);
    const A = wl.matrix({ data: a, rows: 10, cols: 10 });
    const [P, I] = [wl.linalg.pinv(A), wl.linalg.inv(A)];
    expect(diff(flat(P), flat(I)) / fro(flat(I))).toBeLessThanOrEqual(1e-11);
    [A, P, I].forEach((M) => M.dispose());
  });
});

describe('norm through the SVD', () => {
  it('2, -2 and nuc', () => {
    const A = [[1, 2, 3], [4, 5, 9], [7, 8, 15], [1, 0, 1]];
    expect(wl.linalg.norm(A, 2)).toBeCloseTo(21.796140004740874, 12);
    expect(wl.linalg.norm(A, 'nuc')).toBeCloseTo(22.759613353482088, 12);
    expect(wl.linalg.norm(A, -2)).toBeLessThan(1e-14);
    expect(wl.linalg.norm([[3, 0], [0, -4], [0, 0]], 2)).toBeCloseTo(4, 14);
    expect(wl.linalg.norm([[3, 0], [0, -4], [0, 0]], -2)).toBeCloseTo(3, 14);
    // an orthogonal Q has 2-norm 1
    const { Q, R } = wl.linalg.qr({ data: randomArray(400, 8), rows: 20, cols: 20 });
    expect(wl.linalg.norm(Q, 2)).toBeCloseTo(1, 12);
    Q.dispose();
    R.dispose();
  });
});

describe('every build', () => {
  it.each(BUILDS)('%s: lstsq (QR and SVD paths) and pinv', async (build) => {
    const w = await freshWl(build);
    expect(w.features().build).toBe(build);
    for (const dtype of ['float64', 'float32'] as const) {
      const eps = EPS[dtype];
      const [m, n] = [23, 9];
      const a = randomArray(m * n, 77);
      const b = randomArray(m, 78);
      const A = w.matrix({ data: a, rows: m, cols: n }, { dtype });
      const { x } = w.linalg.lstsq(A, b);
      const r = sub(b, jsMatmul(a, x, m, n, 1));
      expect(fro(jsMatmul(jsTranspose(a, m, n), r, n, m, 1)) / (fro(a) * (fro(a) * fro(x) + fro(b)))).toBeLessThanOrEqual(50 * m * eps);
      const d = rankDeficient(m, n, 4, 79);
      const D = w.matrix({ data: Array.from(d.a), rows: m, cols: n }, { dtype });
      const sol = w.linalg.lstsq(D, b, { rcond: 1e-4 });
      expect(sol.rank).toBe(4);
      const P = w.linalg.pinv(D, { rcond: 1e-4 });
      const ap = jsMatmul(d.a, flat(P), m, n, m);
      expect(diff(jsMatmul(ap, d.a, m, m, n), d.a) / fro(d.a)).toBeLessThanOrEqual(200 * m * eps);
      [A, D, P].forEach((M) => M.dispose());
    }
    expect(w.memory().bytesInUse).toBe(0);
  });
});

describe('errors and memory', () => {
  it('typed errors', () => {
    expect(() => wl.linalg.lstsq([[1, 2], [3, 4], [5, 6]], [1, 2])).toThrow(wl.ShapeError);
    expect(() => wl.linalg.lstsq([[1, 2], [3, 4], [5, 6]], [1, 2, NaN])).toThrow(wl.ValidationError);
    expect(() => wl.linalg.lstsq([[1, 2], [3, 4], [5, 6]], [1, 2, 3], { rcond: -1 })).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.lstsq([[1, 2], [3, 4], [5, 6]], [1, 2, 3], { rcond: NaN })).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.lstsq([[1, 2], [3, 4], [5, 6]], [1, 2, 3], { cond: 1 } as never)).toThrow(wl.InvalidParameterError);
    expect(() => wl.linalg.pinv([[1, Infinity]])).toThrow(wl.ValidationError);
    expect(() => wl.linalg.pinv([[1, 2]], { rcond: -1 })).toThrow(wl.InvalidParameterError);
    const A32 = wl.matrix([[1, 2], [3, 4], [5, 6]], { dtype: 'float32' });
    const b64 = wl.matrix([[1], [2], [3]]);
    expect(() => wl.linalg.lstsq(A32, b64)).toThrow(/dtype float32/);
    A32.dispose();
    b64.dispose();
  });

  it('the heap returns to its baseline', () => {
    const before = wl.memory().bytesInUse;
    const d = rankDeficient(12, 6, 3, 1);
    const calls: (() => unknown)[] = [
      () => wl.linalg.lstsq({ data: randomArray(60, 2), rows: 12, cols: 5 }, randomArray(12, 3)),
      () => wl.linalg.lstsq({ data: randomArray(60, 2), rows: 12, cols: 5 }, { data: randomArray(24, 3), rows: 12, cols: 2 }).x,
      () => wl.linalg.lstsq({ data: Array.from(d.a), rows: 12, cols: 6 }, randomArray(12, 3)),
      () => wl.linalg.lstsq({ data: Array.from(d.a), rows: 6, cols: 12 }, randomArray(6, 3)),
      () => wl.linalg.pinv({ data: Array.from(d.a), rows: 12, cols: 6 }),
      () => wl.linalg.norm({ data: Array.from(d.a), rows: 12, cols: 6 }, 2),
      () => wl.linalg.norm({ data: Array.from(d.a), rows: 12, cols: 6 }, 'nuc'),
      () => wl.linalg.lstsq([[1, 2], [3, 4], [5, 6]], [1, 2]),
      () => wl.linalg.lstsq([[1, 2], [3, 4], [5, 6]], [1, 2, 3], { rcond: -1 }),
      () => wl.linalg.pinv([[1, 2]], { rcond: -1 }),
    ];
    for (const call of calls) {
      try {
        const out = call();
        if (out && typeof out === 'object' && 'dispose' in out) (out as { dispose(): void }).dispose();
      } catch {
        // error paths must not leak either
      }
    }
    expect(wl.memory().bytesInUse).toBe(before);
  });
});
