/**
 * A small reverse-mode automatic differentiation over a computational graph, generic over the
 * number field (float64 or Decimal), in the style of micrograd: each operation records its inputs
 * and its local derivatives right beside its forward value; `backward` orders the graph
 * topologically and sweeps it in reverse.
 *
 * The notes (004, "Theorem"): the derivative of L with respect to a node z is a sum over the paths
 * from z to L of the products of the local derivatives along the path,
 *     ∂L/∂z = Σ_{z = z_0 → … → z_l = L} Π_i ∂z_{i+1}/∂z_i,
 * and "by doing topological sorting and going from the back we can compute ∂L/∂z for all nodes":
 * visiting nodes in reverse topological order, ∂L/∂z = Σ_{children c of z} ∂L/∂c · ∂c/∂z is complete
 * when z is reached, because every path from z passes through a child that was visited before.
 *
 * Activations and losses are built here from primitives (sigmoid as 1/(1+e^−x), tanh from
 * exponentials, softmax from exp and a sum, ...), so the derivative the graph finds is an
 * *independent* derivation — not the table's σ′ — and can check reference/activations.ts.
 */
import type { ActivationName, LossName } from '../contract/names.js';
import type { Matrix, Net } from '../contract/types.js';
import { checkBatch, checkNet, checkTargets, resolveAlpha } from '../contract/validate.js';
import type { Field } from './field.js';
import { exactOf } from './scalar/convert.js';

/** A node of the graph: its value, its inputs and ∂(this)/∂(input) for each input. */
export class Node<T> {
  /** ∂L/∂(this node), filled by backward. */
  grad: T;
  constructor(
    readonly value: T,
    readonly parents: readonly Node<T>[],
    /** locals[i] = ∂(this)/∂(parents[i]), evaluated at the forward values. */
    readonly locals: readonly T[],
    readonly op: string,
    zero: T,
  ) {
    this.grad = zero;
  }
}

/** Builds nodes in a field; each method is one operation with its local derivative beside it. */
export class Graph<T> {
  constructor(readonly F: Field<T>) {}

  private node(value: T, op: string, parents: Node<T>[] = [], locals: T[] = []): Node<T> {
    return new Node(value, parents, locals, op, this.F.zero);
  }

  /** A leaf whose derivative we want (a weight, an input). */
  variable(v: T | number, name = 'var'): Node<T> {
    return this.node(typeof v === 'number' ? this.F.of(v) : v, name);
  }
  /** A leaf treated as a constant (no one reads its grad). */
  constant(v: T | number): Node<T> {
    return this.node(typeof v === 'number' ? this.F.of(v) : v, 'const');
  }

