/**
 * Allowed error, element by element, of the accelerated (float32, WGSL) path against the float64
 * reference: a running error analysis (Higham, Accuracy and Stability of Numerical Algorithms, §3.1
 * and §3.3) that follows the kernels' arithmetic step by step from the reference's values.
 *
 *  - every input (x, W, b, y, hyper-parameters) is rounded to float32 once: e = u|x| + η;
 *  - a dot product of K terms plus a bias, with inputs carrying errors e_a:
 *        e_z = (1+u) Σ_k |w_k| e_a,k + γ_{K+3} (Σ_k |w_k| (|a_k| + e_a,k) + |b|) + (2K+2) η
 *    (γ_{K+3}: K products and sums, the bias, and the rounding of w and b to float32; any summation
 *    order, with or without fma, satisfies it) — the issue's |computed − exact| ≤ c·u·Σ|w||a|;
 *  - σ applied to a z that is off by e_z: the largest change of σ over [z − e_z, z + e_z] (σ is
 *    monotone or unimodal, so the interval's ends and the kink at 0 attain it — this is also what
 *    makes a computed z on the wrong side of the ReLU kink *allowed*, never a false failure), plus
 *    σ's own evaluation error in WGSL (WGSL_ACTIVATION_ERROR, from WGSL's stated accuracy of exp,
 *    log and division);
 *  - BP1–BP4 likewise: products and differences carry their operands' errors, sums their γ.
 *
 * η = 2⁻¹²⁶ (the smallest normal float32) is charged per operation: GPUs may flush subnormals to
 * zero, so a result below 2⁻¹²⁶ may be lost entirely.
 *
 * The reference's own float64 error (≤ γ_n^{(64)} · gauge, about 2⁻²⁹ of the float32 bound) is
 * covered by REFERENCE_SLACK.
 */
import { isBp1Shortcut } from '../contract/names.js';
import { resolveAlpha } from '../contract/validate.js';
import type { ActivationName, LossName } from '../contract/names.js';
import type { Matrix, Net } from '../contract/types.js';
import { UNIT_ROUNDOFF, WGSL_ULPS, gamma, lipschitz } from './model.js';
import { ELEMENTWISE, activateGradVector, activateVector } from '../reference/activations.js';
import { float64 } from '../reference/field.js';
import { LOSS_TABLE } from '../reference/losses.js';
import { fromRows, type Mat } from '../reference/matrix/mat.js';
import { matmul, matmulABt, matmulAtB } from '../reference/matrix/matmul.js';

/** float32 unit roundoff. */
const U32 = UNIT_ROUNDOFF.float32;
/** The smallest normal float32: the most a flush-to-zero of a subnormal can lose. */
const ETA32 = 2 ** -126;
/** Relative slack for the reference's float64 rounding and the first-order analysis' dropped u² terms. */
export const REFERENCE_SLACK = 2 ** -16;

/** k ulps of a result is at most 2k·u of its magnitude (an ulp of x is ≤ 2u|x| for normal x). */
const ulps = (k: number) => 2 * k * U32;
// WGSL's stated accuracy comes from the one tolerance model (tolerance/model.ts, WGSL_ULPS):
/** WGSL: exp(x) is accurate to 3 + 2|x| ulps. */
const expRel = (x: number) => ulps(WGSL_ULPS.exp(x));
/** WGSL: division 2.5 ulps. */
const DIV = ulps(WGSL_ULPS.div);
/** WGSL: log(x) has absolute error < 2⁻²¹ for x in [0.5, 2], 3 ulps elsewhere. */
const logAbs = (x: number) => (x >= 0.5 && x <= 2 ? WGSL_ULPS.logAbsInside : ulps(WGSL_ULPS.logOutside) * Math.abs(Math.log(x)));

/** The range of |ζ| over the interval [z − e, z + e]. */
function absRange(z: number, e: number): [number, number] {
  const lo = z - e;
  const hi = z + e;
  return [lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi)), Math.abs(z) + e];
}

/**
 * Evaluation error of σ in the WGSL kernels (accelerated/wgsl.ts) for any float32 input ζ with
 * |ζ − z| ≤ e, as an absolute bound; `aAbs` bounds |σ(ζ)| there.
 */
