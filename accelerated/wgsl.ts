/**
 * WGSL sources of every kernel of the accelerated path, generated as strings.
 *
 * Layout: every matrix is row-major float32. A batch matrix is B × n (one row per example), W^l is
 * n_l × n_{l−1} (row j holds the weights into unit j, as in the notes), and all W^l, b^l of a network
 * live in one flat `params` buffer (and the gradients in a `grads` buffer of the same layout) so one
 * optimizer dispatch updates every parameter.
 *
 * Every kernel is one function `kernelName → source`; the accelerated subject can pass each source
 * through a patch function (`KernelPatch`) — the tests use it to plant bugs (a dropped σ′, an
 * off-by-one tile index, a missing 1/B) and see the differential properties catch them. The lines
 * the tests patch carry a `// @mark:<name>` comment.
 */
import { isBp1Shortcut } from '../contract/names.js';
import type { ActivationName, LossName, OptimizerName } from '../contract/names.js';

/** Rewrites a kernel's WGSL source before it is compiled (for planting bugs in tests). */
export type KernelPatch = (kernel: string, source: string) => string;

/** Matrix-product tile: TM × TN outputs per workgroup, TK deep, each invocation RM × RN outputs (8 × 8 measured best on lavapipe: 110–140 ms CPU per train-step-b256 against 180–290 for 4 × 4 and 155 for 128 × 128 tiles). */
export const TILE = { TM: 64, TN: 64, TK: 16, RM: 8, RN: 8 } as const;
/** Invocations per workgroup of the 1-D (elementwise, per-row, per-column) kernels. */
export const WG1 = 64;

type Elementwise = Exclude<ActivationName, 'softmax'>;

/**
 * σ(z) and σ′(z) in WGSL for an elementwise activation; `alpha` is a runtime value. The same
 * conventions as reference/activations.ts: step(0) = 1, relu′(0) = 0, leaky_relu′(0) = α, elu′(0) = 1;
 * sigmoid, tanh and softplus never overflow (they only ever exponentiate −|z|).
 */
function activationWgsl(name: Elementwise): string {
  const helpers = /* wgsl */ `
fn sigm(z: f32) -> f32 {
  // σ(z) = 1/(1+e^−z) for z ≥ 0, e^z/(1+e^z) below: the exponent is never positive
  if (z >= 0.0) { return 1.0 / (1.0 + exp(-z)); }
  let e = exp(z);
  return e / (1.0 + e);
}
fn tanhSafe(z: f32) -> f32 {
  // tanh z = sign(z)(1 − e^{−2|z|})/(1 + e^{−2|z|}); a short Taylor series near 0 avoids the cancellation
  let x = abs(z);
  if (x < 0.0625) { let x2 = z * z; return z * (1.0 + x2 * (-0.33333334 + x2 * 0.13333334)); }
  let t = exp(-2.0 * x);
  let r = (1.0 - t) / (1.0 + t);
  return select(-r, r, z >= 0.0);
}
fn softplusSafe(z: f32) -> f32 {
  // log(1+e^z) = max(z,0) + log1p(e^−|z|); log1p(e) ≈ e(1 − e/2) when e < 2^−12 (error ≤ e³/3)
  let e = exp(-abs(z));
  var l: f32;
  if (e < 0.000244140625) { l = e * (1.0 - 0.5 * e); } else { l = log(1.0 + e); }
  return max(z, 0.0) + l;
}
`;
  const body: Record<Elementwise, [string, string]> = {
    identity: ['return z;', 'return 1.0;'],
    step: ['return select(0.0, 1.0, z >= 0.0);', 'return 0.0;'],
    sigmoid: ['return sigm(z);', 'let s = sigm(z); return s * (1.0 - s);'],
    tanh: ['return tanhSafe(z);', 'let t = tanhSafe(z); return 1.0 - t * t;'],
    relu: ['return max(z, 0.0);', 'return select(0.0, 1.0, z > 0.0);'],
    leaky_relu: ['return select(alpha * z, z, z > 0.0);', 'return select(alpha, 1.0, z > 0.0);'],
    softplus: ['return softplusSafe(z);', 'return sigm(z);'],
    elu: ['return select(alpha * (exp(z) - 1.0), z, z >= 0.0);', 'return select(alpha * exp(z), 1.0, z >= 0.0);'],
  };
  const [v, g] = body[name];
  return `${helpers}
fn act(z: f32, alpha: f32) -> f32 { ${v} }
fn actGrad(z: f32, alpha: f32) -> f32 { ${g} }
`;
}

