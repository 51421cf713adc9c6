/**
 * A multilayer perceptron that lives on the device: parameters, gradients, optimizer slots and the
 * per-layer z, a and δ of a batch stay in GPU buffers between operations and between training steps.
 * Nothing is read back unless a caller asks (the contract's functions do so once, at their end).
 *
 * Indices: layer i of the arrays here is layer l = i + 1 of the notes; n[0] is the input width.
 */
/// <reference types="@webgpu/types" />
import { InvalidArgumentError } from '../contract/errors.js';
import type { ActivationName, LossName } from '../contract/names.js';
import type { Matrix, Optimizer, Params } from '../contract/types.js';
import { Gpu, Recorder } from './runtime.js';
import { TILE, WG1, bp1Wgsl, bp3Wgsl, matmulWgsl, optimizerWgsl, softmaxRowsWgsl } from './wgsl.js';

const F32_MAX = 3.4028234663852886e38;

/** Rows of a matrix into one row-major Float32Array, rejecting values float32 cannot hold. */
export function toF32(M: readonly (readonly number[])[], where: string, out?: Float32Array, offset = 0): Float32Array {
  const cols = M[0]?.length ?? 0;
  const dst = out ?? new Float32Array(M.length * cols);
  M.forEach((row, i) =>
    row.forEach((v, j) => {
      if (Math.abs(v) > F32_MAX) {
        throw new InvalidArgumentError({ where: `${where}[${i}][${j}]`, expected: 'a number within float32 range (|x| ≤ 3.4e38) for the accelerated path', got: String(v) });
      }
      dst[offset + i * cols + j] = v;
    }),
  );
  return dst;
}

export function fromF32(data: Float32Array, rows: number, cols: number, offset = 0): Matrix {
  const out: Matrix = new Array(rows);
  for (let i = 0; i < rows; i++) out[i] = Array.from(data.subarray(offset + i * cols, offset + (i + 1) * cols));
  return out;
}

export interface MlpShape {
  /** [n_0, n_1, ..., n_L] */
  sizes: number[];
  /** σ of layers 1..L (may be omitted when only optimizer steps are run). */
  activations?: ActivationName[];
  alphas?: number[];
}

/** Buffers and bind groups for one batch size. */
interface Plan {
  B: number;
  X: GPUBuffer;
  Y: GPUBuffer;
  Z: GPUBuffer[];
  A: GPUBuffer[];
  D: GPUBuffer[];
  uniforms: GPUBuffer[];
  forward?: Array<() => void>;
  backward: Map<LossName, Array<() => void>>;
}

export class GpuMlp {
  readonly gpu: Gpu;
  readonly n: number[];
  readonly L: number;
  readonly activations: ActivationName[];
  readonly alphas: number[];
  /** Offsets (in floats) of W^l and b^l in the flat params/grads buffers. */
  readonly offW: number[] = [];
  readonly offB: number[] = [];
  readonly nParams: number;
  readonly params: GPUBuffer;
  readonly grads: GPUBuffer;
  /** Optimizer slots (velocity / squares / Adam's m and v) and the steps taken, kept on the device. */
  private slots: GPUBuffer[] = [];
  private slotsFor: string | undefined;
  steps = 0;
  private optUniform: GPUBuffer | undefined;
  private optBind: { key: string; pipeline: GPUComputePipeline; bind: GPUBindGroup } | undefined;
  private readonly plans = new Map<number, Plan>();
  private rec: Recorder | undefined;

  constructor(gpu: Gpu, shape: MlpShape) {
    this.gpu = gpu;
    this.n = shape.sizes;
    this.L = this.n.length - 1;
    this.activations = shape.activations ?? new Array(this.L).fill('identity');
    this.alphas = shape.alphas ?? new Array(this.L).fill(0);
    let off = 0;
    for (let i = 0; i < this.L; i++) {
      this.offW.push(off);
      off += this.n[i + 1]! * this.n[i]!;
      this.offB.push(off);
      off += this.n[i + 1]!;
    }
    this.nParams = off;
    this.params = gpu.storage(off, 'params');
    this.grads = gpu.storage(off, 'grads');
  }

