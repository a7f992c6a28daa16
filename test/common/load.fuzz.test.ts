// wl.load treats a model file as untrusted input. For every registered estimator, valid files are
// mutated (by hand-picked cases and by fast-check): wrong types and lengths, huge dimensions,
// truncated base64, __proto__/constructor keys, NaN weights, unknown kinds, future versions. Each
// mutated file either loads to a model that predicts finite values, or throws ModelFormatError;
// none traps the Wasm instance, pollutes a prototype, leaks, or grows the heap beyond what the
// declared shapes need.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getWl, type WL } from '../helpers';
import { create, fit, output, REGISTRY, type Entry } from './registry';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (list of keys) in a JSON tree. */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value;
  const copy = structuredClone(root) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node?.[key];
  if (node === null || typeof node !== 'object') return copy; // the path no longer exists
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const nanBase64 = (count: number): string => Buffer.from(new Float64Array(count).fill(NaN).buffer).toString('base64');

/** Throws unless `fn` (a load) ends in ModelFormatError or a model with finite outputs. Returns the outcome. */
function attempt(wl: WL, entry: Entry, file: unknown, X: number[][]): 'loaded' | 'refused' {
  let model: any;
  try {
    model = wl.load(file);
  } catch (error) {
    if (!(error instanceof wl.ModelFormatError)) throw new Error(`expected ModelFormatError, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
    return 'refused';
  }
  try {
    if (model.isFitted) {
      const out = output(entry, model, X);
      for (const v of out) if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`loaded model predicts ${v}`);
    }
    return 'loaded';
  } catch (error) {
    // a loaded model may still refuse the data (e.g. another feature count): then with a typed error
    if (error instanceof wl.WasmlearnError && !(error instanceof wl.ModelFormatError)) return 'loaded';
    throw error;
  } finally {
    model.dispose();
  }
}

function prototypesClean(): boolean {
  return Object.keys(Object.prototype).length === 0 && ({} as any).polluted === undefined && Object.getOwnPropertyNames(Object.prototype).every((k) => typeof (Object.prototype as any)[k] === 'function' || k === '__proto__');
}

describe.each(REGISTRY.filter((e) => !e.skip?.fuzz).map((e) => [e.name, e] as const))('wl.load fuzz: %s', (_name, entry) => {
  it('hand-picked corruptions: ModelFormatError or a working model; no trap, no pollution, no leak', async () => {
    const wl = await getWl();
    const d = entry.data();
    const est = fit(create(wl, entry), entry, d);
    const valid = JSON.parse(JSON.stringify(est)) as any;
    est.dispose();
    const base = wl.memory();
    const text = JSON.stringify(valid);
    const arrays = paths(valid).filter((p) => {
      const node = p.reduce((o: any, k) => o?.[k], valid);
      return node && typeof node === 'object' && typeof node.data === 'string' && Array.isArray(node.shape);
    });
    const cases: unknown[] = [
      { ...valid, kind: 'NoSuchModel' },
      { ...valid, kind: 'toString' },
      { ...valid, kind: '__proto__' },
      { ...valid, version: 2 },
      { ...valid, version: 999 },
      { ...valid, version: 0 },
      { ...valid, version: 1.5 },
      { ...valid, format: 'other' },
      { ...valid, params: [] },
      { ...valid, state: 'x' },
      { ...valid, params: { ...valid.params, notAnOption: 1 } },
      { ...valid, state: { ...valid.state, extra: 1 } },
      { ...valid, state: { ...valid.state, nFeatures: 2 ** 30 } },
      { ...valid, state: { ...valid.state, nFeatures: -1 } },
      { ...valid, state: { ...valid.state, nFeatures: valid.state.nFeatures + 1 } },
      { ...valid, state: { ...valid.state, nFeatures: valid.state.nFeatures - 1 } },
      { ...valid, state: { ...valid.state, nFeatures: 'four' } },
      text.replace('"params":{', '"params":{"__proto__":{"polluted":1},'),
      text.replace('"params":{', '"params":{"constructor":{"prototype":{"polluted":1}},'),
      text.replace('"state":{', '"state":{"__proto__":{"polluted":1},'),
      text.replace('{', '{"__proto__":{"polluted":1},'),
      text.slice(0, text.length >> 1),
      '',
      'null',
      '[]',
      42,
      undefined,
    ];
    for (const p of arrays) {
      const node = p.reduce((o: any, k) => o[k], valid);
      const count = node.shape.reduce((a: number, b: number) => a * b, 1);
      cases.push(
        setAt(valid, [...p, 'data'], node.data.slice(0, -4)),
        setAt(valid, [...p, 'data'], node.data.slice(0, -1) + '!'),
        setAt(valid, [...p, 'data'], node.dtype === 'float64' ? nanBase64(count) : node.data),
        setAt(valid, [...p, 'shape'], node.shape.map(() => 1e6)),
        setAt(valid, [...p, 'shape'], [2 ** 31, 2 ** 31]),
        setAt(valid, [...p, 'shape'], [...node.shape, 1]),
        setAt(valid, [...p, 'shape'], node.shape.map((s: number) => s + 1)),
        setAt(valid, [...p, 'shape'], [-1]),
        setAt(valid, [...p, 'dtype'], 'float32'),
        setAt(valid, [...p, 'dtype'], 'int64'),
        setAt(valid, p, [1, 2, 3]),
        setAt(valid, p, undefined),
      );
    }
    for (const [i, file] of cases.entries()) {
      try {
        attempt(wl, entry, file, d.X);
      } catch (error) {
        throw new Error(`case ${i}: ${(error as Error).message}`);
      }
      expect(prototypesClean(), `case ${i}`).toBe(true);
      expect(wl.memory().bytesInUse, `case ${i}`).toBe(base.bytesInUse);
    }
    expect(wl.memory().heapBytes - base.heapBytes).toBeLessThanOrEqual(1 << 20);
    expect(attempt(wl, entry, valid, d.X)).toBe('loaded');
  });

  it('random corruptions (fast-check)', async () => {
    const wl = await getWl();
    const d = entry.data();
    const est = fit(create(wl, entry), entry, d);
    const valid = JSON.parse(JSON.stringify(est)) as Json;
    est.dispose();
    const all = paths(valid);
    const base = wl.memory();
    const junk: fc.Arbitrary<Json | undefined> = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.constantFrom(2 ** 53, 1e308, -0, 0.5),
      fc.string({ maxLength: 12 }),
      fc.base64String({ maxLength: 40 }),
      fc.array(fc.integer({ min: -2, max: 2 ** 31 }), { maxLength: 5 }),
      fc.constant({}),
      fc.constant({ dtype: 'float64', shape: [1e9], data: 'AAAA' }),
    );
    const mutation = fc.tuple(fc.nat({ max: all.length - 1 }), junk);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (mutations, asText) => {
        let file = valid;
        for (const [i, value] of mutations) {
          const p = all[i];
          if (p.reduce((o: any, k) => (o === undefined || o === null ? undefined : o[k]), file) === undefined && p.length > 0) continue;
          file = setAt(file, p, value);
        }
        attempt(wl, entry, asText ? JSON.stringify(file) : file, d.X);
        return prototypesClean() && wl.memory().bytesInUse === base.bytesInUse;
      }),
      { numRuns: 300, seed: 16 },
    );
    expect(wl.memory().heapBytes - base.heapBytes).toBeLessThanOrEqual(1 << 20);
    // the instance still computes
    const again = fit(create(wl, entry), entry, d);
    expect(output(entry, again, d.X).length).toBeGreaterThan(0);
    again.dispose();
  });
});
