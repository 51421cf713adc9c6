/**
 * activation.table-constants: the constants of the activation table that the tolerance model reads —
 * the Lipschitz constant sup|σ′|, the curvature sup|σ″| and the jumps of σ and σ′ at the kink
 * (reference/activations.ts, via tolerance/model.ts `lipschitz`, `secondDerivativeBound`, `kinkJump`) —
 * are measured on the notes' formulas, written here a second time in 50-digit Decimal, by central
 * differences on a grid refined around its largest value. Each constant must bound what is measured
 * (a bound below the truth makes a tolerance too tight: correct code fails) and be tight (within 1%:
 * a bound above it makes the tolerance looser than the derivation says).
 */
import * as fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { ELEMENTWISE_ACTIVATIONS, type ActivationName } from '../contract/names.js';
import { kinkJump, lipschitz, secondDerivativeBound } from '../tolerance/model.js';
import { PropertyFailure } from './failure.js';
import type { Property } from './types.js';

const D = Decimal.clone({ precision: 50 });
type Elementwise = Exclude<ActivationName, 'softmax'>;

/** The notes' activations (000–002), independent of reference/activations.ts. */
function notesFormula(name: Elementwise, alpha: Decimal): (z: Decimal) => Decimal {
  switch (name) {
    case 'identity':
      return (z) => z;
    case 'step':
      return (z) => new D(z.gte(0) ? 1 : 0);
    case 'sigmoid':
      return (z) => new D(1).div(z.neg().exp().plus(1));
    case 'tanh':
      return (z) => {
        const e = z.times(2).exp();
        return e.minus(1).div(e.plus(1));
      };
    case 'relu':
      return (z) => D.max(z, 0);
    case 'leaky_relu':
      return (z) => (z.gt(0) ? z : z.times(alpha));
    case 'softplus':
      return (z) => z.exp().plus(1).ln();
    case 'elu':
      return (z) => (z.gte(0) ? z : z.exp().minus(1).times(alpha));
  }
}

/** Step of the central differences: truncation h²·sup|σ⁗|/12 and rounding 4·10⁻⁵⁰/h² both below 10⁻²⁴. */
const H = new D('1e-12');
/** Nothing is differentiated across the kink at 0: grid points this close to it are left out. */
const KINK_GAP = 1e-6;

/** σ′ and σ″ at z by central differences of σ (z at least KINK_GAP from 0 keeps all three points on one side). */
function derivatives(f: (z: Decimal) => Decimal, z: Decimal): { d1: number; d2: number } {
  const [lo, mid, hi] = [f(z.minus(H)), f(z), f(z.plus(H))];
  return { d1: hi.minus(lo).div(H.times(2)).abs().toNumber(), d2: hi.minus(mid.times(2)).plus(lo).div(H.times(H)).abs().toNumber() };
}

type Sup = { sup: number; at: number };

/** sup over z of |σ′| and of |σ″|: a grid over [−40, 40] (finer on [−4, 4] and near the kink), then refined twice around each best point. */
function suprema(f: (z: Decimal) => Decimal): { d1: Sup; d2: Sup } {
  const grid = new Set<number>();
  for (let k = -80; k <= 80; k++) grid.add(k / 2);
  for (let k = -64; k <= 64; k++) grid.add(k / 16);
  for (const s of [-1, 1]) for (let e = 1; e <= 6; e++) grid.add(s * 10 ** -e);
  const best = { d1: { sup: -Infinity, at: 0 }, d2: { sup: -Infinity, at: 0 } };
  const seen = new Set<number>();
  const probe = (z: number) => {
    if (Math.abs(z) < KINK_GAP || seen.has(z)) return;
    seen.add(z);
    const d = derivatives(f, new D(z));
    for (const k of ['d1', 'd2'] as const) if (d[k] > best[k].sup) best[k] = { sup: d[k], at: z };
  };
  for (const z of grid) probe(z);
  for (const step of [1 / 256, 1 / 8192]) {
    for (const c of [best.d1.at, best.d2.at]) for (let k = -20; k <= 20; k++) probe(c + k * step);
  }
  return best;
}

