/**
 * Which way imports go around the catalogue of mistakes: mistakes/ builds on the contract, the
 * reference, the conventions and the engine's types only (the grader and the property suite import
 * it, never the reverse), and the engine and the property suite know nothing of the grader.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** The relative imports of a folder's non-test modules: [file, statement, top folder imported]. */
function imports(folder: string): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (const f of readdirSync(join(ROOT, folder), { recursive: true }) as string[]) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f.includes('test-helpers')) continue;
    const src = readFileSync(join(ROOT, folder, f), 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)';/gms)) {
      const depth = f.split('/').length - 1;
      const parts = m[1]!.split('/');
      const ups = parts.filter((p) => p === '..').length;
      const top = ups > depth ? parts[ups]! : folder;
      out.push([f, m[0], top]);
    }
  }
  return out;
}

describe('imports around mistakes/', () => {
  it('mistakes/ imports contract, reference, conventions and the engine’s types only', () => {
    const found = imports('mistakes');
    expect(found.length).toBeGreaterThan(0);
    for (const [f, stmt, top] of found) {
      expect(['mistakes', 'contract', 'reference', 'conventions', 'engine'], `${f}: ${stmt}`).toContain(top);
      if (top === 'engine') expect(stmt, `${f}: types only from the engine`).toMatch(/^(import|export) type /);
    }
  });

  it('the engine and the property suite import nothing of the grader', () => {
    for (const folder of ['engine', 'properties', 'mistakes']) {
      for (const [f, stmt, top] of imports(folder)) expect(top, `${folder}/${f}: ${stmt}`).not.toBe('grader');
    }
  });
});
