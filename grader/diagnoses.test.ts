/**
 * The catalogue of mistakes (mistakes/), graded: every entry's planted implementation fails exactly
 * the checks it shows on, each named as that entry — and, where the entry is also a documented
 * convention switch, with that switch's hint beside it (and no hint where it is none). The planted
 * subject of the property suite (mistakes/subject.ts, independent of the reference) is graded too:
 * each of its bugs is named by its catalogue id.
 */
import { describe, expect, it } from 'vitest';
import * as ref from '../reference/index.js';
import { alphaOf } from '../contract/names.js';
import type { ContractFunctions, Matrix, Net } from '../contract/types.js';
import { NOTES_SETTINGS, SWITCHES, conventionReference, knownValues, resolveConventions, variants, type SwitchName } from '../conventions/index.js';
import type { CheckContext, Evaluation } from '../engine/check.js';
import type { Failure } from '../engine/run.js';
import { firstDifference } from '../engine/compare.js';
import { MISTAKES, mistakeById } from '../mistakes/catalogue.js';
import { activateGradFor, at0, plantedBackward, subjectWith } from '../mistakes/plant.js';
import { PLANTED_ALIASES, PLANTED_BUGS, plantedSubject, resolvePlantedBug } from '../mistakes/subject.js';
import { appliesTo } from '../mistakes/types.js';
import { ALL_CHECK_IDS, checksFor } from './checks.js';
import { DIAGNOSES, diagnose } from './diagnoses.js';
import { gradeSubject, type GradeOptions } from './grade.js';
import { FULL_SCOPE } from './scope.js';
import { UNDERFLOW_SLACK, gradingU } from '../tolerance/grading.js';

/** Every settings one switch away from the notes', as `nn-oracle grade` passes them (cli/conventions.ts). */
const VARIANTS: NonNullable<GradeOptions['conventionVariants']> = variants(NOTES_SETTINGS).map((v) => ({ name: v.name, value: String(v.value), text: v.hint, affects: v.affects, expected: conventionReference(v.settings) }));

const ids = (patterns: readonly string[]) => ALL_CHECK_IDS.filter((id) => appliesTo({ checks: patterns }, id));

describe('the catalogue of mistakes', () => {
  it('has one entry per id, each with a recognition, a planted implementation and checks it can explain', () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(MISTAKES.map((d) => d.id)).size).toBe(MISTAKES.length);
    expect(DIAGNOSES).toBe(MISTAKES);
    for (const d of MISTAKES) {
      expect(d.id, d.id).toMatch(/^[a-z0-9_]+\.[a-zA-Z0-9-]+$/);
      expect([d.mistaken, d.thrown, d.refines].filter(Boolean).length, `${d.id}: exactly one kind of recognition`).toBe(1);
      expect(ids(d.checks).length, `${d.id}: its checks exist`).toBeGreaterThan(0);
      expect(d.planted.shows.length, d.id).toBeGreaterThan(0);
      for (const c of d.planted.shows) expect(appliesTo(d, c), `${d.id} shows on ${c}, one of its checks`).toBe(true);
      for (const r of d.refines ?? []) expect(mistakeById(r.over), `${d.id} refines ${r.over}`).toBeDefined();
      if (d.convention) expect((knownValues(d.convention.name) as unknown[]).map(String), `${d.id}: ${d.convention.name}`).toContain(d.convention.value);
      if (d.contradicts) expect(SWITCHES[d.contradicts as SwitchName]).toBeDefined();
    }
  });

  for (const d of MISTAKES) {
    it(`recognises ${d.id} on ${d.planted.shows.join(', ')}${d.convention ? `, with the hint ${d.convention.name}=${d.convention.value}` : ''}`, async () => {
      const only = d.planted.grade ?? d.planted.shows;
      const r = await gradeSubject(subjectWith(d.id, d.planted.fns), { seed: 7, runs: 25, only, conventionVariants: VARIANTS });
      expect(r.checks.map((c) => c.id).sort()).toEqual([...only].sort());
      for (const c of r.checks) {
        if (!d.planted.shows.includes(c.id)) {
          expect(c.status, `${c.id}: ${c.message}`).toBe('pass');
          continue;
        }
        expect(c.status === 'fail' || c.status === 'error', `${c.id}: ${c.message}`).toBe(true);
        expect(c.diagnosis?.id, `${c.id}: ${c.message}\n${JSON.stringify(c.counterexample)}`).toBe(d.id);
        expect(c.convention ? { name: c.convention.name, value: c.convention.value } : undefined, `${c.id}: the convention hint`).toEqual(d.convention);
      }
    });
  }
});

