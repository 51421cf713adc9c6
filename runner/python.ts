/**
 * Python submissions: a module (`hw.py`) or a Jupyter notebook (`hw.ipynb`) is served by
 * runner/host.py (standard library only) under the interpreter the instructor chose (`--python`,
 * default `python3` on PATH; a virtual environment's `bin/python` works). This file says how to
 * launch it: the interpreter (resolved once, by asking it), the arguments, the environment, and the
 * paths the launched process needs to read — the sandbox mounts those and nothing else of the host.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, isAbsolute, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, NnOracleError } from '../contract/errors.js';

/** What the Python host loads: a module or a notebook. */
export const PYTHON_EXTENSIONS = ['.py', '.ipynb'] as const;

export function isPythonSubmission(file: string): boolean {
  return (PYTHON_EXTENSIONS as readonly string[]).includes(extname(file));
}

/** The oldest Python the host is written for (it uses nothing newer). */
const MIN_PYTHON: readonly [number, number] = [3, 8];

/**
 * Extra time for the first answer after a start: the interpreter, `import numpy` (0.1–0.3 s) or
 * `import torch` (1–3 s), and a notebook's cells all run before it.
 */
export const PYTHON_STARTUP_MS = 10_000;

export interface PythonInterpreter {
  /** What to launch: the interpreter's own path as it reports it (a venv's bin/python stays that). */
  executable: string;
  version: [number, number, number];
  /** Folders the interpreter reads: its prefixes (a venv's and its base's) and every sys.path entry. */
  readable: string[];
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** host.py ships in runner/; from dist/runner/python.js it is found in the source tree beside dist. */
export function pythonHostPath(): string {
  const candidates = [join(HERE, 'host.py'), join(HERE, '..', '..', 'runner', 'host.py')];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new NnOracleError('INVALID_ARGUMENT', `runner/host.py not found (looked in ${candidates.join(', ')})`);
}

/** Asked of the interpreter once: where it lives and what it reads (stdlib only, any Python 3). */
const PROBE = [
  'import json, sys',
  'print(json.dumps({"executable": sys.executable, "version": list(sys.version_info[:3]),',
  ' "prefixes": [sys.prefix, sys.exec_prefix, getattr(sys, "base_prefix", sys.prefix), getattr(sys, "base_exec_prefix", sys.exec_prefix)],',
  ' "path": [p for p in sys.path if p]}))',
].join('\n');

const cache = new Map<string, PythonInterpreter>();

/** The environment every Python submission runs with (see docs/grading.md, "Python"). */
const PYTHON_ENV: Readonly<Record<string, string>> = {
  PYTHONUNBUFFERED: '1',
  PYTHONDONTWRITEBYTECODE: '1',
  // the same set iteration order on every run, so a grade does not depend on the hash seed
  PYTHONHASHSEED: '0',
  // one BLAS/OpenMP thread: the contract's matrices are tiny (threads only cost), results do not
  // depend on the machine's core count, and a process limit counts threads
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  // a notebook's plots draw nowhere instead of looking for a display
  MPLBACKEND: 'Agg',
};

/**
 * Resolves `--python` (a name on PATH, or a path such as venv/bin/python) to the interpreter that
 * will run the host, by running it once. Throws InvalidArgumentError naming what is wrong.
 */
export function resolvePython(python = 'python3', env: NodeJS.ProcessEnv = process.env): PythonInterpreter {
  const hit = cache.get(python);
  if (hit) return hit;
  let out: string;
  try {
    out = execFileSync(python, ['-c', PROBE], {
      cwd: tmpdir(),
      env: { PATH: env.PATH ?? '/usr/bin:/bin', HOME: env.HOME ?? '/tmp', LANG: 'C.UTF-8' },
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const why = err.code === 'ENOENT' ? 'not found' : (err.stderr ?? err.message).trim().split('\n').slice(-1)[0];
    throw new InvalidArgumentError({
      where: '--python',
      expected: `a Python ≥ ${MIN_PYTHON.join('.')} interpreter (a name on PATH or a path, e.g. venv/bin/python)`,
      got: `${JSON.stringify(python)} (${why})`,
    });
  }
  let info: { executable: string; version: [number, number, number]; prefixes: string[]; path: string[] };
  try {
    info = JSON.parse(out.trim().split('\n').slice(-1)[0]!);
  } catch {
    throw new InvalidArgumentError({ where: '--python', expected: 'a Python interpreter', got: `${JSON.stringify(python)}, which printed ${JSON.stringify(out.slice(0, 80))}` });
  }
  const [major, minor] = info.version;
  if (major! < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor! < MIN_PYTHON[1])) {
    throw new InvalidArgumentError({ where: '--python', expected: `Python ≥ ${MIN_PYTHON.join('.')}`, got: `${info.executable} is Python ${info.version.join('.')}` });
  }
  if (!info.executable || !isAbsolute(info.executable)) {
    throw new InvalidArgumentError({ where: '--python', expected: 'an interpreter that knows its own path (sys.executable)', got: JSON.stringify(info.executable) });
  }
  const readable = new Set<string>();
  const add = (p: string) => {
    if (!p || !existsSync(p)) return;
    readable.add(p);
    readable.add(realpathSync(p));
  };
  add(dirname(info.executable));
  add(realpathSync(info.executable));
  for (const p of info.prefixes) add(p);
  for (const p of info.path) add(p);
  const resolved: PythonInterpreter = { executable: info.executable, version: info.version, readable: minimalCover([...readable]) };
  cache.set(python, resolved);
  return resolved;
}

/** Drops every path that lies inside another one of the list. */
function minimalCover(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((q) => p === q || p.startsWith(q.endsWith(sep) ? q : q + sep))) out.push(p);
  return out.sort();
}

export interface PythonLaunch {
  command: string;
  args: string[];
  /** Added to the runner's (reduced) environment. */
  env: Record<string, string>;
  /** What the process must be able to read: the interpreter's folders, the host, the submission's folder. */
  readable: string[];
  interpreter: PythonInterpreter;
  /** The host answers on file descriptor 3, like runner/host.mjs. */
  answersOnFd3: true;
}

/** How to launch runner/host.py for one .py or .ipynb submission (an absolute, real path). */
export function pythonLaunch(file: string, python?: string): PythonLaunch {
  const interpreter = resolvePython(python);
  const host = pythonHostPath();
  return {
    command: interpreter.executable,
    // -B: no .pyc beside the submission; -X utf8: printing σ works whatever the locale
    args: ['-B', '-X', 'utf8', host, file],
    env: { ...PYTHON_ENV },
    readable: minimalCover([...interpreter.readable, host, dirname(file)]),
    interpreter,
    answersOnFd3: true,
  };
}
