/**
 * The grading checks, with stable ids (the rubric and every report use them):
 *   activate.<name>, activateGrad.<name> (no activateGrad.softmax), loss.mse, loss.bce, loss.cce,
 *   forward, backward.bp1, backward.bp2, backward.bp3, backward.bp4,
 *   step.sgd, step.momentum, step.adagrad, step.rmsprop, step.adam, perceptronStep.
 *
 * A check = a case generator (cases.ts) + `evaluate`: call the submission once (or a few times, for
 * optimizer steps), compute the expected value with the EXPECTED functions (the reference by
 * default — passed in, so a convention profile can replace it), and say which quantity is compared,
 * with the allowed error at each element (bounds.ts).
 *
 * BP localisation: bp1 compares δ^L; bp2 compares each δ^l with (W^{l+1})ᵀ δ^{l+1} ⊙ σ′(z^l) formed from
 * the submission's OWN δ^{l+1}; bp3 and bp4 compare gradB and gradW with batch means of its OWN δ^l — so
 * one mistake shows in one equation. Soundly: the submission's δ stands in for the truth only where it
 * carries evidence (deltaEvidence below); zeros, a constant or numbers unrelated to the net are judged
 * against the true δ instead, so they earn no credit.
 */
import type * as fc from 'fast-check';
import { ACTIVATIONS, DEFAULT_ALPHA, ELEMENTWISE_ACTIVATIONS, LOSSES, OPTIMIZERS, type ActivationName, type ContractFunctionName, type LossName, type OptimizerName } from '../contract/names.js';
import { backpropErrorBounds } from '../tolerance/model.js';
import type { BackwardResult, ForwardResult, Matrix, Params, Subject, Vector } from '../contract/types.js';
import { callSubject } from '../engine/call.js';
import type { Check, CheckContext, Evaluation } from '../engine/check.js';
import { firstDifference } from '../engine/compare.js';
import { DIAGNOSES, appliesTo } from './diagnoses.js';
import type { Expected } from '../conventions/oneof.js';
import {
  activateBounds,
  activateGradBounds,
  alphaOf,
  bp2Bounds,
  bp3Bounds,
  bp4Bounds,
  lossBound,
  softmaxBounds,
  stepBounds,
} from '../tolerance/grading.js';
import {
  activateCaseArb,
  activateExamples,
  lossCaseArb,
  lossExamples,
  netCaseArbFor,
  netExamples,
  perceptronCaseArb,
  perceptronExamples,
  stepCaseArb,
  stepExamples,
  type ActivateCase,
  type LossCase,
  type NetCase,
  type PerceptronCase,
  type StepCase,
} from './cases.js';
import { hiddenActivations, pairings, type Scope } from './scope.js';

export type { Evaluation, CheckContext } from '../engine/check.js';
export type { Path } from '../engine/compare.js';

/** A grading check: an engine Check on one contract function (`fn`), with the report's title. */
export interface CheckDef<C = any> extends Check<C> {
  fn: ContractFunctionName;
  /** What the check verifies, in one line (the notes' name of the concept). */
  title: string;
}

/** Builds a grading check: the engine's shape, one contract function, its title as the concept. */
function gradingCheck<C>(def: {
  id: string;
  fn: ContractFunctionName;
  title: string;
  arbitrary(ctx: CheckContext): fc.Arbitrary<C>;
  examples(ctx: CheckContext): C[];
  evaluate(c: C, subject: Subject, ctx: CheckContext): Promise<Evaluation>;
}): CheckDef<C> {
  // a `cases` convention (cce-targets=one-hot) narrows what may be drawn: the submission is never
  // judged on targets its course's conventions exclude
  const allowed = (c: C, ctx: CheckContext): boolean => {
    if (ctx.conventions?.['cce-targets'] !== 'one-hot') return true;
    const o = c as { loss?: string; Y?: number[][] };
    const isCce = o.loss === 'cce' || (def.id === 'loss.cce' && o.loss === undefined);
    return !isCce || !Array.isArray(o.Y) || o.Y.every((row) => row.filter((y) => y === 1).length === 1 && row.every((y) => y === 0 || y === 1));
  };
  return {
    ...def,
    concept: def.title,
    requires: [def.fn],
    arbitrary: (ctx) => def.arbitrary(ctx).filter((c) => allowed(c, ctx)),
    examples: (ctx) => def.examples(ctx).filter((c) => allowed(c, ctx)),
  };
}

