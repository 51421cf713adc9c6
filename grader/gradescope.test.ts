import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const EX = join(ROOT, 'examples', 'students');

/** Runs docs/gradescope/run_autograder in a fake /autograder tree (AUTOGRADER_ROOT) — needs `npm run build`. */
function autograde(files: string[], extra: Record<string, string> = {}): { results: any; status: number | null } {
  const root = mkdtempSync(join(tmpdir(), 'nn-oracle-gradescope-'));
  mkdirSync(join(root, 'source'), { recursive: true });
  mkdirSync(join(root, 'submission'));
  symlinkSync(ROOT, join(root, 'source', 'nn-oracle'));
  for (const f of files) copyFileSync(join(EX, f), join(root, 'submission', f));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(root, 'source', name), text);
  const r = spawnSync('bash', [join(ROOT, 'docs', 'gradescope', 'run_autograder')], { env: { ...process.env, AUTOGRADER_ROOT: root }, encoding: 'utf8', timeout: 120_000 });
  return { results: JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')), status: r.status };
}

describe('the Gradescope autograder (docs/gradescope/run_autograder)', () => {
  // fail, not skip, without a build: a skipped suite would pass `npx vitest run` while checking nothing
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
  });

  it('grades a Python submission into results.json', () => {
    const { results, status } = autograde(['correct.py'], { 'grade.env': 'GRADE_OPTS="--runs 5 --timeout 10000"\n' });
    expect(status).toBe(0);
    expect(results.score).toBe(31);
    expect(results.tests).toHaveLength(31);
    expect(results.tests.every((t: any) => t.status === 'passed')).toBe(true);
  }, 120_000);

  it('grades a buggy JS module with a rubric, and explains the failure', () => {
    const rubric = JSON.stringify({ points: { 'backward.': 5, '*': 1 } });
    const { results } = autograde(['bp2-no-sigma-prime.mjs', 'correct.mjs'], { 'rubric.json': rubric, 'grade.env': 'GRADE_OPTS="--runs 5 --timeout 10000 --only backward.bp1,backward.bp2,forward"\n' });
    expect(results.score).toBe(6);
    const bp2 = results.tests.find((t: any) => t.number === 'backward.bp2');
    expect(bp2).toMatchObject({ score: 0, max_score: 5, status: 'failed' });
    expect(bp2.output).toMatch(/BP2 without σ′/);
  }, 120_000);

  it('writes a results.json even without a submission', () => {
    const { results, status } = autograde([]);
    expect(status).toBe(0);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/No submission found/);
  });
});
