// The bench harness: benchmark.js for timing, medians for reporting (this machine is shared and
// noisy: a median of many samples moves far less than a mean), markdown fragments for RESULTS.md.
// Runs in Node and Deno.
import Benchmark from 'benchmark';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/** The runtime running this script: 'node 20.20.2', 'deno 2.9.6', 'bun 1.4.5'. */
export function runtimeName() {
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  return `node ${process.versions.node}`;
}

/** Short runtime key for fragment names: node | deno | bun. */
export function runtimeKey() {
  return runtimeName().split(' ')[0];
}

/**
 * Times `fn` with benchmark.js. Returns ops/s (from the median), the median time in ms, the relative
 * margin of error and the sample count.
 */
export function measure(name, fn, { minSamples = 10, maxTime = 1, setup } = {}) {
  if (setup) setup();
  const b = new Benchmark(name, fn, { minSamples, maxTime, initCount: 1 });
  b.run();
  if (b.error) throw b.error;
  const sample = [...b.stats.sample].sort((x, y) => x - y);
  const mid = sample.length >> 1;
  const median = sample.length % 2 ? sample[mid] : (sample[mid - 1] + sample[mid]) / 2;
  return { name, hz: 1 / median, medianMs: median * 1e3, rme: b.stats.rme, samples: sample.length };
}

/** A markdown table. */
export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Formats a number with `digits` significant digits. */
export function fmt(x, digits = 3) {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 10 ** digits) return Math.round(x).toString();
  return x.toPrecision(digits);
}

/** A ratio as "1.23×". */
export function ratio(ours, theirs) {
  return `${fmt(ours / theirs, 3)}×`;
}

/** Writes bench/results/<name>.md; bench/run.js assembles RESULTS.md from these. */
export function saveFragment(name, markdown) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}${name}.md`, markdown.trim() + '\n');
}

/**
 * Median wall and CPU (user + system) time in ms of `runs` calls. On a shared, loaded machine the CPU
 * time of single-threaded work moves far less than its wall time, so ratios are quoted on it too.
 */
export function medianTimes(fn, runs) {
  const wall = [], cpu = [];
  const usage = globalThis.process?.cpuUsage?.bind(globalThis.process);
  for (let i = 0; i < runs; i++) {
    const c = usage?.();
    const s = performance.now();
    fn();
    wall.push(performance.now() - s);
    if (c) {
      const u = usage(c);
      cpu.push((u.user + u.system) / 1e3);
    }
  }
  const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return { wall: med(wall), cpu: cpu.length ? med(cpu) : NaN };
}

/** Median wall time in ms of `runs` calls (for work too slow for benchmark.js's sampling). */
export function medianTime(fn, runs) {
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

/**
 * Runs a scikit-learn timing script (bench/sklearn/<script>) with one thread, handing it `jobs` as JSON
 * on stdin; each job's `arrays` ({ name: Float64Array }) travel as raw float64 files whose paths
 * replace them. Returns the script's JSON output, or null when python3 with scikit-learn is missing.
 */
export async function runSklearn(script, jobs) {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const python = ['/usr/bin/python3', 'python3'].find((p) => {
    try {
      execFileSync(p, ['-c', 'import sklearn'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!python) return null;
  const dir = mkdtempSync(join(tmpdir(), 'wl-sk-'));
  try {
    const payload = jobs.map((job, i) => {
      const files = {};
      for (const [key, values] of Object.entries(job.arrays ?? {})) {
        files[key] = join(dir, `${i}-${key}.bin`);
        writeFileSync(files[key], new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      }
      return { ...job, arrays: files };
    });
    const out = execFileSync(python, [fileURLToPath(new URL(`./sklearn/${script}`, import.meta.url))], {
      input: JSON.stringify(payload),
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      maxBuffer: 64 << 20,
    });
    return JSON.parse(out.toString());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
