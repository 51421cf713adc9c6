// Buggy on purpose: adam without bias correction (m and v used directly). Everything else is correct.
// Expected grade: only step.adam fails, diagnosis "adam without bias correction".
import { step as correctStep } from './correct.mjs';
export { activate, activateGrad, loss, forward, backward, perceptronStep } from './correct.mjs';

export function step(opt, params, grads, state) {
  if (opt.name !== 'adam') return correctStep(opt, params, grads, state);
  const flat = (p) => [...p.W.flatMap((M) => M.flat()), ...p.b.flat()];
  const w = flat(params);
  const g = flat(grads);
  const s = state ?? { m: w.map(() => 0), v: w.map(() => 0) };
  const m = s.m.map((mi, i) => opt.beta1 * mi + (1 - opt.beta1) * g[i]);
  const v = s.v.map((vi, i) => opt.beta2 * vi + (1 - opt.beta2) * g[i] * g[i]);
  // BUG: no m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
  const out = w.map((wi, i) => {
    const d = Math.sqrt(v[i]) + opt.eps;
    return d === 0 ? wi : wi - (opt.lr * m[i]) / d;
  });
  let k = 0;
  return { params: { W: params.W.map((M) => M.map((r) => r.map(() => out[k++]))), b: params.b.map((b) => b.map(() => out[k++])) }, state: { m, v } };
}
