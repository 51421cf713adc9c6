/**
 * Convention profiles: the places where well-known libraries legitimately differ from the notes become
 * named options instead of false failures. A profile is a set of conventions; `profileFunctions`
 * turns a base reference (the contract's, i.e. the notes' conventions) into a reference with those
 * conventions — a `ContractFunctions` object that `replay`, `grade` and `check` use as the truth.
 *
 * Profiles: `notes` (the default: the contract, docs/contract.md), `pytorch`, `keras` (Keras 3) and
 * `tfjs` (@tensorflow/tfjs 4.22, the ops and `tf.train` optimizers). Every convention carries its
 * source: the library's documentation or source file, named in `source`.
 *
 * What a profile changes, and how:
 *  - activations: the default α of leaky_relu / elu when the caller gives none; elu′ at the kink;
 *  - losses: mse with or without the ½ and averaged over the outputs or summed; bce averaged over the
 *    outputs or summed; probabilities clipped to [ε, 1 − ε] before the log (loss value only). A loss
 *    that is c × the notes' loss has gradients c × the notes' gradients, so `backward` is the base's
 *    scaled by c (exact: ∂(cE)/∂z = c ∂E/∂z, BP1–BP4 are linear in E);
 *  - optimizers: momentum written as v ← μv + g, w ← w − η v (PyTorch, tf.train.momentum) or the
 *    notes' v ← αv − ηg, w ← w + v; ε inside or outside the square root; Adagrad's initial accumulator;
 *    RMSProp centred or not; Adam's ε added to √v̂ (bias-corrected) or to √v ("ε̂", Keras/TF).
 *
 * For a profile other than `notes`, `step` is computed here (float64) from the conventions; for
 * `notes` every function is the base unchanged. The test beside this file checks that this file's
 * step with the notes' conventions equals the reference's `step` (reference/optimizers.ts), so both
 * derivations check each other.
 */
import { ContractError, InvalidArgumentError, UnknownNameError } from '../contract/errors.js';
import { DEFAULT_ALPHA, type ActivationName, type LossName, type OptimizerName } from '../contract/names.js';
import type { BackwardResult, ContractFunctions, Matrix, Net, Optimizer, OptimizerState, Params, StepResult, Subject, Vector } from '../contract/types.js';
import { checkOptimizer, checkParams } from '../contract/validate.js';
import { activate, activateGrad, backward, forward, loss, perceptronStep, step } from '../reference/index.js';

