/**
 * The reference's other levels agree with the contract functions they mirror. reference/index.ts
 * exports the contract's functions; it also exports, for power users, the matrix level
 * (`matrix.forward`, `matrix.loss`, `matrix.bp1` … `matrix.bp4`, the matmul family, Mat helpers), the
 * scalar level (`scalar.scalarForward`, `scalarLoss`, `centralDifference`, `lossEvaluator`, …, the
 * scalar and Decimal subjects) and the optimizer level (`stepIn`, `stepDecimal`, `initialState`, …).
 * Each exported function is checked here against an independent truth or against the contract
 * function it mirrors, whatever the subject of the run (these are properties of the reference):
 *
 *  - reference.matrix-level: the matmul family against the products formed in Decimal (every entry
 *    within γ_k Σ|a b|; sizes that exercise the 2 × 3 register tiles, their remainders and the k-blocks
 *    of K_BLOCK), the Mat helpers against plain nested arrays, and forward, loss, bp1–bp4, backward,
 *    weightedInput, activateMat, activateGradMat, toMatNet equal to the contract functions exactly (they
 *    are the same float64 operations in the same order, so any difference is a bug).
 *  - reference.scalar-level: centralDifference, scalarLossAt, scalarLossAlong and lossEvaluator against
 *    the derivative of a loss known in closed form (one identity layer with mse: E is quadratic in every
 *    parameter, so the central difference is exact), scalarLoss and the scalar and Decimal subjects
 *    against the contract's loss and activations, the conversions against the numbers they convert.
 *  - reference.optimizer-level: stepDecimal against the unrolled sums of optimizer.unrolled-formula,
 *    stepIn in float64 equal to step, initialState's empty slots.
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { BP1_SHORTCUT, ELEMENTWISE_ACTIVATIONS, LOSSES, OPTIMIZERS, type ActivationName } from '../contract/names.js';
import type { Matrix, Optimizer, Params } from '../contract/types.js';
import { FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, activationBound, dotErrorBound, gamma } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import { decimal50, float64 } from '../reference/field.js';
import * as ref from '../reference/index.js';
import * as M from '../reference/matrix/index.js';
import { OPTIMIZER_SLOTS, initialState, paramsTo, paramsToNumber, step as refStep, stepDecimal, stepIn } from '../reference/optimizers.js';
import * as S from '../reference/scalar/index.js';
import { gridNumber, matrixArb, netCaseArb, type NetCase } from './arbitraries.js';
import { DECIMAL_AGREEMENT } from './exact.js';
import { PropertyFailure } from './failure.js';
import { genericOptimizerArb, paramsArb, shapeArb, unrolledTrajectory } from './optimizers.js';
import type { Property } from './types.js';

const D = decimal50;

/** Throws unless `got` equals `want` exactly (Object.is per number, same nesting). */
function same(what: string, want: unknown, got: unknown, note?: string): void {
  const m = firstMismatch(want, got, () => -1);
  if (m) throw new PropertyFailure({ what: `${what}: not the same as the function it mirrors`, expected: m.expected, got: m.got, index: m.path, note });
}

/** Throws unless every number of `got` is within `allowed(path, want)` of `want`. */
function near(what: string, want: unknown, got: unknown, allowed: (path: number[], want: number) => number, note?: string): void {
  const m = firstMismatch(want, got, allowed);
  if (m) throw new PropertyFailure({ what, expected: m.expected, got: m.got, allowed: m.allowed, index: m.path, note });
}

// ── matrix level ────────────────────────────────────────────────────────────────────────────────

export interface MatrixLevelCase {
  c: NetCase;
  /** A (m × k), B (k × n) for the products; k sometimes beyond K_BLOCK. */
  A: number[][];
  B: number[][];
}

const productArb = fc
  .record({ m: fc.integer({ min: 1, max: 7 }), n: fc.integer({ min: 1, max: 8 }), k: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.integer({ min: M.K_BLOCK - 2, max: M.K_BLOCK + 40 }) }) })
  .chain(({ m, n, k }) => fc.record({ A: matrixArb(m, k, gridNumber(2)), B: matrixArb(k, n, gridNumber(2)) }));

