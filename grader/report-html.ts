/**
 * The grading report as one self-contained HTML page (`nn-oracle grade --format html --out report.html`):
 * a student opens it in any browser, offline. It holds the score, a table of checks with ✓/✗, and for
 * each check that did not pass its message, the diagnosis in plain words, the shrunk counterexample,
 * the command that replays it, and — for gradient checks — a small heatmap of which entries of which
 * layer are wrong (inline SVG: red cells differ from the reference by more than the allowed error).
 *
 * Self-contained means: no scripts, no external stylesheets, fonts or images; every byte is in the file.
 * Everything taken from the report is bounded (grader/report-safe.ts: deep, cyclic or huge values and
 * output are cut with a count), its control characters are shown as escapes (\x1b, \n: no text can
 * pose as a row of its own) and it is HTML-escaped (a submission's message could hold markup). The page
 * leads with what failed: the failures' explanations come first, then the table of every check with the
 * failing ones at its top. Each part is rendered on its own, so a part that fails says so and the rest
 * of the page is still written.
 */
import { UNIT_ROUNDOFF } from '../tolerance/model.js';
import type { Precision } from '../contract/types.js';
import { boundOutput, boundValue, cut, escapeControls, guarded, REPORT_LIMITS } from './report-safe.js';

export type HtmlCheckStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'missing';

/** One check of the report (the JSON report's shape). */
export interface HtmlReportCheck {
  id: string;
  /** What the check verifies, in the notes' words (e.g. "BP2: δ^l = …"). */
  title?: string;
  status: HtmlCheckStatus | string;
  points: number;
  maxPoints: number;
  message: string;
  counterexample?: unknown;
  diagnosis?: unknown;
  /** The answers are right under another convention switch (name, value, in words). */
  convention?: { name: string; value: string; text: string };
  /** The command that replays this check (shown when present). */
  replay?: string;
}