describe('a factor 2, a transposition or a missing term fails with --precision float32 too', () => {
  for (const id of ['mse.factor-2', 'bp4.transposed', 'bp2.missing-sigma-prime', 'derivative.factor-2', 'forward.no-bias', 'tanh.overflow']) {
    it(id, async () => {
      const d = mistakeById(id)!;
      const r = await gradeSubject(subjectWith(id, d.planted.fns), { seed: 8, runs: 25, only: d.planted.shows, precision: 'float32' });
      for (const c of r.checks) {
        expect(c.status, c.id).toBe('fail');
        expect(c.diagnosis?.id, c.id).toBe(id);
      }
    });
  }
});

describe('biases by plain sgd is named for every optimizer with a state', () => {
  const step: ContractFunctions['step'] = (opt, params, grads, state) => {
    const r = ref.step(opt, params, grads, state);
    return { params: { W: r.params.W, b: params.b.map((v, l) => v.map((w, j) => w - opt.lr * grads.b[l]![j]!)) }, state: r.state };
  };
  for (const o of ['adagrad', 'rmsprop', 'adam']) {
    it(`step.${o}`, async () => {
      const r = await gradeSubject(subjectWith(`bias-sgd-${o}`, { step }), { seed: 4, runs: 20, only: [`step.${o}`] });
      expect(r.checks[0]!.status).toBe('fail');
      expect(r.checks[0]!.diagnosis?.id).toBe('optimizer.bias-plain-sgd');
    });
  }
});

describe('the planted subject of the property suite (independent of the reference) makes catalogued mistakes', () => {
  it('its bugs are catalogue ids; the old names are aliases of them', () => {
    for (const b of PLANTED_BUGS) expect(mistakeById(b), b).toBeDefined();
    for (const [alias, id] of Object.entries(PLANTED_ALIASES)) expect(resolvePlantedBug(alias)).toBe(id);
    expect(() => resolvePlantedBug('bp2-no-sigma')).toThrow(/unknown planted bug "bp2-no-sigma".*bp2\.missing-sigma-prime/);
    expect(plantedSubject('bp2-no-sigma-prime').name).toBe('planted:bp2.missing-sigma-prime');
  });

  for (const id of PLANTED_BUGS) {
    it(`${id}: every check it fails names it`, async () => {
      const d = mistakeById(id)!;
      const only = ids(d.checks).filter((c) => checksFor(FULL_SCOPE).some((k) => k.id === c) && !c.startsWith('step.') && c !== 'perceptronStep');
      const r = await gradeSubject(plantedSubject(id), { seed: 5, runs: 20, only });
      const failed = r.checks.filter((c) => c.status !== 'pass');
      expect(failed.length, `${id} fails one of ${only.join(', ')}`).toBeGreaterThan(0);
      for (const c of failed) expect(c.diagnosis?.id, `${c.id}: ${c.message}`).toBe(id);
    });
  }
});

