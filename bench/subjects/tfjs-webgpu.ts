/**
 * @tensorflow/tfjs-backend-webgpu on the same Dawn adapter as the accelerated path (float32): the
 * same MLP and step as the tfjs CPU subject (tf.variableGrads / tf.train.sgd), with WebGPU kernels.
 * In Node the backend needs `navigator.gpu` and the WebGPU classes on globalThis; this subject
 * provides both from the `webgpu` package (Dawn) before loading the backend. A step ends when a
 * one-element read of the first weight matrix completes (tfjs offers no other completion signal).
 */
import type { Workload, WorkloadData } from '../workloads.js';
import { importPeer } from './optional.js';
import { TFJS_PACKAGES, loadTf, supportsTfjsMlp, tfjsMlp } from './tfjs-cpu.js';
import type { BenchSubject, PreparedStep } from './types.js';

type Tf = typeof import('@tensorflow/tfjs');

let loaded: Promise<Tf> | undefined;

/** navigator.gpu from Dawn, then the webgpu backend (once per process). */
async function loadTfWebgpu(): Promise<Tf> {
  loaded ??= (async () => {
    const { acquireDevice } = await import('../../accelerated/device.js'); // sets XDG_RUNTIME_DIR, globals, explains a missing adapter
    (await acquireDevice()).release();
    const { create, globals } = (await import('webgpu')) as unknown as { create(o: string[]): unknown; globals: object };
    Object.assign(globalThis, globals);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
    await importPeer('@tensorflow/tfjs-backend-webgpu', [...TFJS_PACKAGES, '@tensorflow/tfjs-backend-webgpu']);
    return loadTf('webgpu');
  })();
  return loaded;
}

export const tfjsWebgpuBench: BenchSubject = {
  name: 'tfjs-webgpu',
  description: '@tensorflow/tfjs-backend-webgpu (float32) on the same Dawn adapter, gradients by tf.variableGrads',
  precision: 'float32',
  supports: supportsTfjsMlp,
  async prepare(w: Workload, data: WorkloadData): Promise<PreparedStep> {
    const tf = await loadTfWebgpu();
    const { W, lossFn, optimizer, params, dispose } = tfjsMlp(tf, w, data); // the same model as tfjs-cpu
    const once = async () => {
      const probe = tf.tidy(() => {
        if (w.kind === 'train-step') optimizer.minimize(lossFn, false);
        else tf.variableGrads(lossFn);
        return tf.slice(W[0]!, [0, 0], [1, 1]);
      });
      await probe.data(); // waits for the GPU work of this step
      probe.dispose();
    };
    await once(); // compile the shaders before timing
    return { step: once, params, dispose };
  },
};
