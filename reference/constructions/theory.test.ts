import { describe, expect, it } from 'vitest';
import { ACTIVATION_ULPS, UNIT_ROUNDOFF, gamma } from '../../tolerance/model.js';
import { NOTES_SIGMOID_STEP, evalReluSum, grid, reluInterpolant, sigmoidEdge, type ReluInterpolant } from './approx.js';
import { float64 } from '../field.js';
import { activate, backward, forward } from '../index.js';
import { chainGradientIn, chainNet, logitLossIn, reluChainGradient, sigmoidChainBound } from './theory.js';

const u = UNIT_ROUNDOFF.float64;
/** |a − b| ≤ γ_n·gauge (tolerance/model.ts's rounding model), with the numbers in the message. */
const within = (a: number, b: number, n: number, gauge: number) => expect(Math.abs(a - b), `|${a} − ${b}| vs γ_${n}·${gauge}`).toBeLessThanOrEqual(gamma(n, u) * gauge);

/**
 * Absolute size of the terms of f̂(x) = c + Σ w_i relu(x + b_i) (the gauge of that sum); withSlopes adds
 * the slopes s_i = Σ_{k≤i} w_k and s_{i−1} each w_i was built from (w_i = s_i − s_{i−1}), whose rounding
 * w_i carries.
 */
function reluSumGauge(r: ReluInterpolant, x: number, withSlopes: boolean): number {
  let gauge = Math.abs(r.c);
  let s = 0;
  r.w.forEach((w, i) => {
    const prev = s;
    s += w;
    gauge += (Math.abs(w) + (withSlopes ? Math.abs(s) + Math.abs(prev) : 0)) * Math.max(0, x + r.b[i]!);
  });
  return gauge;
}

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
    // at a knot the sum telescopes to f exactly; rounding: the slopes Δf/h (2), w_i = s_i − s_{i−1} (1),
    // the K + 2 roundings of the sum: γ_{K+5} of the gauge with the slopes
    const K = knots.length - 1;
    out.forEach((v, i) => within(v, f(knots[i]!), K + 5, reluSumGauge(r, knots[i]!, true)));
    // the same sum in two orders: K + 2 roundings each
    within(evalReluSum(r, 0.7), forward(r.net, [[0.7]]).a[1]![0]![0]!, 2 * (K + 2), reluSumGauge(r, 0.7, false));
  });
  it('chain gradient by intermediate variables equals backward, and respects the bound', () => {
    const ws = [0.5, -1.5, 2];
    const { yHat, dyHatDw1 } = chainGradientIn(float64, ws, 0.8);
    const g = backward(chainNet(ws), [[0.8]], [[0]], 'mse').gradW[0]![0]![0]!;
    // both sides are products (no cancellation): per layer σ and σ′ (ACTIVATION_ULPS each), two products,
    // and z's rounding carried into σ′ (|d log σ′/dz| = |1 − 2σ| ≤ 1, |z| < 1 here): relative γ_n,
    // n = 2·L·(2·ACTIVATION_ULPS + 3), plus the division and mse's factor
    within(g / yHat, dyHatDw1, 2 * ws.length * (2 * ACTIVATION_ULPS + 3) + 2, Math.abs(dyHatDw1));
    expect(Math.abs(dyHatDw1)).toBeLessThanOrEqual(sigmoidChainBound(ws, 0.8));
    expect(chainGradientIn(float64, [2, 3], 0.5, 'relu').dyHatDw1).toBe(reluChainGradient([2, 3], 0.5));
  });
  it('logit loss = softplus(−y z)', () => {
    // softplus (ACTIVATION_ULPS) against log, exp, log1p and a sum here: relative γ_{3·ACTIVATION_ULPS + 1}
    within(logitLossIn(float64, 0, 1), Math.log(2), 3 * ACTIVATION_ULPS + 1, Math.log(2));
    within(logitLossIn(float64, 3, -1), 3 + Math.log1p(Math.exp(-3)), 3 * ACTIVATION_ULPS + 1, 3 + Math.log1p(Math.exp(-3)));
  });
});
