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

line('\n2. PCA by hand on the bundled datasets: center, covariance, eigh, svd');
for (const name of ['iris', 'wine', 'breast_cancer']) {
  const ds = loadCsv(name);
  line(`\n   ${name}: ${ds.X.length} samples × ${ds.featureNames.length} features`);
  wl.scope(() => {
    const X = wl.matrix(ds.X);
    line(`   feature range [${wl.min(X)}, ${wl.max(X)}], mean value ${(wl.sum(X) / X.size).toFixed(3)}`);
    tourLinalg(X, ds);
  });
}

line('\n3. Least squares and solves');
wl.scope(() => {
  // Fit petal width from the other three iris measurements (with an intercept column) by QR least squares.
  const iris = loadCsv('iris');
  const A = wl.matrix(iris.X.map((r) => [1, r[0], r[1], r[2]]));
  const b = iris.X.map((r) => r[3]);
  const { x, residuals, rank } = wl.linalg.lstsq(A, b);
  const rss = residuals[0];
  const mean = b.reduce((s, v) => s + v, 0) / b.length;
  const tss = b.reduce((s, v) => s + (v - mean) ** 2, 0);
  line(`   iris petal width ~ 1 + sepal length + sepal width + petal length: coef [${Array.from(x, (v) => v.toFixed(4)).join(', ')}], rank ${rank}, R² ${(1 - rss / tss).toFixed(4)}`);
  const S = wl.linalg.gram(A);
  const L = wl.linalg.cholesky(S);
  line(`   AᵀA is SPD: Cholesky L[3][3] = ${L.get(3, 3).toFixed(4)}, det(AᵀA) = ${wl.linalg.det(S).toExponential(4)}, ‖AᵀA‖₂ = ${wl.linalg.norm(S, 2).toFixed(2)}`);
});

line('\n4. Speed: one float32 GEMM');
wl.scope(() => {
  const n = 512;
  const A = wl.random.normal(n, n, { seed: 1, dtype: 'float32' });
  const B = wl.random.normal(n, n, { seed: 2, dtype: 'float32' });
  const C = wl.zeros(n, n, 'float32');
  wl.linalg.gemm(C, A, B, { beta: 0 }); // warm up
  const reps = 5;
  const t = performance.now();
  for (let i = 0; i < reps; i++) wl.linalg.gemm(C, A, B, { beta: 0 });
  const ms = (performance.now() - t) / reps;
  line(`   ${n}×${n} · ${n}×${n}: ${ms.toFixed(2)} ms, ${((2 * n ** 3) / ms / 1e6).toFixed(1)} GFLOP/s (${wl.features().build} build; peers in bench/RESULTS.md)`);
});

line('\nTrees and forests (CART in Wasm; same seed → the same trees as scikit-learn)');
{
  // a held-out third of each dataset (every third row), the rest for training
  const split = (ds) => {
    const test = ds.X.map((_, i) => i).filter((i) => i % 3 === 0);
    const train = ds.X.map((_, i) => i).filter((i) => i % 3 !== 0);
    const pick = (a, idx) => idx.map((i) => a[i]);
    return { Xtr: pick(ds.X, train), ytr: pick(ds.y, train), Xte: pick(ds.X, test), yte: pick(ds.y, test) };
  };
  const iris = loadCsv('iris');
  const s = split(iris);
  const tree = new wl.DecisionTreeClassifier({ maxDepth: 3, seed: 0 }).fit(s.Xtr, s.ytr);
  line(`   iris, DecisionTreeClassifier(maxDepth 3): depth ${tree.getDepth()}, ${tree.getNLeaves()} leaves, test accuracy ${tree.score(s.Xte, s.yte).toFixed(4)}`);
  line(tree.exportText({ featureNames: iris.featureNames }).trimEnd().split('\n').map((l) => '     ' + l).join('\n'));
  tree.dispose();
  for (const name of ['wine', 'breast_cancer']) {
    const ds = loadCsv(name);
    const d = split(ds);
    const t = performance.now();
    const rf = new wl.RandomForestClassifier({ nEstimators: 100, oobScore: true, seed: 0 }).fit(d.Xtr, d.ytr);
    const ms = performance.now() - t;
    const imp = rf.featureImportances;
    const top = Array.from(imp.keys()).sort((a, b) => imp[b] - imp[a]).slice(0, 3).map((j) => `${ds.featureNames[j]} ${imp[j].toFixed(3)}`);
    line(`   ${name}, RandomForestClassifier(100 trees): fit ${ms.toFixed(0)} ms, out-of-bag accuracy ${rf.oobScore.toFixed(4)}, test accuracy ${rf.score(d.Xte, d.yte).toFixed(4)}`);
    line(`     most important: ${top.join(', ')}`);
    rf.dispose();
  }
  // regression: iris petal width from the other three measurements
  const r = split({ X: iris.X.map((row) => row.slice(0, 3)), y: iris.X.map((row) => row[3]) });
  const reg = new wl.RandomForestRegressor({ nEstimators: 50, oobScore: true, seed: 0 }).fit(r.Xtr, r.ytr);
  line(`   iris petal width, RandomForestRegressor(50 trees): out-of-bag R² ${reg.oobScore.toFixed(4)}, test R² ${reg.score(r.Xte, r.yte).toFixed(4)}`);
  reg.dispose();
}

function tourLinalg(X) {
  // scikit-learn's PCA: center the columns, then the covariance (n − 1) and its eigen-decomposition;
  // the SVD of the centered data gives the same spectrum (σ² / (n − 1) = λ).
  const n = X.rows;
  const cols = X.cols;
  const data = X.toTypedArray();
  const mean = new Float64Array(cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) data[i * cols + j] -= mean[j];
  const Z = wl.matrix(data, { rows: n, cols });
  const C = wl.scale(wl.linalg.gram(Z), 1 / (n - 1));
  const { values } = wl.linalg.eigh(C);
  const total = values.reduce((s, v) => s + v, 0);
  const ratios = Array.from(values.slice(0, 3), (v) => (v / total).toFixed(6));
  line(`   explained variance ratio (eigh of the covariance): ${ratios.join(', ')}`);
  const { s } = wl.linalg.svd(Z);
  line(`   singular values of the centered data: ${Array.from(s.slice(0, 3), (v) => v.toFixed(6)).join(', ')} (σ₁²/(n−1) = ${(s[0] ** 2 / (n - 1)).toFixed(6)} = λ₁ = ${values[0].toFixed(6)})`);
}

const end = wl.memory();
line(`\nheap: ${end.bytesInUse - baseline.bytesInUse} bytes in use beyond the start (scopes freed the rest), ${(end.heapBytes / 2 ** 20).toFixed(1)} MiB reserved`);
line(`done in ${(performance.now() - t0).toFixed(0)} ms`);
