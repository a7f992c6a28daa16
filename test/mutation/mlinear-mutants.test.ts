// Behaviour of src/linear_model and src/svm that mutation testing (stryker run --mutate over those
// files) showed no test pinned: scikit-learn's defaults, the class of every error and the option or
// argument it names, the warnings' wording, the checks of model files, the predictions of a model with
// known weights (read from a model file), closed-form optima (orthogonal designs for the lasso and
// elastic net, the normal equations for ridge), the optimality conditions logistic regression stops at,
// and that every fit and prediction gives its scratch memory back.
import { describe, expect, it } from 'vitest';
import { editedModel, getWl, rng, throwsNamed } from '../helpers';
import { labeled, maxAbs, maxDiff } from '../linear_model/classifier_data';

const wl = await getWl();
const W = wl as any;
const { InvalidParameterError: P, ValidationError: V, ShapeError: S, ModelFormatError: M, NotFittedError: NF } = wl;

const iris = labeled('iris.csv');
const cancer = labeled('breast_cancer.csv');
const quiet = { onWarning: () => {} };

/** n×d uniform in [-1, 1), deterministic. */
function features(n: number, d: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => 2 * r() - 1));
}
/** y = X·w + b + small noise. */
function linear(X: number[][], w: number[], b: number, seed: number, noise = 0.01): number[] {
  const r = rng(seed);
  return X.map((row) => row.reduce((s, v, j) => s + v * w[j], b) + noise * (r() - 0.5));
}
/** Solves the small dense system A·x = b (Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const a = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const colMeans = (X: number[][]) => X[0].map((_, j) => mean(X.map((r) => r[j])));
/** Ridge by its normal equations on centered data: (XcᵀXc + αI)w = Xcᵀyc, b = ȳ − x̄ᵀw. */
function ridgeRef(X: number[][], y: number[], alpha: number, fitIntercept = true): { w: number[]; b: number } {
  const d = X[0].length;
  const xm = fitIntercept ? colMeans(X) : new Array(d).fill(0);
  const ym = fitIntercept ? mean(y) : 0;
  const Xc = X.map((r) => r.map((v, j) => v - xm[j]));
  const yc = y.map((v) => v - ym);
  const G = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => Xc.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? alpha : 0)));
  const rhs = Array.from({ length: d }, (_, i) => Xc.reduce((s, r, t) => s + r[i] * yc[t], 0));
  const w = solve(G, rhs);
  return { w, b: ym - w.reduce((s, v, j) => s + v * xm[j], 0) };
}
/** `fn` leaves the heap as it found it. */
function noLeak(fn: () => void): void {
  const base = wl.memory().bytesInUse;
  fn();
  expect(wl.memory().bytesInUse).toBe(base);
}
/** Base64 of a typed array (little-endian, as the model format). */
const b64 = (v: Float64Array | Int32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
const f64 = (values: number[], shape = [values.length]) => ({ dtype: 'float64', shape, data: b64(Float64Array.from(values)) });
const i32 = (values: number[], shape = [values.length]) => ({ dtype: 'int32', shape, data: b64(Int32Array.from(values)) });
/** A model file of `est` (fitted) with its state changed by `edit`. */
function edited(est: any, edit: (state: any) => void): unknown {
  return editedModel(est, (json) => edit(json.state));
}

describe('defaults are scikit-learn\'s', () => {
  it('every option of every estimator', () => {
    const defaults: Record<string, Record<string, unknown>> = {
      LinearRegression: { fitIntercept: true },
      Ridge: { alpha: 1, fitIntercept: true, solver: 'auto' },
      Lasso: { alpha: 1, fitIntercept: true, maxIter: 1000, tol: 1e-4, warmStart: false },
      ElasticNet: { alpha: 1, l1Ratio: 0.5, fitIntercept: true, maxIter: 1000, tol: 1e-4, warmStart: false },
      LogisticRegression: { penalty: 'l2', C: 1, l1Ratio: null, tol: 1e-4, maxIter: 100, fitIntercept: true },
      SGDClassifier: {
        penalty: 'l2', alpha: 1e-4, l1Ratio: 0.15, fitIntercept: true, maxIter: 1000, tol: 1e-3, shuffle: true, seed: null,
        nIterNoChange: 5, epsilon: 0.1, loss: 'hinge', learningRate: 'optimal', eta0: 0, powerT: 0.5,
      },
      SGDRegressor: {
        penalty: 'l2', alpha: 1e-4, l1Ratio: 0.15, fitIntercept: true, maxIter: 1000, tol: 1e-3, shuffle: true, seed: null,
        nIterNoChange: 5, epsilon: 0.1, loss: 'squared_error', learningRate: 'invscaling', eta0: 0.01, powerT: 0.25,
      },
      LinearSVC: { loss: 'squared_hinge', C: 1, tol: 1e-4, maxIter: 1000, fitIntercept: true, interceptScaling: 1, seed: null },
      SVC: { kernel: 'rbf', C: 1, degree: 3, gamma: 'scale', coef0: 0, tol: 1e-3, shrinking: true, cacheSize: 200, maxIter: -1, decisionFunctionShape: 'ovr' },
    };
    for (const [kind, want] of Object.entries(defaults)) {
      const est = new W[kind]();
      expect(est.getParams(), kind).toEqual(want);
      expect(est.kind).toBe(kind);
      expect(est.task).toBe(kind.startsWith('L') && kind !== 'LogisticRegression' && kind !== 'LinearSVC' || kind === 'Ridge' || kind === 'ElasticNet' || kind === 'SGDRegressor' ? 'regressor' : 'classifier');
      est.dispose();
    }
  });
});

describe('options out of range: InvalidParameterError naming the estimator and the option', () => {
  const Xr = features(12, 3, 1);
  const yr = linear(Xr, [1, -2, 0.5], 0.3, 2);
  const Xc = iris.X.slice(0, 100);
  const yc = iris.y.slice(0, 100);
  const bad = (kind: string, options: Record<string, unknown>, message: string, classifier = false) =>
    throwsNamed(() => new W[kind](options).fit(classifier ? Xc : Xr, classifier ? yc : yr), P, `${kind}: ${message}`);

  it('LinearRegression, Ridge', () => {
    bad('LinearRegression', { fitIntercept: 1 }, 'option "fitIntercept" must be true or false, got 1');
    bad('Ridge', { alpha: [] }, 'option "alpha" must be a number or a non-empty array of numbers, got an empty array');
    bad('Ridge', { alpha: '1' }, 'option "alpha" must be a finite number >= 0 or an array of them, got "1"');
    bad('Ridge', { alpha: -1 }, 'option "alpha" must be a finite number >= 0, got -1');
    bad('Ridge', { alpha: [1, -1] }, 'option "alpha[1]" must be a finite number >= 0, got -1');
    bad('Ridge', { alpha: [1, 2] }, 'option "alpha" has 2 values but y has 1 target(s); give one alpha or one per target');
    bad('Ridge', { fitIntercept: 'no' }, 'option "fitIntercept" must be true or false');
    bad('Ridge', { solver: 'lsqr' }, "option \"solver\" must be one of 'auto', 'cholesky', 'svd', got \"lsqr\"");
    // the boundaries are allowed
    for (const o of [{ alpha: 0 }, { alpha: [0] }, { solver: 'svd' }, { solver: 'cholesky' }]) new wl.Ridge(o as any).fit(Xr, yr).dispose();
  });

  it('Lasso, ElasticNet', () => {
    for (const kind of ['Lasso', 'ElasticNet']) {
      bad(kind, { alpha: -0.5 }, 'option "alpha" must be a finite number >= 0, got -0.5');
      bad(kind, { fitIntercept: null }, 'option "fitIntercept" must be true or false');
      bad(kind, { maxIter: 0 }, 'option "maxIter" must be an integer >= 1, got 0');
      bad(kind, { tol: -1e-9 }, 'option "tol" must be a finite number >= 0');
      bad(kind, { warmStart: 'yes' }, 'option "warmStart" must be true or false');
      new W[kind]({ alpha: 0.1, maxIter: 1, tol: 0, ...quiet }).fit(Xr, yr).dispose();
    }
    bad('ElasticNet', { l1Ratio: 1.01 }, 'option "l1Ratio" must be a finite number >= 0 and <= 1, got 1.01');
    bad('ElasticNet', { l1Ratio: -0.01 }, 'option "l1Ratio" must be a finite number >= 0 and <= 1');
    for (const l1Ratio of [0, 1]) new wl.ElasticNet({ alpha: 0.1, l1Ratio }).fit(Xr, yr).dispose();
    throwsNamed(() => new (wl.Lasso as any)({ l1Ratio: 0.5 }), P, 'Lasso: unknown option "l1Ratio"');
  });

  it('LogisticRegression', () => {
    const k = 'LogisticRegression';
    bad(k, { penalty: 'l3' }, "option \"penalty\" must be one of 'l2', 'l1', 'elasticnet', 'none', got \"l3\"", true);
    bad(k, { C: 0 }, 'option "C" must be a finite number > 0, got 0', true);
    bad(k, { penalty: 'elasticnet' }, 'option "l1Ratio" must be a finite number >= 0 and <= 1, got null', true);
    bad(k, { penalty: 'l2', l1Ratio: 2 }, 'option "l1Ratio" must be a finite number >= 0 and <= 1, got 2', true);
    bad(k, { tol: -1 }, 'option "tol" must be a finite number >= 0, got -1', true);
    bad(k, { maxIter: -1 }, 'option "maxIter" must be an integer >= 0, got -1', true);
    bad(k, { fitIntercept: 0 }, 'option "fitIntercept" must be true or false', true);
    // tol 0 and maxIter 0 are allowed: maxIter 0 returns the zero model, not converged
    const warnings: string[] = [];
    const z = new wl.LogisticRegression({ maxIter: 0, tol: 0, onWarning: (m: string) => warnings.push(m) }).fit(Xc, yc);
    expect(z.nIter).toBe(0);
    expect(z.converged).toBe(false);
    expect(Array.from(z.coef)).toEqual([0, 0, 0, 0]);
    expect(warnings).toEqual(['LogisticRegression: the solver did not converge in maxIter = 0 iterations; increase maxIter or scale the data (e.g. StandardScaler)']);
    z.dispose();
  });

  it('SGDClassifier, SGDRegressor', () => {
    for (const [kind, loss] of [['SGDClassifier', 'hinge'], ['SGDRegressor', 'squared_error']] as const) {
      const c = kind === 'SGDClassifier';
      bad(kind, { loss: 'cubic' }, c
        ? "option \"loss\" must be one of 'hinge', 'log_loss', 'log', 'modified_huber', 'squared_hinge', 'perceptron', got \"cubic\""
        : "option \"loss\" must be one of 'squared_error', 'huber', 'epsilon_insensitive', 'squared_epsilon_insensitive', got \"cubic\"", c);
      bad(kind, { penalty: 'l0' }, "option \"penalty\" must be one of 'none', 'l2', 'l1', 'elasticnet', got \"l0\"", c);
      bad(kind, { alpha: -1 }, 'option "alpha" must be a finite number >= 0, got -1', c);
      bad(kind, { l1Ratio: 2 }, 'option "l1Ratio" must be a finite number >= 0 and <= 1, got 2', c);
      bad(kind, { fitIntercept: 'x' }, 'option "fitIntercept" must be true or false', c);
      bad(kind, { maxIter: 0 }, 'option "maxIter" must be an integer >= 1, got 0', c);
      bad(kind, { tol: -1 }, 'option "tol" must be a finite number >= 0, got -1', c);
      bad(kind, { shuffle: 1 }, 'option "shuffle" must be true or false', c);
      bad(kind, { seed: 1.5 }, 'option "seed" must be an integer', c);
      bad(kind, { learningRate: 'fast' }, "option \"learningRate\" must be one of 'constant', 'optimal', 'invscaling', 'adaptive', got \"fast\"", c);
      bad(kind, { eta0: -1 }, 'option "eta0" must be a finite number >= 0, got -1', c);
      bad(kind, { powerT: NaN }, 'option "powerT" must be a finite number, got NaN', c);
      bad(kind, { nIterNoChange: 0 }, 'option "nIterNoChange" must be an integer >= 1, got 0', c);
      bad(kind, { epsilon: -1 }, 'option "epsilon" must be a finite number >= 0, got -1', c);
      bad(kind, { learningRate: 'optimal', alpha: 0 }, "option \"alpha\" must be > 0 with learningRate 'optimal' (the step is 1/(alpha·(t0 + t))), got 0", c);
      for (const learningRate of ['constant', 'invscaling', 'adaptive']) {
        bad(kind, { learningRate, eta0: 0 }, `option "eta0" must be > 0 with learningRate '${learningRate}', got 0`, c);
      }
      // boundaries that are allowed: alpha 0 without 'optimal', tol null, eta0 0 with 'optimal', powerT < 0
      const ok = [
        { learningRate: 'constant', eta0: 0.01, alpha: 0 }, { tol: null, maxIter: 2 }, { learningRate: 'optimal', eta0: 0 },
        { powerT: -0.5, learningRate: 'invscaling', eta0: 1e-3 }, { l1Ratio: 0, penalty: 'elasticnet' }, { l1Ratio: 1, penalty: 'elasticnet' },
        { nIterNoChange: 1, epsilon: 0 }, { seed: -3 },
      ];
      for (const o of ok) new W[kind]({ loss, ...o, ...quiet }).fit(c ? Xc : Xr, c ? yc : yr).dispose();
    }
  });

  it('LinearSVC', () => {
    const k = 'LinearSVC';
    bad(k, { loss: 'l1' }, "option \"loss\" must be one of 'squared_hinge', 'hinge', got \"l1\"", true);
    bad(k, { C: 0 }, 'option "C" must be a finite number > 0, got 0', true);
    bad(k, { tol: 0 }, 'option "tol" must be a finite number > 0, got 0', true);
    bad(k, { maxIter: 0 }, 'option "maxIter" must be an integer in [1, 2147483647], got 0', true);
    bad(k, { maxIter: 2 ** 31 }, 'option "maxIter" must be an integer in [1, 2147483647], got 2147483648', true);
    bad(k, { fitIntercept: 'yes' }, 'option "fitIntercept" must be true or false', true);
    bad(k, { interceptScaling: 0 }, 'option "interceptScaling" must be a finite number > 0, got 0', true);
    bad(k, { seed: 0.5 }, 'option "seed" must be an integer', true);
    new wl.LinearSVC({ maxIter: 2 ** 31 - 1, seed: 0 }).fit(Xc, yc).dispose();
  });

  it('SVC', () => {
    const k = 'SVC';
    bad(k, { kernel: 'cubic' }, "option \"kernel\" must be one of 'linear', 'poly', 'rbf', 'sigmoid', got \"cubic\"", true);
    bad(k, { C: 0 }, 'option "C" must be a finite number > 0, got 0', true);
    bad(k, { degree: -1 }, 'option "degree" must be an integer in [0, 1000], got -1', true);
    bad(k, { degree: 1001 }, 'option "degree" must be an integer in [0, 1000], got 1001', true);
    bad(k, { gamma: 'fast' }, "option \"gamma\" must be one of 'scale', 'auto', got \"fast\"", true);
    for (const gamma of [0, -1, Infinity, NaN, null, [1]]) {
      throwsNamed(() => new wl.SVC({ gamma: gamma as any }).fit(Xc, yc), P, 'SVC: option "gamma" must be \'scale\', \'auto\' or a finite number > 0, got ');
    }
    bad(k, { coef0: Infinity }, 'option "coef0" must be a finite number, got Infinity', true);
    bad(k, { tol: 0 }, 'option "tol" must be a finite number > 0, got 0', true);
    bad(k, { shrinking: 1 }, 'option "shrinking" must be true or false', true);
    bad(k, { cacheSize: 0 }, 'option "cacheSize" must be a finite number > 0 and <= 4096, got 0', true);
    bad(k, { cacheSize: 4097 }, 'option "cacheSize" must be a finite number > 0 and <= 4096, got 4097', true);
    bad(k, { maxIter: 0 }, 'option "maxIter" must be an integer >= 1, got 0', true);
    bad(k, { maxIter: -2 }, 'option "maxIter" must be an integer >= 1, got -2', true);
    bad(k, { decisionFunctionShape: 'ovx' }, "option \"decisionFunctionShape\" must be one of 'ovr', 'ovo', got \"ovx\"", true);
    for (const o of [{ degree: 0, kernel: 'poly' }, { degree: 1000, kernel: 'linear' }, { cacheSize: 4096 }, { maxIter: 1, ...quiet }, { gamma: 0.5 }]) {
      new wl.SVC(o as any).fit(Xc, yc).dispose();
    }
  });
});

describe('data errors name the argument', () => {
  it('one class is a ValidationError for every classifier', () => {
    for (const kind of ['LogisticRegression', 'SGDClassifier', 'LinearSVC', 'SVC']) {
      throwsNamed(() => new W[kind]().fit([[1], [2], [3]], [4, 4, 4]), V, 'y: expected at least two classes, got only 4');
      throwsNamed(() => new W[kind]().fit([[1], [2]], ['a', 'a']), V, 'y: expected at least two classes, got only "a"');
    }
  });

  it('Ridge cholesky on a singular system; SGD targets and partialFit', () => {
    const X = [[1, 2], [2, 4], [3, 6], [4, 8]];
    throwsNamed(() => new wl.Ridge({ alpha: 0, solver: 'cholesky' }).fit(X, [1, 2, 3, 5]), P,
      "Ridge: the system XᵀX + αI is singular (alpha = 0 with collinear features); use solver 'svd' or 'auto', or alpha > 0");
    throwsNamed(() => new wl.SGDRegressor().fit([[1], [2]], [[1, 2], [3, 4]]), S, 'y: expected one target per sample (a vector), got 2 per sample');
    const reg = new wl.SGDRegressor({ seed: 0 }).partialFit([[1, 2], [3, 4]], [1, 2]);
    throwsNamed(() => reg.partialFit([[1, 2, 3]], [1]), S, 'X: expected 2 features per sample (as in the earlier fit), got 3');
    const clf = new wl.SGDClassifier({ seed: 0 });
    throwsNamed(() => clf.partialFit([[1], [2]], [0, 1]), P, 'partialFit: option "classes" is required on the first call (every label that can appear)');
    throwsNamed(() => clf.partialFit([[1], [2]], [0, 1], 5 as any), P, 'partialFit: expected an options object { classes }, got 5');
    throwsNamed(() => clf.partialFit([[1], [2]], [0, 1], null as any), P, 'partialFit: expected an options object { classes }, got null');
    throwsNamed(() => clf.partialFit([[1], [2]], [0, 1], { classes: [0, 1], epochs: 2 } as any), P, 'partialFit: unknown option "epochs"; expected classes');
    throwsNamed(() => clf.partialFit([[1], [2]], [0, 0], { classes: [0] }), V, 'y: expected at least two classes, got only 0');
    clf.partialFit([[1], [2]], [0, 1], { classes: [0, 1] });
    throwsNamed(() => clf.partialFit([[1, 1]], [0]), S, 'X: expected 1 features per sample (as in the earlier fit), got 2');
    throwsNamed(() => clf.partialFit([[1]], [0], { classes: [0, 2] }), P, 'partialFit: option "classes" differs from the classes of the earlier fit');
    throwsNamed(() => clf.partialFit([[1]], [0], { classes: [0, 1, 2] }), P, 'partialFit: option "classes" differs from the classes of the earlier fit');
    clf.partialFit([[1]], [1], { classes: [0, 1] }); // the same classes again are fine
    clf.partialFit([[1]], [1], {});
    clf.dispose();
    reg.dispose();
  });

  it('predictProba of SGDClassifier needs a probabilistic loss', () => {
    for (const loss of ['hinge', 'squared_hinge', 'perceptron']) {
      const e = new wl.SGDClassifier({ loss: loss as any, alpha: 0.01, seed: 1 }).fit(iris.X, iris.y);
      throwsNamed(() => e.predictProba(iris.X), P, `SGDClassifier: predictProba needs loss 'log_loss' or 'modified_huber', got '${loss}'`);
      throwsNamed(() => e.predictLogProba(iris.X), P, 'SGDClassifier: predictProba needs');
      e.dispose();
    }
    throwsNamed(() => new wl.SGDClassifier({ loss: 'squared_hinge', learningRate: 'constant', eta0: 1e10, seed: 1 }).fit(iris.X, iris.y), V,
      'X: the SGD steps diverged (floating-point overflow at epoch ');
  });

  it('fitted attributes before fit name themselves', () => {
    const names: [string, string[]][] = [
      ['LinearRegression', ['coef', 'intercept', 'rank']],
      ['Lasso', ['coef', 'intercept', 'nIter', 'converged', 'dualGap']],
      ['LogisticRegression', ['coef', 'intercept', 'nIter', 'converged']],
      ['SGDRegressor', ['coef', 'intercept', 'nIter', 'converged']],
      ['SVC', ['supportVectors', 'support', 'nSupport', 'dualCoef', 'intercept', 'coef', 'gammaValue', 'nIter', 'converged']],
    ];
    for (const [kind, attrs] of names) {
      const est = new W[kind]();
      for (const a of attrs) throwsNamed(() => est[a], NF, `${kind}: ${a} is not available before fit(); call fit(X, y) first`);
    }
    for (const [kind, what] of [['LogisticRegression', 'predictProba'], ['LogisticRegression', 'predictLogProba'], ['LinearSVC', 'decisionFunction'], ['SVC', 'decisionFunction'], ['SVC', 'predict'], ['SGDRegressor', 'predict'], ['Ridge', 'predict']]) {
      throwsNamed(() => new W[kind]()[what]([[1]]), NF, `${kind}: ${what} is not available before fit()`);
    }
  });
});

describe('model files: every field is checked (ModelFormatError naming it)', () => {
  const X = [[0, 0], [1, 1], [2, 0], [3, 1], [0.5, 2], [2.5, -1]];
  const y2 = [0, 0, 1, 1, 0, 1];
  const y3 = [0, 1, 2, 2, 1, 0];
  const yr = [0.1, 0.9, 2.2, 3.1, 0.4, 2.6];
  const rejects = (est: any, edit: (s: any) => void, message: string) => throwsNamed(() => wl.load(edited(est, edit)), M, message);

  it('linear regressors: keys, vector, intercept count, coef shape, extra numbers', () => {
    const lr = new wl.LinearRegression().fit(X, yr);
    rejects(lr, (s) => (s.junk = 1), 'model.state: unknown key "junk"');
    rejects(lr, (s) => (s.vector = 1), 'model.state.vector: expected true or false');
    rejects(lr, (s) => delete s.vector, 'model.state.vector: expected true or false');
    rejects(lr, (s) => (s.intercept = f64([1, 2])), 'model.state.intercept: expected 1 value(s), got 2');
    rejects(lr, (s) => { s.vector = false; s.intercept = f64([]); }, 'model.state.intercept: expected at least 1 value(s), got 0');
    rejects(lr, (s) => (s.coef = f64([1, 2, 3], [3, 1])), 'model.state.coef.shape: expected [2, 1], got [3, 1]');
    rejects(lr, (s) => (s.rank = -1), 'model.state.rank: expected a finite number in [0, Infinity], got -1');
    rejects(lr, (s) => (s.rank = 'two'), 'model.state.rank: expected a finite number');
    const back = wl.load(lr.toJSON());
    expect(back.rank).toBe(2);
    expect(back.intercept).toBe(lr.intercept);
    expect(Array.from(back.coef)).toEqual(Array.from(lr.coef));
    // two targets, vector false: k intercepts, coef d×k in the file, k×d from the getter
    const two = wl.load(edited(lr, (s) => { s.vector = false; s.intercept = f64([1, -1]); s.coef = f64([1, 2, 3, 4], [2, 2]); }));
    expect(Array.from(two.intercept)).toEqual([1, -1]);
    expect(Array.from(two.coef)).toEqual([1, 3, 2, 4]);
    expect(Array.from(two.predict([[1, 1], [2, -1]]))).toEqual([1 + 3 + 1, 2 + 4 - 1, 2 - 3 + 1, 4 - 4 - 1]);
    for (const m of [lr, back, two]) m.dispose();

    const lasso = new wl.Lasso({ alpha: 0.1 }).fit(X, yr);
    rejects(lasso, (s) => (s.nIter = -1), 'model.state.nIter: expected a finite number in [0, Infinity], got -1');
    rejects(lasso, (s) => (s.dualGap = null), 'model.state.dualGap: expected a finite number in [0, Infinity], got null');
    rejects(lasso, (s) => (s.converged = 'yes'), 'model.state.converged: expected a finite number');
    rejects(lasso, (s) => (s.rank = 1), 'model.state: unknown key "rank"');
    const lb = wl.load(edited(lasso, (s) => { s.nIter = 7; s.dualGap = 0.25; s.converged = false; }));
    expect([lb.nIter, lb.dualGap, lb.converged]).toEqual([7, 0.25, false]);
    const json = lasso.toJSON() as any;
    expect(Object.keys(json.state).sort()).toEqual(['coef', 'converged', 'dualGap', 'intercept', 'nFeatures', 'nIter', 'vector']);
    expect([json.state.nIter, json.state.converged]).toEqual([lasso.nIter, true]);
    lasso.dispose();
    lb.dispose();
  });

  it('linear classifiers: keys, classes, W and b shapes, nIter, converged, SGD\'s step counter', () => {
    const lg = new wl.LogisticRegression().fit(X, y3);
    rejects(lg, (s) => (s.t = 5), 'model.state: unknown key "t"');
    rejects(lg, (s) => (s.W = f64(new Array(4).fill(0), [2, 2])), 'model.state.W.shape: expected [3, 2], got [2, 2]');
    rejects(lg, (s) => (s.b = f64([0, 0])), 'model.state.b.shape: expected [3], got [2]');
    rejects(lg, (s) => (s.nIter = 2.5), 'model.state.nIter: expected an integer in [0, Infinity], got 2.5');
    rejects(lg, (s) => (s.nIter = -1), 'model.state.nIter: expected an integer in [0, Infinity], got -1');
    rejects(lg, (s) => (s.converged = 0), 'model.state.converged: expected true or false');
    rejects(lg, (s) => (s.classes = f64([1])), 'model.state.classes');
    const lb = wl.load(edited(lg, (s) => { s.nIter = 0; s.converged = false; }));
    expect([lb.nIter, lb.converged, lb.classes]).toEqual([0, false, [0, 1, 2]]);
    lg.dispose();
    lb.dispose();

    const sgd = new wl.SGDClassifier({ seed: 3, shuffle: false }).partialFit(X, y2, { classes: [0, 1] });
    rejects(sgd, (s) => (s.t = 0.5), 'model.state.t: expected a finite number in [1, Infinity], got 0.5');
    rejects(sgd, (s) => delete s.t, 'model.state.t: expected a finite number');
    rejects(sgd, (s) => (s.W = f64([1, 2, 3, 4], [2, 2])), 'model.state.W.shape: expected [1, 2], got [2, 2]');
    expect((sgd.toJSON() as any).state.t).toBe(1 + X.length);
    // the step counter travels with the model: the next epoch continues the learning-rate schedule
    const copy = wl.load(sgd.toJSON());
    sgd.partialFit(X, y2);
    copy.partialFit(X, y2);
    expect(Array.from(copy.coef)).toEqual(Array.from(sgd.coef));
    expect(Array.from(copy.intercept)).toEqual(Array.from(sgd.intercept));
    expect((copy.toJSON() as any).state.t).toBe(1 + 2 * X.length);
    sgd.dispose();
    copy.dispose();
  });

  it('SGDRegressor', () => {
    const r = new wl.SGDRegressor({ seed: 1 }).fit(X, yr);
    rejects(r, (s) => (s.W = s.coef), 'model.state: unknown key "W"');
    rejects(r, (s) => (s.coef = f64([1, 2, 3])), 'model.state.coef.shape: expected [2], got [3]');
    rejects(r, (s) => (s.intercept = 'x'), 'model.state.intercept: expected a finite number, got "x"');
    rejects(r, (s) => (s.t = 0), 'model.state.t: expected a finite number in [1, Infinity], got 0');
    rejects(r, (s) => (s.nIter = 1.5), 'model.state.nIter: expected an integer in [0, Infinity], got 1.5');
    rejects(r, (s) => (s.converged = null), 'model.state.converged: expected true or false');
    const json = r.toJSON() as any;
    expect(json.state.intercept).toBe(r.intercept);
    expect([json.state.nIter, json.state.converged, json.state.t]).toEqual([r.nIter, r.converged, 1 + r.nIter * X.length]);
    const m = wl.load(edited(r, (s) => { s.coef = f64([2, -1]); s.intercept = 0.5; s.nIter = 3; s.converged = false; s.t = 10; }));
    expect(Array.from(m.coef)).toEqual([2, -1]);
    expect(m.intercept).toBe(0.5);
    expect([m.nIter, m.converged]).toEqual([3, false]);
    expect(Array.from(m.predict([[1, 1], [0, 2], [-1, 0.5]]))).toEqual([1.5, -1.5, -2]);
    r.dispose();
    m.dispose();
  });

  it('SVC', () => {
    const s3 = new wl.SVC({ kernel: 'linear' }).fit(X, y3);
    const st = (s3.toJSON() as any).state;
    const nSV = s3.support.length;
    rejects(s3, (s) => (s.W = 1), 'model.state: unknown key "W"');
    rejects(s3, (s) => (s.nSupport = i32([1, -1, 2])), 'model.state.nSupport: expected non-negative counts');
    rejects(s3, (s) => (s.nSupport = i32([1, 1])), 'model.state.nSupport.shape: expected [3], got [2]');
    rejects(s3, (s) => (s.support = i32([...new Array(nSV - 1).fill(0), -1])), 'model.state.support: expected non-negative indices');
    rejects(s3, (s) => (s.support = i32([0])), `model.state.support.shape: expected [${nSV}], got [1]`);
    rejects(s3, (s) => (s.supportVectors = f64([0, 0], [1, 2])), `model.state.supportVectors.shape: expected [${nSV}, 2], got [1, 2]`);
    rejects(s3, (s) => (s.coef = f64(new Array(nSV).fill(0), [1, nSV])), `model.state.coef.shape: expected [2, ${nSV}], got [1, ${nSV}]`);
    rejects(s3, (s) => (s.rho = f64([0, 0])), 'model.state.rho.shape: expected [3], got [2]');
    rejects(s3, (s) => (s.gamma = -1), 'model.state.gamma: expected a finite number in [0, Infinity], got -1');
    rejects(s3, (s) => (s.nIter = -2), 'model.state.nIter: expected an integer in [0, Infinity], got -2');
    rejects(s3, (s) => (s.converged = 'no'), 'model.state.converged: expected true or false');
    const back = wl.load(s3.toJSON());
    for (const a of ['supportVectors', 'support', 'nSupport', 'dualCoef', 'intercept', 'coef']) expect(Array.from(back[a]), a).toEqual(Array.from((s3 as any)[a]));
    expect([back.gammaValue, back.nIter, back.converged]).toEqual([s3.gammaValue, s3.nIter, s3.converged]);
    expect(back.decisionFunction(X)).toEqual(s3.decisionFunction(X));
    expect(st.coef.shape).toEqual([2, nSV]);
    expect(st.supportVectors.shape).toEqual([nSV, 2]);
    s3.dispose();
    back.dispose();
  });
});

describe('predictions of models with known weights (read from model files)', () => {
  const X = [[1, 0], [0, 1], [1, 1], [-1, 2], [0.5, -0.5], [0, 0]];
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const scores = (Wr: number[][], b: number[]) => X.map((x) => Wr.map((w, k) => w[0] * x[0] + w[1] * x[1] + b[k]));
  const close = (got: ArrayLike<number>, want: number[], tol = 1e-12) => {
    expect(got.length).toBe(want.length);
    expect(maxDiff(got, want)).toBeLessThanOrEqual(tol);
  };
  /** `kind` fitted on small data, then given the weights Wr (K×2) and intercepts b. */
  function model(kind: string, options: Record<string, unknown>, classes: number[], Wr: number[][], b: number[]): any {
    const y = X.map((_, i) => classes[i % classes.length]);
    const est = new W[kind]({ ...options, ...quiet }).fit(X, y);
    const m = wl.load(edited(est, (s) => { s.W = f64(Wr.flat(), [Wr.length, 2]); s.b = f64(b); }));
    est.dispose();
    return m;
  }

  it('binary: scores X·wᵀ + b, positive → classes[1] (a score of exactly 0 → classes[0]), sigmoid probabilities', () => {
    const w = [[2, -1]], b = [-1];
    const z = scores(w, b).map((r) => r[0]); // 1, -2, 0, -5, 0.5, -1
    const lg = model('LogisticRegression', {}, [3, 7], w, b);
    expect(Array.from(lg.coef)).toEqual([2, -1]);
    expect(Array.from(lg.intercept)).toEqual([-1]);
    expect(Array.from(lg.decisionFunction(X))).toEqual(z);
    expect(Array.from(lg.predict(X))).toEqual([7, 3, 3, 3, 7, 3]);
    const p = z.flatMap((v) => [1 - sig(v), sig(v)]);
    close(lg.predictProba(X), p);
    close(lg.predictLogProba(X), p.map(Math.log), 1e-12);
    // far from the boundary the logarithm is computed without underflow
    const far = lg.predictLogProba([[-400, 0]]);
    expect(far[1]).toBeCloseTo(-801, 9);
    expect(far[0]).toBeCloseTo(-Math.exp(-801), 300);
    lg.dispose();

    const mh = model('SGDClassifier', { loss: 'modified_huber', seed: 0 }, [0, 1], [[1, 0]], [-0.5]);
    // (clip(z, −1, 1) + 1)/2 for z = 0.5, −0.5, 0.5, −1.5, 0, −0.5
    close(mh.predictProba(X), [0.25, 0.75, 0.75, 0.25, 0.25, 0.75, 1, 0, 0.5, 0.5, 0.75, 0.25]);
    close(mh.predictLogProba(X.slice(0, 2)), [0.25, 0.75, 0.75, 0.25].map(Math.log));
    mh.dispose();
    const ll = model('SGDClassifier', { loss: 'log_loss', seed: 0 }, [0, 1], w, b);
    close(ll.predictProba(X), p);
    ll.dispose();
  });

  it('K > 2: argmax of the scores (ties → the lower class), softmax for LogisticRegression, normalized one-vs-rest for SGD', () => {
    const w = [[1, 0], [0, 1], [1, 1]], b = [0, 0, -1];
    const z = scores(w, b); // rows: [1,0,0] [0,1,0] [1,1,1] [-1,2,0] [.5,-.5,-1] [0,0,-1]
    const lg = model('LogisticRegression', {}, [10, 20, 30], w, b);
    expect(Array.from(lg.decisionFunction(X))).toEqual(z.flat());
    expect(Array.from(lg.predict(X))).toEqual([10, 20, 10, 20, 10, 10]);
    const soft = z.flatMap((r) => { const e = r.map(Math.exp); const s = e.reduce((a, v) => a + v, 0); return e.map((v) => v / s); });
    close(lg.predictProba(X), soft);
    close(lg.predictLogProba(X), soft.map(Math.log));
    expect(Array.from(lg.coef)).toEqual(w.flat());
    lg.dispose();

    const ll = model('SGDClassifier', { loss: 'log_loss', seed: 0 }, [0, 1, 2], w, b);
    const ovr = z.flatMap((r) => { const e = r.map(sig); const s = e.reduce((a, v) => a + v, 0); return e.map((v) => v / s); });
    close(ll.predictProba(X), ovr);
    close(ll.predictLogProba(X), ovr.map(Math.log));
    ll.dispose();

    // modified Huber: (clip(z) + 1)/2 normalized per row; a row of zeros (every score ≤ −1) is uniform
    const mh = model('SGDClassifier', { loss: 'modified_huber', seed: 0 }, [0, 1, 2], [[0, 0], [0, 0], [0, 0]], [0.5, -2, 1.5]);
    const row = [0.75 / 1.75, 0, 1 / 1.75];
    close(mh.predictProba(X.slice(0, 2)), [...row, ...row]);
    mh.dispose();
    const none = model('SGDClassifier', { loss: 'modified_huber', seed: 0 }, [0, 1, 2], [[0, 0], [0, 0], [0, 0]], [-1, -3, -1.5]);
    close(none.predictProba(X.slice(0, 2)), new Array(6).fill(1 / 3));
    expect(Array.from(none.predict(X.slice(0, 2)))).toEqual([0, 0]);
    none.dispose();
  });

  it('LinearSVC and SGD share the decision rule', () => {
    const svc = model('LinearSVC', { seed: 0 }, [0, 1, 2], [[0, 1], [1, 0], [0, 1]], [0, 0, 0]);
    expect(Array.from(svc.predict(X))).toEqual([1, 0, 0, 0, 1, 0]);
    svc.dispose();
  });
});

describe('closed-form optima', () => {
  // Columns of a Hadamard matrix: zero mean, orthogonal, ‖x_j‖² = n. Then the lasso/elastic-net
  // problem separates: w_j = S(x_jᵀy/n, α·ρ) / (1 + α·(1 − ρ)), S the soft threshold.
  const H8 = [
    [1, 1, 1, 1, 1, 1, 1], [-1, 1, -1, 1, -1, 1, -1], [1, -1, -1, 1, 1, -1, -1], [-1, -1, 1, 1, -1, -1, 1],
    [1, 1, 1, -1, -1, -1, -1], [-1, 1, -1, -1, 1, -1, 1], [1, -1, -1, -1, -1, 1, 1], [-1, -1, 1, -1, 1, 1, -1],
  ];
  const X = H8.map((r) => r.slice(0, 4));
  const n = 8;
  const soft = (v: number, t: number) => Math.sign(v) * Math.max(0, Math.abs(v) - t);
  const yA = linear(X, [2, -0.3, 0.05, 1], 3, 5, 0.2);
  const yB = linear(X, [-1, 0.8, 0, 0.02], -1, 6, 0.2);
  const corr = (y: number[]) => X[0].map((_, j) => X.reduce((s, r, i) => s + r[j] * y[i], 0) / n);
  const enetRef = (y: number[], alpha: number, rho: number) => corr(y).map((c) => soft(c, alpha * rho) / (1 + alpha * (1 - rho)));

  it('Lasso and ElasticNet: soft thresholding on an orthogonal design, one or two targets', () => {
    for (const [kind, rho] of [['Lasso', 1], ['ElasticNet', 0.3], ['ElasticNet', 0]] as const) {
      for (const alpha of [0.1, 0.5]) {
        const m = new W[kind]({ alpha, ...(kind === 'ElasticNet' ? { l1Ratio: rho } : {}), tol: 1e-10, ...quiet }).fit(X, yA);
        const want = enetRef(yA, alpha, rho);
        expect(maxDiff(m.coef, want), `${kind} ${rho} ${alpha}`).toBeLessThan(1e-9);
        expect(m.intercept).toBeCloseTo(mean(yA), 12);
        // l1Ratio 0: scikit-learn's duality gap does not vanish without an L1 term (it warns, as here)
        if (rho > 0) expect(m.converged).toBe(true);
        if (rho > 0) expect(m.dualGap).toBeLessThanOrEqual(1e-10 * yA.reduce((s, v) => s + (v - mean(yA)) ** 2, 0));
        m.dispose();
      }
    }
    const Y = yA.map((v, i) => [v, yB[i]]);
    const two = new wl.ElasticNet({ alpha: 0.2, l1Ratio: 0.7, tol: 1e-10 }).fit(X, Y);
    expect(maxDiff(two.coef, [...enetRef(yA, 0.2, 0.7), ...enetRef(yB, 0.2, 0.7)])).toBeLessThan(1e-9);
    expect(Array.from(two.intercept as Float64Array).map((v) => +v.toFixed(12))).toEqual([mean(yA), mean(yB)].map((v) => +v.toFixed(12)));
    const pred = two.predict(X);
    expect(pred.length).toBe(16);
    const cA = enetRef(yA, 0.2, 0.7), cB = enetRef(yB, 0.2, 0.7);
    close2(pred, X.flatMap((r) => [mean(yA) + r.reduce((s, v, j) => s + v * cA[j], 0), mean(yB) + r.reduce((s, v, j) => s + v * cB[j], 0)]));
    // nIter and the duality gap are the largest over the targets
    const a = new wl.ElasticNet({ alpha: 0.2, l1Ratio: 0.7, tol: 1e-10 }).fit(X, yA);
    const b = new wl.ElasticNet({ alpha: 0.2, l1Ratio: 0.7, tol: 1e-10 }).fit(X, yB);
    expect(two.nIter).toBe(Math.max(a.nIter, b.nIter));
    expect(two.dualGap).toBe(Math.max(a.dualGap, b.dualGap));
    for (const m of [two, a, b]) m.dispose();
  });

  it('without an intercept the mean is not removed; a large alpha zeroes every coefficient', () => {
    const y = yA.map((v) => v - 3);
    const m = new wl.Lasso({ alpha: 0.1, fitIntercept: false, tol: 1e-10 }).fit(X, y);
    expect(m.intercept).toBe(0);
    expect(maxDiff(m.coef, enetRef(y, 0.1, 1))).toBeLessThan(1e-9);
    const shifted = new wl.Lasso({ alpha: 0.1, fitIntercept: false, tol: 1e-10 }).fit(X.map((r) => r.map((v) => v + 1)), y);
    expect(maxDiff(shifted.coef, m.coef)).toBeGreaterThan(1e-3);
    const big = new wl.Lasso({ alpha: 10 }).fit(X, yA);
    expect(Array.from(big.coef)).toEqual([0, 0, 0, 0]);
    expect(big.intercept).toBeCloseTo(mean(yA), 12);
    for (const e of [m, shifted, big]) e.dispose();
  });

  it('warm start resumes from the previous coefficients, and starts from zeros when the shape changed', () => {
    const cold = new wl.Lasso({ alpha: 0.05, tol: 1e-8 }).fit(X, yA);
    const warm = new wl.Lasso({ alpha: 0.05, tol: 1e-8, warmStart: true }).fit(X, yA);
    expect(warm.nIter).toBe(cold.nIter);
    warm.fit(X, yA);
    expect(warm.nIter).toBeLessThan(cold.nIter);
    expect(maxDiff(warm.coef, cold.coef)).toBeLessThan(1e-8);
    // without warmStart a refit starts over
    cold.fit(X, yA);
    expect(cold.nIter).toBeGreaterThan(warm.nIter);
    // another feature count (and two targets): the old coefficients do not fit, zeros are used
    const X3 = X.map((r) => r.slice(0, 3));
    warm.fit(X3, yA.map((v, i) => [v, yB[i]]));
    const fresh = new wl.Lasso({ alpha: 0.05, tol: 1e-8 }).fit(X3, yA.map((v, i) => [v, yB[i]]));
    expect(Array.from(warm.coef)).toEqual(Array.from(fresh.coef));
    expect(warm.coef.every(Number.isFinite)).toBe(true);
    for (const e of [cold, warm, fresh]) e.dispose();
  });

  it('non-convergence warns with the iteration count, the gap and its tolerance tol·‖y − ȳ‖²', () => {
    const r = rng(9);
    const Xc = Array.from({ length: 30 }, () => { const a = 2 * r() - 1; return [a, a + 0.05 * (2 * r() - 1), 2 * r() - 1]; });
    const y = Xc.map((x) => x[0] + 2 * x[1] - x[2] + 0.1 * r());
    const messages: string[] = [];
    const m = new wl.ElasticNet({ alpha: 0.01, l1Ratio: 0.9, maxIter: 2, tol: 1e-8, onWarning: (s: string) => messages.push(s) }).fit(Xc, y);
    expect(m.converged).toBe(false);
    expect(m.nIter).toBe(2);
    expect(messages.length).toBe(1);
    expect(messages[0]).toMatch(/^ElasticNet: objective did not converge after 2 iterations: duality gap \d\.\d{3}e[-+]\d+ > tolerance \d\.\d{3}e[-+]\d+\. Increase maxIter or tol, or scale the features\.$/);
    const [gap, tol] = messages[0].match(/\d\.\d{3}e[-+]\d+/g)!.map(Number);
    expect(Math.abs(gap - m.dualGap)).toBeLessThanOrEqual(5e-4 * m.dualGap);
    const ym = mean(y);
    const want = 1e-8 * y.reduce((s, v) => s + (v - ym) ** 2, 0);
    expect(Math.abs(tol - want)).toBeLessThanOrEqual(5e-4 * want);
    expect(gap).toBeGreaterThan(tol);
    m.dispose();
  });

  function close2(got: ArrayLike<number>, want: number[]): void {
    expect(got.length).toBe(want.length);
    expect(maxDiff(got, want)).toBeLessThan(1e-9);
  }
});

describe('least squares and ridge against their normal equations', () => {
  const X = features(30, 4, 11);
  const yA = linear(X, [1.5, -2, 0.7, 0.1], 0.4, 12, 0.3);
  const yB = linear(X, [-0.5, 0.3, 2, -1], -2, 13, 0.3);
  const Y = yA.map((v, i) => [v, yB[i]]);

  it('Ridge: one alpha, one per target (each solved on its own), with and without intercept, every solver', () => {
    for (const solver of ['auto', 'cholesky', 'svd'] as const) {
      for (const fitIntercept of [true, false]) {
        const m = new wl.Ridge({ alpha: 2.5, solver, fitIntercept }).fit(X, yA);
        const r = ridgeRef(X, yA, 2.5, fitIntercept);
        expect(maxDiff(m.coef, r.w), `${solver} ${fitIntercept}`).toBeLessThan(1e-12);
        expect(Math.abs((m.intercept as number) - r.b)).toBeLessThan(1e-12);
        m.dispose();
        const two = new wl.Ridge({ alpha: [0.5, 40], solver, fitIntercept }).fit(X, Y);
        const a = ridgeRef(X, yA, 0.5, fitIntercept), b = ridgeRef(X, yB, 40, fitIntercept);
        expect(maxDiff(two.coef, [...a.w, ...b.w]), `${solver} per target`).toBeLessThan(1e-12);
        expect(maxDiff(two.intercept as Float64Array, [a.b, b.b])).toBeLessThan(1e-12);
        expect(maxDiff(two.predict(X.slice(0, 2)), X.slice(0, 2).flatMap((x) => [a.b + x.reduce((s, v, j) => s + v * a.w[j], 0), b.b + x.reduce((s, v, j) => s + v * b.w[j], 0)]))).toBeLessThan(1e-12);
        two.dispose();
      }
    }
  });

  it('Ridge with more features than samples (the kernel form) and alpha per target', () => {
    const Xw = features(5, 9, 14);
    const ya = linear(Xw, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 15, 1);
    const yb = linear(Xw, [-1, 0, 1, 0, -1, 0, 1, 0, -1], 0, 16, 1);
    for (const solver of ['auto', 'svd'] as const) {
      const m = new wl.Ridge({ alpha: [0.3, 3], solver }).fit(Xw, ya.map((v, i) => [v, yb[i]]));
      const a = ridgeRef(Xw, ya, 0.3), b = ridgeRef(Xw, yb, 3);
      expect(maxDiff(m.coef, [...a.w, ...b.w]), solver).toBeLessThan(1e-9);
      m.dispose();
    }
  });

  it('Ridge with alpha 0 and collinear columns: auto falls back to the minimum-norm SVD solution', () => {
    const Xd = X.map((r) => [r[0], r[1], 2 * r[0] - r[1]]);
    const auto = new wl.Ridge({ alpha: 0 }).fit(Xd, yA);
    const svd = new wl.Ridge({ alpha: 0, solver: 'svd' }).fit(Xd, yA);
    const lr = new wl.LinearRegression().fit(Xd, yA);
    expect(maxDiff(auto.coef, svd.coef)).toBeLessThan(1e-12);
    expect(maxDiff(auto.coef, lr.coef)).toBeLessThan(1e-9);
    expect(lr.rank).toBe(2);
    // minimum norm: the coefficients are orthogonal to the null vector (2, −1, −1)
    const c = auto.coef;
    expect(Math.abs(2 * c[0] - c[1] - c[2])).toBeLessThan(1e-9);
    for (const m of [auto, svd, lr]) m.dispose();
  });

  it('LinearRegression: two targets, k×d coef, k intercepts; tall and wide; rank by numpy\'s rule', () => {
    const two = new wl.LinearRegression().fit(X, Y);
    const a = ridgeRef(X, yA, 0), b = ridgeRef(X, yB, 0);
    expect(maxDiff(two.coef, [...a.w, ...b.w])).toBeLessThan(1e-12);
    expect(maxDiff(two.intercept as Float64Array, [a.b, b.b])).toBeLessThan(1e-12);
    expect(two.rank).toBe(4);
    two.dispose();
    const noB = new wl.LinearRegression({ fitIntercept: false }).fit(X, yA);
    expect(maxDiff(noB.coef, ridgeRef(X, yA, 0, false).w)).toBeLessThan(1e-12);
    expect(noB.intercept).toBe(0);
    noB.dispose();
    // wide: n = 4 < d = 6 interpolates; centering removes one dimension
    const Xw = features(4, 6, 17), yw = [1, -2, 0.5, 3];
    const w1 = new wl.LinearRegression().fit(Xw, yw);
    expect(w1.rank).toBe(3);
    expect(maxDiff(w1.predict(Xw), yw)).toBeLessThan(1e-12);
    const w0 = new wl.LinearRegression({ fitIntercept: false }).fit(Xw, yw);
    expect(w0.rank).toBe(4);
    expect(maxDiff(w0.predict(Xw), yw)).toBeLessThan(1e-12);
    // a square system (n = d) is solved by the streaming QR: exact
    const Xs = features(3, 3, 18);
    const sq = new wl.LinearRegression({ fitIntercept: false }).fit(Xs, [1, 2, 3]);
    expect(sq.rank).toBe(3);
    expect(maxDiff(sq.predict(Xs), [1, 2, 3])).toBeLessThan(1e-12);
    for (const m of [w1, w0, sq]) m.dispose();
  });

  it('a column within 1e-14 of another is rank-deficient for n = 1000 (numpy\'s cut-off eps·max(n, d)·max|R_jj|)', () => {
    const r = rng(19);
    // the third column leaves the span of the first by about 1e-14 (relative): above eps·d, below eps·n
    const make = (n: number) => Array.from({ length: n }, () => { const a = 2 * r() - 1, b = 2 * r() - 1; return [a, b, a + 1e-14 * (2 * r() - 1)]; });
    const Xb = make(1000);
    const m = new wl.LinearRegression({ fitIntercept: false }).fit(Xb, Xb.map((x) => x[0] + x[1]));
    expect(m.rank).toBe(2);
    // the minimum-norm solution splits the weight of the duplicated direction
    expect(Math.abs(m.coef[0] - m.coef[2])).toBeLessThan(1e-6);
    m.dispose();
  });
});

describe('LogisticRegression stops at the optimality conditions of scikit-learn\'s objective', () => {
  // Σ log-loss + (1 − ρ)/(2C)·‖W‖² + ρ/C·‖W‖₁ (ρ: 0 for l2, 1 for l1, l1Ratio for elasticnet), intercept free.
  const two = { X: iris.X.slice(50), y: iris.y.slice(50) }; // versicolor vs virginica: they overlap
  const three = { X: iris.X, y: iris.y };
  /** Gradient of the smooth part (Σ loss + l2/2‖W‖²) at the fitted model: [gW (K×d), gb (K)]. */
  function smoothGrad(m: any, X: number[][], y: number[], l2: number): { gW: number[]; gb: number[] } {
    const classes: number[] = m.classes;
    const K = classes.length === 2 ? 1 : classes.length;
    const d = X[0].length;
    const Wm = Array.from(m.coef as Float64Array), b = Array.from(m.intercept as Float64Array);
    const gW = Wm.map((w) => l2 * w), gb = new Array(K).fill(0);
    X.forEach((x, i) => {
      const z = Array.from({ length: K }, (_, k) => b[k] + x.reduce((s, v, j) => s + v * Wm[k * d + j], 0));
      const code = classes.indexOf(y[i]);
      let resid: number[];
      if (K === 1) resid = [1 / (1 + Math.exp(-z[0])) - code];
      else {
        const top = Math.max(...z);
        const e = z.map((v) => Math.exp(v - top));
        const s = e.reduce((a, v) => a + v, 0);
        resid = e.map((v, k) => v / s - (k === code ? 1 : 0));
      }
      resid.forEach((r, k) => { gb[k] += r; for (let j = 0; j < d; j++) gW[k * d + j] += r * x[j]; });
    });
    return { gW, gb };
  }
  /** The largest violation of the optimality conditions with an L1 weight l1 (0: plain gradient). */
  function violation(m: any, X: number[][], y: number[], l2: number, l1: number, fitIntercept = true): number {
    const { gW, gb } = smoothGrad(m, X, y, l2);
    const w = m.coef as Float64Array;
    let v = fitIntercept ? maxAbs(gb) : 0;
    gW.forEach((g, j) => { v = Math.max(v, w[j] !== 0 ? Math.abs(g + l1 * Math.sign(w[j])) : Math.max(0, Math.abs(g) - l1)); });
    return v;
  }

  it('l2 and none: the gradient of Σ loss + ‖W‖²/(2C) is below tol, binary and multinomial', () => {
    for (const data of [two, three]) {
      for (const C of [0.1, 3]) {
        const m = new wl.LogisticRegression({ C, tol: 1e-7, maxIter: 1000 }).fit(data.X, data.y);
        expect(m.converged).toBe(true);
        expect(violation(m, data.X, data.y, 1 / C, 0)).toBeLessThanOrEqual(1e-5);
        // a wrong penalty weight leaves a visible gradient
        expect(violation(m, data.X, data.y, 1 / C + 0.05, 0)).toBeGreaterThan(1e-3);
        m.dispose();
      }
    }
    const none = new wl.LogisticRegression({ penalty: 'none', tol: 1e-6, maxIter: 1000, C: 1e-3 }).fit(two.X, two.y);
    expect(violation(none, two.X, two.y, 0, 0)).toBeLessThanOrEqual(1e-5);
    none.dispose();
    const noB = new wl.LogisticRegression({ C: 0.5, tol: 1e-7, maxIter: 1000, fitIntercept: false }).fit(two.X, two.y);
    expect(Array.from(noB.intercept)).toEqual([0]);
    expect(violation(noB, two.X, two.y, 2, 0, false)).toBeLessThanOrEqual(1e-5);
    noB.dispose();
  });

  it('l1 and elasticnet (OWL-QN): zero coefficients have |gradient| ≤ l1, the others balance it', () => {
    for (const data of [two, three]) {
      for (const [penalty, rho] of [['l1', 1], ['elasticnet', 0.4]] as const) {
        const C = 0.2;
        const m = new wl.LogisticRegression({ penalty, C, l1Ratio: penalty === 'elasticnet' ? rho : null, tol: 1e-7, maxIter: 2000 }).fit(data.X, data.y);
        expect(m.converged, `${penalty} K=${m.classes.length}`).toBe(true);
        // (OWL-QN may also stop when F no longer decreases, 64·eps relative, a little above tol)
        expect(violation(m, data.X, data.y, (1 - rho) / C, rho / C), `${penalty} K=${m.classes.length}`).toBeLessThanOrEqual(1e-4);
        if (penalty === 'l1') expect(m.coef.some((v: number) => v === 0)).toBe(true); // exact zeros
        m.dispose();
      }
    }
    // l1 without an intercept
    const noB = new wl.LogisticRegression({ penalty: 'l1', C: 0.3, tol: 1e-7, maxIter: 2000, fitIntercept: false }).fit(two.X, two.y);
    expect(violation(noB, two.X, two.y, 0, 1 / 0.3, false)).toBeLessThanOrEqual(1e-5);
    expect(Array.from(noB.intercept)).toEqual([0]);
    noB.dispose();
  });

  it('OWL-QN reaches tol in tens of iterations (its quasi-Newton steps; projected gradient needs far more)', () => {
    for (const [o, most] of [[{ penalty: 'l1' }, 45], [{ penalty: 'l1', C: 0.2 }, 55], [{ penalty: 'elasticnet', l1Ratio: 0.5 }, 40], [{ penalty: 'l1', tol: 1e-8, maxIter: 5000 }, 80]] as const) {
      const m = new wl.LogisticRegression(o as any).fit(two.X, two.y);
      expect(m.converged, JSON.stringify(o)).toBe(true);
      expect(m.nIter, JSON.stringify(o)).toBeLessThanOrEqual(most);
      m.dispose();
    }
  });

  it('a strong L1 penalty gives the all-zero model at once; maxIter bounds OWL-QN', () => {
    const z = new wl.LogisticRegression({ penalty: 'l1', C: 1e-4 }).fit(two.X, two.y);
    expect(Array.from(z.coef)).toEqual([0, 0, 0, 0]);
    expect(z.converged).toBe(true);
    expect(z.nIter).toBe(0); // zero is already optimal: no iteration is needed
    // the intercept alone is fitted: the log-odds of the classes (50/50 here)
    expect(Math.abs(z.intercept[0])).toBeLessThan(1e-4);
    z.dispose();
    const warnings: string[] = [];
    const short = new wl.LogisticRegression({ penalty: 'l1', C: 1, tol: 1e-10, maxIter: 3, onWarning: (m: string) => warnings.push(m) }).fit(cancer.X, cancer.y);
    expect(short.nIter).toBe(3);
    expect(short.converged).toBe(false);
    expect(warnings).toEqual(['LogisticRegression: the solver did not converge in maxIter = 3 iterations; increase maxIter or scale the data (e.g. StandardScaler)']);
    short.dispose();
  });
});

describe('SVC: the fitted attributes and the decision rules', () => {
  const X = iris.X.map((r) => r.slice(0, 2));
  const rbf = (a: number[], b: number[], g: number) => Math.exp(-g * a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0));

  it('gamma: scale = 1/(d·Var X) over every entry, auto = 1/d, 1 for a constant X, a number as given', () => {
    const all = X.flat();
    const m = mean(all);
    const v = all.reduce((s, x) => s + (x - m) ** 2, 0) / all.length;
    const scale = new wl.SVC().fit(X, iris.y);
    expect(scale.gammaValue).toBeCloseTo(1 / (2 * v), 14);
    const raw = X.map((r) => [3 * r[0] + 1, r[1]]);
    const scaled = new wl.SVC().fit(raw, iris.y);
    const allR = raw.flat(), mR = mean(allR);
    expect(scaled.gammaValue).toBeCloseTo(1 / (2 * (allR.reduce((s, x) => s + (x - mR) ** 2, 0) / allR.length)), 14);
    const auto = new wl.SVC({ gamma: 'auto' }).fit(iris.X, iris.y);
    expect(auto.gammaValue).toBe(0.25);
    const fixed = new wl.SVC({ gamma: 0.7 }).fit(X, iris.y);
    expect(fixed.gammaValue).toBe(0.7);
    const flat = new wl.SVC().fit([[2, 2], [2, 2], [2, 2]], [0, 1, 0]);
    expect(flat.gammaValue).toBe(1);
    for (const e of [scale, scaled, auto, fixed, flat]) e.dispose();
  });

  it('two classes: decision = Σ dualCoef·K(sv, x) + intercept, positive → classes[1]; linear coef', () => {
    const Xb = X.slice(50), yb = iris.y.slice(50).map((c) => (c === 1 ? 'versicolor' : 'virginica'));
    const m = new wl.SVC({ gamma: 0.8, C: 2 }).fit(Xb, yb);
    const sv = m.supportVectors, dc = m.dualCoef, b = m.intercept;
    const nSV = m.support.length;
    expect(nSV).toBe(m.nSupport[0] + m.nSupport[1]);
    expect(b.length).toBe(1);
    const dec = m.decisionFunction(Xb);
    const want = Xb.map((x) => { let s = b[0]; for (let t = 0; t < nSV; t++) s += dc[t] * rbf([sv[2 * t], sv[2 * t + 1]], x, 0.8); return s; });
    expect(maxDiff(dec, want)).toBeLessThan(1e-10);
    expect(Array.from(m.predict(Xb))).toEqual(want.map((v) => (v > 0 ? 'virginica' : 'versicolor')));
    // the first class's support vectors have positive dual coefficients (scikit-learn's binary sign flip), the others negative
    for (let t = 0; t < nSV; t++) expect(Math.sign(dc[t])).toBe(t < m.nSupport[0] ? -1 : 1);
    // support vectors are the training rows at `support`, grouped by class
    m.support.forEach((i: number, t: number) => expect([sv[2 * t], sv[2 * t + 1]]).toEqual(Xb[i]));
    expect(m.coef).toBeNull();
    m.dispose();

    const lin = new wl.SVC({ kernel: 'linear', C: 0.5 }).fit(Xb, yb);
    const w = lin.coef!;
    expect(w.length).toBe(2);
    const byW = Xb.map((x) => w[0] * x[0] + w[1] * x[1] + lin.intercept[0]);
    expect(maxDiff(lin.decisionFunction(Xb), byW)).toBeLessThan(1e-10);
    lin.dispose();
  });

  it('three classes: ovr = votes + confidences/(3(|conf| + 1)) from the ovo values; predict votes, ties to the lower class', () => {
    const ovo = new wl.SVC({ decisionFunctionShape: 'ovo' }).fit(X, iris.y);
    const ovr = new wl.SVC().fit(X, iris.y);
    const D = ovo.decisionFunction(X), R = ovr.decisionFunction(X);
    expect(D.length).toBe(3 * 150);
    expect(R.length).toBe(3 * 150);
    const pairs = [[0, 1], [0, 2], [1, 2]];
    const pred = ovr.predict(X);
    for (let i = 0; i < 150; i++) {
      const votes = [0, 0, 0], conf = [0, 0, 0];
      pairs.forEach(([a, b], q) => { const v = D[3 * i + q]; conf[a] += v; conf[b] -= v; votes[v < 0 ? b : a]++; });
      const want = votes.map((v, c) => v + conf[c] / (3 * (Math.abs(conf[c]) + 1)));
      expect(maxDiff(R.subarray(3 * i, 3 * i + 3), want)).toBeLessThan(1e-12);
      const pv = [0, 0, 0];
      pairs.forEach(([a, b], q) => pv[D[3 * i + q] > 0 ? a : b]++);
      expect(pred[i]).toBe(pv.indexOf(Math.max(...pv)));
    }
    // intercepts are −rho per pair; decision (ovo) = Σ over the pair's support vectors + intercept
    const sv = ovo.supportVectors, dc = ovo.dualCoef, ic = ovo.intercept, ns = ovo.nSupport, g = ovo.gammaValue;
    const nSV = ovo.support.length;
    const start = [0, ns[0], ns[0] + ns[1]];
    pairs.forEach(([a, b], q) => {
      for (const i of [0, 60, 120]) {
        let s = ic[q];
        for (let t = start[a]; t < start[a] + ns[a]; t++) s += dc[(b - 1) * nSV + t] * rbf([sv[2 * t], sv[2 * t + 1]], X[i], g);
        for (let t = start[b]; t < start[b] + ns[b]; t++) s += dc[a * nSV + t] * rbf([sv[2 * t], sv[2 * t + 1]], X[i], g);
        expect(Math.abs(D[3 * i + q] - s)).toBeLessThan(1e-10);
      }
    });
    ovo.dispose();
    ovr.dispose();
    // a three-way tie in the votes goes to the first class: one point per class, the query at the centre
    const tri = new wl.SVC({ kernel: 'linear', decisionFunctionShape: 'ovo' }).fit([[0, 1], [-0.866, -0.5], [0.866, -0.5]], ['a', 'b', 'c']);
    const dz = tri.decisionFunction([[0, 0]]);
    const votes = [dz[0] > 0 ? 0 : 1, dz[1] > 0 ? 0 : 2, dz[2] > 0 ? 1 : 2];
    if (new Set(votes).size === 3) expect(Array.from(tri.predict([[0, 0]]))).toEqual(['a']);
    tri.dispose();
  });

  it('the linear kernel\'s coef gives the ovo decision values, K(K−1)/2 rows', () => {
    const m = new wl.SVC({ kernel: 'linear', decisionFunctionShape: 'ovo', C: 0.3 }).fit(X, iris.y);
    const w = m.coef!, b = m.intercept;
    expect(w.length).toBe(6);
    const D = m.decisionFunction(X);
    const want = X.flatMap((x) => [0, 1, 2].map((q) => w[2 * q] * x[0] + w[2 * q + 1] * x[1] + b[q]));
    expect(maxDiff(D, want)).toBeLessThan(1e-10);
    m.dispose();
  });

  it('maxIter: −1 runs to tol; a small maxIter warns and reports converged false', () => {
    const full = new wl.SVC().fit(X, iris.y);
    expect(full.converged).toBe(true);
    expect(full.nIter).toBeGreaterThan(5);
    full.dispose();
    const warnings: string[] = [];
    const m = new wl.SVC({ maxIter: 5, onWarning: (s: string) => warnings.push(s) }).fit(X, iris.y);
    expect([m.converged, m.nIter]).toEqual([false, 5]);
    expect(warnings).toEqual(['SVC: the SMO solver stopped at maxIter = 5 before reaching tol']);
    m.dispose();
  });
});

