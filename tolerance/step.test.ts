import { describe, expect, it } from 'vitest';
import type { Optimizer, Params } from '../contract/types.js';
import { decimal50 } from '../reference/field.js';
import { createRng } from '../reference/learning/rng.js';
import { paramsTo, paramsToNumber, step, stepIn } from '../reference/optimizers.js';
import { UNIT_ROUNDOFF } from './model.js';
import { WGSL_STEP_ARITHMETIC, stepArithmetic, stepErrorBounds } from './step.js';

const flat = (p: Params) => [...p.W.flat(2), ...p.b.flat()];
const one = (w: number): Params => ({ W: [[[w]]], b: [[0]] });
const F64 = stepArithmetic('float64');

describe('the step error model', () => {
  it('sgd on exact inputs: the two roundings of w − ηg, doubled for another order', () => {
    const [b] = stepErrorBounds({ name: 'sgd', lr: 0.1 }, one(1), [one(0.3)], F64);
    const u = UNIT_ROUNDOFF.float64;
    const w = 1 - 0.1 * 0.3;
    const e = u * 0.1 * 0.3 * (1 + u); // the product's rounding
    expect(b!.params.W[0]![0]![0]).toBeCloseTo(2 * (e + u * (w + e)), 30);
  });

  it('zero denominator (ε = 0, g = 0 so far): w unchanged, exactly — no error at all in float64', () => {
    for (const opt of [{ name: 'adagrad', lr: 0.1, eps: 0 }, { name: 'rmsprop', lr: 0.1, rho: 0.9, eps: 0 }, { name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 0 }] as Optimizer[]) {
      const bs = stepErrorBounds(opt, one(0.5), [one(0), one(0)], F64);
      expect(bs.map((b) => b.params.W[0]![0]![0])).toEqual([0, 0]);
    }
  });

  it("Adam's bias correction: forming 1 − β₂ᵗ from β₂ = 0.999 costs far more than being handed it (β₂ᵗ/(1 − β₂ᵗ) ≈ 500 at t = 2)", () => {
    const opt: Optimizer = { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const formed = stepErrorBounds(opt, one(0), [one(0.25), one(0.25)], stepArithmetic('float32'))[1]!.params.W[0]![0]![0]!;
    const handed = stepErrorBounds(opt, one(0), [one(0.25), one(0.25)], WGSL_STEP_ARITHMETIC)[1]!.params.W[0]![0]![0]!;
    expect(formed / handed).toBeGreaterThan(20);
  });

  it('holds for the float64 reference against the Decimal truth, and an error of 1e-12 of the update exceeds it', () => {
    const rng = createRng(3);
    const opts: Optimizer[] = [
      { name: 'sgd', lr: 0.1 },
      { name: 'momentum', lr: 0.1, alpha: 0.9 },
      { name: 'adagrad', lr: 0.1, eps: 1e-8 },
      { name: 'rmsprop', lr: 0.01, rho: 0.9, eps: 0 },
      { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    ];
    const rand = (): Params => ({ W: [[[rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)]]], b: [[rng.uniformIn(-1, 1)]] });
    for (const opt of opts) {
      for (let k = 0; k < 20; k++) {
        const p0 = rand();
        const grads = [rand(), rand(), rand(), rand()];
        const bounds = stepErrorBounds(opt, p0, grads, F64);
        let p = p0;
        let st: unknown = null;
        let d = paramsTo(decimal50, p0);
        let ds: ReturnType<typeof stepIn>['state'] | null = null;
        grads.forEach((g, t) => {
          const r = step(opt, p, g, st as never);
          [p, st] = [r.params, r.state];
          const e = stepIn(decimal50, opt, d, paramsTo(decimal50, g), ds);
          [d, ds] = [e.params, e.state];
          const truth = flat(paramsToNumber(decimal50, d));
          const b = flat(bounds[t]!.params);
          flat(p).forEach((w, i) => {
            expect(Math.abs(w - truth[i]!)).toBeLessThanOrEqual(b[i]! + 2 ** -52 * Math.abs(truth[i]!));
            expect(b[i]!).toBeLessThan(1e-12 * 0.01 + 1e-14 * (1 + Math.abs(truth[i]!)));
          });
        });
      }
    }
  });
});
