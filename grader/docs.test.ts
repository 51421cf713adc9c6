import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CHECK_IDS } from './checks.js';
import { DIAGNOSES } from './diagnoses.js';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'grading.md'), 'utf8');

describe('docs/grading.md does not lie', () => {
  it('lists every diagnosis of the catalogue, and no other', () => {
    for (const d of DIAGNOSES) expect(doc, d.id).toContain(`| \`${d.id}\` |`);
    const section = doc.slice(doc.indexOf('## 3. Diagnoses'), doc.indexOf('## 4.'));
    const listed = [...section.matchAll(/^\| `([A-Za-z0-9_]+\.[A-Za-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(DIAGNOSES.map((d) => d.id).sort());
  });

  it('names every check id', () => {
    for (const id of ALL_CHECK_IDS) {
      const [head, tail] = id.split('.');
      const named = doc.includes(`\`${id}\``) || (tail !== undefined && doc.includes(`\`${head}.<name>\``) && doc.includes(tail));
      expect(named, id).toBe(true);
    }
  });
});
