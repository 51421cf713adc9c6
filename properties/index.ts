/**
 * The property pack: every registered property, the engine that runs them against any Subject, and
 * the arbitraries they are built from.
 *
 *   import { contractProperties, assertProperty } from 'nn-oracle/properties';
 *   for (const p of contractProperties) it(p.id, () => assertProperty(p, mySubject), 60_000);
 *
 * Registry: a module with properties exports an array of them; add one import and one spread below.
 */
import { activationTableProperties } from './activation-table.js';
import { agreementProperties } from './agreement.js';
import { autodiffProperties } from './autodiff.js';
import { backpropProperties } from './backprop.js';
import { differentialProperties } from './differential.js';
import { factProperties } from './facts.js';
import { foundationProperties } from './foundations.js';
import { gradientProperties } from './gradient.js';
import { invalidInputProperties } from './invalid.js';
import { learningProperties } from './learning.js';
import { levelProperties } from './levels.js';
import { linearProperties } from './linear.js';
import type { Property } from './types.js';
import { runningErrorProperties } from './running-error.js';
import { xorProperties } from './xor.js';

export const contractProperties: readonly Property[] = [
  ...gradientProperties,
  ...backpropProperties,
  ...agreementProperties,
  ...levelProperties,
  ...invalidInputProperties,
  ...runningErrorProperties,
  ...foundationProperties,
  ...linearProperties,
  ...xorProperties,
  ...factProperties,
  ...activationTableProperties,
  ...autodiffProperties,
  ...learningProperties,
  // float32 subjects only (appliesTo): the accelerated path against the float64 reference
  ...differentialProperties,
];

/**
 * Properties whose expected side is computed by the reference (its 50-digit Decimal scalar path, or the
 * float64 reference for the float32 differential ones) rather than by a law of the notes: for an outside
 * implementation, a failure there means "disagrees with nn-oracle's reference".
 */
const COMPARES_WITH_REFERENCE = /^(gradient\.finite-difference|bp\.bp1|reference\.|differential\.)/;

/** The concept line as `check` prints it: the notes' concept, and "vs the reference" where that is the oracle. */
export function conceptLine(p: { id: string; concept: string }): string {
  return COMPARES_WITH_REFERENCE.test(p.id) ? `${p.concept} [compared with the reference]` : p.concept;
}

/** The ids of all registered properties, in run order. */
export function propertyIds(): string[] {
  return contractProperties.map((p) => p.id);
}

/** The property with this id, or undefined. */
export function findProperty(id: string): Property | undefined {
  return contractProperties.find((p) => p.id === id);
}

export type { Property, PropertyContext } from './types.js';
export {
  DEFAULT_RUNS,
  PropertyAssertionError,
  assertProperty,
  call,
  missingFunctions,
  propertySeed,
  randomSeed,
  replayCommand,
  runProperty,
  runSuite,
  type AssertOptions,
  type ProgressEvent,
  type PropertyResult,
  type PropertyStatus,
  type RunOptions,
  type SuiteOptions,
  type SuiteResult,
} from './engine.js';
export { PropertyFailure, isPropertyFailure, type FailureDetails } from './failure.js';
export * as arbitraries from './arbitraries.js';
export { netCaseArb, netShapeArb, targetsArb, zVectorArb, type NetCase, type NetOptions, type NetShape } from './arbitraries.js';
export { plantedSubject, PLANTED_BUGS, type PlantedBug } from './planted.js';
/** The one comparator (engine/compare.ts): for property writers comparing values with derived bounds. */
export { OneOf, describeDifference, firstDifference, firstMismatch, type Difference, type Mismatch } from '../engine/compare.js';
export { propertyTests, type PropertyTestOptions } from './pack.js';
