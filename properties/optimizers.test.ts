import { describe, expect, it, vi } from 'vitest';
import type { Optimizer, Params, Subject } from '../contract/types.js';
import { referenceSubject } from '../reference/index.js';
import { step } from '../reference/optimizers.js';
import { learningRate } from '../reference/learning/schedule.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import {
  adagradRateNonIncreasing,
  makeLinearDecayProperty,
  momentumZeroIsSgd,
  optimizerConstantGradient,
  optimizerFirstStep,
  optimizerProperties,
  optimizerUnrolled,
  rmspropSign,
  sgdConvexDescent,
  stateJsonRoundTrip,
} from './optimizers.js';
import type { Property } from './types.js';

type StepBug =
  | 'adagrad-r-not-accumulated' // r = r_prev (g² never added)
  | 'rmsprop-one-plus-rho' // r = ρ r + (1 + ρ) g²
  | 'adam-beta1-m-dropped' // m = (1 − β₁) g
  | 'adam-v-uses-beta1' // v = β₁ v + (1 − β₁) g²
  | 'adam-no-bias-correction' // m̂ = m, v̂ = v
  | 'slots-start-at-1' // the state's slots start at 1, not 0
  | 'momentum-plus-lr-g' // v = α v + η g
  | 'eps-inside-root'; // √(r + ε)

/**
 * A small float64 implementation of the five rules, written independently of reference/optimizers.ts,
 * with JSON state { t, s: number[][] } (one slot array per coordinate), where each bug can be switched on.
 */
function plantedStep(bugs: readonly StepBug[] = []): Subject['fns']['step'] {
  const has = (b: StepBug) => bugs.includes(b);
  return (o, p, g, state) => {
    const w = [...p.W.flat(2), ...p.b.flat()];
    const gs = [...g.W.flat(2), ...g.b.flat()];
    const prev = state as { t: number; s: number[][] } | null;
    const start = has('slots-start-at-1') ? 1 : 0;
    const t = (prev?.t ?? 0) + 1;
    const slots = prev?.s ?? w.map(() => [start, start]);
    const out: number[] = [];
    const next: number[][] = [];
    w.forEach((wi, i) => {
      const gi = gs[i]!;
      const [a, b] = slots[i]!;
      const div = (num: number, r: number, eps: number) => {
        const den = has('eps-inside-root') ? Math.sqrt(r + eps) : Math.sqrt(r) + eps;
        return den === 0 ? wi : wi - (o.lr * num) / den;
      };
      switch (o.name) {
        case 'sgd':
          out.push(wi - o.lr * gi);
          next.push([0, 0]);
          break;
        case 'momentum': {
          const v = has('momentum-plus-lr-g') ? o.alpha * a! + o.lr * gi : o.alpha * a! - o.lr * gi;
          out.push(wi + v);
          next.push([v, 0]);
          break;
        }
        case 'adagrad': {
          const r = has('adagrad-r-not-accumulated') ? a! : a! + gi * gi;
          out.push(div(gi, r, o.eps));
          next.push([r, 0]);
          break;
        }
        case 'rmsprop': {
          const r = o.rho * a! + (has('rmsprop-one-plus-rho') ? 1 + o.rho : 1 - o.rho) * gi * gi;
          out.push(div(gi, r, o.eps));
          next.push([r, 0]);
          break;
        }
        case 'adam': {
          const m = has('adam-beta1-m-dropped') ? (1 - o.beta1) * gi : o.beta1 * a! + (1 - o.beta1) * gi;
          const b2 = has('adam-v-uses-beta1') ? o.beta1 : o.beta2;
          const v = b2 * b! + (1 - b2) * gi * gi;
          const mHat = has('adam-no-bias-correction') ? m : m / (1 - o.beta1 ** t);
          const vHat = has('adam-no-bias-correction') ? v : v / (1 - o.beta2 ** t);
          out.push(div(mHat, vHat, o.eps));
          next.push([m, v]);
          break;
        }
      }
    });
    return { params: mapParams(p, (_x, i) => out[i]!), state: { t, s: next } };
  };
}

/** The reference with its step replaced by a planted bug. */
function withStep(name: string, fn: Subject['fns']['step']): Subject {
  return { ...referenceSubject, name, fns: { ...referenceSubject.fns, step: fn } };
}

/** A step that applies `bug` to the optimizer before the correct update (changes the formula). */
const mapParams = (p: Params, f: (x: number, i: number) => number): Params => {
  let i = 0;
  return { W: p.W.map((W) => W.map((r) => r.map((x) => f(x, i++)))), b: p.b.map((b) => b.map((x) => f(x, i++))) };
};

async function fails(prop: Property, subject: Subject, runs = 100) {
  const r = await runProperty(prop, subject, { seed: 7, runs });
  expect(r.status, r.message).toBe('fail');
  return r;
}

