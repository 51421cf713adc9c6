/**
 * The diagnosis catalogue: common mistakes, in one place. A diagnosis is recognised by computing what
 * the MISTAKEN formula gives on the same input (and, for BP2–BP4, from the submission's own δ) and
 * matching the submission's answer against it with the check's own tolerance. It is named only when
 * it matches every failing case seen for that check where it applies — never by guessing.
 *
 * Each entry is tested (grader/diagnoses.test.ts plants the mistake in a subject and expects exactly
 * this diagnosis on exactly this check).
 */
import type { ActivationName, LossName } from '../contract/names.js';
import type { Matrix, Optimizer, Params, Vector } from '../contract/types.js';
import type { CheckContext, Evaluation } from '../engine/check.js';
import { firstDifference } from '../engine/compare.js';
import type { Failure } from '../engine/run.js';
import type { LossCase, NetCase, PerceptronCase, StepCase } from './cases.js';

export interface Diagnosis {
  /** Stable id, e.g. "bp2.missing-sigma-prime". */
  id: string;
  /** The checks it can explain (ids, or prefixes ending in "."). */
  checks: readonly string[];
  /** The mistake in plain words, as the student reads it. */
  title: string;
  /** What to change. */
  fix: string;
  /**
   * What the mistaken formula gives, shaped like `ev.expected` (or several alternatives); undefined
   * where the mistake cannot be told apart on this case (e.g. W vs Wᵀ on a non-square layer).
   */
  mistaken?(ev: Evaluation, ctx: CheckContext): unknown | { alternatives: unknown[] } | undefined;
  /** For mistakes that make the submission throw (Python's OverflowError, ...). */
  thrown?: RegExp;
}

export function appliesTo(d: Diagnosis, checkId: string): boolean {
  return d.checks.some((c) => (c.endsWith('.') ? checkId.startsWith(c) : c === checkId));
}

// ---- small helpers on nested arrays -------------------------------------------------------------

const scale = (m: unknown, k: number): unknown =>
  typeof m === 'number'
    ? m * k
    : Array.isArray(m)
      ? m.map((v) => scale(v, k))
      : m !== null && typeof m === 'object'
        ? Object.fromEntries(Object.entries(m).map(([key, v]) => [key, scale(v, k)]))
        : m;
const transpose = (M: Matrix): Matrix => M[0]!.map((_, j) => M.map((r) => r[j]!));
const mapLayers = <T>(o: Record<number, T>, f: (v: T, l: number) => unknown): Record<number, unknown> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v, Number(k))]));

function netCtx(ev: Evaluation) {
  return ev.ctx as unknown as {
    case: NetCase;
    fw: { z: Matrix[]; a: Matrix[] };
    bw: { delta: Matrix[] };
    sp: Matrix[];
    ownDelta: Matrix[];
  };
}

/** BP2 with a replaced σ′ and/or W (instead of Wᵀ): δ^l = (Wᵀ or W) δ_own^{l+1} ⊙ sp. */
function bp2With(ev: Evaluation, spOf: (l: number, x: number) => Vector | null, useW = false): unknown {
  const { case: c, ownDelta } = netCtx(ev);
  const exp = (ev.expected as { delta: Record<number, Matrix> }).delta;
  const out: Record<number, Matrix> = {};
  for (const key of Object.keys(exp)) {
    const l = Number(key);
    const W = c.net.layers[l + 1]!.W;
    if (useW && W.length !== W[0]!.length) return undefined; // only square layers can tell W from Wᵀ
    out[l] = ownDelta[l + 1]!.map((d, x) => {
      const sp = spOf(l, x);
      return exp[l]![x]!.map((_, k) => {
        const t = useW ? W[k]!.reduce((s, w, j) => s + w * d[j]!, 0) : W.reduce((s, row, j) => s + row[k]! * d[j]!, 0);
        return sp ? t * sp[k]! : t;
      });
    });
  }
  return { delta: out };
}

