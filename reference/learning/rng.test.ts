import { describe, expect, it } from 'vitest';
import { createRng, rngFromState } from './rng.js';

describe('rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xa = [a.uniform(), a.normal(), a.int(0, 9)];
    expect([b.uniform(), b.normal(), b.int(0, 9)]).toEqual(xa);
    expect(c.uniform()).not.toBe(xa[0]);
  });
  it('permutation is a permutation; sample has distinct entries', () => {
    const r = createRng(1);
    const p = r.permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(new Set(r.sample(20, 5)).size).toBe(5);
  });
  it('resumes from its state', () => {
    const r = createRng(3);
    r.uniform();
    const s = r.getState();
    const x = r.uniform();
    expect(rngFromState(s).uniform()).toBe(x);
  });
  it('normal has mean ≈ 0 and variance ≈ 1 (n = 20000: 5 standard errors)', () => {
    const r = createRng(11);
    const n = 20000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const x = r.normal(); s += x; s2 += x * x; }
    const mean = s / n, v = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(v - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });
  it('first outputs of consecutive seeds are spread (seeding is mixed): mean of 400 firsts ≈ ½', () => {
    const n = 400;
    let s = 0;
    for (let seed = 0; seed < n; seed++) s += createRng(seed).uniform();
    // U(0,1) has sd 1/√12; 5 standard errors
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 / Math.sqrt(12 * n));
  });
});
