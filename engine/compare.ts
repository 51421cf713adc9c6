/**
 * The one comparator: a subject's answer against the expected value, over trees of named fields,
 * arrays and numbers, with an allowed error per element. Properties, grading checks and fixture cases
 * all judge through `firstDifference`; it reports the FIRST element that differs, with its path
 * ("delta[1][0][2] (layer 2, example 0, unit 2)") and what kind of difference it is:
 *
 *   value  a number outside its bound (or a non-finite number where another was due);
 *   shape  an array of the wrong length, a field missing;
 *   type   something that is not a number where a number is due — named for what it is ("the string
 *          \"0\"", "a boolean (true)", "null"), never printed as if it were a number.
 *
 * Rules: NaN equals only NaN and ±Infinity only itself; a `OneOf` in the expected tree accepts any of
 * its values (the undefined-point rule: where the mathematics is undefined, e.g. 0/0 in an optimizer
 * step, both the contract's value and NaN are right). Bounds are a tree shaped like `expected` or a
 * function (path, expected) → allowed; where a tree has no entry the largest bound in it is used.
 */

/** Where a value sits in a compared quantity: field names and indices, e.g. ["delta", 1, 0, 2]. */
export type Path = (string | number)[];

import { OneOf, isOneOf } from '../tolerance/oneof.js';

export { OneOf, isOneOf };

export interface Difference {
  path: Path;
  /** "delta[1][0][2] (layer 2, example 0, unit 2)", "gradW[0]" … */
  where: string;
  kind: 'value' | 'shape' | 'type';
  expected: unknown;
  got: unknown;
  /** The allowed |got − expected| at that element (value differences). */
  allowed?: number;
}

export type Bounds = unknown;
export type AllowedFn = (path: Path, expected: number) => number;

function formatPath(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' || /^\d+$/.test(p) ? `[${p}]` : s ? `.${p}` : p;
  const why = explainPath(path);
  return (s || '(the result)') + (why ? ` (${why})` : '');
}

/** The notes' reading of an index path: "layer 2, example 0, unit 1" (arrays are 0-based, layers 1-based). */
function explainPath(path: Path): string {
  const [head, ...rest] = path;
  const n = rest.map(Number);
  switch (head) {
    case 'delta':
    case 'z':
    case 'a':
      return [n[0] !== undefined ? `layer ${n[0] + 1}` : '', n[1] !== undefined ? `example ${n[1]}` : '', n[2] !== undefined ? `unit ${n[2]}` : ''].filter(Boolean).join(', ');
    case 'gradW':
      return [n[0] !== undefined ? `layer ${n[0] + 1}` : '', n[1] !== undefined ? `row ${n[1]} (unit j)` : '', n[2] !== undefined ? `column ${n[2]} (input k)` : ''].filter(Boolean).join(', ');
    case 'gradB':
      return [n[0] !== undefined ? `layer ${n[0] + 1}` : '', n[1] !== undefined ? `unit ${n[1]}` : ''].filter(Boolean).join(', ');
    case 'params': {
      const [t, part, l, j, k] = rest;
      return [t !== undefined ? `after step ${Number(t) + 1}` : '', part !== undefined ? `${part}` : '', l !== undefined ? `layer ${Number(l) + 1}` : '', j !== undefined ? `[${j}]` : '', k !== undefined ? `[${k}]` : '']
        .filter(Boolean)
        .join(' ');
    }
    default:
      return '';
  }
}

