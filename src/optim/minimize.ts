// minimize(f, x0): unconstrained minimization of a user function returning its value and
// gradient. L-BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed.: two-loop recursion Alg. 7.4,
// line search for the strong Wolfe conditions Alg. 3.5 with zoom Alg. 3.6 and cubic interpolation
// eq. 3.59), gradient descent (fixed step, or Armijo backtracking) and Adam. Stopping rules are
// scipy's L-BFGS-B ones: ‖g‖∞ ≤ tol, or a relative decrease of f below ftol.
//
// Vectors live in preallocated Float64Arrays: the user's f sees a plain Float64Array, and every
// evaluation already costs O(n) in JS. The L-BFGS history (2·m·n doubles) lives in the Wasm heap
// and the two-loop recursion, the O(m·n) part of an iteration, is one kernel call.
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { checkInteger, checkOptions, describe } from '../core/validate.js';
import { kernel } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { scope } from '../runtime/scope.js';

/** What f returns: its value and gradient at x (grad: n values, as a Float64Array, array or Matrix). */
export interface ValueAndGrad {
  value: number;
  grad: Float64Array | Float32Array | number[] | Matrix;
}

/**
 * The objective: f(x) → { value, grad }. `x` is a buffer the optimizer reuses: copy it if you keep
 * it, and do not modify it. Matrices created while f runs are freed after the call (it runs in a
 * scope), so returning `grad` as a fresh Matrix does not leak.
 */
export type Objective = (x: Float64Array) => ValueAndGrad;

export interface MinimizeOptions {
  /** 'lbfgs' (default), 'gd' or 'adam'. */
  method?: 'lbfgs' | 'gd' | 'adam';
  /** Maximum number of iterations (default 1000 for lbfgs, 10 000 for gd and adam). */
  maxIter?: number;
  /** Stop when max |gradient| ≤ tol (default 1e-6). */
  tol?: number;
  /** Stop when (f_prev − f) / max(|f_prev|, |f|, 1) ≤ ftol (default 2.22e-9, scipy's; lbfgs and gd with line search). */
  ftol?: number;
  /** Step size: gd's fixed step (default: Armijo backtracking instead), adam's learning rate (default 0.001). */
  lr?: number;
  /** L-BFGS history size m, the number of (s, y) pairs kept (default 10). */
  history?: number;
  /** Maximum function evaluations per line search (default 25). */
  maxLineSearch?: number;
}

export interface MinimizeResult {
  /** The minimizer found. */
  x: Float64Array;
  /** f(x). */
  value: number;
  /** ∇f(x). */
  grad: Float64Array;
  /** Iterations (updates of x). */
  nIter: number;
  /** Calls of f. */
  nEval: number;
  /** True when a stopping rule (tol or ftol) was met; false when maxIter ran out or the line search failed. */
  converged: boolean;
  /** Why it stopped. */
  message: string;
}

const C1 = 1e-4; // sufficient decrease (Armijo)
const C2 = 0.9; // curvature, the usual value for quasi-Newton methods (N&W §3.1)

/** Evaluates f at x into g; returns the value (may be ±Infinity or NaN: the caller decides). */
class Evaluator {
  nEval = 0;
  constructor(
    private readonly f: Objective,
    private readonly n: number,
  ) {}

  eval(x: Float64Array, g: Float64Array): number {
    this.nEval++;
    const { f, n } = this;
    return scope(() => {
      const r = f(x);
      if (r === null || typeof r !== 'object') throw new ValidationError(`minimize: f must return { value, grad }, got ${describe(r)}`);
      const { value, grad } = r;
      if (typeof value !== 'number') throw new ValidationError(`minimize: f(x).value: expected a number, got ${describe(value)}`);
      let src: ArrayLike<number>;
      if (grad instanceof Matrix) src = grad.data;
      else if (Array.isArray(grad) || grad instanceof Float64Array || grad instanceof Float32Array) src = grad;
      else throw new ValidationError(`minimize: f(x).grad: expected a Float64Array, number[] or Matrix, got ${describe(grad)}`);
      if (src.length !== n) throw new ShapeError(`minimize: f(x).grad: expected ${n} values (one per element of x), got ${src.length}`);
      for (let i = 0; i < n; i++) g[i] = src[i];
      return value;
    });
  }
}

function infNorm(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m || a !== a) m = a !== a ? NaN : a;
    if (m !== m) return NaN;
  }
  return m;
}

