/**
 * The multi-layer perceptron in matrix form, batched: row x of every matrix is example x.
 *
 *   forward:  Z^l = A^{l−1} (W^l)ᵀ + 1 (b^l)ᵀ,   A^l = σ_l(Z^l),   A^0 = X       (z^l = W^l a^{l−1} + b^l per row)
 *   backward: BP1 δ^L, then BP2 δ^l for l = L−1 … 1; BP3 and BP4 give the batch-mean gradients.
 *
 * Each BP equation is its own exported function with the notes' formula beside it (the notes:
 * 000_…txt, "Backpropagation rules in vectorial notation"; STYLE.md: Nielsen's network.py).
 * Activation values and derivatives come from the one table, reference/activations.ts, and loss
 * gradients from reference/losses.ts, both in the float64 field: no formula is repeated here.
 *
 * These functions trust their input (shapes, names, finiteness): the contract functions in
 * reference/index.ts validate first and then call them.
 */
import { ContractError, ShapeError } from '../../contract/errors.js';
import { alphaOf, isBp1Shortcut as isBp1ShortcutOf, type ActivationName, type LossName } from '../../contract/names.js';
import type { Net } from '../../contract/types.js';
import { ELEMENTWISE, softmax } from '../activations.js';
import { float64 } from '../field.js';
import { LOSS_TABLE, batchMeanLoss } from '../losses.js';
import { type Mat, fromRows, row, zeros } from './mat.js';
import { matmul, matmulABt, matmulAtB } from './matmul.js';

/** Layer l: W^l is n_l × n_{l−1} (row j holds the weights into unit j), b^l has n_l entries. */
export interface MatLayer {
  readonly W: Mat;
  readonly b: Float64Array;
  readonly activation: ActivationName;
  /** The resolved slope parameter (the contract's default when the JSON net leaves it out). */
  readonly alpha: number;
}

export interface MatNet {
  readonly layers: readonly MatLayer[];
}

/** z[l−1], a[l−1] are Z^l, A^l (B × n_l) for l = 1..L, as in the contract's forward. */
export interface MatForward {
  z: Mat[];
  a: Mat[];
}

/** delta[l−1] = Δ^l (B × n_l), gradW[l−1] = ∂E/∂W^l, gradB[l−1] = ∂E/∂b^l (batch means). */
export interface MatBackward {
  delta: Mat[];
  gradW: Mat[];
  gradB: Float64Array[];
}

/** A validated contract net (plain JSON) as Float64Array matrices, alpha resolved to its default. */
export function toMatNet(net: Net): MatNet {
  return {
    layers: net.layers.map((layer) => ({
      W: fromRows(layer.W),
      b: Float64Array.from(layer.b),
      activation: layer.activation,
      alpha: alphaOf(layer.activation, layer.alpha),
    })),
  };
}

function elementwise(name: ActivationName, what: string) {
  if (name === 'softmax') {
    throw new ContractError(`${what} is not defined for softmax (it is not elementwise; use its Jacobian)`, {
      expected: 'an elementwise activation',
      got: 'softmax',
    });
  }
  return ELEMENTWISE[name];
}

/** A^l = σ_l(Z^l): softmax acts on each row (one example's z^l), the others elementwise. */
export function activateMat(layer: Pick<MatLayer, 'activation' | 'alpha'>, Z: Mat): Mat {
  const A = zeros(Z.rows, Z.cols);
  if (layer.activation === 'softmax') {
    for (let x = 0; x < Z.rows; x++) A.data.set(softmax(float64, row(Z, x)), x * Z.cols);
    return A;
  }
  const act = elementwise(layer.activation, 'σ');
  const { alpha } = layer;
  const z = Z.data;
  const a = A.data;
  for (let i = 0; i < z.length; i++) a[i] = act.value(float64, z[i]!, alpha);
  return A;
}

/** σ′_l(Z^l) elementwise (not for softmax, whose derivative is a Jacobian: see bp1). */
export function activateGradMat(layer: Pick<MatLayer, 'activation' | 'alpha'>, Z: Mat): Mat {
  const act = elementwise(layer.activation, 'σ′');
  const { alpha } = layer;
  const D = zeros(Z.rows, Z.cols);
  const z = Z.data;
  const d = D.data;
  for (let i = 0; i < z.length; i++) d[i] = act.grad(float64, z[i]!, alpha);
  return D;
}

/** Z^l = A^{l−1} (W^l)ᵀ + b^l on every row: the batched z^l = W^l a^{l−1} + b^l. */
export function weightedInput(layer: MatLayer, Aprev: Mat): Mat {
  const Z = matmulABt(Aprev, layer.W);
  const z = Z.data;
  const b = layer.b;
  const n = Z.cols;
  for (let x = 0; x < Z.rows; x++) {
    const off = x * n;
    for (let j = 0; j < n; j++) z[off + j] += b[j]!;
  }
  return Z;
}

/** The forward pass, recording Z^l and A^l for every layer (they are what backward needs). */
export function forward(net: MatNet, X: Mat): MatForward {
  const z: Mat[] = [];
  const a: Mat[] = [];
  let Aprev = X;
  for (const layer of net.layers) {
    const Z = weightedInput(layer, Aprev); // z^l = W^l a^{l−1} + b^l
    const A = activateMat(layer, Z); //       a^l = σ_l(z^l)
    z.push(Z);
    a.push(A);
    Aprev = A;
  }
  return { z, a };
}

/** The contract's loss at matrix level: the batch mean of E_x (reference/losses.ts). */
export function loss(name: LossName, A: Mat, Y: Mat): number {
  const rowsA: number[][] = [];
  const rowsY: number[][] = [];
  for (let x = 0; x < A.rows; x++) {
    rowsA.push(row(A, x));
    rowsY.push(row(Y, x));
  }
  return batchMeanLoss(float64, name, rowsA, rowsY);
}

