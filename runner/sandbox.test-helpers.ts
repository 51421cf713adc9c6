/**
 * Shared by the sandbox tests: whether the sandbox must be there (NN_ORACLE_REQUIRE_SANDBOX=1, as in CI:
 * a missing sandbox FAILS the tests instead of skipping them), a throw-away copy of the compiled grader
 * (so that an attack run without the sandbox, as a control, can only damage the copy), throw-away
 * submission folders, a fingerprint of a folder tree, and the processes still alive that match a marker.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { sandboxCapabilities } from './sandbox.js';

export const ROOT = join(import.meta.dirname, '..');
export const EXAMPLES = join(ROOT, 'examples', 'students');
export const REQUIRE_SANDBOX = process.env.NN_ORACLE_REQUIRE_SANDBOX === '1';
const caps = sandboxCapabilities();
/** The strongest layer is there: namespaces, and the uid switch when the tests run as root. */
export const FULL_SANDBOX = caps.namespaces && (!caps.root || caps.user !== null);
/** Run, or (only where the sandbox is not required) skip, a suite that needs the sandbox. */
export function describeWithSandbox(name: string, fn: () => void): void {
  (FULL_SANDBOX || REQUIRE_SANDBOX ? describe : describe.skip)(name, fn);
}
export const sandboxMissing = () => caps.missing.join('; ');

/** A copy of the compiled grader (dist/, runner/, package.json; node_modules linked) in a fresh folder. */
export function graderCopy(): { root: string; main: string } {
  const main0 = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(main0)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
  const root = mkdtempSync(join(tmpdir(), 'nn-oracle-grader-copy-'));
  cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'runner'), join(root, 'runner'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  mkdirSync(join(root, 'examples', 'students'), { recursive: true });
  for (const f of ['correct.py', 'correct.mjs']) cpSync(join(EXAMPLES, f), join(root, 'examples', 'students', f));
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(root, 'node_modules'));
  return { root, main: join(root, 'dist', 'cli', 'main.js') };
}

/** A fresh submission folder: name → an example's file name (copied) or { text }. */
export function submission(files: Record<string, string | { text: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-sub-'));
  for (const [name, src] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    if (typeof src === 'string') cpSync(join(EXAMPLES, src), join(dir, name));
    else writeFileSync(join(dir, name), src.text);
  }
  return dir;
}

/** Every path of a tree with a hash of its content (or link target): equal fingerprints, nothing changed. */
export function fingerprint(dir: string, skip: string[] = ['node_modules']): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d).sort()) {
      if (skip.includes(n)) continue;
      const p = join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[r] = `-> ${readlinkSync(p)}`;
      else if (st.isDirectory()) walk(p, r);
      else out[r] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

/** Processes (other than this one) whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker)) out.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Waits (a hang guard, not a verdict on speed) until no process matches `marker`; returns those left. */
export async function noneLeft(marker: string, guardMs = 10_000): Promise<number[]> {
  const until = Date.now() + guardMs;
  let left = processesWith(marker);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesWith(marker);
  }
  return left;
}

export function killAll(marker: string): void {
  for (const p of processesWith(marker)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI (asynchronously: a test may serve a socket meanwhile); a hang guard kills it. */
export function cli(main: string, args: string[], opts: { cwd?: string; guardMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [main, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const guard = setTimeout(() => c.kill('SIGKILL'), opts.guardMs ?? 240_000);
    c.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface JsonReport {
  score: number;
  maxScore: number;
  checks: Array<{ id: string; status: string; message?: string }>;
  output: string[];
  /** The submission did not load: the one message, at the top of the report. */
  loadError?: { message: string; location?: string; frame?: string };
}

export const failing = (r: JsonReport) => r.checks.filter((c) => c.status !== 'pass').map((c) => c.id);
