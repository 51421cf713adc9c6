/**
 * The conventions a command judges by, from its flags: `--profile NAME` (a bundle), `--convention
 * NAME=VALUE` (repeatable; the command line wins) and a rubric's `conventions` object. One place, for
 * grade, grade-all, replay and check.
 */
import {

  conventionFlags,
  conventionReference,
  describeConventions,
  resolveConventions,
  variants,
  type ConventionSettings,
  type ExpectedFunctions,
} from '../conventions/index.js';

export interface Judged {
  settings: ConventionSettings;
  /** The expected side under these settings. */
  expected: ExpectedFunctions;
  /** What a report lists: the profile, and every switch whose value differs from the notes' (the rest are the notes'). */
  map: Record<string, string>;
  /** `--convention …` flags that select the settings beyond the profile (for replay commands). */
  flags: string[];
  /** True when they differ from the notes' anywhere. */
  differs: boolean;
}

export function judgedBy(src: { profile?: string; flags?: readonly string[]; rubric?: unknown }): Judged {
  const settings = resolveConventions({ profile: src.profile, flags: src.flags, rubric: src.rubric });
  const lines = describeConventions(settings);
  return {
    settings,
    expected: conventionReference(settings),
    map: { profile: src.profile ?? 'notes', ...Object.fromEntries(lines.filter((l) => l.differs).map((l) => [l.name, String(l.value)])) },
    flags: conventionFlags(settings),
    differs: lines.some((l) => l.differs),
  };
}

/** Every settings one switch away, with its expected side: a failure one of them explains is named as that switch. */
export function conventionVariants(settings: ConventionSettings) {
  return variants(settings).map((v) => ({ name: v.name, value: String(v.value), text: v.hint, affects: v.affects as readonly string[], expected: conventionReference(v.settings) }));
}

