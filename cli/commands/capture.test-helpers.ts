/** Shared by the command tests: run a command in this process with stdout and stderr captured. */

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Runs `run(argv)` with process.stdout/stderr.write captured; both are restored even if it throws. */
export async function capture(run: (argv: string[]) => Promise<number>, argv: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const { stdout, stderr } = process;
  const writeOut = stdout.write;
  const writeErr = stderr.write;
  stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof stdout.write;
  stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof stderr.write;
  try {
    const code = await run(argv);
    return { code, out, err };
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
}
