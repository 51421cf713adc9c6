import { describe, expect, it, vi } from 'vitest';
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

  it("boolean catches a 'smaller' form that picks the larger one, and a CNF output unit with the OR's bias", async () => {
    const larger: typeof compileBoolean = (t, form = 'smaller') => (form === 'smaller' ? compileBoolean(t, t.filter((v) => v === 1).length <= t.length / 2 ? 'cnf' : 'dnf') : compileBoolean(t, form));
    expect((await status(makeBooleanProperty(larger), referenceSubject, 50)).status).toBe('fail');
  });

  it('parity catches a pass-through unit with bias −1 (the same function on bits, not the documented unit) and an XOR tree that refuses n = 2', async () => {
    const minusOne: typeof parityTree = (n) => {
      const t = parityTree(n);
      return { ...t, net: { layers: t.net.layers.map((l) => ({ ...l, b: l.b.map((b, j) => (b === -0.5 && l.W[j]!.filter((w) => w !== 0).length === 1 ? -1 : b)) })) } };
    };
    expect((await status(makeParityProperty(minusOne), referenceSubject, 20)).status).toBe('fail');
    const doubled: typeof parityTree = (n) => {
      const t = parityTree(n);
      return { ...t, net: { layers: t.net.layers.map((l) => ({ ...l, W: l.W.map((r, j) => (l.b[j] === -0.5 && r.filter((w) => w !== 0).length === 1 ? r.map((w) => 2 * w) : r)) })) } };
    };
    expect((await status(makeParityProperty(doubled), referenceSubject, 20)).status).toBe('fail');
    const noTwo: typeof parityTree = (n) => {
      if (n <= 2) throw new RangeError('n must be > 2');
      return parityTree(n);
    };
    expect((await status(makeParityProperty(noTwo), referenceSubject, 3)).status).toBe('fail');
  });

  it('theory.constructions catches chainGradientIn without the last σ′, an edge b/w, a ReLU sum without its bias c', async () => {
    for (const [module, patch] of [
      ['../reference/constructions/theory.js', (r: any) => ({ chainGradientIn: (F: any, ws: any, x: any, a: any) => { const g = r.chainGradientIn(F, ws, x, a); const ga = r.chainGradientIn(F, ws.slice(0, -1).length ? ws.slice(0, -1) : ws, x, a); return ws.length > 1 ? { ...g, dyHatDw1: F.mul(ga.dyHatDw1, ws[ws.length - 1]) } : { ...g, dyHatDw1: F.mul(g.dyHatDw1, F.of(2)) }; } })],
      ['../reference/constructions/approx.js', (r: any) => ({ sigmoidEdge: (w: number, b: number) => (w === 16 ? r.sigmoidEdge(w, b) : b / w) })],
      ['../reference/constructions/approx.js', (r: any) => ({ evalReluSum: (ri: any, x: number) => r.evalReluSum(ri, x) - ri.c })],
    ] as const) {
      vi.resetModules();
      vi.doMock(module, async (importOriginal) => ({ ...((await importOriginal()) as object), ...patch(await importOriginal()) }));
      try {
        const { constructionsProperty } = await import('./theory.js');
        expect((await status(constructionsProperty, referenceSubject, 60)).status, module).toBe('fail');
      } finally {
        vi.doUnmock(module);
        vi.resetModules();
      }
    }
  });
});