  add(a: Node<T>, b: Node<T>): Node<T> {
    const F = this.F; // ∂(a+b)/∂a = 1, ∂/∂b = 1
    return this.node(F.add(a.value, b.value), 'add', [a, b], [F.one, F.one]);
  }
  sub(a: Node<T>, b: Node<T>): Node<T> {
    const F = this.F; // ∂(a−b)/∂a = 1, ∂/∂b = −1
    return this.node(F.sub(a.value, b.value), 'sub', [a, b], [F.one, F.neg(F.one)]);
  }
  mul(a: Node<T>, b: Node<T>): Node<T> {
    const F = this.F; // ∂(ab)/∂a = b, ∂/∂b = a
    return this.node(F.mul(a.value, b.value), 'mul', [a, b], [b.value, a.value]);
  }
  div(a: Node<T>, b: Node<T>): Node<T> {
    const F = this.F; // q = a/b: ∂q/∂a = 1/b, ∂q/∂b = −a/b² = −q/b
    const q = F.div(a.value, b.value);
    return this.node(q, 'div', [a, b], [F.div(F.one, b.value), F.neg(F.div(q, b.value))]);
  }
  neg(a: Node<T>): Node<T> {
    const F = this.F;
    return this.node(F.neg(a.value), 'neg', [a], [F.neg(F.one)]);
  }
  /** c · a for a constant c (∂/∂a = c). */
  scale(a: Node<T>, c: T | number): Node<T> {
    const F = this.F;
    const k = typeof c === 'number' ? F.of(c) : c;
    return this.node(F.mul(k, a.value), 'scale', [a], [k]);
  }
  exp(a: Node<T>): Node<T> {
    const e = this.F.exp(a.value); // (e^a)′ = e^a
    return this.node(e, 'exp', [a], [e]);
  }
  log(a: Node<T>): Node<T> {
    const F = this.F; // (log a)′ = 1/a
    return this.node(F.log(a.value), 'log', [a], [F.div(F.one, a.value)]);
  }
  log1p(a: Node<T>): Node<T> {
    const F = this.F; // (log(1+a))′ = 1/(1+a)
    return this.node(F.log1p(a.value), 'log1p', [a], [F.div(F.one, F.add(F.one, a.value))]);
  }
  tanh(a: Node<T>): Node<T> {
    const F = this.F; // (tanh a)′ = 1 − tanh² a
    const t = F.tanh(a.value);
    return this.node(t, 'tanh', [a], [F.sub(F.one, F.mul(t, t))]);
  }
  sin(a: Node<T>): Node<T> {
    const F = this.F; // sin′ = cos
    return this.node(F.sin(a.value), 'sin', [a], [F.cos(a.value)]);
  }
  cos(a: Node<T>): Node<T> {
    const F = this.F; // cos′ = −sin
    return this.node(F.cos(a.value), 'cos', [a], [F.neg(F.sin(a.value))]);
  }
  sqrt(a: Node<T>): Node<T> {
    const F = this.F; // (√a)′ = 1/(2√a)
    const r = F.sqrt(a.value);
    return this.node(r, 'sqrt', [a], [F.div(F.one, F.mul(F.of(2), r))]);
  }
  /** a^n for a constant n: integer n by repeated multiplication, otherwise e^{n log a} (a > 0). */
  pow(a: Node<T>, n: number): Node<T> {
    const F = this.F; // (a^n)′ = n a^{n−1}
    const p = (m: number): T => powConst(F, a.value, m);
    return this.node(p(n), `pow${n}`, [a], [n === 0 ? F.zero : F.mul(F.of(n), p(n - 1))]);
  }
  /** Σ of the nodes (one node with local derivative 1 to each). */
  sum(xs: readonly Node<T>[]): Node<T> {
    const F = this.F;
    let s = F.zero;
    for (const x of xs) s = F.add(s, x.value);
    return this.node(s, 'sum', [...xs], xs.map(() => F.one));
  }

  /**
   * Reverse-mode sweep from `root`: grads of every node reachable from root are reset, ∂root/∂root = 1,
   * then each node, in reverse topological order, passes ∂root/∂node · ∂node/∂parent to its parents.
   */
  backward(root: Node<T>): void {
    const F = this.F;
    const order = topologicalOrder(root);
    for (const n of order) n.grad = F.zero;
    root.grad = F.one;
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      n.parents.forEach((p, k) => {
        p.grad = F.add(p.grad, F.mul(n.grad, n.locals[k]!)); // ∂L/∂p += ∂L/∂n · ∂n/∂p
      });
    }
  }
}

/** a^n in the field for a constant n. */
function powConst<T>(F: Field<T>, a: T, n: number): T {
  if (Number.isInteger(n)) {
    let r = F.one;
    let base = a;
    let m = Math.abs(n);
    while (m > 0) {
      if (m & 1) r = F.mul(r, base);
      base = F.mul(base, base);
      m = Math.floor(m / 2);
    }
    return n < 0 ? F.div(F.one, r) : r;
  }
  return F.exp(F.mul(F.of(n), F.log(a)));
}

/** Nodes reachable from root, every node after all of its inputs (iterative depth-first post-order). */
export function topologicalOrder<T>(root: Node<T>): Node<T>[] {
  const order: Node<T>[] = [];
  const seen = new Set<Node<T>>([root]);
  const stack: [Node<T>, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, i] = top;
    if (i < n.parents.length) {
      top[1] = i + 1;
      const p = n.parents[i]!;
      if (!seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(n);
    }
  }
  return order;
}

// ---------------------------------------------------------------------------------------------
// Activations and losses from primitives (independent of reference/activations.ts, losses.ts).
// Piecewise activations pick their branch by the value of x; the branch chosen at the kink follows
// the contract's conventions (relu′(0) = 0, leaky_relu′(0) = α, elu′(0) = 1, step′ = 0).

