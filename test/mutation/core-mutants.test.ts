// Behaviour of src/core that mutation testing (npm run mutate:src over src/core) showed no test pinned:
// every error names the function or argument it is about (the class and the exact name), each edge of
// the broadcasting, domain, range and reshaping rules, NumPy-style printing, and that seeded and unseeded
// random streams and scratch allocations behave.
import { describe, expect, it } from 'vitest';
import { freshModule, getWl, throwsNamed } from '../helpers';

const wl = await getWl();

describe('before init(), each function names itself', () => {
  it('in the NotInitializedError', async () => {
    const u = await freshModule();
    const calls: [string, () => unknown][] = [
      ['wl.matrix()', () => u.matrix([[1]])],
      ['wl.full()', () => u.full(1, 1, 0)],
      ['wl.add()', () => u.add(1, 2)],
      ['wl.maximum()', () => u.maximum(1, 2)],
      ['wl.scale()', () => u.scale(null as never, 2)],
      ['wl.axpy()', () => u.axpy(1, null as never, null as never)],
      ['wl.fill()', () => u.fill(null as never, 1)],
      ['wl.dot()', () => u.dot(null as never, null as never)],
      ['wl.clone()', () => u.clone(null as never)],
      ['wl.transpose()', () => u.transpose(null as never)],
      ['wl.exp()', () => u.exp(null as never)],
      ['wl.pow()', () => u.pow(null as never, 2)],
      ['wl.clip()', () => u.clip(null as never, 0, 1)],
      ['wl.sum()', () => u.sum(null as never)],
      ['wl.var()', () => u.var(null as never)],
      ['wl.max()', () => u.max(null as never)],
      ['wl.argmax()', () => u.argmax(null as never)],
      ['wl.random.normal', () => u.random.normal(1, 1)],
      ['wl.random.uniform', () => u.random.uniform(1, 1)],
      ['wl.random.permutation()', () => u.random.permutation(3)],
      ['wl.take()', () => u.take(null as never, [0])],
      ['wl.slice()', () => u.slice(null as never)],
      ['wl.hstack()', () => u.hstack([])],
      ['wl.vstack()', () => u.vstack([])],
      ['wl.reshape()', () => u.reshape(null as never, 1, 1)],
      ['wl.diag()', () => u.diag([1])],
      ['wl.argsort()', () => u.argsort(null as never)],
    ];
    for (const [what, call] of calls) throwsNamed(call, u.NotInitializedError, `wasmlearn is not initialized: ${what} needs the WebAssembly module`);
  });
});

