// Fused optimizer steps: each call updates a whole parameter buffer p from its gradient g and the
// optimizer's state buffers, reading and writing every element once (these loops are bound by
// memory traffic, so one pass instead of the 3–6 elementwise passes of an unfused update is the
// whole point). The update rules are PyTorch's (torch.optim, 2.x docs' pseudocode), which are the
// published rules: SGD with momentum/dampening/Nesterov (Sutskever et al. 2013), Adam and AMSGrad
// (Kingma & Ba 2015; Reddi et al. 2018), AdamW's decoupled decay (Loshchilov & Hutter 2019),
// RMSProp (Hinton, lecture 6e; centered form of Graves 2013), Adagrad (Duchi et al. 2011).
// Hyper-parameter arithmetic that is the same for every element (bias corrections, decayed step
// sizes) is done once in TypeScript; flags are loop-invariant branches. g is only read: a
// gradient may be reused after the step (L2 terms are added to a register, not to g).
import { lanes, at, madd, hsum } from './simd';
import { vdot, vaxpy, vscale } from './vecops';

/**
 * SGD: d = g + wd·p; with momentum: buf = first ? d : μ·buf + (1−dampening)·d, then
 * d = nesterov ? d + μ·buf : buf; finally p −= lr·d. buf = 0 means no momentum buffer.
 */
@inline function sgd<T>(p: usize, g: usize, buf: usize, n: i32, lr: T, momentum: T, dampening: T, wd: T, nesterov: bool, first: bool): void {
  const hasBuf = buf != 0;
  const keep: T = <T>1 - dampening;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const vlr = v128.splat<T>(-lr), vmu = v128.splat<T>(momentum), vkeep = v128.splat<T>(keep), vwd = v128.splat<T>(wd);
    for (; i + L <= n; i += L) {
      const pp = at<T>(p, i);
      const x = v128.load(pp);
      let d = madd<T>(vwd, x, v128.load(at<T>(g, i)));
      if (hasBuf) {
        const pb = at<T>(buf, i);
        const b = first ? d : madd<T>(vmu, v128.load(pb), v128.mul<T>(vkeep, d));
        v128.store(pb, b);
        d = nesterov ? madd<T>(vmu, b, d) : b;
      }
      v128.store(pp, madd<T>(vlr, d, x));
    }
  }
  for (; i < n; i++) {
    const pp = at<T>(p, i);
    const x = load<T>(pp);
    let d = wd * x + load<T>(at<T>(g, i));
    if (hasBuf) {
      const pb = at<T>(buf, i);
      const b = first ? d : momentum * load<T>(pb) + keep * d;
      store<T>(pb, b);
      d = nesterov ? momentum * b + d : b;
    }
    store<T>(pp, x - lr * d);
  }
}

/**
 * Adam / AdamW / AMSGrad: d = g + l2·p (Adam's coupled weight decay); p ·= decay (AdamW's
 * decoupled decay, 1 − lr·wd); m = β1·m + (1−β1)·d; v = β2·v + (1−β2)·d²; with vmax ≠ 0,
 * vmax = max(vmax, v) is used for v; p −= stepSize·m / (√v / sqrtBc2 + eps), where
 * stepSize = lr / (1 − β1ᵗ) and sqrtBc2 = √(1 − β2ᵗ) are the bias corrections.
 */
