/**
 * A benchmark subject: something that can run a workload's step. The registry in bench/subjects.ts
 * lists them; an entry is added there (one import, one line) for every implementation benchmarked.
 */
import type { Params } from '../../contract/types.js';
import type { Workload, WorkloadData } from '../workloads.js';

export interface PreparedStep {
  /** Runs one step of the workload to completion (a GPU subject awaits its results). */
  step(): void | Promise<void>;
  /**
   * The subject's current parameters as contract JSON (optional; lets a test check that a
   * train-step really trains, and compare subjects after the same steps). Not timed.
   */
  params?(): Params | Promise<Params>;
  /** Frees what prepare() took (GPU buffers, tensors). */
  dispose?(): void | Promise<void>;
}

export interface BenchSubject {
  /** Id used by --subjects, e.g. "reference", "tfjs-cpu". */
  readonly name: string;
  readonly description: string;
  /** The arithmetic it computes in (shown beside its times). */
  readonly precision: 'float64' | 'float32';
  /** Whether this subject can run the workload (e.g. a kind it does not implement). */
  supports(w: Workload): boolean;
  /**
   * Sets up one workload: converts the data to the subject's own form, uploads it, compiles.
   * Not timed. Throws (with a reason) when the subject is unavailable here, e.g. no GPU.
   */
  prepare(w: Workload, data: WorkloadData): Promise<PreparedStep>;
}
