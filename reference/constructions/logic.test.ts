import { describe, expect, it } from 'vitest';
import { forward } from '../index.js';
import { GATES, GATE_TRUTH, allInputs, compileBoolean, countUnits, novikoffBound, parity, parityTree, perceptronLearn, thresholdUnit } from './logic.js';

describe('threshold units and perceptrons', () => {
  it("the notes' gates on their truth tables", () => {
    for (const [name, u] of Object.entries(GATES)) {
      for (const x of allInputs(u.w.length)) expect(thresholdUnit(u, x), `${name}(${x})`).toBe(GATE_TRUTH[name as keyof typeof GATES](x));
    }
  });

  it('perceptron learning converges on AND within the Novikoff bound and never on XOR', () => {
    const X = allInputs(2);
    const and = perceptronLearn(X, [0, 0, 0, 1], { maxEpochs: 100 });
    expect(and.converged).toBe(true);
    expect(and.mistakes).toBeLessThanOrEqual(novikoffBound(X, [0, 0, 0, 1], [1, 1], -1.5).bound);
    const xor = perceptronLearn(X, [0, 1, 1, 0], { maxEpochs: 100 });
    expect(xor.converged).toBe(false);
    expect(xor.mistakesPerEpoch.every((m) => m > 0)).toBe(true);
  });

  it('compiles boolean functions to DNF and CNF networks (and constants)', () => {
    const table = [0, 1, 1, 1, 0, 0, 1, 0] as (0 | 1)[];
    for (const form of ['dnf', 'cnf', 'smaller'] as const) {
      const out = forward(compileBoolean(table, form), allInputs(3)).a[1]!.map((r) => r[0]);
      expect(out).toEqual(table);
    }
    expect(compileBoolean(table, 'dnf').layers[0]!.W).toHaveLength(4);
    for (const c of [[0, 0], [1, 1]] as (0 | 1)[][]) expect(forward(compileBoolean(c), allInputs(1)).a[1]!.map((r) => r[0])).toEqual(c);
  });

  it('parity tree: 3(n − 1) gate units; flat form 2^{n−1}', () => {
    for (let n = 2; n <= 7; n++) {
      const t = parityTree(n);
      expect(t.gateUnits).toBe(3 * (n - 1));
      expect(countUnits(t.net)).toBe(t.gateUnits + t.copyUnits);
      const X = allInputs(n);
      expect(forward(t.net, X).a[t.net.layers.length - 1]!.map((r) => r[0])).toEqual(X.map(parity));
      expect(compileBoolean(X.map(parity), 'dnf').layers[0]!.W).toHaveLength(2 ** (n - 1));
    }
  });
});
