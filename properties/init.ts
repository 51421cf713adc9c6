/**
 * Initialisation properties (notes 002 "Tricks of the trade: initialization", 004 "Initialization").
 *
 * The sample-statistics properties check the reference's initialiser (an injectable function, so a
 * test can plant a bug) with honest bounds: for N independent weights with mean 0, variance v and
 * fourth moment μ₄, the sample mean has standard deviation √(v/N) and the sample second moment
 * (1/N) Σ w² has standard deviation √((μ₄ − v²)/N). We allow Z = 6 standard deviations: a correct
 * initialiser fails one check with probability < 2·10⁻⁹ (Chebyshev would give 1/36 without the
 * normal approximation; N ≥ 400 makes the CLT reading reasonable).
 *
 * The symmetry property runs on any subject: a zero-initialised net trained by the subject's
 * backward and step keeps identical hidden units (the reason the notes say "do not initialize weights
 * to zero").
 */
import * as fc from 'fast-check';
import type { ActivationName } from '../contract/names.js';
import type { Net, OptimizerState, Params } from '../contract/types.js';
import { FIRST_ORDER_SAFETY, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import { glorotNormalVariance as refNormalVariance, glorotUniformLimit as refUniformLimit, initNet as refInitNet, type InitScheme } from '../reference/learning/init.js';
import { wrapUnderTest } from '../engine/call.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

/** The notes' Glorot scales, written here (the reference's glorotUniformLimit and glorotNormalVariance are checked against them). */
const glorotUniformLimit = (nIn: number, nOut: number) => Math.sqrt(6 / (nIn + nOut));
const glorotNormalVariance = (nIn: number, nOut: number) => 2 / (nIn + nOut);

/** Standard deviations allowed for a sample statistic (see the module comment). */
export const SAMPLE_Z = 6;
/** Weights drawn per check (at least): enough for the normal approximation of the sample moments. */
const MIN_SAMPLES = 400;

export interface InitCase {
  nIn: number;
  nOut: number;
  seed: number;
}

const initCaseArb = fc.record({ nIn: fc.integer({ min: 1, max: 40 }), nOut: fc.integer({ min: 1, max: 40 }), seed: fc.integer() });

/** All weights of W¹ from enough independent nets of sizes [nIn, nOut] (seeds seed, seed+1, …). */
function sampleWeights(init: typeof refInitNet, c: InitCase, scheme: 'glorot-uniform' | 'glorot-normal'): number[] {
  const out: number[] = [];
  for (let k = 0; out.length < MIN_SAMPLES; k++) out.push(...init([c.nIn, c.nOut], 'tanh', { scheme, seed: (c.seed + k) | 0 }).layers[0]!.W.flat());
  return out;
}

function checkMoments(ws: number[], variance: number, fourth: number, what: string): void {
  const N = ws.length;
  const mean = ws.reduce((s, w) => s + w, 0) / N;
  const m2 = ws.reduce((s, w) => s + w * w, 0) / N;
  const sdMean = Math.sqrt(variance / N);
  const sdM2 = Math.sqrt((fourth - variance * variance) / N);
  if (!(Math.abs(mean) <= SAMPLE_Z * sdMean)) throw new PropertyFailure({ what: `${what}: sample mean of ${N} weights`, expected: 0, got: mean, allowed: SAMPLE_Z * sdMean, note: `${SAMPLE_Z} standard deviations √(v/N)` });
  if (!(Math.abs(m2 - variance) <= SAMPLE_Z * sdM2)) throw new PropertyFailure({ what: `${what}: sample variance of ${N} weights`, expected: variance, got: m2, allowed: SAMPLE_Z * sdM2, note: `${SAMPLE_Z} standard deviations √((μ₄ − v²)/N)` });
}

export function makeGlorotUniformProperty(init: typeof refInitNet = refInitNet): Property<InitCase> {
  return {
    id: 'init.glorot-uniform',
    concept: 'Glorot uniform W_ij ~ U(±√6/√(n+m)): every weight inside the limits, sample mean 0 and variance 2/(n+m) within 6 standard deviations (002 "Tricks of the trade: initialization")',
    requires: [],
    defaultRuns: 15,
    arbitrary: () => initCaseArb,
    check(_s, c) {
      const a = glorotUniformLimit(c.nIn, c.nOut);
      const ws = sampleWeights(init, c, 'glorot-uniform');
      const out = ws.find((w) => !(Math.abs(w) <= a));
      if (out !== undefined) throw new PropertyFailure({ what: `a Glorot-uniform weight for n = ${c.nIn}, m = ${c.nOut}`, expected: `in [−${a}, ${a}]`, got: out });
      // U(−a, a): variance a²/3, fourth moment a⁴/5
      checkMoments(ws, (a * a) / 3, a ** 4 / 5, `Glorot uniform n = ${c.nIn}, m = ${c.nOut}`);
      // the limits are reached: the largest |w| of N uniform draws is below a(1 − t) with probability (1 − t)^N
      const t = SAMPLE_Z * 3 / ws.length; // (1 − t)^N ≤ e^{−18}
      const max = Math.max(...ws.map(Math.abs));
      if (max < a * (1 - t)) throw new PropertyFailure({ what: `largest |weight| of ${ws.length} Glorot-uniform draws`, expected: `≥ ${a * (1 - t)} (the limit ${a})`, got: max });
    },
  };
}

export function makeGlorotNormalProperty(init: typeof refInitNet = refInitNet): Property<InitCase> {
  return {
    id: 'init.glorot-normal',
    concept: 'Glorot normal W_ij ~ N(0, 2/(n_in + n_out)): sample mean 0 and variance 2/(n_in + n_out) within 6 standard deviations (004 "Initialization")',
    requires: [],
    defaultRuns: 15,
    arbitrary: () => initCaseArb,
    check(_s, c) {
      const v = glorotNormalVariance(c.nIn, c.nOut);
      // N(0, v): fourth moment 3v²
      checkMoments(sampleWeights(init, c, 'glorot-normal'), v, 3 * v * v, `Glorot normal n_in = ${c.nIn}, n_out = ${c.nOut}`);
    },
  };
}

export interface SparseCase extends InitCase {
  nonZero: number;
}

/** Probability that init.sparse's scale checks fail for a correct initialiser (each side, each check). */
export const SPARSE_FALSE_FAILURE = 1e-9;
/** Non-zero weights collected per check: the chi-square bound below is then within ±16% of 1/k. */
const SPARSE_SAMPLES = 4000;

/**
 * The scale of sparse initialisation: the non-zero weights are N(0, 1/k), so with N of them
 * Q = k Σ w² is χ²_N and Laurent & Massart (2000, Lemma 1) give, for x > 0,
 *   P(Q − N ≥ 2√(N x) + 2x) ≤ e^{−x},   P(N − Q ≥ 2√(N x)) ≤ e^{−x};
 * with x = ln(2/p) the second moment (1/N) Σ w² lies in [(1 − 2√(x/N))/k, (1 + 2√(x/N) + 2x/N)/k]
 * except with probability p. The mean (1/N) Σ w ~ N(0, 1/(kN)) lies within √(2 ln(2/p)/(kN)) of 0
 * except with probability p (Gaussian tail P(|Z| ≥ z) ≤ 2e^{−z²/2}).
 */
export function sparseScaleBounds(k: number, N: number, p = SPARSE_FALSE_FAILURE): { lo: number; hi: number; mean: number } {
  const x = Math.log(2 / p);
  return { lo: (1 - 2 * Math.sqrt(x / N)) / k, hi: (1 + 2 * Math.sqrt(x / N) + (2 * x) / N) / k, mean: Math.sqrt((2 * x) / (k * N)) };
}

export function makeSparseProperty(init: typeof refInitNet = refInitNet): Property<SparseCase> {
  return {
    id: 'init.sparse',
    concept:
      'sparse initialisation: every unit has exactly min(k, n_in) non-zero incoming weights, drawn N(0, 1/k): their sample second moment is 1/k within a chi-square bound (Laurent–Massart) at false-failure probability 10⁻⁹ (002 "Sparse initialization")',
    requires: [],
    defaultRuns: 20,
    arbitrary: () => fc.record({ nIn: fc.integer({ min: 1, max: 40 }), nOut: fc.integer({ min: 1, max: 10 }), seed: fc.integer(), nonZero: fc.integer({ min: 1, max: 20 }) }),
    check(_s, c) {
      const net = init([c.nIn, c.nOut, 2], 'relu', { scheme: 'sparse', seed: c.seed, nonZero: c.nonZero });
      net.layers.forEach((layer, l) =>
        layer.W.forEach((row, j) => {
          const k = row.filter((w) => w !== 0).length;
          const want = Math.min(c.nonZero, row.length);
          if (k !== want) throw new PropertyFailure({ what: `non-zero weights into unit ${j + 1}`, layer: l + 1, expected: want, got: k });
        }),
      );
      // the scale: non-zero weights of W¹ from nets of seeds seed, seed + 1, … until N are collected
      const k = Math.min(c.nonZero, c.nIn);
      const ws: number[] = [];
      for (let i = 0; ws.length < SPARSE_SAMPLES; i++) ws.push(...init([c.nIn, c.nOut], 'relu', { scheme: 'sparse', seed: (c.seed + i) | 0, nonZero: c.nonZero }).layers[0]!.W.flat().filter((w) => w !== 0));
      const N = ws.length;
      const b = sparseScaleBounds(k, N);
      const m2 = ws.reduce((s2, w) => s2 + w * w, 0) / N;
      const mean = ws.reduce((s2, w) => s2 + w, 0) / N;
      if (!(m2 >= b.lo && m2 <= b.hi)) throw new PropertyFailure({ what: `second moment of ${N} non-zero sparse weights (k = ${k}, n_in = ${c.nIn})`, expected: `1/k = ${1 / k}, in [${b.lo}, ${b.hi}]`, got: m2, note: `chi-square bound at false-failure probability ${SPARSE_FALSE_FAILURE} per side` });
      if (!(Math.abs(mean) <= b.mean)) throw new PropertyFailure({ what: `mean of ${N} non-zero sparse weights (k = ${k})`, expected: 0, got: mean, allowed: b.mean });
    },
  };
}

export interface StructureCase {
  sizes: number[];
  activations: ActivationName[];
  scheme: InitScheme;
  seed: number;
  bias?: number;
  alpha?: number;
  nonZero: number;
}

const structureArb: fc.Arbitrary<StructureCase> = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 5 }),
    scheme: fc.constantFrom<InitScheme>('glorot-uniform', 'glorot-normal', 'sparse', 'zeros'),
    seed: fc.integer(),
    bias: fc.option(fc.constantFrom(0.01, 0.1, -0.5, 2), { nil: undefined }),
    alpha: fc.option(fc.constantFrom(0.05, 0.3, 1.5), { nil: undefined }),
    nonZero: fc.integer({ min: 1, max: 6 }),
  })
  .chain((c) => fc.record({ ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, fc.constant(v)])), activations: fc.array(fc.constantFrom<ActivationName>('relu', 'leaky_relu', 'elu', 'tanh', 'sigmoid', 'identity'), { minLength: c.sizes.length - 1, maxLength: c.sizes.length - 1 }) }) as fc.Arbitrary<StructureCase>);

