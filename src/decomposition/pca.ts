// PCA by eigendecomposition: scikit-learn's estimator (sklearn.decomposition.PCA) with its attributes,
// nComponents as a count, a variance fraction or 'mle', whitening and its sign convention.
//
// Two solvers, chosen as scikit-learn ≥ 1.5 chooses ('auto'):
//  - 'covariance_eigh' when n ≥ 10·d and d ≤ 1000: C = XcᵀXc/(n−1) by SYRK (n·d²/2 multiply-adds, the
//    only pass over the data), then wl.linalg.eigh of the d×d C. eigh's 'auto' runs cyclic Jacobi up
//    to d = 5 and Householder tridiagonalization + implicit QL above: the crossover measured in
//    src/linalg/eigh.ts (Jacobi's O(d³) sweeps lose to the tridiagonal path's single reduction beyond
//    a handful of features, while Jacobi keeps tiny eigenvalues to high relative accuracy).
//  - 'full' otherwise: the thin SVD of the centered data, Xc = U·S·Vᵀ (wl.linalg.svd); explained
//    variance S²/(n−1). With many features the d×d covariance would be larger than the data itself.
// Signs: each component's largest-magnitude entry is made positive (svd_flip with
// u_based_decision=False, scikit-learn ≥ 1.5's rule for every solver), so components match theirs up
// to ties in magnitude.
import { InvalidParameterError, ShapeError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { decodeArray, encodeArray } from '../io/format.js';
import { checkBool, checkChoice, readX, registerEstimator, release, Transformer, type CommonOptions } from '../base/index.js';
import { mean } from '../core/reduce.js';
import { add, clone, mul, sub, transpose } from '../core/ops.js';
import { gemmInto, gram } from '../linalg/matmul.js';
import { eigh } from '../linalg/eigh.js';
import { svd } from '../linalg/svd.js';
import { readFitted } from '../cluster/common.js';
import { lnGamma } from './gamma.js';

export type PCASolver = 'auto' | 'full' | 'covariance_eigh';

export interface PCAOptions extends CommonOptions {
  /** Components to keep: a count, a fraction in (0, 1) of the variance to explain, 'mle' (Minka), or null (all: min(n, d)). */
  nComponents?: number | 'mle' | null;
  /** Scale the projections to unit variance. Default false. */
  whiten?: boolean;
  /** 'auto' (default), 'full' (SVD of the centered data) or 'covariance_eigh'. */
  svdSolver?: PCASolver;
}

interface PCAParams {
  nComponents: number | 'mle' | null;
  whiten: boolean;
  svdSolver: PCASolver;
}

interface PCAState {
  nFeatures: number;
  nSamples: number;
  /** k×d, rows are components. */
  components: Matrix;
  /** 1×d */
  mean: Matrix;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  noiseVariance: number;
}

/**
 * Principal component analysis of X (n×d): `transform(X)` → n×k Matrix of projections on the k
 * components; `inverseTransform(Z)` → n×d. Attributes as scikit-learn: components (k×d), mean (d),
 * explainedVariance, explainedVarianceRatio, singularValues (k), noiseVariance, nComponents.
 */
export class PCA extends Transformer<PCAParams, PCAState> {
  static readonly kind = 'PCA';
  static readonly task = 'transformer';
  static readonly defaults: Readonly<PCAParams> = { nComponents: null, whiten: false, svdSolver: 'auto' };

  constructor(options?: PCAOptions) {
    super(options);
  }

  protected checkParams(p: Readonly<PCAParams>): void {
    const k = p.nComponents;
    if (k !== null && k !== 'mle') {
      if (typeof k !== 'number' || !(k > 0) || (k >= 1 && !Number.isInteger(k))) {
        throw new InvalidParameterError(`PCA: option "nComponents" must be a positive integer, a fraction in (0, 1), 'mle' or null, got ${String(k)}`);
      }
    }
    checkBool(p.whiten, 'PCA', 'whiten');
    checkChoice(p.svdSolver, 'PCA', 'svdSolver', ['auto', 'full', 'covariance_eigh']);
  }

  /** Fits the components of X (n×d, n ≥ 2). */
  fit(X: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X, 'X');
    const temps: Matrix[] = [];
    let mu: Matrix | undefined;
    try {
      const n = x.matrix.rows, d = x.matrix.cols, r = Math.min(n, d);
      if (n < 2) throw new ShapeError(`X: PCA needs at least 2 samples, got ${n}`);
      const k0 = p.nComponents;
      if (typeof k0 === 'number' && k0 >= 1 && k0 > r) {
        throw new InvalidParameterError(`PCA: option "nComponents" (${k0}) must be <= min(nSamples, nFeatures) = ${r}`);
      }
      if (k0 === 'mle' && n < d) throw new InvalidParameterError(`PCA: nComponents 'mle' needs nSamples >= nFeatures, got ${n} < ${d}`);
      mu = mean(x.matrix, { axis: 0 });
      const xc = sub(x.matrix, mu);
      temps.push(xc);
      const solver = p.svdSolver === 'auto' ? (n >= 10 * d && d <= 1000 ? 'covariance_eigh' : 'full') : p.svdSolver;
      // all r variances (descending) and the r×d right singular vectors (rows)
      let variances: Float64Array;
      let V: Matrix;
      if (solver === 'covariance_eigh') {
        const C = gram(xc);
        temps.push(C);
        const { values, vectors } = eigh(C);
        temps.push(vectors);
        variances = Float64Array.from(values, (v) => Math.max(v, 0) / (n - 1));
        V = transpose(vectors); // eigenvectors are columns; components are rows
        if (r < d) variances = variances.subarray(0, r);
      } else {
        const { U, s, Vt } = svd(xc);
        U.dispose();
        variances = Float64Array.from(s, (v) => (v * v) / (n - 1));
        V = Vt;
      }
      temps.push(V);
      const total = variances.reduce((a, b) => a + b, 0);
      const k = k0 === null ? r : k0 === 'mle' ? inferDimension(variances, n) : k0 < 1 ? byFraction(variances, total, k0) : k0;
      const components = Matrix.alloc(rt, k, d, 'float64');
      const comp = components.data;
      const src = V.data;
      for (let c = 0; c < k; c++) {
        // svd_flip(u_based_decision=False): the largest |entry| of each component is positive
        let big = 0;
        for (let j = 1; j < d; j++) if (Math.abs(src[c * d + j]) > Math.abs(src[c * d + big])) big = j;
        const sign = src[c * d + big] < 0 ? -1 : 1;
        for (let j = 0; j < d; j++) comp[c * d + j] = sign * src[c * d + j];
      }
      const explainedVariance = variances.slice(0, k);
      const state: PCAState = {
        nFeatures: d,
        nSamples: n,
        components,
        mean: mu,
        explainedVariance,
        explainedVarianceRatio: explainedVariance.map((v) => (total > 0 ? v / total : 0)),
        singularValues: explainedVariance.map((v) => Math.sqrt(v * (n - 1))),
        noiseVariance: k < r ? variances.subarray(k).reduce((a, b) => a + b, 0) / (r - k) : 0,
      };
      mu = undefined; // owned by the state now
      return this.commit(state);
    } finally {
      mu?.dispose();
      for (const m of temps) m.dispose();
      release(x);
    }
  }

  /** Projections of X (n×d) on the components: a new n×k Matrix (whitened: unit variance per column). */
  transform(X: unknown): Matrix {
    const s = this.fitted('transform');
    const x = readFitted(this.rt(), X, s.nFeatures, 'float64');
    const xc = sub(x.matrix, s.mean);
    release(x);
    try {
      const out = Matrix.alloc(this.rt(), xc.rows, s.components.rows, 'float64');
      gemmInto(this.rt(), xc, s.components, out, false, true, 1, 0);
      if (this.getParams().whiten) return scaleColumns(out, s.explainedVariance.map((v) => 1 / Math.sqrt(v)));
      return out;
    } finally {
      xc.dispose();
    }
  }

  /** Back to feature space: Z (n×k) → n×d Matrix (exact for the kept components). */
  inverseTransform(Z: unknown): Matrix {
    const s = this.fitted('inverseTransform');
    const z = readFitted(this.rt(), Z, s.components.rows, 'float64');
    try {
      let zz = z.matrix;
      if (this.getParams().whiten) zz = scaleColumns(clone(z.matrix), s.explainedVariance.map((v) => Math.sqrt(v)));
      try {
        const out = Matrix.alloc(this.rt(), zz.rows, s.nFeatures, 'float64');
        gemmInto(this.rt(), zz, s.components, out, false, false, 1, 0);
        return add(out, s.mean, { out });
      } finally {
        if (zz !== z.matrix) zz.dispose();
      }
    } finally {
      release(z);
    }
  }

  /** Components, k×d (rows, unit norm). */
  get components(): number[][] {
    return this.fitted('components').components.toArray();
  }
  /** Per-feature mean of the training data (d). */
  get mean(): Float64Array {
    return Float64Array.from(this.fitted('mean').mean.data);
  }
  /** Variance explained by each component (k, descending; ddof = 1). */
  get explainedVariance(): Float64Array {
    return this.fitted('explainedVariance').explainedVariance.slice();
  }
  /** Fraction of the total variance explained by each component. */
  get explainedVarianceRatio(): Float64Array {
    return this.fitted('explainedVarianceRatio').explainedVarianceRatio.slice();
  }
  /** Singular values of the centered data for the kept components. */
  get singularValues(): Float64Array {
    return this.fitted('singularValues').singularValues.slice();
  }
  /** Mean variance of the discarded components (probabilistic PCA's σ²); 0 when none is discarded. */
  get noiseVariance(): number {
    return this.fitted('noiseVariance').noiseVariance;
  }
  /** Components kept. */
  get nComponents(): number {
    return this.fitted('nComponents').components.rows;
  }

  protected saveState(s: PCAState): Record<string, unknown> {
    return {
      nSamples: s.nSamples,
      components: encodeArray(Float64Array.from(s.components.data), [s.components.rows, s.nFeatures]),
      mean: encodeArray(Float64Array.from(s.mean.data)),
      explainedVariance: encodeArray(s.explainedVariance),
      explainedVarianceRatio: encodeArray(s.explainedVarianceRatio),
      singularValues: encodeArray(s.singularValues),
      noiseVariance: s.noiseVariance,
    };
  }

  protected loadState(s: Record<string, unknown>, d: number): PCAState {
    const comps = decodeArray(s.components, 'model.state.components', 'float64', [-1, d]);
    const k = comps.length / d;
    if (k < 1 || k > d) throw new ShapeError(`model.state.components: expected 1 to ${d} components, got ${k}`);
    const mu = decodeArray(s.mean, 'model.state.mean', 'float64', [d]);
    const ev = decodeArray(s.explainedVariance, 'model.state.explainedVariance', 'float64', [k]);
    const evr = decodeArray(s.explainedVarianceRatio, 'model.state.explainedVarianceRatio', 'float64', [k]);
    const sv = decodeArray(s.singularValues, 'model.state.singularValues', 'float64', [k]);
    if (ev.some((v) => v < 0)) throw new ShapeError('model.state.explainedVariance: variances must be >= 0');
    const noise = s.noiseVariance;
    const nSamples = s.nSamples;
    if (typeof noise !== 'number' || !(noise >= 0) || !Number.isFinite(noise)) throw new ShapeError('model.state.noiseVariance: expected a finite number >= 0');
    if (typeof nSamples !== 'number' || !Number.isInteger(nSamples) || nSamples < 2) throw new ShapeError('model.state.nSamples: expected an integer >= 2');
    const rt = this.rt();
    const components = Matrix.alloc(rt, k, d, 'float64');
    components.data.set(comps);
    const mean = Matrix.alloc(rt, 1, d, 'float64');
    mean.data.set(mu);
    return { nFeatures: d, nSamples, components, mean, explainedVariance: ev, explainedVarianceRatio: evr, singularValues: sv, noiseVariance: noise };
  }
}
registerEstimator(PCA);

