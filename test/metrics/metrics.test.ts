// Metrics against the values scikit-learn's documentation gives for its examples, plus invariants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

describe('metrics', () => {
  it('accuracy, confusion matrix (scikit-learn doc examples)', async () => {
    const { metrics: m } = await getWl();
    expect(m.accuracyScore([0, 2, 1, 3], [0, 1, 2, 3])).toBe(0.5);
    expect(m.accuracyScore([0, 2, 1, 3], [0, 1, 2, 3], { normalize: false })).toBe(2);
    expect(m.confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    const yt = ['cat', 'ant', 'cat', 'cat', 'ant', 'bird'];
    const yp = ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'];
    expect(m.confusionMatrix(yt, yp, { labels: ['ant', 'bird', 'cat'] })).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    const norm = m.confusionMatrix(yt, yp, { normalize: 'true' });
    for (const row of norm) expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('precision, recall, F: binary, macro, micro, weighted, per label', async () => {
    const { metrics: m } = await getWl();
    const yt = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
    const yp = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];
    const macro = m.precisionRecallFscore(yt, yp, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(0.2222222222, 9);
    expect(macro.recall).toBeCloseTo(0.3333333333, 9);
    expect(macro.fscore).toBeCloseTo(0.2666666667, 9);
    const micro = m.precisionRecallFscore(yt, yp, { average: 'micro' });
    expect([micro.precision, micro.recall, micro.fscore].map((v) => +v.toFixed(9))).toEqual([0.333333333, 0.333333333, 0.333333333]);
    const weighted = m.precisionRecallFscore(yt, yp, { average: 'weighted' });
    expect(weighted.fscore).toBeCloseTo(0.2666666667, 9);
    const per = m.precisionRecallFscore(yt, yp, { average: null });
    expect(per.precision.map((v) => +v.toFixed(6))).toEqual([0.666667, 0, 0]);
    expect(per.support).toEqual([2, 2, 2]);
    const bin = m.precisionRecallFscore([0, 1, 1, 0, 1], [0, 1, 0, 0, 1]);
    expect([bin.precision, bin.recall, bin.fscore]).toEqual([1, 2 / 3, 0.8]);
    const f2 = m.precisionRecallFscore([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], { beta: 2 });
    expect(f2.fscore).toBeCloseTo((5 * 1 * (2 / 3)) / (4 * 1 + 2 / 3), 12);
    expect(() => m.precisionRecallFscore(yt, yp)).toThrow(/average 'binary' needs at most 2 labels/);
    expect(() => m.precisionRecallFscore([0, 1], [1, 0], { average: 'mean' as never })).toThrow(/option "average"/);
  });

  it('regression metrics', async () => {
    const { metrics: m } = await getWl();
    const t = [3, -0.5, 2, 7];
    const p = [2.5, 0.0, 2, 8];
    expect(m.meanSquaredError(t, p)).toBe(0.375);
    expect(m.meanAbsoluteError(t, p)).toBe(0.5);
    expect(m.r2Score(t, p)).toBeCloseTo(0.9486081370449679, 14);
    expect(m.r2Score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]])).toBeCloseTo(0.9368005266622779, 12);
    expect(m.r2Score([1, 1, 1], [1, 1, 1])).toBe(1);
    expect(m.r2Score([1, 1, 1], [1, 1, 2])).toBe(0);
    expect(() => m.meanSquaredError([1, 2], [1])).toThrow(/yPred: expected 2 values/);
    expect(() => m.r2Score([1, NaN], [1, 2])).toThrow(/yTrue\[1\]: expected a finite number/);
  });

  it('log loss and ROC AUC', async () => {
    const { metrics: m } = await getWl();
    expect(m.logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])).toBeCloseTo(0.21616187468057912, 12);
    expect(m.logLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.35])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4, 12);
    expect(Number.isFinite(m.logLoss([0, 1], [[1, 0], [1, 0]]))).toBe(true); // clipped, not Infinity
    expect(m.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(m.rocAucScore([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(() => m.rocAucScore([1, 1], [0.2, 0.3])).toThrow(/only one class/);
  });

  it('ROC AUC equals the fraction of (positive, negative) pairs ranked correctly (ties half)', async () => {
    const { metrics: m } = await getWl();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 40 }), (pairs) => {
        const y = pairs.map((p) => (p[0] ? 1 : 0));
        if (new Set(y).size < 2) return true;
        const s = pairs.map((p) => p[1]);
        let good = 0;
        let total = 0;
        for (let i = 0; i < y.length; i++) for (let j = 0; j < y.length; j++) if (y[i] === 1 && y[j] === 0) {
          total++;
          good += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
        return Math.abs(m.rocAucScore(y, s) - good / total) < 1e-12;
      }),
      { numRuns: 200 },
    );
  });
});
