/**
 * Bad input gets a typed error (docs/contract.md "Typed errors", contract/errors.ts), never a NaN that
 * travels on, a result, a hang or a crash.
 *
 *  - contract.rejects-invalid-input: every contract function the subject implements is sent inputs the
 *    contract forbids — a Y of the wrong width, NaN and ±Infinity, unknown activation, loss and optimizer
 *    names, ragged and empty arrays, softmax in a hidden layer, a loss that does not fit the output, … —
 *    and must refuse each with the error the contract names (its `code`: SHAPE, NON_FINITE,
 *    UNKNOWN_NAME, RAGGED, EMPTY, CONTRACT, INVALID_ARGUMENT).
 *    A subject behind a process boundary (a student's program: runner/process.ts) cannot raise our
 *    classes: what it raised arrives as a SubmissionThrewError carrying its message. For such a subject
 *    the property judges the refusal, not the class: any SubmissionThrewError counts as refused; a
 *    result, a time-out, a crash or an unresponsive program is a failure. An in-process subject must
 *    throw the NnOracleError with the expected code; a TypeError from deep inside is a failure.
 *  - reference.rejects-invalid-input: the same cases against the reference's own scalar and Decimal
 *    subjects, and every other validating entry point of the reference (step's ranges and state,
 *    initNet, train, batch norm, the penalties, the data splits, the schedules, the constructions, the
 *    matrix level's shape checks) with the error each documents.
 *
 * Every case runs in every run (they are cheap); the random part is the valid input each is made from.
 */
import * as fc from 'fast-check';
import { NnOracleError, SubmissionCrashError, SubmissionThrewError, SubmissionTimeoutError, SubmissionUnresponsiveError, type ErrorCode } from '../contract/errors.js';
import type { ContractFunctionName } from '../contract/names.js';
import type { Matrix, Net, Params, Subject } from '../contract/types.js';
import { autodiffNetLoss } from '../reference/autodiff.js';
import { grid, reluInterpolant, sigmoidEdge } from '../reference/constructions/approx.js';
import { experiment } from '../reference/constructions/experiments.js';
import { allInputs, compileBoolean, parityTree, perceptronLearn } from '../reference/constructions/logic.js';
import { chainNet } from '../reference/constructions/theory.js';
import { decimal50, float64 } from '../reference/field.js';
import { backward as refBackward } from '../reference/index.js';
import { batchNormBackward, batchNormForward, initBatchNorm } from '../reference/learning/batchnorm.js';
import { initNet } from '../reference/learning/init.js';
import { penalty, penaltyGrad } from '../reference/learning/regularization.js';
import { createRng, normaliseSeed } from '../reference/learning/rng.js';
import { learningRate } from '../reference/learning/schedule.js';
import { crossValidate, fitStandardizer, kFold, shuffleTogether, standardize, train, trainValidationSplit } from '../reference/learning/train.js';
import * as M from '../reference/matrix/index.js';
import { step } from '../reference/optimizers.js';
import { decimalSubject, moveNet, netToField, perturbNet, scalarBackward, scalarForward, scalarLoss, scalarSubject } from '../reference/scalar/index.js';
import { netCaseArb, type NetCase } from './arbitraries.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

/** One bad input: the function, its arguments, and the error code the contract names for it. */
export interface BadCall {
  fn: ContractFunctionName;
  what: string;
  args: unknown[];
  code: ErrorCode;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const paramsOf = (net: Net): Params => ({ W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) });

