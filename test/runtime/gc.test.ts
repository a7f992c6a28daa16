// The FinalizationRegistry safety net, with a real garbage collector: a forgotten Matrix is freed
// after it is collected, and a disposed one is unregistered — otherwise its finalizer would later
// free the block again, now owned by another live Matrix, which would then read someone else's data.
// `gc` is exposed at run time (V8's --expose-gc, set through node:v8), so this file needs no special
// worker flags and runs in `npm test` like any other.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { freshWl } from '../helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until `done()` holds, letting finalizers run between the rounds. */
async function collectUntil(done: () => boolean, rounds = 50): Promise<boolean> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return done();
}

describe('FinalizationRegistry safety net', () => {
  it('frees the block of a Matrix that was garbage-collected without dispose()', async () => {
    const wl = await freshWl();
    const base = wl.memory();
    (() => {
      for (let i = 0; i < 10; i++) wl.ones(16, 16); // dropped on the floor
    })();
    expect(wl.memory().blocksInUse).toBe(base.blocksInUse + 10);
    expect(await collectUntil(() => wl.memory().blocksInUse === base.blocksInUse)).toBe(true);
    expect(wl.memory().bytesInUse).toBe(base.bytesInUse);
  });

  it('dispose() unregisters: collecting a disposed Matrix never frees the block a live one now owns', async () => {
    const wl = await freshWl();
    const base = wl.memory();
    const live: InstanceType<typeof wl.Matrix>[] = [];
    let reused = 0;
    (() => {
      for (let i = 0; i < 20; i++) {
        const old = wl.full(8, 8, -1);
        const ptr = old.ptr;
        old.dispose(); // its block is free again ...
        const m = wl.full(8, 8, i); // ... and taken by this one (same size: the allocator reuses it)
        if (m.ptr === ptr) reused++;
        live.push(m);
      }
    })();
    expect(reused).toBeGreaterThan(10);
    // Let every disposed Matrix object be collected and any finalizer run.
    await collectUntil(() => false, 20);
    expect(wl.memory().blocksInUse).toBe(base.blocksInUse + 20);
    // Had a finalizer freed a live block, new allocations would land on top of live matrices.
    const fresh = Array.from({ length: 20 }, () => wl.full(8, 8, 99));
    const livePtrs = new Set(live.map((m) => m.ptr));
    for (const f of fresh) expect(livePtrs.has(f.ptr)).toBe(false);
    live.forEach((m, i) => expect(Array.from(new Set(m.toTypedArray()))).toEqual([i]));
    for (const m of [...live, ...fresh]) m.dispose();
    expect(wl.memory().blocksInUse).toBe(base.blocksInUse);
  });
});
