// SGDClassifier / SGDRegressor: the epoch loop in Wasm against a line-by-line JS transcription of
// scikit-learn's _plain_sgd (unshuffled, so the order is known), accuracy on the bundled datasets,
// seeded reproducibility, partialFit and the penalties.
import { beforeAll, describe, expect, it } from 'vitest';
import { getWl, rng, type WL } from '../helpers';
import { labeled, maxAbs, maxDiff } from './classifier_data';

let wl: WL;
beforeAll(async () => {
  wl = await getWl();
});

const cancer = labeled('breast_cancer.csv');
const iris = labeled('iris.csv');

type Loss = 'hinge' | 'log_loss' | 'modified_huber' | 'squared_error' | 'huber' | 'epsilon_insensitive';
interface RefOptions {
  loss: Loss;
  penalty: 'l2' | 'l1' | 'elasticnet' | 'none';
  alpha: number;
  l1Ratio: number;
  schedule: 'optimal' | 'constant' | 'invscaling' | 'adaptive';
  eta0: number;
  powerT: number;
  maxIter: number;
  tol: number;
  epsilon: number;
}

/** scikit-learn's _plain_sgd (sklearn/linear_model/_sgd_fast.pyx) for one binary/regression problem, no shuffling. */
function plainSgd(X: number[][], y: number[], o: RefOptions): { w: number[]; b: number; epochs: number } {
  const d = X[0].length;
  const w = new Array(d).fill(0);
  const q = new Array(d).fill(0);
  let wscale = 1, b = 0, t = 1, u = 0, eta = o.eta0;
  const l1Ratio = o.penalty === 'l1' ? 1 : o.penalty === 'elasticnet' ? o.l1Ratio : 0;
  const dloss = (p: number, yy: number): number => {
    const z = p * yy;
    switch (o.loss) {
      case 'hinge': return z <= 1 ? -yy : 0;
      case 'log_loss': return z > 18 ? -yy * Math.exp(-z) : z < -18 ? -yy : -yy / (Math.exp(z) + 1);
      case 'modified_huber': return z >= 1 ? 0 : z >= -1 ? -2 * (1 - z) * yy : -4 * yy;
      case 'squared_error': return p - yy;
      case 'huber': { const r = p - yy; return Math.abs(r) <= o.epsilon ? r : r > 0 ? o.epsilon : -o.epsilon; }
      case 'epsilon_insensitive': return yy - p > o.epsilon ? -1 : p - yy > o.epsilon ? 1 : 0;
    }
  };
  const loss = (p: number, yy: number): number => {
    const z = p * yy;
    switch (o.loss) {
      case 'hinge': return z <= 1 ? 1 - z : 0;
      case 'log_loss': return z > 18 ? Math.exp(-z) : z < -18 ? -z : Math.log(1 + Math.exp(-z));
      case 'modified_huber': return z >= 1 ? 0 : z >= -1 ? (1 - z) ** 2 : -4 * z;
      case 'squared_error': return 0.5 * (p - yy) ** 2;
      case 'huber': { const r = Math.abs(p - yy); return r <= o.epsilon ? 0.5 * r * r : o.epsilon * r - 0.5 * o.epsilon ** 2; }
      case 'epsilon_insensitive': return Math.max(0, Math.abs(yy - p) - o.epsilon);
    }
  };
  const typw = Math.sqrt(1 / Math.sqrt(o.alpha));
  const optimalInit = 1 / ((typw / Math.max(1, dloss(-typw, 1))) * o.alpha);
  let best = Infinity, bad = 0, epoch = 0;
  for (; epoch < o.maxIter; epoch++) {
    let sumloss = 0;
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      const p = wscale * x.reduce((s, v, j) => s + v * w[j], 0) + b;
      if (o.schedule === 'optimal') eta = 1 / (o.alpha * (optimalInit + t - 1));
      else if (o.schedule === 'invscaling') eta = o.eta0 / Math.pow(t, o.powerT);
      sumloss += loss(p, y[i]);
      const update = -eta * dloss(p, y[i]);
      if (o.penalty === 'l2' || o.penalty === 'elasticnet') {
        wscale *= Math.max(0, 1 - (1 - l1Ratio) * eta * o.alpha);
        if (wscale < 1e-9) {
          for (let j = 0; j < d; j++) w[j] *= wscale;
          wscale = 1;
        }
      }
      if (update !== 0) {
        for (let j = 0; j < d; j++) w[j] += (update / wscale) * x[j];
        b += update;
      }
      if (o.penalty === 'l1' || o.penalty === 'elasticnet') {
        u += l1Ratio * eta * o.alpha;
        for (let j = 0; j < d; j++) {
          const z = w[j];
          if (wscale * z > 0) w[j] = Math.max(0, w[j] - (u + q[j]) / wscale);
          else if (wscale * z < 0) w[j] = Math.min(0, w[j] + (u - q[j]) / wscale);
          q[j] += wscale * (w[j] - z);
        }
      }
      t++;
    }
    if (sumloss > best - o.tol * X.length) bad++;
    else bad = 0;
    if (sumloss < best) best = sumloss;
    if (bad >= 5) {
      if (o.schedule === 'adaptive' && eta > 1e-6) {
        eta /= 5;
        bad = 0;
      } else {
        epoch++;
        break;
      }
    }
  }
  return { w: w.map((v) => v * wscale), b, epochs: epoch };
}

