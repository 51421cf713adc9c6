/**
 * npm run mutation -- [--sample N] [--seed S] [--workers W] [--files reference/] [--check-seed 7] [--all]
 *
 * Mutation testing of the reference by the property suite (developer tooling, not CI): makes AST
 * mutants of reference/ (scripts/mutation/mutants.ts), draws a sample of them from --seed, and for each
 * one type-checks the mutated file (a mutant that does not compile is not counted), compiles it into a
 * private copy of dist/, runs `node dist/cli/main.js check --seed 7 --quiet --format json` there, and
 * counts it killed when check fails (exit 1), errors or runs past the time limit. Prints the score and
 * every survivor with its diff. Survivors listed in scripts/mutation/equivalent.json (judged equivalent:
 * no input tells them from the original, and why) are reported apart and not counted.
 *
 * Before the mutants it runs two controls: check on the unmutated copy, and check on a copy where every
 * reference file was recompiled by the same per-file transpiler the mutants use — both must pass, or the
 * numbers would mean nothing.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import ts from 'typescript';
import { applyMutant, mutantDiff, mutantKey, mutantsOf, type Mutant } from './mutants.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const WORK = join(ROOT, '.mutation');

const USAGE = `usage: npm run mutation -- [options]

  --sample <n>       mutants drawn at random (default 150)
  --all              every mutant instead of a sample
  --seed <s>         seed of the draw (default 1)
  --workers <w>      checks run at once (default 2)
  --files <p,...>    path prefixes to mutate (default reference/)
  --check-seed <s>   the seed nn-oracle check runs with (default 7)
  --list             count the mutants per file and stop
  --threshold <pct>  exit 1 when the score is below this
  --help`;

interface Outcome {
  mutant: Mutant;
  key: string;
  diff: string;
  status: 'killed' | 'survived' | 'timeout' | 'error' | 'compile-error' | 'equivalent';
  /** Properties that failed (killed), or why it errored / did not compile. */
  by: string[];
  ms: number;
  why?: string;
}

interface Equivalent {
  key: string;
  why: string;
}

function sourceFiles(prefixes: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts') && !p.endsWith('test-helpers.ts')) out.push(p);
    }
  };
  for (const prefix of prefixes) {
    const clean = prefix.replace(/\/+$/, '');
    if (clean.endsWith('.ts')) out.push(clean);
    else walk(clean);
  }
  return [...new Set(out)].sort();
}

/** A deterministic sample of k items (Fisher–Yates on a copy, seeded). */
function sample<T>(items: readonly T[], k: number, seed: number): T[] {
  const a = items.slice();
  const g = xoroshiro128plus(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = uniformInt(g, 0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** Type-checks one file with edited contents against the rest of the project (incremental). */
function typeChecker(files: readonly string[]) {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
  const overrides = new Map<string, string>();
  const versions = new Map<string, number>();
  const roots = files.map((f) => join(ROOT, f));
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => roots,
    getScriptVersion: (f) => String(versions.get(f) ?? 0),
    getScriptSnapshot: (f) => {
      const text = overrides.get(f) ?? ts.sys.readFile(f);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const bump = (f: string) => versions.set(f, (versions.get(f) ?? 0) + 1);
  return {
    /** The first diagnostic of `file` with `text` in it, or null when it compiles. */
    errors(file: string, text: string): string | null {
      const abs = join(ROOT, file);
      overrides.set(abs, text);
      bump(abs);
      try {
        const d = [...service.getSyntacticDiagnostics(abs), ...service.getSemanticDiagnostics(abs)];
        return d.length ? ts.flattenDiagnosticMessageText(d[0]!.messageText, ' ') : null;
      } finally {
        overrides.delete(abs);
        bump(abs);
      }
    },
  };
}

/** The JavaScript tsc would emit for one file (per-file transpilation, as the build's settings). */
function transpile(file: string, text: string): string {
  return ts.transpileModule(text, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: false },
  }).outputText;
}

/** Process groups of the checks running now, stopped with the tool (Ctrl-C) so none outlives it. */
const running = new Set<number>();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    console.error(`mutation: stopped by ${sig}`);
    process.exit(130);
  });
}

const jsPath = (worker: string, file: string) => join(worker, 'dist', file.replace(/\.ts$/, '.js'));

interface CheckRun {
  code: number | null;
  timedOut: boolean;
  failed: string[];
  stderr: string;
  ms: number;
}

