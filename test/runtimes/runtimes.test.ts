// The Wasm boundary in every runtime: the job in test/runtimes/job.js runs against the built
// package in Node, Deno, Bun, Chromium (ESM + fetch, ESM + bytes, an esbuild bundle) and workerd,
// and every runtime must pass its own checks and agree with the others on the numbers.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type Plugin } from 'esbuild';
import { build as vite } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const CHROMIUM = '/usr/bin/chromium';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
interface Report {
  runtime: { name: string; version: string; engine: string };
  features: { build: string; reason: string; simd: boolean; relaxedSimd: boolean } | null;
  initMs: number;
  checks: Check[];
  exact: Record<string, number[]>;
  approx: Record<string, { values: number[]; tol: number }>;
  memory: { baseline: number; after: number; blocksAfter: number; heapBytes: number } | null;
  ok: boolean;
}

/** Every report, by label; the last test compares them. */
const reports = new Map<string, Report>();
/** Labels of every runtime that must report, in the order of the matrix. */
const EXPECTED = ['node', 'node --experimental-wasm-relaxed-simd', 'node, build: scalar', 'deno', 'bun', 'chromium: ESM + fetch', 'chromium: ESM + init({ bytes })', 'chromium: esbuild bundle', 'chromium: Vite bundle', 'workerd (miniflare)'];

/** Asserts a report passed every check it computed, ran `build` and freed everything. */
function expectHealthy(label: string, report: Report, build: string): void {
  reports.set(label, report);
  const failed = report.checks.filter((c) => !c.ok);
  expect(failed, `${label}: failed checks`).toEqual([]);
  expect(report.features?.build, `${label}: build`).toBe(build);
  expect(report.memory?.after, `${label}: bytesInUse after dispose`).toBe(report.memory?.baseline);
  const names = report.checks.map((c) => c.name).join('\n');
  for (const what of JOB_CHECKS) expect(names, `${label}: job checks`).toContain(what);
}

/** Checks every report must contain: the job really exercised the kernels, not only init(). */
const JOB_CHECKS = ['random.normal float32', 'random.normal float64', 'add float64', 'dot float32', 'transpose float64', 'ShapeError', 'matmul float32', 'matmul float64', 'eigh: values match', 'eigh: VᵀV = I', 'nn float32', 'nn float64', 'memory back to baseline'];

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${command} ${args.join(' ')} printed no JSON report:\n${stdout}\n${stderr}`));
      }
    });
  });
}

describe('Node, Deno and Bun import the built package by name', () => {
  // Started together: the three runtimes are separate processes.
  const runs: Record<string, Promise<Report>> = {};
  beforeAll(() => {
    // A plain `node` child: Node 20 has no relaxed SIMD without the flag, so the default is simd.
    runs.node = run(process.execPath, ['test/runtimes/cli.js']);
    runs.relaxed = run(process.execPath, ['--experimental-wasm-relaxed-simd', 'test/runtimes/cli.js']);
    runs.scalar = run(process.execPath, ['test/runtimes/cli.js', 'scalar']);
    runs.deno = run(join(BIN, 'deno'), ['run', '-A', '--no-lock', 'test/runtimes/cli.js'], { DENO_NO_UPDATE_CHECK: '1' });
    runs.bun = run(join(BIN, 'bun'), ['test/runtimes/cli.js']);
  });

  it('Node (ESM import of "wasmlearn", no flags) runs the simd build', async () => {
    const r = await runs.node;
    expect(r.runtime.name).toBe('node');
    expectHealthy('node', r, 'simd');
  });

  it('Node with --experimental-wasm-relaxed-simd picks relaxed-simd', async () => {
    expectHealthy('node --experimental-wasm-relaxed-simd', await runs.relaxed, 'relaxed-simd');
  });

  it('Node with init({ build: "scalar" }) runs the scalar build', async () => {
    expectHealthy('node, build: scalar', await runs.scalar, 'scalar');
  });

  it('Deno (deno run -A) runs the relaxed-simd build', async () => {
    const r = await runs.deno;
    expect(r.runtime.name).toBe('deno');
    expectHealthy('deno', r, 'relaxed-simd');
  });

  it('Bun runs the relaxed-simd build', async () => {
    const r = await runs.bun;
    expect(r.runtime.name).toBe('bun');
    expectHealthy('bun', r, 'relaxed-simd');
  });
});

// ---------------------------------------------------------------------------------------------
// Chromium, headless, pages served from a loopback server.

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json' };
/** What the server may serve from the repo: the build, the job and the page. */
const SERVED = ['build/', 'test/runtimes/'];
const NOT_FOUND_PAGE = '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n';

/**
 * /…           the repo's files (SERVED), /bundle/… the esbuild output, /vite/… the Vite output
 * /broken/…    the same, but every .wasm is answered by an HTML 404 page
 * /fallback/…  the same, but every .wasm is answered by an HTML page with status 200 (an SPA fallback)
 * /octet/…     the same, but .wasm served as application/octet-stream (no streaming compile)
 */
function startServer(mounts: Record<string, string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const mode = /^\/(broken|fallback|octet)\//.exec(path)?.[1];
    if (mode) path = path.slice(mode.length + 1);
    if ((mode === 'broken' || mode === 'fallback') && path.endsWith('.wasm')) {
      res.writeHead(mode === 'broken' ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(NOT_FOUND_PAGE);
    }
    const rel = normalize(path).replace(/^[/\\]+/, '');
    let file: string | undefined;
    const mount = rel.split(sep)[0];
    if (mounts[mount]) file = join(mounts[mount], rel.slice(mount.length + 1));
    else if (SERVED.some((p) => rel.startsWith(p)) && !rel.includes('..')) file = join(ROOT, rel);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(NOT_FOUND_PAGE);
    }
    const type = mode === 'octet' && file.endsWith('.wasm') ? 'application/octet-stream' : (TYPES[extname(file)] ?? 'application/octet-stream');
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    resolve({ server, origin: `http://127.0.0.1:${address.port}` });
  }));
}

