/**
 * XOR solvability (notes 000 "XOR is not linearly separable", 001 "XOR with two sigmoid neurons",
 * 003 "The XOR multi-layered perceptron").
 */
import * as fc from 'fast-check';
import { allowedAt, boundAt } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import type { Matrix, Net } from '../contract/types.js';
import { call } from './engine.js';
import { boundsForSubject, truthOf } from './exact.js';
import { PropertyFailure, assertNoMismatch } from './failure.js';
import { XOR_X, XOR_Y } from './linear.js';
import { checkFarkasCertificate, perceptronSystem, q } from './rational.js';
import type { Property } from './types.js';

export interface XorBatch {
  /** Which XOR points (0..3) form the batch, in order (repeats allowed). */
  rows: number[];
  /** A positive power of two the net is rescaled by (the functions are invariant: see each property). */
  scale: number;
}

const batchArb = fc.record({
  rows: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
  scale: fc.integer({ min: 0, max: 6 }).map((e) => 2 ** e),
});

/**
 * The notes' ReLU network f(x) = wᵀ max{0, Wᵀx + c} + b with W = [[1,1],[1,1]], c = [0, −1],
 * w = [1, −2], b = 0. The notes write XW (columns are units); the contract's rows are units, so its W
 * is the transpose — the same matrix here, since W is symmetric. Scaling the hidden layer by s > 0 and
 * the output weights by 1/s gives the same function (relu is positively homogeneous).
 */
export function xorReluNet(s = 1): Net {
  return {
    layers: [
      { W: [[s, s], [s, s]], b: [0, -s], activation: 'relu' },
      { W: [[1 / s, -2 / s]], b: [0], activation: 'identity' },
    ],
  };
}

/**
 * The notes' sigmoid network (001): hidden OR-like σ(20x1 + 20x2 − 10) and NAND-like
 * σ(−20x1 − 20x2 + 30), then AND σ(20h1 + 20h2 − 30). Scaling every weight by s ≥ 1 keeps the signs
 * of every pre-activation, so the classification.
 */
export function xorSigmoidNet(s = 1): Net {
  return {
    layers: [
      { W: [[20 * s, 20 * s], [-20 * s, -20 * s]], b: [-10 * s, 30 * s], activation: 'sigmoid' },
      { W: [[20 * s, 20 * s]], b: [-30 * s], activation: 'sigmoid' },
    ],
  };
}

export const xorReluNetwork: Property<XorBatch> = {
  id: 'xor.relu-network',
  concept: 'the ReLU network W = [[1,1],[1,1]], c = [0,−1], w = [1,−2], b = 0 reproduces XOR exactly (003 "The XOR multi-layered perceptron")',
  requires: ['forward'],
  defaultRuns: 40,
  arbitrary: () => batchArb,
  async check(subject, { rows, scale }) {
    const net = xorReluNet(scale);
    const X: Matrix = rows.map((r) => XOR_X[r]!);
    const Y: Matrix = rows.map((r) => XOR_Y[r]!);
    const c = { net, X, Y, loss: 'mse' as const };
    const bounds = boundsForSubject(c, truthOf(c), subject);
    const got = await call(subject, 'forward', net, X);
    assertNoMismatch(
      firstMismatch(Y, got?.a?.[1], (p, e) => allowedAt(boundAt(bounds.a[1], p), e)),
      `output of the notes' ReLU XOR network (hidden scaled by ${scale}, output by 1/${scale}) vs XOR`,
      { note: `batch rows are XOR points ${rows.join(', ')}; index [example, unit]` },
    );
  },
};

export const xorSigmoidNetwork: Property<XorBatch> = {
  id: 'xor.sigmoid-network',
  concept: 'two sigmoid neurons (OR-like and NAND-like, weights ±20, −10, 30) and an AND neuron classify XOR (001 "XOR with two sigmoid neurons")',
  requires: ['forward'],
  defaultRuns: 40,
  arbitrary: () => batchArb,
  async check(subject, { rows, scale }) {
    const net = xorSigmoidNet(scale);
    const X: Matrix = rows.map((r) => XOR_X[r]!);
    const got = await call(subject, 'forward', net, X);
    rows.forEach((r, x) => {
      const a = got?.a?.[1]?.[x]?.[0];
      const y = XOR_Y[r]![0]!;
      // classification: ŷ = 1 iff a ≥ ½ (the output is within σ(−10) ≈ 4.5e−5 of the label, far from ½)
      if (typeof a !== 'number' || (a >= 0.5 ? 1 : 0) !== y) {
        throw new PropertyFailure({ what: `class of XOR point (${XOR_X[r]!.join(', ')}) by the notes' sigmoid network (weights × ${scale})`, expected: y, got: typeof a === 'number' ? a : String(a), index: [x, 0], note: 'class 1 iff output ≥ 0.5' });
      }
    });
  },
};

/** The Farkas certificate that no threshold unit classifies XOR: add the four inequalities. */
export const XOR_CERTIFICATE = [q(1), q(1), q(1), q(1)];

export interface PerceptronInput {
  w: [number, number];
  b: number;
}

export const xorNoPerceptron: Property<PerceptronInput> = {
  id: 'xor.no-perceptron',
  concept: 'no single threshold unit separates XOR: b < 0, w2 + b ≥ 0, w1 + b ≥ 0, w1 + w2 + b < 0 sum to 0 > 0 (000 "XOR is not linearly separable")',
  requires: ['forward'],
  defaultRuns: 100,
  arbitrary: () => {
    const coef = fc.integer({ min: -16, max: 16 }).map((k) => k / 4);
    return fc.record({ w: fc.tuple(coef, coef), b: coef });
  },
  async check(subject, { w, b }) {
    // The proof, checked exactly: λ = (1, 1, 1, 1) combines the four inequalities into 0 > 0.
    const reason = checkFarkasCertificate(perceptronSystem(XOR_X, XOR_Y.map((r) => r[0] as 0 | 1)), XOR_CERTIFICATE);
    if (reason) throw new PropertyFailure({ what: 'Farkas certificate for XOR', expected: 'valid', got: reason });
    // The subject's threshold unit (step output) misclassifies at least one XOR point, for every (w, b).
    const net: Net = { layers: [{ W: [w], b: [b], activation: 'step' }] };
    const got = await call(subject, 'forward', net, XOR_X);
    const out = got?.a?.[0];
    const errors = XOR_X.filter((_, i) => out?.[i]?.[0] !== XOR_Y[i]![0]).length;
    if (errors === 0) {
      throw new PropertyFailure({ what: `a single threshold unit (w = [${w.join(', ')}], b = ${b}) classifies XOR`, expected: '≥ 1 error', got: `0 errors (outputs ${out?.map((r) => r[0]).join(', ')})`, note: 'impossible for ŷ = [w·x + b ≥ 0]: the subject\'s step is not a threshold' });
    }
  },
};

export const xorProperties: Property[] = [xorReluNetwork, xorSigmoidNetwork, xorNoPerceptron];
