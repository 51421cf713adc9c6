import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError } from '../../contract/errors.js';
import { UNIT_ROUNDOFF, gamma } from '../../tolerance/model.js';
import { batchNormBackward, batchNormForward, initBatchNorm } from './batchnorm.js';

const u = UNIT_ROUNDOFF.float64;

describe('batch norm', () => {
  const X = [[1, 10], [3, 10.5], [5, 11]];
  it('train mode: zero mean, unit variance per unit (eps = 0), running statistics updated', () => {
    const f = batchNormForward(X, initBatchNorm(2), 'train', { eps: 0 });
    expect(f.mean).toEqual([3, 10.5]);
    expect(f.y.map((r) => r[0])).toEqual([-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
    // running mean 0.9·0 + 0.1·3; running var 0.9·1 + 0.1·(8/3 · 3/2)
    // each side is a few roundings (the literals, two products, a sum) of terms of size ≤ the result:
    // the two differ by at most γ_8 times it (tolerance/model.ts)
    expect(Math.abs(f.runningMean[0]! - 0.3)).toBeLessThanOrEqual(gamma(8, u) * 0.3);
    expect(Math.abs(f.runningVar[0]! - (0.9 + 0.4))).toBeLessThanOrEqual(gamma(8, u) * 1.3);
  });
  it('eval mode uses the running statistics and is affine', () => {
    const p = { gamma: [2, 1], beta: [1, 0], runningMean: [1, 0], runningVar: [4, 1] };
    const f = batchNormForward([[3, 2]], p, 'eval', { eps: 0 });
    expect(f.y).toEqual([[3, 2]]);
    const g = batchNormBackward([[3, 2]], p, [[1, 1]], 'eval', { eps: 0 });
    expect(g.dx).toEqual([[1, 1]]);
  });
  it('typed errors for a constant unit with eps = 0, shapes and modes', () => {
    expect(() => batchNormForward([[1], [1]], initBatchNorm(1), 'train', { eps: 0 })).toThrow(InvalidArgumentError);
    expect(() => batchNormForward(X, initBatchNorm(3), 'train')).toThrow(ShapeError);
    expect(() => batchNormForward(X, initBatchNorm(2), 'test' as never)).toThrow(InvalidArgumentError);
  });
});
