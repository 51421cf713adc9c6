/**
 * Conventions: every choice the lecture notes leave open is one named switch with named values
 * (switches.ts, the one table, with each library's value and its source); a profile is a named bundle
 * of switch values (profiles.ts); the expected side honours every switch (expected.ts).
 *
 * The API the grader, replay and check build on:
 *
 *   // settings: one value per switch (ConventionSettings; NOTES_SETTINGS are the defaults)
 *   resolveConventions({ profile?, rubric?, flags? }): ConventionSettings
 *       profile (--profile, else rubric.conventions.profile, else notes) ← the rubric's switch values
 *       ← the --convention flags (the command line wins). Typed errors: UnknownNameError for a switch
 *       or profile name (UnknownConventionError: "did you mean …?"), InvalidArgumentError for a value
 *       (names the switch and its allowed values).
 *   parseConvention('elu-grad-at-zero=alpha'): { name, value }
 *   parseConventions(flags): ConventionOverride[]          (repeatable flags, comma lists; a switch twice with two values is an error)
 *   parseConventionsObject(rubric.conventions): { profile?, overrides }
 *   withOverrides(settings, overrides): ConventionSettings
 *   checkSettings(json): ConventionSettings                (a complete settings object, validated)
 *
 *   // what a report prints
 *   describeConventions(settings): SettingLine[]           ({ name, value, notes, differs, text: "name=value" }, table order)
 *   differingConventions(settings): SettingLine[]          (only those that differ from the notes)
 *   formatConventions(settings): string[]                  ("* elu-grad-at-zero=alpha (notes: one)" / "  relu-grad-at-zero=zero")
 *   conventionFlags(settings): string[]                    ("--convention elu-grad-at-zero=alpha", for replay commands)
 *
 *   // the expected side
 *   conventionReference(settings): ExpectedFunctions       (the contract's 7 functions, every switch honoured;
 *                                                           step's params may hold OneOf — engine/compare.ts)
 *   profileReference(profile | settings): ContractFunctions (the same with either → unchanged: numbers only)
 *   conventionStep(settings, opt, params, grads, state)    (NaN/±∞/OneOf anywhere in params, grads, state: no throw)
 *   lossScale(settings, loss, n), batchFactor(settings, B) (the constants c and B of mse-form/bce-form/batch-reduction)
 *
 *   // the subject side (check --profile / --convention)
 *   inNotesConventions(subject, profile | settings): Subject  (a subject seen through the notes' conventions where exact)
 *
 *   // explaining a failure
 *   variants(settings, fn?): ConventionVariant[]           (each switch, each other known value: settings with that ONE
 *                                                           switch changed, its flag, the libraries using it and a hint
 *                                                           "PyTorch’s convention: --convention elu-grad-at-zero=alpha")
 *   conventionHint(name, value): string
 *   targetsAllowed(settings, loss, Y): boolean             (the `cases` switch cce-targets)
 *
 *   // undefined points (oneof.ts): OneOf is the comparator's (engine/compare.ts)
 *   Expected<T>, oneOf(values, why), primaryValues(tree) (each OneOf → its first, the contract's value), hasOneOf(tree)
 *
 *   // profiles
 *   PROFILE_NAMES, PROFILES, getProfile(name), profileSettings(name), isProfileName, differencesFromNotes(name)
 *   // the table
 *   SWITCHES, SWITCH_NAMES, NOTES_SETTINGS, LIBRARIES, knownValues(name), librariesUsing(name, value), switchDef(name)
 */
export * from './switches.js';
export * from './profiles.js';
export * from './settings.js';
export { conventionReference, conventionStep, lossScale, batchFactor, type ExpectedFunctions, type ConventionState } from './expected.js';
export { inNotesConventionsOf } from './subject.js';
export { oneOf, primaryValues, hasOneOf, acceptedValues, type Expected } from './oneof.js';
