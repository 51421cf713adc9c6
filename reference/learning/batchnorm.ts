/**
 * Batch normalisation (notes 002, "Tricks of the trade: batch normalization"; Ioffe & Szegedy 2015),
 * for a batch X (B × n: B examples, n units), generic over the number field so finite differences
 * can be taken in Decimal.
 *
 * Train mode, per unit (column) i:
 *     μ_B = (1/B) Σ_x x_i                 σ²_B = (1/B) Σ_x (x_i − μ_B)²      (biased batch variance)
 *     x̂_i = (x_i − μ_B) / √(σ²_B + ε)     y_i = γ_i x̂_i + β_i
 * Eval mode uses running statistics instead of the batch's:
 *     x̂_i = (x_i − μ_run) / √(σ²_run + ε)
 * and train mode updates them (convention `bn-running-stats`, as PyTorch with its default momentum 0.1):
 *     μ_run ← (1 − m) μ_run + m μ_B        σ²_run ← (1 − m) σ²_run + m σ²_B·B/(B − 1)   (unbiased; B > 1)
 * Keras writes the same update with momentum 0.99 on the old value (m_keras = 1 − m).
 *
 * Backward (train mode), with dy = ∂E/∂y (B × n) and σ̂ = √(σ²_B + ε):
 *     ∂E/∂β_i = Σ_x dy_i      ∂E/∂γ_i = Σ_x dy_i x̂_i
 *     ∂E/∂x_i = (γ_i / (B σ̂)) (B dy_i − Σ_x dy_i − x̂_i Σ_x dy_i x̂_i)
 * (the mean and variance depend on every x in the batch, hence the two sums). Eval mode is an affine
 * map per unit: ∂E/∂x_i = dy_i γ_i / √(σ²_run + ε).
 */
import { InvalidArgumentError } from '../../contract/errors.js';
import type { Matrix, Vector } from '../../contract/types.js';
import { checkMatrix, checkNumber, checkVector } from '../../contract/validate.js';
import { float64, type Field } from '../field.js';

export interface BatchNormParams<T = number> {
  gamma: T[];
  beta: T[];
  /** Running statistics used in eval mode. */
  runningMean: T[];
  runningVar: T[];
}

export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5, PyTorch's and Keras' 1e-3 differ). */
  eps?: number;
  /** Weight of the new batch statistics in the running averages (default 0.1). */
  momentum?: number;
}

export interface BatchNormForward<T = number> {
  y: T[][];
  /** x̂ and the per-unit statistics, kept for backward. */
  xHat: T[][];
  mean: T[];
  variance: T[];
  /** √(σ² + ε) per unit. */
  sigma: T[];
  /** Running statistics after this batch (train mode), unchanged in eval mode. */
  runningMean: T[];
  runningVar: T[];
}

export interface BatchNormBackward<T = number> {
  dx: T[][];
  dgamma: T[];
  dbeta: T[];
}

/** γ = 1, β = 0, μ_run = 0, σ²_run = 1 for n units. */
export function initBatchNorm(n: number): BatchNormParams {
  return { gamma: Array(n).fill(1), beta: Array(n).fill(0), runningMean: Array(n).fill(0), runningVar: Array(n).fill(1) };
}

function column<T>(X: readonly (readonly T[])[], i: number): T[] {
  return X.map((row) => row[i]!);
}

/** Forward pass in field F; mode 'train' uses batch statistics, 'eval' the running ones. */
export function batchNormForwardIn<T>(F: Field<T>, X: readonly (readonly T[])[], p: BatchNormParams<T>, mode: 'train' | 'eval', eps: T, momentum: T): BatchNormForward<T> {
  const B = X.length;
  const n = X[0]!.length;
  const Bf = F.of(B);
  const mean: T[] = [];
  const variance: T[] = [];
  const runningMean: T[] = [];
  const runningVar: T[] = [];
  for (let i = 0; i < n; i++) {
    if (mode === 'train') {
      const col = column(X, i);
      const mu = F.div(col.reduce((s, v) => F.add(s, v), F.zero), Bf); // μ_B
      const v = F.div(col.reduce((s, x) => F.add(s, F.mul(F.sub(x, mu), F.sub(x, mu))), F.zero), Bf); // σ²_B
      mean.push(mu);
      variance.push(v);
      const oneMinus = F.sub(F.one, momentum);
      runningMean.push(F.add(F.mul(oneMinus, p.runningMean[i]!), F.mul(momentum, mu)));
      const unbiased = B > 1 ? F.div(F.mul(v, Bf), F.of(B - 1)) : v;
      runningVar.push(F.add(F.mul(oneMinus, p.runningVar[i]!), F.mul(momentum, unbiased)));
    } else {
      mean.push(p.runningMean[i]!);
      variance.push(p.runningVar[i]!);
      runningMean.push(p.runningMean[i]!);
      runningVar.push(p.runningVar[i]!);
    }
  }
  const sigma = variance.map((v) => F.sqrt(F.add(v, eps))); // √(σ² + ε)
  const xHat = X.map((row) => row.map((x, i) => F.div(F.sub(x, mean[i]!), sigma[i]!))); // x̂ = (x − μ)/σ
  const y = xHat.map((row) => row.map((xh, i) => F.add(F.mul(p.gamma[i]!, xh), p.beta[i]!))); // y = γ x̂ + β
  return { y, xHat, mean, variance, sigma, runningMean, runningVar };
}

