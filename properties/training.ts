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
import { EXPERIMENTS, XOR_DATA, XOR_MEASURED, XOR_RECIPE, adam, experiment, recipeNet, type Recipe } from '../reference/constructions/experiments.js';
import { allInputs, parity } from '../reference/constructions/logic.js';
import { backward as refBackward, forward as refForward, loss as refLoss, step as refStep } from '../reference/index.js';
import { initNet } from '../reference/learning/init.js';
import { createRng } from '../reference/learning/rng.js';
import { learningRate } from '../reference/learning/schedule.js';
import {
  classificationError as refClassificationError,
  crossValidate as refCrossValidate,
  datasetLoss as refDatasetLoss,
  fitStandardizer as refFit,
  kFold as refKFold,
  leaveOneOut as refLeaveOneOut,
  minibatchRanges as refMinibatchRanges,
  netParams,
  shuffleTogether as refShuffle,
  standardize as refStandardize,
  takeRows,
  train as refTrain,
  trainValidationSplit as refSplit,
  withParams,
  type TrainOptions,
} from '../reference/learning/train.js';
import { netCaseArb, type NetCase } from './arbitraries.js';
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
        // a constant column is only centred: its σ is taken as 1 (fitStandardizer's documented convention)
        if (constant && s.std[j] !== 1) throw new PropertyFailure({ what: `the fitted σ of the constant training column ${j + 1}`, expected: 1, got: s.std[j]! });
        if (!(Math.abs(mean) <= tol) || !(constant ? sd <= tol : Math.abs(sd - 1) <= tol)) {
          throw new PropertyFailure({ what: `standardised training column ${j + 1}`, expected: constant ? 'mean 0 (constant column: centred only)' : 'mean 0, sd 1', got: `mean ${mean}, sd ${sd}`, allowed: tol });
        }
      });
    },
  };
}

// ── the training loop (reference only) ────────────────────────────────────────────────────────────

export interface LoopCase {
  c: NetCase;
  epochs: number;
  batchSize: number | 'full';
  shuffle?: boolean;
  /** undefined: train's documented default seed, 0. */
  seed?: number;
  optimizer: TrainOptions['optimizer'];
  schedule?: TrainOptions['schedule'];
  recordEvery: number;
  /** Stop after this epoch via onEpoch returning false (undefined: never). */
  stopAt?: number;
  /** Early stopping on a validation set (the training set's rows in reverse, perturbed). */
  patience?: number;
  minDelta?: number;
}

const loopArb: fc.Arbitrary<LoopCase> = fc.record({
  c: netCaseArb({ depth: [1, 2], width: [1, 3], batch: [1, 6], losses: ['mse', 'bce'] }),
  epochs: fc.integer({ min: 0, max: 6 }),
  batchSize: fc.oneof(fc.constant('full' as const), fc.integer({ min: 1, max: 4 })),
  shuffle: fc.option(fc.boolean(), { nil: undefined }),
  seed: fc.option(fc.integer(), { nil: undefined }),
  optimizer: fc.constantFrom<TrainOptions['optimizer']>({ name: 'sgd', lr: 0.3 }, { name: 'momentum', lr: 0.1, alpha: 0.5 }, { name: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.99, eps: 1e-8 }),
  schedule: fc.option(fc.constant({ kind: 'linear-decay' as const, lr0: 0.5, lrTau: 0.05, tau: 5 }), { nil: undefined }),
  recordEvery: fc.integer({ min: 1, max: 3 }),
  stopAt: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  patience: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  minDelta: fc.option(fc.constantFrom(0, 1e-3), { nil: undefined }),
});

