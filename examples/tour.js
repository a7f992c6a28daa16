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
    line(`   feature range [${wl.min(X)}, ${wl.max(X)}], mean value ${wl.mean(X).toFixed(3)}, widest feature ${ds.featureNames[wl.argmax(wl.std(X, { axis: 0 }))]}`);
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

line('\nClassifiers: logistic regression, SGD, linear and kernel SVMs (every 4th sample held out)');
for (const name of ['breast_cancer', 'wine', 'iris']) {
  const ds = loadCsv(name);
  // standardize with the training part's mean and population std, as scikit-learn's StandardScaler
  const train = ds.X.filter((_, i) => i % 4 !== 0), test = ds.X.filter((_, i) => i % 4 === 0);
  const yTrain = ds.y.filter((_, i) => i % 4 !== 0), yTest = ds.y.filter((_, i) => i % 4 === 0);
  const d = train[0].length;
  const mean = Array.from({ length: d }, (_, j) => train.reduce((s, r) => s + r[j], 0) / train.length);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(train.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / train.length) || 1);
  const scale = (rows) => rows.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
  const [Xtr, Xte] = [scale(train), scale(test)];
  line(`\n   ${name}: ${train.length} training / ${test.length} test samples, ${new Set(ds.y).size} classes`);
  const models = [
    ['LogisticRegression (L2, C = 1)', new wl.LogisticRegression()],
    ['LogisticRegression (L1, C = 0.1)', new wl.LogisticRegression({ penalty: 'l1', C: 0.1, maxIter: 1000 })],
    ['SGDClassifier (hinge, seed 0)', new wl.SGDClassifier({ seed: 0 })],
    ['LinearSVC (C = 1, seed 0)', new wl.LinearSVC({ seed: 0, onWarning: () => {} })],
    ['SVC (rbf, gamma scale)', new wl.SVC()],
  ];
  for (const [label, model] of models) {
    const t = performance.now();
    model.fit(Xtr, yTrain);
    const ms = performance.now() - t;
    let extra = '';
    if (model instanceof wl.SVC) extra = `, support vectors per class [${Array.from(model.nSupport).join(', ')}]`;
    else if (label.includes('L1')) extra = `, ${Array.from(model.coef).filter((v) => v === 0).length} of ${model.coef.length} weights exactly 0`;
    line(`   ${label.padEnd(34)} train ${model.score(Xtr, yTrain).toFixed(4)}  test ${model.score(Xte, yTest).toFixed(4)}  (${ms.toFixed(1)} ms${extra})`);
    model.dispose();
  }
}
{
  // probabilities and streaming on (standardized) iris: predictProba rows; partialFit one batch at a time
  const iris = loadCsv('iris');
  const m = [0, 1, 2, 3].map((j) => iris.X.reduce((s, r) => s + r[j], 0) / 150);
  const sd = [0, 1, 2, 3].map((j) => Math.sqrt(iris.X.reduce((s, r) => s + (r[j] - m[j]) ** 2, 0) / 150));
  const X = iris.X.map((r) => r.map((v, j) => (v - m[j]) / sd[j]));
  const logit = new wl.LogisticRegression().fit(X, iris.y);
  const p = logit.predictProba([X[0], X[75], X[149]]);
  line(`\n   iris LogisticRegression (multinomial) probabilities of samples 0, 75, 149: ${[0, 1, 2].map((i) => '[' + Array.from(p.slice(3 * i, 3 * i + 3), (v) => v.toFixed(3)).join(' ') + ']').join(' ')}`);
  const order = Array.from({ length: 150 }, (_, i) => (i * 37) % 150); // interleave the classes
  const Xs = order.map((i) => X[i].slice(0, 3)), ys = order.map((i) => X[i][3]);
  const sgd = new wl.SGDRegressor({ seed: 0 });
  for (let pass = 0; pass < 10; pass++) for (let s = 0; s < 150; s += 50) sgd.partialFit(Xs.slice(s, s + 50), ys.slice(s, s + 50));
  line(`   iris petal width from the other measurements, SGDRegressor.partialFit over batches of 50 (10 passes): R² ${sgd.score(Xs, ys).toFixed(4)}`);
  logit.dispose();
  sgd.dispose();
}

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