  /** Flattens { W, b } (params, grads or a slot) into the buffer layout. */
  flatten(p: Params, where: string): Float32Array {
    const out = new Float32Array(this.nParams);
    for (let i = 0; i < this.L; i++) {
      toF32(p.W[i]!, `${where}.W[${i}]`, out, this.offW[i]);
      toF32([p.b[i]!], `${where}.b[${i}]`, out, this.offB[i]);
    }
    return out;
  }

  unflatten(data: Float32Array): Params {
    const W: Matrix[] = [];
    const b: number[][] = [];
    for (let i = 0; i < this.L; i++) {
      W.push(fromF32(data, this.n[i + 1]!, this.n[i]!, this.offW[i]));
      b.push(Array.from(data.subarray(this.offB[i]!, this.offB[i]! + this.n[i + 1]!)));
    }
    return { W, b };
  }

  setParams(p: Params, where = 'params'): void {
    this.gpu.write(this.params, this.flatten(p, where));
  }
  setGrads(p: Params, where = 'grads'): void {
    this.gpu.write(this.grads, this.flatten(p, where));
  }
  async readParams(): Promise<Params> {
    return this.unflatten(await this.gpu.read(this.params, this.nParams));
  }
  async readGrads(): Promise<Params> {
    return this.unflatten(await this.gpu.read(this.grads, this.nParams));
  }

  /** The buffers of a batch of B examples (allocated once per B, reused by every later step). */
  plan(B: number): Plan {
    let p = this.plans.get(B);
    if (!p) {
      const g = this.gpu;
      p = {
        B,
        X: g.storage(B * this.n[0]!, 'X'),
        Y: g.storage(B * this.n[this.L]!, 'Y'),
        Z: this.n.slice(1).map((k, i) => g.storage(B * k, `Z${i + 1}`)),
        A: this.n.slice(1).map((k, i) => g.storage(B * k, `A${i + 1}`)),
        D: this.n.slice(1).map((k, i) => g.storage(B * k, `delta${i + 1}`)),
        uniforms: [],
        backward: new Map(),
      };
      this.plans.set(B, p);
    }
    return p;
  }

  setBatch(B: number, X: Matrix | Float32Array, Y?: Matrix | Float32Array): Plan {
    const p = this.plan(B);
    this.gpu.write(p.X, X instanceof Float32Array ? X : toF32(X, 'X'));
    if (Y) this.gpu.write(p.Y, Y instanceof Float32Array ? Y : toF32(Y, 'Y'));
    return p;
  }

  private recorder(): Recorder {
    return (this.rec ??= new Recorder(this.gpu));
  }
  /** Submits everything recorded so far as one command buffer. */
  flush(): void {
    this.rec?.submit();
    this.rec = undefined;
  }

  private matmul(
    p: Plan,
    epilogue: 'forward' | 'bp2' | 'bp4',
    activation: ActivationName,
    trans: [boolean, boolean],
    dims: { M: number; N: number; K: number; lda: number; ldb: number; ldc: number; offA?: number; offB?: number; offC?: number; offBias?: number; scale?: number; alpha?: number },
    buffers: Record<number, GPUBuffer>,
  ): () => void {
    const g = this.gpu;
    const kernel = `matmul-${epilogue}`;
    const pipeline = g.pipeline(kernel, matmulWgsl({ epilogue, activation, transA: trans[0], transB: trans[1] }));
    const u = g.uniform(
      [
        ['u32', dims.M], ['u32', dims.N], ['u32', dims.K], ['u32', dims.lda], ['u32', dims.ldb], ['u32', dims.ldc],
        ['u32', dims.offA ?? 0], ['u32', dims.offB ?? 0], ['u32', dims.offC ?? 0], ['u32', dims.offBias ?? 0],
        ['f32', dims.scale ?? 1], ['f32', dims.alpha ?? 0],
      ],
      kernel,
    );
    p.uniforms.push(u);
    const bind = g.bindGroup(pipeline, { ...buffers, 5: u });
    const gx = Math.ceil(dims.N / TILE.TN);
    const gy = Math.ceil(dims.M / TILE.TM);
    return () => this.recorder().dispatch(pipeline, bind, gx, gy);
  }

