/**
 * The grader's case generators (fast-check), drawn from the course's scope, and the fixed cases
 * where common mistakes show, which every run includes (fast-check `examples`):
 *  - exact zeros at the kinks (relu, leaky_relu, elu, step; a perceptron with w·x + b = 0);
 *  - large magnitudes (softmax, softplus, sigmoid near overflow: |z| up to 800 > 709.78 = ln(MAX));
 *  - non-default alpha for leaky_relu and elu;
 *  - batches of 1 and of several examples, non-square layers, depth ≥ 3, outputs other than
 *    identity under mse (from properties/arbitraries.ts, whose nets shrink shape-first);
 *  - several optimizer steps in a row carrying the state, and a zero gradient with eps = 0.
 * Numbers lie on dyadic grids, so they are exact in float32 and float64 (bounds.ts relies on it).
 */
import * as fc from 'fast-check';
import { DEFAULT_ALPHA, LOSS_OUTPUTS, type ActivationName, type LossName, type OptimizerName } from '../contract/names.js';
import type { Matrix, Optimizer, Params, Vector } from '../contract/types.js';
import { gridNumber, gridNumberWithZeros, matrixArb, netCaseArb, paramsOfShapeArb, targetsArb, vectorArb, type NetCase } from '../properties/arbitraries.js';
import { hiddenActivations, pairings, type Scope } from './scope.js';

export interface ActivateCase {
  z: Vector;
  alpha?: number;
}
export interface LossCase {
  A: Matrix;
  Y: Matrix;
}
export interface StepCase {
  opt: Optimizer;
  params: Params;
  /** One gradient per step; the state returned by step t is passed to step t+1. */
  grads: Params[];
}
export interface PerceptronCase {
  w: Vector;
  b: number;
  x: Vector;
  y: 0 | 1;
  lr: number;
}
export type { NetCase };

const HAS_ALPHA = (name: ActivationName) => name in DEFAULT_ALPHA;
/** Activations whose naive formulas overflow: their cases include |z| up to 800. */
const OVERFLOWS: readonly ActivationName[] = ['softmax', 'softplus', 'sigmoid', 'tanh', 'elu'];

const alphaArb = fc.integer({ min: 1, max: 2 ** 9 }).map((k) => k / 2 ** 7); // (0, 4], dyadic

export function activateCaseArb(name: ActivationName): fc.Arbitrary<ActivateCase> {
  const small = gridNumberWithZeros(8, true);
  const item = OVERFLOWS.includes(name)
    ? fc.oneof({ arbitrary: small, weight: 4 }, { arbitrary: fc.integer({ min: -800, max: 800 }), weight: 1 })
    : small;
  const z = fc.array(item, { minLength: 1, maxLength: 6 });
  if (!HAS_ALPHA(name)) return z.map((zz) => ({ z: zz }));
  return fc.record({ z, alpha: fc.option(alphaArb, { nil: undefined, freq: 2 }) }).map(({ z: zz, alpha }) => (alpha === undefined ? { z: zz } : { z: zz, alpha }));
}

export function activateExamples(name: ActivationName): ActivateCase[] {
  const ex: ActivateCase[] = [{ z: [0, 1.5, -1.5, 0.25, -3] }, { z: [0] }];
  if (HAS_ALPHA(name)) ex.push({ z: [0, -2, 2, -0.5], alpha: 0.5 }, { z: [-1, 0, 3], alpha: 2.5 });
  if (OVERFLOWS.includes(name)) ex.push({ z: [750, -750, 0.5] }, { z: [800, 790, -800] });
  if (name === 'softmax') ex.push({ z: [1000 - 200, 799] });
  return ex;
}

/**
 * Weights w ≥ 0 (not all 0) as probabilities that are multiples of 1/64 and sum to exactly 1 (dyadic:
 * exact in float32 and float64, so Σ a = 1 holds in any order of summation); a zero weight stays 0,
 * a positive one gets at least 1/64 (largest-remainder rounding).
 */
function dyadicRow(w: readonly number[], units = 64): number[] {
  const total = w.reduce((s, v) => s + v, 0);
  const k = w.map((v) => (v > 0 ? Math.max(1, Math.floor((v / total) * units)) : 0));
  let rest = units - k.reduce((s, v) => s + v, 0);
  const order = w.map((_, i) => i).filter((i) => w[i]! > 0).sort((i, j) => w[j]! - w[i]!);
  for (let q = 0, guard = 0; rest !== 0 && order.length && guard < 64 * units; q = (q + 1) % order.length, guard++) {
    const i = order[q]!;
    if (rest > 0) (k[i]!++, rest--);
    else if (k[i]! > 1) (k[i]!--, rest++);
  }
  return k.map((v) => v / units);
}

