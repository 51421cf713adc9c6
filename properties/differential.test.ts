/**
 * The differential properties against the accelerated (WebGPU) subject, on whatever adapter this
 * machine has (lavapipe's llvmpipe in CI). In CI (CI or NN_ORACLE_REQUIRE_GPU set) a missing adapter
 * FAILS these tests; on a developer machine without one they are skipped with a loud message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isNnOracleError } from '../contract/errors.js';
import { createAcceleratedSubject, type AcceleratedSubject, type KernelPatch } from '../accelerated/index.js';
import { runProperty } from './engine.js';
import { diffCaseArb, differentialActivation, differentialBackward, differentialForward, differentialLoss, differentialProperties, differentialStep } from './differential.js';
import type { Property } from './types.js';

const required = Boolean(process.env.CI || process.env.NN_ORACLE_REQUIRE_GPU);
let subject: AcceleratedSubject | undefined;
let why = '';
try {
  subject = await createAcceleratedSubject();
} catch (e) {
  if (!isNnOracleError(e)) throw e;
  why = e.message;
}

if (!subject) {
  if (required) {
    it('a WebGPU adapter is present (required: CI or NN_ORACLE_REQUIRE_GPU is set)', () => {
      throw new Error(`the differential tests must run here but cannot: ${why}`);
    });
  } else {
    const bar = '!'.repeat(100);
    console.warn(`\n${bar}\n  SKIPPING the WebGPU differential tests: ${why}\n  Install an adapter with: sudo bash scripts/install-lavapipe.sh   (CI fails instead of skipping)\n${bar}\n`);
    it.skip(`WebGPU differential tests (no adapter: ${why})`, () => {});
  }
} else {
  const s = subject;
  console.log(`WebGPU differential tests run on adapter: ${s.description}`);
  afterAll(async () => {
    await s.dispose();
  });

  describe(`differential properties on ${s.description}`, () => {
    it('names the adapter it runs on', () => {
      expect(s.description).toMatch(/\S/);
      expect(s.precision).toBe('float32');
    });

    it.each(differentialProperties.map((p) => [p.id, p] as const))('%s passes', async (_id, p: Property) => {
      const r = await runProperty(p, s, { seed: 20261123 });
      expect(r.status, `${r.message}\n${r.replay ?? ''}`).toBe('pass');
      expect(r.runs).toBe(p.defaultRuns);
    });

    it('does not apply to the float64 reference (skipped, not failed)', async () => {
      const { referenceSubject } = await import('../reference/index.js');
      const r = await runProperty(differentialForward, referenceSubject, { seed: 1, runs: 1 });
      expect(r.status).toBe('skipped');
    });
  });

  /** A subject on the same device whose kernels carry a planted bug; asserts the patch changed something. */
  async function planted(find: RegExp, replace: string, kernelPrefix: string): Promise<AcceleratedSubject> {
    let hits = 0;
    const patch: KernelPatch = (kernel, source) => {
      if (!kernel.startsWith(kernelPrefix)) return source;
      const out = source.replace(find, replace);
      if (out !== source) hits++;
      return out;
    };
    const p = await createAcceleratedSubject({ device: s.gpu.acquired, patchKernel: patch });
    return Object.assign(p, { hits: () => hits });
  }

  /** differential.forward on softmax outputs with logits near 80 (the naive softmax's e^z overflows above 88.7). */
  const softmaxOutputs: Property = { ...differentialForward, arbitrary: () => diffCaseArb({ outputs: ['softmax'], losses: ['cce'], modes: ['logits80'] }) };

  describe('planted kernel bugs are caught', () => {
    const cases: Array<[string, RegExp, string, string, Property]> = [
      ['BP2 without σ′ (δ = Wᵀδ)', /acc \* sp; \/\/ @mark:bp2-sigma-prime/g, 'acc * 1.0 + 0.0 * sp; // @mark:bp2-sigma-prime (planted)', 'matmul-bp2', differentialBackward],
      ['off-by-one tile index in the matrix product', /let ka = k0 \+ kk; \/\/ @mark:tile-index-a/, 'let ka = k0 + kk + 1u; // @mark:tile-index-a (planted)', 'matmul-forward', differentialForward],
      ['BP4 without 1/B (a sum, not the batch mean)', /acc \* d\.scale; \/\/ @mark:bp4-mean/g, 'acc * (d.scale * 0.0 + 1.0); // @mark:bp4-mean (planted)', 'matmul-bp4', differentialBackward],
      ['BP3 without 1/B', /s \* p\.scale; \/\/ @mark:bp3-mean/, 's * (p.scale * 0.0 + 1.0); // @mark:bp3-mean (planted)', 'bp3', differentialBackward],
      ['adam without bias correction of m', /m \* p\.c1/, 'm * (p.c1 * 0.0 + 1.0)', 'opt-adam', differentialStep],
      ['softmax without the max subtraction overflows at logits near 80', /exp\(Z\[o \+ i\] - m\)/g, 'exp(Z[o + i]) + 0.0 * m', 'softmax', softmaxOutputs],
    ];
    it.each(cases)('%s', async (_name, find, replace, prefix, prop) => {
      const p = (await planted(find, replace, prefix)) as AcceleratedSubject & { hits(): number };
      // small shapes only: a planted bug shows on a 1-1 net, and shrinking from a 300-wide case would take minutes
      const small: Property = prop === differentialForward || prop === differentialBackward ? { ...prop, arbitrary: () => diffCaseArb({ smallOnly: true }) } : prop;
      const r = await runProperty(small, p, { seed: 7, runs: 40 });
      expect(p.hits(), 'the patch must have changed a kernel').toBeGreaterThan(0);
      expect(r.status, r.message).toBe('fail');
      // a numeric mismatch, not a kernel that failed to compile (the planted source must be valid WGSL)
      expect(r.message).toMatch(/expected .* got .* allowed/);
      expect(r.message).not.toMatch(/does not compile/);
      expect(r.replay).toContain(`--property ${prop.id} --seed 7`);
      console.log(`planted "${_name}" caught by ${prop.id}: ${r.message?.slice(0, 240)}`);
    });
  });

  void differentialActivation;
  void differentialLoss;
}
