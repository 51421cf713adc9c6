/**
 * tolerance.running-error-bound: the reference's running-error field (reference/scalar/running-error.ts:
 * each value a float64 result paired with a bound on its distance from the exact result; Wilkinson's
 * running error analysis, Higham §3.3) is what it claims, operation by operation and on whole nets:
 *
 *  - the value is the float64 result (Object.is the same as the plain float64 operation);
 *  - rigorous: for the exact inputs x at either end and the middle of [v − e, v + e], the exact result
 *    op(x) (in 50-digit Decimal) lies within the output's bound of its value;
 *  - not vacuous: the bound is at most 4× (sup |f′| over the input interval · e + the operation's own
 *    rounding: u for +, −, ×, ÷, √ and 2·ELEMENTARY_ULPS·u for the libm functions, plus a subnormal unit),
 *    sup |f′| derived here for each operation;
 *  - comparisons that the inputs' errors could flip are counted (ambiguous), others are not; reset clears;
 *  - on small nets of smooth units, forward and backward computed in the field give the float64 scalar
 *    reference's numbers exactly, and the Decimal reference lies within every finite bound.
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { decimal50, float64 } from '../reference/field.js';
import { ELEMENTARY_ULPS, decimalBackward, decimalForward, runningErrorField, scalarBackward, scalarForward, type Tracked } from '../reference/scalar/index.js';
import { UNIT_ROUNDOFF } from '../tolerance/model.js';
import { netCaseArb, type NetCase } from './arbitraries.js';
import { DECIMAL_AGREEMENT } from './exact.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

const D = decimal50;
const u = UNIT_ROUNDOFF.float64;
const TIGHT = 4;
const SUBNORMAL = 2 ** -1074;

const UNARY = ['exp', 'expm1', 'log', 'log1p', 'tanh', 'sin', 'cos', 'sqrt', 'neg', 'abs'] as const;
const BINARY = ['add', 'sub', 'mul', 'div'] as const;
type Op = (typeof UNARY)[number] | (typeof BINARY)[number];

export interface TrackedInput {
  v: number;
  e: number;
}

export interface RunningCase {
  op: Op;
  a: TrackedInput;
  b: TrackedInput;
  net: NetCase;
}

/** A double with a full mantissa (so the operation rounds), in [−r, r]. */
const fullDouble = (r: number) => fc.double({ min: -r, max: r, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
// errors from |v|/16 (where a bound's first-order terms must be right to show) down to far below an ulp
const errorFor = (v: number) => fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 4, max: 50 }).map((k) => Math.abs(v) * 2 ** -k) }, { weight: 1, arbitrary: fc.integer({ min: 20, max: 60 }).map((k) => 2 ** -k) });
const trackedArb = (r: number, positive = false): fc.Arbitrary<TrackedInput> =>
  fullDouble(r)
    .map((v) => (positive ? Math.abs(v) + 2 ** -10 : v))
    .chain((v) => fc.record({ v: fc.constant(v), e: errorFor(v) }));

const SMOOTH_NETS = netCaseArb({ depth: [1, 3], width: [1, 3], batch: [1, 2], hidden: ['identity', 'sigmoid', 'tanh', 'softplus'], outputs: ['identity', 'sigmoid', 'tanh', 'softplus', 'softmax'] });

/**
 * Away from underflow: the bound is itself computed in float64, and where its terms fall below the
 * smallest normal number they underflow (|v|·e_b of a subnormal quotient rounds to 0), so in the
 * subnormal range the bound can be a unit short — a limit of the reference's field, documented in
 * docs/properties.md. Inputs and results here are 0 or at least 2^−500 in magnitude.
 */
const normal = (x: number) => x === 0 || Math.abs(x) >= 2 ** -500;

