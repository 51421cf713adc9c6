/**
 * Weight regularisation: a penalty R(W) added to the loss, J(W) = E(W) + R(W), and its gradient
 * ∂R/∂W^l, which is added to BP4's ∂E/∂W^l before the optimizer step.
 *
 * Three named conventions (the notes, 002_…txt "Tricks of the trade: regularization", write the
 * 2-norm penalty unsquared, λ‖W‖₂; the squared form is the common "weight decay"):
 *
 *   l1    R = λ Σ_l ‖W^l‖₁ = λ Σ_l Σ_jk |w^l_jk|       ∂R/∂w = λ sign(w)            (the notes' λ|W|)
 *   l2    R = λ Σ_l ‖W^l‖₂   (Frobenius, unsquared)      ∂R/∂W^l = λ W^l / ‖W^l‖₂      (the notes' λ‖W‖₂)
 *   l2sq  R = (λ/2) Σ_l ‖W^l‖₂²                          ∂R/∂W^l = λ W^l               (weight decay)
 *
 * `l2` sums the norm of each layer separately, as the notes do in λ(‖W₁‖₂ + ‖W₂‖₂).
 *
 * Conventions:
 *  - Only weights are penalised, never biases: a bias shifts a unit's threshold and does not
 *    grow the function's sensitivity to its input, and penalising it would pull every unit's
 *    threshold towards 0 for no gain. So these functions take the W^l only.
 *  - Where the penalty is not differentiable we return the minimum-norm subgradient, 0:
 *    l1 uses sign(0) = 0; l2 at W^l = 0 (the norm's kink) gives the zero matrix for that layer.
 */
import { checkMatrix, checkNumber } from '../../contract/validate.js';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import type { Matrix } from '../../contract/types.js';

export const REGULARIZERS = ['l1', 'l2', 'l2sq'] as const;
export type RegularizerName = (typeof REGULARIZERS)[number];

function checkArgs(name: unknown, lambda: unknown, W: unknown): RegularizerName {
  if (!(REGULARIZERS as readonly unknown[]).includes(name)) throw new UnknownNameError('regularizer', name, REGULARIZERS, 'name');
  const lam = checkNumber(lambda, 'lambda');
  if (lam < 0) throw new InvalidArgumentError({ where: 'lambda', expected: 'λ ≥ 0', got: String(lam) });
  if (!Array.isArray(W)) throw new InvalidArgumentError({ where: 'W', expected: 'the weight matrices W^1..W^L (number[][][])', got: typeof W });
  W.forEach((Wl, i) => checkMatrix(Wl, `W[${i}]`, { layer: i + 1 }));
  return name as RegularizerName;
}

/** ‖W‖₂, the Frobenius norm, scaled to avoid overflow and underflow in the squares. */
function frobenius(W: Matrix): number {
  let scale = 0;
  for (const r of W) for (const w of r) scale = Math.max(scale, Math.abs(w));
  if (scale === 0) return 0;
  let s = 0;
  for (const r of W) for (const w of r) s += (w / scale) ** 2;
  return scale * Math.sqrt(s);
}

/** R(W) for the named convention; W holds W^1..W^L (weights only, see the conventions above). */
export function penalty(name: RegularizerName, lambda: number, W: readonly Matrix[]): number {
  const kind = checkArgs(name, lambda, W);
  let r = 0;
  for (const Wl of W) {
    if (kind === 'l1') for (const row of Wl) for (const w of row) r += Math.abs(w); // ‖W^l‖₁
    else if (kind === 'l2') r += frobenius(Wl); // ‖W^l‖₂
    else for (const row of Wl) for (const w of row) r += w * w; // ‖W^l‖₂²
  }
  return kind === 'l2sq' ? (lambda / 2) * r : lambda * r;
}

/** ∂R/∂W^l for every layer (fresh arrays, same shapes as W); subgradient 0 at the kinks. */
export function penaltyGrad(name: RegularizerName, lambda: number, W: readonly Matrix[]): Matrix[] {
  const kind = checkArgs(name, lambda, W);
  return W.map((Wl) => {
    if (kind === 'l1') return Wl.map((row) => row.map((w) => lambda * Math.sign(w) + 0)); // λ sign(w), sign(0) = 0 (+0 turns −0 into 0)
    if (kind === 'l2sq') return Wl.map((row) => row.map((w) => lambda * w)); // λ W^l
    const norm = frobenius(Wl);
    return Wl.map((row) => row.map((w) => (norm === 0 ? 0 : (lambda * w) / norm))); // λ W^l / ‖W^l‖₂
  });
}
