/**
 * Small named training experiments (used by `nn-oracle train`, the docs' figures and the property
 * `xor.trained-mlp`): the data, the architecture and a schedule that works.
 *
 *  - xor:    the four XOR points, standardised to ±1 ((x − μ)/σ with μ = ½, σ = ½, the notes' advice),
 *            a 2-2-1 network: ELU hidden units, a linear output, mse, Adam (η = 0.05), full batch, 1000
 *            epochs from Glorot-uniform starts (biases 0). Class 1 iff output ≥ ½.
 *            Measured share of seeds 0..199 reaching zero classification error: see XOR_MEASURED.
 *  - parity: 3-bit parity (8 points, ±1 inputs), 3-6-1 tanh/sigmoid with bce, Adam.
 *  - fit1d:  f(x) = sin(x) on 32 points of [−π, π], 1-16-1 tanh/identity with mse, Adam.
 */
import { InvalidArgumentError } from '../../contract/errors.js';
import type { ActivationName, LossName } from '../../contract/names.js';
import type { Matrix, Net, Optimizer } from '../../contract/types.js';
import { initNet, type InitScheme } from '../learning/init.js';
import type { Dataset } from '../learning/train.js';

export interface Recipe {
  /** Layer sizes [n_0, …, n_L]. */
  sizes: number[];
  activations: ActivationName[];
  loss: LossName;
  optimizer: Optimizer;
  epochs: number;
  batchSize: number | 'full';
  scheme: InitScheme;
  bias: number;
}

export interface Experiment {
  name: string;
  description: string;
  data: Dataset;
  recipe: Recipe;
  /** 'classification': class 1 iff the (single) output ≥ ½; 'regression': report mse only. */
  kind: 'classification' | 'regression';
}

export const adam = (lr: number): Optimizer => ({ name: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 });

/** XOR with inputs standardised to ±1. */
export const XOR_DATA: Dataset = {
  X: [
    [-1, -1],
    [-1, 1],
    [1, -1],
    [1, 1],
  ],
  Y: [[0], [1], [1], [0]],
};

export const XOR_RECIPE: Recipe = {
  sizes: [2, 2, 1],
  activations: ['elu', 'identity'],
  loss: 'mse',
  optimizer: adam(0.05),
  epochs: 1000,
  batchSize: 'full',
  scheme: 'glorot-uniform',
  bias: 0,
};

/**
 * The share of seeds 0..199 for which XOR_RECIPE reaches zero classification error, as measured by
 * reference/experiments.test.ts (which re-measures it and fails if it changes). Failing seeds listed.
 */
export const XOR_MEASURED = { seeds: 200, successes: 194, failing: [12, 25, 59, 81, 167, 185] } as const;

function parityData(n: number): Dataset {
  const X: Matrix = [];
  const Y: Matrix = [];
  for (let i = 0; i < 2 ** n; i++) {
    const bits = Array.from({ length: n }, (_, j) => (i >> (n - 1 - j)) & 1);
    X.push(bits.map((b) => 2 * b - 1));
    Y.push([bits.reduce((s, b) => s + b, 0) % 2]);
  }
  return { X, Y };
}

function sineData(points: number): Dataset {
  const X: Matrix = [];
  const Y: Matrix = [];
  for (let i = 0; i < points; i++) {
    const x = -Math.PI + (2 * Math.PI * i) / (points - 1);
    X.push([x]);
    Y.push([Math.sin(x)]);
  }
  return { X, Y };
}

export const EXPERIMENTS: Readonly<Record<string, Experiment>> = {
  xor: {
    name: 'xor',
    description: 'XOR (inputs ±1), 2-2-1 elu/identity, mse, adam η = 0.05, full batch',
    data: XOR_DATA,
    recipe: XOR_RECIPE,
    kind: 'classification',
  },
  parity: {
    name: 'parity',
    description: '3-bit parity (inputs ±1), 3-6-1 tanh/sigmoid, bce, adam η = 0.05, full batch',
    data: parityData(3),
    recipe: { sizes: [3, 6, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', optimizer: adam(0.05), epochs: 1500, batchSize: 'full', scheme: 'glorot-uniform', bias: 0 },
    kind: 'classification',
  },
  fit1d: {
    name: 'fit1d',
    description: 'sin(x) on 32 points of [−π, π], 1-16-1 tanh/identity, mse, adam η = 0.01, minibatches of 8',
    data: sineData(32),
    recipe: { sizes: [1, 16, 1], activations: ['tanh', 'identity'], loss: 'mse', optimizer: adam(0.01), epochs: 2000, batchSize: 8, scheme: 'glorot-uniform', bias: 0 },
    kind: 'regression',
  },
};

export function experiment(name: string): Experiment {
  const e = EXPERIMENTS[name];
  if (!e) throw new InvalidArgumentError({ where: 'experiment', expected: `one of ${Object.keys(EXPERIMENTS).join(', ')}`, got: JSON.stringify(name) });
  return e;
}

/** The recipe's initial net for a seed. */
export function recipeNet(r: Recipe, seed: number): Net {
  return initNet(r.sizes, r.activations, { scheme: r.scheme, seed, bias: r.bias });
}