export const runningCaseArb: fc.Arbitrary<RunningCase> = fc
  .constantFrom<Op>(...UNARY, ...BINARY)
  .chain((op) =>
    fc.record({
      op: fc.constant(op),
      // log1p also below 0 (its result is negative there), down to −0.9
      a: op === 'log1p' ? fc.double({ min: -0.9, max: 1e3, noNaN: true }).map((v) => v + 0).chain((v) => fc.record({ v: fc.constant(v), e: errorFor(v) })) : trackedArb(op === 'exp' || op === 'expm1' ? 30 : 1e3, op === 'log' || op === 'sqrt'),
      b: op === 'div' ? trackedArb(1e3).filter((t) => Math.abs(t.v) > 2 ** -20) : trackedArb(1e3),
      net: SMOOTH_NETS,
    }),
  )
  .filter((c) => normal(c.a.v) && normal(c.b.v) && normal(plain(c.op, c.a.v, c.b.v)));

/** The exact operation in Decimal. */
function exact(op: Op, x: Decimal, y: Decimal): Decimal {
  switch (op) {
    case 'add': return x.plus(y);
    case 'sub': return x.minus(y);
    case 'mul': return x.times(y);
    case 'div': return x.div(y);
    case 'exp': return x.exp();
    // e^x − 1 cancels at 50 digits for tiny x: the series x + x²/2 + x³/6 there (the rest, x⁴/24, is 10⁻³⁷ of x: far below any float64 bound compared with)
    case 'expm1': return x.abs().lt(1e-12) ? x.plus(x.times(x).div(2)).plus(x.pow(3).div(6)) : x.exp().minus(1);
    case 'log': return x.ln();
    // log(1 + x) cancels likewise: x − x²/2 + x³/3 there
    case 'log1p': return x.abs().lt(1e-12) ? x.minus(x.times(x).div(2)).plus(x.pow(3).div(3)) : x.plus(1).ln();
    case 'tanh': return x.tanh();
    case 'sin': return x.sin();
    case 'cos': return x.cos();
    case 'sqrt': return x.sqrt();
    case 'neg': return x.neg();
    case 'abs': return x.abs();
  }
}

/** The plain float64 operation. */
function plain(op: Op, x: number, y: number): number {
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'div': return x / y;
    case 'neg': return -x;
    case 'abs': return Math.abs(x);
    default: return Math[op](x);
  }
}

/**
 * sup |∂op/∂x| · e_a + sup |∂op/∂y| · e_b over the input intervals (Infinity where the interval leaves
 * the domain), and the rounding of the operation itself.
 */
function ideal(op: Op, a: TrackedInput, b: TrackedInput, v: number): number {
  const ra = a.e;
  const rb = b.e;
  const own = (ulps: number) => ulps * u * Math.abs(v) + SUBNORMAL;
  switch (op) {
    case 'add':
    case 'sub': return ra + rb + own(1);
    case 'mul': return (Math.abs(b.v) + rb) * ra + (Math.abs(a.v) + ra) * rb + own(1);
    case 'div': {
      const lo = Math.abs(b.v) - rb;
      return lo > 0 ? ra / lo + ((Math.abs(a.v) + ra) * rb) / (lo * lo) + own(1) : Infinity;
    }
    case 'exp':
    case 'expm1': return Math.exp(a.v + ra) * ra + own(2 * ELEMENTARY_ULPS);
    case 'log': return a.v - ra > 0 ? ra / (a.v - ra) + own(2 * ELEMENTARY_ULPS) : Infinity;
    case 'log1p': return 1 + a.v - ra > 0 ? ra / (1 + a.v - ra) + own(2 * ELEMENTARY_ULPS) : Infinity;
    case 'tanh':
    case 'sin':
    case 'cos': return ra + own(2 * ELEMENTARY_ULPS);
    case 'sqrt': return a.v - ra > 0 ? ra / (2 * Math.sqrt(a.v - ra)) + own(1) : Math.sqrt(ra) + own(1);
    case 'neg':
    case 'abs': return ra;
  }
}

