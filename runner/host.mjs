#!/usr/bin/env node
/**
 * The module host: runs ONE student module in its own (sandboxed) process and speaks the contract's
 * JSON-lines protocol for it (requests on stdin; answers on file descriptor 3, so that whatever the
 * student prints on stdout or stderr can never be mistaken for — or break — an answer).
 *
 *   node [--experimental-permission --allow-fs-read=…] [--max-old-space-size=M] host.mjs <module.mjs>
 *
 * This file is plain JavaScript with no imports outside node:, on purpose: it runs with read access
 * only to itself and the submission, and it must not depend on anything the student's code could patch.
 * Everything it needs from the global objects (JSON, Array, Object, String, Reflect, RegExp, fs, ...) is
 * captured BEFORE the student's module is loaded, every object it reads is checked for OWN properties
 * (a request, the module's exports) and every object it builds has no prototype, so a submission that
 * patches JSON.stringify, Array.prototype, Object.prototype.error / .result / .load / .toJSON, Symbol,
 * Math or process only affects its own results.
 *
 * When the module cannot be loaded (a syntax error, a failed import, a throw at the top level), every
 * request is answered with the protocol's load answer: {"id", "error", "load": {message, location
 * "file:line:col", frame}} (contract/protocol.ts).
 *
 * The codec mirrors contract/protocol.ts (encodeJson / decodeJson); runner/host.test.ts checks that
 * the two agree.
 */
import { readFileSync as readFileSyncLive, readSync as readSyncLive, writeSync as writeSyncLive } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { types } from 'node:util';

// --- captured before any student code runs ----------------------------------------------------
// (a module's named exports of node:fs follow fs.* after module.syncBuiltinESMExports(): copy them now)
const writeSync = writeSyncLive;
const readFileSync = readFileSyncLive;
const stringify = JSON.stringify;
const parse = JSON.parse;
const isView = ArrayBuffer.isView;
const arrayFrom = Array.from;
const isArray = Array.isArray;
const numIsNaN = Number.isNaN;
const numIsFinite = Number.isFinite;
const create = Object.create;
const objKeys = Object.keys;
const hasOwnFn = Object.prototype.hasOwnProperty;
const call = Function.prototype.call;
const bind = Function.prototype.bind;
const apply = Reflect.apply;
const getOwnDescriptor = Reflect.getOwnPropertyDescriptor;
const uncurry = (f) => bind.call(call, f);
const strIndexOf = uncurry(String.prototype.indexOf);
const strLastIndexOf = uncurry(String.prototype.lastIndexOf);
const strSlice = uncurry(String.prototype.slice);
const strTrim = uncurry(String.prototype.trim);
const strStartsWith = uncurry(String.prototype.startsWith);
const reExec = uncurry(RegExp.prototype.exec);
const arrShift = uncurry(Array.prototype.shift);
const StringCtor = String;
const DataViewCtor = DataView;
const decodeURI = decodeURIComponent;
const isPromise = types.isPromise;
const ANSWER_FD = 3;
const NOT_IMPLEMENTED = 'not implemented: ';
const FUNCTIONS = ['activate', 'activateGrad', 'loss', 'forward', 'backward', 'step', 'perceptronStep'];
const NFUNCTIONS = FUNCTIONS.length;
// process.exit runs 'exit' listeners and looks process.reallyExit up when called: the binding itself is kept
const exit = bind.call(process.reallyExit, process);
const readSync = readSyncLive;
const Uint8ArrayCtor = Uint8Array;
const Int32ArrayCtor = Int32Array;
const SharedArrayBufferCtor = SharedArrayBuffer;
const atomicsWait = Atomics.wait;
const TextDecoderCtor = TextDecoder;
const decode = uncurry(TextDecoder.prototype.decode);
const target = process.argv[2];

const hasOwn = (o, k) => apply(hasOwnFn, o, [k]);
/** An own data property's value (no getter of the prototype chain, no getter at all), or undefined. */
function own(o, k) {
  const d = getOwnDescriptor(o, k);
  return d !== undefined && hasOwn(d, 'value') ? d.value : undefined;
}
const strOf = (n) => `${n}`; // ToString of a number: not patchable
const quote = (t) => stringify(t); // JSON.stringify of a primitive string never consults toJSON
/** String(x) that cannot throw (a thrown object with a throwing toString, a Symbol). */
function safeString(x) {
  try {
    return typeof x === 'symbol' ? 'a Symbol' : StringCtor(x);
  } catch {
    return 'an exception that cannot be shown as text';
  }
}

/**
 * The answer's encoder, written out rather than JSON.stringify(value, replacer): a submission may set
 * Object.prototype.toJSON or Array.prototype.toJSON, which JSON.stringify would call on every value.
 * NaN and ±Infinity travel as strings; typed arrays (Float64Array, Float32Array) as plain arrays.
 */
