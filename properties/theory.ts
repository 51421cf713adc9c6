/**
 * The notes' theory as constructions, checked through any subject's `forward`, `backward`,
 * `activate` and `loss`:
 *  - boolean functions → two-layer threshold networks (DNF / CNF), and parity's depth trade-off
 *    (002 "Shallow vs deep architectures: Boolean functions");
 *  - universal approximation by sums of ReLUs and the sigmoid step (001, 003 "Universal approximation");
 *  - vanishing gradients in sigmoid chains, none on an active ReLU path (001 "Vanishing Gradients");
 *  - the logit loss equals binary cross-entropy (001 "The logit loss", "Cross Entropy").
 * The constructions are the reference's (reference/constructions/logic.ts, approx.ts, theory.ts); each property
 * factory takes them as parameters so a test can plant a bug in a construction as well as in a subject.
 */
import * as fc from 'fast-check';
import type { Net } from '../contract/types.js';
import { ACTIVATION_ULPS, FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, activationBound, gamma, lossErrorBound } from '../tolerance/model.js';
import { reluInterpolant as refInterpolant, NOTES_SIGMOID_STEP, grid } from '../reference/constructions/approx.js';
import { decimal50 } from '../reference/field.js';
import { allInputs, compileBoolean as refCompile, countUnits, parity, parityTree as refParityTree, type ParityTree } from '../reference/constructions/logic.js';
import { chainNet, logitLossIn, reluChainGradient, sigmoidChainBound } from '../reference/constructions/theory.js';
import { call } from './engine.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

// ── boolean functions ─────────────────────────────────────────────────────────────────────────────

export interface TruthTable {
  n: number;
  table: (0 | 1)[];
}

/** n ≤ 10 inputs (small n more often), a random truth table. */
export const truthTableArb: fc.Arbitrary<TruthTable> = fc
  .oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 7, max: 10 }) })
  .chain((n) => fc.record({ n: fc.constant(n), table: fc.array(fc.constantFrom(0 as const, 1 as const), { minLength: 2 ** n, maxLength: 2 ** n }) }));

export function makeBooleanProperty(compile: typeof refCompile = refCompile): Property<TruthTable> {
  return {
    id: 'theory.boolean-two-layer',
    concept: 'any boolean function of n ≤ 10 inputs is a two-layer threshold network: DNF (a unit per minterm, OR on top) and CNF (a unit per clause, AND on top), verified on the whole truth table (002 "CNF")',
    requires: ['forward'],
    defaultRuns: 15,
    arbitrary: () => truthTableArb,
    async check(subject, { n, table }) {
      const X = allInputs(n);
      const ones = table.filter((v) => v === 1).length;
      for (const form of ['dnf', 'cnf'] as const) {
        const net = compile(table, form);
        const hidden = net.layers[0]!.W.length;
        const want = form === 'dnf' ? Math.max(1, ones) : Math.max(1, table.length - ones);
        if (net.layers.length !== 2 || hidden !== want) {
          throw new PropertyFailure({ what: `${form.toUpperCase()} network size for n = ${n}`, expected: `2 layers, ${want} hidden units (one per ${form === 'dnf' ? 'minterm' : 'clause'})`, got: `${net.layers.length} layers, ${hidden} hidden units` });
        }
        const got = await call(subject, 'forward', net, X);
        X.forEach((x, i) => {
          const have = got?.a?.[1]?.[i]?.[0];
          if (have !== table[i]) throw new PropertyFailure({ what: `${form.toUpperCase()} network at input (${x.join('')})`, expected: table[i]!, got: have ?? 'nothing', index: [i], note: `truth table ${table.join('')}` });
        });
      }
    },
  };
}

