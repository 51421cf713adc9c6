/**
 * Automatic differentiation (notes 001 "reverse-mode AD", 003 "Two ways to compute gradients", 004
 * "Theorem"): the reference's computational graph (reference/autodiff.ts) against the notes' statements.
 *
 *  - autodiff.sum-over-paths: on a random DAG of units (σ(Σ w p + b) for sigmoid, tanh, softplus,
 *    identity, elu away from 0) and primitive operations (+, −, ×, ÷, exp, log, log(1+·), tanh, sin, cos,
 *    √, powers, sums, scalings), the derivative of the last node L with respect to every node z is the
 *    sum over all paths z → … → L of the products of the local derivatives along each path,
 *        ∂L/∂z = Σ_{z = z_0 → … → z_l = L} Π_i ∂z_{i+1}/∂z_i        (004, "Theorem"),
 *    enumerated path by path here, with the local derivatives from this file's own table, in Decimal —
 *    and it equals what the graph's reverse sweep in topological order finds. The forward values and the
 *    topological order (every node after its inputs, each once) are checked too.
 *  - autodiff.net-gradient: the whole network as one graph (autodiffNetLoss) gives the gradient the
 *    subject's backpropagation gives (BP1–BP4), within the subject's derived rounding bound, and its loss
 *    equals the Decimal scalar reference's.
 *  - autodiff.notes-example: the notes' f(x) = exp(exp(x) + exp(x)²) + sin(exp(x) + exp(x)²) by the
 *    graph, by the intermediate variables written out by hand and by the symbolic derivative the notes
 *    give agree, and with the central difference of f (003); the softmax Jacobian by the graph is
 *    a_i (1[i = j] − a_j).
 */
import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { ELEMENTWISE_ACTIVATIONS } from '../contract/names.js';
import { UNIT_ROUNDOFF, allowedAt, boundAt } from '../tolerance/model.js';
import { firstMismatch } from '../engine/compare.js';
import { Graph, activationNode, autodiffActivationGrad, autodiffNetLoss, autodiffSoftmaxJacobian, notesExampleAutodiff, notesExampleByHand, notesExampleSymbolic, topologicalOrder, type Node } from '../reference/autodiff.js';
import { decimal50, float64 } from '../reference/field.js';
import { decimalLoss } from '../reference/scalar/index.js';
import { KINK_ACTIVATIONS, netCaseArb, type NetCase } from './arbitraries.js';
import { call } from './engine.js';
import { DECIMAL_AGREEMENT, boundsForSubject, kinkDistance, truthOf } from './exact.js';
import { PropertyFailure, assertNoMismatch } from './failure.js';
import { KINK_MARGIN } from './gradient.js';
import type { Property } from './types.js';

const F = decimal50;
type D = Decimal;

/** Agreement of two Decimal computations of the same quantity by different routes, relative to their gauge (exact.ts). */
function closeD(what: string, want: D, got: D, note?: string, gauge: D = want.abs()): void {
  const tol = gauge.times(DECIMAL_AGREEMENT);
  if (!got.minus(want).abs().lte(tol)) throw new PropertyFailure({ what, expected: want.toString(), got: got.toString(), note });
}

// ── the DAG ─────────────────────────────────────────────────────────────────────────────────────

const UNIT_ACTS = ['sigmoid', 'tanh', 'softplus', 'identity', 'elu'] as const;
const OPS = ['add', 'sub', 'mul', 'div', 'exp', 'log', 'log1p', 'tanh', 'sin', 'cos', 'sqrt', 'pow', 'sum', 'scale', 'neg', 'unit'] as const;
type OpName = (typeof OPS)[number];

/** One node to build: an operation on earlier nodes (indices), with its constants. */
export interface DagNode {
  op: OpName;
  /** Indices of the inputs among the earlier nodes (0..n−1 are the variables). */
  inputs: number[];
  /** Unit weights / scale constant / power. */
  w: number[];
  b: number;
  act: (typeof UNIT_ACTS)[number];
}

export interface DagCase {
  x: number[];
  nodes: DagNode[];
}

