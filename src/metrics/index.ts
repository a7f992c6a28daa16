// Scoring functions with scikit-learn's definitions. One pass over n labels or values each: they run
// in JS (an O(n) loop over JS-owned predictions costs less than copying them into the heap).
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { checkOptions, describe } from '../core/validate.js';
import type { Label } from '../base/labels.js';

type LabelArray = ArrayLike<number | string>;
type Values = ArrayLike<number> | number[][] | Matrix;

function labels(y: unknown, name: string): LabelArray {
  if (y instanceof Matrix) return y.toTypedArray();
  if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new ValidationError(`${name}: expected an array of labels, got ${describe(y)}`);
  const a = y as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === 'string') continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(`${name}[${i}]: expected a finite number or a string label, got ${describe(v)}`);
  }
  return a as LabelArray;
}

function pair(yTrue: unknown, yPred: unknown, predName = 'yPred'): [LabelArray, LabelArray] {
  const t = labels(yTrue, 'yTrue');
  const p = labels(yPred, predName);
  if (t.length !== p.length) throw new ShapeError(`${predName}: expected ${t.length} values (like yTrue), got ${p.length}`);
  if (t.length === 0) throw new ValidationError('yTrue: expected at least one sample');
  return [t, p];
}

/** Sorted distinct labels of the arrays (numbers ascending, or strings). */
function uniqueLabels(...arrays: LabelArray[]): Label[] {
  const set = new Set<Label>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) set.add(a[i]);
  const out = [...set];
  const kinds = new Set(out.map((v) => typeof v));
  if (kinds.size > 1) throw new ValidationError('yTrue, yPred: labels mix numbers and strings');
  return kinds.has('number') ? (out as number[]).sort((a, b) => a - b) : (out as string[]).sort();
}

/** Fraction (or, with normalize: false, count) of samples whose predicted label equals the true one. */
export function accuracyScore(yTrue: LabelArray, yPred: LabelArray, options?: { normalize?: boolean }): number {
  const o = checkOptions(options, ['normalize'], 'accuracyScore');
  const [t, p] = pair(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hit++;
  return o.normalize === false ? hit : hit / t.length;
}

export interface ConfusionMatrixOptions {
  /** Label order of the rows and columns (default: the sorted labels of yTrue and yPred). */
  labels?: Label[];
  /** 'true' (rows sum to 1), 'pred' (columns), 'all', or none (counts). */
  normalize?: 'true' | 'pred' | 'all';
}

/** C[i][j] = number of samples with true label labels[i] predicted as labels[j]. */
export function confusionMatrix(yTrue: LabelArray, yPred: LabelArray, options?: ConfusionMatrixOptions): number[][] {
  const o = checkOptions(options, ['labels', 'normalize'], 'confusionMatrix');
  const [t, p] = pair(yTrue, yPred);
  const labs = o.labels === undefined ? uniqueLabels(t, p) : (labels(o.labels, 'labels') as Label[]);
  if (labs.length === 0) throw new InvalidParameterError('confusionMatrix: option "labels" must not be empty');
  const index = new Map<Label, number>(Array.from(labs, (l, i) => [l, i]));
  const k = labs.length;
  const C = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]);
    const b = index.get(p[i]);
    if (a !== undefined && b !== undefined) C[a][b]++;
  }
  if (o.normalize !== undefined) {
    if (!['true', 'pred', 'all'].includes(o.normalize as string)) throw new InvalidParameterError(`confusionMatrix: option "normalize" must be 'true', 'pred' or 'all', got ${describe(o.normalize)}`);
    const total = C.flat().reduce((s, v) => s + v, 0);
    const rowSums = C.map((r) => r.reduce((s, v) => s + v, 0));
    const colSums = C[0].map((_, j) => C.reduce((s, r) => s + r[j], 0));
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const den = o.normalize === 'all' ? total : o.normalize === 'true' ? rowSums[i] : colSums[j];
        C[i][j] = den === 0 ? 0 : C[i][j] / den;
      }
    }
  }
  return C;
}

export interface PrecisionRecallOptions {
  /** 'binary' (default: scores of posLabel only), 'micro', 'macro', 'weighted', or null (per label). */
  average?: 'binary' | 'micro' | 'macro' | 'weighted' | null;
  /** The positive class for average 'binary'. Default 1. */
  posLabel?: Label;
  /** F-beta's beta (default 1: the F1 score). */
  beta?: number;
  /** Labels to include, and their order for average null. */
  labels?: Label[];
  /** Value of 0/0 ratios (precision with no predicted positives…). Default 0. */
  zeroDivision?: number;
}

