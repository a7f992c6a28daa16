// wl.autograd: reverse-mode automatic differentiation over Matrix ops, recorded on a tape.
//
// valueAndGrad(fn) installs a recorder (src/core/tape.ts) while fn runs; each differentiable op
// reports (op, inputs, output, attrs) with one line, and only when an input depends on a parameter.
// Backward walks the records in reverse and calls one Wasm kernel per record and operand
// (assembly/autograd.ts for the array ops, the GEMM for matmul, the nn kernels for activations and
// losses), accumulating into each operand's gradient in place. Everything created in between —
// fn's intermediates and the tape's — is freed before valueAndGrad returns; the gradients are the
// caller's. A reverse walk over a list is enough here because the graph is recorded in execution
// order, which is already a topological order (as in micrograd's engine and TF.js's tape).
import { ShapeError, ValidationError } from '../errors.js';
import { itemSize } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import { setTape, tape as activeTape, type Recorder } from '../core/tape.js';
import { asMatrix, checkMatrix, describe } from '../core/validate.js';
import { gemm } from '../linalg/matmul.js';
import { kernel, typed } from '../runtime/kernels.js';
import { runtime, type Runtime } from '../runtime/load.js';
import { scope } from '../runtime/scope.js';

interface Node {
  op: string;
  inputs: readonly unknown[];
  output: Matrix | number;
  attrs: Readonly<Record<string, unknown>>;
}

const NONE: Readonly<Record<string, unknown>> = Object.freeze({});

class Tape implements Recorder {
  readonly nodes: Node[] = [];
  /** Matrices whose gradient is wanted: the parameters and everything computed from them. */
  readonly tracked = new Set<Matrix>();

  record(op: string, inputs: readonly unknown[], output: Matrix | number, attrs?: Readonly<Record<string, unknown>>): void {
    let depends = false;
    for (const x of inputs) if (x instanceof Matrix && this.tracked.has(x)) depends = true;
    if (!depends) return; // a constant with respect to the parameters: nothing to differentiate
    if (!Object.prototype.hasOwnProperty.call(RULES, op)) {
      throw new ValidationError(`wl.autograd: wl.${op} is not differentiable; inside valueAndGrad it may only see values that do not depend on the parameters (differentiable: ${Object.keys(RULES).join(', ')})`);
    }
    if (output instanceof Matrix) {
      if (this.tracked.has(output)) {
        throw new ValidationError(`wl.autograd: ${op} wrote into a Matrix the gradient still needs (an \`out\` option or an in-place op); inside valueAndGrad let every op create its result`);
      }
      this.tracked.add(output);
    }
    this.nodes.push({ op, inputs, output, attrs: attrs ?? NONE });
  }
}

/** The gradient buffers of one backward pass. */
class Backward {
  readonly grads = new Map<Matrix, Matrix>();
  readonly #scratch: number[] = [];

  constructor(
    readonly rt: Runtime,
    readonly tape: Tape,
  ) {}

  /** A one-element heap block holding v (freed at the end of the pass), for number operands. */
  scalar(v: number, like: Matrix): number {
    const ptr = this.rt.heap.alloc(16);
    this.#scratch.push(ptr);
    if (like.dtype === 'float32') this.rt.heap.f32[ptr >>> 2] = v;
    else this.rt.heap.f64[ptr >>> 3] = v;
    return ptr;
  }

