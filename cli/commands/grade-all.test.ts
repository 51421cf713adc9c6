import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJson } from '../../contract/protocol.js';
import { CSV_FORMULA, FORGED_SCORE, RAW_CONTROL } from '../../grader/nasty-report.test-helpers.js';
import { STATE_FILE, applyTemplate, findSubmissions, run, shellQuote, summaryCsv, targetArgs } from './grade-all.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EX = join(ROOT, 'examples', 'students');
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const CORRECT_MJS = readFileSync(join(EX, 'correct.mjs'), 'utf8');
const ONLY = ['--only', 'activate.relu,loss.mse,backward.bp1'];

const scratch: string[] = [];
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
}
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A folder submission: index.mjs re-exports correct.mjs, with `override` appended (it replaces what it names). */
function folderWith(dir: string, name: string, index: string): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'correct.mjs'), CORRECT_MJS);
  writeFileSync(join(dir, name, 'index.mjs'), index);
}

/** Runs grade-all in this process, capturing what it prints on stderr. */
async function gradeAll(args: string[]): Promise<{ status: number; err: string }> {
  const err: string[] = [];
  const log = console.error;
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    return { status: await run(args), err: err.join('\n') };
  } finally {
    console.error = log;
  }
}

/** summary.csv parsed by Python's csv module (a real CSV reader, not ours). */
function readCsv(file: string): string[][] {
  const py = spawnSync('python3', ['-c', 'import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline="")))))', file], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(py.stderr);
  return JSON.parse(py.stdout) as string[][];
}
const rowOf = (rows: string[][], name: string) => rows.find((r) => r[0] === name);

describe('grade-all: what counts as a submission, and how it is passed on', () => {
  it('finds module files (.mjs .ts .py .ipynb), folders with an entry file or a cmd file, and templated files', () => {
    const dir = tmp('nn-oracle-ga-find-');
    for (const f of ['a.mjs', 'b.ts', 'c.py', 'd.ipynb', 'e.R', 'README.md', 'notes.txt']) writeFileSync(join(dir, f), '');
    mkdirSync(join(dir, 'bob'));
    writeFileSync(join(dir, 'bob', 'main.py'), '');
    mkdirSync(join(dir, 'carol'));
    writeFileSync(join(dir, 'carol', 'cmd'), 'python3 impl.py\n');
    writeFileSync(join(dir, 'c.mjs'), '');
    const plain = findSubmissions(dir);
    expect(plain.map((s) => [s.name, s.kind])).toEqual([
      ['a', 'module'],
      ['b', 'module'],
      ['bob', 'entry-folder'],
      ['c.mjs', 'module'],
      ['c.py', 'module'],
      ['carol', 'cmd-folder'],
      ['d', 'module'],
    ]);
    const withTemplate = findSubmissions(dir, 'Rscript {}');
    expect(withTemplate.find((s) => s.name === 'e')).toMatchObject({ kind: 'template' });
    expect(withTemplate.map((s) => s.name)).not.toContain('README');
    // .py and .ipynb go straight to `nn-oracle grade <file>`; only other languages use the template
    expect(targetArgs(plain.find((s) => s.name === 'c.py')!, 'python3 {}')).toEqual(['c.py']);
    expect(targetArgs(plain.find((s) => s.name === 'd')!)).toEqual(['d.ipynb']);
    expect(targetArgs(plain.find((s) => s.name === 'bob')!)).toEqual(['bob/main.py']);
    expect(targetArgs(plain.find((s) => s.name === 'carol')!)).toEqual(['--cmd', 'python3 impl.py', '--cwd', 'carol']);
    expect(targetArgs(withTemplate.find((s) => s.name === 'e')!, 'Rscript {}')).toEqual(['--cmd', "Rscript './e.R'", '--cwd', '.']);
  });

  it('a file name reaches the program as itself through the shell: spaces, quotes, ; $ ( ) ` and newlines', () => {
    const names = [`it's "quoted"; $(echo INJECTED) \`echo X\` (1).R`, 'hw 3.R', "a'b'c", '--help', 'tab\there', 'new\nline', '$HOME', '*'];
    for (const name of names) {
      const cmd = applyTemplate("printf '%s' {}", name);
      expect(spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' }).stdout).toBe(name);
      // a template that quoted {} itself gets the same
      expect(spawnSync('/bin/sh', ['-c', applyTemplate(`printf '%s' "{}"`, name)], { encoding: 'utf8' }).stdout).toBe(name);
      expect(spawnSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(name)}`], { encoding: 'utf8' }).stdout).toBe(name);
    }
    expect(applyTemplate('run', 'x y')).toBe("run 'x y'");
  });
});

describe('grade-all: usage errors are exit 2 with a clear message, never a hang or a stack', () => {
  it('refuses bad option values (a negative number is its value, not an option)', async () => {
    const a = await gradeAll([EX, '--jobs', '-1']);
    const b = await gradeAll([EX, '--deadline', '-5']);
    expect([a.status, b.status]).toEqual([2, 2]);
    expect(a.err).toMatch(/--jobs: expected an integer ≥ 1, got -1/);
    expect(b.err).toMatch(/--deadline: expected seconds > 0, got -5/);
  });

  it('--out-dir that is a file, under /proc, inside the submissions folder, or not writable', async () => {
    const dir = tmp('nn-oracle-ga-usage-');
    writeFileSync(join(dir, 'a.mjs'), CORRECT_MJS);
    const file = join(tmp('nn-oracle-ga-file-'), 'report.txt');
    writeFileSync(file, 'x');
    const cases: [string, RegExp][] = [
      [file, /--out-dir: expected a folder \(created if missing\), got .*report\.txt", which is a file/],
      ['/proc/x', /--out-dir: expected a folder that can be created, got "\/proc\/x" \(ENOENT at \/proc\/x\)/],
      ['/proc/x/y/z', /--out-dir: expected a folder that can be created/],
      [join(file, 'sub'), /--out-dir: expected a folder \(created if missing\), got .*is a file/],
      [join(dir, 'grades'), /--out-dir: expected a folder outside the folder of submissions/],
      [dir, /--out-dir: expected a folder outside the folder of submissions/],
    ];
    for (const [outDir, msg] of cases) {
      const r = await gradeAll([dir, '--out-dir', outDir, '--in-process']);
      expect(r.status, outDir).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(join(dir, 'grades'))).toBe(false);
  });

  it('through the compiled CLI too: exit 2 at once for --out-dir /proc/x and a file', () => {
    if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
    const file = join(tmp('nn-oracle-ga-file-'), 'f');
    writeFileSync(file, '');
    for (const outDir of ['/proc/x', file]) {
      const r = spawnSync(process.execPath, [MAIN, 'grade-all', EX, '--out-dir', outDir], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, outDir).toBe(2);
      expect(r.stderr).toMatch(/--out-dir: expected/);
      expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    }
  });

  it('refuses grade options that grade-all sets for each submission', async () => {
    const r = await gradeAll([EX, '--out', 'x.txt']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--out: expected no such option: grade-all sets it for each submission/);
  });

  it('a --cmd-template that cannot start a program stops everything before anyone is graded (exit 2)', async () => {
    const dir = tmp('nn-oracle-ga-tpl-');
    for (const n of ['alice.R', 'bob.R']) writeFileSync(join(dir, n), 'whatever');
    const out = join(tmp('nn-oracle-ga-tpl-out-'), 'grades');
    for (const template of ['nosuchprogram-nn-oracle {}', `${join(dir, 'alice.R')} {}`]) {
      const r = await gradeAll([dir, '--out-dir', out, '--in-process', '--cmd-template', template, '--timeout', '10000']);
      expect(r.status, template).toBe(2);
      expect(r.err).toMatch(/--cmd-template .* could not start a program \(tried on an empty file, before grading anyone\): the submission exited with status 12[67]/);
      expect(r.err).toMatch(/No submission was graded/);
      expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual([]);
    }
  }, 60_000);
});

describe('grade-all in-process (the TypeScript sources): reports, summary, and what a re-run reuses', () => {
  let dir: string;
  let out: string;
  const args = () => [dir, '--out-dir', out, '--jobs', '2', '--runs', '5', '--in-process', '--timeout', '10000', ...ONLY];

  beforeAll(() => {
    dir = tmp('nn-oracle-ga-class-');
    out = join(tmp('nn-oracle-ga-out-'), 'grades');
    writeFileSync(join(dir, 'alice.mjs'), CORRECT_MJS);
    folderWith(dir, 'bp2', readFileSync(join(EX, 'bp2-no-sigma-prime.mjs'), 'utf8'));
    folderWith(dir, 'exits', `export * from './correct.mjs';\nexport function backward() { process.exit(3); }\n`);
    folderWith(dir, 'mse-twice', `export * from './correct.mjs';\nimport { loss as l } from './correct.mjs';\nexport function loss(n, A, Y) { return 2 * l(n, A, Y); }\n`);
    writeFileSync(join(dir, 'README.md'), 'not a submission');
  });

  it('grades each, writes <name>.json and <name>.txt, and a summary with state and isolation columns', async () => {
    const r = await gradeAll(args());
    expect(r.status).toBe(1);
    const rows = readCsv(join(out, 'summary.csv'));
    expect(rows[0]).toEqual(['submission', 'score', 'maxScore', 'percent', 'state', 'isolation', 'activate.relu', 'loss.mse', 'backward.bp1']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4], r[6], r[7], r[8]])).toEqual([
      ['alice', '3', '3', '100.0', 'graded', 'pass', 'pass', 'pass'],
      ['bp2', '3', '3', '100.0', 'graded', 'pass', 'pass', 'pass'],
      ['exits', '2', '3', '66.7', 'graded', 'pass', 'pass', 'error'],
      ['mse-twice', '2', '3', '66.7', 'graded', 'pass', 'fail', 'pass'],
    ]);
    expect(readFileSync(join(out, 'mse-twice.txt'), 'utf8')).toMatch(/diagnosis: the ½ of mse dropped/);
    expect(JSON.parse(readFileSync(join(out, 'alice.json'), 'utf8')).score).toBe(3);
    // the class folder is untouched: grading ran on private copies
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'alice.mjs', 'bp2', 'exits', 'mse-twice']);
  }, 120_000);

  it('a re-run reuses exactly the reports grade-all wrote; a forged, missing or stale one is graded again', async () => {
    const again = await gradeAll(args());
    expect(again.err).toMatch(/4 submissions, 2 with a full score, 4 reused, 0 not graded/);
    expect(readCsv(join(out, 'summary.csv')).slice(1).map((r) => r[4])).toEqual(['reused', 'reused', 'reused', 'reused']);

    // a forged full score (newer than every submission — an mtime proves nothing) is not reused
    const forged = JSON.parse(readFileSync(join(out, 'mse-twice.json'), 'utf8'));
    forged.score = 3;
    for (const c of forged.checks) c.status = 'pass';
    writeFileSync(join(out, 'mse-twice.json'), JSON.stringify(forged));
    // a report with one of its formats gone is not complete
    rmSync(join(out, 'exits.txt'));
    // a changed submission is graded again
    writeFileSync(join(dir, 'alice.mjs'), CORRECT_MJS + '\n// edited\n');
    const third = await gradeAll(args());
    expect(third.status).toBe(1);
    const rows = readCsv(join(out, 'summary.csv'));
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['alice', '3', 'graded'],
      ['bp2', '3', 'reused'],
      ['exits', '2', 'graded'],
      ['mse-twice', '2', 'graded'],
    ]);
    expect(JSON.parse(readFileSync(join(out, 'mse-twice.json'), 'utf8')).score).toBe(2);
    expect(existsSync(join(out, 'exits.txt'))).toBe(true);

    // other options grade again; --force grades again; another format needs its own file
    expect((await gradeAll([...args(), '--seed', '9'])).err).toMatch(/0 reused/);
    expect((await gradeAll([...args(), '--seed', '9', '--force'])).err).toMatch(/0 reused/);
    expect((await gradeAll([...args(), '--seed', '9', '--format', 'junit'])).err).toMatch(/0 reused/);
    expect(readFileSync(join(out, 'bp2.xml'), 'utf8')).toMatch(/<testsuites name="nn-oracle" tests="3"/);
    expect((await gradeAll([...args(), '--seed', '9', '--format', 'junit'])).err).toMatch(/4 reused/);
  }, 180_000);

  it('a report or a record planted in the out-dir before grade-all ran is never taken for its own', async () => {
    const out2 = join(tmp('nn-oracle-ga-plant-'), 'grades');
    mkdirSync(out2);
    const planted = { score: 3, maxScore: 3, seed: 1, checks: [{ id: 'loss.mse', status: 'pass', points: 3, maxPoints: 3, message: 'ok' }] };
    writeFileSync(join(out2, 'mse-twice.json'), JSON.stringify(planted));
    writeFileSync(join(out2, 'mse-twice.txt'), `score: 3 / 3\n`);
    writeFileSync(join(out2, STATE_FILE), JSON.stringify({ version: 1, entries: { 'mse-twice': { content: 'x', options: 'y', files: {} } } }));
    await gradeAll([dir, '--out-dir', out2, '--runs', '5', '--in-process', '--timeout', '10000', ...ONLY]);
    expect(rowOf(readCsv(join(out2, 'summary.csv')), 'mse-twice')!.slice(1, 5)).toEqual(['2', '3', '66.7', 'graded']);
  }, 120_000);

  it('summary.csv: a name or message that looks like a formula is shown as text, one row per submission', () => {
    const names = [CSV_FORMULA, '+1', '-2', '@SUM(A1)', '\tx', '\rx', `two\nlines, "quoted"`, 'plain'];
    const rows = names.map((name) => ({ name, state: 'not graded' as const, error: `${FORGED_SCORE}\n=1+1` }));
    const csvFile = join(tmp('nn-oracle-ga-csv-'), 'summary.csv');
    writeFileSync(csvFile, summaryCsv(rows));
    const parsed = readCsv(csvFile);
    expect(parsed).toHaveLength(names.length + 1);
    expect(parsed.slice(1).map((r) => r[0])).toEqual([`'${CSV_FORMULA}`, "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\\rx", 'two\\nlines, "quoted"', 'plain']);
    for (const r of parsed.slice(1)) expect(r[4]).toBe('not graded: score: 31 / 31\\n=1+1');
    expect(readFileSync(csvFile, 'utf8')).not.toMatch(RAW_CONTROL);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('grade-all with worker processes (the compiled CLI; needs npm run build)', () => {
  // fail, not skip, without a build: a skipped suite would pass `npx vitest run` while checking nothing
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
  });

  it('odd names are graded as themselves, hostile answers and output still get reports, the chosen format is rendered', () => {
    const dir = tmp('nn-oracle-ga-names-');
    const odd = [`it's "quoted"; $(echo INJECTED) (1).mjs`, 'hw 3.mjs', '-dash.mjs', "=HYPERLINK(\"x\") ; echo pwned.mjs"];
    for (const n of odd) writeFileSync(join(dir, n), CORRECT_MJS);
    // a template run by the shell: the name must not inject anything (python3 runs the protocol program)
    copyFileSync(join(EX, 'correct.py'), join(dir, `x; exit 3 # $(printf INJECTED) (2).prog`));
    folderWith(dir, 'deep', `export * from './correct.mjs';\nexport function forward() { let v = 1; for (let i = 0; i < 5000; i++) v = [v]; return v; }\n`);
    folderWith(dir, 'noisy', `export * from './correct.mjs';\nconst big = 'x'.repeat(1 << 20);\nfor (let i = 0; i < 200; i++) console.log(big);\nconsole.log(${JSON.stringify(FORGED_SCORE)});\nprocess.stdout.write('\\x1b[2J\\x1b[H\\u0000</testcase><script>alert(1)</script>\\n');\nexport function activate() { throw new Error(${JSON.stringify(`boom\n${FORGED_SCORE}\n\x1b[2J</failure></testcase>`)}); }\n`);
    const out = join(tmp('nn-oracle-ga-names-out-'), 'grades');
    const r = spawnSync(process.execPath, [MAIN, 'grade-all', dir, '--out-dir', out, '--jobs', '3', '--runs', '3', '--timeout', '10000', '--only', 'activate.relu,forward', '--format', 'junit', '--cmd-template', 'python3 {}'], { encoding: 'utf8', timeout: 240_000 });
    expect(r.stderr).toMatch(/7 submissions, 5 with a full score, 0 reused, 0 not graded/);
    expect(r.status).toBe(1);
    const rows = readCsv(join(out, 'summary.csv'));
    for (const n of [...odd.map((n) => n.replace(/\.mjs$/, '')), 'x; exit 3 # $(printf INJECTED) (2)']) {
      const name = /^[=+\-@]/.test(n) ? `'${n}` : n;
      expect(rowOf(rows, name), n).toBeDefined();
      expect(rowOf(rows, name)!.slice(1, 5), n).toEqual(['2', '2', '100.0', 'graded']);
    }
    expect(rowOf(rows, 'deep')!.slice(1, 5)).toEqual(['1', '2', '50.0', 'graded']);
    expect(rowOf(rows, 'noisy')!.slice(1, 5)).toEqual(['1', '2', '50.0', 'graded']);
    // every submission has both reports, and the hostile ones are well-formed and inert
    for (const f of ['deep', 'noisy']) {
      const x = readFileSync(join(out, `${f}.xml`), 'utf8');
      expect(x).not.toMatch(RAW_CONTROL);
      const py = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as ET\nprint(len(list(ET.fromstring(sys.stdin.buffer.read()).iter("testcase"))))'], { input: x, encoding: 'utf8' });
      expect(py.stdout.trim(), f).toBe('2');
      const j = decodeJson(readFileSync(join(out, `${f}.json`), 'utf8')) as { checks: unknown[]; output: string[] };
      expect(j.checks).toHaveLength(2);
      expect(readFileSync(join(out, `${f}.json`), 'utf8').length).toBeLessThan(2 << 20);
    }
    const noisy = readFileSync(join(out, 'noisy.xml'), 'utf8');
    expect(noisy).toMatch(/more characters cut|more bytes of this line not shown/); // cut by the report or, first, by the runner
    expect(noisy).not.toMatch(/<script|^score:/m);
    expect(readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('.'))).toHaveLength(7);
  }, 300_000);

  it('SIGINT stops every worker and what it started, writes the summary of what finished, marks the rest "not graded"', async () => {
    const dir = tmp('nn-oracle-ga-sigint-');
    const work = tmp('nn-oracle-ga-sigint-tmp-'); // TMPDIR of grade-all: where its private copies live
    writeFileSync(join(dir, 'a-quick.mjs'), CORRECT_MJS);
    for (const n of ['b-hang', 'c-hang', 'd-hang']) folderWith(dir, n, `export * from './correct.mjs';\nexport function forward() { for (;;) {} }\n`);
    const out = join(tmp('nn-oracle-ga-sigint-out-'), 'grades');
    const child = spawn(process.execPath, [MAIN, 'grade-all', dir, '--out-dir', out, '--jobs', '2', '--runs', '1', '--timeout', '120000', '--only', 'forward,activate.relu'], {
      env: { ...process.env, TMPDIR: work },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // wait (a hang guard, not a verdict) until the quick one is graded and the hanging ones run
    for (let i = 0; i < 600 && !existsSync(join(out, 'a-quick.json')); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(out, 'a-quick.json'))).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/SIGINT: stopped every worker/);
    const rows = readCsv(join(out, 'summary.csv'));
    expect(rows.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ['a-quick', 'graded'],
      ['b-hang', 'not graded: interrupted (SIGINT)'],
      ['c-hang', 'not graded: interrupted (SIGINT)'],
      ['d-hang', 'not graded: interrupted (SIGINT) before it was graded'],
    ]);
    expect(readFileSync(join(out, 'd-hang.txt'), 'utf8')).toMatch(/not graded: interrupted/);
    // nothing it started is left: no process runs a file of its private copies
    await new Promise((r) => setTimeout(r, 300));
    const left = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(work) || readlinkSync(`/proc/${p}/cwd`).startsWith(work);
        } catch {
          return false;
        }
      });
    expect(left).toEqual([]);
    // and a re-run grades the interrupted ones (they have no complete report), reusing the quick one
    const again = spawnSync(process.execPath, [MAIN, 'grade-all', dir, '--out-dir', out, '--jobs', '3', '--runs', '1', '--timeout', '2000', '--only', 'activate.relu'], { encoding: 'utf8', timeout: 120_000 });
    expect(again.stderr).toMatch(/4 submissions, 4 with a full score, 0 reused, 0 not graded/); // --only differs: graded again
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------------

describe('grade-all on a mixed class: .py, .ipynb, .mjs, .ts, folders (needs the Python host, runner/host.py)', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'runner', 'host.py'))) throw new Error('runner/host.py is missing: Python module targets (nn-oracle grade hw.py) come from the python branch');
    if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
  });

  it('grades every kind in one run, each as itself', () => {
    const dir = tmp('nn-oracle-ga-mixed-');
    copyFileSync(join(EX, 'correct.py'), join(dir, 'solution (1).py'));
    copyFileSync(join(EX, 'correct.py'), join(dir, 'hw 3.py'));
    copyFileSync(join(EX, 'python', 'hw.ipynb'), join(dir, 'nb student.ipynb'));
    // a self-contained mistake (mse_no_half.py imports correct.py, which a private copy does not hold)
    writeFileSync(join(dir, 'mse.py'), `${readFileSync(join(EX, 'correct.py'), 'utf8').replace(/^if __name__ == "__main__":[\s\S]*$/m, '')}\n_loss = loss\n\ndef loss(name, A, Y):\n    v = _loss(name, A, Y)\n    return 2 * v if name == "mse" else v\n`);
    writeFileSync(join(dir, 'js.mjs'), CORRECT_MJS);
    writeFileSync(join(dir, 'ts.ts'), CORRECT_MJS);
    mkdirSync(join(dir, 'bob'));
    copyFileSync(join(EX, 'correct.py'), join(dir, 'bob', 'main.py'));
    mkdirSync(join(dir, 'carol'));
    copyFileSync(join(EX, 'correct.py'), join(dir, 'carol', 'impl.py'));
    writeFileSync(join(dir, 'carol', 'cmd'), 'python3 impl.py\n');
    const out = join(tmp('nn-oracle-ga-mixed-out-'), 'grades');
    const r = spawnSync(process.execPath, [MAIN, 'grade-all', dir, '--out-dir', out, '--jobs', '4', '--runs', '3', '--timeout', '20000', '--only', 'activate.sigmoid,loss.mse,backward.bp1'], { encoding: 'utf8', timeout: 240_000 });
    expect(r.stderr).toMatch(/8 submissions, 7 with a full score, 0 reused, 0 not graded/);
    const rows = readCsv(join(out, 'summary.csv'));
    for (const n of ['solution (1)', 'hw 3', 'nb student', 'js', 'ts', 'bob', 'carol']) expect(rowOf(rows, n)!.slice(1, 5), n).toEqual(['3', '3', '100.0', 'graded']);
    expect(rowOf(rows, 'mse')!.slice(1, 5)).toEqual(['2', '3', '66.7', 'graded']);
  }, 300_000);
});