/** The notes' loop written out (001 "SGD", 002 "shuffle before each epoch"), with the contract's backward and step. */
function manualLoop(k: LoopCase, validation: { X: number[][]; Y: number[][] } | undefined) {
  const { net, X, Y, loss } = k.c;
  const B = X.length;
  const size = k.batchSize === 'full' ? B : k.batchSize;
  const shuffle = k.shuffle ?? size < B;
  const rng = createRng(k.seed ?? 0); // TrainOptions.seed: "default 0"
  let current = net;
  let params = netParams(net);
  let state: unknown = null;
  let steps = 0;
  let lr = k.optimizer.lr;
  const history: Array<{ epoch: number; loss: number; valLoss?: number; lr: number; steps: number; net: typeof net }> = [];
  let best = { epoch: 0, valLoss: Infinity, net };
  let stoppedEarly = false;
  for (let epoch = 1; epoch <= k.epochs; epoch++) {
    const perm = shuffle ? rng.permutation(B) : X.map((_x, i) => i);
    const Xe = perm.map((i) => X[i]!);
    const Ye = perm.map((i) => Y[i]!);
    for (let s = 0; s < B; s += size) {
      const e = Math.min(B, s + size);
      const g = refBackward(current, Xe.slice(s, e), Ye.slice(s, e), loss);
      const opt = k.schedule ? { ...k.optimizer, lr: learningRate(k.schedule, steps) } : k.optimizer;
      lr = opt.lr;
      ({ params, state } = refStep(opt, params, { W: g.gradW, b: g.gradB }, state));
      current = withParams(net, params);
      steps++;
    }
    if (epoch % k.recordEvery !== 0 && epoch !== k.epochs) continue;
    const fwd = refForward(current, X).a;
    const info: (typeof history)[number] = { epoch, loss: refLoss(loss, fwd[fwd.length - 1]!, Y), lr, steps, net: current };
    if (validation) {
      const fv = refForward(current, validation.X).a;
      info.valLoss = refLoss(loss, fv[fv.length - 1]!, validation.Y);
    }
    history.push(info);
    if (validation && k.patience !== undefined) {
      if (info.valLoss! < best.valLoss - (k.minDelta ?? 0)) best = { epoch, valLoss: info.valLoss!, net: current };
      else if (epoch - best.epoch >= k.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (k.stopAt === epoch) break;
  }
  const useBest = validation !== undefined && k.patience !== undefined && best.epoch > 0;
  return { net: useBest ? best.net : current, history, steps, state, bestEpoch: useBest ? best.epoch : history.length, stoppedEarly };
}

export function makeTrainingLoopProperty(train: typeof refTrain = refTrain): Property<LoopCase> {
  return {
    id: 'training.loop',
    concept:
      'train() is the notes\' loop: per epoch shuffle X and Y together (seeded), one backward + step per minibatch (full batch, online, or size b; the last may be smaller), η_t from the schedule, the loss recorded after the epoch (every k epochs and the last), stopping when onEpoch says so, early stopping after `patience` epochs without improvement of the validation loss with the best net returned, resumable from its state (001 "SGD", 002 "Tricks of the trade")',
    requires: [],
    defaultRuns: 25,
    arbitrary: () => loopArb,
    check(_s, k) {
      const { net, X, Y, loss } = k.c;
      const validation = k.patience !== undefined ? { X: X.map((r) => r.map((v) => v + 0.25)).reverse(), Y: [...Y].reverse() } : undefined;
      const seen: number[] = [];
      const frozen = JSON.stringify([net, X, Y]);
      const opts: TrainOptions = {
        loss,
        optimizer: k.optimizer,
        epochs: k.epochs,
        batchSize: k.batchSize,
        ...(k.seed !== undefined ? { seed: k.seed } : {}),
        recordEvery: k.recordEvery,
        ...(k.shuffle !== undefined ? { shuffle: k.shuffle } : {}),
        ...(k.schedule ? { schedule: k.schedule } : {}),
        ...(validation ? { validation, earlyStopping: { patience: k.patience!, ...(k.minDelta !== undefined ? { minDelta: k.minDelta } : {}) } } : {}),
        onEpoch: (e) => {
          seen.push(e.epoch);
          return k.stopAt === e.epoch ? false : undefined;
        },
      };
      const got = train(net, { X, Y }, opts);
      const want = manualLoop(k, validation);
      const fail = (what: string, expected: unknown, g: unknown): never => {
        throw new PropertyFailure({ what: `train(): ${what}`, expected: JSON.stringify(expected)?.slice(0, 300), got: JSON.stringify(g)?.slice(0, 300), note: `options ${JSON.stringify({ ...opts, onEpoch: undefined, validation: undefined })}` });
      };
      if (JSON.stringify([net, X, Y]) !== frozen) fail('its arguments after training', 'unchanged', 'mutated');
      const hist = got.history.map((h) => ({ epoch: h.epoch, loss: h.loss, valLoss: h.valLoss, lr: h.lr, steps: h.steps }));
      const wantHist = want.history.map((h) => ({ epoch: h.epoch, loss: h.loss, valLoss: h.valLoss, lr: h.lr, steps: h.steps }));
      if (JSON.stringify(hist) !== JSON.stringify(wantHist)) fail('the history (epoch, loss after it, validation loss, η of its last step, steps)', wantHist, hist);
      if (JSON.stringify(seen) !== JSON.stringify(want.history.map((h) => h.epoch))) fail('the epochs onEpoch saw', want.history.map((h) => h.epoch), seen);
      if (JSON.stringify(got.net) !== JSON.stringify(want.net)) fail('the returned net', want.net, got.net);
      if (got.steps !== want.steps || got.bestEpoch !== want.bestEpoch || got.stoppedEarly !== want.stoppedEarly) fail('steps, bestEpoch, stoppedEarly', [want.steps, want.bestEpoch, want.stoppedEarly], [got.steps, got.bestEpoch, got.stoppedEarly]);
      if (JSON.stringify(got.state) !== JSON.stringify(want.state)) fail('the optimizer state after the last step', want.state, got.state);
      // no epoch at all, with early stopping: nothing was best, the start net comes back with bestEpoch 0
      const none = train(net, { X, Y }, { loss, optimizer: k.optimizer, epochs: 0, validation: { X, Y }, earlyStopping: { patience: 1 } });
      if (none.bestEpoch !== 0 || JSON.stringify(none.net) !== JSON.stringify(net) || none.history.length !== 0) fail('0 epochs with early stopping', { bestEpoch: 0, net: 'the start net', history: [] }, { bestEpoch: none.bestEpoch, history: none.history.length });
      // a validation set without early stopping is only watched: the last net comes back, as without it
      const watchOpts: TrainOptions = { loss, optimizer: k.optimizer, epochs: 2, batchSize: k.batchSize, shuffle: false };
      const watched = train(net, { X, Y }, { ...watchOpts, validation: { X, Y: Y.map((r) => r.map((v) => (loss === 'mse' ? v + 1 : v))) } });
      const unwatched = train(net, { X, Y }, watchOpts);
      if (JSON.stringify(watched.net) !== JSON.stringify(unwatched.net) || watched.bestEpoch !== watched.history.length) fail('a validation set without early stopping', { net: 'the last net (as without validation)', bestEpoch: watched.history.length }, { bestEpoch: watched.bestEpoch });
      // the documented default seed, on every case: without a seed, shuffled online training is seed 0's
      const shuffled: TrainOptions = { loss, optimizer: k.optimizer, epochs: 2, batchSize: 1, shuffle: true };
      if (JSON.stringify(train(net, { X, Y }, shuffled).net) !== JSON.stringify(train(net, { X, Y }, { ...shuffled, seed: 0 }).net)) {
        fail('2 shuffled online epochs without a seed vs with seed 0 (TrainOptions.seed: "default 0")', 'the same net', 'another net');
      }
      // resumable, on every case: two runs of e and 1 epochs (no shuffle, no schedule, no early stopping)
      // equal one of e + 1
      const plain: TrainOptions = { loss, optimizer: k.optimizer, epochs: k.epochs, batchSize: k.batchSize, shuffle: false };
      const first = train(net, { X, Y }, plain);
      const second = train(first.net, { X, Y }, { ...plain, epochs: 1, state: first.state });
      const once = train(net, { X, Y }, { ...plain, epochs: k.epochs + 1 });
      if (JSON.stringify(second.net) !== JSON.stringify(once.net)) fail(`${k.epochs} epochs, then 1 resumed from the state, vs ${k.epochs + 1} at once`, once.net, second.net);
    },
  };
}

// ── cross-validation and splits (reference only) ──────────────────────────────────────────────────

export interface CvCase {
  m: number;
  k: number;
  seed: number;
  fraction: number;
  candidates: number[];
  c: NetCase;
}

export function makeCrossValidationProperty(
  impl: { crossValidate: typeof refCrossValidate; kFold: typeof refKFold; leaveOneOut: typeof refLeaveOneOut; trainValidationSplit: typeof refSplit; minibatchRanges: typeof refMinibatchRanges; classificationError: typeof refClassificationError; datasetLoss: typeof refDatasetLoss } = {
    crossValidate: refCrossValidate,
    kFold: refKFold,
    leaveOneOut: refLeaveOneOut,
    trainValidationSplit: refSplit,
    minibatchRanges: refMinibatchRanges,
    classificationError: refClassificationError,
    datasetLoss: refDatasetLoss,
  },
): Property<CvCase> {
  return {
    id: 'training.cross-validation',
    concept:
      'cross-validation (001): J_d = (1/k) Σ_i J_{d,i} over the folds, d* = argmin_d J_d (the first on a tie); leave-one-out is k = m with fold i validating example i; k-fold without a seed keeps the order; a train/validation split is a partition with max(1, round(m·fraction)) validation examples; minibatches cover the batch in order; the classification error is the share misclassified (one output: threshold ½; several: argmax)',
    requires: [],
    defaultRuns: 40,
    arbitrary: () =>
      fc.record({ m: fc.integer({ min: 2, max: 12 }), seed: fc.integer(), fraction: fc.constantFrom(0.1, 0.25, 0.5, 0.9), candidates: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }), c: netCaseArb({ depth: [1, 2], width: [1, 3], batch: [1, 6] }) }).chain((r) => fc.record({ ...Object.fromEntries(Object.entries(r).map(([key, v]) => [key, fc.constant(v)])), k: fc.integer({ min: 2, max: r.m }) }) as fc.Arbitrary<CvCase>),
    check(_s, c) {
      const fail = (what: string, expected: unknown, got: unknown): never => {
        throw new PropertyFailure({ what, expected: JSON.stringify(expected)?.slice(0, 300), got: JSON.stringify(got)?.slice(0, 300), note: `m = ${c.m}, k = ${c.k}, seed ${c.seed}` });
      };
      // crossValidate with a model that remembers its candidate and training part, and an error that is a known function of both
      const folds = impl.kFold(c.m, c.k, c.seed);
      const err = (model: { d: number; train: readonly number[] }, idx: readonly number[]) => ((model.d * 7 + idx.reduce((s, i) => s + i * i, 0) + model.train.length) % 11) / 4;
      const cv = impl.crossValidate(c.candidates, folds, (d, train) => ({ d, train }), err);
      const table = c.candidates.map((d) => ({
        value: d,
        trainError: folds.reduce((s, f) => s + err({ d, train: f.train }, f.train), 0) / folds.length,
        validError: folds.reduce((s, f) => s + err({ d, train: f.train }, f.validation), 0) / folds.length,
      }));
      if (JSON.stringify(cv.table) !== JSON.stringify(table)) fail('crossValidate table (J_d = mean over the folds)', table, cv.table);
      let best = 0;
      table.forEach((r, i) => (r.validError < table[best]!.validError ? (best = i) : 0));
      if (cv.best !== table[best]!.value) fail('crossValidate d* = argmin J_d (the first on a tie)', table[best]!.value, cv.best);
      // leave-one-out and unshuffled k-fold
      const loo = impl.leaveOneOut(c.m);
      if (loo.length !== c.m || loo.some((f, i) => f.validation.length !== 1 || f.validation[0] !== i || f.train.length !== c.m - 1 || f.train.includes(i))) fail('leaveOneOut folds', 'fold i validates example i alone', loo);
      const ordered = impl.kFold(c.m, c.k);
      const flat = ordered.flatMap((f) => f.validation);
      if (JSON.stringify(flat) !== JSON.stringify(Array.from({ length: c.m }, (_x, i) => i))) fail('kFold without a seed: validation parts in order', Array.from({ length: c.m }, (_x, i) => i), flat);
      const sizes = ordered.map((f) => f.validation.length);
      if (sizes.some((n, i) => i > 0 && n > sizes[i - 1]!) || Math.max(...sizes) - Math.min(...sizes) > 1) fail('kFold portion sizes (larger ones first, differing by ≤ 1)', 'non-increasing, within 1', sizes);
      // the train/validation split
      const sp = impl.trainValidationSplit(c.m, c.fraction, c.seed);
      const nVal = Math.max(1, Math.round(c.m * c.fraction));
      const all = [...sp.validation, ...sp.train].sort((a, b) => a - b);
      if (sp.validation.length !== nVal || JSON.stringify(all) !== JSON.stringify(Array.from({ length: c.m }, (_x, i) => i))) fail(`trainValidationSplit(${c.m}, ${c.fraction})`, `a partition with ${nVal} validation examples`, sp);
      if (JSON.stringify(impl.trainValidationSplit(c.m, c.fraction, c.seed)) !== JSON.stringify(sp)) fail('trainValidationSplit from the same seed', sp, 'another split');
      // minibatches
      const size = 1 + (Math.abs(c.seed) % c.m);
      const ranges = impl.minibatchRanges(c.m, size);
      const wantRanges = Array.from({ length: Math.ceil(c.m / size) }, (_x, i) => [i * size, Math.min(c.m, (i + 1) * size)]);
      if (JSON.stringify(ranges) !== JSON.stringify(wantRanges)) fail(`minibatchRanges(${c.m}, ${size})`, wantRanges, ranges);
      // the classification error and the dataset loss of a net, from its forward outputs
      const { net, X, Y, loss } = c.c;
      const A = refForward(net, X).a[net.layers.length - 1]!;
      const argmax = (v: readonly number[]) => v.reduce((b, x, i) => (x > v[b]! ? i : b), 0);
      const wrong = A.filter((a, i) => (a.length === 1 ? (a[0]! >= 0.5) !== (Y[i]![0]! >= 0.5) : argmax(a) !== argmax(Y[i]!))).length;
      const ce = impl.classificationError(net, { X, Y });
      if (ce !== wrong / X.length) fail('classificationError', wrong / X.length, ce);
      // the threshold is ½ for outputs and targets alike: an output ½ is class 1, a target ½ too
      const half = { layers: [{ W: [[0]], b: [0.5], activation: 'identity' as const }] };
      const ceHalf = [impl.classificationError(half, { X: [[1]], Y: [[0.5]] }), impl.classificationError(half, { X: [[1]], Y: [[0.25]] })];
      if (ceHalf[0] !== 0 || ceHalf[1] !== 1) fail('classificationError at the threshold ½ (output ½ vs targets ½ and ¼)', [0, 1], ceHalf);
      const dl = impl.datasetLoss(net, { X, Y }, loss);
      if (!Object.is(dl, refLoss(loss, A, Y))) fail('datasetLoss vs the loss of the forward outputs', refLoss(loss, A, Y), dl);
      // the Params of a net and back; rows by index
      const p = netParams(net);
      if (JSON.stringify(withParams(net, p)) !== JSON.stringify(net) || JSON.stringify(p) !== JSON.stringify({ W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) })) fail('netParams / withParams', 'a round trip', p);
      const idx = [...X.keys()].reverse();
      if (JSON.stringify(takeRows(X, idx)) !== JSON.stringify([...X].reverse())) fail('takeRows(X, reversed indices)', [...X].reverse(), takeRows(X, idx));
    },
  };
}

