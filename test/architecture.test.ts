/**
 * Which way imports go (docs/architecture.md): the truth depends on nothing that checks it; the fast
 * path is checked, it does not check; the engine and the properties know subjects, not submissions,
 * and print nothing; grading is assembled in grader/, the CLI only parses and prints.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** folder → folders it must never import (non-test code). */
const NEVER: Record<string, readonly string[]> = {
  contract: ['reference', 'tolerance', 'conventions', 'engine', 'runner', 'properties', 'grader', 'fixtures', 'accelerated', 'cli', 'bench', 'mistakes'],
  reference: ['accelerated', 'properties', 'grader', 'conventions', 'engine', 'runner', 'fixtures', 'cli', 'bench', 'mistakes'],
  tolerance: ['engine', 'properties', 'grader', 'fixtures', 'accelerated', 'cli', 'runner', 'conventions', 'mistakes'],
  conventions: ['engine', 'properties', 'grader', 'fixtures', 'cli', 'runner', 'accelerated'],
  engine: ['properties', 'grader', 'fixtures', 'cli', 'runner', 'accelerated', 'bench', 'mistakes'],
  runner: ['engine', 'properties', 'grader', 'fixtures', 'cli', 'reference', 'accelerated'],
  accelerated: ['properties', 'grader', 'fixtures', 'cli', 'engine', 'runner'],
  properties: ['grader', 'cli', 'fixtures', 'runner', 'bench'],
  fixtures: ['grader', 'cli', 'runner'],
  grader: ['cli'],
  mistakes: ['grader', 'cli', 'properties', 'fixtures', 'runner'],
};

function imports(): Array<{ from: string; to: string }> {
  const files = execSync('git ls-files "*.ts" "*.mjs"', { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !/\.test\.ts$|test-helpers|\.d\.ts$/.test(f));
  const out: Array<{ from: string; to: string }> = [];
  for (const f of files) {
    const src = readFileSync(join(ROOT, f), 'utf8');
    for (const m of src.matchAll(/(?:^|\s)(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm)) {
      const spec = m[1] ?? m[2]!;
      out.push({ from: f, to: relative(ROOT, resolve(ROOT, dirname(f), spec)) });
    }
  }
  return out;
}

describe('the architecture', () => {
  const all = imports();
  it('finds the imports it judges (a scan that finds nothing proves nothing)', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all.some((e) => e.from.startsWith('grader/') && e.to.startsWith('engine/'))).toBe(true);
  });
  for (const [folder, never] of Object.entries(NEVER)) {
    it(`${folder}/ imports none of ${never.join(', ')}`, () => {
      const bad = all.filter((e) => e.from.startsWith(`${folder}/`) && never.includes(e.to.split('/')[0]!)).map((e) => `${e.from} → ${e.to}`);
      expect(bad).toEqual([]);
    });
  }
});
