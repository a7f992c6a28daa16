// The Wasm heap as seen from TypeScript: allocation with ownership accounting, and typed views of
// the memory that are re-created whenever the memory has grown (growth detaches the old buffer).
import { OutOfMemoryError } from '../errors.js';
import type { Kernels } from './kernels.js';

/** Heap usage counters; tests compare them before and after to catch leaks. */
export interface MemoryStats {
  /** Bytes in blocks that are allocated and not yet freed. */
  bytesInUse: number;
  /** Number of such blocks. */
  blocksInUse: number;
  /** Size of the whole Wasm memory, in bytes (it only grows). */
  heapBytes: number;
}

// wasm32 addresses: the memory can never exceed 4 GiB, and engines often cap it lower.
const MAX_BLOCK = 2 ** 31;

export class Heap {
  readonly #kernels: Kernels;
  readonly #memory: WebAssembly.Memory;
  readonly #blocks = new Map<number, number>();
  #bytesInUse = 0;
  #buffer: ArrayBuffer | null = null;
  #f64!: Float64Array;
  #f32!: Float32Array;
  #i32!: Int32Array;
  #u8!: Uint8Array;

  constructor(kernels: Kernels, memory: WebAssembly.Memory) {
    this.#kernels = kernels;
    this.#memory = memory;
  }

  /** Allocates `bytes` (16-byte aligned) and records the block. Throws OutOfMemoryError. */
  alloc(bytes: number): number {
    const size = Math.max(8, Math.ceil(bytes));
    if (!(size < MAX_BLOCK)) throw this.#oom(bytes);
    let ptr: number;
    try {
      ptr = this.#kernels.alloc(size) >>> 0;
    } catch {
      // The allocator traps before it changes any state when the memory cannot grow.
      throw this.#oom(bytes);
    }
    if (ptr === 0) throw this.#oom(bytes);
    this.#blocks.set(ptr, size);
    this.#bytesInUse += size;
    return ptr;
  }

  /** Frees a block returned by `alloc`. Freeing twice is a no-op, never a corruption. */
  free(ptr: number): void {
    const size = this.#blocks.get(ptr);
    if (size === undefined) return;
    this.#blocks.delete(ptr);
    this.#bytesInUse -= size;
    this.#kernels.free(ptr);
  }

  /** True while `ptr` is a live block. */
  owns(ptr: number): boolean {
    return this.#blocks.has(ptr);
  }

  stats(): MemoryStats {
    return { bytesInUse: this.#bytesInUse, blocksInUse: this.#blocks.size, heapBytes: this.#memory.buffer.byteLength };
  }

  /** Whole-memory views. Never keep one across a call that may allocate: growth detaches it. */
  get f64(): Float64Array { this.#refresh(); return this.#f64; }
  get f32(): Float32Array { this.#refresh(); return this.#f32; }
  get i32(): Int32Array { this.#refresh(); return this.#i32; }
  get u8(): Uint8Array { this.#refresh(); return this.#u8; }

  #refresh(): void {
    const buffer = this.#memory.buffer;
    if (buffer === this.#buffer) return;
    this.#buffer = buffer as ArrayBuffer;
    this.#f64 = new Float64Array(buffer);
    this.#f32 = new Float32Array(buffer);
    this.#i32 = new Int32Array(buffer);
    this.#u8 = new Uint8Array(buffer);
  }

  #oom(bytes: number): OutOfMemoryError {
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    return new OutOfMemoryError(
      `cannot allocate ${mib(bytes)} in the WebAssembly heap (${mib(this.#memory.buffer.byteLength)} in the heap, ` +
        `${mib(this.#bytesInUse)} in use): the memory cannot grow that far. Dispose matrices you no longer need ` +
        `or work on smaller batches.`,
    );
  }
}
