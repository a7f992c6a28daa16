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

/** f(x) = ½ xᵀAx − bᵀx with A = diag(1..n)·(1 + 0.5 offdiag coupling), minimum x* = A⁻¹b. */
function quadratic(n: number) {
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 + i : i === j + 1 || j === i + 1 ? 0.5 : 0)));
  const b = randomArray(n, 11);
  const f = (x: Float64Array) => {
    const grad = new Float64Array(n);
    let value = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += A[i][j] * x[j];
      grad[i] = ax - b[i];
      value += 0.5 * x[i] * ax - b[i] * x[i];
    }
    return { value, grad };
  };
  return { A, b, f };
}

describe('minimize: gd and adam, options, errors', () => {
  it.each([
    ['gd with Armijo backtracking', { method: 'gd' }],
    ['gd with a fixed step', { method: 'gd', lr: 0.15 }],
    ['adam', { method: 'adam', lr: 0.05, maxIter: 20000 }],
    ['lbfgs', {}],
  ] as const)('%s converges on a quadratic', async (_, opts) => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const n = 6;
    const { f } = quadratic(n);
    const r = wl.optim.minimize(f, new Float64Array(n), { tol: 1e-8, ftol: 0, ...opts } as never);
    expect(r.converged, r.message).toBe(true);
    // at the optimum the gradient Ax − b vanishes
    const g = f(r.x).grad;
    expect(Math.max(...g.map(Math.abs))).toBeLessThanOrEqual(1e-8);
    expect(r.nEval).toBeGreaterThanOrEqual(r.nIter);
    expect(wl.memory().bytesInUse).toBe(base);
  });

  it('accepts a Matrix gradient (freed after the call) and reports non-convergence', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const f = (x: Float64Array) => {
      const G = wl.matrix({ data: x.map((v, i) => 2 * (v - i)), rows: 1, cols: x.length });
      return { value: x.reduce((s, v, i) => s + (v - i) ** 2, 0), grad: G };
    };
    const r = wl.optim.minimize(f, [5, 5, 5], { tol: 1e-12 });
    expect(Array.from(r.x).map((v) => +v.toFixed(8))).toEqual([0, 1, 2]);
    expect(wl.memory().bytesInUse).toBe(base);
    const short = wl.optim.minimize(rosenbrock, [-1.2, 1], { maxIter: 3 });
    expect(short.converged).toBe(false);
    expect(short.nIter).toBe(3);
    expect(short.message).toMatch(/maxIter/);
    const gdDiverges = wl.optim.minimize((x) => ({ value: Math.exp(x[0] * x[0]), grad: new Float64Array([2 * x[0] * Math.exp(x[0] * x[0])]) }), [2], { method: 'gd', lr: 10 });
    expect(gdDiverges.converged).toBe(false);
    expect(gdDiverges.message).toMatch(/diverged/);
    const atMin = wl.optim.minimize(rosenbrock, [1, 1]);
    expect(atMin.nIter).toBe(0);
    expect(atMin.converged).toBe(true);
  });

  it('rejects bad input with typed errors naming the argument', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const { minimize } = wl.optim;
    expect(() => minimize(rosenbrock, [])).toThrow(/x0/);
    expect(() => minimize(rosenbrock, [1, NaN])).toThrow(/x0\[1\]/);
    expect(() => minimize(rosenbrock, [1, 2], { method: 'newton' } as never)).toThrow(wl.InvalidParameterError);
    expect(() => minimize(rosenbrock, [1, 2], { history: 0 })).toThrow(/history/);
    expect(() => minimize(rosenbrock, [1, 2], { tol: -1 })).toThrow(/tol/);
    expect(() => minimize(rosenbrock, [1, 2], { maxiter: 3 } as never)).toThrow(/unknown option "maxiter"/);
    expect(() => minimize((() => ({ value: 1, grad: [1] })) as never, [1, 2])).toThrow(wl.ShapeError);
    expect(() => minimize((() => 3) as never, [1, 2])).toThrow(/\{ value, grad \}/);
    expect(() => minimize(() => ({ value: NaN, grad: [0, 0] }), [1, 2])).toThrow(/f\(x0\)/);
    expect(() => minimize('f' as never, [1])).toThrow(/f: expected a function/);
    // an error thrown by f propagates, and nothing leaks
    expect(() => minimize(() => { throw new RangeError('boom'); }, [1])).toThrow('boom');
    let calls = 0;
    expect(() => minimize((x) => { if (++calls === 5) throw new RangeError('late'); return rosenbrock(x); }, [-1.2, 1])).toThrow('late');
    expect(wl.memory().bytesInUse).toBe(base);
  });
});

describe('wl.optim.numericGrad', () => {
  it('matches analytic gradients to the central-difference error', async () => {
    const wl = await getWl();
    const x = new Float64Array(randomArray(10, 5).map((v) => v * 2));
    const copy = x.slice();
    const num = wl.optim.numericGrad((z) => rosenbrock(z).value, x);
    const exact = rosenbrock(x).grad;
    for (let i = 0; i < 10; i++) expect(Math.abs(num[i] - exact[i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(exact[i])));
    expect(Array.from(x)).toEqual(Array.from(copy));
    // { value } results and large |x| (relative step), a coarse eps is less accurate
    const g = wl.optim.numericGrad((z) => ({ value: Math.sin(z[0]) * z[1] ** 3 }), [1e3, -2]);
    expect(g[0]).toBeCloseTo(Math.cos(1e3) * -8, 3); // h = 6e-3 here: truncation error h²/6·|f'''|
    expect(g[1]).toBeCloseTo(Math.sin(1e3) * 12, 6);
    const coarse = wl.optim.numericGrad((z) => Math.exp(z[0]), [0], { eps: 1e-2 });
    expect(Math.abs(coarse[0] - 1)).toBeGreaterThan(1e-6);
    expect(Math.abs(coarse[0] - 1)).toBeLessThan(2e-5); // h²/6
    expect(() => wl.optim.numericGrad((() => 'x') as never, [1])).toThrow(wl.ValidationError);
    expect(() => wl.optim.numericGrad((z) => z[0], [1], { eps: 0 })).toThrow(wl.InvalidParameterError);
  });
});
