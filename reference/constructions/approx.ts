/**
 * Universal approximation, constructively (notes 001, "Universal Approximation"; notes 003).
 *
 * 1-D functions as sums of ReLUs: f̂(x) = c + Σ_i w_i ReLU(x + b_i). With knots x_0 < x_1 < … < x_K of
 * step h, b_i = −x_i, c = f(x_0), w_0 = the first slope and w_i = slope_i − slope_{i−1}, f̂ is the
 * piecewise-linear interpolant of f at the knots (the ReLU at x_i switches on the change of slope there).
 * On [x_i, x_{i+1}], f̂ is the convex combination (1−t) f(x_i) + t f(x_{i+1}) of two values each within
 * L·t·h and L·(1−t)·h of f(x) for an L-Lipschitz f, so |f − f̂| ≤ 2t(1−t)·L·h ≤ L·h/2 ≤ L·h.
 *
 * The sigmoid "step": σ(w x + b) crosses ½ exactly at its edge s = −b/w (the notes: w = 16, b = −9 gives
 * s = 0.5625), and approaches the unit step at s as w grows: |σ(w(x − s)) − 1{x ≥ s}| ≤ e^{−w|x − s|}.
 */
import { InvalidArgumentError, brief } from '../../contract/errors.js';
import type { Net } from '../../contract/types.js';

export interface ReluInterpolant {
  /** Knots x_0..x_K (the last one only ends the domain: no unit switches on there). */
  knots: number[];
  /** Output weights w_i of the units ReLU(x − x_i), i = 0..K−1. */
  w: number[];
  /** Unit biases b_i = −x_i. */
  b: number[];
  /** Output bias c = f(x_0). */
  c: number;
  /** The same as a contract Net: 1 → K relu units → 1 identity output. */
  net: Net;
}

/** The uniform grid a = x_0 < … < x_K = b (K cells of width h = (b − a)/K). */
export function grid(a: number, b: number, K: number): number[] {
  if (!(b > a) || !Number.isInteger(K) || K < 1) throw new InvalidArgumentError({ where: 'grid', expected: 'a < b and K ≥ 1 cells', got: `a=${a}, b=${b}, K=${brief(K)}` });
  return Array.from({ length: K + 1 }, (_, i) => (i === K ? b : a + ((b - a) * i) / K));
}

/** The sum of ReLUs interpolating the values fx at the knots (fx[i] = f(knots[i])). */
export function reluInterpolant(knots: readonly number[], fx: readonly number[]): ReluInterpolant {
  if (knots.length < 2 || fx.length !== knots.length) throw new InvalidArgumentError({ where: 'knots', expected: '≥ 2 knots and one value per knot', got: `${knots.length} knots, ${fx.length} values` });
  const K = knots.length - 1;
  const slopes = Array.from({ length: K }, (_, i) => (fx[i + 1]! - fx[i]!) / (knots[i + 1]! - knots[i]!));
  // w_0 = slope_0; w_i = slope_i − slope_{i−1}: the change of slope at knot x_i
  const w = slopes.map((s, i) => (i === 0 ? s : s - slopes[i - 1]!));
  const b = knots.slice(0, K).map((x) => -x);
  const c = fx[0]!;
  const net: Net = {
    layers: [
      { W: b.map(() => [1]), b, activation: 'relu' },
      { W: [w], b: [c], activation: 'identity' },
    ],
  };
  return { knots: [...knots], w, b, c, net };
}

/** f̂(x) = c + Σ w_i ReLU(x + b_i), evaluated directly (the same sum the net computes). */
export function evalReluSum(r: ReluInterpolant, x: number): number {
  let s = r.c;
  for (let i = 0; i < r.w.length; i++) s += r.w[i]! * Math.max(0, x + r.b[i]!);
  return s;
}

/** The edge s = −b/w of the sigmoid step σ(w x + b), where it equals ½. */
export function sigmoidEdge(w: number, b: number): number {
  if (w === 0) throw new InvalidArgumentError({ where: 'w', expected: 'w ≠ 0 (a flat sigmoid has no edge)', got: '0' });
  return -b / w;
}

/** The notes' example: w = 16, b = −9. */
export const NOTES_SIGMOID_STEP = { w: 16, b: -9, edge: 0.5625 } as const;
