/**
 * nn-oracle grade-all <dir> — grade every submission in a folder, in parallel worker processes, with
 * progress on stderr; one report per submission (JSON plus the chosen format) and a CSV summary.
 *
 * What holds whatever a submission does:
 * - each submission is graded from a private copy of its own files, in its own worker (`nn-oracle grade`),
 *   so no submission runs in the folder of another or next to the reports;
 * - the worker hands its JSON report back on a pipe, and only after the worker (and with it the
 *   submission) has exited does grade-all write the report files, atomically, into the out-dir;
 * - a re-run reuses a report only when the out-dir's record says grade-all wrote it for the same
 *   submission content and the same options, and every file of it still has the SHA-256 recorded —
 *   never because a file's mtime is newer; anything else is graded again;
 * - a file name is only ever an argument (no shell sees it, except quoted once for --cmd-template);
 * - SIGINT/SIGTERM kills every worker and everything it started, then writes summary.csv for what
 *   finished and marks the rest "not graded";
 * - a --cmd-template that cannot start its program is found before any submission is graded (exit 2).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../../contract/errors.js';
import { decodeJson, encodeJson } from '../../contract/protocol.js';
import { ALL_CHECK_IDS } from '../../grader/checks.js';
import type { GradeReport } from '../../grader/grade.js';
import { FORMATS, NOT_LOADED_MESSAGE, fromJson, renderNotGraded, renderReport, toJson, type ReportFormat } from '../../grader/report.js';
import { csvCell, escapeControls, safeJsonText } from '../../grader/report-safe.js';
import { joinNegativeValues } from '../args.js';
import { expectedFunctions, gradeWith, parseGradeArgs } from './grade.js';
import { descendants } from '../../runner/limits.js';

export const help = `nn-oracle grade-all — grade every submission in a folder

usage:
  nn-oracle grade-all <dir> [options] [grade options]

A submission is, in <dir>:
  a file  *.js *.mjs *.cjs *.ts *.mts     graded as a module (nn-oracle grade <file>)
  a file  *.py *.ipynb                    graded as a Python module (nn-oracle grade <file>)
  a file  of any other kind               with --cmd-template only: graded with --cmd "<template>"
  a folder with a file named "cmd"        graded with --cmd "<its first line>", run inside the folder
  a folder with index.mjs/index.js/index.ts/main.py/student.py/submission.py/main.ipynb (the first found)
Names are taken as they are: spaces, quotes, ; $ ( ) are part of the name, never shell syntax.

options:
  --out-dir <dir>          where reports go (default: ./grades; created if missing; not inside <dir>)
  --jobs <n>               submissions graded at once (default: the number of CPUs, at least 1)
  --force                  grade everything again, even what has a complete report from an earlier run
  --format <f>             format of each submission's report: text (default), json, gradescope, junit, html
                           (a .json report is always written too: the summary and re-runs read it)
  --cmd-template "<cmd>"   how to run files of other languages: {} is the file, quoted for the shell
                           (e.g. "Rscript {}"); checked on an empty file before any submission is graded
  --deadline <s>           hard limit for grading one submission (default 600; also grade's own --deadline)
  and every option of nn-oracle grade (--seed, --runs, --precision, --rubric, --activations, --losses,
  --optimizers, --timeout, --memory, --sandbox, ...); they apply to every submission.

Writes <out-dir>/<name>.<format> and <out-dir>/<name>.json per submission, <out-dir>/summary.csv (one
row per submission: score, maxScore, percent, state, isolation, the status of each check) and
<out-dir>/${'.nn-oracle-grade-all.json'} (the record of what was graded: content and report hashes).
A re-run grades again every submission without a complete report from grade-all for the same files
and options.
Exit status 0 when every submission has a full score, 1 otherwise, 2 for a usage error,
130/143 when interrupted (SIGINT/SIGTERM).`;

const OWN = {
  'out-dir': { type: 'string' },
  jobs: { type: 'string' },
  force: { type: 'boolean' },
  'cmd-template': { type: 'string' },
  deadline: { type: 'string' },
  format: { type: 'string' },
  'in-process': { type: 'boolean' },
} as const;

/** grade options that take no value (everything else of grade's takes one). */
const PASS_BOOLEAN = ['--no-sandbox', '--quiet'];
/** grade options that grade-all sets for each submission itself. */
const PASS_REFUSED = ['--out', '--cwd', '--cmd', '--format'];