function encode(v, depth) {
  if (depth > 64) throw new RangeError('the result is nested too deeply (or is cyclic)');
  if (v === null || v === undefined) return 'null';
  const t = typeof v;
  if (t === 'number') return numIsFinite(v) ? strOf(v) : numIsNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
  if (t === 'boolean') return v ? 'true' : 'false';
  if (t === 'string') return quote(v);
  if (t === 'bigint') return strOf(v);
  if (t === 'object') {
    if (isView(v) && !(v instanceof DataViewCtor)) v = arrayFrom(v);
    let out = '';
    if (isArray(v)) {
      out = '[';
      for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + encode(v[i], depth + 1);
      return out + ']';
    }
    const keys = objKeys(v);
    out = '{';
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const val = v[keys[i]];
      if (val === undefined || typeof val === 'function') continue;
      out += (first ? '' : ',') + quote(keys[i]) + ':' + encode(val, depth + 1);
      first = false;
    }
    return out + '}';
  }
  throw new TypeError(`a ${t} cannot be written as JSON`);
}
function reviver(_key, v) {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}

/**
 * Node 20's synchronous fs calls pass a plain object to the binding and then read its `errno` and
 * `error`: a getter a submission put on Object.prototype under those names would break every write
 * (and every read) of this host. Those two are set aside (when they can be) for the duration of the call.
 */
const ObjectPrototype = Object.prototype;
const defineProperty = Reflect.defineProperty;
const deleteProperty = Reflect.deleteProperty;
function withPlainObjects(f, a, b) {
  const saved = [];
  for (let i = 0; i < 2; i++) {
    const k = i === 0 ? 'errno' : 'error';
    const d = getOwnDescriptor(ObjectPrototype, k);
    if (d !== undefined && own(d, 'configurable') === true && deleteProperty(ObjectPrototype, k)) saved[saved.length] = [k, d];
  }
  try {
    return f(a, b);
  } finally {
    for (let i = 0; i < saved.length; i++) defineProperty(ObjectPrototype, saved[i][0], saved[i][1]);
  }
}

// --- answers: three kinds, three writers (no `'error' in answer`, which reads the prototype chain) --
function writeLine(line) {
  withPlainObjects(writeSync, ANSWER_FD, line + '\n');
}
function sendError(id, message) {
  writeLine('{"id":' + strOf(id) + ',"error":' + quote(message) + '}');
}
function sendResult(id, result) {
  let line;
  try {
    line = result === undefined ? null : '{"id":' + strOf(id) + ',"result":' + encode(result, 0) + '}';
  } catch (e) {
    return sendError(id, `the result could not be written as JSON: ${safeString(e && typeof e === 'object' ? own(e, 'message') : e)}`);
  }
  if (line === null) return sendError(id, 'the function returned undefined');
  writeLine(line);
}
function sendLoad(id, load) {
  let body = '"message":' + quote(load.message);
  if (load.location !== undefined) body += ',"location":' + quote(load.location);
  if (load.frame !== undefined) body += ',"frame":' + quote(load.frame);
  writeLine('{"id":' + strOf(id) + ',"error":' + quote(load.message) + ',"load":{' + body + '}}');
}

// --- where a load failure happened, read from the error with captured primitives only -------------
const folder = strSlice(target, 0, strLastIndexOf(target, '/') + 1);
const FRAME = /\(?(file:\/\/[^\s)]+?):(\d+):(\d+)\)?/;
const IMPORTED_FROM = / imported from (\S+)/;

function lineOf(file, n) {
  try {
    const text = withPlainObjects(readFileSync, file, 'utf8');
    let at = 0;
    for (let i = 1; i < n; i++) {
      at = strIndexOf(text, '\n', at) + 1;
      if (at === 0) return undefined;
    }
    const end = strIndexOf(text, '\n', at);
    const line = strSlice(text, at, end < 0 ? text.length : end);
    return line.length > 200 ? strSlice(line, 0, 200) : line;
  } catch {
    return undefined;
  }
}
const shown = (path) => (strStartsWith(path, folder) ? strSlice(path, folder.length) : path);
const fromUrl = (url) => {
  try {
    return decodeURI(strSlice(url, 7));
  } catch {
    return strSlice(url, 7);
  }
};

function describeLoadFailure(e) {
  const isObj = e !== null && (typeof e === 'object' || typeof e === 'function');
  let name = '';
  if (isObj) {
    try {
      name = safeString(own(e, 'name') ?? e.name); // an Error's name lives on its prototype
    } catch {
      name = '';
    }
  }
  const msg = isObj ? safeString(own(e, 'message') ?? '') : safeString(e);
  const stack = isObj ? own(e, 'stack') : undefined;
  let message = name && name !== 'undefined' ? `${name}: ${msg}` : msg;
  const nl = strIndexOf(message, '\n');
  if (nl >= 0) message = strSlice(message, 0, nl);
  const load = create(null);
  load.message = message || 'the submission could not be loaded';
  if (typeof stack === 'string') {
    // the first frame inside the submission's folder (a throw at the top level, in a sibling it imports)
    let rest = stack;
    for (let guard = 0; guard < 50; guard++) {
      const m = reExec(FRAME, rest);
      if (m === null) break;
      const path = fromUrl(m[1]);
      if (strStartsWith(path, folder)) {
        load.location = `${shown(path)}:${m[2]}:${m[3]}`;
        const frame = lineOf(path, +m[2]);
        if (frame !== undefined) load.frame = frame;
        break;
      }
      rest = strSlice(rest, m.index + m[0].length);
    }
  }
  if (load.location === undefined) {
    const m = reExec(IMPORTED_FROM, msg);
    if (m !== null) load.location = shown(strStartsWith(m[1], 'file://') ? fromUrl(m[1]) : m[1]);
  }
  return load;
}

