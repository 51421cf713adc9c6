/**
 * The figures of docs/figures/, each computed from the reference and plotted with Vega-Lite.
 * `nn-oracle figures [--out DIR]` writes them; figures/figures.test.ts checks that the committed SVGs
 * equal a fresh generation byte for byte.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationsFigure } from './activations.js';
import { approximationFigure } from './approximation.js';
import { gradientsFigure } from './gradients.js';
import { optimizersFigure } from './optimizers.js';
import { crossValidationFigure, earlyStoppingFigure } from './training.js';
import { xorFigure } from './xor.js';
import { renderSvg, type VegaLiteSpec } from './render.js';

export interface Figure {
  /** File name under docs/figures/. */
  file: string;
  /** What it shows (used in docs and in the CLI's output). */
  caption: string;
  /** Builds the Vega-Lite spec, computing its data from the reference. */
  build(): VegaLiteSpec | Promise<VegaLiteSpec>;
}

export const FIGURES: readonly Figure[] = [
  { file: 'xor-decision-regions.svg', caption: 'XOR decision regions: a perceptron fails, an MLP succeeds', build: xorFigure },
  { file: 'activations.svg', caption: 'sigmoid, tanh and ReLU with their derivatives (σ′ ≤ ¼ marked)', build: activationsFigure },
  { file: 'universal-approximation.svg', caption: 'sums of ReLUs approximating a 1-D function for growing width', build: approximationFigure },
  { file: 'vanishing-gradients.svg', caption: 'per-layer histograms of back-propagated gradients, deep sigmoid vs ReLU net', build: gradientsFigure },
  { file: 'optimizer-paths.svg', caption: 'sgd, momentum, adagrad, rmsprop and adam on a 2-D loss surface', build: optimizersFigure },
  { file: 'early-stopping.svg', caption: 'a training curve with its early-stopping point', build: earlyStoppingFigure },
  { file: 'cross-validation.svg', caption: 'validation error vs a hyper-parameter under k-fold cross-validation', build: crossValidationFigure },
];

/** Called before each figure is computed (progress): its file, its 0-based index, how many. */
export type OnFigure = (file: string, index: number, total: number) => void;

/** Renders every figure (or those whose file names are given) to SVG strings, in FIGURES order. */
export async function generateFigures(only?: readonly string[], onFigure?: OnFigure): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const todo = FIGURES.filter((f) => !only || only.includes(f.file));
  for (const [i, f] of todo.entries()) {
    onFigure?.(f.file, i, todo.length);
    out.set(f.file, await renderSvg(await f.build()));
  }
  return out;
}

/** Writes the figures into `dir` (created if missing); returns the paths written. */
export async function writeFigures(dir: string, onFigure?: OnFigure): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, svg] of await generateFigures(undefined, onFigure)) {
    const path = join(dir, file);
    writeFileSync(path, svg);
    written.push(path);
  }
  return written;
}

/**
 * Compares the SVGs in `dir` with a fresh generation: the files that differ, are missing, or are
 * stale (an .svg in `dir` that no figure produces). Empty when `dir` is up to date.
 */
export function diffFigures(dir: string, fresh: ReadonlyMap<string, string>): { file: string; problem: 'differs' | 'missing' | 'stale' }[] {
  const out: { file: string; problem: 'differs' | 'missing' | 'stale' }[] = [];
  for (const [file, svg] of fresh) {
    const path = join(dir, file);
    if (!existsSync(path)) out.push({ file, problem: 'missing' });
    else if (readFileSync(path, 'utf8') !== svg) out.push({ file, problem: 'differs' });
  }
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.svg') && !fresh.has(f)) out.push({ file: f, problem: 'stale' });
  return out;
}
