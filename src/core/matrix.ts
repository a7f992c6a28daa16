// Matrix: a dense row-major block of float64 or float32 in the Wasm heap, with one owner.
import { DisposedError, ShapeError, ValidationError } from '../errors.js';
import type { Heap } from '../runtime/heap.js';
import type { Runtime } from '../runtime/load.js';
import { guard, track, unguard } from '../runtime/scope.js';
import { itemSize, type DType, type FloatArray } from './dtype.js';

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

export class Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Element type. */
  readonly dtype: DType;
  /** @internal */
  readonly runtime: Runtime;
  #ptr: number;

  /**
   * @internal Use `wl.matrix`, `wl.zeros`, … to create matrices. Takes ownership of the block at
   * `ptr` (rows·cols elements of dtype), which must come from `runtime.heap.alloc`.
   */
  constructor(runtime: Runtime, ptr: number, rows: number, cols: number, dtype: DType) {
    this.runtime = runtime;
    this.#ptr = ptr;
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    guard(this, runtime.heap, ptr);
    track(this);
  }

  /** @internal Allocates an uninitialized rows×cols matrix. */
  static alloc(runtime: Runtime, rows: number, cols: number, dtype: DType): Matrix {
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
  get data(): FloatArray {
    const ptr = this.ptr;
    return this.dtype === 'float32' ? this.heap.f32.subarray(ptr >>> 2, (ptr >>> 2) + this.size) : this.heap.f64.subarray(ptr >>> 3, (ptr >>> 3) + this.size);
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
  toTypedArray(): FloatArray {
    return this.data.slice();
  }

  /** Frees the heap block. Further use throws DisposedError; disposing twice is a no-op. */
  dispose(): void {
    if (this.#ptr === 0) return;
    unguard(this);
    this.heap.free(this.#ptr);
    this.#ptr = 0;
  }

  /** `using m = wl.matrix(…)` frees m at the end of the block. */
  [disposeSymbol](): void {
    this.dispose();
  }

  toString(): string {
    if (this.disposed) return `Matrix(disposed)`;
    return `Matrix(${this.rows}×${this.cols}, ${this.dtype})`;
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
