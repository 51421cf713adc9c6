import { describe, expect, it } from 'vitest';
import { ContractError } from '../../contract/errors.js';
import type { Net } from '../../contract/types.js';
import { type Mat, fromRows, toRows as toRowsSigned } from './mat.js';
import { backward, bp1, bp2, bp3, bp4, forward, isBp1Shortcut, toMatNet } from './mlp.js';

/** Rows with −0 written as 0 (equal as numbers; toEqual tells them apart, JSON does not). */
const toRows = (M: Mat) => toRowsSigned(M).map((r) => r.map((v) => v + 0));

/** The notes' ReLU network for XOR (003_…txt): h = relu(W x + c), y = wᵀ h + b. */
const XOR_NET: Net = {
  layers: [
    { W: [[1, 1], [1, 1]], b: [0, -1], activation: 'relu' },
    { W: [[1, -2]], b: [0], activation: 'identity' },
  ],
};
const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];

describe('forward', () => {
  it('reproduces XOR exactly with the notes’ ReLU network, recording z and a per layer', () => {
    const { z, a } = forward(toMatNet(XOR_NET), fromRows(XOR_X));
    expect(toRows(z[0]!)).toEqual([[0, -1], [1, 0], [1, 0], [2, 1]]);
    expect(toRows(a[0]!)).toEqual([[0, 0], [1, 0], [1, 0], [2, 1]]);
    expect(toRows(z[1]!)).toEqual([[0], [1], [1], [0]]);
    expect(toRows(a[1]!)).toEqual([[0], [1], [1], [0]]);
  });

  it('applies softmax per example (row), not over the batch', () => {
    const net = toMatNet({ layers: [{ W: [[1], [1]], b: [0, 0], activation: 'softmax' }] });
    const { a } = forward(net, fromRows([[3], [-7]]));
    expect(toRows(a[0]!)).toEqual([[0.5, 0.5], [0.5, 0.5]]);
  });
});

describe('backward (hand-computed)', () => {
  it('one identity layer with mse: δ = z − y, gradB = mean δ, gradW = mean δ xᵀ', () => {
    const net = toMatNet({ layers: [{ W: [[2, -1]], b: [0.5], activation: 'identity' }] });
    const g = backward(net, fromRows([[1, 2], [3, -1]]), fromRows([[1], [0]]), 'mse');
    expect(toRows(g.delta[0]!)).toEqual([[-0.5], [7.5]]);
    expect(Array.from(g.gradB[0]!)).toEqual([3.5]);
    expect(toRows(g.gradW[0]!)).toEqual([[11, -4.25]]);
  });

  it('the XOR ReLU network against targets 1: BP2 through relu with relu′(0) = 0', () => {
    const g = backward(toMatNet(XOR_NET), fromRows(XOR_X), fromRows([[1], [1], [1], [1]]), 'mse');
    expect(toRows(g.delta[1]!)).toEqual([[-1], [0], [0], [-1]]); // a − y, identity σ′ = 1
    // ex 0 has z¹ = [0, −1]: relu′(0) = 0 stops the error; ex 3 has z¹ = [2, 1]: wᵀδ = [−1, 2]
    expect(toRows(g.delta[0]!)).toEqual([[0, 0], [0, 0], [0, 0], [-1, 2]]);
    expect(Array.from(g.gradB[1]!)).toEqual([-0.5]);
    expect(toRows(g.gradW[1]!)).toEqual([[-0.5, -0.25]]);
    expect(Array.from(g.gradB[0]!)).toEqual([-0.25, 0.5]);
    expect(toRows(g.gradW[0]!)).toEqual([[-0.25, -0.25], [0.5, 0.5]]);
  });
});

