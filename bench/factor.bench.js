// Factorizations and solves, f64: wasmlearn vs ml-matrix (pure JS) in the same process.
// Run: node bench/factor.bench.js   (prints markdown, saves bench/results/factor-node.md)
// Inputs live where each library keeps them (a wasmlearn Matrix in the Wasm heap, an ml-matrix
// Matrix in JS), so each figure is the factorization/solve itself plus producing its result.
import { mkdirSync, writeFileSync } from 'node:fs';
import Benchmark from 'benchmark';
import * as ml from 'ml-matrix';
import * as wl from '../build/dist/index.js';

await wl.init();

function measure(name, fn, { minSamples = 15, maxTime = 1.5 } = {}) {
  const b = new Benchmark(name, fn, { minSamples, maxTime });
  b.run({ async: false });
  const s = [...b.stats.sample].sort((x, y) => x - y);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { name, hz: b.hz, medianMs: median * 1e3, rme: b.stats.rme, samples: s.length };
}

function table(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

// deterministic inputs
let seed = 12345;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
function randomRows(m, n) {
  return Array.from({ length: m }, () => Array.from({ length: n }, rand));
}
function spdRows(n) {
  const B = randomRows(n, n);
  const S = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += B[i][k] * B[j][k];
    S[i][j] = S[j][i] = s + (i === j ? n : 0);
  }
  return S;
}

const rows = [];
const fmt = (x) => (x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
function compare(op, n, wlFn, mlFn) {
  const a = measure(`wasmlearn ${op} ${n}`, wlFn);
  const b = measure(`ml-matrix ${op} ${n}`, mlFn);
  rows.push([op, String(n), fmt(a.medianMs), fmt(b.medianMs), `${(b.medianMs / a.medianMs).toFixed(1)}×`]);
  console.error(`${op} n=${n}: wasmlearn ${fmt(a.medianMs)} ms (±${a.rme.toFixed(1)}%), ml-matrix ${fmt(b.medianMs)} ms (±${b.rme.toFixed(1)}%)`);
}

for (const n of [64, 256]) {
  const A = randomRows(n, n);
  const S = spdRows(n);
  const b = A.map(() => rand());
  const WA = wl.matrix(A);
  const WS = wl.matrix(S);
  const Wb = wl.matrix(b.map((v) => [v]));
  const MA = new ml.Matrix(A);
  const MS = new ml.Matrix(S);
  const Mb = ml.Matrix.columnVector(b);
  compare('solve (LU, 1 rhs)', n, () => wl.linalg.solve(WA, Wb).dispose(), () => ml.solve(MA, Mb));
  compare('solve spd (Cholesky, 1 rhs)', n, () => wl.linalg.solve(WS, Wb, { assume: 'spd' }).dispose(), () => new ml.CholeskyDecomposition(MS).solve(Mb));
  compare('cholesky', n, () => wl.linalg.cholesky(WS).dispose(), () => new ml.CholeskyDecomposition(MS).lowerTriangularMatrix);
  compare('qr (Q and R)', n, () => {
    const { Q, R } = wl.linalg.qr(WA);
    Q.dispose();
    R.dispose();
  }, () => {
    const d = new ml.QrDecomposition(MA);
    return [d.orthogonalMatrix, d.upperTriangularMatrix];
  });
  compare('inv', n, () => wl.linalg.inv(WA).dispose(), () => ml.inverse(MA));
  compare('det', n, () => wl.linalg.det(WA), () => ml.determinant(MA));
  WA.dispose();
  WS.dispose();
  Wb.dispose();
}

const md = [
  `### Factorizations and solves, float64, Node ${process.versions.node} (${wl.features().build} build)`,
  '',
  'Median ms per call; ratio = ml-matrix time / wasmlearn time (higher is better for wasmlearn). Command: `node bench/factor.bench.js`.',
  '',
  table(['op', 'n', 'wasmlearn ms', 'ml-matrix ms', 'ratio'], rows),
  '',
].join('\n');
console.log(md);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/factor-node.md', import.meta.url), md);
