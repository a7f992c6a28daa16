// Helpers shared by the clustering, decomposition and neighbour estimators.
import type { DType } from '../core/dtype.js';
import { Matrix } from '../core/matrix.js';
import type { Runtime } from '../runtime/load.js';
import { checkFeatures, readX, release, type Borrowed } from '../base/index.js';

/** X for predict/transform in the model's dtype, with the feature count seen in fit (ShapeError otherwise). */
export function readFitted(rt: Runtime, X: unknown, nFeatures: number, dtype: DType): Borrowed {
  const x = readX(rt, X, 'X', dtype);
  try {
    checkFeatures(x.matrix, nFeatures);
  } catch (error) {
    release(x);
    throw error;
  }
  return x;
}

/** float32 data stays float32 (as scikit-learn keeps float32 arrays); everything else is float64. */
export function dtypeOf(X: unknown): DType {
  return (X instanceof Matrix && X.dtype === 'float32') || X instanceof Float32Array || (X as { data?: unknown } | null)?.data instanceof Float32Array ? 'float32' : 'float64';
}
