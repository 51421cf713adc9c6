/**
 * Differential properties: a float32 subject (the accelerated WebGPU path) against the float64
 * reference, on random networks and batches — widths 1 to 320, depths 1–5, batches 1–512 (sizes that
 * are not multiples of the 64 × 64 tile or of the 64-wide workgroups included) — and adversarial
 * values: inputs scaled up to 10^12 and down to 10^−40 (below float32's normal range), dyadic
 * weights and inputs that put z exactly at the ReLU kink, softmax logits near 80.
 *
 * The allowed error of every element is derived from the arithmetic the kernels perform
 * (tolerance/differential.ts): |computed − exact| ≤ γ·Σ|w||a| per dot product, propagated
 * through σ (by its change over the error interval, so a z on the wrong side of a kink is allowed)
 * and through BP1–BP4, with WGSL's stated accuracy for exp, log and division. No fixed atol.
 *
 * The properties apply to float32 subjects only (`appliesTo`); the reference is the truth they use.
 */
import * as fc from 'fast-check';
import { ACTIVATIONS, DEFAULT_ALPHA, ELEMENTWISE_ACTIVATIONS, OPTIMIZERS, type ActivationName, type LossName, isBp1Shortcut, alphaOf } from '../contract/names.js';
import { firstMismatch } from '../engine/compare.js';
import type { Layer, Matrix, Net, Optimizer, Params } from '../contract/types.js';
import * as reference from '../reference/index.js';
import { fromRows, toRows, type Mat } from '../reference/matrix/mat.js';
import { createRng, type Rng } from '../reference/learning/rng.js';
import { netShapeArb, type NetOptions, type NetShape } from './arbitraries.js';
import { REFERENCE_SLACK, activationBounds, backwardBounds, forwardBounds, lossBound } from '../tolerance/differential.js';
import { WGSL_STEP_ARITHMETIC, stepErrorBounds } from '../tolerance/step.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

/** How the numbers of a case are drawn. */
export type ValueMode = 'plain' | 'dyadic' | 'large' | 'tiny' | 'logits80';

export interface DiffCase {
  shape: NetShape;
  mode: ValueMode;
  /** Decimal exponent of the input scale (large, tiny). */
  scaleExp: number;
  /** Seeds the numbers (weights, inputs, targets). */
  seed: number;
}

const SHORTCUT = isBp1Shortcut;

/** Shapes from tiny to wide: most runs small, some medium, a few 257–320 wide with batches of 257–512. */
export function diffShapeArb(opts: Pick<NetOptions, 'outputs' | 'losses'> & { smallOnly?: boolean } = {}): fc.Arbitrary<NetShape> {
  if (opts.smallOnly) return netShapeArb({ ...opts, depth: [1, 5], width: [1, 12], batch: [1, 40] });
  return fc.oneof(
    { weight: 6, arbitrary: netShapeArb({ ...opts, depth: [1, 5], width: [1, 12], batch: [1, 40] }) },
    { weight: 3, arbitrary: netShapeArb({ ...opts, depth: [1, 3], width: [1, 80], batch: [1, 150] }) },
    { weight: 1, arbitrary: netShapeArb({ ...opts, depth: [1, 2], width: [257, 320], batch: [257, 512] }) },
  );
}

/** Cases; `opts` narrows them (the planted-bug tests aim at softmax outputs with logits near 80). */
export function diffCaseArb(opts: Pick<NetOptions, 'outputs' | 'losses'> & { modes?: readonly ValueMode[]; smallOnly?: boolean } = {}): fc.Arbitrary<DiffCase> {
  return fc.record({
    shape: diffShapeArb(opts),
    mode: fc.constantFrom<ValueMode>(...(opts.modes ?? ['plain', 'dyadic', 'large', 'tiny', 'logits80'])),
    scaleExp: fc.integer({ min: 3, max: 12 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });
}

/** The mode actually used: large/tiny/80-logits only where the reference's own values stay finite. */
export function effectiveMode(c: DiffCase): ValueMode {
  const out = c.shape.activations[c.shape.activations.length - 1]!;
  if (c.mode === 'logits80') return out === 'softmax' && c.shape.loss !== 'bce' ? 'logits80' : 'plain';
  if ((c.mode === 'large' || c.mode === 'tiny') && c.shape.loss !== 'mse' && !SHORTCUT(out, c.shape.loss)) return 'plain';
  return c.mode;
}

function fill(rng: Rng, rows: number, cols: number, draw: () => number): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, draw));
}

