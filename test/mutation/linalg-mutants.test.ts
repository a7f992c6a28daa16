// Behaviour of src/linalg that mutation testing (stryker run --mutate over src/linalg) showed no test
// pinned: the class of every error and the function or argument it names, option defaults (alpha, beta,
// trans), the dtype of results, operands given as arrays or as matrices of the other kind, the choice of
// eigensolver, and that every call gives its scratch memory back (wl.memory() returns to its baseline).
import { describe, expect, it } from 'vitest';
import { freshModule, getWl, throwsNamed, jsMatmul, randomArray } from '../helpers';

const wl = await getWl();

/** Row-major rows×cols of values in [-1, 1). */
function rand(rows: number, cols: number, seed: number): number[][] {
  const v = randomArray(rows * cols, seed);
  return Array.from({ length: rows }, (_, i) => v.slice(i * cols, (i + 1) * cols));
}
const flat = (a: number[][]): number[] => a.flat();
const T = (a: number[][]): number[][] => a[0].map((_, j) => a.map((r) => r[j]));

/** max |got − want| ≤ tol·(1 + max|want|), entrywise over flat arrays. */
function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol * scale)) throw new Error(`entry ${i}: ${got[i]} vs ${want[i]} (tol ${tol * scale})`);
  }
}

/** `fn` leaves the heap as it found it (after disposing what it returns through `keep`). */
function noLeak(fn: () => void): void {
  const base = wl.memory().bytesInUse;
  fn();
  expect(wl.memory().bytesInUse).toBe(base);
}

describe('before init(), each linalg function names itself', () => {
  it('in the NotInitializedError', async () => {
    const u = await freshModule();
    const calls: [string, () => unknown][] = [
      ['wl.linalg.matmul()', () => u.linalg.matmul([[1]], [[1]])],
      ['wl.linalg.gemm()', () => u.linalg.gemm(null as never, [[1]], [[1]])],
      ['wl.linalg.gemv()', () => u.linalg.gemv([[1]], [1])],
      ['wl.linalg.gram()', () => u.linalg.gram([[1]])],
      ['wl.linalg.eigh()', () => u.linalg.eigh([[1]])],
      ['wl.linalg.eigvalsh()', () => u.linalg.eigvalsh([[1]])],
    ];
    for (const [what, call] of calls) throwsNamed(call, u.NotInitializedError, `wasmlearn is not initialized: ${what} needs the WebAssembly module`);
  });
});

describe('matmul.ts: errors name the function and the argument', () => {
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;
  const A = wl.matrix(rand(2, 3, 1));
  const B = wl.matrix(rand(3, 4, 2));
  const F = wl.matrix(rand(3, 4, 3), { dtype: 'float32' });

  it('matmul', () => {
    throwsNamed(() => wl.linalg.matmul(A, B, { transA: 1 } as never), P, 'transA: expected true or false, got 1');
    throwsNamed(() => wl.linalg.matmul(A, B, { transB: 'yes' } as never), P, 'transB: expected true or false, got "yes"');
    throwsNamed(() => wl.linalg.matmul(A, B, { trans: true } as never), P, 'wl.linalg.matmul: unknown option "trans"; expected one of transA, transB');
    throwsNamed(() => wl.linalg.matmul(A, F), V, "B: expected dtype float64 (like A), got float32; convert one with wl.clone(B, 'float64')");
    throwsNamed(() => wl.linalg.matmul(F, A), V, "B: expected dtype float32 (like A), got float64; convert one with wl.clone(B, 'float32')");
    throwsNamed(() => wl.linalg.matmul(A, A), S, 'wl.linalg.matmul: inner sizes differ: A (2×3) · B (2×3); the columns of the left operand must equal the rows of the right');
    throwsNamed(() => wl.linalg.matmul(A, B, { transA: true }), S, 'wl.linalg.matmul: inner sizes differ: Aᵀ (3×2) · B (3×4)');
    throwsNamed(() => wl.linalg.matmul(A, B, { transB: true }), S, 'wl.linalg.matmul: inner sizes differ: A (2×3) · Bᵀ (4×3)');
    throwsNamed(() => wl.linalg.matmul(5 as never, B), V, 'A: expected number[][], a Matrix, or { data, rows, cols }, got 5');
    throwsNamed(() => wl.linalg.matmul(A, 'x' as never), V, 'B: expected number[][], a Matrix, or { data, rows, cols }, got "x"');
  });

  it('gemm', () => {
    const C = wl.zeros(2, 4);
    throwsNamed(() => wl.linalg.gemm(5 as never, A, B), V, 'out: expected a Matrix, got 5');
    throwsNamed(() => wl.linalg.gemm(C, A, B, { gamma: 1 } as never), P, 'wl.linalg.gemm: unknown option "gamma"; expected one of alpha, beta, transA, transB');
    throwsNamed(() => wl.linalg.gemm(C, A, B, { transA: 0 } as never), P, 'transA: expected true or false, got 0');
    throwsNamed(() => wl.linalg.gemm(C, A, B, { transB: 0 } as never), P, 'transB: expected true or false, got 0');
    throwsNamed(() => wl.linalg.gemm(C, A, B, { alpha: NaN }), P, 'alpha: expected a finite number, got NaN');
    throwsNamed(() => wl.linalg.gemm(C, A, B, { beta: Infinity }), P, 'beta: expected a finite number, got Infinity');
    throwsNamed(() => wl.linalg.gemm(C, A, F), V, "B: expected dtype float64 (like A), got float32");
    throwsNamed(() => wl.linalg.gemm(wl.zeros(2, 4, 'float32'), A, B), V, 'out: expected dtype float64 (like A and B), got float32');
    const C32 = wl.zeros(3, 3, 'float32');
    throwsNamed(() => wl.linalg.gemm(C32, F, F, { transB: true, alpha: 1e39 }), V, 'alpha: 1e+39 is too large for float32');
    throwsNamed(() => wl.linalg.gemm(C32, F, F, { transB: true, beta: -1e39 }), V, 'beta: -1e+39 is too large for float32');
    throwsNamed(() => wl.linalg.gemm(C, A, A), S, 'wl.linalg.gemm: inner sizes differ: A (2×3) · B (2×3)');
    throwsNamed(() => wl.linalg.gemm(wl.zeros(2, 3), A, B), S, 'out: expected shape 2×4 (A (2×3) · B (3×4)), got 2×3');
    throwsNamed(() => wl.linalg.gemm(wl.zeros(3, 4), A, B), S, 'out: expected shape 2×4 (A (2×3) · B (3×4)), got 3×4');
    const Q = wl.matrix(rand(3, 3, 4));
    const R = wl.matrix(rand(3, 3, 5));
    throwsNamed(() => wl.linalg.gemm(Q, Q, R), V, 'out: must not be A or B');
    throwsNamed(() => wl.linalg.gemm(R, Q, R), V, 'out: must not be A or B');
  });

  it('gemv', () => {
    const x = wl.matrix([[1], [2], [3]]);
    throwsNamed(() => wl.linalg.gemv(A, x, { trans: 1 } as never), P, 'trans: expected true or false, got 1');
    throwsNamed(() => wl.linalg.gemv(A, x, { transA: true } as never), P, 'wl.linalg.gemv: unknown option "transA"; expected one of trans, alpha, beta, out');
    throwsNamed(() => wl.linalg.gemv(A, x, { alpha: NaN }), P, 'alpha: expected a finite number, got NaN');
    throwsNamed(() => wl.linalg.gemv(A, x, { beta: NaN }), P, 'beta: expected a finite number, got NaN');
    throwsNamed(() => wl.linalg.gemv(A, x, { out: 3 as never }), V, 'out: expected a Matrix, got 3');
    throwsNamed(() => wl.linalg.gemv(A, x, { beta: 2 }), P, 'beta: a nonzero beta scales the previous y, so it needs the out option');
    throwsNamed(() => wl.linalg.gemv(A, wl.matrix([[1], [2], [3]], { dtype: 'float32' })), V, "x: expected dtype float64 (like A), got float32; convert one with wl.clone(x, 'float64')");
    throwsNamed(() => wl.linalg.gemv(A, wl.zeros(3, 2)), S, 'x: expected a vector (one row or one column), got 3×2');
    throwsNamed(() => wl.linalg.gemv(A, [1, 2]), S, 'x: expected length 3 to match A (2×3), got 2');
    throwsNamed(() => wl.linalg.gemv(A, [1, 2, 3], { trans: true }), S, 'x: expected length 2 to match Aᵀ (3×2), got 3');
    throwsNamed(() => wl.linalg.gemv(A, [] as number[]), V, 'x: expected at least one value, got empty data');
    const F2 = wl.matrix(rand(2, 3, 6), { dtype: 'float32' });
    throwsNamed(() => wl.linalg.gemv(F2, [1, 2, 3], { alpha: 1e39 }), V, 'alpha: 1e+39 is too large for float32');
    throwsNamed(() => wl.linalg.gemv(F2, [1, 2, 3], { beta: 1e39, out: wl.zeros(2, 1, 'float32') }), V, 'beta: 1e+39 is too large for float32');
    throwsNamed(() => wl.linalg.gemv(A, x, { out: wl.zeros(2, 1, 'float32') }), V, 'out: expected dtype float64 (like A), got float32');
    throwsNamed(() => wl.linalg.gemv(A, x, { out: wl.zeros(3, 1) }), S, 'out: expected a vector of length 2, got 3×1');
    throwsNamed(() => wl.linalg.gemv(wl.zeros(4, 3), x, { out: wl.zeros(2, 2) }), S, 'out: expected a vector of length 4, got 2×2');
    const Sq = wl.matrix(rand(3, 3, 7));
    throwsNamed(() => wl.linalg.gemv(Sq, x, { out: x }), V, 'out: must not be A or x');
    const one = wl.matrix([[2]]);
    throwsNamed(() => wl.linalg.gemv(one, one, { out: one }), V, 'out: must not be A or x');
    const col = wl.matrix([[1], [2], [3]]);
    throwsNamed(() => wl.linalg.gemv(col, [2], { out: col }), V, 'out: must not be A or x');
    throwsNamed(() => wl.linalg.gemv(5 as never, [1, 2, 3]), V, 'A: expected number[][], a Matrix, or { data, rows, cols }, got 5');
    throwsNamed(() => wl.linalg.gemv(A, null as never), V, 'x: expected number[][], a Matrix, or { data, rows, cols }, got null');
  });

  it('gram', () => {
    throwsNamed(() => wl.linalg.gram(A, { transA: true } as never), P, 'wl.linalg.gram: unknown option "transA"; expected one of trans');
    throwsNamed(() => wl.linalg.gram(A, { trans: 'no' } as never), P, 'trans: expected true or false, got "no"');
    throwsNamed(() => wl.linalg.gram(null as never), V, 'A: expected number[][], a Matrix, or { data, rows, cols }, got null');
  });
});

