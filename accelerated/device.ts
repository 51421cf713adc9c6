/**
 * Device lifecycle: one function acquires a WebGPU adapter and device (Dawn, through the npm package
 * `webgpu`), and says precisely what is missing when it cannot:
 *   - no `webgpu` (dawn.node) binary for this platform,
 *   - no adapter at all (no Vulkan driver / ICD installed),
 *   - an adapter on a Mesa lavapipe that is too old for Dawn (Mesa < 23).
 * `release()` destroys the device and drops every reference so that node exits by itself.
 */
/// <reference types="@webgpu/types" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { DeviceError } from '../contract/errors.js';

/** What a user needs to do to get an adapter on a machine without a GPU. */
export const INSTALL_HINT = 'install Mesa >= 23 with its lavapipe Vulkan driver: sudo bash scripts/install-lavapipe.sh';

/** The oldest Mesa whose lavapipe Dawn accepts (older ones lack required Vulkan features). */
export const MIN_MESA_MAJOR = 23;

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

export interface AcquiredDevice {
  /** The Dawn instance: it must stay referenced while the device is used (if it is collected, Dawn aborts). */
  gpu: GPU;
  device: GPUDevice;
  adapter: GPUAdapter;
  info: AdapterDescription;
  /** One line naming the adapter, e.g. "mesa software — llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)". */
  label: string;
  /** Destroys the device; idempotent. */
  release(): void;
}

/** Error subcodes (in DeviceError.details.where) so callers and tests can tell the cases apart. */
export type DeviceProblem = 'no-binary' | 'no-adapter' | 'no-vulkan-driver' | 'lavapipe-too-old' | 'no-device';

function deviceError(problem: DeviceProblem, message: string, expected?: string, got?: string): DeviceError {
  return new DeviceError(message, { where: problem, expected, got });
}

/** The Vulkan ICD manifests a loader would find (standard locations only). */
function vulkanIcds(): string[] {
  // the loader uses only these when they are set
  const only = process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES;
  if (only) return only.split(':').filter(Boolean);
  const dirs = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
  const out: string[] = [];
  for (const d of dirs) {
    try {
      for (const f of readdirSync(d)) if (f.endsWith('.json')) out.push(`${d}/${f}`);
    } catch {
      /* directory absent */
    }
  }
  return out;
}

/** Mesa's version from the package database (Debian/Ubuntu) or from an adapter description. */
export function mesaMajor(description?: string): number | undefined {
  const m = /Mesa (\d+)\./.exec(description ?? '');
  if (m) return Number(m[1]);
  try {
    const v = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'mesa-vulkan-drivers'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const n = /^(?:\d+:)?(\d+)\./.exec(v);
    return n ? Number(n[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Dawn on Linux reads XDG_RUNTIME_DIR; give it a private writable one if none is set. */
function ensureRuntimeDir(): void {
  const dir = process.env.XDG_RUNTIME_DIR;
  if (dir && existsSync(dir)) return;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const fallback = `/tmp/xdg-runtime-${uid}`;
  mkdirSync(fallback, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = fallback;
}

type WebgpuModule = { create(options: string[]): GPU; globals: object };

async function loadWebgpu(): Promise<WebgpuModule> {
  try {
    return (await import('webgpu')) as unknown as WebgpuModule;
  } catch (e) {
    throw deviceError(
      'no-binary',
      `no WebGPU: the npm package "webgpu" (Dawn) has no working binary for ${process.platform}-${process.arch}: ${(e as Error).message.split('\n')[0]}`,
      'node_modules/webgpu/dist/<platform>-<arch>/dawn.node loadable',
      `${process.platform}-${process.arch}`,
    );
  }
}

export interface AcquireOptions {
  /** Dawn options passed to create(), e.g. ['backend=vulkan']. */
  dawnOptions?: string[];
  powerPreference?: GPUPowerPreference;
}

/**
 * Acquires an adapter and a device with the adapter's own limits for storage buffers and
 * workgroup storage. Throws a DeviceError whose `details.where` is a DeviceProblem.
 */
export async function acquireDevice(opts: AcquireOptions = {}): Promise<AcquiredDevice> {
  ensureRuntimeDir();
  const webgpu = await loadWebgpu();
  // tfjs-backend-webgpu and others look the WebGPU classes up on globalThis.
  Object.assign(globalThis, webgpu.globals);
  const gpu: GPU = webgpu.create(opts.dawnOptions ?? []);
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
  } catch (e) {
    adapter = null;
    void e;
  }
  if (!adapter) {
    const icds = vulkanIcds();
    const lvp = icds.some((f) => /lvp_icd/.test(f));
    const mesa = lvp ? mesaMajor() : undefined;
    if (lvp && mesa !== undefined && mesa < MIN_MESA_MAJOR) {
      throw deviceError(
        'lavapipe-too-old',
        `no WebGPU adapter: lavapipe from Mesa ${mesa} is too old for Dawn (needs Mesa >= ${MIN_MESA_MAJOR}); ${INSTALL_HINT}`,
        `Mesa >= ${MIN_MESA_MAJOR}`,
        `Mesa ${mesa}`,
      );
    }
    if (icds.length === 0) {
      throw deviceError('no-vulkan-driver', `no WebGPU adapter: no Vulkan driver (ICD) is installed; ${INSTALL_HINT}`, 'a Vulkan ICD in /usr/share/vulkan/icd.d', 'none');
    }
    throw deviceError('no-adapter', `no WebGPU adapter: Dawn found none among the Vulkan drivers ${icds.join(', ')}; ${INSTALL_HINT}`, 'a WebGPU adapter', 'none');
  }
  const info = adapter.info;
  const desc: AdapterDescription = {
    vendor: info.vendor || 'unknown vendor',
    architecture: info.architecture || 'unknown architecture',
    device: info.device || '',
    description: info.description || '',
  };
  const mesa = /llvmpipe|lavapipe/i.test(desc.description + desc.device) ? mesaMajor(desc.description) : undefined;
  if (mesa !== undefined && mesa < MIN_MESA_MAJOR) {
    throw deviceError('lavapipe-too-old', `lavapipe from Mesa ${mesa} is too old for Dawn (needs Mesa >= ${MIN_MESA_MAJOR}); ${INSTALL_HINT}`, `Mesa >= ${MIN_MESA_MAJOR}`, `Mesa ${mesa}`);
  }
  const L = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: L.maxStorageBufferBindingSize,
        maxBufferSize: L.maxBufferSize,
        maxComputeWorkgroupStorageSize: L.maxComputeWorkgroupStorageSize,
        maxComputeInvocationsPerWorkgroup: L.maxComputeInvocationsPerWorkgroup,
        maxStorageBuffersPerShaderStage: L.maxStorageBuffersPerShaderStage,
      },
    });
  } catch (e) {
    throw deviceError('no-device', `the WebGPU adapter (${desc.description}) refused a device: ${(e as Error).message}`);
  }
  let alive = true;
  const label = `${desc.vendor} ${desc.architecture} — ${desc.description || desc.device}`;
  return {
    gpu,
    device,
    adapter,
    info: desc,
    label,
    release() {
      if (!alive) return;
      alive = false;
      device.destroy();
    },
  };
}
