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
import { reluInterpolant as refInterpolant, NOTES_SIGMOID_STEP, evalReluSum, grid, sigmoidEdge } from '../reference/constructions/approx.js';
import { decimal50 } from '../reference/field.js';
import { GATES, allInputs, compileBoolean as refCompile, countUnits, parity, parityTree as refParityTree, type ParityTree } from '../reference/constructions/logic.js';
import { chainGradientIn, chainNet, logitLossIn, pmToBinary, reluChainGradient, sigmoidChainBound } from '../reference/constructions/theory.js';
import { decimalForward } from '../reference/scalar/index.js';
import { wrapUnderTest } from '../engine/call.js';
import { call } from './engine.js';
import { DECIMAL_AGREEMENT } from './exact.js';
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

export function makeBooleanProperty(compileImpl: typeof refCompile = refCompile): Property<TruthTable> {
  const compile = wrapUnderTest('compileBoolean', compileImpl);
  return {
    id: 'theory.boolean-two-layer',
    concept: 'any boolean function of n ≤ 10 inputs is a two-layer threshold network: DNF (a unit per minterm, OR on top) and CNF (a unit per clause, AND on top), verified on the whole truth table (002 "CNF")',
    requires: ['forward'],
    defaultRuns: 15,
    arbitrary: () => truthTableArb,
    async check(subject, { n, table }) {
      const X = allInputs(n);
      const ones = table.filter((v) => v === 1).length;
      for (const form of ['dnf', 'cnf', 'smaller', undefined] as const) {
        const net = form === undefined ? compile(table) : compile(table, form);
        const name = (form ?? 'smaller (the default)').toUpperCase();
        // 'smaller' takes the form with fewer hidden units, DNF on a tie
        const dnf = form === 'dnf' || (form !== 'cnf' && ones <= table.length - ones);
        const hidden = net.layers[0]!.W.length;
        const want = dnf ? Math.max(1, ones) : Math.max(1, table.length - ones);
        if (net.layers.length !== 2 || hidden !== want) {
          throw new PropertyFailure({ what: `${name} network size for n = ${n}`, expected: `2 layers, ${want} hidden units (one per ${dnf ? 'minterm' : 'clause'})`, got: `${net.layers.length} layers, ${hidden} hidden units` });
        }
        // the output unit ORs the minterms (Σ h − ½) or ANDs the clauses (Σ h − m + ½)
        const out = net.layers[1]!;
        const terms = dnf ? ones : table.length - ones;
        const wantB = terms === 0 ? (dnf ? -0.5 : 0.5) : dnf ? -0.5 : -terms + 0.5;
        // a constant f has no terms: its output unit is step(∓½) on a zero weight (the documented constant unit)
        if (out.b[0] !== wantB || (terms > 0 && out.W[0]!.some((w) => w !== 1))) {
          throw new PropertyFailure({ what: `${name} output unit for n = ${n}`, expected: `w = 1 for every ${dnf ? 'minterm' : 'clause'}, b = ${wantB}`, got: `w = [${out.W[0]!.join(', ')}], b = ${out.b[0]}` });
        }
        const got = await call(subject, 'forward', net, X);
        X.forEach((x, i) => {
          const have = got?.a?.[1]?.[i]?.[0];
          if (have !== table[i]) throw new PropertyFailure({ what: `${name} network at input (${x.join('')})`, expected: table[i]!, got: have ?? 'nothing', index: [i], note: `truth table ${table.join('')}` });
        });
      }
    },
  };
}