describe('matmul.ts: results, defaults, dtypes, memory', () => {
  const a = rand(5, 7, 11);
  const b = rand(7, 6, 12);
  const ab = Array.from(jsMatmul(flat(a), flat(b), 5, 7, 6));
  const tol64 = 7 * 2 ** -52 * 4;
  const tol32 = 7 * 2 ** -23 * 4;

  it('matmul: each transpose option, arrays or matrices, result dtype', () => {
    noLeak(() => {
      for (const [A, B, opts] of [
        [a, b, {}],
        [T(a), b, { transA: true }],
        [a, T(b), { transB: true }],
        [T(a), T(b), { transA: true, transB: true }],
        [a, b, { transA: false, transB: false }],
      ] as [number[][], number[][], object][]) {
        const C = wl.linalg.matmul(A, B, opts);
        expect([C.rows, C.cols, C.dtype]).toEqual([5, 6, 'float64']);
        close(C.toTypedArray(), ab, tol64);
        C.dispose();
      }
      // a float32 Matrix on either side fixes the dtype; the array operand is converted (and freed)
      const B32 = wl.matrix(b, { dtype: 'float32' });
      const A32 = wl.matrix(a, { dtype: 'float32' });
      for (const C of [wl.linalg.matmul(a, B32), wl.linalg.matmul(A32, b), wl.linalg.matmul(A32, B32)]) {
        expect([C.rows, C.cols, C.dtype]).toEqual([5, 6, 'float32']);
        close(C.toTypedArray(), ab, tol32);
        C.dispose();
      }
      B32.dispose();
      A32.dispose();
    });
  });

  it('gemm: alpha defaults to 1 and beta to 1 (accumulate); beta 0 ignores out; transposes', () => {
    noLeak(() => {
      const A = wl.matrix(a);
      const B = wl.matrix(b);
      const c0 = rand(5, 6, 13);
      const C = wl.matrix(c0);
      expect(wl.linalg.gemm(C, A, B)).toBe(C);
      close(C.toTypedArray(), ab.map((v, i) => v + flat(c0)[i]), tol64);
      wl.linalg.gemm(C, A, B, { alpha: -2, beta: 0.5 });
      close(C.toTypedArray(), ab.map((v, i) => 0.5 * (v + flat(c0)[i]) - 2 * v), tol64 * 4);
      C.data.fill(NaN); // beta 0: out is not read (0·NaN would be NaN)
      wl.linalg.gemm(C, T(a), T(b), { transA: true, transB: true, beta: 0, alpha: 3 });
      close(C.toTypedArray(), ab.map((v) => 3 * v), tol64 * 4);
      wl.linalg.gemm(C, A, T(b), { transB: true, beta: 0 });
      close(C.toTypedArray(), ab, tol64);
      wl.linalg.gemm(C, T(a), B, { transA: true, beta: 0 });
      close(C.toTypedArray(), ab, tol64);
      const C32 = wl.zeros(5, 6, 'float32');
      const A32 = wl.matrix(a, { dtype: 'float32' });
      wl.linalg.gemm(C32, A32, b);
      close(C32.toTypedArray(), ab, tol32);
      for (const m of [A, B, C, C32, A32]) m.dispose();
    });
  });

  it('gemv: alpha defaults to 1, beta to 0; trans; x as a row, a column or numbers; out of either orientation', () => {
    const A = wl.matrix(a);
    const x = randomArray(7, 14);
    const xt = randomArray(5, 15);
    const Ax = Array.from(jsMatmul(flat(a), x, 5, 7, 1));
    const Atx = Array.from(jsMatmul(xt, flat(a), 1, 5, 7));
    noLeak(() => {
      for (const xv of [x, Float64Array.from(x), wl.matrix([x]), wl.matrix(x.map((v) => [v]))]) {
        const y = wl.linalg.gemv(A, xv as never);
        expect([y.rows, y.cols, y.dtype]).toEqual([5, 1, 'float64']);
        close(y.toTypedArray(), Ax, tol64);
        y.dispose();
        if (xv instanceof wl.Matrix) xv.dispose();
      }
      const y = wl.linalg.gemv(a, xt, { trans: true, alpha: 2 });
      expect([y.rows, y.cols]).toEqual([7, 1]);
      close(y.toTypedArray(), Atx.map((v) => 2 * v), tol64 * 2);
      const row = wl.matrix([randomArray(5, 16)]);
      expect(wl.linalg.gemv(A, x, { out: row })).toBe(row);
      close(row.toTypedArray(), Ax, tol64); // beta 0: the old content is dropped
      wl.linalg.gemv(A, x, { out: row, beta: -1, alpha: 3 });
      close(row.toTypedArray(), Ax.map((v) => 2 * v), tol64 * 4);
      const yt = wl.linalg.gemv(A, xt, { trans: true, out: wl.zeros(1, 7) });
      close(yt.toTypedArray(), Atx, tol64);
      const F = wl.matrix(a, { dtype: 'float32' });
      const y32 = wl.linalg.gemv(F, x);
      expect(y32.dtype).toBe('float32');
      close(y32.toTypedArray(), Ax, tol32);
      for (const m of [y, row, yt, F, y32]) m.dispose();
    });
    A.dispose();
  });

  it('gram: AᵀA by default, A·Aᵀ with trans; dtype kept; exactly symmetric', () => {
    noLeak(() => {
      const ata = Array.from(jsMatmul(flat(T(a)), flat(a), 7, 5, 7));
      const aat = Array.from(jsMatmul(flat(a), flat(T(a)), 5, 7, 5));
      for (const [G, want, n] of [
        [wl.linalg.gram(a), ata, 7],
        [wl.linalg.gram(a, { trans: false }), ata, 7],
        [wl.linalg.gram(a, { trans: true }), aat, 5],
      ] as const) {
        expect([G.rows, G.cols, G.dtype]).toEqual([n, n, 'float64']);
        close(G.toTypedArray(), want, tol64);
        const g = G.toArray();
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(g[i][j]).toBe(g[j][i]);
        G.dispose();
      }
      const F = wl.matrix(a, { dtype: 'float32' });
      const G32 = wl.linalg.gram(F, { trans: true });
      expect([G32.rows, G32.dtype]).toEqual([5, 'float32']);
      close(G32.toTypedArray(), aat, tol32);
      G32.dispose();
      F.dispose();
    });
  });
});

