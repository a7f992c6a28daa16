// Central-difference checks of wl.autograd gradients (float64).
import { expect } from 'vitest';
import type { WL } from '../helpers';

type M = InstanceType<WL['Matrix']>;

/** fn's value with the tape off, every temporary freed. */
function evaluate(wl: WL, fn: (...p: M[]) => M | number, params: M[]): number {
  return wl.scope(() => {
    const r = fn(...params);
    return typeof r === 'number' ? r : r.get(0, 0);
  });
}

/** ∂fn/∂params by central differences, step h·max(1, |x|). */
export function numericGrads(wl: WL, fn: (...p: M[]) => M | number, params: M[], h = 1e-5): Float64Array[] {
  return params.map((P) => {
    const g = new Float64Array(P.size);
    for (let k = 0; k < P.size; k++) {
      const x = P.data[k];
      const step = h * Math.max(1, Math.abs(x));
      P.data[k] = x + step;
      const up = evaluate(wl, fn, params);
      P.data[k] = x - step;
      const down = evaluate(wl, fn, params);
      P.data[k] = x;
      g[k] = (up - down) / (2 * step);
    }
    return g;
  });
}

/**
 * Checks valueAndGrad(fn) against central differences: relative error (max-norm, relative to the
 * gradient's scale) below tol, the value equal to a plain evaluation, and the heap back at its
 * baseline once the gradients are disposed.
 */
export function checkGrads(wl: WL, fn: (...p: M[]) => M | number, params: M[], tol = 1e-6, label = ''): void {
  const base = wl.memory().bytesInUse;
  const { value, grads } = wl.autograd.valueAndGrad(fn)(...params);
  expect(value, label).toBeCloseTo(evaluate(wl, fn, params), 10);
  const num = numericGrads(wl, fn, params);
  grads.forEach((G, i) => {
    expect([G.rows, G.cols], label).toEqual([params[i].rows, params[i].cols]);
    const got = G.toTypedArray();
    const scale = Math.max(1e-3, ...Array.from(num[i], Math.abs));
    let err = 0;
    for (let k = 0; k < got.length; k++) err = Math.max(err, Math.abs(got[k] - num[i][k]) / scale);
    expect(err, `${label} grad ${i}: ${Array.from(got)} vs ${Array.from(num[i])}`).toBeLessThan(tol);
  });
  for (const G of grads) G.dispose();
  expect(wl.memory().bytesInUse, label).toBe(base);
}
