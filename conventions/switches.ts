/**
 * The convention switches: every choice the lecture notes leave open, each ONE named switch with
 * named values, defined once in the table below — its values, its default (the notes' reading, or the
 * contract's where the notes are silent), a one-line meaning, which contract functions it changes,
 * and the value each known library uses, with the documentation page or source file that says so.
 *
 * A profile (profiles.ts) is nothing but a bundle of these values, read from this table; the expected
 * side (expected.ts) honours every switch; docs/contract.md lists them all.
 */
import { DEFAULT_ALPHA, type ContractFunctionName } from '../contract/names.js';

/** The libraries whose conventions the table records (each one is also a profile). */
export const LIBRARIES = ['pytorch', 'keras', 'tfjs'] as const;
export type LibraryName = (typeof LIBRARIES)[number];

/** What each library is, as the table means it. */
export const LIBRARY_DESCRIPTIONS: Readonly<Record<LibraryName, string>> = {
  pytorch: 'PyTorch 2.x (torch.nn.functional, torch.nn losses with reduction="mean", torch.optim)',
  keras: 'Keras 3 (keras.optimizers, keras.losses, keras.layers.LeakyReLU; TensorFlow backend)',
  tfjs: '@tensorflow/tfjs 4.22 (tf.leakyRelu, tf.elu, tf.step, tf.losses.*, tf.metrics.*, tf.train.*)',
};

/** Display names of the libraries (for hints: "PyTorch's convention"). */
export const LIBRARY_TITLES: Readonly<Record<LibraryName, string>> = { pytorch: 'PyTorch', keras: 'Keras', tfjs: 'TensorFlow.js' };

/**
 * The complete settings: one value per switch. `NOTES_SETTINGS` holds the defaults; a profile or a
 * `--convention NAME=VALUE` changes single values. Keys are the switches' names.
 */
export interface ConventionSettings {
  // activations
  'step-at-zero': 'one' | 'zero';
  'perceptron-at-zero': 'one' | 'zero';
  'relu-grad-at-zero': 'zero' | 'one';
  'leaky-relu-grad-at-zero': 'alpha' | 'one';
  'elu-grad-at-zero': 'one' | 'alpha';
  'leaky-relu-alpha': number;
  'elu-alpha': number;
  // losses
  'mse-form': 'half-sum' | 'mean' | 'sum';
  'bce-form': 'sum' | 'mean';
  'batch-reduction': 'mean' | 'sum';
  'zero-log-zero': 'zero' | 'nan';
  'probability-clip': 'none' | number;
  'bce-log-clamp': 'none' | number;
  'cce-normalize': 'no' | 'yes';
  'cce-targets': 'any' | 'one-hot';
  // optimizers
  'momentum-form': 'notes' | 'lr-outside' | 'dampened';
  'adagrad-initial-accumulator': number;
  'adagrad-eps': 'outside' | 'inside';
  'adagrad-fixed-eps': 'none' | number;
  'rmsprop-eps': 'outside' | 'inside';
  'rmsprop-centered': 'no' | 'yes';
  'adam-eps': 'corrected' | 'hat';
  'optimizer-zero-over-zero': 'either' | 'unchanged' | 'nan';
}

export type SwitchName = keyof ConventionSettings;
export type SwitchValue = ConventionSettings[SwitchName];

/** A library's value for a switch, and where that is written. */
export interface LibraryValue<V> {
  readonly value: V;
  readonly source: string;
}

interface SwitchBase<V> {
  readonly name: string;
  /** One line: what the switch decides. */
  readonly meaning: string;
  /** The default: the notes' reading, or the contract's where the notes are silent. */
  readonly default: V;
  /** Where the default comes from (the notes' file and slide, or the contract). */
  readonly defaultSource: string;
  /** The contract functions whose expected value the switch can change (`cases`: it changes which cases are drawn, not values). */
  readonly affects: readonly (ContractFunctionName | 'cases')[];
  /** What each known library does, with its source. A library missing here has no such function (its profile keeps the default). */
  readonly libraries: Readonly<Partial<Record<LibraryName, LibraryValue<V>>>>;
}

