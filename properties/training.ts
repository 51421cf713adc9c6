/**
 * Training properties.
 *
 * `xor.trained-mlp` (the foundation issue's XOR property; notes 000/001 "XOR", 002 "Tricks of the
 * trade"): a 2-2-1 network trained from Glorot-random starts reaches zero classification error on XOR
 * for most seeds. The recipe is reference/constructions/experiments.ts XOR_RECIPE (ELU hidden, linear output, mse,
 * Adam η = 0.05, 1000 full-batch epochs, inputs ±1); over seeds 0..199 it succeeds for 97% (194/200,
 * XOR_MEASURED, re-measured by reference/experiments.test.ts). Each run trains from a sample of n
 * random seeds with the subject's own backward and step and requires at least k(n) successes, where
 * k(n) is the largest k with P(Bin(n, 0.95) < k) ≤ 10⁻³: a subject whose training really succeeds for
 * ≥ 95% of seeds fails a run with probability ≤ 10⁻³; a broken backward or step succeeds for almost
 * none (n = 10 needs k = 6).
 *
 * The other properties check the reference's data handling (no subject function is involved): shuffling
 * keeps each example with its label, k-fold splits are a partition, standardisation fitted on the
 * training part gives it mean 0 and standard deviation 1.
 */
import * as fc from 'fast-check';
import type { Net, OptimizerState, Params } from '../contract/types.js';
import { FIRST_ORDER_SAFETY, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import { XOR_DATA, XOR_RECIPE, recipeNet, type Recipe } from '../reference/constructions/experiments.js';
import { createRng } from '../reference/learning/rng.js';
import { fitStandardizer as refFit, kFold as refKFold, shuffleTogether as refShuffle, standardize as refStandardize } from '../reference/learning/train.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

/** Share of seeds the property assumes a correct subject reaches (the documented requirement). */
export const XOR_REQUIRED_SHARE = 0.95;
/** Probability that a run fails for a subject meeting XOR_REQUIRED_SHARE. */
export const XOR_FALSE_ALARM = 1e-3;

/** P(Bin(n, p) ≤ k). */
function binomialCdf(k: number, n: number, p: number): number {
  let s = 0;
  let term = (1 - p) ** n; // P(X = 0)
  for (let i = 0; i <= k; i++) {
    s += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return s;
}

/** The largest k with P(Bin(n, p) < k) ≤ alpha (0 when even k = 1 is too likely to be missed). */
export function requiredSuccesses(n: number, p = XOR_REQUIRED_SHARE, alpha = XOR_FALSE_ALARM): number {
  let k = 0;
  while (k < n && binomialCdf(k, n, p) <= alpha) k++;
  return k;
}

/** Trains `net` with the subject's backward and step (full batch, as train() does); returns the net. */
export async function trainWithSubject(subject: Parameters<typeof call>[0], net0: Net, recipe: Recipe, X: number[][], Y: number[][]): Promise<Net> {
  let net = net0;
  let params: Params = { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
  let state: OptimizerState = null;
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    const g = await call(subject, 'backward', net, X, Y, recipe.loss);
    ({ params, state } = await call(subject, 'step', recipe.optimizer, params, { W: g.gradW, b: g.gradB }, state));
    net = { layers: net.layers.map((l, i) => ({ ...l, W: params.W[i]!, b: params.b[i]! })) };
  }
  return net;
}

export const XOR_SAMPLE = 10;

export const xorTrainedMlp: Property<number[]> = {
  id: 'xor.trained-mlp',
  concept: `training a 2-2-1 network (elu/identity, mse, adam η = 0.05, 1000 full-batch epochs, inputs ±1) from Glorot-random starts reaches zero classification error on XOR for ≥ 95% of seeds (measured 97%: docs/training.md); a run needs ≥ ${requiredSuccesses(XOR_SAMPLE)} of ${XOR_SAMPLE} random seeds`,
  requires: ['forward', 'backward', 'step'],
  // 10 000 backward + step calls: a Decimal subject would take minutes, the WebGPU path (float32, one
  // dispatch per call on lavapipe) over two; their arithmetic is checked by the other properties
  appliesTo: ['float64'],
  defaultRuns: 1,
  // no shrinking: a smaller sample is a weaker test, not a smaller counterexample (and each try trains 10 nets)
  arbitrary: () => fc.noShrink(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: XOR_SAMPLE, maxLength: XOR_SAMPLE })),
  async check(subject, seeds) {
    const failed: number[] = [];
    const k = requiredSuccesses(seeds.length);
    for (const seed of seeds) {
      if (failed.length > seeds.length - k) break; // already too many failures to reach k

      const net = await trainWithSubject(subject, recipeNet(XOR_RECIPE, seed), XOR_RECIPE, XOR_DATA.X, XOR_DATA.Y);
      const out = (await call(subject, 'forward', net, XOR_DATA.X))?.a?.[net.layers.length - 1];
      const ok = XOR_DATA.Y.every((y, i) => typeof out?.[i]?.[0] === 'number' && (out[i]![0]! >= 0.5 ? 1 : 0) === y[0]);
      if (!ok) failed.push(seed);
    }
    if (failed.length > seeds.length - k) {
      throw new PropertyFailure({
        what: `XOR training from ${seeds.length} Glorot-uniform seeds`,
        expected: `≥ ${k} reaching zero classification error (P < ${XOR_FALSE_ALARM} to see fewer at a true share of ${XOR_REQUIRED_SHARE})`,
        got: `${failed.length} failures already (failing seeds ${failed.join(', ')}), so at most ${seeds.length - failed.length} successes`,
        note: 'the recipe: reference/constructions/experiments.ts XOR_RECIPE; replay one seed with `nn-oracle train xor --seed S`',
      });
    }
  },
};

