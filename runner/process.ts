/**
 * The isolated runner: a student's submission (a JS/TS module, a Python module or notebook — served by
 * runner/host.py, see python.ts —, or a program in any language) runs in
 * its own sandboxed process (runner/sandbox.ts) and is reached only through the contract's JSON-lines
 * protocol. This file turns such a process into a `Subject` (contract/types.ts), so grading checks and
 * fixture replays are written once against Subjects and never see a process.
 *
 * Stable API (used by grader/, cli/ and the fixture replayer):
 *   createProcessSubject(spec) → ProcessSubject — a Subject plus output(), starts, call(), dispose(),
 *   and `isolation` (one line for every report: which sandbox layer and limits it ran under)
 *
 * Per call and per subject:
 *  - a time limit (`timeoutMs`): a request not answered in time kills the whole sandbox and rejects
 *    that call with SubmissionTimeoutError; the next call starts a fresh one;
 *  - a deadline for the whole subject (`deadlineMs`): after it everything is killed and every call
 *    rejects at once with SubmissionDeadlineError;
 *  - kernel limits (runner/limits.ts): memory used (not address space), processes, CPU time, file size;
 *    the one that stops the submission is named in the SubmissionCrashError ("memory limit 512 MiB");
 *  - a process that exits, crashes or is killed rejects the pending call with SubmissionCrashError and
 *    is restarted for the next call; everything it started dies with it;
 *  - whatever it prints that is not an answer is kept (bounded, runner/output.ts) and shown by output(),
 *    never parsed as an answer for another request; an answer too large or nested too deeply is a
 *    ProtocolError for that call;
 *  - a submission that cannot be loaded (the host's load answer, a TypeScript file that cannot be
 *    transpiled, files that cannot be copied into the sandbox) rejects every call with SubmissionLoadError.
 */
import { type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InvalidArgumentError,
  NnOracleError,
  NotImplementedError,
  ProtocolError,
  SubmissionCrashError,
  SubmissionDeadlineError,
  SubmissionLoadError,
  SubmissionThrewError,
  SubmissionTimeoutError,
  SubmissionUnresponsiveError,
  type CrashKind,
} from '../contract/errors.js';
import { CONTRACT_FUNCTIONS, type ContractFunctionName } from '../contract/names.js';
import { encodeRequest, isNotImplemented, parseAnswerLine } from '../contract/protocol.js';
import type { AsyncContractFunctions, Precision, Subject } from '../contract/types.js';
import { namedPaths, resolveInterpreter, shellWords, SYSTEM_DIRS, under } from './command.js';
import { copySubmission, rootsOf, SubmissionFilesError, type CopiedRoot } from './files.js';
import { DEFAULT_LIMITS, limitText, type LimitName, type Limits } from './limits.js';
import { DEFAULT_OUTPUT_LIMITS, jsonDepthExceeds, LineSplitter, OutputLog } from './output.js';
import { PYTHON_EXTENSIONS, PYTHON_STARTUP_MS, isPythonSubmission, pythonHostPath, pythonLaunch } from './python.js';
import { chooseLayer, describeSandbox, hasNamespaces, launchSandboxed, limitLayers, sandboxCapabilities, sandboxEnv, type Bind, type Launched, type SandboxLayer, type SandboxMode } from './sandbox.js';

export interface ProcessSpec {
  /**
   * Path of a .js/.mjs/.cjs/.ts/.mts module exporting (a subset of) the contract's functions, or a
   * Python module (.py) or notebook (.ipynb) defining them (served by runner/host.py; see python.ts).
   */
  module?: string;
  /** The Python interpreter for a .py/.ipynb module (default `python3` on PATH; a venv's python works). */
  python?: string;
  /** A shell command line for a program speaking the JSON-lines protocol (e.g. "python3 student.py"). */
  cmd?: string;
  /** Working directory of the program (default: the module's folder, or the current directory). */
  cwd?: string;
  /** Per-call time limit in ms (default 2000). The first call after a (re)start gets `startupMs` more. */
  timeoutMs?: number;
  /** Extra time for the first call after a start, for interpreter start-up and loading (default 3000). */
  startupMs?: number;
  /** Memory limit in MiB: what the processes use, not the address space they reserve (default 512; 0: none). */
  memoryMb?: number;
  /** Most processes and threads at once (default 128; 0: none). */
  processes?: number;
  /** CPU seconds per process (default 300; 0: none). */
  cpuSeconds?: number;
  /** Largest file the submission may write, in MiB (default 64); its private /tmp holds four times that. */
  fileSizeMb?: number;
  /** A deadline for the whole subject, from its creation, in ms (default: none; the CLI's is 300 s). */
  deadlineMs?: number;
  /**
   * The sandbox (runner/sandbox.ts): 'auto' (default) the strongest layer this machine allows,
   * 'required' refuses (SandboxUnavailableError) without namespaces or a uid switch, 'off' none.
   * `permission: false` without `sandbox` means 'off' (trusted code: the reference, library adapters).
   */
  sandbox?: SandboxMode;
  /** Exactly this layer (tests, and checking the threat model layer by layer); must be available. */
  layer?: SandboxLayer;
  /**
   * The submission's own files or folders, copied into the sandbox (default: the module's folder; for
   * a command line, the folders of the files it names, else `cwd` when given). grade-all passes each
   * student's own, so that no classmate's file is ever in the copy.
   */
  files?: string[];
  /** Most bytes of the submission's files copied into the sandbox, in MiB (default 64). */
  maxCopyMb?: number;
  /** Node's permission model for the module host, inside the sandbox (default: on unless `sandbox: 'off'`). */
  permission?: boolean;
  /** The subject's name in reports (default "student:<file>" or "student:<cmd>"). */
  name?: string;
  /** The arithmetic the submission claims (default float64); chooses the tolerance model. */
  precision?: Precision;
  /** Most lines of non-answer output kept (default 200); the rest are counted. */
  maxOutputLines?: number;
}