describe('SGD matches a transcription of scikit-learn\'s _plain_sgd (no shuffling)', () => {
  const base: RefOptions = { loss: 'hinge', penalty: 'l2', alpha: 1e-4, l1Ratio: 0.15, schedule: 'optimal', eta0: 0, powerT: 0.5, maxIter: 1000, tol: 1e-3, epsilon: 0.1 };
  const X = cancer.X.slice(0, 200);
  const ypm = cancer.y.slice(0, 200).map((v) => (v === 1 ? 1 : -1));
  const cases: Partial<RefOptions>[] = [
    {},
    { loss: 'log_loss', penalty: 'elasticnet', l1Ratio: 0.5, schedule: 'invscaling', eta0: 0.1 },
    { loss: 'modified_huber', penalty: 'l1', alpha: 1e-3, schedule: 'constant', eta0: 0.01 },
    { loss: 'hinge', penalty: 'none', schedule: 'adaptive', eta0: 0.5, tol: 1e-2 },
  ];
  for (const c of cases) {
    it(`classifier ${JSON.stringify(c)}`, () => {
      const o = { ...base, ...c };
      const want = plainSgd(X, ypm, o);
      const est = new wl.SGDClassifier({
        loss: o.loss as any, penalty: o.penalty, alpha: o.alpha, l1Ratio: o.l1Ratio, learningRate: o.schedule, eta0: o.eta0, powerT: o.powerT,
        tol: o.tol, shuffle: false, onWarning: () => {},
      }).fit(X, cancer.y.slice(0, 200));
      expect(est.nIter).toBe(want.epochs);
      const scale = Math.max(1, maxAbs(want.w));
      expect(maxDiff(est.coef, want.w)).toBeLessThan(1e-9 * scale);
      expect(Math.abs(est.intercept[0] - want.b)).toBeLessThan(1e-9 * scale);
      est.dispose();
    });
  }

  for (const loss of ['squared_error', 'huber', 'epsilon_insensitive'] as const) {
    it(`regressor, ${loss}, invscaling (the default schedule)`, () => {
      const Xr = iris.X.map((r) => r.slice(0, 3));
      const yr = iris.X.map((r) => r[3]);
      const o = { ...base, loss, schedule: 'invscaling' as const, eta0: 0.01, powerT: 0.25 };
      const want = plainSgd(Xr, yr, o);
      const est = new wl.SGDRegressor({ loss, shuffle: false, onWarning: () => {} }).fit(Xr, yr);
      expect(est.nIter).toBe(want.epochs);
      expect(maxDiff(est.coef, want.w)).toBeLessThan(1e-9);
      expect(Math.abs(est.intercept - want.b)).toBeLessThan(1e-9);
      est.dispose();
    });
  }
});