/** The JSON report: `{ score, maxScore, seed, checks }`, plus optional context shown in the header. */
export interface HtmlReportInput {
  score: number;
  maxScore: number;
  seed: number | string;
  checks: readonly HtmlReportCheck[];
  submission?: string;
  precision?: Precision | string;
  profile?: string;
  /** A replay command for the whole run. */
  replay?: string;
  /** Which activations, losses and optimizers were in scope, in words. */
  scopeText?: string;
  /** What the submission printed that was not an answer. */
  output?: readonly string[];
  /** The isolation layer the submission ran in, in words. */
  isolation?: string;
  /** The conventions the answers were judged by. */
  conventions?: Record<string, string>;
  /** The submission did not load (every check is then "not graded"). */
  loadError?: { message: string; location?: string; frame?: string };
  [extra: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------
// HTML helpers

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML element content and attribute values; control characters become visible escapes. */
export function esc(x: unknown): string {
  let s: string;
  try {
    s = String(x);
  } catch {
    s = '(unprintable)';
  }
  return escapeControls(s).replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** Multi-line text for a <pre>: each line escaped, the newlines between them kept. */
const escLines = (text: string): string => text.split('\n').map(esc).join('\n');

/** Numbers as JSON would write them, but non-finite ones as the protocol's strings. */
function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

/** One-line JSON with NaN/±Infinity written as the protocol writes them (JSON.stringify would print null). */
function oneLine(value: unknown): string {
  if (typeof value === 'number') return num(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** Pretty JSON: anything that fits on a line stays on one line, the rest is indented. */
function prettyJson(value: unknown, indent = ''): string {
  const flat = oneLine(value);
  if (flat.length + indent.length <= 88 || !value || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + prettyJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

function statusMark(status: string): { mark: string; cls: string } {
  switch (status) {
    case 'pass':
      return { mark: '✓', cls: 'pass' };
    case 'missing':
      return { mark: '–', cls: 'missing' };
    case 'timeout':
      return { mark: '✗', cls: 'timeout' };
    case 'error':
      return { mark: '✗', cls: 'error' };
    default:
      return { mark: '✗', cls: 'fail' };
  }
}

/**
 * The diagnosis: the grader sends `{ id, title, fix }` (an entry of the catalogue of mistakes,
 * mistakes/: the mistake in plain words and what to change); a plain string or
 * `{ name, explanation }` is shown as well.
 */
function diagnosisParts(d: unknown): { mistake: string; fix?: string } | null {
  if (d === undefined || d === null || d === '') return null;
  if (typeof d === 'string') return { mistake: d };
  if (typeof d === 'object') {
    const o = d as Record<string, unknown>;
    const str = (...keys: string[]) => keys.map((k) => o[k]).find((v): v is string => typeof v === 'string' && v !== '');
    const mistake = str('title', 'explanation', 'message', 'text', 'description', 'name', 'id');
    const fix = str('fix', 'hint');
    if (mistake) return { mistake, fix };
    return { mistake: prettyJson(d) };
  }
  return { mistake: String(d) };
}

// ---------------------------------------------------------------------------------------------------
// Which entries of which layer are wrong

/** One matrix (or vector, as one row) of a gradient, compared entry by entry. */
export interface LayerDiff {
  /** e.g. "gradW, layer 2" (layers numbered 1..L as in the notes). */
  label: string;
  rows: number;
  cols: number;
  /** expected, got and whether the entry is outside the allowed error, row-major. */
  cells: { expected: number; got: number; wrong: boolean }[];
}

type Num2 = number[][];
const isNumArray = (x: unknown): x is number[] => Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === 'number');
const isMatrix = (x: unknown): x is Num2 => Array.isArray(x) && x.length > 0 && x.every(isNumArray);
const isMatrixList = (x: unknown): x is Num2[] => Array.isArray(x) && x.length > 0 && x.every(isMatrix);
const isVectorList = (x: unknown): x is number[][] => isMatrix(x);

/** Pulls a number that a counterexample may carry under several names. */
function pickNumber(o: unknown, keys: readonly string[]): number | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const rec = o as Record<string, unknown>;
  for (const k of keys) {
    const v = rec[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  for (const k of ['mismatch', 'firstDifference', 'firstDiff', 'first']) {
    const v = rec[k];
    if (v && typeof v === 'object') {
      const n = pickNumber(v, keys);
      if (n !== undefined) return n;
    }
  }
  return undefined;
}

/**
 * The allowed error for "wrong" in the heatmap: what the grader reported for the first differing
 * element (the grader's tolerance, from tolerance/model.ts), else — when a report carries none —
 * the loosest precision the grader accepts, float32: an entry is wrong when it differs from the
 * reference by more than √u₃₂ relative to max(1, |expected|) (half the digits of a float32 result;
 * any real mistake — a missing σ′, a transposition, a factor 2 — is far above it).
 */
function allowedFn(cx: unknown, precision: string | undefined): (expected: number) => number {
  const allowed = pickNumber(cx, ['allowed', 'tolerance', 'tol']);
  if (allowed !== undefined) return () => allowed;
  const u = UNIT_ROUNDOFF[(precision as Precision) in UNIT_ROUNDOFF ? (precision as Precision) : 'float32'];
  const rel = Math.sqrt(Math.max(u, UNIT_ROUNDOFF.float32));
  return (e) => rel * Math.max(1, Math.abs(e));
}

function diffMatrix(label: string, e: Num2, g: unknown, allowed: (e: number) => number): LayerDiff | null {
  if (!isMatrix(g) || g.length !== e.length || g.some((row, i) => row.length !== e[i]!.length)) return null;
  const cells = e.flatMap((row, i) =>
    row.map((ev, j) => {
      const gv = g[i]![j]!;
      const wrong = Object.is(ev, gv) ? false : !(Math.abs(ev - gv) <= allowed(ev));
      return { expected: ev, got: gv, wrong };
    }),
  );
  return { label, rows: e.length, cols: e[0]!.length, cells };
}

/** Names for the parts of a backward result, for labels. */
const PART: Record<string, string> = { delta: 'δ', gradW: '∂E/∂W', gradB: '∂E/∂b', z: 'z', a: 'a', W: 'W', b: 'b' };

/**
 * Finds expected/got pairs of gradients in a counterexample and compares them entry by entry.
 * Understands `{expected, got}` holding a list of per-layer matrices (delta, gradW), a list of
 * per-layer vectors (gradB), one matrix, or an object `{delta, gradW, gradB}` of those.
 * `layer` (1-based), when the counterexample names it, labels a single matrix.
 */
export function gradientDiffs(cx: unknown, precision?: string, defaultPart?: string): LayerDiff[] {
  if (!cx || typeof cx !== 'object') return [];
  const o = cx as Record<string, unknown>;
  const allowed = allowedFn(cx, precision);
  const out: LayerDiff[] = [];
  const layerOf = typeof o['layer'] === 'number' ? (o['layer'] as number) : undefined;
  const part = typeof o['quantity'] === 'string' ? (o['quantity'] as string) : typeof o['what'] === 'string' ? (o['what'] as string) : undefined;
  const partName = part ? (PART[part] ?? part) : defaultPart;

  const visit = (name: string | undefined, e: unknown, g: unknown): void => {
    const nm = name ? (PART[name] ?? name) : partName;
    if (isMatrixList(e) && Array.isArray(g)) {
      e.forEach((m, l) => {
        const d = diffMatrix(`${nm ?? 'matrix'}, layer ${l + 1}`, m, g[l], allowed);
        if (d) out.push(d);
      });
    } else if (isMatrix(e)) {
      // either one matrix, or a per-layer list of vectors (gradB): vectors of different lengths
      // cannot be one matrix, and a name like gradB says which
      const perLayer = name === 'gradB' || name === 'b' || new Set(e.map((r) => r.length)).size > 1;
      if (perLayer && isVectorList(e) && Array.isArray(g)) {
        e.forEach((v, l) => {
          const d = diffMatrix(`${nm ?? 'vector'}, layer ${l + 1}`, [v], Array.isArray(g[l]) ? [g[l] as number[]] : null, allowed);
          if (d) out.push(d);
        });
      } else {
        const d = diffMatrix(`${nm ?? 'matrix'}${layerOf !== undefined ? `, layer ${layerOf}` : ''}`, e, g, allowed);
        if (d) out.push(d);
      }
    } else if (e && typeof e === 'object' && !Array.isArray(e) && g && typeof g === 'object') {
      const keys = Object.keys(e as object);
      const eo = e as Record<string, unknown>;
      const go = g as Record<string, unknown>;
      if (keys.length && keys.every((k) => /^\d+$/.test(k))) {
        // a sparse per-layer map { "0": matrix, "2": matrix } (0-based layer indices, as the grader sends)
        for (const k of keys) {
          const l = Number(k) + 1;
          const label = `${nm ?? 'matrix'}, layer ${l}`;
          const ek = eo[k];
          const gk = go[k];
          const d = isMatrix(ek) ? diffMatrix(label, ek, gk, allowed) : isNumArray(ek) && isNumArray(gk) ? diffMatrix(label, [ek], [gk], allowed) : null;
          if (d) out.push(d);
        }
      } else {
        for (const k of keys) visit(k, eo[k], go[k]);
      }
    }
  };
  visit(undefined, o['expected'], o['got']);
  return out.filter((d) => d.cells.some((c) => c.wrong));
}

/** What a backward check compares, when its counterexample does not say (BP1, BP2: δ; BP3: ∂E/∂b; BP4: ∂E/∂W). */
const CHECK_PART: Record<string, string> = {
  'backward.bp1': 'δ',
  'backward.bp2': 'δ',
  'backward.bp3': '∂E/∂b',
  'backward.bp4': '∂E/∂W',
  forward: 'a',
};

/** Cells larger than this are cut (the picture says so); a shrunk counterexample is small anyway. */
const MAX_SIDE = 40;
const CELL = 20;

/** An inline SVG heatmap: one square per entry; red entries are wrong, darker = larger relative error. */
function heatmapSvg(d: LayerDiff): string {
  const rows = Math.min(d.rows, MAX_SIDE);
  const cols = Math.min(d.cols, MAX_SIDE);
  const w = cols * CELL + 1;
  const h = rows * CELL + 1;
  const rects: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const c = d.cells[i * d.cols + j]!;
      let fill = '#e8f3e8';
      if (c.wrong) {
        const rel = Math.abs(c.expected - c.got) / Math.max(Math.abs(c.expected), Math.abs(c.got), Number.MIN_VALUE);
        // relative error ≥ 1 → darkest; tiny → light red
        const t = Number.isFinite(rel) ? Math.min(1, Math.max(0, (Math.log10(rel) + 4) / 4)) : 1;
        const light = Math.round(80 - 35 * t);
        fill = `hsl(0, 75%, ${light}%)`;
      }
      const tip = `[${i}][${j}] expected ${num(c.expected)}, got ${num(c.got)}${c.wrong ? ' (wrong)' : ''}`;
      rects.push(
        `<rect class="cell ${c.wrong ? 'wrong' : 'ok'}" x="${j * CELL + 1}" y="${i * CELL + 1}" width="${CELL - 1}" height="${CELL - 1}" fill="${fill}"><title>${esc(tip)}</title></rect>`,
      );
    }
  }
  const cut = d.rows > rows || d.cols > cols ? `<p class="note">showing the first ${rows} × ${cols} of ${d.rows} × ${d.cols} entries</p>` : '';
  const nWrong = d.cells.filter((c) => c.wrong).length;
  return (
    `<figure class="heatmap"><figcaption>${esc(d.label)}: ${nWrong} of ${d.cells.length} entries wrong (${d.rows} × ${d.cols})</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(d.label)}">` +
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#fff"/>${rects.join('')}</svg>${cut}</figure>`
  );
}

// ---------------------------------------------------------------------------------------------------
// The page

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.5rem;margin-bottom:.2rem}
.meta{color:#555;margin:0 0 1rem}
.score{font-size:2rem;font-weight:600;margin:.5rem 0}
.score.full{color:#1a7f37}.score.partial{color:#b35900}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}
td.mark{font-size:1.1rem;width:1.5rem;text-align:center}
tr.pass td.mark{color:#1a7f37}tr.fail td.mark,tr.error td.mark,tr.timeout td.mark{color:#c62828}tr.missing td.mark{color:#888}
td.points{white-space:nowrap;text-align:right}
.check-title{font-size:.8rem;color:#555}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.85rem}
pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.6rem;overflow:auto;max-height:24rem}
section.failure{border:1px solid #e0c0c0;border-left:4px solid #c62828;padding:.5rem 1rem;margin:1rem 0;border-radius:4px}
section.failure.missing{border-color:#ddd;border-left-color:#888}
section.failure h3{margin:.3rem 0}
.diagnosis{background:#fff8e1;border:1px solid #f0d890;padding:.1rem .8rem;border-radius:4px}
.heatmaps{display:flex;flex-wrap:wrap;gap:1rem}
figure.heatmap{margin:0}
figure.heatmap figcaption{font-size:.85rem;color:#444;margin-bottom:.2rem}
.legend{font-size:.85rem;color:#444}
.swatch{display:inline-block;width:.8rem;height:.8rem;vertical-align:middle;margin:0 .2rem 0 .6rem;border:1px solid #ccc}
.note{font-size:.8rem;color:#666}
.isolation.unsafe{background:#fdecea;border:1px solid #e0a0a0;padding:.3rem .6rem;border-radius:4px;font-weight:600}
section.load-error{border:1px solid #e0c0c0;border-left:4px solid #c62828;padding:.5rem 1rem;margin:1rem 0;border-radius:4px}
table.conventions{width:auto;margin:.3rem 0}
`;

/** Anchor ids must be valid and unique: check ids are like "backward.bp2". */
const anchor = (id: string): string => `check-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function failureSection(c: HtmlReportCheck, precision: string | undefined): string {
  const { mark, cls } = statusMark(c.status);
  const parts: string[] = [];
  parts.push(`<h3>${mark} <code>${esc(c.id)}</code> <span class="status">${esc(c.status)}</span> — ${esc(c.points)} / ${esc(c.maxPoints)} points</h3>`);
  if (c.message) parts.push(`<p class="message">${esc(c.message)}</p>`);
  const dx = diagnosisParts(c.diagnosis);
  if (dx) {
    parts.push(
      `<div class="diagnosis"><p><strong>Likely mistake:</strong> ${esc(dx.mistake)}</p>${dx.fix ? `<p><strong>How to fix it:</strong> ${esc(dx.fix)}</p>` : ''}</div>`,
    );
  }
  if (c.convention) {
    parts.push(`<div class="diagnosis convention"><p><strong>Right under another convention:</strong> <code>${esc(c.convention.name)} = ${esc(c.convention.value)}</code> — ${esc(c.convention.text)}</p></div>`);
  }
  const diffs = gradientDiffs(c.counterexample, precision, CHECK_PART[c.id]);
  if (diffs.length) {
    parts.push(
      `<h4>Which entries are wrong</h4><p class="legend">each square is one entry (∂E/∂W: row = unit j, column = input k; δ: row = example, column = unit)` +
        `<span class="swatch" style="background:#e8f3e8"></span>agrees<span class="swatch" style="background:hsl(0,75%,45%)"></span>wrong (darker = larger relative error); hover for values</p>` +
        `<div class="heatmaps">${diffs.map(heatmapSvg).join('')}</div>`,
    );
  }
  if (c.counterexample !== undefined) {
    parts.push(`<h4>Counterexample (shrunk)</h4><pre class="counterexample">${escLines(prettyJson(c.counterexample))}</pre>`);
  }
  if (c.replay) parts.push(`<p>Replay: <code class="replay">${esc(c.replay)}</code></p>`);
  return `<section class="failure ${cls}" id="${anchor(c.id)}">${parts.join('\n')}</section>`;
}

/** Failures first: fail, error, timeout, missing, then pass (an unknown status counts as a failure). */
const RANK: Record<string, number> = { fail: 0, error: 1, timeout: 2, missing: 3, pass: 4 };
const rank = (status: string): number => RANK[status] ?? 0;

/** The checks in the order the page shows them: what failed first, the report's order within each kind. */
export function failuresFirst<T extends { status: string }>(checks: readonly T[]): T[] {
  return checks.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c.status) - rank(b.c.status) || a.i - b.i).map(({ c }) => c);
}

const str = (v: unknown, max: number): string | undefined => (v === undefined || v === null ? undefined : cut(typeof v === 'string' ? v : String(v), max));
const numOr = (v: unknown): number | string => (typeof v === 'number' ? v : str(v, 40) ?? '');

/** One check of the input as data the page can show: every field bounded, whatever it was given. */
function boundCheck(c: unknown): HtmlReportCheck {
  const o = (c !== null && typeof c === 'object' ? c : {}) as Record<string, unknown>;
  const get = (k: string): unknown => guarded(() => o[k], () => undefined);
  const out: HtmlReportCheck = {
    id: str(get('id'), 200) ?? '?',
    status: str(get('status'), 40) ?? 'error',
    points: numOr(get('points')) as number,
    maxPoints: numOr(get('maxPoints')) as number,
    message: str(get('message'), REPORT_LIMITS.messageChars) ?? '',
  };
  const title = str(get('title'), REPORT_LIMITS.stringChars);
  if (title) out.title = title;
  const cx = get('counterexample');
  if (cx !== undefined) out.counterexample = boundValue(cx);
  const d = get('diagnosis');
  if (d !== undefined) out.diagnosis = boundValue(d);
  const cv = boundValue(get('convention')) as Record<string, unknown> | undefined;
  if (cv && typeof cv === 'object') out.convention = { name: str(cv['name'], 200) ?? '', value: str(cv['value'], 200) ?? '', text: str(cv['text'], REPORT_LIMITS.messageChars) ?? '' };
  const replay = str(get('replay'), REPORT_LIMITS.messageChars);
  if (replay) out.replay = replay;
  return out;
}

const partFailed = (what: string, why: string) => `<p class="note render-error">(${esc(what)} could not be rendered: ${esc(why)})</p>`;

/** Renders the grading report as a self-contained HTML page. */
export function renderHtmlReport(report: HtmlReportInput): string {
  const get = (k: string): unknown => guarded(() => (report as Record<string, unknown>)[k], () => undefined);
  const rawChecks = get('checks');
  const checks = Array.isArray(rawChecks) ? rawChecks.slice(0, REPORT_LIMITS.checks).map(boundCheck) : [];
  const score = numOr(get('score'));
  const maxScore = numOr(get('maxScore'));
  const passed = checks.filter((c) => c.status === 'pass').length;
  const full = typeof score === 'number' && typeof maxScore === 'number' && score >= maxScore && maxScore > 0;
  const precision = str(get('precision'), 40);
  const submission = str(get('submission'), REPORT_LIMITS.nameChars);
  const replay = str(get('replay'), REPORT_LIMITS.messageChars);
  const isolation = str(get('isolation'), REPORT_LIMITS.messageChars);
  const title = `nn-oracle grading report${submission ? ` — ${submission}` : ''}`;

  const head = guarded(
    () => {
      const meta = [
        submission ? `submission <code>${esc(submission)}</code>` : '',
        `seed <code>${esc(numOr(get('seed')))}</code>`,
        precision ? `precision ${esc(precision)}` : '',
        str(get('profile'), 100) ? `profile ${esc(str(get('profile'), 100))}` : '',
        str(get('scopeText'), REPORT_LIMITS.messageChars) ? `scope: ${esc(str(get('scopeText'), REPORT_LIMITS.messageChars))}` : '',
      ].filter(Boolean);
      const parts = [`<p class="meta">${meta.join(' · ')}</p>`];
      if (isolation !== undefined) {
        // "off" means the submission ran with no sandbox at all: say so where it cannot be missed
        const unsafe = /\b(off|unsafe|none)\b/i.test(isolation);
        parts.push(`<p class="isolation${unsafe ? ' unsafe' : ''}">Isolation: ${esc(isolation)}</p>`);
      }
      const conv = boundValue(get('conventions'));
      if (conv && typeof conv === 'object' && !Array.isArray(conv) && Object.keys(conv).length) {
        parts.push(
          `<details class="conventions"><summary>Conventions judged by</summary><table class="conventions"><tbody>${Object.entries(conv as Record<string, unknown>)
            .map(([k, v]) => `<tr><td><code>${esc(k)}</code></td><td>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`)
            .join('')}</tbody></table></details>`,
        );
      }
      return parts.join('\n');
    },
    (why) => partFailed('the header', why),
  );

  const load = guarded(
    () => {
      const le = boundValue(get('loadError')) as Record<string, unknown> | undefined;
      if (!le || typeof le !== 'object') return '';
      const msg = str(le['message'], REPORT_LIMITS.messageChars) ?? '';
      const loc = str(le['location'], REPORT_LIMITS.nameChars);
      const frame = str(le['frame'], REPORT_LIMITS.outputLineChars);
      return (
        `<section class="load-error" id="load-error"><h2>The submission did not load</h2><p class="message">${esc(msg)}</p>` +
        (loc ? `<p>at <code class="location">${esc(loc)}</code></p>` : '') +
        (frame ? `<pre class="frame">${esc(frame)}</pre>` : '') +
        `<p>No check was graded (each scores 0). Fix the error above and submit again.</p></section>`
      );
    },
    (why) => partFailed('the load error', why),
  );

  const ordered = failuresFirst(checks);
  const notLoaded = load !== '' ? (c: HtmlReportCheck) => c.message === 'not graded: the submission did not load' : () => false;
  const failures = ordered.filter((c) => c.status !== 'pass' && !notLoaded(c));
  const sections = failures.map((c) => guarded(() => failureSection(c, precision), (why) => `<section class="failure" id="${anchor(c.id)}">${partFailed(`the details of ${c.id}`, why)}</section>`));
  const linked = new Set(failures.map((c) => c.id));

  const rows = ordered.map((c) =>
    guarded(
      () => {
        const { mark, cls } = statusMark(c.status);
        const idCode = linked.has(c.id) ? `<a href="#${anchor(c.id)}"><code>${esc(c.id)}</code></a>` : `<code>${esc(c.id)}</code>`;
        const idCell = c.title ? `${idCode}<div class="check-title">${esc(c.title)}</div>` : idCode;
        return `<tr class="check ${cls}"><td class="mark">${mark}</td><td>${idCell}</td><td>${esc(c.status)}</td><td class="points">${esc(c.points)} / ${esc(c.maxPoints)}</td><td>${esc(c.status === 'pass' ? '' : c.message)}</td></tr>`;
      },
      (why) => `<tr class="check error"><td class="mark">✗</td><td colspan="4">${partFailed('this row', why)}</td></tr>`,
    ),
  );

  const output = guarded(
    () => {
      const lines = boundOutput(get('output'));
      return lines.length ? `<h2>What the submission printed</h2>\n<pre class="output">${lines.map(esc).join('\n')}</pre>` : '';
    },
    (why) => partFailed('what the submission printed', why),
  );

  const fixes = failures.length ? `<h2>What to fix</h2>\n${sections.join('\n')}` : load ? '' : '<h2>All checks passed</h2>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${head}
<p class="score ${full ? 'full' : 'partial'}">Score: <span id="score">${esc(score)}</span> / <span id="max-score">${esc(maxScore)}</span></p>
<p>${passed} of ${checks.length} checks passed.${replay ? ` Replay the whole run: <code class="replay">${esc(replay)}</code>` : ''}</p>
${load}
${fixes}
<h2>All checks</h2>
<table class="checks">
<thead><tr><th></th><th>check</th><th>status</th><th>points</th><th>message</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${output}
<p class="note">Check ids are described in the instructor's guide (docs/grading.md of nn-oracle). Generated by nn-oracle.</p>
</body>
</html>
`;
}