/** A·B in Decimal (exact for the dyadic grid numbers here) and the gauge Σ_p |a_ip b_pj| of every entry. */
function exactProduct(A: Matrix, B: Matrix): { C: number[][]; gauge: number[][] } {
  const C = A.map((row) => B[0]!.map((_x, j) => D.toNumber(row.reduce((s, a, p) => s.plus(D.of(a).times(D.of(B[p]![j]!))), D.zero))));
  const gauge = A.map((row) => B[0]!.map((_x, j) => row.reduce((s, a, p) => s + Math.abs(a * B[p]![j]!), 0)));
  return { C, gauge };
}

const transposeRows = (A: Matrix): Matrix => A[0]!.map((_x, j) => A.map((r) => r[j]!));

export const matrixLevel: Property<MatrixLevelCase> = {
  id: 'reference.matrix-level',
  concept:
    'the matrix level the reference exports (matmul, matmulABt, matmulAtB, the Mat helpers, forward, loss, bp1–bp4, backward, weightedInput, activateMat) agrees with the products formed in Decimal and with the contract functions it mirrors (004 "Matrix algebra")',
  requires: [],
  defaultRuns: 30,
  arbitrary: () => fc.record({ c: netCaseArb(), AB: productArb }).map(({ c, AB }) => ({ c, A: AB.A, B: AB.B })),
  check(_s, { c, A, B }) {
    const u = UNIT_ROUNDOFF.float64;
    // the products, against Decimal: |fl(Σ_p a b) − Σ_p a b| ≤ γ_k Σ|a b| in any summation order
    const k = B.length;
    const { C, gauge } = exactProduct(A, B);
    const allowed = (p: number[]) => dotErrorBound(k, gauge[p[0]!]![p[1]!]!, u);
    const mA = M.fromRows(A);
    const mB = M.fromRows(B);
    // the empty matrix is 0 × 0 both ways
    const empty = M.fromRows([]);
    if (empty.rows !== 0 || empty.cols !== 0 || M.toRows(empty).length !== 0) throw new PropertyFailure({ what: 'fromRows([]) and back', expected: '0 × 0, []', got: `${empty.rows} × ${empty.cols}` });
    near('matmul(A, B) vs A·B in Decimal', C, M.toRows(M.matmul(mA, mB)), allowed);
    near('matmulABt(A, Bᵀ) vs A·B in Decimal', C, M.toRows(M.matmulABt(mA, M.fromRows(transposeRows(B)))), allowed);
    const out = M.fromRows(C.map((r) => r.map(() => 7))); // overwritten, not added to
    M.matmulABt(mA, M.fromRows(transposeRows(B)), out);
    near('matmulABt(A, Bᵀ, out) vs A·B in Decimal', C, M.toRows(out), allowed);
    near('matmulAtB(Aᵀ, B) vs A·B in Decimal', C, M.toRows(M.matmulAtB(M.fromRows(transposeRows(A)), mB)), allowed);

    // the Mat helpers against nested arrays
    same('toRows(fromRows(A))', A, M.toRows(mA));
    if (mA.rows !== A.length || mA.cols !== A[0]!.length) throw new PropertyFailure({ what: 'fromRows(A) shape', expected: `${A.length} × ${A[0]!.length}`, got: `${mA.rows} × ${mA.cols}` });
    A.forEach((r, i) => same(`row(A, ${i})`, r, M.row(mA, i)));
    same('transpose(A)', transposeRows(A), M.toRows(M.transpose(mA)));
    const copy = M.clone(mA);
    copy.data[0] = copy.data[0]! + 1;
    same('A after changing its clone', A, M.toRows(mA));
    same('clone(A)', A.flat().map((x, i) => (i === 0 ? x + 1 : x)), Array.from(copy.data));
    same('rowVector(A[0])', [A[0]!], M.toRows(M.rowVector(A[0]!)));
    same('zeros(m, n)', A.map((r) => r.map(() => 0)), M.toRows(M.zeros(A.length, A[0]!.length)));
    same('mat(m, k, data)', A, M.toRows(M.mat(A.length, A[0]!.length, Float64Array.from(A.flat()))));

    // the MLP at matrix level against the contract functions (reference/index.ts)
    const { net, X, Y, loss } = c;
    const mnet = M.toMatNet(net);
    mnet.layers.forEach((layer, l) => {
      const src = net.layers[l]!;
      same(`toMatNet: layer ${l + 1} W`, src.W, M.toRows(layer.W));
      same(`toMatNet: layer ${l + 1} b`, src.b, Array.from(layer.b));
      if (layer.activation !== src.activation || !Object.is(layer.alpha, src.alpha ?? (src.activation === 'leaky_relu' ? 0.01 : src.activation === 'elu' ? 1 : 0))) {
        throw new PropertyFailure({ what: `toMatNet: layer ${l + 1} activation and α`, expected: `${src.activation}, α ${src.alpha ?? 'default'}`, got: `${layer.activation}, α ${layer.alpha}` });
      }
    });
    const fwd = ref.forward(net, X);
    const mX = M.fromRows(X);
    const mf = M.forward(mnet, mX);
    same('matrix.forward z', fwd.z, mf.z.map(M.toRows));
    same('matrix.forward a', fwd.a, mf.a.map(M.toRows));
    same('matrix.weightedInput (layer 1)', fwd.z[0], M.toRows(M.weightedInput(mnet.layers[0]!, mX)));
    mnet.layers.forEach((layer, l) => {
      const Z = M.fromRows(fwd.z[l]!);
      same(`matrix.activateMat (layer ${l + 1})`, fwd.z[l]!.map((z) => ref.activate(layer.activation, z, layer.alpha)), M.toRows(M.activateMat(layer, Z)));
      if (layer.activation !== 'softmax') same(`matrix.activateGradMat (layer ${l + 1})`, fwd.z[l]!.map((z) => ref.activateGrad(layer.activation, z, layer.alpha)), M.toRows(M.activateGradMat(layer, Z)));
    });
    const AL = fwd.a[fwd.a.length - 1]!;
    same(`matrix.loss (${loss}) vs the contract's loss`, ref.loss(loss, AL, Y), M.loss(loss, M.fromRows(AL), M.fromRows(Y)));
    const bwd = ref.backward(net, X, Y, loss);
    const mY = M.fromRows(Y);
    const mb = M.backward(mnet, mX, mY, loss);
    same('matrix.backward delta', bwd.delta, mb.delta.map(M.toRows));
    same('matrix.backward gradW', bwd.gradW, mb.gradW.map(M.toRows));
    same('matrix.backward gradB', bwd.gradB, mb.gradB.map((b) => Array.from(b)));
    same('matrix.backward with the forward passed in', bwd.gradW, M.backward(mnet, mX, mY, loss, mf).gradW.map(M.toRows));
    const L = net.layers.length;
    same('matrix.bp1', bwd.delta[L - 1], M.toRows(M.bp1(mnet.layers[L - 1]!, mf.z[L - 1]!, mf.a[L - 1]!, mY, loss)));
    for (let l = 0; l < L - 1; l++) same(`matrix.bp2 (layer ${l + 1})`, bwd.delta[l], M.toRows(M.bp2(mnet.layers[l + 1]!.W, M.fromRows(bwd.delta[l + 1]!), mnet.layers[l]!, mf.z[l]!)));
    for (let l = 0; l < L; l++) {
      same(`matrix.bp3 (layer ${l + 1})`, bwd.gradB[l], Array.from(M.bp3(M.fromRows(bwd.delta[l]!))));
      same(`matrix.bp4 (layer ${l + 1})`, bwd.gradW[l], M.toRows(M.bp4(M.fromRows(bwd.delta[l]!), l === 0 ? mX : mf.a[l - 1]!)));
    }
    for (const act of ['identity', 'sigmoid', 'softmax', 'relu'] as ActivationName[]) {
      for (const l of LOSSES) {
        const want = BP1_SHORTCUT.some(([a, b]) => a === act && b === l);
        if (M.isBp1Shortcut(act, l) !== want || S.usesShortcut(act, l) !== want) throw new PropertyFailure({ what: `isBp1Shortcut / usesShortcut(${act}, ${l})`, expected: String(want), got: `${M.isBp1Shortcut(act, l)} / ${S.usesShortcut(act, l)}`, note: 'the shortcut pairings are sigmoid + bce and softmax + cce (contract/names.ts BP1_SHORTCUT)' });
      }
    }
  },
};

