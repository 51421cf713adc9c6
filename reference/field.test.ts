import { describe, expect, it } from 'vitest';
import { decimal50, float64 } from './field.js';

describe('Field', () => {
  it('Decimal.of reads a double exactly, not its shortest decimal string', () => {
    // 0.1 as a double is 0.1000000000000000055511151231257827021181583404541015625
    expect(decimal50.of(0.1).toString()).toBe('0.1000000000000000055511151231257827021181583404541');
    expect(decimal50.toNumber(decimal50.of(0.1))).toBe(0.1);
    expect(decimal50.of(3).toString()).toBe('3');
    expect(decimal50.toNumber(decimal50.of(-1.5e-300))).toBe(-1.5e-300);
  });
  it('log1p and expm1 keep relative accuracy near 0 in Decimal', () => {
    const x = decimal50.of(1e-30);
    expect(decimal50.log1p(x).div(x).minus(1).abs().lt(1e-29)).toBe(true);
    expect(decimal50.expm1(x).div(x).minus(1).abs().lt(1e-29)).toBe(true);
    expect(float64.log1p(1e-30)).toBe(1e-30);
  });
});
