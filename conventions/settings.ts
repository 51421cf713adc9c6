/**
 * Convention settings: parse `--convention NAME=VALUE`, read a rubric's `conventions` object, resolve
 * a profile plus overrides into complete settings, describe them for a report, and list the
 * single-switch variants of a setting (to say which convention a failure matches).
 */
import { InvalidArgumentError, UnknownNameError, type ErrorDetails } from '../contract/errors.js';
import type { ContractFunctionName } from '../contract/names.js';
import type { Matrix } from '../contract/types.js';
import { PROFILE_NAMES, profileSettings, type ProfileName } from './profiles.js';
import {
  LIBRARY_TITLES,
  NOTES_SETTINGS,
  SWITCH_NAMES,
  formatSetting,
  isSwitchName,
  knownValues,
  librariesUsing,
  switchDef,
  type ConventionSettings,
  type LibraryName,
  type SwitchName,
  type SwitchValue,
} from './switches.js';

/** One switch set to one value (a parsed `NAME=VALUE`). */
export interface ConventionOverride<K extends SwitchName = SwitchName> {
  readonly name: K;
  readonly value: ConventionSettings[K];
}

// ───────────────────────────── errors ─────────────────────────────

/** Edit distance (Levenshtein), for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest of `known` to `got`, when it is close enough to be a likely typo (or a prefix of it). */
function closestName(got: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.startsWith(got) && got.length >= 3 ? 0.5 : distance(got, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(got.length / 3)) ? best : undefined;
}

/** An unknown switch name: an UnknownNameError that also says which name was probably meant. */
export class UnknownConventionError extends UnknownNameError {
  readonly suggestion: string | undefined;
  constructor(got: unknown, where: string) {
    super('convention', got, SWITCH_NAMES, where);
    this.suggestion = typeof got === 'string' ? closestName(got, SWITCH_NAMES) : undefined;
    if (this.suggestion) this.message = `unknown convention ${JSON.stringify(got)} at ${where}; did you mean ${this.suggestion}? Expected one of: ${SWITCH_NAMES.join(', ')}`;
  }
}

/** What a switch accepts, in words: "one of one, alpha" or "a number in [0, 0.5), or none". */
function allowedValues(name: SwitchName): string {
  const d = switchDef(name);
  if (d.kind === 'enum') return `one of ${d.values.join(', ')}`;
  const range = Number.isFinite(d.min) || Number.isFinite(d.max) ? ` in [${d.min}, ${Number.isFinite(d.max) ? d.max : '∞'}${d.maxExclusive ? ')' : ']'}` : '';
  return `a number${range}${d.none ? ', or none' : ''}`;
}

function invalidValue(name: SwitchName, got: unknown, where: string): InvalidArgumentError {
  const at = where.endsWith('.') ? `${where}${name}` : `${where} ${name}`;
  const details: ErrorDetails & { expected: string; got: string } = { where: at, expected: allowedValues(name), got: JSON.stringify(got) };
  const e = new InvalidArgumentError(details);
  const d = switchDef(name);
  const hint = d.kind === 'enum' && typeof got === 'string' ? closestName(got, d.values) : undefined;
  if (hint) e.message += ` (did you mean ${name}=${hint}?)`;
  return e;
}

// ───────────────────────────── parsing ─────────────────────────────

/**
 * A value for a switch, from a flag's string or a JSON value: an enum's name, or a number (a string
 * that reads as one), or `none` where allowed. Typed InvalidArgumentError otherwise.
 */
function parseConventionValue<K extends SwitchName>(name: K, raw: unknown, where = '--convention'): ConventionSettings[K] {
  const d = switchDef(name);
  const text = typeof raw === 'string' ? raw.trim() : raw;
  if (d.kind === 'enum') {
    if (typeof text === 'string' && d.values.includes(text)) return text as ConventionSettings[K];
    throw invalidValue(name, raw, where);
  }
  if (text === 'none' && d.none) return 'none' as ConventionSettings[K];
  const x = typeof text === 'number' ? text : typeof text === 'string' && text !== '' ? Number(text) : NaN;
  const inRange = Number.isFinite(x) && x >= d.min && (d.maxExclusive ? x < d.max : x <= d.max);
  if (!inRange) throw invalidValue(name, raw, where);
  return x as ConventionSettings[K];
}

/** One `NAME=VALUE` (as given to --convention). Typed errors name the switch and its allowed values. */
export function parseConvention(text: string, where = '--convention'): ConventionOverride {
  if (typeof text !== 'string' || !text.includes('=')) {
    throw new InvalidArgumentError({ where, expected: 'NAME=VALUE, e.g. elu-grad-at-zero=alpha', got: JSON.stringify(text) });
  }
  const i = text.indexOf('=');
  const name = text.slice(0, i).trim();
  if (!isSwitchName(name)) throw new UnknownConventionError(name, where);
  return { name, value: parseConventionValue(name, text.slice(i + 1), where) } as ConventionOverride;
}