export const PROFILE_NAMES = ['notes', 'pytorch', 'keras', 'tfjs'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** ε placement: `outside` w ← w − η g/(√r + ε) (the notes, PyTorch); `inside` w ← w − η g/√(r + ε) (Keras, tfjs). */
export type EpsPlacement = 'outside' | 'inside';

export interface Conventions {
  /** Default α of leaky_relu when the caller gives none. */
  leakyReluAlpha: number;
  /** Default α of elu when the caller gives none. */
  eluAlpha: number;
  /** step(0): the notes' perceptron fires at 0 (1); tfjs's tf.step is x > 0 ? 1 : 0. */
  stepAtZero: 0 | 1;
  /** elu′(0): the notes take the z ≥ 0 branch (1); PyTorch's elu_backward takes z ≤ 0 (α·e⁰ = α). */
  eluGradAtZero: 'one' | 'alpha';
  /** mse: the notes' E_x = ½‖a − y‖²; `half: false` drops the ½; `meanOverOutputs` divides by n_L. */
  mse: { half: boolean; meanOverOutputs: boolean };
  /** bce: the notes sum over the outputs; `meanOverOutputs` divides by n_L. */
  bce: { meanOverOutputs: boolean };
  /** Probabilities clipped to [ε, 1 − ε] before the log in bce/cce values (null: no clipping). */
  probabilityClip: number | null;
  /** cce: the output divided by its sum before the log (Keras, tfjs-layers); matters only for non-softmax outputs. */
  cceNormalize: boolean;
  /** `notes`: v ← αv − ηg, w ← w + v.  `lr-outside`: v ← αv + g, w ← w − ηv. Equal while η is constant. */
  momentum: 'notes' | 'lr-outside';
  /** Adagrad: initial accumulator r₀, ε placement, and ε forced by the library (null: the caller's eps). */
  adagrad: { initialAccumulator: number; eps: EpsPlacement; fixedEps: number | null };
  /** RMSProp: ε placement; centred (r − ḡ² under the root) or not. */
  rmsprop: { eps: EpsPlacement; centered: boolean };
  /** Where √r + ε is 0 (ε = 0, slot 0): the contract leaves w unchanged; the libraries compute 0/0 = NaN. */
  zeroDenominator: 'unchanged' | 'nan';
  /** Adam: `corrected` w ← w − η m̂/(√v̂ + ε) (Kingma & Ba Alg. 1); `hat` w ← w − η_t m/(√v + ε̂), η_t = η√(1−β₂ᵗ)/(1−β₁ᵗ). */
  adam: { eps: 'corrected' | 'hat' };
}

export interface Profile {
  readonly name: ProfileName;
  readonly description: string;
  readonly conventions: Conventions;
  /** Where each convention comes from: key of Conventions → citation (documentation URL or source file). */
  readonly source: Readonly<Partial<Record<keyof Conventions, string>>>;
}

const NOTES: Conventions = {
  leakyReluAlpha: DEFAULT_ALPHA.leaky_relu!,
  eluAlpha: DEFAULT_ALPHA.elu!,
  stepAtZero: 1,
  eluGradAtZero: 'one',
  mse: { half: true, meanOverOutputs: false },
  bce: { meanOverOutputs: false },
  probabilityClip: null,
  cceNormalize: false,
  momentum: 'notes',
  adagrad: { initialAccumulator: 0, eps: 'outside', fixedEps: null },
  rmsprop: { eps: 'outside', centered: false },
  zeroDenominator: 'unchanged',
  adam: { eps: 'corrected' },
};

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  notes: {
    name: 'notes',
    description: 'the contract (docs/contract.md): the lecture notes’ formulas',
    conventions: NOTES,
    source: {
      mse: 'notes 002 “Losses”: E = ½ Σ (a − y)² per example; batch mean (contract)',
      momentum: 'notes 002 “Momentum”: v ← αv − η ∂E/∂w, w ← w + v',
      adagrad: 'notes 002 “Adagrad”: r ← r + g², w ← w − η g/√r (ε added outside the root, contract)',
      rmsprop: 'notes 002 “RMSProp”: r ← ρr + (1 − ρ)g², w ← w − η g/√r (ε outside, contract)',
      adam: 'Kingma & Ba 2015, Algorithm 1 (contract)',
      leakyReluAlpha: 'contract: leaky_relu α default 0.01',
      eluGradAtZero: 'contract: elu′(0) = 1 (z ≥ 0 branch)',
    },
  },
  pytorch: {
    name: 'pytorch',
    description: 'PyTorch 2.x (torch.nn.functional, torch.nn losses with reduction="mean", torch.optim)',
    conventions: {
      ...NOTES,
      eluGradAtZero: 'alpha',
      mse: { half: false, meanOverOutputs: true },
      bce: { meanOverOutputs: true },
      momentum: 'lr-outside',
      adagrad: { initialAccumulator: 0, eps: 'outside', fixedEps: null },
      rmsprop: { eps: 'outside', centered: false },
      zeroDenominator: 'nan',
      adam: { eps: 'corrected' },
    },
    source: {
      leakyReluAlpha: 'https://pytorch.org/docs/stable/generated/torch.nn.LeakyReLU.html (negative_slope=0.01)',
      eluGradAtZero: 'torch/_decomp/decompositions.py elu_backward (and the ATen kernel): where(x <= 0, grad·α·eˣ, grad), so elu′(0) = α',
      mse: 'https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html (reduction="mean": mean of (x−y)² over all elements, no ½)',
      bce: 'https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html (reduction="mean" over all elements)',
      momentum: 'https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (note: v ← μv + g, p ← p − lr·v)',
      adagrad: 'https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html (initial_accumulator_value=0; θ ← θ − γ g/(√state_sum + ε))',
      rmsprop: 'https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (θ ← θ − γ g/(√v + ε), centered=False)',
      adam: 'https://pytorch.org/docs/stable/generated/torch.optim.Adam.html (θ ← θ − γ m̂/(√v̂ + ε))',
      zeroDenominator: 'the update formulas of torch.optim (docs above) have no guard: g/(√v + ε) with both 0 is 0/0 = NaN',
    },
  },
  keras: {
    name: 'keras',
    description: 'Keras 3 (keras.optimizers, keras.losses, keras.layers.LeakyReLU)',
    conventions: {
      ...NOTES,
      leakyReluAlpha: 0.3,
      mse: { half: false, meanOverOutputs: true },
      bce: { meanOverOutputs: true },
      probabilityClip: 1e-7,
      cceNormalize: true,
      momentum: 'notes',
      adagrad: { initialAccumulator: 0.1, eps: 'inside', fixedEps: null },
      rmsprop: { eps: 'inside', centered: false },
      zeroDenominator: 'nan',
      adam: { eps: 'hat' },
    },
    source: {
      leakyReluAlpha: 'https://keras.io/api/layers/activation_layers/leaky_relu/ (LeakyReLU negative_slope=0.3)',
      mse: 'https://keras.io/api/losses/regression_losses/#meansquarederror-class (mean(square(y_true − y_pred), axis=−1))',
      bce: 'https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class (mean over the last axis)',
      probabilityClip: 'keras/src/backend/*/nn.py binary_crossentropy/categorical_crossentropy: clip(output, ε, 1 − ε), ε = backend.epsilon() = 1e-7',
      cceNormalize: 'keras/src/backend/tensorflow/nn.py categorical_crossentropy: output / sum(output, axis, keepdims=True) before clip and log',
      momentum: 'keras/src/optimizers/sgd.py: m ← momentum·m − lr·g; w ← w + m',
      adagrad: 'keras/src/optimizers/adagrad.py: accumulator starts at initial_accumulator_value=0.1; w ← w − lr·g/√(accumulator + ε)',
      rmsprop: 'keras/src/optimizers/rmsprop.py: w ← w − lr·g/√(velocity + ε); centered=False',
      adam: 'keras/src/optimizers/adam.py: α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); w ← w − α·m/(√v + ε) (“epsilon hat”, docs of tf.keras.optimizers.Adam)',
      zeroDenominator: 'keras/src/optimizers/*.py divide without a guard: 0/0 = NaN when ε = 0',
    },
  },
  tfjs: {
    name: 'tfjs',
    description: '@tensorflow/tfjs 4.22 (tf.leakyRelu, tf.elu, tf.losses.*, tf.metrics.*, tf.train.*)',
    conventions: {
      ...NOTES,
      leakyReluAlpha: 0.2,
      stepAtZero: 0,
      mse: { half: false, meanOverOutputs: true },
      bce: { meanOverOutputs: true },
      probabilityClip: 1e-7,
      cceNormalize: true,
      momentum: 'lr-outside',
      adagrad: { initialAccumulator: 0.1, eps: 'inside', fixedEps: 1e-7 },
      rmsprop: { eps: 'inside', centered: false },
      zeroDenominator: 'nan',
      adam: { eps: 'corrected' },
    },
    source: {
      leakyReluAlpha: 'tfjs-core/src/ops/leaky_relu.ts: leakyRelu(x, alpha = 0.2)',
      eluAlpha: 'tfjs-core/src/ops/elu.ts: α fixed at 1 (the adapter builds α ≠ 1 from tf ops)',
      mse: 'tfjs-core/src/ops/losses/mean_squared_error.ts: Reduction.SUM_BY_NONZERO_WEIGHTS = mean of (y − a)² over all elements',
      bce: 'tfjs-layers/src/losses.ts binaryCrossentropy: mean over the last axis of the clipped log loss',
      probabilityClip: 'tfjs-layers/src/losses.ts: clipByValue(output, epsilon(), 1 − epsilon()), epsilon() = 1e-7',
      cceNormalize: 'tfjs-layers/src/losses.ts categoricalCrossentropy: output / sum(output, −1) before clip and log',
      momentum: 'tfjs-core/src/optimizers/momentum_optimizer.ts: accumulation ← m·accumulation + g; w ← w − lr·accumulation',
      adagrad: 'tfjs-core/src/optimizers/adagrad_optimizer.ts: initialAccumulatorValue = 0.1; w ← w − lr·g/√(accum + backend.epsilon()), epsilon() = 1e-7 (not settable)',
      rmsprop: 'tfjs-core/src/optimizers/rmsprop_optimizer.ts: w ← w − lr·g/√(ms + ε)',
      adam: 'tfjs-core/src/optimizers/adam_optimizer.ts: w ← w − lr·m̂/(√v̂ + ε)',
      stepAtZero: 'tfjs-backend-cpu/src/kernels/Step.ts: x > 0 ? 1 : alpha (alpha = 0)',
      zeroDenominator: 'tfjs-core/src/optimizers/{rmsprop,adam}_optimizer.ts: div without a guard, 0/0 = NaN (observed by replay)',
    },
  },
};