describe('matmul under autograd', () => {
  it('records transA and transB, so the gradients are those of op(A)·op(B)', () => {
    type M = InstanceType<typeof wl.Matrix>;
    const a = rand(3, 2, 51); // k×m, used as Aᵀ
    const b = rand(3, 4, 52); // k×n
    const A = wl.matrix(a);
    const B = wl.matrix(b);
    const W = wl.matrix(rand(2, 4, 53)); // weights of the entries of C = AᵀB (2×4)
    const w = W.toArray();
    noLeak(() => {
      const { grads } = wl.autograd.valueAndGrad((x: M, y: M) => wl.sum(wl.mul(wl.linalg.matmul(x, y, { transA: true }), W)))(A, B);
      // d/dA_pi Σ_ij W_ij Σ_p A_pi B_pj = Σ_j W_ij B_pj;  d/dB_pj = Σ_i W_ij A_pi
      close(grads[0].toTypedArray(), a.flatMap((_, p) => [0, 1].map((i) => w[i].reduce((s, wij, j) => s + wij * b[p][j], 0))), 1e-14);
      close(grads[1].toTypedArray(), b.flatMap((_, p) => [0, 1, 2, 3].map((j) => w.reduce((s, wi, i) => s + wi[j] * a[p][i], 0))), 1e-14);
      for (const g of grads) g.dispose();
      // transB: C = A2·B2ᵀ with A2 = aᵀ (2×3) and B2 = bᵀ (4×3): the same C, the gradients transposed
      const A2 = wl.matrix(T(a));
      const B2 = wl.matrix(T(b));
      const r = wl.autograd.valueAndGrad((x: M, y: M) => wl.sum(wl.mul(wl.linalg.matmul(x, y, { transB: true }), W)))(A2, B2);
      close(r.grads[0].toTypedArray(), T(a.map((_, p) => [0, 1].map((i) => w[i].reduce((s, wij, j) => s + wij * b[p][j], 0)))).flat(), 1e-14);
      close(r.grads[1].toTypedArray(), T(b.map((_, p) => [0, 1, 2, 3].map((j) => w.reduce((s, wi, i) => s + wi[j] * a[p][i], 0)))).flat(), 1e-14);
      for (const g of [...r.grads, A2, B2]) g.dispose();
    });
    for (const m of [A, B, W]) m.dispose();
  });
});