/**
 * Every `--convention` flag (repeatable; each flag may also hold a comma list `a=x,b=y`). The same
 * switch given two different values is an InvalidArgumentError (it would be ambiguous).
 */
export function parseConventions(flags: readonly string[] | string | undefined, where = '--convention'): ConventionOverride[] {
  const list = flags === undefined ? [] : typeof flags === 'string' ? [flags] : flags;
  const out: ConventionOverride[] = [];
  for (const flag of list) {
    for (const part of flag.split(',')) {
      if (part.trim() === '') continue;
      const o = parseConvention(part.trim(), where);
      const seen = out.find((p) => p.name === o.name);
      if (seen && seen.value !== o.value) {
        throw new InvalidArgumentError({ where: `${where} ${o.name}`, expected: 'one value per switch', got: `both ${formatSetting(o.name, seen.value)} and ${formatSetting(o.name, o.value)}` });
      }
      if (!seen) out.push(o);
    }
  }
  return out;
}

/** A rubric's (or any JSON) `conventions` object, read: an optional `profile` and switch values. */
export interface ConventionsObject {
  readonly profile?: ProfileName;
  readonly overrides: ConventionOverride[];
}

/**
 * Reads `{ "profile"?: "pytorch", "<switch>": <value>, ... }` (values as strings or JSON numbers).
 * Typed errors name the key (`rubric.conventions.elu-grad-at-zero`).
 */
export function parseConventionsObject(obj: unknown, where = 'rubric.conventions'): ConventionsObject {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new InvalidArgumentError({ where, expected: 'an object { "<switch>": value, "profile"?: name }', got: obj === null ? 'null' : Array.isArray(obj) ? 'an array' : typeof obj });
  }
  let profile: ProfileName | undefined;
  const overrides: ConventionOverride[] = [];
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (k === 'profile') {
      if (typeof v !== 'string' || !(PROFILE_NAMES as readonly string[]).includes(v)) throw new UnknownNameError('profile', v, PROFILE_NAMES, `${where}.profile`);
      profile = v as ProfileName;
      continue;
    }
    if (!isSwitchName(k)) throw new UnknownConventionError(k, where);
    overrides.push({ name: k, value: parseConventionValue(k, v, `${where}.`) } as ConventionOverride);
  }
  return { profile, overrides };
}

// ───────────────────────────── resolving ─────────────────────────────

/** Where settings come from, lowest precedence first. */
export interface ConventionSources {
  /** `--profile` (a name; undefined: the rubric's profile, else notes). */
  profile?: string;
  /** The rubric's `conventions` object (unparsed JSON is fine: it is validated here). */
  rubric?: unknown;
  /** The `--convention` flags, as given. */
  flags?: readonly string[] | string;
}

/** The settings with some switches changed. */
export function withOverrides(base: Readonly<ConventionSettings>, overrides: readonly ConventionOverride[]): ConventionSettings {
  const s = { ...base } as Record<SwitchName, SwitchValue>;
  for (const o of overrides) s[o.name] = o.value;
  return s as ConventionSettings;
}

/**
 * Complete settings from a profile and overrides: start from the profile (`--profile`, else the
 * rubric's `conventions.profile`, else notes), then the rubric's switch values, then the
 * `--convention` flags (the command line wins). Typed errors for unknown names and bad values.
 */
export function resolveConventions(src: ConventionSources = {}): ConventionSettings {
  const rubric = src.rubric === undefined ? undefined : parseConventionsObject(src.rubric);
  const profile = src.profile ?? rubric?.profile ?? 'notes';
  let s = profileSettings(profile);
  if (rubric) s = withOverrides(s, rubric.overrides);
  return withOverrides(s, parseConventions(src.flags));
}

/**
 * Settings validated as a whole (e.g. from a JSON report): every switch present with a valid value.
 * Missing switches are an error, not silently the notes'.
 */
export function checkSettings(x: unknown, where = 'conventions'): ConventionSettings {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) throw new InvalidArgumentError({ where, expected: 'an object of every convention switch', got: typeof x });
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!isSwitchName(k)) throw new UnknownConventionError(k, where);
  const out = {} as Record<SwitchName, SwitchValue>;
  for (const n of SWITCH_NAMES) {
    if (!(n in o)) throw new InvalidArgumentError({ where: `${where}.${n}`, expected: allowedValues(n), got: 'nothing' });
    out[n] = parseConventionValue(n, o[n], `${where}.`);
  }
  return out as ConventionSettings;
}

// ───────────────────────────── describing ─────────────────────────────

