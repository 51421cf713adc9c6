/**
 * The expected side honours every switch. For every switch and value, a planted implementation — the
 * reference changed ONLY by that convention, written here independently (naive per-example loops and
 * the libraries' own update formulas, not expected.ts's composition) — agrees with the expected side
 * for that value, and disagrees with the notes' expected side on the cases where the switch matters:
 * each switch is shown able to fail. With the notes' settings the expected side IS the reference (bit
 * for bit); at an undefined optimizer point it expects OneOf; NaN anywhere in a chain never throws.
 */
import { describe, expect, it } from 'vitest';
import { ELEMENTWISE_ACTIVATIONS, LOSS_OUTPUTS, LOSSES, type ActivationName, type LossName } from '../contract/names.js';
import { OneOf, firstDifference, isOneOf } from '../engine/compare.js';
import { primaryValues, type Expected } from './oneof.js';
import type { ContractFunctions, Matrix, Net, Optimizer, OptimizerState, Params, PerceptronResult } from '../contract/types.js';
import { activate, activateGrad, backward, forward, loss, perceptronStep, step } from '../reference/index.js';
import { createRng } from '../reference/learning/rng.js';
import { gradingU, lossBound, stepBounds } from '../tolerance/grading.js';
import { conventionReference, conventionStep, type ExpectedFunctions } from './expected.js';
import { PROFILE_NAMES, PROFILES } from './profiles.js';
import { variants, withOverrides } from './settings.js';
import { NOTES_SETTINGS, SWITCH_NAMES, knownValues, type ConventionSettings, type SwitchName, type SwitchValue } from './switches.js';

const U = gradingU('float64');
const reference: ContractFunctions = { activate, activateGrad, loss, forward, backward, step, perceptronStep };
const notesSide = conventionReference(NOTES_SETTINGS);
const settingsWith = (name: SwitchName, value: SwitchValue): ConventionSettings => withOverrides(NOTES_SETTINGS, [{ name, value } as never]);

// ───────────────────────────── comparison (OneOf aware) ─────────────────────────────

type Bound = number | ((path: (string | number)[], expected: number) => number);

/** Whether `got` matches `expected` everywhere (OneOf: any of its values), within the bound: the one comparator's verdict. */
function agrees(expected: unknown, got: unknown, bound: Bound = 0): boolean {
  return firstDifference(expected, got, typeof bound === 'number' ? () => bound : bound) === null;
}

// ───────────────────────────── the planted library: a naive, independent implementation ─────────────────────────────

interface Hooks {
  /** σ(z) of an elementwise activation. */
  value(name: ActivationName, z: number, alpha: number): number;
  /** σ′(z). */
  grad(name: ActivationName, z: number, alpha: number): number;
  /** ∂E_x/∂a for one example (with the per-example form of the loss). */
  lossGrad(l: LossName, a: number[], y: number[]): number[];
  /** The loss value (batch reduced). */
  lossValue(l: LossName, A: Matrix, Y: Matrix): number;
  /** How gradW, gradB reduce over the batch. */
  reduce: 'mean' | 'sum';
  /** Default α of an alpha-less layer. */
  alpha(name: ActivationName): number;
  /** The perceptron fires at w·x + b = 0. */
  fireAtZero: boolean;
}

const NOTES_ALPHA = (name: ActivationName) => (name === 'leaky_relu' ? 0.01 : name === 'elu' ? 1 : 0);

/** The notes, written naively: each formula as the notes state it. */
const NOTES_HOOKS: Hooks = {
  value: (name, z, alpha) => activate(name, [z], alpha)[0]!,
  grad: (name, z, alpha) => activateGrad(name, [z], alpha)[0]!,
  lossGrad: (l, a, y) =>
    l === 'mse' ? a.map((ai, i) => ai - y[i]!) : l === 'bce' ? a.map((ai, i) => (ai - y[i]!) / (ai * (1 - ai))) : a.map((ai, i) => (y[i] === 0 ? 0 : -y[i]! / ai)),
  lossValue: (l, A, Y) => loss(l, A, Y),
  reduce: 'mean',
  alpha: NOTES_ALPHA,
  fireAtZero: true,
};