/** A switch whose values are names. */
export interface EnumSwitch<V extends string> extends SwitchBase<V> {
  readonly kind: 'enum';
  readonly values: readonly V[];
  /** One line per value. */
  readonly valueMeanings: Readonly<Record<V, string>>;
}

/** A switch whose value is a number (and, where `none` is allowed, the word `none`). */
export interface NumberSwitch<V extends number | 'none'> extends SwitchBase<V> {
  readonly kind: 'number';
  /** Whether the word `none` is a value (the feature is off). */
  readonly none: boolean;
  /** Allowed range of the number, inclusive unless `maxExclusive`. */
  readonly min: number;
  readonly max: number;
  readonly maxExclusive?: boolean;
  /** What the number means (and `none`). */
  readonly valueMeaning: string;
}

export type SwitchDef<V> = [V] extends [string] ? EnumSwitch<V & string> : NumberSwitch<V & (number | 'none')>;

type SwitchTable = { readonly [K in SwitchName]: SwitchDef<ConventionSettings[K]> & { readonly name: K } };

const ACT: ContractFunctionName[] = ['activate', 'forward', 'backward'];
const GRAD: ContractFunctionName[] = ['activateGrad', 'backward'];

/**
 * The table. Order is the order of reports and docs: activations, losses, optimizers.
 * Sources: documentation pages or source files of each library (paths in the library's repository).
 */