// ── the named experiments ─────────────────────────────────────────────────────────────────────────

/**
 * training.experiments: each named experiment (`nn-oracle train NAME`) is what its description says —
 * the data (XOR's four corners at ±1 with their XOR labels, 3-bit parity at ±1, sin x on evenly spaced
 * points of [−π, π]), the architecture (sizes, activations, loss, Adam's η, batch) — and its recipe's
 * initial net is initNet's; XOR_MEASURED is consistent, its failing seeds fail and the drawn seed is solved
 * exactly when it is not listed (a few trainings of the 2-2-1 net; xor.trained-mlp trains with the subject).
 */
/** Whether XOR_RECIPE from seed s reaches zero classification error (memoised: a pure function of s). */
const xorRuns = new Map<number, boolean>();
function xorSolved(s: number): boolean {
  let ok = xorRuns.get(s);
  if (ok === undefined) {
    const r = refTrain(recipeNet(XOR_RECIPE, s), XOR_DATA, { loss: XOR_RECIPE.loss, optimizer: XOR_RECIPE.optimizer, epochs: XOR_RECIPE.epochs, batchSize: XOR_RECIPE.batchSize, seed: s, recordEvery: XOR_RECIPE.epochs });
    ok = refClassificationError(r.net, XOR_DATA) === 0;
    xorRuns.set(s, ok);
  }
  return ok;
}

