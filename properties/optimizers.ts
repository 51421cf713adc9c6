/**
 * Optimizer properties (notes 002, "Tricks of the trade": momentum, decreasing learning rate, Adagrad,
 * RMSProp; Adam after Kingma & Ba), checked on any subject's `step`.
 */
import * as fc from 'fast-check';
import type { OptimizerName } from '../contract/names.js';
import type { Optimizer, OptimizerState, Params, Precision, Subject } from '../contract/types.js';
import { FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import { stepArithmetic, stepErrorBounds } from '../tolerance/step.js';
import type { Decimal } from 'decimal.js';
import { decimal50 } from '../reference/field.js';
import { learningRate, scheduled, withLearningRate, type Schedule } from '../reference/learning/schedule.js';
import { paramsOfShapeArb } from './arbitraries.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

/** Operations in one coordinate update (Adam's is the longest: 2 moments, 2 corrections, √, +, ÷, ×, −). */
const OPS_PER_UPDATE = 16;

const lrArb = fc.constantFrom(0.001, 0.01, 0.1, 0.5, 1);
const epsArb = fc.constantFrom(0, 1e-8, 1e-3);

/** An optimizer of the contract with hyper-parameters in their usual ranges (and the edges 0 and 1). */
export function optimizerArb(names: readonly OptimizerName[] = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']): fc.Arbitrary<Optimizer> {
  return fc.constantFrom(...names).chain((name): fc.Arbitrary<Optimizer> => {
    switch (name) {
      case 'sgd':
        return fc.record({ name: fc.constant('sgd' as const), lr: lrArb });
      case 'momentum':
        return fc.record({ name: fc.constant('momentum' as const), lr: lrArb, alpha: fc.constantFrom(0, 0.5, 0.9, 0.99) });
      case 'adagrad':
        return fc.record({ name: fc.constant('adagrad' as const), lr: lrArb, eps: epsArb });
      case 'rmsprop':
        return fc.record({ name: fc.constant('rmsprop' as const), lr: lrArb, rho: fc.constantFrom(0, 0.5, 0.9, 0.99, 1), eps: epsArb });
      case 'adam':
        return fc.record({ name: fc.constant('adam' as const), lr: lrArb, beta1: fc.constantFrom(0, 0.5, 0.9), beta2: fc.constantFrom(0, 0.9, 0.999), eps: epsArb });
    }
  });
}

/** Numbers on a grid with exact zeros now and then (zero gradients exercise the 0-denominator rule). */
const valueArb = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: -4096, max: 4096 }).map((k) => k / 1024) });

/** Parameter shapes of a network n_0-…-n_L (1–2 layers, widths 1–3): W^l is n_l × n_{l−1}, as params come from a net. */
export const shapeArb = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 })
  .map((sizes) => sizes.slice(1).map((n, l) => [n, sizes[l]!] as [number, number]));

export function paramsArb(shape: ReadonlyArray<readonly [number, number]>, v: fc.Arbitrary<number> = valueArb): fc.Arbitrary<Params> {
  return paramsOfShapeArb(shape, v);
}

export interface OptimizerRun {
  opt: Optimizer;
  params: Params;
  /** One gradient per step (the same shapes as params). */
  grads: Params[];
}

export const optimizerRunArb = (names?: readonly OptimizerName[], maxSteps = 3): fc.Arbitrary<OptimizerRun> =>
  fc.record({ opt: optimizerArb(names), shape: shapeArb, steps: fc.integer({ min: 1, max: maxSteps }) }).chain(({ opt, shape, steps }) =>
    fc.record({ opt: fc.constant(opt), params: paramsArb(shape), grads: fc.array(paramsArb(shape), { minLength: steps, maxLength: steps }) }),
  );

/** Runs the subject's step over the run's gradients; returns every intermediate params. */
export async function runSteps(subject: Subject, run: OptimizerRun, viaJson = false, opt: (t: number) => Optimizer = () => run.opt): Promise<Params[]> {
  let params = run.params;
  let state: OptimizerState = null;
  const out: Params[] = [];
  for (let t = 0; t < run.grads.length; t++) {
    const r = await call(subject, 'step', opt(t), params, run.grads[t]!, viaJson ? JSON.parse(JSON.stringify(state)) : state);
    params = r.params;
    state = r.state;
    out.push(params);
  }
  return out;
}

