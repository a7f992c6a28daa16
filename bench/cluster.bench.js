// Clustering, PCA and neighbours: wasmlearn vs scikit-learn (one thread, bench/sklearn/cluster.py with
// Debian's python3-sklearn, the same float64 data through temporary files) and the ml.js packages
// (ml-kmeans, ml-pca, ml-hclust, ml-knn) in the same run. Run: node bench/cluster.bench.js
// (or npm run bench -- cluster). Medians of several runs; the machine is shared: compare ratios.
import * as wl from '../build/dist/index.js';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { PCA as MlPCA } from 'ml-pca';
import { agnes } from 'ml-hclust';
import KNN from 'ml-knn';
import { loadavg } from 'node:os';
import { fmt, medianTime, medianTimes, runSklearn, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

await wl.init();
const loadBefore = loadavg();

/** n×d uniform data (seeded, from the SDK's own generator) as rows and as one flat Float64Array. */
function data(n, d, seed) {
  const M = wl.random.uniform(n, d, { seed, low: -1, high: 1 });
  const flat = M.toTypedArray();
  const rows = M.toArray();
  M.dispose();
  return { flat, rows };
}

const km = { n: 100_000, d: 16, k: 8, maxIter: 50 };
const kmData = data(km.n, km.d, 1);
const kmInit = kmData.rows.slice(0, km.k);
const pca = { n: 10_000, d: 50, k: 10 };
const pcaData = data(pca.n, pca.d, 2);
const hc = { n: 2000, d: 8, small: 500 };
const hcData = data(hc.n, hc.d, 3);
const knn = { n: 10_000, d: 32, q: 1000, k: 5 };
const knnData = data(knn.n, knn.d, 4);
const knnQ = data(knn.q, knn.d, 5);
const knnY = Float64Array.from({ length: knn.n }, (_, i) => i % 3);

const sk = await runSklearn('cluster.py', [
  { name: 'kmeans', kind: 'kmeans', n: km.n, d: km.d, params: { k: km.k, maxIter: km.maxIter, tol: 0 }, arrays: { X: kmData.flat, init: Float64Array.from(kmInit.flat()) }, repeat: 5 },
  { name: 'pca', kind: 'pca', n: pca.n, d: pca.d, params: { k: pca.k }, arrays: { X: pcaData.flat }, repeat: 9 },
  { name: 'average', kind: 'agglomerative', n: hc.n, d: hc.d, params: { k: 4, linkage: 'average' }, arrays: { X: hcData.flat }, repeat: 5 },
  { name: 'ward', kind: 'agglomerative', n: hc.n, d: hc.d, params: { k: 4, linkage: 'ward' }, arrays: { X: hcData.flat }, repeat: 5 },
  { name: 'knn', kind: 'knn', n: knn.n, d: knn.d, params: { k: knn.k, q: knn.q }, arrays: { X: knnData.flat, y: knnY, Q: knnQ.flat }, repeat: 5 },
]);

const rows = [];
/** ours: { wall, cpu } medians in ms; the ratio columns divide by scikit-learn's medians. */
const row = (what, ours, skKey, peer) => {
  const s = sk?.times[skKey], c = sk?.cpu[skKey];
  rows.push([what, `${fmt(ours.wall)} / ${fmt(ours.cpu)}`, s ? `${fmt(s)} / ${fmt(c)}` : '—', s ? `${fmt(ours.wall / s)}× / ${fmt(ours.cpu / c)}×` : '—', peer]);
};

// KMeans: 50 Lloyd iterations from given centers (tol 0: no early stop unless labels stop changing)
{
  const X = wl.matrix(kmData.flat, { rows: km.n, cols: km.d });
  let nIter = 0, inertia = 0;
  const ours = medianTimes(() => {
    const m = new wl.KMeans({ nClusters: km.k, init: kmInit, maxIter: km.maxIter, tol: 0, onWarning: () => {} }).fit(X);
    nIter = m.nIter;
    inertia = m.inertia;
    m.dispose();
  }, 7);
  X.dispose();
  const peer = medianTime(() => mlKmeans(kmData.rows, km.k, { initialization: kmInit, maxIterations: km.maxIter, tolerance: 0 }), 3);
  row(`KMeans ${km.n} × ${km.d}, k = ${km.k}, ${nIter} Lloyd iterations, given init`, ours, 'kmeans', `ml-kmeans ${fmt(peer)} ms (${fmt(peer / ours.wall)}× slower)`);
  if (sk) rows[rows.length - 1][0] += ` (inertia ${fmt(inertia, 8)}; scikit-learn ${fmt(sk.values.kmeans, 8)})`;
}

// PCA fit, 10 components
{
  const X = wl.matrix(pcaData.flat, { rows: pca.n, cols: pca.d });
  const ours = medianTimes(() => new wl.PCA({ nComponents: pca.k }).fit(X).dispose(), 15);
  X.dispose();
  const peer = medianTime(() => new MlPCA(pcaData.rows, { method: 'covarianceMatrix' }), 5);
  row(`PCA fit ${pca.n} × ${pca.d}, ${pca.k} components`, ours, 'pca', `ml-pca ${fmt(peer)} ms (${fmt(peer / ours.wall)}× slower)`);
}

// Agglomerative clustering (ml-hclust is O(n³): it runs on ${hc.small} points)
for (const linkage of ['average', 'ward']) {
  const X = wl.matrix(hcData.flat, { rows: hc.n, cols: hc.d });
  const ours = medianTimes(() => new wl.AgglomerativeClustering({ nClusters: 4, linkage }).fit(X).dispose(), 7);
  X.dispose();
  let peer = '—';
  if (linkage === 'average') {
    const small = hcData.rows.slice(0, hc.small);
    const peerMs = medianTime(() => agnes(small, { method: 'average' }), 3);
    const oursSmall = medianTime(() => new wl.AgglomerativeClustering({ nClusters: 4, linkage }).fit(small).dispose(), 7);
    peer = `ml-hclust ${fmt(peerMs)} ms at ${hc.small} × ${hc.d} (ours ${fmt(oursSmall)} ms there: ${fmt(peerMs / oursSmall)}× faster)`;
  }
  row(`${linkage}-linkage clustering ${hc.n} × ${hc.d}`, ours, linkage, peer);
}

// 5-NN predict: 1000 queries against 10 000 × 32
{
  const X = wl.matrix(knnData.flat, { rows: knn.n, cols: knn.d });
  const Q = wl.matrix(knnQ.flat, { rows: knn.q, cols: knn.d });
  const model = new wl.KNeighborsClassifier({ nNeighbors: knn.k }).fit(X, knnY);
  const ours = medianTimes(() => model.predict(Q), 9);
  model.dispose();
  X.dispose();
  Q.dispose();
  const peerModel = new KNN(knnData.rows, Array.from(knnY), { k: knn.k });
  const peer = medianTime(() => peerModel.predict(knnQ.rows), 1);
  row(`5-NN predict ${knn.q} queries on ${knn.n} × ${knn.d}`, ours, 'knn', `ml-knn ${fmt(peer)} ms (${fmt(peer / ours.wall)}× slower)`);
}

const md = `### Clustering, PCA and neighbours (${runtimeName()}, build ${wl.features().build})

Median wall / CPU time in ms, wasmlearn and scikit-learn ${sk ? sk.version : '(not available)'} one thread on the same float64
data (uniform in [−1, 1)); ratio = wasmlearn ÷ scikit-learn, wall / CPU (lower is better; targets: PCA, KMeans,
5-NN ≤ 1.0×, linkage ≤ 2×). scikit-learn runs in its own process just before ours; on a loaded machine the CPU
ratio is the steadier one (load average ${loadBefore.map((v) => v.toFixed(2)).join(', ')} before this run, ${loadavg().map((v) => v.toFixed(2)).join(', ')} after; 2 cores). The ml.js peers run in the same process; ml-hclust is O(n³) and runs on a smaller problem, said in its column.

${table(['workload', 'wasmlearn ms (wall / CPU)', 'scikit-learn ms (wall / CPU)', 'ratio (wall / CPU)', 'ml.js peer'], rows)}
${sk ? '' : '\nscikit-learn column skipped: no python3 with scikit-learn on this machine.'}`;
console.log(md);
saveFragment(`cluster-${runtimeKey()}`, md);