// ── scalar level ────────────────────────────────────────────────────────────────────────────────

export interface ScalarLevelCase {
  /** One identity layer with mse: E(θ) = (1/2B) Σ_x ‖W x + b − y‖², quadratic in every parameter. */
  linear: NetCase;
  /** A direction for scalarLossAlong. */
  dW: number[][];
  db: number[];
  /** Any case, for the agreements with the contract. */
  c: NetCase;
  z: number[];
  act: ActivationName;
  alpha?: number;
}

const scalarLevelArb: fc.Arbitrary<ScalarLevelCase> = fc
  .record({
    linear: netCaseArb({ depth: [1, 1], width: [1, 3], batch: [1, 3], outputs: ['identity'], losses: ['mse'] }),
    c: netCaseArb({ depth: [1, 3], width: [1, 4], batch: [1, 3] }),
    z: fc.array(gridNumber(4), { minLength: 1, maxLength: 4 }),
    act: fc.constantFrom(...ELEMENTWISE_ACTIVATIONS, 'softmax' as const),
    alpha: fc.option(fc.constantFrom(0.05, 0.5, 2), { nil: undefined }),
  })
  .chain((r) => {
    const W = r.linear.net.layers[0]!.W;
    return fc.record({ ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fc.constant(v)])), dW: matrixArb(W.length, W[0]!.length, gridNumber(1)), db: fc.array(gridNumber(1), { minLength: W.length, maxLength: W.length }) }) as fc.Arbitrary<ScalarLevelCase>;
  });

