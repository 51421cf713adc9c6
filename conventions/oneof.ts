/**
 * Expected values with several right answers: where the mathematics is undefined, the contract
 * accepts more than one (docs/contract.md, "Undefined means accepted"). The marker is `OneOf`
 * (tolerance/oneof.ts): the comparator accepts an answer matching ANY of its values,
 * each under the element's bound. Here: the tree type of an expected side, and the helpers the expected
 * side and its consumers need.
 *
 * The first value of a OneOf is the contract's own (the one to derive error bounds from, and the one
 * a strict consumer uses): `primaryValues`.
 */
import { OneOf, isOneOf } from '../tolerance/oneof.js';

export { OneOf, isOneOf };

/** A tree like T whose numbers may be OneOf: what an expected side returns. */
export type Expected<T> = T extends number ? number | OneOf : T extends readonly (infer E)[] ? Expected<E>[] : T extends object ? { [K in keyof T]: Expected<T[K]> } : T;

/**
 * A OneOf of the distinct values (NaN counted once, 0 and −0 as one), or the single number when only
 * one remains. Order is kept: the first value stays first.
 */
export function oneOf(values: readonly number[], why = ''): number | OneOf {
  const out: number[] = [];
  for (const v of values) if (!out.some((u) => u === v || (Number.isNaN(u) && Number.isNaN(v)))) out.push(v);
  return out.length === 1 ? out[0]! : new OneOf(out, why);
}

/** The accepted values of an expected element (a plain number accepts itself). */
export function acceptedValues(x: number | OneOf): readonly number[] {
  return isOneOf(x) ? x.values : [x];
}

/** The expected tree with every OneOf replaced by its first value (for error bounds, and strict consumers). */
export function primaryValues<T>(x: Expected<T>): T {
  if (isOneOf(x)) return x.values[0] as T;
  if (Array.isArray(x)) return x.map((e) => primaryValues(e)) as T;
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, primaryValues(v)])) as T;
  return x as T;
}

/** Whether an expected tree holds any OneOf. */
export function hasOneOf(x: unknown): boolean {
  if (isOneOf(x)) return true;
  if (Array.isArray(x)) return x.some(hasOneOf);
  if (x !== null && typeof x === 'object') return Object.values(x).some(hasOneOf);
  return false;
}
