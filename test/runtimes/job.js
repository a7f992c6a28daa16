// The runtime job: one small, deterministic workload that every JavaScript runtime runs against the
// built package (Node, Deno, Bun, Chromium three ways, workerd). It takes the `wl` namespace and
// returns a JSON-able report; test/runtimes/runtimes.test.ts checks each report and that all
// runtimes agree:
//   checks   named pass/fail results computed inside the runtime (against JS references)
//   exact    numbers that must be bit-identical everywhere (seeded RNG, elementwise kernels)
//   approx   { values, tol } that may differ by fused vs unfused multiply-add or summation order;
//            each is within tol of its exact value, so two runtimes agree to 2·tol
// Plain ESM JavaScript with no imports, so a browser page, a bundler and a Worker can all load it.

const EPS = { float32: 2 ** -23, float64: 2 ** -52 };

/**
 * Runs the job. `initOptions` go to `wl.init` (e.g. `{ bytes }`, `{ module }`, `{ url }`).
 * Never throws: an exception becomes a failed check, so the runtime's report still arrives.
 */
export async function runJob(wl, initOptions = {}) {
  const report = { runtime: describeRuntime(), features: null, initMs: NaN, checks: [], exact: {}, approx: {}, memory: null, ok: false };
  const check = (name, ok, detail = '') => report.checks.push({ name, ok: Boolean(ok), detail: String(detail) });
  const t0 = performance.now();
  try {
    await wl.init(initOptions);
  } catch (error) {
    check('init', false, `${error?.name}: ${error?.message}`);
    return report;
  }
  report.initMs = performance.now() - t0;
  report.features = wl.features();
  check('init', true, report.features.build);

  const baseline = wl.memory();
  const live = []; // every Matrix the job creates, disposed in the finally below
  const own = (m) => (live.push(m), m);
  try {
    for (const step of STEPS) {
      try {
        await step.run(wl, { own, check, exact: report.exact, approx: report.approx });
      } catch (error) {
        check(step.name, false, `${error?.name}: ${error?.message}\n${error?.stack ?? ''}`);
      }
    }
  } finally {
    for (const m of live) m.dispose();
  }
  const after = wl.memory();
  report.memory = { baseline: baseline.bytesInUse, after: after.bytesInUse, blocksAfter: after.blocksInUse, heapBytes: after.heapBytes };
  check('memory back to baseline after dispose', after.bytesInUse === baseline.bytesInUse && after.blocksInUse === baseline.blocksInUse, `${baseline.bytesInUse} → ${after.bytesInUse} bytes`);
  report.ok = report.checks.every((c) => c.ok);
  return report;
}

// Sizes chosen off every tile boundary (odd, prime inner size) so that SIMD tails run too.
const M = 9, K = 37, N = 11;