/** forward and backward per example, unit by unit: z_j = Σ_k w_jk a_k + b_j; δ^L_i = Σ_j ∂E/∂a_j ∂a_j/∂z_i; δ^l_k = σ′(z_k) Σ_j w_jk δ^{l+1}_j. */
function plantedLibrary(h: Hooks): ContractFunctions {
  const alphaOf = (layer: Net['layers'][number]) => layer.alpha ?? h.alpha(layer.activation);
  const layerForward = (layer: Net['layers'][number], a: number[]) => {
    const z = layer.W.map((w, j) => w.reduce((t, wk, k) => t + wk * a[k]!, 0) + layer.b[j]!);
    const out = layer.activation === 'softmax' ? activate('softmax', z) : z.map((zj) => h.value(layer.activation, zj, alphaOf(layer)));
    return { z, a: out };
  };
  const fwd = (net: Net, x: number[]) => {
    const zs: number[][] = [];
    const as: number[][] = [x];
    for (const layer of net.layers) {
      const r = layerForward(layer, as[as.length - 1]!);
      zs.push(r.z);
      as.push(r.a);
    }
    return { zs, as };
  };
  return {
    activate: (name, z, alpha) => (name === 'softmax' ? activate(name, z) : z.map((zi) => h.value(name, zi, alpha ?? h.alpha(name)))),
    activateGrad: (name, z, alpha) => z.map((zi) => h.grad(name, zi, alpha ?? h.alpha(name))),
    loss: (name, A, Y) => h.lossValue(name, A, Y),
    forward: (net, X) => {
      const per = X.map((x) => fwd(net, x));
      return { z: net.layers.map((_, l) => per.map((p) => p.zs[l]!)), a: net.layers.map((_, l) => per.map((p) => p.as[l + 1]!)) };
    },
    backward: (net, X, Y, l) => {
      const L = net.layers.length;
      const deltas: number[][][] = net.layers.map(() => []);
      const gW = net.layers.map((layer) => layer.W.map((w) => w.map(() => 0)));
      const gB = net.layers.map((layer) => layer.b.map(() => 0));
      X.forEach((x, xi) => {
        const { zs, as } = fwd(net, x);
        const out = net.layers[L - 1]!;
        const aL = as[L]!;
        const g = h.lossGrad(l, aL, Y[xi]!);
        let d =
          out.activation === 'softmax'
            ? aL.map((ai, i) => aL.reduce((t, aj, j) => t + g[j]! * aj * ((i === j ? 1 : 0) - ai), 0))
            : zs[L - 1]!.map((z, i) => g[i]! * h.grad(out.activation, z, alphaOf(out)));
        for (let l2 = L - 1; l2 >= 0; l2--) {
          deltas[l2]!.push(d);
          d.forEach((dj, j) => {
            gB[l2]![j] += dj;
            as[l2]!.forEach((ak, k) => (gW[l2]![j]![k] += dj * ak));
          });
          if (l2 > 0) {
            const below = net.layers[l2 - 1]!;
            const W = net.layers[l2]!.W;
            d = zs[l2 - 1]!.map((z, k) => h.grad(below.activation, z, alphaOf(below)) * W.reduce((t, w, j) => t + w[k]! * d[j]!, 0));
          }
        }
      });
      const r = h.reduce === 'mean' ? X.length : 1;
      return { delta: deltas, gradW: gW.map((M) => M.map((row) => row.map((v) => v / r))), gradB: gB.map((b) => b.map((v) => v / r)) };
    },
    step,
    perceptronStep: (w, b, x, y, lr): PerceptronResult => {
      const z = w.reduce((t, wi, i) => t + wi * x[i]!, b);
      const yHat = (h.fireAtZero ? z >= 0 : z > 0) ? 1 : 0;
      return { w: w.map((wi, i) => wi + lr * (y - yHat) * x[i]!), b: b + lr * (y - yHat) };
    },
  };
}

// ───────────────────────────── planted optimizers: each library's update as its documentation writes it ─────────────────────────────

type Coord = (opt: Record<string, number>, t: number, w: number, g: number, s: number[]) => [number, number[]];

/** A step from a per-coordinate update with slots of `n` values (initial `init`). State: { t, s } of this implementation. */
function plantedStep(coord: Coord, n: number, init = 0): ContractFunctions['step'] {
  return (opt, params, grads, state) => {
    const st = (state as { t: number; s: number[][] } | null) ?? { t: 0, s: [] };
    const flatP = [...params.W.flatMap((M) => M.flat()), ...params.b.flat()];
    const flatG = [...grads.W.flatMap((M) => M.flat()), ...grads.b.flat()];
    const t = st.t + 1;
    const s = flatP.map((_, i) => st.s[i] ?? new Array<number>(n).fill(init));
    const out = flatP.map((w, i) => coord(opt as unknown as Record<string, number>, t, w, flatG[i]!, s[i]!));
    let k = 0;
    const W = params.W.map((M) => M.map((row) => row.map(() => out[k++]![0])));
    const b = params.b.map((v) => v.map(() => out[k++]![0]));
    return { params: { W, b }, state: { t, s: out.map((o) => o[1]) } };
  };
}

const guarded = (w: number, num: number, den: number) => (den === 0 ? w : w - num / den);
const sgdCoord: Coord = (o, _t, w, g) => [w - o.lr! * g, []];
const momentumNotes: Coord = (o, _t, w, g, [v]) => { const v2 = o.alpha! * v! - o.lr! * g; return [w + v2, [v2]]; };
const adagradCoord = (r0: number, inside: boolean, fixedEps: number | null, guard: boolean): Coord => (o, _t, w, g, [r]) => {
  const r2 = r! + g * g;
  const eps = fixedEps ?? o.eps!;
  const den = inside ? Math.sqrt(r2 + eps) : Math.sqrt(r2) + eps;
  return [guard ? guarded(w, o.lr! * g, den) : w - (o.lr! * g) / den, [r2]];
};
const rmspropCoord = (inside: boolean, centered: boolean): Coord => (o, _t, w, g, [r, gb]) => {
  const r2 = o.rho! * r! + (1 - o.rho!) * g * g;
  const gb2 = o.rho! * gb! + (1 - o.rho!) * g;
  const v = centered ? r2 - gb2 * gb2 : r2;
  const den = inside ? Math.sqrt(v + o.eps!) : Math.sqrt(v) + o.eps!;
  return [guarded(w, o.lr! * g, den), [r2, gb2]];
};
const adamCoord = (hat: boolean): Coord => (o, t, w, g, [m, v]) => {
  const m2 = o.beta1! * m! + (1 - o.beta1!) * g;
  const v2 = o.beta2! * v! + (1 - o.beta2!) * g * g;
  if (!hat) return [guarded(w, (o.lr! * m2) / (1 - o.beta1! ** t), Math.sqrt(v2 / (1 - o.beta2! ** t)) + o.eps!), [m2, v2]];
  const lrT = (o.lr! * Math.sqrt(1 - o.beta2! ** t)) / (1 - o.beta1! ** t);
  return [guarded(w, lrT * m2, Math.sqrt(v2) + o.eps!), [m2, v2]];
};

