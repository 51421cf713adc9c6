/**
 * gradient.finite-difference: the subject's backward is the gradient of the batch-mean loss.
 *
 * The gradient ∂E/∂θ is compared with central differences (E(θ + h e) − E(θ − h e)) / 2h of the
 * batch-mean loss computed in Decimal (50 digits, h = 1e-15): full per coordinate on small nets,
 * and along random directions d on larger ones — dᵀ∇E against (E(θ + h d) − E(θ − h d)) / 2h, as
 * PyTorch's fast gradcheck does. The Decimal difference quotient equals the exact gradient to ~1e-25
 * (tolerance/model.ts), so the allowed error is the subject's own rounding (backpropErrorBounds).
 * Inputs within KINK_MARGIN of a kink are skipped: a kink breaks central differences (the kink
 * conventions are checked by fact.kink-conventions).
 */
import * as fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { DECIMAL_FD_STEP, RESULT_ROUNDING, UNIT_ROUNDOFF, allowedAt, boundAt, dotErrorBound } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import type { BackwardResult, Subject } from '../contract/types.js';
import { decimal50 } from '../reference/field.js';
import { lossEvaluator, scalarLossAlong } from '../reference/scalar/index.js';
import { createRng } from '../reference/learning/rng.js';
import { KINK_ACTIVATIONS, netCaseArb, parameterCount, type NetCase, type NetOptions } from './arbitraries.js';
import { call } from './engine.js';
import { boundsForSubject, kinkDistance, truthOf } from './exact.js';
import { PropertyFailure, assertNoMismatch } from './failure.js';
import type { Property } from './types.js';

/** Nets with at most this many parameters are checked coordinate by coordinate. */
export const FULL_FD_MAX_PARAMS = 24;
/** Random directions per larger net. */
export const FD_DIRECTIONS = 2;
/**
 * Inputs of kink activations closer than this to 0 are skipped: the Decimal step moves z by at most
 * h·Σ|a| ≲ 1e-13 here, and the subject's own z error is ≲ 1e-13 (its bound), so 1e-9 clears both.
 */
export const KINK_MARGIN = 1e-9;

export interface FdInput {
  c: NetCase;
  directionSeed: number;
}

/** Shapes the property sweeps (every activation × loss, depth 1–4, width 1–8, batch 1–5). */
export const FD_NETS: NetOptions = { kinkZeros: false };

export function checkShapes(got: BackwardResult, c: NetCase): void {
  const m = firstMismatch(
    { gradW: c.net.layers.map((l) => l.W), gradB: c.net.layers.map((l) => l.b) },
    { gradW: got?.gradW, gradB: got?.gradB },
    () => Infinity,
  );
  if (m) throw new PropertyFailure({ what: 'backward result has the wrong shape', expected: m.expected, got: m.got, index: m.path, note: 'gradW[l] must be shaped like W[l], gradB[l] like b[l]' });
}

export interface FdOptions {
  /** Nets with at most this many parameters are checked per coordinate (default FULL_FD_MAX_PARAMS). */
  fullMaxParams?: number;
  /** Random directions per larger net (default FD_DIRECTIONS). */
  directions?: number;
  /** The nets swept (default FD_NETS). */
  nets?: NetOptions;
}

/** The property with other settings (tests use it to force the directional path). */
export function finiteDifferenceProperty(opts: FdOptions = {}): Property<FdInput> {
  const fullMax = opts.fullMaxParams ?? FULL_FD_MAX_PARAMS;
  const directions = opts.directions ?? FD_DIRECTIONS;
  const netOpts = { ...FD_NETS, ...opts.nets };
  return {
    ...finiteDifference,
    arbitrary: () => fc.record({ c: netCaseArb(netOpts), directionSeed: fc.integer() }),
    check: (subject, input) => checkFiniteDifference(subject, input, fullMax, directions),
  };
}

export const finiteDifference: Property<FdInput> = {
  id: 'gradient.finite-difference',
  concept: 'backpropagation computes ∂E/∂W and ∂E/∂b of the batch-mean loss (000 BP1–BP4; 003 "BP layer wise"; 004 derivative as sum over paths)',
  requires: ['backward'],
  defaultRuns: 30,
  arbitrary: () => fc.record({ c: netCaseArb(FD_NETS), directionSeed: fc.integer() }),
  check: (subject, input) => checkFiniteDifference(subject, input, FULL_FD_MAX_PARAMS, FD_DIRECTIONS),
};

