// GEMM, C = A·B with square n×n operands: wasmlearn vs TensorFlow.js (wasm backend, XNNPACK, 1 thread),
// onnxruntime-web (MLAS, 1 thread, a one-node MatMul model built here), ml-matrix (pure JS, f64)
// and a plain JS loop, all in this process. Also the Wasm SIMD peak of this CPU, measured with a
// register-only kernel compiled here from WAT, and the fraction of it each GEMM reaches.
// Run: node bench/gemm.bench.js   or   node_modules/.bin/deno run -A bench/gemm.bench.js
// (Deno has relaxed SIMD, so wasmlearn runs its FMA build there; Node 20 runs the plain SIMD build.)
import Benchmark from 'benchmark';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import onnxProto from 'onnx-proto';
import { Matrix as MlMatrix } from 'ml-matrix';
import wabtInit from 'wabt';
import * as wl from '../build/dist/index.js';
import { fmt, measure, ratio, runtimeKey, runtimeName, saveFragment, table } from './lib.js';

const { onnx } = onnxProto;
const SIZES = [64, 128, 256, 512, 1024];
const ML_MAX = 256; // ml-matrix takes ~0.3 s per 512² product: beyond this it dominates the run
const JS_MAX = 128;
const started = performance.now();

await wl.init();
const feats = wl.features();
if (globalThis.Deno && feats.build !== 'relaxed-simd') throw new Error(`Deno should run the relaxed-SIMD build, got ${feats.build}: ${feats.reason}`);

setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
setThreadsCount(1);
if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js wasm backend failed to initialize');
ort.env.wasm.numThreads = 1;

/** A one-node MatMul ONNX model with symbolic dims (elem 1 = float, 11 = double). */
function matmulModel(elemType) {
  const dims = (a, b) => onnx.TensorShapeProto.create({ dim: [a, b].map((dimParam) => onnx.TensorShapeProto.Dimension.create({ dimParam })) });
  const value = (name, a, b) => onnx.ValueInfoProto.create({ name, type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType, shape: dims(a, b) }) }) });
  const graph = onnx.GraphProto.create({
    name: 'matmul',
    node: [onnx.NodeProto.create({ opType: 'MatMul', input: ['A', 'B'], output: ['C'] })],
    input: [value('A', 'm', 'k'), value('B', 'k', 'n')],
    output: [value('C', 'm', 'n')],
  });
  const model = onnx.ModelProto.create({ irVersion: 7, opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })], graph });
  return onnx.ModelProto.encode(model).finish();
}
const sessions = {
  float32: await ort.InferenceSession.create(matmulModel(1)),
  float64: await ort.InferenceSession.create(matmulModel(11)),
};

/** benchmark.js for an async function (session.run), same result shape as lib.measure. */
function measureAsync(name, fn, { minSamples = 10, maxTime = 1 } = {}) {
  return new Promise((resolve, reject) => {
    const b = new Benchmark(name, {
      defer: true,
      minSamples,
      maxTime,
      fn: (d) => fn().then(() => d.resolve(), reject),
      onComplete() {
        const sample = [...b.stats.sample].sort((x, y) => x - y);
        const mid = sample.length >> 1;
        const median = sample.length % 2 ? sample[mid] : (sample[mid - 1] + sample[mid]) / 2;
        resolve({ name, hz: 1 / median, medianMs: median * 1e3, rme: b.stats.rme, samples: sample.length });
      },
      onError: (e) => reject(e.target?.error ?? e),
    });
    b.run({ async: true });
  });
}

