// Bundled datasets equal the CSVs they come from; generators have scikit-learn's shapes and structure.
import { describe, expect, it } from 'vitest';
import { dataset, getWl } from '../helpers';

describe('datasets', () => {
  it.each([
    ['loadIris', 'iris.csv', 150, 4, 3],
    ['loadWine', 'wine.csv', 178, 13, 3],
    ['loadBreastCancer', 'breast_cancer.csv', 569, 30, 2],
    ['loadDigits', 'digits.csv', 1797, 64, 10],
  ] as const)('%s equals %s (async in the core, sync from wasmlearn/datasets)', async (fn, file, n, d, k) => {
    const wl = await getWl();
    const data = await (wl.datasets as any)[fn]();
    const csv = dataset(file);
    expect(data.X.length).toBe(n);
    expect(data.X[0].length).toBe(d);
    expect(data.X).toEqual(csv.rows.map((r) => r.slice(0, -1)));
    expect(data.y).toEqual(csv.rows.map((r) => r[r.length - 1]));
    expect(data.featureNames).toEqual(csv.header.slice(0, -1));
    expect(data.targetNames.length).toBe(k);
    const sync = await import('wasmlearn/datasets' as string);
    expect(sync[fn]().X).toEqual(data.X);
  });

  it('the core bundle carries no dataset', async () => {
    const { readFileSync } = await import('node:fs');
    const core = readFileSync(new URL('../../build/bundle/esm/wasmlearn.js', import.meta.url), 'utf8');
    expect(core).not.toContain('mean_radius');
    expect(core).toContain('wasmlearn/datasets');
  });

  it('generators: shapes, labels, seeds, structure', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const b = wl.datasets.makeBlobs({ nSamples: 90, nFeatures: 3, centers: 3, clusterStd: 0.5, seed: 1 });
    expect(b.X.length).toBe(90);
    expect(b.X[0].length).toBe(3);
    expect([0, 1, 2].map((c) => b.y.filter((v) => v === c).length)).toEqual([30, 30, 30]);
    expect(wl.datasets.makeBlobs({ nSamples: 90, nFeatures: 3, seed: 1 })).toEqual(wl.datasets.makeBlobs({ nSamples: 90, nFeatures: 3, seed: 1 }));
    const c = wl.datasets.makeClassification({ nSamples: 200, nFeatures: 8, nInformative: 3, nRedundant: 2, nClasses: 3, seed: 2, flipY: 0 });
    expect(c.X.length).toBe(200);
    expect(c.X[0].length).toBe(8);
    expect(new Set(c.y)).toEqual(new Set([0, 1, 2]));
    const r = wl.datasets.makeRegression({ nSamples: 50, nFeatures: 6, nInformative: 2, noise: 0, seed: 3 });
    expect(r.coef.filter((v) => v !== 0).length).toBe(2);
    r.X.forEach((row, i) => expect(row.reduce((s, v, j) => s + v * r.coef[j], 0)).toBeCloseTo(r.y[i], 9));
    const m = wl.datasets.makeMoons({ nSamples: 100, seed: 4, shuffle: false });
    expect(m.X[0]).toEqual([1, 0]);
    for (let i = 0; i < 50; i++) expect(Math.hypot(m.X[i][0], m.X[i][1])).toBeCloseTo(1, 12);
    expect(() => wl.datasets.makeBlobs({ nSamples: 0 })).toThrow(wl.InvalidParameterError);
    expect(() => wl.datasets.makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 })).toThrow(/nInformative \+ nRedundant/);
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
