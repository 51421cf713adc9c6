/**
 * What makes a report safe to write whatever the submission answered or printed: every value taken from
 * the submission (answers, thrown messages, printed lines, even its file name) is bounded before any
 * format sees it, and every text is escaped where it is written.
 *
 * - **Bounded**: nesting deeper than `REPORT_LIMITS.depth` is summarised ("an array of 1 item nested
 *   deeper than 12 levels, cut"), a circular reference is named, long arrays, objects and strings are
 *   cut with a count of what was cut, and one value keeps at most `REPORT_LIMITS.nodes` parts. Nothing
 *   here recurses deeper than `depth` levels, so no answer can exhaust the stack of the formats after it.
 * - **Escaped**: control characters — newlines and carriage returns included, ANSI escapes (ESC, CSI),
 *   NUL, DEL, the C1 block, bidirectional overrides, line/paragraph separators, lone surrogates and the
 *   XML non-characters — become visible escapes (`\n`, `\x1b`, `\u{202e}`). A submission's text can
 *   then never start a line of its own (no forged `score:` line or check row), clear a screen, reorder
 *   what a reader sees or break an XML or HTML document. Tabs are kept (harmless, and common in output).
 * - **CSV**: a cell beginning with = + - @ tab or CR is prefixed with ' so that a spreadsheet shows it as
 *   text instead of running it as a formula (OWASP "CSV injection").
 */
import type { CheckResult, CheckStatus, Counterexample, GradeReport } from './grade.js';

export const REPORT_LIMITS = {
  /** Nesting levels kept in a value; a counterexample's net sits 7 levels deep (input.net.layers[l].W[j][k]). */
  depth: 12,
  /** Parts (numbers, strings, arrays, objects) kept per value. */
  nodes: 5000,
  arrayItems: 500,
  keys: 200,
  /** Characters kept of a string inside a value, of a message, of one printed line, of a name. */
  stringChars: 2000,
  messageChars: 4000,
  outputLineChars: 4000, // the runner keeps 1000 bytes a line; escaped, a byte is up to 4 characters
  nameChars: 300,
  /** Printed lines kept (the runner keeps 200 and counts the rest). */
  outputLines: 200,
  checks: 1000,
} as const;

// The characters escaped, as code units (no `u` flag, so lone surrogates can be told apart from pairs).
const CONTROL =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Control characters as visible escapes; the result has no newline, no ESC and no character XML forbids. */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

const CUT_TAIL = /… \(\d+ more characters cut\)$/;

// What JSON.stringify leaves raw inside strings although a terminal or an editor acts on it.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]/g;

/**
 * JSON text with every character a reader's terminal could act on written as a \u escape: the same data
 * once parsed (such characters only occur inside strings), but nothing raw in the file.
 */
