/**
 * The one runner. Every property (`nn-oracle check`), grading check (`grade`) and fixture case
 * (`replay`) runs through `runCheck`:
 *
 *  1. applicability: a check whose functions the subject lacks is 'missing' (not applicable, the
 *     functions named); one for other precisions is 'skipped' (the reason given);
 *  2. cases: the check's own seed is derived from (run seed, check id), so adding a check never changes
 *     another's cases and `--seed S` with one check replays exactly what the full run did; the fixed
 *     cases come first, then random ones from fast-check;
 *  3. judgement: `evaluate` returns {expected, got, bounds}; the one comparator (engine/compare.ts)
 *     finds the first element outside its bound. A law may throw a PropertyFailure instead. What the
 *     subject throws on a valid input, and what the engine's own evaluation throws, are 'error' —
 *     never 'pass';
 *  4. a failure is shrunk by fast-check (a failure on a fixed case, which fast-check cannot shrink, is
 *     looked for among random cases and shrunk there), within a time budget, and reported with the
 *     counterexample, fast-check's path and the command that replays it;
 *  5. a process subject that times out, crashes, never answers, passes its deadline or did not load
 *     stops the check at once (and `stopAll` tells the suite runner to grade nothing further);
 *  6. evidence: after a failure, further cases (the fixed ones and a few random ones) are judged for
 *     the front end's `explain` hook (diagnoses, convention hints), which names a mistake only when it
 *     explains all of them.
 *
 * This module prints nothing.
 */
import * as fc from 'fast-check';
import {
  NotImplementedError,
  SubmissionCrashError,
  SubmissionLoadError,
  SubmissionThrewError,
  isNnOracleError,
} from '../contract/errors.js';
import type { Subject } from '../contract/types.js';
import type { Check, CheckContext, Evaluation, Status } from './check.js';
import { describeDifference, firstDifference, type Difference } from './compare.js';
import { isPropertyFailure } from './failure.js';
import { checkSeed } from './seed.js';

export const DEFAULT_RUNS = 50;

/** One failing case as the runner saw it (the evidence diagnoses work on). */
export interface Failure {
  /** The case as given to evaluate. */
  case: unknown;
  /** The case as the report shows it (ev.input, or the case itself). */
  input: unknown;
  ev?: Evaluation;
  diff?: Difference;
  /** What the subject threw on this valid input (its message). */
  threw?: string;
  /** The check's own evaluation threw (not the subject): a bug in nn-oracle or the check. */
  internal?: boolean;
  /** A law's PropertyFailure message. */
  law?: string;
}

export interface Counterexample {
  /** The (shrunk) input the subject was called with. */
  input: unknown;
  expected?: unknown;
  got?: unknown;
  /** The first element that differs. */
  firstDifference?: Difference;
  /** What the subject threw, when it threw. */
  threw?: string;
  note?: string;
}

export interface Explanation {
  diagnosis?: { id: string; title: string; fix: string };
  /** A convention switch under which the subject's answers are right (e.g. elu-grad-at-zero=alpha). */
  convention?: { name: string; value: string; text: string };
}

export interface CheckOutcome {
  id: string;
  concept: string;
  status: Status;
  message: string;
  /** Cases run, not counting shrinking (for a failure: up to the one that failed). */
  runs: number;
  ms: number;
  /** The run's seed. */
  runSeed: number;
  /** The check's own fast-check seed, derived from the run seed and the id. */
  seed: number;
  counterexample?: Counterexample;
  /** fast-check's path to the shrunk counterexample (replay with --path). */
  path?: string;
  shrinks?: number;
  /** The functions the subject lacks (status 'missing'). */
  missing?: string[];
  /** The submission could not be loaded at all (status 'error'; nothing else is graded). */
  loadError?: { message: string; location?: string; frame?: string };
  /** True when nothing further should be asked of this subject (deadline, did not load, never answers). */
  stopAll?: boolean;
  explanation?: Explanation;
  /** Every failing case seen (shrinking and evidence), for diagnoses; not part of any report. */
  failures: Failure[];
  replay?: string;
}