function dotJs(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function readX0(x0: unknown, name = 'minimize: x0'): Float64Array {
  let src: ArrayLike<number>;
  if (x0 instanceof Matrix) src = x0.data;
  else if (Array.isArray(x0) || (ArrayBuffer.isView(x0) && !(x0 instanceof DataView))) src = x0 as ArrayLike<number>;
  else throw new ValidationError(`${name}: expected a Float64Array, number[] or Matrix, got ${describe(x0)}`);
  if (src.length === 0) throw new ValidationError(`${name}: expected at least one value, got none`);
  const x = new Float64Array(src.length);
  for (let i = 0; i < x.length; i++) {
    const v = src[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(`${name}[${i}]: expected a finite number, got ${describe(v)}`);
    x[i] = v;
  }
  return x;
}

function positiveOpt(o: Record<string, unknown>, key: string, fallback: number | undefined, allowZero: boolean): number | undefined {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new InvalidParameterError(`minimize: option ${key}: expected a finite number ${allowZero ? '>= 0' : '> 0'}, got ${describe(v)}`);
  }
  return v;
}

/**
 * Minimizes f over x ∈ ℝⁿ from x0. f(x) returns { value, grad }. Returns { x, value, grad, nIter,
 * nEval, converged, message }; not converging within maxIter is reported, not thrown.
 */
export function minimize(f: Objective, x0: ArrayLike<number> | Matrix, options?: MinimizeOptions): MinimizeResult {
  if (typeof f !== 'function') throw new ValidationError(`minimize: f: expected a function (x) => { value, grad }, got ${describe(f)}`);
  const o = checkOptions(options, ['method', 'maxIter', 'tol', 'ftol', 'lr', 'history', 'maxLineSearch'], 'minimize');
  const method = o.method ?? 'lbfgs';
  if (method !== 'lbfgs' && method !== 'gd' && method !== 'adam') {
    throw new InvalidParameterError(`minimize: option method: expected 'lbfgs', 'gd' or 'adam', got ${describe(method)}`);
  }
  const maxIter = checkInteger(o.maxIter ?? (method === 'lbfgs' ? 1000 : 10_000), 'minimize: option maxIter', 0);
  const tol = positiveOpt(o, 'tol', 1e-6, true)!;
  const ftol = positiveOpt(o, 'ftol', 2.220446049250313e-9, true)!;
  const lr = positiveOpt(o, 'lr', undefined, false);
  const history = checkInteger(o.history ?? 10, 'minimize: option history', 1, 1000);
  const maxLs = checkInteger(o.maxLineSearch ?? 25, 'minimize: option maxLineSearch', 1, 1000);
  const x = readX0(x0);
  const ev = new Evaluator(f, x.length);
  const g = new Float64Array(x.length);
  const value = ev.eval(x, g);
  if (!Number.isFinite(value)) throw new ValidationError(`minimize: f(x0).value: expected a finite number, got ${value}`);
  if (!allFinite(g)) throw new ValidationError('minimize: f(x0).grad: expected finite values, got NaN or ±Infinity');
  const state: Run = { x, g, value, ev, nIter: 0, maxIter, tol, ftol };
  if (infNorm(g) <= tol) return result(state, true, 'gradient norm below tol at x0');
  if (method === 'lbfgs') return lbfgs(runtime('wl.optim.minimize()'), state, history, maxLs);
  if (method === 'gd') return gd(state, lr, maxLs);
  return adam(runtime('wl.optim.minimize()'), state, lr ?? 0.001);
}

interface Run {
  x: Float64Array;
  g: Float64Array;
  value: number;
  ev: Evaluator;
  nIter: number;
  maxIter: number;
  tol: number;
  ftol: number;
}

function result(s: Run, converged: boolean, message: string): MinimizeResult {
  return { x: s.x, value: s.value, grad: s.g, nIter: s.nIter, nEval: s.ev.nEval, converged, message };
}

/** The stopping rules after an accepted step from fPrev to s.value; a message when one is met. */
function stopped(s: Run, fPrev: number): string | null {
  if (infNorm(s.g) <= s.tol) return 'gradient norm below tol';
  if ((fPrev - s.value) / Math.max(Math.abs(fPrev), Math.abs(s.value), 1) <= s.ftol) return 'relative reduction of f below ftol';
  return null;
}

// ---- line search ----------------------------------------------------------------------------

/** Work arrays of a line search along d from x; the accepted point ends in xt, gt. */
interface LineSearch {
  /** The step with the lowest f among those meeting sufficient decrease in the last search (0: none). */
  bestT: number;
  x: Float64Array;
  d: Float64Array;
  xt: Float64Array;
  gt: Float64Array;
  ev: Evaluator;
}

/** φ(t) = f(x + t·d) into ls.xt/gt; returns [φ, φ']. */
function phi(ls: LineSearch, t: number): [number, number] {
  const { x, d, xt, gt } = ls;
  for (let i = 0; i < x.length; i++) xt[i] = x[i] + t * d[i];
  const v = ls.ev.eval(xt, gt);
  const dv = dotJs(gt, d);
  // a non-finite value or slope means the step went too far: report +∞ so the search backs off
  return Number.isFinite(v) && Number.isFinite(dv) ? [v, dv] : [Infinity, NaN];
}

/** Minimizer of the cubic through (a, fa, da), (b, fb, db) (N&W eq. 3.59); NaN when it has none. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

/**
 * Finds t satisfying the strong Wolfe conditions (N&W Alg. 3.5 and 3.6): φ(t) ≤ φ(0) + c1·t·φ'(0)
 * and |φ'(t)| ≤ c2·|φ'(0)|. On success the point is in ls.xt/gt and its value is returned with t;
 * null when no such t was found within maxEval evaluations.
 */
function strongWolfe(ls: LineSearch, f0: number, df0: number, t1: number, maxEval: number): { t: number; value: number } | null {
  const found = wolfeSearch(ls, f0, df0, t1, maxEval);
  if (found !== null) return found;
  // Near a minimum the decrease can sink below the rounding of f and the curvature condition is
  // then never confirmed. Fall back to the best point that met sufficient decrease, if any (its
  // y·s may be small; the caller skips such pairs).
  if (ls.bestT > 0) {
    const [v] = phi(ls, ls.bestT);
    if (v <= f0 + C1 * ls.bestT * df0) return { t: ls.bestT, value: v };
  }
  return null;
}

function wolfeSearch(ls: LineSearch, f0: number, df0: number, t1: number, maxEval: number): { t: number; value: number } | null {
  let tPrev = 0, fPrev = f0, dfPrev = df0;
  let t = t1;
  let evals = 0;
  ls.bestT = 0;
  let bestF = f0;
  const phiArmijo = (tj: number): [number, number] => {
    const r = phi(ls, tj);
    if (r[0] <= f0 + C1 * tj * df0 && r[0] < bestF) {
      bestF = r[0];
      ls.bestT = tj;
    }
    return r;
  };
  const zoom = (lo: number, flo: number, dflo: number, hi: number, fhi: number, dfhi: number): { t: number; value: number } | null => {
    while (evals < maxEval) {
      // a bracket no wider than the spacing of doubles at its ends cannot be split any more
      const width = Math.abs(hi - lo);
      if (width <= Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))) return null;
      // cubic interpolation, safeguarded to the middle 80 % of the interval, else bisection
      let tj = Number.isFinite(fhi) && Number.isFinite(dfhi) ? cubicMin(lo, flo, dflo, hi, fhi, dfhi) : NaN;
      const a = Math.min(lo, hi), b = Math.max(lo, hi);
      if (!(tj >= a + 0.1 * width && tj <= b - 0.1 * width)) tj = (lo + hi) / 2;
      const [fj, dfj] = phiArmijo(tj);
      evals++;
      if (fj > f0 + C1 * tj * df0 || fj >= flo) {
        hi = tj; fhi = fj; dfhi = dfj;
      } else {
        if (Math.abs(dfj) <= -C2 * df0) return { t: tj, value: fj };
        if (dfj * (hi - lo) >= 0) {
          hi = lo; fhi = flo; dfhi = dflo;
        }
        lo = tj; flo = fj; dflo = dfj;
      }
    }
    return null;
  };
  while (evals < maxEval) {
    const [ft, dft] = phiArmijo(t);
    evals++;
    if (ft > f0 + C1 * t * df0 || (evals > 1 && ft >= fPrev)) return zoom(tPrev, fPrev, dfPrev, t, ft, dft);
    if (Math.abs(dft) <= -C2 * df0) return { t, value: ft };
    if (dft >= 0) return zoom(t, ft, dft, tPrev, fPrev, dfPrev);
    tPrev = t; fPrev = ft; dfPrev = dft;
    t *= 2;
  }
  return null;
}

