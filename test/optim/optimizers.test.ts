import { describe, expect, it } from 'vitest';
import { BUILDS, freshWl, getWl, randomArray } from '../helpers';

// The quadratic f(p) = ½ Σ aᵢ pᵢ², ∇f = a ⊙ p: every test drives an optimizer on it step by step
// and compares with the published update rule written out below, independently of the kernels.
const A2 = [1, 3];
const P0 = [1, -2];
const grad = (p: number[], a: number[]) => p.map((x, i) => a[i] * x);

type Rule = (p: number[], g: number[], st: Record<string, number[]>, t: number) => number[];

function refSGD(lr: number, mu = 0, damp = 0, wd = 0, nesterov = false): Rule {
  return (p, g, st, t) => p.map((x, i) => {
    let d = g[i] + wd * x;
    if (mu !== 0) {
      st.b ??= [];
      st.b[i] = t === 1 ? d : mu * st.b[i] + (1 - damp) * d;
      d = nesterov ? d + mu * st.b[i] : st.b[i];
    }
    return x - lr * d;
  });
}

function refAdam(lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0, decoupled = false, ams = false): Rule {
  return (p, g, st, t) => p.map((x0, i) => {
    st.m ??= p.map(() => 0); st.v ??= p.map(() => 0); st.vm ??= p.map(() => 0);
    let x = x0;
    let d = g[i];
    if (decoupled) x *= 1 - lr * wd; else d += wd * x0;
    st.m[i] = b1 * st.m[i] + (1 - b1) * d;
    st.v[i] = b2 * st.v[i] + (1 - b2) * d * d;
    let v = st.v[i];
    if (ams) v = st.vm[i] = Math.max(st.vm[i], v);
    const mhat = st.m[i] / (1 - b1 ** t);
    const vhat = v / (1 - b2 ** t);
    return x - (lr * mhat) / (Math.sqrt(vhat) + eps);
  });
}

function refRMSProp(lr: number, alpha = 0.99, eps = 1e-8, wd = 0, mu = 0, centered = false): Rule {
  return (p, g, st) => p.map((x, i) => {
    st.s ??= p.map(() => 0); st.ga ??= p.map(() => 0); st.b ??= p.map(() => 0);
    const d = g[i] + wd * x;
    st.s[i] = alpha * st.s[i] + (1 - alpha) * d * d;
    let avg: number;
    if (centered) {
      st.ga[i] = alpha * st.ga[i] + (1 - alpha) * d;
      avg = Math.sqrt(st.s[i] - st.ga[i] ** 2) + eps;
    } else avg = Math.sqrt(st.s[i]) + eps;
    if (mu > 0) {
      st.b[i] = mu * st.b[i] + d / avg;
      return x - lr * st.b[i];
    }
    return x - (lr * d) / avg;
  });
}

function refAdagrad(lr: number, lrDecay = 0, wd = 0, init = 0, eps = 1e-10): Rule {
  return (p, g, st, t) => p.map((x, i) => {
    st.s ??= p.map(() => init);
    const d = g[i] + wd * x;
    st.s[i] += d * d;
    return x - (lr / (1 + (t - 1) * lrDecay)) * d / (Math.sqrt(st.s[i]) + eps);
  });
}

const CASES: [string, () => [string, object, Rule]][] = [
  ['SGD', () => ['SGD', { lr: 0.1 }, refSGD(0.1)]],
  ['SGD momentum + dampening', () => ['SGD', { lr: 0.05, momentum: 0.9, dampening: 0.3 }, refSGD(0.05, 0.9, 0.3)]],
  ['SGD nesterov + weight decay', () => ['SGD', { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.1 }, refSGD(0.05, 0.8, 0, 0.1, true)]],
  ['Adam', () => ['Adam', { lr: 0.1 }, refAdam(0.1)]],
  ['Adam L2 + amsgrad', () => ['Adam', { lr: 0.05, beta1: 0.8, beta2: 0.95, weightDecay: 0.2, amsgrad: true }, refAdam(0.05, 0.8, 0.95, 1e-8, 0.2, false, true)]],
  ['AdamW', () => ['AdamW', { lr: 0.1, weightDecay: 0.5 }, refAdam(0.1, 0.9, 0.999, 1e-8, 0.5, true)]],
  ['RMSProp', () => ['RMSProp', { lr: 0.01 }, refRMSProp(0.01)]],
  ['RMSProp centered + momentum + wd', () => ['RMSProp', { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.1, eps: 1e-6 }, refRMSProp(0.01, 0.9, 1e-6, 0.1, 0.5, true)]],
  ['Adagrad', () => ['Adagrad', { lr: 0.5 }, refAdagrad(0.5)]],
  ['Adagrad decay + init + wd', () => ['Adagrad', { lr: 0.5, lrDecay: 0.1, initialAccumulatorValue: 0.2, weightDecay: 0.05 }, refAdagrad(0.5, 0.1, 0.05, 0.2)]],
];

