/**
 * Mistakes in activations and their derivatives (activate.<name>, activateGrad.<name>; a kink
 * mistake shows in BP2 too). Notes 001 "Activation Functions"; the kinks' conventions are the
 * contract's (docs/contract.md).
 */
import * as ref from '../reference/index.js';
import { alphaOf, type ActivationName } from '../contract/names.js';
import type { Vector } from '../contract/types.js';
import { activateFor, activateGradFor, at0 } from './plant.js';
import { activateCtx, activateInput, bp2With, isGradCheck, netCtx, rounder, scale } from './recognise.js';
import type { CheckContext, Evaluation, Mistake } from './types.js';

/**
 * A derivative taken from the wrong side at the kink z = 0 (the value `at` instead of the contract's),
 * in activateGrad.<name> and in BP2 (the σ′ of every `name` layer).
 */
function kinkRecognition(name: ActivationName, at: (alpha: number) => number) {
  return (ev: Evaluation): unknown => {
    if ('name' in ev.ctx) {
      const { z } = activateInput(ev);
      return ev.ctx.name === name && z.includes(0) ? at0(z, ev.expected as Vector, at(activateCtx(ev).alpha)) : undefined;
    }
    const { case: c, fw, sp } = netCtx(ev);
    return bp2With(ev, (l, x) => {
      const layer = c.net.layers[l]!;
      return layer.activation === name ? at0(fw.z[l]![x]!, sp[l]![x]!, at(alphaOf(name, layer.alpha))) : sp[l]![x]!;
    });
  };
}

/** The naive e^z formulas, in the subject's precision (float32 rounds every operation). */
const naive = {
  softplus: (z: number, f: (x: number) => number) => f(Math.log(f(1 + f(Math.exp(z))))),
  softplusGrad: (z: number, f: (x: number) => number) => {
    const e = f(Math.exp(z));
    return f(e / f(1 + e));
  },
  tanh: (z: number, f: (x: number) => number) => {
    const e = f(Math.exp(f(2 * z)));
    return f(f(e - 1) / f(e + 1));
  },
};

const zOf = (ev: Evaluation) => activateInput(ev).z;
const each = (ev: Evaluation, ctx: CheckContext, g: (z: number, f: (x: number) => number) => number) => zOf(ev).map((z) => g(z, rounder(ctx)));

