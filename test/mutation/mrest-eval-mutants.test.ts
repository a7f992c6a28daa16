// Behaviour of src/metrics, src/model_selection, src/pipeline, src/stats and src/datasets that mutation
// testing (Stryker over those files) showed no test pinned: every error's class and the argument it
// names, scikit-learn's semantics of each option (label order, normalisation, averaging, zero
// division, splits and folds, scorers, grid ranks), results against plain-TypeScript references, and
// the heap returning to its baseline.
import { describe, expect, it } from 'vitest';
import { dataset, getWl, rng, throwsNamed } from '../helpers';
import { bruteSilhouette } from '../metrics/silhouette-reference';

const wl = await getWl();
const { ValidationError: V, InvalidParameterError: P, ShapeError: S } = wl;
const m = wl.metrics;

describe('metrics: label inputs', () => {
  it('errors name the argument', () => {
    throwsNamed(() => m.accuracyScore(5 as never, [1]), V, 'yTrue: expected an array of labels, got 5');
    throwsNamed(() => m.accuracyScore([1], {} as never), V, 'yPred: expected an array of labels, got an object (Object)');
    throwsNamed(() => m.accuracyScore([1, NaN], [1, 2]), V, 'yTrue[1]: expected a finite number or a string label, got NaN');
    throwsNamed(() => m.accuracyScore([1, 2], [1, true] as never), V, 'yPred[1]: expected a finite number or a string label, got true');
    throwsNamed(() => m.accuracyScore([1, 2, 3], [1, 2]), S, 'yPred: expected 3 values (like yTrue), got 2');
    throwsNamed(() => m.accuracyScore([], []), V, 'yTrue: expected at least one sample');
    throwsNamed(() => m.accuracyScore([1], [1], { bad: 1 } as never), P, 'accuracyScore: unknown option "bad"');
    throwsNamed(() => m.confusionMatrix([1, 'a'], [1, 'a']), V, 'yTrue, yPred: labels mix numbers and strings');
    throwsNamed(() => m.confusionMatrix([1], [1], { labels: [] }), P, 'confusionMatrix: option "labels" must not be empty');
    throwsNamed(() => m.confusionMatrix([1], [1], { labels: 3 as never }), V, 'labels: expected an array of labels, got 3');
    throwsNamed(() => m.confusionMatrix([1], [1], { normalize: 'rows' as never }), P, `confusionMatrix: option "normalize" must be 'true', 'pred' or 'all', got "rows"`);
    throwsNamed(() => m.confusionMatrix([1], [1], { other: 1 } as never), P, 'confusionMatrix: unknown option "other"');
  });

  it('accuracy of Matrix and typed-array labels, normalize true and false', () => {
    const T = wl.matrix([[0], [1], [2]]);
    expect(m.accuracyScore(T, Float64Array.of(0, 1, 1))).toBe(2 / 3);
    expect(m.accuracyScore(['a', 'b'], ['a', 'b'], { normalize: true })).toBe(1);
    expect(m.accuracyScore(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'y'], { normalize: false })).toBe(2);
    T.dispose();
  });

  it('confusionMatrix: labels sorted numerically (10 after 2) or as strings; labels option picks and orders', () => {
    expect(m.confusionMatrix([10, 2, 2], [2, 10, 2])).toEqual([[1, 1], [1, 0]]);
    expect(m.confusionMatrix(['b', 'a', 'c'], ['b', 'a', 'c'])).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(m.confusionMatrix(['b', 'a', 'c'], ['c', 'a', 'b'])).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    // labels absent from the option are left out (scikit-learn), and the option's order is kept
    expect(m.confusionMatrix([0, 1, 2], [0, 2, 2], { labels: [2, 0] })).toEqual([[1, 0], [0, 1]]);
    expect(m.confusionMatrix([0, 1, 2], [0, 2, 0], { labels: [2, 0] })).toEqual([[0, 1], [0, 1]]);
  });

  it("confusionMatrix normalize 'true', 'pred', 'all'; empty rows or columns give 0", () => {
    const yt = [2, 0, 2, 2, 0, 1];
    const yp = [0, 0, 2, 2, 0, 2];
    expect(m.confusionMatrix(yt, yp, { normalize: 'pred' })).toEqual([[2 / 3, 0, 0], [0, 0, 1 / 3], [1 / 3, 0, 2 / 3]]);
    expect(m.confusionMatrix(yt, yp, { normalize: 'all' })).toEqual([[2 / 6, 0, 0], [0, 0, 1 / 6], [1 / 6, 0, 2 / 6]]);
    expect(m.confusionMatrix(yt, yp, { normalize: 'true' })).toEqual([[1, 0, 0], [0, 0, 1], [1 / 3, 0, 2 / 3]]);
    expect(m.confusionMatrix([0, 1], [0, 1], { labels: [0, 1, 5], normalize: 'true' })).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
  });
});

describe('metrics: precisionRecallFscore', () => {
  const prf = m.precisionRecallFscore;
  it('option errors', () => {
    throwsNamed(() => prf([0, 1], [0, 1], { posLabel: 2 }), P, 'precisionRecallFscore: option "posLabel" (2) is not one of the labels 0, 1');
    throwsNamed(() => prf([0, 1], [0, 1], { beta: -1 }), P, 'precisionRecallFscore: option "beta" must be a finite number >= 0, got -1');
    throwsNamed(() => prf([0, 1], [0, 1], { beta: Infinity }), P, 'precisionRecallFscore: option "beta" must be a finite number >= 0, got Infinity');
    throwsNamed(() => prf([0, 1], [0, 1], { beta: '2' as never }), P, 'precisionRecallFscore: option "beta" must be a finite number >= 0, got "2"');
    throwsNamed(() => prf([0, 1], [0, 1], { zeroDivision: 'warn' as never }), P, 'precisionRecallFscore: option "zeroDivision" must be a number, got "warn"');
    throwsNamed(() => prf([0, 1], [0, 1], { zeroDivision: NaN }), P, 'precisionRecallFscore: option "zeroDivision" must be a number, got NaN');
    throwsNamed(() => prf([0, 1], [0, 1], { posLabel: null as never }), P, 'precisionRecallFscore: option "posLabel" is null');
    throwsNamed(() => prf([0, 1], [0, 1], { average: 'samples' as never }), P, `precisionRecallFscore: option "average" must be 'binary', 'micro', 'macro', 'weighted' or null, got "samples"`);
    throwsNamed(() => prf([0, 1, 2], [0, 1, 2]), V, "yTrue, yPred: average 'binary' needs at most 2 labels, found 3");
    throwsNamed(() => prf([0, 1], [0, 1], { wrong: 1 } as never), P, 'precisionRecallFscore: unknown option "wrong"');
  });

  it('binary: posLabel, a single present label, zeroDivision, beta 0', () => {
    const r0 = prf([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], { posLabel: 0 });
    expect([r0.precision, r0.recall, r0.fscore, r0.support]).toEqual([2 / 3, 1, 0.8, undefined]);
    // only label 0 present: posLabel 1 has no true and no predicted samples, so every ratio is 0/0
    const z = prf([0, 0], [0, 0]);
    expect([z.precision, z.recall, z.fscore]).toEqual([0, 0, 0]);
    const z1 = prf([0, 0], [0, 0], { zeroDivision: 1 });
    expect([z1.precision, z1.recall, z1.fscore]).toEqual([1, 1, 1]);
    // beta 0: F equals precision
    const b0 = prf([0, 1, 1, 0, 1], [0, 1, 0, 1, 1], { beta: 0 });
    expect(b0.fscore).toBeCloseTo(b0.precision, 15);
    expect(b0.precision).toBeCloseTo(2 / 3, 15);
    expect(b0.recall).toBeCloseTo(2 / 3, 15);
    const s = prf(['no', 'yes', 'yes'], ['yes', 'yes', 'no'], { posLabel: 'yes' });
    expect([s.precision, s.recall]).toEqual([0.5, 0.5]);
  });

  it('macro, weighted and per-label scores against hand counts', () => {
    const yt = [0, 0, 0, 1];
    const yp = [0, 1, 0, 1];
    // class 0: tp 2, predicted 2, true 3 → P 1, R 2/3, F 0.8; class 1: tp 1, predicted 2, true 1 → P 0.5, R 1, F 2/3
    const per = prf(yt, yp, { average: null });
    expect(per.precision).toEqual([1, 0.5]);
    expect(per.recall[0]).toBeCloseTo(2 / 3, 15);
    expect(per.recall[1]).toBe(1);
    expect(per.fscore[0]).toBeCloseTo(0.8, 15);
    expect(per.fscore[1]).toBeCloseTo(2 / 3, 15);
    expect(per.support).toEqual([3, 1]);
    const w = prf(yt, yp, { average: 'weighted' });
    expect(w.precision).toBeCloseTo(0.875, 15);
    expect(w.recall).toBeCloseTo(0.75, 15);
    expect(w.fscore).toBeCloseTo(0.75 * 0.8 + 0.25 * (2 / 3), 15);
    expect(w.support).toBeUndefined();
    const mac = prf(yt, yp, { average: 'macro' });
    expect(mac.precision).toBeCloseTo(0.75, 15);
    expect(mac.recall).toBeCloseTo(5 / 6, 15);
    expect(mac.fscore).toBeCloseTo((0.8 + 2 / 3) / 2, 15);
    // labels picks and orders the per-label scores
    const ordered = prf(yt, yp, { average: null, labels: [1, 0] });
    expect(ordered.precision).toEqual([0.5, 1]);
    expect(ordered.support).toEqual([1, 3]);
    const only = prf(yt, yp, { average: 'macro', labels: [1] });
    expect(only.precision).toBe(0.5);
    // weighted over labels with no true samples: every weight is 0
    const none = prf(yt, yp, { average: 'weighted', labels: [5] });
    expect([none.precision, none.recall, none.fscore]).toEqual([0, 0, 0]);
  });

  it('micro averaging counts only the listed labels', () => {
    const r = prf([0, 1, 2, 2], [0, 2, 1, 2], { average: 'micro', labels: [1, 2] });
    expect(r.precision).toBeCloseTo(1 / 3, 15);
    expect(r.recall).toBeCloseTo(1 / 3, 15);
    expect(r.fscore).toBeCloseTo(1 / 3, 15);
    expect(r.support).toBeUndefined();
    const all = prf([0, 1, 2, 2], [0, 2, 1, 2], { average: 'micro' });
    expect([all.precision, all.recall, all.fscore]).toEqual([0.5, 0.5, 0.5]);
    // F-beta from the micro counts: tp 1, predicted 3, true 1 (labels [2] only: one of two predicted 2s is right)
    const b = prf([0, 1, 2, 1], [0, 2, 2, 2], { average: 'micro', labels: [2], beta: 2 });
    expect(b.precision).toBeCloseTo(1 / 3, 15);
    expect(b.recall).toBe(1);
    expect(b.fscore).toBeCloseTo((5 * 1) / (5 * 1 + 4 * 0 + 2), 15);
    const zero = prf([0, 0], [0, 0], { average: 'micro', labels: [3], zeroDivision: 1 });
    expect([zero.precision, zero.recall, zero.fscore]).toEqual([1, 1, 1]);
  });
});

