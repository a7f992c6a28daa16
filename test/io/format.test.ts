// The model file format: exact round trips, and untrusted input refused with ModelFormatError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers.js';

const wl = await getWl();
const { encodeArray, decodeArray, readEnvelope, envelope, readObject } = wl.io;

describe('arrays in model files', () => {
  it('round-trip every dtype bit for bit, including extremes and -0', () => {
    const f64 = new Float64Array([0, -0, 1, -1.5, Number.MAX_VALUE, Number.MIN_VALUE, 1 / 3, -1e-310]);
    const back = decodeArray(encodeArray(f64), 'w', 'float64');
    expect(Array.from(back).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(Array.from(f64).map((v) => Object.is(v, -0) ? '-0' : v));
    fc.assert(fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { maxLength: 50 }), (values) => {
      const a = new Float32Array(values);
      expect(decodeArray(encodeArray(a, [a.length]), 'w', 'float32')).toEqual(a);
    }));
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 50 }), (values) => {
      const a = new Int32Array(values);
      expect(decodeArray(encodeArray(a), 'w', 'int32')).toEqual(a);
    }));
  });

  it('checks shape, dtype, length and finiteness', () => {
    const ok = encodeArray(new Float64Array(6), [2, 3]);
    expect(decodeArray(ok, 'w', 'float64', [2, -1])).toHaveLength(6);
    expect(() => decodeArray(ok, 'w', 'float64', [3, 2])).toThrow(/w\.shape: expected \[3, 2\], got \[2, 3\]/);
    expect(() => decodeArray(ok, 'w', 'float32')).toThrow(/w\.dtype/);
    expect(() => decodeArray({ ...ok, data: ok.data.slice(0, -4) }, 'w', 'float64')).toThrow(/expected 6 float64 values/);
    expect(() => decodeArray({ ...ok, shape: [1e9, 1e9] }, 'w', 'float64')).toThrow(/too large/);
    expect(() => decodeArray({ ...ok, data: '!' + ok.data.slice(1) }, 'w', 'float64')).toThrow(/invalid base64/);
    expect(() => decodeArray(encodeArray(new Float64Array([1, NaN])), 'w', 'float64')).toThrow(/value 1 is NaN/);
    expect(() => decodeArray({ ...ok, extra: 1 }, 'w', 'float64')).toThrow(/unknown key "extra"/);
    for (const error of [() => decodeArray(ok, 'w', 'float32'), () => decodeArray(null, 'w', 'float64')]) expect(error).toThrow(wl.ModelFormatError);
  });
});

describe('the envelope', () => {
  it('accepts its own output as object or text', () => {
    const m = envelope('Thing', { a: 1 }, { b: encodeArray(new Float64Array([1])) });
    expect(readEnvelope(m).kind).toBe('Thing');
    expect(readEnvelope(JSON.stringify(m)).params.a).toBe(1);
  });

  it('refuses wrong format, future versions, prototype keys and junk', () => {
    const m = envelope('Thing', {}, null);
    expect(() => readEnvelope('{')).toThrow(/not valid JSON/);
    expect(() => readEnvelope({ ...m, format: 'other' })).toThrow(/model.format/);
    expect(() => readEnvelope({ ...m, version: 99 })).toThrow(/newer than this wasmlearn reads/);
    expect(() => readEnvelope('{"format":"wasmlearn","version":1,"kind":"X","params":{"__proto__":{"polluted":1}},"state":null}')).toThrow(/"__proto__" is not allowed/);
    expect(() => readObject(JSON.parse('{"constructor":1}'), 'p')).toThrow(wl.ModelFormatError);
    expect(({} as any).polluted).toBeUndefined();
    expect(() => wl.load({ ...m, kind: 'NoSuchModel' })).toThrow(/unknown kind "NoSuchModel"/);
    expect(() => wl.load({ ...m, kind: 'toString' })).toThrow(wl.ModelFormatError);
  });
});
