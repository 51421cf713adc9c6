/**
 * Docs that cannot drift: every command block of README.md and docs/*.md marked with
 *
 *   <!-- doc-test -->            (or <!-- doc-test exit=1 --> when the command is meant to fail)
 *   ```sh
 *   npm run check -- --property bp.bp2 --seed 42
 *   ```
 *
 *   ```text
 *   …the output, or the lines of it that matter…
 *   ```
 *
 * is run (from the repository root, against the build in dist/), and its stdout is compared with the
 * ```text block after it by shape: every line shown must appear in the output, in the same order (lines
 * may be left out of the docs); in a line, timings ("919 ms", "3.9 s") and numbers with a fraction or
 * an exponent match any such number, while words, status words, column headers and whole numbers
 * (counts, runs, scores) must be the same; runs of spaces count as one, and "…" in the docs stands for
 * anything. The command is `npm run <script> -- …`, `npx nn-oracle …` or `nn-oracle …`; it runs as
 * `node dist/cli/main.js …` with the exit status the marker says (default 0).
 *
 * A grade or replay command without its own --timeout runs with `--timeout 60000` added (a hang
 * guard: on a busy machine a submission's slow answer must not become a timeout verdict and change the
 * output), and that option is taken out of the output again (grade echoes it in its replay lines).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

export interface DocExample {
  file: string;
  line: number;
  command: string;
  exit: number;
  expected: string[];
}

/** The marked examples of one markdown text. */
export function docExamples(md: string, file: string): DocExample[] {
  const out: DocExample[] = [];
  const re = /^<!--\s*doc-test\b([^>]*)-->\s*\n```(?:sh|bash|shell)\n([\s\S]*?)^```\s*\n\s*```text\n([\s\S]*?)^```/gm;
  for (const m of md.matchAll(re)) {
    const commands = m[2]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
    if (commands.length !== 1) throw new Error(`${file}: a doc-test block holds exactly one command, this one ${commands.length}`);
    const exit = /\bexit=(\d+)/.exec(m[1]!)?.[1];
    out.push({ file, line: md.slice(0, m.index).split('\n').length, command: commands[0]!, exit: exit === undefined ? 0 : Number(exit), expected: m[3]!.split('\n').filter((l) => l.trim()) });
  }
  return out;
}

/** The generous per-call limit a doc example of a command with --timeout runs under (see the module comment). */
export const DOC_TIMEOUT = '--timeout 60000';

/** The arguments as run: with DOC_TIMEOUT added to grade and replay when they have no --timeout. */
export function withHangGuard(args: string): string {
  return /^(grade|replay|grade-all)\b/.test(args) && !/(^|\s)--timeout\b/.test(args) ? `${args} ${DOC_TIMEOUT}` : args;
}

/** `npm run grade -- x`, `npx nn-oracle grade x`, `nn-oracle grade x` → the arguments of dist/cli/main.js, as a shell string. */
export function toCliArgs(command: string): string {
  const npm = /^npm run(?: -s| --silent)? ([\w-]+)(?: -- (.*))?$/.exec(command);
  if (npm) {
    const script = SCRIPTS[npm[1]!];
    const prefix = script && /^node dist\/cli\/main\.js\b ?(.*)$/.exec(script);
    if (!prefix) throw new Error(`npm run ${npm[1]}: not a script that runs nn-oracle (${script ?? 'no such script'})`);
    return [prefix[1], npm[2]].filter(Boolean).join(' ');
  }
  const bin = /^(?:npx )?nn-oracle (.*)$/.exec(command);
  if (bin) return bin[1]!;
  throw new Error(`not an nn-oracle command: ${command}`);
}

const TIME = /\d+(?:\.\d+)? ?(?:ms|s)\b/g;
const FLOAT = /[-+]?(?:\d+\.\d+(?:e[-+]?\d+)?|\d+e[-+]?\d+)/gi;

/** A line of the docs as a pattern over a line of output (see the module comment). */
export function linePattern(docLine: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = docLine
    .trim()
    .replace(TIME, '\u0001')
    .replace(FLOAT, '\u0002')
    .split(/\s+/)
    .join('\u0003');
  const body = parts
    .split(/(\u0001|\u0002|\u0003|…)/)
    .map((p) => (p === '\u0001' ? '\\d+(?:\\.\\d+)? ?(?:ms|s)' : p === '\u0002' ? '[-+]?(?:\\d+\\.\\d+(?:e[-+]?\\d+)?|\\d+e[-+]?\\d+)' : p === '\u0003' ? '\\s+' : p === '…' ? '.*?' : esc(p)))
    .join('');
  return new RegExp(`^\\s*${body}\\s*$`, 'i');
}