// --- loading the submission (lazily, on the first request, so a crash at load is an answer) -------
let fns = null;
/** The receiver of each function: undefined for a named export, the default export's object for its methods. */
let receivers = null;
let loadFailure = null;
async function load() {
  if (fns !== null || loadFailure !== null) return;
  try {
    const mod = await import(pathToFileURL(target).href);
    const table = create(null);
    const self = create(null);
    const def = own(mod, 'default');
    for (let i = 0; i < NFUNCTIONS; i++) {
      const name = FUNCTIONS[i];
      const f = own(mod, name);
      if (typeof f === 'function') table[name] = f;
      else if (def !== null && (typeof def === 'object' || typeof def === 'function')) {
        let g;
        try {
          g = def[name]; // a default export is the student's object; its getters are its own business
        } catch {
          g = undefined;
        }
        if (typeof g === 'function') {
          table[name] = g;
          self[name] = def;
        }
      }
    }
    fns = table;
    receivers = self;
  } catch (e) {
    loadFailure = describeLoadFailure(e);
  }
}

// --- the request loop: one request at a time, in order -----------------------------------------
// No promise chaining here: resolving a promise with another promise looks up `.then` on it, which a
// submission may have patched (Promise.prototype.then). `await` on a native promise does not.
async function handle(line) {
  let req;
  try {
    req = parse(line, reviver);
  } catch {
    return; // not a request (the runner only writes requests); ignore
  }
  if (req === null || typeof req !== 'object' || isArray(req)) return;
  const id = own(req, 'id');
  if (typeof id !== 'number') return;
  await load();
  if (loadFailure !== null) return sendLoad(id, loadFailure);
  const fn = own(req, 'fn');
  if (typeof fn !== 'string' || !hasOwn(fns, fn)) return sendError(id, NOT_IMPLEMENTED + safeString(fn));
  const a = own(req, 'args');
  const args = isArray(a) ? a : [];
  try {
    // only a native promise is awaited: awaiting any other object would call its `then`, which
    // Object.prototype.then would give to every plain result
    const r = apply(fns[fn], receivers[fn], args);
    const result = isPromise(r) ? await r : r;
    sendResult(id, result);
  } catch (e) {
    let message;
    if (e !== null && typeof e === 'object') {
      try {
        message = 'message' in e ? safeString(e.message) : safeString(e);
      } catch {
        message = 'an exception that cannot be shown as text';
      }
    } else message = safeString(e);
    sendError(id, message || 'error');
  }
}

// Requests are read with a blocking fs.readSync on file descriptor 0 whenever no request is waiting,
// not through process.stdin: Node's stream machinery is JavaScript that a submission's patches
// (Function.prototype.apply, getters on Object.prototype) can break, after which no request would
// arrive. (An fs.read in libuv's thread pool would keep a submission's process.exit from exiting.)
let buffer = '';
const lines = [];
const chunk = new Uint8ArrayCtor(65536);
const decoder = new TextDecoderCtor('utf-8');
const streaming = create(null);
streaming.stream = true;
const nap = new Int32ArrayCtor(new SharedArrayBufferCtor(4));

/** Reads what is there (waiting for it); false at the end of the input. */
function readChunk() {
  for (;;) {
    let n;
    try {
      n = withPlainObjects(readSync, 0, chunk);
    } catch (e) {
      // a non-blocking pipe with nothing in it yet: wait a little; anything else ends the input
      if (e !== null && typeof e === 'object' && own(e, 'code') === 'EAGAIN') {
        atomicsWait(nap, 0, 0, 5);
        continue;
      }
      return false;
    }
    if (n === 0) return false;
    buffer += decode(decoder, new Uint8ArrayCtor(chunk.buffer, 0, n), streaming);
    let nl;
    while ((nl = strIndexOf(buffer, '\n')) >= 0) {
      const line = strSlice(buffer, 0, nl);
      buffer = strSlice(buffer, nl + 1);
      if (strTrim(line) !== '') lines[lines.length] = line;
    }
    return true;
  }
}

async function serve() {
  for (;;) {
    if (lines.length === 0) {
      if (!readChunk()) break;
      continue;
    }
    await handle(arrShift(lines));
  }
  exit(0);
}
serve();