/**
 * init.net-structure: initNet(sizes, activations, opts) is the network the options describe, layer by
 * layer: W^l is n_l × n_{l−1}, every bias is the given constant (0 by default), the activations are the
 * given ones (one name: every layer), α is set on exactly the leaky_relu and elu layers when given (absent
 * otherwise: the contract's default), Glorot-uniform weights lie within √6/√(n_{l−1} + n_l) of layer l,
 * zeros are zeros, sparse rows have min(k, n_{l−1}) non-zeros; the same seed gives the same net and
 * another seed another one.
 */
export function makeStructureProperty(init: typeof refInitNet = refInitNet): Property<StructureCase> {
  return {
    id: 'init.net-structure',
    concept:
      'initNet builds the net its options describe: W^l is n_l × n_{l−1}, biases the given constant (default 0), the given activations, α on exactly the leaky_relu/elu layers, each layer within its own Glorot limit; the same seed gives the same net (002, 004 "Initialization")',
    requires: [],
    defaultRuns: 40,
    arbitrary: () => structureArb,
    check(_s, c) {
      const opts = { scheme: c.scheme, seed: c.seed, nonZero: c.nonZero, ...(c.bias !== undefined ? { bias: c.bias } : {}), ...(c.alpha !== undefined ? { alpha: c.alpha } : {}) };
      const net = init(c.sizes, c.activations, opts);
      const L = c.sizes.length - 1;
      const fail = (what: string, expected: unknown, got: unknown, layer?: number): never => {
        throw new PropertyFailure({ what, layer, expected: typeof expected === 'number' ? expected : JSON.stringify(expected), got: typeof got === 'number' ? got : JSON.stringify(got), note: `initNet(${JSON.stringify(c.sizes)}, ${JSON.stringify(c.activations)}, ${JSON.stringify(opts)})` });
      };
      if (net.layers.length !== L) fail('number of layers', L, net.layers.length);
      // the exported scales are the notes' √6/√(n + m) and 2/(n_in + n_out)
      const [n0, n1] = [c.sizes[0]!, c.sizes[1]!];
      if (Math.abs(refUniformLimit(n0, n1) - glorotUniformLimit(n0, n1)) > 2 * Number.EPSILON * glorotUniformLimit(n0, n1)) fail(`glorotUniformLimit(${n0}, ${n1})`, glorotUniformLimit(n0, n1), refUniformLimit(n0, n1));
      if (Math.abs(refNormalVariance(n0, n1) - glorotNormalVariance(n0, n1)) > Number.EPSILON * glorotNormalVariance(n0, n1)) fail(`glorotNormalVariance(${n0}, ${n1})`, glorotNormalVariance(n0, n1), refNormalVariance(n0, n1));
      net.layers.forEach((layer, i) => {
        const l = i + 1;
        const [nIn, nOut] = [c.sizes[i]!, c.sizes[l]!];
        if (layer.W.length !== nOut || layer.W.some((r) => r.length !== nIn)) fail('shape of W', `${nOut} × ${nIn}`, `${layer.W.length} × ${layer.W.map((r) => r.length).join('/')}`, l);
        const bias = c.bias ?? 0;
        if (layer.b.length !== nOut || layer.b.some((b) => !Object.is(b, bias))) fail('biases', Array(nOut).fill(bias), layer.b, l);
        if (layer.activation !== c.activations[i]) fail('activation', c.activations[i], layer.activation, l);
        const wantsAlpha = c.alpha !== undefined && (layer.activation === 'leaky_relu' || layer.activation === 'elu');
        if (wantsAlpha ? layer.alpha !== c.alpha : 'alpha' in layer) fail('alpha', wantsAlpha ? c.alpha : 'absent (the contract default)', layer.alpha, l);
        const ws = layer.W.flat();
        if (c.scheme === 'zeros' && ws.some((w) => w !== 0)) fail('weights of the zeros scheme', 0, ws.find((w) => w !== 0), l);
        if (c.scheme === 'glorot-uniform') {
          const a = glorotUniformLimit(nIn, nOut);
          const out = ws.find((w) => !(Math.abs(w) <= a));
          if (out !== undefined) fail(`a Glorot-uniform weight (limit √6/√(${nIn} + ${nOut}))`, `in [−${a}, ${a}]`, out, l);
        }
        if (c.scheme === 'sparse') {
          const k = Math.min(c.nonZero, nIn);
          layer.W.forEach((r, j) => {
            const nz = r.filter((w) => w !== 0).length;
            if (nz !== k) fail(`non-zero weights into unit ${j + 1}`, k, nz, l);
          });
        }
      });
      // the default k of sparse initialisation is 15 (Martens 2010), capped at n_in
      if (c.scheme === 'sparse') {
        const wide = [17 + c.sizes[0]!, ...c.sizes.slice(1)];
        const dflt = init(wide, c.activations, { scheme: 'sparse', seed: c.seed });
        dflt.layers.forEach((layer, i) => layer.W.forEach((r, j) => {
          const nz = r.filter((w) => w !== 0).length;
          if (nz !== Math.min(15, wide[i]!)) fail(`non-zero weights into unit ${j + 1} with the default k = 15`, Math.min(15, wide[i]!), nz, i + 1);
        }));
      }
      // one name for every layer
      const same = init(c.sizes, c.activations[0]!, opts);
      if (same.layers.some((layer) => layer.activation !== c.activations[0])) fail(`activations from the one name ${c.activations[0]}`, Array(L).fill(c.activations[0]), same.layers.map((x) => x.activation));
      // reproducible from the seed, and the seed matters
      if (JSON.stringify(init(c.sizes, c.activations, opts)) !== JSON.stringify(net)) fail('the net from the same seed', 'the same net', 'another net');
      if (c.scheme !== 'zeros' && net.layers.some((x) => x.W.flat().length >= 4)) {
        const other = init(c.sizes, c.activations, { ...opts, seed: (c.seed + 1) | 0 });
        if (JSON.stringify(other) === JSON.stringify(net)) fail(`the net from seed ${c.seed + 1}`, 'another net', 'the same net as seed ' + c.seed);
      }
      // the default scheme is glorot-uniform, the default seed 0
      if (JSON.stringify(init(c.sizes, c.activations, { seed: c.seed })) !== JSON.stringify(init(c.sizes, c.activations, { seed: c.seed, scheme: 'glorot-uniform' }))) fail('the default scheme', 'glorot-uniform', 'another scheme');
      if (JSON.stringify(init(c.sizes, c.activations)) !== JSON.stringify(init(c.sizes, c.activations, { seed: 0 }))) fail('the default seed', 0, 'another seed');
    },
  };
}

