/**
 * Seeds. Every random choice of a run flows from its one run seed: each check gets its own seed,
 * derived from (run seed, check id), so adding a check never changes another's cases and
 * `--seed S` with one check (`--property`, `--only`) replays exactly what the full run did.
 */

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The check's fast-check seed: a mix (murmur3 finaliser) of the run seed and the check id. */
export function checkSeed(runSeed: number, checkId: string): number {
  let h = (runSeed ^ fnv1a(checkId)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A fresh random run seed (printed by the CLI so any run can be replayed). */
export function randomSeed(): number {
  return (Math.random() * 2 ** 32) | 0;
}
