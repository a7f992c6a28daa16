// Options shared by the trees and forests: their checks (at fit, naming the option) and their
// resolution against the data, with scikit-learn's meanings. JavaScript has one number type, so a
// count and a fraction are told apart by value: an integer ≥ 1 is a count, a number in (0, 1) a
// fraction of the samples (or features). scikit-learn's `max_features=1.0` (every feature) is `null` here.
import { InvalidParameterError } from '../errors.js';
import { describe } from '../core/validate.js';
import { checkChoice, checkInt, checkReal, checkSeed } from '../base/params.js';
import { CRITERIA, type Criterion, type GrowOptions } from './grow.js';

/** How many features a split may look at (scikit-learn's max_features). */
export type MaxFeatures = number | 'sqrt' | 'log2' | null;

export interface TreeOptions {
  /** Split quality: 'gini' | 'entropy' | 'log_loss' (classifiers), 'squared_error' | 'friedman_mse' (regressors). */
  criterion: Criterion;
  /** Maximum depth (null: grow until the leaves are pure or too small). */
  maxDepth: number | null;
  /** Samples a node needs to be split: an integer ≥ 2, or a fraction in (0, 1) of n. Default 2. */
  minSamplesSplit: number;
  /** Samples each leaf must keep: an integer ≥ 1, or a fraction in (0, 1) of n. Default 1. */
  minSamplesLeaf: number;
  /** Fraction of the total sample weight each leaf must keep, in [0, 0.5]. Default 0. */
  minWeightFractionLeaf: number;
  /** Features drawn per split: an integer count, a fraction in (0, 1), 'sqrt', 'log2', or null for all. */
  maxFeatures: MaxFeatures;
  /** Grow best-first (largest impurity decrease first) up to this many leaves; null: depth-first, unlimited. */
  maxLeafNodes: number | null;
  /** Split only when the weighted impurity decrease is at least this. Default 0. */
  minImpurityDecrease: number;
  /** Seed: features are drawn in a random order at every node. 0..2^32−1 grows scikit-learn's tree for random_state=seed. null: fresh randomness. */
  seed: number | null;
}

export const TREE_DEFAULTS = {
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: null,
  maxLeafNodes: null,
  minImpurityDecrease: 0,
  seed: null,
} as const;

export const CLASSIFIER_CRITERIA = ['gini', 'entropy', 'log_loss'] as const;
export const REGRESSOR_CRITERIA = ['squared_error', 'friedman_mse'] as const;

const isFraction = (v: unknown): v is number => typeof v === 'number' && v > 0 && v < 1;

/** Checks the shared tree options; InvalidParameterError naming the option. */
export function checkTreeOptions(p: TreeOptions, kind: string, criteria: readonly string[]): void {
  checkChoice(p.criterion, kind, 'criterion', criteria);
  if (p.maxDepth !== null) checkInt(p.maxDepth, kind, 'maxDepth', 1);
  if (!isFraction(p.minSamplesSplit)) checkCount(p.minSamplesSplit, kind, 'minSamplesSplit', 2);
  if (!isFraction(p.minSamplesLeaf)) checkCount(p.minSamplesLeaf, kind, 'minSamplesLeaf', 1);
  checkReal(p.minWeightFractionLeaf, kind, 'minWeightFractionLeaf', { min: 0, max: 0.5 });
  const mf = p.maxFeatures;
  if (!(mf === null || mf === 'sqrt' || mf === 'log2' || isFraction(mf) || (Number.isInteger(mf) && (mf as number) >= 1 && (mf as number) <= 2 ** 31 - 1))) {
    throw new InvalidParameterError(`${kind}: option "maxFeatures" must be an integer >= 1, a fraction in (0, 1), 'sqrt', 'log2' or null, got ${describe(mf)}`);
  }
  if (p.maxLeafNodes !== null) checkInt(p.maxLeafNodes, kind, 'maxLeafNodes', 2, 2 ** 30);
  checkReal(p.minImpurityDecrease, kind, 'minImpurityDecrease', { min: 0 });
  checkSeed(p.seed ?? undefined, kind);
}

function checkCount(v: unknown, kind: string, name: string, min: number): void {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 2 ** 31 - 1)) {
    throw new InvalidParameterError(`${kind}: option "${name}" must be an integer >= ${min} or a fraction in (0, 1), got ${describe(v)}`);
  }
}

/** The options as the kernel takes them, for n samples of d features (scikit-learn's BaseDecisionTree.fit). */
export function growOptions(p: TreeOptions, n: number, d: number, kind: string): GrowOptions {
  const minSamplesLeaf = isFraction(p.minSamplesLeaf) ? Math.ceil(p.minSamplesLeaf * n) : p.minSamplesLeaf;
  let minSamplesSplit = isFraction(p.minSamplesSplit) ? Math.max(2, Math.ceil(p.minSamplesSplit * n)) : p.minSamplesSplit;
  minSamplesSplit = Math.min(2 ** 31 - 1, Math.max(minSamplesSplit, 2 * minSamplesLeaf));
  return {
    criterion: CRITERIA[p.criterion],
    maxDepth: p.maxDepth ?? -1,
    minSamplesSplit,
    minSamplesLeaf,
    minWeightFractionLeaf: p.minWeightFractionLeaf,
    minImpurityDecrease: p.minImpurityDecrease,
    maxFeatures: resolveMaxFeatures(p.maxFeatures, d, kind),
    maxLeafNodes: p.maxLeafNodes ?? 0,
  };
}

/** scikit-learn's max_features_: 'sqrt' → ⌊√d⌋, 'log2' → ⌊log2 d⌋, a fraction f → ⌊f·d⌋ (each at least 1). */
export function resolveMaxFeatures(mf: MaxFeatures, d: number, kind: string): number {
  if (mf === null) return d;
  if (mf === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (mf === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (isFraction(mf)) return Math.max(1, Math.floor(mf * d));
  if (mf > d) throw new InvalidParameterError(`${kind}: option "maxFeatures" must be at most the number of features (${d}), got ${mf}`);
  return mf;
}
