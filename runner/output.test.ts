import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namedPaths, resolveInterpreter, shellWords } from './command.js';
import { jsonDepthExceeds, LineSplitter, OutputLog } from './output.js';

describe('LineSplitter: lines from bytes, with bounded memory', () => {
  it('splits across chunks, keeps a last line without newline, drops \\r before \\n', () => {
    const lines: string[] = [];
    const s = new LineSplitter(100, (l) => lines.push(l.toString()));
    for (const c of ['ab', 'c\nde', 'f\r\n\n', 'tail']) s.push(Buffer.from(c));
    s.end();
    expect(lines).toEqual(['abc', 'def', '', 'tail']);
  });

  it('keeps the first bytes of a long line and counts the rest, however it arrives', () => {
    const got: Array<[string, number]> = [];
    const s = new LineSplitter(4, (l, cut) => got.push([l.toString(), cut]));
    s.push(Buffer.from('0123'));
    s.push(Buffer.from('456789'));
    s.push(Buffer.from('\nxy\n'));
    expect(got).toEqual([
      ['0123', 6],
      ['xy', 0],
    ]);
  });

  it('binary and control bytes are data: kept, not interpreted', () => {
    const got: Buffer[] = [];
    const s = new LineSplitter(1000, (l) => got.push(l));
    const bytes = Buffer.from([0, 7, 27, 91, 50, 74, 255, 254, 10]);
    s.push(bytes);
    expect(got[0]).toEqual(bytes.subarray(0, 8));
  });
});

describe('OutputLog: a bounded record', () => {
  it('keeps at most maxLines lines and maxLineBytes of each, and counts the rest', () => {
    const log = new OutputLog({ maxLines: 2, maxLineBytes: 3, maxBytes: 1000 });
    log.add('stdout', Buffer.from('abcdef'));
    log.add('stderr', Buffer.from('x'), 10);
    log.add('stdout', Buffer.from('dropped'));
    expect(log.snapshot()).toEqual(['abc … (3 more bytes of this line not shown)', '[stderr] x … (10 more bytes of this line not shown)', '… 1 more lines (21 bytes in all cut or dropped) not shown']);
    expect(log.dropped).toEqual({ lines: 1, bytes: 3 + 10 + 8, cutLines: 2 });
  });

  it('keeps at most maxBytes in all', () => {
    const log = new OutputLog({ maxLines: 100, maxLineBytes: 100, maxBytes: 10 });
    for (let i = 0; i < 5; i++) log.add('stdout', Buffer.from('123456'));
    expect(log.snapshot().join('').length).toBeLessThan(200);
    expect(log.dropped.lines).toBe(3);
  });
});

describe('jsonDepthExceeds: nesting measured without parsing', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDepthExceeds('{"a":[[1,2],[3]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"s":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('['.repeat(100_000) + ']'.repeat(100_000), 64)).toBe(true);
  });
});

describe('command lines: words, named files, the interpreter behind a shim', () => {
  it('splits words like sh (quotes, escapes) and finds the files it names', () => {
    expect(shellWords(`python3 'hw 3.py' "a \\"b\\"" c\\ d --x=1`).map((w) => w.word)).toEqual(['python3', 'hw 3.py', 'a "b"', 'c d', '--x=1']);
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-cmd-'));
    writeFileSync(join(dir, 'hw 3.py'), '');
    expect(namedPaths(`python3 'hw 3.py' /usr/bin/env missing.py --data=x`, dir)).toEqual([join(dir, 'hw 3.py')]);
  });

  it("a shim script is resolved to the real interpreter by asking it (pyenv's python3 is a bash script)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-shim-'));
    const shim = join(dir, 'python3');
    writeFileSync(shim, '#!/bin/sh\nexec /usr/bin/python3 "$@"\n');
    chmodSync(shim, 0o755);
    const found = resolveInterpreter(shim, dir, []);
    expect(found?.executable).toMatch(/^\/usr\/bin\/python3/);
    expect(found?.prefixes).toEqual([]);
  });
});
