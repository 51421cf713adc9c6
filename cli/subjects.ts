/**
 * The subjects `nn-oracle check --subject NAME` knows. Each entry loads its subject lazily (the GPU
 * path costs nothing unless asked for). To add one: one entry below.
 */
import { UnknownNameError } from '../contract/errors.js';
import { PLANTED_BUGS } from '../mistakes/subject.js';
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

/** The help lines of `planted:<id>`: the catalogue ids the planted subject knows, wrapped. */
export function plantedHelp(indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const id of PLANTED_BUGS) {
    if (line.length + id.length + 2 > width && line.trim()) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${id}, `;
  }
  lines.push(line.replace(/, $/, ''));
  return lines;
}

/**
 * `planted:<id>[+<id>...]`: a small float64 implementation with catalogued mistakes planted
 * (mistakes/subject.ts), to see the suite catch them, e.g. `nn-oracle check --subject
 * planted:bp2.missing-sigma-prime`. The ids are the catalogue's; the names the bugs had before it
 * (`planted:bp2-no-sigma-prime`) are aliases of them.
 */
async function plantedEntry(name: string): Promise<SubjectEntry | undefined> {
  if (!name.startsWith('planted:')) return undefined;
  const { plantedSubject, resolvePlantedBug } = await import('../mistakes/subject.js');
  const bugs = name
    .slice('planted:'.length)
    .split('+')
    .filter(Boolean)
    .map((b) => resolvePlantedBug(b, '--subject planted:<id>'));
  return { description: `planted mistake(s): ${bugs.join(', ') || 'none'}`, load: async () => plantedSubject(bugs) };
}

/** The registry entry for `name`, or an UnknownNameError listing the known subjects. */
export async function subjectEntry(name: string): Promise<SubjectEntry> {
  const entry = SUBJECTS[name] ?? (await plantedEntry(name));
  if (!entry) throw new UnknownNameError('subject', name, [...subjectNames(), 'planted:<id>'], '--subject');
  return entry;
}

