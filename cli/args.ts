/**
 * The one parser and the one validation of the options the commands share (--seed, --runs, --format,
 * --timeout, integers and lists), so that a value means the same in every command and a bad one gets
 * the same typed usage error everywhere (exit status 2, naming the option, what it accepts and what
 * came). Output and input paths are checked in cli/paths.ts; progress on stderr is cli/progress.ts.
 *
 *   const { values, positionals } = parseCommandArgs('grade', argv, OPTIONS, { positionals: true });
 *   const seed = seedOption(values.seed) ?? 1;
 *   const runs = runsOption(values.runs) ?? 30;
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

export { UsageError } from './usage-error.js';
/** Kept here too: the commands import their argument helpers from one place. */
export { checkOutputPath } from './paths.js';

type OptionTypes = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/** "-5", "-0.5", "-.5", "-1e3", "-Infinity": a value, not an option. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|Infinity$)/;

/**
 * node:util parseArgs takes the "-5" of `--seed -5` for an option and refuses the line with
 * "argument is ambiguous … Did you forget to specify the option argument". After an option that takes
 * a value, a negative number is that value: join the two (`--seed=-5`) so that the option's own check
 * judges the number (--seed accepts it; --runs -1 is refused with "expected an integer from 1 …").
 */
export function joinNegativeValues(argv: readonly string[], options: OptionTypes): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    if (name !== undefined && Object.hasOwn(options, name) && options[name]!.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** The option named in one of node:util's parse errors ("Unknown option '--jobs'" → "--jobs"). */
function optionInMessage(message: string): string | undefined {
  // "Option '-q, --quiet' does not take an argument": the long name
  return /'(?:-[^-\s], )?(-{1,2}[^' =,<]+)/.exec(message)?.[1];
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What parseCommandArgs returns: node:util's parse result for these options. */
export type ParsedCommandArgs<O extends OptionsConfig, P extends boolean> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: P }>>;

/**
 * node:util parseArgs with the commands' conventions: strict (an unknown option is an error), negative
 * numbers as values (joinNegativeValues), and its errors ("Unknown option '--jobs'", "Option '--seed
 * <value>' argument missing", "Unexpected argument") turned into one-line UsageErrors naming the option
 * and pointing at `nn-oracle <command> --help`.
 */
export function parseCommandArgs<const O extends OptionsConfig, const P extends boolean = false>(
  command: string,
  argv: readonly string[],
  options: O,
  config: { positionals?: P } = {},
): ParsedCommandArgs<O, P> {
  const hint = `nn-oracle ${command} --help lists its options`;
  try {
    return parseArgs({ args: joinNegativeValues(argv, options as OptionTypes), options, strict: true, allowPositionals: (config.positionals ?? false) as P });
  } catch (e) {
    const err = e as Error & { code?: string };
    const option = optionInMessage(err.message);
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError({ where: option ?? 'options', expected: `an option of nn-oracle ${command}`, got: `the unknown option ${option ?? err.message}`, hint });
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        if (/does not take an argument/.test(err.message)) throw new UsageError({ where: option ?? 'options', expected: `no value (${option} is a switch: give it alone)`, got: 'a value', hint });
        throw new UsageError({ where: option ?? 'options', expected: `a value after ${option ?? 'the option'}`, got: 'nothing', hint });
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
        const arg = /Unexpected argument '([^']*)'/.exec(err.message)?.[1];
        throw new UsageError({ where: 'arguments', expected: `only options (nn-oracle ${command} takes no other arguments)`, got: arg !== undefined ? JSON.stringify(arg) : err.message, hint });
      }
      default:
        throw new UsageError({ where: 'options', expected: `the options of nn-oracle ${command}`, got: err.message, hint });
    }
  }
}

// ---- values -------------------------------------------------------------------------------------------

export interface IntBounds {
  min?: number;
  max?: number;
  /** Why the maximum, said in the error ("setTimeout's limit"). */
  why?: string;
}

function expectedInt({ min, max }: IntBounds): string {
  if (min !== undefined && max !== undefined) return `an integer from ${min} to ${max}`;
  if (min !== undefined) return `an integer ≥ ${min}`;
  if (max !== undefined) return `an integer ≤ ${max}`;
  return 'an integer';
}

/**
 * An integer option: undefined when absent; a UsageError for anything but a plain integer in bounds
 * ("1e3" is 1000, "0x10" and "" are refused, "1.5" is refused).
 */
export function intOption(value: string | undefined, where: string, bounds: IntBounds = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || (bounds.min !== undefined && n < bounds.min) || (bounds.max !== undefined && n > bounds.max)) {
    throw new UsageError({ where, expected: `${expectedInt(bounds)}${bounds.why ? ` (${bounds.why})` : ''}`, got: JSON.stringify(value) });
  }
  return n;
}

/** A finite number option (a learning rate, seconds): undefined when absent. */
export function numberOption(value: string | undefined, where: string, bounds: { min?: number; exclusiveMin?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  const { min, exclusiveMin } = bounds;
  if (!Number.isFinite(n) || (min !== undefined && (exclusiveMin ? n <= min : n < min))) {
    throw new UsageError({ where, expected: `a number${min !== undefined ? ` ${exclusiveMin ? '>' : '≥'} ${min}` : ''}`, got: JSON.stringify(value) });
  }
  return n;
}

/** Seeds are 32-bit signed integers: what fast-check and pure-rand use (a larger one would be folded). */
export const SEED_MIN = -(2 ** 31);
export const SEED_MAX = 2 ** 31 - 1;

/** --seed: a 32-bit signed integer; undefined when absent (the command picks its default). */
export function seedOption(value: string | undefined, where = '--seed'): number | undefined {
  return intOption(value, where, { min: SEED_MIN, max: SEED_MAX, why: 'a 32-bit seed' });
}

/**
 * The most random cases --runs may ask for. A property or a check at its default runs 1–100 cases in
 * well under a second each; 100 000 cases of the slowest (finite differences) already take about an
 * hour, and more coverage comes more cheaply from several seeds than from one enormous run.
 */
export const MAX_RUNS = 100_000;

/** --runs: random cases, an integer from 1 to MAX_RUNS (0 is refused everywhere: it would check nothing). */
export function runsOption(value: string | undefined, where = '--runs'): number | undefined {
  return intOption(value, where, { min: 1, max: MAX_RUNS, why: `at least one case; above ${MAX_RUNS} a run takes hours — use several --seed values instead` });
}

/** setTimeout's limit: a longer delay fires at once (Node warns and uses 1 ms). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** --timeout: milliseconds, an integer from 1 to setTimeout's limit; undefined when absent. */
export function timeoutOption(value: string | undefined, where = '--timeout'): number | undefined {
  return intOption(value, where, { min: 1, max: MAX_TIMEOUT_MS, why: 'milliseconds' });
}

/** --format: one of `allowed`; `fallback` when absent. */
export function formatOption<F extends string>(value: string | undefined, allowed: readonly F[], fallback: F, where = '--format'): F {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError({ where, expected: allowed.length === 2 ? `${allowed[0]} or ${allowed[1]}` : `one of ${allowed.join(', ')}`, got: JSON.stringify(value) });
  return value as F;
}

/**
 * A comma-separated option value as its names (trimmed, empties dropped); undefined when the option is
 * absent. An option given with no name at all ("--subjects ,") is refused: it would otherwise select
 * nothing and report success.
 */
export function listOption(value: string | undefined, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((x) => x.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError({ where, expected: 'one or more names separated by commas', got: JSON.stringify(value) });
  return names;
}
