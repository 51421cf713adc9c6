/**
 * Grading = the engine (engine/run.ts) over the grading checks (checks.ts) + the rubric's points +
 * the catalogue of mistakes (mistakes/, named by diagnoses.ts) + one report. Every check runs from its
 * own seed derived from the run's seed; a failure is shrunk to the smallest case and, when a catalogued
 * mistake explains every failing case seen, named.
 *
 * The expected side is a ContractFunctions object (default: the float64 reference), computed only in
 * the grader's process. The submission's calls go through the Subject (its own process).
 */
import type { ContractFunctionName } from '../contract/names.js';
import type { Subject } from '../contract/types.js';
import type { ExpectedFunctions } from '../conventions/expected.js';
import type { CheckContext } from '../engine/check.js';
import { firstDifference, fmt as fmtNumber } from '../engine/compare.js';
import { runChecks, type CheckOutcome, type Counterexample, type Explanation, type Failure, type ProgressEvent } from '../engine/run.js';
import { UNDERFLOW_SLACK, gradingU, type GradingPrecision } from '../tolerance/grading.js';
import { checksFor, type CheckDef } from './checks.js';
import { diagnose, reconcile } from './diagnoses.js';
import { pointsFor, type Rubric } from './rubric.js';
import { FULL_SCOPE, describeScope, type Scope } from './scope.js';

export type CheckStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'missing';
export type { Counterexample };

export interface CheckDiagnosis {
  id: string;
  title: string;
  fix: string;
}

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  message: string;
  counterexample?: Counterexample;
  diagnosis?: CheckDiagnosis;
  /** The failure matches a convention switch, not a mistake: how to grade with it. */
  convention?: { name: string; value: string; text: string };
  /** The check's own seed (derived from the run's seed and the id). */
  seed: number;
  /** Cases run (not counting shrinking). */
  runs: number;
  ms: number;
  /** The command that replays this check (when the caller gave a replay prefix). */
  replay?: string;
}

export interface GradeReport {
  submission: string;
  score: number;
  maxScore: number;
  seed: number;
  precision: GradingPrecision;
  scope: Scope;
  scopeText: string;
  checks: CheckResult[];
  /** What the submission printed that was not an answer (bounded). */
  output: string[];
  ms: number;
  replay?: string;
  /** The submission could not be loaded at all: reported once; every check is "not graded". */
  loadError?: { message: string; location?: string; frame?: string };
  /** How the submission was isolated (the sandbox layer), as the runner describes it. */
  isolation?: string;
  /** The convention switches judged by (name → value). */
  conventions?: Record<string, string>;
}

export interface GradeOptions {
  seed: number;
  /** Random cases per check, after the fixed ones (default 30). */
  runs?: number;
  precision?: GradingPrecision;
  scope?: Scope;
  rubric?: Rubric;
  /** Only these check ids (replaying one check). */
  only?: readonly string[];
  /** The expected side (default: the reference under the notes' conventions) — conventions replace it. */
  expected?: ExpectedFunctions;
  /** The convention switches `expected` follows (reported; used for convention hints). */
  conventions?: Record<string, string>;
  /** Other expected sides, each one switch away from `conventions`: a failure they explain is named as that switch. */
  conventionVariants?: ReadonlyArray<{ name: string; value: string; text: string; affects: readonly string[]; expected: ExpectedFunctions }>;
  /** e.g. "nn-oracle grade student.py --cmd ..." — the report adds --seed and --only. */
  replayPrefix?: string;
  /** Wall-clock budget for shrinking one failure (default 10 s); the best case so far is reported. */
  shrinkBudgetMs?: number;
  /** Called after each check (progress). */
  onCheck?(r: CheckResult, index: number, total: number): void;
}

const DEFAULT_GRADE_RUNS = 30;

/**
 * A subject that answers from a recording: the first evaluation of a case records what the subject
 * answered; re-judging the same case under another expected side replays those answers, so a
 * convention hint costs the submission one call per case, not one per variant.
 */
function recorder(subject: Subject): { recording: Subject; replaying: () => Subject } {
  const answers: Array<{ fn: string; value?: unknown; error?: unknown }> = [];
  const wrap = (f: (...a: unknown[]) => unknown, fn: string) => async (...args: unknown[]) => {
    try {
      const value = await f(...args);
      answers.push({ fn, value });
      return value;
    } catch (error) {
      answers.push({ fn, error });
      throw error;
    }
  };
  const fns = Object.fromEntries(Object.entries(subject.fns).map(([fn, f]) => [fn, wrap(f as (...a: unknown[]) => unknown, fn)]));
  return {
    recording: { ...subject, fns },
    replaying: () => {
      let i = 0;
      const play = Object.fromEntries(
        Object.keys(subject.fns).map((fn) => [
          fn,
          async () => {
            const a = answers[i++];
            if (!a || a.fn !== fn) throw new Error('the recorded answers do not match this evaluation');
            if ('error' in a && a.error !== undefined) throw a.error;
            return a.value;
          },
        ]),
      );
      return { ...subject, fns: play };
    },
  };
}

/**
 * A convention variant explains the failures when, with its expected side, every failing case that
 * can be re-judged passes: the submission is right under another documented convention.
 */