  private rowKernel(p: Plan, kernel: string, source: string, fields: Array<['u32' | 'f32', number]>, buffers: Record<number, GPUBuffer>, uniformBinding: number, count: number): () => void {
    const g = this.gpu;
    const pipeline = g.pipeline(kernel, source);
    const u = g.uniform(fields, kernel);
    p.uniforms.push(u);
    const bind = g.bindGroup(pipeline, { ...buffers, [uniformBinding]: u });
    return () => this.recorder().dispatch(pipeline, bind, Math.ceil(count / WG1));
  }

  private input(p: Plan, i: number): GPUBuffer {
    return i === 0 ? p.X : p.A[i - 1]!;
  }

  /** z^l = W^l a^{l−1} + b^l and a^l = σ(z^l) for l = 1..L, for the whole batch. */
  encodeForward(p: Plan): void {
    if (!p.forward) {
      const ops: Array<() => void> = [];
      for (let i = 0; i < this.L; i++) {
        const [K, N, B] = [this.n[i]!, this.n[i + 1]!, p.B];
        const act = this.activations[i]!;
        ops.push(
          this.matmul(p, 'forward', act, [false, true], { M: B, N, K, lda: K, ldb: K, ldc: N, offB: this.offW[i], offBias: this.offB[i], alpha: this.alphas[i] }, {
            0: this.input(p, i), 1: this.params, 2: p.Z[i]!, 3: this.params, 4: p.A[i]!,
          }),
        );
        if (act === 'softmax') {
          ops.push(this.rowKernel(p, 'softmax', softmaxRowsWgsl(), [['u32', B], ['u32', N]], { 0: p.Z[i]!, 1: p.A[i]! }, 2, B));
        }
      }
      p.forward = ops;
    }
    for (const op of p.forward) op();
  }

  /** BP1 at the output, then per layer BP3, BP4 and BP2 down to layer 1; gradients land in `grads`. */
  encodeBackward(p: Plan, loss: LossName): void {
    let ops = p.backward.get(loss);
    if (!ops) {
      ops = [];
      const B = p.B;
      const last = this.L - 1;
      const nL = this.n[this.L]!;
      ops.push(
        this.rowKernel(p, `bp1-${loss}-${this.activations[last]}`, bp1Wgsl(loss, this.activations[last]!), [['u32', B], ['u32', nL], ['f32', this.alphas[last]!]], {
          0: p.Z[last]!, 1: p.A[last]!, 2: p.Y, 3: p.D[last]!,
        }, 4, B),
      );
      for (let i = last; i >= 0; i--) {
        const [nIn, nOut] = [this.n[i]!, this.n[i + 1]!];
        // BP3: ∂C/∂b^l = mean_x δ^l_x
        ops.push(this.rowKernel(p, 'bp3', bp3Wgsl(), [['u32', B], ['u32', nOut], ['u32', this.offB[i]!], ['f32', 1 / B]], { 0: p.D[i]!, 1: this.grads }, 2, nOut));
        // BP4: ∂C/∂W^l = mean_x δ^l_x (a^{l−1}_x)ᵀ  — an n_l × n_{l−1} product over the batch
        ops.push(
          this.matmul(p, 'bp4', 'identity', [true, false], { M: nOut, N: nIn, K: B, lda: nOut, ldb: nIn, ldc: nIn, offC: this.offW[i], scale: 1 / B }, {
            0: p.D[i]!, 1: this.input(p, i), 2: this.grads,
          }),
        );
        if (i > 0) {
          // BP2: δ^{l−1} = (W^l)ᵀ δ^l ⊙ σ′(z^{l−1}); batch-major: Δ^{l−1} = (Δ^l W^l) ⊙ σ′(Z^{l−1})
          ops.push(
            this.matmul(p, 'bp2', this.activations[i - 1]!, [false, false], { M: B, N: nIn, K: nOut, lda: nOut, ldb: nIn, ldc: nIn, offB: this.offW[i], alpha: this.alphas[i - 1] }, {
              0: p.D[i]!, 1: this.params, 2: p.D[i - 1]!, 3: p.Z[i - 1]!,
            }),
          );
        }
      }
      p.backward.set(loss, ops);
    }
    for (const op of ops) op();
  }

