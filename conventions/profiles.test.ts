/**
 * Convention profiles: each is exactly its documented bundle of switch values; the notes' settings
 * reproduce the reference exactly (two derivations of the optimizers agree bit for bit); each library
 * profile differs from the notes exactly where its switches say, and every difference names its source.
 */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../contract/names.js';
import { UNIT_ROUNDOFF } from '../tolerance/model.js';
import type { Optimizer, OptimizerState, Params } from '../contract/types.js';
import { activate, activateGrad, backward, loss, step } from '../reference/index.js';
import { createRng } from '../reference/learning/rng.js';
import { conventionStep, lossScale } from './expected.js';
import { PROFILES, PROFILE_NAMES, differencesFromNotes, getProfile, inNotesConventions, profileReference } from './profiles.js';
import { NOTES_SETTINGS, SWITCH_NAMES, type ConventionSettings } from './switches.js';

const OPTS: Optimizer[] = [
  { name: 'sgd', lr: 0.1 },
  { name: 'momentum', lr: 0.1, alpha: 0.9 },
  { name: 'adagrad', lr: 0.1, eps: 1e-8 },
  { name: 'rmsprop', lr: 0.01, rho: 0.9, eps: 1e-8 },
  { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
];

function randomParams(seed: number): Params {
  const rng = createRng(seed);
  const m = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniformIn(-1, 1)));
  return { W: [m(3, 2), m(1, 3)], b: [m(1, 3)[0]!, [rng.uniformIn(-1, 1)]] };
}

/** The bundles as docs/oracle.md documents them: only the switches that differ from the notes. */
const DOCUMENTED: Record<'pytorch' | 'keras' | 'tfjs', Partial<ConventionSettings>> = {
  pytorch: {
    'elu-grad-at-zero': 'alpha',
    'mse-form': 'mean',
    'bce-form': 'mean',
    'bce-log-clamp': 100,
    'momentum-form': 'lr-outside',
    'optimizer-zero-over-zero': 'nan',
  },
  keras: {
    'elu-grad-at-zero': 'alpha',
    'leaky-relu-alpha': 0.3,
    'mse-form': 'mean',
    'bce-form': 'mean',
    'probability-clip': 1e-7,
    'cce-normalize': 'yes',
    'adagrad-initial-accumulator': 0.1,
    'adagrad-eps': 'inside',
    'rmsprop-eps': 'inside',
    'adam-eps': 'hat',
    'optimizer-zero-over-zero': 'nan',
  },
  tfjs: {
    'step-at-zero': 'zero',
    'leaky-relu-alpha': 0.2,
    'mse-form': 'mean',
    'bce-form': 'mean',
    'probability-clip': 1e-7,
    'cce-normalize': 'yes',
    'momentum-form': 'lr-outside',
    'adagrad-initial-accumulator': 0.1,
    'adagrad-eps': 'inside',
    'adagrad-fixed-eps': 1e-7,
    'rmsprop-eps': 'inside',
    'optimizer-zero-over-zero': 'nan',
  },
};