function simulate(c: StepCase, update: (o: Optimizer, t: number, w: number, g: number, s: number[]) => number): unknown {
  // coordinate-wise optimizers: run the mistaken formula on every coordinate, its own state per coordinate
  const flat = (p: Params) => [...p.W.flatMap((M) => M.flat()), ...p.b.flat()];
  let w = flat(c.params);
  const states = w.map(() => [0, 0]);
  const out: Params[] = [];
  c.grads.forEach((gp, i) => {
    const g = flat(gp);
    w = w.map((wi, k) => update(c.opt, i + 1, wi, g[k]!, states[k]!));
    let q = 0;
    out.push({ W: c.params.W.map((M) => M.map((r) => r.map(() => w[q++]!))), b: c.params.b.map((v) => v.map(() => w[q++]!)) });
  });
  return { params: out };
}

const guarded = (num: number, den: number, w: number) => (den === 0 ? w : w - num / den);

// ---- the catalogue ------------------------------------------------------------------------------

export const DIAGNOSES: readonly Diagnosis[] = [
  // BP1
  {
    id: 'bp1.missing-sigma-prime',
    checks: ['backward.bp1'],
    title: 'BP1 without σ′(z^L): δ^L = a^L − y where the output activation needs (a^L − y) ⊙ σ′(z^L)',
    fix: 'a^L − y is δ^L only for sigmoid+bce and softmax+cce; for mse multiply by σ′(z^L) (or the softmax Jacobian).',
    mistaken(ev) {
      const { case: c, fw } = netCtx(ev);
      const L = c.net.layers.length;
      return { delta: { [L - 1]: fw.a[L - 1]!.map((a, x) => a.map((ai, i) => ai - c.Y[x]![i]!)) } };
    },
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
      const exp = (ev.expected as { delta: Record<number, Matrix> }).delta[L - 1]!;
      return { delta: { [L - 1]: exp.map((r, x) => r.map((v, i) => v * sp[L - 1]![x]![i]!)) } };
    },
  },
  {
    id: 'mse.factor-2',
    checks: ['loss.mse', 'backward.bp1'],
    title: 'the ½ of mse dropped: E_x = ‖a − y‖² instead of ½‖a − y‖², so the loss (and δ^L) is twice too large',
    fix: 'The contract’s mse is E_x = ½‖a − y‖², whose gradient is a − y (no factor 2).',
    mistaken(ev) {
      if ('name' in ev.ctx) return ev.ctx.name === 'mse' ? scale(ev.expected, 2) : undefined;
      return netCtx(ev).case.loss === 'mse' ? scale(ev.expected, 2) : undefined;
    },
  },
  // BP2
  {
    id: 'bp2.missing-sigma-prime',
    checks: ['backward.bp2'],
    title: 'BP2 without σ′(z^l): δ^l = (W^{l+1})ᵀ δ^{l+1}, the factor ⊙ σ′(z^l) is missing',
    fix: 'δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l): multiply elementwise by the derivative of layer l’s activation at z^l.',
    mistaken: (ev) => bp2With(ev, () => null),
  },
  {
    id: 'bp2.w-instead-of-wT',
    checks: ['backward.bp2'],
    title: 'BP2 uses W^{l+1} where it needs its transpose (W^{l+1})ᵀ',
    fix: 'δ^l_k = Σ_j w^{l+1}_{jk} δ^{l+1}_j: sum over the rows j of W^{l+1} (the units of the layer above).',
    mistaken: (ev) => bp2With(ev, (l, x) => netCtx(ev).sp[l]![x]!, true),
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
  },
  {
    id: 'relu.grad-at-zero',
    checks: ['activateGrad.relu', 'activateGrad.leaky_relu', 'backward.bp2'],
    title: 'relu′(0) taken as 1: the contract (and the notes) take the derivative at the kink z = 0 from the left (relu′(0) = 0, leaky_relu′(0) = α)',
    fix: 'Use `z > 0 ? 1 : 0` (leaky_relu: `z > 0 ? 1 : α`), a strict comparison.',
    mistaken(ev, ctx) {
      const kinkOne = (name: string, z: Vector, s: Vector) => (name === 'relu' || name === 'leaky_relu' ? s.map((v, i) => (z[i] === 0 ? 1 : v)) : s);
      if ('name' in ev.ctx) {
        const z = (ev.input as { z: Vector }).z;
        return z.includes(0) ? kinkOne(ev.ctx.name as string, z, ev.expected as Vector) : undefined;
      }
      const { case: c, fw, sp } = netCtx(ev);
      void ctx;
      return bp2With(ev, (l, x) => kinkOne(c.net.layers[l]!.activation, fw.z[l]![x]!, sp[l]![x]!));
    },
  },
  // BP3, BP4
  {
    id: 'batch.sum-not-mean',
    checks: ['backward.bp3', 'backward.bp4'],
    title: 'the gradient is summed over the batch instead of averaged (B times too large)',
    fix: 'The contract’s loss is the batch MEAN of E_x, so gradB = (1/B) Σ_x δ_x and gradW = (1/B) Σ_x δ_x (a^{l−1}_x)ᵀ.',
    mistaken(ev) {
      const B = netCtx(ev).case.X.length;
      return B > 1 ? scale(ev.expected, B) : undefined;
    },
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
  },
  {
    id: 'bp4.transposed',
    checks: ['backward.bp4'],
    title: 'gradW is transposed: a^{l−1} (δ^l)ᵀ instead of δ^l (a^{l−1})ᵀ',
    fix: 'gradW^l has the shape of W^l (n_l rows, n_{l−1} columns): entry [j][k] = mean_x δ_j a_k.',
    mistaken: (ev) => ({ gradW: (ev.expected as { gradW: Matrix[] }).gradW.map(transpose) }),
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
  },
  // activations
  {
    id: 'step.strict-threshold',
    checks: ['activate.step'],
    title: 'step uses a strict threshold: step(0) = 0, but the contract (the notes’ perceptron fires when w·x + b ≥ 0) has step(0) = 1',
    fix: 'Use `z >= 0 ? 1 : 0`.',
    mistaken: (ev) => ((ev.input as { z: Vector }).z.includes(0) ? (ev.expected as Vector).map((v, i) => ((ev.input as { z: Vector }).z[i] === 0 ? 0 : v)) : undefined),
  },
  {
    id: 'softmax.overflow',
    checks: ['activate.softmax'],
    title: 'softmax overflows: e^{z_i} / Σ_j e^{z_j} without subtracting max z gives Infinity/Infinity = NaN for large z',
    fix: 'Subtract m = max_j z_j first: e^{z_i − m} / Σ_j e^{z_j − m} — the same value, and no exponent is above 0.',
    mistaken(ev, ctx) {
      const f = ctx.precision === 'float32' ? Math.fround : (x: number) => x;
      const e = (ev.input as { z: Vector }).z.map((z) => f(Math.exp(z)));
      const s = f(e.reduce((a, b) => f(a + b), 0));
      return e.map((v) => f(v / s));
    },
  },
  {
    id: 'softplus.overflow',
    checks: ['activate.softplus'],
    title: 'softplus overflows: log(1 + e^z) gives Infinity once e^z overflows (z > 709 in float64, 88 in float32)',
    fix: 'softplus(z) = max(z, 0) + log1p(e^{−|z|}): never exponentiates a positive number.',
    mistaken(ev, ctx) {
      const f = ctx.precision === 'float32' ? Math.fround : (x: number) => x;
      return (ev.input as { z: Vector }).z.map((z) => f(Math.log(f(1 + f(Math.exp(z))))));
    },
  },
  {
    id: 'exp.overflow-error',
    checks: ['activate.', 'activateGrad.'],
    title: 'the function crashed with an overflow: it computes e^z for a large |z| (Python’s math.exp raises OverflowError above 709)',
    fix: 'Rewrite the formula so that it only exponentiates non-positive numbers (e.g. σ(z) = e^z/(1+e^z) for z < 0; softmax minus max z).',
    thrown: /overflow|math range error|out of range/i,
  },
  {
    id: 'alpha.ignored',
    checks: ['activate.leaky_relu', 'activate.elu', 'activateGrad.leaky_relu', 'activateGrad.elu'],
    title: 'the alpha argument is ignored: the default α is used even when another α is given',
    fix: 'Use the α passed in (the third argument, or the layer’s `alpha`), and the default (0.01 for leaky_relu, 1 for elu) only when it is absent.',
    mistaken(ev, ctx) {
      const inp = ev.input as { name: ActivationName; z: Vector; alpha?: number };
      if (inp.alpha === undefined) return undefined;
      return isGradCheck(ev) ? ctx.expected.activateGrad(inp.name, inp.z) : ctx.expected.activate(inp.name, inp.z);
    },
  },
  {
    id: 'elu.grad-at-zero',
    checks: ['activateGrad.elu'],
    title: 'elu′(0) taken as α: the contract uses the linear branch at the kink (z ≥ 0), so elu′(0) = 1',
    fix: 'Use `z >= 0 ? 1 : α·e^z`.',
    mistaken(ev) {
      const inp = ev.input as { z: Vector; alpha?: number };
      if (!inp.z.includes(0)) return undefined;
      return (ev.expected as Vector).map((v, i) => (inp.z[i] === 0 ? (inp.alpha ?? 1) : v));
    },
  },
  {
    id: 'sigmoid.grad-is-sigmoid',
    checks: ['activateGrad.sigmoid'],
    title: 'activateGrad(sigmoid) returns σ(z) itself instead of σ′(z) = σ(z)(1 − σ(z))',
    fix: 'σ′(z) = σ(z)(1 − σ(z)), at most ¼.',
    mistaken: (ev, ctx) => ctx.expected.activate('sigmoid', (ev.input as { z: Vector }).z),
  },
  {
    id: 'tanh.grad-no-square',
    checks: ['activateGrad.tanh'],
    title: 'tanh′ computed as 1 − tanh(z) instead of 1 − tanh²(z)',
    fix: 'tanh′(z) = 1 − tanh(z)².',
    mistaken: (ev) => (ev.input as { z: Vector }).z.map((z) => 1 - Math.tanh(z)),
  },
  {
    id: 'derivative.factor-2',
    checks: ['activateGrad.'],
    title: 'a stray factor 2 in the derivative (twice the contract’s σ′)',
    fix: 'Re-derive σ′: e.g. σ′ = σ(1 − σ), tanh′ = 1 − tanh², softplus′ = σ — no factor 2.',
    mistaken: (ev) => scale(ev.expected, 2),
  },
  {
    id: 'derivative.factor-half',
    checks: ['activateGrad.'],
    title: 'a stray factor ½ in the derivative (half the contract’s σ′)',
    fix: 'Re-derive σ′: e.g. σ′ = σ(1 − σ), tanh′ = 1 − tanh², softplus′ = σ — no factor ½.',
    mistaken: (ev) => scale(ev.expected, 0.5),
  },
  // losses
  {
    id: 'loss.log-zero',
    checks: ['loss.bce', 'loss.cce'],
    title: 'log(0) in the loss: a term y·log(a) with y = 0 and a = 0 gives 0·(−Infinity) = NaN',
    fix: 'Count y·log(a) as 0 when y = 0 (the limit of t·log t), e.g. `y === 0 ? 0 : y * Math.log(a)`.',
    mistaken(ev) {
      const { A, Y } = ev.input as unknown as LossCase;
      const name = (ev.ctx as { name: LossName }).name;
      let s = 0;
      A.forEach((r, x) =>
        r.forEach((a, i) => {
          const y = Y[x]![i]!;
          s -= name === 'bce' ? y * Math.log(a) + (1 - y) * Math.log(1 - a) : y * Math.log(a);
        }),
      );
      return s / A.length;
    },
  },
  {
    id: 'loss.sum-not-mean',
    checks: ['loss.'],
    title: 'the loss is summed over the batch instead of averaged (B times too large)',
    fix: 'loss(name, A, Y) is the batch mean (1/B) Σ_x E_x.',
    mistaken: (ev) => {
      const B = (ev.input as unknown as LossCase).A.length;
      return B > 1 ? scale(ev.expected, B) : undefined;
    },
  },
  {
    id: 'mse.mean-over-outputs',
    checks: ['loss.mse'],
    title: 'mse averaged over the outputs too (like numpy’s .mean() over all entries): (1/(B·n)) Σ (a − y)² instead of (1/B) Σ_x ½‖a − y‖²',
    fix: 'Sum ½(a_i − y_i)² over the outputs of an example, then average over the examples only.',
    mistaken(ev) {
      const { A } = ev.input as unknown as LossCase;
      const n = A[0]!.length;
      return n === 2 ? undefined : ((ev.expected as number) * 2) / n; // n = 2: the same number as the contract's
    },
  },
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
  },
  {
    id: 'forward.no-bias',
    checks: ['forward'],
    title: 'the bias is not added: z^l = W^l a^{l−1} instead of W^l a^{l−1} + b^l',
    fix: 'z^l = W^l a^{l−1} + b^l, with b^l added to every example of the batch.',
    mistaken(ev, ctx) {
      const { case: c } = netCtx(ev);
      const net = { layers: c.net.layers.map((l) => ({ ...l, b: l.b.map(() => 0) })) };
      const fw = ctx.expected.forward(net, c.X);
      return { z: fw.z, a: fw.a };
    },
  },
  // optimizers
  {
    id: 'momentum.sign',
    checks: ['step.momentum'],
    title: 'momentum’s sign is wrong: v ← αv + lr·g, w ← w + v moves uphill',
    fix: 'v ← αv − lr·g; w ← w + v (or keep v ← αv + lr·g and subtract: w ← w − v).',
    mistaken: (ev) =>
      simulate(ev.ctx.case as StepCase, (o, _t, w, g, s) => {
        const op = o as { lr: number; alpha: number };
        s[0] = op.alpha * s[0]! + op.lr * g;
        return w + s[0]!;
      }),
  },
  {
    id: 'adagrad.no-sqrt',
    checks: ['step.adagrad'],
    title: 'adagrad divides by r + eps instead of √r + eps (the square root is missing)',
    fix: 'w ← w − lr·g / (√r + eps), with r the running sum of g².',
    mistaken: (ev) =>
      simulate(ev.ctx.case as StepCase, (o, _t, w, g, s) => {
        const op = o as { lr: number; eps: number };
        s[0] = s[0]! + g * g;
        return guarded(op.lr * g, s[0]! + op.eps, w);
      }),
  },
  {
    id: 'rmsprop.rho-swapped',
    checks: ['step.rmsprop'],
    title: 'rmsprop’s ρ and 1 − ρ are swapped: r ← (1 − ρ) r + ρ g²',
    fix: 'r ← ρ r + (1 − ρ) g²: ρ (e.g. 0.9) keeps the old average, 1 − ρ weighs the new g².',
    mistaken: (ev) =>
      simulate(ev.ctx.case as StepCase, (o, _t, w, g, s) => {
        const op = o as { lr: number; rho: number; eps: number };
        s[0] = (1 - op.rho) * s[0]! + op.rho * g * g;
        return guarded(op.lr * g, Math.sqrt(s[0]!) + op.eps, w);
      }),
  },
  {
    id: 'adam.no-bias-correction',
    checks: ['step.adam'],
    title: 'adam without bias correction: m and v are used directly instead of m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)',
    fix: 'Keep the step count t in the state and divide: m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ); w ← w − lr·m̂/(√v̂ + eps).',
    mistaken: (ev) =>
      simulate(ev.ctx.case as StepCase, (o, _t, w, g, s) => {
        const op = o as { lr: number; beta1: number; beta2: number; eps: number };
        s[0] = op.beta1 * s[0]! + (1 - op.beta1) * g;
        s[1] = op.beta2 * s[1]! + (1 - op.beta2) * g * g;
        return guarded(op.lr * s[0]!, Math.sqrt(s[1]!) + op.eps, w);
      }),
  },
  {
    id: 'adam.eps-inside-sqrt',
    checks: ['step.adam'],
    title: 'adam adds eps inside the square root, √(v̂ + eps), where the contract (Kingma & Ba) adds it after: √v̂ + eps',
    fix: 'w ← w − lr·m̂ / (√v̂ + eps).',
    mistaken: (ev) =>
      simulate(ev.ctx.case as StepCase, (o, t, w, g, s) => {
        const op = o as { lr: number; beta1: number; beta2: number; eps: number };
        s[0] = op.beta1 * s[0]! + (1 - op.beta1) * g;
        s[1] = op.beta2 * s[1]! + (1 - op.beta2) * g * g;
        const mh = s[0]! / (1 - op.beta1 ** t);
        const vh = s[1]! / (1 - op.beta2 ** t);
        return guarded(op.lr * mh, Math.sqrt(vh + op.eps), w);
      }),
  },
  // perceptron
  {
    id: 'perceptron.strict-threshold',
    checks: ['perceptronStep'],
    title: 'the perceptron uses a strict threshold: ŷ = 1 only if w·x + b > 0, but the contract fires when w·x + b ≥ 0',
    fix: 'ŷ = (w·x + b >= 0) ? 1 : 0.',
    mistaken(ev) {
      const c = ev.ctx.case as PerceptronCase;
      const s = c.w.reduce((acc, wi, i) => acc + wi * c.x[i]!, c.b);
      const yhat = s > 0 ? 1 : 0;
      return { w: c.w.map((wi, i) => wi + c.lr * (c.y - yhat) * c.x[i]!), b: c.b + c.lr * (c.y - yhat) };
    },
  },
  {
    id: 'perceptron.sign',
    checks: ['perceptronStep'],
    title: 'the perceptron update has the wrong sign: w ← w − lr(y − ŷ)x moves the boundary the wrong way',
    fix: 'w ← w + lr(y − ŷ)x; b ← b + lr(y − ŷ).',
    mistaken(ev) {
      const c = ev.ctx.case as PerceptronCase;
      const s = c.w.reduce((acc, wi, i) => acc + wi * c.x[i]!, c.b);
      const yhat = s >= 0 ? 1 : 0;
      return { w: c.w.map((wi, i) => wi - c.lr * (c.y - yhat) * c.x[i]!), b: c.b - c.lr * (c.y - yhat) };
    },
  },
];

