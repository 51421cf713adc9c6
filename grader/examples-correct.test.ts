import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EXAMPLES, describeFailures, failing, gradeExample } from './examples.test-helpers.js';

describe('the correct examples get full marks', () => {
  it('JavaScript module', async () => {
    const r = await gradeExample([join(EXAMPLES, 'correct.mjs')]);
    expect(failing(r), describeFailures(r)).toEqual([]);
    expect(r.score).toBe(31);
  }, 60_000);

  it('plain Python program (--cmd)', async () => {
    const r = await gradeExample(['--cmd', `python3 ${join(EXAMPLES, 'correct.py')}`]);
    expect(failing(r), describeFailures(r)).toEqual([]);
    expect(r.score).toBe(r.maxScore);
  }, 60_000);

  it('float32 storage passes with --precision float32 and fails with float64', async () => {
    const r32 = await gradeExample([join(EXAMPLES, 'correct-float32.mjs'), '--precision', 'float32']);
    expect(failing(r32), describeFailures(r32)).toEqual([]);
    const r64 = await gradeExample([join(EXAMPLES, 'correct-float32.mjs'), '--only', 'activate.sigmoid,forward,backward.bp4,step.adam']);
    expect(failing(r64)).toEqual(['activate.sigmoid', 'forward', 'backward.bp4', 'step.adam']);
  }, 90_000);

  it('a TypeScript course subset gets full marks under its rubric and scope', async () => {
    const r = await gradeExample([join(EXAMPLES, 'course-subset.ts'), '--rubric', join(EXAMPLES, 'course-rubric.json')]);
    expect(failing(r), describeFailures(r)).toEqual([]);
    expect(r.checks.map((c) => c.id)).toEqual([
      'activate.sigmoid',
      'activate.relu',
      'activateGrad.sigmoid',
      'activateGrad.relu',
      'loss.mse',
      'forward',
      'backward.bp1',
      'backward.bp2',
      'backward.bp3',
      'backward.bp4',
      'step.sgd',
    ]);
    expect(r.maxScore).toBe(15);
    // without the scope it answers errors and loses the other checks
    const full = await gradeExample([join(EXAMPLES, 'course-subset.ts'), '--only', 'activate.tanh,loss.bce']);
    expect(full.checks.map((c) => c.status)).toEqual(['error', 'error']);
  }, 90_000);
});

describe('float32 arithmetic throughout', () => {
  it('a submission rounding every operation to float32 gets full marks with --precision float32 (more cases)', async () => {
    const r = await gradeExample([join(EXAMPLES, 'correct-float32-ops.mjs'), '--precision', 'float32', '--runs', '60', '--seed', '13']);
    expect(failing(r), describeFailures(r)).toEqual([]);
  }, 120_000);
});
