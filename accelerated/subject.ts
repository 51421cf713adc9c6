/**
 * The accelerated path as a Subject of the contract (float32 on WebGPU). Every contract call
 * validates its input (typed errors), uploads, runs its kernels with no read-back in between,
 * reads the results back once at the end and frees its buffers.
 */
/// <reference types="@webgpu/types" />
import { ContractError, InvalidArgumentError, brief } from '../contract/errors.js';
import type { ActivationName, LossName } from '../contract/names.js';
import type { BackwardResult, ForwardResult, Matrix, Net, Optimizer, OptimizerState, Params, StepResult, Subject, Vector } from '../contract/types.js';
import {
  checkActivationName,
  checkBatch,
  checkLossArgs,
  checkNet,
  checkOptimizer,
  checkParams,
  checkTargets,
  checkVector,
  resolveAlpha,
} from '../contract/validate.js';
import { acquireDevice, type AcquireOptions, type AcquiredDevice } from './device.js';
import { GpuMlp, fromF32, toF32 } from './network.js';
import { Gpu } from './runtime.js';
import { WG1, elementwiseWgsl, lossWgsl, softmaxRowsWgsl, type KernelPatch } from './wgsl.js';

export interface AcceleratedOptions extends AcquireOptions {
  /** Rewrites kernel sources before compilation: the tests plant bugs with it. */
  patchKernel?: KernelPatch;
  /** Use this device instead of acquiring one (it is then not released by dispose). */
  device?: AcquiredDevice;
}

export interface AcceleratedSubject extends Subject {
  readonly gpu: Gpu;
  readonly adapter: AcquiredDevice['info'];
  dispose(): Promise<void>;
}

/** Optimizer state as JSON, the same layout as the reference's: { name, t, slots: { <slot>: { W, b } } }. */
const SLOT_NAMES = { sgd: [], momentum: ['v'], adagrad: ['r'], rmsprop: ['r'], adam: ['m', 'v'] } as const;

function shapeOf(net: Net, sizes: number[]): { sizes: number[]; activations: ActivationName[]; alphas: number[] } {
  return {
    sizes,
    activations: net.layers.map((l) => l.activation),
    alphas: net.layers.map((l, i) => resolveAlpha(l.activation, l.alpha, `net.layers[${i}].alpha`, i + 1)),
  };
}

function paramsOf(net: Net): Params {
  return { W: net.layers.map((l) => l.W), b: net.layers.map((l) => l.b) };
}

