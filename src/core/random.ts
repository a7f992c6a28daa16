// Seeded random matrices. The generator runs in Wasm (assembly/random.ts: xoshiro128**, seeded by
// splitmix32; uniform doubles from 53 bits; normals by Marsaglia's polar method), so one seed gives
// the same numbers, bit for bit, in Node, Deno, Bun, browsers and workerd.
import { typed, kernel } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { InvalidParameterError } from '../errors.js';
import type { DType } from './dtype.js';
import { Matrix } from './matrix.js';
import { checkInteger, checkNumber, checkOptions, parseDType } from './validate.js';

export interface RandomOptions<D extends DType = DType> {
  /** An integer with |seed| ≤ 2^53; each seed its own stream. Omitted: a fresh seed from Math.random. */
  seed?: number;
  dtype?: D;
}

/** A stream of random numbers with its state in the heap; estimators keep one per fit. */
export class Generator {
  readonly #rt: Runtime;
  #state: number;

  constructor(seed?: number) {
    this.#rt = runtime('wl.random');
    const s = seed === undefined ? Math.floor(Math.random() * 2 ** 32) : checkInteger(seed, 'seed', -(2 ** 53), 2 ** 53);
    this.#state = this.#rt.heap.alloc(16);
    // The seed's 64-bit two's complement halves: distinct integers give distinct states (−1 ≠ 0).
    kernel(this.#rt.kernels, 'rng_seed')(this.#state, s >>> 0, Math.floor(s / 2 ** 32) >>> 0);
  }

  /** @internal heap address of the 16-byte state, for kernels that draw numbers themselves. */
  get statePtr(): number {
    return this.#state;
  }

  /** A double uniform in [0, 1). */
  next(): number {
    return kernel(this.#rt.kernels, 'rng_next_f64')(this.#state);
  }

  /** An integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  fillUniform(m: Matrix, low = 0, high = 1): Matrix {
    typed(this.#rt.kernels, 'rng_uniform', m.dtype)(this.#state, m.ptr, m.size, low, high);
    return m;
  }

  fillNormal(m: Matrix, mean = 0, std = 1): Matrix {
    typed(this.#rt.kernels, 'rng_normal', m.dtype)(this.#state, m.ptr, m.size, mean, std);
    return m;
  }

  /** A permutation of 0..n-1 (JS-owned). */
  permutation(n: number): Int32Array {
    const heap = this.#rt.heap;
    const ptr = heap.alloc(Math.max(n, 1) * 4);
    try {
      kernel(this.#rt.kernels, 'rng_permutation')(this.#state, ptr, n);
      return heap.i32.slice(ptr >>> 2, (ptr >>> 2) + n);
    } finally {
      heap.free(ptr);
    }
  }

  dispose(): void {
    if (this.#state !== 0) this.#rt.heap.free(this.#state);
    this.#state = 0;
  }
}

function draw(where: string, rows: number, cols: number, options: Record<string, unknown>, fill: (g: Generator, m: Matrix) => void): Matrix {
  runtime(where);
  checkInteger(rows, `${where}: rows`);
  checkInteger(cols, `${where}: cols`);
  const dtype = parseDType(options.dtype, where);
  const g = new Generator(options.seed as number | undefined);
  try {
    const m = Matrix.alloc(runtime(), rows, cols, dtype);
    fill(g, m);
    return m;
  } finally {
    g.dispose();
  }
}

/** Largest magnitude a draw may reach in the dtype (normals: mean ± 40·std covers every draw of the polar method). */
function checkSpan(lo: number, hi: number, dtype: unknown, where: string, what: string): void {
  const limit = dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  if (!(Math.abs(lo) <= limit && Math.abs(hi) <= limit && Math.abs(hi - lo) <= limit)) {
    throw new InvalidParameterError(`${where}: ${what} overflows ${dtype === 'float32' ? 'float32' : 'float64'} (the draws would be ±Infinity)`);
  }
}

/** rows×cols draws from N(mean, std²); std ≥ 0. */
export function normal<D extends DType = 'float64'>(rows: number, cols: number, options?: RandomOptions<D> & { mean?: number; std?: number }): Matrix<D> {
  const o = checkOptions(options, ['seed', 'dtype', 'mean', 'std'], 'wl.random.normal');
  const mean = o.mean === undefined ? 0 : checkNumber(o.mean, 'mean');
  const std = o.std === undefined ? 1 : checkNumber(o.std, 'std');
  if (std < 0) throw new InvalidParameterError(`wl.random.normal: std must be >= 0, got ${std}`);
  checkSpan(mean - 40 * std, mean + 40 * std, o.dtype, 'wl.random.normal', `mean ± 40·std (mean ${mean}, std ${std})`);
  return draw('wl.random.normal', rows, cols, o, (g, m) => g.fillNormal(m, mean, std)) as Matrix<D>;
}

/** rows×cols draws uniform in [low, high). */
export function uniform<D extends DType = 'float64'>(rows: number, cols: number, options?: RandomOptions<D> & { low?: number; high?: number }): Matrix<D> {
  const o = checkOptions(options, ['seed', 'dtype', 'low', 'high'], 'wl.random.uniform');
  const low = o.low === undefined ? 0 : checkNumber(o.low, 'low');
  const high = o.high === undefined ? 1 : checkNumber(o.high, 'high');
  checkSpan(low, high, o.dtype, 'wl.random.uniform', `the range [low, high) = [${low}, ${high})`);
  return draw('wl.random.uniform', rows, cols, o, (g, m) => g.fillUniform(m, low, high)) as Matrix<D>;
}

/** A random permutation of 0..n-1, as a JS-owned Int32Array. */
export function permutation(n: number, options?: { seed?: number }): Int32Array {
  runtime('wl.random.permutation()');
  const o = checkOptions(options, ['seed'], 'wl.random.permutation');
  checkInteger(n, 'n');
  const g = new Generator(o.seed as number | undefined);
  try {
    return g.permutation(n);
  } finally {
    g.dispose();
  }
}
