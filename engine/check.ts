/**
 * What a check is — the one shape of every property, grading check and fixture case.
 *
 * A check is a case generator (fast-check arbitrary, plus fixed cases that every run includes) and
 * an `evaluate` that calls the subject and returns what is compared: an Evaluation {input, expected,
 * got, bounds, ctx}. The engine (engine/run.ts) compares it with the one comparator
 * (engine/compare.ts), shrinks a failure, and says how to replay it. A law that is not a comparison
 * of two values (XOR is not linearly separable; a perceptron run converges within Novikoff's bound)
 * may instead return nothing and throw a PropertyFailure (properties/failure.ts) when it does not hold.
 */
import type * as fc from 'fast-check';
import type { ContractFunctionName } from '../contract/names.js';
import type { Precision, Subject } from '../contract/types.js';
import type { ExpectedFunctions } from '../conventions/expected.js';

export type { Path } from './compare.js';

/** The one status of a check's result, for check, grade and replay alike. */
export type Status = 'pass' | 'fail' | 'error' | 'timeout' | 'missing' | 'skipped';

/** The compared quantity: expected (from the expected side), got (from the subject), bounds. */
export interface Evaluation {
  /** The case as a report shows it (JSON-able). */
  input: Record<string, unknown>;
  expected: unknown;
  got: unknown;
  /** Same tree shape as `expected`: the allowed |got − expected| per element (or a function of path). */
  bounds: unknown;
  /** Anything a diagnosis needs (the subject's whole answer, forward values, …). */
  ctx: Record<string, unknown>;
  /** A note shown with a failure (e.g. which steps were compared). */
  note?: string;
}

/** What every evaluation may use besides the case. */
export interface CheckContext {
  /** The subject under test. */
  subject: Subject;
  /** The check's own seed (derived from the run seed and the check id). */
  seed: number;
  /** The expected side: the reference under the chosen conventions (a step may expect OneOf at undefined points). */
  expected: ExpectedFunctions;
  /** The arithmetic the subject computes in. */
  precision: Precision;
  /** u_subject + u_reference: the unit roundoff the grading bounds are evaluated at (tolerance/grading.ts). */
  u: number;
  /** Absolute slack for gradual underflow at every element (tolerance/grading.ts UNDERFLOW_SLACK). */
  slack: number;
  /** The convention settings judged by (name → value), when the front end has them. */
  conventions?: Readonly<Record<string, string>>;
}

export interface Check<C = any> {
  /** Stable id: "backward.bp2", "gradient.finite-difference", "replay.backward/relu/…". */
  readonly id: string;
  /** What it verifies, in one line, with the notes' name of the concept (and whether it compares with the reference). */
  readonly concept: string;
  /** The contract functions the subject must implement; otherwise the result is 'missing' (not applicable). */
  readonly requires: readonly ContractFunctionName[];
  /** Precisions of subjects it applies to (default all); otherwise 'skipped', with the reason. */
  readonly appliesTo?: readonly Precision[];
  /** Random cases when the user gives no --runs (expensive checks use fewer). */
  readonly defaultRuns?: number;
  /** Ids the diagnoses catalogue knows this check by (default [id]); e.g. replay's backward cases → backward.bp1 … */
  readonly diagnosisIds?: readonly string[];
  arbitrary(ctx: CheckContext): fc.Arbitrary<C>;
  /** Fixed cases every run includes first (kinks, overflow, the pairings in scope …). */
  examples?(ctx: CheckContext): C[];
  /** Calls the subject; returns what is compared, or nothing for a law that throws when it fails. Must be deterministic. */
  evaluate(c: C, subject: Subject, ctx: CheckContext): Promise<Evaluation | void> | Evaluation | void;
}
