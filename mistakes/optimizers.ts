/**
 * Mistakes in the optimizers (step.<name>, several steps in a row carrying the state; notes 002
 * "Optimizers", Adam after Kingma & Ba 2015, Algorithm 1) and in the perceptron's learning rule
 * (perceptronStep; notes 000/004). The contract's updates, per coordinate:
 *   momentum  v ← αv − ηg, w ← w + v
 *   adagrad   r ← r + g², w ← w − ηg/(√r + ε)
 *   rmsprop   r ← ρr + (1 − ρ)g², w ← w − ηg/(√r + ε)
 *   adam      m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), w ← w − ηm̂/(√v̂ + ε)
 */
import * as ref from '../reference/index.js';
import type { Params } from '../contract/types.js';
import { plantedStep } from './plant.js';
import { guarded, hyper, perceptronCase, simulate, stepCase, type CoordUpdate } from './recognise.js';
import type { Evaluation, Mistake } from './types.js';

/** The same update for the recognition (over a step case) and the planted optimizer. */
const both = (update: CoordUpdate) => ({ mistaken: (ev: Evaluation) => simulate(stepCase(ev), update), step: plantedStep(update) });

const momentumSign = both((o, _t, w, g, s) => {
  s[0] = hyper(o).alpha * s[0]! + hyper(o).lr * g;
  return w + s[0]!;
});
const momentumDampened = both((o, _t, w, g, s) => {
  const { alpha, lr } = hyper(o);
  s[0] = alpha * s[0]! + (1 - alpha) * g;
  return w - lr * s[0]!;
});
const adagradNoSqrt = both((o, _t, w, g, s) => {
  s[0] = s[0]! + g * g;
  return guarded(hyper(o).lr * g, s[0]! + hyper(o).eps, w);
});
const adagradEpsInside = both((o, _t, w, g, s) => {
  s[0] = s[0]! + g * g;
  return guarded(hyper(o).lr * g, Math.sqrt(s[0]! + hyper(o).eps), w);
});
const rmspropRhoSwapped = both((o, _t, w, g, s) => {
  const { lr, rho, eps } = hyper(o);
  s[0] = (1 - rho) * s[0]! + rho * g * g;
  return guarded(lr * g, Math.sqrt(s[0]!) + eps, w);
});
const rmspropEpsInside = both((o, _t, w, g, s) => {
  const { lr, rho, eps } = hyper(o);
  s[0] = rho * s[0]! + (1 - rho) * g * g;
  return guarded(lr * g, Math.sqrt(s[0]! + eps), w);
});

/** Adam with the moments' bias correction done by `correct` (m̂, v̂ from m, v, t), the moments updated before (or after: `stale`) it. */
function adamWith(correct: (m: number, v: number, t: number, b1: number, b2: number) => [number, number], opts: { epsInside?: boolean; stale?: 'both' | 'm' } = {}): CoordUpdate {
  return (o, t, w, g, s) => {
    const { lr, beta1, beta2, eps } = hyper(o);
    const [m0, v0] = [s[0]!, s[1]!];
    s[0] = beta1 * m0 + (1 - beta1) * g;
    s[1] = beta2 * v0 + (1 - beta2) * g * g;
    const [mh, vh] = correct(opts.stale ? m0 : s[0]!, opts.stale === 'both' ? v0 : s[1]!, t, beta1, beta2);
    return guarded(lr * mh, opts.epsInside ? Math.sqrt(vh + eps) : Math.sqrt(vh) + eps, w);
  };
}
const divided = (m: number, v: number, t: number, b1: number, b2: number): [number, number] => [m / (1 - b1 ** t), v / (1 - b2 ** t)];
const adamNoCorrection = both(adamWith((m, v) => [m, v]));
const adamEpsInside = both(adamWith(divided, { epsInside: true }));
const adamConstant = both(adamWith((m, v, _t, b1, b2) => [m / (1 - b1), v / (1 - b2)]));
const adamMultiplied = both(adamWith((m, v, t, b1, b2) => [m * (1 - b1 ** t), v * (1 - b2 ** t)]));
const adamStale = both(adamWith(divided, { stale: 'both' }));
const adamStaleM = adamWith(divided, { stale: 'm' });

const predict = (w: readonly number[], b: number, x: readonly number[], strict: boolean) => {
  const s = w.reduce((acc, wi, i) => acc + wi * x[i]!, b);
  return (strict ? s > 0 : s >= 0) ? 1 : 0;
};

