import { describe, expect, it } from 'vitest';
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
  optimizerFormula,
  optimizerProperties,
  rmspropSign,
  sgdConvexDescent,
  stateJsonRoundTrip,
} from './optimizers.js';
import type { Property } from './types.js';

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

  it('optimizer.formula catches momentum with the wrong sign, adam without bias correction, eps inside the root', async () => {
    // v ← αv + ηg: the same as momentum with a negated gradient
    await fails(optimizerFormula, withStep('momentum-sign', (o, p, g, s) => (o.name === 'momentum' ? step(o, p, mapParams(g, (x) => -x), s) : step(o, p, g, s))));
    // no bias correction: for adam's first step m̂ = g (1 − β₁) instead of g
    await fails(
      optimizerFormula,
      withStep('adam-no-correction', (o, p, g, s) => (o.name === 'adam' && s === null ? step(o, p, mapParams(g, (x) => x * (1 - o.beta1)), s) : step(o, p, g, s))),
    );
    // lr ignored by adagrad after the first step
    await fails(optimizerFormula, withStep('adagrad-lr', (o, p, g, s) => step(o.name === 'adagrad' && s !== null ? { ...o, lr: o.lr * 2 } : o, p, g, s)));
    const r = await fails(optimizerFormula, withStep('sgd-half', (o, p, g, s) => step(o.name === 'sgd' ? { ...o, lr: o.lr / 2 } : o, p, g, s)));
    expect(r.replay).toContain('--property optimizer.formula');
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
});
