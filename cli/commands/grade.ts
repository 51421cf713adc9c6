/**
 * nn-oracle grade <file.py|.ipynb|.js|.mjs|.ts> | --cmd "<command line>"  — grade one submission.
 * Exit status 0 only for a full score; 1 otherwise; 2 for a usage error.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatOption, intOption, parseCommandArgs, runsOption, seedOption, timeoutOption } from '../args.js';
import { writeOutputFile } from '../paths.js';
import { QUIET_OPTION, QUIET_HELP, counter, createProgress } from '../progress.js';
import { getProfile } from '../../conventions/profiles.js';
import type { ExpectedFunctions } from '../../conventions/expected.js';
import { conventionVariants, judgedBy, type Judged } from '../conventions.js';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import { ALL_CHECK_IDS } from '../../grader/checks.js';
import type { ContractFunctions } from '../../contract/types.js';
import { gradeSubject, type GradeReport } from '../../grader/grade.js';
import { FORMATS, renderReport, type ReportFormat } from '../../grader/report.js';
import { loadRubric, rubricScope, type Rubric } from '../../grader/rubric.js';
import { gradeSubmission } from '../../grader/submission.js';
import { assertSandbox, parseSandboxMode, type SandboxMode } from '../../runner/process.js';
import { narrowScope, type Scope } from '../../grader/scope.js';
import { checkOutputPath, joinNegativeValues, listOption } from '../args.js';

export const help = `nn-oracle grade — grade a student's implementation of the contract

usage:
  nn-oracle grade <hw.py|hw.ipynb> [options]                  Python functions (numpy welcome), or a notebook
  nn-oracle grade <submission.py|.ipynb|.js|.mjs|.cjs|.ts|.mts> [options]
                                                            a Python module or notebook, or a JS/TS module,
                                                            exporting any subset of the contract
  nn-oracle grade --cmd "<command line>" [options]           a program speaking the JSON-lines protocol

options:
  --python <interpreter>   the Python for .py/.ipynb submissions (default python3 on PATH), e.g.
                           --python ~/venvs/course/bin/python to use a venv's packages
  --cmd "<cmd>"            run this program (any language), e.g. --cmd "python3 student.py"
  --cwd <dir>              working directory of the --cmd program (default: the current one)
  --seed <n>               seed of every random case (default 1); the report prints the replay command
  --runs <n>               random cases per check after the fixed ones (default 30)
  --precision <p>          float64 (default) or float32: the arithmetic the submission stores numbers in
  --profile <p>            conventions the expected values follow: notes (default, the contract),
                           pytorch, keras or tfjs (docs/oracle.md, "Convention profiles")
  --convention NAME=VALUE  one convention switch (repeatable; wins over --profile and the rubric),
                           e.g. --convention elu-grad-at-zero=alpha (docs/contract.md lists them)
  --pairings <o+l,..>      the (output+loss) pairings the course uses, e.g. identity+mse,sigmoid+bce
  --activations <a,b,..>   restrict the course's scope (e.g. sigmoid,relu); every check draws only from it
  --losses <a,b,..>        e.g. mse
  --optimizers <a,b,..>    e.g. sgd,momentum
  --rubric <file.json>     which checks count and their points (and the scope); see docs/grading.md
  --only <id,id,..>        run only these checks (e.g. backward.bp2)
  --format <f>             text (default), json, gradescope, junit, html
  --out <file>             write the report there instead of stdout
  --timeout <ms>           per-call time limit (default 2000)
  --memory <MiB>           memory the submission may use, its processes together (default 512; 0: none)
  --deadline <s>           time for the whole submission, every call together (default 300; 0: none)
  --sandbox <mode>         auto (default): the strongest sandbox this machine allows (bubblewrap
                           namespaces + an unprivileged uid when run as root); required: refuse to
                           grade (exit 2) without namespaces or a uid switch; off: no sandbox (unsafe,
                           for trusted code only). The report says which one was used.
  --no-sandbox             the same as --sandbox off
  --quiet, -q              no progress on stderr (plain progress lines when stderr is not a terminal)

exit status: 0 only for a full score, 1 otherwise, 2 for a usage error.
Checks and their ids: docs/grading.md.`;

export interface GradeCliOptions {
  target: { file?: string; cmd?: string };
  cwd?: string;
  /** The interpreter of a .py/.ipynb submission (default python3 on PATH). */
  python?: string;
  seed: number;
  runs: number;
  precision: 'float64' | 'float32';
  scope: Scope;
  rubric?: Rubric;
  only?: string[];
  format: ReportFormat;
  out?: string;
  timeoutMs: number;
  memoryMb: number;
  /** The whole submission's deadline in ms (0: none). */
  deadlineMs: number;
  sandbox: SandboxMode;
  /** The submission's own files (grade-all: each student's), copied into the sandbox; default its whole folder. */
  files?: string[];
  quiet: boolean;
  /** The command line that replays this run (without --seed/--only). */
  replayPrefix: string;
  /** The conventions judged by (--profile, --convention, the rubric's conventions). */
  judged: Judged;
}

