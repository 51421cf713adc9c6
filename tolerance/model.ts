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
 * The optimizer step's bound is built on these constants in tolerance/step.ts (one model for all its consumers).
 */
import { ELEMENTWISE, SOFTMAX_LIPSCHITZ } from '../reference/activations.js';
import { isBp1Shortcut } from '../contract/names.js';
import type { ActivationName, ContractFunctionName } from '../contract/names.js';
import type { Precision } from '../contract/types.js';

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
 * Global Lipschitz constants of the activations (sup |σ′|), used to carry an error in z into a: a column of
 * the activation table (reference/activations.ts), like σ″ and the kink jump below.
 * alpha-dependent ones take the max with |alpha|.
 */
export function lipschitz(name: ActivationName, alpha = 0): number {
  return name === 'softmax' ? SOFTMAX_LIPSCHITZ : ELEMENTWISE[name].lipschitz(alpha);
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

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// Running error bounds for forward and backward (owned by the property engine; used by
// gradient.finite-difference, bp.*, reference.matrix-equals-scalar, reference.float64-equals-decimal).
//
// The truth these bounds are measured against is the Decimal reference (50 digits) on the *exact*
// float64 inputs (reference/scalar converts m·2^e exactly), so the truth's own error is ~1e-49
// relative — except that it is handed back rounded to the nearest float64: RESULT_ROUNDING below.
// Central differences in Decimal, (E(θ+h e) − E(θ−h e)) / 2h with h = 1e-15, have truncation error
// h²/6 · |E‴| ≈ 1.7e-31 · |E‴| and rounding error ≤ 2 u_dec |E| / (2h) = 5e-35 |E|: for the smooth
// inputs the arbitraries generate (|z| ≲ 20, outputs away from 0 and 1) both are below 1e-25, far
// below a float64 ulp, so the difference quotient *is* the exact gradient for our purposes.
//
// The subject's float64 (or float32) error is bounded by a first-order running error analysis in the
// style of Higham (§3.1, "running error bounds"), element by element, from the exact values:
//
//   forward, layer l, unit j (gauge g_j = Σ_k |w_jk a_k| + |b_j|):
//     e_z = γ_{n+1} g_j + Σ_k |w_jk| e_a,k^{l−1}                           (dot product plus bias; γ_{n+3} for a
//                                                           float32 subject, which rounds its inputs)
//     e_a = L_σ e_z + c_f u (|a_j| + 1)          elementwise σ; c_f = ACTIVATION_ULPS ulps for the
//                                                 libm calls and the few operations inside σ, with an
//                                                 absolute u for forms that cancel (e^z − 1, 1 + e^z)
//     softmax: e_a,i = a_i (e_z,i + Σ_j a_j e_z,j) + c_f u a_i (n + |z_i − max z|)
//   BP1 (per pairing; g = ∇_a E_x):
//     a − y shortcut:       e_δ = e_a + c_f u n (|a| + |y|)
//     elementwise σ:        e_δ = e_g |σ′(z)| + |g| e_σ′ + u |δ|;   e_σ′ = S_σ e_z + c_f u (|σ′| + 1)
//     softmax Jacobian:     δ_i = a_i (g_i − s), s = Σ_j a_j g_j:
//                           e_δ,i = e_a,i |g_i − s| + a_i (e_g,i + e_s) + c_f u a_i (|g_i| + |s|)
//     e_g: mse e_a; bce e_a |∂g/∂a| + c_f u |g|; cce e_a y/a² + u|g|
//   BP2:  t = (W^{l+1})ᵀ δ^{l+1}:  e_t,k = γ_n Σ_j |w_jk δ_j| + Σ_j |w_jk| e_δ,j
//         δ_k = t_k σ′(z_k):         e_δ,k = e_t,k |σ′_k| + |t_k| e_σ′,k + u |δ_k|
//   BP3:  e_gradB,j  = γ_{B+1} mean_x |δ_j| + mean_x e_δ,j
//   BP4:  e_gradW,jk = γ_{B+2} mean_x |δ_j a_k| + mean_x (e_δ,j |a_k| + |δ_j| e_a,k)
//
// S_σ = SECOND_DERIVATIVE_BOUND (sup |σ″|, away from kinks). Where the computed z may sit on the other
// side of a kink (|z| ≤ e_z) the jump of σ′ (or of σ, for step) is added: no false failure at a kink.
// Every bound is then multiplied by FIRST_ORDER_SAFETY (the analysis drops O(u²) terms, which are
// below u·(n u) ≪ u for n u < 1e-10) and RESULT_ROUNDING |value| is added for the float64 rounding
// of the Decimal truth.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Ulps charged for one activation evaluation (V8's libm is ≤ 1 ulp; σ adds ≤ 3 roundings). */
export const ACTIVATION_ULPS = 4;

/** Factor covering the O(u²) terms a first-order error analysis drops. */
export const FIRST_ORDER_SAFETY = 2;

/** The Decimal truth rounded to float64 (≤ ½ ulp), counted once for each side of a comparison. */
export const RESULT_ROUNDING = 2 * 2 ** -53;

/** The step of central differences computed in Decimal (see above: truncation and rounding < 1e-25). */
export const DECIMAL_FD_STEP = 1e-15;

/**
 * Ulps charged for one activation evaluated at z by a subject of this precision. float64 and decimal:
 * ACTIVATION_ULPS. float32: a GPU's elementary functions are only as accurate as WGSL states — exp
 * within 3 + 2|z| ulps, division 2.5 ulps (WGSL_ULPS) — on top of ACTIVATION_ULPS for the few
 * roundings inside σ.
 */
export function activationUlpsFor(precision: Precision): (z: number) => number {
  if (precision !== 'float32') return () => ACTIVATION_ULPS;
  return (z) => ACTIVATION_ULPS + WGSL_ULPS.exp(z) + WGSL_ULPS.div;
}

/** sup |σ″(z)| away from the kink (0 where σ is piecewise linear). */
export function secondDerivativeBound(name: ActivationName, alpha = 0): number {
  return name === 'softmax' ? 0 : ELEMENTWISE[name].curvature(alpha);
}

/** Jump of σ′ at the kink z = 0 (and of σ itself for step), used when the computed z may straddle 0. */
export function kinkJump(name: ActivationName, alpha: number): { value: number; grad: number } {
  return name === 'softmax' ? { value: 0, grad: 0 } : ELEMENTWISE[name].jump(alpha);
}

/** The exact values (the Decimal truth rounded to float64) the bounds are built from; index [l][x][j], l = 0 is layer 1. */
export interface ExactValues {
  z: number[][][];
  a: number[][][];
  /** σ′(z) for elementwise layers (any numbers for a softmax layer: unused). */
  sp: number[][][];
  delta: number[][][];
}

export interface BackpropBounds {
  z: number[][][];
  a: number[][][];
  /** Error of σ′(z) as the subject computes it (0 for softmax layers). */
  sp: number[][][];
  delta: number[][][];
  gradW: number[][][];
  gradB: number[][];
}

interface LayerLike {
  W: number[][];
  b: number[];
  activation: ActivationName;
  alpha?: number;
}

/**
 * Element-by-element bounds on |computed − exact| for a subject computing in unit roundoff u, for
 * forward (z, a), backward (δ) and the gradients, on the network `layers` with batch X, targets Y.
 * `defaultAlpha` resolves a missing α. See the derivation above.
 */
export function backpropErrorBounds(
  layers: readonly LayerLike[],
  X: number[][],
  Y: number[][],
  loss: 'mse' | 'bce' | 'cce',
  exact: ExactValues,
  u: number,
  defaultAlpha: (name: ActivationName) => number,
  /** Ulps charged for one activation at z (default ACTIVATION_ULPS; see activationUlpsFor). */
  ulpsAt: (z: number) => number = () => ACTIVATION_ULPS,
  /**
   * The subject stores its inputs (W, b, x) in its own precision (float32: every float64 input is
   * rounded once): two more roundings per product w·a, so γ_{n+3} instead of γ_{n+1}.
   */
  roundsInputs = false,
): BackpropBounds {
  const extra = roundsInputs ? 2 : 0;
  const L = layers.length;
  const B = X.length;
  const ez: number[][][] = [];
  const ea: number[][][] = [];
  const esp: number[][][] = [];
  // Forward.
  for (let l = 0; l < L; l++) {
    const layer = layers[l]!;
    const alpha = layer.alpha ?? defaultAlpha(layer.activation);
    const n = layer.W[0]!.length;
    const Lip = lipschitz(layer.activation, alpha);
    const S = secondDerivativeBound(layer.activation, alpha);
    const jump = kinkJump(layer.activation, alpha);
    const ezl: number[][] = [];
    const eal: number[][] = [];
    const espl: number[][] = [];
    for (let x = 0; x < B; x++) {
      const aBelow = l === 0 ? X[x]! : exact.a[l - 1]![x]!;
      const eaBelow = l === 0 ? null : ea[l - 1]![x]!;
      const z = exact.z[l]![x]!;
      const a = exact.a[l]![x]!;
      const zx = layer.W.map((row, j) => {
        let gauge = Math.abs(layer.b[j]!);
        let prop = 0;
        row.forEach((w, k) => {
          gauge += Math.abs(w * aBelow[k]!);
          if (eaBelow) prop += Math.abs(w) * eaBelow[k]!;
        });
        return gamma(n + 1 + extra, u) * gauge + prop;
      });
      let ax: number[];
      let spx: number[];
      if (layer.activation === 'softmax') {
        const m = Math.max(...z);
        const mix = a.reduce((s, ai, i) => s + ai * zx[i]!, 0);
        ax = a.map((ai, i) => ai * (zx[i]! + mix) + ulpsAt(z[i]! - m) * u * ai * (a.length + Math.abs(z[i]! - m)));
        spx = a.map(() => 0);
      } else {
        ax = a.map((ai, j) => Lip * zx[j]! + ulpsAt(z[j]!) * u * (Math.abs(ai) + 1) + (Math.abs(z[j]!) <= zx[j]! ? jump.value : 0));
        spx = exact.sp[l]![x]!.map(
          (s, j) => S * zx[j]! + ulpsAt(z[j]!) * u * (Math.abs(s) + 1) + (Math.abs(z[j]!) <= zx[j]! ? jump.grad : 0),
        );
      }
      ezl.push(zx);
      eal.push(ax);
      espl.push(spx);
    }
    ez.push(ezl);
    ea.push(eal);
    esp.push(espl);
  }
  // BP1.
  const eDelta: number[][][] = new Array(L);
  const out = layers[L - 1]!;
  const shortcut = isBp1Shortcut(out.activation, loss);
  eDelta[L - 1] = exact.a[L - 1]!.map((a, x) => {
    const y = Y[x]!;
    // ulps for the loss gradient's divisions and logs: as for the activations of this example's outputs
    const cf = Math.max(ACTIVATION_ULPS, ...exact.z[L - 1]![x]!.map((z) => ulpsAt(z)));
    const eax = ea[L - 1]![x]!;
    const n = a.length;
    if (shortcut) return a.map((ai, i) => eax[i]! + cf * u * n * (Math.abs(ai) + Math.abs(y[i]!)));
    // g = ∇_a E_x and its error (gauge formulas only; the loss table lives in reference/losses.ts)
    const g = a.map((ai, i) =>
      loss === 'mse' ? ai - y[i]! : loss === 'bce' ? (ai - y[i]!) / (ai * (1 - ai)) : y[i] === 0 ? 0 : -y[i]! / ai,
    );
    const eg = a.map((ai, i) => {
      if (loss === 'mse') return eax[i]! + u * Math.abs(g[i]!);
      if (loss === 'bce') {
        const q = ai * (1 - ai);
        const dg = Math.abs((q - (ai - y[i]!) * (1 - 2 * ai)) / (q * q));
        return eax[i]! * dg + cf * u * Math.abs(g[i]!);
      }
      return (eax[i]! * Math.abs(y[i]!)) / (ai * ai) + u * Math.abs(g[i]!);
    });
    if (out.activation === 'softmax') {
      const s = a.reduce((acc, aj, j) => acc + aj * g[j]!, 0);
      const es = a.reduce((acc, aj, j) => acc + eax[j]! * Math.abs(g[j]!) + aj * eg[j]!, 0) + gamma(n, u) * a.reduce((acc, aj, j) => acc + Math.abs(aj * g[j]!), 0);
      return a.map((ai, i) => eax[i]! * Math.abs(g[i]! - s) + ai * (eg[i]! + es) + cf * u * ai * (Math.abs(g[i]!) + Math.abs(s)));
    }
    const sp = exact.sp[L - 1]![x]!;
    const espx = esp[L - 1]![x]!;
    return g.map((gi, i) => eg[i]! * Math.abs(sp[i]!) + Math.abs(gi) * espx[i]! + u * Math.abs(gi * sp[i]!));
  });
  // BP2, downwards.
  for (let l = L - 2; l >= 0; l--) {
    const W = layers[l + 1]!.W;
    eDelta[l] = exact.delta[l]!.map((_d, x) => {
      const dAbove = exact.delta[l + 1]![x]!;
      const edAbove = eDelta[l + 1]![x]!;
      const sp = exact.sp[l]![x]!;
      const espx = esp[l]![x]!;
      return sp.map((s, k) => {
        let t = 0;
        let gauge = 0;
        let prop = 0;
        W.forEach((row, j) => {
          t += row[k]! * dAbove[j]!;
          gauge += Math.abs(row[k]! * dAbove[j]!);
          prop += Math.abs(row[k]!) * edAbove[j]!;
        });
        const et = gamma(W.length, u) * gauge + prop;
        return et * Math.abs(s) + Math.abs(t) * espx[k]! + u * Math.abs(t * s);
      });
    });
  }
  // BP3, BP4.
  const gradB: number[][] = [];
  const gradW: number[][][] = [];
  for (let l = 0; l < L; l++) {
    const nl = layers[l]!.W.length;
    const nBelow = layers[l]!.W[0]!.length;
    const bB: number[] = new Array(nl).fill(0);
    const bW: number[][] = Array.from({ length: nl }, () => new Array(nBelow).fill(0));
    for (let x = 0; x < B; x++) {
      const d = exact.delta[l]![x]!;
      const ed = eDelta[l]![x]!;
      const aBelow = l === 0 ? X[x]! : exact.a[l - 1]![x]!;
      const eaBelow = l === 0 ? null : ea[l - 1]![x]!;
      for (let j = 0; j < nl; j++) {
        bB[j]! += gamma(B + 1, u) * Math.abs(d[j]!) + ed[j]!;
        for (let k = 0; k < nBelow; k++) {
          bW[j]![k]! += gamma(B + 2, u) * Math.abs(d[j]! * aBelow[k]!) + ed[j]! * Math.abs(aBelow[k]!) + (eaBelow ? Math.abs(d[j]!) * eaBelow[k]! : 0);
        }
      }
    }
    gradB.push(bB.map((s) => s / B));
    gradW.push(bW.map((row) => row.map((s) => s / B)));
  }
  const safe3 = (E: number[][][]) => E.map((M) => M.map((r) => r.map((e) => FIRST_ORDER_SAFETY * e)));
  return {
    z: safe3(ez),
    a: safe3(ea),
    sp: safe3(esp),
    delta: safe3(eDelta),
    gradW: safe3(gradW),
    gradB: gradB.map((r) => r.map((e) => FIRST_ORDER_SAFETY * e)),
  };
}

/** The allowed error at one element: the subject's bound plus the rounding of the Decimal truth. */
export function allowedAt(bound: number, expected: number): number {
  return bound + RESULT_ROUNDING * Math.abs(expected);
}

/** Reads bounds[path...] from a nested bound array (same shape as the compared value). */
export function boundAt(bounds: unknown, path: readonly number[]): number {
  let v: unknown = bounds;
  for (const i of path) v = (v as unknown[])[i];
  return typeof v === 'number' ? v : 0;
}

/**
 * Bound on |computed − exact| for the batch-mean loss(name, A, Y) evaluated on exact inputs A, Y:
 * each term costs at most c_f ulps (log) plus the sums (γ over n per example and over B examples).
 * `terms` is Σ_x Σ_i |term_xi| (the gauge of the double sum), B the batch, n the outputs.
 * `logAbs` is an absolute error per log evaluation (logAbsErrorFor: WGSL's log is only accurate to
 * 2^−21 absolute on [0.5, 2]); each example has at most 2n logs (bce), so the mean gets 2n·logAbs.
 */
export function lossErrorBound(terms: number, B: number, n: number, u: number, logAbs = 0): number {
  return FIRST_ORDER_SAFETY * ((ACTIVATION_ULPS * u + gamma(n + B + 2, u)) * (terms / B) + 2 * n * logAbs);
}

/** Absolute error of one log evaluation beyond its ulps: WGSL's 2^−21 on [0.5, 2] for float32 subjects. */
export function logAbsErrorFor(precision: Precision): number {
  return precision === 'float32' ? WGSL_ULPS.logAbsInside : 0;
}

/**
 * BP2 checked on its own: the subject's δ^l against (W^{l+1})ᵀ δ̃^{l+1} ⊙ σ′(z^l) formed exactly from
 * the subject's own δ̃^{l+1}. What remains is the rounding of that one step (γ_n over the n_{l+1}
 * terms, one product) and the subject's error in σ′(z^l) (`spError`, from backpropErrorBounds):
 *   e_k = γ_n Σ_j |w_jk δ̃_j| |σ′_k| + |t_k| e_σ′,k + u |t_k σ′_k|
 */
export function bp2StepBound(gauge: number, n: number, t: number, sp: number, spError: number, u: number): number {
  return FIRST_ORDER_SAFETY * (gamma(n, u) * gauge * Math.abs(sp) + u * Math.abs(t * sp)) + Math.abs(t) * spError;
}

/**
 * BP3/BP4 checked on their own: a batch mean (1/B) Σ_x v_x of B terms that the subject formed
 * (each term one product for BP4): γ_{B+2} mean_x |v_x|, plus `inputError` (mean_x |δ_x| e_a,x for BP4,
 * the error of the subject's a^{l−1}).
 */
export function batchMeanBound(B: number, meanAbs: number, u: number, inputError = 0): number {
  return FIRST_ORDER_SAFETY * gamma(B + 2, u) * meanAbs + inputError;
}

/**
 * One activation value or derivative computed by a subject in unit roundoff u, against the truth
 * rounded to float64: c_f ulps plus an absolute u for forms that cancel (as e_a above), doubled for
 * the first-order analysis, plus the truth's rounding.
 */
export function activationBound(v: number, u: number, ulps: number = ACTIVATION_ULPS): number {
  return FIRST_ORDER_SAFETY * ulps * u * (Math.abs(v) + 1) + RESULT_ROUNDING * Math.abs(v);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// Fixture tolerances (the golden fixtures and replay). The manifest of the golden fixtures names,
// per consumer precision and per contract function, one mixed tolerance
//
//     |got − expected| ≤ atol + rtol · |expected|
//
// so a consumer in any language can apply it with one line. It is derived, not chosen, from the unit
// roundoff u of the consumer (float64 2^-53, float32 2^-24) and from bounds of the fixture set that
// the generator measures on the cases it writes (FixtureBounds, recorded in the manifest):
//
//  - every input is a float64 number; a float32 consumer first rounds it (relative error u), so each
//    input carries u of relative error, and the expected value (the Decimal truth rounded to float64)
//    carries 2^-53 of its own (RESULT_ROUNDING_64);
//  - activate / activateGrad: the relative condition number |z σ′(z)/σ(z)| of every activation and of
//    every derivative is ≤ 2|z| + 2 (sigmoid′: |z(1 − 2σ)|, tanh′: |2z tanh z|, softplus: ≤ 1 + |z|,
//    elu: ≤ 1 + |z|, softmax: |z_i|(1 − a_i) + Σ_j |z_j| a_j ≤ 2 max|z|), plus ACTIVATION_ULPS ulps for
//    the evaluation:  rtol = (2Z + 2 + c_f + 1) u  with Z = max |z| over the cases; for activate
//    atol = the smallest normal number of the consumer (results below it may flush or underflow to 0).
//    activateGrad adds an absolute term: the contract's own formulas σ(1 − σ) and 1 − tanh² form
//    1 − s with s ∈ [0, 1] carrying c_f u of error, so they are accurate to (c_f + 2)·u·Λ absolutely
//    (Λ = max(1, α) bounds |σ′|), not relatively, in saturation (1 − tanh²(−5.5) ≈ 5.8e−5 keeps only
//    about 12 correct digits in float64): atol = (c_f + 2) u Λ.
//    These are the set-wide values (Z the largest |z| of all cases). Each case also carries its own
//    per-element bound in "tol", with Z = |z_i| of that element (softmax: max |z| of its vector),
//    Λ = max(1, |α|) of the case: the same formula, hundreds of times tighter away from |z| = 1000;
//    the manifest says "perCase", and replay uses the set-wide values where a profile changes the
//    expected value;
//  - loss: a batch mean of B·n non-negative terms (mse ½d², bce and cce −y log a ≥ 0), so the sums
//    do not cancel: γ_{n+B+2} plus c_f ulps per log, relative. The inputs' rounding changes E_x by
//    at most u·Σ_i c_i to first order, c_i = |a − y|(|a| + |y|) (mse), y + (1 − y)·a/(1 − a) (bce),
//    y (cce); with G_loss = max over cases of mean_x Σ_i c_i:  rtol = (c_f + 2)u + γ_{n+B+2},
//    atol = 2u·G_loss (FIRST_ORDER_SAFETY);
//  - forward / backward: per case and per element, the running error bound of tolerance/model.ts
//    (`backpropErrorBounds`, Higham §3.1) evaluated on the exact values at the consumer's u with
//    `roundsInputs` (a float32 consumer rounds W, b, X once: γ_{n+3} per dot product), plus the
//    rounding of the expected value. The generator writes it into the case as
//    "tol": { "float64": <shape of expected>, "float32": ... } (rounded up to two significant digits);
//  - step, per case and per weight (the case's "tol", as for forward/backward): the one step error
//    model (tolerance/step.ts, `fixtureStepTolerance`) for a consumer of this precision handed the
//    truth's weights at each step and fed back its own state (replay does that), over the chain up to
//    this case, plus the rounding of the expected value. The manifest's step atol is the largest of
//    these per-weight tolerances over the set (stepTolFloat64 / stepTolFloat32, rtol the expected
//    value's rounding): replay uses it where a profile changes the expected value, since the per-case
//    bound was derived for the notes' update;
//  - perceptronStep: the fixtures use dyadic numbers (multiples of 1/4, |x| ≤ 8, lr ∈ {1, ½, ¼}), so
//    every result is exact in float32 and float64: rtol = 0, atol = 0 — any difference is a wrong
//    decision ŷ or a wrong update.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

/** What the fixture generator measures on its cases (recorded in the manifest). */
export interface FixtureBounds {
  /** Largest |z| among the activate / activateGrad cases, and the largest α given there (Λ = max(1, α)). */
  maxAbsZ: number;
  maxAlpha: number;
  /** Largest outputs n and batch B of the loss cases, and the loss gauge G_loss. */
  lossWidth: number;
  lossBatch: number;
  lossGauge: number;
  /** Widest layer and deepest net of the forward/backward cases (their tolerance is per case). */
  netWidth: number;
  netDepth: number;
  /** Longest optimizer chain, and the largest per-weight step tolerance of the set per consumer precision. */
  stepChain: number;
  stepTolFloat64: number;
  stepTolFloat32: number;
}

/** |got − expected| ≤ atol + rtol·|expected|; `perCase`: use the case's own "tol" field instead. */
export interface Tol {
  rtol: number;
  atol: number;
  perCase?: true;
}

/** The smallest positive normal number of each consumer precision. */
const TINY = { float64: 2 ** -1022, float32: 2 ** -126 } as const;
/** The expected values are the Decimal truth rounded to the nearest float64. */
const RESULT_ROUNDING_64 = 2 ** -53;

/** The tolerance per contract function for a consumer computing in `precision` (see the derivation above). */
export function fixtureTolerances(precision: 'float64' | 'float32', b: FixtureBounds): Record<ContractFunctionName, Tol> {
  const u = UNIT_ROUNDOFF[precision];
  const cf = ACTIVATION_ULPS;
  const r = (x: number) => x + RESULT_ROUNDING_64; // the expected value's own rounding
  const act = (2 * b.maxAbsZ + 2 + cf + 1) * u;
  const kLoss = (cf + 2) * u + gamma(b.lossWidth + b.lossBatch + 2, u);
  return {
    activate: { rtol: r(act), atol: TINY[precision], perCase: true },
    activateGrad: { rtol: r(act), atol: Math.max(TINY[precision], (cf + 2) * u * Math.max(1, b.maxAlpha)), perCase: true },
    loss: { rtol: r(kLoss), atol: 2 * u * b.lossGauge },
    forward: { rtol: 0, atol: 0, perCase: true },
    backward: { rtol: 0, atol: 0, perCase: true },
    step: { rtol: RESULT_ROUNDING_64, atol: precision === 'float64' ? b.stepTolFloat64 : b.stepTolFloat32, perCase: true },
    perceptronStep: { rtol: 0, atol: 0 },
  };
}

/**
 * The per-element activation tolerance above: (2Z + 2 + c_f + 1) u |σ| + 2^−53 |σ| + atol, with Z = |z_i|
 * (softmax: max |z|), atol = the smallest normal (activate) or (c_f + 2) u Λ (activateGrad).
 */
export function activationElementTolerance(precision: 'float64' | 'float32', fn: 'activate' | 'activateGrad', Z: number, expected: number, alpha: number): number {
  const u = UNIT_ROUNDOFF[precision];
  const cf = ACTIVATION_ULPS;
  const atol = fn === 'activate' ? TINY[precision] : Math.max(TINY[precision], (cf + 2) * u * Math.max(1, Math.abs(alpha)));
  return ((2 * Z + 2 + cf + 1) * u + RESULT_ROUNDING_64) * Math.abs(expected) + atol;
}

/** A tolerance rounded up to two significant digits (smaller files; never below the derived bound). */
export function roundUp2(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log10(Math.abs(x))) - 1;
  const m = Math.ceil(x / 10 ** e);
  const y = Number((m * 10 ** e).toPrecision(2));
  return y >= x ? y : Number(((m + 1) * 10 ** e).toPrecision(2));
}
