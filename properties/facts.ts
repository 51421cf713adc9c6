/**
 * Facts of the notes, checked on any subject through the contract's activate, activateGrad, loss and
 * backward, and the activation derivatives against reverse-mode automatic differentiation.
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { DEFAULT_ALPHA, ELEMENTWISE_ACTIVATIONS, type ActivationName, alphaOf } from '../contract/names.js';
import { FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, activationBound, activationUlpsFor, logAbsErrorFor, allowedAt, boundAt, lossErrorBound } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import type { Matrix, Subject } from '../contract/types.js';
import { autodiffActivationGrad } from '../reference/autodiff.js';
import { decimal50 } from '../reference/field.js';
import { exactOf } from '../reference/scalar/index.js';
import { gridNumber, netCaseArb, vectorArb, zVectorArb, type NetCase } from './arbitraries.js';
import { call } from './engine.js';
import { boundsForSubject, truthOf } from './exact.js';
import { PropertyFailure, assertNoMismatch } from './failure.js';
import type { Property } from './types.js';

const F = decimal50;
const D = (x: number): Decimal => exactOf(F, x);

function fail(what: string, index: number[], expected: number, got: number, allowed: number, note?: string): never {
  throw new PropertyFailure({ what, index, expected, got, allowed, note });
}

function checkLength(v: unknown, n: number, what: string): asserts v is number[] {
  if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== 'number')) {
    throw new PropertyFailure({ what: `${what} returned the wrong shape`, expected: `${n} numbers`, got: Array.isArray(v) ? `array(${v.length})` : typeof v });
  }
}

export const sigmoidDerivative: Property<number[]> = {
  id: 'fact.sigmoid-derivative',
  concept: "σ′ = σ(1 − σ) ≤ ¼ (000 vanishing gradients; 002 sigmoid derivative)",
  requires: ['activate', 'activateGrad'],
  defaultRuns: 100,
  arbitrary: () => zVectorArb({ max: 30 }),
  async check(subject, z) {
    const u = UNIT_ROUNDOFF[subject.precision];
    const a = await call(subject, 'activate', 'sigmoid', z);
    const g = await call(subject, 'activateGrad', 'sigmoid', z);
    checkLength(a, z.length, 'activate(sigmoid)');
    checkLength(g, z.length, 'activateGrad(sigmoid)');
    g.forEach((gi, i) => {
      const ai = a[i]!;
      const expected = F.toNumber(F.mul(D(ai), F.sub(F.one, D(ai)))); // σ(1 − σ) from the subject's own σ
      const k = activationUlpsFor(subject.precision)(z[i]!);
      const allowed = activationBound(gi, u, k) + activationBound(ai, u, k); // σ′'s own error + |1 − 2σ| · σ's error
      if (!(Math.abs(gi - expected) <= allowed)) fail(`σ′(z) vs σ(z)(1 − σ(z)) at z = ${z[i]}`, [i], expected, gi, allowed);
      if (!(gi <= 0.25 + allowed && gi >= -allowed)) fail(`σ′(z) ≤ ¼ (and ≥ 0) at z = ${z[i]}`, [i], 0.25, gi, allowed);
    });
  },
};

export const tanhDerivative: Property<number[]> = {
  id: 'fact.tanh-derivative',
  concept: 'tanh′ = 1 − tanh² (001 activations; 002)',
  requires: ['activate', 'activateGrad'],
  defaultRuns: 100,
  arbitrary: () => zVectorArb({ max: 20 }),
  async check(subject, z) {
    const u = UNIT_ROUNDOFF[subject.precision];
    const a = await call(subject, 'activate', 'tanh', z);
    const g = await call(subject, 'activateGrad', 'tanh', z);
    checkLength(a, z.length, 'activate(tanh)');
    checkLength(g, z.length, 'activateGrad(tanh)');
    g.forEach((gi, i) => {
      const t = D(a[i]!);
      const expected = F.toNumber(F.sub(F.one, F.mul(t, t)));
      const k = activationUlpsFor(subject.precision)(z[i]!);
      const allowed = activationBound(gi, u, k) + 2 * activationBound(a[i]!, u, k); // |2 tanh| ≤ 2 times tanh's error
      if (!(Math.abs(gi - expected) <= allowed)) fail(`tanh′(z) vs 1 − tanh²(z) at z = ${z[i]}`, [i], expected, gi, allowed);
    });
  },
};

export interface ShiftInput {
  z: number[];
  shift: number;
}

export const softmaxShiftInvariance: Property<ShiftInput> = {
  id: 'fact.softmax-shift-invariance',
  concept: 'softmax(z + c) = softmax(z), so it is computed without overflow by subtracting max z (001 softmax)',
  requires: ['activate'],
  defaultRuns: 100,
  arbitrary: () =>
    fc.record({
      z: zVectorArb({ length: [1, 8], max: 20 }),
      // shifts up to ±1000: e^{z+c} overflows float64 beyond ~709, so a softmax without max-subtraction fails
      shift: fc.oneof(gridNumber(50), fc.integer({ min: -1000, max: 1000 })),
    }),
  async check(subject, { z, shift }) {
    const u = UNIT_ROUNDOFF[subject.precision];
    const zc = z.map((v) => v + shift);
    const a = await call(subject, 'activate', 'softmax', z);
    const ac = await call(subject, 'activate', 'softmax', zc);
    checkLength(a, z.length, 'activate(softmax)');
    checkLength(ac, z.length, 'activate(softmax)');
    // Each evaluation errs by ≤ k u a_i (n + |z_i − max z|) (the softmax line of backpropErrorBounds, k ulps
    // per exp); z + c is rounded (u |z_i + c|) before the subject sees it, which moves a_i by
    // ≤ a_i (|Δz_i| + Σ_j a_j |Δz_j|) ≤ 2 a_i u max|z + c|. Doubled for first order, plus the truth's rounding.
    const m = Math.max(...z);
    const k = activationUlpsFor(subject.precision)(m - Math.min(...z));
    const shiftErr = 2 * u * Math.max(...zc.map(Math.abs));
    const allowedI = (ai: number, zi: number) => FIRST_ORDER_SAFETY * ai * (2 * k * u * (z.length + Math.abs(zi - m)) + shiftErr) + RESULT_ROUNDING * ai;
    a.forEach((ai, i) => {
      const allowed = allowedI(ai, z[i]!);
      if (!(Math.abs(ac[i]! - ai) <= allowed)) fail(`softmax(z + c)_i vs softmax(z)_i with c = ${shift}`, [i], ai, ac[i]!, allowed);
    });
    const s = ac.reduce((p, q) => p + q, 0);
    // Σ_i of one evaluation's errors, plus this float64 sum (n ulps) and the results' rounding
    const allowedSum = a.reduce((acc, ai, i) => acc + FIRST_ORDER_SAFETY * k * u * ai * (z.length + Math.abs(z[i]! - m)), 0) + (z.length + 1) * RESULT_ROUNDING;
    if (!(Math.abs(s - 1) <= allowedSum)) fail(`Σ_i softmax(z + c)_i = 1 with c = ${shift}`, [], 1, s, allowedSum);
    // the max is subtracted wherever it stands: a first logit 750 above all the others (e^750 overflows)
    const wide = [m + 750, ...z];
    const w = await call(subject, 'activate', 'softmax', wide);
    checkLength(w, wide.length, 'activate(softmax)');
    const near1 = FIRST_ORDER_SAFETY * 2 * k * u * wide.length + RESULT_ROUNDING;
    if (!(Math.abs(w[0]! - 1) <= near1)) fail(`softmax of [max z + 750, z…]_0 (the largest logit first)`, [0], 1, w[0]!, near1);
    w.slice(1).forEach((wi, i) => {
      if (!(wi >= 0 && wi <= 1e-300)) fail(`softmax of [max z + 750, z…]_${i + 1} (e^−750 or less)`, [i + 1], 0, wi, 1e-300);
    });
  },
};

export const softmaxCceDelta: Property<NetCase> = {
  id: 'fact.softmax-cce-delta',
  concept: 'softmax output with cross-entropy gives δ^L = a^L − y (001 softmax; 002 losses; convention bp1-shortcut)',
  requires: ['forward', 'backward'],
  defaultRuns: 25,
  arbitrary: () => netCaseArb({ outputs: ['softmax'], losses: ['cce'], depth: [1, 3] }),
  async check(subject, c) {
    const truth = truthOf(c);
    const bounds = boundsForSubject(c, truth, subject);
    const { a } = await call(subject, 'forward', c.net, c.X);
    const { delta } = await call(subject, 'backward', c.net, c.X, c.Y, c.loss);
    const L = c.net.layers.length;
    const aL = a?.[L - 1] as Matrix;
    const expected = aL?.map((ax, x) => ax.map((ai, i) => F.toNumber(F.sub(D(ai), D(c.Y[x]![i]!)))));
    if (!expected) throw new PropertyFailure({ what: 'forward returned no output layer', expected: `${L} layers`, got: `${a?.length}` });
    assertNoMismatch(
      // + the rounding of the returned a^L (a Decimal subject rounds a and δ separately)
      firstMismatch(expected, delta?.[L - 1], (p, e) => allowedAt(boundAt(bounds.delta[L - 1], p) + boundAt(bounds.a[L - 1], p) + RESULT_ROUNDING * Math.abs(boundAt(aL, p)), e)),
      `δ^L vs a^L − y (softmax + cce) with a^L from the subject's forward`,
      { note: `layer ${L}; index [example, unit]` },
    );
  },
};

export interface LikelihoodInput {
  kind: 'cce' | 'bce';
  /** model outputs: class probabilities (cce) or P(y = 1) per output (bce) */
  A: number[][];
  /** labels: class index per example (cce) or 0/1 per output (bce) */
  labels: number[][];
}