function flat(p: Params): number[] {
  return [...p.W.flat(2), ...p.b.flat()];
}

function unflat(like: Params, xs: readonly number[]): Params {
  let i = 0;
  return { W: like.W.map((W) => W.map((r) => r.map(() => xs[i++]!))), b: like.b.map((b) => b.map(() => xs[i++]!)) };
}

type D = Decimal;
const F = decimal50;

/** x^k in Decimal for an integer k ≥ 0 (decimal.js's own power, not a loop of products). */
const dpow = (x: D, k: number): D => x.pow(k);

/** w − η·num/den, or w where den = 0 (the contract's `zero-denominator` convention). */
const scaled = (w: D, lr: D, num: D, den: D): D => (den.isZero() ? w : w.minus(lr.times(num).div(den)));

/** The hyper-parameters of an optimizer in Decimal (absent ones 0). */
function hyperOf(opt: Optimizer) {
  const o = opt as unknown as Record<string, number | undefined>;
  const of = (k: string) => F.of(o[k] ?? 0);
  return { lr: of('lr'), alpha: of('alpha'), rho: of('rho'), beta1: of('beta1'), beta2: of('beta2'), eps: of('eps') };
}

/**
 * The truth, written a second way: the notes' recursions unrolled into sums over the gradients seen so
 * far, in 50-digit Decimal on the exact float64 inputs (independent of reference/optimizers.ts):
 *   momentum  v_t = −η Σ_{k≤t} α^{t−k} g_k                      w_t = w_{t−1} + v_t
 *   adagrad   r_t = Σ_{k≤t} g_k²                                 w_t = w_{t−1} − η g_t/(√r_t + ε)
 *   rmsprop   r_t = Σ_{k≤t} ρ^{t−k} (1 − ρ) g_k²                 w_t = w_{t−1} − η g_t/(√r_t + ε)
 *   adam      m_t = Σ_{k≤t} β₁^{t−k} (1 − β₁) g_k,  v_t = Σ_{k≤t} β₂^{t−k} (1 − β₂) g_k²
 *             w_t = w_{t−1} − η (m_t/(1 − β₁ᵗ)) / (√(v_t/(1 − β₂ᵗ)) + ε)
 * per coordinate, from w_0 and the list g_1..g_T. Returns w_t for every t.
 */
export function unrolledTrajectory(opt: Optimizer, w0: number, gs: readonly number[]): number[] {
  const h = hyperOf(opt);
  const g = gs.map((x) => F.of(x));
  let w = F.of(w0);
  const out: number[] = [];
  for (let t = 1; t <= g.length; t++) {
    const seen = g.slice(0, t); // g_1..g_t
    const gt = g[t - 1]!;
    const weighted = (decay: D, term: (x: D) => D) => seen.reduce((s, x, k) => s.plus(dpow(decay, t - 1 - k).times(term(x))), F.zero);
    switch (opt.name) {
      case 'sgd':
        w = w.minus(h.lr.times(gt));
        break;
      case 'momentum':
        w = w.minus(h.lr.times(weighted(h.alpha, (x) => x)));
        break;
      case 'adagrad': {
        const r = seen.reduce((s, x) => s.plus(x.times(x)), F.zero);
        w = scaled(w, h.lr, gt, r.sqrt().plus(h.eps));
        break;
      }
      case 'rmsprop': {
        const r = weighted(h.rho, (x) => F.one.minus(h.rho).times(x).times(x));
        w = scaled(w, h.lr, gt, r.sqrt().plus(h.eps));
        break;
      }
      case 'adam': {
        const m = weighted(h.beta1, (x) => F.one.minus(h.beta1).times(x));
        const v = weighted(h.beta2, (x) => F.one.minus(h.beta2).times(x).times(x));
        const mHat = m.div(F.one.minus(dpow(h.beta1, t)));
        const vHat = v.div(F.one.minus(dpow(h.beta2, t)));
        w = scaled(w, h.lr, mHat, vHat.sqrt().plus(h.eps));
        break;
      }
    }
    out.push(F.toNumber(w));
  }
  return out;
}

