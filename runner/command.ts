/**
 * What a `--cmd` line needs inside the sandbox, found OUTSIDE it before anything of the submission runs:
 * the interpreter (its real prefix, bound read-only: `python3` may be a pyenv shim, a bash script that
 * cannot work in the sandbox, so Python is asked for sys.executable and its prefixes) and the files the
 * line names (their folders are the submission's own files, copied in).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, openSync, readSync, closeSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';

/** Folders every sandbox already shows read-only (the system's own programs and libraries). */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Paths a command line may name that are not the submission's files. */
const NOT_SUBMISSION = [...SYSTEM_DIRS, '/etc', '/dev', '/proc', '/sys', '/tmp/.X11-unix'];

export const under = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * Splits a command line into words the way sh would for plain words and quotes (no expansions): enough
 * to find the program and the files named; the line itself is still run by sh inside the sandbox.
 * Returns each word with its start and end in the line.
 */
export function shellWords(line: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    let word = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === "'") {
        const j = line.indexOf("'", i + 1);
        if (j < 0) return out; // unbalanced: sh will say so
        word += line.slice(i + 1, j);
        i = j + 1;
      } else if (c === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) i++;
          word += line[i++];
        }
        i++;
      } else if (c === '\\' && i + 1 < line.length) {
        word += line[i + 1];
        i += 2;
      } else if (';|&<>()'.includes(c)) {
        if (word) break;
        out.push({ word: c, start: i, end: i + 1 });
        i++;
        break;
      } else word += line[i++];
    }
    if (word) out.push({ word, start, end: i });
  }
  return out;
}

/** The first executable called `name` on PATH (like `command -v`). */
export function which(name: string, path = process.env.PATH ?? '/usr/bin:/bin'): string | null {
  if (name.includes('/')) return existsSync(name) ? resolve(name) : null;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function isScript(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    const b = Buffer.alloc(2);
    readSync(fd, b, 0, 2, 0);
    closeSync(fd);
    return b.toString() === '#!';
  } catch {
    return false;
  }
}

export interface Interpreter {
  /** The program to run in the sandbox (a real binary, not a shim). */
  executable: string;
  /** Folders to show read-only in the sandbox (its prefix, a venv and its base), none under /usr. */
  prefixes: string[];
}

const cache = new Map<string, Interpreter | null>();

/** Folders that must never be bound whole: they hold far more than an interpreter. */
function tooBroad(dir: string, guard: string[]): boolean {
  const home = process.env.HOME;
  if (dir === '/' || dir === '/root' || dir === '/home' || dir === '/opt' || dir === '/tmp' || (home && (dir === home || under(home, dir)))) return true;
  return guard.some((g) => under(g, dir) || under(dir, g));
}

/**
 * The real interpreter behind a program name. For Python (a pyenv or asdf shim, a venv) the program
 * itself is asked — this runs the instructor's interpreter, never the submission. Anything under the
 * system folders needs nothing; another binary is shown with its prefix (the folder above its bin/), or
 * alone where that prefix would show too much (a home folder, the grader's checkout: `guard`).
 */
export function resolveInterpreter(program: string, cwd: string, guard: string[]): Interpreter | null {
  const key = `${program}\0${cwd}\0${process.env.PATH}`;
  if (cache.has(key)) return cache.get(key)!;
  const found = program.includes('/') ? (existsSync(resolve(cwd, program)) ? resolve(cwd, program) : null) : which(program);
  let result: Interpreter | null = null;
  if (found) {
    const real = realpathSync(found);
    const name = program.split('/').pop()!;
    if (/^(python|pypy)[0-9.]*$/.test(name) && !SYSTEM_DIRS.some((d) => under(real, d) && !under(real, '/usr/local'))) {
      const r = spawnSync(found, ['-c', 'import sys, json; print(json.dumps([sys.executable, sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]))'], {
        encoding: 'utf8',
        timeout: 20_000,
        cwd,
      });
      try {
        const [exe, ...prefixes] = JSON.parse(r.stdout.trim()) as string[];
        const realExe = realpathSync(exe!);
        const dirs = [...new Set([...prefixes, dirname(dirname(realExe))].map((p) => realpathSync(p)))].filter((p) => !SYSTEM_DIRS.some((d) => under(p, d)));
        result = { executable: exe!, prefixes: dirs.flatMap((p) => (tooBroad(p, guard) ? [] : [p])) };
        if (!under(realExe, '/usr') && result.prefixes.every((p) => !under(realExe, p))) result.prefixes.push(realExe);
      } catch {
        result = null;
      }
    } else if (SYSTEM_DIRS.some((d) => under(real, d))) {
      result = { executable: found, prefixes: [] };
    } else if (!isScript(real)) {
      const prefix = dirname(real).endsWith(`${sep}bin`) ? dirname(dirname(real)) : dirname(real);
      result = { executable: real, prefixes: tooBroad(prefix, guard) ? [real] : [prefix] };
    } else result = { executable: real, prefixes: [real] };
  }
  cache.set(key, result);
  return result;
}

/**
 * The files and folders a command line names (relative to `cwd`), other than the program and system
 * paths (except those under `hidden`, folders the sandbox covers): `python3 hw/solution.py
 * data/w.json` → [hw/solution.py, data/w.json] (absolute).
 */
export function namedPaths(line: string, cwd: string, hidden: string[] = []): string[] {
  const words = shellWords(line).slice(1);
  const out: string[] = [];
  for (const { word } of words) {
    if (word.startsWith('-') || word.includes('=') || word.length > 4096) continue;
    const p = isAbsolute(word) ? word : resolve(cwd, word);
    if (NOT_SUBMISSION.some((d) => under(p, d)) && !hidden.some((h) => under(p, h))) continue;
    try {
      statSync(p);
      out.push(p);
    } catch {
      /* not a path */
    }
  }
  return out;
}
