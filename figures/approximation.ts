/**
 * Figure: universal approximation by sums of ReLUs (notes 001, "Example": f(x) = Σ w_i ReLU(x + b_i)).
 * For growing width K the network of reference/constructions/approx.ts `reluInterpolant` (1 → K relu units → 1)
 * interpolates f on a grid of K cells; its output is computed by the reference `forward`, and the
 * sup error is printed beside the bound L·h/2 the construction guarantees.
 */
import { grid, reluInterpolant } from '../reference/constructions/approx.js';
import { forward } from '../reference/index.js';
import { r, type VegaLiteSpec } from './render.js';

/** The target: smooth, not polynomial-looking, Lipschitz with L = max|f′| on [−3, 3]. */
const f = (x: number): number => Math.sin(2 * x) + 0.3 * x;
const A = -3;
const B = 3;
const WIDTHS = [3, 6, 12, 24] as const;
/** Evaluation points: 241 on [A, B]. */
const XS = Array.from({ length: 241 }, (_, i) => A + ((B - A) * i) / 240);
/** L = sup|f′| = sup|2 cos 2x + 0.3| = 2.3 on this interval (cos 2x = 1 at x = 0). */
const LIPSCHITZ = 2.3;

export function approximationFigure(): VegaLiteSpec {
  const X = XS.map((x) => [x]);
  const target = XS.map((x) => ({ x: r(x), y: r(f(x)) }));
  const panels = WIDTHS.map((K) => {
    const knots = grid(A, B, K);
    const interp = reluInterpolant(knots, knots.map(f));
    const out = forward(interp.net, X).a[1]!.map((row) => row[0]!);
    const supErr = Math.max(...out.map((y, i) => Math.abs(y - f(XS[i]!))));
    const h = (B - A) / K;
    return {
      title: { text: `K = ${K} ReLUs`, subtitle: `sup error ${supErr.toFixed(3)} ≤ L·h/2 = ${((LIPSCHITZ * h) / 2).toFixed(3)}` },
      width: 170,
      height: 150,
      layer: [
        {
          data: { values: target.map((p) => ({ ...p, curve: 'f(x) = sin 2x + 0.3x' })) },
          mark: { type: 'line', strokeWidth: 3, opacity: 0.35 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: 'x', axis: { format: 'd', values: [-3, -2, -1, 0, 1, 2, 3] } },
            y: { field: 'y', type: 'quantitative', title: null, scale: { domain: [-2, 2] }, axis: { format: 'd' } },
            color: { field: 'curve', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#d62728'] }, legend: { orient: 'bottom', labelLimit: 300 } },
          },
        },
        {
          data: { values: out.map((y, i) => ({ x: r(XS[i]!), y: r(y), curve: 'Σ wᵢ ReLU(x + bᵢ) + c' })) },
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'curve', type: 'nominal' } },
        },
        {
          data: { values: knots.map((x) => ({ x: r(x), y: r(f(x)) })) },
          mark: { type: 'point', filled: true, size: 18, color: '#d62728' },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
      ],
    };
  });
  return {
    title: {
      text: 'Universal approximation by sums of ReLUs',
      subtitle: 'reference/constructions/approx.ts reluInterpolant, evaluated by the reference forward; dots are the knots',
    },
    hconcat: panels,
  };
}
