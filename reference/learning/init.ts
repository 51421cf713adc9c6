/**
 * Weight initialisation with seeded randomness (reference/learning/rng.ts). The result is a contract Net.
 *
 * Schemes (n = n_in = n_{l−1} inputs, m = n_out = n_l outputs of layer l):
 *  - `glorot-uniform`  W_ij ~ U(−√6/√(n+m), +√6/√(n+m))      (notes 002, "Tricks of the trade: initialization")
 *  - `glorot-normal`   W_ij ~ N(0, 2/(n_in + n_out))          (notes 004, "Initialization")
 *  - `sparse`          each unit gets exactly k non-zero incoming weights (k = min(nonZero, n_in),
 *                      default nonZero = 15 as in Martens 2010), drawn N(0, 1/k) so every unit's
 *                      pre-activation has the same variance as a dense unit with unit-variance
 *                      inputs; the rest are 0 ("enforce a fraction of weights to be non-zero,
 *                      encourages diversity between neurons", notes 002)
 *  - `zeros`           all weights 0: the symmetry problem — every hidden unit computes the same
 *                      function and receives the same gradient, so they stay identical under training.
 * Biases: 0 (default) or a small constant (e.g. 0.01 or 0.1, so ReLU units start active).
 *
 * Convention `init-draw-order`: layers are drawn in order 1..L, each W row by row (unit j, then its
 * inputs k), from one generator seeded by `seed`. The same seed and sizes always give the same net.
 */
import { InvalidArgumentError, ShapeError, brief } from '../../contract/errors.js';
import type { ActivationName } from '../../contract/names.js';
import type { Layer, Net } from '../../contract/types.js';
import { checkActivationName, checkNumber } from '../../contract/validate.js';
import { createRng, type Rng } from './rng.js';

export const INIT_SCHEMES = ['glorot-uniform', 'glorot-normal', 'sparse', 'zeros'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export interface InitOptions {
  scheme?: InitScheme;
  seed?: number;
  /** Constant every bias starts at (default 0). */
  bias?: number;
  /** Non-zero incoming weights per unit for `sparse` (default 15, capped at n_in). */
  nonZero?: number;
  /** alpha for leaky_relu / elu layers (omitted: the contract's default). */
  alpha?: number;
}

/** The Glorot uniform limit √6/√(n+m). */
export function glorotUniformLimit(nIn: number, nOut: number): number {
  return Math.sqrt(6) / Math.sqrt(nIn + nOut);
}

/** The Glorot normal variance 2/(n_in + n_out). */
export function glorotNormalVariance(nIn: number, nOut: number): number {
  return 2 / (nIn + nOut);
}

/** One weight matrix (nOut × nIn) under a scheme, drawn from rng. */
export function initWeights(scheme: InitScheme, nIn: number, nOut: number, rng: Rng, nonZero = 15): number[][] {
  switch (scheme) {
    case 'glorot-uniform': {
      const a = glorotUniformLimit(nIn, nOut);
      return rows(nOut, () => cols(nIn, () => rng.uniformIn(-a, a)));
    }
    case 'glorot-normal': {
      const sd = Math.sqrt(glorotNormalVariance(nIn, nOut));
      return rows(nOut, () => cols(nIn, () => rng.normal(0, sd)));
    }
    case 'sparse': {
      const k = Math.min(nonZero, nIn);
      const sd = 1 / Math.sqrt(k);
      return rows(nOut, () => {
        const row = cols(nIn, () => 0);
        for (const i of rng.sample(nIn, k)) {
          let w = 0;
          while (w === 0) w = rng.normal(0, sd); // "non-zero" means non-zero
          row[i] = w;
        }
        return row;
      });
    }
    case 'zeros':
      return rows(nOut, () => cols(nIn, () => 0));
  }
}

const rows = (n: number, f: () => number[]) => Array.from({ length: n }, f);
const cols = (n: number, f: () => number) => Array.from({ length: n }, f);

/**
 * A network with layer sizes [n_0, n_1, ..., n_L] and activations (one per layer 1..L, or one name for
 * every layer), initialised by `scheme` (default glorot-uniform) from `seed` (default 0).
 */
export function initNet(sizes: readonly number[], activations: ActivationName | readonly ActivationName[], opts: InitOptions = {}): Net {
  if (!Array.isArray(sizes) || sizes.length < 2) throw new InvalidArgumentError({ where: 'sizes', expected: 'layer sizes [n_0, n_1, ..., n_L] with L ≥ 1', got: brief(sizes) });
  sizes.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError({ where: `sizes[${i}]`, expected: 'a positive integer', got: brief(n) });
  });
  const L = sizes.length - 1;
  const acts: readonly ActivationName[] = typeof activations === 'string' ? Array(L).fill(activations) : activations;
  if (!Array.isArray(acts) || acts.length !== L) {
    throw new ShapeError({ where: 'activations', expected: `${L} activations (one per layer) or one name`, got: Array.isArray(acts) ? `${acts.length}` : brief(acts) });
  }
  acts.forEach((a, i) => checkActivationName(a, `activations[${i}]`, i + 1));
  const scheme = opts.scheme ?? 'glorot-uniform';
  if (!(INIT_SCHEMES as readonly string[]).includes(scheme)) {
    throw new InvalidArgumentError({ where: 'scheme', expected: `one of ${INIT_SCHEMES.join(', ')}`, got: JSON.stringify(scheme) });
  }
  const bias = opts.bias === undefined ? 0 : checkNumber(opts.bias, 'bias');
  const nonZero = opts.nonZero ?? 15;
  if (!Number.isInteger(nonZero) || nonZero < 1) throw new InvalidArgumentError({ where: 'nonZero', expected: 'a positive integer', got: brief(nonZero) });
  const rng = createRng(opts.seed ?? 0);
  const layers: Layer[] = [];
  for (let l = 1; l <= L; l++) {
    const layer: Layer = {
      W: initWeights(scheme, sizes[l - 1]!, sizes[l]!, rng, nonZero),
      b: Array(sizes[l]!).fill(bias),
      activation: acts[l - 1]!,
    };
    if (opts.alpha !== undefined && (layer.activation === 'leaky_relu' || layer.activation === 'elu')) layer.alpha = opts.alpha;
    layers.push(layer);
  }
  return { layers };
}
