import { describe, expect, it, vi } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { levelProperties } from './levels.js';
import type { Property } from './types.js';

describe('reference level properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(levelProperties, [referenceSubject], 13)).toEqual([]);
  });

  /**
   * Plants a bug in one function of a reference module (vi.doMock: the module with `override` applied
   * to its real exports), loads the properties afresh on top of it, and runs `id`: it must fail.
   */
  async function failsWith(module: string, override: (real: Record<string, unknown>) => Record<string, unknown>, id: string) {
    vi.resetModules();
    vi.doMock(module, async (importOriginal) => {
      const real = (await importOriginal()) as Record<string, unknown>;
      return { ...real, ...override(real) };
    });
    try {
      const { levelProperties: fresh } = await import('./levels.js');
      const { referenceSubject: subject } = await import('../reference/index.js');
      const p = fresh.find((q: Property) => q.id === id)!;
      const r = await runProperty(p, subject, { seed: 13, runs: 60 });
      expect(r.status, r.message).toBe('fail');
    } finally {
      vi.doUnmock(module);
      vi.resetModules();
    }
  }

  type Fn = (...a: any[]) => any;

  it('control: with the real functions re-exported through the same mock, every level property passes', async () => {
    for (const module of ['../reference/matrix/mlp.js', '../reference/scalar/loss.js', '../reference/optimizers.js']) {
      vi.resetModules();
      vi.doMock(module, async (importOriginal) => ({ ...((await importOriginal()) as object) }));
      try {
        const { levelProperties: fresh } = await import('./levels.js');
        const { referenceSubject: subject } = await import('../reference/index.js');
        for (const p of fresh) expect((await runProperty(p, subject, { seed: 13, runs: 10 })).status, `${module} ${p.id}`).toBe('pass');
      } finally {
        vi.doUnmock(module);
        vi.resetModules();
      }
    }
  });

  it('matrix-level catches matrix.loss summing B − 1 examples (the blind spot mutation testing found)', async () => {
    await failsWith('../reference/matrix/mlp.js', (real) => ({
      loss: (name: string, A: any, Y: any) => {
        const k = A.rows > 1 ? A.rows - 1 : A.rows;
        return (real.loss as Fn)(name, { rows: k, cols: A.cols, data: A.data.subarray(0, k * A.cols) }, { rows: k, cols: Y.cols, data: Y.data.subarray(0, k * Y.cols) }) * (A.rows > 1 ? 1 : 1);
      },
    }), 'reference.matrix-level');
  });

  it('matrix-level catches matmulABt adding to `out` instead of overwriting it', async () => {
    await failsWith('../reference/matrix/matmul.js', (real) => ({
      matmulABt: (A: any, B: any, out?: any) => {
        const C = (real.matmulABt as Fn)(A, B);
        if (!out) return C;
        for (let i = 0; i < C.data.length; i++) out.data[i] += C.data[i];
        return out;
      },
    }), 'reference.matrix-level');
  });

  it('matrix-level catches a transpose that drops the last row, and a wrong isBp1Shortcut', async () => {
    await failsWith('../reference/matrix/mat.js', (real) => ({ transpose: (A: any) => (A.rows > 1 ? (real.transpose as Fn)({ rows: A.rows - 1, cols: A.cols, data: A.data.subarray(0, (A.rows - 1) * A.cols) }) : (real.transpose as Fn)(A)) }), 'reference.matrix-level');
    await failsWith('../reference/matrix/mlp.js', (real) => ({ isBp1Shortcut: (a: string, l: string) => (a === 'softmax' ? true : (real.isBp1Shortcut as Fn)(a, l)) }), 'reference.matrix-level');
  });

  it('scalar-level catches centralDifference dividing by h instead of 2h (the blind spot mutation testing found)', async () => {
    await failsWith('../reference/scalar/loss.js', (real) => ({ centralDifference: (...a: any[]) => (real.centralDifference as Fn)(...a).times(0.5) }), 'reference.scalar-level');
  });

  it('scalar-level catches scalarLossAlong moving by 2h d, and a scalar subject whose activate ignores α', async () => {
    await failsWith('../reference/scalar/loss.js', (real) => ({ scalarLossAlong: (F: any, n: any, X: any, Y: any, l: any, d: any, h: any) => (real.scalarLossAlong as Fn)(F, n, X, Y, l, d, F.mul(h, F.of(2))) }), 'reference.scalar-level');
    await failsWith('../reference/scalar/subject.js', (real) => {
      const s = real.scalarSubject as { fns: Record<string, Fn> };
      return { scalarSubject: { ...s, fns: { ...s.fns, activate: (n: string, z: number[]) => s.fns.activate!(n, z) } } };
    }, 'reference.scalar-level');
  });

  it('optimizer-level catches a stepDecimal that restarts from no state, and an initialState with slots at 1', async () => {
    await failsWith('../reference/optimizers.js', (real) => ({ stepDecimal: (o: any, p: any, g: any) => (real.stepDecimal as Fn)(o, p, g, null) }), 'reference.optimizer-level');
    await failsWith('../reference/optimizers.js', (real) => ({
      initialState: (F: any, name: string, p: any) => {
        const s = (real.initialState as Fn)(F, name, p);
        return { ...s, slots: Object.fromEntries(Object.entries(s.slots as Record<string, any>).map(([k, v]) => [k, { W: v.W.map((W: any[][]) => W.map((r) => r.map(() => F.one))), b: v.b.map((b: any[]) => b.map(() => F.one)) }])) };
      },
    }), 'reference.optimizer-level');
  });
});
