// The registry of every estimator the package exports. The common suite (estimators.test.ts), the
// model-file fuzzer (load.fuzz.test.ts) and the soak test (soak.test.ts) run each entry through the
// same checks; registry.test.ts fails when an exported Estimator subclass has no entry here.
//
// To register a new estimator, add one entry: its export path, task, how to make it, small data, and
// out-of-range options. Opt out of a check only with a reason (`skip`).
import { rng, type WL } from '../helpers';

export type Task = 'classifier' | 'regressor' | 'transformer' | 'clusterer';

/** The data one check fits on: X and, for supervised tasks, y. */
export interface Data {
  X: number[][];
  y?: (number | string)[];
}

/** Names of the checks an entry may opt out of (with a reason). */
export type CheckName =
  | 'fitAttributes' | 'noMutation' | 'float32' | 'featureCount' | 'refit' | 'score' | 'badX' | 'badY'
  | 'oneSample' | 'stringLabels' | 'stringCells' | 'seed' | 'roundTrip' | 'dispose' | 'fuzz' | 'soak';

export interface Entry {
  /** Export path: 'LinearRegression', 'preprocessing.StandardScaler'. */
  name: string;
  task: Task;
  /** Small training data (a fresh copy per call). */
  data: () => Data;
  /** Options that make a valid model; seeded estimators pass a seed here. Default {}. */
  options?: Record<string, unknown>;
  /** Options out of range: fit must throw InvalidParameterError whose message contains `name`. */
  badParams: { options: Record<string, unknown>; name: string }[];
  /** Checks that do not apply, with the reason. */
  skip?: Partial<Record<CheckName, string>>;
  /** The numbers a fitted model produces for X (default: predict, transform or labels by task). */
  output?: (est: any, X: unknown) => (number | string)[];
}

/** n×d features, uniform in [-2, 2), deterministic. */
export function features(n: number, d: number, seed: number): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => Math.fround(4 * r() - 2)));
}

/** A noisy linear target for X. */
export function linearTarget(X: number[][], seed: number): number[] {
  const r = rng(seed);
  return X.map((row) => Math.fround(row.reduce((s, v, j) => s + (j % 3 === 0 ? 2 : -1) * v, 0.5) + 0.1 * (r() - 0.5)));
}

/** Labels 0..k-1 from well separated blobs around k centers. */
export function blobs(n: number, d: number, k: number, seed: number): Data {
  const r = rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    X.push(Array.from({ length: d }, (_, j) => Math.fround((j === c % d ? 3 * (c + 1) : 0) + r() - 0.5)));
    y.push(c);
  }
  return { X, y };
}

const regression = (): Data => {
  const X = features(40, 4, 1);
  return { X, y: linearTarget(X, 2) };
};

