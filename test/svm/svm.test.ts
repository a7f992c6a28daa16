// SVC and LinearSVC: scikit-learn's results (svm.json), the optimality conditions of the SMO and
// dual-CD solutions, the attributes' layout, and solver options that must not change the answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, rng, reference, type WL } from '../helpers';
import { labeled, maxDiff } from '../linear_model/classifier_data';

const ref = reference('svm.json');
const DEC_TOL = 1e-3; // svm.json: "SVC decision function is unique at the optimum: tolerance 1e-3 absolute"

let wl: WL;
beforeAll(async () => {
  wl = await getWl();
});

const cancer = labeled('breast_cancer.csv');
const iris = labeled('iris.csv');

function kernelValue(kind: string, a: number[], b: number[], gamma: number, coef0 = 0, degree = 3): number {
  const dot = a.reduce((s, v, j) => s + v * b[j], 0);
  if (kind === 'linear') return dot;
  if (kind === 'rbf') return Math.exp(-gamma * a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0));
  if (kind === 'poly') return (gamma * dot + coef0) ** degree;
  return Math.tanh(gamma * dot + coef0);
}

describe('SVC matches scikit-learn (svm.json)', () => {
  for (const [name, options] of [['rbf_C1_gammaScale', { kernel: 'rbf', C: 1 }], ['linear_C0.1', { kernel: 'linear', C: 0.1 }]] as const) {
    it(`${name}: decision function, support vectors per class, intercept, accuracy`, () => {
      const r = ref[name];
      for (const tol of [1e-3, 1e-6]) {
        const est = new wl.SVC({ ...options, tol }).fit(cancer.X, cancer.y);
        expect(maxDiff(est.decisionFunction(cancer.X.slice(0, 10)), r.decisionFirst10)).toBeLessThanOrEqual(DEC_TOL);
        expect(Array.from(est.nSupport)).toEqual(r.nSupport);
        expect(Math.abs(est.intercept[0] - r.intercept[0])).toBeLessThanOrEqual(DEC_TOL);
        expect(est.score(cancer.X, cancer.y)).toBeCloseTo(r.trainAccuracy, 12);
        expect(est.converged).toBe(true);
        est.dispose();
      }
    });
  }

  for (const build of BUILDS) {
    it(`every build finds the same rbf solution (${build})`, async () => {
      const w = await freshWl(build);
      const est = new w.SVC({ tol: 1e-6 }).fit(cancer.X, cancer.y);
      expect(maxDiff(est.decisionFunction(cancer.X.slice(0, 10)), ref.rbf_C1_gammaScale.decisionFirst10)).toBeLessThanOrEqual(DEC_TOL);
      est.dispose();
    });
  }
});

