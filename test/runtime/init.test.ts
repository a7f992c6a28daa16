import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshModule } from '../helpers';

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

  it('rejects unknown and conflicting options', async () => {
    const wl = await freshModule();
    await expect(() => wl.init({ bild: 'simd' } as never)).toThrow(wl.InvalidParameterError);
    await expect(() => wl.init({ build: 'sse' } as never)).toThrow(/build.*"relaxed-simd", "simd", "scalar"/);
    await expect(() => wl.init({ url: 'x', bytes: new Uint8Array(8) })).toThrow(/at most one of url, bytes, module/);
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