/** A, Y valid for the loss: bce A ∈ [0,1] with exact 0 or 1 only where y equals it; cce rows positive where y > 0. */
export function lossCaseArb(name: LossName): fc.Arbitrary<LossCase> {
  return fc.record({ B: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 4 }) }).chain(({ B, n }) => {
    if (name === 'mse') return fc.record({ A: matrixArb(B, n, gridNumber(3)), Y: matrixArb(B, n, gridNumber(2)) });
    if (name === 'bce') {
      const prob = fc.integer({ min: 1, max: 2 ** 12 - 1 }).map((k) => k / 2 ** 12);
      return targetsArb('bce', B, n).chain((Y) =>
        fc
          .array(fc.array(fc.tuple(prob, fc.boolean()), { minLength: n, maxLength: n }), { minLength: B, maxLength: B })
          // where y is exactly 0 or 1, sometimes a = y exactly (the term 0·log 0, which must count 0)
          .map((rows) => ({ A: rows.map((r, x) => r.map(([p, sat], i) => (sat && (Y[x]![i] === 0 || Y[x]![i] === 1) ? Y[x]![i]! : p))), Y })),
      );
    }
    return targetsArb('cce', B, n).chain((Y) =>
      fc.array(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: n, maxLength: n }), { minLength: B, maxLength: B }).map((counts) => ({
        // a_i = 0 exactly where y_i = 0 and the count is 0 (a softmax that underflowed): 0·log 0 again
        A: counts.map((c, x) => dyadicRow(c.map((ci, i) => ci + (Y[x]![i]! > 0 ? 1 : 0)))),
        Y,
      })),
    );
  });
}

/**
 * Fixed loss cases: the fixtures' case classes, each in exact (dyadic) numbers — a term 0·log 0 that
 * must count 0, a confidently wrong prediction whose loss is +Infinity, soft targets and soft labels,
 * outputs a hair from 0 and 1, batches of one and of several.
 */
export function lossExamples(name: LossName): LossCase[] {
  if (name === 'mse') return [{ A: [[0.5, -1]], Y: [[1, 0]] }, { A: [[1], [2], [3]], Y: [[0], [0], [1]] }, { A: [[0.25, 0.5, -2]], Y: [[0.25, 0.5, -2]] }];
  const edge = 2 ** -20;
  if (name === 'bce') {
    return [
      { A: [[0, 1, 0.25]], Y: [[0, 1, 1]] }, // 0·log 0 twice
      { A: [[0.5], [0.75]], Y: [[1], [0]] },
      { A: [[0, 1]], Y: [[1, 0]] }, // confidently wrong: +Infinity
      { A: [[0.25, 0.75]], Y: [[0.5, 0.25]] }, // soft targets
      { A: [[edge, 1 - edge]], Y: [[0, 1]] }, // near the edges
    ];
  }
  return [
    { A: [[0, 1, 0]], Y: [[0, 1, 0]] }, // 0·log 0: a perfect prediction costs 0
    { A: [[0.25, 0.75], [0.5, 0.5]], Y: [[0, 1], [1, 0]] },
    { A: [[0, 1]], Y: [[1, 0]] }, // confidently wrong: +Infinity
    { A: [[0.5, 0.25, 0.25]], Y: [[0.25, 0.25, 0.5]] }, // soft labels
    { A: [[edge, 1 - edge]], Y: [[1, 0]] }, // a probability a hair above 0
  ];
}

export interface NetScope {
  depth?: readonly [number, number];
}

