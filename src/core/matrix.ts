// Matrix: a dense row-major block of float64 or float32 in the Wasm heap, with one owner.
import { DisposedError, ShapeError, ValidationError } from '../errors.js';
import type { Heap } from '../runtime/heap.js';
import type { Runtime } from '../runtime/load.js';
import { guard, track, unguard } from '../runtime/scope.js';
import { itemSize, type DType, type TypedArrayOf } from './dtype.js';

// `using m = …` calls m[Symbol.dispose](). Runtimes without Symbol.dispose (Node < 18.18, older
// browsers) get the method under the registered symbol TypeScript's downlevel `using` falls back to.
const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
/** console.log / util.inspect in Node, Bun and Deno (which also honours its own symbol). */
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const denoInspectSymbol = Symbol.for('Deno.customInspect');

/**
 * `D` is the element type when TypeScript knows it (`wl.zeros(2, 2, 'float32')` is a
 * `Matrix<'float32'>`, whose `toTypedArray()` is a Float32Array); plain `Matrix` is either.
 */
export class Matrix<D extends DType = DType> {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Element type. */
  readonly dtype: D;
  /** @internal */
  readonly runtime: Runtime;
  #ptr: number;

  /**
   * @internal Use `wl.matrix`, `wl.zeros`, … to create matrices. Takes ownership of the block at
   * `ptr` (rows·cols elements of dtype), which must come from `runtime.heap.alloc`.
   */
  constructor(runtime: Runtime, ptr: number, rows: number, cols: number, dtype: D) {
    this.runtime = runtime;
    this.#ptr = ptr;
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    guard(this, runtime.heap, ptr);
    track(this);
  }

  /** @internal Allocates an uninitialized rows×cols matrix. */
  static alloc<D extends DType>(runtime: Runtime, rows: number, cols: number, dtype: D): Matrix<D> {
    const ptr = runtime.heap.alloc(rows * cols * itemSize(dtype));
    return new Matrix(runtime, ptr, rows, cols, dtype);
  }

  /** Number of elements, rows·cols. */
  get size(): number {
    return this.rows * this.cols;
  }

  /** [rows, cols] */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get disposed(): boolean {
    return this.#ptr === 0;
  }

  /** @internal Heap address of element (0, 0). Throws DisposedError after dispose(). */
  get ptr(): number {
    if (this.#ptr === 0) throw new DisposedError(`this ${this.rows}×${this.cols} Matrix was disposed; it can no longer be used`);
    return this.#ptr;
  }

  /** @internal */
  get heap(): Heap {
    return this.runtime.heap;
  }

  /**
   * A live view of the elements in the heap (row-major). Valid only until the next allocation:
   * when the heap grows, the view is detached. Use toTypedArray() for a copy you can keep.
   */
  get data(): TypedArrayOf<D> {
    const ptr = this.ptr;
    return (this.dtype === 'float32' ? this.heap.f32.subarray(ptr >>> 2, (ptr >>> 2) + this.size) : this.heap.f64.subarray(ptr >>> 3, (ptr >>> 3) + this.size)) as TypedArrayOf<D>;
  }

  /** Element (i, j). */
  get(i: number, j: number): number {
    const k = this.#index(i, j);
    const ptr = this.ptr;
    return this.dtype === 'float32' ? this.heap.f32[(ptr >>> 2) + k] : this.heap.f64[(ptr >>> 3) + k];
  }

  /** Sets element (i, j) to a finite value. */
  set(i: number, j: number, value: number): this {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(`Matrix.set: value must be a finite number, got ${String(value)}`);
    if (this.dtype === 'float32' && !Number.isFinite(Math.fround(value))) {
      throw new ValidationError(`Matrix.set: value ${value} is too large for float32 (|x| must round to at most 3.4028234663852886e38)`);
    }
    this.data[this.#index(i, j)] = value;
    return this;
  }

  /** A copy as nested JS arrays (rows of numbers). */
  toArray(): number[][] {
    const data = this.data;
    const out: number[][] = new Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = Array.from(data.subarray(i * this.cols, (i + 1) * this.cols));
    return out;
  }

  /** A JS-owned copy of the elements, row-major: Float64Array or Float32Array by dtype. */
  toTypedArray(): TypedArrayOf<D> {
    return this.data.slice() as TypedArrayOf<D>;
  }

  /** Frees the heap block. Further use throws DisposedError; disposing twice is a no-op. */
  dispose(): void {
    if (this.#ptr === 0) return;
    unguard(this);
    this.heap.free(this.#ptr);
    this.#ptr = 0;
  }

  /**
   * The values as NumPy prints them: shape and dtype, then the rows; a matrix of more than 1000
   * elements shows its corners (3 rows and columns at each edge, `...` between).
   */
  toString(): string {
    if (this.disposed) return `Matrix(${this.rows}×${this.cols}, ${this.dtype}, disposed)`;
    const head = `Matrix(${this.rows}×${this.cols}, ${this.dtype})`;
    if (this.size === 0) return `${head} []`;
    const data = this.data;
    const edge = 3;
    const summarize = this.size > 1000;
    const pick = (n: number): (number | null)[] => (summarize && n > 2 * edge ? [...range(0, edge), null, ...range(n - edge, n)] : range(0, n));
    const rows = pick(this.rows);
    const cols = pick(this.cols);
    const cells = rows.map((i) => cols.map((j) => (i === null ? (j === null ? '' : '...') : j === null ? '...' : formatNumber(data[i * this.cols + j]))));
    const width = Math.max(...cells.flat().map((c) => c.length));
    const lines = cells.map((row, r) => (rows[r] === null ? ' ...' : ` [${row.map((c) => c.padStart(width)).join(', ')}]`));
    return `${head}\n[${lines.join(',\n').slice(1)}]`;
  }

  /** Node's util.inspect / console.log (also Bun; Deno honours it too). */
  [inspectSymbol](): string {
    return this.toString();
  }

  /** Deno's console.log / Deno.inspect. */
  [denoInspectSymbol](): string {
    return this.toString();
  }

  #index(i: number, j: number): number {
    for (const [v, which] of [[i, 'row'], [j, 'column']] as const) {
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new ValidationError(`index (${String(i)}, ${String(j)}): the ${which} index must be an integer, got ${typeof v === 'number' ? v : typeof v}`);
      }
    }
    if (!Number.isInteger(i) || i < 0 || i >= this.rows || !Number.isInteger(j) || j < 0 || j >= this.cols) {
      throw new ShapeError(`index (${i}, ${j}) is out of range for a ${this.rows}×${this.cols} Matrix`);
    }
    return i * this.cols + j;
  }
}

// Declared through interface merging so that the .d.ts says `[Symbol.dispose](): void` (what `using`
// requires) while the runtime key falls back to the registered symbol where Symbol.dispose is missing.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- D must match the class's parameters
export interface Matrix<D extends DType = DType> {
  /** `using m = wl.zeros(2, 2)` frees m at the end of the block (TypeScript ≥ 5.2; runtimes with `using`). */
  [Symbol.dispose](): void;
}
Object.defineProperty(Matrix.prototype, disposeSymbol, {
  value: function (this: Matrix): void {
    this.dispose();
  },
  writable: true,
  configurable: true,
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** NumPy-like: integers as such, otherwise 8 significant digits, exponent form outside [1e-4, 1e16). */
function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return Object.is(v, -0) ? '-0' : String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) return v.toExponential(7).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(8)));
}
