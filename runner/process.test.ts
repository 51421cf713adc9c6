import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotImplementedError } from '../contract/errors.js';
import { createProcessSubject, SubmissionCrashError, SubmissionThrewError, SubmissionTimeoutError, SubmissionUnresponsiveError, type ProcessSubject } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-runner-test-'));
const mod = join(dir, 's.mjs');
writeFileSync(
  mod,
  `console.log("hello from student");
export function activate(name, z) {
  if (name === 'loop') for (;;) {}
  if (name === 'exit') process.exit(3);
  if (name === 'throw') throw new Error('boom');
  return z.map((v) => v * 2);
}
export const loss = () => NaN;
`,
);
const subjects: ProcessSubject[] = [];
afterAll(async () => {
  for (const s of subjects) await s.dispose();
});

describe('createProcessSubject (module host)', () => {
  it('names a missing submission, and a folder given as a submission, as such', async () => {
    await expect(createProcessSubject({ module: join(dir, 'missing.mjs') })).rejects.toThrow(/submission not found/);
    await expect(createProcessSubject({ module: dir })).rejects.toThrow(/is a folder, not a file/);
  });

  it('answers, reports missing functions, survives a throw, a hang and an exit, and keeps output', async () => {
    // the limit only has to stop the 'loop' call; every other call must answer in it even on a loaded machine
    const s = await createProcessSubject({ module: mod, timeoutMs: 5000, startupMs: 10000 });
    subjects.push(s);
    expect(await s.call('activate', ['relu', [1, 2]])).toEqual([2, 4]);
    expect(await s.call('loss', ['mse', [[1]], [[1]]])).toBeNaN();
    await expect(s.call('forward', [])).rejects.toBeInstanceOf(NotImplementedError);
    await expect(s.call('activate', ['throw', [1]])).rejects.toBeInstanceOf(SubmissionThrewError);
    await expect(s.call('activate', ['loop', [1]])).rejects.toBeInstanceOf(SubmissionTimeoutError);
    expect(await s.call('activate', ['relu', [3]])).toEqual([6]);
    const e = await s.call('activate', ['exit', [1]]).catch((x) => x);
    expect(e).toBeInstanceOf(SubmissionCrashError);
    expect((e as SubmissionCrashError).exitCode).toBe(3);
    expect(await s.fns.activate!('relu', [5])).toEqual([10]);
    expect(s.starts).toBe(3);
    expect(s.output()).toContain('hello from student');
  });
});

describe('createProcessSubject (isolation)', () => {
  it('a program that hangs while loading is tried twice, then fails fast as unresponsive', async () => {
    const m = join(dir, 'hang-at-load.mjs');
    writeFileSync(m, 'for (;;) {}\nexport function activate(n, z) { return z; }\n');
    const s = await createProcessSubject({ module: m, timeoutMs: 200, startupMs: 300 });
    subjects.push(s);
    await expect(s.call('activate', ['relu', [1]])).rejects.toBeInstanceOf(SubmissionTimeoutError);
    await expect(s.call('activate', ['relu', [1]])).rejects.toBeInstanceOf(SubmissionTimeoutError);
    // fails fast: without a third start (not a wall-clock verdict, which would depend on the machine's load)
    await expect(s.call('activate', ['relu', [1]])).rejects.toBeInstanceOf(SubmissionUnresponsiveError);
    expect(s.starts).toBe(2);
  });

  it('keeps a module from reading files outside its folder (Node permission model)', async () => {
    const m = join(dir, 'reader.mjs');
    writeFileSync(m, `import { readFileSync } from 'node:fs';\nexport function activate() { return [readFileSync('/etc/hostname', 'utf8').length]; }\n`);
    const s = await createProcessSubject({ module: m, timeoutMs: 10000 });
    subjects.push(s);
    const e = await s.call('activate', ['relu', [1]]).catch((x) => x);
    expect(e).toBeInstanceOf(SubmissionThrewError);
    expect(String((e as Error).message)).toMatch(/ERR_ACCESS_DENIED|permission|Access to this API has been restricted/i);
  });

  it('inside the sandbox Node\'s permission model still denies writing files, child processes and worker threads', async () => {
    const m = join(dir, 'perm.mjs');
    writeFileSync(
      m,
      `export async function activate() {
  const out = [];
  for (const [what, f] of [
    ['write', async () => (await import('node:fs')).writeFileSync(${JSON.stringify(join(dir, 'pwned.txt'))}, 'x')],
    ['child', async () => (await import('node:child_process')).execSync('true')],
    ['worker', async () => new (await import('node:worker_threads')).Worker('1', { eval: true })],
  ]) {
    try { await f(); out.push(what + ':allowed'); } catch (e) { out.push(what + ':' + (e.code ?? e.message)); }
  }
  return out;
}
`,
    );
    const s = await createProcessSubject({ module: m, timeoutMs: 3000 });
    subjects.push(s);
    expect(await s.call('activate', ['relu', [1]])).toEqual(['write:ERR_ACCESS_DENIED', 'child:ERR_ACCESS_DENIED', 'worker:ERR_ACCESS_DENIED']);
  });

  it('runs a --cmd program, ignores its noise on stdout and decodes non-finite numbers', async () => {
    const py = join(dir, 'p.py');
    writeFileSync(
      py,
      `import sys, json
print("noise before")
for line in sys.stdin:
    req = json.loads(line)
    print("thinking about", req["fn"])
    if req["fn"] == "activate":
        print(json.dumps({"id": req["id"], "result": ["Infinity", 1.5]}), flush=True)
    else:
        print(json.dumps({"id": req["id"], "error": "not implemented: " + req["fn"]}), flush=True)
`,
    );
    const s = await createProcessSubject({ cmd: `python3 ${py}`, timeoutMs: 10000 });
    subjects.push(s);
    expect(await s.call('activate', ['relu', [1]])).toEqual([Infinity, 1.5]);
    await expect(s.call('loss', ['mse', [[1]], [[1]]])).rejects.toBeInstanceOf(NotImplementedError);
    expect(s.output()).toEqual(['noise before', 'thinking about activate', 'thinking about loss']);
  });

  it('reports a program that exhausts its memory limit as out of memory, then restarts it', async () => {
    const py = join(dir, 'hog.py');
    writeFileSync(
      py,
      `import sys, json
for line in sys.stdin:
    req = json.loads(line)
    if req["args"][0] == "hog":
        x = []
        while True: x.append(bytearray(10_000_000))
    print(json.dumps({"id": req["id"], "result": [0]}), flush=True)
`,
    );
    const s = await createProcessSubject({ cmd: `python3 ${py}`, timeoutMs: 5000, memoryMb: 200 });
    subjects.push(s);
    const e = await s.call('activate', ['hog', [1]]).catch((x) => x);
    expect(e).toBeInstanceOf(SubmissionCrashError);
    expect((e as SubmissionCrashError).kind).toBe('oom');
    expect(await s.call('activate', ['relu', [1]])).toEqual([0]);
  });
});
