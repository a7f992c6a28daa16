// Behaviour of src/decomposition, src/neighbors, src/naive_bayes and src/preprocessing that mutation
// testing (Stryker over those files) showed no test pinned: every error's class and the argument it
// names, scikit-learn's semantics of the options (PCA's component count by fraction and by Minka's MLE,
// whitening, k-NN weights and ties, GaussianNB priors and partialFit smoothing, scaler options,
// encoder and polynomial edges), model-file validation, and results against scikit-learn 1.2.1 values
// or plain-TypeScript references.
import { describe, expect, it } from 'vitest';
import { dataset, editedModel, getWl, rng, throwsNamed } from '../helpers';

const wl = await getWl();
const { ValidationError: V, InvalidParameterError: P, ShapeError: S, ModelFormatError: F } = wl;
const iris = dataset('iris.csv').rows;
const IX = iris.map((r) => r.slice(0, 4));
const Iy = iris.map((r) => r[4]);

/** A model file with some state fields replaced (arrays encoded as the format does). */
function tampered(model: { toJSON(): any }, state: Record<string, unknown>): any {
  return editedModel(model, (json) => (json.state = { ...json.state, ...state }));
}
const enc = (values: number[], shape?: number[]) => wl.io.encodeArray(Float64Array.from(values), shape);

