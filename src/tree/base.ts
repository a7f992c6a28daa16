// What every tree model answers, one tree or a forest: predictions from the packed trees, the leaves
// rows end in and the impurity-based importances. DecisionTree* and RandomForest* add how they grow.
import { Classifier, Regressor } from '../base/estimator.js';
import { decodeLabels, type Classes, type Labels } from '../base/labels.js';
import { applyPacked } from './grow.js';
import { argmaxRows, predictTrees, type FittedTrees } from './fitted.js';

export interface TreeModelState extends FittedTrees {
  importances: Float64Array;
}

/** A classifier made of trees: probabilities are the (mean) class fractions of the leaves. */
export abstract class TreeModelClassifier<P extends object, S extends TreeModelState & { classes: Classes }> extends Classifier<P, S> {
  /** Class probabilities: n×K row-major (K = classes.length), the leaf class fractions averaged over the trees. */
  predictProba(X: unknown): Float64Array {
    return this.withInput(X, 'predictProba', (x, state) => predictTrees(this.rt(), state, x, true));
  }

  /** Natural log of predictProba (−Infinity for a zero probability). */
  predictLogProba(X: unknown): Float64Array {
    return this.predictProba(X).map(Math.log);
  }

  /** The most probable class of each row (the first of equals, in classes order). */
  predict(X: unknown): Labels {
    const proba = this.predictProba(X);
    const { classes } = this.fitted('predict');
    return decodeLabels(argmaxRows(proba, proba.length / classes.length, classes.length), classes);
  }

  /** Index of the leaf each row ends in, per tree: n×nTrees row-major (node ids as in exportTree). */
  apply(X: unknown): Int32Array {
    return this.withInput(X, 'apply', (x, state) => applyPacked(this.rt(), state.packed, x));
  }

  /** Mean decrease in impurity per feature, normalized to sum 1 (scikit-learn's feature_importances_). */
  get featureImportances(): Float64Array {
    return this.fitted('featureImportances').importances.slice();
  }

  /** Number of classes. */
  get nClasses(): number {
    return this.fitted('nClasses').classes.length;
  }
}

/** A regressor made of trees: predictions are the (mean) leaf values. */
export abstract class TreeModelRegressor<P extends object, S extends TreeModelState> extends Regressor<P, S> {
  /** The mean training target of each row's leaf, averaged over the trees: n values. */
  predict(X: unknown): Float64Array {
    return this.withInput(X, 'predict', (x, state) => predictTrees(this.rt(), state, x, false));
  }

  /** Index of the leaf each row ends in, per tree: n×nTrees row-major (node ids as in exportTree). */
  apply(X: unknown): Int32Array {
    return this.withInput(X, 'apply', (x, state) => applyPacked(this.rt(), state.packed, x));
  }

  /** Mean decrease in impurity per feature, normalized to sum 1 (scikit-learn's feature_importances_). */
  get featureImportances(): Float64Array {
    return this.fitted('featureImportances').importances.slice();
  }
}
