// SVC: kernel C-support vector classification as libsvm (and scikit-learn's SVC) computes it. Each
// binary problem is one Wasm call of the SMO solver (assembly/svm.ts: second-order working-set
// selection, shrinking, an LRU cache of kernel columns of at most `cacheSize` MB in the Wasm heap);
// more than two classes are fitted one-vs-one, K(K−1)/2 problems, and predicted by voting.
// The fitted attributes follow scikit-learn's layout: support vectors grouped by class, dualCoef
// (K−1)×nSV in libsvm's arrangement, and, for two classes, the sign convention that a positive
// decision value means classes[1].
import { ModelFormatError, ValidationError } from '../errors.js';
import { Matrix } from '../core/matrix.js';
import { typed } from '../runtime/kernels.js';
import type { Runtime } from '../runtime/load.js';
import { Classifier, registerEstimator, type CommonOptions } from '../base/estimator.js';
import { readX, release } from '../base/input.js';
import { classesFromJSON, classesToJSON, decodeLabels, encodeLabels, type Classes, type Labels } from '../base/labels.js';
import { checkBool, checkChoice, checkInt, checkReal } from '../base/params.js';
import { decodeArray, encodeArray, readNumber } from '../io/format.js';
import { InvalidParameterError } from '../errors.js';
import { describe } from '../core/validate.js';

export type SVCKernel = 'linear' | 'poly' | 'rbf' | 'sigmoid';
const KERNEL_CODES: Record<SVCKernel, number> = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 };

export interface SVCOptions {
  /** 'rbf' (default), 'linear', 'poly' or 'sigmoid'. */
  kernel: SVCKernel;
  /** Penalty of the slack (> 0). Default 1. */
  C: number;
  /** Degree of the 'poly' kernel (integer ≥ 0). Default 3. */
  degree: number;
  /** Kernel coefficient for rbf/poly/sigmoid: 'scale' (1/(d·Var X), default), 'auto' (1/d) or a number > 0. */
  gamma: 'scale' | 'auto' | number;
  /** Independent term of 'poly' and 'sigmoid'. Default 0. */
  coef0: number;
  /** Stop when the maximal KKT violation of the working pair is below tol. Default 1e-3. */
  tol: number;
  /** libsvm's shrinking heuristic. Default true. */
  shrinking: boolean;
  /** Kernel cache size in MB (> 0). Default 200. */
  cacheSize: number;
  /** Maximum SMO iterations per binary problem; −1 (default): libsvm's max(10⁷, 100·n). */
  maxIter: number;
  /** decisionFunction's shape for more than two classes: 'ovr' (n×K, default) or 'ovo' (n×K(K−1)/2). */
  decisionFunctionShape: 'ovr' | 'ovo';
}

interface SVCState {
  nFeatures: number;
  classes: Classes;
  /** nSV×d, grouped by class. */
  sv: Matrix;
  /** Indices of the support vectors in the training data. */
  support: Int32Array;
  nSupport: Int32Array;
  /** (K−1)×nSV, libsvm's sv_coef (before scikit-learn's binary sign flip). */
  coef: Float64Array;
  /** libsvm's rho per pair. */
  rho: Float64Array;
  gamma: number;
  nIter: number;
  converged: boolean;
}

/** 1/(d·Var X) over all entries of X (1 when X is constant), scikit-learn's gamma='scale'. */
function gammaScale(X: Matrix): number {
  const data = X.data;
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i];
  mean /= data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) v += (data[i] - mean) ** 2;
  v /= data.length;
  return v === 0 ? 1 : 1 / (X.cols * v);
}

/**
 * Kernel support vector classifier (scikit-learn's SVC).
 *
 * ```ts
 * const svc = new wl.SVC({ kernel: 'rbf', C: 1, gamma: 'scale' }).fit(X, y);
 * svc.predict(Xtest); svc.decisionFunction(Xtest); svc.supportVectors;
 * ```
 */
