// Three builds from one source, chosen at init(): forced, picked by the probes, refused with a clear
// LoadError when the engine cannot run them; the .wasm files hold the instructions their names promise
// and are exported for bundlers.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { build as esbuild } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bin, BUILDS, freshWl, randomArray, type WL } from '../helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WASM = join(ROOT, 'build/wasm');
const FILES = { 'relaxed-simd': 'wasmlearn.relaxed.wasm', simd: 'wasmlearn.simd.wasm', scalar: 'wasmlearn.scalar.wasm' } as const;

/** A fresh, uninitialized copy of the library (its own module state, probes not yet run). */
async function uninitializedWl(): Promise<WL> {
  vi.resetModules();
  return import('../../build/dist/index.js');
}

/** Runs an ES module in a plain `node` child (no --experimental-wasm-relaxed-simd) from the repo root. */
function plainNode(source: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim())));
  });
}

describe('init({ build }) forces each build', () => {
  for (const build of BUILDS) {
    it(`${build}: features() says so, and the kernels compute`, async () => {
      const wl = await freshWl(build);
      const f = wl.features();
      expect(f.build).toBe(build);
      expect(f.reason).toBe('forced by init({ build })');
      expect(f.simd).toBe(true); // this engine (Node with the relaxed flag) runs SIMD whichever build is forced
      // A dot product long enough for SIMD main loops and tails, against a JS sum.
      const a = randomArray(203, 1);
      const b = randomArray(203, 2);
      const base = wl.memory().bytesInUse;
      const A = wl.matrix(a, { rows: 7, cols: 29 });
      const B = wl.matrix(b, { rows: 7, cols: 29 });
      let ref = 0, mag = 0;
      for (let i = 0; i < a.length; i++) {
        ref += a[i] * b[i];
        mag += Math.abs(a[i] * b[i]);
      }
      expect(Math.abs(wl.dot(A, B) - ref)).toBeLessThanOrEqual(2 * a.length * 2 ** -52 * mag);
      A.dispose();
      B.dispose();
      expect(wl.memory().bytesInUse).toBe(base);
    });
  }

  it('init({ build }) with bytes of another build is a LoadError naming both builds', async () => {
    const wl = await uninitializedWl();
    const bytes = readFileSync(join(WASM, FILES.simd));
    const error = await wl.init({ build: 'scalar', bytes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(wl.LoadError);
    expect((error as Error).message).toContain('build "scalar" was requested, but the module given is the "simd" build');
  });

  it('init({ bytes }) reports the build of the bytes given, not the one the engine would pick', async () => {
    const wl = await uninitializedWl();
    await wl.init({ bytes: readFileSync(join(WASM, FILES.scalar)) });
    expect(wl.features().build).toBe('scalar');
    expect(wl.features().reason).toBe('the module from init({ bytes }) is the scalar build');
  });
});

describe('init() picks the best build the engine computes correctly', () => {
  const real = { Module: WebAssembly.Module, Instance: WebAssembly.Instance };
  afterEach(() => {
    WebAssembly.Module = real.Module;
    WebAssembly.Instance = real.Instance;
  });

  it('relaxed-simd where the engine computes relaxed SIMD (vitest runs Node with the flag)', async () => {
    // A worker thread (Stryker's vitest runner uses threads) cannot take V8 flags: there the flag is
    // the process's, set by stryker.config.mjs, and not in the thread's execArgv.
    if (isMainThread) expect(process.execArgv).toContain('--experimental-wasm-relaxed-simd');
    const wl = await freshWl();
    expect(wl.features()).toMatchObject({ build: 'relaxed-simd', simd: true, relaxedSimd: true });
    expect(wl.features().reason).toContain('relaxed SIMD');
  });

  it('simd in a plain Node 20 process, and forcing relaxed-simd there is a clear LoadError', async () => {
    const out = await plainNode(`
      import * as wl from 'wasmlearn';
      const forced = await wl.init({ build: 'relaxed-simd' }).then(() => null, (e) => ({ name: e.name, isLoadError: e instanceof wl.LoadError, message: e.message }));
      await wl.init(); // a failed init may be retried
      console.log(JSON.stringify({ forced, features: wl.features() }));`);
    const { forced, features } = JSON.parse(out);
    expect(features).toMatchObject({ build: 'simd', simd: true, relaxedSimd: false, reason: 'the engine computes SIMD128 but not relaxed SIMD' });
    expect(forced).toMatchObject({ name: 'LoadError', isLoadError: true });
    expect(forced.message).toContain('the "relaxed-simd" build needs WebAssembly relaxed SIMD, which this engine does not run');
    expect(forced.message).toContain('--experimental-wasm-relaxed-simd');
  });

  it('scalar where the engine has no SIMD (simulated: the probe modules fail to compile), and forcing simd is a LoadError', async () => {
    // Older Safari: no Wasm SIMD. The probes compile with `new WebAssembly.Module`; the library's own
    // module is compiled asynchronously, so only the probes see this engine.
    WebAssembly.Module = new Proxy(real.Module, {
      construct() {
        throw new WebAssembly.CompileError('simulated engine without SIMD');
      },
    });
    const wl = await uninitializedWl();
    const error = await wl.init({ build: 'simd' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(wl.LoadError);
    expect((error as Error).message).toContain('the "simd" build needs WebAssembly SIMD128, which this engine does not run. Use build: "scalar"');
    await wl.init();
    expect(wl.features()).toMatchObject({ build: 'scalar', reason: 'the engine has no working WebAssembly SIMD128' });
    const A = wl.matrix([[1, 2], [3, 4]]);
    expect(wl.dot(A, A)).toBe(30);
    A.dispose();
  });

  it('an engine that accepts relaxed SIMD but computes it wrongly gets the simd build', async () => {
    // Validation alone would accept it: the probe must compute f32x4.relaxed_madd(2, 3, 4) = 10.
    WebAssembly.Instance = new Proxy(real.Instance, {
      construct(target, args: [WebAssembly.Module]) {
        const instance = Reflect.construct(target, args) as WebAssembly.Instance;
        const f = instance.exports.f as () => number;
        return { exports: { f: () => (f() === 10 ? 10.5 : f()) } };
      },
    });
    const wl = await uninitializedWl();
    await wl.init();
    expect(wl.features()).toMatchObject({ build: 'simd', relaxedSimd: false });
  });
});

describe('the release .wasm files', () => {
  /** Instruction names in the code section, from wabt's disassembler. */
  function instructions(file: string): Set<string> {
    const text = execFileSync(bin('wasm-objdump'), ['-d', join(WASM, file)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const ops = new Set<string>();
    for (const line of text.split('\n')) {
      const m = /^ [0-9a-f]+: (?:[0-9a-f]{2} )+\s*\|\s*([a-z0-9_.]+)/.exec(line);
      if (m) ops.add(m[1]);
    }
    return ops;
  }
  const isVector = (op: string) => op.startsWith('v128.') || /^(i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\./.test(op);

  it('simd has SIMD instructions and no relaxed ones; relaxed has relaxed_madd; scalar has no v128 at all', () => {
    const simd = instructions(FILES.simd);
    const relaxed = instructions(FILES['relaxed-simd']);
    const scalar = instructions(FILES.scalar);
    expect(scalar.size).toBeGreaterThan(20); // the disassembly was parsed
    expect([...simd].filter(isVector).length).toBeGreaterThan(10);
    expect([...simd].filter((op) => op.includes('relaxed'))).toEqual([]);
    expect([...relaxed].filter((op) => op.includes('relaxed_madd')).length).toBeGreaterThan(0);
    expect([...scalar].filter(isVector)).toEqual([]);
  });
});

describe('the exports map serves the .wasm files to bundlers', () => {
  it('package.json exports ./wasm/* and ships build/wasm', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['./wasm/*']).toBe('./build/wasm/*');
    expect(pkg.files).toContain('build/wasm');
  });

  it('Node resolves wasmlearn/wasm/<file> for each build', async () => {
    const out = await plainNode(`console.log(JSON.stringify(${JSON.stringify(Object.values(FILES))}.map((f) => import.meta.resolve('wasmlearn/wasm/' + f))))`);
    expect(JSON.parse(out)).toEqual(Object.values(FILES).map((f) => pathToFileURL(join(WASM, f)).href));
  });

  it('esbuild imports each .wasm by URL (file loader) and emits the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasmlearn-exports-'));
    try {
      const entries = Object.values(FILES).map((f, i) => `import u${i} from 'wasmlearn/wasm/${f}'; export const url${i} = u${i};`);
      await esbuild({ stdin: { contents: entries.join('\n'), resolveDir: ROOT, loader: 'js' }, bundle: true, format: 'esm', loader: { '.wasm': 'file' }, outdir: dir, logLevel: 'error' });
      const emitted = readdirSync(dir).filter((f) => f.endsWith('.wasm'));
      expect(emitted).toHaveLength(3);
      for (const f of Object.values(FILES)) {
        const copy = emitted.find((e) => e.startsWith(f.replace(/\.wasm$/, '-')));
        expect(copy, f).toBeDefined();
        expect(readFileSync(join(dir, copy!)).equals(readFileSync(join(WASM, f)))).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
