// The module's exports as TypeScript sees them. Kernels take pointers and sizes and return numbers;
// the f32/f64 variants of one generic kernel differ only in their suffix.
import { LoadError } from '../errors.js';
import type { DType } from '../core/dtype.js';

export type Kernel = (...args: number[]) => number;

/**
 * The module's memory as the declarations see it: structurally, so that the published .d.ts needs
 * no DOM lib for `WebAssembly` (it type-checks with lib ES2022 and @types/node alone).
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

export interface Kernels {
  readonly memory: WasmMemory;
  alloc(bytes: number): number;
  free(ptr: number): number;
  build_id(): number;
  [name: string]: Kernel | WasmMemory;
}

/** The kernel `name_f32` or `name_f64` for a dtype. */
export function typed(kernels: Kernels, name: string, dtype: DType): Kernel {
  return kernel(kernels, `${name}_${dtype === 'float32' ? 'f32' : 'f64'}`);
}

/** A kernel by its exported name; a missing one means the .wasm and the JS are from different builds. */
export function kernel(kernels: Kernels, name: string): Kernel {
  const fn = kernels[name];
  if (typeof fn !== 'function') {
    throw new LoadError(`the WebAssembly module has no kernel "${name}": the .wasm file and the JavaScript are from different versions of wasmlearn. Rebuild (npm run build) or serve the .wasm files of this version.`);
  }
  return fn as Kernel;
}
