/**
 * The expected side for any convention settings: the contract's seven functions computed by the
 * float64 reference (reference/) with every switch of switches.ts honoured. With the notes' settings
 * every result equals the reference's bit for bit, except that a step at an undefined point
 * (`optimizer-zero-over-zero=either`) expects `OneOf([w, NaN])` (engine/compare.ts; conventions/oneof.ts).
 *
 * How each switch is honoured, exactly where the arithmetic allows:
 *  - α defaults: an alpha-less leaky_relu/elu (argument or layer) gets the settings' α;
 *  - kinks (relu/leaky_relu/elu′ at 0, step(0), the perceptron at w·x + b = 0): the reference's value everywhere, and exactly the
 *    elements with z = 0 changed — in backward by recomputing those elements of BP1/BP2 with the
 *    convention's σ′(0) from the same operands the reference used (bit-identical elsewhere); step(0)
 *    changes a^l in the forward pass, which the later layers then see;
 *  - mse-form, bce-form, batch-reduction: the loss is c × the notes' (c = 2/n, 2, 1/n, × B), so δ is c ×
 *    and gradW, gradB are c × (× B for a batch sum) the notes' (BP1–BP4 are linear in E);
 *  - cce-normalize and zero-log-zero=nan change ∇_a E itself: BP1's general form δ^L = ∇_a E ⊙ σ′(z^L)
 *    with the convention's ∇_a E (only non-softmax outputs: softmax + cce is the shortcut a − y);
 *  - probability-clip, bce-log-clamp: the loss value (their effect on backward is not modelled: it
 *    matters only for outputs within ε of 0 or 1);
 *  - optimizers: the update of each switch's formula, coordinate by coordinate; params, grads and
 *    state may hold NaN or ±Infinity anywhere (the chain goes on, nothing throws), and params may hold
 *    OneOf elements from a previous step (each value is carried forward).
 *  - cce-targets changes which cases are drawn, not any value (settings.ts, `targetsAllowed`).
 */
import { InvalidArgumentError, RaggedArrayError, ShapeError, brief } from '../contract/errors.js';
import type { ActivationName, LossName } from '../contract/names.js';
import { OneOf, oneOf, type Expected } from './oneof.js';
import type { BackwardResult, ContractFunctions, ForwardResult, Matrix, Net, Optimizer, OptimizerState, Params, PerceptronResult, Vector } from '../contract/types.js';
import { checkBatch, checkLossArgs, checkNet, checkOptimizer, checkTargets } from '../contract/validate.js';
import { float64 } from '../reference/field.js';
import { activate, activateGrad, loss, perceptronStep } from '../reference/index.js';
import { LOSS_TABLE } from '../reference/losses.js';
import { type Mat, fromRows, row, toRows } from '../reference/matrix/mat.js';
import { matmul } from '../reference/matrix/matmul.js';
import * as M from '../reference/matrix/mlp.js';
import { mapCoordinates } from '../reference/optimizers.js';
import { perceptronPredict } from '../reference/perceptron.js';
import type { ConventionSettings } from './switches.js';

/** The contract's functions as an expected side: like ContractFunctions, but a step's params may hold OneOf. */
export interface ExpectedFunctions extends Omit<ContractFunctions, 'step'> {
  step(opt: Optimizer, params: Expected<Params>, grads: Params, state: OptimizerState): { params: Expected<Params>; state: OptimizerState };
  /** How gradW and gradB reduce over the batch (`batch-reduction`; absent: the contract's mean) — BP3/BP4 judged from a submission's own δ reduce it the same way. */
  readonly batchReduction?: 'mean' | 'sum';
}

type S = Readonly<ConventionSettings>;

// ───────────────────────────── activations ─────────────────────────────

function defaultAlpha(s: S, name: ActivationName): number | undefined {
  if (name === 'leaky_relu') return s['leaky-relu-alpha'];
  if (name === 'elu') return s['elu-alpha'];
  return undefined;
}

