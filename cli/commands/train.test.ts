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
    // off a terminal: plain lines from epoch 0 (the initial weights), one number format throughout
    expect(err).toMatch(/^epoch\s+0\s+loss \d\.\d{5}e[+-]\d+ {2}lr 5\.00000e-2$/m);
    expect(err).toMatch(/^epoch\s+50\s+loss \d\.\d{5}e[+-]\d+/m);
    expect(err).not.toContain('\r');
    for (const n of [...err.matchAll(/loss (\S+)  lr (\S+)/g)].flatMap((m) => [m[1]!, m[2]!])) expect(n).toMatch(/^\d\.\d{5}e[+-]\d+$/);
    expect(out).toMatch(/^final loss \d\.\d{5}e[+-]\d+ \(epoch 0: \d\.\d{5}e[+-]\d+\)$/m);
    expect(out).toContain('experiment xor: 2-2-1 elu/identity, mse, adam η = 0.05');
    expect(out).toContain('classification error 0.0% (0 of 4)');
  });

  it('writes the curve as CSV and JSON, with the chosen activation, optimizer and schedule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-train-'));
    const csv = join(dir, 'curve.csv');
    await capture(['parity', '--activation', 'sigmoid', '--optimizer', 'momentum', '--lr', '0.5', '--epochs', '40', '--every', '10', '--out', csv, '--quiet']);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows.slice(0, 3)).toEqual(['epoch,loss,lr', expect.stringMatching(/^0,\d\.\d{5}e[+-]\d+,5\.00000e-1$/), expect.stringMatching(/^10,\d\.\d{5}e[+-]\d+,/)]);
    expect(rows).toHaveLength(1 + 5); // epoch 0, 10, 20, 30, 40
    const json = join(dir, 'curve.json');
    const { out } = await capture(['fit1d', '--epochs', '20', '--lr', '0.1', '--lr-end', '0.01', '--tau', '40', '--out', json, '--format', 'json', '--quiet']);
    const m = JSON.parse(out);
    expect(m).toMatchObject({ experiment: 'fit1d', epochs: 20, schedule: { kind: 'linear-decay', lr0: 0.1, lrTau: 0.01, tau: 40 }, classificationError: null });
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    expect(saved.curve).toHaveLength(21); // epoch 0 and 1..20
    expect(saved.curve[0]).toMatchObject({ epoch: 0, lr: 0.1, steps: 0 });
    expect(saved.curve[20].lr).toBeLessThan(0.1);
  });

  it('--quiet (and -q) prints no progress', async () => {
    for (const q of ['--quiet', '-q']) expect((await capture(['xor', '--epochs', '10', q])).err).toBe('');
  });

  it('refuses unknown experiments, activations, optimizers and bad numbers with typed errors', async () => {
    await expect(run(['nope'])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(run(['xor', '--activation', 'softmax'])).rejects.toBeInstanceOf(UnknownNameError);
    await expect(run(['xor', '--optimizer', 'lbfgs'])).rejects.toBeInstanceOf(UnknownNameError);
    // refused by the --epochs check itself (not by parseArgs taking "-1" for an option)
    await expect(run(['xor', '--epochs', '-1'])).rejects.toThrow(/--epochs: expected an integer ≥ 0, got "-1"/);
    await expect(run(['xor', '--seed', '4294967296'])).rejects.toThrow(/--seed: expected an integer from -2147483648 to 2147483647/);
    await expect(run(['xor', '--jobs', '4'])).rejects.toThrow(/--jobs: expected an option of nn-oracle train, got the unknown option --jobs/);
    await expect(run(['xor', '--format', 'csv'])).rejects.toThrow(/--format: expected text or json, got "csv"/);
    // a missing --out folder is refused before training, not with a stack trace after it
    await expect(run(['xor', '--out', join(tmpdir(), 'nn-train-missing-folder', 'curve.csv'), '--quiet'])).rejects.toThrow(/--out.*existing folder/);
    await expect(run(['xor', '--lr-end', '0.1'])).rejects.toBeInstanceOf(InvalidArgumentError);
    // a step size that diverges is named as such (it surfaced as a NaN in a gradient)
    await expect(run(['xor', '--optimizer', 'sgd', '--lr', '1e30', '--quiet'])).rejects.toThrow(/--lr: expected a learning rate at which training stays finite, got 1e\+30: training diverged after epoch \d+/);
  });
});