export function makeParityProperty(treeImpl: (n: number) => ParityTree = refParityTree, compileImpl: typeof refCompile = refCompile): Property<number> {
  // the constructions are code under test: what they throw is the law failing, not a bug in the check
  const tree = wrapUnderTest('parityTree', treeImpl);
  const compile = wrapUnderTest('compileBoolean', compileImpl);
  return {
    id: 'theory.parity-depth',
    concept: 'parity of n bits: a tree of XOR blocks needs 3(n − 1) gate units (O(n), depth 2⌈log₂ n⌉), the flat two-layer form 2^{n−1} minterms (002 "PB: number of gates")',
    requires: ['forward'],
    defaultRuns: 9,
    arbitrary: () => fc.integer({ min: 2, max: 10 }),
    async check(subject, drawn) {
      // the smallest case, n = 2 (XOR itself), in every run besides the drawn n
      for (const n of drawn === 2 ? [2] : [2, drawn]) await checkParity(subject, n);
    },
  };
  async function checkParity(subject: Parameters<typeof call>[0], n: number): Promise<void> {
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
      // every unit is one of the notes' gates (or b = −½, nand b = 3, and b = −1.5) or a pass-through (w = 1, b = −½)
      const biases = new Set(deep.net.layers.flatMap((l) => l.b));
      for (const b of biases) if (![GATES.or.b, GATES.nand.b, GATES.and.b].includes(b as never)) throw new PropertyFailure({ what: `a bias of the XOR tree, n = ${n}`, expected: 'the gates\' −½, 3, −1.5 (pass-through units −½)', got: b });
      const weights = new Set(deep.net.layers.flatMap((l) => l.W.flat().filter((w) => w !== 0)));
      for (const w of weights) if (![GATES.or.w[0], GATES.nand.w[0], GATES.and.w[0]].includes(w as never)) throw new PropertyFailure({ what: `a weight of the XOR tree, n = ${n}`, expected: 'the gates\' 1 (or, and, pass-through) and −2 (nand)', got: w });
      // an odd value out at a level is carried up by one unit in each of its two layers
      let copies = 0;
      for (let w = n; w > 1; w = Math.floor(w / 2) + (w % 2)) copies += 2 * (w % 2);
      if (deep.copyUnits !== copies) throw new PropertyFailure({ what: `pass-through units of the XOR tree, n = ${n}`, expected: copies, got: deep.copyUnits });
      if (countUnits(deep.net) !== deep.net.layers.reduce((s, l) => s + l.b.length, 0)) throw new PropertyFailure({ what: `countUnits of the XOR tree, n = ${n}`, expected: deep.net.layers.reduce((s, l) => s + l.b.length, 0), got: countUnits(deep.net) });
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
  }
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

export function makeReluInterpolationProperty(interpolantImpl: typeof refInterpolant = refInterpolant): Property<LipschitzCase> {
  const interpolant = wrapUnderTest('reluInterpolant', interpolantImpl);
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

// ── the constructions' helpers (reference only) ──────────────────────────────────────────────────

export interface ConstructionCase {
  chain: ChainCase;
  act: 'sigmoid' | 'tanh' | 'softplus' | 'identity';
  a: number;
  width: number;
  K: number;
  w: number;
  b: number;
  fx: number[];
}

/**
 * theory.constructions: the helpers the constructions are built from, against their definitions —
 * chainGradientIn's ŷ equals the forward pass of the chain net (Decimal) and its dŷ/dw₁ the central
 * difference of ŷ in w₁; the grid has K + 1 equally spaced points from a to b; evalReluSum evaluates
 * c + Σ w_i ReLU(x + b_i) and agrees with the net it describes; sigmoidEdge is −b/w (the notes' 16, −9
 * give 0.5625); pmToBinary maps ±1 to 1/0; the sigmoid-chain bound and the ReLU-chain gradient are the
 * products they name.
 */
export const constructionsProperty: Property<ConstructionCase> = {
  id: 'theory.constructions',
  concept:
    'the helpers of the constructions against their definitions: the chain rule along a chain of units (dŷ/dw₁ = σ′(z_L) w_L … σ′(z_1) x vs a central difference), the uniform grid, c + Σ w_i ReLU(x + b_i), the sigmoid edge −b/w, y = (y± + 1)/2 (001, 003)',
  requires: [],
  defaultRuns: 40,
  arbitrary: () =>
    fc
      .record({ chain: chainArb(false), act: fc.constantFrom('sigmoid' as const, 'tanh' as const, 'softplus' as const, 'identity' as const), a: fc.integer({ min: -8, max: 8 }).map((k) => k / 4), width: fc.constantFrom(1, 2, 4), K: fc.integer({ min: 1, max: 12 }), w: fc.integer({ min: -64, max: 64 }).filter((k) => k !== 0).map((k) => k / 4), b: fc.integer({ min: -64, max: 64 }).map((k) => k / 4) })
      .chain((r) => fc.record({ ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fc.constant(v)])), fx: fc.array(fc.integer({ min: -16, max: 16 }).map((k) => k / 8), { minLength: r.K + 1, maxLength: r.K + 1 }) }) as fc.Arbitrary<ConstructionCase>),
  check(_s, c) {
    const F = decimal50;
    const fail = (what: string, expected: unknown, got: unknown): never => {
      throw new PropertyFailure({ what, expected: typeof expected === 'number' || typeof expected === 'string' ? expected : JSON.stringify(expected), got: typeof got === 'number' || typeof got === 'string' ? got : JSON.stringify(got) });
    };
    // the chain rule along a chain
    const { ws, x } = c.chain;
    const wd = ws.map((w) => F.of(w));
    const r = chainGradientIn(F, wd, F.of(x), c.act);
    const net = chainNet(ws, c.act);
    const yHat = decimalForward(net, [[x]]).a[ws.length - 1]![0]![0]!;
    if (!r.yHat.minus(yHat).abs().lte(yHat.abs().plus(1).times(DECIMAL_AGREEMENT))) fail(`chainGradientIn ŷ of the ${c.act} chain [${ws.join(', ')}] at x = ${x}`, yHat.toString(), r.yHat.toString());
    const h = F.of(1e-20);
    // ŷ as a function of w₁ (its value at w₁ itself was just checked against the forward pass)
    const at = (d: typeof h) => chainGradientIn(F, [wd[0]!.plus(d), ...wd.slice(1)], F.of(x), c.act).yHat;
    const cd = at(h).minus(at(h.neg())).div(h.times(2));
    // rounding 2 u_dec (|ŷ| + 1) / 2h; truncation h²/6 |∂³ŷ/∂w₁³| ≤ h² (|x| + 1)³ Π_{i≥2} (|w_i| + 1)³ (|σ‴| ≤ 1 for these σ)
    const third = (Math.abs(x) + 1) ** 3 * ws.slice(1).reduce((p, w) => p * (Math.abs(w) + 1) ** 3, 1);
    const fdTol = r.yHat.abs().plus(1).times(2 * UNIT_ROUNDOFF.decimal).div(h).plus(h.times(h).times(third));
    if (!r.dyHatDw1.minus(cd).abs().lte(fdTol)) fail(`chainGradientIn dŷ/dw₁ of the ${c.act} chain [${ws.join(', ')}] at x = ${x} vs the central difference`, cd.toString(), r.dyHatDw1.toString());
    const bound = 0.25 ** ws.length * ws.slice(1).reduce((p, w) => p * Math.abs(w), 1) * Math.abs(x);
    if (Math.abs(sigmoidChainBound(ws, x) - bound) > 4 * Number.EPSILON * ws.length * bound) fail('sigmoidChainBound = (¼)^L Π_{i≥2}|w_i| |x|', bound, sigmoidChainBound(ws, x));
    const prod = ws.slice(1).reduce((p, w) => p * w, 1) * x;
    if (Math.abs(reluChainGradient(ws, x) - prod) > 4 * Number.EPSILON * ws.length * Math.abs(prod)) fail('reluChainGradient = Π_{i≥2} w_i x', prod, reluChainGradient(ws, x));
    // the grid and the ReLU sum
    const b = c.a + c.width;
    const knots = grid(c.a, b, c.K);
    if (knots.length !== c.K + 1 || knots[0] !== c.a || knots[c.K] !== b || knots.some((k, i) => Math.abs(k - (c.a + (c.width * i) / c.K)) > 4 * Number.EPSILON * (Math.abs(c.a) + c.width))) fail(`grid(${c.a}, ${b}, ${c.K})`, `${c.K + 1} points a + (b − a) i/K`, knots);
    const ri = refInterpolant(knots, c.fx);
    const fwd = decimalForward(ri.net, knots.map((k) => [k])).a[1]!;
    knots.forEach((k, i) => {
      const direct = ri.w.reduce((s, w, j) => s + w * Math.max(0, k + ri.b[j]!), ri.c);
      const e = evalReluSum(ri, k);
      const gauge = ri.w.reduce((s, w, j) => s + Math.abs(w) * (Math.abs(k) + Math.abs(ri.b[j]!)), Math.abs(ri.c));
      const tol = 4 * (c.K + 2) * Number.EPSILON * gauge;
      if (!(Math.abs(e - direct) <= tol) || !(Math.abs(e - fwd[i]![0]!.toNumber()) <= tol) || !(Math.abs(e - c.fx[i]!) <= tol + 4 * (c.K + 2) * Number.EPSILON * gauge)) fail(`evalReluSum at the knot ${k}`, `c + Σ w_i ReLU(x + b_i) = ${direct} = f(x) = ${c.fx[i]}`, e);
    });
    // the sigmoid edge
    if (sigmoidEdge(c.w, c.b) !== -c.b / c.w) fail(`sigmoidEdge(${c.w}, ${c.b})`, -c.b / c.w, sigmoidEdge(c.w, c.b));
    if (sigmoidEdge(NOTES_SIGMOID_STEP.w, NOTES_SIGMOID_STEP.b) !== NOTES_SIGMOID_STEP.edge || NOTES_SIGMOID_STEP.w !== 16 || NOTES_SIGMOID_STEP.b !== -9) fail("the notes' sigmoid step w = 16, b = −9", 0.5625, NOTES_SIGMOID_STEP);
    if (pmToBinary(1) !== 1 || pmToBinary(-1) !== 0) fail('pmToBinary(±1)', '1, 0', [pmToBinary(1), pmToBinary(-1)]);
  },
};

export const theoryProperties: Property[] = [makeBooleanProperty(), makeParityProperty(), makeReluInterpolationProperty(), sigmoidStep, vanishingGradient, logitIsBce, constructionsProperty];