describe('LinearSVC', () => {
  const two = { X: iris.X.slice(50), y: iris.y.slice(50) };

  it('the intercept is interceptScaling × the weight of a constant feature, penalized with the others', () => {
    for (const s of [1, 3]) {
      const C = 0.5;
      const m = new wl.LinearSVC({ C, interceptScaling: s, tol: 1e-10, maxIter: 100_000, seed: 0 }).fit(two.X, two.y);
      const w = Array.from(m.coef), b = m.intercept[0];
      // gradient of ½(‖w‖² + w_b²) + C·Σ max(0, 1 − y·(w·x + s·w_b))², w_b = b/s
      const g = [...w, b / s];
      two.X.forEach((x, i) => {
        const t = two.y[i] === 2 ? 1 : -1;
        const f = x.reduce((a, v, j) => a + v * w[j], b);
        const slack = 1 - t * f;
        if (slack > 0) { x.forEach((v, j) => (g[j] -= 2 * C * slack * t * v)); g[4] -= 2 * C * slack * t * s; }
      });
      expect(maxAbs(g), `interceptScaling ${s}`).toBeLessThan(1e-5);
      m.dispose();
    }
  });

  it('hinge and squared hinge are different problems; seeds are taken modulo 2³², negative ones too', () => {
    const h = new wl.LinearSVC({ loss: 'hinge', seed: 0, tol: 1e-8, maxIter: 100_000 }).fit(two.X, two.y);
    const q = new wl.LinearSVC({ loss: 'squared_hinge', seed: 0, tol: 1e-8, maxIter: 100_000 }).fit(two.X, two.y);
    expect(maxDiff(h.coef, q.coef)).toBeGreaterThan(1e-2);
    // hinge: the dual is boxed by C, so every margin violator has α = C and w = Σ α·y·x stays bounded
    expect(h.converged && q.converged).toBe(true);
    h.dispose();
    q.dispose();
    const fit = (seed: number) => {
      const e = new wl.LinearSVC({ seed, maxIter: 3, ...quiet }).fit(cancer.X, cancer.y);
      const c = Array.from(e.coef);
      e.dispose();
      return c;
    };
    expect(fit(-1)).toEqual(fit(2 ** 32 - 1));
    expect(fit(2 ** 32 + 5)).toEqual(fit(5));
    expect(fit(-7)).toEqual(fit(-7));
    expect(fit(-7)).not.toEqual(fit(7));
  });

  it('converged is nIter < maxIter; otherwise a warning names maxIter', () => {
    const warnings: string[] = [];
    const m = new wl.LinearSVC({ maxIter: 2, seed: 0, onWarning: (s: string) => warnings.push(s) }).fit(cancer.X, cancer.y);
    expect([m.nIter, m.converged]).toEqual([2, false]);
    expect(warnings).toEqual(["LinearSVC: liblinear's solver did not converge in maxIter = 2 passes; increase maxIter or scale the data"]);
    const ok = new wl.LinearSVC({ seed: 0 }).fit(two.X, two.y);
    expect(ok.nIter).toBeLessThan(1000);
    expect(ok.converged).toBe(true);
    // three classes: one-vs-rest (each problem solved to its unique optimum), nIter the most passes
    const k3 = new wl.LinearSVC({ seed: 0, tol: 1e-9, maxIter: 100_000 }).fit(iris.X, iris.y);
    const per = [0, 1, 2].map((c) => { const e = new wl.LinearSVC({ seed: 0, tol: 1e-9, maxIter: 100_000 }).fit(iris.X, iris.y.map((v) => (v === c ? 1 : 0))); const r = [e.nIter, ...e.coef, ...e.intercept]; e.dispose(); return r; });
    expect(k3.nIter).toBeGreaterThanOrEqual(Math.max(...per.map((r) => r[0])) / 2);
    expect(maxDiff(k3.coef, per.flatMap((r) => r.slice(1, 5)))).toBeLessThan(1e-6);
    expect(maxDiff(k3.intercept, per.map((r) => r[5]))).toBeLessThan(1e-6);
    for (const e of [m, ok, k3]) e.dispose();
  });
});

