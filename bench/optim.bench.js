// Optimizers: (1) wl.optim.minimize L-BFGS on Rosenbrock-100 vs a plain-JS L-BFGS written here
// (same algorithm: two-loop recursion, strong-Wolfe line search, same constants), (2) the two-loop
// recursion alone, Wasm kernel vs JS, by n, which is the measurement behind running it in Wasm,
// (3) one fused optimizer step over the 101 770 parameters of a 784-128-10 network vs a JS loop.
// Run: node bench/optim.bench.js (or npm run bench -- optim). Informational: the training targets
// are in the nn bench.
import * as wl from '../build/dist/index.js';
import { fmt, measure, ratio, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

await wl.init();

function rosenbrock(x) {
  const n = x.length;
  const grad = new Float64Array(n);
  let value = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    value += 100 * a * a + b * b;
    grad[i] += -400 * x[i] * a - 2 * b;
    grad[i + 1] += 200 * a;
  }
  return { value, grad };
}

// ---- a plain-JS L-BFGS (Nocedal & Wright Alg. 7.4 + 3.5/3.6), the peer ----
function jsLbfgs(f, x0, { m = 10, maxIter = 1000, tol = 1e-6, ftol = 2.220446049250313e-9 } = {}) {
  const n = x0.length;
  let x = Float64Array.from(x0);
  let { value: fx, grad: g } = f(x);
  const S = Array.from({ length: m }, () => new Float64Array(n));
  const Y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m), alpha = new Float64Array(m);
  const d = new Float64Array(n), xt = new Float64Array(n);
  let count = 0, newest = -1, gamma = 1, iter = 0, evals = 1;
  const dot = (a, b) => { let s = 0; for (let i = 0; i < n; i++) s += a[i] * b[i]; return s; };
  const phi = (t) => {
    for (let i = 0; i < n; i++) xt[i] = x[i] + t * d[i];
    const r = f(xt);
    evals++;
    return [r.value, dot(r.grad, d), r.grad];
  };
  const cubic = (a, fa, da, b, fb, db) => {
    const d1 = da + db - (3 * (fa - fb)) / (a - b);
    const disc = d1 * d1 - da * db;
    if (!(disc >= 0)) return NaN;
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
  };
  const wolfe = (f0, df0, t) => {
    let tp = 0, fp = f0, dfp = df0, k = 0;
    const zoom = (lo, flo, dflo, hi, fhi, dfhi) => {
      while (k++ < 25) {
        const w = Math.abs(hi - lo), a = Math.min(lo, hi), b = Math.max(lo, hi);
        let tj = cubic(lo, flo, dflo, hi, fhi, dfhi);
        if (!(tj >= a + 0.1 * w && tj <= b - 0.1 * w)) tj = (lo + hi) / 2;
        const [fj, dfj, gj] = phi(tj);
        if (fj > f0 + 1e-4 * tj * df0 || fj >= flo) { hi = tj; fhi = fj; dfhi = dfj; }
        else {
          if (Math.abs(dfj) <= -0.9 * df0) return [fj, gj];
          if (dfj * (hi - lo) >= 0) { hi = lo; fhi = flo; dfhi = dflo; }
          lo = tj; flo = fj; dflo = dfj;
        }
      }
      return null;
    };
    while (k++ < 25) {
      const [ft, dft, gt] = phi(t);
      if (ft > f0 + 1e-4 * t * df0 || (k > 1 && ft >= fp)) return zoom(tp, fp, dfp, t, ft, dft);
      if (Math.abs(dft) <= -0.9 * df0) return [ft, gt];
      if (dft >= 0) return zoom(t, ft, dft, tp, fp, dfp);
      tp = t; fp = ft; dfp = dft; t *= 2;
    }
    return null;
  };
  while (iter < maxIter) {
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = 0; k < count; k++) {
      const j = (newest - k + m) % m;
      const a = rho[j] * -dot(S[j], d);
      alpha[j] = a;
      for (let i = 0; i < n; i++) d[i] += a * Y[j][i];
    }
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let k = count - 1; k >= 0; k--) {
      const j = (newest - k + m) % m;
      const b = rho[j] * -dot(Y[j], d);
      for (let i = 0; i < n; i++) d[i] -= (alpha[j] - b) * S[j][i];
    }
    let l1 = 0;
    for (let i = 0; i < n; i++) l1 += Math.abs(d[i]);
    const r = wolfe(fx, dot(g, d), count === 0 ? Math.min(1, 1 / l1) : 1);
    if (r === null) break;
    const [fn, gn] = r;
    let sy = 0, yy = 0;
    for (let i = 0; i < n; i++) { const yi = gn[i] - g[i]; sy += (xt[i] - x[i]) * yi; yy += yi * yi; }
    if (sy > 2.220446049250313e-16 * yy) {
      newest = (newest + 1) % m;
      count = Math.min(count + 1, m);
      for (let i = 0; i < n; i++) { S[newest][i] = xt[i] - x[i]; Y[newest][i] = gn[i] - g[i]; }
      rho[newest] = 1 / sy;
      gamma = sy / yy;
    }
    x = Float64Array.from(xt);
    const fPrev = fx;
    fx = fn; g = gn; iter++;
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    if (gmax <= tol || (fPrev - fx) / Math.max(Math.abs(fPrev), Math.abs(fx), 1) <= ftol) break;
  }
  return { x, value: fx, nIter: iter, nEval: evals };
}

