/**
 * Planting a mistake: a submission that makes it, as in-process contract functions built on the
 * reference with ONE formula changed (the catalogue's `planted`). Written as a submission would write
 * the mistake, not from the recognition: a test that grades a planted mistake and finds its
 * diagnosis checks both sides.
 */
import * as ref from '../reference/index.js';
import type { ActivationName, LossName } from '../contract/names.js';
import type { BackwardResult, ContractFunctions, Matrix, Net, Params, Subject, Vector } from '../contract/types.js';
import type { CoordUpdate } from './recognise.js';

export interface BackpropHooks {
  /** δ^L from the output layer's a, y, z, σ′(z) (ones for softmax), the correct δ^L, and the pairing. */
  bp1?: (a: Matrix, y: Matrix, z: Matrix, sp: Matrix, correct: Matrix, out: { activation: ActivationName; loss: LossName }) => Matrix;
  /** σ′ used in BP2 for layer l (0-based). */
  sp?: (name: ActivationName, z: Vector, a: Vector, alpha: number | undefined) => Vector;
  useW?: boolean;
  bp3?: 'sum' | 'first';
  bp4?: 'sum' | 'transposed' | 'off-by-one' | 'misaligned';
}

/** A backward pass with the reference's forward values and BP1–BP4 written out, the hooks changing one formula. */
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
    const out = { activation: net.layers[L - 1]!.activation, loss };
    delta[L - 1] = h.bp1 ? h.bp1(fw.a[L - 1]!, Y, fw.z[L - 1]!, spOf(L - 1), correct.delta[L - 1]!, out) : correct.delta[L - 1]!;
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
      const pair = (x: number) => (h.bp4 === 'misaligned' ? (x + 1) % B : x);
      const G = d[0]!.map((_, j) => below[0]!.map((_, k) => d.reduce((s, dx, x) => s + dx[j]! * below[pair(x)]![k]!, 0) / div4));
      return h.bp4 === 'transposed' ? G[0]!.map((_, k) => G.map((r) => r[k]!)) : G;
    });
    return { delta, gradW, gradB };
  };
}

/** An optimizer written coordinate by coordinate, each coordinate with its own state ([0, 0] at first). */
export function plantedStep(update: CoordUpdate): ContractFunctions['step'] {
  return (opt, params, grads, state) => {
    const st = (state as { t: number; s: number[][] } | null) ?? { t: 0, s: [] };
    const t = st.t + 1;
    let k = 0;
    const s = st.s.map((v) => [...v]);
    const upd = (w: number, g: number, bias: boolean) => {
      s[k] ??= [0, 0];
      return update(opt, t, w, g, s[k++]!, bias);
    };
    const W = params.W.map((M, l) => M.map((r, j) => r.map((w, i) => upd(w, grads.W[l]![j]![i]!, false))));
    const b = params.b.map((v, l) => v.map((w, j) => upd(w, grads.b[l]![j]!, true)));
    return { params: { W, b } as Params, state: { t, s } };
  };
}

/** The reference with some functions replaced: an in-process subject named `planted:<name>`. */
export function subjectWith(name: string, fns: Partial<ContractFunctions>): Subject {
  const all: ContractFunctions = { activate: ref.activate, activateGrad: ref.activateGrad, loss: ref.loss, forward: ref.forward, backward: ref.backward, step: ref.step, perceptronStep: ref.perceptronStep };
  return { name: `planted:${name}`, precision: 'float64', fns: { ...all, ...fns } };
}

/** v with every element where z = 0 replaced by x (a kink convention). */
export const at0 = (z: Vector, v: Vector, x: number): Vector => v.map((vi, i) => (z[i] === 0 ? x : vi));

/** activate with one activation's formula replaced. */
export const activateFor = (name: ActivationName, f: (z: Vector, alpha: number | undefined) => Vector): ContractFunctions['activate'] => (n, z, al) => (n === name ? f(z, al) : ref.activate(n, z, al));

/** activateGrad with one activation's derivative replaced. */
export const activateGradFor = (name: ActivationName, f: (z: Vector, alpha: number | undefined) => Vector): ContractFunctions['activateGrad'] => (n, z, al) => (n === name ? f(z, al) : ref.activateGrad(n, z, al));

/** loss with one loss's formula replaced. */
export const lossFor = (name: LossName, f: (A: Matrix, Y: Matrix) => number): ContractFunctions['loss'] => (n, A, Y) => (n === name ? f(A, Y) : ref.loss(n, A, Y));