const likelihoodArb: fc.Arbitrary<LikelihoodInput> = fc.oneof(
  fc.record({ n: fc.integer({ min: 1, max: 6 }), B: fc.integer({ min: 1, max: 5 }) }).chain(({ n, B }) =>
    fc.record({
      kind: fc.constant<'cce'>('cce'),
      A: fc.array(
        vectorArb(n, fc.integer({ min: 1, max: 64 })).map((w) => {
          const s = w.reduce((p, q) => p + q, 0);
          return w.map((v) => v / s);
        }),
        { minLength: B, maxLength: B },
      ),
      labels: fc.array(fc.integer({ min: 0, max: n - 1 }).map((k) => [k]), { minLength: B, maxLength: B }),
    }),
  ),
  fc.record({ n: fc.integer({ min: 1, max: 6 }), B: fc.integer({ min: 1, max: 5 }) }).chain(({ n, B }) =>
    fc.record({
      kind: fc.constant<'bce'>('bce'),
      A: fc.array(vectorArb(n, fc.integer({ min: 1, max: 255 }).map((k) => k / 256)), { minLength: B, maxLength: B }),
      labels: fc.array(vectorArb(n, fc.constantFrom(0, 1)), { minLength: B, maxLength: B }),
    }),
  ),
);

export const crossEntropyIsMaxLikelihood: Property<LikelihoodInput> = {
  id: 'fact.cross-entropy-is-max-likelihood',
  concept: 'cross-entropy = −(1/B) log-likelihood of the labels, so minimising it is maximum likelihood (001 logit loss, cross-entropy = ML)',
  requires: ['loss'],
  defaultRuns: 100,
  arbitrary: () => likelihoodArb,
  async check(subject, { kind, A, labels }) {
    const B = A.length;
    const n = A[0]!.length;
    // The likelihood of the labels under the model, as a product over examples (Decimal):
    // categorical Π_x A[x][c_x]; Bernoulli Π_x Π_i a^y (1 − a)^{1−y}.
    let likelihood = F.one;
    let terms = 0;
    const Y = labels.map((lab, x) => {
      if (kind === 'cce') {
        const p = A[x]![lab[0]!]!;
        likelihood = F.mul(likelihood, D(p));
        terms += Math.abs(Math.log(p));
        return A[x]!.map((_v, i) => (i === lab[0] ? 1 : 0));
      }
      lab.forEach((y, i) => {
        const p = y === 1 ? A[x]![i]! : 1 - A[x]![i]!;
        likelihood = F.mul(likelihood, y === 1 ? D(A[x]![i]!) : F.sub(F.one, D(A[x]![i]!)));
        terms += Math.abs(Math.log(p));
      });
      return lab;
    });
    const expected = F.toNumber(F.div(F.neg(F.log(likelihood)), F.of(B))); // −(1/B) log L
    const got = await call(subject, 'loss', kind, A, Y);
    const allowed = lossErrorBound(terms, B, n, UNIT_ROUNDOFF[subject.precision], logAbsErrorFor(subject.precision)) + RESULT_ROUNDING * Math.abs(expected);
    if (!(typeof got === 'number' && Math.abs(got - expected) <= allowed)) {
      fail(`loss(${kind}) vs −(1/B) log-likelihood of the labels`, [], expected, got as number, allowed, `B = ${B}, ${n} outputs`);
    }
  },
};

