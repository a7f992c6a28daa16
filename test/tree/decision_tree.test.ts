// Decision trees against scikit-learn (test/fixtures/generated/trees.json, produced by trees.py beside
// it), against the reference accuracies of tree_nb_knn.json, and by invariants over random data.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset, getWl, reference, rng } from '../helpers';

const sk = JSON.parse(readFileSync(new URL('../fixtures/generated/trees.json', import.meta.url), 'utf8'));

/** Features and target of a bundled CSV. */
function load(name: string): { X: number[][]; y: number[] } {
  const { rows } = dataset(`${name}.csv`);
  return { X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
}

/** scikit-learn's option names → ours. */
function options(params: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = {
    criterion: 'criterion', random_state: 'seed', max_depth: 'maxDepth', max_features: 'maxFeatures', max_leaf_nodes: 'maxLeafNodes',
    min_samples_leaf: 'minSamplesLeaf', min_samples_split: 'minSamplesSplit', min_impurity_decrease: 'minImpurityDecrease',
    n_estimators: 'nEstimators', oob_score: 'oobScore', max_samples: 'maxSamples',
  };
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [names[k], v]));
}

const relClose = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) =>
  a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i])));

describe('DecisionTree vs scikit-learn 1.2 (same seed → the same tree)', () => {
  it.each(sk.trees.map((t: any) => [`${t.dataset} ${JSON.stringify(t.params)}`, t]))('%s', async (_label, ref: any) => {
    const wl = await getWl();
    const { X, y } = load(ref.dataset);
    const Cls = ref.task === 'c' ? wl.DecisionTreeClassifier : wl.DecisionTreeRegressor;
    const est = new Cls(options(ref.params) as never).fit(X, y);
    const nodes = est.exportTree().nodes;
    const t = ref.tree;
    // structure and counts exactly; thresholds to float32 precision (scikit-learn splits float32 copies of X)
    expect(nodes.map((n) => n.feature ?? -2)).toEqual(t.feature);
    expect(nodes.map((n) => n.left)).toEqual(t.left);
    expect(nodes.map((n) => n.right)).toEqual(t.right);
    expect(nodes.map((n) => n.nSamples)).toEqual(t.nNodeSamples);
    expect(relClose(nodes.map((n) => n.threshold ?? -2), t.threshold, 1e-6)).toBe(true);
    expect(relClose(nodes.flatMap((n) => n.value), t.value, 1e-9)).toBe(true);
    expect(relClose(nodes.map((n) => n.impurity), t.impurity, 1e-9)).toBe(true);
    expect(relClose(est.featureImportances, ref.featureImportances, 1e-9)).toBe(true);
    expect(est.getDepth()).toBe(ref.depth);
    expect(est.getNLeaves()).toBe(ref.nLeaves);
    est.dispose();
  });

  it('exportText prints what sklearn.tree.export_text prints', async () => {
    const wl = await getWl();
    for (const ref of sk.exportText) {
      const { X, y } = load(ref.dataset);
      // scikit-learn prints float labels as 0.0, 1.0: fit on those strings to compare text
      const est = ref.task === 'c'
        ? new wl.DecisionTreeClassifier(options(ref.params) as never).fit(X, y.map((v) => v.toFixed(1)))
        : new wl.DecisionTreeRegressor(options(ref.params) as never).fit(X, y);
      expect(est.exportText(ref.options)).toBe(ref.text);
      est.dispose();
    }
  });
});

