/**
 * Linear activations collapse (notes 003, "MLP with linear activation"): with σ(x) = αx + β in every
 * layer the network is the affine map x ↦ A^L x + B^L with
 *   A^0 = I, B^0 = 0,  A^l = α W^l A^{l−1},  B^l = α W^l B^{l−1} + α b^l + β.
 * The contract has no affine activation; σ(z) = αz + β is identity(α z + β), so the net with
 * W′ = αW, b′ = αb + β and identity activations is the notes' net. Both forms are checked: α = 1,
 * β = 0 (identity itself) and a drawn (α, β). α, β, W, b are dyadic, so W′, b′ are exact in float64.
 *
 * And the least-squares *linear* fit of XOR (003 "Attempt I"): the normal equations give w = 0,
 * b = ½ exactly, with mean squared error 1/8 in the contract's mse (½‖a − y‖² averaged; the notes'
 * J = ¼ Σ (f − y)² is twice that, ¼). A linear net of any depth is affine, so its mse on XOR is ≥ 1/8.
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { RESULT_ROUNDING, UNIT_ROUNDOFF, allowedAt, boundAt, lossErrorBound } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import type { Matrix, Net } from '../contract/types.js';
import { decimal50 } from '../reference/field.js';
import { exactOf } from '../reference/scalar/index.js';
import { gridNumber, netCaseArb, type NetCase } from './arbitraries.js';
import { call } from './engine.js';
import { boundsForSubject, truthOf } from './exact.js';
import { PropertyFailure, assertNoMismatch } from './failure.js';
import { eq, normalEquations, q, show } from './rational.js';
import type { Property } from './types.js';

const F = decimal50;
const D = (x: number): Decimal => exactOf(F, x);

/** The notes' recurrences in Decimal: returns A^L (n_L × n_0) and B^L (n_L). */
export function affineCollapse(net: Net, alpha: number, beta: number): { A: Decimal[][]; B: Decimal[] } {
  const n0 = net.layers[0]!.W[0]!.length;
  let A: Decimal[][] = Array.from({ length: n0 }, (_, i) => Array.from({ length: n0 }, (_, j) => (i === j ? F.one : F.zero))); // A^0 = I
  let B: Decimal[] = Array.from({ length: n0 }, () => F.zero); // B^0 = 0
  const al = D(alpha);
  const be = D(beta);
  for (const layer of net.layers) {
    const W = layer.W.map((row) => row.map(D));
    // A^l = α W^l A^{l−1}
    const An = W.map((row) => A[0]!.map((_, k) => F.mul(al, row.reduce((s, w, j) => F.add(s, F.mul(w, A[j]![k]!)), F.zero))));
    // B^l = α W^l B^{l−1} + α b^l + β
    const Bn = W.map((row, i) => F.add(F.add(F.mul(al, row.reduce((s, w, j) => F.add(s, F.mul(w, B[j]!)), F.zero)), F.mul(al, D(layer.b[i]!))), be));
    A = An;
    B = Bn;
  }
  return { A, B };
}

export interface CollapseInput {
  c: NetCase;
  alpha: number;
  beta: number;
}

export const linearCollapse: Property<CollapseInput> = {
  id: 'linear.collapse',
  concept: 'with σ(x) = αx + β in every layer the MLP is the affine map A^L x + B^L (003 linear activations collapse: A^l = αW^l A^{l−1}, B^l = αW^l B^{l−1} + αb^l + β)',
  requires: ['forward'],
  defaultRuns: 40,
  arbitrary: () =>
    fc.record({
      c: netCaseArb({ hidden: ['identity'], outputs: ['identity'], losses: ['mse'] }),
      alpha: fc.integer({ min: -32, max: 32 }).map((k) => k / 16), // dyadic: αW and αb + β stay exact
      beta: gridNumber(1),
    }),
  async check(subject, { c, alpha, beta }) {
    for (const [al, be] of [
      [1, 0],
      [alpha, beta],
    ] as const) {
      // the notes' net as a contract net: identity(α z + β) = identity(αW a + αb + β)
      const net: Net = { layers: c.net.layers.map((l) => ({ W: l.W.map((r) => r.map((w) => al * w)), b: l.b.map((b) => al * b + be), activation: 'identity' })) };
      const { A, B } = affineCollapse(c.net, al, be);
      const expected: Matrix = c.X.map((x) => A.map((row, i) => F.toNumber(row.reduce((s, a, k) => F.add(s, F.mul(a, D(x[k]!))), B[i]!))));
      const cc: NetCase = { ...c, net };
      const bounds = boundsForSubject(cc, truthOf(cc), subject);
      const got = await call(subject, 'forward', net, c.X);
      const L = net.layers.length;
      assertNoMismatch(
        firstMismatch(expected, got?.a?.[L - 1], (p, e) => allowedAt(boundAt(bounds.a[L - 1], p), e)),
        `output a^L vs A^L x + B^L (α = ${al}, β = ${be}, depth ${L})`,
        { note: 'index [example, unit]' },
      );
    }
  },
};

