/**
 * The property suite on the one engine (engine/run.ts): a Property (properties/types.ts) is a check
 * whose evaluation is a law — it throws a PropertyFailure when it does not hold — run against any
 * Subject with fast-check from one seed.
 *
 *  - Each property's seed is derived from (run seed, property id) (engine/seed.ts), so adding a
 *    property never changes another's inputs and `--property ID --seed S` replays exactly what the full
 *    run did; `--path` replays the shrunk failure directly.
 *  - A property whose contract functions the subject lacks is 'missing' (not applicable, the functions
 *    named), one for other precisions 'skipped' with the reason; what the subject or the property throws
 *    is 'error', never 'pass'.
 *
 * This module prints nothing: the CLI and vitest decide how to show results.
 */
import fc from 'fast-check';
import { underTest } from '../engine/call.js';
import type { Check, CheckContext } from '../engine/check.js';
import { isPropertyFailure } from '../engine/failure.js';
import { DEFAULT_RUNS, runCheck, type CheckOutcome, type RunOptions as EngineRunOptions } from '../engine/run.js';
import { checkSeed, randomSeed } from '../engine/seed.js';
import type { Subject } from '../contract/types.js';
import { UNDERFLOW_SLACK, gradingU } from '../tolerance/grading.js';
import type { Property } from './types.js';

export { call } from '../engine/call.js';
export { DEFAULT_RUNS, randomSeed };

export type PropertyStatus = 'pass' | 'fail' | 'missing' | 'error' | 'skipped' | 'timeout';

export interface PropertyResult {
  property: string;
  concept: string;
  status: PropertyStatus;
  /** Runs executed (for a failure: the run that failed, counted from 1). */
  runs: number;
  ms: number;
  /** The run seed the result came from (replay with `--seed`). */
  seed: number;
  /** The property's own fast-check seed, derived from `seed` and the property id. */
  propertySeed: number;
  /** The shrunk failing input (plain JSON data). */
  counterexample?: unknown;
  /** fast-check's path to the shrunk counterexample (replay with `--path`). */
  path?: string;
  /** What went wrong, readable (a PropertyFailure message for a failure). */
  message?: string;
  /** The contract functions the subject lacks (status 'missing'). */
  missing?: string[];
  /** Shrink steps fast-check took. */
  shrinks?: number;
  /** The exact command line that replays the failure. */
  replay?: string;
  /** A diagnosis or convention hint, when a catalogued mistake explains the failure. */
  explanation?: CheckOutcome['explanation'];
}

export interface RunOptions extends Pick<EngineRunOptions, 'seed' | 'runs' | 'runsScale' | 'path' | 'timeoutMs' | 'explain'> {
  /** How the subject is named on the command line in replay commands: the arguments after `nn-oracle check` that select it (default `--subject <name>`). */
  subjectArg?: string;
  /** The expected side for properties that compare with the reference (default: the float64 reference). */
  expected?: CheckContext['expected'];
  /** Convention settings judged by (reported; the subject is already seen through them). */
  conventions?: Readonly<Record<string, string>>;
  /**
   * The subject is an outside implementation of the contract: a property that calls none of its
   * functions (a law of the reference's own utilities: initialisers, perceptron learning, the notes'
   * constructions) is not applicable to it, and says so.
   */
  contractOnly?: boolean;
}

/** The property's fast-check seed (the engine's one derivation). */
export const propertySeed = checkSeed;

/** A property as a check of the one engine. */
export function propertyCheck(prop: Property): Check {
  return {
    id: prop.id,
    concept: prop.concept,
    requires: prop.requires,
    appliesTo: prop.appliesTo,
    defaultRuns: prop.defaultRuns,
    arbitrary: (ctx: CheckContext) => prop.arbitrary(ctx),
    // a law of the reference (no contract function) runs nothing but the reference: whatever it
    // throws on the law's valid input is the law failing, not a bug in the check
    evaluate:
      prop.requires.length === 0
        ? (c: unknown, subject: Subject, ctx: CheckContext) => underTest('reference', () => prop.check(subject, c, ctx), (e) => isPropertyFailure(e) || fc.PreconditionFailure.isFailure(e))
        : (c: unknown, subject: Subject, ctx: CheckContext) => prop.check(subject, c, ctx),
  };
}

export function replayCommand(subjectArg: string, propertyId: string, seed: number, path?: string): string {
  const sel = /^--|^\S+\.(m?[jt]s|cjs|py|ipynb)$/.test(subjectArg) ? subjectArg : `--subject ${subjectArg}`;
  return `nn-oracle check ${sel} --property ${propertyId} --seed ${seed}${path ? ` --path ${path}` : ''}`;
}

let referenceFns: Promise<CheckContext['expected']> | null = null;
const reference = (): Promise<CheckContext['expected']> => (referenceFns ??= import('../reference/index.js') as unknown as Promise<CheckContext['expected']>);

function toResult(o: CheckOutcome): PropertyResult {
  return {
    property: o.id,
    concept: o.concept,
    status: o.status,
    runs: o.runs,
    ms: o.ms,
    seed: o.runSeed,
    propertySeed: o.seed,
    ...(o.status === 'fail' || o.status === 'error' || o.status === 'timeout' ? (o.counterexample !== undefined ? { counterexample: o.counterexample.input } : {}) : {}),
    ...(o.path !== undefined ? { path: o.path } : {}),
    message: o.message,
    ...(o.missing ? { missing: o.missing } : {}),
    ...(o.shrinks !== undefined && o.status === 'fail' ? { shrinks: o.shrinks } : {}),
    ...(o.replay ? { replay: o.replay } : {}),
    ...(o.explanation ? { explanation: o.explanation } : {}),
  };
}

