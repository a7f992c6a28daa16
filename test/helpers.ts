// Shared test helpers. Tests import the built package (build/dist), exactly what users get.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, vi } from 'vitest';

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

// ---- plain JS references over row-major arrays, for checking kernels ----

/** C = A·B for A: m×k, B: k×n (row-major). */
export function jsMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const v = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += v * b[p * n + j];
    }
  }
  return c;
}

/** Aᵀ (n×m) of A: m×n (row-major). */
export function jsTranspose(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/** Frobenius norm. */
export function fro(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** ‖a − b‖ (Frobenius). */
export function diff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** The elements of a Matrix as a plain array. */
export const flat = (M: { toTypedArray(): ArrayLike<number> }): number[] => Array.from(M.toTypedArray());

/** A reference result (NumPy/LAPACK, scikit-learn) from test/fixtures/reference (see test/fixtures/README.md). */
export function reference(name: string): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/reference/${name}`, import.meta.url), 'utf8'));
}

/** A bundled dataset CSV from test/fixtures/datasets: header names and numeric rows. */
export function dataset(name: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(new URL(`./fixtures/datasets/${name}`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  return { header: lines[0].split(','), rows: lines.slice(1).map((line) => line.split(',').map(Number)) };
}

/**
 * The executable `name` of an installed devDependency (node_modules/.bin), looked up from the
 * repository root upwards as Node resolves packages: Stryker's sandbox (.stryker-tmp/sandbox-…) has
 * no node_modules of its own when the repository's is a symlink.
 */
export function bin(name: string): string {
  let dir = fileURLToPath(new URL('../', import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no node_modules/.bin/${name} above ${fileURLToPath(new URL('../', import.meta.url))}`);
    dir = up;
  }
}

type ErrorClass = new (...args: never[]) => Error;

/** Runs `fn`, expects an error of class `E` whose message starts with `start` (the function or argument it names). */
export function throwsNamed(fn: () => unknown, E: ErrorClass, start: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, start).toBeInstanceOf(E);
  expect((error as Error).message.startsWith(start), `${(error as Error).message}\n  should start with\n${start}`).toBe(true);
}

/**
 * A deep copy of a model file (a JSON string, a plain object, or anything with toJSON(), e.g. a fitted
 * estimator) with `edit` applied to the copy: how the tests build damaged files for wl.load.
 */
export function editedModel(source: unknown, edit: (model: any) => void = () => {}): any {
  const model = JSON.parse(typeof source === 'string' ? source : JSON.stringify(source));
  edit(model);
  return model;
}
