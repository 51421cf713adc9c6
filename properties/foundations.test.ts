import { describe, expect, it, vi } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { createRng } from '../reference/learning/rng.js';
import { runProperty } from './engine.js';
import { exactDecimalString, foundationProperties, makeRngProperty } from './foundations.js';
import { notHolding } from './hold.test-helpers.js';
import type { Property } from './types.js';

describe('foundation properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(foundationProperties, [referenceSubject], 29)).toEqual([]);
  });

  it('exactDecimalString is the exact value of a double', () => {
    expect(exactDecimalString(0.1)).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(exactDecimalString(-3)).toBe('-3');
    expect(exactDecimalString(2 ** 60)).toBe('1152921504606846976');
    expect(exactDecimalString(5e-324).length).toBe(1076);
  });

  const RNG_BUGS: Array<[string, typeof createRng]> = [
    ['a normal with sd²', (s) => { const r = createRng(s); return { ...r, normal: (m = 0, sd = 1) => r.normal(m, sd * sd) }; }],
    ['normals without the spare (four uniforms a pair)', (s) => { const r = createRng(s); return { ...r, normal: (m = 0, sd = 1) => { const u1 = 1 - r.uniform(); const u2 = r.uniform(); return m + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2); } }; }],
    ['int that never reaches `to`', (s) => { const r = createRng(s); return { ...r, int: (a, b) => r.int(a, Math.max(a, b - 1)) }; }],
    ['uniform draws squared (mean ⅓)', (s) => { const r = createRng(s); return { ...r, uniform: () => r.uniform() ** 2 }; }],
    ['fork ignoring the salt', (s) => { const r = createRng(s); return { ...r, fork: () => r.fork(0) }; }],
    ['fork(0) = fork(1) (the salt\'s lowest bit lost; found by mutation testing)', (s) => { const r = createRng(s); return { ...r, fork: (salt = 0) => r.fork(salt | 1) }; }],
    ['a permutation that never swaps the first two (Fisher–Yates stopping at i = 2)', (s) => { const r = createRng(s); return { ...r, permutation: (n) => { const p = Array.from({ length: n }, (_x, i) => i); for (let i = n - 1; i > 1; i--) { const j = r.int(0, i); [p[i], p[j]] = [p[j]!, p[i]!]; } return p; } }; }],
    ['sample with repeats', (s) => { const r = createRng(s); return { ...r, sample: (n, k) => Array.from({ length: k }, () => r.int(0, n - 1)) }; }],
  ];
  it.each(RNG_BUGS)('rng.seeded-streams catches %s', async (_n, bad) => {
    expect((await runProperty(makeRngProperty(bad), referenceSubject, { seed: 29, runs: 20 })).status).toBe('fail');
  });

  it('field.arithmetic catches a conversion through the shortest string, 49 digits, and a Decimal sin that is cos', async () => {
    for (const patch of [
      // new Decimal(String(x)) reads the shortest decimal string of x, up to ½ ulp away from the double
      (r: any) => ({ decimal50: { ...r.decimal50, of: (x: number) => new r.decimal50.one.constructor(String(x)) } }),
      (r: any) => ({ decimal50: r.decimalField(49) }),
      (r: any) => ({ decimal50: { ...r.decimal50, sin: r.decimal50.cos } }),
    ]) {
      vi.resetModules();
      vi.doMock('../reference/field.js', async (importOriginal) => {
        const r = (await importOriginal()) as Record<string, any>;
        return { ...r, ...patch(r) };
      });
      try {
        const { fieldProperty } = await import('./foundations.js');
        expect((await runProperty(fieldProperty as Property, referenceSubject, { seed: 29, runs: 60 })).status).toBe('fail');
      } finally {
        vi.doUnmock('../reference/field.js');
        vi.resetModules();
      }
    }
  });
});