/** Convention `bp1-shortcut` (contract/names.ts): sigmoid + bce and softmax + cce give δ^L = a^L − y. */
export const isBp1Shortcut = isBp1ShortcutOf;

/**
 * BP1, the error at the output layer L, per example (row):
 *   shortcut pairings (sigmoid + bce, softmax + cce):  δ^L = a^L − y
 *   softmax with another loss (softmax Jacobian):      δ^L = J_softmax(z^L)ᵀ ∇_a E = a ⊙ (g − (a·g)),  g = ∇_a E
 *   otherwise (the notes' BP1):                        δ^L = ∇_a E ⊙ σ′(z^L)
 */
export function bp1(layer: MatLayer, ZL: Mat, AL: Mat, Y: Mat, lossName: LossName): Mat {
  const B = AL.rows;
  const n = AL.cols;
  const delta = zeros(B, n);
  const d = delta.data;
  if (isBp1Shortcut(layer.activation, lossName)) {
    const a = AL.data;
    const y = Y.data;
    for (let i = 0; i < d.length; i++) d[i] = a[i]! - y[i]!; // δ^L = a^L − y
    return delta;
  }
  const lossTable = LOSS_TABLE[lossName];
  if (layer.activation === 'softmax') {
    for (let x = 0; x < B; x++) {
      const a = row(AL, x);
      const g = lossTable.grad(float64, a, row(Y, x)); // g = ∇_a E_x
      let ag = 0;
      for (let i = 0; i < n; i++) ag += a[i]! * g[i]!; // a·g
      for (let i = 0; i < n; i++) d[x * n + i] = a[i]! * (g[i]! - ag); // δ = a ⊙ (g − (a·g))
    }
    return delta;
  }
  const sp = activateGradMat(layer, ZL).data; // σ′(z^L)
  for (let x = 0; x < B; x++) {
    const g = lossTable.grad(float64, row(AL, x), row(Y, x)); // ∇_a E_x
    for (let i = 0; i < n; i++) d[x * n + i] = g[i]! * sp[x * n + i]!; // δ^L = ∇_a E ⊙ σ′(z^L)
  }
  return delta;
}

/**
 * BP2, the error one layer down:  δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)
 * batched (rows are examples):     Δ^l = (Δ^{l+1} W^{l+1}) ⊙ σ′(Z^l)
 */
export function bp2(nextW: Mat, nextDelta: Mat, layer: MatLayer, Z: Mat): Mat {
  const delta = matmul(nextDelta, nextW); // (W^{l+1})ᵀ δ^{l+1}, one row per example
  const sp = activateGradMat(layer, Z).data; // σ′(z^l)
  const d = delta.data;
  for (let i = 0; i < d.length; i++) d[i] *= sp[i]!; // ⊙
  return delta;
}

/** BP3, the bias gradient:  ∂E/∂b^l_j = δ^l_j,  averaged over the batch: mean_x δ^l_x. */
export function bp3(delta: Mat): Float64Array {
  const B = delta.rows;
  const n = delta.cols;
  const d = delta.data;
  const gradB = new Float64Array(n);
  for (let x = 0; x < B; x++) {
    const off = x * n;
    for (let j = 0; j < n; j++) gradB[j] += d[off + j]!;
  }
  for (let j = 0; j < n; j++) gradB[j] /= B;
  return gradB;
}

/**
 * BP4, the weight gradient:  ∂E/∂w^l_jk = a^{l−1}_k δ^l_j,  averaged over the batch:
 *   ∂E/∂W^l = mean_x δ^l_x (a^{l−1}_x)ᵀ = (1/B) (Δ^l)ᵀ A^{l−1}
 */
export function bp4(delta: Mat, Aprev: Mat): Mat {
  const gradW = matmulAtB(delta, Aprev);
  const g = gradW.data;
  const B = delta.rows;
  for (let i = 0; i < g.length; i++) g[i] /= B;
  return gradW;
}

/**
 * Backpropagation for a batch: the forward pass, BP1 at the output, BP2 down to layer 1, and BP3,
 * BP4 at every layer. `fwd` may be passed when the caller already ran forward(net, X).
 */
export function backward(net: MatNet, X: Mat, Y: Mat, lossName: LossName, fwd: MatForward = forward(net, X)): MatBackward {
  const L = net.layers.length;
  if (Y.rows !== X.rows || Y.cols !== net.layers[L - 1]!.W.rows) {
    throw new ShapeError({ where: 'Y', expected: `${X.rows} × ${net.layers[L - 1]!.W.rows}`, got: `${Y.rows} × ${Y.cols}` });
  }
  const { z, a } = fwd;
  const delta: Mat[] = new Array(L);
  const gradW: Mat[] = new Array(L);
  const gradB: Float64Array[] = new Array(L);
  // Array index i holds layer l = i + 1 (the notes' numbering): a[i − 1] is a^{l−1}, and a^0 = X.
  delta[L - 1] = bp1(net.layers[L - 1]!, z[L - 1]!, a[L - 1]!, Y, lossName);
  for (let i = L - 2; i >= 0; i--) {
    delta[i] = bp2(net.layers[i + 1]!.W, delta[i + 1]!, net.layers[i]!, z[i]!);
  }
  for (let i = 0; i < L; i++) {
    gradB[i] = bp3(delta[i]!);
    gradW[i] = bp4(delta[i]!, i === 0 ? X : a[i - 1]!);
  }
  return { delta, gradW, gradB };
}
