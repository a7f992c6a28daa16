// Random forests (Breiman, "Random Forests", Machine Learning 45, 2001) as scikit-learn builds them:
// each tree grows on a bootstrap sample (drawn as sample weights, so a repeated row counts twice
// without being copied) with maxFeatures features drawn per split; predictions average the trees
// (class probabilities for classifiers). The columns are argsorted once for the whole forest; each
// tree is one Wasm call. Seeds follow scikit-learn: tree t gets random_state.randint(2^31 − 1) from
// the forest's RandomState, which seeds both its bootstrap draw and its splitter, so a forest with
// `seed: s` grows the trees of scikit-learn's forest with random_state=s.
import { InvalidParameterError, ModelFormatError } from '../errors.js';
import { describe } from '../core/validate.js';
import { decodeArray, encodeArray } from '../io/format.js';
import { registerEstimator, type CommonOptions } from '../base/estimator.js';
import { TreeModelClassifier, TreeModelRegressor, type TreeModelState } from './base.js';
import { release } from '../base/input.js';
import type { Classes } from '../base/labels.js';
import { checkBool, checkInt } from '../base/params.js';
import type { Runtime } from '../runtime/load.js';
import { growTrees, packTrees, predictPacked, type TreeData, type TreeJob } from './grow.js';
import type { Matrix } from '../core/matrix.js';
import { argmaxRows, packState, readOptionalNumber, trainingData, treesFromJSON, treesToJSON } from './fitted.js';
import { checkTreeOptions, CLASSIFIER_CRITERIA, growOptions, REGRESSOR_CRITERIA, TREE_DEFAULTS, type TreeOptions } from './options.js';
import { freshSeed, RAND_R_MAX, RandomState } from './random_state.js';
import { exportTreeObject, featureImportances, type ExportedTree } from './structure.js';

export interface ForestOptions extends TreeOptions {
  /** Number of trees. Default 100. */
  nEstimators: number;
  /** Grow each tree on a bootstrap sample (default true); false: every tree sees every sample. */
  bootstrap: boolean;
  /** Compute the out-of-bag score (needs bootstrap). Default false. */
  oobScore: boolean;
  /** Bootstrap sample size: null (n), an integer count, or a fraction in (0, 1) of n. */
  maxSamples: number | null;
}

interface ForestState extends TreeModelState {
  oobScore: number | null;
  /** Classifier: n×K averaged out-of-bag probabilities; regressor: n out-of-bag predictions. */
  oob: Float64Array | null;
}
type ForestStateC = ForestState & { classes: Classes };

const MAX_INT = 0x7fffffff; // np.iinfo(np.int32).max

const FOREST_DEFAULTS = { nEstimators: 100, ...TREE_DEFAULTS, bootstrap: true, oobScore: false, maxSamples: null } as const;

function checkForest(p: ForestOptions, kind: string, criteria: readonly string[]): void {
  checkInt(p.nEstimators, kind, 'nEstimators', 1, 100_000);
  checkTreeOptions(p, kind, criteria);
  checkBool(p.bootstrap, kind, 'bootstrap');
  checkBool(p.oobScore, kind, 'oobScore');
  if (p.oobScore && !p.bootstrap) throw new InvalidParameterError(`${kind}: option "oobScore" needs bootstrap: true (out-of-bag samples exist only with bootstrap sampling)`);
  if (p.maxSamples !== null) {
    if (!p.bootstrap) throw new InvalidParameterError(`${kind}: option "maxSamples" can only be set with bootstrap: true`);
    const v = p.maxSamples;
    const ok = typeof v === 'number' && ((v > 0 && v < 1) || (Number.isInteger(v) && v >= 1 && v <= 2 ** 31 - 1));
    if (!ok) throw new InvalidParameterError(`${kind}: option "maxSamples" must be null, an integer >= 1 or a fraction in (0, 1), got ${describe(v)}`);
  }
}

/** scikit-learn's _get_n_samples_bootstrap: a fraction v gives max(1, round(n·v)), Python's round (halves to even). */
function bootstrapSize(p: ForestOptions, n: number, kind: string): number {
  const v = p.maxSamples;
  if (v === null) return n;
  if (v < 1) return Math.max(1, roundHalfEven(n * v));
  if (v > n) throw new InvalidParameterError(`${kind}: option "maxSamples" must be at most the number of samples (${n}), got ${v}`);
  return v;
}

