/**
 * nn-oracle check — run the property suite (properties/index.ts) against a subject (cli/subjects.ts).
 * Exit status: 0 all passed (missing and skipped are not failures), 1 a property failed or could not
 * run, 2 a usage error (unknown subject or property, bad option).
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import { contractProperties, propertyIds, randomSeed, runSuite, type ProgressEvent, type PropertyResult, type SuiteResult } from '../../properties/index.js';
import { joinNegativeValues, listOption } from '../args.js';
import { getProfile, inNotesConventions } from '../../conventions/profiles.js';
import { SUBJECTS, subjectEntry, subjectNames } from '../subjects.js';

export const help = `nn-oracle check — run the property suite against a subject

usage: nn-oracle check [options]

options:
  --subject <name>     ${subjectNames().join(' | ')} (default reference)
  --profile <p>        the subject follows these conventions: notes (default), pytorch, keras, tfjs;
                       its losses and gradients are seen through the notes' (docs/oracle.md)
  --runs <n>           random cases per property (default: each property's own, sized so the
                       whole suite takes well under a minute)
  --seed <n>           run seed (default: random, printed); every random choice flows from it
  --property <id>      run only this property (repeat, or separate ids with commas)
  --path <p>           fast-check path of a failure to replay (with --seed and one --property)
  --timeout <ms>       per-run time limit for a subject that may hang (default: none)
  --format <f>         text (default) or json
  --list               list the properties and the concepts of the notes they check
  --quiet              no progress on stderr

subjects:
${Object.entries(SUBJECTS)
  .map(([name, s]) => `  ${name.padEnd(12)} ${s.description}`)
  .join('\n')}
  planted:<bug>  a small implementation with a planted bug (properties/planted.ts), to see it caught

A failure prints its shrunk counterexample and the command that replays it, e.g.
  nn-oracle check --subject reference --property bp.bp2 --seed 1234 --path 0:1:1
exit status: 0 all passed, 1 a property failed, 2 a usage error.`;

function parseIntOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError({ where: `--${name}`, expected: `an integer ≥ ${min}`, got: JSON.stringify(v) });
  return n;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function renderText(suite: SuiteResult, description?: string): string {
  const rows = suite.results.map((r) => [r.property, truncate(r.concept, 64), String(r.runs), r.status.toUpperCase(), `${r.ms} ms`]);
  const head = ['property', 'concept (notes)', 'runs', 'status', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [`subject: ${suite.subject}${description ? ` — ${description}` : ''}`, `seed: ${suite.seed}`, '', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const count = (s: PropertyResult['status']) => suite.results.filter((r) => r.status === s).length;
  out.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('error')} errors, ${count('missing')} missing, ${count('skipped')} skipped in ${(suite.ms / 1000).toFixed(1)} s (seed ${suite.seed})`);
  for (const r of suite.results) {
    if (r.status === 'fail' || r.status === 'error') {
      out.push('', `${r.status.toUpperCase()} ${r.property} — ${r.concept}`, `  ${r.message ?? ''}`);
      if (r.counterexample !== undefined) out.push(`  counterexample (shrunk in ${r.shrinks ?? 0} steps): ${truncate(JSON.stringify(r.counterexample), 4000)}`);
      if (r.replay) out.push(`  replay: ${r.replay}`);
    } else if (r.status === 'missing') {
      out.push('', `MISSING ${r.property}: ${r.message ?? ''}`);
    }
  }
  return out.join('\n');
}

export function renderJson(suite: SuiteResult): string {
  return JSON.stringify(
    {
      subject: suite.subject,
      seed: suite.seed,
      ms: suite.ms,
      results: suite.results.map((r) => ({
        property: r.property,
        concept: r.concept,
        status: r.status,
        runs: r.runs,
        ms: r.ms,
        ...(r.counterexample !== undefined ? { counterexample: r.counterexample } : {}),
        ...(r.message !== undefined ? { message: r.message } : {}),
        ...(r.path !== undefined ? { path: r.path } : {}),
        ...(r.replay !== undefined ? { replay: r.replay } : {}),
        ...(r.missing !== undefined ? { missing: r.missing } : {}),
      })),
    },
    null,
    2,
  );
}

const OPTIONS = {
  subject: { type: 'string', default: 'reference' },
  profile: { type: 'string', default: 'notes' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  property: { type: 'string', multiple: true },
  path: { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string', default: 'text' },
  list: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
} as const;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv, OPTIONS),
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`nn-oracle check: ${(e as Error).message}\n\n${help}`);
    return 2;
  }
  try {
    if (values.list) {
      for (const p of contractProperties) console.log(`${p.id.padEnd(36)} ${p.concept}`);
      return 0;
    }
    if (values.format !== 'text' && values.format !== 'json') throw new UnknownNameError('format', values.format, ['text', 'json'], '--format');
    const entry = await subjectEntry(values.subject!);
    const profile = getProfile(values.profile).name;
    const only = values.property === undefined ? undefined : listOption(values.property.join(','), '--property');
    for (const id of only ?? []) if (!propertyIds().includes(id)) throw new UnknownNameError('property', id, propertyIds(), '--property');
    if (values.path !== undefined && only?.length !== 1) {
      throw new InvalidArgumentError({ where: '--path', expected: 'exactly one --property to replay', got: `${only?.length ?? 0} properties` });
    }
    // fast-check's replay path: run indices separated by colons, e.g. 0:1:1 (printed with every failure)
    if (values.path !== undefined && !/^\d+(:\d+)*$/.test(values.path)) {
      throw new InvalidArgumentError({ where: '--path', expected: 'the path printed with a failure, e.g. 0:1:1', got: JSON.stringify(values.path) });
    }
    const runs = parseIntOption('runs', values.runs, 1);
    const timeoutMs = parseIntOption('timeout', values.timeout, 1);
    const seed = values.seed !== undefined ? parseIntOption('seed', values.seed, -(2 ** 31)) : randomSeed();
    if (seed! >= 2 ** 31) throw new InvalidArgumentError({ where: '--seed', expected: 'a 32-bit integer', got: String(seed) });
    const scale = entry.runsScale ?? 1;
    const props = contractProperties.map((p) => (runs === undefined && scale !== 1 ? { ...p, defaultRuns: Math.max(1, Math.round((p.defaultRuns ?? 50) * scale)) } : p));

    const loaded = await entry.load();
    const subject = profile === 'notes' ? loaded : inNotesConventions(loaded, profile);
    const tty = !values.quiet && process.stderr.isTTY;
    const onProgress = (e: ProgressEvent) => {
      if (!tty) return;
      if (e.kind === 'start') process.stderr.write(`\r\x1b[K[${e.index + 1}/${e.total}] ${e.property} …`);
      else if (e.index + 1 === e.total) process.stderr.write('\r\x1b[K');
    };
    if (tty) process.stderr.write(`nn-oracle check: subject ${values.subject}, seed ${seed}\n`);
    let suite: SuiteResult;
    try {
      suite = await runSuite(props, subject, { seed: seed!, runs, only, path: values.path, timeoutMs, subjectArg: profile === 'notes' ? values.subject : `${values.subject} --profile ${profile}`, onProgress });
    } finally {
      await subject.dispose?.();
    }
    console.log(values.format === 'json' ? renderJson(suite) : renderText(suite, subject.description));
    return suite.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UnknownNameError || e instanceof InvalidArgumentError) {
      console.error(`nn-oracle check: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