async function conventionHint(
  def: CheckDef,
  failures: readonly Failure[],
  ctx: CheckContext,
  variants: NonNullable<GradeOptions['conventionVariants']>,
): Promise<Explanation['convention'] | undefined> {
  const fn = def.fn as ContractFunctionName;
  const relevant = variants.filter((v) => v.affects.includes(fn));
  // every failing case seen must pass under the variant: the evidence cases (spread over the case
  // space) and the last shrunk ones — a variant that only explains the smallest case explains nothing
  const judged = failures.filter((f) => f.ev && !f.internal);
  const cases = (judged.length > 24 ? [...judged.slice(0, 21), ...judged.slice(-3)] : judged).map((f) => f.case);
  if (cases.length === 0 || relevant.length === 0) return undefined;
  const recorded: Array<() => Subject> = [];
  for (const c of cases) {
    const r = recorder(ctx.subject);
    try {
      await def.evaluate(c, r.recording, ctx);
    } catch {
      return undefined;
    }
    recorded.push(r.replaying);
  }
  for (const v of relevant) {
    const vctx: CheckContext = { ...ctx, expected: v.expected };
    let all = true;
    for (const [i, c] of cases.entries()) {
      try {
        const ev = await def.evaluate(c, recorded[i]!(), vctx);
        if (!ev || firstDifferenceOf(ev, vctx)) {
          all = false;
          break;
        }
      } catch {
        all = false;
        break;
      }
    }
    if (all) return { name: v.name, value: v.value, text: v.text };
  }
  return undefined;
}

const firstDifferenceOf = (ev: { expected: unknown; got: unknown; bounds: unknown }, ctx: CheckContext) => firstDifference(ev.expected, ev.got, ev.bounds, ctx.slack);

function toResult(def: CheckDef, o: CheckOutcome, maxPoints: number, replayPrefix: string | undefined, runSeed: number): CheckResult {
  const status: CheckStatus = o.status === 'skipped' ? 'missing' : o.status;
  const d = o.explanation?.diagnosis;
  return {
    id: o.id,
    title: def.title,
    status,
    points: status === 'pass' ? maxPoints : 0,
    maxPoints,
    message: o.message,
    ...(o.counterexample ? { counterexample: o.counterexample } : {}),
    ...(d ? { diagnosis: d } : {}),
    ...(o.explanation?.convention ? { convention: o.explanation.convention } : {}),
    seed: o.seed,
    runs: o.runs,
    ms: o.ms,
    ...(replayPrefix ? { replay: `${replayPrefix} --seed ${runSeed} --only ${o.id}` } : {}),
  };
}

/** Grades one subject. Never throws for anything the submission does; the report is always complete. */
export async function gradeSubject(subject: Subject & { output?(): string[]; isolation?: string }, opts: GradeOptions): Promise<GradeReport> {
  const t0 = Date.now();
  const scope = opts.scope ?? FULL_SCOPE;
  const precision = opts.precision ?? 'float64';
  const expected = opts.expected ?? (await import('../conventions/index.js')).conventionReference((await import('../conventions/index.js')).NOTES_SETTINGS);
  let defs = checksFor(scope);
  if (opts.only?.length) defs = defs.filter((d) => opts.only!.includes(d.id));
  if (opts.rubric) defs = defs.filter((d) => pointsFor(opts.rubric!, d.id) > 0);
  const byId = new Map(defs.map((d) => [d.id, d]));
  const base = { expected, precision, u: gradingU(precision), slack: UNDERFLOW_SLACK[precision], ...(opts.conventions ? { conventions: opts.conventions } : {}) };
  const checks: CheckResult[] = [];
  const outcomes = await runChecks(defs, subject, base, {
    seed: opts.seed,
    runs: opts.runs ?? DEFAULT_GRADE_RUNS,
    shrinkBudgetMs: opts.shrinkBudgetMs,
    evidence: 12,
    async explain(check, failures, ctx, passed) {
      const def = byId.get(check.id)!;
      // a check that errored (the subject threw) is explained by what it threw, nothing else: no
      // convention hint borrowed from the cases that merely failed
      const threw = failures.at(-1)?.threw !== undefined;
      // both may hold: a mistake against the contract that is another library's convention
      const convention = opts.conventionVariants?.length && !threw ? await conventionHint(def, failures, ctx, opts.conventionVariants) : undefined;
      const dx = diagnose(check.id, failures, ctx, passed);
      if (!dx && !convention) return undefined;
      return { ...(dx ? { diagnosis: { id: dx.id, title: dx.title, fix: dx.fix } } : {}), ...(convention ? { convention } : {}) };
    },
    onProgress(e: ProgressEvent) {
      if (e.kind !== 'done') return;
      const def = byId.get(e.outcome.id)!;
      const maxPoints = opts.rubric ? pointsFor(opts.rubric, def.id) : 1;
      const result = toResult(def, e.outcome, maxPoints, opts.replayPrefix, opts.seed);
      checks.push(result);
      opts.onCheck?.(result, e.index, e.total);
    },
  });
  // the diagnoses read together: a reduction that is a sum here and a mean in a check that passed
  reconcile(checks);
  const loadError = outcomes.find((o) => o.loadError)?.loadError;
  const score = checks.reduce((s, c) => s + c.points, 0);
  const maxScore = checks.reduce((s, c) => s + c.maxPoints, 0);
  return {
    submission: subject.name,
    score: round(score),
    maxScore: round(maxScore),
    seed: opts.seed,
    precision,
    scope,
    scopeText: describeScope(scope),
    checks,
    output: subject.output?.() ?? [],
    ms: Date.now() - t0,
    ...(opts.replayPrefix ? { replay: `${opts.replayPrefix} --seed ${opts.seed}` } : {}),
    ...(loadError ? { loadError } : {}),
    ...(subject.isolation ? { isolation: subject.isolation } : {}),
    ...(opts.conventions ? { conventions: opts.conventions } : {}),
  };
}

/** A number for a report line (the engine's one formatting). */
export const fmt = fmtNumber;

const round = (x: number) => Math.round(x * 1e6) / 1e6;