/** Python's round(): to the nearest integer, a half to the even neighbour (round(2.5) = 2, round(3.5) = 4). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function fitForest(rt: Runtime, p: ForestOptions, kind: string, X: unknown, y: unknown, classifier: boolean, warn: (m: string) => void): ForestState {
  const data = trainingData(rt, X, y, classifier);
  try {
    const { n, d } = data;
    const opts = growOptions(p, n, d, kind);
    const nBoot = p.bootstrap ? bootstrapSize(p, n, kind) : n;
    const forestRandom = new RandomState(p.seed ?? freshSeed());
    const jobs: TreeJob[] = [];
    for (let t = 0; t < p.nEstimators; t++) {
      const treeSeed = forestRandom.randint(MAX_INT);
      // scikit-learn's _generate_sample_indices: n_samples_bootstrap draws of randint(0, n), as counts,
      // drawn when the tree grows (one weight vector alive at a time)
      const weights = p.bootstrap
        ? () => {
            const r = new RandomState(treeSeed);
            const w = new Float64Array(n);
            for (let i = 0; i < nBoot; i++) w[r.randint(n)]++;
            return w;
          }
        : null;
      jobs.push({ seed: new RandomState(treeSeed).randint(RAND_R_MAX), weights });
    }
    const nClasses = classifier ? data.classes!.length : 0;
    const nOut = classifier ? nClasses : 1;
    const oob = p.oobScore ? new OutOfBag(rt, data.x.matrix, nOut, classifier) : null;
    const trees = growTrees(rt, data.x.matrix, classifier ? data.codes! : data.values!, nClasses, opts, jobs, oob ? (tree, _t, w) => oob.add(tree, w) : undefined);
    const importances = forestImportances(trees, d);
    const state = packState<ForestState>(rt, { nFeatures: d, classes: data.classes, trees, importances, oobScore: null, oob: null }, nOut);
    if (oob) {
      const decision = oob.result(warn);
      state.oob = decision;
      state.oobScore = classifier ? accuracy(argmaxRows(decision, n, nOut), data.codes!) : r2(data.values!, decision);
    }
    return state;
  } finally {
    release(data.x);
  }
}

/**
 * scikit-learn's _compute_oob_predictions, accumulated as the trees grow: each sample's predictions
 * averaged over the trees whose bootstrap sample left it out.
 */
class OutOfBag {
  readonly #sum: Float64Array;
  readonly #count: Int32Array;

  constructor(
    private readonly rt: Runtime,
    private readonly x: Matrix,
    private readonly nOut: number,
    private readonly classifier: boolean,
  ) {
    this.#sum = new Float64Array(x.rows * nOut);
    this.#count = new Int32Array(x.rows);
  }

  add(tree: TreeData, weights: Float64Array): void {
    const packed = packTrees(this.rt, [tree], this.nOut);
    let pred: Float64Array;
    try {
      pred = predictPacked(this.rt, packed, this.x, this.classifier);
    } finally {
      packed.block.dispose();
    }
    const k = this.nOut, sum = this.#sum;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] !== 0) continue;
      this.#count[i]++;
      for (let j = 0; j < k; j++) sum[i * k + j] += pred[i * k + j];
    }
  }

  result(warn: (m: string) => void): Float64Array {
    const k = this.nOut, sum = this.#sum, count = this.#count;
    if (count.some((c) => c === 0)) {
      warn('some inputs do not have out-of-bag predictions (they were drawn by every tree); this probably means too few trees were used to compute any reliable out-of-bag estimates');
    }
    for (let i = 0; i < count.length; i++) {
      const c = Math.max(1, count[i]);
      for (let j = 0; j < k; j++) sum[i * k + j] /= c;
    }
    return sum;
  }
}

/** Mean of the trees' normalized importances over the trees that split at all, normalized (scikit-learn's forest). */
function forestImportances(trees: TreeData[], d: number): Float64Array {
  const out = new Float64Array(d);
  for (const tree of trees) {
    if (tree.nodeCount <= 1) continue;
    const imp = featureImportances(tree, d);
    for (let j = 0; j < d; j++) out[j] += imp[j];
  }
  let total = 0;
  for (let j = 0; j < d; j++) total += out[j];
  if (total > 0) for (let j = 0; j < d; j++) out[j] /= total;
  return out;
}

function treeIndex(index: unknown, count: number, kind: string): number {
  if (!(typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < count)) {
    throw new InvalidParameterError(`${kind}.exportTree: index must be an integer in [0, ${count - 1}], got ${describe(index)}`);
  }
  return index;
}

function accuracy(pred: Int32Array, codes: Int32Array): number {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === codes[i]) hit++;
  return hit / pred.length;
}

function r2(y: Float64Array, pred: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let res = 0, tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (y[i] - pred[i]) ** 2;
    tot += (y[i] - mean) ** 2;
  }
  return tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
}

function saveForest(state: ForestState): Record<string, unknown> {
  const out = treesToJSON(state);
  if (state.oob) {
    out.oobScore = state.oobScore;
    out.oob = encodeArray(state.oob, [state.oob.length / state.packed.nOutputs, state.packed.nOutputs]);
  }
  return out;
}