const callFn = callSubject;

const field = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined);

/** A B × n matrix of finite numbers with the given shape, or null. */
function asMatrix(m: unknown, rows: number, cols: number): Matrix | null {
  if (!Array.isArray(m) || m.length !== rows) return null;
  for (const r of m) if (!Array.isArray(r) || r.length !== cols || r.some((v) => typeof v !== 'number' || !Number.isFinite(v))) return null;
  return m as Matrix;
}

function sizes(c: NetCase): number[] {
  return [c.net.layers[0]!.W[0]!.length, ...c.net.layers.map((l) => l.W.length)];
}

/** The expected forward values plus σ′(z) per layer and the error bounds of z and a (tolerance.ts). */
function forwardInfo(c: NetCase, ctx: CheckContext) {
  const ref = ctx.expected;
  const fw: ForwardResult = ref.forward(c.net, c.X);
  const bw: BackwardResult = ref.backward(c.net, c.X, c.Y, c.loss);
  const sp = c.net.layers.map((layer, l) =>
    layer.activation === 'softmax' ? fw.z[l]!.map((r) => r.map(() => 0)) : fw.z[l]!.map((zx) => ref.activateGrad(layer.activation, zx, layer.alpha)),
  );
  const bounds = backpropErrorBounds(c.net.layers, c.X, c.Y, c.loss, { z: fw.z, a: fw.a, sp, delta: bw.delta }, ctx.u, (name) => alphaOf(name));
  return { fw, bw, sp, bounds };
}

function netInput(c: NetCase): Record<string, unknown> {
  return { net: c.net, X: c.X, Y: c.Y, loss: c.loss };
}

// ---- activations -------------------------------------------------------------------------------

function activateCheck(name: ActivationName): CheckDef<ActivateCase> {
  return gradingCheck({
    id: `activate.${name}`,
    fn: 'activate',
    title: name === 'softmax' ? 'softmax(z), computed without overflow' : `σ(z) for ${name}, with its convention at the kink`,
    arbitrary: () => activateCaseArb(name),
    examples: () => activateExamples(name),
    async evaluate(c, subject, ctx) {
      const args = c.alpha === undefined ? [name, c.z] : [name, c.z, c.alpha];
      const got = await callFn(subject, 'activate', args);
      const expected = ctx.expected.activate(name, c.z, c.alpha);
      const bounds = name === 'softmax' ? softmaxBounds(c.z, expected, ctx.u) : activateBounds(expected, ctx.u);
      return { input: { name, z: c.z, ...(c.alpha !== undefined ? { alpha: c.alpha } : {}) }, expected, got, bounds, ctx: { name, alpha: alphaOf(name, c.alpha) } };
    },
  });
}

function activateGradCheck(name: ActivationName): CheckDef<ActivateCase> {
  return gradingCheck({
    id: `activateGrad.${name}`,
    fn: 'activateGrad',
    title: `σ′(z) for ${name}, with its convention at the kink`,
    arbitrary: () => activateCaseArb(name),
    examples: () => activateExamples(name),
    async evaluate(c, subject, ctx) {
      const args = c.alpha === undefined ? [name, c.z] : [name, c.z, c.alpha];
      const got = await callFn(subject, 'activateGrad', args);
      const expected = ctx.expected.activateGrad(name, c.z, c.alpha);
      return {
        input: { name, z: c.z, ...(c.alpha !== undefined ? { alpha: c.alpha } : {}) },
        expected,
        got,
        bounds: activateGradBounds(expected, ctx.u),
        ctx: { name, alpha: alphaOf(name, c.alpha), grad: true },
      };
    },
  });
}

// ---- losses ------------------------------------------------------------------------------------

function lossCheck(name: LossName): CheckDef<LossCase> {
  return gradingCheck({
    id: `loss.${name}`,
    fn: 'loss',
    title: `${name}: the batch mean of E_x`,
    arbitrary: () => lossCaseArb(name),
    examples: () => lossExamples(name),
    async evaluate(c, subject, ctx) {
      const got = await callFn(subject, 'loss', [name, c.A, c.Y]);
      const expected = ctx.expected.loss(name, c.A, c.Y);
      return { input: { name, A: c.A, Y: c.Y }, expected, got, bounds: lossBound(name, c.A, c.Y, ctx.u), ctx: { name } };
    },
  });
}

