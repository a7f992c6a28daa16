// init(): finds, compiles and instantiates the wasmlearn module in any JavaScript runtime.
//
//   Node, Deno, Bun   the bundled .wasm next to the JS (a file read)
//   browsers          fetched relative to import.meta.url (streaming compile); `url` overrides
//   edge workers      `module`: they forbid compiling bytes at run time, so the worker imports the .wasm
//   anywhere          `bytes` or `module`
import { InvalidParameterError, LoadError, NotInitializedError } from '../errors.js';
import { bestBuild, BUILDS, engineSupport, type Build, type Features } from './features.js';
import { Heap, type MemoryStats } from './heap.js';
import type { Kernels } from './kernels.js';

export interface InitOptions {
  /** Where to fetch or read the .wasm from (default: the bundled file of the chosen build). */
  url?: string | URL;
  /** The .wasm bytes. */
  bytes?: ArrayBuffer | ArrayBufferView;
  /**
   * An already compiled `WebAssembly.Module`, e.g. a Cloudflare Worker's `import wasm from
   * 'wasmlearn/wasm/…'`. (Typed as `object` so that the declarations need no DOM lib; init()
   * checks that it is a WebAssembly.Module.)
   */
  module?: object;
  /** Force a build instead of the best one the engine runs. */
  build?: Build;
}

/** One instantiated module: its kernels, its heap and what was chosen. */
export class Runtime {
  constructor(
    readonly kernels: Kernels,
    readonly heap: Heap,
    readonly features: Features,
  ) {}
}

// A literal `new URL(…, import.meta.url)` per build, so bundlers (Vite, webpack, esbuild with a
// file loader) see and copy each .wasm.
const bundled: Record<Build, () => URL> = {
  'relaxed-simd': () => new URL('../../wasm/wasmlearn.relaxed.wasm', import.meta.url),
  simd: () => new URL('../../wasm/wasmlearn.simd.wasm', import.meta.url),
  scalar: () => new URL('../../wasm/wasmlearn.scalar.wasm', import.meta.url),
};
const BUILD_IDS: Build[] = ['scalar', 'simd', 'relaxed-simd'];
const OPTIONS = ['url', 'bytes', 'module', 'build'];

let current: Runtime | undefined;
let pending: Promise<Runtime> | undefined;
/** The options of the init() that started `pending` (or made `current`). */
let pendingOptions: InitOptions = {};

/**
 * Loads the WebAssembly module. Idempotent: every call (concurrent ones too) returns the same
 * instance. Must resolve before any other API is used. Always returns a promise: bad options
 * reject it, never throw synchronously. A call that joins a load started by another caller with
 * other options never fails with that caller's error: if that load fails, this call tries its own.
 * Once an instance exists or is loading, a different build or a different `url`/`bytes`/`module`
 * is refused (it would be silently ignored otherwise): the module is chosen once, by the first init().
 */
export function init(options: InitOptions = {}): Promise<Runtime> {
  try {
    checkOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!pending) {
    pendingOptions = options;
    const started = load(options).then(
      (rt) => (current = rt),
      (error) => {
        if (pending === started) pending = undefined; // a failed init may be retried, e.g. with a corrected url
        throw error;
      },
    );
    pending = started;
    return started;
  }
  const first = pendingOptions;
  const joined = pending;
  const conflict = sourceConflict(first, options);
  return joined.then(
    (rt) => {
      if (conflict) throw conflict;
      const wanted = options.build;
      // Also while the first init() is still loading: a different build must not pass silently.
      if (wanted && rt.features.build !== wanted) {
        throw new InvalidParameterError(`init: build "${wanted}" was requested, but wasmlearn is already running the "${rt.features.build}" build in this realm; the build is chosen once, by the first init().`);
      }
      return rt;
    },
    (error) => {
      // Another caller's load failed. Its error is ours only when we asked for the same thing.
      if (sameRequest(first, options)) throw error;
      return init(options);
    },
  );
}

const SOURCES = ['url', 'bytes', 'module'] as const;