describe('eigh.ts', () => {
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;

  it('errors name the function and the argument', () => {
    for (const [name, f] of [
      ['wl.linalg.eigh', wl.linalg.eigh],
      ['wl.linalg.eigvalsh', wl.linalg.eigvalsh],
    ] as const) {
      throwsNamed(() => f([[1]], { tol: 1 } as never), P, `${name}: unknown option "tol"; expected one of method`);
      throwsNamed(() => f([[1]], { method: 'qr' } as never), P, `${name}: option "method" must be one of 'auto', 'jacobi', 'tridiagonal', got "qr"`);
      throwsNamed(() => f([[1, 2, 3], [4, 5, 6]]), S, 'S: expected a square matrix, got 2×3');
      const N = wl.eye(2);
      N.data[1] = NaN;
      N.data[2] = -Infinity;
      throwsNamed(() => f(N), V, 'S: expected finite values, found 2 NaN or ±Infinity entries');
      N.data[2] = 0;
      throwsNamed(() => f(N), V, 'S: expected finite values, found 1 NaN or ±Infinity entry');
      N.dispose();
      throwsNamed(() => f('S' as never), V, 'S: expected number[][], a Matrix, or { data, rows, cols }, got "S"');
      throwsNamed(() => f([[1, 2], [3, 1]]), V, 'S: expected a symmetric matrix, but max|S[i][j] − S[j][i]| is 0.333 × max|S| (tolerance 1e-8)');
    }
  });

  it('float32 accepts asymmetry up to 1e-3 of max|S|, not more', () => {
    const ok = wl.matrix([[1, 2], [2.0015, 1]], { dtype: 'float32' }); // 0.0015 / 2.0015 ≈ 7.5e-4
    const bad = wl.matrix([[1, 2], [2.003, 1]], { dtype: 'float32' }); // ≈ 1.5e-3
    const v = wl.linalg.eigvalsh(ok);
    expect(v).toBeInstanceOf(Float32Array);
    close(v, [3.00075, -1.00075], 1e-5);
    throwsNamed(() => wl.linalg.eigh(bad), V, 'S: expected a symmetric matrix, but max|S[i][j] − S[j][i]| is 0.00150 × max|S| (tolerance 0.001)');
    // float64 takes an asymmetry of 5e-9 (rounding noise) and decomposes the mean
    close(wl.linalg.eigvalsh([[1, 2], [2 + 2e-8, 1]]), [3 + 1e-8, -1 - 1e-8], 1e-15);
    ok.dispose();
    bad.dispose();
  });

  /** S with known eigenvalues: Q·diag(lambda)·Qᵀ for a Householder Q. */
  function known(lambda: number[], seed: number): number[][] {
    const n = lambda.length;
    const u = randomArray(n, seed);
    const nu = Math.hypot(...u);
    const Q = u.map((ui, i) => u.map((uj, j) => (i === j ? 1 : 0) - (2 * ui * uj) / (nu * nu)));
    return Q.map((_, i) => Q.map((_, j) => lambda.reduce((s, l, k) => s + Q[i][k] * l * Q[j][k], 0)));
  }

  it('every method, both dtypes, eigh and eigvalsh: descending values, orthonormal vectors, no leak', () => {
    for (const n of [1, 2, 5, 6, 9]) {
      const lambda = Array.from({ length: n }, (_, i) => n - 2 * i + 0.5);
      const Sa = known(lambda, 20 + n);
      for (const dtype of ['float64', 'float32'] as const) {
        const Sm = wl.matrix(Sa, { dtype });
        const tol = (dtype === 'float64' ? 2 ** -52 : 2 ** -23) * 64 * n;
        for (const method of [undefined, 'auto', 'jacobi', 'tridiagonal'] as const) {
          const opts = method === undefined ? undefined : { method };
          noLeak(() => {
            for (const S of [Sm, Sa] as const) {
              const vals = wl.linalg.eigvalsh(S as never, opts);
              const want = S === Sa ? 'float64' : dtype;
              expect(vals).toBeInstanceOf(want === 'float32' ? Float32Array : Float64Array);
              close(vals, lambda, tol);
              const { values, vectors } = wl.linalg.eigh(S as never, opts);
              expect(values).toBeInstanceOf(want === 'float32' ? Float32Array : Float64Array);
              expect([vectors.rows, vectors.cols, vectors.dtype]).toEqual([n, n, want]);
              close(values, lambda, tol);
              // S·v_j = λ_j·v_j and VᵀV = I
              const V = vectors.toArray();
              for (let j = 0; j < n; j++) {
                const col = V.map((r) => r[j]);
                const Sv = Sa.map((r) => r.reduce((s, x, k) => s + x * col[k], 0));
                close(Sv, col.map((c) => c * lambda[j]), tol * 4);
                for (let k = 0; k < n; k++) expect(Math.abs(V.reduce((s, r) => s + r[j] * r[k], 0) - (j === k ? 1 : 0))).toBeLessThan(tol * 4);
              }
              vectors.dispose();
            }
          });
        }
        Sm.dispose();
      }
    }
  });

  it("'auto' is Jacobi up to n = 5 and the tridiagonal QL path above (same results bit for bit)", () => {
    for (const n of [2, 5, 6, 7]) {
      const Sa = known(Array.from({ length: n }, (_, i) => Math.exp(i) - 3), 40 + n);
      const expected = n <= 5 ? 'jacobi' : 'tridiagonal';
      const other = n <= 5 ? 'tridiagonal' : 'jacobi';
      const auto = wl.linalg.eigh(Sa);
      const same = wl.linalg.eigh(Sa, { method: expected });
      const diff = wl.linalg.eigh(Sa, { method: other });
      expect(Array.from(auto.values)).toEqual(Array.from(same.values));
      expect(auto.vectors.toTypedArray()).toEqual(same.vectors.toTypedArray());
      // the two solvers round differently, so that the test above tells them apart
      expect(auto.vectors.toTypedArray()).not.toEqual(diff.vectors.toTypedArray());
      expect(Array.from(wl.linalg.eigvalsh(Sa))).toEqual(Array.from(wl.linalg.eigvalsh(Sa, { method: expected })));
      for (const r of [auto, same, diff]) r.vectors.dispose();
    }
  });

  it('a 0×0 matrix gives no values and a 0×0 vectors matrix, of its dtype', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const Z = wl.zeros(0, 0, dtype);
      noLeak(() => {
        const { values, vectors } = wl.linalg.eigh(Z);
        expect(values).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        expect(values.length).toBe(0);
        expect([vectors.rows, vectors.cols, vectors.dtype, vectors.disposed]).toEqual([0, 0, dtype, false]);
        vectors.dispose();
        const v = wl.linalg.eigvalsh(Z);
        expect(v).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        expect(v.length).toBe(0);
      });
      Z.dispose();
    }
  });
});