export interface RunOptions {
  /** The run seed (a 32-bit integer). */
  seed: number;
  /** Random cases after the fixed ones (default: the check's defaultRuns, else DEFAULT_RUNS). */
  runs?: number;
  /** Scales defaultRuns when `runs` is not given (a slow subject runs fewer). */
  runsScale?: number;
  /** fast-check path of a failure to replay (with the same seed). */
  path?: string;
  /** Per-case time limit for in-process subjects that may hang (a process subject has its own). */
  timeoutMs?: number;
  /** Wall-clock budget for shrinking one failure (default 10 s); the best case so far is reported. */
  shrinkBudgetMs?: number;
  /** Further random cases judged after a failure, as evidence for `explain` (default 0). */
  evidence?: number;
  /**
   * Names the mistake or convention the failures show (the front end's catalogue). `passed` holds the
   * evaluations of the evidence cases that passed: a mistake that would have shown on them is not it.
   */
  explain?(check: Check, failures: readonly Failure[], ctx: CheckContext, passed: readonly Evaluation[]): Promise<Explanation | undefined> | Explanation | undefined;
  /** The status of a case where the subject threw on a valid input: 'error' (grading) or 'fail' (a law). Default 'error'. */
  threwStatus?: 'fail' | 'error';
  /** The command line that replays one check (path when fast-check gave one). */
  replay?(checkId: string, path?: string): string | undefined;
}

/** The context every evaluation of `check` gets; `base` holds what the front end decided. */
function contextFor(check: Check, subject: Subject, base: Omit<CheckContext, 'subject' | 'seed'>, runSeed: number): CheckContext {
  return { ...base, subject, seed: checkSeed(runSeed, check.id) };
}

function messageOf(e: unknown): string {
  return e instanceof Error || isNnOracleError(e) ? (e as Error).message : String(e);
}

function isNotImplemented(e: unknown): boolean {
  if (e instanceof NotImplementedError) return true;
  if (isNnOracleError(e) && e.code === 'NOT_IMPLEMENTED') return true;
  return e instanceof Error && /^not implemented: /.test(e.message);
}

type Fatal = { status: Status; error: unknown; case: unknown };

/** What an exception from evaluate means: a failing case, or a reason to stop asking the subject. */
function classify(e: unknown, c: unknown): { failure: Failure } | { fatal: Fatal } {
  if (isPropertyFailure(e)) return { failure: { case: c, input: c, law: e.message } };
  if (isNotImplemented(e)) return { fatal: { status: 'missing', error: e, case: c } };
  if (e instanceof SubmissionLoadError) return { fatal: { status: 'error', error: e, case: c } };
  if (isNnOracleError(e) && e.code === 'TIMEOUT') return { fatal: { status: 'timeout', error: e, case: c } };
  if (e instanceof SubmissionCrashError) return { fatal: { status: 'error', error: e, case: c } };
  if (e instanceof SubmissionThrewError) return { failure: { case: c, input: c, threw: e.message.replace(/^\w+ threw: /, '') } };
  return { failure: { case: c, input: c, threw: messageOf(e), internal: true } };
}

/** Judges one case: null when it holds (its evaluation pushed onto `passed`, when given), a Failure when not; a fatal outcome stops the check. */
export async function judgeCase(check: Check, c: unknown, subject: Subject, ctx: CheckContext, passed?: Evaluation[]): Promise<{ failure: Failure } | { fatal: Fatal } | null> {
  let ev: Evaluation | void;
  try {
    ev = await check.evaluate(c, subject, ctx);
  } catch (e) {
    if (fc.PreconditionFailure.isFailure(e)) throw e; // fc.pre(): fast-check skips the case
    return classify(e, c);
  }
  if (!ev) return null;
  let diff: Difference | null;
  try {
    diff = firstDifference(ev.expected, ev.got, ev.bounds, ctx.slack);
  } catch (e) {
    return { failure: { case: c, input: ev.input, threw: `the comparison failed: ${messageOf(e)}`, internal: true } };
  }
  if (!diff) passed?.push(ev);
  return diff ? { failure: { case: c, input: ev.input, ev, diff } } : null;
}