/** The error for a url/bytes/module that differs from the one the instance was (or is being) loaded from. */
function sourceConflict(first: InitOptions, later: InitOptions): InvalidParameterError | undefined {
  for (const key of SOURCES) {
    const value = later[key];
    if (value === undefined) continue;
    const same = key === 'url' ? first.url !== undefined && String(first.url) === String(value) : first[key] === value;
    if (!same) {
      return new InvalidParameterError(
        `init: option "${key}" was given, but wasmlearn is already ${current ? 'initialized' : 'being initialized'} in this realm from ${describeSource(first)}; ` +
          `the module is loaded once, by the first init(), and a later one would be ignored. Call init() without url/bytes/module to share the instance.`,
      );
    }
  }
  return undefined;
}

function sameRequest(a: InitOptions, b: InitOptions): boolean {
  return a.build === b.build && a.bytes === b.bytes && a.module === b.module && String(a.url) === String(b.url);
}

function describeSource(o: InitOptions): string {
  if (o.module !== undefined) return 'init({ module })';
  if (o.bytes !== undefined) return 'init({ bytes })';
  if (o.url !== undefined) return String(o.url);
  return 'the bundled .wasm';
}

/** The running instance; throws NotInitializedError before init() has resolved. */
export function runtime(what?: string): Runtime {
  if (!current) throw new NotInitializedError(what);
  return current;
}

/** Which build runs and why. */
export function features(): Features {
  return { ...runtime('features()').features };
}

/** Heap usage: `{ bytesInUse, blocksInUse, heapBytes }`. */
export function memory(): MemoryStats {
  return runtime('memory()').heap.stats();
}

function checkOptions(options: InitOptions): void {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError(`init: expected an options object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new InvalidParameterError(`init: unknown option "${key}"; expected one of ${OPTIONS.join(', ')}`);
  }
  if (options.build !== undefined && !BUILDS.includes(options.build)) {
    throw new InvalidParameterError(`init: option "build" must be one of ${BUILDS.map((b) => `"${b}"`).join(', ')}, got ${JSON.stringify(options.build)}`);
  }
  const sources = ['url', 'bytes', 'module'].filter((k) => (options as Record<string, unknown>)[k] !== undefined);
  if (sources.length > 1) throw new InvalidParameterError(`init: give at most one of url, bytes, module; got ${sources.join(' and ')}`);
  if (options.module !== undefined && !(options.module instanceof WebAssembly.Module)) {
    throw new InvalidParameterError('init: option "module" must be a WebAssembly.Module');
  }
}

async function load(options: InitOptions): Promise<Runtime> {
  let build: Build;
  let reason: string;
  const support = engineSupport();
  if (options.module) {
    // The module decides the build; probes may be impossible here (edge runtimes forbid compiling).
    ({ build, reason } = { build: 'simd', reason: '' }); // replaced below by what the module is
  } else if (options.build) {
    build = options.build;
    reason = 'forced by init({ build })';
    if (build !== 'scalar' && !support.simd) {
      throw new LoadError(`init: the "${build}" build needs WebAssembly SIMD128, which this engine does not run. Use build: "scalar" or omit the option.`);
    }
    if (build === 'relaxed-simd' && !support.relaxedSimd) {
      throw new LoadError('init: the "relaxed-simd" build needs WebAssembly relaxed SIMD, which this engine does not run (Node 20 enables it with --experimental-wasm-relaxed-simd). Use build: "simd" or omit the option.');
    }
  } else {
    ({ build, reason } = bestBuild(support));
  }

  const module = options.module ?? (options.bytes ? await compile(options.bytes, 'init({ bytes })') : await fetchModule(options.url ?? bundled[build]()));
  // The module's only import is AssemblyScript's abort(message, file, line, column). It is provided
  // here rather than by @assemblyscript/loader's instantiate(), whose `typeof Response` check makes
  // Node 20 load its fetch implementation (undici): ~18 ms of a ~25 ms init.
  let memory: WebAssembly.Memory | undefined;
  const abort = (message: number, file: number, line: number, column: number): never => {
    throw new Error(`abort: ${heapString(memory, message)} at ${heapString(memory, file)}:${line}:${column}`);
  };
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, { env: { abort } });
    memory = instance.exports.memory as WebAssembly.Memory;
  } catch (error) {
    throw new LoadError(`init: could not instantiate the WebAssembly module: ${(error as Error).message}`);
  }
  const kernels = instance.exports as unknown as Kernels;
  if (typeof kernels.build_id !== 'function' || typeof kernels.alloc !== 'function') {
    throw new LoadError('init: the WebAssembly module is not a wasmlearn build (it lacks the alloc/build_id exports).');
  }
  // A module, bytes or url given by the caller decide the build themselves.
  const actual = BUILD_IDS[kernels.build_id()];
  if (actual !== build || options.module) {
    if (options.build && options.build !== actual) {
      throw new LoadError(`init: build "${options.build}" was requested, but the module given is the "${actual}" build`);
    }
    const source = options.module ? 'init({ module })' : options.bytes ? 'init({ bytes })' : String(options.url);
    reason = `the module from ${source} is the ${actual} build`;
    build = actual;
  }
  const features: Features = { simd: support.simd || actual !== 'scalar', relaxedSimd: support.relaxedSimd || actual === 'relaxed-simd', threads: false, build, reason };
  return new Runtime(kernels, new Heap(kernels, kernels.memory), features);
}

/** An AssemblyScript string in the heap (byte length at ptr − 4, UTF-16LE), for abort messages. */
function heapString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (!memory || !ptr) return '?';
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

async function compile(bytes: ArrayBuffer | ArrayBufferView, source: string | URL): Promise<WebAssembly.Module> {
  const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  if (view.length < 8 || WASM_MAGIC.some((b, i) => view[i] !== b)) {
    const head = new TextDecoder().decode(view.subarray(0, 64)).replace(/\s+/g, ' ').trim();
    const html = /<(!doctype|html|head|body)/i.test(head);
    throw new LoadError(
      `init: ${source} is not a WebAssembly module: it starts with "${head.slice(0, 40)}"` +
        (html ? ' (an HTML page: the server or bundler answered the .wasm URL with a 404 or fallback page)' : '') +
        `. Serve the .wasm files from wasmlearn's build/wasm/ at that URL, or pass init({ url }), init({ bytes }) or init({ module }).`,
    );
  }
  try {
    return await WebAssembly.compile(view as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw new LoadError(`init: ${source} could not be compiled: ${(error as Error).message}`);
  }
}

