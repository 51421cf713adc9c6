/**
 * Sound localisation: BP2–BP4 give credit from the submission's own upstream δ only when that δ
 * carries evidence. A backward that returns zeros, a constant, or numbers unrelated to the net (with
 * gradB and gradW consistent with them) fails all four equations; each catalogued single mistake
 * still fails exactly its own.
 */
import { describe, expect, it } from 'vitest';
import * as ref from '../reference/index.js';
import type { BackwardResult, ContractFunctions, Matrix, Net } from '../contract/types.js';
import { gradeSubject } from './grade.js';
import { MISTAKES } from '../mistakes/catalogue.js';
import { subjectWith } from '../mistakes/plant.js';

const BP = ['backward.bp1', 'backward.bp2', 'backward.bp3', 'backward.bp4'];

/** A backward whose δ comes from `deltaOf`, with gradB and gradW the batch means BP3/BP4 make of it. */
function consistentWith(deltaOf: (net: Net, X: Matrix, l: number, rows: number, cols: number) => Matrix): ContractFunctions['backward'] {
  return (net, X): BackwardResult => {
    const fw = ref.forward(net, X);
    const B = X.length;
    const delta = net.layers.map((layer, l) => deltaOf(net, X, l, B, layer.W.length));
    const gradB = delta.map((d) => d[0]!.map((_, j) => d.reduce((s, dx) => s + dx[j]!, 0) / B));
    const gradW = delta.map((d, l) => {
      const below = l === 0 ? X : fw.a[l - 1]!;
      return d[0]!.map((_, j) => below[0]!.map((_, k) => d.reduce((s, dx, x) => s + dx[j]! * below[x]![k]!, 0) / B));
    });
    return { delta, gradW, gradB };
  };
}

/** Deterministic numbers in [−1, 1] that depend on the position only, never on the net. */
const noise = (l: number, x: number, j: number) => Math.sin(12.9898 * (l + 1) + 78.233 * (x + 1) + 37.719 * (j + 1)) % 1;

const failing = async (name: string, fns: Partial<ContractFunctions>, seed: number) => {
  const r = await gradeSubject(subjectWith(name, fns), { seed, runs: 10, only: BP });
  return r.checks.filter((c) => c.status !== 'pass').map((c) => c.id);
};

describe('BP2–BP4 need evidence in the δ they are judged from', () => {
  const cases: Array<[string, ContractFunctions['backward']]> = [
    ['zeros', consistentWith((_n, _X, _l, B, n) => Array.from({ length: B }, () => new Array<number>(n).fill(0)))],
    ['a constant', consistentWith((_n, _X, _l, B, n) => Array.from({ length: B }, () => new Array<number>(n).fill(0.5)))],
    ['unrelated to the net', consistentWith((_n, _X, l, B, n) => Array.from({ length: B }, (_, x) => Array.from({ length: n }, (_, j) => noise(l, x, j))))],
  ];
  for (const [what, backward] of cases) {
    it(`a δ of ${what} (gradients consistent with it) fails bp1, bp2, bp3 and bp4`, async () => {
      for (const seed of [1, 2, 3]) expect(await failing(what, { backward }, seed), `seed ${seed}`).toEqual(BP);
    }, 120_000);
  }

  it('each catalogued backward mistake fails exactly its own equation', async () => {
    for (const { id, planted } of MISTAKES) {
      // W instead of Wᵀ has no value on a non-square layer (the planted one answers NaN, real code
      // throws), which poisons gradB and gradW too: it cannot stay inside BP2
      if (!planted.fns.backward || id === 'bp2.w-instead-of-wT') continue;
      expect(await failing(id, planted.fns, 4), id).toEqual(planted.shows);
    }
  }, 240_000);
});
