// Noisy on purpose: prints on stdout and stderr in every call, some of it without a newline and
// some of it looking like a protocol answer. The answers are correct: full marks, and the report
// shows what was printed.
import * as correct from './correct.mjs';

let calls = 0;
function noisy(fn) {
  return (...args) => {
    calls++;
    if (calls <= 3) {
      console.log(`debug: ${fn.name} called`);
      process.stdout.write('partial line without newline ');
      console.log('{"id": 1, "result": 42}');
      console.error(`warning from ${fn.name}`);
    }
    return fn(...args);
  };
}

export const activate = noisy(correct.activate);
export const activateGrad = noisy(correct.activateGrad);
export const loss = noisy(correct.loss);
export const forward = noisy(correct.forward);
export const backward = noisy(correct.backward);
export const step = noisy(correct.step);
export const perceptronStep = noisy(correct.perceptronStep);
