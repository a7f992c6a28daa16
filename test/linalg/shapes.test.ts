// Every kernel wrapper at the edges of its shapes: n = 0, m = 0, k = 0, 1×1, 1×n, n×1 and small
// random shapes, as fast-check properties against plain-TypeScript references, in all three builds
// and both dtypes. Before each call the heap is seeded with garbage (a freed block full of 777), so a
// result that is not written (e.g. an empty inner dimension, k = 0) shows up instead of passing as
// fresh zeros; afterwards the heap must be back at its baseline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, jsMatmul, jsTranspose, type WL } from '../helpers';

type Dt = 'float32' | 'float64';
type M = InstanceType<WL['Matrix']>;
const EPS: Record<Dt, number> = { float32: 2 ** -23, float64: 2 ** -52 };
const dim = fc.integer({ min: 0, max: 6 });
const dtypeArb = fc.constantFrom<Dt>('float32', 'float64');
const RUNS = 25;

/** A rows×cols matrix of the given values (any count of rows/cols, zero included). */
function mk(wl: WL, rows: number, cols: number, dtype: Dt, values: number[]): M {
  const m = wl.zeros(rows, cols, dtype);
  m.data.set(values.slice(0, rows * cols));
  return m;
}

/** Values in [-2, 2) from a seed (a cheap deterministic stream, enough for any shape here). */
function values(seed: number, count: number): number[] {
  let a = seed >>> 0;
  return Array.from({ length: count }, () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return (a / 2 ** 32) * 4 - 2;
  });
}

/** Leaves a freed block full of 777 at the head of the free list, so unwritten output is visible. */
function dirty(wl: WL): void {
  for (const [r, c] of [[1, 1], [4, 4], [16, 16]]) wl.full(r, c, 777).dispose();
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`element ${i}: got ${got[i]}, want ${want[i]} (tolerance ${tol})`);
  }
}

const maxAbs = (x: ArrayLike<number>): number => Array.prototype.reduce.call(x, (s: number, v: number) => Math.max(s, Math.abs(v)), 0) as number;

/** Runs `body` on the build, checking that the heap returns to its baseline. */
async function withHeap(wl: WL, body: () => void): Promise<void> {
  const base = wl.memory();
  body();
  const now = wl.memory();
  expect({ bytes: now.bytesInUse, blocks: now.blocksInUse }).toEqual({ bytes: base.bytesInUse, blocks: base.blocksInUse });
}