describe('DecisionTree on the reference splits (tree_nb_knn.json)', () => {
  it('reproduces the iris accuracies and the regression tree R²', async () => {
    const wl = await getWl();
    const ref = reference('tree_nb_knn.json');
    const { X, y } = load('iris');
    const shallow = new wl.DecisionTreeClassifier({ maxDepth: 3, seed: 0 }).fit(X, y);
    expect(shallow.score(X, y)).toBeCloseTo(ref.tree_depth3_trainAccuracy, 12);
    const pick = <T>(a: T[], idx: number[]) => idx.map((i) => a[i]);
    // the test accuracy of a fully grown tree does not depend on the seed for this split
    for (const seed of [0, 1, 2]) {
      const full = new wl.DecisionTreeClassifier({ seed }).fit(pick(X, ref.split.train), pick(y, ref.split.train));
      expect(full.score(pick(X, ref.split.test), pick(y, ref.split.test))).toBeCloseTo(ref.tree_full_split_testAccuracy, 12);
      full.dispose();
    }
    const r = load('regression_synth');
    const reg = new wl.DecisionTreeRegressor({ maxDepth: 4, seed: 0 }).fit(r.X, r.y);
    expect(reg.score(r.X, r.y)).toBeCloseTo(ref.regressionTree_depth4_regression_synth_trainR2, 10);
    shallow.dispose();
    reg.dispose();
  });
});

describe('DecisionTree: small cases worked by hand (as scikit-learn decides them)', () => {
  it('splits at the midpoint between distinct values, counts classes, predicts probabilities', async () => {
    const wl = await getWl();
    const t = new wl.DecisionTreeClassifier({ seed: 0 }).fit([[0], [1], [2], [3], [3]], ['a', 'a', 'b', 'b', 'b']);
    const tree = t.exportTree();
    expect(tree.nodes[0]).toMatchObject({ feature: 0, threshold: 1.5, left: 1, right: 2, nSamples: 5, value: [2, 3] });
    expect(tree.nodes[0].impurity).toBeCloseTo(1 - (0.4 ** 2 + 0.6 ** 2), 15);
    expect(t.predict([[1.5], [1.6], [-10], [10]])).toEqual(['a', 'b', 'a', 'b']); // x <= threshold goes left
    expect(Array.from(t.predictProba([[0]]))).toEqual([1, 0]);
    expect(Array.from(t.apply([[0], [3]]))).toEqual([1, 2]);
    t.dispose();
  });

  it('minSamplesLeaf moves the split; a constant feature is never split on; ties of y go to the smaller class', async () => {
    const wl = await getWl();
    const X = [[0, 7], [1, 7], [2, 7], [3, 7], [4, 7], [5, 7]];
    const y = [0, 1, 1, 1, 1, 1];
    const free = new wl.DecisionTreeClassifier({ seed: 0 }).fit(X, y);
    expect(free.exportTree().nodes[0]).toMatchObject({ feature: 0, threshold: 0.5 });
    const held = new wl.DecisionTreeClassifier({ seed: 0, minSamplesLeaf: 2 }).fit(X, y);
    const root = held.exportTree().nodes[0];
    expect(root).toMatchObject({ feature: 0, threshold: 1.5 });
    expect(held.getNLeaves()).toBe(2); // {0,1} cannot be split further with 2 per leaf
    expect(Array.from(held.predictProba([[0, 7]]))).toEqual([0.5, 0.5]);
    expect(Array.from(held.predict([[0, 7]]))).toEqual([0]);
    const constant = new wl.DecisionTreeClassifier({ seed: 0 }).fit([[1], [1], [1]], [0, 1, 1]);
    expect(constant.nodeCount).toBe(1);
    expect(Array.from(constant.predictProba([[5]]))).toEqual([1 / 3, 2 / 3]);
    for (const e of [free, held, constant]) e.dispose();
  });

  it('regression: leaves hold means, maxDepth and minImpurityDecrease stop growth', async () => {
    const wl = await getWl();
    const X = [[1], [2], [3], [10], [11], [12]];
    const y = [1, 2, 3, 10, 20, 30];
    // scikit-learn 1.2: threshold 10.5, impurities [114.667, 12.5, 25], leaf values 4 and 25
    // (squared errors: 6.5 leaves 2 + 200, 10.5 leaves 50 + 50)
    const stump = new wl.DecisionTreeRegressor({ maxDepth: 1 }).fit(X, y);
    const nodes = stump.exportTree().nodes;
    expect(nodes.map((n) => n.threshold)).toEqual([10.5, null, null]);
    expect([nodes[1].impurity, nodes[2].impurity]).toEqual([12.5, 25]);
    expect(nodes[0].impurity).toBeCloseTo(114.66666666666667, 12);
    expect(Array.from(stump.predict([[0], [100]]))).toEqual([4, 25]);
    // the root split's weighted impurity decrease is 98 (scikit-learn's improvement)
    const strict = new wl.DecisionTreeRegressor({ minImpurityDecrease: 98 + 1e-9 }).fit(X, y);
    expect(strict.nodeCount).toBe(1);
    const loose = new wl.DecisionTreeRegressor({ minImpurityDecrease: 98 - 1e-9, maxDepth: 1 }).fit(X, y);
    expect(loose.nodeCount).toBe(3);
    expect(stump.featureImportances[0]).toBe(1);
    for (const e of [stump, strict, loose]) e.dispose();
  });

  it('maxLeafNodes grows best-first, node ids in creation order (scikit-learn 1.2)', async () => {
    const wl = await getWl();
    const X = [[0], [1], [2], [3], [10], [11], [12], [13]];
    const y = [0, 0.1, 0, 0.1, 0, 50, 100, 150];
    const t = new wl.DecisionTreeRegressor({ maxLeafNodes: 3 }).fit(X, y);
    const nodes = t.exportTree().nodes;
    expect(nodes.map((n) => n.left)).toEqual([1, 3, -1, -1, -1]);
    expect(nodes.map((n) => n.right)).toEqual([2, 4, -1, -1, -1]);
    expect(nodes.map((n) => n.threshold)).toEqual([11.5, 10.5, null, null, null]);
    nodes.forEach((n, i) => expect(n.value[0]).toBeCloseTo([37.525, 8.366666666666667, 125, 0.04, 50][i], 12));
    // depth-first without the leaf budget numbers nodes in preorder
    const depthFirst = new wl.DecisionTreeRegressor({ maxDepth: 2 }).fit(X, y);
    const full = depthFirst.exportTree().nodes;
    expect(full[0].left).toBe(1);
    expect(full[1].left).toBe(2);
    t.dispose();
    depthFirst.dispose();
  });
});

