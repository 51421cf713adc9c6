import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EXAMPLES, describeFailures, failing, gradeExample } from './examples.test-helpers.js';

/** Each buggy example fails exactly the check of its bug, with the right diagnosis. */
const CASES: Array<[string, string[], string, string]> = [
  ['bp2-no-sigma-prime.mjs', [], 'backward.bp2', 'bp2.missing-sigma-prime'],
  ['adam-no-bias-correction.mjs', [], 'step.adam', 'adam.no-bias-correction'],
  ['softmax-overflow.mjs', [], 'activate.softmax', 'softmax.overflow'],
  ['mse_no_half.py', ['--cmd'], 'loss.mse', 'mse.factor-2'],
  ['bp3_batch_sum.py', ['--cmd'], 'backward.bp3', 'batch.reduction-mismatch'],
  ['perceptron_strict.py', ['--cmd'], 'perceptronStep', 'perceptron.strict-threshold'],
];

describe('buggy examples', () => {
  for (const [file, how, check, diagnosis] of CASES) {
    it(`${file} fails only ${check}, diagnosed as ${diagnosis}`, async () => {
      const path = join(EXAMPLES, file);
      const r = await gradeExample(how.length ? ['--cmd', `python3 ${path}`] : [path]);
      expect(failing(r), describeFailures(r)).toEqual([check]);
      const c = r.checks.find((x) => x.id === check)!;
      expect(c.status).toBe('fail');
      expect(c.diagnosis?.id).toBe(diagnosis);
      expect(c.counterexample?.firstDifference).toBeDefined();
      expect(c.replay).toContain(`--only ${check}`);
      expect(r.score).toBe(r.maxScore - 1);
    }, 60_000);
  }
});
