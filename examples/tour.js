// npm start: a short tour of wasmlearn over the bundled datasets (examples/data/*.csv).
// It grows with the library: each section shows one part working end to end, with numbers.
import { readFileSync } from 'node:fs';
import * as wl from '../build/dist/index.js';

const here = (p) => new URL(p, import.meta.url);
const line = (s = '') => console.log(s);

/** A CSV with a header row; the last column is the target. */
function loadCsv(name) {
  const [header, ...rows] = readFileSync(here(`./data/${name}.csv`), 'utf8').trim().split('\n');
  const data = rows.map((r) => r.split(',').map(Number));
  return { name, featureNames: header.split(',').slice(0, -1), X: data.map((r) => r.slice(0, -1)), y: data.map((r) => r[r.length - 1]) };
}

const t0 = performance.now();
await wl.init();
const f = wl.features();
line(`wasmlearn tour — ${f.build} build (${f.reason}), init ${(performance.now() - t0).toFixed(1)} ms`);
const baseline = wl.memory();

line('\n1. Matrices in the Wasm heap');
wl.scope(() => {
  const A = wl.matrix([[1, 2], [3, 4]]);
  const B = wl.random.normal(2, 2, { seed: 42 });
  const C = wl.add(A, wl.scale(B, 0.1));
  line(`   A + 0.1·N(0,1) = ${JSON.stringify(C.toArray().map((r) => r.map((v) => +v.toFixed(4))))}`);
  line(`   sum ${wl.sum(A)}, min ${wl.min(A)}, max ${wl.max(A)}, ⟨A,A⟩ ${wl.dot(A, A)}, Aᵀ ${JSON.stringify(wl.transpose(A).toArray())}`);
});

for (const name of ['iris', 'wine', 'breast_cancer']) {
  const ds = loadCsv(name);
  line(`\n2. ${name}: ${ds.X.length} samples × ${ds.featureNames.length} features`);
  wl.scope(() => {
    const X = wl.matrix(ds.X);
    line(`   feature range [${wl.min(X)}, ${wl.max(X)}], mean value ${(wl.sum(X) / X.size).toFixed(3)}`);
    if (wl.linalg) tourLinalg(X, ds);
  });
}

function tourLinalg(X, ds) {
  const n = X.rows;
  // standardize columns (population std), then the covariance and its eigen-decomposition: PCA by hand
  const cols = X.cols;
  const data = X.toTypedArray();
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) std[j] += (data[i * cols + j] - mean[j]) ** 2 / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = (data[i * cols + j] - mean[j]) / Math.sqrt(std[j]);
  const Z = wl.matrix(data, { rows: n, cols });
  const C = wl.scale(wl.linalg.matmul(Z, Z, { transA: true }), 1 / n);
  const { values } = wl.linalg.eigh(C);
  const total = values.reduce((s, v) => s + v, 0);
  const ratios = Array.from(values.slice(0, 3), (v) => `${((100 * v) / total).toFixed(1)}%`);
  line(`   PCA by eigh of the correlation matrix: first components explain ${ratios.join(', ')}`);
  const { s } = wl.linalg.svd(Z);
  line(`   SVD of the standardized data: σ₁ = ${s[0].toFixed(4)} (σ₁²/n = ${(s[0] ** 2 / n).toFixed(4)} = λ₁ = ${values[0].toFixed(4)})`);
}

const end = wl.memory();
line(`\nheap: ${end.bytesInUse - baseline.bytesInUse} bytes in use beyond the start (scopes freed the rest), ${(end.heapBytes / 2 ** 20).toFixed(1)} MiB reserved`);
line(`done in ${(performance.now() - t0).toFixed(0)} ms`);
