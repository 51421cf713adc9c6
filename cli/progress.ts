/**
 * Progress on stderr, the same way for every command: on a terminal one status line rewritten in place;
 * anywhere else (a CI log, a pipe, a file) plain lines, so a long run is never silent. stdout keeps
 * only the result (a table, JSON, a report), whatever progress says. `--quiet` turns it all off.
 *
 *   const progress = createProgress({ label: 'check', quiet: values.quiet });
 *   progress.status(`[${i + 1}/${n}] ${id}`);   // in place on a TTY; a line otherwise
 *   progress.line('wrote curve.csv');            // a line that stays, on a TTY too
 *   progress.done();                             // clears the status line (TTY)
 */

/** The --quiet option, to spread into a command's parseArgs options, and its line for --help. */
export const QUIET_OPTION = { quiet: { type: 'boolean', short: 'q' } } as const;
export const QUIET_HELP = '--quiet, -q          no progress on stderr';

/** Where progress goes: process.stderr, or anything with write() (tests). */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Put before every line: "check" → "check: [3/48] bp.bp2". */
  label?: string;
  /** The --quiet convention: print nothing at all. */
  quiet?: boolean;
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Overrides stream.isTTY (tests, or a caller that knows better). */
  tty?: boolean;
  /**
   * Plain lines only: at most one status line per this many milliseconds (default 0: every status);
   * for a command whose steps are many and quick. Lines from line() are never dropped.
   */
  minIntervalMs?: number;
  /** The clock for minIntervalMs (tests). Default performance.now. */
  now?: () => number;
}

export interface Progress {
  /** True when the status line is rewritten in place (stderr is a terminal and not --quiet). */
  readonly tty: boolean;
  /** True when nothing is printed (--quiet). */
  readonly quiet: boolean;
  /** The current state of the work; replaces the previous status on a TTY, a plain line otherwise. */
  status(text: string): void;
  /** A line that stays (a finished item, a warning); printed above the status line on a TTY. */
  line(text: string): void;
  /** Ends the status line (clears it on a TTY). Safe to call more than once. */
  done(): void;
}

/** "[ 3/48]": a counter as wide as its total, so the lines of a log align. */
export function counter(done: number, total: number): string {
  return `[${String(done).padStart(String(total).length)}/${total}]`;
}

const CLEAR = '\r\x1b[2K';

export function createProgress(opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const quiet = Boolean(opts.quiet);
  const tty = !quiet && (opts.tty ?? Boolean(stream.isTTY));
  const prefix = opts.label ? `${opts.label}: ` : '';
  const now = opts.now ?? (() => performance.now());
  const minInterval = opts.minIntervalMs ?? 0;
  let shown = false; // a status line is on the terminal
  let last = -Infinity;
  const fit = (s: string) => {
    const cols = stream.columns ?? 0;
    return cols > 1 && s.length >= cols ? `${s.slice(0, cols - 2)}…` : s;
  };
  return {
    tty,
    quiet,
    status(text) {
      if (quiet) return;
      if (tty) {
        stream.write(`${CLEAR}${fit(prefix + text)}`);
        shown = true;
        return;
      }
      const t = now();
      if (minInterval > 0 && t - last < minInterval) return;
      last = t;
      stream.write(`${prefix}${text}\n`);
    },
    line(text) {
      if (quiet) return;
      if (tty && shown) {
        stream.write(CLEAR);
        shown = false;
      }
      stream.write(`${prefix}${text}\n`);
    },
    done() {
      if (tty && shown) stream.write(CLEAR);
      shown = false;
    },
  };
}
