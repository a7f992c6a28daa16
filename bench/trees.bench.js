// Decision trees and random forests: wasmlearn vs scikit-learn (one thread, bench/sklearn/trees.py
// with Debian's python3-sklearn, same data through a temporary file) and ml-cart / ml-random-forest
// (pure JS) in the same run (bench/lib.js runSklearn hands the data over as raw float64). Run: node bench/trees.bench.js (or npm run bench -- trees).
// Fit times are medians of several fits; the machine is shared, so compare the same-run ratios.
import * as wl from '../build/dist/index.js';
import { DecisionTreeClassifier as MlCart } from 'ml-cart';
import { RandomForestClassifier as MlForest } from 'ml-random-forest';
import { fmt, medianTime as time, runSklearn, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

await wl.init();
const started = performance.now();

/** n×d features N(0,1)-ish and a label from a nonlinear rule plus 10 % label noise (deterministic). */
function data(n, d, seed) {
  const R = wl.random.normal(n, d, { seed });
  const X = R.toArray();
  R.dispose();
  const U = wl.random.uniform(n, 1, { seed: seed + 1 });
  const u = U.toTypedArray();
  U.dispose();
  const y = X.map((r, i) => {
    const s = r[0] * r[1] + Math.sin(2 * r[2]) + 0.5 * r[3] - (r.length > 4 ? r[4] * r[4] - 1 : 0);
    const label = s > 0 ? 1 : 0;
    return u[i] < 0.1 ? 1 - label : label;
  });
  return { X, y };
}

const workloads = [
  { name: 'DecisionTreeClassifier 10 000 × 10, maxDepth 10', model: 'DecisionTreeClassifier', n: 10_000, d: 10, ours: { maxDepth: 10, seed: 0 }, sk: { max_depth: 10, random_state: 0 }, runs: 9, peer: { n: 1000, runs: 3 } },
  { name: 'DecisionTreeRegressor 10 000 × 10, maxDepth 10', model: 'DecisionTreeRegressor', n: 10_000, d: 10, ours: { maxDepth: 10, seed: 0 }, sk: { max_depth: 10, random_state: 0 }, runs: 9 },
  { name: 'RandomForestClassifier 100 trees, 5 000 × 20', model: 'RandomForestClassifier', n: 5000, d: 20, ours: { nEstimators: 100, seed: 0 }, sk: { n_estimators: 100, random_state: 0, n_jobs: 1 }, runs: 3, peer: { n: 500, runs: 1, trees: 5 } },
];

// scikit-learn, on the same data
const sk = await runSklearn('trees.py', workloads.map((w, i) => {
  const { X, y } = data(w.n, w.d, 100 + i);
  return { name: w.name, model: w.model, n: w.n, d: w.d, params: w.sk, repeat: w.runs, arrays: { X: Float64Array.from(X.flat()), y: Float64Array.from(y) } };
}));

const rows = [];
const notes = [];
workloads.forEach((w, i) => {
  const { X, y } = data(w.n, w.d, 100 + i);
  const Cls = wl[w.model];
  const Xm = wl.matrix(X);
  let score = 0;
  const ms = time(() => {
    const m = new Cls(w.ours).fit(Xm, y);
    score = m.score(Xm, y);
    m.dispose();
  }, w.runs);
  const fitted = new Cls(w.ours).fit(Xm, y);
  const predictMs = time(() => (fitted.predictProba ? fitted.predictProba(Xm) : fitted.predict(Xm)), Math.max(5, w.runs));
  fitted.dispose();
  Xm.dispose();
  const skPredict = sk?.predict[w.name];
  const skMs = sk?.times[w.name];
  let peer = '—';
  if (w.peer) {
    const small = data(w.peer.n, w.d, 200 + i);
    let peerMs;
    if (w.model === 'DecisionTreeClassifier') {
      peerMs = time(() => new MlCart({ gainFunction: 'gini', maxDepth: 10, minNumSamples: 2 }).train(small.X, small.y), w.peer.runs);
      const oursSmall = time(() => new Cls(w.ours).fit(small.X, small.y).dispose(), 9);
      peer = `ml-cart ${fmt(peerMs)} ms at ${w.peer.n} × ${w.d} (ours ${fmt(oursSmall)} ms there: ${fmt(peerMs / oursSmall)}× faster)`;
    } else {
      peerMs = time(() => new MlForest({ nEstimators: w.peer.trees, maxFeatures: 1.0, replacement: true, useSampleBagging: true, seed: 1, noOOB: true }).train(small.X, small.y), w.peer.runs);
      const oursSmall = time(() => new Cls({ ...w.ours, nEstimators: w.peer.trees }).fit(small.X, small.y).dispose(), 5);
      peer = `ml-random-forest ${fmt(peerMs)} ms for ${w.peer.trees} trees at ${w.peer.n} × ${w.d} (ours ${fmt(oursSmall)} ms there: ${fmt(peerMs / oursSmall)}× faster)`;
    }
  }
  rows.push([w.name, fmt(ms), skMs ? fmt(skMs) : '—', skMs ? `${fmt(ms / skMs)}×` : '—', `${fmt(predictMs)} / ${skPredict ? fmt(skPredict) : '—'}`, fmt(score, 4) + (sk ? ` / ${fmt(sk.scores[w.name], 4)}` : ''), peer]);
});
if (!sk) notes.push('scikit-learn column skipped: no python3 with scikit-learn on this machine.');

const md = `### Decision trees and random forests (${runtimeName()}, build ${wl.features().build})

Median fit time in ms (wasmlearn and scikit-learn ${sk ? sk.version : ''} one thread on the same float64 data; labels from a
nonlinear rule with 10 % noise, so trees grow to their limits). ratio = wasmlearn ÷ scikit-learn (lower is better;
target ≤ 2×). Prediction: predictProba (classifiers) or predict over the training rows. Training score (accuracy or R²) is
shown for both (same seed: the same trees up to float32 rounding in scikit-learn).
The pure-JS peers are far slower, so they run on a smaller problem, said in their column.

${table(['workload', 'wasmlearn fit ms', 'scikit-learn fit ms', 'fit ratio', 'predict ms, training rows (ours / sklearn)', 'train score (ours / sklearn)', 'ml.js peer (fit)'], rows)}
${notes.length ? '\n' + notes.join('\n') : ''}`;
console.log(md);
console.log(`\n(total ${fmt((performance.now() - started) / 1000)} s)`);
saveFragment(`trees-${runtimeKey()}`, md);