describe('Chromium (headless, playwright-core)', () => {
  let browser: import('playwright-core').Browser | undefined;
  let server: Server | undefined;
  let origin = '';
  const bundleDir = mkdtempSync(join(tmpdir(), 'wasmlearn-bundle-'));
  const viteDir = mkdtempSync(join(tmpdir(), 'wasmlearn-vite-'));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing: ${CHROMIUM} does not exist. Install the Debian package (apt-get install -y chromium; .ci/run does this) to run the browser tests.`);
    }
    // The bundler path, as a user builds it: esbuild, ESM output, .wasm through the file loader.
    await esbuild({
      entryPoints: [join(ROOT, 'test/runtimes/bundler-app.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      loader: { '.wasm': 'file' },
      outdir: bundleDir,
      logLevel: 'error',
    });
    writeFileSync(join(bundleDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bundled app</title><script type="module" src="./bundler-app.js"></script>\n');
    // The same with Vite, which rewrites the loader's `new URL('….wasm', import.meta.url)` itself.
    await vite({ root: join(ROOT, 'test/runtimes/vite-app'), base: './', configFile: false, logLevel: 'error', build: { outDir: viteDir, emptyOutDir: true, target: 'esnext' } });
    ({ server, origin } = await startServer({ bundle: bundleDir, vite: viteDir }));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    rmSync(bundleDir, { recursive: true, force: true });
    rmSync(viteDir, { recursive: true, force: true });
  });

  /** Opens `path`, waits for the page's `window.jobResult`, returns it (page errors in the failure). */
  async function jobFrom(path: string): Promise<Report> {
    if (!browser) throw new Error('Chromium did not start (see the beforeAll error)');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    try {
      await page.goto(origin + path);
      await page.waitForFunction(() => (window as unknown as { jobResult?: unknown }).jobResult, undefined, { timeout: 30_000 }).catch((e: Error) => {
        throw new Error(`${path}: no job result: ${e.message}\n${errors.join('\n')}`);
      });
      const report = (await page.evaluate(() => (window as unknown as { jobResult: unknown }).jobResult)) as Report;
      report.runtime.version = browser.version(); // the user agent string reports only the major version
      return report;
    } finally {
      await page.close();
    }
  }

  it('(a) ESM build, init() fetches the .wasm relative to import.meta.url', async () => {
    const r = await jobFrom('/test/runtimes/browser.html?mode=url');
    expect(r.runtime.name).toBe('chromium');
    expectHealthy('chromium: ESM + fetch', r, 'relaxed-simd');
  });

  it('(a) …also when the server sends the .wasm as application/octet-stream (no streaming compile)', async () => {
    const r = await jobFrom('/octet/test/runtimes/browser.html?mode=url');
    expect(r.checks.find((c) => c.name === 'init')).toMatchObject({ ok: true, detail: 'relaxed-simd' });
    expect(r.ok).toBe(true);
  });

  it('(b) ESM build, init({ bytes }) with bytes the page fetched', async () => {
    expectHealthy('chromium: ESM + init({ bytes })', await jobFrom('/test/runtimes/browser.html?mode=bytes'), 'relaxed-simd');
  });

  it('(c) an esbuild bundle importing wasmlearn, .wasm by the file loader and init({ url })', async () => {
    const r = await jobFrom('/bundle/index.html');
    expectHealthy('chromium: esbuild bundle', r, 'simd');
    expect(r.features?.reason).toContain('wasmlearn.simd');
  });

  it('(c) a Vite bundle importing wasmlearn: plain init(), Vite emits the three .wasm and the best is picked', async () => {
    const r = await jobFrom('/vite/index.html');
    expectHealthy('chromium: Vite bundle', r, 'relaxed-simd');
    expect(r.features?.reason).toContain('relaxed SIMD');
  });

  it('(d) a .wasm URL answered by an HTML 404 page gives a LoadError naming the URL', async () => {
    const r = await jobFrom('/broken/test/runtimes/browser.html?mode=url');
    const init = r.checks.find((c) => c.name === 'init');
    const url = `${origin}/broken/build/wasm/wasmlearn.relaxed.wasm`;
    expect(init?.ok).toBe(false);
    expect(init?.detail).toMatch(/^LoadError: init: /);
    expect(init?.detail).toContain(url);
    expect(init?.detail).toContain('HTTP 404');
    expect(init?.detail).toContain('is not a WebAssembly module');
    expect(init?.detail).toContain('an HTML page');
    console.info(`(d) ${init?.detail}`);
  });

  it('(d) …and so does an HTML page served with status 200 (an SPA fallback)', async () => {
    const r = await jobFrom('/fallback/test/runtimes/browser.html?mode=url');
    const init = r.checks.find((c) => c.name === 'init');
    expect(init?.ok).toBe(false);
    expect(init?.detail).toContain(`LoadError: init: ${origin}/fallback/build/wasm/wasmlearn.relaxed.wasm is not a WebAssembly module`);
    expect(init?.detail).toContain('an HTML page');
  });
});

// ---------------------------------------------------------------------------------------------
// Cloudflare workerd through Miniflare.

describe('workerd (Miniflare): examples/edge-worker', () => {
  let mf: import('miniflare').Miniflare | undefined;
  let url: URL;
  const outDir = mkdtempSync(join(tmpdir(), 'wasmlearn-worker-'));

  // What Wrangler does with a Worker: bundle it with esbuild, keeping each `.wasm` import as a
  // separate CompiledWasm module (workerd compiles it when the Worker is loaded).
  const wasmModules: Plugin = {
    name: 'wasm-modules',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, async (args) => {
        if (args.pluginData?.inner) return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { inner: true } });
        if (resolved.errors.length) return { errors: resolved.errors };
        copyFileSync(resolved.path, join(outDir, basename(resolved.path)));
        return { path: `./${basename(resolved.path)}`, external: true };
      });
    },
  };

  beforeAll(async () => {
    await esbuild({ entryPoints: [join(ROOT, 'test/runtimes/worker-job.js')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], outfile: join(outDir, 'worker.js'), plugins: [wasmModules], logLevel: 'error' });
    const { Miniflare } = await import('miniflare');
    // The modules are listed, not located: Miniflare's locator refuses the loader's
    // `import(variable)` (the node:fs branch that never runs in a Worker); Wrangler lists them too.
    mf = new Miniflare({
      modulesRoot: outDir,
      modules: [
        { type: 'ESModule', path: join(outDir, 'worker.js') },
        { type: 'CompiledWasm', path: join(outDir, 'wasmlearn.relaxed.wasm') },
      ],
      modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
      compatibilityDate: '2026-04-01',
      host: '127.0.0.1',
      port: 0,
    });
    url = await mf.ready;
  });

  afterAll(async () => {
    await mf?.dispose();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('refuses to compile Wasm bytes at run time (why the Worker imports the .wasm as a module)', async () => {
    const body = (await (await fetch(new URL('/codegen', url))).json()) as { compiles: boolean; error?: string };
    expect(body).toMatchObject({ compiles: false });
    expect(body.error).toContain('Wasm code generation disallowed by embedder');
  });

  it('answers the job over loopback HTTP, init({ module }) with the imported relaxed-simd .wasm', async () => {
    const response = await fetch(new URL('/job', url));
    expect(response.status).toBe(200);
    const r = (await response.json()) as Report;
    expect(r.runtime.name).toBe('workerd');
    // A Worker cannot see its own version; the matrix takes it from the workerd package Miniflare runs.
    r.runtime.version = JSON.parse(readFileSync(join(ROOT, 'node_modules/workerd/package.json'), 'utf8')).version;
    expectHealthy('workerd (miniflare)', r, 'relaxed-simd');
    expect(r.features?.reason).toContain('init({ module })');
  });

  it('the example answers a seeded sample identical to Node and its XᵀX, frees per request, and answers a typed error with HTTP 400', async () => {
    const body = (await (await fetch(new URL('/?n=6&seed=5', url))).json()) as { X: number[][]; gram: number[][]; memory: { bytesInUse: number } };
    const wl = await getWl();
    const X = wl.random.normal(6, 3, { seed: 5 });
    expect(body.X).toEqual(X.toArray());
    // XᵀX from the rows in JS: the Worker's kernel result to within a few ulps (FMA or not).
    const x = X.toArray();
    X.dispose();
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const ref = x.reduce((s, row) => s + row[i] * row[j], 0);
        expect(Math.abs(body.gram[i][j] - ref)).toBeLessThanOrEqual(4 * 6 * 2 ** -52 * x.reduce((s, row) => s + Math.abs(row[i] * row[j]), 0));
      }
    }
    // Each request frees what it allocated: the same request sees the same heap use every time.
    const again = (await (await fetch(new URL('/?n=6&seed=5', url))).json()) as { memory: { bytesInUse: number } };
    expect(again.memory.bytesInUse).toBe(body.memory.bytesInUse);
    const bad = await fetch(new URL('/?n=1.5', url));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('rows');
  });
});

// ---------------------------------------------------------------------------------------------

describe('all runtimes agree', () => {
  it('every runtime reported: same exact numbers, approximate ones within tolerance', () => {
    expect([...reports.keys()].sort()).toEqual([...EXPECTED].sort());
    const ref = reports.get('node')!;
    const spread: Record<string, number> = {};
    for (const [label, r] of reports) {
      expect(Object.keys(r.exact).sort(), `${label}: exact keys`).toEqual(Object.keys(ref.exact).sort());
      expect(Object.keys(r.approx).sort(), `${label}: approx keys`).toEqual(Object.keys(ref.approx).sort());
      for (const [key, values] of Object.entries(ref.exact)) expect(r.exact[key], `${label}: ${key}`).toEqual(values);
      for (const [key, { values, tol }] of Object.entries(ref.approx)) {
        const other = r.approx[key];
        expect(other.values.length, `${label}: ${key} length`).toBe(values.length);
        const worst = Math.max(...values.map((v, i) => Math.abs(v - other.values[i])));
        spread[key] = Math.max(spread[key] ?? 0, worst);
        expect(worst, `${label}: ${key} differs from node by ${worst}`).toBeLessThanOrEqual(tol + other.tol);
      }
    }
    const rows = EXPECTED.map((label) => {
      const r = reports.get(label)!;
      return `| ${label} | ${r.runtime.version || '-'} | ${r.features?.build} | ${r.checks.length} checks |`;
    });
    console.info(['| runtime | version | build | job |', '| --- | --- | --- | --- |', ...rows].join('\n'));
    console.info(`largest difference from node (simd build), by result: ${Object.entries(spread).map(([k, v]) => `${k} ${v.toExponential(1)} (tol ${ref.approx[k].tol.toExponential(1)})`).join(', ')}`);
  });
});
