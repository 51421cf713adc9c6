/**
 * BP1–BP4, each checked on its own (notes 000, "The four fundamental equations of backpropagation").
 *
 *   BP1  δ^L = ∇_a E ⊙ σ′(z^L)                 (a − y for sigmoid+bce and softmax+cce; softmax Jacobian otherwise)
 *   BP2  δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)
 *   BP3  ∂E/∂b^l = mean_x δ^l_x
 *   BP4  ∂E/∂W^l = mean_x δ^l_x (a^{l−1}_x)ᵀ
 *
 * BP1 compares the subject's δ^L with ∂E_x/∂z^L of the Decimal reference. BP2, BP3 and BP4 take the
 * subject's *own* δ^{l+1} (resp. δ^l) and check the one equation in Decimal, so a bug in one equation
 * fails that property and not the others. Bounds: tolerance/model.ts.
 */
import type { Decimal } from 'decimal.js';
import { RESULT_ROUNDING, UNIT_ROUNDOFF, allowedAt, batchMeanBound, boundAt, bp2StepBound } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import type { BackwardResult, Matrix } from '../contract/types.js';
import { decimal50 } from '../reference/field.js';
import { exactOf } from '../reference/scalar/index.js';
import { netCaseArb, type NetCase } from './arbitraries.js';
import { call } from './engine.js';
import { boundsForSubject, truthOf } from './exact.js';
import { PropertyFailure, assertNoMismatch } from './failure.js';
import type { Property } from './types.js';

const F = decimal50;
const D = (x: number): Decimal => exactOf(F, x);

/** The subject's backward with its δ checked for shape (B × n_l per layer) first. */
async function subjectBackward(subject: Parameters<Property['check']>[0], c: NetCase): Promise<BackwardResult> {
  const got = await call(subject, 'backward', c.net, c.X, c.Y, c.loss);
  const shape = {
    delta: c.net.layers.map((l) => c.X.map(() => l.b)),
    gradW: c.net.layers.map((l) => l.W),
    gradB: c.net.layers.map((l) => l.b),
  };
  const m = firstMismatch(shape, { delta: got?.delta, gradW: got?.gradW, gradB: got?.gradB }, () => Infinity);
  if (m) {
    throw new PropertyFailure({
      what: 'backward result has the wrong shape or non-numbers',
      expected: m.expected,
      got: m.got,
      index: m.path,
      note: 'delta[l] is B × n_l, gradW[l] n_l × n_{l−1}, gradB[l] n_l (path: [0 delta | 1 gradW | 2 gradB, layer, ...])',
    });
  }
  return got;
}

const nets = (depth?: readonly [number, number]) => netCaseArb(depth ? { depth } : {});

export const bp1: Property<NetCase> = {
  id: 'bp.bp1',
  concept: 'BP1: δ^L = ∇_a E ⊙ σ′(z^L), a − y for the canonical pairings (000 BP1; 002 "output units")',
  requires: ['backward'],
  defaultRuns: 25,
  arbitrary: () => nets(),
  async check(subject, c) {
    const truth = truthOf(c);
    const got = await subjectBackward(subject, c);
    const bounds = boundsForSubject(c, truth, subject);
    const L = c.net.layers.length;
    assertNoMismatch(
      firstMismatch(truth.values.delta[L - 1], got.delta[L - 1], (p, e) => allowedAt(boundAt(bounds.delta[L - 1], p), e)),
      `δ^L (BP1, output ${c.net.layers[L - 1]!.activation} with ${c.loss}) vs ∂E_x/∂z^L (Decimal reference)`,
      { note: `layer ${L}; index [example, unit]` },
    );
  },
};