export interface SymmetryCase {
  sizes: number[];
  activation: ActivationName;
  X: number[][];
  Y: number[][];
  steps: number;
}

const g = fc.integer({ min: -8, max: 8 }).map((k) => k / 4);

export const symmetryArb: fc.Arbitrary<SymmetryCase> = fc
  .record({
    n0: fc.integer({ min: 1, max: 3 }),
    hidden: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 2 }),
    nL: fc.integer({ min: 1, max: 2 }),
    B: fc.integer({ min: 1, max: 4 }),
    activation: fc.constantFrom<ActivationName>('sigmoid', 'tanh', 'softplus'),
    steps: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ n0, hidden, nL, B, activation, steps }) =>
    fc.record({
      sizes: fc.constant([n0, ...hidden, nL]),
      activation: fc.constant(activation),
      X: fc.array(fc.array(g, { minLength: n0, maxLength: n0 }), { minLength: B, maxLength: B }),
      Y: fc.array(fc.array(g, { minLength: nL, maxLength: nL }), { minLength: B, maxLength: B }),
      steps: fc.constant(steps),
    }),
  );

export function makeZeroSymmetryProperty(initImpl: typeof refInitNet = refInitNet): Property<SymmetryCase> {
  const init = wrapUnderTest('initNet', initImpl);
  return {
    id: 'init.zeros-symmetry',
    concept: 'with all weights initialised to 0 every hidden unit of a layer computes the same function and gets the same gradient, so the units stay identical under training (002 "randomly initialize weights for breaking symmetries")',
    requires: ['backward', 'step'],
    // ~200 backward + step calls: over a minute on the WebGPU path (lavapipe), whose step and
    // backward are checked call by call elsewhere
    appliesTo: ['float64', 'decimal'],
    defaultRuns: 20,
    arbitrary: () => symmetryArb,
    async check(subject, c) {
      const L = c.sizes.length - 1;
      let net: Net = init(c.sizes, [...Array(L - 1).fill(c.activation), 'identity'], { scheme: 'zeros', bias: 0.1 });
      let params: Params = { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
      let state: OptimizerState = null;
      const u = UNIT_ROUNDOFF[subject.precision];
      for (let t = 0; t < c.steps; t++) {
        const gr = await call(subject, 'backward', net, c.X, c.Y, 'mse');
        ({ params, state } = await call(subject, 'step', { name: 'sgd', lr: 0.5 }, params, { W: gr.gradW, b: gr.gradB }, state));
        net = { layers: net.layers.map((l, i) => ({ ...l, W: params.W[i]!, b: params.b[i]! })) };
      }
      // hidden layers l = 1..L−1: rows of W^l and entries of b^l identical; columns of W^{l+1} identical
      const scale = Math.max(1, ...params.W.flat(2).map(Math.abs), ...params.b.flat().map(Math.abs));
      const allowed = FIRST_ORDER_SAFETY * c.steps * gamma(4 * (Math.max(...c.sizes) + c.X.length + 4), u) * scale;
      for (let l = 0; l < L - 1; l++) {
        const W = params.W[l]!;
        const b = params.b[l]!;
        const next = params.W[l + 1]!;
        for (let j = 1; j < W.length; j++) {
          const diffs = [...W[j]!.map((w, k) => w - W[0]![k]!), b[j]! - b[0]!, ...next.map((row) => row[j]! - row[0]!)];
          const worst = Math.max(...diffs.map(Math.abs));
          if (!(worst <= allowed)) {
            throw new PropertyFailure({ what: `hidden unit ${j + 1} vs unit 1 after ${c.steps} sgd steps from zero weights`, layer: l + 1, expected: 'identical incoming weights, bias and outgoing weights', got: `a difference of ${worst}`, allowed });
          }
        }
      }
    },
  };
}

export const initProperties: Property[] = [makeGlorotUniformProperty(), makeGlorotNormalProperty(), makeSparseProperty(), makeStructureProperty(), makeZeroSymmetryProperty()];