describe('DecisionTree invariants (fast-check over random shapes)', () => {
  it('a fully grown tree fits distinct training rows exactly; splits never increase impurity; predict follows the exported tree', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom('gini', 'entropy', 'squared_error', 'friedman_mse'), fc.boolean(),
        async (n, d, k, seed, criterion, ints) => {
          const r = rng(seed);
          // small integers give many ties (and repeated rows, removed below); reals give none
          const raw = Array.from({ length: n }, () => Array.from({ length: d }, () => (ints ? Math.floor(r() * 4) : r() * 2 - 1)));
          const X = [...new Map(raw.map((row) => [row.join(','), row])).values()];
          const classifier = criterion === 'gini' || criterion === 'entropy';
          const y = X.map(() => (classifier ? Math.floor(r() * k) : r() * 10));
          const est = classifier ? new wl.DecisionTreeClassifier({ criterion, seed }) : new wl.DecisionTreeRegressor({ criterion, seed });
          est.fit(X, y);
          expect(Array.from(est.predict(X) as ArrayLike<number>)).toEqual(y);
          const tree = est.exportTree();
          for (const node of tree.nodes) {
            if (node.left < 0) continue;
            const l = tree.nodes[node.left], rr = tree.nodes[node.right];
            const children = l.weightedNSamples * l.impurity + rr.weightedNSamples * rr.impurity;
            expect(children).toBeLessThanOrEqual(node.weightedNSamples * node.impurity + 1e-9 * (1 + node.weightedNSamples * node.impurity));
            expect(l.nSamples + rr.nSamples).toBe(node.nSamples);
          }
          // a JS walk of the exported tree lands in the leaf `apply` reports
          const leaves = est.apply(X);
          X.forEach((row, i) => {
            let node = tree.nodes[0];
            while (node.left >= 0) node = tree.nodes[row[node.feature!] <= node.threshold! ? node.left : node.right];
            expect(leaves[i]).toBe(node.id);
          });
          const imp = est.featureImportances;
          const total = imp.reduce((a, b) => a + b, 0);
          expect(tree.nodeCount === 1 ? total : Math.abs(total - 1)).toBeLessThan(1e-12);
          est.dispose();
        },
      ),
      { numRuns: 60, seed: 17 },
    );
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('grows the same tree in every build (relaxed SIMD, SIMD, scalar)', async () => {
    const { freshWl, BUILDS } = await import('../helpers');
    const { X, y } = load('wine');
    const out: string[] = [];
    for (const build of BUILDS) {
      const wl = await freshWl(build);
      const t = new wl.DecisionTreeClassifier({ seed: 3, maxFeatures: 'sqrt', criterion: 'entropy' }).fit(X, y);
      out.push(JSON.stringify(t));
      t.dispose();
    }
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBe(out[0]);
  });
});

