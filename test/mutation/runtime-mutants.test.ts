// Behaviour of src/runtime that mutation testing (npm run mutate:src over src/runtime) showed no test
// pinned: which error init() gives for each way loading can fail (fetch over HTTP, unreadable files,
// modules that are not wasmlearn builds, engines whose probes fail), which caller gets which error when
// concurrent init() calls fail, the heap's answers to a misbehaving allocator, kernel lookup, and the
// ownership rules of scope() at their edges.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InternalError, LoadError, OutOfMemoryError } from '../../build/dist/errors.js';
import { Heap } from '../../build/dist/runtime/heap.js';
import { kernel, typed, type Kernels } from '../../build/dist/runtime/kernels.js';
import { freshModule, freshWl } from '../helpers';

const wasm = (file: string) => new URL(`../../build/wasm/${file}`, import.meta.url);
const SIMD = readFileSync(wasm('wasmlearn.simd.wasm'));
const SCALAR = readFileSync(wasm('wasmlearn.scalar.wasm'));
const RELAXED = readFileSync(wasm('wasmlearn.relaxed.wasm'));
/** The smallest valid module (header only): compiles and instantiates, exports nothing. */
const EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
/** A module exporting only `build_id` (returns 0), no `alloc`. */
const BUILD_ID_ONLY = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0,
  1, 5, 1, 0x60, 0, 1, 0x7f, // type 0: () -> i32
  3, 2, 1, 0, // one function of type 0
  7, 12, 1, 8, ...new TextEncoder().encode('build_id'), 0, 0, // export "build_id" = func 0
  10, 6, 1, 4, 0, 0x41, 0, 0x0b, // body: i32.const 0
]);
/** The same function exported as `alloc` only, no `build_id`. */
const ALLOC_ONLY = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0,
  1, 5, 1, 0x60, 0, 1, 0x7f,
  3, 2, 1, 0,
  7, 9, 1, 5, ...new TextEncoder().encode('alloc'), 0, 0,
  10, 6, 1, 4, 0, 0x41, 0, 0x0b,
]);
/** A module importing env.foo, which init() does not provide: instantiation fails. */
const NEEDS_IMPORT = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0,
  1, 4, 1, 0x60, 0, 0, // type 0: () -> ()
  2, 11, 1, 3, ...new TextEncoder().encode('env'), 3, ...new TextEncoder().encode('foo'), 0, 0, // import env.foo: func type 0
]);

const real = { Module: WebAssembly.Module, Instance: WebAssembly.Instance };
afterEach(() => {
  WebAssembly.Module = real.Module;
  WebAssembly.Instance = real.Instance;
  vi.unstubAllGlobals();
  vi.doUnmock('node:fs/promises');
  vi.restoreAllMocks();
});

/** An engine where compiling at run time is forbidden (Cloudflare Workers): every feature probe fails. */
function forbidSyncCompile(): void {
  WebAssembly.Module = new Proxy(real.Module, {
    construct() {
      throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder');
    },
  });
}

/** An engine that runs SIMD128 but not relaxed SIMD: the relaxed probe's answer is wrong. */
function noRelaxedSimd(): void {
  WebAssembly.Instance = new Proxy(real.Instance, {
    construct(target, args: [WebAssembly.Module]) {
      const instance = Reflect.construct(target, args) as WebAssembly.Instance;
      const f = instance.exports.f as () => number;
      return { exports: { f: () => (f() === 10 ? 11 : f()) } };
    },
  });
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (outcome === undefined) throw new Error('expected the promise to reject');
  return outcome;
}

