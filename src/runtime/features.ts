// Feature probes: tiny modules that *compute* with a feature and check the answer. Validation alone
// is not enough: an engine may accept an opcode and still compute it wrongly.

/** (i32x4.splat 20 + i32x4.splat 22).lane[1] — must be 42. */
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 18, 1, 16, 0, 65, 20, 253, 17, 65, 22, 253, 17, 253, 174, 1, 253, 27, 1, 11];

/** f32x4.relaxed_madd(2, 3, 4).lane[2] — must be 10 (exact whether fused or not). */
const RELAXED_SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 125, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 31, 1, 29, 0, 67, 0, 0, 0, 64, 253, 19, 67, 0, 0, 64, 64, 253, 19, 67, 0, 0, 128, 64, 253, 19, 253, 133, 2, 253, 31, 2, 11];

export type Build = 'relaxed-simd' | 'simd' | 'scalar';
export const BUILDS: readonly Build[] = ['relaxed-simd', 'simd', 'scalar'];

/** What the engine supports and which build runs. */
export interface Features {
  /** Wasm SIMD128 works in this engine. */
  simd: boolean;
  /** Relaxed SIMD (fused multiply-add) works in this engine. */
  relaxedSimd: boolean;
  /** Threads are not used: every kernel runs on the calling thread. */
  threads: false;
  /** The build that is running. */
  build: Build;
  /** Why that build was chosen. */
  reason: string;
}

function probe(bytes: number[], expected: number): boolean {
  try {
    const module = new WebAssembly.Module(new Uint8Array(bytes));
    const f = new WebAssembly.Instance(module).exports.f as () => number;
    return f() === expected;
  } catch {
    return false;
  }
}

export interface EngineSupport {
  simd: boolean;
  relaxedSimd: boolean;
}

let support: EngineSupport | undefined;

/**
 * Probes the engine once. Compiling a module this small synchronously is allowed everywhere
 * except where runtime code generation is forbidden (Cloudflare Workers); there every probe
 * fails and the caller relies on the module it was given.
 */
export function engineSupport(): EngineSupport {
  support ??= { simd: probe(SIMD_PROBE, 42), relaxedSimd: probe(RELAXED_SIMD_PROBE, 10) };
  return support;
}

/** The best build the engine runs, and why. */
export function bestBuild(s: EngineSupport): { build: Build; reason: string } {
  if (s.relaxedSimd && s.simd) return { build: 'relaxed-simd', reason: 'the engine computes relaxed SIMD (fused multiply-add) correctly' };
  if (s.simd) return { build: 'simd', reason: 'the engine computes SIMD128 but not relaxed SIMD' };
  return { build: 'scalar', reason: 'the engine has no working WebAssembly SIMD128' };
}