export function safeJsonText(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `max` characters (never splitting a surrogate pair), with a count of what was cut; a string cut before stays as it is. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const tail = CUT_TAIL.exec(s);
  if (tail && tail.index <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}… (${s.length - end} more characters cut)`;
}

/** A CSV cell (RFC 4180 quoting) that a spreadsheet cannot take for a formula, on one line. */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const raw = safeString(v);
  let s = escapeControls(raw);
  if (/^[=+\-@\t\r]/.test(raw)) s = `'${s}`;
  return /[",]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function safeString(x: unknown): string {
  try {
    return typeof x === 'string' ? x : String(x);
  } catch {
    return '(unprintable)';
  }
}

const marker = (what: string) => `… ${what} (cut by the report)`;
/** A marker left by an earlier bounding: kept, and not counted (bounding twice changes nothing). */
const isMarker = (x: unknown): boolean => typeof x === 'string' && x.startsWith('… ') && x.endsWith('(cut by the report)');

function describeCut(v: object): string {
  try {
    if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
    return `an object with ${Object.keys(v).length} key${Object.keys(v).length === 1 ? '' : 's'}`;
  } catch {
    return 'a value';
  }
}

/**
 * A plain-data copy of any value, within REPORT_LIMITS: the same numbers (NaN and ±Infinity kept),
 * strings cut, nesting and size bounded, cycles named, getters that throw and unreadable proxies
 * reported as such. Objects are rebuilt with defineProperty, so a key "__proto__" stays a key.
 */
export function boundValue(v: unknown): unknown {
  const budget = { left: REPORT_LIMITS.nodes };
  const ancestors = new Set<object>();
  const walk = (x: unknown, depth: number): unknown => {
    budget.left--;
    if (x === null || x === undefined || typeof x === 'number' || typeof x === 'boolean') return x;
    if (typeof x === 'string') return cut(x, REPORT_LIMITS.stringChars);
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x !== 'object') return `[${typeof x}]`;
    try {
      if (ancestors.has(x)) return marker('a circular reference');
      if (depth >= REPORT_LIMITS.depth) return marker(`${describeCut(x)} nested deeper than ${REPORT_LIMITS.depth} levels`);
      if (ArrayBuffer.isView(x)) {
        const a = x as unknown as ArrayLike<number>;
        const n = typeof a.length === 'number' ? a.length : 0;
        const keep = Math.min(n, REPORT_LIMITS.arrayItems, Math.max(0, budget.left));
        budget.left -= keep;
        const out: unknown[] = Array.from({ length: keep }, (_, i) => Number(a[i]));
        if (keep < n) out.push(marker(`${n - keep} more items`));
        return out;
      }
      ancestors.add(x);
      try {
        if (Array.isArray(x)) {
          const n = x.length;
          const out: unknown[] = [];
          let i = 0;
          for (; i < n && i < REPORT_LIMITS.arrayItems && budget.left > 0; i++) {
            let item: unknown;
            try {
              item = x[i];
            } catch (e) {
              item = marker(`an unreadable item (${cut(safeString((e as Error)?.message ?? e), 200)})`);
            }
            out.push(walk(item, depth + 1));
          }
          if (i === n - 1 && isMarker(x[i])) out.push(x[i]);
          else if (i < n) out.push(marker(`${n - i} more item${n - i === 1 ? '' : 's'}`));
          return out;
        }
        const keys = Object.keys(x);
        const out: Record<string, unknown> = {};
        let i = 0;
        for (; i < keys.length && i < REPORT_LIMITS.keys && budget.left > 0; i++) {
          const k = keys[i]!;
          let item: unknown;
          try {
            item = (x as Record<string, unknown>)[k];
          } catch (e) {
            item = marker(`an unreadable property (${cut(safeString((e as Error)?.message ?? e), 200)})`);
          }
          Object.defineProperty(out, cut(k, 200), { value: walk(item, depth + 1), enumerable: true, writable: true, configurable: true });
        }
        if (i === keys.length - 1 && keys[i] === '…' && isMarker((x as Record<string, unknown>)['…'])) out['…'] = (x as Record<string, unknown>)['…'];
        else if (i < keys.length) Object.defineProperty(out, '…', { value: marker(`${keys.length - i} more keys`), enumerable: true, writable: true, configurable: true });
        return out;
      } finally {
        ancestors.delete(x);
      }
    } catch (e) {
      return marker(`an unreadable value (${cut(safeString((e as Error)?.message ?? e), 200)})`);
    }
  };
  return walk(v, 0);
}

const STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'error', 'timeout', 'missing'];

/** Reads one field; a getter that throws or a missing value gives `dflt`. */
function field<T>(read: () => unknown, accept: (v: unknown) => v is T, dflt: T): T {
  try {
    const v = read();
    return accept(v) ? v : dflt;
  } catch {
    return dflt;
  }
}
const isNum = (v: unknown): v is number => typeof v === 'number';
const isStr = (v: unknown): v is string => typeof v === 'string';
const anyValue = (v: unknown): v is unknown => v !== undefined;

function text(read: () => unknown, max: number, dflt = ''): string {
  const v = field(read, (x): x is unknown => x !== undefined && x !== null, dflt as unknown);
  return cut(safeString(v), max);
}

function optText(read: () => unknown, max: number): string | undefined {
  const v = field(read, (x): x is unknown => x !== undefined && x !== null, undefined as unknown);
  return v === undefined ? undefined : cut(safeString(v), max);
}

function boundCounterexample(read: () => unknown): Counterexample | undefined {
  const cx = field(read, (v): v is Record<string, unknown> => v !== null && typeof v === 'object', undefined as unknown as Record<string, unknown>);
  if (!cx) return undefined;
  const out: Counterexample = { input: boundValue(field(() => cx.input, anyValue, {})) };
  for (const k of ['expected', 'got'] as const) {
    const v = field(() => cx[k], anyValue, undefined);
    if (v !== undefined) out[k] = boundValue(v);
  }
  const fd = field(() => cx.firstDifference, (v): v is object => v !== null && typeof v === 'object', undefined as unknown as object);
  if (fd) out.firstDifference = boundValue(fd) as Counterexample['firstDifference'];
  const threw = optText(() => cx.threw, REPORT_LIMITS.messageChars);
  if (threw !== undefined) out.threw = threw;
  const note = optText(() => cx.note, REPORT_LIMITS.messageChars);
  if (note !== undefined) out.note = note;
  return out;
}

