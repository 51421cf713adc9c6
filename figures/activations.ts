/**
 * Figure: sigmoid, tanh and ReLU with their derivatives, read from the one activation table
 * (reference/activations.ts). Marks σ′ ≤ ¼ (the bound behind vanishing gradients, notes 000) and the
 * contract's kink convention relu′(0) = 0.
 */
import { ELEMENTWISE } from '../reference/activations.js';
import { float64 } from '../reference/field.js';
import { r, type VegaLiteSpec } from './render.js';

const SHOWN = ['sigmoid', 'tanh', 'relu'] as const;
/** z on [−5, 5] in steps of 0.05 (201 points; 0 is a sample, so the kink is drawn where it is). */
const Z = Array.from({ length: 201 }, (_, i) => -5 + i * 0.05);

export function activationsFigure(): VegaLiteSpec {
  const panels = SHOWN.map((name) => {
    const act = ELEMENTWISE[name];
    const values = Z.flatMap((z) => [
      { z: r(z), curve: `${name}(z)`, y: r(act.value(float64, z, 0)) },
      { z: r(z), curve: `${name}′(z)`, y: r(act.grad(float64, z, 0)) },
    ]);
    const layers: VegaLiteSpec[] = [
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'z', type: 'quantitative', title: 'z', axis: { format: 'd', values: [-4, -2, 0, 2, 4] } },
          y: { field: 'y', type: 'quantitative', title: null, scale: { domain: name === 'relu' ? [-0.5, 5] : [-1.1, 1.1] }, axis: { format: '.2~f' } },
          color: {
            field: 'curve',
            type: 'nominal',
            title: null,
            scale: { range: ['#1f77b4', '#d62728'] },
            legend: { orient: 'bottom' },
          },
          strokeDash: { field: 'curve', type: 'nominal', title: null, scale: { range: [[1, 0], [5, 3]] }, legend: { orient: 'bottom' } },
        },
      },
    ];
    if (name === 'sigmoid') {
      // σ′ = σ(1 − σ) ≤ ¼, attained at z = 0
      layers.push(
        {
          data: { values: [{ y: 0.25 }] },
          mark: { type: 'rule', color: '#555', strokeDash: [2, 2] },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
        {
          data: { values: [{ z: 0.3, y: 0.25, label: 'σ′ ≤ ¼' }] },
          mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -2, fontSize: 11, color: '#555' },
          encoding: { x: { field: 'z', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
        },
      );
    }
    if (name === 'relu') {
      // the contract's kink convention: relu′(0) = 0
      layers.push(
        {
          data: { values: [{ z: 0, y: 0 }] },
          mark: { type: 'point', filled: true, color: '#d62728', size: 40 },
          encoding: { x: { field: 'z', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
        {
          data: { values: [{ z: 0.3, y: 0.1, label: 'relu′(0) = 0' }] },
          mark: { type: 'text', align: 'left', baseline: 'bottom', fontSize: 11, color: '#555' },
          encoding: { x: { field: 'z', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
        },
      );
    }
    return { title: name, width: 200, height: 160, layer: layers };
  });
  return {
    title: { text: 'Activations and their derivatives', subtitle: 'from reference/activations.ts (ELEMENTWISE)' },
    hconcat: panels,
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  };
}
