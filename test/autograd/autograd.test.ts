import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getWl, randomArray, type WL } from '../helpers';
import { checkGrads } from './helpers';

type M = InstanceType<WL['Matrix']>;

function rand(wl: WL, rows: number, cols: number, seed: number, shift = 0): M {
  return wl.matrix({ data: randomArray(rows * cols, seed).map((v) => v + shift), rows, cols });
}

const dim = fc.integer({ min: 1, max: 5 });

describe('wl.autograd.valueAndGrad vs central differences (float64)', () => {
  it('add, sub, mul, div, scale, transpose, sum on random shapes', async () => {
    const wl = await getWl();
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 1, max: 1e6 }), (r, c, seed) => {
        const A = rand(wl, r, c, seed);
        const B = rand(wl, r, c, seed + 1, 2); // away from 0: B is a divisor
        const C = rand(wl, c, r, seed + 2);
        const fn = (a: M, b: M, t: M) => wl.sum(wl.mul(wl.div(wl.sub(wl.add(a, b), wl.scale(a, 0.5)), b), wl.add(wl.transpose(t), a)));
        checkGrads(wl, fn, [A, B, C], 1e-6, `${r}x${c}`);
        // a value used twice, and a parameter used as its own divisor
        checkGrads(wl, (a: M) => wl.sum(wl.mul(a, a)), [A]);
        checkGrads(wl, (b: M) => wl.sum(wl.div(b, b)), [B]);
        for (const m of [A, B, C]) m.dispose();
      }),
      { numRuns: 15 },
    );
  });

  it('matmul with every transpose combination', async () => {
    const wl = await getWl();
    fc.assert(
      fc.property(dim, dim, dim, fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 1e6 }), (m, k, n, tA, tB, seed) => {
        const A = tA ? rand(wl, k, m, seed) : rand(wl, m, k, seed);
        const B = tB ? rand(wl, n, k, seed + 1) : rand(wl, k, n, seed + 1);
        const W = rand(wl, m, n, seed + 2);
        const fn = (a: M, b: M) => wl.sum(wl.mul(wl.linalg.matmul(a, b, { transA: tA, transB: tB }), W));
        checkGrads(wl, fn, [A, B], 1e-6, `${m}x${k}x${n} ${tA} ${tB}`);
        // the same matrix on both sides: AᵀA
        checkGrads(wl, (a: M) => wl.sum(wl.mul(wl.linalg.matmul(a, a, { transA: true }), wl.linalg.matmul(a, a, { transA: true }))), [A]);
        for (const x of [A, B, W]) x.dispose();
      }),
      { numRuns: 15 },
    );
  });

  it('returns a 1×1 Matrix root, zero gradients for unused parameters, copies for repeated ones', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const A = rand(wl, 2, 3, 1);
    const U = rand(wl, 4, 1, 2);
    const vg = wl.autograd.valueAndGrad((a: M, _u: M) => wl.linalg.matmul(wl.linalg.matmul(wl.ones(1, 2), a), wl.ones(3, 1)));
    const { value, grads } = vg(A, U);
    expect(value).toBeCloseTo(wl.sum(A), 14);
    expect(grads[0].toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(grads[1].toArray()).toEqual([[0], [0], [0], [0]]);
    const twice = wl.autograd.valueAndGrad((a: M, b: M) => wl.sum(wl.mul(a, b)))(A, A);
    expect(twice.grads[0]).not.toBe(twice.grads[1]);
    expect(twice.grads[0].toArray()).toEqual(A.toArray().map((r) => r.map((v) => 2 * v)));
    for (const g of [...grads, ...twice.grads]) g.dispose();
    A.dispose(); U.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('errors: non-scalar results, unrecorded numbers, in-place writes, nesting; nothing leaks', async () => {
    const wl = await getWl();
    const A = rand(wl, 2, 2, 3);
    const base = wl.memory().bytesInUse;
    const vg = wl.autograd.valueAndGrad;
    expect(() => vg((a: M) => wl.add(a, a))(A)).toThrow(wl.ShapeError);
    expect(() => vg((a: M) => wl.sum(a) * 2)(A)).toThrow(/JavaScript arithmetic/);
    expect(() => vg((a: M) => 'x' as never)(A)).toThrow(wl.ValidationError);
    expect(() => vg((a: M) => wl.sum(wl.add(a, a, { out: a })))(A)).toThrow(/wrote into a Matrix/);
    expect(() => vg((a: M) => vg((b: M) => wl.sum(b))(a).value)(A)).toThrow(/nested/);
    expect(() => vg((a: M) => { wl.add(a, a); throw new RangeError('user'); })(A)).toThrow('user');
    expect(() => vg((a: M) => wl.sum(a))(3 as never)).toThrow(/params\[0\]/);
    expect(wl.memory().bytesInUse).toBe(base);
    // after an error the tape is off again: ops outside valueAndGrad record nothing
    const S = wl.add(A, A);
    expect(S.toArray()).toEqual(A.toArray().map((r) => r.map((v) => 2 * v)));
    S.dispose();
    A.dispose();
  });
});

