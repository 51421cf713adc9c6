/**
 * Input validation for the contract's functions. Every public function of every implementation in
 * this repository calls these first, so bad input becomes a typed error naming the layer, what was
 * expected and what came — never a NaN that travels on, nor a stack trace from deep inside.
 */
import {
  ContractError,
  EmptyError,
  InvalidArgumentError,
  NonFiniteError,
  RaggedArrayError,
  ShapeError,
  UnknownNameError,
  brief,
} from './errors.js';
import { ACTIVATIONS, DEFAULT_ALPHA, LOSSES, LOSS_OUTPUTS, OPTIMIZERS, OPTIMIZER_PARAMS, isActivationName, isLossName, isOptimizerName, type ActivationName, type LossName, alphaOf } from './names.js';
import type { Matrix, Net, Optimizer, Params, Vector } from './types.js';

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/** A finite number, or a typed error naming `where`. */
export function checkNumber(x: unknown, where: string, layer?: number): number {
  if (typeof x !== 'number') {
    throw new InvalidArgumentError({ where, layer, expected: 'a number', got: brief(x) });
  }
  if (!Number.isFinite(x)) throw new NonFiniteError({ where, layer, got: nonFinite(x) });
  return x;
}

/** A non-empty vector of finite numbers, optionally of a given length. */
export function checkVector(v: unknown, where: string, opts: { length?: number; layer?: number; allowEmpty?: boolean } = {}): Vector {
  const { length, layer } = opts;
  if (!Array.isArray(v)) throw new RaggedArrayError({ where, layer, expected: 'an array of numbers', got: brief(v) });
  if (v.length === 0 && !opts.allowEmpty) throw new EmptyError({ where, layer, expected: 'at least one number' });
  if (length !== undefined && v.length !== length) {
    throw new ShapeError({ where, layer, expected: `length ${length}`, got: `length ${v.length}` });
  }
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number') {
      throw new RaggedArrayError({ where: `${where}[${i}]`, layer, expected: 'a number', got: brief(x) });
    }
    if (!Number.isFinite(x)) throw new NonFiniteError({ where: `${where}[${i}]`, layer, got: nonFinite(x) });
  }
  return v as Vector;
}

/** A non-empty rectangular matrix of finite numbers; returns [rows, cols]. */
export function checkMatrix(
  M: unknown,
  where: string,
  opts: { rows?: number; cols?: number; layer?: number; rowsName?: string; colsName?: string } = {},
): [number, number] {
  const { layer } = opts;
  if (!Array.isArray(M)) throw new RaggedArrayError({ where, layer, expected: 'an array of rows (number[][])', got: brief(M) });
  if (M.length === 0) throw new EmptyError({ where, layer, expected: `at least one row${opts.rowsName ? ` (${opts.rowsName})` : ''}` });
  if (opts.rows !== undefined && M.length !== opts.rows) {
    throw new ShapeError({ where, layer, expected: `${opts.rows} rows${opts.rowsName ? ` (${opts.rowsName})` : ''}`, got: `${M.length} rows` });
  }
  const first = M[0];
  if (!Array.isArray(first)) throw new RaggedArrayError({ where: `${where}[0]`, layer, expected: 'a row (number[])', got: brief(first) });
  const cols = first.length;
  if (cols === 0) throw new EmptyError({ where: `${where}[0]`, layer, expected: 'at least one column' });
  if (opts.cols !== undefined && cols !== opts.cols) {
    throw new ShapeError({ where, layer, expected: `${opts.cols} columns${opts.colsName ? ` (${opts.colsName})` : ''}`, got: `${cols} columns` });
  }
  for (let i = 0; i < M.length; i++) {
    const row = M[i];
    if (!Array.isArray(row)) throw new RaggedArrayError({ where: `${where}[${i}]`, layer, expected: 'a row (number[])', got: brief(row) });
    if (row.length !== cols) {
      throw new RaggedArrayError({ where: `${where}[${i}]`, layer, expected: `${cols} entries like row 0`, got: `${row.length} entries` });
    }
    checkVector(row, `${where}[${i}]`, { layer });
  }
  return [M.length, cols];
}

export function checkActivationName(name: unknown, where = 'activation', layer?: number): ActivationName {
  if (!isActivationName(name)) throw new UnknownNameError('activation', name, ACTIVATIONS, layer !== undefined ? `${where} (layer ${layer})` : where);
  return name;
}

export function checkLossName(name: unknown, where = 'lossName'): LossName {
  if (!isLossName(name)) throw new UnknownNameError('loss', name, LOSSES, where);
  return name;
}

/** alpha: undefined means the default of the activation; otherwise a finite number. */
export function resolveAlpha(name: ActivationName, alpha: unknown, where = 'alpha', layer?: number): number {
  if (alpha === undefined || alpha === null) return alphaOf(name);
  return checkNumber(alpha, where, layer);
}

