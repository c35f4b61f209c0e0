/**
 * The theory test's clock. Why pure and server-side: the server decides when an attempt times out (and submits it),
 * and a refreshed or restarted page must resume with the right remaining time; the candidate's computer clock is
 * never trusted. Instants are epoch milliseconds (UTC), as everywhere in the product.
 *
 * Rules: the deadline is the start plus the duration plus every extension added by a proctor (Ban Coi thi) with a
 * reason. An extension counts only if it was added before the deadline in force at that moment: once an attempt
 * has timed out it has been submitted, and added time cannot reopen it.
 */

/** One minute in milliseconds (the contest's durations and added time are in minutes; instants in milliseconds). */
export const MINUTE = 60_000;

/** Time added by a proctor for an incident (audited by the caller). */
export interface TimeExtension {
  minutes: number;
  reason: string;
  by: string;
  /** When the proctor added it (epoch ms). */
  at: number;
}

/** What an attempt's clock depends on. */
export interface AttemptClock {
  startedAt: number;
  durationMinutes: number;
  extensions: readonly TimeExtension[];
  /** When the candidate submitted, if they did. */
  submittedAt?: number | undefined;
}

/** The clock at an instant. */
export interface TimeState {
  deadline: number;
  /** Milliseconds left, never negative; 0 once submitted or timed out. */
  remainingMs: number;
  timedOut: boolean;
  submitted: boolean;
  /** Minutes added by extensions that counted. */
  addedMinutes: number;
  /** Extensions that came after the deadline and did not count. */
  late: TimeExtension[];
}

/** Checks an extension before it is recorded; a Vietnamese message, or null when it is acceptable. */
export function checkExtension(clock: AttemptClock, extension: TimeExtension): string | null {
  if (!Number.isInteger(extension.minutes) || extension.minutes <= 0) return 'Số phút cộng thêm phải là số nguyên dương.';
  if (extension.reason.trim() === '') return 'Phải ghi lý do cộng thêm thời gian (sự cố trong phòng thi).';
  const state = timeState(clock, extension.at);
  if (state.submitted) return 'Thí sinh đã nộp bài; không thể cộng thêm thời gian.';
  if (state.timedOut) return 'Bài thi đã hết giờ và đã được nộp; không thể cộng thêm thời gian.';
  return null;
}

/** The attempt's deadline, remaining time and whether it has timed out at `now`. */
export function timeState(clock: AttemptClock, now: number): TimeState {
  if (!Number.isInteger(clock.durationMinutes) || clock.durationMinutes <= 0) {
    throw new RangeError('Thời gian làm bài phải là số phút nguyên dương.');
  }
  let deadline = clock.startedAt + clock.durationMinutes * MINUTE;
  let addedMinutes = 0;
  const late: TimeExtension[] = [];
  const ordered = [...clock.extensions].sort((a, b) => a.at - b.at);
  for (const ext of ordered) {
    if (ext.at > now) continue;
    if (ext.at >= deadline || (clock.submittedAt !== undefined && ext.at >= clock.submittedAt)) {
      late.push(ext);
      continue;
    }
    deadline += ext.minutes * MINUTE;
    addedMinutes += ext.minutes;
  }
  const submitted = clock.submittedAt !== undefined && clock.submittedAt <= now && clock.submittedAt < deadline;
  const timedOut = !submitted && now >= deadline;
  return { deadline, remainingMs: submitted || timedOut ? 0 : deadline - now, timedOut, submitted, addedMinutes, late };
}
