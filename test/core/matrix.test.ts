import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

describe('Matrix', () => {
  it('creates from rows, flat data and typed arrays, row-major', async () => {
    const wl = await getWl();
    const A = wl.matrix([[1, 2, 3], [4, 5, 6]]);
    expect([A.rows, A.cols, A.dtype, A.size]).toEqual([2, 3, 'float64', 6]);
    expect(A.get(1, 2)).toBe(6);
    expect(Array.from(A.toTypedArray())).toEqual([1, 2, 3, 4, 5, 6]);
    const B = wl.matrix({ data: [1, 2, 3, 4, 5, 6], rows: 3, cols: 2 });
    expect(B.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    const C = wl.matrix(new Float32Array([1, 2, 3, 4]), { rows: 2, cols: 2 });
    expect(C.dtype).toBe('float32');
    expect(C.toTypedArray()).toBeInstanceOf(Float32Array);
    const D = wl.matrix(new Int32Array([1, 2, 3, 4, 5, 6]), { cols: 3 });
    expect(D.shape).toEqual([2, 3]);
    for (const m of [A, B, C, D]) m.dispose();
  });

  it('round-trips float32 and float64 exactly', async () => {
    const wl = await getWl();
    const values = [0.1, -1e-300, 1e300, Math.PI, -0, 123456789.123456789];
    const A = wl.matrix([values]);
    expect(Array.from(A.toTypedArray())).toEqual(values);
    const f32 = Float32Array.from(values.map((v) => Math.fround(Math.min(Math.max(v, -3e38), 3e38))));
    const B = wl.matrix(f32, { rows: 1, cols: values.length });
    expect(B.toTypedArray()).toEqual(f32);
    const C = wl.matrix([values.map((v) => Math.min(Math.max(v, -3e38), 3e38))], { dtype: 'float32' }); // 1e300 does not fit float32 (ValidationError)
    expect(C.get(0, 3)).toBe(Math.fround(Math.PI));
    const back = wl.clone(C, 'float64');
    expect(back.get(0, 3)).toBe(Math.fround(Math.PI));
    expect(back.dtype).toBe('float64');
    for (const m of [A, B, C, back]) m.dispose();
  });

  it('does not mutate its input', async () => {
    const wl = await getWl();
    const rows = [[1, 2], [3, 4]];
    const flat = new Float64Array([1, 2, 3, 4]);
    const A = wl.matrix(rows);
    const B = wl.matrix(flat, { rows: 2, cols: 2 });
    A.set(0, 0, 9);
    B.set(0, 0, 9);
    expect(rows[0][0]).toBe(1);
    expect(flat[0]).toBe(1);
    A.dispose();
    B.dispose();
  });

  it('zeros, ones, full, eye', async () => {
    const wl = await getWl();
    expect(wl.zeros(2, 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(wl.ones(1, 2, 'float32').toArray()).toEqual([[1, 1]]);
    expect(wl.full(2, 1, 7).toArray()).toEqual([[7], [7]]);
    expect(wl.eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it('throws DisposedError after dispose, everywhere', async () => {
    const wl = await getWl();
    const A = wl.ones(2, 2);
    A.dispose();
    expect(A.disposed).toBe(true);
    expect(() => A.get(0, 0)).toThrow(wl.DisposedError);
    expect(() => A.toArray()).toThrow(wl.DisposedError);
    expect(() => wl.add(A, A)).toThrow(wl.DisposedError);
    expect(() => wl.matrix(A)).toThrow(wl.DisposedError);
    expect(() => A.dispose()).not.toThrow();
    expect(String(A)).toBe('Matrix(2×2, float64, disposed)');
  });

  it('frees with Symbol.dispose', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    const A = wl.ones(2, 2);
    const dispose = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
    (A as unknown as Record<symbol, () => void>)[dispose]();
    expect(A.disposed).toBe(true);
    expect(wl.memory().blocksInUse).toBe(base);
  });

  it('checks indices', async () => {
    const wl = await getWl();
    const A = wl.ones(2, 2);
    expect(() => A.get(2, 0)).toThrow(wl.ShapeError);
    expect(() => A.get(0, -1)).toThrow(/out of range for a 2×2 Matrix/);
    expect(() => A.set(0, 0, NaN)).toThrow(wl.ValidationError);
    A.dispose();
  });
});