// ── data handling (reference only) ────────────────────────────────────────────────────────────────

export interface DataCase {
  X: number[][];
  seed: number;
  k: number;
}

const dataArb: fc.Arbitrary<DataCase> = fc
  .record({ m: fc.integer({ min: 2, max: 30 }), n: fc.integer({ min: 1, max: 3 }), seed: fc.integer() })
  .chain(({ m, n, seed }) =>
    fc.record({
      X: fc.array(fc.array(fc.integer({ min: -40, max: 40 }).map((v) => v / 8), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
      seed: fc.constant(seed),
      k: fc.integer({ min: 2, max: m }),
    }),
  );

export function makeDataHandlingProperty(
  impl: { shuffleTogether: typeof refShuffle; kFold: typeof refKFold; fitStandardizer: typeof refFit; standardize: typeof refStandardize } = {
    shuffleTogether: refShuffle,
    kFold: refKFold,
    fitStandardizer: refFit,
    standardize: refStandardize,
  },
): Property<DataCase> {
  return {
    id: 'training.data-handling',
    concept:
      'shuffling permutes X and Y together (each example keeps its label); k-fold validation parts partition the data in sizes differing by ≤ 1 (k = m: leave-one-out); standardisation fitted on the training part makes it mean 0, sd 1 (001 "cross-validation", 002 "standardize inputs", "shuffle")',
    requires: [],
    defaultRuns: 40,
    arbitrary: () => dataArb,
    check(_s, c) {
      const m = c.X.length;
      // label each example by its index so a pairing error shows
      const Y = c.X.map((_, i) => [i]);
      const sh = impl.shuffleTogether(c.X, Y, createRng(c.seed));
      const seen = new Set<number>();
      sh.Y.forEach((y, i) => {
        const j = y[0]!;
        if (sh.X[i] !== c.X[j] && JSON.stringify(sh.X[i]) !== JSON.stringify(c.X[j])) {
          throw new PropertyFailure({ what: `shuffled example ${i}`, expected: `x of original example ${j} (its label)`, got: JSON.stringify(sh.X[i]) });
        }
        seen.add(j);
      });
      if (seen.size !== m || sh.X.length !== m) throw new PropertyFailure({ what: 'shuffle', expected: `a permutation of ${m} examples`, got: `${seen.size} distinct of ${sh.X.length}` });

      const folds = impl.kFold(m, c.k, c.seed);
      const count = new Array<number>(m).fill(0);
      folds.forEach((f, i) => {
        f.validation.forEach((j) => count[j]!++);
        const overlap = f.train.filter((j) => f.validation.includes(j));
        if (overlap.length || f.train.length + f.validation.length !== m) throw new PropertyFailure({ what: `fold ${i + 1} of ${c.k}`, expected: 'train and validation parts disjoint and covering all examples', got: `${overlap.length} shared, ${f.train.length} + ${f.validation.length} of ${m}` });
      });
      const sizes = folds.map((f) => f.validation.length);
      if (folds.length !== c.k || count.some((v) => v !== 1) || Math.max(...sizes) - Math.min(...sizes) > 1) {
        throw new PropertyFailure({ what: `${c.k}-fold split of ${m} examples`, expected: 'each example validated exactly once, parts of sizes differing by ≤ 1', got: `${folds.length} folds, sizes ${sizes.join(', ')}, counts ${count.join('')}` });
      }

      const train = folds[0]!.train.map((j) => c.X[j]!);
      if (train.length === 0) return;
      const s = impl.fitStandardizer(train);
      const Z = impl.standardize(s, train);
      const u = UNIT_ROUNDOFF.float64;
      c.X[0]!.forEach((_, j) => {
        const col = Z.map((r) => r[j]!);
        const mean = col.reduce((a, v) => a + v, 0) / col.length;
        const raw = train.map((r) => r[j]!);
        const constant = raw.every((v) => v === raw[0]);
        const sd = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / col.length);
        const scale = Math.max(...raw.map(Math.abs)) / (s.std[j]! || 1) + 1;
        const tol = FIRST_ORDER_SAFETY * gamma(4 * train.length + 8, u) * scale;
        if (!(Math.abs(mean) <= tol) || !(constant ? sd <= tol : Math.abs(sd - 1) <= tol)) {
          throw new PropertyFailure({ what: `standardised training column ${j + 1}`, expected: constant ? 'mean 0 (constant column: centred only)' : 'mean 0, sd 1', got: `mean ${mean}, sd ${sd}`, allowed: tol });
        }
      });
    },
  };
}

export const trainingProperties: Property[] = [xorTrainedMlp, makeDataHandlingProperty()];