/** Layer sizes [n_0, n_1, ..., n_L] of a valid network, or a typed error naming the layer. */
export function checkNet(net: unknown, inputWidth?: number): number[] {
  if (net === null || typeof net !== 'object' || !Array.isArray((net as Net).layers)) {
    throw new InvalidArgumentError({ where: 'net', expected: '{ layers: [...] }', got: brief(net) });
  }
  const layers = (net as Net).layers;
  if (layers.length === 0) throw new EmptyError({ where: 'net.layers', expected: 'at least one layer' });
  const sizes: number[] = [];
  layers.forEach((layer, i) => {
    const l = i + 1;
    const at = `net.layers[${i}]`;
    if (layer === null || typeof layer !== 'object') {
      throw new InvalidArgumentError({ where: at, layer: l, expected: '{ W, b, activation }', got: brief(layer) });
    }
    const [rows, cols] = checkMatrix(layer.W, `${at}.W`, {
      layer: l,
      cols: i === 0 ? inputWidth : sizes[i],
      colsName: i === 0 ? 'n_0, the width of X' : `n_${i}, the units of layer ${i}`,
    });
    if (i === 0) sizes.push(cols);
    sizes.push(rows);
    checkVector(layer.b, `${at}.b`, { layer: l, length: rows });
    const act = checkActivationName(layer.activation, `${at}.activation`, l);
    if (act === 'softmax' && i !== layers.length - 1) {
      throw new ContractError(`softmax is allowed only in the output layer, but ${at} (layer ${l} of ${layers.length}) uses it`, {
        where: `${at}.activation`,
        layer: l,
        expected: 'an elementwise activation in a hidden layer',
        got: 'softmax',
      });
    }
    if (layer.alpha !== undefined) resolveAlpha(act, layer.alpha, `${at}.alpha`, l);
  });
  return sizes;
}

/** X is B × n_0 with B ≥ 1; returns B. */
export function checkBatch(X: unknown, n0: number, where = 'X'): number {
  const [B] = checkMatrix(X, where, { cols: n0, colsName: 'n_0, the input width of the net' });
  return B;
}

/** Y matches the output (B × n_L) and the loss fits the output activation. */
export function checkTargets(net: Net, Y: unknown, B: number, nL: number, lossName: unknown, where = 'Y'): LossName {
  const loss = checkLossName(lossName);
  checkMatrix(Y, where, { rows: B, cols: nL, rowsName: 'B, the rows of X', colsName: `n_L, the output units` });
  const out = net.layers[net.layers.length - 1]!.activation;
  if (!LOSS_OUTPUTS[loss].includes(out)) {
    throw new ContractError(`loss ${loss} needs the output activation to be one of ${LOSS_OUTPUTS[loss].join(', ')}, but the output layer uses ${out}`, {
      where: 'lossName',
      layer: net.layers.length,
      expected: LOSS_OUTPUTS[loss].join(' | '),
      got: out,
    });
  }
  return loss;
}

/** A and Y for loss(name, A, Y): same shape; bce needs A in [0,1], cce needs A ≥ 0. */
export function checkLossArgs(name: unknown, A: unknown, Y: unknown): LossName {
  const loss = checkLossName(name, 'name');
  const [B, n] = checkMatrix(A, 'A');
  checkMatrix(Y, 'Y', { rows: B, cols: n, rowsName: 'the rows of A', colsName: 'the columns of A' });
  if (loss === 'bce' || loss === 'cce') {
    (A as Matrix).forEach((row, i) =>
      row.forEach((a, j) => {
        if (a < 0 || (loss === 'bce' && a > 1)) {
          throw new InvalidArgumentError({ where: `A[${i}][${j}]`, expected: loss === 'bce' ? 'a probability in [0, 1]' : 'a non-negative output', got: String(a) });
        }
      }),
    );
  }
  return loss;
}

export function checkOptimizer(opt: unknown): Optimizer {
  if (opt === null || typeof opt !== 'object') throw new InvalidArgumentError({ where: 'opt', expected: '{ name, lr, ... }', got: brief(opt) });
  const o = opt as Record<string, unknown>;
  if (!isOptimizerName(o.name)) throw new UnknownNameError('optimizer', o.name, OPTIMIZERS, 'opt.name');
  for (const p of OPTIMIZER_PARAMS[o.name]) checkNumber(o[p], `opt.${p}`);
  return opt as Optimizer;
}

/** params and grads of the same shapes: W[l] matrices and b[l] vectors. */
export function checkParams(params: unknown, where: string, like?: Params): Params {
  if (params === null || typeof params !== 'object' || !Array.isArray((params as Params).W) || !Array.isArray((params as Params).b)) {
    throw new InvalidArgumentError({ where, expected: '{ W: number[][][], b: number[][] }', got: brief(params) });
  }
  const p = params as Params;
  if (p.W.length !== p.b.length) throw new ShapeError({ where, expected: `as many b as W (${p.W.length})`, got: `${p.b.length}` });
  if (like && p.W.length !== like.W.length) throw new ShapeError({ where: `${where}.W`, expected: `${like.W.length} layers`, got: `${p.W.length} layers` });
  p.W.forEach((W, i) => {
    const ref = like?.W[i];
    checkMatrix(W, `${where}.W[${i}]`, { layer: i + 1, rows: ref?.length, cols: ref?.[0]?.length });
    checkVector(p.b[i], `${where}.b[${i}]`, { layer: i + 1, length: like ? like.b[i]!.length : (W as Matrix).length });
  });
  return p;
}