describe('the other linalg functions name themselves before init()', () => {
  it('in the NotInitializedError', async () => {
    const u = await freshModule();
    const calls: [string, () => unknown][] = [
      ['wl.linalg.solve()', () => u.linalg.solve([[1]], [1])],
      ['wl.linalg.inv()', () => u.linalg.inv([[1]])],
      ['wl.linalg.det()', () => u.linalg.det([[1]])],
      ['wl.linalg.slogdet()', () => u.linalg.slogdet([[1]])],
      ['wl.linalg.rcond()', () => u.linalg.rcond([[1]])],
      ['wl.linalg.cholesky()', () => u.linalg.cholesky([[1]])],
      ['wl.linalg.qr()', () => u.linalg.qr([[1]])],
      ['wl.linalg.svd()', () => u.linalg.svd([[1]])],
      ['wl.linalg.pinv()', () => u.linalg.pinv([[1]])],
      ['wl.linalg.lstsq()', () => u.linalg.lstsq([[1]], [1])],
      ['wl.linalg.norm()', () => u.linalg.norm([[1]])],
      ['wl.linalg.pairwiseDistances()', () => u.linalg.pairwiseDistances([[1]])],
    ];
    for (const [what, call] of calls) throwsNamed(call, u.NotInitializedError, `wasmlearn is not initialized: ${what} needs the WebAssembly module`);
  });
});

describe('solve.ts, common.ts: errors, warnings, determinants', () => {
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;
  const A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
  const b = [1, 2, 3];

  it('errors name the function and the argument; nothing leaks on the error paths', () => {
    const F = wl.matrix([[1], [2], [3]], { dtype: 'float32' });
    const N = wl.eye(3);
    N.data[4] = NaN;
    const W = wl.zeros(2, 3);
    noLeak(() => {
      throwsNamed(() => wl.linalg.solve(A, b, { assume: 'sym' } as never), P, `wl.linalg.solve: assume must be 'general' or 'spd', got "sym"`);
      throwsNamed(() => wl.linalg.solve(A, b, { onWarning: 5 } as never), P, 'wl.linalg.solve: option "onWarning" must be a function, got 5');
      throwsNamed(() => wl.linalg.inv(A, { onWarning: 'x' } as never), P, 'wl.linalg.inv: option "onWarning" must be a function, got "x"');
      throwsNamed(() => wl.linalg.inv(A, { assume: 'spd' } as never), P, 'wl.linalg.inv: unknown option "assume"; expected one of onWarning');
      throwsNamed(() => wl.linalg.solve(A, b, { tol: 1 } as never), P, 'wl.linalg.solve: unknown option "tol"; expected one of assume, onWarning');
      throwsNamed(() => wl.linalg.solve([[1, 2, 3], [4, 5, 6]], b), S, 'A: expected a square matrix, got 2×3');
      throwsNamed(() => wl.linalg.det(W), S, 'A: expected a square matrix, got 2×3');
      throwsNamed(() => wl.linalg.solve(N, b), V, 'A: expected finite values, found 1 NaN or ±Infinity entry');
      throwsNamed(() => wl.linalg.solve(A, [1, 2]), S, 'b: expected 3 values (one per row of A), got 2');
      throwsNamed(() => wl.linalg.solve(A, new Float64Array(4)), S, 'b: expected 3 values (one per row of A), got 4');
      throwsNamed(() => wl.linalg.solve(A, [[1], [2]]), S, 'b: expected 3 rows (one per row of A), got 2×1');
      throwsNamed(() => wl.linalg.solve(A, F), V, 'b: expected dtype float64 (like A), got float32');
      throwsNamed(() => wl.linalg.solve(A, N), V, 'b: expected finite values, found 1 NaN or ±Infinity entry');
      throwsNamed(() => wl.linalg.solve([[1, 2], [2, 4]], [1, 1]), V, 'A: the matrix is singular (pivot 1 of its LU factorization is zero), so the system has no unique solution; use wl.linalg.lstsq');
      throwsNamed(() => wl.linalg.inv([[0, 0], [0, 1]]), V, 'A: the matrix is singular (pivot 0 of its LU factorization is zero)');
      throwsNamed(() => wl.linalg.solve([[1, 2], [2, 1]], [1, 1], { assume: 'spd' }), V, "A: the matrix is not positive definite (its leading 2×2 minor is not positive), so it has no Cholesky factor; solve it with assume: 'general'");
      throwsNamed(() => wl.linalg.cholesky([[-1, 0], [0, 1]]), V, 'S: the matrix is not positive definite (its leading 1×1 minor is not positive)');
      throwsNamed(() => wl.linalg.cholesky([[1, 2, 3]]), S, 'S: expected a square matrix, got 1×3');
    });
    for (const m of [F, N, W]) m.dispose();
  });

  it('solve: vector b → typed array of A’s dtype, matrix b → Matrix; general and spd agree; A is not modified', () => {
    const x = [0.5, -0.25, 1.75];
    const bx = A.map((r) => r.reduce((s, v, j) => s + v * x[j], 0));
    const Z = wl.zeros(0, 0);
    noLeak(() => {
      const Am = wl.matrix(A);
      for (const opts of [undefined, {}, { assume: 'general' as const }, { assume: 'spd' as const }]) {
        for (const rhs of [bx, Float64Array.from(bx), Float32Array.from(bx)]) {
          const got = wl.linalg.solve(Am, rhs, opts);
          expect(got).toBeInstanceOf(Float64Array);
          close(got, x, 1e-14);
        }
        const B = wl.linalg.solve(Am, bx.map((v) => [v, 2 * v]), opts);
        expect([B.rows, B.cols, B.dtype]).toEqual([3, 2, 'float64']);
        close(B.toTypedArray(), x.flatMap((v) => [v, 2 * v]), 1e-14);
        B.dispose();
      }
      expect(Am.toArray()).toEqual(A);
      const A32 = wl.matrix(A, { dtype: 'float32' });
      const x32 = wl.linalg.solve(A32, bx, { assume: 'spd' });
      expect(x32).toBeInstanceOf(Float32Array);
      close(x32, x, 1e-5);
      const e0 = wl.linalg.solve(Z, []);
      expect(e0).toBeInstanceOf(Float64Array);
      expect(e0.length).toBe(0);
      for (const m of [Am, A32]) m.dispose();
    });
    Z.dispose();
  });

  it('onWarning: called only for an ill-conditioned A, with the function, the estimate and eps', () => {
    const calls: [string, number][] = [];
    const onWarning = (m: string, r: number) => calls.push([m, r]);
    const ill = [[1, 1], [1, 1 + 2 ** -52]];
    noLeak(() => {
      wl.linalg.solve(A, b, { onWarning });
      wl.linalg.solve(A, b, { onWarning, assume: 'spd' });
      wl.linalg.inv(A, { onWarning }).dispose();
      expect(calls).toEqual([]);
      wl.linalg.solve(ill, [1, 2], { onWarning });
      wl.linalg.solve(ill, [1, 2], { onWarning, assume: 'spd' });
      wl.linalg.inv(ill, { onWarning }).dispose();
    });
    expect(calls.length).toBe(3);
    for (const [i, where] of ['wl.linalg.solve', 'wl.linalg.solve', 'wl.linalg.inv'].entries()) {
      const [msg, r] = calls[i];
      expect(r).toBeGreaterThan(0);
      expect(r).toBeLessThan(2 ** -52);
      expect(msg).toBe(`${where}: A is ill-conditioned (estimated reciprocal condition number ${r.toPrecision(3)} < eps = 2.22e-16); the result may be inaccurate`);
    }
    // float32's eps is 2^-23: a condition number of 1e8 warns there, not in float64
    calls.length = 0;
    const mid = [[1, 0], [0, 1e-8]];
    wl.linalg.solve(mid, [1, 1], { onWarning });
    expect(calls).toEqual([]);
    const M32 = wl.matrix(mid, { dtype: 'float32' });
    wl.linalg.solve(M32, [1, 1], { onWarning });
    M32.dispose();
    expect(calls.length).toBe(1);
    expect(calls[0][0]).toContain('< eps = 1.19e-7');
    close([calls[0][1]], [1e-8], 1e-7);
  });

  it('rcond, det, slogdet: values, signs, singular and empty matrices', () => {
    const Z = wl.zeros(0, 0);
    noLeak(() => {
      expect(wl.linalg.rcond(Z)).toBe(Infinity);
      expect(wl.linalg.rcond([[1, 2], [2, 4]])).toBe(0);
      close([wl.linalg.rcond([[2, 0], [0, -1e-3]])], [5e-4], 1e-15); // 1 / (‖A‖₁·‖A⁻¹‖₁) = 1 / (2·1000)
      close([wl.linalg.rcond([[1, 2], [3, 4]])], [1 / (6 * 3.5)], 1e-15); // A⁻¹ = [[-2, 1], [1.5, -0.5]]
      expect(wl.linalg.det([[0, 1], [1, 0]])).toBe(-1);
      expect(wl.linalg.det([[2, 0], [0, -3]])).toBe(-6);
      expect(wl.linalg.det([[1, 2], [2, 4]])).toBe(0);
      close([wl.linalg.det(A)], [4 * 5 - 1 * 2], 1e-15);
      // the product over- or underflows on the way but the determinant is representable
      close([wl.linalg.det([[1e200, 0, 0, 0], [0, 1e200, 0, 0], [0, 0, -1e-200, 0], [0, 0, 0, 1e-200]])], [-1], 1e-13);
      close([wl.linalg.det([[1e-200, 0, 0, 0], [0, 1e-200, 0, 0], [0, 0, 1e200, 0], [0, 0, 0, 1e200]])], [1], 1e-13);
      expect(wl.linalg.slogdet([[1, 2], [2, 4]])).toEqual({ sign: 0, logabsdet: -Infinity });
      const s1 = wl.linalg.slogdet([[0, 2], [3, 0]]); // one swap, det −6
      expect(s1.sign).toBe(-1);
      close([s1.logabsdet], [Math.log(6)], 1e-15);
      const s2 = wl.linalg.slogdet([[-2, 0], [0, 3]]);
      expect(s2.sign).toBe(-1);
      close([s2.logabsdet], [Math.log(6)], 1e-15);
      const s3 = wl.linalg.slogdet([[-2, 0], [0, -3e-300]]);
      expect(s3.sign).toBe(1);
      close([s3.logabsdet], [Math.log(6) - 300 * Math.LN10], 1e-15);
    });
    Z.dispose();
  });
});

