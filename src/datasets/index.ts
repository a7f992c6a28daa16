// wl.datasets: the bundled real datasets (loaded on first use, so the core bundle carries no data:
// they live in the separate `wasmlearn/datasets` entry, which also offers them synchronously) and
// scikit-learn's synthetic generators, seeded (the numbers come from the Wasm generator, so one seed
// gives the same data in every runtime).
import { Matrix } from '../core/matrix.js';
import { Generator } from '../core/random.js';
import { checkOptions } from '../core/validate.js';
import { InvalidParameterError } from '../errors.js';
import { runtime } from '../runtime/load.js';
import { checkInt, checkReal, checkBool, checkSeed } from '../base/params.js';
import type { Dataset } from './loaders.js';

export type { Dataset };

// A computed specifier: bundlers leave it alone (the data stays out of the core bundle) and the
// package's exports map resolves it to build/bundle/esm/datasets.js.
const DATASETS_ENTRY = 'wasmlearn/datasets';
let module: Promise<typeof import('./loaders.js')> | undefined;
function data(): Promise<typeof import('./loaders.js')> {
  module ??= import(DATASETS_ENTRY).catch((error) => {
    module = undefined;
    throw error;
  });
  return module;
}

/** Iris (150 × 4, 3 classes). Async: the data loads on first use. Sync: `import { loadIris } from 'wasmlearn/datasets'`. */
export const loadIris = async (): Promise<Dataset> => (await data()).loadIris();
/** Wine (178 × 13, 3 classes). */
export const loadWine = async (): Promise<Dataset> => (await data()).loadWine();
/** Breast cancer (569 × 30, 2 classes). */
export const loadBreastCancer = async (): Promise<Dataset> => (await data()).loadBreastCancer();
/** Digits (1 797 × 64, 10 classes). */
export const loadDigits = async (): Promise<Dataset> => (await data()).loadDigits();

/** Synthetic data: X (n×d) and y. */
export interface Generated {
  X: number[][];
  y: number[];
}

function draw(g: Generator, rows: number, cols: number, kind: 'normal' | 'uniform'): number[][] {
  if (rows * cols === 0) return Array.from({ length: rows }, () => []);
  const m = Matrix.alloc(runtime(), rows, cols, 'float64');
  try {
    if (kind === 'normal') g.fillNormal(m);
    else g.fillUniform(m);
    return m.toArray();
  } finally {
    m.dispose();
  }
}

function shuffled(g: Generator, X: number[][], y: number[]): Generated {
  const p = g.permutation(X.length);
  return { X: Array.from(p, (i) => X[i]), y: Array.from(p, (i) => y[i]) };
}

export interface BlobsOptions {
  nSamples?: number;
  nFeatures?: number;
  /** Number of centers (drawn uniformly in centerBox), or the centers themselves. Default 3. */
  centers?: number | number[][];
  clusterStd?: number;
  centerBox?: [number, number];
  shuffle?: boolean;
  seed?: number;
}

/** Isotropic Gaussian blobs (scikit-learn's make_blobs): y is the blob index. */
export function makeBlobs(options?: BlobsOptions): Generated {
  const o = checkOptions(options, ['nSamples', 'nFeatures', 'centers', 'clusterStd', 'centerBox', 'shuffle', 'seed'], 'makeBlobs');
  const n = checkInt(o.nSamples ?? 100, 'makeBlobs', 'nSamples', 1);
  const std = checkReal(o.clusterStd ?? 1, 'makeBlobs', 'clusterStd', { min: 0 });
  const [lo, hi] = (o.centerBox as [number, number]) ?? [-10, 10];
  checkReal(lo, 'makeBlobs', 'centerBox');
  checkReal(hi, 'makeBlobs', 'centerBox', { min: lo });
  const g = new Generator(checkSeed(o.seed, 'makeBlobs'));
  try {
    let centers: number[][];
    if (Array.isArray(o.centers)) {
      centers = o.centers as number[][];
      if (centers.length === 0 || !centers.every((c) => Array.isArray(c) && c.length === centers[0].length && c.every(Number.isFinite))) {
        throw new InvalidParameterError('makeBlobs: option "centers" must be a number or rows of finite numbers of one length');
      }
    } else {
      const k = checkInt(o.centers ?? 3, 'makeBlobs', 'centers', 1);
      const d = checkInt(o.nFeatures ?? 2, 'makeBlobs', 'nFeatures', 1);
      centers = draw(g, k, d, 'uniform').map((r) => r.map((v) => lo + (hi - lo) * v));
    }
    const k = centers.length;
    const d = centers[0].length;
    const noise = draw(g, n, d, 'normal');
    const X: number[][] = [];
    const y: number[] = [];
    for (let c = 0, i = 0; c < k; c++) {
      const count = Math.floor(n / k) + (c < n % k ? 1 : 0); // scikit-learn's split of n over the centers
      for (let q = 0; q < count; q++, i++) {
        X.push(centers[c].map((v, j) => v + std * noise[i][j]));
        y.push(c);
      }
    }
    return o.shuffle === false ? { X, y } : shuffled(g, X, y);
  } finally {
    g.dispose();
  }
}