describe('init(): the build and features when the module is given', () => {
  it('where the probes cannot run (edge workers), the module alone decides build and features', async () => {
    for (const [bytes, build, simd, relaxedSimd] of [
      [RELAXED, 'relaxed-simd', true, true],
      [SIMD, 'simd', true, false],
      [SCALAR, 'scalar', false, false],
    ] as const) {
      const module = await WebAssembly.compile(bytes);
      forbidSyncCompile();
      const wl = await freshModule();
      await wl.init({ module });
      expect(wl.features()).toEqual({ build, simd, relaxedSimd, threads: false, reason: `the module from init({ module }) is the ${build} build` });
      WebAssembly.Module = real.Module;
    }
  });

  it('init({ module, build }) with the matching build loads even where the probes fail', async () => {
    const module = await WebAssembly.compile(RELAXED);
    forbidSyncCompile();
    const wl = await freshModule();
    await wl.init({ module, build: 'relaxed-simd' });
    expect(wl.features().build).toBe('relaxed-simd');
    const wl2 = await freshModule();
    await wl2.init({ module: await WebAssembly.compile(SIMD), build: 'simd' });
    expect(wl2.features()).toMatchObject({ build: 'simd', reason: 'the module from init({ module }) is the simd build' });
  });

  it('where the probes fail, a forced scalar build loads and a forced simd one is refused', async () => {
    forbidSyncCompile();
    const wl = await freshModule();
    const error = await rejection(wl.init({ build: 'simd' }));
    expect(error).toBeInstanceOf(wl.LoadError);
    expect(error.message).toBe('init: the "simd" build needs WebAssembly SIMD128, which this engine does not run. Use build: "scalar" or omit the option.');
    await wl.init({ build: 'scalar' });
    expect(wl.features()).toEqual({ build: 'scalar', simd: false, relaxedSimd: false, threads: false, reason: 'forced by init({ build })' });
  });

  it('without relaxed SIMD: the simd build is picked, and forcing relaxed-simd is a LoadError with the fix', async () => {
    noRelaxedSimd();
    const wl = await freshModule();
    const error = await rejection(wl.init({ build: 'relaxed-simd' }));
    expect(error).toBeInstanceOf(wl.LoadError);
    expect(error.message).toMatch(/^init: the "relaxed-simd" build needs WebAssembly relaxed SIMD, which this engine does not run \(Node 20 enables it with --experimental-wasm-relaxed-simd\)\. Use build: "simd"/);
    await wl.init({ build: 'simd' });
    expect(wl.features()).toEqual({ build: 'simd', simd: true, relaxedSimd: false, threads: false, reason: 'forced by init({ build })' });
    const wl2 = await freshModule();
    await wl2.init();
    expect(wl2.features()).toEqual({ build: 'simd', simd: true, relaxedSimd: false, threads: false, reason: 'the engine computes SIMD128 but not relaxed SIMD' });
  });

  it('init({ url }) and init({ bytes }) report where the module came from', async () => {
    const wl = await freshModule();
    await wl.init({ url: wasm('wasmlearn.scalar.wasm') });
    expect(wl.features().reason).toBe(`the module from ${wasm('wasmlearn.scalar.wasm')} is the scalar build`);
    const wl2 = await freshModule();
    await wl2.init({ bytes: SCALAR });
    expect(wl2.features().reason).toBe('the module from init({ bytes }) is the scalar build');
  });
});