/** Random nets, batches and targets over the scope's activations and (output, loss) pairings. */
export function netCaseArbFor(scope: Scope, opts: NetScope = {}): fc.Arbitrary<NetCase> | null {
  const pairs = pairings(scope);
  const hidden = hiddenActivations(scope);
  if (pairs.length === 0) return null;
  const depth = opts.depth ?? [1, 4];
  if (hidden.length === 0 && depth[0] > 1) return null;
  // one generator per loss, each with the outputs graded for it (scope.ts GRADED_OUTPUTS)
  const losses = [...new Set(pairs.map(([, l]) => l))];
  const arbs = losses.map((loss) =>
    netCaseArb({
      depth: hidden.length === 0 ? [1, 1] : depth,
      width: [1, 5],
      batch: [1, 4],
      hidden,
      outputs: pairs.filter(([, l]) => l === loss).map(([a]) => a),
      losses: [loss],
    }),
  );
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

/**
 * Fixed nets every run includes: depth 3, non-square, batch 1 and batch 3, an exact zero in z at
 * layer 1 (X row of zeros, b = 0), outputs other than identity under mse — built from the scope.
 */
export function netExamples(scope: Scope, minDepth = 1): NetCase[] {
  const pairs = pairings(scope);
  const hidden = hiddenActivations(scope);
  if (pairs.length === 0 || (hidden.length === 0 && minDepth > 1)) return [];
  // outputs and hidden layers whose σ′ is not 0 (step's is, which would hide BP2 mistakes), kinks first
  const PREFERRED: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid', 'leaky_relu', 'elu', 'softplus', 'softmax', 'identity', 'step'];
  const byPreference = (xs: readonly ActivationName[]) => [...xs].sort((p, q) => PREFERRED.indexOf(p) - PREFERRED.indexOf(q));
  const OUT_PREFERRED: readonly ActivationName[] = ['sigmoid', 'tanh', 'softplus', 'softmax', 'elu', 'leaky_relu', 'relu', 'identity', 'step'];
  const pick = (loss: LossName | null) =>
    [...pairs].sort((p, q) => OUT_PREFERRED.indexOf(p[0]) - OUT_PREFERRED.indexOf(q[0])).find(([, l]) => loss === null || l === loss) ?? pairs[0]!;
  const hid = byPreference(hidden);
  const h = (i: number) => (hid.length ? hid[i % hid.length]! : 'identity');
  const out: NetCase[] = [];
  const mk = (sizes: number[], acts: ActivationName[], loss: LossName, B: number, alpha?: number): NetCase => {
    const layers = acts.map((activation, l) => {
      const nIn = sizes[l]!;
      const nOut = sizes[l + 1]!;
      const W = Array.from({ length: nOut }, (_, j) => Array.from({ length: nIn }, (_, k) => (((j * 7 + k * 3 + l) % 9) - 4) / 8));
      const b = Array.from({ length: nOut }, (_, j) => (j === 0 ? 0 : (((j * 5 + l) % 7) - 3) / 4));
      return alpha !== undefined && HAS_ALPHA(activation) ? { W, b, activation, alpha } : { W, b, activation };
    });
    const nL = sizes[sizes.length - 1]!;
    const X = Array.from({ length: B }, (_, x) => Array.from({ length: sizes[0]! }, (_, k) => (x === 0 ? 0 : (((x * 3 + k * 5) % 7) - 3) / 2)));
    const Y = targetRows(loss, B, nL);
    return { net: { layers }, X, Y, loss };
  };
  const [outA, lossA] = pick('mse');
  const [outB, lossB] = pick(null);
  if (hidden.length > 0) {
    out.push(mk([3, 4, 2, 3], [h(0), h(1), outA], lossA, 3)); // depth 3, non-square, batch 3
    out.push(mk([2, 3, 3, 2], [h(1), h(2), outB], lossB, 1, 0.5)); // batch 1, non-default alpha
    out.push(mk([2, 2, 2], [h(3), outA], lossA, 2)); // square layers (W vs Wᵀ shows only there)
  }
  if (minDepth <= 1) out.push(mk([3, 2], [outA], lossA, 2));
  // coverage, whatever the seed: every (output, loss) pairing in scope, each with ≥ 2 outputs (a softmax
  // with mse shows its Jacobian only there), and every hidden activation in a hidden position
  const rounds = Math.max(pairs.length, hidden.length);
  for (let i = 0; i < rounds; i++) {
    const [o, l] = pairs[i % pairs.length]!;
    if (hidden.length > 0) out.push(mk([3, 3, 2], [hid[i % hid.length]!, o], l, 2, i % 3 === 1 ? 0.75 : undefined));
    else if (minDepth <= 1) out.push(mk([3, 2], [o], l, 2));
  }
  return out.filter((c) => c.net.layers.length >= minDepth && LOSS_OUTPUTS[c.loss].includes(c.net.layers.at(-1)!.activation));
}

function targetRows(loss: LossName, B: number, n: number): Matrix {
  return Array.from({ length: B }, (_, x) =>
    Array.from({ length: n }, (_, i) => {
      if (loss === 'mse') return ((x + i) % 3) / 2 - 0.5;
      if (loss === 'bce') return (x + i) % 2;
      return i === x % n ? 1 : 0;
    }),
  );
}

// ---- optimizers ------------------------------------------------------------------------------

const lrArb = fc.integer({ min: 1, max: 2 ** 9 }).map((k) => k / 2 ** 10); // (0, 0.5]
const unitArb = (lo: number, hi: number) => fc.integer({ min: Math.ceil(lo * 2 ** 10), max: Math.floor(hi * 2 ** 10) }).map((k) => k / 2 ** 10);
const epsArb = fc.constantFrom(1e-8, 2 ** -20, 2 ** -10, 0);

export function optimizerArb(name: OptimizerName): fc.Arbitrary<Optimizer> {
  switch (name) {
    case 'sgd':
      return lrArb.map((lr) => ({ name, lr }));
    case 'momentum':
      return fc.record({ lr: lrArb, alpha: unitArb(0, 0.95) }).map((o) => ({ name, ...o }));
    case 'adagrad':
      return fc.record({ lr: lrArb, eps: epsArb }).map((o) => ({ name, ...o }));
    case 'rmsprop':
      return fc.record({ lr: lrArb, rho: unitArb(0.5, 0.99), eps: epsArb }).map((o) => ({ name, ...o }));
    case 'adam':
      return fc.record({ lr: lrArb, beta1: unitArb(0.5, 0.95), beta2: unitArb(0.9, 0.999), eps: epsArb }).map((o) => ({ name, ...o }));
  }
}

export function stepCaseArb(name: OptimizerName): fc.Arbitrary<StepCase> {
  const shapeArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 2 });
  return fc.record({ shape: shapeArb, T: fc.integer({ min: 1, max: 4 }), opt: optimizerArb(name) }).chain(({ shape, T, opt }) =>
    fc.record({
      opt: fc.constant(opt),
      params: paramsOfShapeArb(shape, gridNumber(2)),
      grads: fc.array(paramsOfShapeArb(shape, gridNumberWithZeros(2, true)), { minLength: T, maxLength: T }),
    }),
  );
}