describe('PCA', () => {
  it('option and data errors name the option', () => {
    const msg = (v: string) => `PCA: option "nComponents" must be a positive integer, a fraction in (0, 1), 'mle' or null, got ${v}`;
    throwsNamed(() => new wl.PCA({ nComponents: 0 }).fit(IX), P, msg('0'));
    throwsNamed(() => new wl.PCA({ nComponents: -0.5 }).fit(IX), P, msg('-0.5'));
    throwsNamed(() => new wl.PCA({ nComponents: NaN }).fit(IX), P, msg('NaN'));
    throwsNamed(() => new wl.PCA({ nComponents: 1.5 }).fit(IX), P, msg('1.5'));
    throwsNamed(() => new wl.PCA({ nComponents: 'all' as never }).fit(IX), P, msg('all'));
    throwsNamed(() => new wl.PCA({ whiten: 1 as never }).fit(IX), P, 'PCA: option "whiten" must be true or false, got 1');
    throwsNamed(() => new wl.PCA({ svdSolver: 'arpack' as never }).fit(IX), P, `PCA: option "svdSolver" must be one of 'auto', 'full', 'covariance_eigh', got "arpack"`);
    throwsNamed(() => new wl.PCA({ nComponents: 5 }).fit(IX), P, 'PCA: option "nComponents" (5) must be <= min(nSamples, nFeatures) = 4');
    throwsNamed(() => new wl.PCA({ nComponents: 3 }).fit(IX.slice(0, 2)), P, 'PCA: option "nComponents" (3) must be <= min(nSamples, nFeatures) = 2');
    throwsNamed(() => new wl.PCA({ nComponents: 'mle' }).fit(IX.slice(0, 3)), P, "PCA: nComponents 'mle' needs nSamples >= nFeatures, got 3 < 4");
    throwsNamed(() => new wl.PCA().fit([[1, 2]]), S, 'X: PCA needs at least 2 samples, got 1');
    // the limits themselves are allowed
    const two = new wl.PCA({ nComponents: 2 }).fit(IX.slice(0, 2));
    expect(two.nComponents).toBe(2);
    const square = new wl.PCA({ nComponents: 'mle' }).fit(IX.slice(0, 4));
    expect(square.nComponents).toBeGreaterThanOrEqual(1);
    const near = new wl.PCA({ nComponents: 0.999 }).fit(IX);
    expect(near.nComponents).toBeGreaterThanOrEqual(3);
    for (const p of [two, square, near]) p.dispose();
  });

  it('defaults, kind and task; attributes before fit name the call', () => {
    const p = new wl.PCA();
    expect(p.getParams()).toEqual({ nComponents: null, whiten: false, svdSolver: 'auto' });
    expect(p.task).toBe('transformer');
    expect(p.toJSON().kind).toBe('PCA');
    throwsNamed(() => p.transform(IX), wl.NotFittedError, 'PCA: transform is not available before fit(); call fit(X) first');
    throwsNamed(() => p.inverseTransform(IX), wl.NotFittedError, 'PCA: inverseTransform is not available before fit()');
    // the default keeps min(n, d) components and does not whiten
    p.fit(IX);
    expect(p.nComponents).toBe(4);
    const Z = p.transform(IX);
    const col0 = Z.toArray().map((r) => r[0]);
    expect(col0.reduce((a, v) => a + v * v, 0) / 149).toBeCloseTo(p.explainedVariance[0], 10);
    Z.dispose();
    p.dispose();
  });

  it("'auto' takes the covariance route when n >= 10·d (and d <= 1000), the SVD otherwise, bit for bit", () => {
    const r = rng(21);
    for (const [n, d] of [[30, 3], [29, 3], [40, 4], [12, 2]]) {
      const X = Array.from({ length: n }, () => Array.from({ length: d }, () => r() * 3 - 1));
      const auto = new wl.PCA().fit(X);
      const same = new wl.PCA({ svdSolver: n >= 10 * d ? 'covariance_eigh' : 'full' }).fit(X);
      const other = new wl.PCA({ svdSolver: n >= 10 * d ? 'full' : 'covariance_eigh' }).fit(X);
      expect(auto.components, `${n}×${d}`).toEqual(same.components);
      expect(Array.from(auto.explainedVariance)).toEqual(Array.from(same.explainedVariance));
      // the two routes round differently: the comparison above can tell them apart
      const differs = auto.components.flat().some((v, i) => v !== other.components.flat()[i]) || auto.explainedVariance.some((v, i) => v !== other.explainedVariance[i]);
      expect(differs, `${n}×${d}: the solvers gave identical bits`).toBe(true);
      for (const e of [auto, same, other]) e.dispose();
    }
  });

  it("'full' (and 'auto' below n = 10·d) keeps a tiny variance accurate, as only the SVD can", () => {
    // x = t·(1, 1)/√2 + 1e-6·u·(1, −1)/√2 with Σt = Σu = Σtu = 0: variances Σt²/(n − 1) and 1e-12·Σu²/(n − 1)
    const t = [-3, -2, -1, 0, 1, 2, 3, 0];
    const u = [1, -1, 1, -1, 1, -1, 1, -1];
    const X = t.map((ti, i) => [(ti + 1e-6 * u[i]) / Math.SQRT2, (ti - 1e-6 * u[i]) / Math.SQRT2]);
    const small = (1e-12 * 8) / 7;
    for (const svdSolver of ['full', 'auto'] as const) {
      const p = new wl.PCA({ svdSolver }).fit(X);
      expect(Math.abs(p.explainedVariance[1] - small) / small, svdSolver).toBeLessThan(1e-6);
      expect(p.explainedVariance[0]).toBeCloseTo(28 / 7, 12);
      p.dispose();
    }
  });

  it('svd_flip: the largest entry of each component is positive, also when another component has larger entries', () => {
    // first component along (1, 1, 1)/√3 and the second along (2, −1, −1)/√6: each keeps its own sign
    const X: number[][] = [];
    for (const t of [-3, -1, 1, 3]) for (const u of [-1, 1]) X.push([t + 2 * u * 0.5, t - u * 0.5, t - u * 0.5]);
    for (const svdSolver of ['full', 'covariance_eigh'] as const) {
      const p = new wl.PCA({ svdSolver }).fit(X);
      p.components.slice(0, 2).forEach((c) => {
        const big = c.reduce((b, v, j) => (Math.abs(v) > Math.abs(c[b]) + 1e-12 ? j : b), 0);
        expect(c[big]).toBeGreaterThan(0);
      });
      expect(p.components[0].every((v) => v > 0)).toBe(true);
      expect(p.components[1][0]).toBeGreaterThan(0);
      p.dispose();
    }
  });

  it('a variance fraction keeps the smallest k whose cumulative ratio exceeds it (equality is not enough)', () => {
    // two orthogonal directions of equal variance: ratios exactly 0.5, 0.5
    const X = [[1, 0], [-1, 0], [0, 1], [0, -1]];
    const half = new wl.PCA({ nComponents: 0.5 }).fit(X);
    expect(Array.from(half.explainedVarianceRatio)).toEqual([0.5, 0.5]);
    expect(half.nComponents).toBe(2);
    const less = new wl.PCA({ nComponents: 0.4999 }).fit(X);
    expect(less.nComponents).toBe(1);
    half.dispose();
    less.dispose();
    // iris: ratios 0.9246, 0.0531, 0.0171, 0.0052
    const ratios = [0.92461872, 0.05306648, 0.01710261, 0.00521218];
    for (const [f, k] of [[0.92, 1], [0.93, 2], [0.977, 2], [0.98, 3], [0.9948, 4]] as const) {
      const p = new wl.PCA({ nComponents: f }).fit(IX);
      expect(p.nComponents, `fraction ${f}`).toBe(k);
      expect(p.explainedVarianceRatio.length).toBe(k);
      p.explainedVarianceRatio.forEach((v, i) => expect(v).toBeCloseTo(ratios[i], 7));
      p.dispose();
    }
  });

  it("'mle' picks the dimension scikit-learn 1.2.1 picks (Minka's criterion) on spectra with known eigenvalues", () => {
    /** n = 2·d·reps centred rows whose covariance is diag(spectrum): each feature is ±a on its own pair of rows. */
    const make = (spec: number[], reps: number): number[][] => {
      const d = spec.length, n = 2 * d * reps;
      const X = Array.from({ length: n }, () => new Array<number>(d).fill(0));
      for (let r = 0; r < reps; r++) spec.forEach((v, j) => {
        const a = Math.sqrt((v * (n - 1)) / (2 * reps));
        X[r * 2 * d + 2 * j][j] = a;
        X[r * 2 * d + 2 * j + 1][j] = -a;
      });
      return X;
    };
    // [spectrum, reps, scikit-learn's n_components_] (PCA(n_components='mle', svd_solver='full'))
    const cases: [number[], number, number][] = [
      [[5, 2, 1, 0.5, 0.1], 1, 1], [[5, 2, 1, 0.5, 0.1], 5, 4],
      [[3, 2.9, 0.2, 0.19, 0.18, 0.17], 1, 5], [[3, 2.9, 0.2, 0.19, 0.18, 0.17], 5, 2],
      [[1, 0.99, 0.98, 0.97], 1, 3], [[1, 0.99, 0.98, 0.97], 5, 3],
      [[10, 1, 0.11, 0.1, 0.09], 1, 4], [[10, 1, 0.11, 0.1, 0.09], 5, 2],
      [[4, 3, 2, 1.2, 1.1, 1, 0.9], 1, 1], [[4, 3, 2, 1.2, 1.1, 1, 0.9], 5, 2],
      [[7, 6, 5, 0.01, 0.011, 0.012], 1, 4], [[7, 6, 5, 0.01, 0.011, 0.012], 5, 3],
      // rank-deficient spectra: ranks past the last nonzero variance are never chosen
      [[5, 1, 0, 0], 1, 2], [[5, 1, 0, 0], 3, 2], [[5, 1, 0.5, 0], 1, 3], [[5, 1, 0.5, 0], 3, 3], [[4, 0, 0], 1, 1], [[4, 0, 0], 3, 1],
    ];
    for (const [spec, reps, k] of cases) {
      for (const svdSolver of ['full', 'covariance_eigh'] as const) {
        const p = new wl.PCA({ nComponents: 'mle', svdSolver }).fit(make(spec, reps));
        expect(p.nComponents, `${spec} × ${reps} (${svdSolver})`).toBe(k);
        const sorted = [...spec].sort((a, b) => b - a);
        p.explainedVariance.forEach((v, i) => expect(v).toBeCloseTo(sorted[i], 10));
        // noise variance: the mean of the discarded variances
        const rest = sorted.slice(k);
        if (rest.length > 0) expect(p.noiseVariance).toBeCloseTo(rest.reduce((a, b) => a + b, 0) / rest.length, 10);
        p.dispose();
      }
    }
  });

  it('more features than samples: both solvers agree on the kept components', () => {
    const r = rng(7);
    const X = Array.from({ length: 4 }, () => Array.from({ length: 6 }, () => r() * 4 - 2));
    const a = new wl.PCA({ svdSolver: 'full' }).fit(X);
    const b = new wl.PCA({ svdSolver: 'covariance_eigh' }).fit(X);
    expect(a.nComponents).toBe(4);
    expect(b.nComponents).toBe(4);
    expect(b.explainedVariance.length).toBe(4);
    // centred 4 × 6 data has rank 3: the 4th variance is 0 and the ratios of the first three sum to 1
    for (const p of [a, b]) {
      expect(p.explainedVariance[3]).toBeLessThan(1e-12);
      expect(p.explainedVarianceRatio.slice(0, 3).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      expect(p.noiseVariance).toBe(0);
    }
    for (let i = 0; i < 3; i++) {
      expect(b.explainedVariance[i]).toBeCloseTo(a.explainedVariance[i], 10);
      expect(b.singularValues[i]).toBeCloseTo(a.singularValues[i], 10);
      b.components[i].forEach((v, j) => expect(v).toBeCloseTo(a.components[i][j], 8));
    }
    const c1 = new wl.PCA({ nComponents: 1, svdSolver: 'covariance_eigh' }).fit(X);
    const a1 = new wl.PCA({ nComponents: 1, svdSolver: 'full' }).fit(X);
    expect(c1.noiseVariance).toBeCloseTo(a1.noiseVariance, 10);
    expect(c1.noiseVariance).toBeCloseTo((a.explainedVariance[1] + a.explainedVariance[2]) / 3, 10);
    for (const p of [a, b, c1, a1]) p.dispose();
  });

  it('constant data: every variance ratio is 0; getters return copies', () => {
    const p = new wl.PCA().fit([[1, 2], [1, 2], [1, 2]]);
    expect(Array.from(p.explainedVariance)).toEqual([0, 0]);
    expect(Array.from(p.explainedVarianceRatio)).toEqual([0, 0]);
    expect(Array.from(p.singularValues)).toEqual([0, 0]);
    expect(Array.from(p.mean)).toEqual([1, 2]);
    p.mean[0] = 9;
    p.explainedVariance[0] = 9;
    p.explainedVarianceRatio[0] = 9;
    p.singularValues[0] = 9;
    expect(Array.from(p.mean)).toEqual([1, 2]);
    expect(p.explainedVariance[0]).toBe(0);
    expect(p.explainedVarianceRatio[0]).toBe(0);
    expect(p.singularValues[0]).toBe(0);
    p.dispose();
  });

  it('projections and inverse, whitened or not, against plain products', () => {
    const base = wl.memory().bytesInUse;
    for (const whiten of [false, true]) {
      const p = new wl.PCA({ nComponents: 2, whiten }).fit(IX);
      const C = p.components, mu = Array.from(p.mean), ev = Array.from(p.explainedVariance);
      const rows = IX.slice(0, 6);
      const Z = p.transform(rows);
      const want = rows.map((x) => C.map((c, k) => c.reduce((s, v, j) => s + v * (x[j] - mu[j]), 0) / (whiten ? Math.sqrt(ev[k]) : 1)));
      Z.toArray().forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(want[i][k], 12)));
      const back = p.inverseTransform(Z);
      const wantBack = want.map((z) => mu.map((m, j) => m + z.reduce((s, zk, k) => s + zk * (whiten ? Math.sqrt(ev[k]) : 1) * C[k][j], 0)));
      back.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(wantBack[i][j], 12)));
      // Z is the caller's: inverseTransform leaves it as it was
      Z.toArray().forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(want[i][k], 12)));
      for (const x of [Z, back, p]) x.dispose();
    }
    // all components, whitened: the round trip is exact
    const full = new wl.PCA({ whiten: true }).fit(IX);
    const Z = full.transform(IX);
    const back = full.inverseTransform(Z);
    back.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(IX[i][j], 12)));
    throwsNamed(() => full.inverseTransform([[1, 2]]), S, 'X: expected 4 features');
    for (const x of [Z, back, full]) x.dispose();
    // number[][] input to inverseTransform: its heap copy is freed
    const p2 = new wl.PCA({ nComponents: 2 }).fit(IX);
    const before = wl.memory().bytesInUse;
    p2.inverseTransform([[1, 2], [3, 4]]).dispose();
    expect(wl.memory().bytesInUse).toBe(before);
    p2.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('a damaged model file is a ModelFormatError naming the field', () => {
    const p = new wl.PCA({ nComponents: 2 }).fit(IX);
    // (PCA's checks raise ShapeError, which wl.load reports as a ModelFormatError naming the kind)
    throwsNamed(() => wl.load(tampered(p, { components: enc([], [0, 4]) })), F, 'model (PCA): model.state.components: expected 1 to 4 components, got 0');
    throwsNamed(() => wl.load(tampered(p, { components: enc(new Array(20).fill(0.1), [5, 4]) })), F, 'model (PCA): model.state.components: expected 1 to 4 components, got 5');
    throwsNamed(() => wl.load(tampered(p, { explainedVariance: enc([1, -1]) })), F, 'model (PCA): model.state.explainedVariance: variances must be >= 0');
    for (const noise of [-1, 'x', Infinity]) throwsNamed(() => wl.load(tampered(p, { noiseVariance: noise })), F, 'model (PCA): model.state.noiseVariance: expected a finite number >= 0');
    for (const n of [1, 2.5, '10']) throwsNamed(() => wl.load(tampered(p, { nSamples: n })), F, 'model (PCA): model.state.nSamples: expected an integer >= 2');
    for (const k of [1, 4]) {
      const q = new wl.PCA({ nComponents: k }).fit(IX);
      const qb = wl.load(JSON.stringify(q)) as InstanceType<typeof wl.PCA>;
      expect(qb.nComponents).toBe(k);
      expect(qb.components).toEqual(q.components);
      q.dispose();
      qb.dispose();
    }
    const zero = wl.load(tampered(p, { explainedVariance: enc([0, 0]), noiseVariance: 0, nSamples: 2 })) as InstanceType<typeof wl.PCA>;
    expect(Array.from(zero.explainedVariance)).toEqual([0, 0]);
    zero.dispose();
    for (const f of ['mean', 'explainedVariance', 'explainedVarianceRatio', 'singularValues']) {
      throwsNamed(() => wl.load(tampered(p, { [f]: enc([1, 2, 3, 4, 5]) })), F, `model.state.${f}.shape: expected [`);
    }
    throwsNamed(() => wl.load(tampered(p, { components: enc([1, 2, 3]) })), F, 'model.state.components.shape: expected [-1, 4], got [3]');
    const back = wl.load(JSON.stringify(p)) as InstanceType<typeof wl.PCA>;
    expect(back.components).toEqual(p.components);
    expect(Array.from(back.explainedVarianceRatio)).toEqual(Array.from(p.explainedVarianceRatio));
    expect(Array.from(back.singularValues)).toEqual(Array.from(p.singularValues));
    expect(back.noiseVariance).toBe(p.noiseVariance);
    expect(Array.from(back.mean)).toEqual(Array.from(p.mean));
    back.dispose();
    p.dispose();
  });
});

