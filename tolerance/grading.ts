/**
 * Grading tolerances: how far a submission's answer may be from the reference's, element by element.
 *
 * Everything here is composed from the one tolerance model, tolerance/model.ts (γ_n, the
 * activation ulps, σ″ bounds, kink jumps, and backpropErrorBounds for forward and BP1) and the step
 * error model, tolerance/step.ts; this file
 * only says which of its bounds applies to which compared quantity. Two rules specific to grading:
 *
 *  1. Both sides err. The reference computes in float64, the submission in float64 or float32
 *     (`--precision`). First-order bounds are linear in u, so the allowed error is the model's bound
 *     evaluated at u = u_submission + u_float64 (the sum of the two sides' bounds).
 *  2. Gradual underflow. Near 0 a float32 (or float64) result keeps fewer digits than u promises
 *     (subnormals). Every element may also differ by UNDERFLOW_SLACK[p] = 4 · (the smallest normal
 *     number): 4.7e−38 in float32, 8.9e−308 in float64. This never hides a real mistake: every
 *     case draws numbers of order 1 and compares them where the results are of order 1.
 *
 * Grading inputs are chosen exact in both precisions (dyadic numbers with ≤ 20 significant bits),
 * so the submission's rounding of its inputs costs nothing and conventions at kinks are checked
 * exactly: where the exact z is 0 its gauge is 0, so a relu′(0) = 1 or a step(0) = 0 is caught.
 * The BP2–BP4 bounds take the submission's OWN δ^{l+1} (resp. δ^l) as exact input (that is what
 * localises a mistake to one equation): then only the equation's own arithmetic may err.
 */
import { ACTIVATION_ULPS, FIRST_ORDER_SAFETY, UNIT_ROUNDOFF, gamma, kinkJump, lossErrorBound, secondDerivativeBound } from './model.js';
import { DEFAULT_ALPHA, type ActivationName } from '../contract/names.js';
import type { Matrix, Net, Optimizer, Params, Precision, Vector } from '../contract/types.js';
import { stepArithmetic, stepErrorBounds } from './step.js';

export type GradingPrecision = 'float64' | 'float32';

/** u_submission + u_reference (rule 1). */
export function gradingU(p: GradingPrecision): number {
  return UNIT_ROUNDOFF[p] + UNIT_ROUNDOFF.float64;
}

/** Rule 2: absolute slack for gradual underflow. */
export const UNDERFLOW_SLACK: Readonly<Record<GradingPrecision, number>> = {
  float32: 4 * 2 ** -126,
  float64: 4 * 2 ** -1022,
};

export { alphaOf } from '../contract/names.js';

/** activate(name, z) elementwise on exact z: the activation's own c_f ulps, relative plus absolute. */
export function activateBounds(a: Vector, u: number): Vector {
  return a.map((ai) => FIRST_ORDER_SAFETY * ACTIVATION_ULPS * u * (Math.abs(ai) + 1));
}

/** softmax on exact z: e^{z_i − m} costs c_f ulps, the sum γ_n; relative to a_i (tolerance.ts, softmax). */
export function softmaxBounds(z: Vector, a: Vector, u: number): Vector {
  const m = Math.max(...z);
  return a.map((ai, i) => FIRST_ORDER_SAFETY * ACTIVATION_ULPS * u * ai * (a.length + Math.abs(z[i]! - m)));
}

/** activateGrad on exact z: σ′'s own ulps (σ′ is a formula of 2–3 libm calls). */
export function activateGradBounds(s: Vector, u: number): Vector {
  return s.map((si) => FIRST_ORDER_SAFETY * ACTIVATION_ULPS * u * (Math.abs(si) + 1));
}

/**
 * The batch-mean loss on exact A, Y. Gauge: Σ over terms of |term| plus |∂term/∂a|·|a| (the rounding
 * of the intermediate a − y, 1 − a, log a by ≤ c_f ulps each); the sums cost γ_{n+B+2}.
 */
