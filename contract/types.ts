/**
 * The contract's data types. Values are plain JSON-able data: numbers, nested arrays, objects.
 * See docs/contract.md for the prose version; this file is the authoritative TypeScript form.
 */
import type { ActivationName, LossName } from './names.js';

export type Vector = number[];
/** Row-major nested array; a batch has one row per example. */
export type Matrix = number[][];

/**
 * Layer l: `W` has n_l rows and n_{l−1} columns; row j holds the weights *into* unit j
 * (w_jk from unit k of the layer below, as in the notes). `b` has length n_l.
 */
export interface Layer {
  W: Matrix;
  b: Vector;
  activation: ActivationName;
  /** Slope parameter for leaky_relu (default 0.01) and elu (default 1). */
  alpha?: number;
}

export interface Net {
  layers: Layer[];
}

/** forward(net, X): z[l], a[l] are B × n_l for l = 1..L (index 0 of the arrays is layer 1). */
export interface ForwardResult {
  z: Matrix[];
  a: Matrix[];
}

/**
 * backward(net, X, Y, loss): δ^l per example (B × n_l), and the gradients of the batch-mean loss:
 * gradB[l] = mean_x δ^l_x (BP3), gradW[l] = mean_x δ^l_x (a^{l−1}_x)ᵀ (BP4).
 */
export interface BackwardResult {
  delta: Matrix[];
  gradW: Matrix[];
  gradB: Vector[];
}

export interface Params {
  W: Matrix[];
  b: Vector[];
}

export type Optimizer =
  | { name: 'sgd'; lr: number }
  | { name: 'momentum'; lr: number; alpha: number }
  | { name: 'adagrad'; lr: number; eps: number }
  | { name: 'rmsprop'; lr: number; rho: number; eps: number }
  | { name: 'adam'; lr: number; beta1: number; beta2: number; eps: number };

/** Opaque JSON optimizer state; null before the first step. */
export type OptimizerState = unknown;

export interface StepResult {
  params: Params;
  state: OptimizerState;
}

export interface PerceptronResult {
  w: Vector;
  b: number;
}

/** The contract's functions, synchronous form (how the reference implements them). */
export interface ContractFunctions {
  activate(name: ActivationName, z: Vector, alpha?: number): Vector;
  activateGrad(name: ActivationName, z: Vector, alpha?: number): Vector;
  loss(name: LossName, A: Matrix, Y: Matrix): number;
  forward(net: Net, X: Matrix): ForwardResult;
  backward(net: Net, X: Matrix, Y: Matrix, lossName: LossName): BackwardResult;
  step(opt: Optimizer, params: Params, grads: Params, state: OptimizerState): StepResult;
  perceptronStep(w: Vector, b: number, x: Vector, y: 0 | 1, lr: number): PerceptronResult;
}

export type Awaitable<T> = T | Promise<T>;

/** The same functions where each may answer asynchronously (a GPU, a child process). */
export type AsyncContractFunctions = {
  [K in keyof ContractFunctions]: (
    ...args: Parameters<ContractFunctions[K]>
  ) => Awaitable<ReturnType<ContractFunctions[K]>>;
};

/**
 * A Subject is anything that implements (a subset of) the contract: the matrix reference, the
 * scalar reference in Decimal, the WebGPU path, a student's program, a library adapter.
 * Every property and every grading check is written once against a Subject.
 */
export interface Subject {
  /** Short id, e.g. "reference", "decimal", "accelerated", "student:foo.py". */
  readonly name: string;
  /** The arithmetic the subject computes in; decides which tolerance model applies. */
  readonly precision: Precision;
  /** Human description, e.g. the GPU adapter. */
  readonly description?: string;
  /** The functions it implements; a missing one is reported as missing, never as failing. */
  readonly fns: Partial<AsyncContractFunctions>;
  /** Release resources (GPU device, child process). */
  dispose?(): Promise<void>;
}

export type Precision = 'float64' | 'float32' | 'decimal';