const small = fc.integer({ min: -12, max: 12 }).map((k) => k / 8);

export const dagArb: fc.Arbitrary<DagCase> = fc.record({ n: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: 7 }) }).chain(({ n, m }) =>
  fc.record({
    x: fc.array(small, { minLength: n, maxLength: n }),
    nodes: fc.tuple(
      ...Array.from({ length: m }, (_, i) =>
        fc.record({
          op: fc.constantFrom(...OPS),
          // inputs among the n + i earlier nodes, the one just before always included (so L depends on much)
          inputs: fc.array(fc.integer({ min: 0, max: n + i - 1 }), { minLength: 1, maxLength: 2 }).map((ks) => [n + i - 1, ...ks]),
          w: fc.array(small, { minLength: 4, maxLength: 4 }),
          b: small,
          act: fc.constantFrom(...UNIT_ACTS),
        }),
      ),
    ),
  }),
);

/** The local derivatives of a node's value with respect to each of its inputs, by this file's own table. */
interface Built {
  value: D;
  /** local[k] = ∂(this)/∂(inputs[k]); inputs may repeat (then the paths through each copy are separate). */
  local: D[];
  inputs: number[];
  /**
   * G with |error of value| ≤ u·G for a route that rounds every operation (u the Decimal unit
   * roundoff, first order): |value| for its own rounding plus Σ |local_s|·G of the inputs.
   */
  gauge: D;
  /** A_s with |error of local[s]| ≤ u·A_s: its own rounding plus its inputs' errors through ∂local/∂input. */
  localErr: D[];
}

const sigmoidD = (z: D) => F.one.div(F.one.plus(z.neg().exp()));

