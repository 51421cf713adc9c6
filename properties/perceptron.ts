/**
 * Threshold units and the perceptron (notes 000 "The NAND-perceptron", 001 "Threshold Logic Unit",
 * "Perceptron"), checked on any subject's `forward` (step units) and `perceptronStep`.
 */
import * as fc from 'fast-check';
import type { Matrix, Net, Subject } from '../contract/types.js';
import { GATES, GATE_TRUTH, allInputs, novikoffBound as refNovikoff, perceptronLearn as refLearn, thresholdUnit as refThresholdUnit, type GateName } from '../reference/constructions/logic.js';
import { perceptronPredict, perceptronStep } from '../reference/perceptron.js';
import { FIRST_ORDER_SAFETY, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

export interface GateCase {
  gate: GateName;
  /** A positive power of two the weights and bias are scaled by (a threshold unit is scale invariant). */
  scale: number;
}

export const notesGates: Property<GateCase> = {
  id: 'perceptron.gates',
  concept: 'threshold logic units compute or (a+b−0.5), and (a+b−1.5), not (−a+0.5), nand (−2a−2b+3) on their whole truth tables (001 "Threshold Logic Unit", 000 "NAND-perceptron")',
  requires: ['forward'],
  defaultRuns: 20,
  arbitrary: () => fc.record({ gate: fc.constantFrom(...(Object.keys(GATES) as GateName[])), scale: fc.integer({ min: -3, max: 6 }).map((e) => 2 ** e) }),
  async check(subject, { gate, scale }) {
    const u = GATES[gate];
    const net: Net = { layers: [{ W: [u.w.map((w) => w * scale)], b: [u.b * scale], activation: 'step' }] };
    const X = allInputs(u.w.length);
    const got = await call(subject, 'forward', net, X);
    X.forEach((x, i) => {
      const want = GATE_TRUTH[gate](x);
      const have = got?.a?.[0]?.[i]?.[0];
      if (have !== want) throw new PropertyFailure({ what: `${gate}(${x.join(', ')}) by the unit w = [${net.layers[0]!.W[0]!.join(', ')}], b = ${net.layers[0]!.b[0]}`, expected: want, got: have ?? 'nothing', index: [i] });
    });
  },
};

/** Runs the perceptron learning algorithm with the subject's perceptronStep. A mistake is an update. */
export async function subjectPerceptronLearn(subject: Subject, X: Matrix, y: readonly (0 | 1)[], maxEpochs: number, lr = 1, w0?: number[], b0 = 0) {
  let w = w0 ?? X[0]!.map(() => 0);
  let b = b0;
  let mistakes = 0;
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    let updates = 0;
    for (let i = 0; i < X.length; i++) {
      const r = await call(subject, 'perceptronStep', w, b, X[i]!, y[i]!, lr);
      if (r.b !== b || r.w.some((v, k) => v !== w[k])) updates++;
      w = r.w;
      b = r.b;
    }
    mistakes += updates;
    if (updates === 0) return { w, b, mistakes, epochs: epoch, converged: true };
  }
  return { w, b, mistakes, epochs: maxEpochs, converged: false };
}

export interface SeparableCase {
  wStar: number[];
  bStar: number;
  X: number[][];
  lr: number;
}

const coord = fc.integer({ min: -16, max: 16 }).map((k) => k / 4);

/** Linearly separable data: points labelled by a random hyperplane, keeping those at margin ≥ ¼. */
export const separableArb: fc.Arbitrary<SeparableCase> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc
    .record({
      wStar: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n, maxLength: n }),
      bStar: fc.integer({ min: -4, max: 4 }).map((k) => k / 2),
      X: fc.array(fc.array(coord, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 12 }),
      lr: fc.constantFrom(1, 0.5, 0.1),
    })
    .filter((c) => c.wStar.some((w) => w !== 0))
    .map((c) => {
      const norm = Math.hypot(...c.wStar, c.bStar);
      return { ...c, X: c.X.filter((x) => Math.abs(x.reduce((s, v, k) => s + v * c.wStar[k]!, c.bStar)) / norm >= 0.25) };
    })
    .filter((c) => c.X.length > 0),
);

/**
 * (R/γ)² as computed in float64 carries the rounding of its two norms, the margins' dot products, a
 * division and a square (≤ 4n + 16 operations on n inputs): a count of mistakes at the bound itself can
 * exceed the computed value by that much (R = γ gives 0.9999999999999998 for a bound of 1).
 */
export const novikoffSlack = (n: number) => 1 + FIRST_ORDER_SAFETY * gamma(4 * n + 16, UNIT_ROUNDOFF.float64);

