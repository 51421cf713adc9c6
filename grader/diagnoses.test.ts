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
