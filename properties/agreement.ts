/**
 * Agreement of independent derivations within derived bounds:
 *  - reference.float64-equals-decimal: the subject's forward and backward against the Decimal
 *    reference (50 digits), within the running error bound for the subject's precision;
 *  - reference.matrix-equals-scalar: the subject against the float64 *scalar* path (unit-by-unit sums,
 *    reference/scalar) — for the matrix reference this is "matrix = scalar": two float64 derivations
 *    that share only the activation table agree within the sum of their bounds (each is within its
 *    bound of the exact value).
 */
import { allowedAt, boundAt, type BackpropBounds } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import type { Subject } from '../contract/types.js';
import { scalarSubject } from '../reference/scalar/index.js';
import { netCaseArb, type NetCase } from './arbitraries.js';
import { call } from './engine.js';
import { boundsFor, boundsForSubject, truthOf } from './exact.js';
import { assertNoMismatch } from './failure.js';
import type { Property } from './types.js';

type Part = 'z' | 'a' | 'delta' | 'gradW' | 'gradB';
const PER_EXAMPLE: Record<Part, string> = {
  z: 'index [example, unit]',
  a: 'index [example, unit]',
  delta: 'index [example, unit]',
  gradW: 'index [row j, column k]',
  gradB: 'index [unit]',
};

async function compareAll(
  subject: Subject,
  c: NetCase,
  expected: Record<Part, unknown>,
  bound: (part: Part, path: number[]) => number,
  against: string,
): Promise<void> {
  const f = await call(subject, 'forward', c.net, c.X);
  const b = await call(subject, 'backward', c.net, c.X, c.Y, c.loss);
  const got: Record<Part, unknown> = { z: f?.z, a: f?.a, delta: b?.delta, gradW: b?.gradW, gradB: b?.gradB };
  for (const part of ['z', 'a', 'delta', 'gradW', 'gradB'] as const) {
    assertNoMismatch(
      firstMismatch(expected[part], got[part], (p, e) => allowedAt(bound(part, p), e)),
      `${part} vs ${against}`,
      { perLayer: true, note: PER_EXAMPLE[part] },
    );
  }
}

export const float64EqualsDecimal: Property<NetCase> = {
  id: 'reference.float64-equals-decimal',
  concept: 'forward and backpropagation agree with the same formulas in 50-digit Decimal within the derived rounding bound (000 BP1–BP4; tolerance/model.ts)',
  requires: ['forward', 'backward'],
  defaultRuns: 25,
  arbitrary: () => netCaseArb(),
  async check(subject, c) {
    const truth = truthOf(c);
    const bounds = boundsForSubject(c, truth, subject);
    const expected = { z: truth.values.z, a: truth.values.a, delta: truth.values.delta, gradW: truth.gradW, gradB: truth.gradB };
    await compareAll(subject, c, expected, (part, p) => boundAt(bounds[part], p), 'the Decimal reference (50 digits)');
  },
};

export const matrixEqualsScalar: Property<NetCase> = {
  id: 'reference.matrix-equals-scalar',
  concept: 'the matrix form of backpropagation equals the unit-by-unit sums (002 hidden units; 003 BP layer wise; 004 matrix form for batches)',
  requires: ['forward', 'backward'],
  defaultRuns: 25,
  arbitrary: () => netCaseArb(),
  async check(subject, c) {
    const truth = truthOf(c);
    const mine: BackpropBounds = boundsForSubject(c, truth, subject);
    const theirs: BackpropBounds = boundsFor(c, truth, 'float64');
    const f = scalarSubject.fns.forward!(c.net, c.X) as Awaited<ReturnType<NonNullable<Subject['fns']['forward']>>>;
    const b = scalarSubject.fns.backward!(c.net, c.X, c.Y, c.loss) as Awaited<ReturnType<NonNullable<Subject['fns']['backward']>>>;
    const expected = { z: f.z, a: f.a, delta: b.delta, gradW: b.gradW, gradB: b.gradB };
    await compareAll(subject, c, expected, (part, p) => boundAt(mine[part], p) + boundAt(theirs[part], p), 'the float64 scalar reference (unit-by-unit sums)');
  },
};

export const agreementProperties: Property[] = [matrixEqualsScalar, float64EqualsDecimal];
