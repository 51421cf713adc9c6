import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../contract/errors.js';
import { checkOutputPath, joinNegativeValues, listOption } from './args.js';

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

describe('listOption', () => {
  it('splits on commas and refuses a list that names nothing', () => {
    expect(listOption(undefined, '--x')).toBeUndefined();
    expect(listOption(' a, b ,,c', '--x')).toEqual(['a', 'b', 'c']);
    expect(() => listOption(',', '--x')).toThrow(/--x: expected one or more names separated by commas, got ","/);
    expect(() => listOption('', '--x')).toThrow(InvalidArgumentError);
  });
});

describe('checkOutputPath', () => {
  it('accepts a file in an existing folder and names the option otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-args-'));
    expect(() => checkOutputPath(join(dir, 'a.json'), '--out')).not.toThrow();
    expect(() => checkOutputPath(join(dir, 'missing', 'a.json'), '--out')).toThrow(InvalidArgumentError);
    expect(() => checkOutputPath(join(dir, 'missing', 'a.json'), '--out')).toThrow(/--out.*existing folder/);
    expect(() => checkOutputPath(dir, '--out')).toThrow(/not a folder/);
  });
});
