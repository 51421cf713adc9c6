import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, UnknownNameError } from '../../contract/errors.js';
import { capture as captureRun } from './capture.test-helpers.js';
import { run } from './train.js';

const capture = (argv: string[]) => captureRun(run, argv);

describe('nn-oracle train', () => {
  it('trains xor: progress on stderr, final metrics on stdout, zero error for seed 0', async () => {
    const { code, out, err } = await capture(['xor', '--seed', '0']);
    expect(code).toBe(0);
    expect(err).toMatch(/^epoch\s+50\s+loss \d/m);
    expect(out).toContain('experiment xor: 2-2-1 elu/identity, mse, adam η = 0.05');
    expect(out).toContain('classification error 0.0% (0 of 4)');
  });

  it('writes the curve as CSV and JSON, with the chosen activation, optimizer and schedule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-train-'));
    const csv = join(dir, 'curve.csv');
    await capture(['parity', '--activation', 'sigmoid', '--optimizer', 'momentum', '--lr', '0.5', '--epochs', '40', '--every', '10', '--out', csv, '--quiet']);
    expect(readFileSync(csv, 'utf8').split('\n').slice(0, 2)).toEqual(['epoch,loss,lr', expect.stringMatching(/^10,\d/)]);
    const json = join(dir, 'curve.json');
    const { out } = await capture(['fit1d', '--epochs', '20', '--lr', '0.1', '--lr-end', '0.01', '--tau', '40', '--out', json, '--format', 'json', '--quiet']);
    const m = JSON.parse(out);
    expect(m).toMatchObject({ experiment: 'fit1d', epochs: 20, schedule: { kind: 'linear-decay', lr0: 0.1, lrTau: 0.01, tau: 40 }, classificationError: null });
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    expect(saved.curve).toHaveLength(20);
    expect(saved.curve[19].lr).toBeLessThan(0.1);
  });

  it('refuses unknown experiments, activations, optimizers and bad numbers with typed errors', async () => {
    await expect(run(['nope'])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(run(['xor', '--activation', 'softmax'])).rejects.toBeInstanceOf(UnknownNameError);
    await expect(run(['xor', '--optimizer', 'lbfgs'])).rejects.toBeInstanceOf(UnknownNameError);
    // refused by the --epochs check itself (not by parseArgs taking "-1" for an option)
    await expect(run(['xor', '--epochs', '-1'])).rejects.toThrow(/--epochs: expected an integer ≥ 0, got "-1"/);
    // a missing --out folder is refused before training, not with a stack trace after it
    await expect(run(['xor', '--out', join(tmpdir(), 'nn-train-missing-folder', 'curve.csv'), '--quiet'])).rejects.toThrow(/--out.*existing folder/);
    await expect(run(['xor', '--lr-end', '0.1'])).rejects.toBeInstanceOf(InvalidArgumentError);
    // a step size that diverges is named as such (it surfaced as a NaN in a gradient)
    await expect(run(['xor', '--optimizer', 'sgd', '--lr', '1e30', '--quiet'])).rejects.toThrow(/--lr: expected a learning rate at which training stays finite, got 1e\+30: training diverged after epoch \d+/);
  });
});
