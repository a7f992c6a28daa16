// GaussianNB against scikit-learn (tree_nb_knn.json: iris means, variances, priors, accuracy) and
// partialFit in batches against one fit.
import { describe, expect, it } from 'vitest';
import { dataset, getWl, reference } from '../helpers';

const ref = reference('tree_nb_knn.json').gaussianNB;
const iris = dataset('iris.csv').rows;
const X = iris.map((r) => r.slice(0, 4));
const y = iris.map((r) => r[4]);

describe('GaussianNB', () => {
  it('reproduces scikit-learn on iris', async () => {
    const wl = await getWl();
    const nb = new wl.GaussianNB().fit(X, y);
    nb.theta.forEach((row, c) => row.forEach((v, j) => expect(v).toBeCloseTo(ref.theta[c][j], 12)));
    nb.var.forEach((row, c) => row.forEach((v, j) => expect(Math.abs(v - ref.var[c][j])).toBeLessThan(1e-13)));
    Array.from(nb.classPrior).forEach((v, c) => expect(v).toBeCloseTo(ref.classPrior[c], 14));
    expect(nb.score(X, y)).toBeCloseTo(ref.trainAccuracy, 12);
    const P = nb.predictProba(X);
    P.toArray().forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12));
    P.dispose();
    nb.dispose();
  });

  it('partialFit in three batches equals one fit (up to the batch-epsilon quirk scikit-learn has)', async () => {
    const wl = await getWl();
    const order = X.map((_, i) => i).sort((a, b) => ((a * 7919) % 150) - ((b * 7919) % 150));
    const full = new wl.GaussianNB({ varSmoothing: 0 }).fit(X, y);
    const inc = new wl.GaussianNB({ varSmoothing: 0 });
    for (let b = 0; b < 3; b++) {
      const ids = order.slice(b * 50, (b + 1) * 50);
      inc.partialFit(ids.map((i) => X[i]), ids.map((i) => y[i]), [0, 1, 2]);
    }
    inc.theta.forEach((row, c) => row.forEach((v, j) => expect(v).toBeCloseTo(full.theta[c][j], 12)));
    inc.var.forEach((row, c) => row.forEach((v, j) => expect(v).toBeCloseTo(full.var[c][j], 12)));
    expect(() => new wl.GaussianNB().partialFit(X, y)).toThrow(/classes/);
    expect(() => inc.partialFit([[1, 2, 3]], [0])).toThrow(wl.ShapeError);
    full.dispose();
    inc.dispose();
  });
});