describe('metrics: regression inputs', () => {
  it('errors name the argument and the position', () => {
    throwsNamed(() => m.meanSquaredError([[1, 2], [3]], [1, 2, 3]), V, 'yTrue: ragged rows at row 1');
    throwsNamed(() => m.meanSquaredError([1, 2], 'x' as never), V, 'yPred: expected an array of numbers, got "x"');
    throwsNamed(() => m.meanAbsoluteError([[1, 2], ['a', 2]] as never, [1, 2, 3, 4]), V, 'yTrue[1][0]: expected a finite number, got "a"');
    throwsNamed(() => m.meanAbsoluteError([1, 2], [1, Infinity]), V, 'yPred[1]: expected a finite number, got Infinity');
    throwsNamed(() => m.meanSquaredError([], []), V, 'yTrue: expected at least one sample');
    throwsNamed(() => m.r2Score([1, 2, 3], [1, 2]), S, 'yPred: expected 3 values (like yTrue), got 2');
  });

  it('Matrix, nested and flat multi-target values', () => {
    const T = wl.matrix([[1], [2]]);
    expect(m.meanSquaredError(T, [1, 4])).toBe(2);
    expect(m.meanAbsoluteError([[1, 2], [3, 4]], [[1, 1], [1, 1]])).toBe(1.5);
    expect(m.meanSquaredError([[1, 2], [3, 4]], [[1, 1], [1, 1]])).toBe((0 + 1 + 4 + 9) / 4);
    expect(m.r2Score([[1, 2], [3, 5]], [1, 2, 3, 5])).toBe(1);
    // per-target R², then the plain mean: column 0 exact (1), column 1 a constant predicted wrongly (0)
    expect(m.r2Score([[1, 1], [2, 1], [3, 1]], [[1, 1], [2, 1], [3, 2]])).toBe(0.5);
    expect(m.r2Score([[1, 1], [2, 1], [3, 1]], [[1, 1], [2, 1], [3, 1]])).toBe(1);
    // two targets with different means and spreads, against the definition
    const yt = [[1, 10], [2, 30], [4, 20]];
    const yp = [[1.5, 12], [2, 25], [3, 20]];
    const r2 = (j: number) => {
      const t = yt.map((r) => r[j]), p = yp.map((r) => r[j]);
      const mu = t.reduce((a, b) => a + b) / 3;
      return 1 - t.reduce((s, v, i) => s + (v - p[i]) ** 2, 0) / t.reduce((s, v) => s + (v - mu) ** 2, 0);
    };
    expect(m.r2Score(yt, yp)).toBeCloseTo((r2(0) + r2(1)) / 2, 14);
    T.dispose();
  });
});

describe('metrics: logLoss and rocAucScore', () => {
  it('yProba errors', () => {
    const M3 = wl.matrix([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]);
    throwsNamed(() => m.logLoss([0, 1], M3), S, 'yProba: expected 2 rows (like yTrue), got 3');
    throwsNamed(() => m.logLoss([0, 1], [0.5, 0.5, 0.5]), S, 'yProba: expected 2 rows (like yTrue), got 3');
    throwsNamed(() => m.logLoss([0, 1], 5 as never), V, 'yProba: expected probabilities (n×k or n values), got 5');
    throwsNamed(() => m.logLoss([0, 1], [[0.5, 0.5], [1]]), V, 'yProba: ragged rows at row 1');
    throwsNamed(() => m.logLoss([0, 1], [[0.5, 0.5], [NaN, 1]]), V, 'yProba[1][0]: expected a finite number, got NaN');
    throwsNamed(() => m.logLoss([0, 1], [0.5, 'a'] as never), V, 'yProba[1]: expected a finite number, got "a"');
    throwsNamed(() => m.logLoss([0, 1, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]), S, 'yProba: expected 3 columns (one per label of yTrue: 0, 1, 2), got 2');
    throwsNamed(() => m.logLoss([0, 3], [[0.5, 0.5], [0.5, 0.5]], { labels: [0, 1] }), V, 'yTrue[1]: label 3 is not in labels');
    throwsNamed(() => m.logLoss([], []), V, 'yTrue: expected at least one sample');
    throwsNamed(() => m.logLoss([0], [1], { eps: 1 } as never), P, 'logLoss: unknown option "eps"');
    // one label: scikit-learn refuses it (which column is it?) rather than guess
    throwsNamed(() => m.logLoss([1, 1], [0.8, 0.6]), V, 'yTrue: contains only one label (1); pass option labels');
    throwsNamed(() => m.logLoss([1, 1], [[0.2, 0.8], [0.4, 0.6]], { labels: [1] }), P, 'logLoss: option "labels" needs at least two labels, got 1');
    throwsNamed(() => m.logLoss([1, 1], [[0.2, 0.8], [0.4, 0.6]], { labels: [] }), P, 'logLoss: option "labels" needs at least two labels, got 0');
    expect(m.logLoss([1, 1], [0.8, 0.6], { labels: [0, 1] })).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 14);
    expect(m.logLoss([1, 1], [[0.2, 0.8], [0.4, 0.6]], { labels: [0, 1] })).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 14);
    M3.dispose();
  });

  it('Matrix and typed rows, the labels option, clipping at the float64 epsilon, renormalised rows', () => {
    const want = -(Math.log(0.8) + Math.log(0.7)) / 2;
    const M = wl.matrix([[0.8, 0.2], [0.3, 0.7]]);
    expect(m.logLoss([0, 1], M)).toBeCloseTo(want, 14);
    expect(m.logLoss([0, 1], [Float64Array.of(0.8, 0.2), Float64Array.of(0.3, 0.7)])).toBeCloseTo(want, 14);
    // three labels with one missing from yTrue: the labels option says which column is which
    expect(m.logLoss([0, 2], [[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]], { labels: [0, 1, 2] })).toBeCloseTo(-(Math.log(0.6) + Math.log(0.6)) / 2, 14);
    const eps = 2 ** -52;
    expect(m.logLoss([0, 1], [[1, 0], [1, 0]])).toBeCloseTo(-(Math.log(1 - eps) + Math.log(eps)) / 2, 12);
    // rows that do not sum to 1 are renormalised
    expect(m.logLoss([0, 1], [[0.4, 0.4], [0.1, 0.3]])).toBeCloseTo(-(Math.log(0.5) + Math.log(0.75)) / 2, 14);
    M.dispose();
  });

  it('rocAucScore: string labels, one-vs-rest macro average over a Matrix or rows, column count', () => {
    // the positive class of a binary problem is the greater label
    expect(m.rocAucScore(['b', 'a', 'b', 'a'], [0.9, 0.1, 0.3, 0.4])).toBe(0.75);
    expect(m.rocAucScore(['a', 'b', 'a', 'b'], [0.9, 0.1, 0.3, 0.4])).toBe(0.25);
    const r = rng(11);
    const y = Array.from({ length: 30 }, (_, i) => i % 3);
    const score = y.map(() => [r(), r(), r()]);
    const pairAuc = (c: number) => {
      let good = 0, total = 0;
      for (let i = 0; i < y.length; i++) for (let j = 0; j < y.length; j++) if (y[i] === c && y[j] !== c) {
        total++;
        good += score[i][c] > score[j][c] ? 1 : score[i][c] === score[j][c] ? 0.5 : 0;
      }
      return good / total;
    };
    const want = (pairAuc(0) + pairAuc(1) + pairAuc(2)) / 3;
    expect(m.rocAucScore(y, score)).toBeCloseTo(want, 14);
    const M = wl.matrix(score);
    expect(m.rocAucScore(y, M)).toBeCloseTo(want, 14);
    throwsNamed(() => m.rocAucScore(y, score.map((s) => s.slice(0, 2))), S, 'yScore: expected 3 columns (one per label), got 2');
    throwsNamed(() => m.rocAucScore([2, 2, 2], [[0.1], [0.2], [0.3]]), V, 'yTrue: only one class present; ROC AUC is not defined');
    M.dispose();
  });
});

