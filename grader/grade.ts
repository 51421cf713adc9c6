/**
 * Grading: run every check in scope against a Subject (normally a ProcessSubject from runner.ts),
 * each with fast-check from its own seed derived from the run's seed, shrink failures to the smallest
 * case, name the diagnosis when a catalogued mistake explains the answers, and collect one report.
 *
 * The expected side is a ContractFunctions object (default: the float64 reference), computed only in
 * the grader's process. The submission's calls go through the Subject (its own process).
 */
import * as fc from 'fast-check';
import { NotImplementedError, isNnOracleError } from '../contract/errors.js';
import type { ContractFunctions, Subject } from '../contract/types.js';
import { UNDERFLOW_SLACK, gradingU, type GradingPrecision } from '../tolerance/grading.js';
import { checksFor, type CheckContext, type CheckDef, type Evaluation } from './checks.js';
import { firstDifference, type Difference } from './compare.js';
import { DIAGNOSES, appliesTo, type Diagnosis } from './diagnoses.js';
import { SubmissionCrashError, SubmissionThrewError, SubmissionTimeoutError, SubmissionUnresponsiveError } from '../runner/process.js';
import { FULL_SCOPE, describeScope, type Scope } from './scope.js';
import { pointsFor, type Rubric } from './rubric.js';

export type CheckStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'missing';

export interface Counterexample {
  /** The (shrunk) input the submission was called with. */
  input: Record<string, unknown>;
  expected?: unknown;
  got?: unknown;
  /** The first element that differs. */
  firstDifference?: Difference;
  /** What the submission threw, when it threw. */
  threw?: string;
  note?: string;
}

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
  /** The expected functions (default: the float64 reference) — a convention profile replaces them. */
  expected?: ContractFunctions;
  /** e.g. "nn-oracle grade student.py --cmd ..." — the report adds --seed and --only. */
  replayPrefix?: string;
  /** Wall-clock budget for shrinking one failure (default 10 s); the best case so far is reported. */
  shrinkBudgetMs?: number;
  /** Called after each check (progress). */
  onCheck?(r: CheckResult, index: number, total: number): void;
}

/** FNV-1a of the id, mixed with the run's seed: each check has its own reproducible stream. */
export function checkSeed(runSeed: number, id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h ^ runSeed) >>> 0;
}

interface Recorded {
  input: Record<string, unknown>;
  ev?: Evaluation;
  diff?: Difference;
  threw?: string;
}

const FATAL = (e: unknown) =>
  e instanceof SubmissionTimeoutError || e instanceof SubmissionCrashError || e instanceof SubmissionUnresponsiveError || e instanceof NotImplementedError;

function statusOfFatal(e: unknown): CheckStatus {
  if (e instanceof NotImplementedError) return 'missing';
  if (e instanceof SubmissionTimeoutError || e instanceof SubmissionUnresponsiveError) return 'timeout';
  return 'error';
}

function mistakenAlternatives(d: Diagnosis, ev: Evaluation, ctx: CheckContext): unknown[] {
  if (!d.mistaken) return [];
  let m: unknown;
  try {
    m = d.mistaken(ev, ctx);
  } catch {
    return [];
  }
  if (m === undefined) return [];
  if (m !== null && typeof m === 'object' && 'alternatives' in (m as object)) return (m as { alternatives: unknown[] }).alternatives;
  return [m];
}

/**
 * The diagnosis that explains the failures: it must explain the final (shrunk) counterexample, and
 * every other recorded failure where it can be told apart. The first such entry of the catalogue wins.
 */