export { SubmissionCrashError, SubmissionDeadlineError, SubmissionLoadError, SubmissionThrewError, SubmissionTimeoutError, SubmissionUnresponsiveError, SandboxUnavailableError, type CrashKind } from '../contract/errors.js';
export { parseSandboxMode, assertSandbox, SANDBOX_MODES, type SandboxMode, type SandboxLayer } from './sandbox.js';

/** How a subject was isolated: for reports (`isolation` is the one line to print). */
export interface SandboxReport {
  mode: SandboxMode;
  layer: SandboxLayer;
  /** What enforces the memory limit: "cgroup", "watchdog" or "none". */
  memory: string;
  /** What enforces the process limit: "cgroup", "rlimit" or "none". */
  processes: string;
  limits: Limits;
  deadlineMs: number | null;
}

export interface ProcessSubject extends Subject {
  /** Everything the submission printed that was not an answer (stdout and stderr), in order, bounded. */
  output(): string[];
  /** How many times the process was (re)started. */
  readonly starts: number;
  /** One request: resolves with the result or rejects with one of the typed errors above. */
  call(fn: ContractFunctionName, args: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
  /** One line for every report: the sandbox layer and the limits ("unsafe: no sandbox …" when off). */
  readonly isolation: string;
  readonly sandbox: SandboxReport;
}

/** What out-of-memory looks like on stderr: V8, Python, glibc, C++. */
const OOM = /heap out of memory|MemoryError|Cannot allocate memory|std::bad_alloc|out of memory/i;
/** An answer line larger than this is refused (it would be held whole to be parsed). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** The contract's values nest a few levels (net.layers[l].W[i][j]); deeper answers are refused unparsed. */
const MAX_ANSWER_DEPTH = 64;
/** The TypeScript transpile's own time limit. */
const TRANSPILE_MS = 60_000;

const HERE = dirname(fileURLToPath(import.meta.url));

/** A file shipped in runner/; from dist/runner/process.js it is found in the source tree beside dist. */
function runnerFile(name: string): string {
  const candidates = [join(HERE, name), join(HERE, '..', '..', 'runner', name)];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new NnOracleError('INVALID_ARGUMENT', `runner/${name} not found (looked in ${candidates.join(', ')})`);
}

export function hostPath(): string {
  return runnerFile('host.mjs');
}

/** The grader's checkout (never shown to a submission, nor bound whole as an interpreter's prefix). */
const CHECKOUT = resolve(HERE, existsSync(join(HERE, '..', 'package.json')) ? '..' : join('..', '..'));

/** Where the sandbox sees the grader's own files (the host, the transpiler). */
const INSIDE = '/nn-oracle';

interface Pending {
  id: number;
  fn: string;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
  /** The process the request was written to (an old process's exit must not fail a newer request). */
  child: ChildProcess;
}

/** How the submission's files appear: the copies (mounted where the originals were) or the originals. */
interface FilesView {
  copies: CopiedRoot[];
  /** A path of the submission as the sandboxed process sees it. */
  inside(p: string): string;
  /** The same path on the grader's side (in the copy when there is one). */
  outside(p: string): string;
  binds(writable?: boolean): Bind[];
}

function viewOf(copies: CopiedRoot[], ns: boolean): FilesView {
  const find = (p: string) => copies.find((c) => under(p, c.source));
  return {
    copies,
    inside: (p) => (ns || !find(p) ? p : join(find(p)!.copy, relative(find(p)!.source, p))),
    outside: (p) => (find(p) ? join(find(p)!.copy, relative(find(p)!.source, p)) : p),
    binds: (writable) => (ns ? copies.map((c) => ({ src: c.copy, dest: c.source, writable })) : []),
  };
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) chownTree(join(p, n), uid, gid);
}

