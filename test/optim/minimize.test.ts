import { describe, expect, it } from 'vitest';
import { getWl, randomArray } from '../helpers';

/** Rosenbrock in n dimensions (the chained form): minimum 0 at x = 1. */
function rosenbrock(x: Float64Array) {
  const n = x.length;
  const grad = new Float64Array(n);
  let value = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    value += 100 * a * a + b * b;
    grad[i] += -400 * x[i] * a - 2 * b;
    grad[i + 1] += 200 * a;
  }
  return { value, grad };
}

describe('wl.optim.minimize', () => {
  it.each([2, 10])('L-BFGS reaches the minimum of Rosenbrock-%i to 1e-6', async (n) => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const x0 = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const r = wl.optim.minimize(rosenbrock, x0, { tol: 1e-10, ftol: 0 });
    expect(r.converged, r.message).toBe(true);
    for (const xi of r.x) expect(Math.abs(xi - 1)).toBeLessThan(1e-6);
    expect(r.value).toBeLessThan(1e-12);
    expect(r.nIter).toBeLessThan(200);
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
