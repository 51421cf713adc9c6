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
    expect(head).toContain('npm install && npm run check');
    expect(head).toContain('npm test');
  });

  it('CI runs the README test command and main job', () => {
    const cmds = firstBlockCommands();
    expect(cmds).toEqual(['npm install && npm run check', 'npm test']);
    // npm ci replaces npm install on CI (same lockfile); the rest is run verbatim.
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm run check$/m);
  });

  it('the main job runs the clone’s own build: npm run check is node dist/cli/main.js check (npx would reinstall the clone)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    expect(pkg.scripts.check).toBe('node dist/cli/main.js check');
    expect(pkg.bin['nn-oracle']).toBe('dist/cli/main.js');
  });

  it('its first screen says how to enable the GPU path and what SKIPPED rows mean', () => {
    const screen = readme.split('\n').slice(0, 30).join('\n');
    expect(screen).toContain('scripts/install-lavapipe.sh');
    expect(screen).toMatch(/SKIPPED/);
    expect(screen).toMatch(/--subject accelerated/);
  });

  it('writes no example output into the clone (a report goes to /tmp)', () => {
    const outs = [...readme.matchAll(/--out(?:-dir)?[ =](\S+)/g)].map((m) => m[1]!);
    expect(outs.length).toBeGreaterThan(0);
    expect(outs.filter((o) => !o.startsWith('/tmp/'))).toEqual([]);
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