export interface MoonsOptions {
  nSamples?: number;
  /** Standard deviation of Gaussian noise added to the points. Default 0. */
  noise?: number;
  shuffle?: boolean;
  seed?: number;
}

/** Two interleaving half circles (scikit-learn's make_moons). */
export function makeMoons(options?: MoonsOptions): Generated {
  const o = checkOptions(options, ['nSamples', 'noise', 'shuffle', 'seed'], 'makeMoons');
  const n = checkInt(o.nSamples ?? 100, 'makeMoons', 'nSamples', 2);
  const noise = checkReal(o.noise ?? 0, 'makeMoons', 'noise', { min: 0 });
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < nOut; i++) {
    const t = nOut === 1 ? 0 : (Math.PI * i) / (nOut - 1);
    X.push([Math.cos(t), Math.sin(t)]);
    y.push(0);
  }
  for (let i = 0; i < nIn; i++) {
    const t = nIn === 1 ? 0 : (Math.PI * i) / (nIn - 1);
    X.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
    y.push(1);
  }
  const g = new Generator(checkSeed(o.seed, 'makeMoons'));
  try {
    if (noise > 0) {
      const e = draw(g, n, 2, 'normal');
      X.forEach((r, i) => ((r[0] += noise * e[i][0]), (r[1] += noise * e[i][1])));
    }
    return o.shuffle === false ? { X, y } : shuffled(g, X, y);
  } finally {
    g.dispose();
  }
}

export interface RegressionOptions {
  nSamples?: number;
  nFeatures?: number;
  /** Features that enter y (the first nInformative columns before shuffling). Default 10. */
  nInformative?: number;
  bias?: number;
  /** Standard deviation of the Gaussian noise on y. Default 0. */
  noise?: number;
  shuffle?: boolean;
  seed?: number;
}

/** A random linear regression problem (scikit-learn's make_regression); also returns the true coef. */
export function makeRegression(options?: RegressionOptions): Generated & { coef: number[] } {
  const o = checkOptions(options, ['nSamples', 'nFeatures', 'nInformative', 'bias', 'noise', 'shuffle', 'seed'], 'makeRegression');
  const n = checkInt(o.nSamples ?? 100, 'makeRegression', 'nSamples', 1);
  const d = checkInt(o.nFeatures ?? 100, 'makeRegression', 'nFeatures', 1);
  const k = Math.min(d, checkInt(o.nInformative ?? 10, 'makeRegression', 'nInformative', 0));
  const bias = checkReal(o.bias ?? 0, 'makeRegression', 'bias');
  const noise = checkReal(o.noise ?? 0, 'makeRegression', 'noise', { min: 0 });
  const shuffle = o.shuffle === undefined ? true : checkBool(o.shuffle, 'makeRegression', 'shuffle');
  const g = new Generator(checkSeed(o.seed, 'makeRegression'));
  try {
    let X = draw(g, n, d, 'normal');
    let coef = new Array<number>(d).fill(0);
    draw(g, 1, k, 'uniform')[0]?.forEach((v, j) => (coef[j] = 100 * v));
    const e = noise > 0 ? draw(g, n, 1, 'normal') : undefined;
    let y = X.map((r, i) => r.reduce((s, v, j) => s + v * coef[j], bias) + (e ? noise * e[i][0] : 0));
    if (shuffle) {
      ({ X, y } = shuffled(g, X, y));
      const cols = g.permutation(d); // features too, as scikit-learn does
      X = X.map((r) => Array.from(cols, (j) => r[j]));
      coef = Array.from(cols, (j) => coef[j]);
    }
    return { X, y, coef };
  } finally {
    g.dispose();
  }
}

