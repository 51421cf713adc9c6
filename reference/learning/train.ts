/**
 * The training loop (notes 001, "Gradient descent", "SGD"; notes 002, "Tricks of the trade").
 *
 *   for epoch = 1..epochs:
 *     shuffle the examples (X and Y with the same permutation), if shuffling
 *     for each minibatch (full batch: one; online SGD: size 1):
 *       g = backward(net, X_batch, Y_batch, loss)          BP1–BP4, batch-mean gradients
 *       (W, b), state = step(opt with η_t, (W, b), g, state) the optimizer of the contract, η_t from a schedule
 *     record the training loss (and validation loss) on the whole set
 *     early stopping: stop when the validation loss has not improved for `patience` epochs,
 *       and hand back the net of the best epoch
 *
 * Every random choice (shuffling) flows from `seed`; the same inputs and seed give the same run.
 * Gradients come from the reference's `backward` (reference/index.ts) and updates from its `step`:
 * there is no second backprop here.
 *
 * Conventions (docs/conventions.md): the last minibatch of an epoch may be smaller (PyTorch's
 * drop_last = false); the recorded loss of an epoch is the full training-set loss *after* the epoch
 * (Keras reports the running mean over the epoch's batches instead); early stopping restores the best
 * weights (Keras' restore_best_weights defaults to false).
 */
import { InvalidArgumentError, brief } from '../../contract/errors.js';
import type { LossName } from '../../contract/names.js';
import type { Matrix, Net, Optimizer, OptimizerState, Params } from '../../contract/types.js';
import { checkBatch, checkNet, checkOptimizer, checkTargets } from '../../contract/validate.js';
import { backward, forward, loss as batchLoss } from '../index.js';
import { createRng, type Rng } from './rng.js';
import { scheduled, type Schedule } from './schedule.js';
import { step } from '../optimizers.js';

export interface Dataset {
  X: Matrix;
  Y: Matrix;
}

export interface EpochInfo {
  /** 1-based epoch number. */
  epoch: number;
  /** Training-set loss (batch mean over all training examples) after this epoch. */
  loss: number;
  /** Validation loss after this epoch (when a validation set is given). */
  valLoss?: number;
  /** Learning rate of the last step in this epoch. */
  lr: number;
  /** Optimizer steps taken so far. */
  steps: number;
}

export interface EarlyStopping {
  /** Epochs without improvement of the validation loss before stopping. */
  patience: number;
  /** An improvement must lower the best validation loss by more than this (default 0). */
  minDelta?: number;
}

export interface TrainOptions {
  loss: LossName;
  optimizer: Optimizer;
  epochs: number;
  /** Examples per update: 'full' (default) for full-batch gradient descent, 1 for online SGD. */
  batchSize?: number | 'full';
  /** Shuffle X and Y together before each epoch (default: true unless full batch). */
  shuffle?: boolean;
  /** Seed for shuffling (default 0). */
  seed?: number;
  /** Learning-rate schedule over optimizer steps (default: the optimizer's lr throughout). */
  schedule?: Schedule;
  validation?: Dataset;
  earlyStopping?: EarlyStopping;
  /** Called after every epoch (progress); return false to stop. */
  onEpoch?: (e: EpochInfo) => void | boolean;
  /**
   * Record the training (and validation) loss every this many epochs (default 1); the last epoch is
   * always recorded. Larger values save one forward pass per skipped epoch. Early stopping checks
   * only recorded epochs.
   */
  recordEvery?: number;
  /** Resume: the optimizer state of an earlier run (JSON). */
  state?: OptimizerState;
}

export interface TrainResult {
  /** The trained net (with early stopping: the net of the best validation epoch). */
  net: Net;
  history: EpochInfo[];
  /** Epoch whose net is returned. */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Optimizer state after the last step (save it to resume). */
  state: OptimizerState;
  steps: number;
}

/** Net ↔ the contract's Params ({ W[l], b[l] }). */
export function netParams(net: Net): Params {
  return { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
}
export function withParams(net: Net, p: Params): Net {
  return { layers: net.layers.map((l, i) => ({ ...l, W: p.W[i]!, b: p.b[i]! })) };
}

/** The rows of M at the given indices, in that order (copies of the row arrays are not needed: rows are not mutated). */
export function takeRows<T>(M: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => M[i]!);
}

/** X and Y permuted by one and the same random permutation: example i keeps its label. */
export function shuffleTogether(X: Matrix, Y: Matrix, rng: Rng): { X: Matrix; Y: Matrix; perm: number[] } {
  if (X.length !== Y.length) throw new InvalidArgumentError({ where: 'Y', expected: `${X.length} rows like X`, got: `${Y.length} rows` });
  const perm = rng.permutation(X.length);
  return { X: takeRows(X, perm), Y: takeRows(Y, perm), perm };
}