function wgslActivationError(name: Exclude<ActivationName, 'softmax'>, z: number, e: number, aAbs: number, alpha: number): number {
  const [xmin, xmax] = absRange(z, e);
  switch (name) {
    case 'identity':
    case 'step':
    case 'relu':
      return 0; // exact: a select or a max
    case 'leaky_relu':
      return ulps(1) * aAbs + ETA32; // α rounded to float32, one product
    case 'elu':
      if (z - e >= 0) return 0;
      // α (e^ζ − 1) on ζ < 0: exp's error (e^ζ ≤ e^{min(0, z+e)}), the subtraction, α's rounding and the product
      return Math.abs(alpha) * (expRel(xmax) * Math.exp(Math.min(0, z + e)) + 2 * U32) + ulps(1) * aAbs + ETA32;
    case 'sigmoid':
      // 1/(1+e^−|ζ|) or e^ζ/(1+e^ζ): exp (relative 2k u) counted twice, two roundings and a division
      return aAbs * (2 * expRel(xmax) + 8 * U32) + 4 * ETA32;
    case 'tanh': {
      // |ζ| < 1/16: ζ(1 − ζ²/3 + 2ζ⁴/15): a few roundings, truncation ≤ 0.2u|ζ|
      let err = xmin < 0.0625 ? 8 * U32 * Math.min(xmax, 0.0625) + ETA32 : 0;
      if (xmax >= 0.0625) {
        // (1 − t)/(1 + t), t = e^{−2|ζ|}: t·rel(t) decreases in |ζ|, so its worst is at the smallest |ζ|
        const x = Math.max(0.0625, xmin);
        const t = Math.exp(-2 * x);
        const rel = t * expRel(2 * x) * (1 / (1 - t) + 1) + 8 * U32;
        err = Math.max(err, aAbs * rel + ETA32);
      }
      return err;
    }
    case 'softplus': {
      // max(ζ,0) + log1p(e), e = e^{−|ζ|}: log(1 + e) (WGSL: absolute 2⁻²¹ on [0.5, 2]) when e ≥ 2⁻¹²,
      // else the series e(1 − e/2) whose truncation is ≤ e³/3
      const big = Math.log(4096); // e < 2⁻¹² ⇔ |ζ| > ln 4096
      const eMax = Math.exp(-xmin);
      const logBranch = xmin <= big ? WGSL_ULPS.logAbsInside + eMax * expRel(xmax) + 2 * U32 : 0;
      const seriesBranch = xmax > big ? Math.min(eMax, 2 ** -12) * (expRel(xmax) + 5 * U32) : 0;
      return Math.max(logBranch, seriesBranch) + U32 * aAbs + ETA32;
    }
  }
}

/** Evaluation error of σ′ in WGSL for any float32 ζ with |ζ − z| ≤ e; gAbs bounds |σ′(ζ)|. */
function wgslActivationGradError(name: Exclude<ActivationName, 'softmax'>, z: number, e: number, gAbs: number, alpha: number): number {
  const [, xmax] = absRange(z, e);
  switch (name) {
    case 'identity':
    case 'step':
    case 'relu':
      return 0;
    case 'leaky_relu':
      return U32 * Math.abs(alpha); // α rounded to float32
    case 'elu':
      return z - e >= 0 ? 0 : Math.abs(alpha) * Math.exp(Math.min(0, z + e)) * (expRel(xmax) + 2 * U32) + ETA32;
    case 'sigmoid':
    case 'softplus': {
      const s = Math.min(1, gAbs * 4 + 1); // |σ| ≤ 1
      const es = s * (2 * expRel(xmax) + 8 * U32) + 4 * ETA32;
      return name === 'softplus' ? es : es + es * es + 2 * U32 * gAbs; // σ(1 − σ): (|1−σ| + |σ|) e_σ + e_σ² + rounding
    }
    case 'tanh': {
      const et = wgslActivationError('tanh', z, e, 1, alpha);
      return 2 * et + et * et + 2 * U32; // 1 − t², |t| ≤ 1
    }
  }
}