/** Runs one property against one subject. Never throws for a failing subject: the result says so. */
export async function runProperty(prop: Property, subject: Subject, opts: RunOptions): Promise<PropertyResult> {
  if (opts.contractOnly && prop.requires.length === 0) {
    return {
      property: prop.id,
      concept: prop.concept,
      status: 'missing',
      runs: 0,
      ms: 0,
      seed: opts.seed,
      propertySeed: checkSeed(opts.seed, prop.id),
      missing: [],
      message: "not applicable: a law of nn-oracle's own reference (it calls no contract function of the implementation); run it with --subject reference",
    };
  }
  const precision = subject.precision === 'float32' ? 'float32' : 'float64';
  const base = {
    expected: opts.expected ?? (await reference()),
    precision: subject.precision,
    u: gradingU(precision),
    slack: UNDERFLOW_SLACK[precision],
    ...(opts.conventions ? { conventions: opts.conventions } : {}),
  };
  const outcome = await runCheck(propertyCheck(prop), subject, base, {
    seed: opts.seed,
    runs: opts.runs,
    runsScale: opts.runsScale,
    path: opts.path,
    timeoutMs: opts.timeoutMs,
    explain: opts.explain,
    evidence: opts.explain ? 6 : 0,
    threwStatus: 'fail',
    replay: (id, path) => replayCommand(opts.subjectArg ?? subject.name, id, opts.seed, path),
  });
  return toResult(outcome);
}

export type ProgressEvent =
  | { kind: 'start'; property: string; index: number; total: number }
  | { kind: 'done'; result: PropertyResult; index: number; total: number };

export interface SuiteOptions extends Omit<RunOptions, 'path'> {
  /** Run only these property ids. */
  only?: readonly string[];
  /** fast-check path to replay (only meaningful with a single property). */
  path?: string;
  onProgress?: (e: ProgressEvent) => void;
}

export interface SuiteResult {
  subject: string;
  seed: number;
  results: PropertyResult[];
  ms: number;
  /** true when no property failed or errored (missing and skipped are not failures). */
  ok: boolean;
}

/** Runs properties one after the other (subjects may hold one GPU or one child process). */
export async function runSuite(props: readonly Property[], subject: Subject, opts: SuiteOptions): Promise<SuiteResult> {
  const t0 = performance.now();
  const chosen = opts.only ? props.filter((p) => opts.only!.includes(p.id)) : [...props];
  const results: PropertyResult[] = [];
  for (const [index, prop] of chosen.entries()) {
    opts.onProgress?.({ kind: 'start', property: prop.id, index, total: chosen.length });
    const result = await runProperty(prop, subject, opts);
    results.push(result);
    opts.onProgress?.({ kind: 'done', result, index, total: chosen.length });
    // a process subject that did not load, or whose deadline passed, cannot answer anything further
    if (result.status === 'error' && /did not load|deadline/.test(result.message ?? '')) {
      for (const rest of chosen.slice(index + 1)) results.push({ property: rest.id, concept: rest.concept, status: result.status, runs: 0, ms: 0, seed: opts.seed, propertySeed: checkSeed(opts.seed, rest.id), message: result.message });
      break;
    }
  }
  return {
    subject: subject.name,
    seed: opts.seed,
    results,
    ms: Math.round(performance.now() - t0),
    ok: results.every((r) => r.status !== 'fail' && r.status !== 'error' && r.status !== 'timeout'),
  };
}

/** The error assertProperty throws: the readable failure plus the seed, path and replay command. */
export class PropertyAssertionError extends Error {
  readonly result: PropertyResult;
  constructor(result: PropertyResult) {
    const lines = [
      `property ${result.property} ${result.status === 'error' ? 'could not run' : 'failed'} (${result.concept})`,
      result.message ?? '',
      result.counterexample !== undefined ? `counterexample (shrunk): ${JSON.stringify(result.counterexample)}` : '',
      `seed ${result.seed}${result.path ? `, path ${result.path}` : ''}: replay in code with assertProperty(prop, subject, { seed: ${result.seed}${result.path ? `, path: '${result.path}'` : ''} })`,
      result.replay ? `or on the command line: ${result.replay}` : '',
    ];
    super(lines.filter(Boolean).join('\n'));
    this.name = 'PropertyAssertionError';
    this.result = result;
  }
}

export interface AssertOptions {
  /** Run seed; default a random one (printed on failure). */
  seed?: number;
  runs?: number;
  path?: string;
  timeoutMs?: number;
  /** Treat a property the subject cannot run (missing functions) as a failure. Default false. */
  failOnMissing?: boolean;
  /** How the subject is named in the printed replay command (arguments after `nn-oracle check`). */
  subjectArg?: string;
}

/**
 * For vitest / any test runner: runs the property and throws a PropertyAssertionError (seed, shrunk
 * counterexample, replay) when it fails. Returns the result otherwise (status pass, missing or skipped).
 *
 *   for (const p of contractProperties) it(p.id, () => assertProperty(p, mySubject));
 */
export async function assertProperty(prop: Property, subject: Subject, opts: AssertOptions = {}): Promise<PropertyResult> {
  const result = await runProperty(prop, subject, { seed: opts.seed ?? randomSeed(), runs: opts.runs, path: opts.path, timeoutMs: opts.timeoutMs, subjectArg: opts.subjectArg });
  if (result.status === 'fail' || result.status === 'error' || result.status === 'timeout' || (opts.failOnMissing && result.status === 'missing')) {
    throw new PropertyAssertionError(result);
  }
  return result;
}

/** The contract functions `prop` needs that `subject` does not implement. */
export function missingFunctions(prop: Property, subject: Subject): string[] {
  return prop.requires.filter((fn) => typeof subject.fns[fn] !== 'function');
}
