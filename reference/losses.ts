/**
 * The losses, per example (E_x) and their gradient with respect to the output activation (∇_a E_x),
 * generic over the number field. The contract's `loss` is the batch mean (1/B) Σ_x E_x.
 *
 * Convention `zero-log-zero`: a term y·log(a) with y = 0 counts as 0 (the limit of t·log t), so a
 * confident correct prediction costs 0, not NaN. A term with y > 0 and a = 0 is +Infinity — honestly.
 */
import type { LossName } from '../contract/names.js';
import type { Field } from './field.js';

export interface Loss {
  /** E_x(a, y) for one example. */
  value<T>(F: Field<T>, a: readonly T[], y: readonly T[]): T;
  /** ∇_a E_x, elementwise. */
  grad<T>(F: Field<T>, a: readonly T[], y: readonly T[]): T[];
}

/** y · log(a), with 0 · log(anything) = 0. */
function xlogy<T>(F: Field<T>, y: T, a: T): T {
  return F.isZero(y) ? F.zero : F.mul(y, F.log(a));
}

export const LOSS_TABLE: Readonly<Record<LossName, Loss>> = {
  mse: {
    // E_x = ½‖a − y‖²
    value: (F, a, y) => {
      let s = F.zero;
      a.forEach((ai, i) => {
        const d = F.sub(ai, y[i]!);
        s = F.add(s, F.mul(d, d));
      });
      return F.div(s, F.of(2));
    },
    // ∇_a E_x = a − y
    grad: (F, a, y) => a.map((ai, i) => F.sub(ai, y[i]!)),
  },
  bce: {
    // E_x = −Σ_i [y_i log a_i + (1 − y_i) log(1 − a_i)]
    value: (F, a, y) => {
      let s = F.zero;
      a.forEach((ai, i) => {
        const yi = y[i]!;
        s = F.add(s, F.add(xlogy(F, yi, ai), xlogy(F, F.sub(F.one, yi), F.sub(F.one, ai))));
      });
      return F.neg(s);
    },
    // ∂E_x/∂a_i = (a_i − y_i) / (a_i (1 − a_i))
    grad: (F, a, y) => a.map((ai, i) => F.div(F.sub(ai, y[i]!), F.mul(ai, F.sub(F.one, ai)))),
  },
  cce: {
    // E_x = −Σ_i y_i log a_i
    value: (F, a, y) => {
      let s = F.zero;
      a.forEach((ai, i) => (s = F.add(s, xlogy(F, y[i]!, ai))));
      return F.neg(s);
    },
    // ∂E_x/∂a_i = −y_i / a_i
    grad: (F, a, y) => a.map((ai, i) => (F.isZero(y[i]!) ? F.zero : F.neg(F.div(y[i]!, ai)))),
  },
};

/** The contract's loss: the batch mean of E_x over the rows of A and Y. */
export function batchMeanLoss<T>(F: Field<T>, name: LossName, A: readonly (readonly T[])[], Y: readonly (readonly T[])[]): T {
  const loss = LOSS_TABLE[name];
  let s = F.zero;
  A.forEach((a, x) => (s = F.add(s, loss.value(F, a, Y[x]!))));
  return F.div(s, F.of(A.length));
}
