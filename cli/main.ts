#!/usr/bin/env node
/**
 * nn-oracle command line. Each command lives in cli/commands/<name>.ts and exports
 * `run(argv: string[]): Promise<number>` (the exit status) and `help: string`.
 */
import { isNnOracleError } from '../contract/errors.js';

interface Command {
  summary: string;
  load: () => Promise<CommandModule>;
}

type CommandModule = { run(argv: string[]): Promise<number>; help: string };
/** Commands are loaded lazily so `nn-oracle check` does not pay for the grader or the GPU. */
const load = (name: string): Promise<CommandModule> => import(`./commands/${name}.js`) as Promise<CommandModule>;

const COMMANDS: Record<string, Command> = {
  check: { summary: 'run the property suite against a subject', load: () => load('check') },
  grade: { summary: 'grade one student submission (module or --cmd program)', load: () => load('grade') },
  'grade-all': { summary: 'grade every submission in a folder', load: () => load('grade-all') },
  replay: { summary: 'replay the golden fixtures against an implementation', load: () => load('replay') },
  fixtures: { summary: 'regenerate the golden fixtures', load: () => load('fixtures') },
  bench: { summary: 'benchmark the reference, the accelerated path and peers', load: () => load('bench') },
  train: { summary: 'run a small named training experiment', load: () => load('train') },
  figures: { summary: 'regenerate the SVG figures in docs/figures', load: () => load('figures') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: nn-oracle <command> [options]   (nn-oracle <command> --help for its options)',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`nn-oracle: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  let mod: Awaited<ReturnType<Command['load']>>;
  try {
    mod = await cmd.load();
  } catch (e) {
    console.error(`nn-oracle: the command ${name} is not available in this build: ${(e as Error).message}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(mod.help);
    return 0;
  }
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (isNnOracleError(e)) console.error(`nn-oracle: ${e.name}: ${e.message}`);
    else console.error(`nn-oracle: internal error: ${(e as Error)?.stack ?? String(e)}`);
    process.exitCode = 2;
  },
);