function random(n, seed, Typed) {
  let s = seed >>> 0;
  return Typed.from({ length: n * n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

function jsMatmul(a, b, c, n) {
  // i-k-j order: the inner loop runs along rows of B and C (the fastest plain-JS order)
  c.fill(0);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      const x = a[i * n + p];
      const bo = p * n, co = i * n;
      for (let j = 0; j < n; j++) c[co + j] += x * b[bo + j];
    }
  }
}

const gflops = (n, r) => (2 * n ** 3 * r.hz) / 1e9;
const ROUNDS = 4;
const opts = (n) => (n >= 512 ? { minSamples: 3, maxTime: 0.15 } : { minSamples: 6, maxTime: 0.1 });
const results = { float32: {}, float64: {} };

// The machine is shared and its load moves within seconds, so contenders are measured in interleaved
// rounds (ours, peer, peer, …, ours, peer, …) and each keeps its best round (a benchmark.js median).
async function contest(n, contenders) {
  const best = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key, fn, async] of contenders) {
      const r = async ? await measureAsync(key, fn, opts(n)) : measure(key, fn, opts(n));
      if (!best[key] || r.hz > best[key].hz) best[key] = r;
    }
  }
  return best;
}

// ---- the Wasm SIMD peak: independent multiply-add chains in registers, no memory traffic ----
// 10, 12 or 14 chains of f32x4 (mul, add) or relaxed_madd: enough independent work to cover the
// latency on every FP port, few enough to stay in the 16 xmm registers; the best count is the peak.
const CHAIN_COUNTS = [10, 12, 14];
function peakWat(fused, CHAINS) {
  const locals = Array.from({ length: CHAINS }, (_, i) => `(local $v${i} v128)`).join(' ');
  const init = Array.from({ length: CHAINS }, (_, i) => `(local.set $v${i} (f32x4.splat (f32.const ${i}.5)))`).join('\n');
  const step = Array.from({ length: CHAINS }, (_, i) =>
    fused
      ? `(local.set $v${i} (f32x4.relaxed_madd (local.get $v${i}) (local.get $m) (local.get $c)))`
      : `(local.set $v${i} (f32x4.add (f32x4.mul (local.get $v${i}) (local.get $m)) (local.get $c)))`,
  ).join('\n');
  const sum = Array.from({ length: CHAINS - 1 }, (_, i) => `(local.set $v0 (f32x4.add (local.get $v0) (local.get $v${i + 1})))`).join('\n');
  return `(module (func (export "run") (param $n i32) (result f32) ${locals} (local $m v128) (local $c v128)
    (local.set $m (f32x4.splat (f32.const 0.999))) (local.set $c (f32x4.splat (f32.const 0.001)))
    ${init}
    (loop $l ${step} ${step} ${step} ${step}
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    ${sum}
    (f32x4.extract_lane 0 (local.get $v0))))`;
}
const wabt = await wabtInit();
function peak(fused) {
  return Math.max(...CHAIN_COUNTS.map((chains) => peakOf(fused, chains)));
}
function peakOf(fused, CHAINS) {
  try {
    const mod = wabt.parseWat('peak.wat', peakWat(fused, CHAINS), { simd: true, relaxed_simd: true });
    const bytes = mod.toBinary({}).buffer;
    mod.destroy();
    const run = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.run;
    const iters = 1e6;
    let hz = 0; // best of 3: the peak is a property of the core, interference only lowers it
    for (let i = 0; i < 3; i++) hz = Math.max(hz, measure(`peak ${fused ? 'fma' : 'mul+add'}`, () => run(iters), { minSamples: 10, maxTime: 0.1 }).hz);
    return (4 * CHAINS * 4 * 2 * iters * hz) / 1e9; // 4 unrolled steps · chains · lanes · 2 flops
  } catch {
    return NaN; // the engine lacks relaxed SIMD (Node 20 without the flag)
  }
}
// clock estimate: a dependent chain of i32.mul in Wasm with a multiplier the compiler cannot see
// (3-cycle latency on current x86 cores), so cycles = 3 · multiplies
function clockGHz() {
  const mul = '(local.set $x (i32.mul (local.get $x) (local.get $k)))'.repeat(16);
  const wat = `(module (func (export "run") (param $n i32) (param $k i32) (result i32) (local $x i32) (local.set $x (i32.const 1))
    (loop $l ${mul} (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))) (local.get $x)))`;
  const mod = wabt.parseWat('clock.wat', wat, {});
  const run = new WebAssembly.Instance(new WebAssembly.Module(mod.toBinary({}).buffer)).exports.run;
  mod.destroy();
  const iters = 1e6;
  let hz = 0;
  for (let i = 0; i < 3; i++) hz = Math.max(hz, measure('imul chain', () => run(iters, 0x9e3779b1 | 0), { minSamples: 10, maxTime: 0.1 }).hz);
  return (16 * 3 * iters * hz) / 1e9;
}
// Measured before and after the contests, keeping the better: interference only lowers them.
function machine() {
  return { mulAdd: peak(false), fma: peak(true), ghz: clockGHz() };
}
const before = machine();
let nominal = NaN;
try {
  nominal = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))[1]) / 1e3;
} catch { /* not Linux */ }