describe('init(): modules that are not wasmlearn builds', () => {
  it('a valid module without the wasmlearn exports is a LoadError, whichever export is missing', async () => {
    for (const bytes of [EMPTY_MODULE, BUILD_ID_ONLY, ALLOC_ONLY]) {
      const wl = await freshModule();
      const error = await rejection(wl.init({ bytes }));
      expect(error).toBeInstanceOf(wl.LoadError);
      expect(error.message).toBe('init: the WebAssembly module is not a wasmlearn build (it lacks the alloc/build_id exports).');
    }
  });

  it('a module that needs imports init() does not provide is a LoadError saying it could not be instantiated', async () => {
    const wl = await freshModule();
    const error = await rejection(wl.init({ bytes: NEEDS_IMPORT }));
    expect(error).toBeInstanceOf(wl.LoadError);
    expect(error.message).toMatch(/^init: could not instantiate the WebAssembly module: .*foo/);
  });

  it('bytes that are not WebAssembly: the message quotes their start, whitespace collapsed, at most 40 characters', async () => {
    const wl = await freshModule();
    const text = new TextEncoder().encode('  \n Service   temporarily\tunavailable, please retry in a few minutes\n');
    const error = await rejection(wl.init({ bytes: text }));
    expect(error).toBeInstanceOf(wl.LoadError);
    expect(error.message).toBe(
      'init: init({ bytes }) is not a WebAssembly module: it starts with "Service temporarily unavailable, please ". ' +
        "Serve the .wasm files from wasmlearn's build/wasm/ at that URL, or pass init({ url }), init({ bytes }) or init({ module }).",
    );
  });

  it('too short, or a wrong magic number in any one byte, is "not a WebAssembly module" before compiling', async () => {
    for (const bytes of [new Uint8Array([0, 97, 115, 109]), new Uint8Array([0, 97, 115, 110, 1, 0, 0, 0]), new Uint8Array([1, 97, 115, 109, 1, 0, 0, 0])]) {
      const wl = await freshModule();
      const error = await rejection(wl.init({ bytes }));
      expect(error).toBeInstanceOf(wl.LoadError);
      expect(error.message).toMatch(/^init: init\(\{ bytes \}\) is not a WebAssembly module: it starts with /);
    }
  });

  it('a WebAssembly header with a broken body is a LoadError from the compiler', async () => {
    const wl = await freshModule();
    const error = await rejection(wl.init({ bytes: new Uint8Array([...EMPTY_MODULE, 1, 99]) }));
    expect(error).toBeInstanceOf(wl.LoadError);
    expect(error.message).toMatch(/^init: init\(\{ bytes \}\) could not be compiled: /);
  });

  it('an abort inside the module (AssemblyScript throw) surfaces its message, file and position', async () => {
    const wl = await freshModule();
    const rt = await wl.init();
    // TLSF refuses a block above its maximum with `throw new Error("Allocation too large")`.
    expect(() => rt.kernels.alloc(2 ** 30)).toThrow(/^abort: Allocation too large at ~lib\/rt\/tlsf\.ts:\d+:\d+$/);
  });
});

