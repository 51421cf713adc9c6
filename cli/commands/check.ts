/**
 * nn-oracle check — run the property suite (properties/index.ts) against a subject: one of the
 * project's own (cli/subjects.ts), or ANY implementation of the contract — a JS/TS module
 * (`nn-oracle check impl.mjs`) or a program in any language speaking the JSON-lines protocol
 * (`nn-oracle check --cmd "python3 impl.py"`), run in its own process by the same isolated runner as
 * `grade`. Properties that need a function the implementation lacks, or that are laws of the
 * reference's own utilities rather than of the contract, are "not applicable", each with its reason.
 * Exit status: 0 all passed (missing and skipped are not failures), 1 a property failed or could not
 * run, 2 a usage error (unknown subject or property, bad option).
 */
import { existsSync, statSync } from 'node:fs';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import type { Subject } from '../../contract/types.js';
import { explainProperty } from '../../grader/explain.js';
import { conceptLine, contractProperties, propertyIds, randomSeed, runSuite, type ProgressEvent, type PropertyResult, type SuiteResult } from '../../properties/index.js';
import { assertSandbox, createProcessSubject, parseSandboxMode, type ProcessSpec } from '../../runner/process.js';
import { judgedBy } from '../conventions.js';
import { formatOption, intOption, listOption, parseCommandArgs, runsOption, seedOption, timeoutOption } from '../args.js';
import { QUIET_OPTION, counter, createProgress } from '../progress.js';
import { getProfile, inNotesConventions } from '../../conventions/profiles.js';
import { SUBJECTS, plantedHelp, subjectEntry, subjectNames } from '../subjects.js';

export const help = `nn-oracle check — run the property suite against a subject

usage: nn-oracle check [options]                      the project's own subjects (default: the reference)
       nn-oracle check <impl.js|.mjs|.cjs|.ts|.mts|.py|.ipynb> [options]   any JS/TS or Python module or notebook
       nn-oracle check --cmd "<command line>" [options]         any program speaking the JSON-lines protocol

options:
  --subject <name>     ${subjectNames().join(' | ')} (default reference)
  --cmd "<cmd>"        run the suite against this program (any language), e.g. --cmd "python3 impl.py"
  --cwd <dir>          working directory of the --cmd program (default: the current one)
  --python <python>    interpreter for a .py/.ipynb implementation (default python3 on PATH; a venv's works)
  --precision <p>      float64 (default) or float32: the arithmetic an outside implementation computes in
  --memory <MiB>       memory limit of an outside implementation's process (default 2048; 0: none)
  --sandbox <mode>     auto (default): an outside implementation runs in the grader's sandbox
                       (bubblewrap, an unprivileged uid, kernel limits); required: refuse without one;
                       off: no sandbox (trusted code, e.g. an adapter importing packages outside its folder)
  --profile <p>        the subject follows these conventions: notes (default), pytorch, keras, tfjs;
                       its losses and gradients are seen through the notes' (docs/oracle.md)
  --convention N=V     one convention switch the subject follows (repeatable; docs/contract.md)
  --runs <n>           random cases per property (default: each property's own, sized so the
                       whole suite takes well under a minute)
  --seed <n>           run seed (default: random, printed); every random choice flows from it
  --property <id>      run only this property (repeat, or separate ids with commas)
  --path <p>           fast-check path of a failure to replay (with --seed and one --property)
  --timeout <ms>       per-call time limit of an outside implementation (default 10000), or per-run
                       limit of the project's own subjects (default: none)
  --format <f>         text (default) or json
  --list               list the properties and the concepts of the notes they check
  --quiet, -q          no progress on stderr (progress lines when stderr is not a terminal)

subjects:
${Object.entries(SUBJECTS)
  .map(([name, s]) => `  ${name.padEnd(12)} ${s.description}`)
  .join('\n')}
  planted:<id> a small implementation with catalogued mistakes planted (mistakes/subject.ts), to see
               them caught; <id>[+<id>…] is one of these catalogue ids (docs/grading.md §3):
${plantedHelp('                 ').join('\n')}
               (the bugs' old names, e.g. bp2-no-sigma-prime, are accepted as aliases)

A failure prints its shrunk counterexample and the command that replays it, e.g.
  nn-oracle check --subject reference --property bp.bp2 --seed 1234 --path 0:1:1
exit status: 0 all passed, 1 a property failed, 2 a usage error.`;


function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** What enables a property that was skipped or not applicable (shown under its reason). */
function enabler(r: PropertyResult): string {
  if (r.status === 'skipped' && /^applies to float32 subjects only/.test(r.message ?? '')) {
    return 'these compare a float32 implementation with the float64 reference: run `nn-oracle check --subject accelerated` (the WebGPU path; without a GPU install Mesa\'s lavapipe: sudo bash scripts/install-lavapipe.sh), or check your own float32 code with --precision float32';
  }
  if (r.status === 'skipped') return 'the laws that need float64 arithmetic (or finer) run on a float64 subject, e.g. --subject reference or your implementation without --precision float32';
  if (r.status === 'missing' && r.missing?.length) return `implement ${r.missing.join(', ')} to run it`;
  return '';
}

