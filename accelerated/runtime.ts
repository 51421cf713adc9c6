/**
 * The small runtime every kernel runs through: compiled pipelines (cached per kernel source),
 * storage and uniform buffers (counted, so tests can see that a call frees what it allocates),
 * dispatches recorded into one command encoder, and read-back.
 */
/// <reference types="@webgpu/types" />
import { DeviceError } from '../contract/errors.js';
import type { AcquiredDevice } from './device.js';
import type { KernelPatch } from './wgsl.js';

export class Gpu {
  readonly device: GPUDevice;
  readonly acquired: AcquiredDevice;
  private readonly patch?: KernelPatch;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  /** Buffers created and not yet destroyed (a leak shows up here). */
  liveBuffers = 0;
  /** Bytes in live buffers. */
  liveBytes = 0;
  private lost: string | undefined;

  constructor(acquired: AcquiredDevice, patch?: KernelPatch) {
    this.acquired = acquired;
    this.device = acquired.device;
    this.patch = patch;
    void this.device.lost.then((info) => {
      if (info.reason !== 'destroyed') this.lost = info.message || String(info.reason);
    });
  }

  /**
   * Runs `fn` inside a validation error scope and queues the outcome for the next read: an invalid
   * bind group or command buffer would otherwise only be logged by Dawn while the read-back returns
   * zeros, so a broken kernel could pass for a result. Push and pop are synchronous around `fn`, so
   * subjects sharing a device never see each other's errors.
   */
  scoped<T>(what: string, fn: () => T): T {
    this.device.pushErrorScope('validation');
    const out = fn();
    this.pending.push(this.device.popErrorScope().then((err) => (err ? `WebGPU error in ${what}: ${err.message.split('\n')[0]}` : undefined)));
    return out;
  }

  private checkAlive(): void {
    if (this.lost) throw new DeviceError(`the WebGPU device was lost: ${this.lost}`, { where: 'device' });
  }