export const OPTIMIZER_MISTAKES: readonly Mistake[] = [
  {
    id: 'momentum.sign',
    checks: ['step.momentum'],
    title: 'momentum’s sign is wrong: v ← αv + lr·g, w ← w + v moves uphill',
    fix: 'v ← αv − lr·g; w ← w + v (or keep v ← αv + lr·g and subtract: w ← w − v).',
    mistaken: momentumSign.mistaken,
    planted: { fns: { step: momentumSign.step }, shows: ['step.momentum'] },
  },
  {
    id: 'momentum.dampened',
    checks: ['step.momentum'],
    title: 'dampened momentum: v ← αv + (1 − α)g, w ← w − lr·v (an exponential average of the gradients, (1 − α) times the notes’ step in the long run)',
    fix: 'The notes’ momentum: v ← αv − lr·g, w ← w + v — the new gradient enters with weight 1, not 1 − α.',
    mistaken: momentumDampened.mistaken,
    convention: { name: 'momentum-form', value: 'dampened' },
    planted: { fns: { step: momentumDampened.step }, shows: ['step.momentum'] },
  },
  {
    id: 'optimizer.bias-plain-sgd',
    checks: ['step.momentum', 'step.adagrad', 'step.rmsprop', 'step.adam'],
    title: 'the biases are updated by plain sgd (b ← b − lr·g): the optimizer’s state (velocity, accumulators, moments) is kept for the weights only',
    fix: 'Every parameter — W and b alike — gets the optimizer’s update, each coordinate with its own state.',
    mistaken(ev) {
      const c = stepCase(ev);
      const lr = hyper(c.opt).lr;
      const exp = (ev.expected as { params: Params[] }).params;
      let b = c.params.b;
      return {
        params: exp.map((p, t) => {
          b = b.map((v, l) => v.map((w, j) => w - lr * c.grads[t]!.b[l]![j]!));
          return { W: p.W, b };
        }),
      };
    },
    planted: {
      fns: {
        step: (opt, params, grads, state) => {
          const r = ref.step(opt, params, grads, state);
          return { params: { W: r.params.W, b: params.b.map((v, l) => v.map((w, j) => w - opt.lr * grads.b[l]![j]!)) }, state: r.state };
        },
      },
      shows: ['step.momentum'],
    },
  },
  {
    id: 'adagrad.no-sqrt',
    checks: ['step.adagrad'],
    title: 'adagrad divides by r + eps instead of √r + eps (the square root is missing)',
    fix: 'w ← w − lr·g / (√r + eps), with r the running sum of g².',
    mistaken: adagradNoSqrt.mistaken,
    planted: { fns: { step: adagradNoSqrt.step }, shows: ['step.adagrad'] },
  },
  {
    id: 'adagrad.eps-inside-sqrt',
    checks: ['step.adagrad'],
    title: 'adagrad adds eps inside the square root, √(r + eps), where the contract adds it after: √r + eps',
    fix: 'w ← w − lr·g / (√r + eps).',
    mistaken: adagradEpsInside.mistaken,
    convention: { name: 'adagrad-eps', value: 'inside' },
    planted: { fns: { step: adagradEpsInside.step }, shows: ['step.adagrad'] },
  },
  {
    id: 'rmsprop.rho-swapped',
    checks: ['step.rmsprop'],
    title: 'rmsprop’s ρ and 1 − ρ are swapped: r ← (1 − ρ) r + ρ g²',
    fix: 'r ← ρ r + (1 − ρ) g²: ρ (e.g. 0.9) keeps the old average, 1 − ρ weighs the new g².',
    mistaken: rmspropRhoSwapped.mistaken,
    planted: { fns: { step: rmspropRhoSwapped.step }, shows: ['step.rmsprop'] },
  },
  {
    id: 'rmsprop.eps-inside-sqrt',
    checks: ['step.rmsprop'],
    title: 'rmsprop adds eps inside the square root, √(r + eps), where the contract adds it after: √r + eps',
    fix: 'w ← w − lr·g / (√r + eps).',
    mistaken: rmspropEpsInside.mistaken,
    convention: { name: 'rmsprop-eps', value: 'inside' },
    planted: { fns: { step: rmspropEpsInside.step }, shows: ['step.rmsprop'] },
  },
  {
    id: 'adam.no-bias-correction',
    checks: ['step.adam'],
    title: 'adam without bias correction: m and v are used directly instead of m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)',
    fix: 'Keep the step count t in the state and divide: m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ); w ← w − lr·m̂/(√v̂ + eps).',
    mistaken: adamNoCorrection.mistaken,
    planted: { fns: { step: adamNoCorrection.step }, shows: ['step.adam'] },
  },
  {
    id: 'adam.eps-inside-sqrt',
    checks: ['step.adam'],
    title: 'adam adds eps inside the square root, √(v̂ + eps), where the contract (Kingma & Ba) adds it after: √v̂ + eps',
    fix: 'w ← w − lr·m̂ / (√v̂ + eps).',
    mistaken: adamEpsInside.mistaken,
    planted: { fns: { step: adamEpsInside.step }, shows: ['step.adam'] },
  },
  {
    id: 'adam.bias-correction-constant',
    checks: ['step.adam'],
    title: 'adam’s bias correction uses a constant: m̂ = m/(1 − β₁), v̂ = v/(1 − β₂) instead of dividing by 1 − β₁ᵗ, 1 − β₂ᵗ (t = the step count)',
    fix: 'Count the steps in the state (t = 1, 2, …) and divide by 1 − β₁ᵗ and 1 − β₂ᵗ: the correction fades as t grows.',
    mistaken: adamConstant.mistaken,
    planted: { fns: { step: adamConstant.step }, shows: ['step.adam'] },
  },
  {
    id: 'adam.bias-correction-multiplied',
    checks: ['step.adam'],
    title: 'adam’s bias correction multiplies where it should divide: m̂ = m·(1 − β₁ᵗ), v̂ = v·(1 − β₂ᵗ)',
    fix: 'm̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ): early moments are biased towards 0 and the correction scales them UP.',
    mistaken: adamMultiplied.mistaken,
    planted: { fns: { step: adamMultiplied.step }, shows: ['step.adam'] },
  },
  {
    id: 'adam.stale-moment',
    checks: ['step.adam'],
    title: 'adam’s update uses the previous step’s moments: m̂ (and v̂) are computed from m_{t−1} before m_t = β₁m_{t−1} + (1 − β₁)g_t is formed, so the step lags one gradient behind',
    fix: 'First update the moments with this step’s gradient (m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²), then correct them and step.',
    mistaken: (ev) => ({ alternatives: [adamStale.mistaken(ev), simulate(stepCase(ev), adamStaleM)] }),
    planted: { fns: { step: adamStale.step }, shows: ['step.adam'] },
  },
  // the perceptron
  {
    id: 'perceptron.strict-threshold',
    checks: ['perceptronStep'],
    title: 'the perceptron uses a strict threshold: ŷ = 1 only if w·x + b > 0, but the contract fires when w·x + b ≥ 0',
    fix: 'ŷ = (w·x + b >= 0) ? 1 : 0.',
    mistaken(ev) {
      const c = perceptronCase(ev);
      const yhat = predict(c.w, c.b, c.x, true);
      return { w: c.w.map((wi, i) => wi + c.lr * (c.y - yhat) * c.x[i]!), b: c.b + c.lr * (c.y - yhat) };
    },
    convention: { name: 'perceptron-at-zero', value: 'zero' },
    planted: {
      fns: {
        perceptronStep: (w, b, x, y, lr) => {
          const yhat = w.reduce((s, wi, i) => s + wi * x[i]!, b) > 0 ? 1 : 0;
          return { w: w.map((wi, i) => wi + lr * (y - yhat) * x[i]!), b: b + lr * (y - yhat) };
        },
      },
      shows: ['perceptronStep'],
    },
  },
  {
    id: 'perceptron.sign',
    checks: ['perceptronStep'],
    title: 'the perceptron update has the wrong sign: w ← w − lr(y − ŷ)x moves the boundary the wrong way',
    fix: 'w ← w + lr(y − ŷ)x; b ← b + lr(y − ŷ).',
    mistaken(ev) {
      const c = perceptronCase(ev);
      const yhat = predict(c.w, c.b, c.x, false);
      return { w: c.w.map((wi, i) => wi - c.lr * (c.y - yhat) * c.x[i]!), b: c.b - c.lr * (c.y - yhat) };
    },
    planted: {
      fns: {
        perceptronStep: (w, b, x, y, lr) => {
          const yhat = w.reduce((s, wi, i) => s + wi * x[i]!, b) >= 0 ? 1 : 0;
          return { w: w.map((wi, i) => wi - lr * (y - yhat) * x[i]!), b: b - lr * (y - yhat) };
        },
      },
      shows: ['perceptronStep'],
    },
  },
];