describe('norm.ts', () => {
  const a = [[1, -2, 3], [-4, 5, -6]];
  it('each order against its definition; float32 too; errors', () => {
    const sv = wl.linalg.svd(a).s; // reference singular values
    const cases: [unknown, number][] = [
      [undefined, Math.hypot(...a.flat())],
      ['fro', Math.hypot(...a.flat())],
      [1, 9], [-1, 5], [Infinity, 15], ['inf', 15], [-Infinity, 6], ['-inf', 6],
      [2, sv[0]], [-2, sv[1]], ['nuc', sv[0] + sv[1]],
    ];
    const a32 = wl.matrix(a, { dtype: 'float32' });
    const E = wl.zeros(0, 3);
    const E2 = wl.zeros(3, 0);
    noLeak(() => {
      for (const [ord, want] of cases) {
        close([wl.linalg.norm(a, ord as never)], [want], 1e-15);
        close([wl.linalg.norm(a32, ord as never)], [want], 1e-6);
      }
      close([wl.linalg.norm([[3, 4], [0, 0], [0, 0]], -2)], [0], 1e-15);
      close([wl.linalg.norm([[5, 1], [1, 5], [0, 0]], -1)], [6], 0);
      close([wl.linalg.norm([[1, 1], [1, 1]], 'nuc')], [2], 1e-15);
      throwsNamed(() => wl.linalg.norm(a, 3 as never), wl.InvalidParameterError, "wl.linalg.norm: ord must be one of 'fro', 'nuc', 1, -1, 2, -2, 'inf' (or Infinity), '-inf' (or -Infinity), got 3");
      throwsNamed(() => wl.linalg.norm(a, 'max' as never), wl.InvalidParameterError, 'wl.linalg.norm: ord must be one of');
      expect(wl.linalg.norm(E)).toBe(0);
      expect(wl.linalg.norm(E, 1)).toBe(0);
      for (const ord of [Infinity, -Infinity, 'inf', 2, -2] as const) {
        throwsNamed(() => wl.linalg.norm(E, ord), wl.ValidationError, `wl.linalg.norm: ord ${ord === 'inf' ? 'Infinity' : String(ord)} of an empty 0×3 matrix is undefined`);
      }
      throwsNamed(() => wl.linalg.norm(E2, -1), wl.ValidationError, 'wl.linalg.norm: ord -1 of an empty 3×0 matrix is undefined');
    });
    for (const m of [a32, E, E2]) m.dispose();
  });
});

