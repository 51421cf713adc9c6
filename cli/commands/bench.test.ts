import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import { capture as captureRun } from './capture.test-helpers.js';
import { run } from './bench.js';

const capture = (argv: string[]) => captureRun(run, argv);

describe('nn-oracle bench', () => {
  it('--format json prints { device, results: [{ workload, subject, msPerStep, gflops }] } on stdout, progress on stderr', async () => {
    const { code, out, err } = await capture(['--subjects', 'reference', '--steps', '1', '--warmup', '0', '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(typeof report.device).toBe('string');
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ workload: 'fwd-bwd-b256', subject: 'reference' });
    expect(report.results[0].msPerStep).toBeGreaterThan(0);
    expect(report.results[0].gflops).toBeGreaterThan(0);
    expect(err).toContain('bench: fwd-bwd-b256 / reference: step 1/1');
  });

  it('text format names the workload, the subject and the FLOPs', async () => {
    const { out } = await capture(['--subjects', 'reference', '--steps', '1', '--warmup', '0']);
    expect(out).toContain('fwd-bwd-b256');
    expect(out).toContain('257.8 MFLOP per step');
    expect(out).toMatch(/reference\s+float64/);
  });

  it('refuses unknown workloads, subjects and formats with typed errors', async () => {
    await expect(run(['--workload', 'nope'])).rejects.toBeInstanceOf(UnknownNameError);
    await expect(run(['--subjects', 'nope'])).rejects.toBeInstanceOf(UnknownNameError);
    await expect(run(['--format', 'xml'])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(run(['--steps', '0'])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(run(['--subjects', ','])).rejects.toThrow(/--subjects: expected one or more names/);
    await expect(run(['--warmup', '-1'])).rejects.toThrow(/--warmup: expected an integer ≥ 0, got "-1"/);
    await expect(run(['--bogus'])).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
