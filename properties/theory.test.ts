import { describe, expect, it } from 'vitest';
import type { Subject } from '../contract/types.js';
import { reluInterpolant } from '../reference/constructions/approx.js';
import { referenceSubject } from '../reference/index.js';
import { compileBoolean, parityTree } from '../reference/constructions/logic.js';
import { scalarSubject } from '../reference/scalar/index.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { plantedSubject } from './planted.js';
import {
  logitIsBce,
  makeBooleanProperty,
  makeParityProperty,
  makeReluInterpolationProperty,
  sigmoidStep,
  theoryProperties,
  vanishingGradient,
  type TruthTable,
} from './theory.js';
import type { Property } from './types.js';

async function status(p: Property, s: Subject, runs?: number) {
  return runProperty(p, s, { seed: 9, runs });
}

describe('theory properties', () => {
  it('hold for the float64 references', async () => {
    expect(await notHolding(theoryProperties, [referenceSubject, scalarSubject], 9)).toEqual([]);
  });

  it('boolean: catches a DNF whose minterm units fire one input too early, shrunk to n ≤ 2', async () => {
    const buggy: typeof compileBoolean = (t, form) => {
      const net = compileBoolean(t, form);
      return form === 'dnf' ? { layers: [{ ...net.layers[0]!, b: net.layers[0]!.b.map((b) => b + 1) }, net.layers[1]!] } : net;
    };
    const r = await status(makeBooleanProperty(buggy), referenceSubject, 50);
    expect(r.status).toBe('fail');
    expect((r.counterexample as TruthTable).n).toBeLessThanOrEqual(2);
    expect((await status(makeBooleanProperty(), plantedSubject('step-is-window'), 50)).status).toBe('fail');
  });

  it('parity: catches a tree that uses or instead of xor, and a miscounted flat form', async () => {
    const orTree = (n: number) => {
      const t = parityTree(n);
      // replace every nand unit's bias 3 by 5: nand becomes constant 1, so the block computes or
      return { ...t, net: { layers: t.net.layers.map((l) => ({ ...l, b: l.b.map((b) => (b === 3 ? 5 : b)) })) } };
    };
    expect((await status(makeParityProperty(orTree), referenceSubject)).status).toBe('fail');
    const cnf: typeof compileBoolean = (t) => compileBoolean(t.map((v) => (v ? 0 : 1)) as (0 | 1)[], 'cnf');
    expect((await status(makeParityProperty(parityTree, cnf), referenceSubject)).status).toBe('fail');
  });

  it('relu-sum: catches slopes applied one knot late', async () => {
    const late: typeof reluInterpolant = (knots, fx) => {
      const r = reluInterpolant(knots, fx);
      const w = [r.w[0]!, ...r.w.slice(0, -1).map((_, i) => r.w[i + 1]! * (i % 2 ? 1 : 0.5))];
      return { ...r, w, net: { layers: [r.net.layers[0]!, { ...r.net.layers[1]!, W: [w] }] } };
    };
    expect((await status(makeReluInterpolationProperty(late), referenceSubject, 50)).status).toBe('fail');
  });

  it('sigmoid step, vanishing gradient and logit loss catch the planted activation bugs', async () => {
    expect((await status(sigmoidStep, plantedSubject('sigmoid-sign'))).status).toBe('fail');
    expect((await status(vanishingGradient, plantedSubject('sigmoid-grad-is-sigma'))).status).toBe('fail');
    expect((await status(vanishingGradient, plantedSubject('bp2-no-sigma-prime'))).status).toBe('fail');
    expect((await status(logitIsBce, plantedSubject('sigmoid-sign'))).status).toBe('fail');
  });
});
