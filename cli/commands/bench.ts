/**
 * nn-oracle bench: times the workloads of bench/workloads.ts on the subjects of bench/subjects.ts
 * (median of several steps after warm-up) and prints ms per step, GFLOP/s and the ratio to the
 * first subject. Progress goes to stderr; the table or the JSON report to stdout.
 */
import { UnknownNameError } from '../../contract/errors.js';
import { type BenchReport, runBench } from '../../bench/harness.js';
import { BENCH_SUBJECTS, DEFAULT_BENCH_SUBJECTS, findBenchSubject } from '../../bench/subjects.js';
import { DEFAULT_WORKLOADS, WORKLOADS, type Workload, findWorkload, flopsPerStep } from '../../bench/workloads.js';
import { formatOption, intOption, listOption, parseCommandArgs, seedOption } from '../args.js';
import { QUIET_HELP, QUIET_OPTION, createProgress } from '../progress.js';

export const help = `usage: nn-oracle bench [options]

Times one step of each workload on each subject: warm-up steps, then the median of --steps timed
steps. FLOPs counted as 2 per multiply-add of the matrix products (+2 per parameter for sgd);
see docs/performance.md.

options:
  --workload ID[,ID]   workloads to run, or "all" (default: ${DEFAULT_WORKLOADS.join(',')})
                       ${WORKLOADS.map((w) => `${w.id}: ${w.description}`).join('\n                       ')}
  --subjects S[,S]     subjects to compare (default: ${DEFAULT_BENCH_SUBJECTS.join(',')}); known: ${BENCH_SUBJECTS.map((s) => s.name).join(', ')}
  --steps N            timed steps per pair; the median is reported (default 7)
  --warmup N           untimed steps first, for the JIT to settle (default 5)
  --seed S             seed of the network and data (default 1)
  --format text|json   json: { "device", "results": [ { "workload", "subject", "msPerStep", "gflops", ... } ], "skipped" }
  ${QUIET_HELP}

The tfjs subjects need optional packages that nn-oracle does not install for everyone: without them
they are skipped with the command that installs them (npm install @tensorflow/tfjs, and
@tensorflow/tfjs-backend-webgpu for tfjs-webgpu). Exit status 1 when a subject failed.
`;


export function formatText(report: BenchReport, workloads: readonly Workload[]): string {
  const lines: string[] = [`device: ${report.device}`, ''];
  for (const w of workloads) {
    const rows = report.results.filter((r) => r.workload === w.id);
    lines.push(`${w.id}: ${w.description} (${(flopsPerStep(w) / 1e6).toFixed(1)} MFLOP per step)`);
    if (rows.length === 0) lines.push('  (no results)');
    const base = rows[0];
    const width = Math.max(8, ...rows.map((r) => r.subject.length));
    lines.push(`  ${'subject'.padEnd(width)}  precision  ms/step (median)  min–max ms       cpu ms/step  GFLOP/s  time / ${base?.subject ?? '-'}'s`);
    for (const r of rows) {
      const ratio = base ? r.msPerStep / base.msPerStep : 1;
      const vs = r === base ? '1.00×' : `${ratio.toFixed(2)}× (${ratio >= 1 ? `${base!.subject} ${ratio.toFixed(2)}× faster` : `${r.subject} ${(1 / ratio).toFixed(2)}× faster`})`;
      lines.push(
        `  ${r.subject.padEnd(width)}  ${r.precision.padEnd(9)}  ${r.msPerStep.toFixed(1).padStart(16)}  ${`${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)}`.padEnd(15)}  ${r.cpuMsPerStep.toFixed(1).padStart(11)}  ${r.gflops.toFixed(2).padStart(7)}  ${vs}`,
      );
    }
    for (const s of report.skipped.filter((x) => x.workload === w.id)) lines.push(`  ${s.subject.padEnd(width)}  ${s.failed ? 'unavailable' : 'skipped'}: ${s.reason}`);
    lines.push('');
  }
  lines.push(`median of ${report.results[0]?.steps ?? '-'} steps after ${report.results[0]?.warmup ?? '-'} warm-up steps; seed ${report.seed}; load average ${report.loadAverage.map((x) => x.toFixed(2)).join(' ')} on ${report.cores} cores`);
  lines.push('ms/step is wall time; cpu ms/step is this process\'s CPU time (steadier when the machine is shared).');
  return lines.join('\n');
}

const OPTIONS = {
  workload: { type: 'string' },
  subjects: { type: 'string' },
  steps: { type: 'string' },
  warmup: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  ...QUIET_OPTION,
} as const;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench', argv, OPTIONS);
  const format = formatOption(values.format, ['text', 'json'], 'text');
  const wanted = listOption(values.workload, '--workload') ?? DEFAULT_WORKLOADS;
  const workloads = wanted.includes('all')
    ? WORKLOADS
    : wanted.map((id) => findWorkload(id) ?? (() => { throw new UnknownNameError('workload', id, WORKLOADS.map((w) => w.id), '--workload'); })());
  const subjects = (listOption(values.subjects, '--subjects') ?? DEFAULT_BENCH_SUBJECTS).map(
    (name) => findBenchSubject(name) ?? (() => { throw new UnknownNameError('subject', name, BENCH_SUBJECTS.map((s) => s.name), '--subjects'); })(),
  );
  const progress = createProgress({ label: 'bench', quiet: values.quiet });
  const report = await runBench({
    workloads,
    subjects,
    steps: intOption(values.steps, '--steps', { min: 1 }) ?? 7,
    warmup: intOption(values.warmup, '--warmup', { min: 0 }) ?? 5,
    seed: seedOption(values.seed) ?? 1,
    progress: (line) => progress.status(line),
  });
  progress.done();
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${formatText(report, workloads)}\n`);
  return report.skipped.some((s) => s.failed) ? 1 : 0;
}