export const SWITCHES: SwitchTable = {
  // ───────────────────────────── activations ─────────────────────────────
  'step-at-zero': {
    name: 'step-at-zero',
    kind: 'enum',
    meaning: 'step(0) of the step activation, in activate, forward and backward',
    values: ['one', 'zero'],
    valueMeanings: { one: 'step(0) = 1: the unit fires at 0 (z ≥ 0)', zero: 'step(0) = 0: fires only for z > 0' },
    default: 'one',
    defaultSource: 'notes 000/004: the threshold unit fires when w·x + b ≥ 0',
    affects: ACT,
    libraries: {
      tfjs: { value: 'zero', source: 'tfjs-backend-cpu/src/kernels/Step.ts: x > 0 ? 1 : alpha (alpha = 0)' },
    },
  },
  'perceptron-at-zero': {
    name: 'perceptron-at-zero',
    kind: 'enum',
    meaning: 'the perceptron’s prediction ŷ where w·x + b = 0 exactly (perceptronStep)',
    values: ['one', 'zero'],
    valueMeanings: { one: 'ŷ = 1 iff w·x + b ≥ 0 (fires at 0)', zero: 'ŷ = 1 iff w·x + b > 0 (scikit-learn’s Perceptron predicts the positive class only for > 0)' },
    default: 'one',
    defaultSource: 'notes 000/004: the perceptron fires when w·x + b ≥ 0 (its sign(0) taken as +)',
    affects: ['perceptronStep'],
    libraries: {},
  },
  'relu-grad-at-zero': {
    name: 'relu-grad-at-zero',
    kind: 'enum',
    meaning: 'relu′(0)',
    values: ['zero', 'one'],
    valueMeanings: { zero: 'relu′(0) = 0 (the z ≤ 0 branch)', one: 'relu′(0) = 1 (the z ≥ 0 branch)' },
    default: 'zero',
    defaultSource: 'notes 001 “Rectified Linear Units”: d/dx ReLU(x) = 0 if x ≤ 0, 1 otherwise',
    affects: GRAD,
    libraries: {
      pytorch: { value: 'zero', source: 'torch/_decomp/decompositions.py threshold_backward: where(self <= threshold, 0, grad_output), threshold 0' },
      keras: { value: 'zero', source: 'keras/src/backend/tensorflow/nn.py relu = tf.nn.relu; tensorflow/core/kernels/relu_op_functor.h ReluGrad: gradients · (features > 0)' },
      tfjs: { value: 'zero', source: 'tfjs-core/src/gradients/Relu_grad.ts: dy · step(x), and tf.step(0) = 0' },
    },
  },
  'leaky-relu-grad-at-zero': {
    name: 'leaky-relu-grad-at-zero',
    kind: 'enum',
    meaning: 'leaky_relu′(0)',
    values: ['alpha', 'one'],
    valueMeanings: { alpha: 'leaky_relu′(0) = α (the z ≤ 0 branch, like relu)', one: 'leaky_relu′(0) = 1 (the z ≥ 0 branch)' },
    default: 'alpha',
    defaultSource: 'contract: the linear branch is z > 0, as for relu (notes 001 leave it open)',
    affects: GRAD,
    libraries: {
      pytorch: { value: 'alpha', source: 'torch/_decomp/decompositions.py leaky_relu_backward: where(self > 0, grad_output, grad_output · negative_slope)' },
      keras: { value: 'alpha', source: 'keras/src/backend/tensorflow/nn.py leaky_relu = tf.nn.leaky_relu; tensorflow/core/kernels/relu_op_functor.h LeakyReluGrad: (features > 0).select(gradients, gradients · alpha)' },
      tfjs: { value: 'alpha', source: 'tfjs-core/src/gradients/LeakyRelu_grad.ts: where(greater(x, 0), dy, dy · alpha)' },
    },
  },
  'elu-grad-at-zero': {
    name: 'elu-grad-at-zero',
    kind: 'enum',
    meaning: 'elu′(0) (the two coincide when α = 1)',
    values: ['one', 'alpha'],
    valueMeanings: { one: 'elu′(0) = 1 (the z ≥ 0 branch)', alpha: 'elu′(0) = α·e⁰ = α (the z ≤ 0 branch)' },
    default: 'one',
    defaultSource: 'notes 001 “Activation Functions”: ELU(a) = a for a ≥ 0 (the linear branch includes 0)',
    affects: GRAD,
    libraries: {
      pytorch: { value: 'alpha', source: 'torch/_decomp/decompositions.py elu_backward (and the ATen kernel): where(x <= 0, grad·α·eˣ, grad), so elu′(0) = α' },
      keras: {
        value: 'alpha',
        source: 'keras/src/backend/tensorflow/nn.py elu: α ≠ 1 is tf.where(x > 0, res, α·res), so z = 0 takes the α branch; TF’s EluGrad there is 1 (tensorflow/core/kernels/relu_op_functor.h), giving α',
      },
      tfjs: { value: 'one', source: 'tfjs-core/src/ops/elu.ts has α = 1 only, where both values are 1 (the adapter builds α ≠ 1 as tf.where(z ≥ 0, z, α·expm1(z)))' },
    },
  },
  'leaky-relu-alpha': {
    name: 'leaky-relu-alpha',
    kind: 'number',
    meaning: 'the α of leaky_relu when the caller gives none',
    none: false,
    min: -Infinity,
    max: Infinity,
    valueMeaning: 'the default slope α for z ≤ 0',
    default: DEFAULT_ALPHA.leaky_relu!,
    defaultSource: 'contract: the common library default α = 0.01 (notes 001/004 give no value)',
    affects: ['activate', 'activateGrad', 'forward', 'backward'],
    libraries: {
      pytorch: { value: 0.01, source: 'https://pytorch.org/docs/stable/generated/torch.nn.LeakyReLU.html (negative_slope=0.01)' },
      keras: { value: 0.3, source: 'keras/src/layers/activations/leaky_relu.py: LeakyReLU(negative_slope=0.3) (the function keras.activations.leaky_relu defaults to 0.2)' },
      tfjs: { value: 0.2, source: 'tfjs-core/src/ops/leaky_relu.ts: leakyRelu(x, alpha = 0.2)' },
    },
  },
  'elu-alpha': {
    name: 'elu-alpha',
    kind: 'number',
    meaning: 'the α of elu when the caller gives none',
    none: false,
    min: -Infinity,
    max: Infinity,
    valueMeaning: 'the default α of α(eᶻ − 1) for z < 0',
    default: DEFAULT_ALPHA.elu!,
    defaultSource: 'contract: the common library default α = 1 (notes 001 write α without a value)',
    affects: ['activate', 'activateGrad', 'forward', 'backward'],
    libraries: {
      pytorch: { value: 1, source: 'https://pytorch.org/docs/stable/generated/torch.nn.ELU.html (alpha=1.0)' },
      keras: { value: 1, source: 'keras/src/activations/activations.py elu(x, alpha=1.0)' },
      tfjs: { value: 1, source: 'tfjs-core/src/ops/elu.ts: α fixed at 1' },
    },
  },

  // ───────────────────────────── losses ─────────────────────────────
  'mse-form': {
    name: 'mse-form',
    kind: 'enum',
    meaning: 'the per-example mse E_x (the batch reduction is batch-reduction)',
    values: ['half-sum', 'mean', 'sum'],
    valueMeanings: { 'half-sum': 'E_x = ½ Σᵢ (aᵢ − yᵢ)²', mean: 'E_x = (1/n) Σᵢ (aᵢ − yᵢ)²: with the batch mean, the mean over all entries', sum: 'E_x = Σᵢ (aᵢ − yᵢ)²' },
    default: 'half-sum',
    defaultSource: 'notes 002 “Stochastic gradient descent”: E(W) = ½(y − f(x))², so δ_o = −(y − a_o)',
    affects: ['loss', 'backward'],
    libraries: {
      pytorch: { value: 'mean', source: 'https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html (reduction="mean": mean of (x−y)² over all elements, no ½)' },
      keras: { value: 'mean', source: 'https://keras.io/api/losses/regression_losses/#meansquarederror-class (mean(square(y_true − y_pred), axis=−1))' },
      tfjs: { value: 'mean', source: 'tfjs-core/src/ops/losses/mean_squared_error.ts: Reduction.SUM_BY_NONZERO_WEIGHTS = mean of (y − a)² over all elements' },
    },
  },
  'bce-form': {
    name: 'bce-form',
    kind: 'enum',
    meaning: 'the per-example bce E_x over the n outputs',
    values: ['sum', 'mean'],
    valueMeanings: { sum: 'E_x = −Σᵢ [yᵢ log aᵢ + (1 − yᵢ) log(1 − aᵢ)]', mean: 'the same divided by n: the mean over the outputs' },
    default: 'sum',
    defaultSource: 'contract: the cross-entropy of notes 001/002 summed over the outputs, per example',
    affects: ['loss', 'backward'],
    libraries: {
      pytorch: { value: 'mean', source: 'https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html (reduction="mean" over all elements)' },
      keras: { value: 'mean', source: 'https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class (mean over the last axis)' },
      tfjs: { value: 'mean', source: 'tfjs-layers/src/losses.ts binaryCrossentropy: mean over the last axis of the clipped log loss' },
    },
  },
  'batch-reduction': {
    name: 'batch-reduction',
    kind: 'enum',
    meaning: 'how the loss AND gradW, gradB reduce over the B examples (δ stays per example)',
    values: ['mean', 'sum'],
    valueMeanings: { mean: 'loss = (1/B) Σ_x E_x; gradW, gradB its gradients', sum: 'loss = Σ_x E_x; gradW, gradB B times the mean’s' },
    default: 'mean',
    defaultSource: 'contract: gradients that do not scale with B (notes 004, “for batches summing up happens automagically”, leaves it open)',
    affects: ['loss', 'backward'],
    libraries: {
      pytorch: { value: 'mean', source: 'https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html (reduction="mean" is the default of every torch.nn loss)' },
      keras: { value: 'mean', source: 'keras/src/losses/loss.py: reduction="sum_over_batch_size" by default' },
      tfjs: { value: 'mean', source: 'tfjs-core/src/ops/losses/compute_weighted_loss.ts: Reduction.SUM_BY_NONZERO_WEIGHTS by default' },
    },
  },
  'zero-log-zero': {
    name: 'zero-log-zero',
    kind: 'enum',
    meaning: 'a term 0·log 0 in bce or cce (y = 0 where a = 0), and its derivative −y/a',
    values: ['zero', 'nan'],
    valueMeanings: { zero: '0·log 0 = 0 (the limit of t log t); its derivative 0', nan: 'computed as written: 0·(−∞) = NaN, and −0/0 = NaN in backward' },
    default: 'zero',
    defaultSource: 'contract: the limit t log t → 0 (a confident correct prediction costs 0)',
    affects: ['loss', 'backward'],
    libraries: {
      pytorch: { value: 'zero', source: 'https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html: the log is clamped to ≥ −100, so 0·log 0 = 0·(−100) = 0' },
      keras: { value: 'zero', source: 'keras/src/backend/tensorflow/nn.py binary_crossentropy/categorical_crossentropy clip the output to [ε, 1 − ε] before the log' },
      tfjs: { value: 'zero', source: 'tfjs-layers/src/losses.ts: clipByValue(output, epsilon(), 1 − epsilon()) before the log' },
    },
  },
  'probability-clip': {
    name: 'probability-clip',
    kind: 'number',
    meaning: 'probabilities clipped to [ε, 1 − ε] before the log in bce and cce (the loss value; not modelled in backward)',
    none: true,
    min: 0,
    max: 0.5,
    maxExclusive: true,
    valueMeaning: 'ε of the clip; none: no clipping',
    default: 'none',
    defaultSource: 'contract: the notes’ cross-entropy, unclipped (a = 0 with y > 0 is +Infinity, honestly)',
    affects: ['loss'],
    libraries: {
      keras: { value: 1e-7, source: 'keras/src/backend/*/nn.py binary_crossentropy/categorical_crossentropy: clip(output, ε, 1 − ε), ε = backend.epsilon() = 1e-7' },
      tfjs: { value: 1e-7, source: 'tfjs-layers/src/losses.ts: clipByValue(output, epsilon(), 1 − epsilon()), epsilon() = 1e-7' },
      pytorch: { value: 'none', source: 'https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html: inputs are not clipped (the log is clamped instead: bce-log-clamp)' },
    },
  },
  'bce-log-clamp': {
    name: 'bce-log-clamp',
    kind: 'number',
    meaning: 'each log in bce clamped to ≥ −L (the loss value; not modelled in backward)',
    none: true,
    min: 0,
    max: Infinity,
    maxExclusive: true,
    valueMeaning: 'L of the clamp max(log a, −L); none: no clamp',
    default: 'none',
    defaultSource: 'contract: the notes’ cross-entropy (a = 0 with y = 1 is +Infinity)',
    affects: ['loss'],
    libraries: {
      pytorch: { value: 100, source: 'https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html: “BCELoss clamps its log function outputs to be greater than or equal to −100”' },
      keras: { value: 'none', source: 'keras/src/backend/tensorflow/nn.py binary_crossentropy: no clamp of the log (the output is clipped instead: probability-clip)' },
      tfjs: { value: 'none', source: 'tfjs-layers/src/losses.ts binaryCrossentropy: no clamp of the log (the output is clipped instead: probability-clip)' },
    },
  },
  'cce-normalize': {
    name: 'cce-normalize',
    kind: 'enum',
    meaning: 'cce divides the outputs by their sum before the log (changes only non-softmax outputs)',
    values: ['no', 'yes'],
    valueMeanings: { no: 'E_x = −Σᵢ yᵢ log aᵢ', yes: 'E_x = −Σᵢ yᵢ log(aᵢ/Σⱼ aⱼ): the gradient becomes −yᵢ/aᵢ + Σy/Σa' },
    default: 'no',
    defaultSource: 'contract: the notes’ cce −Σ y log a (002 “Losses”)',
    affects: ['loss', 'backward'],
    libraries: {
      keras: { value: 'yes', source: 'keras/src/backend/tensorflow/nn.py categorical_crossentropy: output / sum(output, axis, keepdims=True) before clip and log' },
      tfjs: { value: 'yes', source: 'tfjs-layers/src/losses.ts categoricalCrossentropy: output / sum(output, −1) before clip and log' },
      pytorch: { value: 'no', source: 'https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html: takes the log-probabilities as given' },
    },
  },
  'cce-targets': {
    name: 'cce-targets',
    kind: 'enum',
    meaning: 'which cce targets the grader may draw (the expected values do not change)',
    values: ['any', 'one-hot'],
    valueMeanings: { any: 'any probability vector (soft labels, Σy = 1)', 'one-hot': 'one-hot rows only (a course that never uses soft labels)' },
    default: 'any',
    defaultSource: 'contract: y a probability vector for softmax + cce (notes 002 “Losses”)',
    affects: ['cases'],
    libraries: {
      pytorch: { value: 'any', source: 'https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html (class probabilities accepted as targets)' },
      keras: { value: 'any', source: 'https://keras.io/api/losses/probabilistic_losses/#categoricalcrossentropy-class (y_true any distribution; label_smoothing makes soft labels)' },
      tfjs: { value: 'any', source: 'tfjs-layers/src/losses.ts categoricalCrossentropy: −Σ y·log p for any y' },
    },
  },

  // ───────────────────────────── optimizers ─────────────────────────────
  'momentum-form': {
    name: 'momentum-form',
    kind: 'enum',
    meaning: 'the momentum update (all equal while η is constant, except dampened)',
    values: ['notes', 'lr-outside', 'dampened'],
    valueMeanings: {
      notes: 'v ← αv − ηg, w ← w + v',
      'lr-outside': 'v ← αv + g, w ← w − ηv (η outside the velocity: differs from notes when η changes)',
      dampened: 'v ← αv + (1 − α)g, w ← w − ηv (an exponential average of the gradients)',
    },
    default: 'notes',
    defaultSource: 'notes 002 “Momentum”: v ← αv − η ∂E/∂w, w ← w + v',
    affects: ['step'],
    libraries: {
      pytorch: { value: 'lr-outside', source: 'https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (b ← μb + (1 − τ)g with dampening τ = 0; p ← p − lr·b; dampening = μ gives dampened)' },
      keras: { value: 'notes', source: 'keras/src/optimizers/sgd.py: m ← momentum·m − lr·g; w ← w + m' },
      tfjs: { value: 'lr-outside', source: 'tfjs-core/src/optimizers/momentum_optimizer.ts: accumulation ← m·accumulation + g; w ← w − lr·accumulation' },
    },
  },
  'adagrad-initial-accumulator': {
    name: 'adagrad-initial-accumulator',
    kind: 'number',
    meaning: 'Adagrad’s r₀, the accumulator before the first step',
    none: false,
    min: 0,
    max: Infinity,
    maxExclusive: true,
    valueMeaning: 'r₀ ≥ 0',
    default: 0,
    defaultSource: 'notes 002 “Adagrad”: r accumulates the squared gradients (from 0)',
    affects: ['step'],
    libraries: {
      pytorch: { value: 0, source: 'https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html (initial_accumulator_value=0)' },
      keras: { value: 0.1, source: 'keras/src/optimizers/adagrad.py: initial_accumulator_value=0.1' },
      tfjs: { value: 0.1, source: 'tfjs-core/src/optimizers/adagrad_optimizer.ts: initialAccumulatorValue = 0.1' },
    },
  },
  'adagrad-eps': {
    name: 'adagrad-eps',
    kind: 'enum',
    meaning: 'where Adagrad adds ε',
    values: ['outside', 'inside'],
    valueMeanings: { outside: 'w ← w − η g/(√r + ε)', inside: 'w ← w − η g/√(r + ε)' },
    default: 'outside',
    defaultSource: 'notes 002 “Adagrad”: w ← w − η g/√r; the contract adds ε after the root',
    affects: ['step'],
    libraries: {
      pytorch: { value: 'outside', source: 'https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html (θ ← θ − γ g/(√state_sum + ε))' },
      keras: { value: 'inside', source: 'keras/src/optimizers/adagrad.py: w ← w − lr·g/√(accumulator + ε)' },
      tfjs: { value: 'inside', source: 'tfjs-core/src/optimizers/adagrad_optimizer.ts: w ← w − lr·g/√(accum + backend.epsilon())' },
    },
  },
  'adagrad-fixed-eps': {
    name: 'adagrad-fixed-eps',
    kind: 'number',
    meaning: 'an ε of the library’s own that Adagrad uses whatever opt.eps says',
    none: true,
    min: 0,
    max: Infinity,
    maxExclusive: true,
    valueMeaning: 'the library’s own ε; none: the caller’s opt.eps',
    default: 'none',
    defaultSource: 'contract: opt.eps is the caller’s',
    affects: ['step'],
    libraries: {
      tfjs: { value: 1e-7, source: 'tfjs-core/src/optimizers/adagrad_optimizer.ts: ε = backend.epsilon() = 1e-7, not settable' },
      pytorch: { value: 'none', source: 'https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html (eps is a parameter)' },
      keras: { value: 'none', source: 'keras/src/optimizers/adagrad.py (epsilon is a parameter)' },
    },
  },
  'rmsprop-eps': {
    name: 'rmsprop-eps',
    kind: 'enum',
    meaning: 'where RMSProp adds ε',
    values: ['outside', 'inside'],
    valueMeanings: { outside: 'w ← w − η g/(√r + ε)', inside: 'w ← w − η g/√(r + ε)' },
    default: 'outside',
    defaultSource: 'notes 002 “RMSProp”: w ← w − η g/√r; the contract adds ε after the root',
    affects: ['step'],
    libraries: {
      pytorch: { value: 'outside', source: 'https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (θ ← θ − γ g/(√v + ε))' },
      keras: { value: 'inside', source: 'keras/src/optimizers/rmsprop.py: w ← w − lr·g/√(velocity + ε)' },
      tfjs: { value: 'inside', source: 'tfjs-core/src/optimizers/rmsprop_optimizer.ts: w ← w − lr·g/√(ms + ε)' },
    },
  },
  'rmsprop-centered': {
    name: 'rmsprop-centered',
    kind: 'enum',
    meaning: 'RMSProp divides by the root of r (plain) or of r − ḡ² (centred, ḡ ← ρḡ + (1 − ρ)g)',
    values: ['no', 'yes'],
    valueMeanings: { no: 'w ← w − η g/(√r + ε)', yes: 'w ← w − η g/(√(r − ḡ²) + ε)' },
    default: 'no',
    defaultSource: 'notes 002 “RMSProp”',
    affects: ['step'],
    libraries: {
      pytorch: { value: 'no', source: 'https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (centered=False)' },
      keras: { value: 'no', source: 'keras/src/optimizers/rmsprop.py (centered=False)' },
      tfjs: { value: 'no', source: 'tfjs-core/src/optimizers/rmsprop_optimizer.ts (centered = false)' },
    },
  },
  'adam-eps': {
    name: 'adam-eps',
    kind: 'enum',
    meaning: 'where Adam adds ε',
    values: ['corrected', 'hat'],
    valueMeanings: { corrected: 'w ← w − η m̂/(√v̂ + ε) (Kingma & Ba, Algorithm 1)', hat: 'w ← w − η_t m/(√v + ε̂), η_t = η√(1 − β₂ᵗ)/(1 − β₁ᵗ) (the “ε hat” form)' },
    default: 'corrected',
    defaultSource: 'contract: Kingma & Ba 2015, Algorithm 1 (Adam is not in the notes)',
    affects: ['step'],
    libraries: {
      pytorch: { value: 'corrected', source: 'https://pytorch.org/docs/stable/generated/torch.optim.Adam.html (θ ← θ − γ m̂/(√v̂ + ε))' },
      keras: { value: 'hat', source: 'keras/src/optimizers/adam.py: α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); w ← w − α·m/(√v + ε) (“epsilon hat”, docs of keras.optimizers.Adam)' },
      tfjs: { value: 'corrected', source: 'tfjs-core/src/optimizers/adam_optimizer.ts: w ← w − lr·m̂/(√v̂ + ε)' },
    },
  },
  'optimizer-zero-over-zero': {
    name: 'optimizer-zero-over-zero',
    kind: 'enum',
    meaning: 'an adagrad/rmsprop/adam step whose denominator is exactly 0 (ε = 0, nothing accumulated: η·0/0), where the update is undefined',
    values: ['either', 'unchanged', 'nan'],
    valueMeanings: {
      either: 'both accepted: w unchanged, or the division carried out (NaN; ±∞ if g ≠ 0); later steps accept either path',
      unchanged: 'only w unchanged (the contract’s value)',
      nan: 'only the division carried out: 0/0 = NaN (g/0 = ±∞), as every library computes it',
    },
    default: 'either',
    defaultSource: 'contract “Undefined means accepted”: the mathematics is undefined there, so the contract’s value (w unchanged) and NaN are both right',
    affects: ['step'],
    libraries: {
      pytorch: { value: 'nan', source: 'the update formulas of torch.optim (docs of Adagrad, RMSprop, Adam) have no guard: g/(√v + ε) with both 0 is 0/0 = NaN' },
      keras: { value: 'nan', source: 'keras/src/optimizers/{adagrad,rmsprop,adam}.py divide without a guard: 0/0 = NaN when ε = 0' },
      tfjs: { value: 'nan', source: 'tfjs-core/src/optimizers/{adagrad,rmsprop,adam}_optimizer.ts: div without a guard, 0/0 = NaN (observed by replay)' },
    },
  },
};

