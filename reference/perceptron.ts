/**
 * The perceptron (notes 000 and 001, "Perceptron learning"): a threshold unit ŷ = step(w·x + b),
 * with step(0) = 1 as in the contract, and its learning rule
 *     w ← w + η (y − ŷ) x ;   b ← b + η (y − ŷ)
 * which changes the weights only on a mistake (y ≠ ŷ).
 */
import { InvalidArgumentError, brief } from '../contract/errors.js';
import type { PerceptronResult, Vector } from '../contract/types.js';
import { checkNumber, checkVector } from '../contract/validate.js';

/** ŷ = 1 if w·x + b ≥ 0 else 0 (the threshold logic unit; inputs assumed valid). */
export function perceptronPredict(w: readonly number[], b: number, x: readonly number[]): 0 | 1 {
  let z = b;
  for (let i = 0; i < w.length; i++) z += w[i]! * x[i]!;
  return z >= 0 ? 1 : 0;
}

/** The contract's `perceptronStep`: one application of the learning rule to one example (x, y). */
export function perceptronStep(w: Vector, b: number, x: Vector, y: 0 | 1, lr: number): PerceptronResult {
  checkVector(w, 'w');
  checkNumber(b, 'b');
  checkVector(x, 'x', { length: w.length });
  if (y !== 0 && y !== 1) throw new InvalidArgumentError({ where: 'y', expected: 'a label 0 or 1', got: brief(y) });
  checkNumber(lr, 'lr');
  const yHat = perceptronPredict(w, b, x);
  const e = y - yHat; // 0 when correct, ±1 on a mistake
  return { w: w.map((wi, i) => wi + lr * e * x[i]!), b: b + lr * e };
}