/**
 * Compares a subject's trajectory with the true one, coordinate by coordinate. The allowed error after
 * step T is the one step error model's (tolerance/step.ts) for a subject of this precision fed its own
 * params and state, plus the rounding of the Decimal truth to float64 (RESULT_ROUNDING).
 */
function compareTrajectory(what: string, run: OptimizerRun, got: readonly Params[], want: readonly number[][], precision: Precision): void {
  const bounds = stepErrorBounds(run.opt, run.params, run.grads, stepArithmetic(precision));
  want.forEach((wT, t) => {
    const have = flat(got[t]!);
    const bound = flat(bounds[t]!.params);
    wT.forEach((w, i) => {
      const allowed = bound[i]! + RESULT_ROUNDING * Math.abs(w);
      const h = have[i];
      if (typeof h !== 'number' || !(Math.abs(h - w) <= allowed)) {
        throw new PropertyFailure({ what: `${what}: ${run.opt.name} parameter after step ${t + 1}`, expected: w, got: typeof h === 'number' ? h : String(h), allowed, index: [t + 1, i], note: `opt ${JSON.stringify(run.opt)}; index [step, coordinate in W…b order]` });
      }
    });
  });
}

/** The true trajectory, per step and coordinate. */
function unrolledTruth(run: OptimizerRun): number[][] {
  const w0 = flat(run.params);
  const gs = run.grads.map(flat);
  const perCoord = w0.map((w, i) => unrolledTrajectory(run.opt, w, gs.map((g) => g[i]!)));
  return run.grads.map((_g, t) => perCoord.map((c) => c[t]!));
}

/** Hyper-parameters away from the special points 0 and 1, where a dropped or mutated term would vanish. */
export function genericOptimizerArb(names: readonly OptimizerName[] = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']): fc.Arbitrary<Optimizer> {
  const decay = fc.constantFrom(0.3, 0.5, 0.75, 0.9);
  return fc.constantFrom(...names).chain((name): fc.Arbitrary<Optimizer> => {
    switch (name) {
      case 'sgd':
        return fc.record({ name: fc.constant('sgd' as const), lr: lrArb });
      case 'momentum':
        return fc.record({ name: fc.constant('momentum' as const), lr: lrArb, alpha: decay });
      case 'adagrad':
        return fc.record({ name: fc.constant('adagrad' as const), lr: lrArb, eps: epsArb });
      case 'rmsprop':
        return fc.record({ name: fc.constant('rmsprop' as const), lr: lrArb, rho: decay, eps: epsArb });
      case 'adam':
        return fc.record({ name: fc.constant('adam' as const), lr: lrArb, beta1: decay, beta2: fc.constantFrom(0.5, 0.9, 0.99, 0.999), eps: epsArb });
    }
  });
}

export const optimizerUnrolled: Property<OptimizerRun> = {
  id: 'optimizer.unrolled-formula',
  concept:
    "each optimizer's trajectory equals the notes' update rules written a second way, as sums over the gradients so far (v_t = −η Σ α^{t−k} g_k, r_t = Σ g_k², r_t = Σ ρ^{t−k}(1 − ρ) g_k², Adam's m_t, v_t with bias correction), in 50-digit Decimal; 0 denominators leave w unchanged (002 'Tricks of the trade')",
  requires: ['step'],
  defaultRuns: 40,
  arbitrary: () =>
    fc.record({ opt: genericOptimizerArb(), shape: shapeArb, steps: fc.integer({ min: 1, max: 5 }) }).chain(({ opt, shape, steps }) =>
      fc.record({ opt: fc.constant(opt), params: paramsArb(shape), grads: fc.array(paramsArb(shape), { minLength: steps, maxLength: steps }) }),
    ),
  async check(subject, run) {
    const got = await runSteps(subject, run);
    compareTrajectory('the unrolled sums (Decimal)', run, got, unrolledTruth(run), subject.precision);
  },
};

/** A constant non-zero gradient per coordinate, held for t steps. */
export interface ConstantRun extends OptimizerRun {
  g: Params;
}

