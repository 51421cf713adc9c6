/**
 * The contract implemented with @tensorflow/tfjs on its CPU backend (float32): a real library checked
 * by the oracle. Every function uses the library the way a user would:
 *
 *   activate       tf.sigmoid, tf.tanh, tf.relu, tf.leakyRelu, tf.softplus, tf.elu, tf.step, tf.softmax
 *                  (elu with α ≠ 1, which tf.elu lacks, as tf.where(z ≥ 0, z, α·tf.expm1(z)))
 *   activateGrad   tf.grad of the activation (tfjs's own gradient kernels)
 *   loss           tf.losses.meanSquaredError; tf.metrics.binaryCrossentropy and
 *                  tf.metrics.categoricalCrossentropy averaged over the batch
 *   forward        tf.matMul(a, W, false, true) + b, then the activation
 *   backward       tf.grads of the batch loss with respect to W^l, b^l and a zero tensor added to each
 *                  z^l: δ^l = B · ∂L/∂z^l (the loss is a batch mean), gradW, gradB directly
 *   step           tf.train.sgd / momentum / adagrad / rmsprop / adam, one applyGradients on variables
 *                  made from params; the optimizer's weights (getWeights/setWeights) are the state
 *   perceptronStep tf ops (tf.dot, tf.step) for ŷ and the update
 *
 * The module exports the contract's functions, so the grader's runner can load it in a child process
 * (`nn-oracle replay dist/adapters/tfjs/index.js --precision float32 --profile tfjs`), and
 * `tfjsSubject` for in-process use (the property pack, tests). Where tfjs's conventions differ from
 * the notes, the `tfjs` profile (conventions/profiles.ts) says how; docs/oracle.md lists the findings.
 */
import * as tf from '@tensorflow/tfjs';
import { ContractError } from '../../contract/errors.js';
import type { ActivationName, LossName } from '../../contract/names.js';
import type { BackwardResult, ForwardResult, Matrix, Net, Optimizer, OptimizerState, Params, PerceptronResult, StepResult, Subject, Vector } from '../../contract/types.js';
import { checkActivationName, checkBatch, checkLossArgs, checkNet, checkOptimizer, checkParams, checkTargets, checkVector } from '../../contract/validate.js';

await tf.setBackend('cpu');
await tf.ready();

type T = tf.Tensor;