// ---- L-BFGS ---------------------------------------------------------------------------------

function lbfgs(rt: Runtime, s: Run, m: number, maxLs: number): MinimizeResult {
  const n = s.x.length;
  const heap = rt.heap;
  const twoLoop = kernel(rt.kernels, 'lbfgs_two_loop_f64');
  // one block: S (m×n) | Y (m×n) | rho (m) | alpha (m) | q (n)
  const block = heap.alloc((2 * m * n + 2 * m + n) * 8);
  const S = block, Y = S + m * n * 8, rho = Y + m * n * 8, alpha = rho + m * 8, q = alpha + m * 8;
  const d = new Float64Array(n);
  const ls: LineSearch = { bestT: 0, x: s.x, d, xt: new Float64Array(n), gt: new Float64Array(n), ev: s.ev };
  let count = 0, newest = -1, gamma = 1;
  try {
    while (s.nIter < s.maxIter) {
      // d = −H·g
      if (count > 0) {
        heap.f64.set(s.g, q >>> 3);
        twoLoop(q, S, Y, rho, alpha, m, count, newest, n, gamma);
        const view = heap.f64;
        for (let i = 0, o = q >>> 3; i < n; i++) d[i] = -view[o + i];
      } else {
        for (let i = 0; i < n; i++) d[i] = -s.g[i];
      }
      let df0 = dotJs(s.g, d);
      if (!(df0 < 0)) {
        // H lost positive definiteness to rounding: restart from steepest descent
        count = 0;
        for (let i = 0; i < n; i++) d[i] = -s.g[i];
        df0 = dotJs(s.g, d);
      }
      // first step scaled so that ‖t·d‖₁ ≤ 1 (the secant scaling gamma makes 1 right afterwards)
      let t0 = 1;
      if (count === 0) {
        let l1 = 0;
        for (let i = 0; i < n; i++) l1 += Math.abs(d[i]);
        t0 = Math.min(1, 1 / l1);
      }
      const found = strongWolfe(ls, s.value, df0, t0, maxLs);
      if (found === null) {
        if (count > 0) {
          count = 0; // retry once from steepest descent before giving up
          continue;
        }
        return result(s, false, 'line search failed to find a point satisfying the strong Wolfe conditions');
      }
      // s = xt − x, y = gt − g into the ring; skip pairs with too little curvature (keeps H positive definite)
      let sy = 0, yy = 0;
      for (let i = 0; i < n; i++) {
        const yi = ls.gt[i] - s.g[i];
        sy += (ls.xt[i] - s.x[i]) * yi;
        yy += yi * yi;
      }
      if (sy > 2.220446049250313e-16 * yy) {
        newest = (newest + 1) % m;
        count = Math.min(count + 1, m);
        const view = heap.f64;
        const so = (S >>> 3) + newest * n, yo = (Y >>> 3) + newest * n;
        for (let i = 0; i < n; i++) {
          view[so + i] = ls.xt[i] - s.x[i];
          view[yo + i] = ls.gt[i] - s.g[i];
        }
        view[(rho >>> 3) + newest] = 1 / sy;
        gamma = sy / yy;
      }
      s.x.set(ls.xt);
      s.g.set(ls.gt);
      const fPrev = s.value;
      s.value = found.value;
      s.nIter++;
      const why = stopped(s, fPrev);
      if (why !== null) return result(s, true, why);
    }
    return result(s, false, `maxIter (${s.maxIter}) iterations reached`);
  } finally {
    heap.free(block);
  }
}

