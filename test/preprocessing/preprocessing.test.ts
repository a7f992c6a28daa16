// Scalers, polynomial features and encoders: values against direct computations, round trips.
import { describe, expect, it } from 'vitest';
import { dataset, getWl } from '../helpers';

const iris = dataset('iris.csv').rows.map((r) => r.slice(0, 4));

describe('preprocessing', () => {
  it('StandardScaler: zero mean, unit (population) variance; inverse undoes it; constant columns kept', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const s = new wl.preprocessing.StandardScaler();
    const Z = s.fitTransform(iris);
    const z = Z.toArray();
    for (let j = 0; j < 4; j++) {
      const col = z.map((r) => r[j]);
      const mean = col.reduce((a, b) => a + b) / col.length;
      const v = col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length;
      expect(Math.abs(mean)).toBeLessThan(1e-14);
      expect(v).toBeCloseTo(1, 12);
      const raw = iris.map((r) => r[j]);
      expect(s.mean[j]).toBeCloseTo(raw.reduce((a, b) => a + b) / raw.length, 12);
    }
    const back = s.inverseTransform(Z);
    expect(back.toArray().flat().every((v, i) => Math.abs(v - iris.flat()[i]) < 1e-12)).toBe(true);
    const c = new wl.preprocessing.StandardScaler().fit([[1, 5], [2, 5], [3, 5]]);
    expect(Array.from(c.scale)).toEqual([Math.sqrt(2 / 3), 1]);
    const noMean = new wl.preprocessing.StandardScaler({ withMean: false }).fit([[1], [3]]);
    const T = noMean.transform([[2]]);
    expect(T.get(0, 0)).toBeCloseTo(2, 12);
    for (const x of [Z, back, T, s, c, noMean]) x.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('MinMaxScaler maps to featureRange, inverse round-trips', async () => {
    const wl = await getWl();
    const s = new wl.preprocessing.MinMaxScaler({ featureRange: [-1, 2] });
    const T = s.fitTransform(iris);
    const t = T.toArray();
    for (let j = 0; j < 4; j++) {
      const col = t.map((r) => r[j]);
      expect(Math.min(...col)).toBeCloseTo(-1, 12);
      expect(Math.max(...col)).toBeCloseTo(2, 12);
    }
    expect(Array.from(s.dataMin)).toEqual([4.3, 2, 1, 0.1]);
    const back = s.inverseTransform(T);
    expect(back.toArray().flat().every((v, i) => Math.abs(v - iris.flat()[i]) < 1e-12)).toBe(true);
    for (const x of [T, back, s]) x.dispose();
  });

  it('PolynomialFeatures: scikit-learn order and names, interactionOnly, bias', async () => {
    const wl = await getWl();
    const p = new wl.preprocessing.PolynomialFeatures({ degree: 2 }).fit([[2, 3]]);
    expect(p.getFeatureNamesOut(['a', 'b'])).toEqual(['1', 'a', 'b', 'a^2', 'a b', 'b^2']);
    const T = p.transform([[2, 3]]);
    expect(T.toArray()).toEqual([[1, 2, 3, 4, 6, 9]]);
    const i = new wl.preprocessing.PolynomialFeatures({ degree: 3, interactionOnly: true, includeBias: false }).fit([[2, 3, 5]]);
    expect(i.featureNames).toEqual(['x0', 'x1', 'x2', 'x0 x1', 'x0 x2', 'x1 x2', 'x0 x1 x2']);
    const Ti = i.transform([[2, 3, 5]]);
    expect(Ti.toArray()).toEqual([[2, 3, 5, 6, 10, 15, 30]]);
    expect(i.powers[6]).toEqual([1, 1, 1]);
    expect(() => new wl.preprocessing.PolynomialFeatures({ degree: 40 }).fit([new Array(100).fill(1)])).toThrow(wl.InvalidParameterError);
    for (const x of [p, T, i, Ti]) x.dispose();
  });

  it('OneHotEncoder: string and numeric categories, sorted; unknown categories error or ignored', async () => {
    const wl = await getWl();
    const X = [['red', 1], ['blue', 3], ['red', 2]];
    const e = new wl.preprocessing.OneHotEncoder().fit(X);
    expect(e.categories).toEqual([['blue', 'red'], [1, 2, 3]]);
    expect(e.getFeatureNamesOut()).toEqual(['x0_blue', 'x0_red', 'x1_1', 'x1_2', 'x1_3']);
    const T = e.transform(X);
    expect(T.toArray()).toEqual([[0, 1, 1, 0, 0], [1, 0, 0, 0, 1], [0, 1, 0, 1, 0]]);
    expect(() => e.transform([['green', 1]])).toThrow(/X\[0\]\[0\]: unknown category "green"/);
    const ig = new wl.preprocessing.OneHotEncoder({ handleUnknown: 'ignore' }).fit(X);
    const Tg = ig.transform([['green', 1]]);
    expect(Tg.toArray()).toEqual([[0, 0, 1, 0, 0]]);
    const back = wl.load(JSON.stringify(e));
    const T2 = back.transform(X);
    expect(T2.toArray()).toEqual(T.toArray());
    for (const x of [e, T, ig, Tg, back, T2]) x.dispose();
  });

  it('LabelEncoder: sorted classes, codes, inverse, model file', async () => {
    const wl = await getWl();
    const le = new wl.preprocessing.LabelEncoder();
    expect(Array.from(le.fitTransform(['paris', 'tokyo', 'amsterdam', 'paris']))).toEqual([1, 2, 0, 1]);
    expect(le.classes).toEqual(['amsterdam', 'paris', 'tokyo']);
    expect(le.inverseTransform([2, 0])).toEqual(['tokyo', 'amsterdam']);
    expect(() => le.transform(['rome'])).toThrow(/y\[0\]: label "rome" is not one of the classes/);
    expect(() => le.inverseTransform([3])).toThrow(/codes\[0\]/);
    const num = new wl.preprocessing.LabelEncoder().fit([10, 2, 2, 6]);
    expect(num.classes).toEqual([2, 6, 10]);
    expect(Array.from(num.inverseTransform([0, 2]) as Float64Array)).toEqual([2, 10]);
    expect(wl.load(JSON.stringify(le)).classes).toEqual(le.classes);
    expect(() => new wl.preprocessing.LabelEncoder().classes).toThrow(wl.NotFittedError);
    expect(() => wl.load({ ...le.toJSON(), state: { classes: ['b', 'a'] } })).toThrow(wl.ModelFormatError);
  });
});
