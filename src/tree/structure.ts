// What can be read off a fitted tree without Wasm: importances, depth, leaves, model-file checks and
// the two exports (a plain object, and text rules like sklearn.tree.export_text).
import { InvalidParameterError, ModelFormatError } from '../errors.js';
import { decodeArray, encodeArray, readNumber, readObject } from '../io/format.js';
import type { TreeData } from './grow.js';

/**
 * Mean decrease in impurity per feature (scikit-learn's compute_feature_importances): each split adds
 * w·impurity − w_left·impurity_left − w_right·impurity_right to its feature, divided by the root's
 * weight; normalized to sum 1 unless every split decreased nothing.
 */
export function featureImportances(tree: TreeData, nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  const { left, right, feature, impurity: imp, weightedNNodeSamples: w } = tree;
  for (let i = 0; i < tree.nodeCount; i++) {
    const l = left[i];
    if (l < 0) continue;
    const r = right[i];
    out[feature[i]] += w[i] * imp[i] - w[l] * imp[l] - w[r] * imp[r];
  }
  // the division by the root's weight cancels in the normalization, but keeps scikit-learn's rounding
  for (let j = 0; j < nFeatures; j++) out[j] /= w[0];
  let s = 0;
  for (let j = 0; j < nFeatures; j++) s += out[j];
  if (s > 0) for (let j = 0; j < nFeatures; j++) out[j] /= s;
  return out;
}

/** Depth of the tree (a lone root has depth 0). */
export function treeDepth(tree: TreeData): number {
  if (tree.nodeCount === 0) return 0;
  const depth = new Int32Array(tree.nodeCount);
  let max = 0;
  // children always have larger indices than their parent (both builders append them after it)
  for (let i = 0; i < tree.nodeCount; i++) {
    const l = tree.left[i];
    if (l < 0) continue;
    depth[l] = depth[tree.right[i]] = depth[i] + 1;
    if (depth[i] + 1 > max) max = depth[i] + 1;
  }
  return max;
}

export function treeLeaves(tree: TreeData): number {
  let n = 0;
  for (let i = 0; i < tree.nodeCount; i++) if (tree.left[i] < 0) n++;
  return n;
}

// ---- model files ----

export function treeToJSON(tree: TreeData): Record<string, unknown> {
  return {
    nodeCount: tree.nodeCount,
    feature: encodeArray(tree.feature),
    threshold: encodeArray(tree.threshold),
    left: encodeArray(tree.left),
    right: encodeArray(tree.right),
    value: encodeArray(tree.value, [tree.nodeCount, tree.nOutputs]),
    impurity: encodeArray(tree.impurity),
    nNodeSamples: encodeArray(tree.nNodeSamples),
    weightedNNodeSamples: encodeArray(tree.weightedNNodeSamples),
  };
}

const TREE_KEYS = ['nodeCount', 'feature', 'threshold', 'left', 'right', 'value', 'impurity', 'nNodeSamples', 'weightedNNodeSamples'];

/**
 * Reads a tree from a model file and checks that it is one: at least one node; every split's children
 * in range, with larger indices than the split (so there is no cycle and every node has one parent,
 * the form both builders write); leaves with children −1 and feature −2; split features < nFeatures;
 * finite thresholds (decodeArray checks finiteness); values non-negative class weights for a classifier.
 */
