// Hostile on purpose: answers like correct.mjs, but patches what a host could read answers and
// requests with: Object.prototype gets error / result / load / id / fn / args / then (every plain
// object would look like an error answer, a thenable, a request — and Node's own fs reads `error` from
// plain objects), and Array, Function.prototype.call/apply/bind, Reflect, Object.keys/create, JSON,
// String.prototype, RegExp, Symbol and process are replaced: everything its own answers (correct.mjs)
// do not use. The host reads only own properties with functions it captured first: 31/31.
export * from './correct.mjs';

for (const key of ['error', 'result', 'load', 'id', 'fn', 'args', 'message', 'location']) {
  Object.defineProperty(Object.prototype, key, { get: () => 'patched ' + key, configurable: true });
}
Object.defineProperty(Object.prototype, 'then', { value: (resolve) => resolve('patched then'), configurable: true, writable: true });
Array.prototype.shift = () => undefined;
Array.isArray = () => false;
Function.prototype.call = () => 'patched call';
Function.prototype.apply = () => 'patched apply';
Function.prototype.bind = () => () => 'patched bind';
Reflect.apply = () => 'patched Reflect.apply';
Reflect.getOwnPropertyDescriptor = () => undefined;
Object.keys = () => ['patched'];
Object.create = () => ({});
JSON.parse = () => ({ id: 1, fn: 'activate', args: [] });
JSON.stringify = () => '"patched"';
String.prototype.slice = () => 'patched';
String.prototype.indexOf = () => -1;
String.prototype.startsWith = () => true;
RegExp.prototype.exec = () => null;
Symbol.for = () => Symbol('patched');
process.exit = () => {};
process.argv = ['patched'];