export const ACTIVATION_MISTAKES: readonly Mistake[] = [
  {
    id: 'step.strict-threshold',
    checks: ['activate.step'],
    title: 'step uses a strict threshold: step(0) = 0, but the contract (the notes’ perceptron fires when w·x + b ≥ 0) has step(0) = 1',
    fix: 'Use `z >= 0 ? 1 : 0`.',
    mistaken: (ev) => (zOf(ev).includes(0) ? at0(zOf(ev), ev.expected as Vector, 0) : undefined),
    convention: { name: 'step-at-zero', value: 'zero' },
    planted: { fns: { activate: activateFor('step', (z) => z.map((v) => (v > 0 ? 1 : 0))) }, shows: ['activate.step'] },
  },
  {
    id: 'step.window',
    checks: ['activate.step'],
    title: 'step is a window, 1 for |z| ≤ 1 and 0 elsewhere, not the threshold unit 1 for z ≥ 0',
    fix: 'step(z) = 1 if z ≥ 0, else 0: one threshold at 0, nothing else.',
    mistaken: (ev) => zOf(ev).map((v) => (Math.abs(v) <= 1 ? 1 : 0)),
    planted: { fns: { activate: activateFor('step', (z) => z.map((v) => (v >= -1 && v <= 1 ? 1 : 0))) }, shows: ['activate.step'] },
  },
  {
    id: 'sigmoid.sign',
    checks: ['activate.sigmoid'],
    title: 'sigmoid has the wrong sign in the exponent: 1/(1 + e^z) = σ(−z) instead of σ(z) = 1/(1 + e^{−z})',
    fix: 'σ(z) = 1/(1 + e^{−z}); for large negative z compute it as e^z/(1 + e^z) to avoid overflow.',
    mistaken: (ev, ctx) => ctx.expected.activate('sigmoid', zOf(ev).map((v) => -v)),
    planted: { fns: { activate: activateFor('sigmoid', (z) => z.map((v) => 1 / (1 + Math.exp(v)))) }, shows: ['activate.sigmoid'] },
  },
  {
    id: 'relu.abs',
    checks: ['activate.relu'],
    title: 'relu(z) computed as |z|: negative inputs come out positive instead of 0',
    fix: 'relu(z) = max(0, z).',
    mistaken: (ev) => zOf(ev).map(Math.abs),
    planted: { fns: { activate: activateFor('relu', (z) => z.map((v) => (v < 0 ? -v : v))) }, shows: ['activate.relu'] },
  },
  {
    id: 'softmax.overflow',
    checks: ['activate.softmax'],
    title: 'softmax overflows: e^{z_i} / Σ_j e^{z_j} without subtracting max z gives Infinity/Infinity = NaN for large z',
    fix: 'Subtract m = max_j z_j first: e^{z_i − m} / Σ_j e^{z_j − m} — the same value, and no exponent is above 0.',
    mistaken(ev, ctx) {
      const f = rounder(ctx);
      const e = zOf(ev).map((z) => f(Math.exp(z)));
      const s = f(e.reduce((a, b) => f(a + b), 0));
      return e.map((v) => f(v / s));
    },
    planted: {
      fns: {
        activate: activateFor('softmax', (z) => {
          const e = z.map(Math.exp);
          const s = e.reduce((a, b) => a + b, 0);
          return e.map((v) => v / s);
        }),
      },
      shows: ['activate.softmax'],
    },
  },
  {
    id: 'softplus.overflow',
    checks: ['activate.softplus', 'activateGrad.softplus'],
    title: 'softplus computed from e^z as written: log(1 + e^z) gives Infinity and its derivative e^z/(1 + e^z) gives Infinity/Infinity = NaN once e^z overflows (z > 709 in float64, 88 in float32)',
    fix: 'softplus(z) = max(z, 0) + log1p(e^{−|z|}) and softplus′(z) = σ(z) computed stably: neither exponentiates a positive number.',
    mistaken: (ev, ctx) => each(ev, ctx, isGradCheck(ev) ? naive.softplusGrad : naive.softplus),
    planted: {
      fns: {
        activate: activateFor('softplus', (z) => z.map((v) => Math.log(1 + Math.exp(v)))),
        activateGrad: activateGradFor('softplus', (z) => z.map((v) => Math.exp(v) / (1 + Math.exp(v)))),
      },
      shows: ['activate.softplus', 'activateGrad.softplus'],
    },
  },
  {
    id: 'tanh.overflow',
    checks: ['activate.tanh', 'activateGrad.tanh'],
    title: 'tanh computed as (e^{2z} − 1)/(e^{2z} + 1): Infinity/Infinity = NaN once e^{2z} overflows (z > 354 in float64, 44 in float32), and so is 1 − tanh²',
    fix: 'Use the library’s tanh (Math.tanh, np.tanh), or (1 − e^{−2|z|})/(1 + e^{−2|z|}) with the sign of z.',
    mistaken: (ev, ctx) =>
      each(ev, ctx, (z, f) => {
        const t = naive.tanh(z, f);
        return isGradCheck(ev) ? f(1 - f(t * t)) : t;
      }),
    planted: {
      fns: {
        activate: activateFor('tanh', (z) => z.map((v) => (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1))),
        activateGrad: activateGradFor('tanh', (z) => z.map((v) => 1 - ((Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1)) ** 2)),
      },
      shows: ['activate.tanh', 'activateGrad.tanh'],
    },
  },
  {
    id: 'exp.overflow-error',
    checks: ['activate.', 'activateGrad.'],
    title: 'the function crashed with an overflow: it computes e^z for a large |z| (Python’s math.exp raises OverflowError above 709)',
    fix: 'Rewrite the formula so that it only exponentiates non-positive numbers (e.g. σ(z) = e^z/(1+e^z) for z < 0; softmax minus max z).',
    thrown: /overflow|math range error|out of range/i,
    planted: {
      fns: {
        activate: (n, z, al) => {
          if (n === 'sigmoid' && z.some((v) => Math.abs(v) > 709)) throw new Error('OverflowError: math range error');
          return ref.activate(n, z, al);
        },
      },
      shows: ['activate.sigmoid'],
    },
  },
  {
    id: 'leaky_relu.branches-swapped',
    checks: ['activate.leaky_relu', 'activateGrad.leaky_relu'],
    title: 'leaky_relu’s branches are swapped: α·z for z > 0 and z otherwise (slope α on the positive side, 1 on the negative)',
    fix: 'leaky_relu(z) = z for z > 0, α·z otherwise; its derivative 1 for z > 0, α otherwise.',
    mistaken(ev) {
      const { alpha } = activateCtx(ev);
      return zOf(ev).map((v) => (isGradCheck(ev) ? (v > 0 ? alpha : 1) : v > 0 ? alpha * v : v));
    },
    planted: {
      fns: {
        activate: activateFor('leaky_relu', (z, al) => z.map((v) => (v > 0 ? alphaOf('leaky_relu', al) * v : v))),
        activateGrad: activateGradFor('leaky_relu', (z, al) => z.map((v) => (v > 0 ? alphaOf('leaky_relu', al) : 1))),
      },
      shows: ['activate.leaky_relu', 'activateGrad.leaky_relu'],
    },
  },
  {
    id: 'alpha.ignored',
    checks: ['activate.leaky_relu', 'activate.elu', 'activateGrad.leaky_relu', 'activateGrad.elu'],
    title: 'the alpha argument is ignored: the default α is used even when another α is given',
    fix: 'Use the α passed in (the third argument, or the layer’s `alpha`), and the default (0.01 for leaky_relu, 1 for elu) only when it is absent.',
    mistaken(ev, ctx) {
      const inp = activateInput(ev);
      if (inp.alpha === undefined) return undefined;
      return isGradCheck(ev) ? ctx.expected.activateGrad(inp.name, inp.z) : ctx.expected.activate(inp.name, inp.z);
    },
    planted: { fns: { activate: (n, z) => ref.activate(n, z) }, shows: ['activate.elu'] },
  },
  {
    id: 'relu.grad-at-zero',
    checks: ['activateGrad.relu', 'backward.bp2'],
    title: 'relu′(0) taken as 1: the contract (and the notes) take the derivative at the kink z = 0 from the left, relu′(0) = 0',
    fix: 'Use `z > 0 ? 1 : 0`, a strict comparison.',
    mistaken: kinkRecognition('relu', () => 1),
    convention: { name: 'relu-grad-at-zero', value: 'one' },
    planted: { fns: { activateGrad: activateGradFor('relu', (z) => z.map((v) => (v >= 0 ? 1 : 0))) }, shows: ['activateGrad.relu'] },
  },
  {
    id: 'leaky_relu.grad-at-zero',
    checks: ['activateGrad.leaky_relu', 'backward.bp2'],
    title: 'leaky_relu′(0) taken as 1: the contract takes the derivative at the kink z = 0 from the left, leaky_relu′(0) = α (as relu′(0) = 0)',
    fix: 'Use `z > 0 ? 1 : α`, a strict comparison.',
    mistaken: kinkRecognition('leaky_relu', () => 1),
    convention: { name: 'leaky-relu-grad-at-zero', value: 'one' },
    planted: { fns: { activateGrad: activateGradFor('leaky_relu', (z, al) => z.map((v) => (v >= 0 ? 1 : alphaOf('leaky_relu', al)))) }, shows: ['activateGrad.leaky_relu'] },
  },
  {
    id: 'elu.grad-at-zero',
    checks: ['activateGrad.elu', 'backward.bp2'],
    title: 'elu′(0) taken as α: the contract uses the linear branch at the kink (z ≥ 0), so elu′(0) = 1',
    fix: 'Use `z >= 0 ? 1 : α·e^z`.',
    mistaken: kinkRecognition('elu', (alpha) => alpha),
    convention: { name: 'elu-grad-at-zero', value: 'alpha' },
    planted: { fns: { activateGrad: activateGradFor('elu', (z, al) => z.map((v) => (v > 0 ? 1 : alphaOf('elu', al) * Math.exp(v)))) }, shows: ['activateGrad.elu'] },
  },
  {
    id: 'sigmoid.grad-is-sigmoid',
    checks: ['activateGrad.sigmoid'],
    title: 'activateGrad(sigmoid) returns σ(z) itself instead of σ′(z) = σ(z)(1 − σ(z))',
    fix: 'σ′(z) = σ(z)(1 − σ(z)), at most ¼.',
    mistaken: (ev, ctx) => ctx.expected.activate('sigmoid', zOf(ev)),
    planted: { fns: { activateGrad: activateGradFor('sigmoid', (z) => ref.activate('sigmoid', z)) }, shows: ['activateGrad.sigmoid'] },
  },
  {
    id: 'tanh.grad-no-square',
    checks: ['activateGrad.tanh'],
    title: 'tanh′ computed as 1 − tanh(z) instead of 1 − tanh²(z)',
    fix: 'tanh′(z) = 1 − tanh(z)².',
    mistaken: (ev) => zOf(ev).map((z) => 1 - Math.tanh(z)),
    planted: { fns: { activateGrad: activateGradFor('tanh', (z) => z.map((v) => 1 - Math.tanh(v))) }, shows: ['activateGrad.tanh'] },
  },
  {
    id: 'softplus.grad-is-tanh',
    checks: ['activateGrad.softplus'],
    title: 'softplus′ taken as tanh(z); the derivative of softplus(z) = log(1 + e^z) is σ(z) = 1/(1 + e^{−z})',
    fix: 'softplus′(z) = σ(z).',
    mistaken: (ev) => zOf(ev).map(Math.tanh),
    planted: { fns: { activateGrad: activateGradFor('softplus', (z) => z.map(Math.tanh)) }, shows: ['activateGrad.softplus'] },
  },
  {
    id: 'derivative.factor-2',
    checks: ['activateGrad.'],
    title: 'a stray factor 2 in the derivative (twice the contract’s σ′)',
    fix: 'Re-derive σ′: e.g. σ′ = σ(1 − σ), tanh′ = 1 − tanh², softplus′ = σ, identity′ = 1 — no factor 2.',
    mistaken: (ev) => scale(ev.expected, 2),
    planted: { fns: { activateGrad: (n, z, al) => ref.activateGrad(n, z, al).map((v) => (n === 'softplus' ? 2 * v : v)) }, shows: ['activateGrad.softplus'] },
  },
  {
    id: 'derivative.factor-half',
    checks: ['activateGrad.'],
    title: 'a stray factor ½ in the derivative (half the contract’s σ′)',
    fix: 'Re-derive σ′: e.g. σ′ = σ(1 − σ), tanh′ = 1 − tanh², softplus′ = σ — no factor ½.',
    mistaken: (ev) => scale(ev.expected, 0.5),
    planted: { fns: { activateGrad: (n, z, al) => ref.activateGrad(n, z, al).map((v) => (n === 'tanh' ? v / 2 : v)) }, shows: ['activateGrad.tanh'] },
  },
];
