/**
 * Optimizer properties (notes 002, "Tricks of the trade": momentum, decreasing learning rate, Adagrad,
 * RMSProp; Adam after Kingma & Ba), checked on any subject's `step`.
 */
import * as fc from 'fast-check';
import type { OptimizerName } from '../contract/names.js';
import type { Optimizer, OptimizerState, Params, Subject } from '../contract/types.js';
import { FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import { decimal50 } from '../reference/field.js';
import { paramsTo, paramsToNumber, stepIn, type ParamsIn, type StateIn } from '../reference/optimizers.js';
import { learningRate, type Schedule } from '../reference/learning/schedule.js';
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

function absParams(p: Params): Params {
  return { W: p.W.map((W) => W.map((r) => r.map(Math.abs))), b: p.b.map((b) => b.map(Math.abs)) };
}

/**
 * The truth: the same steps in 50-digit Decimal from the same float64 inputs. Also the per-step gauge
 * |Δ_t| of each coordinate: the update computed with |g| instead of g (the sum of the absolute values
 * of the terms the update is made of, since every hyper-parameter is ≥ 0), which bounds cancellation.
 */
function decimalTrajectory(run: OptimizerRun): { params: Params[]; gauge: number[][] } {
  const F = decimal50;
  type D = typeof F.zero;
  let p: ParamsIn<D> = paramsTo(F, run.params);
  let s: StateIn<D> | null = null;
  let pa: ParamsIn<D> = paramsTo(F, { W: run.params.W.map((W) => W.map((r) => r.map(() => 0))), b: run.params.b.map((b) => b.map(() => 0)) });
  let sa: StateIn<D> | null = null;
  const params: Params[] = [];
  const gauge: number[][] = [];
  for (const g of run.grads) {
    const r: { params: ParamsIn<D>; state: StateIn<D> } = stepIn(F, run.opt, p, paramsTo(F, g), s);
    p = r.params;
    s = r.state;
    params.push(paramsToNumber(F, p));
    // the increments of a run from 0 with |g|: Δ^abs_t = p^abs_t − p^abs_{t−1}
    const before = flat(paramsToNumber(F, pa));
    const ra: { params: ParamsIn<D>; state: StateIn<D> } = stepIn(F, run.opt, pa, paramsTo(F, absParams(g)), sa);
    pa = ra.params;
    sa = ra.state;
    const after = flat(paramsToNumber(F, pa));
    gauge.push(after.map((x, i) => Math.abs(x - before[i]!)));
  }
  return { params, gauge };
}

export const optimizerFormula: Property<OptimizerRun> = {
  id: 'optimizer.formula',
  concept:
    "each optimizer's update equals its formula computed in 50-digit Decimal: sgd, momentum v ← αv − ηg, adagrad, rmsprop, adam with bias correction; 0 denominators leave w unchanged (002 'Tricks of the trade')",
  requires: ['step'],
  defaultRuns: 30,
  arbitrary: () => optimizerRunArb(),
  async check(subject, run) {
    const got = await runSteps(subject, run);
    const truth = decimalTrajectory(run);
    const u = UNIT_ROUNDOFF[subject.precision];
    // error after step T: Σ_{t ≤ T} (u |w_t| + γ_{16 t} |Δ^abs_t|) — each step adds one rounding of w + Δ
    // and Δ_t is a straight-line program of ≤ 16 t operations on the inputs (the slots carry t steps).
    let acc = flat(run.params).map(() => 0);
    truth.params.forEach((pT, t) => {
      const want = flat(pT);
      const have = flat(got[t]!);
      acc = acc.map((e, i) => e + FIRST_ORDER_SAFETY * (u * Math.abs(want[i]!) + gamma(OPS_PER_UPDATE * (t + 1), u) * truth.gauge[t]![i]!));
      want.forEach((w, i) => {
        const allowed = acc[i]! + RESULT_ROUNDING * Math.abs(w);
        const h = have[i];
        if (typeof h !== 'number' || !(Math.abs(h - w) <= allowed)) {
          throw new PropertyFailure({ what: `${run.opt.name} parameter after step ${t + 1}`, expected: w, got: typeof h === 'number' ? h : String(h), allowed, index: [t + 1, i], note: `opt ${JSON.stringify(run.opt)}; index [step, coordinate in W…b order]` });
        }
      });
    });
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
}

export function makeLinearDecayProperty(rate: (s: Schedule, t: number) => number = learningRate): Property<ScheduleCase> {
  return {
    id: 'schedule.linear-decay',
    concept: 'the decreasing learning rate η_t = (1 − t/τ)η₀ + (t/τ)η_τ for t < τ, then η_τ: starts at η₀, moves linearly, stays at η_τ (002 "Decreasing learning rate")',
    requires: [],
    defaultRuns: 50,
    arbitrary: () => fc.record({ lr0: fc.constantFrom(0.5, 0.1, 0.01), lrTau: fc.constantFrom(0.001, 0.01, 0.05), tau: fc.integer({ min: 1, max: 200 }) }),
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
      for (const t of [1, Math.floor(c.tau / 2), c.tau - 1]) if (t > 0 && t < c.tau) expectAt(t, (1 - t / c.tau) * c.lr0 + (t / c.tau) * c.lrTau);
    },
  };
}

export const linearDecay = makeLinearDecayProperty();

export const optimizerProperties: Property[] = [
  optimizerFormula,
  momentumZeroIsSgd,
  rmspropSign,
  adagradRateNonIncreasing,
  stateJsonRoundTrip,
  sgdConvexDescent,
  linearDecay,
];
