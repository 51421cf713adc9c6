/**
 * Regularisation properties (notes 002, "Tricks of the trade: regularization"): the penalties R(W) of
 * reference/learning/regularization.ts (l1 λΣ|w|, l2 the notes' unsquared λΣ_l‖W^l‖₂, l2sq (λ/2)Σ‖W^l‖₂²)
 * and their gradients, checked against the formulas written here in 50-digit Decimal; and what a penalty
 * does to a step of gradient descent, on any subject's `step`.
 *
 * The penalty functions are not contract functions: penalty-value and penalty-gradient check the
 * reference's (injected, so a test can plant a bug) whatever the subject; penalized-step uses the
 * subject's `step` with the reference's penaltyGrad added to the gradient.
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import type { Matrix, Params } from '../contract/types.js';
import { DECIMAL_FD_STEP, FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import { decimal50 } from '../reference/field.js';
import { REGULARIZERS, penalty as refPenalty, penaltyGrad as refPenaltyGrad, type RegularizerName } from '../reference/learning/regularization.js';
import { wrapUnderTest } from '../engine/call.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

const F = decimal50;

export interface PenaltyCase {
  name: RegularizerName;
  lambda: number;
  /** W^1..W^L. */
  W: Matrix[];
}

/** A weight on the grid k/4 (exact zeros often: the kinks), times a scale 2^±600 now and then (overflow of the squares). */
export const penaltyCaseArb: fc.Arbitrary<PenaltyCase> = fc
  .record({
    name: fc.constantFrom(...REGULARIZERS),
    lambda: fc.constantFrom(0.01, 0.1, 0.5, 1, 3),
    shapes: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }),
    scale: fc.constantFrom(1, 1, 1, 1, 2 ** 600, 2 ** -600),
  })
  // (λ/2)‖W‖² of weights near 2^600 is honestly +Infinity: the large scale is for l1 and l2
  .map((c) => (c.name === 'l2sq' && c.scale > 1 ? { ...c, scale: 1 } : c))
  .chain(({ name, lambda, shapes, scale }) =>
    fc.record({
      name: fc.constant(name),
      lambda: fc.constant(lambda),
      W: fc.tuple(
        ...shapes.map(([r, c]) =>
          fc.array(fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: -12, max: 12 }).map((k) => (k / 4) * scale + 0) }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
        ),
      ),
    }),
  );

/** R(W) in Decimal, from the definitions. */
export function penaltyDecimal(name: RegularizerName, lambda: number, W: readonly (readonly (readonly Decimal[])[])[]): Decimal {
  const lam = F.of(lambda);
  const sq = (M: readonly (readonly Decimal[])[]) => M.flat().reduce((s, w) => s.plus(w.times(w)), F.zero);
  let r = F.zero;
  for (const M of W) {
    if (name === 'l1') r = M.flat().reduce((s, w) => s.plus(w.abs()), r);
    else if (name === 'l2') r = r.plus(sq(M).sqrt());
    else r = r.plus(sq(M));
  }
  return name === 'l2sq' ? lam.times(r).div(2) : lam.times(r);
}

const toD = (W: readonly Matrix[]) => W.map((M) => M.map((row) => row.map((w) => F.of(w))));

/** |R| computed with |w| (the gauge of its sums) and the number of terms. */
function gaugeOf(c: PenaltyCase): { gauge: number; terms: number } {
  const terms = c.W.reduce((s, M) => s + M.flat().length, 0) + c.W.length;
  return { gauge: Math.abs(F.toNumber(penaltyDecimal(c.name, c.lambda, toD(c.W.map((M) => M.map((r) => r.map(Math.abs))))))), terms };
}

