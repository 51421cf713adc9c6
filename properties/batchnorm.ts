/**
 * Batch normalisation properties (notes 002 "Tricks of the trade: batch normalization").
 *
 * Batch norm is not one of the contract's functions, so these check the reference's implementation
 * (reference/learning/batchnorm.ts), injected as a parameter so a test can plant a bug; they run once per
 * `nn-oracle check` whatever the subject.
 *
 * Error bounds. With κ = 1 + max|x|/σ̂ (the cancellation in x − μ relative to the spread), x̂ carries
 * a relative error ≤ γ_{3B+8} κ (mean and variance are B-term sums, then −, √, ÷), and each gradient is
 * a short sum of B terms of that: ≤ γ_{4B+16} κ times its gauge (the same sum with absolute values).
 * Central differences are taken in 50-digit Decimal with step h (DECIMAL_FD_STEP) and their truncation
 * error is estimated by Richardson's rule: |D(h) − D(h/2)| · 4/3 bounds the error of D(h/2) when the
 * third derivative is locally constant, which we double for safety.
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { DECIMAL_FD_STEP, FIRST_ORDER_SAFETY, RESULT_ROUNDING, UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import {
  batchNormBackward as refBackward,
  batchNormForward as refForward,
  batchNormForwardIn,
  batchNormParamsIn,
  type BatchNormParams,
} from '../reference/learning/batchnorm.js';
import { decimal50 } from '../reference/field.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

export interface BnCase {
  X: number[][];
  params: BatchNormParams;
  /** Upstream gradient ∂E/∂y; E = Σ dy ⊙ y is the function differentiated. */
  dy: number[][];
  eps: number;
  mode: 'train' | 'eval';
}

const q = (max: number, den: number) => fc.integer({ min: -max * den, max: max * den }).map((k) => k / den);

function colVar(X: number[][], j: number): number {
  const m = X.reduce((s, r) => s + r[j]!, 0) / X.length;
  return X.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / X.length;
}

export const bnCaseArb: fc.Arbitrary<BnCase> = fc
  .record({ B: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 1, max: 3 }), eps: fc.constantFrom(0, 1e-5, 1e-3), mode: fc.constantFrom('train' as const, 'train' as const, 'eval' as const) })
  .chain(({ B, n, eps, mode }) => {
    const vec = (item: fc.Arbitrary<number>) => fc.array(item, { minLength: n, maxLength: n });
    return fc.record({
      X: fc.array(vec(q(4, 4)), { minLength: B, maxLength: B }),
      params: fc.record({ gamma: vec(q(2, 4)), beta: vec(q(2, 4)), runningMean: vec(q(2, 4)), runningVar: vec(fc.integer({ min: 1, max: 16 }).map((k) => k / 4)) }),
      dy: fc.array(vec(q(2, 4)), { minLength: B, maxLength: B }),
      eps: fc.constant(eps),
      mode: fc.constant(mode),
    });
  })
  // a spread of at least ¼ in every unit (σ̂ ≥ ¼): away from the σ = 0 singularity
  .filter((c) => c.X[0]!.every((_, j) => colVar(c.X, j) >= 1 / 16));

/** E = Σ dy ⊙ y in Decimal, as a function of (X, γ, β). */
function objective(c: BnCase, X: Decimal[][], gamma_: Decimal[], beta: Decimal[]): Decimal {
  const F = decimal50;
  const p = batchNormParamsIn(F, c.params);
  const fwd = batchNormForwardIn(F, X, { ...p, gamma: gamma_, beta }, c.mode, F.of(c.eps), F.of(0.1));
  let s = F.zero;
  fwd.y.forEach((row, i) => row.forEach((v, j) => (s = F.add(s, F.mul(v, F.of(c.dy[i]![j]!))))));
  return s;
}

/** Central difference of E along one coordinate, in Decimal, with Richardson's error estimate. */
function centralDifference(c: BnCase, which: 'x' | 'gamma' | 'beta', i: number, j: number): { value: number; error: number } {
  const F = decimal50;
  const X0 = c.X.map((r) => r.map((v) => F.of(v)));
  const g0 = c.params.gamma.map((v) => F.of(v));
  const b0 = c.params.beta.map((v) => F.of(v));
  const at = (h: Decimal) => {
    const X = X0.map((r, a) => r.map((v, b) => (which === 'x' && a === i && b === j ? F.add(v, h) : v)));
    const g = g0.map((v, b) => (which === 'gamma' && b === j ? F.add(v, h) : v));
    const bb = b0.map((v, b) => (which === 'beta' && b === j ? F.add(v, h) : v));
    return objective(c, X, g, bb);
  };
  const D = (h: Decimal) => F.div(F.sub(at(h), at(F.neg(h))), F.mul(F.of(2), h));
  const h = F.of(DECIMAL_FD_STEP);
  const d1 = D(h);
  const d2 = D(F.div(h, F.of(2)));
  const richardson = F.toNumber(F.abs(F.sub(d1, d2))) * (4 / 3) * 2;
  // rounding of the 50-digit evaluation: u·|E| / h
  const rounding = (UNIT_ROUNDOFF.decimal * (F.toNumber(F.abs(at(F.zero))) + 1)) / DECIMAL_FD_STEP;
  return { value: F.toNumber(d2), error: richardson + 4 * rounding };
}

