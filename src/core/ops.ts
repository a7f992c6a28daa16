// Elementwise arithmetic and reductions on matrices, each one kernel call. Results are new
// matrices unless `out` is given (it may be one of the inputs: the kernels allow aliasing).
import { typed } from '../runtime/kernels.js';
import { runtime } from '../runtime/load.js';
import { Matrix } from './matrix.js';
import { tape } from './tape.js';
import { ShapeError, ValidationError } from '../errors.js';
import { itemSize, type DType } from './dtype.js';
import { checkMatrix, checkNumber, checkOptions, checkRange, checkSameShape, convert, parseDType } from './validate.js';

export interface OutOptions {
  /** Write the result here (same shape and dtype) instead of a new Matrix. */
  out?: Matrix;
}

/** An operand of a broadcasting operation: a number, or a Matrix (rows×cols, 1×cols, rows×1 or 1×1). */
export type Operand<D extends DType = DType> = Matrix<D> | number;

/** One broadcast dimension, as NumPy: equal, or one side is 1. */
function broadcastDim(a: number, b: number, what: string, A: Matrix | null, B: Matrix | null): number {
  if (a === b || b === 1) return a;
  if (a === 1) return b;
  throw new ShapeError(
    `B: a ${B!.rows}×${B!.cols} B does not broadcast against a ${A!.rows}×${A!.cols} A (${what}: ${a} vs ${b}; each dimension must be equal or 1)`,
  );
}

/**
 * `op(A, B)` elementwise with NumPy broadcasting: each side is a number, a rows×cols matrix, a 1×cols
 * row (repeated down), a rows×1 column (repeated across) or 1×1; the result has the broadcast shape.
 * One kernel call; `out` (the broadcast shape, the operands' dtype) may be A or B.
 */
export function broadcastBinary(name: string, A: unknown, B: unknown, options?: OutOptions): Matrix {
  const rt = runtime(`wl.${name}()`);
  const aIsNum = typeof A === 'number';
  const bIsNum = typeof B === 'number';
  if (aIsNum) checkNumber(A, 'A');
  else checkMatrix(A, 'A');
  if (bIsNum) checkNumber(B, 'B');
  else checkMatrix(B, 'B');
  if (aIsNum && bIsNum) throw new ValidationError(`wl.${name}: at least one of A and B must be a Matrix, got two numbers`);
  const a = aIsNum ? null : (A as Matrix);
  const b = bIsNum ? null : (B as Matrix);
  if (a && b && a.dtype !== b.dtype) {
    throw new ValidationError(`B: expected dtype ${a.dtype} (like A), got ${b.dtype}; convert one with wl.clone(B, '${a.dtype}')`);
  }
  const dtype = (a ?? b)!.dtype;
  if (aIsNum) checkRange(A as number, dtype, 'A');
  if (bIsNum) checkRange(B as number, dtype, 'B');
  const rows = broadcastDim(a?.rows ?? 1, b?.rows ?? 1, 'rows', a, b);
  const cols = broadcastDim(a?.cols ?? 1, b?.cols ?? 1, 'cols', a, b);
  const opts = checkOptions(options, ['out'], `wl.${name}`);
  let out: Matrix;
  if (opts.out === undefined) out = Matrix.alloc(rt, rows, cols, dtype);
  else {
    out = checkMatrix(opts.out, 'out');
    if (out.rows !== rows || out.cols !== cols) throw new ShapeError(`out: expected shape ${rows}×${cols} (the broadcast shape of A and B), got ${out.rows}×${out.cols}`);
    if (out.dtype !== dtype) throw new ValidationError(`out: expected dtype ${dtype} (like the operands), got ${out.dtype}`);
  }
  if (rows * cols === 0) return out;
  // Numbers go through a one-element block so that one kernel serves every combination.
  const item = itemSize(dtype);
  const scratch = aIsNum || bIsNum ? rt.heap.alloc(16) : 0;
  try {
    const view = dtype === 'float32' ? rt.heap.f32 : rt.heap.f64;
    if (scratch) view[scratch / item] = (aIsNum ? A : B) as number;
    const pa = a ? a.ptr : scratch;
    const pb = b ? b.ptr : scratch;
    // element strides per row and per column: 0 repeats the operand along that dimension
    const aRow = a && a.rows === rows ? a.cols : 0;
    const aCol = a && a.cols === cols ? 1 : 0;
    const bRow = b && b.rows === rows ? b.cols : 0;
    const bCol = b && b.cols === cols ? 1 : 0;
    const k = typed(rt.kernels, `bcast_${name}`, dtype);
    const aFull = a !== null && a.size === rows * cols;
    const bFull = b !== null && b.size === rows * cols;
    const aOne = a === null || a.size === 1;
    const bOne = b === null || b.size === 1;
    // each side full or a single value: one contiguous run of rows·cols elements
    if ((aFull || aOne) && (bFull || bOne)) k(pa, 0, aFull ? 1 : 0, pb, 0, bFull ? 1 : 0, out.ptr, 1, rows * cols);
    else k(pa, aRow, aCol, pb, bRow, bCol, out.ptr, rows, cols);
  } finally {
    if (scratch) rt.heap.free(scratch);
  }
  if (tape !== null) tape.record(name, [A, B], out);
  return out;
}

