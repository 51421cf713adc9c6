/**
 * Running error analysis as a number field: each value is the float64 result of an operation paired
 * with a rigorous bound on its distance from the exact real result (Wilkinson's running error bound;
 * Higham, Accuracy and Stability of Numerical Algorithms, §3.3). Running the generic scalar code in
 * this field computes *the same float64 numbers as the float64 field, in the same order*, and beside
 * each one how far it can be from the truth — so "float64 vs Decimal" is checked against a bound
 * derived from the arithmetic of this very computation, not a chosen tolerance.
 *
 * The model (u = UNIT_ROUNDOFF.float64 = 2^−53, see tolerance/model.ts):
 *   +, −, ×, ÷, √ are correctly rounded: |fl(x∘y) − x∘y| ≤ u |fl(x∘y)| (1 + 2u)
 *   exp, expm1, log, log1p, tanh, sin, cos are within ELEMENTARY_ULPS ulps (V8's fdlibm port stays
 *   below 1 ulp; we allow 2) — relative error ≤ 2·ELEMENTARY_ULPS·u of the result
 *   an input error e_x propagates through f by at most sup|f′| over [x − e_x, x + e_x] · e_x.
 * Every bound is itself computed in float64 and inflated by (1 + 8u) so its own rounding cannot
 * make it too small.
 *
 * A comparison (gt, gte) whose answer the error could flip (|x − y| ≤ e_x + e_y) is counted: where a
 * branch (relu, the sign tests of sigmoid/softplus, softmax's max) may differ from the exact
 * computation the bound does not hold, and the caller must look at `ambiguous()`.
 */
import { UNIT_ROUNDOFF } from '../../tolerance/model.js';
import type { Field } from '../field.js';

/** A float64 value and a bound on |value − exact|. */
export interface Tracked {
  readonly v: number;
  readonly e: number;
}

const u = UNIT_ROUNDOFF.float64;
/** Ulps allowed to each libm elementary function (V8: < 1). */
export const ELEMENTARY_ULPS = 2;
const ELEM = 2 * ELEMENTARY_ULPS * u; // relative error of an elementary function's result
const ROUND = u * (1 + 2 * u); // relative error of a correctly rounded basic operation
const INFLATE = 1 + 8 * u;
/**
 * Gradual underflow: a product, quotient or function value in the subnormal range carries an
 * absolute error up to half the smallest subnormal, 2^−1075 (Higham §2.1: fl(x∘y) = (x∘y)(1+δ) + η);
 * sums and differences are exact there. We allow a whole subnormal unit.
 */
const ETA = 2 ** -1074;

function t(v: number, e: number): Tracked {
  return { v, e: Number.isNaN(e) ? Infinity : e * INFLATE };
}

export interface RunningErrorField {
  F: Field<Tracked>;
  /** How many comparisons could have gone the other way in exact arithmetic since the last reset. */
  ambiguous(): number;
  reset(): void;
}

/** A fresh running-error field (each has its own count of ambiguous comparisons). */
export function runningErrorField(): RunningErrorField {
  let ambiguous = 0;
  const cmp = (a: Tracked, b: Tracked, strict: boolean): boolean => {
    if (Math.abs(a.v - b.v) <= a.e + b.e && (a.e > 0 || b.e > 0)) ambiguous++;
    return strict ? a.v > b.v : a.v >= b.v;
  };
  const F: Field<Tracked> = {
    name: 'float64',
    zero: { v: 0, e: 0 },
    one: { v: 1, e: 0 },
    of: (x) => ({ v: x, e: 0 }),
    toNumber: (x) => x.v,
    add: (a, b) => {
      const v = a.v + b.v;
      return t(v, a.e + b.e + ROUND * Math.abs(v));
    },
    sub: (a, b) => {
      const v = a.v - b.v;
      return t(v, a.e + b.e + ROUND * Math.abs(v));
    },
    mul: (a, b) => {
      const v = a.v * b.v;
      return t(v, Math.abs(a.v) * b.e + Math.abs(b.v) * a.e + a.e * b.e + ROUND * Math.abs(v) + ETA);
    },
    div: (a, b) => {
      const v = a.v / b.v;
      // |a*/b* − a/b| ≤ (e_a + |a/b| e_b) / (|b| − e_b)
      const den = Math.abs(b.v) - b.e;
      return t(v, den > 0 ? (a.e + Math.abs(v) * b.e) / den + ROUND * Math.abs(v) + ETA : Infinity);
    },
    neg: (a) => ({ v: -a.v, e: a.e }),
    abs: (a) => ({ v: Math.abs(a.v), e: a.e }),
    exp: (a) => {
      // |e^{a*} − e^a| ≤ e^a (e^{e_a} − 1)
      const v = Math.exp(a.v);
      return t(v, Math.abs(v) * (1 + ELEM) * Math.expm1(a.e) + ELEM * Math.abs(v) + ETA);
    },
    expm1: (a) => {
      const v = Math.expm1(a.v);
      return t(v, Math.exp(a.v + a.e) * a.e + ELEM * Math.abs(v) + ETA);
    },
    log: (a) => {
      // |log a* − log a| ≤ e_a / (a − e_a)
      const v = Math.log(a.v);
      const lo = a.v - a.e;
      return t(v, lo > 0 ? a.e / lo + ELEM * Math.abs(v) + ETA : Infinity);
    },
    log1p: (a) => {
      const v = Math.log1p(a.v);
      const lo = 1 + a.v - a.e;
      return t(v, lo > 0 ? a.e / lo + ELEM * Math.abs(v) + ETA : Infinity);
    },
    // tanh, sin, cos are 1-Lipschitz
    tanh: (a) => {
      const v = Math.tanh(a.v);
      return t(v, a.e + ELEM * Math.abs(v) + ETA);
    },
    sin: (a) => {
      const v = Math.sin(a.v);
      return t(v, a.e + ELEM * Math.abs(v) + ETA);
    },
    cos: (a) => {
      const v = Math.cos(a.v);
      return t(v, a.e + ELEM * Math.abs(v) + ETA);
    },
    sqrt: (a) => {
      // |√a* − √a| ≤ e_a / √a  (and ≤ √e_a)
      const v = Math.sqrt(a.v);
      return t(v, Math.min(v > 0 ? a.e / v : Infinity, Math.sqrt(a.e)) + ROUND * v + ETA);
    },
    gt: (a, b) => cmp(a, b, true),
    gte: (a, b) => cmp(a, b, false),
    isZero: (a) => a.v === 0 && a.e === 0,
  };
  return {
    F,
    ambiguous: () => ambiguous,
    reset: () => {
      ambiguous = 0;
    },
  };
}