  /** Optimizer slots on the device, created zeroed (the state before the first step) on first use. */
  ensureSlots(opt: Optimizer): void {
    if (this.slotsFor === opt.name) return;
    this.gpu.free(...this.slots);
    const count = { sgd: 0, momentum: 1, adagrad: 1, rmsprop: 1, adam: 2 }[opt.name];
    // unused slots still need distinct buffers to bind
    this.slots = [0, 1].map((k) => this.gpu.storage(k < count ? this.nParams : 4, `slot${k}`));
    this.slotsFor = opt.name;
    this.steps = 0;
    this.optBind = undefined;
  }
  slotCount(opt: Optimizer): number {
    return { sgd: 0, momentum: 1, adagrad: 1, rmsprop: 1, adam: 2 }[opt.name];
  }
  setSlot(k: number, p: Params, where: string): void {
    this.gpu.write(this.slots[k]!, this.flatten(p, where));
  }
  async readSlot(k: number): Promise<Params> {
    return this.unflatten(await this.gpu.read(this.slots[k]!, this.nParams));
  }

  /** One optimizer step over every parameter (the gradients already in `grads`). */
  encodeStep(opt: Optimizer): void {
    this.ensureSlots(opt);
    const t = this.steps + 1;
    const o = opt as unknown as Record<string, number>;
    let h = [0, 0, 0, 0];
    let c = [1, 1];
    if (opt.name === 'momentum') h = [opt.alpha, 0, 0, 0];
    if (opt.name === 'rmsprop') h = [opt.rho, 1 - opt.rho, 0, 0];
    if (opt.name === 'adam') {
      h = [opt.beta1, 1 - opt.beta1, opt.beta2, 1 - opt.beta2];
      c = [1 / (1 - opt.beta1 ** t), 1 / (1 - opt.beta2 ** t)];
    }
    const fields: Array<['u32' | 'f32', number]> = [['u32', this.nParams], ['f32', o.lr!], ...h.map((x) => ['f32', x] as ['f32', number]), ['f32', o.eps ?? 0], ['f32', c[0]!], ['f32', c[1]!]];
    const g = this.gpu;
    this.optUniform ??= g.uniform(fields, 'opt');
    g.writeUniform(this.optUniform, fields);
    if (!this.optBind || this.optBind.key !== opt.name) {
      const pipeline = g.pipeline(`opt-${opt.name}`, optimizerWgsl(opt.name));
      const bind = g.bindGroup(pipeline, { 0: this.params, 1: this.grads, 2: this.slots[0]!, 3: this.slots[1]!, 4: this.optUniform });
      this.optBind = { key: opt.name, pipeline, bind };
    }
    const groups = Math.ceil(this.nParams / WG1);
    this.recorder().dispatch(this.optBind.pipeline, this.optBind.bind, Math.min(groups, 65535), Math.ceil(groups / 65535));
    this.steps = t;
  }

  /** One training step on the device — forward, backward, optimizer — with no read-back. */
  trainStep(p: Plan, loss: LossName, opt: Optimizer): void {
    this.encodeForward(p);
    this.encodeBackward(p, loss);
    this.encodeStep(opt);
    this.flush();
  }

  /** Frees every buffer this network allocated. */
  dispose(): void {
    const g = this.gpu;
    for (const p of this.plans.values()) g.free(p.X, p.Y, ...p.Z, ...p.A, ...p.D, ...p.uniforms);
    this.plans.clear();
    g.free(this.params, this.grads, ...this.slots, this.optUniform);
    this.slots = [];
    this.optUniform = undefined;
  }
}
