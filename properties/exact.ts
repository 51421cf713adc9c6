/**
 * The truth the numeric properties compare against: the scalar reference in Decimal (50 digits) on
 * the exact float64 inputs, and the element-by-element error bounds of tolerance/model.ts built
 * from it for a subject of a given precision.
 */
import type { Decimal } from 'decimal.js';
import { DEFAULT_ALPHA, type ActivationName, alphaOf } from '../contract/names.js';
import type { Precision, Subject } from '../contract/types.js';
import { UNIT_ROUNDOFF, activationUlpsFor, backpropErrorBounds, gamma, type BackpropBounds, type ExactValues } from '../tolerance/model.js';
import { activateGradVector } from '../reference/activations.js';
import { decimal50 } from '../reference/field.js';
import { decimalBackward, decimalForward, netToField, tensorToNumbers, type FieldNet } from '../reference/scalar/index.js';
import type { NetCase } from './arbitraries.js';

export interface Truth {
  /** The net in Decimal (converted once, exactly). */
  fnet: FieldNet<Decimal>;
  /** z, a, σ′(z), δ in Decimal, rounded to float64. */
  values: ExactValues;
  /** gradW, gradB of the batch-mean loss in Decimal, rounded to float64. */
  gradW: number[][][];
  gradB: number[][];
  /** Decimal z (unrounded), for kink distances. */
  zDec: Decimal[][][];
}

export function truthOf(c: NetCase): Truth {
  const F = decimal50;
  const fnet = netToField(F, c.net);
  const fwd = decimalForward(fnet, c.X);
  const bwd = decimalBackward(fnet, c.X, c.Y, c.loss);
  const sp = fwd.z.map((zl, l) => {
    const layer = fnet.layers[l]!;
    return zl.map((zx) => (layer.activation === 'softmax' ? zx.map(() => F.zero) : activateGradVector(F, layer.activation, zx, layer.alpha)));
  });
  return {
    fnet,
    values: {
      z: tensorToNumbers(F, fwd.z),
      a: tensorToNumbers(F, fwd.a),
      sp: tensorToNumbers(F, sp),
      delta: tensorToNumbers(F, bwd.delta),
    },
    gradW: tensorToNumbers(F, bwd.gradW),
    gradB: bwd.gradB.map((v) => v.map((x) => F.toNumber(x))),
    zDec: fwd.z,
  };
}

const defaultAlpha = (name: ActivationName): number => alphaOf(name);

/**
 * Two computations in 50-digit Decimal of the same quantity by different routes, each of at most 10⁶
 * operations on the same exact inputs, differ by at most γ_{2·10⁶}(u_dec) times the gauge (the sum of the
 * absolute values of the terms combined): the tolerance of every Decimal-vs-Decimal comparison.
 */
export const DECIMAL_AGREEMENT = gamma(2e6, UNIT_ROUNDOFF.decimal);

/** The error bounds for a subject computing in `precision` on this case. */
export function boundsFor(c: NetCase, truth: Truth, precision: Precision): BackpropBounds {
  return backpropErrorBounds(c.net.layers, c.X, c.Y, c.loss, truth.values, UNIT_ROUNDOFF[precision], defaultAlpha, activationUlpsFor(precision), precision === 'float32');
}

export function boundsForSubject(c: NetCase, truth: Truth, subject: Subject): BackpropBounds {
  return boundsFor(c, truth, subject.precision);
}

/**
 * The smallest |z| over units of layers whose activation has a kink at 0 (Infinity if none):
 * finite differences and derivative comparisons need the input away from the kink.
 */
export function kinkDistance(c: NetCase, truth: Truth, kinkActs: readonly ActivationName[]): number {
  let m = Infinity;
  truth.zDec.forEach((zl, l) => {
    if (!kinkActs.includes(c.net.layers[l]!.activation)) return;
    for (const zx of zl) for (const z of zx) m = Math.min(m, Math.abs(z.toNumber()));
  });
  return m;
}
