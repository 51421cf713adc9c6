/**
 * Figure: XOR decision regions of a single perceptron (failing) and of an MLP (succeeding).
 *
 * Both on the project's XOR data (reference/constructions/experiments.ts XOR_DATA: inputs standardised to ±1).
 * Left: the perceptron learning algorithm (reference/constructions/logic.ts `perceptronLearn`, the contract's
 * `perceptronStep`) run for 100 epochs: it never converges, because no line separates XOR (notes 000,
 * "XOR is not linearly separable"); the region shown is that of its last (w, b).
 * Right: the documented XOR recipe (reference/constructions/experiments.ts XOR_RECIPE: 2-2-1, ELU hidden units, linear
 * output, mse, Adam, Glorot-uniform start) trained by reference/learning/train.ts `train`; its output on a grid
 * comes from the reference `forward`; class 1 iff output ≥ ½. The share of seeds for which this recipe
 * reaches zero error is XOR_MEASURED (re-measured by reference/experiments.test.ts).
 */
import { XOR_DATA, XOR_MEASURED, XOR_RECIPE, recipeNet } from '../reference/constructions/experiments.js';
import { forward } from '../reference/index.js';
import { perceptronLearn } from '../reference/constructions/logic.js';
import { perceptronPredict, perceptronStep } from '../reference/perceptron.js';
import { train } from '../reference/learning/train.js';
import { r, type VegaLiteSpec } from './render.js';

const X = XOR_DATA.X;
const LABELS = XOR_DATA.Y.map((y) => (y[0]! >= 0.5 ? 1 : 0)) as (0 | 1)[];

const PERCEPTRON_EPOCHS = 100;
const SEED = 0;

/** Grid cells over [−2, 2]² (CELLS × CELLS rectangles). */
const LO = -2;
const HI = 2;
const CELLS = 24;

function cells(value: (x1: number, x2: number) => number): Record<string, number>[] {
  const h = (HI - LO) / CELLS;
  const out: Record<string, number>[] = [];
  for (let i = 0; i < CELLS; i++) {
    for (let j = 0; j < CELLS; j++) {
      const x1 = LO + i * h;
      const x2 = LO + j * h;
      out.push({ x1: r(x1), x1e: r(x1 + h), x2: r(x2), x2e: r(x2 + h), out: r(value(x1 + h / 2, x2 + h / 2)) });
    }
  }
  return out;
}

function panel(title: string, subtitle: string | string[], grid: Record<string, number>[], predicted: readonly number[], extra: VegaLiteSpec[] = []): VegaLiteSpec {
  const axis = (field: string, title: string) => ({ field, type: 'quantitative', title, scale: { domain: [LO, HI], nice: false, zero: false }, axis: { values: [-1, 0, 1], format: 'd' } });
  const points = X.map((x, i) => ({
    x1: x[0]!,
    x2: x[1]!,
    label: `y = ${LABELS[i]}`,
    verdict: predicted[i] === LABELS[i] ? 'right' : 'wrong',
  }));
  return {
    title: { text: title, subtitle },
    width: 230,
    height: 230,
    layer: [
      {
        data: { values: grid },
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: {
          x: axis('x1', 'x₁'),
          x2: { field: 'x1e' },
          y: axis('x2', 'x₂'),
          y2: { field: 'x2e' },
          color: { field: 'out', type: 'quantitative', title: 'output', scale: { domain: [0, 1], clamp: true, range: ['#fdd0a2', '#c6dbef'] }, legend: { format: '.1f', gradientLength: 100 } },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 160, stroke: '#000', strokeWidth: 1 },
        encoding: {
          x: { field: 'x1', type: 'quantitative' },
          y: { field: 'x2', type: 'quantitative' },
          shape: { field: 'label', type: 'nominal', title: 'target', scale: { domain: ['y = 0', 'y = 1'], range: ['circle', 'square'] } },
          fill: { field: 'label', type: 'nominal', legend: null, scale: { domain: ['y = 0', 'y = 1'], range: ['#e6550d', '#3182bd'] } },
        },
      },
      {
        data: { values: points.filter((p) => p.verdict === 'wrong') },
        mark: { type: 'text', text: '✗', dx: 12, dy: -12, fontSize: 16, color: '#b00' },
        encoding: { x: { field: 'x1', type: 'quantitative' }, y: { field: 'x2', type: 'quantitative' } },
      },
      ...extra,
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

export function xorFigure(): VegaLiteSpec {
  const run = perceptronLearn(X, LABELS, { maxEpochs: PERCEPTRON_EPOCHS });
  const pGrid = cells((a, b) => perceptronPredict(run.w, run.b, [a, b]));
  const pPred = X.map((x) => perceptronPredict(run.w, run.b, x));
  const lastMistakes = run.mistakesPerEpoch.at(-1)!;
  // One more epoch of perceptronStep from where the run ended: the states it cycles through. Their
  // boundaries w·x + b = 0 are drawn dashed (each misclassifies some point).
  const boundaries: Record<string, number | string>[] = [];
  let { w, b } = run;
  X.forEach((x, i) => {
    ({ w, b } = perceptronStep(w, b, x, LABELS[i]!, 1));
    const [w1, w2] = w as [number, number];
    const label = `after step ${i + 1}: w = (${w1}, ${w2}), b = ${b}`;
    if (w2 !== 0) for (const x1 of [LO, HI]) boundaries.push({ x1, x2: r(-(w1 * x1 + b) / w2), state: label });
    else if (w1 !== 0) for (const x2 of [LO, HI]) boundaries.push({ x1: r(-b / w1), x2, state: label });
  });
  const boundaryLayer: VegaLiteSpec = {
    data: { values: boundaries },
    mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.2, clip: true },
    encoding: {
      x: { field: 'x1', type: 'quantitative' },
      y: { field: 'x2', type: 'quantitative' },
      detail: { field: 'state', type: 'nominal' },
      color: { field: 'state', type: 'nominal', title: 'one more epoch', scale: { range: ['#555', '#888', '#aaa', '#333'] }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 300 } },
    },
  };

  const R = XOR_RECIPE;
  const net = train(recipeNet(R, SEED), XOR_DATA, { loss: R.loss, optimizer: R.optimizer, epochs: R.epochs, batchSize: R.batchSize }).net;
  const out = (pts: number[][]) => forward(net, pts).a.at(-1)!.map((row) => row[0]!);
  const mGrid = cells((a, b) => out([[a, b]])[0]!);
  const mPred = out(X).map((v) => (v >= 0.5 ? 1 : 0));
  const sizes = R.sizes.join('-');

  return {
    title: {
      text: 'XOR: a single perceptron cannot separate it, a small MLP can',
      subtitle: ['background: the model’s output over the plane (≥ ½ blue: class 1; < ½ orange: class 0)', '✗ marks a misclassified point; inputs standardised to ±1'],
    },
    hconcat: [
      panel(
        'perceptron',
        [
          `${PERCEPTRON_EPOCHS} epochs of perceptronStep: ${run.converged ? 'converged' : `not converged`}`,
          `${lastMistakes} mistakes in the last epoch; ends at w = (${run.w.join(', ')}), b = ${run.b}`,
        ],
        pGrid,
        pPred,
        [boundaryLayer],
      ),
      panel(
        `MLP ${sizes} (${R.activations.join(', ')}, ${R.loss})`,
        [`${R.optimizer.name} lr ${R.optimizer.lr}, ${R.epochs} epochs, seed ${SEED}`, `the recipe reaches zero error for ${XOR_MEASURED.successes} of ${XOR_MEASURED.seeds} seeds`],
        mGrid,
        mPred,
      ),
    ],
  };
}
