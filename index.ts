/**
 * nn-oracle's package entry: the contract (names, types, errors, protocol, tolerances) and the
 * reference implementation of its functions.
 *
 *   import { forward, backward } from 'nn-oracle';
 */
export * from './contract/index.js';
export * from './reference/index.js';
/** Training, initialisation, schedules, perceptrons, batch norm and the notes' constructions. */
export * from './reference/learning.js';
/** Convention profiles (notes, pytorch, keras, tfjs): where well-known libraries legitimately differ. */
export * from './reference/profiles.js';
