/**
 * Naming the mistake behind a check's failures, from the one catalogue (mistakes/catalogue.ts). A
 * mistake is recognised by computing what the MISTAKEN formula gives on the same input (for BP2–BP4
 * from the submission's own δ) and matching the submission's answer against it with the check's own
 * tolerance — never by guessing.
 */
import { firstDifference } from '../engine/compare.js';
import type { CheckContext, Evaluation } from '../engine/check.js';
import type { Failure } from '../engine/run.js';
import { MISTAKES } from '../mistakes/catalogue.js';
import { appliesTo, type Mistake } from '../mistakes/types.js';

/** The catalogue as the grader's checks and reports read it. */
export const DIAGNOSES = MISTAKES;
type Diagnosis = Mistake;
export { appliesTo };

/** The alternatives a diagnosis computes for one evaluation ([] where it cannot tell on that case). */
function mistakenAlternatives(d: Diagnosis, ev: Evaluation, ctx: CheckContext): unknown[] {
  if (!d.mistaken) return [];
  let m: unknown;
  try {
    m = d.mistaken(ev, ctx);
  } catch {
    return [];
  }
  if (m === undefined) return [];
  if (m !== null && typeof m === 'object' && 'alternatives' in (m as object)) return (m as { alternatives: unknown[] }).alternatives.filter((a) => a !== undefined);
  return [m];
}

const same = (a: unknown, b: unknown, bounds: unknown, ctx: CheckContext) => firstDifference(a, b, bounds, ctx.slack) === null;

/**
 * The diagnosis that explains the failures of `checkId`. A catalogued mistake is a candidate when its
 * formula reproduces the subject's answer on at least one failing case and contradicts it on none
 * (cases where it cannot be told apart from the contract do not count either way). Among the
 * candidates, the one that explains the most of the evidence wins over the first that matches: each
 * failing case it explains counts for it, each passing case against it counts against it — a case
 * the subject got right where the mistaken formula gives something else (`passed`: the evaluations
 * of passing cases the runner kept as evidence). So a mistake that explains every failing case beats
 * one that happens to match the shrunk case, and a kink mistake (wrong only at z = 0) beats a missing
 * σ′ that would have failed every net the subject got right. Ties go to the catalogue's order (the
 * more specific mistake first).
 * A check that errored (the subject threw) is explained only by a mistake that makes a subject throw,
 * matched against what it threw — never by a diagnosis borrowed from other cases.
 */
export function diagnose(checkId: string, failures: readonly Failure[], ctx: CheckContext, passed: readonly Evaluation[] = []): Diagnosis | undefined {
  if (failures.length === 0) return undefined;
  const last = failures[failures.length - 1]!;
  if (last.threw !== undefined) {
    if (last.internal) return undefined;
    return DIAGNOSES.find((d) => d.thrown && appliesTo(d, checkId) && d.thrown.test(last.threw!));
  }
  let best: { d: Diagnosis; score: number } | undefined;
  for (const d of DIAGNOSES) {
    if (!appliesTo(d, checkId) || !d.mistaken) continue;
    let explained = 0;
    let contradicted = false;
    for (const r of failures) {
      if (!r.ev) continue;
      const alts = mistakenAlternatives(d, r.ev, ctx);
      if (alts.length === 0) continue;
      const ok = alts.some((alt) => same(alt, r.ev!.got, r.ev!.bounds, ctx) && !same(alt, r.ev!.expected, r.ev!.bounds, ctx));
      if (ok) explained++;
      else {
        contradicted = true;
        break;
      }
    }
    if (contradicted || explained === 0) continue;
    let against = 0;
    for (const ev of passed) {
      const alts = mistakenAlternatives(d, ev, ctx);
      if (alts.length > 0 && !alts.some((alt) => same(alt, ev.got, ev.bounds, ctx))) against++;
    }
    const score = explained - against;
    if (!best || score > best.score) best = { d, score };
  }
  return best?.d;
}

/** What reconcile reads of a check's result (grader/grade.ts CheckResult). */
interface ResultLike {
  id: string;
  status: string;
  diagnosis?: { id: string; title: string; fix: string };
  convention?: { name: string; value: string; text: string };
}

/**
 * The diagnoses of one grading read together: an entry that `refines` another replaces it on a
 * check where the other was named and one of its `passing` checks ran and passed (gradients summed
 * while the loss, a mean, passed: the two reductions disagree), and the convention hint it
 * `contradicts` is dropped there (following it would break the checks that passed). In place.
 */
export function reconcile(results: ResultLike[]): void {
  const passed = (patterns: readonly string[]) => results.some((r) => r.status === 'pass' && appliesTo({ checks: patterns }, r.id));
  for (const entry of DIAGNOSES) {
    for (const rule of entry.refines ?? []) {
      if (!passed(rule.passing)) continue;
      for (const r of results) {
        if (r.diagnosis?.id !== rule.over || !appliesTo(entry, r.id)) continue;
        r.diagnosis = { id: entry.id, title: entry.title, fix: entry.fix };
        if (entry.contradicts && r.convention?.name === entry.contradicts) delete r.convention;
      }
    }
  }
}