export function isProfileName(x: unknown): x is ProfileName {
  return typeof x === 'string' && (PROFILE_NAMES as readonly string[]).includes(x);
}

export function getProfile(name: unknown): Profile {
  if (!isProfileName(name)) throw new UnknownNameError('profile', name, PROFILE_NAMES, '--profile');
  return PROFILES[name];
}

/** The factor c with loss_profile = c · loss_notes for a loss with n outputs (1 when the profile agrees). */
export function lossScale(c: Conventions, loss: LossName, n: number): number {
  if (loss === 'mse') return (c.mse.half ? 1 : 2) / (c.mse.meanOverOutputs ? n : 1);
  if (loss === 'bce') return c.bce.meanOverOutputs ? 1 / n : 1;
  return 1;
}

function defaultAlpha(c: Conventions, name: ActivationName): number | undefined {
  if (name === 'leaky_relu') return c.leakyReluAlpha;
  if (name === 'elu') return c.eluAlpha;
  return undefined;
}

/** The net with each alpha-less leaky_relu / elu layer given the profile's default α. */
function withDefaultAlphas(c: Conventions, net: Net): Net {
  if (net === null || typeof net !== 'object' || !Array.isArray(net.layers)) return net; // the base reports the error
  return {
    ...net,
    layers: net.layers.map((layer) => {
      const alpha = layer && layer.alpha === undefined ? defaultAlpha(c, layer.activation) : undefined;
      return alpha === undefined ? layer : { ...layer, alpha };
    }),
  };
}

