/**
 * @tensorflow/tfjs-backend-webgpu on the same Dawn adapter as the accelerated path (float32): the
 * same MLP and step as the tfjs CPU subject (tf.variableGrads / tf.train.sgd), with WebGPU kernels.
 * In Node the backend needs `navigator.gpu` and the WebGPU classes on globalThis; this subject
 * provides both from the `webgpu` package (Dawn) before loading the backend. A step ends when a
 * one-element read of the first weight matrix completes (tfjs offers no other completion signal).
 */
import type { ActivationName } from '../../contract/names.js';
import type { Workload, WorkloadData } from '../workloads.js';
import { loadTf } from './tfjs-cpu.js';
import type { BenchSubject, PreparedStep } from './types.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;

const HIDDEN: Partial<Record<ActivationName, (tf: Tf, z: Tensor) => Tensor>> = {
  identity: (_tf, z) => z,
  relu: (tf, z) => tf.relu(z),
  sigmoid: (tf, z) => tf.sigmoid(z),
  tanh: (tf, z) => tf.tanh(z),
};

let loaded: Promise<Tf> | undefined;

/** navigator.gpu from Dawn, then the webgpu backend (once per process). */
async function loadTfWebgpu(): Promise<Tf> {
  loaded ??= (async () => {
    const { acquireDevice } = await import('../../accelerated/device.js'); // sets XDG_RUNTIME_DIR, globals, explains a missing adapter
    (await acquireDevice()).release();
    const { create, globals } = (await import('webgpu')) as unknown as { create(o: string[]): unknown; globals: object };
    Object.assign(globalThis, globals);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
    await import('@tensorflow/tfjs-backend-webgpu');
    return loadTf('webgpu');
  })();
  return loaded;
}

export const tfjsWebgpuBench: BenchSubject = {
  name: 'tfjs-webgpu',
  description: '@tensorflow/tfjs-backend-webgpu (float32) on the same Dawn adapter, gradients by tf.variableGrads',
  precision: 'float32',
  supports: (w) => w.loss === 'cce' && w.activations[w.activations.length - 1] === 'softmax' && w.activations.slice(0, -1).every((a) => HIDDEN[a] !== undefined),
  async prepare(w: Workload, data: WorkloadData): Promise<PreparedStep> {
    const tf = await loadTfWebgpu();
    const W = data.net.layers.map((l, i) => tf.variable(tf.tensor2d(l.W), true, `W${i + 1}`));
    const b = data.net.layers.map((l, i) => tf.variable(tf.tensor1d(l.b), true, `b${i + 1}`));
    const X = tf.tensor2d(data.X);
    const Y = tf.tensor2d(data.Y);
    const L = W.length;
    const lossFn = () => {
      let a: Tensor = X;
      let z: Tensor = X;
      for (let l = 0; l < L; l++) {
        z = tf.add(tf.matMul(a, W[l]!, false, true), b[l]!); // Z^l = A^{l−1} (W^l)ᵀ + b^l
        if (l < L - 1) a = HIDDEN[w.activations[l]!]!(tf, z);
      }
      return tf.losses.softmaxCrossEntropy(Y, z) as import('@tensorflow/tfjs').Scalar;
    };
    const optimizer = tf.train.sgd(w.lr ?? 0);
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
    return {
      step: once,
      params: () => ({ W: W.map((v) => v.arraySync() as number[][]), b: b.map((v) => v.arraySync() as number[]) }),
      dispose() {
        optimizer.dispose();
        tf.dispose([...W, ...b, X, Y]);
      },
    };
  },
};
