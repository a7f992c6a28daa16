// The common checks: every registered estimator (test/common/registry.ts) goes through the same
// contract, input-validation, determinism, model-file and memory checks.
import { describe, expect, it } from 'vitest';
import { getWl, type WL } from '../helpers';
import { create, fit, output, REGISTRY, supervised, type Data, type Entry } from './registry';

/** Runs fn, expects it to throw an instance of Cls whose message matches `names`; returns the error. */
function expectThrow(fn: () => unknown, Cls: new (...a: never[]) => Error, names: RegExp | string): Error {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${Cls.name} matching ${names}`).toBeInstanceOf(Cls);
  expect((error as Error).message).toMatch(names);
  return error as Error;
}

/** Getter names on the prototype chain below Estimator.prototype (the fitted attributes and the like). */
function getters(wl: WL, est: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(est); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) if (d.get) names.add(key);
  }
  for (const key of ['kind', 'task', 'disposed', 'isFitted']) names.delete(key);
  void wl;
  return [...names];
}

const close = (a: (number | string)[], b: (number | string)[], tol: number): boolean =>
  a.length === b.length && a.every((v, i) => (typeof v === 'number' ? Math.abs(v - (b[i] as number)) <= tol * (1 + Math.abs(v)) : v === b[i]));

/** Whether a fitted estimator takes new X (predict/transform); AgglomerativeClustering has only fit. */
function takesX(entry: Entry, est: any): boolean {
  return entry.task !== 'clusterer' || typeof est.predict === 'function';
}

function skipped(entry: Entry, check: keyof NonNullable<Entry['skip']>): boolean {
  return entry.skip?.[check] !== undefined;
}

describe.each(REGISTRY.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
  const data = (): Data => entry.data();

  it('stores options in the constructor; unknown options and out-of-range values are refused, naming the option', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const est = create(wl, entry);
    expect(est).toBeInstanceOf(wl.Estimator);
    expect(est.isFitted).toBe(false);
    const params = est.getParams();
    for (const [k, v] of Object.entries(entry.options ?? {})) expect(params[k]).toEqual(v);
    // getParams is a copy; setParams round-trips and refuses unknown names
    params.__probe = 1;
    expect(est.getParams().__probe).toBeUndefined();
    expect(est.setParams(est.getParams())).toBe(est);
    expectThrow(() => est.setParams({ notAnOption: 1 }), wl.InvalidParameterError, /notAnOption/);
    expectThrow(() => create(wl, entry, { notAnOption: 1 }), wl.InvalidParameterError, /unknown option "notAnOption"/);
    expect(() => new (Object.getPrototypeOf(est).constructor)('nope')).toThrow(wl.InvalidParameterError);
    for (const bad of entry.badParams) {
      const b = create(wl, entry, bad.options); // constructing stores; fit checks
      const d = data();
      expectThrow(() => fit(b, entry, d), wl.InvalidParameterError, bad.name);
      expect(b.isFitted).toBe(false);
      b.dispose();
    }
    expect(entry.badParams.length, 'every estimator with options lists out-of-range cases').toBeGreaterThan(0);
    est.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('fit returns this; fitted attributes throw NotFittedError before fit and work after', async () => {
    const wl = await getWl();
    const est = create(wl, entry);
    const names = getters(wl, est);
    for (const name of names) expectThrow(() => est[name], wl.NotFittedError, name);
    if (entry.task !== 'clusterer' || typeof est.predict === 'function') {
      const method = entry.task === 'transformer' ? 'transform' : 'predict';
      expectThrow(() => est[method](data().X), wl.NotFittedError, /before fit/);
    }
    expect(fit(est, entry, data())).toBe(est);
    expect(est.isFitted).toBe(true);
    for (const name of names) expect(() => est[name], name).not.toThrow();
    expect(est.nFeaturesIn).toBe(data().X[0].length);
    est.dispose();
  });

  it('never mutates its inputs (arrays, typed arrays, Matrix)', async () => {
    if (skipped(entry, 'noMutation')) return;
    const wl = await getWl();
    const d = data();
    const snapshot = JSON.stringify(d);
    const est = fit(create(wl, entry), entry, d);
    output(entry, est, d.X);
    expect(JSON.stringify(d)).toBe(snapshot);
    const M = wl.matrix(d.X);
    const before = Array.from(M.toTypedArray());
    const flat = new Float64Array(before);
    const est2 = fit(create(wl, entry), entry, { X: M as never, y: d.y });
    output(entry, est2, M);
    output(entry, est2, { data: flat, rows: M.rows, cols: M.cols });
    expect(Array.from(M.toTypedArray())).toEqual(before);
    expect(Array.from(flat)).toEqual(before);
    M.dispose();
    est.dispose();
    est2.dispose();
  });

  it('accepts float32 and float64 inputs alike', async () => {
    if (skipped(entry, 'float32')) return;
    const wl = await getWl();
    const d = data(); // values are float32-exact, so both dtypes carry the same numbers
    const A64 = wl.matrix(d.X);
    const A32 = wl.matrix(d.X, { dtype: 'float32' });
    const e64 = fit(create(wl, entry), entry, { X: A64 as never, y: d.y });
    const e32 = fit(create(wl, entry), entry, { X: A32 as never, y: d.y });
    const o64 = output(entry, e64, A64);
    expect(close(output(entry, e32, A32), o64, 1e-4)).toBe(true);
    const flat32 = new Float32Array(A64.toTypedArray());
    expect(close(output(entry, e64, { data: flat32, rows: A64.rows, cols: A64.cols }), o64, 1e-4)).toBe(true);
    for (const x of [A64, A32, e64, e32]) x.dispose();
  });

  it('refuses another feature count at predict/transform with a ShapeError', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const d = data();
    const est = fit(create(wl, entry), entry, d);
    if (!takesX(entry, est)) return est.dispose();
    const fewer = d.X.map((r) => r.slice(0, -1).concat(r.length === 1 ? [] : []));
    const more = d.X.map((r) => [...r, 1]);
    if (d.X[0].length > 1) expectThrow(() => output(entry, est, fewer), wl.ShapeError, /X: expected \d+ features?/);
    expectThrow(() => output(entry, est, more), wl.ShapeError, /X: expected \d+ features?/);
    est.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('re-fit replaces the old state without leaking; a failed fit keeps the old model', async () => {
    if (skipped(entry, 'refit')) return;
    const wl = await getWl();
    const d = data();
    const est = fit(create(wl, entry), entry, d);
    const once = wl.memory().bytesInUse;
    const first = output(entry, est, d.X);
    fit(est, entry, d);
    expect(wl.memory().bytesInUse).toBe(once);
    expect(() => (supervised(entry) ? est.fit([[NaN]], [1]) : est.fit([[NaN]]))).toThrow(wl.ValidationError);
    expect(close(output(entry, est, d.X), first, 1e-12)).toBe(true);
    expect(wl.memory().bytesInUse).toBe(once);
    est.dispose();
  });

  it('score is R² for regressors and accuracy for classifiers', async () => {
    if (entry.task !== 'classifier' && entry.task !== 'regressor') return;
    const wl = await getWl();
    const d = data();
    const est = fit(create(wl, entry), entry, d);
    const pred = est.predict(d.X);
    const expected = entry.task === 'regressor' ? wl.metrics.r2Score(d.y as number[], pred) : wl.metrics.accuracyScore(d.y as never, pred);
    expect(est.score(d.X, d.y)).toBeCloseTo(expected, 12);
    est.dispose();
  });

  it('bad X or y: the documented typed error naming the argument, nothing leaked', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const d = data();
    const n = d.X.length;
    const withCell = (v: unknown): number[][] => d.X.map((r, i) => (i === 1 ? [r[0], v as number, ...r.slice(2)] : r.slice()));
    const cases: [string, unknown, unknown, new (...a: never[]) => Error, RegExp][] = [
      ['NaN', withCell(NaN), d.y, wl.ValidationError, /X\[1\]\[1\].*NaN/],
      ['+Infinity', withCell(Infinity), d.y, wl.ValidationError, /X\[1\]\[1\].*Infinity/],
      ['-Infinity', withCell(-Infinity), d.y, wl.ValidationError, /X\[1\]\[1\].*-Infinity/],
      ['empty X', [], d.y?.slice(0, 0), wl.ValidationError, /X: expected at least one/],
      ['zero features', d.X.map(() => []), d.y, wl.ValidationError, /X: expected at least one column/],
      ['ragged rows', d.X.map((r, i) => (i === 2 ? r.slice(1) : r)), d.y, wl.ValidationError, /X: ragged rows/],
      ['string cell', withCell('1.5'), d.y, wl.ValidationError, /X\[1\]\[1\]: expected a number, got "1.5"/],
      ['1-D X', d.X[0], d.y, wl.ShapeError, /X: expected a 2-D array/],
      ['NaN in a Matrix', { data: new Float64Array(n * 2).fill(NaN), rows: n, cols: 2 }, d.y, wl.ValidationError, /X: expected finite values/],
    ];
    if (skipped(entry, 'stringCells')) cases.splice(cases.findIndex((c) => c[0] === 'string cell'), 1);
    if (supervised(entry)) {
      const y = d.y!;
      cases.push(
        ['y too short', d.X, y.slice(1), wl.ShapeError, new RegExp(`y: expected ${n}`)],
        ['y too long', d.X, [...y, y[0]], wl.ShapeError, new RegExp(`y: expected ${n}`)],
        ['y missing', d.X, undefined, wl.ValidationError, /y: expected an array/],
        ['NaN in y', d.X, y.map((v, i) => (i === 3 ? NaN : v)), wl.ValidationError, /y\[3\]: expected a finite/],
      );
      if (entry.task === 'regressor') cases.push(['string in y', d.X, y.map((v, i) => (i === 3 ? 'a' : v)), wl.ValidationError, /y\[3\]: expected a number/]);
      else cases.push(['mixed label kinds', d.X, y.map((v, i) => (i === 3 ? 'a' : v)), wl.ValidationError, /y\[3\]: expected a number label/]);
    }
    for (const [label, X, y, Cls, message] of cases) {
      const est = create(wl, entry);
      let error: unknown;
      try {
        supervised(entry) ? est.fit(X, y) : est.fit(X);
      } catch (e) {
        error = e;
      }
      expect(error, label).toBeInstanceOf(Cls);
      expect((error as Error).message, label).toMatch(message);
      expect(est.isFitted, label).toBe(false);
      est.dispose();
      expect(wl.memory().bytesInUse, label).toBe(base);
    }
    // and at predict/transform time
    const est = fit(create(wl, entry), entry, d);
    const after = wl.memory().bytesInUse;
    for (const [label, X, , Cls, message] of cases.filter((c) => !/^y |in y|label kinds/.test(c[0]))) {
      if (!takesX(entry, est)) break;
      if (label === 'zero features' || label === 'NaN in a Matrix') continue; // these fail the feature count first
      let error: unknown;
      try {
        output(entry, est, X);
      } catch (e) {
        error = e;
      }
      expect(error, `predict: ${label}`).toBeInstanceOf(Cls);
      expect((error as Error).message, label).toMatch(message);
      expect(wl.memory().bytesInUse, label).toBe(after);
    }
    est.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('one sample: fits, or refuses with a typed error that names the argument', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const d = data();
    const est = create(wl, entry);
    try {
      fit(est, entry, { X: d.X.slice(0, 1), y: d.y?.slice(0, 1) });
      expect(output(entry, est, d.X.slice(0, 1)).every((v) => typeof v === 'string' || Number.isFinite(v))).toBe(true);
    } catch (error) {
      expect(error).toBeInstanceOf(wl.WasmlearnError);
      expect(error).not.toBeInstanceOf(wl.NotFittedError);
      expect((error as Error).message).toMatch(/\b(X|y)\b|option "/);
    }
    est.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('string labels work and keep the sorted order of classes', async () => {
    if (entry.task !== 'classifier' || skipped(entry, 'stringLabels')) return;
    const wl = await getWl();
    const d = data();
    const names = ['zeta', 'alpha', 'mid', 'beta', 'omega', 'x', 'y', 'z', 'q', 'r'];
    const ys = d.y!.map((v) => names[v as number]);
    const est = create(wl, entry).fit(d.X, ys);
    expect(est.classes).toEqual([...new Set(ys)].sort());
    const pred = est.predict(d.X);
    expect(Array.isArray(pred)).toBe(true);
    const num = create(wl, entry).fit(d.X, d.y);
    expect(pred).toEqual(Array.from(num.predict(d.X) as Float64Array).map((v) => names[v]));
    est.dispose();
    num.dispose();
  });

  it('same options and seed, same data: identical results', async () => {
    if (skipped(entry, 'seed')) return;
    const wl = await getWl();
    const d = data();
    const a = fit(create(wl, entry), entry, d);
    const b = fit(create(wl, entry), entry, data());
    expect(output(entry, b, d.X)).toEqual(output(entry, a, d.X));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    a.dispose();
    b.dispose();
  });

  it('toJSON → wl.load gives identical predictions (object and string), unfitted models too', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const d = data();
    const est = fit(create(wl, entry), entry, d);
    const expected = output(entry, est, d.X);
    for (const json of [est.toJSON(), JSON.stringify(est), JSON.parse(JSON.stringify(est))]) {
      const loaded = wl.load(json);
      expect(loaded).toBeInstanceOf(Object.getPrototypeOf(est).constructor);
      expect(loaded.getParams()).toEqual(JSON.parse(JSON.stringify(est.getParams())));
      expect(output(entry, loaded, d.X)).toEqual(expected);
      expect(JSON.stringify(loaded)).toBe(JSON.stringify(est));
      loaded.dispose();
    }
    const blank = wl.load(JSON.stringify(create(wl, entry)));
    expect(blank.isFitted).toBe(false);
    fit(blank, entry, d);
    expect(close(output(entry, blank, d.X), expected, 1e-12)).toBe(true);
    blank.dispose();
    est.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('dispose frees everything; any use after dispose throws DisposedError', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const d = data();
    const est = fit(create(wl, entry), entry, d);
    const names = getters(wl, est);
    est.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
    expect(est.disposed).toBe(true);
    est.dispose(); // twice is a no-op
    expectThrow(() => fit(est, entry, d), wl.DisposedError, /disposed/);
    expectThrow(() => output(entry, est, d.X), wl.DisposedError, /disposed/);
    expectThrow(() => est.toJSON(), wl.DisposedError, /disposed/);
    expectThrow(() => est.getParams(), wl.DisposedError, /disposed/);
    for (const name of names) expectThrow(() => est[name], wl.DisposedError, /disposed/);
    if (supervised(entry)) expectThrow(() => est.score(d.X, d.y), wl.DisposedError, /disposed/);
  });

  it('fit inside wl.scope keeps the fitted state alive after the scope closes', async () => {
    const wl = await getWl();
    const d = data();
    const est = create(wl, entry);
    wl.scope(() => {
      fit(est, entry, d);
    });
    expect(output(entry, est, d.X).length).toBeGreaterThan(0);
    est.dispose();
  });
});
