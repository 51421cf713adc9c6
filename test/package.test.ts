/**
 * The package as its users install it: `npm pack` of this repository, unpacked into a tiny separate
 * project in a temporary folder, with only the packages that package.json's `dependencies` name beside
 * it (linked from this repository's node_modules, so no network is needed, and a run-time package
 * missing from `dependencies` fails here as it would for a user). Then, from that project:
 *  - every entry point the docs import is imported by the package's name, with the names they use;
 *  - the bin runs: --version, `check`, `replay` of the shipped fixtures, and `grade` of a .ts
 *    submission (which needs typescript at run time);
 *    (per-call limits are generous: on a busy machine a timeout must not stand in for a verdict);
 *  - the tarball holds what runs (dist/, the runner's host, the fixtures) and nothing of a user's
 *    (no report.html or curve.csv written into the clone, no tests, no TypeScript sources).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
};

/**
 * What the docs import, entry by entry: the names their examples and prose use. A doc that imports a
 * name from 'nn-oracle…' in a code block is found by `importsInDocs` below and must be covered here.
 */
const DOCUMENTED: Readonly<Record<string, readonly string[]>> = {
  'nn-oracle': ['forward', 'backward', 'activate', 'loss', 'step', 'matrix', 'train', 'initNet', 'UNIT_ROUNDOFF', 'InvalidArgumentError'],
  'nn-oracle/properties': ['contractProperties', 'assertProperty', 'propertyIds', 'runSuite', 'firstDifference', 'firstMismatch', 'propertyTests'],
  'nn-oracle/contract': ['CONTRACT_FUNCTIONS', 'ShapeError', 'isNnOracleError'],
  'nn-oracle/fixtures': ['replay', 'loadFixtures', 'defaultFixturesDir', 'formatReplayText'],
  'nn-oracle/runner': ['createProcessSubject'],
  'nn-oracle/accelerated': ['createAcceleratedSubject', 'acquireDevice'],
  'nn-oracle/conventions': ['getProfile', 'inNotesConventions', 'PROFILE_NAMES'],
  'nn-oracle/tolerance': ['UNIT_ROUNDOFF', 'gamma'],
};

/** `import { a, b } from 'nn-oracle/x'` in the fenced code of README.md and docs/*.md (types left out). */
function importsInDocs(): { file: string; specifier: string; names: string[] }[] {
  const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const out: { file: string; specifier: string; names: string[] }[] = [];
  for (const file of files) {
    const md = readFileSync(join(ROOT, file), 'utf8');
    for (const block of md.matchAll(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1/gm)) {
      for (const m of block[2]!.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(nn-oracle[^']*)'/g)) {
        const names = m[1] ? [] : m[2]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!).filter((n) => n && !/^type\s/.test(n));
        out.push({ file, specifier: m[3]!, names });
      }
    }
  }
  return out;
}

let work: string;
let app: string;
let packed: string[];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does it)');
  work = mkdtempSync(join(tmpdir(), 'nn-oracle-pack-'));
  // --ignore-scripts: dist/ is built already (npm test's pretest); prepare would build it again
  const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const info = JSON.parse(json.slice(json.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  packed = info[0]!.files.map((f) => f.path);
  app = join(work, 'app');
  const target = join(app, 'node_modules', PKG.name);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, info[0]!.filename), '-C', work]);
  cpSync(join(work, 'package'), target, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'nn-oracle-user', version: '1.0.0', type: 'module', private: true, dependencies: { [PKG.name]: PKG.version } }, null, 2));
  // the package's dependencies as npm would place them: beside it, and nothing else
  for (const dep of Object.keys(PKG.dependencies)) {
    const link = join(app, 'node_modules', dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules', dep)), link, 'dir');
  }
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const node = (args: string[], cwd = app) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 300_000 });
const bin = () => join(app, 'node_modules', PKG.name, PKG.bin['nn-oracle']!);