export const bp2: Property<NetCase> = {
  id: 'bp.bp2',
  concept: 'BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l) (000 BP2; 002 "hidden units")',
  requires: ['backward'],
  defaultRuns: 25,
  arbitrary: () => nets([2, 4]),
  async check(subject, c) {
    const truth = truthOf(c);
    const got = await subjectBackward(subject, c);
    const bounds = boundsForSubject(c, truth, subject);
    const u = UNIT_ROUNDOFF[subject.precision];
    for (let l = c.net.layers.length - 2; l >= 0; l--) {
      const W = c.net.layers[l + 1]!.W;
      got.delta[l]!.forEach((dx, x) => {
        const dAbove = got.delta[l + 1]![x]!;
        dx.forEach((gotK, k) => {
          let t = F.zero;
          let gauge = 0;
          W.forEach((row, j) => {
            t = F.add(t, F.mul(D(row[k]!), D(dAbove[j]!))); // ((W^{l+1})ᵀ δ^{l+1})_k = Σ_j w_jk δ_j
            gauge += Math.abs(row[k]! * dAbove[j]!);
          });
          const sp = truth.values.sp[l]![x]![k]!;
          const expected = F.toNumber(F.mul(t, D(sp))); // ⊙ σ′(z^l_k)
          const allowed =
            bp2StepBound(gauge, W.length, F.toNumber(t), sp, bounds.sp[l]![x]![k]!, u) +
            // the truth's σ′ rounded to float64, and δ^{l+1} as returned may be the rounding of what the subject used
            RESULT_ROUNDING * (Math.abs(expected) + Math.abs(F.toNumber(t) * sp) + gauge * Math.abs(sp));
          if (!(Math.abs(gotK - expected) <= allowed)) {
            throw new PropertyFailure({
              what: `δ^${l + 1} (BP2) vs ((W^${l + 2})ᵀ δ^${l + 2}) ⊙ σ′(z^${l + 1}) formed from the subject's own δ^${l + 2}`,
              expected,
              got: gotK,
              allowed,
              layer: l + 1,
              index: [x, k],
              note: `σ′(z) = ${sp} (${c.net.layers[l]!.activation}), (Wᵀδ)_k = ${F.toNumber(t)}`,
            });
          }
        });
      });
    }
  },
};

export const bp3: Property<NetCase> = {
  id: 'bp.bp3',
  concept: 'BP3: ∂E/∂b^l = mean_x δ^l_x (000 BP3; batch mean of the per-example errors)',
  requires: ['backward'],
  defaultRuns: 25,
  arbitrary: () => nets(),
  async check(subject, c) {
    const got = await subjectBackward(subject, c);
    const u = UNIT_ROUNDOFF[subject.precision];
    const B = c.X.length;
    got.gradB.forEach((gb, l) =>
      gb.forEach((gotJ, j) => {
        let s = F.zero;
        let meanAbs = 0;
        for (let x = 0; x < B; x++) {
          const d = got.delta[l]![x]![j]!;
          s = F.add(s, D(d));
          meanAbs += Math.abs(d) / B;
        }
        const expected = F.toNumber(F.div(s, F.of(B)));
        // + the rounding of the returned δ (a Decimal subject rounds δ and gradB separately)
        const allowed = batchMeanBound(B, meanAbs, u) + RESULT_ROUNDING * (Math.abs(expected) + meanAbs);
        if (!(Math.abs(gotJ - expected) <= allowed)) {
          throw new PropertyFailure({ what: 'gradB (BP3) vs mean_x δ_x from the subject\'s own δ', expected, got: gotJ, allowed, layer: l + 1, index: [j], note: `B = ${B}` });
        }
      }),
    );
  },
};

export const bp4: Property<NetCase> = {
  id: 'bp.bp4',
  concept: 'BP4: ∂E/∂W^l = mean_x δ^l_x (a^{l−1}_x)ᵀ (000 BP4; 004 matrix form ∂L/∂W = ∂L/∂f · gᵀ)',
  requires: ['backward'],
  defaultRuns: 25,
  arbitrary: () => nets(),
  async check(subject, c) {
    const truth = truthOf(c);
    const got = await subjectBackward(subject, c);
    const bounds = boundsForSubject(c, truth, subject);
    const u = UNIT_ROUNDOFF[subject.precision];
    const B = c.X.length;
    got.gradW.forEach((gW, l) => {
      const aBelow: Matrix = l === 0 ? c.X : truth.values.a[l - 1]!; // a^{l−1}, a^0 = x (exact)
      gW.forEach((row, j) =>
        row.forEach((gotJK, k) => {
          let s = F.zero;
          let meanAbs = 0;
          let inputError = 0;
          for (let x = 0; x < B; x++) {
            const d = got.delta[l]![x]![j]!;
            const a = aBelow[x]![k]!;
            s = F.add(s, F.mul(D(d), D(a)));
            meanAbs += Math.abs(d * a) / B;
            inputError += (Math.abs(d) * (l === 0 ? 0 : boundAt(bounds.a[l - 1], [x, k]) + RESULT_ROUNDING * Math.abs(a))) / B;
          }
          const expected = F.toNumber(F.div(s, F.of(B)));
          const allowed = batchMeanBound(B, meanAbs, u, inputError) + RESULT_ROUNDING * (Math.abs(expected) + meanAbs);
          if (!(Math.abs(gotJK - expected) <= allowed)) {
            throw new PropertyFailure({
              what: 'gradW (BP4) vs mean_x δ_x (a^{l−1}_x)ᵀ from the subject\'s own δ and the exact a^{l−1}',
              expected,
              got: gotJK,
              allowed,
              layer: l + 1,
              index: [j, k],
              note: `B = ${B}`,
            });
          }
        }),
      );
    });
  },
};

export const backpropProperties: Property[] = [bp1, bp2, bp3, bp4];
