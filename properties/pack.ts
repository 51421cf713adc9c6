/**
 * The property suite as tests of your own test runner (vitest, or anything with `it(name, fn, timeout)`
 * whose test context can skip): one test per property, and a property your subject cannot run — a
 * function it lacks, another precision, a law of nn-oracle's own reference — is reported as SKIPPED
 * with the reason, never as passed.
 *
 *   import { it } from 'vitest';
 *   import { propertyTests } from 'nn-oracle/properties';
 *   propertyTests(mySubject, { it });
 *
 * Every test of one file shares one run seed: `opts.seed`, else the environment's NN_ORACLE_SEED, else
 * a random one. A failure prints the seed, the shrunk counterexample and the command that replays it:
 *   NN_ORACLE_SEED=<seed> NN_ORACLE_PATH=<path> npx vitest run -t '<property id>'
 */
import type { Subject } from '../contract/types.js';
import { PropertyAssertionError, randomSeed, runProperty } from './engine.js';
import { contractProperties } from './index.js';

/** The test context's skip (vitest: `ctx.skip(note)`); a runner without one gets a passing test with the reason logged. */
type TestContext = { skip?: (note?: string) => unknown } | undefined;
type ItLike = (name: string, fn: (ctx?: TestContext) => Promise<void>, timeout?: number) => unknown;

export interface PropertyTestOptions {
  it: ItLike;
  /** The run seed (default: NN_ORACLE_SEED, else random). */
  seed?: number;
  /** Random cases per property (default: each property's own). */
  runs?: number;
  /** Per-case limit for a subject that may hang. */
  timeoutMs?: number;
  /** Per-test limit given to `it` (default 120 s). */
  testTimeoutMs?: number;
  /** Only these property ids. */
  only?: readonly string[];
  /**
   * Laws of nn-oracle's own reference (no contract function called) are not about your subject:
   * skipped by default; `false` runs them too.
   */
  contractOnly?: boolean;
}

function envSeed(): number | undefined {
  const v = typeof process !== 'undefined' ? process.env.NN_ORACLE_SEED : undefined;
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
}

/** Registers one test per property of the suite against `subject` (or a function that makes it). */
export function propertyTests(subject: Subject | (() => Subject | Promise<Subject>), opts: PropertyTestOptions): void {
  const seed = opts.seed ?? envSeed() ?? randomSeed();
  const path = typeof process !== 'undefined' ? process.env.NN_ORACLE_PATH || undefined : undefined;
  let made: Promise<Subject> | null = null;
  const get = () => (made ??= Promise.resolve(typeof subject === 'function' ? subject() : subject));
  const props = opts.only ? contractProperties.filter((p) => opts.only!.includes(p.id)) : contractProperties;
  for (const p of props) {
    opts.it(
      p.id,
      async (ctx) => {
        const s = await get();
        const r = await runProperty(p, s, {
          seed,
          runs: opts.runs,
          timeoutMs: opts.timeoutMs,
          path,
          contractOnly: opts.contractOnly ?? true,
          subjectArg: `NN_ORACLE_SEED=${seed}`,
        });
        if (r.status === 'missing' || r.status === 'skipped') {
          const why = `${p.id}: ${r.message ?? r.status}`;
          if (ctx?.skip) ctx.skip(why);
          console.warn(`not run: ${why}`);
          return;
        }
        if (r.status !== 'pass') {
          const replay = `NN_ORACLE_SEED=${seed}${r.path ? ` NN_ORACLE_PATH=${r.path}` : ''} npx vitest run -t '${p.id}'`;
          throw new PropertyAssertionError({ ...r, replay });
        }
      },
      opts.testTimeoutMs ?? 120_000,
    );
  }
}