describe.each(BUILDS)('shapes with zeros and ones (%s build)', (build) => {
  let wl: WL;
  const ready = async () => (wl ??= await freshWl(build));

  it('matmul and gemm (k = 0 applies beta; out is written, never left as it was)', async () => {
    await ready();
    await withHeap(wl, () => {
      fc.assert(
        fc.property(dim, dim, dim, fc.boolean(), fc.boolean(), dtypeArb, fc.constantFrom(0, 1, -0.5, 3), fc.constantFrom(1, 2.5), fc.nat(), (m, n, k, tA, tB, dtype, beta, alpha, seed) => {
          const A = mk(wl, tA ? k : m, tA ? m : k, dtype, values(seed, m * k));
          const B = mk(wl, tB ? n : k, tB ? k : n, dtype, values(seed + 1, k * n));
          try {
            const a = A.toTypedArray(), b = B.toTypedArray();
            const ref = jsMatmul(tA ? jsTranspose(a, k, m) : a, tB ? jsTranspose(b, n, k) : b, m, k, n);
            const tol = 4 * (k + 1) * EPS[dtype] * Math.max(1, maxAbs(a) * maxAbs(b) * Math.abs(alpha));
            dirty(wl);
            const P = wl.linalg.matmul(A, B, { transA: tA, transB: tB });
            expect(P.shape).toEqual([m, n]);
            close(P.toTypedArray(), ref, tol);
            P.dispose();
            const C = mk(wl, m, n, dtype, values(seed + 2, m * n));
            const c0 = C.toTypedArray();
            if (beta === 0) C.data.fill(NaN); // beta = 0 must not read out
            wl.linalg.gemm(C, A, B, { alpha, beta, transA: tA, transB: tB });
            close(C.toTypedArray(), ref.map((v, i) => alpha * v + (beta === 0 ? 0 : beta * c0[i])), tol * (1 + Math.abs(beta)) + 4 * EPS[dtype] * maxAbs(c0));
            C.dispose();
          } finally {
            A.dispose();
            B.dispose();
          }
        }),
        { numRuns: RUNS * 2 },
      );
    });
  });

  it('gemv, gram and the elementwise kernels', async () => {
    await ready();
    await withHeap(wl, () => {
      fc.assert(
        fc.property(dim, dim, fc.boolean(), dtypeArb, fc.nat(), (m, n, trans, dtype, seed) => {
          const A = mk(wl, m, n, dtype, values(seed, m * n));
          const B = mk(wl, m, n, dtype, values(seed + 7, m * n));
          try {
            const a = A.toTypedArray(), b = B.toTypedArray();
            const len = trans ? m : n;
            const x = mk(wl, len, 1, dtype, values(seed + 3, len));
            const xv = x.toTypedArray();
            dirty(wl);
            const y = wl.linalg.gemv(A, x, { trans });
            const ref = trans ? jsMatmul(jsTranspose(a, m, n), xv, n, m, 1) : jsMatmul(a, xv, m, n, 1);
            close(y.toTypedArray(), ref, 4 * (len + 1) * EPS[dtype] * 4);
            y.dispose();
            x.dispose();
            for (const t of [false, true]) {
              dirty(wl);
              const G = wl.linalg.gram(A, { trans: t });
              const at = jsTranspose(a, m, n);
              const gref = t ? jsMatmul(a, at, m, n, m) : jsMatmul(at, a, n, m, n);
              close(G.toTypedArray(), gref, 4 * (Math.max(m, n) + 1) * EPS[dtype] * 4);
              G.dispose();
            }
            const fround = dtype === 'float32' ? Math.fround : (v: number) => v;
            const ops: [string, (o?: object) => M, (i: number) => number][] = [
              ['add', () => wl.add(A, B), (i) => fround(a[i] + b[i])],
              ['sub', () => wl.sub(A, B), (i) => fround(a[i] - b[i])],
              ['mul', () => wl.mul(A, B), (i) => fround(a[i] * b[i])],
              ['div', () => wl.div(A, B), (i) => fround(a[i] / b[i])],
              ['scale', () => wl.scale(A, -1.5), (i) => fround(-1.5 * a[i])],
              ['clone', () => wl.clone(A), (i) => a[i]],
            ];
            for (const [name, op, ref1] of ops) {
              dirty(wl);
              const R = op();
              expect(R.shape, name).toEqual([m, n]);
              close(R.toTypedArray(), Array.from({ length: m * n }, (_, i) => ref1(i)), EPS[dtype] * 8);
              R.dispose();
            }
            dirty(wl);
            const T = wl.transpose(A);
            expect(T.shape).toEqual([n, m]);
            close(T.toTypedArray(), jsTranspose(a, m, n), 0);
            T.dispose();
            const sumRef = Array.prototype.reduce.call(a, (s: number, v: number) => s + v, 0) as number;
            expect(Math.abs(wl.sum(A) - sumRef)).toBeLessThanOrEqual(4 * (m * n + 1) * EPS[dtype] * 2);
            const dotRef = Array.from(a).reduce((s, v, i) => s + v * b[i], 0);
            expect(Math.abs(wl.dot(A, B) - dotRef)).toBeLessThanOrEqual(4 * (m * n + 1) * EPS[dtype] * 4);
            if (m * n === 0) {
              expect(() => wl.max(A)).toThrow(wl.ValidationError);
              expect(() => wl.min(A)).toThrow(wl.ValidationError);
            } else {
              expect(wl.max(A)).toBe(Math.max(...a));
              expect(wl.min(A)).toBe(Math.min(...a));
            }
          } finally {
            A.dispose();
            B.dispose();
          }
        }),
        { numRuns: RUNS },
      );
    });
  });

  it('pairwiseDistances with 0 features, 0 rows, 1 row', async () => {
    await ready();
    await withHeap(wl, () => {
      fc.assert(
        fc.property(dim, dim, dim, fc.boolean(), dtypeArb, fc.constantFrom('sqeuclidean', 'euclidean', 'manhattan', 'cosine') as fc.Arbitrary<'euclidean'>, fc.nat(), (n, m, d, self, dtype, metric, seed) => {
          if (self) m = n;
          const X = mk(wl, n, d, dtype, values(seed, n * d));
          const Y = self ? X : mk(wl, m, d, dtype, values(seed + 5, m * d));
          try {
            const x = X.toTypedArray(), y = Y.toTypedArray();
            dirty(wl);
            const D = self ? wl.linalg.pairwiseDistances(X, { metric }) : wl.linalg.pairwiseDistances(X, Y, { metric });
            expect(D.shape).toEqual([n, m]);
            const ref = new Float64Array(n * m);
            for (let i = 0; i < n; i++) {
              for (let j = 0; j < m; j++) {
                let sq = 0, l1 = 0, xy = 0, xx = 0, yy = 0;
                for (let p = 0; p < d; p++) {
                  const u = x[i * d + p], v = y[j * d + p];
                  sq += (u - v) ** 2; l1 += Math.abs(u - v); xy += u * v; xx += u * u; yy += v * v;
                }
                // cosine: a zero row has similarity 0 to everything (scikit-learn), and 0 to itself in the self case
                const cos = xx === 0 || yy === 0 ? 1 : 1 - xy / Math.sqrt(xx * yy);
                ref[i * m + j] = self && i === j ? 0 : metric === 'sqeuclidean' ? sq : metric === 'euclidean' ? Math.sqrt(sq) : metric === 'manhattan' ? l1 : cos;
              }
            }
            // ‖x‖² + ‖y‖² − 2x·y cancels: absolute error ~ d·eps·(‖x‖² + ‖y‖²), whose square root for euclidean
            const scale = 16 * (d + 1) * EPS[dtype] * 8;
            close(D.toTypedArray(), ref, metric === 'euclidean' ? Math.sqrt(scale) * 4 : scale);
            D.dispose();
          } finally {
            X.dispose();
            if (!self) Y.dispose();
          }
        }),
        { numRuns: RUNS * 2 },
      );
    });
  });

  it('factorizations and solvers at n = 0 and 1, and m×0 / 0×n', async () => {
    await ready();
    await withHeap(wl, () => {
      fc.assert(
        fc.property(fc.constantFrom(0, 1), fc.constantFrom(0, 1, 3), fc.boolean(), dtypeArb, fc.nat(), (a0, b0, wide, dtype, seed) => {
          const [m, n] = wide ? [a0, b0] : [b0, a0];
          const tol = 64 * EPS[dtype];
          const vals = values(seed, 9).map((v) => v + (v >= 0 ? 0.5 : -0.5)); // away from 0
          const A = mk(wl, m, n, dtype, vals);
          const a = A.toTypedArray();
          const r = Math.min(m, n);
          try {
            dirty(wl);
            const { U, s, Vt } = wl.linalg.svd(A);
            expect([U.shape, s.length, Vt.shape]).toEqual([[m, r], r, [r, n]]);
            if (r === 1) expect(Math.abs(s[0] - Math.hypot(...a))).toBeLessThanOrEqual(tol * Math.hypot(...a));
            U.dispose();
            Vt.dispose();
            dirty(wl);
            const { Q, R } = wl.linalg.qr(A);
            expect([Q.shape, R.shape]).toEqual([[m, r], [r, n]]);
            const QR = wl.linalg.matmul(Q, R);
            close(QR.toTypedArray(), a, tol * 4);
            for (const M of [Q, R, QR]) M.dispose();
            dirty(wl);
            const P = wl.linalg.pinv(A);
            expect(P.shape).toEqual([n, m]);
            const ss = a.reduce((t, v) => t + v * v, 0);
            close(P.toTypedArray(), r === 0 ? [] : Array.from(a, (v) => v / ss), tol);
            P.dispose();
            // least squares with a nonzero b: for n = 0 the residual is all of ‖b‖²
            const bv = values(seed + 1, m * 2).map((v) => v + 3);
            const B = mk(wl, m, 2, dtype, bv);
            const ls = wl.linalg.lstsq(A, B);
            expect(ls.x.shape).toEqual([n, 2]);
            expect(ls.rank).toBe(r);
            if (n === 0 && m > 0) close(ls.residuals, [0, 1].map((j) => Array.from({ length: m }, (_, i) => bv[i * 2 + j] ** 2).reduce((t, v) => t + v, 0)), tol * 100);
            ls.x.dispose();
            B.dispose();
            expect(wl.linalg.norm(A, 'fro')).toBeCloseTo(Math.sqrt(ss), dtype === 'float32' ? 5 : 12);
            for (const ord of [1, -1, 2, -2, Infinity, -Infinity, 'nuc'] as const) {
              // a reduction with no identity over an empty set (NumPy raises too); 'nuc' of nothing is 0
              const noIdentity = ord === 'nuc' ? false : ord === 1 || ord === -1 ? n === 0 : ord === Infinity || ord === -Infinity ? m === 0 : r === 0;
              if (noIdentity) expect(() => wl.linalg.norm(A, ord), String(ord)).toThrow(wl.ValidationError);
              else expect(typeof wl.linalg.norm(A, ord), String(ord)).toBe('number');
            }
            if (m === n) {
              const want = m === 0 ? [] : [a[0]];
              for (const method of ['jacobi', 'tridiagonal', 'auto'] as const) {
                dirty(wl);
                const e = wl.linalg.eigh(A, { method });
                close(e.values, want, 0);
                close(e.vectors.toTypedArray().map(Math.abs), m === 0 ? [] : [1], 0);
                e.vectors.dispose();
                close(wl.linalg.eigvalsh(A, { method }), want, 0);
              }
              expect(wl.linalg.det(A)).toBeCloseTo(m === 0 ? 1 : a[0], 12);
              const sl = wl.linalg.slogdet(A);
              expect(sl.sign).toBe(m === 0 ? 1 : Math.sign(a[0]));
              const inv = wl.linalg.inv(A);
              close(inv.toTypedArray(), m === 0 ? [] : [1 / a[0]], tol);
              inv.dispose();
              const x = wl.linalg.solve(A, new Float64Array(m).fill(2));
              close(x, m === 0 ? [] : [2 / a[0]], tol * 2);
              if (m === 0 || a[0] > 0) {
                const L = wl.linalg.cholesky(A);
                close(L.toTypedArray(), m === 0 ? [] : [Math.sqrt(a[0])], tol);
                L.dispose();
              } else {
                expect(() => wl.linalg.cholesky(A)).toThrow(wl.ValidationError);
              }
            }
          } finally {
            A.dispose();
          }
        }),
        { numRuns: RUNS * 2 },
      );
    });
  });

  it('eigh of 0×0 with the tridiagonal method does not corrupt the allocator', async () => {
    await ready();
    // A zeros(0, 0) right after a freed block: the QL path used to store d[n−1] = d[−1], over the
    // header of its work block, and the allocator later handed out live blocks twice.
    await withHeap(wl, () => {
      for (let i = 0; i < 20; i++) {
        const x = wl.zeros(10, 10);
        const S = wl.zeros(0, 0, i % 2 ? 'float32' : 'float64');
        x.dispose();
        expect(wl.linalg.eigvalsh(S, { method: 'tridiagonal' }).length).toBe(0);
        wl.linalg.eigh(S, { method: 'tridiagonal' }).vectors.dispose();
        S.dispose();
        const held = [wl.ones(3 + i, 4), wl.ones(2, 2), wl.ones(5, 1)];
        expect(new Set(held.map((h) => h.ptr)).size).toBe(3);
        for (const h of held) h.dispose();
      }
    });
  });
});
