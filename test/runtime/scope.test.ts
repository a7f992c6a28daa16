import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';

describe('scope', () => {
  it('frees everything created inside except the returned matrix', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const kept = wl.scope(() => {
      const a = wl.ones(3, 3);
      const b = wl.scale(a, 2);
      wl.add(a, b); // unnamed temporary
      return wl.add(a, b);
    });
    expect(kept.disposed).toBe(false);
    expect(kept.get(0, 0)).toBe(3);
    expect(wl.memory().bytesInUse).toBe(base + 72);
    kept.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('keeps matrices inside returned arrays and objects', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    const { x, list } = wl.scope(() => {
      wl.zeros(2, 2);
      return { x: wl.ones(1, 1), list: [wl.ones(1, 2), wl.ones(1, 3)] };
    });
    expect(wl.memory().blocksInUse).toBe(base + 3);
    for (const m of [x, ...list]) m.dispose();
    expect(wl.memory().blocksInUse).toBe(base);
  });

  it('nests: a kept result moves to the enclosing scope', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    wl.scope(() => {
      const inner = wl.scope(() => wl.ones(2, 2));
      expect(inner.disposed).toBe(false);
      return undefined;
    });
    expect(wl.memory().blocksInUse).toBe(base);
  });

  it('frees on throw', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    expect(() =>
      wl.scope(() => {
        wl.ones(5, 5);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(wl.memory().blocksInUse).toBe(base);
  });

  it('works with async functions', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    const result = await wl.scope(async () => {
      const a = wl.ones(2, 2);
      await new Promise((r) => setTimeout(r, 5));
      const b = wl.add(a, a);
      return b;
    });
    expect(result.get(1, 1)).toBe(2);
    expect(wl.memory().blocksInUse).toBe(base + 1);
    result.dispose();
    await expect(
      wl.scope(async () => {
        wl.ones(2, 2);
        await Promise.resolve();
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    expect(wl.memory().blocksInUse).toBe(base);
  });

  it('keep() exempts a matrix from the scope', async () => {
    const wl = await getWl();
    let saved: InstanceType<typeof wl.Matrix> | undefined;
    wl.scope(() => {
      saved = wl.keep(wl.ones(1, 1));
    });
    expect(saved!.disposed).toBe(false);
    saved!.dispose();
  });
});
