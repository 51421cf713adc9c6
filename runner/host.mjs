#!/usr/bin/env node
/**
 * The module host: runs ONE student module in its own process and speaks the contract's JSON-lines
 * protocol for it (requests on stdin; answers on file descriptor 3, so that whatever the student
 * prints on stdout or stderr can never be mistaken for — or break — an answer).
 *
 *   node [--experimental-permission --allow-fs-read=…] [--max-old-space-size=M] host.mjs <module.mjs>
 *
 * This file is plain JavaScript with no imports outside node:, on purpose: it runs under Node's
 * permission model with read access only to itself and the submission, and it must not depend on
 * anything the student's code could patch. Everything it needs from the global objects (JSON, Array,
 * Object, String, Promise, ...) is captured BEFORE the student's module is loaded, so a submission
 * that patches JSON.stringify, Array.prototype.map or Math only affects its own results.
 *
 * The codec mirrors contract/protocol.ts (encodeJson / decodeJson); runner/host.test.ts checks that
 * the two agree.
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// --- captured before any student code runs ----------------------------------------------------
const stringify = JSON.stringify;
const parse = JSON.parse;
const isView = ArrayBuffer.isView;
const arrayFrom = Array.from;
const isArray = Array.isArray;
const numIsNaN = Number.isNaN;
const numIsFinite = Number.isFinite;
const hasOwn = Object.prototype.hasOwnProperty;
const call = Function.prototype.call;
const bind = Function.prototype.bind;
const apply = Reflect.apply;
const uncurry = (f) => bind.call(call, f);
const strIndexOf = uncurry(String.prototype.indexOf);
const strSlice = uncurry(String.prototype.slice);
const strTrim = uncurry(String.prototype.trim);
const arrShift = uncurry(Array.prototype.shift);
const arrPush = uncurry(Array.prototype.push);
const StringCtor = String;
const ANSWER_FD = 3;
const NOT_IMPLEMENTED = 'not implemented: ';
const FUNCTIONS = ['activate', 'activateGrad', 'loss', 'forward', 'backward', 'step', 'perceptronStep'];
const stdin = process.stdin;
const stdinOn = bind.call(stdin.on, stdin);
const exit = bind.call(process.exit, process);

const objKeys = Object.keys;
const strOf = (n) => `${n}`; // ToString of a number: not patchable
const quote = (t) => stringify(t); // JSON.stringify of a primitive string never consults toJSON

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
    if (isView(v) && !(v instanceof DataView)) v = arrayFrom(v);
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
function send(answer) {
  let line;
  if ('error' in answer) line = '{"id":' + strOf(answer.id) + ',"error":' + quote(answer.error) + '}';
  else {
    try {
      line = answer.result === undefined ? null : '{"id":' + strOf(answer.id) + ',"result":' + encode(answer.result, 0) + '}';
    } catch (e) {
      line = '{"id":' + strOf(answer.id) + ',"error":' + quote(`the result could not be written as JSON: ${StringCtor(e && e.message)}`) + '}';
    }
    if (line === null) line = '{"id":' + strOf(answer.id) + ',"error":"the function returned undefined"}';
  }
  writeSync(ANSWER_FD, line + '\n');
}

// --- loading the submission (lazily, on the first request, so a crash at load is an answer) -------
const target = process.argv[2];
let fns = null;
let loadError = null;
async function load() {
  if (fns || loadError) return;
  try {
    const mod = await import(pathToFileURL(target).href);
    const table = {};
    const def = mod.default;
    for (const name of FUNCTIONS) {
      if (typeof mod[name] === 'function') table[name] = mod[name];
      else if (def !== null && (typeof def === 'object' || typeof def === 'function') && typeof def[name] === 'function') table[name] = def[name];
    }
    fns = table;
  } catch (e) {
    loadError = `the submission could not be loaded: ${StringCtor(e && e.stack ? e.stack : e)}`;
  }
}

// --- the request loop: one request at a time, in order -----------------------------------------
// No promise chaining here: resolving a promise with another promise looks up `.then` on it, which a
// submission may have patched (Promise.prototype.then). `await` on a native promise does not.
async function handle(line) {
  let req;
  try {
    req = parse(line, reviver);
  } catch (e) {
    return; // not a request (the runner only writes requests); ignore
  }
  if (req === null || typeof req !== 'object' || typeof req.id !== 'number') return;
  const id = req.id;
  await load();
  if (loadError) return send({ id, error: loadError });
  const fn = req.fn;
  if (typeof fn !== 'string' || !apply(hasOwn, fns, [fn])) return send({ id, error: NOT_IMPLEMENTED + StringCtor(fn) });
  const args = isArray(req.args) ? req.args : [];
  try {
    const result = await apply(fns[fn], fns, args);
    send({ id, result });
  } catch (e) {
    const message = e && typeof e === 'object' && 'message' in e ? StringCtor(e.message) : StringCtor(e);
    send({ id, error: message || 'error' });
  }
}

let buffer = '';
const lines = [];
let busy = false;
let ended = false;
async function pump() {
  if (busy) return;
  busy = true;
  while (lines.length > 0) await handle(arrShift(lines));
  busy = false;
  if (ended) exit(0);
}
stdinOn('data', (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = strIndexOf(buffer, '\n')) >= 0) {
    const line = strSlice(buffer, 0, nl);
    buffer = strSlice(buffer, nl + 1);
    if (strTrim(line) !== '') arrPush(lines, line);
  }
  pump();
});
stdinOn('end', () => {
  ended = true;
  if (!busy) exit(0);
});
stdin.setEncoding('utf8');