describe('SGD: epochs, convergence and partialFit', () => {
  const Xr = features(40, 3, 21);
  const yr = linear(Xr, [1, -1, 2], 0.5, 22, 0.05);

  it('fit warns once when maxIter ends the run; tol null runs every epoch silently; partialFit is never converged', () => {
    for (const [kind, X, y] of [['SGDClassifier', iris.X, iris.y], ['SGDRegressor', Xr, yr]] as const) {
      const warnings: string[] = [];
      const m = new W[kind]({ maxIter: 2, seed: 0, onWarning: (s: string) => warnings.push(s) }).fit(X, y);
      expect([m.nIter, m.converged]).toEqual([2, false]);
      expect(warnings).toEqual([`${kind}: maximum number of epochs (maxIter = 2) reached before the stopping rule was met; increase maxIter`]);
      const silent: string[] = [];
      // more epochs than nIterNoChange: without a tolerance nothing stops the run early
      const all = new W[kind]({ maxIter: 8, tol: null, seed: 0, onWarning: (s: string) => silent.push(s) }).fit(X, y);
      expect([all.nIter, all.converged, silent]).toEqual([8, false, []]);
      const ok = new W[kind]({ seed: 0, ...(kind === 'SGDRegressor' ? { eta0: 0.05 } : {}), onWarning: (s: string) => silent.push(s) }).fit(X, y);
      expect(ok.converged).toBe(true);
      expect(ok.nIter).toBeLessThan(1000);
      expect(ok.nIter).toBeGreaterThanOrEqual(6); // nIterNoChange = 5 epochs without improvement first
      expect(silent).toEqual([]);
      const p = new W[kind]({ seed: 0, onWarning: (s: string) => silent.push(s) });
      if (kind === 'SGDClassifier') p.partialFit(X, y, { classes: [0, 1, 2] });
      else p.partialFit(X, y);
      expect([p.nIter, p.converged, silent]).toEqual([1, false, []]);
      for (const e of [m, all, ok, p]) e.dispose();
    }
  });

  it('SGDRegressor: k partialFit calls = fit with maxIter k (no shuffle, no stopping rule); predict = X·coef + intercept', () => {
    const stream = new wl.SGDRegressor({ shuffle: false });
    for (let k = 0; k < 3; k++) stream.partialFit(Xr, yr);
    const batch = new wl.SGDRegressor({ shuffle: false, maxIter: 3, tol: null }).fit(Xr, yr);
    // equal up to rounding (a fit keeps the L2 shrinkage as a scale factor between epochs)
    expect(maxDiff(stream.coef, batch.coef)).toBeLessThan(1e-12);
    expect(Math.abs(stream.intercept - batch.intercept)).toBeLessThan(1e-12);
    const c = batch.coef, b = batch.intercept;
    expect(maxDiff(batch.predict(Xr), Xr.map((x) => x.reduce((s, v, j) => s + v * c[j], b)))).toBeLessThan(1e-12);
    expect((batch.toJSON() as any).state.t).toBe(1 + 3 * Xr.length);
    stream.dispose();
    batch.dispose();
  });

  it('SGDClassifier one-vs-rest: class k\'s weights are the binary problem k vs the rest; nIter the most epochs', () => {
    const opts = { shuffle: false, loss: 'log_loss', maxIter: 50, tol: 1e-3, ...quiet } as const;
    const all = new wl.SGDClassifier(opts).fit(iris.X, iris.y);
    const per = [0, 1, 2].map((c) => new wl.SGDClassifier(opts).fit(iris.X, iris.y.map((v) => (v === c ? 1 : 0))));
    expect(maxDiff(all.coef, per.flatMap((e) => Array.from(e.coef)))).toBeLessThan(1e-12);
    expect(maxDiff(all.intercept, per.map((e) => e.intercept[0]))).toBeLessThan(1e-12);
    expect(all.nIter).toBe(Math.max(...per.map((e) => e.nIter)));
    expect(all.converged).toBe(per.every((e) => e.converged));
    for (const e of [all, ...per]) e.dispose();
  });

  it('seeds are taken modulo 2³², negative ones too; unseeded fits differ', () => {
    const fit = (seed: number | null) => {
      const e = new wl.SGDRegressor({ seed, maxIter: 2, tol: null }).fit(Xr, yr);
      const c = Array.from(e.coef);
      e.dispose();
      return c;
    };
    expect(fit(-1)).toEqual(fit(2 ** 32 - 1));
    expect(fit(2 ** 32 + 3)).toEqual(fit(3));
    expect(fit(-2)).not.toEqual(fit(2));
    expect(fit(null)).not.toEqual(fit(null));
  });
});

