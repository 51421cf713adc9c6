/**
 * The planted subject: one small, plain float64 implementation of the contract's activate /
 * activateGrad / loss / forward / backward, written independently of the reference, in which
 * catalogued mistakes (catalogue.ts, by id) can be switched on — for the tests that show each property
 * catching what it is meant to catch ("a test that could not fail is a defect"), and for
 * `nn-oracle check --subject planted:<id>[+<id>…]`. With no bug it is a correct subject.
 *
 * Each bug is one catalogue entry, implemented here as one instance of that mistake (the grader's
 * tests grade it and expect the entry's diagnosis). The names these bugs had before the catalogue
 * (`bp2-no-sigma-prime`, …) are accepted as aliases of the ids (PLANTED_ALIASES).
 */
import { alphaOf, isBp1Shortcut, type ActivationName, type LossName } from '../contract/names.js';
import { UnknownNameError } from '../contract/errors.js';
import type { BackwardResult, ForwardResult, Matrix, Net, Subject, Vector } from '../contract/types.js';
import { checkActivationName, checkBatch, checkLossArgs, checkNet, checkTargets } from '../contract/validate.js';

/** The catalogue ids this subject can plant, each with what it does here. */
export const PLANTED_BUGS = [
  'bp1.missing-sigma-prime', // mse: δ^L = a − y, σ′(z^L) forgotten
  'bp2.missing-sigma-prime', // BP2 without ⊙ σ′(z^l)
  'bp2.w-instead-of-wT', // BP2 with W^{l+1} instead of (W^{l+1})ᵀ (index swap; undefined → NaN when not square)
  'bp3.sum-not-mean', // gradB = Σ_x δ instead of the mean
  'bp4.sum-not-mean', // gradW = Σ_x δ aᵀ instead of the mean
  'bp4.examples-misaligned', // gradW pairs δ_x with a^{l−1} of the next example (x+1 mod B)
  'softmax.overflow', // softmax without subtracting the max logit (overflows)
  'softmax.jacobian-diagonal', // softmax + cce: δ^L = (a − y) ⊙ a(1 − a), as if softmax were elementwise
  'relu.grad-at-zero', // relu′(0) = 1
  'step.strict-threshold', // step(0) = 0
  'leaky_relu.grad-at-zero', // leaky_relu′(0) = 1
  'elu.grad-at-zero', // elu′(0) = α
  'sigmoid.grad-is-sigmoid', // σ′ = σ
  'tanh.grad-no-square', // tanh′ = 1 − tanh
  'sigmoid.sign', // σ(z) = 1/(1 + e^z)
  'relu.abs', // relu(z) = |z|
  'step.window', // step(z) = 1 if |z| ≤ 1 (not a threshold unit)
  'derivative.factor-2', // identity′ = 2
  'softplus.grad-is-tanh', // softplus′ = tanh
  'loss.sum-not-mean', // loss = Σ_x E_x instead of the mean
  'mse.factor-2', // mse E_x = ‖a − y‖² (no ½), backward unchanged
  'cce.log2', // cce with log₂
  'forward.bias-first-layer-only', // z^l = W^l a^{l−1} for l ≥ 2 (bias dropped)
  'forward.bias-doubled', // z^l = W^l a^{l−1} + 2 b^l
] as const;

/** The names the bugs had before the catalogue, each an alias of its catalogue id. */
export const PLANTED_ALIASES = {
  'bp1-no-sigma-prime': 'bp1.missing-sigma-prime',
  'bp2-no-sigma-prime': 'bp2.missing-sigma-prime',
  'bp2-W-not-transposed': 'bp2.w-instead-of-wT',
  'bp3-sum': 'bp3.sum-not-mean',
  'bp4-sum': 'bp4.sum-not-mean',
  'bp4-a-of-this-layer': 'bp4.examples-misaligned',
  'softmax-no-max': 'softmax.overflow',
  'softmax-cce-elementwise': 'softmax.jacobian-diagonal',
  'relu-grad-at-0-is-1': 'relu.grad-at-zero',
  'step-at-0-is-0': 'step.strict-threshold',
  'leaky-grad-at-0-is-1': 'leaky_relu.grad-at-zero',
  'elu-grad-at-0-is-alpha': 'elu.grad-at-zero',
  'sigmoid-grad-is-sigma': 'sigmoid.grad-is-sigmoid',
  'tanh-grad-no-square': 'tanh.grad-no-square',
  'sigmoid-sign': 'sigmoid.sign',
  'relu-is-abs': 'relu.abs',
  'step-is-window': 'step.window',
  'identity-grad-2': 'derivative.factor-2',
  'softplus-grad-is-tanh': 'softplus.grad-is-tanh',
  'loss-sum': 'loss.sum-not-mean',
  'mse-without-half': 'mse.factor-2',
  'cce-log2': 'cce.log2',
  'forward-bias-skipped-above-1': 'forward.bias-first-layer-only',
  'forward-bias-doubled': 'forward.bias-doubled',
} as const satisfies Record<string, (typeof PLANTED_BUGS)[number]>;

