/**
 * Typed errors: every error a user can cause names what is wrong, where (layer, argument), what was
 * expected and what came. They are values a user can read, and they serialise to JSON for reports.
 */

export type ErrorCode =
  | 'SHAPE'
  | 'RAGGED'
  | 'EMPTY'
  | 'NON_FINITE'
  | 'UNKNOWN_NAME'
  | 'INVALID_ARGUMENT'
  | 'CONTRACT'
  | 'PROTOCOL'
  | 'NOT_IMPLEMENTED'
  | 'DEVICE'
  | 'TIMEOUT'
  | 'SANDBOX';

export interface ErrorDetails {
  /** Which argument or part ("X", "net.layers[2].W", "opt.lr"). */
  where?: string;
  /** 1-based layer index in the notes' numbering (layer 1 is the first weight layer). */
  layer?: number;
  expected?: string;
  got?: string;
}

export class NnOracleError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
  toJSON(): { name: string; code: ErrorCode; message: string } & ErrorDetails {
    return { name: this.name, code: this.code, message: this.message, ...this.details };
  }
}

function describe(d: ErrorDetails): string {
  const parts: string[] = [];
  if (d.where) parts.push(d.where);
  if (d.layer !== undefined && !(d.where ?? '').includes('layers[')) parts.push(`layer ${d.layer}`);
  const at = parts.length ? `${parts.join(', ')}: ` : '';
  const exp = d.expected !== undefined ? `expected ${d.expected}` : '';
  const got = d.got !== undefined ? `got ${d.got}` : '';
  return at + [exp, got].filter(Boolean).join(', ');
}

/** A dimension does not match (W's columns vs the layer below, X's width vs n_0, Y vs the output). */
export class ShapeError extends NnOracleError {
  constructor(details: ErrorDetails & { expected: string; got: string }, message?: string) {
    super('SHAPE', message ?? `shape mismatch at ${describe(details)}`, details);
  }
}

/** A nested array whose rows have different lengths, or that is not an array of numbers at all. */
export class RaggedArrayError extends NnOracleError {
  constructor(details: ErrorDetails & { expected: string; got: string }) {
    super('RAGGED', `ragged or malformed array at ${describe(details)}`, details);
  }
}

/** An empty batch or an empty network. */
export class EmptyError extends NnOracleError {
  constructor(details: ErrorDetails & { expected: string }) {
    super('EMPTY', `empty input at ${describe({ ...details, got: details.got ?? 'nothing' })}`, details);
  }
}

/** NaN or ±Infinity where a finite number is required (weights, inputs, hyper-parameters). */
export class NonFiniteError extends NnOracleError {
  constructor(details: ErrorDetails & { got: string }) {
    super('NON_FINITE', `non-finite number at ${describe({ expected: 'a finite number', ...details })}`, details);
  }
}

/** An activation, loss, optimizer or function name that the contract does not know. */
export class UnknownNameError extends NnOracleError {
  readonly kind: string;
  constructor(kind: 'activation' | 'loss' | 'optimizer' | 'function' | 'subject' | 'property' | string, got: unknown, known: readonly string[], where?: string) {
    const details: ErrorDetails = { where, expected: `one of ${known.join(', ')}`, got: JSON.stringify(got) };
    super('UNKNOWN_NAME', `unknown ${kind} ${JSON.stringify(got)}${where ? ` at ${where}` : ''}; expected one of: ${known.join(', ')}`, details);
    this.kind = kind;
  }
}

/** A value of the right type but outside what the contract allows (lr ≤ 0, y not 0/1, ...). */
export class InvalidArgumentError extends NnOracleError {
  constructor(details: ErrorDetails & { expected: string; got: string }) {
    super('INVALID_ARGUMENT', `invalid argument at ${describe(details)}`, details);
  }
}

/** A use the contract forbids: softmax in a hidden layer, bce after a relu output, ... */
export class ContractError extends NnOracleError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('CONTRACT', message, details);
  }
}

/** A malformed JSON-lines message, or an answer that does not fit the protocol. */
export class ProtocolError extends NnOracleError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('PROTOCOL', message, details);
  }
}

/** The subject does not implement the function. */
export class NotImplementedError extends NnOracleError {
  constructor(fn: string) {
    super('NOT_IMPLEMENTED', `not implemented: ${fn}`, { where: fn });
  }
}

// ---- what a subject behind a process boundary can raise (runner/) ---------------------------------

export type CrashKind = 'exit' | 'oom' | 'signal' | 'spawn';

