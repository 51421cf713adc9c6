import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import type { Subject } from '../contract/types.js';
import { propertyTests } from './pack.js';
import { plantedSubject } from './planted.js';

/** A fake test runner: records each test and runs it with a context whose skip throws, as vitest's does. */
async function collect(subject: Subject, only: string[]) {
  const tests: Array<{ name: string; fn: (ctx?: { skip: (n?: string) => never }) => Promise<void> }> = [];
  propertyTests(subject, { it: (name, fn) => tests.push({ name, fn }), only, seed: 11, runs: 3 });
  const out: Record<string, string> = {};
  for (const t of tests) {
    try {
      await t.fn({ skip: (note) => { throw Object.assign(new Error(note), { skipped: true }); } });
      out[t.name] = 'pass';
    } catch (e) {
      out[t.name] = (e as { skipped?: boolean }).skipped ? `skip: ${(e as Error).message}` : `fail: ${(e as Error).message}`;
    }
  }
  return out;
}

describe('the property pack as vitest tests', () => {
  it('a property the subject cannot run is a skip with its reason, never a pass', async () => {
    const onlyActivate: Subject = { name: 'partial', precision: 'float64', fns: { activate: referenceSubject.fns.activate } };
    const r = await collect(onlyActivate, ['bp.bp1', 'differential.forward', 'init.glorot-uniform']);
    expect(r['bp.bp1']).toMatch(/^skip: bp\.bp1: backward is not implemented/);
    expect(r['differential.forward']).toMatch(/^skip: .*float32/);
    expect(r['init.glorot-uniform']).toMatch(/^skip: .*not applicable/);
  });

  it('a failure names the seed and a replay command that runs (the test runner with the seed in the environment)', async () => {
    const r = await collect(plantedSubject('bp3-sum'), ['bp.bp3']);
    expect(r['bp.bp3']).toMatch(/^fail: property bp\.bp3 failed/);
    expect(r['bp.bp3']).toMatch(/NN_ORACLE_SEED=11( NN_ORACLE_PATH=\S+)? npx vitest run -t 'bp\.bp3'/);
  });

  describe('with vitest itself (a skip would show as skipped in this report; the reference passes these)', () => {
    propertyTests(referenceSubject, { it, only: ['fact.tanh-derivative', 'bp.bp3'], runs: 5, seed: 3 });
  });
});
