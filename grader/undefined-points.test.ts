/**
 * Undefined means accepted, and profiles never crash a check: optimizers without a guard (0/0 = NaN
 * where g = 0 and eps = 0, as torch.optim and tf.train compute) pass every step check under the notes'
 * conventions and under every library profile; a NaN anywhere in the chain is judged, never "a bug in
 * the grader".
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conventionReference, profileSettings } from '../conventions/index.js';
import type { ContractFunctions, Subject } from '../contract/types.js';
import { gradeSubject } from './grade.js';

const STEPS = ['step.sgd', 'step.momentum', 'step.adagrad', 'step.rmsprop', 'step.adam'];

describe('the undefined-point rule', () => {
  it('an unguarded 0/0 = NaN passes under notes, pytorch, keras and tfjs where the profile computes the same formula', async () => {
    const mod = (await import(join(import.meta.dirname, '..', 'examples', 'students', 'torch-like-optimizers.mjs'))) as { step: ContractFunctions['step'] };
    const subject: Subject = { name: 'torch-like', precision: 'float64', fns: { step: mod.step } };
    for (const profile of ['notes', 'pytorch', 'keras', 'tfjs'] as const) {
      const r = await gradeSubject(subject, { seed: 3, runs: 20, only: STEPS, expected: conventionReference(profileSettings(profile)) });
      for (const c of r.checks) {
        expect(c.message, `${profile} ${c.id}`).not.toMatch(/bug in nn-oracle|bug in the grader|could not be evaluated/);
        expect(['pass', 'fail'], `${profile} ${c.id}: ${c.message}`).toContain(c.status);
      }
      if (profile === 'notes' || profile === 'pytorch') expect(r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`), profile).toEqual([]);
    }
  }, 120_000);

  it('a strict setting can still demand the contract’s value (optimizer-zero-over-zero=unchanged), so the rule is a switch that can fail', async () => {
    const mod = (await import(join(import.meta.dirname, '..', 'examples', 'students', 'torch-like-optimizers.mjs'))) as { step: ContractFunctions['step'] };
    const subject: Subject = { name: 'torch-like', precision: 'float64', fns: { step: mod.step } };
    const strict = { ...profileSettings('notes'), 'optimizer-zero-over-zero': 'unchanged' as const };
    const r = await gradeSubject(subject, { seed: 3, runs: 20, only: ['step.adam'], expected: conventionReference(strict) });
    expect(r.checks[0]!.status).toBe('fail');
  }, 60_000);
});
