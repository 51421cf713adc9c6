/**
 * The scalar backward pass: backpropagation unit by unit, as the notes derive it for output and
 * hidden units (002, "Backpropagation": output units, hidden units) and layer-wise (003, "BP layer
 * wise"), with every sum written out. Generic over the number field; independent of the matrix
 * reference.
 *
 *   δ_j^l = ∂E_x/∂z_j^l                                            (the error of unit j in layer l)
 *   output units (BP1):  δ_i^L = Σ_j ∂E_x/∂a_j^L · ∂a_j^L/∂z_i^L
 *   hidden units (BP2):  δ_i^{l−1} = Σ_j δ_j^l · ∂z_j^l/∂z_i^{l−1},   ∂z_j^l/∂z_i^{l−1} = w_ji^l σ′(z_i^{l−1})
 *   BP3:  ∂E/∂b_j^l   = mean_x δ_j^l
 *   BP4:  ∂E/∂w_jk^l  = mean_x δ_j^l a_k^{l−1}
 */
import { isBp1Shortcut, type ActivationName, type LossName } from '../../contract/names.js';
import type { Matrix, Net } from '../../contract/types.js';
import { ELEMENTWISE } from '../activations.js';
import type { Field } from '../field.js';
import { LOSS_TABLE } from '../losses.js';
import type { FieldLayer, FieldNet } from './convert.js';
import { forwardExample, prepare } from './forward.js';

export interface ScalarBackward<T> {
  /** delta[l][x][j] = δ_j^l for example x (B × n_l per layer). */
  delta: T[][][];
  /** gradW[l][j][k] = ∂E/∂w_jk^l of the batch-mean loss (n_l × n_{l−1}). */
  gradW: T[][][];
  /** gradB[l][j] = ∂E/∂b_j^l of the batch-mean loss. */
  gradB: T[][];
}

/** Convention `bp1-shortcut` (contract/names.ts): sigmoid + bce and softmax + cce give δ^L = a^L − y. */
export const usesShortcut: (activation: ActivationName, loss: LossName) => boolean = isBp1Shortcut;

/**
 * BP1 for one example: the error of the output units.
 *  - canonical pairings:         δ_i = a_i − y_i
 *  - softmax with another loss:  δ_i = Σ_j ∂E/∂a_j · a_j (1[i=j] − a_i)       (the softmax Jacobian)
 *  - elementwise σ:              δ_i = ∂E/∂a_i · σ′(z_i)      (mse: (a_i − y_i) σ′(z_i), the notes' δ_o)
 */
export function outputDelta<T>(F: Field<T>, layer: FieldLayer<T>, z: readonly T[], a: readonly T[], y: readonly T[], loss: LossName): T[] {
  if (usesShortcut(layer.activation, loss)) return a.map((ai, i) => F.sub(ai, y[i]!));
  const dEda = LOSS_TABLE[loss].grad(F, a, y); // ∂E_x/∂a_j
  if (layer.activation === 'softmax') {
    return a.map((ai, i) => {
      let s = F.zero;
      for (let j = 0; j < a.length; j++) {
        const daj_dzi = F.mul(a[j]!, F.sub(i === j ? F.one : F.zero, ai)); // ∂a_j/∂z_i = a_j (1[i=j] − a_i)
        s = F.add(s, F.mul(dEda[j]!, daj_dzi));
      }
      return s;
    });
  }
  const act = ELEMENTWISE[layer.activation];
  return dEda.map((g, i) => F.mul(g, act.grad(F, z[i]!, layer.alpha)));
}

/**
 * BP2 for one example: the error of the hidden units of layer l−1 from the error of layer l,
 * "considering the contribution to the error through all outer connections" (002):
 *   δ_i^{l−1} = Σ_j δ_j^l ∂z_j^l/∂z_i^{l−1}  with  ∂z_j^l/∂z_i^{l−1} = w_ji^l σ′(z_i^{l−1}).
 */
export function hiddenDelta<T>(F: Field<T>, above: FieldLayer<T>, deltaAbove: readonly T[], below: FieldLayer<T>, zBelow: readonly T[]): T[] {
  const act = ELEMENTWISE[below.activation as Exclude<ActivationName, 'softmax'>];
  return zBelow.map((zi, i) => {
    const sp = act.grad(F, zi, below.alpha); // σ′(z_i^{l−1})
    let s = F.zero;
    for (let j = 0; j < deltaAbove.length; j++) {
      const dzj_dzi = F.mul(above.W[j]![i]!, sp); // ∂z_j^l/∂z_i^{l−1} = w_ji σ′(z_i^{l−1})
      s = F.add(s, F.mul(deltaAbove[j]!, dzj_dzi));
    }
    return s;
  });
}

/** δ^l for every layer of one example (BP1 on top, then BP2 downwards), with the forward values. */
export function backwardExample<T>(
  F: Field<T>,
  net: FieldNet<T>,
  x: readonly T[],
  y: readonly T[],
  loss: LossName,
): { z: T[][]; a: T[][]; delta: T[][] } {
  const { z, a } = forwardExample(F, net, x);
  const L = net.layers.length;
  const delta: T[][] = new Array(L);
  delta[L - 1] = outputDelta(F, net.layers[L - 1]!, z[L - 1]!, a[L - 1]!, y, loss); // BP1
  for (let l = L - 1; l >= 1; l--) {
    delta[l - 1] = hiddenDelta(F, net.layers[l]!, delta[l]!, net.layers[l - 1]!, z[l - 1]!); // BP2
  }
  return { z, a, delta };
}

/**
 * backward(net, X, Y, loss) in the field: δ per example, and the gradients of the batch-mean loss
 * (BP3, BP4 averaged over the B examples).
 */
export function scalarBackward<T>(
  F: Field<T>,
  net: Net | FieldNet<T>,
  X: Matrix | T[][],
  Y: Matrix | T[][],
  loss: LossName,
): ScalarBackward<T> {
  const p = prepare(F, net, X, Y, loss);
  const layers = p.net.layers;
  const L = layers.length;
  const B = p.X.length;
  const lossName = p.loss!;
  const delta: T[][][] = Array.from({ length: L }, () => []);
  const sumW: T[][][] = layers.map((layer) => layer.W.map((row) => row.map(() => F.zero)));
  const sumB: T[][] = layers.map((layer) => layer.b.map(() => F.zero));
  for (let x = 0; x < B; x++) {
    const ex = backwardExample(F, p.net, p.X[x]!, p.Y![x]!, lossName);
    for (let l = 0; l < L; l++) {
      const d = ex.delta[l]!;
      const aBelow = l === 0 ? p.X[x]! : ex.a[l - 1]!; // a^{l−1}, a^0 = x
      delta[l]!.push(d);
      for (let j = 0; j < d.length; j++) {
        sumB[l]![j] = F.add(sumB[l]![j]!, d[j]!); // BP3: ∂E_x/∂b_j = δ_j
        const row = sumW[l]![j]!;
        for (let k = 0; k < aBelow.length; k++) row[k] = F.add(row[k]!, F.mul(d[j]!, aBelow[k]!)); // BP4: ∂E_x/∂w_jk = δ_j a_k^{l−1}
      }
    }
  }
  const nB = F.of(B);
  return {
    delta,
    gradW: sumW.map((W) => W.map((row) => row.map((s) => F.div(s, nB)))), // batch mean
    gradB: sumB.map((b) => b.map((s) => F.div(s, nB))),
  };
}