// ───────────────────────────── cases ─────────────────────────────

type Call = { fn: keyof ContractFunctions; args: unknown[]; bound?: Bound };

/** A chain of optimizer steps (each with its own opt, so η may change), run on one side; returns every step's params. */
function runChain(stepFn: (opt: Optimizer, p: never, g: Params, s: OptimizerState) => { params: unknown; state: unknown }, opts: Optimizer[], p0: Params, grads: Params[]): unknown[] {
  const out: unknown[] = [];
  let p: unknown = p0;
  let s: unknown = null;
  grads.forEach((g, t) => {
    const r = stepFn(opts[t]!, p as never, g, s);
    out.push(r.params);
    p = r.params;
    s = r.state;
  });
  return out;
}

interface ChainCase {
  opts: Optimizer[];
  p0: Params;
  grads: Params[];
}

const P0: Params = { W: [[[0.5, -0.25], [1, 0.75]]], b: [[0.125, -0.5]] };
const G = (x: number): Params => ({ W: [[[x, -x / 2], [2 * x, 1e-4]]], b: [[x / 4, 0]] });

/** Nets with z = 0 exactly at some elements (dyadic weights: every value below is exact in float64). */
function kinkNet(act: ActivationName, alpha?: number, outAct: ActivationName = act): Net {
  return {
    layers: [
      { W: [[1, -1], [0.5, 0.5]], b: [0, 0], activation: act, ...(alpha !== undefined ? { alpha } : {}) }, // z = [0, 1] and [4, 0]
      { W: [[1, -1]], b: [1], activation: outAct, ...(alpha !== undefined ? { alpha } : {}) }, // z = 0 for the first example (a = [0, 1])
    ],
  };
}
const KX = [[1, 1], [2, -2]];
const KY = [[1], [0]];

/** A 1-layer net whose z are the given numbers (W = 0, b = z) for one example x = [1]. */
const zNet = (act: ActivationName, z: number[], alpha?: number): Net => ({ layers: [{ W: z.map(() => [0]), b: z, activation: act, ...(alpha !== undefined ? { alpha } : {}) }] });

