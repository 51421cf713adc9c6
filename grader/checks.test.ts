import { describe, expect, it } from 'vitest';
import * as ref from '../reference/index.js';
import type { ContractFunctions } from '../contract/types.js';
import { checksFor } from './checks.js';
import { gradeSubject } from './grade.js';
import { FULL_SCOPE } from './scope.js';
import { plantedBackward, subjectWith } from '../mistakes/plant.js';

/** v + ε(|v| + 1) on every number of a tree: a small error, far above the float64 (float32) bounds. */
const nudge = (v: unknown, eps: number): any =>
  typeof v === 'number' ? v + eps * (Math.abs(v) + 1) : Array.isArray(v) ? v.map((x) => nudge(x, eps)) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nudge(x, eps)])) : v;

/** A subject that is right everywhere except a small error in what exactly one check compares. */
function nudged(id: string, eps: number): Partial<ContractFunctions> {
  const [head, tail] = id.split('.');
  switch (head) {
    case 'activate':
      return { activate: (n, z, a) => (n === tail ? nudge(ref.activate(n, z, a), eps) : ref.activate(n, z, a)) };
    case 'activateGrad':
      return { activateGrad: (n, z, a) => (n === tail ? nudge(ref.activateGrad(n, z, a), eps) : ref.activateGrad(n, z, a)) };
    case 'loss':
      return { loss: (n, A, Y) => (n === tail ? nudge(ref.loss(n, A, Y), eps) : ref.loss(n, A, Y)) };
    case 'forward':
      return { forward: (net, X) => ({ ...ref.forward(net, X), a: nudge(ref.forward(net, X).a, eps) }) };
    case 'backward':
      return {
        backward: (net, X, Y, l) => {
          const r = ref.backward(net, X, Y, l);
          const L = r.delta.length;
          if (tail === 'bp1') return { ...r, delta: [...r.delta.slice(0, L - 1), nudge(r.delta[L - 1], eps)] };
          if (tail === 'bp2') return { ...r, delta: [...nudge(r.delta.slice(0, L - 1), eps), r.delta[L - 1]!] };
          if (tail === 'bp3') return { ...r, gradB: nudge(r.gradB, eps) };
          return { ...r, gradW: nudge(r.gradW, eps) };
        },
      };
    case 'step':
      return { step: (o, p, g, s) => (o.name === tail ? (({ params, state }) => ({ params: nudge(params, eps), state }))(ref.step(o, p, g, s)) : ref.step(o, p, g, s)) };
    default:
      return { perceptronStep: (w, b, x, y, lr) => nudge(ref.perceptronStep(w, b, x, y, lr), eps) };
  }
}

describe('every check can fail, and only it: a small error in what it compares', () => {
  const ids = checksFor(FULL_SCOPE).map((c) => c.id);
  it('float64: an error of 1e-9 fails exactly the check that compares it', async () => {
    for (const id of ids) {
      const r = await gradeSubject(subjectWith(id, nudged(id, 1e-9)), { seed: 2, runs: 5 , only: [id] });
      expect(r.checks[0]!.status, id).toBe('fail');
    }
  }, 120_000);

  it('float32: an error of 1e-4 fails it too', async () => {
    for (const id of ids) {
      const r = await gradeSubject(subjectWith(id, nudged(id, 1e-4)), { seed: 2, runs: 5, only: [id], precision: 'float32' });
      expect(r.checks[0]!.status, id).toBe('fail');
    }
  }, 120_000);

  it('the localisation: a nudge in one BP equation fails no other backward check', async () => {
    // a submission's error in BP1 (or BP2) flows on through its own correct BP2–BP4 (BP3–BP4)
    const consistent: Record<string, Partial<ContractFunctions>> = {
      bp1: { backward: plantedBackward({ bp1: (_a, _y, _z, _sp, c) => nudge(c, 1e-9) }) },
      bp2: { backward: plantedBackward({ sp: (n, z, _a, al) => nudge(ref.activateGrad(n, z, al), 1e-9) }) },
      bp3: nudged('backward.bp3', 1e-9),
      bp4: nudged('backward.bp4', 1e-9),
    };
    for (const part of ['bp1', 'bp2', 'bp3', 'bp4']) {
      const r = await gradeSubject(subjectWith(part, consistent[part]!), { seed: 2, runs: 5, only: ['backward.bp1', 'backward.bp2', 'backward.bp3', 'backward.bp4'] });
      expect(r.checks.filter((c) => c.status !== 'pass').map((c) => c.id), part).toEqual([`backward.${part}`]);
    }
  }, 120_000);
});