// ---- forward and backward ----------------------------------------------------------------------

function forwardCheck(scope: Scope): CheckDef<NetCase> {
  return gradingCheck({
    id: 'forward',
    fn: 'forward',
    title: 'z^l = W^l a^{l−1} + b^l, a^l = σ(z^l) for every layer',
    arbitrary: () => netCaseArbFor(scope)!,
    examples: () => netExamples(scope),
    async evaluate(c, subject, ctx) {
      const got = await callFn(subject, 'forward', [c.net, c.X]);
      const { fw, bounds } = forwardInfo(c, ctx);
      return {
        input: { net: c.net, X: c.X },
        expected: { z: fw.z, a: fw.a },
        got: { z: field(got, 'z'), a: field(got, 'a') },
        bounds: { z: bounds.z, a: bounds.a },
        ctx: { case: c, fw },
      };
    },
  });
}

/** BP2 applied to δ^{l+1}: ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l), per example. */
function bp2Of(W: Matrix, deltaAbove: Matrix, sp: Matrix): Matrix {
  return deltaAbove.map((d, x) => sp[x]!.map((s, k) => W.reduce((acc, row, j) => acc + row[k]! * d[j]!, 0) * s));
}

/**
 * Whether `own` is plausibly the δ of this net: not all zeros, not a constant where the truth varies,
 * and pointing the same way as the true δ (|cos| ≥ ½ over the layer's entries). A δ off by a factor,
 * a sign, a missing σ′ or a small error passes; zeros, a constant or numbers unrelated to the net do not
 * (where the true δ is itself zero the case cannot tell, and counts as related).
 */
function related(own: Matrix, truth: Matrix): boolean {
  const o = own.flat();
  const t = truth.flat();
  let ot = 0;
  let oo = 0;
  let tt = 0;
  for (let i = 0; i < o.length; i++) {
    ot += o[i]! * t[i]!;
    oo += o[i]! * o[i]!;
    tt += t[i]! * t[i]!;
  }
  if (!Number.isFinite(oo) || !Number.isFinite(ot)) return false;
  // a true δ of zeros says nothing about relatedness: the case gives no evidence either way (cases
  // where it is not zero decide)
  if (!(tt > 0)) return true;
  if (!(oo > 0)) return false;
  const spread = (v: number[]) => Math.max(...v) - Math.min(...v);
  if (o.length > 1 && spread(o) <= 1e-12 * Math.sqrt(oo) && spread(t) > 1e-12 * Math.sqrt(tt)) return false;
  return Math.abs(ot) / Math.sqrt(oo * tt) >= 0.5;
}

/**
 * Sound localisation: which of the submission's own δ^l may stand in for the truth when judging the
 * equations below it. δ^l carries evidence when it agrees with the true δ^l; or when it is what BP1
 * (l = L) or BP2 from an evidenced δ^{l+1} gives with one catalogued mistake (the diagnoses'
 * formulas); or when it is BP2 applied to an evidenced δ^{l+1}; or when it is plausibly δ of this net
 * (`related`). BP2 at layer l is judged from your own δ^{l+1} only where that carries evidence, BP3
 * and BP4 from your own δ^l only where it does; elsewhere against the true δ — so a backward that
 * returns zeros, a constant or numbers unrelated to the net earns nothing, while a single mistake in
 * one equation still fails only that equation.
 */
