import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeJson } from '../contract/protocol.js';
import { gradeSubject, type GradeReport } from './grade.js';
import { mistakeById } from '../mistakes/catalogue.js';
import { subjectWith } from '../mistakes/plant.js';
import { CLEAR_SCREEN, RAW_CONTROL, jsonDepth, nastyReport } from './nasty-report.test-helpers.js';
import { NOT_LOADED_MESSAGE, renderNotGraded, renderReport, toGradescope } from './report.js';

let cached: GradeReport | null = null;
async function report(): Promise<GradeReport> {
  if (!cached) {
    cached = await gradeSubject(subjectWith('bp2', mistakeById('bp2.missing-sigma-prime')!.planted.fns), {
      seed: 3,
      runs: 8,
      only: ['activate.relu', 'backward.bp2', 'loss.mse'],
      replayPrefix: 'nn-oracle grade s.mjs',
    });
  }
  return cached;
}

describe('reports', () => {
  it('text: a table with ✓/✗, the score, the failure with its counterexample, diagnosis and replay command', async () => {
    const t = await renderReport(await report(), 'text');
    expect(t).toMatch(/✓ activate\.relu\s+pass\s+1\/1/);
    expect(t).toMatch(/✗ backward\.bp2\s+fail\s+0\/1/);
    expect(t).toMatch(/score: 2 \/ 3/);
    expect(t).toMatch(/diagnosis: BP2 without σ′/);
    expect(t).toMatch(/smallest failing input: /);
    expect(t).toMatch(/first difference at delta\[\d+\]\[\d+\]\[\d+\] \(layer \d+, example \d+, unit \d+\): expected/);
    expect(t).toMatch(/replay: nn-oracle grade s\.mjs --seed 3 --only backward\.bp2/);
  });

  it('json: score, maxScore, seed, checks with id, status, points, maxPoints, message, counterexample, diagnosis', async () => {
    const j = decodeJson(await renderReport(await report(), 'json')) as Record<string, any>;
    expect(j.score).toBe(2);
    expect(j.maxScore).toBe(3);
    expect(j.seed).toBe(3);
    const bp2 = j.checks.find((c: any) => c.id === 'backward.bp2');
    expect(bp2).toMatchObject({ status: 'fail', points: 0, maxPoints: 1, diagnosis: { id: 'bp2.missing-sigma-prime' } });
    expect(bp2.counterexample.input.net.layers.length).toBeGreaterThanOrEqual(2);
    expect(j.checks.find((c: any) => c.id === 'loss.mse')).toMatchObject({ status: 'pass', points: 1 });
  });

  it('gradescope: results.json with score and one test per check', async () => {
    const g = toGradescope(await report()) as any;
    expect(g.score).toBe(2);
    expect(g.tests).toHaveLength(3);
    expect(g.tests[2]).toMatchObject({ number: 'backward.bp2', score: 0, max_score: 1, status: 'failed' });
    expect(g.tests[2].output).toMatch(/diagnosis/);
  });

  it('junit: a testsuite with one testcase per check and the failure', async () => {
    const x = await renderReport(await report(), 'junit');
    expect(x).toMatch(/^<\?xml/);
    expect(x).toMatch(/<testsuites name="nn-oracle" tests="3" failures="1" errors="0"/);
    expect(x).toMatch(/<testcase classname="nn-oracle.backward" name="backward.bp2"[^>]*>\s*<failure message="wrong result at delta/);
    expect((x.match(/<testcase /g) ?? []).length).toBe(3);
  });

  it('html: a self-contained page (H8’s renderer) with the checks', async () => {
    const h = await renderReport(await report(), 'html');
    expect(h).toMatch(/<html/i);
    expect(h).toContain('backward.bp2');
    expect(h).not.toMatch(/<script/i);
  });
});

describe('reports survive a hostile submission (a planted nasty report, every format)', () => {
  const FORMATS_ALL = ['text', 'json', 'gradescope', 'junit', 'html'] as const;
  const rendered = new Map<string, string>();
  const render = async (f: (typeof FORMATS_ALL)[number]) => {
    if (!rendered.has(f)) rendered.set(f, await renderReport(nastyReport(), f));
    return rendered.get(f)!;
  };

  it.each(FORMATS_ALL)('%s: bounded in size, no raw control character, the cut parts counted', async (f) => {
    const out = await render(f);
    expect(out.length).toBeLessThan(3 * 1024 * 1024); // from > 20 MB of answers and output
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).not.toContain('\x1b');
    expect(out).not.toContain('\r');
    if (f !== 'html' && f !== 'junit') expect(out).toMatch(/more characters cut/);
  });

  it('text: exactly one score line and one row per check; the forged ones are shown escaped inside other lines', async () => {
    const lines = (await render('text')).split('\n');
    expect(lines.filter((l) => /^\s*score:/.test(l))).toEqual(['score: 1 / 4']);
    expect(lines.filter((l) => /^\s*[✓✗⏱–] \S+\s+(pass|fail|error|timeout|missing)\s+\d/.test(l))).toHaveLength(4);
    const t = lines.join('\n');
    expect(t).toContain('\\x1b[2J'); // the escape is visible, not executed
    expect(t).toContain('\\nscore: 31 / 31'); // the forged line stays inside the message's line
    expect(t).toMatch(/nested deeper than 12 levels/);
    expect(t).toMatch(/a circular reference/);
    expect(t).toMatch(/999\d+ more items/);
    expect(t).toMatch(/^ {2}\| … 161 more$/m);
    expect(t).toContain('isolation: off (unsafe: no sandbox) \\x1b[2J');
  });

  it('json: parses, keeps the score, nests no deeper than the report allows, pollutes no prototype', async () => {
    const j = decodeJson(await render('json')) as Record<string, any>;
    expect(j.score).toBe(1);
    expect(j.checks).toHaveLength(4);
    expect(jsonDepth(j)).toBeLessThanOrEqual(20);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const got = j.checks[2].counterexample.got;
    expect(Object.keys(got.proto)).toEqual(['__proto__', 'constructor']);
    expect(got.wide.at(-1)).toMatch(/^… 999500 more items/);
    expect(got.huge).toMatch(/… \(10483760 more characters cut\)$/);
    expect(j.output.length).toBeLessThanOrEqual(201);
  });

  it('gradescope: the score is the report’s, one test per check, and no output line claims a score', async () => {
    const g = JSON.parse(await render('gradescope')) as any;
    expect(g.score).toBe(1);
    expect(g.tests).toHaveLength(4);
    expect(g.output_format).toBe('text');
    // what Gradescope shows: the output and each test's name and output
    for (const s of [g.output, ...g.tests.flatMap((t: any) => [t.name, t.output])]) {
      expect(s).not.toMatch(RAW_CONTROL);
      expect(s).not.toMatch(/^\s*score:/m);
    }
    expect(g.output).toMatch(/^ {2}\| score: 31 \/ 31$/m); // the printed line, shown as printed output
    for (const s of g.extra_data.printed) expect(s).not.toMatch(RAW_CONTROL);
    expect(g.tests.map((t: any) => t.status)).toEqual(['passed', 'failed', 'failed', 'failed']);
  });

  it('junit: well-formed XML (parsed by Python’s ElementTree) with exactly the four testcases', async () => {
    const x = await render('junit');
    const py = spawnSync(
      'python3',
      ['-c', 'import sys, json, xml.etree.ElementTree as ET\nr = ET.fromstring(sys.stdin.buffer.read())\nprint(json.dumps({"cases": [c.get("name") for c in r.iter("testcase")], "tags": sorted({e.tag for e in r.iter()})}))'],
      { input: x, encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    const parsed = JSON.parse(py.stdout) as { cases: string[]; tags: string[] };
    expect(parsed.cases).toEqual(['activate.relu', 'backward.bp2', 'forward', 'loss.mse']);
    expect(parsed.tags).toEqual(['error', 'failure', 'properties', 'property', 'system-out', 'testcase', 'testsuite', 'testsuites']);
  });

  it('html: no script, one row per check, a failure section per failing check', async () => {
    const h = await render('html');
    expect(h).not.toMatch(/<script|<img/i);
    expect((h.match(/<tr class="check /g) ?? []).length).toBe(4);
    expect((h.match(/<section class="failure /g) ?? []).length).toBe(3);
    expect(h).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(h).toMatch(/class="isolation unsafe"/);
  });

  it('a report object whose parts cannot even be read still renders in every format', async () => {
    const throwing = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } });
    const bad = {
      get submission(): string {
        throw new Error('no name');
      },
      score: 2,
      maxScore: 3,
      seed: 1,
      checks: [throwing, { id: { toString: () => { throw new Error('x'); } }, status: 'weird', counterexample: { get input() { throw new Error('getter'); } } }],
      output: throwing,
    } as unknown as GradeReport;
    for (const f of FORMATS_ALL) {
      const out = await renderReport(bad, f);
      expect(out.length).toBeGreaterThan(50);
      if (f === 'json') expect(decodeJson(out)).toMatchObject({ score: 2, maxScore: 3 });
      if (f === 'gradescope') expect(JSON.parse(out)).toMatchObject({ score: 2 });
    }
    expect(await renderReport(bad, 'text')).toMatch(/score: 2 \/ 3/);
  });

  it('a submission that did not load: the load error once, at the top, in every format; no 31 copies of it', async () => {
    const r = { ...(await report()) };
    r.loadError = { message: 'SyntaxError: invalid syntax', location: 'hw.py:12', frame: '    x = = 1' };
    r.checks = r.checks.map((c) => ({ ...c, status: 'error' as const, points: 0, message: NOT_LOADED_MESSAGE, counterexample: undefined, diagnosis: undefined }));
    r.score = 0;
    r.isolation = 'bubblewrap namespaces + uid 65534';
    r.conventions = { "relu'(0)": '0' };
    const t = await renderReport(r, 'text');
    expect(t).toMatch(/^isolation: bubblewrap namespaces \+ uid 65534$/m);
    expect(t).toMatch(/^conventions: relu'\(0\) = 0$/m);
    expect(t).toMatch(/^the submission did not load: SyntaxError: invalid syntax \(at hw\.py:12\)\n {4}\| {5}x = = 1$/m);
    expect(t).not.toMatch(/what went wrong/);
    const g = JSON.parse(await renderReport(r, 'gradescope')) as any;
    expect(g.output).toMatch(/did not load: SyntaxError: invalid syntax/);
    expect(g.output).toMatch(/\(at hw\.py:12\)/);
    expect(decodeJson(await renderReport(r, 'json'))).toMatchObject({ loadError: r.loadError, isolation: r.isolation, conventions: r.conventions });
    const x = await renderReport(r, 'junit');
    expect(x).toContain('<property name="isolation" value="bubblewrap namespaces + uid 65534"/>');
    expect(x).toContain('<property name="loadError" value="SyntaxError: invalid syntax"/>');
    const h = await renderReport(r, 'html');
    expect(h).toMatch(/<section class="load-error"/);
    expect(h).not.toMatch(/<section class="failure/);
  });

  it('renderNotGraded: a file for a submission that could not be graded, in every format', () => {
    for (const f of FORMATS_ALL) {
      const out = renderNotGraded(`a${CLEAR_SCREEN}.py`, 'interrupted', f);
      expect(out).toMatch(/not graded: interrupted/);
      expect(out).not.toMatch(RAW_CONTROL);
    }
  });
});
