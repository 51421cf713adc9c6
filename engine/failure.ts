/**
 * PropertyFailure: the typed error a property throws when it does not hold. It says what differed,
 * what was expected, what came, the allowed error and where (layer, example, index), so the report a
 * user reads is the mathematics, not a stack trace.
 */
import type { Mismatch } from './compare.js';

export interface FailureDetails {
  /** What was compared, e.g. "delta (BP2)", "gradW vs central difference". */
  what: string;
  expected?: number | string;
  got?: number | string;
  /** The allowed error at that element (from the tolerance model). */
  allowed?: number;
  /** 1-based layer in the notes' numbering. */
  layer?: number;
  /** Index path inside the compared value, e.g. [example, unit] or [row, column]. */
  index?: number[];
  /** Anything else worth saying (the formula, the bound's ingredients). */
  note?: string;
}

function fmt(x: number | string | undefined): string {
  if (x === undefined) return '?';
  if (typeof x === 'string') return x;
  return String(x); // the shortest string that reads back as x
}

/**
 * The mark every PropertyFailure carries: a second copy of this module (a test that re-imports the
 * properties after vi.resetModules, a bundle that inlines it) makes its own class, and `instanceof`
 * alone would then call a law's failure a crash of the check.
 */
const FAILURE_MARK = Symbol.for('nn-oracle.PropertyFailure');

export class PropertyFailure extends Error {
  readonly details: FailureDetails;
  readonly [FAILURE_MARK] = true;
  constructor(details: FailureDetails) {
    const where = [details.layer !== undefined ? `layer ${details.layer}` : '', details.index?.length ? `index [${details.index.join(', ')}]` : '']
      .filter(Boolean)
      .join(', ');
    const parts = [`${details.what}${where ? ` at ${where}` : ''}`];
    if (details.expected !== undefined || details.got !== undefined) {
      parts.push(`expected ${fmt(details.expected)}, got ${fmt(details.got)}`);
      if (typeof details.expected === 'number' && typeof details.got === 'number') {
        parts.push(`|difference| ${fmt(Math.abs(details.expected - details.got))}`);
      }
    }
    if (details.allowed !== undefined) parts.push(`allowed ${fmt(details.allowed)}`);
    if (details.note) parts.push(details.note);
    super(parts.join('; '));
    this.name = 'PropertyFailure';
    this.details = details;
  }

  /** From a comparator Mismatch; `layerOf` maps the mismatch path to a layer when the value is per layer. */
  static fromMismatch(what: string, m: Mismatch, opts: { perLayer?: boolean; note?: string } = {}): PropertyFailure {
    const [first, ...rest] = m.path;
    const shape = m.allowed === 0 && Number.isNaN(m.got) ? 'shape or type differs: ' : '';
    return new PropertyFailure({
      what: shape + what,
      expected: m.expected,
      got: m.got,
      allowed: m.allowed,
      layer: opts.perLayer && first !== undefined ? first + 1 : undefined,
      index: opts.perLayer ? rest : m.path,
      note: opts.note,
    });
  }
}

/** Throws a PropertyFailure built from the first mismatch, if any. */
export function assertNoMismatch(m: Mismatch | null, what: string, opts: { perLayer?: boolean; note?: string } = {}): void {
  if (m) throw PropertyFailure.fromMismatch(what, m, opts);
}

export function isPropertyFailure(e: unknown): e is PropertyFailure {
  return e instanceof PropertyFailure || (typeof e === 'object' && e !== null && (e as { [FAILURE_MARK]?: unknown })[FAILURE_MARK] === true && 'details' in e);
}
