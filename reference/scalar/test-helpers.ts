/**
 * Helpers for the scalar reference's and the autodiff's tests: random small networks (fast-check
 * arbitraries) and a Decimal comparison at the required precision.
 */
import type { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import { ELEMENTWISE_ACTIVATIONS, LOSS_OUTPUTS, type ActivationName, type LossName } from '../../contract/names.js';
import type { Matrix, Net } from '../../contract/types.js';
import { decimal50 } from '../field.js';

/** The issue asks the high-precision references for at least 40 significant digits. */
export const REQUIRED_DIGITS = 40;

/**
 * |x − y| ≤ 10^−digits · scale: agreement to `digits` significant digits of a quantity of size
 * `scale` (the largest magnitude in the tensor compared, at least 1, so entries that are ~0 by
 * cancellation are compared against the tensor's size, not their own).
 */
export function agrees(x: Decimal, y: Decimal, scale: Decimal, digits = REQUIRED_DIGITS): boolean {
  const D = decimal50;
  if (!x.isFinite() || !y.isFinite()) return !x.isNaN() && x.eq(y); // ±Infinity only equals itself; NaN nothing
  if (!scale.isFinite()) return false;
  const tol = D.mul(D.of(10 ** -digits), D.gt(scale, D.one) ? scale : D.one);
  return !D.gt(D.abs(D.sub(x, y)), tol);
}

/** Whether every entry of a nested array of Decimals is finite. */
export function allFinite(xs: unknown): boolean {
  return Array.isArray(xs) ? xs.every(allFinite) : (xs as Decimal).isFinite();
}

/** Largest |entry| of a nested array of Decimals. */
export function maxAbs(xs: unknown): Decimal {
  const D = decimal50;
  let m = D.zero;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else {
      const a = D.abs(v as Decimal);
      if (D.gt(a, m)) m = a;
    }
  };
  walk(xs);
  return m;
}

/** First index path where two nested Decimal arrays disagree to `digits` digits, or null. */
export function firstDisagreement(a: unknown, b: unknown, digits = REQUIRED_DIGITS): string | null {
  const scale = maxAbs(a);
  const walk = (x: unknown, y: unknown, path: string): string | null => {
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return `${path}: shape`;
      for (let i = 0; i < x.length; i++) {
        const r = walk(x[i], y[i], `${path}[${i}]`);
        if (r) return r;
      }
      return null;
    }
    return agrees(x as Decimal, y as Decimal, scale, digits) ? null : `${path}: ${String(x)} vs ${String(y)}`;
  };
  return walk(a, b, '');
}

/** Output activations allowed with each loss (contract's `loss-output-domain`). */
export const PAIRS: [ActivationName, LossName][] = (['mse', 'bce', 'cce'] as LossName[]).flatMap((loss) =>
  LOSS_OUTPUTS[loss].map((act) => [act, loss] as [ActivationName, LossName]),
);

export interface Case {
  net: Net;
  X: Matrix;
  Y: Matrix;
  loss: LossName;
}

const weight = fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true });

/**
 * A random small network with the given output activation and loss: depth 1–3, width 1–4, batch 1–3,
 * hidden activations any elementwise one. Targets fit the loss: mse any, bce in [0,1], cce a
 * probability vector whose entries are dyadic so Σy = 1 exactly (the `bp1-shortcut` δ = a − y is the
 * derivative only when Σy = 1).
 */
export function caseArb(outAct: ActivationName, loss: LossName): fc.Arbitrary<Case> {
  return fc
    .record({
      sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
      B: fc.integer({ min: 1, max: 3 }),
      hidden: fc.array(fc.constantFrom(...ELEMENTWISE_ACTIVATIONS), { minLength: 3, maxLength: 3 }),
      alpha: fc.double({ min: 0.01, max: 1.5, noNaN: true }),
    })
    .chain(({ sizes, B, hidden, alpha }) => {
      const L = sizes.length - 1;
      const layers = sizes.slice(1).map((n, i) =>
        fc.record({
          W: fc.array(fc.array(weight, { minLength: sizes[i]!, maxLength: sizes[i]! }), { minLength: n, maxLength: n }),
          b: fc.array(weight, { minLength: n, maxLength: n }),
        }),
      );
      const nL = sizes[L]!;
      const target =
        loss === 'mse'
          ? fc.array(weight, { minLength: nL, maxLength: nL })
          : loss === 'bce'
            ? fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: nL, maxLength: nL })
            : fc.array(fc.integer({ min: 0, max: 4 }), { minLength: nL, maxLength: nL }).map((w) => {
                const s = w.reduce((p, q) => p + q, 0);
                return s === 0 ? w.map((_, i) => (i === 0 ? 1 : 0)) : w.map((q) => q / s);
              });
      return fc.record({
        layers: fc.tuple(...layers),
        X: fc.array(fc.array(weight, { minLength: sizes[0]!, maxLength: sizes[0]! }), { minLength: B, maxLength: B }),
        Y: fc.array(target, { minLength: B, maxLength: B }),
      }).map(({ layers: ls, X, Y }) => ({
        net: {
          layers: ls.map((l, i) => ({
            W: l.W,
            b: l.b,
            activation: i === L - 1 ? outAct : hidden[i % hidden.length]!,
            alpha,
          })),
        },
        X,
        // cce with softmax: fractions q/s are not dyadic; use one-hot there (Σy = 1 exactly)
        Y: loss === 'cce' && outAct === 'softmax' ? Y.map((y) => oneHot(y)) : Y,
        loss,
      }));
    });
}

function oneHot(y: number[]): number[] {
  let best = 0;
  y.forEach((v, i) => {
    if (v > y[best]!) best = i;
  });
  return y.map((_, i) => (i === best ? 1 : 0));
}
