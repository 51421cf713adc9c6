import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJson } from '../../contract/protocol.js';
import { parseGradeArgs, run } from './grade.js';

const EX = join(import.meta.dirname, '..', '..', 'examples', 'students');
const out = () => join(mkdtempSync(join(tmpdir(), 'nn-oracle-grade-cli-')), 'report.json');

describe('nn-oracle grade', () => {
  it('exits 0 for a full score and writes --out', async () => {
    const f = out();
    expect(await run([join(EX, 'correct.mjs'), '--only', 'activate.relu,perceptronStep', '--runs', '5', '--timeout', '10000', '--format', 'json', '--out', f, '--quiet'])).toBe(0);
    const j = decodeJson(readFileSync(f, 'utf8')) as { score: number; maxScore: number; checks: { id: string }[] };
    expect([j.score, j.maxScore]).toEqual([2, 2]);
    expect(j.checks.map((c) => c.id)).toEqual(['activate.relu', 'perceptronStep']);
  }, 120_000); // a hang guard, not a speed target

  it('exits 1 when anything is lost', async () => {
    const f = out();
    expect(await run(['--cmd', `python3 ${join(EX, 'perceptron_strict.py')}`, '--only', 'perceptronStep', '--runs', '5', '--timeout', '10000', '--format', 'json', '--out', f, '--quiet'])).toBe(1);
  }, 120_000); // a hang guard, not a speed target

  it('exits 2 on bad usage, naming what is wrong', async () => {
    expect(await run([])).toBe(2);
    expect(await run(['a.mjs', '--cmd', 'python3 x.py'])).toBe(2);
    expect(await run(['a.mjs', '--precision', 'float16'])).toBe(2);
    expect(() => parseGradeArgs(['a.mjs', '--only', 'backward.bp5'])).toThrow(/unknown check id "backward.bp5"/);
    expect(() => parseGradeArgs(['a.mjs', '--activations', 'swish'])).toThrow(/unknown activation "swish"/);
    expect(() => parseGradeArgs(['a.mjs', '--format', 'pdf'])).toThrow(/--format/);
    expect(() => parseGradeArgs(['a.mjs', '--runs', '-1'])).toThrow(/--runs: expected an integer from 1 to 100000.*got "-1"/);
    expect(() => parseGradeArgs(['a.mjs', '--runs', '0'])).toThrow(/--runs: expected an integer from 1/);
    expect(() => parseGradeArgs(['a.mjs', '--out', join(tmpdir(), 'nn-grade-missing-folder', 'r.json')])).toThrow(/--out.*existing folder/);
    // a list that names nothing would grade nothing (0/0) and exit 0
    expect(() => parseGradeArgs(['a.mjs', '--activations', ','])).toThrow(/--activations: expected one or more names/);
    expect(() => parseGradeArgs(['a.mjs', '--only', ','])).toThrow(/--only: expected one or more names/);
    expect(() => parseGradeArgs(['--cmd', 'true', '--cwd', join(tmpdir(), 'nn-grade-missing-folder')])).toThrow(/--cwd: expected an existing folder/);
  });

  it('builds the replay command from the options that change the grade', () => {
    const o = parseGradeArgs(['--cmd', 'python3 s.py', '--precision', 'float32', '--activations', 'relu,sigmoid', '--seed', '9']);
    expect(o.replayPrefix).toBe("nn-oracle grade --cmd 'python3 s.py' --precision float32 --activations relu,sigmoid");
    expect(o.scope.activations).toEqual(['sigmoid', 'relu']);
    expect(o.seed).toBe(9);
  });
});
