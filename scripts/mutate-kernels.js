// Mutation testing of the AssemblyScript kernels (npm run mutate:kernels; not part of npm test).
//
// Each mutant below is a realistic bug put into one kernel by an exact string replacement: an
// off-by-one in a tail loop, a wrong stride, a skipped pivot, a swapped lane, a wrong sign, a dropped
// term. For each one the script applies it, compiles the module, runs the test files that cover that
// kernel, records whether they failed (killed) or passed (survived), and restores the source, always,
// also on an error or Ctrl-C. It prints a table and the kill rate.
//
// What is rebuilt: only build/wasm/wasmlearn.relaxed.wasm, the build that init() picks under vitest
// (vitest.config.ts enables relaxed SIMD), at -O1 (MUTATE_OPT=3 for the release optimisation; the
// semantics are the same, -O1 compiles several times faster). Every mutant sits in code that the
// relaxed build executes (the SIMD path or the scalar tail behind it), so the tests that run it see
// the mutant; tests that force the simd or scalar build run the unmutated files and simply pass. The
// original relaxed .wasm is put back at the end. Run `npm run build` first (the tests import build/dist).
//
// Usage: node scripts/mutate-kernels.js [--check] [--only id,id,…] [--spread] [--no-baseline]
//   --check        verify that every anchor is found exactly once, then exit (no build, no tests)
//   --only         run the listed mutants only
//   --spread       order the mutants round-robin over the kernel files (a run cut short samples all)
//   --no-baseline  skip the run of the covering tests on the unmutated build (it must pass: a test
//                  that fails anyway would count every mutant as killed)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ASC = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const VITEST = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const WASM = join(ROOT, 'build/wasm/wasmlearn.relaxed.wasm');
const OPT = process.env.MUTATE_OPT ?? '1';
const TEST_TIMEOUT_MS = 15 * 60_000; // a mutant that hangs the tests counts as killed (as Stryker's timeouts)

const GEMM = ['test/linalg/gemm.test.ts'];
const OPS = ['test/core/ops.test.ts'];
const FACTOR = ['test/linalg/factor.test.ts', 'test/linalg/pivots.test.ts', 'test/mutation/kernel-mutants.test.ts'];
const EIG = ['test/linalg/eigh.test.ts'];
const SVD = ['test/linalg/svd.test.ts'];
const DIST = ['test/linalg/distance.test.ts', 'test/mutation/kernel-mutants.test.ts'];
const KMEANS = ['test/cluster/kmeans.test.ts'];
const KMEANS_SCREEN = ['test/cluster/kmeans_screen.test.ts', 'test/cluster/kmeans.test.ts'];
const LINKAGE = ['test/cluster/agglomerative.test.ts'];
const KNN = ['test/neighbors/knn.test.ts', 'test/neighbors/knn-exact.test.ts', 'test/mutation/kernel-mutants.test.ts'];
const TREE = ['test/tree/kernels.test.ts', 'test/tree/decision_tree.test.ts'];
const NN = ['test/nn/functional.test.ts'];
const OPTIM = ['test/optim/optimizers.test.ts'];

