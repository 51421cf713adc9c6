/**
 * The Python examples (examples/students/python/), graded the way an instructor grades them: through
 * the compiled CLI, `node dist/cli/main.js grade hw.py` (npm test builds dist first). A numpy module
 * and the same notebook get full marks; each numpy mistake fails its own check with its diagnosis;
 * a submission that does not load is reported with its place and graded 0.
 */
import { describeWithNumpy } from '../test/numpy.test-helpers.js';
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJson } from '../contract/protocol.js';
import type { GradeReport } from './grade.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PY = join(ROOT, 'examples', 'students', 'python');
const run = promisify(execFile);

interface Graded {
  status: number;
  report: GradeReport;
}

/** `nn-oracle grade <args> --format json --out <tmp>`; the per-call limit is generous for a busy machine. */
async function grade(args: string[]): Promise<Graded> {
  const out = join(mkdtempSync(join(tmpdir(), 'nn-oracle-py-examples-')), 'report.json');
  let status = 0;
  try {
    await run(process.execPath, [CLI, 'grade', ...args, '--timeout', '10000', '--format', 'json', '--out', out, '--quiet'], { cwd: ROOT });
  } catch (e) {
    status = (e as { code?: number }).code ?? -1;
    if (status === 2) throw e; // a usage error: the test is wrong, show why
  }
  return { status, report: decodeJson(readFileSync(out, 'utf8')) as GradeReport };
}

const failing = (r: GradeReport) => r.checks.filter((c) => c.status !== 'pass').map((c) => c.id);
const why = (r: GradeReport) => r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.message}`).join('\n');

describeWithNumpy('a numpy student who never heard of the protocol', () => {
  it('hw.py (plain numpy functions) gets full marks, and its __main__ block does not run', async () => {
    const { status, report } = await grade([join(PY, 'hw.py')]);
    expect(failing(report), why(report)).toEqual([]);
    expect([report.score, report.maxScore]).toEqual([31, 31]);
    expect(status).toBe(0);
  }, 120_000);

  it('hw.ipynb (the same as a notebook) gets full marks; the skipped IPython lines and the cells\' prints are in the report', async () => {
    const { status, report } = await grade([join(PY, 'hw.ipynb')]);
    expect(failing(report), why(report)).toEqual([]);
    expect([report.score, report.maxScore, status]).toEqual([31, 31, 0]);
    expect(report.output).toEqual(
      expect.arrayContaining([
        '[notebook] skipped cell 1 line 1: !pip install numpy',
        '[notebook] skipped cell 1 line 2: %matplotlib inline',
        '[notebook] skipped cell 7 line 1: %%time',
        '[notebook] skipped cell 8 line 1: %%bash (the whole cell)',
        '[0. 0. 2.] [0. 0. 1.]',
      ]),
    );
  }, 120_000);

  it('the plain-Python example with its own serve loop is also a module: snake_case names, no --cmd', async () => {
    const { report } = await grade([join(ROOT, 'examples', 'students', 'correct.py'), '--runs', '12']);
    expect(failing(report), why(report)).toEqual([]);
    expect(report.score).toBe(31);
  }, 120_000);
});

/** Each numpy mistake fails exactly its own check, with the diagnosis the catalogue names. */
const MISTAKES: Array<[string, string, string]> = [
  ['bp2_no_sigma_prime.py', 'backward.bp2', 'bp2.missing-sigma-prime'],
  ['bp3_summed.py', 'backward.bp3', 'batch.reduction-mismatch'],
  ['mse_no_half.py', 'loss.mse', 'mse.factor-2'],
  ['mse_mean.py', 'loss.mse', 'mse.mean-over-outputs'],
  ['adam_no_bias_correction.py', 'step.adam', 'adam.no-bias-correction'],
];

describeWithNumpy('numpy mistakes', () => {
  for (const [file, check, diagnosis] of MISTAKES) {
    it(`${file} fails only ${check}, diagnosed as ${diagnosis}`, async () => {
      const { status, report } = await grade([join(PY, file), '--runs', '12']);
      expect(failing(report), why(report)).toEqual([check]);
      const c = report.checks.find((x) => x.id === check)!;
      expect(c.status).toBe('fail');
      expect(c.diagnosis?.id).toBe(diagnosis);
      expect(status).toBe(1);
    }, 120_000);
  }
});

/** What the report says is up to the grader; here: nothing passes, and the place of the failure is in it. */
const LOAD_FAILURES: Array<[string, string, RegExp]> = [
  ['load_syntax_error.py', 'load_syntax_error.py:8', /SyntaxError/],
  ['load_import_error.py', 'load_import_error.py:7', /ModuleNotFoundError: No module named 'course_utils'/],
  ['load_cell_error.ipynb', 'cell 3, line 4', /ValueError: matmul/],
];

describeWithNumpy('submissions that do not load', () => {
  for (const [file, place, message] of LOAD_FAILURES) {
    it(`${file}: graded 0, reported at ${place}`, async () => {
      const { status, report } = await grade([join(PY, file), '--only', 'activate.relu,loss.mse,forward']);
      expect(report.checks.map((c) => c.status)).not.toContain('pass');
      expect(report.score).toBe(0);
      const text = JSON.stringify(report);
      expect(text).toContain(place);
      expect(text).toMatch(message);
      expect(status).toBe(1);
    }, 60_000);
  }
});

describeWithNumpy('--python', () => {
  it('a virtual environment\'s python is used with its packages, and one without numpy is named in the report', async () => {
    const base = mkdtempSync(join(tmpdir(), 'nn-oracle-venv-'));
    // --without-pip: no ensurepip needed (Debian ships it apart); the system's packages give numpy
    await run('python3', ['-m', 'venv', '--without-pip', '--system-site-packages', join(base, 'with')]);
    await run('python3', ['-m', 'venv', '--without-pip', join(base, 'bare')]);
    const ok = await grade([join(PY, 'hw.py'), '--python', join(base, 'with', 'bin', 'python'), '--only', 'forward,backward.bp2,step.adam']);
    expect(failing(ok.report), why(ok.report)).toEqual([]);
    expect(ok.report.replay).toContain(`--python ${join(base, 'with', 'bin', 'python')}`);
    const bare = await grade([join(PY, 'hw.py'), '--python', join(base, 'bare', 'bin', 'python'), '--only', 'forward']);
    expect(bare.report.score).toBe(0);
    expect(JSON.stringify(bare.report)).toMatch(/No module named 'numpy'.*neither installed for .*bare\/bin\/python/);
  }, 120_000);

  it('an interpreter that does not exist is a usage error', async () => {
    const e = (await run(process.execPath, [CLI, 'grade', join(PY, 'hw.py'), '--python', join(tmpdir(), 'no-such-python')]).catch((x: unknown) => x)) as { code: number; stderr: string };
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--python: expected a Python ≥ 3\.8 interpreter.*not found/);
  });
});