export function makeParityProperty(tree: (n: number) => ParityTree = refParityTree, compile: typeof refCompile = refCompile): Property<number> {
  return {
    id: 'theory.parity-depth',
    concept: 'parity of n bits: a tree of XOR blocks needs 3(n − 1) gate units (O(n), depth 2⌈log₂ n⌉), the flat two-layer form 2^{n−1} minterms (002 "PB: number of gates")',
    requires: ['forward'],
    defaultRuns: 9,
    arbitrary: () => fc.integer({ min: 2, max: 10 }),
    async check(subject, n) {
      const X = allInputs(n);
      const table = X.map(parity);
      const deep = tree(n);
      const flat = compile(table, 'dnf');
      const levels = Math.ceil(Math.log2(n));
      const checks: Array<[string, number, number]> = [
        ['gate units of the XOR tree', deep.gateUnits, 3 * (n - 1)],
        ['layers of the XOR tree', deep.net.layers.length, 2 * levels],
        ['hidden units of the flat DNF', flat.layers[0]!.W.length, 2 ** (n - 1)],
        ['all units of the XOR tree', countUnits(deep.net), deep.gateUnits + deep.copyUnits],
      ];
      for (const [what, got, want] of checks) if (got !== want) throw new PropertyFailure({ what: `${what}, n = ${n}`, expected: want, got });
      if (deep.copyUnits > 2 * levels) throw new PropertyFailure({ what: `pass-through units of the XOR tree, n = ${n}`, expected: `≤ ${2 * levels}`, got: deep.copyUnits });
      // the whole truth table up to 2^8 rows; beyond, 64 rows spread over it (first and last included),
      // so a subject behind a process boundary is not sent megabytes per call
      const rows = X.length <= 256 ? X.map((_, i) => i) : Array.from({ length: 64 }, (_, k) => Math.round((k * (X.length - 1)) / 63));
      const Xs = rows.map((i) => X[i]!);
      for (const [name, net] of [['XOR tree', deep.net], ['flat DNF', flat]] as Array<[string, Net]>) {
        const got = await call(subject, 'forward', net, Xs);
        const out = got?.a?.[net.layers.length - 1];
        rows.forEach((i, r) => {
          if (out?.[r]?.[0] !== table[i]) throw new PropertyFailure({ what: `${name} parity at (${X[i]!.join('')})`, expected: table[i]!, got: out?.[r]?.[0] ?? 'nothing', index: [i] });
        });
      }
    },
  };
}

// ── universal approximation ───────────────────────────────────────────────────────────────────────

export interface LipschitzCase {
  /** f(x) = Σ_k c_k sin(ω_k x + φ_k), L = Σ |c_k ω_k|. */
  terms: Array<{ c: number; omega: number; phi: number }>;
  a: number;
  width: number;
  K: number;
}