/** Runs one check against one subject. Never throws for anything the subject does. */
export async function runCheck(check: Check, subject: Subject, base: Omit<CheckContext, 'subject' | 'seed'>, opts: RunOptions): Promise<CheckOutcome> {
  const t0 = performance.now();
  const ctx = contextFor(check, subject, base, opts.seed);
  const head = { id: check.id, concept: check.concept, runSeed: opts.seed, seed: ctx.seed };
  const done = (r: Omit<CheckOutcome, keyof typeof head | 'ms' | 'failures'> & { failures?: Failure[] }): CheckOutcome => {
    const out: CheckOutcome = { ...head, failures: [], ...r, ms: Math.round(performance.now() - t0) };
    const replay = out.status === 'pass' || out.status === 'missing' || out.status === 'skipped' ? undefined : opts.replay?.(check.id, out.path);
    return replay ? { ...out, replay } : out;
  };

  if (check.appliesTo && !check.appliesTo.includes(subject.precision)) {
    return done({ status: 'skipped', runs: 0, message: `applies to ${check.appliesTo.join(', ')} subjects only; this subject computes in ${subject.precision}` });
  }
  const missing = check.requires.filter((fn) => typeof subject.fns[fn] !== 'function');
  if (missing.length) return done({ status: 'missing', runs: 0, missing, message: `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not implemented by the subject (not applicable)` });

  let arbitrary: fc.Arbitrary<unknown>;
  let examples: unknown[];
  try {
    arbitrary = check.arbitrary(ctx);
    examples = check.examples?.(ctx) ?? [];
  } catch (e) {
    return done({ status: 'error', runs: 0, message: `the check's case generator failed (a bug in nn-oracle, please report it): ${messageOf(e)}` });
  }

  const failures: Failure[] = [];
  let fatal: Fatal | null = null;
  let runs = 0;
  let shrinkingSince = 0;
  const budget = opts.shrinkBudgetMs ?? 10_000;
  const predicate = async (c: unknown): Promise<boolean> => {
    if (fatal) return true; // stop asking a subject that hangs, crashed, lacks the function or did not load
    if (shrinkingSince && performance.now() - shrinkingSince > budget) return true; // keep the best case so far
    if (!shrinkingSince) runs++;
    const r = await judgeCase(check, c, subject, ctx);
    if (r === null) return true;
    if ('fatal' in r) {
      fatal = r.fatal;
      return true;
    }
    failures.push(r.failure);
    if (failures.length > 60) failures.splice(1, 1); // keep the first and the latest
    if (!shrinkingSince) shrinkingSince = performance.now();
    return false;
  };
  const scaled = Math.max(1, Math.round((check.defaultRuns ?? DEFAULT_RUNS) * (opts.runsScale ?? 1)));
  const randomRuns = opts.runs ?? scaled;
  let details: fc.RunDetails<[unknown]>;
  try {
    details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
      seed: ctx.seed,
      numRuns: examples.length + randomRuns,
      examples: examples.map((e) => [e] as [unknown]),
      path: opts.path,
      timeout: opts.timeoutMs,
      // a generator that rejects too often is a broken check, not a failing subject
      maxSkipsPerRun: 100,
    });
  } catch (e) {
    return done({ status: 'error', runs, message: `fast-check could not run the check: ${messageOf(e)}` });
  }
  let path = failures.length > 0 && details.failed ? (details.counterexamplePath ?? undefined) : undefined;
  const shrinks = details.numShrinks;
  if (failures.length === 0 && details.failed) {
    // fast-check's own verdict with no failing case recorded: an in-process subject ran past timeoutMs
    const err = details.errorInstance;
    const timedOut = err instanceof Error && /timeout/i.test(err.message);
    return done({ status: timedOut ? 'timeout' : 'error', runs: details.numRuns, message: timedOut ? `timeout: a case ran past ${opts.timeoutMs} ms` : `no result: ${messageOf(err)}` });
  }
  if (failures.length > 0 && runs <= examples.length && !fatal && opts.path === undefined) {
    // it failed on a fixed case, which fast-check cannot shrink: look for a random failing case and
    // shrink that one, so the report shows the smallest input (the fixed case stays if none fails)
    shrinkingSince = 0;
    const before = failures.length;
    const again = await fc.check(fc.asyncProperty(arbitrary, predicate), { seed: ctx.seed ^ 0x2545f491, numRuns: randomRuns, maxSkipsPerRun: 100, timeout: opts.timeoutMs });
    if (failures.length > before && again.failed) path = undefined; // that path belongs to the second search, not to --seed
  }

  const fatalNow = fatal as Fatal | null;
  if (fatalNow && fatalNow.error instanceof SubmissionLoadError) {
    const e = fatalNow.error;
    return done({
      status: 'error',
      runs,
      message: 'not graded: the submission did not load',
      loadError: { message: e.message.replace(/^the submission did not load: /, '').replace(/ \(at [^)]*\)$/, ''), ...(e.location ? { location: e.location } : {}), ...(e.frame ? { frame: e.frame } : {}) },
      stopAll: true,
    });
  }
  if (failures.length === 0) {
    if (fatalNow) {
      const e = fatalNow.error;
      if (fatalNow.status === 'missing') {
        const fn = isNnOracleError(e) && e.details.where ? e.details.where : messageOf(e).replace(/^not implemented: /, '');
        return done({ status: 'missing', runs, missing: [fn], message: `${fn} is not implemented (the subject answered "not implemented: ${fn}" or does not export it)` });
      }
      const stopAll = isNnOracleError(e) && e.code === 'TIMEOUT' && /not attempted|deadline/i.test(e.message);
      return done({ status: fatalNow.status, runs, message: messageOf(e), counterexample: { input: fatalNow.case }, ...(stopAll ? { stopAll } : {}) });
    }
    return done({ status: 'pass', runs, message: `${runs} case${runs === 1 ? '' : 's'} passed` });
  }

  // more evidence before naming a mistake: the fixed cases (fast-check stops at the first failing one)
  // and a few further random cases, so that two mistakes that agree on the shrunk case are told apart
  const evidence: Failure[] = [];
  const passed: Evaluation[] = [];
  if ((opts.evidence ?? 0) > 0 && !fatalNow) {
    for (const c of [...examples, ...fc.sample(arbitrary, { seed: ctx.seed ^ 0x5bd1e995, numRuns: opts.evidence! })]) {
      const r = await judgeCase(check, c, subject, ctx, passed);
      if (r === null) continue;
      if ('fatal' in r) break; // a crash or hang here only loses evidence
      evidence.push(r.failure);
    }
  }
  const all = [...evidence, ...failures];
  const last = failures[failures.length - 1]!;
  let explanation: Explanation | undefined;
  if (opts.explain && !last.internal) {
    try {
      explanation = await opts.explain(check, all, ctx, passed);
    } catch {
      explanation = undefined; // a diagnosis that cannot be computed is no diagnosis
    }
  }
  const common = { runs, failures: all, shrinks, ...(path ? { path } : {}), ...(explanation && (explanation.diagnosis || explanation.convention) ? { explanation } : {}) };
  if (last.threw !== undefined) {
    const fn = check.requires[0] ?? 'the subject';
    const message = last.internal
      ? `the check could not be evaluated (a bug in nn-oracle, please report it with the replay command): ${last.threw}`
      : `${fn} threw on a valid input: ${last.threw}`;
    return done({ ...common, status: last.internal ? 'error' : (opts.threwStatus ?? 'error'), message, counterexample: { input: last.input, threw: last.threw } });
  }
  if (last.law !== undefined) return done({ ...common, status: 'fail', message: last.law, counterexample: { input: last.input } });
  const ev = last.ev!;
  return done({
    ...common,
    status: 'fail',
    message: `wrong result at ${describeDifference(last.diff!)}`,
    counterexample: { input: ev.input, expected: ev.expected, got: ev.got, firstDifference: last.diff, ...(ev.note ? { note: ev.note } : {}) },
  });
}

