/**
 * The accelerated subject's own behaviour: typed errors, no mutation, buffers freed, the on-device
 * training step equal to the contract's backward + step, the optimizer state round trip, and the
 * device errors. Numerical agreement with the reference is the differential properties' job
 * (properties/differential.test.ts). Skipped loudly without an adapter; failing in CI.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DeviceError, NnOracleError, isNnOracleError } from '../contract/errors.js';
import type { Net } from '../contract/types.js';
import { acquireDevice, createAcceleratedSubject, GpuMlp, mesaMajor, type AcceleratedSubject } from './index.js';

const required = Boolean(process.env.CI || process.env.NN_ORACLE_REQUIRE_GPU);
let s: AcceleratedSubject | undefined;
let why = '';
try {
  s = await createAcceleratedSubject();
} catch (e) {
  if (!isNnOracleError(e)) throw e;
  why = e.message;
}

describe('device errors', () => {
  it('reads the Mesa version from an adapter description (lavapipe older than 23 is refused)', () => {
    expect(mesaMajor('llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6)')).toBe(25);
    expect(mesaMajor('llvmpipe: Mesa 22.3.6 (LLVM 15.0.6)')).toBe(22);
  });
  it('a backend with no adapter gives a DeviceError naming what is missing and how to install it', async () => {
    const err = await acquireDevice({ dawnOptions: ['backend=null', 'adapter=no-such-adapter'] }).then(
      (d) => (d.release(), undefined),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeviceError);
    expect((err as DeviceError).message).toMatch(/no WebGPU adapter|refused a device/);
    expect((err as DeviceError).message).toMatch(/install-lavapipe\.sh|refused/);
  });
});

if (!s) {
  if (required) it('a WebGPU adapter is present (CI)', () => { throw new Error(why); });
  else it.skip(`accelerated subject (no WebGPU adapter: ${why}; sudo bash scripts/install-lavapipe.sh)`, () => {});
} else {
  const subject = s;
  afterAll(() => subject.dispose());
  const f = subject.fns;
  const net: Net = {
    layers: [
      { W: [[0.5, -0.25, 1], [1, 0.5, -0.5]], b: [0.1, -0.2], activation: 'tanh' },
      { W: [[1, -1], [0.5, 0.25], [-0.75, 1]], b: [0, 0.1, -0.1], activation: 'softmax' },
    ],
  };
  const X = [[1, 2, 3], [-1, 0, 0.5], [0.25, -2, 1], [0, 0, 0]];
  const Y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0]];

  describe(`accelerated subject on ${subject.description}`, () => {
    it('bad input is a typed error naming the layer, never a GPU error', async () => {
      const bad: Net = { layers: [{ ...net.layers[0]!, W: [[1, 2], [3, 4]] }, net.layers[1]!] };
      await expect(f.forward!(bad, X)).rejects.toMatchObject({ code: 'SHAPE' });
      await expect(f.forward!({ layers: [{ ...net.layers[0]!, activation: 'softmax' }, net.layers[1]!] }, X)).rejects.toMatchObject({ code: 'CONTRACT' });
      await expect(f.forward!(net, [])).rejects.toMatchObject({ code: 'EMPTY' });
      await expect(f.forward!(net, [[1, 2, 1e39]])).rejects.toThrow(/float32 range/);
      await expect(f.activateGrad!('softmax', [1, 2])).rejects.toBeInstanceOf(NnOracleError);
      await expect(f.step!({ name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, { W: [[[1]]], b: [[1]] }, { W: [[[1]]], b: [[1]] }, { name: 'sgd', t: 1, slots: {} })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('a kernel that does not compile is a DeviceError naming the kernel, not a hang or garbage', async () => {
      const broken = await createAcceleratedSubject({ device: subject.gpu.acquired, patchKernel: (k, src) => (k === 'matmul-forward' ? src.replace('let ka', 'let let ka') : src) });
      await expect(broken.fns.forward!(net, X)).rejects.toThrow(/kernel matmul-forward does not compile/);
    });

    it('an invalid bind group (a kernel that lost a binding) is a DeviceError, never zeros passed off as a result', async () => {
      const broken = await createAcceleratedSubject({ device: subject.gpu.acquired, patchKernel: (k, src) => (k.startsWith('bp1') ? src.replace('_ = Aout[0];', '') : src) });
      const sig = { layers: [{ W: [[0.5, -1], [2, 0.25]], b: [0.1, -0.2], activation: 'sigmoid' as const }] };
      await expect(broken.fns.backward!(sig, [[1, 2]], [[0.25, 0.75]], 'cce')).rejects.toThrow(/WebGPU error in a bind group of bp1/);
      // the healthy subject on the same device is not affected
      await expect(f.backward!(sig, [[1, 2]], [[0.25, 0.75]], 'cce')).resolves.toBeDefined();
    });

    it('does not mutate its arguments and frees every buffer it allocates', async () => {
      const before = JSON.stringify([net, X, Y]);
      const live = subject.gpu.liveBuffers;
      for (let i = 0; i < 20; i++) {
        await f.forward!(net, X);
        await f.backward!(net, X, Y, 'cce');
        await f.loss!('cce', [[0.5, 0.5, 0]], [[1, 0, 0]]);
        await f.activate!('elu', [-1, 0, 1]);
      }
      expect(JSON.stringify([net, X, Y])).toBe(before);
      expect(subject.gpu.liveBuffers).toBe(live);
    });

    it('the on-device training step (no read-back) equals backward then step through the contract, bit for bit', async () => {
      const opt = { name: 'momentum' as const, lr: 0.1, alpha: 0.9 };
      // contract route: backward, step, with the subject's own state, 3 times
      let params = { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
      let state: unknown = null;
      for (let t = 0; t < 3; t++) {
        const cur: Net = { layers: net.layers.map((l, i) => ({ ...l, W: params.W[i]!, b: params.b[i]! })) };
        const g = await f.backward!(cur, X, Y, 'cce');
        const r = await f.step!(opt, params, { W: g.gradW, b: g.gradB }, state);
        params = r.params;
        state = r.state;
      }
      // device route: one GpuMlp, three trainStep calls, one read at the end
      const m = new GpuMlp(subject.gpu, { sizes: [3, 2, 3], activations: ['tanh', 'softmax'], alphas: [0, 0] });
      m.setParams({ W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) });
      const p = m.setBatch(X.length, X, Y);
      for (let t = 0; t < 3; t++) m.trainStep(p, 'cce', opt);
      const onDevice = await m.readParams();
      m.dispose();
      expect(onDevice).toEqual(params);
      expect((state as { t: number }).t).toBe(3);
    });

    it('a long training run allocates nothing per step', async () => {
      const m = new GpuMlp(subject.gpu, { sizes: [3, 2, 3], activations: ['tanh', 'softmax'], alphas: [0, 0] });
      m.setParams({ W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) });
      const p = m.setBatch(X.length, X, Y);
      m.trainStep(p, 'cce', { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
      const live = subject.gpu.liveBuffers;
      for (let t = 0; t < 300; t++) m.trainStep(p, 'cce', { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
      await subject.gpu.idle();
      expect(subject.gpu.liveBuffers).toBe(live);
      m.dispose();
    });
  });

  it.skipIf(!existsSync('dist/accelerated/index.js'))('node exits by itself after dispose()', () => {
    const code = `import('./dist/accelerated/index.js').then(async (m) => { const s = await m.createAcceleratedSubject(); await s.fns.forward({ layers: [{ W: [[1]], b: [0], activation: 'relu' }] }, [[1]]); await s.dispose(); console.log('done'); });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toContain('done');
    expect(r.status).toBe(0);
  });
}
