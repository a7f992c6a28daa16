// DecisionTreeClassifier and DecisionTreeRegressor: CART as scikit-learn grows it (assembly/tree.ts),
// one Wasm call per fit. With the same seed and data, a classification tree is scikit-learn's tree
// node for node (same features, thresholds, class counts); see test/tree/decision_tree.test.ts.
import { ModelFormatError } from '../errors.js';
import { registerEstimator, type CommonOptions } from '../base/estimator.js';
import { TreeModelClassifier, TreeModelRegressor, type TreeModelState } from './base.js';
import { release } from '../base/input.js';
import type { Classes } from '../base/labels.js';
import { growTrees } from './grow.js';
import { packState, trainingData, treesFromJSON, treesToJSON } from './fitted.js';
import { checkTreeOptions, CLASSIFIER_CRITERIA, growOptions, REGRESSOR_CRITERIA, TREE_DEFAULTS, type TreeOptions } from './options.js';
import { freshSeed, RAND_R_MAX, RandomState } from './random_state.js';
import { exportTextRules, exportTreeObject, featureImportances, treeDepth, treeLeaves, type ExportedTree, type ExportTextOptions } from './structure.js';
import type { Runtime } from '../runtime/load.js';

export type DecisionTreeClassifierOptions = TreeOptions;
export type DecisionTreeRegressorOptions = TreeOptions;

type TreeState = TreeModelState;
type TreeStateC = TreeState & { classes: Classes };

/** The start of the splitter's random stream for a seed, as scikit-learn's Splitter.init draws it. */
function splitterSeed(seed: number | null): number {
  return new RandomState(seed ?? freshSeed()).randint(RAND_R_MAX);
}

function fitTree(rt: Runtime, p: TreeOptions, kind: string, X: unknown, y: unknown, classifier: boolean): TreeState {
  const data = trainingData(rt, X, y, classifier);
  try {
    const opts = growOptions(p, data.n, data.d, kind);
    const nClasses = classifier ? data.classes!.length : 0;
    const [tree] = growTrees(rt, data.x.matrix, classifier ? data.codes! : data.values!, nClasses, opts, [{ seed: splitterSeed(p.seed), weights: null }]);
    return packState<TreeState>(rt, { nFeatures: data.d, classes: data.classes, trees: [tree], importances: featureImportances(tree, data.d) }, tree.nOutputs);
  } finally {
    release(data.x);
  }
}

function loadTree(state: Record<string, unknown>, nFeatures: number, classifier: boolean, rt: Runtime): TreeState {
  for (const key of Object.keys(state)) if (key !== 'trees' && key !== 'classes') throw new ModelFormatError(`model.state: unknown key "${key}"`);
  const { classes, trees, nOutputs } = treesFromJSON(state, nFeatures, classifier, 1);
  return packState<TreeState>(rt, { nFeatures, classes, trees, importances: featureImportances(trees[0], nFeatures) }, nOutputs);
}

/**
 * A decision tree classifier (scikit-learn's DecisionTreeClassifier).
 *
 * ```ts
 * const tree = new wl.DecisionTreeClassifier({ maxDepth: 3, seed: 0 }).fit(X, y);
 * tree.predict(Xtest); tree.predictProba(Xtest);   // n labels; n×K probabilities (row-major)
 * tree.featureImportances; tree.getDepth(); tree.getNLeaves(); tree.apply(Xtest);
 * console.log(tree.exportText({ featureNames }));
 * ```
 */
export class DecisionTreeClassifier extends TreeModelClassifier<TreeOptions, TreeStateC> {
  static readonly kind = 'DecisionTreeClassifier';
  static readonly task = 'classifier';
  static readonly defaults: TreeOptions = { criterion: 'gini', ...TREE_DEFAULTS };

  constructor(options?: Partial<TreeOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: TreeOptions): void {
    checkTreeOptions(p, this.kind, CLASSIFIER_CRITERIA);
  }

  /** Grows the tree on X (n×d) and labels y (n numbers or strings). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    return this.commit(fitTree(this.rt(), p, this.kind, X, y, true) as TreeStateC);
  }

  /** Number of nodes. */
  get nodeCount(): number {
    return this.fitted('nodeCount').trees[0].nodeCount;
  }

  /** Depth of the tree (a single leaf has depth 0). */
  getDepth(): number {
    return treeDepth(this.fitted('getDepth()').trees[0]);
  }

  /** Number of leaves. */
  getNLeaves(): number {
    return treeLeaves(this.fitted('getNLeaves()').trees[0]);
  }

  /** The tree as a plain object: one entry per node (feature, threshold, children, impurity, counts, value). */
  exportTree(options: { featureNames?: readonly string[] } = {}): ExportedTree {
    const s = this.fitted('exportTree()');
    return exportTreeObject(s.trees[0], s.nFeatures, s.classes, options.featureNames);
  }

  /** Text rules as sklearn.tree.export_text prints them. */
  exportText(options: ExportTextOptions = {}): string {
    const s = this.fitted('exportText()');
    return exportTextRules(s.trees[0], s.nFeatures, s.classes, options);
  }

  protected saveState(state: TreeState): Record<string, unknown> {
    return treesToJSON(state);
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): TreeStateC {
    return loadTree(state, nFeatures, true, this.rt()) as TreeStateC;
  }
}

/**
 * A decision tree regressor (scikit-learn's DecisionTreeRegressor): leaves predict the mean target.
 *
 * ```ts
 * const tree = new wl.DecisionTreeRegressor({ maxDepth: 4 }).fit(X, y);
 * tree.predict(Xtest); tree.score(Xtest, ytest);   // R²
 * ```
 */
export class DecisionTreeRegressor extends TreeModelRegressor<TreeOptions, TreeState> {
  static readonly kind = 'DecisionTreeRegressor';
  static readonly task = 'regressor';
  static readonly defaults: TreeOptions = { criterion: 'squared_error', ...TREE_DEFAULTS };

  constructor(options?: Partial<TreeOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: TreeOptions): void {
    checkTreeOptions(p, this.kind, REGRESSOR_CRITERIA);
  }

  /** Grows the tree on X (n×d) and targets y (n values). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    return this.commit(fitTree(this.rt(), p, this.kind, X, y, false));
  }

  get nodeCount(): number {
    return this.fitted('nodeCount').trees[0].nodeCount;
  }

  getDepth(): number {
    return treeDepth(this.fitted('getDepth()').trees[0]);
  }

  getNLeaves(): number {
    return treeLeaves(this.fitted('getNLeaves()').trees[0]);
  }

  exportTree(options: { featureNames?: readonly string[] } = {}): ExportedTree {
    const s = this.fitted('exportTree()');
    return exportTreeObject(s.trees[0], s.nFeatures, undefined, options.featureNames);
  }

  exportText(options: ExportTextOptions = {}): string {
    const s = this.fitted('exportText()');
    return exportTextRules(s.trees[0], s.nFeatures, undefined, options);
  }

  protected saveState(state: TreeState): Record<string, unknown> {
    return treesToJSON(state);
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): TreeState {
    return loadTree(state, nFeatures, false, this.rt());
  }
}

registerEstimator(DecisionTreeClassifier);
registerEstimator(DecisionTreeRegressor);
