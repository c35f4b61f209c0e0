import { describe, expect, it } from 'vitest';
import { Ratio, viDecimal } from '../../src/contest/ratio.js';

describe('Ratio', () => {
  it('reads decimals exactly from their shortest spelling', () => {
    expect(Ratio.fromDecimal(0.1).toString()).toBe('1/10');
    expect(Ratio.fromDecimal(0.1).add(Ratio.fromDecimal(0.2)).equals(Ratio.fromDecimal(0.3))).toBe(true);
    expect(Ratio.fromDecimal(1e-7).toString()).toBe('1/10000000');
    expect(Ratio.fromDecimal(-2.5).toString()).toBe('-5/2');
    expect(Ratio.fromDecimal(1e21).toString()).toBe('1000000000000000000000');
  });

  it('compares exactly and keeps fractions reduced', () => {
    expect(Ratio.of(2, 4).toString()).toBe('1/2');
    expect(Ratio.of(1, 3).compare(Ratio.of(333, 1000))).toBe(1);
    expect(Ratio.of(-1, -2).toString()).toBe('1/2');
  });

  it('shows decimals truncated toward zero with a Vietnamese comma', () => {
    expect(viDecimal(Ratio.of(9999, 200))).toBe('49,99');
    expect(viDecimal(Ratio.of(50))).toBe('50,00');
    expect(viDecimal(Ratio.of(1, 3))).toBe('0,33');
    expect(Ratio.of(-1, 3).toFixedDown(2)).toBe('-0.33');
    expect(Ratio.of(7, 2).toFixedDown(0)).toBe('3');
  });

  it('refuses a zero denominator and non-finite numbers', () => {
    expect(() => Ratio.of(1, 0)).toThrow('mẫu số bằng 0');
    expect(() => Ratio.fromDecimal(Number.POSITIVE_INFINITY)).toThrow('không phải số hữu hạn');
  });
});