/** Builds the DAG twice: as reference graph nodes, and as this file's own values and local derivatives. */
function build(c: DagCase): { g: Graph<D>; nodes: Node<D>[]; mine: Built[]; n: number } {
  const g = new Graph(F);
  const nodes: Node<D>[] = c.x.map((v) => g.variable(F.of(v)));
  const mine: Built[] = c.x.map((v) => ({ value: F.of(v), local: [], inputs: [], gauge: F.of(v).abs(), localErr: [] }));
  for (const spec of c.nodes) {
    const ins = spec.inputs;
    const p = ins.map((k) => nodes[k]!);
    const v = ins.map((k) => mine[k]!.value);
    const [a, b] = [p[0]!, p[1] ?? p[0]!];
    const [va, vb] = [v[0]!, v[1] ?? v[0]!];
    const [ia, ib] = [ins[0]!, ins[1] ?? ins[0]!];
    const [Ga, Gb] = [mine[ia]!.gauge, mine[ib]!.gauge];
    let node: Node<D>;
    let built: Omit<Built, 'gauge'>;
    // the operations whose domain is limited fall back to a unit where the input is out of it
    let op: OpName = spec.op;
    if ((op === 'log' || op === 'sqrt') && !va.gt(0.125)) op = 'unit';
    if (op === 'log1p' && !va.gt(-0.875)) op = 'unit';
    if (op === 'div' && !vb.abs().gt(0.125)) op = 'unit';
    if (op === 'exp' && va.gt(8)) op = 'unit';
    if ((op === 'sin' || op === 'cos') && va.abs().gt(1e6)) op = 'unit'; // decimal.js reduces by π to 50 digits
    switch (op) {
      case 'add':
        node = g.add(a, b);
        built = { value: va.plus(vb), local: [F.one, F.one], inputs: [ia, ib], localErr: [F.zero, F.zero] };
        break;
      case 'sub':
        node = g.sub(a, b);
        built = { value: va.minus(vb), local: [F.one, F.one.neg()], inputs: [ia, ib], localErr: [F.zero, F.zero] };
        break;
      case 'mul':
        node = g.mul(a, b);
        built = { value: va.times(vb), local: [vb, va], inputs: [ia, ib], localErr: [Gb, Ga] };
        break;
      case 'div':
        node = g.div(a, b);
        // ∂(a/b)/∂a = 1/b, ∂/∂b = −a/b²; their derivatives −1/b², 1/b² and 2a/b³ carry the inputs' errors
        built = {
          value: va.div(vb),
          local: [F.one.div(vb), va.neg().div(vb.times(vb))],
          inputs: [ia, ib],
          localErr: [F.one.div(vb.abs()).plus(Gb.div(vb.pow(2))), va.abs().div(vb.pow(2)).plus(Ga.div(vb.pow(2))).plus(va.abs().times(2).times(Gb).div(vb.abs().pow(3)))],
        };
        break;
      case 'exp':
        node = g.exp(a);
        built = { value: va.exp(), local: [va.exp()], inputs: [ia], localErr: [va.exp().times(Ga.plus(1))] };
        break;
      case 'log':
        node = g.log(a);
        built = { value: va.ln(), local: [F.one.div(va)], inputs: [ia], localErr: [F.one.div(va.abs()).plus(Ga.div(va.pow(2)))] };
        break;
      case 'log1p':
        node = g.log1p(a);
        // log(1 + x) cancels at 50 digits for tiny x: the series there (the field does the same below 10⁻⁸)
        built = { value: va.abs().lt(1e-8) ? Array.from({ length: 12 }, (_x, k) => va.pow(k + 1).div(k + 1).times(k % 2 ? -1 : 1)).reduce((s, t) => s.plus(t), F.zero) : va.plus(1).ln(), local: [F.one.div(va.plus(1))], inputs: [ia], localErr: [F.one.div(va.plus(1).abs()).plus(Ga.div(va.plus(1).pow(2)))] };
        break;
      case 'tanh':
        node = g.tanh(a);
        // (1 − t²)′ = −2t(1 − t²)
        // 1 − t² cancels as |t| → 1: its own rounding is ≤ u(1 + t²), not u(1 − t²)
        built = { value: va.tanh(), local: [F.one.minus(va.tanh().pow(2))], inputs: [ia], localErr: [F.one.minus(va.tanh().pow(2)).times(va.tanh().abs().times(2).times(Ga)).plus(2)] };
        break;
      case 'sin':
        node = g.sin(a);
        built = { value: va.sin(), local: [va.cos()], inputs: [ia], localErr: [va.cos().abs().plus(Ga)] };
        break;
      case 'cos':
        node = g.cos(a);
        built = { value: va.cos(), local: [va.sin().neg()], inputs: [ia], localErr: [va.sin().abs().plus(Ga)] };
        break;
      case 'sqrt':
        node = g.sqrt(a);
        built = { value: va.sqrt(), local: [F.one.div(va.sqrt().times(2))], inputs: [ia], localErr: [F.one.div(va.sqrt().times(2)).plus(Ga.div(va.pow(1.5).times(4)))] };
        break;
      case 'pow': {
        // integer powers by products, others (a > 0) as e^{n log a}
        const k = [2, 3, -1, 0, 0.5, 1.5][Math.abs(Math.round(spec.w[0]! * 8)) % 6]!;
        const safe = (k < 0 && !va.abs().gt(0.125)) || (!Number.isInteger(k) && !va.gt(0.125)) ? 2 : k;
        node = g.pow(a, safe);
        const local = safe === 0 ? F.zero : va.pow(safe - 1).times(safe);
        built = { value: va.pow(safe), local: [local], inputs: [ia], localErr: [safe === 0 ? F.zero : local.abs().plus(va.abs().pow(safe - 2).times(Math.abs(safe * (safe - 1))).times(Ga))] };
        break;
      }
      case 'sum':
        node = g.sum(p);
        built = { value: v.reduce((s, x) => s.plus(x), F.zero), local: v.map(() => F.one), inputs: ins, localErr: v.map(() => F.zero) };
        break;
      case 'scale':
        node = g.scale(a, spec.w[0]!);
        built = { value: va.times(F.of(spec.w[0]!)), local: [F.of(spec.w[0]!)], inputs: [ia], localErr: [F.zero] };
        break;
      case 'neg':
        node = g.neg(a);
        built = { value: va.neg(), local: [F.one.neg()], inputs: [ia], localErr: [F.zero] };
        break;
      case 'unit': {
        // z = Σ_k w_k p_k + b, a = σ(z): the notes' DAG of units
        const ws = ins.map((_k, i) => F.of(spec.w[i % 4]!));
        const z = v.reduce((s, x, i) => s.plus(ws[i]!.times(x)), F.zero).plus(F.of(spec.b));
        const zNode = g.add(g.sum(p.map((q, i) => g.mul(g.constant(ws[i]!), q))), g.constant(F.of(spec.b)));
        // the reference's own unit (reference/autodiff.ts activationNode, α = 1 for elu)
        node = activationNode(g, spec.act, zNode, F.one);
        const [val, d] = unitValue(spec.act, z);
        // |σ″| ≤ 2σ′ for these activations (sigmoid σ′|1 − 2σ|, tanh 2|t|σ′, softplus σ′(1 − σ′), elu α = 1):
        // w_k σ′(z) carries 2|w_k σ′|·G_z of z's error, G_z = |z| + Σ|w_j| G_j
        const Gz = ins.reduce((acc, k, i) => acc.plus(ws[i]!.abs().times(mine[k]!.gauge)), z.abs());
        // σ′ itself is formed from terms of magnitude ≤ 2 (1 − t², s(1 − s), eᶻ): its own rounding ≤ u(|σ′| + 2)
        built = { value: val, local: ws.map((w) => w.times(d)), inputs: ins, localErr: ws.map((w) => w.abs().times(d.abs().times(Gz.times(2).plus(1)).plus(2))) };
        break;
      }
    }
    nodes.push(node);
    // an elementary function may be evaluated through a cancelling form (tanh by e²ᶻ, elu as eᶻ − 1, log1p
    // as ln(1 + x)): its own rounding is bounded by u(|value| + 1) rather than u|value|
    const own = ['add', 'sub', 'mul', 'div', 'sum', 'scale', 'neg'].includes(op) ? built.value.abs() : built.value.abs().plus(1);
    mine.push({ ...built, gauge: built.inputs.reduce((acc, k, i) => acc.plus(built.local[i]!.abs().times(mine[k]!.gauge)), own) });
  }
  return { g, nodes, mine, n: c.x.length };
}

