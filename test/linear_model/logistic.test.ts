// LogisticRegression: scikit-learn's results (logistic.json), the loss/gradient kernel against finite
// differences in every build, and the invariants of the fitted model.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, randomArray, reference, rng, type WL } from '../helpers';
import { labeled, maxAbs, maxDiff } from './classifier_data';

const ref = reference('logistic.json');
// logistic.json: "tolerance 1e-4 relative on coef, 1e-6 absolute on probabilities"
const COEF_TOL = 1e-4;
const PROBA_TOL = 1e-6;
// The reference values are scikit-learn's optimum; solve tightly so that only its rounding remains.
const TIGHT = { tol: 1e-8, maxIter: 10_000 };

let wl: WL;
beforeAll(async () => {
  wl = await getWl();
});

const cancer = labeled('breast_cancer.csv');
const iris = labeled('iris.csv');

function checkReference(name: string, est: any, data: { X: number[][]; y: number[] }): void {
  const r = ref[name];
  est.fit(data.X, data.y);
  const coef: number[] = r.coef.flat();
  expect(est.coef.length).toBe(coef.length);
  expect(maxDiff(est.coef, coef) / maxAbs(coef)).toBeLessThanOrEqual(COEF_TOL);
  expect(maxDiff(est.intercept, r.intercept) / maxAbs(coef)).toBeLessThanOrEqual(COEF_TOL);
  expect(maxDiff(est.predictProba(data.X.slice(0, 5)), r.probaFirst5.flat())).toBeLessThanOrEqual(PROBA_TOL);
  expect(est.score(data.X, data.y)).toBeCloseTo(r.trainAccuracy, 12);
  expect(est.converged).toBe(true);
  est.dispose();
}

describe('LogisticRegression matches scikit-learn (logistic.json)', () => {
  it('L2, C = 1 and C = 0.05, binary (breast cancer)', () => {
    checkReference('breastCancerL2_C1', new wl.LogisticRegression({ C: 1, ...TIGHT }), cancer);
    checkReference('breastCancerL2_C0.05', new wl.LogisticRegression({ C: 0.05, ...TIGHT }), cancer);
  });

  it('L1, C = 0.5 (breast cancer): the same sparse optimum, exact zeros included', () => {
    const est = new wl.LogisticRegression({ penalty: 'l1', C: 0.5, ...TIGHT });
    est.fit(cancer.X, cancer.y);
    const coef: number[] = ref['breastCancerL1_C0.5'].coef[0];
    const zeros = coef.map((v) => v === 0);
    expect(Array.from(est.coef, (v: number) => v === 0)).toEqual(zeros);
    est.dispose();
    checkReference('breastCancerL1_C0.5', new wl.LogisticRegression({ penalty: 'l1', C: 0.5, ...TIGHT }), cancer);
  });

  it('multinomial for three classes (iris): coef 3×d, softmax probabilities', () => {
    checkReference('irisMultinomial_C1', new wl.LogisticRegression({ C: 1, ...TIGHT }), iris);
  });

  it('the default tol stays within the accuracy scikit-learn reaches with its own default', () => {
    const est = new wl.LogisticRegression().fit(cancer.X, cancer.y);
    expect(est.score(cancer.X, cancer.y)).toBeCloseTo(ref.breastCancerL2_C1.trainAccuracy, 12);
    expect(maxDiff(est.predictProba(cancer.X.slice(0, 5)), ref.breastCancerL2_C1.probaFirst5.flat())).toBeLessThan(1e-4);
    expect(est.nIter).toBeLessThan(100);
    est.dispose();
  });
});