export interface PrecisionRecallResult<T> {
  precision: T;
  recall: T;
  fscore: T;
  /** Number of true samples per label (undefined when averaged, as scikit-learn returns None). */
  support: T | undefined;
}

/**
 * Precision tp/(tp+fp), recall tp/(tp+fn) and F-beta (1+β²)·P·R/(β²·P+R), per label or averaged as
 * scikit-learn's precision_recall_fscore_support.
 */
export function precisionRecallFscore(yTrue: LabelArray, yPred: LabelArray, options?: PrecisionRecallOptions & { average: null }): PrecisionRecallResult<number[]>;
export function precisionRecallFscore(yTrue: LabelArray, yPred: LabelArray, options?: PrecisionRecallOptions): PrecisionRecallResult<number>;
export function precisionRecallFscore(yTrue: LabelArray, yPred: LabelArray, options?: PrecisionRecallOptions): PrecisionRecallResult<number | number[]> {
  const o = checkOptions(options, ['average', 'posLabel', 'beta', 'labels', 'zeroDivision'], 'precisionRecallFscore', ['average']);
  const average = o.average === undefined ? 'binary' : o.average;
  if (average !== null && !['binary', 'micro', 'macro', 'weighted'].includes(average as string)) {
    throw new InvalidParameterError(`precisionRecallFscore: option "average" must be 'binary', 'micro', 'macro', 'weighted' or null, got ${describe(average)}`);
  }
  const beta = o.beta === undefined ? 1 : (o.beta as number);
  if (typeof beta !== 'number' || !(beta >= 0) || !Number.isFinite(beta)) throw new InvalidParameterError(`precisionRecallFscore: option "beta" must be a finite number >= 0, got ${describe(o.beta)}`);
  const zd = o.zeroDivision === undefined ? 0 : (o.zeroDivision as number);
  if (typeof zd !== 'number' || !Number.isFinite(zd)) throw new InvalidParameterError(`precisionRecallFscore: option "zeroDivision" must be a number, got ${describe(o.zeroDivision)}`);
  const [t, p] = pair(yTrue, yPred);
  const present = uniqueLabels(t, p);
  let labs: Label[];
  if (average === 'binary') {
    const pos = o.posLabel === undefined ? 1 : (o.posLabel as Label);
    if (present.length > 2) throw new ValidationError(`yTrue, yPred: average 'binary' needs at most 2 labels, found ${present.length}; choose average 'micro', 'macro', 'weighted' or null`);
    if (present.length === 2 && !present.includes(pos)) throw new InvalidParameterError(`precisionRecallFscore: option "posLabel" (${describe(pos)}) is not one of the labels ${present.join(', ')}`);
    labs = [pos];
  } else {
    labs = o.labels === undefined ? present : (labels(o.labels, 'labels') as Label[]);
  }
  const index = new Map<Label, number>(labs.map((l, i) => [l, i]));
  const k = labs.length;
  const tp = new Float64Array(k);
  const predicted = new Float64Array(k);
  const actual = new Float64Array(k);
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]);
    const b = index.get(p[i]);
    if (a !== undefined) actual[a]++;
    if (b !== undefined) predicted[b]++;
    if (a !== undefined && t[i] === p[i]) tp[a]++;
  }
  const ratio = (num: number, den: number): number => (den === 0 ? zd : num / den);
  const f = (P: number, R: number, tpv: number, pr: number, ac: number): number => {
    // sklearn computes F from counts: (1+β²)tp / ((1+β²)tp + β²fn + fp)
    const b2 = beta * beta;
    const den = (1 + b2) * tpv + b2 * (ac - tpv) + (pr - tpv);
    void P;
    void R;
    return den === 0 ? zd : ((1 + b2) * tpv) / den;
  };
  if (average === 'micro') {
    const TP = tp.reduce((s, v) => s + v, 0);
    const PR = predicted.reduce((s, v) => s + v, 0);
    const AC = actual.reduce((s, v) => s + v, 0);
    const P = ratio(TP, PR);
    const R = ratio(TP, AC);
    return { precision: P, recall: R, fscore: f(P, R, TP, PR, AC), support: undefined };
  }
  const P = Array.from(tp, (v, i) => ratio(v, predicted[i]));
  const R = Array.from(tp, (v, i) => ratio(v, actual[i]));
  const F = Array.from(tp, (v, i) => f(P[i], R[i], v, predicted[i], actual[i]));
  if (average === null) return { precision: P, recall: R, fscore: F, support: Array.from(actual) };
  if (average === 'binary') return { precision: P[0], recall: R[0], fscore: F[0], support: undefined };
  const total = actual.reduce((s, v) => s + v, 0);
  const w = average === 'weighted' ? Array.from(actual, (v) => (total === 0 ? 0 : v / total)) : new Array<number>(k).fill(1 / k);
  const avg = (v: number[]): number => v.reduce((s, x, i) => s + x * w[i], 0);
  return { precision: avg(P), recall: avg(R), fscore: avg(F), support: undefined };
}

