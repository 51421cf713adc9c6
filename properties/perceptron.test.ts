import { describe, expect, it } from 'vitest';
import type { Subject } from '../contract/types.js';
import { referenceSubject } from '../reference/index.js';
import { perceptronStep } from '../reference/perceptron.js';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import { runProperty } from './engine.js';
import { makePerceptronLearnProperty, notesGates, perceptronNovikoff, perceptronProperties, perceptronXorNeverConverges, type SeparableCase } from './perceptron.js';
import { novikoffBound, perceptronLearn } from '../reference/constructions/logic.js';
import { plantedSubject } from './planted.js';

function withPerceptron(name: string, fn: Subject['fns']['perceptronStep']): Subject {
  return { ...referenceSubject, name, fns: { ...referenceSubject.fns, perceptronStep: fn } };
}

describe('perceptron properties', () => {
  it('hold for the references', async () => {
    for (const s of [referenceSubject, scalarSubject, decimalSubject]) {
      for (const p of perceptronProperties) {
        const r = await runProperty(p, s, { seed: 5 });
        expect(r.status, `${s.name} ${p.id}: ${r.message}`).toBe(s === referenceSubject || !p.requires.includes('perceptronStep') ? 'pass' : r.status === 'missing' ? 'missing' : 'pass');
      }
    }
  });

  it('gates catch a step that is not a threshold', async () => {
    const r = await runProperty(notesGates, plantedSubject('step-is-window'), { seed: 5, runs: 50 });
    expect(r.status).toBe('fail');
  });

  it('novikoff catches a rule that learns the flipped labels', async () => {
    const wrong = withPerceptron('sign', (w, b, x, y, lr) => perceptronStep(w, b, x, (1 - y) as 0 | 1, lr));
    const r = await runProperty(perceptronNovikoff, wrong, { seed: 5, runs: 100 });
    expect(r.status).toBe('fail');
    // shrunk to a single example
    expect((r.counterexample as SeparableCase).X.length).toBe(1);
  });

  it('xor-never-converges catches a rule that never updates', async () => {
    const lazy = withPerceptron('lazy', (w, b) => ({ w: [...w], b }));
    const r = await runProperty(perceptronXorNeverConverges, lazy, { seed: 5, runs: 20 });
    expect(r.status).toBe('fail');
  });

  it('learning-algorithm catches a run that ignores w0, a default η of ½, a mistake count off by one, γ not normalised, a unit that fires only above 0', async () => {
    const fails = async (p: ReturnType<typeof makePerceptronLearnProperty>) => expect((await runProperty(p, referenceSubject, { seed: 9, runs: 100 })).status).toBe('fail');
    await fails(makePerceptronLearnProperty((X, y, o = {}) => perceptronLearn(X, y, { ...o, w0: undefined })));
    await fails(makePerceptronLearnProperty((X, y, o = {}) => perceptronLearn(X, y, { lr: 0.5, ...o })));
    await fails(makePerceptronLearnProperty((X, y, o) => { const r = perceptronLearn(X, y, o); return { ...r, mistakes: r.mistakes + 1 }; }));
    await fails(makePerceptronLearnProperty(perceptronLearn, (X, y, w, b) => { const r = novikoffBound(X, y, w, b); const n = Math.hypot(...w, b); return { ...r, gamma: r.gamma * n, bound: (r.R / (r.gamma * n)) ** 2 }; }));
    await fails(makePerceptronLearnProperty(perceptronLearn, novikoffBound, (u, x) => (x.reduce((s, v, k) => s + v * u.w[k]!, u.b) > 0 ? 1 : 0)));
  });
});
