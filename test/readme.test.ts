/**
 * The README never lies: its first lines hold the two set-up commands, and CI (.ci/run) runs exactly
 * the README's test command and main job.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');

/** The commands of the README's first code block (comments stripped). */
function firstBlockCommands(): string[] {
  const m = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme);
  if (!m) return [];
  return m[1]!
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

describe('README set-up commands', () => {
  it('opens with the two set-up commands within its first lines', () => {
    const head = readme.split('\n').slice(0, 8).join('\n');
    expect(head).toContain('npm install && npx nn-oracle check');
    expect(head).toContain('npm test');
  });

  it('CI runs the README test command and main job', () => {
    const cmds = firstBlockCommands();
    expect(cmds).toEqual(['npm install && npx nn-oracle check', 'npm test']);
    // npm ci replaces npm install on CI (same lockfile); the rest is run verbatim.
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npx nn-oracle check$/m);
  });

  it('CI installs lavapipe and requires the GPU tests to run', () => {
    expect(ci).toContain('scripts/install-lavapipe.sh');
    expect(ci).toMatch(/NN_ORACLE_REQUIRE_GPU=1/);
  });
});

describe('the nn-oracle binary', () => {
  it('is executable after the build (npx runs dist/cli/main.js directly)', () => {
    // npm test builds first (pretest); the build sets the mode, since tsc writes files without it.
    const mode = statSync(new URL('../dist/cli/main.js', import.meta.url)).mode;
    expect(mode & 0o111).not.toBe(0);
  });
});
