/**
 * nn-oracle grade <file.js|.mjs|.ts> | --cmd "<command line>"  — grade one submission.
 * Exit status 0 only for a full score; 1 otherwise; 2 for a usage error.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getProfile, profileReference } from '../../conventions/profiles.js';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import { ALL_CHECK_IDS } from '../../grader/checks.js';
import type { ContractFunctions } from '../../contract/types.js';
import { gradeSubject, type GradeReport } from '../../grader/grade.js';
import { FORMATS, renderReport, type ReportFormat } from '../../grader/report.js';
import { loadRubric, rubricScope, type Rubric } from '../../grader/rubric.js';
import { assertSandbox, createProcessSubject, parseSandboxMode, type SandboxMode } from '../../runner/process.js';
import { narrowScope, type Scope } from '../../grader/scope.js';
import { checkOutputPath, joinNegativeValues, listOption } from '../args.js';

export const help = `nn-oracle grade — grade a student's implementation of the contract

usage:
  nn-oracle grade <submission.js|.mjs|.cjs|.ts> [options]   a module exporting any subset of the contract
  nn-oracle grade --cmd "<command line>" [options]           a program speaking the JSON-lines protocol

options:
  --cmd "<cmd>"            run this program (any language), e.g. --cmd "python3 student.py"
  --cwd <dir>              working directory of the --cmd program (default: the current one)
  --seed <n>               seed of every random case (default 1); the report prints the replay command
  --runs <n>               random cases per check after the fixed ones (default 30)
  --precision <p>          float64 (default) or float32: the arithmetic the submission stores numbers in
  --profile <p>            conventions the expected values follow: notes (default, the contract),
                           pytorch, keras or tfjs (docs/oracle.md, "Convention profiles")
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
  --quiet                  no progress on stderr

exit status: 0 only for a full score, 1 otherwise, 2 for a usage error.
Checks and their ids: docs/grading.md.`;

export interface GradeCliOptions {
  target: { file?: string; cmd?: string };
  cwd?: string;
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
  quiet: boolean;
  /** The command line that replays this run (without --seed/--only). */
  replayPrefix: string;
}

const OPTIONS = {
  cmd: { type: 'string' },
  cwd: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  precision: { type: 'string' },
  profile: { type: 'string' },
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
  quiet: { type: 'boolean' },
} as const;

function int(v: string | undefined, where: string, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError({ where, expected: `an integer ≥ ${min}`, got: v });
  return n;
}

const shq = (s: string) => (/^[\w./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function parseGradeArgs(argv: string[]): GradeCliOptions {
  const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  if (values.cmd && positionals.length > 0) throw new InvalidArgumentError({ where: 'arguments', expected: 'a module path OR --cmd, not both', got: positionals.join(' ') });
  if (!values.cmd && positionals.length !== 1) throw new InvalidArgumentError({ where: 'arguments', expected: 'one submission file, or --cmd "<command>"', got: positionals.length ? positionals.join(' ') : 'nothing' });
  const precision = values.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') throw new InvalidArgumentError({ where: '--precision', expected: 'float64 or float32', got: precision });
  const format = (values.format ?? 'text') as ReportFormat;
  if (!FORMATS.includes(format)) throw new InvalidArgumentError({ where: '--format', expected: FORMATS.join(', '), got: String(values.format) });
  const rubric = values.rubric ? loadRubric(values.rubric) : undefined;
  const scope = narrowScope(rubricScope(rubric), {
    activations: listOption(values.activations, '--activations'),
    losses: listOption(values.losses, '--losses'),
    optimizers: listOption(values.optimizers, '--optimizers'),
  });
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
  if (precision !== 'float64') replay.push(`--precision ${precision}`);
  if (values.profile !== undefined && getProfile(values.profile).name !== 'notes') replay.push(`--profile ${values.profile}`);
  if (values.runs) replay.push(`--runs ${values.runs}`);
  for (const k of ['activations', 'losses', 'optimizers', 'rubric', 'timeout', 'memory'] as const) if (values[k]) replay.push(`--${k} ${shq(values[k]!)}`);
  if (sandbox !== 'auto') replay.push(`--sandbox ${sandbox}`);
  return {
    target,
    cwd: values.cwd,
    seed: int(values.seed, '--seed', 1),
    runs: int(values.runs, '--runs', 30),
    precision,
    scope,
    rubric,
    only,
    format,
    out: values.out,
    timeoutMs: int(values.timeout, '--timeout', 2000, 1),
    memoryMb: int(values.memory, '--memory', 512),
    deadlineMs: Math.round(deadline * 1000),
    sandbox,
    quiet: Boolean(values.quiet),
    replayPrefix: replay.join(' '),
  };
}

/**
 * The expected side of every check. The float64 reference by default; a convention profile
 * (--profile, added by the fixtures/profiles work) replaces it here and nowhere else.
 */
export async function expectedFunctions(argv: string[]): Promise<ContractFunctions> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false });
  const profile = typeof values.profile === 'string' ? getProfile(values.profile).name : 'notes';
  if (profile !== 'notes') return profileReference(profile);
  return (await import('../../reference/index.js')) as ContractFunctions;
}

/** Grades one submission as the options say (used by `grade` and by `grade-all`'s workers). */
export async function gradeWith(o: GradeCliOptions, expected: ContractFunctions, progress?: (done: number, total: number, id: string) => void): Promise<GradeReport> {
  const subject = await createProcessSubject({
    ...(o.target.cmd ? { cmd: o.target.cmd } : { module: o.target.file }),
    cwd: o.cwd,
    timeoutMs: o.timeoutMs,
    memoryMb: o.memoryMb,
    sandbox: o.sandbox,
    deadlineMs: o.deadlineMs,
    precision: o.precision,
  });
  try {
    return await gradeSubject(subject, {
      seed: o.seed,
      runs: o.runs,
      precision: o.precision,
      scope: o.scope,
      rubric: o.rubric,
      only: o.only,
      expected,
      replayPrefix: o.replayPrefix,
      onCheck: (r, i, n) => progress?.(i + 1, n, r.id),
    });
  } finally {
    await subject.dispose();
  }
}

export async function run(argv: string[]): Promise<number> {
  let o: GradeCliOptions;
  try {
    o = parseGradeArgs(argv);
  } catch (e) {
    console.error(`nn-oracle grade: ${(e as Error).message}\n\n${help}`);
    return 2;
  }
  const expected = await expectedFunctions(argv);
  const tty = process.stderr.isTTY && !o.quiet;
  const report = await gradeWith(o, expected, (done, total, id) => {
    if (tty) process.stderr.write(`\r\x1b[2K  grading ${done}/${total} ${id}`);
  });
  if (tty) process.stderr.write('\r\x1b[2K');
  const text = await renderReport(report, o.format);
  if (o.out) {
    writeFileSync(o.out, text);
    if (!o.quiet) console.error(`nn-oracle grade: ${report.score}/${report.maxScore} — report written to ${o.out}`);
  } else process.stdout.write(text);
  return report.score === report.maxScore ? 0 : 1;
}
