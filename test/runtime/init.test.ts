import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bin, freshModule } from '../helpers';

const wasmPath = new URL('../../build/wasm/wasmlearn.simd.wasm', import.meta.url);

describe('init', () => {
  it('throws NotInitializedError with the fix before init', async () => {
    const wl = await freshModule();
    expect(() => wl.zeros(2, 2)).toThrow(wl.NotInitializedError);
    expect(() => wl.matrix([[1]])).toThrow(/Call `await wl.init\(\)`/);
    expect(() => wl.memory()).toThrow(wl.NotInitializedError);
    expect(() => wl.features()).toThrow(wl.NotInitializedError);
    expect(() => wl.random.normal(1, 1)).toThrow(wl.NotInitializedError);
  });

  it('is idempotent: twice and concurrently give one instance', async () => {
    const wl = await freshModule();
    const [a, b] = await Promise.all([wl.init(), wl.init()]);
    const c = await wl.init();
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('reports the build and why', async () => {
    const wl = await freshModule();
    await wl.init();
    const f = wl.features();
    expect(['relaxed-simd', 'simd', 'scalar']).toContain(f.build);
    expect(f.simd).toBe(true);
    expect(f.threads).toBe(false);
    expect(f.reason.length).toBeGreaterThan(10);
  });

  it('accepts bytes and a compiled module', async () => {
    const bytes = readFileSync(wasmPath);
    const wl = await freshModule();
    await wl.init({ bytes });
    expect(wl.features().build).toBe('simd');
    const m = wl.ones(2, 2);
    expect(wl.sum(m)).toBe(4);

    const wl2 = await freshModule();
    await wl2.init({ module: await WebAssembly.compile(bytes) });
    expect(wl2.features().build).toBe('simd');
    expect(wl2.features().reason).toMatch(/module/);
  });

  it('reads a file URL', async () => {
    const wl = await freshModule();
    await wl.init({ url: wasmPath });
    expect(wl.sum(wl.ones(3, 1))).toBe(3);
  });

  it('says when the bytes are an HTML page, naming the source', async () => {
    const wl = await freshModule();
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body>404 Not Found</body></html>');
    await expect(wl.init({ bytes: html })).rejects.toThrow(wl.LoadError);
    await expect(wl.init({ bytes: html })).rejects.toThrow(/is not a WebAssembly module.*HTML page/);
    // a failed init can be retried
    await wl.init({ bytes: readFileSync(wasmPath) });
    expect(wl.features().build).toBe('simd');
  });

  it('names a missing file', async () => {
    const wl = await freshModule();
    await expect(wl.init({ url: new URL('file:///nonexistent/x.wasm') })).rejects.toThrow(/could not read file:\/\/\/nonexistent\/x.wasm/);
  });

  it('rejects unknown and conflicting options with a rejected promise, never a synchronous throw', async () => {
    const wl = await freshModule();
    const calls: [() => Promise<unknown>, RegExp][] = [
      [() => wl.init({ bild: 'simd' } as never), /unknown option "bild"/],
      [() => wl.init({ build: 'sse' } as never), /build.*"relaxed-simd", "simd", "scalar"/],
      [() => wl.init({ url: 'x', bytes: new Uint8Array(8) }), /at most one of url, bytes, module/],
      [() => wl.init(null as never), /expected an options object/],
      [() => wl.init('simd' as never), /expected an options object/],
      [() => wl.init({ module: {} } as never), /must be a WebAssembly.Module/],
    ];
    for (const [call, message] of calls) {
      let result: Promise<unknown> | undefined;
      expect(() => (result = call())).not.toThrow();
      expect(result).toBeInstanceOf(Promise);
      await expect(result).rejects.toThrow(wl.InvalidParameterError);
      await expect(call()).rejects.toThrow(message);
    }
    await expect(wl.init()).resolves.toBeDefined(); // none of that left a broken state behind
  });

  it("a concurrent init() never fails with another caller's error", async () => {
    const wl = await freshModule();
    const bad = wl.init({ url: new URL('file:///nonexistent/x.wasm') });
    const good = wl.init(); // joins the load above; must not inherit its failure
    const html = wl.init({ bytes: new TextEncoder().encode('<html>') }); // another source while loading: refused or its own error
    await expect(bad).rejects.toThrow(/could not read file:\/\/\/nonexistent/);
    await expect(good).resolves.toBeDefined();
    await expect(html).rejects.toThrow(wl.WasmlearnError);
    await expect(html).rejects.not.toThrow(/nonexistent/);
    expect(wl.sum(wl.ones(2, 2))).toBe(4);
    // the same failing request made twice shares its own error
    const wl2 = await freshModule();
    const url = new URL('file:///nonexistent/y.wasm');
    const [a, b] = await Promise.allSettled([wl2.init({ url }), wl2.init({ url })]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
  });

  it('refuses url, bytes or module once an instance exists (or is loading), like a build mismatch', async () => {
    const bytes = readFileSync(wasmPath);
    const wl = await freshModule();
    const module = await WebAssembly.compile(bytes); // compiled first: the second init must come while the first loads
    const loading = wl.init({ bytes });
    await expect(wl.init({ module })).rejects.toThrow(/option "module" was given, but wasmlearn is already being initialized.*from init\(\{ bytes \}\)/);
    const rt = await loading;
    await expect(wl.init({ bytes: new Uint8Array(bytes) })).rejects.toThrow(wl.InvalidParameterError);
    await expect(wl.init({ url: wasmPath })).rejects.toThrow(/option "url" was given, but wasmlearn is already initialized/);
    await expect(wl.init({ bytes })).resolves.toBe(rt); // the very same source is fine
    await expect(wl.init()).resolves.toBe(rt);
    const wl2 = await freshModule();
    await wl2.init({ url: wasmPath });
    await expect(wl2.init({ url: String(wasmPath) })).resolves.toBeDefined(); // the same URL, as a string
    await expect(wl2.init({ bytes })).rejects.toThrow(/already initialized in this realm from file:/);
  });

  it('in Deno without --allow-read, says to allow reads or pass init({ bytes })', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const bundle = pathToFileURL(join(root, 'build/bundle/esm/wasmlearn.js')).href;
    const script = `import * as wl from '${bundle}'; try { await wl.init(); console.log('loaded'); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    // `deno run -` reads the script from stdin and, unlike `deno eval`, grants no permissions
    const out = execFileSync(bin('deno'), ['run', '--no-lock', '-'], { input: script, cwd: root, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' }, encoding: 'utf8', timeout: 60_000 });
    expect(out).toMatch(/^LoadError: init: could not read file:.*wasmlearn\.relaxed\.wasm/);
    expect(out).toMatch(/--allow-read/);
    expect(out).toMatch(/init\(\{ bytes \}\)/);
    expect(out).not.toMatch(/npm run build/);
  });

  it('refuses a different build requested while the first init is still loading', async () => {
    const wl = await freshModule();
    const first = wl.init({ build: 'scalar' });
    const second = wl.init({ build: 'simd' });
    await expect(second).rejects.toThrow(/already running the "scalar" build/);
    await expect(first).resolves.toBe(await wl.init({ build: 'scalar' }));
  });

  it('refuses to switch builds once running', async () => {
    const wl = await freshModule();
    await wl.init({ build: 'scalar' });
    await expect(wl.init({ build: 'simd' })).rejects.toThrow(/already running the "scalar" build/);
    await expect(wl.init({ build: 'scalar' })).resolves.toBeDefined();
  });
});
