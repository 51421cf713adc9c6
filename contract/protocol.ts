/**
 * The JSON-lines protocol (for submissions in any language, and for replaying fixtures).
 *
 * Request (one line on the program's stdin):  {"id": 7, "fn": "backward", "args": [net, X, Y, "mse"]}
 * Answer  (one line on the program's stdout): {"id": 7, "result": {...}}  or  {"id": 7, "error": "message"}
 * "not implemented: <fn>" as the error marks a missing function. A host that could not load the
 * submission at all answers every request with the error plus a "load" object:
 *   {"id": 7, "error": "SyntaxError: invalid syntax", "load": {"message": "SyntaxError: invalid syntax",
 *    "location": "hw.py:12" (or "cell 3, line 2"), "frame": "    x = = 1"}}
 * (location and frame optional); the grader reports it once and grades nothing. Non-finite numbers travel as the
 * strings "NaN", "Infinity", "-Infinity" in both directions. Lines on stdout that are not answers are
 * ignored by the runner (and shown to the student as output).
 */
import { ProtocolError } from './errors.js';
import { CONTRACT_FUNCTIONS, type ContractFunctionName } from './names.js';

export interface Request {
  id: number;
  fn: ContractFunctionName;
  args: unknown[];
}

/** What a host tells about a submission that did not load (see the header). */
export interface LoadFailure {
  message: string;
  location?: string;
  frame?: string;
}

export type Answer = { id: number; result: unknown } | { id: number; error: string; load?: LoadFailure };

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** JSON.stringify that writes NaN and ±Infinity as the protocol's strings. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return v;
  });
}

/** JSON.parse that reads the protocol's strings "NaN", "Infinity", "-Infinity" back as numbers. */
export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_k, v) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v));
}

export function encodeRequest(req: Request): string {
  return encodeJson(req);
}

/** Parses one line a program wrote. Returns null for a line that is not an answer (plain output). */
export function parseAnswerLine(line: string): Answer | null {
  const t = line.trim();
  if (!t.startsWith('{')) return null;
  let v: unknown;
  try {
    v = decodeJson(t);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || typeof (v as { id?: unknown }).id !== 'number') return null;
  const o = v as Record<string, unknown>;
  if ('error' in o) {
    const error = typeof o.error === 'string' ? o.error : JSON.stringify(o.error);
    const load = o.load;
    if (load !== null && typeof load === 'object' && typeof (load as LoadFailure).message === 'string') {
      const l = load as Record<string, unknown>;
      const str = (k: string) => (typeof l[k] === 'string' ? { [k]: l[k] as string } : {});
      return { id: o.id as number, error, load: { message: l.message as string, ...str('location'), ...str('frame') } };
    }
    return { id: o.id as number, error };
  }
  if ('result' in o) return { id: o.id as number, result: o.result };
  return null;
}

/** Parses one request line (what a host or replaying program reads); throws ProtocolError if malformed. */
export function parseRequestLine(line: string): Request {
  let v: unknown;
  try {
    v = decodeJson(line);
  } catch (e) {
    throw new ProtocolError(`malformed JSON in request: ${(e as Error).message}`, { got: line.slice(0, 120) });
  }
  const o = v as Record<string, unknown>;
  if (o === null || typeof o !== 'object' || typeof o.id !== 'number') {
    throw new ProtocolError('request needs a numeric "id"', { got: line.slice(0, 120) });
  }
  if (typeof o.fn !== 'string' || !(CONTRACT_FUNCTIONS as readonly string[]).includes(o.fn)) {
    throw new ProtocolError(`unknown function ${JSON.stringify(o.fn)}; expected one of ${CONTRACT_FUNCTIONS.join(', ')}`, { where: 'fn' });
  }
  if (!Array.isArray(o.args)) throw new ProtocolError('request needs an "args" array', { where: 'args' });
  return { id: o.id, fn: o.fn as ContractFunctionName, args: o.args };
}

export const NOT_IMPLEMENTED_PREFIX = 'not implemented: ';
export function isNotImplemented(message: string): boolean {
  return message.startsWith(NOT_IMPLEMENTED_PREFIX) || message.startsWith('not implemented');
}
