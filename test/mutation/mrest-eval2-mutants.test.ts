// Second round for src/metrics, src/model_selection, src/stats and src/datasets (after the survivors of
// mrest-eval-mutants): names before init(), argument names of the clustering metrics, clipping at
// exactly 1 − ε, two-column binary ROC scores, n_splits equal to the sample or class counts, splits
// without y, grid keys given unsorted, the bundled target names, and generator options.
import { describe, expect, it } from 'vitest';
import { freshModule, getWl, throwsNamed } from '../helpers';

const wl = await getWl();
const { ValidationError: V, ShapeError: S } = wl;
const m = wl.metrics;

describe('before init(), each function names itself', () => {
  it('in the NotInitializedError', async () => {
    const u = await freshModule();
    const need = (what: string) => `wasmlearn is not initialized: ${what} needs the WebAssembly module`;
    throwsNamed(() => u.metrics.silhouetteScore([[0], [1], [2]], [0, 0, 1]), u.NotInitializedError, need('wl.metrics.silhouetteScore()'));
    throwsNamed(() => u.cov([[1, 2]]), u.NotInitializedError, need('wl.cov()'));
    throwsNamed(() => u.corrcoef([[1, 2]]), u.NotInitializedError, need('wl.corrcoef()'));
  });
});

describe('clustering metrics: argument names', () => {
  it('silhouetteScore and adjustedRandScore name X, labels, labelsTrue and labelsPred', () => {
    throwsNamed(() => m.silhouetteScore('x', [0, 1]), V, 'X:');
    throwsNamed(() => m.silhouetteScore([[0], [1], [2]], [0, NaN, 1]), V, 'labels[1]:');
    expect(() => m.adjustedRandScore(5, [1])).toThrow(/^labelsTrue: expected an array of labels$/);
    expect(() => m.adjustedRandScore(null, [1])).toThrow(/^labelsTrue: expected an array of labels$/);
    throwsNamed(() => m.adjustedRandScore([0, 1], null), S, 'labelsPred: expected 2 labels (like labelsTrue), got undefined');
    throwsNamed(() => m.adjustedRandScore([0, NaN], [0, 1]), V, 'labelsTrue[1]:');
    throwsNamed(() => m.adjustedRandScore([0, 1], [0, NaN]), V, 'labelsPred[1]:');
  });
});

describe('metrics: names, clipping, two-column binary scores', () => {
  it('logLoss and rocAucScore name yTrue', () => {
    throwsNamed(() => m.logLoss('ab' as never, [0.5, 0.5]), V, 'yTrue: expected an array of labels');
    throwsNamed(() => m.rocAucScore(5 as never, [0.5]), V, 'yTrue: expected an array of labels');
  });

  it('a probability of exactly 1 is clipped to 1 − ε (and 0 to ε) before the row is renormalised', () => {
    const eps = 2 ** -52;
    expect(m.logLoss([1, 0], [[0, 1], [1, 0]])).toBe(-Math.log(1 - eps));
    expect(m.logLoss([1, 0], [1, 0])).toBe(-Math.log(1 - eps));
  });

  it('binary labels with an n×2 yScore: the one-vs-rest mean of both columns', () => {
    const y = [0, 0, 1, 1, 0, 1];
    const S2 = [[0.9, 0.1], [0.2, 0.3], [0.4, 0.8], [0.1, 0.6], [0.5, 0.7], [0.3, 0.2]];
    const auc = (pos: number, col: number) => {
      let good = 0, total = 0;
      for (let i = 0; i < y.length; i++) for (let j = 0; j < y.length; j++) if (y[i] === pos && y[j] !== pos) {
        total++;
        good += S2[i][col] > S2[j][col] ? 1 : S2[i][col] === S2[j][col] ? 0.5 : 0;
      }
      return good / total;
    };
    expect(auc(0, 0)).not.toBe(auc(1, 1)); // the columns are not complements: the two AUCs differ
    expect(m.rocAucScore(y, S2)).toBeCloseTo((auc(0, 0) + auc(1, 1)) / 2, 14);
    const M = wl.matrix(S2);
    expect(m.rocAucScore(y, M)).toBeCloseTo((auc(0, 0) + auc(1, 1)) / 2, 14);
    M.dispose();
    expect(m.rocAucScore(y, S2.map((r) => r[1]))).toBeCloseTo(auc(1, 1), 14);
  });
});

