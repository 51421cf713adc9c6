/**
 * Every attack class of examples/students/hostile-*, graded by the compiled CLI (a throw-away copy of
 * it) inside the sandbox: the other checks' verdicts unchanged, a report written, nothing outside the
 * sandbox changed (the grader's files, the submission's folder), nothing of the submission left running.
 * Where it is safe, the same attack is also run with `--sandbox off` as a control, to show that the
 * test would see the attack succeed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, describeWithSandbox, failing, FULL_SANDBOX, fingerprint, graderCopy, killAll, noneLeft, REQUIRE_SANDBOX, sandboxMissing, submission, type JsonReport } from './sandbox.test-helpers.js';

const ACTIVATE = ['activate.identity', 'activate.step', 'activate.sigmoid', 'activate.tanh', 'activate.relu', 'activate.leaky_relu', 'activate.softplus', 'activate.elu', 'activate.softmax'];
const FAST = ['--runs', '2', '--timeout', '10000', '--format', 'json', '--quiet'];

describe('the sandbox where it is required', () => {
  it.runIf(REQUIRE_SANDBOX)('NN_ORACLE_REQUIRE_SANDBOX=1: bubblewrap namespaces (and, as root, the uid switch) work here', () => {
    expect(FULL_SANDBOX, `the sandbox is missing: ${sandboxMissing()} (scripts/install-sandbox.sh installs it)`).toBe(true);
  });
});

describeWithSandbox('hostile submissions, graded by the compiled CLI inside the sandbox', () => {
  let g: { root: string; main: string };
  beforeAll(() => {
    g = graderCopy();
  });

  /** Grades a --cmd or module submission; checks that the grader's files and the submission's folder did not change. */
  async function grade(target: string[], sub: string, extra: string[] = []): Promise<JsonReport> {
    const before = { grader: fingerprint(g.root), sub: fingerprint(sub) };
    const r = await cli(g.main, ['grade', ...target, ...FAST, ...extra]);
    expect(r.signal, r.stderr).toBeNull();
    expect([0, 1], r.stderr).toContain(r.code);
    expect(fingerprint(g.root), "the grader's files changed").toEqual(before.grader);
    expect(fingerprint(sub), "the submission's folder changed").toEqual(before.sub);
    const out = extra.indexOf('--out');
    return JSON.parse(out >= 0 ? readFileSync(extra[out + 1]!, 'utf8') : r.stdout) as JsonReport;
  }
  const py = (sub: string, file: string, ...args: string[]) => ['--cmd', ['python3', join(sub, file), ...args].join(' ')];

  it('reading /proc/<ppid>/cmdline to run the examples\' solution finds nothing (control: 31/31 without the sandbox)', async () => {
    const sub = submission({ 'hostile-snoop.py': 'hostile-snoop.py' });
    const r = await grade(py(sub, 'hostile-snoop.py'), sub);
    expect(r.score).toBe(0);
    expect(r.output.join('\n')).toMatch(/found no grader and no solution/);
    const control = JSON.parse((await cli(g.main, ['grade', ...py(sub, 'hostile-snoop.py'), ...FAST, '--sandbox', 'off'])).stdout) as JsonReport;
    expect(control.score).toBe(31);
  });

  it('a setsid daemon cannot rewrite the report after the grader exits, and does not outlive the submission', async () => {
    const sub = submission({ 'hostile-daemon.py': 'hostile-daemon.py', 'correct.py': 'correct.py' });
    const out = join(mkdtempSync(join(tmpdir(), 'nn-oracle-report-')), 'report.json');
    await grade(py(sub, 'hostile-daemon.py'), sub, ['--out', out]);
    const written = readFileSync(out, 'utf8');
    expect(JSON.parse(written).score).toBe(31);
    // the daemon rewrites every 0.5 s for a minute when it is alive: give it the chance
    await new Promise((r) => setTimeout(r, 3000));
    expect(readFileSync(out, 'utf8')).toBe(written);
    expect(await noneLeft(sub)).toEqual([]);
  });

  it("rewriting dist/ or runner/ of the grader changes nothing (control: the grader's copy is rewritten without the sandbox)", async () => {
    const sub = submission({ 'hostile-dist.py': 'hostile-dist.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-dist.py'), sub);
    expect(r.score).toBe(31);
    expect(r.output.join('\n')).toMatch(/rewrote 0 files/);
    const victim = graderCopy();
    const before = fingerprint(victim.root);
    await cli(victim.main, ['grade', ...py(sub, 'hostile-dist.py'), ...FAST, '--sandbox', 'off']);
    expect(fingerprint(victim.root)).not.toEqual(before);
  });

  it('SIGKILL of its parent leaves the grader alive with a full report (control: no report without the sandbox)', async () => {
    const sub = submission({ 'hostile-signal.py': 'hostile-signal.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-signal.py', 'kill'), sub);
    expect(r.score, failing(r).join(', ')).toBe(31);
    const control = await cli(g.main, ['grade', ...py(sub, 'hostile-signal.py', 'kill'), ...FAST, '--sandbox', 'off']);
    expect(control.signal).toBe('SIGKILL');
    expect(control.stdout).toBe('');
  });

  it('SIGSTOP of its parent does not freeze the grader', async () => {
    const sub = submission({ 'hostile-signal.py': 'hostile-signal.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-signal.py', 'stop'), sub);
    expect(r.score, failing(r).join(', ')).toBe(31);
  });

  it('an orphan holding the pipes open does not keep the grader waiting, and is killed', async () => {
    const sub = submission({ 'hostile-orphan.py': 'hostile-orphan.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-orphan.py'), sub);
    expect(r.score).toBe(31);
    expect(await noneLeft(sub)).toEqual([]);
  });

  it('a symbolic link out of its folder is refused, naming it (control: it imports another solution without the sandbox)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-class-'));
    mkdirSync(join(dir, 'classmate'));
    writeFileSync(join(dir, 'classmate', 'correct.mjs'), readFileSync(join(import.meta.dirname, '..', 'examples', 'students', 'correct.mjs')));
    mkdirSync(join(dir, 'me'));
    writeFileSync(join(dir, 'me', 'solution.mjs'), readFileSync(join(import.meta.dirname, '..', 'examples', 'students', 'hostile-symlink', 'solution.mjs')));
    symlinkSync('../classmate/correct.mjs', join(dir, 'me', 'borrowed.mjs'));
    const r = await grade([join(dir, 'me', 'solution.mjs')], dir);
    expect(r.score).toBe(0);
    expect(r.checks[0]!.message).toBe('not graded: the submission did not load');
    expect(r.loadError?.message).toMatch(/borrowed\.mjs is a symbolic link to \.\.\/classmate\/correct\.mjs, outside the submission's folder: refused/);
    const control = JSON.parse((await cli(g.main, ['grade', join(dir, 'me', 'solution.mjs'), ...FAST, '--sandbox', 'off'])).stdout) as JsonReport;
    expect(control.score).toBe(31);
  });

  it('node:trace_events writes no file anywhere (control: it writes into its folder without the sandbox)', async () => {
    const sub = submission({ 'hostile-trace.mjs': 'hostile-trace.mjs', 'correct.mjs': 'correct.mjs' });
    // it never answers (the verdict is timeout whatever the limit): a short limit keeps the test short
    const r = await grade([join(sub, 'hostile-trace.mjs')], sub, ['--timeout', '1000']);
    // Node stalls when it cannot open the trace file: the submission's own checks time out, nothing else
    expect(new Set(r.checks.map((c) => c.status))).toEqual(new Set(['timeout']));
    await cli(g.main, ['grade', join(sub, 'hostile-trace.mjs'), ...FAST, '--sandbox', 'off', '--only', 'loss.mse']);
    expect(readdirSync(sub).filter((f) => f.startsWith('node_trace'))).not.toEqual([]);
  });

  it('an answer nested 100 000 deep and one of 70 MB are typed errors for their calls; the rest is graded', async () => {
    const sub = submission({ 'hostile-deep.py': 'hostile-deep.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-deep.py'), sub);
    expect(failing(r)).toEqual([...ACTIVATE, 'activateGrad.identity']);
    for (const c of r.checks.filter((x) => x.id.startsWith('activate.'))) expect(c.message).toMatch(/nested more than 64 levels deep; refused/);
    expect(r.checks.find((c) => c.id === 'activateGrad.identity')!.message).toMatch(/larger than 64 MiB; refused/);
  });

  it('200 lines of 1 MB on stdout and stderr, binary bytes and escapes: a full report, the output bounded and counted', async () => {
    const sub = submission({ 'hostile-flood.py': 'hostile-flood.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-flood.py'), sub);
    expect(r.score).toBe(31);
    expect(r.output.length).toBeLessThanOrEqual(201);
    expect(r.output.join('\n').length).toBeLessThan(200_000);
    expect(r.output.at(-1)).toMatch(/^… \d+ more lines \(\d+ bytes in all cut or dropped\) not shown$/);
    expect(r.output[0]).toMatch(/more bytes of this line not shown/);
  });

  it('a fork bomb is stopped by the process limit, named; the rest is graded; nothing of it is left', async () => {
    const sub = submission({ 'hostile-forkbomb.py': 'hostile-forkbomb.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-forkbomb.py'), sub);
    expect(failing(r)).toEqual(['perceptronStep']);
    expect(r.checks.find((c) => c.id === 'perceptronStep')!.message).toMatch(/process limit \(128 processes and threads\)/);
    expect(await noneLeft(sub)).toEqual([]);
  });

  it('allocating 2 GiB is stopped with "memory limit 512 MiB"; the rest is graded', async () => {
    const sub = submission({ 'hostile-memory2g.py': 'hostile-memory2g.py', 'correct.py': 'correct.py' });
    const r = await grade(py(sub, 'hostile-memory2g.py'), sub);
    expect(failing(r)).toEqual(['loss.mse', 'loss.bce', 'loss.cce']);
    for (const c of r.checks.filter((x) => x.id.startsWith('loss.'))) expect(c.message).toMatch(/ran out of memory during loss: memory limit 512 MiB/);
  });

  it("the network is not reachable, not even the grader's loopback (control: it is without the sandbox)", async () => {
    const received: string[] = [];
    const server = createServer((s) => s.on('data', (b) => received.push(b.toString())));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const sub = submission({ 'hostile-network.py': 'hostile-network.py', 'correct.py': 'correct.py', 'port.txt': { text: String(port) } });
      const r = await grade(py(sub, 'hostile-network.py'), sub);
      expect(r.score).toBe(31);
      expect(r.output.join('\n')).toMatch(/could not reach 127\.0\.0\.1/);
      expect(received).toEqual([]);
      await cli(g.main, ['grade', ...py(sub, 'hostile-network.py'), ...FAST, '--sandbox', 'off', '--only', 'loss.mse']);
      expect(received.join('')).toMatch(/pwned/);
    } finally {
      server.close();
    }
  });

  it('patching Object.prototype (error, result, load, then …), Array, Function, Reflect, JSON, String, RegExp, Symbol, process: 31/31', async () => {
    const sub = submission({ 'hostile-proto.mjs': 'hostile-proto.mjs', 'correct.mjs': 'correct.mjs' });
    const r = await grade([join(sub, 'hostile-proto.mjs')], sub);
    expect(failing(r)).toEqual([]);
  });

  it("a classmate's TypeScript file that crashes the transpiler does not sink a submission beside it; one's own does, as a load failure", async () => {
    const crash = { text: `export const x = ${'('.repeat(30_000)}1${')'.repeat(30_000)};\n` };
    const sub = submission({
      'entry.ts': { text: "import { double } from './helper.js';\nexport * from './correct.mjs';\nexport const two: number = double(1);\n" },
      'helper.ts': { text: 'export const double = (x: number): number => 2 * x;\n' },
      'classmate.ts': crash,
      'correct.mjs': 'correct.mjs',
    });
    const r = await grade([join(sub, 'entry.ts')], sub);
    expect(failing(r)).toEqual([]);
    const own = submission({ 'entry.ts': crash });
    const bad = await grade([join(own, 'entry.ts')], own);
    expect(bad.score).toBe(0);
    expect(bad.checks[0]!.message).toBe('not graded: the submission did not load');
    expect(bad.loadError?.message).toMatch(/the TypeScript transpile failed .*Maximum call stack size exceeded/);
  });

  it('afterwards: nothing of any submission is left running', async () => {
    expect(await noneLeft('nn-oracle-sub-')).toEqual([]);
    killAll('nn-oracle-sub-');
  });
});
