/**
 * nn-oracle fixtures [--out DIR] [--seed S] [--check]
 *
 * Regenerates the golden fixtures (fixtures/*.jsonl and fixtures/manifest.json) deterministically from
 * the reference in Decimal precision. `--check` writes nothing and exits 1 when the files in DIR differ
 * from a fresh generation (what the test suite does).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../../contract/errors.js';
import { FIXTURE_SEED, generateFixtures, renderFixtures } from '../../fixtures/generate.js';
import { defaultFixturesDir } from '../../fixtures/paths.js';

export const help = `usage: nn-oracle fixtures [--out DIR] [--seed S] [--check]

Regenerates the golden fixtures: JSON Lines files (one case per line: id, fn, args, expected) and
manifest.json (contract version, seed, tolerances for float64 and float32 consumers).

  --out DIR   where to write (default: the package's fixtures/ folder)
  --seed S    generator seed (default ${FIXTURE_SEED}; the shipped files use the default)
  --check     write nothing; exit 1 if the files in DIR differ from a fresh generation`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, seed: { type: 'string' }, check: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  const seed = values.seed === undefined ? FIXTURE_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) throw new InvalidArgumentError({ where: '--seed', expected: 'an integer', got: String(values.seed) });
  const dir = values.out ?? defaultFixturesDir();
  const t0 = Date.now();
  const files = renderFixtures(generateFixtures(seed));
  if (values.check) {
    const stale = Object.entries(files).filter(([f, text]) => !existsSync(join(dir, f)) || readFileSync(join(dir, f), 'utf8') !== text);
    if (stale.length) {
      console.error(`fixtures in ${dir} are out of date: ${stale.map(([f]) => f).join(', ')} (run: nn-oracle fixtures --out ${dir})`);
      return 1;
    }
    console.log(`fixtures in ${dir} are up to date (${Object.keys(files).length} files)`);
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const [f, text] of Object.entries(files)) {
    writeFileSync(join(dir, f), text);
    bytes += Buffer.byteLength(text);
  }
  const manifest = JSON.parse(files['manifest.json']!) as { total: number };
  console.log(`wrote ${manifest.total} cases in ${Object.keys(files).length - 1} files + manifest.json to ${dir} (${(bytes / 1024).toFixed(0)} KiB, seed ${seed}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return 0;
}