const label = (c: SeparableCase, x: readonly number[]): 0 | 1 => (x.reduce((s, v, k) => s + v * c.wStar[k]!, c.bStar) >= 0 ? 1 : 0);

export const perceptronNovikoff: Property<SeparableCase> = {
  id: 'perceptron.novikoff',
  concept: 'on linearly separable data the perceptron learning rule converges after at most (R/γ)² mistakes from w = 0, to weights that classify every example (Novikoff 1962; 000/001 "Perceptron")',
  requires: ['perceptronStep'],
  defaultRuns: 40,
  arbitrary: () => separableArb,
  async check(subject, c) {
    const y = c.X.map((x) => label(c, x));
    const { R, gamma, bound } = refNovikoff(c.X, y, c.wStar, c.bStar);
    const run = await subjectPerceptronLearn(subject, c.X, y, Math.ceil(bound) + 2, c.lr);
    const wrong = c.X.filter((x, i) => (x.reduce((s, v, k) => s + v * run.w[k]!, run.b) >= 0 ? 1 : 0) !== y[i]).length;
    if (!run.converged || run.mistakes > bound * novikoffSlack(c.wStar.length) || wrong > 0) {
      throw new PropertyFailure({
        what: 'perceptron mistakes on separable data',
        expected: `converged with ≤ (R/γ)² = ${bound.toFixed(2)} mistakes (R = ${R.toFixed(3)}, γ = ${gamma.toFixed(3)})`,
        got: `${run.mistakes} mistakes in ${run.epochs} epochs, ${run.converged ? 'converged' : 'not converged'}, ${wrong} examples misclassified by the final w, b`,
        note: `lr = ${c.lr}; separator w* = [${c.wStar.join(', ')}], b* = ${c.bStar}`,
      });
    }
  },
};

export interface XorStart {
  w0: number[];
  b0: number;
  lr: number;
}

export const perceptronXorNeverConverges: Property<XorStart> = {
  id: 'perceptron.xor-never-converges',
  concept: 'on XOR the perceptron rule never converges: every epoch updates the weights, from any start (XOR is not linearly separable; 000)',
  requires: ['perceptronStep'],
  defaultRuns: 20,
  arbitrary: () => fc.record({ w0: fc.tuple(coord, coord).map((t) => [...t]), b0: coord, lr: fc.constantFrom(1, 0.5, 0.25) }),
  async check(subject, c) {
    const X = allInputs(2);
    const y: (0 | 1)[] = [0, 1, 1, 0];
    const epochs = 25;
    const run = await subjectPerceptronLearn(subject, X, y, epochs, c.lr, c.w0, c.b0);
    if (run.converged) {
      throw new PropertyFailure({ what: 'perceptron on XOR', expected: `an update in every one of ${epochs} epochs`, got: `an epoch without update after ${run.epochs} epochs (w = [${run.w.join(', ')}], b = ${run.b})` });
    }
  },
};

export interface LearnCase extends SeparableCase {
  maxEpochs: number;
  start: boolean;
  w0: number[];
  b0: number;
}

/**
 * perceptron.learning-algorithm: the reference's perceptronLearn (reference/constructions/logic.ts) is
 * the algorithm of the notes — sweep the examples in order applying the rule, until an epoch makes no
 * mistake or maxEpochs: its w, b, mistakes (per epoch and in total), epochs and converged flag equal
 * that loop written here with perceptronStep; from w = 0 on separable data it converges within
 * Novikoff's (R/γ)², R and γ computed here; on XOR it never converges. novikoffBound's R, γ and
 * thresholdUnit's output are checked against their definitions.
 */