@inline function adam<T>(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, stepSize: T, beta1: T, beta2: T, eps: T, l2: T, decay: T, sqrtBc2: T): void {
  const ams = vmax != 0;
  const c1: T = <T>1 - beta1, c2: T = <T>1 - beta2;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const vb1 = v128.splat<T>(beta1), vb2 = v128.splat<T>(beta2), vc1 = v128.splat<T>(c1), vc2 = v128.splat<T>(c2);
    const veps = v128.splat<T>(eps), vl2 = v128.splat<T>(l2), vdecay = v128.splat<T>(decay), vbc2 = v128.splat<T>(sqrtBc2);
    const vstep = v128.splat<T>(-stepSize);
    for (; i + L <= n; i += L) {
      const pp = at<T>(p, i), pm = at<T>(m, i), pv = at<T>(v, i);
      const x = v128.load(pp);
      const d = madd<T>(vl2, x, v128.load(at<T>(g, i)));
      const mm = madd<T>(vb1, v128.load(pm), v128.mul<T>(vc1, d));
      let vv = madd<T>(vb2, v128.load(pv), v128.mul<T>(vc2, v128.mul<T>(d, d)));
      v128.store(pm, mm);
      v128.store(pv, vv);
      if (ams) {
        const px = at<T>(vmax, i);
        vv = v128.max<T>(v128.load(px), vv);
        v128.store(px, vv);
      }
      const denom = v128.add<T>(v128.div<T>(v128.sqrt<T>(vv), vbc2), veps);
      v128.store(pp, madd<T>(vstep, v128.div<T>(mm, denom), v128.mul<T>(x, vdecay)));
    }
  }
  for (; i < n; i++) {
    const pp = at<T>(p, i), pm = at<T>(m, i), pv = at<T>(v, i);
    const x = load<T>(pp);
    const d = l2 * x + load<T>(at<T>(g, i));
    const mm = beta1 * load<T>(pm) + c1 * d;
    let vv = beta2 * load<T>(pv) + c2 * (d * d);
    store<T>(pm, mm);
    store<T>(pv, vv);
    if (ams) {
      const px = at<T>(vmax, i);
      vv = max<T>(load<T>(px), vv);
      store<T>(px, vv);
    }
    store<T>(pp, x * decay - stepSize * (mm / (sqrt<T>(vv) / sqrtBc2 + eps)));
  }
}

/**
 * RMSProp: d = g + wd·p; s = α·s + (1−α)·d²; centered (ga ≠ 0): ga = α·ga + (1−α)·d and
 * avg = √(s − ga²) + eps, else avg = √s + eps; with momentum (buf ≠ 0): buf = μ·buf + d/avg and
 * p −= lr·buf, else p −= lr·d/avg.
 */
@inline function rmsprop<T>(p: usize, g: usize, sq: usize, ga: usize, buf: usize, n: i32, lr: T, alpha: T, eps: T, wd: T, momentum: T): void {
  const centered = ga != 0, hasBuf = buf != 0;
  const c: T = <T>1 - alpha;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const va = v128.splat<T>(alpha), vc = v128.splat<T>(c), veps = v128.splat<T>(eps), vwd = v128.splat<T>(wd);
    const vmu = v128.splat<T>(momentum), vlr = v128.splat<T>(-lr);
    for (; i + L <= n; i += L) {
      const pp = at<T>(p, i), ps = at<T>(sq, i);
      const x = v128.load(pp);
      const d = madd<T>(vwd, x, v128.load(at<T>(g, i)));
      const s = madd<T>(va, v128.load(ps), v128.mul<T>(vc, v128.mul<T>(d, d)));
      v128.store(ps, s);
      let avg: v128;
      if (centered) {
        const pg = at<T>(ga, i);
        const a = madd<T>(va, v128.load(pg), v128.mul<T>(vc, d));
        v128.store(pg, a);
        avg = v128.add<T>(v128.sqrt<T>(v128.sub<T>(s, v128.mul<T>(a, a))), veps);
      } else {
        avg = v128.add<T>(v128.sqrt<T>(s), veps);
      }
      let u = v128.div<T>(d, avg);
      if (hasBuf) {
        const pb = at<T>(buf, i);
        u = madd<T>(vmu, v128.load(pb), u);
        v128.store(pb, u);
      }
      v128.store(pp, madd<T>(vlr, u, x));
    }
  }
  for (; i < n; i++) {
    const pp = at<T>(p, i), ps = at<T>(sq, i);
    const x = load<T>(pp);
    const d = wd * x + load<T>(at<T>(g, i));
    const s = alpha * load<T>(ps) + c * (d * d);
    store<T>(ps, s);
    let avg: T;
    if (centered) {
      const pg = at<T>(ga, i);
      const a = alpha * load<T>(pg) + c * d;
      store<T>(pg, a);
      avg = sqrt<T>(s - a * a) + eps;
    } else {
      avg = sqrt<T>(s) + eps;
    }
    let u = d / avg;
    if (hasBuf) {
      const pb = at<T>(buf, i);
      u = momentum * load<T>(pb) + u;
      store<T>(pb, u);
    }
    store<T>(pp, x - lr * u);
  }
}

