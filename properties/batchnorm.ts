/**
 * Batch normalisation properties (notes 002 "Tricks of the trade: batch normalization").
 *
 * Batch norm is not one of the contract's functions, so these check the reference's implementation
 * (reference/learning/batchnorm.ts), injected as a parameter so a test can plant a bug; they run once per
 * `nn-oracle check` whatever the subject.
 *
 * Error bounds. With κ = 1 + max|x|/σ̂ (the cancellation in x − μ relative to the spread), x̂ carries
 * a relative error ≤ γ_{3B+8} κ (mean and variance are B-term sums, then −, √, ÷), and each gradient is
 * a short sum of B terms of that: ≤ γ_{4B+16} κ times its gauge (the same sum with absolute values).
 * Central differences are taken in 50-digit Decimal with step h (DECIMAL_FD_STEP) and their truncation
 * error is estimated by Richardson's rule: |D(h) − D(h/2)| · 4/3 bounds the error of D(h/2) when the
 * third derivative is locally constant, which we double for safety.
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { DECIMAL_FD_STEP, FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import {
  batchNormBackward as refBackward,
  batchNormForward as refForward,
  batchNormForwardIn,
  batchNormParamsIn,
  initBatchNorm as refInitBatchNorm,
  type BatchNormParams,
} from '../reference/learning/batchnorm.js';
import { decimal50 } from '../reference/field.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

export interface BnCase {
  X: number[][];
  params: BatchNormParams;
  /** Upstream gradient ∂E/∂y; E = Σ dy ⊙ y is the function differentiated. */
  dy: number[][];
  eps: number;
  mode: 'train' | 'eval';
}

const q = (max: number, den: number) => fc.integer({ min: -max * den, max: max * den }).map((k) => k / den);

function colVar(X: number[][], j: number): number {
  const m = X.reduce((s, r) => s + r[j]!, 0) / X.length;
  return X.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / X.length;
}

export const bnCaseArb: fc.Arbitrary<BnCase> = fc
  .record({ B: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 1, max: 3 }), eps: fc.constantFrom(0, 1e-5, 1e-3), mode: fc.constantFrom('train' as const, 'train' as const, 'eval' as const) })
  .chain(({ B, n, eps, mode }) => {
    const vec = (item: fc.Arbitrary<number>) => fc.array(item, { minLength: n, maxLength: n });
    return fc.record({
      X: fc.array(vec(q(4, 4)), { minLength: B, maxLength: B }),
      params: fc.record({ gamma: vec(q(2, 4)), beta: vec(q(2, 4)), runningMean: vec(q(2, 4)), runningVar: vec(fc.integer({ min: 1, max: 16 }).map((k) => k / 4)) }),
      dy: fc.array(vec(q(2, 4)), { minLength: B, maxLength: B }),
      eps: fc.constant(eps),
      mode: fc.constant(mode),
    });
  })
  // a spread of at least ¼ in every unit (σ̂ ≥ ¼): away from the σ = 0 singularity
  .filter((c) => c.X[0]!.every((_, j) => colVar(c.X, j) >= 1 / 16));

/** E = Σ dy ⊙ y in Decimal, as a function of (X, γ, β). */
function objective(c: BnCase, X: Decimal[][], gamma_: Decimal[], beta: Decimal[]): Decimal {
  const F = decimal50;
  const p = batchNormParamsIn(F, c.params);
  const fwd = batchNormForwardIn(F, X, { ...p, gamma: gamma_, beta }, c.mode, F.of(c.eps), F.of(0.1));
  let s = F.zero;
  fwd.y.forEach((row, i) => row.forEach((v, j) => (s = F.add(s, F.mul(v, F.of(c.dy[i]![j]!))))));
  return s;
}