describe('lnGamma (decomposition/gamma.ts, used by the PCA dimension estimate)', () => {
  it('matches the log-gamma function on both sides of the reflection point', async () => {
    const { lnGamma } = await import('../../build/dist/decomposition/gamma.js');
    // Python's math.lgamma
    const want: [number, number][] = [
      [1, 0], [2, 0], [0.5, 0.5723649429247004], [10, 12.801827480081467], [0.1, 2.2527126517342055], [0.25, 1.2880225246980772],
      [0.3, 1.0957979948180752], [100, 359.1342053695754], [3.7, 1.4280723266653883], [1e-5, 11.512919692895824],
      [171.5, 709.1431630309282], [0.75, 0.203280951431295], [1.5, -0.12078223763524543],
    ];
    for (const [x, v] of want) expect(Math.abs(lnGamma(x) - v), `lnGamma(${x})`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(v)));
  });
});

describe('k-nearest neighbours', () => {
  const X = [[0, 0], [1, 0], [0, 2], [3, 3], [4, 4]];
  const yc = [0, 1, 1, 0, 2];
  const yr = [1, 2, 3, 4, 5];

  it('errors name the option', () => {
    throwsNamed(() => new wl.KNeighborsClassifier({ nNeighbors: 0 }).fit(X, yc), P, 'KNeighborsClassifier: option "nNeighbors" must be an integer >= 1, got 0');
    throwsNamed(() => new wl.KNeighborsRegressor({ weights: 'gauss' as never }).fit(X, yr), P, `KNeighborsRegressor: option "weights" must be one of 'uniform', 'distance', got "gauss"`);
    throwsNamed(() => new wl.KNeighborsClassifier({ nNeighbors: 6 }).fit(X, yc), P, 'KNeighborsClassifier: option "nNeighbors" (6) must be <= the number of training samples (5)');
    throwsNamed(() => new wl.KNeighborsRegressor({ nNeighbors: 6 }).fit(X, yr), P, 'KNeighborsRegressor: option "nNeighbors" (6) must be <= the number of training samples (5)');
    const c = new wl.KNeighborsClassifier().fit(X, yc); // nNeighbors 5 = n is allowed
    throwsNamed(() => c.kneighbors([[0, 0]], 0), P, 'kneighbors: option "nNeighbors" must be an integer >= 1, got 0');
    throwsNamed(() => c.kneighbors([[0, 0]], 6), P, 'kneighbors: option "nNeighbors" (6) must be <= the number of training samples (5)');
    const r = new wl.KNeighborsRegressor().fit(X, yr);
    throwsNamed(() => r.kneighbors([[0, 0]], 1.5), P, 'kneighbors: option "nNeighbors" must be an integer >= 1, got 1.5');
    throwsNamed(() => r.kneighbors([[0, 0]], 7), P, 'kneighbors: option "nNeighbors" (7) must be <= the number of training samples (5)');
    c.dispose();
    r.dispose();
  });

  it('kneighbors: the default k is nNeighbors, distances exact and sorted, ties to the lower index', () => {
    const c = new wl.KNeighborsClassifier({ nNeighbors: 2 }).fit(X, yc);
    const nb = c.kneighbors([[0.5, 0], [3.5, 3.5]]);
    expect(Array.from(nb.indices)).toEqual([0, 1, 3, 4]);
    expect(Array.from(nb.distances)).toEqual([0.5, 0.5, Math.SQRT1_2, Math.SQRT1_2]);
    const three = c.kneighbors([[0, 0]], 3);
    expect(Array.from(three.indices)).toEqual([0, 1, 2]);
    expect(Array.from(three.distances)).toEqual([0, 1, 2]);
    const r = new wl.KNeighborsRegressor({ nNeighbors: 4 }).fit(X, yr);
    expect(Array.from(r.kneighbors([[0, 0]]).indices)).toEqual([0, 1, 2, 3]);
    expect(Array.from(r.kneighbors([[0, 0]], 1).distances)).toEqual([0]);
    c.dispose();
    r.dispose();
  });

  it('classifier: uniform and distance votes, exact matches take all the weight, ties to the lowest class', () => {
    const u = new wl.KNeighborsClassifier({ nNeighbors: 3 }).fit(X, yc);
    // neighbours of (0.4, 0.4): rows 0 (class 0), 1 (class 1), 2 (class 1)
    const pu = u.predictProba([[0.4, 0.4]]);
    expect(pu.toArray()).toEqual([[1 / 3, 2 / 3, 0]]);
    expect(Array.from(u.predict([[0.4, 0.4]]) as ArrayLike<number>)).toEqual([1]);
    const d = new wl.KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit(X, yc);
    const q = [0.1, 0.1];
    const dist = [0, 1, 2].map((i) => Math.hypot(q[0] - X[i][0], q[1] - X[i][1]));
    const w = dist.map((v) => 1 / v);
    const total = w[0] + w[1] + w[2];
    const pd = d.predictProba([q]).toArray()[0];
    expect(pd[0]).toBeCloseTo(w[0] / total, 14);
    expect(pd[1]).toBeCloseTo((w[1] + w[2]) / total, 14);
    expect(pd[2]).toBe(0);
    expect(Array.from(d.predict([q]) as ArrayLike<number>)).toEqual([0]);
    // a query on a training row: that row alone decides
    expect(d.predictProba([[1, 0]]).toArray()).toEqual([[0, 1, 0]]);
    expect(d.predictProba([[4, 4]]).toArray()).toEqual([[0, 0, 1]]);
    // duplicated training rows at distance 0 share the weight
    const dup = new wl.KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit([[0, 0], [0, 0], [1, 1]], ['a', 'b', 'b']);
    expect(dup.predictProba([[0, 0]]).toArray()).toEqual([[0.5, 0.5]]);
    expect(dup.predict([[0, 0]])).toEqual(['a']); // tie: the lowest class
    // the exact matches of one query do not spill into the next
    const both = dup.predictProba([[0, 0], [3, 1]]).toArray();
    expect(both[0]).toEqual([0.5, 0.5]);
    const w3 = [1 / Math.hypot(3, 1), 1 / Math.hypot(3, 1), 1 / Math.hypot(2, 0)];
    expect(both[1][0]).toBeCloseTo(w3[0] / (w3[0] + w3[1] + w3[2]), 14);
    // a row's vote is read within its own row: (0.4, 0.4) is class 1 even when the next query is surely class 0
    expect(Array.from(d.predict([[0.4, 0.4], [0, 0]]) as ArrayLike<number>)).toEqual([1, 0]);
    expect(Array.from(u.predict([[0.4, 0.4], [0, 0], [0.4, 0.4]]) as ArrayLike<number>)).toEqual([1, 1, 1]);
    const tie = new wl.KNeighborsClassifier({ nNeighbors: 2 }).fit([[0], [2]], [1, 0]);
    expect(Array.from(tie.predict([[1]]) as ArrayLike<number>)).toEqual([0]);
    expect(tie.predictProba([[1]]).toArray()).toEqual([[0.5, 0.5]]);
    for (const e of [u, d, dup, tie]) e.dispose();
  });

  it('regressor: uniform and inverse-distance means, several targets', () => {
    const u = new wl.KNeighborsRegressor({ nNeighbors: 2 }).fit(X, yr);
    expect(Array.from(u.predict([[0.4, 0]]))).toEqual([1.5]);
    const d = new wl.KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(X, yr);
    const q = [0.2, 0.3];
    const w = [0, 1, 2].map((i) => 1 / Math.hypot(q[0] - X[i][0], q[1] - X[i][1]));
    expect(d.predict([q])[0]).toBeCloseTo((w[0] * 1 + w[1] * 2 + w[2] * 3) / (w[0] + w[1] + w[2]), 13);
    expect(Array.from(d.predict([[0, 2]]))).toEqual([3]);
    const Y = yr.map((v) => [v, -2 * v]);
    const m = new wl.KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(X, Y);
    const p = m.predict([q, [4, 4]]);
    expect(p.length).toBe(4);
    expect(p[0]).toBeCloseTo(d.predict([q])[0], 13);
    expect(p[1]).toBeCloseTo(-2 * d.predict([q])[0], 13);
    expect([p[2], p[3]]).toEqual([5, -10]);
    // uniform weights over several targets and queries: the mean of the neighbours' rows
    const mu = new wl.KNeighborsRegressor({ nNeighbors: 3 }).fit(X, Y);
    expect(Array.from(mu.predict([[0, 0], [4, 4]]))).toEqual([2, -4, 4, -8]);
    mu.dispose();
    for (const e of [u, d, m]) e.dispose();
  });

  it('defaults, kind and task, names before fit; multi-query votes and exact matches stay per query', () => {
    const c = new wl.KNeighborsClassifier();
    expect(c.getParams()).toEqual({ nNeighbors: 5, weights: 'uniform' });
    expect(new wl.KNeighborsRegressor().getParams()).toEqual({ nNeighbors: 5, weights: 'uniform' });
    expect(c.task).toBe('classifier');
    expect(new wl.KNeighborsRegressor().task).toBe('regressor');
    expect(c.toJSON().kind).toBe('KNeighborsClassifier');
    expect(new wl.KNeighborsRegressor().toJSON().kind).toBe('KNeighborsRegressor');
    throwsNamed(() => c.predict(X), wl.NotFittedError, 'KNeighborsClassifier: predict is not available before fit(); call fit(X, y) first');
    throwsNamed(() => c.kneighbors(X), wl.NotFittedError, 'KNeighborsClassifier: kneighbors is not available');
    const r = new wl.KNeighborsRegressor();
    throwsNamed(() => r.predict(X), wl.NotFittedError, 'KNeighborsRegressor: predict is not available before fit(); call fit(X, y) first');
    throwsNamed(() => r.kneighbors(X), wl.NotFittedError, 'KNeighborsRegressor: kneighbors is not available');
    // queries in a batch get the same answers as one at a time, also next to exact matches
    const d = new wl.KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit(X, yc);
    const dr = new wl.KNeighborsRegressor({ nNeighbors: 3, weights: 'distance' }).fit(X, yr);
    const u = new wl.KNeighborsClassifier({ nNeighbors: 3 }).fit(X, yc);
    const queries = [[0.1, 0.1], [1, 0], [3.5, 3.6], [0, 2], [2, 2], [4, 4], [0.4, 0.4]];
    for (const order of [queries, [...queries].reverse()]) {
      for (const model of [d, u]) {
        const batch = model.predictProba(order).toArray();
        const labels = Array.from(model.predict(order) as ArrayLike<number>);
        order.forEach((q, i) => {
          const single = model.predictProba([q]).toArray()[0];
          single.forEach((v, j) => expect(batch[i][j]).toBeCloseTo(v, 14));
          expect(labels[i]).toBe(Array.from(model.predict([q]) as ArrayLike<number>)[0]);
        });
      }
      const batch = Array.from(dr.predict(order));
      order.forEach((q, i) => expect(batch[i]).toBeCloseTo(dr.predict([q])[0], 13));
    }
    for (const e of [c, r, d, dr, u]) e.dispose();
  });

  it('float32 training data survives a save and load (dtype kept)', () => {
    const M = wl.matrix([[0.1, 0.2], [0.3, 0.7], [1.1, 0.4], [2, 2]], { dtype: 'float32' });
    const c = new wl.KNeighborsRegressor({ nNeighbors: 2 }).fit(M, [1, 2, 3, 4]);
    const json = JSON.parse(JSON.stringify(c));
    expect(json.state.dtype).toBe('float32');
    const back = wl.load(json) as InstanceType<typeof wl.KNeighborsRegressor>;
    const Q = wl.matrix([[0.25, 0.5], [1.5, 1.5]], { dtype: 'float32' });
    expect(Array.from(back.kneighbors(Q).distances)).toEqual(Array.from(c.kneighbors(Q).distances));
    expect(Array.from(back.predict(Q))).toEqual(Array.from(c.predict(Q)));
    expect(JSON.parse(JSON.stringify(back)).state.dtype).toBe('float32');
    // float64 queries are rounded to the model's float32, before and after the round trip
    const q64 = [[0.1234567891234, 0.5000000001]];
    expect(Array.from(back.kneighbors(q64).distances)).toEqual(Array.from(c.kneighbors(q64).distances));
    const f64 = new wl.KNeighborsRegressor({ nNeighbors: 2 }).fit([[0.1, 0.2], [0.3, 0.7], [1.1, 0.4], [2, 2]], [1, 2, 3, 4]);
    expect(JSON.parse(JSON.stringify(f64)).state.dtype).toBe('float64');
    f64.dispose();
    for (const e of [M, Q, c, back]) e.dispose();
  });

  it('a damaged model file is a ModelFormatError naming the field', () => {
    const c = new wl.KNeighborsClassifier({ nNeighbors: 2 }).fit(X, yc);
    throwsNamed(() => wl.load(tampered(c, { y: enc([0, 1, 1, 0, 3]) })), F, 'model.state.y: expected class codes in [0, classes)');
    throwsNamed(() => wl.load(tampered(c, { y: enc([0, 1, 1, 0, -1]) })), F, 'model.state.y: expected class codes in [0, classes)');
    throwsNamed(() => wl.load(tampered(c, { y: enc([0, 1, 1, 0, 0.5]) })), F, 'model.state.y: expected class codes in [0, classes)');
    throwsNamed(() => wl.load(tampered(c, { X: enc([], [0, 2]), y: enc([]) })), F, 'model.state.X: expected at least one training row');
    const r = new wl.KNeighborsRegressor({ nNeighbors: 2 }).fit(X, yr);
    for (const k of [0, 1.5, 'a', 1 << 17]) throwsNamed(() => wl.load(tampered(r, { k })), F, 'model.state.k: expected a positive integer');
    throwsNamed(() => wl.load(tampered(r, { k: 2 })), F, 'model.state.y.shape: expected [10], got [5]');
    const one = new wl.KNeighborsRegressor({ nNeighbors: 1 }).fit([[1, 1]], [7]);
    const oneBack = wl.load(JSON.stringify(one)) as InstanceType<typeof wl.KNeighborsRegressor>;
    expect(Array.from(oneBack.predict([[0, 0]]))).toEqual([7]);
    const wide = wl.load(tampered(one, { k: 1 << 16, y: enc(new Array(1 << 16).fill(1)) })) as InstanceType<typeof wl.KNeighborsRegressor>;
    expect(wide.predict([[0, 0]]).length).toBe(1 << 16);
    const two = new wl.KNeighborsRegressor({ nNeighbors: 2 }).fit(X, yr.map((v) => [v, 10 * v]));
    const twoJson = JSON.parse(JSON.stringify(two));
    expect(twoJson.state.vector).toBe(false);
    const twoBack = wl.load(twoJson) as InstanceType<typeof wl.KNeighborsRegressor>;
    expect(Array.from(twoBack.predict([[0, 0]]))).toEqual([1.5, 15]);
    expect(JSON.parse(JSON.stringify(twoBack)).state.vector).toBe(false);
    expect(JSON.parse(JSON.stringify(r)).state.vector).toBe(true);
    throwsNamed(() => wl.load(tampered(c, { X: enc([1, 2, 3]) })), F, 'model.state.X.shape: expected [-1, 2], got [3]');
    throwsNamed(() => wl.load(tampered(c, { classes: 5 })), F, 'model.state.classes');
    for (const e of [one, oneBack, wide, two, twoBack]) e.dispose();
    const vec = wl.load(JSON.parse(JSON.stringify(r))) as InstanceType<typeof wl.KNeighborsRegressor>;
    expect(Array.from(vec.predict([[0, 0]]))).toEqual(Array.from(r.predict([[0, 0]])));
    c.dispose();
    r.dispose();
    vec.dispose();
  });
});