/** The jumps of σ and σ′ at 0: σ from just below to 0 and on to just above; σ′ one-sided just off 0. */
function jumps(f: (z: Decimal) => Decimal): { value: number; grad: number } {
  const eps = new D('1e-30');
  const [below, at, above] = [f(eps.neg()), f(new D(0)), f(eps)];
  const value = D.max(at.minus(below).abs(), above.minus(at).abs()).toNumber();
  const side = new D(KINK_GAP);
  const grad = Math.abs(derivatives(f, side).d1 - derivatives(f, side.neg()).d1);
  return { value, grad };
}

/** Relative slack of the tightness check: the grid's refinement finds every supremum to well within it. */
const TIGHT = 0.01;
/** The measured jump of a continuous σ is ≈ 10⁻³⁰·L, of σ′ ≈ 10⁻⁶·sup|σ″| (one-sided points KINK_GAP apart). */
const JUMP_SLACK = { value: 1e-20, grad: 1e-5 };

/** What the tolerance model reads of the table (tolerance/model.ts). */
export interface TableConstants {
  lipschitz: typeof lipschitz;
  secondDerivativeBound: typeof secondDerivativeBound;
  kinkJump: typeof kinkJump;
}

/** The measurements depend on the activation (and α where it has one) only: made once per run of the suite. */
const measured = new Map<string, { d1: Sup; d2: Sup; jump: { value: number; grad: number } }>();
const HAS_ALPHA: ReadonlySet<Elementwise> = new Set(['leaky_relu', 'elu']);

function measure(name: Elementwise, alpha: number) {
  const key = HAS_ALPHA.has(name) ? `${name}:${alpha}` : name;
  let m = measured.get(key);
  if (!m) {
    const f = notesFormula(name, new D(alpha));
    m = { ...suprema(f), jump: jumps(f) };
    measured.set(key, m);
  }
  return m;
}

export function makeActivationTableProperty(table: TableConstants = { lipschitz, secondDerivativeBound, kinkJump }): Property<number> {
  return {
    id: 'activation.table-constants',
    concept:
      "the activation table's constants the tolerance model reads — sup|σ′| (Lipschitz), sup|σ″| (curvature), the jumps of σ and σ′ at the kink — bound the notes' formulas and are tight (measured by central differences in 50 digits), for every elementwise activation and a random α",
    requires: [],
    defaultRuns: 6,
    arbitrary: () => fc.integer({ min: 1, max: 32 }).map((k) => k / 8),
    check(_subject, alpha) {
      for (const name of ELEMENTWISE_ACTIVATIONS as readonly Elementwise[]) {
        const where = `${name}${HAS_ALPHA.has(name) ? ` (α = ${alpha})` : ''}`;
        const m = measure(name, alpha);
        const judge = (what: string, bound: number, sup: Sup) => {
          if (!(sup.sup <= bound * (1 + 1e-9) + 1e-12)) {
            throw new PropertyFailure({ what: `${what} of ${where}: the table's bound is below the formula's`, expected: `≥ ${sup.sup} (reached at z = ${sup.at})`, got: bound });
          }
          if (!(bound <= sup.sup * (1 + TIGHT) + 1e-12)) {
            throw new PropertyFailure({ what: `${what} of ${where}: the table's bound is not tight`, expected: `≤ ${sup.sup * (1 + TIGHT)} (sup ${sup.sup} at z = ${sup.at})`, got: bound });
          }
        };
        judge('sup|σ′| (Lipschitz constant)', table.lipschitz(name, alpha), m.d1);
        judge('sup|σ″| (curvature)', table.secondDerivativeBound(name, alpha), m.d2);
        const got = table.kinkJump(name, alpha);
        for (const k of ['value', 'grad'] as const) {
          if (!(Math.abs(got[k] - m.jump[k]) <= JUMP_SLACK[k] * Math.max(1, m.jump[k]))) {
            throw new PropertyFailure({ what: `jump of ${k === 'value' ? 'σ' : 'σ′'} at the kink of ${where}`, expected: m.jump[k], got: got[k] });
          }
        }
      }
    },
  };
}

export const activationTableProperties: Property[] = [makeActivationTableProperty()];
