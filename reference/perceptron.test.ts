import { describe, expect, it } from 'vitest';
import { perceptronStep } from './perceptron.js';
import { InvalidArgumentError, ShapeError } from '../contract/errors.js';

describe('perceptronStep', () => {
  it('fires at w·x + b = 0 (step(0) = 1) so a label 1 there is no mistake', () => {
    expect(perceptronStep([1, -1], 0, [1, 1], 1, 0.5)).toEqual({ w: [1, -1], b: 0 });
  });
  it('a false negative adds lr·x, a false positive subtracts it', () => {
    expect(perceptronStep([0, 0], -1, [1, 2], 1, 0.5)).toEqual({ w: [0.5, 1], b: -0.5 });
    expect(perceptronStep([0, 0], 0, [1, 2], 0, 0.5)).toEqual({ w: [-0.5, -1], b: -0.5 });
  });
  it('typed errors', () => {
    expect(() => perceptronStep([1], 0, [1, 2], 1, 1)).toThrow(ShapeError);
    expect(() => perceptronStep([1], 0, [1], 2 as never, 1)).toThrow(InvalidArgumentError);
  });
});