/** Multiplies column j of M by f[j], in place. */
function scaleColumns(M: Matrix, f: Float64Array): Matrix {
  const row = Matrix.alloc(M.runtime, 1, f.length, M.dtype);
  try {
    row.data.set(f);
    return mul(M, row, { out: M });
  } finally {
    row.dispose();
  }
}

/** The smallest k whose cumulative explained variance ratio exceeds `fraction` (scikit-learn's searchsorted 'right' + 1). */
function byFraction(variances: Float64Array, total: number, fraction: number): number {
  let acc = 0;
  for (let i = 0; i < variances.length; i++) {
    acc += variances[i] / total;
    if (acc > fraction) return i + 1;
  }
  return variances.length;
}

/** Minka's MLE of the dimension ("Automatic choice of dimensionality for PCA", NIPS 2000), as scikit-learn's _infer_dimension. */
function inferDimension(spectrum: Float64Array, n: number): number {
  let best = 0;
  let bestLL = -Infinity;
  for (let rank = 1; rank < spectrum.length; rank++) {
    const ll = assessDimension(spectrum, rank, n);
    if (ll > bestLL) {
      bestLL = ll;
      best = rank;
    }
  }
  return Math.max(best, 1);
}

function assessDimension(spectrum: Float64Array, rank: number, n: number): number {
  const d = spectrum.length;
  if (spectrum[rank - 1] < 1e-15) return -Infinity;
  let pu = -rank * Math.LN2;
  for (let i = 1; i <= rank; i++) pu += lnGamma((d - i + 1) / 2) - (Math.log(Math.PI) * (d - i + 1)) / 2;
  let pl = 0;
  for (let i = 0; i < rank; i++) pl += Math.log(spectrum[i]);
  pl = (-pl * n) / 2;
  let rest = 0;
  for (let i = rank; i < d; i++) rest += spectrum[i];
  const v = Math.max(Number.EPSILON, rest / (d - rank));
  const pv = (-Math.log(v) * n * (d - rank)) / 2;
  const m = d * rank - (rank * (rank + 1)) / 2;
  const pp = (Math.log(2 * Math.PI) * (m + rank)) / 2;
  let pa = 0;
  for (let i = 0; i < rank; i++) {
    for (let j = i + 1; j < d; j++) {
      const sj = j < rank ? spectrum[j] : v;
      pa += Math.log((spectrum[i] - spectrum[j]) * (1 / sj - 1 / spectrum[i])) + Math.log(n);
    }
  }
  return pu + pl + pv + pp - pa / 2 - (rank * Math.log(n)) / 2;
}