describe('GaussianNB', () => {
  // scikit-learn 1.2.1 on this data (GaussianNB(var_smoothing=0.1) in three partial_fit batches; GaussianNB(priors=[0.2, 0.3, 0.5]))
  const X = [[1, 2], [2, 0.5], [3, 4], [0.5, 1.5], [4, 3], [2.5, 2.5], [1.5, 3.5], [3.5, 0.5]];
  const y = [0, 1, 0, 1, 2, 2, 0, 1];
  const Q = [[2, 2], [0, 4]];

  it('option errors name the option', () => {
    throwsNamed(() => new wl.GaussianNB({ varSmoothing: -1 }).fit(X, y), P, 'GaussianNB: option "varSmoothing" must be a finite number >= 0, got -1');
    const arr = 'GaussianNB: option "priors" must be an array of non-negative numbers or null';
    throwsNamed(() => new wl.GaussianNB({ priors: 0.5 as never }).fit(X, y), P, arr);
    throwsNamed(() => new wl.GaussianNB({ priors: [0.5, -0.1, 0.6] }).fit(X, y), P, arr);
    throwsNamed(() => new wl.GaussianNB({ priors: [0.5, NaN, 0.5] }).fit(X, y), P, arr);
    throwsNamed(() => new wl.GaussianNB({ priors: [0.5, '0.5'] as never }).fit(X, y), P, arr);
    throwsNamed(() => new wl.GaussianNB({ priors: [0.5, Infinity] }).fit(X, y), P, arr);
    throwsNamed(() => new wl.GaussianNB({ priors: [0.3, 0.3, 0.3] }).fit(X, y), P, 'GaussianNB: option "priors" must sum to 1, got 0.8999999999999999');
    throwsNamed(() => new wl.GaussianNB({ priors: [0.5, 0.5, 0.1] }).fit(X, y), P, 'GaussianNB: option "priors" must sum to 1, got 1.1');
    throwsNamed(() => new wl.GaussianNB({ priors: [0.5, 0.5] }).fit(X, y), P, 'GaussianNB: option "priors" has 2 values for 3 classes');
    // within 1e-8 of 1 is accepted, and a prior may be 0
    new wl.GaussianNB({ priors: [0.2, 0.3, 0.5 + 5e-9] }).fit(X, y).dispose();
    const zp = new wl.GaussianNB({ priors: [0, 0.5, 0.5] }).fit(X, y);
    expect(Array.from(zp.classPrior)).toEqual([0, 0.5, 0.5]);
    expect(Array.from(zp.predict([[1.5, 3.5]]) as ArrayLike<number>)).not.toContain(0);
    zp.dispose();
    const nb = new wl.GaussianNB();
    throwsNamed(() => nb.partialFit(X, y), P, 'GaussianNB.partialFit: the first call needs `classes` (every label that can appear)');
    nb.partialFit(X.slice(0, 3), y.slice(0, 3), [0, 1, 2]);
    throwsNamed(() => nb.partialFit([[1, 2, 3]], [0]), S, 'X: expected 2 features per sample (as in earlier batches), got 3');
    throwsNamed(() => nb.partialFit([[1, 2]], [7]), V, 'y[0]: label 7 is not one of the classes seen in fit');
    nb.dispose();
  });

  it('partialFit with smoothing: means, variances and epsilon as scikit-learn (new batch epsilon), classes missing from a batch', () => {
    const nb = new wl.GaussianNB({ varSmoothing: 0.1 });
    nb.partialFit(X.slice(0, 3), y.slice(0, 3), [0, 1, 2]); // classes 0 and 1 only
    nb.partialFit(X.slice(3, 6), y.slice(3, 6));
    nb.partialFit(X.slice(6), y.slice(6));
    const theta = [[1.8333333333333333, 3.1666666666666665], [2.0, 0.8333333333333334], [3.25, 2.75]];
    const vars = [[0.9342592592592592, 0.9342592592592592], [1.7120370370370372, 0.4342592592592593], [0.7680555555555556, 0.2680555555555556]];
    expect(nb.theta.length).toBe(3);
    expect(nb.var.length).toBe(3);
    nb.theta.forEach((row, c) => row.forEach((v, j) => expect(v).toBeCloseTo(theta[c][j], 14)));
    nb.var.forEach((row, c) => row.forEach((v, j) => expect(v).toBeCloseTo(vars[c][j], 14)));
    expect(nb.theta.map((r) => r.length)).toEqual([2, 2, 2]);
    expect(nb.epsilon).toBeCloseTo(0.225, 15);
    expect(Array.from(nb.classCount)).toEqual([3, 3, 2]);
    const jll = [[-3.4940152277832732, -4.237655678323986, -4.500346132168343], [-4.921170827386842, -15.384532743204328, -12.224582281668479]];
    const J = nb.predictJointLogLikelihood(Q);
    J.toArray().forEach((row, i) => row.forEach((v, c) => expect(v).toBeCloseTo(jll[i][c], 12)));
    J.dispose();
    nb.dispose();
  });

  it('given priors: classPrior, log-probabilities and predictions as scikit-learn', () => {
    const nb = new wl.GaussianNB({ priors: [0.2, 0.3, 0.5] }).fit(X, y);
    expect(Array.from(nb.classPrior)).toEqual([0.2, 0.3, 0.5]);
    expect(nb.epsilon).toBeCloseTo(1.4960937500000001e-9, 22);
    const vars = [[0.7222222237183161, 0.722222223718316], [1.5000000014960937, 0.222222223718316], [0.5625000014960938, 0.06250000149609375]];
    expect(nb.var.length).toBe(3);
    nb.var.forEach((row, c) => row.forEach((v, j) => expect(v).toBeCloseTo(vars[c][j], 14)));
    const logp = [[-0.2618473397558585, -1.7334600093769987, -2.9243529039012186], [-5.104796141353063e-8, -20.458792079060835, -16.816351560086034]];
    const L = nb.predictLogProba(Q);
    L.toArray().forEach((row, i) => row.forEach((v, c) => expect(v).toBeCloseTo(logp[i][c], 11)));
    const Pr = nb.predictProba(Q);
    Pr.toArray().forEach((row, i) => row.forEach((v, c) => expect(v).toBeCloseTo(Math.exp(logp[i][c]), 12)));
    expect(Array.from(nb.predict([...Q, [4, 0.5]]) as ArrayLike<number>)).toEqual([0, 0, 1]);
    // class frequencies without priors
    const free = new wl.GaussianNB().fit(X, y);
    expect(Array.from(free.classPrior)).toEqual([3 / 8, 3 / 8, 2 / 8]);
    expect(Array.from(free.classCount)).toEqual([3, 3, 2]);
    // the getters hand out copies
    free.classPrior[0] = 9;
    free.classCount[0] = 9;
    free.theta[0][0] = 9;
    expect(free.classPrior[0]).toBe(3 / 8);
    expect(free.classCount[0]).toBe(3);
    expect(free.theta[0][0]).toBe(5.5 / 3);
    for (const e of [L, Pr, nb, free]) e.dispose();
  });

  it('log-probabilities stay finite far from every class (log-sum-exp shifted by the maximum)', () => {
    const nb = new wl.GaussianNB().fit([[0], [0.1], [10], [10.1]], [0, 0, 1, 1]);
    const L = nb.predictLogProba([[1e3]]);
    const [a, b] = L.toArray()[0];
    expect(Number.isFinite(a)).toBe(true);
    expect(b).toBeCloseTo(0, 12);
    L.dispose();
    nb.dispose();
  });

  it('defaults, kind and task, names before fit, ties, input names, heap', () => {
    const nb = new wl.GaussianNB();
    expect(nb.getParams()).toEqual({ priors: null, varSmoothing: 1e-9 });
    expect(nb.task).toBe('classifier');
    expect(nb.toJSON().kind).toBe('GaussianNB');
    throwsNamed(() => nb.predict(X), wl.NotFittedError, 'GaussianNB: predict is not available before fit(); call fit(X, y) first');
    throwsNamed(() => nb.predictJointLogLikelihood(X), wl.NotFittedError, 'GaussianNB: predictJointLogLikelihood is not available');
    throwsNamed(() => nb.partialFit('x', [1], [1]), V, 'X:');
    throwsNamed(() => nb.partialFit([[1]], [1], [1, NaN]), V, 'classes[1]:');
    const base = wl.memory().bytesInUse;
    const M01 = wl.matrix([[0], [1]]);
    nb.partialFit(M01, [0, 1], [0, 1]);
    nb.partialFit([[2], [3]], [1, 0]).dispose();
    M01.dispose();
    const tie = new wl.GaussianNB().fit([[0], [1], [0], [1]], [0, 0, 1, 1]);
    expect(Array.from(tie.predict([[0.5], [3]]) as ArrayLike<number>)).toEqual([0, 0]);
    expect(tie.theta).toEqual([[0.5], [0.5]]);
    expect(tie.var.length).toBe(2);
    tie.dispose();
    // several rows: each gets its own log-sum-exp
    const many = new wl.GaussianNB().fit(X, y);
    const L = many.predictLogProba(X);
    const one = X.map((x) => {
      const M = many.predictLogProba([x]);
      const r = M.toArray()[0];
      M.dispose();
      return r;
    });
    L.toArray().forEach((row, i) => row.forEach((v, c) => expect(v).toBeCloseTo(one[i][c], 12)));
    L.toArray().forEach((row) => expect(row.reduce((a, v) => a + Math.exp(v), 0)).toBeCloseTo(1, 12));
    L.dispose();
    many.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('a damaged model file is a ModelFormatError naming the field', () => {
    const nb = new wl.GaussianNB().fit(X, y);
    for (const [f, shape] of [['classCount', '[3]'], ['theta', '[3, 2]'], ['var', '[3, 2]'], ['classPrior', '[3]']]) {
      throwsNamed(() => wl.load(tampered(nb, { [f]: enc([1]) })), F, `model.state.${f}.shape: expected ${shape}, got [1]`);
    }
    throwsNamed(() => wl.load(tampered(nb, { classes: 'abc' })), F, 'model.state.classes');
    const zeroPrior = wl.load(tampered(nb, { classPrior: enc([0, 0.5, 0.5]), epsilon: 0 })) as InstanceType<typeof wl.GaussianNB>;
    expect(Array.from(zeroPrior.classPrior)).toEqual([0, 0.5, 0.5]);
    expect(zeroPrior.epsilon).toBe(0);
    zeroPrior.dispose();
    throwsNamed(() => wl.load(tampered(nb, { var: enc([1, 1, 0, 1, 1, 1], [3, 2]) })), F, 'model.state.var: variances must be > 0');
    throwsNamed(() => wl.load(tampered(nb, { classPrior: enc([0.5, 0.6, -0.1]) })), F, 'model.state.classPrior: priors must be >= 0');
    for (const e of [-1, 'a', Infinity]) throwsNamed(() => wl.load(tampered(nb, { epsilon: e })), F, 'model.state.epsilon: expected a finite number >= 0');
    const back = wl.load(JSON.stringify(nb)) as InstanceType<typeof wl.GaussianNB>;
    expect(back.epsilon).toBe(nb.epsilon);
    expect(back.theta).toEqual(nb.theta);
    back.dispose();
    nb.dispose();
  });
});

describe('StandardScaler and MinMaxScaler', () => {
  const X = [[1, 10], [2, 30], [4, 20], [5, 60]];
  const col = (j: number) => X.map((r) => r[j]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b) / v.length;
  const pvar = (v: number[]) => v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / v.length;

  it('option errors name the option', () => {
    throwsNamed(() => new wl.preprocessing.StandardScaler({ withMean: 1 as never }).fit(X), P, 'StandardScaler: option "withMean" must be true or false, got 1');
    throwsNamed(() => new wl.preprocessing.StandardScaler({ withStd: 'no' as never }).fit(X), P, 'StandardScaler: option "withStd" must be true or false, got "no"');
    const bad = (r: unknown, shown: string) => throwsNamed(() => new wl.preprocessing.MinMaxScaler({ featureRange: r as never }).fit(X), P, `MinMaxScaler: option "featureRange" must be [min, max] with finite min < max, got ${shown}`);
    bad([1, 1], 'an array of length 2');
    bad([2, 1], 'an array of length 2');
    bad([0, 1, 2], 'an array of length 3');
    bad([0, Infinity], 'an array of length 2');
    bad([0, '1'], 'an array of length 2');
    bad(5, '5');
  });

  it('StandardScaler: statistics, each of withMean / withStd alone, inverse', () => {
    const s = new wl.preprocessing.StandardScaler().fit(X);
    expect(Array.from(s.mean)).toEqual([3, 30]);
    expect(Array.from(s.var)).toEqual([pvar(col(0)), pvar(col(1))]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(pvar(col(0))), 15);
    expect(s.nSamplesSeen).toBe(4);
    s.mean[0] = 7;
    s.var[0] = 7;
    s.scale[0] = 7;
    expect([s.mean[0], s.var[0], s.scale[0]]).toEqual([3, pvar(col(0)), Math.sqrt(pvar(col(0)))]);
    const sd = [Math.sqrt(pvar(col(0))), Math.sqrt(pvar(col(1)))];
    const cases: [boolean, boolean, (v: number, j: number) => number][] = [
      [true, true, (v, j) => (v - [3, 30][j]) / sd[j]],
      [true, false, (v, j) => v - [3, 30][j]],
      [false, true, (v, j) => v / sd[j]],
      [false, false, (v) => v],
    ];
    for (const [withMean, withStd, f] of cases) {
      const t = new wl.preprocessing.StandardScaler({ withMean, withStd }).fit(X);
      const T = t.transform(X);
      T.toArray().forEach((row, i) => row.forEach((v, j) => expect(v, `${withMean} ${withStd}`).toBeCloseTo(f(X[i][j], j), 13)));
      const B = t.inverseTransform(T);
      B.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(X[i][j], 12)));
      for (const e of [T, B, t]) e.dispose();
    }
    s.dispose();
  });

  it('StandardScaler: a constant feature keeps scale 1, also far from 0; a tiny real spread is scaled (scikit-learn 1.2.1)', () => {
    const s = new wl.preprocessing.StandardScaler().fit([[1e6, 1], [1e6, 2], [1e6, 3]]);
    expect(Array.from(s.scale)).toEqual([1, Math.sqrt(2 / 3)]);
    const T = s.transform([[1e6 + 2, 2]]);
    expect(T.toArray()).toEqual([[2, 0]]);
    // StandardScaler().fit([[1e4, 1e6, 5], [1e4 + 1e-4, 1e6, 5], [1e4, 1e6, 5]]).scale_ = [4.71404517e-05, 1, 1]
    const t = new wl.preprocessing.StandardScaler().fit([[1e4, 1e6, 5], [1e4 + 1e-4, 1e6, 5], [1e4, 1e6, 5]]);
    expect(t.scale[0]).toBeCloseTo(4.71404517e-5, 12);
    expect([t.scale[1], t.scale[2]]).toEqual([1, 1]);
    // an all-zero column (variance and bound both 0) keeps scale 1; a zero-mean column is scaled
    const z = new wl.preprocessing.StandardScaler().fit([[0, -2], [0, 2]]);
    expect(Array.from(z.scale)).toEqual([1, 2]);
    z.dispose();
    // a variance that is only the rounding of the mean counts as zero
    const r = new wl.preprocessing.StandardScaler().fit([[0.1], [0.1], [0.1]]);
    expect(Array.from(r.scale)).toEqual([1]);
    for (const e of [T, s, t, r]) e.dispose();
  });

  it('defaults, kind and task; transforms before fit name the call', () => {
    const s = new wl.preprocessing.StandardScaler();
    const m = new wl.preprocessing.MinMaxScaler();
    expect(s.getParams()).toEqual({ withMean: true, withStd: true });
    expect(m.getParams()).toEqual({ featureRange: [0, 1] });
    expect([s.task, m.task]).toEqual(['transformer', 'transformer']);
    expect([s.toJSON().kind, m.toJSON().kind]).toEqual(['StandardScaler', 'MinMaxScaler']);
    throwsNamed(() => s.transform(X), wl.NotFittedError, 'StandardScaler: transform is not available before fit(); call fit(X) first');
    throwsNamed(() => s.inverseTransform(X), wl.NotFittedError, 'StandardScaler: inverseTransform is not available');
    throwsNamed(() => m.transform(X), wl.NotFittedError, 'MinMaxScaler: transform is not available before fit(); call fit(X) first');
    throwsNamed(() => m.inverseTransform(X), wl.NotFittedError, 'MinMaxScaler: inverseTransform is not available');
  });

  it('MinMaxScaler: attributes, the default [0, 1], a shifted range, constant features', () => {
    const s = new wl.preprocessing.MinMaxScaler().fit(X);
    expect(Array.from(s.dataMin)).toEqual([1, 10]);
    expect(Array.from(s.dataMax)).toEqual([5, 60]);
    expect(Array.from(s.dataRange)).toEqual([4, 50]);
    expect(Array.from(s.scale)).toEqual([0.25, 0.02]);
    expect(Array.from(s.min)).toEqual([-0.25, -0.2]);
    const T = s.transform([[3, 35]]);
    expect(T.toArray()[0][0]).toBeCloseTo(0.5, 15);
    expect(T.toArray()[0][1]).toBeCloseTo(0.5, 15);
    const r = new wl.preprocessing.MinMaxScaler({ featureRange: [2, 4] }).fit(X);
    expect(Array.from(r.scale)).toEqual([0.5, 0.04]);
    expect(Array.from(r.min)).toEqual([1.5, 1.6]);
    const R = r.transform([[3, 35], [5, 10]]);
    R.toArray().flat().forEach((v, i) => expect(v).toBeCloseTo([3, 3, 4, 2][i], 14));
    const B = r.inverseTransform(R);
    B.toArray().flat().forEach((v, i) => expect(v).toBeCloseTo([3, 35, 5, 10][i], 13));
    // a constant column (also far from 0) maps to featureRange[0]
    const c = new wl.preprocessing.MinMaxScaler({ featureRange: [-1, 1] }).fit([[5e6, 1], [5e6, 3]]);
    expect(Array.from(c.scale)).toEqual([2, 1]);
    const C = c.transform([[5e6, 2]]);
    expect(C.toArray()).toEqual([[-1, 0]]);
    // scikit-learn 1.2.1: a range of one ulp of 1e8 is real (scale 2^26), a range below 10·ε is not
    const u = new wl.preprocessing.MinMaxScaler().fit([[1e8, 3], [1e8 + 1.4901161193847656e-8, 3 + 1e-15]]);
    expect(Array.from(u.dataRange)).toEqual([1.4901161193847656e-8, 8.881784197001252e-16]);
    expect(Array.from(u.scale)).toEqual([67108864, 1]);
    u.dispose();
    // exactly 10·ε is a real range (scikit-learn's test is scale < 10·ε)
    const edge = new wl.preprocessing.MinMaxScaler().fit([[0], [10 * Number.EPSILON]]);
    expect(Array.from(edge.scale)).toEqual([1 / (10 * Number.EPSILON)]);
    edge.dispose();
    s.dataMin[0] = 9;
    s.dataMax[0] = 9;
    s.scale[0] = 9;
    expect([s.dataMin[0], s.dataMax[0], s.scale[0]]).toEqual([1, 5, 0.25]);
    for (const e of [T, R, B, C, s, r, c]) e.dispose();
  });

  it('damaged model files are ModelFormatErrors naming the field', () => {
    const s = new wl.preprocessing.StandardScaler().fit(X);
    throwsNamed(() => wl.load(tampered(s, { extra: 1 })), F, 'model.state: unknown key "extra"');
    throwsNamed(() => wl.load(tampered(s, { scale: enc([1, 0]) })), F, 'model.state.scale: expected positive values');
    throwsNamed(() => wl.load(tampered(s, { var: enc([1, -1]) })), F, 'model.state.var: expected values >= 0');
    throwsNamed(() => wl.load(tampered(s, { nSamplesSeen: 0 })), F, 'model.state.nSamplesSeen: expected an integer');
    throwsNamed(() => wl.load(tampered(s, { nSamplesSeen: 2.5 })), F, 'model.state.nSamplesSeen: expected an integer');
    for (const f of ['mean', 'var', 'scale']) throwsNamed(() => wl.load(tampered(s, { [f]: enc([1]) })), F, `model.state.${f}.shape: expected [2], got [1]`);
    const ok = wl.load(tampered(s, { var: enc([0, 0]) })) as InstanceType<typeof wl.preprocessing.StandardScaler>;
    expect(ok.nSamplesSeen).toBe(4);
    expect(Array.from(ok.mean)).toEqual([3, 30]);
    const mm = new wl.preprocessing.MinMaxScaler().fit(X);
    throwsNamed(() => wl.load(tampered(mm, { other: 1 })), F, 'model.state: unknown key "other"');
    throwsNamed(() => wl.load(tampered(mm, { scale: enc([-1, 1]) })), F, 'model.state.scale: expected positive values');
    throwsNamed(() => wl.load(tampered(mm, { scale: enc([0, 1]) })), F, 'model.state.scale: expected positive values');
    throwsNamed(() => wl.load(tampered(mm, { dataMin: enc([6, 10]) })), F, 'model.state.dataMin: expected dataMin <= dataMax');
    for (const f of ['dataMin', 'dataMax', 'scale']) throwsNamed(() => wl.load(tampered(mm, { [f]: enc([1]) })), F, `model.state.${f}.shape: expected [2], got [1]`);
    const eq = wl.load(tampered(mm, { dataMin: enc([5, 60]) })) as InstanceType<typeof wl.preprocessing.MinMaxScaler>;
    expect(Array.from(eq.dataMin)).toEqual([5, 60]);
    for (const e of [s, ok, mm, eq]) e.dispose();
  });
});