/** Index ranges of consecutive minibatches of `size` over B examples (the last may be smaller). */
export function minibatchRanges(B: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < B; s += size) out.push([s, Math.min(B, s + size)]);
  return out;
}

/** The batch-mean loss of the net on a dataset. */
export function datasetLoss(net: Net, data: Dataset, lossName: LossName): number {
  const { a } = forward(net, data.X);
  return batchLoss(lossName, a[a.length - 1]!, data.Y);
}

/** Fraction of examples misclassified: one output → threshold ½; several → argmax vs argmax of Y. */
export function classificationError(net: Net, data: Dataset): number {
  const { a } = forward(net, data.X);
  const out = a[a.length - 1]!;
  let wrong = 0;
  out.forEach((row, i) => {
    const y = data.Y[i]!;
    if (row.length === 1) {
      if ((row[0]! >= 0.5 ? 1 : 0) !== (y[0]! >= 0.5 ? 1 : 0)) wrong++;
    } else if (argmax(row) !== argmax(y)) wrong++;
  });
  return wrong / out.length;
}

function argmax(v: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[k]!) k = i;
  return k;
}

/** Trains `net` on `data`; see the module comment for the loop. Does not mutate its arguments. */
export function train(net: Net, data: Dataset, opts: TrainOptions): TrainResult {
  const sizes = checkNet(net);
  const B = checkBatch(data.X, sizes[0]!, 'data.X');
  checkTargets(net, data.Y, B, sizes[sizes.length - 1]!, opts.loss, 'data.Y');
  checkOptimizer(opts.optimizer);
  if (opts.validation) {
    const Bv = checkBatch(opts.validation.X, sizes[0]!, 'validation.X');
    checkTargets(net, opts.validation.Y, Bv, sizes[sizes.length - 1]!, opts.loss, 'validation.Y');
  }
  if (!Number.isInteger(opts.epochs) || opts.epochs < 0) throw new InvalidArgumentError({ where: 'epochs', expected: 'an integer ≥ 0', got: brief(opts.epochs) });
  const size = opts.batchSize === undefined || opts.batchSize === 'full' ? B : opts.batchSize;
  if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError({ where: 'batchSize', expected: "'full' or an integer ≥ 1", got: brief(opts.batchSize) });
  if (opts.earlyStopping && !opts.validation) throw new InvalidArgumentError({ where: 'earlyStopping', expected: 'a validation set to watch', got: 'no validation set' });
  const shuffle = opts.shuffle ?? size < B;
  const every = opts.recordEvery ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new InvalidArgumentError({ where: 'recordEvery', expected: 'an integer ≥ 1', got: brief(every) });
  const rng = createRng(opts.seed ?? 0);

  let params = netParams(net);
  let state: OptimizerState = opts.state ?? null;
  let steps = 0;
  let current = net;
  const history: EpochInfo[] = [];
  let best = { epoch: 0, valLoss: Infinity, net };
  let stoppedEarly = false;
  let lr = opts.optimizer.lr;

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    // shuffle X and Y together (notes 002: "randomly shuffle training examples before each epoch")
    const { X, Y } = shuffle ? shuffleTogether(data.X, data.Y, rng) : data;
    for (const [s, e] of minibatchRanges(B, size)) {
      const Xb = X.slice(s, e);
      const Yb = Y.slice(s, e);
      const g = backward(current, Xb, Yb, opts.loss);
      const opt = scheduled(opts.optimizer, opts.schedule, steps);
      lr = opt.lr;
      ({ params, state } = step(opt, params, { W: g.gradW, b: g.gradB }, state));
      current = withParams(net, params);
      steps++;
    }
    if (epoch % every !== 0 && epoch !== opts.epochs) continue;
    const info: EpochInfo = { epoch, loss: datasetLoss(current, data, opts.loss), lr, steps };
    if (opts.validation) info.valLoss = datasetLoss(current, opts.validation, opts.loss);
    history.push(info);
    const more = opts.onEpoch?.(info);
    if (opts.validation && opts.earlyStopping) {
      if (info.valLoss! < best.valLoss - (opts.earlyStopping.minDelta ?? 0)) best = { epoch, valLoss: info.valLoss!, net: current };
      else if (epoch - best.epoch >= opts.earlyStopping.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (more === false) break;
  }
  const useBest = opts.earlyStopping !== undefined && best.epoch > 0;
  return {
    net: useBest ? best.net : current,
    history,
    bestEpoch: useBest ? best.epoch : history.length,
    stoppedEarly,
    state,
    steps,
  };
}

// ---------------------------------------------------------------------------------------------
// Standardisation (notes 002: "standardize inputs x′ = (x − μ_x)/σ_x to avoid saturating hidden units")
// ---------------------------------------------------------------------------------------------

export interface Standardizer {
  mean: number[];
  /** Population standard deviation per column; a constant column gets 1 (it is only centred). */
  std: number[];
}

/** μ and σ per column, fitted on the training inputs only (never on validation or test data). */
export function fitStandardizer(X: Matrix): Standardizer {
  const [B, n] = [X.length, X[0]?.length ?? 0];
  checkBatch(X, n, 'X');
  const mean = Array.from({ length: n }, (_, j) => X.reduce((s, r) => s + r[j]!, 0) / B);
  const std = mean.map((m, j) => {
    const v = X.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / B;
    return v > 0 ? Math.sqrt(v) : 1;
  });
  return { mean, std };
}

/** x′ = (x − μ)/σ with a standardizer fitted elsewhere. */
export function standardize(s: Standardizer, X: Matrix): Matrix {
  checkBatch(X, s.mean.length, 'X');
  return X.map((r) => r.map((x, j) => (x - s.mean[j]!) / s.std[j]!));
}

// ---------------------------------------------------------------------------------------------
// Splits and cross-validation (notes 001, "Leave-one-out cross-validation")
// ---------------------------------------------------------------------------------------------

/** A random split of m examples into a training and a validation part (fraction in validation). */
export function trainValidationSplit(m: number, fraction: number, seed = 0): { train: number[]; validation: number[] } {
  if (!(fraction > 0 && fraction < 1)) throw new InvalidArgumentError({ where: 'fraction', expected: '0 < fraction < 1', got: String(fraction) });
  const perm = createRng(seed).permutation(m);
  const nVal = Math.max(1, Math.round(m * fraction));
  return { validation: perm.slice(0, nVal), train: perm.slice(nVal) };
}

export interface Fold {
  train: number[];
  validation: number[];
}

/**
 * k folds of m examples: "divide the training data into k even portions, and use each portion as the
 * validation data (the others are training data) in turn". Portion sizes differ by at most one; every
 * example is in exactly one validation portion. k = m is leave-one-out. `seed` undefined keeps the
 * original order (leave-one-out needs no shuffling).
 */
export function kFold(m: number, k: number, seed?: number): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > m) throw new InvalidArgumentError({ where: 'k', expected: `an integer 2 ≤ k ≤ m = ${m}`, got: brief(k) });
  const order = seed === undefined ? Array.from({ length: m }, (_, i) => i) : createRng(seed).permutation(m);
  const folds: Fold[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(m / k) + (f < m % k ? 1 : 0);
    const validation = order.slice(start, start + size);
    const train = [...order.slice(0, start), ...order.slice(start + size)];
    folds.push({ train, validation });
    start += size;
  }
  return folds;
}