export const REGISTRY: Entry[] = [
  {
    name: 'LinearRegression',
    task: 'regressor',
    data: regression,
    badParams: [{ options: { fitIntercept: 'yes' }, name: 'fitIntercept' }],
  },
  {
    name: 'Ridge',
    task: 'regressor',
    data: regression,
    options: { alpha: 0.5 },
    badParams: [
      { options: { alpha: -1 }, name: 'alpha' },
      { options: { alpha: [1, 2] }, name: 'alpha' },
      { options: { alpha: NaN }, name: 'alpha' },
      { options: { solver: 'lsqr' }, name: 'solver' },
    ],
  },
  {
    name: 'Lasso',
    task: 'regressor',
    data: regression,
    options: { alpha: 0.05 },
    badParams: [
      { options: { alpha: -0.1 }, name: 'alpha' },
      { options: { maxIter: 0 }, name: 'maxIter' },
      { options: { tol: -1 }, name: 'tol' },
      { options: { warmStart: 1 }, name: 'warmStart' },
    ],
  },
  {
    name: 'ElasticNet',
    task: 'regressor',
    data: regression,
    options: { alpha: 0.05, l1Ratio: 0.3 },
    badParams: [
      { options: { alpha: -0.1 }, name: 'alpha' },
      { options: { l1Ratio: 1.5 }, name: 'l1Ratio' },
      { options: { l1Ratio: -0.1 }, name: 'l1Ratio' },
      { options: { maxIter: 2.5 }, name: 'maxIter' },
    ],
  },
  {
    name: 'preprocessing.PolynomialFeatures',
    task: 'transformer',
    data: () => ({ X: features(20, 3, 3) }),
    options: { degree: 3 },
    badParams: [
      { options: { degree: -1 }, name: 'degree' },
      { options: { degree: 1.5 }, name: 'degree' },
      { options: { includeBias: 0 }, name: 'includeBias' },
      { options: { degree: 65 }, name: 'degree' },
    ],
  },
  {
    name: 'preprocessing.StandardScaler',
    task: 'transformer',
    data: () => ({ X: features(30, 4, 4) }),
    badParams: [{ options: { withMean: 'no' }, name: 'withMean' }, { options: { withStd: null }, name: 'withStd' }],
  },
  {
    name: 'preprocessing.MinMaxScaler',
    task: 'transformer',
    data: () => ({ X: features(30, 4, 5) }),
    options: { featureRange: [-1, 1] },
    badParams: [{ options: { featureRange: [1, 0] }, name: 'featureRange' }, { options: { featureRange: [0, Infinity] }, name: 'featureRange' }],
  },
  {
    name: 'preprocessing.OneHotEncoder',
    task: 'transformer',
    data: () => ({ X: features(30, 3, 6).map((r) => r.map((v) => Math.floor(v + 2))) }),
    badParams: [{ options: { handleUnknown: 'skip' }, name: 'handleUnknown' }],
    skip: { stringCells: 'categories may be strings: a string cell is a category, not an error' },
  },
  // clustering, neighbours, naive Bayes
  {
    name: 'KMeans',
    task: 'clusterer',
    data: () => ({ X: blobs(30, 3, 3, 5).X }),
    options: { nClusters: 3, seed: 1 },
    badParams: [
      { options: { nClusters: 0 }, name: 'nClusters' },
      { options: { tol: -1 }, name: 'tol' },
      { options: { init: 'best' }, name: 'init' },
      { options: { maxIter: 0 }, name: 'maxIter' },
    ],
  },
  {
    name: 'MiniBatchKMeans',
    task: 'clusterer',
    data: () => ({ X: blobs(30, 3, 3, 9).X }),
    options: { nClusters: 3, batchSize: 10, seed: 1 },
    badParams: [
      { options: { nClusters: 0 }, name: 'nClusters' },
      { options: { batchSize: 0 }, name: 'batchSize' },
      { options: { reassignmentRatio: -1 }, name: 'reassignmentRatio' },
    ],
  },
  {
    name: 'PCA',
    task: 'transformer',
    data: () => ({ X: features(30, 5, 10) }),
    options: { nComponents: 3 },
    badParams: [
      { options: { nComponents: 0 }, name: 'nComponents' },
      { options: { nComponents: 1.5 }, name: 'nComponents' },
      { options: { svdSolver: 'arpack' }, name: 'svdSolver' },
      { options: { whiten: 1 }, name: 'whiten' },
    ],
    skip: { oneSample: 'PCA needs at least 2 samples; one sample is refused with a ShapeError naming X' },
  },
  {
    name: 'AgglomerativeClustering',
    task: 'clusterer',
    data: () => ({ X: blobs(30, 3, 3, 6).X }),
    options: { nClusters: 3 },
    badParams: [
      { options: { linkage: 'median' }, name: 'linkage' },
      { options: { nClusters: 0 }, name: 'nClusters' },
      { options: { nClusters: null, distanceThreshold: -1 }, name: 'distanceThreshold' },
    ],
  },
  {
    name: 'KNeighborsClassifier',
    task: 'classifier',
    data: () => blobs(30, 3, 3, 7),
    options: { nNeighbors: 3 },
    badParams: [
      { options: { nNeighbors: 0 }, name: 'nNeighbors' },
      { options: { weights: 'gaussian' }, name: 'weights' },
    ],
    skip: { oneSample: 'needs nNeighbors (3) training samples; one sample is refused with InvalidParameterError naming nNeighbors' },
  },
  {
    name: 'KNeighborsRegressor',
    task: 'regressor',
    data: regression,
    options: { nNeighbors: 3 },
    badParams: [
      { options: { nNeighbors: -1 }, name: 'nNeighbors' },
      { options: { weights: 1 }, name: 'weights' },
    ],
    skip: { oneSample: 'needs nNeighbors (3) training samples; one sample is refused with InvalidParameterError naming nNeighbors' },
  },
  {
    name: 'GaussianNB',
    task: 'classifier',
    data: () => blobs(30, 3, 3, 8),
    badParams: [
      { options: { varSmoothing: -1 }, name: 'varSmoothing' },
      { options: { priors: [0.5, 0.6, -0.1] }, name: 'priors' },
    ],
  },
  // classifiers: logistic regression, SGD, linear and kernel SVMs (decision values: finer than labels)
  {
    name: 'LogisticRegression',
    task: 'classifier',
    data: () => blobs(30, 3, 3, 9),
    badParams: [
      { options: { C: -1 }, name: 'C' },
      { options: { penalty: 'l3' }, name: 'penalty' },
      { options: { penalty: 'elasticnet', l1Ratio: 2 }, name: 'l1Ratio' },
      { options: { maxIter: -1 }, name: 'maxIter' },
      { options: { tol: -1 }, name: 'tol' },
    ],
    output: (est, X) => Array.from(est.predictProba(X) as Float64Array),
  },
  {
    name: 'SGDClassifier',
    task: 'classifier',
    data: () => blobs(30, 3, 3, 10),
    options: { seed: 3 },
    badParams: [
      { options: { alpha: -1 }, name: 'alpha' },
      { options: { loss: 'cubic' }, name: 'loss' },
      { options: { learningRate: 'constant', eta0: 0 }, name: 'eta0' },
      { options: { l1Ratio: 1.5 }, name: 'l1Ratio' },
      { options: { maxIter: 0 }, name: 'maxIter' },
    ],
    output: (est, X) => Array.from(est.decisionFunction(X) as Float64Array),
  },
  {
    name: 'SGDRegressor',
    task: 'regressor',
    data: regression,
    options: { seed: 4 },
    badParams: [
      { options: { epsilon: -1 }, name: 'epsilon' },
      { options: { loss: 'hinge' }, name: 'loss' },
      { options: { penalty: 'l0' }, name: 'penalty' },
      { options: { tol: -0.5 }, name: 'tol' },
    ],
  },
  {
    name: 'LinearSVC',
    task: 'classifier',
    data: () => blobs(30, 3, 3, 11),
    options: { seed: 5 },
    badParams: [
      { options: { C: 0 }, name: 'C' },
      { options: { loss: 'l1' }, name: 'loss' },
      { options: { interceptScaling: 0 }, name: 'interceptScaling' },
      { options: { maxIter: 0 }, name: 'maxIter' },
    ],
    output: (est, X) => Array.from(est.decisionFunction(X) as Float64Array),
  },
  {
    name: 'SVC',
    task: 'classifier',
    data: () => blobs(30, 3, 3, 12),
    badParams: [
      { options: { C: -1 }, name: 'C' },
      { options: { gamma: -1 }, name: 'gamma' },
      { options: { kernel: 'cubic' }, name: 'kernel' },
      { options: { degree: -1 }, name: 'degree' },
      { options: { cacheSize: 0 }, name: 'cacheSize' },
    ],
    output: (est, X) => Array.from(est.decisionFunction(X) as Float64Array),
  },
  // trees and forests
  {
    name: 'DecisionTreeClassifier',
    task: 'classifier',
    data: () => blobs(60, 3, 3, 11),
    options: { seed: 0, maxDepth: 4 },
    badParams: [
      { options: { criterion: 'squared_error' }, name: 'criterion' },
      { options: { maxDepth: 0 }, name: 'maxDepth' },
      { options: { minSamplesSplit: 1 }, name: 'minSamplesSplit' },
      { options: { minSamplesLeaf: 0 }, name: 'minSamplesLeaf' },
      { options: { minWeightFractionLeaf: 0.6 }, name: 'minWeightFractionLeaf' },
      { options: { maxFeatures: 'all' }, name: 'maxFeatures' },
      { options: { maxFeatures: 4 }, name: 'maxFeatures' },
      { options: { maxLeafNodes: 1 }, name: 'maxLeafNodes' },
      { options: { minImpurityDecrease: -1 }, name: 'minImpurityDecrease' },
      { options: { seed: 1.5 }, name: 'seed' },
    ],
  },
  {
    name: 'DecisionTreeRegressor',
    task: 'regressor',
    data: regression,
    options: { seed: 0, maxDepth: 5 },
    badParams: [
      { options: { criterion: 'gini' }, name: 'criterion' },
      { options: { maxDepth: -2 }, name: 'maxDepth' },
      { options: { minSamplesLeaf: 1.5 }, name: 'minSamplesLeaf' },
      { options: { maxFeatures: 0 }, name: 'maxFeatures' },
    ],
  },
  {
    name: 'RandomForestClassifier',
    task: 'classifier',
    data: () => blobs(60, 3, 3, 12),
    options: { seed: 0, nEstimators: 5 },
    badParams: [
      { options: { nEstimators: 0 }, name: 'nEstimators' },
      { options: { bootstrap: 'yes' }, name: 'bootstrap' },
      { options: { oobScore: true, bootstrap: false }, name: 'oobScore' },
      { options: { maxSamples: 0 }, name: 'maxSamples' },
      { options: { maxSamples: 1000 }, name: 'maxSamples' },
      { options: { criterion: 'mse' }, name: 'criterion' },
    ],
  },
  {
    name: 'RandomForestRegressor',
    task: 'regressor',
    data: regression,
    options: { seed: 0, nEstimators: 5, maxDepth: 6 },
    badParams: [
      { options: { nEstimators: 1.5 }, name: 'nEstimators' },
      { options: { maxSamples: 0.5, bootstrap: false }, name: 'maxSamples' },
      { options: { maxFeatures: 'cube' }, name: 'maxFeatures' },
    ],
  },
];