const OPTIONS = {
  cmd: { type: 'string' },
  cwd: { type: 'string' },
  python: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  precision: { type: 'string' },
  profile: { type: 'string' },
  convention: { type: 'string', multiple: true },
  pairings: { type: 'string' },
  activations: { type: 'string' },
  losses: { type: 'string' },
  optimizers: { type: 'string' },
  rubric: { type: 'string' },
  only: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  timeout: { type: 'string' },
  memory: { type: 'string' },
  deadline: { type: 'string' },
  sandbox: { type: 'string' },
  'no-sandbox': { type: 'boolean' },
  ...QUIET_OPTION,
} as const;


const shq = (s: string) => (/^[\w./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function parseGradeArgs(argv: string[]): GradeCliOptions {
  const { values, positionals } = parseCommandArgs('grade', argv, OPTIONS, { positionals: true });
  if (values.cmd && positionals.length > 0) throw new InvalidArgumentError({ where: 'arguments', expected: 'a module path OR --cmd, not both', got: positionals.join(' ') });
  if (!values.cmd && positionals.length !== 1) throw new InvalidArgumentError({ where: 'arguments', expected: 'one submission file, or --cmd "<command>"', got: positionals.length ? positionals.join(' ') : 'nothing' });
  const precision = values.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') throw new InvalidArgumentError({ where: '--precision', expected: 'float64 or float32', got: precision });
  const format = formatOption(values.format, FORMATS, 'text');
  const rubric = values.rubric ? loadRubric(values.rubric) : undefined;
  const scope = narrowScope(rubricScope(rubric), {
    activations: listOption(values.activations, '--activations'),
    losses: listOption(values.losses, '--losses'),
    optimizers: listOption(values.optimizers, '--optimizers'),
    pairings: listOption(values.pairings, '--pairings'),
  });
  const judged = judgedBy({ profile: values.profile, flags: values.convention, rubric: rubric?.conventions });
  if (values.out !== undefined) checkOutputPath(values.out, '--out');
  // a missing --cwd would surface as "spawn /bin/sh ENOENT" on every check
  if (values.cwd !== undefined && !(existsSync(values.cwd) && statSync(values.cwd).isDirectory())) throw new InvalidArgumentError({ where: '--cwd', expected: 'an existing folder', got: JSON.stringify(values.cwd) });
  if (values.sandbox !== undefined && values['no-sandbox']) throw new InvalidArgumentError({ where: '--no-sandbox', expected: '--sandbox <mode> or --no-sandbox, not both', got: `--sandbox ${values.sandbox} --no-sandbox` });
  const sandbox = values['no-sandbox'] ? 'off' : parseSandboxMode(values.sandbox);
  assertSandbox(sandbox); // required: refuse before anything runs (SandboxUnavailableError, exit 2)
  const deadline = values.deadline === undefined ? 300 : Number(values.deadline);
  if (!Number.isFinite(deadline) || deadline < 0) throw new InvalidArgumentError({ where: '--deadline', expected: 'seconds ≥ 0 (0: none)', got: String(values.deadline) });
  const only = listOption(values.only, '--only');
  for (const id of only ?? []) if (!ALL_CHECK_IDS.includes(id)) throw new UnknownNameError('check id', id, ALL_CHECK_IDS, '--only');
  const target = values.cmd ? { cmd: values.cmd } : { file: positionals[0]! };
  const replay = ['nn-oracle grade', target.cmd ? `--cmd ${shq(target.cmd)}` : shq(target.file!)];
  if (values.cwd) replay.push(`--cwd ${shq(values.cwd)}`);
  if (values.python) replay.push(`--python ${shq(values.python)}`);
  if (precision !== 'float64') replay.push(`--precision ${precision}`);
  if (values.profile !== undefined && getProfile(values.profile).name !== 'notes') replay.push(`--profile ${values.profile}`);
  for (const c of values.convention ?? []) replay.push(`--convention ${shq(c)}`);
  if (values.pairings) replay.push(`--pairings ${shq(values.pairings)}`);
  if (values.runs) replay.push(`--runs ${values.runs}`);
  for (const k of ['activations', 'losses', 'optimizers', 'rubric', 'timeout', 'memory'] as const) if (values[k]) replay.push(`--${k} ${shq(values[k]!)}`);
  if (sandbox !== 'auto') replay.push(`--sandbox ${sandbox}`);
  return {
    target,
    cwd: values.cwd,
    python: values.python,
    seed: seedOption(values.seed) ?? 1,
    runs: runsOption(values.runs) ?? 30,
    precision,
    scope,
    rubric,
    only,
    format,
    out: values.out,
    timeoutMs: timeoutOption(values.timeout) ?? 2000,
    memoryMb: intOption(values.memory, '--memory', { min: 0 }) ?? 512,
    deadlineMs: Math.round(deadline * 1000),
    sandbox,
    quiet: Boolean(values.quiet),
    replayPrefix: replay.join(' '),
    judged,
  };
}

/**
 * The expected side of every check: the reference under the conventions the arguments name
 * (--profile, --convention, the rubric's conventions); the notes' by default.
 */
export async function expectedFunctions(argv: string[]): Promise<ExpectedFunctions> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false });
  const rubric = typeof values.rubric === 'string' ? loadRubric(values.rubric) : undefined;
  return judgedBy({ profile: typeof values.profile === 'string' ? values.profile : undefined, flags: (values.convention as string[] | undefined) ?? [], rubric: rubric?.conventions }).expected;
}