  freeScratch(): void {
    for (const p of this.#scratch) this.rt.heap.free(p);
    this.#scratch.length = 0;
  }

  /**
   * Adds a contribution to x's gradient when x is tracked. `write(out, acc)` must store into out
   * (acc false: out is uninitialized) or add to it (acc true).
   */
  accumulate(x: unknown, write: (out: Matrix, acc: boolean) => void): void {
    if (!(x instanceof Matrix) || !this.tape.tracked.has(x)) return;
    const g = this.grads.get(x);
    if (g !== undefined) {
      write(g, true);
      return;
    }
    const fresh = Matrix.alloc(this.rt, x.rows, x.cols, x.dtype);
    try {
      write(fresh, false);
    } catch (error) {
      fresh.dispose();
      throw error;
    }
    this.grads.set(x, fresh);
  }

  /**
   * out (x's shape, broadcast into rows×cols) += alpha·term(g, b, c) through ag_bcast_grad; g, b, c
   * are matrices (broadcast to rows×cols) or heap addresses of one value.
   */
  bcast(x: unknown, mode: number, rows: number, cols: number, g: Matrix | number, b: Matrix | number | null, c: Matrix | null, alpha: number): void {
    this.accumulate(x, (out, acc) => {
      if (!acc) typed(this.rt.kernels, 'fill', out.dtype)(out.ptr, 0, out.size);
      if (rows * cols === 0) return;
      const [gp, gr, gc] = strides(g, rows, cols);
      const [bp, br, bc] = b === null ? [gp, 0, 0] : strides(b, rows, cols);
      const [cp, cr, cc] = c === null ? [gp, 0, 0] : strides(c, rows, cols);
      const [, or, oc] = strides(out, rows, cols);
      typed(this.rt.kernels, 'ag_bcast_grad', out.dtype)(mode, rows, cols, gp, gr, gc, bp, br, bc, cp, cr, cc, out.ptr, or, oc, alpha);
    });
  }
}

/** Address and (row, column) element strides of an operand read over a rows×cols index space. */
function strides(m: Matrix | number, rows: number, cols: number): [number, number, number] {
  if (typeof m === 'number') return [m, 0, 0]; // a heap address of one value
  return [m.ptr, m.rows === rows && rows > 1 ? m.cols : 0, m.cols === cols && cols > 1 ? 1 : 0];
}

// modes of ag_bcast_grad and ag_unary_grad (assembly/autograd.ts)
const G = 0, GB = 1, G_DIV_B = 2, GC_DIV_B = 3;
const UNARY: Record<string, number> = { exp: 0, log: 1, tanh: 2, sigmoid: 3, sqrt: 4, square: 5, abs: 6, log1p: 7, expm1: 8, clip: 10 };
const POW = 9;

type Rule = (bw: Backward, node: Node, g: Matrix | number) => void;

/** A number operand as a heap address (constants), or the Matrix itself. */
function operand(bw: Backward, x: unknown, like: Matrix): Matrix | number {
  return x instanceof Matrix ? x : bw.scalar(x as number, like);
}

/** Gradients of out = op(A, B) for the broadcasting binary ops; out is rows×cols. */
const binaryRules: Record<string, Rule> = {
  add: (bw, { inputs: [A, B], output }, g) => {
    const { rows, cols } = output as Matrix;
    bw.bcast(A, G, rows, cols, g as Matrix, null, null, 1);
    bw.bcast(B, G, rows, cols, g as Matrix, null, null, 1);
  },
  sub: (bw, { inputs: [A, B], output }, g) => {
    const { rows, cols } = output as Matrix;
    bw.bcast(A, G, rows, cols, g as Matrix, null, null, 1);
    bw.bcast(B, G, rows, cols, g as Matrix, null, null, -1);
  },
  mul: (bw, { inputs: [A, B], output }, g) => {
    const out = output as Matrix;
    bw.bcast(A, GB, out.rows, out.cols, g as Matrix, operand(bw, B, out), null, 1);
    bw.bcast(B, GB, out.rows, out.cols, g as Matrix, operand(bw, A, out), null, 1);
  },
  div: (bw, { inputs: [A, B], output }, g) => {
    const out = output as Matrix;
    const b = operand(bw, B, out);
    bw.bcast(A, G_DIV_B, out.rows, out.cols, g as Matrix, b, null, 1);
    bw.bcast(B, GC_DIV_B, out.rows, out.cols, g as Matrix, b, out, -1); // d(a/b)/db = −(a/b)/b
  },
};

/** sum / mean: without axis the output is a number; with axis 0 a 1×cols row, axis 1 a rows×1 column. */
function reduceRule(mean: boolean): Rule {
  return (bw, { inputs: [A], attrs }, g) => {
    const a = A as Matrix;
    if (typeof g === 'number') {
      const n = a.size;
      bw.bcast(a, G, a.rows, a.cols, bw.scalar(g, a), null, null, mean && n > 0 ? 1 / n : 1);
    } else {
      const n = attrs.axis === 0 ? a.rows : a.cols; // the reduced length
      bw.bcast(a, G, a.rows, a.cols, g, null, null, mean && n > 0 ? 1 / n : 1);
    }
  };
}

function unaryRule(mode: number): Rule {
  return (bw, { inputs: [A, p], output }, g) => {
    const a = A as Matrix, y = output as Matrix, gm = g as Matrix;
    bw.accumulate(a, (out, acc) => typed(bw.rt.kernels, 'ag_unary_grad', a.dtype)(mode, gm.ptr, a.ptr, y.ptr, out.ptr, a.size, +acc, typeof p === 'number' ? p : 0));
  };
}

/** C = op(A)·op(B): dop(A) = G·op(B)ᵀ, dop(B) = op(A)ᵀ·G, written with the GEMM's transposes. */
const matmulRule: Rule = (bw, { inputs: [A, B], attrs }, g) => {
  const tA = attrs.transA === true, tB = attrs.transB === true;
  const G = g as Matrix;
  const owned: Matrix[] = [];
  const mat = (x: unknown): Matrix => {
    if (x instanceof Matrix) return x;
    const m = asMatrix(bw.rt, x, 'B', G.dtype).matrix;
    owned.push(m);
    return m;
  };
  try {
    bw.accumulate(A, (out, acc) => {
      const b = mat(B);
      if (!tA) gemm(out, G, b, { transB: !tB, beta: +acc });
      else gemm(out, b, G, { transA: tB, transB: true, beta: +acc });
    });
    bw.accumulate(B, (out, acc) => {
      const a = mat(A);
      if (!tB) gemm(out, a, G, { transA: !tA, beta: +acc });
      else gemm(out, G, a, { transA: true, transB: tA, beta: +acc });
    });
  } finally {
    for (const m of owned) m.dispose();
  }
};

/** out (+)= src, for kernels that can only write a fresh result: into out directly, or via a temporary. */
function writeOrAdd(bw: Backward, out: Matrix, acc: boolean, compute: (dst: Matrix) => void): void {
  if (!acc) return compute(out);
  const tmp = Matrix.alloc(bw.rt, out.rows, out.cols, out.dtype);
  try {
    compute(tmp);
    typed(bw.rt.kernels, 'axpy', out.dtype)(1, tmp.ptr, out.ptr, out.size);
  } finally {
    tmp.dispose();
  }
}

const RULES: Record<string, Rule> = {
  ...binaryRules,
  sum: reduceRule(false),
  mean: reduceRule(true),
  ...Object.fromEntries(Object.entries(UNARY).map(([name, mode]) => [name, unaryRule(mode)])),
  pow: unaryRule(POW),
  matmul: matmulRule,
  scale: (bw, { inputs: [A, alpha] }, g) => {
    const a = A as Matrix;
    bw.bcast(a, G, a.rows, a.cols, g as Matrix, null, null, alpha as number);
  },
  transpose: (bw, { inputs: [A] }, g) => {
    const gm = g as Matrix;
    bw.accumulate(A, (out, acc) => writeOrAdd(bw, out, acc, (dst) => typed(bw.rt.kernels, 'transpose', gm.dtype)(gm.ptr, dst.ptr, gm.rows, gm.cols)));
  },
  // nn activations (assembly/activation.ts): attrs { kind: the kernel's activation code, alpha }
  activation: (bw, { inputs: [X], output, attrs }, g) => {
    const x = X as Matrix, y = output as Matrix, gm = g as Matrix;
    bw.accumulate(x, (out, acc) =>
      writeOrAdd(bw, out, acc, (dst) => typed(bw.rt.kernels, 'act_backward', x.dtype)(attrs.kind as number, x.ptr, y.ptr, gm.ptr, dst.ptr, x.size, attrs.alpha as number)),
    );
  },
  // nn softmax / logSoftmax along rows: attrs { log: boolean }
  softmax: (bw, { inputs: [X], output, attrs }, g) => {
    const y = output as Matrix, gm = g as Matrix;
    bw.accumulate(X, (out, acc) => writeOrAdd(bw, out, acc, (dst) => typed(bw.rt.kernels, 'softmax_backward', y.dtype)(attrs.log ? 1 : 0, y.ptr, gm.ptr, dst.ptr, y.rows, y.cols)));
  },
  // nn losses: the kernel computed ∂loss/∂pred with the value (attrs.grad); the chain rule scales it
  loss: (bw, { inputs: [pred], attrs }, g) => {
    const grad = attrs.grad;
    if (!(grad instanceof Matrix) || grad === pred) {
      throw new ValidationError('wl.autograd: a loss inside valueAndGrad needs its gradient in a Matrix of its own: leave the grad option unset (not false, not pred)');
    }
    bw.accumulate(pred, (out, acc) => {
      if (!acc) typed(bw.rt.kernels, 'scale', out.dtype)(grad.ptr, g as number, out.ptr, out.size);
      else typed(bw.rt.kernels, 'axpy', out.dtype)(g as number, grad.ptr, out.ptr, out.size);
    });
  },
  // nn dense layer Y = X·W + b (b: 1×out or out×1)
  dense: (bw, { inputs: [X, W, b], output }, g) => {
    const gm = g as Matrix, y = output as Matrix;
    bw.accumulate(X, (out, acc) => gemm(out, gm, W as Matrix, { transB: true, beta: +acc }));
    bw.accumulate(W, (out, acc) => gemm(out, X as Matrix, gm, { transA: true, beta: +acc }));
    // db = Σ_rows G: read G over its own rows×cols space into b's cells (b's layout may be out×1)
    bw.accumulate(b, (out, acc) => {
      if (!acc) typed(bw.rt.kernels, 'fill', out.dtype)(out.ptr, 0, out.size);
      if (y.size > 0) typed(bw.rt.kernels, 'ag_bcast_grad', out.dtype)(G, y.rows, y.cols, gm.ptr, y.cols, 1, gm.ptr, 0, 0, gm.ptr, 0, 0, out.ptr, 0, 1, 1);
    });
  },
};

/** The ops the tape can differentiate (the names ops record under). */
export const differentiableOps: readonly string[] = Object.freeze(Object.keys(RULES));

export interface ValueAndGradResult {
  /** fn's value. */
  value: number;
  /** ∂value/∂params[i], one per parameter, same shape and dtype; owned by the caller (dispose them). */
  grads: Matrix[];
}

/**
 * Turns fn(...params) → scalar into a function returning the value and the gradient with respect
 * to every parameter. fn is written with wl ops (add/sub/mul/div with broadcasting, exp, log,
 * tanh, sigmoid, sqrt, square, abs, sum, mean, matmul, transpose, scale, and the wl.nn.functional
 * activations, softmax, losses and dense); it must return a number produced by a reduction or loss
 * (wl.sum, wl.mean, a loss's value) or a 1×1 Matrix. Numbers are constants: arithmetic on them in
 * JavaScript is not seen by the tape, so combine terms with wl ops (e.g. wl.add of two 1×1 sums).
 * Every Matrix fn creates is freed when the call returns.
 */
export function valueAndGrad<P extends Matrix[]>(fn: (...params: P) => Matrix | number): (...params: P) => ValueAndGradResult {
  if (typeof fn !== 'function') throw new ValidationError(`wl.autograd.valueAndGrad: fn: expected a function, got ${describe(fn)}`);
  return (...params: P): ValueAndGradResult => {
    const rt = runtime('wl.autograd.valueAndGrad()');
    params.forEach((p, i) => checkMatrix(p, `params[${i}]`));
    if (activeTape !== null) throw new ValidationError('wl.autograd.valueAndGrad: already recording; nested valueAndGrad (higher derivatives) is not supported');
    return scope(() => {
      const tape = new Tape();
      for (const p of params) tape.tracked.add(p);
      const previous = setTape(tape);
      let result: unknown;
      try {
        result = fn(...params);
      } finally {
        setTape(previous);
      }
      return backward(rt, tape, params, result);
    });
  };
}

/** Convenience: the gradients only. */
export function grad<P extends Matrix[]>(fn: (...params: P) => Matrix | number): (...params: P) => Matrix[] {
  const vg = valueAndGrad(fn);
  return (...params: P) => vg(...params).grads;
}

function backward(rt: Runtime, tape: Tape, params: Matrix[], result: unknown): ValueAndGradResult {
  const { nodes } = tape;
  // the root: a 1×1 Matrix, or the number a recorded reduction returned (the latest such record)
  let root = -1;
  let value: number;
  let seed: Matrix | number;
  if (result instanceof Matrix) {
    checkMatrix(result, 'fn()');
    if (result.size !== 1) throw new ShapeError(`wl.autograd.valueAndGrad: fn must return a scalar (a number or a 1×1 Matrix), got a ${result.rows}×${result.cols} Matrix; reduce it with wl.sum or wl.mean`);
    value = result.get(0, 0);
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i].output === result) { root = i; break; }
    seed = Matrix.alloc(rt, 1, 1, result.dtype);
    (seed as Matrix).set(0, 0, 1);
  } else if (typeof result === 'number') {
    value = result;
    for (let i = nodes.length - 1; i >= 0; i--) if (typeof nodes[i].output === 'number' && Object.is(nodes[i].output, result)) { root = i; break; }
    if (root < 0) {
      throw new ValidationError(
        `wl.autograd.valueAndGrad: fn returned ${result}, which no recorded op produced from the parameters. Return the number a wl.sum/wl.mean/loss gave (JavaScript arithmetic on numbers is not recorded), or a 1×1 Matrix`,
      );
    }
    seed = 1;
  } else {
    throw new ValidationError(`wl.autograd.valueAndGrad: fn must return a number or a 1×1 Matrix, got ${describe(result)}`);
  }
  const bw = new Backward(rt, tape);
  try {
    if (result instanceof Matrix && tape.tracked.has(result)) bw.grads.set(result, seed as Matrix);
    const rootGrad = (node: Node): Matrix | number | undefined => (typeof node.output === 'number' ? (node === nodes[root] ? (seed as number) : undefined) : bw.grads.get(node.output));
    const isParam = new Set(params);
    for (let i = root; i >= 0; i--) {
      const node = nodes[i];
      const g = rootGrad(node);
      if (g === undefined) continue;
      const rule = RULES[node.op];
      if (rule === undefined) throw new ValidationError(`wl.autograd: no gradient for op "${node.op}"`);
      rule(bw, node, g);
      // this intermediate's gradient is used up: free it now rather than at the end
      if (node.output instanceof Matrix && !isParam.has(node.output)) {
        bw.grads.get(node.output)?.dispose();
        bw.grads.delete(node.output);
      }
      bw.freeScratch();
    }
    const grads: Matrix[] = [];
    const given = new Set<Matrix>();
    for (const p of params) {
      let gp = bw.grads.get(p);
      if (gp === undefined) {
        gp = Matrix.alloc(rt, p.rows, p.cols, p.dtype); // fn does not depend on p
        typed(rt.kernels, 'fill', p.dtype)(gp.ptr, 0, p.size);
      } else if (given.has(gp)) {
        gp = copy(rt, gp); // the same Matrix passed twice: two gradients, each the caller's
      }
      given.add(gp);
      grads.push(gp);
    }
    return { value, grads };
  } finally {
    bw.freeScratch();
  }
}

function copy(rt: Runtime, m: Matrix): Matrix {
  const out = Matrix.alloc(rt, m.rows, m.cols, m.dtype);
  kernel(rt.kernels, 'copy_bytes')(m.ptr, out.ptr, m.size * itemSize(m.dtype));
  return out;
}
