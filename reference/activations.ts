/**
 * The activation table: each activation's value and derivative side by side, with its convention at
 * the kink. This is the only place these formulas exist; the matrix reference, the scalar reference
 * (float64 and Decimal) and the docs all read them from here.
 *
 * Conventions (see docs/contract.md, "Activations"):
 *  - step(0) = 1 (the notes' perceptron fires when w·x + b ≥ 0); step′ = 0 everywhere.
 *  - relu′(0) = 0 (as the notes say); leaky_relu′(0) = α; elu uses z ≥ 0 for its linear branch, so elu′(0) = 1.
 *  - softplus and sigmoid are evaluated without overflow for any finite z.
 *  - softmax subtracts the maximum logit before exponentiating.
 */
import { ContractError } from '../contract/errors.js';
import type { ActivationName } from '../contract/names.js';
import type { Field } from './field.js';

export interface Elementwise {
  /** σ(z) */
  value<T>(F: Field<T>, z: T, alpha: T): T;
  /** σ′(z) */
  grad<T>(F: Field<T>, z: T, alpha: T): T;
  /** How the kink is resolved (for docs and diagnoses). */
  readonly kink?: string;
  /** sup |σ′|: the Lipschitz constant that carries an error in z into a (the tolerance model). */
  lipschitz(alpha: number): number;
  /** sup |σ″| where σ is smooth: how an error in z moves σ′ (the tolerance model). */
  curvature(alpha: number): number;
  /** The jump of σ and of σ′ at the kink z = 0 (when a computed z may straddle it). */
  jump(alpha: number): { value: number; grad: number };
}

const none = () => ({ value: 0, grad: 0 });

/** σ(z) = 1/(1+e^−z), computed as e^z/(1+e^z) for z < 0 so e^−z never overflows. */
function sigmoid<T>(F: Field<T>, z: T): T {
  if (F.gte(z, F.zero)) return F.div(F.one, F.add(F.one, F.exp(F.neg(z))));
  const e = F.exp(z);
  return F.div(e, F.add(F.one, e));
}

export const ELEMENTWISE: Readonly<Record<Exclude<ActivationName, 'softmax'>, Elementwise>> = {
  identity: {
    value: (_F, z) => z,
    grad: (F) => F.one,
    lipschitz: () => 1,
    curvature: () => 0,
    jump: none,
  },
  step: {
    // 1 if z ≥ 0 else 0; derivative 0 everywhere (also at the jump, by convention)
    value: (F, z) => (F.gte(z, F.zero) ? F.one : F.zero),
    grad: (F) => F.zero,
    kink: 'step(0) = 1; step′ = 0 everywhere, including 0',
    // derivative 0 almost everywhere; a flip at 0 is the jump of the value
    lipschitz: () => 0,
    curvature: () => 0,
    jump: () => ({ value: 1, grad: 0 }),
  },
  sigmoid: {
    value: (F, z) => sigmoid(F, z),
    // σ′ = σ(1 − σ) ≤ ¼
    grad: (F, z) => {
      const s = sigmoid(F, z);
      return F.mul(s, F.sub(F.one, s));
    },
    lipschitz: () => 0.25,
    curvature: () => 1 / (6 * Math.sqrt(3)), // σ″ = σ(1−σ)(1−2σ), largest at σ = ½ ± 1/(2√3)
    jump: none,
  },
  tanh: {
    value: (F, z) => F.tanh(z),
    // tanh′ = 1 − tanh²
    grad: (F, z) => {
      const t = F.tanh(z);
      return F.sub(F.one, F.mul(t, t));
    },
    lipschitz: () => 1,
    curvature: () => (4 * Math.sqrt(3)) / 9, // tanh″ = −2 tanh (1 − tanh²), largest at tanh = 1/√3
    jump: none,
  },
  relu: {
    value: (F, z) => (F.gt(z, F.zero) ? z : F.zero),
    grad: (F, z) => (F.gt(z, F.zero) ? F.one : F.zero),
    kink: 'relu′(0) = 0',
    lipschitz: () => 1,
    curvature: () => 0,
    jump: () => ({ value: 0, grad: 1 }),
  },
  leaky_relu: {
    value: (F, z, alpha) => (F.gt(z, F.zero) ? z : F.mul(alpha, z)),
    grad: (F, z, alpha) => (F.gt(z, F.zero) ? F.one : alpha),
    kink: 'leaky_relu′(0) = α',
    lipschitz: (alpha) => Math.max(1, Math.abs(alpha)),
    curvature: () => 0,
    jump: (alpha) => ({ value: 0, grad: Math.abs(1 - alpha) }),
  },
  softplus: {
    // log(1 + e^z) = max(z, 0) + log1p(e^−|z|): no overflow for large z, no underflow to 0 for negative z
    value: (F, z) => F.add(F.gt(z, F.zero) ? z : F.zero, F.log1p(F.exp(F.neg(F.abs(z))))),
    // softplus′ = σ(z)
    grad: (F, z) => sigmoid(F, z),
    lipschitz: () => 1,
    curvature: () => 0.25, // softplus″ = σ′ ≤ ¼
    jump: none,
  },
  elu: {
    value: (F, z, alpha) => (F.gte(z, F.zero) ? z : F.mul(alpha, F.expm1(z))),
    grad: (F, z, alpha) => (F.gte(z, F.zero) ? F.one : F.mul(alpha, F.exp(z))),
    kink: 'elu′(0) = 1 (the z ≥ 0 branch)',
    lipschitz: (alpha) => Math.max(1, Math.abs(alpha)),
    curvature: (alpha) => Math.abs(alpha), // α e^z on z < 0
    jump: (alpha) => ({ value: 0, grad: Math.abs(1 - alpha) }),
  },
};

/** The Lipschitz constant of softmax per coordinate (‖J‖∞ ≤ ½ per coordinate pair; docs/contract.md). */
export const SOFTMAX_LIPSCHITZ = 0.5;

/** softmax(z)_i = e^{z_i − m} / Σ_j e^{z_j − m} with m = max z: never overflows. */
export function softmax<T>(F: Field<T>, z: readonly T[]): T[] {
  let m: T = z[0] as T;
  for (const v of z) if (F.gt(v, m)) m = v;
  const e = z.map((v) => F.exp(F.sub(v, m)));
  let s = F.zero;
  for (const v of e) s = F.add(s, v);
  return e.map((v) => F.div(v, s));
}

/** a = σ(z) for a whole layer vector (softmax acts on the vector, the rest elementwise). */
export function activateVector<T>(F: Field<T>, name: ActivationName, z: readonly T[], alpha: T): T[] {
  if (name === 'softmax') return softmax(F, z);
  const act = ELEMENTWISE[name];
  return z.map((v) => act.value(F, v, alpha));
}

/** σ′(z) elementwise; softmax has no elementwise derivative (its Jacobian is used instead). */
export function activateGradVector<T>(F: Field<T>, name: ActivationName, z: readonly T[], alpha: T): T[] {
  if (name === 'softmax') {
    throw new ContractError('activateGrad is not defined for softmax (it is not elementwise; use its Jacobian)', {
      where: 'name',
      expected: 'an elementwise activation',
      got: 'softmax',
    });
  }
  const act = ELEMENTWISE[name];
  return z.map((v) => act.grad(F, v, alpha));
}
