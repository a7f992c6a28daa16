// Seeded pseudo-random numbers, computed in Wasm so that a seed gives the same stream, bit for
// bit, in every engine (JS Math.log/cos may differ in the last ulp between engines; this code
// uses only Wasm arithmetic and AssemblyScript's own log, a musl port compiled into the module).
//
// Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
// 2018), 4×u32 of state kept in the heap by the caller and seeded with splitmix32.
// Uniform doubles take 53 bits from two outputs; normals use Marsaglia's polar method.
import { at } from './simd';

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

@inline function next(s: usize): u32 {
  const s0 = load<u32>(s), s1 = load<u32>(s, 4), s2 = load<u32>(s, 8), s3 = load<u32>(s, 12);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  store<u32>(s, s1 ^ n2, 4);
  store<u32>(s, s0 ^ n3);
  store<u32>(s, n2 ^ t, 8);
  store<u32>(s, rotl(n3, 11), 12);
  return result;
}

/** A double uniform in [0, 1) with 53 random bits. */
@inline function nextDouble(s: usize): f64 {
  const a = next(s) >>> 5, b = next(s) >>> 6;
  return (<f64>a * 67108864.0 + <f64>b) * (1.0 / 9007199254740992.0);
}

/**
 * Seeds the 16-byte state at `s` from a 64-bit seed (two's complement halves `lo`, `hi`) with
 * splitmix32 over `lo`, the high half mixed into each word before the finalizer. hi = 0 gives the
 * streams of the original 32-bit seeding, so seeds 0 … 2^32 − 1 keep their numbers; any other hi
 * (negative seeds, seeds ≥ 2^32) gives a different state for every 64-bit seed.
 */
export function rng_seed(s: usize, lo: u32, hi: u32): void {
  let x = lo;
  let y = hi;
  for (let i = 0; i < 4; i++) {
    x += 0x9e3779b9;
    let z = x;
    if (hi != 0) {
      y += 0x7f4a7c15;
      let w = y;
      w = (w ^ (w >>> 15)) * 0x2c1b3c6d;
      w = (w ^ (w >>> 12)) * 0x297a2d39;
      z ^= w ^ (w >>> 15);
    }
    z = (z ^ (z >>> 16)) * 0x85ebca6b;
    z = (z ^ (z >>> 13)) * 0xc2b2ae35;
    store<u32>(s + (<usize>i << 2), z ^ (z >>> 16));
  }
  if ((load<u32>(s) | load<u32>(s, 4) | load<u32>(s, 8) | load<u32>(s, 12)) == 0) store<u32>(s, 1);
}

/** One raw 32-bit output (for tests and for integer draws in TypeScript). */
export function rng_next_u32(s: usize): u32 {
  return next(s);
}

/** A double in [0, 1). */
export function rng_next_f64(s: usize): f64 {
  return nextDouble(s);
}

@inline function uniform<T>(s: usize, out: usize, n: i32, low: f64, high: f64): void {
  const width = high - low;
  for (let i = 0; i < n; i++) store<T>(at<T>(out, i), <T>(low + width * nextDouble(s)));
}

@inline function normal<T>(s: usize, out: usize, n: i32, mean: f64, std: f64): void {
  let i = 0;
  while (i < n) {
    let u: f64, v: f64, r: f64;
    do {
      u = 2.0 * nextDouble(s) - 1.0;
      v = 2.0 * nextDouble(s) - 1.0;
      r = u * u + v * v;
    } while (r >= 1.0 || r == 0.0);
    const f = Math.sqrt(-2.0 * Math.log(r) / r);
    store<T>(at<T>(out, i++), <T>(mean + std * u * f));
    if (i < n) store<T>(at<T>(out, i++), <T>(mean + std * v * f));
  }
}

/** out[0..n) = a uniformly random permutation of 0..n-1 (Fisher–Yates, unbiased by rejection). */
export function rng_permutation(s: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), i);
  for (let i = n - 1; i > 0; i--) {
    const bound = <u32>(i + 1);
    const limit = <u32>(-bound) % bound; // reject the low values that would bias the modulo
    let x = next(s);
    while (x < limit) x = next(s);
    const j = <i32>(x % bound);
    const pi = out + (<usize>i << 2), pj = out + (<usize>j << 2);
    const t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
}

export function rng_uniform_f32(s: usize, out: usize, n: i32, low: f64, high: f64): void { uniform<f32>(s, out, n, low, high); }
export function rng_uniform_f64(s: usize, out: usize, n: i32, low: f64, high: f64): void { uniform<f64>(s, out, n, low, high); }
export function rng_normal_f32(s: usize, out: usize, n: i32, mean: f64, std: f64): void { normal<f32>(s, out, n, mean, std); }
export function rng_normal_f64(s: usize, out: usize, n: i32, mean: f64, std: f64): void { normal<f64>(s, out, n, mean, std); }
