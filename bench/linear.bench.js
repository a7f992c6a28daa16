// Linear models: wasmlearn vs scikit-learn (one thread, bench/sklearn/runner.py) and ml-regression,
// same data, same run. Run: node bench/linear.bench.js (or npm run bench -- linear).
// wasmlearn is timed with X already in the heap (a Matrix — as scikit-learn gets a NumPy array) and
// from number[][] (which includes copying the rows into Wasm memory).
import * as wl from '../build/dist/index.js';
import { MultivariateLinearRegression } from 'ml-regression';
import { fmt, measure, ratio, runtimeKey, runtimeName, saveFragment, table } from './lib.js';
import { runSklearn } from './sklearn.js';

await wl.init();
const started = performance.now();

function data(n, d, informative, seed) {
  const R = wl.random.normal(n, d, { seed });
  const X = R.toArray();
  R.dispose();
  const noise = wl.random.normal(n, 1, { seed: seed + 1 });
  const e = noise.toTypedArray();
  noise.dispose();
  const y = X.map((row, i) => row.slice(0, informative).reduce((s, v, j) => s + v * (j + 1), 0) + 0.5 * e[i]);
  return { X, y };
}

const lr = data(100_000, 20, 20, 1);
const lasso = data(10_000, 100, 10, 2);

const sk = runSklearn([
  { name: 'lr', estimator: 'sklearn.linear_model.LinearRegression', X: lr.X, y: lr.y, minSamples: 10, maxTime: 2 },
  { name: 'lasso', estimator: 'sklearn.linear_model.Lasso', params: { alpha: 0.1 }, X: lasso.X, y: lasso.y, minSamples: 10, maxTime: 2 },
]);

const rows = [];
const targets = { lr: 1.25, lasso: 2 };
function row(label, key, oursMatrix, oursArrays, peer) {
  const skMs = sk.results?.[key]?.medianMs;
  const target = skMs === undefined ? 'n/a' : (oursMatrix.medianMs / skMs <= targets[key] ? `≤ ${targets[key]}× ✓` : `≤ ${targets[key]}× ✗`);
  rows.push([
    label,
    fmt(oursMatrix.medianMs),
    fmt(oursArrays.medianMs),
    skMs === undefined ? '—' : fmt(skMs),
    skMs === undefined ? '—' : ratio(oursMatrix.medianMs, skMs),
    peer ? fmt(peer.medianMs) : '—',
    peer ? ratio(peer.medianMs, oursMatrix.medianMs) : '—',
    target,
  ]);
}

{
  const M = wl.matrix(lr.X);
  const y = Float64Array.from(lr.y);
  const ours = measure('LinearRegression matrix', () => new wl.LinearRegression().fit(M, y).dispose(), { minSamples: 15, maxTime: 2 });
  const arrays = measure('LinearRegression arrays', () => new wl.LinearRegression().fit(lr.X, lr.y).dispose(), { minSamples: 10, maxTime: 2 });
  const Y = lr.y.map((v) => [v]);
  const peer = measure('ml-regression MLR', () => new MultivariateLinearRegression(lr.X, Y), { minSamples: 5, maxTime: 2 });
  row('LinearRegression 100 000 × 20', 'lr', ours, arrays, peer);
  M.dispose();
}
{
  const M = wl.matrix(lasso.X);
  const y = Float64Array.from(lasso.y);
  const probe = new wl.Lasso({ alpha: 0.1 }).fit(M, y);
  const iters = probe.nIter;
  probe.dispose();
  const ours = measure('Lasso matrix', () => new wl.Lasso({ alpha: 0.1 }).fit(M, y).dispose(), { minSamples: 15, maxTime: 2 });
  const arrays = measure('Lasso arrays', () => new wl.Lasso({ alpha: 0.1 }).fit(lasso.X, lasso.y).dispose(), { minSamples: 10, maxTime: 2 });
  row(`Lasso α = 0.1, 10 000 × 100 (${iters} sweeps)`, 'lasso', ours, arrays, undefined);
  M.dispose();
}

const md = `### Linear models (${runtimeName()}, build ${wl.features().build})

Median ms per \`fit\` (benchmark.js samples; scikit-learn: its own median over ≥ 10 fits in one thread,
${sk.version ?? 'not run'}), float64, the same random data for every library. Ratio vs scikit-learn =
wasmlearn (Matrix input) / scikit-learn (lower is better); vs ml-regression = its time / wasmlearn's.
${sk.note ? `\n_${sk.note}_\n` : ''}
${table(['workload', 'wasmlearn (Matrix X)', 'wasmlearn (number[][] X)', 'scikit-learn', 'ratio vs sklearn', 'ml-regression', 'speed-up vs ml-regression', 'target'], rows)}`;
console.log(md);
console.log(`\n(total ${fmt((performance.now() - started) / 1000)} s)`);
saveFragment(`linear-${runtimeKey()}`, md);