/** The net with each alpha-less leaky_relu / elu layer given the settings' default α. */
function withDefaultAlphas(s: S, net: Net): Net {
  if (net === null || typeof net !== 'object' || !Array.isArray(net.layers)) return net; // checkNet reports it
  return {
    ...net,
    layers: net.layers.map((layer) => {
      const alpha = layer && typeof layer === 'object' && layer.alpha === undefined ? defaultAlpha(s, layer.activation) : undefined;
      return alpha === undefined ? layer : { ...layer, alpha };
    }),
  };
}

/** σ′(0) under the settings where it differs from the activation table's own value (reference/activations.ts); else undefined. */
function kinkGrad(s: S, name: ActivationName, alpha: number): number | undefined {
  if (name === 'relu' && s['relu-grad-at-zero'] === 'one') return 1; // the table: relu′(0) = 0
  if (name === 'leaky_relu' && s['leaky-relu-grad-at-zero'] === 'one') return 1; // the table: α
  if (name === 'elu' && s['elu-grad-at-zero'] === 'alpha') return alpha; // the table: 1
  return undefined;
}

const stepAtZeroIsZero = (s: S) => s['step-at-zero'] === 'zero';

// ───────────────────────────── losses ─────────────────────────────

/** c with E_x(settings) = c · E_x(notes), for n outputs: mse ½Σ → (1/n)Σ is 2/n, → Σ is 2; bce Σ → mean is 1/n. */
export function lossScale(s: S, lossName: LossName, n: number): number {
  if (lossName === 'mse') return s['mse-form'] === 'half-sum' ? 1 : s['mse-form'] === 'sum' ? 2 : 2 / n;
  if (lossName === 'bce') return s['bce-form'] === 'mean' ? 1 / n : 1;
  return 1;
}

/** The factor of the batch reduction on the loss and on gradW, gradB: 1 for the mean, B for the sum. */
export function batchFactor(s: S, B: number): number {
  return s['batch-reduction'] === 'sum' ? B : 1;
}

/** Rows divided by their sum (cce-normalize), as Keras and tfjs do before the log. */
function normalizeRows(A: Matrix): Matrix {
  return A.map((r) => {
    const t = r.reduce((u, a) => u + a, 0);
    return t > 0 ? r.map((a) => a / t) : r;
  });
}

/** Probabilities clipped to [ε, 1 − ε]. */
function clipRows(A: Matrix, e: number): Matrix {
  return A.map((r) => r.map((a) => Math.min(1 - e, Math.max(e, a))));
}

/** Whether a 0·log 0 term occurs: y = 0 where a = 0 (and, for bce, 1 − y = 0 where 1 − a = 0). */
function hasZeroLogZero(lossName: LossName, A: Matrix, Y: Matrix): boolean {
  return A.some((r, x) =>
    r.some((a, i) => {
      const y = Y[x]![i]!;
      return (y === 0 && a === 0) || (lossName === 'bce' && y === 1 && a === 1);
    }),
  );
}

/** bce with each log clamped to ≥ −L (PyTorch's BCELoss): −Σᵢ [y max(log a, −L) + (1 − y) max(log(1 − a), −L)], the batch mean. */
function clampedBce(A: Matrix, Y: Matrix, L: number): number {
  let total = 0;
  A.forEach((r, x) => {
    let e = 0;
    r.forEach((a, i) => {
      const y = Y[x]![i]!;
      const t1 = y === 0 ? 0 : y * Math.max(Math.log(a), -L);
      const t0 = y === 1 ? 0 : (1 - y) * Math.max(Math.log(1 - a), -L);
      e += t1 + t0;
    });
    total += -e;
  });
  return total / A.length;
}

