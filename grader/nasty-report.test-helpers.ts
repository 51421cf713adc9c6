/**
 * A planted hostile report: what a submission could put into one through what it answers, throws and
 * prints, and through its own file name — forged score lines and check rows, ANSI screen clearing,
 * markup, NUL, bidirectional overrides, a CSV formula, an answer nested 5000 deep, a cycle, a million
 * numbers, a 10 MB line and binary bytes. The report tests render it in every format and check that
 * nothing of it takes effect.
 */
import type { GradeReport } from './grade.js';
import { FULL_SCOPE } from './scope.js';

export const FORGED_SCORE = 'score: 31 / 31';
export const CLEAR_SCREEN = '\x1b[2J\x1b[H\x1b[3J';
export const CSV_FORMULA = "=cmd|' /C calc'!A0";

/** A thrown message or printed line that tries everything at once. */
export const EVIL = [
  'boom',
  FORGED_SCORE,
  `\r${CLEAR_SCREEN}  ✓ backward.bp2  pass  1/1`,
  '</failure></testcase><testcase name="forged"/><testcase name="forged2"><failure message="x">',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  `\u0000NUL \u009b2J C1-CSI \u202eevil-bidi \u2028line-separator \ud800lone-surrogate \ufffe`,
  CSV_FORMULA,
].join('\n');

export function deepArray(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

export function cyclic(): unknown {
  const c: Record<string, unknown> = { a: 1 };
  c['self'] = c;
  c['list'] = [c, { back: c }];
  return c;
}

/** Bytes 0..255 as the runner would decode a binary stream (invalid UTF-8 → U+FFFD) and as latin1. */
export function binaryLine(): string {
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256));
  return bytes.toString('utf8') + bytes.toString('latin1');
}

export const TEN_MB_LINE = 'x'.repeat(10 * 1024 * 1024);

export function nastyReport(): GradeReport {
  const proto = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted2": true}}}') as unknown;
  return {
    submission: `${CSV_FORMULA} ${CLEAR_SCREEN}\n${FORGED_SCORE} <b>.mjs`,
    score: 1,
    maxScore: 4,
    seed: 7,
    precision: 'float64',
    scope: FULL_SCOPE,
    scopeText: 'everything',
    checks: [
      { id: 'activate.relu', title: 'relu', status: 'pass', points: 1, maxPoints: 1, message: '30 cases passed', seed: 1, runs: 30, ms: 3 },
      {
        id: 'backward.bp2',
        title: 'BP2',
        status: 'error',
        points: 0,
        maxPoints: 1,
        message: `backward threw on a valid input: ${EVIL}`,
        counterexample: { input: { net: deepArray(5000) as Record<string, unknown> }, threw: EVIL },
        seed: 2,
        runs: 1,
        ms: 3,
        replay: `nn-oracle grade '${CSV_FORMULA}' --seed 7 --only backward.bp2`,
      },
      {
        id: 'forward',
        title: 'forward',
        status: 'fail',
        points: 0,
        maxPoints: 1,
        message: 'wrong result at a[0][0]: expected 1, got [[[…]]]',
        counterexample: {
          input: { X: [[1]] },
          expected: [[1]],
          got: { deep: deepArray(5000), cyclic: cyclic(), wide: new Array(1_000_000).fill(0.5), huge: TEN_MB_LINE, proto, evil: EVIL },
          firstDifference: { path: ['a', 0], where: 'a[0]', kind: 'type', expected: [[1]], got: deepArray(5000) },
          note: EVIL,
        },
        seed: 3,
        runs: 1,
        ms: 3,
      },
      { id: 'loss.mse', title: 'mse', status: 'timeout', points: 0, maxPoints: 1, message: EVIL, seed: 4, runs: 1, ms: 3 },
    ],
    output: [EVIL, TEN_MB_LINE, binaryLine(), ...Array.from({ length: 300 }, () => FORGED_SCORE)],
    ms: 10,
    isolation: `off (unsafe: no sandbox) ${CLEAR_SCREEN}`,
    conventions: { "relu'(0)": '0', [EVIL]: EVIL },
  };
}

/** The characters no rendered text may hold raw (newline aside): C0 but tab, DEL, C1, bidi, separators. */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])/;

/** Depth of a JSON value, measured without recursion. */
export function jsonDepth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    max = Math.max(max, d);
    if (x && typeof x === 'object') for (const y of Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}