export type ProgressEvent = { kind: 'start'; id: string; index: number; total: number } | { kind: 'done'; outcome: CheckOutcome; index: number; total: number };

/**
 * Runs checks one after the other (a subject may hold one GPU or one child process). After an
 * outcome that says stopAll (the submission did not load, its deadline passed), the remaining
 * checks are not attempted: they get that outcome's status and message, no second attempt.
 */
export async function runChecks(
  checks: readonly Check[],
  subject: Subject,
  base: Omit<CheckContext, 'subject' | 'seed'>,
  opts: RunOptions & { onProgress?(e: ProgressEvent): void },
): Promise<CheckOutcome[]> {
  const out: CheckOutcome[] = [];
  let stop: CheckOutcome | null = null;
  for (const [index, check] of checks.entries()) {
    opts.onProgress?.({ kind: 'start', id: check.id, index, total: checks.length });
    const outcome: CheckOutcome = stop
      ? { id: check.id, concept: check.concept, status: stop.status, message: stop.message, runs: 0, ms: 0, runSeed: opts.seed, seed: checkSeed(opts.seed, check.id), failures: [], ...(stop.loadError ? { loadError: stop.loadError } : {}) }
      : await runCheck(check, subject, base, opts);
    if (!stop && outcome.stopAll) stop = outcome;
    out.push(outcome);
    opts.onProgress?.({ kind: 'done', outcome, index, total: checks.length });
  }
  return out;
}
