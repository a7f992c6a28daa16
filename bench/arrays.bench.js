// Array essentials on a 100 000 × 50 data matrix: column means, standardization (X − μ)/σ, and
// gathering 10 000 random rows — wasmlearn vs plain JS loops over a typed array vs ml-matrix, in the
// same run. Run: node bench/arrays.bench.js, deno run -A bench/arrays.bench.js (or npm run bench).
// The data already lives in the heap (as in a pipeline); outputs are preallocated where the API allows.
import * as wl from '../build/dist/index.js';
import { Matrix as MlMatrix } from 'ml-matrix';
import process from 'node:process';
import { fmt, measure, ratio, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

/**
 * Median CPU time (user + system, ms) per call over `runs` calls. On this shared machine (load ≈ 14 on
 * 2 cores) a call longer than a scheduler slice is preempted and its wall time includes the wait; CPU
 * time counts only the work, so it is the fairer comparison next to the wall-clock medians.
 */
function cpuTime(fn, runs) {
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = process.cpuUsage();
    fn();
    const d = process.cpuUsage(s);
    t.push((d.user + d.system) / 1e3);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

await wl.init();
const N = 100_000;
const D = 50;
const TAKE = 10_000;
const rows = [];

for (const dtype of ['float64', 'float32']) {
  const Typed = dtype === 'float32' ? Float32Array : Float64Array;
  const X = wl.random.normal(N, D, { seed: 1, dtype });
  wl.add(wl.mul(X, 3, { out: X }), 5, { out: X }); // mean 5, σ 3: standardization has work to do
  const x = new Typed(X.toTypedArray());
  const ml = dtype === 'float64' ? new MlMatrix(Array.from({ length: N }, (_, i) => x.subarray(i * D, (i + 1) * D))) : null;
  const r = (() => { let s = 7; return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32); })();
  const idx = Int32Array.from({ length: TAKE }, () => Math.floor(r() * N));
  const idxArr = Array.from(idx);
  const mu = wl.zeros(1, D, dtype);
  const sd = wl.zeros(1, D, dtype);
  const Z = wl.zeros(N, D, dtype);
  const z = new Typed(N * D);
  const opts = { minSamples: 10, maxTime: 1 };

  // plain JS: one pass down the rows accumulating per column (the cache-friendly order), in f64
  const jsMeans = new Function('x', 'n', 'd', `
    const m = new Float64Array(d);
    for (let i = 0; i < n; i++) { const o = i * d; for (let j = 0; j < d; j++) m[j] += x[o + j]; }
    for (let j = 0; j < d; j++) m[j] /= n;
    return m;`);
  const jsStandardize = new Function('x', 'z', 'n', 'd', 'means', `
    const m = means(x, n, d);
    const v = new Float64Array(d);
    for (let i = 0; i < n; i++) { const o = i * d; for (let j = 0; j < d; j++) { const t = x[o + j] - m[j]; v[j] += t * t; } }
    for (let j = 0; j < d; j++) v[j] = 1 / Math.sqrt(v[j] / n);
    for (let i = 0; i < n; i++) { const o = i * d; for (let j = 0; j < d; j++) z[o + j] = (x[o + j] - m[j]) * v[j]; }
    return z;`);
  const jsTake = new Function('x', 'idx', 'd', 'Typed', `
    const out = new Typed(idx.length * d);
    for (let k = 0; k < idx.length; k++) { const o = idx[k] * d, p = k * d; for (let j = 0; j < d; j++) out[p + j] = x[o + j]; }
    return out;`);
  const jsTakeSet = new Function('x', 'idx', 'd', 'Typed', `
    const out = new Typed(idx.length * d);
    for (let k = 0; k < idx.length; k++) out.set(x.subarray(idx[k] * d, idx[k] * d + d), k * d);
    return out;`);

  // correctness of what is timed: the three agree
  {
    const m = jsMeans(x, N, D);
    wl.mean(X, { axis: 0, out: mu });
    const tol = dtype === 'float32' ? 1e-5 : 1e-12;
    for (let j = 0; j < D; j++) if (Math.abs(mu.get(0, j) - m[j]) > tol * 5) throw new Error(`column mean ${j} differs`);
    if (ml) { const mm = ml.mean('column'); for (let j = 0; j < D; j++) if (Math.abs(mm[j] - m[j]) > 1e-9) throw new Error('ml-matrix mean differs'); }
  }

  let sink = 0;
  const meanWl = measure(`means wl ${dtype}`, () => { wl.mean(X, { axis: 0, out: mu }); }, opts);
  const meanJs = measure(`means js ${dtype}`, () => { sink += jsMeans(x, N, D)[0]; }, opts);
  const meanMl = ml ? measure('means ml-matrix', () => { sink += ml.mean('column')[0]; }, opts) : null;

  const stdWl = measure(`standardize wl ${dtype}`, () => {
    wl.mean(X, { axis: 0, out: mu });
    wl.std(X, { axis: 0, out: sd });
    wl.div(wl.sub(X, mu, { out: Z }), sd, { out: Z });
  }, { ...opts, minSamples: 8 });
  const stdJs = measure(`standardize js ${dtype}`, () => { sink += jsStandardize(x, z, N, D, jsMeans)[0]; }, { ...opts, minSamples: 8 });
  const stdMl = ml ? measure('standardize ml-matrix', () => {
    const m = ml.mean('column');
    const s = ml.standardDeviation('column', { mean: m, unbiased: false });
    sink += ml.clone().subRowVector(m).divRowVector(s).get(0, 0);
  }, { ...opts, minSamples: 5 }) : null;

  const takeWl = measure(`take wl ${dtype}`, () => { wl.take(X, idx, { axis: 0 }).dispose(); }, opts);
  const takeJs = measure(`take js ${dtype}`, () => { sink += jsTake(x, idx, D, Typed)[0]; }, opts);
  const takeSet = measure(`take js set ${dtype}`, () => { sink += jsTakeSet(x, idx, D, Typed)[0]; }, opts);
  const takeMl = ml ? measure('take ml-matrix', () => { sink += ml.subMatrixRow(idxArr).get(0, 0); }, opts) : null;
  const cpu = {
    meanWl: cpuTime(() => wl.mean(X, { axis: 0, out: mu }), 40),
    meanJs: cpuTime(() => { sink += jsMeans(x, N, D)[0]; }, 15),
    stdWl: cpuTime(() => { wl.mean(X, { axis: 0, out: mu }); wl.std(X, { axis: 0, out: sd }); wl.div(wl.sub(X, mu, { out: Z }), sd, { out: Z }); }, 15),
    stdJs: cpuTime(() => { sink += jsStandardize(x, z, N, D, jsMeans)[0]; }, 9),
    takeWl: cpuTime(() => wl.take(X, idx, { axis: 0 }).dispose(), 40),
    takeJs: cpuTime(() => { sink += jsTake(x, idx, D, Typed)[0]; }, 15),
  };
  if (Number.isNaN(sink)) throw new Error('unreachable');

  const ms = (m) => (m ? fmt(m.medianMs) : '–');
  const vs = (ours, theirs) => (theirs ? ratio(ours.hz, theirs.hz) : '–');
  const cpuCols = (ours, theirs) => [fmt(ours), fmt(theirs), `${fmt(theirs / ours)}×`];
  rows.push([`column means ${N}×${D}`, dtype, ms(meanWl), ms(meanJs), ms(meanMl), vs(meanWl, meanJs), vs(meanWl, meanMl), ...cpuCols(cpu.meanWl, cpu.meanJs)]);
  rows.push([`standardize ${N}×${D}`, dtype, ms(stdWl), ms(stdJs), ms(stdMl), vs(stdWl, stdJs), vs(stdWl, stdMl), ...cpuCols(cpu.stdWl, cpu.stdJs)]);
  rows.push([`take ${TAKE} rows (axis 0)`, dtype, ms(takeWl), ms(takeJs), ms(takeMl), vs(takeWl, takeJs), vs(takeWl, takeMl), ...cpuCols(cpu.takeWl, cpu.takeJs)]);
  rows.push([`take, JS with TypedArray.set`, dtype, ms(takeWl), ms(takeSet), '–', vs(takeWl, takeSet), '–', '', '', '']);
  for (const m of [X, mu, sd, Z]) m.dispose();
}

const md = `### Array essentials (${runtimeName()}, build ${wl.features().build})

Wall time: median ms per call (benchmark.js samples). The machine was shared and busy (load ≈ 14 on
2 cores): calls longer than a scheduler slice are preempted and their wall time includes waiting, so the
last three columns give the median CPU time per call (\`process.cpuUsage\`) of wasmlearn and plain JS. Standardization is \`(X − mean(X, axis 0)) / std(X, axis 0)\`: wasmlearn runs four calls
(mean, std, sub, div with \`out\`); plain JS runs the same three passes over a typed array; ml-matrix
\`mean('column')\`, \`standardDeviation('column')\`, \`subRowVector\`, \`divRowVector\` (float64 only).
Ratio = how many times faster wasmlearn is.

${table(['operation', 'dtype', 'wl ms', 'plain JS ms', 'ml-matrix ms', 'vs JS', 'vs ml-matrix', 'wl CPU ms', 'JS CPU ms', 'vs JS (CPU)'], rows)}`;
console.log(md);
saveFragment(`arrays-${runtimeKey()}`, md);
