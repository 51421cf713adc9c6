/**
 * @tensorflow/tfjs on its pure-JS CPU backend (float32), running the same MLP as the reference:
 * Z = A Wᵀ + b, relu/sigmoid/tanh hidden layers, softmax + cross-entropy on the logits (tfjs's fused
 * softmaxCrossEntropy), gradients of every W and b by tf.variableGrads (tfjs's reverse-mode autodiff).
 * train-step adds tf.train.sgd's update. tfjs is an optional peer dependency: without it this subject
 * is skipped with the command that installs it, and the others still run.
 */
import type { ActivationName } from '../../contract/names.js';
import type { Workload, WorkloadData } from '../workloads.js';
import { importPeer } from './optional.js';
import type { BenchSubject, PreparedStep } from './types.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;

const HIDDEN: Partial<Record<ActivationName, (tf: Tf, z: Tensor) => Tensor>> = {
  identity: (_tf, z) => z,
  relu: (tf, z) => tf.relu(z),
  sigmoid: (tf, z) => tf.sigmoid(z),
  tanh: (tf, z) => tf.tanh(z),
};

/** What the tfjs subjects need installed (the webgpu one adds its backend). */
export const TFJS_PACKAGES = ['@tensorflow/tfjs'];

/** Loads tfjs with its console chatter sent to stderr, so `--format json` keeps stdout clean. */
export async function loadTf(backend: string): Promise<Tf> {
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args);
  try {
    const tf = await importPeer<Tf>('@tensorflow/tfjs', TFJS_PACKAGES);
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialise`);
    await tf.ready();
    return tf;
  } finally {
    console.log = log;
  }
}

/** The workloads the tfjs MLP below can run: softmax + cce output, hidden activations tfjs has. */
export function supportsTfjsMlp(w: Workload): boolean {
  return w.loss === 'cce' && w.activations[w.activations.length - 1] === 'softmax' && w.activations.slice(0, -1).every((a) => HIDDEN[a] !== undefined);
}

/** The tfjs variables and data of the workload's MLP, and its loss (the model every tfjs subject runs). */
export interface TfjsMlp {
  W: import('@tensorflow/tfjs').Variable[];
  b: import('@tensorflow/tfjs').Variable[];
  X: Tensor;
  Y: Tensor;
  /** Forward pass and softmax + cce on the logits (tfjs's fused softmaxCrossEntropy). */
  lossFn: () => import('@tensorflow/tfjs').Scalar;
  optimizer: import('@tensorflow/tfjs').Optimizer;
  params: PreparedStep['params'];
  dispose(): void;
}

export function tfjsMlp(tf: Tf, w: Workload, data: WorkloadData): TfjsMlp {
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
    return tf.losses.softmaxCrossEntropy(Y, z) as import('@tensorflow/tfjs').Scalar; // softmax + cce on the logits
  };
  const optimizer = tf.train.sgd(w.lr ?? 0);
  return {
    W,
    b,
    X,
    Y,
    lossFn,
    optimizer,
    params: () => ({ W: W.map((v) => v.arraySync() as number[][]), b: b.map((v) => v.arraySync() as number[]) }),
    dispose() {
      optimizer.dispose();
      tf.dispose([...W, ...b, X, Y]);
    },
  };
}

export const tfjsCpuBench: BenchSubject = {
  name: 'tfjs-cpu',
  description: '@tensorflow/tfjs CPU backend (float32, pure JS), gradients by tf.variableGrads',
  precision: 'float32',
  supports: supportsTfjsMlp,
  async prepare(w: Workload, data: WorkloadData): Promise<PreparedStep> {
    const tf = await loadTf('cpu');
    const m = tfjsMlp(tf, w, data);
    return {
      step() {
        tf.tidy(() => {
          if (w.kind === 'train-step') {
            m.optimizer.minimize(m.lossFn, false);
          } else {
            const { grads } = tf.variableGrads(m.lossFn);
            // The CPU backend computes eagerly; reading one gradient makes sure nothing is deferred.
            grads[m.W[0]!.name]!.dataSync();
          }
        });
      },
      params: m.params,
      dispose: () => m.dispose(),
    };
  },
};
