/**
 * The float64 matrix reference as a benchmark subject. The data is converted to Float64Array once
 * (in prepare); a step is `matrix.backward` (which runs the forward pass and BP1–BP4), plus, for
 * train-step, the sgd update written once in reference/optimizers.ts, applied to every coordinate.
 */
import { float64 } from '../../reference/field.js';
import { type Mat, fromRows, toRows } from '../../reference/matrix/mat.js';
import { type MatNet, backward, toMatNet } from '../../reference/matrix/mlp.js';
import { updateCoordinate } from '../../reference/optimizers.js';
import type { Workload, WorkloadData } from '../workloads.js';
import type { BenchSubject, PreparedStep } from './types.js';

type Hyper = Parameters<typeof updateCoordinate<number>>[2];

/** w ← w − η g on every coordinate, in place (updateCoordinate is the one sgd formula). */
function sgdInPlace(w: Float64Array, g: Float64Array, h: Hyper): void {
  for (let i = 0; i < w.length; i++) w[i] = updateCoordinate(float64, 'sgd', h, w[i]!, g[i]!, [])[0];
}

export const referenceBench: BenchSubject = {
  name: 'reference',
  description: 'float64 matrix reference (reference/matrix: 2×3-tile, k-blocked A·Bᵀ kernel; BP1–BP4)',
  precision: 'float64',
  supports: () => true,
  async prepare(w: Workload, data: WorkloadData): Promise<PreparedStep> {
    const net: MatNet = toMatNet(data.net);
    const X: Mat = fromRows(data.X);
    const Y: Mat = fromRows(data.Y);
    const h: Hyper = { lr: w.lr ?? 0, alpha: 0, rho: 0, beta1: 0, beta2: 0, eps: 0, c1: 1, c2: 1 };
    return {
      step() {
        const g = backward(net, X, Y, w.loss);
        if (w.kind === 'train-step') {
          net.layers.forEach((layer, i) => {
            sgdInPlace(layer.W.data, g.gradW[i]!.data, h);
            sgdInPlace(layer.b, g.gradB[i]!, h);
          });
        }
      },
      params: () => ({ W: net.layers.map((l) => toRows(l.W)), b: net.layers.map((l) => Array.from(l.b)) }),
    };
  },
};
