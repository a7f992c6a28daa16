// Size and start-up budget of the whole SDK.
//   size        the largest release .wasm + the minified ESM of the whole SDK (build/dist/index.js and
//               its dependencies, bundled by esbuild), each gzipped; target ≤ 150 KiB together
//   cold start  a fresh Node process: from `import('wasmlearn')` to the first matmul result, median
//               of RUNS processes; target ≤ 20 ms
// Exits non-zero when over budget. Run after `npm run build`:  node bench/size.bench.js
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { saveFragment, table } from './lib.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SIZE_BUDGET = 150 * 1024;
const COLD_BUDGET_MS = 20;
const RUNS = 15;

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

// --- size -------------------------------------------------------------------------------------
const wasmDir = join(ROOT, 'build/wasm');
const wasm = readdirSync(wasmDir)
  .filter((f) => f.endsWith('.wasm') && !f.includes('debug'))
  .map((f) => {
    const bytes = readFileSync(join(wasmDir, f));
    return { file: f, raw: bytes.length, gzip: gz(bytes) };
  })
  .sort((a, b) => b.gzip - a.gzip);
if (wasm.length !== 3) throw new Error(`expected the 3 release .wasm files in build/wasm (run npm run build), found ${wasm.map((w) => w.file).join(', ')}`);

const bundle = await build({
  entryPoints: [join(ROOT, 'build/dist/index.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  logLevel: 'error',
});
const js = bundle.outputFiles[0].contents;
const sdk = { raw: js.length, gzip: gz(js) };
const total = wasm[0].gzip + sdk.gzip;

// --- cold start --------------------------------------------------------------------------------
const probe = (specifier) => `
const t0 = performance.now();
const wl = await import(${JSON.stringify(specifier)});
const t1 = performance.now();
await wl.init();
const t2 = performance.now();
const A = wl.matrix([[1, 2], [3, 4]]);
const C = wl.linalg.matmul(A, A);
const first = C.get(1, 1);
const t3 = performance.now();
console.log(JSON.stringify({ ms: t3 - t0, importMs: t1 - t0, initMs: t2 - t1, firstMs: t3 - t2, first, build: wl.features().build }));`;

// For comparison: the unbundled modules (build/dist/index.js, ~20 ES modules). Node 20 loads each
// module separately, and that was most of the cold start: why the package's entry is one bundle.
const unbundledEntry = pathToFileURL(join(ROOT, 'build/dist/index.js')).href;

const load = loadavg()[0];
const shipped = [];
const bundled = [];
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so both see the same machine load.
  shipped.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe('wasmlearn')], { cwd: ROOT, encoding: 'utf8' })));
  bundled.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe(unbundledEntry)], { cwd: ROOT, encoding: 'utf8' })));
}
const stats = (runs) => {
  const sorted = (key) => runs.map((r) => r[key]).sort((a, b) => a - b);
  const median = (key) => sorted(key)[Math.floor(runs.length / 2)];
  return { median: median('ms'), min: sorted('ms')[0], max: sorted('ms').at(-1), parts: ['importMs', 'initMs', 'firstMs'].map((k) => median(k).toFixed(1)).join(' / ') + ' ms', build: runs[0].build };
};
const cold = stats(shipped);
const coldSingle = stats(bundled);
const median = cold.median;

// --- report ------------------------------------------------------------------------------------
const ok = (pass) => (pass ? 'within budget' : '**over budget**');
const markdown = [
  `### Size and cold start (Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}; 1-minute load average ${load.toFixed(1)} when the cold starts ran)`,
  '',
  table(
    ['what', 'raw', 'gzip -9'],
    [
      ...wasm.map((w) => [`build/wasm/${w.file}`, kib(w.raw), kib(w.gzip)]),
      ['SDK ESM bundle (esbuild --bundle --minify of build/dist/index.js)', kib(sdk.raw), kib(sdk.gzip)],
      [`**total: largest .wasm + SDK** (budget ${kib(SIZE_BUDGET)})`, '', `**${kib(total)}** — ${ok(total <= SIZE_BUDGET)}`],
    ],
  ),
  '',
  table(
    ['cold start, fresh Node process', 'median', 'min', 'max', 'of which: import / init / first result (medians)', 'budget'],
    [
      [`import('wasmlearn') (the one-file ESM bundle the package exports) → init() → first matmul result (${cold.build} build), ${RUNS} runs`, `**${cold.median.toFixed(1)} ms**`, `${cold.min.toFixed(1)} ms`, `${cold.max.toFixed(1)} ms`, cold.parts, `${COLD_BUDGET_MS} ms — ${ok(cold.median <= COLD_BUDGET_MS)}`],
      [`for comparison: the unbundled ES modules (build/dist/index.js), same runs interleaved`, `${coldSingle.median.toFixed(1)} ms`, `${coldSingle.min.toFixed(1)} ms`, `${coldSingle.max.toFixed(1)} ms`, coldSingle.parts, ''],
    ],
  ),
  '',
].join('\n');
console.log(markdown);
saveFragment('size-node', markdown);

const over = [total > SIZE_BUDGET && `size ${kib(total)} > ${kib(SIZE_BUDGET)}`, median > COLD_BUDGET_MS && `cold start ${median.toFixed(1)} ms > ${COLD_BUDGET_MS} ms`].filter(Boolean);
if (over.length) {
  console.error(`over budget: ${over.join('; ')}`);
  process.exitCode = 1;
}