describe('the diagnosis that explains all the evidence wins over the first that matches', () => {
  // leaky_relu′(0) = 1 in BP2 only: in a net with a leaky_relu layer over an identity output, the
  // shrunk case (one unit at z = 0) is also what "BP2 without σ′" gives — there σ′ = 1 anyway
  const leakyKink = plantedBackward({ sp: (n, z, _a, al) => (n === 'leaky_relu' ? at0(z, ref.activateGrad(n, z, al), 1) : ref.activateGrad(n, z, al)) });
  const mixed: Net = {
    layers: [
      { W: [[1], [1]], b: [0, 0.5], activation: 'leaky_relu' },
      { W: [[1, -1]], b: [0.5], activation: 'tanh' },
      { W: [[0.75]], b: [0], activation: 'identity' },
    ],
  };

  it('graded, a leaky_relu with slope 1 at z = 0 in a mixed-activation net is the kink mistake, not BP2 without σ′', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await gradeSubject(subjectWith('leaky-kink', { backward: leakyKink }), { seed, runs: 30, only: ['backward.bp2'], conventionVariants: VARIANTS });
      const c = r.checks[0]!;
      expect(c.status, `seed ${seed}`).toBe('fail');
      expect(c.diagnosis?.id, `seed ${seed}`).toBe('leaky_relu.grad-at-zero');
      expect(c.convention?.name, `seed ${seed}`).toBe('leaky-relu-grad-at-zero');
    }
  });

  it('both explain the one failing case; the passing cases speak against the missing σ′, and with no passes the more specific entry wins', async () => {
    const check = checksFor(FULL_SCOPE).find((k) => k.id === 'backward.bp2')!;
    const ctx: CheckContext = { subject: subjectWith('leaky-kink', { backward: leakyKink }), seed: 1, expected: ref as unknown as CheckContext['expected'], precision: 'float64', u: gradingU('float64'), slack: UNDERFLOW_SLACK.float64 };
    const evaluate = async (X: Matrix) => (await check.evaluate({ net: mixed, X, Y: X.map(() => [0.25]), loss: 'mse' }, ctx.subject, ctx)) as Evaluation;
    // x = 0: the leaky_relu layer at z = (0, ½) — unit 0 on the kink — and the tanh layer at z = 0, where tanh′ = 1
    const kink = await evaluate([[0]]);
    // x = −4: the leaky_relu layer is negative (σ′ = α) and tanh′ < 1, so a missing σ′ would show; the subject is right
    const negative = await evaluate([[-4]]);
    expect(firstDifference(negative.expected, negative.got, negative.bounds, ctx.slack)).toBeNull();
    const asFailure = (ev: Evaluation): Failure => ({ case: ev.input, input: ev.input, ev });
    for (const name of ['bp2.missing-sigma-prime', 'leaky_relu.grad-at-zero']) {
      const m = mistakeById(name)!.mistaken!(kink, ctx);
      expect(m, `${name} explains the kink case`).toEqual(kink.got);
    }
    expect(diagnose('backward.bp2', [asFailure(kink)], ctx, [negative])?.id).toBe('leaky_relu.grad-at-zero');
    expect(diagnose('backward.bp2', [asFailure(kink)], ctx, [])?.id).toBe('leaky_relu.grad-at-zero');
    // and a real missing σ′ is still named as such: it fails the negative case too
    const noSp = subjectWith('no-sp', mistakeById('bp2.missing-sigma-prime')!.planted.fns);
    const evNo = async (X: Matrix) => (await check.evaluate({ net: mixed, X, Y: X.map(() => [0.25]), loss: 'mse' }, noSp, { ...ctx, subject: noSp })) as Evaluation;
    expect(diagnose('backward.bp2', [asFailure(await evNo([[-4]])), asFailure(await evNo([[0]]))], { ...ctx, subject: noSp }, [])?.id).toBe('bp2.missing-sigma-prime');
  });
});

