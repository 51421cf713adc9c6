import { describe, expect, it } from 'vitest';
import type { Subject } from '../contract/types.js';
import { referenceSubject } from '../reference/index.js';
import { perceptronStep } from '../reference/perceptron.js';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import { runProperty } from './engine.js';
import { notesGates, perceptronNovikoff, perceptronProperties, perceptronXorNeverConverges, type SeparableCase } from './perceptron.js';
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
});
