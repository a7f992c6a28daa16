// Behaviour of src/tree and src/cluster that mutation testing (stryker run --mutate over those files)
// showed no test pinned: the class of every error and the option it names, option resolution as
// scikit-learn defines it (fractions of samples and features, 'sqrt'/'log2', nInit 'auto'), model-file
// checks, the exports' options, out-of-bag edges, and that the heap returns to its baseline.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset, getWl, rng, throwsNamed } from '../helpers';

const wl = await getWl();
const { InvalidParameterError: P, ShapeError: S, ModelFormatError: M } = wl;

const X6 = [[0, 1], [1, 0], [2, 1], [3, 0], [4, 1], [5, 0]];
const y6 = [0, 0, 1, 1, 1, 0];

/** n rows of d uniform features in [0, 1) and a target from the first two, seeded. */
function data(n: number, d: number, seed: number, classes = 0): { X: number[][]; y: number[] } {
  const r = rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => r()));
  const y = X.map((row) => (classes ? Math.floor((row[0] + row[1] * 0.7 + r() * 0.3) * classes / 2) % classes : row[0] * 3 + row[1] + r() * 0.1));
  return { X, y };
}

/** `fn` leaves the heap as it found it. */
function noLeak(fn: () => void): void {
  const base = wl.memory().bytesInUse;
  fn();
  expect(wl.memory().bytesInUse).toBe(base);
}