/** Central difference of E along one coordinate, in Decimal, with Richardson's error estimate. */
function centralDifference(c: BnCase, which: 'x' | 'gamma' | 'beta', i: number, j: number): { value: number; error: number } {
  const F = decimal50;
  const X0 = c.X.map((r) => r.map((v) => F.of(v)));
  const g0 = c.params.gamma.map((v) => F.of(v));
  const b0 = c.params.beta.map((v) => F.of(v));
  const at = (h: Decimal) => {
    const X = X0.map((r, a) => r.map((v, b) => (which === 'x' && a === i && b === j ? F.add(v, h) : v)));
    const g = g0.map((v, b) => (which === 'gamma' && b === j ? F.add(v, h) : v));
    const bb = b0.map((v, b) => (which === 'beta' && b === j ? F.add(v, h) : v));
    return objective(c, X, g, bb);
  };
  const D = (h: Decimal) => F.div(F.sub(at(h), at(F.neg(h))), F.mul(F.of(2), h));
  const h = F.of(DECIMAL_FD_STEP);
  const d1 = D(h);
  const d2 = D(F.div(h, F.of(2)));
  const richardson = F.toNumber(F.abs(F.sub(d1, d2))) * (4 / 3) * 2;
  // rounding of the 50-digit evaluation: u·|E| / h
  const rounding = (UNIT_ROUNDOFF.decimal * (F.toNumber(F.abs(at(F.zero))) + 1)) / DECIMAL_FD_STEP;
  return { value: F.toNumber(d2), error: richardson + 4 * rounding };
}

export function makeBatchNormFdProperty(backward: typeof refBackward = refBackward): Property<BnCase> {
  return {
    id: 'batchnorm.finite-difference',
    concept: 'batch norm backward (∂E/∂x through μ_B and σ²_B, ∂E/∂γ = Σ dy x̂, ∂E/∂β = Σ dy; eval mode affine) matches central differences in 50-digit Decimal (002 "batch normalization")',
    requires: [],
    defaultRuns: 10,
    arbitrary: () => bnCaseArb,
    check(_s, c) {
      const g = backward(c.X, c.params, c.dy, c.mode, { eps: c.eps });
      const f = g.forward;
      const B = c.X.length;
      const u = UNIT_ROUNDOFF.float64;
      const maxX = Math.max(...c.X.flat().map(Math.abs), ...c.params.runningMean.map(Math.abs));
      const sumAbsDy = c.X[0]!.map((_, j) => c.dy.reduce((s, r) => s + Math.abs(r[j]!), 0));
      const sumAbsDyXh = c.X[0]!.map((_, j) => c.dy.reduce((s, r, i) => s + Math.abs(r[j]! * f.xHat[i]![j]!), 0));
      const rel = (j: number) => FIRST_ORDER_SAFETY * gamma(4 * B + 16, u) * (1 + maxX / f.sigma[j]!);
      const compare = (what: 'x' | 'gamma' | 'beta', i: number, j: number, got: number, gauge: number) => {
        const fd = centralDifference(c, what, i, j);
        const allowed = rel(j) * gauge + fd.error + RESULT_ROUNDING * Math.abs(fd.value);
        if (!(Math.abs(got - fd.value) <= allowed)) {
          throw new PropertyFailure({ what: `∂E/∂${what === 'x' ? 'x' : what} (${c.mode} mode, eps = ${c.eps}) vs central difference`, expected: fd.value, got, allowed, index: what === 'x' ? [i, j] : [j] });
        }
      };
      c.X[0]!.forEach((_, j) => {
        const gam = Math.abs(c.params.gamma[j]!);
        for (let i = 0; i < B; i++) {
          const gauge = c.mode === 'eval' ? (Math.abs(c.dy[i]![j]!) * gam) / f.sigma[j]! : (gam / (B * f.sigma[j]!)) * (B * Math.abs(c.dy[i]![j]!) + sumAbsDy[j]! + Math.abs(f.xHat[i]![j]!) * sumAbsDyXh[j]!);
          compare('x', i, j, g.dx[i]![j]!, gauge);
        }
        compare('gamma', 0, j, g.dgamma[j]!, sumAbsDyXh[j]! + sumAbsDy[j]!);
        compare('beta', 0, j, g.dbeta[j]!, sumAbsDy[j]!);
      });
    },
  };
}

export interface InvarianceCase {
  base: BnCase;
  /** Per unit: a power of two scale and a shift. */
  scale: number[];
  shift: number[];
}

