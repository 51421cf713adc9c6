import { describe, expect, it } from 'vitest';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import { bp1, bp2, bp3, bp4, backpropProperties } from './backprop.js';
import { runProperty } from './engine.js';
import { plantedSubject, type PlantedBug } from './planted.js';
import type { NetCase } from './arbitraries.js';

describe('BP1–BP4 properties', () => {
  it('pass on the scalar reference (float64), the decimal reference and a correct planted-free subject', async () => {
    for (const s of [scalarSubject, decimalSubject, plantedSubject()]) {
      for (const p of backpropProperties) {
        const r = await runProperty(p, s, { seed: 3, runs: s === decimalSubject ? 4 : 10 });
        expect(r.status, `${s.name} ${p.id}: ${r.message}`).toBe('pass');
      }
    }
  });

  const byId = { 'bp.bp1': bp1, 'bp.bp2': bp2, 'bp.bp3': bp3, 'bp.bp4': bp4 };
  const cases: Array<[PlantedBug, keyof typeof byId, number]> = [
    ['bp1-no-sigma-prime', 'bp.bp1', 1],
    ['bp2-no-sigma-prime', 'bp.bp2', 2],
    ['bp2-W-not-transposed', 'bp.bp2', 2],
    ['bp3-sum', 'bp.bp3', 1],
    ['bp4-sum', 'bp.bp4', 1],
    ['bp4-a-of-this-layer', 'bp.bp4', 1],
  ];
  it.each(cases)('%s fails %s with a shrunk counterexample (depth %i, batch ≤ 2)', async (bug, id, depth) => {
    const prop = byId[id];
    const r = await runProperty(prop, plantedSubject(bug), { seed: 11, runs: 100 });
    expect(r.status).toBe('fail');
    const c = r.counterexample as NetCase;
    expect(c.net.layers.length).toBe(depth);
    expect(c.X.length).toBeLessThanOrEqual(2);
    expect(r.replay).toContain(`--property ${prop.id} --seed 11 --path `);
    // each equation on its own: the other BP properties still pass on this subject
    for (const other of backpropProperties.filter((p) => p !== prop)) {
      const o = await runProperty(other, plantedSubject(bug), { seed: 11, runs: 10 });
      // (W instead of Wᵀ yields NaN δ for non-square W, which every property rejects)
      if (bug !== 'bp2-W-not-transposed') expect(o.status, `${other.id} on ${bug}: ${o.message}`).toBe('pass');
    }
  });
});
