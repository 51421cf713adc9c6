/**
 * Helpers the recognitions share: what a mistaken formula gives, computed from an evaluation of a
 * grading check (its input, the expected side's values in `ev.ctx`, and for BP2–BP4 the δ the check
 * judges from).
 */
import type { Matrix, Optimizer, Params, Vector } from '../contract/types.js';
import type { ActivateEvalCtx, ActivateInput, CheckContext, Evaluation, LossInput, NetEvalCtx, PerceptronCaseLike, StepCaseLike } from './types.js';

/** Every number of a tree multiplied by k. */
export const scale = (m: unknown, k: number): unknown =>
  typeof m === 'number'
    ? m * k
    : Array.isArray(m)
      ? m.map((v) => scale(v, k))
      : m !== null && typeof m === 'object'
        ? Object.fromEntries(Object.entries(m).map(([key, v]) => [key, scale(v, k)]))
        : m;

export const transpose = (M: Matrix): Matrix => M[0]!.map((_, j) => M.map((r) => r[j]!));

export const netCtx = (ev: Evaluation): NetEvalCtx => ev.ctx as unknown as NetEvalCtx;
export const activateInput = (ev: Evaluation): ActivateInput => ev.input as unknown as ActivateInput;
export const activateCtx = (ev: Evaluation): ActivateEvalCtx => ev.ctx as unknown as ActivateEvalCtx;
export const lossInput = (ev: Evaluation): LossInput => ev.input as unknown as LossInput;
export const stepCase = (ev: Evaluation): StepCaseLike => (ev.ctx as { case: StepCaseLike }).case;
export const perceptronCase = (ev: Evaluation): PerceptronCaseLike => (ev.ctx as { case: PerceptronCaseLike }).case;
export const isGradCheck = (ev: Evaluation): boolean => (ev.ctx as { grad?: boolean }).grad === true;
/** The loss of a loss check or of a net check. */
export const lossOf = (ev: Evaluation): string => ('name' in ev.ctx ? String(ev.ctx.name) : netCtx(ev).case.loss);

/** Rounding to the subject's precision (float32 subjects round every operation). */
export const rounder = (ctx: CheckContext): ((x: number) => number) => (ctx.precision === 'float32' ? Math.fround : (x: number) => x);

/** The expected δ^l of a BP1/BP2 evaluation, by layer. */
export const expectedDelta = (ev: Evaluation): Record<number, Matrix> => (ev.expected as { delta: Record<number, Matrix> }).delta;

/** BP2 with a replaced σ′ and/or W (instead of Wᵀ): δ^l = (Wᵀ or W) δ_own^{l+1} ⊙ sp (no σ′ where spOf gives null). */
export function bp2With(ev: Evaluation, spOf: (l: number, x: number) => Vector | null, useW = false): unknown {
  const { case: c, ownDelta } = netCtx(ev);
  const exp = expectedDelta(ev);
  const out: Record<number, Matrix> = {};
  for (const key of Object.keys(exp)) {
    const l = Number(key);
    const W = c.net.layers[l + 1]!.W;
    if (useW && W.length !== W[0]!.length) return undefined; // only square layers can tell W from Wᵀ
    out[l] = ownDelta[l + 1]!.map((d, x) => {
      const sp = spOf(l, x);
      return exp[l]![x]!.map((_, k) => {
        const t = useW ? W[k]!.reduce((s, w, j) => s + w * d[j]!, 0) : W.reduce((s, row, j) => s + row[k]! * d[j]!, 0);
        return sp ? t * sp[k]! : t;
      });
    });
  }
  return { delta: out };
}

/** δ^L of a BP1 evaluation replaced by f(a^L, y, z^L) per example (the output layer's values). */
export function bp1With(ev: Evaluation, f: (a: Vector, y: Vector, x: number) => Vector | undefined): unknown {
  const { case: c, fw } = netCtx(ev);
  const L = c.net.layers.length;
  const rows: Matrix = [];
  for (const [x, a] of fw.a[L - 1]!.entries()) {
    const r = f(a, c.Y[x]!, x);
    if (r === undefined) return undefined;
    rows.push(r);
  }
  return { delta: { [L - 1]: rows } };
}

/**
 * A coordinate-wise optimizer update: (opt, t, w, g, state of this coordinate, whether it is a bias)
 * → the new w. The state array starts as [0, 0] and is updated in place.
 */
export type CoordUpdate = (o: Optimizer, t: number, w: number, g: number, s: number[], bias: boolean) => number;

/** The mistaken formula run on every coordinate of a step case, its own state per coordinate, step after step. */
export function simulate(c: StepCaseLike, update: CoordUpdate): { params: Params[] } {
  const flat = (p: Params) => [...p.W.flatMap((M) => M.flat()), ...p.b.flat()];
  const nW = c.params.W.flatMap((M) => M.flat()).length;
  let w = flat(c.params);
  const states = w.map(() => [0, 0]);
  const out: Params[] = [];
  c.grads.forEach((gp, i) => {
    const g = flat(gp);
    w = w.map((wi, k) => update(c.opt, i + 1, wi, g[k]!, states[k]!, k >= nW));
    let q = 0;
    out.push({ W: c.params.W.map((M) => M.map((r) => r.map(() => w[q++]!))), b: c.params.b.map((v) => v.map(() => w[q++]!)) });
  });
  return { params: out };
}

/** w − num/den, with w unchanged where den = 0 (the contract's value at the undefined point). */
export const guarded = (num: number, den: number, w: number): number => (den === 0 ? w : w - num / den);

/** The hyper-parameters of an optimizer, by name. */
export const hyper = (o: Optimizer) => o as unknown as { lr: number; alpha: number; rho: number; eps: number; beta1: number; beta2: number };

