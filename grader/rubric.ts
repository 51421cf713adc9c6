/**
 * The rubric: an optional JSON file choosing which checks count and their points, and the course's
 * scope. Without one, every check in scope counts 1 point.
 *
 *   {
 *     "points": { "backward.bp2": 3, "forward": 2, "activate.": 0.5, "*": 1 },
 *     "activations": ["sigmoid", "relu"], "losses": ["mse"], "optimizers": ["sgd", "momentum"],
 *     "pairings": ["identity+mse", "sigmoid+bce"], "conventions": { "elu-grad-at-zero": "alpha" }
 *   }
 *
 * `points` keys are check ids, prefixes ending in "." (every check starting with it) or "*" (the rest);
 * the most specific key wins; a check with 0 points (or not matched when there is no "*") is not run.
 * Without `points`, every check in scope counts 1.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, UnknownNameError } from '../contract/errors.js';
import { ALL_CHECK_IDS } from './checks.js';
import { FULL_SCOPE, narrowScope, type Scope } from './scope.js';

export interface Rubric {
  points?: Record<string, number>;
  activations?: string[];
  losses?: string[];
  optimizers?: string[];
  /** The (output+loss) pairings the course uses, e.g. ["identity+mse", "sigmoid+bce"]. */
  pairings?: string[];
  /** Convention switches the course grades by, e.g. { "elu-grad-at-zero": "alpha" } (docs/contract.md). */
  conventions?: Record<string, string>;
}

export function validateRubric(r: unknown, where = 'rubric'): Rubric {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new InvalidArgumentError({ where, expected: 'a JSON object', got: r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r });
  const o = r as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['points', 'activations', 'losses', 'optimizers', 'pairings', 'conventions', 'comment', '$schema'].includes(k)) {
      throw new UnknownNameError('rubric field', k, ['points', 'activations', 'losses', 'optimizers', 'pairings', 'conventions'], where);
    }
  }
  if (o.points !== undefined) {
    if (o.points === null || typeof o.points !== 'object') throw new InvalidArgumentError({ where: `${where}.points`, expected: 'an object { checkId: points }', got: typeof o.points });
    for (const [k, v] of Object.entries(o.points as Record<string, unknown>)) {
      const known = k === '*' || ALL_CHECK_IDS.includes(k) || (k.endsWith('.') && ALL_CHECK_IDS.some((id) => id.startsWith(k)));
      if (!known) throw new UnknownNameError('check id', k, ALL_CHECK_IDS, `${where}.points`);
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new InvalidArgumentError({ where: `${where}.points["${k}"]`, expected: 'a number ≥ 0', got: JSON.stringify(v) });
      }
    }
  }
  if (o.conventions !== undefined && (o.conventions === null || typeof o.conventions !== 'object' || Array.isArray(o.conventions) || Object.values(o.conventions).some((v) => typeof v !== 'string'))) {
    throw new InvalidArgumentError({ where: `${where}.conventions`, expected: 'an object { "switch-name": "value" }', got: JSON.stringify(o.conventions) });
  }
  for (const f of ['activations', 'losses', 'optimizers', 'pairings'] as const) {
    if (o[f] !== undefined && (!Array.isArray(o[f]) || (o[f] as unknown[]).some((x) => typeof x !== 'string'))) {
      throw new InvalidArgumentError({ where: `${where}.${f}`, expected: 'an array of names', got: JSON.stringify(o[f]) });
    }
  }
  narrowScope(FULL_SCOPE, o as Rubric, `${where}.`); // names checked here
  return o as Rubric;
}

export function loadRubric(file: string): Rubric {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidArgumentError({ where: '--rubric', expected: 'a readable JSON file', got: `${file} (${(e as Error).message})` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError({ where: '--rubric', expected: 'valid JSON', got: (e as Error).message });
  }
  return validateRubric(json, file);
}

/** Points of one check under the rubric: exact id, then the longest matching prefix, then "*". */
export function pointsFor(r: Rubric, id: string): number {
  if (!r.points) return 1;
  if (id in r.points) return r.points[id]!;
  let best: string | null = null;
  for (const k of Object.keys(r.points)) if (k.endsWith('.') && id.startsWith(k) && (!best || k.length > best.length)) best = k;
  if (best) return r.points[best]!;
  return r.points['*'] ?? 0;
}

export function rubricScope(r: Rubric | undefined, base: Scope = FULL_SCOPE): Scope {
  return r ? narrowScope(base, r, 'rubric.') : base;
}
