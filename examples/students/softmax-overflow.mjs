// Buggy on purpose: softmax without subtracting max z, so e^z overflows for large z.
// Expected grade: only activate.softmax fails, diagnosis "softmax overflows".
import { activate as correctActivate } from './correct.mjs';
export { activateGrad, loss, forward, backward, step, perceptronStep } from './correct.mjs';

export function activate(name, z, alpha) {
  if (name !== 'softmax') return correctActivate(name, z, alpha);
  const e = z.map((v) => Math.exp(v)); // BUG: Math.exp(800) = Infinity
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((v) => v / s);
}
