/**
 * Diagnoses for `check` and `replay`, the same as `grade`'s: a failing property case or fixture case is
 * re-judged by the grading checks of the function it exercises (forward, backward.bp1 … bp4,
 * activate.<name>, loss.<name>, step.<optimizer>, perceptronStep), on the same input and against the
 * same subject, and the catalogued mistake that explains the failing one is named — one catalogue of
 * mistakes for all three front ends.
 */
import type { Matrix, Net, Optimizer, Params, Subject, Vector } from '../contract/types.js';
import type { Check, CheckContext, Evaluation } from '../engine/check.js';
import { judgeCase, type Explanation, type Failure } from '../engine/run.js';
import { firstDifference } from '../engine/compare.js';
import type { ExpectedFunctions } from '../conventions/expected.js';
import type { ActivateCase, LossCase, NetCase, PerceptronCase, StepCase } from './cases.js';
import { checksFor, type CheckDef } from './checks.js';
import { diagnose } from './diagnoses.js';
import { FULL_SCOPE } from './scope.js';

let all: Map<string, CheckDef> | null = null;
const gradingCheck = (id: string): CheckDef | undefined => (all ??= new Map(checksFor(FULL_SCOPE).map((d) => [d.id, d]))).get(id);

interface Evidence {
  failures: Failure[];
  passed: Evaluation[];
}
/** The grading check's fixed cases judged once per subject and expected side: the evidence beside one failing case. */
const fixedEvidence = new WeakMap<Subject, WeakMap<object, Map<string, Promise<Evidence>>>>();
const NO_SIDE = {};

function evidenceOf(def: CheckDef, ctx: CheckContext): Promise<Evidence> {
  let bySide = fixedEvidence.get(ctx.subject);
  if (!bySide) fixedEvidence.set(ctx.subject, (bySide = new WeakMap()));
  const side: object = ctx.expected ?? NO_SIDE;
  let byCheck = bySide.get(side);
  if (!byCheck) bySide.set(side, (byCheck = new Map()));
  let e = byCheck.get(def.id);
  if (!e) {
    e = (async () => {
      const out: Evidence = { failures: [], passed: [] };
      for (const c of def.examples?.(ctx) ?? []) {
        try {
          const r = await judgeCase(def, c, ctx.subject, ctx, out.passed);
          if (r !== null && 'fatal' in r) break; // a crash or hang here only loses evidence
          if (r !== null && !r.failure.threw) out.failures.push(r.failure);
        } catch {
          break;
        }
      }
      return out;
    })();
    byCheck.set(def.id, e);
  }
  return e;
}

/**
 * Re-judges `c` with each grading check in turn; the first that fails and has a diagnosis names it.
 * The diagnosis weighs the check's fixed cases too, as grade does: a mistake that explains this case
 * but would have failed cases the subject got right is not named over one that explains them all.
 */
async function explainWith(ids: readonly string[], c: unknown, ctx: CheckContext): Promise<Explanation | undefined> {
  for (const id of ids) {
    const def = gradingCheck(id);
    if (!def) continue;
    let r: Awaited<ReturnType<typeof judgeCase>>;
    try {
      r = await judgeCase(def, c, ctx.subject, ctx);
    } catch {
      continue;
    }
    if (r === null || !('failure' in r)) continue;
    const evidence = r.failure.threw === undefined ? await evidenceOf(def, ctx) : { failures: [], passed: [] };
    const d = diagnose(id, [...evidence.failures, r.failure], ctx, evidence.passed);
    if (d) return { diagnosis: { id: d.id, title: d.title, fix: d.fix } };
  }
  return undefined;
}

const isNet = (x: unknown): x is Net => x !== null && typeof x === 'object' && Array.isArray((x as Net).layers);

/** The grading case inside a property's counterexample, when it has one of the grading shapes. */
function gradingCases(input: unknown): Array<[string[], unknown]> {
  if (input === null || typeof input !== 'object') return [];
  const o = input as Record<string, unknown>;
  // a property may wrap its net case with extra draws ({ c: NetCase, directionSeed })
  if (o.c !== null && typeof o.c === 'object' && isNet((o.c as Record<string, unknown>).net)) return gradingCases(o.c);
  if (isNet(o.net) && Array.isArray(o.X) && Array.isArray(o.Y) && typeof o.loss === 'string') {
    return [[['forward', 'backward.bp1', 'backward.bp2', 'backward.bp3', 'backward.bp4'], { net: o.net, X: o.X, Y: o.Y, loss: o.loss } as NetCase]];
  }
  if (typeof o.name === 'string' && Array.isArray(o.z)) {
    const c: ActivateCase = o.alpha === undefined ? { z: o.z as Vector } : { z: o.z as Vector, alpha: o.alpha as number };
    return [[[`activate.${o.name}`, `activateGrad.${o.name}`], c]];
  }
  return [];
}

