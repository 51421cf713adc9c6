/**
 * The reference's foundations, checked whatever the subject:
 *
 *  - rng.seeded-streams (reference/learning/rng.ts): every random choice flows from one seed — the same
 *    seed gives the same stream, a stream resumed from getState() continues it, fork is reproducible;
 *    uniform draws lie in [0, 1) on the grid of 2^−53, uniformIn in [lo, hi), int in [from, to] (every
 *    value reached), permutation and sample are what they say; normal draws come in Box–Muller pairs (two
 *    normals take two uniforms) and have the mean and variance asked for within a chi-square
 *    (Laurent–Massart) and a Gaussian tail bound, uniform draws the mean ½ within Hoeffding's, all at
 *    false-failure probability 10⁻⁹.
 *  - field.arithmetic (reference/field.ts): the float64 field is plain JS arithmetic; the Decimal field
 *    converts a double exactly (its value is m·2^e, checked digit by digit against BigInt arithmetic),
 *    round-trips every double, carries 50 significant digits (decimalField(d) carries d), and its
 *    functions are the right ones (each within a few float64 ulps of Math's; expm1 and log1p keep their
 *    digits near 0, where e^x − 1 would cancel).
 */
import * as fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { decimal50, decimalField, float64 } from '../reference/field.js';
import { createRng as refCreateRng, normaliseSeed, rngFromState } from '../reference/learning/rng.js';
import { UNIT_ROUNDOFF } from '../tolerance/model.js';
import { PropertyFailure } from './failure.js';
import { sparseScaleBounds } from './init.js';
import type { Property } from './types.js';

/** Probability that a statistical check of rng.seeded-streams fails for a correct generator. */
export const RNG_FALSE_FAILURE = 1e-9;
const DRAWS = 4000;

export interface RngCase {
  seed: number;
  lo: number;
  width: number;
  from: number;
  span: number;
  n: number;
  k: number;
  mean: number;
  sd: number;
  salt: number;
}