/** The switch names, in table order. */
export const SWITCH_NAMES = Object.keys(SWITCHES) as SwitchName[];

/** The defaults: the notes' conventions (the contract). */
export const NOTES_SETTINGS: Readonly<ConventionSettings> = Object.freeze(
  Object.fromEntries(SWITCH_NAMES.map((n) => [n, SWITCHES[n].default])) as unknown as ConventionSettings,
);

export function isSwitchName(x: unknown): x is SwitchName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(SWITCHES, x);
}

/** A switch's definition, untyped by name (for generic code: parsing, docs). */
export function switchDef(name: SwitchName): EnumSwitch<string> | NumberSwitch<number | 'none'> {
  return SWITCHES[name] as unknown as EnumSwitch<string> | NumberSwitch<number | 'none'>;
}

/**
 * The values worth trying for a switch: an enum's values; for a number, the default, `none` where it
 * is a value, and every library's value (the numbers nobody uses are not enumerated).
 */
export function knownValues(name: SwitchName): SwitchValue[] {
  const d = switchDef(name);
  if (d.kind === 'enum') return [...d.values] as SwitchValue[];
  const out: (number | 'none')[] = [d.default];
  if (d.none && !out.includes('none')) out.push('none');
  for (const lib of LIBRARIES) {
    const v = d.libraries[lib]?.value;
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out as SwitchValue[];
}

/** The libraries that use a value of a switch (for "PyTorch's convention" hints). */
export function librariesUsing(name: SwitchName, value: SwitchValue): LibraryName[] {
  const d = switchDef(name);
  return LIBRARIES.filter((lib) => {
    const v = d.libraries[lib]?.value;
    return v !== undefined && v === value;
  });
}

/** "name=value" as a --convention flag writes it. */
export function formatSetting(name: SwitchName, value: SwitchValue): string {
  return `${name}=${typeof value === 'number' ? String(value) : value}`;
}