function deltaEvidence(c: NetCase, ctx: CheckContext, info: ReturnType<typeof forwardInfo>, gotDelta: unknown): { used: Matrix[]; evidenced: boolean[] } {
  const { fw, bw, sp, bounds } = info;
  const L = c.net.layers.length;
  const B = c.X.length;
  const n = sizes(c);
  const own: (Matrix | null)[] = Array.from({ length: L }, (_, l) => (Array.isArray(gotDelta) ? asMatrix(gotDelta[l], B, n[l + 1]!) : null));
  const used: Matrix[] = bw.delta.map((d) => d);
  const evidenced: boolean[] = new Array<boolean>(L).fill(false);
  const close = (e: unknown, g: unknown, b: unknown) => firstDifference(e, g, b, ctx.slack) === null;
  for (let l = L - 1; l >= 0; l--) {
    const o = own[l];
    if (!o) continue;
    let ok = close(bw.delta[l], o, bounds.delta[l]) || related(o, bw.delta[l]!);
    if (!ok && l < L - 1 && evidenced[l + 1]) {
      const layer = c.net.layers[l]!;
      const W = c.net.layers[l + 1]!.W;
      ok = close(bp2Of(W, used[l + 1]!, sp[l]!), o, bp2Bounds(W, used[l + 1]!, fw.z[l]!, sp[l]!, bounds.z[l]!, layer.activation, alphaOf(layer.activation, layer.alpha), ctx.u));
    }
    if (!ok && (l === L - 1 || evidenced[l + 1])) ok = catalogueExplains(l === L - 1 ? 'backward.bp1' : 'backward.bp2', l, o, c, ctx, info, used);
    if (ok) {
      evidenced[l] = true;
      used[l] = o;
    }
  }
  return { used, evidenced };
}

/** δ^l is what a catalogued BP1 / BP2 mistake gives on this case (from the δ used above it). */
function catalogueExplains(checkId: string, l: number, own: Matrix, c: NetCase, ctx: CheckContext, info: ReturnType<typeof forwardInfo>, used: Matrix[]): boolean {
  const { fw, bw, sp, bounds } = info;
  const ev: Evaluation = {
    input: netInput(c),
    expected: { delta: { [l]: bw.delta[l] } },
    got: { delta: { [l]: own } },
    bounds: { delta: { [l]: bounds.delta[l] } },
    ctx: { case: c, fw, bw, sp, ownDelta: used },
  };
  for (const d of DIAGNOSES) {
    if (!appliesTo(d, checkId) || !d.mistaken) continue;
    let m: unknown;
    try {
      m = d.mistaken(ev, ctx);
    } catch {
      continue;
    }
    if (m === undefined) continue;
    const alts = m !== null && typeof m === 'object' && 'alternatives' in (m as object) ? (m as { alternatives: unknown[] }).alternatives : [m];
    if (alts.some((alt) => firstDifference(alt, ev.got, ev.bounds, ctx.slack) === null)) return true;
  }
  return false;
}

type BpPart = 'bp1' | 'bp2' | 'bp3' | 'bp4';

const BP_TITLES: Record<BpPart, string> = {
  bp1: 'BP1: δ^L = ∇_a E ⊙ σ′(z^L) (a^L − y for sigmoid+bce, softmax+cce)',
  bp2: 'BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l), from your own δ^{l+1}',
  bp3: 'BP3: ∂C/∂b^l = mean over the batch of your own δ^l',
  bp4: 'BP4: ∂C/∂W^l = mean over the batch of your own δ^l (a^{l−1})ᵀ',
};

