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
  /**
   * The (output activation, loss) pairings the course uses (`--pairings identity+mse,sigmoid+bce`);
   * absent: every pairing the contract accepts among the scope's activations and losses.
   */
  pairings?: ReadonlyArray<readonly [ActivationName, LossName]>;
}

export const FULL_SCOPE: Scope = { activations: ACTIVATIONS, losses: LOSSES, optimizers: OPTIMIZERS };

function parseList<T extends string>(kind: string, text: string | readonly string[] | undefined, known: readonly T[], where: string): readonly T[] | undefined {
  if (text === undefined) return undefined;
  const items = (typeof text === 'string' ? text.split(',') : text).map((s) => s.trim()).filter(Boolean);
  for (const it of items) if (!(known as readonly string[]).includes(it)) throw new UnknownNameError(kind, it, known, where);
  return known.filter((k) => items.includes(k));
}

/** Every pairing the contract accepts, as "output+loss" names. */
const PAIRING_NAMES: readonly string[] = LOSSES.flatMap((loss) => LOSS_OUTPUTS[loss].map((a) => `${a}+${loss}`));

/** "sigmoid+bce,softmax+cce" (or an array of such names) as pairings; a typed error names a wrong one. */
function parsePairings(text: string | readonly string[], where = '--pairings'): Array<readonly [ActivationName, LossName]> {
  const items = (typeof text === 'string' ? text.split(',') : text).map((x) => x.trim()).filter(Boolean);
  return items.map((it) => {
    if (!PAIRING_NAMES.includes(it)) throw new UnknownNameError('pairing (output+loss)', it, PAIRING_NAMES, where);
    const [a, l] = it.split('+') as [ActivationName, LossName];
    return [a, l] as const;
  });
}

/** Narrows `base` by comma-separated lists (or arrays); an absent list keeps the base. */
export function narrowScope(
  base: Scope,
  lists: { activations?: string | readonly string[]; losses?: string | readonly string[]; optimizers?: string | readonly string[]; pairings?: string | readonly string[] },
  where = '--',
): Scope {
  const pairs = lists.pairings !== undefined ? parsePairings(lists.pairings, `${where}pairings`) : base.pairings;
  return {
    activations: parseList('activation', lists.activations, ACTIVATIONS, `${where}activations`) ?? base.activations,
    losses: parseList('loss', lists.losses, LOSSES, `${where}losses`) ?? base.losses,
    optimizers: parseList('optimizer', lists.optimizers, OPTIMIZERS, `${where}optimizers`) ?? base.optimizers,
    ...(pairs ? { pairings: pairs } : {}),
  };
}

/** Elementwise activations in scope (the hidden layers' choices and the activateGrad checks). */
export function hiddenActivations(scope: Scope): ActivationName[] {
  return ELEMENTWISE_ACTIVATIONS.filter((a) => scope.activations.includes(a));
}

/**
 * (output activation, loss) pairs the grader draws nets from: every pairing the contract accepts
 * (LOSS_OUTPUTS) — mse after any output, bce after sigmoid or softmax (softmax with ≥ 2 outputs),
 * cce after softmax or sigmoid — among the scope's activations and losses, and, when the course names
 * its pairings (`--pairings`, the rubric's "pairings"), only those. The fixtures hold every pairing,
 * and grading draws every one, so grade and replay judge the same cases.
 */
export function pairings(scope: Scope): Array<readonly [ActivationName, LossName]> {
  const all = scope.losses.flatMap((loss) => LOSS_OUTPUTS[loss].filter((a) => scope.activations.includes(a)).map((a) => [a, loss] as const));
  if (!scope.pairings) return all;
  return all.filter(([a, l]) => scope.pairings!.some(([pa, pl]) => pa === a && pl === l));
}

export function describeScope(scope: Scope): string {
  const part = (name: string, xs: readonly string[], all: readonly string[]) => (xs.length === all.length ? null : `${name}: ${xs.join(', ') || '(none)'}`);
  const parts = [part('activations', scope.activations, ACTIVATIONS), part('losses', scope.losses, LOSSES), part('optimizers', scope.optimizers, OPTIMIZERS)].filter(Boolean);
  if (scope.pairings) parts.push(`pairings: ${pairings(scope).map(([a, l]) => `${a}+${l}`).join(', ') || '(none)'}`);
  return parts.length ? parts.join('; ') : 'the whole contract';
}
