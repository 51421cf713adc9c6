import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ELEMENTWISE_ACTIVATIONS } from '../contract/names.js';
import { UNIT_ROUNDOFF, gamma } from '../tolerance/model.js';
import { ELEMENTWISE, softmax } from './activations.js';
import {
  Graph,
  autodiffActivationGrad,
  autodiffNetLoss,
  autodiffSoftmaxJacobian,
  notesExampleAutodiff,
  notesExampleByHand,
  notesExampleSymbolic,
  topologicalOrder,
} from './autodiff.js';
import { decimal50, float64 } from './field.js';
import { agrees, firstDisagreement } from './scalar/test-helpers.js';

const D = decimal50;

describe("the notes' example f = exp(exp(x)+exp(x)²) + sin(exp(x)+exp(x)²) (003)", () => {
  const xs = ['-3', '-1', '-0.5', '0', '0.25', '0.7', '1'];
  for (const s of xs) {
    it(`x = ${s}: autodiff, the hand derivation by intermediate variables and the symbolic formula agree to ≥ 40 digits`, () => {
      const x = D.of(Number(s));
      const ad = notesExampleAutodiff(D, x);
      const hand = notesExampleByHand(D, x);
      const sym = notesExampleSymbolic(D, x);
      const scale = D.abs(sym.dfdx);
      expect(agrees(ad.dfdx, sym.dfdx, scale)).toBe(true);
      expect(agrees(hand.dfdx, sym.dfdx, scale)).toBe(true);
      expect(agrees(ad.f, sym.f, D.abs(sym.f))).toBe(true);
      expect(agrees(hand.f, sym.f, D.abs(sym.f))).toBe(true);
    });
  }

  it('the hand derivation follows the intermediate variables: df/dc = exp(c) + cos(c), df/db = df/dc, df/da = df/dc + 2a·df/db', () => {
    const h = notesExampleByHand(D, D.of(0.3));
    expect(h.dfdc.eq(D.add(D.exp(h.c), D.cos(h.c)))).toBe(true);
    expect(h.dfdb.eq(h.dfdc)).toBe(true);
    expect(h.dfda.eq(D.add(h.dfdc, D.mul(h.dfdb, D.mul(D.of(2), h.a))))).toBe(true);
  });

  it('float64 agrees with Decimal to a few ulps (a sanity check of the generic code)', () => {
    const x = 0.25;
    const ad = notesExampleAutodiff(float64, x).dfdx;
    const exact = notesExampleSymbolic(D, D.of(x)).dfdx.toNumber();
    // about 16 operations, each with relative error ≤ 2u (libm ≤ 1 ulp), and exp(c) amplifies the
    // relative error of c by c ≈ 1.6 here: γ_32 relative is a safe first-order bound
    expect(Math.abs(ad - exact)).toBeLessThanOrEqual(gamma(32, UNIT_ROUNDOFF.float64) * Math.abs(exact));
  });

  it('a planted bug (forgetting the path through b, df/da = df/dc) is caught', () => {
    const x = D.of(0.25);
    const h = notesExampleByHand(D, x);
    const wrong = D.mul(h.dfdc, D.exp(x)); // drops df/db · 2a
    expect(agrees(wrong, notesExampleSymbolic(D, x).dfdx, D.one)).toBe(false);
  });
});

describe('autodiff of the activations (built from primitives) equals the table σ′ in Decimal', () => {
  const zs = [-30, -5, -1.5, -0.25, 0, 0.25, 1.5, 5, 30];
  for (const name of ELEMENTWISE_ACTIVATIONS) {
    it(`${name}`, () => {
      for (const alpha of [0.01, 0.7]) {
        const a = D.of(alpha);
        for (const z of zs) {
          const ad = autodiffActivationGrad(D, name, D.of(z), a);
          const tv = ELEMENTWISE[name].value(D, D.of(z), a);
          const tg = ELEMENTWISE[name].grad(D, D.of(z), a);
          expect(agrees(ad.value, tv, D.abs(tv)), `${name}(${z}) value`).toBe(true);
          expect(agrees(ad.grad, tg, D.abs(tg)), `${name}′(${z})`).toBe(true);
        }
      }
    });
  }

  it('at the kink the conventions hold: relu′(0) = 0, leaky_relu′(0) = α, elu′(0) = 1, step′(0) = 0, step(0) = 1', () => {
    const a = D.of(0.3);
    expect(autodiffActivationGrad(D, 'relu', D.zero, a).grad.toString()).toBe('0');
    expect(autodiffActivationGrad(D, 'leaky_relu', D.zero, a).grad.eq(a)).toBe(true); // α itself (the double 0.3, exactly)
    expect(autodiffActivationGrad(D, 'elu', D.zero, a).grad.toString()).toBe('1');
    expect(autodiffActivationGrad(D, 'step', D.zero, a)).toEqual({ value: D.one, grad: D.zero });
  });

  it('a planted bug in a table derivative (tanh′ = 1 − tanh) is caught', () => {
    const z = D.of(0.8);
    const wrong = D.sub(D.one, D.tanh(z));
    expect(agrees(autodiffActivationGrad(D, 'tanh', z, D.zero).grad, wrong, D.one)).toBe(false);
  });

  it('softmax Jacobian by autodiff is a_i (1[i=j] − a_j)', () => {
    const z = [D.of(0.3), D.of(-1.2), D.of(2)];
    const J = autodiffSoftmaxJacobian(D, z);
    const a = softmax(D, z);
    const expected = a.map((ai, i) => a.map((aj, j) => D.mul(ai, D.sub(i === j ? D.one : D.zero, aj))));
    expect(firstDisagreement(J, expected)).toBeNull();
  });
});