/** The job, in named steps: a step that throws becomes one failed check and the others still run. */
const STEPS = [
  {
    name: 'random.normal is seeded and identical everywhere',
    run(wl, { own, check, exact }) {
      for (const dtype of ['float32', 'float64']) {
        const a = own(wl.random.normal(M, K, { seed: 42, dtype })).toTypedArray();
        const again = own(wl.random.normal(M, K, { seed: 42, dtype })).toTypedArray();
        const other = own(wl.random.normal(M, K, { seed: 43, dtype })).toTypedArray();
        const mean = sum(a) / a.length;
        check(`random.normal ${dtype}: same seed, same numbers`, a.every((x, i) => Object.is(x, again[i])));
        check(`random.normal ${dtype}: another seed, other numbers`, a.some((x, i) => x !== other[i]));
        check(`random.normal ${dtype}: finite, mean near 0`, a.every(Number.isFinite) && Math.abs(mean) < 0.3, `mean ${mean}`);
        exact[`normal_${dtype}`] = Array.from(a);
      }
    },
  },
  {
    name: 'add, transpose, dot against JS references',
    run(wl, { own, check, exact, approx }) {
      for (const dtype of ['float32', 'float64']) {
        const A = own(wl.random.normal(M, K, { seed: 42, dtype }));
        const B = own(wl.random.normal(M, K, { seed: 7, dtype }));
        const a = A.toTypedArray();
        const b = B.toTypedArray();
        const round = dtype === 'float32' ? Math.fround : (x) => x;

        const C = own(wl.add(A, B)).toTypedArray();
        check(`add ${dtype}: equals the JS sum`, C.every((c, i) => c === round(a[i] + b[i])));
        exact[`add_${dtype}`] = Array.from(C);

        const T = own(wl.transpose(A));
        const t = T.toTypedArray();
        let transposed = T.rows === K && T.cols === M;
        for (let i = 0; i < M && transposed; i++) for (let j = 0; j < K; j++) if (t[j * M + i] !== a[i * K + j]) transposed = false;
        check(`transpose ${dtype}: (Aᵀ)ⱼᵢ = Aᵢⱼ`, transposed);

        const d = wl.dot(A, B);
        let ref = 0, mag = 0;
        for (let i = 0; i < a.length; i++) {
          ref += a[i] * b[i];
          mag += Math.abs(a[i] * b[i]);
        }
        const tol = 2 * a.length * EPS[dtype] * mag;
        check(`dot ${dtype}: within ${tol.toExponential(1)} of the JS sum`, Math.abs(d - ref) <= tol, `|${d} - ${ref}|`);
        approx[`dot_${dtype}`] = { values: [d], tol };
      }
    },
  },
  {
    name: 'typed errors cross the boundary',
    run(wl, { own, check }) {
      const A = own(wl.zeros(2, 3));
      const B = own(wl.zeros(3, 2));
      let error;
      try {
        own(wl.add(A, B));
      } catch (e) {
        error = e;
      }
      check('add of 2×3 and 3×2 throws ShapeError', error instanceof wl.ShapeError && error instanceof wl.WasmlearnError, error && `${error.name}: ${error.message}`);
    },
  },
  {
    name: 'linalg.matmul against a JS reference',
    run(wl, { own, check, approx }) {
      for (const dtype of ['float32', 'float64']) {
        const A = own(wl.random.normal(M, K, { seed: 11, dtype }));
        const B = own(wl.random.normal(K, N, { seed: 12, dtype }));
        const a = A.toTypedArray();
        const b = B.toTypedArray();
        const C = own(wl.linalg.matmul(A, B));
        const c = C.toTypedArray();
        // Reference in float64 from the same (rounded) inputs; tolerance c·k·eps·max|a|·max|b|.
        const ref = new Float64Array(M * N);
        for (let i = 0; i < M; i++) for (let p = 0; p < K; p++) for (let j = 0; j < N; j++) ref[i * N + j] += a[i * K + p] * b[p * N + j];
        const tol = 4 * K * EPS[dtype] * maxAbs(a) * maxAbs(b);
        const err = maxDiff(c, ref);
        check(`matmul ${dtype} ${M}×${K}·${K}×${N}: shape`, C.rows === M && C.cols === N && C.dtype === dtype, `${C.rows}×${C.cols} ${C.dtype}`);
        check(`matmul ${dtype}: max error ${err.toExponential(2)} ≤ ${tol.toExponential(1)}`, err <= tol);
        approx[`matmul_${dtype}`] = { values: Array.from(c), tol };
      }
    },
  },
  {
    name: 'linalg.eigh of a small symmetric matrix',
    run(wl, { own, check, approx }) {
      // The n×n second-difference matrix tridiag(−1, 2, −1): λⱼ = 2 − 2cos(jπ/(n+1)), known exactly.
      const n = 5;
      const s = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));
      const exact = Array.from({ length: n }, (_, j) => 2 - 2 * Math.cos(((j + 1) * Math.PI) / (n + 1))).sort((x, y) => y - x);
      const S = own(wl.matrix(s));
      const result = wl.linalg.eigh(S);
      for (const part of Object.values(result)) if (typeof part?.dispose === 'function') own(part);
      const values = Array.from(toArray(result.values));
      const V = toArray(result.vectors); // n×n, eigenvector j in column j
      const tol = 64 * n * EPS.float64 * 4; // relative to ‖S‖ ≤ 4
      check('eigh: values descending', values.every((v, i) => i === 0 || values[i - 1] >= v), values.join(', '));
      check('eigh: values match 2 − 2cos(jπ/(n+1))', values.length === n && maxDiff(values, exact) <= tol, `max diff ${maxDiff(values, exact)}`);
      let residual = 0, orthogonality = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let sv = 0;
          for (let p = 0; p < n; p++) sv += s[i][p] * V[p * n + j];
          residual = Math.max(residual, Math.abs(sv - values[j] * V[i * n + j]));
        }
        for (let k = 0; k < n; k++) {
          let vv = 0;
          for (let p = 0; p < n; p++) vv += V[p * n + j] * V[p * n + k];
          orthogonality = Math.max(orthogonality, Math.abs(vv - (j === k ? 1 : 0)));
        }
      }
      check(`eigh: ‖Sv − λv‖ ${residual.toExponential(1)} ≤ ${tol.toExponential(1)}`, residual <= tol);
      check(`eigh: VᵀV = I within ${tol.toExponential(1)}`, orthogonality <= tol, orthogonality.toExponential(1));
      approx.eigh_values = { values, tol };
    },
  },
  {
    name: 'nn: a small seeded network trains and predicts',
    async run(wl, { check, approx }) {
      // 4-8-3 tanh network, softmax cross-entropy, plain SGD, shuffled mini-batches: every number
      // comes from the seeded Wasm RNG and Wasm arithmetic, so runtimes differ only by fused vs
      // unfused multiply-adds (the relaxed-SIMD build), a few ulps per step over 15 steps.
      for (const dtype of ['float32', 'float64']) {
        const X = wl.random.normal(30, 4, { seed: 5, dtype });
        const x = X.toTypedArray();
        const y = Array.from({ length: 30 }, (_, i) => (x[4 * i] + x[4 * i + 1] > 0.5 ? 2 : x[4 * i + 2] > 0 ? 1 : 0));
        const net = new wl.nn.Sequential([new wl.nn.Dense(4, 8, { seed: 1, dtype }), new wl.nn.Tanh(), new wl.nn.Dense(8, 3, { seed: 2, dtype })]);
        const opt = new wl.optim.SGD({ lr: 0.1 });
        try {
          const h = await net.fit(X, y, { loss: 'softmaxCrossEntropy', optimizer: opt, epochs: 5, batchSize: 10, seed: 7 });
          const proba = net.predictProba(X);
          const labels = net.predict(X);
          let rowsSumTo1 = true;
          for (let i = 0; i < 30; i++) rowsSumTo1 &&= Math.abs(proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2] - 1) < 1e-5;
          check(`nn ${dtype}: loss falls over 5 epochs`, h.loss.length === 5 && h.loss[4] < h.loss[0], h.loss.join(', '));
          check(`nn ${dtype}: probabilities sum to 1, labels are classes`, proba.length === 90 && rowsSumTo1 && labels.every((l) => l === 0 || l === 1 || l === 2));
          const copy = wl.load(JSON.stringify(net.toJSON()));
          const again = copy.predictProba(X);
          copy.dispose();
          check(`nn ${dtype}: toJSON → load predicts identically`, again.every((v, i) => Object.is(v, proba[i])));
          const tol = 1e3 * EPS[dtype]; // measured spread across runtimes: ~1 ulp of the results
          approx[`nn_loss_${dtype}`] = { values: h.loss, tol };
          approx[`nn_proba_${dtype}`] = { values: Array.from(proba), tol };
        } finally {
          net.dispose();
          opt.dispose();
          X.dispose();
        }
      }
    },
  },
];

function toArray(x) {
  return typeof x?.toTypedArray === 'function' ? x.toTypedArray() : x;
}

function sum(a) {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

function maxAbs(a) {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}

function maxDiff(a, b) {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Which runtime this is, from what it defines (order matters: Deno and Bun also define `process`). */
function describeRuntime() {
  const g = globalThis;
  if (g.Deno?.version) return { name: 'deno', version: g.Deno.version.deno, engine: `V8 ${g.Deno.version.v8}` };
  if (g.Bun?.version) return { name: 'bun', version: g.Bun.version, engine: 'JavaScriptCore' };
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return { name: 'workerd', version: '', engine: 'V8' };
  if (g.process?.versions?.node) return { name: 'node', version: g.process.versions.node, engine: `V8 ${g.process.versions.v8}` };
  const ua = g.navigator?.userAgent ?? '';
  const chrome = /(?:Headless)?Chrome\/([\d.]+)/.exec(ua);
  return { name: chrome ? 'chromium' : 'browser', version: chrome ? chrome[1] : ua, engine: chrome ? 'V8' : '' };
}