/** σ(x) built from primitives, so the graph derives σ′ itself. */
export function activationNode<T>(g: Graph<T>, name: Exclude<ActivationName, 'softmax'>, x: Node<T>, alpha: T): Node<T> {
  const F = g.F;
  const pos = F.gt(x.value, F.zero);
  const nonneg = F.gte(x.value, F.zero);
  switch (name) {
    case 'identity':
      return g.scale(x, F.one);
    case 'step':
      return g.constant(nonneg ? F.one : F.zero); // no path to x: derivative 0 (step(0) = 1)
    case 'sigmoid': {
      // 1/(1+e^−x), or e^x/(1+e^x) for x < 0 (no overflow of e^−x)
      if (nonneg) return g.div(g.constant(1), g.add(g.constant(1), g.exp(g.neg(x))));
      const e = g.exp(x);
      return g.div(e, g.add(g.constant(1), e));
    }
    case 'tanh': {
      // (1 − e^{−2x})/(1 + e^{−2x}) for x ≥ 0; (e^{2x} − 1)/(e^{2x} + 1) for x < 0
      const e = g.exp(g.scale(x, nonneg ? -2 : 2));
      return nonneg ? g.div(g.sub(g.constant(1), e), g.add(g.constant(1), e)) : g.div(g.sub(e, g.constant(1)), g.add(e, g.constant(1)));
    }
    case 'relu':
      return pos ? g.scale(x, F.one) : g.scale(x, F.zero);
    case 'leaky_relu':
      return pos ? g.scale(x, F.one) : g.scale(x, alpha);
    case 'softplus':
      // log(1 + e^x) = x + log(1 + e^−x) for x > 0; log(1 + e^x) otherwise
      return pos ? g.add(x, g.log1p(g.exp(g.neg(x)))) : g.log1p(g.exp(x));
    case 'elu':
      // x for x ≥ 0; α(e^x − 1) below
      return nonneg ? g.scale(x, F.one) : g.scale(g.sub(g.exp(x), g.constant(1)), alpha);
  }
}

/** softmax_i = e^{x_i − m} / Σ_j e^{x_j − m}; m = max x is a constant (softmax is shift-invariant). */
export function softmaxNodes<T>(g: Graph<T>, xs: readonly Node<T>[]): Node<T>[] {
  const F = g.F;
  let m = xs[0]!.value;
  for (const x of xs) if (F.gt(x.value, m)) m = x.value;
  const shift = g.constant(m);
  const e = xs.map((x) => g.exp(g.sub(x, shift)));
  const s = g.sum(e);
  return e.map((ei) => g.div(ei, s));
}

/** E_x(a, y) from primitives; y are constants. Terms y·log a with y = 0 are left out (`zero-log-zero`). */
export function lossNode<T>(g: Graph<T>, name: LossName, a: readonly Node<T>[], y: readonly T[]): Node<T> {
  const F = g.F;
  const terms: Node<T>[] = [];
  a.forEach((ai, i) => {
    const yi = y[i]!;
    if (name === 'mse') {
      const d = g.sub(ai, g.constant(yi)); // ½ (a − y)²
      terms.push(g.scale(g.mul(d, d), 0.5));
      return;
    }
    if (!F.isZero(yi)) terms.push(g.scale(g.log(ai), F.neg(yi))); // −y log a
    const ny = F.sub(F.one, yi);
    if (name === 'bce' && !F.isZero(ny)) terms.push(g.scale(g.log(g.sub(g.constant(1), ai)), F.neg(ny))); // −(1−y) log(1−a)
  });
  return terms.length > 0 ? g.sum(terms) : g.constant(F.zero);
}

/** The derivative of one activation at z, found by the graph (for comparison with activateGrad). */
export function autodiffActivationGrad<T>(F: Field<T>, name: Exclude<ActivationName, 'softmax'>, z: T, alpha: T): { value: T; grad: T } {
  const g = new Graph(F);
  const x = g.variable(z, 'z');
  const y = activationNode(g, name, x, alpha);
  g.backward(y);
  return { value: y.value, grad: x.grad };
}

/** The softmax Jacobian ∂a_i/∂z_j found by the graph, row i by one sweep from a_i. */
export function autodiffSoftmaxJacobian<T>(F: Field<T>, z: readonly T[]): T[][] {
  const g = new Graph(F);
  const xs = z.map((v) => g.variable(v));
  const a = softmaxNodes(g, xs);
  return a.map((ai) => {
    g.backward(ai);
    return xs.map((x) => x.grad);
  });
}

export interface AutodiffNetLoss<T> {
  /** The batch-mean loss (1/B) Σ_x E_x. */
  loss: T;
  /** ∂loss/∂W^l (n_l × n_{l−1}) for every layer, array index 0 = layer 1. */
  gradW: T[][][];
  /** ∂loss/∂b^l for every layer. */
  gradB: T[][];
}

/**
 * The gradient of the batch-mean loss with respect to every W and b, found by building the whole
 * network as one graph (weights as variables, inputs and targets as constants) and sweeping it
 * backwards once — a third derivation of the gradients, beside the matrix and the scalar BP.
 * Numbers enter the field exactly (exactOf). Bad input gives the contract's typed errors.
 */