export function makeBatchNormFdProperty(backward: typeof refBackward = refBackward): Property<BnCase> {
  return {
    id: 'batchnorm.finite-difference',
    concept: 'batch norm backward (∂E/∂x through μ_B and σ²_B, ∂E/∂γ = Σ dy x̂, ∂E/∂β = Σ dy; eval mode affine) matches central differences in 50-digit Decimal (002 "batch normalization")',
    requires: [],
    defaultRuns: 10,
    arbitrary: () => bnCaseArb,
    check(_s, c) {
      const g = backward(c.X, c.params, c.dy, c.mode, { eps: c.eps });
      const f = g.forward;
      const B = c.X.length;
      const u = UNIT_ROUNDOFF.float64;
      const maxX = Math.max(...c.X.flat().map(Math.abs), ...c.params.runningMean.map(Math.abs));
      const sumAbsDy = c.X[0]!.map((_, j) => c.dy.reduce((s, r) => s + Math.abs(r[j]!), 0));
      const sumAbsDyXh = c.X[0]!.map((_, j) => c.dy.reduce((s, r, i) => s + Math.abs(r[j]! * f.xHat[i]![j]!), 0));
      const rel = (j: number) => FIRST_ORDER_SAFETY * gamma(4 * B + 16, u) * (1 + maxX / f.sigma[j]!);
      const compare = (what: 'x' | 'gamma' | 'beta', i: number, j: number, got: number, gauge: number) => {
        const fd = centralDifference(c, what, i, j);
        const allowed = rel(j) * gauge + fd.error + RESULT_ROUNDING * Math.abs(fd.value);
        if (!(Math.abs(got - fd.value) <= allowed)) {
          throw new PropertyFailure({ what: `∂E/∂${what === 'x' ? 'x' : what} (${c.mode} mode, eps = ${c.eps}) vs central difference`, expected: fd.value, got, allowed, index: what === 'x' ? [i, j] : [j] });
        }
      };
      c.X[0]!.forEach((_, j) => {
        const gam = Math.abs(c.params.gamma[j]!);
        for (let i = 0; i < B; i++) {
          const gauge = c.mode === 'eval' ? (Math.abs(c.dy[i]![j]!) * gam) / f.sigma[j]! : (gam / (B * f.sigma[j]!)) * (B * Math.abs(c.dy[i]![j]!) + sumAbsDy[j]! + Math.abs(f.xHat[i]![j]!) * sumAbsDyXh[j]!);
          compare('x', i, j, g.dx[i]![j]!, gauge);
        }
        compare('gamma', 0, j, g.dgamma[j]!, sumAbsDyXh[j]! + sumAbsDy[j]!);
        compare('beta', 0, j, g.dbeta[j]!, sumAbsDy[j]!);
      });
    },
  };
}

export interface InvarianceCase {
  base: BnCase;
  /** Per unit: a power of two scale and a shift. */
  scale: number[];
  shift: number[];
}

export function makeBatchNormInvarianceProperty(forward: typeof refForward = refForward): Property<InvarianceCase> {
  return {
    id: 'batchnorm.shift-scale-invariance',
    concept: 'in train mode batch norm output is invariant to x → a·x + c per unit (a > 0): x̂ = (x − μ_B)/σ_B removes both; exact for the shift with any ε, for the scale with ε = 0 (002 "batch normalization")',
    requires: [],
    defaultRuns: 25,
    arbitrary: () =>
      bnCaseArb.chain((base) => {
        const n = base.X[0]!.length;
        return fc.record({
          base: fc.constant({ ...base, mode: 'train' as const }),
          scale: fc.array(fc.integer({ min: -2, max: 2 }).map((e) => 2 ** e), { minLength: n, maxLength: n }),
          shift: fc.array(q(4, 4), { minLength: n, maxLength: n }),
        });
      }),
    check(_s, { base, scale, shift }) {
      const u = UNIT_ROUNDOFF.float64;
      // the scale only with ε = 0 (with ε > 0 the output depends on a through √(a²σ² + ε)); the shift always
      const a = base.eps === 0 ? scale : scale.map(() => 1);
      const X2 = base.X.map((r) => r.map((x, j) => a[j]! * x + shift[j]!));
      const y1 = forward(base.X, base.params, 'train', { eps: base.eps });
      const y2 = forward(X2, base.params, 'train', { eps: base.eps });
      const B = base.X.length;
      base.X[0]!.forEach((_, j) => {
        const k1 = 1 + Math.max(...base.X.map((r) => Math.abs(r[j]!))) / y1.sigma[j]!;
        const k2 = 1 + Math.max(...X2.map((r) => Math.abs(r[j]!))) / y2.sigma[j]!;
        for (let i = 0; i < B; i++) {
          const scaleY = Math.abs(base.params.gamma[j]!) * (Math.abs(y1.xHat[i]![j]!) + 1);
          const allowed = FIRST_ORDER_SAFETY * gamma(3 * B + 8, u) * (k1 + k2) * scaleY + 2 * u * Math.abs(base.params.beta[j]!) + 2 * u * (Math.abs(y1.y[i]![j]!) + 1);
          const d = Math.abs(y1.y[i]![j]! - y2.y[i]![j]!);
          if (!(d <= allowed)) {
            throw new PropertyFailure({ what: `batch norm output after x → ${a[j]}·x + ${shift[j]} (unit ${j + 1}, eps = ${base.eps})`, expected: y1.y[i]![j]!, got: y2.y[i]![j]!, allowed, index: [i, j] });
          }
        }
      });
    },
  };
}

export const batchNormProperties: Property[] = [makeBatchNormFdProperty(), makeBatchNormInvarianceProperty()];
