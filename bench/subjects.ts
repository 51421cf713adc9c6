/**
 * The registry of benchmark subjects. To benchmark another implementation, write a BenchSubject
 * (bench/subjects/types.ts) in bench/subjects/<name>.ts and add it to this list.
 */
import { acceleratedBench } from './subjects/accelerated.js';
import { referenceBench } from './subjects/reference.js';
import { tfjsCpuBench } from './subjects/tfjs-cpu.js';
import { tfjsWebgpuBench } from './subjects/tfjs-webgpu.js';
import type { BenchSubject } from './subjects/types.js';

export type { BenchSubject, PreparedStep } from './subjects/types.js';

export const BENCH_SUBJECTS: BenchSubject[] = [referenceBench, tfjsCpuBench, acceleratedBench, tfjsWebgpuBench];

/** The subjects run when --subjects is not given. */
export const DEFAULT_BENCH_SUBJECTS = ['reference', 'tfjs-cpu'];

export function findBenchSubject(name: string): BenchSubject | undefined {
  return BENCH_SUBJECTS.find((s) => s.name === name);
}
