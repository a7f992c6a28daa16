// Splitting and model selection with scikit-learn's semantics: trainTestSplit, KFold, StratifiedKFold,
// crossValScore, GridSearchCV. Index bookkeeping runs in JS; the fits are the estimators' own.
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import { checkOptions, describe } from '../core/validate.js';
import { DisposedError, InvalidParameterError, NotFittedError, ShapeError, ValidationError } from '../errors.js';
import { checkInt, checkReal, checkSeed } from '../base/params.js';
import { encodeLabels } from '../base/labels.js';
import { Pipeline } from '../pipeline/index.js';
import * as metrics from '../metrics/index.js';

type Model = { fit(X: unknown, y?: unknown): unknown; score?(X: unknown, y: unknown): number; predict?(X: unknown): unknown; clone(): Model; dispose(): void; task?: string; setParams(p: Record<string, unknown>): unknown; getParams(): Record<string, unknown> };

function rowCount(X: unknown, name: string): number {
  if (X instanceof Matrix) return X.rows;
  if (Array.isArray(X) || ArrayBuffer.isView(X)) return (X as ArrayLike<unknown>).length;
  throw new ValidationError(`${name}: expected number[][] or a Matrix, got ${describe(X)}`);
}

/** Rows `idx` of X (number[][] → number[][], Matrix → a new Matrix) or of a label vector. */
function take(X: unknown, idx: ArrayLike<number>): any {
  if (X instanceof Matrix) {
    const out = Matrix.alloc(X.runtime, idx.length, X.cols, X.dtype);
    const src = X.data;
    const dst = out.data;
    for (let i = 0; i < idx.length; i++) dst.set(src.subarray(idx[i] * X.cols, (idx[i] + 1) * X.cols), i * X.cols);
    return out;
  }
  const a = X as ArrayLike<unknown>;
  return Array.from(idx, (i) => a[i]);
}

function withGenerator<R>(seed: number | undefined, fn: (g: Generator) => R): R {
  const g = new Generator(seed);
  try {
    return fn(g);
  } finally {
    g.dispose();
  }
}

export interface TrainTestSplitOptions {
  /** Share (0, 1) or count of test samples. Default 0.25. */
  testSize?: number;
  shuffle?: boolean;
  /** Labels whose class proportions both parts keep (usually y). */
  stratify?: ArrayLike<number | string>;
  seed?: number;
}

/** Splits X (and y) into random train and test parts: { XTrain, XTest, yTrain, yTest }. A Matrix X gives new Matrices. */
export function trainTestSplit(X: unknown, y?: unknown, options?: TrainTestSplitOptions): { XTrain: any; XTest: any; yTrain: any; yTest: any } {
  const o = checkOptions(options, ['testSize', 'shuffle', 'stratify', 'seed'], 'trainTestSplit');
  const n = rowCount(X, 'X');
  if (y !== undefined && rowCount(y, 'y') !== n) throw new ShapeError(`y: expected ${n} values (one per row of X), got ${rowCount(y, 'y')}`);
  const ts = o.testSize ?? 0.25;
  const nTest = typeof ts === 'number' && Number.isInteger(ts) && ts >= 1 ? checkInt(ts, 'trainTestSplit', 'testSize', 1, n - 1) : Math.ceil(checkReal(ts, 'trainTestSplit', 'testSize', { min: 0, max: 1, minOpen: true, maxOpen: true }) * n);
  if (nTest < 1 || nTest >= n) throw new InvalidParameterError(`trainTestSplit: option "testSize" leaves ${n - nTest} training and ${nTest} test samples of ${n}; both need at least one`);
  const seed = checkSeed(o.seed, 'trainTestSplit');
  let train: number[];
  let test: number[];
  if (o.stratify !== undefined) {
    const { codes, classes } = encodeLabels(o.stratify, n, 'stratify');
    [train, test] = withGenerator(seed, (g) => {
      // per class, a share of the test size proportional to the class size (largest remainders)
      const counts = new Array<number>(classes.length).fill(0);
      for (const c of codes) counts[c]++;
      const exact = counts.map((c) => (c * nTest) / n);
      const alloc = exact.map(Math.floor);
      let left = nTest - alloc.reduce((a, b) => a + b, 0);
      const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0]);
      for (const [, i] of order) if (left > 0 && alloc[i] < counts[i]) (alloc[i]++, left--);
      const tr: number[] = [];
      const te: number[] = [];
      for (let c = 0; c < classes.length; c++) {
        const members = [...codes.keys()].filter((i) => codes[i] === c);
        const p = g.permutation(members.length);
        p.forEach((q, r) => (r < alloc[c] ? te : tr).push(members[q]));
      }
      const pt = g.permutation(tr.length);
      const pe = g.permutation(te.length);
      return [Array.from(pt, (i) => tr[i]), Array.from(pe, (i) => te[i])];
    });
  } else if (o.shuffle === false) {
    train = Array.from({ length: n - nTest }, (_, i) => i);
    test = Array.from({ length: nTest }, (_, i) => n - nTest + i);
  } else {
    const p = withGenerator(seed, (g) => g.permutation(n));
    test = Array.from(p.subarray(0, nTest));
    train = Array.from(p.subarray(nTest));
  }
  return { XTrain: take(X, train), XTest: take(X, test), yTrain: y === undefined ? undefined : take(y, train), yTest: y === undefined ? undefined : take(y, test) };
}

