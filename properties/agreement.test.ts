import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import { float64EqualsDecimal, matrixEqualsScalar } from './agreement.js';
import type { NetCase } from './arbitraries.js';
import { runProperty } from './engine.js';
import { plantedSubject, type PlantedBug } from './planted.js';

describe('agreement properties', () => {
  it('matrix reference = scalar reference, and both = decimal, within the derived bounds', async () => {
    for (const s of [referenceSubject, scalarSubject, decimalSubject, plantedSubject()]) {
      for (const p of [matrixEqualsScalar, float64EqualsDecimal]) {
        const r = await runProperty(p, s, { seed: 21, runs: s === decimalSubject ? 5 : 10 });
        expect(r.status, `${s.name} ${p.id}: ${r.message}`).toBe('pass');
      }
    }
  });
  const cases: Array<[PlantedBug, typeof matrixEqualsScalar, number]> = [
    ['forward-bias-doubled', matrixEqualsScalar, 1],
    ['bp2-no-sigma-prime', matrixEqualsScalar, 2],
    ['forward-bias-doubled', float64EqualsDecimal, 1],
    ['bp3-sum', float64EqualsDecimal, 1],
  ];
  it.each(cases.map(([b, p, d]) => [b, p.id, p, d] as const))('planted %s fails %s with a shrunk counterexample', async (bug, _id, prop, depth) => {
    const r = await runProperty(prop, plantedSubject(bug), { seed: 22, runs: 100 });
    expect(r.status).toBe('fail');
    const c = r.counterexample as NetCase;
    expect(c.net.layers.length).toBe(depth);
    expect(c.X.length).toBeLessThanOrEqual(2);
  });
});