export class SVC extends Classifier<SVCOptions, SVCState> {
  static readonly kind = 'SVC';
  static readonly task = 'classifier';
  static readonly defaults: SVCOptions = {
    kernel: 'rbf', C: 1, degree: 3, gamma: 'scale', coef0: 0, tol: 1e-3, shrinking: true, cacheSize: 200, maxIter: -1, decisionFunctionShape: 'ovr',
  };

  constructor(options?: Partial<SVCOptions> & CommonOptions) {
    super(options);
  }

  protected checkParams(p: SVCOptions): void {
    checkChoice(p.kernel, this.kind, 'kernel', ['linear', 'poly', 'rbf', 'sigmoid']);
    checkReal(p.C, this.kind, 'C', { min: 0, minOpen: true });
    checkInt(p.degree, this.kind, 'degree', 0, 1000);
    if (typeof p.gamma === 'string') checkChoice(p.gamma, this.kind, 'gamma', ['scale', 'auto']);
    else if (typeof p.gamma !== 'number' || !Number.isFinite(p.gamma) || p.gamma <= 0) {
      throw new InvalidParameterError(`${this.kind}: option "gamma" must be 'scale', 'auto' or a finite number > 0, got ${describe(p.gamma)}`);
    }
    checkReal(p.coef0, this.kind, 'coef0');
    checkReal(p.tol, this.kind, 'tol', { min: 0, minOpen: true });
    checkBool(p.shrinking, this.kind, 'shrinking');
    checkReal(p.cacheSize, this.kind, 'cacheSize', { min: 0, minOpen: true, max: 4096 });
    if (p.maxIter !== -1) checkInt(p.maxIter, this.kind, 'maxIter', 1);
    checkChoice(p.decisionFunctionShape, this.kind, 'decisionFunctionShape', ['ovr', 'ovo']);
  }

  /** Fits on X (n×d) and labels y (at least two classes). Returns this. */
  fit(X: unknown, y: unknown): this {
    const p = this.params();
    const rt = this.rt();
    const x = readX(rt, X);
    let sv: Matrix | undefined;
    try {
      const { rows: n, cols: d } = x.matrix;
      const { classes, codes } = encodeLabels(y, n);
      const K = classes.length;
      if (K < 2) throw new ValidationError(`y: expected at least two classes, got only ${JSON.stringify(classes[0])}`);
      const gamma = p.gamma === 'scale' ? gammaScale(x.matrix) : p.gamma === 'auto' ? 1 / d : p.gamma;
      const members: number[][] = Array.from({ length: K }, () => []);
      for (let i = 0; i < n; i++) members[codes[i]].push(i);
      const pairs = solvePairs(rt, x.matrix, members, p, gamma);
      // support vectors: samples with a nonzero α in any of their problems, grouped by class
      const isSV = new Uint8Array(n);
      for (const pr of pairs) pr.alpha.forEach((a, t) => { if (a > 0) isSV[pr.idx[t]] = 1; });
      const support: number[] = [];
      const nSupport = new Int32Array(K);
      for (let c = 0; c < K; c++) for (const i of members[c]) if (isSV[i]) { support.push(i); nSupport[c]++; }
      const nSV = support.length;
      const pos = new Int32Array(n).fill(-1);
      support.forEach((i, s) => (pos[i] = s));
      const coef = new Float64Array(Math.max(1, (K - 1) * nSV));
      const rho = new Float64Array(pairs.length);
      let nIter = 0, converged = true;
      pairs.forEach((pr, q) => {
        rho[q] = pr.rho;
        nIter = Math.max(nIter, pr.iter);
        converged &&= !pr.hitMax;
        pr.alpha.forEach((alpha, t) => {
          if (!(alpha > 0)) return;
          const i = pr.idx[t];
          // class a's coefficients in the (a, b) problem go to row b−1, class b's to row a (libsvm)
          const row = codes[i] === pr.a ? pr.b - 1 : pr.a;
          coef[row * nSV + pos[i]] = codes[i] === pr.a ? alpha : -alpha;
        });
      });
      if (!converged) this.warn(`the SMO solver stopped at maxIter = ${p.maxIter} before reaching tol`, 'convergence');
      sv = Matrix.alloc(rt, Math.max(1, nSV), d, 'float64');
      const src = x.matrix.data;
      const dst = sv.data;
      support.forEach((i, s) => dst.set(src.subarray(i * d, (i + 1) * d), s * d));
      return this.commit({
        nFeatures: d, classes, sv, support: Int32Array.from(support), nSupport, coef: coef.subarray(0, (K - 1) * nSV), rho, gamma, nIter, converged,
      });
    } catch (error) {
      sv?.dispose();
      throw error;
    } finally {
      release(x);
    }
  }