export function makeRngProperty(createRng: typeof refCreateRng = refCreateRng): Property<RngCase> {
  return {
    id: 'rng.seeded-streams',
    concept:
      'every random choice flows from one seed: same seed, same stream; resumable from its state; uniform on [0, 1) (mean ½ within Hoeffding), int, permutation and sample as specified, normal(μ, σ) by Box–Muller pairs with mean and variance within a chi-square bound at false-failure probability 10⁻⁹',
    requires: [],
    defaultRuns: 10,
    arbitrary: () =>
      fc.record({
        seed: fc.integer(),
        lo: fc.integer({ min: -8, max: 8 }).map((k) => k / 4),
        width: fc.constantFrom(0.5, 1, 3),
        from: fc.integer({ min: -5, max: 5 }),
        span: fc.integer({ min: 0, max: 6 }),
        n: fc.integer({ min: 1, max: 12 }),
        k: fc.integer({ min: 0, max: 12 }),
        mean: fc.constantFrom(0, 1.5, -2),
        sd: fc.constantFrom(1, 0.25, 3),
        salt: fc.integer(),
      }),
    check(_s, c) {
      const fail = (what: string, expected: unknown, got: unknown): never => {
        throw new PropertyFailure({ what: `${what} (seed ${c.seed})`, expected: typeof expected === 'number' || typeof expected === 'string' ? expected : JSON.stringify(expected), got: typeof got === 'number' || typeof got === 'string' ? got : JSON.stringify(got) });
      };
      const a = createRng(c.seed);
      const b = createRng(c.seed);
      if (a.seed !== normaliseSeed(c.seed) || normaliseSeed(c.seed + 0.75) !== (Math.trunc(c.seed + 0.75) | 0)) fail('the seed kept', normaliseSeed(c.seed), a.seed);
      const us = Array.from({ length: DRAWS }, () => a.uniform());
      if (us.some((x, i) => x !== b.uniform() || !(x >= 0 && x < 1) || !Number.isInteger(x * 2 ** 53))) fail('uniform(): the same stream from the same seed, in [0, 1) on the grid 2^−53', 'identical draws in [0, 1)', us.slice(0, 4));
      if (createRng(c.seed + 1).uniform() === us[0] && createRng(c.seed + 2).uniform() === us[0]) fail('the first draw of neighbouring seeds', 'different', us[0]);
      // Hoeffding: P(|mean − ½| ≥ t) ≤ 2 exp(−2 N t²) for draws in [0, 1]
      const tU = Math.sqrt(Math.log(2 / RNG_FALSE_FAILURE) / (2 * DRAWS));
      const mU = us.reduce((s, x) => s + x, 0) / DRAWS;
      if (!(Math.abs(mU - 0.5) <= tU)) fail(`the mean of ${DRAWS} uniform draws`, `½ ± ${tU}`, mU);
      const hi = c.lo + c.width;
      const ins = Array.from({ length: 200 }, () => a.uniformIn(c.lo, hi));
      if (ins.some((x) => !(x >= c.lo && x < hi))) fail(`uniformIn(${c.lo}, ${hi})`, 'in [lo, hi)', ins.find((x) => !(x >= c.lo && x < hi)));
      if (Math.max(...ins) - Math.min(...ins) < c.width / 2) fail(`the spread of 200 draws of uniformIn(${c.lo}, ${hi})`, `≥ ${c.width / 2}`, Math.max(...ins) - Math.min(...ins));
      const to = c.from + c.span;
      const ints = Array.from({ length: 400 }, () => a.int(c.from, to));
      const seen = new Set(ints);
      // each of ≤ 7 values is missed by 400 draws with probability ≤ (6/7)^400 < 10⁻²⁶
      if (ints.some((x) => !Number.isInteger(x) || x < c.from || x > to) || seen.size !== c.span + 1) fail(`int(${c.from}, ${to}) over 400 draws`, `every integer of [${c.from}, ${to}] and nothing else`, [...seen].sort((x, y) => x - y));
      const perm = a.permutation(c.n);
      if (JSON.stringify([...perm].sort((x, y) => x - y)) !== JSON.stringify(Array.from({ length: c.n }, (_x, i) => i))) fail(`permutation(${c.n})`, 'each of 0..n−1 once', perm);
      if (c.n >= 8 && [0, 1, 2].every(() => JSON.stringify(a.permutation(c.n)) === JSON.stringify(perm))) fail(`permutation(${c.n}) three more times`, 'another ordering now and then', perm);
      // every element reaches every position (Fisher–Yates down to i = 1): for n ≤ 5 over 400 draws a
      // (value, position) pair is missed with probability ≤ 25 (4/5)^400 < 10⁻³⁷
      const small = 2 + (Math.abs(c.seed) % 4);
      const hit = new Set<string>();
      for (let d = 0; d < 400; d++) a.permutation(small).forEach((v, pos) => hit.add(`${v}@${pos}`));
      if (hit.size !== small * small) fail(`400 draws of permutation(${small})`, `each of the ${small} values in each of the ${small} positions`, [...hit].sort());
      const k = Math.min(c.k, c.n);
      const smp = a.sample(c.n, k);
      if (smp.length !== k || new Set(smp).size !== k || smp.some((x) => !(x >= 0 && x < c.n) || !Number.isInteger(x))) fail(`sample(${c.n}, ${k})`, `${k} distinct indices of 0..${c.n - 1}`, smp);
      // resumable: the state continues the stream exactly; fork is reproducible and not the parent's next draws
      const state = a.getState();
      const next = [a.uniform(), a.uniform(), a.uniform()];
      const r = rngFromState(state);
      if (next.some((x) => x !== r.uniform())) fail('rngFromState(getState())', 'the same continuation', 'another stream');
      const f1 = createRng(c.seed).fork(c.salt);
      const f2 = createRng(c.seed).fork(c.salt);
      const fs = [f1.uniform(), f1.uniform()];
      if (fs[0] !== f2.uniform() || fs[1] !== f2.uniform()) fail(`fork(${c.salt}) of the same seed`, 'the same stream', 'another stream');
      const parent = createRng(c.seed);
      parent.fork(c.salt);
      const after = [parent.uniform(), parent.uniform()];
      if (JSON.stringify(after) === JSON.stringify(fs)) fail('a fork vs its parent’s next draws', 'different streams', fs);
      // different salts (the default 0 and 1 among them) give different streams: their first draws differ
      // (two equal draws of a correct generator: probability ~2^−53 per pair)
      const salts = [...new Set([c.salt, c.salt + 1, c.salt + 2, 0, 1])];
      const firsts = salts.map((s) => createRng(c.seed).fork(s).uniform());
      const clash = salts.findIndex((_s, i) => firsts.indexOf(firsts[i]!) !== i);
      if (clash >= 0) fail(`forks with salts ${salts[firsts.indexOf(firsts[clash]!)]} and ${salts[clash]}`, 'different streams', `the same first draw ${firsts[clash]}`);
      // normal draws: two normals take one pair of uniforms (Box–Muller keeps the second for the next call)
      const g = createRng(c.seed);
      const h = createRng(c.seed);
      g.normal(c.mean, c.sd);
      g.normal(c.mean, c.sd);
      h.uniform();
      h.uniform();
      if (g.uniform() !== h.uniform()) fail('two normal() draws', 'one pair of uniforms (Box–Muller)', 'another count');
      const zs = Array.from({ length: DRAWS }, () => (g.normal(c.mean, c.sd) - c.mean) / c.sd);
      const bounds = sparseScaleBounds(1, DRAWS, RNG_FALSE_FAILURE);
      const m2 = zs.reduce((s, z) => s + z * z, 0) / DRAWS;
      const mz = zs.reduce((s, z) => s + z, 0) / DRAWS;
      if (!(m2 >= bounds.lo && m2 <= bounds.hi)) fail(`the variance of ${DRAWS} normal(${c.mean}, ${c.sd}) draws, standardised`, `1, in [${bounds.lo}, ${bounds.hi}]`, m2);
      if (!(Math.abs(mz) <= bounds.mean)) fail(`the mean of ${DRAWS} normal(${c.mean}, ${c.sd}) draws, standardised`, `0 ± ${bounds.mean}`, mz);
      const dflt = createRng(c.seed);
      const ref = createRng(c.seed);
      if (dflt.normal() !== ref.normal(0, 1)) fail('normal() with its defaults', 'normal(0, 1)', 'another draw');
    },
  };
}

