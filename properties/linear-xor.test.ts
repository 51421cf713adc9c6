import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import type { NetCase } from './arbitraries.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { XOR_X, linearCollapse, linearProperties, xorNormalEquations, type CollapseInput } from './linear.js';
import { plantedSubject } from './planted.js';
import { checkFarkasCertificate, normalEquations, perceptronSystem, q, show } from './rational.js';
import { XOR_CERTIFICATE, xorNoPerceptron, xorProperties, xorReluNetwork, xorSigmoidNetwork, type PerceptronInput, type XorBatch } from './xor.js';

describe('linear collapse and XOR', () => {
  it('hold for the references and a correct subject', async () => {
    expect(await notHolding([...linearProperties, ...xorProperties], [referenceSubject, scalarSubject, decimalSubject, plantedSubject()], 31, () => 15)).toEqual([]);
  });

  it('the rational tools are not hard-wired to XOR', () => {
    // AND: least squares w = (½, ½), b = −¼; and the XOR certificate does not refute AND
    expect(normalEquations(XOR_X, [0, 0, 0, 1])!.map(show)).toEqual(['1/2', '1/2', '-1/4']);
    expect(checkFarkasCertificate(perceptronSystem(XOR_X, [0, 0, 0, 1]), XOR_CERTIFICATE)).toMatch(/not 0/);
    expect(checkFarkasCertificate(perceptronSystem(XOR_X, [0, 1, 1, 0]), [q(1), q(1), q(1), q(0)])).toMatch(/not 0/);
    expect(checkFarkasCertificate(perceptronSystem(XOR_X, [0, 1, 1, 0]), XOR_CERTIFICATE)).toBeNull();
  });

  it('linear.collapse catches a layer with a wrong bias, shrunk to the minimum depth', async () => {
    const r = await runProperty(linearCollapse, plantedSubject('forward-bias-skipped-above-1'), { seed: 32, runs: 100 });
    expect(r.status).toBe('fail');
    const c = r.counterexample as CollapseInput;
    expect(c.c.net.layers.length).toBe(2);
    expect(c.c.X.length).toBe(1);
    const r2 = await runProperty(linearCollapse, plantedSubject('forward-bias-doubled'), { seed: 32, runs: 100 });
    expect((r2.counterexample as CollapseInput).c.net.layers.length).toBe(1);
  });

  it('linear.xor-normal-equations catches an mse without ½ and a summed loss', async () => {
    for (const bug of ['mse-without-half', 'loss-sum'] as const) {
      const r = await runProperty(xorNormalEquations, plantedSubject(bug), { seed: 33, runs: 50 });
      expect(r.status, bug).toBe('fail');
      expect((r.counterexample as NetCase).net.layers.length).toBe(1);
      expect(r.message).toContain('least-squares');
    }
  });

  it('xor.relu-network catches relu = |z|; xor.sigmoid-network catches a sign-flipped sigmoid', async () => {
    const r = await runProperty(xorReluNetwork, plantedSubject('relu-is-abs'), { seed: 34, runs: 50 });
    expect(r.status).toBe('fail');
    expect((r.counterexample as XorBatch).rows.length).toBe(1);
    const s = await runProperty(xorSigmoidNetwork, plantedSubject('sigmoid-sign'), { seed: 34, runs: 50 });
    expect(s.status).toBe('fail');
    expect(s.counterexample).toEqual({ rows: [0], scale: 1 });
  });

  it('xor.no-perceptron catches a "step" that is not a threshold (a window |z| ≤ 1)', async () => {
    const r = await runProperty(xorNoPerceptron, plantedSubject('step-is-window'), { seed: 35, runs: 300 });
    expect(r.status).toBe('fail');
    const { w, b } = r.counterexample as PerceptronInput;
    // the window separates XOR only with |b| > 1 and w_i + b in [−1, 1]
    expect(Math.abs(b)).toBeGreaterThan(1);
    expect(Math.abs(w[0] + b)).toBeLessThanOrEqual(1);
  });
});
