/**
 * The float64 matrix reference for power users: Float64Array matrices, the matmul family, and the
 * MLP forward/backward with BP1–BP4 as separate functions. No input validation at this level: the
 * contract functions in reference/index.ts validate plain JSON input and then call these.
 */
export * from './mat.js';
export * from './matmul.js';
export * from './mlp.js';