export const XOR_X: Matrix = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_Y: Matrix = [[0], [1], [1], [0]];

export const xorNormalEquations: Property<NetCase> = {
  id: 'linear.xor-normal-equations',
  concept: 'the least-squares linear fit of XOR is w = 0, b = ½ (normal equations), so no depth of linear layers fits XOR: mse ≥ 1/8 (003 "Attempt I: linear model")',
  requires: ['forward', 'loss'],
  defaultRuns: 40,
  arbitrary: () => netCaseArb({ hidden: ['identity'], outputs: ['identity'], losses: ['mse'], width: [1, 8], batch: [4, 4] }).map((c) => fixIo(c)),
  async check(subject, c) {
    // 1. exact: AᵀA θ = Aᵀy on XOR gives θ = (w1, w2, b) = (0, 0, ½)
    const theta = normalEquations(XOR_X, XOR_Y.map((r) => r[0]!));
    const want = [q(0), q(0), q(1, 2)];
    if (!theta || !theta.every((t, i) => eq(t, want[i]!))) {
      throw new PropertyFailure({ what: 'normal equations on XOR', expected: '(0, 0, 1/2)', got: theta ? `(${theta.map(show).join(', ')})` : 'singular' });
    }
    const u = UNIT_ROUNDOFF[subject.precision];
    // 2. the subject's mse at the least-squares fit (every output ½) is exactly 1/8
    const atFit = await call(subject, 'loss', 'mse', XOR_X.map(() => [0.5]), XOR_Y);
    const allowedFit = lossErrorBound(4 * 0.125, 4, 1, u) + RESULT_ROUNDING * 0.125;
    if (!(Math.abs(atFit - 0.125) <= allowedFit)) {
      throw new PropertyFailure({ what: "mse of the least-squares linear fit (w = 0, b = ½) on XOR", expected: 0.125, got: atFit, allowed: allowedFit, note: 'the contract mse is mean_x ½‖a − y‖²' });
    }
    // 3. any linear net is affine: its mse on XOR is at least the least-squares minimum 1/8
    const truth = truthOf(c);
    const bounds = boundsForSubject(c, truth, subject);
    const L = c.net.layers.length;
    const got = await call(subject, 'forward', c.net, XOR_X);
    const out = got?.a?.[L - 1];
    if (!Array.isArray(out) || out.length !== 4) throw new PropertyFailure({ what: 'forward output on XOR', expected: '4 rows', got: Array.isArray(out) ? `${out.length} rows` : typeof out });
    const mse = await call(subject, 'loss', 'mse', out, XOR_Y);
    const outErr = bounds.a[L - 1]!.reduce((s, r, x) => s + r[0]! * Math.abs(out[x]![0]! - XOR_Y[x]![0]!), 0) / 4;
    const allowed = outErr + lossErrorBound(4 * Math.max(mse, 0.125), 4, 1, u);
    if (!(mse >= 0.125 - allowed)) {
      throw new PropertyFailure({ what: `mse on XOR of a linear net of depth ${L} (an affine map)`, expected: '≥ 0.125', got: mse, allowed });
    }
  },
};

/** A linear net case on XOR: input width 2, one output, the four XOR points. */
function fixIo(c: NetCase): NetCase {
  const layers = c.net.layers.map((l) => ({ ...l, W: l.W.map((r) => r.slice()), b: l.b.slice() }));
  // input width 2: keep (or repeat) the first columns of W^1
  layers[0]!.W = layers[0]!.W.map((r) => [r[0]!, r[1] ?? r[0]!]);
  // one output unit
  const last = layers[layers.length - 1]!;
  last.W = [last.W[0]!];
  last.b = [last.b[0]!];
  return { net: { layers }, X: XOR_X, Y: XOR_Y, loss: 'mse' };
}

export const linearProperties: Property[] = [linearCollapse, xorNormalEquations];