/**
 * What a matrix product does after the sum (its epilogue):
 *  - 'forward': z = Σ + b_j, writes Z and, for an elementwise σ, A = σ(Z)           (z^l = W^l a^{l−1} + b^l)
 *  - 'bp2':     δ^{l−1} = (δ^l W^l) ⊙ σ′(z^{l−1})                                   (BP2)
 *  - 'bp4':     ∂C/∂W^l = (1/B) δ^lᵀ A^{l−1}                                        (BP4, batch mean)
 */
export type Epilogue = 'forward' | 'bp2' | 'bp4';

export interface MatmulVariant {
  epilogue: Epilogue;
  /** Activation applied in the forward epilogue (softmax: none, a row kernel follows), or whose σ′ BP2 uses. */
  activation: ActivationName;
  transA: boolean;
  transB: boolean;
}

/**
 * Tiled matrix product C (M × N) = op(A) · op(B) with workgroup memory: each workgroup stages a TM × TK
 * slice of op(A) and a TK × TN slice of op(B), zero-padded outside the matrix, so shapes that are not
 * multiples of the tile are handled by the loads' bounds checks and the guarded stores.
 */
export function matmulWgsl(v: MatmulVariant): string {
  const { TM, TN, TK, RM, RN } = TILE;
  const tx = TN / RN; // 8 invocations across
  const ty = TM / RM; // 8 invocations down
  const threads = tx * ty;
  const aAt = v.transA ? 'k * d.lda + i' : 'i * d.lda + k';
  const bAt = v.transB ? 'j * d.ldb + k' : 'k * d.ldb + j';
  const elementwise = v.activation !== 'softmax';
  let bindings = '';
  let store = '';
  if (v.epilogue === 'forward') {
    bindings = `@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> Aout: array<f32>;`;
    store = `let zz = acc + bias[d.offBias + j];
        C[d.offC + i * d.ldc + j] = zz;
        ${elementwise ? 'Aout[i * d.ldc + j] = act(zz, d.alpha);' : '_ = &Aout;'}`;
  } else if (v.epilogue === 'bp2') {
    bindings = `@group(0) @binding(3) var<storage, read> Zprev: array<f32>;`;
    store = `let sp = actGrad(Zprev[i * d.ldc + j], d.alpha);
        C[d.offC + i * d.ldc + j] = acc * sp; // @mark:bp2-sigma-prime  BP2: (Wᵀδ) ⊙ σ′(z)`;
  } else {
    store = `C[d.offC + i * d.ldc + j] = acc * d.scale; // @mark:bp4-mean  BP4: mean over the batch`;
  }
  const rs = [...Array(RM).keys()];
  const cs = [...Array(RN).keys()];
  const decl = rs.map((r) => cs.map((c) => `var acc${r}${c} = 0.0;`).join(' ')).join('\n  ');
  const inner = [
    ...rs.map((r) => `      let a${r} = As[kk * ${TM}u + lid.y + ${r * ty}u];`),
    ...cs.map((c) => `      let b${c} = Bs[kk * ${TN}u + lid.x + ${c * tx}u];`),
    ...rs.flatMap((r) => cs.map((c) => `      acc${r}${c} = fma(a${r}, b${c}, acc${r}${c});`)),
  ].join('\n');
  const stores = rs
    .flatMap((r) =>
      cs.map(
        (c) => `  {
    let i = row0 + lid.y + ${r * ty}u;
    let j = col0 + lid.x + ${c * tx}u;
    if (i < d.M && j < d.N) {
      let acc = acc${r}${c};
      ${store}
    }
  }`,
      ),
    )
    .join('\n');
  return /* wgsl */ `
struct Dims { M: u32, N: u32, K: u32, lda: u32, ldb: u32, ldc: u32, offA: u32, offB: u32, offC: u32, offBias: u32, scale: f32, alpha: f32 }
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> Bm: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(5) var<uniform> d: Dims;
${bindings}
${elementwise ? activationWgsl(v.activation as Elementwise) : ''}
var<workgroup> As: array<f32, ${TK * TM}>; // As[k * TM + m]
var<workgroup> Bs: array<f32, ${TK * TN}>; // Bs[k * TN + n]

fn loadA(i: u32, k: u32) -> f32 {
  if (i < d.M && k < d.K) { return A[d.offA + ${aAt}]; }
  return 0.0;
}
fn loadB(k: u32, j: u32) -> f32 {
  if (k < d.K && j < d.N) { return Bm[d.offB + ${bAt}]; }
  return 0.0;
}

@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let row0 = wg.y * ${TM}u;
  let col0 = wg.x * ${TN}u;
  ${decl}
  for (var k0 = 0u; k0 < d.K; k0 = k0 + ${TK}u) {
    // stage the tiles: ${TM * TK} elements of op(A) and ${TK * TN} of op(B), ${(TM * TK) / threads} each per invocation
    for (var t = li; t < ${TM * TK}u; t = t + ${threads}u) {
      let m = t / ${TK}u;
      let kk = t % ${TK}u;
      let ka = k0 + kk; // @mark:tile-index-a
      As[kk * ${TM}u + m] = loadA(row0 + m, ka);
    }
    for (var t = li; t < ${TK * TN}u; t = t + ${threads}u) {
      let kk = t / ${TN}u;
      let n = t % ${TN}u;
      Bs[kk * ${TN}u + n] = loadB(k0 + kk, col0 + n);
    }
    workgroupBarrier();
    // RM × RN register tile, unrolled (software Vulkan drivers keep scalars in registers, not arrays)
    for (var kk = 0u; kk < ${TK}u; kk = kk + 1u) {
${inner}
    }
    workgroupBarrier();
  }
${stores}
}
`;
}

