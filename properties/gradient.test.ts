import { describe, expect, it } from 'vitest';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import { runProperty } from './engine.js';
import { finiteDifference } from './gradient.js';
import { plantedSubject } from './planted.js';

describe('gradient.finite-difference', () => {
  it('passes on the scalar reference (float64) and the decimal reference', async () => {
    for (const s of [scalarSubject, decimalSubject, plantedSubject()]) {
      const r = await runProperty(finiteDifference, s, { seed: 1, runs: 15 });
      expect(r.status, `${s.name}: ${r.message}`).toBe('pass');
    }
  });
  it.each([
    ['bp2-no-sigma-prime', 2],
    ['bp1-no-sigma-prime', 1],
    ['bp3-sum', 1],
    ['bp4-a-of-this-layer', 1],
  ] as const)('catches %s with a shrunk counterexample (depth ≤ %i)', async (bug, depth) => {
    const r = await runProperty(finiteDifference, plantedSubject(bug), { seed: 7, runs: 100 });
    expect(r.status).toBe('fail');
    const c = r.counterexample as { c: { net: { layers: unknown[] }; X: unknown[] } };
    expect(c.c.net.layers.length).toBe(depth);
    console.log(bug, r.message, JSON.stringify(r.counterexample), r.replay, r.ms);
  });
});
