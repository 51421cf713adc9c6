import { describe, expect, it, vi } from 'vitest';
import { SubmissionCrashError, SubmissionThrewError } from '../contract/errors.js';
import type { Subject } from '../contract/types.js';
import { referenceSubject } from '../reference/index.js';
import { decimalSubject, scalarSubject } from '../reference/scalar/index.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { invalidInputProperties, rejectsInvalidInput } from './invalid.js';
import { plantedSubject } from './planted.js';

const withFn = (name: string, fn: keyof Subject['fns'], impl: (...a: any[]) => unknown, base: Subject = referenceSubject): Subject => ({ ...base, name, fns: { ...base.fns, [fn]: impl } });

describe('invalid input properties', () => {
  it('hold for the reference and the scalar and Decimal subjects', async () => {
    expect(await notHolding(invalidInputProperties, [referenceSubject, scalarSubject, decimalSubject], 17)).toEqual([]);
  });

  it('finds that the planted implementation (properties/planted.ts) lets a NaN in z through activate', async () => {
    const r = await runProperty(rejectsInvalidInput, plantedSubject(), { seed: 17, runs: 3 });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('NaN in z');
  });

  it('rejects-invalid-input catches a backward that accepts a Y of the wrong width (the blind spot mutation testing found)', async () => {
    const ref = referenceSubject.fns;
    const lax = withFn('lax-Y', 'backward', (net, X, Y, loss) => ref.backward!(net, X, Y.map((r: number[]) => r.slice(0, net.layers[net.layers.length - 1].W.length)), loss));
    const r = await runProperty(rejectsInvalidInput, lax, { seed: 17, runs: 5 });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('Y one column wider');
  });

  it('rejects-invalid-input catches a perceptronStep that does not check b (found by mutation testing)', async () => {
    const ref = referenceSubject.fns;
    const lax = withFn('lax-b', 'perceptronStep', (w, b, x, y, lr) => ref.perceptronStep!(w, Number.isNaN(b) ? 0 : b, x, y, lr));
    const r = await runProperty(rejectsInvalidInput, lax, { seed: 17, runs: 3 });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('b = NaN');
  });

  it('catches a NaN let through, an untyped error, and the wrong typed error', async () => {
    const ref = referenceSubject.fns;
    const nanThrough = withFn('nan', 'activate', (name, z, a) => (z.some((v: number) => Number.isNaN(v)) ? z : ref.activate!(name, z, a)));
    expect((await runProperty(rejectsInvalidInput, nanThrough, { seed: 17, runs: 3 })).status).toBe('fail');
    const untyped = withFn('untyped', 'loss', (name, A, Y) => {
      if (!['mse', 'bce', 'cce'].includes(name)) throw new TypeError(`LOSS_TABLE[${name}] is undefined`);
      return ref.loss!(name, A, Y);
    });
    expect((await runProperty(rejectsInvalidInput, untyped, { seed: 17, runs: 3 })).message).toContain('untyped TypeError');
    const wrongCode = withFn('wrong-code', 'perceptronStep', (w, b, x, y, lr) => {
      if (x.length !== w.length) throw new SubmissionCrashError('perceptronStep', 'exit', 1, null);
      return ref.perceptronStep!(w, b, x, y, lr);
    });
    expect((await runProperty(rejectsInvalidInput, wrongCode, { seed: 17, runs: 3 })).message).toContain('a hang or a crash');
  });

  it('behind a process boundary, a SubmissionThrewError counts as the refusal', async () => {
    const fns = Object.fromEntries(
      Object.entries(referenceSubject.fns).map(([k, f]) => [
        k,
        async (...a: unknown[]) => {
          try {
            return await (f as (...x: unknown[]) => unknown)(...a);
          } catch (e) {
            throw new SubmissionThrewError(k, `ValueError: ${(e as Error).message}`);
          }
        },
      ]),
    );
    expect((await runProperty(rejectsInvalidInput, { ...referenceSubject, name: 'process', fns }, { seed: 17, runs: 3 })).status).toBe('pass');
  });

  it('a subject that implements nothing passes vacuously (nothing to send)', async () => {
    expect((await runProperty(rejectsInvalidInput, { name: 'none', precision: 'float64', fns: {} }, { seed: 17, runs: 3 })).status).toBe('pass');
  });

  /** Plants a bug in one reference module (vi.doMock over its real exports) and runs reference.rejects-invalid-input on top. */
  async function referenceFails(module: string, override: (real: Record<string, any>) => Record<string, unknown>, expectInMessage: string) {
    vi.resetModules();
    vi.doMock(module, async (importOriginal) => {
      const real = (await importOriginal()) as Record<string, any>;
      return { ...real, ...override(real) };
    });
    try {
      const { referenceRejectsInvalidInput: p } = await import('./invalid.js');
      const { referenceSubject: subject } = await import('../reference/index.js');
      const r = await runProperty(p, subject, { seed: 17, runs: 3 });
      expect(r.status, r.message).toBe('fail');
      expect(r.message).toContain(expectInMessage);
    } finally {
      vi.doUnmock(module);
      vi.resetModules();
    }
  }

  it('reference.rejects-invalid-input catches a scalar path that no longer refuses a Y of the wrong width (the blind spot mutation testing found)', async () => {
    await referenceFails('../reference/scalar/forward.js', (real) => ({ prepare: (F: any, net: any, X: any, Y?: any, loss?: any) => real.prepare(F, net, X, Y && Y.map((r: number[]) => r.slice(0, net.layers?.[net.layers.length - 1]?.W?.length ?? r.length)), loss) }), 'Y one column wider');
  });

  it('reference.rejects-invalid-input catches a step that accepts lr < 0, and an initNet that accepts nonZero 0', async () => {
    await referenceFails('../reference/optimizers.js', (real) => ({ step: (o: any, p: any, g: any, s: any) => real.step(o.lr < 0 ? { ...o, lr: 0 } : o, p, g, s) }), 'lr < 0');
    await referenceFails('../reference/learning/init.js', (real) => ({ initNet: (sizes: any, a: any, o: any = {}) => real.initNet(sizes, a, o.nonZero === 0 ? { ...o, nonZero: 1 } : o) }), 'nonZero 0');
  });

  it('reference.rejects-invalid-input catches matmulAtB without its own shape check (the error then names matmulABt)', async () => {
    await referenceFails('../reference/matrix/matmul.js', (real) => ({ matmulAtB: (A: any, B: any) => real.matmul({ rows: A.cols, cols: A.rows, data: A.data }, B) }), 'matmulAtB');
  });
});
