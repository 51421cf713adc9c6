/**
 * nn-oracle grade-all <dir> — grade every submission in a folder, in parallel worker processes, with
 * a progress bar; one report per submission and a CSV summary. A crashing or hanging submission never
 * stops the batch (each runs in its own process with its own limits, and each worker has a hard
 * deadline); a re-run skips what is already graded unless --force.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../../contract/errors.js';
import { ALL_CHECK_IDS } from '../../grader/checks.js';
import { FORMATS, renderReport, type ReportFormat } from '../../grader/report.js';
import type { GradeReport } from '../../grader/grade.js';
import { expectedFunctions, gradeWith, parseGradeArgs } from './grade.js';
import { joinNegativeValues } from '../args.js';

export const help = `nn-oracle grade-all — grade every submission in a folder

usage:
  nn-oracle grade-all <dir> [options] [grade options]

A submission is, in <dir>:
  a file  *.js *.mjs *.cjs *.ts          graded as a module
  a file  *.py                           graded with --cmd "python3 <file>"
  a folder with a file named "cmd"       graded with --cmd "<its first line>", run inside the folder
  a folder with index.mjs/index.js/index.ts/main.py/student.py (the first found)

options:
  --out-dir <dir>          where reports go (default: ./grades)
  --jobs <n>               submissions graded at once (default: the number of CPUs, at least 1)
  --force                  grade again what already has a report
  --format <f>             format of each submission's report: text (default), json, gradescope, junit, html
                           (a .json report is always written too: the summary and re-runs read it)
  --cmd-template "<cmd>"   how to run non-JS files, {} is the file (default "python3 {}" for .py)
  --deadline <s>           hard limit for grading one submission (default 600)
  and every option of nn-oracle grade (--seed, --runs, --precision, --rubric, --activations, --losses,
  --optimizers, --timeout, --memory, --no-sandbox); they apply to every submission.

Writes <out-dir>/<name>.<format> and <out-dir>/<name>.json per submission, and <out-dir>/summary.csv
(one row per submission: score, maxScore, percent, the status of each check).
Exit status 0 when every submission has a full score, 1 otherwise, 2 for a usage error.`;

const OWN = {
  'out-dir': { type: 'string' },
  jobs: { type: 'string' },
  force: { type: 'boolean' },
  'cmd-template': { type: 'string' },
  deadline: { type: 'string' },
  format: { type: 'string' },
  'in-process': { type: 'boolean' },
} as const;

export interface Submission {
  name: string;
  /** Arguments for `nn-oracle grade` that select it. */
  args: string[];
  /** Newest modification time of its files (a re-run grades it again when it changed). */
  mtimeMs: number;
}

const MODULE_EXT = ['.js', '.mjs', '.cjs', '.ts', '.mts'];
const ENTRY_FILES = ['index.mjs', 'index.js', 'index.ts', 'main.py', 'student.py', 'submission.py'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const f of readdirSync(path)) if (!f.startsWith('.')) m = Math.max(m, statSync(join(path, f)).mtimeMs);
  return m;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The submissions of a folder, sorted by name. */
export function findSubmissions(dir: string, cmdTemplate?: string): Submission[] {
  const out: (Submission & { file?: string })[] = [];
  const cmdFor = (file: string) => (cmdTemplate ?? 'python3 {}').replace('{}', shq(file));
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    const path = resolve(dir, entry);
    const st = statSync(path);
    const name = entry.replace(/\.[^.]+$/, '');
    if (st.isFile()) {
      const ext = extname(entry);
      if (MODULE_EXT.includes(ext) && !entry.endsWith('.d.ts')) out.push({ name, args: [path], mtimeMs: st.mtimeMs, file: path });
      else if (ext === '.py' || (cmdTemplate && !['.json', '.md', '.txt', '.csv'].includes(ext))) out.push({ name, args: ['--cmd', cmdFor(path)], mtimeMs: st.mtimeMs, file: path });
    } else if (st.isDirectory()) {
      const cmdFile = join(path, 'cmd');
      if (existsSync(cmdFile)) {
        const cmd = readFileSync(cmdFile, 'utf8').split('\n')[0]!.trim();
        out.push({ name: entry, args: ['--cmd', cmd, '--cwd', path], mtimeMs: newest(path) });
        continue;
      }
      const e = ENTRY_FILES.find((f) => existsSync(join(path, f)));
      if (!e) continue;
      const file = join(path, e);
      out.push({ name: entry, args: e.endsWith('.py') ? ['--cmd', cmdFor(file), '--cwd', path] : [file], mtimeMs: newest(path) });
    }
  }
  // two files that differ only in their extension (alice.mjs, alice.py) keep it in their names
  const count = new Map<string, number>();
  for (const s of out) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  return out.map((s) => (count.get(s.name)! > 1 && s.file ? { ...s, name: basename(s.file) } : s)).map(({ file: _f, ...s }) => s);
}