function backwardCheck(part: BpPart, scope: Scope): CheckDef<NetCase> {
  const minDepth = part === 'bp2' ? 2 : 1;
  return gradingCheck({
    id: `backward.${part}`,
    fn: 'backward',
    title: BP_TITLES[part],
    arbitrary: () => netCaseArbFor(scope, { depth: [minDepth, 4] })!,
    examples: () => netExamples(scope, minDepth),
    async evaluate(c, subject, ctx) {
      const got = await callFn(subject, 'backward', [c.net, c.X, c.Y, c.loss]);
      const info = forwardInfo(c, ctx);
      const { fw, bw, sp, bounds } = info;
      const L = c.net.layers.length;
      const B = c.X.length;
      const n = sizes(c);
      const gotDelta = field(got, 'delta');
      const { used, evidenced } = deltaEvidence(c, ctx, info, gotDelta);
      const ownDelta = used;
      const aBelow = (l: number): Matrix => (l === 0 ? c.X : fw.a[l - 1]!);
      // BP3/BP4 reduce the batch as the expected side does (batch-reduction): the mean, or the sum (k = B times the mean)
      const k = ctx.expected.batchReduction === 'sum' ? B : 1;
      const div = B / k;
      const reduced = k === 1 ? 'mean' : 'sum';
      const base = { input: netInput(c), ctx: { case: c, fw, bw, sp, ownDelta, got } };
      switch (part) {
        case 'bp1':
          return {
            ...base,
            expected: { delta: { [L - 1]: bw.delta[L - 1] } },
            got: { delta: { [L - 1]: Array.isArray(gotDelta) ? gotDelta[L - 1] : gotDelta } },
            bounds: { delta: { [L - 1]: bounds.delta[L - 1] } },
            note: `the output layer is layer ${L} (index ${L - 1} of delta)`,
          };
        case 'bp2': {
          const exp: Record<number, Matrix> = {};
          const gotD: Record<number, unknown> = {};
          const bnd: Record<number, Matrix> = {};
          for (let l = L - 2; l >= 0; l--) {
            const layer = c.net.layers[l]!;
            const W = c.net.layers[l + 1]!.W;
            gotD[l] = Array.isArray(gotDelta) ? gotDelta[l] : gotDelta;
            if (evidenced[l + 1]) {
              exp[l] = bp2Of(W, ownDelta[l + 1]!, sp[l]!);
              bnd[l] = bp2Bounds(W, ownDelta[l + 1]!, fw.z[l]!, sp[l]!, bounds.z[l]!, layer.activation, alphaOf(layer.activation, layer.alpha), ctx.u);
            } else {
              // your δ^{l+1} carries no evidence (zeros, a constant, unrelated to the net): δ^l is judged against the truth
              exp[l] = bw.delta[l]!;
              bnd[l] = bounds.delta[l]!;
            }
          }
          const fromTruth = Object.keys(exp).filter((k) => !evidenced[Number(k) + 1]).map((k) => Number(k) + 1);
          const note = fromTruth.length
            ? `δ^l is compared with BP2 applied to your own δ^{l+1}, except at layer${fromTruth.length > 1 ? 's' : ''} ${fromTruth.join(', ')}: your δ above ${fromTruth.length > 1 ? 'them' : 'it'} carries no evidence (zeros, a constant or unrelated to the net), so the true δ is the reference there`
            : 'δ^l is compared with BP2 applied to your own δ^{l+1}';
          return { ...base, expected: { delta: exp }, got: { delta: gotD }, bounds: { delta: bnd }, note };
        }
        case 'bp3': {
          const expected = ownDelta.map((d) => d[0]!.map((_, j) => d.reduce((s, dx) => s + dx[j]!, 0) / div));
          return {
            ...base,
            expected: { gradB: expected },
            got: { gradB: field(got, 'gradB') },
            bounds: { gradB: ownDelta.map((d) => bp3Bounds(d, ctx.u).map((e) => e * k)) },
            note: evidenced.every(Boolean) ? `gradB is compared with the batch ${reduced} of your own δ` : `gradB is compared with the batch ${reduced} of your own δ where it carries evidence, of the true δ at layer(s) ${evidenced.map((e, l) => (e ? 0 : l + 1)).filter(Boolean).join(', ')}`,
          };
        }
        case 'bp4': {
          const expected = ownDelta.map((d, l) =>
            d[0]!.map((_, j) => aBelow(l)[0]!.map((_, i) => d.reduce((s, dx, x) => s + dx[j]! * aBelow(l)[x]![i]!, 0) / div)),
          );
          return {
            ...base,
            expected: { gradW: expected },
            got: { gradW: field(got, 'gradW') },
            bounds: { gradW: ownDelta.map((d, l) => bp4Bounds(d, aBelow(l), l === 0 ? null : bounds.a[l - 1]!, ctx.u).map((r) => r.map((e) => e * k))) },
            note: evidenced.every(Boolean) ? `gradW is compared with the batch ${reduced} of your own δ^l (a^{l−1})ᵀ` : `gradW is compared with the batch ${reduced} of your own δ^l (a^{l−1})ᵀ where your δ carries evidence, of the true δ at layer(s) ${evidenced.map((e, l) => (e ? 0 : l + 1)).filter(Boolean).join(', ')}`,
          };
        }
      }
    },
  });
}

// ---- optimizers --------------------------------------------------------------------------------