describe('optimizers follow their published update rules', () => {
  it('SGD, momentum and Nesterov: hand-computed first two steps on ½(p₁² + 3p₂²)', async () => {
    const wl = await getWl();
    const run = (opts: object) => {
      const P = wl.matrix([P0]);
      const G = wl.zeros(1, 2);
      const opt = new wl.optim.SGD(opts as never);
      const out: number[][] = [];
      for (let t = 0; t < 2; t++) {
        G.data.set(grad(Array.from(P.data), A2));
        opt.step([P], [G]);
        out.push(Array.from(P.data));
      }
      P.dispose(); G.dispose(); opt.dispose();
      return out;
    };
    const close = (a: number[][], b: number[][]) => a.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(b[i][j], 13)));
    close(run({ lr: 0.1 }), [[0.9, -1.4], [0.81, -0.98]]);
    close(run({ lr: 0.1, momentum: 0.9 }), [[0.9, -1.4], [0.72, -0.44]]);
    close(run({ lr: 0.1, momentum: 0.9, nesterov: true }), [[0.81, -0.86], [0.5751, 0.1162]]);
  });

  it('Adam: the first step moves each coordinate by lr against the sign of its gradient', async () => {
    const wl = await getWl();
    const P = wl.matrix([[1, -2, 0.5]]);
    const G = wl.matrix([[3, -1e-3, 40]]);
    const opt = new wl.optim.Adam({ lr: 0.1 });
    opt.step([P], [G]);
    // m̂ = g, v̂ = g² after bias correction: Δ = −lr·g/(|g| + eps)
    expect(Array.from(P.data)).toEqual([expect.closeTo(0.9, 9), expect.closeTo(-1.9, 5), expect.closeTo(0.4, 9)]);
    P.dispose(); G.dispose(); opt.dispose();
  });

  describe.each(BUILDS)('%s build', (build) => {
    it.each(CASES)('%s: 25 steps match the rule (float64 and float32, odd sizes)', async (_, make) => {
      const wl = await freshWl(build);
      const base = wl.memory().bytesInUse;
      const [kind, opts, rule] = make();
      // sizes exercise the SIMD body and the scalar tail
      for (const n of [2, 7, 33]) {
        for (const dtype of ['float64', 'float32'] as const) {
          const a = n === 2 ? A2 : randomArray(n, n).map((x) => 0.5 + Math.abs(x) * 3);
          let ref = n === 2 ? [...P0] : randomArray(n, n + 7).map((x) => 2 * x);
          const round = dtype === 'float32' ? Math.fround : (x: number) => x;
          ref = ref.map(round);
          const P = wl.zeros(1, n, dtype);
          P.data.set(ref);
          const G = wl.zeros(1, n, dtype);
          const opt = new (wl.optim as any)[kind](opts);
          const st = {};
          for (let t = 1; t <= 25; t++) {
            const g = grad(Array.from(P.data), a).map(round);
            G.data.set(g);
            opt.step([P], [G]);
            ref = rule(Array.from(P.data).length ? ref : ref, g, st, t);
            const got = Array.from(P.data);
            const tol = dtype === 'float32' ? 2e-5 : 1e-12;
            for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref[i]), `${kind} ${dtype} n=${n} t=${t} i=${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(ref[i])));
            // keep the reference on the same trajectory as the kernel (no float32 drift build-up)
            ref = got;
            expect(Array.from(G.data)).toEqual(g); // gradients are only read
          }
          P.dispose(); G.dispose(); opt.dispose();
        }
      }
      expect(wl.memory().bytesInUse).toBe(base);
    });
  });
});
