import { describe, expect, it } from 'vitest';
import type { Subject } from '../contract/types.js';
import { XOR_DATA, XOR_RECIPE, recipeNet } from '../reference/constructions/experiments.js';
import { backward, referenceSubject } from '../reference/index.js';
import { step } from '../reference/optimizers.js';
import { fitStandardizer, kFold, shuffleTogether, standardize, train } from '../reference/learning/train.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { plantedSubject } from './planted.js';
import { makeDataHandlingProperty, requiredSuccesses, trainWithSubject, trainingProperties, xorTrainedMlp } from './training.js';

describe('training properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(trainingProperties, [referenceSubject], 8)).toEqual([]);
  });

  it('the required successes follow the binomial tail', () => {
    expect(requiredSuccesses(10)).toBe(6);
    expect(requiredSuccesses(1)).toBe(0);
  });

  it("the property's loop is the reference train() loop (same net after training)", async () => {
    const net = recipeNet(XOR_RECIPE, 3);
    const short = { ...XOR_RECIPE, epochs: 50 };
    const a = await trainWithSubject(referenceSubject, net, short, XOR_DATA.X, XOR_DATA.Y);
    const b = train(net, XOR_DATA, { loss: short.loss, optimizer: short.optimizer, epochs: short.epochs }).net;
    expect(a).toEqual(b);
  });

  it("xor.trained-mlp catches a step that ascends, BP2 with W instead of Wᵀ, BP4 with the wrong example's a", async () => {
    const ascent: Subject = { ...referenceSubject, name: 'ascent', fns: { ...referenceSubject.fns, step: (o, p, g, s) => step(o, p, { W: g.W.map((W) => W.map((r) => r.map((x) => -x))), b: g.b.map((b) => b.map((x) => -x)) }, s) } };
    expect((await runProperty(xorTrainedMlp, ascent, { seed: 8 })).status).toBe('fail');
    for (const bug of ['bp2-W-not-transposed', 'bp4-a-of-this-layer'] as const) {
      const s: Subject = { ...plantedSubject(bug), fns: { ...plantedSubject(bug).fns, step } };
      expect((await runProperty(xorTrainedMlp, s, { seed: 8 })).status, bug).toBe('fail');
    }
    // sanity: the planted subject without a bug passes
    const clean: Subject = { ...plantedSubject(), fns: { ...plantedSubject().fns, step } };
    expect((await runProperty(xorTrainedMlp, clean, { seed: 8 })).status).toBe('pass');
    void backward;
  });

  it('data-handling catches a shuffle that permutes X and Y separately, uneven folds, and sd with B − 1', async () => {
    const impl = { shuffleTogether, kFold, fitStandardizer, standardize };
    const badShuffle: typeof shuffleTogether = (X, Y, rng) => ({ ...shuffleTogether(X, Y, rng), Y: shuffleTogether(X, Y, rng).Y });
    expect((await runProperty(makeDataHandlingProperty({ ...impl, shuffleTogether: badShuffle }), referenceSubject, { seed: 8 })).status).toBe('fail');
    const uneven: typeof kFold = (m, k, seed) => {
      const f = kFold(m, k, seed);
      if (k < 2 || f[0]!.validation.length < 2) return f;
      const moved = f[0]!.validation.pop()!;
      f[1]!.validation.push(moved);
      return f;
    };
    expect((await runProperty(makeDataHandlingProperty({ ...impl, kFold: uneven }), referenceSubject, { seed: 8, runs: 100 })).status).toBe('fail');
    const sample: typeof fitStandardizer = (X) => {
      const s = fitStandardizer(X);
      return { ...s, std: s.std.map((v) => (X.length > 1 ? v * Math.sqrt(X.length / (X.length - 1)) : v)) };
    };
    expect((await runProperty(makeDataHandlingProperty({ ...impl, fitStandardizer: sample }), referenceSubject, { seed: 8, runs: 100 })).status).toBe('fail');
  });
});
