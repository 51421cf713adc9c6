/**
 * Threshold units, the notes' logic gates, the perceptron learning algorithm, and boolean functions
 * compiled into two-layer threshold networks.
 *
 * Threshold logic unit (McCulloch & Pitts; notes 001): f(x) = 1{Σ_i w_i x_i + b ≥ 0}.
 *   or(a, b)  = 1{a + b − 0.5 ≥ 0}     and(a, b) = 1{a + b − 1.5 ≥ 0}     not(a) = 1{−a + 0.5 ≥ 0}
 *   nand(a, b) = 1{−2a − 2b + 3 ≥ 0}   (notes 000, "The NAND-perceptron")
 *   xor(a, b) = and(or(a, b), nand(a, b)) — two layers, three units (XOR is not linearly separable).
 *
 * Boolean functions (notes 002, "Shallow vs deep architectures: Boolean functions"): any f: {0,1}ⁿ → {0,1}
 * is a two-layer threshold network —
 *   DNF: one hidden unit per minterm (an input a with f(a) = 1) that fires exactly at x = a,
 *        w_i = +1 if a_i = 1 else −1, b = −|a| + ½; the output unit ORs them (w = 1, b = −½);
 *   CNF: one hidden unit per clause (an input a with f(a) = 0, an OR gate with negative weights for
 *        negated literals) that is 0 exactly at x = a, w_i = −1 if a_i = 1 else +1, b = |a| − ½; the
 *        output unit ANDs the m clauses (w = 1, b = −m + ½).
 * Parity needs 2^{n−1} minterms in the flat form, but a tree of XOR blocks needs 3(n−1) gate units
 * (plus at most two pass-through units per level to carry an odd input up a layer).
 */
import { InvalidArgumentError, brief } from '../../contract/errors.js';
import type { Layer, Matrix, Net, Vector } from '../../contract/types.js';
import { checkMatrix } from '../../contract/validate.js';
import { perceptronPredict, perceptronStep } from '../perceptron.js';

/** A threshold unit: weights and bias; fires (1) when w·x + b ≥ 0. */
export interface ThresholdUnit {
  w: readonly number[];
  b: number;
}

export function thresholdUnit(u: ThresholdUnit, x: readonly number[]): 0 | 1 {
  return perceptronPredict(u.w, u.b, x);
}

/** The notes' gates, with the weights the notes give. */
export const GATES = {
  or: { w: [1, 1], b: -0.5 },
  and: { w: [1, 1], b: -1.5 },
  not: { w: [-1], b: 0.5 },
  nand: { w: [-2, -2], b: 3 },
} as const satisfies Record<string, ThresholdUnit>;
export type GateName = keyof typeof GATES;

/** The intended truth table of each gate (for checking the weights above). */
export const GATE_TRUTH: Readonly<Record<GateName, (x: readonly number[]) => 0 | 1>> = {
  or: ([a, b]) => (a || b ? 1 : 0),
  and: ([a, b]) => (a && b ? 1 : 0),
  not: ([a]) => (a ? 0 : 1),
  nand: ([a, b]) => (a && b ? 0 : 1),
};

/** All 2ⁿ inputs of n bits, in binary counting order (row i has bit j = (i >> (n−1−j)) & 1). */
export function allInputs(n: number): number[][] {
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError({ where: 'n', expected: 'an integer 1 ≤ n ≤ 20', got: brief(n) });
  return Array.from({ length: 2 ** n }, (_, i) => Array.from({ length: n }, (_, j) => (i >> (n - 1 - j)) & 1));
}

// ---------------------------------------------------------------------------------------------
// Perceptron learning algorithm
// ---------------------------------------------------------------------------------------------

export interface PerceptronRun {
  w: number[];
  b: number;
  /** Number of updates (mistakes) made in total. */
  mistakes: number;
  /** Epochs run (passes over the data). */
  epochs: number;
  /** True when the last epoch made no mistake: every example is classified correctly. */
  converged: boolean;
  /** Mistakes per epoch. */
  mistakesPerEpoch: number[];
}

export interface PerceptronOptions {
  lr?: number;
  maxEpochs?: number;
  w0?: readonly number[];
  b0?: number;
}

