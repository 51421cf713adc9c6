/**
 * The course's scope: which activations, losses and optimizers a course teaches. Every check draws
 * its cases only from the scope — `forward` and `backward.*` included — so a submission that
 * implements just the course's subset (answering other requests with an error) can reach full marks.
 */
import { UnknownNameError } from '../contract/errors.js';
import {
  ACTIVATIONS,
  ELEMENTWISE_ACTIVATIONS,
  LOSSES,
  LOSS_OUTPUTS,
  OPTIMIZERS,
  type ActivationName,
  type LossName,
  type OptimizerName,
} from '../contract/names.js';

export interface Scope {
  activations: readonly ActivationName[];
  losses: readonly LossName[];
  optimizers: readonly OptimizerName[];
}

export const FULL_SCOPE: Scope = { activations: ACTIVATIONS, losses: LOSSES, optimizers: OPTIMIZERS };

function parseList<T extends string>(kind: string, text: string | readonly string[] | undefined, known: readonly T[], where: string): readonly T[] | undefined {
  if (text === undefined) return undefined;
  const items = (typeof text === 'string' ? text.split(',') : text).map((s) => s.trim()).filter(Boolean);
  for (const it of items) if (!(known as readonly string[]).includes(it)) throw new UnknownNameError(kind, it, known, where);
  return known.filter((k) => items.includes(k));
}

/** Narrows `base` by comma-separated lists (or arrays); an absent list keeps the base. */
export function narrowScope(
  base: Scope,
  lists: { activations?: string | readonly string[]; losses?: string | readonly string[]; optimizers?: string | readonly string[] },
  where = '--',
): Scope {
  return {
    activations: parseList('activation', lists.activations, ACTIVATIONS, `${where}activations`) ?? base.activations,
    losses: parseList('loss', lists.losses, LOSSES, `${where}losses`) ?? base.losses,
    optimizers: parseList('optimizer', lists.optimizers, OPTIMIZERS, `${where}optimizers`) ?? base.optimizers,
  };
}

/** Elementwise activations in scope (the hidden layers' choices and the activateGrad checks). */
export function hiddenActivations(scope: Scope): ActivationName[] {
  return ELEMENTWISE_ACTIVATIONS.filter((a) => scope.activations.includes(a));
}

/**
 * (output activation, loss) pairs the grader draws nets from: mse after any output activation, and
 * the notes' pairings bce+sigmoid and cce+softmax. The contract also accepts bce+softmax and
 * cce+sigmoid, but they are degenerate for grading (a 1-unit softmax is constantly 1, so bce is
 * infinite) and no course teaches them; a submission is not graded on them.
 */
export const GRADED_OUTPUTS: Readonly<Record<LossName, readonly ActivationName[]>> = {
  mse: LOSS_OUTPUTS.mse,
  bce: ['sigmoid'],
  cce: ['softmax'],
};

/** (output activation, loss) pairs the scope teaches, among GRADED_OUTPUTS. */
export function pairings(scope: Scope): Array<readonly [ActivationName, LossName]> {
  return scope.losses.flatMap((loss) => GRADED_OUTPUTS[loss].filter((a) => scope.activations.includes(a)).map((a) => [a, loss] as const));
}

export function describeScope(scope: Scope): string {
  const part = (name: string, xs: readonly string[], all: readonly string[]) => (xs.length === all.length ? null : `${name}: ${xs.join(', ') || '(none)'}`);
  const parts = [part('activations', scope.activations, ACTIVATIONS), part('losses', scope.losses, LOSSES), part('optimizers', scope.optimizers, OPTIMIZERS)].filter(Boolean);
  return parts.length ? parts.join('; ') : 'the whole contract';
}
