import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError, UnknownNameError } from '../../contract/errors.js';
import { forward } from '../index.js';
import { glorotUniformLimit, initNet } from './init.js';

describe('initNet', () => {
  it('builds a contract net of the given sizes, deterministic for a seed', () => {
    const a = initNet([3, 4, 2], ['relu', 'sigmoid'], { seed: 5, bias: 0.1 });
    expect(a.layers.map((l) => [l.W.length, l.W[0]!.length])).toEqual([[4, 3], [2, 4]]);
    expect(a.layers[0]!.b).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(initNet([3, 4, 2], ['relu', 'sigmoid'], { seed: 5, bias: 0.1 })).toEqual(a);
    expect(initNet([3, 4, 2], ['relu', 'sigmoid'], { seed: 6 })).not.toEqual(a);
    expect(a.layers[0]!.W.flat().every((w) => Math.abs(w) <= glorotUniformLimit(3, 4))).toBe(true);
    expect(forward(a, [[1, 2, 3]]).a[1]![0]).toHaveLength(2);
  });
  it('zeros and sparse', () => {
    expect(initNet([2, 2], 'tanh', { scheme: 'zeros' }).layers[0]!.W).toEqual([[0, 0], [0, 0]]);
    const s = initNet([30, 5], 'tanh', { scheme: 'sparse', nonZero: 4, seed: 1 });
    expect(s.layers[0]!.W.every((r) => r.filter((w) => w !== 0).length === 4)).toBe(true);
  });
  it('typed errors', () => {
    expect(() => initNet([3], 'relu')).toThrow(InvalidArgumentError);
    expect(() => initNet([3, 0], 'relu')).toThrow(InvalidArgumentError);
    expect(() => initNet([3, 2, 1], ['relu'])).toThrow(ShapeError);
    expect(() => initNet([3, 2], ['swish' as never])).toThrow(UnknownNameError);
    expect(() => initNet([3, 2], 'relu', { scheme: 'he' as never })).toThrow(InvalidArgumentError);
  });
});
