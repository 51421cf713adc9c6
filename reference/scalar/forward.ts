/**
 * The scalar forward pass: unit by unit, with the sums written out, generic over the number field.
 * It shares no code with the matrix reference (reference/matrix) — only the activation table —
 * so that "matrix = scalar" compares two independent derivations.
 *
 *   z_j^l = Σ_k w_jk^l a_k^{l−1} + b_j^l        (unit j of layer l; w_jk from unit k below)
 *   a_j^l = σ_l(z_j^l)                           (softmax: a_j = e^{z_j} / Σ_i e^{z_i})
 *   a^0 = x
 */
import type { LossName } from '../../contract/names.js';
import type { Matrix, Net } from '../../contract/types.js';
import { checkBatch, checkLossName, checkNet, checkTargets } from '../../contract/validate.js';
import { activateVector } from '../activations.js';
import type { Field } from '../field.js';
import { asFieldMatrix, isFieldNet, netToField, type FieldLayer, type FieldNet } from './convert.js';

/** z[l][x][j] and a[l][x][j] for layers l = 1..L (array index 0 is layer 1), examples x, units j. */
export interface ScalarForward<T> {
  z: T[][][];
  a: T[][][];
}

/** z^l = W^l a^{l−1} + b^l for one example, one unit at a time. */
export function unitInputs<T>(F: Field<T>, layer: FieldLayer<T>, aBelow: readonly T[]): T[] {
  const z: T[] = [];
  for (let j = 0; j < layer.W.length; j++) {
    const w = layer.W[j]!;
    // z_j = Σ_k w_jk a_k + b_j
    let zj = F.zero;
    for (let k = 0; k < w.length; k++) zj = F.add(zj, F.mul(w[k]!, aBelow[k]!));
    z.push(F.add(zj, layer.b[j]!));
  }
  return z;
}

/** The forward pass of one example x: z^l and a^l for every layer. */
export function forwardExample<T>(F: Field<T>, net: FieldNet<T>, x: readonly T[]): { z: T[][]; a: T[][] } {
  const z: T[][] = [];
  const a: T[][] = [];
  let aBelow: readonly T[] = x; // a^0 = x
  for (const layer of net.layers) {
    const zl = unitInputs(F, layer, aBelow);
    const al = activateVector(F, layer.activation, zl, layer.alpha); // a^l = σ(z^l)
    z.push(zl);
    a.push(al);
    aBelow = al;
  }
  return { z, a };
}

/** Inputs of the scalar functions after validation and conversion into the field. */
export interface Prepared<T> {
  net: FieldNet<T>;
  X: T[][];
  Y?: T[][];
  loss?: LossName;
}

/**
 * Validates (for a plain Net: typed errors naming the layer) and converts the arguments into the
 * field once. A FieldNet is trusted: it came from netToField, which validated it.
 */
export function prepare<T>(
  F: Field<T>,
  net: Net | FieldNet<T>,
  X: Matrix | T[][],
  Y?: Matrix | T[][],
  loss?: LossName,
): Prepared<T> {
  if (isFieldNet(net)) {
    if (net.field !== F.name) throw new TypeError(`FieldNet is in ${net.field}, but the field given is ${F.name}`);
    return { net, X: asFieldMatrix(F, X), Y: Y && asFieldMatrix(F, Y), loss: loss === undefined ? undefined : checkLossName(loss) };
  }
  const sizes = checkNet(net);
  const B = checkBatch(X, sizes[0]!);
  let lossName = loss;
  if (Y !== undefined || loss !== undefined) lossName = checkTargets(net, Y, B, sizes[sizes.length - 1]!, loss);
  return { net: netToField(F, net), X: asFieldMatrix(F, X), Y: Y && asFieldMatrix(F, Y), loss: lossName };
}

/** forward(net, X) in the field: z[l], a[l] are B × n_l for l = 1..L. */
export function scalarForward<T>(F: Field<T>, net: Net | FieldNet<T>, X: Matrix | T[][]): ScalarForward<T> {
  const p = prepare(F, net, X);
  const L = p.net.layers.length;
  const z: T[][][] = Array.from({ length: L }, () => []);
  const a: T[][][] = Array.from({ length: L }, () => []);
  for (const x of p.X) {
    const r = forwardExample(F, p.net, x);
    for (let l = 0; l < L; l++) {
      z[l]!.push(r.z[l]!);
      a[l]!.push(r.a[l]!);
    }
  }
  return { z, a };
}