// ---- gradient descent -----------------------------------------------------------------------

function gd(s: Run, lr: number | undefined, maxLs: number): MinimizeResult {
  const n = s.x.length;
  const xt = new Float64Array(n), gt = new Float64Array(n);
  let t = 1;
  while (s.nIter < s.maxIter) {
    const fPrev = s.value;
    if (lr !== undefined) {
      // plain gradient descent: x ← x − lr·∇f(x)
      for (let i = 0; i < n; i++) xt[i] = s.x[i] - lr * s.g[i];
      const v = s.ev.eval(xt, gt);
      if (!Number.isFinite(v) || !allFinite(gt)) return result(s, false, `diverged: f is not finite after step ${s.nIter + 1}; lower lr`);
      s.value = v;
    } else {
      // Armijo backtracking from twice the last accepted step (N&W Alg. 3.1)
      const gg = dotJs(s.g, s.g);
      t *= 2;
      let ok = false;
      for (let k = 0; k < maxLs * 2; k++) {
        for (let i = 0; i < n; i++) xt[i] = s.x[i] - t * s.g[i];
        const v = s.ev.eval(xt, gt);
        if (Number.isFinite(v) && v <= s.value - C1 * t * gg && allFinite(gt)) {
          s.value = v;
          ok = true;
          break;
        }
        t /= 2;
      }
      if (!ok) return result(s, false, 'backtracking line search failed to decrease f');
    }
    s.x.set(xt);
    s.g.set(gt);
    s.nIter++;
    const why = lr === undefined ? stopped(s, fPrev) : infNorm(s.g) <= s.tol ? 'gradient norm below tol' : null;
    if (why !== null) return result(s, true, why);
  }
  return result(s, false, `maxIter (${s.maxIter}) iterations reached`);
}

