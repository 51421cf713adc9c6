/**
 * Mistakes in the forward pass and in backpropagation (forward, backward.bp1 … bp4; notes 000/002/004):
 *   z^l = W^l a^{l−1} + b^l, a^l = σ(z^l);
 *   BP1 δ^L = ∇_a E ⊙ σ′(z^L) (a^L − y for sigmoid+bce and softmax+cce; the softmax Jacobian otherwise);
 *   BP2 δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l); BP3 ∂E/∂b^l = δ^l; BP4 ∂E/∂W^l = δ^l (a^{l−1})ᵀ,
 * gradients being batch means. BP2–BP4 are recognised from the δ the check judges from (the
 * submission's own where it carries evidence), so one mistake shows in one equation.
 */
import * as ref from '../reference/index.js';
import type { Matrix, Vector } from '../contract/types.js';
import { plantedBackward } from './plant.js';
import { bp1With, bp2With, expectedDelta, netCtx, scale, transpose } from './recognise.js';
import type { Mistake } from './types.js';

/** ∇_a E of one example (0·log 0 counted as 0, as the contract does). */
function gradA(loss: string, a: Vector, y: Vector): Vector {
  if (loss === 'mse') return a.map((ai, i) => ai - y[i]!);
  if (loss === 'bce') return a.map((ai, i) => (ai - y[i]!) / (ai * (1 - ai)));
  return a.map((ai, i) => (y[i] === 0 ? 0 : -y[i]! / ai));
}

const meanOverBatch = (d: Matrix, f: (dx: Vector, x: number) => Vector): Vector => {
  const rows = d.map(f);
  return rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / d.length);
};