const shq = (s: string) => (/^[\w./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

let swept = false;
/** Work folders of graders that died before their dispose() (their pid is in the name) are removed. */
function sweepWorkDirs(): void {
  if (swept) return;
  swept = true;
  for (const n of readdirSync(tmpdir())) {
    const pid = Number(/^nn-oracle-sandbox-(\d+)-/.exec(n)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), n), { recursive: true, force: true });
    }
  }
}

export async function createProcessSubject(spec: ProcessSpec): Promise<ProcessSubject> {
  sweepWorkDirs();
  // the folder of the copy, the passwd files and the private home: removed by dispose(), or here when
  // the spec is refused
  const workDir = mkdtempSync(join(tmpdir(), `nn-oracle-sandbox-${process.pid}-`));
  try {
    return await createIn(spec, workDir);
  } catch (e) {
    rmSync(workDir, { recursive: true, force: true });
    throw e;
  }
}

async function createIn(spec: ProcessSpec, workDir: string): Promise<ProcessSubject> {
  if (!spec.module === !spec.cmd) {
    throw new NnOracleError('INVALID_ARGUMENT', 'give exactly one of a module path or a command line', { where: 'spec', expected: 'module or cmd' });
  }
  const timeoutMs = spec.timeoutMs ?? 2000;
  const python = spec.module !== undefined && isPythonSubmission(spec.module);
  const startupMs = spec.startupMs ?? (python ? PYTHON_STARTUP_MS : 3000);
  const limits: Limits = {
    memoryMb: spec.memoryMb ?? DEFAULT_LIMITS.memoryMb,
    processes: spec.processes ?? DEFAULT_LIMITS.processes,
    cpuSeconds: spec.cpuSeconds ?? DEFAULT_LIMITS.cpuSeconds,
    fileSizeMb: spec.fileSizeMb ?? DEFAULT_LIMITS.fileSizeMb,
  };
  const deadlineMs = spec.deadlineMs && spec.deadlineMs > 0 ? spec.deadlineMs : null;
  const mode: SandboxMode = spec.sandbox ?? (spec.permission === false ? 'off' : 'auto');
  const layer = chooseLayer(mode, spec.layer); // SandboxUnavailableError for 'required' without one
  const ns = hasNamespaces(layer);
  const caps = sandboxCapabilities();
  const sandboxUser = layer === 'namespaces+uid' || layer === 'uid' ? caps.user : null;
  const copyLimits = { maxBytes: (spec.maxCopyMb ?? 64) * 1024 * 1024, maxFiles: 10_000 };

  chmodSync(workDir, 0o711); // the sandbox user reaches its copy and home, and lists nothing
  let loadFailure: SubmissionLoadError | null = null;
  const fail = (message: string, location?: string) => {
    loadFailure ??= new SubmissionLoadError(message, location);
  };

  // the submission's private scratch folder where the sandbox has no /tmp of its own
  let home = '/tmp';
  if (!ns && mode !== 'off') {
    home = join(workDir, 'home');
    mkdirSync(home, { mode: 0o700 });
    if (sandboxUser) chownSync(home, sandboxUser.uid, sandboxUser.gid);
  }
  const copy = (roots: string[]): FilesView => {
    let copies: CopiedRoot[] = [];
    try {
      copies = copySubmission(roots, join(workDir, 'files'), copyLimits);
      // the sandbox's user owns its copy (the TypeScript transpile writes beside the sources; with
      // namespaces the module host then sees the copy read-only)
      if (sandboxUser) chownTree(join(workDir, 'files'), sandboxUser.uid, sandboxUser.gid);
    } catch (e) {
      if (!(e instanceof SubmissionFilesError)) throw e;
      fail(e.message, e.path);
    }
    return viewOf(copies, ns);
  };

  let argv: string[];
  let locatorArgv: string[] | null = null;
  let entryInside = '';
  let cwd: string;
  let fd3 = false;
  let name: string;
  let view: FilesView = viewOf([], ns);
  const binds: Bind[] = [];
  const dirs: string[] = [];
  // the grader installed under /usr (npm install -g) would be visible with /usr: covered, examples and all
  const hide = SYSTEM_DIRS.some((d) => under(CHECKOUT, d) && CHECKOUT !== d) ? [CHECKOUT] : [];
  const extraPath: string[] = [];
  let pythonEnv: Record<string, string> = {};
  let pythonText = '';

  const node = process.execPath;
  const nodeBinds = (): Bind[] => {
    const prefix = dirname(dirname(node));
    if (SYSTEM_DIRS.some((d) => under(node, d))) return [];
    return [under(CHECKOUT, prefix) || prefix === '/' ? { src: node, dest: node } : { src: prefix, dest: prefix }];
  };
  const placeCwd = (want: string, roots: string[]) => {
    if (!ns) return mode === 'off' || roots.some((r) => under(want, r)) ? view.outside(want) : home;
    if (!roots.some((r) => under(want, r))) dirs.push(want);
    return want;
  };

  if (spec.module) {
    const file = resolve(spec.module);
    if (!existsSync(file) || !statSync(file).isFile()) {
      const folder = existsSync(file) && statSync(file).isDirectory();
      throw new NnOracleError('INVALID_ARGUMENT', folder ? `submission ${spec.module} is a folder, not a file (grade-all grades a folder of submissions)` : `submission not found: ${spec.module}`, { where: 'module', expected: 'a .js, .mjs, .cjs, .ts, .mts, .py or .ipynb file', got: spec.module });
    }
    const ext = extname(file);
    if (!['.js', '.mjs', '.cjs', '.ts', '.mts', ...PYTHON_EXTENSIONS].includes(ext)) {
      throw new NnOracleError('INVALID_ARGUMENT', `cannot load ${ext} as a module; use --cmd for programs in other languages`, { where: 'module', expected: '.js, .mjs, .cjs, .ts, .mts, .py, .ipynb', got: ext });
    }
    const roots = spec.files ? rootsOf(spec.files.map((f) => resolve(f))) : [dirname(file)];
    if (!roots.some((r) => under(file, r))) throw new InvalidArgumentError({ where: 'files', expected: `the submission's files to include ${spec.module}`, got: roots.join(', ') });
    if (python) {
      // the Python host: the interpreter's own folders read-only, host.py, the submission's copy
      view = mode !== 'off' ? copy(roots) : viewOf(roots.map((r) => ({ source: r, copy: r })), ns);
      const launch = pythonLaunch(file, spec.python);
      const hostPy = ns ? `${INSIDE}/host.py` : mode === 'off' ? pythonHostPath() : join(workDir, 'host.py');
      if (ns) binds.push({ src: pythonHostPath(), dest: hostPy });
      else if (mode !== 'off') copyFileSync(pythonHostPath(), hostPy);
      const own = new Set([pythonHostPath(), ...roots]);
      if (ns) binds.push(...launch.interpreter.readable.filter((p) => !own.has(p) && !roots.some((r) => under(p, r)) && !SYSTEM_DIRS.some((d) => under(p, d))).map((p) => ({ src: p, dest: p })));
      binds.push(...view.binds());
      argv = [launch.command, ...launch.args.slice(0, -2), hostPy, view.inside(file)];
      pythonEnv = launch.env;
      pythonText = `${launch.interpreter.executable}, Python ${launch.interpreter.version.join('.')}`;
      entryInside = view.inside(file);
      cwd = placeCwd(resolve(spec.cwd ?? dirname(file)), roots);
      fd3 = true;
      name = spec.name ?? `student:${relative(process.cwd(), file) || basename(file)}`;
    } else {
      const isTs = ext === '.ts' || ext === '.mts';
      if (mode !== 'off' || isTs) view = copy(roots);
      else view = viewOf(roots.map((r) => ({ source: r, copy: r })), ns);
      binds.push(...view.binds(), ...nodeBinds());
      let entry = file;
      if (isTs && !loadFailure) {
        entry = file.replace(/\.m?ts$/, '.nn-oracle-entry.mjs');
        const err = await transpile(file);
        if (err) fail(err, basename(file));
      }
      // without namespaces the host is copied beside the submission's copy, where the sandbox's user can
      // read it whatever the permissions of the grader's checkout
      const host = ns ? `${INSIDE}/host.mjs` : mode === 'off' ? hostPath() : join(workDir, 'host.mjs');
      if (ns) binds.push({ src: hostPath(), dest: host });
      else if (mode !== 'off') copyFileSync(hostPath(), host);
      const nodeArgs: string[] = [];
      if (limits.memoryMb > 0) nodeArgs.push(`--max-old-space-size=${limits.memoryMb}`, `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(limits.memoryMb / 32)))}`);
      if (spec.permission ?? mode !== 'off') nodeArgs.push('--experimental-permission', ...roots.map((r) => `--allow-fs-read=${view.inside(r)}`), `--allow-fs-read=${host}`);
      nodeArgs.push('--no-warnings', '--disable-proto=throw');
      argv = [node, ...nodeArgs, host, view.inside(entry)];
      // Node gives an ES module's syntax error a location only when it is fatal to the main module:
      // run as that, the module graph fails to parse and nothing of it executes
      locatorArgv = [node, ...nodeArgs, view.inside(entry)];
      entryInside = view.inside(entry);
      cwd = placeCwd(resolve(spec.cwd ?? dirname(file)), roots);
      fd3 = true;
      name = spec.name ?? `student:${relative(process.cwd(), file) || basename(file)}`;

      async function transpile(ts: string): Promise<string | null> {
        // the transpiler runs in its own sandboxed process, writing into the submission's copy
        let tsLib: string;
        try {
          tsLib = createRequire(import.meta.url).resolve('typescript');
        } catch {
          return 'TypeScript is not installed beside nn-oracle (npm install typescript), so a .ts submission cannot be transpiled';
        }
        const tsDir = dirname(dirname(tsLib));
        const script = ns ? `${INSIDE}/transpile.mjs` : runnerFile('transpile.mjs');
        const tsInside = ns ? `${INSIDE}/typescript/lib/${basename(tsLib)}` : tsLib;
        const root = roots.find((r) => under(ts, r))!;
        const tBinds: Bind[] = [...view.binds(true), ...nodeBinds(), ...(ns ? [{ src: runnerFile('transpile.mjs'), dest: script }, { src: tsDir, dest: `${INSIDE}/typescript` }] : [])];
        const launched = launchSandboxed({
          layer,
          argv: [node, `--max-old-space-size=${Math.max(limits.memoryMb, 256)}`, '--no-warnings', script, tsInside, view.inside(root), view.inside(ts)],
          cwd: view.inside(root),
          env: sandboxEnv([], home),
          binds: tBinds,
          hide,
          workDir,
          limits: { ...limits, memoryMb: limits.memoryMb > 0 ? Math.max(limits.memoryMb, 256) : 0 },
        });
        const errLog = new OutputLog({ maxLines: 20, maxLineBytes: 400, maxBytes: 8000 });
        const split = new LineSplitter(400, (l, cut) => errLog.add('stderr', l, cut));
        launched.child.stderr?.on('data', (b: Buffer) => split.push(b));
        launched.child.stdout?.resume();
        const result = await new Promise<{ code: number | null; signal: string | null; timedOut: boolean }>((r) => {
          const t = setTimeout(() => {
            r({ code: null, signal: null, timedOut: true });
          }, TRANSPILE_MS);
          launched.child.once('error', (e) => {
            clearTimeout(t);
            errLog.add('stderr', Buffer.from(e.message));
            r({ code: null, signal: null, timedOut: false });
          });
          launched.child.once('exit', (code, signal) => {
            clearTimeout(t);
            r({ ...launched.exitOf(code, signal), timedOut: false });
          });
        });
        split.end();
        const errLines = errLog.snapshot().map((l) => l.replace(/^\[stderr\] /, ''));
        const tail = errLines.find((l) => /^\w*Error\b/.test(l)) ?? errLines.filter((l) => l.trim() && !/^\s+at |^Node\.js v/.test(l)).slice(-2).join(' | ');
        const hit = result.timedOut ? null : launched.limitHit(result.signal, tail);
        await launched.destroy();
        if (result.timedOut) return `the TypeScript transpile did not finish within ${TRANSPILE_MS / 1000} s`;
        if (hit) return `the TypeScript transpile was stopped by the ${limitText(hit, limits)}`;
        if (result.code !== 0) return `the TypeScript transpile failed (${result.signal ?? `status ${result.code}`}): ${tail}`;
        if (!existsSync(view.outside(entry))) return 'the TypeScript transpile wrote no module';
        return null;
      }
    }
  } else {
    const cmdLine = spec.cmd!;
    const wantCwd = resolve(spec.cwd ?? process.cwd());
    let roots: string[] = [];
    if (mode !== 'off') {
      const named = namedPaths(cmdLine, wantCwd, hide);
      roots = spec.files ? rootsOf(spec.files.map((f) => resolve(f))) : named.length ? rootsOf(named) : spec.cwd !== undefined ? [wantCwd] : [];
      // a file under the system's folders is visible as it is (an example installed with npm -g)
      const systemFiles = shellWords(cmdLine).slice(1).some((w) => w.word.startsWith('/') && SYSTEM_DIRS.some((d) => under(w.word, d)) && !hide.some((h) => under(w.word, h)) && existsSync(w.word));
      if (ns && roots.length === 0 && !systemFiles) {
        throw new InvalidArgumentError({ where: '--cmd', expected: "a command line that names the submission's file (e.g. \"python3 hw/solution.py\"), or --cwd <the submission's folder>", got: JSON.stringify(cmdLine) });
      }
      if (roots.length > 0) view = copy(roots);
    }
    const words = shellWords(cmdLine);
    const first = words[0];
    const edits: Array<{ start: number; end: number; text: string }> = [];
    if (mode !== 'off' && first && cmdLine.slice(first.start, first.end) === first.word && !first.word.includes('=')) {
      const interp = resolveInterpreter(first.word, wantCwd, [CHECKOUT, ...roots]);
      if (interp) {
        if (interp.executable !== first.word) edits.push({ start: first.start, end: first.end, text: shq(interp.executable) });
        if (ns) binds.push(...interp.prefixes.map((p) => ({ src: p, dest: p })));
        if (interp.executable.includes('/')) extraPath.push(dirname(interp.executable));
      }
    }
    if (mode !== 'off' && !ns) {
      // without namespaces the copy is not where the original was: the line names the copy instead
      for (const w of words.slice(1)) {
        const abs = resolve(wantCwd, w.word);
        if (!w.word.startsWith('-') && !w.word.includes('=') && roots.some((r) => under(abs, r)) && existsSync(abs)) edits.push({ start: w.start, end: w.end, text: shq(view.inside(abs)) });
      }
    }
    let line = cmdLine;
    for (const e of edits.sort((a, b) => b.start - a.start)) line = line.slice(0, e.start) + e.text + line.slice(e.end);
    binds.push(...view.binds());
    argv = ['/bin/sh', '-c', `exec ${line}`];
    cwd = placeCwd(wantCwd, roots);
    name = spec.name ?? `student:${cmdLine}`;
  }

  const env = {
    ...(mode === 'off'
      ? { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' }
      : sandboxEnv(extraPath, home)),
    ...pythonEnv,
  };
  const how = limitLayers(limits, layer);
  const sandboxReport: SandboxReport = { mode, layer, memory: how.memory, processes: how.processes, limits, deadlineMs };
  const isolation = describeSandbox(mode, layer, limits) + (deadlineMs ? `, deadline ${deadlineMs / 1000} s` : '');

  const maxLines = spec.maxOutputLines ?? DEFAULT_OUTPUT_LIMITS.maxLines;
  const log = new OutputLog({ ...DEFAULT_OUTPUT_LIMITS, maxLines });
  /** The splitters of what the submission prints (stdout beside fd 3, stderr): flushed when it is disposed. */
  const printedSplitters: LineSplitter[] = [];

  let child: ChildProcess | null = null;
  let launched: Launched | null = null;
  let pending: Pending | null = null;
  let nextId = 1;
  let starts = 0;
  let answersEver = 0;
  let freshTimeouts = 0;
  let answeredSinceStart = 0;
  let stderrTail = '';
  let oomLine: string | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let disposed = false;
  let deadlinePassed = false;
  let forksRefused = 0;
  let forkBomb = false;
  const destroying: Promise<void>[] = [];

  const stop = (l: Launched | null) => {
    if (l) destroying.push(l.destroy());
  };

  const settle = (p: Pending, e: unknown) => {
    if (pending === p) pending = null;
    clearTimeout(p.timer);
    p.reject(e);
  };

  const deadlineTimer = deadlineMs
    ? setTimeout(() => {
        deadlinePassed = true;
        const l = launched;
        child = null;
        launched = null;
        stop(l);
        if (pending) settle(pending, new SubmissionDeadlineError(pending.fn, deadlineMs));
      }, deadlineMs)
    : null;
  deadlineTimer?.unref();

  const start = (): { c: ChildProcess; l: Launched } => {
    starts++;
    forksRefused = 0;
    answeredSinceStart = 0;
    stderrTail = '';
    oomLine = null;
    const l = launchSandboxed({ layer, argv, cwd, env, binds, dirs, hide, workDir, limits, fd3 });
    const c = l.child;

    const onAnswerLine = (buf: Buffer, cut: number) => {
      let i = 0;
      while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
      if (buf[i] !== 0x7b) {
        if (!fd3) log.add('stdout', buf, cut);
        return;
      }
      const p = pending;
      if (cut > 0 || jsonDepthExceeds(buf, MAX_ANSWER_DEPTH)) {
        // refused unparsed; it can only have been meant as the answer to the call now pending
        if (p && p.child === c) settle(p, new ProtocolError(cut > 0 ? `the answer to ${p.fn} is larger than ${MAX_ANSWER_BYTES / 1048576} MiB; refused` : `the answer to ${p.fn} is nested more than ${MAX_ANSWER_DEPTH} levels deep; refused`, { where: p.fn }));
        else if (!fd3) log.add('stdout', buf, cut);
        return;
      }
      const ans = parseAnswerLine(buf.toString('utf8'));
      if (!ans || !p || p.child !== c || ans.id !== p.id) {
        if (!fd3) log.add('stdout', buf, cut);
        return;
      }
      answersEver++;
      answeredSinceStart++;
      freshTimeouts = 0;
      if ('error' in ans) {
        if (ans.load) {
          const load = ans.load;
          const report = (location?: string, frame?: string) => {
            loadFailure ??= new SubmissionLoadError(load.message, location, frame);
            if (pending === p) settle(p, loadFailure);
          };
          if (load.location === undefined && /^SyntaxError\b/.test(load.message) && locatorArgv) {
            void locateSyntaxError(locatorArgv).then((at) => report(at?.location, at?.frame), () => report());
          } else report(load.location, load.frame);
        }
        else if (isNotImplemented(ans.error)) settle(p, new NotImplementedError(p.fn));
        else {
          // the limit that made it throw, by name (a fork refused, a file too large)
          const refused = l.refusedForks();
          let why = '';
          const nprocHit = l.nprocLimited && /Resource temporarily unavailable|EAGAIN/.test(ans.error);
          if (refused > forksRefused || nprocHit) {
            why = ` (stopped by the ${limitText('processes', limits)})`;
            forkBomb = true;
          }
          else if (/File too large|EFBIG/.test(ans.error)) why = ` (stopped by the ${limitText('file size', limits)})`;
          forksRefused = refused;
          settle(p, new SubmissionThrewError(p.fn, ans.error.slice(0, 2000) + why));
        }
      } else {
        pending = null;
        clearTimeout(p.timer);
        p.resolve(ans.result);
      }
      // a fork bomb stops with its call: what it left spinning is killed, the next call starts afresh
      if ((forkBomb || l.refusedForks() > 0) && child === c) {
        forkBomb = false;
        child = null;
        launched = null;
        stop(l);
      }
    };
    const read = (stream: NodeJS.ReadableStream | null | undefined, max: number, onLine: (l: Buffer, cut: number) => void, printed = false) => {
      if (!stream) return;
      const s = new LineSplitter(max, onLine);
      if (printed) printedSplitters.push(s);
      stream.on('data', (chunk: Buffer) => s.push(chunk));
      stream.on('end', () => s.end());
      stream.on('error', () => {});
    };
    const keepLine = (stream: 'stdout' | 'stderr') => (b: Buffer, cut: number) => {
      const text = log.add(stream, b, cut);
      if (stream === 'stderr') {
        const t = text ?? b.subarray(0, 400).toString('utf8');
        if (oomLine === null && OOM.test(t)) oomLine = t.trim().slice(0, 200);
        stderrTail = (stderrTail + '\n' + t.slice(0, 400)).slice(-2000);
      }
    };
    if (fd3) {
      read(c.stdio[3] as NodeJS.ReadableStream, MAX_ANSWER_BYTES, onAnswerLine);
      read(c.stdout, DEFAULT_OUTPUT_LIMITS.maxLineBytes, keepLine('stdout'), true);
    } else read(c.stdout, MAX_ANSWER_BYTES, onAnswerLine);
    read(c.stderr, DEFAULT_OUTPUT_LIMITS.maxLineBytes, keepLine('stderr'), true);
    c.stdin?.on('error', () => {}); // EPIPE when the program has died; the exit handler reports it
    c.on('error', (e) => {
      if (child === c) {
        child = null;
        launched = null;
      }
      stop(l);
      const p = pending;
      if (p && p.child === c) settle(p, new SubmissionCrashError(p.fn, 'spawn', null, null, e.message));
    });
    c.on('exit', (rawCode, rawSignal) => {
      if (child === c) {
        child = null;
        launched = null;
      }
      const p = pending && pending.child === c ? pending : null;
      // give the stderr pipe a moment to deliver its last lines, which name the cause; then kill
      // whatever the process left behind and remove its cgroups
      setTimeout(() => {
        const { code, signal } = l.exitOf(rawCode, rawSignal);
        const lines = stderrTail.trim().split('\n').filter(Boolean);
        const hit: LimitName | null = l.limitHit(signal, stderrTail);
        stop(l);
        if (!p || pending !== p) return;
        const oom = hit === 'memory' || (hit === null && oomLine !== null);
        const kind: CrashKind = code === 125 && lines.length === 0 ? 'spawn' : oom ? 'oom' : signal ? 'signal' : 'exit';
        let detail: string;
        if (oom) detail = `memory limit ${limits.memoryMb} MiB${hit === 'memory' ? ` (enforced by the ${how.memory === 'cgroup' ? 'memory cgroup' : 'memory watchdog'})` : ''}${oomLine ? `: ${oomLine}` : ''}`;
        else if (hit) detail = `${limitText(hit, limits)}${lines.length ? `: ${lines.slice(-2).join(' | ')}` : ''}`;
        else detail = lines.slice(-3).join(' | ');
        if (code === 127 && ns) detail += ' (inside the sandbox only the system folders, the interpreter found on PATH and the submission\'s own files exist)';
        settle(p, new SubmissionCrashError(p.fn, kind, code, signal, detail.slice(0, 400), hit ?? undefined));
      }, 30);
    });
    return { c, l };
  };

  /** Where Node says the syntax error is (file:line:col and the line), from a sandboxed run of the module. */
  const locateSyntaxError = async (run: string[]): Promise<{ location: string; frame?: string } | null> => {
    const l = launchSandboxed({ layer, argv: run, cwd, env, binds, dirs, hide, workDir, limits });
    let err = Buffer.alloc(0);
    l.child.stdin?.end();
    l.child.stdin?.on('error', () => {});
    l.child.stdout?.resume();
    l.child.stderr?.on('data', (b: Buffer) => {
      if (err.length < 16384) err = Buffer.concat([err, b]).subarray(0, 16384);
    });
    await new Promise<void>((r) => {
      const t = setTimeout(r, 5000);
      l.child.once('close', () => {
        clearTimeout(t);
        r();
      });
      l.child.once('error', () => r());
    });
    await l.destroy();
    const m = /^(?:file:\/\/)?(\/\S*?):(\d+)\n(.*)\n( *)\^/m.exec(err.toString('utf8'));
    if (!m) return null;
    const path = decodeURIComponent(m[1]!);
    const base = dirname(entryInside);
    const shown = under(path, base) ? relative(base, path) : path;
    return { location: `${shown}:${m[2]}:${m[4]!.length + 1}`, frame: m[3]!.slice(0, 200) };
  };

  const callOnce = (fn: ContractFunctionName, callArgs: unknown[]): Promise<unknown> => {
    if (disposed) return Promise.reject(new ProtocolError('the subject was disposed'));
    if (deadlinePassed) return Promise.reject(new SubmissionDeadlineError(fn, deadlineMs!));
    if (loadFailure) return Promise.reject(loadFailure);
    if (answersEver === 0 && freshTimeouts >= 2) {
      return Promise.reject(
        new SubmissionUnresponsiveError(fn, `the program was started ${starts} times and never answered a request (each time it did not answer within ${timeoutMs + startupMs} ms)`),
      );
    }
    let fresh = false;
    if (!child) {
      const s = start();
      child = s.c;
      launched = s.l;
      fresh = true;
    }
    const c = child;
    const l = launched;
    const id = nextId++;
    const limit = timeoutMs + (fresh || answeredSinceStart === 0 ? startupMs : 0);
    return new Promise((resolvePromise, rejectPromise) => {
      const timer = setTimeout(() => {
        if (pending?.id !== id) return;
        pending = null;
        if (answeredSinceStart === 0) freshTimeouts++;
        if (child === c) {
          child = null;
          launched = null;
        }
        stop(l);
        rejectPromise(new SubmissionTimeoutError(fn, limit));
      }, limit);
      pending = { id, fn, resolve: resolvePromise, reject: rejectPromise, timer, child: c };
      c.stdin?.write(encodeRequest({ id, fn, args: callArgs }) + '\n');
    });
  };

  const call = (fn: ContractFunctionName, callArgs: unknown[]): Promise<unknown> => {
    // one request at a time, in order: the protocol is a conversation, not a pool
    const p = chain.then(() => callOnce(fn, callArgs));
    chain = p.catch(() => undefined);
    return p;
  };

  const fns = Object.fromEntries(CONTRACT_FUNCTIONS.map((fn) => [fn, (...a: unknown[]) => call(fn, a)])) as unknown as Partial<AsyncContractFunctions>;

  const subject: ProcessSubject = {
    name,
    precision: spec.precision ?? 'float64',
    description: spec.module
      ? `module ${spec.module} in ${layer === 'none' ? `a ${python ? 'Python' : 'Node'} host (no sandbox)` : `a sandboxed ${python ? 'Python' : 'Node'} host`}${pythonText ? ` (${pythonText})` : ''}`
      : `program: ${spec.cmd}`,
    fns,
    call,
    output: () => log.snapshot(),
    get starts() {
      return starts;
    },
    isolation,
    sandbox: sandboxReport,
    async dispose() {
      if (disposed) return;
      disposed = true;
      if (deadlineTimer) clearTimeout(deadlineTimer);
      const c = child;
      const l = launched;
      child = null;
      launched = null;
      // what the submission printed last is still in the pipes: read it to the end (bounded) before the report takes output()
      const drained = c
        ? Promise.race([
            Promise.all([c.stdout, c.stderr].map((st) => (st && !st.readableEnded ? new Promise<void>((r) => { st.once('end', () => r()); st.once('close', () => r()); }) : Promise.resolve()))),
            new Promise<void>((r) => setTimeout(r, 1000).unref()),
          ])
        : Promise.resolve();
      if (c && l) {
        try {
          c.stdin?.end();
        } catch {
          /* ignore */
        }
        // a host exits when its stdin ends; give it a moment, then kill the sandbox whatever it does
        await new Promise<void>((r) => {
          if (c.exitCode !== null || c.signalCode !== null) return r();
          const t = setTimeout(r, 300);
          c.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
        stop(l);
      }
      await Promise.all(destroying);
      await drained;
      // a line still being printed when the pipes were given up on is a line too (cut, and counted)
      for (const sp of printedSplitters.splice(0)) sp.end();
      // allow for an exit handler's 30 ms stderr grace that is still to stop its sandbox
      await new Promise((r) => setTimeout(r, 40));
      await Promise.all(destroying);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
  return subject;
}