describe('PolynomialFeatures', () => {
  it('option errors and size limits', () => {
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ degree: -1 }).fit([[1]]), P, 'PolynomialFeatures: option "degree" must be an integer in [0, 64], got -1');
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ degree: 65 }).fit([[1]]), P, 'PolynomialFeatures: option "degree" must be an integer in [0, 64], got 65');
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ interactionOnly: 1 as never }).fit([[1]]), P, 'PolynomialFeatures: option "interactionOnly" must be true or false, got 1');
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ includeBias: 'yes' as never }).fit([[1]]), P, 'PolynomialFeatures: option "includeBias" must be true or false, got "yes"');
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ degree: 0, includeBias: false }).fit([[1, 2]]), P, 'PolynomialFeatures: degree 0 without includeBias gives no output features');
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ degree: 40 }).fit([new Array(100).fill(1)]), P, 'PolynomialFeatures: degree 40 on 100 features gives more than 1048576 output features');
    // at most 2^20 = 1 048 576 columns. Degree 2 on d features: 1 + d + d(d + 1)/2 (1 047 628 + 1 447 for d = 1446: allowed; d = 1447: refused)
    const row = (d: number) => [new Array(d).fill(1)];
    const big = new wl.preprocessing.PolynomialFeatures({ degree: 2 }).fit(row(1446));
    expect(big.nOutputFeatures).toBe(1 + 1446 + (1446 * 1447) / 2);
    big.dispose();
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ degree: 2 }).fit(row(1447)), P, 'PolynomialFeatures: degree 2 on 1447 features gives more than 1048576 output features');
    // interaction only: 1 + d + d(d − 1)/2 (d = 1447 allowed, 1448 refused)
    const inter = new wl.preprocessing.PolynomialFeatures({ degree: 2, interactionOnly: true }).fit(row(1447));
    expect(inter.nOutputFeatures).toBe(1 + 1447 + (1447 * 1446) / 2);
    inter.dispose();
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ degree: 2, interactionOnly: true }).fit(row(1448)), P, 'PolynomialFeatures: degree 2 on 1448 features gives more than 1048576 output features');
    // exactly the limit: degree 1 without the bias on 2^20 features
    const wide = new wl.preprocessing.PolynomialFeatures({ degree: 1, includeBias: false }).fit(row(1 << 20));
    expect(wide.nOutputFeatures).toBe(1 << 20);
    wide.dispose();
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures({ degree: 1 }).fit(row(1 << 20)), P, 'PolynomialFeatures: degree 1 on 1048576 features gives more than 1048576 output features');
  });

  it('defaults, kind and task; transform before fit names the call', () => {
    const p = new wl.preprocessing.PolynomialFeatures();
    expect(p.getParams()).toEqual({ degree: 2, interactionOnly: false, includeBias: true });
    expect(p.task).toBe('transformer');
    expect(p.toJSON().kind).toBe('PolynomialFeatures');
    throwsNamed(() => p.transform([[1]]), wl.NotFittedError, 'PolynomialFeatures: transform is not available before fit(); call fit(X) first');
    throwsNamed(() => p.getFeatureNamesOut(), wl.NotFittedError, 'PolynomialFeatures: getFeatureNamesOut is not available');
    throwsNamed(() => p.nOutputFeatures, wl.NotFittedError, 'PolynomialFeatures: nOutputFeatures is not available');
    throwsNamed(() => p.powers, wl.NotFittedError, 'PolynomialFeatures: powers is not available');
    expect(JSON.parse(JSON.stringify(p.fit([[1, 2]]))).state).toEqual({ nFeatures: 2 });
  });

  it('degree 0 and 1, bias only, interaction terms of degree 3, powers and names with inputFeatures', () => {
    const d0 = new wl.preprocessing.PolynomialFeatures({ degree: 0 }).fit([[2, 3]]);
    const T0 = d0.transform([[2, 3], [4, 5]]);
    expect(T0.toArray()).toEqual([[1], [1]]);
    expect(d0.featureNames).toEqual(['1']);
    expect(d0.powers).toEqual([[0, 0]]);
    const d1 = new wl.preprocessing.PolynomialFeatures({ degree: 1, includeBias: false }).fit([[2, 3]]);
    const T1 = d1.transform([[2, 3]]);
    expect(T1.toArray()).toEqual([[2, 3]]);
    const p = new wl.preprocessing.PolynomialFeatures({ degree: 3 }).fit([[2, 3]]);
    expect(p.featureNames).toEqual(['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2', 'x0^3', 'x0^2 x1', 'x0 x1^2', 'x1^3']);
    expect(p.nOutputFeatures).toBe(10);
    const T = p.transform([[2, 3]]);
    expect(T.toArray()).toEqual([[1, 2, 3, 4, 6, 9, 8, 12, 18, 27]]);
    expect(p.powers[7]).toEqual([2, 1]);
    expect(p.getFeatureNamesOut(['a', 'b']).slice(6)).toEqual(['a^3', 'a^2 b', 'a b^2', 'b^3']);
    const bad = 'inputFeatures: expected 2 names (strings), got';
    throwsNamed(() => p.getFeatureNamesOut(['a']), V, `${bad} 1 values`);
    throwsNamed(() => p.getFeatureNamesOut(['a', 2] as never), V, `${bad} 2 values`);
    throwsNamed(() => p.getFeatureNamesOut('ab' as never), V, `${bad} string`);
    const io = new wl.preprocessing.PolynomialFeatures({ degree: 2, interactionOnly: true }).fit([[2, 3, 5]]);
    expect(io.featureNames).toEqual(['1', 'x0', 'x1', 'x2', 'x0 x1', 'x0 x2', 'x1 x2']);
    const TI = io.transform([[2, 3, 5]]);
    expect(TI.toArray()).toEqual([[1, 2, 3, 5, 6, 10, 15]]);
    throwsNamed(() => new wl.preprocessing.PolynomialFeatures().featureNames, wl.NotFittedError, 'PolynomialFeatures: featureNames');
    // a model file: no state beyond the options; an unknown key is refused
    const back = wl.load(JSON.stringify(p)) as InstanceType<typeof wl.preprocessing.PolynomialFeatures>;
    expect(back.featureNames).toEqual(p.featureNames);
    throwsNamed(() => wl.load(tampered(p, { terms: [] })), F, 'model.state: unknown key "terms"');
    for (const e of [d0, T0, d1, T1, p, T, io, TI, back]) e.dispose();
  });
});

