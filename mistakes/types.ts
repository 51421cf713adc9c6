/**
 * What a catalogued mistake is. One entry, one id, holds both sides of a common mistake:
 *  - how it is RECOGNISED in answers (`mistaken`: what the mistaken formula gives on the same input,
 *    compared with the check's own tolerance; `thrown`: what a submission making it throws; `refines`:
 *    another entry read together with the rest of the run's evidence), and
 *  - how a submission MAKES it (`planted`: contract functions built on the reference with that one
 *    formula changed), which the grader's tests grade to show that the recognition finds it.
 *
 * The recognition reads the evaluations of the grading checks (grader/checks.ts); the context each
 * check puts into `ev.ctx` is described below (`NetEvalCtx`, …), so this folder needs nothing of the
 * grader's.
 */
import type { ActivationName, LossName } from '../contract/names.js';
import type { ContractFunctions, Matrix, Net, Optimizer, Params, Vector } from '../contract/types.js';
import type { CheckContext, Evaluation } from '../engine/check.js';
import type { SwitchName } from '../conventions/switches.js';

export type { CheckContext, Evaluation };

/** What the mistaken formula gives: shaped like `ev.expected`, or several alternatives. */
export type Mistaken = unknown | { alternatives: unknown[] };

export interface Mistake {
  /** Stable id, `<where>.<what>`, e.g. "bp2.missing-sigma-prime". Reports, the rubric's readers and `planted:<id>` use it. */
  readonly id: string;
  /** The grading checks it can explain (ids, or prefixes ending in "."). */
  readonly checks: readonly string[];
  /** The mistake in plain words, as the student reads it. */
  readonly title: string;
  /** What to change. */
  readonly fix: string;
  /**
   * What the mistaken formula gives on this evaluation, shaped like `ev.expected`; undefined where the
   * mistake cannot be told apart on this case (e.g. W vs Wᵀ on a non-square layer).
   */
  mistaken?(ev: Evaluation, ctx: CheckContext): Mistaken;
  /** For mistakes that make the submission throw (Python's OverflowError, ...): matched against what it threw. */
  readonly thrown?: RegExp;
  /**
   * Named INSTEAD of entry `over` on a check where `over` was diagnosed, when one of the `passing`
   * checks (ids or prefixes) ran in the same grading and passed: the same formula, read with the
   * rest of the evidence (the loss is a mean, so gradients that are sums disagree with it). Such an
   * entry has no `mistaken` of its own and is never a candidate on its own.
   */
  readonly refines?: ReadonlyArray<{ readonly over: string; readonly passing: readonly string[] }>;
  /**
   * The documented convention switch that computes exactly this formula, where there is one: the
   * grader then prints the convention hint beside the diagnosis (the two agree; a test grades the
   * planted mistake and expects both). Absent: no switch explains it.
   */
  readonly convention?: { readonly name: SwitchName; readonly value: string };
  /**
   * A convention hint that is wrong beside this entry and is dropped from the check (the switch would
   * change checks that passed): `batch-reduction` beside gradients that are sums of a mean loss.
   */
  readonly contradicts?: SwitchName;
  /** How a submission makes it. */
  readonly planted: Planted;
}

export interface Planted {
  /** The contract functions of the submission that differ from the reference. */
  readonly fns: Partial<ContractFunctions>;
  /** The checks where it shows: grading `fns` fails exactly these, each diagnosed as this entry. */
  readonly shows: readonly string[];
  /** The checks to grade (default `shows`): more where the recognition needs the evidence of others (`refines`). */
  readonly grade?: readonly string[];
}

export function appliesTo(d: Pick<Mistake, 'checks'>, checkId: string): boolean {
  return d.checks.some((c) => (c.endsWith('.') ? checkId.startsWith(c) : c === checkId));
}

// ---- the evaluation contexts the grading checks provide (grader/checks.ts) ---------------------------

/** The case of a net check: forward, backward.bp1 … bp4. */
export interface NetCaseLike {
  net: Net;
  X: Matrix;
  Y: Matrix;
  loss: LossName;
}

/** `ev.ctx` of forward and backward checks: the expected forward and backward values, σ′(z) per layer, and the δ BP2–BP4 are judged from. */
export interface NetEvalCtx {
  case: NetCaseLike;
  fw: { z: Matrix[]; a: Matrix[] };
  bw: { delta: Matrix[]; gradW?: Matrix[]; gradB?: Vector[] };
  /** σ′(z^l) per layer (zeros for a softmax layer). */
  sp: Matrix[];
  /** The δ the check judges from: the submission's own where it carries evidence, else the true δ. */
  ownDelta: Matrix[];
}

/** `ev.input` of activate / activateGrad checks. */
export interface ActivateInput {
  name: ActivationName;
  z: Vector;
  alpha?: number;
}

/** `ev.ctx` of activate / activateGrad checks: the activation, its α (the default where the case gives none), and whether it is the derivative. */
export interface ActivateEvalCtx {
  name: ActivationName;
  alpha: number;
  grad?: boolean;
}

/** `ev.input` of loss checks. */
export interface LossInput {
  name: LossName;
  A: Matrix;
  Y: Matrix;
}

/** The case of a step check: several steps in a row, each fed the previous params and state. */
export interface StepCaseLike {
  opt: Optimizer;
  params: Params;
  grads: Params[];
}

/** The case of the perceptron check. */
export interface PerceptronCaseLike {
  w: Vector;
  b: number;
  x: Vector;
  y: 0 | 1;
  lr: number;
}
