import { describe, expect, it } from 'vitest';
import { dataset, getWl, reference, type WL } from '../helpers';

type M = InstanceType<WL['Matrix']>;

// End to end: scikit-learn's L2 logistic regression objective written with wl ops, differentiated
// by the tape and minimized by L-BFGS, reproduces scikit-learn's coefficients (test/fixtures).
describe('autodiff + minimize: logistic regression on breast cancer', () => {
  it('matches scikit-learn (C = 1 and C = 0.05, L2) within the distance its stopping point allows', async () => {
    const wl = await getWl();
    const base = wl.memory().bytesInUse;
    const { rows } = dataset('breast_cancer.csv');
    const n = rows.length, d = rows[0].length - 1;
    // standardize with the population std, as the reference did
    const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
    const std = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n));
    const X = wl.matrix(rows.map((r) => r.slice(0, d).map((v, j) => (v - mean[j]) / std[j])));
    const y = wl.matrix(rows.map((r) => [r[d]]));
    const F = wl.nn.functional;
    for (const key of ['breastCancerL2_C1', 'breastCancerL2_C0.05']) {
      const ref = reference('logistic.json')[key];
      const C = ref.params.C;
      // C·Σ (softplus(z) − y·z) + ½‖w‖², z = X·w + b: the log-loss from logits, intercept not penalized
      const objective = wl.autograd.valueAndGrad((w: M, b: M) => {
        const z = wl.add(wl.linalg.matmul(X, w), b);
        const data = wl.sum(wl.sub(F.softplus(z), wl.mul(y, z)), { axis: 0 });
        return wl.add(wl.scale(data, C), wl.scale(wl.sum(wl.square(w), { axis: 0 }), 0.5));
      });
      const W = wl.zeros(d, 1), B = wl.zeros(1, 1);
      const f = (x: Float64Array) => {
        W.data.set(x.subarray(0, d));
        B.data[0] = x[d];
        const { value, grads } = objective(W, B); // grads are freed by minimize's scope around f
        const grad = new Float64Array(d + 1);
        grad.set(grads[0].data);
        grad[d] = grads[1].data[0];
        return { value, grad };
      };
      const r = wl.optim.minimize(f, new Float64Array(d + 1), { tol: 1e-7, ftol: 0 });
      // tol 1e-7 is below what rounding lets f confirm here: L-BFGS ends when the line search can no
      // longer decrease f (reported, as scipy does); what matters is how small the gradient got
      expect(Math.max(...r.grad.map(Math.abs)), r.message).toBeLessThan(1e-5);
      // scikit-learn stopped at its own tolerance, so compare as optimization theory allows: our
      // objective is no higher, and since f is 1-strongly convex in w (the ½‖w‖² term) and the
      // intercept's curvature C·Σp(1−p) is larger here, ‖x_ref − x*‖ ≤ ‖∇f(x_ref)‖ / μ with μ ≥ 1/2
      const xRef = Float64Array.from([...(ref.coef[0] as number[]), ref.intercept[0]]);
      const atRef = wl.scope(() => f(xRef));
      const gRef = Math.hypot(...atRef.grad);
      expect(r.value).toBeLessThanOrEqual(atRef.value + 1e-9);
      let dist = 0;
      for (let j = 0; j <= d; j++) dist = Math.hypot(dist, r.x[j] - xRef[j]);
      expect(dist, `${key}: ‖x − x_sklearn‖ vs ‖∇f(x_sklearn)‖ = ${gRef}`).toBeLessThanOrEqual(2 * gRef);
      expect(dist).toBeLessThan(1e-3);
      W.dispose(); B.dispose();
    }
    X.dispose(); y.dispose();
    expect(wl.memory().bytesInUse).toBe(base);
  });
});