const nonZeroArb = fc.integer({ min: 1, max: 4096 }).chain((k) => fc.constantFrom(k / 1024, -k / 1024));

/**
 * The closed forms of each rule under a gradient g held constant for t steps, from no state (r_0 = 0,
 * v_0 = 0, m_0 = 0), per coordinate, in Decimal:
 *   sgd       w_t = w_0 − t η g
 *   momentum  v_k = −η g (1 − α^k)/(1 − α)                  (α < 1)
 *   adagrad   r_k = k g²               Δ_k = −η g/(√k |g| + ε)
 *   rmsprop   r_k = (1 − ρ^k) g²       Δ_k = −η g/(√(1 − ρ^k) |g| + ε)
 *   adam      m̂_k = g, v̂_k = g² exactly (the bias correction undoes the decay), Δ_k = −η g/(|g| + ε)
 * and w_t = w_0 + Σ_{k ≤ t} Δ_k.
 */
export function constantGradientTrajectory(opt: Optimizer, w0: number, g: number, t: number): number[] {
  const h = hyperOf(opt);
  const gd = F.of(g);
  const ag = gd.abs();
  let w = F.of(w0);
  const out: number[] = [];
  for (let k = 1; k <= t; k++) {
    let delta: D;
    switch (opt.name) {
      case 'sgd':
        delta = h.lr.times(gd).neg();
        break;
      case 'momentum':
        delta = h.lr.times(gd).times(F.one.minus(dpow(h.alpha, k))).div(F.one.minus(h.alpha)).neg();
        break;
      case 'adagrad':
        delta = h.lr.times(gd).div(F.of(k).sqrt().times(ag).plus(h.eps)).neg();
        break;
      case 'rmsprop':
        delta = h.lr.times(gd).div(F.one.minus(dpow(h.rho, k)).sqrt().times(ag).plus(h.eps)).neg();
        break;
      case 'adam':
        delta = h.lr.times(gd).div(ag.plus(h.eps)).neg();
        break;
    }
    w = w.plus(delta);
    out.push(F.toNumber(w));
  }
  return out;
}

export const optimizerConstantGradient: Property<ConstantRun> = {
  id: 'optimizer.constant-gradient',
  concept:
    'under a gradient g held constant for t steps each rule has a closed form: sgd w_t = w_0 − tηg; momentum v_t = −ηg(1 − αᵗ)/(1 − α); adagrad r_t = t g²; rmsprop r_t = (1 − ρᵗ) g²; adam m̂_t = g, v̂_t = g², so every step is ηg/(|g| + ε) (002 "Tricks of the trade")',
  requires: ['step'],
  defaultRuns: 40,
  arbitrary: () =>
    fc.record({ opt: genericOptimizerArb(), shape: shapeArb, steps: fc.integer({ min: 1, max: 8 }) }).chain(({ opt, shape, steps }) =>
      fc.record({ opt: fc.constant(opt), params: paramsArb(shape), g: paramsArb(shape, nonZeroArb), steps: fc.constant(steps) }).map(({ opt, params, g, steps }) => ({ opt, params, g, grads: Array.from({ length: steps }, () => g) })),
    ),
  async check(subject, run) {
    const got = await runSteps(subject, run);
    const w0 = flat(run.params);
    const g = flat(run.g);
    const T = run.grads.length;
    const perCoord = w0.map((w, i) => constantGradientTrajectory(run.opt, w, g[i]!, T));
    const want = run.grads.map((_x, t) => perCoord.map((c) => c[t]!));
    compareTrajectory(`constant gradient g held for ${T} steps (closed form)`, run, got, want, subject.precision);
  },
};

/** Any hyper-parameters the contract allows, the edges 0 and 1 included. */
const anyDecay = fc.constantFrom(0, 0.25, 0.5, 0.9, 0.999, 1);
const anyBeta = fc.constantFrom(0, 0.25, 0.5, 0.9, 0.999);

export interface FirstStep {
  opt: Optimizer;
  params: Params;
  g: Params;
}