// ---- regression ----

/** yTrue/yPred as n×k row-major numbers. */
function numericPair(yTrue: unknown, yPred: unknown): { t: ArrayLike<number>; p: ArrayLike<number>; n: number; k: number } {
  const read = (y: unknown, name: string): { v: ArrayLike<number>; n: number; k: number } => {
    if (y instanceof Matrix) return { v: y.toTypedArray(), n: y.rows, k: y.cols };
    if (!Array.isArray(y) && !ArrayBuffer.isView(y)) throw new ValidationError(`${name}: expected an array of numbers, got ${describe(y)}`);
    const a = y as ArrayLike<unknown>;
    if (a.length > 0 && Array.isArray(a[0])) {
      const rows = a as unknown as number[][];
      const k = rows[0].length;
      const v = new Float64Array(rows.length * k);
      rows.forEach((r, i) => {
        if (!Array.isArray(r) || r.length !== k) throw new ValidationError(`${name}: ragged rows at row ${i}`);
        r.forEach((x, j) => (v[i * k + j] = num(x, `${name}[${i}][${j}]`)));
      });
      return { v, n: rows.length, k };
    }
    for (let i = 0; i < a.length; i++) num(a[i], `${name}[${i}]`);
    return { v: a as ArrayLike<number>, n: a.length, k: 1 };
  };
  const t = read(yTrue, 'yTrue');
  const p = read(yPred, 'yPred');
  if (t.v.length !== p.v.length) throw new ShapeError(`yPred: expected ${t.v.length} values (like yTrue), got ${p.v.length}`);
  if (t.n === 0) throw new ValidationError('yTrue: expected at least one sample');
  // a flat prediction of n·k values (multi-target predict) pairs with n×k yTrue
  return { t: t.v, p: p.v, n: t.n, k: t.k };
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(`${where}: expected a finite number, got ${describe(v)}`);
  return v;
}

/** Mean of (yTrue − yPred)², averaged over targets. */
export function meanSquaredError(yTrue: Values, yPred: Values): number {
  const { t, p } = numericPair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (t[i] - p[i]) ** 2;
  return s / t.length;
}

/** Mean of |yTrue − yPred|, averaged over targets. */
export function meanAbsoluteError(yTrue: Values, yPred: Values): number {
  const { t, p } = numericPair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += Math.abs(t[i] - p[i]);
  return s / t.length;
}

/**
 * Coefficient of determination 1 − SS_res/SS_tot, uniformly averaged over targets. A constant yTrue
 * scores 1 when predicted exactly and 0 otherwise (scikit-learn's convention).
 */
export function r2Score(yTrue: Values, yPred: Values): number {
  const { t, p, n, k } = numericPair(yTrue, yPred);
  let total = 0;
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += t[i * k + j];
    mean /= n;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      res += (t[i * k + j] - p[i * k + j]) ** 2;
      tot += (t[i * k + j] - mean) ** 2;
    }
    total += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }
  return total / k;
}

// ---- probabilistic ----