/** For a switch and a value: the planted implementation, and the calls where the switch matters. */
function plantedFor(name: SwitchName, value: SwitchValue): { impl: ContractFunctions; cases: Call[]; chain?: ChainCase[]; stepImpl?: ContractFunctions['step'] } {
  const lib = (h: Partial<Hooks>) => plantedLibrary({ ...NOTES_HOOKS, ...h });
  const isDefault = value === NOTES_SETTINGS[name];
  const notesImpl = plantedLibrary(NOTES_HOOKS);
  switch (name) {
    case 'step-at-zero':
      return {
        impl: value === 'zero' ? lib({ value: (n, z, a) => (n === 'step' ? (z > 0 ? 1 : 0) : NOTES_HOOKS.value(n, z, a)) }) : notesImpl,
        cases: [
          { fn: 'activate', args: ['step', [0, 2, -2, -0]] },
          { fn: 'forward', args: [kinkNet('step', undefined, 'identity'), KX] },
          { fn: 'backward', args: [kinkNet('step', undefined, 'identity'), KX, KY, 'mse'] },
          { fn: 'perceptronStep', args: [[1, -1], 0, [1, 1], 0, 0.5] }, // the perceptron is its own switch: unchanged
        ],
      };
    case 'perceptron-at-zero':
      return {
        impl: value === 'zero' ? lib({ fireAtZero: false }) : notesImpl,
        cases: [
          { fn: 'perceptronStep', args: [[1, -1], 0, [1, 1], 0, 0.5] }, // w·x + b = 0: a mistake for the notes, none for > 0
          { fn: 'perceptronStep', args: [[0.5, 0.25], -0.75, [1, 3], 1, 0.25] }, // 0.5 + 0.75 − 0.75 = 0.5 > 0: the same for both
          { fn: 'activate', args: ['step', [0]] }, // the step activation is its own switch: unchanged
        ],
      };
    case 'relu-grad-at-zero':
    case 'leaky-relu-grad-at-zero':
    case 'elu-grad-at-zero': {
      const act: ActivationName = name === 'relu-grad-at-zero' ? 'relu' : name === 'leaky-relu-grad-at-zero' ? 'leaky_relu' : 'elu';
      const alpha = act === 'relu' ? undefined : act === 'leaky_relu' ? 0.25 : 0.5;
      const kink = (z: number, a: number) => (value === 'one' ? 1 : value === 'alpha' ? a : 0);
      const impl = isDefault ? notesImpl : lib({ grad: (n, z, a) => (n === act && z === 0 ? kink(z, a) : NOTES_HOOKS.grad(n, z, a)) });
      return {
        impl,
        cases: [
          { fn: 'activateGrad', args: [act, [0, 1, -1, -0], alpha] },
          { fn: 'backward', args: [kinkNet(act, alpha), KX, KY, 'mse'] }, // hidden and output units at z = 0
          { fn: 'backward', args: [kinkNet(act, alpha, 'identity'), KX, KY, 'mse'] }, // hidden kinks only
        ],
      };
    }
    case 'leaky-relu-alpha':
    case 'elu-alpha': {
      const act: ActivationName = name === 'leaky-relu-alpha' ? 'leaky_relu' : 'elu';
      const v = value as number;
      // the library's default α: exactly the reference with α filled in where the caller gives none
      const fill = (net: Net): Net => ({ layers: net.layers.map((l) => (l.activation === act && l.alpha === undefined ? { ...l, alpha: v } : l)) });
      const impl: ContractFunctions = {
        ...reference,
        activate: (n, z, a) => activate(n, z, a ?? (n === act ? v : undefined)),
        activateGrad: (n, z, a) => activateGrad(n, z, a ?? (n === act ? v : undefined)),
        forward: (net, X) => forward(fill(net), X),
        backward: (net, X, Y, l) => backward(fill(net), X, Y, l),
      };
      const net: Net = { layers: [{ W: [[1, -1], [-0.5, 0.25]], b: [0.25, -1], activation: act }, { W: [[0.5, -2]], b: [0], activation: 'identity' }] };
      return {
        impl,
        cases: [
          { fn: 'activate', args: [act, [-1, 2, -0.5]] },
          { fn: 'activateGrad', args: [act, [-1, 2]] },
          { fn: 'forward', args: [net, KX] },
          { fn: 'backward', args: [net, KX, KY, 'mse'] },
        ],
      };
    }
    case 'mse-form':
    case 'bce-form':
    case 'batch-reduction': {
      const c = (l: LossName, n: number) =>
        name === 'mse-form' && l === 'mse' ? (value === 'mean' ? 2 / n : value === 'sum' ? 2 : 1) : name === 'bce-form' && l === 'bce' && value === 'mean' ? 1 / n : 1;
      const sum = name === 'batch-reduction' && value === 'sum';
      const impl = lib({
        lossGrad: (l, a, y) => NOTES_HOOKS.lossGrad(l, a, y).map((g) => c(l, a.length) * g),
        lossValue: (l, A, Y) => {
          // written as the libraries do: mean over all entries, or sums, straight from the definition
          const B = A.length;
          const n = A[0]!.length;
          let total = 0;
          A.forEach((a, x) =>
            a.forEach((ai, i) => {
              const y = Y[x]![i]!;
              if (l === 'mse') total += (ai - y) ** 2 * (name === 'mse-form' && value !== 'half-sum' ? 1 : 0.5);
              else if (l === 'bce') total -= (y === 0 ? 0 : y * Math.log(ai)) + (y === 1 ? 0 : (1 - y) * Math.log(1 - ai));
              else total -= y === 0 ? 0 : y * Math.log(ai);
            }),
          );
          const perEntry = (name === 'mse-form' && value === 'mean' && l === 'mse') || (name === 'bce-form' && value === 'mean' && l === 'bce');
          return sum ? total : perEntry ? total / (B * n) : total / B;
        },
        reduce: sum ? 'sum' : 'mean',
      });
      const A = [[0.25, 0.75, 0.5, 1], [0, 0.5, 0.125, 0.875]];
      const Y = [[0, 1, 1, 0], [1, 0.5, 0, 1]];
      const sig = zNet('sigmoid', [0, 0]); // a = ½ exactly, σ′ = ¼
      const wide: Net = { layers: [{ W: [[1, -1], [0.5, 0.5]], b: [0, 0.25], activation: 'relu' }, { W: [[1, -1], [0.5, 2], [0, 1], [-1, 0.25]], b: [0, 0, 0.5, 1], activation: 'identity' }] };
      return {
        impl,
        cases: [
          { fn: 'loss', args: ['mse', A, Y] },
          { fn: 'loss', args: ['bce', [[0.25, 0.5], [0.125, 0.75]], [[0, 1], [1, 0]]], bound: 4 * lossBound('bce', [[0.25, 0.5], [0.125, 0.75]], [[0, 1], [1, 0]], U) },
          { fn: 'backward', args: [wide, KX, [[1, 0, 0.5, -1], [0, 2, 1, 0.25]], 'mse'] },
          { fn: 'backward', args: [sig, [[1], [0.5]], [[1, 0], [0, 1]], 'bce'] },
        ],
      };
    }
    case 'zero-log-zero': {
      const nan = value === 'nan';
      const naive = (y: number, a: number) => (nan ? y * Math.log(a) : y === 0 ? 0 : y * Math.log(a)); // 0·log 0 = NaN when written naively
      const impl = lib({
        lossGrad: (l, a, y) => (l === 'cce' && nan ? a.map((ai, i) => -y[i]! / ai) : NOTES_HOOKS.lossGrad(l, a, y)),
        lossValue: (l, A, Y) => {
          if (l === 'mse') return loss(l, A, Y);
          let total = 0;
          A.forEach((a, x) => a.forEach((ai, i) => (total -= l === 'bce' ? naive(Y[x]![i]!, ai) + naive(1 - Y[x]![i]!, 1 - ai) : naive(Y[x]![i]!, ai))));
          return total / A.length;
        },
      });
      const bb = (A: Matrix, Y: Matrix) => 4 * lossBound('bce', A, Y, U);
      return {
        impl,
        cases: [
          { fn: 'loss', args: ['cce', [[0, 1]], [[0, 1]]] },
          { fn: 'loss', args: ['bce', [[0, 0.5]], [[0, 1]]], bound: bb([[0, 0.5]], [[0, 1]]) },
          { fn: 'loss', args: ['bce', [[1]], [[1]]] },
          { fn: 'backward', args: [zNet('sigmoid', [-1000, 0]), [[1]], [[0, 1]], 'cce'] }, // a = (0, ½): −0/0 in ∇_a E
        ],
      };
    }
    case 'probability-clip':
    case 'bce-log-clamp': {
      const e = value === 'none' ? null : (value as number);
      const impl = lib({
        lossValue: (l, A, Y) => {
          if (e === null || l === 'mse') return loss(l, A, Y);
          if (name === 'probability-clip') return loss(l, A.map((r) => r.map((a) => Math.min(1 - e, Math.max(e, a)))), Y);
          if (l !== 'bce') return loss(l, A, Y);
          // PyTorch's BCELoss: −[y·max(log a, −100) + (1 − y)·max(log(1 − a), −100)], averaged
          let total = 0;
          A.forEach((a, x) => a.forEach((ai, i) => (total -= Y[x]![i]! * Math.max(Math.log(ai), -e) + (1 - Y[x]![i]!) * Math.max(Math.log(1 - ai), -e))));
          return total / A.length;
        },
      });
      const A = [[0, 1e-9, 0.5]];
      const Y = [[1, 0, 1]];
      const b = 4 * lossBound('bce', [[1e-7, 1e-9, 0.5]], Y, U) + 4 * lossBound('bce', [[Math.exp(-100), 1e-9, 0.5]], Y, U);
      return {
        impl,
        cases: [
          { fn: 'loss', args: ['bce', A, Y], bound: b },
          { fn: 'loss', args: ['bce', [[1]], [[0]]], bound: b },
          ...(name === 'probability-clip' ? [{ fn: 'loss' as const, args: ['cce', [[0, 1e-30, 1]], [[0, 1, 0]]], bound: 4 * lossBound('cce', [[1e-7, 1e-7, 1 - 1e-7]], [[0, 1, 0]], U) }] : []),
        ],
      };
    }
    case 'cce-normalize': {
      const yes = value === 'yes';
      const impl = lib({
        lossGrad: (l, a, y) => {
          if (l !== 'cce' || !yes) return NOTES_HOOKS.lossGrad(l, a, y);
          const S = a.reduce((t, v) => t + v, 0);
          const sy = y.reduce((t, v) => t + v, 0);
          return a.map((ai, i) => (y[i] === 0 ? 0 : -y[i]! / ai) + sy / S);
        },
        lossValue: (l, A, Y) => (l === 'cce' && yes ? loss(l, A.map((r) => r.map((a) => a / r.reduce((t, v) => t + v, 0))), Y) : loss(l, A, Y)),
      });
      return {
        impl,
        cases: [
          { fn: 'loss', args: ['cce', [[0.25, 0.25], [0.5, 0.25]], [[1, 0], [0, 1]]], bound: 8 * lossBound('cce', [[0.5, 0.5], [2 / 3, 1 / 3]], [[1, 0], [0, 1]], U) },
          { fn: 'backward', args: [zNet('sigmoid', [0, 0, 0]), [[1]], [[0.5, 0.5, 0]], 'cce'] },
          { fn: 'backward', args: [zNet('sigmoid', [0]), [[1]], [[1]], 'cce'] },
        ],
      };
    }
    case 'cce-targets':
      // changes which cases are drawn, not any value (settings.test.ts: targetsAllowed; below: the one-hot planted)
      return { impl: reference, cases: [] };
    case 'momentum-form': {
      const coord: Coord =
        value === 'lr-outside'
          ? (o, _t, w, g, [v]) => { const v2 = o.alpha! * v! + g; return [w - o.lr! * v2, [v2]]; } // PyTorch SGD, dampening 0
          : value === 'dampened'
            ? (o, _t, w, g, [v]) => { const v2 = o.alpha! * v! + (1 - o.alpha!) * g; return [w - o.lr! * v2, [v2]]; } // PyTorch SGD, dampening = momentum
            : momentumNotes;
      const m = (lr: number): Optimizer => ({ name: 'momentum', lr, alpha: 0.75 });
      return { impl: reference, cases: [], stepImpl: plantedStep(coord, 1), chain: [{ opts: [m(0.125), m(0.5), m(0.25)], p0: P0, grads: [G(1), G(-0.5), G(2)] }] };
    }
    case 'adagrad-initial-accumulator':
    case 'adagrad-eps':
    case 'adagrad-fixed-eps': {
      const s = settingsWith(name, value);
      const fixed = s['adagrad-fixed-eps'];
      const coord = adagradCoord(s['adagrad-initial-accumulator'], s['adagrad-eps'] === 'inside', fixed === 'none' ? null : fixed, true);
      const o: Optimizer = { name: 'adagrad', lr: 0.1, eps: 1e-2 };
      return { impl: reference, cases: [], stepImpl: plantedStep(coord, 1, s['adagrad-initial-accumulator']), chain: [{ opts: [o, o, o], p0: P0, grads: [G(1e-3), G(-0.5), G(2)] }] };
    }
    case 'rmsprop-eps':
    case 'rmsprop-centered': {
      const s = settingsWith(name, value);
      const coord = rmspropCoord(s['rmsprop-eps'] === 'inside', s['rmsprop-centered'] === 'yes');
      const o: Optimizer = { name: 'rmsprop', lr: 0.01, rho: 0.9, eps: 1e-4 };
      return { impl: reference, cases: [], stepImpl: plantedStep(coord, 2), chain: [{ opts: [o, o, o], p0: P0, grads: [G(1e-3), G(-0.5), G(2)] }] };
    }
    case 'adam-eps': {
      const o: Optimizer = { name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-3 };
      return { impl: reference, cases: [], stepImpl: plantedStep(adamCoord(value === 'hat'), 2), chain: [{ opts: [o, o, o], p0: P0, grads: [G(1e-3), G(-0.5), G(2)] }] };
    }
    case 'optimizer-zero-over-zero':
      return { impl: reference, cases: [] }; // its own tests below (`either` accepts both strict forms)
  }
}