/** The lines of `expected` that are not found in `output` in order (empty: the shapes agree). */
export function shapeMismatches(expected: readonly string[], output: string): string[] {
  const lines = output.split('\n');
  const missing: string[] = [];
  let at = 0;
  for (const e of expected) {
    const p = linePattern(e);
    const k = lines.findIndex((l, i) => i >= at && p.test(l));
    if (k < 0) missing.push(e);
    else at = k + 1;
  }
  return missing;
}

function markdownFiles(): string[] {
  return [join(ROOT, 'README.md'), ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];
}

const EXAMPLES = markdownFiles().flatMap((f) => docExamples(readFileSync(f, 'utf8'), relative(ROOT, f)));

describe('the shape comparison', () => {
  const output = [
    'property   concept (notes)          runs  status     time',
    'bp.bp2     BP2: δ^l = ((W^{l+1})ᵀ …    25  PASS    1652 ms',
    '2 passed, 0 failed in 9.8 s (seed 42)',
    '  FAIL  loss/mse/random0: at (value) expected 7.64489, got 15.2898 (allowed ±5.97e-14)',
  ].join('\n');

  it('ignores timings, the digits of fractions and exponents, and column padding', () => {
    expect(shapeMismatches(['property concept (notes) runs status time', 'bp.bp2 BP2: δ^l = ((W^{l+1})ᵀ … 25 PASS 919 ms', '2 passed, 0 failed in 3.1 s (seed 42)'], output)).toEqual([]);
    expect(shapeMismatches(['FAIL loss/mse/random0: at (value) expected 1.5, got 3.25 (allowed ±1.00e-13)'], output)).toEqual([]);
  });

  it('catches a changed count, status word, column, a line that is not there, and lines out of order', () => {
    expect(shapeMismatches(['3 passed, 0 failed in 9.8 s (seed 42)'], output)).toHaveLength(1);
    expect(shapeMismatches(['bp.bp2 BP2: δ^l = ((W^{l+1})ᵀ … 25 FAIL 1652 ms'], output)).toHaveLength(1);
    expect(shapeMismatches(['bp.bp2 BP2: δ^l = ((W^{l+1})ᵀ … 30 PASS 1652 ms'], output)).toHaveLength(1);
    expect(shapeMismatches(['property concept (notes) runs status'], output)).toHaveLength(1);
    expect(shapeMismatches(['score: 30 / 31'], output)).toEqual(['score: 30 / 31']);
    expect(shapeMismatches(['2 passed, 0 failed in 9.8 s (seed 42)', 'property concept (notes) runs status time'], output)).toHaveLength(1);
  });

  it('reads the markers, and the commands as npm scripts or the bin', () => {
    const md = '# x\n\n<!-- doc-test exit=1 -->\n```sh\nnpm run grade -- a.mjs   # comment\n```\n\n```text\nscore: 0 / 1\n```\n\n```sh\nnpm run check\n```\n';
    expect(docExamples(md, 'x.md')).toEqual([{ file: 'x.md', line: 3, command: 'npm run grade -- a.mjs', exit: 1, expected: ['score: 0 / 1'] }]);
    expect(toCliArgs('npm run check -- --seed 42')).toBe('check --seed 42');
    expect(toCliArgs('npm run check')).toBe('check');
    expect(toCliArgs('npx nn-oracle replay --cmd "python3 x.py"')).toBe('replay --cmd "python3 x.py"');
    expect(() => toCliArgs('npm run build')).toThrow(/not a script that runs nn-oracle/);
    expect(withHangGuard('grade a.mjs')).toBe('grade a.mjs --timeout 60000');
    expect(withHangGuard('grade a.mjs --timeout 5')).toBe('grade a.mjs --timeout 5');
    expect(withHangGuard('check --seed 1')).toBe('check --seed 1');
    expect(() => docExamples('<!-- doc-test -->\n```sh\na\nb\n```\n\n```text\nx\n```\n', 'y.md')).toThrow(/exactly one command/);
  });
});

describe('the marked command blocks of README.md and docs/*.md', () => {
  it('there are some (the README marks its examples)', () => {
    expect(EXAMPLES.filter((e) => e.file === 'README.md').length).toBeGreaterThanOrEqual(3);
  });

  for (const ex of EXAMPLES) {
    it(`${ex.file}:${ex.line} ${ex.command}`, () => {
      if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
      // through the shell, so the docs' quoting is what runs; progress (stderr) is not compared
      const args = withHangGuard(toCliArgs(ex.command));
      const r = spawnSync('sh', ['-c', `"$NODE" dist/cli/main.js ${args}`], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, NODE: process.execPath, NO_COLOR: '1' },
      });
      expect(r.status, `exit status of ${ex.command}\n${r.stderr}`).toBe(ex.exit);
      const stdout = args.endsWith(DOC_TIMEOUT) ? r.stdout.split(` ${DOC_TIMEOUT}`).join('') : r.stdout;
      expect(shapeMismatches(ex.expected, stdout), `lines of ${ex.file}:${ex.line} not in the output (in order):\n${stdout}`).toEqual([]);
    });
  }
});