describe('optimizer properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(optimizerProperties, [referenceSubject], 11)).toEqual([]);
  });

  it('a small independent float64 optimizer (the bugs below switched off) passes them', async () => {
    const s = withStep('independent', plantedStep());
    expect(await notHolding([optimizerFirstStep, optimizerConstantGradient, optimizerUnrolled], [s], 12)).toEqual([]);
  });

  // the blind spots mutation testing found in the old "formula" property (it compared the reference with itself)
  const BLIND_SPOTS: Array<[StepBug, Property]> = [
    ['adagrad-r-not-accumulated', optimizerConstantGradient],
    ['adagrad-r-not-accumulated', optimizerFirstStep],
    ['adagrad-r-not-accumulated', optimizerUnrolled],
    ['rmsprop-one-plus-rho', optimizerConstantGradient],
    ['rmsprop-one-plus-rho', optimizerFirstStep],
    ['rmsprop-one-plus-rho', optimizerUnrolled],
    ['adam-beta1-m-dropped', optimizerConstantGradient],
    ['adam-beta1-m-dropped', optimizerUnrolled],
    ['slots-start-at-1', optimizerConstantGradient],
    ['slots-start-at-1', optimizerFirstStep],
    ['slots-start-at-1', optimizerUnrolled],
    ['momentum-plus-lr-g', optimizerConstantGradient],
    ['momentum-plus-lr-g', optimizerUnrolled],
    ['adam-no-bias-correction', optimizerFirstStep],
    ['adam-no-bias-correction', optimizerConstantGradient],
    ['adam-no-bias-correction', optimizerUnrolled],
    ['eps-inside-root', optimizerFirstStep],
    ['eps-inside-root', optimizerUnrolled],
    ['adam-v-uses-beta1', optimizerConstantGradient],
    ['adam-v-uses-beta1', optimizerUnrolled],
  ];
  it.each(BLIND_SPOTS.map(([bug, p]) => [bug, p.id, p] as const))('planted %s fails %s', async (bug, _id, prop) => {
    const r = await fails(prop, withStep(bug, plantedStep([bug])));
    expect(r.replay).toContain(`--property ${prop.id}`);
  });

  it('optimizer.unrolled-formula catches momentum with the wrong sign, adam without bias correction, lr ignored after the first step', async () => {
    // v ← αv + ηg: the same as momentum with a negated gradient
    await fails(optimizerUnrolled, withStep('momentum-sign', (o, p, g, s) => (o.name === 'momentum' ? step(o, p, mapParams(g, (x) => -x), s) : step(o, p, g, s))));
    await fails(optimizerUnrolled, withStep('adagrad-lr', (o, p, g, s) => step(o.name === 'adagrad' && s !== null ? { ...o, lr: o.lr * 2 } : o, p, g, s)));
    await fails(optimizerUnrolled, withStep('sgd-half', (o, p, g, s) => step(o.name === 'sgd' ? { ...o, lr: o.lr / 2 } : o, p, g, s)));
  });

  it('momentum-zero-is-sgd catches a momentum that keeps half its velocity at α = 0', async () => {
    await fails(momentumZeroIsSgd, withStep('alpha-floor', (o, p, g, s) => step(o.name === 'momentum' ? { ...o, alpha: Math.max(o.alpha, 0.5) } : o, p, g, s)));
  });

  it('rmsprop-rho-zero catches an rmsprop that ignores the given ρ (uses 0.9)', async () => {
    await fails(rmspropSign, withStep('rms-rho-fixed', (o, p, g, s) => step(o.name === 'rmsprop' ? { ...o, rho: 0.9 } : o, p, g, s)));
  });

  it('adagrad-rate catches an adagrad that forgets its history (r ← g²)', async () => {
    await fails(adagradRateNonIncreasing, withStep('adagrad-forgets', (o, p, g) => step(o, p, g, null)));
  });

  it('state-json catches a state kept in a Float64Array (JSON turns it into an object)', async () => {
    const leaky: Subject['fns']['step'] = (o: Optimizer, p, g, s) => {
      const prev = s as { v?: Float64Array } | null;
      const r = step(o, p, g, null);
      const v = Float64Array.from([...p.W.flat(2), ...p.b.flat()].map((x, i) => (prev?.v instanceof Float64Array ? prev.v[i]! : 0) + x));
      const scale = prev === null ? 1 : prev.v instanceof Float64Array ? 1 : 0.5;
      return { params: mapParams(r.params, (x) => x * scale), state: { v } };
    };
    await fails(stateJsonRoundTrip, withStep('float64array-state', leaky));
  });

  it('sgd-convex-descent catches an ascent and an over-large step', async () => {
    await fails(sgdConvexDescent, withStep('ascent', (o, p, g, s) => step(o, p, mapParams(g, (x) => -x), s)));
    await fails(sgdConvexDescent, withStep('lr×4', (o, p, g, s) => step({ ...o, lr: o.lr * 4 }, p, g, s)));
  });

  it('schedule.linear-decay catches a schedule that decays past τ or is off by one step', async () => {
    await fails(makeLinearDecayProperty((s, t) => (s.kind === 'linear-decay' ? learningRate({ ...s, lrTau: 0 }, t) : 0)), referenceSubject);
    await fails(makeLinearDecayProperty((s, t) => learningRate(s, t + 1)), referenceSubject);
  });

  it('schedule.linear-decay catches a constant schedule that decays, and a scheduled() that drops the other hyper-parameters', async () => {
    await fails(makeLinearDecayProperty((s, t) => (s.kind === 'constant' ? s.lr / (1 + t) : learningRate(s, t))), referenceSubject);
    vi.resetModules();
    vi.doMock('../reference/learning/schedule.js', async (importOriginal) => {
      const r = (await importOriginal()) as Record<string, any>;
      return { ...r, scheduled: (o: Optimizer, s: any, t: number) => (s === undefined ? o : { name: o.name, lr: r.learningRate(s, t) }) };
    });
    try {
      const { linearDecay: fresh } = await import('./optimizers.js');
      await fails(fresh, referenceSubject);
    } finally {
      vi.doUnmock('../reference/learning/schedule.js');
      vi.resetModules();
    }
  });
});