/** The network, batch and targets of a case. */
export function materialize(c: DiffCase): { net: Net; X: Matrix; Y: Matrix; loss: LossName; mode: ValueMode } {
  const rng = createRng(c.seed);
  const mode = effectiveMode(c);
  const { sizes, batch: B, activations, alphas, loss } = c.shape;
  const dyadic = (max: number, step: number) => () => Math.round(rng.uniformIn(-max, max) / step) * step;
  const layers: Layer[] = activations.map((activation, l) => {
    const nIn = sizes[l]!;
    const nOut = sizes[l + 1]!;
    const w = mode === 'dyadic' ? dyadic(1, 1 / 8) : () => rng.uniformIn(-1, 1) * Math.sqrt(3 / nIn);
    const W = fill(rng, nOut, nIn, w);
    let b = Array.from({ length: nOut }, mode === 'dyadic' ? dyadic(1, 1 / 8) : () => rng.uniformIn(-0.5, 0.5));
    if (mode === 'logits80' && l === activations.length - 1) b = b.map((v, j) => (j === 0 ? 80 : 80 + 20 * v)); // 70 … 90: e^z overflows float32 above 88.7
    const layer: Layer = { W, b, activation };
    if (alphas[l] !== undefined && activation in DEFAULT_ALPHA) layer.alpha = alphas[l];
    return layer;
  });
  const scale = mode === 'large' ? 10 ** c.scaleExp : mode === 'tiny' ? 10 ** (-4 * c.scaleExp + 8) : 1; // tiny: 1e-4 … 1e-40
  const X = fill(rng, B, sizes[0]!, mode === 'dyadic' ? dyadic(2, 1 / 4) : () => rng.uniformIn(-2, 2) * scale);
  const nL = sizes[sizes.length - 1]!;
  let Y: Matrix;
  if (loss === 'mse') Y = fill(rng, B, nL, () => rng.uniformIn(-1, 1));
  else if (loss === 'bce') Y = fill(rng, B, nL, () => (rng.uniform() < 0.5 ? rng.int(0, 1) : rng.uniform()));
  else
    Y = Array.from({ length: B }, () => {
      const hot = rng.int(0, nL - 1);
      if (rng.uniform() < 0.5) return Array.from({ length: nL }, (_, j) => (j === hot ? 1 : 0));
      const v = Array.from({ length: nL }, () => rng.uniform());
      const s = v.reduce((p, q) => p + q, 0);
      return v.map((q) => q / s);
    });
  return { net: { layers }, X, Y, loss, mode };
}

export function describeDiffCase(c: DiffCase): string {
  const s = c.shape;
  return `sizes ${s.sizes.join('-')}, batch ${s.batch}, σ ${s.activations.join('/')}, loss ${s.loss}, values ${effectiveMode(c)}${effectiveMode(c) === 'large' ? ` (×1e${c.scaleExp})` : ''}, seed ${c.seed}`;
}

/** allowed(path) from nested bound arrays, widened by the reference's own rounding. */
function allowedFrom(bounds: unknown): (path: number[], expected: number) => number {
  return (path, expected) => {
    let b: unknown = bounds;
    for (const i of path) b = (b as unknown[])[i];
    // NaN: the analysis has no bound there (an operand's interval reaches a pole, e.g. bce's 1/(a(1−a)) at a = 1)
    const bound = Number.isNaN(b as number) ? Infinity : (b as number);
    return bound * (1 + REFERENCE_SLACK) + 2 ** -50 * Math.abs(expected);
  };
}

function compare(what: string, expected: unknown, got: unknown, bounds: unknown, c: DiffCase | undefined, note: string, perLayer = true): void {
  const m = firstMismatch(expected, got, allowedFrom(bounds));
  if (m) throw PropertyFailure.fromMismatch(what, m, { perLayer, note: `${note}${c ? `; case: ${describeDiffCase(c)}` : ''}` });
}

const rows = (ms: Mat[]) => ms.map(toRows);

export const differentialForward: Property<DiffCase> = {
  id: 'differential.forward',
  concept: 'forward pass z^l = W^l a^{l−1} + b^l, a^l = σ(z^l) in float32 within the derived rounding bound of the float64 reference (000 "feedforward"; Higham §3.1)',
  requires: ['forward'],
  appliesTo: ['float32'],
  defaultRuns: 30,
  arbitrary: () => diffCaseArb(),
  async check(subject, c) {
    const { net, X } = materialize(c);
    const ref = reference.matrix.forward(reference.matrix.toMatNet(net), fromRows(X));
    const got = await call(subject, 'forward', net, X);
    const fb = forwardBounds(net, X, ref.z, ref.a);
    compare('z (forward)', rows(ref.z), got.z, rows(fb.z), c, 'z^l per example and unit');
    compare('a (forward)', rows(ref.a), got.a, rows(fb.a), c, 'a^l = σ(z^l)');
  },
};