describe('SVC: the fitted model', () => {
  it('decision = Σ dualCoef·K(sv, x) + intercept; dual feasibility; KKT of the free support vectors', () => {
    for (const kernel of ['rbf', 'linear', 'poly', 'sigmoid'] as const) {
      const C = 0.5;
      const X = cancer.X.slice(0, 150);
      const y = cancer.y.slice(0, 150);
      const est = new wl.SVC({ kernel, C, coef0: kernel === 'sigmoid' ? -1 : 1, gamma: kernel === 'sigmoid' ? 0.01 : 'scale', degree: 2, tol: 1e-6 }).fit(X, y);
      const sv = est.supportVectors;
      const coef = est.dualCoef; // (K−1)×nSV = 1×nSV
      const d = 30, nSV = coef.length;
      const gamma = est.gammaValue;
      const svRows = Array.from({ length: nSV }, (_, s) => Array.from(sv.subarray(s * d, (s + 1) * d)));
      const decision = (x: number[]) => svRows.reduce((s, row, t) => s + coef[t] * kernelValue(kernel, row, x, gamma, est.getParams().coef0, 2), est.intercept[0]);
      const dec = est.decisionFunction(X);
      for (let i = 0; i < 20; i++) expect(dec[i]).toBeCloseTo(decision(X[i]), 8);
      // yᵀα = 0 and 0 < α ≤ C (dualCoef = y·α with y = +1 for classes[1])
      expect(Math.abs(coef.reduce((a: number, b: number) => a + b, 0))).toBeLessThan(1e-9);
      for (const c of coef) expect(Math.abs(c)).toBeLessThanOrEqual(C + 1e-12);
      // free support vectors (0 < α < C) sit on the margin: y·f(x) = 1 up to the tolerance
      const support = est.support;
      let free = 0;
      for (let t = 0; t < nSV; t++) {
        if (Math.abs(coef[t]) < C - 1e-9) {
          const i = support[t];
          const yi = y[i] === 1 ? 1 : -1;
          expect(Math.abs(yi * dec[i] - 1), kernel).toBeLessThan(1e-3);
          free++;
        }
      }
      expect(free).toBeGreaterThan(0);
      if (kernel === 'linear') {
        const w = est.coef!;
        for (let i = 0; i < 10; i++) expect(dec[i]).toBeCloseTo(X[i].reduce((s, v, j) => s + v * w[j], est.intercept[0]), 8);
      } else expect(est.coef).toBeNull();
      est.dispose();
    }
  });

  it('three classes: one-vs-one layout (nSupport, dualCoef (K−1)×nSV, K(K−1)/2 intercepts), voting, ovr and ovo shapes', () => {
    const est = new wl.SVC({ C: 1 }).fit(iris.X, iris.y);
    const nSV = est.support.length;
    expect(est.nSupport.reduce((a: number, b: number) => a + b, 0)).toBe(nSV);
    expect(est.dualCoef.length).toBe(2 * nSV);
    expect(est.intercept.length).toBe(3);
    expect(est.supportVectors.length).toBe(nSV * 4);
    // support vectors are grouped by class, in training order within a class
    const cls = Array.from(est.support, (i: number) => iris.y[i]);
    expect(cls).toEqual([...cls].sort((a, b) => a - b));
    expect(est.score(iris.X, iris.y)).toBeGreaterThan(0.95);
    const ovr = est.decisionFunction(iris.X);
    expect(ovr.length).toBe(150 * 3);
    const pred = est.predict(iris.X);
    for (let i = 0; i < 150; i++) {
      const row = Array.from(ovr.subarray(i * 3, i * 3 + 3));
      const votes = row.map(Math.round);
      expect(votes.reduce((a, b) => a + b, 0)).toBe(3); // three pairwise votes, confidences within ±1/3
      expect(row.indexOf(Math.max(...row))).toBe(pred[i]);
    }
    const ovo = new wl.SVC({ C: 1, decisionFunctionShape: 'ovo' }).fit(iris.X, iris.y);
    const pairs = ovo.decisionFunction(iris.X);
    expect(pairs.length).toBe(150 * 3);
    for (let i = 0; i < 150; i++) {
      const v = [0, 0, 0];
      [[0, 1], [0, 2], [1, 2]].forEach(([a, b], q) => v[pairs[i * 3 + q] > 0 ? a : b]++);
      expect(v.indexOf(Math.max(...v))).toBe(pred[i]);
    }
    est.dispose();
    ovo.dispose();
  });

  it('shrinking, the cache size and gamma spelled out do not change the solution', () => {
    const X = cancer.X.slice(0, 200), y = cancer.y.slice(0, 200);
    const base = new wl.SVC({ tol: 1e-6 }).fit(X, y);
    const want = base.decisionFunction(X);
    for (const o of [{ shrinking: false }, { cacheSize: 0.001 }, { gamma: base.gammaValue }]) {
      const e = new wl.SVC({ tol: 1e-6, ...o }).fit(X, y);
      expect(maxDiff(e.decisionFunction(X), want), JSON.stringify(o)).toBeLessThan(1e-4);
      e.dispose();
    }
    const auto = new wl.SVC({ gamma: 'auto' }).fit(X, y);
    expect(auto.gammaValue).toBeCloseTo(1 / 30, 15);
    auto.dispose();
    base.dispose();
  });

  it('shrinking and an LRU cache far smaller than the problem, on a hard problem where both act', () => {
    // overlapping classes and a large C: thousands of SMO iterations, so shrinking runs many times
    const r = rng(21);
    const X = Array.from({ length: 300 }, () => [4 * r() - 2, 4 * r() - 2, r()]);
    const y = X.map(([a, b]) => (a * b + 0.8 * (r() - 0.5) > 0 ? 1 : 0));
    const base = new wl.SVC({ C: 100, tol: 1e-6, shrinking: false }).fit(X, y);
    expect(base.nIter).toBeGreaterThan(3 * 300);
    const want = base.decisionFunction(X);
    for (const o of [{ shrinking: true }, { shrinking: true, cacheSize: 300 * 4 * 8 / 2 ** 20 }, { shrinking: false, cacheSize: 1e-6 }]) {
      const e = new wl.SVC({ C: 100, tol: 1e-6, ...o }).fit(X, y);
      expect(maxDiff(e.decisionFunction(X), want), JSON.stringify(o)).toBeLessThan(1e-3);
      expect(Array.from(e.nSupport)).toEqual(Array.from(base.nSupport));
      e.dispose();
    }
    base.dispose();
  });

  it('maxIter stops early with a warning and converged false', () => {
    const warnings: string[] = [];
    const e = new wl.SVC({ maxIter: 5, onWarning: (m: string) => warnings.push(m) }).fit(cancer.X, cancer.y);
    expect(e.converged).toBe(false);
    expect(e.nIter).toBe(5);
    expect(warnings.length).toBe(1);
    e.dispose();
  });

  it('a constant feature matrix and two identical points with different labels still fit', () => {
    const e = new wl.SVC().fit([[1, 1], [1, 1], [1, 1], [1, 1]], [0, 1, 0, 1]);
    expect(e.predict([[1, 1]]).length).toBe(1);
    e.dispose();
  });
});