describe('SGDClassifier', () => {
  it('reaches scikit-learn-like training accuracy on iris and breast cancer for each loss', () => {
    for (const loss of ['hinge', 'log_loss', 'modified_huber', 'perceptron'] as const) {
      const a = new wl.SGDClassifier({ loss, seed: 0 }).fit(cancer.X, cancer.y);
      expect(a.score(cancer.X, cancer.y), loss).toBeGreaterThan(0.96);
      expect(a.converged).toBe(true);
      const b = new wl.SGDClassifier({ loss, seed: 0 }).fit(iris.X, iris.y);
      expect(b.score(iris.X, iris.y), loss).toBeGreaterThan(0.88);
      expect(b.coef.length).toBe(3 * 4); // one-vs-rest: a row per class
      a.dispose();
      b.dispose();
    }
  });

  it('the same seed gives the same model; another seed another shuffle', () => {
    const fit = (seed: number) => {
      const e = new wl.SGDClassifier({ seed, loss: 'log_loss' }).fit(cancer.X, cancer.y);
      const c = e.coef;
      e.dispose();
      return Array.from(c);
    };
    expect(fit(7)).toEqual(fit(7));
    expect(fit(7)).not.toEqual(fit(8));
  });

  it('partialFit needs classes first, then streams one epoch per call towards a good model', () => {
    const est = new wl.SGDClassifier({ seed: 1, loss: 'log_loss' });
    expect(() => est.partialFit(iris.X.slice(0, 10), iris.y.slice(0, 10))).toThrow(/classes/);
    const order = Array.from({ length: 150 }, (_, i) => i);
    const r = rng(3);
    for (let i = 149; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const Xs = order.map((i) => iris.X[i]);
    const ys = order.map((i) => iris.y[i]);
    for (let epoch = 0; epoch < 15; epoch++) {
      for (let s = 0; s < 150; s += 30) est.partialFit(Xs.slice(s, s + 30), ys.slice(s, s + 30), epoch === 0 && s === 0 ? { classes: [0, 1, 2] } : undefined);
    }
    expect(est.score(iris.X, iris.y)).toBeGreaterThan(0.85);
    expect(est.converged).toBe(false);
    expect(est.nIter).toBe(1);
    expect(() => est.partialFit(iris.X.slice(0, 5), iris.y.slice(0, 5), { classes: [0, 1] })).toThrow(/classes/);
    expect(() => est.partialFit(iris.X.map((row) => row.slice(0, 3)), iris.y)).toThrow(wl.ShapeError);
    est.dispose();
  });

  it('k calls of partialFit on the whole data = fit with maxIter k (no shuffling, no stopping rule)', () => {
    const stream = new wl.SGDClassifier({ shuffle: false, loss: 'modified_huber' });
    for (let k = 0; k < 4; k++) stream.partialFit(iris.X, iris.y, k === 0 ? { classes: [0, 1, 2] } : undefined);
    const batch = new wl.SGDClassifier({ shuffle: false, loss: 'modified_huber', maxIter: 4, tol: null, onWarning: () => {} }).fit(iris.X, iris.y);
    // equal up to rounding: fit keeps the L2 scale factor across epochs, each partialFit folds it in
    expect(maxDiff(stream.coef, batch.coef)).toBeLessThan(1e-12 * maxAbs(batch.coef));
    expect(maxDiff(stream.intercept, batch.intercept)).toBeLessThan(1e-12 * maxAbs(batch.coef));
    stream.dispose();
    batch.dispose();
  });

  it('predictProba: sigmoids for log_loss (normalized one-vs-rest), refused for hinge', () => {
    const est = new wl.SGDClassifier({ loss: 'log_loss', seed: 2 }).fit(iris.X, iris.y);
    const P = est.predictProba(iris.X);
    const D = est.decisionFunction(iris.X);
    for (let i = 0; i < 150; i++) {
      const sig = [0, 1, 2].map((k) => 1 / (1 + Math.exp(-D[i * 3 + k])));
      const s = sig[0] + sig[1] + sig[2];
      for (let k = 0; k < 3; k++) expect(P[i * 3 + k]).toBeCloseTo(sig[k] / s, 12);
    }
    expect(maxDiff(est.predictLogProba(iris.X), P.map(Math.log))).toBeLessThan(1e-12);
    est.dispose();
    const mh = new wl.SGDClassifier({ loss: 'modified_huber', seed: 2 }).fit(cancer.X, cancer.y);
    const Pm = mh.predictProba(cancer.X.slice(0, 20));
    const Dm = mh.decisionFunction(cancer.X.slice(0, 20));
    for (let i = 0; i < 20; i++) expect(Pm[2 * i + 1]).toBeCloseTo((Math.min(1, Math.max(-1, Dm[i])) + 1) / 2, 12);
    mh.dispose();
    const h = new wl.SGDClassifier({ seed: 2 }).fit(iris.X, iris.y);
    expect(() => h.predictProba(iris.X)).toThrow(/log_loss/);
    h.dispose();
  });

  it('a strong L1 penalty zeroes coefficients exactly', () => {
    const e = new wl.SGDClassifier({ penalty: 'l1', alpha: 0.05, seed: 0 }).fit(cancer.X, cancer.y);
    expect(e.coef.filter((v: number) => v === 0).length).toBeGreaterThan(10);
    expect(e.score(cancer.X, cancer.y)).toBeGreaterThan(0.9);
    e.dispose();
  });

  it('a diverging step is a ValidationError that says how to fix it; the heap is clean', () => {
    const before = wl.memory().bytesInUse;
    const X = cancer.X.map((r) => r.map((v) => v * 1e100));
    expect(() => new wl.SGDRegressor({ learningRate: 'constant', eta0: 1e10, seed: 0 }).fit(X, cancer.y)).toThrow(wl.ValidationError);
    expect(() => new wl.SGDRegressor({ learningRate: 'constant', eta0: 1e10, seed: 0 }).fit(X, cancer.y)).toThrow(/diverged.*StandardScaler/);
    expect(wl.memory().bytesInUse).toBe(before);
  });
});

describe('SGDRegressor', () => {
  it('recovers a linear model (R² and coefficients)', () => {
    const r = rng(11);
    const X = Array.from({ length: 400 }, () => [2 * r() - 1, 2 * r() - 1, 2 * r() - 1]);
    const y = X.map(([a, b, c]) => 1.5 * a - 2 * b + 0.5 * c + 0.3 + 0.01 * (r() - 0.5));
    const est = new wl.SGDRegressor({ seed: 0, tol: 1e-6, maxIter: 5000, alpha: 1e-6, onWarning: () => {} }).fit(X, y);
    expect(est.score(X, y)).toBeGreaterThan(0.999);
    expect(maxDiff(est.coef, [1.5, -2, 0.5])).toBeLessThan(0.02);
    expect(Math.abs(est.intercept - 0.3)).toBeLessThan(0.02);
    const again = new wl.SGDRegressor({ seed: 0, tol: 1e-6, maxIter: 5000, alpha: 1e-6, onWarning: () => {} }).fit(X, y);
    expect(Array.from(again.coef)).toEqual(Array.from(est.coef));
    // partialFit continues from the fitted weights
    const before = est.score(X, y);
    est.partialFit(X, y);
    expect(est.score(X, y)).toBeGreaterThan(before - 1e-3);
    est.dispose();
    again.dispose();
  });

  it('y must be one target per sample', () => {
    expect(() => new wl.SGDRegressor().fit([[1], [2]], [[1, 2], [3, 4]])).toThrow(wl.ShapeError);
  });
});