describe('the loss kernel: value and gradient', () => {
  /** f and ∇f through the kernel for a random problem; K = 1 (binary) or K classes. */
  function lossAndGrad(w: WL, dtype: 'float64' | 'float32', n: number, d: number, K: number, params: Float64Array, l2: number) {
    const X = w.matrix(randomArray(n * d, 3), { rows: n, cols: d, dtype });
    const rt = (X as any).runtime; // the instance that owns X (tests load several copies of the library)
    const r = rng(5);
    const y = Int32Array.from({ length: n }, () => Math.floor(r() * (K === 1 ? 2 : K)));
    const size = dtype === 'float64' ? 8 : 4;
    const kd = K * d;
    const ptrs = [n * 4, kd * size, K * size, kd * size, K * size, n * K * size, 1 << 16].map((b) => rt.heap.alloc(b));
    const [yp, wp, bp, gwp, gbp, zp, sp] = ptrs;
    try {
      const view = () => (dtype === 'float64' ? rt.heap.f64 : rt.heap.f32);
      const shift = dtype === 'float64' ? 3 : 2;
      rt.heap.i32.set(y, yp >>> 2);
      const f = (p: Float64Array, grad?: Float64Array): number => {
        view().set(p.subarray(0, kd), wp >>> shift);
        view().set(p.subarray(kd), bp >>> shift);
        const kernel = (rt.kernels as any)[`logistic_loss_grad_${dtype === 'float64' ? 'f64' : 'f32'}`];
        const v = kernel(X.ptr, n, d, yp, K, wp, bp, 1 / n, l2, zp, sp, gwp, gbp);
        if (grad) {
          grad.set(view().subarray(gwp >>> shift, (gwp >>> shift) + kd));
          grad.set(view().subarray(gbp >>> shift, (gbp >>> shift) + K), kd);
        }
        return v;
      };
      const grad = new Float64Array(params.length);
      const value = f(params, grad);
      const h = 1e-6;
      const fd = params.map((_, i) => {
        const p = params.slice(), q = params.slice();
        p[i] += h;
        q[i] -= h;
        return (f(p) - f(q)) / (2 * h);
      });
      return { value, grad, fd };
    } finally {
      ptrs.forEach((p) => rt.heap.free(p));
      X.dispose();
    }
  }

  for (const build of BUILDS) {
    it(`gradient = central differences, binary and multinomial (${build} build)`, async () => {
      const w = await freshWl(build);
      for (const [n, d, K] of [[37, 5, 1], [23, 4, 3], [1, 1, 1], [9, 3, 5]]) {
        const params = Float64Array.from(randomArray(K * d + K, 11 + n), (v) => 2 * v);
        const { value, grad, fd } = lossAndGrad(w, 'float64', n, d, K, params, 0.3);
        expect(Number.isFinite(value)).toBe(true);
        // central differences with h = 1e-6 carry ~1e-9 of truncation and rounding here
        expect(maxDiff(grad, fd)).toBeLessThan(1e-7 * Math.max(1, maxAbs(fd)));
      }
    });
  }

  it('float32 data gives the float64 value to single precision; extreme scores stay finite', async () => {
    const w = await getWl();
    const params = Float64Array.from(randomArray(4 * 3 + 3, 2));
    const a = lossAndGrad(w, 'float64', 30, 4, 3, params, 0.1);
    const b = lossAndGrad(w, 'float32', 30, 4, 3, params, 0.1);
    expect(Math.abs(a.value - b.value)).toBeLessThan(1e-5 * Math.abs(a.value));
    const big = Float64Array.from(randomArray(4 + 1, 9), (v) => 1e3 * v);
    const c = lossAndGrad(w, 'float64', 30, 4, 1, big, 0);
    expect(Number.isFinite(c.value)).toBe(true);
    expect(c.grad.every(Number.isFinite)).toBe(true);
  });
});