// Per size, one contest holds both dtypes, so f64 ÷ f32 compares rounds run side by side.
for (const n of SIZES) {
  const contenders = [];
  const disposers = [];
  for (const dtype of ['float32', 'float64']) {
    const Typed = dtype === 'float32' ? Float32Array : Float64Array;
    const tag = dtype === 'float32' ? '32' : '64';
    const a = random(n, 1, Typed), b = random(n, 2, Typed);
    const A = wl.matrix(a, { rows: n, cols: n, dtype });
    const B = wl.matrix(b, { rows: n, cols: n, dtype });
    const C = wl.zeros(n, n, dtype);
    wl.linalg.gemm(C, A, B, { beta: 0 });
    // sanity: one entry against a direct dot product
    const want = Array.from({ length: n }, (_, p) => a[(7 % n) * n + p] * b[p * n + (5 % n)]).reduce((s, v) => s + v, 0);
    if (Math.abs(C.get(7 % n, 5 % n) - want) > 1e-3 * Math.sqrt(n)) throw new Error(`wrong product at n=${n}`);
    contenders.push([`wl${tag}`, () => wl.linalg.gemm(C, A, B, { beta: 0 })]);
    disposers.push(() => { A.dispose(); B.dispose(); C.dispose(); });
    if (dtype === 'float32') {
      const ta = tf.tensor2d(a, [n, n], 'float32'), tb = tf.tensor2d(b, [n, n], 'float32');
      contenders.push(['tf32', () => tf.matMul(ta, tb).dispose()]);
      disposers.push(() => { ta.dispose(); tb.dispose(); });
    }
    const session = sessions[dtype];
    const oa = new ort.Tensor(dtype, a, [n, n]), ob = new ort.Tensor(dtype, b, [n, n]);
    contenders.push([`ort${tag}`, () => session.run({ A: oa, B: ob }), true]);
    if (dtype === 'float64' && n <= ML_MAX) {
      const ma = new MlMatrix(n, n), mb = new MlMatrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { ma.set(i, j, a[i * n + j]); mb.set(i, j, b[i * n + j]); }
      contenders.push(['ml64', () => ma.mmul(mb)]);
    }
    if (n <= JS_MAX) {
      const c = new Typed(n * n);
      contenders.push([`js${tag}`, () => jsMatmul(a, b, c, n)]);
    }
  }
  const best = await contest(n, contenders);
  const pick = (tag) => Object.fromEntries(Object.entries(best).filter(([k]) => k.endsWith(tag)).map(([k, v]) => [k.slice(0, -2), v]));
  results.float32[n] = pick('32');
  results.float64[n] = pick('64');
  for (const d of disposers) d();
}

const after = machine();
const peakMulAdd = Math.max(before.mulAdd, after.mulAdd);
const peakFma = Math.max(before.fma, after.fma);
const ghz = Math.max(before.ghz, after.ghz);
const fused = feats.build === 'relaxed-simd';
const ourPeak = fused ? peakFma : peakMulAdd;