/** Rows of probabilities: n×k, or n values (probability of the greater of two labels). */
function probaRows(yProba: unknown, n: number): { P: Float64Array; k: number } {
  if (yProba instanceof Matrix) {
    if (yProba.rows !== n) throw new ShapeError(`yProba: expected ${n} rows (like yTrue), got ${yProba.rows}`);
    return { P: Float64Array.from(yProba.data), k: yProba.cols };
  }
  if (!Array.isArray(yProba) && !ArrayBuffer.isView(yProba)) throw new ValidationError(`yProba: expected probabilities (n×k or n values), got ${describe(yProba)}`);
  const a = yProba as ArrayLike<unknown>;
  if (a.length !== n) throw new ShapeError(`yProba: expected ${n} rows (like yTrue), got ${a.length}`);
  if (Array.isArray(a[0]) || ArrayBuffer.isView(a[0])) {
    const k = (a[0] as ArrayLike<number>).length;
    const P = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const r = a[i] as ArrayLike<unknown>;
      if (r.length !== k) throw new ValidationError(`yProba: ragged rows at row ${i}`);
      for (let j = 0; j < k; j++) P[i * k + j] = num(r[j], `yProba[${i}][${j}]`);
    }
    return { P, k };
  }
  const P = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const v = num(a[i], `yProba[${i}]`);
    P[2 * i] = 1 - v;
    P[2 * i + 1] = v;
  }
  return { P, k: 2 };
}

/**
 * Cross-entropy −(1/n)·Σ log p(true label). yProba: n×k with columns in the sorted label order
 * (as predictProba), or n probabilities of the greater label for two classes. Probabilities are
 * clipped to [eps, 1 − eps] (eps of float64) and rows renormalized.
 */
export function logLoss(yTrue: LabelArray, yProba: Values, options?: { labels?: Label[] }): number {
  const o = checkOptions(options, ['labels'], 'logLoss');
  const t = labels(yTrue, 'yTrue');
  if (t.length === 0) throw new ValidationError('yTrue: expected at least one sample');
  const labs = o.labels === undefined ? uniqueLabels(t) : (labels(o.labels, 'labels') as Label[]);
  // scikit-learn refuses one label: which column of yProba it is cannot be known
  if (labs.length < 2) {
    if (o.labels === undefined) throw new ValidationError(`yTrue: contains only one label (${describe(labs[0])}); pass option labels with every label of yProba's columns`);
    throw new InvalidParameterError(`logLoss: option "labels" needs at least two labels, got ${labs.length}`);
  }
  const { P, k } = probaRows(yProba, t.length);
  const kk = labs.length;
  if (k !== kk) throw new ShapeError(`yProba: expected ${kk} columns (one per label of yTrue: ${labs.join(', ')}), got ${k}; pass option labels when yTrue lacks some`);
  const index = new Map<Label, number>(labs.map((l, i) => [l, i]));
  const eps = 2 ** -52;
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const c = index.get(t[i]);
    if (c === undefined) throw new ValidationError(`yTrue[${i}]: label ${describe(t[i])} is not in labels`);
    let rowSum = 0;
    for (let j = 0; j < k; j++) rowSum += Math.min(Math.max(P[i * k + j], eps), 1 - eps);
    s -= Math.log(Math.min(Math.max(P[i * k + c], eps), 1 - eps) / rowSum);
  }
  return s / t.length;
}

/**
 * Area under the ROC curve. Binary: yScore holds one score per sample for the greater label (ties
 * count one half: the Mann–Whitney U statistic). Multi-class: yScore n×k, one-vs-rest, macro average.
 */
export function rocAucScore(yTrue: LabelArray, yScore: Values): number {
  const t = labels(yTrue, 'yTrue');
  const labs = uniqueLabels(t);
  if (labs.length < 2) throw new ValidationError('yTrue: only one class present; ROC AUC is not defined');
  const n = t.length;
  const isMatrix = yScore instanceof Matrix || (Array.isArray(yScore) && Array.isArray((yScore as unknown[])[0]));
  if (labs.length === 2 && !isMatrix) {
    const s = probaRows(yScore, n).P; // [1 − v, v] pairs
    const scores = Float64Array.from({ length: n }, (_, i) => s[2 * i + 1]);
    return auc(Array.from(t, (v) => v === labs[1]), scores);
  }
  const { P, k } = probaRows(yScore, n);
  if (k !== labs.length) throw new ShapeError(`yScore: expected ${labs.length} columns (one per label), got ${k}`);
  let total = 0;
  for (let c = 0; c < k; c++) total += auc(Array.from(t, (v) => v === labs[c]), Float64Array.from({ length: n }, (_, i) => P[i * k + c]));
  return total / k;
}

function auc(positive: boolean[], scores: Float64Array): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1; // average rank of a tie group
    for (let q = i; q <= j; q++) if (positive[order[q]]) {
      rankSumPos += midRank;
      nPos++;
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new ValidationError('yTrue: only one class present; ROC AUC is not defined');
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
// clustering metrics (silhouette, adjusted Rand)
export { silhouetteScore, adjustedRandScore } from './cluster.js';