// ── the number fields ───────────────────────────────────────────────────────────────────────────

/** The exact value of a finite double as a decimal string (x = m·2^e, by BigInt arithmetic). */
export function exactDecimalString(x: number): string {
  if (x === 0) return '0';
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  if (e >= 0) return sign + (mant << BigInt(e)).toString();
  // m·2^e = m·5^{−e} / 10^{−e}
  const digits = (mant * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  const frac = digits.slice(digits.length + e).replace(/0+$/, '');
  return `${sign}${digits.slice(0, digits.length + e)}${frac ? `.${frac}` : ''}`;
}

const D200 = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });

export interface FieldCase {
  x: number;
  y: number;
  small: number;
}

const anyDouble = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((k) => k / 1024),
  fc.constantFrom(2 ** 53 + 2, -(2 ** 60), 2 ** 1000, 5e-324, -0, 0.1, 1 / 3),
);

export const fieldProperty: Property<FieldCase> = {
  id: 'field.arithmetic',
  concept:
    'the number fields the scalar reference runs in: float64 is plain arithmetic; Decimal converts a double exactly (m·2^e), round-trips it, carries 50 significant digits, and its exp, expm1, log, log1p, tanh, sin, cos, √ are those functions (Decimal reference, tolerance/model.ts)',
  requires: [],
  defaultRuns: 60,
  arbitrary: () => fc.record({ x: anyDouble, y: anyDouble, small: fc.integer({ min: 9, max: 40 }).chain((k) => fc.constantFrom(2 ** -k, -(2 ** -k), 3 * 2 ** -k)) }),
  check(_s, { x, y, small }) {
    const F = decimal50;
    const fail = (what: string, expected: unknown, got: unknown): never => {
      throw new PropertyFailure({ what, expected: String(expected), got: String(got) });
    };
    // float64: plain arithmetic, exactly
    const f = float64;
    const plain: Array<[string, number, number]> = [
      ['add', f.add(x, y), x + y], ['sub', f.sub(x, y), x - y], ['mul', f.mul(x, y), x * y], ['div', f.div(x, y), x / y], ['neg', f.neg(x), -x], ['abs', f.abs(x), Math.abs(x)],
      ['exp', f.exp(small), Math.exp(small)], ['expm1', f.expm1(small), Math.expm1(small)], ['log', f.log(Math.abs(x)), Math.log(Math.abs(x))], ['log1p', f.log1p(small), Math.log1p(small)],
      ['tanh', f.tanh(small), Math.tanh(small)], ['sin', f.sin(x), Math.sin(x)], ['cos', f.cos(x), Math.cos(x)], ['sqrt', f.sqrt(Math.abs(x)), Math.sqrt(Math.abs(x))], ['of', f.of(x), x], ['toNumber', f.toNumber(x), x],
    ];
    for (const [name, got, want] of plain) if (!Object.is(got, want)) fail(`float64.${name}`, want, got);
    if (f.gt(x, y) !== x > y || f.gte(x, y) !== x >= y || f.gte(x, x) !== true || f.isZero(x) !== (x === 0) || f.zero !== 0 || f.one !== 1 || f.name !== 'float64') fail('float64 comparisons and constants', 'plain JS', 'otherwise');
    // Decimal: exact conversion, round trip
    for (const v of [x, y]) {
      const d = F.of(v);
      const exact = new D200(exactDecimalString(v));
      // 50 significant digits of the exact value (a conversion through the shortest string would be off by up to ½ ulp)
      const err = new D200(d.toString()).minus(exact).abs();
      // m·2^e in 50 digits: D(m) exact, 2^e and the product each rounded once: 2 u_dec
      const tol = exact.abs().times(2 * UNIT_ROUNDOFF.decimal);
      if (!err.lte(tol)) fail(`decimal50.of(${v}) vs the exact value of the double`, exact.toSignificantDigits(60).toString(), d.toString());
      if (!Object.is(F.toNumber(d), v)) fail(`decimal50.toNumber(of(${v}))`, v, F.toNumber(d));
    }
    for (const v of [Infinity, -Infinity]) if (F.toNumber(F.of(v)) !== v) fail(`decimal50 of ${v}`, v, F.toNumber(F.of(v)));
    if (!Number.isNaN(F.toNumber(F.of(NaN)))) fail('decimal50 of NaN', NaN, F.toNumber(F.of(NaN)));
    // 50 significant digits (and decimalField(d) d of them): 1 + t − 1 = t to the 50th digit for t ≈ 7·10⁻⁴⁹
    const t = F.of(2 ** -160);
    const back = F.sub(F.add(F.one, t), F.one);
    if (!back.minus(t).abs().lte(new Decimal('0.5e-49'))) fail('decimal50: (1 + 2^−160) − 1', t.toString(), back.toString());
    const F20 = decimalField(20);
    // 2^−60 ≈ 8.67·10⁻¹⁹: at 20 digits (unit roundoff ½·10⁻¹⁹) 1 + 2^−60 keeps one digit of it, 9·10⁻¹⁹ — not 2^−60 itself
    const r20 = F20.sub(F20.add(F20.one, F20.of(2 ** -60)), F20.one);
    const t60 = new Decimal(2).pow(-60);
    if (!r20.minus(t60).abs().lte(new Decimal(0.5).times(new Decimal(10).pow(-19))) || r20.eq(t60)) fail('decimalField(20): (1 + 2^−60) − 1 at 20 digits', '9e-19', r20.toString());
    if (decimalField().div(decimalField().one, decimalField().of(3)).toString() !== F.div(F.one, F.of(3)).toString()) fail('decimalField() default digits', '50', 'another number');
    if (!F.div(F.one, F.of(3)).toString().startsWith('0.' + '3'.repeat(50)) || F.div(F.one, F.of(3)).toString().length !== 52) fail('decimal50: 1/3', `0.${'3'.repeat(50)}`, F.div(F.one, F.of(3)).toString());
    // the functions are the right ones, and expm1 / log1p keep their digits near 0
    const near = (name: string, got: Decimal, want: number) => {
      if (!(Math.abs(got.toNumber() - want) <= 4 * Number.EPSILON * Math.abs(want) + Number.MIN_VALUE)) fail(`decimal50.${name} vs Math.${name}`, want, got.toString());
    };
    const ax = Math.abs(x) > 1e300 || Math.abs(x) < 1e-300 ? 1.5 : Math.abs(x);
    near('exp', F.exp(F.of(small * 64)), Math.exp(small * 64));
    near('log', F.log(F.of(ax)), Math.log(ax));
    near('tanh', F.tanh(F.of(small * 64)), Math.tanh(small * 64));
    near('sin', F.sin(F.of(small * 64)), Math.sin(small * 64));
    near('cos', F.cos(F.of(small * 64)), Math.cos(small * 64));
    near('sqrt', F.sqrt(F.of(ax)), Math.sqrt(ax));
    near('abs', F.abs(F.of(-ax)), ax);
    near('neg', F.neg(F.of(ax)), -ax);
    for (const z of [small, small * 2 ** -30, small * 64]) {
      const zd = new D200(exactDecimalString(z));
      const em1 = zd.exp().minus(1);
      const l1p = zd.plus(1).ln();
      const rel = (got: Decimal, want: Decimal) => new D200(got.toString()).minus(want).abs().div(want.abs());
      // e^z − 1 at 50 digits (the field's form above 10⁻⁸) cancels log₁₀(1/|z|) digits; the series below does not
      const allowed = 4e-49 * (1 + 1 / Math.abs(z));
      if (!rel(F.expm1(F.of(z)), em1).lte(allowed)) fail(`decimal50.expm1(${z}) vs e^z − 1 at 200 digits`, em1.toSignificantDigits(50).toString(), F.expm1(F.of(z)).toString());
      if (!rel(F.log1p(F.of(z)), l1p).lte(allowed)) fail(`decimal50.log1p(${z}) vs log(1 + z) at 200 digits`, l1p.toSignificantDigits(50).toString(), F.log1p(F.of(z)).toString());
    }
    const [dx, dy] = [F.of(x), F.of(y)];
    if (F.gt(dx, dy) !== x > y || F.gte(dx, dy) !== x >= y || F.isZero(dx) !== (x === 0) || !F.isZero(F.zero) || F.toNumber(F.one) !== 1 || F.name !== 'decimal') fail('decimal50 comparisons and constants', 'those of the numbers', 'otherwise');
  },
};

export const foundationProperties: Property[] = [makeRngProperty(), fieldProperty];
