// Polynomial and interaction features, in scikit-learn's column order: the bias, then the terms of
// degree 1, 2, …, each degree's terms as combinations (with replacement unless interactionOnly) of
// the feature indices in lexicographic order — for two features and degree 3:
// 1, x0, x1, x0², x0·x1, x1², x0³, x0²·x1, x0·x1², x1³. The products run in Wasm (assembly/preprocess.ts).
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import { InvalidParameterError, ModelFormatError, ValidationError } from '../errors.js';
import { registerEstimator, Transformer, type CommonOptions } from '../base/estimator.js';
import { readX, release } from '../base/input.js';
import { checkBool, checkInt } from '../base/params.js';

export interface PolynomialFeaturesOptions {
  /** Highest total degree (≥ 0). Default 2. */
  degree: number;
  /** Only products of distinct features (x0·x1, not x0²). Default false. */
  interactionOnly: boolean;
  /** Include the constant column 1. Default true. */
  includeBias: boolean;
}

// Refuse expansions whose column count alone would exhaust memory for a single sample.
const MAX_OUTPUT = 1 << 20;

interface State {
  nFeatures: number;
  /** The feature indices of every output column. */
  terms: number[][];
}

/** Every term up to `degree` (index lists), in scikit-learn's order; throws when more than MAX_OUTPUT. */
function termsOf(d: number, degree: number, interactionOnly: boolean, includeBias: boolean, owner: string): number[][] {
  // count first (Σ_k C(d, k) or C(d + k − 1, k) terms of degree k), so a huge request allocates nothing
  let count = includeBias ? 1 : 0;
  let perDegree = 1;
  for (let k = 1; k <= degree && count <= MAX_OUTPUT; k++) {
    perDegree = interactionOnly ? (perDegree * (d - k + 1)) / k : (perDegree * (d + k - 1)) / k;
    count += perDegree;
  }
  if (count > MAX_OUTPUT) throw new InvalidParameterError(`${owner}: degree ${degree} on ${d} features gives more than ${MAX_OUTPUT} output features`);
  const out: number[][] = includeBias ? [[]] : [];
  let current: number[][] = [[]];
  for (let deg = 1; deg <= degree; deg++) {
    const next: number[][] = [];
    for (const t of current) {
      const start = t.length === 0 ? 0 : t[t.length - 1] + (interactionOnly ? 1 : 0);
      for (let j = start; j < d; j++) {
        next.push([...t, j]);
      }
    }
    for (const t of next) out.push(t); // not push(...next): a spread of 10⁵+ terms overflows the call stack
    current = next;
  }
  return out;
}

/** Polynomial and interaction features (scikit-learn's PolynomialFeatures). */
export class PolynomialFeatures extends Transformer<PolynomialFeaturesOptions, State> {
  static readonly kind = 'PolynomialFeatures';
  static readonly task = 'transformer';
  static readonly defaults: PolynomialFeaturesOptions = { degree: 2, interactionOnly: false, includeBias: true };

  constructor(options?: Partial<PolynomialFeaturesOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: PolynomialFeaturesOptions): void {
    checkInt(p.degree, this.kind, 'degree', 0, 64);
    checkBool(p.interactionOnly, this.kind, 'interactionOnly');
    checkBool(p.includeBias, this.kind, 'includeBias');
  }

  /** Learns the number of input features of X (n×d). Returns this. */
  fit(X: unknown, _y?: unknown): this {
    const p = this.params();
    const x = readX(this.rt(), X);
    try {
      const terms = termsOf(x.matrix.cols, p.degree, p.interactionOnly, p.includeBias, this.kind);
      if (terms.length === 0) throw new InvalidParameterError(`${this.kind}: degree 0 without includeBias gives no output features`);
      return this.commit({ nFeatures: x.matrix.cols, terms });
    } finally {
      release(x);
    }
  }

  /** The expanded features, n×nOutputFeatures (a new Matrix). */
  transform(X: unknown): Matrix {
    const { x, state } = this.input(X, 'transform');
    const rt = this.rt();
    const deg = state.terms.reduce((a, t) => Math.max(a, t.length), 1); // no spread: up to 2^20 terms
    const m = state.terms.length;
    let idx = 0;
    try {
      idx = rt.heap.alloc(m * deg * 4);
      const view = rt.heap.i32;
      for (let c = 0; c < m; c++) for (let t = 0; t < deg; t++) view[(idx >>> 2) + c * deg + t] = t < state.terms[c].length ? state.terms[c][t] : -1;
      const out = Matrix.alloc(rt, x.matrix.rows, m, 'float64');
      typed(rt.kernels, 'poly_features', 'float64')(x.matrix.ptr, x.matrix.rows, x.matrix.cols, idx, m, deg, out.ptr);
      return out;
    } finally {
      rt.heap.free(idx);
      release(x);
    }
  }

  /** Number of output columns. */
  get nOutputFeatures(): number {
    return this.fitted('nOutputFeatures').terms.length;
  }

  /** powers[c][j]: the exponent of input feature j in output column c (scikit-learn's powers_). */
  get powers(): number[][] {
    const s = this.fitted('powers');
    return s.terms.map((t) => {
      const row = new Array<number>(s.nFeatures).fill(0);
      for (const j of t) row[j]++;
      return row;
    });
  }

  /** Output column names: 'x0', 'x0^2', 'x0 x1', '1' for the bias (or from `inputFeatures`). */
  getFeatureNamesOut(inputFeatures?: string[]): string[] {
    const s = this.fitted('getFeatureNamesOut');
    const names = inputFeatures ?? Array.from({ length: s.nFeatures }, (_, j) => `x${j}`);
    if (!Array.isArray(names) || names.length !== s.nFeatures || !names.every((v) => typeof v === 'string')) {
      throw new ValidationError(`inputFeatures: expected ${s.nFeatures} names (strings), got ${Array.isArray(names) ? names.length + ' values' : typeof names}`);
    }
    return this.powers.map((row) => {
      const parts = row.flatMap((e, j) => (e === 0 ? [] : [e === 1 ? names[j] : `${names[j]}^${e}`]));
      return parts.length === 0 ? '1' : parts.join(' ');
    });
  }

  /** Same as getFeatureNamesOut() (the default names). */
  get featureNames(): string[] {
    this.fitted('featureNames');
    return this.getFeatureNamesOut();
  }

  protected saveState(): Record<string, unknown> {
    return {}; // the terms follow from the options and nFeatures
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): State {
    for (const key of Object.keys(state)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
    const p = this.params();
    return { nFeatures, terms: termsOf(nFeatures, p.degree, p.interactionOnly, p.includeBias, this.kind) };
  }
}

registerEstimator(PolynomialFeatures);