/** Adagrad: d = g + wd·p; s += d²; p −= clr·d / (√s + eps), clr = lr / (1 + (t−1)·lrDecay). */
@inline function adagrad<T>(p: usize, g: usize, sum: usize, n: i32, clr: T, eps: T, wd: T): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const veps = v128.splat<T>(eps), vwd = v128.splat<T>(wd), vlr = v128.splat<T>(-clr);
    for (; i + L <= n; i += L) {
      const pp = at<T>(p, i), ps = at<T>(sum, i);
      const x = v128.load(pp);
      const d = madd<T>(vwd, x, v128.load(at<T>(g, i)));
      const s = madd<T>(d, d, v128.load(ps));
      v128.store(ps, s);
      v128.store(pp, madd<T>(vlr, v128.div<T>(d, v128.add<T>(v128.sqrt<T>(s), veps)), x));
    }
  }
  for (; i < n; i++) {
    const pp = at<T>(p, i), ps = at<T>(sum, i);
    const x = load<T>(pp);
    const d = wd * x + load<T>(at<T>(g, i));
    const s = load<T>(ps) + d * d;
    store<T>(ps, s);
    store<T>(pp, x - clr * (d / (sqrt<T>(s) + eps)));
  }
}

/**
 * Elastic-net penalty of p (Keras' regularizer convention): returns l1·Σ|p| + l2·Σp², and with
 * g ≠ 0 adds its (sub)gradient l1·sign(p) + 2·l2·p into g (sign(0) = 0).
 */
@inline function penalty<T>(p: usize, g: usize, n: i32, l1: T, l2: T): T {
  const hasG = g != 0;
  let s1: T = 0, s2: T = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const zero = v128.splat<T>(0), vl1 = v128.splat<T>(l1), v2l2 = v128.splat<T>(<T>2 * l2);
    let a1 = zero, a2 = zero;
    for (; i + L <= n; i += L) {
      const x = v128.load(at<T>(p, i));
      a1 = v128.add<T>(a1, v128.abs<T>(x));
      a2 = madd<T>(x, x, a2);
      if (hasG) {
        const pg = at<T>(g, i);
        // l1·sign(x) as (x > 0 ? l1 : 0) − (x < 0 ? l1 : 0): the comparison masks select l1
        const sgn = v128.sub<T>(v128.and(v128.gt<T>(x, zero), vl1), v128.and(v128.lt<T>(x, zero), vl1));
        v128.store(pg, v128.add<T>(v128.load(pg), madd<T>(v2l2, x, sgn)));
      }
    }
    s1 = hsum<T>(a1);
    s2 = hsum<T>(a2);
  }
  for (; i < n; i++) {
    const x = load<T>(at<T>(p, i));
    s1 += abs<T>(x);
    s2 += x * x;
    if (hasG) {
      const pg = at<T>(g, i);
      const sgn: T = x > 0 ? l1 : x < 0 ? -l1 : <T>0;
      store<T>(pg, load<T>(pg) + (<T>2 * l2 * x + sgn));
    }
  }
  return l1 * s1 + l2 * s2;
}

/** g[i] = min(max(g[i], lo), hi), in place (gradient clipping by value). */
@inline function clipValue<T>(g: usize, n: i32, lo: T, hi: T): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = lanes<T>();
    const vlo = v128.splat<T>(lo), vhi = v128.splat<T>(hi);
    for (; i + L <= n; i += L) {
      const pg = at<T>(g, i);
      v128.store(pg, v128.pmin<T>(v128.pmax<T>(v128.load(pg), vlo), vhi));
    }
  }
  for (; i < n; i++) {
    const pg = at<T>(g, i);
    store<T>(pg, min<T>(max<T>(load<T>(pg), lo), hi));
  }
}

/**
 * L-BFGS two-loop recursion (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 7.4):
 * q ← H·q in place, H the inverse-Hessian approximation from the `count` most recent pairs
 * (s, y) held as rows of the ring buffers S and Y (m×n; the newest at row `newest`), rho[k] =
 * 1/(yₖ·sₖ), alpha scratch of m, and H₀ = gamma·I.
 */
