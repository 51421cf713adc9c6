import { describe, expect, it } from 'vitest';
import { decodeJson } from '../contract/protocol.js';
import { gradeSubject, type GradeReport } from './grade.js';
import { mistakeById } from '../mistakes/catalogue.js';
import { subjectWith } from '../mistakes/plant.js';
import { renderReport, toGradescope } from './report.js';

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
