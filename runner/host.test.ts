import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJson, encodeJson } from '../contract/protocol.js';
import { hostPath } from './process.js';

/** The host's own encoder must write what contract/protocol.ts writes (and read what it reads). */
describe('runner/host.mjs codec', () => {
  it('agrees with contract/protocol.ts on non-finite numbers, typed arrays, nesting and strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-host-'));
    const values = [
      [1.5, 0, NaN, Infinity, -Infinity, 1e-320, 1.7976931348623157e308],
      { w: [[1, 2], [3, NaN]], b: -Infinity, s: 'a "quoted"\nline', n: null, t: true },
      'plain',
      [],
      0.1 + 0.2,
    ];
    writeFileSync(
      join(dir, 'echo.mjs'),
      `export function activate(name, z) { return ${'z'}; }\nexport function loss() { return { f64: new Float64Array([1.25, NaN]), f32: new Float32Array([0.1]) }; }\n`,
    );
    const requests = values.map((v, i) => encodeJson({ id: i + 1, fn: 'activate', args: ['x', v] })).join('\n') + '\n' + encodeJson({ id: 99, fn: 'loss', args: [] }) + '\n';
    const r = spawnSync(process.execPath, [hostPath(), join(dir, 'echo.mjs')], { input: requests, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], encoding: 'utf8' });
    const lines = String(r.output[3]).trim().split('\n');
    expect(lines).toHaveLength(values.length + 1);
    values.forEach((v, i) => {
      expect(lines[i]).toBe(encodeJson({ id: i + 1, result: v }));
      expect(decodeJson(lines[i]!)).toEqual({ id: i + 1, result: v });
    });
    expect(decodeJson(lines[values.length]!)).toEqual({ id: 99, result: { f64: [1.25, NaN], f32: [Math.fround(0.1)] } });
  });
});