function conventionLoss(s: S, name: LossName, A: Matrix, Y: Matrix): number {
  const l = checkLossArgs(name, A, Y);
  const n = A[0]!.length;
  let P = A;
  if (l === 'cce' && s['cce-normalize'] === 'yes') P = normalizeRows(P);
  const clip = s['probability-clip'];
  if (l !== 'mse' && clip !== 'none' && clip > 0) P = clipRows(P, clip);
  const factor = lossScale(s, l, n) * batchFactor(s, A.length);
  const clamp = s['bce-log-clamp'];
  if (l === 'bce' && clamp !== 'none') return factor * clampedBce(P, Y, clamp);
  if (l !== 'mse' && s['zero-log-zero'] === 'nan' && hasZeroLogZero(l, P, Y)) return NaN; // 0·log 0 = 0·(−∞) computed as written
  const value = loss(l, P, Y);
  return factor === 1 ? value : factor * value;
}

// ───────────────────────────── forward and backward ─────────────────────────────

interface Pass {
  net: M.MatNet;
  X: Mat;
  z: Mat[];
  a: Mat[];
  B: number;
}

/** The validated forward pass under the settings: z^l = W^l a^{l−1} + b^l, a^l = σ_l(z^l), step(0) per the switch. */
function forwardPass(s: S, net: Net, X: Matrix): Pass {
  const full = withDefaultAlphas(s, net);
  const sizes = checkNet(full);
  const B = checkBatch(X, sizes[0]!);
  const mnet = M.toMatNet(full);
  const Xm = fromRows(X);
  if (!stepAtZeroIsZero(s) || !mnet.layers.some((l) => l.activation === 'step')) return { net: mnet, X: Xm, ...M.forward(mnet, Xm), B };
  const z: Mat[] = [];
  const a: Mat[] = [];
  let Aprev = Xm;
  for (const layer of mnet.layers) {
    const Z = M.weightedInput(layer, Aprev); // z^l = W^l a^{l−1} + b^l
    const A = M.activateMat(layer, Z); //       a^l = σ_l(z^l)
    if (layer.activation === 'step') for (let i = 0; i < Z.data.length; i++) if (Z.data[i] === 0) A.data[i] = 0; // step(0) = 0
    z.push(Z);
    a.push(A);
    Aprev = A;
  }
  return { net: mnet, X: Xm, z, a, B };
}

/** Whether BP1 needs the convention's own ∇_a E (cce after a non-softmax output, normalised or with 0·log 0 = NaN). */
function ownLossGradient(s: S, activation: ActivationName, l: LossName): boolean {
  return l === 'cce' && activation !== 'softmax' && (s['cce-normalize'] === 'yes' || s['zero-log-zero'] === 'nan');
}

/**
 * ∇_a E_x of cce under the settings: −yᵢ/aᵢ (0 where yᵢ = 0, NaN there when aᵢ = 0 and zero-log-zero=nan),
 * plus Σy/Σa with cce-normalize (∂/∂aᵢ of −Σⱼ yⱼ log(aⱼ/Σa)).
 */
function cceGradient(s: S, a: readonly number[], y: readonly number[]): number[] {
  const nanAtZero = s['zero-log-zero'] === 'nan';
  const norm = s['cce-normalize'] === 'yes';
  const S = norm ? a.reduce((t, v) => t + v, 0) : 1;
  const sumY = norm ? y.reduce((t, v) => t + v, 0) : 0;
  return a.map((ai, i) => {
    const yi = y[i]!;
    const own = yi === 0 ? (nanAtZero && ai === 0 ? NaN : 0) : -(yi / ai);
    return norm ? own + sumY / S : own;
  });
}