// ---- Adam -----------------------------------------------------------------------------------

/** Adam on x with the fused kernel of wl.optim.Adam (β1 0.9, β2 0.999, eps 1e-8): one Wasm call per iteration. */
function adam(rt: Runtime, s: Run, lr: number): MinimizeResult {
  const n = s.x.length;
  const heap = rt.heap;
  const step = kernel(rt.kernels, 'adam_step_f64');
  const b1 = 0.9, b2 = 0.999;
  // one block: p | g | m | v, zeroed moments
  const block = heap.alloc(4 * n * 8);
  const p = block, g = p + n * 8, m = g + n * 8, v = m + n * 8;
  try {
    heap.f64.fill(0, m >>> 3, (m >>> 3) + 2 * n);
    heap.f64.set(s.x, p >>> 3);
    while (s.nIter < s.maxIter) {
      heap.f64.set(s.g, g >>> 3);
      const t = s.nIter + 1;
      step(p, g, m, v, 0, n, lr / (1 - b1 ** t), b1, b2, 1e-8, 0, 1, Math.sqrt(1 - b2 ** t));
      const view = heap.f64;
      for (let i = 0, o = p >>> 3; i < n; i++) s.x[i] = view[o + i];
      const value = s.ev.eval(s.x, s.g);
      s.nIter++;
      if (!Number.isFinite(value) || !allFinite(s.g)) return { ...result(s, false, `diverged: f is not finite after step ${s.nIter}; lower lr`), value };
      s.value = value;
      if (infNorm(s.g) <= s.tol) return result(s, true, 'gradient norm below tol');
    }
    return result(s, false, `maxIter (${s.maxIter}) iterations reached`);
  } finally {
    heap.free(block);
  }
}

// ---- numerical gradient ---------------------------------------------------------------------

/**
 * The gradient of f at x by central differences, (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / 2hᵢ with
 * hᵢ = eps·max(1, |xᵢ|) (default eps = ∛(2⁻⁵²) ≈ 6e-6, which balances truncation O(h²) and
 * rounding O(ε/h) errors). f may return a number or { value }. Costs 2n calls of f; x is not modified.
 */
export function numericGrad(f: (x: Float64Array) => number | { value: number }, x: ArrayLike<number> | Matrix, options?: { eps?: number }): Float64Array {
  if (typeof f !== 'function') throw new ValidationError(`numericGrad: f: expected a function, got ${describe(f)}`);
  const o = checkOptions(options, ['eps'], 'numericGrad');
  const eps = o.eps ?? Math.cbrt(2 ** -52);
  if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) throw new InvalidParameterError(`numericGrad: option eps: expected a finite number > 0, got ${describe(eps)}`);
  const xs = readX0(x, 'numericGrad: x');
  const value = (): number =>
    scope(() => {
      const r = f(xs);
      const v = typeof r === 'number' ? r : r !== null && typeof r === 'object' ? r.value : undefined;
      if (typeof v !== 'number') throw new ValidationError(`numericGrad: f must return a number or { value }, got ${describe(r)}`);
      return v;
    });
  const grad = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i];
    const h = eps * Math.max(1, Math.abs(xi));
    xs[i] = xi + h;
    const up = xs[i];
    const fp = value();
    xs[i] = xi - h;
    const down = xs[i];
    const fm = value();
    xs[i] = xi;
    grad[i] = (fp - fm) / (up - down); // the steps actually taken, after rounding
  }
  return grad;
}
