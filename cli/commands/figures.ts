/**
 * nn-oracle figures [--out DIR] [--check]: regenerates the SVG figures of docs/figures/ from the reference.
 */
import { FIGURES, diffFigures, generateFigures, writeFigures } from '../../figures/index.js';
import { parseCommandArgs } from '../args.js';
import { checkInputPath, ensureOutputDir } from '../paths.js';
import { QUIET_HELP, QUIET_OPTION, counter, createProgress } from '../progress.js';

export const help = `usage: nn-oracle figures [--out DIR] [--check]

Regenerates the documentation's figures (SVG, rendered with Vega-Lite) from the reference
implementation. Output is deterministic: the same code gives byte-identical files. Needs the packages
vega and vega-lite (development dependencies of this repository; where nn-oracle is installed as a
package: npm install vega vega-lite).

options:
  --out DIR            where to write the SVG files (default: docs/figures)
  --check              write nothing; exit 1 if the SVGs in DIR differ from a fresh generation
  ${QUIET_HELP}

figures:
${FIGURES.map((f) => `  ${f.file.padEnd(28)} ${f.caption}`).join('\n')}`;

const OPTIONS = { out: { type: 'string' }, check: { type: 'boolean' }, ...QUIET_OPTION } as const;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('figures', argv, OPTIONS);
  const dir = values.out ?? 'docs/figures';
  const progress = createProgress({ label: 'figures', quiet: values.quiet });
  const onFigure = (file: string, i: number, n: number) => progress.status(`${counter(i + 1, n)} ${file}`);
  const t0 = performance.now();
  if (values.check) {
    checkInputPath(dir, '--out', 'folder', 'the folder of the committed figures');
    const fresh = await generateFigures(undefined, onFigure);
    progress.done();
    const problems = diffFigures(dir, fresh);
    for (const p of problems) console.log(`${p.problem.padEnd(7)} ${dir}/${p.file}`);
    console.log(problems.length ? `${problems.length} figure(s) out of date: run nn-oracle figures --out ${dir}` : `${FIGURES.length} figures up to date in ${dir}`);
    return problems.length ? 1 : 0;
  }
  ensureOutputDir(dir, '--out');
  const written = await writeFigures(dir, onFigure);
  progress.done();
  for (const p of written) console.log(`wrote ${p}`);
  console.log(`${written.length} figures in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
