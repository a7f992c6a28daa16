// Size and start-up budget of the whole SDK.
//   size        the largest release .wasm + the minified ESM of the whole SDK (build/dist/index.js and
//               its dependencies, bundled by esbuild), each gzipped; target ≤ 150 KiB together
//   cold start  a fresh Node process: from `import('wasmlearn')` to the first kernel result, median
//               of RUNS processes; target ≤ 20 ms
// Exits non-zero when over budget. Run after `npm run build`:  node bench/size.bench.js
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// bench/lib.js (the shared harness) when present; the same two helpers otherwise.
const lib = await import('./lib.js').catch(() => ({}));
const table = lib.table ?? ((headers, rows) => [headers, headers.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
const saveFragment =
  lib.saveFragment ??
  ((name, markdown) => {
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}${name}.md`, markdown.trim() + '\n');
  });

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
// The first result comes from linalg.matmul when the package has it, else from add.
const probe = `
const t0 = performance.now();
const wl = await import('wasmlearn');
const t1 = performance.now();
await wl.init();
const t2 = performance.now();
const A = wl.matrix([[1, 2], [3, 4]]);
const C = typeof wl.linalg?.matmul === 'function' ? wl.linalg.matmul(A, A) : wl.add(A, A);
const first = C.get(1, 1);
const t3 = performance.now();
console.log(JSON.stringify({ ms: t3 - t0, importMs: t1 - t0, initMs: t2 - t1, firstMs: t3 - t2, first, op: typeof wl.linalg?.matmul === 'function' ? 'matmul' : 'add', build: wl.features().build }));`;
const runs = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' })));
}
const sorted = (key) => runs.map((r) => r[key]).sort((a, b) => a - b);
const medianOf = (key) => sorted(key)[Math.floor(runs.length / 2)];
const ms = sorted('ms');
const median = medianOf('ms');
const { op, build: selected } = runs[0];

// --- report ------------------------------------------------------------------------------------
const ok = (pass) => (pass ? 'within budget' : '**over budget**');
const markdown = [
  `### Size and cold start (Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)})`,
  '',
  table(
    ['what', 'raw', 'gzip -9'],
    [
      ...wasm.map((w) => [`build/wasm/${w.file}`, kib(w.raw), kib(w.gzip)]),
      ['SDK ESM bundle (esbuild --bundle --minify of build/dist/index.js, loader included)', kib(sdk.raw), kib(sdk.gzip)],
      [`**total: largest .wasm + SDK** (budget ${kib(SIZE_BUDGET)})`, '', `**${kib(total)}** — ${ok(total <= SIZE_BUDGET)}`],
    ],
  ),
  '',
  table(
    ['cold start, fresh Node process', 'median', 'min', 'max', 'of which: import / init / first result (medians)', 'budget'],
    [[`import('wasmlearn') → init() → first ${op} result (${selected} build), ${RUNS} runs`, `**${median.toFixed(1)} ms**`, `${ms[0].toFixed(1)} ms`, `${ms[ms.length - 1].toFixed(1)} ms`, ['importMs', 'initMs', 'firstMs'].map((k) => `${medianOf(k).toFixed(1)}`).join(' / ') + ' ms', `${COLD_BUDGET_MS} ms — ${ok(median <= COLD_BUDGET_MS)}`]],
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
