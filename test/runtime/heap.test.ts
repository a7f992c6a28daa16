import { describe, expect, it } from 'vitest';
import { freshWl, getWl } from '../helpers';

describe('heap', () => {
  it('reuses freed blocks: 100 000 alloc/free cycles keep the heap bounded', async () => {
    const wl = await freshWl();
    const base = wl.memory();
    const heapBefore = base.heapBytes;
    for (let i = 0; i < 100_000; i++) {
      const m = wl.zeros(1 + (i % 37), 1 + (i % 11), i % 2 ? 'float32' : 'float64');
      m.dispose();
    }
    const after = wl.memory();
    expect(after.bytesInUse).toBe(base.bytesInUse);
    expect(after.blocksInUse).toBe(base.blocksInUse);
    expect(after.heapBytes).toBeLessThanOrEqual(heapBefore + 65536);
  });

  it('blocks(): the scratch blocks of one call, each at least minBytes, all freed by free() (also after a throw)', async () => {
    const wl = await getWl();
    const heap = (await wl.init()).heap;
    const base = wl.memory();
    const blocks = heap.blocks(16);
    const a = blocks.alloc(0), b = blocks.alloc(100);
    expect(wl.memory().bytesInUse - base.bytesInUse).toBe(16 + 100);
    expect(heap.owns(a) && heap.owns(b)).toBe(true);
    blocks.free();
    expect(wl.memory()).toEqual(base);
    blocks.free(); // twice: nothing left to free
    expect(wl.memory()).toEqual(base);
    const scratch = heap.blocks();
    expect(() => {
      try {
        scratch.alloc(1);
        scratch.alloc(2 ** 31); // over the allocator's block limit: OutOfMemoryError
      } finally {
        scratch.free();
      }
    }).toThrow(wl.OutOfMemoryError);
    expect(wl.memory()).toEqual(base);
  });

  it('re-creates views after the memory grows', async () => {
    const wl = await freshWl();
    const A = wl.matrix([[1.5, 2.5], [3.5, 4.5]]);
    const stale = A.data; // a view taken before growth
    const before = wl.memory().heapBytes;
    const big = wl.zeros(2048, 2048); // 32 MiB: forces memory.grow
    expect(wl.memory().heapBytes).toBeGreaterThan(before);
    expect(stale.length).toBe(0); // the old view was detached by the growth
    expect(A.get(1, 0)).toBe(3.5);
    expect(A.toArray()).toEqual([[1.5, 2.5], [3.5, 4.5]]);
    expect(wl.sum(A)).toBe(12);
    big.dispose();
    A.dispose();
  });

  it('counts bytes and blocks and returns to the baseline', async () => {
    const wl = await getWl();
    const base = wl.memory();
    const a = wl.zeros(10, 10);
    const b = wl.zeros(10, 10, 'float32');
    const during = wl.memory();
    expect(during.blocksInUse).toBe(base.blocksInUse + 2);
    expect(during.bytesInUse).toBe(base.bytesInUse + 800 + 400);
    a.dispose();
    b.dispose();
    b.dispose(); // twice is a no-op
    expect(wl.memory()).toEqual({ ...base, heapBytes: wl.memory().heapBytes });
  });

  it('throws OutOfMemoryError for a request the memory cannot hold, and stays usable', async () => {
    const wl = await freshWl();
    const base = wl.memory().bytesInUse;
    expect(() => wl.zeros(70_000, 70_000)).toThrow(wl.OutOfMemoryError); // 39 GB
    expect(() => wl.zeros(70_000, 70_000)).toThrow(/cannot allocate .* MiB/);
    expect(wl.memory().bytesInUse).toBe(base);
    const m = wl.ones(4, 4);
    expect(wl.sum(m)).toBe(16);
    m.dispose();
  });
});

describe('heap errors: user-sized requests versus wasmlearn bugs', () => {
  /** A Heap over a stand-in allocator, to make it fail in each way a real one can. */
  async function heapWith(alloc: (bytes: number) => number) {
    // One module graph for Heap and the error classes (other tests reset modules).
    const { Heap } = await import('../../build/dist/runtime/heap.js');
    const wl = await import('../../build/dist/index.js');
    const memory = new WebAssembly.Memory({ initial: 1 });
    return { wl, heap: new Heap({ memory, alloc, free: () => 0, build_id: () => 1 } as never, memory) };
  }

  it('a trap inside the allocator is an InternalError that says it is a bug, not OutOfMemoryError', async () => {
    const { wl, heap } = await heapWith(() => {
      throw new WebAssembly.RuntimeError('memory access out of bounds');
    });
    let error: unknown;
    try {
      heap.alloc(64);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(wl.InternalError);
    expect(error).not.toBeInstanceOf(wl.OutOfMemoryError);
    expect((error as Error).message).toMatch(/bug in wasmlearn.*memory access out of bounds/);
    expect((error as Error).name).toBe('InternalError');
  });

  it('only a memory that cannot grow (the allocator executes unreachable) is OutOfMemoryError', async () => {
    const { wl, heap } = await heapWith(() => {
      throw new WebAssembly.RuntimeError('unreachable');
    });
    expect(() => heap.alloc(64)).toThrow(wl.OutOfMemoryError);
  });

  it('a live block handed out twice (a corrupted allocator) is an InternalError', async () => {
    const { wl, heap } = await heapWith(() => 1024);
    expect(heap.alloc(16)).toBe(1024);
    expect(() => heap.alloc(16)).toThrow(wl.InternalError);
    expect(heap.stats().blocksInUse).toBe(1);
  });

  it('a single block beyond the allocator limit says so and gives the limit', async () => {
    const wl = await freshWl();
    const base = wl.memory();
    // 2^30 − 4 bytes is TLSF's largest block: 134 217 728 doubles is 2^30 bytes.
    expect(() => wl.zeros(16384, 8192)).toThrow(wl.OutOfMemoryError);
    expect(() => wl.zeros(16384, 8192)).toThrow(/at most 1073741820 bytes \(1 GiB\) per block/);
    expect(wl.memory()).toEqual(base);
  });

  it('freed holes are reused before the memory grows', async () => {
    const wl = await freshWl();
    // 8 blocks of 4 MiB, then free every other one: 16 MiB of holes, none adjacent.
    const blocks = Array.from({ length: 8 }, () => wl.zeros(512, 1024));
    const grown = wl.memory().heapBytes;
    const holes = blocks.filter((_, i) => i % 2 === 0).map((m) => m.ptr);
    blocks.forEach((m, i) => i % 2 === 0 && m.dispose());
    const again = Array.from({ length: 4 }, () => wl.zeros(512, 1024));
    expect(wl.memory().heapBytes).toBe(grown); // no growth: the four holes took them
    expect(new Set(again.map((m) => m.ptr))).toEqual(new Set(holes));
    for (const m of [...blocks, ...again]) m.dispose();
  });
});
