/**
 * nn-oracle fixtures [--out DIR] [--seed S] [--check]
 *
 * Regenerates the golden fixtures (fixtures/*.jsonl and fixtures/manifest.json) deterministically from
 * the reference in Decimal precision. `--check` writes nothing and exits 1 when the files in DIR differ
 * from a fresh generation (what the test suite does).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_SEED, generateFixtures, renderFixtures } from '../../fixtures/generate.js';
import { defaultFixturesDir } from '../../fixtures/paths.js';
import { parseCommandArgs, seedOption } from '../args.js';
import { checkInputPath, ensureOutputDir, writeOutputFile } from '../paths.js';
import { QUIET_HELP, QUIET_OPTION, createProgress } from '../progress.js';

export const help = `usage: nn-oracle fixtures [--out DIR] [--seed S] [--check]

Regenerates the golden fixtures: JSON Lines files (one case per line: id, fn, args, expected) and
manifest.json (contract version, seed, tolerances for float64 and float32 consumers).

options:
  --out DIR            where to write (default: the package's fixtures/ folder)
  --seed S             generator seed, a 32-bit integer (default ${FIXTURE_SEED}; the shipped files use the default)
  --check              write nothing; exit 1 if the files in DIR differ from a fresh generation
  ${QUIET_HELP}`;

const OPTIONS = { out: { type: 'string' }, seed: { type: 'string' }, check: { type: 'boolean' }, ...QUIET_OPTION } as const;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('fixtures', argv, OPTIONS);
  const seed = seedOption(values.seed) ?? FIXTURE_SEED;
  const dir = values.out ?? defaultFixturesDir();
  if (values.check) checkInputPath(dir, '--out', 'folder', 'the folder of the fixtures to check');
  else ensureOutputDir(dir, '--out');
  const progress = createProgress({ label: 'fixtures', quiet: values.quiet });
  progress.status(`generating the cases from the reference in 50-digit Decimal (seed ${seed}) …`);
  const t0 = Date.now();
  const files = renderFixtures(generateFixtures(seed));
  progress.done();
  if (values.check) {
    const stale = Object.entries(files).filter(([f, text]) => !existsSync(join(dir, f)) || readFileSync(join(dir, f), 'utf8') !== text);
    if (stale.length) {
      console.error(`fixtures in ${dir} are out of date: ${stale.map(([f]) => f).join(', ')} (run: nn-oracle fixtures --out ${dir})`);
      return 1;
    }
    console.log(`fixtures in ${dir} are up to date (${Object.keys(files).length} files)`);
    return 0;
  }
  let bytes = 0;
  for (const [f, text] of Object.entries(files)) {
    writeOutputFile(join(dir, f), text, '--out');
    bytes += Buffer.byteLength(text);
  }
  const manifest = JSON.parse(files['manifest.json']!) as { total: number };
  console.log(`wrote ${manifest.total} cases in ${Object.keys(files).length - 1} files + manifest.json to ${dir} (${(bytes / 1024).toFixed(0)} KiB, seed ${seed}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return 0;
}
