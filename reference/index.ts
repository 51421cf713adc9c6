/**
 * The float64 reference: the contract's seven functions on plain JSON data (number[], number[][]),
 * each validating its input first (contract/validate.ts) so that bad input becomes a typed error
 * naming the layer, what was expected and what came. They never mutate their arguments.
 *
 *   activate, activateGrad   reference/activations.ts (the one activation table), float64 field
 *   loss                     reference/losses.ts, batch mean
 *   forward, backward        reference/matrix/ (Float64Array, cache-blocked matmul, BP1–BP4)
 *   step                     reference/optimizers.ts
 *   perceptronStep           reference/perceptron.ts
 *
 * Power users who keep data in Float64Array form use the matrix level directly: `matrix.forward`,
 * `matrix.backward`, `matrix.bp1` … `matrix.bp4`, `matrix.matmulABt`, … (no validation there).
 */
import { checkActivationName, checkBatch, checkLossArgs, checkNet, checkTargets, checkVector, resolveAlpha } from '../contract/validate.js';
import type { ActivationName, LossName } from '../contract/names.js';
import type { BackwardResult, ContractFunctions, ForwardResult, Matrix, Net, Subject, Vector } from '../contract/types.js';
import { activateGradVector, activateVector } from './activations.js';
import { float64 } from './field.js';
import { batchMeanLoss } from './losses.js';
import { fromRows, toRows } from './matrix/mat.js';
import * as M from './matrix/mlp.js';
import { step } from './optimizers.js';
import { perceptronStep } from './perceptron.js';

export { step } from './optimizers.js';
export { perceptronStep } from './perceptron.js';
export * as matrix from './matrix/index.js';
export { REGULARIZERS, penalty, penaltyGrad, type RegularizerName } from './learning/regularization.js';
/** The scalar reference (unit by unit, generic over float64 and Decimal), independent of `matrix`. */
export * as scalar from './scalar/index.js';
export { scalarSubject, decimalSubject } from './scalar/index.js';
/** Reverse-mode autodiff over a computational graph (a third, independent derivation). */
export * as autodiff from './autodiff.js';
export { float64, decimal50, decimalField, type Field } from './field.js';

/** a = σ(z) for one vector z (softmax over the whole vector, the rest elementwise). */
export function activate(name: ActivationName, z: Vector, alpha?: number): Vector {
  const act = checkActivationName(name, 'name');
  checkVector(z, 'z');
  return activateVector(float64, act, z, resolveAlpha(act, alpha));
}

/** σ′(z) elementwise; softmax is refused with a ContractError (its derivative is a Jacobian). */
export function activateGrad(name: ActivationName, z: Vector, alpha?: number): Vector {
  const act = checkActivationName(name, 'name');
  checkVector(z, 'z');
  return activateGradVector(float64, act, z, resolveAlpha(act, alpha));
}

/** The batch mean (1/B) Σ_x E_x of the named loss. */
export function loss(name: LossName, A: Matrix, Y: Matrix): number {
  const l = checkLossArgs(name, A, Y);
  return batchMeanLoss(float64, l, A, Y);
}

/** z[l], a[l] (B × n_l) for l = 1..L, listed in order. */
export function forward(net: Net, X: Matrix): ForwardResult {
  const sizes = checkNet(net);
  checkBatch(X, sizes[0]!);
  const { z, a } = M.forward(M.toMatNet(net), fromRows(X));
  return { z: z.map(toRows), a: a.map(toRows) };
}

/** δ^l per example (BP1, BP2) and the batch-mean gradients gradB (BP3) and gradW (BP4). */
export function backward(net: Net, X: Matrix, Y: Matrix, lossName: LossName): BackwardResult {
  const sizes = checkNet(net);
  const B = checkBatch(X, sizes[0]!);
  const l = checkTargets(net, Y, B, sizes[sizes.length - 1]!, lossName);
  const g = M.backward(M.toMatNet(net), fromRows(X), fromRows(Y), l);
  return { delta: g.delta.map(toRows), gradW: g.gradW.map(toRows), gradB: g.gradB.map((b) => Array.from(b)) };
}

const fns: ContractFunctions = { activate, activateGrad, loss, forward, backward, step, perceptronStep };

/** The float64 matrix reference as a Subject: the truth every other subject is compared with. */
export const referenceSubject: Subject = {
  name: 'reference',
  precision: 'float64',
  description: 'float64 matrix reference (Float64Array, cache-blocked matmul, BP1–BP4)',
  fns,
};