describe('qr.ts, svd.ts, pinv.ts, lstsq.ts: options, shapes, dtypes', () => {
  const { InvalidParameterError: P, ValidationError: V } = wl;
  const tall = rand(5, 3, 31);
  const wide = T(tall);

  function checkProduct(X: { toArray(): number[][] }[], want: number[][], tol: number): void {
    const [L, R] = X.map((m) => m.toArray());
    const prod = L.map((r) => R[0].map((_, j) => r.reduce((s, v, k) => s + v * R[k][j], 0)));
    close(prod.flat(), want.flat(), tol);
  }

  it('qr: reduced (default) and complete shapes, A = Q·R, dtype; errors', () => {
    noLeak(() => {
      for (const [A, mode, q, r] of [
        [tall, undefined, [5, 3], [3, 3]],
        [tall, 'reduced', [5, 3], [3, 3]],
        [tall, 'complete', [5, 5], [5, 3]],
        [wide, undefined, [3, 3], [3, 5]],
        [wide, 'complete', [3, 3], [3, 5]],
      ] as const) {
        const { Q, R } = wl.linalg.qr(A, mode ? { mode } : undefined);
        expect([Q.rows, Q.cols, R.rows, R.cols]).toEqual([...q, ...r]);
        checkProduct([Q, R], A as number[][], 1e-14);
        const Ra = R.toArray();
        for (let i = 0; i < Ra.length; i++) for (let j = 0; j < Math.min(i, Ra[0].length); j++) expect(Ra[i][j]).toBe(0);
        Q.dispose();
        R.dispose();
      }
      const F = wl.matrix(tall, { dtype: 'float32' });
      const f = wl.linalg.qr(F);
      expect([f.Q.dtype, f.R.dtype]).toEqual(['float32', 'float32']);
      checkProduct([f.Q, f.R], tall, 1e-6);
      f.Q.dispose();
      f.R.dispose();
      F.dispose();
      throwsNamed(() => wl.linalg.qr(tall, { mode: 'full' } as never), P, `wl.linalg.qr: mode must be 'reduced' or 'complete', got "full"`);
      throwsNamed(() => wl.linalg.qr(tall, { full: true } as never), P, 'wl.linalg.qr: unknown option "full"; expected one of mode');
    });
  });

  it('cholesky: reads only the lower triangle; float32; no leak', () => {
    noLeak(() => {
      const L = wl.linalg.cholesky([[4, 999], [2, 5]]);
      expect(L.toArray()).toEqual([[2, 0], [1, 2]]);
      L.dispose();
      const S32 = wl.matrix([[9, 0], [3, 2]], { dtype: 'float32' });
      const L32 = wl.linalg.cholesky(S32);
      expect([L32.dtype, ...L32.toTypedArray()]).toEqual(['float32', 3, 0, 1, 1]);
      L32.dispose();
      S32.dispose();
    });
  });

  it('svd: thin and full shapes, dtype, A = U·diag(s)·Vt; errors', () => {
    noLeak(() => {
      for (const [A, full, u, v] of [
        [tall, undefined, [5, 3], [3, 3]],
        [tall, false, [5, 3], [3, 3]],
        [tall, true, [5, 5], [3, 3]],
        [wide, undefined, [3, 3], [3, 5]],
        [wide, true, [3, 3], [5, 5]],
      ] as const) {
        for (const dtype of ['float64', 'float32'] as const) {
          const M = wl.matrix(A as number[][], { dtype });
          const { U, s, Vt } = wl.linalg.svd(M, full === undefined ? undefined : { full });
          expect([U.rows, U.cols, Vt.rows, Vt.cols, U.dtype, Vt.dtype]).toEqual([...u, ...v, dtype, dtype]);
          expect(s).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
          expect(s.length).toBe(3);
          const Ua = U.toArray().map((r) => r.slice(0, 3).map((x, j) => x * s[j]));
          const Va = Vt.toArray().slice(0, 3);
          checkProduct([{ toArray: () => Ua }, { toArray: () => Va }], A as number[][], dtype === 'float32' ? 1e-6 : 1e-14);
          for (const m of [U, Vt, M]) m.dispose();
        }
      }
      throwsNamed(() => wl.linalg.svd(tall, { full: 1 } as never), P, 'wl.linalg.svd: option "full" must be a boolean, got 1');
      throwsNamed(() => wl.linalg.svd(tall, { thin: true } as never), P, 'wl.linalg.svd: unknown option "thin"; expected one of full');
      const N = wl.eye(2);
      N.data[3] = Infinity;
      throwsNamed(() => wl.linalg.svd(N), V, 'A: expected finite values, found 1 NaN or ±Infinity entry');
      N.dispose();
    });
  });

  it('pinv: default and explicit rcond, shape n×m, dtype; errors', () => {
    const pinvArray = (A: number[][], opts?: { rcond: number }): number[][] => {
      const P = wl.linalg.pinv(A, opts);
      const out = P.toArray();
      P.dispose();
      return out;
    };
    noLeak(() => {
      const P1 = wl.linalg.pinv(tall);
      expect([P1.rows, P1.cols, P1.dtype]).toEqual([3, 5, 'float64']);
      checkProduct([P1, { toArray: () => tall }], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], 1e-14);
      P1.dispose();
      // diag(1, 1e-10): the default 1e-15 keeps 1e-10, rcond 1e-9 drops it
      expect(pinvArray([[1, 0], [0, 1e-10]])).toEqual([[1, 0], [0, 1e10]]);
      expect(pinvArray([[1, 0], [0, 1e-10]], { rcond: 1e-9 })).toEqual([[1, 0], [0, 0]]);
      expect(pinvArray([[1, 0], [0, 1e-10]], { rcond: 1e-10 })).toEqual([[1, 0], [0, 0]]); // ≤ cut is zero
      expect(pinvArray([[2, 0], [0, 1e-10]], { rcond: 0 })).toEqual([[0.5, 0], [0, 1e10]]);
      const A32 = wl.matrix([[2, 0], [0, 4]], { dtype: 'float32' });
      const P32 = wl.linalg.pinv(A32);
      expect([P32.dtype, ...P32.toTypedArray()]).toEqual(['float32', 0.5, 0, 0, 0.25]);
      P32.dispose();
      A32.dispose();
    });
    throwsNamed(() => wl.linalg.pinv(tall, { rcond: -1 }), P, 'wl.linalg.pinv: rcond must be >= 0, got -1');
    throwsNamed(() => wl.linalg.pinv(tall, { rcond: NaN }), P, 'wl.linalg.pinv: rcond: expected a finite number, got NaN');
    throwsNamed(() => wl.linalg.pinv(tall, { rtol: 1 } as never), P, 'wl.linalg.pinv: unknown option "rtol"; expected one of rcond');
  });

  it('lstsq: residuals have the dtype of A on every path (QR tall, square, SVD); lstsq and pinv name A', () => {
    noLeak(() => {
      const V = wl.ValidationError;
      throwsNamed(() => wl.linalg.lstsq('x' as never, [1]), V, 'A: expected');
      throwsNamed(() => wl.linalg.pinv('x' as never), V, 'A: expected');
      const tall32 = wl.matrix([[1, 0], [0, 1], [1, 1]], { dtype: 'float32' });
      const square32 = wl.matrix([[2, 0], [0, 4]], { dtype: 'float32' });
      const svd32 = wl.matrix([[1, 0], [0, 1e-10], [0, 0]], { dtype: 'float32' });
      const qr = wl.linalg.lstsq(tall32, [1, 1, 0]);
      expect(qr.residuals).toBeInstanceOf(Float32Array);
      close(qr.residuals, [4 / 3], 1e-6);
      expect(wl.linalg.lstsq(square32, [1, 1]).residuals).toBeInstanceOf(Float32Array);
      expect(wl.linalg.lstsq([[2, 0], [0, 4]], [1, 1]).residuals).toBeInstanceOf(Float64Array);
      const svd = wl.linalg.lstsq(svd32, [1, 0, 3], { rcond: 1e-11 });
      expect(svd.s).toBeInstanceOf(Float32Array);
      expect(svd.residuals).toBeInstanceOf(Float32Array);
      close(svd.residuals, [9], 1e-5);
      const svd64 = wl.linalg.lstsq([[1, 0], [0, 1e-10], [0, 0]], [1, 0, 3], { rcond: 1e-11 });
      expect(svd64.s).toBeInstanceOf(Float64Array);
      expect(svd64.residuals).toBeInstanceOf(Float64Array);
      close(svd64.residuals, [9], 1e-12);
      for (const m of [tall32, square32, svd32]) m.dispose();
    });
  });

  it('lstsq: QR and SVD paths, residuals, rank, s, default rcond; errors', () => {
    noLeak(() => {
      // tall, full rank: the QR path (no s), residuals of the one column
      const A = [[1, 0], [0, 1], [1, 1]];
      const r1 = wl.linalg.lstsq(A, [1, 1, 0]);
      expect(r1.x).toBeInstanceOf(Float64Array);
      close(r1.x, [1 / 3, 1 / 3], 1e-15);
      expect(r1.rank).toBe(2);
      expect(r1.s).toBeUndefined();
      close(r1.residuals, [4 / 3], 1e-15);
      // square, full rank: no residuals
      const r2 = wl.linalg.lstsq([[2, 0], [0, 4]], [[2], [4]]);
      expect((r2.x as InstanceType<typeof wl.Matrix>).toArray()).toEqual([[1], [1]]);
      expect(r2.residuals.length).toBe(0);
      (r2.x as InstanceType<typeof wl.Matrix>).dispose();
      // wide: minimum-norm x
      const r3 = wl.linalg.lstsq([[1, 1]], [2]);
      close(r3.x, [1, 1], 1e-15);
      expect([r3.rank, r3.residuals.length]).toEqual([1, 0]);
      // rank-deficient: the SVD path, s reported, minimum-norm x
      const r4 = wl.linalg.lstsq([[1, 1], [1, 1], [0, 0]], [2, 2, 1]);
      expect(r4.rank).toBe(1);
      close(r4.s!, [2, 0], 1e-15);
      close(r4.x, [1, 1], 1e-14);
      expect(r4.residuals.length).toBe(0);
      // rcond decides the rank: diag(1, 1e-10) in a tall A
      const D = [[1, 0], [0, 1e-10], [0, 0]];
      const keep = wl.linalg.lstsq(D, [1, 1e-10, 1]);
      expect(keep.rank).toBe(2);
      close(keep.x, [1, 1], 1e-6);
      close(keep.residuals, [1], 1e-12);
      const drop = wl.linalg.lstsq(D, [1, 1e-10, 1], { rcond: 1e-9 });
      expect(drop.rank).toBe(1);
      close(drop.s!, [1, 1e-10], 1e-15);
      close(drop.x, [1, 0], 1e-15);
      expect(drop.residuals.length).toBe(0);
      // float32: the default rcond is 2^-23·max(m, n): 1e-8 relative is below it
      const D32 = wl.matrix([[1, 0], [0, 1e-8], [0, 0]], { dtype: 'float32' });
      const f = wl.linalg.lstsq(D32, [1, 1, 1]);
      expect(f.rank).toBe(1);
      expect(f.x).toBeInstanceOf(Float32Array);
      expect(f.s).toBeInstanceOf(Float32Array);
      D32.dispose();
      // float64 with the same matrix: full rank
      expect(wl.linalg.lstsq([[1, 0], [0, 1e-8], [0, 0]], [1, 1, 1]).rank).toBe(2);
      // rank n < m on the SVD path reports residuals
      const svdPath = wl.linalg.lstsq([[1, 0], [0, 1e-10], [0, 0]], [[1, 2], [0, 0], [3, 4]], { rcond: 1e-11 });
      expect(svdPath.rank).toBe(2);
      if (svdPath.s) close(svdPath.residuals, [9, 16], 1e-12);
      (svdPath.x as InstanceType<typeof wl.Matrix>).dispose();
    });
    throwsNamed(() => wl.linalg.lstsq([[1]], [1], { rcond: -1 }), P, 'wl.linalg.lstsq: rcond must be >= 0, got -1');
    throwsNamed(() => wl.linalg.lstsq([[1]], [1], { rcond: Infinity }), P, 'wl.linalg.lstsq: rcond: expected a finite number, got Infinity');
    throwsNamed(() => wl.linalg.lstsq([[1]], [1], { cond: 1 } as never), P, 'wl.linalg.lstsq: unknown option "cond"; expected one of rcond');
    throwsNamed(() => wl.linalg.lstsq([[1], [2]], [1]), wl.ShapeError, 'b: expected 2 values (one per row of A), got 1');
  });
});

