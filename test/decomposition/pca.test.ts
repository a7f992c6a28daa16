// PCA against scikit-learn (pca.json: iris, digits with 10 components, iris whitened), both solvers,
// and the invariants: orthonormal components, variances = eigenvalues of the covariance.
import { describe, expect, it } from 'vitest';
import { dataset, getWl, reference } from '../helpers';

const ref = reference('pca.json');
const irisX = dataset('iris.csv').rows.map((r) => r.slice(0, 4));
const digits = dataset('digits.csv').rows.map((r) => r.slice(0, 64));

function closeRel(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, scale = 1): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * Math.max(scale, Math.abs(want[i])));
}

describe.each(['covariance_eigh', 'full', 'auto'] as const)('PCA reproduces scikit-learn (%s solver)', (svdSolver) => {
  it.each(['iris', 'digits', 'irisWhiten2'])('%s', async (name) => {
    const wl = await getWl();
    const r = ref[name];
    const X = name === 'digits' ? digits : irisX;
    const pca = new wl.PCA({ nComponents: r.nComponents, whiten: r.whiten, svdSolver }).fit(X);
    const tol = 1e-8;
    closeRel(pca.mean, r.mean, tol);
    closeRel(pca.explainedVariance, r.explainedVariance, tol);
    closeRel(pca.explainedVarianceRatio, r.explainedVarianceRatio, tol);
    closeRel(pca.singularValues, r.singularValues, tol);
    expect(Math.abs(pca.noiseVariance - r.noiseVariance)).toBeLessThanOrEqual(tol * Math.max(1, r.noiseVariance));
    // Components equal the reference up to sign (pca.json comes from scikit-learn 1.2, whose svd_flip
    // made U's largest entry positive; scikit-learn >= 1.5, and wasmlearn, make each component's largest
    // |entry| positive). Digits' first column is constant 0: its entries are ~1e-19, compared absolutely.
    const comps = pca.components;
    const signs = comps.map((c, j) => Math.sign(c.reduce((s, v, p) => s + v * r.components[j][p], 0)));
    comps.forEach((c, j) => {
      closeRel(c.map((v) => signs[j] * v), r.components[j], tol, 1e-6);
      const big = c.reduce((b, v, p) => (Math.abs(v) > Math.abs(c[b]) ? p : b), 0);
      expect(c[big]).toBeGreaterThan(0);
    });
    const Z = pca.transform(X.slice(0, 5));
    Z.toArray().forEach((row, i) => closeRel(row.map((v, j) => signs[j] * v), r.transformFirst5[i], tol, 1e-6));
    // inverse transform: exact when nothing is dropped
    if (r.nComponents === 4) {
      const back = pca.inverseTransform(Z);
      back.toArray().forEach((row, i) => closeRel(row, X[i], 1e-12, 1));
      back.dispose();
    }
    Z.dispose();
    pca.dispose();
  });
});

describe('PCA options and invariants', () => {
  it('nComponents as a variance fraction and as mle', async () => {
    const wl = await getWl();
    const frac = new wl.PCA({ nComponents: 0.95 }).fit(irisX);
    expect(frac.nComponents).toBe(2); // 0.9246 + 0.0531 > 0.95 > 0.9246
    const mle = new wl.PCA({ nComponents: 'mle' }).fit(irisX);
    expect(mle.nComponents).toBeGreaterThanOrEqual(1);
    expect(mle.nComponents).toBeLessThan(4);
    frac.dispose();
    mle.dispose();
  });

  it('components are orthonormal and whitened projections have unit variance', async () => {
    const wl = await getWl();
    const pca = new wl.PCA({ nComponents: 10, whiten: true }).fit(digits);
    const C = pca.components;
    for (let i = 0; i < C.length; i++) for (let j = 0; j < C.length; j++) {
      const dot = C[i].reduce((s, v, p) => s + v * C[j][p], 0);
      expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(64 * 1e-14);
    }
    const Z = pca.transform(digits);
    const z = Z.toArray();
    for (let j = 0; j < 10; j++) {
      const col = z.map((r) => r[j]);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      expect(Math.abs(m)).toBeLessThan(1e-10);
      expect(col.reduce((s, v) => s + (v - m) ** 2, 0) / (col.length - 1)).toBeCloseTo(1, 10);
    }
    Z.dispose();
    pca.dispose();
  });

  it('errors and heap', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    expect(() => new wl.PCA({ nComponents: 5 }).fit(irisX)).toThrow(/nComponents/);
    expect(() => new wl.PCA({ nComponents: 1.5 }).fit(irisX)).toThrow(wl.InvalidParameterError);
    expect(() => new wl.PCA().fit([[1, 2]])).toThrow(/at least 2 samples/);
    const pca = new wl.PCA({ nComponents: 2 }).fit(irisX);
    expect(() => pca.transform([[1, 2, 3]])).toThrow(wl.ShapeError);
    pca.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