/** What a value is, for a message: "the string \"0\"", "a boolean (true)", "null", "an array of 3 × 2". */
function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 39) + '…' : v)}`;
  if (typeof v === 'boolean') return `a boolean (${v})`;
  if (typeof v === 'number') return fmt(v);
  if (Array.isArray(v)) {
    const inner = v.length > 0 && Array.isArray(v[0]) ? ` × ${describeValue(v[0]).replace(/^an array of /, '')}` : '';
    return `an array of ${v.length}${inner}`;
  }
  if (isOneOf(v)) return v.values.map(fmt).join(' or ');
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * A number for a message: the shortest form that reads back as the same float64 (so two different
 * numbers never print alike), shortened to 12 significant digits only where that is still exact.
 */
export function fmt(x: unknown): string {
  if (typeof x === 'number') {
    if (Number.isNaN(x)) return 'NaN';
    if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
    if (Object.is(x, -0)) return '-0';
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-4 || a >= 1e15)) return x.toExponential().replace(/e\+?/, 'e');
    return String(x);
  }
  if (isOneOf(x)) return x.values.map(fmt).join(' or ');
  return typeof x === 'string' ? x : JSON.stringify(x) ?? String(x);
}

/** expected and got as two strings that differ wherever the numbers do (digits enough, no more). */
export function fmtPair(expected: unknown, got: unknown): [string, string] {
  if (typeof expected !== 'number' || typeof got !== 'number' || !Number.isFinite(expected) || !Number.isFinite(got) || expected === got) {
    return [typeof expected === 'number' ? fmt(expected) : fmt(expected), typeof got === 'number' ? fmt(got) : describeValue(got)];
  }
  for (let p = 6; p <= 17; p++) {
    const e = shortest(expected, p);
    const g = shortest(got, p);
    if (e !== g) return [e, g];
  }
  return [fmt(expected), fmt(got)];
}

function shortest(x: number, p: number): string {
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return x.toExponential(p - 1).replace(/\.?0+e/, 'e').replace(/e\+?/, 'e');
  return String(Number(x.toPrecision(p)));
}

function treeAt(tree: unknown, path: Path): unknown {
  let v: unknown = tree;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p as string | number];
  }
  return v;
}

function maxBound(bounds: unknown, depth = 0): number {
  if (typeof bounds === 'number') return bounds;
  if (bounds === null || typeof bounds !== 'object' || depth > 64) return 0;
  let m = 0;
  for (const v of Object.values(bounds as Record<string, unknown>)) m = Math.max(m, maxBound(v, depth + 1));
  return m;
}

function sameNumber(e: number, g: number, allowed: number): boolean {
  if (Object.is(e, g) || (Number.isNaN(e) && Number.isNaN(g))) return true;
  if (!Number.isFinite(e) || !Number.isFinite(g)) return e === g;
  return Math.abs(e - g) <= allowed;
}

/**
 * The first element where `got` differs from `expected` by more than its bound (+ `slack`), or null.
 * `bounds` is a tree shaped like `expected` (a number per element) or a function of (path, expected).
 */
export function firstDifference(expected: unknown, got: unknown, bounds: Bounds | AllowedFn, slack = 0): Difference | null {
  const fn = typeof bounds === 'function' ? (bounds as AllowedFn) : null;
  const fallback = fn ? 0 : maxBound(bounds);
  const allowedAt = (path: Path, e: number): number => {
    if (fn) return fn(path, e) + slack;
    const b = treeAt(bounds, path);
    return (typeof b === 'number' ? b : fallback) + slack;
  };
  const walk = (e: unknown, g: unknown, path: Path, depth: number): Difference | null => {
    if (typeof e === 'number' || isOneOf(e)) {
      if (typeof g !== 'number') return { path, where: formatPath(path), kind: 'type', expected: e, got: describeValue(g) };
      const values = isOneOf(e) ? e.values : [e];
      let allowed = 0;
      for (const v of values) {
        allowed = Math.max(allowed, Number.isFinite(v) ? allowedAt(path, v) : 0);
        if (sameNumber(v, g, Number.isFinite(v) ? allowedAt(path, v) : 0)) return null;
      }
      return { path, where: formatPath(path), kind: 'value', expected: e, got: g, allowed };
    }
    if (depth > 64) return null; // expected values are never this deep: the reference built them
    if (Array.isArray(e)) {
      if (!Array.isArray(g) || g.length !== e.length) {
        return { path, where: formatPath(path), kind: Array.isArray(g) ? 'shape' : 'type', expected: describeValue(e), got: describeValue(g) };
      }
      for (let i = 0; i < e.length; i++) {
        const d = walk(e[i], g[i], [...path, i], depth + 1);
        if (d) return d;
      }
      return null;
    }
    if (e !== null && typeof e === 'object') {
      if (g === null || typeof g !== 'object') return { path, where: formatPath(path), kind: 'type', expected: 'an object', got: describeValue(g) };
      for (const k of Object.keys(e)) {
        const gv = Object.prototype.hasOwnProperty.call(g, k) ? (g as Record<string, unknown>)[k] : undefined;
        const d = walk((e as Record<string, unknown>)[k], gv, [...path, /^\d+$/.test(k) ? Number(k) : k], depth + 1);
        if (d) return d;
      }
      return null;
    }
    return Object.is(e, g) ? null : { path, where: formatPath(path), kind: typeof g === typeof e ? 'value' : 'type', expected: e, got: typeof g === typeof e ? g : describeValue(g) };
  };
  return walk(expected, got, [], 0);
}

/** "expected 0.25, got the string \"0\"" / "expected 3 rows …" — the difference in one line. */
export function describeDifference(d: Difference): string {
  if (d.kind === 'value') {
    const [e, g] = fmtPair(d.expected, d.got);
    const oneOf = isOneOf(d.expected) && d.expected.why ? ` (${d.expected.why})` : '';
    return `${d.where}: expected ${e}${oneOf}, got ${g}${d.allowed !== undefined && d.allowed > 0 ? ` (allowed error ${Number.isFinite(d.allowed) ? d.allowed.toPrecision(3) : fmt(d.allowed)})` : ''}`;
  }
  if (d.kind === 'type') return `${d.where}: expected ${typeof d.expected === 'number' || isOneOf(d.expected) ? `a number (${fmt(d.expected)})` : fmt(d.expected)}, got ${fmt(d.got)} — a wrong type`;
  return `${d.where}: expected ${fmt(d.expected)}, got ${fmt(d.got)}`;
}

/** Largest |got − expected| / allowed over the numeric elements both have (how close to the edge it passed). */
export function worstRatio(expected: unknown, got: unknown, bounds: Bounds | AllowedFn): number {
  let worst = 0;
  const fn = typeof bounds === 'function' ? (bounds as AllowedFn) : null;
  const walk = (e: unknown, g: unknown, path: Path, depth: number): void => {
    if (depth > 64) return;
    if (typeof e === 'number' && typeof g === 'number') {
      if (!Number.isFinite(e) || !Number.isFinite(g)) return;
      const b = fn ? fn(path, e) : treeAt(bounds, path);
      const a = typeof b === 'number' ? b : 0;
      const d = Math.abs(e - g);
      worst = Math.max(worst, a > 0 ? d / a : d > 0 ? Infinity : 0);
    } else if (Array.isArray(e) && Array.isArray(g)) e.forEach((x, i) => walk(x, g[i], [...path, i], depth + 1));
    else if (e !== null && typeof e === 'object' && g !== null && typeof g === 'object' && !isOneOf(e)) {
      for (const k of Object.keys(e)) walk((e as Record<string, unknown>)[k], (g as Record<string, unknown>)[k], [...path, /^\d+$/.test(k) ? Number(k) : k], depth + 1);
    }
  };
  walk(expected, got, [], 0);
  return worst;
}

/** The properties' view of a difference: an index path and the two numbers (NaN where not numbers). */
export interface Mismatch {
  /** Index path of the first element that differs, e.g. [2, 0, 3] for delta[2][0][3]. */
  path: number[];
  expected: number;
  got: number;
  allowed: number;
  /** The difference in words (with a wrong type named). */
  description?: string;
}

/**
 * firstDifference for nested arrays with an allowed error per element, reported as a Mismatch: a
 * shape difference carries the two lengths, a wrong type NaN as `got` (and says so in `description`).
 */
export function firstMismatch(expected: unknown, got: unknown, allowed: (path: number[], expected: number) => number): Mismatch | null {
  const d = firstDifference(expected, got, ((p: Path, e: number) => allowed(p as number[], e)) as AllowedFn);
  if (!d) return null;
  const path = d.path.filter((p): p is number => typeof p === 'number');
  const description = describeDifference(d);
  if (d.kind === 'value') {
    const e = isOneOf(d.expected) ? d.expected.values[0]! : (d.expected as number);
    return { path, expected: e, got: d.got as number, allowed: d.allowed ?? 0, description };
  }
  const e = treeAt(expected, d.path);
  const g = treeAt(got, d.path);
  if (d.kind === 'shape') return { path, expected: Array.isArray(e) ? e.length : NaN, got: Array.isArray(g) ? g.length : NaN, allowed: 0, description };
  return { path, expected: typeof e === 'number' ? e : NaN, got: NaN, allowed: 0, description };
}