function loadForest(state: Record<string, unknown>, nFeatures: number, classifier: boolean, nTrees: number, rt: Runtime): ForestState {
  for (const key of Object.keys(state)) if (!['trees', 'classes', 'oobScore', 'oob'].includes(key)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
  const { classes, trees, nOutputs } = treesFromJSON(state, nFeatures, classifier, nTrees);
  const oobScore = readOptionalNumber(state.oobScore, 'model.state.oobScore');
  const oob = state.oob === undefined || state.oob === null ? null : decodeArray(state.oob, 'model.state.oob', 'float64', [-1, nOutputs]);
  if ((oob === null) !== (oobScore === null)) throw new ModelFormatError('model.state: oobScore and oob come together');
  const importances = forestImportances(trees, nFeatures);
  return packState<ForestState>(rt, { nFeatures, classes, trees, importances, oobScore, oob }, nOutputs);
}

/**
 * A random forest classifier (scikit-learn's RandomForestClassifier): bootstrap samples, √d features
 * per split by default, class probabilities averaged over the trees.
 *
 * ```ts
 * const rf = new wl.RandomForestClassifier({ nEstimators: 100, oobScore: true, seed: 0 }).fit(X, y);
 * rf.predict(Xtest); rf.predictProba(Xtest); rf.oobScore; rf.featureImportances;
 * ```
 */
export class RandomForestClassifier extends TreeModelClassifier<ForestOptions, ForestStateC> {
  static readonly kind = 'RandomForestClassifier';
  static readonly task = 'classifier';
  static readonly defaults: ForestOptions = { ...FOREST_DEFAULTS, criterion: 'gini', maxFeatures: 'sqrt' };

  constructor(options?: Partial<ForestOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: ForestOptions): void {
    checkForest(p, this.kind, CLASSIFIER_CRITERIA);
  }

  /** Grows the forest on X (n×d) and labels y. Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    return this.commit(fitForest(this.rt(), p, this.kind, X, y, true, (m) => this.warn(m, 'oob')) as ForestStateC);
  }

  /** Out-of-bag accuracy (fitted with oobScore: true; null otherwise). */
  get oobScore(): number | null {
    return this.fitted('oobScore').oobScore;
  }

  /** Out-of-bag class probabilities, n×K row-major (fitted with oobScore: true; null otherwise). */
  get oobDecisionFunction(): Float64Array | null {
    return this.fitted('oobDecisionFunction').oob?.slice() ?? null;
  }

  /** Tree `index` as a plain object (see DecisionTreeClassifier.exportTree). */
  exportTree(index: number, options: { featureNames?: readonly string[] } = {}): ExportedTree {
    const s = this.fitted('exportTree()');
    return exportTreeObject(s.trees[treeIndex(index, s.trees.length, this.kind)], s.nFeatures, s.classes, options.featureNames);
  }

  protected saveState(state: ForestState): Record<string, unknown> {
    return saveForest(state);
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): ForestStateC {
    return loadForest(state, nFeatures, true, this.getParams().nEstimators, this.rt()) as ForestStateC;
  }
}

/**
 * A random forest regressor (scikit-learn's RandomForestRegressor): bootstrap samples, every feature
 * considered per split by default (scikit-learn's max_features=1.0), predictions averaged.
 *
 * ```ts
 * const rf = new wl.RandomForestRegressor({ nEstimators: 200, oobScore: true, seed: 0 }).fit(X, y);
 * rf.predict(Xtest); rf.oobScore;   // out-of-bag R²
 * ```
 */
export class RandomForestRegressor extends TreeModelRegressor<ForestOptions, ForestState> {
  static readonly kind = 'RandomForestRegressor';
  static readonly task = 'regressor';
  static readonly defaults: ForestOptions = { ...FOREST_DEFAULTS, criterion: 'squared_error', maxFeatures: null };

  constructor(options?: Partial<ForestOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: ForestOptions): void {
    checkForest(p, this.kind, REGRESSOR_CRITERIA);
  }

  fit(X: unknown, y: unknown): this {
    const p = this.params();
    return this.commit(fitForest(this.rt(), p, this.kind, X, y, false, (m) => this.warn(m, 'oob')));
  }

  /** Out-of-bag R² (fitted with oobScore: true; null otherwise). */
  get oobScore(): number | null {
    return this.fitted('oobScore').oobScore;
  }

  /** Out-of-bag prediction per training sample (fitted with oobScore: true; null otherwise). */
  get oobPrediction(): Float64Array | null {
    return this.fitted('oobPrediction').oob?.slice() ?? null;
  }

  exportTree(index: number, options: { featureNames?: readonly string[] } = {}): ExportedTree {
    const s = this.fitted('exportTree()');
    return exportTreeObject(s.trees[treeIndex(index, s.trees.length, this.kind)], s.nFeatures, undefined, options.featureNames);
  }

  protected saveState(state: ForestState): Record<string, unknown> {
    return saveForest(state);
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): ForestState {
    return loadForest(state, nFeatures, false, this.getParams().nEstimators, this.rt());
  }
}

registerEstimator(RandomForestClassifier);
registerEstimator(RandomForestRegressor);