export function diagnose(checkId: string, failures: readonly Recorded[], ctx: CheckContext, slack: number): Diagnosis | undefined {
  if (failures.length === 0) return undefined;
  const last = failures[failures.length - 1]!;
  if (last.threw !== undefined) {
    const thrown = DIAGNOSES.find((d) => d.thrown && appliesTo(d, checkId) && d.thrown.test(last.threw!));
    if (thrown) return thrown;
  }
  for (const d of DIAGNOSES) {
    if (!appliesTo(d, checkId) || d.thrown) continue;
    const explains = (r: Recorded): boolean | undefined => {
      if (!r.ev) return undefined;
      const alts = mistakenAlternatives(d, r.ev, ctx);
      if (alts.length === 0) return undefined;
      return alts.some((alt) => firstDifference(alt, r.ev!.got, r.ev!.bounds, slack) === null && firstDifference(alt, r.ev!.expected, r.ev!.bounds, slack) !== null);
    };
    const verdicts = failures.map(explains);
    // it must explain the shrunk case where it can be told apart there, every other case where it
    // can, and at least one case
    if (verdicts.includes(false) || !verdicts.includes(true)) continue;
    return d;
  }
  return undefined;
}

function messageOf(e: unknown): string {
  return isNnOracleError(e) || e instanceof Error ? (e as Error).message : String(e);
}

async function runCheck(def: CheckDef, subject: Subject, ctx: CheckContext, opts: GradeOptions, seed: number): Promise<Omit<CheckResult, 'points' | 'maxPoints' | 'replay'>> {
  const t0 = Date.now();
  const failures: Recorded[] = [];
  let fatal: { error: unknown; input: Record<string, unknown> } | null = null;
  let internal: { error: unknown; input: unknown } | null = null;
  let runs = 0;
  const slack = UNDERFLOW_SLACK[ctx.precision];
  let shrinkingSince = 0;
  const budget = opts.shrinkBudgetMs ?? 10_000;

  const prop = fc.asyncProperty(def.arbitrary(), async (c: unknown) => {
    if (fatal || internal) return true; // stop calling a submission that hangs, crashed or lacks the function
    if (shrinkingSince && Date.now() - shrinkingSince > budget) return true; // keep the best case so far
    if (!shrinkingSince) runs++;
    let ev: Evaluation;
    try {
      ev = await def.evaluate(c, subject, ctx);
    } catch (e) {
      if (FATAL(e)) {
        fatal = { error: e, input: (c ?? {}) as Record<string, unknown> };
        return true;
      }
      if (e instanceof SubmissionThrewError) {
        failures.push({ input: c as Record<string, unknown>, threw: e.message.replace(/^\w+ threw: /, '') });
        if (!shrinkingSince) shrinkingSince = Date.now();
        return false;
      }
      internal = { error: e, input: c };
      return true;
    }
    const diff = firstDifference(ev.expected, ev.got, ev.bounds, slack);
    if (diff) {
      failures.push({ input: ev.input, ev, diff });
      if (failures.length > 60) failures.splice(1, 1); // keep the first and the latest
      if (!shrinkingSince) shrinkingSince = Date.now();
      return false;
    }
    return true;
  });
  const examples = def.examples().map((e) => [e] as [unknown]);
  await fc.check(prop, { seed, numRuns: (opts.runs ?? 30) + examples.length, examples });
  if (failures.length > 0 && runs <= examples.length && !fatal && !internal) {
    // it failed on a fixed case, which fast-check cannot shrink: look for a random failing case and
    // shrink that one, so the report shows the smallest input (the fixed case stays if none fails)
    shrinkingSince = 0;
    await fc.check(prop, { seed: seed ^ 0x2545f491, numRuns: opts.runs ?? 30 });
    // a crash or a grader error met while looking does not replace the failure already found
    fatal = null;
    internal = null;
  }
  const ms = Date.now() - t0;
  const base = { id: def.id, title: def.title, seed, runs, ms };

  if (internal) {
    const err = (internal as { error: unknown }).error;
    return { ...base, status: 'error', message: `the grader could not evaluate this check (a bug in the grader, please report it): ${messageOf(err)}` };
  }
  if (fatal) {
    const f = fatal as { error: unknown; input: Record<string, unknown> };
    const status = statusOfFatal(f.error);
    const message =
      status === 'missing' ? `${def.fn} is not implemented (the submission answered "not implemented: ${def.fn}" or does not export it)` : messageOf(f.error);
    return { ...base, status, message, ...(status === 'missing' ? {} : { counterexample: { input: inputOf(def, f.input) } }) };
  }
  if (failures.length === 0) return { ...base, status: 'pass', message: `${runs} cases passed` };

  const last = failures[failures.length - 1]!;
  // more evidence before naming a mistake: a dozen further cases (not shown), so that two mistakes
  // that agree on the shrunk case (a factor 2 and a mean over n = 1 outputs) are told apart
  const evidence: Recorded[] = [];
  if (!fatal) {
    // the fixed cases too: fast-check stops at the first failing one, and a later one (a square layer,
    // say) may be the one that tells two mistakes apart
    for (const c of [...def.examples(), ...fc.sample(def.arbitrary(), { seed: seed ^ 0x5bd1e995, numRuns: 12 })]) {
      try {
        const ev = await def.evaluate(c, subject, ctx);
        const diff = firstDifference(ev.expected, ev.got, ev.bounds, slack);
        if (diff) evidence.push({ input: ev.input, ev, diff });
      } catch (e) {
        if (e instanceof SubmissionThrewError) continue;
        break; // a crash or hang here only loses evidence
      }
    }
  }
  const d = diagnose(def.id, [...evidence, ...failures], ctx, slack);
  const diagnosis = d ? { id: d.id, title: d.title, fix: d.fix } : undefined;
  if (last.threw !== undefined) {
    return {
      ...base,
      status: 'error',
      message: `${def.fn} threw on a valid input: ${last.threw}`,
      counterexample: { input: inputOf(def, last.input), threw: last.threw },
      ...(diagnosis ? { diagnosis } : {}),
    };
  }
  const diff = last.diff!;
  const what =
    diff.kind === 'value'
      ? `${diff.where}: expected ${fmt(diff.expected)}, got ${fmt(diff.got)} (allowed error ${fmt(diff.allowed ?? 0)})`
      : `${diff.where}: expected ${fmt(diff.expected)}, got ${fmt(diff.got)}`;
  return {
    ...base,
    status: 'fail',
    message: `wrong result at ${what}`,
    counterexample: { input: last.ev!.input, expected: last.ev!.expected, got: last.ev!.got, firstDifference: diff, ...(last.ev!.note ? { note: last.ev!.note } : {}) },
    ...(diagnosis ? { diagnosis } : {}),
  };
}

