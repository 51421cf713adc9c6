import { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContractError,
  EmptyError,
  NonFiniteError,
  RaggedArrayError,
  ShapeError,
  UnknownNameError,
} from '../../contract/errors.js';
import type { Net } from '../../contract/types.js';
import { ELEMENTWISE } from '../activations.js';
import { autodiffNetLoss } from '../autodiff.js';
import { decimal50, float64 } from '../field.js';
import {
  centralDifference,
  decimalBackward,
  decimalForward,
  decimalLoss,
  decimalSubject,
  exactOf,
  lossEvaluator,
  netToField,
  perturbNet,
  moveNet,
  scalarBackward,
  scalarForward,
  scalarLoss,
  scalarLossAt,
  scalarSubject,
} from './index.js';
import { PAIRS, REQUIRED_DIGITS, agrees, allFinite, caseArb, firstDisagreement, maxAbs } from './test-helpers.js';

const D = decimal50;
/** Expected values in 60 digits (decimal.js's global Decimal has only 20). */
const Dec = Decimal.clone({ precision: 60 });
const dec = (s: string | number) => new Dec(s);
const SEED = Number(process.env.NN_ORACLE_SEED ?? 20261123); // replay: NN_ORACLE_SEED=<seed> npx vitest run <this file>

// A 2-2-1 network with dyadic numbers: every operation is exact in float64, so the hand-computed
// values below are the exact answers, in float64 and in Decimal alike.
//   layer 1 (relu):     W = [[1, −1], [0.5, 2]], b = [0, −1]
//   layer 2 (identity): W = [[2, −1]],           b = [0.5]
const relNet: Net = {
  layers: [
    { W: [[1, -1], [0.5, 2]], b: [0, -1], activation: 'relu' },
    { W: [[2, -1]], b: [0.5], activation: 'identity' },
  ],
};
const relX = [[1, 0.5], [0, 0]];
const relY = [[0], [0]];
// example 1: z1 = [0.5, 0.5], a1 = [0.5, 0.5], z2 = a2 = 1, E = ½, δ2 = 1, δ1 = [2, −1]
// example 2: z1 = [0, −1] (relu′(0) = 0), a1 = [0, 0], z2 = a2 = 0.5, E = ⅛, δ2 = 0.5, δ1 = [0, 0]
const relExpected = {
  z: [[[0.5, 0.5], [0, -1]], [[1], [0.5]]],
  a: [[[0.5, 0.5], [0, 0]], [[1], [0.5]]],
  loss: (0.5 + 0.125) / 2,
  delta: [[[2, -1], [0, 0]], [[1], [0.5]]],
  gradW: [[[1, 0.5], [-0.5, -0.25]], [[0.25, 0.25]]], // mean of δ a^{l−1}ᵀ
  gradB: [[1, -0.5], [0.75]],
};