const scale3 = (M: Matrix[], s: number): Matrix[] => M.map((A) => A.map((row) => row.map((x) => x * s)));

// ───────────────────────────── optimizers with conventions (float64) ─────────────────────────────

/** Per-weight slots each optimizer keeps under a profile. */
function slotsOf(c: Conventions, name: OptimizerName): string[] {
  switch (name) {
    case 'sgd':
      return [];
    case 'momentum':
      return ['v'];
    case 'adagrad':
      return ['r'];
    case 'rmsprop':
      return c.rmsprop.centered ? ['r', 'g'] : ['r'];
    case 'adam':
      return ['m', 'v'];
  }
}

/** η·num / den with den = √r + ε or √(r + ε); where den is 0 the weight is left unchanged (contract) or becomes NaN (libraries). */
function adaptive(c: Conventions, w: number, num: number, r: number, lr: number, eps: number, where: EpsPlacement): number {
  const den = where === 'outside' ? Math.sqrt(r) + eps : Math.sqrt(r + eps);
  if (den === 0 && c.zeroDenominator === 'unchanged') return w;
  return w - (lr * num) / den;
}

/** One coordinate under the conventions: weight w, gradient g, slot values s, step number t (1-based). */
function updateCoordinate(c: Conventions, opt: Optimizer, t: number, w: number, g: number, s: number[]): [number, number[]] {
  const o = opt as unknown as Record<string, number>;
  switch (opt.name) {
    case 'sgd':
      return [w - opt.lr * g, []];
    case 'momentum': {
      if (c.momentum === 'notes') {
        const v = o.alpha! * s[0]! - opt.lr * g; // v ← αv − ηg
        return [w + v, [v]]; // w ← w + v
      }
      const v = o.alpha! * s[0]! + g; // v ← μv + g
      return [w - opt.lr * v, [v]]; // w ← w − ηv
    }
    case 'adagrad': {
      const r = s[0]! + g * g; // r ← r + g²
      const eps = c.adagrad.fixedEps ?? o.eps!;
      return [adaptive(c, w, g, r, opt.lr, eps, c.adagrad.eps), [r]];
    }
    case 'rmsprop': {
      const rho = o.rho!;
      const r = rho * s[0]! + (1 - rho) * (g * g); // r ← ρr + (1 − ρ)g²
      if (!c.rmsprop.centered) return [adaptive(c, w, g, r, opt.lr, o.eps!, c.rmsprop.eps), [r]];
      const gBar = rho * s[1]! + (1 - rho) * g; // ḡ ← ρḡ + (1 − ρ)g
      return [adaptive(c, w, g, r - gBar * gBar, opt.lr, o.eps!, c.rmsprop.eps), [r, gBar]];
    }
    case 'adam': {
      const { beta1, beta2, eps, lr } = o as Record<string, number>;
      const m = beta1! * s[0]! + (1 - beta1!) * g;
      const v = beta2! * s[1]! + (1 - beta2!) * (g * g);
      const c1 = 1 - powInt(beta1!, t); // 1 − β₁ᵗ by repeated multiplication, as reference/optimizers.ts
      const c2 = 1 - powInt(beta2!, t);
      if (c.adam.eps === 'corrected') return [adaptive(c, w, m / c1, v / c2, lr!, eps!, 'outside'), [m, v]];
      // ε̂ form: η_t = η √(1 − β₂ᵗ)/(1 − β₁ᵗ); w ← w − η_t m/(√v + ε̂)
      return [adaptive(c, w, m, v, (lr! * Math.sqrt(c2)) / c1, eps!, 'outside'), [m, v]];
    }
  }
}

