/**
 * Benchmark (not a test): wall time of grading one submission with default settings, end to end —
 * `nn-oracle grade <correct example>` as an instructor runs it (process start, the submission's
 * sandboxed process, every check with its default runs, shrinking, the report). Median of N runs.
 * With `--sandbox both` (the default) each example is graded in the sandbox (auto) and without it
 * (off), and the difference is what the sandbox costs per grade.
 *
 *   npm run build && node dist/bench/grade.js [runs] [--sandbox auto|off|both]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createProcessSubject } from '../runner/process.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) throw new Error('build first: npm run build');
const { values, positionals } = parseArgs({ options: { sandbox: { type: 'string', default: 'both' } }, allowPositionals: true });
const runs = Number(positionals[0] ?? 3);
const modes: string[] = values.sandbox === 'both' ? ['auto', 'off'] : [values.sandbox!];
if (!modes.every((m) => ['auto', 'required', 'off'].includes(m))) throw new Error(`--sandbox: expected auto, required, off or both, got ${values.sandbox}`);
const ex = join(root, 'examples', 'students');
const targets: Array<[string, string[]]> = [
  ['JavaScript module (correct.mjs)', [join(ex, 'correct.mjs')]],
  ['Python program (correct.py, --cmd)', ['--cmd', `python3 ${join(ex, 'correct.py')}`]],
  ['Python numpy module (python/hw.py)', [join(ex, 'python', 'hw.py')]],
  ['Jupyter notebook, numpy (python/hw.ipynb)', [join(ex, 'python', 'hw.ipynb')]],
  ['TypeScript module (course-subset.ts, its rubric)', [join(ex, 'course-subset.ts'), '--rubric', join(ex, 'course-rubric.json')]],
];
console.log(`grading one submission with default settings: median of ${runs} runs, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
for (const [label, args] of targets) {
  // the modes alternate run by run, so that a machine growing busier weighs on both alike
  const times = new Map<string, number[]>(modes.map((m) => [m, []]));
  const scores = new Map<string, string>();
  for (let i = 0; i < runs; i++) {
    for (const mode of modes) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [main, 'grade', ...args, '--sandbox', mode, '--format', 'json', '--quiet'], { encoding: 'utf8' });
      times.get(mode)!.push((performance.now() - t0) / 1000);
      const j = JSON.parse(r.stdout) as { score: number; maxScore: number };
      scores.set(mode, `${j.score}/${j.maxScore}`);
    }
  }
  const medians = modes.map((mode) => {
    const t = times.get(mode)!.sort((a, b) => a - b);
    const median = t[Math.floor(t.length / 2)]!;
    console.log(`  ${label.padEnd(50)} --sandbox ${mode.padEnd(5)} ${median.toFixed(2)} s  (min ${t[0]!.toFixed(2)}, max ${t.at(-1)!.toFixed(2)}; score ${scores.get(mode)})`);
    return median;
  });
  if (medians.length === 2) console.log(`  ${''.padEnd(50)} the sandbox's cost per grade: ${(medians[0]! - medians[1]!).toFixed(2)} s (median difference)`);
}

// What one sandboxed start costs, measured closer: create the subject, answer one call, dispose.
if (modes.length === 2) {
  const n = Math.max(10, runs * 4);
  console.log(`\none submission process started, asked once and disposed: median of ${n}, the modes alternating`);
  for (const [label, spec] of [
    ['JavaScript module (correct.mjs)', { module: join(ex, 'correct.mjs') }],
    ['Python program (correct.py)', { cmd: `python3 ${join(ex, 'correct.py')}` }],
  ] as const) {
    const times = new Map<string, number[]>(modes.map((m) => [m, []]));
    let isolation = '';
    for (let i = 0; i < n; i++) {
      for (const mode of modes) {
        const t0 = performance.now();
        const s = await createProcessSubject({ ...spec, sandbox: mode as 'auto' | 'off' });
        await s.call('activate', ['relu', [1, -1]]);
        await s.dispose();
        times.get(mode)!.push(performance.now() - t0);
        if (mode === 'auto') isolation = s.isolation;
      }
    }
    const med = (m: string) => times.get(m)!.sort((a, b) => a - b)[Math.floor(n / 2)]!;
    console.log(`  ${label.padEnd(34)} auto ${med('auto').toFixed(0)} ms, off ${med('off').toFixed(0)} ms: the sandbox adds ${(med('auto') - med('off')).toFixed(0)} ms per start`);
    console.log(`      ${isolation}`);
  }
}