async function fetchModule(url: string | URL): Promise<WebAssembly.Module> {
  const href = String(url);
  if (href.startsWith('file:')) {
    // Node, Deno and Bun all provide node:fs. The specifier is a variable so that bundlers for the
    // browser leave it alone (that branch never runs there).
    const fsName = 'node:fs/promises';
    let bytes: Uint8Array;
    try {
      const fs = await import(/* @vite-ignore */ fsName);
      bytes = new Uint8Array(await fs.readFile(new URL(href)));
    } catch (error) {
      throw new LoadError(`init: could not read ${href}: ${(error as Error).message}. ${readHint(error)}`);
    }
    return compile(bytes, href);
  }
  let response: Response;
  try {
    response = await fetch(href);
  } catch (error) {
    throw new LoadError(`init: could not fetch ${href}: ${(error as Error).message}`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (response.ok && type.startsWith('application/wasm') && typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (error) {
      throw new LoadError(`init: ${href} could not be compiled: ${(error as Error).message}`);
    }
  }
  // Not served as application/wasm (or an error status): look at the bytes to say what arrived.
  const bytes = new Uint8Array(await response.arrayBuffer());
  const status = response.ok ? '' : ` (HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''})`;
  return compile(bytes, href + status);
}

/** What to do about a failed read of the bundled .wasm, by cause. */
function readHint(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  const deno = typeof (globalThis as { Deno?: unknown }).Deno === 'object';
  if (e?.name === 'NotCapable' || e?.name === 'PermissionDenied' || e?.code === 'ERR_ACCESS_DENIED' || /read access|--allow-read/i.test(e?.message ?? '')) {
    return `${deno ? 'Deno' : 'The runtime'} refused the file read: run with --allow-read (e.g. \`deno run --allow-read main.ts\`), or pass init({ bytes }) or init({ module }).`;
  }
  if (e?.code === 'ENOENT' || e?.name === 'NotFound') {
    return 'The file is missing: reinstall wasmlearn (in a checkout of the repository: npm run build), or pass init({ url }), init({ bytes }) or init({ module }).';
  }
  return 'Pass init({ url }), init({ bytes }) or init({ module }) to load it another way.';
}