  /** libsvm's one-vs-one decision values, n × K(K−1)/2 (positive: the first class of the pair). */
  #ovo(X: unknown, what: string): { dec: Float64Array; state: SVCState; n: number } {
    const { x, state } = this.input(X, what);
    const rt = this.rt();
    const K = state.classes.length;
    const npairs = (K * (K - 1)) / 2;
    const n = x.matrix.rows, d = x.matrix.cols;
    const nSV = state.support.length;
    const r16 = (b: number) => Math.ceil(b / 16) * 16;
    // coef ((K−1)·nSV) | start, count (i32[K] each) | rho | out (n·npairs) | kbuf, svsq (nSV each)
    const sizes = [r16(Math.max(1, (K - 1) * nSV) * 8), r16(K * 4), r16(K * 4), r16(npairs * 8), r16(n * npairs * 8), r16(Math.max(1, nSV) * 8), r16(Math.max(1, nSV) * 8)];
    let block = 0;
    try {
      block = rt.heap.alloc(sizes.reduce((a, b) => a + b, 0));
      let o = block;
      const [cp, sp, np, rp, op, kp, qp] = sizes.map((s) => ((o += s), o - s));
      const start = new Int32Array(K);
      for (let c = 1; c < K; c++) start[c] = start[c - 1] + state.nSupport[c - 1];
      rt.heap.f64.set(state.coef, cp >>> 3);
      rt.heap.i32.set(start, sp >>> 2);
      rt.heap.i32.set(state.nSupport, np >>> 2);
      rt.heap.f64.set(state.rho, rp >>> 3);
      const p = this.getParams();
      typed(rt.kernels, 'svc_decision', 'float64')(
        x.matrix.ptr, n, d, state.sv.ptr, nSV, KERNEL_CODES[p.kernel], state.gamma, p.coef0, p.degree, cp, sp, np, K, rp, op, kp, qp,
      );
      return { dec: rt.heap.f64.slice(op >>> 3, (op >>> 3) + n * npairs), state, n };
    } finally {
      if (block) rt.heap.free(block);
      release(x);
    }
  }

  /**
   * Decision values for X (n×d). Two classes: n values, positive → classes[1]. More classes:
   * 'ovr' (default) n×K row-major — votes plus confidences scaled into (−1/3, 1/3), scikit-learn's
   * transformation of the one-vs-one results — or 'ovo' n×K(K−1)/2, libsvm's pairwise values.
   */
  decisionFunction(X: unknown): Float64Array {
    const { dec, state, n } = this.#ovo(X, 'decisionFunction');
    const K = state.classes.length;
    if (K === 2) return dec.map((v) => -v);
    if (this.getParams().decisionFunctionShape === 'ovo') return dec;
    const npairs = (K * (K - 1)) / 2;
    const out = new Float64Array(n * K);
    const conf = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      conf.fill(0);
      let q = 0;
      for (let a = 0; a < K; a++) {
        for (let b = a + 1; b < K; b++, q++) {
          const v = dec[i * npairs + q];
          conf[a] += v;
          conf[b] -= v;
          out[i * K + (v < 0 ? b : a)] += 1;
        }
      }
      for (let c = 0; c < K; c++) out[i * K + c] += conf[c] / (3 * (Math.abs(conf[c]) + 1));
    }
    return out;
  }

  /** Predicted labels: one-vs-one voting (ties to the lower class index), as libsvm. */
  predict(X: unknown): Labels {
    const { dec, state, n } = this.#ovo(X, 'predict');
    const K = state.classes.length;
    const npairs = (K * (K - 1)) / 2;
    const codes = new Int32Array(n);
    const votes = new Int32Array(K);
    for (let i = 0; i < n; i++) {
      votes.fill(0);
      let q = 0;
      for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++, q++) votes[dec[i * npairs + q] > 0 ? a : b]++;
      let best = 0;
      for (let c = 1; c < K; c++) if (votes[c] > votes[best]) best = c;
      codes[i] = best;
    }
    return decodeLabels(codes, state.classes);
  }

  /** The support vectors, nSV×d row-major, grouped by class. */
  get supportVectors(): Float64Array {
    const s = this.fitted('supportVectors');
    return s.sv.data.slice(0, s.support.length * s.nFeatures) as Float64Array;
  }

  /** Indices of the support vectors in the training data. */
  get support(): Int32Array {
    return this.fitted('support').support.slice();
  }

  /** Number of support vectors per class. */
  get nSupport(): Int32Array {
    return this.fitted('nSupport').nSupport.slice();
  }

  /** Dual coefficients y_i·α_i, (K−1)×nSV row-major (scikit-learn's dual_coef_, sign-flipped for two classes as it does). */
  get dualCoef(): Float64Array {
    const s = this.fitted('dualCoef');
    return s.classes.length === 2 ? s.coef.map((v) => -v) : s.coef.slice();
  }

  /** Intercepts per pair of classes, K(K−1)/2 values (scikit-learn's intercept_). */
  get intercept(): Float64Array {
    const s = this.fitted('intercept');
    return s.classes.length === 2 ? s.rho.slice() : s.rho.map((v) => -v);
  }

  /**
   * Weights of the linear kernel's hyperplanes, (K(K−1)/2)×d row-major (scikit-learn's coef_), or
   * null for the other kernels, whose decision function has no weight vector.
   */
  get coef(): Float64Array | null {
    const s = this.fitted('coef');
    if (this.getParams().kernel !== 'linear') return null;
    const K = s.classes.length, d = s.nFeatures, nSV = s.support.length;
    const svs = s.sv.data;
    const start = new Int32Array(K);
    for (let c = 1; c < K; c++) start[c] = start[c - 1] + s.nSupport[c - 1];
    const out = new Float64Array(((K * (K - 1)) / 2) * d);
    let q = 0;
    for (let a = 0; a < K; a++) {
      for (let b = a + 1; b < K; b++, q++) {
        const sign = K === 2 ? -1 : 1;
        const add = (row: number, c: number) => {
          for (let t = start[c]; t < start[c] + s.nSupport[c]; t++) {
            const w = sign * s.coef[row * nSV + t];
            for (let j = 0; j < d; j++) out[q * d + j] += w * svs[t * d + j];
          }
        };
        add(b - 1, a);
        add(a, b);
      }
    }
    return out;
  }

  /** The gamma used (the value 'scale' or 'auto' resolved to at fit). */
  get gammaValue(): number {
    return this.fitted('gammaValue').gamma;
  }

  /** SMO iterations, the largest over the binary problems. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Whether every binary problem reached tol within maxIter. */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  protected saveState(s: SVCState): Record<string, unknown> {
    const nSV = s.support.length;
    return {
      classes: classesToJSON(s.classes),
      supportVectors: encodeArray(s.sv.data.slice(0, nSV * s.nFeatures) as Float64Array, [nSV, s.nFeatures]),
      support: encodeArray(s.support),
      nSupport: encodeArray(s.nSupport),
      coef: encodeArray(Float64Array.from(s.coef), [s.classes.length - 1, nSV]),
      rho: encodeArray(s.rho),
      gamma: s.gamma,
      nIter: s.nIter,
      converged: s.converged,
    };
  }

  protected loadState(state: Record<string, unknown>, nFeatures: number): SVCState {
    const known = ['classes', 'supportVectors', 'support', 'nSupport', 'coef', 'rho', 'gamma', 'nIter', 'converged'];
    for (const key of Object.keys(state)) if (!known.includes(key)) throw new ModelFormatError(`model.state: unknown key "${key}"`);
    const classes = classesFromJSON(state.classes, 'model.state.classes', 2);
    const K = classes.length;
    const nSupport = decodeArray(state.nSupport, 'model.state.nSupport', 'int32', [K]);
    let nSV = 0;
    for (const c of nSupport) {
      if (c < 0) throw new ModelFormatError('model.state.nSupport: expected non-negative counts');
      nSV += c;
    }
    const support = decodeArray(state.support, 'model.state.support', 'int32', [nSV]);
    if (support.some((i) => i < 0)) throw new ModelFormatError('model.state.support: expected non-negative indices');
    const svs = decodeArray(state.supportVectors, 'model.state.supportVectors', 'float64', [nSV, nFeatures]);
    const coef = decodeArray(state.coef, 'model.state.coef', 'float64', [K - 1, nSV]);
    const rho = decodeArray(state.rho, 'model.state.rho', 'float64', [(K * (K - 1)) / 2]);
    const gamma = readNumber(state.gamma, 'model.state.gamma', { min: 0 });
    const nIter = readNumber(state.nIter, 'model.state.nIter', { integer: true, min: 0 });
    if (typeof state.converged !== 'boolean') throw new ModelFormatError('model.state.converged: expected true or false');
    const sv = Matrix.alloc(this.rt(), Math.max(1, nSV), nFeatures, 'float64');
    sv.data.set(svs);
    return { nFeatures, classes, sv, support, nSupport, coef, rho, gamma, nIter, converged: state.converged };
  }
}

