/**
 * Paths the user gives on the command line, checked before any long work: an output file that can be
 * written, an output folder that exists or can be made, an input file or folder that is there. Each
 * check throws a UsageError naming the option, the path and what is wrong, never a stack trace after a
 * minute of grading. `usageErrorFromFs` turns a filesystem error that still escapes (a file removed
 * meanwhile, a disk that filled up) into the same kind of message, for cli/main.ts.
 *
 * The checks open or create for real where that is cheap (a probe file, then removed), because the
 * permission bits do not tell: root may write anywhere by the bits, and still not on a read-only mount.
 * The kernel's own file systems (/proc, /sys, cgroups) are refused by their type: there, as root,
 * opening a file for writing succeeds and only the write fails (EIO).
 */
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, rmdirSync, statSync, statfsSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** What a filesystem error code means, in words. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  ENXIO: 'nothing is reading at the other end (a FIFO or socket)',
  EBUSY: 'the file is busy',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  EINVAL: 'the file does not accept this',
};

/** statfs f_type of the kernel's pseudo-file systems (linux/magic.h): nothing a report can go to. */
const KERNEL_FS: Readonly<Record<number, string>> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x73636673: 'securityfs',
  0x74726163: 'tracefs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
  0x62656570: 'configfs',
};

/** The name of the kernel pseudo-file system `path` lies on, if it does (undefined where statfs is unknown). */
function kernelFs(path: string): string | undefined {
  try {
    return KERNEL_FS[statfsSync(path).type];
  } catch {
    return undefined;
  }
}

const FS_ERROR_CODES: readonly string[] = Object.keys(REASONS);

function reason(e: unknown): string {
  const code = (e as { code?: string })?.code;
  return code && REASONS[code] ? `${REASONS[code]} (${code})` : ((e as Error)?.message ?? String(e));
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Checks, before any long work, that `file` can be written: its folder exists and is a folder, it is not
 * a folder itself, and opening it for writing works (an existing file is opened without truncating
 * it; a new one is created and removed again). Refuses /proc, /sys, read-only mounts and folders
 * without write permission with a UsageError naming `where`.
 */
export function checkOutputPath(file: string, where: string): void {
  const got = JSON.stringify(file);
  if (file === '') throw new UsageError({ where, expected: 'a file name', got: 'an empty string' });
  const dir = dirname(resolve(file));
  const dirStat = statOrUndefined(dir);
  if (!dirStat) throw new UsageError({ where, expected: 'a file in an existing folder', got: `${got} (no folder ${dir})`, hint: `create the folder first (mkdir -p ${dir})` });
  if (!dirStat.isDirectory()) throw new UsageError({ where, expected: 'a file in an existing folder', got: `${got} (${dir} is not a folder)` });
  const fs = kernelFs(dir);
  if (fs) throw new UsageError({ where, expected: 'a file on a real file system', got: `${got}, on the kernel's ${fs} file system`, hint: 'choose a file in a folder you can write, e.g. /tmp or your home folder' });
  const st = statOrUndefined(file);
  if (st?.isDirectory()) throw new UsageError({ where, expected: 'a file, not a folder', got: got, hint: `give a file name inside it, e.g. ${join(file, 'report.txt')}` });
  try {
    if (st) {
      // O_NONBLOCK: a FIFO without a reader fails at once (ENXIO) instead of blocking here
      closeSync(openSync(file, constants.O_WRONLY | constants.O_NONBLOCK));
    } else {
      closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL));
      unlinkSync(file);
    }
  } catch (e) {
    throw new UsageError({ where, expected: 'a file that can be written', got: `${got}: ${reason(e)}`, hint: 'choose a file in a folder you can write, e.g. /tmp or your home folder' });
  }
}

/** The nearest folder at or above `p` that exists (undefined if a file is in the way). */
function nearestExisting(p: string): { path: string; stat: Stats } {
  let cur = resolve(p);
  for (;;) {
    const st = statOrUndefined(cur);
    if (st) return { path: cur, stat: st };
    const up = dirname(cur);
    if (up === cur) return { path: cur, stat: statSync(cur) };
    cur = up;
  }
}

/**
 * Checks that `dir` is a folder that can be written, or can be made: the nearest part of it that exists
 * must be a folder in which a folder can be created (probed with a temporary folder, removed at once).
 * Nothing is left behind. (Node's recursive mkdir never returns under /proc: it is probed first.)
 */
