import { describe, expect, it, vi } from 'vitest';
import type { Subject } from '../contract/types.js';
import { referenceSubject } from '../reference/index.js';
import { initNet } from '../reference/learning/init.js';
import { step } from '../reference/optimizers.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { initProperties, makeGlorotNormalProperty, makeGlorotUniformProperty, makeSparseProperty, makeStructureProperty, makeZeroSymmetryProperty } from './init.js';

describe('init properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(initProperties, [referenceSubject], 3)).toEqual([]);
  });

  it('glorot-uniform catches a limit without the square root and a one-sided range', async () => {
    const noSqrt: typeof initNet = (sizes, acts, o = {}) => {
      const net = initNet(sizes, acts, o);
      const f = Math.sqrt(6) / (sizes[0]! + sizes[1]!) / (Math.sqrt(6) / Math.sqrt(sizes[0]! + sizes[1]!));
      return { layers: net.layers.map((l) => ({ ...l, W: l.W.map((r) => r.map((w) => w * f)) })) };
    };
    expect((await runProperty(makeGlorotUniformProperty(noSqrt), referenceSubject, { seed: 3, runs: 30 })).status).toBe('fail');
    const oneSided: typeof initNet = (sizes, acts, o = {}) => {
      const net = initNet(sizes, acts, o);
      return { layers: net.layers.map((l) => ({ ...l, W: l.W.map((r) => r.map(Math.abs)) })) };
    };
    expect((await runProperty(makeGlorotUniformProperty(oneSided), referenceSubject, { seed: 3, runs: 30 })).status).toBe('fail');
  });

  it('glorot-normal catches the variance 1/(n_in + n_out)', async () => {
    const half: typeof initNet = (sizes, acts, o = {}) => {
      const net = initNet(sizes, acts, o);
      return { layers: net.layers.map((l) => ({ ...l, W: l.W.map((r) => r.map((w) => w / Math.SQRT2)) })) };
    };
    expect((await runProperty(makeGlorotNormalProperty(half), referenceSubject, { seed: 3, runs: 30 })).status).toBe('fail');
  });

  it('sparse catches a unit with one weight too many', async () => {
    const extra: typeof initNet = (sizes, acts, o = {}) => {
      const net = initNet(sizes, acts, o);
      return { layers: net.layers.map((l) => ({ ...l, W: l.W.map((r) => r.map((w) => (w === 0 ? 0 : w)).map((w, k) => (k === r.length - 1 && w === 0 ? 1 : w))) })) };
    };
    expect((await runProperty(makeSparseProperty(extra), referenceSubject, { seed: 3, runs: 50 })).status).toBe('fail');
  });

  it('zeros-symmetry catches a step that perturbs each unit differently', async () => {
    const perturbed: Subject = {
      ...referenceSubject,
      name: 'perturbed-step',
      fns: {
        ...referenceSubject.fns,
        step: (o, p, g, s) => {
          const r = step(o, p, g, s);
          return { ...r, params: { ...r.params, b: r.params.b.map((b) => b.map((x, j) => x * (1 + j / 64))) } };
        },
      },
    };
    expect((await runProperty(makeZeroSymmetryProperty(), perturbed, { seed: 3, runs: 30 })).status).toBe('fail');
  });

  it('sparse catches weights drawn with sd 1/∛k instead of 1/√k, and unit variance', async () => {
    for (const power of [1 / 3, 0]) {
      const wrongScale: typeof initNet = (sizes, acts, o = {}) => {
        const net = initNet(sizes, acts, o);
        if (o.scheme !== 'sparse') return net;
        return { layers: net.layers.map((l) => { const k = l.W[0]!.filter((w) => w !== 0).length; return { ...l, W: l.W.map((r) => r.map((w) => w * Math.sqrt(k) * k ** -power)) }; }) };
      };
      expect((await runProperty(makeSparseProperty(wrongScale), referenceSubject, { seed: 3, runs: 50 })).status, `power ${power}`).toBe('fail');
    }
  });

  const STRUCTURE_BUGS: Array<[string, typeof initNet]> = [
    ['a default bias of 1', (sizes, acts, o = {}) => initNet(sizes, acts, { ...o, bias: o.bias ?? 1 })],
    ['α on every layer', (sizes, acts, o = {}) => ({ layers: initNet(sizes, acts, o).layers.map((l) => (o.alpha !== undefined ? { ...l, alpha: o.alpha } : l)) })],
    ['α on leaky_relu only', (sizes, acts, o = {}) => ({ layers: initNet(sizes, acts, o).layers.map((l) => { if (l.activation !== 'elu') return l; const { alpha: _a, ...rest } = l; return rest; }) })],
    ['layer 2 limited by layer 1 sizes', (sizes, acts, o = {}) => ({ layers: initNet(sizes, acts, o).layers.map((l, i) => (i === 1 && o.scheme !== 'sparse' ? { ...l, W: l.W.map((r) => r.map((w) => w * 1.5)) } : l)) })],
    ['the default k of sparse = 10', (sizes, acts, o = {}) => initNet(sizes, acts, { ...o, nonZero: o.nonZero ?? 10 })],
    ['seed ignored', (sizes, acts, o = {}) => initNet(sizes, acts, { ...o, seed: 0 })],
  ];
  it.each(STRUCTURE_BUGS)('net-structure catches %s', async (_name, bad) => {
    expect((await runProperty(makeStructureProperty(bad), referenceSubject, { seed: 3, runs: 100 })).status).toBe('fail');
  });

  it('glorot-normal and net-structure catch glorotNormalVariance = 2/n_out (the expected variance is written in the property, not read from the reference)', async () => {
    vi.resetModules();
    vi.doMock('../reference/learning/init.js', async (importOriginal) => {
      const r = (await importOriginal()) as typeof import('../reference/learning/init.js');
      const glorotNormalVariance = (_nIn: number, nOut: number) => 2 / nOut;
      return {
        ...r,
        glorotNormalVariance,
        initNet: (sizes: number[], acts: any, o: any = {}) => {
          const net = r.initNet(sizes, acts, o);
          if (o.scheme !== 'glorot-normal') return net;
          return { layers: net.layers.map((l, i) => ({ ...l, W: l.W.map((row) => row.map((w) => w * Math.sqrt(glorotNormalVariance(sizes[i]!, sizes[i + 1]!) / r.glorotNormalVariance(sizes[i]!, sizes[i + 1]!)))) })) };
        },
      };
    });
    try {
      const fresh = await import('./init.js');
      expect((await runProperty(fresh.makeGlorotNormalProperty(), referenceSubject, { seed: 3, runs: 30 })).status).toBe('fail');
      expect((await runProperty(fresh.makeStructureProperty(), referenceSubject, { seed: 3, runs: 30 })).status).toBe('fail');
    } finally {
      vi.doUnmock('../reference/learning/init.js');
      vi.resetModules();
    }
  });
});
