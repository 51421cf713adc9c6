/**
 * nn-oracle train: runs a small named experiment (reference/constructions/experiments.ts) with the reference's
 * training loop, prints progress (epoch, loss) on stderr and the final metrics on stdout, and can
 * write the loss curve as JSON or CSV for plotting.
 */
import { NonFiniteError, UnknownNameError } from '../../contract/errors.js';
import { ELEMENTWISE_ACTIVATIONS, OPTIMIZERS, isOptimizerName, type ActivationName } from '../../contract/names.js';
import type { Optimizer } from '../../contract/types.js';
import { UsageError, formatOption, intOption, numberOption, parseCommandArgs, seedOption } from '../args.js';
import { checkOutputPath, writeOutputFile } from '../paths.js';
import { QUIET_HELP, QUIET_OPTION, createProgress } from '../progress.js';
import { EXPERIMENTS, experiment, recipeNet } from '../../reference/constructions/experiments.js';
import { scheduled, type Schedule } from '../../reference/learning/schedule.js';
import { classificationError, datasetLoss, train, type EpochInfo } from '../../reference/learning/train.js';

export const help = `usage: nn-oracle train <experiment> [options]

Trains a small network with the reference (backward = BP1–BP4, step = the contract's optimizers) and
prints the final metrics. Progress lines "epoch N  loss L  lr η" go to stderr, from epoch 0 (the
loss of the initial weights).

experiments:
${Object.values(EXPERIMENTS).map((e) => `  ${e.name.padEnd(8)} ${e.description}`).join('\n')}

options:
  --activation A       hidden-layer activation (default: the experiment's); one of ${ELEMENTWISE_ACTIVATIONS.join(', ')}
  --optimizer O        ${OPTIMIZERS.join(', ')} (default: the experiment's, adam); defaults: momentum α = 0.9,
                       adagrad ε = 1e-8, rmsprop ρ = 0.9 ε = 1e-8, adam β₁ = 0.9 β₂ = 0.999 ε = 1e-8
  --lr X               learning rate η (default: the experiment's)
  --lr-end X --tau N   the notes' decreasing learning rate: η falls linearly from --lr to X over N steps
  --epochs N           epochs (default: the experiment's)
  --batch N|full       minibatch size (1 = online SGD; default: the experiment's)
  --seed S             seed of the initial weights and of the shuffling (default 0; a 32-bit integer)
  --out FILE           write the loss curve, from epoch 0: FILE ending in .csv → "epoch,loss,lr",
                       otherwise JSON
  --every N            record and report the loss every N epochs (default: about 20 reports)
  --format text|json   final metrics as text (default) or one JSON object
  ${QUIET_HELP}

Losses and learning rates are printed in one format, 6 significant digits in exponent form
(6.93147e-1), in the progress lines, the final metrics and the CSV alike; the JSON keeps every digit.
`;

