/**
 * The property engine: runs a Property (properties/types.ts) against a Subject (contract/types.ts)
 * with fast-check, from one seed.
 *
 *  - Every random choice flows from the run's seed: each property gets its own seed derived
 *    deterministically from (run seed, property id), so adding a property never changes another's inputs
 *    and `--property ID --seed S` replays exactly what the full run did.
 *  - A failure is shrunk by fast-check (the arbitraries shrink toward depth 1, width 1, batch 1) and
 *    reported with the counterexample, fast-check's path and the exact command line that replays it.
 *  - A property whose contract functions the subject lacks is reported 'missing', never 'fail'; one that
 *    does not apply to the subject's precision is 'skipped'.
 *
 * This module prints nothing: the CLI and vitest decide how to show results.
 */
import * as fc from 'fast-check';
import { NotImplementedError, isNnOracleError } from '../contract/errors.js';
import type { ContractFunctionName } from '../contract/names.js';
import type { AsyncContractFunctions, ContractFunctions, Subject } from '../contract/types.js';
import type { Property, PropertyContext } from './types.js';

export type PropertyStatus = 'pass' | 'fail' | 'missing' | 'error' | 'skipped';

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
}

export interface RunOptions {
  /** The run seed (a 32-bit integer). */
  seed: number;
  /** Runs per property; default: the property's defaultRuns (else DEFAULT_RUNS). */
  runs?: number;
  /** fast-check path of a failure to replay (with the same seed). */
  path?: string;
  /** Per-run time limit in ms for subjects that may hang (a student's program); none by default. */
  timeoutMs?: number;
  /** How the subject is named on the command line in replay commands (default subject.name). */
  subjectArg?: string;
}

export const DEFAULT_RUNS = 50;

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The property's fast-check seed: a mix (murmur3 finaliser) of the run seed and the property id. */
export function propertySeed(runSeed: number, propertyId: string): number {
  let h = (runSeed ^ fnv1a(propertyId)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A fresh random run seed (printed by the CLI so any run can be replayed). */
export function randomSeed(): number {
  return (Math.random() * 2 ** 32) | 0;
}

/** Calls a contract function of the subject; a missing one throws NotImplementedError (reported 'missing'). */
export async function call<K extends ContractFunctionName>(
  subject: Subject,
  fn: K,
  ...args: Parameters<ContractFunctions[K]>
): Promise<ReturnType<ContractFunctions[K]>> {
  const f = subject.fns[fn] as AsyncContractFunctions[K] | undefined;
  if (!f) throw new NotImplementedError(fn);
  return (await (f as (...a: unknown[]) => unknown)(...args)) as ReturnType<ContractFunctions[K]>;
}

/** The contract functions `prop` needs that `subject` does not implement. */
export function missingFunctions(prop: Property, subject: Subject): string[] {
  return prop.requires.filter((fn) => typeof subject.fns[fn] !== 'function');
}

export function replayCommand(subjectArg: string, propertyId: string, seed: number, path?: string): string {
  return `nn-oracle check --subject ${subjectArg} --property ${propertyId} --seed ${seed}${path ? ` --path ${path}` : ''}`;
}

function isNotImplemented(e: unknown): boolean {
  if (e instanceof NotImplementedError) return true;
  if (isNnOracleError(e) && e.code === 'NOT_IMPLEMENTED') return true;
  return e instanceof Error && /^not implemented: /.test(e.message);
}

/** Runs one property against one subject. Never throws for a failing subject: the result says so. */
export async function runProperty(prop: Property, subject: Subject, opts: RunOptions): Promise<PropertyResult> {
  const t0 = performance.now();
  const pSeed = propertySeed(opts.seed, prop.id);
  const base = { property: prop.id, concept: prop.concept, seed: opts.seed, propertySeed: pSeed };
  const done = (r: Omit<PropertyResult, keyof typeof base | 'ms'>): PropertyResult => ({ ...base, ...r, ms: Math.round(performance.now() - t0) });

  if (prop.appliesTo && !prop.appliesTo.includes(subject.precision)) {
    return done({ status: 'skipped', runs: 0, message: `applies to ${prop.appliesTo.join(', ')} subjects, not ${subject.precision}` });
  }
  const missing = missingFunctions(prop, subject);
  if (missing.length) return done({ status: 'missing', runs: 0, missing, message: `the subject does not implement ${missing.join(', ')}` });

  const ctx: PropertyContext = { subject, seed: pSeed };
  let arbitrary: fc.Arbitrary<unknown>;
  try {
    arbitrary = prop.arbitrary(ctx);
  } catch (e) {
    return done({ status: 'error', runs: 0, message: `the property's generator failed: ${(e as Error).message}` });
  }
  const property = fc.asyncProperty(arbitrary, async (input) => {
    await prop.check(subject, input, ctx);
  });
  const numRuns = opts.runs ?? prop.defaultRuns ?? DEFAULT_RUNS;
  let details: fc.RunDetails<[unknown]>;
  try {
    details = await fc.check(property, {
      seed: pSeed,
      numRuns,
      path: opts.path,
      timeout: opts.timeoutMs,
      // A generator that rejects too often is a broken property, not a failing subject.
      maxSkipsPerRun: 100,
    });
  } catch (e) {
    return done({ status: 'error', runs: 0, message: `fast-check could not run the property: ${(e as Error).message}` });
  }
  if (!details.failed) return done({ status: 'pass', runs: details.numRuns });

  const err = details.errorInstance;
  if (isNotImplemented(err)) {
    return done({ status: 'missing', runs: details.numRuns, missing: [(err as Error).message.replace(/^not implemented: /, '')], message: (err as Error).message });
  }
  if (details.counterexample === null) {
    // fast-check gave up without a counterexample: too many skipped inputs, or interrupted.
    return done({ status: 'error', runs: details.numRuns, message: `no result: ${details.numSkips} inputs skipped by preconditions${details.interrupted ? ', interrupted' : ''}` });
  }
  const path = details.counterexamplePath ?? undefined;
  return done({
    status: 'fail',
    runs: details.numRuns,
    counterexample: details.counterexample[0],
    path,
    shrinks: details.numShrinks,
    message: err instanceof Error ? err.message : String(err),
    replay: replayCommand(opts.subjectArg ?? subject.name, prop.id, opts.seed, path),
  });
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
  }
  return {
    subject: subject.name,
    seed: opts.seed,
    results,
    ms: Math.round(performance.now() - t0),
    ok: results.every((r) => r.status !== 'fail' && r.status !== 'error'),
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
}

/**
 * For vitest / any test runner: runs the property and throws a PropertyAssertionError (seed, shrunk
 * counterexample, replay) when it fails. Returns the result otherwise (status pass, missing or skipped).
 *
 *   for (const p of contractProperties) it(p.id, () => assertProperty(p, mySubject));
 */
export async function assertProperty(prop: Property, subject: Subject, opts: AssertOptions = {}): Promise<PropertyResult> {
  const result = await runProperty(prop, subject, { seed: opts.seed ?? randomSeed(), runs: opts.runs, path: opts.path, timeoutMs: opts.timeoutMs });
  if (result.status === 'fail' || result.status === 'error' || (opts.failOnMissing && result.status === 'missing')) {
    throw new PropertyAssertionError(result);
  }
  return result;
}