describe('LogisticRegression: model invariants', () => {
  it('probabilities: rows sum to 1, logs agree, argmax and decisionFunction agree with predict', () => {
    for (const data of [cancer, iris]) {
      const est = new wl.LogisticRegression({ C: 0.3 }).fit(data.X, data.y);
      const K = est.classes.length;
      const X = data.X.slice(0, 40);
      const P = est.predictProba(X);
      const L = est.predictLogProba(X);
      const D = est.decisionFunction(X);
      const pred = est.predict(X);
      expect(P.length).toBe(40 * K);
      for (let i = 0; i < 40; i++) {
        let s = 0, best = 0;
        for (let k = 0; k < K; k++) {
          s += P[i * K + k];
          expect(L[i * K + k]).toBeCloseTo(Math.log(P[i * K + k]), 10);
          if (P[i * K + k] > P[i * K + best]) best = k;
        }
        expect(s).toBeCloseTo(1, 12);
        expect(pred[i]).toBe(est.classes[best]);
        if (K === 2) expect(D[i] > 0).toBe(best === 1);
      }
      est.dispose();
    }
  });

  it('string labels keep sorted order; coef is 1×d for two classes and K×d for more', () => {
    const names = ['setosa', 'versicolor', 'virginica'];
    const est = new wl.LogisticRegression().fit(iris.X, iris.y.map((c) => names[2 - c]));
    expect(est.classes).toEqual(names);
    expect(est.coef.length).toBe(3 * 4);
    expect(est.intercept.length).toBe(3);
    const num = new wl.LogisticRegression().fit(iris.X, iris.y);
    // 'setosa' is class 2 here: its row equals row 0 of the numeric fit (the same model, reordered)
    expect(maxDiff(est.coef.slice(8, 12), num.coef.slice(0, 4))).toBeLessThan(1e-3);
    expect((est.predict(iris.X) as string[]).filter((v, i) => v === names[2 - iris.y[i]]).length / 150).toBeCloseTo(num.score(iris.X, iris.y), 10);
    est.dispose();
    num.dispose();
  });

  it('elasticnet interpolates: l1Ratio 0 is the L2 fit, l1Ratio 1 the L1 fit', () => {
    const fit = (o: object) => {
      const e = new wl.LogisticRegression({ C: 0.5, ...TIGHT, ...o }).fit(cancer.X, cancer.y);
      const c = e.coef;
      e.dispose();
      return c;
    };
    expect(maxDiff(fit({ penalty: 'elasticnet', l1Ratio: 0 }), fit({ penalty: 'l2' }))).toBeLessThan(1e-5);
    expect(maxDiff(fit({ penalty: 'elasticnet', l1Ratio: 1 }), fit({ penalty: 'l1' }))).toBeLessThan(1e-5);
    const half = fit({ penalty: 'elasticnet', l1Ratio: 0.5 });
    const zerosHalf = half.filter((v: number) => v === 0).length;
    const zerosL1 = fit({ penalty: 'l1' }).filter((v: number) => v === 0).length;
    expect(zerosHalf).toBeGreaterThan(0);
    expect(zerosHalf).toBeLessThanOrEqual(zerosL1);
  });

  it('stronger regularization shrinks the weights; penalty none fits an unregularized model', () => {
    const norm = (C: number, penalty = 'l2') => {
      const e = new wl.LogisticRegression({ C, penalty: penalty as any, maxIter: 1000, onWarning: () => {} }).fit(iris.X, iris.y);
      const v = Math.hypot(...e.coef);
      e.dispose();
      return v;
    };
    expect(norm(0.01)).toBeLessThan(norm(0.1));
    expect(norm(0.1)).toBeLessThan(norm(10));
    expect(norm(1, 'none')).toBeGreaterThan(norm(10));
  });

  it('fitIntercept false leaves the intercept at 0; non-convergence warns and reports converged false', () => {
    const e = new wl.LogisticRegression({ fitIntercept: false }).fit(cancer.X, cancer.y);
    expect(Array.from(e.intercept)).toEqual([0]);
    e.dispose();
    const warnings: string[] = [];
    const f = new wl.LogisticRegression({ maxIter: 2, onWarning: (m: string) => warnings.push(m) }).fit(cancer.X, cancer.y);
    expect(f.converged).toBe(false);
    expect(f.nIter).toBe(2);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/maxIter/);
    f.dispose();
  });

  it('one class is a ValidationError naming y; bad options name the option', () => {
    expect(() => new wl.LogisticRegression().fit([[1], [2]], [1, 1])).toThrow(wl.ValidationError);
    expect(() => new wl.LogisticRegression().fit([[1], [2]], [1, 1])).toThrow(/y/);
    expect(() => new wl.LogisticRegression({ C: -1 }).fit(iris.X, iris.y)).toThrow(/"C"/);
    expect(() => new wl.LogisticRegression({ penalty: 'elasticnet' }).fit(iris.X, iris.y)).toThrow(/l1Ratio/);
    expect(() => new wl.LogisticRegression({ penalty: 'l3' as any }).fit(iris.X, iris.y)).toThrow(wl.InvalidParameterError);
  });

  it('leaves the heap as it found it', () => {
    const before = wl.memory().bytesInUse;
    const e = new wl.LogisticRegression({ penalty: 'l1' }).fit(iris.X, iris.y);
    e.predictProba(iris.X);
    e.predictLogProba(iris.X);
    e.decisionFunction(iris.X);
    e.dispose();
    expect(wl.memory().bytesInUse).toBe(before);
  });
});
