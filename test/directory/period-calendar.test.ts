import { describe, expect, it } from 'vitest';
import {
  defaultDeadlines,
  isLocalDate,
  localDateOf,
  parsePeriodCode,
  periodCode,
  quarterOf,
} from '../../src/scoring/period-calendar.js';

describe('period calendar (seed 000)', () => {
  it('gives the seed deadlines as the last allowed local day (inclusive): the 10th, 20th and 25th, Q1–Q4', () => {
    expect(defaultDeadlines(2026, 1)).toEqual({
      startsOn: '2026-01-01',
      endsOn: '2026-03-31',
      selfDeadline: '2026-03-10',
      departmentDeadline: '2026-03-20',
      officeDeadline: '2026-03-25',
    });
    expect(defaultDeadlines(2026, 2)).toEqual({
      startsOn: '2026-04-01',
      endsOn: '2026-06-30',
      selfDeadline: '2026-06-10',
      departmentDeadline: '2026-06-20',
      officeDeadline: '2026-06-25',
    });
    expect(defaultDeadlines(2026, 3)).toMatchObject({ startsOn: '2026-07-01', endsOn: '2026-09-30', selfDeadline: '2026-09-10' });
    // Q4: the department list is due on 10 December, not the 20th.
    expect(defaultDeadlines(2026, 4)).toEqual({
      startsOn: '2026-10-01',
      endsOn: '2026-12-31',
      selfDeadline: '2026-12-10',
      departmentDeadline: '2026-12-10',
      officeDeadline: '2026-12-25',
    });
  });

  it('formats and parses period codes', () => {
    expect(periodCode(2026, 4)).toBe('2026-Q4');
    expect(parsePeriodCode('2026-Q4')).toEqual({ year: 2026, quarter: 4 });
    expect(parsePeriodCode(' 2025-q1 ')).toEqual({ year: 2025, quarter: 1 });
    expect(parsePeriodCode('2026-Q5')).toBeNull();
    expect(parsePeriodCode('Q4-2026')).toBeNull();
    expect(() => periodCode(2026, 0)).toThrow();
  });

  it('finds the quarter in Vietnam time, not UTC', () => {
    // 31 Dec 2026 18:00 UTC is already 1 Jan 2027 01:00 in Hanoi.
    const instant = new Date(Date.UTC(2026, 11, 31, 18, 0));
    expect(quarterOf(instant)).toEqual({ year: 2027, quarter: 1 });
    expect(quarterOf(instant, 'UTC')).toEqual({ year: 2026, quarter: 4 });
    expect(localDateOf(instant)).toBe('2027-01-01');
    expect(quarterOf(new Date(Date.UTC(2026, 5, 30, 12)))).toEqual({ year: 2026, quarter: 2 });
  });

  it('validates local dates', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-12-9')).toBe(false);
  });
});
