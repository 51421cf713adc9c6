import { describe, expect, it } from 'vitest';
import { CSV_FORMULA, cyclic, deepArray, jsonDepth, RAW_CONTROL } from './nasty-report.test-helpers.js';
import { boundReport, boundValue, csvCell, cut, escapeControls, REPORT_LIMITS, safeJsonText } from './report-safe.js';

describe('escapeControls', () => {
  it('shows every control character as a visible escape, keeps tabs and ordinary text', () => {
    expect(escapeControls('a\nb\rc\x1b[2J\u0000\u007f\u009b\u202e\u2028\ufeff\ufffe')).toBe('a\\nb\\rc\\x1b[2J\\x00\\x7f\\x9b\\u{202e}\\u{2028}\\u{feff}\\u{fffe}');
    expect(escapeControls('tab\there, ünïcödé, δ^l, 😀')).toBe('tab\there, ünïcödé, δ^l, 😀');
  });

  it('escapes lone surrogates and keeps pairs', () => {
    expect(escapeControls('\ud83d\ude00 \ud800 \udc00x')).toBe('😀 \\u{d800} \\u{dc00}x');
  });

  it('is idempotent', () => {
    const once = escapeControls('x\x1b\ny');
    expect(escapeControls(once)).toBe(once);
  });
});

describe('cut', () => {
  it('keeps short strings, cuts long ones with a count, never splits a surrogate pair, and does not cut twice', () => {
    expect(cut('abc', 3)).toBe('abc');
    expect(cut('abcdef', 3)).toBe('abc… (3 more characters cut)');
    expect(cut('ab😀cd', 3)).toBe('ab… (4 more characters cut)');
    expect(cut(cut('x'.repeat(100), 10), 10)).toBe(cut('x'.repeat(100), 10));
  });
});

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would take for a formula', () => {
    expect(csvCell(CSV_FORMULA)).toBe(`'=cmd|' /C calc'!A0`);
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('alice')).toBe('alice');
    expect(csvCell(-1)).toBe('-1'); // numbers are the grader's own, never a formula
  });

  it('quotes separators and keeps every cell on one line', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('two\\nlines');
  });
});

describe('boundValue', () => {
  it('summarises nesting past the depth limit, names cycles, cuts wide arrays and long strings', () => {
    const v = boundValue({ deep: deepArray(100_000), cyc: cyclic(), wide: new Array(10_000).fill(1), s: 'y'.repeat(10_000) }) as Record<string, any>;
    expect(jsonDepth(v)).toBeLessThanOrEqual(REPORT_LIMITS.depth + 1);
    expect(JSON.stringify(v)).toMatch(/an array of 1 item nested deeper than 12 levels/);
    expect(v.cyc.self).toMatch(/circular reference/);
    expect(v.wide).toHaveLength(REPORT_LIMITS.arrayItems + 1);
    expect(v.wide.at(-1)).toBe('… 9500 more items (cut by the report)');
    expect(v.s).toMatch(/… \(8000 more characters cut\)$/);
  });

  it('keeps a repeated (not circular) value, NaN and ±Infinity, typed arrays as numbers', () => {
    const shared = [1, 2];
    expect(boundValue({ a: shared, b: shared, n: [NaN, Infinity, -Infinity], t: new Float32Array([0.5, 1.5]) })).toEqual({ a: [1, 2], b: [1, 2], n: [NaN, Infinity, -Infinity], t: [0.5, 1.5] });
  });

  it('bounds the total size of one value', () => {
    const wideAndDeep = Array.from({ length: 500 }, () => Array.from({ length: 500 }, () => [1, 2, 3]));
    expect(JSON.stringify(boundValue(wideAndDeep)).length).toBeLessThan(100_000);
  });

  it('reads through getters that throw and revoked proxies', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const v = boundValue({ get bad() { throw new Error('nope'); }, p: proxy }) as Record<string, string>;
    expect(v.bad).toMatch(/unreadable property \(nope\)/);
    expect(v.p).toMatch(/unreadable value/);
  });

  it('is idempotent (a report bounded twice is the report bounded once)', () => {
    const v = boundValue({ wide: new Array(10_000).fill(0), s: 'z'.repeat(5000), deep: deepArray(50) });
    expect(boundValue(v)).toEqual(v);
  });
});

describe('boundReport', () => {
  it('gives every field its type, whatever the report holds', () => {
    const r = boundReport({ score: '31', checks: [{ id: 7, status: 'hacked', points: 'all' }], output: 'not lines' } as never);
    expect(r.score).toBe(0);
    expect(r.checks[0]).toMatchObject({ id: '7', status: 'error', points: 0 });
    expect(r.output).toEqual([]);
  });
});

describe('safeJsonText', () => {
  it('writes what JSON.stringify leaves raw as \\u escapes; the data parses back the same', () => {
    const v = { s: 'a\u009bb\u202ec\u2028d\x7f' };
    const text = safeJsonText(JSON.stringify(v));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(v);
  });
});