/** σ(z) and σ′(z) for the unit activations (elu with α = 1). */
function unitValue(act: (typeof UNIT_ACTS)[number], z: D): [D, D] {
  switch (act) {
    case 'sigmoid': {
      const s = sigmoidD(z);
      return [s, s.times(F.one.minus(s))];
    }
    case 'tanh':
      return [z.tanh(), F.one.minus(z.tanh().pow(2))];
    case 'softplus':
      return [z.exp().plus(1).ln(), sigmoidD(z)];
    case 'identity':
      return [z, F.one];
    case 'elu':
      return z.gte(0) ? [z, F.one] : [z.exp().minus(1), z.exp()];
  }
}

/** ∂L/∂(node i) as the sum over every path i → … → L of the product of the local derivatives (enumerated). */
export function pathSum(mine: readonly Pick<Built, 'inputs' | 'local' | 'localErr'>[], from: number): { value: D; paths: number; gauge: D } {
  const L = mine.length - 1;
  let paths = 0;
  let total = F.zero;
  let gauge = F.zero;
  // children lists: (child, local derivative of the child w.r.t. this input), one entry per input slot
  const children: Array<Array<[number, D, D]>> = mine.map(() => []);
  mine.forEach((nd, j) => nd.inputs.forEach((k, s) => children[k]!.push([j, nd.local[s]!, nd.localErr[s]!])));
  // per path: P = |product| (its own roundings) and Q = Σ_e Π_{f≠e}|local_f|·A_e (the locals' errors)
  const walk = (i: number, product: D, P: D, Q: D) => {
    if (i === L) {
      paths++;
      total = total.plus(product);
      gauge = gauge.plus(P).plus(Q);
      return;
    }
    for (const [j, d, A] of children[i]!) walk(j, product.times(d), P.times(d.abs()), Q.times(d.abs()).plus(P.times(A)));
  };
  walk(from, F.one, F.one, F.zero);
  return { value: total, paths, gauge };
}

