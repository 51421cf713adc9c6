import { describe, expect, it } from 'vitest';
import { EXPERIMENTS, XOR_DATA, XOR_MEASURED, XOR_RECIPE, recipeNet } from './experiments.js';
import { classificationError, train } from '../learning/train.js';

/** Re-measures the documented XOR share (docs/training.md) over seeds 0..199: ~10 s on a quiet core. */
describe('experiments', () => {
  it(`xor recipe: ${XOR_MEASURED.successes}/${XOR_MEASURED.seeds} seeds reach zero classification error (≥ 95%)`, () => {
    const failing: number[] = [];
    for (let seed = 0; seed < XOR_MEASURED.seeds; seed++) {
      const r = train(recipeNet(XOR_RECIPE, seed), XOR_DATA, { loss: XOR_RECIPE.loss, optimizer: XOR_RECIPE.optimizer, epochs: XOR_RECIPE.epochs, batchSize: XOR_RECIPE.batchSize, seed, recordEvery: XOR_RECIPE.epochs });
      if (classificationError(r.net, XOR_DATA) !== 0) failing.push(seed);
    }
    expect(failing).toEqual([...XOR_MEASURED.failing]);
    expect(XOR_MEASURED.successes).toBe(XOR_MEASURED.seeds - failing.length);
    expect(XOR_MEASURED.successes / XOR_MEASURED.seeds).toBeGreaterThanOrEqual(0.95);
  }, 300_000);

  it('parity and fit1d recipes learn (seed 0)', () => {
    const p = EXPERIMENTS.parity!;
    const rp = train(recipeNet(p.recipe, 0), p.data, { loss: p.recipe.loss, optimizer: p.recipe.optimizer, epochs: p.recipe.epochs, recordEvery: p.recipe.epochs });
    expect(classificationError(rp.net, p.data)).toBe(0);
    const f = EXPERIMENTS.fit1d!;
    const rf = train(recipeNet(f.recipe, 0), f.data, { loss: f.recipe.loss, optimizer: f.recipe.optimizer, epochs: f.recipe.epochs, batchSize: f.recipe.batchSize, seed: 0, recordEvery: 100 });
    expect(rf.history[rf.history.length - 1]!.loss).toBeLessThan(rf.history[0]!.loss / 10);
  }, 120_000);
});