line('\nClustering, PCA, neighbours and naive Bayes (iris, wine)');
{
  const iris = loadCsv('iris');
  const t = performance.now();
  const km = new wl.KMeans({ nClusters: 3, nInit: 10, seed: 0 }).fit(iris.X);
  line(`   KMeans k = 3 (k-means++, 10 restarts): inertia ${km.inertia.toFixed(4)} in ${km.nIter} iterations, adjusted Rand vs species ${wl.metrics.adjustedRandScore(iris.y, km.labels).toFixed(4)}, silhouette ${wl.metrics.silhouetteScore(iris.X, km.labels).toFixed(4)} (${(performance.now() - t).toFixed(1)} ms)`);
  const ward = new wl.AgglomerativeClustering({ nClusters: 3, linkage: 'ward' }).fit(iris.X);
  line(`   Ward clustering: adjusted Rand vs species ${wl.metrics.adjustedRandScore(iris.y, ward.labels).toFixed(4)}, last merge height ${ward.distances[ward.distances.length - 1].toFixed(4)}`);
  const wine = loadCsv('wine');
  const pca = new wl.PCA({ nComponents: 0.95 }).fit(wine.X);
  line(`   PCA of wine (95 % of the variance): ${pca.nComponents} components, ratios ${Array.from(pca.explainedVarianceRatio, (v) => v.toFixed(4)).join(', ')}`);
  // a 2:1 train/test split by row index, the same for both classifiers
  const train = iris.X.map((_, i) => i).filter((i) => i % 3 !== 0), test = iris.X.map((_, i) => i).filter((i) => i % 3 === 0);
  const pick = (a, ids) => ids.map((i) => a[i]);
  const knn = new wl.KNeighborsClassifier({ nNeighbors: 5 }).fit(pick(iris.X, train), pick(iris.y, train));
  const nb = new wl.GaussianNB().fit(pick(iris.X, train), pick(iris.y, train));
  line(`   iris test accuracy: 5-NN ${knn.score(pick(iris.X, test), pick(iris.y, test)).toFixed(4)}, Gaussian naive Bayes ${nb.score(pick(iris.X, test), pick(iris.y, test)).toFixed(4)}`);
  for (const m of [km, ward, pca, knn, nb]) m.dispose();
}

