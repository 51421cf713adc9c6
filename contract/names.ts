/**
 * The names of the contract: activations, losses, optimizers, functions, and their defaults.
 * Everything that checks or implements the contract imports these lists; nothing re-types them.
 */

export const CONTRACT_VERSION = '1.0.0';

export const ACTIVATIONS = [
  'identity',
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'softplus',
  'elu',
  'softmax',
] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Activations that act elementwise (all but softmax): these have `activateGrad`. */
export const ELEMENTWISE_ACTIVATIONS = ACTIVATIONS.filter((a) => a !== 'softmax') as Exclude<
  ActivationName,
  'softmax'
>[];

/** Activations that take the `alpha` parameter, and its default (the contract's convention). */
export const DEFAULT_ALPHA: Readonly<Partial<Record<ActivationName, number>>> = {
  leaky_relu: 0.01,
  elu: 1,
};

export const LOSSES = ['mse', 'bce', 'cce'] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * Convention `loss-output-domain`: which output activations each loss accepts.
 * mse takes any output. bce needs outputs in (0,1) — sigmoid (the notes' pairing) or softmax.
 * cce needs positive outputs — softmax (the notes' pairing) or sigmoid.
 * Other pairings are rejected with a typed error rather than producing log of a non-positive number.
 */
export const LOSS_OUTPUTS: Readonly<Record<LossName, readonly ActivationName[]>> = {
  mse: ACTIVATIONS,
  bce: ['sigmoid', 'softmax'],
  cce: ['softmax', 'sigmoid'],
};

/**
 * Convention `bp1-shortcut`: the pairings where BP1 simplifies to δ^L = a^L − y
 * (the canonical link: sigmoid + bce, softmax + cce). Every other pairing uses the general BP1,
 * δ^L = ∇_a E ⊙ σ′(z^L), or the softmax Jacobian when softmax meets another loss.
 */
export const BP1_SHORTCUT: ReadonlyArray<readonly [ActivationName, LossName]> = [
  ['sigmoid', 'bce'],
  ['softmax', 'cce'],
];

/** Whether BP1 takes the shortcut δ^L = a^L − y for this (output activation, loss) pairing: the one predicate. */
export function isBp1Shortcut(activation: ActivationName, loss: LossName): boolean {
  return BP1_SHORTCUT.some(([act, l]) => act === activation && l === loss);
}

/** The α an activation uses: the given one, else the contract's default (0 where the activation has none). */
export function alphaOf(name: ActivationName, alpha?: number | null): number {
  return alpha ?? DEFAULT_ALPHA[name] ?? 0;
}

export const OPTIMIZERS = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Required hyper-parameters of each optimizer, as the contract names them. */
export const OPTIMIZER_PARAMS: Readonly<Record<OptimizerName, readonly string[]>> = {
  sgd: ['lr'],
  momentum: ['lr', 'alpha'],
  adagrad: ['lr', 'eps'],
  rmsprop: ['lr', 'rho', 'eps'],
  adam: ['lr', 'beta1', 'beta2', 'eps'],
};

export const CONTRACT_FUNCTIONS = [
  'activate',
  'activateGrad',
  'loss',
  'forward',
  'backward',
  'step',
  'perceptronStep',
] as const;
export type ContractFunctionName = (typeof CONTRACT_FUNCTIONS)[number];

export function isActivationName(x: unknown): x is ActivationName {
  return typeof x === 'string' && (ACTIVATIONS as readonly string[]).includes(x);
}
export function isLossName(x: unknown): x is LossName {
  return typeof x === 'string' && (LOSSES as readonly string[]).includes(x);
}
export function isOptimizerName(x: unknown): x is OptimizerName {
  return typeof x === 'string' && (OPTIMIZERS as readonly string[]).includes(x);
}
