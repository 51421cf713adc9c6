/**
 * A number field: the arithmetic the generic (scalar) reference runs in. Two instances: float64
 * (plain JS numbers) and Decimal (decimal.js, 50 significant digits by default). Formulas written
 * against Field<T> run unchanged in both, which is what makes "float64 vs Decimal" a real check.
 */
import { Decimal } from 'decimal.js';

export interface Field<T> {
  readonly name: 'float64' | 'decimal';
  readonly zero: T;
  readonly one: T;
  of(x: number): T;
  toNumber(x: T): number;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  exp(a: T): T;
  /** e^a − 1 without cancellation near 0. */
  expm1(a: T): T;
  log(a: T): T;
  /** log(1 + a) without cancellation near 0. */
  log1p(a: T): T;
  tanh(a: T): T;
  sin(a: T): T;
  cos(a: T): T;
  sqrt(a: T): T;
  gt(a: T, b: T): boolean;
  gte(a: T, b: T): boolean;
  isZero(a: T): boolean;
}

export const float64: Field<number> = {
  name: 'float64',
  zero: 0,
  one: 1,
  of: (x) => x,
  toNumber: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  abs: Math.abs,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  sqrt: Math.sqrt,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  isZero: (a) => a === 0,
};

export type DecimalT = Decimal;

/** Below this magnitude, log1p and expm1 use their Taylor series (no cancellation in 1 + x). */
const SERIES_BELOW = 1e-8;

/** A Decimal field with `digits` significant digits (default 50). Uses its own Decimal clone. */
export function decimalField(digits = 50): Field<Decimal> {
  const D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
  const zero = new D(0);
  const one = new D(1);
  const series = (x: Decimal, sign: 1 | -1): Decimal => {
    // log1p: x − x²/2 + x³/3 − …   (sign −1);  expm1: x + x²/2! + x³/3! + … (sign +1)
    let sum = new D(0);
    let term = new D(x);
    for (let k = 1; k <= 12; k++) {
      sum = sum.plus(sign === -1 ? term.div(k) : term);
      term = sign === -1 ? term.times(x).neg() : term.times(x).div(k + 1);
    }
    return sum;
  };
  /**
   * The double x exactly (to `digits` digits): `new Decimal(x)` would read x's shortest decimal
   * string, which is off from the double's real value by up to half an ulp. x = m·2^e with m an
   * integer below 2^53 makes the conversion exact.
   */
  const of = (x: number): Decimal => {
    if (!Number.isFinite(x) || Number.isSafeInteger(x)) return new D(x);
    let m = x;
    let e = 0;
    while (!Number.isInteger(m)) {
      m *= 2;
      e--;
    }
    while (!Number.isSafeInteger(m)) {
      m /= 2;
      e++;
    }
    return new D(m).times(new D(2).pow(e));
  };
  return {
    name: 'decimal',
    zero,
    one,
    of,
    toNumber: (x) => x.toNumber(),
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => a.div(b),
    neg: (a) => a.neg(),
    abs: (a) => a.abs(),
    exp: (a) => D.exp(a),
    expm1: (a) => (a.abs().lt(SERIES_BELOW) ? series(a, 1) : D.exp(a).minus(1)),
    log: (a) => D.ln(a),
    log1p: (a) => (a.abs().lt(SERIES_BELOW) ? series(a, -1) : D.ln(a.plus(1))),
    tanh: (a) => D.tanh(a),
    sin: (a) => D.sin(a),
    cos: (a) => D.cos(a),
    sqrt: (a) => D.sqrt(a),
    gt: (a, b) => a.gt(b),
    gte: (a, b) => a.gte(b),
    isZero: (a) => a.isZero(),
  };
}

/** The default high-precision field used by the decimal references (50 digits ≥ the 40 required). */
export const decimal50: Field<Decimal> = decimalField(50);