// ---- tables ----
const rowsF32 = SIZES.map((n) => {
  const r = results.float32[n];
  const g = gflops(n, r.wl);
  return [n, fmt(g), fmt(gflops(n, r.tf)), fmt(gflops(n, r.ort)), r.js ? fmt(gflops(n, r.js)) : '—',
    ratio(r.wl.hz, r.tf.hz), ratio(r.wl.hz, r.ort.hz), r.js ? ratio(r.wl.hz, r.js.hz) : '—', `${Math.round((100 * g) / ourPeak)} %`];
});
const rowsF64 = SIZES.map((n) => {
  const r = results.float64[n];
  const g = gflops(n, r.wl);
  return [n, fmt(g), fmt(gflops(n, r.ort)), r.ml ? fmt(gflops(n, r.ml)) : '—', r.js ? fmt(gflops(n, r.js)) : '—',
    ratio(r.wl.hz, r.ort.hz), r.ml ? ratio(r.wl.hz, r.ml.hz) : '—', r.js ? ratio(r.wl.hz, r.js.hz) : '—',
    ratio(g, gflops(n, results.float32[n].wl)), `${Math.round((100 * g) / (ourPeak / 2))} %`];
});

const md = `### GEMM, C = A·B, n×n (${runtimeName()}, wasmlearn build ${feats.build})

GFLOP/s = 2n³ / time, the best of ${ROUNDS} interleaved rounds of benchmark.js medians; ratio = wasmlearn / peer, same process. Peers: TensorFlow.js
${tf.version_core} wasm backend (XNNPACK, \`setThreadsCount(1)\`), onnxruntime-web ${ort.env.versions?.web ?? ''} (1 thread,
one-node MatMul model; each run copies inputs in and the result out), ml-matrix \`mmul\` (f64, n ≤ ${ML_MAX}), plain JS
i-k-j loop (n ≤ ${JS_MAX}). TensorFlow.js has no float64 kernels.

**float32**

${table(['n', 'wasmlearn', 'tfjs-wasm', 'ort-web', 'JS loop', '÷ tfjs', '÷ ort', '÷ JS', 'of peak'], rowsF32)}

**float64**

${table(['n', 'wasmlearn', 'ort-web', 'ml-matrix', 'JS loop', '÷ ort', '÷ ml-matrix', '÷ JS', 'f64 ÷ f32', 'of peak'], rowsF64)}

Wasm SIMD peak on this core, the best of ${CHAIN_COUNTS.join('/')} independent f32x4 chains in registers (no loads):
mul+add ${fmt(peakMulAdd)} GFLOP/s, relaxed_madd (FMA) ${Number.isNaN(peakFma) ? 'n/a (engine lacks relaxed SIMD)' : `${fmt(peakFma)} GFLOP/s`}.
Clock from a dependent Wasm \`i32.mul\` chain (3 cycles each): ${fmt(ghz)} GHz (/proc/cpuinfo: ${fmt(nominal)} GHz), i.e.
${fmt(peakMulAdd / ghz)} (mul+add) and ${Number.isNaN(peakFma) ? 'n/a' : fmt(peakFma / ghz)} (FMA) f32 flops per cycle. "of peak" uses the
${fused ? 'FMA' : 'mul+add'} peak (the form this build's kernel uses); f64 peak = half (2 lanes).
Theory, for comparison: Wasm SIMD is 128-bit, so an f32x4 FMA is 4 lanes × 2 flops; this core (a Sapphire
Rapids-class Xeon under KVM) issues 2 vector FMAs per cycle → 16 f32 flops/cycle × 4.1 GHz ≈ 65 GFLOP/s (f64: ≈ 32).
Without FMA (the plain SIMD build Node 20 runs) a multiply and an add are separate ops on 2 + 2 ports, one shared:
at most 3 vector ops per cycle → 12 flops/cycle ≈ 49 GFLOP/s. The register-only chains above measure both ceilings.
Suite time: ${fmt((performance.now() - started) / 1e3)} s.`;
console.log(md);
saveFragment(`gemm-${runtimeKey()}`, md);
