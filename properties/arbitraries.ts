/**
 * fast-check arbitraries for the contract's inputs: random networks, batches and targets valid for
 * the loss, and activation inputs with exact zeros at the kinks.
 *
 * Shrinking: a network case is generated as a *shape* (depth, widths, batch, activations, the output ×
 * loss pairing) chained into its numbers, so fast-check first shrinks the shape — toward depth 1,
 * width 1, batch 1 — and then the numbers toward 0. Numbers lie on a dyadic grid (k / 2^16), so they
 * are exact in every field and a shrunk counterexample is short to print.
 *
 * The grader may reuse these: every option restricts the choices (activations, losses, sizes).
 */
import * as fc from 'fast-check';
import {
  ACTIVATIONS,
  DEFAULT_ALPHA,
  ELEMENTWISE_ACTIVATIONS,
  LOSSES,
  LOSS_OUTPUTS,
  type ActivationName,
  type LossName,
} from '../contract/names.js';
import type { Layer, Matrix, Net, Params } from '../contract/types.js';

export type Range = readonly [min: number, max: number];

/** Activations with a kink at z = 0 (value or derivative not smooth there). */
export const KINK_ACTIVATIONS: readonly ActivationName[] = ['step', 'relu', 'leaky_relu', 'elu'];

/** Every valid (output activation, loss) pairing of the contract (LOSS_OUTPUTS). */
export const ALL_PAIRINGS: ReadonlyArray<readonly [ActivationName, LossName]> = LOSSES.flatMap((loss) =>
  LOSS_OUTPUTS[loss].map((act) => [act, loss] as const),
);

export interface NetOptions {
  /** Number of weight layers L (default [1, 4]). */
  depth?: Range;
  /** Width of every layer n_0..n_L (default [1, 8]). */
  width?: Range;
  /** Batch size B (default [1, 5]). */
  batch?: Range;
  /** Activations allowed in hidden layers (default: every elementwise activation). */
  hidden?: readonly ActivationName[];
  /** Output activations allowed (default: all that some allowed loss accepts). */
  outputs?: readonly ActivationName[];
  /** Losses allowed (default: all). */
  losses?: readonly LossName[];
  /** |W| ≤ weightScale / √n_{l−1} (default 1: keeps z moderate through 4 layers). */
  weightScale?: number;
  /** |b| ≤ biasScale (default 1). */
  biasScale?: number;
  /** |x| ≤ inputScale (default 2). */
  inputScale?: number;
  /** Mix exact zeros into X and b (they put z exactly at the kink). Default true. */
  kinkZeros?: boolean;
  /** Draw α for leaky_relu / elu (otherwise the contract default). Default true. */
  randomAlpha?: boolean;
}

/** One generated case: a network, a batch, targets valid for the loss. */
export interface NetCase {
  net: Net;
  X: Matrix;
  Y: Matrix;
  loss: LossName;
}

/** The structure of a case, generated first so it shrinks first. */
export interface NetShape {
  /** [n_0, n_1, ..., n_L] */
  sizes: number[];
  batch: number;
  /** Activation of layers 1..L (the last is the output). */
  activations: ActivationName[];
  /** α per layer (undefined: the default). */
  alphas: (number | undefined)[];
  loss: LossName;
}

const GRID = 2 ** 16;

/**
 * A number on the dyadic grid k/2^16 in [min, max] (default [−max, max]), shrinking toward 0. One draw
 * in five is on the coarse grid k/4 instead, and shrinking tries the coarse grid first (cross-shrink),
 * so a shrunk counterexample reads 0.25 or 1 where it can rather than 0.0000152587890625.
 */
export function gridNumber(max: number, min = -max): fc.Arbitrary<number> {
  const fine = fc.integer({ min: Math.ceil(min * GRID), max: Math.floor(max * GRID) }).map((k) => k / GRID + 0); // +0: no −0
  const lo = Math.ceil(min * 4);
  const hi = Math.floor(max * 4);
  if (lo > hi) return fine;
  const coarse = fc.integer({ min: lo, max: hi }).map((k) => k / 4 + 0);
  return fc.oneof({ withCrossShrink: true }, { arbitrary: coarse, weight: 1 }, { arbitrary: fine, weight: 4 });
}

