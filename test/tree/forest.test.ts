// Random forests against scikit-learn (test/fixtures/generated/trees.json) and by their own rules:
// seeded reproducibility, out-of-bag estimates, averaging, importances.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset, getWl } from '../helpers';

const sk = JSON.parse(readFileSync(new URL('../fixtures/generated/trees.json', import.meta.url), 'utf8'));

function load(name: string): { X: number[][]; y: number[] } {
  const { rows } = dataset(`${name}.csv`);
  return { X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
}

function options(params: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = { random_state: 'seed', max_depth: 'maxDepth', max_features: 'maxFeatures', n_estimators: 'nEstimators', oob_score: 'oobScore', max_samples: 'maxSamples' };
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [names[k], v]));
}

const forest = (name: string) => sk.forests.find((f: any) => f.dataset === name);

describe('RandomForest vs scikit-learn 1.2 (same seed → the same bootstrap samples and trees)', () => {
  it('digits classifier: every tree, the probabilities and the importances', async () => {
    const wl = await getWl();
    const ref = forest('digits');
    const { X, y } = load('digits'); // integer pixels: float32 in scikit-learn changes nothing
    const rf = new wl.RandomForestClassifier(options(ref.params) as never).fit(X, y);
    ref.trees.forEach((t: any, i: number) => {
      const nodes = rf.exportTree(i).nodes;
      expect(nodes.map((n) => n.feature ?? -2), `tree ${i}`).toEqual(t.feature);
      expect(nodes.map((n) => n.nSamples), `tree ${i}`).toEqual(t.nNodeSamples);
    });
    const proba = rf.predictProba(X.slice(0, 20));
    proba.forEach((p, i) => expect(p).toBeCloseTo(ref.proba[i], 12));
    rf.featureImportances.forEach((v, j) => expect(v).toBeCloseTo(ref.featureImportances[j], 12));
    rf.dispose();
  });

  it('iris classifier with maxSamples and oobScore: oob score and probabilities', async () => {
    const wl = await getWl();
    const ref = forest('iris');
    const { X, y } = load('iris');
    const rf = new wl.RandomForestClassifier(options(ref.params) as never).fit(X, y);
    // iris is not float32-exact: a split may fall on another side of a value scikit-learn rounded,
    // so one tree in a hundred may differ; the averages agree to a tree's weight
    expect(Math.abs(rf.oobScore! - ref.oobScore)).toBeLessThanOrEqual(1 / 150 + 1e-12);
    const proba = rf.predictProba(X.slice(0, 20));
    proba.forEach((p, i) => expect(Math.abs(p - ref.proba[i])).toBeLessThanOrEqual(0.02));
    let same = 0;
    ref.trees.forEach((t: any, i: number) => {
      const nodes = rf.exportTree(i).nodes;
      if (JSON.stringify(nodes.map((n) => n.nSamples)) === JSON.stringify(t.nNodeSamples)) same++;
    });
    expect(same).toBeGreaterThanOrEqual(9);
    rf.dispose();
  });

  it('regressor with maxFeatures 0.5, maxDepth and oobScore: trees, predictions and oob R²', async () => {
    const wl = await getWl();
    const ref = forest('regression_synth');
    const { X, y } = load('regression_synth');
    const warnings: string[] = [];
    const rf = new wl.RandomForestRegressor({ ...options(ref.params), onWarning: (m: string) => warnings.push(m) } as never).fit(X, y);
    // Regression trees can differ where two splits tie exactly: both sides then compare sums rounded
    // in different orders (scikit-learn's per-node sort vs our presorted lists). Most trees agree.
    let same = 0;
    ref.trees.forEach((t: any, i: number) => {
      if (JSON.stringify(rf.exportTree(i).nodes.map((n) => n.nSamples)) === JSON.stringify(t.nNodeSamples)) same++;
    });
    expect(same).toBeGreaterThanOrEqual(8);
    const spread = Math.sqrt(y.reduce((s, v) => s + v * v, 0) / y.length);
    // one differing tree moves a prediction by a tenth of a leaf's difference; on average they agree closely
    const pred = rf.predict(X.slice(0, 20));
    const meanAbs = pred.reduce((s, p, i) => s + Math.abs(p - ref.predict[i]), 0) / pred.length;
    expect(meanAbs).toBeLessThan(0.02 * spread);
    expect(pred.filter((p, i) => Math.abs(p - ref.predict[i]) < 1e-9 * spread).length).toBeGreaterThanOrEqual(12);
    expect(Math.abs(rf.oobScore! - ref.oobScore)).toBeLessThan(0.01);
    // 10 trees leave some samples in every bootstrap sample: scikit-learn warns, and so do we
    expect(warnings.some((m) => /out-of-bag/.test(m))).toBe(true);
    rf.dispose();
  });
});

