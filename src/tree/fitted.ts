// The fitted state every tree model shares (one tree or a forest), its model-file form and the
// prediction paths, so that DecisionTree* and RandomForest* differ only in how they grow.
import { ModelFormatError, ShapeError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import type { Runtime } from '../runtime/load.js';
import { readNumber } from '../io/format.js';
import { readTargets, readX, release } from '../base/input.js';
import { classesFromJSON, classesToJSON, encodeLabels, type Classes } from '../base/labels.js';
import { packTrees, predictPacked, type Packed, type TreeData } from './grow.js';
import { treeFromJSON, treeToJSON } from './structure.js';

export interface FittedTrees {
  nFeatures: number;
  /** Sorted labels (classifiers); undefined for regressors. */
  classes?: Classes;
  trees: TreeData[];
  /** The trees in the heap for prediction; `block` is its storage, listed here so the estimator owns and frees it. */
  packed: Packed;
  block: Matrix;
}

export function packState<S extends FittedTrees>(rt: Runtime, base: Omit<S, 'packed' | 'block'>, nOutputs: number): S {
  const packed = packTrees(rt, base.trees, nOutputs);
  return { ...base, packed, block: packed.block } as S;
}

/** Training data in the heap: X (float64) and y as class codes or values. The caller releases `x`. */
export function trainingData(rt: Runtime, X: unknown, y: unknown, classifier: boolean) {
  const x = readX(rt, X);
  try {
    const n = x.matrix.rows;
    if (classifier) {
      const { classes, codes } = encodeLabels(y, n);
      return { x, n, d: x.matrix.cols, classes, codes, values: undefined };
    }
    const t = readTargets(y, n);
    if (t.k !== 1) throw new ShapeError(`y: expected one target value per sample (a vector); multi-output trees are not supported, got ${n}×${t.k}`);
    return { x, n, d: x.matrix.cols, classes: undefined, codes: undefined, values: t.values };
  } catch (error) {
    release(x);
    throw error;
  }
}

/** Mean leaf values of X's rows over the trees: class probabilities (n×K) or predictions (n). */
export function predictTrees(rt: Runtime, state: FittedTrees, x: Matrix, classifier: boolean): Float64Array {
  return predictPacked(rt, state.packed, x, classifier);
}

/** The model-file fields of fitted trees (the estimator adds its own). */
export function treesToJSON(state: FittedTrees): Record<string, unknown> {
  const out: Record<string, unknown> = { trees: state.trees.map(treeToJSON) };
  if (state.classes) out.classes = classesToJSON(state.classes);
  return out;
}

// A generous bound for one tree from a file: 2^26 nodes (a tree holds at most 2n − 1 nodes).
const MAX_NODES = 2 ** 26;

/** Reads and checks the trees of a model file (count, structure, outputs); allocates nothing in the heap. */
export function treesFromJSON(state: Record<string, unknown>, nFeatures: number, classifier: boolean, nTrees: number): { classes?: Classes; trees: TreeData[]; nOutputs: number } {
  let classes: Classes | undefined;
  if (classifier) classes = classesFromJSON(state.classes, 'model.state.classes');
  else if (state.classes !== undefined) throw new ModelFormatError('model.state: a regressor has no classes');
  const nOutputs = classes ? classes.length : 1;
  const list = state.trees;
  if (!Array.isArray(list) || list.length !== nTrees) {
    throw new ModelFormatError(`model.state.trees: expected an array of ${nTrees} tree${nTrees === 1 ? '' : 's'}, got ${Array.isArray(list) ? `${list.length}` : typeof list}`);
  }
  const trees = list.map((t, i) => treeFromJSON(t, `model.state.trees[${i}]`, nFeatures, nOutputs, classifier, MAX_NODES));
  return { classes, trees, nOutputs };
}

/** An optional finite number field (null when absent). */
export function readOptionalNumber(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  return readNumber(value, field);
}

/** Index of the largest value in each row of an n×k array (the first on ties, as numpy's argmax). */
export function argmaxRows(p: Float64Array, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (p[i * k + j] > p[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}