export const STATE_FILE = '.nn-oracle-grade-all.json';

export interface Submission {
  /** Its name in the reports and the summary (the file's name without extension, or the folder's). */
  name: string;
  kind: 'module' | 'template' | 'cmd-folder' | 'entry-folder';
  /** The file or folder in the class folder. */
  path: string;
  /** entry-folder: the entry file's name inside the folder. */
  entry?: string;
  /** cmd-folder: the command of its cmd file. */
  cmd?: string;
}

const MODULE_EXT = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.py', '.ipynb'];
const NOT_SUBMISSIONS = ['.json', '.md', '.txt', '.csv', '.pdf', '.zip', '.html', '.xml'];
const ENTRY_FILES = ['index.mjs', 'index.js', 'index.ts', 'main.py', 'student.py', 'submission.py', 'main.ipynb'];

/** One argument for /bin/sh, whatever it holds. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line for `file` from a --cmd-template: every {} (bare, or already inside '' or "") becomes
 * the file quoted once for /bin/sh; a template without {} gets the file as its last argument.
 */
export function applyTemplate(template: string, file: string): string {
  const q = shellQuote(file);
  if (!template.includes('{}')) return `${template} ${q}`;
  return template.replace(/"\{\}"|'\{\}'|\{\}/g, () => q);
}

/** The submissions of a folder, sorted by name. */
export function findSubmissions(dir: string, cmdTemplate?: string): Submission[] {
  const out: (Submission & { ext?: string })[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry === 'node_modules' || entry === '__pycache__') continue;
    const path = resolve(dir, entry);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // a dangling link
    }
    const name = entry.replace(/\.[^.]+$/, '') || entry;
    if (st.isFile()) {
      const ext = extname(entry).toLowerCase();
      if (MODULE_EXT.includes(ext) && !entry.endsWith('.d.ts')) out.push({ name, kind: 'module', path, ext });
      else if (cmdTemplate && !NOT_SUBMISSIONS.includes(ext)) out.push({ name, kind: 'template', path, ext });
    } else if (st.isDirectory()) {
      const cmdFile = join(path, 'cmd');
      if (existsSync(cmdFile) && statSync(cmdFile).isFile()) {
        const cmd = readFileSync(cmdFile, 'utf8').split('\n')[0]!.trim();
        if (cmd) out.push({ name: entry, kind: 'cmd-folder', path, cmd });
        continue;
      }
      const e = ENTRY_FILES.find((f) => existsSync(join(path, f)));
      if (e) out.push({ name: entry, kind: 'entry-folder', path, entry: e });
    }
  }
  // two files that differ only in their extension (alice.mjs, alice.py) keep it in their names
  const count = new Map<string, number>();
  for (const s of out) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  return out.map(({ ext, ...s }) => (count.get(s.name)! > 1 && ext !== undefined ? { ...s, name: basename(s.path) } : s));
}

/**
 * What `nn-oracle grade` is given for a submission copied into a folder of its own: paths relative to
 * that folder (a worker runs there, so the report's replay commands read as in the class folder), or
 * under `at` when given (in-process grading, which cannot change its working folder).
 */