/** Grades one submission as the options say (used by `grade` and by `grade-all`'s workers). */
export async function gradeWith(o: GradeCliOptions, expected: ExpectedFunctions, progress?: (done: number, total: number, id: string) => void): Promise<GradeReport> {
  return gradeSubmission(
    {
      ...(o.target.cmd ? { cmd: o.target.cmd } : { module: o.target.file }),
      cwd: o.cwd,
      python: o.python,
      timeoutMs: o.timeoutMs,
      memoryMb: o.memoryMb,
      sandbox: o.sandbox,
      deadlineMs: o.deadlineMs,
      ...(o.files ? { files: o.files } : {}),
      precision: o.precision,
    },
    {
      seed: o.seed,
      runs: o.runs,
      precision: o.precision,
      scope: o.scope,
      rubric: o.rubric,
      only: o.only,
      expected,
      conventions: o.judged.map,
      conventionVariants: conventionVariants(o.judged.settings),
      replayPrefix: o.replayPrefix,
      onCheck: (r, i, n) => progress?.(i + 1, n, r.id),
    },
  );
}

export async function run(argv: string[]): Promise<number> {
  let o: GradeCliOptions;
  try {
    o = parseGradeArgs(argv);
  } catch (e) {
    console.error(`nn-oracle grade: ${(e as Error).message}`);
    return 2;
  }
  const expected = o.judged.expected;
  const progress = createProgress({ label: 'nn-oracle grade', quiet: o.quiet });
  let report: GradeReport;
  try {
    report = await gradeWith(o, expected, (done, total, id) => progress.status(`${counter(done, total)} ${id}`));
  } finally {
    progress.done();
  }
  const text = await renderReport(report, o.format);
  if (o.out) {
    writeOutputFile(o.out, text, '--out');
    if (!o.quiet) console.error(`nn-oracle grade: ${report.score}/${report.maxScore} — report written to ${o.out}`);
  } else process.stdout.write(text);
  return report.score === report.maxScore ? 0 : 1;
}