/**
 * The first step from no state, for any hyper-parameters: the slots start at 0, so
 *   sgd, momentum   w_1 = w_0 − η g                  (v_1 = α·0 − ηg, whatever α)
 *   adagrad         w_1 = w_0 − η g/(|g| + ε)        (r_1 = g²)
 *   rmsprop         w_1 = w_0 − η g/(√(1 − ρ)|g| + ε) (r_1 = (1 − ρ) g²)
 *   adam            w_1 = w_0 − η g/(|g| + ε)        (m̂_1 = g, v̂_1 = g², whatever β₁, β₂ < 1)
 */
export function firstStepValue(opt: Optimizer, w0: number, g: number): number {
  const h = hyperOf(opt);
  const w = F.of(w0);
  const gd = F.of(g);
  switch (opt.name) {
    case 'sgd':
    case 'momentum':
      return F.toNumber(w.minus(h.lr.times(gd)));
    case 'adagrad':
    case 'adam':
      return F.toNumber(scaled(w, h.lr, gd, gd.abs().plus(h.eps)));
    case 'rmsprop':
      return F.toNumber(scaled(w, h.lr, gd, F.one.minus(h.rho).sqrt().times(gd.abs()).plus(h.eps)));
  }
}

export const optimizerFirstStep: Property<FirstStep> = {
  id: 'optimizer.first-step',
  concept:
    'the first step from no state (v₀ = r₀ = m₀ = 0) for any hyper-parameters: sgd and momentum w − ηg, adagrad and adam w − ηg/(|g| + ε), rmsprop w − ηg/(√(1 − ρ)|g| + ε) (002 "Tricks of the trade"; Kingma & Ba)',
  requires: ['step'],
  defaultRuns: 60,
  arbitrary: () =>
    fc
      .record({
        opt: fc.oneof(
          fc.record({ name: fc.constant('sgd' as const), lr: lrArb }),
          fc.record({ name: fc.constant('momentum' as const), lr: lrArb, alpha: anyDecay }),
          fc.record({ name: fc.constant('adagrad' as const), lr: lrArb, eps: epsArb }),
          fc.record({ name: fc.constant('rmsprop' as const), lr: lrArb, rho: anyDecay, eps: epsArb }),
          fc.record({ name: fc.constant('adam' as const), lr: lrArb, beta1: anyBeta, beta2: anyBeta, eps: epsArb }),
        ) as fc.Arbitrary<Optimizer>,
        shape: shapeArb,
      })
      // ρ = 1 with ε = 0 divides 0 by 0: the zero-denominator convention is optimizer.unrolled-formula's
      .filter(({ opt }) => !(opt.name === 'rmsprop' && opt.rho === 1 && opt.eps === 0))
      .chain(({ opt, shape }) => fc.record({ opt: fc.constant(opt), params: paramsArb(shape), g: paramsArb(shape, nonZeroArb) })),
  async check(subject, c) {
    const r = await call(subject, 'step', c.opt, c.params, c.g, null);
    const w0 = flat(c.params);
    const g = flat(c.g);
    const want = w0.map((w, i) => firstStepValue(c.opt, w, g[i]!));
    compareTrajectory('the first step from no state', { opt: c.opt, params: c.params, grads: [c.g] }, [r?.params ?? unflat(c.params, [])], [want], subject.precision);
  },
};

export const momentumZeroIsSgd: Property<OptimizerRun> = {
  id: 'optimizer.momentum-zero-is-sgd',
  concept: 'momentum with α = 0 is plain gradient descent: v ← 0·v − ηg, w ← w + v = w − ηg (002 "Momentum")',
  requires: ['step'],
  defaultRuns: 30,
  arbitrary: () => optimizerRunArb(['sgd']),
  async check(subject, run) {
    const lr = (run.opt as { lr: number }).lr;
    const sgd = await runSteps(subject, run);
    const mom = await runSteps(subject, { ...run, opt: { name: 'momentum', lr, alpha: 0 } });
    const u = UNIT_ROUNDOFF[subject.precision];
    const gMax = Math.max(...run.grads.flatMap((g) => flat(g).map(Math.abs)));
    sgd.forEach((p, t) => {
      const a = flat(p);
      const b = flat(mom[t]!);
      a.forEach((x, i) => {
        // both are w − ηg rounded (2 operations each): the difference is within 2γ_2 |w| + |ηg| per step
        const allowed = (t + 1) * 2 * gamma(2, u) * (Math.abs(x) + lr * gMax);
        if (!(Math.abs(x - b[i]!) <= allowed)) throw new PropertyFailure({ what: `momentum(α = 0) vs sgd after step ${t + 1}`, expected: x, got: b[i]!, allowed, index: [t + 1, i] });
      });
    });
  },
};

