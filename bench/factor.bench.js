// Factorizations and solves, float64: wasmlearn vs ml-matrix (pure JS), in the same process run.
// Run: node bench/factor.bench.js (or npm run bench -- factor). Inputs live where each library keeps
// them (a wasmlearn Matrix in the Wasm heap, an ml-matrix Matrix in JS), so a figure is the
// factorization or solve itself, its input validation and producing its result.
import * as ml from 'ml-matrix';
import * as wl from '../build/dist/index.js';
import { fmt, measure, ratio, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

await wl.init();

// deterministic inputs (LCG)
let seed = 12345;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
const randomRows = (m, n) => Array.from({ length: m }, () => Array.from({ length: n }, rand));
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
/** flops: the textbook count of the operation, for wasmlearn's GFLOP/s. */
function compare(op, shape, flops, wlFn, mlFn) {
  const ours = measure(`wasmlearn ${op} ${shape}`, wlFn);
  const theirs = measure(`ml-matrix ${op} ${shape}`, mlFn);
  rows.push([op, shape, fmt(ours.medianMs), fmt(theirs.medianMs), ratio(ours.hz, theirs.hz), Number.isNaN(flops) ? '–' : fmt((flops * ours.hz) / 1e9)]);
}

for (const n of [64, 256]) {
  const A = randomRows(n, n);
  const S = spdRows(n);
  const b = A.map(() => rand());
  const [WA, WS, Wb] = [wl.matrix(A), wl.matrix(S), wl.matrix(b.map((v) => [v]))];
  const [MA, MS, Mb] = [new ml.Matrix(A), new ml.Matrix(S), ml.Matrix.columnVector(b)];
  const shape = `${n}×${n}`;
  compare('solve (LU), 1 rhs', shape, (2 / 3) * n ** 3, () => wl.linalg.solve(WA, Wb).dispose(), () => ml.solve(MA, Mb));
  compare("solve (assume: 'spd'), 1 rhs", shape, n ** 3 / 3, () => wl.linalg.solve(WS, Wb, { assume: 'spd' }).dispose(), () => new ml.CholeskyDecomposition(MS).solve(Mb));
  compare('cholesky', shape, n ** 3 / 3, () => wl.linalg.cholesky(WS).dispose(), () => new ml.CholeskyDecomposition(MS).lowerTriangularMatrix);
  compare('qr (Q and R)', shape, (8 / 3) * n ** 3, () => {
    const { Q, R } = wl.linalg.qr(WA);
    Q.dispose();
    R.dispose();
  }, () => {
    const d = new ml.QrDecomposition(MA);
    return [d.orthogonalMatrix, d.upperTriangularMatrix];
  });
  compare('inv', shape, 2 * n ** 3, () => wl.linalg.inv(WA).dispose(), () => ml.inverse(MA));
  compare('det', shape, (2 / 3) * n ** 3, () => wl.linalg.det(WA), () => ml.determinant(MA));
  for (const M of [WA, WS, Wb]) M.dispose();
}

// least squares, tall full rank (wasmlearn: Householder QR; ml-matrix's solve: QR for non-square A)
for (const [m, n] of [[200, 20], [1000, 50]]) {
  const A = randomRows(m, n);
  const b = A.map(() => rand());
  const [WA, Wb] = [wl.matrix(A), wl.matrix(b.map((v) => [v]))];
  const [MA, Mb] = [new ml.Matrix(A), ml.Matrix.columnVector(b)];
  compare('lstsq (QR), 1 rhs', `${m}×${n}`, 2 * m * n * n - (2 / 3) * n ** 3, () => wl.linalg.lstsq(WA, Wb).x.dispose(), () => ml.solve(MA, Mb));
  for (const M of [WA, Wb]) M.dispose();
}
// pseudo-inverse through the SVD (both)
for (const [m, n] of [[64, 32], [200, 100]]) {
  const A = randomRows(m, n);
  const WA = wl.matrix(A);
  const MA = new ml.Matrix(A);
  compare('pinv (SVD)', `${m}×${n}`, NaN, () => wl.linalg.pinv(WA).dispose(), () => ml.pseudoInverse(MA));
  WA.dispose();
}

const md = `### Factorizations and solves, float64 (${runtimeName()}, build ${wl.features().build})

Median ms per call (benchmark.js); ratio = wasmlearn speed / ml-matrix speed; GFLOP/s of wasmlearn from the textbook flop count
(LU 2n³/3, Cholesky n³/3, Householder QR with Q formed 8n³/3, inverse 2n³, least squares by QR 2mn² − 2n³/3; none for the
iterative SVD). ml-matrix: \`solve\` (LU when square, QR otherwise), \`CholeskyDecomposition\`, \`QrDecomposition\`
(+ \`orthogonalMatrix\`, \`upperTriangularMatrix\`), \`inverse\`, \`determinant\`, \`pseudoInverse\` (SVD).

${table(['op', 'n', 'wasmlearn ms', 'ml-matrix ms', 'ratio', 'wasmlearn GFLOP/s'], rows)}`;
console.log(md);
saveFragment(`factor-${runtimeKey()}`, md);