@inline function twoLoop<T>(q: usize, S: usize, Y: usize, rho: usize, alpha: usize, m: i32, count: i32, newest: i32, n: i32, gamma: T): void {
  const row = <usize>n << alignof<T>();
  for (let k = 0; k < count; k++) {
    const j = (newest - k + m) % m;
    const a = load<T>(at<T>(rho, j)) * vdot<T>(S + <usize>j * row, q, n);
    store<T>(at<T>(alpha, j), a);
    vaxpy<T>(-a, Y + <usize>j * row, q, n);
  }
  vscale<T>(gamma, q, n);
  for (let k = count - 1; k >= 0; k--) {
    const j = (newest - k + m) % m;
    const b = load<T>(at<T>(rho, j)) * vdot<T>(Y + <usize>j * row, q, n);
    vaxpy<T>(load<T>(at<T>(alpha, j)) - b, S + <usize>j * row, q, n);
  }
}

export function sgd_step_f32(p: usize, g: usize, buf: usize, n: i32, lr: f32, momentum: f32, dampening: f32, wd: f32, nesterov: bool, first: bool): void { sgd<f32>(p, g, buf, n, lr, momentum, dampening, wd, nesterov, first); }
export function sgd_step_f64(p: usize, g: usize, buf: usize, n: i32, lr: f64, momentum: f64, dampening: f64, wd: f64, nesterov: bool, first: bool): void { sgd<f64>(p, g, buf, n, lr, momentum, dampening, wd, nesterov, first); }
export function adam_step_f32(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, l2: f32, decay: f32, sqrtBc2: f32): void { adam<f32>(p, g, m, v, vmax, n, stepSize, beta1, beta2, eps, l2, decay, sqrtBc2); }
export function adam_step_f64(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, stepSize: f64, beta1: f64, beta2: f64, eps: f64, l2: f64, decay: f64, sqrtBc2: f64): void { adam<f64>(p, g, m, v, vmax, n, stepSize, beta1, beta2, eps, l2, decay, sqrtBc2); }
export function rmsprop_step_f32(p: usize, g: usize, sq: usize, ga: usize, buf: usize, n: i32, lr: f32, alpha: f32, eps: f32, wd: f32, momentum: f32): void { rmsprop<f32>(p, g, sq, ga, buf, n, lr, alpha, eps, wd, momentum); }
export function rmsprop_step_f64(p: usize, g: usize, sq: usize, ga: usize, buf: usize, n: i32, lr: f64, alpha: f64, eps: f64, wd: f64, momentum: f64): void { rmsprop<f64>(p, g, sq, ga, buf, n, lr, alpha, eps, wd, momentum); }
export function adagrad_step_f32(p: usize, g: usize, sum: usize, n: i32, clr: f32, eps: f32, wd: f32): void { adagrad<f32>(p, g, sum, n, clr, eps, wd); }
export function adagrad_step_f64(p: usize, g: usize, sum: usize, n: i32, clr: f64, eps: f64, wd: f64): void { adagrad<f64>(p, g, sum, n, clr, eps, wd); }
export function penalty_grad_f32(p: usize, g: usize, n: i32, l1: f32, l2: f32): f32 { return penalty<f32>(p, g, n, l1, l2); }
export function penalty_grad_f64(p: usize, g: usize, n: i32, l1: f64, l2: f64): f64 { return penalty<f64>(p, g, n, l1, l2); }
export function grad_clip_value_f32(g: usize, n: i32, lo: f32, hi: f32): void { clipValue<f32>(g, n, lo, hi); }
export function grad_clip_value_f64(g: usize, n: i32, lo: f64, hi: f64): void { clipValue<f64>(g, n, lo, hi); }
export function lbfgs_two_loop_f64(q: usize, S: usize, Y: usize, rho: usize, alpha: usize, m: i32, count: i32, newest: i32, n: i32, gamma: f64): void { twoLoop<f64>(q, S, Y, rho, alpha, m, count, newest, n, gamma); }
