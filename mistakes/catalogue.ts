/**
 * The catalogue of mistakes: every common mistake the grader can name, one entry and one id each,
 * with how it is recognised and how a submission makes it (types.ts).
 *
 * Order matters only where two entries explain exactly the same cases: the earlier wins. The more
 * specific mistake comes first — a kink convention (one element at z = 0) before a missing σ′ (every
 * element), so that a case where both give the same numbers is named by the smaller change.
 */
import { ACTIVATION_MISTAKES } from './activations.js';
import { BACKPROP_MISTAKES } from './backprop.js';
import { LOSS_MISTAKES } from './losses.js';
import { OPTIMIZER_MISTAKES } from './optimizers.js';
import type { Mistake } from './types.js';

export const MISTAKES: readonly Mistake[] = [...ACTIVATION_MISTAKES, ...LOSS_MISTAKES, ...BACKPROP_MISTAKES, ...OPTIMIZER_MISTAKES];

export function mistakeById(id: string): Mistake | undefined {
  return MISTAKES.find((d) => d.id === id);
}
