// The Wasm heap as seen from TypeScript: allocation with ownership accounting, and typed views of
// the memory that are re-created whenever the memory has grown (growth detaches the old buffer).
import { InternalError, OutOfMemoryError } from '../errors.js';
import type { Kernels, WasmMemory } from './kernels.js';

/** Heap usage counters; tests compare them before and after to catch leaks. */
export interface MemoryStats {
  /** Bytes in blocks that are allocated and not yet freed. */
  bytesInUse: number;
  /** Number of such blocks. */
  blocksInUse: number;
  /** Size of the whole Wasm memory, in bytes (it only grows). */
  heapBytes: number;
}

// The largest block AssemblyScript's TLSF allocator can hand out (BLOCK_MAXSIZE in
// std/assembly/rt/common.ts: 2^30 bytes less its 4-byte header); a larger request aborts inside it.
/** Scratch blocks of one call (Heap.blocks). */
export interface ScratchBlocks {
  alloc(bytes: number): number;
  free(): void;
}

export const MAX_BLOCK_BYTES = 2 ** 30 - 4;

export class Heap {
  readonly #kernels: Kernels;
  readonly #memory: WasmMemory;
  readonly #blocks = new Map<number, number>();
  #bytesInUse = 0;
  #buffer: ArrayBuffer | null = null;
  #f64!: Float64Array;
  #f32!: Float32Array;
  #i32!: Int32Array;
  #u8!: Uint8Array;

  constructor(kernels: Kernels, memory: WasmMemory) {
    this.#kernels = kernels;
    this.#memory = memory;
  }

  /**
   * Allocates `bytes` (16-byte aligned) and records the block. Throws OutOfMemoryError when the
   * request exceeds the allocator's block limit or the memory cannot grow; InternalError when the
   * allocator traps for any other reason (a corrupted heap is a wasmlearn bug, not a user error).
   */
  alloc(bytes: number): number {
    const size = Math.max(8, Math.ceil(bytes));
    if (!(size <= MAX_BLOCK_BYTES)) {
      throw new OutOfMemoryError(
        `cannot allocate ${mib(bytes)} in one block: the WebAssembly heap's allocator holds at most ${MAX_BLOCK_BYTES} bytes ` +
          `(1 GiB) per block. Split the data into smaller matrices or batches.`,
      );
    }
    let ptr: number;
    try {
      ptr = this.#kernels.alloc(size) >>> 0;
    } catch (error) {
      // TLSF searches its free lists (freed holes, coalesced) before it grows the memory, and
      // executes `unreachable` only when memory.grow fails: that, and only that, is "memory full".
      if (error instanceof WebAssembly.RuntimeError && /unreachable/i.test(error.message)) throw this.#oom(bytes);
      throw new InternalError(`the allocator trapped while allocating ${size} bytes (${(error as Error)?.message ?? String(error)})`, { cause: error });
    }
    if (ptr === 0) throw this.#oom(bytes);
    if (this.#blocks.has(ptr)) {
      // A live block handed out twice: something wrote outside its block and broke the allocator.
      throw new InternalError(`the allocator returned the live block at ${ptr} again; the heap is corrupted`);
    }
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

  /**
   * Scratch blocks that one call owns: `alloc` them as it goes, `free()` them all in its `finally`.
   * Every block has at least `minBytes` (kernels that read a whole SIMD vector want 16).
   */
  blocks(minBytes = 8): ScratchBlocks {
    const ptrs: number[] = [];
    return {
      alloc: (bytes) => {
        const p = this.alloc(Math.max(minBytes, bytes));
        ptrs.push(p);
        return p;
      },
      free: () => {
        for (const p of ptrs.splice(0)) this.free(p);
      },
    };
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
    return new OutOfMemoryError(
      `cannot allocate ${mib(bytes)} in the WebAssembly heap (${mib(this.#memory.buffer.byteLength)} in the heap, ` +
        `${mib(this.#bytesInUse)} in use): the memory cannot grow that far. Dispose matrices you no longer need ` +
        `or work on smaller batches.`,
    );
  }
}

const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;
