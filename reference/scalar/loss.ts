/**
 * The batch-mean loss of a network, E = (1/B) Σ_x E_x(a^L_x, y_x), in the field — the function whose
 * derivatives backward computes. Finite differences in Decimal evaluate it at perturbed parameters:
 *
 *   const net = netToField(decimal50, plainNet);             // convert once (validates)
 *   const h = decimal50.of(1e-20);
 *   const fd = (scalarLossAt(F, net, X, Y, 'mse', at, h) − scalarLossAt(F, net, X, Y, 'mse', at, −h)) / 2h
 */
import type { LossName } from '../../contract/names.js';
import type { Matrix, Net, Params } from '../../contract/types.js';
import type { Field } from '../field.js';
import { batchMeanLoss } from '../losses.js';
import { moveNet, perturbNet, type FieldNet, type ParamRef } from './convert.js';
import { forwardExample, prepare } from './forward.js';

/** The batch-mean loss (1/B) Σ_x E_x of the network's outputs against Y. */
export function scalarLoss<T>(F: Field<T>, net: Net | FieldNet<T>, X: Matrix | T[][], Y: Matrix | T[][], loss: LossName): T {
  const p = prepare(F, net, X, Y, loss);
  const L = p.net.layers.length;
  const A = p.X.map((x) => forwardExample(F, p.net, x).a[L - 1]!);
  return batchMeanLoss(F, p.loss!, A, p.Y!);
}

/** The batch-mean loss with one parameter moved by h: E(θ + h e_at). */
export function scalarLossAt<T>(F: Field<T>, net: FieldNet<T>, X: Matrix | T[][], Y: Matrix | T[][], loss: LossName, at: ParamRef, h: T): T {
  return scalarLoss(F, perturbNet(F, net, at, h), X, Y, loss);
}

/** The batch-mean loss with all parameters moved along a direction: E(θ + h d). */
export function scalarLossAlong<T>(
  F: Field<T>,
  net: FieldNet<T>,
  X: Matrix | T[][],
  Y: Matrix | T[][],
  loss: LossName,
  direction: Params | { W: T[][][]; b: T[][] },
  h: T,
): T {
  return scalarLoss(F, moveNet(F, net, direction, h), X, Y, loss);
}

/**
 * The central difference (E(θ + h e) − E(θ − h e)) / 2h for one parameter, in the field.
 * Its error is O(h²) (third derivative) plus the field's rounding of the loss divided by h.
 */
export function centralDifference<T>(F: Field<T>, net: FieldNet<T>, X: Matrix | T[][], Y: Matrix | T[][], loss: LossName, at: ParamRef, h: T): T {
  const plus = scalarLossAt(F, net, X, Y, loss, at, h);
  const minus = scalarLossAt(F, net, X, Y, loss, at, F.neg(h));
  return F.div(F.sub(plus, minus), F.mul(F.of(2), h));
}