const STATUS_WORD: Record<PropertyResult['status'], string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', timeout: 'TIMEOUT', missing: 'N/A', skipped: 'SKIPPED' };

export function renderText(suite: SuiteResult, description?: string, output: readonly string[] = []): string {
  const concept = (r: PropertyResult) => conceptLine({ id: r.property, concept: r.concept });
  const rows = suite.results.map((r) => [r.property, truncate(concept(r), 64), String(r.runs), STATUS_WORD[r.status], `${r.ms} ms`]);
  const head = ['property', 'concept (notes)', 'runs', 'status', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [`subject: ${suite.subject}${description ? ` — ${description}` : ''}`, `seed: ${suite.seed}`, '', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const count = (s: PropertyResult['status']) => suite.results.filter((r) => r.status === s).length;
  const timeouts = count('timeout');
  out.push(
    '',
    `${count('pass')} passed, ${count('fail')} failed, ${count('error') + timeouts} errors, ${count('missing')} missing, ${count('skipped')} skipped in ${(suite.ms / 1000).toFixed(1)} s (seed ${suite.seed})`,
  );
  for (const r of suite.results) {
    if (r.status === 'fail' || r.status === 'error' || r.status === 'timeout') {
      out.push('', `${r.status.toUpperCase()} ${r.property} — ${concept(r)}`, `  ${r.message ?? ''}`);
      if (r.explanation?.diagnosis) out.push(`  diagnosis: ${r.explanation.diagnosis.title}`, `  fix: ${r.explanation.diagnosis.fix}`);
      if (r.explanation?.convention) out.push(`  convention: ${r.explanation.convention.text}`);
      if (r.counterexample !== undefined) out.push(`  counterexample (shrunk in ${r.shrinks ?? 0} steps): ${truncate(JSON.stringify(r.counterexample), 4000)}`);
      if (r.replay) out.push(`  replay: ${r.replay}`);
    }
  }
  const notRun = suite.results.filter((r) => r.status === 'missing' || r.status === 'skipped');
  if (notRun.length) {
    out.push('', 'not run here, and why:');
    const hints = new Set<string>();
    for (const r of notRun) {
      out.push(`  ${STATUS_WORD[r.status].padEnd(7)} ${r.property}: ${r.message ?? ''}`);
      const h = enabler(r);
      if (h) hints.add(h);
    }
    for (const h of hints) out.push(`  → ${h}`);
  }
  if (output.length) {
    out.push('', `what the implementation printed (${output.length} line${output.length > 1 ? 's' : ''}; ignored):`);
    for (const l of output.slice(0, 20)) out.push(`  | ${truncate(l, 160)}`);
    if (output.length > 20) out.push(`  | … ${output.length - 20} more`);
  }
  return out.join('\n');
}

function renderJson(suite: SuiteResult, description?: string): string {
  return JSON.stringify(
    {
      subject: suite.subject,
      ...(description ? { description } : {}),
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
        ...(r.explanation !== undefined ? { explanation: r.explanation } : {}),
        ...(r.status === 'missing' || r.status === 'skipped' ? { enable: enabler(r) || undefined } : {}),
      })),
    },
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity') : v),
    2,
  );
}

