import { describe, expect, it } from 'vitest';
import { checkExtension, timeState, type AttemptClock } from '../../src/contest/timekeeping.js';
import { theoryDurationMinutes } from '../../src/contest/open-values.js';
import { seedContest, settledContest } from './fixture.js';

const MIN = 60_000;
const start = Date.UTC(2024, 5, 15, 1, 0, 0); // 08:00 in Cần Thơ
const clock = (extra: Partial<AttemptClock> = {}): AttemptClock => ({ startedAt: start, durationMinutes: 30, extensions: [], ...extra });

describe('timeState', () => {
  it('counts down from the duration and times out exactly at the deadline', () => {
    expect(timeState(clock(), start + 10 * MIN)).toMatchObject({ remainingMs: 20 * MIN, timedOut: false, deadline: start + 30 * MIN });
    expect(timeState(clock(), start + 30 * MIN - 1)).toMatchObject({ remainingMs: 1, timedOut: false });
    expect(timeState(clock(), start + 30 * MIN)).toMatchObject({ remainingMs: 0, timedOut: true });
  });

  it('adds a proctor’s extension given before the deadline', () => {
    const c = clock({ extensions: [{ minutes: 5, reason: 'Máy tính số 12 bị treo', by: 'coi-thi-1', at: start + 20 * MIN }] });
    expect(timeState(c, start + 15 * MIN)).toMatchObject({ remainingMs: 15 * MIN, addedMinutes: 0 });
    expect(timeState(c, start + 31 * MIN)).toMatchObject({ remainingMs: 4 * MIN, addedMinutes: 5, timedOut: false, deadline: start + 35 * MIN });
    expect(timeState(c, start + 35 * MIN).timedOut).toBe(true);
  });

  it('ignores an extension added after the attempt timed out', () => {
    const late = { minutes: 5, reason: 'Mất điện', by: 'coi-thi-1', at: start + 31 * MIN };
    const state = timeState(clock({ extensions: [late] }), start + 32 * MIN);
    expect(state).toMatchObject({ timedOut: true, addedMinutes: 0, remainingMs: 0 });
    expect(state.late).toEqual([late]);
  });

  it('a submitted attempt has no time left and is not timed out', () => {
    expect(timeState(clock({ submittedAt: start + 12 * MIN }), start + 40 * MIN)).toMatchObject({ submitted: true, timedOut: false, remainingMs: 0 });
  });

  it('takes the duration from the contest once announced, refuses before', () => {
    expect(theoryDurationMinutes(settledContest({ theoryMinutes: 45 }))).toBe(45);
    expect(() => theoryDurationMinutes(seedContest())).toThrow('số phút làm bài thi lý thuyết (theory.durationMinutes)');
  });
});

describe('checkExtension', () => {
  it('requires positive whole minutes and a reason, and refuses after time-out or submission', () => {
    const ok = { minutes: 5, reason: 'Máy treo', by: 'coi-thi-1', at: start + 10 * MIN };
    expect(checkExtension(clock(), ok)).toBeNull();
    expect(checkExtension(clock(), { ...ok, minutes: 0 })).toBe('Số phút cộng thêm phải là số nguyên dương.');
    expect(checkExtension(clock(), { ...ok, reason: '  ' })).toBe('Phải ghi lý do cộng thêm thời gian (sự cố trong phòng thi).');
    expect(checkExtension(clock(), { ...ok, at: start + 30 * MIN })).toBe('Bài thi đã hết giờ và đã được nộp; không thể cộng thêm thời gian.');
    expect(checkExtension(clock({ submittedAt: start + 5 * MIN }), ok)).toBe('Thí sinh đã nộp bài; không thể cộng thêm thời gian.');
  });
});