describe('elementwise arithmetic (ops.ts): errors name the argument', () => {
  const M = wl.matrix([[1, 2], [3, 4]]);
  const M3 = wl.zeros(3, 3);
  const F = wl.matrix([[1, 2], [3, 4]], { dtype: 'float32' });
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;

  it('broadcasting operations', () => {
    throwsNamed(() => wl.add(1, 2), V, 'wl.add: at least one of A and B must be a Matrix, got two numbers');
    throwsNamed(() => wl.sub(NaN, M), P, 'A: expected a finite number, got NaN');
    throwsNamed(() => wl.sub(M, Infinity), P, 'B: expected a finite number, got Infinity');
    throwsNamed(() => wl.mul(1e39, F), V, 'A: 1e+39 is too large for float32');
    throwsNamed(() => wl.mul(F, -1e39), V, 'B: -1e+39 is too large for float32');
    expect(wl.mul(M, 1e39).get(0, 0)).toBe(1e39); // float64 takes it
    throwsNamed(() => wl.add(wl.zeros(2, 3), M3), S, 'B: a 3×3 B does not broadcast against a 2×3 A (rows: 2 vs 3;');
    throwsNamed(() => wl.add(wl.zeros(3, 2), M3), S, 'B: a 3×3 B does not broadcast against a 3×2 A (cols: 2 vs 3;');
    throwsNamed(() => wl.div(M, M, { outt: M } as never), P, 'wl.div: unknown option "outt"');
    throwsNamed(() => wl.add(M, M, { out: 5 as never }), V, 'out: expected a Matrix, got 5');
    throwsNamed(() => wl.add(M, M, { out: M3 }), S, 'out: expected shape 2×2 (the broadcast shape of A and B), got 3×3');
    throwsNamed(() => wl.add(M, M, { out: wl.zeros(3, 2) }), S, 'out: expected shape 2×2 (the broadcast shape of A and B), got 3×2');
    throwsNamed(() => wl.add(M, 1, { out: wl.zeros(2, 2, 'float32') }), V, 'out: expected dtype float64 (like the operands), got float32');
  });

  it('scale, axpy, fill, dot, clone, transpose', () => {
    throwsNamed(() => wl.scale([1, 2] as never, 2), V, 'A: expected a Matrix, got an array of length 2');
    throwsNamed(() => wl.scale(M, NaN), P, 'alpha: expected a finite number, got NaN');
    throwsNamed(() => wl.scale(F, 1e39), V, 'alpha: 1e+39 is too large for float32');
    throwsNamed(() => wl.scale(M, 2, { bad: 1 } as never), P, 'wl.scale: unknown option "bad"');
    throwsNamed(() => wl.scale(M, 2, { out: 'x' as never }), V, 'out: expected a Matrix, got "x"');
    throwsNamed(() => wl.scale(M, 2, { out: M3 }), S, 'out: expected shape 2×2 (like A), got 3×3');
    throwsNamed(() => wl.axpy(NaN, M, M), P, 'alpha: expected a finite number');
    throwsNamed(() => wl.axpy(1, new Float32Array(4) as never, M), V, 'X: expected a Matrix, got a Float32Array');
    throwsNamed(() => wl.axpy(1, M, {} as never), V, 'Y: expected a Matrix, got an object (Object)');
    throwsNamed(() => wl.axpy(1, M, M3), S, 'Y: expected shape 2×2 (like X), got 3×3');
    throwsNamed(() => wl.axpy(1e39, F, wl.clone(F)), V, 'alpha: 1e+39 is too large for float32');
    throwsNamed(() => wl.fill(new Map() as never, 1), V, 'A: expected a Matrix, got an object (Map)');
    throwsNamed(() => wl.fill(wl.clone(M), NaN), P, 'value: expected a finite number');
    throwsNamed(() => wl.fill(wl.clone(F), 1e39), V, 'value: 1e+39 is too large for float32');
    throwsNamed(() => wl.dot(Object.create(null), M), V, 'A: expected a Matrix, got an object (Object)');
    throwsNamed(() => wl.dot(M, null as never), V, 'B: expected a Matrix, got null');
    throwsNamed(() => wl.dot(M, M3), S, 'B: expected shape 2×2 (like A), got 3×3');
    throwsNamed(() => wl.dot(M, wl.zeros(3, 2)), S, 'B: expected shape 2×2 (like A), got 3×2');
    throwsNamed(() => wl.dot(M, F), V, 'B: expected dtype float64 (like A), got float32');
    throwsNamed(() => wl.clone('abc' as never), V, 'A: expected a Matrix, got "abc"');
    throwsNamed(() => wl.clone(M, 'x'.repeat(31) as never), V, `wl.clone: unknown dtype "${'x'.repeat(30)}…"`);
    throwsNamed(() => wl.clone(M, 'x'.repeat(30) as never), V, `wl.clone: unknown dtype "${'x'.repeat(30)}"; expected`);
    throwsNamed(() => wl.transpose(undefined as never), V, 'A: expected a Matrix, got undefined');
  });
});