describe('scalar reference: hand-computed cases', () => {
  for (const subject of [scalarSubject, decimalSubject]) {
    it(`${subject.name}: 2-2-1 relu/identity net with mse, exact`, async () => {
      const f = await subject.fns.forward!(relNet, relX);
      expect(f).toEqual({ z: relExpected.z, a: relExpected.a });
      const b = await subject.fns.backward!(relNet, relX, relY, 'mse');
      expect(b).toEqual({ delta: relExpected.delta, gradW: relExpected.gradW, gradB: relExpected.gradB });
      expect(await subject.fns.loss!('mse', f.a[1]!, relY)).toBe(relExpected.loss);
    });
  }

  it('float64 generic functions give the same exact values', () => {
    expect(scalarLoss(float64, relNet, relX, relY, 'mse')).toBe(relExpected.loss);
    expect(scalarBackward(float64, relNet, relX, relY, 'mse').gradW).toEqual(relExpected.gradW);
  });

  it('softmax + cce (bp1-shortcut): uniform output gives δ = a − y and loss ln 3 to 40+ digits', () => {
    const net: Net = { layers: [{ W: [[0], [0], [0]], b: [0, 0, 0], activation: 'softmax' }] };
    const r = decimalBackward(net, [[1]], [[1, 0, 0]], 'cce');
    const third = dec(1).div(3);
    expect(firstDisagreement(r.delta[0]![0], [third.minus(1), third, third])).toBeNull();
    const ln3 = dec('1.09861228866810969139524523692252570464749055782274945173469');
    expect(agrees(decimalLoss(net, [[1]], [[1, 0, 0]], 'cce'), ln3, dec(1))).toBe(true);
  });

  it('softmax + mse uses the softmax Jacobian: δ_i = Σ_j (a_j − y_j) a_j (1[i=j] − a_i) = [−2/9, 1/9, 1/9]', () => {
    const net: Net = { layers: [{ W: [[0], [0], [0]], b: [0, 0, 0], activation: 'softmax' }] };
    const r = decimalBackward(net, [[1]], [[1, 0, 0]], 'mse');
    const ninth = dec(1).div(9);
    expect(firstDisagreement(r.delta[0]![0], [ninth.times(-2), ninth, ninth])).toBeNull();
    expect(firstDisagreement(r.gradW[0], [[ninth.times(-2)], [ninth], [ninth]])).toBeNull();
  });

  it('sigmoid + bce (bp1-shortcut): σ(0) = ½, δ = −½, loss ln 2', () => {
    const net: Net = { layers: [{ W: [[0]], b: [0], activation: 'sigmoid' }] };
    const r = decimalBackward(net, [[3]], [[1]], 'bce');
    expect(r.delta[0]![0]![0]!.toString()).toBe('-0.5');
    expect(r.gradW[0]![0]![0]!.toString()).toBe('-1.5'); // δ · x = −½ · 3
    expect(agrees(decimalLoss(net, [[3]], [[1]], 'bce'), D.log(D.of(2)), dec(1))).toBe(true);
  });

  it('mse with sigmoid output: δ = (a − y) σ′(z) (BP1 general form)', () => {
    const net: Net = { layers: [{ W: [[0]], b: [0], activation: 'sigmoid' }] };
    const r = decimalBackward(net, [[1]], [[1]], 'mse');
    expect(r.delta[0]![0]![0]!.toString()).toBe('-0.125'); // (½ − 1) · ¼
  });
});

describe('scalar reference: Decimal huge |z| (no overflow, relative accuracy kept)', () => {
  const e100 = dec('3.72007597602083596295969580386311833735889229237678196712061e-44');
  const e1000 = dec('5.07595889754945676529180947957433691930559928289283736183239e-435');
  // relative agreement: |x − y| ≤ 10^−40 |y|
  const relAgree = (x: Decimal, y: Decimal) => x.minus(y).abs().lte(y.abs().times(dec(10).pow(-REQUIRED_DIGITS)));

  it('softplus(−100) = log1p(e^−100) ≈ e^−100 − e^−200/2, relatively exact', () => {
    const v = ELEMENTWISE.softplus.value(D, D.of(-100), D.zero);
    // the next term of log1p is e^−200/2, 1.9e−44 relative: far below 40 digits
    expect(relAgree(v, e100)).toBe(true);
    expect(decimalSubject.fns.activate!('softplus', [-100])).toEqual([e100.toNumber()]);
  });

  it('softplus(1000) = 1000 and softplus′(1000) = σ(1000) = 1 − e^−1000 without overflow', () => {
    expect(ELEMENTWISE.softplus.value(D, D.of(1000), D.zero).toString()).toBe('1000');
    const g = ELEMENTWISE.softplus.grad(D, D.of(-1000), D.zero); // σ(−1000) = e^−1000/(1+e^−1000)
    expect(relAgree(g, e1000)).toBe(true);
  });

  it('sigmoid(−1000) ≈ e^−1000 relatively exact; sigmoid(1000) = 1', () => {
    expect(relAgree(ELEMENTWISE.sigmoid.value(D, D.of(-1000), D.zero), e1000)).toBe(true);
    expect(ELEMENTWISE.sigmoid.value(D, D.of(1000), D.zero).toString()).toBe('1');
  });

  it('softmax([1000, 0, −1000]) keeps e^−1000 and e^−2000 to 40 digits; float64 gives [1, 0, 0], no NaN', async () => {
    const a = decimalForward({ layers: [{ W: [[0], [0], [0]], b: [1000, 0, -1000], activation: 'softmax' }] }, [[0]]).a[0]![0]!;
    const s = dec(1).plus(e1000).plus(e1000.pow(2));
    expect(relAgree(a[1]!, e1000.div(s))).toBe(true);
    expect(relAgree(a[2]!, e1000.pow(2).div(s))).toBe(true);
    expect(await scalarSubject.fns.activate!('softmax', [1000, 0, -1000])).toEqual([1, 0, 0]);
  });

  it('a deep saturated sigmoid net stays finite in Decimal', () => {
    const net: Net = { layers: [{ W: [[500]], b: [0], activation: 'softplus' }, { W: [[-3]], b: [0], activation: 'sigmoid' }] };
    const r = decimalBackward(net, [[-2]], [[1]], 'bce'); // z1 = −1000: softplus ≈ e^−1000
    expect(r.gradW.flat(2).every((g) => g.isFinite())).toBe(true);
    expect(r.gradW[0]![0]![0]!.isZero()).toBe(false); // the tiny gradient did not underflow
  });
});

