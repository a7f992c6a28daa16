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