interface PairResult {
  a: number;
  b: number;
  /** Training indices of the problem's samples (class a first). */
  idx: Int32Array;
  alpha: Float64Array;
  rho: number;
  iter: number;
  hitMax: boolean;
}

/** Solves the one-vs-one binary problems (one for two classes) with the SMO kernel. */
function solvePairs(rt: Runtime, X: Matrix, members: number[][], p: SVCOptions, gamma: number): PairResult[] {
  const K = members.length;
  const d = X.cols;
  let maxL = 0;
  for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++) maxL = Math.max(maxL, members[a].length + members[b].length);
  // the cache holds whole columns (f32) of the largest problem: at least 2, at most maxL of them
  const slots = Math.max(2, Math.min(maxL, Math.floor((p.cacheSize * 2 ** 20) / (4 * maxL))));
  const workBytes = typed(rt.kernels, 'svc_work_bytes', 'float64')(maxL, d, slots);
  const r16 = (b: number) => Math.ceil(b / 16) * 16;
  const sizes = [r16(maxL * 4), r16(maxL * 4), r16(maxL * 8), 32, r16(workBytes)];
  const block = rt.heap.alloc(sizes.reduce((a, b) => a + b, 0));
  try {
    let o = block;
    const [ip, yp, ap, outp, wp] = sizes.map((s) => ((o += s), o - s));
    const smo = typed(rt.kernels, 'svc_smo', 'float64');
    const results: PairResult[] = [];
    for (let a = 0; a < K; a++) {
      for (let b = a + 1; b < K; b++) {
        const l = members[a].length + members[b].length;
        const idx = Int32Array.from([...members[a], ...members[b]]);
        const y = new Int32Array(l);
        y.fill(1, 0, members[a].length);
        y.fill(-1, members[a].length);
        rt.heap.i32.set(idx, ip >>> 2);
        rt.heap.i32.set(y, yp >>> 2);
        const maxIter = p.maxIter === -1 ? Math.max(1e7, 100 * l) : p.maxIter;
        const lslots = Math.max(2, Math.min(l, slots));
        smo(X.ptr, d, ip, l, yp, KERNEL_CODES[p.kernel], gamma, p.coef0, p.degree, p.C, p.C, p.tol, +p.shrinking, maxIter, wp, lslots, ap, outp);
        const f = rt.heap.f64;
        const out = outp >>> 3;
        results.push({ a, b, idx, alpha: f.slice(ap >>> 3, (ap >>> 3) + l), rho: f[out], iter: f[out + 1], hitMax: f[out + 3] !== 0 });
      }
    }
    return results;
  } finally {
    rt.heap.free(block);
  }
}

registerEstimator(SVC);
