/**
 * A catalogued mistake that is also a documented convention switch: `nn-oracle grade` names both on
 * the check (JSON `diagnosis` and `convention`), and grading with that switch gives full marks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const grade = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [MAIN, 'grade', ...args, '--format', 'json', '--quiet', '--timeout', '20000'], { cwd, encoding: 'utf8', timeout: 300_000 });

describe('a mistake that is a convention: diagnosis and hint together', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-mistakes-'));
  const src = readFileSync(join(ROOT, 'examples', 'students', 'correct.mjs'), 'utf8');
  // Keras's adagrad (ε inside the root) and dampened momentum (v ← αv + (1 − α)g, w ← w − ηv)
  const changed = src
    .replace('v[i] += gi * gi;\n        const d = Math.sqrt(v[i]) + opt.eps;', 'v[i] += gi * gi;\n        const d = Math.sqrt(v[i] + opt.eps);')
    .replace('v[i] = opt.alpha * v[i] - opt.lr * gi;\n        return wi + v[i];', 'v[i] = opt.alpha * v[i] + (1 - opt.alpha) * gi;\n        return wi - opt.lr * v[i];');
  writeFileSync(join(dir, 's.mjs'), changed);

  it('the planted differences are there (a test that cannot fail proves nothing)', () => {
    expect(changed.split('\n').filter((l, i) => l !== src.split('\n')[i]).length).toBe(3);
  });

  it('grade names adagrad.eps-inside-sqrt with adagrad-eps=inside and momentum.dampened with momentum-form=dampened; the switches give full marks', () => {
    const plain = grade(dir, 's.mjs', '--only', 'step.adagrad,step.momentum,step.rmsprop');
    expect(plain.status, plain.stderr).toBe(1);
    const checks = Object.fromEntries((JSON.parse(plain.stdout).checks as Array<{ id: string; status: string; diagnosis?: { id: string }; convention?: { name: string; value: string } }>).map((c) => [c.id, [c.status, c.diagnosis?.id, c.convention && `${c.convention.name}=${c.convention.value}`]]));
    expect(checks).toEqual({
      'step.momentum': ['fail', 'momentum.dampened', 'momentum-form=dampened'],
      'step.adagrad': ['fail', 'adagrad.eps-inside-sqrt', 'adagrad-eps=inside'],
      'step.rmsprop': ['pass', undefined, undefined],
    });
    const judged = grade(dir, 's.mjs', '--only', 'step.adagrad,step.momentum,step.rmsprop', '--convention', 'adagrad-eps=inside', '--convention', 'momentum-form=dampened');
    expect(judged.status, judged.stdout.slice(0, 400)).toBe(0);
    const j = JSON.parse(judged.stdout);
    expect(j.score).toBe(j.maxScore);
  }, 300_000);
});
