import { describe, expect, it } from 'vitest';
import {
  ContractError,
  EmptyError,
  InvalidArgumentError,
  NonFiniteError,
  RaggedArrayError,
  ShapeError,
  UnknownNameError,
  type NnOracleError,
} from '../contract/errors.js';
import { CONTRACT_FUNCTIONS } from '../contract/names.js';
import { ACTIVATION_ULPS, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import type { Net } from '../contract/types.js';
import { activate, activateGrad, backward, forward, loss, matrix, perceptronStep, referenceSubject, step } from './index.js';

const NET: Net = {
  layers: [
    { W: [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], b: [0.01, -0.02], activation: 'tanh' },
    { W: [[0.7, -0.8], [0.9, 1.0]], b: [0.03, 0.04], activation: 'leaky_relu', alpha: 0.2 },
    { W: [[1.1, -1.2], [1.3, 1.4], [-1.5, 1.6]], b: [0, 0.1, -0.1], activation: 'softmax' },
  ],
};
const u = UNIT_ROUNDOFF.float64;
const X = [[1, 2, 3], [-1, 0.5, 2], [0, 0, 0]];
const Y = [[1, 0, 0], [0, 0, 1], [0.2, 0.3, 0.5]];

/** Runs f and returns the typed error it throws (fails the test if it does not throw one). */
function thrown(f: () => unknown): NnOracleError {
  try {
    f();
  } catch (e) {
    return e as NnOracleError;
  }
  throw new Error('expected a typed error, nothing was thrown');
}

const withLayer = (i: number, patch: Partial<Net['layers'][number]>): Net => ({
  layers: NET.layers.map((l, j) => (j === i ? { ...l, ...patch } : l)),
});

describe('contract functions on JSON arrays', () => {
  it('forward returns z and a for every layer with the contract shapes, as plain arrays', () => {
    const { z, a } = forward(NET, X);
    expect(z.map((m) => [m.length, m[0]!.length])).toEqual([[3, 2], [3, 2], [3, 3]]);
    expect(Array.isArray(a[2]![0])).toBe(true);
    // the forward pass by hand for example 2 (x = 0): z¹ = b¹
    expect(z[0]![2]).toEqual([0.01, -0.02]);
    // softmax rows sum to 1 up to rounding: each a_i = e_i/Σe carries exp's ACTIVATION_ULPS, the n − 1
    // additions of Σe and the division; summing the n values here adds n − 1 more
    for (const r of a[2]!) expect(Math.abs(r.reduce((s, v) => s + v, 0) - 1)).toBeLessThanOrEqual(gamma(ACTIVATION_ULPS + 2 * r.length, u));
  });

  it('forward of the notes’ XOR ReLU network gives exactly Y = XOR', () => {
    const xor: Net = {
      layers: [
        { W: [[1, 1], [1, 1]], b: [0, -1], activation: 'relu' },
        { W: [[1, -2]], b: [0], activation: 'identity' },
      ],
    };
    const { a } = forward(xor, [[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(a[1]).toEqual([[0], [1], [1], [0]]);
  });

  it('backward returns delta, gradW, gradB with the shapes of z, W, b', () => {
    const g = backward(NET, X, Y, 'cce');
    expect(g.delta.map((m) => [m.length, m[0]!.length])).toEqual([[3, 2], [3, 2], [3, 3]]);
    expect(g.gradW.map((m) => [m.length, m[0]!.length])).toEqual([[2, 3], [2, 2], [3, 2]]);
    expect(g.gradB.map((v) => v.length)).toEqual([2, 2, 3]);
    // softmax + cce: δ^L = a^L − y (the BP1 shortcut)
    const { a } = forward(NET, X);
    g.delta[2]!.forEach((r, x) => r.forEach((d, i) => expect(d).toBe(a[2]![x]![i]! - Y[x]![i]!)));
  });

  it('activate, activateGrad and loss use the tables, with alpha defaults', () => {
    expect(activate('relu', [-1, 0, 2])).toEqual([0, 0, 2]);
    expect(activate('leaky_relu', [-1])).toEqual([-0.01]);
    expect(activate('leaky_relu', [-1], 0.5)).toEqual([-0.5]);
    expect(activateGrad('relu', [0, 1])).toEqual([0, 1]);
    expect(activateGrad('sigmoid', [0])).toEqual([0.25]);
    expect(activate('softmax', [1000, 1000])).toEqual([0.5, 0.5]);
    expect(loss('mse', [[1, 2]], [[0, 0]])).toBe(2.5);
    // −(log 0.5 + log 1)/2: one log on each side (≤ ACTIVATION_ULPS each), the halving is exact
    expect(Math.abs(loss('cce', [[0.5, 0.5], [1, 0]], [[1, 0], [1, 0]]) - Math.log(2) / 2)).toBeLessThanOrEqual(gamma(2 * ACTIVATION_ULPS, u) * (Math.log(2) / 2));
  });

  it('re-exports step and perceptronStep', () => {
    const r = step({ name: 'sgd', lr: 0.5 }, { W: [[[1]]], b: [[2]] }, { W: [[[2]]], b: [[-2]] }, null);
    expect(r.params).toEqual({ W: [[[0]]], b: [[3]] });
    expect(perceptronStep([0, 0], 0, [1, 1], 0, 1)).toEqual({ w: [-1, -1], b: -1 });
  });

  it('referenceSubject implements all seven contract functions in float64', () => {
    expect(referenceSubject.name).toBe('reference');
    expect(referenceSubject.precision).toBe('float64');
    expect(Object.keys(referenceSubject.fns).sort()).toEqual([...CONTRACT_FUNCTIONS].sort());
    expect(referenceSubject.fns.forward).toBe(forward);
  });

  it('exposes the matrix level', () => {
    const W = matrix.fromRows([[1, 2]]);
    expect(matrix.toRows(matrix.matmulABt(W, W))).toEqual([[5]]);
    expect(typeof matrix.bp1).toBe('function');
  });
});

describe('no argument is mutated', () => {
  it('forward, backward, activate, activateGrad, loss leave their inputs as they were', () => {
    const net = structuredClone(NET);
    const x = structuredClone(X);
    const y = structuredClone(Y);
    const z = [-1, 0, 2];
    forward(net, x);
    backward(net, x, y, 'mse');
    backward(net, x, y, 'cce');
    activate('softmax', z);
    activateGrad('tanh', z);
    loss('mse', x, x);
    expect(net).toEqual(NET);
    expect(x).toEqual(X);
    expect(y).toEqual(Y);
    expect(z).toEqual([-1, 0, 2]);
  });

  it('results share no arrays with the arguments', () => {
    const identity: Net = { layers: [{ W: [[1, 0], [0, 1]], b: [0, 0], activation: 'identity' }] };
    const x = [[1, 2]];
    const { a } = forward(identity, x);
    a[0]![0]![0] = 99;
    expect(x).toEqual([[1, 2]]);
  });
});

describe('bad input gives typed errors naming the layer', () => {
  it('mismatched shapes', () => {
    const e = thrown(() => forward(withLayer(1, { W: [[1, 2, 3], [4, 5, 6]] }), X));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.details.layer).toBe(2);
    expect(e.message).toContain('net.layers[1].W');
    expect(e.message).toContain('2 columns');

    const eb = thrown(() => forward(withLayer(0, { b: [0] }), X));
    expect(eb).toBeInstanceOf(ShapeError);
    expect(eb.details.layer).toBe(1);

    const ex = thrown(() => forward(NET, [[1, 2]]));
    expect(ex).toBeInstanceOf(ShapeError);
    expect(ex.details.where).toBe('X');
    expect(ex.details.expected).toContain('3 columns');

    const ey = thrown(() => backward(NET, X, [[1, 0, 0]], 'cce'));
    expect(ey).toBeInstanceOf(ShapeError);
    expect(ey.details.where).toBe('Y');

    expect(thrown(() => loss('mse', [[1, 2]], [[1]]))).toBeInstanceOf(ShapeError);
  });

  it('unknown activation or loss', () => {
    const e = thrown(() => forward(withLayer(2, { activation: 'swish' as never }), X));
    expect(e).toBeInstanceOf(UnknownNameError);
    expect(e.message).toContain('layer 3');
    expect(e.message).toContain('"swish"');
    expect(thrown(() => backward(NET, X, Y, 'hinge' as never))).toBeInstanceOf(UnknownNameError);
    expect(thrown(() => activate('gelu' as never, [1]))).toBeInstanceOf(UnknownNameError);
    expect(thrown(() => loss('l1' as never, [[1]], [[1]]))).toBeInstanceOf(UnknownNameError);
  });

  it('softmax in a hidden layer, softmax in activateGrad, a loss that does not fit the output', () => {
    const e = thrown(() => forward(withLayer(0, { activation: 'softmax' }), X));
    expect(e).toBeInstanceOf(ContractError);
    expect(e.details.layer).toBe(1);
    expect(thrown(() => activateGrad('softmax', [1, 2]))).toBeInstanceOf(ContractError);
    const eb = thrown(() => backward(withLayer(2, { activation: 'relu' }), X, Y, 'bce'));
    expect(eb).toBeInstanceOf(ContractError);
    expect(eb.details.layer).toBe(3);
  });

  it('non-finite weights, inputs and alpha', () => {
    const W = structuredClone(NET.layers[1]!.W);
    W[0]![1] = NaN;
    const e = thrown(() => backward(withLayer(1, { W }), X, Y, 'mse'));
    expect(e).toBeInstanceOf(NonFiniteError);
    expect(e.details.layer).toBe(2);
    expect(e.details.where).toBe('net.layers[1].W[0][1]');
    expect(e.details.got).toBe('NaN');
    expect(thrown(() => forward(NET, [[1, 2, Infinity]]))).toBeInstanceOf(NonFiniteError);
    expect(thrown(() => forward(withLayer(1, { alpha: -Infinity }), X))).toBeInstanceOf(NonFiniteError);
    expect(thrown(() => activate('relu', [NaN]))).toBeInstanceOf(NonFiniteError);
  });

  it('empty batch, empty net', () => {
    const e = thrown(() => forward(NET, []));
    expect(e).toBeInstanceOf(EmptyError);
    expect(e.details.where).toBe('X');
    expect(thrown(() => backward(NET, [], [], 'mse'))).toBeInstanceOf(EmptyError);
    expect(thrown(() => forward({ layers: [] }, X))).toBeInstanceOf(EmptyError);
    expect(thrown(() => activate('relu', []))).toBeInstanceOf(EmptyError);
  });

  it('ragged arrays', () => {
    const e = thrown(() => forward(NET, [[1, 2, 3], [1, 2]]));
    expect(e).toBeInstanceOf(RaggedArrayError);
    expect(e.details.where).toBe('X[1]');
    const ew = thrown(() => forward(withLayer(2, { W: [[1, 2], [3], [4, 5]] }), X));
    expect(ew).toBeInstanceOf(RaggedArrayError);
    expect(ew.details.layer).toBe(3);
    expect(thrown(() => forward(NET, [[1, 2, '3' as never]]))).toBeInstanceOf(RaggedArrayError);
  });

  it('not a net at all', () => {
    expect(thrown(() => forward(null as never, X))).toBeInstanceOf(InvalidArgumentError);
  });
});
