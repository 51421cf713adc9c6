/**
 * Mistakes in the losses (loss.mse, loss.bce, loss.cce; the mse factor shows in BP1 too). The
 * contract's loss is the batch mean of E_x: mse E_x = ½‖a − y‖², bce −Σ[y log a + (1 − y) log(1 − a)],
 * cce −Σ y log a (notes 001/002 "Losses"), with 0·log 0 = 0.
 */
import * as ref from '../reference/index.js';
import type { Matrix } from '../contract/types.js';
import { lossFor } from './plant.js';
import { lossInput, lossOf, scale } from './recognise.js';
import type { Mistake } from './types.js';

/** The batch mean of Σᵢ term(a, y) over the entries of A, Y. */
const meanOver = (A: Matrix, Y: Matrix, term: (a: number, y: number) => number) => A.reduce((s, r, x) => s + r.reduce((t, a, i) => t + term(a, Y[x]![i]!), 0), 0) / A.length;

/** y·log(a) with 0·log 0 = 0 (the limit of t log t), as the contract counts it. */
const ylog = (y: number, a: number, log = Math.log) => (y === 0 ? 0 : y * log(a));

export const LOSS_MISTAKES: readonly Mistake[] = [
  {
    id: 'mse.factor-2',
    checks: ['loss.mse', 'backward.bp1'],
    title: 'the ½ of mse dropped: E_x = ‖a − y‖² instead of ½‖a − y‖², so the loss (and δ^L) is twice too large',
    fix: 'The contract’s mse is E_x = ½‖a − y‖², whose gradient is a − y (no factor 2).',
    mistaken: (ev) => (lossOf(ev) === 'mse' ? scale(ev.expected, 2) : undefined),
    convention: { name: 'mse-form', value: 'sum' },
    planted: { fns: { loss: (n, A, Y) => (n === 'mse' ? 2 : 1) * ref.loss(n, A, Y) }, shows: ['loss.mse'] },
  },
  {
    id: 'mse.mean-over-outputs',
    checks: ['loss.mse'],
    title: 'mse averaged over the outputs too (like numpy’s .mean() over all entries): (1/(B·n)) Σ (a − y)² instead of (1/B) Σ_x ½‖a − y‖²',
    fix: 'Sum ½(a_i − y_i)² over the outputs of an example, then average over the examples only.',
    mistaken(ev) {
      const { A } = lossInput(ev);
      const n = A[0]!.length;
      return n === 2 ? undefined : ((ev.expected as number) * 2) / n; // n = 2: the same number as the contract's
    },
    convention: { name: 'mse-form', value: 'mean' },
    planted: {
      fns: { loss: lossFor('mse', (A, Y) => A.flatMap((r, x) => r.map((a, i) => (a - Y[x]![i]!) ** 2)).reduce((s, v, _i, arr) => s + v / arr.length, 0)) },
      shows: ['loss.mse'],
    },
  },
  {
    id: 'mse.half-mean',
    checks: ['loss.mse'],
    title: 'mse taken as ½ · the mean over all entries, (1/(2·B·n)) Σ (a − y)²: the ½ of the notes and the mean over the n outputs together, n times too small',
    fix: 'E_x = ½ Σᵢ (aᵢ − yᵢ)², summed over the outputs; the loss is its mean over the B examples only.',
    mistaken(ev) {
      const { A } = lossInput(ev);
      const n = A[0]!.length;
      return n === 1 ? undefined : (ev.expected as number) / n; // n = 1: the contract's number
    },
    planted: {
      fns: {
        loss: lossFor('mse', (A, Y) => {
          const sq = A.flatMap((r, x) => r.map((a, i) => (a - Y[x]![i]!) ** 2));
          return (0.5 * sq.reduce((s, v) => s + v, 0)) / sq.length;
        }),
      },
      shows: ['loss.mse'],
    },
  },
  {
    id: 'loss.sum-not-mean',
    checks: ['loss.'],
    title: 'the loss is summed over the batch instead of averaged (B times too large)',
    fix: 'loss(name, A, Y) is the batch mean (1/B) Σ_x E_x.',
    mistaken(ev) {
      const B = lossInput(ev).A.length;
      return B > 1 ? scale(ev.expected, B) : undefined;
    },
    convention: { name: 'batch-reduction', value: 'sum' },
    planted: { fns: { loss: (n, A, Y) => (n === 'bce' ? A.length : 1) * ref.loss(n, A, Y) }, shows: ['loss.bce'] },
  },
  {
    id: 'loss.log-zero',
    checks: ['loss.bce', 'loss.cce'],
    title: 'log(0) in the loss: a term y·log(a) with y = 0 and a = 0 gives 0·(−Infinity) = NaN',
    fix: 'Count y·log(a) as 0 when y = 0 (the limit of t·log t), e.g. `y === 0 ? 0 : y * Math.log(a)`.',
    mistaken(ev) {
      const { name, A, Y } = lossInput(ev);
      return -meanOver(A, Y, (a, y) => (name === 'bce' ? y * Math.log(a) + (1 - y) * Math.log(1 - a) : y * Math.log(a)));
    },
    convention: { name: 'zero-log-zero', value: 'nan' },
    planted: { fns: { loss: lossFor('cce', (A, Y) => -A.reduce((s, r, x) => s + r.reduce((t, a, i) => t + Y[x]![i]! * Math.log(a), 0), 0) / A.length) }, shows: ['loss.cce'] },
  },
  {
    id: 'cce.log2',
    checks: ['loss.cce'],
    title: 'cce computed with log₂ instead of the natural log (1/ln 2 ≈ 1.44 times too large)',
    fix: 'E_x = −Σᵢ yᵢ ln aᵢ with the natural logarithm (Math.log, np.log).',
    mistaken: (ev) => {
      const { A, Y } = lossInput(ev);
      return -meanOver(A, Y, (a, y) => ylog(y, a, Math.log2));
    },
    planted: { fns: { loss: lossFor('cce', (A, Y) => -A.reduce((s, r, x) => s + r.reduce((t, a, i) => t + (Y[x]![i]! === 0 ? 0 : Y[x]![i]! * Math.log2(a)), 0), 0) / A.length) }, shows: ['loss.cce'] },
  },
  {
    id: 'cce.bce-formula',
    checks: ['loss.cce'],
    title: 'binary cross-entropy used for cce: −Σᵢ [yᵢ log aᵢ + (1 − yᵢ) log(1 − aᵢ)], which adds the (1 − y) log(1 − a) terms a softmax output does not have',
    fix: 'Categorical cross-entropy is E_x = −Σᵢ yᵢ log aᵢ: one term per output, no 1 − y terms.',
    mistaken: (ev) => {
      const { A, Y } = lossInput(ev);
      return -meanOver(A, Y, (a, y) => ylog(y, a) + ylog(1 - y, 1 - a));
    },
    planted: {
      fns: {
        loss: lossFor('cce', (A, Y) => {
          let s = 0;
          A.forEach((r, x) =>
            r.forEach((a, i) => {
              const y = Y[x]![i]!;
              if (y !== 0) s -= y * Math.log(a);
              if (y !== 1) s -= (1 - y) * Math.log(1 - a);
            }),
          );
          return s / A.length;
        }),
      },
      shows: ['loss.cce'],
    },
  },
];
