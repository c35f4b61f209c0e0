import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../src/directory/phone.js';

describe('normalisePhone', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0084 912 345 678', '0912345678'],
    ['912345678', '0912345678'],
    ['(0261) 3544 123', '02613544123'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(['', 'abc', '12345', '+1 202 555 0100', '09123456789012', '0912-34x-678'])('rejects %j', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});