describe('every fit, prediction and failure gives the heap back', () => {
  const Xr = features(20, 3, 31);
  const yr = linear(Xr, [1, -1, 2], 0.5, 32);
  const Yr = yr.map((v) => [v, -v]);
  const X32 = wl.matrix(Xr, { dtype: 'float32' });

  it('regressors, float64 and float32 input, one and two targets', () => {
    for (const [kind, o] of [['LinearRegression', {}], ['Ridge', {}], ['Ridge', { solver: 'svd', alpha: [1, 2] }], ['Ridge', { alpha: [1, 2] }], ['Lasso', { alpha: 0.01 }], ['ElasticNet', { alpha: 0.01, warmStart: true }]] as const) {
      for (const y of [yr, Yr]) {
        if (Array.isArray((o as any).alpha) && y === yr) continue;
        noLeak(() => {
          const m = new W[kind](o).fit(Xr, y);
          m.fit(X32, y);
          m.predict(Xr);
          m.predict(X32);
          m.dispose();
        });
      }
    }
    noLeak(() => new wl.LinearRegression().fit(features(3, 6, 33), [1, 2, 3]).dispose());
    noLeak(() => new wl.Ridge().fit(features(3, 6, 33), [1, 2, 3]).dispose());
    noLeak(() => {
      const m = new wl.SGDRegressor({ seed: 0 }).fit(Xr, yr);
      m.partialFit(X32, yr);
      m.predict(X32);
      m.dispose();
    });
  });

  it('classifiers: fit, predict, probabilities, decision values', () => {
    const Xc = iris.X, yc = iris.y;
    for (const [kind, o] of [
      ['LogisticRegression', {}], ['LogisticRegression', { penalty: 'l1' }], ['LogisticRegression', { fitIntercept: false, maxIter: 5 }],
      ['SGDClassifier', { seed: 0, loss: 'log_loss' }], ['LinearSVC', { seed: 0, maxIter: 5 }], ['SVC', {}], ['SVC', { kernel: 'linear' }],
    ] as const) {
      for (const y of [yc, yc.map((v) => (v === 2 ? 1 : v))]) {
        noLeak(() => {
          const m = new W[kind]({ ...o, ...quiet }).fit(Xc, y);
          m.predict(Xc);
          m.decisionFunction(Xc);
          if (m.predictProba) {
            m.predictProba(Xc);
            m.predictLogProba(Xc);
          }
          if (kind === 'SVC') void [m.coef, m.supportVectors, m.dualCoef];
          wl.load(m.toJSON()).dispose();
          m.dispose();
        });
      }
    }
    noLeak(() => {
      const m = new wl.SGDClassifier({ seed: 0 });
      m.partialFit(Xc, yc, { classes: [0, 1, 2] });
      m.partialFit(Xc, yc);
      m.dispose();
    });
  });

  it('failed fits and loads free what they allocated', () => {
    const sing = [[1, 2], [2, 4], [3, 6], [4, 8]];
    const fails: [() => unknown, any][] = [
      [() => new wl.Ridge({ alpha: 0, solver: 'cholesky' }).fit(sing, [1, 2, 3, 5]), P],
      [() => new wl.Ridge({ alpha: [1, 2, 3] }).fit(Xr, Yr), P],
      [() => new wl.Ridge().fit(Xr, [1, 2]), wl.ValidationError],
      [() => new wl.Lasso().fit(Xr, [1, 2]), wl.ValidationError],
      [() => new wl.LinearRegression().fit(Xr, [1, 2]), wl.ValidationError],
      [() => new wl.LogisticRegression().fit(Xr, new Array(20).fill(1)), V],
      [() => new wl.LinearSVC().fit(Xr, new Array(20).fill(1)), V],
      [() => new wl.SVC().fit(Xr, new Array(20).fill(1)), V],
      [() => new wl.SGDClassifier().fit(Xr, new Array(20).fill(1)), V],
      [() => new wl.SGDRegressor().fit(Xr, Yr), S],
      [() => new wl.SGDRegressor({ learningRate: 'constant', eta0: 1e12, seed: 0 }).fit(Xr.map((r) => r.map((v) => v * 1e3)), yr), V],
      [() => new wl.SGDClassifier({ seed: 0 }).partialFit(Xr, yr.map((v) => (v > 0 ? 1 : 0)), { classes: [1] }), V],
      [() => new wl.LogisticRegression().fit(X32, new Array(20).fill(1)), V],
    ];
    for (const [fn, E] of fails) noLeak(() => expect(fn).toThrow(E));
    const lr = new wl.LinearRegression().fit(Xr, yr);
    const sv = new wl.SVC().fit(Xr, yr.map((v) => (v > 0 ? 1 : 0)));
    noLeak(() => expect(() => wl.load(edited(lr, (s) => (s.rank = -1)))).toThrow(M));
    noLeak(() => expect(() => wl.load(edited(sv, (s) => (s.converged = 1)))).toThrow(M));
    noLeak(() => expect(() => lr.predict([[1, 2]])).toThrow(S));
    noLeak(() => expect(() => sv.predict([[1, 2]])).toThrow(S));
    lr.dispose();
    sv.dispose();
  });
});