/**
 * The perceptron learning algorithm: sweep the examples in order, applying perceptronStep (which
 * updates only on a mistake), until an epoch makes no mistake or maxEpochs is reached.
 * Starting from w = 0, b = 0 on data separable with margin γ and radius R (of the inputs augmented
 * with a constant 1 for the bias), it makes at most (R/γ)² mistakes (Novikoff 1962; see novikoffBound).
 */
export function perceptronLearn(X: Matrix, y: readonly (0 | 1)[], opts: PerceptronOptions = {}): PerceptronRun {
  const [B, n] = checkMatrix(X, 'X');
  if (!Array.isArray(y) || y.length !== B) throw new InvalidArgumentError({ where: 'y', expected: `${B} labels 0/1`, got: brief(y) });
  const lr = opts.lr ?? 1;
  const maxEpochs = opts.maxEpochs ?? 1000;
  let w = opts.w0 ? [...opts.w0] : Array<number>(n).fill(0);
  let b = opts.b0 ?? 0;
  let mistakes = 0;
  const mistakesPerEpoch: number[] = [];
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    let m = 0;
    for (let i = 0; i < B; i++) {
      if (perceptronPredict(w, b, X[i]!) !== y[i]) m++;
      ({ w, b } = perceptronStep(w, b, X[i]!, y[i]!, lr));
    }
    mistakes += m;
    mistakesPerEpoch.push(m);
    if (m === 0) return { w, b, mistakes, epochs: epoch + 1, converged: true, mistakesPerEpoch };
  }
  return { w, b, mistakes, epochs: maxEpochs, converged: false, mistakesPerEpoch };
}

/**
 * Novikoff's bound (R/γ)² on the number of perceptron mistakes from w = 0, b = 0, for data
 * separated by (wStar, bStar): R = max ‖(x, 1)‖, γ = min_i s_i (wStar·x_i + bStar) / ‖(wStar, bStar)‖
 * with s_i = +1 for label 1 and −1 for label 0. Infinity when (wStar, bStar) does not separate the
 * data with a positive margin.
 */
export function novikoffBound(X: Matrix, y: readonly (0 | 1)[], wStar: readonly number[], bStar: number): { R: number; gamma: number; bound: number } {
  const norm = Math.sqrt(wStar.reduce((s, v) => s + v * v, 0) + bStar * bStar);
  let R = 0;
  let gamma = Infinity;
  X.forEach((x, i) => {
    R = Math.max(R, Math.sqrt(x.reduce((s, v) => s + v * v, 0) + 1));
    const m = ((y[i] === 1 ? 1 : -1) * (x.reduce((s, v, k) => s + v * wStar[k]!, 0) + bStar)) / norm;
    gamma = Math.min(gamma, m);
  });
  const bound = gamma > 0 ? (R / gamma) ** 2 : Infinity;
  return { R, gamma, bound };
}

// ---------------------------------------------------------------------------------------------
// Boolean functions as two-layer threshold networks
// ---------------------------------------------------------------------------------------------

/** A two-layer threshold (step) network of the contract: hidden units and one output unit. */
function twoLayer(hiddenW: Matrix, hiddenB: Vector, outW: Vector, outB: number): Net {
  return {
    layers: [
      { W: hiddenW, b: hiddenB, activation: 'step' },
      { W: [outW], b: [outB], activation: 'step' },
    ],
  };
}

/**
 * Compiles a truth table (`table[i]` = f of the i-th row of allInputs(n)) into a two-layer threshold
 * network in DNF or CNF. A constant function still gets one (unused) hidden unit, since the contract's
 * layers cannot be empty.
 */