describe('convention profiles', () => {
  it('notes is every default; each library profile is exactly its documented bundle', () => {
    expect(PROFILES.notes.settings).toEqual(NOTES_SETTINGS);
    for (const lib of ['pytorch', 'keras', 'tfjs'] as const) {
      expect(PROFILES[lib].settings, lib).toEqual({ ...NOTES_SETTINGS, ...DOCUMENTED[lib] });
      expect(differencesFromNotes(lib).sort(), lib).toEqual(Object.keys(DOCUMENTED[lib]).sort());
    }
    expect(PROFILE_NAMES).toEqual(['notes', 'pytorch', 'keras', 'tfjs']);
  });

  it('every value of every profile names its source', () => {
    for (const name of PROFILE_NAMES) for (const n of SWITCH_NAMES) expect(PROFILES[name].source[n], `${name}.${n}`).toMatch(/\S{8}/);
  });

  it('an unknown profile is a typed error naming --profile and the profiles', () => {
    expect(() => getProfile('torch')).toThrow(/unknown profile "torch" at --profile; expected one of: notes, pytorch, keras, tfjs/);
  });

  it('conventionStep with the notes’ settings equals reference/optimizers.ts bit for bit over 5 steps', () => {
    expect(OPTS.map((o) => o.name).sort()).toEqual([...OPTIMIZERS].sort());
    for (const opt of OPTS) {
      let p1 = randomParams(1);
      let p2 = p1;
      let s1: OptimizerState = null;
      let s2: OptimizerState = null;
      for (let t = 0; t < 5; t++) {
        const g = randomParams(100 + t);
        const r1 = step(opt, p1, g, s1);
        const r2 = conventionStep(NOTES_SETTINGS, opt, p2, g, s2);
        expect(r2.params, `${opt.name} step ${t + 1}`).toEqual(r1.params);
        expect(r2.state, `${opt.name} state ${t + 1}`).toEqual(r1.state);
        [p1, s1, p2, s2] = [r1.params, r1.state, r2.params as Params, r2.state];
      }
    }
  });

  it('PyTorch’s momentum (v ← μv + g, w ← w − ηv) equals the notes’ form while η is constant', () => {
    const torch = profileReference('pytorch');
    const opt: Optimizer = { name: 'momentum', lr: 0.05, alpha: 0.9 };
    let p1 = randomParams(2);
    let p2 = p1;
    let s1: OptimizerState = null;
    let s2: OptimizerState = null;
    for (let t = 0; t < 6; t++) {
      const g = randomParams(200 + t);
      const r1 = step(opt, p1, g, s1);
      const r2 = torch.step(opt, p2, g, s2);
      [p1, s1, p2, s2] = [r1.params, r1.state, r2.params, r2.state];
    }
    // both forms make ≤ 3 roundings per step and coordinate (|w|, |v| ≤ 2 here): 6 steps · 3 · 2u · 4
    const bound = 6 * 3 * 2 * UNIT_ROUNDOFF.float64 * 4;
    p1.W.flat(2).forEach((w, i) => expect(Math.abs(w - p2.W.flat(2)[i]!)).toBeLessThanOrEqual(bound));
    // and they are different formulas: a planted change of η between steps separates them
    const a = torch.step({ ...opt, lr: 0.5 }, p2, randomParams(9), s2).params.W[0]![0]![0]!;
    const b = step({ ...opt, lr: 0.5 }, p1, randomParams(9), s1).params.W[0]![0]![0]!;
    expect(Math.abs(a - b)).toBeGreaterThan(1e3 * bound);
  });

  it('ε inside the root (Keras, tfjs) and outside (notes, PyTorch) differ most for tiny gradients', () => {
    const p: Params = { W: [[[0.5]]], b: [[0]] };
    const g: Params = { W: [[[1e-4]]], b: [[0]] };
    const opt: Optimizer = { name: 'rmsprop', lr: 0.1, rho: 0.99, eps: 1e-6 };
    const notes = step(opt, p, g, null).params.W[0]![0]![0]!;
    const keras = profileReference('keras').step(opt, p, g, null).params.W[0]![0]![0]!;
    // notes: √(0.01·1e-8) + 1e-6 = 1.1e-5 → Δw = 0.1·1e-4/1.1e-5 ≈ 0.909; keras: √(1e-10 + 1e-6) ≈ 1e-3 → Δw ≈ 0.01
    expect(0.5 - notes).toBeCloseTo((0.1 * 1e-4) / (1e-5 + 1e-6), 12);
    expect(0.5 - keras).toBeCloseTo((0.1 * 1e-4) / Math.sqrt(1e-10 + 1e-6), 12);
  });

  it('Adagrad starts from r₀ = 0.1 in Keras and tfjs; tfjs forces ε = 1e-7 inside the root', () => {
    const p: Params = { W: [[[1]]], b: [[0]] };
    const g: Params = { W: [[[0.5]]], b: [[0]] };
    const opt: Optimizer = { name: 'adagrad', lr: 0.1, eps: 0.01 };
    const keras = profileReference('keras').step(opt, p, g, null).params.W[0]![0]![0]!;
    const tfjs = profileReference('tfjs').step(opt, p, g, null).params.W[0]![0]![0]!;
    expect(keras).toBe(1 - (0.1 * 0.5) / Math.sqrt(0.1 + 0.25 + 0.01));
    expect(tfjs).toBe(1 - (0.1 * 0.5) / Math.sqrt(0.1 + 0.25 + 1e-7));
  });

  it('Keras’s Adam puts ε̂ beside √v, not √v̂', () => {
    const p: Params = { W: [[[1]]], b: [[0]] };
    const g: Params = { W: [[[1e-3]]], b: [[0]] };
    const opt: Optimizer = { name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-3 };
    const notes = step(opt, p, g, null).params.W[0]![0]![0]!;
    const keras = profileReference('keras').step(opt, p, g, null).params.W[0]![0]![0]!;
    // step 1: m̂ = g, v̂ = g²: notes Δ = η g/(g + ε) = 0.05; keras Δ = η√(1−β₂)/(1−β₁)·m/(√v + ε) with m = 0.1g, √v = √0.001·g
    expect(1 - notes).toBeCloseTo((0.1 * 1e-3) / (1e-3 + 1e-3), 12);
    expect(1 - keras).toBeCloseTo(((0.1 * Math.sqrt(0.001)) / 0.1) * (1e-4 / (Math.sqrt(0.001) * 1e-3 + 1e-3)), 12);
  });

  it('mse without ½ and averaged over outputs is 2/n times the notes’ mse; backward scales the same way', () => {
    expect(lossScale(PROFILES.pytorch.settings, 'mse', 4)).toBe(0.5);
    expect(lossScale(NOTES_SETTINGS, 'mse', 4)).toBe(1);
    const A = [[0.1, 0.2, 0.3, 0.4]];
    const Y = [[0, 0, 1, 1]];
    expect(profileReference('pytorch').loss('mse', A, Y)).toBeCloseTo(loss('mse', A, Y) / 2, 15);
    const net = { layers: [{ W: [[0.3, -0.2], [0.1, 0.5], [0.2, 0.2], [-0.4, 0.1]], b: [0, 0.1, 0, 0], activation: 'sigmoid' as const }] };
    const X = [[1, -1]];
    const r0 = backward(net, X, Y, 'mse');
    const r1 = profileReference('tfjs').backward(net, X, Y, 'mse');
    r0.gradW[0]!.flat().forEach((g, i) => expect(r1.gradW[0]!.flat()[i]).toBe(g / 2));
  });

  it('default α, step(0), elu′(0), bce’s log clamp and the zero denominator follow each library', () => {
    expect(profileReference('tfjs').activate('leaky_relu', [-1])).toEqual([-0.2]);
    expect(profileReference('keras').activate('leaky_relu', [-1])).toEqual([-0.3]);
    expect(profileReference('pytorch').activate('leaky_relu', [-1])).toEqual([-0.01]);
    expect(profileReference('tfjs').activate('step', [0, 1])).toEqual([0, 1]);
    expect(activate('step', [0, 1])).toEqual([1, 1]);
    expect(profileReference('pytorch').activateGrad('elu', [0], 0.5)).toEqual([0.5]);
    expect(profileReference('keras').activateGrad('elu', [0], 0.5)).toEqual([0.5]);
    expect(profileReference('tfjs').activateGrad('elu', [0], 0.5)).toEqual([1]);
    expect(activateGrad('elu', [0], 0.5)).toEqual([1]);
    // PyTorch's BCELoss: max(log 0, −100) = −100, so a confidently wrong output costs 100, not +Infinity
    expect(loss('bce', [[0]], [[1]])).toBe(Infinity);
    expect(profileReference('pytorch').loss('bce', [[0]], [[1]])).toBe(100);
    const zero = { name: 'rmsprop', lr: 0.1, rho: 0.9, eps: 0 } as Optimizer;
    const p: Params = { W: [[[0.5]]], b: [[0]] };
    const g: Params = { W: [[[0]]], b: [[0]] };
    expect(step(zero, p, g, null).params.W[0]![0]![0]).toBe(0.5);
    expect(profileReference('notes').step(zero, p, g, null).params.W[0]![0]![0]).toBe(0.5);
    expect(profileReference('tfjs').step(zero, p, g, null).params.W[0]![0]![0]).toBeNaN();
  });

  it('cce after sigmoid under keras/tfjs: the outputs are normalised by their sum before the log', () => {
    // z = 0: a = (½, ½), S = 1, y = (1, 0): g = −y/a + Σy/S = (−1, 1), δ = g σ′(0) = (−¼, ¼);
    // the notes: δ = −(y/a) σ′ = (−½, 0)
    const net = { layers: [{ W: [[0], [0]], b: [0, 0], activation: 'sigmoid' as const }] };
    expect(backward(net, [[1]], [[1, 0]], 'cce').delta[0]).toEqual([[-0.5, 0]]);
    expect(profileReference('tfjs').backward(net, [[1]], [[1, 0]], 'cce').delta[0]).toEqual([[-0.25, 0.25]]);
    // one output: a/S = 1, so the loss is constant and δ = 0
    const one = { layers: [{ W: [[0]], b: [0], activation: 'sigmoid' as const }] };
    expect(profileReference('keras').backward(one, [[1]], [[1]], 'cce').delta[0]).toEqual([[0]]);
  });

  it('pytorch models backward at an exact elu kink with α ≠ 1 (it used to refuse it)', () => {
    // one elu unit with z = 0 exactly, α = 0.5, mse: δ = (a − y)·elu′(0) = (0 − 1)·α under pytorch, ·1 under the notes
    // (pytorch's mse is 2/n = 2 × the notes' for one output: δ = 2·(−1)·0.5 = −1)
    const net = { layers: [{ W: [[0]], b: [0], activation: 'elu' as const, alpha: 0.5 }] };
    expect(backward(net, [[1]], [[1]], 'mse').delta[0]).toEqual([[-1]]);
    expect(profileReference('pytorch').backward(net, [[1]], [[1]], 'mse').delta[0]).toEqual([[-1]]);
    expect(profileReference({ ...NOTES_SETTINGS, 'elu-grad-at-zero': 'alpha' }).backward(net, [[1]], [[1]], 'mse').delta[0]).toEqual([[-0.5]]);
  });

  it('inNotesConventions undoes a profile’s loss scale exactly where that is possible', async () => {
    const tfjsLike = { name: 'x', precision: 'float64' as const, fns: profileReference('tfjs') };
    const seen = inNotesConventions(tfjsLike, 'tfjs');
    expect(seen.name).toBe('x (in the notes\' conventions from tfjs)');
    const A = [[0.1, 0.7, 0.3]];
    const Y = [[0, 1, 1]];
    expect(await seen.fns.loss!('mse', A, Y)).toBeCloseTo(loss('mse', A, Y), 15);
    expect(await seen.fns.loss!('bce', A, Y)).toBeCloseTo(loss('bce', A, Y), 15);
    expect(await seen.fns.activate!('leaky_relu', [-1])).toEqual([-0.01]);
    // with the notes' settings the subject is returned as it is
    expect(inNotesConventions(tfjsLike, 'notes')).toBe(tfjsLike);
  });
});