export function makePenaltyValueProperty(penalty: typeof refPenalty = refPenalty): Property<PenaltyCase> {
  return {
    id: 'regularization.penalty-value',
    concept: 'the penalties R(W): l1 = λ Σ_l Σ|w|, l2 = λ Σ_l ‖W^l‖₂ (the notes\' λ‖W‖₂, per layer, unsquared), l2sq = (λ/2) Σ_l ‖W^l‖₂² (weight decay), weights only, in 50-digit Decimal (002 "regularization")',
    requires: [],
    defaultRuns: 60,
    arbitrary: () => penaltyCaseArb,
    check(_s, c) {
      // λ = 0 is allowed (λ ≥ 0) and penalises nothing
      const none = penalty(c.name, 0, c.W);
      if (!Object.is(none, 0)) throw new PropertyFailure({ what: `${c.name} penalty with λ = 0`, expected: 0, got: none });
      const got = penalty(c.name, c.lambda, c.W);
      const want = F.toNumber(penaltyDecimal(c.name, c.lambda, toD(c.W)));
      // a sum of N terms (squares, then a √ per layer and the scaling by the largest |w|): γ_{2N+8} of its gauge
      const { gauge, terms } = gaugeOf(c);
      const allowed = FIRST_ORDER_SAFETY * gamma(2 * terms + 8, UNIT_ROUNDOFF.float64) * gauge + RESULT_ROUNDING * Math.abs(want);
      if (!(Math.abs(got - want) <= allowed)) throw new PropertyFailure({ what: `${c.name} penalty (λ = ${c.lambda})`, expected: want, got, allowed, note: `W = ${JSON.stringify(c.W)}` });
    },
  };
}

export function makePenaltyGradientProperty(penaltyGrad: typeof refPenaltyGrad = refPenaltyGrad): Property<PenaltyCase> {
  return {
    id: 'regularization.penalty-gradient',
    concept:
      'the penalty gradients λ sign(w) (l1), λW^l/‖W^l‖₂ (l2), λW^l (l2sq) match central differences of R in 50-digit Decimal; at the kinks (w = 0 for l1, W^l = 0 for l2) the minimum-norm subgradient 0 (002 "regularization")',
    requires: [],
    defaultRuns: 60,
    arbitrary: () => penaltyCaseArb,
    check(_s, c) {
      const none = penaltyGrad(c.name, 0, c.W).flat(2);
      if (none.some((g) => g !== 0)) throw new PropertyFailure({ what: `${c.name} penalty gradient with λ = 0`, expected: 0, got: none.find((g) => g !== 0)! });
      const got = penaltyGrad(c.name, c.lambda, c.W);
      const W = toD(c.W);
      const u = UNIT_ROUNDOFF.float64;
      c.W.forEach((M, l) => {
        const layerZero = M.flat().every((w) => w === 0);
        const norm = Math.sqrt(M.flat().reduce((s, w) => s + (w / (Math.max(...M.flat().map(Math.abs)) || 1)) ** 2, 0)) * (Math.max(...M.flat().map(Math.abs)) || 1);
        M.forEach((row, j) =>
          row.forEach((w, k) => {
            const have = got[l]?.[j]?.[k];
            const kink = (c.name === 'l1' && w === 0) || (c.name === 'l2' && layerZero);
            let want: number;
            if (kink) want = 0;
            else {
              // central difference with a step far below the grid spacing |w|/4 (no kink inside for l1)
              const h = F.of(DECIMAL_FD_STEP * (Math.max(Math.abs(w), norm) || 1));
              const at = (d: Decimal) => penaltyDecimal(c.name, c.lambda, W.map((Ml, a) => (a !== l ? Ml : Ml.map((r, b) => (b !== j ? r : r.map((x, e) => (e === k ? x.plus(d) : x)))))));
              want = F.toNumber(at(h).minus(at(h.neg())).div(h.times(2)));
            }
            // λ·w/‖W‖ takes a few roundings (the scaled norm: a sum of squares, √, ×, ÷); sign and λw one
            const allowed = kink ? 0 : FIRST_ORDER_SAFETY * gamma(2 * M.flat().length + 8, u) * Math.abs(want) + 2 * RESULT_ROUNDING * Math.abs(want);
            if (typeof have !== 'number' || !(Math.abs(have - want) <= allowed) || (kink && !Object.is(have, 0))) {
              throw new PropertyFailure({ what: `∂R/∂w (${c.name}, λ = ${c.lambda})${kink ? ' at the kink' : ' vs the central difference of R (Decimal)'}`, layer: l + 1, index: [j, k], expected: want, got: have ?? 'nothing', allowed, note: kink ? 'the minimum-norm subgradient is 0 (+0)' : `w = ${w}` });
            }
          }),
        );
      });
    },
  };
}

export interface PenalizedStepCase {
  name: 'l1' | 'l2sq';
  lambda: number;
  lr: number;
  params: Params;
  grads: Params;
}

const grid = fc.integer({ min: -16, max: 16 }).map((k) => k / 8 + 0);