describe('broadcasting, elementwise math and reductions (float64, central differences)', () => {
  it('add/sub/mul/div against rows, columns, 1×1 and numbers, on both sides', async () => {
    const wl = await getWl();
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 1, max: 1e6 }), (r, c, seed) => {
        const A = rand(wl, r, c, seed);
        const row = rand(wl, 1, c, seed + 1, 2); // away from 0: divisors
        const col = rand(wl, r, 1, seed + 2, 2);
        const one = rand(wl, 1, 1, seed + 3, 2);
        const fn = (a: M, rw: M, cl: M, o: M) => {
          const u = wl.add(wl.mul(a, rw), wl.div(cl, rw)); // r×c from r×c, 1×c, r×1
          const v = wl.sub(wl.div(u, cl), wl.mul(o, a)); // 1×1 broadcasts everywhere
          const w = wl.add(wl.sub(2, wl.div(v, 3)), wl.mul(wl.div(1.5, o), v)); // numbers on either side
          return wl.sum(wl.mul(w, w));
        };
        checkGrads(wl, fn, [A, row, col, one], 1e-6, `${r}x${c}`);
        // a row broadcast against a column: the r×c outer sum
        checkGrads(wl, (rw: M, cl: M) => wl.sum(wl.square(wl.add(cl, rw))), [row, col], 1e-6, 'outer');
        for (const m of [A, row, col, one]) m.dispose();
      }),
      { numRuns: 15 },
    );
  });

  it('exp, log, log1p, expm1, sqrt, square, abs, tanh, sigmoid, pow, clip; sum and mean with and without axis', async () => {
    const wl = await getWl();
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 1, max: 1e6 }), (r, c, seed) => {
        const A = rand(wl, r, c, seed); // in (−1, 1)
        const P = rand(wl, r, c, seed + 1, 2); // in (1, 3): inside every domain
        const W = rand(wl, r, c, seed + 2);
        const weigh = (X: M) => wl.sum(wl.mul(X, W));
        const cases: [string, (a: M) => M | number, M][] = [
          ['exp', (a) => weigh(wl.exp(a)), A],
          ['log', (p) => weigh(wl.log(p)), P],
          ['log1p', (p) => weigh(wl.log1p(p)), P],
          ['expm1', (a) => weigh(wl.expm1(a)), A],
          ['sqrt', (p) => weigh(wl.sqrt(p)), P],
          ['square', (a) => weigh(wl.square(a)), A],
          ['abs', (a) => weigh(wl.abs(a)), A],
          ['tanh', (a) => weigh(wl.tanh(a)), A],
          ['sigmoid', (a) => weigh(wl.sigmoid(a)), A],
          ['pow 3', (a) => weigh(wl.pow(a, 3)), A],
          ['pow −1.5', (p) => weigh(wl.pow(p, -1.5)), P],
          ['clip', (a) => weigh(wl.clip(a, -0.3, 0.4)), A],
          ['mean', (a) => wl.mean(wl.exp(a)), A],
          ['sum axis 0', (a) => wl.sum(wl.mul(wl.sum(wl.exp(a), { axis: 0 }), wl.sum(W, { axis: 0 }))), A],
          ['mean axis 1', (a) => wl.sum(wl.square(wl.mean(wl.exp(a), { axis: 1 }))), A],
          ['mean axis 0 then 1', (a) => wl.mean(wl.square(wl.mean(wl.tanh(a), { axis: 0 })), { axis: 1 }), A],
        ];
        for (const [name, fn, X] of cases) checkGrads(wl, fn, [X], 1e-6, `${name} ${r}x${c}`);
        for (const m of [A, P, W]) m.dispose();
      }),
      { numRuns: 8 },
    );
  });

  it('ops without a gradient refuse tracked inputs at once; on constants they are fine', async () => {
    const wl = await getWl();
    const A = rand(wl, 3, 2, 1);
    const C = rand(wl, 3, 2, 2);
    const base = wl.memory().bytesInUse;
    const vg = wl.autograd.valueAndGrad;
    expect(() => vg((a: M) => wl.sum(wl.maximum(a, 0)))(A)).toThrow(/wl.maximum is not differentiable/);
    expect(() => vg((a: M) => wl.sum(wl.sign(a)))(A)).toThrow(/wl.sign is not differentiable/);
    expect(() => vg((a: M) => wl.var(a) as number)(A)).toThrow(/wl.var is not differentiable/);
    expect(() => vg((a: M) => wl.max(a) as number)(A)).toThrow(/wl.max is not differentiable/);
    const { value, grads } = vg((a: M) => wl.sum(wl.mul(a, wl.maximum(C, 0))))(A);
    expect(value).toBeCloseTo(wl.scope(() => wl.sum(wl.mul(A, wl.maximum(C, 0)))) as number, 14);
    grads[0].dispose();
    expect(wl.memory().bytesInUse).toBe(base);
    A.dispose(); C.dispose();
  });
});
