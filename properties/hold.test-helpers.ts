/** Shared by the property tests: run properties on subjects that must pass them all. */
import type { Subject } from '../contract/types.js';
import { runProperty } from './engine.js';
import type { Property } from './types.js';

/**
 * Runs every property on every subject (runProperty with the given seed, and `runs(p)` random cases
 * where given) and returns one line `subject property: status message` per result that is not a pass
 * — so `expect(await notHolding(...)).toEqual([])` names every failure at once, not only the first.
 */
export async function notHolding(properties: readonly Property<any>[], subjects: readonly Subject[], seed: number, runs?: (p: Property<any>) => number | undefined): Promise<string[]> {
  const out: string[] = [];
  for (const s of subjects) {
    for (const p of properties) {
      const r = await runProperty(p, s, { seed, runs: runs?.(p) });
      if (r.status !== 'pass') out.push(`${s.name} ${p.id}: ${r.status} ${r.message ?? ''}`);
    }
  }
  return out;
}
