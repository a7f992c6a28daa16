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

  it('keeps matrices reachable at any depth: Map keys and values, Sets, nested objects, cycles', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    const out = wl.scope(() => {
      wl.zeros(3, 3); // garbage
      const byKey = new Map<unknown, unknown>([['w', wl.ones(1, 1)]]);
      byKey.set(wl.ones(1, 2), 'matrix as a key');
      const deep: Record<string, unknown> = { level: 0 };
      let at = deep;
      for (let i = 1; i < 20; i++) at = (at.next = { level: i }) as Record<string, unknown>;
      at.leaf = wl.ones(1, 3);
      const cyclic: Record<string, unknown> = { m: wl.ones(1, 4) };
      cyclic.self = cyclic;
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, { m: wl.ones(1, 5) });
      return { byKey, set: new Set([wl.ones(1, 6)]), deep, cyclic, bare };
    });
    expect(wl.memory().blocksInUse).toBe(base + 6);
    const all = [...out.byKey.keys(), ...out.byKey.values(), ...out.set, (out.cyclic as { m: unknown }).m, out.bare.m];
    let leaf: Record<string, unknown> = out.deep;
    while (leaf.next) leaf = leaf.next as Record<string, unknown>;
    all.push(leaf.leaf);
    const matrices = all.filter((m): m is InstanceType<typeof wl.Matrix> => m instanceof wl.Matrix);
    expect(matrices.length).toBe(6);
    for (const m of matrices) {
      expect(m.disposed).toBe(false);
      expect(wl.sum(m)).toBe(m.cols);
      m.dispose();
    }
    expect(wl.memory().blocksInUse).toBe(base);
  });

  it('two concurrent async scopes never dispose each other\'s matrices', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    const tick = () => new Promise((r) => setTimeout(r, 1));
    const run = (value: number, delay: number) =>
      wl.scope(async (track) => {
        const a = wl.full(2, 2, value); // before the first await: collected implicitly
        await tick();
        const b = track(wl.scale(a, 2)); // after it: collected only through track
        for (let i = 0; i < delay; i++) await tick();
        const result = wl.add(a, b); // neither tracked nor freed by the other scope: returned
        await tick();
        return { result, kept: [b] };
      });
    const [x, y] = await Promise.all([run(1, 3), run(10, 1)]);
    for (const r of [x, y]) {
      expect(r.result.disposed).toBe(false);
      expect(r.kept[0].disposed).toBe(false);
    }
    expect(x.result.toArray()).toEqual([[3, 3], [3, 3]]);
    expect(y.result.toArray()).toEqual([[30, 30], [30, 30]]);
    for (const r of [x, y]) {
      r.result.dispose();
      r.kept[0].dispose();
    }
    expect(wl.memory().blocksInUse).toBe(base); // both `a`s were freed by their own scope
  });

  it('an async scope frees what it tracked but did not return, also on rejection', async () => {
    const wl = await getWl();
    const base = wl.memory().blocksInUse;
    const outside: InstanceType<typeof wl.Matrix>[] = [];
    await wl.scope(async (track) => {
      await Promise.resolve();
      track(wl.ones(3, 3));
      outside.push(wl.ones(1, 1)); // created after the await, untracked: not this scope's to free
    });
    expect(outside[0].disposed).toBe(false);
    outside[0].dispose();
    await expect(
      wl.scope(async (track) => {
        await Promise.resolve();
        track(wl.ones(3, 3));
        throw new Error('late boom');
      }),
    ).rejects.toThrow('late boom');
    expect(wl.memory().blocksInUse).toBe(base);
  });

  it('scope(notAFunction) is an InvalidParameterError', async () => {
    const wl = await getWl();
    for (const bad of [undefined, null, 3, 'fn', {}, Promise.resolve()]) {
      expect(() => wl.scope(bad as never)).toThrow(wl.InvalidParameterError);
    }
    expect(() => wl.scope(null as never)).toThrow(/expected a function to run, got null/);
  });
});
