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
  accelerated: {
    description: 'the WebGPU path in float32 (accelerated/, Dawn): checked against the float64 reference',
    load: async () => (await import('../accelerated/index.js')).createAcceleratedSubject(),
  },
};

export function subjectNames(): string[] {
  return Object.keys(SUBJECTS);
}

/**
 * `planted:<bug>[+<bug>...]`: a small float64 implementation with planted bugs (properties/planted.ts),
 * to see the suite catch them, e.g. `nn-oracle check --subject planted:bp2-no-sigma-prime`.
 */
async function plantedEntry(name: string): Promise<SubjectEntry | undefined> {
  if (!name.startsWith('planted:')) return undefined;
  const { PLANTED_BUGS, plantedSubject } = await import('../properties/planted.js');
  const bugs = name.slice('planted:'.length).split('+').filter(Boolean);
  for (const b of bugs) {
    if (!(PLANTED_BUGS as readonly string[]).includes(b)) throw new UnknownNameError('planted bug', b, PLANTED_BUGS, '--subject planted:<bug>');
  }
  return { description: `planted bug(s): ${bugs.join(', ') || 'none'}`, load: async () => plantedSubject(bugs as never) };
}

/** The registry entry for `name`, or an UnknownNameError listing the known subjects. */
export async function subjectEntry(name: string): Promise<SubjectEntry> {
  const entry = SUBJECTS[name] ?? (await plantedEntry(name));
  if (!entry) throw new UnknownNameError('subject', name, [...subjectNames(), 'planted:<bug>'], '--subject');
  return entry;
}

export async function loadSubject(name: string): Promise<Subject> {
  return (await subjectEntry(name)).load();
}