function powInt(x: number, t: number): number {
  let p = 1;
  for (let i = 0; i < t; i++) p *= x;
  return p;
}

interface ProfileState {
  name: OptimizerName;
  t: number;
  slots: Record<string, Params>;
}

function fill(p: Params, x: number): Params {
  return { W: p.W.map((W) => W.map((row) => row.map(() => x))), b: p.b.map((b) => b.map(() => x)) };
}

function checkProfileState(state: OptimizerState, opt: Optimizer, params: Params, names: string[]): ProfileState | null {
  if (state === null || state === undefined) return null;
  const s = state as Partial<ProfileState>;
  if (typeof s !== 'object' || s.name !== opt.name || typeof s.t !== 'number' || s.slots === null || typeof s.slots !== 'object') {
    throw new InvalidArgumentError({ where: 'state', expected: `null or the state this profile's step returned for ${opt.name}`, got: JSON.stringify(state).slice(0, 80) });
  }
  for (const n of names) checkParams((s.slots as Record<string, unknown>)[n], `state.slots.${n}`, params);
  return s as ProfileState;
}

/** The contract's `step` under the given conventions (float64). State: { name, t, slots }. */
export function conventionStep(c: Conventions, opt: Optimizer, params: Params, grads: Params, state: OptimizerState): StepResult {
  checkOptimizer(opt);
  checkParams(params, 'params');
  checkParams(grads, 'grads', params);
  const names = slotsOf(c, opt.name);
  const prev = checkProfileState(state, opt, params, names) ?? {
    name: opt.name,
    t: 0,
    slots: Object.fromEntries(names.map((n) => [n, fill(params, n === 'r' && opt.name === 'adagrad' ? c.adagrad.initialAccumulator : 0)])),
  };
  const t = prev.t + 1;
  const slots: Record<string, Params> = Object.fromEntries(names.map((n) => [n, { W: [], b: [] } as Params]));
  const rowUpdate = (w: Vector, g: Vector, old: Vector[]): [Vector, Vector[]] => {
    const out: Vector = [];
    const fresh: Vector[] = names.map(() => []);
    w.forEach((wi, i) => {
      const [w2, s2] = updateCoordinate(c, opt, t, wi, g[i]!, old.map((o) => o[i]!));
      out.push(w2);
      s2.forEach((v, k) => fresh[k]!.push(v));
    });
    return [out, fresh];
  };
  const W = params.W.map((Wl, l) => {
    names.forEach((n) => slots[n]!.W.push([]));
    return Wl.map((row, j) => {
      const [out, fresh] = rowUpdate(row, grads.W[l]![j]!, names.map((n) => prev.slots[n]!.W[l]![j]!));
      names.forEach((n, k) => slots[n]!.W[l]!.push(fresh[k]!));
      return out;
    });
  });
  const b = params.b.map((bl, l) => {
    const [out, fresh] = rowUpdate(bl, grads.b[l]!, names.map((n) => prev.slots[n]!.b[l]!));
    names.forEach((n, k) => slots[n]!.b.push(fresh[k]!));
    return out;
  });
  return { params: { W, b }, state: { name: opt.name, t, slots } };
}