export function makeBatchNormInvarianceProperty(forward: typeof refForward = refForward): Property<InvarianceCase> {
  return {
    id: 'batchnorm.shift-scale-invariance',
    concept: 'in train mode batch norm output is invariant to x → a·x + c per unit (a > 0): x̂ = (x − μ_B)/σ_B removes both; exact for the shift with any ε, for the scale with ε = 0 (002 "batch normalization")',
    requires: [],
    defaultRuns: 25,
    arbitrary: () =>
      bnCaseArb.chain((base) => {
        const n = base.X[0]!.length;
        return fc.record({
          base: fc.constant({ ...base, mode: 'train' as const }),
          scale: fc.array(fc.integer({ min: -2, max: 2 }).map((e) => 2 ** e), { minLength: n, maxLength: n }),
          // large shifts too: μ_B and σ²_B must be formed stably (two passes, (x − μ)²), not as E[x²] − μ²
          shift: fc.array(fc.oneof({ weight: 3, arbitrary: q(4, 4) }, { weight: 1, arbitrary: fc.integer({ min: -(2 ** 20), max: 2 ** 20 }) }), { minLength: n, maxLength: n }),
        });
      }),
    check(_s, { base, scale, shift }) {
      const u = UNIT_ROUNDOFF.float64;
      // the scale only with ε = 0 (with ε > 0 the output depends on a through √(a²σ² + ε)); the shift always
      const a = base.eps === 0 ? scale : scale.map(() => 1);
      const X2 = base.X.map((r) => r.map((x, j) => a[j]! * x + shift[j]!));
      const y1 = forward(base.X, base.params, 'train', { eps: base.eps });
      const y2 = forward(X2, base.params, 'train', { eps: base.eps });
      const B = base.X.length;
      base.X[0]!.forEach((_, j) => {
        const k1 = 1 + Math.max(...base.X.map((r) => Math.abs(r[j]!))) / y1.sigma[j]!;
        const k2 = 1 + Math.max(...X2.map((r) => Math.abs(r[j]!))) / y2.sigma[j]!;
        for (let i = 0; i < B; i++) {
          const scaleY = Math.abs(base.params.gamma[j]!) * (Math.abs(y1.xHat[i]![j]!) + 1);
          const allowed = FIRST_ORDER_SAFETY * gamma(3 * B + 8, u) * (k1 + k2) * scaleY + 2 * u * Math.abs(base.params.beta[j]!) + 2 * u * (Math.abs(y1.y[i]![j]!) + 1);
          const d = Math.abs(y1.y[i]![j]! - y2.y[i]![j]!);
          if (!(d <= allowed)) {
            throw new PropertyFailure({ what: `batch norm output after x → ${a[j]}·x + ${shift[j]} (unit ${j + 1}, eps = ${base.eps})`, expected: y1.y[i]![j]!, got: y2.y[i]![j]!, allowed, index: [i, j] });
          }
        }
      });
    },
  };
}

export interface RunningCase {
  X: number[][];
  params: BatchNormParams;
  eps: number;
  momentum: number;
  /** Inputs to normalise in eval mode with the updated running statistics. */
  Xeval: number[][];
}

export const runningCaseArb: fc.Arbitrary<RunningCase> = fc
  .record({ B: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 3 }), eps: fc.constantFrom(0, 1e-5, 1e-3), momentum: fc.constantFrom(0.05, 0.1, 0.3, 0.5, 0.9) })
  .chain(({ B, n, eps, momentum }) => {
    const vec = (item: fc.Arbitrary<number>) => fc.array(item, { minLength: n, maxLength: n });
    return fc.record({
      X: fc.array(vec(q(4, 4)), { minLength: B, maxLength: B }),
      params: fc.record({ gamma: vec(q(2, 4)), beta: vec(q(2, 4)), runningMean: vec(q(2, 4)), runningVar: vec(fc.integer({ min: 1, max: 16 }).map((k) => k / 4)) }),
      eps: fc.constant(eps),
      momentum: fc.constant(momentum),
      Xeval: fc.array(vec(q(4, 4)), { minLength: 1, maxLength: 3 }),
    });
  })
  // with ε = 0 a constant unit has σ̂ = 0, which batch norm refuses (reference.rejects-invalid-input)
  .filter((c) => c.eps > 0 || c.X[0]!.every((_, j) => colVar(c.X, j) > 0));

/**
 * batchnorm.running-statistics: one train-mode batch updates the running averages by the rule
 *   μ_run ← (1 − m) μ_run + m μ_B,   σ²_run ← (1 − m) σ²_run + m σ²_B · B/(B − 1)   (B > 1; σ²_B for B = 1)
 * — here computed in Decimal straight from X — and eval mode then normalises with them,
 *   y = γ (x − μ_run)/√(σ²_run + ε) + β, leaving them unchanged.
 * Bounds: μ_B is a B-term sum, σ²_B a two-pass sum of B squares: γ_{2B+8} relative to their gauges
 * (Σ|x|/B and Σ(|x| + |μ|)²/B); the update adds γ_4 of its terms; eval's x̂ γ_8 of (|x| + |μ_run|)/σ̂.
 */