/** σ(z) with tfjs ops; `alpha` undefined means the library's own default. */
function act(name: ActivationName, z: T, alpha?: number): T {
  switch (name) {
    case 'identity':
      return z;
    case 'step':
      return tf.step(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'relu':
      return tf.relu(z);
    case 'leaky_relu':
      return alpha === undefined ? tf.leakyRelu(z) : tf.leakyRelu(z, alpha);
    case 'softplus':
      return tf.softplus(z);
    case 'elu':
      return alpha === undefined || alpha === 1 ? tf.elu(z) : tf.where(tf.greaterEqual(z, 0), z, tf.mul(alpha, tf.expm1(z)));
    case 'softmax':
      return tf.softmax(z);
  }
}

const vecOut = (t: T): Vector => Array.from(t.dataSync());
const matOut = (t: T): Matrix => t.arraySync() as Matrix;

export function activate(name: ActivationName, z: Vector, alpha?: number): Vector {
  checkActivationName(name, 'name');
  checkVector(z, 'z');
  return tf.tidy(() => vecOut(act(name, tf.tensor1d(z), alpha)));
}

export function activateGrad(name: ActivationName, z: Vector, alpha?: number): Vector {
  checkActivationName(name, 'name');
  checkVector(z, 'z');
  if (name === 'softmax') throw new ContractError('activateGrad is not defined for softmax', { where: 'name', expected: 'an elementwise activation', got: 'softmax' });
  return tf.tidy(() => vecOut(tf.grad((x: T) => act(name, x, alpha))(tf.tensor1d(z))));
}

/** The batch loss as tfjs computes it (a scalar tensor). */
function lossOf(name: LossName, A: T, Y: T): T {
  switch (name) {
    case 'mse':
      return tf.losses.meanSquaredError(Y, A);
    case 'bce':
      return tf.mean(tf.metrics.binaryCrossentropy(Y, A));
    case 'cce':
      return tf.mean(tf.metrics.categoricalCrossentropy(Y, A));
  }
}

export function loss(name: LossName, A: Matrix, Y: Matrix): number {
  checkLossArgs(name, A, Y);
  return tf.tidy(() => lossOf(name, tf.tensor2d(A), tf.tensor2d(Y)).dataSync()[0]!);
}

/** z^l = a^{l−1} Wᵀ + b (rows are examples), a^l = σ(z^l); `eps[l]` is added to z^l (for δ by tf.grads). */
function forwardTensors(layers: Net['layers'], W: T[], b: T[], X: T, eps?: T[]): { z: T[]; a: T[] } {
  const z: T[] = [];
  const a: T[] = [];
  let below = X;
  layers.forEach((layer, l) => {
    let zl = tf.add(tf.matMul(below, W[l]!, false, true), b[l]!);
    if (eps) zl = tf.add(zl, eps[l]!);
    const al = act(layer.activation, zl, layer.alpha);
    z.push(zl);
    a.push(al);
    below = al;
  });
  return { z, a };
}

export function forward(net: Net, X: Matrix): ForwardResult {
  const sizes = checkNet(net);
  checkBatch(X, sizes[0]!);
  return tf.tidy(() => {
    const { z, a } = forwardTensors(
      net.layers,
      net.layers.map((l) => tf.tensor2d(l.W)),
      net.layers.map((l) => tf.tensor1d(l.b)),
      tf.tensor2d(X),
    );
    return { z: z.map(matOut), a: a.map(matOut) };
  });
}

export function backward(net: Net, X: Matrix, Y: Matrix, lossName: LossName): BackwardResult {
  const sizes = checkNet(net);
  const B = checkBatch(X, sizes[0]!);
  checkTargets(net, Y, B, sizes[sizes.length - 1]!, lossName);
  const L = net.layers.length;
  return tf.tidy(() => {
    const Xt = tf.tensor2d(X);
    const Yt = tf.tensor2d(Y);
    const W = net.layers.map((l) => tf.tensor2d(l.W));
    const b = net.layers.map((l) => tf.tensor1d(l.b));
    const eps = net.layers.map((_l, i) => tf.zeros([B, sizes[i + 1]!]));
    const f = (...xs: T[]): tf.Scalar => {
      const { a } = forwardTensors(net.layers, xs.slice(0, L), xs.slice(L, 2 * L), Xt, xs.slice(2 * L));
      return lossOf(lossName, a[L - 1]!, Yt) as tf.Scalar;
    };
    const g = tf.grads(f)([...W, ...b, ...eps]);
    return {
      // ∂L/∂z^l_x = δ^l_x / B because L is the batch mean of E_x
      delta: g.slice(2 * L).map((t) => matOut(tf.mul(t, B))),
      gradW: g.slice(0, L).map(matOut),
      gradB: g.slice(L, 2 * L).map(vecOut),
    };
  });
}

function optimizerOf(opt: Optimizer): tf.Optimizer {
  switch (opt.name) {
    case 'sgd':
      return tf.train.sgd(opt.lr);
    case 'momentum':
      return tf.train.momentum(opt.lr, opt.alpha);
    case 'adagrad':
      return tf.train.adagrad(opt.lr); // tfjs: ε is backend.epsilon() and cannot be set; r₀ = 0.1
    case 'rmsprop':
      return tf.train.rmsprop(opt.lr, opt.rho, 0, opt.eps);
    case 'adam':
      return tf.train.adam(opt.lr, opt.beta1, opt.beta2, opt.eps);
  }
}

/** The adapter's state: the optimizer's weights as tfjs names and orders them (getWeights). */
interface TfjsState {
  optimizer: string;
  weights: { name: string; shape: number[]; values: number[] }[];
}

let callCount = 0;

export async function step(opt: Optimizer, params: Params, grads: Params, state: OptimizerState): Promise<StepResult> {
  checkOptimizer(opt);
  checkParams(params, 'params');
  checkParams(grads, 'grads', params);
  const o = optimizerOf(opt);
  const id = callCount++;
  const flat = [...params.W.map((w) => tf.tensor2d(w)), ...params.b.map((b) => tf.tensor1d(b))];
  const names = flat.map((_t, i) => `nn_oracle_${id}_${i}`);
  const vars = flat.map((t, i) => tf.variable(t, true, names[i]));
  const gList = [...grads.W.map((w) => tf.tensor2d(w)), ...grads.b.map((b) => tf.tensor1d(b))];
  try {
    if (state !== null && state !== undefined) {
      const s = state as TfjsState;
      if (s.optimizer !== opt.name || !Array.isArray(s.weights)) throw new ContractError(`state of another optimizer (${String(s.optimizer)}) given to ${opt.name}`, { where: 'state' });
      await o.setWeights(s.weights.map((w) => ({ name: w.name, tensor: w.name === 'iter' ? tf.scalar(w.values[0]!, 'int32') : tf.tensor(w.values, w.shape) })));
    }
    o.applyGradients(Object.fromEntries(names.map((n, i) => [n, gList[i]!])));
    const weights = await o.getWeights();
    const next: TfjsState = { optimizer: opt.name, weights: weights.map((w) => ({ name: w.name, shape: w.tensor.shape, values: Array.from(w.tensor.dataSync()) })) };
    const L = params.W.length;
    return {
      params: { W: vars.slice(0, L).map((v) => v.arraySync() as Matrix), b: vars.slice(L).map((v) => Array.from(v.dataSync())) },
      state: next,
    };
  } finally {
    o.dispose();
    for (const t of [...flat, ...vars, ...gList]) t.dispose();
  }
}

export function perceptronStep(w: Vector, b: number, x: Vector, y: 0 | 1, lr: number): PerceptronResult {
  checkVector(w, 'w');
  checkVector(x, 'x', { length: w.length });
  return tf.tidy(() => {
    const wt = tf.tensor1d(w);
    const xt = tf.tensor1d(x);
    const s = tf.add(tf.dot(wt, xt), b);
    // ŷ = 1 if w·x + b ≥ 0: tf.step is 0 at 0 (x > 0 ? 1 : α), so use greaterEqual
    const yHat = tf.cast(tf.greaterEqual(s, 0), 'float32');
    const e = tf.sub(y, yHat);
    const w2 = tf.add(wt, tf.mul(tf.mul(lr, e), xt));
    const b2 = tf.add(b, tf.mul(lr, e));
    return { w: vecOut(w2), b: b2.dataSync()[0]! };
  });
}

/** The adapter as an in-process Subject (float32). */
export const tfjsSubject: Subject = {
  name: 'tfjs-cpu',
  precision: 'float32',
  description: `@tensorflow/tfjs ${tf.version.tfjs} on the CPU backend (float32)`,
  fns: { activate, activateGrad, loss, forward, backward, step, perceptronStep },
};
