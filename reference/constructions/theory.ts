/**
 * The notes' theory as small constructions that the property suite checks.
 *
 * Vanishing gradients (notes 001, "Vanishing Gradients"; notes 000): a chain of L single-unit layers,
 *     u_1 = w_1 x, ŷ = σ(w_L σ(… σ(w_1 x)))   (biases 0),
 * has dŷ/dw_1 = σ′(z_L) w_L σ′(z_{L−1}) … w_2 σ′(z_1) x, and with σ′ ≤ ¼ for the sigmoid
 *     |dŷ/dw_1| ≤ (¼)^L · Π_{i=2..L} |w_i| · |x|,
 * which shrinks exponentially with depth when |w_i| ≤ 1. For ReLU units on the active path (every
 * z_i > 0) each σ′ is exactly 1, so dŷ/dw_1 = Π_{i=2..L} w_i · x: no shrinking from the activation.
 *
 * The logit loss (notes 001, "The logit loss"): with y± ∈ {−1, +1},
 *     −log σ(y± (wᵀx + b))
 * equals the binary cross-entropy −[y log σ(z) + (1 − y) log(1 − σ(z))] with y = (y± + 1)/2 ∈ {0, 1},
 * since 1 − σ(z) = σ(−z). Written as softplus(−y± z) = log(1 + e^{−y± z}) it never overflows.
 */
import { InvalidArgumentError } from '../../contract/errors.js';
import type { ActivationName } from '../../contract/names.js';
import type { Net } from '../../contract/types.js';
import { ELEMENTWISE } from '../activations.js';
import type { Field } from '../field.js';

/** The chain x → σ(w_1 x) → … → σ(w_L ·): L layers of one unit each, biases 0. */
export function chainNet(ws: readonly number[], activation: ActivationName = 'sigmoid'): Net {
  if (ws.length < 1) throw new InvalidArgumentError({ where: 'ws', expected: 'at least one weight', got: 'none' });
  return { layers: ws.map((w) => ({ W: [[w]], b: [0], activation })) };
}

/** The notes' bound (¼)^L Π_{i=2..L} |w_i| |x| on |dŷ/dw_1| for a sigmoid chain. */
export function sigmoidChainBound(ws: readonly number[], x: number): number {
  return 0.25 ** ws.length * ws.slice(1).reduce((p, w) => p * Math.abs(w), 1) * Math.abs(x);
}

/** dŷ/dw_1 = Π_{i=2..L} w_i · x for a ReLU chain whose units are all active. */
export function reluChainGradient(ws: readonly number[], x: number): number {
  return ws.slice(1).reduce((p, w) => p * w, 1) * x;
}

/** dŷ/dw_1 of a chain, by the chain rule in field F (the notes' intermediate variables u_1 … u_{2L}). */
export function chainGradientIn<T>(F: Field<T>, ws: readonly T[], x: T, activation: Exclude<ActivationName, 'softmax'> = 'sigmoid'): { yHat: T; dyHatDw1: T } {
  const act = ELEMENTWISE[activation];
  const zero = F.zero;
  let a = x;
  const zs: T[] = [];
  for (const w of ws) {
    const z = F.mul(w, a);
    zs.push(z);
    a = act.value(F, z, zero);
  }
  // dŷ/dw_1 = σ′(z_L) w_L σ′(z_{L−1}) … w_2 σ′(z_1) · x
  let g = F.mul(act.grad(F, zs[0]!, zero), x);
  for (let i = 1; i < ws.length; i++) g = F.mul(F.mul(act.grad(F, zs[i]!, zero), ws[i]!), g);
  return { yHat: a, dyHatDw1: g };
}

/** −log σ(y± z) = softplus(−y± z), y± ∈ {−1, +1}, in field F. */
export function logitLossIn<T>(F: Field<T>, z: T, yPm: -1 | 1): T {
  return ELEMENTWISE.softplus.value(F, yPm === 1 ? F.neg(z) : z, F.zero);
}

/** The label conversion y = (y± + 1)/2. */
export function pmToBinary(yPm: -1 | 1): 0 | 1 {
  return yPm === 1 ? 1 : 0;
}
