/**
 * The subjects `nn-oracle check --subject NAME` knows. Each entry loads its subject lazily (the GPU
 * path costs nothing unless asked for). To add one: one entry below.
 */
import { UnknownNameError } from '../contract/errors.js';
import type { Subject } from '../contract/types.js';

export interface SubjectEntry {
  /** One line for --help. */
  readonly description: string;
  /** Creates (or returns) the subject; the caller disposes it when done (subject.dispose?.()). */
  load(): Promise<Subject>;
  /**
   * Multiplies every property's default number of runs (a slow subject, e.g. Decimal arithmetic,
   * runs fewer cases by default so `check` stays quick). Default 1. An explicit --runs is not scaled.
   */
  readonly runsScale?: number;
}

export const SUBJECTS: Readonly<Record<string, SubjectEntry>> = {
  reference: {
    description: 'the float64 matrix reference (reference/matrix): the default',
    load: async () => (await import('../reference/index.js')).referenceSubject,
  },
  scalar: {
    description: 'the float64 scalar reference: unit-by-unit sums (reference/scalar)',
    load: async () => (await import('../reference/scalar/index.js')).scalarSubject,
  },
  decimal: {
    description: 'the scalar reference in 50-digit Decimal, results rounded to float64',
    load: async () => (await import('../reference/scalar/index.js')).decimalSubject,
    runsScale: 0.3,
  },
};

export function subjectNames(): string[] {
  return Object.keys(SUBJECTS);
}

/** The registry entry for `name`, or an UnknownNameError listing the known subjects. */
export function subjectEntry(name: string): SubjectEntry {
  const entry = SUBJECTS[name];
  if (!entry) throw new UnknownNameError('subject', name, subjectNames(), '--subject');
  return entry;
}

export async function loadSubject(name: string): Promise<Subject> {
  return subjectEntry(name).load();
}