export const experimentsProperty: Property<number> = {
  id: 'training.experiments',
  concept: 'the named training experiments (xor, parity, fit1d) are what their descriptions say: data, sizes, activations, loss, optimizer, batch; the recipe\'s start is initNet\'s (001, 002; docs/training.md)',
  requires: [],
  defaultRuns: 5,
  arbitrary: () => fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  check(_s, seed) {
    const fail = (what: string, expected: unknown, got: unknown): never => {
      throw new PropertyFailure({ what, expected: JSON.stringify(expected)?.slice(0, 300), got: JSON.stringify(got)?.slice(0, 300) });
    };
    const pm = (x: readonly number[]) => x.map((b) => 2 * b - 1);
    const xorX = allInputs(2).map(pm);
    if (JSON.stringify(XOR_DATA) !== JSON.stringify({ X: xorX, Y: allInputs(2).map((x) => [parity(x)]) })) fail('XOR_DATA: the corners at ±1 and their XOR', { X: xorX }, XOR_DATA);
    const par = EXPERIMENTS.parity!.data;
    if (JSON.stringify(par) !== JSON.stringify({ X: allInputs(3).map(pm), Y: allInputs(3).map((x) => [parity(x)]) })) fail('parity data: 3 bits at ±1 and their parity', allInputs(3).map(pm), par);
    const fit = EXPERIMENTS.fit1d!.data;
    const n = fit.X.length;
    fit.X.forEach(([x], i) => {
      const want = -Math.PI + (2 * Math.PI * i) / (n - 1);
      if (!(Math.abs(x! - want) <= 4 * Number.EPSILON * Math.PI) || !(Math.abs(fit.Y[i]![0]! - Math.sin(x!)) <= Number.EPSILON)) fail(`fit1d point ${i}`, [want, Math.sin(want)], [x, fit.Y[i]![0]]);
    });
    for (const [name, e] of Object.entries(EXPERIMENTS)) {
      if (experiment(name) !== e || e.name !== name) fail(`experiment("${name}")`, name, e.name);
      const r = e.recipe;
      const desc = e.description;
      const arch = `${r.sizes.join('-')} ${r.activations.join('/')}`;
      const batch = r.batchSize === 'full' ? 'full batch' : `minibatches of ${r.batchSize}`;
      const adamOf = `adam η = ${r.optimizer.lr}`;
      for (const part of [arch, r.loss, adamOf, batch]) if (!desc.includes(part)) fail(`the ${name} recipe vs its description "${desc}"`, `mentions "${part}"`, r);
      if (r.sizes[0] !== e.data.X[0]!.length || r.sizes[r.sizes.length - 1] !== e.data.Y[0]!.length || e.data.X.length !== e.data.Y.length) fail(`the ${name} recipe's sizes vs its data`, [e.data.X[0]!.length, e.data.Y[0]!.length], r.sizes);
      if (JSON.stringify(r.optimizer) !== JSON.stringify(adam(r.optimizer.lr))) fail(`the ${name} optimizer`, adam(r.optimizer.lr), r.optimizer);
      if (JSON.stringify(recipeNet(r, seed)) !== JSON.stringify(initNet(r.sizes, r.activations, { scheme: r.scheme, seed, bias: r.bias }))) fail(`recipeNet(${name}, ${seed})`, 'initNet of the recipe', 'another net');
      if (!(r.epochs > 0)) fail(`the ${name} epochs`, '> 0', r.epochs);
      // every named experiment starts as docs/training.md says: Glorot-uniform weights, biases 0
      if (r.scheme !== 'glorot-uniform' || r.bias !== 0) fail(`the ${name} recipe's start`, 'glorot-uniform weights, biases 0', { scheme: r.scheme, bias: r.bias });
    }
    if (JSON.stringify(adam(0.25)) !== JSON.stringify({ name: 'adam', lr: 0.25, beta1: 0.9, beta2: 0.999, eps: 1e-8 })) fail('adam(η)', 'Kingma & Ba\'s β₁ = 0.9, β₂ = 0.999, ε = 1e−8', adam(0.25));
    if (XOR_MEASURED.successes !== XOR_MEASURED.seeds - XOR_MEASURED.failing.length || XOR_MEASURED.successes / XOR_MEASURED.seeds < XOR_REQUIRED_SHARE) fail('XOR_MEASURED', `successes = seeds − failing, ≥ ${XOR_REQUIRED_SHARE}`, XOR_MEASURED);
    if (XOR_RECIPE !== EXPERIMENTS.xor!.recipe || XOR_DATA !== EXPERIMENTS.xor!.data) fail('the xor experiment', 'XOR_RECIPE and XOR_DATA', 'other objects');
    // XOR_MEASURED's seeds, re-measured where a run can afford it: every listed seed fails, and the
    // drawn seed of 0..seeds−1 succeeds exactly when it is not listed (the whole re-measurement is a vitest test)
    const s0 = seed % XOR_MEASURED.seeds;
    for (const s of new Set([...XOR_MEASURED.failing, s0])) {
      const listed = (XOR_MEASURED.failing as readonly number[]).includes(s);
      if (xorSolved(s) === listed) fail(`XOR_MEASURED: seed ${s} of the xor recipe`, listed ? 'listed as failing: not solved' : 'not listed: solved', listed ? 'solved' : 'not solved');
    }
    // the recipe xor.trained-mlp and docs/training.md describe: 1000 full-batch epochs from Glorot-uniform starts, biases 0
    if (XOR_RECIPE.epochs !== 1000 || XOR_RECIPE.scheme !== 'glorot-uniform' || XOR_RECIPE.bias !== 0) fail('XOR_RECIPE', '1000 epochs, glorot-uniform, biases 0', { epochs: XOR_RECIPE.epochs, scheme: XOR_RECIPE.scheme, bias: XOR_RECIPE.bias });
  },
};

export const trainingProperties: Property[] = [xorTrainedMlp, makeDataHandlingProperty(), makeTrainingLoopProperty(), makeCrossValidationProperty(), experimentsProperty];