// (1) Rosenbrock-100
const n = 100;
const x0 = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
const opts = { tol: 1e-8, ftol: 0 };
const rw = wl.optim.minimize(rosenbrock, x0, opts);
const rj = jsLbfgs(rosenbrock, x0, opts);
const tw = measure('minimize lbfgs wl', () => wl.optim.minimize(rosenbrock, x0, opts), { minSamples: 20 });
const tj = measure('lbfgs plain js', () => jsLbfgs(rosenbrock, x0, opts), { minSamples: 20 });
const err = (x) => Math.max(...Array.from(x, (v) => Math.abs(v - 1)));
const rosRows = [
  ['wl.optim.minimize (two-loop in Wasm)', fmt(tw.medianMs), rw.nIter, rw.nEval, rw.value.toExponential(2), err(rw.x).toExponential(2)],
  ['plain-JS L-BFGS', fmt(tj.medianMs), rj.nIter, rj.nEval, rj.value.toExponential(2), err(rj.x).toExponential(2)],
];

// (2) two-loop recursion alone, m = 10 pairs: Wasm kernel (incl. copying g in and d out) vs JS
const loopRows = [];
for (const size of [100, 1e4, 1e5]) {
  const m = 10;
  const S = Array.from({ length: m }, (_, k) => Float64Array.from({ length: size }, (_, i) => Math.sin(i + k)));
  const Y = Array.from({ length: m }, (_, k) => Float64Array.from({ length: size }, (_, i) => Math.sin(i + k) * 1.5 + 0.1 * Math.cos(i)));
  const rho = Float64Array.from({ length: m }, (_, k) => 1 / S[k].reduce((s, v, i) => s + v * Y[k][i], 0));
  const g = Float64Array.from({ length: size }, (_, i) => Math.cos(i));
  const q = new Float64Array(size), alpha = new Float64Array(m);
  const jsTwoLoop = () => {
    q.set(g);
    for (let k = 0; k < m; k++) {
      const j = m - 1 - k;
      let s = 0;
      const Sj = S[j], Yj = Y[j];
      for (let i = 0; i < size; i++) s += Sj[i] * q[i];
      const a = rho[j] * s;
      alpha[j] = a;
      for (let i = 0; i < size; i++) q[i] -= a * Yj[i];
    }
    for (let k = m - 1; k >= 0; k--) {
      const j = m - 1 - k;
      let s = 0;
      const Sj = S[j], Yj = Y[j];
      for (let i = 0; i < size; i++) s += Yj[i] * q[i];
      const b = alpha[j] - rho[j] * s;
      for (let i = 0; i < size; i++) q[i] += b * Sj[i];
    }
  };
  // the same data in the heap, laid out as minimize keeps it
  const block = wl.zeros(1, 2 * m * size + 2 * m + size);
  const base = block.data.byteOffset;
  const Sp = base, Yp = Sp + m * size * 8, rp = Yp + m * size * 8, ap = rp + m * 8, qp = ap + m * 8;
  const view = block.data;
  for (let k = 0; k < m; k++) { view.set(S[k], k * size); view.set(Y[k], (m + k) * size); }
  view.set(rho, 2 * m * size);
  const kernels = (await import('../build/dist/runtime/load.js')).runtime().kernels;
  const wasmTwoLoop = () => {
    const v = block.data;
    v.set(g, (qp - base) / 8);
    kernels.lbfgs_two_loop_f64(qp, Sp, Yp, rp, ap, m, m, m - 1, size, 1);
    q.set(v.subarray((qp - base) / 8, (qp - base) / 8 + size));
  };
  jsTwoLoop();
  const ref = q.slice();
  wasmTwoLoop();
  let dev = 0;
  for (let i = 0; i < size; i++) dev = Math.max(dev, Math.abs(q[i] - ref[i]) / (1 + Math.abs(ref[i])));
  if (dev > 1e-9) throw new Error(`two-loop kernel disagrees with JS by ${dev}`);
  const a = measure(`two-loop wasm ${size}`, wasmTwoLoop, { minSamples: 30 });
  const b = measure(`two-loop js ${size}`, jsTwoLoop, { minSamples: 30 });
  loopRows.push([size.toExponential(0), fmt(a.medianMs * 1e3), fmt(b.medianMs * 1e3), ratio(a.hz, b.hz)]);
  block.dispose();
}

