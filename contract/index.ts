/** The public contract: names, types, typed errors, validation, the JSON-lines protocol. */
export * from './names.js';
export * from './types.js';
export * from './errors.js';
export * from './validate.js';
export * from './protocol.js';
