/**
 * The optimizers of the contract as pure functions: `step(opt, params, grads, state) → { params, state }`.
 *
 * Every optimizer acts coordinate by coordinate: one weight w, its gradient g = ∂E/∂w and the
 * optimizer's per-weight slots (velocity v, accumulated squares r, Adam's moments m and v). The
 * per-coordinate update is written once, generic over the number field (`Field<T>`), so it runs in
 * float64 (`step`, the contract's function) and in Decimal (`stepIn(decimal50, ...)`, used by the
 * "update equals its formula" property and the fixtures).
 *
 * The notes' formulas (002, "Tricks of the trade"):
 *   sgd       w ← w − η g
 *   momentum  v ← α v − η g ;  w ← w + v                          (v₀ = 0, 0 ≤ α < 1)
 *   adagrad   r ← r + g²    ;  w ← w − η g / (√r + ε)
 *   rmsprop   r ← ρ r + (1 − ρ) g² ;  w ← w − η g / (√r + ε)
 *   adam      m ← β₁ m + (1 − β₁) g ; v ← β₂ v + (1 − β₂) g² ;
 *             m̂ = m / (1 − β₁ᵗ) ; v̂ = v / (1 − β₂ᵗ) ; w ← w − η m̂ / (√v̂ + ε)   (Kingma & Ba 2015)
 * Convention `zero-denominator`: where √r + ε (or √v̂ + ε) is exactly 0 the weight is left unchanged
 * (this happens only with ε = 0 and a slot that is 0, e.g. g = 0 so far).
 *
 * State (opaque JSON for users; documented in docs/training.md so a run can be saved and resumed):
 *   { name, t, slots: { <slot>: { W: number[][][], b: number[][] } } }   — t counts the steps taken.
 * Arguments are never mutated.
 */
import { InvalidArgumentError, ShapeError, brief } from '../contract/errors.js';
import type { OptimizerName } from '../contract/names.js';
import type { Optimizer, OptimizerState, Params, StepResult } from '../contract/types.js';
import { checkOptimizer, checkParams } from '../contract/validate.js';
import { decimal50, float64, type Field } from './field.js';

/** Parameters (or gradients, or a slot) in a field T: W[l] is n_l × n_{l−1}, b[l] has n_l entries. */
export interface ParamsIn<T> {
  W: T[][][];
  b: T[][];
}

/** The slots each optimizer keeps per weight. */
export const OPTIMIZER_SLOTS: Readonly<Record<OptimizerName, readonly string[]>> = {
  sgd: [],
  momentum: ['v'],
  adagrad: ['r'],
  rmsprop: ['r'],
  adam: ['m', 'v'],
};

/** Optimizer state in a field T. `t` is the number of steps already taken. */
export interface StateIn<T> {
  name: OptimizerName;
  t: number;
  slots: Record<string, ParamsIn<T>>;
}

