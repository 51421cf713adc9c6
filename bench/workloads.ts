/**
 * Benchmark workloads: what one timed "step" is, on which network and batch, and how many
 * floating-point operations it takes. Every subject (bench/subjects.ts) runs the same workload on
 * the same data, generated from one seed, so their times compare.
 *
 * FLOP count (documented in docs/performance.md). We count the multiply-adds of the matrix
 * products, 2 FLOPs each — the convention of BLAS benchmarks and of tfjs's profiler — and the
 * optimizer's update; elementwise work (bias add, σ, σ′, the loss, the Hadamard products) is
 * O(B·n) against the products' O(B·n²) and is left out (< 1 % here). For layer sizes
 * n_0 … n_L and batch B:
 *   forward   Σ_{l=1..L} 2·B·n_{l−1}·n_l        Z^l = A^{l−1} (W^l)ᵀ
 *   BP4       Σ_{l=1..L} 2·B·n_{l−1}·n_l        ∂E/∂W^l = (1/B) (Δ^l)ᵀ A^{l−1}
 *   BP2       Σ_{l=2..L} 2·B·n_l·n_{l−1}        Δ^{l−1} ∝ Δ^l W^l (not needed below layer 1)
 *   sgd       2 per parameter                    w ← w − η g  (train-step workloads only)
 * For 784-256-128-10 at B = 256: forward 120.2 M, BP4 120.2 M, BP2 17.4 M: 257.8 MFLOP per fwd+bwd.
 */
import type { ActivationName, LossName } from '../contract/names.js';
import type { Matrix, Net } from '../contract/types.js';
import { initNet } from '../reference/learning/init.js';
import { createRng } from '../reference/learning/rng.js';

/**
 * fwd-bwd:    forward + backward (all of z, a, δ, ∂E/∂W, ∂E/∂b), parameters unchanged.
 * train-step: forward + backward + one sgd update of every weight and bias (parameters change).
 */
export type WorkloadKind = 'fwd-bwd' | 'train-step';

export interface Workload {
  readonly id: string;
  readonly kind: WorkloadKind;
  readonly description: string;
  /** Layer sizes n_0 … n_L. */
  readonly sizes: readonly number[];
  /** Activation of layers 1 … L. */
  readonly activations: readonly ActivationName[];
  readonly loss: LossName;
  /** Batch size B. */
  readonly batch: number;
  /** Learning rate of the sgd update (train-step only). */
  readonly lr?: number;
}

const MNIST_MLP = {
  sizes: [784, 256, 128, 10],
  activations: ['relu', 'relu', 'softmax'] as ActivationName[],
  loss: 'cce' as LossName,
};

/**
 * The workload list. Issue 3 asks for fwd-bwd-b256 (reference vs tfjs CPU); the train-step
 * workloads (fwd + bwd + sgd at batch 256 and 4096) are for the accelerated path's comparison.
 * Add a workload here; every subject whose supports() accepts it runs it.
 */
export const WORKLOADS: Workload[] = [
  {
    id: 'fwd-bwd-b256',
    kind: 'fwd-bwd',
    description: 'MLP 784-256-128-10 (relu, relu, softmax; cce), batch 256: forward + backward',
    ...MNIST_MLP,
    batch: 256,
  },
  {
    id: 'train-step-b256',
    kind: 'train-step',
    description: 'MLP 784-256-128-10 (relu, relu, softmax; cce), batch 256: forward + backward + sgd (lr 0.01)',
    ...MNIST_MLP,
    batch: 256,
    lr: 0.01,
  },
  {
    id: 'train-step-b4096',
    kind: 'train-step',
    description: 'MLP 784-256-128-10 (relu, relu, softmax; cce), batch 4096: forward + backward + sgd (lr 0.01)',
    ...MNIST_MLP,
    batch: 4096,
    lr: 0.01,
  },
];

/** The workloads run when --workload is not given (the reference against tfjs). */
export const DEFAULT_WORKLOADS = ['fwd-bwd-b256'];

export function findWorkload(id: string): Workload | undefined {
  return WORKLOADS.find((w) => w.id === id);
}

/** Floating-point operations of one step, by the count in this file's header. */
export function flopsPerStep(w: Workload): number {
  const { sizes, batch: B } = w;
  let flops = 0;
  for (let l = 1; l < sizes.length; l++) {
    const prod = 2 * B * sizes[l - 1]! * sizes[l]!;
    flops += prod; // forward
    flops += prod; // BP4
    if (l >= 2) flops += prod; // BP2 into layer l − 1
  }
  if (w.kind === 'train-step') flops += 2 * parameterCount(w);
  return flops;
}

export function parameterCount(w: Workload): number {
  let p = 0;
  for (let l = 1; l < w.sizes.length; l++) p += w.sizes[l]! * (w.sizes[l - 1]! + 1);
  return p;
}

/** The workload's data: a Glorot-uniform net, inputs uniform in [0, 1), one-hot targets. */
export interface WorkloadData {
  net: Net;
  X: Matrix;
  Y: Matrix;
}

export function makeData(w: Workload, seed = 1): WorkloadData {
  const net = initNet(w.sizes, w.activations, { seed });
  const rng = createRng(seed).fork(1);
  const n0 = w.sizes[0]!;
  const nL = w.sizes[w.sizes.length - 1]!;
  const X: Matrix = [];
  const Y: Matrix = [];
  for (let x = 0; x < w.batch; x++) {
    X.push(Array.from({ length: n0 }, () => rng.uniform()));
    const k = rng.int(0, nL - 1);
    Y.push(Array.from({ length: nL }, (_, i) => (i === k ? 1 : 0)));
  }
  return { net, X, Y };
}
