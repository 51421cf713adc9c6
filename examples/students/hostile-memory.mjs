// Hostile on purpose: loss allocates until the memory limit. The grader must report the loss
// checks as errors (out of memory), restart the program, and grade everything else normally.
export { activate, activateGrad, forward, backward, step, perceptronStep } from './correct.mjs';

export function loss() {
  const hoard = [];
  for (;;) hoard.push(new Array(1 << 20).fill(Math.random()));
}