export const sumOverPaths: Property<DagCase> = {
  id: 'autodiff.sum-over-paths',
  concept:
    'on a DAG of units and operations, ∂L/∂z = Σ over the paths z → … → L of the products of the local derivatives (004 "Theorem"), enumerated path by path, equals the reverse sweep of the graph in topological order ("going from the back", 004; 001 reverse-mode AD)',
  requires: [],
  defaultRuns: 40,
  arbitrary: () => dagArb,
  check(_s, c) {
    const { g, nodes, mine } = build(c);
    const root = nodes[nodes.length - 1]!;
    // forward values
    nodes.forEach((nd, i) => closeD(`value of node ${i} (${i < c.x.length ? 'variable' : c.nodes[i - c.x.length]!.op})`, mine[i]!.value, nd.value, undefined, mine[i]!.gauge));
    // topological order: every reachable node once, after all of its inputs
    const order = topologicalOrder(root);
    const pos = new Map(order.map((nd, i) => [nd, i]));
    if (pos.size !== order.length || order[order.length - 1] !== root) throw new PropertyFailure({ what: 'topological order', expected: 'each node once, the root last', got: `${order.length} entries, ${pos.size} distinct` });
    for (const nd of order) for (const p of nd.parents) if (!(pos.get(p)! < pos.get(nd)!)) throw new PropertyFailure({ what: `topological order: node ${nd.op} before its input ${p.op}`, expected: 'every node after all of its inputs', got: `input at ${pos.get(p)}, node at ${pos.get(nd)}` });
    g.backward(root);
    // the variables and every node built from them: the reverse sweep's ∂L/∂z vs the sum over paths
    const reach = new Set(order);
    nodes.forEach((nd, i) => {
      const ps = pathSum(mine, i);
      if (ps.paths === 0 && i !== nodes.length - 1) {
        if (reach.has(nd)) throw new PropertyFailure({ what: `node ${i} has no path to L but is in the topological order of L`, expected: 'absent', got: 'present' });
        return;
      }
      // the two sum the same products in different orders, of locals computed by different routes: within
      // DECIMAL_AGREEMENT of Σ_paths (|product| + the locals' propagated errors)
      closeD(`∂L/∂(node ${i}) by the reverse sweep vs the sum over ${ps.paths} paths`, ps.value, nd.grad, `DAG: ${JSON.stringify(c.nodes.map((d) => d.op))}`, ps.gauge);
    });
    // a second sweep gives the same (grads are reset, not accumulated across sweeps)
    const first = nodes.map((nd) => nd.grad);
    g.backward(root);
    nodes.forEach((nd, i) => closeD(`∂L/∂(node ${i}) after a second backward`, first[i]!, nd.grad, undefined, F.zero));
  },
};

// ── the network as one graph ────────────────────────────────────────────────────────────────────

export const netGradient: Property<NetCase> = {
  id: 'autodiff.net-gradient',
  concept:
    "the whole network built as one computational graph (weights as variables) and swept backwards once gives the gradient backpropagation gives (000 BP1–BP4; 001 reverse-mode AD; 004 \"derivatives over parameters\"), and the batch-mean loss",
  requires: ['backward'],
  defaultRuns: 20,
  arbitrary: () => netCaseArb({ depth: [1, 3], width: [1, 4], batch: [1, 3], kinkZeros: false }),
  async check(subject, c) {
    const truth = truthOf(c);
    fc.pre(kinkDistance(c, truth, KINK_ACTIVATIONS) > KINK_MARGIN);
    const ad = autodiffNetLoss(F, c.net, c.X, c.Y, c.loss);
    // the loss is a sum of per-example terms of one sign (½(a − y)², −y log a, −(1 − y) log(1 − a)): its own magnitude is its gauge
    closeD('the batch-mean loss by the graph vs the Decimal scalar reference', decimalLoss(truth.fnet, c.X, c.Y, c.loss), ad.loss);
    const got = await call(subject, 'backward', c.net, c.X, c.Y, c.loss);
    const bounds = boundsForSubject(c, truth, subject);
    assertNoMismatch(firstMismatch(ad.gradW.map((M) => M.map((r) => r.map((x) => F.toNumber(x)))), got?.gradW, (p, e) => allowedAt(boundAt(bounds.gradW, p), e)), 'gradW vs reverse-mode autodiff of the whole network (Decimal)', { perLayer: true });
    assertNoMismatch(firstMismatch(ad.gradB.map((r) => r.map((x) => F.toNumber(x))), got?.gradB, (p, e) => allowedAt(boundAt(bounds.gradB, p), e)), 'gradB vs reverse-mode autodiff of the whole network (Decimal)', { perLayer: true });
  },
};

