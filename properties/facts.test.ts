import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import {
  activationAutodiff,
  crossEntropyIsMaxLikelihood,
  factProperties,
  kinkConventions,
  sigmoidDerivative,
  softmaxCceDelta,
  softmaxShiftInvariance,
  tanhDerivative,
  type KinkInput,
} from './facts.js';
import { plantedSubject, type PlantedBug } from './planted.js';
import type { Property } from './types.js';

describe('facts', () => {
  it('hold for the references and a correct subject', async () => {
    expect(await notHolding(factProperties, [referenceSubject, scalarSubject, decimalSubject, plantedSubject()], 5, (p) => (p.defaultRuns! > 30 ? 40 : 8))).toEqual([]);
  });

  const cases: Array<[PlantedBug, Property, (c: any) => void]> = [
    ['sigmoid-grad-is-sigma', sigmoidDerivative, (z: number[]) => expect(z.length).toBe(1)],
    ['tanh-grad-no-square', tanhDerivative, (z: number[]) => expect(z.length).toBe(1)],
    ['softmax-no-max', softmaxShiftInvariance, (c: { z: number[] }) => expect(c.z.length).toBe(1)],
    ['softmax-cce-elementwise', softmaxCceDelta, (c: { net: { layers: unknown[] }; X: unknown[] }) => {
      expect(c.net.layers.length).toBe(1);
      expect(c.X.length).toBe(1);
    }],
    ['loss-sum', crossEntropyIsMaxLikelihood, (c: { A: unknown[] }) => expect(c.A.length).toBe(2)],
    ['cce-log2', crossEntropyIsMaxLikelihood, (c: { A: unknown[][] }) => expect(c.A.length).toBe(1)],
    ['relu-grad-at-0-is-1', kinkConventions, (c: KinkInput) => expect(c).toEqual({ name: 'relu', z: [0], alpha: undefined })],
    ['step-at-0-is-0', kinkConventions, (c: KinkInput) => expect(c.z).toEqual([0])],
    ['leaky-grad-at-0-is-1', kinkConventions, (c: KinkInput) => expect(c.z).toEqual([0])],
    ['elu-grad-at-0-is-alpha', kinkConventions, (c: KinkInput) => expect(c.alpha).not.toBe(1)],
    ['softplus-grad-is-tanh', activationAutodiff, (c: { z: number[] }) => expect(c.z.length).toBe(1)],
    ['identity-grad-2', activationAutodiff, (c: { name: string; z: number[] }) => expect(c).toEqual({ name: 'identity', z: [0], alpha: undefined })],
  ];
  it.each(cases)('planted %s is caught', async (bug, prop, shrunk) => {
    const r = await runProperty(prop, plantedSubject(bug), { seed: 13, runs: 200 });
    expect(r.status, r.message).toBe('fail');
    shrunk(r.counterexample);
  });
});
