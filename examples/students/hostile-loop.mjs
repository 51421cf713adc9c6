// Hostile on purpose: forward never returns. The grader must stop it after --timeout, report
// forward as a timeout, restart the program, and grade everything else normally.
export { activate, activateGrad, loss, backward, step, perceptronStep } from './correct.mjs';

export function forward() {
  for (;;) {
    // spin
  }
}
