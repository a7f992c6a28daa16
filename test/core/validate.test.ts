import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

describe('validation at the API edge', () => {
  it('names the argument and what was expected, with the right error class', async () => {
    const wl = await getWl();
    const base = wl.memory();
    const cases: [unknown, unknown, new (...a: never[]) => Error, RegExp][] = [
      [[[1, 2], [3]], undefined, wl.ValidationError, /data: ragged rows: row 1 has 1 values, row 0 has 2/],
      [[[1, NaN]], undefined, wl.ValidationError, /data\[0\]\[1\]: expected a finite number, got NaN/],
      [[[1], [Infinity]], undefined, wl.ValidationError, /data\[1\]\[0\]: .*Infinity/],
      [[[1, -Infinity]], undefined, wl.ValidationError, /-Infinity/],
      [[], undefined, wl.ValidationError, /data: expected at least one row/],
      [[[]], undefined, wl.ValidationError, /at least one column/],
      [[['a', 1]], undefined, wl.ValidationError, /data\[0\]\[0\]: expected a number, got "a"/],
      [[[1, null]], undefined, wl.ValidationError, /expected a number, got null/],
      [[1, 2, 3], undefined, wl.ShapeError, /expected a 2-D array/],
      [{ data: [1, 2, 3], rows: 2, cols: 2 }, undefined, wl.ShapeError, /3 values do not fill a 2×2 matrix/],
      [{ data: 'abc', rows: 1, cols: 3 }, undefined, wl.ValidationError, /data.data: expected a number\[\] or a numeric typed array/],
      [new Float64Array([1, 2]), undefined, wl.ShapeError, /flat data needs its shape/],
      [new Float64Array([1, NaN]), { rows: 1, cols: 2 }, wl.ValidationError, /data: expected finite values, found 1 NaN/],
      [new Float32Array([]), { rows: 1, cols: 1 }, wl.ValidationError, /expected at least one value/],
      [new BigInt64Array(2), { rows: 1, cols: 2 }, wl.ValidationError, /expected number\[\]\[\], a Matrix/],
      ['not data', undefined, wl.ValidationError, /expected number\[\]\[\], a Matrix, or \{ data, rows, cols \}, got "not data"/],
      [[[1]], { dtype: 'int8' }, wl.ValidationError, /unknown dtype "int8"; expected 'float64' or 'float32'/],
      [[[1]], { dtyp: 'float32' }, wl.InvalidParameterError, /unknown option "dtyp"/],
      [{ data: [1, 2], rows: 0, cols: 2 }, undefined, wl.ShapeError, /rows must be a positive integer/],
    ];
    for (const [k, [data, options, Cls, message]] of cases.entries()) {
      let error: unknown;
      try {
        wl.matrix(data as never, options as never);
      } catch (e) {
        error = e;
      }
      expect(error, `case ${k}`).toBeInstanceOf(Cls);
      expect(error).toBeInstanceOf(wl.WasmlearnError);
      expect((error as Error).message).toMatch(message);
    }
    // nothing leaked on any error path
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
  });

  it('checks creation arguments and operands', async () => {
    const wl = await getWl();
    expect(() => wl.zeros(-1, 2)).toThrow(wl.InvalidParameterError);
    expect(() => wl.zeros(1.5, 2)).toThrow(/rows: expected an integer >= 0, got 1.5/);
    expect(() => wl.full(1, 1, NaN)).toThrow(/value: expected a finite number/);
    expect(() => wl.zeros(1, 1, 'float16' as never)).toThrow(wl.ValidationError);
    const a = wl.ones(2, 2);
    const b = wl.ones(2, 3);
    const c = wl.ones(2, 2, 'float32');
    expect(() => wl.add(a, b)).toThrow(wl.ShapeError);
    expect(() => wl.add(a, b)).toThrow(/B: a 2×3 B does not broadcast against a 2×2 A/);
    expect(() => wl.add(a, c)).toThrow(/B: expected dtype float64 \(like A\), got float32/);
    expect(() => wl.add(a, [[1, 1], [1, 1]] as never)).toThrow(/B: expected a Matrix/);
    expect(() => wl.scale(a, Infinity)).toThrow(/alpha: expected a finite number/);
    expect(() => wl.add(a, a, { out: b })).toThrow(/out: expected shape 2×2/);
    expect(() => wl.add(a, a, { into: a } as never)).toThrow(/unknown option "into"/);
    expect(() => wl.random.normal(2, 2, { sead: 1 } as never)).toThrow(wl.InvalidParameterError);
    for (const m of [a, b, c]) m.dispose();
  });
});
