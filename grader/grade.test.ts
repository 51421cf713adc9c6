import { describe, expect, it } from 'vitest';
import * as reference from '../reference/index.js';
import type { Subject } from '../contract/types.js';
import { gradeSubject } from './grade.js';

describe('gradeSubject on the reference itself', () => {
  it('gives full marks (float64 and float32 tolerance)', async () => {
    for (const precision of ['float64', 'float32'] as const) {
      const r = await gradeSubject(reference.referenceSubject, { seed: 42, runs: 15, precision });
      const bad = r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.message}`);
      expect(bad).toEqual([]);
      expect(r.score).toBe(r.maxScore);
      expect(r.checks.length).toBe(31);
    }
  }, 120_000);
});
