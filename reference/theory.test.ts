import { describe, expect, it } from 'vitest';
import { NOTES_SIGMOID_STEP, evalReluSum, grid, reluInterpolant, sigmoidEdge } from './approx.js';
import { float64 } from './field.js';
import { activate, backward, forward } from './index.js';
import { chainGradientIn, chainNet, logitLossIn, reluChainGradient, sigmoidChainBound } from './theory.js';

describe('theory constructions', () => {
  it("the notes' sigmoid step edge: −b/w = 0.5625 and σ there is ½", () => {
    expect(sigmoidEdge(NOTES_SIGMOID_STEP.w, NOTES_SIGMOID_STEP.b)).toBe(0.5625);
    expect(activate('sigmoid', [16 * 0.5625 - 9])).toEqual([0.5]);
  });
  it('the ReLU sum interpolates at the knots, the net equals the direct sum', () => {
    const knots = grid(0, 2, 4);
    const f = (x: number) => Math.sin(3 * x);
    const r = reluInterpolant(knots, knots.map(f));
    const out = forward(r.net, knots.map((x) => [x])).a[1]!.map((v) => v[0]!);
    out.forEach((v, i) => expect(v).toBeCloseTo(f(knots[i]!), 14));
    expect(evalReluSum(r, 0.7)).toBeCloseTo(forward(r.net, [[0.7]]).a[1]![0]![0]!, 14);
  });
  it('chain gradient by intermediate variables equals backward, and respects the bound', () => {
    const ws = [0.5, -1.5, 2];
    const { yHat, dyHatDw1 } = chainGradientIn(float64, ws, 0.8);
    const g = backward(chainNet(ws), [[0.8]], [[0]], 'mse').gradW[0]![0]![0]!;
    expect(g / yHat).toBeCloseTo(dyHatDw1, 14);
    expect(Math.abs(dyHatDw1)).toBeLessThanOrEqual(sigmoidChainBound(ws, 0.8));
    expect(chainGradientIn(float64, [2, 3], 0.5, 'relu').dyHatDw1).toBe(reluChainGradient([2, 3], 0.5));
  });
  it('logit loss = softplus(−y z)', () => {
    expect(logitLossIn(float64, 0, 1)).toBeCloseTo(Math.log(2), 15);
    expect(logitLossIn(float64, 3, -1)).toBeCloseTo(3 + Math.log1p(Math.exp(-3)), 14);
  });
});