/** Hyper-parameters converted into the field once per step. */
interface Hyper<T> {
  lr: T;
  alpha: T;
  rho: T;
  beta1: T;
  beta2: T;
  eps: T;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ for the step being taken (Adam's bias correction). */
  c1: T;
  c2: T;
}

/** w − η·g/(√r + ε), or w unchanged where √r + ε = 0 (convention `zero-denominator`). */
function scaledUpdate<T>(F: Field<T>, w: T, num: T, r: T, lr: T, eps: T): T {
  const den = F.add(F.sqrt(r), eps);
  if (F.isZero(den)) return w;
  return F.sub(w, F.div(F.mul(lr, num), den));
}

/**
 * One coordinate: weight w with gradient g and slot values s (in OPTIMIZER_SLOTS order).
 * Returns the new weight and the new slot values. The notes' formulas, one line each.
 */
export function updateCoordinate<T>(F: Field<T>, name: OptimizerName, h: Hyper<T>, w: T, g: T, s: readonly T[]): [T, T[]] {
  switch (name) {
    case 'sgd':
      // w ← w − η g
      return [F.sub(w, F.mul(h.lr, g)), []];
    case 'momentum': {
      // v ← α v − η g ; w ← w + v
      const v = F.sub(F.mul(h.alpha, s[0]!), F.mul(h.lr, g));
      return [F.add(w, v), [v]];
    }
    case 'adagrad': {
      // r ← r + g² ; w ← w − η g / (√r + ε)
      const r = F.add(s[0]!, F.mul(g, g));
      return [scaledUpdate(F, w, g, r, h.lr, h.eps), [r]];
    }
    case 'rmsprop': {
      // r ← ρ r + (1 − ρ) g² ; w ← w − η g / (√r + ε)
      const r = F.add(F.mul(h.rho, s[0]!), F.mul(F.sub(F.one, h.rho), F.mul(g, g)));
      return [scaledUpdate(F, w, g, r, h.lr, h.eps), [r]];
    }
    case 'adam': {
      // m ← β₁ m + (1 − β₁) g ; v ← β₂ v + (1 − β₂) g²
      const m = F.add(F.mul(h.beta1, s[0]!), F.mul(F.sub(F.one, h.beta1), g));
      const v = F.add(F.mul(h.beta2, s[1]!), F.mul(F.sub(F.one, h.beta2), F.mul(g, g)));
      // m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) ; w ← w − η m̂ / (√v̂ + ε)
      const mHat = F.div(m, h.c1);
      const vHat = F.div(v, h.c2);
      return [scaledUpdate(F, w, mHat, vHat, h.lr, h.eps), [m, v]];
    }
  }
}

/** F.of(x)^t for a small integer t ≥ 1, by repeated multiplication (exact in Decimal). */
function powInt<T>(F: Field<T>, x: T, t: number): T {
  let p = F.one;
  for (let i = 0; i < t; i++) p = F.mul(p, x);
  return p;
}

function hyper<T>(F: Field<T>, opt: Optimizer, t: number): Hyper<T> {
  const o = opt as unknown as Record<string, number | undefined>;
  const of = (k: string) => F.of(o[k] ?? 0);
  const beta1 = of('beta1');
  const beta2 = of('beta2');
  return {
    lr: of('lr'),
    alpha: of('alpha'),
    rho: of('rho'),
    beta1,
    beta2,
    eps: of('eps'),
    c1: opt.name === 'adam' ? F.sub(F.one, powInt(F, beta1, t)) : F.one,
    c2: opt.name === 'adam' ? F.sub(F.one, powInt(F, beta2, t)) : F.one,
  };
}

function zerosLike<T>(F: Field<T>, p: ParamsIn<T>): ParamsIn<T> {
  return { W: p.W.map((W) => W.map((row) => row.map(() => F.zero))), b: p.b.map((b) => b.map(() => F.zero)) };
}

/** The empty state (before the first step), in field T, for parameters shaped like p. */
export function initialState<T>(F: Field<T>, name: OptimizerName, p: ParamsIn<T>): StateIn<T> {
  const slots: Record<string, ParamsIn<T>> = {};
  for (const s of OPTIMIZER_SLOTS[name]) slots[s] = zerosLike(F, p);
  return { name, t: 0, slots };
}

/**
 * The generic step: the optimizer's update on every coordinate, in field T. `state` null means the
 * first step (slots 0, t = 0). Inputs must already be valid (the public `step` validates); nothing is
 * mutated.
 */
export function stepIn<T>(F: Field<T>, opt: Optimizer, params: ParamsIn<T>, grads: ParamsIn<T>, state: StateIn<T> | null): { params: ParamsIn<T>; state: StateIn<T> } {
  const prev = state ?? initialState(F, opt.name, params);
  const t = prev.t + 1;
  const h = hyper(F, opt, t);
  const names = OPTIMIZER_SLOTS[opt.name];
  const { params: next, slots } = mapCoordinates(params, grads, prev.slots, names, (w, g, old) => updateCoordinate(F, opt.name, h, w, g, old));
  return { params: next, state: { name: opt.name, t, slots } };
}

/**
 * Walks every coordinate of `params` (W layer by layer, then b) with its gradient and the value of
 * each named slot there; `coord` returns the new value and the slots' new values. The one traversal
 * behind every step (the reference's and the convention variants').
 */
export function mapCoordinates<P, G, S, O>(
  params: { W: readonly (readonly (readonly P[])[])[]; b: readonly (readonly P[])[] },
  grads: { W: readonly (readonly (readonly G[])[])[]; b: readonly (readonly G[])[] },
  prev: Readonly<Record<string, { W: readonly (readonly (readonly S[])[])[]; b: readonly (readonly S[])[] }>>,
  names: readonly string[],
  coord: (w: P, g: G, old: S[]) => [O, S[]],
): { params: { W: O[][][]; b: O[][] }; slots: Record<string, { W: S[][][]; b: S[][] }> } {
  const row = (w: readonly P[], g: readonly G[], old: readonly (readonly S[])[]): [O[], S[][]] => {
    const out: O[] = [];
    const fresh: S[][] = names.map(() => []);
    w.forEach((wi, i) => {
      const [w2, s2] = coord(wi, g[i]!, old.map((o) => o[i]!));
      out.push(w2);
      s2.forEach((v, k) => fresh[k]!.push(v));
    });
    return [out, fresh];
  };
  const slots: Record<string, { W: S[][][]; b: S[][] }> = Object.fromEntries(names.map((s) => [s, { W: [] as S[][][], b: [] as S[][] }]));
  const W = params.W.map((Wl, l) => {
    names.forEach((s) => slots[s]!.W.push([]));
    return Wl.map((wRow, j) => {
      const [out, fresh] = row(wRow, grads.W[l]![j]!, names.map((s) => prev[s]!.W[l]![j]!));
      names.forEach((s, k) => slots[s]!.W[l]!.push(fresh[k]!));
      return out;
    });
  });
  const b = params.b.map((bl, l) => {
    const [out, fresh] = row(bl, grads.b[l]!, names.map((s) => prev[s]!.b[l]!));
    names.forEach((s, k) => slots[s]!.b.push(fresh[k]!));
    return out;
  });
  return { params: { W, b }, slots };
}

/** Hyper-parameter ranges beyond finiteness (checkOptimizer checks presence and finiteness). */
function checkHyperRanges(opt: Optimizer): void {
  const o = opt as unknown as Record<string, number>;
  const need = (k: string, ok: (x: number) => boolean, expected: string) => {
    if (k in o && typeof o[k] === 'number' && !ok(o[k]!)) throw new InvalidArgumentError({ where: `opt.${k}`, expected, got: String(o[k]) });
  };
  need('lr', (x) => x >= 0, 'a learning rate ≥ 0');
  need('eps', (x) => x >= 0, 'eps ≥ 0');
  if (opt.name === 'momentum') need('alpha', (x) => x >= 0 && x <= 1, 'momentum 0 ≤ alpha ≤ 1 (the notes: 0 ≤ α < 1)');
  if (opt.name === 'rmsprop') need('rho', (x) => x >= 0 && x <= 1, 'a decay 0 ≤ rho ≤ 1');
  if (opt.name === 'adam') {
    need('beta1', (x) => x >= 0 && x < 1, 'a decay 0 ≤ beta1 < 1 (bias correction divides by 1 − β₁ᵗ)');
    need('beta2', (x) => x >= 0 && x < 1, 'a decay 0 ≤ beta2 < 1 (bias correction divides by 1 − β₂ᵗ)');
  }
}

/** Validates a JSON state against the optimizer and the parameter shapes; returns it typed. */
function checkState(state: OptimizerState, opt: Optimizer, params: Params): StateIn<number> | null {
  if (state === null || state === undefined) return null;
  if (typeof state !== 'object') throw new InvalidArgumentError({ where: 'state', expected: 'null or the state returned by the previous step', got: brief(state) });
  const s = state as Partial<StateIn<number>>;
  if (s.name !== opt.name) {
    throw new InvalidArgumentError({ where: 'state.name', expected: `state of optimizer "${opt.name}" (or null to start afresh)`, got: JSON.stringify(s.name) });
  }
  if (typeof s.t !== 'number' || !Number.isInteger(s.t) || s.t < 0) {
    throw new InvalidArgumentError({ where: 'state.t', expected: 'a step count (integer ≥ 0)', got: brief(s.t) });
  }
  if (s.slots === null || typeof s.slots !== 'object') throw new InvalidArgumentError({ where: 'state.slots', expected: 'an object of slots', got: brief(s.slots) });
  for (const name of OPTIMIZER_SLOTS[opt.name]) {
    const slot = (s.slots as Record<string, unknown>)[name];
    if (slot === undefined) throw new ShapeError({ where: `state.slots.${name}`, expected: `slot "${name}" of ${opt.name}`, got: 'nothing' });
    checkParams(slot, `state.slots.${name}`, params);
  }
  return s as StateIn<number>;
}

/** The checks every step entry point makes first (typed errors); returns the previous state. */
function checkStepInput(opt: Optimizer, params: Params, grads: Params, state: OptimizerState): StateIn<number> | null {
  checkOptimizer(opt);
  checkHyperRanges(opt);
  checkParams(params, 'params');
  checkParams(grads, 'grads', params);
  return checkState(state, opt, params);
}

/**
 * The contract's `step` (float64): validates, applies the optimizer to every weight and bias, and
 * returns new parameters and a new JSON state. Bad input → typed errors (contract/errors.ts).
 */
export function step(opt: Optimizer, params: Params, grads: Params, state: OptimizerState): StepResult {
  const prev = checkStepInput(opt, params, grads, state);
  const out = stepIn(float64, opt, params, grads, prev);
  return { params: out.params, state: out.state };
}

/** Converts float64 params/state into another field (e.g. Decimal), and back. */
export function paramsTo<T>(F: Field<T>, p: Params): ParamsIn<T> {
  return { W: p.W.map((W) => W.map((row) => row.map((x) => F.of(x)))), b: p.b.map((b) => b.map((x) => F.of(x))) };
}
export function paramsToNumber<T>(F: Field<T>, p: ParamsIn<T>): Params {
  return { W: p.W.map((W) => W.map((row) => row.map((x) => F.toNumber(x)))), b: p.b.map((b) => b.map((x) => F.toNumber(x))) };
}
export function stateTo<T>(F: Field<T>, s: StateIn<number> | null): StateIn<T> | null {
  if (s === null) return null;
  return { name: s.name, t: s.t, slots: Object.fromEntries(Object.entries(s.slots).map(([k, v]) => [k, paramsTo(F, v)])) };
}
export function stateToNumber<T>(F: Field<T>, s: StateIn<T>): StateIn<number> {
  return { name: s.name, t: s.t, slots: Object.fromEntries(Object.entries(s.slots).map(([k, v]) => [k, paramsToNumber(F, v)])) };
}

/**
 * The same step carried out in 50-digit Decimal from float64 inputs; returns float64 results (the
 * Decimal value rounded once). Used as the "formula" side of the optimizer properties.
 */
export function stepDecimal(opt: Optimizer, params: Params, grads: Params, state: OptimizerState): StepResult {
  const prev = checkStepInput(opt, params, grads, state);
  const F = decimal50;
  const out = stepIn(F, opt, paramsTo(F, params), paramsTo(F, grads), stateTo(F, prev));
  return { params: paramsToNumber(F, out.params), state: stateToNumber(F, out.state) };
}
