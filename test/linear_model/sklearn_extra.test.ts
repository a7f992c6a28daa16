// Classifier configurations checked against scikit-learn 1.2.1 itself (classifiers_sklearn.json,
// written by scripts/reference_classifiers.py): SGD without shuffling (the same arithmetic, so equal up
// to rounding), LinearSVC at its optimum, multi-class SVC, elastic-net logistic regression.
import { beforeAll, describe, expect, it } from 'vitest';
import { getWl, reference, type WL } from '../helpers';
import { labeled, maxAbs, maxDiff } from './classifier_data';

const ref = reference('classifiers_sklearn.json');
let wl: WL;
beforeAll(async () => {
  wl = await getWl();
});
const cancer = labeled('breast_cancer.csv');
const iris = labeled('iris.csv');

const camel = (p: Record<string, unknown>): Record<string, unknown> => {
  const names: Record<string, string> = { l1_ratio: 'l1Ratio', learning_rate: 'learningRate' };
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [names[k] ?? k, v]));
};

describe('SGD = scikit-learn (shuffle false)', () => {
  for (const key of ['hinge_l2_optimal', 'log_elasticnet_invscaling', 'modified_huber_l1_constant']) {
    it(key, () => {
      const r = ref.sgd[key];
      const est = new wl.SGDClassifier({ ...camel(r.params), shuffle: false }).fit(cancer.X.slice(0, 200), cancer.y.slice(0, 200));
      expect(est.nIter).toBe(r.nIter);
      expect(maxDiff(est.coef, r.coef)).toBeLessThan(1e-10 * maxAbs(r.coef));
      expect(Math.abs(est.intercept[0] - r.intercept)).toBeLessThan(1e-10 * maxAbs(r.coef));
      est.dispose();
    });
  }

  it('one-vs-rest on iris (log_loss)', () => {
    const r = ref.sgd.iris_log_ovr;
    const est = new wl.SGDClassifier({ loss: 'log_loss', shuffle: false }).fit(iris.X, iris.y);
    expect(est.nIter).toBe(r.nIter);
    expect(maxDiff(est.coef, r.coef.flat())).toBeLessThan(1e-10 * maxAbs(r.coef.flat()));
    expect(maxDiff(est.intercept, r.intercept)).toBeLessThan(1e-10 * maxAbs(r.coef.flat()));
    est.dispose();
  });

  it('SGDRegressor (squared error, invscaling)', () => {
    const r = ref.sgd.regressor_iris;
    const est = new wl.SGDRegressor({ shuffle: false }).fit(iris.X.map((x) => x.slice(0, 3)), iris.X.map((x) => x[3]));
    expect(est.nIter).toBe(r.nIter);
    expect(maxDiff(est.coef, r.coef)).toBeLessThan(1e-10);
    expect(Math.abs(est.intercept - r.intercept)).toBeLessThan(1e-10);
    est.dispose();
  });
});

describe('LinearSVC = scikit-learn at the optimum', () => {
  for (const loss of ['squared_hinge', 'hinge'] as const) {
    it(`breast cancer, ${loss}`, () => {
      const r = ref.linearSVC[`cancer_${loss}`];
      const est = new wl.LinearSVC({ loss, tol: 1e-8, maxIter: 1_000_000, seed: 0 }).fit(cancer.X, cancer.y);
      expect(maxDiff(est.coef, r.coef) / maxAbs(r.coef)).toBeLessThan(1e-5);
      expect(Math.abs(est.intercept[0] - r.intercept) / maxAbs(r.coef)).toBeLessThan(1e-5);
      est.dispose();
    });
  }

  it('iris, one-vs-rest', () => {
    const r = ref.linearSVC.iris_ovr;
    const est = new wl.LinearSVC({ tol: 1e-8, maxIter: 1_000_000, seed: 0 }).fit(iris.X, iris.y);
    expect(maxDiff(est.coef, r.coef.flat()) / maxAbs(r.coef.flat())).toBeLessThan(1e-5);
    expect(maxDiff(est.intercept, r.intercept) / maxAbs(r.coef.flat())).toBeLessThan(1e-5);
    est.dispose();
  });
});

describe('SVC, three classes = scikit-learn', () => {
  for (const kernel of ['rbf', 'poly'] as const) {
    it(`iris, ${kernel}: support vectors, intercepts, ovr and ovo decision values`, () => {
      const r = ref.svc[`iris_${kernel}`];
      const est = new wl.SVC({ kernel, tol: 1e-6 }).fit(iris.X, iris.y);
      expect(Array.from(est.nSupport)).toEqual(r.nSupport);
      expect(Array.from(est.support)).toEqual(r.support);
      expect(maxDiff(est.intercept, r.intercept)).toBeLessThan(1e-3);
      expect(maxDiff(est.decisionFunction(iris.X.slice(0, 5)), r.decisionOvrFirst5.flat())).toBeLessThan(1e-3);
      const ovo = new wl.SVC({ kernel, tol: 1e-6, decisionFunctionShape: 'ovo' }).fit(iris.X, iris.y);
      expect(maxDiff(ovo.decisionFunction(iris.X.slice(0, 5)), r.decisionOvoFirst5.flat())).toBeLessThan(1e-3);
      est.dispose();
      ovo.dispose();
    });
  }
});

it('LogisticRegression elastic-net = scikit-learn saga at its optimum', () => {
  const r = ref.logisticElasticnet;
  const est = new wl.LogisticRegression({ penalty: 'elasticnet', C: 0.5, l1Ratio: 0.5, tol: 1e-8, maxIter: 10_000 }).fit(cancer.X, cancer.y);
  expect(maxDiff(est.coef, r.coef) / maxAbs(r.coef)).toBeLessThan(1e-4);
  expect(Array.from(est.coef, (v: number) => v === 0)).toEqual(r.coef.map((v: number) => v === 0));
  expect(Math.abs(est.intercept[0] - r.intercept) / maxAbs(r.coef)).toBeLessThan(1e-4);
  est.dispose();
});
