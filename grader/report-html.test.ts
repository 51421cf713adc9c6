/**
 * The HTML grading report: unit checks of the string, then the page rendered in a real headless
 * browser (Debian's chromium driven by playwright-core) — visible text, element counts, a screenshot.
 *
 * Without chromium the browser part is skipped with a loud message, unless CI or
 * NN_ORACLE_REQUIRE_BROWSER is set: then it fails (install it with scripts/install-chromium.sh).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAR_SCREEN, nastyReport } from './nasty-report.test-helpers.js';
import { failuresFirst, gradientDiffs, renderHtmlReport, type HtmlReportInput } from './report-html.js';
import { toJson } from './report.js';

const CHROMIUM = process.env['NN_ORACLE_CHROMIUM'] ?? '/usr/bin/chromium';
const REQUIRE = Boolean(process.env['CI'] || process.env['NN_ORACLE_REQUIRE_BROWSER']);
const HAVE = existsSync(CHROMIUM);
if (!HAVE) {
  const msg = `\n*** HTML report browser test: no chromium at ${CHROMIUM}. ${REQUIRE ? 'CI/NN_ORACLE_REQUIRE_BROWSER is set: FAILING.' : 'SKIPPING the browser checks.'} Install it with: sudo bash scripts/install-chromium.sh (or set NN_ORACLE_CHROMIUM) ***\n`;
  console.warn(msg);
}

// A gradient of layer 2 whose entries [0][1] and [1][2] are wrong; layer 1 is right.
const expectedGradW = [
  [
    [0.1, -0.2],
    [0.3, 0.4],
    [0.5, 0.6],
  ],
  [
    [1, 2, 3],
    [4, 5, 6],
  ],
];
const gotGradW = [
  [
    [0.1, -0.2],
    [0.3, 0.4],
    [0.5, 0.6],
  ],
  [
    [1, -2, 3],
    [4, 5, 12],
  ],
];

const REPORT: HtmlReportInput = {
  score: 2,
  maxScore: 5,
  seed: 42,
  submission: 'students/buggy<b>.js',
  precision: 'float64',
  checks: [
    { id: 'activate.relu', status: 'pass', points: 1, maxPoints: 1, message: 'ok' },
    { id: 'loss.mse', status: 'pass', points: 1, maxPoints: 1, message: 'ok' },
    {
      id: 'backward.bp4',
      status: 'fail',
      points: 0,
      maxPoints: 1,
      message: 'gradW differs from mean_x δ^l (a^{l−1})ᵀ at gradW[1][1][2]: expected 6, got 12',
      title: 'BP4: ∂E/∂W^l = mean_x δ^l_x (a^{l−1}_x)ᵀ',
      diagnosis: { id: 'bp4.sum-not-mean', title: 'you summed over the batch instead of taking the mean <script>alert(1)</script>', fix: 'divide by the batch size B' },
      counterexample: {
        input: { X: [[1, 2]] },
        expected: { gradW: expectedGradW },
        got: { gradW: gotGradW },
        firstDifference: { path: ['gradW', 1, 0, 1], where: 'gradW[1][0][1]', kind: 'value', expected: 2, got: -2, allowed: 1e-12 },
      },
      replay: 'nn-oracle grade buggy.js --seed 42 --only backward.bp4',
    },
    { id: 'step.adam', status: 'missing', points: 0, maxPoints: 1, message: 'not implemented: step' },
    { id: 'forward', status: 'timeout', points: 0, maxPoints: 1, message: 'no answer within 5000 ms', counterexample: { X: [[NaN, Infinity]] } },
  ],
};

describe('renderHtmlReport (the string)', () => {
  const html = renderHtmlReport(REPORT);

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/href="(?!#)/i);
  });

  it('escapes what comes from the submission', () => {
    expect(html).toContain('buggy&lt;b&gt;.js');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps non-finite numbers readable in counterexamples', () => {
    expect(html).toContain('[NaN, Infinity]');
  });

  it('leads with failures: the explanations before the table, the table’s failing rows before its passes', () => {
    expect(html.indexOf('<section class="failure')).toBeLessThan(html.indexOf('<table class="checks"'));
    const rowStatuses = [...html.matchAll(/<tr class="check (\w+)"/g)].map((m) => m[1]);
    expect(rowStatuses).toEqual(['fail', 'error', 'timeout', 'missing', 'pass', 'pass'].filter((s) => s !== 'error'));
    expect(failuresFirst([{ status: 'pass' }, { status: 'missing' }, { status: 'weird' }, { status: 'timeout' }, { status: 'fail' }, { status: 'error' }]).map((c) => c.status)).toEqual([
      'weird',
      'fail',
      'error',
      'timeout',
      'missing',
      'pass',
    ]);
  });

  it('shows the isolation layer (an unsafe one marked), the conventions and a load error at the top', () => {
    const h = renderHtmlReport({
      ...REPORT,
      isolation: 'off — unsafe: the submission ran without a sandbox',
      conventions: { "relu'(0)": '0', 'softmax+cce BP1': 'a − y' },
      loadError: { message: 'SyntaxError: invalid syntax', location: 'hw.py:12', frame: '    x = = 1' },
      checks: REPORT.checks.map((c) => ({ ...c, status: 'error', message: 'not graded: the submission did not load' })),
    });
    expect(h).toMatch(/<p class="isolation unsafe">Isolation: off — unsafe/);
    expect(h).toMatch(/<td><code>relu&#39;\(0\)<\/code><\/td><td>0<\/td>/);
    expect(h).toMatch(/<section class="load-error" id="load-error"><h2>The submission did not load<\/h2><p class="message">SyntaxError: invalid syntax<\/p><p>at <code class="location">hw\.py:12<\/code><\/p><pre class="frame">    x = = 1<\/pre>/);
    expect(h).not.toMatch(/<section class="failure/); // the five "not graded" checks are not five failures
  });
});

describe('gradientDiffs (which entries of which layer are wrong)', () => {
  it('finds exactly the planted wrong entries, in the right layer', () => {
    const d = gradientDiffs({ expected: expectedGradW, got: gotGradW, allowed: 1e-12 });
    expect(d.map((x) => x.label)).toEqual(['matrix, layer 2']);
    const wrong = d[0]!.cells.flatMap((c, i) => (c.wrong ? [[Math.floor(i / d[0]!.cols), i % d[0]!.cols]] : []));
    expect(wrong).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('names the parts of a backward result and handles per-layer bias vectors', () => {
    const d = gradientDiffs({
      expected: { gradW: expectedGradW, gradB: [[0, 0, 0], [1, 2]] },
      got: { gradW: expectedGradW, gradB: [[0, 0, 0], [1, 3]] },
      allowed: 1e-12,
    });
    expect(d.map((x) => x.label)).toEqual(['∂E/∂b, layer 2']);
    expect(d[0]!.cells.map((c) => c.wrong)).toEqual([false, true]);
  });

  it('reads the grader’s sparse per-layer maps ({ delta: { "1": matrix } }) and its firstDifference.allowed', () => {
    const d = gradientDiffs({
      expected: { delta: { '1': [[0.5, 0.25]] } },
      got: { delta: { '1': [[0.5, 0.125]] } },
      firstDifference: { allowed: 1e-15 },
    });
    expect(d.map((x) => x.label)).toEqual(['δ, layer 2']);
    expect(d[0]!.cells.map((c) => c.wrong)).toEqual([false, true]);
  });

  it('shows nothing when every entry is within the allowed error', () => {
    expect(gradientDiffs({ expected: expectedGradW, got: expectedGradW, allowed: 0 })).toEqual([]);
    expect(gradientDiffs({ expected: [[1, 2]], got: [[1 + 1e-17, 2]] })).toEqual([]);
  });
});

describe.skipIf(!HAVE && !REQUIRE)('HTML report in headless Chromium', () => {
  type Browser = import('playwright-core').Browser;
  let browser: Browser | undefined;
  const dir = join(tmpdir(), 'nn-oracle-report-html');
  const file = join(dir, 'report.html');
  const shot = join(dir, 'report.png');

  beforeAll(async () => {
    if (!HAVE) throw new Error(`chromium is required (CI or NN_ORACLE_REQUIRE_BROWSER set) but ${CHROMIUM} does not exist; run scripts/install-chromium.sh`);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, renderHtmlReport(REPORT));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the score, one row per check, the failures with diagnosis and a heatmap of the wrong entries', async () => {
    const page = await browser!.newPage({ viewport: { width: 1000, height: 800 } });
    const external: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith('file:')) external.push(req.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);

    const text = await page.innerText('body');
    expect(text).toContain('Score: 2 / 5');
    expect(text).toContain('2 of 5 checks passed');
    expect(text).toContain('Likely mistake: you summed over the batch instead of taking the mean <script>alert(1)</script>');
    expect(text).toContain('How to fix it: divide by the batch size B');
    expect(text).toContain('nn-oracle grade buggy.js --seed 42 --only backward.bp4');

    expect(await page.locator('table.checks tbody tr').count()).toBe(5);
    expect(await page.locator('tr.pass td.mark').allInnerTexts()).toEqual(['✓', '✓']);
    expect(await page.locator('tr.fail td.mark').allInnerTexts()).toEqual(['✗']);
    expect(await page.locator('section.failure').count()).toBe(3);

    // the heatmap: one picture (layer 2 of gradW), 6 entries of which exactly 2 are wrong
    expect(await page.locator('figure.heatmap').count()).toBe(1);
    expect(await page.locator('figure.heatmap figcaption').innerText()).toContain('∂E/∂W, layer 2: 2 of 6 entries wrong');
    expect(text).toContain('BP4: ∂E/∂W^l = mean_x δ^l_x (a^{l−1}_x)ᵀ');
    expect(await page.locator('figure.heatmap rect.cell').count()).toBe(6);
    expect(await page.locator('figure.heatmap rect.cell.wrong').count()).toBe(2);
    const box = await page.locator('figure.heatmap svg').boundingBox();
    expect(box && box.width > 20 && box.height > 10).toBe(true);
    // the wrong cells are painted red, the others not
    const fills = await page.locator('figure.heatmap rect.cell.wrong').evaluateAll((els) => els.map((e) => getComputedStyle(e).fill));
    for (const f of fills) {
      const [r, g, b] = f.match(/\d+/g)!.map(Number);
      expect(r).toBeGreaterThan(g! + 60);
      expect(r).toBeGreaterThan(b! + 60);
    }

    // a link from the table to the failure works
    await page.click('a[href="#check-backward-bp4"]');
    expect(await page.evaluate(() => location.hash)).toBe('#check-backward-bp4');

    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`HTML report screenshot: ${shot}`);
    await page.close();
  });

  it('leads with failures on the first screen: the first failure is in view before any passing row', async () => {
    const page = await browser!.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(pathToFileURL(file).href);
    const firstFailure = await page.locator('section.failure').first().boundingBox();
    const firstPass = await page.locator('tr.pass').first().boundingBox();
    expect(firstFailure!.y).toBeLessThan(800);
    expect(firstFailure!.y).toBeLessThan(firstPass!.y);
    const rowClasses = await page.locator('table.checks tbody tr').evaluateAll((rows) => rows.map((r) => r.className.replace('check ', '')));
    expect(rowClasses).toEqual(['fail', 'timeout', 'missing', 'pass', 'pass']);
    await page.close();
  });

  it('a hostile report (markup, ANSI, NUL, forged rows, deep and huge answers) renders inert, with one row per check', async () => {
    const nasty = join(dir, 'nasty.html');
    const r = nastyReport();
    writeFileSync(nasty, renderHtmlReport({ ...(toJson(r) as HtmlReportInput), submission: r.submission }));
    const page = await browser!.newPage({ viewport: { width: 1000, height: 800 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(nasty).href);
    expect(await page.locator('table.checks tbody tr').count()).toBe(4);
    expect(await page.locator('section.failure').count()).toBe(3);
    expect(await page.locator('script, img, testcase').count()).toBe(0);
    const text = await page.innerText('body');
    expect(text).toContain('<script>alert(1)</script>'); // shown as text
    expect(text).toContain(CLEAR_SCREEN.replace(/\x1b/g, '\\x1b'));
    expect(text).toMatch(/nested deeper than 12 levels/);
    expect(text).toMatch(/more characters cut/);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('end to end: `nn-oracle grade --format html` on a buggy submission renders its BP2 failure and diagnosis', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const main = join(root, 'dist/cli/main.js');
    if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does it)');
    const out = join(dir, 'bp2.html');
    try {
      execFileSync(process.execPath, [main, 'grade', 'examples/students/bp2-no-sigma-prime.mjs', '--only', 'backward.bp1,backward.bp2', '--format', 'html', '--out', out, '--quiet', '--timeout', '30000'], { cwd: root, stdio: 'pipe' });
    } catch (e) {
      // exit status 1: not a full score, as it must be for this submission
      expect((e as { status?: number }).status).toBe(1);
    }
    const page = await browser!.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(pathToFileURL(out).href);
    const text = await page.innerText('body');
    expect(text).toContain('Score: 1 / 2');
    expect(await page.locator('tr.pass').count()).toBe(1);
    expect(await page.locator('tr.fail').count()).toBe(1);
    expect(await page.locator('section.failure#check-backward-bp2').count()).toBe(1);
    expect(text).toMatch(/Likely mistake: BP2 without σ′/);
    expect(text).toContain('nn-oracle grade examples/students/bp2-no-sigma-prime.mjs --timeout 30000 --seed 1 --only backward.bp2');
    // the wrong δ entries are drawn, labelled with their layer
    expect(await page.locator('section#check-backward-bp2 figure.heatmap').count()).toBeGreaterThan(0);
    expect(await page.locator('section#check-backward-bp2 rect.cell.wrong').count()).toBeGreaterThan(0);
    expect(await page.locator('section#check-backward-bp2 figcaption').first().innerText()).toMatch(/^δ, layer \d+: \d+ of \d+ entries wrong/);
    await page.screenshot({ path: join(dir, 'bp2.png'), fullPage: true });
    await page.close();
  });
});
