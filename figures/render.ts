/**
 * Vega-Lite → SVG in Node, deterministically. Figures are plotted by a well-kept library (Vega-Lite
 * compiled to Vega, rendered by Vega's own SVG renderer with `view.toSVG()`), never hand-written SVG.
 *
 * Byte-identical output is what lets a test compare the committed figures with a fresh generation, so
 * everything that could vary between machines is pinned here:
 *  - text width: Vega measures text with node-canvas when that package happens to be installed and
 *    otherwise estimates it from the character count; we always use the estimate, so the layout does
 *    not depend on the fonts of the machine;
 *  - fonts: one generic family ("sans-serif") and fixed sizes, chosen by the viewer, not by the renderer;
 *  - numbers in the data are rounded to `DATA_DIGITS` significant digits before plotting (the plotted
 *    coordinates are then the same on any IEEE-754 machine), and axis labels use explicit d3 formats;
 *  - no timestamps, no random ids: Vega's SVG renderer emits none, and the data carries no dates.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';

/** Data values are rounded to this many significant digits before they reach Vega. */
const DATA_DIGITS = 6;

/** Rounds a number for plotting (keeps 0, ±Infinity and NaN out of the data: callers filter those). */
export function r(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(DATA_DIGITS));
}

/** The shared look of every figure: fixed font family and sizes, no external resources. */
export const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelFont: 'sans-serif', titleFont: 'sans-serif', grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelFont: 'sans-serif', titleFont: 'sans-serif' },
  header: { labelFontSize: 12, titleFontSize: 12, labelFont: 'sans-serif', titleFont: 'sans-serif' },
  title: { fontSize: 14, font: 'sans-serif', anchor: 'start', subtitleFontSize: 11, subtitleFont: 'sans-serif' },
  text: { font: 'sans-serif' },
} as const;

/** A Vega-Lite spec (kept loose on purpose: the figures build them as plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

type TextMetrics = { canvas(use: boolean): void };

/** Renders a Vega-Lite spec to an SVG string with the pinned settings above. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // Force the character-count text-width estimate (see the module comment).
  const tm = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  if (!tm) throw new Error('vega no longer exports textMetrics: the figures cannot pin text widths (see figures/render.ts)');
  tm.canvas(false);
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, ...spec };
  const compiled = vl.compile(full as unknown as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.endsWith('\n') ? svg : `${svg}\n`;
  } finally {
    view.finalize();
  }
}