/** `nn-oracle check` in one worker's copy of dist/. */
function runCheck(worker: string, checkSeed: number, timeoutMs: number): Promise<CheckRun> {
  return new Promise((done) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [join(worker, 'dist', 'cli', 'main.js'), 'check', '--seed', String(checkSeed), '--quiet', '--format', 'json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the check and anything it started
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code) => {
      running.delete(child.pid!);
      clearTimeout(timer);
      let failed: string[] = [];
      try {
        const r = JSON.parse(stdout) as { results: { property: string; status: string }[] };
        failed = r.results.filter((x) => x.status === 'fail' || x.status === 'error').map((x) => `${x.property}${x.status === 'error' ? ' (error)' : ''}`);
      } catch {
        /* not JSON: the run crashed; stderr says why */
      }
      done({ code, timedOut, failed, stderr: stderr.slice(-2000), ms: Date.now() - t0 });
    });
  });
}

function prepareWorker(i: number): string {
  const w = join(WORK, `w${i}`);
  rmSync(w, { recursive: true, force: true });
  mkdirSync(w, { recursive: true });
  cpSync(join(ROOT, 'dist'), join(w, 'dist'), { recursive: true });
  return w;
}

function pct(a: number, b: number): string {
  return b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sample: { type: 'string', default: '150' },
      all: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string', default: '2' },
      files: { type: 'string', default: 'reference/' },
      'check-seed': { type: 'string', default: '7' },
      list: { type: 'boolean', default: false },
      threshold: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${JSON.stringify(v)}\n\n${USAGE}`);
    return n;
  };
  const nSample = int('sample', values.sample!, 1);
  const seed = int('seed', values.seed!, -(2 ** 31));
  const nWorkers = int('workers', values.workers!, 1);
  const checkSeed = int('check-seed', values['check-seed']!, -(2 ** 31));
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);

  const files = sourceFiles(values.files!.split(',').filter(Boolean));
  const texts = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
  const all = files.flatMap((f) => mutantsOf(f, texts.get(f)!));
  if (values.list) {
    for (const f of files) console.log(`${String(all.filter((m) => m.file === f).length).padStart(5)}  ${f}`);
    console.log(`${String(all.length).padStart(5)}  mutants in ${files.length} files`);
    return 0;
  }
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build (npm run mutation does)');
  for (const f of files) if (!existsSync(jsPath(ROOT, f))) throw new Error(`${f} has no compiled ${relative(ROOT, jsPath(ROOT, f))}: run npm run build`);
  const chosen = values.all ? all : sample(all, nSample, seed);
  const equivalents: Equivalent[] = JSON.parse(readFileSync(join(ROOT, 'scripts', 'mutation', 'equivalent.json'), 'utf8'));
  const judged = new Map(equivalents.map((e) => [e.key, e.why]));

  const workers = Array.from({ length: nWorkers }, (_, i) => prepareWorker(i));
  const originals = new Map(files.map((f) => [f, readFileSync(jsPath(ROOT, f), 'utf8')]));

  // controls: the unmutated copy, and every file through the mutants' transpiler, must both pass
  console.error(`mutation: ${all.length} mutants in ${files.length} files; ${chosen.length} drawn (seed ${seed}); check --seed ${checkSeed}`);
  const base = await runCheck(workers[0]!, checkSeed, 10 * 60_000);
  if (base.code !== 0) throw new Error(`the unmutated check does not pass (exit ${base.code}): ${base.failed.join(', ')} ${base.stderr}`);
  for (const f of files) writeFileSync(jsPath(workers[0]!, f), transpile(f, texts.get(f)!));
  const trans = await runCheck(workers[0]!, checkSeed, 10 * 60_000);
  if (trans.code !== 0) throw new Error(`check does not pass with the reference recompiled file by file (exit ${trans.code}): ${trans.failed.join(', ')} ${trans.stderr}`);
  for (const f of files) writeFileSync(jsPath(workers[0]!, f), originals.get(f)!);
  const timeoutMs = Math.max(60_000, 5 * Math.max(base.ms, trans.ms));
  console.error(`controls pass (${(base.ms / 1000).toFixed(1)} s, ${(trans.ms / 1000).toFixed(1)} s); time limit per mutant ${(timeoutMs / 1000).toFixed(0)} s`);

  const checker = typeChecker(files);
  const outcomes: Outcome[] = [];
  let next = 0;
  const t0 = Date.now();
  const one = async (worker: string): Promise<void> => {
    while (next < chosen.length) {
      const index = next++;
      const m = chosen[index]!;
      const text = texts.get(m.file)!;
      const mutated = applyMutant(text, m);
      const key = mutantKey(text, m);
      const diff = mutantDiff(text, m);
      const err = checker.errors(m.file, mutated);
      let o: Outcome;
      if (err !== null) {
        o = { mutant: m, key, diff, status: 'compile-error', by: [err], ms: 0 };
      } else {
        const target = jsPath(worker, m.file);
        writeFileSync(target, transpile(m.file, mutated));
        try {
          const r = await runCheck(worker, checkSeed, timeoutMs);
          const status = r.timedOut ? 'timeout' : r.code === 0 ? 'survived' : r.code === 1 && r.failed.length ? 'killed' : 'error';
          o = { mutant: m, key, diff, status, by: status === 'error' ? [r.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${r.code}`] : r.failed, ms: r.ms };
          if (status === 'survived' && judged.has(key)) o = { ...o, status: 'equivalent', why: judged.get(key) };
        } finally {
          writeFileSync(target, originals.get(m.file)!);
        }
      }
      outcomes.push(o);
      const where = `${m.file}:${m.line} ${m.operator} ${JSON.stringify(m.original.length > 40 ? m.original.slice(0, 39) + '…' : m.original)} → ${JSON.stringify(m.replacement.length > 40 ? m.replacement.slice(0, 39) + '…' : m.replacement)}`;
      console.error(`[${String(outcomes.length).padStart(String(chosen.length).length)}/${chosen.length}] ${o.status.padEnd(13)} ${where}${o.status === 'killed' ? ` (${o.by.slice(0, 3).join(', ')}${o.by.length > 3 ? ', …' : ''})` : ''}`);
    }
  };
  await Promise.all(workers.map(one));

  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  const killed = count('killed') + count('timeout') + count('error');
  const survived = outcomes.filter((o) => o.status === 'survived');
  const counted = killed + survived.length;
  const lines: string[] = [];
  lines.push('', 'per file                                       killed  survived  equivalent  no-compile');
  for (const f of files) {
    const of = outcomes.filter((o) => o.mutant.file === f);
    if (!of.length) continue;
    const k = of.filter((o) => o.status === 'killed' || o.status === 'timeout' || o.status === 'error').length;
    lines.push(`${f.padEnd(46)} ${String(k).padStart(6)}  ${String(of.filter((o) => o.status === 'survived').length).padStart(8)}  ${String(of.filter((o) => o.status === 'equivalent').length).padStart(10)}  ${String(of.filter((o) => o.status === 'compile-error').length).padStart(10)}`);
  }
  const byProp = new Map<string, number>();
  for (const o of outcomes) if (o.status === 'killed') for (const p of o.by) byProp.set(p, (byProp.get(p) ?? 0) + 1);
  lines.push('', 'mutants each property killed (a mutant may be killed by several):');
  for (const [p, n] of [...byProp].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(4)}  ${p}`);
  const eq = outcomes.filter((o) => o.status === 'equivalent');
  if (eq.length) {
    lines.push('', `judged equivalent (${eq.length}; scripts/mutation/equivalent.json):`);
    for (const o of eq) lines.push('', o.diff, `  why: ${o.why}`);
  }
  if (survived.length) {
    lines.push('', `SURVIVORS (${survived.length}) — each is a blind spot, or an equivalent mutant to judge and list with its reason in scripts/mutation/equivalent.json:`);
    for (const o of survived) lines.push('', o.diff, `  key: ${o.key}`);
  }
  lines.push(
    '',
    `mutation score: ${killed} killed of ${counted} = ${pct(killed, counted)} ` +
      `(${count('killed')} by a failing property, ${count('timeout')} by time-out, ${count('error')} by an error; ` +
      `${survived.length} survived; not counted: ${eq.length} judged equivalent, ${count('compile-error')} that do not compile) ` +
      `— ${chosen.length} mutants of ${all.length}, seed ${seed}, check --seed ${checkSeed}, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  console.log(lines.join('\n'));
  mkdirSync(WORK, { recursive: true });
  writeFileSync(join(WORK, 'report.json'), JSON.stringify({ seed, checkSeed, total: all.length, outcomes: outcomes.map(({ mutant, ...o }) => ({ ...o, file: mutant.file, line: mutant.line, operator: mutant.operator })) }, null, 1));
  console.error(`report: ${relative(ROOT, join(WORK, 'report.json'))}`);
  for (const w of workers) rmSync(w, { recursive: true, force: true });
  return threshold !== undefined && counted > 0 && (100 * killed) / counted < threshold ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`mutation: ${e.message}`);
    process.exit(2);
  },
);