export function targetArgs(s: Submission, cmdTemplate?: string, at?: string): string[] {
  const base = basename(s.path);
  const rel = at ? join(at, base) : base.startsWith('-') ? `./${base}` : base;
  switch (s.kind) {
    case 'module':
      return [rel];
    case 'template':
      return ['--cmd', applyTemplate(cmdTemplate ?? '', `./${base}`), '--cwd', at ?? '.'];
    case 'entry-folder':
      return [at ? join(rel, s.entry!) : `${rel}/${s.entry}`];
    case 'cmd-folder':
      return ['--cmd', s.cmd!, '--cwd', rel];
  }
}

/** Copies a submission into `dest` (a link at its top is followed; links inside are copied as links). */
function copySubmission(s: Submission, dest: string): void {
  const src = realpathSync(s.path);
  const to = join(dest, basename(s.path));
  if (statSync(src).isFile()) copyFileSync(src, to);
  else cpSync(src, to, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
}

// ---------------------------------------------------------------------------------------------------
// Hashes: of a submission's files (what was graded) and of a report's files (what grade-all wrote)

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const MAX_HASHED_FILES = 20_000;
const MAX_HASHED_BYTES = 1 << 30;

/** SHA-256 over a file, or a folder's tree (names, link targets, contents); null when too large to hash. */
function contentHash(path: string): string | null {
  const h = createHash('sha256');
  let files = 0;
  let bytes = 0;
  const walk = (p: string, rel: string): boolean => {
    const st = lstatSync(p);
    if (++files > MAX_HASHED_FILES) return false;
    if (st.isSymbolicLink()) h.update(`L\0${rel}\0${readlinkSync(p)}\0`);
    else if (st.isDirectory()) {
      h.update(`D\0${rel}\0`);
      for (const e of readdirSync(p).sort()) if (!walk(join(p, e), `${rel}/${e}`)) return false;
    } else if (st.isFile()) {
      bytes += st.size;
      if (bytes > MAX_HASHED_BYTES) return false;
      h.update(`F\0${rel}\0${st.size}\0`);
      h.update(readFileSync(p));
    } else h.update(`O\0${rel}\0`);
    return true;
  };
  try {
    // the top level is followed if it is a link (a class folder may link to submissions kept elsewhere)
    const st = statSync(path);
    if (st.isFile()) {
      h.update('F\0');
      h.update(readFileSync(path));
    } else if (!walk(realpathSync(path), '.')) return null;
  } catch {
    return null;
  }
  return h.digest('hex');
}

/** The grader itself: its version and the code of grader/ (a rebuilt grader grades again). */
function graderIdentity(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const h = createHash('sha256');
  for (const pkg of [join(here, '..', '..', 'package.json'), join(here, '..', '..', '..', 'package.json')]) {
    if (existsSync(pkg)) {
      h.update(readFileSync(pkg));
      break;
    }
  }
  const graderDir = join(here, '..', '..', 'grader');
  try {
    for (const f of readdirSync(graderDir).sort()) if (/\.(js|ts)$/.test(f) && !/\.test/.test(f)) h.update(`${f}\0`).update(readFileSync(join(graderDir, f)));
  } catch {
    /* no grader folder beside us: the version alone */
  }
  return h.digest('hex');
}

interface StateEntry {
  content: string;
  options: string;
  /** Report file name → SHA-256 of what grade-all wrote. */
  files: Record<string, string>;
}
interface State {
  version: 1;
  entries: Record<string, StateEntry>;
}

function readState(outDir: string): State {
  const empty: State = { version: 1, entries: {} };
  try {
    const p = join(outDir, STATE_FILE);
    if (!lstatSync(p).isFile()) return empty;
    const s = JSON.parse(readFileSync(p, 'utf8')) as State;
    if (s?.version !== 1 || !s.entries || typeof s.entries !== 'object') return empty;
    const entries: Record<string, StateEntry> = Object.create(null);
    for (const [k, e] of Object.entries(s.entries)) {
      if (e && typeof e.content === 'string' && typeof e.options === 'string' && e.files && typeof e.files === 'object') entries[k] = e;
    }
    return { version: 1, entries };
  } catch {
    return empty;
  }
}

/** Writes a file whole or not at all: a temporary file beside it, then a rename (a link there is replaced, not followed). */
function writeAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, data, { flag: 'wx', mode: 0o644 });
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** A report of an earlier run that grade-all wrote for these files and options, checked byte for byte. */
function reusable(outDir: string, entry: StateEntry | undefined, content: string | null, options: string, needed: string[]): GradeReport | null {
  if (!entry || content === null || entry.content !== content || entry.options !== options) return null;
  for (const f of needed) {
    const want = entry.files[f];
    if (!want) return null;
    const p = join(outDir, f);
    try {
      if (!lstatSync(p).isFile() || sha256(readFileSync(p)) !== want) return null;
    } catch {
      return null;
    }
  }
  try {
    return fromJson(decodeJson(readFileSync(join(outDir, needed[0]!), 'utf8')));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Processes: a worker and everything it started

/** Every process below `pid` (not `pid` itself). */
const below = (pid: number): number[] => descendants(pid).filter((p) => p !== pid);

/**
 * Stops a worker and everything below it — the submission's process (or its sandbox) runs in a process
 * group of its own, so killing the worker's group alone would leave it running.
 */
function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (p: number, s: NodeJS.Signals) => {
    try {
      process.kill(p, s);
    } catch {
      /* already gone */
    }
  };
  signal(pid, 'SIGSTOP'); // no new processes while the tree is collected
  const first = below(pid);
  for (const p of first) signal(p, 'SIGSTOP');
  const all = new Set([...first, ...below(pid)]);
  for (const p of all) signal(p, 'SIGKILL');
  signal(pid, 'SIGKILL');
  signal(-pid, 'SIGKILL');
}

const MAX_REPORT_BYTES = 64 << 20;

interface WorkerRun {
  child: ChildProcess;
  done: Promise<Record<string, unknown>>;
}

/** One worker: `node main.js grade <target> <options> --format json --quiet` in `cwd`; its report arrives on stdout. */
function startWorker(main: string, args: string[], cwd: string, deadlineMs: number): WorkerRun {
  const child = spawn(process.execPath, [main, 'grade', ...args, '--format', 'json', '--quiet'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const done = new Promise<Record<string, unknown>>((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    let stderr = '';
    let late = false;
    child.stdout!.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_REPORT_BYTES) {
        if (!overflow) killTree(child);
        overflow = true;
      } else chunks.push(d);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    const timer = setTimeout(() => {
      late = true;
      killTree(child);
    }, deadlineMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`the worker could not be started: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      if (late) return reject(new Error(`grading took longer than the deadline (${deadlineMs / 1000} s)`));
      if (overflow) return reject(new Error(`the worker's report was larger than ${MAX_REPORT_BYTES >> 20} MiB`));
      if (sig) return reject(new Error(`the worker was stopped by ${sig}`));
      if (code !== 0 && code !== 1) return reject(new Error(`the grader failed (status ${code}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
      try {
        const j = decodeJson(Buffer.concat(chunks).toString('utf8'));
        if (!j || typeof j !== 'object' || typeof (j as { score?: unknown }).score !== 'number' || !Array.isArray((j as { checks?: unknown }).checks)) throw new Error('not a grading report');
        resolvePromise(j as Record<string, unknown>);
      } catch (e) {
        reject(new Error(`the worker wrote no report (${(e as Error).message})`));
      }
    });
  });
  return { child, done };
}

/** The compiled CLI entry beside this file, if we run compiled (workers are `node main.js grade ...`). */
function compiledMain(): string | null {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.js')) return null;
  const main = join(dirname(here), '..', 'main.js');
  return existsSync(main) ? main : null;
}

// ---------------------------------------------------------------------------------------------------
// The out-dir

/**
 * Creates `dir` and its missing parents one level at a time. (fs.mkdirSync with `recursive` loops
 * forever on a path under /proc, where mkdir keeps answering ENOENT.)
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let p = dir;
  while (!existsSync(p)) {
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  if (!statSync(p).isDirectory()) throw new InvalidArgumentError({ where: '--out-dir', expected: 'a folder (created if missing)', got: `${JSON.stringify(dir)}: ${p} is a file` });
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      throw new InvalidArgumentError({ where: '--out-dir', expected: 'a folder that can be created', got: `${JSON.stringify(dir)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message} at ${m})` });
    }
  }
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

function prepareOutDir(outDir: string, classDir: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new InvalidArgumentError({ where: '--out-dir', expected: 'a folder (created if missing)', got: `${JSON.stringify(outDir)}, which is a file` });
  if (inside(resolve(outDir), realpathSync(classDir)) || inside(resolve(outDir), resolve(classDir))) {
    throw new InvalidArgumentError({ where: '--out-dir', expected: 'a folder outside the folder of submissions (a submission could hold files there)', got: JSON.stringify(outDir) });
  }
  makeDirs(outDir);
  if (inside(realpathSync(outDir), realpathSync(classDir))) throw new InvalidArgumentError({ where: '--out-dir', expected: 'a folder outside the folder of submissions', got: JSON.stringify(outDir) });
  try {
    rmdirSync(mkdtempSync(join(outDir, '.nn-oracle-probe-')));
  } catch (e) {
    throw new InvalidArgumentError({ where: '--out-dir', expected: 'a folder this user can write to', got: `${JSON.stringify(outDir)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
  }
}

// ---------------------------------------------------------------------------------------------------
// The summary

export interface Row {
  name: string;
  state: 'graded' | 'reused' | 'not graded';
  report?: GradeReport;
  /** Why it was not graded. */
  error?: string;
}

function stateText(r: Row): string {
  if (r.state === 'not graded') return `not graded: ${r.error ?? 'unknown'}`;
  if (r.report?.loadError) return `${r.state}; did not load: ${r.report.loadError.message}`;
  return r.state;
}

/** One row per submission: score, maxScore, percent, state, isolation, the status of each check (cells neutralised). */
export function summaryCsv(rows: Row[]): string {
  const checkIds = ALL_CHECK_IDS.filter((id) => rows.some((r) => r.report?.checks.some((c) => c.id === id)));
  const head = ['submission', 'score', 'maxScore', 'percent', 'state', 'isolation', ...checkIds];
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) {
    const rep = r.state === 'not graded' ? undefined : r.report;
    const pct = rep?.maxScore ? ((100 * rep.score) / rep.maxScore).toFixed(1) : '';
    const status = (id: string) => rep?.checks.find((c) => c.id === id)?.status ?? '';
    lines.push([r.name, rep?.score, rep?.maxScore, pct, stateText(r), rep?.isolation ?? '', ...checkIds.map(status)].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

function progressBar(done: number, total: number, width = 24): string {
  const k = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(k)}${'.'.repeat(width - k)}] ${done}/${total}`;
}

const reportName = (name: string, format: ReportFormat) => `${name}.${format === 'text' ? 'txt' : format === 'gradescope' ? 'gradescope.json' : format === 'junit' ? 'xml' : format}`;

// ---------------------------------------------------------------------------------------------------
// --cmd-template: can it start a program at all?

/** The options of a pass-through list that say how a program runs (not what is graded). */
function runOptions(pass: string[]): string[] {
  const keep = ['--sandbox', '--memory', '--timeout', '--deadline'];
  const out: string[] = [];
  for (let i = 0; i < pass.length; i++) {
    const a = pass[i]!;
    const key = a.split('=')[0]!;
    if (a === '--no-sandbox') out.push(a);
    else if (keep.includes(key)) {
      out.push(a);
      if (!a.includes('=') && i + 1 < pass.length) out.push(pass[++i]!);
    } else if (!a.includes('=') && !PASS_BOOLEAN.includes(a) && a.startsWith('--')) i++;
  }
  return out;
}

const CANNOT_START = /exited with status 12[67]\b|could not be started/;

/**
 * Runs the template on an empty file of each extension it will be given, the way a submission is
 * graded (a worker, the sandbox, one check): a shell that cannot find or execute the program exits
 * with 127 or 126 before any student code is involved. Returns the reason when it cannot start.
 */
async function probeTemplate(template: string, exts: string[], pass: string[], work: string, main: string | null): Promise<string | null> {
  for (const ext of exts) {
    const dir = mkdtempSync(join(work, 'probe-'));
    const file = `probe${ext}`;
    writeFileSync(join(dir, file), '');
    chmodSync(join(dir, file), 0o755);
    const args = ['--cmd', applyTemplate(template, `./${file}`), '--cwd', '.', '--only', 'activate.identity', '--runs', '1', ...runOptions(pass)];
    let report: Record<string, unknown>;
    try {
      if (main) report = await startWorker(main, args, dir, 120_000).done;
      else {
        const o = parseGradeArgs([...args.slice(0, 2), '--cwd', dir, ...args.slice(4)]);
        report = toJson(await gradeWith(o, await expectedFunctions([]))) as Record<string, unknown>;
      }
    } catch (e) {
      return `the template could not be tried: ${(e as Error).message}`;
    }
    const checks = (report.checks ?? []) as { message?: string }[];
    const msg = checks.map((c) => String(c.message ?? '')).find((m) => CANNOT_START.test(m));
    if (msg) return msg;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------

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
      if (!PASS_BOOLEAN.includes(a) && !a.includes('=')) pass.push(argv[++i] ?? '');
    } else positionals.push(a);
  }
  let values: ReturnType<typeof parseArgs<{ options: typeof OWN }>>['values'];
  let format: ReportFormat;
  let jobs: number;
  let deadlineS: number;
  let outDir: string;
  let subs: Submission[];
  try {
    values = parseArgs({ args: joinNegativeValues(own, OWN), options: OWN, strict: true }).values;
    if (positionals.length !== 1) throw new InvalidArgumentError({ where: 'arguments', expected: 'one folder of submissions', got: positionals.join(' ') || 'nothing' });
    const dir = positionals[0]!;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InvalidArgumentError({ where: 'dir', expected: 'a folder', got: dir });
    format = (values.format ?? 'text') as ReportFormat;
    if (!FORMATS.includes(format)) throw new InvalidArgumentError({ where: '--format', expected: FORMATS.join(', '), got: String(values.format) });
    jobs = values.jobs ? Number(values.jobs) : Math.max(1, (await import('node:os')).availableParallelism());
    if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError({ where: '--jobs', expected: 'an integer ≥ 1', got: String(values.jobs) });
    deadlineS = values.deadline ? Number(values.deadline) : 600;
    if (!(deadlineS > 0)) throw new InvalidArgumentError({ where: '--deadline', expected: 'seconds > 0', got: String(values.deadline) });
    for (const a of pass) if (PASS_REFUSED.includes(a.split('=')[0]!)) throw new InvalidArgumentError({ where: a.split('=')[0]!, expected: 'no such option: grade-all sets it for each submission (use --out-dir and --format)', got: a });
    // a relative --rubric is the user's, not the worker's (a worker runs in its submission's copy)
    for (let i = 0; i < pass.length; i++) {
      if (pass[i] === '--rubric' && pass[i + 1] !== undefined) pass[i + 1] = resolve(pass[i + 1]!);
      else if (pass[i]!.startsWith('--rubric=')) pass[i] = `--rubric=${resolve(pass[i]!.slice('--rubric='.length))}`;
    }
    parseGradeArgs([...pass, '--cmd', 'true']); // validate the pass-through options once, early
    // a grade that has a deadline of its own gets this one (its report then names it); grade-all's
    // kill comes a little later, as the backstop for a worker that does not stop
    if (values.deadline !== undefined && gradeTakes(['--deadline', values.deadline])) pass.push('--deadline', values.deadline);
    outDir = resolve(values['out-dir'] ?? 'grades');
    prepareOutDir(outDir, dir);
    subs = findSubmissions(dir, values['cmd-template']);
  } catch (e) {
    console.error(`nn-oracle grade-all: ${(e as Error).message}\n\n${help}`);
    return 2;
  }
  const cmdTemplate = values['cmd-template'];
  const main = values['in-process'] ? null : compiledMain();
  const work = mkdtempSync(join(tmpdir(), 'nn-oracle-grade-all-'));
  const active = new Set<ChildProcess>();
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) return; // the first one is being handled
    interrupted = sig;
    for (const c of active) killTree(c);
    console.error(`\nnn-oracle grade-all: ${sig}: stopped every worker; writing the summary of what finished`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await gradeAll();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    rmSync(work, { recursive: true, force: true });
  }

  async function gradeAll(): Promise<number> {
    const templated = subs.filter((s) => s.kind === 'template');
    if (cmdTemplate && templated.length) {
      const why = await probeTemplate(cmdTemplate, [...new Set(templated.map((s) => extname(s.path)))], pass, work, main);
      if (why) {
        console.error(`nn-oracle grade-all: --cmd-template ${JSON.stringify(cmdTemplate)} could not start a program (tried on an empty file, before grading anyone): ${escapeControls(why)}\nNo submission was graded. Fix the template (is the program installed and on PATH?) and run again.`);
        return 2;
      }
    }
    const tty = process.stderr.isTTY;
    const rows: Row[] = subs.map((s) => ({ name: s.name, state: 'not graded', error: 'interrupted before it was graded' }));
    let done = 0;
    const show = (last: string) => {
      const line = `${progressBar(done, subs.length)} ${escapeControls(last)}`;
      if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
      else console.error(line);
    };
    if (subs.length === 0) console.error(`nn-oracle grade-all: no submission found in ${positionals[0]} (see --help for what counts as one)`);
    show('starting');
    const expected = main ? null : await expectedFunctions(pass);
    const state = readState(outDir);
    const options = sha256(JSON.stringify({ grader: graderIdentity(), pass, cmdTemplate: cmdTemplate ?? null, rubric: rubricHash(pass) }));
    const saveState = () => writeAtomic(join(outDir, STATE_FILE), JSON.stringify(state, null, 1) + '\n');

    const writeReports = (s: Submission, files: Record<string, string>) => {
      for (const [f, text] of Object.entries(files)) writeAtomic(join(outDir, f), text);
      return Object.fromEntries(Object.entries(files).map(([f, text]) => [f, sha256(text)]));
    };
    const notGraded = (s: Submission, i: number, why: string) => {
      rows[i] = { name: s.name, state: 'not graded', error: why };
      delete state.entries[s.name];
      try {
        writeReports(s, { [`${s.name}.json`]: renderNotGraded(s.name, why, 'json'), ...(format !== 'json' ? { [reportName(s.name, format)]: renderNotGraded(s.name, why, format) } : {}) });
      } catch {
        /* the summary still says it */
      }
    };

    const gradeOne = async (s: Submission, i: number): Promise<void> => {
      const files = [`${s.name}.json`, ...(format !== 'json' ? [reportName(s.name, format)] : [])];
      const content = contentHash(s.path);
      if (!values.force) {
        const r = reusable(outDir, state.entries[s.name], content, options, files);
        if (r) {
          rows[i] = { name: s.name, state: 'reused', report: r };
          done++;
          show(`${s.name}: ${r.score}/${r.maxScore}, reused (graded before; --force to grade again)`);
          return;
        }
      }
      delete state.entries[s.name]; // until a complete report exists
      let report: GradeReport;
      try {
        // a private copy of the submission's own files: it runs next to nothing of anyone else's
        const copy = mkdtempSync(join(work, 'sub-'));
        copySubmission(s, copy);
        if (main) {
          const args = [...targetArgs(s, cmdTemplate), ...pass];
          const w = startWorker(main, args, copy, (deadlineS + (pass.includes('--deadline') ? 30 : 0)) * 1000);
          active.add(w.child);
          if (interrupted) killTree(w.child);
          try {
            report = fromJson(await w.done);
          } finally {
            active.delete(w.child);
          }
        } else {
          report = fromJson(toJson(await gradeWith(parseGradeArgs([...targetArgs(s, cmdTemplate, copy), ...pass]), expected!)));
        }
        rmSync(copy, { recursive: true, force: true });
      } catch (e) {
        done++;
        const why = interrupted ? `interrupted (${interrupted})` : (e as Error).message;
        notGraded(s, i, why);
        show(`${s.name}: not graded (${why})`);
        return;
      }
      try {
        // the worker has exited: only now are the reports written, by grade-all alone
        const texts: Record<string, string> = { [`${s.name}.json`]: safeJsonText(encodeJson(toJson(report))) + '\n' };
        if (format !== 'json') texts[reportName(s.name, format)] = await renderReport(report, format);
        const hashes = writeReports(s, texts);
        if (content !== null) state.entries[s.name] = { content, options, files: hashes };
        saveState();
        rows[i] = { name: s.name, state: 'graded', report };
        done++;
        show(`${s.name}: ${report.score}/${report.maxScore}${report.loadError ? ` (${NOT_LOADED_MESSAGE.replace('not graded: ', '')})` : ''}`);
      } catch (e) {
        done++;
        notGraded(s, i, `its report could not be written: ${(e as Error).message}`);
        show(`${s.name}: report not written (${(e as Error).message})`);
      }
    };

    let next = 0;
    const worker = async () => {
      while (next < subs.length && !interrupted) {
        const i = next++;
        await gradeOne(subs[i]!, i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, subs.length) }, worker));
    if (tty) process.stderr.write('\n');
    if (interrupted) for (const [i, s] of subs.entries()) if (rows[i]!.state === 'not graded' && rows[i]!.error === 'interrupted before it was graded') notGraded(s, i, `interrupted (${interrupted}) before it was graded`);
    try {
      saveState();
      writeAtomic(join(outDir, 'summary.csv'), summaryCsv(rows));
    } catch (e) {
      console.error(`nn-oracle grade-all: could not write ${join(outDir, 'summary.csv')}: ${(e as Error).message}`);
      return 2;
    }
    const full = rows.filter((r) => r.state !== 'not graded' && r.report && r.report.score === r.report.maxScore).length;
    const count = (st: Row['state']) => rows.filter((r) => r.state === st).length;
    console.error(
      `nn-oracle grade-all: ${subs.length} submissions, ${full} with a full score, ${count('reused')} reused, ${count('not graded')} not graded${interrupted ? ` (interrupted by ${interrupted})` : ''} — ${join(outDir, 'summary.csv')}`,
    );
    if (interrupted) return interrupted === 'SIGINT' ? 130 : 143;
    return full === subs.length ? 0 : 1;
  }
}

/** Whether this build's `nn-oracle grade` accepts these options. */
function gradeTakes(opts: string[]): boolean {
  try {
    parseGradeArgs([...opts, '--cmd', 'true']);
    return true;
  } catch {
    return false;
  }
}

/** The rubric's content (not its path) is part of the options a report was graded with. */
function rubricHash(pass: string[]): string | null {
  const i = pass.findIndex((a) => a === '--rubric' || a.startsWith('--rubric='));
  if (i < 0) return null;
  const file = pass[i] === '--rubric' ? pass[i + 1] : pass[i]!.slice('--rubric='.length);
  try {
    return file ? sha256(readFileSync(file)) : null;
  } catch {
    return null;
  }
}
