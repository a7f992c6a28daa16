// Inputs at the edges of what the API accepts: values beyond the float32 range by every path that
// converts into a float32 matrix, `null` for options, non-integer indices, and bad options that must
// be refused before any input is copied into the heap.
import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

const FLT_MAX = 3.4028234663852886e38;

describe('values too large for float32', () => {
  it('are a ValidationError naming the entry, by every conversion path, and leave the heap as it was', async () => {
    const wl = await getWl();
    const base = wl.memory();
    const big = wl.matrix([[1, 2], [3, 1e300]]); // float64 holds it
    const paths: [string, () => unknown, RegExp][] = [
      ['matrix(rows)', () => wl.matrix([[1, 2], [-1e300, 4]], { dtype: 'float32' }), /data\[1\]\[0\]: -1e\+300 is too large for float32/],
      ['matrix(number[] flat)', () => wl.matrix([1, 2, 3, 1e39], { rows: 2, cols: 2, dtype: 'float32' }), /data\[3\]: 1e\+39 is too large/],
      ['matrix(Float64Array)', () => wl.matrix(new Float64Array([1, 1e300]), { rows: 1, cols: 2, dtype: 'float32' }), /data\[1\]: 1e\+300/],
      ['matrix({ data })', () => wl.matrix({ data: [5e38, 1], rows: 1, cols: 2 }, { dtype: 'float32' }), /data\[0\]: 5e\+38/],
      ['matrix(Matrix)', () => wl.matrix(big, { dtype: 'float32' }), /\[1\]\[1\]: 1e\+300 is too large for float32/],
      ['clone', () => wl.clone(big, 'float32'), /\[1\]\[1\]: 1e\+300/],
      ['full', () => wl.full(2, 2, 1e300, 'float32'), /value: 1e\+300 is too large for float32/],
      ['set', () => wl.zeros(1, 1, 'float32').set(0, 0, -1e300), /too large for float32/],
      ['fill', () => wl.fill(wl.zeros(1, 1, 'float32'), 1e39), /value: 1e\+39/],
      ['scale', () => wl.scale(wl.ones(1, 1, 'float32'), 1e300), /alpha: 1e\+300/],
      ['gemm alpha', () => wl.linalg.gemm(wl.zeros(1, 1, 'float32'), wl.ones(1, 1, 'float32'), wl.ones(1, 1, 'float32'), { alpha: 1e300 }), /alpha/],
      ['linalg with float32 operand', () => wl.linalg.matmul(wl.ones(1, 2, 'float32'), [[1], [1e300]]), /B.*1e\+300 is too large/],
    ];
    // a scope frees the valid operands the calls create as arguments; nothing else may remain
    wl.scope(() => {
      for (const [what, call, message] of paths) {
        let error: unknown;
        try {
          call();
        } catch (e) {
          error = e;
        }
        expect(error, what).toBeInstanceOf(wl.ValidationError);
        expect((error as Error).message, what).toMatch(message);
      }
    });
    big.dispose();
    expect(wl.memory()).toEqual(base);
  });

  it('up to the largest float32 is fine (including values that round down to it), and NaN is still NaN', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    wl.scope(() => {
      const A = wl.matrix([[FLT_MAX, -FLT_MAX, 3.4028235e38]], { dtype: 'float32' });
      expect(A.toArray()[0]).toEqual([FLT_MAX, -FLT_MAX, FLT_MAX]);
      expect(wl.clone(wl.matrix([[FLT_MAX]]), 'float32').get(0, 0)).toBe(FLT_MAX);
      // an Infinity that is already there (1/0) is not a conversion error
      const inf = wl.div(wl.ones(1, 1), wl.zeros(1, 1));
      expect(wl.clone(inf, 'float32').get(0, 0)).toBe(Infinity);
      expect(() => wl.matrix(new Float64Array([NaN]), { rows: 1, cols: 1, dtype: 'float32' })).toThrow(/data\[0\]: expected a finite number, got NaN/);
    });
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('null options', () => {
  it('are an InvalidParameterError naming the option, everywhere', async () => {
    const wl = await getWl();
    const base = wl.memory();
    const A = [[2, 1], [1, 2]];
    const calls: [string, () => unknown][] = [
      ['qr mode', () => wl.linalg.qr(A, { mode: null as never })],
      ['solve assume', () => wl.linalg.solve(A, [1, 1], { assume: null as never })],
      ['pairwiseDistances metric', () => wl.linalg.pairwiseDistances(A, { metric: null as never })],
      ['eigh method', () => wl.linalg.eigh(A, { method: null as never })],
      ['eigvalsh method', () => wl.linalg.eigvalsh(A, { method: null as never })],
      ['svd full', () => wl.linalg.svd(A, { full: null as never })],
      ['matmul transA', () => wl.linalg.matmul(A, A, { transA: null as never })],
      ['gemm beta', () => wl.linalg.gemm(wl.zeros(2, 2), A, A, { beta: null as never })],
      ['gemv trans', () => wl.linalg.gemv(A, [1, 1], { trans: null as never })],
      ['gram trans', () => wl.linalg.gram(A, { trans: null as never })],
      ['lstsq rcond', () => wl.linalg.lstsq(A, [1, 1], { rcond: null as never })],
      ['pinv rcond', () => wl.linalg.pinv(A, { rcond: null as never })],
      ['matrix dtype', () => wl.matrix(A, { dtype: null as never })],
      ['random.normal std', () => wl.random.normal(2, 2, { std: null as never })],
      ['random.uniform seed', () => wl.random.uniform(2, 2, { seed: null as never })],
      ['random.permutation seed', () => wl.random.permutation(3, { seed: null as never })],
      ['add out', () => wl.add(wl.ones(1, 1), wl.ones(1, 1), { out: null as never })],
    ];
    wl.scope(() => {
      for (const [what, call] of calls) {
        let error: unknown;
        try {
          call();
        } catch (e) {
          error = e;
        }
        expect(error, what).toBeInstanceOf(wl.InvalidParameterError);
        expect((error as Error).message, what).toMatch(/option "\w+" is null/);
      }
    });
    expect(wl.memory()).toEqual(base);
  });
});

describe('bad options are refused before the input is copied into the heap', () => {
  it('leaves bytesInUse unchanged for JS-array inputs', async () => {
    const wl = await getWl();
    const A = [[1, 2], [3, 4], [5, 6]];
    const calls: [string, () => unknown][] = [
      ['pinv rcond < 0', () => wl.linalg.pinv(A, { rcond: -1 })],
      ['pinv rcond NaN', () => wl.linalg.pinv(A, { rcond: NaN })],
      ['lstsq rcond < 0', () => wl.linalg.lstsq(A, [1, 2, 3], { rcond: -1 })],
      ['qr mode', () => wl.linalg.qr(A, { mode: 'full' as never })],
      ['svd unknown', () => wl.linalg.svd(A, { fulll: true } as never)],
      ['matmul flag', () => wl.linalg.matmul(A, [[1], [2]], { transA: 1 as never })],
      ['pairwise metric', () => wl.linalg.pairwiseDistances(A, { metric: 'l3' as never })],
      ['solve assume', () => wl.linalg.solve([[1]], [1], { assume: 'sym' as never })],
      ['eigh method', () => wl.linalg.eigh([[1]], { method: 'qr' as never })],
      ['norm ord', () => wl.linalg.norm(A, 3 as never)],
    ];
    for (const [what, call] of calls) {
      const before = wl.memory();
      expect(call, what).toThrow(wl.InvalidParameterError);
      expect(wl.memory(), what).toEqual(before);
    }
  });

  it('leaves bytesInUse unchanged for every operation given a bad option or out (the result is never allocated first)', async () => {
    const wl = await getWl();
    const A = wl.matrix([[1, 2], [3, 4], [5, 6]]);
    const S = wl.matrix([[2, 1], [1, 2]]);
    const out32 = wl.zeros(3, 2, 'float32');
    const out23 = wl.zeros(2, 3);
    const { InvalidParameterError: P, ValidationError: V, ShapeError: Sh } = wl;
    const calls: [string, () => unknown, new (...a: never[]) => Error][] = [
      ['sum axis', () => wl.sum(A, { axis: 2 as never }), P],
      ['var ddof', () => wl.var(A, { ddof: -1 }), P],
      ['min unknown', () => wl.min(A, { axes: 0 } as never), P],
      ['max out not a Matrix', () => wl.max(A, { axis: 0, out: 3 as never }), V],
      ['sum out shape', () => wl.sum(A, { axis: 0, out: out23 }), Sh],
      ['argmin axis', () => wl.argmin(A, { axis: 'x' as never }), P],
      ['add out dtype', () => wl.add(A, A, { out: out32 as never }), V],
      ['add out shape', () => wl.add(A, A, { out: out23 }), Sh],
      ['mul out null', () => wl.mul(A, A, { out: null as never }), P],
      ['div unknown', () => wl.div(A, A, { foo: 1 } as never), P],
      ['maximum unknown', () => wl.maximum(A, A, { foo: 1 } as never), P],
      ['exp out dtype', () => wl.exp(A, { out: out32 as never }), V],
      ['sqrt unknown', () => wl.sqrt(A, { foo: 1 } as never), P],
      ['pow exponent', () => wl.pow(A, 'x' as never), P],
      ['clip range', () => wl.clip(A, 3, 1), P],
      ['take axis', () => wl.take(A, [0], { axis: 3 as never }), P],
      ['take index', () => wl.take(A, [7]), V],
      ['argsort axis', () => wl.argsort(A, { axis: 5 as never }), P],
      ['cov ddof', () => wl.cov(A, { ddof: -2 }), P],
      ['corrcoef unknown', () => wl.corrcoef(A, { foo: 1 } as never), P],
      ['reshape', () => wl.reshape(A, 4, 2), Sh],
      ['diag k', () => wl.diag([1, 2], { k: 0.5 }), P],
      ['gram unknown', () => wl.linalg.gram(A, { foo: 1 } as never), P],
      ['gemv alpha', () => wl.linalg.gemv(A, [1, 2], { alpha: 'x' as never }), P],
      ['eigvalsh method', () => wl.linalg.eigvalsh(S, { method: 'x' as never }), P],
      ['inv onWarning', () => wl.linalg.inv(S, { onWarning: 3 as never }), P],
      ['solve onWarning', () => wl.linalg.solve(S, [1, 2], { onWarning: 'x' as never }), P],
      ['svd full', () => wl.linalg.svd(A, { full: 1 as never }), P],
      ['pairwise Y', () => wl.linalg.pairwiseDistances(A, [[1, 2, 3]]), Sh],
    ];
    for (const [what, call, kind] of calls) {
      const before = wl.memory();
      expect(call, what).toThrow(kind);
      expect(wl.memory(), what).toEqual(before);
    }
    for (const m of [A, S, out32, out23]) m.dispose();
  });
});

describe('indices', () => {
  it('a non-integer index says it must be an integer', async () => {
    const wl = await getWl();
    const A = wl.ones(2, 2);
    for (const [i, j, which] of [[0.5, 0, 'row'], [0, 1.5, 'column'], [NaN, 0, 'row'], ['1' as never, 0, 'row']] as const) {
      expect(() => A.get(i, j)).toThrow(wl.ValidationError);
      expect(() => A.get(i, j)).toThrow(new RegExp(`${which} index must be an integer`));
      expect(() => A.set(i, j, 1)).toThrow(/must be an integer/);
    }
    expect(() => A.get(2, 0)).toThrow(wl.ShapeError); // integer but out of range: still ShapeError
    expect(() => A.get(2, 0)).toThrow(/out of range/);
    A.dispose();
  });
});
