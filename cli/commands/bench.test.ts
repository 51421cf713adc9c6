import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import { capture as captureRun } from './capture.test-helpers.js';
import { formatText, run } from './bench.js';
import { runBench } from '../../bench/harness.js';
import { MissingPeerError, importPeer } from '../../bench/subjects/optional.js';
import { referenceBench } from '../../bench/subjects/reference.js';
import { WORKLOADS, makeData } from '../../bench/workloads.js';

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
    await expect(run(['--seed', '1.5'])).rejects.toThrow(/--seed: expected an integer from -2147483648 to 2147483647/);
  });

  it('--quiet prints no progress', async () => {
    const { code, err } = await capture(['--subjects', 'reference', '--steps', '1', '--warmup', '0', '--quiet']);
    expect(code).toBe(0);
    expect(err).toBe('');
  });
});

describe('optional peer packages of the bench subjects', () => {
  it('a package that is not installed is a MissingPeerError naming the npm install command', async () => {
    const e = await importPeer('nn-oracle-no-such-package', ['nn-oracle-no-such-package', 'another']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MissingPeerError);
    expect((e as Error).message).toBe('needs nn-oracle-no-such-package and another (optional peer dependencies of nn-oracle, not installed): npm install nn-oracle-no-such-package another');
    // an installed package loads; an error inside a package that is there is not mistaken for a missing one
    expect(await importPeer<typeof import('decimal.js')>('decimal.js')).toHaveProperty('default');
  });

  it('the harness skips such a subject (not a failure) and still runs the others', async () => {
    const missing = { ...referenceBench, name: 'needs-peer', prepare: () => importPeer('nn-oracle-no-such-package').then(() => referenceBench.prepare(WORKLOADS[0]!, makeData(WORKLOADS[0]!, 1))) };
    const report = await runBench({ workloads: [WORKLOADS[0]!], subjects: [referenceBench, missing], steps: 1, warmup: 0, seed: 1 });
    expect(report.results.map((r) => r.subject)).toEqual(['reference']);
    expect(report.skipped).toEqual([{ workload: WORKLOADS[0]!.id, subject: 'needs-peer', reason: expect.stringMatching(/npm install nn-oracle-no-such-package$/), failed: false }]);
    expect(formatText(report, [WORKLOADS[0]!])).toMatch(/needs-peer\s+skipped: needs nn-oracle-no-such-package/);
  });
});
