import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, randomArray, type WL } from '../helpers';

type M = InstanceType<WL['Matrix']>;

// The backward kernels in every build and both dtypes: float32 gradients agree with float64 ones of
// the same computation to float32 accuracy. Column counts cover the SIMD body and its scalar tail.
describe.each(BUILDS)('autodiff backward kernels, %s build', (build) => {
  it('float32 gradients match float64 ones', async () => {
    const wl = await freshWl(build);
    const base = wl.memory().bytesInUse;
    for (const [r, c] of [[1, 1], [3, 5], [4, 8], [2, 13], [7, 3]]) {
      const run = (dtype: 'float32' | 'float64') => {
        const mk = (rows: number, cols: number, seed: number, shift = 0) =>
          wl.matrix({ data: randomArray(rows * cols, seed).map((v) => v + shift), rows, cols }, { dtype });
        const A = mk(r, c, r * 31 + c), B = mk(r, c, r + c, 2.5), K = mk(c, 4, 7);
        const fn = (a: M, b: M, k: M) => {
          const u = wl.div(wl.mul(wl.sub(wl.add(a, b), wl.scale(a, 0.25)), a), b);
          const v = wl.add(wl.mul(wl.exp(wl.scale(u, 0.1)), wl.abs(a)), wl.sqrt(wl.add(wl.clip(b, 2, 3), wl.mean(a, { axis: 0 }))));
          return wl.sum(wl.linalg.matmul(wl.add(wl.nn.functional.tanh(u), wl.mean(v, { axis: 1 })), k));
        };
        const { value, grads } = wl.autograd.valueAndGrad(fn)(A, B, K);
        const out = grads.map((g) => Array.from(g.toTypedArray()));
        for (const m of [A, B, K, ...grads]) m.dispose();
        return { value, out };
      };
      const d = run('float64'), f = run('float32');
      expect(f.value).toBeCloseTo(d.value, 3);
      d.out.forEach((g, i) => g.forEach((v, k) => expect(Math.abs(f.out[i][k] - v), `${r}x${c} grad ${i}[${k}]`).toBeLessThan(2e-4 * (1 + Math.abs(v)))));
    }
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