export interface ClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Half the side of the hypercube whose vertices are the cluster centers. Default 1. */
  classSep?: number;
  /** Share of labels flipped at random. Default 0.01. */
  flipY?: number;
  shuffle?: boolean;
  seed?: number;
}

/**
 * A random n-class problem (scikit-learn's make_classification): Gaussian clusters centered on the
 * vertices of a hypercube in nInformative dimensions, each with a random covariance; nRedundant
 * random linear combinations of those; the remaining features noise; flipY of the labels randomized.
 */
export function makeClassification(options?: ClassificationOptions): Generated {
  const o = checkOptions(options, ['nSamples', 'nFeatures', 'nInformative', 'nRedundant', 'nClasses', 'nClustersPerClass', 'classSep', 'flipY', 'shuffle', 'seed'], 'makeClassification');
  const W = 'makeClassification';
  const n = checkInt(o.nSamples ?? 100, W, 'nSamples', 1);
  const d = checkInt(o.nFeatures ?? 20, W, 'nFeatures', 1);
  const inf = checkInt(o.nInformative ?? 2, W, 'nInformative', 1, 30);
  const red = checkInt(o.nRedundant ?? 2, W, 'nRedundant', 0);
  const classes = checkInt(o.nClasses ?? 2, W, 'nClasses', 1);
  const per = checkInt(o.nClustersPerClass ?? 2, W, 'nClustersPerClass', 1);
  const sep = checkReal(o.classSep ?? 1, W, 'classSep', { min: 0 });
  const flip = checkReal(o.flipY ?? 0.01, W, 'flipY', { min: 0, max: 1 });
  if (inf + red > d) throw new InvalidParameterError(`${W}: nInformative + nRedundant (${inf + red}) must be <= nFeatures (${d})`);
  const clusters = classes * per;
  if (clusters > 2 ** inf) throw new InvalidParameterError(`${W}: nClasses·nClustersPerClass (${clusters}) must be <= 2^nInformative (${2 ** inf})`);
  const g = new Generator(checkSeed(o.seed, W));
  try {
    // distinct hypercube vertices, in a random order
    const vertices = Array.from(g.permutation(2 ** inf).slice(0, clusters), (v) => Array.from({ length: inf }, (_, b) => ((v >> b) & 1 ? sep : -sep)));
    const X: number[][] = [];
    const y: number[] = [];
    const base = draw(g, n, inf, 'normal');
    for (let c = 0, i = 0; c < clusters; c++) {
      const A = draw(g, inf, inf, 'uniform').map((r) => r.map((v) => 2 * v - 1)); // random covariance
      const count = Math.floor(n / clusters) + (c < n % clusters ? 1 : 0);
      for (let q = 0; q < count; q++, i++) {
        const z = base[i];
        X.push(vertices[c].map((v, j) => v + z.reduce((s, zv, p) => s + zv * A[p][j], 0)));
        y.push(c % classes);
      }
    }
    const B = draw(g, inf, red, 'uniform').map((r) => r.map((v) => 2 * v - 1));
    const rest = draw(g, n, d - inf - red, 'normal');
    const flips = draw(g, n, 2, 'uniform');
    for (let i = 0; i < n; i++) {
      const x = X[i];
      const redundant = Array.from({ length: red }, (_, j) => x.reduce((s, v, p) => s + v * B[p][j], 0));
      X[i] = [...x, ...redundant, ...rest[i]];
      if (flips[i][0] < flip) y[i] = Math.floor(flips[i][1] * classes);
    }
    return o.shuffle === false ? { X, y } : shuffled(g, X, y);
  } finally {
    g.dispose();
  }
}