export function makeBatchNormRunningProperty(forward: typeof refForward = refForward): Property<RunningCase> {
  return {
    id: 'batchnorm.running-statistics',
    concept:
      'train mode updates the running statistics μ_run ← (1 − m)μ_run + m μ_B, σ²_run ← (1 − m)σ²_run + m σ²_B·B/(B − 1) (unbiased), and eval mode normalises with them: y = γ(x − μ_run)/√(σ²_run + ε) + β, leaving them unchanged (002 "batch normalization"; convention bn-running-stats)',
    requires: [],
    defaultRuns: 40,
    arbitrary: () => runningCaseArb,
    check(_s, c) {
      const Fd = decimal50;
      const u = UNIT_ROUNDOFF.float64;
      const B = c.X.length;
      const m = Fd.of(c.momentum);
      const fwd = forward(c.X, c.params, 'train', { eps: c.eps, momentum: c.momentum });
      const rel = FIRST_ORDER_SAFETY * gamma(2 * B + 12, u);
      const updated: BatchNormParams = { ...c.params, runningMean: [], runningVar: [] };
      c.X[0]!.forEach((_, j) => {
        const col = c.X.map((r) => Fd.of(r[j]!));
        const mu = col.reduce((s2, x) => s2.plus(x), Fd.zero).div(B);
        const ss = col.reduce((s2, x) => s2.plus(x.minus(mu).times(x.minus(mu))), Fd.zero);
        const unbiased = B > 1 ? ss.div(B - 1) : Fd.zero;
        const oneMinus = Fd.one.minus(m);
        const wantMean = oneMinus.times(Fd.of(c.params.runningMean[j]!)).plus(m.times(mu));
        const wantVar = oneMinus.times(Fd.of(c.params.runningVar[j]!)).plus(m.times(unbiased));
        const absMean = c.X.reduce((s2, r) => s2 + Math.abs(r[j]!), 0) / B;
        const gaugeMean = Math.abs(c.params.runningMean[j]!) + c.momentum * absMean;
        const squares = c.X.reduce((s2, r) => s2 + (Math.abs(r[j]!) + absMean) ** 2, 0);
        const gaugeVar = Math.abs(c.params.runningVar[j]!) + (c.momentum * squares) / Math.max(B - 1, 1);
        const checks: Array<[string, number | undefined, Decimal, number]> = [
          ['running mean', fwd.runningMean[j], wantMean, gaugeMean],
          ['running variance', fwd.runningVar[j], wantVar, gaugeVar],
          ['batch mean μ_B', fwd.mean[j], mu, absMean],
          ['batch variance σ²_B (biased)', fwd.variance[j], ss.div(B), squares / B],
        ];
        for (const [what, got, want, gauge] of checks) {
          const w = Fd.toNumber(want);
          const allowed = rel * gauge + RESULT_ROUNDING * Math.abs(w);
          if (typeof got !== 'number' || !(Math.abs(got - w) <= allowed)) {
            throw new PropertyFailure({ what: `${what} of unit ${j + 1} after a train batch (B = ${B}, m = ${c.momentum})`, expected: w, got: got ?? 'nothing', allowed, note: 'μ_run ← (1 − m)μ_run + m μ_B, σ²_run ← (1 − m)σ²_run + m σ²_B·B/(B − 1)' });
          }
        }
        updated.runningMean.push(fwd.runningMean[j]!);
        updated.runningVar.push(fwd.runningVar[j]!);
      });
      // eval mode with the updated running statistics
      const ev = forward(c.Xeval, updated, 'eval', { eps: c.eps, momentum: c.momentum });
      c.Xeval.forEach((row, i) =>
        row.forEach((x, j) => {
          const sig = Fd.of(updated.runningVar[j]!).plus(Fd.of(c.eps)).sqrt();
          const want = Fd.toNumber(Fd.of(c.params.gamma[j]!).times(Fd.of(x).minus(Fd.of(updated.runningMean[j]!))).div(sig).plus(Fd.of(c.params.beta[j]!)));
          const gauge = (Math.abs(c.params.gamma[j]!) * (Math.abs(x) + Math.abs(updated.runningMean[j]!))) / Fd.toNumber(sig) + Math.abs(c.params.beta[j]!);
          const allowed = FIRST_ORDER_SAFETY * gamma(8, u) * gauge + RESULT_ROUNDING * Math.abs(want);
          const got = ev.y[i]?.[j];
          if (typeof got !== 'number' || !(Math.abs(got - want) <= allowed)) {
            throw new PropertyFailure({ what: `eval-mode output of unit ${j + 1}`, expected: want, got: got ?? 'nothing', allowed, index: [i, j], note: 'y = γ(x − μ_run)/√(σ²_run + ε) + β' });
          }
          if (ev.runningMean[j] !== updated.runningMean[j] || ev.runningVar[j] !== updated.runningVar[j]) {
            throw new PropertyFailure({ what: `running statistics of unit ${j + 1} after an eval-mode pass`, expected: `unchanged (${updated.runningMean[j]}, ${updated.runningVar[j]})`, got: `(${ev.runningMean[j]}, ${ev.runningVar[j]})` });
          }
        }),
      );
    },
  };
}