export function compileBoolean(table: readonly (0 | 1)[], form: 'dnf' | 'cnf' | 'smaller' = 'smaller'): Net {
  const n = Math.log2(table.length);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError({ where: 'table', expected: 'a truth table of length 2ⁿ, 1 ≤ n ≤ 20', got: `length ${table.length}` });
  const inputs = allInputs(n);
  const ones = inputs.filter((_, i) => table[i] === 1);
  const zeros = inputs.filter((_, i) => table[i] !== 1);
  const useDnf = form === 'dnf' || (form === 'smaller' && ones.length <= zeros.length);
  const terms = useDnf ? ones : zeros;
  if (terms.length === 0) {
    // f constant: DNF of f ≡ 0 outputs step(−½) = 0; CNF of f ≡ 1 outputs step(½) = 1.
    return twoLayer([Array(n).fill(0)], [0], [0], useDnf ? -0.5 : 0.5);
  }
  const count = (a: readonly number[]) => a.reduce((s, v) => s + v, 0);
  if (useDnf) {
    // minterm unit: Σ_{a_i=1} x_i − Σ_{a_i=0} x_i − |a| + ½ ≥ 0  ⇔  x = a
    const W = terms.map((a) => a.map((ai) => (ai === 1 ? 1 : -1)));
    const b = terms.map((a) => -count(a) + 0.5);
    return twoLayer(W, b, Array(terms.length).fill(1), -0.5); // OR: Σ h − ½ ≥ 0
  }
  // clause unit (OR of literals, negative weights for negated ones): 0 exactly at x = a
  const W = terms.map((a) => a.map((ai) => (ai === 1 ? -1 : 1)));
  const b = terms.map((a) => count(a) - 0.5);
  return twoLayer(W, b, Array(terms.length).fill(1), -terms.length + 0.5); // AND of m clauses
}

/** Number of units (hidden + output) of a network: Σ_l n_l. */
export function countUnits(net: Net): number {
  return net.layers.reduce((s, l) => s + l.W.length, 0);
}

export interface ParityTree {
  net: Net;
  /** Units that belong to XOR blocks: 3 per block, n − 1 blocks. */
  gateUnits: number;
  /** Pass-through units (w = 1, b = −½) that carry an odd value up one layer. */
  copyUnits: number;
}

/**
 * Parity of n bits as a tree of XOR blocks, as a layered contract Net of step units. Each level pairs
 * up the current values; a pair (p, q) becomes or(p, q) and nand(p, q) in one layer and their and in
 * the next; an unpaired value is copied through both layers.
 */
export function parityTree(n: number): ParityTree {
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError({ where: 'n', expected: 'an integer n ≥ 2', got: brief(n) });
  const layers: Layer[] = [];
  let width = n;
  let gateUnits = 0;
  let copyUnits = 0;
  while (width > 1) {
    const pairs = Math.floor(width / 2);
    const odd = width % 2;
    // layer A: for each pair, or and nand; the odd one out is copied
    const WA: Matrix = [];
    const bA: Vector = [];
    for (let p = 0; p < pairs; p++) {
      const row = (w: number) => Array.from({ length: width }, (_, k) => (k === 2 * p || k === 2 * p + 1 ? w : 0));
      WA.push(row(GATES.or.w[0]), row(GATES.nand.w[0]));
      bA.push(GATES.or.b, GATES.nand.b);
    }
    if (odd) {
      WA.push(Array.from({ length: width }, (_, k) => (k === width - 1 ? 1 : 0)));
      bA.push(-0.5);
    }
    // layer B: and of each (or, nand) pair; the copy is copied again
    const wA = WA.length;
    const WB: Matrix = [];
    const bB: Vector = [];
    for (let p = 0; p < pairs; p++) {
      WB.push(Array.from({ length: wA }, (_, k) => (k === 2 * p || k === 2 * p + 1 ? 1 : 0)));
      bB.push(GATES.and.b);
    }
    if (odd) {
      WB.push(Array.from({ length: wA }, (_, k) => (k === wA - 1 ? 1 : 0)));
      bB.push(-0.5);
    }
    layers.push({ W: WA, b: bA, activation: 'step' }, { W: WB, b: bB, activation: 'step' });
    gateUnits += 3 * pairs;
    copyUnits += 2 * odd;
    width = pairs + odd;
  }
  return { net: { layers }, gateUnits, copyUnits };
}

/** Parity of a bit vector. */
export function parity(x: readonly number[]): 0 | 1 {
  return (x.reduce((s, v) => s + v, 0) % 2) as 0 | 1;
}