function checkOp(op: Op, a: TrackedInput, b: TrackedInput): void {
  const R = runningErrorField();
  const F = R.F;
  const binary = (BINARY as readonly string[]).includes(op);
  const out: Tracked = binary ? (F[op as (typeof BINARY)[number]] as (x: Tracked, y: Tracked) => Tracked)(a, b) : (F[op as (typeof UNARY)[number]] as (x: Tracked) => Tracked)(a);
  const v = plain(op, a.v, b.v);
  const what = binary ? `${op}(${a.v} ± ${a.e}, ${b.v} ± ${b.e})` : `${op}(${a.v} ± ${a.e})`;
  if (!Object.is(out.v, v)) throw new PropertyFailure({ what: `running-error value of ${what}`, expected: v, got: out.v, note: 'the float64 result itself' });
  if (!(out.e >= 0)) throw new PropertyFailure({ what: `running-error bound of ${what}`, expected: '≥ 0', got: out.e });
  // rigour: the exact result for inputs anywhere in their intervals (the ends and the middle)
  const ends = (t: TrackedInput) => [D.of(t.v), D.of(t.v).minus(D.of(t.e)), D.of(t.v).plus(D.of(t.e))];
  const inDomain = (x: Decimal, y: Decimal) =>
    op === 'log' || op === 'sqrt' ? x.gt(0) || (op === 'sqrt' && x.isZero()) : op === 'log1p' ? x.gt(-1) : op === 'div' ? !y.isZero() && y.isPositive() === b.v > 0 : true;
  for (const x of ends(a)) {
    for (const y of binary ? ends(b) : [D.zero]) {
      if (!inDomain(x, y)) {
        if (out.e !== Infinity && op !== 'sqrt') throw new PropertyFailure({ what: `running-error bound of ${what}`, expected: 'Infinity (the input interval leaves the domain)', got: out.e });
        continue;
      }
      const dev = D.toNumber(D.of(out.v).minus(exact(op, x, y)).abs());
      if (!(dev <= out.e)) throw new PropertyFailure({ what: `running-error bound of ${what}: the exact result at an input within its error`, expected: `≤ ${out.e}`, got: dev, note: `inputs ${x.toString()}${binary ? `, ${y.toString()}` : ''}` });
    }
  }
  // not vacuous
  const limit = TIGHT * ideal(op, a, b, v);
  if (!(out.e <= limit)) throw new PropertyFailure({ what: `running-error bound of ${what}`, expected: `≤ ${TIGHT}·(sup|f′|·e + own rounding) = ${limit}`, got: out.e });
}

function checkComparisons(a: TrackedInput, b: TrackedInput): void {
  const R = runningErrorField();
  const F = R.F;
  if (R.ambiguous() !== 0) throw new PropertyFailure({ what: 'a fresh running-error field', expected: '0 ambiguous comparisons', got: R.ambiguous() });
  const could = Math.abs(a.v - b.v) <= a.e + b.e && (a.e > 0 || b.e > 0);
  if (F.gt(a, b) !== a.v > b.v || F.gte(a, b) !== a.v >= b.v) throw new PropertyFailure({ what: `gt/gte(${a.v}, ${b.v})`, expected: `${a.v > b.v}/${a.v >= b.v}`, got: `${F.gt(a, b)}/${F.gte(a, b)}` });
  const want = could ? 2 : 0; // the two comparisons above
  if (R.ambiguous() !== want) throw new PropertyFailure({ what: `ambiguous comparisons of ${a.v} ± ${a.e} and ${b.v} ± ${b.e}`, expected: want, got: R.ambiguous(), note: 'a comparison is ambiguous when |a − b| ≤ e_a + e_b and some error is non-zero' });
  R.reset();
  if (R.ambiguous() !== 0) throw new PropertyFailure({ what: 'ambiguous() after reset()', expected: 0, got: R.ambiguous() });
  const zero = F.isZero(F.zero) && F.isZero(F.of(0)) && !F.isZero({ v: 0, e: 1e-300 }) && !F.isZero(F.one) && F.toNumber(F.of(a.v)) === a.v && F.of(a.v).e === 0 && F.one.v === 1 && F.one.e === 0 && F.zero.v === 0 && F.zero.e === 0;
  if (!zero) throw new PropertyFailure({ what: 'the running-error field constants (zero, one, of, toNumber, isZero)', expected: 'exact, with error 0', got: 'otherwise' });
  const nan = F.add({ v: 1, e: NaN }, F.one);
  if (nan.e !== Infinity) throw new PropertyFailure({ what: 'a NaN error bound', expected: 'Infinity (no bound)', got: nan.e });
}

