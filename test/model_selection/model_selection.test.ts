// Splits, cross-validation, grid search and pipelines.
import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

describe('model selection and pipelines', () => {
  it('trainTestSplit: sizes as scikit-learn, a partition, stratified proportions, seeded', async () => {
    const wl = await getWl();
    const { X, y } = await wl.datasets.loadIris();
    const s = wl.modelSelection.trainTestSplit(X, y, { testSize: 0.2, seed: 1, stratify: y });
    expect(s.XTest.length).toBe(30);
    expect(s.XTrain.length).toBe(120);
    for (const c of [0, 1, 2]) expect(s.yTest.filter((v: number) => v === c).length).toBe(10);
    const all = [...s.XTrain, ...s.XTest].map((r: number[]) => r.join()).sort();
    expect(all).toEqual(X.map((r) => r.join()).sort());
    expect(wl.modelSelection.trainTestSplit(X, y, { seed: 1 }).yTest).toEqual(wl.modelSelection.trainTestSplit(X, y, { seed: 1 }).yTest);
    expect(wl.modelSelection.trainTestSplit(X, y).XTest.length).toBe(38); // ceil(0.25·150)
    const M = wl.matrix(X);
    const m = wl.modelSelection.trainTestSplit(M, y, { testSize: 10, seed: 2 });
    expect(m.XTest.rows).toBe(10);
    expect(m.XTest.toArray()[0]).toEqual(X[X.findIndex((r) => r.join() === m.XTest.toArray()[0].join())]);
    for (const x of [M, m.XTrain, m.XTest]) x.dispose();
    expect(() => wl.modelSelection.trainTestSplit(X, y.slice(1))).toThrow(wl.ShapeError);
  });

  it('KFold and StratifiedKFold: disjoint tests covering all samples, fold sizes, class balance', async () => {
    const wl = await getWl();
    const X = Array.from({ length: 11 }, (_, i) => [i]);
    const folds = new wl.modelSelection.KFold({ nSplits: 3 }).split(X);
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]);
    for (const f of folds) expect(f.train.length + f.test.length).toBe(11);
    const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const sk = new wl.modelSelection.StratifiedKFold({ nSplits: 3, shuffle: true, seed: 0 }).split(y.map((v) => [v]), y);
    const seen = sk.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b);
    expect(seen).toEqual(y.map((_, i) => i));
    for (const f of sk) expect(Array.from(f.test, (i) => y[i]).sort()).toEqual([0, 0, 1, 2]);
  });

  it('crossValScore and GridSearchCV pick the better option; a pipeline keeps data in the heap', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const { X, y } = wl.datasets.makeRegression({ nSamples: 120, nFeatures: 30, nInformative: 5, noise: 5, seed: 7 });
    const scores = wl.modelSelection.crossValScore(new wl.Ridge({ alpha: 1 }), X, y, { cv: 4 });
    expect(scores.length).toBe(4);
    for (const s of scores) expect(s).toBeGreaterThan(0.9);
    const search = new wl.modelSelection.GridSearchCV(new wl.Lasso(), { alpha: [1000, 0.5, 10] }, { cv: 3 }).fit(X, y);
    expect(search.bestParams).toEqual({ alpha: 0.5 });
    expect(search.cvResults.rankTestScore[search.bestIndex]).toBe(1);
    expect(search.score(X, y)).toBeGreaterThan(0.9);
    search.dispose();
    const pipe = wl.pipeline.makePipeline(new wl.preprocessing.StandardScaler(), new wl.preprocessing.PolynomialFeatures({ degree: 2 }), new wl.Ridge({ alpha: 1 }));
    expect(pipe.steps.map(([name]) => name)).toEqual(['standardscaler', 'polynomialfeatures', 'ridge']);
    pipe.fit(X, y);
    const during = wl.memory().bytesInUse;
    const pred = pipe.predict(X);
    expect(wl.memory().bytesInUse).toBe(during); // the intermediate matrices were freed
    expect(pred.length).toBe(120);
    expect(pipe.score(X, y)).toBeGreaterThan(0.9);
    const grid = new wl.modelSelection.GridSearchCV(pipe.clone(), { ridge__alpha: [0.1, 10] }, { cv: 3 }).fit(X, y);
    expect(Object.keys(grid.bestParams)).toEqual(['ridge__alpha']);
    grid.dispose();
    const clf = wl.pipeline.makePipeline(new wl.preprocessing.StandardScaler(), new wl.KNeighborsClassifier({ nNeighbors: 3 }));
    const iris = await wl.datasets.loadIris();
    const acc = wl.modelSelection.crossValScore(clf, iris.X, iris.y, { cv: 5 });
    expect(acc.reduce((a, b) => a + b) / 5).toBeGreaterThan(0.9);
    pipe.dispose();
    clf.dispose();
    expect(() => pipe.predict(X)).toThrow(wl.DisposedError);
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
