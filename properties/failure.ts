/** PropertyFailure lives with the engine (engine/failure.ts), which judges every check; re-exported for the properties. */
export { PropertyFailure, assertNoMismatch, isPropertyFailure, type FailureDetails } from '../engine/failure.js';
