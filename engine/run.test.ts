import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as ref from '../reference/index.js';
import type { Subject } from '../contract/types.js';
import type { Check, CheckContext } from './check.js';
import { OneOf } from './compare.js';
import { runCheck, runChecks } from './run.js';
import { conventionReference, NOTES_SETTINGS } from '../conventions/index.js';

const base: Omit<CheckContext, 'subject' | 'seed'> = { expected: conventionReference(NOTES_SETTINGS), precision: 'float64', u: 2 ** -52, slack: 0 };
const numbers = fc.integer({ min: -8, max: 8 });

const compare = (evaluate: Check<number>['evaluate']): Check<number> => ({ id: 'test.check', concept: 'a test check', requires: ['activate'], arbitrary: () => numbers, examples: () => [0], evaluate });

describe('the one runner', () => {
  it('an exception in the engine’s own evaluation of a check is an error, never a pass', async () => {
    const r = await runCheck(compare(() => { throw new TypeError('a bug in the check'); }), ref.referenceSubject, base, { seed: 1, runs: 5 });
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/could not be evaluated.*a bug in the check/);
  });

  it('a comparison that throws (a malformed bounds tree) is an error too', async () => {
    const bad = compare((z) => ({ input: { z }, expected: [z], got: [z + 1], bounds: (() => { throw new Error('no bound'); }) as never, ctx: {} }));
    expect((await runCheck(bad, ref.referenceSubject, base, { seed: 1, runs: 3 })).status).toBe('error');
  });

  it('what the subject throws on a valid input is an error with the input, and the failure is shrunk', async () => {
    const throws: Subject = { name: 'throws', precision: 'float64', fns: { activate: (_n, z) => { if (z[0]! > 3) throw new Error('too big'); return z; } } };
    const c = compare(async (z, s) => ({ input: { z }, expected: [z], got: await s.fns.activate!('identity', [z]), bounds: [0], ctx: {} }));
    const r = await runCheck(c, throws, base, { seed: 2, runs: 50 });
    expect(r.status).toBe('error');
    expect(r.counterexample?.input).toBe(4); // shrunk to the smallest number that throws
  });

  it('missing functions are not applicable, other precisions skipped, each with the reason', async () => {
    const none: Subject = { name: 'none', precision: 'float64', fns: {} };
    const m = await runCheck(compare(() => undefined), none, base, { seed: 1 });
    expect([m.status, m.missing]).toEqual(['missing', ['activate']]);
    const f32 = await runCheck({ ...compare(() => undefined), appliesTo: ['float32'] }, ref.referenceSubject, base, { seed: 1 });
    expect(f32.status).toBe('skipped');
    expect(f32.message).toMatch(/float32/);
  });

  it('OneOf: any of its values is right; NaN equals NaN; a wrong type is named', async () => {
    const judge = (got: unknown, expected: unknown) => runCheck(compare(() => ({ input: {}, expected, got, bounds: 1e-12, ctx: {} })), ref.referenceSubject, base, { seed: 1, runs: 1 });
    expect((await judge([NaN], [new OneOf([0.5, NaN])])).status).toBe('pass');
    expect((await judge([0.5], [new OneOf([0.5, NaN])])).status).toBe('pass');
    expect((await judge([0.25], [new OneOf([0.5, NaN])])).status).toBe('fail');
    const typed = await judge(['0'], [0]);
    expect(typed.status).toBe('fail');
    expect(typed.message).toMatch(/got the string "0" — a wrong type/);
  });

  it('a subject that did not load stops the run: every check after says so, none is attempted again', async () => {
    const { SubmissionLoadError } = await import('../contract/errors.js');
    let calls = 0;
    const broken: Subject = { name: 'broken', precision: 'float64', fns: { activate: () => { calls++; throw new SubmissionLoadError('SyntaxError: invalid syntax', 'hw.py:3'); } } };
    const c = compare(async (z, s) => ({ input: { z }, expected: [z], got: await s.fns.activate!('identity', [z]), bounds: [0], ctx: {} }));
    const out = await runChecks([c, { ...c, id: 'test.second' }], broken, base, { seed: 1, runs: 5 });
    expect(out.map((o) => [o.status, o.message])).toEqual([
      ['error', 'not graded: the submission did not load'],
      ['error', 'not graded: the submission did not load'],
    ]);
    expect(out[0]!.loadError).toEqual({ message: 'SyntaxError: invalid syntax', location: 'hw.py:3' });
    expect(calls).toBe(1);
  });
});
