/**
 * nn-oracle replay [--fixtures DIR] [--precision float64|float32] [--profile P] [--format text|json] <module> | --cmd "<command>"
 *
 * Runs every golden fixture against an implementation through the grader's isolated runner (a module
 * in its own Node process, or any program speaking the JSON-lines protocol) and reports per function
 * and per case what agrees and what does not. Exit status 1 when a case fails or errors.
 */
import { formatOption, parseCommandArgs, timeoutOption } from '../args.js';
import { checkInputPath } from '../paths.js';
import { QUIET_OPTION, counter, createProgress } from '../progress.js';
import { InvalidArgumentError } from '../../contract/errors.js';
import { loadFixtures } from '../../fixtures/format.js';
import { defaultFixturesDir } from '../../fixtures/paths.js';
import { formatReplayText, replay, type ReplayPrecision } from '../../fixtures/replay.js';
import { assertSandbox, createProcessSubject, parseSandboxMode } from '../../runner/process.js';
import { fixtureExplainer } from '../../grader/explain.js';
import { conventionVariants, judgedBy } from '../conventions.js';
import { PROFILE_NAMES, getProfile } from '../../conventions/profiles.js';

export const help = `usage: nn-oracle replay [options] <module>
       nn-oracle replay [options] --cmd "<command>"

Replays the golden fixtures (fixtures/*.jsonl) against an implementation of the contract, run in its
own process by the grader's isolated runner: a JS/TS module exporting the contract's functions, or any
program that speaks the JSON-lines protocol on stdin/stdout (--cmd "python3 my_impl.py").

  --fixtures DIR        fixtures folder (default: the package's fixtures/)
  --python PY           interpreter for a .py/.ipynb implementation (default python3 on PATH)
  --precision P         float64 (default) or float32: which tolerance of the manifest applies
  --profile P           convention profile: ${PROFILE_NAMES.join(', ')} (default notes, the contract)
  --convention N=V      one convention switch (repeatable), e.g. --convention elu-grad-at-zero=alpha
  --format F            text (default) or json
  --only PREFIX         only cases whose id starts with PREFIX (repeatable), e.g. --only backward/
  --timeout MS          per-call time limit (default 10000)
  --sandbox MODE        auto (default): the implementation runs in the same sandbox as a graded
                        submission (bubblewrap, an unprivileged uid, kernel limits; it sees only its own
                        folder); required: refuse without one; off: no sandbox — for trusted code such
                        as a library adapter that imports packages from outside its folder
  --verbose             list passing cases too, with how close each came to its tolerance
  --quiet, -q           no progress on stderr

Exit status: 0 when every case passes (missing functions are reported, not failed), 1 otherwise.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', argv, {
      fixtures: { type: 'string' },
      precision: { type: 'string', default: 'float64' },
      profile: { type: 'string', default: 'notes' },
      convention: { type: 'string', multiple: true },
      format: { type: 'string' },
      only: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      cmd: { type: 'string' },
      python: { type: 'string' },
      sandbox: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      ...QUIET_OPTION,
  }, { positionals: true });
  const precision = values.precision as ReplayPrecision;
  if (precision !== 'float64' && precision !== 'float32') throw new InvalidArgumentError({ where: '--precision', expected: 'float64 or float32', got: String(values.precision) });
  const format = formatOption(values.format, ['text', 'json'] as const, 'text');
  const sandboxMode = parseSandboxMode(values.sandbox);
  assertSandbox(sandboxMode);
  const profile = getProfile(values.profile).name;
  const judged = judgedBy({ profile, flags: values.convention ?? [] });
  const module = positionals[0];
  if ((module === undefined) === (values.cmd === undefined)) {
    throw new InvalidArgumentError({ where: 'arguments', expected: 'exactly one of <module> or --cmd "<command>"', got: positionals.length ? positionals.join(' ') : 'neither' });
  }
  const timeoutMs = timeoutOption(values.timeout) ?? 10_000;
  const dir = values.fixtures ?? defaultFixturesDir();
  checkInputPath(dir, '--fixtures', 'folder', 'a fixtures folder (with manifest.json and *.jsonl)');
  const { manifest, cases } = loadFixtures(dir);
  for (const p of values.only ?? []) {
    if (!cases.some((c) => c.id.startsWith(p))) {
      const prefixes = [...new Set(cases.map((c) => c.id.split('/').slice(0, 2).join('/') + '/'))];
      throw new InvalidArgumentError({ where: '--only', expected: `a prefix of some case id, e.g. ${prefixes.slice(0, 6).join(', ')} …`, got: `${JSON.stringify(p)} (matches none of the ${cases.length} cases)` });
    }
  }
  const subject = await createProcessSubject({
    ...(module !== undefined ? { module, ...(values.python ? { python: values.python } : {}) } : { cmd: values.cmd! }),
    timeoutMs,
    sandbox: sandboxMode,
    precision,
  });
  try {
    const progress = createProgress({ label: 'nn-oracle replay', quiet: values.quiet, minIntervalMs: 250 });
    const report = await replay(subject, manifest, cases, { onCase: (d, n, id) => progress.status(`${counter(d, n)} ${id}`), precision, profile, truth: judged.expected, ...(judged.differs ? { conventions: judged.map } : {}), only: values.only, explain: fixtureExplainer(cases, conventionVariants(judged.settings)) });
    progress.done();
    if (format === 'json') {
      // non-finite numbers as the protocol writes them ("Infinity", "NaN"), not as JSON's null
      console.log(JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity') : v), 2));
    }
    else {
      console.log(formatReplayText(report, { verbose: values.verbose }));
      const out = subject.output();
      if (out.length) console.log(`\n(the implementation printed ${out.length} line(s); first: ${out[0]})`);
    }
    return report.summary.fail + report.summary.error > 0 ? 1 : 0;
  } finally {
    await subject.dispose();
  }
}
