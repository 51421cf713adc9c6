/**
 * The documentation does not lie:
 *  - every relative link and image in README.md and docs/**.md resolves (files, and #anchors to headings);
 *  - the map in docs/README.md names functions that exist in the files it links, property ids that are
 *    registered, grading-check ids the grader runs, and covers every concept of the notes it must;
 *  - every `nn-oracle <command>` (or `npm run <command> --`) mentioned in the docs answers `--help` (from dist/, built by `npm test`'s
 *    pretest), and every `--option` written after it in the docs is one its help lists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_CHECK_IDS } from '../grader/checks.js';
import { propertyIds } from '../properties/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'dist/cli/main.js');
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

function markdownFiles(): string[] {
  const out = [join(ROOT, 'README.md')];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.md')) out.push(p);
    }
  };
  walk(join(ROOT, 'docs'));
  return out;
}
const FILES = markdownFiles();
const rel = (p: string) => relative(ROOT, p);

/** The text with fenced code blocks blanked out (links inside code are not links). */
const withoutFences = (md: string) => md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (m) => m.replace(/[^\n]/g, ' '));
/** ... and inline code spans too. */
const prose = (md: string) => withoutFences(md).replace(/`[^`\n]*`/g, (m) => ' '.repeat(m.length));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, duplicates numbered. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of withoutFences(md).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

interface Link {
  file: string;
  target: string;
  line: number;
}
function links(file: string): Link[] {
  const md = prose(readFileSync(file, 'utf8'));
  const out: Link[] = [];
  const re = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  for (const m of md.matchAll(re)) out.push({ file, target: m[1]!, line: md.slice(0, m.index).split('\n').length });
  // reference-style definitions: [id]: target
  for (const m of md.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) out.push({ file, target: m[1]!, line: md.slice(0, m.index).split('\n').length });
  return out;
}

describe('links in README.md and docs/', () => {
  it('finds the documentation', () => {
    expect(FILES.map(rel)).toContain('docs/README.md');
  });

  for (const file of FILES) {
    it(`every relative link in ${rel(file)} resolves`, () => {
      const broken: string[] = [];
      for (const l of links(file)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(l.target)) continue; // http:, https:, mailto: — not checked offline
        const [pathPart, anchor] = l.target.split('#') as [string, string | undefined];
        const target = pathPart ? resolve(dirname(file), decodeURIComponent(pathPart)) : file;
        if (!existsSync(target)) {
          broken.push(`${rel(file)}:${l.line} → ${l.target} (no such file)`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${rel(file)}:${l.line} → ${l.target} (no heading with anchor #${anchor} in ${rel(target)})`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('the link check catches a planted broken link and a planted bad anchor', () => {
    const md = '# Title\n\n[ok](#title) [bad](#nope) [gone](no-such-file.md)\n';
    const a = anchors(md);
    expect(a.has('title')).toBe(true);
    expect(a.has('nope')).toBe(false);
    expect(existsSync(resolve(ROOT, 'docs', 'no-such-file.md'))).toBe(false);
    expect(anchors('## Step 2: BP1–BP4 (notes)\n').has('step-2-bp1bp4-notes')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------
// The map

const MAP = readFileSync(join(ROOT, 'docs/README.md'), 'utf8');

function mapRows(): string[][] {
  const section = MAP.split(/^## /m).find((s) => s.startsWith('The map'));
  if (!section) return [];
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1) // header
    .map((l) =>
      l
        .replace(/\\\|/g, '\u0000')
        .split('|')
        .slice(1, -1)
        .map((c) => c.replace(/\u0000/g, '|').trim()),
    );
}
const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** Is `name` defined (or re-exported) in the file? */
function defines(file: string, name: string): boolean {
  const src = readFileSync(file, 'utf8');
  const id = name.replace(/[$]/g, '\\$');
  return (
    new RegExp(`\\b(function\\*?|const|let|var|class|interface|type|enum)\\s+${id}\\b`).test(src) ||
    new RegExp(`export\\s*\\{[^}]*\\b${id}\\b[^}]*\\}`).test(src)
  );
}

describe('the map (docs/README.md)', () => {
  const rows = mapRows();
  const props = new Set(propertyIds());
  const checks = new Set(ALL_CHECK_IDS);

  it('has a row for every concept of the notes', () => {
    const concepts = rows.map((r) => r[0]!.toLowerCase()).join('\n');
    const required = [
      'threshold',
      'perceptron',
      'gates',
      'xor',
      'mlp',
      'activations',
      'losses',
      'bp1',
      'bp2',
      'bp3',
      'bp4',
      'reverse-mode automatic differentiation',
      'optimizers',
      'initialisation',
      'batch normalisation',
      'vanishing gradients',
      'universal approximation',
      'linear activations collapse',
      'cross-validation',
    ];
    expect(required.filter((c) => !concepts.includes(c))).toEqual([]);
  });

  it('every function it names exists in the file linked before it', () => {
    const missing: string[] = [];
    for (const row of rows) {
      const cell = row[1]!;
      let current: string | undefined;
      for (const m of cell.matchAll(/\[[^\]]*\]\(([^)]+)\)|`([^`]+)`/g)) {
        if (m[1]) current = resolve(ROOT, 'docs', m[1]);
        else if (!current || !existsSync(current) || !defines(current, m[2]!)) missing.push(`${m[2]} in ${current ? rel(current) : '(no file)'}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every property id is registered, and every "run it" command runs registered properties', () => {
    const unknown: string[] = [];
    for (const row of rows) {
      for (const id of codeSpans(row[2]!)) if (!props.has(id)) unknown.push(id);
      for (const cmd of codeSpans(row[3]!)) {
        if (!/^nn-oracle check\b/.test(cmd)) unknown.push(`not a check command: ${cmd}`);
        for (const m of cmd.matchAll(/--property[ =](\S+)/g)) for (const id of m[1]!.split(',')) if (!props.has(id)) unknown.push(id);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('every grading check id is one the grader runs', () => {
    const unknown = rows.flatMap((r) => codeSpans(r[4]!)).filter((id) => !checks.has(id));
    expect(unknown).toEqual([]);
  });

  it('the checker catches a planted wrong name', () => {
    expect(defines(join(ROOT, 'reference/activations.ts'), 'ELEMENTWISE')).toBe(true);
    expect(defines(join(ROOT, 'reference/activations.ts'), 'ELEMENTWISE_NOT_THERE')).toBe(false);
    expect(props.has('bp.bp5')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// Commands

interface Mention {
  file: string;
  command: string;
  options: string[];
}

/** `nn-oracle <cmd> ...` in code spans and fenced blocks of the docs. */
function mentions(): Mention[] {
  const out: Mention[] = [];
  for (const file of FILES) {
    const md = readFileSync(file, 'utf8');
    const code: string[] = [];
    for (const m of md.matchAll(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1/gm)) code.push(...m[2]!.split('\n'));
    for (const m of withoutFences(md).matchAll(/`([^`\n]+)`/g)) code.push(m[1]!);
    for (const line of code) {
      for (const m of line.matchAll(/(?:^|[\s;&|(])(?:npx\s+)?nn-oracle\s+([a-z][a-z-]*)([^;&|#]*)/g)) {
        const options = [...m[2]!.matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/g)].map((o) => o[1]!);
        out.push({ file: rel(file), command: m[1]!, options });
      }
      // the clone's form: npm run <command> -- <options> (package.json has a script per command)
      for (const m of line.matchAll(/(?:^|[\s;&|(])npm run(?: -s)? ([a-z][a-z-]*)(?: -- ([^;&|#]*))?/g)) {
        const script = SCRIPTS[m[1]!];
        const cmd = script && /^node dist\/cli\/main\.js ([a-z][a-z-]*)$/.exec(script)?.[1];
        if (!cmd) continue; // build, test, typecheck, the bare nn-oracle script
        const options = [...(m[2] ?? '').matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/g)].map((o) => o[1]!);
        out.push({ file: rel(file), command: cmd, options });
      }
    }
  }
  return out;
}

describe('commands in the docs', () => {
  const all = mentions();
  const helps = new Map<string, { status: number | null; text: string }>();
  const help = (cmd: string) => {
    if (!helps.has(cmd)) {
      const r = spawnSync(process.execPath, [MAIN, cmd, '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      helps.set(cmd, { status: r.status, text: `${r.stdout}\n${r.stderr}` });
    }
    return helps.get(cmd)!;
  };

  it('the docs mention commands at all (the scanner works), in both forms', () => {
    expect(all.some((m) => m.command === 'check' && m.options.includes('--property'))).toBe(true);
    expect(all.some((m) => m.file === 'README.md' && m.command === 'grade' && m.options.includes('--format'))).toBe(true);
  });

  it('every `nn-oracle <command> --help` mentioned in the docs runs', () => {
    if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it in pretest)');
    const failed: string[] = [];
    for (const cmd of new Set(all.map((m) => m.command))) {
      const h = help(cmd);
      if (h.status !== 0 || !/usage/i.test(h.text)) failed.push(`nn-oracle ${cmd} --help → exit ${h.status}: ${h.text.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  });

  it('every --option written after a command in the docs is one its --help lists', () => {
    if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build`');
    const unknown: string[] = [];
    for (const m of all) {
      const h = help(m.command);
      if (h.status !== 0) continue; // reported by the test above
      for (const o of m.options) if (o !== '--help' && !h.text.includes(o)) unknown.push(`${m.file}: nn-oracle ${m.command} ${o}`);
    }
    expect([...new Set(unknown)]).toEqual([]);
  });
});
