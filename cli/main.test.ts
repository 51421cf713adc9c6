/** The top level of the command line, run as users run it: the built dist/cli/main.js in a process. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
});

describe('nn-oracle (the top level)', () => {
  it('--version and -V print the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = cli(flag);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('help <command> prints that command’s help, the same as <command> --help', () => {
    const a = cli('help', 'train');
    const b = cli('train', '--help');
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/^usage: nn-oracle train/);
    expect(a.stdout).toBe(b.stdout);
    expect(cli('help').stdout).toMatch(/nn-oracle help <command>/);
  });

  it('an unknown command, or none, is a usage error (exit 2) listing the commands', () => {
    const r = cli('help', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "nope"; the commands are check, grade/);
    expect(cli().status).toBe(2);
    expect(cli('--help').status).toBe(0);
  });

  it('a bad option or value is one line naming it, exit 2, no stack trace', () => {
    for (const args of [['train', 'xor', '--jobs', '4'], ['train', 'xor', '--seed'], ['bench', '--runs', '0'], ['bench', '--steps', '0'], ['figures', 'extra']]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^nn-oracle (train|bench|figures): invalid argument at /);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    }
  });

  it('a bad path is refused before any work: /proc, a missing folder, a file for a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-main-'));
    const cases: [string[], RegExp][] = [
      [['train', 'xor', '--out', join(dir, 'no', 'curve.csv')], /--out: expected a file in an existing folder/],
      [['figures', '--out', join(MAIN)], /--out: expected a folder .*a file/],
      [['fixtures', '--check', '--out', '/nonexistent-nn-oracle'], /--out: expected the folder of the fixtures to check, got "\/nonexistent-nn-oracle": no such file or folder/],
    ];
    if (existsSync('/proc/version')) cases.push([['train', 'xor', '--out', '/proc/version'], /kernel's proc file system/], [['figures', '--out', '/proc/nn-oracle-x'], /kernel's proc file system/]);
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