/** A + B, elementwise with broadcasting (number, 1×cols, rows×1 or rows×cols on either side). */
export function add<D extends DType>(A: Operand<D>, B: Operand<D>, options?: OutOptions): Matrix<D> {
  return broadcastBinary('add', A, B, options) as Matrix<D>;
}
/** A − B, elementwise with broadcasting (`wl.sub(1, P)` is 1 − P). */
export function sub<D extends DType>(A: Operand<D>, B: Operand<D>, options?: OutOptions): Matrix<D> {
  return broadcastBinary('sub', A, B, options) as Matrix<D>;
}
/** A ⊙ B, elementwise product with broadcasting. */
export function mul<D extends DType>(A: Operand<D>, B: Operand<D>, options?: OutOptions): Matrix<D> {
  return broadcastBinary('mul', A, B, options) as Matrix<D>;
}
/** A / B, elementwise with broadcasting (IEEE: x/0 is ±Infinity). */
export function div<D extends DType>(A: Operand<D>, B: Operand<D>, options?: OutOptions): Matrix<D> {
  return broadcastBinary('div', A, B, options) as Matrix<D>;
}

function target(A: Matrix, options: OutOptions | undefined, name: string): Matrix {
  const opts = checkOptions(options, ['out'], `wl.${name}`);
  if (opts.out === undefined) return Matrix.alloc(A.runtime, A.rows, A.cols, A.dtype);
  const out = checkMatrix(opts.out, 'out');
  checkSameShape(A, out, 'A', 'out');
  return out;
}

/** alpha · A */
export function scale(A: Matrix, alpha: number, options?: OutOptions): Matrix {
  const rt = runtime('wl.scale()');
  checkMatrix(A, 'A');
  checkRange(checkNumber(alpha, 'alpha'), A.dtype, 'alpha');
  const out = target(A, options, 'scale');
  typed(rt.kernels, 'scale', A.dtype)(A.ptr, alpha, out.ptr, A.size);
  if (tape !== null) tape.record('scale', [A, alpha], out);
  return out;
}

/** Y += alpha · X, in place (BLAS axpy). Returns Y. */
export function axpy(alpha: number, X: Matrix, Y: Matrix): Matrix {
  const rt = runtime('wl.axpy()');
  checkNumber(alpha, 'alpha');
  checkMatrix(X, 'X');
  checkMatrix(Y, 'Y');
  checkSameShape(X, Y, 'X', 'Y');
  checkRange(alpha, X.dtype, 'alpha');
  typed(rt.kernels, 'axpy', X.dtype)(alpha, X.ptr, Y.ptr, X.size);
  return Y;
}

/** Sets every element of A to value, in place. Returns A. */
export function fill(A: Matrix, value: number): Matrix {
  const rt = runtime('wl.fill()');
  checkMatrix(A, 'A');
  checkRange(checkNumber(value, 'value'), A.dtype, 'value');
  typed(rt.kernels, 'fill', A.dtype)(A.ptr, value, A.size);
  return A;
}

/** Σ A[i]·B[i] over all elements (same shape). */
export function dot(A: Matrix, B: Matrix): number {
  const rt = runtime('wl.dot()');
  checkMatrix(A, 'A');
  checkMatrix(B, 'B');
  checkSameShape(A, B, 'A', 'B');
  return typed(rt.kernels, 'dot', A.dtype)(A.ptr, B.ptr, A.size);
}

// sum, min and max (with axis options) live in reduce.ts; re-exported here for existing imports.
export { sum, min, max } from './reduce.js';

/** A copy of A, optionally in another dtype. */
export function clone<D extends DType>(A: Matrix, dtype: D): Matrix<D>;
export function clone<D extends DType>(A: Matrix<D>): Matrix<D>;
export function clone(A: Matrix, dtype?: DType): Matrix {
  const rt = runtime('wl.clone()');
  checkMatrix(A, 'A');
  return convert(rt, A, parseDType(dtype, 'wl.clone', A.dtype));
}

/** Aᵀ as a new matrix (cols×rows). */
export function transpose(A: Matrix): Matrix {
  const rt = runtime('wl.transpose()');
  checkMatrix(A, 'A');
  const out = Matrix.alloc(rt, A.cols, A.rows, A.dtype);
  typed(rt.kernels, 'transpose', A.dtype)(A.ptr, out.ptr, A.rows, A.cols);
  if (tape !== null) tape.record('transpose', [A], out);
  return out;
}
