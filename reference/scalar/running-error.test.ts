import type { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNIT_ROUNDOFF, gamma } from '../../tolerance/model.js';
import type { Net } from '../../contract/types.js';
import { decimal50, float64 } from '../field.js';
import { decimalBackward, decimalForward, decimalLoss, exactOf, runningErrorField, scalarBackward, scalarForward, scalarLoss, type Tracked } from './index.js';
import { PAIRS, caseArb } from './test-helpers.js';

const D = decimal50;
const SEED = Number(process.env.NN_ORACLE_SEED ?? 20261124); // replay: NN_ORACLE_SEED=<seed> npx vitest run <this file>
const RUNS = Number(process.env.NN_ORACLE_RUNS ?? 15);
const SMOOTH = new Set(['identity', 'sigmoid', 'tanh', 'softplus', 'softmax']);
/** Rounding of the Decimal computation itself (50 digits, at most ~10⁴ operations on these nets). */
const DEC_REL = gamma(1e4, UNIT_ROUNDOFF.decimal);

/** Marks a value whose bound is infinite (division by a quantity its own error could make 0). */
const OUTSIDE = 'outside';

/** Walks tracked, float64 and Decimal nested arrays together; returns the first violation, OUTSIDE, or null. */
function check(tr: unknown, f64: unknown, dec: unknown, path = ''): string | null {
  if (Array.isArray(tr)) {
    let outside = false;
    for (let i = 0; i < tr.length; i++) {
      const r = check(tr[i], (f64 as unknown[])[i], (dec as unknown[])[i], `${path}[${i}]`);
      if (r && r !== OUTSIDE) return r;
      if (r === OUTSIDE) outside = true;
    }
    return outside ? OUTSIDE : null;
  }
  const { v, e } = tr as Tracked;
  if (!Object.is(v, f64)) return `${path}: running-error value ${v} is not the float64 result ${String(f64)}`;
  const d = dec as Decimal;
  if (!Number.isFinite(e) || !d.isFinite() || !Number.isFinite(v)) return OUTSIDE; // no bound to check here
  const diff = D.abs(D.sub(exactOf(D, v), d));
  const allowed = D.add(exactOf(D, e), D.mul(D.abs(d), exactOf(D, DEC_REL)));
  return D.gt(diff, allowed) ? `${path}: |float64 − Decimal| = ${diff.toExponential(3)} > bound ${e}` : null;
}

describe('float64 vs Decimal within the running error bound of the float64 computation', () => {
  for (const [act, loss] of PAIRS) {
    it(`${act} + ${loss}: forward, loss and backward`, () => {
      let inside = 0;
      fc.assert(
        fc.property(caseArb(act, loss), ({ net, X, Y, loss: l }) => {
          const R = runningErrorField();
          const trF = scalarForward(R.F, net, X);
          const trB = scalarBackward(R.F, net, X, Y, l);
          const trL = scalarLoss(R.F, net, X, Y, l);
          const smooth = net.layers.every((layer) => SMOOTH.has(layer.activation));
          fc.pre(smooth || R.ambiguous() === 0); // a kink the rounding could cross: no bound
          const f64F = scalarForward(float64, net, X);
          const f64B = scalarBackward(float64, net, X, Y, l);
          const decF = decimalForward(net, X);
          const decB = decimalBackward(net, X, Y, l);
          const results = [
            check(trF.z, f64F.z, decF.z, 'z'),
            check(trF.a, f64F.a, decF.a, 'a'),
            check(trL, scalarLoss(float64, net, X, Y, l), decimalLoss(net, X, Y, l), 'loss'),
            check(trB.delta, f64B.delta, decB.delta, 'delta'),
            check(trB.gradW, f64B.gradW, decB.gradW, 'gradW'),
            check(trB.gradB, f64B.gradB, decB.gradB, 'gradB'),
          ];
          const bad = results.find((r) => r !== null && r !== OUTSIDE);
          if (bad) throw new Error(bad);
          // entries with an infinite bound (an output that is 0 or 1 in float64, a division by a
          // quantity its own error could make 0) are skipped; count the cases checked everywhere
          if (!results.includes(OUTSIDE)) inside++;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // the test must not pass by skipping: most random small nets are inside the bound's domain
      expect(inside).toBeGreaterThan(RUNS / 2);
    });
  }

  it('the bound is not vacuous: on a tanh/sigmoid net it is within a few hundred u of the gradient scale', () => {
    const net: Net = {
      layers: [
        { W: [[0.3, -0.7], [1.1, 0.2]], b: [0.1, -0.2], activation: 'tanh' },
        { W: [[0.5, -1.2]], b: [0.3], activation: 'sigmoid' },
      ],
    };
    const R = runningErrorField();
    const g = scalarBackward(R.F, net, [[0.5, -1]], [[1]], 'bce');
    const worst = Math.max(...g.gradW.flat(2).map((x) => x.e));
    const scale = Math.max(...g.gradW.flat(2).map((x) => Math.abs(x.v)));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(gamma(1000, UNIT_ROUNDOFF.float64) * scale);
  });

  it('a planted error of a few ulps in a float64 result is caught by the bound', () => {
    const net: Net = { layers: [{ W: [[0.3, -0.7]], b: [0.1], activation: 'sigmoid' }] };
    const R = runningErrorField();
    const tr = scalarBackward(R.F, net, [[0.5, -1]], [[1]], 'mse');
    const dec = decimalBackward(net, [[0.5, -1]], [[1]], 'mse');
    const v = tr.gradW[0]![0]![0]!;
    const planted = { v: v.v + 64 * Math.abs(v.v) * Number.EPSILON, e: v.e };
    expect(check(v, v.v, dec.gradW[0]![0]![0]!)).toBeNull();
    expect(check(planted, planted.v, dec.gradW[0]![0]![0]!)).not.toBeNull();
  });

  it('counts comparisons the rounding could flip (relu at a z that is 0 up to rounding)', () => {
    const R = runningErrorField();
    scalarForward(R.F, { layers: [{ W: [[0.1, 0.2]], b: [-0.30000000000000004], activation: 'relu' }] }, [[1, 1]]);
    expect(R.ambiguous()).toBeGreaterThan(0);
  });
});