// ── the notes' example and the softmax Jacobian ─────────────────────────────────────────────────

export interface NotesCase {
  x: number;
  z: number[];
}

export const notesExample: Property<NotesCase> = {
  id: 'autodiff.notes-example',
  concept:
    "the notes' f(x) = exp(exp(x) + exp(x)²) + sin(exp(x) + exp(x)²): its derivative by the graph, by the intermediate variables a…f written out by hand, by the symbolic formula (exp(c) + cos(c))(eˣ + 2e²ˣ) and by the central difference agree (003 \"Two ways to compute gradients\"); the softmax Jacobian by the graph is a_i(1[i = j] − a_j)",
  requires: [],
  defaultRuns: 30,
  arbitrary: () => fc.record({ x: fc.integer({ min: -24, max: 8 }).map((k) => k / 8), z: fc.array(fc.integer({ min: -32, max: 32 }).map((k) => k / 8), { minLength: 1, maxLength: 5 }) }),
  check(_s, { x, z }) {
    const xd = F.of(x);
    const f = (t: D) => {
      const e = t.exp();
      const cc = e.plus(e.times(e));
      return cc.exp().plus(cc.sin());
    };
    const ad = notesExampleAutodiff(F, xd);
    const hand = notesExampleByHand(F, xd);
    const sym = notesExampleSymbolic(F, xd);
    const h = F.of(1e-20);
    const cd = f(xd.plus(h)).minus(f(xd.minus(h))).div(h.times(2));
    const scale = f(xd).abs().plus(1);
    closeD(`f(${x}) by the graph`, f(xd), ad.f);
    closeD(`f(${x}) by hand`, f(xd), hand.f);
    closeD(`f(${x}) symbolic`, f(xd), sym.f);
    const e = xd.exp();
    const cc = e.plus(e.times(e));
    for (const [what, v] of [['a = exp(x)', hand.a], ['b = a²', hand.b], ['c = a + b', hand.c], ['d = exp(c)', hand.d], ['e = sin(c)', hand.e]] as const) {
      const want = { 'a = exp(x)': e, 'b = a²': e.times(e), 'c = a + b': cc, 'd = exp(c)': cc.exp(), 'e = sin(c)': cc.sin() }[what];
      closeD(`the intermediate variable ${what} at x = ${x}`, want, v);
    }
    closeD(`df/dc = exp(c) + cos(c) by hand`, cc.exp().plus(cc.cos()), hand.dfdc);
    closeD(`df/dx by hand vs symbolic at x = ${x}`, sym.dfdx, hand.dfdx);
    closeD(`df/dx by the graph vs symbolic at x = ${x}`, sym.dfdx, ad.dfdx);
    // the symbolic formula itself against the central difference (h = 1e-20: truncation ~h² f‴, rounding 1e-50 |f|/h)
    const dd = sym.dfdx.minus(cd).abs();
    const tol = scale.times(1e-25);
    if (!dd.lte(tol)) throw new PropertyFailure({ what: `df/dx (symbolic) vs the central difference at x = ${x}`, expected: cd.toString(), got: sym.dfdx.toString(), allowed: tol.toNumber() });
    if (hand.dfdd.minus(1).abs().gt(0) || hand.dfde.minus(1).abs().gt(0) || hand.dfdb.minus(hand.dfdc).abs().gt(0)) throw new PropertyFailure({ what: 'df/dd, df/de, df/db by hand', expected: '1, 1, df/dc', got: `${hand.dfdd}, ${hand.dfde}, ${hand.dfdb}` });
    // softmax Jacobian
    const zd = z.map((v) => F.of(v));
    const m = zd.reduce((a, b) => (b.gt(a) ? b : a));
    const ex = zd.map((v) => v.minus(m).exp());
    const s = ex.reduce((a, b) => a.plus(b), F.zero);
    const a = ex.map((v) => v.div(s));
    const J = autodiffSoftmaxJacobian(F, zd);
    a.forEach((ai, i) => a.forEach((aj, j) => closeD(`softmax Jacobian ∂a_${i + 1}/∂z_${j + 1} by the graph`, ai.times((i === j ? F.one : F.zero).minus(aj)), J[i]![j]!, `z = [${z.join(', ')}]`, ai.times(aj.plus(1)))));
    // in float64 too, with logits near 1000 (e^1000 overflows: the graph must subtract the max, as softmax does);
    // each entry is a few roundings of numbers ≤ 1 per logit: 16 n u absolute
    const big = z.map((v) => v + 1000);
    const J64 = autodiffSoftmaxJacobian(float64, big);
    const u = UNIT_ROUNDOFF.float64;
    a.forEach((ai, i) => a.forEach((aj, j) => {
      const want = ai.times((i === j ? F.one : F.zero).minus(aj)).toNumber();
      const got = J64[i]?.[j];
      if (typeof got !== 'number' || !(Math.abs(got - want) <= 16 * z.length * u)) throw new PropertyFailure({ what: `softmax Jacobian ∂a_${i + 1}/∂z_${j + 1} by the graph in float64 at logits z + 1000`, expected: want, got: got ?? 'nothing', allowed: 16 * z.length * u });
    }));
  },
};