/** id, file, exact text to find (once), its replacement, the covering tests, what the bug is. */
export const MUTANTS = [
  // gemm: packing, micro-kernel lanes, beta
  { id: 'gemm-interleave-tail', file: 'gemm.ts', tests: GEMM, what: 'off-by-one in the scalar tail of the A/B interleave (last k dropped)',
    from: 'for (let q = p; q < kc; q++) store<T>(d + <usize>(q * R) * S, load<T>(row', to: 'for (let q = p; q < kc - 1; q++) store<T>(d + <usize>(q * R) * S, load<T>(row' },
  { id: 'gemm-packB-edge', file: 'gemm.ts', tests: GEMM, what: 'last column of a partial B strip packed as zero',
    from: 'c < cols ? load<T>(at<T>(src, c)) : <T>0', to: 'c < cols - 1 ? load<T>(at<T>(src, c)) : <T>0' },
  { id: 'gemm-lane-f64', file: 'gemm.ts', tests: GEMM, what: 'swapped lane in the f64 broadcast of A (row 3 reads row 2)',
    from: 'x3 = v128.shuffle<i64>(aw, aw, 1, 1);', to: 'x3 = v128.shuffle<i64>(aw, aw, 0, 0);' },
  { id: 'gemm-lane-f32', file: 'gemm.ts', tests: GEMM, what: 'swapped lane in the f32 broadcast of A (row 1 reads row 2)',
    from: 'x1 = v128.shuffle<i32>(av, av, 1, 1, 1, 1);', to: 'x1 = v128.shuffle<i32>(av, av, 2, 2, 2, 2);' },
  { id: 'gemm-beta-row', file: 'gemm.ts', tests: GEMM, what: 'beta·C dropped for the third row of a full tile',
    from: 'storeRow<T>(c + 2 * ld, c20, c21, va, vb, true);', to: 'storeRow<T>(c + 2 * ld, c20, c21, va, vb, false);' },
  // elementwise
  { id: 'bcast-tail', file: 'math.ts', tests: ['test/core/ops.test.ts', 'test/core/math.test.ts'], what: 'off-by-one in the scalar tail of add/sub/mul/div (same shapes)',
    from: 'for (; j < n; j++) store<T>(at<T>(out, j), sop<T>(op, load<T>(at<T>(a, j)), load<T>(at<T>(b, j))));', to: 'for (; j < n - 1; j++) store<T>(at<T>(out, j), sop<T>(op, load<T>(at<T>(a, j)), load<T>(at<T>(b, j))));' },
  { id: 'transpose-stride', file: 'elementwise.ts', tests: OPS, what: 'wrong output stride in transpose (right only when square)',
    from: 'store<T>(at<T>(out, j * rows + i), load<T>(at<T>(a, i * cols + j)))', to: 'store<T>(at<T>(out, j * cols + i), load<T>(at<T>(a, i * cols + j)))' },
  { id: 'scale-tail', file: 'elementwise.ts', tests: OPS, what: 'alpha dropped in the scalar tail of scale',
    from: 'for (; i < n; i++) store<T>(at<T>(out, i), alpha * load<T>(at<T>(a, i)));', to: 'for (; i < n; i++) store<T>(at<T>(out, i), load<T>(at<T>(a, i)));' },
  // reductions and clipping (wl.sum/mean/min/max go through axis.ts; reduce.ts keeps dot and the
  // non-finite count, which every float32 conversion uses)
  { id: 'rowsum-last', file: 'axis.ts', tests: ['test/core/reduce.test.ts'], what: 'row sums skip the last column',
    from: 'store<T>(at<T>(out, i), <T>(sumWide<T>(at<T>(a, i * cols), cols) * scale));', to: 'store<T>(at<T>(out, i), <T>(sumWide<T>(at<T>(a, i * cols), cols - 1) * scale));' },
  { id: 'extremum-fold', file: 'reduce.ts', tests: ['test/core/ops.test.ts', 'test/core/reduce.test.ts'], what: 'last horizontal fold of f32 min/max skipped',
    from: 'if (sizeof<T>() == 4) v = pick<T>(isMax,', to: 'if (sizeof<T>() == 0) v = pick<T>(isMax,' },
  { id: 'clip-upper', file: 'math.ts', tests: ['test/core/math.test.ts'], what: 'clip maps values above hi to lo (scalar tail)',
    from: 'x < lo ? lo : x > hi ? hi : x', to: 'x < lo ? lo : x > hi ? lo : x' },
  // factor: LU, Cholesky, triangular solve, QR, norms
  { id: 'lu-pivot-signed', file: 'factor.ts', tests: FACTOR, what: 'LU pivot search compares signed values',
    from: 'const v = Math.abs(<f64>load<T>(at<T>(a, i * n + k)));', to: 'const v = <f64>load<T>(at<T>(a, i * n + k));' },
  { id: 'lu-pivot-panel', file: 'factor.ts', tests: FACTOR, what: 'LU pivot search stops at the end of the panel',
    from: 'for (let i = k + 1; i < n; i++) {\n        const v = Math.abs(', to: 'for (let i = k + 1; i < k1; i++) {\n        const v = Math.abs(' },
  { id: 'lu-no-swap', file: 'factor.ts', tests: FACTOR, what: 'pivot recorded but rows not swapped',
    from: 'if (p != k) vswap<T>(row<T>(a, k, n), row<T>(a, p, n), n);', to: 'if (p != k && p < 0) vswap<T>(row<T>(a, k, n), row<T>(a, p, n), n);' },
  { id: 'chol-zero-pivot', file: 'factor.ts', tests: FACTOR, what: 'Cholesky accepts a zero pivot (even rows)',
    from: 'if (!(e0 > 0)) return i; // also catches NaN', to: 'if (e0 < 0) return i; // also catches NaN' },
  { id: 'chol-odd-pivot', file: 'factor.ts', tests: FACTOR, what: 'Cholesky accepts a zero pivot (last row when n is odd)',
    from: 'if (!(d > 0)) return i;', to: 'if (d < 0) return i;' },
  { id: 'trsm-diag', file: 'factor.ts', tests: FACTOR, what: 'triangular solve divides by the diagonal only when it is unit',
    from: 'if (mode != UNIT_LOWER) vdivs<T>(', to: 'if (mode == UNIT_LOWER) vdivs<T>(' },
  { id: 'nrm2-scale', file: 'factor.ts', tests: FACTOR, what: 'scaled 2-norm forgets to multiply back by the scale',
    from: 'return Math.sqrt(s) / sc;', to: 'return Math.sqrt(s);' },
  { id: 'qr-householder-sign', file: 'factor.ts', tests: FACTOR, what: 'Householder beta takes the sign of alpha (cancellation, wrong tau)',
    from: 'let beta = -copysign<f64>(hypot(alpha, xnorm), alpha);', to: 'let beta = copysign<f64>(hypot(alpha, xnorm), alpha);' },
  // eig: Jacobi, Householder tridiagonalisation, implicit QL
  { id: 'jacobi-sign', file: 'eig.ts', tests: EIG, what: 'Jacobi rotation tangent with the wrong sign',
    from: 'if (hh < 0) t = -t;', to: 'if (hh > 0) t = -t;' },
  { id: 'tridiag-householder', file: 'eig.ts', tests: EIG, what: 'tridiagonal Householder scalar with a wrong sign',
    from: 'const bk: T = <T>1 / (norm * (norm + abs<T>(x0)));', to: 'const bk: T = <T>1 / (norm * (norm - abs<T>(x0)));' },
  { id: 'ql-deflation-loose', file: 'eig.ts', tests: EIG, what: 'QL deflation threshold loosened 1e4× (1e8 on the squares)',
    from: 'if (em * em <= eps2 * Math.abs(<f64>load<T>(at<T>(d, mm))) * Math.abs(<f64>load<T>(at<T>(d, mm + 1))) + safmin) break;', to: 'if (em * em <= 1e8 * eps2 * Math.abs(<f64>load<T>(at<T>(d, mm))) * Math.abs(<f64>load<T>(at<T>(d, mm + 1))) + safmin) break;' },
  { id: 'ql-shift-sign', file: 'eig.ts', tests: EIG, what: 'Wilkinson shift: r takes the sign opposite to g (cancellation)',
    from: 'g = <f64>load<T>(at<T>(d, mm)) - p + el / (g + (g >= 0 ? r : -r));\n        let s: f64 = 1, c: f64 = 1;\n        p = 0;\n        for (let i = mm - 1; i >= l; i--) {', to: 'g = <f64>load<T>(at<T>(d, mm)) - p + el / (g + (g >= 0 ? -r : r));\n        let s: f64 = 1, c: f64 = 1;\n        p = 0;\n        for (let i = mm - 1; i >= l; i--) {' },
  { id: 'ql-2x2-block', file: 'eig.ts', tests: EIG, what: '2×2 block closed form stores the first eigenvalue twice',
    from: 'store<T>(at<T>(d, l + 1), <T>ev2);', to: 'store<T>(at<T>(d, l + 1), <T>ev1);' },
  // svd: pivoted QR preconditioner, one-sided Jacobi
  { id: 'svd-colpivot', file: 'svd.ts', tests: SVD, what: 'column pivoting picks the smallest norm',
    from: 'if (load<T>(at<T>(nrm, i)) > load<T>(at<T>(nrm, best))) best = i;', to: 'if (load<T>(at<T>(nrm, i)) < load<T>(at<T>(nrm, best))) best = i;' },
  { id: 'svd-rotation-sign', file: 'svd.ts', tests: SVD, what: 'Jacobi rotation tangent with the wrong sign',
    from: 'if (zeta < 0) t = -t;', to: 'if (zeta > 0) t = -t;' },
  { id: 'svd-stop-loose', file: 'svd.ts', tests: SVD, what: 'one-sided Jacobi stopping rule loosened 1e4×',
    from: 'if (abs<T>(gamma) <= tol * sqrt<T>(alpha) * sqrt<T>(bq)) continue;', to: 'if (abs<T>(gamma) <= <T>1e4 * tol * sqrt<T>(alpha) * sqrt<T>(bq)) continue;' },
  { id: 'svd-householder', file: 'svd.ts', tests: SVD, what: 'QR Householder scalar with a wrong sign',
    from: 'const bj: T = <T>1 / (norm * (norm + abs<T>(x0)));', to: 'const bj: T = <T>1 / (norm * (norm - abs<T>(x0)));' },
  // distance
  { id: 'rownorm-tail', file: 'distance.ts', tests: DIST, what: 'row norms skip the scalar tail (features past the last vector)',
    from: 'for (; j < d; j++) {\n      const v = load<T>(at<T>(row, j));', to: 'for (; j < d - d % 2; j++) {\n      const v = load<T>(at<T>(row, j));' },
  { id: 'sqdist-clamp', file: 'distance.ts', tests: DIST, what: 'negative rounding of ‖x‖²+‖y‖²−2x·y not clamped to 0 (SIMD)',
    from: 'v = v128.pmax<T>(v, zero);', to: 'v = v128.pmax<T>(v, v);' },
  { id: 'cosine-inverse', file: 'distance.ts', tests: DIST, what: 'inverse row norm returns the norm',
    from: 's = s > 0 ? <T>1 / <T>Math.sqrt(<f64>s) : <T>0;', to: 's = s > 0 ? <T>Math.sqrt(<f64>s) : <T>0;' },
  // k-means
  { id: 'kmeans-lane', file: 'kmeans.ts', tests: KMEANS, what: 'second centre vector of a block reads the first',
    from: 'a1 = madd<T>(xs, v128.load(row, 16), a1);', to: 'a1 = madd<T>(xs, v128.load(row, 0), a1);' },
  { id: 'kmeans-padding', file: 'kmeans.ts', tests: KMEANS, what: 'padding centres get norm 0 instead of +Infinity',
    from: 'store<T>(at<T>(cn, j), j < k ? <T>s : <T>Infinity);', to: 'store<T>(at<T>(cn, j), j < k ? <T>s : <T>0);' },
  { id: 'kmeans-argmin', file: 'kmeans.ts', tests: KMEANS, what: 'argmin keeps the last of equal distances (<=)',
    from: 'const lt = v < best;', to: 'const lt = v <= best;' },
  { id: 'kmeans-screen-bound', file: 'kmeans.ts', tests: KMEANS_SCREEN, what: 'f32 screen error bound 16× too small',
    from: 'const A = (2.01 * fd + 6.1) * U, B = 4.1 * U;', to: 'const A = (2.01 * fd + 6.1) * U / 16, B = 4.1 * U / 16;' },
  { id: 'kmeans-screen-runnerup', file: 'kmeans.ts', tests: KMEANS_SCREEN, what: 'a new smallest surrogate leaves the runner-up as it was (the old smallest is lost)',
    from: 'secA = f32x4.pmin(secA, f32x4.pmax(bestA, s)); bestA = v128.bitselect(s, bestA, lt); idxA = v128.bitselect(i32x4.splat(j + 1), idxA, lt);',
    to: 'secA = v128.bitselect(secA, f32x4.pmin(secA, s), lt); bestA = v128.bitselect(s, bestA, lt); idxA = v128.bitselect(i32x4.splat(j + 1), idxA, lt);' },
  { id: 'kmeans-screen-lane', file: 'kmeans.ts', tests: KMEANS_SCREEN, what: 'third centre of a screen block reads the second one\'s coordinates',
    from: 's2 = v128.load32_splat(c, 8)', to: 's2 = v128.load32_splat(c, 4)' },
  { id: 'kmeans-screen-centering', file: 'kmeans.ts', tests: KMEANS_SCREEN, what: 'screen centres not shifted by the column means the data were',
    from: 'const v = j < k ? <f64>load<T>(at<T>(centers, j * d + p)) - load<f64>(mu + (<usize>p << 3)) : 0;', to: 'const v = j < k ? <f64>load<T>(at<T>(centers, j * d + p)) : 0;' },
  // agglomerative linkage
  { id: 'linkage-cidx', file: 'linkage.ts', tests: LINKAGE, what: 'condensed index off by one',
    from: 'i64(j - i - 1));', to: 'i64(j - i));' },
  { id: 'linkage-ward-height', file: 'linkage.ts', tests: LINKAGE, what: 'Ward merge height not square-rooted',
    from: 'method == WARD ? Math.sqrt(max(dab, 0)) : dab', to: 'method == WARD ? max(dab, 0) : dab' },
  { id: 'linkage-average', file: 'linkage.ts', tests: LINKAGE, what: 'average linkage unweighted (dropped cluster sizes)',
    from: 'v = (na * dka + nb * dkb) / (na + nb);', to: 'v = (dka + dkb) / 2;' },
  // k-nearest neighbours
  { id: 'knn-tiebreak', file: 'neighbors.ts', tests: KNN, what: 'equal distances ordered by the larger index first',
    from: 'if (pv < v || (pv == v && load<i32>(ids + (<usize>(pos - 1) << 2)) < j)) break;', to: 'if (pv < v || (pv == v && load<i32>(ids + (<usize>(pos - 1) << 2)) > j)) break;' },
  { id: 'knn-sqrt', file: 'neighbors.ts', tests: KNN, what: 'squared distances returned',
    from: 'Math.sqrt(load<f64>(vals + (<usize>t << 3))));', to: 'load<f64>(vals + (<usize>t << 3)));' },
  { id: 'knn-refine-skip', file: 'neighbors.ts', tests: KNN, what: 'exact re-ranking skips the last candidate',
    from: 'for (let t = 0; t < cnt; t++) {\n        const j', to: 'for (let t = 0; t < cnt - 1; t++) {\n        const j' },
  { id: 'knn-bound-shrunk', file: 'neighbors.ts', tests: KNN, what: 'float32 error bound c1 shrunk 8-fold',
    from: '  return 2 * (5 * eta', to: '  return 0.25 * (5 * eta' },
  { id: 'knn-compact-slot', file: 'neighbors.ts', tests: KNN, what: 'candidate compaction copies the kept row from the wrong slot',
    from: 'store<i32>(cand + (<usize>kept << 2), load<i32>(cand + (<usize>t << 2)));', to: 'store<i32>(cand + (<usize>kept << 2), load<i32>(cand + (<usize>kept << 2)));' },
  { id: 'knn-query-range', file: 'neighbors.ts', tests: KNN, what: 'queries out of float32 range kept on the float32 pass',
    from: 'const ok = i < rows && sum <= 1.152921504606847e18;', to: 'const ok = i < rows;' },
  // decision trees
  { id: 'tree-gini', file: 'tree.ts', tests: TREE, what: 'Gini impurity divides by W instead of W²',
    from: 'if (gCrit == GINI) return 1.0 - nSqC / (nW * nW);', to: 'if (gCrit == GINI) return 1.0 - nSqC / nW;' },
  { id: 'tree-entropy', file: 'tree.ts', tests: TREE, what: 'entropy in nats instead of bits',
    from: 'return e / Math.LN2;', to: 'return e;' },
  { id: 'tree-mse', file: 'tree.ts', tests: TREE, what: 'variance subtracts the mean, not its square',
    from: 'return nSqSum / nW - mean * mean;', to: 'return nSqSum / nW - mean;' },
  { id: 'tree-rng', file: 'tree.ts', tests: TREE, what: 'xorshift with a wrong shift (stream differs from scikit-learn)',
    from: 's ^= s >>> 17;', to: 's ^= s >>> 16;' },
  // losses and activations
  { id: 'huber-grad', file: 'loss.ts', tests: NN, what: 'Huber gradient loses its sign in the linear part',
    from: 'g = r > <T>0 ? delta : -delta;', to: 'g = r > <T>0 ? delta : delta;' },
  { id: 'bce-term', file: 'loss.ts', tests: NN, what: 'binary cross-entropy drops the −z·t term',
    from: 'v = max<T>(zi, <T>0) - zi * ti + log1pT', to: 'v = max<T>(zi, <T>0) + log1pT' },
  { id: 'hinge-grad', file: 'loss.ts', tests: NN, what: 'hinge gradient with the wrong sign',
    from: 'g = m > <T>0 ? -ti : <T>0;', to: 'g = m > <T>0 ? ti : <T>0;' },
  { id: 'gelu-derivative', file: 'activation.ts', tests: NN, what: 'GELU derivative drops the factor 3 of d(x³)',
    from: '<T>(3 * GELU_A) * x * x);', to: '<T>(GELU_A) * x * x);' },
  { id: 'relu-backward-mask', file: 'activation.ts', tests: NN, what: 'ReLU backward mask inverted (SIMD)',
    from: 'v128.gt<T>(v128.load(at<T>(x, i)), zero)', to: 'v128.lt<T>(v128.load(at<T>(x, i)), zero)' },
  // optimizers
  { id: 'sgd-nesterov', file: 'optimizer.ts', tests: OPTIM, what: 'Nesterov look-ahead drops the momentum factor (SIMD)',
    from: 'd = nesterov ? madd<T>(vmu, b, d) : b;', to: 'd = nesterov ? v128.add<T>(b, d) : b;' },
  { id: 'sgd-decay-tail', file: 'optimizer.ts', tests: OPTIM, what: 'weight decay dropped in the scalar tail',
    from: 'let d = wd * x + load<T>(at<T>(g, i));', to: 'let d = load<T>(at<T>(g, i));' },
  { id: 'adam-beta', file: 'optimizer.ts', tests: OPTIM, what: 'Adam first moment weighted by 1−β2',
    from: 'const mm = madd<T>(vb1, v128.load(pm), v128.mul<T>(vc1, d));', to: 'const mm = madd<T>(vb1, v128.load(pm), v128.mul<T>(vc2, d));' },
  { id: 'amsgrad-min', file: 'optimizer.ts', tests: OPTIM, what: 'AMSGrad keeps the minimum of v',
    from: 'vv = v128.max<T>(v128.load(px), vv);', to: 'vv = v128.min<T>(v128.load(px), vv);' },
];

