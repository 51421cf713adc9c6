/**
 * The timing harness: for every (workload, subject) pair, prepare (untimed), run `warmup` steps
 * (JIT compilation, caches, GPU pipelines), then time `steps` steps one by one and report the
 * median — robust to the odd garbage collection or a neighbour's burst on a shared machine.
 */
import os from 'node:os';
import type { BenchSubject } from './subjects.js';
import { MissingPeerError } from './subjects/optional.js';
import { type Workload, type WorkloadData, flopsPerStep, makeData } from './workloads.js';

export interface BenchResult {
  workload: string;
  subject: string;
  precision: string;
  /** Median milliseconds per step. */
  msPerStep: number;
  /** flopsPerStep / median time. */
  gflops: number;
  minMs: number;
  maxMs: number;
  /**
   * Median CPU time (user + system) of this process per step, in ms. On a shared, loaded machine
   * a single-threaded subject's CPU time is steadier than its wall time (waiting for a core is not
   * counted); for a GPU subject it is only the host's share. msPerStep stays the headline figure.
   */
  cpuMsPerStep: number;
  steps: number;
  warmup: number;
}

export interface BenchSkip {
  workload: string;
  subject: string;
  reason: string;
  /**
   * true when the subject failed (an error); false when it does not support the workload or needs an
   * optional package that is not installed (the reason names it).
   */
  failed: boolean;
}

export interface BenchReport {
  device: string;
  /** os.loadavg() when the run ended: 1, 5, 15 minutes (a busy machine explains a slow figure). */
  loadAverage: number[];
  cores: number;
  seed: number;
  results: BenchResult[];
  skipped: BenchSkip[];
}

export interface BenchOptions {
  workloads: readonly Workload[];
  subjects: readonly BenchSubject[];
  steps: number;
  warmup: number;
  seed: number;
  /** Progress lines (the CLI sends them to stderr). */
  progress?: (line: string) => void;
}

/** The machine in words: CPU model, cores, Node version. */
function describeDevice(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() || os.arch();
  return `${model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version} (${os.platform()} ${os.arch()})`;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const { steps, warmup, seed } = opts;
  const say = opts.progress ?? (() => {});
  const results: BenchResult[] = [];
  const skipped: BenchSkip[] = [];
  for (const w of opts.workloads) {
    let data: WorkloadData | undefined;
    for (const s of opts.subjects) {
      if (!s.supports(w)) {
        skipped.push({ workload: w.id, subject: s.name, reason: 'does not support this workload', failed: false });
        say(`${w.id} / ${s.name}: skipped (does not support this workload)`);
        continue;
      }
      data ??= makeData(w, seed);
      say(`${w.id} / ${s.name}: preparing`);
      let prepared;
      try {
        prepared = await s.prepare(w, data);
      } catch (e) {
        const reason = (e as Error)?.message ?? String(e);
        // an optional package not installed is a choice, not a failure: skipped, with how to install it
        const failed = !(e instanceof MissingPeerError);
        skipped.push({ workload: w.id, subject: s.name, reason, failed });
        say(`${w.id} / ${s.name}: ${failed ? 'unavailable' : 'skipped'}: ${reason}`);
        continue;
      }
      try {
        for (let i = 0; i < warmup; i++) {
          await prepared.step();
          say(`${w.id} / ${s.name}: warm-up ${i + 1}/${warmup}`);
        }
        const times: number[] = [];
        const cpuTimes: number[] = [];
        for (let i = 0; i < steps; i++) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          await prepared.step();
          times.push(performance.now() - t0);
          const c = process.cpuUsage(c0);
          cpuTimes.push((c.user + c.system) / 1000);
          say(`${w.id} / ${s.name}: step ${i + 1}/${steps} ${times[i]!.toFixed(1)} ms (cpu ${cpuTimes[i]!.toFixed(1)} ms)`);
        }
        const ms = median(times);
        results.push({
          workload: w.id,
          subject: s.name,
          precision: s.precision,
          msPerStep: ms,
          gflops: flopsPerStep(w) / (ms * 1e6),
          minMs: Math.min(...times),
          maxMs: Math.max(...times),
          cpuMsPerStep: median(cpuTimes),
          steps,
          warmup,
        });
      } catch (e) {
        const reason = (e as Error)?.message ?? String(e);
        skipped.push({ workload: w.id, subject: s.name, reason, failed: true });
        say(`${w.id} / ${s.name}: failed: ${reason}`);
      } finally {
        await prepared.dispose?.();
      }
    }
  }
  return { device: describeDevice(), loadAverage: os.loadavg(), cores: os.cpus().length, seed, results, skipped };
}
