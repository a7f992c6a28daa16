// npm run bench: runs every suite in its runtimes, then writes bench/RESULTS.md from the fragments
// the suites saved (bench/results/*.md). `npm run bench -- gemm` runs only suites whose name matches.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const deno = `${root}node_modules/.bin/deno`;

// Suite, and the runtimes it runs in. Deno's V8 is far newer than Node 20's and compiles the same
// Wasm differently (and runs the relaxed-SIMD build), so the kernel suites run in both.
const suites = [
  { file: 'elementwise.bench.js', runtimes: ['node', 'deno'] },
  { file: 'gemm.bench.js', runtimes: ['node', 'deno'] },
  { file: 'linalg.bench.js', runtimes: ['node', 'deno'] },
  { file: 'factor.bench.js', runtimes: ['node'] },
  { file: 'size.bench.js', runtimes: ['node'] },
  { file: 'linear.bench.js', runtimes: ['node'] },
  { file: 'arrays.bench.js', runtimes: ['node', 'deno'] },
  { file: 'optim.bench.js', runtimes: ['node', 'deno'] },
  { file: 'classifiers.bench.js', runtimes: ['node'] },
  { file: 'trees.bench.js', runtimes: ['node'] },
  { file: 'cluster.bench.js', runtimes: ['node', 'deno'] },
  { file: 'nn.bench.js', runtimes: ['node', 'deno'] },
];

const filter = process.argv[2];
let failed = false;
for (const { file, runtimes } of suites) {
  if (filter && !file.includes(filter)) continue;
  const path = `${root}bench/${file}`;
  if (!existsSync(path)) continue;
  for (const rt of runtimes) {
    const [cmd, args] = rt === 'deno' ? [deno, ['run', '-A', path]] : [process.execPath, [path]];
    console.log(`\n## ${file} (${rt})`);
    try {
      execFileSync(cmd, args, { stdio: 'inherit', cwd: root });
    } catch {
      failed = true; // a suite over its budget exits non-zero: report, keep going, fail at the end
      console.error(`!! ${file} in ${rt} failed or missed its budget`);
    }
  }
}

const fragments = readdirSync(`${root}bench/results`).filter((f) => f.endsWith('.md')).sort();
const order = (f) => suites.findIndex((s) => f.startsWith(s.file.replace('.bench.js', '')));
fragments.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
const cpu = cpus();
const header = `# Benchmark results

Assembled ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` from each suite's last run (\`npm run bench\` runs every
suite; \`npm run bench -- <name>\` one; \`node bench/<suite>.bench.js\` / \`deno run -A bench/<suite>.bench.js\` directly).
Machine when assembled: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (shared, noisy: medians and same-run ratios are what to
compare), ${Math.round(totalmem() / 2 ** 30)} GiB. Each suite runs wasmlearn and its peers in the same process run; scikit-learn runs in
its own process in the same suite run. The elementwise, GEMM, eigen/SVD, factorization and size fragments were
measured on 2026-11-26 before 08:00 UTC on an Intel Xeon (Sapphire Rapids class) of the same size; the others later
that day on an AMD EPYC under heavy load from parallel builds, which is why several suites also report CPU time.
`;
const body = fragments.map((f) => readFileSync(`${root}bench/results/${f}`, 'utf8')).join('\n');
writeFileSync(`${root}bench/RESULTS.md`, `${header}\n${body}`);
console.log(`\nwrote bench/RESULTS.md (${fragments.length} fragments)`);
if (failed) process.exitCode = 1;
