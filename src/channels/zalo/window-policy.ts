/**
 * Zalo's 7-day interaction window. A consultation message reaches only people who interacted with the OA (sent a
 * message, tapped a button, followed…) in the last 7 days; outside it Zalo answers -230/-232. So:
 * - every inbound event updates `chat_accounts.last_interaction_at` (see `touchZaloAccount`);
 * - the dispatcher asks `zaloWindowPolicy` before queuing a Zalo message, and routes elsewhere when it vetoes;
 * - people whose window would close before the next reminder are nudged while it is still open
 *   (`peopleNeedingNudge`, `nudgeDueAt`, `queueZaloNudges`) — policy explained in docs/zalo-window.md.
 */
import type { Notification, OutboundMessage } from '../../conversation/types.js';
import type { ReachabilityPolicy } from '../../delivery/dispatcher.js';
import type { Tx } from '../../store/store.js';

export const ZALO_WINDOW_MS = 7 * 24 * 3600_000;
/** Messages are not queued in the last 15 minutes of a window (queueing and sending take time). */
export const WINDOW_SAFETY_MS = 15 * 60_000;
/** A nudge goes out this long before the window closes: leaves a daytime slot and a day to answer. */
export const NUDGE_LEAD_MS = 30 * 3600_000;
/** Nudges are sent only between these local hours (Asia/Ho_Chi_Minh, UTC+7, no DST). */
export const NUDGE_HOURS = { from: 8, to: 20 } as const;
const VN_OFFSET_MS = 7 * 3600_000;

/** The payload of the nudge's button; the channel answers it itself (it only exists to renew the window). */
export const NUDGE_ACK_PAYLOAD = '~alive';

/** When the window of someone last seen at `lastInteractionAt` closes. */
export function windowClosesAt(lastInteractionAt: number): number {
  return lastInteractionAt + ZALO_WINDOW_MS;
}

/** True/false when known; null when we have no record (Zalo's quota API can tell). */
export function isWithinWindow(lastInteractionAt: number | null, now: number): boolean | null {
  if (lastInteractionAt === null) return null;
  return now < windowClosesAt(lastInteractionAt) - WINDOW_SAFETY_MS;
}

/**
 * The dispatcher's veto for Zalo accounts: outside the window (by our record) the message is not queued on Zalo
 * (the dispatcher tries the person's next channel, then the group fallback, and records `outside_window`).
 * Unknown (null) is allowed: the sender then asks Zalo's quota API before sending.
 */
export const zaloWindowPolicy: ReachabilityPolicy = {
  channel: 'zalo',
  async check(_tx, account, now) {
    return isWithinWindow(account.lastInteractionAt, now) === false ? 'outside_window' : null;
  },
};

/**
 * When to nudge someone last seen at `lastInteractionAt` so that a message planned for `reminderAt` can still
 * reach them: null when their window is still open then (or already closed: nothing can be sent), otherwise the
 * instant the nudge is due — `NUDGE_LEAD_MS` before the window closes, moved into daytime hours, never later than
 * an hour before closing.
 */
export function nudgeDueAt(lastInteractionAt: number, reminderAt: number): number | null {
  const closes = windowClosesAt(lastInteractionAt) - WINDOW_SAFETY_MS;
  if (closes > reminderAt) return null;
  const latest = closes - 3600_000;
  let due = closes - NUDGE_LEAD_MS;
  if (due < lastInteractionAt) due = lastInteractionAt;
  due = intoDaytime(due);
  return Math.min(due, latest);
}

/** Moves an instant forward into the nudge hours (08:00–20:00 local). */
export function intoDaytime(at: number): number {
  const local = new Date(at + VN_OFFSET_MS);
  const hour = local.getUTCHours();
  if (hour >= NUDGE_HOURS.from && hour < NUDGE_HOURS.to) return at;
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - VN_OFFSET_MS;
  const morning = day + NUDGE_HOURS.from * 3600_000;
  return hour < NUDGE_HOURS.from ? morning : morning + 24 * 3600_000;
}

export interface NudgeCandidate {
  personId: number;
  accountId: number;
  chatId: string;
  lastInteractionAt: number;
  windowClosesAt: number;
}

/**
 * Zalo accounts of active people of `unitId` whose window is open now but closes before `reminderAt` (default: within
 * `NUDGE_LEAD_MS`), so a reminder then could not reach them unless they interact first. One nudge per window: an
 * account already nudged since its last interaction is left out. `personIds` restricts the list (e.g. people who
 * have not submitted yet); `onlyDue` keeps only those whose `nudgeDueAt` has come (for a job that runs daily).
 */
