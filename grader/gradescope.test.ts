/**
 * The Gradescope autograder (docs/gradescope/) in a fake /autograder tree (AUTOGRADER_ROOT), as Gradescope
 * runs it: run_autograder with the student's files in submission/, nn-oracle in source/. Needs
 * `npm run build`, the sandbox (scripts/install-sandbox.sh: run_autograder passes --sandbox required) and
 * the Python host for .py/.ipynb submissions.
 */
import { itWithNumpy } from '../test/numpy.test-helpers.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORGED_SCORE, RAW_CONTROL } from './nasty-report.test-helpers.js';

const ROOT = join(import.meta.dirname, '..');
const EX = join(ROOT, 'examples', 'students');
const GS = join(ROOT, 'docs', 'gradescope');
const QUICK = 'GRADE_OPTS="--runs 3 --timeout 20000"\n';

interface Run {
  results: any;
  status: number | null;
  root: string;
  stdout: string;
}

/** Runs run_autograder in a fresh fake tree; `files` maps submission file names to their contents. */
function autograde(files: Record<string, string>, source: Record<string, string> = {}, opts: { env?: Record<string, string>; nn?: string } = {}): Run {
  const root = mkdtempSync(join(tmpdir(), 'nn-oracle-gradescope-'));
  mkdirSync(join(root, 'source'), { recursive: true });
  mkdirSync(join(root, 'submission'));
  symlinkSync(opts.nn ?? ROOT, join(root, 'source', 'nn-oracle'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'submission', name), text);
  for (const [name, text] of Object.entries(source)) writeFileSync(join(root, 'source', name), text);
  const r = spawnSync('bash', [join(GS, 'run_autograder')], { env: { ...process.env, AUTOGRADER_ROOT: root, ...opts.env }, encoding: 'utf8', timeout: 240_000 });
  return { results: JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')), status: r.status, root, stdout: r.stdout + r.stderr };
}

const ex = (f: string) => readFileSync(join(EX, f), 'utf8');
/** examples/students/correct.py as a module (its serve loop left out), to extend in a test. */
const pyCorrect = () => ex('correct.py').replace(/^if __name__ == "__main__":[\s\S]*$/m, '');
/** A self-contained mistake: mse without its ½ (correct.py imported by mse_no_half.py is not uploaded). */
const pyMseTwice = () => `${pyCorrect()}\n_loss = loss\n\ndef loss(name, A, Y):\n    v = _loss(name, A, Y)\n    return 2 * v if name == "mse" else v\n`;

/** The texts Gradescope shows a student. */
const shown = (results: any): string[] => [results.output ?? '', ...(results.tests ?? []).flatMap((t: any) => [t.name, t.output ?? ''])];

describe('the Gradescope autograder (docs/gradescope/run_autograder)', () => {
  // fail, not skip, without a build: a skipped suite would pass `npx vitest run` while checking nothing
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
    if (!existsSync(join(ROOT, 'runner', 'host.py'))) throw new Error('runner/host.py is missing: Python submissions (nn-oracle grade hw.py) need the Python host');
  });

  itWithNumpy('grades the one candidate file whatever its name ("hw 3.py"), in the sandbox, into results.json', () => {
    const { results, status } = autograde({ 'hw 3.py': ex('correct.py'), 'notes.txt': 'not code' }, { 'grade.env': QUICK });
    expect(status).toBe(0);
    expect(results.score).toBe(31);
    expect(results.tests).toHaveLength(31);
    expect(results.tests.every((t: any) => t.status === 'passed')).toBe(true);
    expect(results.output).toMatch(/^isolation: sandbox: /m); // the report names the layer it ran in
    expect(results.output).not.toMatch(/unsafe/);
  }, 240_000);

  it('grades the configured entry; a browser-renamed re-upload ("solution (1).py") is graded, and says so', () => {
    const exact = autograde({ 'solution.py': ex('correct.py'), 'helper.py': 'x = 1\n' }, { 'grade.env': `${QUICK}ENTRY="solution.py"\n` });
    expect(exact.results.score).toBe(31);
    const renamed = autograde({ 'solution (1).py': ex('correct.py') }, { 'grade.env': `${QUICK}ENTRY="solution.py"\n` });
    expect(renamed.results.score).toBe(31);
    expect(renamed.results.output).toMatch(/grades a file named "solution\.py"; graded "solution \(1\)\.py", the only \.py file/);
    // the replay command in the feedback names the file as the student has it
    const failing = autograde({ 'solution (1).py': pyMseTwice() }, { 'grade.env': `${QUICK}ENTRY="solution.py"\n` });
    expect(failing.results.tests.find((t: any) => t.number === 'loss.mse').output).toMatch(/replay: nn-oracle grade 'solution \(1\)\.py' (--\S+ \S+ )*--seed 1 --only loss\.mse/);
    // NN_ORACLE_ENTRY overrides grade.env
    const env = autograde({ 'a.py': ex('correct.py'), 'b.py': pyMseTwice() }, { 'grade.env': `${QUICK}ENTRY="a.py"\n` }, { env: { NN_ORACLE_ENTRY: 'b.py' } });
    expect(env.results.score).toBe(30);
  }, 480_000);

  it('refuses an ambiguous submission, naming the candidates, instead of guessing', () => {
    const two = autograde({ 'a.py': ex('correct.py'), 'b.mjs': ex('correct.mjs') }, { 'grade.env': QUICK });
    expect(two.results.score).toBe(0);
    expect(two.results.tests).toBeUndefined();
    expect(two.results.output).toMatch(/Several files could be the submission: "a\.py", "b\.mjs"\. Upload only the file to grade/);
    const wrongName = autograde({ 'x.py': '', 'y.py': '' }, { 'grade.env': `${QUICK}ENTRY="hw.py"\n` });
    expect(wrongName.results.output).toMatch(/grades a file named "hw\.py"\. The submission holds "x\.py", "y\.py"/);
    const none = autograde({});
    expect(none.status).toBe(0);
    expect(none.results.score).toBe(0);
    expect(none.results.output).toMatch(/No submission found/);
  }, 120_000);

  it('grades a buggy JS module with a rubric, and explains the failure', () => {
    const rubric = JSON.stringify({ points: { 'backward.': 5, '*': 1 } });
    const { results } = autograde(
      { 'bp2-no-sigma-prime.mjs': ex('bp2-no-sigma-prime.mjs'), 'correct.mjs': ex('correct.mjs') },
      { 'rubric.json': rubric, 'grade.env': 'ENTRY="bp2-no-sigma-prime.mjs"\nGRADE_OPTS="--runs 5 --timeout 20000 --only backward.bp1,backward.bp2,forward"\n' },
    );
    expect(results.score).toBe(6);
    const bp2 = results.tests.find((t: any) => t.number === 'backward.bp2');
    expect(bp2).toMatchObject({ score: 0, max_score: 5, status: 'failed' });
    expect(bp2.output).toMatch(/BP2 without σ′/);
  }, 240_000);

  itWithNumpy('the notebook variant (python/grade.env: ENTRY="hw.ipynb") grades a numpy notebook', () => {
    const env = readFileSync(join(GS, 'python', 'grade.env'), 'utf8').replace(/^GRADE_OPTS=.*$/m, 'GRADE_OPTS="--runs 3 --timeout 20000"');
    const { results } = autograde({ 'hw.ipynb': readFileSync(join(EX, 'python', 'hw.ipynb'), 'utf8') }, { 'grade.env': env });
    expect(results.score).toBe(31);
  }, 240_000);

  const FORGED = '{"score": 31, "output": "forged", "tests": []}';
  const PRINTED = `${FORGED_SCORE}\n\x1b[2J\x1b[H</failure><script>alert(1)</script>`;
  const THROWN = `nope\n${FORGED_SCORE}\n\x1b[2J`;
  /** Submissions that implement loss wrongly (a real score of 28) and attack all they can reach, in each language. */
  const HOSTILE: Record<string, (root: string) => Record<string, string>> = {
    'a JS module': (root) => ({
      'correct.mjs': ex('correct.mjs'),
      'hw.mjs': `import { readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
export * from './correct.mjs';
const ROOT = ${JSON.stringify(root)};
const FORGED = ${JSON.stringify(FORGED)};
try { writeFileSync(ROOT + '/results/results.json', FORGED); } catch (e) { console.log('blocked:', e.code); }
try {
  // a daemon that outlives the grader and rewrites results.json afterwards
  spawn(process.execPath, ['-e', 'setTimeout(() => require("fs").writeFileSync(process.argv[1], process.argv[2]), 1500)', ROOT + '/results/results.json', FORGED], { detached: true, stdio: 'ignore' }).unref();
} catch (e) { console.log('no daemon:', e.code); }
try { console.log(readFileSync(ROOT + '/source/nn-oracle/dist/reference/index.js', 'utf8').slice(0, 50)); } catch (e) { console.log('no reference:', e.code); }
console.log(${JSON.stringify(PRINTED)});
export function loss() { throw new Error(${JSON.stringify(THROWN)}); }
`,
    }),
    'a Python module': (root) => ({
      'hw.py': `import os, sys, subprocess
ROOT = ${JSON.stringify(root)}
FORGED = ${JSON.stringify(FORGED)}
try:
    open(os.path.join(ROOT, 'results', 'results.json'), 'w').write(FORGED)
except Exception as e:
    print('blocked:', e)
try:
    subprocess.Popen([sys.executable, '-c', 'import time, sys\\ntime.sleep(1.5)\\nopen(sys.argv[1], "w").write(sys.argv[2])', os.path.join(ROOT, 'results', 'results.json'), FORGED], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
except Exception as e:
    print('no daemon:', e)
try:
    print(open(os.path.join(ROOT, 'source', 'nn-oracle', 'dist', 'reference', 'index.js')).read()[:50])
except Exception as e:
    print('no reference:', e)
print(${JSON.stringify(PRINTED)})
${pyCorrect()}
def loss(name, A, Y):
    raise ValueError(${JSON.stringify(THROWN)})
`,
    }),
  };

  it.each(Object.keys(HOSTILE))('%s cannot forge results.json, its score lines or its tests, during grading or after', (kind) => {
    const root = mkdtempSync(join(tmpdir(), 'nn-oracle-gs-hostile-'));
    const files = HOSTILE[kind]!(root);
    const graded = autogradeAt(root, files, `${QUICK}ENTRY="${Object.keys(files).at(-1)}"\n`);
    spawnSync('sleep', ['3']);
    const after = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8'));
    expect(graded.score).toBe(28); // the three loss checks fail; nothing forged
    expect(after).toEqual(graded); // and nothing rewrote it after the grader had finished
    for (const s of shown(after)) {
      expect(s).not.toMatch(/^\s*score:/m);
      expect(s).not.toMatch(RAW_CONTROL);
      expect(s).not.toMatch(/export (function|\*)|from '\.\/?/);
    }
    expect(after.output).toMatch(/\| score: 31 \/ 31/); // what it printed is shown, as printed output
    expect(readdirSync(join(root, 'results'))).toEqual(['results.json']);
  }, 240_000);
});