describe('distance.ts: errors name the function and the argument (added after the measurement)', () => {
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;
  it('options, metric, X and Y', () => {
    const X = [[0, 0, 0], [1, 2, 2]];
    const F = wl.matrix([[1, 2, 3]], { dtype: 'float32' });
    throwsNamed(() => wl.linalg.pairwiseDistances(X, { metrik: 'l1' } as never), P, 'wl.linalg.pairwiseDistances: unknown option "metrik"; expected one of metric');
    throwsNamed(() => wl.linalg.pairwiseDistances(X, { metric: 'l1' } as never), P, `metric: expected one of 'sqeuclidean', 'euclidean', 'manhattan', 'cosine', got "l1"`);
    const X64 = wl.matrix(X);
    throwsNamed(() => wl.linalg.pairwiseDistances(X64, F), V, "Y: expected dtype float64 (like X), got float32; convert one with wl.clone(Y, 'float64')");
    throwsNamed(() => wl.linalg.pairwiseDistances(5 as never), V, 'X: expected number[][], a Matrix, or { data, rows, cols }, got 5');
    throwsNamed(() => wl.linalg.pairwiseDistances(X, 'y' as never, {}), V, 'Y: expected number[][], a Matrix, or { data, rows, cols }, got "y"');
    throwsNamed(() => wl.linalg.pairwiseDistances(X, [[1, 2], [3, 4]]), S, 'Y: expected 3 columns (like X, 2×3), got 2×2');
    // Y given without options: the default metric (euclidean) between the rows of X and of Y
    const D = wl.linalg.pairwiseDistances(X, [[0, 0, 0]]);
    expect(D.toArray()).toEqual([[0], [3]]);
    D.dispose();
    F.dispose();
    X64.dispose();
  });
});
