// Operations on gradient buffers between backward and the optimizer step: clipping (PyTorch's
// clip_grad_norm_ / clip_grad_value_) and elastic-net penalties (Keras' l1_l2 regularizer
// convention). One Wasm call per buffer.
import { InvalidParameterError, ShapeError, ValidationError } from '../errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkMatrix, checkOptions, describe } from '../core/validate.js';
import { typed } from '../runtime/kernels.js';

function matrices(list: unknown, name: string): Matrix[] {
  if (!Array.isArray(list)) throw new ValidationError(`${name}: expected an array of Matrix, got ${describe(list)}`);
  list.forEach((m, i) => checkMatrix(m, `${name}[${i}]`));
  return list as Matrix[];
}

/**
 * Scales every gradient in place by min(1, maxNorm / (‖g‖ + 1e-6)), where ‖g‖ is the L2 norm of
 * all gradients together, as if concatenated. Returns ‖g‖ before clipping.
 */
export function clipGradNorm(grads: Matrix[], maxNorm: number): number {
  const gs = matrices(grads, 'clipGradNorm: grads');
  if (typeof maxNorm !== 'number' || !(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new InvalidParameterError(`clipGradNorm: maxNorm: expected a finite number > 0, got ${describe(maxNorm)}`);
  }
  // per-buffer norms by the scaled kernel (no overflow of Σg² in float32), combined by hypot
  let total = 0;
  for (const g of gs) total = Math.hypot(total, typed(g.runtime.kernels, 'norm_fro', g.dtype)(g.ptr, g.size));
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const g of gs) typed(g.runtime.kernels, 'scale', g.dtype)(g.ptr, coef, g.ptr, g.size);
  return total;
}

/** Clamps every gradient element into [−clipValue, clipValue], in place. */
export function clipGradValue(grads: Matrix[], clipValue: number): void {
  const gs = matrices(grads, 'clipGradValue: grads');
  if (typeof clipValue !== 'number' || !(clipValue >= 0) || !Number.isFinite(clipValue)) {
    throw new InvalidParameterError(`clipGradValue: clipValue: expected a finite number >= 0, got ${describe(clipValue)}`);
  }
  for (const g of gs) typed(g.runtime.kernels, 'grad_clip_value', g.dtype)(g.ptr, g.size, -clipValue, clipValue);
}

export interface PenaltyOptions {
  /** Weight of Σ|w| (default 0). */
  l1?: number;
  /** Weight of Σw² (default 0). */
  l2?: number;
}

/**
 * The elastic-net penalty l1·Σ|w| + l2·Σw² over all `params` (Keras' convention: the L2 term
 * has no ½, its gradient is 2·l2·w). With `grads` (same shapes, or null for the value only), adds
 * the penalty's (sub)gradient l1·sign(w) + 2·l2·w into each grad in place, sign(0) = 0. One
 * fused Wasm call per buffer: value and gradient in one pass. Returns the penalty value.
 */
export function addPenaltyGrad(params: Matrix[], grads: Matrix[] | null, options: PenaltyOptions): number {
  const ps = matrices(params, 'addPenaltyGrad: params');
  const gs = grads === null ? null : matrices(grads, 'addPenaltyGrad: grads');
  const o = checkOptions(options, ['l1', 'l2'], 'addPenaltyGrad');
  const weight = (key: 'l1' | 'l2'): number => {
    const v = o[key] ?? 0;
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new InvalidParameterError(`addPenaltyGrad: option ${key}: expected a finite number >= 0, got ${describe(v)}`);
    return v;
  };
  const l1 = weight('l1');
  const l2 = weight('l2');
  if (gs !== null) {
    if (gs.length !== ps.length) throw new ShapeError(`addPenaltyGrad: grads: expected ${ps.length} gradients (one per parameter), got ${gs.length}`);
    for (let i = 0; i < ps.length; i++) {
      if (ps[i].rows !== gs[i].rows || ps[i].cols !== gs[i].cols) throw new ShapeError(`addPenaltyGrad: grads[${i}]: expected shape ${ps[i].rows}×${ps[i].cols} (like params[${i}]), got ${gs[i].rows}×${gs[i].cols}`);
      if (ps[i].dtype !== gs[i].dtype) throw new ValidationError(`addPenaltyGrad: grads[${i}]: expected dtype ${ps[i].dtype} (like params[${i}]), got ${gs[i].dtype}`);
    }
  }
  let value = 0;
  if (l1 === 0 && l2 === 0) return 0;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    value += typed(p.runtime.kernels, 'penalty_grad', p.dtype)(p.ptr, gs === null ? 0 : gs[i].ptr, p.size, l1, l2);
  }
  return value;
}
