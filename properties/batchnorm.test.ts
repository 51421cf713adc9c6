import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { batchNormBackward, batchNormForward } from '../reference/learning/batchnorm.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { batchNormProperties, makeBatchNormConvergenceProperty, makeBatchNormFdProperty, makeBatchNormInvarianceProperty, makeBatchNormRunningProperty } from './batchnorm.js';

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

  /** The reference's forward with its running-statistics update replaced (μ_B, σ²_B recomputed here). */
  const withUpdate = (update: (old: { mean: number; variance: number }, batch: { mean: number; variance: number; B: number }, m: number) => { mean: number; variance: number }): typeof batchNormForward => (X, p, mode, o = {}) => {
    const f = batchNormForward(X, p, mode, o);
    if (mode !== 'train') return f;
    const m = o.momentum ?? 0.1;
    const next = f.mean.map((mu, j) => update({ mean: p.runningMean[j]!, variance: p.runningVar[j]! }, { mean: mu, variance: f.variance[j]!, B: X.length }, m));
    return { ...f, runningMean: next.map((x) => x.mean), runningVar: next.map((x) => x.variance) };
  };
  const unbiased = (b: { variance: number; B: number }) => (b.B > 1 ? (b.variance * b.B) / (b.B - 1) : b.variance);
  const RUNNING_BUGS: Array<[string, ReturnType<typeof withUpdate>]> = [
    // the mutant mutation testing found: (1 − m)/σ²_run instead of (1 − m)·σ²_run
    ['variance (1 − m)/σ²_run', withUpdate((o, b, m) => ({ mean: (1 - m) * o.mean + m * b.mean, variance: (1 - m) / o.variance + m * unbiased(b) }))],
    ['biased batch variance', withUpdate((o, b, m) => ({ mean: (1 - m) * o.mean + m * b.mean, variance: (1 - m) * o.variance + m * b.variance }))],
    ['momentum on the old value (Keras reading of m)', withUpdate((o, b, m) => ({ mean: m * o.mean + (1 - m) * b.mean, variance: m * o.variance + (1 - m) * unbiased(b) }))],
    ['running mean never updated', withUpdate((o, b, m) => ({ mean: o.mean, variance: (1 - m) * o.variance + m * unbiased(b) }))],
  ];
  it.each(RUNNING_BUGS)('running-statistics catches %s', async (_name, fwd) => {
    expect((await runProperty(makeBatchNormRunningProperty(fwd), referenceSubject, { seed: 4, runs: 60 })).status).toBe('fail');
  });
  it.each(RUNNING_BUGS.filter(([n]) => n !== 'biased batch variance'))('running-converges catches %s', async (_name, fwd) => {
    expect((await runProperty(makeBatchNormConvergenceProperty(fwd), referenceSubject, { seed: 4, runs: 4 })).status).toBe('fail');
  });
  it('running-statistics catches an eval mode that normalises with the batch statistics', async () => {
    const evalAsTrain: typeof batchNormForward = (X, p, mode, o) => {
      const f = batchNormForward(X, p, 'train', o);
      return mode === 'eval' ? { ...f, runningMean: p.runningMean, runningVar: p.runningVar } : f;
    };
    expect((await runProperty(makeBatchNormRunningProperty(evalAsTrain), referenceSubject, { seed: 4, runs: 60 })).status).toBe('fail');
  });

  it('invariance catches the variance computed in one pass, E[x²] − μ², which cancels after a large shift', async () => {
    const onePass: typeof batchNormForward = (X, p, mode, o = {}) => {
      const f = batchNormForward(X, p, mode, o);
      if (mode !== 'train') return f;
      const eps = o.eps ?? 1e-5;
      const variance = f.mean.map((mu, j) => X.reduce((s, r) => s + r[j]! * r[j]!, 0) / X.length - mu * mu);
      const sigma = variance.map((v) => Math.sqrt(Math.max(v, 0) + eps));
      const xHat = X.map((r) => r.map((x, j) => (x - f.mean[j]!) / sigma[j]!));
      return { ...f, variance, sigma, xHat, y: xHat.map((r) => r.map((v, j) => p.gamma[j]! * v + p.beta[j]!)) };
    };
    expect((await runProperty(makeBatchNormInvarianceProperty(onePass), referenceSubject, { seed: 4, runs: 100 })).status).toBe('fail');
  });
});