/** `explain` for the property suite: diagnoses a failing property through the grading checks of its case. */
export async function explainProperty(_check: Check, failures: readonly Failure[], ctx: CheckContext): Promise<Explanation | undefined> {
  const last = failures[failures.length - 1];
  if (!last || last.internal) return undefined;
  for (const [ids, c] of gradingCases(last.case)) {
    const e = await explainWith(ids, c, ctx);
    if (e) return e;
  }
  return undefined;
}

interface FixtureLike {
  id: string;
  fn: string;
  args: unknown[];
  prev?: string;
}

/**
 * `explain` for replay: the fixture case as a grading case. An optimizer case is the chain that ends in
 * it (from the state-less first step), as the grading step checks run it.
 */
export function fixtureExplainer(cases: readonly FixtureLike[], variants: ReadonlyArray<{ name: string; value: string; text: string; affects: readonly string[]; expected: ExpectedFunctions }> = []) {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const chain = (c: FixtureLike): FixtureLike[] => {
    const out = [c];
    let p = c.prev;
    while (p !== undefined && byId.has(p) && out.length < 64) {
      const q = byId.get(p)!;
      out.unshift(q);
      p = q.prev;
    }
    return out;
  };
  /** The variant under which the subject's answer to this case is right (its truth run along the chain for a step). */
  const conventionFor = (fx: FixtureLike, f: Failure, ctx: CheckContext): Explanation['convention'] | undefined => {
    if (!f.ev) return undefined;
    for (const v of variants) {
      if (!v.affects.includes(fx.fn)) continue;
      let mine: unknown;
      try {
        if (fx.fn === 'step') {
          let state: unknown = null;
          for (const st of chain(fx)) {
            const a = st.args;
            const r = v.expected.step(a[0] as Optimizer, a[1] as Params, a[2] as Params, state);
            state = r.state;
            mine = { params: r.params };
          }
        } else mine = (v.expected[fx.fn as 'loss'] as (...a: unknown[]) => unknown)(...fx.args);
      } catch {
        continue;
      }
      if (firstDifference(mine, f.ev.got, f.ev.bounds, ctx.slack) === null) return { name: v.name, value: v.value, text: v.text };
    }
    return undefined;
  };
  return async (check: Check, failures: readonly Failure[], ctx: CheckContext): Promise<Explanation | undefined> => {
    const last = failures[failures.length - 1];
    if (!last || last.internal) return undefined;
    const fx = (last.ev?.ctx as { fixture?: FixtureLike } | undefined)?.fixture ?? (last.case as FixtureLike);
    if (!fx || !Array.isArray(fx.args)) return undefined;
    const convention = conventionFor(fx, last, ctx);
    const diagnosed = await diagnoseFixture(check, fx, ctx);
    if (!convention) return diagnosed;
    return { ...(diagnosed ?? {}), convention };
  };
  async function diagnoseFixture(check: Check, fx: FixtureLike, ctx: CheckContext): Promise<Explanation | undefined> {
    const a = fx.args;
    const ids = check.diagnosisIds ?? [];
    switch (fx.fn) {
      case 'activate':
      case 'activateGrad':
        return explainWith(ids, (a[2] === undefined ? { z: a[1] } : { z: a[1], alpha: a[2] }) as ActivateCase, ctx);
      case 'loss':
        return explainWith(ids, { A: a[1], Y: a[2] } as LossCase, ctx);
      case 'forward': {
        const net = a[0] as Net;
        const nL = net.layers.at(-1)?.W.length ?? 1;
        const X = a[1] as Matrix;
        return explainWith(['forward'], { net, X, Y: X.map(() => Array.from({ length: nL }, () => 0)), loss: 'mse' } as NetCase, ctx);
      }
      case 'backward':
        return explainWith(ids, { net: a[0], X: a[1], Y: a[2], loss: a[3] } as NetCase, ctx);
      case 'step': {
        const steps = chain(fx);
        const first = steps[0]!.args;
        return explainWith(ids, { opt: first[0] as Optimizer, params: first[1] as Params, grads: steps.map((s) => s.args[2] as Params) } as StepCase, ctx);
      }
      case 'perceptronStep':
        return explainWith(['perceptronStep'], { w: a[0], b: a[1], x: a[2], y: a[3], lr: a[4] } as PerceptronCase, ctx);
      default:
        return undefined;
    }
  }
}