/** Values to try: the known ones, and for a number switch with one known value, one more. */
function testValues(name: SwitchName): SwitchValue[] {
  const vs = knownValues(name);
  if (vs.length === 1 && typeof vs[0] === 'number') return [...vs, 0.5];
  return vs;
}

function callOn(side: ExpectedFunctions | ContractFunctions, c: Call): unknown {
  return (side[c.fn] as (...a: unknown[]) => unknown)(...c.args);
}

describe('the planted implementation of each switch agrees with the expected side for its value, and disagrees with the notes’', () => {
  it('the planted library with the notes’ hooks is the reference (the harness itself is sound)', () => {
    const impl = plantedLibrary(NOTES_HOOKS);
    for (const net of [kinkNet('relu'), kinkNet('leaky_relu', 0.25), kinkNet('elu', 0.5), kinkNet('step', undefined, 'identity')]) {
      expect(impl.forward(net, KX)).toEqual(forward(net, KX));
      expect(impl.backward(net, KX, KY, 'mse')).toEqual(backward(net, KX, KY, 'mse'));
    }
    expect(impl.perceptronStep([1, -1], 0, [1, 1], 0, 0.5)).toEqual(perceptronStep([1, -1], 0, [1, 1], 0, 0.5));
  });

  for (const name of SWITCH_NAMES) {
    for (const value of testValues(name)) {
      it(`${name}=${value}`, () => {
        const p = plantedFor(name, value);
        const side = conventionReference(settingsWith(name, value));
        const isDefault = value === NOTES_SETTINGS[name];
        let mattered = 0;
        for (const c of p.cases) {
          const got = callOn(p.impl, c);
          const label = `${c.fn}(${JSON.stringify(c.args).slice(0, 80)})`;
          expect(agrees(callOn(side, c), got, c.bound), `${label}: expected side of ${name}=${value}`).toBe(true);
          if (!isDefault && !agrees(callOn(notesSide, c), got, c.bound)) mattered++;
        }
        for (const ch of p.chain ?? []) {
          const got = runChain(p.stepImpl! as never, ch.opts, ch.p0, ch.grads);
          const exp = runChain(side.step as never, ch.opts, ch.p0, ch.grads);
          const bounds = stepBounds(ch.opts[0]!, ch.p0, ch.grads, 'float64', U);
          exp.forEach((e, t) => expect(agrees(e, got[t], (path) => path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], bounds[t]) as number), `${name}=${value} step ${t + 1}`).toBe(true));
          const notes = runChain(notesSide.step as never, ch.opts, ch.p0, ch.grads);
          if (!isDefault && notes.some((e, t) => !agrees(e, got[t], (path) => path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], bounds[t]) as number))) mattered++;
        }
        if (!isDefault && name !== 'cce-targets' && name !== 'optimizer-zero-over-zero') expect(mattered, `${name}=${value} must differ from the notes somewhere`).toBeGreaterThan(0);
      });
    }
  }

  it('cce-targets=one-hot: an implementation that assumes one-hot targets agrees on every case the setting draws', () => {
    // cce as −log a_k for the class k with y_k = 1 (a course that never uses soft labels)
    const assumesOneHot = (A: Matrix, Y: Matrix) => A.reduce((t, a, x) => t - Math.log(a[Y[x]!.indexOf(1)]!), 0) / A.length;
    const oneHot = [[0, 1, 0], [1, 0, 0]];
    const soft = [[0.25, 0.75, 0], [0.5, 0.5, 0]];
    const A = [[0.25, 0.5, 0.25], [0.125, 0.75, 0.125]];
    const side = conventionReference(settingsWith('cce-targets', 'one-hot'));
    const b = 4 * lossBound('cce', A, oneHot, U);
    expect(agrees(side.loss('cce', A, oneHot), assumesOneHot(A, oneHot), b)).toBe(true);
    expect(agrees(side.loss('cce', A, soft), assumesOneHot(A, soft), b)).toBe(false); // fails on soft labels: which one-hot never draws
  });
});