export function autodiffNetLoss<T>(F: Field<T>, net: Net, X: Matrix, Y: Matrix, loss: LossName): AutodiffNetLoss<T> {
  const sizes = checkNet(net);
  const B = checkBatch(X, sizes[0]!);
  const lossName = checkTargets(net, Y, B, sizes[sizes.length - 1]!, loss);
  const of = (v: number): T => exactOf(F, v);
  const g = new Graph(F);
  const W = net.layers.map((layer) => layer.W.map((row) => row.map((w) => g.variable(of(w), 'w'))));
  const b = net.layers.map((layer) => layer.b.map((bj) => g.variable(of(bj), 'b')));
  const alphas = net.layers.map((layer) => of(resolveAlpha(layer.activation, layer.alpha)));
  const perExample: Node<T>[] = [];
  for (let x = 0; x < B; x++) {
    let a: Node<T>[] = X[x]!.map((v) => g.constant(of(v))); // a^0 = x
    net.layers.forEach((layer, l) => {
      // z_j = Σ_k w_jk a_k + b_j
      const z = W[l]!.map((row, j) => g.add(g.sum(row.map((w, k) => g.mul(w, a[k]!))), b[l]![j]!));
      a = layer.activation === 'softmax' ? softmaxNodes(g, z) : z.map((zj) => activationNode(g, layer.activation as Exclude<ActivationName, 'softmax'>, zj, alphas[l]!));
    });
    perExample.push(lossNode(g, lossName, a, Y[x]!.map(of)));
  }
  const total = g.div(g.sum(perExample), g.constant(B)); // (1/B) Σ_x E_x
  g.backward(total);
  return {
    loss: total.value,
    gradW: W.map((rows) => rows.map((row) => row.map((w) => w.grad))),
    gradB: b.map((bs) => bs.map((bj) => bj.grad)),
  };
}

// ---------------------------------------------------------------------------------------------
// The notes' example (003, "Two ways to compute gradients"):
//     f = exp(exp(x) + exp(x)²) + sin(exp(x) + exp(x)²)

/** f and df/dx by the graph, with the intermediate variables a..f as nodes. */
export function notesExampleAutodiff<T>(F: Field<T>, x0: T): { f: T; dfdx: T } {
  const g = new Graph(F);
  const x = g.variable(x0, 'x');
  const a = g.exp(x); // a = exp(x)
  const b = g.pow(a, 2); // b = a²
  const c = g.add(a, b); // c = a + b
  const d = g.exp(c); // d = exp(c)
  const e = g.sin(c); // e = sin(c)
  const f = g.add(d, e); // f = d + e
  g.backward(f);
  return { f: f.value, dfdx: x.grad };
}

/** The notes' derivation by intermediate variables, written out by hand, line by line. */
export function notesExampleByHand<T>(F: Field<T>, x: T) {
  const a = F.exp(x);
  const b = F.mul(a, a);
  const c = F.add(a, b);
  const d = F.exp(c);
  const e = F.sin(c);
  const f = F.add(d, e);
  const dfdd = F.one; // df/dd = 1
  const dfde = F.one; // df/de = 1
  const dfdc = F.add(F.mul(dfdd, F.exp(c)), F.mul(dfde, F.cos(c))); // df/dc = df/dd·exp(c) + df/de·cos(c)
  const dfdb = dfdc; // df/db = df/dc · dc/db = df/dc
  const dfda = F.add(dfdc, F.mul(dfdb, F.mul(F.of(2), a))); // df/da = df/dc·dc/da + df/db·db/da = df/dc + df/db·2a
  const dfdx = F.mul(dfda, F.exp(x)); // df/dx = df/da · exp(x)
  return { a, b, c, d, e, f, dfdd, dfde, dfdc, dfdb, dfda, dfdx };
}

/** The symbolic derivative the notes give: df/dx = (exp(c) + cos(c)) · (exp(x) + 2 exp(x)²), c = exp(x) + exp(x)². */
export function notesExampleSymbolic<T>(F: Field<T>, x: T): { f: T; dfdx: T } {
  const ex = F.exp(x);
  const c = F.add(ex, F.mul(ex, ex));
  const f = F.add(F.exp(c), F.sin(c));
  const dfdx = F.add(F.mul(F.exp(c), F.add(ex, F.mul(F.of(2), F.mul(ex, ex)))), F.mul(F.cos(c), F.add(ex, F.mul(F.of(2), F.mul(ex, ex)))));
  return { f, dfdx };
}