/** Leave-one-out: m folds, fold i validates on example i alone. */
export function leaveOneOut(m: number): Fold[] {
  return kFold(m, m);
}

export interface CvRow<H> {
  /** The hyper-parameter value d. */
  value: H;
  /** Mean training error over the folds. */
  trainError: number;
  /** J_d = (1/k) Σ_i J_{d,i}, the mean validation error. */
  validError: number;
}

/**
 * The notes' procedure: for each candidate d, for each fold, fit on the training part and measure the
 * error on the held-out part (J_{d,i}); J_d is their mean; choose d* = argmin_d J_d (the first one on a
 * tie). `fit(d, trainIdx)` returns a model; `error(model, idx)` its error on those examples.
 */
export function crossValidate<H, Model>(
  candidates: readonly H[],
  folds: readonly Fold[],
  fit: (d: H, train: readonly number[]) => Model,
  error: (model: Model, idx: readonly number[]) => number,
): { table: CvRow<H>[]; best: H } {
  if (candidates.length === 0) throw new InvalidArgumentError({ where: 'candidates', expected: 'at least one value', got: 'none' });
  const table = candidates.map((value) => {
    let tr = 0;
    let va = 0;
    for (const f of folds) {
      const model = fit(value, f.train);
      tr += error(model, f.train);
      va += error(model, f.validation);
    }
    return { value, trainError: tr / folds.length, validError: va / folds.length };
  });
  let best = 0;
  table.forEach((r, i) => {
    if (r.validError < table[best]!.validError) best = i;
  });
  return { table, best: table[best]!.value };
}