/** The bad calls made from one valid case (every contract function, several ways each). */
export function badCalls(c: NetCase): BadCall[] {
  const { net, X, Y, loss } = c;
  const L = net.layers.length;
  const out = net.layers[L - 1]!;
  const wider = X.map((r) => [...r, 0.5]);
  const withNaN = (M: Matrix): Matrix => M.map((r, i) => r.map((v, j) => (i === 0 && j === 0 ? NaN : v)));
  const ragged: Matrix = [...X.map((r) => r.slice()), [...X[0]!, 1]];
  const netWith = (f: (n: Net) => void): Net => {
    const n = clone(net);
    f(n);
    return n;
  };
  const twoLayers: Net = { layers: [{ W: [[1, -1]], b: [0], activation: 'softmax' }, { W: [[1]], b: [0], activation: 'sigmoid' }] };
  const params = paramsOf(net);
  const grads = paramsOf(net);
  const A = Y.map((r) => r.map(() => 0.5));
  const calls: BadCall[] = [
    { fn: 'forward', what: 'X one column wider than n_0', args: [net, wider], code: 'SHAPE' },
    { fn: 'forward', what: 'NaN in X', args: [net, withNaN(X)], code: 'NON_FINITE' },
    { fn: 'forward', what: 'Infinity in W¹', args: [netWith((n) => (n.layers[0]!.W[0]![0] = Infinity)), X], code: 'NON_FINITE' },
    { fn: 'forward', what: 'an unknown activation "swish"', args: [netWith((n) => ((n.layers[0] as { activation: string }).activation = 'swish')), X], code: 'UNKNOWN_NAME' },
    { fn: 'forward', what: 'a ragged X (a longer last row)', args: [net, ragged], code: 'RAGGED' },
    { fn: 'forward', what: 'an empty batch X = []', args: [net, []], code: 'EMPTY' },
    { fn: 'forward', what: 'a net without layers', args: [{ layers: [] }, X], code: 'EMPTY' },
    { fn: 'forward', what: 'b¹ one entry longer than W¹ has rows', args: [netWith((n) => n.layers[0]!.b.push(0)), X], code: 'SHAPE' },
    { fn: 'forward', what: 'softmax in a hidden layer', args: [twoLayers, [[0, 1]]], code: 'CONTRACT' },
    { fn: 'backward', what: 'Y one column wider than the output (n_L)', args: [net, X, Y.map((r) => [...r, 0]), loss], code: 'SHAPE' },
    { fn: 'backward', what: 'Y with one row more than X', args: [net, X, [...Y, Y[0]!], loss], code: 'SHAPE' },
    { fn: 'backward', what: 'NaN in Y', args: [net, X, withNaN(Y), loss], code: 'NON_FINITE' },
    { fn: 'backward', what: 'an unknown loss "hinge"', args: [net, X, Y, 'hinge'], code: 'UNKNOWN_NAME' },
    { fn: 'backward', what: 'X one column wider than n_0', args: [net, wider, Y, loss], code: 'SHAPE' },
    { fn: 'loss', what: 'an unknown loss "hinge"', args: ['hinge', A, Y], code: 'UNKNOWN_NAME' },
    { fn: 'loss', what: 'Y one column wider than A', args: ['mse', A, Y.map((r) => [...r, 0])], code: 'SHAPE' },
    { fn: 'loss', what: 'NaN in A', args: ['mse', withNaN(A), Y], code: 'NON_FINITE' },
    { fn: 'loss', what: 'bce with an output 1.5 outside [0, 1]', args: ['bce', A.map((r) => r.map(() => 1.5)), Y.map((r) => r.map(() => 1))], code: 'INVALID_ARGUMENT' },
    { fn: 'loss', what: 'cce with a negative output', args: ['cce', A.map((r) => r.map(() => -0.25)), Y.map((r) => r.map(() => 1))], code: 'INVALID_ARGUMENT' },
    { fn: 'activate', what: 'an unknown activation "swish"', args: ['swish', [0]], code: 'UNKNOWN_NAME' },
    { fn: 'activate', what: 'NaN in z', args: ['sigmoid', [0, NaN]], code: 'NON_FINITE' },
    { fn: 'activate', what: 'an empty z', args: ['tanh', []], code: 'EMPTY' },
    { fn: 'activate', what: 'z not an array', args: ['relu', 3], code: 'RAGGED' },
    { fn: 'activate', what: 'α = NaN', args: ['leaky_relu', [1], NaN], code: 'NON_FINITE' },
    { fn: 'activateGrad', what: 'softmax (its derivative is a Jacobian)', args: ['softmax', [0, 1]], code: 'CONTRACT' },
    { fn: 'activateGrad', what: 'an unknown activation "swish"', args: ['swish', [0]], code: 'UNKNOWN_NAME' },
    { fn: 'activateGrad', what: '-Infinity in z', args: ['elu', [-Infinity]], code: 'NON_FINITE' },
    { fn: 'step', what: 'an unknown optimizer "lion"', args: [{ name: 'lion', lr: 0.1 }, params, grads, null], code: 'UNKNOWN_NAME' },
    { fn: 'step', what: 'lr = NaN', args: [{ name: 'sgd', lr: NaN }, params, grads, null], code: 'NON_FINITE' },
    { fn: 'step', what: 'momentum without its α', args: [{ name: 'momentum', lr: 0.1 }, params, grads, null], code: 'INVALID_ARGUMENT' },
    { fn: 'step', what: 'grads with one layer too many', args: [{ name: 'sgd', lr: 0.1 }, params, { W: [...grads.W, [[0]]], b: [...grads.b, [0]] }, null], code: 'SHAPE' },
    { fn: 'step', what: 'grads with a W¹ row too many', args: [{ name: 'sgd', lr: 0.1 }, params, { W: [[...grads.W[0]!, grads.W[0]![0]!], ...grads.W.slice(1)], b: grads.b }, null], code: 'SHAPE' },
    { fn: 'step', what: 'NaN in the gradient', args: [{ name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, params, { W: [withNaN(grads.W[0]!), ...grads.W.slice(1)], b: grads.b }, null], code: 'NON_FINITE' },
    { fn: 'perceptronStep', what: 'x longer than w', args: [[1, 2], 0, [1, 2, 3], 1, 1], code: 'SHAPE' },
    { fn: 'perceptronStep', what: 'a label y = 2', args: [[1, 2], 0, [1, 2], 2, 1], code: 'INVALID_ARGUMENT' },
    { fn: 'perceptronStep', what: 'NaN in w', args: [[NaN, 2], 0, [1, 2], 1, 1], code: 'NON_FINITE' },
    { fn: 'perceptronStep', what: 'b = NaN', args: [[1, 2], NaN, [1, 2], 1, 1], code: 'NON_FINITE' },
    { fn: 'perceptronStep', what: 'lr = Infinity', args: [[1, 2], 0, [1, 2], 0, Infinity], code: 'NON_FINITE' },
  ];
  // a loss that does not fit the output activation (bce/cce need sigmoid or softmax outputs)
  if (out.activation !== 'sigmoid' && out.activation !== 'softmax') calls.push({ fn: 'backward', what: `bce after a ${out.activation} output`, args: [net, X, Y.map((r) => r.map(() => 1)), 'bce'], code: 'CONTRACT' });
  else calls.push({ fn: 'backward', what: `a valid loss after ${out.activation}, Y one row short`, args: [net, X, Y.slice(0, -1).length ? Y.slice(0, -1) : [], loss], code: Y.length > 1 ? 'SHAPE' : 'EMPTY' });
  if (L >= 2) calls.push({ fn: 'forward', what: 'W² with a column too many (n_1 + 1)', args: [netWith((n) => n.layers[1]!.W.forEach((r) => r.push(0))), X], code: 'SHAPE' });
  return calls;
}

/** How the subject answered one bad call: null when it refused as it should, else what went wrong. */
export async function judgeRefusal(subject: Subject, b: BadCall): Promise<string | null> {
  let result: unknown;
  try {
    result = await call(subject, b.fn, ...(b.args as Parameters<typeof call>[2][]) as never);
  } catch (thrown) {
    // an in-process subject's error arrives wrapped, the original as `cause`: its class is judged
    const e = thrown instanceof SubmissionThrewError && (thrown as { cause?: unknown }).cause !== undefined ? (thrown as { cause?: unknown }).cause : thrown;
    if (e instanceof SubmissionThrewError) return null; // behind a process boundary: refused (the class cannot cross it)
    if (e instanceof SubmissionTimeoutError || e instanceof SubmissionCrashError || e instanceof SubmissionUnresponsiveError) return `${(e as Error).name}: ${(e as Error).message} (a hang or a crash, not a refusal)`;
    if (e instanceof NnOracleError) return e.code === b.code ? null : `${e.name} (code ${e.code}), expected code ${b.code}: ${e.message}`;
    return `an untyped ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)} (expected an NnOracleError with code ${b.code})`;
  }
  return `a result, ${JSON.stringify(result)?.slice(0, 120)} (expected a ${b.code} error)`;
}

const baseArb = netCaseArb({ depth: [1, 3], width: [1, 4], batch: [1, 3] });

export const rejectsInvalidInput: Property<NetCase | null> = {
  id: 'contract.rejects-invalid-input',
  concept:
    'every contract function refuses input the contract forbids with the typed error it names: wrong shapes (a Y of the wrong width) SHAPE, NaN/±Infinity NON_FINITE, unknown names UNKNOWN_NAME, ragged RAGGED, empty EMPTY, forbidden uses CONTRACT, out of range INVALID_ARGUMENT (docs/contract.md "Typed errors"); behind a process boundary, any SubmissionThrewError counts as the refusal',
  requires: [],
  defaultRuns: 8,
  arbitrary: (ctx) => (Object.keys(ctx.subject.fns).length ? baseArb : fc.constant(null)),
  async check(subject, c) {
    if (c === null) return; // the subject implements nothing
    for (const b of badCalls(c)) {
      if (typeof subject.fns[b.fn] !== 'function') continue;
      const wrong = await judgeRefusal(subject, b);
      if (wrong) throw new PropertyFailure({ what: `${b.fn} given ${b.what}`, expected: `refused with a ${b.code} error`, got: wrong });
    }
  },
};

/** A reference entry point called with bad input, and the error it must throw: a code, or a JS error class for programming errors. */
interface RefCase {
  what: string;
  run: () => unknown;
  code: ErrorCode | 'TypeError' | 'RangeError';
  /** Where the error must say the problem is (details.where), when the case pins it. */
  where?: string;
}

function refCases(c: NetCase): RefCase[] {
  const { net, X, Y, loss } = c;
  const p = paramsOf(net);
  const sizes = [X[0]!.length, ...net.layers.map((l) => l.W.length)];
  const acts = net.layers.map((l) => l.activation).map((a) => (a === 'softmax' ? 'sigmoid' : a));
  const sgd = { name: 'sgd' as const, lr: 0.1 };
  const state1 = step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, null).state as { name: string; t: number; slots: Record<string, unknown> };
  const bn = initBatchNorm(X[0]!.length);
  const fd = netToField(decimal50, net);
  const data = { X, Y };
  const trainOpts = { loss, optimizer: sgd, epochs: 1 };
  return [
    // step: ranges and state beyond the contract's validation
    { what: 'step with lr < 0', run: () => step({ name: 'sgd', lr: -0.1 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with eps < 0', run: () => step({ name: 'adagrad', lr: 0.1, eps: -1e-8 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with momentum α > 1', run: () => step({ name: 'momentum', lr: 0.1, alpha: 1.5 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with momentum α < 0', run: () => step({ name: 'momentum', lr: 0.1, alpha: -0.5 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with rmsprop ρ > 1', run: () => step({ name: 'rmsprop', lr: 0.1, rho: 1.25, eps: 0 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with rmsprop ρ < 0', run: () => step({ name: 'rmsprop', lr: 0.1, rho: -0.25, eps: 0 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with adam β₁ = 1', run: () => step({ name: 'adam', lr: 0.1, beta1: 1, beta2: 0.9, eps: 0 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with adam β₂ = 1', run: () => step({ name: 'adam', lr: 0.1, beta1: 0.9, beta2: 1, eps: 0 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with adam β₁ < 0', run: () => step({ name: 'adam', lr: 0.1, beta1: -0.5, beta2: 0.9, eps: 0 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with adam β₂ < 0', run: () => step({ name: 'adam', lr: 0.1, beta1: 0.5, beta2: -0.9, eps: 0 }, p, p, null), code: 'INVALID_ARGUMENT' },
    { what: 'step with the state of another optimizer', run: () => step({ name: 'rmsprop', lr: 0.1, rho: 0.5, eps: 0 }, p, p, state1), code: 'INVALID_ARGUMENT' },
    { what: 'step with state.t = −1', run: () => step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, { ...state1, t: -1 }), code: 'INVALID_ARGUMENT' },
    { what: 'step with state.t = 1.5', run: () => step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, { ...state1, t: 1.5 }), code: 'INVALID_ARGUMENT' },
    { what: 'step with state.t missing', run: () => step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, { ...state1, t: undefined }), code: 'INVALID_ARGUMENT' },
    { what: 'step with a state that is a string', run: () => step(sgd, p, p, 'state'), code: 'INVALID_ARGUMENT' },
    { what: 'step with state.slots null', run: () => step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, { ...state1, slots: null }), code: 'INVALID_ARGUMENT' },
    { what: 'step with state.slots a number', run: () => step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, { ...state1, slots: 3 }), code: 'INVALID_ARGUMENT' },
    { what: 'step with the slot v missing', run: () => step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, { ...state1, slots: {} }), code: 'SHAPE' },
    { what: 'step with a slot of another shape', run: () => step({ name: 'momentum', lr: 0.1, alpha: 0.5 }, p, p, { ...state1, slots: { v: { W: [...p.W, [[0]]], b: [...p.b, [0]] } } }), code: 'SHAPE' },
    // initNet
    { what: 'initNet with one size', run: () => initNet([3], 'relu'), code: 'INVALID_ARGUMENT' },
    { what: 'initNet with a size 0', run: () => initNet([2, 0], 'relu'), code: 'INVALID_ARGUMENT' },
    { what: 'initNet with a size 1.5', run: () => initNet([2, 1.5], 'relu'), code: 'INVALID_ARGUMENT' },
    { what: 'initNet with sizes not an array', run: () => initNet(3 as unknown as number[], 'relu'), code: 'INVALID_ARGUMENT' },
    { what: 'initNet with one activation too many', run: () => initNet(sizes, [...acts, 'relu']), code: 'SHAPE' },
    { what: 'initNet with an unknown activation', run: () => initNet(sizes, 'swish' as never), code: 'UNKNOWN_NAME' },
    { what: 'initNet with an unknown scheme', run: () => initNet(sizes, acts, { scheme: 'he' as never }), code: 'INVALID_ARGUMENT' },
    { what: 'initNet with bias NaN', run: () => initNet(sizes, acts, { bias: NaN }), code: 'NON_FINITE' },
    { what: 'initNet with nonZero 0', run: () => initNet(sizes, acts, { scheme: 'sparse', nonZero: 0 }), code: 'INVALID_ARGUMENT' },
    { what: 'initNet with nonZero 1.5', run: () => initNet(sizes, acts, { scheme: 'sparse', nonZero: 1.5 }), code: 'INVALID_ARGUMENT' },
    // train
    { what: 'train with epochs −1', run: () => train(net, data, { ...trainOpts, epochs: -1 }), code: 'INVALID_ARGUMENT' },
    { what: 'train with epochs 1.5', run: () => train(net, data, { ...trainOpts, epochs: 1.5 }), code: 'INVALID_ARGUMENT' },
    { what: 'train with batchSize 0', run: () => train(net, data, { ...trainOpts, batchSize: 0 }), code: 'INVALID_ARGUMENT' },
    { what: 'train with batchSize 1.5', run: () => train(net, data, { ...trainOpts, batchSize: 1.5 }), code: 'INVALID_ARGUMENT' },
    { what: 'train with early stopping and no validation set', run: () => train(net, data, { ...trainOpts, earlyStopping: { patience: 2 } }), code: 'INVALID_ARGUMENT' },
    { what: 'train with recordEvery 0', run: () => train(net, data, { ...trainOpts, recordEvery: 0 }), code: 'INVALID_ARGUMENT' },
    // refused before any epoch (with epochs = 0 nothing later would notice)
    ...[0, 1].flatMap((epochs): RefCase[] => [
      { what: `train (${epochs} epochs) with data.X too wide`, run: () => train(net, { X: X.map((r) => [...r, 0]), Y }, { ...trainOpts, epochs }), code: 'SHAPE' },
      { what: `train (${epochs} epochs) with data.Y too wide`, run: () => train(net, { X, Y: Y.map((r) => [...r, 0]) }, { ...trainOpts, epochs }), code: 'SHAPE' },
      { what: `train (${epochs} epochs) with validation.X too wide`, run: () => train(net, data, { ...trainOpts, epochs, validation: { X: X.map((r) => [...r, 0]), Y } }), code: 'SHAPE' },
      { what: `train (${epochs} epochs) with validation.Y too wide`, run: () => train(net, data, { ...trainOpts, epochs, validation: { X, Y: Y.map((r) => [...r, 0]) } }), code: 'SHAPE' },
      { what: `train (${epochs} epochs) with validation.Y one row short`, run: () => train(net, data, { ...trainOpts, epochs, validation: { X: [...X, X[0]!], Y } }), code: 'SHAPE' },
    ]),
    { what: 'train with an unknown optimizer', run: () => train(net, data, { ...trainOpts, optimizer: { name: 'lion', lr: 0.1 } as never }), code: 'UNKNOWN_NAME' },
    { what: 'train with an unknown loss', run: () => train(net, data, { ...trainOpts, loss: 'hinge' as never }), code: 'UNKNOWN_NAME' },
    // batch norm
    { what: 'batch norm in mode "test"', run: () => batchNormForward(X, bn, 'test' as never), code: 'INVALID_ARGUMENT' },
    { what: 'batch norm with eps < 0', run: () => batchNormForward(X, bn, 'train', { eps: -1 }), code: 'INVALID_ARGUMENT' },
    { what: 'batch norm with momentum NaN', run: () => batchNormForward(X, bn, 'train', { momentum: NaN }), code: 'NON_FINITE' },
    { what: 'batch norm with a negative running variance', run: () => batchNormForward(X, { ...bn, runningVar: bn.runningVar.map(() => -1) }, 'eval'), code: 'INVALID_ARGUMENT' },
    { what: 'batch norm of a constant unit with eps = 0', run: () => batchNormForward(X.map((r) => r.map(() => 1)), bn, 'train', { eps: 0 }), code: 'INVALID_ARGUMENT' },
    { what: 'batch norm backward of a constant unit with eps = 0', run: () => batchNormBackward(X.map((r) => r.map(() => 1)), bn, X, 'train', { eps: 0 }), code: 'INVALID_ARGUMENT' },
    { what: 'batch norm with γ one entry longer', run: () => batchNormForward(X, { ...bn, gamma: [...bn.gamma, 1] }, 'train'), code: 'SHAPE' },
    { what: 'batch norm backward with dy one row longer', run: () => batchNormBackward(X, bn, [...X, X[0]!], 'train'), code: 'SHAPE' },
    // penalties
    { what: 'penalty with an unknown regulariser', run: () => penalty('l3' as never, 0.1, p.W), code: 'UNKNOWN_NAME' },
    { what: 'penaltyGrad with λ < 0', run: () => penaltyGrad('l2', -0.1, p.W), code: 'INVALID_ARGUMENT' },
    { what: 'penalty with λ NaN', run: () => penalty('l1', NaN, p.W), code: 'NON_FINITE' },
    { what: 'penalty with W not an array', run: () => penalty('l2sq', 0.1, 3 as never), code: 'INVALID_ARGUMENT' },
    { what: 'penaltyGrad with a ragged W¹', run: () => penaltyGrad('l1', 0.1, [[[1, 2], [3]]]), code: 'RAGGED' },
    // data handling, splits, schedules, randomness
    { what: 'kFold with k = 1', run: () => kFold(5, 1), code: 'INVALID_ARGUMENT' },
    { what: 'kFold with k > m', run: () => kFold(3, 4), code: 'INVALID_ARGUMENT' },
    { what: 'kFold with k = 2.5', run: () => kFold(5, 2.5), code: 'INVALID_ARGUMENT' },
    { what: 'trainValidationSplit with fraction 0', run: () => trainValidationSplit(5, 0), code: 'INVALID_ARGUMENT' },
    { what: 'trainValidationSplit with fraction 1', run: () => trainValidationSplit(5, 1), code: 'INVALID_ARGUMENT' },
    { what: 'shuffleTogether with Y one row longer', run: () => shuffleTogether(X, [...Y, Y[0]!], createRng(1)), code: 'INVALID_ARGUMENT' },
    { what: 'crossValidate without candidates', run: () => crossValidate([], kFold(4, 2), () => 0, () => 0), code: 'INVALID_ARGUMENT' },
    { what: 'fitStandardizer of an empty X', run: () => fitStandardizer([]), code: 'EMPTY' },
    { what: 'fitStandardizer of a ragged X', run: () => fitStandardizer([[1, 2], [3]]), code: 'RAGGED' },
    { what: 'standardize with X one column wider', run: () => standardize(fitStandardizer(X), X.map((r) => [...r, 0])), code: 'SHAPE' },
    { what: 'learningRate of an unknown schedule', run: () => learningRate({ kind: 'cosine' } as never, 0), code: 'INVALID_ARGUMENT' },
    { what: 'learningRate with τ = 0', run: () => learningRate({ kind: 'linear-decay', lr0: 0.1, lrTau: 0.01, tau: 0 }, 0), code: 'INVALID_ARGUMENT' },
    { what: 'learningRate with η₀ NaN', run: () => learningRate({ kind: 'linear-decay', lr0: NaN, lrTau: 0.01, tau: 5 }, 0), code: 'NON_FINITE' },
    { what: 'learningRate with η_τ NaN', run: () => learningRate({ kind: 'linear-decay', lr0: 0.1, lrTau: NaN, tau: 5 }, 0), code: 'NON_FINITE' },
    { what: 'learningRate with τ NaN', run: () => learningRate({ kind: 'linear-decay', lr0: 0.1, lrTau: 0.01, tau: NaN }, 0), code: 'NON_FINITE' },
    { what: 'a constant learningRate of NaN', run: () => learningRate({ kind: 'constant', lr: NaN }, 0), code: 'NON_FINITE' },
    { what: 'createRng(NaN)', run: () => createRng(NaN), code: 'INVALID_ARGUMENT' },
    { what: 'normaliseSeed(Infinity)', run: () => normaliseSeed(Infinity), code: 'INVALID_ARGUMENT' },
    { what: 'rng.sample of 5 out of 3', run: () => createRng(1).sample(3, 5), code: 'INVALID_ARGUMENT' },
    // the constructions
    { what: 'experiment "mnist" (unknown)', run: () => experiment('mnist'), code: 'INVALID_ARGUMENT' },
    { what: 'perceptronLearn with one label too few', run: () => perceptronLearn(X, X.slice(1).map(() => 1)), code: 'INVALID_ARGUMENT' },
    { what: 'perceptronLearn with one label too many', run: () => perceptronLearn(X, [...X.map(() => 1 as const), 1]), code: 'INVALID_ARGUMENT' },
    { what: 'perceptronLearn with labels not an array', run: () => perceptronLearn(X, 1 as never), code: 'INVALID_ARGUMENT' },
    { what: 'perceptronLearn of an empty X', run: () => perceptronLearn([], []), code: 'EMPTY' },
    { what: 'compileBoolean of a table of length 3', run: () => compileBoolean([0, 1, 1]), code: 'INVALID_ARGUMENT', where: 'table' },
    { what: 'compileBoolean of a table of length 1', run: () => compileBoolean([1]), code: 'INVALID_ARGUMENT', where: 'table' },
    { what: 'compileBoolean of a table of length 2^21 (n > 20)', run: () => compileBoolean(new Array<0 | 1>(2 ** 21).fill(0)), code: 'INVALID_ARGUMENT', where: 'table' },
    { what: 'allInputs(0)', run: () => allInputs(0), code: 'INVALID_ARGUMENT' },
    { what: 'allInputs(21)', run: () => allInputs(21), code: 'INVALID_ARGUMENT' },
    { what: 'allInputs(1.5)', run: () => allInputs(1.5), code: 'INVALID_ARGUMENT' },
    { what: 'parityTree(1)', run: () => parityTree(1), code: 'INVALID_ARGUMENT' },
    { what: 'parityTree(2.5)', run: () => parityTree(2.5), code: 'INVALID_ARGUMENT' },
    { what: 'grid with b = a', run: () => grid(1, 1, 3), code: 'INVALID_ARGUMENT' },
    { what: 'grid with K = 0', run: () => grid(0, 1, 0), code: 'INVALID_ARGUMENT' },
    { what: 'grid with K = 1.5', run: () => grid(0, 1, 1.5), code: 'INVALID_ARGUMENT' },
    { what: 'reluInterpolant of one knot', run: () => reluInterpolant([0], [1]), code: 'INVALID_ARGUMENT' },
    { what: 'reluInterpolant with one value too few', run: () => reluInterpolant([0, 1, 2], [1, 2]), code: 'INVALID_ARGUMENT' },
    { what: 'sigmoidEdge with w = 0', run: () => sigmoidEdge(0, 1), code: 'INVALID_ARGUMENT' },
    { what: 'chainNet without weights', run: () => chainNet([]), code: 'INVALID_ARGUMENT' },
    { what: 'autodiffNetLoss with Y one column wider', run: () => autodiffNetLoss(float64, net, X, Y.map((r) => [...r, 0]), loss), code: 'SHAPE' },
    { what: 'autodiffNetLoss with X one column wider', run: () => autodiffNetLoss(float64, net, X.map((r) => [...r, 0]), Y, loss), code: 'SHAPE' },
    // the scalar level
    { what: 'scalarForward with X one column wider', run: () => scalarForward(float64, net, X.map((r) => [...r, 0])), code: 'SHAPE' },
    { what: 'scalarBackward with Y one column wider', run: () => scalarBackward(float64, net, X, Y.map((r) => [...r, 0]), loss), code: 'SHAPE' },
    { what: 'scalarLoss with an unknown loss', run: () => scalarLoss(float64, net, X, Y, 'hinge' as never), code: 'UNKNOWN_NAME' },
    { what: 'scalarLoss of a Decimal net in the float64 field', run: () => scalarLoss(float64, fd as never, X, Y, loss), code: 'TypeError' },
    { what: 'scalarLoss of a Decimal net with an unknown loss', run: () => scalarLoss(decimal50, fd, X, Y, 'hinge' as never), code: 'UNKNOWN_NAME' },
    { what: 'perturbNet of layer index L', run: () => perturbNet(decimal50, fd, { layer: net.layers.length, kind: 'b', j: 0 }, decimal50.one), code: 'RangeError' },
    { what: 'perturbNet of b[n]', run: () => perturbNet(decimal50, fd, { layer: 0, kind: 'b', j: net.layers[0]!.b.length }, decimal50.one), code: 'RangeError' },
    { what: 'perturbNet of b[−1]', run: () => perturbNet(decimal50, fd, { layer: 0, kind: 'b', j: -1 }, decimal50.one), code: 'RangeError' },
    { what: 'perturbNet of W[n][0]', run: () => perturbNet(decimal50, fd, { layer: 0, kind: 'W', j: net.layers[0]!.W.length, k: 0 }, decimal50.one), code: 'RangeError' },
    { what: 'perturbNet of W[0][n_0]', run: () => perturbNet(decimal50, fd, { layer: 0, kind: 'W', j: 0, k: X[0]!.length }, decimal50.one), code: 'RangeError' },
    { what: 'perturbNet of W[0][−1]', run: () => perturbNet(decimal50, fd, { layer: 0, kind: 'W', j: 0, k: -1 }, decimal50.one), code: 'RangeError' },
    { what: 'moveNet along a direction with a layer too few', run: () => moveNet(decimal50, fd, { W: p.W.slice(1), b: p.b.slice(1) }, decimal50.one), code: 'RangeError' },
    { what: 'moveNet along a direction with b¹ too long', run: () => moveNet(decimal50, fd, { W: p.W, b: [[...p.b[0]!, 0], ...p.b.slice(1)] }, decimal50.one), code: 'RangeError' },
    { what: 'moveNet along a direction with a W¹ row too long', run: () => moveNet(decimal50, fd, { W: [p.W[0]!.map((r) => [...r, 0]), ...p.W.slice(1)], b: p.b }, decimal50.one), code: 'RangeError' },
    // the matrix level's own shape checks (it trusts its input otherwise)
    { what: 'mat with one entry too few', run: () => M.mat(2, 2, new Float64Array(3)), code: 'SHAPE', where: 'mat' },
    { what: 'matmul of 2 × 3 by 2 × 3', run: () => M.matmul(M.zeros(2, 3), M.zeros(2, 3)), code: 'SHAPE', where: 'matmul(A, B)' },
    { what: 'matmulABt of 2 × 3 by 2 × 2', run: () => M.matmulABt(M.zeros(2, 3), M.zeros(2, 2)), code: 'SHAPE', where: 'matmulABt(A, B)' },
    { what: 'matmulABt into an out of the wrong shape', run: () => M.matmulABt(M.zeros(2, 3), M.zeros(4, 3), M.zeros(2, 3)), code: 'SHAPE', where: 'matmulABt(A, B, out)' },
    { what: 'matmulABt into an out with a row too many', run: () => M.matmulABt(M.zeros(2, 3), M.zeros(4, 3), M.zeros(3, 4)), code: 'SHAPE', where: 'matmulABt(A, B, out)' },
    { what: 'matmulAtB of 2 × 3 by 3 × 2', run: () => M.matmulAtB(M.zeros(2, 3), M.zeros(3, 2)), code: 'SHAPE', where: 'matmulAtB(A, B)' },
    { what: 'matrix.backward with Y one column wider', run: () => M.backward(M.toMatNet(net), M.fromRows(X), M.fromRows(Y.map((r) => [...r, 0])), loss), code: 'SHAPE', where: 'Y' },
    { what: 'matrix.backward with Y one row longer', run: () => M.backward(M.toMatNet(net), M.fromRows(X), M.fromRows([...Y, Y[0]!]), loss), code: 'SHAPE' },
    { what: 'matrix.activateGradMat of softmax', run: () => M.activateGradMat({ activation: 'softmax', alpha: 0 }, M.zeros(1, 2)), code: 'CONTRACT' },
    { what: 'the reference backward with a Y one column wider', run: () => refBackward(net, X, Y.map((r) => [...r, 0]), loss), code: 'SHAPE', where: 'Y' },
  ];
}

export const referenceRejectsInvalidInput: Property<NetCase> = {
  id: 'reference.rejects-invalid-input',
  concept:
    "the reference's scalar and Decimal subjects refuse every bad call contract.rejects-invalid-input makes, and every other validating entry point of the reference (step's ranges and state, initNet, train, batch norm, the penalties, splits, schedules, the constructions, the matrix level) throws the typed error it documents (docs/contract.md \"Typed errors\")",
  requires: [],
  defaultRuns: 5,
  arbitrary: () => baseArb,
  async check(_s, c) {
    for (const subject of [scalarSubject, decimalSubject]) {
      for (const b of badCalls(c)) {
        if (typeof subject.fns[b.fn] !== 'function') continue;
        const wrong = await judgeRefusal(subject, b);
        if (wrong) throw new PropertyFailure({ what: `${subject.name} subject: ${b.fn} given ${b.what}`, expected: `refused with a ${b.code} error`, got: wrong });
      }
    }
    for (const r of refCases(c)) {
      let got: string;
      try {
        const v = r.run();
        got = `a result, ${JSON.stringify(v)?.slice(0, 120)}`;
      } catch (e) {
        if (e instanceof NnOracleError) {
          if (e.code === r.code && (r.where === undefined || e.details.where === r.where)) continue;
          got = `${e.name} (code ${e.code}, where ${e.details.where}): ${e.message}`;
        } else if (e instanceof Error && e.name === r.code) continue;
        else got = `${(e as Error)?.name}: ${(e as Error)?.message}`;
      }
      throw new PropertyFailure({ what: r.what, expected: `a ${r.code} error${r.where ? ` at ${r.where}` : ''}`, got });
    }
  },
};

export const invalidInputProperties: Property[] = [rejectsInvalidInput as Property, referenceRejectsInvalidInput];