/**
 * autodiff.float64-graph: the graph is generic over its field; in float64 it must not overflow where the
 * activation itself does not (softplus as x + log1p(e^−x) above 0, sigmoid without e^−z for z < 0): its
 * value and derivative at any z in [−1000, 1000] equal the same graph's in 50 digits, within a few ulps
 * of |value| + max(1, α) (the forms e^z − 1 and 1 − t² are accurate absolutely, not relatively).
 */
export const float64Graph: Property<{ z: number; alpha: number }> = {
  id: 'autodiff.float64-graph',
  concept: 'the computational graph evaluated in float64 agrees with the same graph in 50 digits for every activation at any z in [−1000, 1000]: no overflow to Infinity or NaN where the activation is finite (001 reverse-mode AD)',
  requires: [],
  defaultRuns: 40,
  arbitrary: () =>
    fc.record({
      z: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -40, max: 40, noNaN: true }).map((x) => x + 0)),
      alpha: fc.integer({ min: 1, max: 32 }).map((k) => k / 16),
    }),
  check(_s, c) {
    const scale = Math.max(1, c.alpha);
    // every activation at ±z, and at the ends of the range in every run
    for (const z of [c.z, -c.z, 1000, -1000]) {
      for (const name of ELEMENTWISE_ACTIVATIONS) {
        const f = autodiffActivationGrad(float64, name, z, c.alpha);
        const d = autodiffActivationGrad(F, name, F.of(z), F.of(c.alpha));
        for (const [what, got, want] of [['value', f.value, F.toNumber(d.value)], ['derivative', f.grad, F.toNumber(d.grad)]] as const) {
          const allowed = GRAPH_ULPS * UNIT_ROUNDOFF.float64 * (Math.abs(want) + scale);
          if (!(Math.abs(got - want) <= allowed)) throw new PropertyFailure({ what: `${what} of the ${name} graph in float64 at z = ${z}${name === 'elu' || name === 'leaky_relu' ? ` (α = ${c.alpha})` : ''}`, expected: want, got, allowed });
        }
      }
    }
  },
};

/** Operations on the longest path of an activation's graph (exp, +, log1p, ×, −), each within 2 ulps. */
const GRAPH_ULPS = 16;

export const autodiffProperties: Property[] = [sumOverPaths, netGradient, notesExample, float64Graph];