/** gridNumber with exact zeros drawn about one time in six (so z can land exactly on a kink). */
export function gridNumberWithZeros(max: number, zeros: boolean): fc.Arbitrary<number> {
  const g = gridNumber(max);
  return zeros ? fc.oneof({ arbitrary: g, weight: 5 }, { arbitrary: fc.constant(0), weight: 1 }) : g;
}

export function vectorArb(n: number, item: fc.Arbitrary<number>): fc.Arbitrary<number[]> {
  return fc.array(item, { minLength: n, maxLength: n });
}

export function matrixArb(rows: number, cols: number, item: fc.Arbitrary<number>): fc.Arbitrary<number[][]> {
  return fc.array(vectorArb(cols, item), { minLength: rows, maxLength: rows });
}

/** Parameters (or gradients) of the given layer shapes [n_l, n_{l−1}]: W^l is n_l × n_{l−1}, b^l has n_l. */
export function paramsOfShapeArb(shape: ReadonlyArray<readonly [number, number]>, item: fc.Arbitrary<number>): fc.Arbitrary<Params> {
  return fc.record({
    W: fc.tuple(...shape.map(([r, c]) => matrixArb(r, c, item))),
    b: fc.tuple(...shape.map(([r]) => vectorArb(r, item))),
  });
}

/** The pairings allowed by the options. */
export function pairingsFor(opts: NetOptions = {}): Array<readonly [ActivationName, LossName]> {
  const losses = opts.losses ?? LOSSES;
  const outputs = opts.outputs ?? ACTIVATIONS;
  const pairs = ALL_PAIRINGS.filter(([act, loss]) => losses.includes(loss) && outputs.includes(act));
  if (pairs.length === 0) throw new RangeError(`no valid (output, loss) pairing among outputs ${outputs.join(', ')} and losses ${losses.join(', ')}`);
  return pairs;
}

/** The shape of a case: depth, widths, batch, activations, α, loss. Shrinks toward the smallest. */
export function netShapeArb(opts: NetOptions = {}): fc.Arbitrary<NetShape> {
  const [dMin, dMax] = opts.depth ?? [1, 4];
  const [wMin, wMax] = opts.width ?? [1, 8];
  const [bMin, bMax] = opts.batch ?? [1, 5];
  const hidden = opts.hidden ?? ELEMENTWISE_ACTIVATIONS;
  if (hidden.length === 0 && dMax > 1) throw new RangeError('netShapeArb: no hidden activation allowed but depth > 1');
  const pairs = pairingsFor(opts);
  const alphaArb = opts.randomAlpha === false ? fc.constant(undefined) : fc.option(fc.integer({ min: 1, max: 2 ** 8 }).map((k) => k / 2 ** 7), { freq: 2, nil: undefined });
  return fc
    .record({
      depth: fc.integer({ min: dMin, max: dMax }),
      widths: fc.array(fc.integer({ min: wMin, max: wMax }), { minLength: dMax + 1, maxLength: dMax + 1 }),
      batch: fc.integer({ min: bMin, max: bMax }),
      hidden: fc.array(hidden.length ? fc.constantFrom(...hidden) : fc.constant<ActivationName>('identity'), {
        minLength: Math.max(dMax - 1, 0),
        maxLength: Math.max(dMax - 1, 0),
      }),
      pair: fc.constantFrom(...pairs),
      alphas: fc.array(alphaArb, { minLength: dMax, maxLength: dMax }),
    })
    .map(({ depth, widths, batch, hidden: h, pair, alphas }) => {
      // hidden layers are taken from the end (the layers nearest the output stay when depth shrinks)
      const activations = [...h.slice(h.length - (depth - 1)), pair[0]];
      const sizes = widths.slice(0, depth + 1);
      // a softmax over one unit is the constant 1, and bce of a = 1 against y < 1 is +∞: give it two units
      if (pair[0] === 'softmax' && pair[1] === 'bce' && sizes[depth]! < 2) sizes[depth] = 2;
      return {
        sizes,
        batch,
        activations,
        alphas: activations.map((act, l) => (act in DEFAULT_ALPHA ? alphas[l] : undefined)),
        loss: pair[1],
      };
    });
}