describe('clustering metrics (metrics/cluster.ts)', () => {
  it('errors name the argument', () => {
    throwsNamed(() => m.silhouetteScore([[0], [1], [2]], [0, 1, 2]), V, 'labels: the silhouette needs between 2 and n − 1 = 2 clusters, got 3');
    throwsNamed(() => m.silhouetteScore([[0], [1], [2]], [0, 0, 0]), V, 'labels: the silhouette needs between 2 and n − 1 = 2 clusters, got 1');
    throwsNamed(() => m.adjustedRandScore(5, [1]), V, 'labelsTrue: expected an array of labels');
    throwsNamed(() => m.adjustedRandScore([0, 1], [0]), S, 'labelsPred: expected 2 labels (like labelsTrue), got 1');
    throwsNamed(() => m.adjustedRandScore([0, 1], 7), S, 'labelsPred: expected 2 labels (like labelsTrue), got undefined');
  });

  it('silhouette: n − 1 clusters are allowed, identical points score 0, float32 input, blocks of rows', () => {
    const base = wl.memory().bytesInUse;
    expect(m.silhouetteScore([[0], [1], [5]], [0, 0, 1])).toBeCloseTo(bruteSilhouette([[0], [1], [5]], [0, 0, 1]), 14);
    // all points equal: a = b = 0 for every sample, which scikit-learn scores 0
    expect(m.silhouetteScore([[1, 1], [1, 1], [1, 1], [1, 1]], [0, 0, 1, 1])).toBe(0);
    const F = wl.matrix([[0, 0], [0, 1], [4, 4], [4, 5], [9, 0]], { dtype: 'float32' });
    expect(m.silhouetteScore(F, [0, 0, 1, 1, 1])).toBeCloseTo(bruteSilhouette([[0, 0], [0, 1], [4, 4], [4, 5], [9, 0]], [0, 0, 1, 1, 1]), 6);
    F.dispose();
    // 2 100 rows: distances are computed in two blocks of rows (1 997 and 103)
    const r = rng(3);
    const n = 2100;
    const X = Array.from({ length: n }, (_, i) => [r() + (i % 3) * 2, r()]);
    const labels = X.map((_, i) => i % 3);
    const want = (() => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const sums = [0, 0, 0], sizes = [0, 0, 0];
        for (let j = 0; j < n; j++) {
          sums[labels[j]] += Math.hypot(X[i][0] - X[j][0], X[i][1] - X[j][1]);
          sizes[labels[j]]++;
        }
        const own = labels[i];
        const a = sums[own] / (sizes[own] - 1);
        const b = Math.min(...[0, 1, 2].filter((c) => c !== own).map((c) => sums[c] / sizes[c]));
        total += (b - a) / Math.max(a, b);
      }
      return total / n;
    })();
    expect(m.silhouetteScore(X, labels)).toBeCloseTo(want, 10);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('adjusted Rand against the pair-counting formula', () => {
    const comb2 = (v: number) => (v * (v - 1)) / 2;
    const ari = (a: (number | string)[], b: (number | string)[]) => {
      const cells = new Map<string, number>(), ra = new Map<unknown, number>(), rb = new Map<unknown, number>();
      a.forEach((v, i) => {
        const key = `${v}|${b[i]}`;
        cells.set(key, (cells.get(key) ?? 0) + 1);
        ra.set(v, (ra.get(v) ?? 0) + 1);
        rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
      });
      const index = [...cells.values()].reduce((s, v) => s + comb2(v), 0);
      const sa = [...ra.values()].reduce((s, v) => s + comb2(v), 0);
      const sb = [...rb.values()].reduce((s, v) => s + comb2(v), 0);
      const expected = (sa * sb) / comb2(a.length);
      return (index - expected) / ((sa + sb) / 2 - expected);
    };
    const r = rng(5);
    for (let t = 0; t < 20; t++) {
      const n = 5 + Math.floor(r() * 40);
      const a = Array.from({ length: n }, () => Math.floor(r() * 3));
      const b = Array.from({ length: n }, () => ['x', 'y', 'z', 'w'][Math.floor(r() * 4)]);
      expect(m.adjustedRandScore(a, b)).toBeCloseTo(ari(a, b), 12);
      expect(m.adjustedRandScore(b, a)).toBeCloseTo(ari(a, b), 12);
    }
    // both one cluster, or both all singletons: scikit-learn's special case, 1
    expect(m.adjustedRandScore([3, 3, 3], [1, 1, 1])).toBe(1);
    expect(m.adjustedRandScore([0, 1, 2], [5, 4, 3])).toBe(1);
    expect(m.adjustedRandScore([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });
});

describe('model selection: trainTestSplit', () => {
  const ms = wl.modelSelection;
  const X10 = Array.from({ length: 10 }, (_, i) => [i, 10 * i]);
  const y10 = Array.from({ length: 10 }, (_, i) => i);

  it('errors name the argument', () => {
    throwsNamed(() => ms.trainTestSplit(5), V, 'X: expected number[][] or a Matrix, got 5');
    throwsNamed(() => ms.trainTestSplit(X10, 'abc'), V, 'y: expected number[][] or a Matrix, got "abc"');
    throwsNamed(() => ms.trainTestSplit(X10, y10.slice(1)), S, 'y: expected 10 values (one per row of X), got 9');
    throwsNamed(() => ms.trainTestSplit(X10, y10, { testSize: 10 }), P, 'trainTestSplit: option "testSize" must be an integer in [1, 9], got 10');
    throwsNamed(() => ms.trainTestSplit(X10, y10, { testSize: 1.5 }), P, 'trainTestSplit: option "testSize" must be a finite number > 0 and < 1, got 1.5');
    throwsNamed(() => ms.trainTestSplit(X10, y10, { testSize: 0 }), P, 'trainTestSplit: option "testSize" must be a finite number > 0 and < 1, got 0');
    throwsNamed(() => ms.trainTestSplit(X10, y10, { testSize: 0.99 }), P, 'trainTestSplit: option "testSize" leaves 0 training and 10 test samples of 10; both need at least one');
    throwsNamed(() => ms.trainTestSplit(X10, y10, { seed: 0.5 }), P, 'trainTestSplit: option "seed" must be an integer');
    throwsNamed(() => ms.trainTestSplit(X10, y10, { size: 2 } as never), P, 'trainTestSplit: unknown option "size"');
    throwsNamed(() => ms.trainTestSplit(X10, y10, { stratify: y10.slice(2) }), S, 'stratify:');
  });

  it('sizes: a count, a fraction rounded up, the default 0.25; shuffle false keeps the order; y optional', () => {
    expect(ms.trainTestSplit(X10, y10, { testSize: 1, seed: 0 }).XTest.length).toBe(1);
    expect(ms.trainTestSplit(X10, y10, { testSize: 9, seed: 0 }).XTrain.length).toBe(1);
    expect(ms.trainTestSplit(X10, y10, { testSize: 0.01, seed: 0 }).XTest.length).toBe(1);
    expect(ms.trainTestSplit(X10, y10, { seed: 0 }).XTest.length).toBe(3);
    const s = ms.trainTestSplit(X10, y10, { testSize: 0.3, shuffle: false });
    expect(s.XTrain).toEqual(X10.slice(0, 7));
    expect(s.XTest).toEqual(X10.slice(7));
    expect(s.yTrain).toEqual(y10.slice(0, 7));
    expect(s.yTest).toEqual(y10.slice(7));
    const u = ms.trainTestSplit(X10, undefined, { seed: 3 });
    expect(u.yTrain).toBeUndefined();
    expect(u.yTest).toBeUndefined();
    expect([...u.XTrain, ...u.XTest].map((r: number[]) => r[0]).sort((a: number, b: number) => a - b)).toEqual(y10);
    // shuffled: X and y stay paired, and another seed gives another split
    const a = ms.trainTestSplit(X10, y10, { seed: 1 });
    a.XTrain.forEach((r: number[], i: number) => expect(a.yTrain[i]).toBe(r[0]));
    a.XTest.forEach((r: number[], i: number) => expect(a.yTest[i]).toBe(r[0]));
    const splits = new Set([1, 2, 3, 4, 5].map((seed) => ms.trainTestSplit(X10, y10, { seed }).yTest.join()));
    expect(splits.size).toBeGreaterThan(1);
  });

  it('stratified: per-class test counts by largest remainders, every sample once, shuffled within', () => {
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
    const X = y.map((v, i) => [i, v]);
    // 3 test samples of 10: exact shares 1.5, 0.9, 0.6 → floors 1, 0, 0 → the two largest remainders (classes 1, 2) get one more
    const s = ms.trainTestSplit(X, y, { testSize: 3, stratify: y, seed: 4 });
    expect([0, 1, 2].map((c) => s.yTest.filter((v: number) => v === c).length)).toEqual([1, 1, 1]);
    expect([0, 1, 2].map((c) => s.yTrain.filter((v: number) => v === c).length)).toEqual([4, 2, 1]);
    expect([...s.XTrain, ...s.XTest].map((r: number[]) => r[0]).sort((a: number, b: number) => a - b)).toEqual(X.map((r) => r[0]));
    s.XTest.forEach((r: number[], i: number) => expect(s.yTest[i]).toBe(r[1]));
    const s2 = ms.trainTestSplit(X, y, { testSize: 0.5, stratify: y, seed: 4 });
    expect([0, 1, 2].map((c) => s2.yTest.filter((v: number) => v === c).length)).toEqual([3, 1, 1]);
    // the members drawn for the test part vary with the seed
    const picks = new Set([1, 2, 3, 4, 5, 6].map((seed) => ms.trainTestSplit(X, y, { testSize: 3, stratify: y, seed }).XTest.map((r: number[]) => r[0]).sort().join()));
    expect(picks.size).toBeGreaterThan(1);
  });

  it('a Matrix X gives new Matrices holding the chosen rows', () => {
    const base = wl.memory().bytesInUse;
    const M = wl.matrix(X10);
    const s = ms.trainTestSplit(M, y10, { testSize: 4, seed: 9 });
    expect(s.XTrain.rows).toBe(6);
    expect(s.XTest.cols).toBe(2);
    s.XTest.toArray().forEach((r: number[], i: number) => expect(r).toEqual(X10[s.yTest[i]]));
    s.XTrain.toArray().forEach((r: number[], i: number) => expect(r).toEqual(X10[s.yTrain[i]]));
    for (const x of [M, s.XTrain, s.XTest]) x.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('model selection: KFold, StratifiedKFold', () => {
  const ms = wl.modelSelection;
  it('errors', () => {
    throwsNamed(() => new ms.KFold({ nSplits: 1 }), P, 'KFold: option "nSplits" must be an integer >= 2, got 1');
    throwsNamed(() => new ms.KFold({ seed: 'x' as never }), P, 'KFold: option "seed" must be an integer');
    throwsNamed(() => new ms.KFold({ folds: 3 } as never), P, 'KFold: unknown option "folds"');
    throwsNamed(() => new ms.KFold().split([[1], [2], [3]]), P, 'KFold: option "nSplits" (5) is more than the 3 samples');
    throwsNamed(() => new ms.KFold().split(7), V, 'X: expected number[][] or a Matrix, got 7');
    throwsNamed(() => new ms.StratifiedKFold({ nSplits: 3 }).split([[1], [2], [3], [4]], [0, 0, 1, 1]), P, 'StratifiedKFold: option "nSplits" (3) is more than the members of every class');
  });

  it('KFold: default 5 folds, the first n % k one larger; shuffled folds are a seeded partition', () => {
    const X = Array.from({ length: 12 }, (_, i) => [i]);
    const k = new ms.KFold();
    expect(k.nSplits).toBe(5);
    expect(k.shuffle).toBe(false);
    expect(k.split(X).map((f) => f.test.length)).toEqual([3, 3, 2, 2, 2]);
    expect(Array.from(k.split(X)[1].test)).toEqual([3, 4, 5]);
    expect(Array.from(k.split(X)[1].train)).toEqual([0, 1, 2, 6, 7, 8, 9, 10, 11]);
    const sh = new ms.KFold({ nSplits: 3, shuffle: true, seed: 5 });
    const folds = sh.split(X);
    expect(folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b)).toEqual(X.map((r) => r[0]));
    expect(folds.map((f) => Array.from(f.test))).toEqual(new ms.KFold({ nSplits: 3, shuffle: true, seed: 5 }).split(X).map((f) => Array.from(f.test)));
    expect(folds.map((f) => Array.from(f.test).join())).not.toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]].map((t) => t.join()));
    const M = wl.matrix(X);
    expect(new ms.KFold({ nSplits: 4 }).split(M).map((f) => f.test.length)).toEqual([3, 3, 3, 3]);
    M.dispose();
  });

  it("StratifiedKFold without shuffle: scikit-learn's allocation, members in order", () => {
    const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const folds = new ms.StratifiedKFold({ nSplits: 3 }).split(y.map((v) => [v]), y);
    expect(folds.map((f) => Array.from(f.test))).toEqual([[0, 1, 6, 9], [2, 3, 7, 10], [4, 5, 8, 11]]);
    // unbalanced: 7 of class 0 and 2 of class 1 over 3 folds: the sorted labels dealt in turn give allocations (3, 0), (2, 1), (2, 1)
    const y2 = [1, 0, 0, 0, 1, 0, 0, 0, 0];
    const f2 = new ms.StratifiedKFold({ nSplits: 3 }).split(y2.map((v) => [v]), y2);
    expect(f2.map((f) => Array.from(f.test))).toEqual([[1, 2, 3], [0, 5, 6], [4, 7, 8]]);
  });
});

describe('model selection: crossValScore and GridSearchCV', () => {
  const ms = wl.modelSelection;
  const reg = wl.datasets.makeRegression({ nSamples: 40, nFeatures: 4, nInformative: 3, noise: 10, seed: 2 });
  const iris = dataset('iris.csv').rows;
  const IX = iris.map((r) => r.slice(0, 4));
  const Iy = iris.map((r) => r[4]);

  /** The scores crossValScore should give, by fitting each fold by hand. */
  function manual(make: () => any, X: number[][], y: number[], splits: { train: Int32Array; test: Int32Array }[], score: (mdl: any, X: number[][], y: number[]) => number): number[] {
    return splits.map(({ train, test }) => {
      const mdl = make().fit(Array.from(train, (i) => X[i]), Array.from(train, (i) => y[i]));
      const s = score(mdl, Array.from(test, (i) => X[i]), Array.from(test, (i) => y[i]));
      mdl.dispose();
      return s;
    });
  }

  it('errors', () => {
    throwsNamed(() => ms.crossValScore(new wl.Ridge(), reg.X, reg.y, { cv: 1 }), P, 'crossValScore: option "cv" must be an integer >= 2, got 1');
    throwsNamed(() => ms.crossValScore(new wl.Ridge(), reg.X, reg.y, { scoring: 'f1' as never }), P, "scoring: expected 'accuracy', 'r2', 'neg_mean_squared_error', 'neg_mean_absolute_error' or a function, got \"f1\"");
    throwsNamed(() => ms.crossValScore(new wl.Ridge(), reg.X, reg.y, { folds: 2 } as never), P, 'crossValScore: unknown option "folds"');
    throwsNamed(() => new ms.GridSearchCV(new wl.Ridge(), null as never), P, 'GridSearchCV: paramGrid must be an object of option → values (or a list of them)');
    throwsNamed(() => new ms.GridSearchCV(new wl.Ridge(), [{ alpha: [1] }, 3] as never), P, 'GridSearchCV: paramGrid must be an object');
    throwsNamed(() => new ms.GridSearchCV(new wl.Ridge(), { alpha: [] }), P, 'GridSearchCV: paramGrid.alpha must be a non-empty array of values');
    throwsNamed(() => new ms.GridSearchCV(new wl.Ridge(), { alpha: 1 } as never), P, 'GridSearchCV: paramGrid.alpha must be a non-empty array of values');
    throwsNamed(() => new ms.GridSearchCV(new wl.Ridge(), { alpha: [1] }, { verbose: 1 } as never), P, 'GridSearchCV: unknown option "verbose"');
    const g = new ms.GridSearchCV(new wl.Ridge(), { alpha: [1] });
    for (const read of [() => g.bestParams, () => g.bestScore, () => g.bestIndex, () => g.cvResults, () => g.bestEstimator]) {
      throwsNamed(read, wl.NotFittedError, 'GridSearchCV: results are not available before fit(X, y)');
    }
    g.dispose();
    throwsNamed(() => g.fit(reg.X, reg.y), wl.DisposedError, 'this GridSearchCV was disposed');
    throwsNamed(() => g.bestParams, wl.DisposedError, 'this GridSearchCV was disposed');
  });

  it('each scoring string, a function, the default score; folds are KFold for regressors', () => {
    const base = wl.memory().bytesInUse;
    const splits = new ms.KFold({ nSplits: 4 }).split(reg.X);
    const make = () => new wl.Ridge({ alpha: 2 });
    const mse = manual(make, reg.X, reg.y, splits, (mdl, X, y) => -m.meanSquaredError(y, mdl.predict(X)));
    const mae = manual(make, reg.X, reg.y, splits, (mdl, X, y) => -m.meanAbsoluteError(y, mdl.predict(X)));
    const r2 = manual(make, reg.X, reg.y, splits, (mdl, X, y) => m.r2Score(y, mdl.predict(X)));
    const close = (got: Float64Array, want: number[]) => want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 9));
    close(ms.crossValScore(make(), reg.X, reg.y, { cv: 4, scoring: 'neg_mean_squared_error' }), mse);
    close(ms.crossValScore(make(), reg.X, reg.y, { cv: 4, scoring: 'neg_mean_absolute_error' }), mae);
    close(ms.crossValScore(make(), reg.X, reg.y, { cv: 4, scoring: 'r2' }), r2);
    close(ms.crossValScore(make(), reg.X, reg.y, { cv: 4 }), r2);
    close(ms.crossValScore(make(), reg.X, reg.y, { cv: new ms.KFold({ nSplits: 4 }) }), r2);
    close(ms.crossValScore(make(), reg.X, reg.y, { cv: 4, scoring: (mdl, X, y) => m.r2Score(y as number[], mdl.predict(X)) }), r2);
    expect(ms.crossValScore(make(), reg.X, reg.y).length).toBe(5);
    // a Matrix X: its parts are freed after each fold
    const M = wl.matrix(reg.X);
    close(ms.crossValScore(make(), M, reg.y, { cv: 4 }), r2);
    M.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('classifiers (and pipelines ending in one) get stratified folds and accuracy', () => {
    // iris is sorted by class: plain KFold would test on classes never seen in training
    const strat = new ms.StratifiedKFold({ nSplits: 3 }).split(IX, Iy);
    const make = () => new wl.GaussianNB();
    const acc = manual(make, IX, Iy, strat, (mdl, X, y) => m.accuracyScore(y, mdl.predict(X)));
    const got = ms.crossValScore(make(), IX, Iy, { cv: 3 });
    acc.forEach((v, i) => expect(got[i]).toBe(v));
    expect(Math.min(...got)).toBeGreaterThan(0.9);
    const acc2 = ms.crossValScore(make(), IX, Iy, { cv: 3, scoring: 'accuracy' });
    acc.forEach((v, i) => expect(acc2[i]).toBe(v));
    const pipe = wl.pipeline.makePipeline(new wl.preprocessing.StandardScaler(), new wl.GaussianNB());
    const pg = ms.crossValScore(pipe, IX, Iy, { cv: 3 });
    acc.forEach((v, i) => expect(pg[i]).toBeCloseTo(v, 12));
    pipe.dispose();
  });

  it('GridSearchCV: combinations in sorted-key order, mean/std/rank of the fold scores, refit, ties', () => {
    const base = wl.memory().bytesInUse;
    const grid = [{ alpha: [10, 0.1], fitIntercept: [true, false] }, { alpha: [1] }];
    const g = new ms.GridSearchCV(new wl.Ridge(), grid, { cv: 3, scoring: 'neg_mean_squared_error' }).fit(reg.X, reg.y);
    const params = g.cvResults.params;
    expect(params).toEqual([
      { alpha: 10, fitIntercept: true }, { alpha: 10, fitIntercept: false },
      { alpha: 0.1, fitIntercept: true }, { alpha: 0.1, fitIntercept: false }, { alpha: 1 },
    ]);
    params.forEach((p, i) => {
      const s = Array.from(ms.crossValScore(new wl.Ridge(p as never), reg.X, reg.y, { cv: 3, scoring: 'neg_mean_squared_error' }));
      const mean = s.reduce((a, b) => a + b) / s.length;
      expect(g.cvResults.meanTestScore[i]).toBeCloseTo(mean, 9);
      expect(g.cvResults.stdTestScore[i]).toBeCloseTo(Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length), 9);
    });
    const means = Array.from(g.cvResults.meanTestScore);
    const best = means.indexOf(Math.max(...means));
    expect(g.bestIndex).toBe(best);
    expect(g.bestScore).toBe(means[best]);
    expect(g.bestParams).toEqual(params[best]);
    expect(Array.from(g.cvResults.rankTestScore)).toEqual(means.map((v) => 1 + means.filter((o) => o > v).length));
    const refit = new wl.Ridge(params[best] as never).fit(reg.X, reg.y);
    expect(Array.from(g.predict(reg.X) as Float64Array)).toEqual(Array.from(refit.predict(reg.X)));
    expect(g.score(reg.X, reg.y)).toBeCloseTo(-m.meanSquaredError(reg.y, refit.predict(reg.X)), 12);
    expect(g.bestEstimator.getParams()).toMatchObject(params[best]);
    // the copy returned is the caller's
    const bp = g.bestParams;
    bp.alpha = -1;
    expect(g.bestParams.alpha).not.toBe(-1);
    refit.dispose();
    // equal scores: they share the lowest rank and the first one wins
    const tie = new ms.GridSearchCV(new wl.Ridge(), { alpha: [5, 5, 0.5] }, { cv: 3 }).fit(reg.X, reg.y);
    expect(tie.cvResults.meanTestScore[0]).toBe(tie.cvResults.meanTestScore[1]);
    const r = Array.from(tie.cvResults.rankTestScore);
    expect(r[0]).toBe(r[1]);
    expect(tie.bestIndex).toBe(tie.cvResults.meanTestScore[2] > tie.cvResults.meanTestScore[0] ? 2 : 0);
    const noRefit = new ms.GridSearchCV(new wl.Ridge(), { alpha: [5, 5] }, { cv: 3, refit: false }).fit(reg.X, reg.y);
    expect(noRefit.bestIndex).toBe(0);
    expect(Array.from(noRefit.cvResults.rankTestScore)).toEqual([1, 1]);
    throwsNamed(() => noRefit.bestEstimator, P, 'GridSearchCV: no bestEstimator with refit: false');
    // a second fit replaces the refitted model (the first is freed)
    g.fit(reg.X, reg.y);
    for (const x of [g, tie, noRefit]) x.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('pipeline', () => {
  const pl = wl.pipeline;
  const X = [[1, 2], [2, 1], [3, 5], [4, 3], [5, 8], [6, 4]];
  const y = [0, 0, 1, 0, 1, 1];

  it('constructor errors and step names', () => {
    throwsNamed(() => pl.makePipeline(), P, 'makePipeline: expected at least one step');
    throwsNamed(() => new pl.Pipeline(null as never), P, 'makePipeline: expected at least one step');
    throwsNamed(() => pl.makePipeline(new wl.preprocessing.StandardScaler(), {} as never), P, 'makePipeline: step 1 is not a wasmlearn estimator');
    throwsNamed(() => pl.makePipeline(new wl.GaussianNB(), new wl.GaussianNB()), P, 'makePipeline: step 0 (GaussianNB) must be a transformer (every step but the last needs transform)');
    const p = pl.makePipeline(new wl.preprocessing.StandardScaler(), new wl.preprocessing.StandardScaler({ withMean: false }), new wl.preprocessing.MinMaxScaler(), new wl.GaussianNB());
    expect(p.steps.map(([n]) => n)).toEqual(['standardscaler', 'standardscaler-2', 'minmaxscaler', 'gaussiannb']);
    expect(Object.keys(p.namedSteps)).toEqual(['standardscaler', 'standardscaler-2', 'minmaxscaler', 'gaussiannb']);
    expect(p.namedSteps['standardscaler-2']).toBe(p.steps[1][1]);
    expect(p.getParams()).toEqual({ standardscaler__withMean: true, standardscaler__withStd: true, 'standardscaler-2__withMean': false, 'standardscaler-2__withStd': true, minmaxscaler__featureRange: [0, 1], gaussiannb__priors: null, gaussiannb__varSmoothing: 1e-9 });
    p.setParams({ gaussiannb__varSmoothing: 0.5, 'standardscaler-2__withStd': false });
    expect(p.steps[3][1].getParams().varSmoothing).toBe(0.5);
    expect(p.steps[1][1].getParams().withStd).toBe(false);
    throwsNamed(() => p.setParams({ gaussiannb: 1 }), P, 'Pipeline: unknown parameter "gaussiannb"; expected <step>__<option> with a step of standardscaler, standardscaler-2, minmaxscaler, gaussiannb');
    throwsNamed(() => p.setParams({ ridge__alpha: 1 }), P, 'Pipeline: unknown parameter "ridge__alpha"');
    const c = p.clone();
    expect(c).not.toBe(p);
    expect(c.getParams()).toEqual(p.getParams());
    expect(c.steps[3][1]).not.toBe(p.steps[3][1]);
    expect(c.steps[3][1].isFitted).toBe(false);
    p.dispose();
    c.dispose();
  });

  it('fit, predict, predictProba, score, transform and fitTransform equal the steps chained by hand', () => {
    const base = wl.memory().bytesInUse;
    const p = pl.makePipeline(new wl.preprocessing.StandardScaler(), new wl.preprocessing.PolynomialFeatures({ degree: 2 }), new wl.GaussianNB());
    p.fit(X, y);
    const s = new wl.preprocessing.StandardScaler().fit(X);
    const Z1 = s.transform(X);
    const poly = new wl.preprocessing.PolynomialFeatures({ degree: 2 }).fit(Z1);
    const Z2 = poly.transform(Z1);
    const nb = new wl.GaussianNB().fit(Z2, y);
    expect(Array.from(p.predict(X) as ArrayLike<number>)).toEqual(Array.from(nb.predict(Z2) as ArrayLike<number>));
    const PP = p.predictProba(X) as InstanceType<typeof wl.Matrix>;
    const NP = nb.predictProba(Z2);
    expect(PP.toArray()).toEqual(NP.toArray());
    expect(p.score(X, y)).toBe(nb.score(Z2, y));
    const after = wl.memory().bytesInUse;
    p.predict(X);
    p.score(X, y);
    (p.predictProba(X) as InstanceType<typeof wl.Matrix>).dispose();
    expect(wl.memory().bytesInUse).toBe(after);
    for (const x of [Z1, Z2, PP, NP, s, poly, nb]) x.dispose();
    p.dispose();

    const t = pl.makePipeline(new wl.preprocessing.StandardScaler(), new wl.preprocessing.MinMaxScaler({ featureRange: [-1, 1] }));
    const T1 = t.fitTransform(X);
    const a = new wl.preprocessing.StandardScaler().fit(X);
    const A = a.transform(X);
    const b = new wl.preprocessing.MinMaxScaler({ featureRange: [-1, 1] }).fit(A);
    const B = b.transform(A);
    expect(T1.toArray()).toEqual(B.toArray());
    const T2 = t.transform(X);
    expect(T2.toArray()).toEqual(B.toArray());
    t.fit(X);
    const T3 = t.transform([[0, 0]]);
    const A0 = a.transform([[0, 0]]);
    const B0 = b.transform(A0);
    expect(T3.toArray()).toEqual(B0.toArray());
    for (const x of [T1, T2, T3, A, B, A0, B0, a, b]) x.dispose();
    t.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it("a one-step pipeline never disposes the caller's Matrix; a disposed pipeline refuses every use", () => {
    const base = wl.memory().bytesInUse;
    const M = wl.matrix(X);
    const one = pl.makePipeline(new wl.GaussianNB());
    one.fit(M, y);
    expect(Array.from(one.predict(M) as ArrayLike<number>).length).toBe(6);
    expect(one.score(M, y)).toBeGreaterThan(0.5);
    (one.predictProba(M) as InstanceType<typeof wl.Matrix>).dispose();
    const sc = pl.makePipeline(new wl.preprocessing.StandardScaler());
    const T = sc.fitTransform(M);
    const U = sc.transform(M);
    expect(U.toArray()).toEqual(T.toArray());
    sc.fit(M);
    expect(M.disposed).toBe(false);
    expect(M.toArray()).toEqual(X);
    for (const x of [T, U]) x.dispose();
    expect(one.disposed).toBe(false);
    one.dispose();
    one.dispose(); // twice is a no-op
    expect(one.disposed).toBe(true);
    const msg = 'this Pipeline was disposed; it can no longer be used';
    for (const call of [() => one.fit(M, y), () => one.predict(M), () => one.score(M, y), () => one.transform(M), () => one.fitTransform(M), () => one.getParams(), () => one.setParams({}), () => one.clone()]) {
      throwsNamed(call, wl.DisposedError, msg);
    }
    sc.dispose();
    M.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('stats: cov and corrcoef', () => {
  it('errors name the option or the variable', () => {
    const X = wl.matrix([[1, 2, 3], [2, 2, 2]]);
    throwsNamed(() => wl.cov(X, { ddof: -1 }), P, 'wl.cov: option "ddof" must be a finite number >= 0, got -1');
    throwsNamed(() => wl.cov(X, { ddof: Infinity }), P, 'wl.cov: option "ddof" must be a finite number >= 0, got Infinity');
    throwsNamed(() => wl.cov(X, { ddof: '1' as never }), P, 'wl.cov: option "ddof" must be a finite number >= 0, got "1"');
    throwsNamed(() => wl.cov(X, { ddof: 3 }), P, 'wl.cov: needs more observations (columns of X: 3) than ddof (3); with rowvar true the rows are the variables');
    throwsNamed(() => wl.cov(X, { rowvar: false, ddof: 2 }), P, 'wl.cov: needs more observations (rows of X: 2) than ddof (2); with rowvar false the columns are the variables');
    throwsNamed(() => wl.cov(X, { bias: true } as never), P, 'wl.cov: unknown option "bias"');
    throwsNamed(() => wl.corrcoef(X, { ddof: 1 } as never), P, 'wl.corrcoef: unknown option "ddof"');
    throwsNamed(() => wl.corrcoef(X), V, 'X: variable 1 (row 1) has zero variance, so its correlation is undefined');
    const Y = wl.matrix([[1, 5], [2, 5], [3, 5]]);
    throwsNamed(() => wl.corrcoef(Y, { rowvar: false }), V, 'X: variable 1 (column 1) has zero variance, so its correlation is undefined');
    X.dispose();
    Y.dispose();
  });

  it('defaults: rowvar true, ddof 1; ddof 0 divides by n; a number[][] gives float64', () => {
    const x = [[1, 2, 4], [3, 1, 2]];
    // rows are variables: means 7/3 and 2
    const c = wl.cov(x);
    const d = (a: number[], b: number[], div: number) => a.reduce((s, v, i) => s + (v - 7 / 3) * (b[i] - 2), 0) / div;
    expect(c.dtype).toBe('float64');
    expect(c.get(0, 1)).toBeCloseTo(d(x[0], x[1], 2), 14);
    const c0 = wl.cov(x, { ddof: 0 });
    expect(c0.get(0, 1)).toBeCloseTo(d(x[0], x[1], 3), 14);
    const r = wl.corrcoef(x);
    expect(r.get(0, 0)).toBeCloseTo(1, 14);
    const want = d(x[0], x[1], 2) / Math.sqrt(c.get(0, 0) * c.get(1, 1));
    expect(r.get(0, 1)).toBeCloseTo(want, 14);
    expect(r.get(1, 0)).toBeCloseTo(want, 14);
    // perfectly correlated variables: clipped to exactly 1
    const p = wl.corrcoef([[1, 2, 3, 4, 5, 6, 7.1], [3, 6, 9, 12, 15, 18, 21.3]]);
    expect(p.toArray().flat().every((v) => v <= 1 && v > 1 - 1e-12)).toBe(true);
    for (const M of [c, c0, r, p]) M.dispose();
  });
});

describe('datasets: generators', () => {
  const ds = wl.datasets;
  it('errors name the generator and the option', () => {
    throwsNamed(() => ds.makeBlobs({ nSamples: 0 }), P, 'makeBlobs: option "nSamples" must be an integer >= 1, got 0');
    throwsNamed(() => ds.makeBlobs({ clusterStd: -1 }), P, 'makeBlobs: option "clusterStd" must be a finite number >= 0, got -1');
    throwsNamed(() => ds.makeBlobs({ centerBox: [NaN, 1] }), P, 'makeBlobs: option "centerBox" must be a finite number, got NaN');
    throwsNamed(() => ds.makeBlobs({ centerBox: [2, 1] }), P, 'makeBlobs: option "centerBox" must be a finite number >= 2, got 1');
    throwsNamed(() => ds.makeBlobs({ centers: [] }), P, 'makeBlobs: option "centers" must be a number or rows of finite numbers of one length');
    throwsNamed(() => ds.makeBlobs({ centers: [[1, 2], [1]] }), P, 'makeBlobs: option "centers" must be a number or rows');
    throwsNamed(() => ds.makeBlobs({ centers: [[1, NaN]] }), P, 'makeBlobs: option "centers" must be a number or rows');
    throwsNamed(() => ds.makeBlobs({ centers: [[1], 2] as never }), P, 'makeBlobs: option "centers" must be a number or rows');
    throwsNamed(() => ds.makeBlobs({ centers: 0 }), P, 'makeBlobs: option "centers" must be an integer >= 1, got 0');
    throwsNamed(() => ds.makeBlobs({ nFeatures: 0 }), P, 'makeBlobs: option "nFeatures" must be an integer >= 1, got 0');
    throwsNamed(() => ds.makeBlobs({ seed: 1.5 }), P, 'makeBlobs: option "seed" must be an integer');
    throwsNamed(() => ds.makeBlobs({ std: 1 } as never), P, 'makeBlobs: unknown option "std"');
    throwsNamed(() => ds.makeMoons({ nSamples: 1 }), P, 'makeMoons: option "nSamples" must be an integer >= 2, got 1');
    throwsNamed(() => ds.makeMoons({ noise: -0.1 }), P, 'makeMoons: option "noise" must be a finite number >= 0, got -0.1');
    throwsNamed(() => ds.makeMoons({ seed: 'a' as never }), P, 'makeMoons: option "seed" must be an integer');
    throwsNamed(() => ds.makeMoons({ radius: 1 } as never), P, 'makeMoons: unknown option "radius"');
    throwsNamed(() => ds.makeRegression({ nSamples: 0 }), P, 'makeRegression: option "nSamples" must be an integer >= 1, got 0');
    throwsNamed(() => ds.makeRegression({ nFeatures: 0 }), P, 'makeRegression: option "nFeatures" must be an integer >= 1, got 0');
    throwsNamed(() => ds.makeRegression({ nInformative: -1 }), P, 'makeRegression: option "nInformative" must be an integer >= 0, got -1');
    throwsNamed(() => ds.makeRegression({ bias: NaN }), P, 'makeRegression: option "bias" must be a finite number, got NaN');
    throwsNamed(() => ds.makeRegression({ noise: -1 }), P, 'makeRegression: option "noise" must be a finite number >= 0, got -1');
    throwsNamed(() => ds.makeRegression({ shuffle: 1 as never }), P, 'makeRegression: option "shuffle" must be true or false, got 1');
    throwsNamed(() => ds.makeRegression({ seed: 0.5 }), P, 'makeRegression: option "seed" must be an integer');
    throwsNamed(() => ds.makeRegression({ coef: true } as never), P, 'makeRegression: unknown option "coef"');
    const C = 'makeClassification';
    throwsNamed(() => ds.makeClassification({ nSamples: 0 }), P, `${C}: option "nSamples" must be an integer >= 1, got 0`);
    throwsNamed(() => ds.makeClassification({ nFeatures: 0 }), P, `${C}: option "nFeatures" must be an integer >= 1, got 0`);
    throwsNamed(() => ds.makeClassification({ nInformative: 0 }), P, `${C}: option "nInformative" must be an integer in [1, 30], got 0`);
    throwsNamed(() => ds.makeClassification({ nInformative: 31, nFeatures: 40 }), P, `${C}: option "nInformative" must be an integer in [1, 30], got 31`);
    throwsNamed(() => ds.makeClassification({ nRedundant: -1 }), P, `${C}: option "nRedundant" must be an integer >= 0, got -1`);
    throwsNamed(() => ds.makeClassification({ nClasses: 0 }), P, `${C}: option "nClasses" must be an integer >= 1, got 0`);
    throwsNamed(() => ds.makeClassification({ nClustersPerClass: 0 }), P, `${C}: option "nClustersPerClass" must be an integer >= 1, got 0`);
    throwsNamed(() => ds.makeClassification({ classSep: -1 }), P, `${C}: option "classSep" must be a finite number >= 0, got -1`);
    throwsNamed(() => ds.makeClassification({ flipY: 1.5 }), P, `${C}: option "flipY" must be a finite number >= 0 and <= 1, got 1.5`);
    throwsNamed(() => ds.makeClassification({ nFeatures: 4, nInformative: 3, nRedundant: 2 }), P, `${C}: nInformative + nRedundant (5) must be <= nFeatures (4)`);
    throwsNamed(() => ds.makeClassification({ nInformative: 2, nClasses: 3 }), P, `${C}: nClasses·nClustersPerClass (6) must be <= 2^nInformative (4)`);
    throwsNamed(() => ds.makeClassification({ seed: 0.5 }), P, `${C}: option "seed" must be an integer`);
    throwsNamed(() => ds.makeClassification({ weights: [1] } as never), P, `${C}: unknown option "weights"`);
  });

  it('makeBlobs: defaults, given centers, centerBox, n split over the centers, shuffle', () => {
    const d = ds.makeBlobs({ seed: 1 });
    expect(d.X.length).toBe(100);
    expect(d.X[0].length).toBe(2);
    expect(new Set(d.y)).toEqual(new Set([0, 1, 2]));
    // clusterStd 0: every point is its center; 10 points over 3 centers: 4, 3, 3, in blocks without shuffle
    const c = ds.makeBlobs({ nSamples: 10, centers: [[1, 2], [3, 4], [5, 6]], clusterStd: 0, shuffle: false, seed: 2 });
    expect(c.y).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(c.X).toEqual(c.y.map((k) => [[1, 2], [3, 4], [5, 6]][k]));
    const s = ds.makeBlobs({ nSamples: 10, centers: [[1, 2], [3, 4], [5, 6]], clusterStd: 0, seed: 2 });
    expect(s.X).toEqual(s.y.map((k) => [[1, 2], [3, 4], [5, 6]][k]));
    expect(s.y).not.toEqual(c.y);
    expect([...s.y].sort()).toEqual(c.y);
    // drawn centers lie in centerBox
    const b = ds.makeBlobs({ nSamples: 30, centers: 5, nFeatures: 3, clusterStd: 0, centerBox: [5, 6], seed: 3 });
    const flat = b.X.flat();
    expect(Math.min(...flat)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...flat)).toBeLessThanOrEqual(6);
    expect(new Set(b.X.map((r) => r.join())).size).toBe(5);
    // the noise has the requested spread
    const spread = ds.makeBlobs({ nSamples: 4000, centers: [[0, 0]], clusterStd: 2, seed: 4 });
    const sd = Math.sqrt(spread.X.flat().reduce((a, v) => a + v * v, 0) / 8000);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });

  it('makeMoons: half circles in order without shuffle, odd counts, noise', () => {
    const mo = ds.makeMoons({ nSamples: 7, shuffle: false });
    expect(mo.y).toEqual([0, 0, 0, 1, 1, 1, 1]);
    // outer: 3 points at t = 0, π/2, π; inner: 4 points at t = 0, π/3, 2π/3, π
    const want = [
      ...[0, 1, 2].map((i) => [Math.cos((Math.PI * i) / 2), Math.sin((Math.PI * i) / 2)]),
      ...[0, 1, 2, 3].map((i) => [1 - Math.cos((Math.PI * i) / 3), 1 - Math.sin((Math.PI * i) / 3) - 0.5]),
    ];
    mo.X.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 15)));
    const two = ds.makeMoons({ nSamples: 2, shuffle: false });
    expect(two.X).toEqual([[1, 0], [0, 0.5]]);
    const quiet = ds.makeMoons({ nSamples: 40, shuffle: false, seed: 5 });
    const noisy = ds.makeMoons({ nSamples: 40, noise: 0.1, shuffle: false, seed: 5 });
    const dev = noisy.X.map((r, i) => Math.hypot(r[0] - quiet.X[i][0], r[1] - quiet.X[i][1]));
    expect(Math.max(...dev)).toBeGreaterThan(0);
    expect(Math.max(...dev)).toBeLessThan(0.6);
    const shuffled = ds.makeMoons({ nSamples: 40, seed: 5 });
    expect(shuffled.y).not.toEqual(ds.makeMoons({ nSamples: 40, shuffle: false }).y);
  });

  it('makeRegression: informative columns, bias, noise, nInformative capped at nFeatures, shuffle', () => {
    const r = ds.makeRegression({ nSamples: 20, nFeatures: 5, nInformative: 2, bias: 3, shuffle: false, seed: 6 });
    expect(r.coef.slice(2)).toEqual([0, 0, 0]);
    expect(r.coef.slice(0, 2).every((v) => v > 0 && v < 100)).toBe(true);
    r.X.forEach((row, i) => expect(r.y[i]).toBeCloseTo(row.reduce((s, v, j) => s + v * r.coef[j], 3), 10));
    const d = ds.makeRegression({ seed: 1 });
    expect(d.X.length).toBe(100);
    expect(d.X[0].length).toBe(100);
    expect(d.coef.filter((v) => v !== 0).length).toBe(10);
    const capped = ds.makeRegression({ nSamples: 5, nFeatures: 3, nInformative: 10, seed: 2 });
    expect(capped.coef.filter((v) => v !== 0).length).toBe(3);
    const none = ds.makeRegression({ nSamples: 5, nFeatures: 3, nInformative: 0, bias: 2, seed: 2 });
    expect(none.y).toEqual([2, 2, 2, 2, 2]);
    const noisy = ds.makeRegression({ nSamples: 2000, nFeatures: 2, nInformative: 2, noise: 3, seed: 7 });
    const res = noisy.X.map((row, i) => noisy.y[i] - row.reduce((s, v, j) => s + v * noisy.coef[j], 0));
    const sd = Math.sqrt(res.reduce((a, v) => a + v * v, 0) / res.length);
    expect(sd).toBeGreaterThan(2.8);
    expect(sd).toBeLessThan(3.2);
    // shuffled (the default): rows and columns permuted with the coefficients, y still X·coef
    const sh = ds.makeRegression({ nSamples: 30, nFeatures: 6, nInformative: 2, seed: 8 });
    sh.X.forEach((row, i) => expect(sh.y[i]).toBeCloseTo(row.reduce((s, v, j) => s + v * sh.coef[j], 0), 10));
    const runs = [8, 9, 10, 11].map((seed) => ds.makeRegression({ nSamples: 5, nFeatures: 6, nInformative: 2, seed }).coef.map((v) => +(v !== 0)).join());
    expect(new Set(runs).size).toBeGreaterThan(1);
  });

  it('makeClassification: cluster blocks without shuffle, labels, redundant columns, flipY', () => {
    const c = ds.makeClassification({ nSamples: 30, nFeatures: 7, nInformative: 3, nRedundant: 2, nClasses: 3, nClustersPerClass: 2, flipY: 0, shuffle: false, seed: 3 });
    // 6 clusters of 5 rows; cluster c has label c % 3
    expect(c.y).toEqual(Array.from({ length: 30 }, (_, i) => Math.floor(i / 5) % 3));
    expect(c.X.every((r) => r.length === 7)).toBe(true);
    // the redundant columns are one fixed linear combination of the informative ones
    const inf = wl.matrix(c.X.map((r) => r.slice(0, 3)));
    const red = wl.matrix(c.X.map((r) => r.slice(3, 5)));
    const { x: B } = wl.linalg.lstsq(inf, red);
    const fit = wl.linalg.matmul(inf, B);
    fit.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(c.X[i][3 + j], 10)));
    for (const M of [inf, red, B, fit]) M.dispose();
    // the informative means sit near distinct hypercube vertices (±classSep): a wide separation shows them
    const sep = ds.makeClassification({ nSamples: 400, nFeatures: 2, nInformative: 2, nRedundant: 0, nClasses: 2, nClustersPerClass: 1, classSep: 10, flipY: 0, shuffle: false, seed: 4 });
    const mean = (rows: number[][], j: number) => rows.reduce((s, r) => s + r[j], 0) / rows.length;
    const verts = [sep.X.slice(0, 200), sep.X.slice(200)].map((rows) => [0, 1].map((j) => Math.round(mean(rows, j))));
    for (const v of verts) for (const x of v) expect(Math.abs(Math.abs(x) - 10)).toBeLessThanOrEqual(2);
    expect(verts[0].join()).not.toBe(verts[1].join());
    // flipY 1: every label is redrawn at random
    const flipped = ds.makeClassification({ nSamples: 200, nFeatures: 4, nInformative: 2, nRedundant: 0, nClasses: 2, nClustersPerClass: 1, flipY: 1, shuffle: false, seed: 5 });
    const kept = flipped.y.filter((v, i) => v === (i < 100 ? 0 : 1)).length;
    expect(kept).toBeGreaterThan(70);
    expect(kept).toBeLessThan(130);
    const defaults = ds.makeClassification({ seed: 6 });
    expect(defaults.X.length).toBe(100);
    expect(defaults.X[0].length).toBe(20);
    expect(new Set(defaults.y)).toEqual(new Set([0, 1]));
  });

  it('the synchronous loaders (wasmlearn/datasets) parse the bundled tables', async () => {
    const L = await import('../../build/dist/datasets/loaders.js');
    const checks: [string, string, number, number, number][] = [
      ['loadIris', 'iris.csv', 150, 4, 3], ['loadWine', 'wine.csv', 178, 13, 3],
      ['loadBreastCancer', 'breast_cancer.csv', 569, 30, 2], ['loadDigits', 'digits.csv', 1797, 64, 10],
    ];
    for (const [fn, file, n, d, k] of checks) {
      const data = (L as any)[fn]();
      const csv = dataset(file);
      expect(data.X.length).toBe(n);
      expect(data.X).toEqual(csv.rows.map((r) => r.slice(0, d)));
      expect(data.y).toEqual(csv.rows.map((r) => r[d]));
      expect(data.featureNames).toEqual(csv.header.slice(0, d));
      expect(data.targetNames.length).toBe(k);
      // copies: changing one result leaves the next alone
      data.featureNames[0] = 'changed';
      data.targetNames[0] = 'changed';
      expect((L as any)[fn]().featureNames[0]).toBe(csv.header[0]);
      expect((L as any)[fn]().targetNames[0]).not.toBe('changed');
    }
    expect(L.loadIris().targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });
});
