// `npm start` runs the tour: it must keep working end to end and print numbers that match
// scikit-learn on the bundled data (PCA of iris: test/fixtures/reference/pca.json).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reference } from './helpers';

const pca = reference('pca.json');

describe('tour (npm start)', () => {
  it('runs, frees its memory and reproduces scikit-learn PCA on iris', () => {
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('../examples/tour.js', import.meta.url))], { encoding: 'utf8' });
    expect(out).toMatch(/heap: 0 bytes in use beyond the start/);
    const iris = out.slice(out.indexOf('iris:'), out.indexOf('wine:'));
    const numbers = (label: string) => iris.match(new RegExp(`${label}: ([\\d., ]+)`))![1].split(',').map(Number);
    const ratios = numbers('explained variance ratio \\(eigh of the covariance\\)');
    const sv = numbers('singular values of the centered data');
    ratios.forEach((v, i) => expect(Math.abs(v - pca.iris.explainedVarianceRatio[i])).toBeLessThan(1e-6));
    sv.forEach((v, i) => expect(Math.abs(v - pca.iris.singularValues[i])).toBeLessThan(1e-5));
    // trees and forests fit the bundled datasets
    expect(Number(out.match(/iris, DecisionTreeClassifier.*test accuracy ([\d.]+)/)![1])).toBeGreaterThan(0.85);
    const forests = [...out.matchAll(/RandomForestClassifier\(100 trees\).*out-of-bag accuracy ([\d.]+), test accuracy ([\d.]+)/g)];
    expect(forests.length).toBe(2);
    for (const m of forests) {
      expect(Number(m[1])).toBeGreaterThan(0.9);
      expect(Number(m[2])).toBeGreaterThan(0.9);
    }
    expect(Number(out.match(/RandomForestRegressor.*test R² ([\d.]+)/)![1])).toBeGreaterThan(0.8);
    // linear models, pipelines and model selection on wl.datasets
    for (const kind of ['LinearRegression', 'Ridge', 'Lasso', 'ElasticNet']) expect(Number(out.match(new RegExp(`wine alcohol, ${kind} +test R² ([\\d.]+)`))![1])).toBeGreaterThan(0.45);
    expect(Number(out.match(/GridSearchCV over Ridge alpha.*mean R² ([-\d.]+)/)![1])).toBeGreaterThan(0.45);
    expect(Number(out.match(/poly\(petal length, 3\): 5-fold R² ([\d.]+)/)![1])).toBeGreaterThan(0.9);
    expect(Number(out.match(/breast cancer .*accuracy ([\d.]+)/)![1])).toBeGreaterThan(0.93);
    // the digits network: within 0.02 of scikit-learn's MLPClassifier (0.967 on its split; this split is another)
    expect(Number(out.match(/digits test accuracy: ([\d.]+)/)![1])).toBeGreaterThanOrEqual(0.95);
  });
});