/**
 * Targets valid for the loss and the output activation, B × n:
 * mse any values in [−1, 1]; bce each y in [0, 1] (exact 0 and 1 included); cce a probability vector
 * per row (non-negative multiples of 1/16 summing to exactly 1; one-hot often).
 */
export function targetsArb(loss: LossName, B: number, n: number): fc.Arbitrary<Matrix> {
  if (loss === 'mse') return matrixArb(B, n, gridNumber(1));
  if (loss === 'bce') return matrixArb(B, n, fc.oneof(fc.constantFrom(0, 1), gridNumber(1, 0)));
  const row = fc.oneof(
    fc.integer({ min: 0, max: n - 1 }).map((i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
    // a soft label: n−1 cut points of [0, 16] give n multiples of 1/16 that sum to exactly 1 (dyadic:
    // exact in every precision, so an implementation that asserts Σ y = 1 may)
    vectorArb(n - 1, fc.integer({ min: 0, max: 16 })).map((cuts) => {
      const c = [0, ...[...cuts].sort((p, q) => p - q), 16];
      return c.slice(1).map((v, j) => (v - c[j]!) / 16);
    }),
  );
  return fc.array(row, { minLength: B, maxLength: B });
}

/** The numbers of a case with the given shape. */
export function netCaseOfShape(shape: NetShape, opts: NetOptions = {}): fc.Arbitrary<NetCase> {
  const ws = opts.weightScale ?? 1;
  const bs = opts.biasScale ?? 1;
  const xs = opts.inputScale ?? 2;
  const zeros = opts.kinkZeros ?? true;
  const { sizes, batch, activations, alphas, loss } = shape;
  const layers = activations.map((activation, l) => {
    const nIn = sizes[l]!;
    const nOut = sizes[l + 1]!;
    return fc
      .record({
        W: matrixArb(nOut, nIn, gridNumber(ws / Math.sqrt(nIn))),
        b: vectorArb(nOut, gridNumberWithZeros(bs, zeros)),
      })
      .map(({ W, b }): Layer => (alphas[l] === undefined ? { W, b, activation } : { W, b, activation, alpha: alphas[l] }));
  });
  return fc
    .record({
      layers: fc.tuple(...layers),
      X: matrixArb(batch, sizes[0]!, gridNumberWithZeros(xs, zeros)),
      Y: targetsArb(loss, batch, sizes[sizes.length - 1]!),
    })
    .map(({ layers: ls, X, Y }) => ({ net: { layers: ls }, X, Y, loss }));
}

/** A random case: shape first (shrinks to depth 1, width 1, batch 1), then numbers (shrink to 0). */
export function netCaseArb(opts: NetOptions = {}): fc.Arbitrary<NetCase> {
  return netShapeArb(opts).chain((shape) => netCaseOfShape(shape, opts));
}

/** Number of parameters (all W and b entries) of a net. */
export function parameterCount(net: Net): number {
  return net.layers.reduce((s, l) => s + l.W.length * l.W[0]!.length + l.b.length, 0);
}

/** Input vectors z for activation properties: grid values in [−max, max] with exact zeros (the kinks). */
export function zVectorArb(opts: { length?: Range; max?: number; zeros?: boolean } = {}): fc.Arbitrary<number[]> {
  const [lo, hi] = opts.length ?? [1, 8];
  return fc.array(gridNumberWithZeros(opts.max ?? 8, opts.zeros ?? true), { minLength: lo, maxLength: hi });
}

/** A case as a short human string (for messages): "2-3-1 relu→sigmoid/bce, B=2". */
export function describeCase(c: NetCase): string {
  const sizes = [c.net.layers[0]!.W[0]!.length, ...c.net.layers.map((l) => l.W.length)];
  return `${sizes.join('-')} ${c.net.layers.map((l) => l.activation).join('→')}/${c.loss}, B=${c.X.length}`;
}
