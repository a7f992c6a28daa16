// Shared test helpers. Tests import the built package (build/dist), exactly what users get.
import { vi } from 'vitest';

export type WL = typeof import('../build/dist/index.js');
export const BUILDS = ['relaxed-simd', 'simd', 'scalar'] as const;

/** A fresh copy of the library (its own module state), initialized with `build` (default: best). */
export async function freshWl(build?: (typeof BUILDS)[number]): Promise<WL> {
  vi.resetModules();
  const wl: WL = await import('../build/dist/index.js');
  await wl.init(build ? { build } : {});
  return wl;
}

/** A fresh copy of the library, not initialized. */
export async function freshModule(): Promise<WL> {
  vi.resetModules();
  return import("../build/dist/index.js");
}

/** The shared, initialized library for tests that do not care which build runs. */
let shared: Promise<WL> | undefined;
export function getWl(): Promise<WL> {
  shared ??= import('../build/dist/index.js').then(async (wl) => {
    await wl.init();
    return wl;
  });
  return shared;
}

/** Deterministic JS-side random numbers for test inputs (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in [-1, 1). */
export function randomArray(n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => 2 * r() - 1);
}