/** BP1 under the settings: the reference's bp1, with the convention's ∇_a E or σ′(0) where they differ. */
function bp1(s: S, layer: M.MatLayer, ZL: Mat, AL: Mat, Y: Mat, l: LossName): Mat {
  const n = AL.cols;
  if (ownLossGradient(s, layer.activation, l)) {
    // BP1 (the notes' general form): δ^L = ∇_a E ⊙ σ′(z^L), with the convention's ∇_a E
    const delta = M.activateGradMat(layer, ZL); // σ′(z^L); a sigmoid output has no kink
    const d = delta.data;
    for (let x = 0; x < AL.rows; x++) {
      const g = cceGradient(s, row(AL, x), row(Y, x));
      for (let i = 0; i < n; i++) d[x * n + i] = g[i]! * d[x * n + i]!;
    }
    return delta;
  }
  const delta = M.bp1(layer, ZL, AL, Y, l);
  const k = kinkGrad(s, layer.activation, layer.alpha);
  if (k === undefined || layer.activation === 'softmax' || M.isBp1Shortcut(layer.activation, l)) return delta;
  // the general BP1 δ_i = gᵢ σ′(zᵢ): where zᵢ = 0, the convention's σ′(0) instead (gᵢ as bp1 computed it)
  const z = ZL.data;
  const d = delta.data;
  for (let x = 0; x < AL.rows; x++) {
    let g: number[] | undefined;
    for (let i = 0; i < n; i++) {
      if (z[x * n + i] !== 0) continue;
      g ??= LOSS_TABLE[l].grad(float64, row(AL, x), row(Y, x)); // ∇_a E_x
      d[x * n + i] = g[i]! * k;
    }
  }
  return delta;
}

/** BP2 under the settings: the reference's bp2, and where z = 0 in a layer whose σ′(0) differs, ((W^{l+1})ᵀ δ^{l+1})ᵢ σ′(0). */
function bp2(s: S, nextW: Mat, nextDelta: Mat, layer: M.MatLayer, Z: Mat): Mat {
  const delta = M.bp2(nextW, nextDelta, layer, Z);
  const k = kinkGrad(s, layer.activation, layer.alpha);
  if (k === undefined) return delta;
  let u: Mat | undefined;
  const z = Z.data;
  const d = delta.data;
  for (let i = 0; i < z.length; i++) {
    if (z[i] !== 0) continue;
    u ??= matmul(nextDelta, nextW); // (W^{l+1})ᵀ δ^{l+1}, the very product bp2 formed
    d[i] = u.data[i]! * k;
  }
  return delta;
}

const scaled = (A: Mat, c: number): Matrix => (c === 1 ? toRows(A) : toRows(A).map((r) => r.map((x) => x * c)));

function conventionBackward(s: S, net: Net, X: Matrix, Y: Matrix, lossName: LossName): BackwardResult {
  const p = forwardPass(s, net, X);
  const L = p.net.layers.length;
  const nL = p.net.layers[L - 1]!.W.rows;
  const l = checkTargets(withDefaultAlphas(s, net), Y, p.B, nL, lossName);
  const Ym = fromRows(Y);
  const delta: Mat[] = new Array(L);
  delta[L - 1] = bp1(s, p.net.layers[L - 1]!, p.z[L - 1]!, p.a[L - 1]!, Ym, l); // BP1
  for (let i = L - 2; i >= 0; i--) delta[i] = bp2(s, p.net.layers[i + 1]!.W, delta[i + 1]!, p.net.layers[i]!, p.z[i]!); // BP2
  const c = lossScale(s, l, nL);
  const f = c * batchFactor(s, p.B);
  return {
    delta: delta.map((d) => scaled(d, c)),
    gradW: delta.map((d, i) => scaled(M.bp4(d, i === 0 ? p.X : p.a[i - 1]!), f)), // BP4
    gradB: delta.map((d) => scaled({ rows: 1, cols: d.cols, data: M.bp3(d) }, f)[0]!), // BP3
  };
}

// ───────────────────────────── optimizers ─────────────────────────────

/** The optimizer state this side keeps: the reference's layout (reference/optimizers.ts), plus ḡ ("g") for centred RMSProp. */
export interface ConventionState {
  name: Optimizer['name'];
  t: number;
  slots: Record<string, Params>;
}

function slotNames(s: S, name: Optimizer['name']): string[] {
  switch (name) {
    case 'sgd':
      return [];
    case 'momentum':
      return ['v'];
    case 'adagrad':
      return ['r'];
    case 'rmsprop':
      return s['rmsprop-centered'] === 'yes' ? ['r', 'g'] : ['r'];
    case 'adam':
      return ['m', 'v'];
  }
}

