/**
 * The scalar reference: forward and backward unit by unit (the notes' "hidden units" derivation),
 * generic over the number field (float64 or Decimal), independent of the matrix reference.
 */
export * from './convert.js';
export * from './forward.js';
export * from './backward.js';
export * from './loss.js';
export * from './subject.js';
export * from './running-error.js';