/** Round-robin over the kernel files, so that a run cut short still samples every kernel. */
function spread(mutants) {
  const byFile = new Map();
  for (const m of mutants) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
  const out = [];
  for (let round = 0; out.length < mutants.length; round++) for (const list of byFile.values()) if (list[round]) out.push(list[round]);
  return out;
}

function occurrences(text, needle) {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

function check(mutants) {
  const problems = [];
  for (const m of mutants) {
    const text = readFileSync(join(ROOT, 'assembly', m.file), 'utf8');
    const n = occurrences(text, m.from);
    if (n !== 1) problems.push(`${m.id}: anchor found ${n} times in assembly/${m.file}: ${JSON.stringify(m.from)}`);
    for (const t of m.tests) if (!existsSync(join(ROOT, t))) problems.push(`${m.id}: test file ${t} does not exist`);
  }
  if (problems.length) {
    throw new Error(`mutate-kernels: the kernels changed under these mutants (update the anchors):\n  ${problems.join('\n  ')}`);
  }
}

/** Runs a child process; resolves with its exit code and output. Asynchronous, so Ctrl-C is handled at once. */
let child;
function run(args, timeout) {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', (d) => { out = (out + d).slice(-20000); });
    child.stderr.on('data', (d) => { out = (out + d).slice(-20000); });
    const timer = timeout ? setTimeout(() => killChild(), timeout) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      child = undefined;
      resolvePromise({ code, signal, out });
    });
  });
}

