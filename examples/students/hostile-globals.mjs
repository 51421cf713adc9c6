// Hostile on purpose: patches the globals a grader running in the same process would rely on.
// Its own answers do not use what it patches, so it must get full marks: the patches stay in its own
// process and the host that answers for it captured what it needs before loading it.
import fs from 'node:fs';
export * from './correct.mjs';

JSON.stringify = () => '{"id":1,"result":"patched"}';
JSON.parse = () => ({ id: -1, fn: 'activate', args: [] });
Object.defineProperty(Object.prototype, 'toJSON', { value: () => 'patched', configurable: true, writable: true });
String.prototype.indexOf = () => -1;
Promise.prototype.then = function () {
  return this;
};
Math.random = () => 4;
Math.fround = () => NaN;
Array.prototype.shift = () => undefined;
Array.prototype.join = () => 'patched';
Array.prototype.toJSON = () => 'patched';
process.exit = () => {};
process.on = () => process;
process.stdout.write = () => true;
fs.writeSync = () => 0;