/** One switch as a report shows it. */
export interface SettingLine {
  readonly name: SwitchName;
  readonly value: SwitchValue;
  readonly notes: SwitchValue;
  /** The value differs from the notes'. */
  readonly differs: boolean;
  /** "elu-grad-at-zero=alpha" */
  readonly text: string;
}

/** Every switch with its value, in table order, marking those that differ from the notes. */
export function describeConventions(s: Readonly<ConventionSettings>): SettingLine[] {
  return SWITCH_NAMES.map((name) => {
    const value = s[name];
    const notes = NOTES_SETTINGS[name];
    return { name, value, notes, differs: value !== notes, text: formatSetting(name, value) };
  });
}

/** Only the switches that differ from the notes (what a one-line report header needs). */
export function differingConventions(s: Readonly<ConventionSettings>): SettingLine[] {
  return describeConventions(s).filter((l) => l.differs);
}

/**
 * The settings as the `--convention` flags that reproduce them from the notes: for replay commands.
 * Empty for the notes' settings.
 */
export function conventionFlags(s: Readonly<ConventionSettings>): string[] {
  return differingConventions(s).map((l) => `--convention ${l.text}`);
}

/**
 * Text lines for a report: every switch as "name=value", those differing from the notes marked with
 * "*" and the notes' value beside them ("* elu-grad-at-zero=alpha (notes: one)").
 */
export function formatConventions(s: Readonly<ConventionSettings>): string[] {
  return describeConventions(s).map((l) => (l.differs ? `* ${l.text} (notes: ${formatSetting(l.name, l.notes).split('=')[1]})` : `  ${l.text}`));
}

// ───────────────────────────── variants ─────────────────────────────

/** The settings with exactly one switch changed, and what to tell a user when it explains a failure. */
export interface ConventionVariant {
  readonly name: SwitchName;
  readonly value: SwitchValue;
  readonly settings: ConventionSettings;
  /** The flag that selects it: "--convention elu-grad-at-zero=alpha". */
  readonly flag: string;
  /** The libraries that use this value. */
  readonly libraries: readonly LibraryName[];
  /** "PyTorch's and Keras's convention: --convention elu-grad-at-zero=alpha" (or "a convention: …"). */
  readonly hint: string;
  /** The contract functions (or `cases`) whose expected side this variant can change. */
  readonly affects: readonly (ContractFunctionName | 'cases')[];
}

function possessive(libs: readonly LibraryName[]): string {
  const names = libs.map((l) => `${LIBRARY_TITLES[l]}’s`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The hint a report prints when a failure matches a switch's value. */
export function conventionHint(name: SwitchName, value: SwitchValue): string {
  const libs = librariesUsing(name, value);
  const flag = `--convention ${formatSetting(name, value)}`;
  return libs.length ? `${possessive(libs)} convention: ${flag}` : `the convention ${formatSetting(name, value)}: ${flag}`;
}

/**
 * For each switch and each of its other known values (knownValues: an enum's values; a number's
 * default and library values), the settings with that ONE switch changed. `fn` keeps only the
 * switches that can change that function's expected value (and `cases` switches, which change which
 * cases are drawn). The engine re-judges a failing case under each variant: a variant under which it
 * passes names the convention the submission follows.
 */
export function variants(s: Readonly<ConventionSettings>, fn?: ContractFunctionName): ConventionVariant[] {
  const out: ConventionVariant[] = [];
  for (const name of SWITCH_NAMES) {
    const d = switchDef(name);
    if (fn !== undefined && !d.affects.includes(fn) && !d.affects.includes('cases')) continue;
    for (const value of knownValues(name)) {
      if (value === s[name]) continue;
      out.push({
        name,
        value,
        settings: withOverrides(s, [{ name, value } as ConventionOverride]),
        flag: `--convention ${formatSetting(name, value)}`,
        libraries: librariesUsing(name, value),
        hint: conventionHint(name, value),
        affects: d.affects,
      });
    }
  }
  return out;
}

// ───────────────────────────── case domain (`cases` switches) ─────────────────────────────

function isOneHot(row: readonly number[]): boolean {
  let ones = 0;
  for (const y of row) {
    if (y === 1) ones++;
    else if (y !== 0) return false;
  }
  return ones === 1;
}

/**
 * Whether the settings allow these targets for a loss: with cce-targets=one-hot a cce case needs
 * one-hot rows. The case generator draws only allowed targets; a failure on a case a variant would
 * not allow is explained by that variant.
 */
export function targetsAllowed(s: Readonly<ConventionSettings>, lossName: string, Y: Matrix): boolean {
  if (lossName !== 'cce' || s['cce-targets'] === 'any') return true;
  return Array.isArray(Y) && Y.every((row) => Array.isArray(row) && isOneHot(row));
}
