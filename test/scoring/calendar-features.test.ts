/** Period calendar features of seed 000 (issue 17 items 12, 13): the pilot, the article window, the Q4 flag. */
import { describe, expect, it } from 'vitest';
import {
  articleWindow,
  defaultDeadlines,
  isPilotCode,
  PILOT_2024,
  selfDeadlineConflict,
} from '../../src/scoring/period-calendar.js';

describe('the pilot 1/9–30/11/2024', () => {
  it('is a period of its own, not a quarter', () => {
    expect(PILOT_2024).toMatchObject({ startsOn: '2024-09-01', endsOn: '2024-11-30', selfDeadline: '2024-11-10' });
    expect(isPilotCode('2024-td')).toBe(true);
    expect(isPilotCode('2024-Q4')).toBe(false);
    expect(selfDeadlineConflict(PILOT_2024)).toBeNull();
  });
});

describe('article window "Ít nhất 1 bài/6 tháng"', () => {
  it('last-6-months (default): the six months ending with the quarter', () => {
    expect(articleWindow({ year: 2026, quarter: 4 })).toEqual({ from: '2026-07-01', to: '2026-12-31', checked: true });
    expect(articleWindow({ year: 2026, quarter: 1 })).toEqual({ from: '2025-10-01', to: '2026-03-31', checked: true });
    expect(articleWindow({ year: 2026, quarter: 2 })).toEqual({ from: '2026-01-01', to: '2026-06-30', checked: true });
  });
  it('half-year: the calendar half up to the quarter, judged at the half’s end', () => {
    expect(articleWindow({ year: 2026, quarter: 1 }, 'half-year')).toEqual({ from: '2026-01-01', to: '2026-03-31', checked: false });
    expect(articleWindow({ year: 2026, quarter: 2 }, 'half-year')).toEqual({ from: '2026-01-01', to: '2026-06-30', checked: true });
    expect(articleWindow({ year: 2026, quarter: 3 }, 'half-year')).toEqual({ from: '2026-07-01', to: '2026-09-30', checked: false });
    expect(articleWindow({ year: 2026, quarter: 4 }, 'half-year')).toEqual({ from: '2026-07-01', to: '2026-12-31', checked: true });
  });
});

describe('Q4: self-assessment and department list both due 10 December', () => {
  it('flags Q4 and suggests 5 December', () => {
    const conflict = selfDeadlineConflict(defaultDeadlines(2026, 4));
    expect(conflict).toMatchObject({ selfDeadline: '2026-12-10', departmentDeadline: '2026-12-10', suggestedSelfDeadline: '2026-12-05' });
    expect(conflict?.message).toContain('Đề nghị đặt hạn tự đánh giá sớm hơn, ví dụ 05/12/2026');
    expect(selfDeadlineConflict(defaultDeadlines(2026, 4), 10)?.suggestedSelfDeadline).toBe('2026-11-30');
  });
  it('does not flag the other quarters', () => {
    for (const q of [1, 2, 3]) expect(selfDeadlineConflict(defaultDeadlines(2026, q))).toBeNull();
  });
});