export function lossBound(name: 'mse' | 'bce' | 'cce', A: Matrix, Y: Matrix, u: number): number {
  let gauge = 0;
  A.forEach((row, x) =>
    row.forEach((a, i) => {
      const y = Y[x]![i]!;
      if (name === 'mse') gauge += 0.5 * (a - y) ** 2 + Math.abs(a - y) * (Math.abs(a) + Math.abs(y));
      else if (name === 'bce') {
        if (y !== 0) gauge += Math.abs(y * Math.log(a)) + Math.abs(y);
        if (y !== 1) gauge += Math.abs((1 - y) * Math.log1p(-a)) + Math.abs(1 - y) * (a / (1 - a) + 1);
      } else if (y !== 0) gauge += Math.abs(y * Math.log(a)) + Math.abs(y);
    }),
  );
  // the sums and logs of the batch-mean loss: the one formula in tolerance/model.ts
  return lossErrorBound(gauge, A.length, A[0]!.length, u);
}

/**
 * BP2 from the submission's own δ^{l+1} (exact input): t = (W^{l+1})ᵀ δ^{l+1} costs γ_n Σ_j |w_jk δ_j|,
 * σ′(z^l) carries the forward error of z^l (bound ez) through σ″ — or its jump where z may straddle
 * the kink (only where the bound of z is not 0: an exact 0 is held to the convention).
 */
export function bp2Bounds(
  Wabove: Matrix,
  deltaAbove: Matrix,
  z: Matrix,
  sp: Matrix,
  ez: Matrix,
  activation: ActivationName,
  alpha: number,
  u: number,
): Matrix {
  const S = secondDerivativeBound(activation, alpha);
  const jump = kinkJump(activation, alpha).grad;
  return z.map((zx, x) =>
    zx.map((zk, k) => {
      let t = 0;
      let gauge = 0;
      Wabove.forEach((row, j) => {
        t += row[k]! * deltaAbove[x]![j]!;
        gauge += Math.abs(row[k]! * deltaAbove[x]![j]!);
      });
      const ezk = ez[x]![k]!;
      const s = sp[x]![k]!;
      const esp = S * ezk + ACTIVATION_ULPS * u * (Math.abs(s) + 1) + (ezk > 0 && Math.abs(zk) <= ezk ? jump : 0);
      return FIRST_ORDER_SAFETY * (gamma(Wabove.length, u) * gauge * Math.abs(s) + Math.abs(t) * esp + u * Math.abs(t * s));
    }),
  );
}

/** BP3 from the submission's own δ^l: a mean of B numbers, γ_{B+1} mean_x |δ_j|. */
export function bp3Bounds(delta: Matrix, u: number): Vector {
  const B = delta.length;
  return delta[0]!.map((_, j) => (FIRST_ORDER_SAFETY * gamma(B + 1, u) * delta.reduce((s, d) => s + Math.abs(d[j]!), 0)) / B);
}

/** BP4 from the submission's own δ^l and the forward a^{l−1} (error bound ea): γ_{B+2} mean |δ_j a_k| + mean |δ_j| e_a,k. */
export function bp4Bounds(delta: Matrix, aBelow: Matrix, eaBelow: Matrix | null, u: number): Matrix {
  const B = delta.length;
  return delta[0]!.map((_, j) =>
    aBelow[0]!.map((_, k) => {
      let s = 0;
      for (let x = 0; x < B; x++) {
        const d = Math.abs(delta[x]![j]!);
        s += gamma(B + 2, u) * d * Math.abs(aBelow[x]![k]!) + (eaBelow ? d * eaBelow[x]![k]! : 0);
      }
      return (FIRST_ORDER_SAFETY * s) / B;
    }),
  );
}

/**
 * One optimizer step after another, submission and reference each fed its own previous output (params
 * and state, as in training): the one step error model (tolerance/step.ts) for a subject of this
 * precision, fed its own outputs, evaluated at u = u_submission + u_reference (rule 1). Per step,
 * bounds shaped like the params.
 */
export function stepBounds(opt: Optimizer, params0: Params, grads: readonly Params[], precision: Precision, u: number): Params[] {
  return stepErrorBounds(opt, params0, grads, stepArithmetic(precision, u)).map((b) => b.params);
}
