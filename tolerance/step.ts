/**
 * The error model of an optimizer step — the one derivation every step bound comes from: the grader's
 * step checks (tolerance/grading.ts), the golden fixtures' per-weight "tol" (fixtures/generate.ts), the
 * WebGPU differential property (properties/differential.ts) and the optimizer properties
 * (properties/optimizers.ts). Each consumer only says which arithmetic it is bounding and what it feeds.
 *
 * The formulas are the notes' (002 "Tricks of the trade"; Adam after Kingma & Ba), per coordinate, in
 * the order written there (reference/optimizers.ts has the same lines; this file is not its oracle):
 *   sgd       w ← w − η g
 *   momentum  v ← α v − η g ;  w ← w + v
 *   adagrad   r ← r + g²    ;  w ← w − η g / (√r + ε)
 *   rmsprop   r ← ρ r + (1 − ρ) g² ;  w ← w − η g / (√r + ε)
 *   adam      m ← β₁ m + (1 − β₁) g ; v ← β₂ v + (1 − β₂) g² ; w ← w − η m̂ / (√v̂ + ε),
 *             m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
 *
 * Running error bound (Wilkinson; Higham, Accuracy and Stability of Numerical Algorithms, §3.3): every
 * intermediate x is carried as (x, e_x), e_x ≥ |computed − exact|, and each operation adds its operands'
 * propagated errors to its own rounding:
 *   x ± y   e = e_x + e_y + u (|x ± y| + e)                               (the rounding is relative to the
 *   x · y   e = |x| e_y + |y| e_x + e_x e_y + u (|x y| + e)               result: cancellation in m, v, αv − ηg
 *   x / y   e = (e_x + |x/y| e_y) / (|y| − e_y) + 2k_÷ u (|x/y| + e)      costs nothing extra, and momentum's
 *   √x      e = e_x / (√x + √(x − e_x)) + 2k_√ u (√x + e)                  or Adam's sums need no gauge)
 *   βᵗ      e = t β^{t−1} e_β + (t + 1) u βᵗ   (t − 1 products, or one libm pow within 1 ulp = 2u)
 * plus η_flush per nonzero result where the arithmetic flushes subnormals to zero. k_÷, k_√ are the ulps
 * of one division and one square root: ½ (correctly rounded, IEEE 754 — JS and Python float64, Math.fround
 * float32) or WGSL's stated 2.5 (tolerance/model.ts WGSL_ULPS); an ulp is ≤ 2u of the result.
 * An exact 0 stays exact (0 · x, 0 + 0, √0 are exact in every arithmetic): that is how the
 * zero-denominator case is decided — where √r + ε is exactly 0 with error 0 (ε = 0 and every gradient so
 * far exactly 0, in the subject's arithmetic as in the truth), the contract leaves w unchanged and the
 * bound is w's own; the OneOf's NaN alternative (optimizer-zero-over-zero) is the comparator's, not this
 * model's. Where |√r + ε| − e could reach 0 without being exactly 0 there is no bound (Infinity).
 *
 * Adam's bias correction: 1 − βᵗ cancels when βᵗ is near 1 (β₂ = 0.999, t = 1: 1 − βᵗ = 10⁻³), so the
 * relative error (t + 1) u of βᵗ becomes βᵗ/(1 − βᵗ) · (t + 1) u in 1 − βᵗ — the running bound carries this
 * through the subtraction by itself. The same holds for 1 − ρ and 1 − β formed from a rounded β (float32:
 * β = 0.999 rounded loses β/(1 − β) ≈ 10³ ulps of 1 − β). `derived: 'rounded-once'` describes a consumer
 * that is handed 1 − β and 1/(1 − βᵗ) computed in float64 and rounded once (the WebGPU host,
 * accelerated/network.ts); 'formed' (every other consumer) forms them from β in its own arithmetic.
 *
 * What is fed to each step (`StepFeed`): a subject in training feeds itself its own previous output, so
 * the errors of step t − 1 in w and in the slots are the input errors of step t and the bound accumulates
 * along the chain (grading; the properties). The fixtures hand the subject the truth's weights at each step
 * (its own state: replay feeds back the state the subject returned), so w enters with its input rounding
 * only. The differential property starts every step from the reference's params and state (one step,
 * `state` given): everything enters with its input rounding only.
 *
 * The values x are the model's own float64 evaluation of the formulas, not the exact reals (the second-order
 * terms e_x e_y are kept; what is dropped is relative O(u_float64) of the bound). A consumer whose order of
 * operations is known to be the notes' (the WebGPU kernels: `order: 'notes'`) gets this bound as it is. Any
 * other consumer (`order: 'any'`: a student's program, a library, another language) may order the same few
 * operations differently — η·(g/den), √v/√(1 − β₂ᵗ) as torch does, (g − m)(1 − β₁) + m — which rounds
 * other intermediates: its bound is multiplied by FIRST_ORDER_SAFETY (tolerance/model.ts). That factor
 * covering every order is shown on the graded examples (torch's order among them) and by the tightness
 * measurements of docs/contract.md ("Tolerances"), not proved.
 */
