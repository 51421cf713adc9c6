import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteError, UnknownNameError } from '../../contract/errors.js';
import { penalty, penaltyGrad } from './regularization.js';

const W = [
  [[3, -4], [0, 0]], // ‖W¹‖₁ = 7, ‖W¹‖₂ = 5, ‖W¹‖₂² = 25
  [[0, 0, 0]], //        the zero layer: the kink of ‖·‖₂
];

describe('regularisation penalties (weights only)', () => {
  it('l1: λ Σ|w|, gradient λ sign(w) with sign(0) = 0', () => {
    expect(penalty('l1', 0.5, W)).toBe(3.5);
    expect(penaltyGrad('l1', 0.5, W)).toEqual([[[0.5, -0.5], [0, 0]], [[0, 0, 0]]]);
  });

  it('l2 (the notes’ unsquared λ‖W‖₂, per layer): gradient λ W/‖W‖, 0 at W = 0', () => {
    expect(penalty('l2', 2, W)).toBe(10);
    expect(penaltyGrad('l2', 2, W)).toEqual([[[1.2, -1.6], [0, 0]], [[0, 0, 0]]]);
  });

  it('l2sq: (λ/2)‖W‖₂², gradient λ W', () => {
    expect(penalty('l2sq', 2, W)).toBe(25);
    expect(penaltyGrad('l2sq', 2, W)).toEqual([[[6, -8], [0, 0]], [[0, 0, 0]]]);
  });

  it('l2 does not overflow or underflow in the squares', () => {
    // 3-4-5 scaled by 2^±600: the squares would overflow / underflow, the scaled sum is exact
    expect(penalty('l2', 1, [[[3 * 2 ** 600, 4 * 2 ** 600]]])).toBe(5 * 2 ** 600);
    expect(penalty('l2', 1, [[[3 * 2 ** -600, 4 * 2 ** -600]]])).toBe(5 * 2 ** -600);
  });

  it('l1 and l2sq gradients equal the central difference quotient exactly on dyadic weights', () => {
    // With dyadic w and h = 2^-20 every operation below is exact in float64: |w ± h| and (w ± h)²
    // need < 53 bits, so ((R(w+h) − R(w−h)) / 2h) is exactly λ sign(w), resp. λ w — no tolerance.
    const V = [[[0.25, -0.75], [1.125, 0.5]]];
    const h = 2 ** -20;
    for (const name of ['l1', 'l2sq'] as const) {
      const g = penaltyGrad(name, 0.5, V);
      for (const [j, k] of [[0, 1], [1, 0]] as const) {
        const Vp = structuredClone(V);
        const Vm = structuredClone(V);
        Vp[0]![j]![k]! += h;
        Vm[0]![j]![k]! -= h;
        expect((penalty(name, 0.5, Vp) - penalty(name, 0.5, Vm)) / (2 * h)).toBe(g[0]![j]![k]!);
      }
    }
  });

  it('does not mutate W', () => {
    const V = structuredClone(W);
    penaltyGrad('l2', 1, V);
    penalty('l1', 1, V);
    expect(V).toEqual(W);
  });

  it('refuses unknown names, negative or non-finite λ, NaN weights', () => {
    expect(() => penalty('l3' as never, 1, W)).toThrow(UnknownNameError);
    expect(() => penalty('l1', -1, W)).toThrow(InvalidArgumentError);
    expect(() => penalty('l1', NaN, W)).toThrow(NonFiniteError);
    expect(() => penaltyGrad('l2', 1, [[[1, NaN]]])).toThrow(NonFiniteError);
  });
});