describe('scalar reference agrees with the graph autodiff in Decimal (≥ 40 digits), every output × loss', () => {
  for (const [act, loss] of PAIRS) {
    it(`${act} + ${loss}`, () => {
      let checked = 0;
      fc.assert(
        fc.property(caseArb(act, loss), ({ net, X, Y, loss: l }) => {
          const s = decimalBackward(net, X, Y, l);
          const g = autodiffNetLoss(D, net, X, Y, l);
          // an output saturated even at 50 digits (logit gap > 115) makes bce/cce infinite: skip
          fc.pre(allFinite(s.gradW) && allFinite(g.gradW) && allFinite(s.gradB) && g.loss.isFinite());
          checked++;
          const wrong = firstDisagreement(g.gradW, s.gradW) ?? firstDisagreement(g.gradB, s.gradB);
          if (wrong) throw new Error(`gradients differ at ${wrong}`);
          if (!agrees(g.loss, decimalLoss(net, X, Y, l), maxAbs(g.loss))) throw new Error('loss differs');
        }),
        { seed: SEED, numRuns: 12 },
      );
      expect(checked).toBeGreaterThanOrEqual(12); // fast-check counts only runs that were not skipped
    });
  }

  it('the comparison has teeth: a gradient wrong in the 35th digit is caught', () => {
    const s = decimalBackward(relNet, relX, relY, 'mse');
    const bad = s.gradW.map((W) => W.map((r) => r.slice()));
    bad[0]![1]![0] = bad[0]![1]![0]!.plus(dec('1e-35'));
    expect(firstDisagreement(s.gradW, bad)).not.toBeNull();
  });
});

describe('central differences in Decimal match scalarBackward', () => {
  it('on a smooth 2-3-2 net (tanh, softmax + cce), every coordinate', () => {
    const net: Net = {
      layers: [
        { W: [[0.3, -0.7], [1.1, 0.2], [-0.4, 0.9]], b: [0.1, -0.2, 0.05], activation: 'tanh' },
        { W: [[0.5, -1.2, 0.8], [-0.3, 0.6, 1.4]], b: [0, 0.3], activation: 'softmax' },
      ],
    };
    const X = [[0.5, -1], [1.5, 0.25]];
    const Y = [[1, 0], [0, 1]];
    const fnet = netToField(D, net);
    const grads = decimalBackward(fnet, X, Y, 'cce');
    // central difference error: (h²/6)·E‴ + rounding(E)/h. With h = 10^−15 in 50 digits both terms
    // are far below 10^−25; Richardson: the difference between h and h/10 bounds the error at h/10.
    const h = D.of(1e-15);
    const h10 = D.div(h, D.of(10));
    for (let l = 0; l < 2; l++) {
      net.layers[l]!.W.forEach((row, j) =>
        row.forEach((_, k) => {
          const at = { layer: l, kind: 'W' as const, j, k };
          const fd1 = centralDifference(D, fnet, X, Y, 'cce', at, h);
          const fd2 = centralDifference(D, fnet, X, Y, 'cce', at, h10);
          const err = D.add(D.abs(D.sub(fd1, fd2)), D.of(1e-45)); // ≥ |fd2 − true| (error shrinks 100×)
          expect(D.gt(D.abs(D.sub(fd2, grads.gradW[l]![j]![k]!)), err)).toBe(false);
        }),
      );
    }
  });
});