// ───────────────────────────── the profile's reference ─────────────────────────────

/**
 * A reference with the profile's conventions, built from a base reference with the notes' conventions
 * (the contract). `notes` returns the base unchanged.
 */
export function profileFunctions(profile: ProfileName | Profile, base: ContractFunctions): ContractFunctions {
  const p = typeof profile === 'string' ? getProfile(profile) : profile;
  if (p.name === 'notes') return base;
  const c = p.conventions;
  const clip = (A: Matrix): Matrix => {
    const e = c.probabilityClip;
    return e === null ? A : A.map((row) => row.map((a) => Math.min(1 - e, Math.max(e, a))));
  };
  const normalize = (A: Matrix): Matrix =>
    A.map((row) => {
      const s = row.reduce((t, a) => t + a, 0);
      return s > 0 ? row.map((a) => a / s) : row;
    });
  return {
    activate: (name, z, alpha) => {
      const a = base.activate(name, z, alpha ?? defaultAlpha(c, name));
      return name === 'step' && c.stepAtZero === 0 ? a.map((ai, i) => (z[i] === 0 ? 0 : ai)) : a;
    },
    activateGrad: (name, z, alpha) => {
      const al = alpha ?? defaultAlpha(c, name);
      const g = base.activateGrad(name, z, al);
      // elu′(0): the notes take the z ≥ 0 branch (1); PyTorch takes α·e⁰ = α.
      if (name === 'elu' && c.eluGradAtZero === 'alpha') return g.map((gi, i) => (z[i] === 0 ? (al ?? c.eluAlpha) : gi));
      return g;
    },
    loss: (name, A, Y) => {
      const n = Array.isArray(A) && Array.isArray(A[0]) ? A[0].length : 1;
      const AA = name === 'mse' ? A : clip(name === 'cce' && c.cceNormalize ? normalize(A) : A);
      return lossScale(c, name, n) * base.loss(name, AA, Y);
    },
    forward: (net, X) => base.forward(withDefaultAlphas(c, net), X),
    backward: (net, X, Y, lossName): BackwardResult => {
      const full = withDefaultAlphas(c, net);
      if (c.eluGradAtZero !== 'one') {
        // elu′ at the kink differs only where some z is exactly 0 in an elu layer with α ≠ 1.
        const { z } = base.forward(full, X);
        full.layers.forEach((layer, l) => {
          if (layer.activation === 'elu' && (layer.alpha ?? c.eluAlpha) !== 1 && z[l]!.some((row) => row.includes(0))) {
            throw new ContractError(`profile ${p.name}: backward with z = 0 exactly in an elu layer (layer ${l + 1}) with α ≠ 1 is not modelled`, {
              layer: l + 1,
              where: `net.layers[${l}]`,
            });
          }
        });
      }
      const out = full.layers[full.layers.length - 1]!.activation;
      if (lossName === 'cce' && c.cceNormalize && out !== 'softmax') {
        // cce of the normalised output p = a/S (S = Σ_i a_i): E_x = −Σ_i y_i log(a_i/S), so
        // ∂E_x/∂a_i = −y_i/a_i + (Σ_j y_j)/S =: g_i. BP1 for an elementwise σ is δ^L = g ⊙ σ′(z^L), which
        // is what mse gives for targets y′ = a − g: the base's BP1–BP4 then do the rest, unchanged.
        // (The clipping of p to [ε, 1 − ε] is not modelled: it matters only for p within ε of 0 or 1.)
        const { a } = base.forward(full, X);
        const aL = a[a.length - 1]!;
        const Yshift = aL.map((row, x) => {
          const S = row.reduce((t, v) => t + v, 0);
          const sumY = Y[x]!.reduce((t, v) => t + v, 0);
          return row.map((ai, i) => ai - ((Y[x]![i] === 0 ? 0 : -Y[x]![i]! / ai) + sumY / S));
        });
        return base.backward(full, X, Yshift, 'mse');
      }
      const r = base.backward(full, X, Y, lossName);
      const n = full.layers[full.layers.length - 1]!.b.length;
      const s = lossScale(c, lossName, n);
      if (s === 1) return r;
      return { delta: scale3(r.delta, s), gradW: scale3(r.gradW, s), gradB: r.gradB.map((b) => b.map((x) => x * s)) };
    },
    step: (opt, params, grads, state) => conventionStep(c, opt, params, grads, state),
    perceptronStep: (w, b, x, y, lr) => base.perceptronStep(w, b, x, y, lr),
  };
}