// Kept first: the module-level tables (defaults, criterion codes, linkage codes, model-file keys, the
// estimators' kinds) are evaluated once, when the first test of a file imports the sources.
describe('defaults, kinds and the tables the modules hold (scikit-learn 1.2 names and values)', () => {
  it('the defaults, model-file round trips, criterion and linkage codes, seeded trees and forests as scikit-learn grows them', () => {
    const tree = { maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, minWeightFractionLeaf: 0, maxFeatures: null, maxLeafNodes: null, minImpurityDecrease: 0, seed: null };
    const forest = { ...tree, nEstimators: 100, bootstrap: true, oobScore: false, maxSamples: null };
    expect(new wl.DecisionTreeClassifier().getParams()).toMatchObject({ ...tree, criterion: 'gini' });
    expect(new wl.DecisionTreeRegressor().getParams()).toMatchObject({ ...tree, criterion: 'squared_error' });
    expect(new wl.RandomForestClassifier().getParams()).toMatchObject({ ...forest, criterion: 'gini', maxFeatures: 'sqrt' });
    expect(new wl.RandomForestRegressor().getParams()).toMatchObject({ ...forest, criterion: 'squared_error', maxFeatures: null });
    expect(new wl.KMeans().getParams()).toMatchObject({ nClusters: 8, init: 'k-means++', nInit: 'auto', maxIter: 300, tol: 1e-4, seed: undefined, algorithm: 'lloyd' });
    expect(new wl.MiniBatchKMeans().getParams()).toMatchObject({
      nClusters: 8, init: 'k-means++', maxIter: 100, batchSize: 1024, tol: 0, maxNoImprovement: 10, initSize: null, nInit: 'auto', reassignmentRatio: 0.01, seed: undefined,
    });
    expect(new wl.AgglomerativeClustering().getParams()).toMatchObject({ nClusters: 2, linkage: 'ward', distanceThreshold: null, metric: 'euclidean' });
    const kinds: [new () => { kind: string; task: string }, string, string][] = [
      [wl.DecisionTreeClassifier, 'DecisionTreeClassifier', 'classifier'], [wl.DecisionTreeRegressor, 'DecisionTreeRegressor', 'regressor'],
      [wl.RandomForestClassifier, 'RandomForestClassifier', 'classifier'], [wl.RandomForestRegressor, 'RandomForestRegressor', 'regressor'],
      [wl.KMeans, 'KMeans', 'clusterer'], [wl.MiniBatchKMeans, 'MiniBatchKMeans', 'clusterer'], [wl.AgglomerativeClustering, 'AgglomerativeClustering', 'clusterer'],
    ];
    for (const [Cls, kind, task] of kinds) expect([new Cls().kind, new Cls().task]).toEqual([kind, task]);
    // every model-file key of a tree is read back (the tree's keys are listed in the reader)
    const { X, y } = data(30, 3, 4, 3);
    const models = [
      new wl.DecisionTreeClassifier({ seed: 0 }).fit(X, y), new wl.DecisionTreeRegressor({ seed: 0 }).fit(X, y),
      new wl.RandomForestClassifier({ nEstimators: 3, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, y),
      new wl.RandomForestRegressor({ nEstimators: 3, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, y),
      new wl.KMeans({ nClusters: 3, seed: 0 }).fit(X), new wl.MiniBatchKMeans({ nClusters: 3, seed: 0 }).fit(X),
      new wl.AgglomerativeClustering({ nClusters: 3 }).fit(X),
    ];
    for (const m of models) {
      const file = m.toJSON() as any;
      expect(file.kind).toBe(m.kind);
      const back = wl.load(JSON.stringify(file));
      expect(back.kind).toBe(m.kind);
      expect(JSON.stringify(back.toJSON())).toBe(JSON.stringify(file));
      back.dispose();
      m.dispose();
    }
    // criterion codes: log_loss is entropy, which grows another tree than gini here
    const grown = (C: any, criterion: string) => {
      const e = new C({ criterion, seed: 0, maxDepth: 3 }).fit(X, criterion.includes('_') && criterion !== 'log_loss' ? X.map((r) => r[0] * r[1] * 10 + r[2]) : y);
      const out = nodes(e);
      e.dispose();
      return out;
    };
    const gini = grown(wl.DecisionTreeClassifier, 'gini'), entropy = grown(wl.DecisionTreeClassifier, 'entropy');
    expect(grown(wl.DecisionTreeClassifier, 'log_loss')).toBe(entropy);
    expect(entropy).not.toBe(gini);
    // friedman_mse picks the splits squared_error picks (n·m² + n_l·n_r/n·(m_l − m_r)² orders them alike)
    expect(grown(wl.DecisionTreeRegressor, 'friedman_mse')).toBe(grown(wl.DecisionTreeRegressor, 'squared_error'));
    // linkage codes: each linkage gives its own merge heights (scikit-learn 1.2.1 on these five points)
    const P = [[0], [10], [11], [30], [31.5]];
    const heights = { ward: 36.79334178897046, complete: 31.5, average: 23.75, single: 19 };
    for (const [linkage, h] of Object.entries(heights)) {
      const m = new wl.AgglomerativeClustering({ nClusters: 1, linkage: linkage as never }).fit(P);
      expect(m.distances[3]).toBeCloseTo(h, 12);
      m.dispose();
    }
    // numpy's RandomState and scikit-learn's seeds: a seeded tree with feature sampling and a seeded forest
    // grow scikit-learn's trees (test/fixtures/generated/trees.json)
    const sk = JSON.parse(readFileSync(new URL('../fixtures/generated/trees.json', import.meta.url), 'utf8'));
    const csv = (name: string) => {
      const { rows } = dataset(`${name}.csv`);
      return { X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
    };
    const ref = sk.trees.find((t: any) => t.dataset === 'wine' && t.params.max_features === 3);
    const wine = csv('wine');
    const t = new wl.DecisionTreeClassifier({ criterion: 'gini', seed: ref.params.random_state, maxFeatures: 3 }).fit(wine.X, wine.y);
    expect(t.exportTree().nodes.map((n) => n.feature ?? -2)).toEqual(ref.tree.feature);
    t.dispose();
    const fref = sk.forests.find((f: any) => f.dataset === 'iris');
    const iris = csv('iris');
    const f = new wl.RandomForestClassifier({ nEstimators: 5, seed: fref.params.random_state, maxSamples: fref.params.max_samples }).fit(iris.X, iris.y);
    for (let i = 0; i < 5; i++) expect(f.exportTree(i).nodes.map((n) => n.nSamples)).toEqual(fref.trees[i].nNodeSamples);
    f.dispose();
  });
});

describe('tree and forest options: the class of each error and the option it names', () => {
  const C = (o: object) => () => new wl.DecisionTreeClassifier(o as never).fit(X6, y6);
  const R = (o: object) => () => new wl.DecisionTreeRegressor(o as never).fit(X6, y6);
  const F = (o: object) => () => new wl.RandomForestClassifier({ nEstimators: 2, ...o } as never).fit(X6, y6);
  const FR = (o: object) => () => new wl.RandomForestRegressor({ nEstimators: 2, ...o } as never).fit(X6, y6);
  const T = 'DecisionTreeClassifier: option ';

  it('decision trees', () => {
    throwsNamed(C({ criterion: 'squared_error' }), P, `${T}"criterion" must be one of 'gini', 'entropy', 'log_loss', got "squared_error"`);
    throwsNamed(R({ criterion: 'gini' }), P, `DecisionTreeRegressor: option "criterion" must be one of 'squared_error', 'friedman_mse', got "gini"`);
    throwsNamed(C({ maxDepth: 0 }), P, `${T}"maxDepth" must be an integer >= 1, got 0`);
    throwsNamed(C({ minSamplesSplit: 1 }), P, `${T}"minSamplesSplit" must be an integer >= 2 or a fraction in (0, 1), got 1`);
    throwsNamed(C({ minSamplesSplit: 0 }), P, `${T}"minSamplesSplit" must be an integer >= 2 or a fraction in (0, 1), got 0`);
    throwsNamed(C({ minSamplesSplit: 2.5 }), P, `${T}"minSamplesSplit" must be an integer >= 2 or a fraction in (0, 1), got 2.5`);
    throwsNamed(C({ minSamplesSplit: 2 ** 31 }), P, `${T}"minSamplesSplit" must be an integer >= 2 or a fraction in (0, 1), got 2147483648`);
    throwsNamed(C({ minSamplesSplit: '2' }), P, `${T}"minSamplesSplit" must be an integer >= 2 or a fraction in (0, 1), got "2"`);
    throwsNamed(C({ minSamplesLeaf: 0 }), P, `${T}"minSamplesLeaf" must be an integer >= 1 or a fraction in (0, 1), got 0`);
    throwsNamed(C({ minSamplesLeaf: 1.5 }), P, `${T}"minSamplesLeaf" must be an integer >= 1 or a fraction in (0, 1), got 1.5`);
    throwsNamed(C({ minWeightFractionLeaf: 0.6 }), P, `${T}"minWeightFractionLeaf" must be a finite number >= 0 and <= 0.5, got 0.6`);
    throwsNamed(C({ minWeightFractionLeaf: -0.1 }), P, `${T}"minWeightFractionLeaf" must be a finite number >= 0 and <= 0.5, got -0.1`);
    const mf = `${T}"maxFeatures" must be an integer >= 1, a fraction in (0, 1), 'sqrt', 'log2' or null, got `;
    throwsNamed(C({ maxFeatures: 0 }), P, `${mf}0`);
    throwsNamed(C({ maxFeatures: 1.5 }), P, `${mf}1.5`);
    throwsNamed(C({ maxFeatures: 2 ** 31 }), P, `${mf}2147483648`);
    throwsNamed(C({ maxFeatures: 'auto' }), P, `${mf}"auto"`);
    throwsNamed(C({ maxFeatures: 3 }), P, `${T}"maxFeatures" must be at most the number of features (2), got 3`);
    throwsNamed(C({ maxLeafNodes: 1 }), P, `${T}"maxLeafNodes" must be an integer in [2, 1073741824], got 1`);
    throwsNamed(C({ maxLeafNodes: 2 ** 30 + 1 }), P, `${T}"maxLeafNodes" must be an integer in [2, 1073741824], got 1073741825`);
    throwsNamed(C({ minImpurityDecrease: -1 }), P, `${T}"minImpurityDecrease" must be a finite number >= 0, got -1`);
    throwsNamed(C({ seed: 1.5 }), P, `${T}"seed" must be an integer in [-9007199254740992, 9007199254740992], got 1.5`);
    // the edges that are allowed
    for (const o of [{ maxFeatures: 2 }, { maxFeatures: 1 }, { minSamplesSplit: 2 }, { minSamplesLeaf: 1 }, { maxLeafNodes: 2 }, { minWeightFractionLeaf: 0.5 }, { maxDepth: 1 }, { seed: null }]) {
      noLeak(() => C(o)().dispose());
    }
  });

  it('a regressor takes one target per sample', () => {
    throwsNamed(() => new wl.DecisionTreeRegressor().fit(X6, X6.map(() => [1, 2])), S, 'y: expected one target value per sample (a vector); multi-output trees are not supported, got 6×2');
  });

  it('forests', () => {
    throwsNamed(F({ nEstimators: 0 }), P, 'RandomForestClassifier: option "nEstimators" must be an integer in [1, 100000], got 0');
    throwsNamed(F({ nEstimators: 100_001 }), P, 'RandomForestClassifier: option "nEstimators" must be an integer in [1, 100000], got 100001');
    throwsNamed(F({ maxDepth: 0 }), P, 'RandomForestClassifier: option "maxDepth"');
    throwsNamed(FR({ criterion: 'gini' }), P, `RandomForestRegressor: option "criterion" must be one of 'squared_error', 'friedman_mse'`);
    throwsNamed(F({ bootstrap: 1 }), P, 'RandomForestClassifier: option "bootstrap" must be true or false, got 1');
    throwsNamed(F({ oobScore: 1 }), P, 'RandomForestClassifier: option "oobScore" must be true or false, got 1');
    throwsNamed(F({ oobScore: true, bootstrap: false }), P, 'RandomForestClassifier: option "oobScore" needs bootstrap: true');
    throwsNamed(F({ maxSamples: 3, bootstrap: false }), P, 'RandomForestClassifier: option "maxSamples" can only be set with bootstrap: true');
    const ms = 'RandomForestClassifier: option "maxSamples" must be null, an integer >= 1 or a fraction in (0, 1), got ';
    throwsNamed(F({ maxSamples: 0 }), P, `${ms}0`);
    throwsNamed(F({ maxSamples: 1.5 }), P, `${ms}1.5`);
    throwsNamed(F({ maxSamples: 2 ** 31 }), P, `${ms}2147483648`);
    throwsNamed(F({ maxSamples: '3' }), P, `${ms}"3"`);
    throwsNamed(F({ maxSamples: 7 }), P, 'RandomForestClassifier: option "maxSamples" must be at most the number of samples (6), got 7');
    for (const o of [{ maxSamples: 6 }, { maxSamples: 1 }, { maxSamples: 0.01 }, { nEstimators: 1 }, { bootstrap: false }]) noLeak(() => F(o)().dispose());
  });

  it('exportTree and exportText options', () => {
    const t = new wl.DecisionTreeClassifier({ seed: 0 }).fit(X6, y6);
    const f = new wl.RandomForestClassifier({ nEstimators: 2, seed: 0 }).fit(X6, y6);
    const fr = new wl.RandomForestRegressor({ nEstimators: 2, seed: 0 }).fit(X6, y6);
    throwsNamed(() => t.exportTree({ featureNames: ['a'] }), P, 'exportTree: option "featureNames" must hold 2 names, got 1');
    throwsNamed(() => t.exportTree({ featureNames: 'ab' as never }), P, 'exportTree: option "featureNames" must hold 2 names, got string');
    throwsNamed(() => f.exportTree(2), P, 'RandomForestClassifier.exportTree: index must be an integer in [0, 1], got 2');
    throwsNamed(() => f.exportTree(-1), P, 'RandomForestClassifier.exportTree: index must be an integer in [0, 1], got -1');
    throwsNamed(() => f.exportTree(0.5), P, 'RandomForestClassifier.exportTree: index must be an integer in [0, 1], got 0.5');
    throwsNamed(() => f.exportTree('0' as never), P, 'RandomForestClassifier.exportTree: index must be an integer in [0, 1], got "0"');
    throwsNamed(() => fr.exportTree(2), P, 'RandomForestRegressor.exportTree: index must be an integer in [0, 1], got 2');
    expect(f.exportTree(1).nodes.length).toBeGreaterThan(0);
    expect(fr.exportTree(1, { featureNames: ['u', 'v'] }).nodes[0].featureName).toMatch(/^[uv]$/);
    throwsNamed(() => t.exportText({ foo: 1 } as never), P, 'exportText: unknown option "foo"; expected one of featureNames, maxDepth, spacing, decimals, showWeights');
    throwsNamed(() => t.exportText(null as never), P, 'exportText: expected an options object');
    throwsNamed(() => t.exportText('x' as never), P, 'exportText: expected an options object');
    throwsNamed(() => t.exportText({ maxDepth: -1 }), P, 'exportText: option "maxDepth" must be an integer >= 0, got -1');
    throwsNamed(() => t.exportText({ maxDepth: 1.5 }), P, 'exportText: option "maxDepth" must be an integer >= 0, got 1.5');
    throwsNamed(() => t.exportText({ spacing: 0 }), P, 'exportText: option "spacing" must be an integer > 0, got 0');
    throwsNamed(() => t.exportText({ spacing: 1.5 }), P, 'exportText: option "spacing" must be an integer > 0, got 1.5');
    throwsNamed(() => t.exportText({ decimals: 21 }), P, 'exportText: option "decimals" must be an integer in [0, 20], got 21');
    throwsNamed(() => t.exportText({ decimals: -1 }), P, 'exportText: option "decimals" must be an integer in [0, 20], got -1');
    throwsNamed(() => t.exportText({ decimals: 0.5 }), P, 'exportText: option "decimals" must be an integer in [0, 20], got 0.5');
    throwsNamed(() => t.exportText({ featureNames: 'ab' as never }), P, 'exportText: option "featureNames" must hold 2 names, got string');
    throwsNamed(() => t.exportText({ featureNames: ['a', 'b', 'c'] }), P, 'exportText: option "featureNames" must hold 2 names, got 3');
    // the allowed edges
    expect(t.exportText({ maxDepth: 0, spacing: 1, decimals: 0 })).toBeTypeOf('string');
    expect(t.exportText({ decimals: 20 })).toBeTypeOf('string');
    for (const e of [t, f, fr]) e.dispose();
  });
});

describe('clustering options: the class of each error and the option it names', () => {
  const K = (o: object) => () => new wl.KMeans(o as never).fit(X6);
  const B = (o: object) => () => new wl.MiniBatchKMeans(o as never).fit(X6);
  const A = (o: object) => () => new wl.AgglomerativeClustering(o as never).fit(X6);

  it('KMeans', () => {
    throwsNamed(K({ nClusters: 0 }), P, 'KMeans: option "nClusters" must be an integer >= 1, got 0');
    throwsNamed(K({ init: 'x' }), P, `KMeans: option "init" must be one of 'k-means++', 'random', got "x"`);
    throwsNamed(K({ init: 5 }), P, `KMeans: option "init" must be 'k-means++', 'random' or the initial centers (number[][], k×d), got number`);
    throwsNamed(K({ nInit: 0 }), P, 'KMeans: option "nInit" must be an integer >= 1, got 0');
    throwsNamed(K({ nInit: 'x' }), P, 'KMeans: option "nInit" must be an integer >= 1, got "x"');
    throwsNamed(K({ maxIter: 0 }), P, 'KMeans: option "maxIter" must be an integer >= 1, got 0');
    throwsNamed(K({ tol: -1 }), P, 'KMeans: option "tol" must be a finite number >= 0, got -1');
    throwsNamed(K({ seed: 0.5 }), P, 'KMeans: option "seed" must be an integer in [-9007199254740992, 9007199254740992], got 0.5');
    throwsNamed(K({ algorithm: 'full' }), P, `KMeans: option "algorithm" must be one of 'lloyd', 'elkan', got "full"`);
    throwsNamed(K({ nClusters: 7 }), P, 'KMeans: option "nClusters" (7) must be <= the number of samples (6)');
    throwsNamed(K({ nClusters: 2, init: [[1, 2, 3], [1, 2, 3]] }), S, 'KMeans: option "init" must be 2×2 (nClusters × features), got 2×3');
    throwsNamed(K({ nClusters: 2, init: [[1, 2]] }), S, 'KMeans: option "init" must be 2×2 (nClusters × features), got 1×2');
    for (const o of [{ nClusters: 6, seed: 0 }, { nClusters: 1, maxIter: 1, tol: 0, nInit: 1, seed: 0 }]) noLeak(() => K(o)().dispose());
  });

  it('MiniBatchKMeans', () => {
    throwsNamed(B({ nClusters: 0 }), P, 'MiniBatchKMeans: option "nClusters" must be an integer >= 1, got 0');
    throwsNamed(B({ init: 'x' }), P, `MiniBatchKMeans: option "init" must be one of 'k-means++', 'random', got "x"`);
    throwsNamed(B({ init: 5 }), P, `MiniBatchKMeans: option "init" must be 'k-means++', 'random' or the initial centers (number[][], k×d)`);
    throwsNamed(B({ maxIter: 0 }), P, 'MiniBatchKMeans: option "maxIter" must be an integer >= 1, got 0');
    throwsNamed(B({ batchSize: 0 }), P, 'MiniBatchKMeans: option "batchSize" must be an integer >= 1, got 0');
    throwsNamed(B({ tol: -1 }), P, 'MiniBatchKMeans: option "tol" must be a finite number >= 0, got -1');
    throwsNamed(B({ maxNoImprovement: -1 }), P, 'MiniBatchKMeans: option "maxNoImprovement" must be an integer >= 0, got -1');
    throwsNamed(B({ initSize: 0 }), P, 'MiniBatchKMeans: option "initSize" must be an integer >= 1, got 0');
    throwsNamed(B({ nInit: 0 }), P, 'MiniBatchKMeans: option "nInit" must be an integer >= 1, got 0');
    throwsNamed(B({ reassignmentRatio: -1 }), P, 'MiniBatchKMeans: option "reassignmentRatio" must be a finite number >= 0, got -1');
    throwsNamed(B({ seed: 0.5 }), P, 'MiniBatchKMeans: option "seed" must be an integer in [-9007199254740992, 9007199254740992], got 0.5');
    throwsNamed(B({ nClusters: 7 }), P, 'MiniBatchKMeans: option "nClusters" (7) must be <= the number of samples (6)');
    throwsNamed(() => new wl.MiniBatchKMeans({ nClusters: 7 }).partialFit(X6), P, 'MiniBatchKMeans: option "nClusters" (7) must be <= the samples of the first partialFit batch (6)');
    for (const o of [{ nClusters: 6, seed: 0, maxNoImprovement: null }, { nClusters: 2, maxNoImprovement: 0, initSize: 1, nInit: 1, seed: 0, reassignmentRatio: 0 }]) noLeak(() => B(o)().dispose());
  });

  it('AgglomerativeClustering', () => {
    throwsNamed(A({ linkage: 'median' }), P, `AgglomerativeClustering: option "linkage" must be one of 'ward', 'complete', 'average', 'single', got "median"`);
    throwsNamed(A({ metric: 'l1' }), P, `AgglomerativeClustering: option "metric" must be one of 'euclidean', got "l1"`);
    throwsNamed(A({ nClusters: 0 }), P, 'AgglomerativeClustering: option "nClusters" must be an integer >= 1, got 0');
    throwsNamed(A({ nClusters: null, distanceThreshold: -1 }), P, 'AgglomerativeClustering: option "distanceThreshold" must be a finite number >= 0, got -1');
    throwsNamed(A({ nClusters: 7 }), P, 'AgglomerativeClustering: option "nClusters" (7) must be <= the number of samples (6)');
    throwsNamed(A({ nClusters: null }), P, 'AgglomerativeClustering: exactly one of the options "nClusters" and "distanceThreshold" must be null');
    throwsNamed(A({ nClusters: 2, distanceThreshold: 1 }), P, 'AgglomerativeClustering: exactly one of the options "nClusters" and "distanceThreshold" must be null');
    for (const o of [{ nClusters: 6 }, { nClusters: 1 }, { nClusters: null, distanceThreshold: 0 }]) noLeak(() => A(o)().dispose());
  });
});

/** The tree as JSON without the options (the nodes only). */
const nodes = (e: { exportTree(...a: never[]): { nodes: unknown[] } }, ...a: never[]) => JSON.stringify(e.exportTree(...a).nodes);

describe('option resolution as scikit-learn defines it (a fraction grows the tree of the count it stands for)', () => {
  it('minSamplesLeaf f → ⌈f·n⌉, minSamplesSplit f → max(2, ⌈f·n⌉), minWeightFractionLeaf f → weight f·n per leaf', () => {
    // n = 10 sorted points, class 0 only the first: the root splits off as few points as the leaf size allows
    const X = Array.from({ length: 10 }, (_, i) => [i]);
    const y = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const grow = (o: object) => new wl.DecisionTreeClassifier({ seed: 0, ...o });
    const tree = (o: object) => {
      const e = grow(o).fit(X, y);
      const s = nodes(e);
      e.dispose();
      return s;
    };
    const leaf = [1, 2, 3, 4].map((m) => tree({ minSamplesLeaf: m }));
    expect(new Set(leaf).size).toBe(4);
    expect(tree({ minSamplesLeaf: 0.25 })).toBe(leaf[2]); // ⌈2.5⌉ = 3
    expect(tree({ minSamplesLeaf: 0.2 })).toBe(leaf[1]); // ⌈2⌉ = 2
    expect(tree({ minSamplesLeaf: 0.01 })).toBe(leaf[0]);
    expect(tree({ minWeightFractionLeaf: 0.25 })).toBe(leaf[2]); // weight ≥ 2.5
    expect(tree({ minWeightFractionLeaf: 0.3 })).toBe(leaf[2]);
    expect(tree({ minWeightFractionLeaf: 0.2 })).toBe(leaf[1]);
    expect(tree({ minWeightFractionLeaf: 0 })).toBe(leaf[0]);
    // the split minimum: y alternates, so every node of ≥ m samples is split
    const z = X.map((_, i) => i % 2);
    const split = (o: object) => {
      const e = grow(o).fit(X, z);
      const c = e.nodeCount;
      e.dispose();
      return c;
    };
    const counts = [2, 3, 4, 5, 10, 11].map((m) => split({ minSamplesSplit: m }));
    expect(new Set(counts).size).toBeGreaterThanOrEqual(4);
    expect(split({ minSamplesSplit: 0.35 })).toBe(counts[2]); // ⌈3.5⌉ = 4
    expect(split({ minSamplesSplit: 0.3 })).toBe(counts[1]); // ⌈3⌉ = 3
    expect(split({ minSamplesSplit: 0.01 })).toBe(counts[0]); // max(2, ⌈0.1⌉)
    expect(split({ minSamplesSplit: 0.91 })).toBe(counts[4]); // ⌈9.1⌉ = 10: the root (10 samples) still splits
    expect(counts[4]).toBe(3);
    expect(counts[5]).toBe(1);
  });
});

describe('maxFeatures: sqrt → ⌊√d⌋, log2 → ⌊log2 d⌋, a fraction f → ⌊f·d⌋, each at least 1 (scikit-learn)', () => {
  const { X, y } = data(60, 30, 11, 3);
  const tree = (maxFeatures: unknown, Xs = X) => {
    const e = new wl.DecisionTreeClassifier({ seed: 5, maxFeatures: maxFeatures as never, maxDepth: 4 }).fit(Xs, y);
    const s = nodes(e);
    e.dispose();
    return s;
  };
  it('d = 30', () => {
    const byCount = new Map([1, 4, 5, 6, 15, 16, 30].map((m) => [m, tree(m)]));
    expect(new Set(byCount.values()).size).toBe(7);
    expect(tree('sqrt')).toBe(byCount.get(5)); // ⌊5.48⌋
    expect(tree('log2')).toBe(byCount.get(4)); // ⌊4.91⌋
    expect(tree(0.51)).toBe(byCount.get(15)); // ⌊15.3⌋
    expect(tree(0.19)).toBe(byCount.get(5)); // ⌊5.7⌋
    expect(tree(0.01)).toBe(byCount.get(1)); // max(1, ⌊0.3⌋)
    expect(tree(null)).toBe(byCount.get(30));
  });
  it('d = 1: log2 and small fractions still look at the one feature', () => {
    const X1 = X.map((r) => [r[0]]);
    const all = tree(null, X1);
    expect(JSON.parse(all).length).toBeGreaterThan(1);
    for (const m of ['log2', 'sqrt', 0.5, 1]) expect(tree(m, X1)).toBe(all);
  });
});

describe('forests: bootstrap size, out-of-bag edges, importances', () => {
  it('maxSamples: a fraction v draws max(1, round(n·v)) rows, rounding halves to even as Python does; a count draws that many', () => {
    const { X, y } = data(10, 3, 2, 2);
    const drawn = (maxSamples: number | null, bootstrap = true) => {
      const f = new wl.RandomForestClassifier({ nEstimators: 3, seed: 0, maxSamples, bootstrap });
      f.fit(X, y);
      const w = [0, 1, 2].map((t) => f.exportTree(t).nodes[0].weightedNSamples);
      f.dispose();
      return w;
    };
    // scikit-learn 1.2.1: _get_n_samples_bootstrap(10, 0.25) = 2, (10, 0.35) = 4, (10, 0.15) = 2, (10, 0.05) = 1
    expect(drawn(0.25)).toEqual([2, 2, 2]);
    expect(drawn(0.35)).toEqual([4, 4, 4]);
    expect(drawn(0.15)).toEqual([2, 2, 2]);
    expect(drawn(0.05)).toEqual([1, 1, 1]);
    expect(drawn(0.71)).toEqual([7, 7, 7]);
    expect(drawn(7)).toEqual([7, 7, 7]);
    expect(drawn(10)).toEqual([10, 10, 10]);
    expect(drawn(null)).toEqual([10, 10, 10]);
    expect(drawn(null, false)).toEqual([10, 10, 10]);
  });
});

describe('exportText: line for line what sklearn.tree.export_text prints, ties of the rounding included', () => {
  // scikit-learn 1.2.1: X and y below, DecisionTreeClassifier(random_state=0) and
  // DecisionTreeRegressor(random_state=0, max_depth=3), export_text(model, **options); Python's format
  // rounds an exact tie to even (0.5 → '0', 2.5 → '2', 3.5 → '4').
  const X = [[0, 0], [0, 5], [1, 0], [1, 2], [1, 3], [1, 4], [2, 1], [2, 2], [3, 3], [3, 0]];
  const yc = ['a', 'a', 'b', 'b', 'c', 'c', 'a', 'b', 'c', 'c'];
  const yr = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const sk: Record<string, [object, string][]> = {
    c: [
      [{}, "|--- feature_0 <= 0.50\n|   |--- class: a\n|--- feature_0 >  0.50\n|   |--- feature_1 <= 2.50\n|   |   |--- feature_0 <= 2.50\n|   |   |   |--- feature_0 <= 1.50\n|   |   |   |   |--- class: b\n|   |   |   |--- feature_0 >  1.50\n|   |   |   |   |--- feature_1 <= 1.50\n|   |   |   |   |   |--- class: a\n|   |   |   |   |--- feature_1 >  1.50\n|   |   |   |   |   |--- class: b\n|   |   |--- feature_0 >  2.50\n|   |   |   |--- class: c\n|   |--- feature_1 >  2.50\n|   |   |--- class: c\n"],
      [{ maxDepth: 0 }, "|--- feature_0 <= 0.50\n|   |--- class: a\n|--- feature_0 >  0.50\n|   |--- truncated branch of depth 5\n"],
      [{ maxDepth: 1 }, "|--- feature_0 <= 0.50\n|   |--- class: a\n|--- feature_0 >  0.50\n|   |--- feature_1 <= 2.50\n|   |   |--- truncated branch of depth 4\n|   |--- feature_1 >  2.50\n|   |   |--- class: c\n"],
      [{ spacing: 1, decimals: 0 }, "|- feature_0 <= 0\n| |- class: a\n|- feature_0 >  0\n| |- feature_1 <= 2\n| | |- feature_0 <= 2\n| | | |- feature_0 <= 2\n| | | | |- class: b\n| | | |- feature_0 >  2\n| | | | |- feature_1 <= 2\n| | | | | |- class: a\n| | | | |- feature_1 >  2\n| | | | | |- class: b\n| | |- feature_0 >  2\n| | | |- class: c\n| |- feature_1 >  2\n| | |- class: c\n"],
      [{ showWeights: true, decimals: 1 }, "|--- feature_0 <= 0.5\n|   |--- weights: [2.0, 0.0, 0.0] class: a\n|--- feature_0 >  0.5\n|   |--- feature_1 <= 2.5\n|   |   |--- feature_0 <= 2.5\n|   |   |   |--- feature_0 <= 1.5\n|   |   |   |   |--- weights: [0.0, 2.0, 0.0] class: b\n|   |   |   |--- feature_0 >  1.5\n|   |   |   |   |--- feature_1 <= 1.5\n|   |   |   |   |   |--- weights: [1.0, 0.0, 0.0] class: a\n|   |   |   |   |--- feature_1 >  1.5\n|   |   |   |   |   |--- weights: [0.0, 1.0, 0.0] class: b\n|   |   |--- feature_0 >  2.5\n|   |   |   |--- weights: [0.0, 0.0, 1.0] class: c\n|   |--- feature_1 >  2.5\n|   |   |--- weights: [0.0, 0.0, 3.0] class: c\n"],
      [{ featureNames: ['u', 'v'], maxDepth: 2, spacing: 4 }, "|---- u <= 0.50\n|    |---- class: a\n|---- u >  0.50\n|    |---- v <= 2.50\n|    |    |---- u <= 2.50\n|    |    |    |---- truncated branch of depth 3\n|    |    |---- u >  2.50\n|    |    |    |---- class: c\n|    |---- v >  2.50\n|    |    |---- class: c\n"],
    ],
    r: [
      [{}, "|--- feature_0 <= 1.50\n|   |--- feature_0 <= 0.50\n|   |   |--- feature_1 <= 2.50\n|   |   |   |--- value: [1.00]\n|   |   |--- feature_1 >  2.50\n|   |   |   |--- value: [2.00]\n|   |--- feature_0 >  0.50\n|   |   |--- feature_1 <= 2.50\n|   |   |   |--- value: [3.50]\n|   |   |--- feature_1 >  2.50\n|   |   |   |--- value: [5.50]\n|--- feature_0 >  1.50\n|   |--- feature_0 <= 2.50\n|   |   |--- feature_1 <= 1.50\n|   |   |   |--- value: [7.00]\n|   |   |--- feature_1 >  1.50\n|   |   |   |--- value: [8.00]\n|   |--- feature_0 >  2.50\n|   |   |--- feature_1 <= 1.50\n|   |   |   |--- value: [10.00]\n|   |   |--- feature_1 >  1.50\n|   |   |   |--- value: [9.00]\n"],
      [{ maxDepth: 0 }, "|--- feature_0 <= 1.50\n|   |--- truncated branch of depth 3\n|--- feature_0 >  1.50\n|   |--- truncated branch of depth 3\n"],
      [{ maxDepth: 1 }, "|--- feature_0 <= 1.50\n|   |--- feature_0 <= 0.50\n|   |   |--- truncated branch of depth 2\n|   |--- feature_0 >  0.50\n|   |   |--- truncated branch of depth 2\n|--- feature_0 >  1.50\n|   |--- feature_0 <= 2.50\n|   |   |--- truncated branch of depth 2\n|   |--- feature_0 >  2.50\n|   |   |--- truncated branch of depth 2\n"],
      [{ spacing: 1, decimals: 0 }, "|- feature_0 <= 2\n| |- feature_0 <= 0\n| | |- feature_1 <= 2\n| | | |- value: [1]\n| | |- feature_1 >  2\n| | | |- value: [2]\n| |- feature_0 >  0\n| | |- feature_1 <= 2\n| | | |- value: [4]\n| | |- feature_1 >  2\n| | | |- value: [6]\n|- feature_0 >  2\n| |- feature_0 <= 2\n| | |- feature_1 <= 2\n| | | |- value: [7]\n| | |- feature_1 >  2\n| | | |- value: [8]\n| |- feature_0 >  2\n| | |- feature_1 <= 2\n| | | |- value: [10]\n| | |- feature_1 >  2\n| | | |- value: [9]\n"],
      [{ showWeights: true, decimals: 1 }, "|--- feature_0 <= 1.5\n|   |--- feature_0 <= 0.5\n|   |   |--- feature_1 <= 2.5\n|   |   |   |--- value: [1.0]\n|   |   |--- feature_1 >  2.5\n|   |   |   |--- value: [2.0]\n|   |--- feature_0 >  0.5\n|   |   |--- feature_1 <= 2.5\n|   |   |   |--- value: [3.5]\n|   |   |--- feature_1 >  2.5\n|   |   |   |--- value: [5.5]\n|--- feature_0 >  1.5\n|   |--- feature_0 <= 2.5\n|   |   |--- feature_1 <= 1.5\n|   |   |   |--- value: [7.0]\n|   |   |--- feature_1 >  1.5\n|   |   |   |--- value: [8.0]\n|   |--- feature_0 >  2.5\n|   |   |--- feature_1 <= 1.5\n|   |   |   |--- value: [10.0]\n|   |   |--- feature_1 >  1.5\n|   |   |   |--- value: [9.0]\n"],
      [{ featureNames: ['u', 'v'], maxDepth: 2, spacing: 4 }, "|---- u <= 1.50\n|    |---- u <= 0.50\n|    |    |---- v <= 2.50\n|    |    |    |---- value: [1.00]\n|    |    |---- v >  2.50\n|    |    |    |---- value: [2.00]\n|    |---- u >  0.50\n|    |    |---- v <= 2.50\n|    |    |    |---- value: [3.50]\n|    |    |---- v >  2.50\n|    |    |    |---- value: [5.50]\n|---- u >  1.50\n|    |---- u <= 2.50\n|    |    |---- v <= 1.50\n|    |    |    |---- value: [7.00]\n|    |    |---- v >  1.50\n|    |    |    |---- value: [8.00]\n|    |---- u >  2.50\n|    |    |---- v <= 1.50\n|    |    |    |---- value: [10.00]\n|    |    |---- v >  1.50\n|    |    |    |---- value: [9.00]\n"],
    ],
  };
  it('classifier and regressor, every option', () => {
    const c = new wl.DecisionTreeClassifier({ seed: 0 }).fit(X, yc);
    const r = new wl.DecisionTreeRegressor({ seed: 0, maxDepth: 3 }).fit(X, yr);
    for (const [o, text] of sk.c) expect(c.exportText(o)).toBe(text);
    for (const [o, text] of sk.r) expect(r.exportText(o)).toBe(text);
    expect(c.exportText()).toBe(sk.c[0][1]);
    // scikit-learn: feature_importances_, get_depth(), get_n_leaves()
    expect(Array.from(c.featureImportances)).toEqual([0.5530303030303031, 0.446969696969697]);
    expect(Array.from(r.featureImportances)).toEqual([0.9325153374233128, 0.06748466257668712]);
    expect([c.getDepth(), c.getNLeaves(), r.getDepth(), r.getNLeaves()]).toEqual([5, 6, 3, 8]);
    c.dispose();
    r.dispose();
  });
  it('a leaf value of −0 prints as Python prints it (-0.00)', () => {
    const r = new wl.DecisionTreeRegressor({ maxDepth: 1 }).fit([[0], [1]], [1, 2]);
    const file = r.toJSON() as any;
    file.state.trees[0].value.data = Buffer.from(new Float64Array([1.5, -0, 2]).buffer).toString('base64');
    const back = wl.load(file) as InstanceType<typeof wl.DecisionTreeRegressor>;
    expect(back.exportText()).toBe('|--- feature_0 <= 0.50\n|   |--- value: [-0.00]\n|--- feature_0 >  0.50\n|   |--- value: [2.00]\n');
    back.dispose();
    r.dispose();
  });
});

const b64 = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const ints = (v: number[]) => ({ dtype: 'int32', shape: [v.length], data: b64(Int32Array.from(v)) });
const reals = (v: number[], shape = [v.length]) => ({ dtype: 'float64', shape, data: b64(Float64Array.from(v)) });

describe('tree model files: a hand-made tree, and each way a file can fail to hold a tree', () => {
  // 0: x0 <= 0.5 ? 1 : 2;  2: x1 <= 2 ? 3 : 4;  leaves 1, 3, 4 predict 10, 20, 30
  const good = {
    nodeCount: 5, feature: [0, -2, 1, -2, -2], threshold: [0.5, -2, 2, -2, -2], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1],
    value: [20, 10, 26, 20, 30], impurity: [10, 0, 4, 0, 0], nNodeSamples: [5, 2, 3, 1, 2], weightedNNodeSamples: [5, 2, 3, 1, 2],
  };
  type T = typeof good;
  const file = (t: T, extra: Record<string, unknown> = {}) => {
    const est = new wl.DecisionTreeRegressor().fit([[0, 0], [1, 1]], [0, 1]);
    const f = est.toJSON() as any;
    est.dispose();
    f.state = {
      nFeatures: 2, ...extra,
      trees: [{
        nodeCount: t.nodeCount, feature: ints(t.feature), threshold: reals(t.threshold), left: ints(t.left), right: ints(t.right),
        value: reals(t.value, [t.value.length, 1]), impurity: reals(t.impurity), nNodeSamples: ints(t.nNodeSamples), weightedNNodeSamples: reals(t.weightedNNodeSamples),
      }],
    };
    return f;
  };
  const bad = (change: Partial<T>, start: string, extra?: Record<string, unknown>) => noLeak(() => throwsNamed(() => wl.load(file({ ...good, ...change }, extra)), M, start));

  it('loads, predicts, applies and measures the hand-made tree', () => {
    noLeak(() => {
      const t = wl.load(file(good)) as InstanceType<typeof wl.DecisionTreeRegressor>;
      expect(Array.from(t.predict([[0, 0], [0.5, 9], [1, 2], [1, 3]]))).toEqual([10, 10, 20, 30]);
      expect(Array.from(t.apply([[0, 0], [1, 2], [1, 3]]))).toEqual([1, 3, 4]);
      expect([t.getDepth(), t.getNLeaves(), t.nodeCount]).toEqual([2, 3, 5]);
      // (5·10 − 3·4) / 5 = 7.6 and (3·4) / 5 = 2.4, normalized
      expect(Array.from(t.featureImportances).map((v) => +v.toFixed(12))).toEqual([0.76, 0.24]);
      const e = t.exportTree({ featureNames: ['a', 'b'] });
      expect(e).toMatchObject({ nodeCount: 5, maxDepth: 2, nLeaves: 3, nFeatures: 2 });
      expect(e.classes).toBeUndefined();
      expect(e.nodes.map((n) => [n.id, n.feature, n.featureName, n.threshold, n.depth, n.class])).toEqual([
        [0, 0, 'a', 0.5, 0, undefined], [1, null, undefined, null, 1, undefined], [2, 1, 'b', 2, 1, undefined], [3, null, undefined, null, 2, undefined], [4, null, undefined, null, 2, undefined],
      ]);
      expect(e.nodes[2]).toMatchObject({ left: 3, right: 4, impurity: 4, nSamples: 3, weightedNSamples: 3, value: [26] });
      expect(t.exportText({ maxDepth: 0 })).toBe('|--- feature_0 <= 0.50\n|   |--- value: [10.00]\n|--- feature_0 >  0.50\n|   |--- truncated branch of depth 2\n');
      t.dispose();
    });
  });

  it('names what is wrong', () => {
    const f = 'model.state.trees[0]';
    bad({ feature: [0, 1, 1, -2, -2] }, `${f}.feature[1]: a leaf has feature -2, got 1`);
    bad({ left: [0, -1, 3, -1, -1] }, `${f}: node 0 has children 0 and 2; expected two distinct nodes after it (indices 1..4) or -1 and -1 for a leaf`);
    bad({ right: [0, -1, 4, -1, -1] }, `${f}: node 0 has children 1 and 0;`);
    bad({ left: [5, -1, 3, -1, -1] }, `${f}: node 0 has children 5 and 2;`);
    bad({ right: [2, -1, 5, -1, -1] }, `${f}: node 2 has children 3 and 5;`);
    bad({ left: [2, -1, 3, -1, -1] }, `${f}: node 0 has children 2 and 2;`);
    bad({ left: [1, -1, -1, -1, -1] }, `${f}: node 2 has children -1 and 4;`);
    bad({ left: [1, -1, 1, -1, -1], right: [2, -1, 4, -1, -1] }, `${f}: node 2 has children 1 and 4;`);
    // node 4 made a child of both 0 and 2 (1 left unreachable, 3 too)
    bad({ left: [4, -1, 3, -1, -1], right: [2, -1, 4, -1, -1] }, `${f}: node 4 has two parents`);
    bad({ left: [1, -1, 3, -1, -1], right: [3, -1, 4, -1, -1] }, `${f}: node 3 has two parents`);
    bad({ feature: [2, -2, 1, -2, -2] }, `${f}.feature[0]: expected a feature index in [0, 1], got 2`);
    bad({ feature: [0, -2, -1, -2, -2] }, `${f}.feature[2]: expected a feature index in [0, 1], got -1`);
    bad({ nNodeSamples: [5, 2, 3, -1, 2] }, `${f}.nNodeSamples[3]: expected a count >= 0, got -1`);
    // a root that is a leaf leaves the other nodes unreachable
    bad({ feature: [-2, -2, 1, -2, -2], left: [-1, -1, 3, -1, -1], right: [-1, -1, 4, -1, -1] }, `${f}: node 1 is not reachable from the root`);
    bad({}, 'model.state: a regressor has no classes', { classes: { dtype: 'float64', shape: [2], data: b64(Float64Array.from([0, 1])) } });
    bad({}, 'model.state: unknown key "extra"', { extra: 1 });
    noLeak(() => throwsNamed(() => wl.load({ ...file(good), state: { ...file(good).state, trees: [] } }), M, 'model.state.trees: expected an array of 1 tree, got 0'));
    noLeak(() => throwsNamed(() => wl.load({ ...file(good), state: { ...file(good).state, trees: 'x' } }), M, 'model.state.trees: expected an array of 1 tree, got string'));
    // zero samples in a node is allowed (a count ≥ 0)
    noLeak(() => wl.load(file({ ...good, nNodeSamples: [5, 0, 3, 1, 2] })).dispose());
  });

  it('a classifier file holds non-negative class weights', () => {
    const c = new wl.DecisionTreeClassifier({ seed: 0 }).fit([[0], [1], [2]], [0, 1, 1]);
    const f = c.toJSON() as any;
    const v = new Float64Array(Uint8Array.from(Buffer.from(f.state.trees[0].value.data, 'base64')).buffer);
    const neg = Float64Array.from(v);
    neg[neg.length - 1] = -1;
    f.state.trees[0].value.data = b64(neg);
    noLeak(() => throwsNamed(() => wl.load(f), M, 'model.state.trees[0].value: class weights must be >= 0, got -1'));
    neg[neg.length - 1] = 0;
    f.state.trees[0].value.data = b64(neg);
    noLeak(() => wl.load(f).dispose());
    c.dispose();
  });
});

describe('forests: out-of-bag estimates and their model files', () => {
  const X = Array.from({ length: 20 }, (_, i) => [i, (i * 7) % 5]);
  const OOB_WARNING = 'some inputs do not have out-of-bag predictions (they were drawn by every tree); this probably means too few trees were used to compute any reliable out-of-bag estimates';

  it('regressor: rows no tree left out predict 0 and warn; R² of a constant target is 1 when matched, else 0 (scikit-learn)', () => {
    const warnings: string[] = [];
    const one = new wl.RandomForestRegressor({ nEstimators: 1, seed: 0, oobScore: true, onWarning: (m) => warnings.push(m) }).fit(X, X.map(() => 5));
    const pred = Array.from(one.oobPrediction!);
    // the rows out of the bag are those the bootstrap did not draw: n minus the distinct rows at the root
    expect(pred.filter((v) => v === 5).length).toBe(20 - one.exportTree(0).nodes[0].nSamples);
    expect(pred.every((v) => v === 5 || v === 0)).toBe(true);
    expect(one.oobScore).toBe(0);
    expect(warnings).toEqual([`RandomForestRegressor: ${OOB_WARNING}`]);
    const many = new wl.RandomForestRegressor({ nEstimators: 30, seed: 0, oobScore: true, onWarning: (m) => warnings.push(m) }).fit(X, X.map(() => 5));
    expect(many.oobScore).toBe(1);
    expect(Array.from(many.oobPrediction!)).toEqual(X.map(() => 5));
    expect(warnings.length).toBe(1);
    // a target that varies: R² = 1 − SS_res / SS_tot of the out-of-bag predictions
    const y = X.map((r) => r[0] + r[1]);
    const f = new wl.RandomForestRegressor({ nEstimators: 30, seed: 1, oobScore: true, maxDepth: 3 }).fit(X, y);
    const p = f.oobPrediction!;
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const ssRes = y.reduce((s, v, i) => s + (v - p[i]) ** 2, 0), ssTot = y.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(f.oobScore).toBeCloseTo(1 - ssRes / ssTot, 12);
    expect(f.oobScore!).toBeLessThan(1);
    for (const e of [one, many, f]) e.dispose();
  });

  it('classifier: the out-of-bag accuracy is that of the argmax of the averaged probabilities; null without oobScore', () => {
    const warnings: string[] = [];
    const y = X.map((r) => (r[1] > 2 ? 'a' : 'b'));
    for (const [nEstimators, seed] of [[2, 0], [3, 4], [25, 1]]) {
      const c = new wl.RandomForestClassifier({ nEstimators, seed, oobScore: true, maxDepth: 2, onWarning: (m) => warnings.push(m) }).fit(X, y);
      const d = c.oobDecisionFunction!;
      expect(d.length).toBe(40);
      let hits = 0;
      for (let i = 0; i < 20; i++) {
        const s = d[2 * i] + d[2 * i + 1];
        expect(s === 0 || Math.abs(s - 1) < 1e-12).toBe(true);
        // the first of equal probabilities, as numpy's argmax: 'a'
        if ((d[2 * i + 1] > d[2 * i] ? 'b' : 'a') === y[i]) hits++;
      }
      expect(c.oobScore).toBe(hits / 20);
      c.dispose();
    }
    expect(warnings[0]).toBe(`RandomForestClassifier: ${OOB_WARNING}`);
    const plain = new wl.RandomForestClassifier({ nEstimators: 2, seed: 0 }).fit(X, y);
    expect(plain.oobScore).toBeNull();
    expect(plain.oobDecisionFunction).toBeNull();
    const reg = new wl.RandomForestRegressor({ nEstimators: 2, seed: 0 }).fit(X, X.map((r) => r[0]));
    expect(reg.oobScore).toBeNull();
    expect(reg.oobPrediction).toBeNull();
    plain.dispose();
    reg.dispose();
  });

  it('model files keep the out-of-bag results; oob and oobScore come together', () => {
    const y = X.map((r) => (r[1] > 2 ? 'a' : 'b'));
    const c = new wl.RandomForestClassifier({ nEstimators: 3, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, y);
    const r = new wl.RandomForestRegressor({ nEstimators: 3, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, X.map((v) => v[0]));
    const fc = c.toJSON() as any, fr = r.toJSON() as any;
    expect(fc.state.oob.shape).toEqual([20, 2]);
    expect(fr.state.oob.shape).toEqual([20, 1]);
    const bc = wl.load(fc) as typeof c, br = wl.load(JSON.stringify(fr)) as typeof r;
    expect(bc.oobScore).toBe(c.oobScore);
    expect(Array.from(bc.oobDecisionFunction!)).toEqual(Array.from(c.oobDecisionFunction!));
    expect(br.oobScore).toBe(r.oobScore);
    expect(Array.from(br.oobPrediction!)).toEqual(Array.from(r.oobPrediction!));
    expect(Array.from(bc.featureImportances)).toEqual(Array.from(c.featureImportances));
    expect(Array.from(bc.predictProba(X))).toEqual(Array.from(c.predictProba(X)));
    const without = (k: string) => {
      const f = structuredClone(fc);
      delete f.state[k];
      return f;
    };
    noLeak(() => throwsNamed(() => wl.load(without('oob')), M, 'model.state: oobScore and oob come together'));
    noLeak(() => throwsNamed(() => wl.load(without('oobScore')), M, 'model.state: oobScore and oob come together'));
    noLeak(() => throwsNamed(() => wl.load({ ...fc, state: { ...fc.state, oobScore: 'x' } }), M, 'model.state.oobScore: expected a finite number, got "x"'));
    noLeak(() => throwsNamed(() => wl.load({ ...fc, state: { ...fc.state, x: 1 } }), M, 'model.state: unknown key "x"'));
    noLeak(() => throwsNamed(() => wl.load({ ...fc, state: { ...fc.state, trees: fc.state.trees.slice(1) } }), M, 'model.state.trees: expected an array of 3 trees, got 2'));
    noLeak(() => throwsNamed(() => wl.load({ ...fc, params: { ...fc.params, nEstimators: 1 } }), M, 'model.state.trees: expected an array of 1 tree, got 3'));
    const none = wl.load({ ...fc, state: { ...fc.state, oob: null, oobScore: null } }) as typeof c;
    expect(none.oobScore).toBeNull();
    expect(none.oobDecisionFunction).toBeNull();
    const plain = new wl.RandomForestRegressor({ nEstimators: 2, seed: 0 }).fit(X, X.map((v) => v[0]));
    expect(Object.keys((plain.toJSON() as any).state).sort()).toEqual(['nFeatures', 'trees']);
    for (const e of [c, r, bc, br, none, plain]) e.dispose();
  });

  it('importances: the mean of the trees that split, normalized; a forest of stumps that never split has none', () => {
    const { X: Xd, y } = data(40, 4, 3);
    const f = new wl.RandomForestRegressor({ nEstimators: 5, seed: 2, maxDepth: 2 }).fit(Xd, y);
    const sum = new Float64Array(4);
    for (let t = 0; t < 5; t++) {
      const e = f.exportTree(t);
      const imp = new Float64Array(4);
      for (const n of e.nodes) {
        if (n.left < 0) continue;
        const l = e.nodes[n.left], r = e.nodes[n.right];
        imp[n.feature!] += n.weightedNSamples * n.impurity - l.weightedNSamples * l.impurity - r.weightedNSamples * r.impurity;
      }
      const s = imp.reduce((a, b) => a + b, 0);
      for (let j = 0; j < 4; j++) sum[j] += imp[j] / s;
    }
    const got = f.featureImportances;
    for (let j = 0; j < 4; j++) expect(got[j]).toBeCloseTo(sum[j] / 5, 12);
    const constant = new wl.RandomForestRegressor({ nEstimators: 3, seed: 0 }).fit(Xd, Xd.map(() => 1));
    expect(Array.from(constant.featureImportances)).toEqual([0, 0, 0, 0]);
    const tree = new wl.DecisionTreeRegressor().fit(Xd, Xd.map(() => 1));
    expect(Array.from(tree.featureImportances)).toEqual([0, 0, 0, 0]);
    for (const e of [f, constant, tree]) e.dispose();
  });
});

describe('MiniBatchKMeans: steps, passes and stopping as scikit-learn counts them', () => {
  const X = data(100, 2, 9).X;
  const fit = (o: object) => new wl.MiniBatchKMeans({ nClusters: 2, seed: 0, nInit: 1, ...o });
  const steps = (o: object, n = 100) => {
    const m = fit(o).fit(X.slice(0, n));
    const out = [m.nSteps, m.nIter];
    m.dispose();
    return out;
  };
  it('nSteps = ⌊maxIter·n / batch⌋ without early stopping, nIter = ⌈nSteps·batch / n⌉; the batch is at most n', () => {
    // scikit-learn 1.2.1 on 100 rows: (batch_size 30, max_iter 2) → n_steps_ 6, n_iter_ 2; (1024, 3) → 3, 3
    expect(steps({ batchSize: 30, maxIter: 2, maxNoImprovement: null })).toEqual([6, 2]);
    expect(steps({ batchSize: 1024, maxIter: 3, maxNoImprovement: null })).toEqual([3, 3]);
    expect(steps({ batchSize: 7, maxIter: 1, maxNoImprovement: null })).toEqual([14, 1]);
    expect(steps({ batchSize: 7, maxIter: 3, maxNoImprovement: null }, 50)).toEqual([21, 3]);
  });
  it('the first step is not judged: maxNoImprovement 0 or a huge tol stop after the second (scikit-learn: n_steps_ 2)', () => {
    expect(steps({ batchSize: 10, maxIter: 5, maxNoImprovement: 0 })).toEqual([2, 1]);
    expect(steps({ batchSize: 10, maxIter: 5, tol: 1e9 })).toEqual([2, 1]);
    expect(steps({ batchSize: 10, maxIter: 5, tol: 1e9, maxNoImprovement: null })).toEqual([2, 1]);
    // a tolerance no shift meets runs every step
    expect(steps({ batchSize: 10, maxIter: 5, tol: 1e-300, maxNoImprovement: null })).toEqual([50, 5]);
    // with patience the smoothed inertia must fail to improve that many steps in a row
    const [n3] = steps({ batchSize: 10, maxIter: 50, maxNoImprovement: 3 });
    const [n1] = steps({ batchSize: 10, maxIter: 50, maxNoImprovement: 1 });
    expect(n1).toBeGreaterThanOrEqual(3);
    expect(n3).toBeGreaterThan(n1);
    expect(n3).toBeLessThan(500);
  });
  it('partialFit: steps count up, reassignment is due at the first call and then every 10·k samples (scikit-learn _n_since_last_reassign)', () => {
    const m = new wl.MiniBatchKMeans({ nClusters: 3, seed: 0, batchSize: 10 });
    const since = () => (m.toJSON() as any).state.sinceReassign;
    m.partialFit(X.slice(0, 10));
    expect([m.nSteps, m.nIter, since()]).toEqual([1, 1, 0]);
    m.partialFit(X.slice(10, 20));
    expect([m.nSteps, since()]).toEqual([2, 10]);
    m.partialFit(X.slice(20, 30));
    expect(since()).toBe(20);
    m.partialFit(X.slice(30, 40));
    expect(since()).toBe(0); // 30 = 10·k
    // a batch larger than batchSize counts batchSize samples, as scikit-learn's _batch_size
    m.partialFit(X.slice(40, 90));
    expect([m.nSteps, since()]).toEqual([5, 10]);
    const back = wl.load(m.toJSON()) as typeof m;
    expect([back.nSteps, back.nIter, (back.toJSON() as any).state.sinceReassign]).toEqual([5, 5, 10]);
    expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
    back.partialFit(X.slice(0, 10));
    m.partialFit(X.slice(0, 10));
    expect(back.clusterCenters).toEqual(m.clusterCenters);
    for (const e of [m, back]) e.dispose();
  });
});

describe('KMeans: restarts, tolerance, warnings, dtype and model files', () => {
  const iris = (() => {
    const { rows } = dataset('iris.csv');
    return rows.map((r) => r.slice(0, 4));
  })();
  const init3 = [iris[0], iris[1], iris[2]];

  it('tol is relative to the mean column variance: nIter and inertia as scikit-learn 1.2.1 from rows 0, 1, 2', () => {
    // KMeans(3, init=X[[0, 1, 2]], n_init=1, tol=t): n_iter_ 12, 12, 4, 3 and inertia_ for t = 0, 1e-4, 1e-2, 0.1
    const sk: [number, number, number][] = [[0, 12, 78.85566582597731], [1e-4, 12, 78.85566582597731], [1e-2, 4, 83.5791139457432], [0.1, 3, 84.49193138509845]];
    for (const algorithm of ['lloyd', 'elkan'] as const) {
      for (const [tol, nIter, inertia] of sk) {
        const m = new wl.KMeans({ nClusters: 3, init: init3, tol, algorithm }).fit(iris);
        expect([m.nIter, m.converged]).toEqual([nIter, true]);
        expect(m.inertia).toBeCloseTo(inertia, 10);
        m.dispose();
      }
    }
  });

  it('stopping at maxIter warns and reports converged false (scikit-learn: n_iter_ 2, inertia 86.7228…)', () => {
    const warnings: string[] = [];
    const m = new wl.KMeans({ nClusters: 3, init: init3, maxIter: 2, onWarning: (s) => warnings.push(s) }).fit(iris);
    expect([m.nIter, m.converged]).toEqual([2, false]);
    expect(m.inertia).toBeCloseTo(86.72282751379241, 10);
    expect(warnings).toEqual(['KMeans: did not converge in maxIter = 2 iterations; increase maxIter or tol']);
    const back = wl.load(m.toJSON()) as typeof m;
    expect([back.nIter, back.converged, back.inertia]).toEqual([2, false, m.inertia]);
    // converging exactly at maxIter = 12 is converged, without a warning
    const exact = new wl.KMeans({ nClusters: 3, init: init3, maxIter: 12, tol: 0, onWarning: (s) => warnings.push(s) }).fit(iris);
    expect([exact.nIter, exact.converged, warnings.length]).toEqual([12, true, 1]);
    const ok = wl.load(exact.toJSON()) as typeof m;
    expect(ok.converged).toBe(true);
    for (const e of [m, back, exact, ok]) e.dispose();
  });

  it("nInit 'auto': 10 restarts for 'random', 1 for k-means++; of equal inertias the first run is kept", () => {
    const inertia = (o: object) => {
      const m = new wl.KMeans({ nClusters: 5, ...o }).fit(iris);
      const v = m.inertia;
      m.dispose();
      return v;
    };
    for (const seed of [1, 6, 10]) {
      expect(inertia({ init: 'random', nInit: 'auto', seed })).toBe(inertia({ init: 'random', nInit: 10, seed }));
      expect(inertia({ init: 'random', nInit: 'auto', seed })).toBeLessThan(inertia({ init: 'random', nInit: 1, seed }));
    }
    const pp = (nInit: number | 'auto') => {
      const m = new wl.KMeans({ nClusters: 4, nInit, seed: 1 }).fit(iris);
      const v = m.inertia;
      m.dispose();
      return v;
    };
    expect(pp('auto')).toBe(pp(1));
    expect(pp(10)).toBeLessThan(pp(1));
    // three separated blobs: every restart finds the same clusters under permuted labels; the first stays
    const B: number[][] = [];
    for (let c = 0; c < 3; c++) for (let i = 0; i < 10; i++) B.push([c * 100 + (i % 3), c * 50 + (i % 5)]);
    const labels = (nInit: number, seed: number) => {
      const m = new wl.KMeans({ nClusters: 3, init: 'random', nInit, seed }).fit(B);
      const l = Array.from(m.labels).join('');
      m.dispose();
      return l;
    };
    for (const seed of [1, 2, 4]) expect(labels(10, seed)).toBe(labels(1, seed));
    expect(new Set([1, 2, 4].map((s) => labels(1, s))).size).toBe(3);
  });

  it('given centers run once however large nInit; fewer distinct points than clusters warns', () => {
    const warnings: string[] = [];
    const a = new wl.KMeans({ nClusters: 3, init: init3, nInit: 5 }).fit(iris);
    const b = new wl.KMeans({ nClusters: 3, init: init3 }).fit(iris);
    expect([a.inertia, a.nIter]).toEqual([b.inertia, b.nIter]);
    const dup = new wl.KMeans({ nClusters: 3, seed: 0, onWarning: (s) => warnings.push(s) }).fit([[1, 1], [1, 1], [2, 2], [2, 2]]);
    expect(warnings).toEqual(['KMeans: found 2 distinct clusters, fewer than nClusters = 3: X has fewer distinct points than clusters']);
    for (const e of [a, b, dup]) e.dispose();
  });

  it('float32 data stays float32 through fit, transform and the model file; predict, score and transform agree', () => {
    const X32 = wl.matrix(iris, { dtype: 'float32' });
    const m = new wl.KMeans({ nClusters: 3, init: init3 }).fit(X32);
    const t = m.transform(X32);
    expect(t.dtype).toBe('float32');
    expect([t.rows, t.cols]).toEqual([150, 3]);
    const d = t.toArray();
    const labels = m.predict(X32);
    let inertia = 0;
    d.forEach((row, i) => {
      const j = row.indexOf(Math.min(...row));
      expect(labels[i]).toBe(j);
      inertia += row[j] ** 2;
    });
    expect(-m.score(X32)).toBeCloseTo(inertia, 2);
    expect(Array.from(m.labels)).toEqual(Array.from(labels));
    const f = m.toJSON() as any;
    expect(f.state.dtype).toBe('float32');
    const back = wl.load(f) as typeof m;
    expect(back.transform(X32).dtype).toBe('float32');
    expect(back.clusterCenters).toEqual(m.clusterCenters);
    const f64 = new wl.KMeans({ nClusters: 3, init: init3 }).fit({ data: Float64Array.from(X32.data), rows: 150, cols: 4 });
    expect(f64.transform(iris).dtype).toBe('float64');
    const viaObject = new wl.KMeans({ nClusters: 3, init: init3 }).fit({ data: Float32Array.from(X32.data), rows: 150, cols: 4 });
    expect((viaObject.toJSON() as any).state.dtype).toBe('float32');
    const viaTyped = new wl.MiniBatchKMeans({ nClusters: 3, init: init3, seed: 0 }).fit(X32);
    expect(viaTyped.transform(X32).dtype).toBe('float32');
    const ft = m.fitTransform(X32);
    expect(ft.toArray()).toEqual(d);
    for (const e of [m, back, f64, viaObject, viaTyped, t, ft, X32]) e.dispose();
  });

  it('model files: labels within [0, k), inertia >= 0, nIter an integer', () => {
    const m = new wl.KMeans({ nClusters: 2, seed: 0 }).fit(X6);
    const f = m.toJSON() as any;
    const labels = (v: number[]) => ({ ...f, state: { ...f.state, labels: ints(v) } });
    noLeak(() => throwsNamed(() => wl.load(labels([0, 1, 2, 0, 0, 0])), M, 'model (KMeans): model.state.labels: a label is outside [0, 2)'));
    noLeak(() => throwsNamed(() => wl.load(labels([0, -1, 1, 0, 0, 0])), M, 'model (KMeans): model.state.labels: a label is outside [0, 2)'));
    noLeak(() => throwsNamed(() => wl.load({ ...f, state: { ...f.state, inertia: -1 } }), M, 'model.state.inertia'));
    noLeak(() => throwsNamed(() => wl.load({ ...f, state: { ...f.state, nIter: 1.5 } }), M, 'model.state.nIter'));
    const mb = new wl.MiniBatchKMeans({ nClusters: 2, seed: 0 }).fit(X6);
    const g = mb.toJSON() as any;
    noLeak(() => throwsNamed(() => wl.load({ ...g, state: { ...g.state, labels: ints([0, 1, 2, 0, 0, 0]) } }), M, 'model (MiniBatchKMeans): model.state.labels: a label is outside [0, 2)'));
    noLeak(() => throwsNamed(() => wl.load({ ...g, state: { ...g.state, labels: ints([0, 1, -1, 0, 0, 0]) } }), M, 'model (MiniBatchKMeans): model.state.labels: a label is outside [0, 2)'));
    for (const key of ['inertia', 'nSteps', 'nIter', 'sinceReassign']) noLeak(() => throwsNamed(() => wl.load({ ...g, state: { ...g.state, [key]: -1 } }), M, `model.state.${key}`));
    noLeak(() => throwsNamed(() => wl.load({ ...g, state: { ...g.state, nIter: 0.5 } }), M, 'model.state.nIter'));
    const ok = wl.load({ ...g, state: { ...g.state, labels: ints([0, 1, 1, 0, 0, 0]) } }) as typeof mb;
    expect(Array.from(ok.labels)).toEqual([0, 1, 1, 0, 0, 0]);
    expect((ok.toJSON() as any).state.dtype).toBe('float64');
    for (const e of [m, mb, ok]) e.dispose();
  });
});

describe('AgglomerativeClustering: merge order, threshold cuts, model files', () => {
  // scikit-learn 1.2.1, AgglomerativeClustering(compute_distances=True) on these five points
  const X = [[0], [10], [11], [30], [31.5]];
  const sk = {
    ward: [1, 1.5, 12.124355652982139, 36.79334178897046],
    complete: [1, 1.5, 11, 31.5],
    average: [1, 1.5, 10.5, 23.75],
    single: [1, 1.5, 10, 19],
  };
  it('merges sorted by height (single linkage comes out of the MST unsorted), numbered n, n+1, … as scikit-learn', () => {
    for (const [linkage, heights] of Object.entries(sk)) {
      const m = new wl.AgglomerativeClustering({ nClusters: 3, linkage: linkage as never }).fit(X);
      expect(m.children).toEqual([[1, 2], [3, 4], [0, 5], [6, 7]]);
      Array.from(m.distances).forEach((h, i) => expect(h).toBeCloseTo(heights[i], 12));
      expect(Array.from(m.labels)).toEqual([0, 1, 1, 2, 2]);
      expect([m.nClusters, m.nLeaves]).toEqual([3, 5]);
      m.dispose();
    }
  });
  it('distanceThreshold t: 1 + the number of merges at height >= t (scikit-learn n_clusters_)', () => {
    const P5 = [[0], [1], [3], [7], [15]]; // single-linkage heights 1, 2, 4, 8
    const cut = (t: number) => {
      const m = new wl.AgglomerativeClustering({ nClusters: null, distanceThreshold: t, linkage: 'single' }).fit(P5);
      const out = [m.nClusters, Array.from(m.labels).join('')];
      m.dispose();
      return out;
    };
    expect(cut(4)).toEqual([3, '00012']);
    expect(cut(4.0001)).toEqual([2, '00001']);
    expect(cut(0)).toEqual([5, '01234']);
    expect(cut(8)).toEqual([2, '00001']);
    expect(cut(100)).toEqual([1, '00000']);
  });
  it('one sample, and model files: children must be unused earlier nodes, nClusters in [1, n], labels below it', () => {
    const one = new wl.AgglomerativeClustering({ nClusters: 1 }).fit([[3, 4]]);
    expect([one.children, Array.from(one.distances), Array.from(one.labels)]).toEqual([[], [], [0]]);
    expect(Array.from((wl.load(one.toJSON()) as typeof one).labels)).toEqual([0]);
    const m = new wl.AgglomerativeClustering({ nClusters: 2, linkage: 'single' }).fit([[0], [1], [3], [7], [15]]);
    const f = m.toJSON() as any;
    const children = (v: number[]) => ({ ...f, state: { ...f.state, children: { ...ints(v), shape: [4, 2] } } });
    const back = wl.load(children([0, 1, 5, 2, 6, 3, 7, 4])) as typeof m;
    expect(back.children).toEqual([[0, 1], [5, 2], [6, 3], [7, 4]]);
    expect(Array.from(back.labels)).toEqual(Array.from(m.labels));
    const msg = (i: number, c: number) => `model.state.children: entry ${i} (${c}) is not an unused earlier node`;
    noLeak(() => throwsNamed(() => wl.load(children([0, 1, 5, 2, 6, 3, 8, 4])), M, msg(6, 8)));
    noLeak(() => throwsNamed(() => wl.load(children([0, 1, 5, 2, 7, 3, 6, 4])), M, msg(4, 7)));
    noLeak(() => throwsNamed(() => wl.load(children([0, 1, 5, 1, 6, 3, 7, 4])), M, msg(3, 1)));
    noLeak(() => throwsNamed(() => wl.load(children([0, 1, 5, 2, 6, 3, -1, 4])), M, msg(6, -1)));
    noLeak(() => throwsNamed(() => wl.load(children([0, 5, 1, 2, 6, 3, 7, 4])), M, msg(1, 5)));
    for (const k of [0, 6, 1.5, '2']) noLeak(() => throwsNamed(() => wl.load({ ...f, state: { ...f.state, nClusters: k } }), M, 'model.state.nClusters: expected an integer in [1, 5]'));
    for (const l of [[0, 0, 0, 0, 2], [0, 0, 0, 0, -1]]) noLeak(() => throwsNamed(() => wl.load({ ...f, state: { ...f.state, labels: ints(l) } }), M, 'model.state.labels: a label is outside [0, 2)'));
    for (const k of [2, 5]) noLeak(() => wl.load({ ...f, state: { ...f.state, nClusters: k } }).dispose());
    noLeak(() => wl.load({ ...f, state: { ...f.state, nClusters: 1, labels: ints([0, 0, 0, 0, 0]) } }).dispose());
    for (const e of [one, m, back]) e.dispose();
  });
});

describe('before fit, each method and attribute names itself in the NotFittedError', () => {
  it('trees, forests and the clusterers', () => {
    const { NotFittedError: N } = wl;
    const sup = (kind: string, what: string) => `${kind}: ${what} is not available before fit(); call fit(X, y) first`;
    const uns = (kind: string, what: string) => `${kind}: ${what} is not available before fit(); call fit(X) first`;
    const tc = new wl.DecisionTreeClassifier(), tr = new wl.DecisionTreeRegressor();
    const fc = new wl.RandomForestClassifier(), fr = new wl.RandomForestRegressor();
    const calls: [object, string, (e: any) => unknown, string][] = [];
    for (const [e, kind] of [[tc, 'DecisionTreeClassifier'], [tr, 'DecisionTreeRegressor']] as const) {
      calls.push(
        [e, kind, (t) => t.nodeCount, 'nodeCount'], [e, kind, (t) => t.getDepth(), 'getDepth()'], [e, kind, (t) => t.getNLeaves(), 'getNLeaves()'],
        [e, kind, (t) => t.exportTree(), 'exportTree()'], [e, kind, (t) => t.exportText(), 'exportText()'],
      );
    }
    for (const [e, kind] of [[tc, 'DecisionTreeClassifier'], [fc, 'RandomForestClassifier']] as const) {
      calls.push(
        [e, kind, (t) => t.predictProba([[1, 2]]), 'predictProba'], [e, kind, (t) => t.predictLogProba([[1, 2]]), 'predictProba'], [e, kind, (t) => t.predict([[1, 2]]), 'predictProba'],
        [e, kind, (t) => t.apply([[1, 2]]), 'apply'], [e, kind, (t) => t.featureImportances, 'featureImportances'], [e, kind, (t) => t.nClasses, 'nClasses'],
      );
    }
    for (const [e, kind] of [[tr, 'DecisionTreeRegressor'], [fr, 'RandomForestRegressor']] as const) {
      calls.push([e, kind, (t) => t.predict([[1, 2]]), 'predict'], [e, kind, (t) => t.apply([[1, 2]]), 'apply'], [e, kind, (t) => t.featureImportances, 'featureImportances']);
    }
    calls.push(
      [fc, 'RandomForestClassifier', (t) => t.oobScore, 'oobScore'], [fc, 'RandomForestClassifier', (t) => t.oobDecisionFunction, 'oobDecisionFunction'],
      [fc, 'RandomForestClassifier', (t) => t.exportTree(0), 'exportTree()'], [fr, 'RandomForestRegressor', (t) => t.exportTree(0), 'exportTree()'],
      [fr, 'RandomForestRegressor', (t) => t.oobScore, 'oobScore'], [fr, 'RandomForestRegressor', (t) => t.oobPrediction, 'oobPrediction'],
    );
    for (const [e, kind, call, what] of calls) throwsNamed(() => call(e), N, sup(kind, what));
    const km = new wl.KMeans(), mb = new wl.MiniBatchKMeans(), ag = new wl.AgglomerativeClustering();
    for (const [e, kind] of [[km, 'KMeans'], [mb, 'MiniBatchKMeans']] as const) {
      const c = e as any;
      for (const [call, what] of [
        [() => c.predict([[1]]), 'predict'], [() => c.transform([[1]]), 'transform'], [() => c.score([[1]]), 'score'], [() => c.labels, 'labels'],
        [() => c.clusterCenters, 'clusterCenters'], [() => c.inertia, 'inertia'], [() => c.nIter, 'nIter'],
      ] as const) throwsNamed(call, N, uns(kind, what));
    }
    throwsNamed(() => km.converged, N, uns('KMeans', 'converged'));
    throwsNamed(() => mb.nSteps, N, uns('MiniBatchKMeans', 'nSteps'));
    for (const what of ['labels', 'children', 'distances', 'nClusters', 'nLeaves']) throwsNamed(() => (ag as any)[what], N, uns('AgglomerativeClustering', what));
  });
});

describe('fitted attributes', () => {
  it('classifiers: nClasses, log-probabilities, labels of any kind; regressors: R²', () => {
    const c = new wl.DecisionTreeClassifier({ seed: 0, maxDepth: 1 }).fit([[0], [1], [2], [3]], ['x', 'y', 'z', 'z']);
    expect(c.nClasses).toBe(3);
    const p = c.predictProba([[0], [3]]);
    expect(Array.from(c.predictLogProba([[0], [3]]))).toEqual(Array.from(p).map(Math.log));
    expect(Array.from(p)).toEqual([0.5, 0.5, 0, 0, 0, 1]);
    expect(c.predict([[0], [3]])).toEqual(['x', 'z']); // the first of equal probabilities
    const e = c.exportTree({ featureNames: ['f'] });
    expect(e.classes).toEqual(['x', 'y', 'z']);
    expect(e.nodes.map((n) => [n.class, n.value, n.featureName])).toEqual([['z', [1, 1, 2], 'f'], ['x', [1, 1, 0], undefined], ['z', [0, 0, 2], undefined]]);
    expect(c.exportText({ showWeights: true, decimals: 0 })).toBe('|--- feature_0 <= 2\n|   |--- weights: [1, 1, 0] class: x\n|--- feature_0 >  2\n|   |--- weights: [0, 0, 2] class: z\n');
    const f = new wl.RandomForestClassifier({ nEstimators: 3, seed: 0 }).fit([[0], [1], [2], [3]], [5, 6, 7, 7]);
    expect(f.nClasses).toBe(3);
    const pf = f.predictProba([[0], [1], [2], [3]]);
    const byArgmax = Array.from({ length: 4 }, (_, i) => [5, 6, 7][[0, 1, 2].reduce((b, j) => (pf[i * 3 + j] > pf[i * 3 + b] ? j : b), 0)]);
    expect(Array.from(f.predict([[0], [1], [2], [3]]) as ArrayLike<number>)).toEqual(byArgmax);
    const r = new wl.DecisionTreeRegressor({ maxDepth: 1 }).fit([[0], [1], [2], [3]], [0, 0, 4, 4]);
    expect(r.score([[0], [3]], [0, 4])).toBe(1);
    expect(r.getDepth()).toBe(1);
    expect(r.getNLeaves()).toBe(2);
    expect(r.nodeCount).toBe(3);
    expect(r.exportTree().nodes[0].threshold).toBe(1.5);
    const lone = new wl.DecisionTreeRegressor().fit([[0], [1]], [3, 3]);
    expect([lone.getDepth(), lone.getNLeaves(), lone.nodeCount]).toEqual([0, 1, 1]);
    expect(lone.exportText()).toBe('|--- value: [3.00]\n');
    for (const e of [c, f, r, lone]) e.dispose();
  });
});

describe('MiniBatchKMeans steps against a plain-TypeScript reference', () => {
  /** The samples each center has absorbed, as the model file holds them. */
  const savedCounts = (m: { toJSON(): unknown }) => Array.from(new Float64Array(Uint8Array.from(Buffer.from((m.toJSON() as any).state.counts.data, 'base64')).buffer));
  /** One step of scikit-learn's _mini_batch_step without reassignment: centers become running means. */
  function refStep(C: number[][], counts: number[], B: number[][]): number {
    const k = C.length, d = C[0].length;
    const sums = C.map(() => new Array(d).fill(0)), bc = new Array(k).fill(0);
    let inertia = 0;
    for (const x of B) {
      let best = 0, bd = Infinity;
      C.forEach((c, j) => {
        const dist = c.reduce((s, v, p) => s + (v - x[p]) ** 2, 0);
        if (dist < bd) [best, bd] = [j, dist];
      });
      inertia += bd;
      bc[best]++;
      x.forEach((v, p) => (sums[best][p] += v));
    }
    for (let j = 0; j < k; j++) {
      if (bc[j] === 0) continue;
      const total = counts[j] + bc[j];
      for (let p = 0; p < d; p++) C[j][p] = (C[j][p] * counts[j] + sums[j][p]) / total;
      counts[j] = total;
    }
    return inertia;
  }

  it('partialFit moves each center to the mean of every point it has absorbed', () => {
    const { X } = data(60, 3, 21);
    const init = [X[0], X[1], X[2], X[3]].map((r) => r.slice());
    const m = new wl.MiniBatchKMeans({ nClusters: 4, init, reassignmentRatio: 0, batchSize: 20 });
    const C = init.map((r) => r.slice()), counts = [0, 0, 0, 0];
    for (let i = 0; i < 60; i += 15) {
      const B = X.slice(i, i + 15);
      refStep(C, counts, B);
      m.partialFit(B);
      m.clusterCenters.forEach((row, j) => row.forEach((v, p) => expect(v).toBeCloseTo(C[j][p], 12)));
      expect(savedCounts(m)).toEqual(counts);
      // labels and inertia of the batch against the updated centers
      let inertia = 0;
      const labels = B.map((x) => {
        const dist = C.map((c) => c.reduce((s, v, p) => s + (v - x[p]) ** 2, 0));
        const j = dist.indexOf(Math.min(...dist));
        inertia += dist[j];
        return j;
      });
      expect(Array.from(m.labels)).toEqual(labels);
      expect(m.inertia).toBeCloseTo(inertia, 10);
    }
    m.dispose();
  });

  it('centers that absorbed nothing move to batch points, at most half a batch of them (scikit-learn _random_reassign)', () => {
    const init = [[0, 0], [100, 100], [200, 200], [300, 300]];
    const run = (ratio: number, B: number[][]) => {
      const m = new wl.MiniBatchKMeans({ nClusters: 4, init, reassignmentRatio: ratio, batchSize: B.length, seed: 3 }).partialFit(B);
      const out = { c: m.clusterCenters, counts: savedCounts(m) };
      m.dispose();
      return out;
    };
    // the first partialFit needs nClusters rows: a batch of 4 moves at most 2 of the 3 empty centers
    const B4 = [[0, 0], [1, 1], [2, 2], [3, 3]];
    expect(run(0, B4).c).toEqual([[1.5, 1.5], [100, 100], [200, 200], [300, 300]]);
    const two = run(0.01, B4);
    expect(two.counts).toEqual([4, 0, 0, 0]);
    expect(two.c[0]).toEqual([1.5, 1.5]);
    expect(B4.map(String)).toContain(String(two.c[1]));
    expect(B4.map(String)).toContain(String(two.c[2]));
    expect(String(two.c[1])).not.toBe(String(two.c[2])); // distinct batch points
    expect(two.c[3]).toEqual([300, 300]);
    // a larger batch: every low center moves, and takes the smallest count of those that stay (here 8)
    const B8 = [[0, 0], [1, 1], [2, 2], [3, 3], [0, 1], [1, 0], [2, 3], [3, 2]];
    const all = run(0.01, B8);
    expect(all.c[0]).toEqual([1.5, 1.5]);
    for (const j of [1, 2, 3]) expect(B8.map(String)).toContain(String(all.c[j]));
    expect(all.counts).toEqual([8, 8, 8, 8]);
  });
});

describe('KMeans initialization', () => {
  // k tight groups far apart: k-means++ gives every later center to a group with no center yet (its D²
  // weight is the only nonzero one), so one run finds the groups; 'random' picks k distinct rows
  const k = 20;
  const groups: number[][] = [];
  for (let g = 0; g < k; g++) for (let i = 0; i < 5; i++) groups.push([g * 1000 + (i % 2), (g % 3) * 1000 + (i % 3)]);
  const within = (() => {
    let s = 0;
    for (let g = 0; g < k; g++) {
      const pts = groups.slice(5 * g, 5 * g + 5);
      const c = [0, 1].map((p) => pts.reduce((a, r) => a + r[p], 0) / 5);
      s += pts.reduce((a, r) => a + (r[0] - c[0]) ** 2 + (r[1] - c[1]) ** 2, 0);
    }
    return s;
  })();
  it('k-means++ seeds one center per group', () => {
    for (const seed of [0, 1, 2]) {
      for (const X of [groups, wl.matrix(groups, { dtype: 'float32' })]) {
        const m = new wl.KMeans({ nClusters: k, seed, maxIter: 1 }).fit(X);
        expect(m.inertia).toBeCloseTo(within, 2);
        expect(new Set(m.labels).size).toBe(k);
        m.dispose();
      }
    }
  });
  it("'random' starts from k distinct rows: with k = n the inertia is 0 after one iteration", () => {
    const X = groups.slice(0, 12);
    for (const seed of [0, 1, 2]) {
      const m = new wl.KMeans({ nClusters: 12, init: 'random', nInit: 1, seed, maxIter: 1, onWarning: () => {} }).fit(X);
      expect(m.inertia).toBe(0);
      expect(new Set(m.labels).size).toBe(12);
      m.dispose();
    }
    const mb = new wl.MiniBatchKMeans({ nClusters: 12, init: 'random', seed: 0, maxIter: 1, batchSize: 12, reassignmentRatio: 0 }).fit(X);
    expect(new Set(mb.labels).size).toBe(12);
    mb.dispose();
  });
});

describe('limits, copies and ties', () => {
  it('the largest counts the options take', () => {
    const X = [[0, 1], [1, 0], [2, 1]], y = [0, 1, 0];
    const big = 2 ** 31 - 1;
    throwsNamed(() => new wl.DecisionTreeClassifier({ maxFeatures: big }).fit(X, y), P, `DecisionTreeClassifier: option "maxFeatures" must be at most the number of features (2), got ${big}`);
    throwsNamed(() => new wl.RandomForestClassifier({ nEstimators: 1, maxSamples: big }).fit(X, y), P, `RandomForestClassifier: option "maxSamples" must be at most the number of samples (3), got ${big}`);
    for (const o of [{ minSamplesSplit: big }, { minSamplesLeaf: big }, { minSamplesLeaf: 2 ** 30 + 1 }]) {
      noLeak(() => {
        const t = new wl.DecisionTreeClassifier(o).fit(X, y);
        expect(t.nodeCount).toBe(1);
        t.dispose();
      });
    }
    // maxSamples 1 draws one row per tree (a count, not the fraction 1.0)
    const f = new wl.RandomForestClassifier({ nEstimators: 2, seed: 0, maxSamples: 1 }).fit(X, y);
    expect([0, 1].map((t) => f.exportTree(t).nodes[0].weightedNSamples)).toEqual([1, 1]);
    f.dispose();
  });

  it('attributes are copies: changing one leaves the model as it was', () => {
    const { X, y } = data(30, 3, 8, 2);
    const ys = X.map((r) => r[0]);
    const models: [any, string][] = [
      [new wl.DecisionTreeClassifier({ seed: 0 }).fit(X, y), 'featureImportances'],
      [new wl.DecisionTreeRegressor({ seed: 0 }).fit(X, ys), 'featureImportances'],
      [new wl.RandomForestClassifier({ nEstimators: 5, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, y), 'oobDecisionFunction'],
      [new wl.RandomForestRegressor({ nEstimators: 5, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, ys), 'oobPrediction'],
      [new wl.KMeans({ nClusters: 3, seed: 0 }).fit(X), 'labels'],
      [new wl.AgglomerativeClustering({ nClusters: 3 }).fit(X), 'labels'],
      [new wl.AgglomerativeClustering({ nClusters: 3 }).fit(X), 'distances'],
    ];
    for (const [m, key] of models) {
      const before = Array.from(m[key] as ArrayLike<number>);
      (m[key] as Float64Array | Int32Array).fill(7);
      expect(Array.from(m[key] as ArrayLike<number>)).toEqual(before);
      m.dispose();
    }
  });

  it('merges of equal height keep their order (a stable sort), as scikit-learn numbers them', () => {
    // scikit-learn 1.2.1: children_ [[0, 1], [2, 3], [4, 5]] for every linkage, heights 1, 1, then the last
    const X = [[0], [1], [10], [11]];
    for (const linkage of ['ward', 'complete', 'average', 'single'] as const) {
      const m = new wl.AgglomerativeClustering({ nClusters: 2, linkage }).fit(X);
      expect(m.children).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(Array.from(m.distances).slice(0, 2)).toEqual([1, 1]);
      m.dispose();
    }
  });

  it('out-of-bag estimates and the forests give their scratch memory back', () => {
    const { X, y } = data(30, 3, 8, 2);
    noLeak(() => new wl.RandomForestClassifier({ nEstimators: 4, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, y).dispose());
    noLeak(() => new wl.RandomForestRegressor({ nEstimators: 4, seed: 0, oobScore: true, onWarning: () => {} }).fit(X, X.map((r) => r[1])).dispose());
    noLeak(() => throwsNamed(() => new wl.DecisionTreeRegressor().fit(X, X.map(() => [1, 2])), S, 'y: expected one target value per sample'));
    noLeak(() => throwsNamed(() => new wl.KMeans({ nClusters: 2, init: [[1, 2]] }).fit(X), S, 'KMeans: option "init" must be 2×3'));
    noLeak(() => throwsNamed(() => new wl.KMeans({ nClusters: 40 }).fit(X), P, 'KMeans: option "nClusters" (40)'));
    noLeak(() => throwsNamed(() => new wl.MiniBatchKMeans({ nClusters: 40 }).fit(X), P, 'MiniBatchKMeans: option "nClusters" (40)'));
  });

  it('X given as null is refused with a ValidationError, not a TypeError', () => {
    for (const C of [wl.KMeans, wl.MiniBatchKMeans, wl.AgglomerativeClustering]) {
      let error: unknown;
      try {
        new C().fit(null as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(wl.ValidationError);
    }
  });
});

describe('model files name the field at fault; more rounding ties', () => {
  it('each array of a tree, a clusterer or a mini-batch model', () => {
    const est = new wl.DecisionTreeRegressor({ maxDepth: 1 }).fit([[0], [1], [2]], [0, 1, 1]);
    const f = est.toJSON() as any;
    est.dispose();
    const tree = f.state.trees[0];
    const at = (key: string, v: unknown) => ({ ...f, state: { ...f.state, trees: [{ ...tree, [key]: v }] } });
    const T0 = 'model.state.trees[0]';
    for (const v of [1.5, 0]) noLeak(() => throwsNamed(() => wl.load(at('nodeCount', v)), M, `${T0}.nodeCount: expected an integer in [1, 67108864], got ${v}`));
    for (const key of ['feature', 'left', 'right', 'nNodeSamples']) noLeak(() => throwsNamed(() => wl.load(at(key, ints([0]))), M, `${T0}.${key}`));
    for (const key of ['threshold', 'impurity', 'weightedNNodeSamples', 'value']) noLeak(() => throwsNamed(() => wl.load(at(key, reals([0]))), M, `${T0}.${key}`));
    const km = new wl.KMeans({ nClusters: 2, seed: 0 }).fit(X6), mb = new wl.MiniBatchKMeans({ nClusters: 2, seed: 0 }).fit(X6), ag = new wl.AgglomerativeClustering().fit(X6);
    const files: [any, string[], string][] = [[km.toJSON(), ['centers', 'labels'], 'KMeans'], [mb.toJSON(), ['centers', 'counts', 'labels'], 'MiniBatchKMeans'], [ag.toJSON(), ['labels', 'children', 'distances'], 'AgglomerativeClustering']];
    for (const [g, keys] of files) {
      for (const key of keys) {
        const bad = { ...g, state: { ...g.state, [key]: { dtype: 'float64', shape: [1, 1, 1], data: b64(Float64Array.from([0])) } } };
        let error: any;
        try {
          wl.load(bad);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(M);
        expect(error.message).toMatch(new RegExp(`^(model \\(\\w+\\): )?model\\.state\\.${key}`));
      }
    }
    const gm = mb.toJSON() as any;
    for (const key of ['nSteps', 'sinceReassign']) noLeak(() => throwsNamed(() => wl.load({ ...gm, state: { ...gm.state, [key]: 1.5 } }), M, `model.state.${key}: expected an integer`));
    for (const e of [km, mb, ag]) e.dispose();
  });

  it('float32 MiniBatchKMeans models stay float32 through their files', () => {
    const X32 = wl.matrix(X6, { dtype: 'float32' });
    const mb = new wl.MiniBatchKMeans({ nClusters: 2, seed: 0 }).fit(X32);
    const f = mb.toJSON() as any;
    expect(f.state.dtype).toBe('float32');
    const back = wl.load(f) as typeof mb;
    const t = back.transform(X32);
    expect(t.dtype).toBe('float32');
    expect(back.clusterCenters).toEqual(mb.clusterCenters);
    for (const e of [mb, back, t, X32]) e.dispose();
  });

  it('exportText with one decimal: 0.25 → 0.2, 0.75 → 0.8, 2.25 → 2.2, 0.251 → 0.3 (Python)', () => {
    const est = new wl.DecisionTreeRegressor().fit([[0, 0], [1, 1]], [0, 1]);
    const f = est.toJSON() as any;
    est.dispose();
    f.state.trees = [{
      nodeCount: 5, feature: ints([0, -2, 1, -2, -2]), threshold: reals([0.25, -2, 0.251, -2, -2]), left: ints([1, -1, 3, -1, -1]), right: ints([2, -1, 4, -1, -1]),
      value: reals([1, 2.25, 1, 0.75, 30], [5, 1]), impurity: reals([0, 0, 0, 0, 0]), nNodeSamples: ints([3, 1, 2, 1, 1]), weightedNNodeSamples: reals([3, 1, 2, 1, 1]),
    }];
    const t = wl.load(f) as typeof est;
    expect(t.exportText({ decimals: 1 })).toBe(
      '|--- feature_0 <= 0.2\n|   |--- value: [2.2]\n|--- feature_0 >  0.2\n|   |--- feature_1 <= 0.3\n|   |   |--- value: [0.8]\n|   |--- feature_1 >  0.3\n|   |   |--- value: [30.0]\n',
    );
    t.dispose();
  });

  it('MiniBatchKMeans: tol scales with the data variance; seeded partialFit streams repeat; reassignment while a center is empty', () => {
    const small = data(100, 2, 9).X.map((r) => r.map((v) => v * 1e-3)); // column variance about 1e-7
    const m = new wl.MiniBatchKMeans({ nClusters: 2, seed: 0, nInit: 1, batchSize: 10, maxIter: 5, tol: 1e-3, maxNoImprovement: null }).fit(small);
    expect(m.nSteps).toBeGreaterThan(2); // 1e-3 of the variance is far below one step's squared shift
    m.dispose();
    const X = data(40, 2, 5).X;
    const runs = [0, 1].map(() => {
      const s = new wl.MiniBatchKMeans({ nClusters: 3, seed: 5, batchSize: 10 });
      s.partialFit(X.slice(0, 10)).partialFit(X.slice(10, 20));
      const c = s.clusterCenters;
      s.dispose();
      return c;
    });
    expect(runs[1]).toEqual(runs[0]);
    // a center left empty keeps a reassignment due at every partialFit
    const init = [[0, 0], [100, 100], [200, 200], [300, 300]];
    const r = new wl.MiniBatchKMeans({ nClusters: 4, init, batchSize: 4 });
    const B4 = [[0, 0], [1, 1], [2, 2], [3, 3]];
    r.partialFit(B4);
    r.partialFit(B4);
    expect((r.toJSON() as any).state.sinceReassign).toBe(0);
    r.dispose();
  });
});
