/**
 * The accelerated path (accelerated/, WGSL kernels on Dawn, float32) as a benchmark subject. The
 * network, the batch, the gradients and the optimizer state stay on the device; one step records
 * forward, BP1–BP4 and the sgd update into one command buffer and waits until the queue has run it
 * (no read-back). The adapter is named in the description the harness prints.
 */
import { resolveAlpha } from '../../contract/validate.js';
import type { Workload, WorkloadData } from '../workloads.js';
import type { BenchSubject, PreparedStep } from './types.js';

export const acceleratedBench: BenchSubject = {
  name: 'accelerated',
  description: 'accelerated/ WebGPU path (WGSL, Dawn; float32): tiled matmul, BP1–BP4 kernels, sgd on the device',
  precision: 'float32',
  supports: () => true,
  async prepare(w: Workload, data: WorkloadData): Promise<PreparedStep> {
    const { acquireDevice, Gpu, GpuMlp } = await import('../../accelerated/index.js');
    const acquired = await acquireDevice();
    const gpu = new Gpu(acquired);
    const net = data.net;
    const m = new GpuMlp(gpu, {
      sizes: [net.layers[0]!.W[0]!.length, ...net.layers.map((l) => l.W.length)],
      activations: net.layers.map((l) => l.activation),
      alphas: net.layers.map((l) => resolveAlpha(l.activation, l.alpha)),
    });
    m.setParams({ W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) });
    const plan = m.setBatch(w.batch, data.X, data.Y);
    const opt = { name: 'sgd' as const, lr: w.lr ?? 0 };
    /** One step of the workload, recorded and submitted (no read-back). */
    const encodeStep = () => {
      if (w.kind === 'train-step') m.trainStep(plan, w.loss, opt);
      else {
        m.encodeForward(plan);
        m.encodeBackward(plan, w.loss);
        m.flush();
      }
    };
    encodeStep(); // compile every pipeline before timing
    await gpu.idle();
    process.stderr.write(`accelerated: ${w.id} on adapter ${acquired.label}\n`);
    return {
      async step() {
        encodeStep();
        await gpu.idle();
      },
      params: () => m.readParams(),
      dispose() {
        m.dispose();
        acquired.release();
      },
    };
  },
};