/** softmax over each row of Z (B × n), without overflow: e^{z_i − max z} / Σ_j e^{z_j − max z}. */
export function softmaxRowsWgsl(): string {
  return /* wgsl */ `
struct P { rows: u32, n: u32 }
@group(0) @binding(0) var<storage, read> Z: array<f32>;
@group(0) @binding(1) var<storage, read_write> Aout: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WG1})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let x = gid.x;
  if (x >= p.rows) { return; }
  let o = x * p.n;
  var m = Z[o];
  for (var i = 1u; i < p.n; i = i + 1u) { m = max(m, Z[o + i]); }
  var s = 0.0;
  for (var i = 0u; i < p.n; i = i + 1u) { let e = exp(Z[o + i] - m); Aout[o + i] = e; s = s + e; }
  for (var i = 0u; i < p.n; i = i + 1u) { Aout[o + i] = Aout[o + i] / s; }
}
`;
}

/** Elementwise σ or σ′ over a vector (the contract's activate / activateGrad). */
export function elementwiseWgsl(name: Elementwise, grad: boolean): string {
  return /* wgsl */ `
struct P { n: u32, alpha: f32 }
@group(0) @binding(0) var<storage, read> Z: array<f32>;
@group(0) @binding(1) var<storage, read_write> Out: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
${activationWgsl(name)}
@compute @workgroup_size(${WG1})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= p.n) { return; }
  Out[i] = ${grad ? 'actGrad' : 'act'}(Z[i], p.alpha);
}
`;
}

/**
 * BP1 for one example per invocation: δ^L = ∇_a E ⊙ σ′(z^L), or for softmax δ^L = J_softmax ∇_a E
 * = a ⊙ (g − (a·g)); the canonical pairings (sigmoid + bce, softmax + cce) use the shortcut δ^L = a − y.
 */
