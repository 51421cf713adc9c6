/**
 * The tolerance model — the one place where "how close is close enough" is decided.
 *
 * Nothing in this repository compares floating-point results with a hand-picked atol. Each allowed
 * error is derived from the arithmetic:
 *
 *  - unit roundoff u: float64 2^-53, float32 2^-24 (round to nearest), Decimal 10^-(digits-1)/2;
 *  - a dot product of length n computed in any order satisfies |fl(w·a) − w·a| ≤ γ_n Σ|w_i a_i|
 *    with γ_n = n·u / (1 − n·u) (Higham, Accuracy and Stability of Numerical Algorithms, §3.1);
 *    Σ|w_i a_i| is the *gauge* of the dot product;
 *  - an elementary function implemented to within k ulps adds k·u relative error (libm: ≤ 1 ulp in
 *    practice for V8's fdlibm port; WGSL states its accuracy per builtin, see WGSL_ULPS below);
 *  - errors in z propagate through σ with factor |σ′| ≤ LIPSCHITZ[σ].
 *
 * Every bound is reported with the quantities it was built from, so a failure can say why it failed.
 */
import type { ActivationName } from './names.js';
import type { Precision } from './types.js';

export const UNIT_ROUNDOFF: Readonly<Record<Precision, number>> = {
  float64: 2 ** -53,
  float32: 2 ** -24,
  /** The decimal references run with 50 significant digits. */
  decimal: 0.5e-49,
};

/** Higham's γ_n = n u / (1 − n u); Infinity when n u ≥ 1 (no bound possible). */
export function gamma(n: number, u: number): number {
  const nu = n * u;
  return nu < 1 ? nu / (1 - nu) : Infinity;
}

/** Bound on the rounding error of an n-term dot product with the given gauge Σ|w_i a_i|. */
export function dotErrorBound(n: number, gauge: number, u: number): number {
  return gamma(n, u) * gauge;
}

/**
 * Global Lipschitz constants of the activations (sup |σ′|), used to carry an error in z into a.
 * alpha-dependent ones take the max with |alpha|.
 */
export function lipschitz(name: ActivationName, alpha = 0): number {
  switch (name) {
    case 'sigmoid':
      return 0.25;
    case 'step':
      return 0; // derivative 0 almost everywhere; a flip at 0 is handled by kink-aware comparison
    case 'softmax':
      return 0.5; // ‖J‖∞ of softmax is at most 1/2 per coordinate pair; see docs/contract.md
    case 'leaky_relu':
    case 'elu':
      return Math.max(1, Math.abs(alpha));
    default:
      return 1; // identity, tanh, relu, softplus
  }
}

/**
 * WGSL's stated accuracy (WGSL spec, "Floating Point Accuracy", f32): exp and exp2 3 + 2·|x| ulp,
 * log 3 ulp outside [0.5, 2] (absolute 2^-21 inside), tanh and others inherited from their
 * formula; division 2.5 ulp; sqrt inherited from 1/inverseSqrt (2 ulp). Used by the accelerated path.
 */
export const WGSL_ULPS = {
  div: 2.5,
  exp: (x: number) => 3 + 2 * Math.abs(x),
  logOutside: 3,
  logAbsInside: 2 ** -21,
  sqrt: 2.5,
} as const;

export interface Mismatch {
  /** Index path of the first element that differs, e.g. [2, 0, 3] for delta[2][0][3]. */
  path: number[];
  expected: number;
  got: number;
  allowed: number;
}

/**
 * Compares two nested arrays (or numbers) elementwise with an allowed error per element.
 * `allowed(path, expected)` gives the bound at that element. Returns the first mismatch (or shape
 * mismatch, reported with NaN) or null when every element is within its bound.
 */
export function firstMismatch(
  expected: unknown,
  got: unknown,
  allowed: (path: number[], expected: number) => number,
  path: number[] = [],
): Mismatch | null {
  if (typeof expected === 'number') {
    if (typeof got !== 'number') return { path, expected, got: NaN, allowed: 0 };
    if (Object.is(expected, got)) return null;
    if (Number.isNaN(expected) || Number.isNaN(got)) return { path, expected, got, allowed: 0 };
    if (!Number.isFinite(expected) || !Number.isFinite(got)) {
      return expected === got ? null : { path, expected, got, allowed: 0 };
    }
    const a = allowed(path, expected);
    return Math.abs(expected - got) <= a ? null : { path, expected, got, allowed: a };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) {
      return { path, expected: expected.length, got: Array.isArray(got) ? got.length : NaN, allowed: 0 };
    }
    for (let i = 0; i < expected.length; i++) {
      const m = firstMismatch(expected[i], got[i], allowed, [...path, i]);
      if (m) return m;
    }
    return null;
  }
  return null;
}
