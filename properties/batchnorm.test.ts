import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { batchNormBackward, batchNormForward } from '../reference/learning/batchnorm.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { batchNormProperties, makeBatchNormFdProperty, makeBatchNormInvarianceProperty } from './batchnorm.js';

describe('batch norm properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(batchNormProperties, [referenceSubject], 4)).toEqual([]);
  });

  it('finite-difference catches a backward that treats μ and σ as constants', async () => {
    const noStats: typeof batchNormBackward = (X, p, dy, mode, o) => {
      const g = batchNormBackward(X, p, dy, mode, o);
      return { ...g, dx: dy.map((r) => r.map((d, j) => (d * p.gamma[j]!) / g.forward.sigma[j]!)) };
    };
    const r = await runProperty(makeBatchNormFdProperty(noStats), referenceSubject, { seed: 4, runs: 50 });
    expect(r.status).toBe('fail');
  });

  it('finite-difference catches ∂E/∂γ = Σ dy (x̂ forgotten)', async () => {
    const bad: typeof batchNormBackward = (X, p, dy, mode, o) => ({ ...batchNormBackward(X, p, dy, mode, o), dgamma: batchNormBackward(X, p, dy, mode, o).dbeta });
    expect((await runProperty(makeBatchNormFdProperty(bad), referenceSubject, { seed: 4, runs: 50 })).status).toBe('fail');
  });

  it('invariance catches normalising by the variance instead of the standard deviation', async () => {
    const byVar: typeof batchNormForward = (X, p, mode, o) => {
      const f = batchNormForward(X, p, mode, o);
      const xHat = f.xHat.map((r) => r.map((v, j) => v / f.sigma[j]!));
      return { ...f, xHat, y: xHat.map((r) => r.map((v, j) => p.gamma[j]! * v + p.beta[j]!)) };
    };
    expect((await runProperty(makeBatchNormInvarianceProperty(byVar), referenceSubject, { seed: 4, runs: 50 })).status).toBe('fail');
  });
});
