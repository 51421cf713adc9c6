/**
 * Figure: XOR decision regions of a single perceptron (failing) and of an MLP (succeeding).
 *
 * Left: the perceptron learning algorithm (reference/logic.ts `perceptronLearn`, the contract's
 * `perceptronStep`) run for 100 epochs on XOR: it never converges, because no line separates XOR
 * (notes 000 "XOR is not linearly separable"); the region shown is that of its last (w, b).
 * Right: a 2-4-1 MLP (tanh hidden, sigmoid output, bce) initialised Glorot-uniform (reference/init.ts)
 * and trained by reference/train.ts `train` with adam; its output a^L on a grid comes from the reference
 * `forward`. The subtitle gives the share of seeds that reach zero error with this recipe.
 */
import type { ActivationName } from '../contract/names.js';
import type { Net } from '../contract/types.js';
import { forward } from '../reference/index.js';
import { initNet } from '../reference/init.js';
import { perceptronLearn } from '../reference/logic.js';
import { perceptronPredict } from '../reference/perceptron.js';
import { classificationError, train } from '../reference/train.js';
import { r, type VegaLiteSpec } from './render.js';

const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const Y = [[0], [1], [1], [0]];
const LABELS = [0, 1, 1, 0] as const;

const PERCEPTRON_EPOCHS = 100;
const HIDDEN = 4;
const ACTS: ActivationName[] = ['tanh', 'sigmoid'];
const ADAM = { name: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
const EPOCHS = 400;
const SEED = 0;
/** Seeds tried to report how often the recipe succeeds (the figure shows seed SEED). */
const SHARE_SEEDS = 10;

/** Grid cells over [−0.5, 1.5]² (CELLS × CELLS rectangles). */
const LO = -0.5;
const HI = 1.5;
const CELLS = 24;

function trainMlp(seed: number): Net {
  const net = initNet([2, HIDDEN, 1], ACTS, { scheme: 'glorot-uniform', seed });
  return train(net, { X, Y }, { loss: 'bce', optimizer: ADAM, epochs: EPOCHS }).net;
}

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

function panel(title: string, subtitle: string, grid: Record<string, number>[], predicted: readonly number[]): VegaLiteSpec {
  const axis = (field: string, title: string) => ({ field, type: 'quantitative', title, scale: { domain: [LO, HI], nice: false, zero: false }, axis: { values: [0, 1], format: 'd' } });
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
          color: { field: 'out', type: 'quantitative', title: 'output', scale: { domain: [0, 1], range: ['#fde0c5', '#c6dbef'] }, legend: { format: '.1f', gradientLength: 100 } },
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
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

export function xorFigure(): VegaLiteSpec {
  const y = [...LABELS];
  const run = perceptronLearn(X, y, { maxEpochs: PERCEPTRON_EPOCHS });
  const pGrid = cells((a, b) => perceptronPredict(run.w, run.b, [a, b]));
  const pPred = X.map((x) => perceptronPredict(run.w, run.b, x));
  const lastMistakes = run.mistakesPerEpoch.at(-1)!;

  const net = trainMlp(SEED);
  const out = (pts: number[][]) => forward(net, pts).a[1]!.map((row) => row[0]!);
  const mGrid = cells((a, b) => out([[a, b]])[0]!);
  const mPred = out(X).map((v) => (v >= 0.5 ? 1 : 0));
  let ok = 0;
  for (let s = 0; s < SHARE_SEEDS; s++) if (classificationError(trainMlp(s), { X, Y }) === 0) ok++;

  return {
    title: {
      text: 'XOR: a single perceptron cannot separate it, a small MLP can',
      subtitle: 'background: the model’s output over the plane (ŷ = 1 blue, ŷ = 0 orange); ✗ marks a misclassified point',
    },
    hconcat: [
      panel(
        'perceptron',
        `${PERCEPTRON_EPOCHS} epochs of perceptronStep: ${run.converged ? 'converged' : `not converged (${lastMistakes} mistakes in the last epoch)`}`,
        pGrid,
        pPred,
      ),
      panel(
        `MLP 2-${HIDDEN}-1 (${ACTS.join(', ')}, bce)`,
        `adam lr ${ADAM.lr}, ${EPOCHS} epochs, seed ${SEED}; zero error for ${ok} of ${SHARE_SEEDS} seeds`,
        mGrid,
        mPred,
      ),
    ],
  };
}
