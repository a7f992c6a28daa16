// The random numbers scikit-learn's trees and forests draw, reproduced so that `seed: s` grows the
// same trees as `random_state=s`: numpy's legacy RandomState (MT19937, Matsumoto & Nishimura 1998,
// seeded by init_genrand as numpy's mt19937_seed) and its `randint(0, high)` (masked rejection
// sampling on 32-bit outputs, numpy/random/src/distributions: buffered_bounded_masked_uint32).
// The per-node feature draws then run in Wasm with scikit-learn's own xorshift (assembly/tree.ts),
// started from `randint(0, RAND_R_MAX)` of the tree's RandomState, as sklearn's Splitter.init does.

/** scikit-learn's RAND_R_MAX (= np.iinfo(np.int32).max). */
export const RAND_R_MAX = 0x7fffffff;

const N = 624;
const M = 397;

export class RandomState {
  readonly #mt = new Uint32Array(N);
  #index = N;

  /** seed: an integer; 0 ≤ seed < 2^32 matches numpy exactly, others are reduced modulo 2^32. */
  constructor(seed: number) {
    const mt = this.#mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** One 32-bit output of MT19937. */
  nextU32(): number {
    const mt = this.#mt;
    if (this.#index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.#index = 0;
    }
    let y = mt[this.#index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy's `RandomState.randint(0, high)` for 1 ≤ high ≤ 2^32: uniform in [0, high). */
  randint(high: number): number {
    const rng = high - 1;
    if (rng === 0) return 0;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const v = (this.nextU32() & mask) >>> 0;
      if (v <= rng) return v;
    }
  }
}

/** A seed for `seed: undefined` (fresh randomness each fit, as scikit-learn's random_state=None). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}