describe('the packed tarball', () => {
  it('holds what runs: the bin, every export, the runner host, the fixtures', () => {
    for (const need of ['package.json', 'README.md', PKG.bin['nn-oracle']!.replace(/^\.\//, ''), 'runner/host.mjs', 'fixtures/manifest.json', 'fixtures/forward.jsonl']) expect(packed, need).toContain(need);
    for (const [sub, target] of Object.entries(PKG.exports)) {
      if (typeof target === 'string') continue;
      for (const f of [target.types, target.default]) expect(packed, `${sub} → ${f}`).toContain(f.replace(/^\.\//, ''));
    }
  });

  it('holds nothing of a user’s or a developer’s: only the listed folders, no tests, no sources', () => {
    const allowed = /^(package\.json|README\.md|LICENSE|dist\/|runner\/[^/]+\.(mjs|py)$|fixtures\/|examples\/students\/|scripts\/install-lavapipe\.sh$|docs\/)/;
    expect(packed.filter((p) => !allowed.test(p))).toEqual([]);
    expect(packed.filter((p) => /\.test\.|test-helpers|(^|\/)(report\.html|curve\.csv|grades\/|node_modules\/)|^docs\/NOTES\.md$/.test(p))).toEqual([]);
    expect(packed.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.startsWith('examples/'))).toEqual([]);
  });
});

describe('installed in a separate project', () => {
  it('every entry point the docs import resolves by the package name, with the names they use', () => {
    const docs = importsInDocs();
    expect(docs.length, 'the docs scanner finds the docs’ imports').toBeGreaterThan(0);
    const uncovered = docs.filter((d) => !DOCUMENTED[d.specifier] || d.names.some((n) => !DOCUMENTED[d.specifier]!.includes(n)));
    expect(uncovered, 'a doc imports an entry or a name this test does not check').toEqual([]);
    const script = Object.entries(DOCUMENTED)
      .map(([spec, names], i) => `import * as m${i} from '${spec}';\nfor (const n of ${JSON.stringify(names)}) if (m${i}[n] === undefined) missing.push('${spec}: ' + n);`)
      .join('\n');
    writeFileSync(join(app, 'imports.mjs'), `const missing = [];\n${script}\nconsole.log(JSON.stringify(missing));\n`);
    const r = node(['imports.mjs']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('each export has its type declarations beside it', () => {
    for (const target of Object.values(PKG.exports)) {
      if (typeof target === 'string') continue;
      expect(existsSync(join(app, 'node_modules', PKG.name, target.types)), target.types).toBe(true);
    }
  });

  it('only the exports are reachable (a deep dist/ path is not part of the API)', () => {
    writeFileSync(join(app, 'deep.mjs'), `import('nn-oracle/dist/accelerated/index.js').then(() => console.log('reachable'), (e) => console.log(e.code));\n`);
    expect(node(['deep.mjs']).stdout.trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('the bin runs from the installed package: --version, check, replay of the shipped fixtures', () => {
    expect(node([bin(), '--version']).stdout.trim()).toBe(PKG.version);
    const check = node([bin(), 'check', '--property', 'bp.bp2', '--runs', '2', '--seed', '1', '--quiet']);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/bp\.bp2\s.*PASS/);
    writeFileSync(join(app, 'impl.mjs'), `export { activate } from 'nn-oracle';\n`);
    // an adapter importing a package (here nn-oracle itself) is trusted code: outside the sandbox, which
    // would hold only the adapter's own folder
    const replay = node([bin(), 'replay', 'impl.mjs', '--only', 'activate/', '--timeout', '60000', '--sandbox', 'off']);
    expect(replay.status, replay.stderr + replay.stdout).toBe(0);
    expect(replay.stdout).toMatch(/activate\s+[1-9]\d*\s+0\s+0/);
  });

  it('grades a .ts submission (typescript is a run-time dependency)', () => {
    // a submission is a folder of its own (the sandbox copies the submission's folder, never a node_modules of links)
    mkdirSync(join(app, 'hw'), { recursive: true });
    writeFileSync(join(app, 'hw', 'student.ts'), `export function activate(name: string, z: number[]): number[] {\n  if (name !== 'relu') throw new Error('only relu');\n  return z.map((x: number) => Math.max(0, x));\n}\n`);
    const r = node([bin(), 'grade', join('hw', 'student.ts'), '--only', 'activate.relu', '--timeout', '60000', '--quiet']);
    expect(r.stderr).not.toMatch(/Cannot find package 'typescript'/);
    expect(r.stdout).toMatch(/activate\.relu\s+pass/);
    expect(r.status, r.stderr + r.stdout).toBe(0);
  });
});