export async function peopleNeedingNudge(
  tx: Tx,
  unitId: string,
  now: number,
  options: { reminderAt?: number; personIds?: readonly number[]; onlyDue?: boolean } = {},
): Promise<NudgeCandidate[]> {
  const reminderAt = options.reminderAt ?? now + NUDGE_LEAD_MS;
  const wanted = options.personIds ? new Set(options.personIds) : null;
  const out: NudgeCandidate[] = [];
  for (const r of await tx.delivery.activeAccountsOfUnit('zalo', unitId)) {
    if (wanted && !wanted.has(r.personId)) continue;
    const last = r.lastInteractionAt;
    if (!isWithinWindow(last, now)) continue;
    const due = nudgeDueAt(last, reminderAt);
    if (due === null || (options.onlyDue && due > now)) continue;
    if (await tx.outbox.exists(nudgeKey(r.accountId, last))) continue;
    out.push({ personId: r.personId, accountId: r.accountId, chatId: r.chatId, lastInteractionAt: last, windowClosesAt: windowClosesAt(last) });
  }
  return out;
}

/**
 * The best moment for a one-off nudge run before a reminder at `reminderAt`: as early as possible (more people
 * still have an open window) but late enough that a reply right after it keeps the window open past the reminder.
 */
export function nudgeRunAt(reminderAt: number): number {
  return reminderAt - ZALO_WINDOW_MS + WINDOW_SAFETY_MS;
}

/** The nudge itself: short, with a button whose tap (or any typed reply) renews the window. */
export function nudgeMessages(closesAt: number): OutboundMessage[] {
  const d = new Date(closesAt + VN_OFFSET_MS);
  const when = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} ngày ${d.getUTCDate()}/${d.getUTCMonth() + 1}`;
  return [
    {
      kind: 'choices',
      text:
        `Zalo chỉ cho phép Thi Đua Số nhắn cho anh/chị đến ${when} nếu anh/chị không nhắn lại. ` +
        'Để tiếp tục nhận nhắc hạn và thông báo duyệt điểm, vui lòng bấm nút bên dưới hoặc gõ bất kỳ tin nhắn nào (ví dụ: ok).',
      choices: [{ label: 'Tôi vẫn nhận tin', payload: NUDGE_ACK_PAYLOAD }],
      typeHint: 'Gõ «ok» để tiếp tục nhận tin.',
    },
  ];
}

/**
 * Queues one nudge per candidate straight on Zalo (not through the dispatcher: only Zalo has a window), in the
 * caller's unit of work; `wake` (the Zalo worker's `notify`) runs after the commit when something was queued.
 */
export async function queueZaloNudges(
  tx: Tx,
  candidates: readonly NudgeCandidate[],
  now: number,
  wake?: () => void,
): Promise<number> {
  let created = 0;
  for (const c of candidates) {
    const r = await tx.outbox.enqueue({
      dedupeKey: nudgeKey(c.accountId, c.lastInteractionAt),
      channel: 'zalo',
      chatId: c.chatId,
      personId: null,
      purpose: 'notice',
      messages: nudgeMessages(c.windowClosesAt),
      now,
    });
    if (r.created) created += 1;
  }
  if (created > 0 && wake) tx.afterCommit(wake);
  return created;
}

function nudgeKey(accountId: number, lastInteractionAt: number): string {
  return `zalo-nudge:${accountId}:${lastInteractionAt}`;
}

/**
 * Records an inbound event as an interaction: `last_interaction_at` moves forward (never back), and an account
 * marked unfollowed/blocked on Zalo becomes active again (they just wrote to us). Then messages held back while
 * the window was closed are queued again (unless another channel already delivered them). Returns how many.
 */
export async function touchZaloAccount(tx: Tx, zaloUserId: string, at: number, now: number): Promise<number> {
  if (!(await tx.delivery.recordInteraction('zalo', zaloUserId, at))) return 0;
  return tx.outbox.requeueHeld('zalo', zaloUserId, 'outside_window', now - HELD_MAX_AGE_MS, now);
}

/** Held messages older than this are not resent (they are stale; the office list shows them as unreached). */
const HELD_MAX_AGE_MS = 14 * 24 * 3600_000;

/** Used by the group fallback to explain what happened without revealing content. */
export function purposeLabel(purpose: Notification['purpose']): string {
  return { approval: 'một bản tự đánh giá cần anh/chị duyệt', reminder: 'một lời nhắc hạn', notice: 'một thông báo', announcement: 'một thông báo' }[purpose];
}

/**
 * The scheduler's hourly nudge as one function of (tx, upcoming reminders): the people of the unit whose window
 * closes before one of the reminders, one nudge per account. `wake` is the Zalo worker's `notify`.
 */
export function zaloNudger(
  wake?: () => void,
): (tx: Tx, input: { unitId: string; now: number; upcoming: readonly { reminderAt: number; personIds: readonly number[] }[] }) => Promise<number> {
  return async (tx, { unitId, now, upcoming }) => {
    const byAccount = new Map<number, NudgeCandidate>();
    for (const r of upcoming) {
      for (const c of await peopleNeedingNudge(tx, unitId, now, { reminderAt: r.reminderAt, personIds: r.personIds })) byAccount.set(c.accountId, c);
    }
    return queueZaloNudges(tx, [...byAccount.values()], now, wake);
  };
}