describe('an errored check shows no diagnosis or convention borrowed from the cases that merely failed', () => {
  it('elu′(0) = α (a convention) on the fixed cases, a throw on the shrunk one: error, nothing named', async () => {
    const activateGrad: ContractFunctions['activateGrad'] = (n, z, al) => {
      if (n !== 'elu') return ref.activateGrad(n, z, al);
      // short vectors throw (so the shrunk case is a throw); the longer fixed cases answer with elu′(0) = α
      if (z.length < 3) throw new Error('ValueError: expected at least 3 inputs');
      return at0(z, ref.activateGrad(n, z, al), alphaOf('elu', al));
    };
    const r = await gradeSubject(subjectWith('elu-throws', { activateGrad }), { seed: 3, runs: 20, only: ['activateGrad.elu'], conventionVariants: VARIANTS });
    const c = r.checks[0]!;
    expect(c.status, c.message).toBe('error');
    expect(c.message).toMatch(/threw/);
    // the evidence holds cases that failed by value, as the convention computes them
    expect(c.counterexample?.threw).toMatch(/at least 3/);
    expect(c.diagnosis).toBeUndefined();
    expect(c.convention).toBeUndefined();
    // the same answers without the throw are the convention (the test could fail)
    const plain = await gradeSubject(subjectWith('elu', { activateGrad: activateGradFor('elu', (z, al) => at0(z, ref.activateGrad('elu', z, al), alphaOf('elu', al))) }), { seed: 3, runs: 20, only: ['activateGrad.elu'], conventionVariants: VARIANTS });
    expect(plain.checks[0]!.convention?.name).toBe('elu-grad-at-zero');
  });

  it('a check whose subject threw an overflow names the overflow, whatever else failed', async () => {
    const activate: ContractFunctions['activate'] = (n, z, al) => {
      if (n !== 'sigmoid') return ref.activate(n, z, al);
      if (z.some((v) => Math.abs(v) > 709)) throw new Error('OverflowError: math range error');
      return ref.activate('sigmoid', z.map((v) => -v)); // and wrong elsewhere: the sign mistake
    };
    const r = await gradeSubject(subjectWith('sigmoid-both', { activate }), { seed: 3, runs: 20, only: ['activate.sigmoid'] });
    const c = r.checks[0]!;
    if (c.status === 'error') expect(c.diagnosis?.id).toBe('exp.overflow-error');
    else expect(c.diagnosis?.id).toBe('sigmoid.sign');
  });
});

describe('loss and gradients with different batch reductions', () => {
  const sumSettings = resolveConventions({ flags: ['batch-reduction=sum'] });
  const sum = conventionReference(sumSettings);
  const BATCH = ['loss.mse', 'loss.bce', 'loss.cce', 'backward.bp3', 'backward.bp4'];

  it('the loss a sum, the gradients means: the loss checks name the mismatch, and no batch-reduction hint', async () => {
    const r = await gradeSubject(subjectWith('loss-sum', { loss: sum.loss }), { seed: 2, runs: 15, only: BATCH, conventionVariants: VARIANTS });
    for (const c of r.checks) {
      if (c.id.startsWith('loss.')) {
        expect(c.status, c.id).toBe('fail');
        expect(c.diagnosis?.id, c.id).toBe('batch.reduction-mismatch');
        expect(c.convention, c.id).toBeUndefined();
      } else expect(c.status, c.id).toBe('pass');
    }
  });

  it('all of them sums: each check names its sum with the hint batch-reduction=sum, and that switch gives full marks', async () => {
    const s = subjectWith('all-sums', { loss: sum.loss, backward: sum.backward });
    const r = await gradeSubject(s, { seed: 2, runs: 15, only: BATCH, conventionVariants: VARIANTS });
    const named = Object.fromEntries(r.checks.map((c) => [c.id, [c.status, c.diagnosis?.id, c.convention?.name]]));
    expect(named).toEqual({
      'loss.mse': ['fail', 'loss.sum-not-mean', 'batch-reduction'],
      'loss.bce': ['fail', 'loss.sum-not-mean', 'batch-reduction'],
      'loss.cce': ['fail', 'loss.sum-not-mean', 'batch-reduction'],
      'backward.bp3': ['fail', 'bp3.sum-not-mean', 'batch-reduction'],
      'backward.bp4': ['fail', 'bp4.sum-not-mean', 'batch-reduction'],
    });
    const judged = await gradeSubject(s, { seed: 2, runs: 15, only: BATCH, expected: sum, conventions: { 'batch-reduction': 'sum' } });
    for (const c of judged.checks) expect(c.status, `${c.id}: ${c.message}`).toBe('pass');
  });

  it('only gradB a sum: the mismatch, since the loss and gradW (means) passed', async () => {
    const r = await gradeSubject(subjectWith('bp3-sum', mistakeById('bp3.sum-not-mean')!.planted.fns), { seed: 2, runs: 15, only: BATCH, conventionVariants: VARIANTS });
    const bp3 = r.checks.find((c) => c.id === 'backward.bp3')!;
    expect(bp3.diagnosis?.id).toBe('batch.reduction-mismatch');
    expect(bp3.convention).toBeUndefined();
    expect(r.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual(['backward.bp3']);
  });
});