function isGradCheck(ev: Evaluation): boolean {
  return (ev.ctx as { grad?: boolean }).grad === true;
}

export function diagnosisById(id: string): Diagnosis | undefined {
  return DIAGNOSES.find((d) => d.id === id);
}

/** The alternatives a diagnosis computes for one evaluation ([] where it cannot tell on that case). */
function mistakenAlternatives(d: Diagnosis, ev: Evaluation, ctx: CheckContext): unknown[] {
  if (!d.mistaken) return [];
  let m: unknown;
  try {
    m = d.mistaken(ev, ctx);
  } catch {
    return [];
  }
  if (m === undefined) return [];
  if (m !== null && typeof m === 'object' && 'alternatives' in (m as object)) return (m as { alternatives: unknown[] }).alternatives;
  return [m];
}

/**
 * The diagnosis that explains the failures of `checkId`. A catalogued mistake is a candidate when its
 * formula reproduces the subject's answer on at least one failing case and contradicts it on none
 * (cases where it cannot be told apart from the contract do not count either way). Among the
 * candidates, the one that explains the most cases wins (so a mistake that explains every case beats
 * one that happens to match the shrunk case); ties go to the catalogue's order. A check that errored
 * (the subject threw) is explained only by a mistake that makes a subject throw, matched against what
 * it threw — never by a diagnosis borrowed from other cases.
 */
export function diagnose(checkId: string, failures: readonly Failure[], ctx: CheckContext): Diagnosis | undefined {
  if (failures.length === 0) return undefined;
  const last = failures[failures.length - 1]!;
  if (last.threw !== undefined) {
    if (last.internal) return undefined;
    return DIAGNOSES.find((d) => d.thrown && appliesTo(d, checkId) && d.thrown.test(last.threw!));
  }
  let best: { d: Diagnosis; explained: number } | undefined;
  for (const d of DIAGNOSES) {
    if (!appliesTo(d, checkId) || d.thrown) continue;
    let explained = 0;
    let contradicted = false;
    for (const r of failures) {
      if (!r.ev) continue;
      const alts = mistakenAlternatives(d, r.ev, ctx);
      if (alts.length === 0) continue;
      const ok = alts.some((alt) => firstDifference(alt, r.ev!.got, r.ev!.bounds, ctx.slack) === null && firstDifference(alt, r.ev!.expected, r.ev!.bounds, ctx.slack) !== null);
      if (ok) explained++;
      else {
        contradicted = true;
        break;
      }
    }
    if (contradicted || explained === 0) continue;
    if (!best || explained > best.explained) best = { d, explained };
  }
  return best?.d;
}