export interface Split {
  train: Int32Array;
  test: Int32Array;
}

export interface KFoldOptions {
  nSplits?: number;
  shuffle?: boolean;
  seed?: number;
}

/** K consecutive folds (shuffled first with shuffle: true); the first n % k folds get one extra sample. */
export class KFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly seed: number | undefined;

  constructor(options?: KFoldOptions) {
    const o = checkOptions(options, ['nSplits', 'shuffle', 'seed'], 'KFold');
    this.nSplits = checkInt(o.nSplits ?? 5, 'KFold', 'nSplits', 2);
    this.shuffle = o.shuffle === true;
    this.seed = checkSeed(o.seed, 'KFold');
  }

  /** The nSplits (train, test) index pairs for X. */
  split(X: unknown, _y?: unknown): Split[] {
    const n = rowCount(X, 'X');
    if (n < this.nSplits) throw new InvalidParameterError(`KFold: option "nSplits" (${this.nSplits}) is more than the ${n} samples`);
    const order = this.shuffle ? withGenerator(this.seed, (g) => g.permutation(n)) : Int32Array.from({ length: n }, (_, i) => i);
    const folds = new Int32Array(n);
    for (let f = 0, start = 0; f < this.nSplits; f++) {
      const size = Math.floor(n / this.nSplits) + (f < n % this.nSplits ? 1 : 0);
      for (let i = start; i < start + size; i++) folds[order[i]] = f;
      start += size;
    }
    return splitsFrom(folds, this.nSplits);
  }
}

