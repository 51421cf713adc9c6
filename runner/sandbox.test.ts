/**
 * The sandbox seen from inside and from the subject's API: what a submission can see and do under
 * each layer, the layer a report names, `required` and `off`, the deadline, the copy of its files,
 * the load failure's location, the kernel limits' fallbacks (NN_ORACLE_SANDBOX_DISABLE), and PyTorch
 * at the default limits (opt-in: only where torch is installed).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, SandboxUnavailableError, SubmissionCrashError, SubmissionDeadlineError, SubmissionLoadError, SubmissionTimeoutError } from '../contract/errors.js';
import { createProcessSubject, type ProcessSubject } from './process.js';
import { resolvePython } from './python.js';
import { chooseLayer, parseSandboxMode, sandboxCapabilities } from './sandbox.js';
import { cli, describeWithSandbox, EXAMPLES, failing, noneLeft, ROOT, submission, type JsonReport } from './sandbox.test-helpers.js';

const subjects: ProcessSubject[] = [];
afterAll(async () => {
  for (const s of subjects) await s.dispose();
});
const make = async (...a: Parameters<typeof createProcessSubject>) => {
  const s = await createProcessSubject(...a);
  subjects.push(s);
  return s;
};
const caps = sandboxCapabilities();
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');

/** A --cmd program that answers `activate` with what it sees of its world. */
const LOOK = `import json, os, socket, sys
checkout = sys.argv[1].split("=", 1)[1]
for line in sys.stdin:
    req = json.loads(line)
    def can_write(p):
        try:
            with open(os.path.join(p, "probe.txt"), "w") as f:
                f.write("x")
            return True
        except OSError:
            return False
    try:
        os.kill(os.getppid(), 0)
        parent = "signalled"
    except OSError as e:
        parent = e.strerror
    world = {
        "uid": os.getuid(), "root": sorted(os.listdir("/")), "pids": len([p for p in os.listdir("/proc") if p.isdigit()]),
        "env": sorted(os.environ), "checkout": os.path.exists(os.path.join(checkout, "package.json")), "ownFolderWritable": can_write(os.path.dirname(os.path.abspath(__file__))),
        "tmpWritable": can_write("/tmp"), "hostname": socket.gethostname(), "parent": parent,
    }
    print(json.dumps({"id": req["id"], "result": world}), flush=True)
`;

