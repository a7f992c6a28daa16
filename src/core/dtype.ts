/** Element types a Matrix can hold. */
export type DType = 'float64' | 'float32';

export type TypedArrayOf<D extends DType> = D extends 'float32' ? Float32Array : Float64Array;
export type FloatArray = Float64Array | Float32Array;

export const DTYPES: readonly DType[] = ['float64', 'float32'];

/** Bytes per element. */
export function itemSize(dtype: DType): number {
  return dtype === 'float32' ? 4 : 8;
}
