import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import type { NetCase } from './arbitraries.js';
import { runProperty } from './engine.js';
import { finiteDifference, finiteDifferenceProperty } from './gradient.js';
import { plantedSubject, type PlantedBug } from './planted.js';

const directional = finiteDifferenceProperty({ fullMaxParams: 0 });

describe('gradient.finite-difference', () => {
  it('passes on the references and a correct subject, per coordinate and along directions', async () => {
    for (const s of [referenceSubject, scalarSubject, decimalSubject, plantedSubject()]) {
      for (const p of [finiteDifference, directional]) {
        const r = await runProperty(p, s, { seed: 1, runs: s === decimalSubject ? 4 : 8 });
        expect(r.status, `${s.name}: ${r.message}`).toBe('pass');
      }
    }
  });

  it.each([
    ['bp2-no-sigma-prime', 2],
    ['bp1-no-sigma-prime', 1],
    ['bp3-sum', 1],
    ['bp4-a-of-this-layer', 1],
  ] as Array<[PlantedBug, number]>)('catches %s with a shrunk counterexample (depth %i)', async (bug, depth) => {
    const r = await runProperty(finiteDifference, plantedSubject(bug), { seed: 7, runs: 100 });
    expect(r.status).toBe('fail');
    const { c } = r.counterexample as { c: NetCase };
    expect(c.net.layers.length).toBe(depth);
    expect(c.X.length).toBeLessThanOrEqual(2);
    expect(r.message).toMatch(/central difference of the batch-mean loss \(Decimal\)/);
  });

  it('catches a missing σ′ in BP2 along random directions too', async () => {
    const r = await runProperty(directional, plantedSubject('bp2-no-sigma-prime'), { seed: 8, runs: 100 });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/directional derivative dᵀ∇E/);
    expect((r.counterexample as { c: NetCase }).c.net.layers.length).toBe(2);
  });
});
