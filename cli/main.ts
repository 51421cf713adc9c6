#!/usr/bin/env node
/**
 * nn-oracle command line. Each command lives in cli/commands/<name>.ts and exports
 * `run(argv: string[]): Promise<number>` (the exit status) and `help: string`.
 *
 * Exit status 2 and one line on stderr for every usage error (a bad option, value or path), whichever
 * command raised it; a stack trace only for what is a bug of nn-oracle itself.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNnOracleError } from '../contract/errors.js';
import { usageErrorFromFs } from './paths.js';

interface Command {
  summary: string;
  load: () => Promise<CommandModule>;
}

type CommandModule = { run(argv: string[]): Promise<number>; help: string };
/** Commands are loaded lazily so `nn-oracle check` does not pay for the grader or the GPU. */
const load = (name: string): Promise<CommandModule> => import(`./commands/${name}.js`) as Promise<CommandModule>;

const COMMANDS: Record<string, Command> = {
  check: { summary: 'run the property suite against a subject', load: () => load('check') },
  grade: { summary: 'grade one student submission (.js/.mjs/.cjs/.ts/.mts module or --cmd program)', load: () => load('grade') },
  'grade-all': { summary: 'grade every submission in a folder', load: () => load('grade-all') },
  replay: { summary: 'replay the golden fixtures against an implementation', load: () => load('replay') },
  fixtures: { summary: 'regenerate the golden fixtures', load: () => load('fixtures') },
  bench: { summary: 'benchmark the reference, the accelerated path and peers', load: () => load('bench') },
  train: { summary: 'run a small named training experiment', load: () => load('train') },
  figures: { summary: 'regenerate the SVG figures in docs/figures', load: () => load('figures') },
};

/** Packages some commands need that nn-oracle does not install for everyone (package.json's optional peers). */
const OPTIONAL_PEERS: Readonly<Record<string, readonly string[]>> = {
  vega: ['vega', 'vega-lite'],
  'vega-lite': ['vega', 'vega-lite'],
};

/** The package's version, from the package.json above this file (cli/ in the source, dist/cli/ built). */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nn-oracle' && pkg.version) return pkg.version;
    } catch {
      /* not here: one folder up */
    }
  }
  return 'unknown';
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: nn-oracle <command> [options]',
    '       nn-oracle help <command>     (or nn-oracle <command> --help): that command\'s options',
    '       nn-oracle --version',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'exit status: 0 success, 1 a check, grade or replay found a failure, 2 a usage error.',
  ].join('\n');
}

async function loadCommand(name: string): Promise<CommandModule | number> {
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`nn-oracle: unknown command ${JSON.stringify(name)}; the commands are ${Object.keys(COMMANDS).join(', ')} (nn-oracle --help)`);
    return 2;
  }
  try {
    return await cmd.load();
  } catch (e) {
    const missing = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? /Cannot find package '([^']+)'/.exec((e as Error).message)?.[1] : undefined;
    if (missing) {
      const packages = OPTIONAL_PEERS[missing] ?? [missing];
      console.error(`nn-oracle ${name}: needs ${packages.join(' and ')}, not installed (${OPTIONAL_PEERS[missing] ? 'optional peer dependencies of nn-oracle' : 'a dependency'}): npm install ${packages.join(' ')}`);
    } else console.error(`nn-oracle: the command ${name} is not available in this build: ${(e as Error).message}`);
    return 2;
  }
}

/** Everything before a `--` (after it, arguments belong to the program, e.g. a --cmd line). */
const ownArgs = (argv: string[]) => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(usage());
    return 2;
  }
  if (name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(version());
    return 0;
  }
  if (name === 'help') {
    if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h') {
      console.log(usage());
      return 0;
    }
    const mod = await loadCommand(rest[0]!);
    if (typeof mod === 'number') return mod;
    console.log(mod.help);
    return 0;
  }
  const mod = await loadCommand(name);
  if (typeof mod === 'number') return mod;
  if (ownArgs(rest).includes('--help') || ownArgs(rest).includes('-h')) {
    console.log(mod.help);
    return 0;
  }
  return mod.run(rest);
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const who = argv[0] && COMMANDS[argv[0]] ? `nn-oracle ${argv[0]}` : 'nn-oracle';
    const fsError = usageErrorFromFs(e, argv.slice(1));
    if (fsError) console.error(`${who}: ${fsError.message}`);
    else if (isNnOracleError(e)) console.error(`${who}: ${e.message}`);
    else console.error(`${who}: internal error (a bug of nn-oracle; please report it with this trace): ${(e as Error)?.stack ?? String(e)}`);
    process.exitCode = 2;
  },
);