const f64 = float64;
const value = (name: Exclude<ActivationName, 'softmax'>, z: number, alpha: number) => ELEMENTWISE[name].value(f64, z, alpha);
const deriv = (name: Exclude<ActivationName, 'softmax'>, z: number, alpha: number) => ELEMENTWISE[name].grad(f64, z, alpha);

/**
 * sup |f(ζ) − f(z)| over |ζ − z| ≤ e for f = σ or σ′: every σ of the contract and every σ′ is
 * monotone or unimodal with its extremum or jump at 0, so the ends of the interval and 0± attain it.
 * The float64 evaluation's own rounding is added (2⁻⁵¹ of the values); the global Lipschitz bound
 * caps it where it is smaller.
 */
function shift(f: (z: number) => number, z: number, e: number, lip: number): number {
  if (e === 0) return 0;
  const fz = f(z);
  const pts = [z - e, z + e];
  if (z - e <= 0 && 0 <= z + e) pts.push(0, -Number.MIN_VALUE, Number.MIN_VALUE);
  let s = 0;
  let mag = Math.abs(fz);
  for (const p of pts) {
    const fp = f(p);
    s = Math.max(s, Math.abs(fp - fz));
    mag = Math.max(mag, Math.abs(fp));
  }
  const sampled = s + 2 ** -51 * mag;
  return Number.isFinite(lip) && lip * e < sampled ? lip * e : sampled;
}