/** The class an entry names, e.g. wl.preprocessing.StandardScaler. */
export function resolve(wl: WL, name: string): any {
  return name.split('.').reduce((obj: any, key) => obj?.[key], wl);
}

/** A new estimator for an entry, with its options (plus `extra`). */
export function create(wl: WL, entry: Entry, extra: Record<string, unknown> = {}): any {
  const Cls = resolve(wl, entry.name);
  return new Cls({ ...(entry.options ?? {}), ...extra });
}

/** Whether fit needs y. */
export const supervised = (entry: Entry): boolean => entry.task === 'classifier' || entry.task === 'regressor';

/** Fits est on data (with y when supervised); returns est. */
export function fit(est: any, entry: Entry, data: Data): any {
  return supervised(entry) ? est.fit(data.X, data.y) : est.fit(data.X);
}

/** The numbers a fitted model gives for X. */
export function output(entry: Entry, est: any, X: unknown): (number | string)[] {
  if (entry.output) return entry.output(est, X);
  if (entry.task === 'transformer') {
    const T = est.transform(X);
    try {
      return Array.from(T.toTypedArray() as ArrayLike<number>);
    } finally {
      T.dispose();
    }
  }
  if (entry.task === 'clusterer' && typeof est.predict !== 'function') return Array.from(est.labels as ArrayLike<number>);
  const p = est.predict(X);
  return Array.from(p as ArrayLike<number | string>);
}