export const rmspropSign: Property<OptimizerRun> = {
  id: 'optimizer.rmsprop-rho-zero-is-sign-sgd',
  concept: 'RMSProp with ρ = 0 and ε = 0 keeps r = g², so w ← w − η g/|g| = w − η sign(g): sign-scaled gradient descent (002 "RMSProp")',
  requires: ['step'],
  defaultRuns: 30,
  arbitrary: () => optimizerRunArb(['sgd']),
  async check(subject, run) {
    const lr = (run.opt as { lr: number }).lr;
    const got = await runSteps(subject, { ...run, opt: { name: 'rmsprop', lr, rho: 0, eps: 0 } });
    const u = UNIT_ROUNDOFF[subject.precision];
    let w = flat(run.params);
    got.forEach((p, t) => {
      const g = flat(run.grads[t]!);
      w = w.map((wi, i) => wi - lr * Math.sign(g[i]!));
      const have = flat(p);
      w.forEach((x, i) => {
        const allowed = (t + 1) * FIRST_ORDER_SAFETY * gamma(OPS_PER_UPDATE, u) * (Math.abs(x) + lr);
        if (!(Math.abs(x - have[i]!) <= allowed)) throw new PropertyFailure({ what: `rmsprop(ρ = 0, ε = 0) vs w − η sign(g) after step ${t + 1}`, expected: x, got: have[i]!, allowed, index: [t + 1, i], note: 'where g = 0 the weight stays (0 denominator)' });
      });
    });
  },
};

export const adagradRateNonIncreasing: Property<OptimizerRun> = {
  id: 'optimizer.adagrad-rate-never-increases',
  concept: "Adagrad's effective rate η/(√r + ε) never increases, since r ← r + g² only grows (002 'Adagrad')",
  requires: ['step'],
  defaultRuns: 30,
  arbitrary: () => optimizerRunArb(['adagrad'], 5),
  async check(subject, run) {
    // Feed w = 0 every step (the state carries r): the returned w = −η_eff g, so η_eff = −w/g exactly
    // up to the rounding of one division and the update itself.
    const zero: Params = { W: run.params.W.map((W) => W.map((r) => r.map(() => 0))), b: run.params.b.map((b) => b.map(() => 0)) };
    let state: OptimizerState = null;
    const u = UNIT_ROUNDOFF[subject.precision];
    const tol = FIRST_ORDER_SAFETY * gamma(2 * OPS_PER_UPDATE, u);
    let last = flat(zero).map(() => Infinity);
    for (let t = 0; t < run.grads.length; t++) {
      const r = await call(subject, 'step', run.opt, zero, run.grads[t]!, state);
      state = r.state;
      const w = flat(r.params);
      const g = flat(run.grads[t]!);
      g.forEach((gi, i) => {
        if (gi === 0) return;
        const eta = -w[i]! / gi;
        if (!(eta <= last[i]! * (1 + tol))) {
          throw new PropertyFailure({ what: `adagrad effective rate at step ${t + 1}`, expected: `≤ ${last[i]}`, got: eta, index: [t + 1, i], note: 'η_eff = −w/g from a step at w = 0' });
        }
        last[i] = eta;
      });
    }
  },
};

export const stateJsonRoundTrip: Property<OptimizerRun> = {
  id: 'optimizer.state-json-round-trip',
  concept: 'optimizer state is plain JSON: saving it (JSON.stringify) and resuming from the parsed copy gives the same training run',
  requires: ['step'],
  defaultRuns: 30,
  arbitrary: () => optimizerRunArb(undefined, 4),
  async check(subject, run) {
    const direct = await runSteps(subject, run);
    const resumed = await runSteps(subject, run, true);
    direct.forEach((p, t) => {
      const a = flat(p);
      const b = flat(resumed[t]!);
      a.forEach((x, i) => {
        if (!Object.is(x, b[i])) throw new PropertyFailure({ what: `${run.opt.name} after step ${t + 1}, resumed from JSON state vs kept state`, expected: x, got: b[i] ?? String(b[i]), index: [t + 1, i] });
      });
    });
  },
};

