/**
 * What a property is: a check of the one engine (engine/check.ts) whose evaluation is a law of the
 * notes — it throws a PropertyFailure when the law does not hold. Properties are written once against a
 * Subject (any implementation of the contract) and never against one implementation's internals; each
 * names the concept of the notes it checks.
 */
import type { Subject } from '../contract/types.js';
import type { Check } from '../engine/check.js';

/** What a property's generator and law may use: the subject and the property's own seed. */
export interface PropertyContext {
  subject: Subject;
  /** The property's seed (every random choice flows from the run seed through it). */
  seed: number;
}

export interface Property<A = any> extends Pick<Check<A>, 'id' | 'concept' | 'requires' | 'appliesTo' | 'defaultRuns'> {
  /** Generator of inputs (nets, batches, ...). */
  arbitrary(ctx: PropertyContext): import('fast-check').Arbitrary<A>;
  /**
   * Checks one input; throws (an Error, ideally a PropertyFailure) when the property does not hold.
   * Must be deterministic for a given input so fast-check can shrink.
   */
  check(subject: Subject, input: A, ctx: PropertyContext): Promise<void> | void;
}