export function treeFromJSON(value: unknown, field: string, nFeatures: number, nOutputs: number, classifier: boolean, maxNodes: number): TreeData {
  const o = readObject(value, field, TREE_KEYS);
  const count = readNumber(o.nodeCount, `${field}.nodeCount`, { integer: true, min: 1, max: maxNodes });
  const feature = decodeArray(o.feature, `${field}.feature`, 'int32', [count]);
  const threshold = decodeArray(o.threshold, `${field}.threshold`, 'float64', [count]);
  const left = decodeArray(o.left, `${field}.left`, 'int32', [count]);
  const right = decodeArray(o.right, `${field}.right`, 'int32', [count]);
  const values = decodeArray(o.value, `${field}.value`, 'float64', [count, nOutputs]);
  const impurity = decodeArray(o.impurity, `${field}.impurity`, 'float64', [count]);
  const nNodeSamples = decodeArray(o.nNodeSamples, `${field}.nNodeSamples`, 'int32', [count]);
  const weighted = decodeArray(o.weightedNNodeSamples, `${field}.weightedNNodeSamples`, 'float64', [count]);
  const parents = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const l = left[i], r = right[i];
    if (l === -1 && r === -1) {
      if (feature[i] !== -2) throw new ModelFormatError(`${field}.feature[${i}]: a leaf has feature -2, got ${feature[i]}`);
    } else {
      if (!(l > i && l < count && r > i && r < count && l !== r)) {
        throw new ModelFormatError(`${field}: node ${i} has children ${l} and ${r}; expected two distinct nodes after it (indices ${i + 1}..${count - 1}) or -1 and -1 for a leaf`);
      }
      if (parents[l]++ || parents[r]++) throw new ModelFormatError(`${field}: node ${parents[l] > 1 ? l : r} has two parents`);
      if (!(feature[i] >= 0 && feature[i] < nFeatures)) throw new ModelFormatError(`${field}.feature[${i}]: expected a feature index in [0, ${nFeatures - 1}], got ${feature[i]}`);
    }
    if (nNodeSamples[i] < 0) throw new ModelFormatError(`${field}.nNodeSamples[${i}]: expected a count >= 0, got ${nNodeSamples[i]}`);
  }
  for (let i = 1; i < count; i++) if (parents[i] !== 1) throw new ModelFormatError(`${field}: node ${i} is not reachable from the root`);
  if (classifier) {
    for (let i = 0; i < values.length; i++) if (values[i] < 0) throw new ModelFormatError(`${field}.value: class weights must be >= 0, got ${values[i]}`);
  }
  return { nodeCount: count, nOutputs, feature, threshold, left, right, value: values, impurity, nNodeSamples, weightedNNodeSamples: weighted };
}

// ---- exports ----

/** One node of `exportTree()`. Leaves have `left`/`right` −1 and no feature or threshold. */
export interface ExportedNode {
  id: number;
  /** Split feature index (null at a leaf). */
  feature: number | null;
  /** Its name, when featureNames were given. */
  featureName?: string;
  /** Samples with x[feature] <= threshold go left (null at a leaf). */
  threshold: number | null;
  left: number;
  right: number;
  depth: number;
  impurity: number;
  nSamples: number;
  weightedNSamples: number;
  /** Weighted class counts (classifier) or [mean target] (regressor). */
  value: number[];
  /** Classifier only: the predicted class at this node. */
  class?: number | string;
}

/** The tree as a plain, JSON-serializable object (scikit-learn's tree_ arrays, one object per node). */
export interface ExportedTree {
  nodeCount: number;
  maxDepth: number;
  nLeaves: number;
  nFeatures: number;
  classes?: (number | string)[];
  /** nodes[0] is the root; children come after their parent. */
  nodes: ExportedNode[];
}

export function exportTreeObject(tree: TreeData, nFeatures: number, classes?: readonly (number | string)[], featureNames?: readonly string[]): ExportedTree {
  if (featureNames !== undefined && (!Array.isArray(featureNames) || featureNames.length !== nFeatures)) {
    throw new InvalidParameterError(`exportTree: option "featureNames" must hold ${nFeatures} names, got ${Array.isArray(featureNames) ? featureNames.length : typeof featureNames}`);
  }
  const depth = new Int32Array(tree.nodeCount);
  const nodes: ExportedNode[] = [];
  for (let i = 0; i < tree.nodeCount; i++) {
    const l = tree.left[i];
    if (l >= 0) depth[l] = depth[tree.right[i]] = depth[i] + 1;
    const value = Array.from(tree.value.subarray(i * tree.nOutputs, (i + 1) * tree.nOutputs));
    const node: ExportedNode = {
      id: i,
      feature: l >= 0 ? tree.feature[i] : null,
      threshold: l >= 0 ? tree.threshold[i] : null,
      left: l,
      right: tree.right[i],
      depth: depth[i],
      impurity: tree.impurity[i],
      nSamples: tree.nNodeSamples[i],
      weightedNSamples: tree.weightedNNodeSamples[i],
      value,
    };
    if (featureNames && l >= 0) node.featureName = featureNames[tree.feature[i]];
    if (classes) node.class = classes[argmax(value)];
    nodes.push(node);
  }
  const out: ExportedTree = { nodeCount: tree.nodeCount, maxDepth: treeDepth(tree), nLeaves: treeLeaves(tree), nFeatures, nodes };
  if (classes) out.classes = [...classes];
  return out;
}

export interface ExportTextOptions {
  /** One name per feature (default feature_0, feature_1, …). */
  featureNames?: readonly string[];
  /** Deeper branches are printed as "truncated branch of depth k" (default 10). */
  maxDepth?: number;
  /** Width of one indentation level (default 3). */
  spacing?: number;
  /** Digits after the decimal point for thresholds and values (default 2). */
  decimals?: number;
  /** Classifier: print the class weights at each leaf too (default false). */
  showWeights?: boolean;
}

