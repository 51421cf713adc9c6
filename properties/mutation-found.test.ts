/**
 * Planted bugs that mutation testing found the suite blind to (npm run mutation, samples of seeds 4
 * and 5), one per check added for them; the other survivors' tests sit beside their properties.
 */
import { describe, expect, it } from 'vitest';
import { compileBoolean, novikoffBound, perceptronLearn, thresholdUnit } from '../reference/constructions/logic.js';
import { referenceSubject } from '../reference/index.js';
import { batchNormForward, initBatchNorm } from '../reference/learning/batchnorm.js';
import { makeBatchNormConvergenceProperty } from './batchnorm.js';
import { runProperty } from './engine.js';
import { softmaxShiftInvariance } from './facts.js';
import { makePerceptronLearnProperty } from './perceptron.js';
import { makeBooleanProperty } from './theory.js';
import type { Property } from './types.js';

const status = async (p: Property, subject = referenceSubject, runs?: number) => (await runProperty(p, subject, { seed: 11, ...(runs ? { runs } : {}) })).status;

describe('checks added for mutation-testing survivors', () => {
  it('fact.softmax-shift-invariance catches a softmax that subtracts the last logit instead of the largest', async () => {
    const lastAsMax = { ...referenceSubject, name: 'last-as-max', fns: { ...referenceSubject.fns, activate: (name: any, z: number[], alpha?: number) => {
      if (name !== 'softmax') return referenceSubject.fns.activate!(name, z, alpha);
      const m = z[z.length - 1]!;
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    } } };
    expect(await status(softmaxShiftInvariance, lastAsMax, 5)).toBe('fail');
    expect(await status(softmaxShiftInvariance, referenceSubject, 5)).toBe('pass');
  });

  it('batchnorm.running-converges catches an initBatchNorm with γ = 0 or σ²_run = 0', async () => {
    expect(await status(makeBatchNormConvergenceProperty(batchNormForward, (n) => ({ ...initBatchNorm(n), gamma: Array(n).fill(0) })), referenceSubject, 1)).toBe('fail');
    expect(await status(makeBatchNormConvergenceProperty(batchNormForward, (n) => ({ ...initBatchNorm(n), runningVar: Array(n).fill(0) })), referenceSubject, 1)).toBe('fail');
  });

  it('perceptron.learning-algorithm catches a Novikoff bound of Infinity for margins γ ≤ 1', async () => {
    const lax: typeof novikoffBound = (X, y, w, b) => {
      const r = novikoffBound(X, y, w, b);
      return r.gamma > 1 ? r : { ...r, bound: Infinity };
    };
    expect(await status(makePerceptronLearnProperty(perceptronLearn, lax, thresholdUnit))).toBe('fail');
  });

  it('theory.boolean-two-layer catches a constant-1 function whose output unit is step(1), not step(½)', async () => {
    const wrong: typeof compileBoolean = (table, form) => {
      const net = compileBoolean(table, form);
      const out = net.layers[1]!;
      return table.every((v) => v === 1) && form !== 'dnf' ? { layers: [net.layers[0]!, { ...out, b: [1] }] } : net;
    };
    expect(await status(makeBooleanProperty(wrong), referenceSubject, 200)).toBe('fail');
  });
});