line('\nLinear models, preprocessing, pipelines and model selection (wl.datasets, loaded on first use)');
{
  // wine: predict the alcohol content from the other 12 measurements; standardized inside each pipeline
  const wine = await wl.datasets.loadWine();
  const X = wine.X.map((r) => r.slice(1));
  const y = wine.X.map((r) => r[0]);
  const s = wl.modelSelection.trainTestSplit(X, y, { testSize: 0.25, seed: 0 });
  for (const model of [new wl.LinearRegression(), new wl.Ridge({ alpha: 10 }), new wl.Lasso({ alpha: 0.05 }), new wl.ElasticNet({ alpha: 0.05, l1Ratio: 0.5 })]) {
    const pipe = wl.pipeline.makePipeline(new wl.preprocessing.StandardScaler(), model);
    const t = performance.now();
    pipe.fit(s.XTrain, s.yTrain);
    const ms = performance.now() - t;
    const pred = pipe.predict(s.XTest);
    const nonzero = Array.from(model.coef).filter((v) => v !== 0).length;
    const extra = 'nIter' in model ? `, ${model.nIter} sweeps, ${nonzero}/12 nonzero` : '';
    line(`   wine alcohol, ${model.kind.padEnd(16)} test R² ${wl.metrics.r2Score(s.yTest, pred).toFixed(4)}, MAE ${wl.metrics.meanAbsoluteError(s.yTest, pred).toFixed(4)} (${ms.toFixed(1)} ms${extra})`);
    pipe.dispose();
  }
  const search = new wl.modelSelection.GridSearchCV(wl.pipeline.makePipeline(new wl.preprocessing.StandardScaler(), new wl.Ridge()), { ridge__alpha: [0.01, 0.1, 1, 10, 100] }, { cv: new wl.modelSelection.KFold({ nSplits: 5, shuffle: true, seed: 0 }) }).fit(X, y); // wine is sorted by class: shuffle the folds
  line(`   GridSearchCV over Ridge alpha (5 shuffled folds): best ${JSON.stringify(search.bestParams)}, mean R² ${search.bestScore.toFixed(4)}`);
  search.dispose();

  // polynomial regression: iris petal width from petal length, degree 1 vs 3
  const iris = await wl.datasets.loadIris();
  const len = iris.X.map((r) => [r[2]]);
  const width = iris.X.map((r) => r[3]);
  for (const degree of [1, 3]) {
    const poly = wl.pipeline.makePipeline(new wl.preprocessing.PolynomialFeatures({ degree, includeBias: false }), new wl.LinearRegression());
    const cv = wl.modelSelection.crossValScore(poly, len, width, { cv: new wl.modelSelection.KFold({ nSplits: 5, shuffle: true, seed: 0 }) });
    line(`   iris petal width ~ poly(petal length, ${degree}): 5-fold R² ${(cv.reduce((a, b) => a + b) / cv.length).toFixed(4)}`);
    poly.dispose();
  }

  // classification metrics on breast cancer (a stratified split, the classifiers' LogisticRegression)
  const bc = await wl.datasets.loadBreastCancer();
  const names = new wl.preprocessing.LabelEncoder().fit(bc.targetNames);
  const labels = bc.y.map((v) => bc.targetNames[v]); // string labels work everywhere
  const b = wl.modelSelection.trainTestSplit(bc.X, labels, { testSize: 0.3, stratify: labels, seed: 1 });
  const clf = wl.pipeline.makePipeline(new wl.preprocessing.MinMaxScaler(), new wl.LogisticRegression({ C: 10 })).fit(b.XTrain, b.yTrain);
  const pred = clf.predict(b.XTest);
  const prf = wl.metrics.precisionRecallFscore(b.yTest, pred, { average: 'binary', posLabel: 'malignant' });
  const proba = clf.predictProba(b.XTest);
  const pMal = Array.from({ length: b.yTest.length }, (_, i) => proba[2 * i + 1]); // n×2 row-major; classes sorted: benign, malignant
  line(`   breast cancer (classes ${JSON.stringify(names.classes)}): accuracy ${wl.metrics.accuracyScore(b.yTest, pred).toFixed(4)}, malignant precision ${prf.precision.toFixed(4)} recall ${prf.recall.toFixed(4)} F1 ${prf.fscore.toFixed(4)}, ROC AUC ${wl.metrics.rocAucScore(b.yTest.map((v) => (v === 'malignant' ? 1 : 0)), pMal).toFixed(4)}`);
  line(`   confusion matrix [benign, malignant]: ${JSON.stringify(wl.metrics.confusionMatrix(b.yTest, pred))}`);
  clf.dispose();
  const saved = JSON.stringify(new wl.preprocessing.OneHotEncoder().fit([['red'], ['blue'], ['red']]));
  const enc = wl.load(saved);
  const T = enc.transform([['blue'], ['red']]);
  line(`   OneHotEncoder round-tripped through JSON (${saved.length} bytes): ${JSON.stringify(T.toArray())} for ${JSON.stringify(enc.getFeatureNamesOut())}`);
  T.dispose();
  enc.dispose();
}

