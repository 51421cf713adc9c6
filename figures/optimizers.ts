/**
 * Figure: the paths of sgd, momentum, adagrad, rmsprop and adam on a 2-D loss surface (notes 002,
 * "Momentum", "Adagrad", "RMSProp"; Adam from Kingma & Ba).
 *
 * The surface is a real network's loss: one identity unit ŷ = w x + b fitted by mse to 20 points of a
 * line, so the two parameters are θ = (w, b) and the surface is an elongated quadratic valley (its
 * Hessian [[E x², E x], [E x, 1]] has eigenvalues ≈ 2.2 and 0.16 for x evenly spread on [0, 2]: condition ≈ 14). Every loss value comes
 * from the reference `forward` + `loss`, every gradient from the reference `backward`, and every update
 * from the reference `step` (the contract's optimizers, with their state carried between steps).
 */
import type { Net, Optimizer, OptimizerState, Params } from '../contract/types.js';
import { backward, forward, loss, step } from '../reference/index.js';
import { r, type VegaLiteSpec } from './render.js';

const N = 20;
const XS = Array.from({ length: N }, (_, i) => (2 * i) / (N - 1));
const X = XS.map((x) => [x]);
/** The line y = 1.5 x − 1: the minimum is at (w, b) = (1.5, −1). */
const Y = XS.map((x) => [1.5 * x - 1]);
const START = { w: -1, b: -1.5 };
const STEPS = 80;
const W_RANGE: [number, number] = [-1.5, 2.5];
const B_RANGE: [number, number] = [-2, 1.5];

/** Learning rates chosen per optimizer so each reaches the valley within STEPS on this surface. */
const OPTIMIZERS: readonly Optimizer[] = [
  { name: 'sgd', lr: 0.8 },
  { name: 'momentum', lr: 0.1, alpha: 0.9 },
  { name: 'adagrad', lr: 1, eps: 1e-8 },
  { name: 'rmsprop', lr: 0.05, rho: 0.9, eps: 1e-8 },
  { name: 'adam', lr: 0.2, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
];

const netOf = (w: number, b: number): Net => ({ layers: [{ W: [[w]], b: [b], activation: 'identity' }] });
const lossAt = (w: number, b: number): number => loss('mse', forward(netOf(w, b), X).a[0]!, Y);

function path(opt: Optimizer): { w: number; b: number; t: number }[] {
  let params: Params = { W: [[[START.w]]], b: [[START.b]] };
  let state: OptimizerState = null;
  const out = [{ w: START.w, b: START.b, t: 0 }];
  for (let t = 1; t <= STEPS; t++) {
    const net: Net = { layers: [{ W: params.W[0]!, b: params.b[0]!, activation: 'identity' }] };
    const g = backward(net, X, Y, 'mse');
    ({ params, state } = step(opt, params, { W: g.gradW, b: g.gradB }, state));
    out.push({ w: params.W[0]![0]![0]!, b: params.b[0]![0]!, t });
  }
  return out;
}

/** The loss on a coarse grid of cells (drawn as a heatmap of log₁₀ loss). */
function surface(cells = 24): Record<string, number>[] {
  const rows: Record<string, number>[] = [];
  const dw = (W_RANGE[1] - W_RANGE[0]) / cells;
  const db = (B_RANGE[1] - B_RANGE[0]) / cells;
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      const w0 = W_RANGE[0] + i * dw;
      const b0 = B_RANGE[0] + j * db;
      rows.push({ w: r(w0), w2: r(w0 + dw), b: r(b0), b2: r(b0 + db), logLoss: r(Math.log10(lossAt(w0 + dw / 2, b0 + db / 2))) });
    }
  }
  return rows;
}

export function optimizersFigure(): VegaLiteSpec {
  const paths = OPTIMIZERS.flatMap((opt) => {
    const label = `${opt.name} (lr ${opt.lr})`;
    const p = path(opt);
    return p.map((q) => ({ optimizer: label, t: q.t, w: r(Math.min(W_RANGE[1], Math.max(W_RANGE[0], q.w))), b: r(Math.min(B_RANGE[1], Math.max(B_RANGE[0], q.b))) }));
  });
  const finals = OPTIMIZERS.map((opt) => {
    const p = path(opt).at(-1)!;
    return `${opt.name} ${lossAt(p.w, p.b).toExponential(1)}`;
  });
  const wAxis = { field: 'w', type: 'quantitative', title: 'w (weight)', scale: { domain: W_RANGE, nice: false, zero: false }, axis: { format: 'd' } };
  const bAxis = { field: 'b', type: 'quantitative', title: 'b (bias)', scale: { domain: B_RANGE, nice: false, zero: false }, axis: { format: 'd' } };
  return {
    title: {
      text: `Optimizer paths on a 2-D loss surface (${STEPS} steps from (w, b) = (${START.w}, ${START.b}))`,
      subtitle: [`mse of ŷ = w x + b on 20 points of y = 1.5x − 1 (minimum ✚ at w = 1.5, b = −1)`, 'computed by the reference forward, backward and step', `loss after ${STEPS} steps: ${finals.join(', ')}`],
    },
    width: 480,
    height: 360,
    layer: [
      {
        data: { values: surface() },
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: {
          x: wAxis,
          x2: { field: 'w2' },
          y: bAxis,
          y2: { field: 'b2' },
          color: { field: 'logLoss', type: 'quantitative', title: 'log₁₀ loss', scale: { scheme: 'greys', reverse: false }, legend: { format: '.1f', gradientLength: 120 } },
        },
      },
      {
        data: { values: paths },
        mark: { type: 'line', point: { size: 10, filled: true }, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'w', type: 'quantitative' },
          y: { field: 'b', type: 'quantitative' },
          order: { field: 't', type: 'quantitative' },
          color: { field: 'optimizer', type: 'nominal', title: 'optimizer', scale: { scheme: 'category10' } },
        },
      },
      {
        data: { values: [{ w: 1.5, b: -1, label: 'minimum' }] },
        mark: { type: 'point', shape: 'cross', size: 120, color: '#e6550d', strokeWidth: 2 },
        encoding: { x: { field: 'w', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}