/** Which of a profile's conventions differ from the notes (for reports and docs). */
export function differencesFromNotes(profile: ProfileName): (keyof Conventions)[] {
  const c = PROFILES[profile].conventions;
  return (Object.keys(NOTES) as (keyof Conventions)[]).filter((k) => JSON.stringify(c[k]) !== JSON.stringify(NOTES[k]));
}

/** The float64 reference with the profile's conventions (the truth for `grade`, `replay`, `check` with --profile). */
export function profileReference(profile: ProfileName | Profile): ContractFunctions {
  return profileFunctions(profile, { activate, activateGrad, loss, forward, backward, step, perceptronStep });
}

/**
 * A subject that follows a library's conventions, seen through the notes' conventions where the
 * conversion is exact: α-less leaky_relu / elu layers get the notes' default α explicitly, and loss
 * values and backward results are divided by the profile's loss scale c (lossScale). Everything else
 * (kinks, optimizers, clipping) passes through unchanged, so the property pack still reports those
 * differences. Lets a library author run the notes' property pack against a library with, e.g.,
 * PyTorch's mse.
 */
export function inNotesConventions(subject: Subject, profile: ProfileName | Profile): Subject {
  const p = typeof profile === 'string' ? getProfile(profile) : profile;
  if (p.name === 'notes') return subject;
  const c = p.conventions;
  const f = subject.fns;
  const notesAlpha = (name: ActivationName, alpha?: number) => alpha ?? (name === 'leaky_relu' || name === 'elu' ? DEFAULT_ALPHA[name] : undefined);
  const withNotesAlphas = (net: Net): Net =>
    net && Array.isArray(net.layers) ? { ...net, layers: net.layers.map((l) => (l && l.alpha === undefined && notesAlpha(l.activation) !== undefined ? { ...l, alpha: notesAlpha(l.activation) } : l)) } : net;
  const fns: Subject['fns'] = { ...f };
  if (f.activate) fns.activate = (name, z, alpha) => f.activate!(name, z, notesAlpha(name, alpha));
  if (f.activateGrad) fns.activateGrad = (name, z, alpha) => f.activateGrad!(name, z, notesAlpha(name, alpha));
  if (f.forward) fns.forward = (net, X) => f.forward!(withNotesAlphas(net), X);
  if (f.loss) {
    fns.loss = async (name, A, Y) => {
      const n = Array.isArray(A) && Array.isArray(A[0]) ? A[0].length : 1;
      return (await f.loss!(name, A, Y)) / lossScale(c, name, n);
    };
  }
  if (f.backward) {
    fns.backward = async (net, X, Y, lossName) => {
      const full = withNotesAlphas(net);
      const r = await f.backward!(full, X, Y, lossName);
      const s = 1 / lossScale(c, lossName, full.layers[full.layers.length - 1]!.b.length);
      return s === 1 ? r : { delta: scale3(r.delta, s), gradW: scale3(r.gradW, s), gradB: r.gradB.map((b) => b.map((x) => x * s)) };
    };
  }
  return {
    name: `${subject.name} (in the notes' conventions from ${p.name})`,
    precision: subject.precision,
    description: subject.description,
    fns,
    // a method on a class instance would not survive a spread: forward it explicitly
    ...(subject.dispose ? { dispose: () => subject.dispose!() } : {}),
  };
}