describe('optimizer-zero-over-zero: undefined means accepted', () => {
  const zeroEps: Optimizer[] = [
    { name: 'adagrad', lr: 0.1, eps: 0 },
    { name: 'rmsprop', lr: 0.1, rho: 0.9, eps: 0 },
    { name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 0 },
  ];
  const p: Params = { W: [[[0.5, -1]]], b: [[0.25]] };
  const zero: Params = { W: [[[0, 0]]], b: [[0]] };
  const some: Params = { W: [[[0.5, 0]]], b: [[-1]] };

  it('either (the default): w unchanged and NaN both accepted at 0/0; strict forms accept one each', () => {
    for (const opt of zeroEps) {
      const either = conventionStep(NOTES_SETTINGS, opt, p, zero, null).params;
      expect(either.W[0]![0]![0]).toBeInstanceOf(OneOf);
      expect((either.W[0]![0]![0] as OneOf).values, opt.name).toEqual([0.5, NaN]);
      expect(agrees(either.W[0]![0]![0], 0.5)).toBe(true);
      expect(agrees(either.W[0]![0]![0], NaN)).toBe(true);
      expect(agrees(either.W[0]![0]![0], 0)).toBe(false); // a wrong value is still wrong
      expect((either.W[0]![0]![0] as OneOf).why).toMatch(/optimizer-zero-over-zero=either/);
      expect(conventionStep(settingsWith('optimizer-zero-over-zero', 'unchanged'), opt, p, zero, null).params).toEqual(step(opt, p, zero, null).params);
      const nan = conventionStep(settingsWith('optimizer-zero-over-zero', 'nan'), opt, p, zero, null).params;
      expect(nan.W[0]![0]).toEqual([NaN, NaN]);
      // the planted strict implementations: each agrees with either, and each fails the other strict form
      const guardedImpl = plantedStep(opt.name === 'adam' ? adamCoord(false) : opt.name === 'adagrad' ? adagradCoord(0, false, null, true) : rmspropCoord(false, false), 2);
      const unguarded = plantedStep(opt.name === 'adagrad' ? adagradCoord(0, false, null, false) : ((o, t, w, g, s) => {
        const [w2, s2] = (opt.name === 'adam' ? adamCoord(false) : rmspropCoord(false, false))(o, t, w, g, s);
        return [w2 === w && g === 0 ? NaN : w2, s2];
      }) as Coord, 2);
      const gotGuard = guardedImpl(opt, p, zero, null).params;
      const gotNaN = unguarded(opt, p, zero, null).params;
      expect(agrees(either, gotGuard)).toBe(true);
      expect(agrees(either, gotNaN)).toBe(true);
      expect(agrees(nan, gotGuard)).toBe(false);
      expect(agrees(conventionStep(settingsWith('optimizer-zero-over-zero', 'unchanged'), opt, p, zero, null).params, gotNaN)).toBe(false);
    }
  });

  it('a chain carries both paths: after a NaN the weight stays NaN, after “unchanged” it moves on', () => {
    for (const opt of zeroEps) {
      const r1 = conventionStep(NOTES_SETTINGS, opt, p, zero, null);
      const r2 = conventionStep(NOTES_SETTINGS, opt, r1.params, some, r1.state);
      const w = r2.params.W[0]![0]![0] as OneOf;
      expect(isOneOf(w), opt.name).toBe(true);
      const strict = step(opt, step(opt, p, zero, null).params, some, step(opt, p, zero, null).state).params.W[0]![0]![0]!;
      expect(w.values).toEqual([strict, NaN]);
      // an element whose gradient stays 0 keeps both values; a NaN that came in stays NaN
      expect((r2.params.W[0]![0]![1] as OneOf).values).toEqual([-1, NaN]);
    }
  });

  it('a zero denominator with g ≠ 0 (rmsprop with ρ = 1) accepts w unchanged or the infinite step', () => {
    const opt: Optimizer = { name: 'rmsprop', lr: 0.1, rho: 1, eps: 0 };
    const r = conventionStep(NOTES_SETTINGS, opt, p, some, null).params;
    expect((r.W[0]![0]![0] as OneOf).values).toEqual([0.5, -Infinity]);
    expect((r.b[0]![0] as OneOf).values).toEqual([0.25, Infinity]);
  });

  it('OneOf serialises as { oneOf } with non-finite values as strings, and primaryValues takes the contract’s value', () => {
    const r = conventionStep(NOTES_SETTINGS, zeroEps[0]!, p, zero, null).params;
    expect(JSON.parse(JSON.stringify(r.W[0]![0]![0]))).toMatchObject({ oneOf: [0.5, 'NaN'] });
    expect(primaryValues<Params>(r)).toEqual(p);
  });
});

