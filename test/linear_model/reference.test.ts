// The linear models against scikit-learn 1.2 on regression_synth.csv (test/fixtures/reference/
// linear_models.json), within the tolerances that file states: 1e-6 relative (1e-4 for Lasso and
// ElasticNet, whose coordinate descent stops at a duality-gap tolerance).
import { describe, expect, it } from 'vitest';
import { dataset, getWl, reference } from '../helpers';

const ref = reference('linear_models.json');
const { rows } = dataset('regression_synth.csv');
const X = rows.map((r) => r.slice(0, -1));
const y = rows.map((r) => r[r.length - 1]);

/** max_i |a_i − b_i| / max(1, max|b|): relative to the scale of the reference vector. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / scale);
  return e;
}

describe('linear models reproduce scikit-learn', () => {
  const cases: [string, (wl: any) => any, number][] = [
    ['LinearRegression', (wl) => new wl.LinearRegression(), 1e-6],
    ['Ridge_alpha1', (wl) => new wl.Ridge({ alpha: 1 }), 1e-6],
    ['Ridge_alpha100', (wl) => new wl.Ridge({ alpha: 100 }), 1e-6],
    ['Lasso_alpha1', (wl) => new wl.Lasso({ alpha: 1 }), 1e-4],
    ['ElasticNet_alpha1_l1r0.5', (wl) => new wl.ElasticNet({ alpha: 1, l1Ratio: 0.5 }), 1e-4],
  ];
  it.each(cases)('%s: coef, intercept, R²', async (name, make, tol) => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const r = ref.regression_synth[name];
    const model = make(wl).fit(X, y);
    expect(relErr(model.coef, r.coef)).toBeLessThan(tol);
    expect(Math.abs(model.intercept - r.intercept)).toBeLessThan(tol * Math.max(1, Math.abs(r.intercept)) * 10);
    expect(model.score(X, y)).toBeCloseTo(r.r2, 6);
    if ('converged' in r || name.startsWith('Lasso') || name.startsWith('Elastic')) {
      expect(model.converged).toBe(true);
      expect(model.nIter).toBeGreaterThan(0);
    }
    model.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('Ridge solvers agree (cholesky, svd, the kernel form for d > n), alpha per target', async () => {
    const wl = await getWl();
    const r = ref.regression_synth.Ridge_alpha1;
    const svd = new wl.Ridge({ alpha: 1, solver: 'svd' }).fit(X, y);
    expect(relErr(svd.coef, r.coef)).toBeLessThan(1e-6);
    // two targets, alphas 1 and 100: each column matches its single-target fit
    const Y = y.map((v) => [v, v]);
    const two = new wl.Ridge({ alpha: [1, 100] }).fit(X, Y);
    const coef = two.coef; // 2×8 row-major
    expect(relErr(coef.subarray(0, 8), r.coef)).toBeLessThan(1e-6);
    expect(relErr(coef.subarray(8, 16), ref.regression_synth.Ridge_alpha100.coef)).toBeLessThan(1e-6);
    expect(two.predict(X.slice(0, 3)).length).toBe(6);
    // d > n: 5 samples, 8 features — dual (kernel) Cholesky equals the SVD solution
    const Xs = X.slice(0, 5);
    const ys = y.slice(0, 5);
    const dual = new wl.Ridge({ alpha: 0.3 }).fit(Xs, ys);
    const viaSvd = new wl.Ridge({ alpha: 0.3, solver: 'svd' }).fit(Xs, ys);
    expect(relErr(dual.coef, viaSvd.coef)).toBeLessThan(1e-9);
    // alpha 0 with duplicated columns: Cholesky fails, auto falls back to SVD; 'cholesky' says so
    const Xd = X.map((row) => [row[0], row[0], row[1]]);
    const auto = new wl.Ridge({ alpha: 0 }).fit(Xd, y);
    const c = auto.coef;
    expect(c[0]).toBeCloseTo(c[1], 8); // minimum-norm split of the duplicated column
    expect(() => new wl.Ridge({ alpha: 0, solver: 'cholesky' }).fit(Xd, y)).toThrow(wl.InvalidParameterError);
    for (const m of [svd, two, dual, viaSvd, auto]) m.dispose();
  });

  it('polynomial regression: PolynomialFeatures(degree 3, no bias) → LinearRegression', async () => {
    const wl = await getWl();
    const p = ref.polynomial;
    const X2 = X.map((r) => r.slice(0, 2));
    const poly = new wl.preprocessing.PolynomialFeatures({ degree: 3, includeBias: false });
    const F = poly.fitTransform(X2);
    expect(poly.getFeatureNamesOut()).toEqual(p.featureNames);
    expect(F.cols).toBe(9);
    expect(F.get(3, 6)).toBeCloseTo(X2[3][0] ** 2 * X2[3][1], 12); // 'x0^2 x1'
    const lr = new wl.LinearRegression().fit(F, p.y);
    expect(relErr(lr.coef, p.coef)).toBeLessThan(1e-6);
    expect(lr.intercept).toBeCloseTo(p.intercept, 6);
    expect(lr.score(F, p.y)).toBeCloseTo(p.r2, 8);
    F.dispose();
    poly.dispose();
    lr.dispose();
  });

  it('LinearRegression is exact on noiseless data and handles rank deficiency (minimum norm)', async () => {
    const wl = await getWl();
    const w = [1.5, -2, 0.25];
    const Xe = X.map((r) => r.slice(0, 3));
    const ye = Xe.map((r) => 4 + r[0] * w[0] + r[1] * w[1] + r[2] * w[2]);
    const lr = new wl.LinearRegression().fit(Xe, ye);
    expect(relErr(lr.coef, w)).toBeLessThan(1e-12);
    expect(lr.intercept).toBeCloseTo(4, 12);
    expect(lr.rank).toBe(3);
    const Xr = Xe.map((r) => [r[0], r[0], r[1]]); // collinear: rank 2, split equally
    const yr = Xr.map((r) => r[0] * 2 + r[2]);
    const m = new wl.LinearRegression({ fitIntercept: false }).fit(Xr, yr);
    expect(m.rank).toBe(2);
    expect(Array.from(m.coef).map((v) => +v.toFixed(9))).toEqual([1, 1, 1]);
    lr.dispose();
    m.dispose();
  });

  it.each([
    ['Lasso', { alpha: 1 }, 1],
    ['ElasticNet', { alpha: 0.3, l1Ratio: 0.2 }, 0.2],
  ] as const)('%s stops with a duality gap below tol·‖y − ȳ‖² (gap recomputed here from coef)', async (kind, options, l1) => {
    const wl = await getWl();
    const m = new (wl as any)[kind]({ ...options, tol: 1e-6 }).fit(X, y);
    const n = X.length;
    const d = X[0].length;
    const xm = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n);
    const ym = y.reduce((a, b) => a + b) / n;
    const w = Array.from(m.coef as Float64Array);
    const R = X.map((r, i) => y[i] - ym - r.reduce((s, v, j) => s + (v - xm[j]) * w[j], 0));
    const a = options.alpha * l1 * n;
    const b = options.alpha * (1 - l1) * n;
    const XtA = w.map((wj, j) => X.reduce((s, r, i) => s + (r[j] - xm[j]) * R[i], 0) - b * wj);
    const dual = Math.max(...XtA.map(Math.abs));
    const r2 = R.reduce((s, v) => s + v * v, 0);
    const c = dual > a ? a / dual : 1;
    const gap = (dual > a ? 0.5 * (r2 + r2 * c * c) : r2) + a * w.reduce((s, v) => s + Math.abs(v), 0) - c * R.reduce((s, v, i) => s + v * (y[i] - ym), 0) + 0.5 * b * (1 + c * c) * w.reduce((s, v) => s + v * v, 0);
    const yy = y.reduce((s, v) => s + (v - ym) ** 2, 0);
    expect(m.converged).toBe(true);
    expect(gap).toBeLessThan(1e-6 * yy);
    expect(Math.abs(m.dualGap - gap)).toBeLessThan(1e-6 * yy);
    m.dispose();
  });

  it('Lasso: maxIter too small warns once through onWarning and reports converged = false; warm start resumes', async () => {
    const wl = await getWl();
    const messages: string[] = [];
    const m = new wl.Lasso({ alpha: 0.01, maxIter: 2, tol: 1e-12, onWarning: (msg: string) => messages.push(msg) }).fit(X, y);
    expect(m.converged).toBe(false);
    expect(m.nIter).toBe(2);
    expect(messages.length).toBe(1);
    expect(messages[0]).toMatch(/Lasso: objective did not converge after 2 iterations/);
    // warm start from the 2-sweep solution reaches the converged answer in fewer sweeps than a cold start
    const cold = new wl.Lasso({ alpha: 0.01, tol: 1e-8 }).fit(X, y);
    m.setParams({ warmStart: true, maxIter: 1000, tol: 1e-8 }).fit(X, y);
    expect(m.converged).toBe(true);
    expect(m.nIter).toBeLessThan(cold.nIter);
    expect(relErr(m.coef, cold.coef)).toBeLessThan(1e-6);
    // alpha large enough zeroes every coefficient: max|Xᵀ(y − ȳ)|/n
    const big = new wl.Lasso({ alpha: 1e6 }).fit(X, y);
    expect(Array.from(big.coef).every((v) => v === 0)).toBe(true);
    expect(big.intercept).toBeCloseTo(y.reduce((a, b) => a + b) / y.length, 9);
    for (const e of [m, cold, big]) e.dispose();
  });
});