function inputOf(_def: CheckDef, c: Record<string, unknown>): Record<string, unknown> {
  return c;
}

export function fmt(x: unknown): string {
  if (typeof x === 'number') {
    if (Number.isNaN(x)) return 'NaN';
    if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
    return Math.abs(x) !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6) ? x.toExponential(6) : String(Number(x.toPrecision(12)));
  }
  return typeof x === 'string' ? x : JSON.stringify(x);
}

/** Grades one subject. Never throws for anything the submission does; the report is always complete. */
export async function gradeSubject(subject: Subject & { output?(): string[] }, opts: GradeOptions): Promise<GradeReport> {
  const t0 = Date.now();
  const scope = opts.scope ?? FULL_SCOPE;
  const precision = opts.precision ?? 'float64';
  const expected = opts.expected ?? (await import('../reference/index.js'));
  const ctx: CheckContext = { expected, precision, u: gradingU(precision) };
  let defs = checksFor(scope);
  if (opts.only?.length) defs = defs.filter((d) => opts.only!.includes(d.id));
  if (opts.rubric) defs = defs.filter((d) => pointsFor(opts.rubric!, d.id) > 0);
  const checks: CheckResult[] = [];
  for (const [i, def] of defs.entries()) {
    const seed = checkSeed(opts.seed, def.id);
    const r = await runCheck(def, subject, ctx, opts, seed);
    const maxPoints = opts.rubric ? pointsFor(opts.rubric, def.id) : 1;
    const result: CheckResult = {
      ...r,
      points: r.status === 'pass' ? maxPoints : 0,
      maxPoints,
      ...(opts.replayPrefix ? { replay: `${opts.replayPrefix} --seed ${opts.seed} --only ${def.id}` } : {}),
    };
    checks.push(result);
    opts.onCheck?.(result, i, defs.length);
  }
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
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