/** Probability that batchnorm.running-converges fails one check for a correct batch norm (union bound below). */
export const BN_FALSE_FAILURE = 1e-9;

export interface PopulationCase {
  /** Per unit: the population is μ ± s with probability ½ each (mean μ, variance s², range 2s). */
  mu: number[];
  s: number[];
  momentum: number;
  batches: number;
  batch: number;
  seed: number;
}

/**
 * batchnorm.running-converges: batches of B examples drawn independently from a population with mean μ
 * and variance s² (two points μ ± s, so every example lies in an interval of width 2s). After n batches
 * from μ_run = 0, σ²_run = 1 (initBatchNorm), with weights w_k = m(1 − m)^{n−k},
 *   E μ_run = (1 − m)ⁿ·0 + (1 − (1 − m)ⁿ) μ,      E σ²_run = (1 − m)ⁿ·1 + (1 − (1 − m)ⁿ) s²
 * (the unbiased batch variance has mean s²). μ_run is a weighted sum of the nB examples, each with
 * weight w_k/B: Hoeffding gives P(|μ_run − E| ≥ t) ≤ 2 exp(−2t²/Σ c_i²), c_i = 2s·w_k/B. Changing one
 * example changes the unbiased variance of its batch by at most (2s)²/B, so McDiarmid gives the same
 * form for σ²_run with c_i = w_k (2s)²/B. t is solved for a false-failure probability BN_FALSE_FAILURE per
 * statistic: t = √(ln(2/p) Σc_i²/2). Eval mode then normalises x within the interval those give.
 */