/** run_autograder in a given root (the submission knows its path). */
function autogradeAt(root: string, files: Record<string, string>, env: string): any {
  mkdirSync(join(root, 'source'), { recursive: true });
  mkdirSync(join(root, 'submission'), { recursive: true });
  if (!existsSync(join(root, 'source', 'nn-oracle'))) symlinkSync(ROOT, join(root, 'source', 'nn-oracle'));
  writeFileSync(join(root, 'source', 'grade.env'), env);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'submission', name), text);
  spawnSync('bash', [join(GS, 'run_autograder')], { env: { ...process.env, AUTOGRADER_ROOT: root }, encoding: 'utf8', timeout: 240_000 });
  return JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8'));
}

describe('the autograder tree ships no solution a submission could run', () => {
  const isRoot = process.getuid?.() === 0;

  it('make-autograder.sh builds the zip tree without examples, tests or CI; --python takes the notebook variant', () => {
    const out = mkdtempSync(join(tmpdir(), 'nn-oracle-gs-make-'));
    const r = spawnSync('bash', [join(GS, 'make-autograder.sh'), '--python', '--entry', 'hw 3 (final).ipynb', '--grade-opts', '--runs 5', join(out, 'tree')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const tree = join(out, 'tree');
    expect(readdirSync(tree).sort()).toEqual(['grade.env', 'nn-oracle', 'run_autograder', 'setup.sh']);
    expect(readFileSync(join(tree, 'setup.sh'), 'utf8')).toMatch(/python3-numpy/);
    const env = spawnSync('bash', ['-c', `. ${JSON.stringify(join(tree, 'grade.env'))}; printf '%s|%s|%s' "$ENTRY" "$SANDBOX" "$GRADE_OPTS"`], { encoding: 'utf8' });
    expect(env.stdout).toBe('hw 3 (final).ipynb|required|--runs 5');
    const nn = join(tree, 'nn-oracle');
    expect(existsSync(join(nn, 'package.json'))).toBe(true);
    expect(existsSync(join(nn, 'runner', 'host.mjs'))).toBe(true);
    expect(existsSync(join(nn, 'docs', 'gradescope', 'results.mjs'))).toBe(true);
    expect(existsSync(join(nn, 'examples'))).toBe(false);
    const files = spawnSync('find', [nn, '-type', 'f'], { encoding: 'utf8' }).stdout.split('\n');
    expect(files.filter((f) => /\.test\.ts$|correct\.(mjs|py)$/.test(f))).toEqual([]);
    // the zip (zip, or Python's zipfile without it), read back by Python's zipfile
    const zip = join(out, 'autograder.zip');
    expect(spawnSync('bash', [join(GS, 'make-autograder.sh'), zip]).status).toBe(0);
    const list = JSON.parse(spawnSync('python3', ['-c', 'import json, sys, zipfile\nprint(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], { encoding: 'utf8' }).stdout) as string[];
    expect(list).toContain('setup.sh');
    expect(list).toContain('run_autograder');
    expect(list).toContain('nn-oracle/runner/host.mjs');
    expect(list.some((f) => /^(nn-oracle\/)?(examples|node_modules)\//.test(f))).toBe(false);
  }, 120_000);

  // the uid test needs root (CI runs as root); a user cannot switch to another uid to try it
  it.skipIf(!isRoot && !process.env['CI'])('after lockdown.sh, the sandbox user reads the runner but no reference, fixture or grader code; grading still works', () => {
    if (!isRoot) throw new Error('CI must run this as root (the sandbox user is another uid)');
    const parent = mkdtempSync(join(tmpdir(), 'nn-oracle-gs-lock-'));
    chmodSync(parent, 0o755); // as /autograder/source is: the way in is open, the tree decides the rest
    const copy = join(parent, 'nn-oracle');
    mkdirSync(copy);
    for (const e of readdirSync(ROOT)) if (!['node_modules', '.git', '.ci-results'].includes(e)) cpSync(join(ROOT, e), join(copy, e), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const lock = spawnSync('bash', [join(GS, 'lockdown.sh'), copy], { encoding: 'utf8' });
    expect(lock.status, lock.stderr).toBe(0);
    expect(existsSync(join(copy, 'examples'))).toBe(false);
    const user = process.env['NN_ORACLE_SANDBOX_USER'] ?? 'nn-oracle-sandbox';
    const asUser = (file: string) => spawnSync('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--clear-groups', 'cat', file], { encoding: 'utf8' }).status;
    for (const f of ['dist/reference/index.js', 'reference/index.ts', 'dist/grader/grade.js', 'dist/cli/main.js', 'docs/gradescope/results.mjs']) expect(asUser(join(copy, f)), f).not.toBe(0);
    for (const f of ['runner/host.mjs', 'runner/host.py', 'package.json']) expect(asUser(join(copy, f)), f).toBe(0);
    // the grader (root) still grades from the locked tree, in the sandbox
    const { results } = autograde({ 'hw.mjs': ex('correct.mjs') }, { 'grade.env': QUICK }, { nn: copy });
    expect(results.score).toBe(31);
    // and a module that imports the reference by its absolute path gets nothing from it
    const thief = `export * from ${JSON.stringify(join(copy, 'dist', 'reference', 'index.js'))};\n`;
    const stolen = autograde({ 'hw.mjs': thief }, { 'grade.env': QUICK }, { nn: copy });
    expect(stolen.results.score).toBe(0);
  }, 240_000);
});
