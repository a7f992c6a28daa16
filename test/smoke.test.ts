import { describe, expect, it } from 'vitest';
import { getWl } from './helpers';

describe('smoke', () => {
  it('initializes and adds two matrices', async () => {
    const wl = await getWl();
    const A = wl.matrix([[1, 2], [3, 4]]);
    const C = wl.add(A, A);
    expect(C.toArray()).toEqual([[2, 4], [6, 8]]);
    A.dispose();
    C.dispose();
  });
});
