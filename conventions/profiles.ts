/**
 * Convention profiles: named bundles of switch values (switches.ts). `notes` is every default (the
 * contract, docs/contract.md); `pytorch`, `keras` and `tfjs` take, for each switch, the value the
 * switch table records for that library with its source, and the notes' value where the library has
 * no such function (tfjs's step is the only library step, for instance).
 *
 * A profile is only a starting point: `--convention NAME=VALUE` and a rubric's `conventions` object
 * change single switches on top of it (settings.ts, `resolveConventions`).
 */
import { UnknownNameError } from '../contract/errors.js';
import type { ContractFunctions, Params, Subject } from '../contract/types.js';
import { primaryValues } from './oneof.js';
import { conventionReference } from './expected.js';
import { inNotesConventionsOf } from './subject.js';
import { LIBRARIES, LIBRARY_DESCRIPTIONS, NOTES_SETTINGS, SWITCH_NAMES, switchDef, type ConventionSettings, type LibraryName, type SwitchName, type SwitchValue } from './switches.js';

export const PROFILE_NAMES = ['notes', ...LIBRARIES] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  readonly name: ProfileName;
  readonly description: string;
  /** The complete settings of the bundle. */
  readonly settings: Readonly<ConventionSettings>;
  /** Where each value comes from: switch → citation (the library's documentation or source; the notes for defaults). */
  readonly source: Readonly<Record<SwitchName, string>>;
}

function libraryProfile(lib: LibraryName): Profile {
  const settings = {} as Record<SwitchName, SwitchValue>;
  const source = {} as Record<SwitchName, string>;
  for (const n of SWITCH_NAMES) {
    const d = switchDef(n);
    const v = d.libraries[lib];
    settings[n] = (v?.value ?? d.default) as SwitchValue;
    source[n] = v?.source ?? `${lib} has no such function; the notes’ value (${d.defaultSource})`;
  }
  return { name: lib, description: LIBRARY_DESCRIPTIONS[lib], settings: Object.freeze(settings as ConventionSettings), source };
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  notes: {
    name: 'notes',
    description: 'the contract (docs/contract.md): the lecture notes’ formulas',
    settings: NOTES_SETTINGS,
    source: Object.fromEntries(SWITCH_NAMES.map((n) => [n, switchDef(n).defaultSource])) as Record<SwitchName, string>,
  },
  pytorch: libraryProfile('pytorch'),
  keras: libraryProfile('keras'),
  tfjs: libraryProfile('tfjs'),
};

export function isProfileName(x: unknown): x is ProfileName {
  return typeof x === 'string' && (PROFILE_NAMES as readonly string[]).includes(x);
}

/** The profile of that name, or an UnknownNameError naming --profile and the profiles there are. */
export function getProfile(name: unknown): Profile {
  if (!isProfileName(name)) throw new UnknownNameError('profile', name, PROFILE_NAMES, '--profile');
  return PROFILES[name];
}

/** A profile's settings (a fresh copy, to change). */
export function profileSettings(name: unknown): ConventionSettings {
  return { ...getProfile(name).settings };
}

/** The switches in which a profile differs from the notes. */
export function differencesFromNotes(profile: ProfileName): SwitchName[] {
  const s = PROFILES[profile].settings;
  return SWITCH_NAMES.filter((n) => s[n] !== NOTES_SETTINGS[n]);
}

function settingsOf(p: ProfileName | Profile | Readonly<ConventionSettings>): Readonly<ConventionSettings> {
  if (typeof p === 'string') return getProfile(p).settings;
  return 'settings' in p && 'name' in p ? (p as Profile).settings : (p as Readonly<ConventionSettings>);
}

/**
 * The float64 reference with a profile's (or any settings') conventions, as plain ContractFunctions:
 * every switch honoured, with `optimizer-zero-over-zero=either` taken strictly as the contract's value
 * (`unchanged`), so every result is a number. For the accepting form (OneOf where the mathematics is
 * undefined) use `conventionReference(settings)`.
 */
export function profileReference(profile: ProfileName | Profile | Readonly<ConventionSettings>): ContractFunctions {
  const s = settingsOf(profile);
  const strict = s['optimizer-zero-over-zero'] === 'either' ? { ...s, 'optimizer-zero-over-zero': 'unchanged' as const } : s;
  const f = conventionReference(strict);
  return { ...f, step: (opt, params, grads, state) => { const r = f.step(opt, params, grads, state); return { params: primaryValues<Params>(r.params), state: r.state }; } };
}

/**
 * A subject that follows a profile's conventions, seen through the notes' conventions where the
 * conversion is exact (subject.ts, `inNotesConventionsOf`).
 */
export function inNotesConventions(subject: Subject, profile: ProfileName | Profile | Readonly<ConventionSettings>): Subject {
  const name = typeof profile === 'string' ? profile : 'name' in profile && 'settings' in profile ? (profile as Profile).name : undefined;
  return inNotesConventionsOf(subject, settingsOf(profile), name);
}
