import { describe, expect, it } from 'vitest';
import { DIAGNOSES } from './diagnoses.js';
import { gradeSubject } from './grade.js';
import { PLANTED, subjectWith } from './planted.js';

describe('the diagnosis catalogue', () => {
  it('has at least 15 entries, each with a planted mistake', () => {
    expect(DIAGNOSES.length).toBeGreaterThanOrEqual(15);
    expect(DIAGNOSES.map((d) => d.id).sort()).toEqual(Object.keys(PLANTED).sort());
  });

  for (const d of DIAGNOSES) {
    it(`recognises ${d.id}`, async () => {
      const [checkId, fns] = PLANTED[d.id]!;
      const r = await gradeSubject(subjectWith(d.id, fns), { seed: 7, runs: 25, only: [checkId] });
      const c = r.checks[0]!;
      expect(c.id).toBe(checkId);
      expect(c.status === 'fail' || c.status === 'error', c.message).toBe(true);
      expect(c.diagnosis?.id, `${c.message}\n${JSON.stringify(c.counterexample)}`).toBe(d.id);
    });
  }
});

describe('a factor 2, a transposition or a missing term fails with --precision float32 too', () => {
  for (const id of ['mse.factor-2', 'bp4.transposed', 'bp2.missing-sigma-prime', 'derivative.factor-2', 'forward.no-bias']) {
    it(id, async () => {
      const [checkId, fns] = PLANTED[id]!;
      const r = await gradeSubject(subjectWith(id, fns), { seed: 8, runs: 25, only: [checkId], precision: 'float32' });
      expect(r.checks[0]!.status).toBe('fail');
      expect(r.checks[0]!.diagnosis?.id).toBe(id);
    });
  }
});