/** The compiled CLI entry beside this file, if we run compiled (workers are `node main.js grade ...`). */
function compiledMain(): string | null {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.js')) return null;
  const main = join(dirname(here), '..', 'main.js');
  return existsSync(main) ? main : null;
}

interface Row {
  name: string;
  state: 'graded' | 'skipped' | 'grader-error';
  report?: GradeReport | Record<string, unknown>;
  error?: string;
}

function progressBar(done: number, total: number, width = 24): string {
  const k = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(k)}${'.'.repeat(width - k)}] ${done}/${total}`;
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function summaryCsv(rows: Row[]): string {
  const checkIds = ALL_CHECK_IDS.filter((id) => rows.some((r) => (r.report as { checks?: { id: string }[] } | undefined)?.checks?.some((c) => c.id === id)));
  const head = ['submission', 'score', 'maxScore', 'percent', 'state', ...checkIds];
  const lines = [head.join(',')];
  for (const r of rows) {
    const rep = r.report as { score?: number; maxScore?: number; checks?: { id: string; status: string }[] } | undefined;
    const pct = rep?.maxScore ? ((100 * (rep.score ?? 0)) / rep.maxScore).toFixed(1) : '';
    const status = (id: string) => rep?.checks?.find((c) => c.id === id)?.status ?? '';
    lines.push([r.name, rep?.score ?? '', rep?.maxScore ?? '', pct, r.state === 'grader-error' ? `grader-error: ${r.error}` : r.state, ...checkIds.map(status)].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

export async function run(argv: string[]): Promise<number> {
  // split our own options from the grade options passed through
  const own: string[] = [];
  const pass: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const key = a.replace(/^--/, '').split('=')[0]!;
    if (a.startsWith('--') && key in OWN) {
      own.push(a);
      if ((OWN as Record<string, { type: string }>)[key]!.type === 'string' && !a.includes('=')) own.push(argv[++i] ?? '');
    } else if (a.startsWith('--')) {
      pass.push(a);
      if (!['--no-sandbox', '--quiet'].includes(a) && !a.includes('=')) pass.push(argv[++i] ?? '');
    } else positionals.push(a);
  }
  let values: ReturnType<typeof parseArgs<{ options: typeof OWN }>>['values'];
  let format: ReportFormat;
  let jobs: number;
  let deadlineS: number;
  try {
    values = parseArgs({ args: joinNegativeValues(own, OWN), options: OWN, strict: true }).values;
    if (positionals.length !== 1) throw new InvalidArgumentError({ where: 'arguments', expected: 'one folder of submissions', got: positionals.join(' ') || 'nothing' });
    if (!existsSync(positionals[0]!) || !statSync(positionals[0]!).isDirectory()) throw new InvalidArgumentError({ where: 'dir', expected: 'a folder', got: positionals[0]! });
    format = (values.format ?? 'text') as ReportFormat;
    if (!FORMATS.includes(format)) throw new InvalidArgumentError({ where: '--format', expected: FORMATS.join(', '), got: String(values.format) });
    jobs = values.jobs ? Number(values.jobs) : Math.max(1, (await import('node:os')).availableParallelism());
    if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError({ where: '--jobs', expected: 'an integer ≥ 1', got: String(values.jobs) });
    deadlineS = values.deadline ? Number(values.deadline) : 600;
    if (!(deadlineS > 0)) throw new InvalidArgumentError({ where: '--deadline', expected: 'seconds > 0', got: String(values.deadline) });
    parseGradeArgs([...pass, '--cmd', 'true']); // validate the pass-through options once, early
  } catch (e) {
    console.error(`nn-oracle grade-all: ${(e as Error).message}\n\n${help}`);
    return 2;
  }
  const dir = positionals[0]!;
  const outDir = resolve(values['out-dir'] ?? 'grades');
  mkdirSync(outDir, { recursive: true });
  const subs = findSubmissions(dir, values['cmd-template']);
  const main = values['in-process'] ? null : compiledMain();
  const tty = process.stderr.isTTY;
  const rows: Row[] = new Array(subs.length);
  let done = 0;
  const show = (last: string) => {
    const line = `${progressBar(done, subs.length)} ${last}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}`);
    else console.error(line);
  };
  show('starting');
  const expected = main ? null : await expectedFunctions(pass);

  const gradeOne = async (s: Submission, i: number): Promise<void> => {
    const jsonPath = join(outDir, `${s.name}.json`);
    const reportPath = join(outDir, `${s.name}.${format === 'text' ? 'txt' : format === 'gradescope' ? 'gradescope.json' : format === 'junit' ? 'xml' : format}`);
    if (!values.force && existsSync(jsonPath) && statSync(jsonPath).mtimeMs >= s.mtimeMs) {
      try {
        rows[i] = { name: s.name, state: 'skipped', report: JSON.parse(readFileSync(jsonPath, 'utf8')) };
        done++;
        show(`${s.name}: already graded (--force to grade again)`);
        return;
      } catch {
        /* unreadable: grade again */
      }
    }
    const args = [...s.args, ...pass, '--quiet'];
    try {
      let report: GradeReport | Record<string, unknown>;
      if (main) {
        report = await gradeInWorker(main, [...args, '--format', 'json', '--out', jsonPath], jsonPath, deadlineS * 1000);
        if (format !== 'json') {
          // the worker wrote JSON; other formats are rendered from a fresh worker run would cost twice,
          // so render from the JSON report where possible
          writeFileSync(reportPath, await renderFromJson(report as Record<string, unknown>, format));
        }
      } else {
        const o = parseGradeArgs(args);
        const r = await gradeWith(o, expected!);
        report = r;
        const { toJson } = await import('../../grader/report.js');
        writeFileSync(jsonPath, JSON.stringify(toJson(r), null, 1));
        if (format !== 'json') writeFileSync(reportPath, await renderReport(r, format));
      }
      rows[i] = { name: s.name, state: 'graded', report };
      done++;
      show(`${s.name}: ${(report as { score: number }).score}/${(report as { maxScore: number }).maxScore}`);
    } catch (e) {
      rows[i] = { name: s.name, state: 'grader-error', error: (e as Error).message };
      done++;
      show(`${s.name}: not graded (${(e as Error).message})`);
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < subs.length) {
      const i = next++;
      await gradeOne(subs[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, subs.length) }, worker));
  if (tty) process.stderr.write('\n');
  writeFileSync(join(outDir, 'summary.csv'), summaryCsv(rows));
  const full = rows.filter((r) => r.report && (r.report as { score: number }).score === (r.report as { maxScore: number }).maxScore).length;
  console.error(`nn-oracle grade-all: ${subs.length} submissions, ${full} with a full score, ${rows.filter((r) => r.state === 'skipped').length} skipped, ${rows.filter((r) => r.state === 'grader-error').length} not graded — ${join(outDir, 'summary.csv')}`);
  return full === subs.length ? 0 : 1;
}

/** One worker: `node main.js grade ... --format json --out <json>`, killed at the deadline. */
function gradeInWorker(main: string, args: string[], jsonPath: string, deadlineMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [main, 'grade', ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      reject(new Error(`grading took longer than the deadline (${deadlineMs / 1000} s)`));
    }, deadlineMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 || code === 1) {
        try {
          resolvePromise(JSON.parse(readFileSync(jsonPath, 'utf8')));
        } catch (e) {
          reject(new Error(`the worker wrote no report: ${(e as Error).message}`));
        }
      } else reject(new Error(`the worker failed (status ${code}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
    });
  });
}

/** Text, gradescope, junit and html from the JSON report a worker wrote. */
async function renderFromJson(j: Record<string, unknown>, format: ReportFormat): Promise<string> {
  const r = j as unknown as GradeReport & { checks: GradeReport['checks'] };
  const report: GradeReport = {
    submission: String(j.submission ?? ''),
    score: r.score,
    maxScore: r.maxScore,
    seed: r.seed,
    precision: r.precision,
    scope: r.scope,
    scopeText: String(j.scopeText ?? ''),
    checks: r.checks.map((c) => ({ ...c, title: c.title ?? '' })),
    output: (j.output as string[]) ?? [],
    ms: Number(j.ms ?? 0),
    ...(j.replay ? { replay: String(j.replay) } : {}),
  };
  return renderReport(report, format);
}

