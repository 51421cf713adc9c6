import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EXAMPLES, describeFailures, failing, gradeExample } from './examples.test-helpers.js';

const BACKWARD = ['backward.bp1', 'backward.bp2', 'backward.bp3', 'backward.bp4'];

describe('hostile examples: the grader survives with a complete, truthful report', () => {
  it('a submission that exits: backward.* are errors, everything else is graded', async () => {
    const r = await gradeExample([join(EXAMPLES, 'hostile-exit.mjs')]);
    expect(failing(r), describeFailures(r)).toEqual(BACKWARD);
    for (const c of r.checks.filter((x) => BACKWARD.includes(x.id))) {
      expect(c.status).toBe('error');
      expect(c.message).toMatch(/exited with status 7 during backward/);
    }
    expect(r.checks).toHaveLength(31);
  }, 60_000);

  it('a submission that hangs: forward is a timeout, everything else is graded', async () => {
    const r = await gradeExample([join(EXAMPLES, 'hostile-loop.mjs'), '--timeout', '5000']);
    expect(failing(r), describeFailures(r)).toEqual(['forward']);
    const c = r.checks.find((x) => x.id === 'forward')!;
    expect(c.status).toBe('timeout');
    expect(c.message).toMatch(/did not answer within/);
  }, 120_000);

  it('a submission that exhausts memory: the loss checks are errors naming it, everything else is graded', async () => {
    const r = await gradeExample([join(EXAMPLES, 'hostile-memory.mjs'), '--memory', '128', '--timeout', '10000']);
    expect(failing(r), describeFailures(r)).toEqual(['loss.mse', 'loss.bce', 'loss.cce']);
    for (const c of r.checks.filter((x) => x.id.startsWith('loss.'))) {
      expect(c.status).toBe('error');
      expect(c.message).toMatch(/ran out of memory/);
    }
  }, 120_000);

  it('a submission that patches globals (JSON, toJSON, Promise, String, Array.prototype, Math, process, stdout, fs) still gets full marks', async () => {
    const r = await gradeExample([join(EXAMPLES, 'hostile-globals.mjs')]);
    expect(failing(r), describeFailures(r)).toEqual([]);
  }, 60_000);

  it('a submission that prints on stdout and stderr gets full marks, and its output is shown', async () => {
    const r = await gradeExample([join(EXAMPLES, 'hostile-noise.mjs')]);
    expect(failing(r), describeFailures(r)).toEqual([]);
    expect(r.output).toContain('debug: activate called');
    expect(r.output).toContain('[stderr] warning from activate');
    expect(r.output.some((l) => l.includes('{"id": 1, "result": 42}'))).toBe(true);
  }, 60_000);
});
