/**
 * An expected value that accepts any of several numbers: where the mathematics is undefined, the
 * contract accepts more than one answer (docs/contract.md, "Undefined means accepted").
 *
 * The one place this arises today is an optimizer step whose denominator is exactly 0 (√r + ε = 0:
 * ε = 0 and nothing accumulated yet): η·g/0 with g = 0 is 0/0. The contract leaves w unchanged there;
 * every library tried computes the division and returns NaN. With the default convention
 * `optimizer-zero-over-zero=either` the expected weight is `new OneOf([w, NaN])`, and a comparator
 * accepts an answer when it matches ANY of the values (each under the same allowed error).
 *
 * Expected results are ordinary JSON-like trees whose numbers may be OneOf (`Expected<T>`). The first
 * value of a OneOf is the contract's own value (the one to derive error bounds from, to print first,
 * and the one a strict consumer would use): `primaryValue`, `primaryValues`.
 * In JSON (fixtures, --format json reports) a OneOf is `{ "oneOf": [0.5, "NaN"] }`, non-finite values
 * as the protocol's strings (contract/protocol.ts).
 */

/** Several accepted values for one expected element; `values[0]` is the contract's own. */
export class OneOf {
  readonly values: readonly number[];
  constructor(values: readonly number[]) {
    if (values.length === 0) throw new TypeError('OneOf needs at least one value');
    this.values = Object.freeze([...values]);
  }

  /** Whether `got` matches one of the values: exactly for non-finite ones, within `allowed` otherwise. */
  accepts(got: unknown, allowed: number): boolean {
    return this.values.some((v) => matchesNumber(v, got, allowed));
  }

  /** The JSON form: `{ oneOf: [...] }`, non-finite values as the protocol's strings. */
  toJSON(): { oneOf: (number | string)[] } {
    return { oneOf: this.values.map((v) => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity')) };
  }

  toString(): string {
    return `one of ${this.values.map(String).join(', ')}`;
  }
}

/** A tree like T whose numbers may be OneOf: what an expected side returns. */
export type Expected<T> = T extends number ? number | OneOf : T extends readonly (infer E)[] ? Expected<E>[] : T extends object ? { [K in keyof T]: Expected<T[K]> } : T;

export function isOneOf(x: unknown): x is OneOf {
  return x instanceof OneOf;
}

/**
 * A OneOf of the distinct values (NaN counted once, 0 and −0 as one), or the single number when only
 * one remains. Order is kept: the first value stays first.
 */
export function oneOf(values: readonly number[]): number | OneOf {
  const out: number[] = [];
  for (const v of values) if (!out.some((u) => u === v || (Number.isNaN(u) && Number.isNaN(v)))) out.push(v);
  return out.length === 1 ? out[0]! : new OneOf(out);
}

/** The accepted values of an expected element (a plain number accepts itself). */
export function acceptedValues(x: number | OneOf): readonly number[] {
  return x instanceof OneOf ? x.values : [x];
}

/** The contract's value of an expected element: the number itself, or a OneOf's first value. */
export function primaryValue(x: number | OneOf): number {
  return x instanceof OneOf ? x.values[0]! : x;
}

/** The expected tree with every OneOf replaced by its first value (for error bounds, and strict consumers). */
export function primaryValues<T>(x: Expected<T>): T {
  if (x instanceof OneOf) return x.values[0] as T;
  if (Array.isArray(x)) return x.map((e) => primaryValues(e)) as T;
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, primaryValues(v)])) as T;
  return x as T;
}

/** Whether an expected tree holds any OneOf. */
export function hasOneOf(x: unknown): boolean {
  if (x instanceof OneOf) return true;
  if (Array.isArray(x)) return x.some(hasOneOf);
  if (x !== null && typeof x === 'object') return Object.values(x).some(hasOneOf);
  return false;
}

/**
 * The comparison rule for one expected number (the same as tolerance/model.ts `firstMismatch`): equal
 * as values (NaN only to NaN, an infinity only to itself), else both finite and |got − expected| ≤ allowed.
 */
export function matchesNumber(expected: number, got: unknown, allowed: number): boolean {
  if (typeof got !== 'number') return false;
  if (Object.is(expected, got) || expected === got) return true;
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return false;
  return Math.abs(expected - got) <= allowed;
}