export function makePerceptronLearnProperty(learn: typeof refLearn = refLearn, novikoffBound: typeof refNovikoff = refNovikoff, thresholdUnit: typeof refThresholdUnit = refThresholdUnit): Property<LearnCase> {
  return {
    id: 'perceptron.learning-algorithm',
    concept:
      'the perceptron learning algorithm sweeps the examples in order, updating on each mistake, until an epoch makes none (000, 001 "Perceptron"): converged within Novikoff\'s (R/γ)², R = max‖(x, 1)‖, γ = min margin, from w = 0 on separable data; never on XOR',
    requires: [],
    defaultRuns: 40,
    arbitrary: () =>
      separableArb.chain((c) =>
        fc.record({ ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, fc.constant(v)])), maxEpochs: fc.integer({ min: 1, max: 30 }), start: fc.boolean(), w0: fc.array(coord, { minLength: c.wStar.length, maxLength: c.wStar.length }), b0: coord }) as fc.Arbitrary<LearnCase>,
      ),
    check(_s, c) {
      const y = c.X.map((x) => label(c, x));
      const fail = (what: string, expected: unknown, got: unknown): never => {
        throw new PropertyFailure({ what, expected: JSON.stringify(expected)?.slice(0, 300), got: JSON.stringify(got)?.slice(0, 300), note: `lr = ${c.lr}; separator w* = [${c.wStar.join(', ')}], b* = ${c.bStar}` });
      };
      // the loop, written out
      const loop = (X: number[][], ys: (0 | 1)[], maxEpochs: number, lr: number, w0?: number[], b0?: number) => {
        let w = w0 ?? X[0]!.map(() => 0);
        let b = b0 ?? 0;
        const per: number[] = [];
        for (let epoch = 0; epoch < maxEpochs; epoch++) {
          let m = 0;
          X.forEach((x, i) => {
            if (perceptronPredict(w, b, x) !== ys[i]) m++;
            ({ w, b } = perceptronStep(w, b, x, ys[i]!, lr));
          });
          per.push(m);
          if (m === 0) break;
        }
        return { w, b, mistakes: per.reduce((s, m) => s + m, 0), epochs: per.length, converged: per[per.length - 1] === 0, mistakesPerEpoch: per };
      };
      const opts = { lr: c.lr, maxEpochs: c.maxEpochs, ...(c.start ? { w0: c.w0, b0: c.b0 } : {}) };
      const got = learn(c.X, y, opts);
      const want = loop(c.X, y, c.maxEpochs, c.lr, c.start ? c.w0 : undefined, c.start ? c.b0 : undefined);
      if (JSON.stringify(got) !== JSON.stringify(want)) fail(`perceptronLearn(X, y, ${JSON.stringify(opts)})`, want, got);
      // the defaults: lr 1, 1000 epochs, w = 0, b = 0 — and Novikoff
      const dflt = learn(c.X, y);
      if (JSON.stringify(dflt) !== JSON.stringify(loop(c.X, y, 1000, 1))) fail('perceptronLearn(X, y) with its defaults (η = 1, 1000 epochs, from 0)', loop(c.X, y, 1000, 1), dflt);
      const norm = Math.hypot(...c.wStar, c.bStar);
      const R = Math.max(...c.X.map((x) => Math.hypot(...x, 1)));
      const g = Math.min(...c.X.map((x, i) => ((y[i] === 1 ? 1 : -1) * x.reduce((s, v, k) => s + v * c.wStar[k]!, c.bStar)) / norm));
      const nb = novikoffBound(c.X, y, c.wStar, c.bStar);
      // equal, or both finite and within 8 ulps (Infinity is close to nothing but itself)
      const close = (a: number, b: number) => a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 8 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b), 1));
      if (!close(nb.R, R) || !close(nb.gamma, g) || !close(nb.bound, (R / g) ** 2)) fail('novikoffBound R, γ, (R/γ)²', [R, g, (R / g) ** 2], [nb.R, nb.gamma, nb.bound]);
      if (!dflt.converged || dflt.mistakes > nb.bound * novikoffSlack(c.wStar.length)) fail('perceptronLearn from 0 on separable data', `converged with ≤ (R/γ)² = ${nb.bound} mistakes`, dflt);
      const flipped = y.map((v) => (1 - v) as 0 | 1);
      if (novikoffBound(c.X, flipped, c.wStar, c.bStar).bound !== Infinity) fail('novikoffBound of a separator that does not separate', Infinity, novikoffBound(c.X, flipped, c.wStar, c.bStar).bound);
      // thresholdUnit is step(w·x + b), step(0) = 1
      c.X.forEach((x) => {
        const z = x.reduce((s, v, k) => s + v * c.wStar[k]!, c.bStar);
        if (thresholdUnit({ w: c.wStar, b: c.bStar }, x) !== (z >= 0 ? 1 : 0)) fail(`thresholdUnit at x = [${x.join(', ')}]`, z >= 0 ? 1 : 0, thresholdUnit({ w: c.wStar, b: c.bStar }, x));
      });
      if (thresholdUnit({ w: [1], b: -1 }, [1]) !== 1) fail('thresholdUnit at w·x + b = 0', 1, thresholdUnit({ w: [1], b: -1 }, [1]));
      // XOR: never converges
      const xor = learn(allInputs(2), [0, 1, 1, 0], { maxEpochs: c.maxEpochs, lr: c.lr });
      if (xor.converged || xor.epochs !== c.maxEpochs || xor.mistakesPerEpoch.some((m) => m === 0)) fail(`perceptronLearn on XOR for ${c.maxEpochs} epochs`, 'a mistake in every epoch, not converged', xor);
    },
  };
}

export const perceptronProperties: Property[] = [notesGates, perceptronNovikoff, perceptronXorNeverConverges, makePerceptronLearnProperty()];
