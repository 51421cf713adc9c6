import { describe, expect, it, vi } from 'vitest';
import type { Subject } from '../contract/types.js';
import { XOR_DATA, XOR_RECIPE, recipeNet } from '../reference/constructions/experiments.js';
import { backward, referenceSubject } from '../reference/index.js';
import { step } from '../reference/optimizers.js';
import { classificationError, crossValidate, datasetLoss, fitStandardizer, kFold, leaveOneOut, minibatchRanges, shuffleTogether, standardize, train, trainValidationSplit } from '../reference/learning/train.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { plantedSubject } from './planted.js';
import { makeCrossValidationProperty, makeDataHandlingProperty, makeTrainingLoopProperty, requiredSuccesses, trainWithSubject, trainingProperties, xorTrainedMlp } from './training.js';
import type { Property } from './types.js';

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
    // a constant column given σ = 2 (standardises to the same zeros, but is not the documented σ = 1)
    const two: typeof fitStandardizer = (X) => {
      const s = fitStandardizer(X);
      return { ...s, std: s.std.map((v, j) => (X.every((r) => r[j] === X[0]![j]) ? 2 : v)) };
    };
    expect((await runProperty(makeDataHandlingProperty({ ...impl, fitStandardizer: two }), referenceSubject, { seed: 8, runs: 200 })).status).toBe('fail');
  });

  const LOOP_BUGS: Array<[string, typeof train]> = [
    ['early stopping returns the last net, not the best', (net, data, o) => train(net, data, { ...o, earlyStopping: o.earlyStopping && { ...o.earlyStopping, patience: o.earlyStopping.patience + 100 } })],
    ['the schedule ignored', (net, data, o) => train(net, data, { ...o, schedule: undefined })],
    ['recordEvery ignored', (net, data, o) => train(net, data, { ...o, recordEvery: 1 })],
    ['the seed ignored', (net, data, o) => train(net, data, { ...o, seed: 0 })],
    ['onEpoch ignored', (net, data, o) => train(net, data, { ...o, onEpoch: (e) => void o.onEpoch?.(e) })],
    ['the state not resumed', (net, data, o) => train(net, data, { ...o, state: undefined })],
    ['one epoch too few', (net, data, o) => train(net, data, { ...o, epochs: Math.max(0, o.epochs - 1) })],
    ['a default seed other than the documented 0 (found by mutation testing)', (net, data, o) => train(net, data, { ...o, seed: o.seed ?? 1 })],
    ['bestEpoch 1 after 0 epochs under early stopping (found by mutation testing)', (net, data, o) => { const r = train(net, data, o); return o.epochs === 0 && o.earlyStopping ? { ...r, bestEpoch: 1 } : r; }],
    ['the best net returned for a validation set without early stopping', (net, data, o) => { const r = train(net, data, o); return o.validation && !o.earlyStopping ? { ...r, bestEpoch: 0 } : r; }],
  ];
  it.each(LOOP_BUGS)('training.loop catches %s', async (_n, bad) => {
    const r = await runProperty(makeTrainingLoopProperty(bad), referenceSubject, { seed: 8, runs: 150 });
    expect(r.status, r.message).toBe('fail');
  });

  const real = { crossValidate, kFold, leaveOneOut, trainValidationSplit, minibatchRanges, classificationError, datasetLoss };
  const CV_BUGS: Array<[string, Partial<typeof real>]> = [
    ['d* = argmax J_d', { crossValidate: (c, f, fit, err) => { const r = crossValidate(c, f, fit, err); const worst = r.table.reduce((a, b) => (b.validError > a.validError ? b : a)); return { ...r, best: worst.value }; } }],
    ['J_d from the training parts', { crossValidate: (c, f, fit, err) => { const r = crossValidate(c, f, fit, err); return { ...r, table: r.table.map((x) => ({ ...x, validError: x.trainError })) }; } }],
    ['leave-one-out with m − 1 folds', { leaveOneOut: (m) => kFold(m, Math.max(2, m - 1)) }],
    ['a split with one validation example too many', { trainValidationSplit: (m, f, s) => { const r = trainValidationSplit(m, f, s); return r.train.length > 1 ? { validation: [...r.validation, r.train[0]!], train: r.train.slice(1) } : r; } }],
    ['the last minibatch dropped', { minibatchRanges: (B, size) => { const r = minibatchRanges(B, size); return r.length > 1 && r[r.length - 1]![1] - r[r.length - 1]![0] < size ? r.slice(0, -1) : r; } }],
    ['a target of ½ counted as class 0', { classificationError: (net, data) => classificationError(net, { ...data, Y: data.Y.map((y) => (y.length === 1 && y[0] === 0.5 ? [0.4] : y)) }) }],
    ['the classification error counted wrongly on ties of ½', { classificationError: (net, data) => classificationError(net, data) * (data.X.length > 1 ? (data.X.length - 1) / data.X.length : 1) }],
  ];
  it.each(CV_BUGS)('training.cross-validation catches %s', async (_n, bad) => {
    const r = await runProperty(makeCrossValidationProperty({ ...real, ...bad }), referenceSubject, { seed: 8, runs: 150 });
    expect(r.status, r.message).toBe('fail');
  });

  it('training.experiments catches a parity label, an XOR corner, a recipe that differs from its description or its documented start', async () => {
    for (const patch of [
      (e: any) => ({ EXPERIMENTS: { ...e.EXPERIMENTS, parity: { ...e.EXPERIMENTS.parity, data: { ...e.EXPERIMENTS.parity.data, Y: e.EXPERIMENTS.parity.data.Y.map((y: number[], i: number) => (i === 3 ? [1 - y[0]!] : y)) } } } }),
      (e: any) => ({ XOR_DATA: { ...e.XOR_DATA, X: [[2, -1], ...e.XOR_DATA.X.slice(1)] } }),
      (e: any) => ({ EXPERIMENTS: { ...e.EXPERIMENTS, fit1d: { ...e.EXPERIMENTS.fit1d, recipe: { ...e.EXPERIMENTS.fit1d.recipe, batchSize: 4 } } } }),
      // a start other than the documented one (biases 1: found by mutation testing)
      (e: any) => ({ EXPERIMENTS: { ...e.EXPERIMENTS, parity: { ...e.EXPERIMENTS.parity, recipe: { ...e.EXPERIMENTS.parity.recipe, bias: 1 } } } }),
      // a failing seed listed wrongly (59 → 58: found by mutation testing)
      (e: any) => ({ XOR_MEASURED: { ...e.XOR_MEASURED, failing: e.XOR_MEASURED.failing.map((s: number) => (s === 59 ? 58 : s)) } }),
    ]) {
      vi.resetModules();
      vi.doMock('../reference/constructions/experiments.js', async (importOriginal) => {
        const e = (await importOriginal()) as Record<string, any>;
        const patched = { ...e, ...patch(e) };
        return { ...patched, experiment: (name: string) => patched.EXPERIMENTS[name] ?? e.experiment(name) };
      });
      try {
        const { trainingProperties: fresh } = await import('./training.js');
        const p = fresh.find((q: Property) => q.id === 'training.experiments')!;
        expect((await runProperty(p, referenceSubject, { seed: 8, runs: 3 })).status).toBe('fail');
      } finally {
        vi.doUnmock('../reference/constructions/experiments.js');
        vi.resetModules();
      }
    }
  });
});