type PlantedId = (typeof PLANTED_BUGS)[number];
/** A bug by its catalogue id, or by its old name. */
export type PlantedBug = PlantedId | keyof typeof PLANTED_ALIASES;

/** The catalogue id of a bug given by id or old name; an UnknownNameError listing the ids otherwise. */
export function resolvePlantedBug(name: string, where = 'plantedSubject'): PlantedId {
  if ((PLANTED_BUGS as readonly string[]).includes(name)) return name as PlantedId;
  const alias = (PLANTED_ALIASES as Record<string, PlantedId>)[name];
  if (alias) return alias;
  throw new UnknownNameError('planted bug', name, PLANTED_BUGS, where);
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function plantedSubject(bugs: PlantedBug | readonly PlantedBug[] = []): Subject {
  const has = new Set<PlantedId>((typeof bugs === 'string' ? [bugs] : bugs).map((b) => resolvePlantedBug(b)));

  function act(name: ActivationName, z: Vector, alpha: number): Vector {
    switch (name) {
      case 'identity':
        return z.slice();
      case 'step':
        return z.map((v) => (has.has('step.window') ? (Math.abs(v) <= 1 ? 1 : 0) : has.has('step.strict-threshold') ? (v > 0 ? 1 : 0) : v >= 0 ? 1 : 0));
      case 'sigmoid':
        return z.map((v) => (has.has('sigmoid.sign') ? sigmoid(-v) : sigmoid(v)));
      case 'tanh':
        return z.map(Math.tanh);
      case 'relu':
        return z.map((v) => (has.has('relu.abs') ? Math.abs(v) : v > 0 ? v : 0));
      case 'leaky_relu':
        return z.map((v) => (v > 0 ? v : alpha * v));
      case 'softplus':
        return z.map((v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
      case 'elu':
        return z.map((v) => (v >= 0 ? v : alpha * Math.expm1(v)));
      case 'softmax': {
        const m = has.has('softmax.overflow') ? 0 : Math.max(...z);
        const e = z.map((v) => Math.exp(v - m));
        const s = e.reduce((p, q) => p + q, 0);
        return e.map((v) => v / s);
      }
    }
  }

  function grad(name: ActivationName, z: Vector, alpha: number): Vector {
    switch (name) {
      case 'identity':
        return z.map(() => (has.has('derivative.factor-2') ? 2 : 1));
      case 'step':
        return z.map(() => 0);
      case 'sigmoid':
        return z.map((v) => (has.has('sigmoid.grad-is-sigmoid') ? sigmoid(v) : sigmoid(v) * (1 - sigmoid(v))));
      case 'tanh':
        return z.map((v) => (has.has('tanh.grad-no-square') ? 1 - Math.tanh(v) : 1 - Math.tanh(v) ** 2));
      case 'relu':
        return z.map((v) => (v > 0 || (v === 0 && has.has('relu.grad-at-zero')) ? 1 : 0));
      case 'leaky_relu':
        return z.map((v) => (v > 0 || (v === 0 && has.has('leaky_relu.grad-at-zero')) ? 1 : alpha));
      case 'softplus':
        return z.map((v) => (has.has('softplus.grad-is-tanh') ? Math.tanh(v) : sigmoid(v)));
      case 'elu':
        return z.map((v) => (v > 0 || (v === 0 && !has.has('elu.grad-at-zero')) ? 1 : alpha * Math.exp(v)));
      case 'softmax':
        throw new Error('activateGrad is not defined for softmax');
    }
  }

  function lossValue(name: LossName, A: Matrix, Y: Matrix): number {
    let total = 0;
    A.forEach((a, x) => {
      const y = Y[x]!;
      let e = 0;
      a.forEach((ai, i) => {
        const yi = y[i]!;
        if (name === 'mse') e += ((ai - yi) ** 2) * (has.has('mse.factor-2') ? 1 : 0.5);
        else if (name === 'bce') e -= (yi === 0 ? 0 : yi * Math.log(ai)) + (yi === 1 ? 0 : (1 - yi) * Math.log(1 - ai));
        else e -= yi === 0 ? 0 : yi * (has.has('cce.log2') ? Math.log2(ai) : Math.log(ai));
      });
      total += e;
    });
    return has.has('loss.sum-not-mean') ? total : total / A.length;
  }

  function forward(net: Net, X: Matrix): ForwardResult {
    const sizes = checkNet(net);
    checkBatch(X, sizes[0]!);
    const z: Matrix[] = [];
    const a: Matrix[] = [];
    let below = X;
    net.layers.forEach((layer, l) => {
      const bScale = has.has('forward.bias-doubled') ? 2 : has.has('forward.bias-first-layer-only') && l >= 1 ? 0 : 1;
      const zl = below.map((ax) => layer.W.map((row, j) => row.reduce((s, w, k) => s + w * ax[k]!, 0) + bScale * layer.b[j]!));
      const al = zl.map((zx) => act(layer.activation, zx, alphaOf(layer.activation, layer.alpha)));
      z.push(zl);
      a.push(al);
      below = al;
    });
    return { z, a };
  }

  function backward(net: Net, X: Matrix, Y: Matrix, lossName: LossName): BackwardResult {
    const sizes = checkNet(net);
    const B = checkBatch(X, sizes[0]!);
    const loss = checkTargets(net, Y, B, sizes[sizes.length - 1]!, lossName);
    const { z, a } = forward(net, X);
    const L = net.layers.length;
    const out = net.layers[L - 1]!;
    const delta: Matrix[] = new Array(L);
    // BP1
    delta[L - 1] = a[L - 1]!.map((ax, x) => {
      const y = Y[x]!;
      const zx = z[L - 1]![x]!;
      if (isBp1Shortcut(out.activation, loss)) {
        if (out.activation === 'softmax' && has.has('softmax.jacobian-diagonal')) return ax.map((ai, i) => (ai - y[i]!) * ai * (1 - ai));
        return ax.map((ai, i) => ai - y[i]!);
      }
      const g = ax.map((ai, i) => (loss === 'mse' ? ai - y[i]! : loss === 'bce' ? (ai - y[i]!) / (ai * (1 - ai)) : y[i] === 0 ? 0 : -y[i]! / ai));
      if (out.activation === 'softmax') {
        const s = ax.reduce((p, aj, j) => p + aj * g[j]!, 0);
        return ax.map((ai, i) => ai * (g[i]! - s));
      }
      if (has.has('bp1.missing-sigma-prime')) return g;
      const sp = grad(out.activation, zx, alphaOf(out.activation, out.alpha));
      return g.map((gi, i) => gi * sp[i]!);
    });
    // BP2
    for (let l = L - 2; l >= 0; l--) {
      const W = net.layers[l + 1]!.W;
      const layer = net.layers[l]!;
      delta[l] = z[l]!.map((zx, x) => {
        const dAbove = delta[l + 1]![x]!;
        const sp = grad(layer.activation, zx, alphaOf(layer.activation, layer.alpha));
        return zx.map((_zk, k) => {
          let t = 0;
          for (let j = 0; j < dAbove.length; j++) {
            const w = has.has('bp2.w-instead-of-wT') ? (W[k]?.[j] ?? NaN) : W[j]![k]!;
            t += w * dAbove[j]!;
          }
          return has.has('bp2.missing-sigma-prime') ? t : t * sp[k]!;
        });
      });
    }
    // BP3, BP4
    const gradB = net.layers.map((_layer, l) => {
      const n = delta[l]![0]!.length;
      const s = new Array(n).fill(0);
      delta[l]!.forEach((d) => d.forEach((v, j) => (s[j] += v)));
      return s.map((v) => (has.has('bp3.sum-not-mean') ? v : v / B));
    });
    const gradW = net.layers.map((layer, l) =>
      layer.W.map((row, j) =>
        row.map((_w, k) => {
          let s = 0;
          for (let x = 0; x < B; x++) {
            const xa = has.has('bp4.examples-misaligned') ? (x + 1) % B : x;
            const aBelow = l === 0 ? X[xa]! : a[l - 1]![xa]!;
            s += delta[l]![x]![j]! * aBelow[k]!;
          }
          return has.has('bp4.sum-not-mean') ? s : s / B;
        }),
      ),
    );
    return { delta, gradW, gradB };
  }

  const label = has.size ? [...has].join('+') : 'correct';
  return {
    name: `planted:${label}`,
    precision: 'float64',
    description: `a small float64 implementation with catalogued mistake(s) planted: ${label}`,
    fns: {
      activate: (name, z, alpha) => act(checkActivationName(name, 'name'), z, alphaOf(name, alpha)),
      activateGrad: (name, z, alpha) => grad(checkActivationName(name, 'name'), z, alphaOf(name, alpha)),
      loss: (name, A, Y) => lossValue(checkLossArgs(name, A, Y), A, Y),
      forward,
      backward,
    },
  };
}