export const BACKPROP_MISTAKES: readonly Mistake[] = [
  // forward
  {
    id: 'forward.no-output-activation',
    checks: ['forward'],
    title: 'the output layer’s activation is not applied: a^L = z^L',
    fix: 'Apply σ_L to z^L in the last layer too (softmax, sigmoid, ... as the net says).',
    mistaken(ev) {
      const { fw } = netCtx(ev);
      const L = fw.z.length;
      return { z: fw.z, a: [...fw.a.slice(0, L - 1), fw.z[L - 1]] };
    },
    planted: {
      fns: {
        forward: (net, X) => {
          const f = ref.forward(net, X);
          return { z: f.z, a: [...f.a.slice(0, -1), f.z.at(-1)!] };
        },
      },
      shows: ['forward'],
    },
  },
  {
    id: 'forward.no-bias',
    checks: ['forward'],
    title: 'the bias is not added: z^l = W^l a^{l−1} instead of W^l a^{l−1} + b^l',
    fix: 'z^l = W^l a^{l−1} + b^l, with b^l added to every example of the batch.',
    mistaken(ev, ctx) {
      const { case: c } = netCtx(ev);
      const fw = ctx.expected.forward({ layers: c.net.layers.map((l) => ({ ...l, b: l.b.map(() => 0) })) }, c.X);
      return { z: fw.z, a: fw.a };
    },
    planted: { fns: { forward: (net, X) => ref.forward({ layers: net.layers.map((l) => ({ ...l, b: l.b.map(() => 0) })) }, X) }, shows: ['forward'] },
  },
  {
    id: 'forward.bias-first-layer-only',
    checks: ['forward'],
    title: 'the bias is added in the first layer only: z^l = W^l a^{l−1} without b^l from layer 2 on',
    fix: 'Every layer adds its own bias: z^l = W^l a^{l−1} + b^l for l = 1 … L.',
    mistaken(ev, ctx) {
      const { case: c } = netCtx(ev);
      if (c.net.layers.length < 2) return undefined;
      const fw = ctx.expected.forward({ layers: c.net.layers.map((l, i) => (i === 0 ? l : { ...l, b: l.b.map(() => 0) })) }, c.X);
      return { z: fw.z, a: fw.a };
    },
    planted: { fns: { forward: (net, X) => ref.forward({ layers: net.layers.map((l, i) => (i === 0 ? l : { ...l, b: l.b.map(() => 0) })) }, X) }, shows: ['forward'] },
  },
  {
    id: 'forward.bias-doubled',
    checks: ['forward'],
    title: 'the bias is added twice: z^l = W^l a^{l−1} + 2b^l',
    fix: 'z^l = W^l a^{l−1} + b^l: add b^l once (e.g. not both in an augmented W and again afterwards).',
    mistaken(ev, ctx) {
      const { case: c } = netCtx(ev);
      const fw = ctx.expected.forward({ layers: c.net.layers.map((l) => ({ ...l, b: l.b.map((v) => 2 * v) })) }, c.X);
      return { z: fw.z, a: fw.a };
    },
    planted: { fns: { forward: (net, X) => ref.forward({ layers: net.layers.map((l) => ({ ...l, b: l.b.map((v) => v + v) })) }, X) }, shows: ['forward'] },
  },
  // BP1
  {
    id: 'bp1.missing-sigma-prime',
    checks: ['backward.bp1'],
    title: 'BP1 without σ′(z^L): δ^L = ∇_a E (a^L − y for mse) where the output activation needs ∇_a E ⊙ σ′(z^L)',
    fix: 'a^L − y is δ^L only for sigmoid+bce and softmax+cce; otherwise multiply ∇_a E by σ′(z^L) (or the softmax Jacobian).',
    mistaken(ev) {
      const loss = netCtx(ev).case.loss;
      return { alternatives: [bp1With(ev, (a, y) => a.map((ai, i) => ai - y[i]!)), ...(loss === 'mse' ? [] : [bp1With(ev, (a, y) => gradA(loss, a, y))])] };
    },
    planted: { fns: { backward: plantedBackward({ bp1: (a, y) => a.map((r, x) => r.map((v, i) => v - y[x]![i]!)) }) }, shows: ['backward.bp1'] },
  },
  {
    id: 'bp1.extra-sigma-prime',
    checks: ['backward.bp1'],
    title: 'BP1 multiplies by σ′(z^L) once too often (σ′ doubled, or applied after the a − y shortcut, which already contains it)',
    fix: 'For sigmoid+bce and softmax+cce δ^L = a^L − y exactly; for mse δ^L = (a^L − y) ⊙ σ′(z^L), one σ′.',
    mistaken(ev) {
      const { case: c, sp } = netCtx(ev);
      const L = c.net.layers.length;
      if (c.net.layers[L - 1]!.activation === 'softmax') return undefined;
      const exp = expectedDelta(ev)[L - 1]!;
      return { delta: { [L - 1]: exp.map((r, x) => r.map((v, i) => v * sp[L - 1]![x]![i]!)) } };
    },
    planted: { fns: { backward: plantedBackward({ bp1: (_a, _y, _z, sp, c) => c.map((r, x) => r.map((v, i) => v * sp[x]![i]!)) }) }, shows: ['backward.bp1'] },
  },
  {
    id: 'softmax.jacobian-diagonal',
    checks: ['backward.bp1'],
    title: 'softmax treated as elementwise in BP1: its Jacobian replaced by its diagonal a(1 − a), e.g. δ^L = (a − y) ⊙ a(1 − a) for softmax + mse',
    fix: 'softmax mixes its outputs: δ^L = J_softmax(z)ᵀ ∇_a E with J = diag(a) − a aᵀ, i.e. δᵢ = aᵢ (gᵢ − Σⱼ aⱼ gⱼ); for softmax + cce this is exactly a − y.',
    mistaken(ev) {
      const { case: c } = netCtx(ev);
      if (c.net.layers.at(-1)!.activation !== 'softmax') return undefined;
      const diag = (g: Vector, a: Vector) => g.map((gi, i) => gi * a[i]! * (1 - a[i]!));
      const alts = [bp1With(ev, (a, y) => diag(gradA(c.loss, a, y), a))];
      // with the a − y shortcut of a canonical pairing, then the diagonal on top
      if (c.loss !== 'mse') alts.push(bp1With(ev, (a, y) => diag(a.map((ai, i) => ai - y[i]!), a)));
      return { alternatives: alts };
    },
    planted: {
      fns: {
        backward: plantedBackward({
          bp1: (a, y, _z, _sp, correct, out) => (out.activation === 'softmax' && out.loss === 'mse' ? a.map((r, x) => r.map((ai, i) => (ai - y[x]![i]!) * ai * (1 - ai))) : correct),
        }),
      },
      shows: ['backward.bp1'],
    },
  },
  // BP2
  {
    id: 'bp2.missing-sigma-prime',
    checks: ['backward.bp2'],
    title: 'BP2 without σ′(z^l): δ^l = (W^{l+1})ᵀ δ^{l+1}, the factor ⊙ σ′(z^l) is missing',
    fix: 'δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l): multiply elementwise by the derivative of layer l’s activation at z^l.',
    mistaken: (ev) => bp2With(ev, () => null),
    planted: { fns: { backward: plantedBackward({ sp: (_n, z) => z.map(() => 1) }) }, shows: ['backward.bp2'] },
  },
  {
    id: 'bp2.w-instead-of-wT',
    checks: ['backward.bp2'],
    title: 'BP2 uses W^{l+1} where it needs its transpose (W^{l+1})ᵀ',
    fix: 'δ^l_k = Σ_j w^{l+1}_{jk} δ^{l+1}_j: sum over the rows j of W^{l+1} (the units of the layer above).',
    mistaken: (ev) => bp2With(ev, (l, x) => netCtx(ev).sp[l]![x]!, true),
    planted: { fns: { backward: plantedBackward({ useW: true }) }, shows: ['backward.bp2'] },
  },
  {
    id: 'bp2.sigma-prime-of-a',
    checks: ['backward.bp2'],
    title: 'BP2 evaluates σ′ at the activation a^l instead of at z^l (σ′(a) instead of σ′(z))',
    fix: 'Use σ′(z^l); for sigmoid, σ′(z) = a(1 − a) is a formula in a — but σ′(a) = σ(a)(1 − σ(a)) is not it.',
    mistaken(ev, ctx) {
      const { case: c, fw } = netCtx(ev);
      return bp2With(ev, (l, x) => {
        const layer = c.net.layers[l]!;
        return ctx.expected.activateGrad(layer.activation, fw.a[l]![x]!, layer.alpha);
      });
    },
    planted: { fns: { backward: plantedBackward({ sp: (n, _z, a, alpha) => ref.activateGrad(n, a, alpha) }) }, shows: ['backward.bp2'] },
  },
  // BP3, BP4
  {
    id: 'bp3.sum-not-mean',
    checks: ['backward.bp3'],
    title: 'the bias gradient is summed over the batch instead of averaged (B times too large)',
    fix: 'The contract’s loss is the batch MEAN of E_x, so gradB = (1/B) Σ_x δ_x.',
    mistaken(ev) {
      const B = netCtx(ev).case.X.length;
      return B > 1 ? scale(ev.expected, B) : undefined;
    },
    convention: { name: 'batch-reduction', value: 'sum' },
    planted: { fns: { backward: plantedBackward({ bp3: 'sum' }) }, shows: ['backward.bp3'] },
  },
  {
    id: 'bp3.one-example',
    checks: ['backward.bp3'],
    title: 'the bias gradient comes from one example (δ of the first or last row) instead of the batch mean',
    fix: 'gradB^l = (1/B) Σ_x δ^l_x over every example of the batch.',
    mistaken(ev) {
      const { ownDelta, case: c } = netCtx(ev);
      if (c.X.length === 1) return undefined;
      return { alternatives: [{ gradB: ownDelta.map((d) => d[0]) }, { gradB: ownDelta.map((d) => d[d.length - 1]) }] };
    },
    planted: { fns: { backward: plantedBackward({ bp3: 'first' }) }, shows: ['backward.bp3'] },
  },
  {
    id: 'bp4.sum-not-mean',
    checks: ['backward.bp4'],
    title: 'the weight gradient is summed over the batch instead of averaged (B times too large)',
    fix: 'The contract’s loss is the batch MEAN of E_x, so gradW = (1/B) Σ_x δ_x (a^{l−1}_x)ᵀ.',
    mistaken(ev) {
      const B = netCtx(ev).case.X.length;
      return B > 1 ? scale(ev.expected, B) : undefined;
    },
    convention: { name: 'batch-reduction', value: 'sum' },
    planted: { fns: { backward: plantedBackward({ bp4: 'sum' }) }, shows: ['backward.bp4'] },
  },
  {
    id: 'bp4.transposed',
    checks: ['backward.bp4'],
    title: 'gradW is transposed: a^{l−1} (δ^l)ᵀ instead of δ^l (a^{l−1})ᵀ',
    fix: 'gradW^l has the shape of W^l (n_l rows, n_{l−1} columns): entry [j][k] = mean_x δ_j a_k.',
    mistaken: (ev) => ({ gradW: (ev.expected as { gradW: Matrix[] }).gradW.map(transpose) }),
    planted: { fns: { backward: plantedBackward({ bp4: 'transposed' }) }, shows: ['backward.bp4'] },
  },
  {
    id: 'bp4.layer-off-by-one',
    checks: ['backward.bp4'],
    title: 'gradW^l is built from a^l, the layer’s own output, instead of a^{l−1}, the layer’s input (a layer off by one)',
    fix: 'BP4: ∂C/∂w^l_{jk} = a^{l−1}_k δ^l_j — the activation of the layer BELOW (a^0 = x for the first layer).',
    mistaken(ev) {
      const { ownDelta, fw } = netCtx(ev);
      return { gradW: ownDelta.map((d, l) => d[0]!.map((_, j) => fw.a[l]![0]!.map((_, k) => d.reduce((s, dx, x) => s + dx[j]! * fw.a[l]![x]![k]!, 0) / d.length))) };
    },
    planted: { fns: { backward: plantedBackward({ bp4: 'off-by-one' }) }, shows: ['backward.bp4'] },
  },
  {
    id: 'bp4.examples-misaligned',
    checks: ['backward.bp4'],
    title: 'gradW pairs δ of one example with a^{l−1} of another (example x with x + 1): the rows of δ and of a^{l−1} are misaligned',
    fix: 'gradW^l = (1/B) Σ_x δ^l_x (a^{l−1}_x)ᵀ: the δ and the activation of the SAME example x.',
    mistaken(ev) {
      const { ownDelta, fw, case: c } = netCtx(ev);
      const B = c.X.length;
      if (B === 1) return undefined;
      const below = (l: number) => (l === 0 ? c.X : fw.a[l - 1]!);
      return { gradW: ownDelta.map((d, l) => d[0]!.map((_, j) => meanOverBatch(d, (dx, x) => below(l)[(x + 1) % B]!.map((ak) => dx[j]! * ak)))) };
    },
    planted: { fns: { backward: plantedBackward({ bp4: 'misaligned' }) }, shows: ['backward.bp4'] },
  },
  {
    id: 'batch.reduction-mismatch',
    checks: ['loss.', 'backward.bp3', 'backward.bp4'],
    title: 'the batch is reduced two ways: a sum over the examples in one place (this check) and a mean in another that passed (the loss, gradB or gradW) — the gradients are then not those of the loss',
    fix: 'Reduce the loss and both gradients the same way: the contract’s loss is the batch mean, so gradB = (1/B) Σ_x δ_x and gradW = (1/B) Σ_x δ_x (a^{l−1}_x)ᵀ. If your course sums, sum all three and grade with --convention batch-reduction=sum.',
    refines: [
      { over: 'bp3.sum-not-mean', passing: ['loss.', 'backward.bp4'] },
      { over: 'bp4.sum-not-mean', passing: ['loss.', 'backward.bp3'] },
      { over: 'loss.sum-not-mean', passing: ['backward.bp3', 'backward.bp4'] },
    ],
    contradicts: 'batch-reduction',
    planted: { fns: { backward: plantedBackward({ bp3: 'sum', bp4: 'sum' }) }, shows: ['backward.bp3', 'backward.bp4'], grade: ['loss.mse', 'backward.bp3', 'backward.bp4'] },
  },
];
