/**
 * Seeded randomness for the reference (initialisation, shuffling, data splits). Every random choice
 * flows from one integer seed through pure-rand's xoroshiro128+ generator, so a run is reproducible
 * from its seed alone; nothing here reads Math.random.
 *
 *   const rng = createRng(42);
 *   rng.uniform();           // [0, 1), a multiple of 2^-53
 *   rng.uniformIn(-a, a);    // U(−a, a)
 *   rng.normal(0, s);        // N(0, s²) by Box–Muller
 *   rng.int(0, n - 1);       // an integer, both ends included
 *   rng.permutation(n);      // a uniformly random ordering of 0..n−1 (Fisher–Yates)
 *   rng.fork(k);             // an independent stream derived from this one (e.g. one per seed / fold)
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { type xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { InvalidArgumentError } from '../../contract/errors.js';

export interface Rng {
  /** The seed it was created from (for messages and replay commands). */
  readonly seed: number;
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform on [lo, hi). */
  uniformIn(lo: number, hi: number): number;
  /** Normal with mean `mean` and standard deviation `sd`. */
  normal(mean?: number, sd?: number): number;
  /** Uniform integer in [from, to] (both included). */
  int(from: number, to: number): number;
  /** A uniformly random permutation of 0..n−1. */
  permutation(n: number): number[];
  /** k distinct indices out of 0..n−1, in random order. */
  sample(n: number, k: number): number[];
  /** A new generator seeded from this one's next output mixed with `salt` (this one advances). */
  fork(salt?: number): Rng;
  /** The generator's internal state (JSON), to resume with `rngFromState`. */
  getState(): readonly number[];
}

/** Normalises any finite number into a 32-bit integer seed. */
export function normaliseSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new InvalidArgumentError({ where: 'seed', expected: 'a finite integer seed', got: String(seed) });
  return Math.trunc(seed) | 0;
}

function wrap(gen: ReturnType<typeof xoroshiro128plus>, seed: number): Rng {
  // Box–Muller produces two normals per pair of uniforms; keep the second one for the next call.
  let spare: number | null = null;
  const rng: Rng = {
    seed,
    uniform: () => uniformFloat64(gen),
    uniformIn: (lo, hi) => lo + (hi - lo) * uniformFloat64(gen),
    normal: (mean = 0, sd = 1) => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return mean + sd * s;
      }
      // u1 ∈ (0, 1] so log(u1) is finite
      const u1 = 1 - uniformFloat64(gen);
      const u2 = uniformFloat64(gen);
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return mean + sd * r * Math.cos(2 * Math.PI * u2);
    },
    int: (from, to) => uniformInt(gen, from, to),
    permutation: (n) => {
      const p = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = uniformInt(gen, 0, i);
        [p[i], p[j]] = [p[j]!, p[i]!];
      }
      return p;
    },
    sample: (n, k) => {
      if (k > n) throw new InvalidArgumentError({ where: 'sample', expected: `k ≤ n = ${n}`, got: String(k) });
      return rng.permutation(n).slice(0, k);
    },
    fork: (salt = 0) => createRng((gen.next() ^ Math.imul(salt | 0, 0x9e3779b1)) | 0),
    getState: () => gen.getState(),
  };
  return rng;
}

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * A generator from an integer seed. pure-rand's xoroshiro128plus(seed) puts the seed into the state
 * almost unmixed, so its first output is ≈ 1 − 2^-32 for every small seed (seeds 0, 1, 2, … all start
 * with 0.99999…: every first Glorot weight would be the upper limit). We therefore fill the 128-bit
 * state with four hashed words of the seed (never all zero) and discard the first outputs.
 */
export function createRng(seed: number): Rng {
  const s = normaliseSeed(seed);
  const state: number[] = [1, 2, 3, 4].map((k) => fmix32((s + Math.imul(k, 0x9e3779b9)) | 0));
  if (!state.some((w) => w !== 0)) state[0] = 1;
  const gen = xoroshiro128plusFromState(state);
  for (let i = 0; i < 8; i++) gen.next();
  return wrap(gen, s);
}

/** A generator resumed from `getState()` (the seed field is informational). */
export function rngFromState(state: readonly number[], seed = 0): Rng {
  return wrap(xoroshiro128plusFromState(state), seed);
}
