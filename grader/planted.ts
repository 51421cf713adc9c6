/**
 * Planted mistakes, for the grader's own tests: each catalogued diagnosis as a submission would make
 * it, built as an in-process Subject around the reference with ONE formula changed. These are written
 * independently of diagnoses.ts (which recognises the mistakes from the answers), so a test that
 * grades a planted subject and finds the diagnosis checks both sides.
 */
import * as ref from '../reference/index.js';
import type { ActivationName, LossName } from '../contract/names.js';
import type { BackwardResult, ContractFunctions, Matrix, Net, Optimizer, Params, Subject, Vector } from '../contract/types.js';

interface BackpropHooks {
  bp1?: (a: Matrix, y: Matrix, z: Matrix, sp: Matrix, correct: Matrix) => Matrix;
  /** σ′ used in BP2 for layer l (0-based) */
  sp?: (name: ActivationName, z: Vector, a: Vector, alpha: number | undefined) => Vector;
  useW?: boolean;
  bp3?: 'sum' | 'first';
  bp4?: 'sum' | 'transposed' | 'off-by-one';
}

export function plantedBackward(h: BackpropHooks): ContractFunctions['backward'] {
  return (net: Net, X: Matrix, Y: Matrix, loss: LossName): BackwardResult => {
    const fw = ref.forward(net, X);
    const correct = ref.backward(net, X, Y, loss);
    const L = net.layers.length;
    const B = X.length;
    const spOf = (l: number) =>
      fw.z[l]!.map((z, x) => {
        const layer = net.layers[l]!;
        if (layer.activation === 'softmax') return z.map(() => 1);
        return h.sp ? h.sp(layer.activation, z, fw.a[l]![x]!, layer.alpha) : ref.activateGrad(layer.activation, z, layer.alpha);
      });
    const delta: Matrix[] = new Array(L);
    delta[L - 1] = h.bp1 ? h.bp1(fw.a[L - 1]!, Y, fw.z[L - 1]!, spOf(L - 1), correct.delta[L - 1]!) : correct.delta[L - 1]!;
    for (let l = L - 2; l >= 0; l--) {
      const W = net.layers[l + 1]!.W;
      const sp = spOf(l);
      delta[l] = delta[l + 1]!.map((d, x) =>
        sp[x]!.map((s, k) => (h.useW ? (W[k]?.reduce((acc, w, j) => acc + w * (d[j] ?? NaN), 0) ?? NaN) : W.reduce((acc, row, j) => acc + row[k]! * d[j]!, 0)) * s),
      );
    }
    const div = h.bp3 === 'sum' ? 1 : B;
    const gradB = delta.map((d) => (h.bp3 === 'first' ? d[0]! : d[0]!.map((_, j) => d.reduce((s, dx) => s + dx[j]!, 0) / div)));
    const gradW = delta.map((d, l) => {
      const below = h.bp4 === 'off-by-one' ? fw.a[l]! : l === 0 ? X : fw.a[l - 1]!;
      const div4 = h.bp4 === 'sum' ? 1 : B;
      const G = d[0]!.map((_, j) => below[0]!.map((_, k) => d.reduce((s, dx, x) => s + dx[j]! * below[x]![k]!, 0) / div4));
      return h.bp4 === 'transposed' ? G[0]!.map((_, k) => G.map((r) => r[k]!)) : G;
    });
    return { delta, gradW, gradB };
  };
}

type Coord = (o: Optimizer, t: number, w: number, g: number, s: number[]) => number;

export function plantedStep(update: Coord): ContractFunctions['step'] {
  return (opt, params, grads, state) => {
    const st = (state as { t: number; s: number[][] } | null) ?? { t: 0, s: [] };
    const t = st.t + 1;
    let k = 0;
    const s = st.s.map((v) => [...v]);
    const upd = (w: number, g: number) => {
      s[k] ??= [0, 0];
      return update(opt, t, w, g, s[k++]!);
    };
    const W = params.W.map((M, l) => M.map((r, j) => r.map((w, i) => upd(w, grads.W[l]![j]![i]!))));
    const b = params.b.map((v, l) => v.map((w, j) => upd(w, grads.b[l]![j]!)));
    return { params: { W, b } as Params, state: { t, s } };
  };
}

