/** The accelerated (WebGPU, float32) path: device lifecycle, the on-device network, the subject. */
export { acquireDevice, mesaMajor, INSTALL_HINT, MIN_MESA_MAJOR, type AcquiredDevice, type AdapterDescription, type DeviceProblem } from './device.js';
export { GpuMlp, type MlpShape } from './network.js';
export { Gpu } from './runtime.js';
export { createAcceleratedSubject, type AcceleratedOptions, type AcceleratedSubject } from './subject.js';
export { TILE, WG1, type KernelPatch } from './wgsl.js';