describe('the graph', () => {
  it('orders every node after its inputs and visits a shared node once', () => {
    const g = new Graph(float64);
    const x = g.variable(2);
    const a = g.exp(x);
    const b = g.mul(a, a); // a used twice
    const c = g.add(a, b);
    const order = topologicalOrder(c);
    expect(order.length).toBe(4);
    for (const n of order) for (const p of n.parents) expect(order.indexOf(p)).toBeLessThan(order.indexOf(n));
  });

  it('sums over paths: d(x·x)/dx = 2x, d(x/y)/dy = −x/y², pow and sqrt', () => {
    const g = new Graph(float64);
    const x = g.variable(3);
    const y = g.variable(4);
    const f = g.add(g.mul(x, x), g.div(x, y));
    g.backward(f);
    expect(x.grad).toBe(2 * 3 + 1 / 4);
    expect(y.grad).toBe(-3 / 16);
    const p = g.pow(y, -2);
    g.backward(p);
    expect(y.grad).toBe(-2 * 4 ** -3);
    const r = g.sqrt(y);
    g.backward(r);
    expect(y.grad).toBe(0.25);
    const q = g.pow(y, 0.5);
    g.backward(q);
    expect(Math.abs(y.grad - 0.25)).toBeLessThanOrEqual(gamma(8, UNIT_ROUNDOFF.float64)); // exp(½ log 4)·½/… : a few ops
  });

  it('log1p, cos, sin, tanh, neg, sub have their derivatives', () => {
    const g = new Graph(D);
    const x = g.variable(D.of(0.4));
    const f = g.sum([g.log1p(x), g.cos(x), g.sin(x), g.tanh(x), g.neg(x), g.sub(x, g.constant(1))]);
    g.backward(f);
    const t = D.tanh(D.of(0.4));
    const expected = D.add(
      D.add(D.div(D.one, D.add(D.one, D.of(0.4))), D.sub(D.cos(D.of(0.4)), D.sin(D.of(0.4)))),
      D.sub(D.one, D.mul(t, t)),
    ); // 1/(1+x) − sin x + cos x + 1 − tanh² x − 1 + 1
    expect(agrees(x.grad, expected, D.one)).toBe(true);
  });

  it('backward can be called again from another root (grads are reset)', () => {
    const g = new Graph(float64);
    const x = g.variable(1);
    const y = g.scale(x, 3);
    g.backward(y);
    g.backward(y);
    expect(x.grad).toBe(3);
  });

  it('handles a deep chain without recursion limits', () => {
    const g = new Graph(float64);
    const x = g.variable(1);
    let n = x;
    for (let i = 0; i < 20000; i++) n = g.add(n, g.constant(0));
    g.backward(n);
    expect(x.grad).toBe(1);
  });
});

describe('autodiffNetLoss', () => {
  it('on the notes XOR ReLU net with mse: loss 0 and zero gradient', () => {
    const net = {
      layers: [
        { W: [[1, 1], [1, 1]], b: [0, -1], activation: 'relu' as const },
        { W: [[1, -2]], b: [0], activation: 'identity' as const },
      ],
    };
    const r = autodiffNetLoss(float64, net, [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], 'mse');
    expect(r.loss).toBe(0);
    expect(r.gradW.flat(2).every((g) => g === 0)).toBe(true);
  });

  it('a single sigmoid unit with bce: ∂E/∂w = (σ(wx+b) − y) x', () => {
    const r = autodiffNetLoss(D, { layers: [{ W: [[0.5]], b: [-0.25], activation: 'sigmoid' }] }, [[2]], [[1]], 'bce');
    const s = ELEMENTWISE.sigmoid.value(D, D.of(0.75), D.zero);
    expect(agrees(r.gradW[0]![0]![0]!, D.mul(D.sub(s, D.one), D.of(2)), D.one)).toBe(true);
    expect(r.loss instanceof Decimal).toBe(true);
  });
});