import { FIRST_ORDER_SAFETY, UNIT_ROUNDOFF, WGSL_ULPS } from './model.js';
import { OPTIMIZER_SLOTS } from '../reference/optimizers.js';
import type { Optimizer, Params, Precision } from '../contract/types.js';

/** How the consumer computes (see above). */
export interface StepArithmetic {
  /** Unit roundoff of +, −, × and of the rounding of an input. */
  u: number;
  /** Ulps of one division and of one square root (½: correctly rounded). */
  divUlps: number;
  sqrtUlps: number;
  /** Absolute error per nonzero result: the smallest normal number where subnormals may flush to 0, else 0. */
  eta: number;
  /** The consumer rounds every float64 input once (params, grads, state, hyper-parameters). */
  roundsInputs: boolean;
  /** Whether 1 − β, 1 − ρ, 1 − βᵗ are formed from β in this arithmetic or handed in (float64, rounded once). */
  derived: 'formed' | 'rounded-once';
  /** 'notes': the consumer evaluates the formulas in the order above; 'any': in an order of its own (× FIRST_ORDER_SAFETY). */
  order: 'notes' | 'any';
}

/**
 * The arithmetic of a subject of this precision. float64 (and Decimal, at its own u): IEEE 754, correctly
 * rounded ÷ and √, gradual underflow, inputs exact. float32: a subject may be a GPU, so WGSL's stated
 * ulps for ÷ and √ and flush-to-zero (the loosest conforming float32 arithmetic), every input rounded.
 * `u` overrides the unit roundoff (grading evaluates the bound at u_submission + u_reference).
 */
export function stepArithmetic(precision: Precision, u: number = UNIT_ROUNDOFF[precision]): StepArithmetic {
  if (precision === 'float32') return { u, divUlps: WGSL_ULPS.div, sqrtUlps: WGSL_ULPS.sqrt, eta: 2 ** -126, roundsInputs: true, derived: 'formed', order: 'any' };
  return { u, divUlps: 0.5, sqrtUlps: 0.5, eta: 0, roundsInputs: false, derived: 'formed', order: 'any' };
}

/** The WebGPU kernels (accelerated/wgsl.ts): float32 with WGSL's ulps, the notes' order; the host hands in 1 − β and 1/(1 − βᵗ). */
export const WGSL_STEP_ARITHMETIC: StepArithmetic = { ...stepArithmetic('float32'), derived: 'rounded-once', order: 'notes' };

/** A value and a bound on its distance from the exact one. */
interface Err {
  readonly v: number;
  readonly e: number;
}

/** The operations of one arithmetic on running-error numbers. */
function operations(A: StepArithmetic) {
  const exact = (v: number): Err => ({ v, e: 0 });
  const round = (v: number, e: number, rel = A.u): Err => (v === 0 && e === 0 ? exact(0) : { v, e: e + rel * (Math.abs(v) + e) + A.eta });
  const divRel = 2 * A.divUlps * A.u;
  const sqrtRel = 2 * A.sqrtUlps * A.u;
  const input = (x: number): Err => (A.roundsInputs && x !== 0 ? { v: x, e: A.u * Math.abs(x) + A.eta } : exact(x));
  const add = (x: Err, y: Err) => round(x.v + y.v, x.e + y.e);
  const sub = (x: Err, y: Err) => round(x.v - y.v, x.e + y.e);
  const mul = (x: Err, y: Err) => round(x.v * y.v, Math.abs(x.v) * y.e + Math.abs(y.v) * x.e + x.e * y.e);
  const div = (x: Err, y: Err): Err => {
    const lo = Math.abs(y.v) - y.e;
    const q = x.v / y.v;
    return lo > 0 ? round(q, (x.e + Math.abs(q) * y.e) / lo, divRel) : { v: q, e: Infinity };
  };
  const sqrt = (x: Err): Err => {
    const r = Math.sqrt(Math.max(0, x.v));
    const den = r + Math.sqrt(Math.max(0, x.v - x.e));
    return round(r, den > 0 ? x.e / den : Math.sqrt(x.e), sqrtRel);
  };
  /** βᵗ from β: t − 1 products or one libm pow (≤ 1 ulp), (t + 1) u either way. */
  const pow = (b: Err, t: number): Err => {
    const v = b.v ** t;
    return round(v, t * Math.abs(b.v) ** (t - 1) * b.e, (t + 1) * A.u);
  };
  return { exact, input, add, sub, mul, div, sqrt, pow };
}