export function bp1Wgsl(loss: LossName, activation: ActivationName): string {
  const shortcut = isBp1Shortcut(activation, loss);
  // g = ∂E_x/∂a (reference/losses.ts): mse a − y; bce (a − y)/(a(1 − a)); cce −y/a (0 where y = 0)
  const grad: Record<LossName, string> = {
    mse: 'a - y',
    bce: '(a - y) / (a * (1.0 - a))',
    cce: 'select(-y / a, 0.0, y == 0.0)',
  };
  let body: string;
  if (shortcut) {
    body = `for (var i = 0u; i < p.n; i = i + 1u) { D[o + i] = Aout[o + i] - Y[o + i]; } // BP1 shortcut: δ^L = a − y`;
  } else if (activation === 'softmax' && loss === 'bce') {
    // softmax + bce: with h_j = a_j g_j = (a_j − y_j)/(1 − a_j), δ_i = h_i − a_i Σ_j h_j. 1 − a_j is taken as
    // Σ_{k≠j} a_k (prefix + suffix sums of positives: no cancellation), so an a_j that rounds to 1 in
    // float32 does not turn into 0/0 — the direct (a − y)/(a(1 − a)) gave NaN there (found by differential.backward).
    body = `var pre = 0.0;
  for (var i = 0u; i < p.n; i = i + 1u) { D[o + i] = pre; pre = pre + Aout[o + i]; } // D holds Σ_{k<i} a_k for now
  var suf = 0.0;
  var hsum = 0.0;
  for (var k = 0u; k < p.n; k = k + 1u) {
    let i = p.n - 1u - k;
    let a = Aout[o + i];
    let h = (a - Y[o + i]) / (D[o + i] + suf); // (a_i − y_i)/(1 − a_i), 1 − a_i = Σ_{k≠i} a_k
    suf = suf + a;
    D[o + i] = h;
    hsum = hsum + h;
  }
  for (var i = 0u; i < p.n; i = i + 1u) { D[o + i] = D[o + i] - Aout[o + i] * hsum; } // BP1 with the softmax Jacobian`;
  } else if (activation === 'sigmoid' && loss === 'cce') {
    // sigmoid + cce: δ = (−y/a) σ(z)(1 − σ(z)) = −y (1 − a) = −y σ(−z). The direct product turned into
    // (−y/0)·0 = NaN where a underflows to 0 in float32 (found by differential.backward); σ(−z) has
    // neither the division nor the cancellation of 1 − a.
    body = `for (var i = 0u; i < p.n; i = i + 1u) {
    let y = Y[o + i];
    D[o + i] = select(-y * act(-Z[o + i], p.alpha), 0.0, y == 0.0); // BP1: δ^L = −y ⊙ σ(−z^L)
  }`;
  } else if (activation === 'softmax') {
    body = `var s = 0.0;
  for (var i = 0u; i < p.n; i = i + 1u) { let a = Aout[o + i]; let y = Y[o + i]; s = s + a * (${grad[loss]}); }
  for (var i = 0u; i < p.n; i = i + 1u) { let a = Aout[o + i]; let y = Y[o + i]; D[o + i] = a * ((${grad[loss]}) - s); } // BP1 with the softmax Jacobian`;
  } else {
    body = `for (var i = 0u; i < p.n; i = i + 1u) {
    let a = Aout[o + i]; let y = Y[o + i];
    D[o + i] = (${grad[loss]}) * actGrad(Z[o + i], p.alpha); // BP1: δ^L = ∇_a E ⊙ σ′(z^L)
  }`;
  }
  return /* wgsl */ `
struct P { rows: u32, n: u32, alpha: f32 }
@group(0) @binding(0) var<storage, read> Z: array<f32>;
@group(0) @binding(1) var<storage, read> Aout: array<f32>;
@group(0) @binding(2) var<storage, read> Y: array<f32>;
@group(0) @binding(3) var<storage, read_write> D: array<f32>;
@group(0) @binding(4) var<uniform> p: P;
${activation === 'softmax' ? '' : activationWgsl(activation)}
@compute @workgroup_size(${WG1})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let x = gid.x;
  if (x >= p.rows) { return; }
  let o = x * p.n;
  _ = Z[0];
  _ = Aout[0]; // keep every binding in the auto layout, whichever branch the body takes
  ${body}
}
`;
}

/** BP3: ∂C/∂b^l_j = (1/B) Σ_x δ^l_{x,j}, one invocation per unit j, written into the grads buffer. */
export function bp3Wgsl(): string {
  return /* wgsl */ `
struct P { rows: u32, n: u32, off: u32, scale: f32 }
@group(0) @binding(0) var<storage, read> D: array<f32>;
@group(0) @binding(1) var<storage, read_write> G: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(${WG1})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= p.n) { return; }
  var s = 0.0;
  for (var x = 0u; x < p.rows; x = x + 1u) { s = s + D[x * p.n + j]; }
  G[p.off + j] = s * p.scale; // @mark:bp3-mean  BP3: mean over the batch
}
`;
}

/**
 * The batch-mean loss: one invocation per example writes E_x, then a single invocation sums them
 * (the batch is small next to the work of a step; the sum is exact enough: γ_B, see the bounds).
 */
