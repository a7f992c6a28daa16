// The tour's classifier section (npm start): every family fits the bundled datasets, generalizes to
// the held-out quarter, and the multinomial probabilities of iris sample 0 are scikit-learn's.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { reference } from './helpers';

it('tour: classifiers on the bundled datasets', () => {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL('../examples/tour.js', import.meta.url))], { encoding: 'utf8' });
  const start = out.indexOf('Classifiers: logistic regression');
  expect(start).toBeGreaterThan(0);
  const section = out.slice(start, out.indexOf('\n', out.indexOf('SGDRegressor.partialFit', start)));
  const tests = [...section.matchAll(/train ([\d.]+)\s+test ([\d.]+)/g)].map((m) => Number(m[2]));
  expect(tests.length).toBe(15); // five models on three datasets
  for (const acc of tests) expect(acc).toBeGreaterThan(0.9);
  const probs = section.match(/probabilities of samples 0, 75, 149: \[([\d. ]+)\]/)![1].split(' ').map(Number);
  reference('logistic.json').irisMultinomial_C1.probaFirst5[0].forEach((v: number, k: number) => expect(Math.abs(probs[k] - v)).toBeLessThan(1e-3));
  expect(Number(section.match(/10 passes\): R² ([\d.]+)/)![1])).toBeGreaterThan(0.85);
});