  /** A compute pipeline for `source` (patched by the test hook, if any), compiled once. */
  pipeline(kernel: string, source: string, entryPoint = 'main'): GPUComputePipeline {
    const code = this.patch ? this.patch(kernel, source) : source;
    const key = `${entryPoint}\u0000${code}`;
    let p = this.pipelines.get(key);
    if (!p) {
      this.checkAlive();
      this.device.pushErrorScope('validation');
      const module = this.device.createShaderModule({ code, label: kernel });
      p = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint }, label: kernel });
      this.pending.push(
        this.device.popErrorScope().then((err) => (err ? `kernel ${kernel} does not compile: ${err.message.split('\n')[0]}` : undefined)),
      );
      this.pipelines.set(key, p);
    }
    return p;
  }

  /** Compilation checks not yet awaited; `read()` awaits them and raises the first failure. */
  private pending: Array<Promise<string | undefined>> = [];
  private compileError: string | undefined;

  private async checkCompiled(): Promise<void> {
    if (this.pending.length) {
      const errs = await Promise.all(this.pending.splice(0));
      this.compileError ??= errs.find((e) => e !== undefined);
    }
    if (this.compileError) throw new DeviceError(this.compileError, { where: 'kernel' });
  }

  /** Kernels that the test hook changed, for assertions that a planted bug really was planted. */
  patched(kernel: string, source: string): boolean {
    return this.patch !== undefined && this.patch(kernel, source) !== source;
  }

  buffer(bytes: number, usage: GPUBufferUsageFlags, label?: string): GPUBuffer {
    this.checkAlive();
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const b = this.device.createBuffer({ size, usage, label });
    this.liveBuffers++;
    this.liveBytes += size;
    return b;
  }

  /** A storage buffer holding `data` (or zeros of `length` floats). */
  storage(data: Float32Array | number, label?: string): GPUBuffer {
    const n = typeof data === 'number' ? data : data.length;
    const b = this.buffer(n * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, label);
    if (typeof data !== 'number') this.device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    return b;
  }

  /** A uniform buffer from a list of fields, each 'u32' or 'f32' (WGSL struct of 4-byte scalars). */
  uniform(fields: Array<['u32' | 'f32', number]>, label?: string): GPUBuffer {
    const b = this.buffer(fields.length * 4, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label);
    this.writeUniform(b, fields);
    return b;
  }

  writeUniform(b: GPUBuffer, fields: Array<['u32' | 'f32', number]>): void {
    const raw = new ArrayBuffer(Math.max(16, Math.ceil((fields.length * 4) / 16) * 16));
    const dv = new DataView(raw);
    fields.forEach(([t, v], i) => (t === 'u32' ? dv.setUint32(i * 4, v, true) : dv.setFloat32(i * 4, v, true)));
    this.device.queue.writeBuffer(b, 0, raw);
  }

  write(b: GPUBuffer, data: Float32Array, offsetFloats = 0): void {
    this.device.queue.writeBuffer(b, offsetFloats * 4, data.buffer, data.byteOffset, data.byteLength);
  }

  free(...bs: Array<GPUBuffer | undefined>): void {
    for (const b of bs) {
      if (!b) continue;
      this.liveBuffers--;
      this.liveBytes -= b.size;
      b.destroy();
    }
  }

  bindGroup(pipeline: GPUComputePipeline, buffers: Record<number, GPUBuffer>, group = 0): GPUBindGroup {
    return this.scoped(`a bind group of ${pipeline.label || 'a kernel'}`, () =>
      this.device.createBindGroup({
        layout: pipeline.getBindGroupLayout(group),
        entries: Object.entries(buffers).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } })),
      }),
    );
  }

  /** Reads `length` floats from `b` (at `offsetFloats`) after everything submitted so far has run. */
  async read(b: GPUBuffer, length: number, offsetFloats = 0): Promise<Float32Array> {
    this.checkAlive();
    await this.checkCompiled();
    const bytes = length * 4;
    const staging = this.buffer(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'read-back');
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(b, offsetFloats * 4, staging, 0, Math.ceil(bytes / 4) * 4);
    this.device.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (e) {
      this.free(staging);
      throw new DeviceError(`read-back failed: ${(e as Error).message}${this.lost ? ` (device lost: ${this.lost})` : ''}`, { where: 'device' });
    }
    const out = new Float32Array(staging.getMappedRange(0, Math.ceil(bytes / 4) * 4).slice(0, bytes));
    staging.unmap();
    this.free(staging);
    await this.checkCompiled(); // errors raised while the work ran (uncaptured ones arrive by now)
    return out;
  }

  /** Completes when the queue is idle (used by the benchmark after a step). */
  async idle(): Promise<void> {
    await this.checkCompiled();
    await this.device.queue.onSubmittedWorkDone();
    this.checkAlive();
  }

  /** Raises the first validation error of `fn`'s GPU calls as a DeviceError (used around compilation). */
  async validated<T>(what: string, fn: () => T): Promise<T> {
    this.device.pushErrorScope('validation');
    const out = fn();
    const err = await this.device.popErrorScope();
    if (err) throw new DeviceError(`WebGPU validation error in ${what}: ${err.message}`, { where: what });
    return out;
  }
}

/** Records dispatches into one compute pass per submit. */
export class Recorder {
  private readonly enc: GPUCommandEncoder;
  private readonly pass: GPUComputePassEncoder;
  constructor(private readonly gpu: Gpu) {
    this.enc = gpu.device.createCommandEncoder();
    this.pass = this.enc.beginComputePass();
  }
  dispatch(pipeline: GPUComputePipeline, bind: GPUBindGroup, x: number, y = 1, z = 1): void {
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bind);
    this.pass.dispatchWorkgroups(Math.max(1, x), Math.max(1, y), z);
  }
  submit(): void {
    this.gpu.scoped('a submission', () => {
      this.pass.end();
      this.gpu.device.queue.submit([this.enc.finish()]);
    });
  }
}
