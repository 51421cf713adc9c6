// Hostile on purpose: backward ends the process. The grader must report backward.* as errors
// (the process exited), restart the program, and grade everything else normally.
export { activate, activateGrad, loss, forward, step, perceptronStep } from './correct.mjs';

export function backward() {
  process.exit(7);
}
