import { describe, expect, it } from 'vitest';
import * as ref from '../reference/index.js';
import type { Subject } from '../contract/types.js';
import { gradeSubject } from './grade.js';
import { pointsFor, rubricScope, validateRubric } from './rubric.js';

describe('rubric', () => {
  it('points: exact id, then the longest prefix, then "*"; none means 1 each', () => {
    const r = validateRubric({ points: { 'backward.': 2, 'backward.bp2': 5, 'activate.': 0.5, '*': 1, perceptronStep: 0 } });
    expect(pointsFor(r, 'backward.bp2')).toBe(5);
    expect(pointsFor(r, 'backward.bp3')).toBe(2);
    expect(pointsFor(r, 'activate.relu')).toBe(0.5);
    expect(pointsFor(r, 'activateGrad.relu')).toBe(1);
    expect(pointsFor(r, 'perceptronStep')).toBe(0);
    expect(pointsFor(validateRubric({ points: { forward: 3 } }), 'loss.mse')).toBe(0);
    expect(pointsFor(validateRubric({}), 'loss.mse')).toBe(1);
  });

  it('refuses unknown ids, names, fields and negative points, naming them', () => {
    expect(() => validateRubric({ points: { 'backward.bp5': 1 } })).toThrow(/unknown check id "backward.bp5"/);
    expect(() => validateRubric({ activations: ['swish'] })).toThrow(/unknown activation "swish"/);
    expect(() => validateRubric({ point: {} })).toThrow(/unknown rubric field "point"/);
    expect(() => validateRubric([])).toThrow(/expected a JSON object, got an array/);
    expect(() => validateRubric(null)).toThrow(/expected a JSON object, got null/);
    expect(() => validateRubric({ points: { forward: -1 } })).toThrow(/points\["forward"\]/);
  });

  it('restricts the scope, and every check draws only from it', async () => {
    const r = validateRubric({ activations: ['sigmoid', 'relu'], losses: ['mse'], optimizers: ['sgd'], points: { '*': 1, perceptronStep: 0 } });
    const scope = rubricScope(r);
    const seen = new Set<string>();
    const spy: Subject = {
      name: 'spy',
      precision: 'float64',
      fns: {
        activate: (n, z, a) => (seen.add(n), ref.activate(n, z, a)),
        activateGrad: (n, z, a) => (seen.add(n), ref.activateGrad(n, z, a)),
        loss: (n, A, Y) => (seen.add(n), ref.loss(n, A, Y)),
        forward: (net, X) => (net.layers.forEach((l) => seen.add(l.activation)), ref.forward(net, X)),
        backward: (net, X, Y, l) => (net.layers.forEach((x) => seen.add(x.activation)), seen.add(l), ref.backward(net, X, Y, l)),
        step: (o, p, g, s) => (seen.add(o.name), ref.step(o, p, g, s)),
      },
    };
    const rep = await gradeSubject(spy, { seed: 4, runs: 10, scope, rubric: r });
    expect(rep.score).toBe(rep.maxScore);
    expect(rep.checks.map((c) => c.id)).not.toContain('perceptronStep');
    expect([...seen].sort()).toEqual(['mse', 'relu', 'sgd', 'sigmoid']);
  });

  it('a function the submission lacks makes its checks "missing", worth 0', async () => {
    const { perceptronStep: _omit, ...fns } = { ...ref };
    void _omit;
    const rep = await gradeSubject({ name: 'lacking', precision: 'float64', fns: { activate: fns.activate } }, { seed: 1, runs: 3, only: ['activate.relu', 'perceptronStep'] });
    expect(rep.checks.map((c) => [c.id, c.status, c.points])).toEqual([
      ['activate.relu', 'pass', 1],
      ['perceptronStep', 'missing', 0],
    ]);
    expect(rep.checks[1]!.message).toMatch(/perceptronStep is not implemented/);
  });
});