export const lipschitzArb: fc.Arbitrary<LipschitzCase> = fc.record({
  terms: fc.array(
    fc.record({
      c: fc.integer({ min: -8, max: 8 }).map((k) => k / 4),
      omega: fc.integer({ min: 1, max: 24 }).map((k) => k / 4),
      phi: fc.integer({ min: 0, max: 24 }).map((k) => k / 4),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  a: fc.integer({ min: -8, max: 8 }).map((k) => k / 4),
  width: fc.constantFrom(1, 2, 4),
  K: fc.integer({ min: 1, max: 40 }),
});

export function makeReluInterpolationProperty(interpolant: typeof refInterpolant = refInterpolant): Property<LipschitzCase> {
  return {
    id: 'theory.relu-sum-approximation',
    concept: 'f̂(x) = c + Σ w_i ReLU(x + b_i) interpolating an L-Lipschitz f on a grid of step h has sup error ≤ L·h/2 ≤ L·h (001 "Universal Approximation": sums of ReLUs)',
    requires: ['forward'],
    defaultRuns: 25,
    arbitrary: () => lipschitzArb,
    async check(subject, c) {
      const f = (x: number) => c.terms.reduce((s, t) => s + t.c * Math.sin(t.omega * x + t.phi), 0);
      const L = c.terms.reduce((s, t) => s + Math.abs(t.c * t.omega), 0);
      const b = c.a + c.width;
      const knots = grid(c.a, b, c.K);
      const h = c.width / c.K;
      const r = interpolant(knots, knots.map(f));
      // dense sample: 8 points per cell, both ends included
      const xs = Array.from({ length: 8 * c.K + 1 }, (_, i) => (i === 8 * c.K ? b : c.a + (c.width * i) / (8 * c.K)));
      const got = await call(subject, 'forward', r.net, xs.map((x) => [x]));
      const u = UNIT_ROUNDOFF[subject.precision];
      // rounding: the output is a dot product of K terms |w_i| relu(x + b_i) plus c, and f itself is
      // evaluated in float64 with ACTIVATION_ULPS per sine
      const gauge = (x: number) => Math.abs(r.c) + r.w.reduce((s, w, i) => s + Math.abs(w) * Math.max(0, x + r.b[i]!) + Math.abs(w) * Math.abs(x), 0);
      xs.forEach((x, i) => {
        const fhat = got?.a?.[1]?.[i]?.[0];
        const allowed = (L * h) / 2 + FIRST_ORDER_SAFETY * (gamma(c.K + 4, u) * gauge(x) + ACTIVATION_ULPS * UNIT_ROUNDOFF.float64 * c.terms.reduce((s, t) => s + Math.abs(t.c), 0) * 4);
        if (typeof fhat !== 'number' || !(Math.abs(fhat - f(x)) <= allowed)) {
          throw new PropertyFailure({ what: `ReLU-sum interpolant at x = ${x} (L = ${L}, h = ${h}, K = ${c.K})`, expected: f(x), got: fhat ?? 'nothing', allowed, note: 'bound L·h/2 plus rounding' });
        }
      });
    },
  };
}

export interface SigmoidEdgeCase {
  w: number;
  s: number;
  x: number;
}

export const sigmoidStep: Property<SigmoidEdgeCase> = {
  id: 'theory.sigmoid-step-edge',
  concept: 'σ(wx + b) is ½ at its edge s = −b/w (the notes: w = 16, b = −9 → 0.5625) and within e^{−w|x − s|} of the unit step at s (003 "Universal approximation theorem")',
  requires: ['activate'],
  defaultRuns: 40,
  arbitrary: () =>
    fc.record({
      w: fc.integer({ min: 0, max: 7 }).map((e) => 2 ** e),
      s: fc.integer({ min: -16, max: 16 }).map((k) => k / 16),
      x: fc.integer({ min: -64, max: 64 }).map((k) => k / 32),
    }),
  async check(subject, { w, s, x }) {
    const u = UNIT_ROUNDOFF[subject.precision];
    const { w: w0, b: b0, edge } = NOTES_SIGMOID_STEP;
    const at = await call(subject, 'activate', 'sigmoid', [w0 * edge + b0, w * s - w * s]);
    for (const v of at ?? []) {
      if (!(Math.abs(v - 0.5) <= activationBound(0.5, u))) throw new PropertyFailure({ what: `σ at the edge s = −b/w (w = ${w0}, b = ${b0}, s = ${edge})`, expected: 0.5, got: v, allowed: activationBound(0.5, u) });
    }
    // w and s on binary grids: z = w(x − s) is exact in float64
    const z = w * (x - s);
    const [a] = (await call(subject, 'activate', 'sigmoid', [z])) ?? [];
    const step = x >= s ? 1 : 0;
    const allowed = Math.exp(-Math.abs(z)) + activationBound(1, u);
    if (typeof a !== 'number' || !(Math.abs(a - step) <= allowed) || (x !== s && (a >= 0.5) !== x > s)) {
      throw new PropertyFailure({ what: `σ(${w}(x − ${s})) vs the step at ${s}, x = ${x}`, expected: step, got: a ?? 'nothing', allowed, note: 'within e^{−w|x − s|}, and on the right side of ½' });
    }
  },
};

// ── vanishing gradients ───────────────────────────────────────────────────────────────────────────

export interface ChainCase {
  ws: number[];
  x: number;
}

const chainArb = (positive: boolean): fc.Arbitrary<ChainCase> =>
  fc.record({
    ws: fc.array(
      fc.integer({ min: positive ? 1 : -16, max: 16 }).map((k) => k / 8),
      { minLength: 1, maxLength: 8 },
    ).filter((ws) => ws.every((w) => w !== 0)),
    x: fc.integer({ min: positive ? 1 : -16, max: 16 }).map((k) => k / 8),
  });

export interface VanishingCase {
  /** A sigmoid chain (weights of any sign). */
  sig: ChainCase;
  /** A ReLU chain with positive weights and input: every unit active. */
  relu: ChainCase;
}

export const vanishingGradient: Property<VanishingCase> = {
  id: 'theory.vanishing-gradient',
  concept: 'in a chain of L sigmoid units |dŷ/dw₁| ≤ (¼)^L Π_{i≥2}|w_i| |x| (σ′ ≤ ¼: exponential shrinking); with ReLU on the active path dŷ/dw₁ = Π_{i≥2} w_i x exactly (001 "Vanishing Gradients", "ReLU")',
  requires: ['backward'],
  defaultRuns: 40,
  arbitrary: () => fc.record({ sig: chainArb(false), relu: chainArb(true) }),
  async check(subject, { sig, relu }) {
    const u = UNIT_ROUNDOFF[subject.precision];
    // mse with target 0: ∂E/∂ŷ = ŷ, so dŷ/dw₁ = gradW¹ / ŷ (ŷ > 0 for both chains here)
    for (const [c, act] of [[sig, 'sigmoid'], [relu, 'relu']] as const) {
      const L = c.ws.length;
      const g = await call(subject, 'backward', chainNet(c.ws, act), [[c.x]], [[0]], 'mse');
      const fwd = await call(subject, 'forward', chainNet(c.ws, act), [[c.x]]);
      const yHat = fwd?.a?.[L - 1]?.[0]?.[0];
      const d = g?.gradW?.[0]?.[0]?.[0];
      if (typeof d !== 'number' || typeof yHat !== 'number' || !(yHat > 0)) {
        throw new PropertyFailure({ what: `${act} chain of ${L} units`, expected: 'a positive output and a gradient', got: `ŷ = ${yHat}, gradW¹ = ${d}` });
      }
      const dy = d / yHat;
      const rel = FIRST_ORDER_SAFETY * gamma((ACTIVATION_ULPS + 4) * (L + 2), u);
      if (act === 'sigmoid') {
        const bound = sigmoidChainBound(c.ws, c.x);
        if (!(Math.abs(dy) <= bound * (1 + rel))) {
          throw new PropertyFailure({ what: `|dŷ/dw₁| of a sigmoid chain, L = ${L}, w = [${c.ws.join(', ')}], x = ${c.x}`, expected: `≤ (¼)^L Π|w_i| |x| = ${bound}`, got: Math.abs(dy) });
        }
      } else {
        const want = reluChainGradient(c.ws, c.x);
        if (!(Math.abs(dy - want) <= rel * Math.abs(want))) {
          throw new PropertyFailure({ what: `dŷ/dw₁ of an active ReLU chain, L = ${L}, w = [${c.ws.join(', ')}], x = ${c.x}`, expected: want, got: dy, allowed: rel * Math.abs(want) });
        }
      }
    }
  },
};

// ── logit loss = binary cross-entropy ─────────────────────────────────────────────────────────────

export interface LogitCase {
  z: number;
  yPm: -1 | 1;
}

export const logitIsBce: Property<LogitCase> = {
  id: 'theory.logit-loss-is-bce',
  concept: 'the logit loss −log σ(y(wᵀx + b)) with y ∈ {−1, +1} equals binary cross-entropy with y ∈ {0, 1} (001 "The logit loss", "Cross Entropy")',
  requires: ['activate', 'loss'],
  defaultRuns: 40,
  arbitrary: () => fc.record({ z: fc.integer({ min: -96, max: 96 }).map((k) => k / 8), yPm: fc.constantFrom(-1 as const, 1 as const) }),
  async check(subject, { z, yPm }) {
    const u = UNIT_ROUNDOFF[subject.precision];
    const [a] = (await call(subject, 'activate', 'sigmoid', [z])) ?? [];
    const y = yPm === 1 ? 1 : 0;
    const got = await call(subject, 'loss', 'bce', [[a!]], [[y]]);
    const F = decimal50;
    const want = F.toNumber(logitLossIn(F, F.of(z), yPm));
    // a = σ(z) carries ACTIVATION_ULPS·u relative error, and at least the float64 rounding of the
    // number that came back (a subject computing in Decimal still hands over a float64 a);
    // log(1 − a) amplifies it by a/(1 − a), log a by 1
    const sa = Math.min(a!, 1 - a!);
    const amp = y === 1 ? 1 : a! / Math.max(1 - a!, Number.MIN_VALUE);
    const ua = ACTIVATION_ULPS * u + UNIT_ROUNDOFF.float64;
    const allowed = FIRST_ORDER_SAFETY * ua * (1 + amp) + lossErrorBound(Math.abs(want) + 1, 1, 1, u) + RESULT_ROUNDING * Math.abs(want);
    if (typeof got !== 'number' || !(Math.abs(got - want) <= allowed) || !(sa >= 0)) {
      throw new PropertyFailure({ what: `bce(σ(${z}), ${y}) vs logit loss −log σ(${yPm}·${z})`, expected: want, got: got ?? 'nothing', allowed });
    }
  },
};

export const theoryProperties: Property[] = [makeBooleanProperty(), makeParityProperty(), makeReluInterpolationProperty(), sigmoidStep, vanishingGradient, logitIsBce];
