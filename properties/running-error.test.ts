import { describe, expect, it, vi } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { runningErrorProperties } from './running-error.js';
import type { Property } from './types.js';

type T = { v: number; e: number };

describe('running error bound property', () => {
  it('holds for the reference', async () => {
    expect(await notHolding(runningErrorProperties, [referenceSubject], 23)).toEqual([]);
  });

  /** The reference's running-error field with one operation replaced (vi.doMock); the property must fail. */
  async function failsWith(patch: (F: Record<string, any>, real: Record<string, any>) => Record<string, unknown>, runs = 200) {
    vi.resetModules();
    vi.doMock('../reference/scalar/running-error.js', async (importOriginal) => {
      const real = (await importOriginal()) as Record<string, any>;
      return {
        ...real,
        runningErrorField: () => {
          const R = real.runningErrorField();
          return { ...R, F: { ...R.F, ...patch(R.F, R) } };
        },
      };
    });
    try {
      const { runningErrorProperties: fresh } = await import('./running-error.js');
      const r = await runProperty(fresh[0] as Property, referenceSubject, { seed: 23, runs });
      expect(r.status, r.message).toBe('fail');
    } finally {
      vi.doUnmock('../reference/scalar/running-error.js');
      vi.resetModules();
    }
  }

  it('catches a sum that forgets its inputs’ errors, a product without its own rounding, an inflated log bound', async () => {
    await failsWith((F) => ({ add: (a: T, b: T) => ({ ...F.add(a, b), e: F.add({ v: a.v, e: 0 }, { v: b.v, e: 0 }).e }) }));
    await failsWith((F) => ({ mul: (a: T, b: T) => ({ v: a.v * b.v, e: Math.abs(a.v) * b.e + Math.abs(b.v) * a.e + a.e * b.e }) }));
    await failsWith((F) => ({ log: (a: T) => ({ ...F.log(a), e: F.log(a).e * 100 + 1e-3 }) }));
  });

  it('catches a comparison that is never counted ambiguous, and an exp without the libm error', async () => {
    await failsWith(() => ({ gt: (a: T, b: T) => a.v > b.v, gte: (a: T, b: T) => a.v >= b.v }));
    await failsWith(() => ({ exp: (a: T) => ({ v: Math.exp(a.v), e: Math.exp(a.v) * Math.expm1(a.e) }) }));
  });

  it('catches a log1p bound with the signed result (negative below 0), found by mutation testing', async () => {
    await failsWith((F) => ({ log1p: (a: T) => { const r = F.log1p(a); return { v: r.v, e: r.e - 2 * 4 * 2 ** -53 * Math.abs(r.v) * (r.v < 0 ? 1 : 0) }; } }));
  });

  it('catches a quotient bound that divides by |b| + e_b instead of |b| − e_b (found by mutation testing)', async () => {
    await failsWith(() => ({ div: (a: T, b: T) => { const v = a.v / b.v; return { v, e: ((a.e + Math.abs(v) * b.e) / (Math.abs(b.v) + b.e) + 2 ** -53 * Math.abs(v)) * (1 + 8 * 2 ** -53) }; } }), 300);
  });
  it('catches √0 with an undefined bound, log 1 with a negative one, and a strict gt that is not strict (found by mutation testing)', async () => {
    await failsWith((F) => ({ sqrt: (a: T) => (a.v === 0 ? { v: 0, e: NaN } : F.sqrt(a)) }), 20);
    await failsWith((F) => ({ log: (a: T) => (a.v === 1 ? { v: 0, e: -(2 ** -1074) } : F.log(a)) }), 20);
    await failsWith(() => ({ gt: (a: T, b: T) => a.v >= b.v }), 20);
    // cos whose own rounding does not scale with its result: vacuous near π/2
    await failsWith((F) => ({ cos: (a: T) => ({ ...F.cos(a), e: F.cos(a).e + 2 ** -52 }) }), 5);
  });
});
