import { describe, expect, it } from 'vitest';
import { decimal50 } from './field.js';
import { step, stepDecimal, stepIn, paramsTo, paramsToNumber } from './optimizers.js';
import type { Optimizer, Params } from '../contract/types.js';
import { InvalidArgumentError, NonFiniteError, ShapeError, UnknownNameError } from '../contract/errors.js';
import { UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';

const u = UNIT_ROUNDOFF.float64;
/**
 * One optimizer step is a short chain of roundings (state update, bias correction, √, division, lr·, −):
 * fewer than 12 of them (γ_12, tolerance/model.ts), on terms no larger than |w| + |Δw|.
 */
const STEP_GAMMA = gamma(12, u);
const near = (got: number, want: number, gauge: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(STEP_GAMMA * gauge);

const p: Params = { W: [[[1, 2], [3, 4]]], b: [[0.5, -0.5]] };
const g: Params = { W: [[[0.1, -0.2], [0, 1]]], b: [[1, 0]] };

describe('step: the notes\' formulas on hand-computed values', () => {
  it('sgd: w ← w − lr·g', () => {
    const r = step({ name: 'sgd', lr: 0.5 }, p, g, null);
    expect(r.params).toEqual({ W: [[[1 - 0.05, 2 + 0.1], [3, 4 - 0.5]]], b: [[0, -0.5]] });
  });
  it('momentum: v ← αv − lr·g; w ← w + v (two steps)', () => {
    const opt: Optimizer = { name: 'momentum', lr: 0.5, alpha: 0.5 };
    const r1 = step(opt, p, g, null);
    const r2 = step(opt, r1.params, g, r1.state);
    // b[0][0]: v1 = −0.5, w1 = 0; v2 = 0.5·(−0.5) − 0.5 = −0.75, w2 = −0.75
    expect(r2.params.b[0]![0]).toBe(-0.75);
  });
  it('adagrad: first step moves each weight by lr·sign(g) (eps = 0)', () => {
    const r = step({ name: 'adagrad', lr: 0.1, eps: 0 }, p, g, null);
    near(r.params.W[0]![0]![0]!, 0.9, 1 + 0.1);
    expect(r.params.W[0]![1]![0]).toBe(3); // g = 0, r = 0, √r + eps = 0: unchanged
  });
  it('rmsprop with rho = 1 and eps = 0 leaves every weight unchanged (denominator 0)', () => {
    const r = step({ name: 'rmsprop', lr: 0.1, rho: 1, eps: 0 }, p, g, null);
    expect(r.params).toEqual(p);
  });
  it('adam: first step is lr·sign(g) by the bias correction (eps = 0)', () => {
    const r = step({ name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 0 }, p, g, null);
    near(r.params.W[0]![0]![1]!, 2.01, 2 + 0.01);
    near(r.params.b[0]![0]!, 0.49, 0.5 + 0.01);
  });
  it('does not mutate, and state survives JSON', () => {
    const copy = JSON.parse(JSON.stringify({ p, g }));
    const opt: Optimizer = { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const r1 = step(opt, p, g, null);
    const a = step(opt, r1.params, g, r1.state);
    const b = step(opt, r1.params, g, JSON.parse(JSON.stringify(r1.state)));
    expect(b).toEqual(a);
    expect({ p, g }).toEqual(copy);
  });
  it('float64 agrees with Decimal', () => {
    for (const opt of [
      { name: 'sgd', lr: 0.1 },
      { name: 'momentum', lr: 0.1, alpha: 0.9 },
      { name: 'adagrad', lr: 0.1, eps: 1e-8 },
      { name: 'rmsprop', lr: 0.1, rho: 0.9, eps: 1e-8 },
      { name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    ] as Optimizer[]) {
      const a = step(opt, p, g, null);
      const d = stepDecimal(opt, p, g, null);
      // the Decimal step is exact to 50 digits: the float64 step's own rounding is all that differs
      const w0 = p.W[0]!.flat();
      a.params.W[0]!.flat().forEach((x, i) => near(x, d.params.W[0]!.flat()[i]!, Math.abs(w0[i]!) + Math.abs(x - w0[i]!)));
    }
    const F = decimal50;
    const r = stepIn(F, { name: 'sgd', lr: 0.1 }, paramsTo(F, p), paramsTo(F, g), null);
    expect(paramsToNumber(F, r.params).W[0]![0]![0]).toBe(0.99);
  });
  it('bad input gives typed errors', () => {
    expect(() => step({ name: 'adamw', lr: 1 } as never, p, g, null)).toThrow(UnknownNameError);
    expect(() => step({ name: 'adam', lr: 1 } as never, p, g, null)).toThrow(InvalidArgumentError);
    expect(() => step({ name: 'sgd', lr: NaN }, p, g, null)).toThrow(NonFiniteError);
    expect(() => step({ name: 'sgd', lr: 0.1 }, p, { W: [[[1, 2]]], b: [[1]] }, null)).toThrow(ShapeError);
    expect(() => step({ name: 'adam', lr: 0.1, beta1: 1, beta2: 0.9, eps: 0 }, p, g, null)).toThrow(InvalidArgumentError);
    const s = step({ name: 'momentum', lr: 0.1, alpha: 0.9 }, p, g, null).state;
    expect(() => step({ name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.9, eps: 0 }, p, g, s)).toThrow(InvalidArgumentError);
  });
});