describe('RandomForest behaviour', () => {
  it('seeded: the same seed grows the same forest, another seed another one', async () => {
    const wl = await getWl();
    const { X, y } = load('wine');
    const a = new wl.RandomForestClassifier({ nEstimators: 20, seed: 7 }).fit(X, y);
    const b = new wl.RandomForestClassifier({ nEstimators: 20, seed: 7 }).fit(X, y);
    const c = new wl.RandomForestClassifier({ nEstimators: 20, seed: 8 }).fit(X, y);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(Array.from(b.predictProba(X))).toEqual(Array.from(a.predictProba(X)));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    for (const e of [a, b, c]) e.dispose();
  });

  it('out-of-bag score is sane: near the held-out accuracy, below the training accuracy, null without oobScore', async () => {
    const wl = await getWl();
    const { X, y } = load('breast_cancer');
    const train = X.map((_, i) => i).filter((i) => i % 3 !== 0);
    const test = X.map((_, i) => i).filter((i) => i % 3 === 0);
    const pick = <T>(a: T[], idx: number[]) => idx.map((i) => a[i]);
    const rf = new wl.RandomForestClassifier({ nEstimators: 60, oobScore: true, seed: 1 }).fit(pick(X, train), pick(y, train));
    const oob = rf.oobScore!;
    const held = rf.score(pick(X, test), pick(y, test));
    expect(oob).toBeGreaterThan(0.9);
    expect(oob).toBeLessThanOrEqual(1);
    expect(Math.abs(oob - held)).toBeLessThan(0.05);
    expect(rf.score(pick(X, train), pick(y, train))).toBeGreaterThanOrEqual(oob);
    const dec = rf.oobDecisionFunction!;
    expect(dec.length).toBe(train.length * 2);
    for (let i = 0; i < train.length; i++) expect(dec[2 * i] + dec[2 * i + 1]).toBeCloseTo(1, 12);
    const plain = new wl.RandomForestClassifier({ nEstimators: 5, seed: 1 }).fit(X, y);
    expect(plain.oobScore).toBeNull();
    expect(plain.oobDecisionFunction).toBeNull();
    rf.dispose();
    plain.dispose();
  });

  it('predictions are the mean of the trees; bootstrap: false with all features grows identical trees', async () => {
    const wl = await getWl();
    const { X, y } = load('regression_synth');
    const rf = new wl.RandomForestRegressor({ nEstimators: 4, bootstrap: false, seed: 3, maxDepth: 3 }).fit(X, y);
    const tree = new wl.DecisionTreeRegressor({ maxDepth: 3, seed: 3 }).fit(X, y);
    // without bootstrap and with every feature drawn, the trees differ only in tie-breaking order
    expect(rf.predict(X).every((v, i) => Math.abs(v - tree.predict(X)[i]) < 1e-9)).toBe(true);
    const leaves = rf.apply(X.slice(0, 5));
    expect(leaves.length).toBe(5 * 4);
    for (let t = 0; t < 4; t++) expect(rf.exportTree(t).nodes[leaves[t]].left).toBe(-1); // row 0's leaf in tree t
    expect(() => rf.exportTree(4)).toThrow(wl.InvalidParameterError);
    expect(() => rf.exportTree(0, { featureNames: ['a'] })).toThrow(/featureNames/);
    rf.dispose();
    tree.dispose();
  });

  it('feature importances: non-negative, sum to 1, and find the informative features', async () => {
    const wl = await getWl();
    // y depends on features 0 and 2 only
    const X = Array.from({ length: 300 }, (_, i) => [Math.sin(i), (i * 7919) % 13, Math.cos(i * 1.3), ((i * 104729) % 17) / 17]);
    const y = X.map((r) => (r[0] + r[2] > 0 ? 1 : 0));
    const rf = new wl.RandomForestClassifier({ nEstimators: 30, seed: 0 }).fit(X, y);
    const imp = rf.featureImportances;
    expect(imp.every((v) => v >= 0)).toBe(true);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(imp[0] + imp[2]).toBeGreaterThan(0.8);
    rf.dispose();
  });
});