describe('DecisionTree model files', () => {
  it('refuses trees that are not trees: cycles, children out of range, shared children, bad features', async () => {
    const wl = await getWl();
    const { X, y } = load('iris');
    const est = new wl.DecisionTreeClassifier({ maxDepth: 2, seed: 0 }).fit(X, y);
    const good = est.toJSON() as any;
    const ints = (values: number[]) => ({ dtype: 'int32', shape: [values.length], data: Buffer.from(new Int32Array(values).buffer).toString('base64') });
    const tree = good.state.trees[0];
    const left = Array.from(new Int32Array(Uint8Array.from(Buffer.from(tree.left.data, 'base64')).buffer));
    const feature = Array.from(new Int32Array(Uint8Array.from(Buffer.from(tree.feature.data, 'base64')).buffer));
    const mutate = (key: string, values: number[]) => {
      const copy = structuredClone(good);
      copy.state.trees[0][key] = ints(values);
      return copy;
    };
    const cases: [string, any, RegExp][] = [
      ['a cycle back to the root', mutate('left', left.map((v, i) => (i === 2 ? 0 : v))), /node 2 has children 0/],
      ['a child out of range', mutate('left', left.map((v, i) => (i === 0 ? 99 : v))), /node 0 has children 99/],
      ['a node with two parents', mutate('left', left.map((v, i) => (v === 3 ? 4 : v))), /two parents|children/],
      ['a feature beyond nFeatures', mutate('feature', feature.map((v, i) => (i === 0 ? 4 : v))), /feature\[0\]: expected a feature index in \[0, 3\]/],
      ['a negative split feature', mutate('feature', feature.map((v, i) => (i === 0 ? -2 : v))), /feature\[0\]/],
      ['a tree count that is not 1', { ...structuredClone(good), state: { ...good.state, trees: [tree, tree] } }, /expected an array of 1 tree/],
    ];
    const nan = structuredClone(good);
    nan.state.trees[0].threshold.data = Buffer.from(new Float64Array(tree.nodeCount).fill(NaN).buffer).toString('base64');
    cases.push(['a NaN threshold', nan, /threshold: value 0 is NaN/]);
    for (const [label, file, message] of cases) {
      let error: unknown;
      try {
        wl.load(file).dispose();
      } catch (e) {
        error = e;
      }
      expect(error, label).toBeInstanceOf(wl.ModelFormatError);
      expect((error as Error).message, label).toMatch(message);
    }
    const back = wl.load(JSON.stringify(good));
    expect(Array.from(back.predict(X) as Float64Array)).toEqual(Array.from(est.predict(X) as Float64Array));
    back.dispose();
    est.dispose();
  });
});