export function subjectWith(name: string, fns: Partial<ContractFunctions>): Subject {
  const all: ContractFunctions = { activate: ref.activate, activateGrad: ref.activateGrad, loss: ref.loss, forward: ref.forward, backward: ref.backward, step: ref.step, perceptronStep: ref.perceptronStep };
  return { name: `planted:${name}`, precision: 'float64', fns: { ...all, ...fns } };
}

const at0 = (z: Vector, v: Vector, x: number) => v.map((vi, i) => (z[i] === 0 ? x : vi));

/** diagnosis id → [the check where it shows, the planted subject]. */
export const PLANTED: Record<string, [string, Partial<ContractFunctions>]> = {
  'bp1.missing-sigma-prime': ['backward.bp1', { backward: plantedBackward({ bp1: (a, y) => a.map((r, x) => r.map((v, i) => v - y[x]![i]!)) }) }],
  'bp1.extra-sigma-prime': ['backward.bp1', { backward: plantedBackward({ bp1: (_a, _y, _z, sp, c) => c.map((r, x) => r.map((v, i) => v * sp[x]![i]!)) }) }],
  'mse.factor-2': ['loss.mse', { loss: (n, A, Y) => (n === 'mse' ? 2 : 1) * ref.loss(n, A, Y) }],
  'bp2.missing-sigma-prime': ['backward.bp2', { backward: plantedBackward({ sp: (_n, z) => z.map(() => 1) }) }],
  'bp2.w-instead-of-wT': ['backward.bp2', { backward: plantedBackward({ useW: true }) }],
  'bp2.sigma-prime-of-a': ['backward.bp2', { backward: plantedBackward({ sp: (n, _z, a, alpha) => ref.activateGrad(n, a, alpha) }) }],
  'relu.grad-at-zero': ['activateGrad.relu', { activateGrad: (n, z, al) => (n === 'relu' ? at0(z, ref.activateGrad(n, z, al), 1) : ref.activateGrad(n, z, al)) }],
  'batch.sum-not-mean': ['backward.bp3', { backward: plantedBackward({ bp3: 'sum' }) }],
  'bp3.one-example': ['backward.bp3', { backward: plantedBackward({ bp3: 'first' }) }],
  'bp4.transposed': ['backward.bp4', { backward: plantedBackward({ bp4: 'transposed' }) }],
  'bp4.layer-off-by-one': ['backward.bp4', { backward: plantedBackward({ bp4: 'off-by-one' }) }],
  'step.strict-threshold': ['activate.step', { activate: (n, z, al) => (n === 'step' ? z.map((v) => (v > 0 ? 1 : 0)) : ref.activate(n, z, al)) }],
  'softmax.overflow': [
    'activate.softmax',
    {
      activate: (n, z, al) => {
        if (n !== 'softmax') return ref.activate(n, z, al);
        const e = z.map(Math.exp);
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      },
    },
  ],
  'softplus.overflow': ['activate.softplus', { activate: (n, z, al) => (n === 'softplus' ? z.map((v) => Math.log(1 + Math.exp(v))) : ref.activate(n, z, al)) }],
  'exp.overflow-error': [
    'activate.sigmoid',
    {
      activate: (n, z, al) => {
        if (n === 'sigmoid' && z.some((v) => Math.abs(v) > 709)) throw new Error('OverflowError: math range error');
        return ref.activate(n, z, al);
      },
    },
  ],
  'alpha.ignored': ['activate.elu', { activate: (n, z) => ref.activate(n, z) }],
  'elu.grad-at-zero': ['activateGrad.elu', { activateGrad: (n, z, al) => (n === 'elu' ? at0(z, ref.activateGrad(n, z, al), al ?? 1) : ref.activateGrad(n, z, al)) }],
  'sigmoid.grad-is-sigmoid': ['activateGrad.sigmoid', { activateGrad: (n, z, al) => (n === 'sigmoid' ? ref.activate(n, z) : ref.activateGrad(n, z, al)) }],
  'tanh.grad-no-square': ['activateGrad.tanh', { activateGrad: (n, z, al) => (n === 'tanh' ? z.map((v) => 1 - Math.tanh(v)) : ref.activateGrad(n, z, al)) }],
  'derivative.factor-2': ['activateGrad.softplus', { activateGrad: (n, z, al) => ref.activateGrad(n, z, al).map((v) => (n === 'softplus' ? 2 * v : v)) }],
  'derivative.factor-half': ['activateGrad.tanh', { activateGrad: (n, z, al) => ref.activateGrad(n, z, al).map((v) => (n === 'tanh' ? v / 2 : v)) }],
  'loss.log-zero': [
    'loss.cce',
    {
      loss: (n, A, Y) => {
        if (n !== 'cce') return ref.loss(n, A, Y);
        return -A.reduce((s, r, x) => s + r.reduce((t, a, i) => t + Y[x]![i]! * Math.log(a), 0), 0) / A.length;
      },
    },
  ],
  'loss.sum-not-mean': ['loss.bce', { loss: (n, A, Y) => (n === 'bce' ? A.length : 1) * ref.loss(n, A, Y) }],
  'mse.mean-over-outputs': [
    'loss.mse',
    { loss: (n, A, Y) => (n === 'mse' ? A.flatMap((r, x) => r.map((a, i) => (a - Y[x]![i]!) ** 2)).reduce((s, v, _i, arr) => s + v / arr.length, 0) : ref.loss(n, A, Y)) },
  ],
  'forward.no-output-activation': [
    'forward',
    {
      forward: (net, X) => {
        const f = ref.forward(net, X);
        return { z: f.z, a: [...f.a.slice(0, -1), f.z.at(-1)!] };
      },
    },
  ],
  'forward.no-bias': ['forward', { forward: (net, X) => ref.forward({ layers: net.layers.map((l) => ({ ...l, b: l.b.map(() => 0) })) }, X) }],
  'momentum.sign': [
    'step.momentum',
    {
      step: plantedStep((o, _t, w, g, s) => {
        const op = o as { lr: number; alpha: number };
        s[0] = op.alpha * s[0]! + op.lr * g;
        return w + s[0]!;
      }),
    },
  ],
  'adagrad.no-sqrt': [
    'step.adagrad',
    {
      step: plantedStep((o, _t, w, g, s) => {
        const op = o as { lr: number; eps: number };
        s[0] = s[0]! + g * g;
        return s[0]! + op.eps === 0 ? w : w - (op.lr * g) / (s[0]! + op.eps);
      }),
    },
  ],
  'rmsprop.rho-swapped': [
    'step.rmsprop',
    {
      step: plantedStep((o, _t, w, g, s) => {
        const op = o as { lr: number; rho: number; eps: number };
        s[0] = (1 - op.rho) * s[0]! + op.rho * g * g;
        const d = Math.sqrt(s[0]!) + op.eps;
        return d === 0 ? w : w - (op.lr * g) / d;
      }),
    },
  ],
  'adam.no-bias-correction': [
    'step.adam',
    {
      step: plantedStep((o, _t, w, g, s) => {
        const op = o as { lr: number; beta1: number; beta2: number; eps: number };
        s[0] = op.beta1 * s[0]! + (1 - op.beta1) * g;
        s[1] = op.beta2 * s[1]! + (1 - op.beta2) * g * g;
        const d = Math.sqrt(s[1]!) + op.eps;
        return d === 0 ? w : w - (op.lr * s[0]!) / d;
      }),
    },
  ],
  'adam.eps-inside-sqrt': [
    'step.adam',
    {
      step: plantedStep((o, t, w, g, s) => {
        const op = o as { lr: number; beta1: number; beta2: number; eps: number };
        s[0] = op.beta1 * s[0]! + (1 - op.beta1) * g;
        s[1] = op.beta2 * s[1]! + (1 - op.beta2) * g * g;
        const d = Math.sqrt(s[1]! / (1 - op.beta2 ** t) + op.eps);
        return d === 0 ? w : w - (op.lr * s[0]!) / (1 - op.beta1 ** t) / d;
      }),
    },
  ],
  'perceptron.strict-threshold': [
    'perceptronStep',
    {
      perceptronStep: (w, b, x, y, lr) => {
        const yhat = w.reduce((s, wi, i) => s + wi * x[i]!, b) > 0 ? 1 : 0;
        return { w: w.map((wi, i) => wi + lr * (y - yhat) * x[i]!), b: b + lr * (y - yhat) };
      },
    },
  ],
  'perceptron.sign': [
    'perceptronStep',
    {
      perceptronStep: (w, b, x, y, lr) => {
        const yhat = w.reduce((s, wi, i) => s + wi * x[i]!, b) >= 0 ? 1 : 0;
        return { w: w.map((wi, i) => wi - lr * (y - yhat) * x[i]!), b: b - lr * (y - yhat) };
      },
    },
  ],
};
