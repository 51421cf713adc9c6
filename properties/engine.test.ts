import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotImplementedError } from '../contract/errors.js';
import { UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import type { Subject } from '../contract/types.js';
import { referenceSubject } from '../reference/index.js';
import { ALL_PAIRINGS, netCaseArb, parameterCount } from './arbitraries.js';
import { PropertyAssertionError, assertProperty, propertySeed, runProperty, runSuite } from './engine.js';
import { PropertyFailure } from './failure.js';
import { contractProperties, findProperty } from './index.js';
import type { Property } from './types.js';

const onlyForward: Subject = { name: 'fwd-only', precision: 'float64', fns: { forward: referenceSubject.fns.forward } };

const alwaysFails: Property<number> = {
  id: 'test.fails-above-10',
  concept: 'test',
  requires: [],
  arbitrary: () => fc.integer({ min: 0, max: 1000 }),
  check(_s, n) {
    if (n > 10) throw new PropertyFailure({ what: 'n ≤ 10', expected: 10, got: n });
  },
};

describe('engine', () => {
  it('derives a per-property seed from the run seed and the id, deterministically', () => {
    expect(propertySeed(1, 'bp.bp1')).toBe(propertySeed(1, 'bp.bp1'));
    expect(propertySeed(1, 'bp.bp1')).not.toBe(propertySeed(1, 'bp.bp2'));
    expect(propertySeed(1, 'bp.bp1')).not.toBe(propertySeed(2, 'bp.bp1'));
  });

  it('shrinks a failure, reports the counterexample, path and a replay command; replaying the path gives the same', async () => {
    const r = await runProperty(alwaysFails, referenceSubject, { seed: 42, runs: 100 });
    expect(r.status).toBe('fail');
    expect(r.counterexample).toBe(11); // shrunk to the smallest failing integer
    expect(r.message).toBe('n ≤ 10; expected 10, got 11; |difference| 1');
    expect(r.replay).toBe(`nn-oracle check --subject reference --property test.fails-above-10 --seed 42 --path ${r.path}`);
    const again = await runProperty(alwaysFails, referenceSubject, { seed: 42, path: r.path });
    expect(again.counterexample).toBe(11);
    expect(again.runs).toBe(1);
  });

  it('reports missing functions as missing (not failing), before and during the run', async () => {
    const bp1 = findProperty('bp.bp1')!;
    const r = await runProperty(bp1, onlyForward, { seed: 1, runs: 3 });
    expect(r.status).toBe('missing');
    expect(r.missing).toEqual(['backward']);
    const lying: Subject = { name: 'lying', precision: 'float64', fns: { backward: () => { throw new NotImplementedError('backward'); } } };
    const r2 = await runProperty(bp1, lying, { seed: 1, runs: 3 });
    expect(r2.status).toBe('missing');
  });

  it('skips properties that do not apply to the precision; reports broken generators as errors', async () => {
    const gpuOnly: Property<number> = { ...alwaysFails, id: 'test.gpu', appliesTo: ['float32'] };
    expect((await runProperty(gpuOnly, referenceSubject, { seed: 1 })).status).toBe('skipped');
    const broken: Property<number> = { ...alwaysFails, id: 'test.broken', arbitrary: () => { throw new Error('boom'); } };
    const b = await runProperty(broken, referenceSubject, { seed: 1 });
    expect(b.status).toBe('error');
    expect(b.message).toContain('boom');
    const skipsAll: Property<number> = { ...alwaysFails, id: 'test.pre', check: () => fc.pre(false) };
    expect((await runProperty(skipsAll, referenceSubject, { seed: 1, runs: 5 })).status).toBe('error');
  });

  it('a subject that hangs fails with a timeout when timeoutMs is given', async () => {
    const hangs: Subject = { name: 'hangs', precision: 'float64', fns: { activate: () => new Promise<number[]>(() => {}), activateGrad: () => [0] } };
    const r = await runProperty(findProperty('fact.kink-conventions')!, hangs, { seed: 1, runs: 3, timeoutMs: 50 });
    expect(r.status).toBe('timeout');
    expect(r.message).toMatch(/timeout/i);
  });

  it('runSuite reports progress and ok; assertProperty throws with seed and replay', async () => {
    const events: string[] = [];
    const suite = await runSuite([alwaysFails, findProperty('fact.kink-conventions')!], referenceSubject, {
      seed: 3,
      runs: 20,
      onProgress: (e) => events.push(`${e.kind}:${e.kind === 'start' ? e.property : e.result.status}`),
    });
    expect(events).toEqual(['start:test.fails-above-10', 'done:fail', 'start:fact.kink-conventions', 'done:pass']);
    expect(suite.ok).toBe(false);
    await expect(assertProperty(alwaysFails, referenceSubject, { seed: 3 })).rejects.toThrow(PropertyAssertionError);
    await expect(assertProperty(alwaysFails, referenceSubject, { seed: 3 })).rejects.toThrow(/seed 3, path .*\n.*--seed 3 --path/);
    const ok = await assertProperty(findProperty('xor.relu-network')!, referenceSubject, { runs: 5 });
    expect(ok.status).toBe('pass');
  });

  it('registers every property once with a concept citing the notes', () => {
    const ids = contractProperties.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const foundation = ['gradient.finite-difference', 'bp.bp1', 'bp.bp2', 'bp.bp3', 'bp.bp4', 'reference.matrix-equals-scalar', 'reference.float64-equals-decimal', 'linear.collapse', 'linear.xor-normal-equations', 'xor.relu-network', 'xor.sigmoid-network', 'xor.no-perceptron', 'fact.sigmoid-derivative', 'fact.tanh-derivative', 'fact.softmax-shift-invariance', 'fact.softmax-cce-delta', 'fact.cross-entropy-is-max-likelihood', 'fact.kink-conventions', 'autodiff.activation-derivatives'];
    for (const id of foundation) {
      expect(ids).toContain(id);
      expect(findProperty(id)!.concept).toMatch(/\b00[0-4]\b|contract/); // names the notes' file
    }
    for (const p of contractProperties) expect(p.concept.length).toBeGreaterThan(10);
  });
});

describe('arbitraries', () => {
  it('generate valid cases over every pairing, within the sizes, with targets valid for the loss', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(netCaseArb(), (c) => {
        const L = c.net.layers.length;
        expect(L).toBeGreaterThanOrEqual(1);
        expect(L).toBeLessThanOrEqual(4);
        expect(c.X.length).toBeGreaterThanOrEqual(1);
        expect(c.X.length).toBeLessThanOrEqual(5);
        c.net.layers.forEach((l, i) => {
          expect(l.W.length).toBeLessThanOrEqual(8);
          if (i < L - 1) expect(l.activation).not.toBe('softmax');
        });
        seen.add(`${c.net.layers[L - 1]!.activation}/${c.loss}`);
        for (const y of c.Y.flat()) if (c.loss !== 'mse') expect(y >= 0 && y <= 1).toBe(true);
        // a cce target row is c/Σc (one rounding per entry) summed here (n − 1 more): within γ_2n of 1
        if (c.loss === 'cce') for (const row of c.Y) expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThanOrEqual(gamma(2 * row.length, UNIT_ROUNDOFF.float64));
        expect(() => referenceSubject.fns.backward!(c.net, c.X, c.Y, c.loss)).not.toThrow();
      }),
      { seed: 1, numRuns: 400 },
    );
    expect(seen.size).toBe(ALL_PAIRINGS.length);
  });

  it('shrink toward depth 1, width 1, batch 1', () => {
    const r = fc.check(fc.property(netCaseArb(), (c) => parameterCount(c.net) < 0), { seed: 2 });
    const c = r.counterexample![0];
    expect(c.net.layers.length).toBe(1);
    expect(c.X).toEqual([[0]]);
    expect(c.net.layers[0]!.W).toEqual([[0]]);
  });
});