describe('round three: what the first mutation run still left', () => {
  it('fitted arrays are handed out as copies: changing them does not change the model', () => {
    const X = iris.X.map((r) => r.slice(0, 2));
    for (const y of [iris.y, iris.y.map((v) => (v === 2 ? 1 : v))]) {
      const m = new wl.SVC({ kernel: 'linear' }).fit(X, y);
      for (const a of ['support', 'nSupport', 'dualCoef', 'intercept', 'supportVectors', 'coef']) {
        const before = Array.from((m as any)[a]);
        (m as any)[a].fill(7);
        expect(Array.from((m as any)[a]), a).toEqual(before);
      }
      m.dispose();
    }
    const lr = new wl.LinearRegression().fit(X, X.map((r) => [r[0] + r[1], r[0] - r[1]]));
    const lg = new wl.LogisticRegression().fit(X, iris.y);
    for (const m of [lr, lg]) {
      for (const a of ['coef', 'intercept']) {
        const before = Array.from((m as any)[a]);
        (m as any)[a].fill(7);
        expect(Array.from((m as any)[a]), a).toEqual(before);
      }
      m.dispose();
    }
  });

  it('SVC voting with known pairwise decision values: a three-way tie goes to the first class; a value of exactly 0', () => {
    // a fitted three-class model with every dual coefficient set to 0: the decision value of pair q is −rho_q
    const X = iris.X.map((r) => r.slice(0, 2));
    const fitted = new wl.SVC({ kernel: 'linear' }).fit(X, iris.y);
    const nSV = fitted.support.length;
    const make = (rho: number[]) => wl.load(edited(fitted, (s) => { s.coef = f64(new Array(2 * nSV).fill(0), [2, nSV]); s.rho = f64(rho); })) as any;
    // pairs (0,1), (0,2), (1,2): 0 beats 1, 2 beats 0, 1 beats 2 → one vote each
    const cycle = make([-1, 2, -0.5]);
    const q = [[0.3, 0.1]];
    expect(Array.from(cycle.decisionFunction(q))).toEqual(((d01: number, d02: number, d12: number) => {
      const conf = [d01 + d02, -d01 + d12, -d02 - d12];
      return conf.map((c) => 1 + c / (3 * (Math.abs(c) + 1)));
    })(1, -2, 0.5));
    expect(Array.from(cycle.predict(q))).toEqual([0]);
    cycle.setParams({ decisionFunctionShape: 'ovo' });
    expect(Array.from(cycle.decisionFunction(q))).toEqual([1, -2, 0.5]);
    cycle.dispose();
    // a pairwise value of exactly 0: predict gives the vote to the second class (libsvm's dec > 0),
    // the ovr values to the first (scikit-learn's dec < 0)
    const zero = make([0, -1, -1]);
    expect(Array.from(zero.predict(q))).toEqual([1]); // votes: 1 → class 1, 0 → class 0 (vs 2), 1 → class 1 (vs 2)
    // ovr: pair (0,1) at 0 counts for class 0 → votes [2, 1, 0], confidences [1, 1, −2]
    expect(Array.from(zero.decisionFunction(q))).toEqual([2 + 1 / 6, 1 + 1 / 6, -2 / 9]);
    zero.dispose();
    fitted.dispose();
  });

  it('LinearSVC one-vs-rest: nIter is the most passes of the three problems, converged only if all converged', () => {
    // setosa vs rest converges within 200 passes, versicolor vs rest does not
    const m = new wl.LinearSVC({ seed: 0, tol: 1e-6, maxIter: 200, ...quiet }).fit(iris.X, iris.y);
    expect([m.nIter, m.converged]).toEqual([200, false]);
    const setosa = new wl.LinearSVC({ seed: 0, tol: 1e-6, maxIter: 200 }).fit(iris.X, iris.y.map((v) => (v === 0 ? 1 : 0)));
    expect(setosa.converged).toBe(true);
    expect(setosa.nIter).toBeLessThan(200);
    m.dispose();
    setosa.dispose();
    // without a seed each fit draws its own coordinate order
    const fit = () => { const e = new wl.LinearSVC({ maxIter: 3, ...quiet }).fit(iris.X, iris.y); const c = Array.from(e.coef); e.dispose(); return c; };
    expect(fit()).not.toEqual(fit());
  });

  it('Lasso/ElasticNet with two targets: nIter and the duality gap are the largest of the two problems', () => {
    const r = rng(9);
    const Xc = Array.from({ length: 30 }, () => { const a = 2 * r() - 1; return [a, a + 0.05 * (2 * r() - 1), 2 * r() - 1]; });
    const ya = Xc.map((x) => x[0] + 2 * x[1] - x[2] + 0.1 * r());
    const yb = Xc.map((x) => -3 * x[0] + x[2] + 0.1 * r());
    const opts = { alpha: 0.01, l1Ratio: 0.9, maxIter: 3, tol: 1e-8, ...quiet };
    const two = new wl.ElasticNet(opts).fit(Xc, ya.map((v, i) => [v, yb[i]]));
    const a = new wl.ElasticNet(opts).fit(Xc, ya);
    const b = new wl.ElasticNet(opts).fit(Xc, yb);
    expect(a.dualGap).toBeGreaterThan(0);
    expect(b.dualGap).toBeGreaterThan(0);
    expect(a.dualGap).not.toBe(b.dualGap);
    expect(two.dualGap).toBe(Math.max(a.dualGap, b.dualGap));
    expect(two.nIter).toBe(Math.max(a.nIter, b.nIter));
    expect(two.converged).toBe(false);
    expect(maxDiff(two.coef, [...a.coef, ...b.coef])).toBe(0);
    for (const m of [two, a, b]) m.dispose();
  });

  it('a failed Ridge/Lasso fit frees the copy of X it made, whatever X was (arrays, float32 or float64 matrices)', () => {
    const Xr = features(10, 3, 41);
    for (const X of [Xr, wl.matrix(Xr), wl.matrix(Xr, { dtype: 'float32' })]) {
      for (const make of [() => new wl.Ridge(), () => new wl.Lasso(), () => new wl.ElasticNet()]) {
        noLeak(() => throwsNamed(() => make().fit(X, [1, 2, 3]), V, 'y: expected 10'));
        // and X itself is untouched (centering works on a copy)
        if (X !== Xr) expect(Array.from((X as any).toTypedArray())).toEqual(Array.from(wl.matrix(Xr, { dtype: (X as any).dtype }).toTypedArray()));
      }
    }
  });

  it('SGD divergence names the epoch that overflowed: one epoch fewer still fits', () => {
    const X = [[1, 2], [3, -1], [2, 2], [-1, 0.5], [0, 1], [2, -2]];
    const y = [1, 2, 3, 4, 5, 6];
    const make = (maxIter: number) => new wl.SGDRegressor({ learningRate: 'constant', eta0: 30, seed: 0, maxIter, tol: null });
    let message = '';
    try {
      make(50).fit(X, y);
    } catch (e) {
      message = (e as Error).message;
    }
    const epoch = Number(/overflow at epoch (\d+)\)/.exec(message)?.[1]);
    expect(epoch).toBeGreaterThan(1);
    noLeak(() => make(epoch - 1).fit(X, y).dispose());
    noLeak(() => throwsNamed(() => make(epoch).fit(X, y), V, `X: the SGD steps diverged (floating-point overflow at epoch ${epoch}); scale the features`));
  });

  it("SGDClassifier: loss 'log' is scikit-learn's old name of 'log_loss' (same model, probabilities)", () => {
    const a = new wl.SGDClassifier({ loss: 'log', seed: 1 }).fit(iris.X, iris.y);
    const b = new wl.SGDClassifier({ loss: 'log_loss', seed: 1 }).fit(iris.X, iris.y);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    expect(Array.from(a.predictProba(iris.X))).toEqual(Array.from(b.predictProba(iris.X)));
    const h = new wl.SGDClassifier({ loss: 'hinge', seed: 1 }).fit(iris.X, iris.y);
    expect(maxDiff(a.coef, h.coef)).toBeGreaterThan(1e-3);
    for (const m of [a, b, h]) m.dispose();
  });

  it('Ridge with alpha 0 and a constant column (zero after centering, the first pivot): cholesky refuses, auto gives it weight 0', () => {
    const X = [[5, 1, 2], [5, 3, -1], [5, 2, 2], [5, -1, 0.5], [5, 0, 1]];
    const y = [1, 2, 3, 4, 5];
    noLeak(() => throwsNamed(() => new wl.Ridge({ alpha: 0, solver: 'cholesky' }).fit(X, y), P, 'Ridge: the system XᵀX + αI is singular'));
    const auto = new wl.Ridge({ alpha: 0 }).fit(X, y);
    const ref = ridgeRef(X.map((r) => r.slice(1)), y, 0);
    expect(auto.coef[0]).toBe(0);
    expect(maxDiff(auto.coef.subarray(1), ref.w)).toBeLessThan(1e-12);
    expect(Math.abs((auto.intercept as number) - ref.b)).toBeLessThan(1e-12);
    auto.dispose();
  });
});