/** Kills the running child with everything it started (vitest forks): its own process group. */
function killChild() {
  if (!child) return;
  try { process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
}

async function compile() {
  const r = await run([ASC, 'assembly/index.ts', '--outFile', WASM, '--enable', 'simd,relaxed-simd', '--runtime', 'minimal',
    '--initialMemory', '1', '--noAssert', `-O${OPT}`]);
  if (r.code !== 0) throw Object.assign(new Error('compile error'), { stderr: r.out });
}

async function runTests(files) {
  const r = await run([VITEST, 'run', '--bail=1', '--reporter=dot', ...files], TEST_TIMEOUT_MS);
  if (r.signal === 'SIGKILL') return { status: 'timeout', out: r.out };
  return { status: r.code === 0 ? 'passed' : 'failed', out: r.out };
}

// ---- restore-on-exit bookkeeping: the source under mutation and the original relaxed .wasm ----
let pending; // { path, text } of the file currently mutated
let wasmBackup;
function restore() {
  if (pending) { writeFileSync(pending.path, pending.text); pending = undefined; }
  if (wasmBackup) { writeFileSync(WASM, wasmBackup); }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => { killChild(); restore(); console.error(`\nmutate-kernels: interrupted (${signal}); sources and build restored`); process.exit(130); });
}
process.on('exit', restore);