describe('init(): loading over HTTP', () => {
  const URL_ = 'https://cdn.example/wasmlearn.simd.wasm';
  const response = (body: BodyInit | null, init: ResponseInit) => vi.fn(async () => new Response(body, init));

  it('served as application/wasm: compiled while streaming', async () => {
    const fetch = response(SIMD, { headers: { 'content-type': 'application/wasm' } });
    vi.stubGlobal('fetch', fetch);
    const streaming = vi.spyOn(WebAssembly, 'compileStreaming');
    const wl = await freshModule();
    await wl.init({ url: URL_ });
    expect(fetch).toHaveBeenCalledWith(URL_);
    expect(streaming).toHaveBeenCalledTimes(1);
    expect(wl.features()).toMatchObject({ build: 'simd', reason: `the module from ${URL_} is the simd build` });
  });

  it('served with another or no content type, or an error status: the bytes are inspected, not streamed', async () => {
    for (const headers of [{ 'content-type': 'application/octet-stream' }, {}]) {
      vi.stubGlobal('fetch', response(SIMD, { headers }));
      const streaming = vi.spyOn(WebAssembly, 'compileStreaming');
      const wl = await freshModule();
      await wl.init({ url: URL_ });
      expect(streaming).not.toHaveBeenCalled();
      expect(wl.features().build).toBe('simd');
      vi.restoreAllMocks();
    }
    vi.stubGlobal('fetch', response(SIMD, { status: 500, headers: { 'content-type': 'application/wasm' } }));
    const streaming = vi.spyOn(WebAssembly, 'compileStreaming');
    const wl = await freshModule();
    await wl.init({ url: URL_ }); // the bytes are a module: an odd status does not matter
    expect(streaming).not.toHaveBeenCalled();
  });

  it('a 404 HTML page names the URL, the status and what arrived', async () => {
    vi.stubGlobal('fetch', response('<!doctype html><title>Not found</title>', { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/html' } }));
    const wl = await freshModule();
    const error = await rejection(wl.init({ url: URL_ }));
    expect(error).toBeInstanceOf(wl.LoadError);
    expect(error.message).toBe(
      `init: ${URL_} (HTTP 404 Not Found) is not a WebAssembly module: it starts with "<!doctype html><title>Not found</title>" ` +
        '(an HTML page: the server or bundler answered the .wasm URL with a 404 or fallback page). ' +
        "Serve the .wasm files from wasmlearn's build/wasm/ at that URL, or pass init({ url }), init({ bytes }) or init({ module }).",
    );
    // a single-page app's fallback: the HTML page with status 200
    vi.stubGlobal('fetch', response('<html><body>app</body></html>', { headers: { 'content-type': 'text/html' } }));
    const spa = await freshModule();
    expect((await rejection(spa.init({ url: URL_ }))).message).toMatch(new RegExp(`^init: ${URL_} is not a WebAssembly module: it starts with "<html><body>app</body></html>" \\(an HTML page`));
    vi.stubGlobal('fetch', response('oops', { status: 503 }));
    const wl2 = await freshModule();
    expect((await rejection(wl2.init({ url: URL_ }))).message).toMatch(new RegExp(`^init: ${URL_} \\(HTTP 503\\) is not a WebAssembly module: it starts with "oops"\\. Serve`));
  });

  it('a failed request, and a non-module served as application/wasm, are LoadErrors naming the URL', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    const wl = await freshModule();
    const error = await rejection(wl.init({ url: URL_ }));
    expect(error).toBeInstanceOf(wl.LoadError);
    expect(error.message).toBe(`init: could not fetch ${URL_}: fetch failed`);
    vi.stubGlobal('fetch', response('not wasm', { headers: { 'content-type': 'application/wasm' } }));
    const wl2 = await freshModule();
    const error2 = await rejection(wl2.init({ url: URL_ }));
    expect(error2).toBeInstanceOf(wl2.LoadError);
    expect(error2.message).toMatch(new RegExp(`^init: ${URL_} could not be compiled: `));
  });
});

describe('init(): reading the bundled file fails', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ code: 'ERR_ACCESS_DENIED', message: 'Access to this API has been restricted' }, /^The runtime refused the file read: run with --allow-read/],
    [{ name: 'NotCapable', message: 'permission required' }, /^The runtime refused the file read/],
    [{ name: 'PermissionDenied', message: 'denied' }, /^The runtime refused the file read/],
    [{ message: 'Requires read access, run again with the --allow-read flag' }, /^The runtime refused the file read/],
    [{ code: 'ENOENT', message: 'no such file' }, /^The file is missing: reinstall wasmlearn \(in a checkout of the repository: npm run build\), or pass init\(\{ url \}\)/],
    [{ name: 'NotFound', message: 'No such file or directory (os error 2)' }, /^The file is missing/],
    [{ code: 'EISDIR', message: 'illegal operation on a directory' }, /^Pass init\(\{ url \}\), init\(\{ bytes \}\) or init\(\{ module \}\) to load it another way\.$/],
  ];
  for (const [fields, hint] of cases) {
    it(`${fields.code ?? fields.name ?? 'a message'}: the hint says what to do`, async () => {
      vi.doMock('node:fs/promises', () => ({
        readFile: async () => {
          throw Object.assign(new Error(fields.message), fields);
        },
      }));
      const wl = await freshModule();
      const error = await rejection(wl.init({ url: 'file:///opt/app/x.wasm' }));
      expect(error).toBeInstanceOf(wl.LoadError);
      const prefix = `init: could not read file:///opt/app/x.wasm: ${fields.message}. `;
      expect(error.message.startsWith(prefix)).toBe(true);
      expect(error.message.slice(prefix.length)).toMatch(hint);
    });
  }

  it('in Deno, a refused read names Deno and its flag', async () => {
    vi.stubGlobal('Deno', {});
    vi.doMock('node:fs/promises', () => ({
      readFile: async () => {
        throw Object.assign(new Error('Requires read access to "x.wasm"'), { name: 'NotCapable' });
      },
    }));
    const wl = await freshModule();
    const error = await rejection(wl.init({ url: 'file:///opt/app/x.wasm' }));
    expect(error.message).toContain('. Deno refused the file read: run with --allow-read (e.g. `deno run --allow-read main.ts`), or pass init({ bytes }) or init({ module }).');
  });

  it('a file URL is read from the file system, never fetched', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const wl = await freshModule();
    await wl.init({ url: wasm('wasmlearn.simd.wasm') });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('init(): options and concurrent calls', () => {
  it('names every conflicting pair of sources and every allowed option', async () => {
    const wl = await freshModule();
    const module = await WebAssembly.compile(SIMD);
    expect((await rejection(wl.init({ url: 'x', bytes: SIMD }))).message).toBe('init: give at most one of url, bytes, module; got url and bytes');
    expect((await rejection(wl.init({ bytes: SIMD, module }))).message).toBe('init: give at most one of url, bytes, module; got bytes and module');
    expect((await rejection(wl.init({ url: 'x', module }))).message).toBe('init: give at most one of url, bytes, module; got url and module');
    expect((await rejection(wl.init({ bild: 1 } as never))).message).toBe('init: unknown option "bild"; expected one of url, bytes, module, build');
  });

  it('before init, features() and memory() name themselves in the NotInitializedError', async () => {
    const wl = await freshModule();
    expect(() => wl.features()).toThrow('wasmlearn is not initialized: features() needs the WebAssembly module');
    expect(() => wl.memory()).toThrow('wasmlearn is not initialized: memory() needs the WebAssembly module');
  });

  it('the same failing request made concurrently gets the very same error; a different one tries its own load', async () => {
    const missing = new URL('file:///nonexistent/z.wasm');
    const wl = await freshModule();
    const [a, b] = await Promise.allSettled([wl.init({ url: missing }), wl.init({ url: missing })]);
    expect(a.status === 'rejected' && b.status === 'rejected' && a.reason === b.reason).toBe(true);

    // differing only in url, bytes, module or build: the joining call loads what it asked for
    const wl2 = await freshModule();
    const bad = wl2.init({ build: 'scalar', url: missing });
    await expect(wl2.init({ build: 'scalar' })).resolves.toBeDefined();
    await expect(bad).rejects.toThrow(/could not read file:\/\/\/nonexistent/);
    expect(wl2.features().build).toBe('scalar');

    const wl3 = await freshModule();
    const bad3 = wl3.init({ bytes: EMPTY_MODULE });
    await expect(wl3.init({ bytes: SCALAR })).resolves.toBeDefined();
    await expect(bad3).rejects.toThrow(/not a wasmlearn build/);

    const [empty, scalar] = await Promise.all([WebAssembly.compile(EMPTY_MODULE), WebAssembly.compile(SCALAR)]);
    const wl4 = await freshModule();
    const bad4 = wl4.init({ module: empty });
    await expect(wl4.init({ module: scalar })).resolves.toBeDefined();
    await expect(bad4).rejects.toThrow(/not a wasmlearn build/);

    const wl5 = await freshModule();
    const bad5 = wl5.init({ bytes: SCALAR, build: 'simd' });
    await expect(wl5.init({ bytes: SCALAR, build: 'scalar' })).resolves.toBeDefined();
    await expect(bad5).rejects.toThrow('build "simd" was requested, but the module given is the "scalar" build');
  });

  it('a later url, bytes or module that differs is refused with where the instance came from', async () => {
    const wl = await freshModule();
    await wl.init({ url: wasm('wasmlearn.simd.wasm') });
    const error = await rejection(wl.init({ url: wasm('wasmlearn.scalar.wasm') }));
    expect(error).toBeInstanceOf(wl.InvalidParameterError);
    expect(error.message).toBe(
      `init: option "url" was given, but wasmlearn is already initialized in this realm from ${wasm('wasmlearn.simd.wasm')}; ` +
        'the module is loaded once, by the first init(), and a later one would be ignored. Call init() without url/bytes/module to share the instance.',
    );
    const wl2 = await freshModule();
    await wl2.init();
    expect((await rejection(wl2.init({ bytes: SIMD }))).message).toContain('already initialized in this realm from the bundled .wasm;');
    const wl3 = await freshModule();
    await wl3.init({ module: await WebAssembly.compile(SIMD) });
    expect((await rejection(wl3.init({ url: 'x' }))).message).toContain('already initialized in this realm from init({ module });');
  });
});

describe('Heap with a misbehaving allocator', () => {
  function fakeHeap(alloc: (bytes: number) => number) {
    const memory = { buffer: new ArrayBuffer(3 * 2 ** 20) };
    const freed: number[] = [];
    const kernels = { memory, alloc, free: (p: number) => (freed.push(p), 0), build_id: () => 0 } as unknown as Kernels;
    return { heap: new Heap(kernels, memory), freed };
  }

  it('allocator returning 0, or trapping with unreachable (memory.grow failed): OutOfMemoryError with sizes and the fix', () => {
    for (const alloc of [() => 0, () => { throw new WebAssembly.RuntimeError('unreachable executed'); }]) {
      const { heap } = fakeHeap(alloc);
      let error: unknown;
      try {
        heap.alloc(5 * 2 ** 20);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OutOfMemoryError);
      expect((error as Error).message).toBe(
        'cannot allocate 5.0 MiB in the WebAssembly heap (3.0 MiB in the heap, 0.0 MiB in use): the memory cannot grow that far. ' +
          'Dispose matrices you no longer need or work on smaller batches.',
      );
      expect(heap.stats()).toEqual({ bytesInUse: 0, blocksInUse: 0, heapBytes: 3 * 2 ** 20 });
    }
  });

  it('any other trap is an InternalError carrying the cause; a live block handed out twice is an InternalError', () => {
    const cause = new RangeError('out of bounds memory access');
    const { heap } = fakeHeap(() => { throw cause; });
    let error: unknown;
    try {
      heap.alloc(100);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toBe('wasmlearn internal error (a bug in wasmlearn, not in your input; please report it): the allocator trapped while allocating 100 bytes (out of bounds memory access)');
    expect((error as Error).cause).toBe(cause);
    const { heap: h2 } = fakeHeap(() => { throw 'a string'; }); // not even an Error
    expect(() => h2.alloc(8)).toThrow('the allocator trapped while allocating 8 bytes (a string)');

    const { heap: h3 } = fakeHeap(() => 64);
    expect(h3.alloc(8)).toBe(64);
    expect(() => h3.alloc(8)).toThrow(new InternalError('the allocator returned the live block at 64 again; the heap is corrupted'));
    expect(h3.stats().blocksInUse).toBe(1);
  });

  it('free() of an unknown or already freed block changes nothing and never reaches the allocator', () => {
    let next = 16;
    const { heap, freed } = fakeHeap(() => (next += 16));
    const p = heap.alloc(10);
    expect(heap.owns(p)).toBe(true);
    expect(heap.stats()).toMatchObject({ bytesInUse: 10, blocksInUse: 1 });
    heap.free(p);
    heap.free(p);
    heap.free(12345);
    expect(heap.owns(p)).toBe(false);
    expect(freed).toEqual([p]);
    expect(heap.stats()).toMatchObject({ bytesInUse: 0, blocksInUse: 0 });
  });
});

describe('Heap views and kernel lookup (real module)', () => {
  it('the four views share the memory and are kept until it grows', async () => {
    const wl = await freshWl();
    const rt = await wl.init();
    const heap = rt.heap;
    const p = heap.alloc(16);
    heap.f64[p / 8] = 1; // 0x3FF0000000000000, little-endian
    expect(heap.i32[p / 4 + 1]).toBe(0x3ff00000);
    expect(heap.u8[p + 7]).toBe(0x3f);
    heap.f32[p / 4 + 2] = 2;
    expect(heap.i32[p / 4 + 2]).toBe(0x40000000);
    const views = [heap.f64, heap.f32, heap.i32, heap.u8];
    for (const [i, v] of [heap.f64, heap.f32, heap.i32, heap.u8].entries()) expect(v).toBe(views[i]); // no new view per access
    const big = heap.alloc(64 * 2 ** 20); // grows the memory: views must be re-created
    for (const [i, v] of [heap.f64, heap.f32, heap.i32, heap.u8].entries()) {
      expect(v === views[i]).toBe(false);
      expect(v.buffer).toBe(rt.kernels.memory.buffer);
    }
    expect(heap.i32[p / 4 + 1]).toBe(0x3ff00000);
    heap.free(big);
    heap.free(p);
  });

  it('typed() picks the _f32 or _f64 export by dtype; a missing kernel is a LoadError naming it', async () => {
    const wl = await freshWl();
    const rt = await wl.init();
    expect(typed(rt.kernels, 'dot', 'float32')).toBe(rt.kernels.dot_f32);
    expect(typed(rt.kernels, 'dot', 'float64')).toBe(rt.kernels.dot_f64);
    expect(kernel(rt.kernels, 'alloc')).toBe(rt.kernels.alloc);
    expect(() => typed(rt.kernels, 'nope', 'float32')).toThrow(LoadError);
    expect(() => kernel(rt.kernels, 'memory')).toThrow(LoadError); // an export that is not a function
    expect(() => typed(rt.kernels, 'nope', 'float64')).toThrow(
      'the WebAssembly module has no kernel "nope_f64": the .wasm file and the JavaScript are from different versions of wasmlearn. Rebuild (npm run build) or serve the .wasm files of this version.',
    );
  });
});

describe('scope() at its edges', () => {
  it('names what it got instead of a function', async () => {
    const wl = await freshWl();
    expect(() => wl.scope(null as never)).toThrow('wl.scope: expected a function to run, got null');
    expect(() => wl.scope(42 as never)).toThrow('wl.scope: expected a function to run, got number');
    expect(() => wl.scope(undefined as never)).toThrow('wl.scope: expected a function to run, got undefined');
  });

  it('a void callback frees everything and returns undefined', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    const r = wl.scope(() => {
      wl.zeros(3, 3);
    });
    expect(r).toBeUndefined();
    expect(wl.scope(() => (wl.zeros(2, 2), null))).toBeNull();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('keeps what the result reaches past nulls, primitives, cycles and dispose()-only objects; not what class instances hold', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    let inClass: { disposed: boolean } | undefined;
    class Holder {
      constructor(readonly m: unknown) {}
    }
    const result = wl.scope(() => {
      const kept = wl.ones(2, 2);
      const wrapped = wl.ones(1, 1);
      inClass = wl.ones(1, 2) as never;
      const out: Record<string, unknown> = { none: null, nothing: undefined, n: 1, s: 'x', kept, wrapper: { dispose() {}, wrapped }, holder: new Holder(inClass) };
      out.self = out; // a cycle
      return out;
    });
    expect((result.kept as { disposed: boolean }).disposed).toBe(false);
    expect(((result.wrapper as { wrapped: { disposed: boolean } }).wrapped).disposed).toBe(false);
    expect((inClass as unknown as { disposed: boolean }).disposed).toBe(true); // only plain objects are searched
    (result.kept as { dispose(): void }).dispose();
    ((result.wrapper as { wrapped: { dispose(): void } }).wrapped).dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('a thenable function is awaited like a promise', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    let M: { disposed: boolean } | undefined;
    const thenable = Object.assign(() => 0, { then: (resolve: (v: number) => void) => resolve(7) });
    const r = wl.scope(() => {
      M = wl.zeros(2, 2);
      return thenable;
    });
    expect(r).toBeInstanceOf(Promise);
    expect(M!.disposed).toBe(false); // freed only once the thenable settles
    await expect(r).resolves.toBe(7);
    expect(M!.disposed).toBe(true);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('never disposes an owner the callback already disposed', async () => {
    const wl = await freshWl();
    let calls = 0;
    const owner = { disposed: false, dispose() { calls++; this.disposed = true; } };
    wl.scope((track) => {
      track(owner);
      owner.dispose();
    });
    expect(calls).toBe(1);
  });

  it("the tracker of a finished scope leaves ownership alone: the caller's scope still frees what it is given", async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    let stale: (<T extends { dispose(): void; readonly disposed: boolean }>(o: T) => T) | undefined;
    await wl.scope(async (track) => {
      stale = track;
    });
    let M: { disposed: boolean } | undefined;
    wl.scope(() => {
      M = stale!(wl.zeros(4, 4));
    });
    expect(M!.disposed).toBe(true);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('an async child that outlives its parent hands its result to the nearest scope still open', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let M: { disposed: boolean } | undefined;
    await wl.scope(async () => {
      let child!: Promise<unknown>;
      await wl.scope(async () => {
        // opened synchronously inside the middle scope, settles after it
        child = wl.scope(async (track) => {
          await gate;
          return (M = track(wl.zeros(8, 8)));
        });
      });
      release();
      await child; // the outer scope is still open: M is now its, and freed when it closes
      expect(M!.disposed).toBe(false);
    });
    expect(M!.disposed).toBe(true);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('without FinalizationRegistry (an engine that lacks it) matrices still work and are freed by dispose', async () => {
    vi.stubGlobal('FinalizationRegistry', undefined);
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    const A = wl.matrix([[1, 2], [3, 4]]);
    expect(wl.sum(A)).toBe(10);
    A.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