export function stepExamples(name: OptimizerName): StepCase[] {
  const opt: Record<OptimizerName, Optimizer> = {
    sgd: { name: 'sgd', lr: 0.1 },
    momentum: { name: 'momentum', lr: 0.1, alpha: 0.9 },
    adagrad: { name: 'adagrad', lr: 0.1, eps: 1e-8 },
    rmsprop: { name: 'rmsprop', lr: 0.01, rho: 0.9, eps: 1e-8 },
    adam: { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  };
  const params: Params = { W: [[[0.5, -0.25, 1]], [[1], [-1]]], b: [[0.125], [0, 0.5]] };
  const g = (s: number): Params => ({ W: [[[s, -2 * s, 0.5]], [[0.25], [s]]], b: [[-s], [1, 0]] });
  const zeroEps = { ...opt[name], ...(name === 'sgd' || name === 'momentum' ? {} : { eps: 0 }) } as Optimizer;
  return [
    { opt: opt[name], params, grads: [g(1), g(-0.5), g(2)] }, // three steps in a row, the state carried
    { opt: zeroEps, params, grads: [g(0), g(0)] }, // a zero gradient with eps = 0: left unchanged
  ];
}

// ---- perceptron ------------------------------------------------------------------------------

const quarter = fc.integer({ min: -12, max: 12 }).map((k) => k / 4 + 0);

export function perceptronCaseArb(): fc.Arbitrary<PerceptronCase> {
  return fc.integer({ min: 1, max: 5 }).chain((n) =>
    fc.record({
      w: vectorArb(n, quarter),
      b: quarter,
      x: vectorArb(n, quarter),
      y: fc.constantFrom<0 | 1>(0, 1),
      lr: fc.constantFrom(1, 0.5, 0.25, 0.125),
    }),
  );
}

export function perceptronExamples(): PerceptronCase[] {
  return [
    { w: [1, -1], b: 0, x: [2, 2], y: 0, lr: 1 }, // w·x + b = 0 exactly: ŷ = 1, so it must move
    { w: [1, -1], b: 0, x: [2, 2], y: 1, lr: 1 }, // ... and here it must not
    { w: [0.5, 0.25], b: -1, x: [1, 2], y: 0, lr: 0.5 }, // w·x + b = 0 again, with a bias
    { w: [-1, 2, 0.5], b: 0.25, x: [1, 1, 1], y: 0, lr: 0.25 }, // a mistake with y = 0: moves down
  ];
}