/** Backward pass in field F, from the forward's saved values and dy = ∂E/∂y. */
export function batchNormBackwardIn<T>(F: Field<T>, fwd: BatchNormForward<T>, gamma: readonly T[], dy: readonly (readonly T[])[], mode: 'train' | 'eval'): BatchNormBackward<T> {
  const B = dy.length;
  const n = dy[0]!.length;
  const Bf = F.of(B);
  const dbeta: T[] = [];
  const dgamma: T[] = [];
  for (let i = 0; i < n; i++) {
    let sb = F.zero;
    let sg = F.zero;
    for (let x = 0; x < B; x++) {
      sb = F.add(sb, dy[x]![i]!); // ∂E/∂β = Σ dy
      sg = F.add(sg, F.mul(dy[x]![i]!, fwd.xHat[x]![i]!)); // ∂E/∂γ = Σ dy x̂
    }
    dbeta.push(sb);
    dgamma.push(sg);
  }
  const dx = dy.map((row, x) =>
    row.map((d, i) => {
      if (mode === 'eval') return F.div(F.mul(d, gamma[i]!), fwd.sigma[i]!); // affine: dy γ / σ
      // (γ / (B σ̂)) (B dy − Σ dy − x̂ Σ dy x̂)
      const inner = F.sub(F.sub(F.mul(Bf, d), dbeta[i]!), F.mul(fwd.xHat[x]![i]!, dgamma[i]!));
      return F.mul(F.div(gamma[i]!, F.mul(Bf, fwd.sigma[i]!)), inner);
    }),
  );
  return { dx, dgamma, dbeta };
}

function validate(X: Matrix, p: BatchNormParams, mode: string, opts: BatchNormOptions): [number, number, number, number] {
  const [B, n] = checkMatrix(X, 'X');
  for (const k of ['gamma', 'beta', 'runningMean', 'runningVar'] as const) checkVector(p?.[k], `params.${k}`, { length: n });
  if (mode !== 'train' && mode !== 'eval') throw new InvalidArgumentError({ where: 'mode', expected: '"train" or "eval"', got: JSON.stringify(mode) });
  const eps = checkNumber(opts.eps ?? 1e-5, 'eps');
  const momentum = checkNumber(opts.momentum ?? 0.1, 'momentum');
  if (eps < 0) throw new InvalidArgumentError({ where: 'eps', expected: 'eps ≥ 0', got: String(eps) });
  if (p.runningVar.some((v) => v < 0)) throw new InvalidArgumentError({ where: 'params.runningVar', expected: 'variances ≥ 0', got: 'a negative entry' });
  return [B, n, eps, momentum];
}

/** σ̂ = √(σ² + ε) = 0 would divide by zero: a constant column with ε = 0 (or a zero running variance). */
function nonZeroSigma(fwd: BatchNormForward): BatchNormForward {
  const i = fwd.sigma.findIndex((s) => s === 0);
  if (i >= 0) {
    throw new InvalidArgumentError({ where: `X[·][${i}]`, expected: 'a unit whose values vary over the batch, or eps > 0 (√(σ² + ε) = 0 divides by zero)', got: 'variance 0 with eps = 0' });
  }
  return fwd;
}

/** Batch norm forward in float64 (validated). */
export function batchNormForward(X: Matrix, p: BatchNormParams, mode: 'train' | 'eval', opts: BatchNormOptions = {}): BatchNormForward {
  const [, , eps, momentum] = validate(X, p, mode, opts);
  return nonZeroSigma(batchNormForwardIn(float64, X, p, mode, eps, momentum));
}

/** Batch norm backward in float64 (validated): recomputes the forward, then the gradients. */
export function batchNormBackward(X: Matrix, p: BatchNormParams, dy: Matrix, mode: 'train' | 'eval', opts: BatchNormOptions = {}): BatchNormBackward & { forward: BatchNormForward } {
  const [B, n, eps, momentum] = validate(X, p, mode, opts);
  checkMatrix(dy, 'dy', { rows: B, cols: n, rowsName: 'B, the rows of X', colsName: 'n, the columns of X' });
  const fwd = nonZeroSigma(batchNormForwardIn(float64, X, p, mode, eps, momentum));
  return { ...batchNormBackwardIn(float64, fwd, p.gamma, dy, mode), forward: fwd };
}

/** Params converted to another field. */
export function batchNormParamsIn<T>(F: Field<T>, p: BatchNormParams): BatchNormParams<T> {
  const c = (v: Vector) => v.map((x) => F.of(x));
  return { gamma: c(p.gamma), beta: c(p.beta), runningMean: c(p.runningMean), runningVar: c(p.runningVar) };
}