function splitsFrom(folds: Int32Array, k: number): Split[] {
  const out: Split[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    folds.forEach((v, i) => (v === f ? test : train).push(i));
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return out;
}

/** Folds that keep every class's proportion (scikit-learn's StratifiedKFold allocation). */
export class StratifiedKFold extends KFold {
  override split(X: unknown, y?: unknown): Split[] {
    const n = rowCount(X, 'X');
    const { codes, classes } = encodeLabels(y, n, 'y');
    const k = this.nSplits;
    const counts = new Array<number>(classes.length).fill(0);
    for (const c of codes) counts[c]++;
    if (Math.max(...counts) < k) throw new InvalidParameterError(`StratifiedKFold: option "nSplits" (${k}) is more than the members of every class`);
    // scikit-learn: sort the labels, deal them to folds in turn; fold f gets bincount(sorted[f::k]) of each class
    const sorted = Array.from(codes).sort((a, b) => a - b);
    const alloc = Array.from({ length: k }, (_, f) => {
      const a = new Array<number>(classes.length).fill(0);
      for (let i = f; i < n; i += k) a[sorted[i]]++;
      return a;
    });
    const folds = new Int32Array(n);
    withGenerator(this.seed, (g) => {
      for (let c = 0; c < classes.length; c++) {
        const members = [...codes.keys()].filter((i) => codes[i] === c);
        const assignment: number[] = [];
        for (let f = 0; f < k; f++) for (let q = 0; q < alloc[f][c]; q++) assignment.push(f);
        const order = this.shuffle ? Array.from(g.permutation(assignment.length), (i) => assignment[i]) : assignment;
        members.forEach((m, i) => (folds[m] = order[i]));
      }
    });
    return splitsFrom(folds, k);
  }
}

export type Scoring = 'accuracy' | 'r2' | 'neg_mean_squared_error' | 'neg_mean_absolute_error' | ((model: any, X: unknown, y: unknown) => number);

export interface CrossValOptions {
  /** Number of folds (StratifiedKFold for classifiers, KFold otherwise, as scikit-learn) or a splitter. Default 5. */
  cv?: number | KFold;
  /** Default: the model's score (accuracy or R²). */
  scoring?: Scoring;
}

function scorer(scoring: Scoring | undefined): (m: Model, X: unknown, y: unknown) => number {
  if (scoring === undefined) return (m, X, y) => m.score!(X, y);
  if (typeof scoring === 'function') return scoring;
  switch (scoring) {
    case 'accuracy':
      return (m, X, y) => metrics.accuracyScore(y as never, m.predict!(X) as never);
    case 'r2':
      return (m, X, y) => metrics.r2Score(y as never, m.predict!(X) as never);
    case 'neg_mean_squared_error':
      return (m, X, y) => -metrics.meanSquaredError(y as never, m.predict!(X) as never);
    case 'neg_mean_absolute_error':
      return (m, X, y) => -metrics.meanAbsoluteError(y as never, m.predict!(X) as never);
  }
  throw new InvalidParameterError(`scoring: expected 'accuracy', 'r2', 'neg_mean_squared_error', 'neg_mean_absolute_error' or a function, got ${describe(scoring)}`);
}

function isClassifier(m: Model): boolean {
  if (m instanceof Pipeline) return (m.steps[m.steps.length - 1][1] as Model).task === 'classifier';
  return m.task === 'classifier';
}

function splitter(cv: number | KFold | undefined, model: Model): KFold {
  if (cv instanceof KFold) return cv;
  const k = checkInt(cv ?? 5, 'crossValScore', 'cv', 2);
  return isClassifier(model) ? new StratifiedKFold({ nSplits: k }) : new KFold({ nSplits: k });
}

/** Scores of a fresh clone of `model` fitted on each training part and scored on its test part. */
export function crossValScore(model: Model, X: unknown, y: unknown, options?: CrossValOptions): Float64Array {
  const o = checkOptions(options, ['cv', 'scoring'], 'crossValScore');
  const score = scorer(o.scoring as Scoring | undefined);
  const splits = splitter(o.cv as number | KFold | undefined, model).split(X, y);
  return Float64Array.from(splits, ({ train, test }) => fitScore(model.clone(), X, y, train, test, score));
}

function fitScore(m: Model, X: unknown, y: unknown, train: Int32Array, test: Int32Array, score: (m: Model, X: unknown, y: unknown) => number): number {
  const Xtr = take(X, train);
  const Xte = take(X, test);
  try {
    m.fit(Xtr, y === undefined ? undefined : take(y, train));
    return score(m, Xte, y === undefined ? undefined : take(y, test));
  } finally {
    m.dispose();
    if (Xtr instanceof Matrix) Xtr.dispose();
    if (Xte instanceof Matrix) Xte.dispose();
  }
}

export interface GridSearchOptions extends CrossValOptions {
  /** Refit the best options on all the data (then predict/score use it). Default true. */
  refit?: boolean;
}

/** Every combination of the grid's values (a grid or a list of grids), in scikit-learn's order. */
function combinations(grid: Record<string, unknown[]> | Record<string, unknown[]>[]): Record<string, unknown>[] {
  const grids = Array.isArray(grid) ? grid : [grid];
  const out: Record<string, unknown>[] = [];
  for (const g of grids) {
    if (g === null || typeof g !== 'object') throw new InvalidParameterError('GridSearchCV: paramGrid must be an object of option → values (or a list of them)');
    const keys = Object.keys(g).sort();
    for (const k of keys) if (!Array.isArray(g[k]) || g[k].length === 0) throw new InvalidParameterError(`GridSearchCV: paramGrid.${k} must be a non-empty array of values`);
    let acc: Record<string, unknown>[] = [{}];
    for (const k of keys) acc = acc.flatMap((p) => g[k].map((v) => ({ ...p, [k]: v })));
    out.push(...acc);
  }
  return out;
}

/** Exhaustive search over a grid of options, scored by cross-validation (scikit-learn's GridSearchCV). */
export class GridSearchCV {
  readonly #model: Model;
  readonly #grid: Record<string, unknown>[];
  readonly #options: GridSearchOptions;
  #best: Model | undefined;
  #result: { bestParams: Record<string, unknown>; bestScore: number; bestIndex: number; cvResults: { params: Record<string, unknown>[]; meanTestScore: Float64Array; stdTestScore: Float64Array; rankTestScore: Int32Array } } | undefined;
  #disposed = false;

  constructor(model: Model, paramGrid: Record<string, unknown[]> | Record<string, unknown[]>[], options?: GridSearchOptions) {
    this.#options = checkOptions(options, ['cv', 'scoring', 'refit'], 'GridSearchCV') as GridSearchOptions;
    this.#model = model;
    this.#grid = combinations(paramGrid);
  }

  /** Cross-validates every combination; refits the best one on all of X, y (refit: true). Returns this. */
  fit(X: unknown, y?: unknown): this {
    if (this.#disposed) throw new DisposedError('this GridSearchCV was disposed');
    const score = scorer(this.#options.scoring);
    const splits = splitter(this.#options.cv, this.#model).split(X, y);
    const means = new Float64Array(this.#grid.length);
    const stds = new Float64Array(this.#grid.length);
    this.#grid.forEach((params, p) => {
      const s = splits.map(({ train, test }) => fitScore(this.#model.clone().setParams(params) as Model, X, y, train, test, score));
      const mean = s.reduce((a, b) => a + b, 0) / s.length;
      means[p] = mean;
      stds[p] = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length);
    });
    // rank 1 = best; ties share the lowest rank (scipy rankdata 'min'), the first best wins
    const rank = Int32Array.from(means, (m) => 1 + Array.from(means).filter((o) => o > m).length);
    let bestIndex = 0;
    means.forEach((m, i) => m > means[bestIndex] && (bestIndex = i));
    this.#best?.dispose();
    this.#best = undefined;
    if (this.#options.refit !== false) this.#best = (this.#model.clone().setParams(this.#grid[bestIndex]) as Model).fit(X, y) as Model;
    this.#result = { bestParams: { ...this.#grid[bestIndex] }, bestScore: means[bestIndex], bestIndex, cvResults: { params: this.#grid.map((g) => ({ ...g })), meanTestScore: means, stdTestScore: stds, rankTestScore: rank } };
    return this;
  }

  get bestParams(): Record<string, unknown> {
    return { ...this.#fitted().bestParams };
  }
  get bestScore(): number {
    return this.#fitted().bestScore;
  }
  get bestIndex(): number {
    return this.#fitted().bestIndex;
  }
  get cvResults() {
    return this.#fitted().cvResults;
  }
  /** The best options refitted on all the data (owned by the search: dispose() frees it). */
  get bestEstimator(): any {
    this.#fitted();
    if (!this.#best) throw new InvalidParameterError('GridSearchCV: no bestEstimator with refit: false');
    return this.#best;
  }

  predict(X: unknown): unknown {
    return this.bestEstimator.predict(X);
  }
  score(X: unknown, y: unknown): number {
    return scorer(this.#options.scoring)(this.bestEstimator, X, y);
  }

  dispose(): void {
    this.#best?.dispose();
    this.#best = undefined;
    this.#disposed = true;
  }

  #fitted() {
    if (this.#disposed) throw new DisposedError('this GridSearchCV was disposed');
    if (!this.#result) throw new NotFittedError('GridSearchCV: results are not available before fit(X, y)');
    return this.#result;
  }
}
