/**
 * Coverage is guaranteed per seed, not left to chance: every check's fixed cases (run before any random
 * one, whatever the seed) hold every element of its scope that changes its formula.
 */
import { describe, expect, it } from 'vitest';
import * as ref from '../reference/index.js';
import { ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, LOSSES, LOSS_OUTPUTS, OPTIMIZERS } from '../contract/names.js';
import type { BackwardResult, ContractFunctions } from '../contract/types.js';
import type { CheckContext } from '../engine/check.js';
import { checksFor } from './checks.js';
import type { LossCase, NetCase, StepCase } from './cases.js';
import { gradeSubject } from './grade.js';
import { subjectWith } from '../mistakes/plant.js';
import { FULL_SCOPE, narrowScope, pairings, type Scope } from './scope.js';

const SCOPES: Array<[string, Scope]> = [
  ['the whole contract', FULL_SCOPE],
  ['sigmoid and relu with mse and bce', narrowScope(FULL_SCOPE, { activations: 'sigmoid,relu,identity', losses: 'mse,bce' })],
  ['a course without softmax+mse', narrowScope(FULL_SCOPE, { pairings: 'identity+mse,sigmoid+mse,sigmoid+bce,softmax+cce' })],
  ['tanh only', narrowScope(FULL_SCOPE, { activations: 'tanh', losses: 'mse' })],
];

const ctxFor = (seed: number): CheckContext => ({ subject: ref.referenceSubject, seed, expected: ref as unknown as ContractFunctions, precision: 'float64', u: 2 ** -52, slack: 0 });

describe('every check holds fixed cases for every element of its scope, for every seed', () => {
  for (const [name, scope] of SCOPES) {
    it(name, () => {
      for (const seed of [1, 2, 3, 1234]) {
        const checks = checksFor(scope);
        for (const check of checks) {
          const ex = check.examples?.(ctxFor(seed)) ?? [];
          if (check.fn === 'forward' || check.fn === 'backward') {
            const cases = ex as NetCase[];
            const seen = new Set(cases.map((c) => `${c.net.layers.at(-1)!.activation}+${c.loss}`));
            for (const [a, l] of pairings(scope)) expect(seen.has(`${a}+${l}`), `${check.id}: pairing ${a}+${l} (seed ${seed})`).toBe(true);
            for (const c of cases) if (c.net.layers.at(-1)!.activation === 'softmax' && c.loss === 'mse') expect(c.net.layers.at(-1)!.W.length).toBeGreaterThanOrEqual(2);
            const hidden = new Set(cases.flatMap((c) => c.net.layers.slice(0, -1).map((l) => l.activation)));
            for (const h of ELEMENTWISE_ACTIVATIONS.filter((a) => scope.activations.includes(a))) {
              if (pairings(scope).length) expect(hidden.has(h), `${check.id}: ${h} in a hidden layer (seed ${seed})`).toBe(true);
            }
          }
          if (check.fn === 'loss') {
            const cases = ex as LossCase[];
            const name = check.id.slice('loss.'.length);
            if (name !== 'mse') expect(cases.some((c) => !Number.isFinite(ref.loss(name as 'bce', c.A, c.Y))), `${check.id}: an infinite loss`).toBe(true);
            // probability rows are dyadic and sum to exactly 1
            if (name === 'cce') for (const c of cases) for (const row of [...c.A, ...c.Y]) expect(row.reduce((s, v) => s + v, 0)).toBe(1);
          }
          if (check.fn === 'step') {
            for (const c of ex as StepCase[]) {
              const o = c.opt as unknown as Record<string, number>;
              for (const k of ['alpha', 'rho', 'beta1', 'beta2']) if (k in o) expect(o[k]! > 0 && o[k]! < 1, `${check.id}: ${k} away from the special points`).toBe(true);
            }
          }
        }
        expect(checks.map((c) => c.id).filter((id) => id.startsWith('step.'))).toEqual(scope.optimizers.map((o) => `step.${o}`));
      }
    });
  }

  it('the whole contract grades every pairing it accepts (the fixtures hold them all)', () => {
    expect(pairings(FULL_SCOPE).length).toBe(LOSSES.reduce((s, l) => s + LOSS_OUTPUTS[l].length, 0));
    expect(ACTIVATIONS.length + OPTIMIZERS.length).toBeGreaterThan(0);
  });
});

describe('a softmax gradient that is only the diagonal of its Jacobian fails backward.bp1 at every seed', () => {
  // δ^L = (a − y) ⊙ a(1 − a) for softmax + mse: the diagonal of the Jacobian, the cross terms dropped
  const diagonal: ContractFunctions['backward'] = (net, X, Y, loss): BackwardResult => {
    const r = ref.backward(net, X, Y, loss);
    const L = net.layers.length;
    if (net.layers[L - 1]!.activation !== 'softmax' || loss !== 'mse') return r;
    const a = ref.forward(net, X).a[L - 1]!;
    const dL = a.map((row, x) => row.map((ai, i) => (ai - Y[x]![i]!) * ai * (1 - ai)));
    return { ...r, delta: [...r.delta.slice(0, L - 1), dL] };
  };
  it('seeds 1–5', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await gradeSubject(subjectWith('softmax-diagonal', { backward: diagonal }), { seed, runs: 30, only: ['backward.bp1'] });
      expect(r.checks[0]!.status, `seed ${seed}`).toBe('fail');
    }
  }, 120_000);
});
