// Symmetric eigendecomposition and SVD: wasmlearn vs ml-matrix (pure JS, float64), same process.
// Run: node bench/linalg.bench.js (or deno run -A bench/linalg.bench.js, or npm run bench -- linalg).
// Inputs are created once (wasmlearn's in the heap, ml-matrix's as its Matrix); each timed call
// decomposes and, for wasmlearn, frees the returned factors.
import * as wl from '../build/dist/index.js';
import { EigenvalueDecomposition, Matrix as MlMatrix, SVD } from 'ml-matrix';
import { fmt, measure, ratio, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

await wl.init();
const started = performance.now();

function randomRows(m, n, seed) {
  const R = wl.random.uniform(m, n, { seed, low: -1, high: 1 });
  const rows = R.toArray();
  R.dispose();
  return rows;
}

function symmetric(n, seed) {
  const S = randomRows(n, n, seed);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) S[i][j] = S[j][i];
  return S;
}

const opts = (n) => ({ minSamples: n >= 256 ? 8 : 20, maxTime: n >= 256 ? 2 : 1 });

const eigRows = [];
for (const n of [32, 64, 128, 256]) {
  const rows = symmetric(n, n);
  const S = wl.matrix(rows);
  const ml = new MlMatrix(rows);
  const auto = measure(`eigh auto ${n}`, () => wl.linalg.eigh(S).vectors.dispose(), opts(n));
  const jacobi = measure(`eigh jacobi ${n}`, () => wl.linalg.eigh(S, { method: 'jacobi' }).vectors.dispose(), opts(n));
  const values = measure(`eigvalsh auto ${n}`, () => wl.linalg.eigvalsh(S), opts(n));
  const peer = measure(`ml-matrix evd ${n}`, () => new EigenvalueDecomposition(ml, { assumeSymmetric: true }), opts(n));
  eigRows.push([n, fmt(auto.medianMs), fmt(jacobi.medianMs), fmt(values.medianMs), fmt(peer.medianMs), ratio(peer.medianMs, auto.medianMs), ratio(peer.medianMs, jacobi.medianMs)]);
  S.dispose();
}

const svdRows = [];
for (const [m, n] of [[1000, 50], [50, 1000]]) {
  const rows = randomRows(m, n, m + n);
  const A = wl.matrix(rows);
  const ml = new MlMatrix(rows);
  const ours = measure(`svd ${m}x${n}`, () => {
    const { U, Vt } = wl.linalg.svd(A);
    U.dispose();
    Vt.dispose();
  }, { minSamples: 20 });
  // ml-matrix with its defaults (as measured in the issue); it warns on every wide input.
  const warn = console.warn;
  console.warn = () => {};
  const peer = measure(`ml-matrix svd ${m}x${n}`, () => new SVD(ml), { minSamples: 8, maxTime: 2 });
  console.warn = warn;
  svdRows.push([`${m}×${n}`, fmt(ours.medianMs), fmt(peer.medianMs), ratio(peer.medianMs, ours.medianMs)]);
  A.dispose();
}

const md = `### Eigendecomposition and SVD (${runtimeName()}, build ${wl.features().build})

Median ms per call (benchmark.js samples), float64, random inputs; ratio = ml-matrix time / wasmlearn time
(higher is better for wasmlearn). \`eigh\` returns values and vectors; \`auto\` is the Householder +
implicit QL path above n = 5; \`jacobi\` is cyclic Jacobi with threshold.

${table(['n', 'eigh auto', 'eigh jacobi', 'eigvalsh auto', 'ml-matrix EVD', 'auto ratio', 'jacobi ratio'], eigRows)}

${table(['A (m×n)', 'wasmlearn svd (thin)', 'ml-matrix SVD', 'ratio'], svdRows)}`;
console.log(md);
console.log(`\n(total ${fmt((performance.now() - started) / 1000)} s)`);
saveFragment(`linalg-${runtimeKey()}`, md);