/** The tree as text rules, line for line as sklearn.tree.export_text prints them. */
export function exportTextRules(tree: TreeData, nFeatures: number, classes: readonly (number | string)[] | undefined, options: ExportTextOptions = {}): string {
  const allowed = ['featureNames', 'maxDepth', 'spacing', 'decimals', 'showWeights'];
  if (options === null || typeof options !== 'object') throw new InvalidParameterError(`exportText: expected an options object`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new InvalidParameterError(`exportText: unknown option "${key}"; expected one of ${allowed.join(', ')}`);
  }
  const { featureNames, maxDepth = 10, spacing = 3, decimals = 2, showWeights = false } = options;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new InvalidParameterError(`exportText: option "maxDepth" must be an integer >= 0, got ${maxDepth}`);
  if (!Number.isInteger(spacing) || spacing <= 0) throw new InvalidParameterError(`exportText: option "spacing" must be an integer > 0, got ${spacing}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) throw new InvalidParameterError(`exportText: option "decimals" must be an integer in [0, 20], got ${decimals}`);
  if (featureNames !== undefined && (!Array.isArray(featureNames) || featureNames.length !== nFeatures)) {
    throw new InvalidParameterError(`exportText: option "featureNames" must hold ${nFeatures} names, got ${Array.isArray(featureNames) ? featureNames.length : typeof featureNames}`);
  }
  const classification = classes !== undefined;
  const name = (f: number) => (featureNames ? String(featureNames[f]) : `feature_${f}`);
  const lines: string[] = [];
  const leaf = (node: number, indent: string) => {
    const value = Array.from(tree.value.subarray(node * tree.nOutputs, (node + 1) * tree.nOutputs));
    let val = '';
    if (showWeights || !classification) val = '[' + value.map((v) => fixed(v, decimals)).join(', ') + ']';
    if (classification) val += ' class: ' + String(classes![argmax(value)]);
    lines.push(classification ? (showWeights ? `${indent} weights: ${val}` : `${indent}${val}`) : `${indent} value: ${val}`);
  };
  const subtreeDepth = (node: number): number => {
    let best = 0;
    const stack: [number, number][] = [[node, 1]];
    while (stack.length) {
      const [i, d] = stack.pop()!;
      if (d > best) best = d;
      if (tree.left[i] >= 0) stack.push([tree.left[i], d + 1], [tree.right[i], d + 1]);
    }
    return best;
  };
  // iterative preorder (a fully grown tree can be deeper than the JS stack allows recursion)
  type Item = { node: number; depth: number } | { line: string };
  const todo: Item[] = [{ node: 0, depth: 1 }];
  while (todo.length) {
    const item = todo.pop()!;
    if ('line' in item) {
      lines.push(item.line);
      continue;
    }
    const { node, depth } = item;
    let indent = ('|' + ' '.repeat(spacing)).repeat(depth);
    indent = indent.slice(0, indent.length - spacing) + '-'.repeat(spacing);
    if (depth <= maxDepth + 1) {
      if (tree.left[node] >= 0) {
        const f = name(tree.feature[node]);
        const t = fixed(tree.threshold[node], decimals);
        lines.push(`${indent} ${f} <= ${t}`);
        todo.push({ node: tree.right[node], depth: depth + 1 }, { line: `${indent} ${f} >  ${t}` }, { node: tree.left[node], depth: depth + 1 });
      } else {
        leaf(node, indent);
      }
    } else {
      const sub = subtreeDepth(node);
      if (sub === 1) leaf(node, indent);
      else lines.push(`${indent} truncated branch of depth ${sub}`);
    }
  }
  return lines.map((l) => l + '\n').join('');
}

/**
 * x with `decimals` digits after the point as Python's '{:.{d}f}' (export_text's format) prints it:
 * the exact binary value is rounded, and an exact tie goes to the even digit (Python: 2.5 → '2',
 * 0.125 → '0.12'), where Number.prototype.toFixed rounds it away from zero ('3', '0.13').
 */
export function fixed(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  // the double's decimal expansion, exact to 100 digits ('1e+21', 'NaN', 'Infinity' never look like a tie)
  const exact = Math.abs(x).toFixed(100);
  const cut = exact.indexOf('.') + 1 + decimals;
  if (!/^50*$/.test(exact.slice(cut))) return Object.is(x, -0) ? '-' + s : s;
  const kept = exact.slice(0, decimals === 0 ? cut - 1 : cut);
  return Number(kept[kept.length - 1]) % 2 === 0 ? (x < 0 ? '-' : '') + kept : s;
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
