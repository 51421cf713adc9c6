/**
 * Benchmark (not a test): wall time of grading one submission with default settings, end to end —
 * `nn-oracle grade <correct example>` as an instructor runs it (process start, the submission's
 * process, every check with its default runs, shrinking, the report). Median of N runs.
 *
 *   npm run build && node dist/bench/grade.js [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) throw new Error('build first: npm run build');
const runs = Number(process.argv[2] ?? 3);
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
  const times: number[] = [];
  let score = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [main, 'grade', ...args, '--format', 'json', '--quiet'], { encoding: 'utf8' });
    times.push((performance.now() - t0) / 1000);
    const j = JSON.parse(r.stdout) as { score: number; maxScore: number };
    score = `${j.score}/${j.maxScore}`;
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(50)} ${times[Math.floor(times.length / 2)]!.toFixed(1)} s  (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}; score ${score})`);
}