describe('BP1 branches', () => {
  const one = (activation: 'sigmoid' | 'softmax', n: number) =>
    toMatNet({ layers: [{ W: Array.from({ length: n }, () => [0]), b: Array(n).fill(0), activation }] }).layers[0]!;

  it('names the shortcut pairings from contract/names.ts BP1_SHORTCUT', () => {
    expect(isBp1Shortcut('sigmoid', 'bce')).toBe(true);
    expect(isBp1Shortcut('softmax', 'cce')).toBe(true);
    expect(isBp1Shortcut('sigmoid', 'mse')).toBe(false);
    expect(isBp1Shortcut('softmax', 'mse')).toBe(false);
    expect(isBp1Shortcut('sigmoid', 'cce')).toBe(false);
  });

  it('shortcut sigmoid + bce and the general ∇_aE ⊙ σ′ (sigmoid + cce) agree at z = 0', () => {
    const layer = one('sigmoid', 1);
    const Z = fromRows([[0]]);
    const A = fromRows([[0.5]]);
    const Y = fromRows([[1]]);
    expect(toRows(bp1(layer, Z, A, Y, 'bce'))).toEqual([[-0.5]]); // a − y
    expect(toRows(bp1(layer, Z, A, Y, 'cce'))).toEqual([[-0.5]]); // (−y/a) · a(1 − a)
    expect(toRows(bp1(layer, Z, A, Y, 'mse'))).toEqual([[-0.125]]); // (a − y) · a(1 − a)
  });

  it('softmax + mse uses the Jacobian form a ⊙ (g − a·g)', () => {
    const layer = one('softmax', 4);
    const Z = fromRows([[0, 0, 0, 0]]);
    const A = fromRows([[0.25, 0.25, 0.25, 0.25]]);
    const Y = fromRows([[1, 1, 0, 0]]);
    // g = a − y = [−¾, −¾, ¼, ¼]; a·g = −¼; δ = ¼ (g + ¼)
    expect(toRows(bp1(layer, Z, A, Y, 'mse'))).toEqual([[-0.125, -0.125, 0.125, 0.125]]);
    // The shortcut would give a − y = g: different, so the branch matters.
    expect(toRows(bp1(layer, Z, A, fromRows([[1, 0, 0, 0]]), 'cce'))).toEqual([[-0.75, 0.25, 0.25, 0.25]]);
  });

  it('softmax + bce uses the Jacobian form with g = (a − y)/(a(1 − a))', () => {
    const layer = one('softmax', 2);
    // a = [½, ½], y = [1, 0]: g = [−2, 2], a·g = 0, δ = [−1, 1]
    expect(toRows(bp1(layer, fromRows([[0, 0]]), fromRows([[0.5, 0.5]]), fromRows([[1, 0]]), 'bce'))).toEqual([[-1, 1]]);
  });
});

describe('BP2, BP3, BP4 on their own', () => {
  it('BP2: Δ^l = (Δ^{l+1} W^{l+1}) ⊙ σ′(Z^l)', () => {
    const layer = toMatNet({ layers: [{ W: [[0], [0]], b: [0, 0], activation: 'relu' }] }).layers[0]!;
    const d = bp2(fromRows([[1, -2]]), fromRows([[3], [-1]]), layer, fromRows([[5, 0], [-1, 2]]));
    expect(toRows(d)).toEqual([[3, 0], [0, 2]]); // rows wᵀδ = [3, −6] ⊙ [1, 0]; [−1, 2] ⊙ [0, 1]
  });

  it('BP2 refuses softmax in a hidden layer', () => {
    const layer = toMatNet({ layers: [{ W: [[0], [0]], b: [0, 0], activation: 'softmax' }] }).layers[0]!;
    expect(() => bp2(fromRows([[1, 1]]), fromRows([[1]]), layer, fromRows([[0, 0]]))).toThrow(ContractError);
  });

  it('BP3: gradB = mean over the batch of δ', () => {
    expect(Array.from(bp3(fromRows([[1, 2], [3, 6]])))).toEqual([2, 4]);
  });

  it('BP4: gradW = mean_x δ_x a_xᵀ', () => {
    // (1·[1, 0, 2] + 3·[−1, 4, 0]) / 2 = [−1, 6, 1]
    expect(toRows(bp4(fromRows([[1], [3]]), fromRows([[1, 0, 2], [-1, 4, 0]])))).toEqual([[-1, 6, 1]]);
  });
});
