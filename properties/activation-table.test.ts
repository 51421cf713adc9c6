import { describe, expect, it } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { kinkJump, lipschitz, secondDerivativeBound } from '../tolerance/model.js';
import { makeActivationTableProperty, type TableConstants } from './activation-table.js';
import { runProperty } from './engine.js';

const table: TableConstants = { lipschitz, secondDerivativeBound, kinkJump };
const status = async (t: TableConstants) => (await runProperty(makeActivationTableProperty(t), referenceSubject, { seed: 5, runs: 6 })).status;

describe('activation.table-constants', () => {
  it('holds for the table', async () => {
    expect(await status(table)).toBe('pass');
  });

  it('catches a curvature below the truth (tanh 4√3/10), a Lipschitz constant that is not tight (leaky_relu max(2, α)), a signed jump (1 − α)', async () => {
    expect(await status({ ...table, secondDerivativeBound: (n, a) => (n === 'tanh' ? (4 * Math.sqrt(3)) / 10 : secondDerivativeBound(n, a)) })).toBe('fail');
    expect(await status({ ...table, lipschitz: (n, a = 0) => (n === 'leaky_relu' ? Math.max(2, Math.abs(a)) : lipschitz(n, a)) })).toBe('fail');
    expect(await status({ ...table, kinkJump: (n, a) => (n === 'elu' ? { value: 0, grad: 1 - a } : kinkJump(n, a)) })).toBe('fail');
    expect(await status({ ...table, kinkJump: (n, a) => (n === 'step' ? { value: 0, grad: 0 } : kinkJump(n, a)) })).toBe('fail');
  });
});
