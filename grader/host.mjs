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
 * The codec mirrors contract/protocol.ts (encodeJson / decodeJson); grader/host.test.ts checks that
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
const then = uncurry(Promise.prototype.then);
const StringCtor = String;
const ANSWER_FD = 3;
const NOT_IMPLEMENTED = 'not implemented: ';
const FUNCTIONS = ['activate', 'activateGrad', 'loss', 'forward', 'backward', 'step', 'perceptronStep'];
const stdin = process.stdin;
const stdinOn = bind.call(stdin.on, stdin);
const exit = bind.call(process.exit, process);

/** NaN and ±Infinity travel as strings; typed arrays (Float64Array, Float32Array) as plain arrays. */
function replacer(_key, v) {
  if (typeof v === 'number' && !numIsFinite(v)) return numIsNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (v !== null && typeof v === 'object' && isView(v) && !(v instanceof DataView)) return arrayFrom(v);
  return v;
}
function reviver(_key, v) {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}
function send(answer) {
  let line;
  try {
    line = stringify(answer, replacer);
  } catch (e) {
    line = stringify({ id: answer.id, error: `the result could not be written as JSON: ${StringCtor(e && e.message)}` });
  }
  if (line === undefined) line = stringify({ id: answer.id, error: 'the function returned undefined' });
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
let buffer = '';
let queue = Promise.resolve();
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
stdinOn('data', (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = strIndexOf(buffer, '\n')) >= 0) {
    const line = strSlice(buffer, 0, nl);
    buffer = strSlice(buffer, nl + 1);
    if (strTrim(line) === '') continue;
    queue = then(queue, () => handle(line));
  }
});
stdinOn('end', () => {
  then(queue, () => exit(0));
});
stdin.setEncoding('utf8');
