/**
 * nn-oracle replay and nn-oracle fixtures from the command line (the built CLI, as a user runs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('nn-oracle replay', () => {
  it('replays a program in another language (--cmd): what it implements passes, the rest is missing, exit 0', () => {
    const r = cli('replay', '--format', 'json', '--cmd', 'python3 fixtures/examples/contract_subset.py');
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.functions.activate.pass).toBe(report.functions.activate.total);
    expect(report.functions.perceptronStep.pass).toBe(report.functions.perceptronStep.total);
    expect(report.functions.backward.missing).toBe(report.functions.backward.total);
    expect(report.summary.fail + report.summary.error).toBe(0);
  });

  it('reports the failing cases and exits 1 for a wrong implementation', () => {
    // answers every perceptronStep with the weights unchanged: right only when the example is classified correctly
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-wrong-'));
    const prog = join(dir, 'wrong.py');
    writeFileSync(
      prog,
      [
        'import json, sys',
        'for line in sys.stdin:',
        '    q = json.loads(line)',
        "    a = {'id': q['id'], 'result': {'w': q['args'][0], 'b': q['args'][1]}} if q['fn'] == 'perceptronStep' else {'id': q['id'], 'error': 'not implemented: ' + q['fn']}",
        '    print(json.dumps(a), flush=True)',
      ].join('\n'),
    );
    const r = cli('replay', '--only', 'perceptronStep/', '--cmd', `python3 ${prog}`);
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}perceptronStep\/\w+: at w\.\d+ expected -?[\d.]+, got -?[\d.]+ \(allowed ±0\.00e\+0\)/);
    expect(r.stdout).toMatch(/perceptronStep\s+\d+\s+[1-9]\d*/);
  });

  it('replays the float64 reference module with another profile and counts the adjusted cases', () => {
    const r = cli('replay', '--profile', 'pytorch', '--only', 'loss/', 'dist/index.js');
    expect(r.stdout).toMatch(/profile pytorch/);
    expect(r.stdout).toMatch(/cases have an expected value changed by the pytorch profile/);
    expect(r.status).toBe(1); // the reference keeps the notes' ½ and sum over outputs
  });

  it('rejects an unknown profile or precision with a typed error (exit 2)', () => {
    const r = cli('replay', '--profile', 'jax', 'dist/index.js');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown profile "jax".*notes, pytorch, keras, tfjs/);
    const s = cli('replay', '--precision', 'float16', 'dist/index.js');
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/--precision/);
  });
});

describe('nn-oracle fixtures', () => {
  it('--check passes on the shipped fixtures; --out writes the same files', () => {
    expect(cli('fixtures', '--check').status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-fixtures-'));
    try {
      const r = cli('fixtures', '--out', dir);
      expect(r.status, r.stderr).toBe(0);
      for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(ROOT, 'fixtures', f), 'utf8'));
      expect(cli('fixtures', '--check', '--out', dir, '--seed', '7').status).toBe(1); // another seed, other files
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('--profile in grade and check', () => {
  it('grade --profile tfjs: tfjs’s mse, Adagrad and leaky_relu default stop being failures', () => {
    // a generous per-call limit (tfjs loads in the first call): on a busy machine a timeout must not stand in for a verdict
    const args = ['grade', 'dist/adapters/tfjs/index.js', '--no-sandbox', '--precision', 'float32', '--only', 'loss.mse,step.adagrad,activate.leaky_relu', '--timeout', '60000', '--format', 'json', '--quiet'];
    const notes = cli(...args);
    expect(notes.status).toBe(1);
    expect(JSON.parse(notes.stdout).checks.filter((c: { status: string }) => c.status !== 'pass' && c.status !== 'fail')).toEqual([]);
    const withProfile = cli(...args, '--profile', 'tfjs');
    expect(withProfile.status, withProfile.stdout.slice(0, 400)).toBe(0);
    expect(JSON.parse(withProfile.stdout).checks.every((c: { status: string }) => c.status === 'pass')).toBe(true);
    const bad = cli('grade', 'dist/index.js', '--profile', 'jax');
    expect(bad.status).toBe(2);
  }, 180_000);

  it('check --profile pytorch: the notes’ reference seen through PyTorch’s mse fails the normal-equations property', () => {
    const args = ['check', '--subject', 'reference', '--property', 'linear.xor-normal-equations', '--seed', '3', '--format', 'json'];
    expect(cli(...args).status).toBe(0);
    const r = cli(...args, '--profile', 'pytorch');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.results[0].status).toBe('fail');
    expect(r.stdout).toMatch(/--profile pytorch/); // the replay command keeps the profile
  }, 120_000);
});