describe('--sandbox values and the layer chosen', () => {
  it('parses auto, required and off, and names anything else', () => {
    expect(parseSandboxMode(undefined)).toBe('auto');
    expect(parseSandboxMode('required')).toBe('required');
    expect(() => parseSandboxMode('strict')).toThrow(InvalidArgumentError);
    expect(() => parseSandboxMode('strict')).toThrow(/--sandbox: expected auto, required, off, got "strict"/);
  });

  it('off is the layer "none" and says it is unsafe', async () => {
    const sub = submission({ 'correct.mjs': 'correct.mjs' });
    const s = await make({ module: join(sub, 'correct.mjs'), sandbox: 'off' });
    expect(s.sandbox.layer).toBe('none');
    expect(s.isolation).toMatch(/^unsafe: no sandbox \(--sandbox off\)/);
    expect(await s.call('activate', ['relu', [1, -1]])).toEqual([1, 0]);
  });

  it('a layer this machine does not offer is refused with SandboxUnavailableError naming it', () => {
    // as root namespaces come with the uid switch; otherwise there is no uid switch
    const absent = caps.root ? 'namespaces' : 'uid';
    expect(() => chooseLayer('required', absent)).toThrow(SandboxUnavailableError);
    expect(() => chooseLayer('required', absent)).toThrow(new RegExp(`the layer "${absent}" is not available`));
  });

  it('the CLI refuses a bad --sandbox value with exit 2', () => {
    const r = spawnSync(process.execPath, [MAIN, 'grade', join(EXAMPLES, 'correct.mjs'), '--sandbox', 'strict'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--sandbox: expected auto, required, off/);
  });

  it('--sandbox required without namespaces or a uid switch refuses to grade: exit 2, naming what is missing', () => {
    const r = spawnSync(process.execPath, [MAIN, 'grade', join(EXAMPLES, 'correct.mjs'), '--sandbox', 'required', '--only', 'loss.mse'], {
      encoding: 'utf8',
      env: { ...process.env, NN_ORACLE_SANDBOX_DISABLE: 'namespaces,uid' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--sandbox required, but no sandbox layer is available here: namespaces disabled .*uid switch disabled/);
  });
});

describeWithSandbox('inside the sandbox (namespaces + uid)', () => {
  it('the strongest layer is chosen and named for the report', async () => {
    const sub = submission({ 'correct.mjs': 'correct.mjs' });
    const s = await make({ module: join(sub, 'correct.mjs') });
    expect(s.sandbox.layer).toBe(caps.root ? 'namespaces+uid' : 'namespaces');
    expect(s.sandbox.memory).toMatch(/cgroup|watchdog/);
    expect(s.isolation).toMatch(/^sandbox: bubblewrap namespaces/);
    if (caps.root) expect(s.isolation).toContain(`as uid ${caps.user!.uid}`);
  });

  it('a program sees only the system, its own read-only copy and a private /tmp; no grader, no network, no parent to signal', async () => {
    const sub = submission({ 'look.py': { text: LOOK } });
    const s = await make({ cmd: `python3 ${join(sub, 'look.py')} --checkout=${ROOT}`, timeoutMs: 10_000 });
    const w = (await s.call('activate', ['relu', [1]])) as Record<string, unknown>;
    if (caps.root) expect(w.uid).toBe(caps.user!.uid);
    expect(w.checkout).toBe(false);
    expect(w.ownFolderWritable).toBe(false);
    expect(w.tmpWritable).toBe(true);
    expect(w.hostname).toBe('sandbox');
    expect(w.pids as number).toBeLessThan(10);
    expect(w.parent).toBe(caps.root ? 'Operation not permitted' : 'signalled');
    // the system, the interpreter's own folders, and the empty folders leading to the copy and to
    // the grader's working folder (kept so that relative names on the line resolve); nothing else
    const top = (p: string) => p.split('/')[1]!;
    const expected = new Set(['bin', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'proc', 'sbin', 'tmp', 'usr', top(sub), top(process.cwd()), ...resolvePython('python3').readable.map(top)]);
    for (const e of w.root as string[]) expect([...expected]).toContain(e);
    expect(w.env).toEqual(['HOME', 'LANG', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONUNBUFFERED', 'TMPDIR']);
  });

  it('a module sees no grader either, even with the permission model off', async () => {
    const sub = submission({ 'peek.mjs': { text: `import { existsSync } from 'node:fs';\nexport const activate = () => [existsSync(${JSON.stringify(ROOT)}) ? 1 : 0, existsSync('/nn-oracle/host.mjs') ? 1 : 0, process.getuid()];\n` } });
    const s = await make({ module: join(sub, 'peek.mjs'), permission: false, sandbox: 'auto' });
    const [checkout, host, uid] = (await s.call('activate', ['relu', [1]])) as number[];
    expect(checkout).toBe(0);
    expect(host).toBe(1);
    if (caps.root) expect(uid).toBe(caps.user!.uid);
  });

  it('the deadline stops a call in progress and fails every later call at once, with SubmissionDeadlineError', async () => {
    const sub = submission({ 'slow.mjs': { text: "export function activate(n, z) { if (n === 'hang') for (;;) {} return z; }\n" } });
    const s = await make({ module: join(sub, 'slow.mjs'), timeoutMs: 120_000, deadlineMs: 3000 });
    expect(s.isolation).toMatch(/deadline 3 s/);
    expect(await s.call('activate', ['relu', [1]])).toEqual([1]);
    const e = await s.call('activate', ['hang', [1]]).catch((x) => x);
    expect(e).toBeInstanceOf(SubmissionDeadlineError);
    expect(e).toBeInstanceOf(SubmissionTimeoutError); // the grader counts it as a timeout
    await expect(s.call('activate', ['relu', [1]])).rejects.toBeInstanceOf(SubmissionDeadlineError);
    expect(s.starts).toBe(1);
    expect(await noneLeft(sub)).toEqual([]);
  });

  it('a load failure is reported once with its location and line: syntax error, throw at the top, failed import', async () => {
    const sub = submission({
      'syntax.mjs': { text: 'export function activate(n, z) { return z; }\nexport const b = = 2;\n' },
      'throws.mjs': { text: "export function activate(n, z) { return z; }\nconst x = 1;\nthrow new Error('at the top');\n" },
      'imports.mjs': { text: "import './missing.js';\nexport function activate(n, z) { return z; }\n" },
    });
    const expected: Record<string, [RegExp, string, string | undefined]> = {
      'syntax.mjs': [/SyntaxError: Unexpected token '='/, 'syntax.mjs:2:18', 'export const b = = 2;'],
      'throws.mjs': [/Error: at the top/, 'throws.mjs:3:7', "throw new Error('at the top');"],
      'imports.mjs': [/Cannot find module .*missing\.js/, 'imports.mjs', undefined],
    };
    for (const [file, [message, location, frame]] of Object.entries(expected)) {
      const s = await make({ module: join(sub, file) });
      const e = (await s.call('activate', ['relu', [1]]).catch((x) => x)) as SubmissionLoadError;
      expect(e, file).toBeInstanceOf(SubmissionLoadError);
      expect(e.message).toMatch(message);
      expect(e.location).toBe(location);
      expect(e.frame).toBe(frame);
      await expect(s.call('loss', ['mse', [[1]], [[1]]])).rejects.toBe(e);
    }
  });

  it("refuses to copy a FIFO, or more than the copy's size bound, naming it", async () => {
    const fifo = submission({ 'correct.mjs': 'correct.mjs' });
    spawnSync('mkfifo', [join(fifo, 'pipe')]);
    const a = await make({ module: join(fifo, 'correct.mjs') });
    await expect(a.call('activate', ['relu', [1]])).rejects.toThrow(/pipe is not a regular file, folder or link/);
    const big = submission({ 'correct.mjs': 'correct.mjs', 'weights.bin': { text: 'x'.repeat(2 << 20) } });
    const b = await make({ module: join(big, 'correct.mjs'), maxCopyMb: 1 });
    await expect(b.call('activate', ['relu', [1]])).rejects.toThrow(/are larger than 1 MiB; the sandbox copies at most that much/);
  });

  it('the file size and CPU time limits stop a submission, each named', async () => {
    const sub = submission({
      'limits.py': {
        text: `import json, sys
for line in sys.stdin:
    req = json.loads(line)
    if req["args"][0] == "write":
        try:
            with open("/tmp/big", "wb") as f:
                f.write(b"x" * (3 << 20))
            answer = {"id": req["id"], "result": [0]}
        except OSError as e:
            answer = {"id": req["id"], "error": "OSError: " + e.strerror}
    else:
        while True:
            pass
    print(json.dumps(answer), flush=True)
`,
      },
    });
    const s = await make({ cmd: `python3 ${join(sub, 'limits.py')}`, fileSizeMb: 1, cpuSeconds: 1, timeoutMs: 60_000 });
    expect(s.isolation).toMatch(/CPU 1 s, files 1 MiB/);
    await expect(s.call('activate', ['write', [1]])).rejects.toThrow(/File too large \(stopped by the file size limit 1 MiB\)/);
    const e = (await s.call('activate', ['spin', [1]]).catch((x) => x)) as SubmissionCrashError;
    expect(e).toBeInstanceOf(SubmissionCrashError);
    expect(e.limit).toBe('cpu');
    expect(e.message).toMatch(/was killed by SIGXCPU during activate: CPU time limit 1 s/);
  });

  it('--deadline on the CLI: past it every check left is a timeout naming the deadline, and the report is written', async () => {
    const sub = submission({ 'hostile-loop.mjs': 'hostile-loop.mjs', 'correct.mjs': 'correct.mjs' });
    const r = await cli(MAIN, ['grade', join(sub, 'hostile-loop.mjs'), '--deadline', '4', '--timeout', '600000', '--runs', '2', '--format', 'json', '--quiet']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const after = report.checks.slice(report.checks.findIndex((c) => c.id === 'forward'));
    expect(after.length).toBeGreaterThan(1);
    for (const c of after) {
      expect(c.status, c.id).toBe('timeout');
      expect(c.message).toMatch(/deadline of 4 s for the whole submission passed/);
    }
  });

  it('a --cmd line that names no file of the submission is refused (there is nothing to copy)', async () => {
    await expect(createProcessSubject({ cmd: 'python3 -c "print(1)"' })).rejects.toThrow(/a command line that names the submission's file/);
  });
});

describeWithSandbox('the uid layer alone (no namespaces: a container without CAP_SYS_ADMIN)', () => {
  const uidOnly = caps.root && caps.user !== null;
  it.runIf(uidOnly)('runs as the sandbox user: cannot signal the grader nor write its files; a daemon dies with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-uid-'));
    writeFileSync(join(dir, 'grader-file.txt'), 'the grader wrote this');
    const sub = submission({ 'look.py': { text: LOOK }, 'daemon.py': { text: 'import os, sys\nif os.fork() == 0:\n    os.setsid()\n    os.execv("/bin/sh", ["/bin/sh", "-c", "sleep 600", "daemon-of-" + sys.argv[1]])\n' } });
    // the system's Python: a pyenv under /root is not for the sandbox user to read
    const s = await make({ cmd: `/usr/bin/python3 ${join(sub, 'look.py')} --checkout=${ROOT}`, layer: 'uid', timeoutMs: 10_000 });
    expect(s.isolation).toMatch(/^sandbox: uid \d+ .* only — no namespaces here/);
    const w = (await s.call('activate', ['relu', [1]])) as Record<string, unknown>;
    expect(w.uid).toBe(caps.user!.uid);
    expect(w.parent).toBe('Operation not permitted');
    // what uid-only does not hide: the file system as that user sees it (documented in docs/grading.md)
    expect(w.checkout).toBe(true);
    const writer = await make({ cmd: `/usr/bin/python3 -c "open('${join(dir, 'grader-file.txt')}', 'w').write('pwned')" ${join(sub, 'look.py')}`, layer: 'uid' });
    await writer.call('activate', ['relu', [1]]).catch(() => undefined);
    expect(spawnSync('cat', [join(dir, 'grader-file.txt')], { encoding: 'utf8' }).stdout).toBe('the grader wrote this');
    const d = await createProcessSubject({ cmd: `/usr/bin/python3 ${join(sub, 'daemon.py')} ${sub}`, layer: 'uid' });
    await d.call('activate', ['relu', [1]]).catch(() => undefined);
    await d.dispose();
    expect(await noneLeft(`daemon-of-${sub}`)).toEqual([]);
  });
});

describeWithSandbox('the fallbacks for the limits (no cgroups)', () => {
  it('without a memory cgroup the watchdog stops 2 GiB with "memory limit 512 MiB"', async () => {
    const sub = submission({ 'hostile-memory2g.py': 'hostile-memory2g.py', 'correct.py': 'correct.py' });
    const r = spawnSync(process.execPath, [MAIN, 'grade', '--cmd', `python3 ${join(sub, 'hostile-memory2g.py')}`, '--only', 'loss.mse,activate.relu', '--runs', '1', '--format', 'json', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, NN_ORACLE_SANDBOX_DISABLE: 'cgroups' },
      timeout: 120_000,
    });
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(failing(report)).toEqual(['loss.mse']);
    expect(report.checks.find((c) => c.id === 'loss.mse')!.message).toMatch(/memory limit 512 MiB \(enforced by the memory watchdog\)/);
  });
});

/** The Python that has torch here, if any (CI does not install it: the test is opt-in). */
function torchPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0) return py;
  }
  return null;
}
const TORCH = torchPython();

describe.runIf(TORCH !== null)('PyTorch at the default limits (only where torch is installed)', () => {
  it('examples/students/torch_correct.py gets 31/31 in the sandbox at the defaults', async () => {
    const sub = submission({ 'torch_correct.py': 'torch_correct.py' });
    const r = await cli(MAIN, ['grade', '--cmd', `${TORCH} ${join(sub, 'torch_correct.py')}`, '--format', 'json', '--quiet']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(failing(report), report.checks.map((c) => c.message ?? '').join('\n')).toEqual([]);
    expect(report.score).toBe(31);
  });
});