export const differentialBackward: Property<DiffCase> = {
  id: 'differential.backward',
  concept: 'backpropagation BP1–BP4 in float32 within the derived rounding bound of the float64 reference (000 "the four fundamental equations")',
  requires: ['backward'],
  appliesTo: ['float32'],
  defaultRuns: 30,
  arbitrary: () => diffCaseArb(),
  async check(subject, c) {
    const { net, X, Y, loss } = materialize(c);
    const M = reference.matrix;
    const mnet = M.toMatNet(net);
    const fwd = M.forward(mnet, fromRows(X));
    const ref = M.backward(mnet, fromRows(X), fromRows(Y), loss, fwd);
    // where float64 itself overflows (bce's 1/(a(1 − a)) at an output that rounds to exactly 1) there is no truth to compare with
    if (!ref.delta.every((D) => D.data.every(Number.isFinite))) return;
    const got = await call(subject, 'backward', net, X, Y, loss);
    const fb = forwardBounds(net, X, fwd.z, fwd.a);
    const bb = backwardBounds(net, X, Y, loss, fwd.z, fwd.a, ref.delta, fb);
    compare('delta (BP1 at the output, BP2 below)', rows(ref.delta), got.delta, rows(bb.delta), c, 'δ^l per example and unit');
    compare('gradB (BP3: mean_x δ^l_x)', ref.gradB.map((b) => Array.from(b)), got.gradB, bb.gradB.map((b) => Array.from(b)), c, 'per layer and unit');
    compare('gradW (BP4: mean_x δ^l_x (a^{l−1}_x)ᵀ)', rows(ref.gradW), got.gradW, rows(bb.gradW), c, 'per layer, row j, column k');
  },
};

/** z vectors for activate / activateGrad: plain, huge, tiny, kinks and logits near 80. */
export function zCaseArb(): fc.Arbitrary<{ name: ActivationName; z: number[]; alpha?: number; grad: boolean }> {
  const value = fc.oneof(
    fc.double({ min: -10, max: 10, noNaN: true }),
    fc.constantFrom(0, -0, 1e-30, -1e-30, 1e-40, 80, 79.5, -80, 88, 1e6, -1e6, 1e30, -1e30),
    fc.double({ min: 75, max: 85, noNaN: true }),
  );
  return fc
    .record({
      name: fc.constantFrom(...ACTIVATIONS),
      z: fc.array(value, { minLength: 1, maxLength: 70 }),
      alpha: fc.option(fc.integer({ min: 0, max: 256 }).map((k) => k / 128), { nil: undefined }),
      grad: fc.boolean(),
    })
    .map((r) => ({ ...r, grad: r.grad && r.name !== 'softmax', alpha: r.name in DEFAULT_ALPHA ? r.alpha : undefined }));
}

export const differentialActivation: Property<{ name: ActivationName; z: number[]; alpha?: number; grad: boolean }> = {
  id: 'differential.activation',
  concept: 'σ and σ′ of every activation in float32 (WGSL) within WGSL\'s stated accuracy of exp/log/division, kinks and overflow included (000 activation table)',
  requires: ['activate', 'activateGrad'],
  appliesTo: ['float32'],
  defaultRuns: 60,
  arbitrary: () => zCaseArb(),
  async check(subject, c) {
    const alpha = alphaOf(c.name, c.alpha);
    const expected = c.grad ? reference.activateGrad(c.name, c.z, c.alpha) : reference.activate(c.name, c.z, c.alpha);
    const got = c.grad ? await call(subject, 'activateGrad', c.name, c.z, c.alpha) : await call(subject, 'activate', c.name, c.z, c.alpha);
    const bounds = activationBounds(c.name, c.z, alpha, c.grad);
    compare(`${c.grad ? 'activateGrad' : 'activate'}(${c.name})`, expected, got, bounds, undefined, `α = ${alpha}`, false);
  },
};

export const differentialLoss: Property<DiffCase> = {
  id: 'differential.loss',
  concept: 'batch-mean loss (mse, bce, cce) in float32 within its derived rounding bound (002 "cost functions")',
  requires: ['loss'],
  appliesTo: ['float32'],
  defaultRuns: 30,
  arbitrary: () => diffCaseArb(),
  async check(subject, c) {
    const { net, X, Y, loss } = materialize(c);
    const A = toRows(reference.matrix.forward(reference.matrix.toMatNet(net), fromRows(X)).a.at(-1)!);
    // bce needs a in [0,1] and cce a > 0 wherever y > 0: skip outputs the loss cannot take (a typed error, not a number)
    if (loss !== 'mse' && A.some((r, x) => r.some((a, i) => a <= 0 || (loss === 'bce' && a >= 1) || (Y[x]![i]! > 0 && a === 0)))) return;
    const expected = reference.loss(loss, A, Y);
    const bound = lossBound(loss, A, Y);
    // An output float32 cannot tell from 0 (a < 2⁻¹⁴⁹) or from 1 makes log(a) or log(1 − a) infinite in
    // float32: the analysis says so (an infinite bound) and such a case is not compared.
    if (!Number.isFinite(bound)) return;
    const got = await call(subject, 'loss', loss, A, Y);
    compare(`loss(${loss})`, expected, got, bound, c, 'batch mean of E_x', false);
  },
};