/** ∂E/∂W_jk = mean_x (z_j − y_j) x_k and ∂E/∂b_j = mean_x (z_j − y_j) for one identity layer with mse, in Decimal. */
function linearGradient(c: NetCase): { W: Decimal[][]; b: Decimal[] } {
  const { W, b } = c.net.layers[0]!;
  const r = c.X.map((x, i) => W.map((row, j) => row.reduce((s, w, k) => s.plus(D.of(w).times(D.of(x[k]!))), D.of(b[j]!)).minus(D.of(c.Y[i]![j]!))));
  const B = c.X.length;
  return {
    W: W.map((row, j) => row.map((_w, k) => c.X.reduce((s, x, i) => s.plus(r[i]![j]!.times(D.of(x[k]!))), D.zero).div(B))),
    b: b.map((_b, j) => r.reduce((s, ri) => s.plus(ri[j]!), D.zero).div(B)),
  };
}


export const scalarLevel: Property<ScalarLevelCase> = {
  id: 'reference.scalar-level',
  concept:
    'the scalar level the reference exports (centralDifference, scalarLossAt, scalarLossAlong, lossEvaluator, scalarLoss, the conversions, the scalar and Decimal subjects) agrees with a derivative known in closed form and with the contract functions it mirrors (000 BP1–BP4; 003 "Two ways to compute gradients")',
  requires: [],
  defaultRuns: 20,
  arbitrary: () => scalarLevelArb,
  check(_s, c) {
    // central differences of a loss quadratic in each parameter are exact: they must give the known gradient
    const { net, X, Y } = c.linear;
    const fnet = S.netToField(D, net);
    const h = D.of(2 ** -10);
    const g = linearGradient(c.linear);
    const ev = S.lossEvaluator(D, fnet, X, Y, 'mse');
    // E(θ) itself: (1/2B) Σ‖Wx + b − y‖²
    const E = c.linear.X.reduce((s, x, i) => net.layers[0]!.W.reduce((t, row, j) => {
      const r = row.reduce((q, w, k) => q.plus(D.of(w).times(D.of(x[k]!))), D.of(net.layers[0]!.b[j]!)).minus(D.of(Y[i]![j]!));
      return t.plus(r.times(r));
    }, s), D.zero).div(2 * X.length);
    // E at 50 digits is off by u_dec |E| at most (a few hundred operations: 10 u_dec), and a difference
    // quotient divides that by h; the quotient of a quadratic is otherwise exact
    const tol = (want: Decimal) => E.abs().plus(1).times(10 * UNIT_ROUNDOFF.decimal).div(h).plus(want.abs().times(DECIMAL_AGREEMENT));
    const closeD = (what: string, want: Decimal, got: Decimal) => {
      if (!(got.minus(want).abs().lte(tol(want)))) throw new PropertyFailure({ what, expected: want.toString(), got: got.toString(), note: 'the loss is quadratic in the parameter: the central difference is the derivative' });
    };
    net.layers[0]!.W.forEach((row, j) =>
      row.forEach((_w, k) => {
        const at = { layer: 0, kind: 'W' as const, j, k };
        closeD(`centralDifference at W[${j}][${k}]`, g.W[j]![k]!, S.centralDifference(D, fnet, X, Y, 'mse', at, h));
        closeD(`lossEvaluator.centralDifference at W[${j}][${k}]`, g.W[j]![k]!, ev.centralDifference(at, h));
        closeD(`lossEvaluator.at vs scalarLossAt at W[${j}][${k}]`, S.scalarLossAt(D, fnet, X, Y, 'mse', at, h), ev.at(at, h));
      }),
    );
    net.layers[0]!.b.forEach((_b, j) => {
      const at = { layer: 0, kind: 'b' as const, j };
      closeD(`centralDifference at b[${j}]`, g.b[j]!, S.centralDifference(D, fnet, X, Y, 'mse', at, h));
      closeD(`lossEvaluator.centralDifference at b[${j}]`, g.b[j]!, ev.centralDifference(at, h));
    });
    // along a direction d: (E(θ + h d) − E(θ − h d))/2h = dᵀ∇E exactly
    const dDot = c.dW.reduce((s, row, j) => row.reduce((t, d, k) => t.plus(D.of(d).times(g.W[j]![k]!)), s), D.zero).plus(c.db.reduce((s, d, j) => s.plus(D.of(d).times(g.b[j]!)), D.zero));
    const dir = { W: [c.dW], b: [c.db] };
    const along = S.scalarLossAlong(D, fnet, X, Y, 'mse', dir, h).minus(S.scalarLossAlong(D, fnet, X, Y, 'mse', dir, h.neg())).div(h.times(2));
    closeD('scalarLossAlong: the central difference along d vs dᵀ∇E', dDot, along);
    closeD('scalarLoss (Decimal) vs (1/2B) Σ‖Wx + b − y‖²', E, S.scalarLoss(D, net, X, Y, 'mse'));
    closeD('lossEvaluator.base', E, ev.base);
    closeD('decimalLoss', E, S.decimalLoss(net, X, Y, 'mse'));
    // perturbNet and moveNet move exactly the parameters they name
    const moved = S.perturbNet(D, fnet, { layer: 0, kind: 'W', j: 0, k: 0 }, h);
    same('perturbNet: W[0][0] + h', D.toNumber(fnet.layers[0]!.W[0]![0]!.plus(h)), D.toNumber(moved.layers[0]!.W[0]![0]!));
    same('perturbNet: the other parameters', S.paramsOf(fnet).b.map((v) => v.map(D.toNumber)), S.paramsOf(moved).b.map((v) => v.map(D.toNumber)));
    const mv = S.moveNet(D, fnet, dir, h);
    same('moveNet: θ + h d', [net.layers[0]!.W.map((r, j) => r.map((w, k) => D.toNumber(D.of(w).plus(h.times(D.of(c.dW[j]![k]!)))))), net.layers[0]!.b.map((b, j) => D.toNumber(D.of(b).plus(h.times(D.of(c.db[j]!)))))], [mv.layers[0]!.W.map((r) => r.map(D.toNumber)), mv.layers[0]!.b.map(D.toNumber)]);

    // the conversions give back the numbers they converted
    const any = c.c;
    const fn64 = S.netToField(float64, any.net);
    same('netToField: W, b', [any.net.layers.map((l) => l.W), any.net.layers.map((l) => l.b)], [S.paramsOf(fn64).W, S.paramsOf(fn64).b]);
    same('netToField: α resolved', any.net.layers.map((l) => l.alpha ?? (l.activation === 'leaky_relu' ? 0.01 : l.activation === 'elu' ? 1 : 0)), fn64.layers.map((l) => l.alpha));
    same('matrixToNumbers(matrixToField(X))', any.X, S.matrixToNumbers(D, S.matrixToField(D, any.X)));
    same('vectorToNumbers(vectorToField(x))', any.X[0], S.vectorToNumbers(D, S.vectorToField(D, any.X[0]!)));
    same('tensorToNumbers', [any.X], S.tensorToNumbers(D, [S.asFieldMatrix(D, any.X)]));
    if (!S.isFieldNet(fn64) || S.isFieldNet(any.net)) throw new PropertyFailure({ what: 'isFieldNet', expected: 'true for netToField(net), false for a plain net', got: `${S.isFieldNet(fn64)}, ${S.isFieldNet(any.net)}` });

    // the scalar subjects and scalarLoss against the contract
    const sF = S.scalarSubject.fns;
    const f = sF.forward!(any.net, any.X) as ReturnType<typeof ref.forward>;
    const AL = f.a[f.a.length - 1]!;
    same('scalarLoss (float64) vs the contract loss of the scalar forward', ref.loss(any.loss, AL, any.Y), S.scalarLoss(float64, any.net, any.X, any.Y, any.loss));
    same('scalarSubject.loss vs the contract loss', ref.loss(any.loss, AL, any.Y), sF.loss!(any.loss, AL, any.Y));
    same('scalarSubject.activate vs the contract activate', ref.activate(c.act, c.z, c.alpha), sF.activate!(c.act, c.z, c.alpha));
    if (c.act !== 'softmax') same('scalarSubject.activateGrad vs the contract activateGrad', ref.activateGrad(c.act, c.z, c.alpha), sF.activateGrad!(c.act, c.z, c.alpha));
    const dF = S.decimalSubject.fns;
    const u = UNIT_ROUNDOFF.float64;
    near('decimalSubject.activate vs the contract activate', ref.activate(c.act, c.z, c.alpha), dF.activate!(c.act, c.z, c.alpha), (_p, v) => activationBound(v, u));
    if (c.act !== 'softmax') near('decimalSubject.activateGrad vs the contract activateGrad', ref.activateGrad(c.act, c.z, c.alpha), dF.activateGrad!(c.act, c.z, c.alpha), (_p, v) => activationBound(v, u));
    const dl = dF.loss!(any.loss, AL, any.Y) as number;
    const terms = AL.reduce((s, a, i) => s + a.reduce((t, ai, j) => t + Math.abs(any.loss === 'mse' ? (ai - any.Y[i]![j]!) ** 2 / 2 : Math.log(Math.max(Math.min(ai, 1 - 1e-300), 1e-300)) + 1), 0), 0);
    near('decimalSubject.loss vs the contract loss', ref.loss(any.loss, AL, any.Y), dl, (_p, v) => FIRST_ORDER_SAFETY * (gamma(AL[0]!.length + AL.length + 4, u) + 4 * u) * (terms / AL.length + Math.abs(v)) + RESULT_ROUNDING * Math.abs(v));
    const df = S.decimalForward(any.net, any.X);
    same('decimalForward rounded vs decimalSubject.forward', dF.forward!(any.net, any.X), { z: S.tensorToNumbers(D, df.z), a: S.tensorToNumbers(D, df.a) });
    const db = S.decimalBackward(any.net, any.X, any.Y, any.loss);
    same('decimalBackward rounded vs decimalSubject.backward', dF.backward!(any.net, any.X, any.Y, any.loss), { delta: S.tensorToNumbers(D, db.delta), gradW: S.tensorToNumbers(D, db.gradW), gradB: S.matrixToNumbers(D, db.gradB) });
  },
};

