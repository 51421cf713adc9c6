/**
 * Figures of the training loop (reference/learning/train.ts), both on the same small noisy regression problem:
 * 30 points of y = sin(πx) + N(0, 0.3²), x ~ U(−1, 1), drawn from one seed.
 *
 *  - early stopping (notes 002, "Early stopping"): a 1-40-1 tanh net trained with adam, watching the loss
 *    on a held-out third; `train` stops `patience` epochs after the best validation epoch and returns the
 *    net of that epoch. The figure shows both curves and marks the epoch returned.
 *  - k-fold cross-validation (notes 001, "Leave-one-out cross-validation", k-fold variant): the hidden
 *    width d is the hyper-parameter; for each d, `crossValidate` trains on k − 1 folds and measures the
 *    mse on the held-out fold, J_d is the mean, and d* = argmin_d J_d, as in the notes' table.
 */
import type { Optimizer } from '../contract/types.js';
import { initNet } from '../reference/learning/init.js';
import { createRng } from '../reference/learning/rng.js';
import { crossValidate, datasetLoss, kFold, takeRows, train, trainValidationSplit, type Dataset } from '../reference/learning/train.js';
import { r, type VegaLiteSpec } from './render.js';

const SEED = 7;
const M = 30;
const NOISE = 0.3;

function dataset(): Dataset {
  const rng = createRng(SEED);
  const X = Array.from({ length: M }, () => [rng.uniformIn(-1, 1)]);
  const Y = X.map(([x]) => [Math.sin(Math.PI * x!) + rng.normal(0, NOISE)]);
  return { X, Y };
}
const subset = (d: Dataset, idx: readonly number[]): Dataset => ({ X: takeRows(d.X, idx), Y: takeRows(d.Y, idx) });

// ---- early stopping ----------------------------------------------------------------------------

const ES_HIDDEN = 40;
const ES_OPT: Optimizer = { name: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const ES_EPOCHS = 3000;
const PATIENCE = 400;

export function earlyStoppingFigure(): VegaLiteSpec {
  const data = dataset();
  const split = trainValidationSplit(M, 1 / 3, SEED);
  const net = initNet([1, ES_HIDDEN, 1], ['tanh', 'identity'], { scheme: 'glorot-uniform', seed: 1 });
  const run = train(net, subset(data, split.train), {
    loss: 'mse',
    optimizer: ES_OPT,
    epochs: ES_EPOCHS,
    validation: subset(data, split.validation),
    earlyStopping: { patience: PATIENCE },
  });
  const rows = run.history.flatMap((h) => [
    { epoch: h.epoch, loss: r(h.loss), set: `training (${split.train.length} examples)` },
    { epoch: h.epoch, loss: r(h.valLoss!), set: `validation (${split.validation.length} examples)` },
  ]);
  const best = run.history[run.bestEpoch - 1]!;
  return {
    title: {
      text: 'Training curve and its early-stopping point',
      subtitle: [
        `1-${ES_HIDDEN}-1 tanh net, mse, adam lr ${ES_OPT.lr}; reference/learning/train.ts with earlyStopping { patience: ${PATIENCE} }`,
        `stopped at epoch ${run.history.length}; returns the net of epoch ${run.bestEpoch} (validation mse ${best.valLoss!.toFixed(4)})`,
      ],
    },
    width: 480,
    height: 260,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd' } },
          y: { field: 'loss', type: 'quantitative', title: 'mse (batch mean of ½‖a − y‖²)', scale: { type: 'log' }, axis: { format: '.2~f' } },
          color: { field: 'set', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#d62728'] }, legend: { orient: 'bottom', labelLimit: 300 } },
        },
      },
      {
        data: { values: [{ epoch: run.bestEpoch, label: `early-stopping point: epoch ${run.bestEpoch}` }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3], color: '#333' }, encoding: { x: { field: 'epoch', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: 'left', dx: 4, dy: 4, baseline: 'top', fontSize: 11, color: '#333' },
            encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}

// ---- k-fold cross-validation -------------------------------------------------------------------

const K = 5;
const WIDTHS = [1, 2, 4, 8, 16, 32] as const;
const CV_OPT: Optimizer = { name: 'sgd', lr: 0.3 };
const CV_EPOCHS = 200;

export function crossValidationFigure(): VegaLiteSpec {
  const data = dataset();
  const folds = kFold(M, K, SEED);
  const { table, best } = crossValidate(
    WIDTHS,
    folds,
    (d, idx) => train(initNet([1, d, 1], ['tanh', 'identity'], { scheme: 'glorot-uniform', seed: 1 }), subset(data, idx), { loss: 'mse', optimizer: CV_OPT, epochs: CV_EPOCHS }).net,
    (net, idx) => datasetLoss(net, subset(data, idx), 'mse'),
  );
  const rows = table.flatMap((row) => [
    { d: row.value, error: r(row.trainError), kind: 'training error (mean over folds)' },
    { d: row.value, error: r(row.validError), kind: 'validation error J_d' },
  ]);
  return {
    title: {
      text: `Choosing a hyper-parameter by ${K}-fold cross-validation`,
      subtitle: [
        `d = hidden width of a 1-d-1 tanh net, mse, sgd lr ${CV_OPT.lr}, ${CV_EPOCHS} epochs; reference/learning/train.ts kFold + crossValidate`,
        `d* = argmin_d J_d = ${best}`,
      ],
    },
    width: 420,
    height: 240,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: true, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'd', type: 'quantitative', title: 'hidden width d', scale: { type: 'log', base: 2 }, axis: { values: [...WIDTHS], format: 'd' } },
          y: { field: 'error', type: 'quantitative', title: 'mse', scale: { zero: false }, axis: { format: '.3f' } },
          color: { field: 'kind', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#d62728'] }, legend: { orient: 'bottom', labelLimit: 300 } },
        },
      },
      {
        data: { values: [{ d: best, label: `d* = ${best}` }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3], color: '#333' }, encoding: { x: { field: 'd', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: 'left', dx: 4, baseline: 'top', fontSize: 11, color: '#333' },
            encoding: { x: { field: 'd', type: 'quantitative' }, y: { value: 2 }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}