/** Walks the tracked, float64 and Decimal values together. */
function checkNet(c: NetCase): void {
  const R = runningErrorField();
  const tF = scalarForward(R.F, c.net, c.X);
  const tB = scalarBackward(R.F, c.net, c.X, c.Y, c.loss);
  const fF = scalarForward(float64, c.net, c.X);
  const fB = scalarBackward(float64, c.net, c.X, c.Y, c.loss);
  const dF = decimalForward(c.net, c.X);
  const dB = decimalBackward(c.net, c.X, c.Y, c.loss);
  const walk = (name: string, tr: unknown, f64: unknown, dec: unknown, path: number[]): void => {
    if (Array.isArray(tr)) return tr.forEach((x, i) => walk(name, x, (f64 as unknown[])[i], (dec as unknown[])[i], [...path, i]));
    const t = tr as Tracked;
    if (!Object.is(t.v, f64)) throw new PropertyFailure({ what: `${name}: the running-error field's value vs the float64 scalar reference`, expected: f64 as number, got: t.v, index: path });
    if (!Number.isFinite(t.e) || R.ambiguous() > 0) return; // no bound here (a branch the rounding could flip, a division by a quantity its own error could make 0)
    const d = dec as Decimal;
    const dev = D.toNumber(D.of(t.v).minus(d).abs());
    // the Decimal truth is within γ(u_dec) of its gauge, which the float64 bound t.e exceeds by a factor ≥ u_f64/u_dec
    if (!(dev <= t.e + DECIMAL_AGREEMENT * (Math.abs(t.v) + t.e / UNIT_ROUNDOFF.float64))) throw new PropertyFailure({ what: `${name}: |float64 − Decimal| vs the running error bound`, expected: `≤ ${t.e}`, got: dev, index: path });
  };
  walk('z', tF.z, fF.z, dF.z, []);
  walk('a', tF.a, fF.a, dF.a, []);
  walk('delta', tB.delta, fB.delta, dB.delta, []);
  walk('gradW', tB.gradW, fB.gradW, dB.gradW, []);
  walk('gradB', tB.gradB, fB.gradB, dB.gradB, []);
}

/**
 * Exact inputs at the edges: where a result is exact (√0, log 1, log1p 0, expm1 0, exp 0, tanh 0, sin 0,
 * cos 0, 0/1, 0·1) the bound must be a number ≥ 0; near a zero of sin or cos (π, π/2 as doubles: results
 * ≈ 10⁻¹⁶) its own-rounding term must scale with the result, or the bound is vacuous there.
 */
const EXACT_EDGES: ReadonlyArray<[Op, number]> = [['sqrt', 0], ['log', 1], ['log1p', 0], ['expm1', 0], ['exp', 0], ['tanh', 0], ['sin', 0], ['cos', 0], ['div', 0], ['mul', 0], ['sin', Math.PI], ['cos', Math.PI / 2]];

export const runningErrorProperty: Property<RunningCase> = {
    id: 'tolerance.running-error-bound',
    concept:
      "the running error bound of every operation (Wilkinson's running error analysis, Higham §3.3: reference/scalar/running-error.ts) is rigorous — the exact result for any input within its error lies inside — and within 4× of sup|f′|·e plus the operation's own rounding; forward and backward in that field give the float64 numbers, with the Decimal truth inside their bounds (tolerance/model.ts)",
    requires: [],
    defaultRuns: 100,
    arbitrary: () => runningCaseArb,
    check(_s, c) {
      checkOp(c.op, c.a, c.b);
      // exact inputs at the edges (EXACT_EDGES)
      for (const [op, v] of EXACT_EDGES) checkOp(op, { v, e: 0 }, { v: 1, e: 0 });
      checkComparisons(c.a, c.b);
      // a tie: gt is strict and gte is not, as in float64
      checkComparisons(c.a, { v: c.a.v, e: c.b.e });
      // |a − b| exactly e_a + e_b: the inputs' errors could just make them equal, so it is ambiguous
      checkComparisons({ v: 1, e: 0.5 }, { v: 2, e: 0.5 });
      checkNet(c.net);
    },
};

export const runningErrorProperties: Property[] = [runningErrorProperty];
