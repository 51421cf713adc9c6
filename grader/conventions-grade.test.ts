/**
 * A correct implementation that differs from the contract only by a documented switch gets full
 * marks with that switch and nothing else; without it, the failures name the switch.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const grade = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [MAIN, 'grade', ...args, '--format', 'json', '--quiet', '--timeout', '20000'], { cwd, encoding: 'utf8', timeout: 300_000 });

describe('conventions as named switches, in grading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-conv-'));
  // examples/students/correct.py with elu′(0) = α (PyTorch's elu_backward takes the z ≤ 0 branch)
  const src = readFileSync(join(ROOT, 'examples', 'students', 'correct.py'), 'utf8');
  const changed = src.replace('return 1.0 if z >= 0 else alpha * math.exp(z)', 'return 1.0 if z > 0 else alpha * math.exp(z)');
  writeFileSync(join(dir, 's.py'), changed);

  it('the planted difference is there (a test that cannot fail proves nothing)', () => expect(changed).not.toBe(src));

  it('`grade --cmd "python3 s.py" --convention elu-grad-at-zero=alpha` gives full marks; without it the failures name the switch', () => {
    const plain = grade(dir, '--cmd', 'python3 s.py');
    expect(plain.status).toBe(1);
    const r = JSON.parse(plain.stdout);
    const failed = r.checks.filter((c: { status: string }) => c.status !== 'pass');
    expect(failed.map((c: { id: string }) => c.id)).toContain('activateGrad.elu');
    for (const c of failed) expect(c.convention?.name, c.id).toBe('elu-grad-at-zero');
    const withSwitch = grade(dir, '--cmd', 'python3 s.py', '--convention', 'elu-grad-at-zero=alpha');
    expect(withSwitch.status, withSwitch.stdout.slice(0, 500)).toBe(0);
    const j = JSON.parse(withSwitch.stdout);
    expect(j.score).toBe(j.maxScore);
    expect(j.conventions['elu-grad-at-zero']).toBe('alpha');
    expect(j.replay).toContain('--convention elu-grad-at-zero=alpha');
  }, 300_000);

  it('a rubric\'s conventions object does the same; a bad switch or value is a usage error naming it', () => {
    writeFileSync(join(dir, 'rubric.json'), JSON.stringify({ conventions: { 'elu-grad-at-zero': 'alpha' }, points: { 'activateGrad.': 1 } }));
    const r = grade(dir, '--cmd', 'python3 s.py', '--rubric', 'rubric.json');
    expect(r.status, r.stdout.slice(0, 300)).toBe(0);
    const bad = spawnSync(process.execPath, [MAIN, 'grade', '--cmd', 'python3 s.py', '--convention', 'elu-grad-at-zero=alfa'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/elu-grad-at-zero.*one, alpha/);
    const unknown = spawnSync(process.execPath, [MAIN, 'grade', '--cmd', 'python3 s.py', '--convention', 'elu-grad-at-0=alpha'], { cwd: dir, encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/elu-grad-at-zero/);
  }, 300_000);

  it('--pairings restricts the graded (output, loss) pairs: a submission that throws outside them loses nothing', () => {
    const onlySome = changed
      .replace('return 1.0 if z > 0 else alpha * math.exp(z)', 'return 1.0 if z >= 0 else alpha * math.exp(z)')
      .replace('def backward(net, X, Y, loss_name):', 'def backward(net, X, Y, loss_name):\n    if net["layers"][-1]["activation"] == "softmax" and loss_name == "mse":\n        raise ValueError("softmax with mse is not part of this course")');
    writeFileSync(join(dir, 'course.py'), onlySome);
    const all = grade(dir, '--cmd', 'python3 course.py', '--only', 'backward.bp1');
    expect(JSON.parse(all.stdout).checks[0].status).toBe('error');
    const scoped = grade(dir, '--cmd', 'python3 course.py', '--only', 'backward.bp1', '--pairings', 'identity+mse,sigmoid+mse,sigmoid+bce,softmax+cce');
    expect(scoped.status, scoped.stdout.slice(0, 300)).toBe(0);
    const bad = spawnSync(process.execPath, [MAIN, 'grade', '--cmd', 'true', '--pairings', 'relu+bce'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown pairing.*"relu\+bce".*sigmoid\+bce/);
  }, 300_000);
});