async function checkFiniteDifference(subject: Subject, { c, directionSeed }: FdInput, fullMax: number, directions: number): Promise<void> {
  const truth = truthOf(c);
  fc.pre(kinkDistance(c, truth, KINK_ACTIVATIONS) > KINK_MARGIN);
  const got = await call(subject, 'backward', c.net, c.X, c.Y, c.loss);
  checkShapes(got, c);
  const bounds = boundsForSubject(c, truth, subject);
  const F = decimal50;
  const h = F.of(DECIMAL_FD_STEP);
  if (parameterCount(c.net) <= fullMax) {
    // Per coordinate: gradW[l][j][k] and gradB[l][j] against central differences (the evaluator
    // reuses the unperturbed layers below the moved parameter; values identical to a full forward).
    const ev = lossEvaluator(F, truth.fnet, c.X, c.Y, c.loss);
    const fdW = c.net.layers.map((layer, l) => layer.W.map((row, j) => row.map((_w, k) => F.toNumber(ev.centralDifference({ layer: l, kind: 'W', j, k }, h)))));
    const fdB = c.net.layers.map((layer, l) => layer.b.map((_b, j) => F.toNumber(ev.centralDifference({ layer: l, kind: 'b', j }, h))));
    assertNoMismatch(
      firstMismatch(fdW, got.gradW, (p, e) => allowedAt(boundAt(bounds.gradW, p), e)),
      'gradW vs the central difference of the batch-mean loss (Decimal)',
      { perLayer: true },
    );
    assertNoMismatch(
      firstMismatch(fdB, got.gradB, (p, e) => allowedAt(boundAt(bounds.gradB, p), e)),
      'gradB vs the central difference of the batch-mean loss (Decimal)',
      { perLayer: true },
    );
    return;
  }
  // Along random directions d ∈ [−1, 1]^P: dᵀ∇E vs (E(θ + h d) − E(θ − h d)) / 2h.
  const rng = createRng(directionSeed);
  for (let r = 0; r < directions; r++) {
    const d = {
      W: c.net.layers.map((l) => l.W.map((row) => row.map(() => rng.uniformIn(-1, 1)))),
      b: c.net.layers.map((l) => l.b.map(() => rng.uniformIn(-1, 1))),
    };
    const plus = scalarLossAlong(F, truth.fnet, c.X, c.Y, c.loss, d, h);
    const minus = scalarLossAlong(F, truth.fnet, c.X, c.Y, c.loss, d, F.neg(h));
    const expected = plus.minus(minus).div(new Decimal(2).times(h)).toNumber();
    let gotDot = 0;
    let dotGauge = 0; // Σ|d_i g_i|, the gauge of the dot product formed below
    let allowed = 0;
    d.W.forEach((M, l) =>
      M.forEach((row, j) =>
        row.forEach((dv, k) => {
          const g = got.gradW[l]![j]![k]!;
          gotDot += dv * g;
          dotGauge += Math.abs(dv * g);
          allowed += Math.abs(dv) * (bounds.gradW[l]![j]![k]! + RESULT_ROUNDING * Math.abs(truth.gradW[l]![j]![k]!));
        }),
      ),
    );
    d.b.forEach((v, l) =>
      v.forEach((dv, j) => {
        gotDot += dv * got.gradB[l]![j]!;
        dotGauge += Math.abs(dv * got.gradB[l]![j]!);
        allowed += Math.abs(dv) * (bounds.gradB[l]![j]! + RESULT_ROUNDING * Math.abs(truth.gradB[l]![j]!));
      }),
    );
    // the dot product dᵀg itself is formed here in float64: γ_P Σ|d g| more
    const P = parameterCount(c.net);
    allowed += dotErrorBound(P, dotGauge, UNIT_ROUNDOFF.float64);
    if (!(Math.abs(gotDot - expected) <= allowed)) {
      throw new PropertyFailure({
        what: `directional derivative dᵀ∇E (direction ${r + 1} of ${directions}, seed ${directionSeed}) vs the central difference along d (Decimal)`,
        expected,
        got: gotDot,
        allowed,
        note: `${P} parameters; d uniform in [−1, 1]^P`,
      });
    }
  }
}

export const gradientProperties: Property[] = [finiteDifference];
