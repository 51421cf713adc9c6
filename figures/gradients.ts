/**
 * Figure: histograms of back-propagated gradients δ^l = ∂E/∂z^l per layer, in a deep sigmoid network vs
 * the same network with ReLU units (after Glorot & Bengio 2010, Fig. 7; notes 000/001 "vanishing
 * gradients": each sigmoid layer multiplies δ by σ′ ≤ ¼ in BP2, δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)).
 *
 * Both nets: 5 hidden layers of 64 units, softmax output with cce, Glorot-uniform weights from
 * reference/learning/init.ts (same seed, so the same weights), one batch of 64 random inputs; δ from the
 * reference `backward`. Exact zeros (inactive ReLUs, δ = 0 by relu′ = 0) have no logarithm: their share is
 * printed in the legend.
 */
import type { ActivationName } from '../contract/names.js';
import { backward } from '../reference/index.js';
import { initNet } from '../reference/learning/init.js';
import { createRng } from '../reference/learning/rng.js';
import { r, type VegaLiteSpec } from './render.js';

const SEED = 2010; // Glorot & Bengio's year: any fixed seed would do
const N_IN = 32;
const HIDDEN = 5;
const WIDTH = 64;
const N_OUT = 10;
const BATCH = 64;
/** Histogram bins on log10|δ|: width ¼ decade from 10^−9 to 10^0. */
const LO = -9;
const HI = 0;
const BIN = 0.25;

function data(): { X: number[][]; Y: number[][] } {
  const rng = createRng(SEED);
  const X = Array.from({ length: BATCH }, () => Array.from({ length: N_IN }, () => rng.normal(0, 1)));
  const Y = Array.from({ length: BATCH }, () => {
    const k = rng.int(0, N_OUT - 1);
    return Array.from({ length: N_OUT }, (_, j) => (j === k ? 1 : 0));
  });
  return { X, Y };
}

function histograms(hidden: ActivationName): Record<string, unknown>[] {
  const sizes = [N_IN, ...Array<number>(HIDDEN).fill(WIDTH), N_OUT];
  const acts: ActivationName[] = [...Array<ActivationName>(HIDDEN).fill(hidden), 'softmax'];
  const net = initNet(sizes, acts, { scheme: 'glorot-uniform', seed: SEED });
  const { X, Y } = data();
  const { delta } = backward(net, X, Y, 'cce');
  const nBins = Math.round((HI - LO) / BIN);
  const rows: Record<string, unknown>[] = [];
  for (let l = 0; l < HIDDEN; l++) {
    const vals = delta[l]!.flat();
    const counts = Array<number>(nBins).fill(0);
    let zeros = 0;
    for (const v of vals) {
      if (v === 0) {
        zeros++;
        continue;
      }
      const k = Math.floor((Math.log10(Math.abs(v)) - LO) / BIN);
      counts[Math.min(nBins - 1, Math.max(0, k))]!++;
    }
    const label = `layer ${l + 1}${zeros ? ` (${Math.round((100 * zeros) / vals.length)}% zero)` : ''}`;
    const median = [...vals.map(Math.abs)].sort((a, b) => a - b)[vals.length >> 1]!;
    for (let k = 0; k < nBins; k++) {
      rows.push({ net: `${hidden} hidden units`, layer: label, order: l + 1, x: r(LO + k * BIN), x2: r(LO + (k + 1) * BIN), share: r(counts[k]! / vals.length), median: r(median) });
    }
  }
  return rows;
}

export function gradientsFigure(): VegaLiteSpec {
  const panel = (hidden: ActivationName): VegaLiteSpec => ({
    title: `${hidden} hidden layers`,
    width: 300,
    height: 180,
    data: { values: histograms(hidden) },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'log₁₀ |δˡ| (back-propagated gradient ∂E/∂zˡ)', scale: { domain: [LO, HI] }, axis: { format: 'd' } },
      y: { field: 'share', type: 'quantitative', title: 'share of entries', axis: { format: '.0%' } },
      color: {
        field: 'layer',
        type: 'nominal',
        title: 'layer (1 = nearest the input)',
        sort: { field: 'order' },
        scale: { scheme: 'viridis' },
        legend: { orient: 'bottom', columns: 3, labelLimit: 200, titleLimit: 300 },
      },
    },
  });
  return {
    title: {
      text: 'Back-propagated gradients per layer: sigmoid vanishes, ReLU does not',
      subtitle: `5 × 64 hidden, softmax + cce, Glorot-uniform (seed ${SEED}), batch ${BATCH}; δ from the reference backward (BP1, BP2)`,
    },
    hconcat: [panel('sigmoid'), panel('relu')],
    resolve: { scale: { color: 'independent' } },
  };
}