/** A tree shaped like `like` whose leaves are numbers — NaN and ±Infinity included — or, where `oneOf`, OneOf. */
function checkShape(x: unknown, where: string, like: Params | null, allowOneOf: boolean): void {
  const o = x as Params;
  if (o === null || typeof o !== 'object' || !Array.isArray(o.W) || !Array.isArray(o.b)) {
    throw new InvalidArgumentError({ where, expected: '{ W: number[][][], b: number[][] }', got: brief(x) });
  }
  if (o.W.length !== o.b.length || (like && o.W.length !== like.W.length)) {
    throw new ShapeError({ where, expected: `${like ? like.W.length : o.W.length} layers in W and in b`, got: `${o.W.length} in W, ${o.b.length} in b` });
  }
  const leaf = (v: unknown, at: string) => {
    if (typeof v !== 'number' && !(allowOneOf && v instanceof OneOf)) throw new RaggedArrayError({ where: at, expected: 'a number', got: brief(v) });
  };
  const vector = (v: unknown, at: string, n: number | undefined) => {
    if (!Array.isArray(v)) throw new RaggedArrayError({ where: at, expected: 'an array of numbers', got: brief(v) });
    if (n !== undefined && v.length !== n) throw new ShapeError({ where: at, expected: `length ${n}`, got: `length ${v.length}` });
    v.forEach((e, i) => leaf(e, `${at}[${i}]`));
  };
  o.W.forEach((Wl, l) => {
    if (!Array.isArray(Wl) || Wl.length === 0) throw new RaggedArrayError({ where: `${where}.W[${l}]`, expected: 'a matrix (number[][])', got: brief(Wl) });
    const rows = like ? like.W[l]!.length : Wl.length;
    const cols = like ? like.W[l]![0]!.length : (Wl[0] as unknown[] | undefined)?.length;
    if (Wl.length !== rows) throw new ShapeError({ where: `${where}.W[${l}]`, layer: l + 1, expected: `${rows} rows`, got: `${Wl.length} rows` });
    Wl.forEach((r, j) => vector(r, `${where}.W[${l}][${j}]`, cols));
    vector(o.b[l], `${where}.b[${l}]`, rows);
  });
}

function checkConventionState(state: OptimizerState, opt: Optimizer, params: Params, names: string[]): ConventionState | null {
  if (state === null || state === undefined) return null;
  const st = state as Partial<ConventionState>;
  if (typeof st !== 'object' || st.name !== opt.name || typeof st.t !== 'number' || !Number.isInteger(st.t) || st.t < 0 || st.slots === null || typeof st.slots !== 'object') {
    throw new InvalidArgumentError({ where: 'state', expected: `null or the state this step returned for ${opt.name}`, got: brief(state) });
  }
  for (const n of names) checkShape((st.slots as Record<string, unknown>)[n], `state.slots.${n}`, params, false);
  return st as ConventionState;
}

/** x^t by repeated multiplication, as reference/optimizers.ts computes 1 − βᵗ. */
function powInt(x: number, t: number): number {
  let p = 1;
  for (let i = 0; i < t; i++) p *= x;
  return p;
}

/**
 * One coordinate: the candidate weights ws (one, or the values of a OneOf), gradient g, slot values
 * (slotNames order), step t (1-based). Returns the candidate weights after the step and the new slots.
 * The slots never depend on w, so every candidate shares them.
 */