describe('LinearSVC', () => {
  it('reaches the training accuracy of scikit-learn\'s LinearSVC (hinge, C = 1) on breast cancer', () => {
    const est = new wl.LinearSVC({ loss: 'hinge', seed: 0, maxIter: 10_000 }).fit(cancer.X, cancer.y);
    expect(est.score(cancer.X, cancer.y)).toBeCloseTo(ref.linearSVC_hinge_C1.trainAccuracy, 12);
    est.dispose();
  });

  it('solves the primal: the squared-hinge objective has zero gradient at w (intercept as a penalized feature)', () => {
    const C = 0.7;
    const est = new wl.LinearSVC({ C, seed: 1, tol: 1e-8, maxIter: 100_000 }).fit(cancer.X, cancer.y);
    const w = Array.from(est.coef as Float64Array);
    const b = est.intercept[0];
    // f(w, b) = ½(‖w‖² + b²) + C Σ max(0, 1 − y(w·x + b))²
    const g = [...w, b];
    cancer.X.forEach((x, i) => {
      const yi = cancer.y[i] === 1 ? 1 : -1;
      const m = 1 - yi * (x.reduce((s, v, j) => s + v * w[j], 0) + b);
      if (m > 0) {
        x.forEach((v, j) => (g[j] -= 2 * C * m * yi * v));
        g[30] -= 2 * C * m * yi;
      }
    });
    expect(Math.max(...g.map(Math.abs))).toBeLessThan(1e-4);
    expect(est.converged).toBe(true);
    est.dispose();
  });

  it('one-vs-rest for three classes; seeded runs repeat exactly', () => {
    const a = new wl.LinearSVC({ seed: 4 }).fit(iris.X, iris.y);
    const b = new wl.LinearSVC({ seed: 4 }).fit(iris.X, iris.y);
    expect(a.coef.length).toBe(12);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    expect(a.score(iris.X, iris.y)).toBeGreaterThan(0.9);
    const D = a.decisionFunction(iris.X);
    const pred = a.predict(iris.X);
    for (let i = 0; i < 150; i++) {
      const row = Array.from(D.subarray(i * 3, i * 3 + 3));
      expect(row.indexOf(Math.max(...row))).toBe(pred[i]);
    }
    a.dispose();
    b.dispose();
  });

  it('fitIntercept false gives intercept 0; the heap returns to its baseline', () => {
    const before = wl.memory().bytesInUse;
    const r = rng(1);
    const X = Array.from({ length: 60 }, () => [r(), r() - 0.5]);
    const y = X.map(([u, v]) => (u + v > 0.5 ? 'a' : 'b'));
    const e = new wl.LinearSVC({ fitIntercept: false, seed: 0 }).fit(X, y);
    expect(Array.from(e.intercept)).toEqual([0]);
    expect(e.classes).toEqual(['a', 'b']);
    e.dispose();
    expect(wl.memory().bytesInUse).toBe(before);
  });
});
