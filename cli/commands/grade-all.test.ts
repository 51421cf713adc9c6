import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSubmissions, run } from './grade-all.js';

const EX = join(import.meta.dirname, '..', '..', 'examples', 'students');

function batchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-grade-all-'));
  for (const f of ['correct.mjs', 'correct.py', 'mse_no_half.py', 'hostile-exit.mjs']) copyFileSync(join(EX, f), join(dir, f));
  mkdirSync(join(dir, 'bob'));
  copyFileSync(join(EX, 'correct.py'), join(dir, 'bob', 'main.py'));
  mkdirSync(join(dir, 'carol'));
  copyFileSync(join(EX, 'correct.py'), join(dir, 'carol', 'impl.py'));
  writeFileSync(join(dir, 'carol', 'cmd'), 'python3 impl.py\n');
  writeFileSync(join(dir, 'README.md'), 'not a submission');
  return dir;
}

describe('grade-all', () => {
  it('finds files, folders with an entry file and folders with a cmd file; same stems keep their extension', () => {
    const subs = findSubmissions(batchDir());
    expect(subs.map((s) => s.name)).toEqual(['bob', 'carol', 'correct.mjs', 'correct.py', 'hostile-exit', 'mse_no_half']);
    expect(subs.find((s) => s.name === 'carol')!.args.slice(0, 2)).toEqual(['--cmd', 'python3 impl.py']);
  });

  it('refuses bad options with exit 2, naming the option (a negative number is its value, not an option)', async () => {
    const err: string[] = [];
    const log = console.error;
    console.error = (...a: unknown[]) => void err.push(a.join(' '));
    try {
      expect(await run([EX, '--jobs', '-1'])).toBe(2);
      expect(await run([EX, '--deadline', '-5'])).toBe(2);
    } finally {
      console.error = log;
    }
    expect(err[0]).toMatch(/--jobs: expected an integer ≥ 1, got -1/);
    expect(err[1]).toMatch(/--deadline: expected seconds > 0, got -5/);
  });

  it('grades a folder (in-process pool), writes reports and a CSV summary, survives a crashing submission, skips on re-run', async () => {
    const dir = batchDir();
    const out = join(dir, 'grades-out');
    const args = [dir, '--out-dir', out, '--jobs', '2', '--runs', '5', '--in-process', '--timeout', '10000', '--only', 'activate.relu,loss.mse,backward.bp1'];
    expect(await run(args)).toBe(1); // not every submission has a full score
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('submission,score,maxScore,percent,state,activate.relu,loss.mse,backward.bp1');
    expect(csv.slice(1)).toEqual([
      'bob,3,3,100.0,graded,pass,pass,pass',
      'carol,3,3,100.0,graded,pass,pass,pass',
      'correct.mjs,3,3,100.0,graded,pass,pass,pass',
      'correct.py,3,3,100.0,graded,pass,pass,pass',
      'hostile-exit,2,3,66.7,graded,pass,pass,error',
      'mse_no_half,2,3,66.7,graded,pass,fail,pass',
    ]);
    expect(existsSync(join(out, 'mse_no_half.txt'))).toBe(true);
    expect(readFileSync(join(out, 'mse_no_half.txt'), 'utf8')).toMatch(/diagnosis: the ½ of mse dropped/);
    expect(JSON.parse(readFileSync(join(out, 'bob.json'), 'utf8')).score).toBe(3);
    // a re-run skips everything; --force grades again
    expect(await run(args)).toBe(1);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/bob,3,3,100.0,skipped/);
    expect(await run([...args, '--force'])).toBe(1);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/bob,3,3,100.0,graded/);
  }, 120_000);
});

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
describe('grade-all with worker processes (the compiled CLI; needs npm run build)', () => {
  // fail, not skip, without a build: a skipped suite would pass `npx vitest run` while checking nothing
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
  });

  it('grades each submission in its own `nn-oracle grade` worker and renders the chosen format', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = batchDir();
    const out = join(dir, 'grades-workers');
    const r = spawnSync(process.execPath, [MAIN, 'grade-all', dir, '--out-dir', out, '--jobs', '2', '--runs', '5', '--timeout', '10000', '--only', 'loss.mse,backward.bp1', '--format', 'junit'], { encoding: 'utf8', timeout: 180_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/6 submissions, 4 with a full score, 0 skipped, 0 not graded/);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/hostile-exit,1,2,50.0,graded,pass,error/);
    expect(readFileSync(join(out, 'mse_no_half.xml'), 'utf8')).toMatch(/<failure message="wrong result/);
  }, 200_000);
});
