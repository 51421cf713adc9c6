import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './args.js';
import { checkInputPath, checkOutputDir, checkOutputPath, ensureOutputDir, usageErrorFromFs, writeOutputFile } from './paths.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nn-paths-'));
const onLinux = process.platform === 'linux' && existsSync('/proc/version');

describe('checkOutputPath', () => {
  it('accepts a new or existing file in an existing folder, and leaves nothing behind', () => {
    const dir = tmp();
    expect(() => checkOutputPath(join(dir, 'a.json'), '--out')).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(join(dir, 'b.json'), 'kept');
    expect(() => checkOutputPath(join(dir, 'b.json'), '--out')).not.toThrow();
    expect(readdirSync(dir)).toEqual(['b.json']);
  });

  it('names the option and what is wrong: a missing folder, a folder, a file as folder', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), '');
    expect(() => checkOutputPath(join(dir, 'missing', 'a.json'), '--out')).toThrow(UsageError);
    expect(() => checkOutputPath(join(dir, 'missing', 'a.json'), '--out')).toThrow(/--out.*existing folder.*mkdir -p/);
    expect(() => checkOutputPath(dir, '--out')).toThrow(/--out: expected a file, not a folder/);
    expect(() => checkOutputPath(join(dir, 'f', 'a.json'), '--out')).toThrow(/is not a folder/);
    expect(() => checkOutputPath('', '--out')).toThrow(/empty/);
  });

  it.runIf(onLinux)('refuses /proc and /sys up front, where opening for writing would succeed as root', () => {
    expect(() => checkOutputPath('/proc/version', '--out')).toThrow(/--out: expected a file on a real file system, got "\/proc\/version", on the kernel's proc file system/);
    expect(() => checkOutputPath('/proc/nn-oracle-x', '--out')).toThrow(UsageError);
    expect(() => checkOutputPath('/sys/nn-oracle-x', '--out')).toThrow(/sysfs/);
  });

  it.runIf(process.getuid?.() !== 0)('refuses a folder without write permission (as a user; root passes by the bits)', () => {
    const dir = tmp();
    chmodSync(dir, 0o555);
    try {
      expect(() => checkOutputPath(join(dir, 'a.json'), '--out')).toThrow(/permission denied \(EACCES\)/);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('checkOutputDir and ensureOutputDir', () => {
  it('accepts an existing folder or one that can be made, creating nothing until asked', () => {
    const dir = tmp();
    expect(() => checkOutputDir(dir, '--out-dir')).not.toThrow();
    expect(() => checkOutputDir(join(dir, 'a', 'b'), '--out-dir')).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
    expect(ensureOutputDir(join(dir, 'a', 'b'), '--out-dir')).toBe(join(dir, 'a', 'b'));
    expect(existsSync(join(dir, 'a', 'b'))).toBe(true);
  });

  it('refuses a file, or a path through a file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), '');
    expect(() => checkOutputDir(join(dir, 'f'), '--out-dir')).toThrow(/--out-dir: expected a folder \(existing, or one that can be created\), got ".*f", a file/);
    expect(() => checkOutputDir(join(dir, 'f', 'sub'), '--out-dir')).toThrow(/is a file, so no folder can be made under it/);
  });

  it.runIf(onLinux)('refuses /proc/x at once (Node’s recursive mkdir never returns there)', () => {
    expect(() => ensureOutputDir('/proc/nn-oracle-x', '--out-dir')).toThrow(/kernel's proc file system/);
  });
});

describe('checkInputPath', () => {
  it('an existing file or folder of the kind asked for', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), '');
    expect(() => checkInputPath(dir, '--fixtures', 'folder')).not.toThrow();
    expect(() => checkInputPath(join(dir, 'f'), '--rubric', 'file')).not.toThrow();
    expect(() => checkInputPath('/nonexistent-nn-oracle', '--fixtures', 'folder', 'the fixtures folder')).toThrow(/--fixtures: expected the fixtures folder, got "\/nonexistent-nn-oracle": no such file or folder \(ENOENT\)/);
    expect(() => checkInputPath(join(dir, 'f'), '--fixtures', 'folder')).toThrow(/a file$/);
    expect(() => checkInputPath(dir, '--rubric', 'file')).toThrow(/a folder$/);
  });
});

describe('writeOutputFile', () => {
  it('writes, or names the option when the write fails', () => {
    const dir = tmp();
    writeOutputFile(join(dir, 'a.txt'), 'x', '--out');
    expect(() => writeOutputFile(join(dir, 'missing', 'a.txt'), 'x', '--out')).toThrow(/--out: expected a file that can be written, got .*no such file or folder \(ENOENT\)/);
  });
});

describe('usageErrorFromFs', () => {
  const fsError = (code: string, path: string, syscall = 'open') => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, path, syscall });

  it('names the option whose value is the path, or a folder holding it', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'out'));
    const e = usageErrorFromFs(fsError('EACCES', join(dir, 'out', 'summary.csv')), ['subs', '--out-dir', join(dir, 'out')]);
    expect(e).toBeInstanceOf(UsageError);
    expect(e!.message).toMatch(/^invalid argument at --out-dir: .*summary\.csv: permission denied \(EACCES\)/);
    expect(usageErrorFromFs(fsError('ENOENT', '/nonexistent/m.json'), ['--fixtures=/nonexistent'])!.message).toMatch(/^invalid argument at --fixtures:/);
    expect(usageErrorFromFs(fsError('ENOENT', '/x/student.mjs'), ['/x/student.mjs'])!.message).toMatch(/^invalid argument at argument:/);
  });

  it('leaves alone what is not a filesystem error on a path the user gave (a bug keeps its stack)', () => {
    expect(usageErrorFromFs(fsError('ENOENT', '/usr/lib/nn-oracle/dist/x.js'), ['--out', '/tmp/a'])).toBeUndefined();
    expect(usageErrorFromFs(new TypeError('x is undefined'), ['x'])).toBeUndefined();
    expect(usageErrorFromFs(fsError('ECONNRESET', '/tmp/a'), ['/tmp/a'])).toBeUndefined();
  });
});