function optimizerFor(name: string, lr: number): Optimizer {
  if (!isOptimizerName(name)) throw new UnknownNameError('optimizer', name, OPTIMIZERS, '--optimizer');
  switch (name) {
    case 'sgd':
      return { name, lr };
    case 'momentum':
      return { name, lr, alpha: 0.9 };
    case 'adagrad':
      return { name, lr, eps: 1e-8 };
    case 'rmsprop':
      return { name, lr, rho: 0.9, eps: 1e-8 };
    case 'adam':
      return { name, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  }
}

/** The one number format of train's text and CSV: 6 significant digits, always in exponent form. */
function formatLoss(x: number): string {
  return Number.isFinite(x) ? x.toExponential(5) : String(x);
}

function curveCsv(history: readonly EpochInfo[]): string {
  return ['epoch,loss,lr', ...history.map((h) => `${h.epoch},${formatLoss(h.loss)},${formatLoss(h.lr)}`)].join('\n') + '\n';
}

const OPTIONS = {
  activation: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  'lr-end': { type: 'string' },
  tau: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  every: { type: 'string' },
  format: { type: 'string' },
  ...QUIET_OPTION,
} as const;

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCommandArgs('train', argv, OPTIONS, { positionals: true });
  if (positionals.length !== 1) throw new UsageError({ where: 'experiment', expected: `one of ${Object.keys(EXPERIMENTS).join(', ')}`, got: positionals.length ? positionals.join(' ') : 'nothing' });
  const exp = experiment(positionals[0]!);
  const format = formatOption(v.format, ['text', 'json'], 'text');

  const r = exp.recipe;
  const activations = [...r.activations];
  if (v.activation !== undefined) {
    if (!(ELEMENTWISE_ACTIVATIONS as readonly string[]).includes(v.activation)) throw new UnknownNameError('activation', v.activation, ELEMENTWISE_ACTIVATIONS, '--activation');
    for (let l = 0; l < activations.length - 1; l++) activations[l] = v.activation as ActivationName;
  }
  const lr = numberOption(v.lr, '--lr', { min: 0 }) ?? r.optimizer.lr;
  const optimizer = optimizerFor(v.optimizer ?? r.optimizer.name, lr);
  const epochs = intOption(v.epochs, '--epochs', { min: 0 }) ?? r.epochs;
  const batchSize = v.batch === undefined ? r.batchSize : v.batch === 'full' ? 'full' : intOption(v.batch, '--batch', { min: 1 })!;
  const seed = seedOption(v.seed) ?? 0;
  const every = intOption(v.every, '--every', { min: 1 }) ?? Math.max(1, Math.round(epochs / 20));
  let schedule: Schedule | undefined;
  if (v['lr-end'] !== undefined || v.tau !== undefined) {
    const lrTau = numberOption(v['lr-end'], '--lr-end', { min: 0 });
    const tau = intOption(v.tau, '--tau', { min: 1 });
    if (lrTau === undefined || tau === undefined) throw new UsageError({ where: '--lr-end/--tau', expected: 'both --lr-end and --tau', got: 'only one of them' });
    schedule = { kind: 'linear-decay', lr0: lr, lrTau, tau };
  }

  if (v.out !== undefined) checkOutputPath(v.out, '--out');

  const net0 = recipeNet({ ...r, activations }, seed);
  const progress = createProgress({ quiet: v.quiet });
  const width = String(epochs).length;
  const report = (e: EpochInfo) => progress.status(`epoch ${String(e.epoch).padStart(width)}  loss ${formatLoss(e.loss)}  lr ${formatLoss(e.lr)}`);
  // epoch 0: the loss of the initial weights, before any step, at the first step's learning rate
  const start: EpochInfo = { epoch: 0, loss: datasetLoss(net0, exp.data, r.loss), lr: scheduled(optimizer, schedule, 0).lr, steps: 0 };
  report(start);
  const t0 = performance.now();
  let lastEpoch = 0;
  let result: ReturnType<typeof train>;
  try {
    result = train(net0, exp.data, {
      loss: r.loss,
      optimizer,
      epochs,
      batchSize,
      seed,
      schedule,
      recordEvery: every,
      onEpoch: (e) => {
        lastEpoch = e.epoch;
        report(e);
      },
    });
  } catch (e) {
    progress.done();
    // a step size that makes training diverge surfaces as a NaN deep in backward or step: say so
    if (e instanceof NonFiniteError) {
      throw new UsageError({ where: '--lr', expected: 'a learning rate at which training stays finite', got: `${lr}: training diverged after epoch ${lastEpoch} (${e.message})` });
    }
    throw e;
  }
  progress.done();
  const ms = Math.round(performance.now() - t0);
  const history = [start, ...result.history];
  const last = history[history.length - 1];
  const metrics = {
    experiment: exp.name,
    activations,
    loss: r.loss,
    optimizer,
    schedule: schedule ?? null,
    epochs,
    batchSize,
    seed,
    steps: result.steps,
    finalLoss: last?.loss ?? null,
    classificationError: exp.kind === 'classification' ? classificationError(result.net, exp.data) : null,
    ms,
  };
  if (v.out) {
    writeOutputFile(v.out, v.out.endsWith('.csv') ? curveCsv(history) : JSON.stringify({ ...metrics, curve: history }, null, 1) + '\n', '--out');
  }
  if (format === 'json') process.stdout.write(JSON.stringify(metrics) + '\n');
  else {
    const lines = [
      `experiment ${exp.name}: ${r.sizes.join('-')} ${activations.join('/')}, ${r.loss}, ${optimizer.name} η = ${lr}${schedule?.kind === 'linear-decay' ? ` → ${schedule.lrTau} over ${schedule.tau} steps` : ''}, batch ${batchSize}, seed ${seed}`,
      `epochs ${epochs} (${result.steps} steps) in ${ms} ms`,
      `final loss ${metrics.finalLoss === null ? '-' : formatLoss(metrics.finalLoss)} (epoch 0: ${formatLoss(start.loss)})`,
    ];
    if (metrics.classificationError !== null) lines.push(`classification error ${(metrics.classificationError * 100).toFixed(1)}% (${Math.round(metrics.classificationError * exp.data.X.length)} of ${exp.data.X.length})`);
    if (v.out) lines.push(`loss curve written to ${v.out}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  return 0;
}