function stepCheck(name: OptimizerName): CheckDef<StepCase> {
  return gradingCheck({
    id: `step.${name}`,
    fn: 'step',
    title: `${name}: several steps in a row, carrying the state`,
    arbitrary: () => stepCaseArb(name),
    examples: () => stepExamples(name),
    async evaluate(c, subject, ctx) {
      // the submission is fed its own params and state, as in training; the reference likewise
      const got: unknown[] = [];
      let params: unknown = c.params;
      let state: unknown = null;
      for (const g of c.grads) {
        const r = await callFn(subject, 'step', [c.opt, params, g, state]);
        params = field(r, 'params');
        state = field(r, 'state');
        got.push(params);
        if (asParams(params, c.params) === null) break; // malformed: cannot feed it to the next step
      }
      const expected: Expected<Params>[] = [];
      let rp: Expected<Params> = c.params;
      let rs: unknown = null;
      for (const g of c.grads) {
        const r = ctx.expected.step(c.opt, rp, g, rs);
        rp = r.params;
        rs = r.state;
        expected.push(rp);
      }
      const bounds = stepBounds(c.opt, c.params, c.grads, ctx.precision, ctx.u);
      return {
        input: { opt: c.opt, params: c.params, grads: c.grads },
        expected: { params: expected },
        got: { params: got },
        bounds: { params: bounds },
        ctx: { case: c },
        note: `params[t] is the result of step t+1 (${c.grads.length} step${c.grads.length > 1 ? 's' : ''}, each fed the previous params and state)`,
      };
    },
  });
}

function asParams(p: unknown, like: Params): Params | null {
  const W = field(p, 'W');
  const b = field(p, 'b');
  if (!Array.isArray(W) || !Array.isArray(b) || W.length !== like.W.length || b.length !== like.b.length) return null;
  return p as Params;
}

function perceptronCheck(): CheckDef<PerceptronCase> {
  return gradingCheck({
    id: 'perceptronStep',
    fn: 'perceptronStep',
    title: 'ŷ = 1 if w·x + b ≥ 0; w ← w + lr(y − ŷ)x; b ← b + lr(y − ŷ)',
    arbitrary: () => perceptronCaseArb(),
    examples: () => perceptronExamples(),
    async evaluate(c, subject, ctx) {
      const got = await callFn(subject, 'perceptronStep', [c.w, c.b, c.x, c.y, c.lr]);
      const expected = ctx.expected.perceptronStep(c.w, c.b, c.x, c.y, c.lr);
      // dyadic inputs: w·x + b and the update are exact in both precisions (cases.ts)
      const tol = (v: number) => 4 * ctx.u * Math.abs(v);
      return {
        input: { w: c.w, b: c.b, x: c.x, y: c.y, lr: c.lr },
        expected: { w: expected.w, b: expected.b },
        got: { w: field(got, 'w'), b: field(got, 'b') },
        bounds: { w: expected.w.map(tol), b: tol(expected.b) },
        ctx: { case: c },
      };
    },
  });
}

/** Every check the scope allows, in report order. */
export function checksFor(scope: Scope): CheckDef[] {
  const acts = scope.activations;
  const list: CheckDef[] = [];
  for (const a of acts) list.push(activateCheck(a));
  for (const a of ELEMENTWISE_ACTIVATIONS) if (acts.includes(a)) list.push(activateGradCheck(a));
  for (const l of scope.losses) list.push(lossCheck(l));
  if (pairings(scope).length > 0) {
    list.push(forwardCheck(scope));
    list.push(backwardCheck('bp1', scope));
    if (hiddenActivations(scope).length > 0) list.push(backwardCheck('bp2', scope));
    list.push(backwardCheck('bp3', scope), backwardCheck('bp4', scope));
  }
  for (const o of scope.optimizers) list.push(stepCheck(o));
  list.push(perceptronCheck());
  return list;
}

/** All check ids the contract defines (for rubric validation). */
export const ALL_CHECK_IDS: readonly string[] = [
  ...ACTIVATIONS.map((a) => `activate.${a}`),
  ...ELEMENTWISE_ACTIVATIONS.map((a) => `activateGrad.${a}`),
  ...LOSSES.map((l) => `loss.${l}`),
  'forward',
  'backward.bp1',
  'backward.bp2',
  'backward.bp3',
  'backward.bp4',
  ...OPTIMIZERS.map((o) => `step.${o}`),
  'perceptronStep',
];

export type { Vector };
