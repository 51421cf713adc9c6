/**
 * The scalar reference as Subjects of the contract:
 *  - `scalarSubject`  ("scalar", float64): the unit-by-unit sums in plain JS numbers;
 *  - `decimalSubject` ("decimal"): the same code in Decimal with 50 significant digits, every
 *    result rounded once to the nearest float64 at the end.
 * And the Decimal functions without that final rounding, for properties that need the digits
 * (finite differences, float64-vs-Decimal comparisons).
 */
import type { Decimal } from 'decimal.js';
import type { ActivationName, LossName } from '../../contract/names.js';
import type { BackwardResult, ContractFunctions, ForwardResult, Matrix, Net, Subject, Vector } from '../../contract/types.js';
import { checkActivationName, checkLossArgs, checkVector, resolveAlpha } from '../../contract/validate.js';
import { activateGradVector, activateVector } from '../activations.js';
import { decimal50, float64, type Field } from '../field.js';
import { batchMeanLoss } from '../losses.js';
import { scalarBackward, type ScalarBackward } from './backward.js';
import { exactOf, matrixToField, matrixToNumbers, tensorToNumbers, vectorToField, vectorToNumbers, type FieldNet } from './convert.js';
import { scalarForward, type ScalarForward } from './forward.js';
import { scalarLoss } from './loss.js';

type ScalarFunctions = Pick<ContractFunctions, 'activate' | 'activateGrad' | 'loss' | 'forward' | 'backward'>;

/** The contract's activate/activateGrad/loss/forward/backward computed in field F, answered in float64. */
export function scalarFunctions<T>(F: Field<T>): ScalarFunctions {
  return {
    activate(name: ActivationName, z: Vector, alpha?: number): Vector {
      const act = checkActivationName(name, 'name');
      checkVector(z, 'z');
      const a = exactOf(F, resolveAlpha(act, alpha));
      return vectorToNumbers(F, activateVector(F, act, vectorToField(F, z), a));
    },
    activateGrad(name: ActivationName, z: Vector, alpha?: number): Vector {
      const act = checkActivationName(name, 'name');
      checkVector(z, 'z');
      const a = exactOf(F, resolveAlpha(act, alpha));
      return vectorToNumbers(F, activateGradVector(F, act, vectorToField(F, z), a)); // softmax: ContractError
    },
    loss(name: LossName, A: Matrix, Y: Matrix): number {
      const loss = checkLossArgs(name, A, Y);
      return F.toNumber(batchMeanLoss(F, loss, matrixToField(F, A), matrixToField(F, Y)));
    },
    forward(net: Net, X: Matrix): ForwardResult {
      const r = scalarForward(F, net, X);
      return { z: tensorToNumbers(F, r.z), a: tensorToNumbers(F, r.a) };
    },
    backward(net: Net, X: Matrix, Y: Matrix, lossName: LossName): BackwardResult {
      const r = scalarBackward(F, net, X, Y, lossName);
      return { delta: tensorToNumbers(F, r.delta), gradW: tensorToNumbers(F, r.gradW), gradB: matrixToNumbers(F, r.gradB) };
    },
  };
}

/** The scalar reference in float64. */
export const scalarSubject: Subject = {
  name: 'scalar',
  precision: 'float64',
  description: 'scalar reference: unit-by-unit sums (notes 002/003), float64',
  fns: scalarFunctions(float64),
};

/** The scalar reference in Decimal (50 significant digits), each result rounded to the nearest float64. */
export const decimalSubject: Subject = {
  name: 'decimal',
  precision: 'decimal',
  description: 'scalar reference in decimal.js, 50 significant digits, results rounded to float64',
  fns: scalarFunctions(decimal50),
};

/** forward in Decimal (50 digits), not rounded. */
export function decimalForward(net: Net | FieldNet<Decimal>, X: Matrix | Decimal[][]): ScalarForward<Decimal> {
  return scalarForward(decimal50, net, X);
}

/** backward in Decimal (50 digits), not rounded: δ per example and the batch-mean gradients. */
export function decimalBackward(net: Net | FieldNet<Decimal>, X: Matrix | Decimal[][], Y: Matrix | Decimal[][], loss: LossName): ScalarBackward<Decimal> {
  return scalarBackward(decimal50, net, X, Y, loss);
}

/** The batch-mean loss in Decimal (50 digits), not rounded. */
export function decimalLoss(net: Net | FieldNet<Decimal>, X: Matrix | Decimal[][], Y: Matrix | Decimal[][], loss: LossName): Decimal {
  return scalarLoss(decimal50, net, X, Y, loss);
}
