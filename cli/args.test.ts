import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../contract/errors.js';
import { MAX_RUNS, MAX_TIMEOUT_MS, SEED_MAX, SEED_MIN, UsageError, formatOption, intOption, joinNegativeValues, listOption, numberOption, parseCommandArgs, runsOption, seedOption, timeoutOption } from './args.js';

const OPTIONS = { seed: { type: 'string' }, quiet: { type: 'boolean' } } as const;

describe('joinNegativeValues', () => {
  it('joins a negative number to the string option before it', () => {
    expect(joinNegativeValues(['--seed', '-5', 'x'], OPTIONS)).toEqual(['--seed=-5', 'x']);
    expect(joinNegativeValues(['--seed', '-0.5'], OPTIONS)).toEqual(['--seed=-0.5']);
    expect(joinNegativeValues(['--seed', '-.5'], OPTIONS)).toEqual(['--seed=-.5']);
    expect(joinNegativeValues(['--seed', '-Infinity'], OPTIONS)).toEqual(['--seed=-Infinity']);
  });

  it('leaves options, boolean options, unknown options, joined values and everything after -- alone', () => {
    expect(joinNegativeValues(['--seed', '--quiet'], OPTIONS)).toEqual(['--seed', '--quiet']);
    expect(joinNegativeValues(['--seed', '-h'], OPTIONS)).toEqual(['--seed', '-h']);
    expect(joinNegativeValues(['--quiet', '-5'], OPTIONS)).toEqual(['--quiet', '-5']);
    expect(joinNegativeValues(['--other', '-5'], OPTIONS)).toEqual(['--other', '-5']);
    expect(joinNegativeValues(['--seed=-1', '-5'], OPTIONS)).toEqual(['--seed=-1', '-5']);
    expect(joinNegativeValues(['--', '--seed', '-5'], OPTIONS)).toEqual(['--', '--seed', '-5']);
  });
});

describe('parseCommandArgs', () => {
  const OPTS = { seed: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } } as const;

  it('parses like node:util parseArgs, negative values included', () => {
    const { values, positionals } = parseCommandArgs('grade', ['x.mjs', '--seed', '-5', '-q'], OPTS, { positionals: true });
    expect(values).toEqual({ seed: '-5', quiet: true });
    expect(positionals).toEqual(['x.mjs']);
  });

  it('turns every parser error into a one-line UsageError naming the option and the command', () => {
    const err = (argv: string[], positionals = false) => {
      try {
        parseCommandArgs('grade', argv, OPTS, { positionals });
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    };
    const unknown = err(['--jobs', '4']);
    expect(unknown).toBeInstanceOf(UsageError);
    expect(unknown).toBeInstanceOf(InvalidArgumentError);
    expect(unknown.message).toBe('invalid argument at --jobs: expected an option of nn-oracle grade, got the unknown option --jobs; nn-oracle grade --help lists its options');
    expect(err(['--seed']).message).toMatch(/^invalid argument at --seed: expected a value after --seed, got nothing;/);
    expect(err(['--quiet=yes']).message).toMatch(/^invalid argument at --quiet: expected no value \(--quiet is a switch/);
    expect(err(['x.mjs']).message).toMatch(/^invalid argument at arguments: expected only options .* got "x.mjs"/);
    expect(err(['-z']).message).toMatch(/at -z: .*unknown option -z/);
    for (const e of [unknown, err(['--seed']), err(['x'])]) expect(e.message).not.toMatch(/\n|To specify a positional/);
  });
});

describe('the shared option values', () => {
  it('--seed: a 32-bit signed integer, nothing else', () => {
    expect(seedOption(undefined)).toBeUndefined();
    expect(seedOption('42')).toBe(42);
    expect(seedOption('-5')).toBe(-5);
    expect(seedOption(String(SEED_MIN))).toBe(SEED_MIN);
    expect(seedOption(String(SEED_MAX))).toBe(SEED_MAX);
    for (const bad of [String(SEED_MAX + 1), String(SEED_MIN - 1), '1.5', 'abc', '', '0x10', 'NaN', 'Infinity']) {
      expect(() => seedOption(bad), bad).toThrow(UsageError);
    }
    expect(() => seedOption('4294967296')).toThrow(/--seed: expected an integer from -2147483648 to 2147483647 \(a 32-bit seed\), got "4294967296"/);
  });

  it('--runs: 1 to MAX_RUNS; 0 is refused (it would check nothing) and 1e9 is refused with the reason', () => {
    expect(runsOption(undefined)).toBeUndefined();
    expect(runsOption('1')).toBe(1);
    expect(runsOption('1e3')).toBe(1000);
    expect(runsOption(String(MAX_RUNS))).toBe(MAX_RUNS);
    expect(() => runsOption('0')).toThrow(/--runs: expected an integer from 1 to 100000 \(at least one case/);
    expect(() => runsOption('-1')).toThrow(UsageError);
    expect(() => runsOption('1e9')).toThrow(/use several --seed values instead\), got "1e9"/);
    expect(() => runsOption('2.5')).toThrow(UsageError);
  });

  it('--timeout: integer milliseconds from 1 to setTimeout’s limit', () => {
    expect(timeoutOption('2000')).toBe(2000);
    expect(timeoutOption(String(MAX_TIMEOUT_MS))).toBe(MAX_TIMEOUT_MS);
    for (const bad of ['0', '-1', '1.5', String(MAX_TIMEOUT_MS + 1), 'soon']) expect(() => timeoutOption(bad), bad).toThrow(/--timeout: expected an integer from 1 to 2147483647 \(milliseconds\)/);
  });

  it('--format: one of the allowed names, the fallback when absent', () => {
    expect(formatOption(undefined, ['text', 'json'], 'text')).toBe('text');
    expect(formatOption('json', ['text', 'json'], 'text')).toBe('json');
    expect(() => formatOption('xml', ['text', 'json'], 'text')).toThrow(/--format: expected text or json, got "xml"/);
    expect(() => formatOption('xml', ['text', 'json', 'html'], 'text')).toThrow(/expected one of text, json, html/);
  });

  it('integers and numbers with bounds', () => {
    expect(intOption(' 7 ', '--n', { min: 0 })).toBe(7);
    expect(() => intOption('-1', '--warmup', { min: 0 })).toThrow(/--warmup: expected an integer ≥ 0, got "-1"/);
    expect(() => intOption('9007199254740993', '--n')).toThrow(UsageError);
    expect(numberOption('0.05', '--lr', { min: 0 })).toBe(0.05);
    expect(() => numberOption('-1', '--lr', { min: 0 })).toThrow(/--lr: expected a number ≥ 0/);
    expect(() => numberOption('0', '--deadline', { min: 0, exclusiveMin: true })).toThrow(/expected a number > 0/);
    expect(() => numberOption('', '--lr')).toThrow(UsageError);
  });
});

describe('listOption', () => {
  it('splits on commas and refuses a list that names nothing', () => {
    expect(listOption(undefined, '--x')).toBeUndefined();
    expect(listOption(' a, b ,,c', '--x')).toEqual(['a', 'b', 'c']);
    expect(() => listOption(',', '--x')).toThrow(/--x: expected one or more names separated by commas, got ","/);
    expect(() => listOption('', '--x')).toThrow(InvalidArgumentError);
  });
});