describe('model selection: limits and options', () => {
  const ms = wl.modelSelection;
  it('nSplits may equal the sample count (KFold) or the largest class (StratifiedKFold)', () => {
    const X = [[0], [1], [2]];
    expect(new ms.KFold({ nSplits: 3 }).split(X).map((f) => Array.from(f.test))).toEqual([[0], [1], [2]]);
    const folds = new ms.StratifiedKFold({ nSplits: 2 }).split([[0], [1], [2], [3]], [0, 1, 0, 1]);
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1], [2, 3]]);
    throwsNamed(() => new ms.StratifiedKFold().split(5, [0]), V, 'X: expected number[][] or a Matrix, got 5');
    throwsNamed(() => new ms.StratifiedKFold({ nSplits: 2 }).split([[0], [1]], [0, NaN]), V, 'y[1]:');
  });

  it('crossValScore and GridSearchCV without y (an unsupervised model and a scoring function)', () => {
    const X = [[0, 1], [1, 3], [2, 2], [3, 5], [4, 4], [5, 7]];
    const seen: unknown[] = [];
    const scores = ms.crossValScore(new wl.PCA({ nComponents: 1 }), X, undefined, {
      cv: new ms.KFold({ nSplits: 2 }),
      scoring: (model, Xt, yt) => {
        seen.push(yt);
        return model.explainedVariance[0] > 0 ? (Xt as number[][]).length : -1;
      },
    });
    expect(Array.from(scores)).toEqual([3, 3]);
    expect(seen).toEqual([undefined, undefined]);
  });

  it('GridSearchCV walks the grid in sorted key order whatever the order given', () => {
    const reg = wl.datasets.makeRegression({ nSamples: 30, nFeatures: 3, nInformative: 2, noise: 1, seed: 4 });
    const g = new ms.GridSearchCV(new wl.Ridge(), { fitIntercept: [true, false], alpha: [1, 10] }, { cv: 3 }).fit(reg.X, reg.y);
    expect(g.cvResults.params).toEqual([
      { alpha: 1, fitIntercept: true }, { alpha: 1, fitIntercept: false }, { alpha: 10, fitIntercept: true }, { alpha: 10, fitIntercept: false },
    ]);
    g.dispose();
  });
});

describe('stats: names and heap', () => {
  it('cov names X; a number[][] copy and the intermediate matrices are freed', () => {
    throwsNamed(() => wl.cov('x' as never), V, 'X:');
    throwsNamed(() => wl.cov(wl.zeros(0, 3)), V, 'X: expected at least one variable (row), got a 0×3 matrix');
    throwsNamed(() => wl.cov(wl.zeros(3, 0), { rowvar: false }), V, 'X: expected at least one variable (column), got a 3×0 matrix');
    const base = wl.memory().bytesInUse;
    wl.cov([[1, 2, 4], [3, 1, 2]]).dispose();
    wl.cov([[1, 2], [3, 1], [0, 5]], { rowvar: false }).dispose();
    wl.corrcoef([[1, 2, 4], [3, 1, 2]]).dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('datasets: bundled names and generator options', () => {
  it('target names of every bundled dataset', async () => {
    const L = await import('../../build/dist/datasets/loaders.js');
    expect(L.loadIris().targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(L.loadWine().targetNames).toEqual(['class_0', 'class_1', 'class_2']);
    expect(L.loadBreastCancer().targetNames).toEqual(['malignant', 'benign']);
    expect(L.loadDigits().targetNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(L.loadWine().featureNames.slice(0, 3)).toEqual(['alcohol', 'malic_acid', 'ash']);
    expect(L.loadBreastCancer().featureNames[0]).toBe('mean_radius');
  });

  it('makeBlobs draws its centers in the default box [−10, 10]', () => {
    const b = wl.datasets.makeBlobs({ nSamples: 40, centers: 8, nFeatures: 2, clusterStd: 0, shuffle: false, seed: 9 });
    const flat = b.X.flat();
    expect(Math.min(...flat)).toBeGreaterThanOrEqual(-10);
    expect(Math.max(...flat)).toBeLessThanOrEqual(10);
    expect(flat.some((v) => v < 0)).toBe(true);
    expect(flat.some((v) => v > 0)).toBe(true);
    expect(new Set(b.X.map((r) => r.join())).size).toBe(8);
  });

  it('makeClassification: flipped labels take every class; the default shuffles the rows', () => {
    const f = wl.datasets.makeClassification({ nSamples: 200, nFeatures: 4, nInformative: 2, nRedundant: 0, nClasses: 2, nClustersPerClass: 1, flipY: 1, shuffle: false, seed: 5 });
    expect(new Set(f.y.slice(0, 100))).toEqual(new Set([0, 1]));
    expect(new Set(f.y.slice(100))).toEqual(new Set([0, 1]));
    const three = wl.datasets.makeClassification({ nSamples: 300, nFeatures: 4, nInformative: 2, nRedundant: 0, nClasses: 3, nClustersPerClass: 1, flipY: 1, shuffle: false, seed: 6 });
    expect(new Set(three.y)).toEqual(new Set([0, 1, 2]));
    const blocks = wl.datasets.makeClassification({ nSamples: 60, nClasses: 2, flipY: 0, shuffle: false, seed: 7 });
    const mixed = wl.datasets.makeClassification({ nSamples: 60, nClasses: 2, flipY: 0, seed: 7 });
    expect(blocks.y).toEqual(Array.from({ length: 60 }, (_, i) => Math.floor(i / 15) % 2));
    expect(mixed.y).not.toEqual(blocks.y);
    expect([...mixed.y].sort()).toEqual([...blocks.y].sort());
  });
});
