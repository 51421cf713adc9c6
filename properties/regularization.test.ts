import { describe, expect, it } from 'vitest';
import type { Subject } from '../contract/types.js';
import { referenceSubject } from '../reference/index.js';
import { penalty, penaltyGrad } from '../reference/learning/regularization.js';
import { step } from '../reference/optimizers.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { makePenalizedStepProperty, makePenaltyGradientProperty, makePenaltyValueProperty, regularizationProperties } from './regularization.js';

const fails = async (p: Parameters<typeof runProperty>[0], s: Subject = referenceSubject) => {
  const r = await runProperty(p, s, { seed: 5, runs: 150 });
  expect(r.status, r.message).toBe('fail');
};

describe('regularisation properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(regularizationProperties, [referenceSubject], 5)).toEqual([]);
  });

  it('penalty-value catches l2 squared, l1 without λ, the l2sq half dropped, biases… a layer skipped', async () => {
    await fails(makePenaltyValueProperty((n, l, W) => (n === 'l2' ? penalty('l2sq', 2 * l, W) : penalty(n, l, W))));
    await fails(makePenaltyValueProperty((n, l, W) => (n === 'l1' ? penalty(n, 1, W) : penalty(n, l, W))));
    await fails(makePenaltyValueProperty((n, l, W) => (n === 'l2sq' ? 2 * penalty(n, l, W) : penalty(n, l, W))));
    await fails(makePenaltyValueProperty((n, l, W) => penalty(n, l, W.slice(0, 1))));
    // the norm without its scaling: the squares overflow (2^600) or underflow (2^−600)
    await fails(makePenaltyValueProperty((n, l, W) => (n === 'l2' ? l * W.reduce((s, M) => s + Math.sqrt(M.flat().reduce((t, w) => t + w * w, 0)), 0) : penalty(n, l, W))));
  });

  it('penalty-gradient catches l2 gradient λW (the squared form), sign(0) = 1, no λ for l1, one norm over all layers', async () => {
    await fails(makePenaltyGradientProperty((n, l, W) => penaltyGrad(n === 'l2' ? 'l2sq' : n, l, W)));
    await fails(makePenaltyGradientProperty((n, l, W) => (n === 'l1' ? W.map((M) => M.map((r) => r.map((w) => l * (w >= 0 ? 1 : -1)))) : penaltyGrad(n, l, W))));
    await fails(makePenaltyGradientProperty((n, l, W) => penaltyGrad(n, n === 'l1' ? 1 : l, W)));
    await fails(
      makePenaltyGradientProperty((n, l, W) => {
        if (n !== 'l2') return penaltyGrad(n, l, W);
        const norm = Math.sqrt(W.flat(2).reduce((s, w) => s + w * w, 0));
        return W.map((M) => M.map((r) => r.map((w) => (norm === 0 ? 0 : (l * w) / norm))));
      }),
    );
  });

  it('penalized-step catches a decay of ηλ/2, a penalised bias, and an l1 step away from 0', async () => {
    await fails(makePenalizedStepProperty((n, l, W) => penaltyGrad(n, l / 2, W)));
    const penalisedBias: Subject = { ...referenceSubject, name: 'bias-decay', fns: { ...referenceSubject.fns, step: (o, p, g, s) => step(o, p, { ...g, b: g.b.map((v, l) => v.map((x, j) => x + 0.1 * p.b[l]![j]!)) }, s) } };
    await fails(makePenalizedStepProperty(), penalisedBias);
    await fails(makePenalizedStepProperty((n, l, W) => penaltyGrad(n, n === 'l1' ? -l : l, W)));
  });

  it('penalty-value and penalty-gradient catch a λ = 0 that is refused', async () => {
    const refuse = <F extends (...a: any[]) => any>(f: F) => ((n: any, l: number, W: any) => { if (l === 0) throw new RangeError('λ must be > 0'); return f(n, l, W); }) as F;
    await fails(makePenaltyValueProperty(refuse(penalty)));
    await fails(makePenaltyGradientProperty(refuse(penaltyGrad)));
  });
});
