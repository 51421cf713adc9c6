import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../contract/errors.js';
import type { Matrix } from '../../contract/types.js';
import { adam } from '../constructions/experiments.js';
import { initNet } from './init.js';
import { createRng } from './rng.js';
import { crossValidate, datasetLoss, fitStandardizer, kFold, leaveOneOut, minibatchRanges, standardize, train, trainValidationSplit } from './train.js';

const line = (n: number, seed: number) => {
  const rng = createRng(seed);
  const X: Matrix = [];
  const Y: Matrix = [];
  for (let i = 0; i < n; i++) {
    const x = rng.uniformIn(-1, 1);
    X.push([x]);
    Y.push([2 * x + 1 + rng.normal(0, 0.05)]);
  }
  return { X, Y };
};

describe('train', () => {
  it('full batch, online SGD and minibatches take B/size steps per epoch and lower the loss', () => {
    const data = line(10, 1);
    const net = initNet([1, 1], 'identity', { seed: 1 });
    for (const [batchSize, perEpoch] of [['full', 1], [1, 10], [4, 3]] as const) {
      const r = train(net, data, { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, epochs: 30, batchSize, seed: 2 });
      expect(r.steps).toBe(30 * perEpoch);
      expect(r.history[29]!.loss).toBeLessThan(datasetLoss(net, data, 'mse') / 5);
    }
  });

  it('is deterministic for a seed and does not mutate its inputs', () => {
    const data = line(12, 2);
    const net = initNet([1, 3, 1], ['tanh', 'identity'], { seed: 3 });
    const copy = JSON.parse(JSON.stringify({ data, net }));
    const opts = { loss: 'mse' as const, optimizer: adam(0.05), epochs: 20, batchSize: 5, seed: 9 };
    expect(train(net, data, opts)).toEqual(train(net, data, opts));
    expect(train(net, data, { ...opts, seed: 10 }).net).not.toEqual(train(net, data, opts).net);
    expect({ data, net }).toEqual(copy);
  });

  it('resumes from a saved optimizer state: 10 + 10 epochs = 20 epochs (full batch)', () => {
    const data = line(8, 3);
    const net = initNet([1, 2, 1], ['tanh', 'identity'], { seed: 4 });
    const opts = { loss: 'mse' as const, optimizer: adam(0.05), epochs: 10 };
    const a = train(net, data, opts);
    const b = train(a.net, data, { ...opts, state: JSON.parse(JSON.stringify(a.state)) });
    expect(b.net).toEqual(train(net, data, { ...opts, epochs: 20 }).net);
  });

  it('early stopping returns the net of the best validation epoch', () => {
    // an over-parameterised net on few noisy points: validation loss turns up
    const tr = line(6, 5);
    const va = line(30, 6);
    const net = initNet([1, 20, 1], ['tanh', 'identity'], { seed: 5 });
    const r = train(net, tr, { loss: 'mse', optimizer: adam(0.05), epochs: 3000, validation: va, earlyStopping: { patience: 50 } });
    const best = Math.min(...r.history.map((h) => h.valLoss!));
    expect(r.history.find((h) => h.epoch === r.bestEpoch)!.valLoss).toBe(best);
    expect(datasetLoss(r.net, va, 'mse')).toBe(best);
    if (r.stoppedEarly) expect(r.history.length).toBe(r.bestEpoch + 50);
  });

  it('the decreasing learning rate is applied per step', () => {
    const r = train(initNet([1, 1], 'identity'), line(4, 7), { loss: 'mse', optimizer: { name: 'sgd', lr: 1 }, epochs: 6, batchSize: 2, schedule: { kind: 'linear-decay', lr0: 0.4, lrTau: 0.1, tau: 6 } });
    // the last step of epoch e is step 2e − 1 (0-based): η = 0.4 − 0.05·(2e − 1), then 0.1
    expect(r.history.map((h) => +h.lr.toFixed(12))).toEqual([0.35, 0.25, 0.15, 0.1, 0.1, 0.1]);
  });

  it('validates its inputs', () => {
    const net = initNet([1, 1], 'identity');
    expect(() => train(net, { X: [[1, 2]], Y: [[1]] }, { loss: 'mse', optimizer: { name: 'sgd', lr: 1 }, epochs: 1 })).toThrow(ShapeError);
    expect(() => train(net, line(2, 1), { loss: 'mse', optimizer: { name: 'sgd', lr: 1 }, epochs: 1, batchSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => train(net, line(2, 1), { loss: 'mse', optimizer: { name: 'sgd', lr: 1 }, epochs: 1, earlyStopping: { patience: 1 } })).toThrow(InvalidArgumentError);
  });
});

describe('data handling', () => {
  it('minibatch ranges cover the batch, the last one smaller', () => {
    expect(minibatchRanges(10, 4)).toEqual([[0, 4], [4, 8], [8, 10]]);
  });

  it('standardisation is fitted on the training part only', () => {
    const s = fitStandardizer([[0, 5], [2, 5]]);
    expect(s).toEqual({ mean: [1, 5], std: [1, 1] });
    expect(standardize(s, [[4, 6]])).toEqual([[3, 1]]);
  });

  it('splits: train/validation, k-fold and leave-one-out', () => {
    const sp = trainValidationSplit(10, 0.3, 1);
    expect(sp.validation).toHaveLength(3);
    expect([...sp.train, ...sp.validation].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(kFold(5, 2).map((f) => f.validation)).toEqual([[0, 1, 2], [3, 4]]);
    expect(leaveOneOut(3)).toEqual([
      { train: [1, 2], validation: [0] },
      { train: [0, 2], validation: [1] },
      { train: [0, 1], validation: [2] },
    ]);
  });

  it("cross-validation picks the polynomial degree the way the notes' table does (d* = 2 for a noisy quadratic)", () => {
    // y = 1 − x + 2x² + N(0, 0.3²) noise at 12 random points; models: least-squares polynomials of degree d (normal equations)
    const rng = createRng(12);
    const xs = Array.from({ length: 12 }, () => rng.uniformIn(-1, 1));
    const ys = xs.map((x) => 1 - x + 2 * x * x + rng.normal(0, 0.3));
    const fit = (d: number, idx: readonly number[]) => polyfit(idx.map((i) => xs[i]!), idx.map((i) => ys[i]!), d);
    const err = (c: number[], idx: readonly number[]) => idx.reduce((s, i) => s + (polyval(c, xs[i]!) - ys[i]!) ** 2, 0) / idx.length;
    const { table, best } = crossValidate([0, 1, 2, 3, 4, 5, 6], leaveOneOut(12), fit, err);
    expect(best).toBe(2);
    // training error falls with d; validation error has its minimum at d = 2 and rises after
    // (on this seeded sample each degree lowers the training error by more than 0.004, far above any
    // rounding in the fits, so no slack is needed)
    for (let d = 1; d < table.length; d++) expect(table[d]!.trainError).toBeLessThan(table[d - 1]!.trainError);
    expect(table[6]!.validError).toBeGreaterThan(table[2]!.validError);
  });
});

function polyval(c: number[], x: number): number {
  return c.reduceRight((s, ci) => s * x + ci, 0);
}

/** Least squares by the normal equations (Gaussian elimination with partial pivoting). */
function polyfit(x: number[], y: number[], d: number): number[] {
  const n = d + 1;
  const A = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j < n ? x.reduce((s, v) => s + v ** (i + j), 0) : x.reduce((s, v, k) => s + y[k]! * v ** i, 0))));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c || A[c]![c] === 0) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= n; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return A.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}