const OPTIONS = {
  subject: { type: 'string' },
  cmd: { type: 'string' },
  cwd: { type: 'string' },
  python: { type: 'string' },
  precision: { type: 'string' },
  memory: { type: 'string' },
  sandbox: { type: 'string' },
  profile: { type: 'string', default: 'notes' },
  convention: { type: 'string', multiple: true },
  runs: { type: 'string' },
  seed: { type: 'string' },
  property: { type: 'string', multiple: true },
  path: { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string' },
  list: { type: 'boolean', default: false },
  ...QUIET_OPTION,
} as const;

const shq = (s: string) => (/^[\w./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** An outside implementation: a module path or a command line, as the runner's spec and the replay selector. */
function outsideTarget(values: { cmd?: string; cwd?: string; python?: string; precision?: string; memory?: string; timeout?: string; sandbox?: string }, positionals: string[]) {
  const precision = values.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') throw new InvalidArgumentError({ where: '--precision', expected: 'float64 or float32', got: JSON.stringify(precision) });
  if (values.cmd !== undefined && positionals.length > 0) throw new InvalidArgumentError({ where: 'arguments', expected: 'a module path OR --cmd, not both', got: positionals.join(' ') });
  if (positionals.length > 1) throw new InvalidArgumentError({ where: 'arguments', expected: 'one implementation (a module path) or --cmd', got: positionals.join(' ') });
  if (values.cwd !== undefined && !(existsSync(values.cwd) && statSync(values.cwd).isDirectory())) throw new InvalidArgumentError({ where: '--cwd', expected: 'an existing folder', got: JSON.stringify(values.cwd) });
  const memoryMb = intOption(values.memory, '--memory', { min: 0 }) ?? 2048;
  const timeoutMs = timeoutOption(values.timeout) ?? 10_000;
  const sandbox = parseSandboxMode(values.sandbox);
  assertSandbox(sandbox);
  const file = positionals[0];
  const spec: ProcessSpec = file !== undefined ? { module: file, cwd: values.cwd, timeoutMs, memoryMb, precision, sandbox, ...(values.python ? { python: values.python } : {}) } : { cmd: values.cmd!, cwd: values.cwd, timeoutMs, memoryMb, precision, sandbox };
  const sel = [file !== undefined ? shq(file) : `--cmd ${shq(values.cmd!)}`];
  if (values.cwd) sel.push(`--cwd ${shq(values.cwd)}`);
  if (values.python) sel.push(`--python ${shq(values.python)}`);
  if (precision !== 'float64') sel.push(`--precision ${precision}`);
  if (values.memory) sel.push(`--memory ${values.memory}`);
  if (values.timeout) sel.push(`--timeout ${values.timeout}`);
  if (sandbox !== 'auto') sel.push(`--sandbox ${sandbox}`);
  return { spec, selector: sel.join(' ') };
}

export async function run(argv: string[]): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseCommandArgs('check', argv, OPTIONS, { positionals: true }));
  } catch (e) {
    console.error(`nn-oracle check: ${(e as Error).message}`);
    return 2;
  }
  try {
    if (values.list) {
      for (const p of contractProperties) console.log(`${p.id.padEnd(36)} ${conceptLine(p)}`);
      return 0;
    }
    const format = formatOption(values.format, ['text', 'json'] as const, 'text');
    const outside = values.cmd !== undefined || positionals.length > 0;
    if (outside && values.subject !== undefined) throw new InvalidArgumentError({ where: '--subject', expected: 'either --subject NAME or an outside implementation (a module path or --cmd), not both', got: values.subject });
    const target = outside ? outsideTarget(values, positionals) : null;
    if (!outside && (values.precision !== undefined || values.cwd !== undefined || values.memory !== undefined || values.sandbox !== undefined)) {
      throw new InvalidArgumentError({ where: values.precision !== undefined ? '--precision' : values.cwd !== undefined ? '--cwd' : values.memory !== undefined ? '--memory' : '--sandbox', expected: 'an outside implementation (a module path or --cmd) to apply to', got: 'the project\'s own subject' });
    }
    const entry = outside ? null : await subjectEntry(values.subject ?? 'reference');
    const profile = getProfile(values.profile).name;
    const judged = judgedBy({ profile, flags: values.convention ?? [] });
    const only = values.property === undefined ? undefined : listOption(values.property.join(','), '--property');
    for (const id of only ?? []) if (!propertyIds().includes(id)) throw new UnknownNameError('property', id, propertyIds(), '--property');
    if (values.path !== undefined && only?.length !== 1) {
      throw new InvalidArgumentError({ where: '--path', expected: 'exactly one --property to replay', got: `${only?.length ?? 0} properties` });
    }
    // fast-check's replay path: run indices separated by colons, e.g. 0:1:1 (printed with every failure)
    if (values.path !== undefined && !/^\d+(:\d+)*$/.test(values.path)) {
      throw new InvalidArgumentError({ where: '--path', expected: 'the path printed with a failure, e.g. 0:1:1', got: JSON.stringify(values.path) });
    }
    const runs = runsOption(values.runs);
    const timeoutMs = outside ? undefined : timeoutOption(values.timeout);
    const seed = seedOption(values.seed) ?? randomSeed();
    const runsScale = runs === undefined ? (entry?.runsScale ?? 1) : undefined;

    const loaded: Subject = target ? await createProcessSubject(target.spec) : await entry!.load();
    const subject = judged.differs ? inNotesConventions(loaded, judged.settings) : loaded;
    const selector = target ? target.selector : `--subject ${values.subject ?? 'reference'}`;
    const progress = createProgress({ label: 'nn-oracle check', quiet: values.quiet });
    const onProgress = (e: ProgressEvent) => {
      if (e.kind === 'start') progress.status(`${counter(e.index, e.total)} ${e.property} …`);
      else if (e.result.status === 'fail' || e.result.status === 'error' || e.result.status === 'timeout') progress.line(`${e.result.status.toUpperCase()} ${e.result.property}`);
    };
    progress.line(`${target ? target.selector : `subject ${values.subject ?? 'reference'}`}, seed ${seed}`);
    let suite: SuiteResult;
    try {
      suite = await runSuite(contractProperties, subject, {
        seed: seed!,
        runs,
        runsScale,
        only,
        path: values.path,
        timeoutMs,
        contractOnly: outside,
        subjectArg: [selector, ...(profile !== 'notes' ? [`--profile ${profile}`] : []), ...(values.convention ?? []).map((c) => `--convention ${shq(c)}`)].join(' '),
        ...(judged.differs ? { conventions: judged.map } : {}),
        explain: explainProperty,
        onProgress,
      });
    } finally {
      progress.done();
      await subject.dispose?.();
    }
    const output = target ? ((loaded as { output?(): string[] }).output?.() ?? []) : [];
    console.log(format === 'json' ? renderJson(suite, subject.description) : renderText(suite, subject.description, output));
    return suite.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UnknownNameError || e instanceof InvalidArgumentError) {
      console.error(`nn-oracle check: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