describe('NaN anywhere in a chain never throws (every profile, every single-switch variant)', () => {
  const opts: Optimizer[] = [
    { name: 'sgd', lr: 0.1 },
    { name: 'momentum', lr: 0.1, alpha: 0.9 },
    { name: 'adagrad', lr: 0.1, eps: 0 },
    { name: 'rmsprop', lr: 0.1, rho: 0.9, eps: 0 },
    { name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 0 },
  ];
  const nanParams: Params = { W: [[[NaN, Infinity], [0.5, -Infinity]]], b: [[NaN, 0]] };
  const grads: Params[] = [
    { W: [[[0, 0], [0, 0]]], b: [[0, 0]] },
    { W: [[[NaN, 1], [0, 2]]], b: [[1, NaN]] },
    { W: [[[1, -1], [Infinity, 0]]], b: [[0, 1]] },
  ];
  const all: { label: string; s: ConventionSettings }[] = [
    ...PROFILE_NAMES.map((n) => ({ label: `--profile ${n}`, s: PROFILES[n].settings as ConventionSettings })),
    ...variants(NOTES_SETTINGS, 'step').map((v) => ({ label: v.flag, s: v.settings })),
  ];
  it('judges on: the chain runs, and every element is a number or a OneOf', () => {
    for (const { label, s } of all) {
      const side = conventionReference(s);
      for (const opt of opts) {
        let params: Expected<Params> = nanParams;
        let state: unknown = null;
        for (const g of grads) {
          const r = side.step(opt, params, g, state);
          for (const x of [...r.params.W.flat(2), ...r.params.b.flat()]) expect(typeof x === 'number' || isOneOf(x), `${label} ${opt.name}`).toBe(true);
          [params, state] = [r.params, r.state];
        }
        // and the state JSON carries NaN through a JSON-like copy (the strings of the protocol are the runner's business)
        expect((state as { t: number }).t).toBe(3);
      }
    }
  });

  it('profileReference stays numeric for every profile, NaN included (the strict form)', async () => {
    const { profileReference } = await import('./profiles.js');
    for (const n of PROFILE_NAMES) {
      const f = profileReference(n);
      let params: Params = nanParams;
      let state: unknown = null;
      for (const g of grads) {
        const r = f.step(opts[3]!, params, g, state);
        expect([...r.params.W.flat(2), ...r.params.b.flat()].every((x) => typeof x === 'number'), n).toBe(true);
        [params, state] = [r.params, r.state];
      }
    }
  });

  it('bad shapes are still typed errors', () => {
    expect(() => conventionStep(NOTES_SETTINGS, opts[0]!, { W: [[[1]]], b: [[1, 2]] }, { W: [[[1]]], b: [[1]] }, null)).toThrow(/shape mismatch at params.b\[0\]/);
    expect(() => conventionStep(NOTES_SETTINGS, opts[0]!, { W: [[['1' as unknown as number]]], b: [[1]] }, { W: [[[1]]], b: [[1]] }, null)).toThrow(/params.W\[0\]\[0\]\[0\]: expected a number/);
    expect(() => conventionStep(NOTES_SETTINGS, opts[2]!, nanParams, grads[0]!, { name: 'adam', t: 1, slots: {} })).toThrow(/state/);
  });
});