async function main() {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : undefined;
  let mutants = only ? MUTANTS.filter((m) => only.has(m.id)) : MUTANTS;
  if (args.includes('--spread')) mutants = spread(mutants);
  if (only && mutants.length !== only.size) throw new Error(`mutate-kernels: unknown mutant id in --only ${args[onlyAt + 1]}`);
  check(mutants);
  if (args.includes('--check')) { console.log(`mutate-kernels: all ${mutants.length} anchors found exactly once`); return; }
  if (!existsSync(WASM) || !existsSync(join(ROOT, 'build/dist/index.js'))) throw new Error('mutate-kernels: run `npm run build` first');

  wasmBackup = readFileSync(WASM);
  const started = Date.now();
  const files = [...new Set(mutants.flatMap((m) => m.tests))];
  if (!args.includes('--no-baseline')) {
    process.stdout.write(`baseline: ${files.length} test files on the unmutated -O${OPT} build … `);
    await compile();
    const base = await runTests(files);
    if (base.status !== 'passed') throw new Error(`mutate-kernels: the covering tests fail without any mutant:\n${base.out.slice(-4000)}`);
    console.log('pass');
  }

  const rows = [];
  for (const m of mutants) {
    const path = join(ROOT, 'assembly', m.file);
    const text = readFileSync(path, 'utf8');
    const t0 = Date.now();
    let status;
    pending = { path, text };
    try {
      if (occurrences(text, m.from) !== 1) throw new Error(`mutate-kernels: ${m.id}: the anchor is no longer found exactly once in assembly/${m.file}`);
      writeFileSync(path, text.replace(m.from, m.to));
      try { await compile(); } catch (e) { status = 'compile error'; console.error(String(e.stderr ?? e).slice(0, 2000)); }
      if (!status) status = (await runTests(m.tests)).status === 'passed' ? 'SURVIVED' : 'killed';
    } finally {
      writeFileSync(path, text);
      pending = undefined;
    }
    const secs = Math.round((Date.now() - t0) / 1000);
    rows.push({ ...m, status, secs });
    console.log(`${status.padEnd(13)} ${m.id.padEnd(22)} ${String(secs).padStart(4)} s  assembly/${m.file}: ${m.what}`);
  }
  restore();
  wasmBackup = undefined;

  const valid = rows.filter((r) => r.status !== 'compile error');
  const killed = valid.filter((r) => r.status === 'killed').length;
  console.log('\n| mutant | kernel | bug | result |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.id} | ${r.file} | ${r.what} | ${r.status} |`);
  const rate = valid.length ? (100 * killed) / valid.length : 0;
  console.log(`\nkernel mutants: ${killed} of ${valid.length} killed (${rate.toFixed(1)} %)` +
    `${rows.length - valid.length ? `, ${rows.length - valid.length} did not compile` : ''}; ${Math.round((Date.now() - started) / 60000)} min`);
  const survivors = rows.filter((r) => r.status === 'SURVIVED');
  if (survivors.length) console.log(`survived: ${survivors.map((r) => r.id).join(', ')}`);
}

main().catch((error) => {
  restore();
  console.error(error.message ?? error);
  process.exitCode = 2;
});
