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
import { activateVector } from '../activations.js';
import { batchMeanLoss } from '../losses.js';
import { moveNet, perturbNet, type FieldNet, type ParamRef } from './convert.js';
import { forwardExample, prepare, unitInputs } from './forward.js';

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

/**
 * E(θ + h e) for many single-parameter perturbations of one network and batch, reusing the forward
 * pass of the unperturbed net: moving W^l_jk or b^l_j changes only z^l_j, so the layers below are
 * cached and only unit j of layer l (all of it for softmax) and the layers above are recomputed.
 * The values are identical to scalarLossAt's (same operations in the same order), at a fraction of
 * the cost — per-coordinate finite differences in Decimal over every parameter of a small net.
 */
export interface LossEvaluator<T> {
  /** E(θ), the unperturbed batch-mean loss. */
  readonly base: T;
  /** E(θ + h e_at). */
  at(ref: ParamRef, h: T): T;
  /** (E(θ + h e_at) − E(θ − h e_at)) / 2h. */
  centralDifference(ref: ParamRef, h: T): T;
}

export function lossEvaluator<T>(F: Field<T>, net: Net | FieldNet<T>, X: Matrix | T[][], Y: Matrix | T[][], loss: LossName): LossEvaluator<T> {
  const p = prepare(F, net, X, Y, loss);
  const fnet = p.net;
  const L = fnet.layers.length;
  const lossName = p.loss!;
  const cached = p.X.map((x) => forwardExample(F, fnet, x));
  const mean = (A: T[][]): T => batchMeanLoss(F, lossName, A, p.Y!);
  const at = (ref: ParamRef, h: T): T => {
    const moved = perturbNet(F, fnet, ref, h);
    const layer = moved.layers[ref.layer]!;
    const A = p.X.map((x, e) => {
      const c = cached[e]!;
      const aBelow = ref.layer === 0 ? x : c.a[ref.layer - 1]!;
      // z_j = Σ_k w_jk a_k + b_j for the one unit whose input moved
      const w = layer.W[ref.j]!;
      let zj = F.zero;
      for (let k = 0; k < w.length; k++) zj = F.add(zj, F.mul(w[k]!, aBelow[k]!));
      const z = c.z[ref.layer]!.slice();
      z[ref.j] = F.add(zj, layer.b[ref.j]!);
      let a: readonly T[];
      if (layer.activation === 'softmax') a = activateVector(F, 'softmax', z, layer.alpha);
      else {
        const al = c.a[ref.layer]!.slice();
        al[ref.j] = activateVector(F, layer.activation, [z[ref.j]!], layer.alpha)[0]!;
        a = al;
      }
      for (let l = ref.layer + 1; l < L; l++) {
        const above = moved.layers[l]!;
        a = activateVector(F, above.activation, unitInputs(F, above, a), above.alpha);
      }
      return a as T[];
    });
    return mean(A);
  };
  return {
    base: mean(cached.map((c) => c.a[L - 1]!)),
    at,
    centralDifference: (ref, h) => F.div(F.sub(at(ref, h), at(ref, F.neg(h))), F.mul(F.of(2), h)),
  };
}