/** Elementwise |M| + E. */
function absPlus(M: Mat, E?: Mat): Mat {
  const out = new Float64Array(M.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(M.data[i]!) + (E ? E.data[i]! : 0);
  return { rows: M.rows, cols: M.cols, data: out };
}

/** The error of a float64 input rounded to float32. */
function inputError(M: Mat): Mat {
  const out = new Float64Array(M.data.length);
  for (let i = 0; i < out.length; i++) out[i] = U32 * Math.abs(M.data[i]!) + ETA32;
  return { rows: M.rows, cols: M.cols, data: out };
}

export interface ForwardBounds {
  /** Allowed |ẑ − z| per layer (B × n_l), likewise for a. */
  z: Mat[];
  a: Mat[];
}

/**
 * Forward bounds from the reference's z and a: per layer the dot-product bound, then σ's.
 * `Z`, `A` are the reference's z^l and a^l (B × n_l).
 */
export function forwardBounds(net: Net, X: Matrix, Z: Mat[], A: Mat[]): ForwardBounds & { eX: Mat } {
  const Xm = fromRows(X);
  const eX = inputError(Xm);
  const ez: Mat[] = [];
  const ea: Mat[] = [];
  let aPrev = Xm;
  let eaPrev = eX;
  net.layers.forEach((layer, i) => {
    const W = fromRows(layer.W);
    const absW = absPlus(W);
    const K = W.cols;
    const B = Xm.rows;
    const n = W.rows;
    const prop = matmulABt(eaPrev, absW); // Σ_k |w_jk| e_a,k
    const gauge = matmulABt(absPlus(aPrev, eaPrev), absW); // Σ_k |w_jk| (|a_k| + e_a,k)
    const g = gamma(K + 3, U32);
    const e = new Float64Array(B * n);
    for (let x = 0; x < B; x++)
      for (let j = 0; j < n; j++) {
        const q = x * n + j;
        e[q] = (1 + U32) * prop.data[q]! + g * (gauge.data[q]! + Math.abs(layer.b[j]!)) + (2 * K + 2) * ETA32;
      }
    const ezl: Mat = { rows: B, cols: n, data: e };
    const z = Z[i]!;
    const a = A[i]!;
    const alpha = resolveAlpha(layer.activation, layer.alpha);
    const eal = new Float64Array(B * n);
    if (layer.activation === 'softmax') {
      for (let x = 0; x < B; x++) {
        let E = 0;
        let m = -Infinity;
        for (let j = 0; j < n; j++) {
          E = Math.max(E, e[x * n + j]!);
          m = Math.max(m, z.data[x * n + j]!);
        }
        // the computed d_i = z_i − max z differs from the exact one by ≤ 2E; exp's error grows with |d|
        const rel = (j: number) => {
          const d = Math.abs(z.data[x * n + j]! - m) + 2 * E;
          return U32 * d + expRel(d);
        };
        let worst = 0;
        for (let j = 0; j < n; j++) worst = Math.max(worst, rel(j));
        const spread = Math.expm1(2 * E); // a_i changes by a factor within e^{±2E} when z moves by ≤ E
        for (let j = 0; j < n; j++) {
          const q = x * n + j;
          const ai = a.data[q]!;
          const r = rel(j) + worst + gamma(n + 1, U32) + DIV;
          eal[q] = ai * spread + ai * (1 + spread) * r * (1 + r) + (n + 2) * ETA32;
        }
      }
    } else {
      const act = layer.activation;
      const lip = act === 'step' ? Infinity : lipschitz(act, alpha); // step jumps: no Lipschitz bound
      for (let q = 0; q < B * n; q++) {
        const zq = z.data[q]!;
        const s = shift((t) => value(act, t, alpha), zq, e[q]!, lip);
        eal[q] = s + wgslActivationError(act, zq, e[q]!, Math.abs(a.data[q]!) + s, alpha);
      }
    }
    ez.push(ezl);
    const eaM: Mat = { rows: B, cols: n, data: eal };
    ea.push(eaM);
    aPrev = a;
    eaPrev = eaM;
  });
  return { z: ez, a: ea, eX };
}

/** Error of σ′ at a computed z off by e: its change over the interval plus WGSL's evaluation error. */
function gradError(act: Exclude<ActivationName, 'softmax'>, z: number, e: number, alpha: number): { sp: number; e: number } {
  const sp = deriv(act, z, alpha);
  const s = shift((t) => deriv(act, t, alpha), z, e, Infinity);
  return { sp, e: s + wgslActivationGradError(act, z, e, Math.abs(sp) + s, alpha) };
}

export interface BackwardBounds {
  delta: Mat[];
  gradW: Mat[];
  gradB: Float64Array[];
}

/**
 * Backward bounds (BP1–BP4) from the reference's forward values and deltas and the forward bounds.
 */
export function backwardBounds(net: Net, X: Matrix, Y: Matrix, loss: LossName, Z: Mat[], A: Mat[], Delta: Mat[], fb: ForwardBounds & { eX: Mat }): BackwardBounds {
  const L = net.layers.length;
  const out = net.layers[L - 1]!;
  const Ym = fromRows(Y);
  const eY = inputError(Ym);
  const B = Ym.rows;
  const n = Ym.cols;
  const alphaOf = (i: number) => {
    const l = net.layers[i]!;
    return resolveAlpha(l.activation, l.alpha);
  };
  const eDelta: Mat[] = new Array(L);
  // BP1
  {
    const a = A[L - 1]!.data;
    const z = Z[L - 1]!.data;
    const ea = fb.a[L - 1]!.data;
    const ez = fb.z[L - 1]!.data;
    const y = Ym.data;
    const ey = eY.data;
    const d = Delta[L - 1]!.data;
    const e = new Float64Array(B * n);
    const shortcut = isBp1Shortcut(out.activation, loss);
    // g = ∇_a E_x and its error; g is increasing in a for every loss (so the interval's ends bound it)
    const gOf = (ai: number, yi: number) => LOSS_TABLE[loss].grad(f64, [ai], [yi])[0]!;
    const gErr = (q: number): { g: number; e: number } => {
      const ai = a[q]!;
      const yi = y[q]!;
      const g = gOf(ai, yi);
      if (loss === 'mse') return { g, e: ea[q]! + ey[q]! + U32 * (Math.abs(g) + ea[q]! + ey[q]!) };
      const lo = ai - ea[q]!;
      const hi = ai + ea[q]!;
      if (lo <= 0 || (loss === 'bce' && hi >= 1)) return { g, e: Infinity };
      const s = Math.max(Math.abs(gOf(lo, yi) - g), Math.abs(gOf(hi, yi) - g));
      // y's rounding enters through the numerator; then the roundings of the formula (≤ 4 ops + a division)
      const ye = loss === 'cce' ? ey[q]! / lo : ey[q]! / (lo * Math.max(1e-300, 1 - hi));
      return { g, e: s + ye + (4 * U32 + DIV) * (Math.abs(g) + s + ye) };
    };
    if (shortcut) {
      for (let q = 0; q < B * n; q++) e[q] = ea[q]! + ey[q]! + U32 * (Math.abs(d[q]!) + ea[q]! + ey[q]!); // δ = a − y
    } else if (out.activation === 'softmax' && loss === 'bce') {
      // the kernel's form: h_j = (a_j − y_j)/(1 − a_j) with 1 − a_j = Σ_{k≠j} a_k, δ_i = h_i − a_i Σ_j h_j
      for (let x = 0; x < B; x++) {
        const o = x * n;
        let sumE = 0;
        for (let j = 0; j < n; j++) sumE += ea[o + j]!;
        const hs: number[] = [];
        const ehs: number[] = [];
        let H = 0;
        let eH = 0;
        let gaugeH = 0;
        for (let j = 0; j < n; j++) {
          const q = o + j;
          const den = 1 - a[q]!; // exact value of Σ_{k≠j} a_k
          const eden = sumE - ea[q]! + gamma(n + 1, U32) * (den + sumE);
          const num = a[q]! - y[q]!;
          const enm = ea[q]! + ey[q]! + U32 * (Math.abs(num) + ea[q]! + ey[q]!);
          const h = num / den;
          const eh = den - eden > 0 ? (enm + Math.abs(h) * eden) / (den - eden) : Infinity;
          const ehr = eh + DIV * (Math.abs(h) + eh);
          hs.push(h);
          ehs.push(ehr);
          H += h;
          eH += ehr;
          gaugeH += Math.abs(h) + ehr;
        }
        eH += gamma(n + 1, U32) * gaugeH;
        for (let j = 0; j < n; j++) {
          const q = o + j;
          const r = ehs[j]! + ea[q]! * (Math.abs(H) + eH) + Math.abs(a[q]!) * eH; // δ_i = h_i − a_i H
          e[q] = r + 2 * U32 * (Math.abs(d[q]!) + r);
        }
      }
    } else if (out.activation === 'sigmoid' && loss === 'cce') {
      // the kernel's form: δ = −y σ(−z) (accelerated/wgsl.ts bp1Wgsl): σ(−z) is off by its change over the
      // interval of z (|σ′| ≤ ¼) plus WGSL's evaluation error; then y's rounding and one product
      for (let q = 0; q < B * n; q++) {
        const s = 1 - a[q]!; // σ(−z) = 1 − σ(z)
        const es = 0.25 * ez[q]! + wgslActivationError('sigmoid', -z[q]!, ez[q]!, s + 0.25 * ez[q]!, 0);
        const r = Math.abs(y[q]!) * es + (s + es) * ey[q]!;
        e[q] = r + U32 * (Math.abs(d[q]!) + r);
      }
    } else if (out.activation === 'softmax') {
      for (let x = 0; x < B; x++) {
        let s = 0;
        let es = 0;
        let gauge = 0;
        const gs: Array<{ g: number; e: number }> = [];
        for (let j = 0; j < n; j++) {
          const q = x * n + j;
          const ge = gErr(q);
          gs.push(ge);
          s += a[q]! * ge.g;
          es += Math.abs(a[q]!) * ge.e + Math.abs(ge.g) * ea[q]! + ea[q]! * ge.e;
          gauge += (Math.abs(a[q]!) + ea[q]!) * (Math.abs(ge.g) + ge.e);
        }
        es += gamma(n + 1, U32) * gauge;
        for (let j = 0; j < n; j++) {
          const q = x * n + j;
          const { g, e: eg } = gs[j]!;
          const diff = Math.abs(g - s);
          const ediff = eg + es + U32 * (diff + eg + es);
          e[q] = ea[q]! * (diff + ediff) + Math.abs(a[q]!) * ediff + U32 * (Math.abs(d[q]!) + ea[q]! * (diff + ediff) + Math.abs(a[q]!) * ediff);
        }
      }
    } else {
      const act = out.activation as Exclude<ActivationName, 'softmax'>;
      for (let q = 0; q < B * n; q++) {
        const { g, e: eg } = gErr(q);
        const { sp, e: esp } = gradError(act, z[q]!, ez[q]!, alphaOf(L - 1));
        const r = Math.abs(sp) + esp === 0 ? 0 : Math.abs(g) * esp + (Math.abs(sp) + esp) * eg; // δ = g σ′(z)
        e[q] = r + U32 * (Math.abs(d[q]!) + r);
      }
    }
    eDelta[L - 1] = { rows: B, cols: n, data: e };
  }
  // BP2 down to layer 1
  for (let i = L - 2; i >= 0; i--) {
    const W = fromRows(net.layers[i + 1]!.W);
    const absW = absPlus(W);
    const K = W.rows; // n_{l+1}
    const t = matmul(Delta[i + 1]!, W); // t = Δ^{l+1} W^{l+1}
    const prop = matmul(eDelta[i + 1]!, absW);
    const gauge = matmul(absPlus(Delta[i + 1]!, eDelta[i + 1]!), absW);
    const g = gamma(K + 3, U32);
    const z = Z[i]!.data;
    const ez = fb.z[i]!.data;
    const act = net.layers[i]!.activation as Exclude<ActivationName, 'softmax'>;
    const alpha = alphaOf(i);
    const m = t.cols;
    const e = new Float64Array(B * m);
    for (let q = 0; q < B * m; q++) {
      const et = (1 + U32) * prop.data[q]! + g * gauge.data[q]! + (2 * K + 2) * ETA32;
      const { sp, e: esp } = gradError(act, z[q]!, ez[q]!, alpha);
      const tq = Math.abs(t.data[q]!);
      // δ^l = t ⊙ σ′(z^l); a σ′ that is exactly 0 (step, relu off the kink) gives exactly 0 whatever t's error
      const r = Math.abs(sp) + esp === 0 ? 0 : tq * esp + (Math.abs(sp) + esp) * et;
      e[q] = r + U32 * (tq * Math.abs(sp) + r);
    }
    eDelta[i] = { rows: B, cols: m, data: e };
  }
  // BP3 and BP4
  const gradW: Mat[] = [];
  const gradB: Float64Array[] = [];
  for (let i = 0; i < L; i++) {
    const D = Delta[i]!;
    const eD = eDelta[i]!;
    const Aprev = i === 0 ? fromRows(X) : A[i - 1]!;
    const eA = i === 0 ? fb.eX : fb.a[i - 1]!;
    const nOut = D.cols;
    const gb = new Float64Array(nOut);
    const gB = gamma(B + 3, U32);
    for (let j = 0; j < nOut; j++) {
      let se = 0;
      let sa = 0;
      for (let x = 0; x < B; x++) {
        se += eD.data[x * nOut + j]!;
        sa += Math.abs(D.data[x * nOut + j]!) + eD.data[x * nOut + j]!;
      }
      gb[j] = (se + gB * sa + (B + 1) * ETA32) / B; // BP3: mean of δ, γ_{B+3} for the sum, 1/B's rounding and the product
    }
    gradB.push(gb);
    // BP4: (1/B) Σ_x δ_j a_k: Σ (e_δ (|a| + e_a) + |δ| e_a) + γ_{B+3} Σ (|δ| + e_δ)(|a| + e_a)
    const absD = absPlus(D);
    const absA = absPlus(Aprev, eA);
    const p1 = matmulAtB(eD, absA);
    const p2 = matmulAtB(absD, eA);
    const gg = matmulAtB(absPlus(D, eD), absA);
    const e = new Float64Array(p1.data.length);
    for (let q = 0; q < e.length; q++) e[q] = (p1.data[q]! + p2.data[q]! + gB * gg.data[q]! + (2 * B + 2) * ETA32) / B;
    gradW.push({ rows: p1.rows, cols: p1.cols, data: e });
  }
  return { delta: eDelta, gradW, gradB };
}

/** Bound of a contract `activate` / `activateGrad` call on exact inputs z (rounded to float32 first). */
export function activationBounds(name: ActivationName, z: number[], alpha: number, grad: boolean): number[] {
  const ez = z.map((v) => U32 * Math.abs(v) + ETA32);
  if (name === 'softmax') {
    const a = activateVector(f64, 'softmax', z, alpha);
    const m = Math.max(...z);
    const E = Math.max(...ez);
    const rel = (j: number) => {
      const d = Math.abs(z[j]! - m) + 2 * E;
      return U32 * d + expRel(d);
    };
    const worst = Math.max(...z.map((_, j) => rel(j)));
    const spread = Math.expm1(2 * E);
    return a.map((ai, j) => {
      const r = rel(j) + worst + gamma(z.length + 1, U32) + DIV;
      return ai * spread + ai * (1 + spread) * r * (1 + r) + (z.length + 2) * ETA32;
    });
  }
  const act = name as Exclude<ActivationName, 'softmax'>;
  if (grad) return z.map((v, j) => gradError(act, v, ez[j]!, alpha).e);
  const a = activateVector(f64, act, z, alpha);
  const lip = act === 'step' ? Infinity : lipschitz(act, alpha);
  return z.map((v, j) => {
    const s = shift((t) => value(act, t, alpha), v, ez[j]!, lip);
    return s + wgslActivationError(act, v, ez[j]!, Math.abs(a[j]!) + s, alpha);
  });
}
void activateGradVector;

/**
 * A number with a running error bound: v is the exact-ish (float64) value, e bounds |float32 − v|.
 * Each operation adds its own rounding (u of the result, WGSL's stated accuracy for log) to the
 * propagated errors of its operands. Used for the loss (the optimizer step's bound is tolerance/step.ts).
 */
class Tracked {
  constructor(
    readonly v: number,
    readonly e: number,
  ) {}
  /** A float64 input rounded to float32 once. */
  static input(x: number): Tracked {
    return new Tracked(x, U32 * Math.abs(x) + ETA32);
  }
  static exact(x: number): Tracked {
    return new Tracked(x, 0);
  }
  private static round(v: number, e: number, rel = U32): Tracked {
    return new Tracked(v, e + rel * (Math.abs(v) + e) + ETA32);
  }
  add(o: Tracked): Tracked {
    return Tracked.round(this.v + o.v, this.e + o.e);
  }
  sub(o: Tracked): Tracked {
    return Tracked.round(this.v - o.v, this.e + o.e);
  }
  mul(o: Tracked): Tracked {
    return Tracked.round(this.v * o.v, Math.abs(this.v) * o.e + Math.abs(o.v) * this.e + this.e * o.e);
  }
  /** WGSL log(x), x > 0: the input's error through log′ = 1/x, then WGSL's stated accuracy. */
  log(): Tracked {
    const lo = this.v - this.e;
    if (lo <= 0) return new Tracked(Math.log(this.v), Infinity);
    return new Tracked(Math.log(this.v), Math.log(this.v / lo) + logAbs(this.v) + logAbs(lo) + ETA32);
  }
}

/** Bound of the contract's `loss` (batch mean) as the WGSL kernel computes it. */
export function lossBound(loss: LossName, A: Matrix, Y: Matrix): number {
  let total = Tracked.exact(0);
  for (let x = 0; x < A.length; x++) {
    let ex = Tracked.exact(0);
    for (let i = 0; i < A[x]!.length; i++) {
      const a = Tracked.input(A[x]![i]!);
      const y = Tracked.input(Y[x]![i]!);
      if (loss === 'mse') {
        const d = a.sub(y);
        ex = ex.add(Tracked.input(0.5).mul(d).mul(d));
      } else {
        if (y.v !== 0) ex = ex.sub(y.mul(a.log()));
        if (loss === 'bce' && y.v !== 1) ex = ex.sub(Tracked.exact(1).sub(y).mul(Tracked.exact(1).sub(a).log()));
      }
    }
    total = total.add(ex);
  }
  return total.mul(Tracked.input(1 / A.length)).e;
}