describe('OneHotEncoder and LabelEncoder', () => {
  it('OneHotEncoder input errors name the argument', () => {
    const e = new wl.preprocessing.OneHotEncoder();
    expect(e.getParams()).toEqual({ handleUnknown: 'error' });
    expect(e.task).toBe('transformer');
    expect(e.toJSON().kind).toBe('OneHotEncoder');
    throwsNamed(() => e.transform([['a']]), wl.NotFittedError, 'OneHotEncoder: transform is not available before fit(); call fit(X) first');
    throwsNamed(() => e.getFeatureNamesOut(), wl.NotFittedError, 'OneHotEncoder: getFeatureNamesOut is not available');
    throwsNamed(() => e.fit([['a', 1], ['b', 'c']]), V, 'X[:, 1][1]: expected a number label like X[:, 1][0]');
    throwsNamed(() => e.fit(null), V, 'X: expected rows of categories (numbers or strings), got null');
    throwsNamed(() => e.fit('ab'), V, 'X: expected rows of categories (numbers or strings), got "ab"');
    throwsNamed(() => e.fit([]), V, 'X: expected at least one row, got an empty array');
    throwsNamed(() => e.fit([1, 2]), S, 'X: expected a 2-D array (rows of categories), got 1 in row 0');
    throwsNamed(() => e.fit([[]]), V, 'X: expected at least one column, got rows of length 0');
    throwsNamed(() => e.fit([['a', 1], ['b']]), V, 'X: ragged rows: row 1 is not an array of 2 values (like row 0)');
    throwsNamed(() => e.fit([['a', 1], 'b1']), V, 'X: ragged rows: row 1 is not an array of 2 values (like row 0)');
    throwsNamed(() => e.fit([['a', 1], ['b', NaN]]), V, 'X[1][1]: expected a finite number or a string category, got NaN');
    throwsNamed(() => e.fit([['a', null]]), V, 'X[0][0]: expected a finite number or a string category, got null'.replace('[0][0]', '[0][1]'));
    throwsNamed(() => new wl.preprocessing.OneHotEncoder({ handleUnknown: 'skip' as never }).fit([['a']]), P, `OneHotEncoder: option "handleUnknown" must be one of 'error', 'ignore', got "skip"`);
    e.fit([['a', 1], ['b', 2]]);
    throwsNamed(() => e.transform([['a']]), S, 'X: expected 2 features per sample (as in fit), got 1');
    throwsNamed(() => e.transform([['a', 3]]), V, "X[0][1]: unknown category 3 (not seen in fit); use handleUnknown: 'ignore' to encode it as all zeros");
    throwsNamed(() => e.getFeatureNamesOut(['only']), V, 'inputFeatures: expected 2 names');
    throwsNamed(() => e.getFeatureNamesOut('ab' as never), V, 'inputFeatures: expected 2 names');
    expect(e.getFeatureNamesOut(['colour', 'size'])).toEqual(['colour_a', 'colour_b', 'size_1', 'size_2']);
    e.dispose();
  });

  it('typed-array rows and a numeric Matrix, numeric categories sorted as numbers, unknowns ignored per column', () => {
    const base = wl.memory().bytesInUse;
    const e = new wl.preprocessing.OneHotEncoder().fit([Float64Array.of(10, 1), Float64Array.of(2, 1), Float64Array.of(10, 3)]);
    expect(e.categories).toEqual([[2, 10], [1, 3]]);
    const M = wl.matrix([[2, 3], [10, 1]]);
    const T = e.transform(M);
    expect(T.toArray()).toEqual([[1, 0, 0, 1], [0, 1, 1, 0]]);
    const fromM = new wl.preprocessing.OneHotEncoder().fit(M);
    expect(fromM.categories).toEqual([[2, 10], [1, 3]]);
    const M32 = wl.matrix([[2, 3], [10, 1]], { dtype: 'float32' });
    const before = wl.memory().bytesInUse;
    const T32 = fromM.transform(M32);
    expect(T32.toArray()).toEqual(T.toArray());
    T32.dispose();
    new wl.preprocessing.OneHotEncoder().fit(M32).dispose();
    expect(wl.memory().bytesInUse).toBe(before);
    M32.dispose();
    const ig = new wl.preprocessing.OneHotEncoder({ handleUnknown: 'ignore' }).fit([[1, 'x'], [2, 'y']]);
    const G = ig.transform([[3, 'y'], [1, 'z'], [2, 'x']]);
    expect(G.toArray()).toEqual([[0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 1, 0]]);
    // categories are copies
    const cats = ig.categories;
    (cats[0] as number[])[0] = 99;
    expect(ig.categories[0]).toEqual([1, 2]);
    for (const x of [T, M, G, e, fromM, ig]) x.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('OneHotEncoder model files: unknown keys, the category count, the output size', () => {
    const e = new wl.preprocessing.OneHotEncoder().fit([['a', 1], ['b', 2]]);
    throwsNamed(() => wl.load(tampered(e, { other: 1 })), F, 'model.state: unknown key "other"');
    throwsNamed(() => wl.load(tampered(e, { categories: [['a', 'b']] })), F, 'model.state.categories: expected 2 category lists');
    throwsNamed(() => wl.load(tampered(e, { categories: 'ab' })), F, 'model.state.categories: expected 2 category lists');
    throwsNamed(() => wl.load(tampered(e, { categories: [['b', 'a'], ['1', '2']] })), F, 'model.state.categories[0]: classes must be distinct and sorted');
    throwsNamed(() => wl.load(tampered(e, { categories: [['a', 'b'], ['2', '1']] })), F, 'model.state.categories[1]: classes must be distinct and sorted');
    const many = Array.from({ length: (1 << 20) + 1 }, (_, i) => `c${String(i).padStart(7, '0')}`);
    throwsNamed(() => wl.load(tampered(e, { categories: [many.slice(0, 1 << 19), many.slice(1 << 19)] })), F, 'model.state.categories: 1048577 output columns is too many');
    const limit = wl.load(tampered(e, { categories: [many.slice(0, 1 << 19), many.slice(1 << 19, 1 << 20)] })) as InstanceType<typeof wl.preprocessing.OneHotEncoder>;
    expect(limit.categories[1].length).toBe(1 << 19);
    limit.dispose();
    const back = wl.load(JSON.stringify(e)) as InstanceType<typeof wl.preprocessing.OneHotEncoder>;
    expect(back.categories).toEqual(e.categories);
    back.dispose();
    e.dispose();
  });

  it('LabelEncoder: errors, fit on typed arrays, unfitted model files', () => {
    const le = new wl.preprocessing.LabelEncoder();
    throwsNamed(() => le.transform([1]), wl.NotFittedError, 'LabelEncoder: transform is not available before fit(); call fit(y) first');
    throwsNamed(() => le.inverseTransform([0]), wl.NotFittedError, 'LabelEncoder: inverseTransform is not available before fit()');
    throwsNamed(() => le.classes, wl.NotFittedError, 'LabelEncoder: classes is not available before fit()');
    throwsNamed(() => le.fit(5), V, 'y:');
    throwsNamed(() => le.fit(null), V, 'y:');
    throwsNamed(() => le.fit(undefined), V, 'y:');
    const L = wl.matrix([[3], [1], [3]]);
    expect(le.fit(L).classes).toEqual([1, 3]);
    expect(Array.from(le.transform(L))).toEqual([1, 0, 1]);
    L.dispose();
    le.fit(Float64Array.of(3, 1, 3));
    expect(le.classes).toEqual([1, 3]);
    expect(Array.from(le.transform([3, 1]))).toEqual([1, 0]);
    throwsNamed(() => le.transform(7), V, 'y:');
    throwsNamed(() => le.transform(null), V, 'y:');
    throwsNamed(() => le.inverseTransform('01' as never), V, 'codes: expected an array of integers, got "01"');
    throwsNamed(() => le.inverseTransform([0, -1]), V, 'codes[1]: expected an integer in [0, 2), got -1');
    throwsNamed(() => le.inverseTransform([0.5]), V, 'codes[0]: expected an integer in [0, 2), got 0.5');
    throwsNamed(() => le.inverseTransform([2]), V, 'codes[0]: expected an integer in [0, 2), got 2');
    expect(Array.from(le.inverseTransform(Int32Array.of(1, 1, 0)) as ArrayLike<number>)).toEqual([3, 3, 1]);
    const cls = le.classes;
    (cls as number[])[0] = 42;
    expect(le.classes).toEqual([1, 3]);
    const blank = wl.load(JSON.stringify(new wl.preprocessing.LabelEncoder())) as InstanceType<typeof wl.preprocessing.LabelEncoder>;
    throwsNamed(() => blank.classes, wl.NotFittedError, 'LabelEncoder: classes');
    expect(new wl.preprocessing.LabelEncoder().toJSON().state).toBeNull();
    throwsNamed(() => wl.load({ ...le.toJSON(), params: { x: 1 } }), F, 'model.params');
    throwsNamed(() => wl.load({ ...le.toJSON(), state: { classes: ['a', 'b'], more: 1 } }), F, 'model.state: unknown key "more"');
    throwsNamed(() => wl.load({ ...le.toJSON(), state: { classes: ['b', 'a'] } }), F, 'model.state.classes: classes must be distinct and sorted');
    throwsNamed(() => wl.load({ ...le.toJSON(), state: 5 }), F, 'model.state:');
  });
});