describe('with the notes’ settings the expected side is the reference, bit for bit', () => {
  const rng = createRng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniformIn(0, xs.length - 1e-9))]!;
  const matrix = (r: number, c: number, s = 1) => Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniformIn(-s, s)));

  it('activate, activateGrad on random z and at the kinks', () => {
    for (const a of ELEMENTWISE_ACTIVATIONS) {
      const z = [0, -0, ...matrix(1, 8, 5)[0]!];
      expect(notesSide.activate(a, z), a).toEqual(activate(a, z));
      expect(notesSide.activateGrad(a, z), a).toEqual(activateGrad(a, z));
      expect(notesSide.activateGrad(a, z, 0.5), a).toEqual(activateGrad(a, z, 0.5));
    }
    expect(notesSide.activate('softmax', [1, 2, 3])).toEqual(activate('softmax', [1, 2, 3]));
  });

  it('loss, forward, backward on random nets of every pairing', () => {
    for (let trial = 0; trial < 60; trial++) {
      const l = pick(LOSSES);
      const out = pick(LOSS_OUTPUTS[l]);
      const sizes = [1 + Math.floor(rng.uniformIn(0, 3)), 1 + Math.floor(rng.uniformIn(0, 3)), 1 + Math.floor(rng.uniformIn(0, 4))];
      const hidden = pick(ELEMENTWISE_ACTIVATIONS);
      const net: Net = {
        layers: [
          { W: matrix(sizes[1]!, sizes[0]!), b: matrix(1, sizes[1]!)[0]!, activation: hidden },
          { W: matrix(sizes[2]!, sizes[1]!), b: matrix(1, sizes[2]!)[0]!, activation: out },
        ],
      };
      const B = 1 + Math.floor(rng.uniformIn(0, 3));
      const X = matrix(B, sizes[0]!);
      const A = forward(net, X).a[1]!;
      const Y = l === 'cce' ? A.map((r) => r.map((_, i) => (i === 0 ? 1 : 0))) : A.map((r) => r.map(() => (rng.uniformIn(0, 1) < 0.5 ? 0 : 1)));
      expect(notesSide.forward(net, X)).toEqual(forward(net, X));
      expect(notesSide.backward(net, X, Y, l), `${hidden}→${out}+${l}`).toEqual(backward(net, X, Y, l));
      expect(notesSide.loss(l, A, Y)).toBe(loss(l, A, Y));
    }
  });

  it('perceptronStep, including w·x + b = 0', () => {
    for (const args of [[[1, -1], 0, [1, 1], 0, 0.5], [[0.5, 2], -1, [1, 0.25], 1, 1], [[1], 0.5, [-2], 1, 0.1]] as const) {
      expect(notesSide.perceptronStep(...(args as unknown as Parameters<ContractFunctions['perceptronStep']>))).toEqual(perceptronStep(...(args as unknown as Parameters<ContractFunctions['perceptronStep']>)));
    }
  });

  it('bad input is the reference’s typed error', () => {
    expect(() => notesSide.activate('swish' as ActivationName, [0])).toThrow(/unknown activation "swish"/);
    expect(() => notesSide.backward({ layers: [{ W: [[1]], b: [0], activation: 'relu' }] }, [[1]], [[1]], 'bce')).toThrow(/loss bce needs the output activation/);
    expect(() => notesSide.forward({ layers: [{ W: [[NaN]], b: [0], activation: 'relu' }] }, [[1]])).toThrow(/non-finite number/);
  });
});