describe('round four: what the second mutation run still left', () => {
  it('warm start with two targets resumes each target from its own coefficients', () => {
    const r = rng(9);
    const Xc = Array.from({ length: 30 }, () => { const a = 2 * r() - 1; return [a, a + 0.05 * (2 * r() - 1), 2 * r() - 1]; });
    const Y = Xc.map((x) => [x[0] + 2 * x[1] - x[2], -3 * x[0] + x[2] + 0.5 * x[1]]);
    const cold = new wl.ElasticNet({ alpha: 0.01, l1Ratio: 0.7, tol: 1e-10, maxIter: 10_000 }).fit(Xc, Y);
    const warm = new wl.ElasticNet({ alpha: 0.01, l1Ratio: 0.7, tol: 1e-10, maxIter: 10_000, warmStart: true }).fit(Xc, Y);
    expect(warm.nIter).toBe(cold.nIter);
    warm.fit(Xc, Y); // from the optimum of each target: a sweep or two to confirm it
    expect(warm.nIter).toBeLessThanOrEqual(2);
    expect(cold.nIter).toBeGreaterThan(10);
    expect(maxDiff(warm.coef, cold.coef)).toBeLessThan(1e-8);
    cold.dispose();
    warm.dispose();
  });

  it('model files: field names in decode errors; an SVC class without support vectors loads', () => {
    const X = [[0, 0], [1, 1], [2, 0], [3, 1], [0.5, 2], [2.5, -1]];
    const lr = new wl.LinearRegression().fit(X, [1, 2, 3, 4, 5, 6]);
    throwsNamed(() => wl.load(edited(lr, (s) => (s.intercept = i32([1])))), M, 'model.state.intercept.dtype: expected \'float64\', got "int32"');
    lr.dispose();
    const svc = new wl.SVC({ kernel: 'linear' }).fit(X, [0, 1, 2, 2, 1, 0]);
    throwsNamed(() => wl.load(edited(svc, (s) => (s.classes = f64([1])))), M, 'model.state.classes');
    const nSV = svc.support.length;
    // every support vector filed under class 0; classes 1 and 2 have none (a count of 0 is valid)
    const m = wl.load(edited(svc, (s) => { s.nSupport = i32([nSV, 0, 0]); s.coef = f64(new Array(2 * nSV).fill(0), [2, nSV]); s.rho = f64([-1, -1, 1]); })) as any;
    expect(Array.from(m.nSupport)).toEqual([nSV, 0, 0]);
    m.setParams({ decisionFunctionShape: 'ovo' });
    expect(Array.from(m.decisionFunction([[0, 0]]))).toEqual([1, 1, -1]); // ovo values are −rho
    m.dispose();
    svc.dispose();
  });

  it('fitted attributes before fit: the classifiers\' predict names itself; a label error names "classes"', () => {
    throwsNamed(() => new wl.LogisticRegression().predict([[1]]), NF, 'LogisticRegression: predict is not available before fit()');
    throwsNamed(() => new wl.LinearSVC().predict([[1]]), NF, 'LinearSVC: predict is not available before fit()');
    throwsNamed(() => new wl.SGDClassifier().partialFit([[1], [2]], [0, 1], { classes: [0, NaN] }), V, 'classes[1]: expected a finite label, got NaN');
  });

  it('fits that converge warn about nothing', () => {
    const warnings: string[] = [];
    const onWarning = (m: string) => warnings.push(m);
    new wl.SVC({ onWarning }).fit(iris.X, iris.y).dispose();
    new wl.LinearSVC({ onWarning, seed: 0 }).fit(iris.X.slice(0, 100), iris.y.slice(0, 100)).dispose();
    new wl.LogisticRegression({ onWarning }).fit(iris.X, iris.y).dispose();
    new wl.Lasso({ onWarning, alpha: 0.1 }).fit(iris.X, iris.y).dispose();
    new wl.SGDClassifier({ onWarning, seed: 0 }).fit(iris.X, iris.y).dispose();
    expect(warnings).toEqual([]);
  });
});

describe('round five', () => {
  const two = { X: iris.X.slice(50), y: iris.y.slice(50) };

  it('OWL-QN: a fit that meets tol on its last allowed iteration is converged (no warning)', () => {
    const free = new wl.LogisticRegression({ penalty: 'l1', C: 0.2 }).fit(two.X, two.y);
    const n = free.nIter;
    expect(free.converged).toBe(true);
    const warnings: string[] = [];
    const capped = new wl.LogisticRegression({ penalty: 'l1', C: 0.2, maxIter: n, onWarning: (m: string) => warnings.push(m) }).fit(two.X, two.y);
    expect([capped.nIter, capped.converged, warnings]).toEqual([n, true, []]);
    expect(Array.from(capped.coef)).toEqual(Array.from(free.coef));
    free.dispose();
    capped.dispose();
  });

  it("penalty 'l2' ignores l1Ratio (as scikit-learn does)", () => {
    const a = new wl.LogisticRegression({ penalty: 'l2', l1Ratio: 0.5 }).fit(two.X, two.y);
    const b = new wl.LogisticRegression({ penalty: 'l2' }).fit(two.X, two.y);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    a.dispose();
    b.dispose();
  });
});