// (3) one optimizer step over a 784-128-10 network's parameters (float32)
const sizes = [784 * 128, 128, 128 * 10, 10];
const total = sizes.reduce((s, v) => s + v, 0);
const stepRows = [];
for (const [label, make] of [
  ['Adam', () => new wl.optim.Adam({ lr: 1e-3 })],
  ['SGD momentum 0.9', () => new wl.optim.SGD({ lr: 0.01, momentum: 0.9 })],
]) {
  const P = sizes.map((s, i) => wl.random.normal(1, s, { seed: i, dtype: 'float32' }));
  const G = sizes.map((s, i) => wl.random.normal(1, s, { seed: 10 + i, dtype: 'float32' }));
  const opt = make();
  const tWl = measure(`${label} step wl`, () => opt.step(P, G), { minSamples: 40 });
  const jp = P.map((p) => p.toTypedArray()), jg = G.map((g) => g.toTypedArray());
  const m1 = jp.map((p) => new Float32Array(p.length)), m2 = jp.map((p) => new Float32Array(p.length));
  let t = 0;
  const jsStep = label === 'Adam'
    ? () => {
        t++;
        const bc1 = 1 - 0.9 ** t, bc2 = Math.sqrt(1 - 0.999 ** t);
        for (let k = 0; k < jp.length; k++) {
          const p = jp[k], g = jg[k], m = m1[k], v = m2[k];
          for (let i = 0; i < p.length; i++) {
            m[i] = 0.9 * m[i] + 0.1 * g[i];
            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
            p[i] -= (1e-3 / bc1) * m[i] / (Math.sqrt(v[i]) / bc2 + 1e-8);
          }
        }
      }
    : () => {
        for (let k = 0; k < jp.length; k++) {
          const p = jp[k], g = jg[k], b = m1[k];
          for (let i = 0; i < p.length; i++) { b[i] = 0.9 * b[i] + g[i]; p[i] -= 0.01 * b[i]; }
        }
      };
  const tJs = measure(`${label} step js`, jsStep, { minSamples: 40 });
  stepRows.push([label, fmt(tWl.medianMs * 1e3), fmt(tJs.medianMs * 1e3), ratio(tWl.hz, tJs.hz), fmt((total * tWl.hz) / 1e9)]);
  opt.dispose();
  for (const m of [...P, ...G]) m.dispose();
}

const md = `### Optimizers (${runtimeName()}, build ${wl.features().build})

Informational (the machine is shared and was busy; medians of benchmark.js samples, same-run ratios).

L-BFGS (m = 10) on the 100-dimensional Rosenbrock function from (−1.2, 1, −1.2, …), tol 1e-8 on max |∇f|; the
peer is a plain-JS L-BFGS with the same line search and constants (in this file):

${table(['solver', 'ms per solve', 'iterations', 'f evaluations', 'f(x)', 'max abs(x − 1)'], rosRows)}

The two-loop recursion alone (m = 10 pairs; Wasm time includes copying ∇f in and the direction out):

${table(['n', 'Wasm µs', 'JS µs', 'ratio'], loopRows)}

One fused optimizer step over the ${total} float32 parameters of a 784-128-10 network (4 buffers, 4 Wasm calls)
vs a plain JS loop over Float32Arrays:

${table(['optimizer', 'wl µs', 'JS µs', 'ratio', 'G params/s (wl)'], stepRows)}`;
console.log(md);
saveFragment(`optim-${runtimeKey()}`, md);
