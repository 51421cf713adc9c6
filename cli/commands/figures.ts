/**
 * nn-oracle figures [--out DIR]: regenerates the SVG figures of docs/figures/ from the reference.
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../../contract/errors.js';
import { FIGURES, writeFigures } from '../../figures/index.js';

export const help = `usage: nn-oracle figures [--out DIR]

Regenerates the documentation's figures (SVG, rendered with Vega-Lite) from the reference
implementation. Output is deterministic: the same code gives byte-identical files.

options:
  --out DIR   where to write the SVG files (default: docs/figures)

figures:
${FIGURES.map((f) => `  ${f.file.padEnd(28)} ${f.caption}`).join('\n')}`;

export async function run(argv: string[]): Promise<number> {
  let values: { out?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, allowPositionals: false }));
  } catch (e) {
    throw new InvalidArgumentError({ where: 'nn-oracle figures options', expected: '[--out DIR]', got: (e as Error).message });
  }
  const dir = values.out ?? 'docs/figures';
  const t0 = performance.now();
  const written = await writeFigures(dir);
  for (const p of written) console.log(`wrote ${p}`);
  console.log(`${written.length} figures in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
