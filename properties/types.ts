/**
 * What a property is. Properties are written once against a Subject (any implementation of the
 * contract) and never against one implementation's internals; each names the concept of the notes
 * it checks. The runner (properties/engine.ts) drives them with fast-check from one seed.
 */
import type * as fc from 'fast-check';
import type { ContractFunctionName } from '../contract/names.js';
import type { Precision, Subject } from '../contract/types.js';

export interface PropertyContext {
  subject: Subject;
  /** The run's seed (every random choice flows from it). */
  seed: number;
}

export interface Property<A = any> {
  /** Stable id, e.g. "gradient.finite-difference", "bp.bp2", "xor.relu-network". */
  readonly id: string;
  /** The concept of the notes it checks, with the place in the notes (file/section). */
  readonly concept: string;
  /** The contract functions the subject must implement; otherwise the property is reported missing. */
  readonly requires: readonly ContractFunctionName[];
  /** Precisions of subjects it applies to (default: all). E.g. a GPU-only differential property. */
  readonly appliesTo?: readonly Precision[];
  /** Default number of runs when the user gives none (expensive properties use fewer). */
  readonly defaultRuns?: number;
  /** Generator of inputs (nets, batches, ...). */
  arbitrary(ctx: PropertyContext): fc.Arbitrary<A>;
  /**
   * Checks one input; throws (an Error, ideally a PropertyFailure) when the property does not hold.
   * Must be deterministic for a given input so fast-check can shrink.
   */
  check(subject: Subject, input: A, ctx: PropertyContext): Promise<void> | void;
}