function updateCoordinate(s: S, opt: Optimizer, t: number, ws: readonly number[], g: number, slots: readonly number[]): [number[], number[]] {
  const o = opt as unknown as Record<string, number>;
  const lr = opt.lr;
  /** w − η·num/den; where den = 0 the update is undefined: optimizer-zero-over-zero decides. */
  const adaptive = (num: number, den: number, eta: number): number[] => {
    if (den !== 0) return ws.map((w) => w - (eta * num) / den);
    const mode = s['optimizer-zero-over-zero'];
    if (mode === 'unchanged') return [...ws];
    const divided = ws.map((w) => w - (eta * num) / den); // 0/0 = NaN, g/0 = ±∞
    return mode === 'nan' ? divided : [...ws, ...divided];
  };
  /** √r + ε or √(r + ε). */
  const denominator = (r: number, eps: number, where: 'outside' | 'inside') => (where === 'outside' ? Math.sqrt(r) + eps : Math.sqrt(r + eps));
  switch (opt.name) {
    case 'sgd':
      return [ws.map((w) => w - lr * g), []]; // w ← w − η g
    case 'momentum': {
      const alpha = o.alpha!;
      switch (s['momentum-form']) {
        case 'notes': {
          const v = alpha * slots[0]! - lr * g; // v ← αv − ηg
          return [ws.map((w) => w + v), [v]]; //    w ← w + v
        }
        case 'lr-outside': {
          const v = alpha * slots[0]! + g; // v ← αv + g
          return [ws.map((w) => w - lr * v), [v]]; // w ← w − ηv
        }
        case 'dampened': {
          const v = alpha * slots[0]! + (1 - alpha) * g; // v ← αv + (1 − α)g
          return [ws.map((w) => w - lr * v), [v]]; //       w ← w − ηv
        }
      }
      break;
    }
    case 'adagrad': {
      const r = slots[0]! + g * g; // r ← r + g²
      const fixed = s['adagrad-fixed-eps'];
      const eps = fixed === 'none' ? o.eps! : fixed;
      return [adaptive(g, denominator(r, eps, s['adagrad-eps']), lr), [r]];
    }
    case 'rmsprop': {
      const rho = o.rho!;
      const r = rho * slots[0]! + (1 - rho) * (g * g); // r ← ρr + (1 − ρ)g²
      if (s['rmsprop-centered'] === 'no') return [adaptive(g, denominator(r, o.eps!, s['rmsprop-eps']), lr), [r]];
      const gBar = rho * slots[1]! + (1 - rho) * g; // ḡ ← ρḡ + (1 − ρ)g
      return [adaptive(g, denominator(r - gBar * gBar, o.eps!, s['rmsprop-eps']), lr), [r, gBar]];
    }
    case 'adam': {
      const { beta1, beta2, eps } = o as Record<string, number>;
      const m = beta1! * slots[0]! + (1 - beta1!) * g; //       m ← β₁m + (1 − β₁)g
      const v = beta2! * slots[1]! + (1 - beta2!) * (g * g); // v ← β₂v + (1 − β₂)g²
      const c1 = 1 - powInt(beta1!, t);
      const c2 = 1 - powInt(beta2!, t);
      // corrected: w ← w − η m̂/(√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) (Kingma & Ba, Algorithm 1)
      if (s['adam-eps'] === 'corrected') return [adaptive(m / c1, Math.sqrt(v / c2) + eps!, lr), [m, v]];
      // hat: w ← w − η_t m/(√v + ε̂), η_t = η √(1 − β₂ᵗ)/(1 − β₁ᵗ)
      return [adaptive(m, Math.sqrt(v) + eps!, (lr * Math.sqrt(c2)) / c1), [m, v]];
    }
  }
  throw new InvalidArgumentError({ where: 'opt.name', expected: 'an optimizer of the contract', got: brief((opt as { name: unknown }).name) });
}

/** Shown with a failure at such an element. */
const ZERO_OVER_ZERO_WHY = 'the step divided 0/0 here (ε = 0, nothing accumulated): w unchanged or NaN are both right (optimizer-zero-over-zero=either)';

function filled(p: Params, x: number): Params {
  return { W: p.W.map((W) => W.map((r) => r.map(() => x))), b: p.b.map((b) => b.map(() => x)) };
}

