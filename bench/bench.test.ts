import { describe, expect, it } from 'vitest';
import { forward, loss } from '../reference/index.js';
import { median, runBench } from './harness.js';
import { BENCH_SUBJECTS, DEFAULT_BENCH_SUBJECTS, findBenchSubject } from './subjects.js';
import { referenceBench } from './subjects/reference.js';
import { tfjsCpuBench } from './subjects/tfjs-cpu.js';
import { DEFAULT_WORKLOADS, WORKLOADS, type Workload, findWorkload, flopsPerStep, makeData, parameterCount } from './workloads.js';

/** A tiny workload so these tests check the machinery, not the speed (speed is the bench's job). */
const TINY: Workload = {
  id: 'tiny',
  kind: 'train-step',
  description: 'tiny',
  sizes: [5, 4, 3],
  activations: ['tanh', 'softmax'],
  loss: 'cce',
  batch: 6,
  lr: 0.5,
};

describe('workloads', () => {
  it('counts FLOPs as documented: 2 per multiply-add of forward, BP4 and BP2 (+2 per parameter for sgd)', () => {
    const w = findWorkload('fwd-bwd-b256')!;
    const fwd = 2 * 256 * (784 * 256 + 256 * 128 + 128 * 10);
    const bp2 = 2 * 256 * (256 * 128 + 128 * 10);
    expect(flopsPerStep(w)).toBe(2 * fwd + bp2);
    expect(flopsPerStep(w)).toBe(257_818_624);
    expect(parameterCount(w)).toBe(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
    expect(flopsPerStep(findWorkload('train-step-b256')!)).toBe(flopsPerStep(w) + 2 * parameterCount(w));
  });

  it('has unique ids, and the defaults exist', () => {
    expect(new Set(WORKLOADS.map((w) => w.id)).size).toBe(WORKLOADS.length);
    for (const id of DEFAULT_WORKLOADS) expect(findWorkload(id)).toBeDefined();
    for (const name of DEFAULT_BENCH_SUBJECTS) expect(findBenchSubject(name)).toBeDefined();
    expect(new Set(BENCH_SUBJECTS.map((s) => s.name)).size).toBe(BENCH_SUBJECTS.length);
  });

  it('makes the same data from the same seed, with one-hot targets', () => {
    const a = makeData(TINY, 3);
    const b = makeData(TINY, 3);
    expect(a).toEqual(b);
    expect(makeData(TINY, 4).X).not.toEqual(a.X);
    for (const y of a.Y) expect(y.filter((v) => v === 1).length).toBe(1);
  });
});

describe('harness', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('times a subject, reports GFLOP/s from the median, and lists a failing subject as skipped', async () => {
    const broken = { ...referenceBench, name: 'broken', prepare: async () => Promise.reject(new Error('no device here')) };
    const lines: string[] = [];
    const r = await runBench({ workloads: [TINY], subjects: [referenceBench, broken], steps: 3, warmup: 1, seed: 1, progress: (l) => lines.push(l) });
    expect(r.results).toHaveLength(1);
    const res = r.results[0]!;
    expect(res).toMatchObject({ workload: 'tiny', subject: 'reference', precision: 'float64', steps: 3, warmup: 1 });
    expect(res.msPerStep).toBeGreaterThan(0);
    // the harness evaluates this same expression on the same median: equal to the last bit
    expect(res.gflops).toBe(flopsPerStep(TINY) / (res.msPerStep * 1e6));
    expect(r.skipped).toEqual([{ workload: 'tiny', subject: 'broken', reason: 'no device here', failed: true }]);
    expect(lines.some((l) => l.includes('step 3/3'))).toBe(true);
  });
});

// the same machinery checks for every CPU subject (tfjs-cpu runs the same MLP in float32 through tfjsMlp)
describe.each([referenceBench, tfjsCpuBench])('$name bench subject', (subject) => {
  const stored = subject.precision === 'float32' ? Math.fround : (x: number) => x;

  it('train-step applies sgd: the loss goes down, and the JSON net given to prepare is not touched', async () => {
    const data = makeData(TINY, 2);
    const netCopy = structuredClone(data.net);
    const lossOf = (net: typeof data.net) => loss('cce', forward(net, data.X).a.at(-1)!, data.Y);
    const prepared = await subject.prepare(TINY, data);
    try {
      for (let i = 0; i < 20; i++) await prepared.step();
      const p = await prepared.params!();
      const trained = { layers: data.net.layers.map((l, i) => ({ ...l, W: p.W[i]!, b: p.b[i]! })) };
      expect(lossOf(trained)).toBeLessThan(lossOf(data.net));
      expect(data.net).toEqual(netCopy);
    } finally {
      await prepared.dispose?.();
    }
  });

  it('fwd-bwd leaves the parameters as they were (as stored in the subject\'s precision)', async () => {
    const w: Workload = { ...TINY, kind: 'fwd-bwd' };
    const data = makeData(w, 2);
    const prepared = await subject.prepare(w, data);
    try {
      await prepared.step();
      expect(await prepared.params!()).toEqual({ W: data.net.layers.map((l) => l.W.map((r) => r.map(stored))), b: data.net.layers.map((l) => l.b.map(stored)) });
    } finally {
      await prepared.dispose?.();
    }
  });
});
