/**
 * The isolated runner: a student's submission (a JS/TS module, a Python module or notebook — see
 * python.ts —, or a program in any language) runs in
 * its own child process and is reached only through the contract's JSON-lines protocol. This file
 * turns such a process into a `Subject` (contract/types.ts), so grading checks and fixture replays are
 * written once against Subjects and never see a process.
 *
 * Stable API (used by grader/, cli/ and the fixture replayer):
 *   createProcessSubject(spec) → ProcessSubject   — a Subject plus output(), restarts, call(), dispose()
 *
 * Isolation, per call:
 *  - a time limit (`timeoutMs`): a request not answered in time kills the whole process group and
 *    rejects that call with SubmissionTimeoutError; the next call starts a fresh process;
 *  - a memory limit (`memoryMb`): `--max-old-space-size` for the module host (V8's heap; see
 *    docs/grading.md for what it does not cover), `ulimit -v` (address space) for a --cmd program
 *    and a Python module;
 *  - a process that exits, crashes or runs out of memory rejects the pending call with
 *    SubmissionCrashError (kind "exit" | "oom" | "signal") and is restarted for the next call;
 *  - whatever it prints that is not an answer is kept (bounded) and shown by output(), never parsed
 *    as an answer for another request;
 *  - modules run under Node's permission model (read access to the submission's folder and the host
 *    only; no writes, no child processes, no workers) unless `permission: false`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NnOracleError, NotImplementedError, ProtocolError, SubmissionCrashError, SubmissionLoadError, SubmissionThrewError, SubmissionTimeoutError, SubmissionUnresponsiveError, type CrashKind } from '../contract/errors.js';
import { CONTRACT_FUNCTIONS, type ContractFunctionName } from '../contract/names.js';
import { encodeRequest, isNotImplemented, parseAnswerLine } from '../contract/protocol.js';
import type { AsyncContractFunctions, Precision, Subject } from '../contract/types.js';
import { isPythonSubmission, pythonLaunch, PYTHON_EXTENSIONS, PYTHON_STARTUP_MS } from './python.js';

export interface ProcessSpec {
  /**
   * Path of a .js/.mjs/.cjs/.ts module exporting (a subset of) the contract's functions, or of a
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
  /** Memory limit in MiB (default 512); 0 disables it. */
  memoryMb?: number;
  /** Node's permission model for the module host (default true). */
  permission?: boolean;
  /** The subject's name in reports (default "student:<file>" or "student:<cmd>"). */
  name?: string;
  /** The arithmetic the submission claims (default float64); chooses the tolerance model. */
  precision?: Precision;
  /** Most lines of non-answer output kept (default 200); the rest are counted. */
  maxOutputLines?: number;
}

export { SubmissionCrashError, SubmissionLoadError, SubmissionThrewError, SubmissionTimeoutError, SubmissionUnresponsiveError, type CrashKind } from '../contract/errors.js';

export interface ProcessSubject extends Subject {
  /** Everything the submission printed that was not an answer (stdout and stderr), in order, bounded. */
  output(): string[];
  /** How many times the process was (re)started. */
  readonly starts: number;
  /** One request: resolves with the result or rejects with one of the typed errors above. */
  call(fn: ContractFunctionName, args: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
}

/** What out-of-memory looks like on stderr: V8, Python, glibc, C++. */
const OOM = /heap out of memory|MemoryError|Cannot allocate memory|std::bad_alloc|out of memory/i;

const HERE = dirname(fileURLToPath(import.meta.url));

/** host.mjs ships in runner/; from dist/runner/process.js it is found in the source tree beside dist. */
export function hostPath(): string {
  const candidates = [join(HERE, 'host.mjs'), join(HERE, '..', '..', 'runner', 'host.mjs')];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new NnOracleError('INVALID_ARGUMENT', `runner/host.mjs not found (looked in ${candidates.join(', ')})`);
}

/**
 * A .ts submission is transpiled (types erased, nothing checked: a type error is the student's, not a
 * crash of the grader) into a fresh temporary folder, with every other .ts file of its folder, so
 * relative imports of siblings (`./util.js`) keep working. Returns the .mjs path to load.
 */
async function transpileSubmission(file: string): Promise<{ entry: string; dir: string }> {
  const ts = (await import('typescript')).default;
  const srcDir = dirname(file);
  const out = mkdtempSync(join(tmpdir(), 'nn-oracle-ts-'));
  const files = readdirSync(srcDir).filter((f) => /\.(ts|mts)$/.test(f) && !f.endsWith('.d.ts'));
  for (const f of files) {
    const src = readFileSync(join(srcDir, f), 'utf8');
    const js = ts.transpileModule(src, {
      fileName: f,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, verbatimModuleSyntax: false },
    }).outputText;
    writeFileSync(join(out, f.replace(/\.m?ts$/, '.js')), js);
    writeFileSync(join(out, f.replace(/\.m?ts$/, '.mjs')), js);
  }
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  return { entry: join(out, basename(file).replace(/\.m?ts$/, '.mjs')), dir: out };
}