describe('elementwise math (math.ts)', () => {
  const M = wl.matrix([[1, 2], [3, 4]]);
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;

  it('errors name the argument and, for the domain, the first offending element', () => {
    throwsNamed(() => wl.exp(5 as never), V, 'A: expected a Matrix, got 5');
    throwsNamed(() => wl.exp(M, { bad: 1 } as never), P, 'wl.exp: unknown option "bad"');
    throwsNamed(() => wl.exp(M, { out: 1 as never }), V, 'out: expected a Matrix');
    throwsNamed(() => wl.exp(M, { out: wl.zeros(1, 2) }), S, 'out: expected shape 2×2 (like A), got 1×2');
    expect(() => wl.log(wl.matrix([[-1, 2]]))).toThrow(new V('A: wl.log needs every element >= 0; A[0][0] = -1 (NumPy would return NaN there)'));
    expect(() => wl.log1p(wl.matrix([[0, 1], [2, -1.5]]))).toThrow(new V('A: wl.log1p needs every element >= -1; A[1][1] = -1.5 (NumPy would return NaN there)'));
    throwsNamed(() => wl.pow(true as never, 2), V, 'A: expected a Matrix, got true');
    throwsNamed(() => wl.pow(M, NaN), P, 'p: expected a finite number');
    throwsNamed(() => wl.pow(wl.matrix([[1]], { dtype: 'float32' }), 1e39), V, 'p: 1e+39 is too large for float32');
    expect(() => wl.pow(wl.matrix([[4, -1]]), 0.5)).toThrow(new V('A: wl.pow with a fractional exponent p = 0.5 needs every element >= 0; A[0][1] = -1 (NumPy would return NaN there)'));
    throwsNamed(() => wl.pow(M, 3, { bad: 1 } as never), P, 'wl.pow: unknown option "bad"');
    throwsNamed(() => wl.pow(M, 2, { bad: 1 } as never), P, 'wl.square: unknown option "bad"');
    expect(wl.pow(wl.matrix([[-2, 3]]), 3).toArray()).toEqual([[-8, 27]]);
  });

  it('clip: either bound may be omitted (undefined or null), not both; lo = hi is allowed', () => {
    const A = wl.matrix([[-5, 0.5, 5]]);
    expect(wl.clip(A, 0, null).toArray()).toEqual([[0, 0.5, 5]]);
    expect(wl.clip(A, 0, undefined).toArray()).toEqual([[0, 0.5, 5]]);
    expect(wl.clip(A, null, 1).toArray()).toEqual([[-5, 0.5, 1]]);
    expect(wl.clip(A, undefined, 1).toArray()).toEqual([[-5, 0.5, 1]]);
    expect(wl.clip(A, 1, 1).toArray()).toEqual([[1, 1, 1]]);
    for (const [lo, hi] of [[undefined, undefined], [null, null], [null, undefined], [undefined, null]] as const) {
      throwsNamed(() => wl.clip(A, lo, hi), P, 'wl.clip: give at least one of lo and hi (got neither)');
    }
    throwsNamed(() => wl.clip(A, NaN, 1), P, 'lo: expected a finite number');
    throwsNamed(() => wl.clip(A, 0, NaN), P, 'hi: expected a finite number');
    throwsNamed(() => wl.clip(A, 2, 1), P, 'wl.clip: lo (2) must be <= hi (1)');
    throwsNamed(() => wl.clip(A, 0, 1, { bad: 1 } as never), P, 'wl.clip: unknown option "bad"');
    throwsNamed(() => wl.clip([1] as never, 0, 1), V, 'A: expected a Matrix');
  });
});

