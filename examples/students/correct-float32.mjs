// A correct submission that stores its numbers in float32 (every input, output and optimizer state
// rounded with Math.fround, as a Float32Array would). It passes with --precision float32; with the
// default float64 tolerance its rounding (~6e-8 relative) is too large, and it fails.
import * as correct from './correct.mjs';

const f32 = (v) => (typeof v === 'number' ? Math.fround(v) : Array.isArray(v) ? v.map(f32) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f32(x)])) : v);
const wrap = (fn) => (...args) => f32(fn(...args.map(f32)));

export const activate = wrap(correct.activate);
export const activateGrad = wrap(correct.activateGrad);
export const loss = wrap(correct.loss);
export const forward = wrap(correct.forward);
export const backward = wrap(correct.backward);
export const step = wrap(correct.step);
export const perceptronStep = wrap(correct.perceptronStep);