// ── optimizer level ─────────────────────────────────────────────────────────────────────────────

export interface OptimizerLevelCase {
  opt: Optimizer;
  params: Params;
  grads: Params[];
}

export const optimizerLevel: Property<OptimizerLevelCase> = {
  id: 'reference.optimizer-level',
  concept:
    "the optimizer level the reference exports agrees with the contract's step: stepDecimal with the rules unrolled into sums in Decimal, stepIn in float64 with step, initialState with empty slots (002 'Tricks of the trade')",
  requires: [],
  defaultRuns: 30,
  arbitrary: () =>
    fc.record({ opt: genericOptimizerArb(), shape: shapeArb, steps: fc.integer({ min: 1, max: 4 }) }).chain(({ opt, shape, steps }) =>
      fc.record({ opt: fc.constant(opt), params: paramsArb(shape), grads: fc.array(paramsArb(shape), { minLength: steps, maxLength: steps }) }),
    ),
  check(_s, c) {
    const flat = (p: Params) => [...p.W.flat(2), ...p.b.flat()];
    const w0 = flat(c.params);
    const truth = w0.map((w, i) => unrolledTrajectory(c.opt, w, c.grads.map((g) => flat(g)[i]!)));
    const abs = w0.map((_w, i) => unrolledTrajectory(c.opt, 0, c.grads.map((g) => Math.abs(flat(g)[i]!))));
    const u = UNIT_ROUNDOFF.float64;
    // stepDecimal computes each step in 50 digits but hands back w and the slots rounded to float64, and
    // resumes from those: each step adds ½ ulp of w and of every slot, which the update carries relative
    // to its gauge |Δ^abs| (optimizer.unrolled-formula) — 2u (|w_t| + |Δ^abs_t|) a step, doubled
    let acc = w0.map(() => 0);
    let pDec = c.params;
    let sDec: unknown = null;
    let p64 = c.params;
    let s64: unknown = null;
    let pIn = paramsTo(float64, c.params);
    let sIn: ReturnType<typeof stepIn<number>>['state'] | null = null;
    c.grads.forEach((g, t) => {
      const rd = stepDecimal(c.opt, pDec, g, JSON.parse(JSON.stringify(sDec)));
      pDec = rd.params;
      sDec = rd.state;
      acc = acc.map((e, i) => e + FIRST_ORDER_SAFETY * 2 * u * (Math.abs(truth[i]![t]!) + Math.abs(abs[i]![t]! - (t === 0 ? 0 : abs[i]![t - 1]!))));
      near(`stepDecimal after step ${t + 1} vs the unrolled sums (Decimal)`, truth.map((tr) => tr[t]!), flat(pDec), (p, v) => acc[p[0]!]! + RESULT_ROUNDING * Math.abs(v));
      const r64 = refStep(c.opt, p64, g, s64);
      const ri = stepIn(float64, c.opt, pIn, paramsTo(float64, g), sIn);
      same(`stepIn(float64) after step ${t + 1} vs step`, flat(r64.params), flat(paramsToNumber(float64, ri.params)));
      p64 = r64.params;
      s64 = r64.state;
      pIn = ri.params;
      sIn = ri.state;
      const st = r64.state as { name: string; t: number };
      if (st.name !== c.opt.name || st.t !== t + 1) throw new PropertyFailure({ what: `the state after step ${t + 1}`, expected: `name ${c.opt.name}, t = ${t + 1}`, got: `name ${st.name}, t = ${st.t}` });
    });
    for (const name of OPTIMIZERS) {
      const s0 = initialState(float64, name, paramsTo(float64, c.params));
      const want = { sgd: [], momentum: ['v'], adagrad: ['r'], rmsprop: ['r'], adam: ['m', 'v'] }[name];
      same(`OPTIMIZER_SLOTS.${name}`, want.length, OPTIMIZER_SLOTS[name].length);
      if (s0.t !== 0 || s0.name !== name || want.some((k, i) => OPTIMIZER_SLOTS[name][i] !== k)) throw new PropertyFailure({ what: `initialState(${name})`, expected: `t = 0, slots ${want.join(', ') || 'none'}`, got: `t = ${s0.t}, slots ${Object.keys(s0.slots).join(', ') || 'none'}` });
      for (const k of want) same(`initialState(${name}).slots.${k}`, flat({ W: c.params.W.map((W) => W.map((r) => r.map(() => 0))), b: c.params.b.map((b) => b.map(() => 0)) }), flat(s0.slots[k]!));
    }
  },
};

export const levelProperties: Property[] = [matrixLevel, scalarLevel, optimizerLevel];

