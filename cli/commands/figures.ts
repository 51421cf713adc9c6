/**
 * nn-oracle figures [--out DIR]: regenerates the SVG figures of docs/figures/ from the reference.
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../../contract/errors.js';
import { FIGURES, diffFigures, generateFigures, writeFigures } from '../../figures/index.js';

export const help = `usage: nn-oracle figures [--out DIR] [--check]

Regenerates the documentation's figures (SVG, rendered with Vega-Lite) from the reference
implementation. Output is deterministic: the same code gives byte-identical files.

options:
  --out DIR   where to write the SVG files (default: docs/figures)
  --check     write nothing; exit 1 if the SVGs in DIR differ from a fresh generation

figures:
${FIGURES.map((f) => `  ${f.file.padEnd(28)} ${f.caption}`).join('\n')}`;

export async function run(argv: string[]): Promise<number> {
  let values: { out?: string; check?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: 'string' }, check: { type: 'boolean' } }, allowPositionals: false }));
  } catch (e) {
    throw new InvalidArgumentError({ where: 'nn-oracle figures options', expected: '[--out DIR] [--check]', got: (e as Error).message });
  }
  const dir = values.out ?? 'docs/figures';
  const t0 = performance.now();
  if (values.check) {
    const problems = diffFigures(dir, await generateFigures());
    for (const p of problems) console.log(`${p.problem.padEnd(7)} ${dir}/${p.file}`);
    console.log(problems.length ? `${problems.length} figure(s) out of date: run nn-oracle figures --out ${dir}` : `${FIGURES.length} figures up to date in ${dir}`);
    return problems.length ? 1 : 0;
  }
  const written = await writeFigures(dir);
  for (const p of written) console.log(`wrote ${p}`);
  console.log(`${written.length} figures in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