interface StepCase {
  sizes: number[];
  opt: Optimizer;
  steps: number;
  seed: number;
}

function optimizerArb(): fc.Arbitrary<Optimizer> {
  const lr = fc.constantFrom(0.5, 0.1, 0.01, 1e-3);
  const eps = fc.constantFrom(1e-8, 1e-6, 1e-3);
  const decay = fc.constantFrom(0.5, 0.9, 0.99, 0.999);
  return fc.constantFrom(...OPTIMIZERS).chain((name): fc.Arbitrary<Optimizer> => {
    switch (name) {
      case 'sgd':
        return fc.record({ name: fc.constant('sgd' as const), lr });
      case 'momentum':
        return fc.record({ name: fc.constant('momentum' as const), lr, alpha: decay });
      case 'adagrad':
        return fc.record({ name: fc.constant('adagrad' as const), lr, eps });
      case 'rmsprop':
        return fc.record({ name: fc.constant('rmsprop' as const), lr, rho: decay, eps });
      case 'adam':
        return fc.record({ name: fc.constant('adam' as const), lr, beta1: decay, beta2: decay, eps });
    }
  });
}

export const differentialStep: Property<StepCase> = {
  id: 'differential.step',
  concept: 'optimizer steps (sgd, momentum, adagrad, rmsprop, adam) in float32 within the derived rounding bound, step by step from the reference\'s state (002 "tricks of the trade")',
  requires: ['step'],
  appliesTo: ['float32'],
  defaultRuns: 25,
  arbitrary: () =>
    fc.record({
      sizes: fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 2, maxLength: 4 }),
      opt: optimizerArb(),
      steps: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    }),
  async check(subject, c) {
    const rng = createRng(c.seed);
    const shapeLike = (draw: () => number): Params => ({
      W: c.sizes.slice(1).map((n, l) => fill(rng, n, c.sizes[l]!, draw)),
      b: c.sizes.slice(1).map((n) => Array.from({ length: n }, draw)),
    });
    let params = shapeLike(() => rng.uniformIn(-1, 1));
    let state: unknown = null;
    for (let t = 1; t <= c.steps; t++) {
      // gradients from tiny to large, with exact zeros
      const grads = shapeLike(() => (rng.uniform() < 0.1 ? 0 : rng.uniformIn(-1, 1) * 10 ** rng.int(-6, 1)));
      const ref = reference.step(c.opt, params, grads, state);
      const got = await call(subject, 'step', c.opt, params, grads, state);
      const slotNames = Object.keys((ref.state as { slots: Record<string, Params> }).slots);
      // the one step error model (tolerance/step.ts) in the kernels' arithmetic, one step from the reference's params and state
      const fed = state as { t: number; slots: Record<string, Params> } | null;
      const bound = stepErrorBounds(c.opt, params, [grads], WGSL_STEP_ARITHMETIC, { state: fed })[0]!;
      const [bW, bb] = [bound.params.W, bound.params.b];
      const sW: Record<string, number[][][]> = {};
      const sb: Record<string, number[][]> = {};
      for (const k of slotNames) [sW[k], sb[k]] = [bound.slots[k]!.W, bound.slots[k]!.b];
      const note = `${JSON.stringify(c.opt)}, step ${t} of ${c.steps}, sizes ${c.sizes.join('-')}`;
      compare('params.W after step', ref.params.W, got.params.W, bW, undefined, note);
      compare('params.b after step', ref.params.b, got.params.b, bb, undefined, note);
      const gs = got.state as { name?: string; t?: number; slots?: Record<string, Params> };
      if (gs?.name !== c.opt.name || gs.t !== t || !gs.slots) {
        throw new PropertyFailure({ what: 'optimizer state', expected: `{ name: ${c.opt.name}, t: ${t}, slots }`, got: JSON.stringify(gs).slice(0, 80), note });
      }
      for (const k of slotNames) {
        const rs = (ref.state as { slots: Record<string, Params> }).slots[k]!;
        compare(`state.slots.${k}.W`, rs.W, gs.slots[k]?.W, sW[k], undefined, note);
        compare(`state.slots.${k}.b`, rs.b, gs.slots[k]?.b, sb[k], undefined, note);
      }
      // the next step starts from the reference's exact params and state, so each step is checked on its own
      params = ref.params;
      state = ref.state;
    }
  },
};

/** Every differential property (float32 subjects only). */
export const differentialProperties: readonly Property[] = [differentialActivation, differentialForward, differentialBackward, differentialLoss, differentialStep];

void ELEMENTWISE_ACTIVATIONS;