describe('random (random.ts)', () => {
  const { InvalidParameterError: P } = wl;

  it('unseeded draws differ from call to call; seeded ones repeat', () => {
    const a = wl.random.uniform(1, 4).toTypedArray();
    const b = wl.random.uniform(1, 4).toTypedArray();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(wl.random.permutation(20))).not.toEqual(Array.from(wl.random.permutation(20)));
    expect(wl.random.normal(2, 2, { seed: 5 }).toArray()).toEqual(wl.random.normal(2, 2, { seed: 5 }).toArray());
  });

  it('frees its scratch and generator state', () => {
    const base = wl.memory().bytesInUse;
    expect(Array.from(wl.random.permutation(5, { seed: 1 })).sort()).toEqual([0, 1, 2, 3, 4]);
    wl.random.uniform(3, 3, { seed: 2 }).dispose();
    wl.random.normal(3, 3, { seed: 2 }).dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('errors name the function and the argument', () => {
    throwsNamed(() => wl.random.normal(-1, 2), P, 'wl.random.normal: rows: expected an integer >= 0, got -1');
    throwsNamed(() => wl.random.uniform(2, 0.5), P, 'wl.random.uniform: cols: expected an integer >= 0, got 0.5');
    throwsNamed(() => wl.random.normal(1, 1, { bad: 1 } as never), P, 'wl.random.normal: unknown option "bad"');
    throwsNamed(() => wl.random.normal(1, 1, { mean: NaN }), P, 'mean: expected a finite number');
    throwsNamed(() => wl.random.normal(1, 1, { std: NaN }), P, 'std: expected a finite number');
    throwsNamed(() => wl.random.normal(1, 1, { std: -1 }), P, 'wl.random.normal: std must be >= 0, got -1');
    throwsNamed(() => wl.random.uniform(1, 1, { bad: 1 } as never), P, 'wl.random.uniform: unknown option "bad"');
    throwsNamed(() => wl.random.uniform(1, 1, { low: NaN }), P, 'low: expected a finite number');
    throwsNamed(() => wl.random.uniform(1, 1, { high: NaN }), P, 'high: expected a finite number');
    throwsNamed(() => wl.random.permutation(3, { bad: 1 } as never), P, 'wl.random.permutation: unknown option "bad"');
    throwsNamed(() => wl.random.permutation(-1), P, 'n: expected an integer >= 0, got -1');
    throwsNamed(() => wl.random.uniform(1, 1, { seed: 0.5 }), P, `seed: expected an integer in [${-(2 ** 53)}, ${2 ** 53}], got 0.5`);
  });

  it('refuses ranges whose draws would overflow the dtype, and takes the largest that do not', () => {
    const max = Number.MAX_VALUE, f32max = 3.4028234663852886e38;
    throwsNamed(() => wl.random.uniform(1, 1, { low: -1e308, high: 1e308 }), P, 'wl.random.uniform: the range [low, high) = [-1e+308, 1e+308) overflows float64 (the draws would be ±Infinity)');
    throwsNamed(() => wl.random.uniform(1, 1, { high: 1e39, dtype: 'float32' }), P, 'wl.random.uniform: the range [low, high) = [0, 1e+39) overflows float32');
    for (const [low, high] of [[-max, 0], [0, max]]) {
      const v = wl.random.uniform(1, 1, { low, high, seed: 3 }).get(0, 0);
      expect(Number.isFinite(v)).toBe(true);
    }
    expect(Number.isFinite(wl.random.uniform(1, 1, { low: 0, high: f32max, dtype: 'float32', seed: 3 }).get(0, 0))).toBe(true);
    throwsNamed(() => wl.random.normal(1, 1, { mean: -1.7e308, std: 1e306 }), P, 'wl.random.normal: mean ± 40·std (mean -1.7e+308, std 1e+306) overflows float64');
    throwsNamed(() => wl.random.normal(1, 1, { mean: 1.7e308, std: 1e306 }), P, 'wl.random.normal: mean ± 40·std (mean 1.7e+308, std 1e+306) overflows float64');
  });
});

describe('Matrix (matrix.ts)', () => {
  const { ValidationError: V, ShapeError: S, DisposedError: D } = wl;

  it('element access: integer indices in range, finite values that fit the dtype', () => {
    const M = wl.matrix([[1, 2], [3, 4]]);
    throwsNamed(() => M.get(0.5, 0), V, 'index (0.5, 0): the row index must be an integer, got 0.5');
    throwsNamed(() => M.get(0, '1' as never), V, 'index (0, 1): the column index must be an integer, got string');
    for (const [i, j] of [[2, 0], [-1, 0], [0, 2], [0, -1]]) throwsNamed(() => M.get(i, j), S, `index (${i}, ${j}) is out of range for a 2×2 Matrix`);
    expect(M.get(1, 1)).toBe(4);
    throwsNamed(() => M.set(0, 0, NaN), V, 'Matrix.set: value must be a finite number, got NaN');
    throwsNamed(() => M.set(0, 0, '1' as never), V, 'Matrix.set: value must be a finite number, got 1');
    expect(M.set(0, 0, 1e39).get(0, 0)).toBe(1e39);
    throwsNamed(() => wl.zeros(1, 1, 'float32').set(0, 0, 1e39), V, 'Matrix.set: value 1e+39 is too large for float32');
    M.dispose();
    throwsNamed(() => M.get(0, 0), D, 'this 2×2 Matrix was disposed; it can no longer be used');
  });

  it('prints like NumPy: special values, -0, exponent form outside [1e-4, 1e16), corners of large matrices', () => {
    const z = wl.zeros(1, 3);
    const inf = wl.div(wl.matrix([[1, -1, 0]]), z);
    expect(inf.toString()).toBe('Matrix(1×3, float64)\n[[ inf, -inf,  nan]]');
    expect(wl.matrix([[-0, 1e-4, 1.5e-5, 1e16, 9999999999999998, 1.23456789]]).toString()).toBe(
      'Matrix(1×6, float64)\n[[              -0,           0.0001,           1.5e-5,            1e+16, 9999999999999998,        1.2345679]]',
    );
    const M = wl.matrix({ data: Array.from({ length: 6 * 200 }, (_, i) => i % 10), rows: 6, cols: 200 });
    const lines = M.toString().split('\n');
    expect(lines.length).toBe(7); // six rows shown (6 is not more than 2·3), columns summarized
    expect(lines[1]).toBe('[[  0,   1,   2, ...,   7,   8,   9],');
    const N = wl.matrix({ data: Array.from({ length: 7 * 150 }, (_, i) => i % 7), rows: 7, cols: 150 });
    expect(N.toString()).toBe(
      'Matrix(7×150, float64)\n[[  0,   1,   2, ...,   0,   1,   2],\n [  3,   4,   5, ...,   3,   4,   5],\n [  6,   0,   1, ...,   6,   0,   1],\n ...,\n [  5,   6,   0, ...,   5,   6,   0],\n [  1,   2,   3, ...,   1,   2,   3],\n [  4,   5,   6, ...,   4,   5,   6]]',
    );
    expect((M as unknown as Record<symbol, () => string>)[Symbol.for('Deno.customInspect')]()).toBe(M.toString());
  });
});

describe('validation and conversion (validate.ts)', () => {
  const { ValidationError: V, ShapeError: S } = wl;

  it('flat data with one dimension given infers the other; a wrong one is named', () => {
    expect(wl.matrix([1, 2, 3, 4], { rows: 2 }).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(wl.matrix([1, 2, 3, 4], { cols: 1 }).shape).toEqual([4, 1]);
    expect(wl.matrix([1, 2, 3, 4], { rows: 2, cols: 2 }).shape).toEqual([2, 2]);
    throwsNamed(() => wl.matrix([1, 2, 3, 4], { cols: 0 }), S, 'data: cols must be a positive integer, got 0');
    throwsNamed(() => wl.matrix([1, 2, 3, 4], { cols: 1.5 }), S, 'data: cols must be a positive integer, got 1.5');
    throwsNamed(() => wl.matrix([1, 2, 3, 4], { rows: 3 }), S, 'data: 4 values do not fill a 3×? matrix (rows·cols must equal the data length)');
    throwsNamed(() => wl.matrix([1, 2, 3, 4], { cols: 3 }), S, 'data: 4 values do not fill a ?×3 matrix');
    throwsNamed(() => wl.matrix([1, 2, 3, 4], { rows: 2, cols: 3 }), S, 'data: 4 values do not fill a 2×3 matrix');
  });

  it('names the offending entry: non-numbers (numeric strings too), non-finite typed data, rows that are not arrays', () => {
    throwsNamed(() => wl.matrix({ data: ['1', 2] as never, rows: 1, cols: 2 }), V, 'data[0]: expected a number, got "1"');
    throwsNamed(() => wl.matrix([[1, 2], ['3', 4]] as never), V, 'data[1][0]: expected a number, got "3"');
    throwsNamed(() => wl.matrix(new Float64Array([1, NaN, Infinity]), { rows: 1, cols: 3 }), V, 'data: expected finite values, found 2 NaN or ±Infinity entries');
    throwsNamed(() => wl.matrix(new Float32Array([1, Infinity]), { rows: 1, cols: 2 }), V, 'data: expected finite values, found 1 NaN or ±Infinity entry');
    throwsNamed(() => wl.matrix(new Float64Array([1, 1e39]), { rows: 1, cols: 2, dtype: 'float32' }), V, 'data[1]: 1e+39 is too large for float32');
    throwsNamed(() => wl.matrix(['x'] as never), V, 'data[0]: expected an array of numbers, got "x"');
    throwsNamed(() => wl.matrix([[1, 2], 'ab'] as never), V, 'data[1]: expected an array of numbers, got "ab"');
    throwsNamed(() => wl.matrix(5 as never), V, 'data: expected number[][], a Matrix, or { data, rows, cols }, got 5');
    throwsNamed(() => wl.matrix(null as never), V, 'data: expected number[][], a Matrix, or { data, rows, cols }, got null');
    throwsNamed(() => wl.matrix([[1]], { dtype: 'f16' as never }), V, 'wl.matrix: unknown dtype "f16"');
    throwsNamed(() => wl.clone(wl.matrix([[1, 1e39]]), 'float32'), V, 'Matrix (1×2) [0][1]: 1e+39 is too large for float32');
    expect(wl.clone(wl.matrix([[1.5, -2]], { dtype: 'float32' }), 'float64').toArray()).toEqual([[1.5, -2]]);
  });
});

describe('reductions (reduce.ts)', () => {
  const M = wl.matrix([[1, 2, 3], [4, 5, 6]]);
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;

  it('axis: -1 is axis 1, -2 axis 0', () => {
    expect(wl.sum(M, { axis: -1 }).toArray()).toEqual([[6], [15]]);
    expect(wl.sum(M, { axis: 1 }).toArray()).toEqual([[6], [15]]);
    expect(wl.mean(M, { axis: -2 }).toArray()).toEqual([[2.5, 3.5, 4.5]]);
    expect(wl.mean(M, { axis: 1 }).toArray()).toEqual([[2], [5]]);
    expect(wl.mean(wl.zeros(0, 3), { axis: 1 }).shape).toEqual([0, 1]);
    expect(wl.mean(wl.zeros(3, 0), { axis: 0 }).shape).toEqual([1, 0]);
  });

  it('errors name the function, the option and the axis', () => {
    throwsNamed(() => wl.sum(M, { axis: 0, out: wl.zeros(2, 3) }), S, 'out: expected shape 1×3 (sum along axis 0 of a 2×3 A), got 2×3');
    throwsNamed(() => wl.sum(M, { axis: 1, out: wl.zeros(2, 2) }), S, 'out: expected shape 2×1 (sum along axis 1 of a 2×3 A), got 2×2');
    throwsNamed(() => wl.sum(M, { axis: 1, out: 'x' as never }), V, 'out: expected a Matrix');
    throwsNamed(() => wl.mean(wl.zeros(0, 3)), V, 'A: mean over an empty matrix is undefined');
    throwsNamed(() => wl.max(wl.zeros(0, 3), { axis: 0 }), V, 'A: max over axis 0 of a 0×3 matrix (length 0) is undefined');
    throwsNamed(() => wl.argmin(wl.zeros(3, 0), { axis: 1 }), V, 'A: argmin over axis 1 of a 3×0 matrix (length 0) is undefined');
    throwsNamed(() => wl.sum('A' as never), V, 'A: expected a Matrix');
    throwsNamed(() => wl.var(M, { bad: 1 } as never), P, 'wl.var: unknown option "bad"');
    throwsNamed(() => wl.std(M, { axis: 2 as never }), P, 'wl.std: option "axis" must be 0');
    throwsNamed(() => wl.min(M, { out: wl.zeros(1, 3) }), P, 'wl.min: option "out" needs "axis"');
    for (const ddof of [-1, NaN, '1']) throwsNamed(() => wl.var(M, { ddof: ddof as never }), P, 'wl.var: option "ddof" must be a finite number >= 0');
    throwsNamed(() => wl.var(M, { axis: 0, ddof: 2 }), P, 'wl.var: option "ddof" (2) must be less than the number of values reduced (2)');
    expect(wl.var(M, { axis: 1, ddof: 2 }).toArray()).toEqual([[2], [2]]);
    const out = wl.zeros(1, 3);
    expect(wl.std(M, { axis: 0, out })).toBe(out);
    expect(out.toArray()).toEqual([[1.5, 1.5, 1.5]]);
  });

  it('empty outputs: no kernel runs, shapes are kept', () => {
    expect(wl.var(wl.zeros(0, 3), { axis: 1 }).shape).toEqual([0, 1]);
    expect(wl.max(wl.zeros(0, 3), { axis: 1 }).shape).toEqual([0, 1]);
    expect(Array.from(wl.argmax(wl.zeros(0, 3), { axis: 1 }))).toEqual([]);
    const base = wl.memory().bytesInUse;
    const F = wl.matrix([[3, 1], [2, 5], [9, 0]], { dtype: 'float32' });
    expect(Array.from(wl.argmax(F, { axis: 0 }))).toEqual([2, 1]);
    expect(Array.from(wl.argmin(F, { axis: 1 }))).toEqual([1, 0, 1]);
    F.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('shape operations (shape.ts): edges and argument names', () => {
  const M = wl.matrix([[1, 2, 3], [4, 5, 6]]);
  const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;

  it('take: negative indices from the end, bounds named', () => {
    expect(wl.take(M, [-1, 0]).toArray()).toEqual([[6, 1]]);
    expect(wl.take(M, [-1, 0], { axis: 0 }).toArray()).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(wl.take(M, [-3], { axis: 1 }).toArray()).toEqual([[1], [4]]);
    throwsNamed(() => wl.take(M, [-7]), V, 'indices[0]: index -7 is out of bounds for the flattened A of size 6 (valid: -6 to 5)');
    throwsNamed(() => wl.take(M, [-3], { axis: 0 }), V, 'indices[0]: index -3 is out of bounds for axis 0 of A of size 2 (valid: -2 to 1)');
    throwsNamed(() => wl.take(M, [0, 2], { axis: 0 }), V, 'indices[1]: index 2 is out of bounds for axis 0 of A of size 2');
    throwsNamed(() => wl.take(M, [0.5]), V, 'indices[0]: expected an integer, got 0.5');
    throwsNamed(() => wl.take('M' as never, [0]), V, 'A: expected a Matrix');
    throwsNamed(() => wl.take(M, [0], { bad: 1 } as never), P, 'wl.take: unknown option "bad"');
    throwsNamed(() => wl.take(M, [0], { axis: 3 as never }), P, 'wl.take: option "axis"');
    expect(wl.take(M, []).shape).toEqual([1, 0]);
    expect(wl.take(M, [], { axis: 0 }).shape).toEqual([0, 3]);
  });

  it('slice: null/undefined ends default, errors name rows or cols and the end', () => {
    expect(wl.slice(M, [null as never, 1], [1, undefined as never]).toArray()).toEqual([[2, 3]]);
    throwsNamed(() => wl.slice(M, [0, 1.5]), V, 'rows[1]: expected an integer, got 1.5');
    throwsNamed(() => wl.slice(M, undefined, [0.5, 1]), V, 'cols[0]: expected an integer, got 0.5');
    throwsNamed(() => wl.slice(M, undefined, 'x' as never), V, 'cols: expected [start, end]');
    throwsNamed(() => wl.slice(1 as never), V, 'A: expected a Matrix');
    expect(wl.slice(M, [1, 1]).shape).toEqual([0, 3]);
  });

  it('hstack and vstack name the list and the matrix that does not fit', () => {
    throwsNamed(() => wl.hstack([] as never), V, 'wl.hstack: expected a non-empty array of matrices, got an array of length 0');
    throwsNamed(() => wl.vstack('x' as never), V, 'wl.vstack: expected a non-empty array of matrices, got "x"');
    throwsNamed(() => wl.hstack([M, 'x'] as never), V, 'matrices[1]: expected a Matrix, got "x"');
    throwsNamed(() => wl.vstack([M, wl.zeros(1, 2)]), S, 'matrices[1]: expected 3 columns (like matrices[0]) to stack');
    expect(wl.hstack([M, wl.zeros(2, 0), M]).toArray()).toEqual([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]);
  });

  it('reshape: -1 infers one dimension; errors name rows, cols and the split', () => {
    expect(wl.reshape(M, -1, 2).shape).toEqual([3, 2]);
    expect(wl.reshape(M, 3, -1).shape).toEqual([3, 2]);
    expect(wl.reshape(M, 1, 6).toArray()).toEqual([[1, 2, 3, 4, 5, 6]]);
    throwsNamed(() => wl.reshape(M, -1, -1), S, 'wl.reshape: only one of rows and cols can be -1');
    throwsNamed(() => wl.reshape(M, -1, 4), S, 'wl.reshape: cannot infer the -1 dimension: 6 elements do not split into ?×4');
    throwsNamed(() => wl.reshape(M, 4, -1), S, 'wl.reshape: cannot infer the -1 dimension: 6 elements do not split into 4×?');
    throwsNamed(() => wl.reshape(M, 0, -1), S, 'wl.reshape: cannot infer the -1 dimension: 6 elements do not split into 0×?');
    throwsNamed(() => wl.reshape(M, 4, 2), S, 'wl.reshape: cannot reshape 2×3 (6 elements) into 4×2 (8 elements)');
    throwsNamed(() => wl.reshape(M, -2, 3), P, 'rows: expected an integer >= -1, got -2');
    throwsNamed(() => wl.reshape(M, 3, 0.5), P, 'cols: expected an integer >= -1, got 0.5');
    throwsNamed(() => wl.reshape(null as never, 1, 1), V, 'A: expected a Matrix');
  });

  it('diag: offsets on both sides of the main diagonal, from a Matrix or an array, freeing its copy', () => {
    const A = wl.matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(wl.diag(A).toArray()).toEqual([[1, 5, 9]]);
    expect(wl.diag(A, { k: 1 }).toArray()).toEqual([[2, 6]]);
    expect(wl.diag(A, { k: -1 }).toArray()).toEqual([[4, 8]]);
    expect(wl.diag(A, { k: 3 }).size).toBe(0);
    expect(wl.diag([1, 2], { k: -1 }).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    expect(wl.diag([1, 2], { k: 1 }).toArray()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(wl.diag(new Float32Array([1, 2])).dtype).toBe('float32');
    expect(wl.diag([1, 2]).dtype).toBe('float64');
    const base = wl.memory().bytesInUse;
    wl.diag([1, 2, 3]).dispose();
    expect(wl.memory().bytesInUse).toBe(base);
    throwsNamed(() => wl.diag(A, { dtype: 'float32' } as never), P, 'wl.diag: option "dtype" applies to a JS array v; convert a Matrix with wl.clone(v, dtype)');
    throwsNamed(() => wl.diag('abc' as never), V, 'v: expected a Matrix or an array of numbers, got "abc"');
    throwsNamed(() => wl.diag([1], { dtype: 'x' } as never), V, 'wl.diag: unknown dtype "x"');
    throwsNamed(() => wl.diag([1, NaN]), V, 'v[1]: expected a finite number');
  });

  it('argsort: errors named; empty input gives an empty result', () => {
    throwsNamed(() => wl.argsort('x' as never), V, 'A: expected a Matrix');
    throwsNamed(() => wl.argsort(M, { bad: 1 } as never), P, 'wl.argsort: unknown option "bad"');
    throwsNamed(() => wl.argsort(M, { axis: 5 as never }), P, 'wl.argsort: option "axis"');
    expect(wl.argsort(wl.zeros(0, 3)).length).toBe(0);
  });
});