export function makeBatchNormConvergenceProperty(forward: typeof refForward = refForward, init: typeof refInitBatchNorm = refInitBatchNorm): Property<PopulationCase> {
  return {
    id: 'batchnorm.running-converges',
    concept:
      'over many train batches drawn from a population the running statistics approach its mean and variance (within a Hoeffding/McDiarmid bound at false-failure probability 10⁻⁹), so eval mode normalises by the population statistics (002 "batch normalization": "use the population statistics at test time")',
    requires: [],
    defaultRuns: 4,
    arbitrary: () =>
      fc.record({
        mu: fc.array(fc.constantFrom(-3, -0.75, 2.5), { minLength: 1, maxLength: 2 }),
        momentum: fc.constantFrom(0.05, 0.1),
        batches: fc.constant(200),
        batch: fc.constantFrom(32, 64),
        seed: fc.integer(),
      }).chain((c) => fc.record({ mu: fc.constant(c.mu), s: fc.array(fc.constantFrom(0.5, 2, 4), { minLength: c.mu.length, maxLength: c.mu.length }), momentum: fc.constant(c.momentum), batches: fc.constant(c.batches), batch: fc.constant(c.batch), seed: fc.constant(c.seed) })),
    check(_s, c) {
      const n = c.mu.length;
      const g = xoroshiro128plus(c.seed);
      let p = init(n);
      // the start the notes' layer and the docs give: γ = 1, β = 0, μ_run = 0, σ²_run = 1
      const start = { gamma: Array(n).fill(1), beta: Array(n).fill(0), runningMean: Array(n).fill(0), runningVar: Array(n).fill(1) };
      if (JSON.stringify(p) !== JSON.stringify(start)) throw new PropertyFailure({ what: `initBatchNorm(${n})`, expected: JSON.stringify(start), got: JSON.stringify(p) });
      for (let k = 0; k < c.batches; k++) {
        const X = Array.from({ length: c.batch }, () => c.mu.map((mu, j) => (uniformInt(g, 0, 1) === 1 ? mu + c.s[j]! : mu - c.s[j]!)));
        const f = forward(X, p, 'train', { momentum: c.momentum });
        p = { ...p, runningMean: f.runningMean, runningVar: f.runningVar };
      }
      const m = c.momentum;
      const decay = (1 - m) ** c.batches;
      const sumW2 = (m * m * (1 - (1 - m) ** (2 * c.batches))) / (1 - (1 - m) ** 2); // Σ_k w_k²
      const z = Math.log(2 / BN_FALSE_FAILURE) / 2;
      const u = UNIT_ROUNDOFF.float64;
      c.mu.forEach((mu, j) => {
        const s = c.s[j]!;
        const tMean = Math.sqrt((z * sumW2 * (2 * s) ** 2) / c.batch);
        const tVar = Math.sqrt((z * sumW2 * (2 * s) ** 4) / c.batch);
        // rounding of n updates, each a few operations on terms ≤ |μ| + s (mean) and (|μ| + s)² (variance)
        const round = FIRST_ORDER_SAFETY * gamma(2 * c.batch + 12, u) * c.batches;
        const eMean = (1 - decay) * mu;
        const eVar = decay + (1 - decay) * s * s;
        const checks: Array<[string, number, number, number]> = [
          ['running mean', p.runningMean[j]!, eMean, tMean + round * (Math.abs(mu) + s)],
          ['running variance', p.runningVar[j]!, eVar, tVar + round * (Math.abs(mu) + s) ** 2],
        ];
        for (const [what, got, want, allowed] of checks) {
          if (!(Math.abs(got - want) <= allowed)) {
            throw new PropertyFailure({ what: `${what} of unit ${j + 1} after ${c.batches} batches of ${c.batch} from μ ± s (μ = ${mu}, s = ${s}, m = ${m})`, expected: want, got, allowed, note: `Hoeffding/McDiarmid at false-failure probability ${BN_FALSE_FAILURE}; seed ${c.seed}` });
          }
        }
      });
      // eval mode: x = μ and x = μ + s normalise to β and β + γ s/√(s² + ε), within what the intervals of μ_run, σ²_run allow
      const eps = 1e-5;
      const params: BatchNormParams = { ...p, gamma: c.mu.map(() => 1), beta: c.mu.map(() => 0) };
      const probe = [c.mu, c.mu.map((mu, j) => mu + c.s[j]!)];
      const y = forward(probe, params, 'eval', { eps }).y;
      probe.forEach((row, i) =>
        row.forEach((x, j) => {
          const s = c.s[j]!;
          const tMean = Math.sqrt((z * sumW2 * (2 * s) ** 2) / c.batch) + decay * Math.abs(c.mu[j]!);
          const tVar = Math.sqrt((z * sumW2 * (2 * s) ** 4) / c.batch) + decay * Math.abs(1 - s * s);
          const corners = [-1, 1].flatMap((a) => [-1, 1].map((b) => (x - (c.mu[j]! + a * tMean)) / Math.sqrt(Math.max(s * s + b * tVar, 0) + eps)));
          const lo = Math.min(...corners);
          const hi = Math.max(...corners);
          const slack = FIRST_ORDER_SAFETY * gamma(8, u) * (Math.abs(x) + Math.abs(c.mu[j]!) + tMean) / Math.sqrt(Math.max(s * s - tVar, 0) + eps);
          const got = y[i]![j]!;
          if (!(got >= lo - slack && got <= hi + slack)) {
            throw new PropertyFailure({ what: `eval-mode output at x = ${x} (unit ${j + 1}) with the running statistics`, expected: `in [${lo}, ${hi}] (the population's (x − μ)/√(s² + ε) = ${(x - c.mu[j]!) / Math.sqrt(s * s + eps)})`, got });
          }
        }),
      );
    },
  };
}

export const batchNormProperties: Property[] = [makeBatchNormFdProperty(), makeBatchNormInvarianceProperty(), makeBatchNormRunningProperty(), makeBatchNormConvergenceProperty()];
