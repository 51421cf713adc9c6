/**
 * Elementwise comparison of a submission's answer with the expected value, over trees of named
 * fields, arrays and numbers, with a per-element allowed error (bounds.ts). Reports the FIRST element
 * that differs, with its path ("delta[1][0][2]"), or a shape/type difference.
 * Non-finite numbers compare equal only to the same non-finite number (NaN to NaN).
 */
import type { Path } from './checks.js';

export interface Difference {
  path: Path;
  /** "delta[1][0][2]", "gradW[0]: expected 3 rows, got 2", ... */
  where: string;
  kind: 'value' | 'shape' | 'type';
  expected: unknown;
  got: unknown;
  /** The allowed |got − expected| at that element (value differences). */
  allowed?: number;
}

export function formatPath(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' || /^\d+$/.test(p) ? `[${p}]` : s ? `.${p}` : p;
  const why = explainPath(path);
  return (s || '(the result)') + (why ? ` (${why})` : '');
}

/** The notes' reading of an index path: "layer 2, example 0, unit 1" (arrays are 0-based, layers 1-based). */
export function explainPath(path: Path): string {
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

function boundAt(bounds: unknown, path: Path): number | undefined {
  let v: unknown = bounds;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p as string | number];
  }
  return typeof v === 'number' ? v : undefined;
}

function maxBound(bounds: unknown): number {
  if (typeof bounds === 'number') return bounds;
  if (bounds === null || typeof bounds !== 'object') return 0;
  let m = 0;
  for (const v of Object.values(bounds as Record<string, unknown>)) m = Math.max(m, maxBound(v));
  return m;
}

function describeShape(v: unknown): string {
  if (Array.isArray(v)) {
    const inner = v.length > 0 && Array.isArray(v[0]) ? ` × ${describeShape(v[0]).replace(/^an array of /, '')}` : '';
    return `an array of ${v.length}${inner}`;
  }
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * The first element where `got` differs from `expected` by more than its bound (+ `slack`), or null.
 * `bounds` has the tree shape of `expected`; where it has no entry (a diagnosis's differently shaped
 * alternative) the largest bound is used.
 */
export function firstDifference(expected: unknown, got: unknown, bounds: unknown, slack = 0): Difference | null {
  const fallback = maxBound(bounds);
  const walk = (e: unknown, g: unknown, path: Path): Difference | null => {
    if (typeof e === 'number') {
      if (typeof g !== 'number') return { path, where: formatPath(path), kind: 'type', expected: e, got: g === undefined ? 'nothing' : g };
      if (Object.is(e, g) || (Number.isNaN(e) && Number.isNaN(g))) return null;
      if (!Number.isFinite(e) || !Number.isFinite(g)) {
        return e === g ? null : { path, where: formatPath(path), kind: 'value', expected: e, got: g, allowed: 0 };
      }
      const allowed = (boundAt(bounds, path) ?? fallback) + slack;
      return Math.abs(e - g) <= allowed ? null : { path, where: formatPath(path), kind: 'value', expected: e, got: g, allowed };
    }
    if (Array.isArray(e)) {
      if (!Array.isArray(g) || g.length !== e.length) {
        return { path, where: formatPath(path), kind: 'shape', expected: describeShape(e), got: describeShape(g) };
      }
      for (let i = 0; i < e.length; i++) {
        const d = walk(e[i], g[i], [...path, i]);
        if (d) return d;
      }
      return null;
    }
    if (e !== null && typeof e === 'object') {
      if (g === null || typeof g !== 'object') return { path, where: formatPath(path), kind: 'type', expected: 'an object', got: describeShape(g) };
      for (const k of Object.keys(e)) {
        const d = walk((e as Record<string, unknown>)[k], (g as Record<string, unknown>)[k], [...path, /^\d+$/.test(k) ? Number(k) : k]);
        if (d) return d;
      }
      return null;
    }
    return Object.is(e, g) ? null : { path, where: formatPath(path), kind: 'value', expected: e, got: g };
  };
  return walk(expected, got, []);
}