export interface KinkInput {
  name: ActivationName;
  z: number[];
  alpha: number | undefined;
}

/** The contract's value and derivative at z = 0 (docs/contract.md, "Activations"). */
export const KINK_CONVENTIONS: Readonly<Partial<Record<ActivationName, { value: (alpha: number) => number; grad: (alpha: number) => number }>>> = {
  relu: { value: () => 0, grad: () => 0 }, // relu′(0) = 0, as the notes say
  step: { value: () => 1, grad: () => 0 }, // step(0) = 1 (fires when w·x + b ≥ 0)
  leaky_relu: { value: () => 0, grad: (alpha) => alpha }, // leaky′(0) = α
  elu: { value: () => 0, grad: () => 1 }, // elu′(0) = 1 (z ≥ 0 branch)
};

export const kinkConventions: Property<KinkInput> = {
  id: 'fact.kink-conventions',
  concept: "values and derivatives at the kink z = 0: relu′(0) = 0, step(0) = 1, leaky_relu′(0) = α, elu′(0) = 1 (000 perceptron ≥ 0; 001 activations)",
  requires: ['activate', 'activateGrad'],
  defaultRuns: 60,
  arbitrary: () =>
    fc.record({
      name: fc.constantFrom(...(Object.keys(KINK_CONVENTIONS) as ActivationName[])),
      z: zVectorArb({ length: [0, 4], max: 4 }).map((z) => [0, ...z]),
      alpha: fc.option(fc.integer({ min: 1, max: 2 ** 8 }).map((k) => k / 2 ** 7), { nil: undefined }),
    }),
  async check(subject, { name, z, alpha }) {
    const conv = KINK_CONVENTIONS[name]!;
    const al = alphaOf(name, alpha);
    const a = await call(subject, 'activate', name, z, alpha);
    const g = await call(subject, 'activateGrad', name, z, alpha);
    checkLength(a, z.length, `activate(${name})`);
    checkLength(g, z.length, `activateGrad(${name})`);
    // At the kink the convention is exact — no arithmetic is involved — except that a float32 subject
    // stores α in float32 (0.01 becomes 0.009999999776…): half an ulp of the subject's precision.
    const within = (got: number, want: number) => got === want || (subject.precision === 'float32' && Math.abs(got - want) <= UNIT_ROUNDOFF.float32 * Math.abs(want));
    z.forEach((zi, i) => {
      if (zi !== 0) return;
      const allowed = subject.precision === 'float32' ? UNIT_ROUNDOFF.float32 : 0;
      if (!within(a[i]!, conv.value(al))) fail(`${name}(0)${alpha === undefined ? '' : ` with α = ${alpha}`} (convention)`, [i], conv.value(al), a[i]!, allowed * Math.abs(conv.value(al)));
      if (!within(g[i]!, conv.grad(al))) fail(`${name}′(0)${alpha === undefined ? ' with the default α' : ` with α = ${alpha}`} (convention)`, [i], conv.grad(al), g[i]!, allowed * Math.abs(conv.grad(al)));
    });
  },
};

