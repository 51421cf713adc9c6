// Buggy on purpose: BP2 forgets ⊙ σ′(z^l). Everything else is correct.
// Expected grade: only backward.bp2 fails, diagnosis "BP2 without σ′(z^l)".
import { forward, backward as correctBackward } from './correct.mjs';
export { activate, activateGrad, loss, forward, step, perceptronStep } from './correct.mjs';

export function backward(net, X, Y, lossName) {
  const { z, a } = forward(net, X);
  const L = net.layers.length;
  const B = X.length;
  const delta = new Array(L);
  delta[L - 1] = correctBackward(net, X, Y, lossName).delta[L - 1]; // BP1 is fine
  for (let l = L - 2; l >= 0; l--) {
    const W = net.layers[l + 1].W;
    // BUG: δ^l = (W^{l+1})ᵀ δ^{l+1}, the ⊙ σ′(z^l) is missing
    delta[l] = delta[l + 1].map((d) => z[l][0].map((_, k) => W.reduce((acc, row, j) => acc + row[k] * d[j], 0)));
  }
  const gradB = delta.map((d) => d[0].map((_, j) => d.reduce((s, dx) => s + dx[j], 0) / B));
  const gradW = delta.map((d, l) => {
    const below = l === 0 ? X : a[l - 1];
    return d[0].map((_, j) => below[0].map((_, k) => d.reduce((s, dx, x) => s + dx[j] * below[x][k], 0) / B));
  });
  return { delta, gradW, gradB };
}