export const penalizedStepArb: fc.Arbitrary<PenalizedStepCase> = fc
  .record({
    name: fc.constantFrom('l1' as const, 'l2sq' as const),
    lambda: fc.constantFrom(0.01, 0.1, 0.5),
    lr: fc.constantFrom(0.01, 0.1, 0.5, 1),
    // the shapes of a net n_0-…-n_L (W^l is n_l × n_{l−1}), as params come from one
    sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }),
  })
  .chain(({ name, lambda, lr, sizes }) => {
    const shapes = sizes.slice(1).map((n, l) => [n, sizes[l]!] as const);
    const params = fc.record({
      W: fc.tuple(...shapes.map(([r, c]) => fc.array(fc.array(grid, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }))),
      b: fc.tuple(...shapes.map(([r]) => fc.array(grid, { minLength: r, maxLength: r }))),
    });
    return fc.record({ name: fc.constant(name), lambda: fc.constant(lambda), lr: fc.constant(lr), params, grads: params });
  });

/**
 * regularization.penalized-step: gradient descent on J = E + R, with ∂R/∂W from penaltyGrad added to
 * BP4's gradient, is weight decay for l2sq — w ← (1 − ηλ) w − η g — and for l1 moves each weight ηλ
 * toward 0: w ← w − η g − ηλ sign(w); the biases are not penalised: b ← b − η g_b.
 */
export function makePenalizedStepProperty(penaltyGradImpl: typeof refPenaltyGrad = refPenaltyGrad): Property<PenalizedStepCase> {
  // the penalty's gradient is code under test beside the subject's step
  const penaltyGrad = wrapUnderTest('penaltyGrad', penaltyGradImpl);
  return {
    id: 'regularization.penalized-step',
    concept:
      'an sgd step on J = E + R is weight decay for L2 (λ/2)‖W‖²: w ← (1 − ηλ)w − ηg; for L1 it moves each weight ηλ toward 0: w ← w − ηg − ηλ sign(w); biases are not penalised (002 "regularization")',
    requires: ['step'],
    defaultRuns: 40,
    arbitrary: () => penalizedStepArb,
    async check(subject, c) {
      const dR = penaltyGrad(c.name, c.lambda, c.params.W);
      const grads: Params = { W: c.grads.W.map((M, l) => M.map((row, j) => row.map((g, k) => g + dR[l]![j]![k]!))), b: c.grads.b };
      const r = await call(subject, 'step', { name: 'sgd', lr: c.lr }, c.params, grads, null);
      const u = UNIT_ROUNDOFF[subject.precision];
      const lr = F.of(c.lr);
      const lam = F.of(c.lambda);
      const check = (what: string, got: number | undefined, want: Decimal, gauge: number, index: number[]) => {
        const w = F.toNumber(want);
        // g + ∂R/∂w (one rounding here), then w − η(·) in the subject: γ_4 of the terms
        const allowed = FIRST_ORDER_SAFETY * gamma(4, u) * gauge + RESULT_ROUNDING * Math.abs(w);
        if (typeof got !== 'number' || !(Math.abs(got - w) <= allowed)) throw new PropertyFailure({ what: `${what} after an sgd step on E + ${c.name} (η = ${c.lr}, λ = ${c.lambda})`, expected: w, got: got ?? 'nothing', allowed, index });
      };
      c.params.W.forEach((M, l) =>
        M.forEach((row, j) =>
          row.forEach((w, k) => {
            const wd = F.of(w);
            const g = F.of(c.grads.W[l]![j]![k]!);
            const want = c.name === 'l2sq' ? F.one.minus(lr.times(lam)).times(wd).minus(lr.times(g)) : wd.minus(lr.times(g)).minus(lr.times(lam).times(Math.sign(w)));
            check('weight', r?.params?.W?.[l]?.[j]?.[k], want, Math.abs(w) + c.lr * (Math.abs(c.grads.W[l]![j]![k]!) + c.lambda * Math.max(Math.abs(w), 1)), [l + 1, j, k]);
          }),
        ),
      );
      c.params.b.forEach((v, l) => v.forEach((b, j) => check('bias (not penalised)', r?.params?.b?.[l]?.[j], F.of(b).minus(lr.times(F.of(c.grads.b[l]![j]!))), Math.abs(b) + c.lr * Math.abs(c.grads.b[l]![j]!), [l + 1, j])));
    },
  };
}

export const regularizationProperties: Property[] = [makePenaltyValueProperty(), makePenaltyGradientProperty(), makePenalizedStepProperty()];