export interface ActInput {
  name: Exclude<ActivationName, 'softmax'>;
  z: number[];
  alpha: number | undefined;
}

export const activationAutodiff: Property<ActInput> = {
  id: 'autodiff.activation-derivatives',
  concept: 'each activation derivative equals what reverse-mode automatic differentiation finds on its computational graph (001 reverse-mode AD; 004 topological order)',
  requires: ['activate', 'activateGrad'],
  defaultRuns: 100,
  arbitrary: () =>
    fc.record({
      name: fc.constantFrom(...ELEMENTWISE_ACTIVATIONS),
      z: zVectorArb({ max: 12 }),
      alpha: fc.option(fc.integer({ min: 1, max: 2 ** 8 }).map((k) => k / 2 ** 7), { nil: undefined }),
    }),
  async check(subject: Subject, { name, z, alpha }) {
    const u = UNIT_ROUNDOFF[subject.precision];
    const a = await call(subject, 'activate', name, z, alpha);
    const g = await call(subject, 'activateGrad', name, z, alpha);
    checkLength(a, z.length, `activate(${name})`);
    checkLength(g, z.length, `activateGrad(${name})`);
    const al = D(alphaOf(name, alpha));
    z.forEach((zi, i) => {
      const ad = autodiffActivationGrad(F, name, D(zi), al);
      const value = F.toNumber(ad.value);
      const grad = F.toNumber(ad.grad);
      const k = activationUlpsFor(subject.precision)(zi);
      const va = activationBound(value, u, k);
      if (!(Math.abs(a[i]! - value) <= va)) fail(`${name}(z) vs its computational graph at z = ${zi}`, [i], value, a[i]!, va);
      const ga = activationBound(grad, u, k);
      if (!(Math.abs(g[i]! - grad) <= ga)) fail(`${name}′(z) vs reverse-mode autodiff at z = ${zi}`, [i], grad, g[i]!, ga);
    });
  },
};

export const factProperties: Property[] = [
  sigmoidDerivative,
  tanhDerivative,
  softmaxShiftInvariance,
  softmaxCceDelta,
  crossEntropyIsMaxLikelihood,
  kinkConventions,
  activationAutodiff,
];