export function checkOutputDir(dir: string, where: string): void {
  const got = JSON.stringify(dir);
  if (dir === '') throw new UsageError({ where, expected: 'a folder name', got: 'an empty string' });
  const near = nearestExisting(dir);
  if (!near.stat.isDirectory()) {
    const what = near.path === resolve(dir) ? `${got}, a file` : `${got} (${near.path} is a file, so no folder can be made under it)`;
    throw new UsageError({ where, expected: 'a folder (existing, or one that can be created)', got: what, hint: 'give a folder name that is not a file' });
  }
  const fs = kernelFs(near.path);
  if (fs) throw new UsageError({ where, expected: 'a folder on a real file system', got: `${got}, on the kernel's ${fs} file system`, hint: 'choose a folder you can write, e.g. under /tmp or your home folder' });
  try {
    rmdirSync(mkdtempSync(join(near.path, '.nn-oracle-probe-')));
  } catch (e) {
    const what = near.path === resolve(dir) ? got : `${got} (its nearest existing folder ${near.path})`;
    throw new UsageError({ where, expected: 'a folder that can be written', got: `${what}: ${reason(e)}`, hint: 'choose a folder you can write, e.g. under /tmp or your home folder' });
  }
}

/** checkOutputDir, then creates the folder (and its parents); returns its absolute path. */
export function ensureOutputDir(dir: string, where: string): string {
  checkOutputDir(dir, where);
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (e) {
    throw new UsageError({ where, expected: 'a folder that can be created', got: `${JSON.stringify(dir)}: ${reason(e)}` });
  }
  return abs;
}

/**
 * Writes a result file the user asked for (--out), with a UsageError naming `where` if it fails after
 * all (the disk filled up, the folder went away): write errors carry no path, so the top-level handler
 * could not tell whose file it was.
 */
export function writeOutputFile(file: string, text: string | Uint8Array, where: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError({ where, expected: 'a file that can be written', got: `${JSON.stringify(file)}: ${reason(e)}`, hint: 'choose a file in a folder you can write, with space left' });
  }
}

export type InputKind = 'file' | 'folder' | 'file or folder';

/**
 * Checks that an input path exists, is of the `kind` asked for and can be read (opened for reading: a
 * file, or listed: a folder). `what` says what it should be ("the fixtures folder, with manifest.json").
 */
export function checkInputPath(path: string, where: string, kind: InputKind, what?: string): void {
  const got = JSON.stringify(path);
  const expected = what ?? `an existing ${kind}`;
  if (path === '') throw new UsageError({ where, expected, got: 'an empty string' });
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UsageError({ where, expected, got: `${got}: ${reason(e)}`, hint: existsSync(dirname(resolve(path))) ? 'check the name' : `the folder ${dirname(resolve(path))} does not exist either` });
  }
  if (kind === 'file' && st.isDirectory()) throw new UsageError({ where, expected, got: `${got}, a folder` });
  if (kind === 'folder' && !st.isDirectory()) throw new UsageError({ where, expected, got: `${got}, a file` });
  try {
    closeSync(openSync(path, st.isDirectory() ? constants.O_RDONLY | constants.O_DIRECTORY : constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (e) {
    throw new UsageError({ where, expected: `${expected} that can be read`, got: `${got}: ${reason(e)}` });
  }
}

/**
 * For the top-level handler: a filesystem error (ENOENT, EACCES, EISDIR, ENOTDIR, EROFS, EPERM, ENOSPC,
 * …) on a path the user gave — one of `argv`'s values, or a file inside one — as a UsageError naming the
 * option that gave it. Undefined for anything else (an error on the program's own files is a bug and
 * keeps its stack trace).
 */
export function usageErrorFromFs(e: unknown, argv: readonly string[]): UsageError | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || !FS_ERROR_CODES.includes(err.code) || typeof err.path !== 'string') return undefined;
  const target = resolve(err.path);
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    const eq = tok.startsWith('--') ? tok.indexOf('=') : -1;
    const value = eq > 0 ? tok.slice(eq + 1) : tok;
    if (!value || value.startsWith('--')) continue;
    const abs = resolve(value);
    if (target !== abs && !target.startsWith(`${abs}/`)) continue;
    const option = eq > 0 ? tok.slice(0, eq) : i > 0 && argv[i - 1]!.startsWith('--') ? argv[i - 1]! : 'argument';
    const why = err.code === 'EEXIST' && err.syscall === 'mkdir' ? 'a file of that name is in the way (EEXIST)' : reason(err);
    const doing = err.syscall === 'open' || err.syscall === undefined ? 'use' : err.syscall === 'mkdir' ? 'create' : err.syscall === 'scandir' ? 'read the folder' : err.syscall;
    return new UsageError({ where: option, expected: 'a path that can be used', got: `${JSON.stringify(value)}: could not ${doing} ${err.path}: ${why}`, hint: 'check the path and its permissions' });
  }
  return undefined;
}
