import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isFirstWorkingDayOfMonth, jobDefinitions } from '../../src/scheduler/schedule.js';
import { defaultSchedulerSettings, parseSchedulerSettings } from '../../src/scheduler/settings.js';
import { deadlineLine } from '../../src/scheduler/jobs/reminder-texts.js';
import { localPartsOf, parseCron, slotsBetween, slotUsefulUntil } from '../../src/scheduler/slots.js';
import { defaultDeadlines } from '../../src/scoring/period-calendar.js';
import { TZ, vn } from './harness.js';

const iso = (d: Date | number) => new Date(d).toISOString();

describe('schedule', () => {
  afterEach(() => vi.useRealTimers());

  it('uses one restricted day field per expression (node-cron ANDs day-of-month and day-of-week)', () => {
    const defs = jobDefinitions(defaultSchedulerSettings());
    const byName = Object.fromEntries(defs.map((d) => [d.name, d.expression]));
    expect(byName).toEqual({
      'self-reminder': '0 8 10 3,6,9,12 *',
      'review-reminder': '0 8 20 3,6,9,12 *',
      'office-status': '0 8 25 3,6,9,12 *',
      'zalo-nudge': '0 8-19 * 3,6,9,12 *',
      honours: '0 8 1-4 1,4,7,10 *',
      'org-reminder': '0 8 * * *',
    });
    for (const d of defs) {
      expect(cron.validate(d.expression)).toBe(true);
      expect(d.expression.split(' ')[4]).toBe('*');
    }
  });

  it('agrees with node-cron getNextRuns for every job (time zone Asia/Ho_Chi_Minh)', async () => {
    vi.useFakeTimers({ now: vn(2026, 1, 1, 0, 0), toFake: ['Date'] });
    for (const def of jobDefinitions(defaultSchedulerSettings()).filter((d) => !d.filter)) {
      const task = cron.createTask(def.expression, () => undefined, { timezone: TZ, name: `t-${def.name}` });
      const fromCron = task.getNextRuns(8).map(iso);
      await task.destroy();
      const ours = slotsBetween(def, vn(2026, 1, 1, 0, 0).getTime(), vn(2027, 12, 31, 23, 59).getTime(), TZ).slice(0, 8).map(iso);
      expect(ours).toEqual(fromCron);
    }
  });

  it('puts the reminders at 08:00 local on the 10th, 20th and 25th of each quarter’s last month', () => {
    const [self] = jobDefinitions(defaultSchedulerSettings());
    const slots = slotsBetween(self!, vn(2026, 1, 1, 0).getTime(), vn(2026, 12, 31, 23).getTime(), TZ);
    expect(slots.map(iso)).toEqual([
      '2026-03-10T01:00:00.000Z',
      '2026-06-10T01:00:00.000Z',
      '2026-09-10T01:00:00.000Z',
      '2026-12-10T01:00:00.000Z',
    ]);
  });

  it('posts honours on the first working day of each quarter (1 January is a holiday)', () => {
    const honours = jobDefinitions(defaultSchedulerSettings()).find((d) => d.name === 'honours')!;
    const slots = slotsBetween(honours, vn(2026, 1, 1, 0).getTime(), vn(2027, 1, 31, 0).getTime(), TZ);
    const days = slots.map((s) => {
      const p = localPartsOf(s, TZ);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    });
    // 2026-01-01 Thu (holiday) → Fri 2; 2026-04-01 Wed; 2026-07-01 Wed; 2026-10-01 Thu; 2027-01-01 Fri → Mon 4.
    expect(days).toEqual(['2026-1-2 8:0', '2026-4-1 8:0', '2026-7-1 8:0', '2026-10-1 8:0', '2027-1-4 8:0']);
    expect(isFirstWorkingDayOfMonth({ year: 2026, month: 8, day: 3, weekday: 1 })).toBe(true); // 1 Aug 2026 is a Saturday
  });

  it('reads per-unit settings with zod and falls back to the defaults when invalid', () => {
    const custom = parseSchedulerSettings({ reminders: { selfDay: 8, time: '07:30' }, other: 1 });
    expect(custom.error).toBeUndefined();
    expect(jobDefinitions(custom.settings)[0]?.expression).toBe('30 7 8 3,6,9,12 *');
    const bad = parseSchedulerSettings({ reminders: { selfDay: 31 } });
    expect(bad.error).toMatch(/selfDay/);
    expect(bad.settings.reminders.selfDay).toBe(10);
    expect(() => parseCron('0 8 L * *')).toThrow();
  });

  it('keeps a reminder slot useful until the end of its day (the deadline it reminds of)', () => {
    const slot = vn(2026, 3, 10, 8).getTime();
    const until = slotUsefulUntil('self-reminder', slot, { timeZone: TZ, deadlines: defaultDeadlines(2026, 1) });
    expect(iso(until)).toBe(iso(vn(2026, 3, 11, 0).getTime() - 1));
    const later = slotUsefulUntil('self-reminder', slot, { timeZone: TZ, deadlines: { ...defaultDeadlines(2026, 1), selfDeadline: '2026-03-14' } });
    expect(iso(later)).toBe(iso(vn(2026, 3, 15, 0).getTime() - 1));
    // Every default slot lies ON its deadline day, so each is useful until 23:59 that day.
    for (const [job, day] of [['review-reminder', 20], ['office-status', 25]] as const) {
      const at = vn(2026, 6, day, 8).getTime();
      expect(iso(slotUsefulUntil(job, at, { timeZone: TZ, deadlines: defaultDeadlines(2026, 2) }))).toBe(iso(vn(2026, 6, day + 1, 0).getTime() - 1));
    }
    // Q4's 20 December reminder comes after the lists' deadline (10 December): useful until the end of its own day.
    const q4 = slotUsefulUntil('review-reminder', vn(2026, 12, 20, 8).getTime(), { timeZone: TZ, deadlines: defaultDeadlines(2026, 4) });
    expect(iso(q4)).toBe(iso(vn(2026, 12, 21, 0).getTime() - 1));
  });

  it('words a deadline as upcoming, due today (inclusive last day) or overdue', () => {
    expect(deadlineLine('Hạn tự đánh giá', '2026-12-10', '2026-12-09')).toBe('Hạn tự đánh giá: hết ngày 10/12/2026.');
    expect(deadlineLine('Hạn tự đánh giá', '2026-12-10', '2026-12-10')).toBe('Hạn tự đánh giá: hạn chót hôm nay (10/12); vui lòng hoàn thành trong ngày.');
    expect(deadlineLine('Hạn tự đánh giá', '2026-12-10', '2026-12-11')).toBe(
      'Hạn tự đánh giá: đã quá hạn (hết ngày 10/12/2026); vui lòng hoàn thành ngay hôm nay.',
    );
  });
});