export async function createAcceleratedSubject(opts: AcceleratedOptions = {}): Promise<AcceleratedSubject> {
  const acquired = opts.device ?? (await acquireDevice(opts));
  const gpu = new Gpu(acquired, opts.patchKernel);

  /** Runs `body` with a network on the device and always frees its buffers. */
  async function withNet<T>(shape: ConstructorParameters<typeof GpuMlp>[1], body: (m: GpuMlp) => Promise<T>): Promise<T> {
    const m = new GpuMlp(gpu, shape);
    try {
      return await body(m);
    } finally {
      m.dispose();
    }
  }


  async function readLayers(m: GpuMlp, bufs: GPUBuffer[], B: number): Promise<Matrix[]> {
    const out: Matrix[] = [];
    for (let i = 0; i < m.L; i++) out.push(fromF32(await gpu.read(bufs[i]!, B * m.n[i + 1]!), B, m.n[i + 1]!));
    return out;
  }

  async function elementwise(name: unknown, z: unknown, alpha: unknown, grad: boolean): Promise<Vector> {
    const act = checkActivationName(name, 'name');
    const v = checkVector(z, 'z');
    const a = resolveAlpha(act, alpha);
    if (grad && act === 'softmax') {
      throw new ContractError('activateGrad is not defined for softmax (it is not elementwise; use its Jacobian)', { where: 'name', expected: 'an elementwise activation', got: 'softmax' });
    }
    const zin = toF32([v], 'z');
    const Z = gpu.storage(zin, 'z');
    const Out = gpu.storage(v.length, 'out');
    const u = act === 'softmax' ? gpu.uniform([['u32', 1], ['u32', v.length]]) : gpu.uniform([['u32', v.length], ['f32', a]]);
    try {
      const pipeline = act === 'softmax' ? gpu.pipeline('softmax', softmaxRowsWgsl()) : gpu.pipeline(`${grad ? 'grad' : 'act'}-${act}`, elementwiseWgsl(act, grad));
      const enc = gpu.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, gpu.bindGroup(pipeline, { 0: Z, 1: Out, 2: u }));
      pass.dispatchWorkgroups(act === 'softmax' ? 1 : Math.ceil(v.length / WG1));
      pass.end();
      gpu.device.queue.submit([enc.finish()]);
      return Array.from(await gpu.read(Out, v.length));
    } finally {
      gpu.free(Z, Out, u);
    }
  }

  const fns: AcceleratedSubject['fns'] = {
    activate: (name, z, alpha) => elementwise(name, z, alpha, false),
    activateGrad: (name, z, alpha) => elementwise(name, z, alpha, true),

    async loss(name: LossName, A: Matrix, Y: Matrix): Promise<number> {
      const loss = checkLossArgs(name, A, Y);
      const [B, n] = [A.length, A[0]!.length];
      const bufA = gpu.storage(toF32(A, 'A'));
      const bufY = gpu.storage(toF32(Y, 'Y'));
      const E = gpu.storage(B + 1, 'E');
      const u = gpu.uniform([['u32', B], ['u32', n], ['f32', 1 / B]]);
      try {
        const src = lossWgsl(loss);
        const enc = gpu.device.createCommandEncoder();
        const pass = enc.beginComputePass();
        for (const [entry, groups] of [['perExample', Math.ceil(B / WG1)], ['mean', 1]] as const) {
          const p = gpu.pipeline(`loss-${loss}-${entry}`, src, entry);
          pass.setPipeline(p);
          pass.setBindGroup(0, gpu.bindGroup(p, { 0: bufA, 1: bufY, 2: E, 3: u }));
          pass.dispatchWorkgroups(groups);
        }
        pass.end();
        gpu.device.queue.submit([enc.finish()]);
        return (await gpu.read(E, 1))[0]!;
      } finally {
        gpu.free(bufA, bufY, E, u);
      }
    },

    async forward(net: Net, X: Matrix): Promise<ForwardResult> {
      const sizes = checkNet(net);
      const B = checkBatch(X, sizes[0]!);
      return withNet(shapeOf(net, sizes), async (m) => {
        m.setParams(paramsOf(net), 'net');
        const p = m.setBatch(B, X);
        m.encodeForward(p);
        m.flush();
        return { z: await readLayers(m, p.Z, B), a: await readLayers(m, p.A, B) };
      });
    },

    async backward(net: Net, X: Matrix, Y: Matrix, lossName: LossName): Promise<BackwardResult> {
      const sizes = checkNet(net);
      const B = checkBatch(X, sizes[0]!);
      const loss = checkTargets(net, Y, B, sizes[sizes.length - 1]!, lossName);
      return withNet(shapeOf(net, sizes), async (m) => {
        m.setParams(paramsOf(net), 'net');
        const p = m.setBatch(B, X, Y);
        m.encodeForward(p);
        m.encodeBackward(p, loss);
        m.flush();
        const delta = await readLayers(m, p.D, B);
        const g = await m.readGrads();
        return { delta, gradW: g.W, gradB: g.b };
      });
    },

    async step(opt: Optimizer, params: Params, grads: Params, state: OptimizerState): Promise<StepResult> {
      const o = checkOptimizer(opt);
      const p = checkParams(params, 'params');
      checkParams(grads, 'grads', p);
      const sizes = [p.W[0]![0]!.length, ...p.W.map((W) => W.length)];
      p.W.forEach((W, i) => {
        if (i > 0 && W[0]!.length !== p.W[i - 1]!.length) {
          throw new InvalidArgumentError({ where: `params.W[${i}]`, layer: i + 1, expected: `${p.W[i - 1]!.length} columns (the rows of W[${i - 1}])`, got: `${W[0]!.length} columns` });
        }
      });
      const slotNames = SLOT_NAMES[o.name] as readonly string[];
      let t = 0;
      if (state !== null && state !== undefined) {
        const s = state as { name?: unknown; t?: unknown; slots?: Record<string, unknown> };
        if (s.name !== o.name || typeof s.t !== 'number' || !Number.isInteger(s.t) || s.t < 0 || typeof s.slots !== 'object' || s.slots === null) {
          throw new InvalidArgumentError({ where: 'state', expected: `null or the state of a previous ${o.name} step ({ name: "${o.name}", t, slots })`, got: brief(state) });
        }
        for (const k of slotNames) checkParams(s.slots[k], `state.slots.${k}`, p);
        t = s.t;
      }
      return withNet({ sizes }, async (m) => {
        m.ensureSlots(o);
        m.steps = t;
        m.setParams(p);
        m.setGrads(grads);
        if (t > 0) slotNames.forEach((k, i) => m.setSlot(i, (state as { slots: Record<string, Params> }).slots[k]!, `state.slots.${k}`));
        m.encodeStep(o);
        m.flush();
        const newParams = await m.readParams();
        const slots: Record<string, Params> = {};
        for (let i = 0; i < slotNames.length; i++) slots[slotNames[i]!] = await m.readSlot(i);
        return { params: newParams, state: { name: o.name, t: m.steps, slots } };
      });
    },
  };

  return {
    name: 'accelerated',
    precision: 'float32',
    description: acquired.label,
    adapter: acquired.info,
    gpu,
    fns,
    async dispose() {
      if (!opts.device) acquired.release();
    },
  };
}
