/**
 * Small argument helpers shared by the commands (check, grade, grade-all, train, bench).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '../contract/errors.js';

type OptionTypes = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/** "-5", "-0.5", "-.5", "-1e3", "-Infinity": a value, not an option. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|Infinity$)/;

/**
 * node:util parseArgs takes the "-5" of `--seed -5` for an option and refuses the line with
 * "argument is ambiguous … Did you forget to specify the option argument". After an option that takes
 * a value, a negative number is that value: join the two (`--seed=-5`) so that the command's own check
 * judges the number (check's --seed accepts it; --runs -1 is refused with "expected an integer ≥ 1").
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

/**
 * Checks, before any long work, that `file` can be created: its folder exists and is a folder.
 * Throws InvalidArgumentError naming the option otherwise.
 */
export function checkOutputPath(file: string, where: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InvalidArgumentError({ where, expected: 'a file in an existing folder', got: `${JSON.stringify(file)} (no folder ${dir})` });
  if (existsSync(file) && statSync(file).isDirectory()) throw new InvalidArgumentError({ where, expected: 'a file, not a folder', got: JSON.stringify(file) });
}

/**
 * A comma-separated option value as its names (trimmed, empties dropped); undefined when the option is
 * absent. An option given with no name at all ("--subjects ,") is refused: it would otherwise select
 * nothing and report success.
 */
export function listOption(value: string | undefined, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((x) => x.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError({ where, expected: 'one or more names separated by commas', got: JSON.stringify(value) });
  return names;
}