/** SGD on a convex quadratic: a linear layer (identity) with mse, E(W, b) = (1/B) Σ_x ½‖W x + b − y‖². */
export interface QuadraticCase {
  X: number[][];
  Y: number[][];
  W: number[][];
  b: number[];
  steps: number;
}

const gridArb = fc.integer({ min: -8, max: 8 }).map((k) => k / 4);

export const quadraticArb: fc.Arbitrary<QuadraticCase> = fc
  .record({ n: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: 2 }), B: fc.integer({ min: 1, max: 4 }), steps: fc.integer({ min: 2, max: 8 }) })
  .chain(({ n, m, B, steps }) =>
    fc.record({
      X: fc.array(fc.array(gridArb, { minLength: n, maxLength: n }), { minLength: B, maxLength: B }),
      Y: fc.array(fc.array(gridArb, { minLength: m, maxLength: m }), { minLength: B, maxLength: B }),
      W: fc.array(fc.array(gridArb, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
      b: fc.array(gridArb, { minLength: m, maxLength: m }),
      steps: fc.constant(steps),
    }),
  );

/** E(W, b) in Decimal (exact up to 50 digits) for the linear model. */
function quadraticLoss(X: number[][], Y: number[][], W: number[][], b: number[]): number {
  const F = decimal50;
  let s = F.zero;
  X.forEach((x, i) =>
    W.forEach((row, j) => {
      let z = F.of(b[j]!);
      row.forEach((w, k) => (z = F.add(z, F.mul(F.of(w), F.of(x[k]!)))));
      const d = F.sub(z, F.of(Y[i]![j]!));
      s = F.add(s, F.mul(d, d));
    }),
  );
  return F.toNumber(F.div(s, F.of(2 * X.length)));
}

export const sgdConvexDescent: Property<QuadraticCase> = {
  id: 'optimizer.sgd-convex-descent',
  concept:
    'gradient descent on a convex quadratic with η ≤ 1/λ_max decreases the loss at every step, by at least (η/2)‖∇E‖² (descent lemma; 001 "Gradient descent")',
  requires: ['backward', 'step'],
  // up to 240 backward + step calls: too slow on the WebGPU path (lavapipe), checked call by call elsewhere
  appliesTo: ['float64', 'decimal'],
  defaultRuns: 30,
  arbitrary: () => quadraticArb,
  async check(subject, c) {
    // λ_max of the Hessian (1/B) Σ_x [x;1][x;1]ᵀ (per output row) ≤ its trace = (1/B) Σ_x (‖x‖² + 1).
    const L = c.X.reduce((s, x) => s + x.reduce((t, v) => t + v * v, 0) + 1, 0) / c.X.length;
    const lr = 2 ** -Math.ceil(Math.log2(L)); // a power of two ≤ 1/L: exact products
    const net = { layers: [{ W: c.W, b: c.b, activation: 'identity' as const }] };
    let params: Params = { W: [c.W], b: [c.b] };
    let state: OptimizerState = null;
    let E = quadraticLoss(c.X, c.Y, c.W, c.b);
    const u = UNIT_ROUNDOFF[subject.precision];
    for (let t = 0; t < c.steps; t++) {
      const g = await call(subject, 'backward', { layers: [{ ...net.layers[0]!, W: params.W[0]!, b: params.b[0]! }] }, c.X, c.Y, 'mse');
      const r = await call(subject, 'step', { name: 'sgd', lr }, params, { W: g.gradW, b: g.gradB }, state);
      params = r.params;
      state = r.state;
      const next = quadraticLoss(c.X, c.Y, params.W[0]!, params.b[0]!);
      const gnorm2 = [...g.gradW.flat(2), ...g.gradB.flat()].reduce((s, v) => s + v * v, 0);
      // the subject's gradient and update carry rounding: allow γ_{4(n+B)} of the loss scale
      const allowed = FIRST_ORDER_SAFETY * gamma(4 * (c.X[0]!.length + c.X.length + 4), u) * (E + gnorm2 + 1);
      if (!(next <= E - (lr / 2) * gnorm2 + allowed)) {
        throw new PropertyFailure({ what: `loss after sgd step ${t + 1} (η = ${lr}, λ_max ≤ ${L})`, expected: `≤ ${E - (lr / 2) * gnorm2} (E_t − η/2 ‖g‖²)`, got: next, allowed, note: `E_t = ${E}` });
      }
      E = next;
    }
  },
};

/** The notes' decreasing learning rate, as a property of any schedule function (default: the reference). */
export interface ScheduleCase {
  lr0: number;
  lrTau: number;
  tau: number;
  t: number;
}

export function makeLinearDecayProperty(rate: (s: Schedule, t: number) => number = learningRate): Property<ScheduleCase> {
  return {
    id: 'schedule.linear-decay',
    concept: 'the decreasing learning rate η_t = (1 − t/τ)η₀ + (t/τ)η_τ for t < τ, then η_τ: starts at η₀, moves linearly, stays at η_τ (002 "Decreasing learning rate")',
    requires: [],
    defaultRuns: 50,
    arbitrary: () => fc.record({ lr0: fc.constantFrom(0.5, 0.1, 0.01), lrTau: fc.constantFrom(0.001, 0.01, 0.05), tau: fc.integer({ min: 1, max: 200 }), t: fc.integer({ min: 0, max: 250 }) }),
    check(_subject, c) {
      const s: Schedule = { kind: 'linear-decay', ...c };
      const u = UNIT_ROUNDOFF.float64;
      const tol = (x: number) => 4 * u * (Math.abs(c.lr0) + Math.abs(c.lrTau) + Math.abs(x));
      const expectAt = (t: number, want: number) => {
        const got = rate(s, t);
        if (!(Math.abs(got - want) <= tol(want))) throw new PropertyFailure({ what: `η_${t} (η₀ = ${c.lr0}, η_τ = ${c.lrTau}, τ = ${c.tau})`, expected: want, got, allowed: tol(want) });
      };
      expectAt(0, c.lr0);
      expectAt(c.tau, c.lrTau);
      expectAt(c.tau + 7, c.lrTau);
      for (const t of [1, Math.floor(c.tau / 2), c.tau - 1, c.t]) if (t > 0 && t < c.tau) expectAt(t, (1 - t / c.tau) * c.lr0 + (t / c.tau) * c.lrTau);
      if (c.t >= c.tau) expectAt(c.t, c.lrTau);
      // a constant schedule, and the optimizer a schedule hands to step at t (every other hyper-parameter kept)
      const k = rate({ kind: 'constant', lr: c.lr0 }, c.t);
      if (k !== c.lr0) throw new PropertyFailure({ what: `a constant schedule at t = ${c.t}`, expected: c.lr0, got: k });
      const opt: Optimizer = { name: 'adam', lr: 0.3, beta1: 0.9, beta2: 0.99, eps: 1e-8 };
      const at = scheduled(opt, s, c.t);
      if (JSON.stringify(at) !== JSON.stringify({ ...opt, lr: learningRate(s, c.t) }) || scheduled(opt, undefined, c.t) !== opt || JSON.stringify(withLearningRate(opt, c.lrTau)) !== JSON.stringify({ ...opt, lr: c.lrTau })) {
        throw new PropertyFailure({ what: `scheduled(adam, linear decay, ${c.t}) / withLearningRate`, expected: JSON.stringify({ ...opt, lr: learningRate(s, c.t) }), got: JSON.stringify(at), note: 'no schedule: the optimizer itself' });
      }
    },
  };
}

export const linearDecay = makeLinearDecayProperty();

export const optimizerProperties: Property[] = [
  optimizerFirstStep,
  optimizerConstantGradient,
  optimizerUnrolled,
  momentumZeroIsSgd,
  rmspropSign,
  adagradRateNonIncreasing,
  stateJsonRoundTrip,
  sgdConvexDescent,
  linearDecay,
];
