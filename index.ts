/**
 * nn-oracle's package entry: the contract (names, types, errors, protocol), the one tolerance model,
 * and the reference implementation of its functions with its learning utilities and the notes'
 * constructions.
 *
 *   import { forward, backward } from 'nn-oracle';
 */
export * from './contract/index.js';
export * from './tolerance/model.js';
export * from './reference/index.js';
/** Training, initialisation, schedules, regularisation, batch norm. */
export * from './reference/learning/index.js';
/** Threshold units, perceptrons, Boolean circuits, approximation constructions, experiments. */
export * from './reference/constructions/index.js';
/** Conventions: the named switches, profiles (notes, pytorch, keras, tfjs) as bundles of them, the expected side for any settings. */
export * from './conventions/index.js';
