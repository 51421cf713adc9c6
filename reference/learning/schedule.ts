/**
 * Learning-rate schedules, usable with any optimizer of the contract.
 *
 * The notes' decreasing learning rate (002, "Decreasing learning rate"):
 *     η_t = (1 − t/τ) η₀ + (t/τ) η_τ   if t < τ
 *     η_t = η_τ                         otherwise
 * "Larger learning rate at the beginning for faster convergence towards attraction basin; smaller
 * learning rate at the end to avoid oscillation close to the minimum."
 *
 * Convention `schedule-step-index`: t counts optimizer steps taken before this one, starting at 0, so
 * the first update uses η₀ exactly. (Keras' schedules also take the 0-based step; PyTorch's
 * LambdaLR counts epochs.)
 */
import { InvalidArgumentError } from '../../contract/errors.js';
import type { Optimizer } from '../../contract/types.js';
import { checkNumber } from '../../contract/validate.js';

export type Schedule =
  | { kind: 'constant'; lr: number }
  /** The notes' linear decay from lr0 to lrTau over tau steps, then constant. */
  | { kind: 'linear-decay'; lr0: number; lrTau: number; tau: number };

function checkSchedule(s: Schedule): void {
  if (s.kind === 'constant') {
    checkNumber(s.lr, 'schedule.lr');
    return;
  }
  if (s.kind !== 'linear-decay') throw new InvalidArgumentError({ where: 'schedule.kind', expected: '"constant" or "linear-decay"', got: JSON.stringify((s as { kind: unknown }).kind) });
  checkNumber(s.lr0, 'schedule.lr0');
  checkNumber(s.lrTau, 'schedule.lrTau');
  checkNumber(s.tau, 'schedule.tau');
  if (!(s.tau > 0)) throw new InvalidArgumentError({ where: 'schedule.tau', expected: 'τ > 0 steps', got: String(s.tau) });
}

/** η_t for step t = 0, 1, 2, ... */
export function learningRate(s: Schedule, t: number): number {
  checkSchedule(s);
  if (s.kind === 'constant') return s.lr;
  if (t >= s.tau) return s.lrTau; // η_τ otherwise
  const f = t / s.tau;
  return (1 - f) * s.lr0 + f * s.lrTau; // (1 − t/τ)η₀ + (t/τ)η_τ
}

/** The optimizer with its lr replaced by η_t (all other hyper-parameters kept). */
export function withLearningRate(opt: Optimizer, lr: number): Optimizer {
  return { ...opt, lr };
}

/** The optimizer to use at step t under a schedule (undefined schedule: opt unchanged). */
export function scheduled(opt: Optimizer, s: Schedule | undefined, t: number): Optimizer {
  return s === undefined ? opt : withLearningRate(opt, learningRate(s, t));
}