line('\nA neural network: digits (8×8 images), 64-64-10 ReLU, Adam, float32');
{
  const digits = loadCsv('digits');
  const X = digits.X.map((r) => r.map((v) => v / 16));
  const order = wl.random.permutation(X.length, { seed: 0 });
  const train = Array.from(order.subarray(0, 1400)), test = Array.from(order.subarray(1400));
  const net = new wl.nn.Sequential([new wl.nn.Dense(64, 64, { seed: 1, init: 'he' }), new wl.nn.ReLU(), new wl.nn.Dense(64, 10, { seed: 2 })]);
  const optimizer = new wl.optim.Adam({ lr: 1e-3 });
  const t = performance.now();
  const history = await net.fit(train.map((i) => X[i]), train.map((i) => digits.y[i]), { loss: 'softmaxCrossEntropy', optimizer, epochs: 300, batchSize: 200, seed: 3 });
  const ms = performance.now() - t;
  const pred = net.predict(test.map((i) => X[i]));
  const accuracy = test.reduce((s, i, k) => s + (pred[k] === digits.y[i] ? 1 : 0), 0) / test.length;
  line(`   ${history.epochs} epochs over ${train.length} images in ${ms.toFixed(0)} ms; training loss ${history.loss[0].toFixed(3)} → ${history.loss.at(-1).toFixed(4)}`);
  line(`   digits test accuracy: ${accuracy.toFixed(4)} on ${test.length} held-out images (scikit-learn's MLPClassifier with these settings: about 0.97)`);
  const one = [Float32Array.from(X[test[0]])];
  const out = new Float32Array(10);
  for (let i = 0; i < 1000; i++) net.predictProba(one, { out }); // warm up the JIT
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) net.predictProba(one, { out });
  line(`   one-image inference: ${((performance.now() - t1)).toFixed(1)} µs per image (1 000 calls)`);
  net.dispose();
  optimizer.dispose();
}

function tourLinalg(X) {
  // scikit-learn's PCA: center the columns, then the covariance (n − 1) and its eigen-decomposition;
  // the SVD of the centered data gives the same spectrum (σ² / (n − 1) = λ). Centering is one
  // broadcast subtraction of the 1×cols column means; nothing leaves the Wasm heap.
  const n = X.rows;
  const mean = wl.mean(X, { axis: 0 }); // 1×cols
  const Z = wl.sub(X, mean); // n×cols − 1×cols: the row of means is subtracted from every row
  const std = wl.std(X, { axis: 0 });
  const S = wl.div(Z, std); // standardized: what StandardScaler gives (PCA on the correlation matrix)
  const zm = wl.max(wl.abs(wl.mean(S, { axis: 0 })));
  const zs = wl.std(S, { axis: 0 }).toArray()[0];
  line(`   standardized columns: |mean| ≤ ${zm.toExponential(1)}, std ${Math.min(...zs).toFixed(6)}–${Math.max(...zs).toFixed(6)}; cov of the standardized data vs corrcoef(X): ${maxDiff(wl.cov(S, { rowvar: false, ddof: 0 }), wl.corrcoef(X, { rowvar: false })).toExponential(1)} apart`);
  const C = wl.cov(X, { rowvar: false }); // = ZᵀZ/(n − 1); rowvar: false because columns are the features
  const { values } = wl.linalg.eigh(C);
  const total = values.reduce((s, v) => s + v, 0);
  const ratios = Array.from(values.slice(0, 3), (v) => (v / total).toFixed(6));
  line(`   explained variance ratio (eigh of the covariance): ${ratios.join(', ')}`);
  const { s } = wl.linalg.svd(Z);
  line(`   singular values of the centered data: ${Array.from(s.slice(0, 3), (v) => v.toFixed(6)).join(', ')} (σ₁²/(n−1) = ${(s[0] ** 2 / (n - 1)).toFixed(6)} = λ₁ = ${values[0].toFixed(6)})`);
}

/** Largest |a − b| over two matrices of one shape. */
function maxDiff(A, B) {
  return wl.max(wl.abs(wl.sub(A, B)));
}

const end = wl.memory();
line(`\nheap: ${end.bytesInUse - baseline.bytesInUse} bytes in use beyond the start (scopes freed the rest), ${(end.heapBytes / 2 ** 20).toFixed(1)} MiB reserved`);
line(`done in ${(performance.now() - t0).toFixed(0)} ms`);
