import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import { run } from './bench.js';

afterEach(() => vi.restoreAllMocks());

/** Runs the command with stdout and stderr captured. */
async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const code = await run(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

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