/** One coordinate's step t (1-based): weight W, gradient G, slots S (OPTIMIZER_SLOTS order). */
function coordinateStep(A: StepArithmetic, opt: Optimizer, t: number, W: Err, G: Err, S: readonly Err[]): { w: Err; slots: Err[] } {
  const R = operations(A);
  const o = opt as unknown as Record<string, number>;
  const lr = R.input(opt.lr);
  const one = R.exact(1);
  /** 1 − β: formed from the (rounded) β, or handed in. */
  const oneMinus = (b: number) => (A.derived === 'formed' ? R.sub(one, R.input(b)) : R.input(1 - b));
  const scaled = (num: Err, r: Err): Err => {
    const den = R.add(R.sqrt(r), R.input(o.eps ?? 0));
    if (den.v === 0 && den.e === 0) return W; // zero-denominator: w unchanged (exactly, in every arithmetic)
    return R.sub(W, R.div(R.mul(lr, num), den));
  };
  switch (opt.name) {
    case 'sgd':
      return { w: R.sub(W, R.mul(lr, G)), slots: [] };
    case 'momentum': {
      const v = R.sub(R.mul(R.input(opt.alpha), S[0]!), R.mul(lr, G));
      return { w: R.add(W, v), slots: [v] };
    }
    case 'adagrad': {
      const r = R.add(S[0]!, R.mul(G, G));
      return { w: scaled(G, r), slots: [r] };
    }
    case 'rmsprop': {
      const r = R.add(R.mul(R.input(opt.rho), S[0]!), R.mul(oneMinus(opt.rho), R.mul(G, G)));
      return { w: scaled(G, r), slots: [r] };
    }
    case 'adam': {
      const m = R.add(R.mul(R.input(opt.beta1), S[0]!), R.mul(oneMinus(opt.beta1), G));
      const v = R.add(R.mul(R.input(opt.beta2), S[1]!), R.mul(oneMinus(opt.beta2), R.mul(G, G)));
      const hat = (x: Err, b: number) => (A.derived === 'formed' ? R.div(x, R.sub(one, R.pow(R.input(b), t))) : R.mul(x, R.input(1 / (1 - b ** t))));
      return { w: scaled(hat(m, opt.beta1), hat(v, opt.beta2)), slots: [m, v] };
    }
  }
}

/** What each step is fed besides the gradient (see above). */
export interface StepFeed {
  /** The weights handed in at each step (the truth's; the fixtures): omitted = the subject's own previous output. */
  weights?: readonly Params[];
  /** The state handed in before the first step (the reference's; the differential property): omitted = null. */
  state?: { t: number; slots: Record<string, Params> } | null;
}

const flat = (p: Params): number[] => [...p.W.flat(2), ...p.b.flat()];
function unflat(like: Params, xs: readonly number[]): Params {
  let i = 0;
  return { W: like.W.map((W) => W.map((r) => r.map(() => xs[i++]!))), b: like.b.map((b) => b.map(() => xs[i++]!)) };
}

/** Bounds after one step: on every weight (shaped like params) and on every slot of the new state. */
export interface StepErrorBound {
  params: Params;
  slots: Record<string, Params>;
}

/**
 * Element-by-element bounds on |computed − exact| after each of the steps taken with `grads` from
 * `params0`, for a consumer computing in arithmetic `A` and fed as `feed` says; one entry per step.
 * Derivation: the comment at the top of this file.
 */
export function stepErrorBounds(opt: Optimizer, params0: Params, grads: readonly Params[], A: StepArithmetic, feed: StepFeed = {}): StepErrorBound[] {
  const R = operations(A);
  const names = OPTIMIZER_SLOTS[opt.name];
  const t0 = feed.state?.t ?? 0;
  let w = flat(params0).map(R.input);
  let slots = names.map((k) => (feed.state ? flat(feed.state.slots[k]!).map(R.input) : w.map(() => R.exact(0))));
  const out: StepErrorBound[] = [];
  grads.forEach((gp, s) => {
    const g = flat(gp).map(R.input);
    if (feed.weights) w = flat(feed.weights[s]!).map(R.input);
    const next = w.map((wi, i) => coordinateStep(A, opt, t0 + s + 1, wi, g[i]!, slots.map((sl) => sl[i]!)));
    w = next.map((n) => n.w);
    slots = names.map((_k, j) => next.map((n) => n.slots[j]!));
    const safe = (xs: readonly Err[]) => unflat(params0, xs.map((x) => (A.order === 'any' ? FIRST_ORDER_SAFETY : 1) * x.e));
    out.push({ params: safe(w), slots: Object.fromEntries(names.map((k, j) => [k, safe(slots[j]!)])) });
  });
  return out;
}

/** The expected values of the fixtures are the Decimal truth rounded to the nearest float64. */
const RESULT_ROUNDING_64 = 2 ** -53;

/**
 * The fixtures' per-weight "tol" of the step case at the end of a chain (tolerance/model.ts, "Fixture
 * tolerances"): the bound for a consumer of this precision handed `weights[s]` (the truth's) before step
 * s + 1 and its own state, plus the expected value's rounding 2⁻⁵³ |w_out|.
 */
export function fixtureStepTolerance(precision: 'float64' | 'float32', opt: Optimizer, grads: readonly Params[], weights: readonly Params[], expected: Params): Params {
  const bound = stepErrorBounds(opt, weights[0]!, grads, stepArithmetic(precision), { weights }).at(-1)!.params;
  const e = flat(expected);
  return unflat(expected, flat(bound).map((b, i) => b + RESULT_ROUNDING_64 * Math.abs(e[i]!)));
}