/** A call that did not get an answer in time. The process was killed; the next call restarts it. */
export class SubmissionTimeoutError extends NnOracleError {
  readonly fn: string;
  readonly ms: number;
  constructor(fn: string, ms: number) {
    super('TIMEOUT', `${fn} did not answer within ${ms} ms (the process was stopped and restarted for the next call)`, { where: fn });
    this.fn = fn;
    this.ms = ms;
  }
}

/** The process ended (exit, signal, out of memory) while a call was pending, or could not start. */
export class SubmissionCrashError extends NnOracleError {
  readonly kind: CrashKind;
  readonly fn: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The kernel limit that stopped it, when one did ("memory", "processes", "cpu", "file size"). */
  readonly limit?: string;
  constructor(fn: string, kind: CrashKind, exitCode: number | null, signal: string | null, detail = '', limit?: string) {
    const why =
      kind === 'oom'
        ? 'ran out of memory'
        : kind === 'spawn'
          ? 'could not be started'
          : kind === 'signal'
            ? `was killed by ${signal}`
            : `exited with status ${exitCode}`;
    super('PROTOCOL', `the submission ${why} during ${fn}${detail ? `: ${detail}` : ''}`, { where: fn });
    this.kind = kind;
    this.fn = fn;
    this.exitCode = exitCode;
    this.signal = signal;
    this.limit = limit;
  }
}

/** The submission answered the request with {"error": "..."} (it threw). */
export class SubmissionThrewError extends NnOracleError {
  readonly fn: string;
  constructor(fn: string, message: string) {
    super('CONTRACT', `${fn} threw: ${message}`, { where: fn });
    this.fn = fn;
  }
}

/**
 * The whole grade's deadline passed (`--deadline`): the sandbox and everything in it were killed, and
 * this call and every later one fail at once. A timeout (it extends SubmissionTimeoutError), for the
 * whole subject rather than one call.
 */
export class SubmissionDeadlineError extends SubmissionTimeoutError {
  readonly deadlineMs: number;
  constructor(fn: string, deadlineMs: number) {
    super(fn, deadlineMs);
    this.message = `${fn} not attempted: the deadline of ${deadlineMs / 1000} s for the whole submission passed (everything it ran was stopped)`;
    this.deadlineMs = deadlineMs;
  }
}

/**
 * `--sandbox required` where neither namespaces (bubblewrap) nor a uid switch (root + setpriv) is
 * available: nothing is graded. Names what is missing and how to get it.
 */
export class SandboxUnavailableError extends NnOracleError {
  readonly missing: string[];
  constructor(missing: string[]) {
    super('SANDBOX', `--sandbox required, but no sandbox layer is available here: ${missing.join('; ')}. Install it with scripts/install-sandbox.sh (as root), or use --sandbox auto|off`, {
      where: '--sandbox',
      expected: 'bubblewrap namespaces or a uid switch',
      got: missing.join('; '),
    });
    this.missing = missing;
  }
}

/** The program never answered anything after being started repeatedly; further calls fail fast. */
export class SubmissionUnresponsiveError extends NnOracleError {
  constructor(fn: string, detail: string) {
    super('TIMEOUT', `${fn} not attempted: ${detail}`, { where: fn });
  }
}

/**
 * The submission could not be loaded at all (a syntax error, an import error, an exception at import
 * time or in a notebook cell). Reported once at the top of a report; no check is graded.
 */
export class SubmissionLoadError extends NnOracleError {
  /** "hw.py:12", "cell 3, line 2", "student.mjs:4:7" when the host could tell. */
  readonly location?: string;
  /** The innermost frame of the traceback (the line of code that failed), when known. */
  readonly frame?: string;
  constructor(message: string, location?: string, frame?: string) {
    super('CONTRACT', `the submission did not load: ${message}${location ? ` (at ${location})` : ''}`, { where: location });
    this.location = location;
    this.frame = frame;
  }
}

/** No GPU adapter/device, or the device was lost. */
export class DeviceError extends NnOracleError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('DEVICE', message, details);
  }
}

export function isNnOracleError(e: unknown): e is NnOracleError {
  return e instanceof NnOracleError;
}

/** A short human-readable form of a value for error messages (never megabytes of JSON). */
export function brief(x: unknown, max = 80): string {
  let s: string;
  if (typeof x === 'number') s = String(x);
  else if (Array.isArray(x)) s = `array(${x.length})`;
  else if (x === null) s = 'null';
  else if (typeof x === 'object') s = 'object';
  else s = JSON.stringify(x) ?? String(x);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