/**
 * One optimizer step under the settings (float64). `params` may hold OneOf elements (a previous
 * step's expected result), and params, grads and state may hold NaN or ±Infinity: nothing throws on
 * them. State: `{ name, t, slots }` (ConventionState), null before the first step.
 */
export function conventionStep(s: S, opt: Optimizer, params: Expected<Params>, grads: Params, state: OptimizerState): { params: Expected<Params>; state: ConventionState } {
  checkOptimizer(opt);
  checkShape(params, 'params', null, true);
  const shape = params as unknown as Params; // shapes only: its leaves are numbers or OneOf
  checkShape(grads, 'grads', shape, false);
  const names = slotNames(s, opt.name);
  const prev = checkConventionState(state, opt, shape, names) ?? {
    name: opt.name,
    t: 0,
    slots: Object.fromEntries(names.map((n) => [n, filled(shape, n === 'r' && opt.name === 'adagrad' ? s['adagrad-initial-accumulator'] : 0)])),
  };
  const t = prev.t + 1;
  const p = params as { W: (number | OneOf)[][][]; b: (number | OneOf)[][] };
  const { params: next, slots } = mapCoordinates(p, grads, prev.slots, names, (wi: number | OneOf, gi: number, old: number[]) => {
    const [w2, s2] = updateCoordinate(s, opt, t, wi instanceof OneOf ? wi.values : [wi], gi, old);
    return [oneOf(w2, ZERO_OVER_ZERO_WHY), s2];
  });
  return { params: next as Expected<Params>, state: { name: opt.name, t, slots } };
}

// ───────────────────────────── perceptron ─────────────────────────────

function conventionPerceptronStep(s: S, w: Vector, b: number, x: Vector, y: 0 | 1, lr: number): PerceptronResult {
  const notes = perceptronStep(w, b, x, y, lr); // validates; ŷ = 1 iff w·x + b ≥ 0
  if (s['perceptron-at-zero'] === 'one') return notes;
  // w·x + b = 0 exactly iff both it and its negation (computed with the same roundings, negated) are ≥ 0
  const atZero = perceptronPredict(w, b, x) === 1 && perceptronPredict(w.map((v) => -v), -b, x) === 1;
  if (!atZero) return notes;
  // ŷ = 0 at w·x + b = 0, so the rule w ← w + η(y − ŷ)x, b ← b + η(y − ŷ) has y − ŷ = y
  return { w: w.map((wi, i) => wi + lr * y * x[i]!), b: b + lr * y };
}

// ───────────────────────────── the expected side ─────────────────────────────

/**
 * The contract's functions under these settings: the expected side of `grade`, `replay` and `check`.
 * Cheap to build (no precomputation): build one per variant when re-judging.
 */
export function conventionReference(settings: Readonly<ConventionSettings>): ExpectedFunctions {
  const s: S = { ...settings };
  return {
    activate: (name, z, alpha) => {
      const a = activate(name, z, alpha ?? defaultAlpha(s, name));
      return name === 'step' && stepAtZeroIsZero(s) ? a.map((ai, i) => (z[i] === 0 ? 0 : ai)) : a;
    },
    activateGrad: (name, z, alpha) => {
      const al = alpha ?? defaultAlpha(s, name);
      const g = activateGrad(name, z, al);
      const k = kinkGrad(s, name, al ?? 0);
      return k === undefined ? g : g.map((gi, i) => (z[i] === 0 ? k : gi));
    },
    loss: (name, A, Y) => conventionLoss(s, name, A, Y),
    forward: (net, X): ForwardResult => {
      const p = forwardPass(s, net, X);
      return { z: p.z.map(toRows), a: p.a.map(toRows) };
    },
    backward: (net, X, Y, lossName) => conventionBackward(s, net, X, Y, lossName),
    step: (opt, params, grads, state) => conventionStep(s, opt, params, grads, state),
    perceptronStep: (w, b, x, y, lr) => conventionPerceptronStep(s, w, b, x, y, lr),
    batchReduction: s['batch-reduction'],
  };
}
