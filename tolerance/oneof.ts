/**
 * OneOf: an expected element with several right answers — where the mathematics is undefined (0/0 in an
 * optimizer step), both the contract's value and NaN are right (docs/contract.md, "Undefined means
 * accepted"). The one comparator (engine/compare.ts) accepts an answer matching ANY of its values, each
 * under the element's bound; the expected side (conventions/) produces it. Its first value is the
 * contract's own.
 */
/** An expected element with several right answers (each compared with the element's bound). */
export class OneOf {
  readonly values: readonly number[];
  /** Why there is more than one (shown with a failure), e.g. "0/0: unchanged or NaN". */
  readonly why: string;
  constructor(values: readonly number[], why = '') {
    this.values = values;
    this.why = why;
  }
  toJSON(): unknown {
    return { oneOf: this.values.map((v) => (Number.isFinite(v) ? v : String(v))), ...(this.why ? { why: this.why } : {}) };
  }
}

export function isOneOf(x: unknown): x is OneOf {
  return x instanceof OneOf;
}