function boundCheck(c: unknown, i: number): CheckResult {
  const o = (c ?? {}) as Record<string, unknown>;
  const status = field(() => o.status, (v): v is CheckStatus => STATUSES.includes(v as CheckStatus), 'error' as CheckStatus);
  const r: CheckResult = {
    id: text(() => o.id, 200, `check ${i + 1}`),
    title: text(() => o.title, REPORT_LIMITS.stringChars),
    status,
    points: field(() => o.points, isNum, 0),
    maxPoints: field(() => o.maxPoints, isNum, 0),
    message: text(() => o.message, REPORT_LIMITS.messageChars),
    seed: field(() => o.seed, isNum, 0),
    runs: field(() => o.runs, isNum, 0),
    ms: field(() => o.ms, isNum, 0),
  };
  const cx = boundCounterexample(() => o.counterexample);
  if (cx) r.counterexample = cx;
  const d = field(() => o.diagnosis, (v): v is Record<string, unknown> => v !== null && typeof v === 'object', undefined as unknown as Record<string, unknown>);
  if (d) r.diagnosis = { id: text(() => d.id, 200), title: text(() => d.title, REPORT_LIMITS.messageChars), fix: text(() => d.fix, REPORT_LIMITS.messageChars) };
  const cv = field(() => o.convention, (v): v is Record<string, unknown> => v !== null && typeof v === 'object', undefined as unknown as Record<string, unknown>);
  if (cv) r.convention = { name: text(() => cv.name, 200), value: text(() => cv.value, 200), text: text(() => cv.text, REPORT_LIMITS.messageChars) };
  const replay = optText(() => o.replay, REPORT_LIMITS.messageChars);
  if (replay !== undefined) r.replay = replay;
  return r;
}

/** The printed lines, each cut, at most REPORT_LIMITS.outputLines of them, with a count of the rest. */
export function boundOutput(lines: unknown): string[] {
  const arr = field(() => lines, Array.isArray, [] as unknown[]);
  let n = 0;
  try {
    n = arr.length;
  } catch {
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < n && i < REPORT_LIMITS.outputLines; i++) out.push(cut(text(() => arr[i], Infinity), REPORT_LIMITS.outputLineChars));
  const last = n === REPORT_LIMITS.outputLines + 1 ? text(() => arr[n - 1], 200) : '';
  if (/^… \d+ more lines cut by the report$/.test(last)) out.push(last);
  else if (n > REPORT_LIMITS.outputLines) out.push(`… ${n - REPORT_LIMITS.outputLines} more lines cut by the report`);
  return out;
}

/**
 * A copy of the report that every format can render without failing: fields of the right types (a
 * wrong or unreadable one gets a default), every value from the submission bounded. Idempotent.
 */
export function boundReport(r: GradeReport): GradeReport {
  const o = (r ?? {}) as unknown as Record<string, unknown>;
  const rawChecks = field(() => o.checks, Array.isArray, [] as unknown[]);
  const checks: CheckResult[] = [];
  let n = 0;
  try {
    n = Math.min(rawChecks.length, REPORT_LIMITS.checks);
  } catch {
    n = 0;
  }
  for (let i = 0; i < n; i++) checks.push(boundCheck(field(() => rawChecks[i], anyValue, {}), i));
  const scope = boundValue(field(() => o.scope, anyValue, {}));
  const out: GradeReport = {
    submission: text(() => o.submission, REPORT_LIMITS.nameChars),
    score: field(() => o.score, isNum, 0),
    maxScore: field(() => o.maxScore, isNum, 0),
    seed: field(() => o.seed, isNum, 0),
    precision: field(() => o.precision, (v): v is GradeReport['precision'] => v === 'float64' || v === 'float32', 'float64'),
    scope: (scope !== null && typeof scope === 'object' ? scope : {}) as GradeReport['scope'],
    scopeText: text(() => o.scopeText, REPORT_LIMITS.messageChars),
    checks,
    output: boundOutput(field(() => o.output, anyValue, [])),
    ms: field(() => o.ms, isNum, 0),
  };
  const replay = optText(() => o.replay, REPORT_LIMITS.messageChars);
  if (replay !== undefined) out.replay = replay;
  const isolation = optText(() => o.isolation, REPORT_LIMITS.messageChars);
  if (isolation !== undefined) out.isolation = isolation;
  const conv = field(() => o.conventions, (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v), undefined as unknown as Record<string, unknown>);
  if (conv) {
    const b = boundValue(conv) as Record<string, unknown>;
    out.conventions = {};
    for (const [k, v] of Object.entries(b)) Object.defineProperty(out.conventions, k, { value: cut(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v), 500), enumerable: true, writable: true, configurable: true });
  }
  const le = field(() => o.loadError, (v): v is Record<string, unknown> => v !== null && typeof v === 'object', undefined as unknown as Record<string, unknown>);
  if (le) {
    out.loadError = { message: text(() => le.message, REPORT_LIMITS.messageChars) };
    const location = optText(() => le.location, REPORT_LIMITS.nameChars);
    if (location !== undefined) out.loadError.location = location;
    const frame = optText(() => le.frame, REPORT_LIMITS.outputLineChars);
    if (frame !== undefined) out.loadError.frame = frame;
  }
  return out;
}

/** Runs `render`; if it throws, `fallback` says so instead (a report is written whatever fails). */
export function guarded<T>(render: () => T, fallback: (why: string) => T): T {
  try {
    return render();
  } catch (e) {
    let why = 'unknown error';
    try {
      why = cut(safeString((e as Error)?.message ?? e), 300);
    } catch {
      /* keep the default */
    }
    return fallback(why);
  }
}