export function lossWgsl(loss: LossName): string {
  const term: Record<LossName, string> = {
    mse: 'let d = a - y; e = e + 0.5 * d * d;',
    // y·log a with 0·log(anything) = 0 (convention zero-log-zero), likewise (1 − y)·log(1 − a)
    bce: 'if (y != 0.0) { e = e - y * log(a); } if (y != 1.0) { e = e - (1.0 - y) * log(1.0 - a); }',
    cce: 'if (y != 0.0) { e = e - y * log(a); }',
  };
  return /* wgsl */ `
struct P { rows: u32, n: u32, scale: f32 }
@group(0) @binding(0) var<storage, read> Aout: array<f32>;
@group(0) @binding(1) var<storage, read> Y: array<f32>;
@group(0) @binding(2) var<storage, read_write> E: array<f32>;
@group(0) @binding(3) var<uniform> p: P;
@compute @workgroup_size(${WG1})
fn perExample(@builtin(global_invocation_id) gid: vec3<u32>) {
  let x = gid.x;
  if (x >= p.rows) { return; }
  var e = 0.0;
  for (var i = 0u; i < p.n; i = i + 1u) { let a = Aout[x * p.n + i]; let y = Y[x * p.n + i]; ${term[loss]} }
  E[x + 1u] = e;
}
@compute @workgroup_size(1)
fn mean() {
  _ = &Aout; // keep the layout of both entry points the same (one bind group serves both)
  _ = &Y;
  var s = 0.0;
  for (var x = 0u; x < p.rows; x = x + 1u) { s = s + E[x + 1u]; }
  E[0] = s * p.scale;
}
`;
}

/**
 * One optimizer step over the flat parameter buffer, one invocation per weight (the contract's
 * formulas; reference/optimizers.ts). Hyper-parameters arrive precomputed in float64 and rounded
 * once: lr, 1 − ρ, 1 − β₁, 1 − β₂ and Adam's bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ) — computing
 * 1 − β₂ in float32 from a rounded β₂ = 0.999 would cost a relative error of 1000u.
 * Convention zero-denominator: where √r + ε = 0 the weight is left unchanged.
 */
export function optimizerWgsl(name: OptimizerName): string {
  const slots = { sgd: 0, momentum: 1, adagrad: 1, rmsprop: 1, adam: 2 }[name];
  const update: Record<OptimizerName, string> = {
    sgd: 'W[i] = w - p.lr * g; // w ← w − η g',
    momentum: `let v = p.h1 * S1[i] - p.lr * g; // v ← α v − η g
  S1[i] = v;
  W[i] = w + v; // w ← w + v`,
    adagrad: `let r = S1[i] + g * g; // r ← r + g²
  S1[i] = r;
  let den = sqrt(r) + p.eps;
  if (den != 0.0) { W[i] = w - p.lr * g / den; } // w ← w − η g/(√r + ε)`,
    rmsprop: `let r = p.h1 * S1[i] + p.h2 * (g * g); // r ← ρ r + (1 − ρ) g²
  S1[i] = r;
  let den = sqrt(r) + p.eps;
  if (den != 0.0) { W[i] = w - p.lr * g / den; } // w ← w − η g/(√r + ε)`,
    adam: `let m = p.h1 * S1[i] + p.h2 * g; // m ← β₁ m + (1 − β₁) g
  let v = p.h3 * S2[i] + p.h4 * (g * g); // v ← β₂ v + (1 − β₂) g²
  S1[i] = m;
  S2[i] = v;
  let den = sqrt(v * p.c2) + p.eps; // √v̂ + ε, v̂ = v/(1 − β₂ᵗ)
  if (den != 0.0) { W[i] = w - p.lr * (m * p.c1) / den; } // w ← w − η m̂/(√v̂ + ε)`,
  };
  return /* wgsl */ `
struct P { n: u32, lr: f32, h1: f32, h2: f32, h3: f32, h4: f32, eps: f32, c1: f32, c2: f32 }
@group(0) @binding(0) var<storage, read_write> W: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> S1: array<f32>;
@group(0) @binding(3) var<storage, read_write> S2: array<f32>;
@group(0) @binding(4) var<uniform> p: P;
@compute @workgroup_size(${WG1})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.y * 65535u * ${WG1}u + gid.x;
  if (i >= p.n) { return; }
  let w = W[i];
  let g = G[i];
  ${slots < 1 ? '_ = &S1;' : ''}
  ${slots < 2 ? '_ = &S2;' : ''}
  ${update[name]}
}
`;
}
