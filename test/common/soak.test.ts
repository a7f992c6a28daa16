// Soak: 1 000 create → fit → predict → dispose cycles per registered estimator leave the heap as it was:
// no block left behind (bytesInUse back to baseline) and no growth of the Wasm memory after warm-up.
import { describe, expect, it } from 'vitest';
import { getWl } from '../helpers';
import { create, fit, output, REGISTRY } from './registry';

const CYCLES = 1000;
const WARMUP = 50;

describe('soak', () => {
  it.each(REGISTRY.filter((e) => !e.skip?.soak).map((e) => [e.name, e] as const))('%s: 1 000 cycles keep the heap flat', async (_name, entry) => {
    const wl = await getWl();
    const d = entry.data();
    const base = wl.memory().bytesInUse;
    let heapAfterWarmup = 0;
    for (let i = 0; i < CYCLES; i++) {
      const est = fit(create(wl, entry), entry, d);
      output(entry, est, d.X);
      est.dispose();
      if (i === WARMUP) heapAfterWarmup = wl.memory().heapBytes;
    }
    expect(wl.memory().bytesInUse).toBe(base);
    expect(wl.memory().heapBytes).toBe(heapAfterWarmup);
  });
});
