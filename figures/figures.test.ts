/**
 * The committed figures in docs/figures/ are exactly what `nn-oracle figures` generates now (byte for
 * byte), and generation is deterministic. A change to the reference that changes a picture shows up
 * here: regenerate with `nn-oracle figures` (after `npm run build`) and look at the new pictures.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIGURES, diffFigures, generateFigures } from './index.js';
import { renderSvg } from './render.js';

const dir = new URL('../docs/figures/', import.meta.url);
/** One generation shared by the tests below (it trains a few small nets: seconds, not minutes). */
let fresh: Promise<Map<string, string>> | undefined;
const generated = () => (fresh ??= generateFigures());

describe('figures', () => {
  it('the committed SVGs equal a fresh generation, byte for byte', async () => {
    const fresh = await generated();
    expect([...fresh.keys()].sort()).toEqual(FIGURES.map((f) => f.file).sort());
    const committed = readdirSync(dir).filter((f) => f.endsWith('.svg')).sort();
    expect(committed).toEqual([...fresh.keys()].sort());
    for (const [file, svg] of fresh) {
      const old = readFileSync(new URL(file, dir), 'utf8');
      if (old !== svg) {
        let i = 0;
        while (i < old.length && old[i] === svg[i]) i++;
        throw new Error(
          `docs/figures/${file} differs from a fresh generation at byte ${i}: committed …${old.slice(i, i + 80)}… vs fresh …${svg.slice(i, i + 80)}…\n` +
            'regenerate: npm run build && node dist/cli/main.js figures',
        );
      }
    }
  });

  it('diffFigures (behind `nn-oracle figures --check`) sees a planted change, a missing and a stale file', async () => {
    const fresh = await generated();
    const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-figures-'));
    try {
      for (const [file, svg] of fresh) writeFileSync(join(dir, file), svg);
      expect(diffFigures(dir, fresh)).toEqual([]);
      const [first, second] = [...fresh.keys()];
      writeFileSync(join(dir, first!), fresh.get(first!)!.replace('</svg>', '<g/></svg>'));
      rmSync(join(dir, second!));
      writeFileSync(join(dir, 'old.svg'), '<svg/>');
      expect(diffFigures(dir, fresh)).toEqual([
        { file: first, problem: 'differs' },
        { file: second, problem: 'missing' },
        { file: 'old.svg', problem: 'stale' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every figure is a plain SVG with no external references and no script', async () => {
    for (const [file, svg] of await generated()) {
      expect(svg.startsWith('<svg'), file).toBe(true);
      expect(svg, file).not.toMatch(/<script|<image|href="http|url\(http/i);
    }
  });

  it('the renderer is deterministic and sensitive to its data (a planted change changes the bytes)', async () => {
    const spec = (y: number) => ({
      width: 100,
      height: 60,
      data: { values: [{ x: 0, y: 0 }, { x: 1, y }] },
      mark: 'line',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
    const a = await renderSvg(spec(1));
    expect(await renderSvg(spec(1))).toBe(a);
    expect(await renderSvg(spec(0.5))).not.toBe(a);
  });
});