describe('float64 and Decimal agree on small nets', () => {
  it('exactly when every operation is exact (dyadic relu/identity net)', async () => {
    expect(await scalarSubject.fns.backward!(relNet, relX, relY, 'mse')).toEqual(await decimalSubject.fns.backward!(relNet, relX, relY, 'mse'));
  });
});

describe('finite-difference helpers', () => {
  it('perturbNet changes one entry and shares the rest; scalarLossAt equals the loss of the moved net', () => {
    const fnet = netToField(D, relNet);
    const moved = perturbNet(D, fnet, { layer: 1, kind: 'W', j: 0, k: 1 }, D.of(0.5));
    expect(moved.layers[1]!.W[0]![1]!.toString()).toBe('-0.5');
    expect(fnet.layers[1]!.W[0]![1]!.toString()).toBe('-1'); // original untouched
    expect(moved.layers[0]).toBe(fnet.layers[0]); // shared
    const direct = decimalLoss({ layers: [relNet.layers[0]!, { ...relNet.layers[1]!, W: [[2, -0.5]] }] }, relX, relY, 'mse');
    expect(scalarLossAt(D, fnet, relX, relY, 'mse', { layer: 1, kind: 'W', j: 0, k: 1 }, D.of(0.5)).eq(direct)).toBe(true);
    const b = perturbNet(D, fnet, { layer: 0, kind: 'b', j: 1 }, D.of(-1));
    expect(b.layers[0]!.b.map(String)).toEqual(['0', '-2']);
    expect(() => perturbNet(D, fnet, { layer: 5, kind: 'b', j: 0 }, D.one)).toThrow(RangeError);
  });

  it('lossEvaluator (cached layers below) gives exactly scalarLossAt for every parameter', () => {
    const net: Net = {
      layers: [
        { W: [[0.3, -0.7], [1.1, 0.2]], b: [0.1, -0.2], activation: 'elu', alpha: 0.5 },
        { W: [[0.5, -1.2], [0.25, 1], [-0.6, 0.4]], b: [0, 0.3, -0.1], activation: 'sigmoid' },
        { W: [[0.5, -1.2, 0.8], [-0.3, 0.6, 1.4]], b: [0, 0.3], activation: 'softmax' },
      ],
    };
    const X = [[0.5, -1], [-1.5, 0.25]];
    const Y = [[0.5, 0.5], [0, 1]];
    const fnet = netToField(D, net);
    const ev = lossEvaluator(D, fnet, X, Y, 'mse');
    expect(ev.base.eq(decimalLoss(net, X, Y, 'mse'))).toBe(true);
    const h = D.of(1e-10);
    let n = 0;
    net.layers.forEach((layer, l) => {
      layer.W.forEach((row, j) => {
        row.forEach((_, k) => {
          const at = { layer: l, kind: 'W' as const, j, k };
          expect(ev.at(at, h).eq(scalarLossAt(D, fnet, X, Y, 'mse', at, h))).toBe(true);
          n++;
        });
        const at = { layer: l, kind: 'b' as const, j };
        expect(ev.centralDifference(at, h).eq(centralDifference(D, fnet, X, Y, 'mse', at, h))).toBe(true);
        n++;
      });
    });
    expect(n).toBe(6 + 9 + 8);
  });

  it('moveNet moves every parameter along the direction', () => {
    const fnet = netToField(float64, relNet);
    const dir = { W: [[[1, 0], [0, 0]], [[0, 0]]], b: [[0, 0], [2]] };
    const m = moveNet(float64, fnet, dir, 0.25);
    expect(m.layers[0]!.W[0]).toEqual([1.25, -1]);
    expect(m.layers[1]!.b).toEqual([1]);
  });

  it('exactOf gives the binary value of a double in Decimal (to the 50 digits of the field), not its shortest decimal string', () => {
    // relative agreement to 48 digits: 2^e is built by repeated squaring, rounded at 50 digits each time
    const near = (x: Decimal, y: Decimal) => x.minus(y).abs().lte(y.abs().times(dec('1e-48')));
    expect(near(exactOf(D, 0.1), dec('0.1000000000000000055511151231257827021181583404541015625'))).toBe(true);
    expect(near(exactOf(D, 1e300), dec('1.0000000000000000525047602552044202487044685811082e+300'))).toBe(true);
    expect(near(exactOf(D, 5e-324), dec(2).pow(-1074))).toBe(true);
    expect(exactOf(D, -3).toString()).toBe('-3');
    expect(near(exactOf(D, 0.1), dec('0.1'))).toBe(false); // what new Decimal(0.1) would have read
  });
});