interface Pending {
  id: number;
  fn: string;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
  /** The process the request was written to (an old process's exit must not fail a newer request). */
  child: ChildProcess;
}

export async function createProcessSubject(spec: ProcessSpec): Promise<ProcessSubject> {
  if (!spec.module === !spec.cmd) {
    throw new NnOracleError('INVALID_ARGUMENT', 'give exactly one of a module path or a command line', { where: 'spec', expected: 'module or cmd' });
  }
  const timeoutMs = spec.timeoutMs ?? 2000;
  const python = spec.module !== undefined && isPythonSubmission(spec.module);
  const startupMs = spec.startupMs ?? (python ? PYTHON_STARTUP_MS : 3000);
  const memoryMb = spec.memoryMb ?? 512;
  const maxLines = spec.maxOutputLines ?? 200;
  const cleanup: string[] = [];

  let command: string;
  let args: string[];
  let cwd: string;
  let answersOnFd3 = false;
  let name: string;
  let extraEnv: Record<string, string> = {};
  let description: string;

  if (spec.module) {
    const file = resolve(spec.module);
    if (!existsSync(file) || !statSync(file).isFile()) {
      const folder = existsSync(file) && statSync(file).isDirectory();
      throw new NnOracleError('INVALID_ARGUMENT', folder ? `submission ${spec.module} is a folder, not a file (grade-all grades a folder of submissions)` : `submission not found: ${spec.module}`, { where: 'module', expected: 'a .js, .mjs, .cjs, .ts, .py or .ipynb file', got: spec.module });
    }
    const ext = extname(file);
    if (!['.js', '.mjs', '.cjs', '.ts', '.mts', ...PYTHON_EXTENSIONS].includes(ext)) {
      throw new NnOracleError('INVALID_ARGUMENT', `cannot load ${ext} as a module; use --cmd for programs in other languages`, { where: 'module', expected: `.js, .mjs, .cjs, .ts, ${PYTHON_EXTENSIONS.join(', ')}`, got: ext });
    }
    let entry = realpathSync(file);
    description = `module ${spec.module} in an isolated Node host`;
    const readable = [dirname(entry)];
    if (ext === '.ts' || ext === '.mts') {
      const t = await transpileSubmission(entry);
      cleanup.push(t.dir);
      entry = t.entry;
      readable.push(t.dir);
    }
    if (python) {
      // the readable paths (launch.readable) are what a sandbox mounts; there is no Node permission model here
      const launch = pythonLaunch(entry, spec.python);
      // ulimit -v (address space), as for --cmd programs: numpy passes it at the default 512 MiB
      command = '/bin/sh';
      args = ['-c', `${memoryMb > 0 ? `ulimit -v ${memoryMb * 1024} 2>/dev/null; ` : ''}exec "$0" "$@"`, launch.command, ...launch.args];
      extraEnv = launch.env;
      description = `module ${spec.module} in the Python host (${launch.interpreter.executable}, Python ${launch.interpreter.version.join('.')})`;
    } else {
      const host = hostPath();
      readable.push(host);
      const nodeArgs: string[] = [];
      if (memoryMb > 0) nodeArgs.push(`--max-old-space-size=${memoryMb}`, `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(memoryMb / 32)))}`);
      if (spec.permission !== false) {
        nodeArgs.push('--experimental-permission', ...readable.map((p) => `--allow-fs-read=${p}`));
      }
      nodeArgs.push('--no-warnings', '--disable-proto=throw', host, entry);
      command = process.execPath;
      args = nodeArgs;
    }
    cwd = spec.cwd ?? dirname(file);
    answersOnFd3 = true;
    name = spec.name ?? `student:${relative(process.cwd(), file) || basename(file)}`;
  } else {
    const cmd = spec.cmd!;
    // ulimit -v limits the address space of the program (and what it starts); `exec` keeps one process.
    const limit = memoryMb > 0 ? `ulimit -v ${memoryMb * 1024} 2>/dev/null; ` : '';
    command = '/bin/sh';
    args = ['-c', `${limit}exec ${cmd}`];
    cwd = spec.cwd ?? process.cwd();
    name = spec.name ?? `student:${cmd}`;
    description = `program: ${cmd}`;
  }

  const outputLines: string[] = [];
  let droppedLines = 0;
  const keep = (stream: string, line: string) => {
    if (outputLines.length < maxLines) outputLines.push(stream === 'stderr' ? `[stderr] ${line}` : line);
    else droppedLines++;
  };

  let child: ChildProcess | null = null;
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

  const killChild = (c: ChildProcess) => {
    try {
      if (c.pid !== undefined) process.kill(-c.pid, 'SIGKILL');
    } catch {
      try {
        c.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };

  const start = (): ChildProcess => {
    starts++;
    answeredSinceStart = 0;
    stderrTail = '';
    oomLine = null;
    const c = spawn(command, args, {
      cwd,
      stdio: answersOnFd3 ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout kills everything it started
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', ...extraEnv },
    });
    const lineReader = (stream: NodeJS.ReadableStream | null | undefined, onLine: (l: string) => void) => {
      if (!stream) return;
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, nl).replace(/\r$/, ''));
          buf = buf.slice(nl + 1);
        }
        // a flood without newlines must not grow without bound
        if (buf.length > 1 << 20) {
          onLine(buf.slice(0, 200) + '… (a very long line, cut)');
          buf = '';
        }
      });
      stream.on('end', () => {
        if (buf) onLine(buf);
        buf = '';
      });
      stream.on('error', () => {});
    };
    const onAnswerLine = (line: string) => {
      const ans = parseAnswerLine(line);
      if (!ans || !pending || ans.id !== pending.id) {
        if (!answersOnFd3) keep('stdout', line);
        return;
      }
      const p = pending;
      pending = null;
      clearTimeout(p.timer);
      answersEver++;
      answeredSinceStart++;
      freshTimeouts = 0;
      if ('error' in ans) {
        if (ans.load) p.reject(new SubmissionLoadError(ans.load.message, ans.load.location, ans.load.frame));
        else p.reject(isNotImplemented(ans.error) ? new NotImplementedError(p.fn) : new SubmissionThrewError(p.fn, ans.error));
      } else p.resolve(ans.result);
    };
    if (answersOnFd3) {
      lineReader(c.stdio[3] as NodeJS.ReadableStream, onAnswerLine);
      lineReader(c.stdout, (l) => keep('stdout', l));
    } else {
      lineReader(c.stdout, onAnswerLine);
    }
    lineReader(c.stderr, (l) => {
      keep('stderr', l);
      if (oomLine === null && OOM.test(l)) oomLine = l.trim();
      stderrTail = (stderrTail + '\n' + l).slice(-2000);
    });
    c.stdin?.on('error', () => {}); // EPIPE when the program has died; the exit handler reports it
    c.on('error', (e) => {
      if (child === c) child = null;
      const p = pending;
      if (p && p.child === c) {
        pending = null;
        clearTimeout(p.timer);
        p.reject(new SubmissionCrashError(p.fn, 'spawn', null, null, e.message));
      }
    });
    c.on('exit', (code, signal) => {
      if (child === c) child = null;
      const p = pending;
      if (!p || p.child !== c) return;
      pending = null;
      clearTimeout(p.timer);
      // give the stderr pipe a moment to deliver its last lines, which name the cause
      setTimeout(() => {
        const oom = oomLine !== null;
        const kind: CrashKind = oom ? 'oom' : signal ? 'signal' : 'exit';
        const lines = stderrTail.trim().split('\n').filter(Boolean);
        const detail = oom
          ? `${oomLine} (memory limit ${memoryMb} MiB)`
          : lines.slice(-3).join(' | ');
        p.reject(new SubmissionCrashError(p.fn, kind, code, signal, detail.slice(0, 400)));
      }, 30);
    });
    return c;
  };

  const callOnce = (fn: ContractFunctionName, callArgs: unknown[]): Promise<unknown> => {
    if (disposed) return Promise.reject(new ProtocolError('the subject was disposed'));
    if (answersEver === 0 && freshTimeouts >= 2) {
      return Promise.reject(
        new SubmissionUnresponsiveError(fn, `the program was started ${starts} times and never answered a request (each time it did not answer within ${timeoutMs + startupMs} ms)`),
      );
    }
    let fresh = false;
    if (!child) {
      child = start();
      fresh = true;
    }
    const c = child;
    const id = nextId++;
    const limit = timeoutMs + (fresh || answeredSinceStart === 0 ? startupMs : 0);
    return new Promise((resolvePromise, rejectPromise) => {
      const timer = setTimeout(() => {
        if (pending?.id !== id) return;
        pending = null;
        if (answeredSinceStart === 0) freshTimeouts++;
        if (child === c) child = null;
        killChild(c);
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
    description,
    fns,
    call,
    output: () => (droppedLines > 0 ? [...outputLines, `… ${droppedLines} more lines not shown`] : [...outputLines]),
    get starts() {
      return starts;
    },
    async dispose() {
      disposed = true;
      const c = child;
      child = null;
      if (c) {
        try {
          c.stdin?.end();
        } catch {
          /* ignore */
        }
        await new Promise<void>((r) => {
          const t = setTimeout(() => {
            killChild(c);
            r();
          }, 300);
          c.once('exit', () => {
            clearTimeout(t);
            r();
          });
          if (c.exitCode !== null || c.signalCode !== null) {
            clearTimeout(t);
            r();
          }
        });
        killChild(c); // anything it left behind in its process group
      }
      for (const d of cleanup) rmSync(d, { recursive: true, force: true });
    },
  };
  return subject;
}

/** For the CLI: a module path or a command line, as one spec. */
export function specFromTarget(target: { file?: string; cmd?: string }, opts: Omit<ProcessSpec, 'module' | 'cmd'>): ProcessSpec {
  return target.cmd ? { ...opts, cmd: target.cmd } : { ...opts, module: target.file };
}