describe('typed errors on bad input', () => {
  const X = [[1, 2]];
  for (const s of [scalarSubject, decimalSubject]) {
    const fns = s.fns;
    it(`${s.name}: shapes, names, softmax placement, non-finite, empty, ragged`, () => {
      expect(() => fns.forward!(relNet, [[1, 2, 3]])).toThrow(ShapeError);
      expect(() => fns.forward!({ layers: [relNet.layers[0]!, { ...relNet.layers[1]!, W: [[1, 2, 3]] }] }, X)).toThrow(ShapeError);
      expect(() => fns.forward!({ layers: [{ ...relNet.layers[0]!, activation: 'swish' as never }] }, X)).toThrow(UnknownNameError);
      expect(() => fns.forward!({ layers: [{ ...relNet.layers[0]!, activation: 'softmax' }, relNet.layers[1]!] }, X)).toThrow(ContractError);
      expect(() => fns.forward!({ layers: [{ ...relNet.layers[0]!, b: [0, NaN] }, relNet.layers[1]!] }, X)).toThrow(NonFiniteError);
      expect(() => fns.forward!(relNet, [])).toThrow(EmptyError);
      expect(() => fns.forward!(relNet, [[1, 2], [3]])).toThrow(RaggedArrayError);
      expect(() => fns.backward!(relNet, X, [[1, 2]], 'mse')).toThrow(ShapeError);
      expect(() => fns.backward!(relNet, X, [[1]], 'hinge' as never)).toThrow(UnknownNameError);
      expect(() => fns.backward!(relNet, X, [[1]], 'bce')).toThrow(ContractError); // identity output with bce
      expect(() => fns.activateGrad!('softmax', [1, 2])).toThrow(ContractError);
      expect(() => fns.activate!('relu', [1, Infinity])).toThrow(NonFiniteError);
      expect(() => fns.loss!('bce', [[1.5]], [[1]])).toThrow();
    });
  }

  it('the error names the layer', () => {
    try {
      scalarSubject.fns.forward!({ layers: [relNet.layers[0]!, { ...relNet.layers[1]!, W: [[1, 2, 3]] }] }, [[1, 2]]);
      expect.unreachable();
    } catch (e) {
      expect((e as ShapeError).details.layer).toBe(2);
      expect((e as Error).message).toContain('net.layers[1].W');
    }
  });

  it('autodiffNetLoss validates too', () => {
    expect(() => autodiffNetLoss(D, relNet, [[1]], [[0]], 'mse')).toThrow(ShapeError);
  });
});

describe('no mutation', () => {
  const deepFreeze = <T>(x: T): T => {
    if (x && typeof x === 'object') {
      Object.values(x).forEach(deepFreeze);
      Object.freeze(x);
    }
    return x;
  };
  it('forward/backward/loss leave frozen arguments alone', () => {
    const net = deepFreeze(structuredClone(relNet));
    const X = deepFreeze(structuredClone(relX));
    const Y = deepFreeze(structuredClone(relY));
    for (const s of [scalarSubject, decimalSubject]) {
      expect(() => s.fns.backward!(net, X, Y, 'mse')).not.toThrow();
      expect(() => s.fns.forward!(net, X)).not.toThrow();
    }
    expect(net).toEqual(relNet);
  });
});

describe('the generic code runs in both fields on random nets without error', () => {
  it('forward shapes match the contract', () => {
    fc.assert(
      fc.property(caseArb('sigmoid', 'bce'), ({ net, X }) => {
        const f = scalarForward(float64, net, X);
        f.z.forEach((zl, l) => {
          expect(zl.length).toBe(X.length);
          zl.forEach((row) => expect(row.length).toBe(net.layers[l]!.b.length));
        });
      }),
      { seed: SEED, numRuns: 20 },
    );
  });
});
