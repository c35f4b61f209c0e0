/**
 * A group post of an honour list that the outbox gave up on. Where a channel queues group posts for its one sender
 * (PostgreSQL's `sender:<channel>`, Zalo everywhere), `postHonours` records the group as posted once the post is
 * QUEUED; the send itself happens later, on the lease holder, and may still fail (after its retries, a fatal error,
 * the bot removed from the group). Why this module: the office must learn it just as it does when a direct post
 * fails (SQLite's Telegram), and the group must be retried by the next `thidua honours --post`, so the sender's unit
 * of work that marks the item failed also marks the group failed in `honour_posts` (when, why) and tells the office.
 *
 * Also the group's state as `honour_posts` keeps it and the post's outbox key, shared with post-honours.ts: a retry
 * after a failure is queued under a new key (`…:r<n>`), since the failed item still holds the first one.
 */
import { z } from 'zod';
import { fmtDate, localDate, localTime } from '../conversation/render/format.js';
import type { OutboxItem } from '../store/outbox.js';
import type { Tx } from '../store/store.js';
import type { HonoursDeps } from './honours-deps.js';
import type { HonourRef } from './load-board.js';

/** One group's state in `honour_posts.content.targets`: `failures` counts the attempts that failed (the key's `r<n>`). */
export const targetStateSchema = z.object({
  status: z.enum(['posted', 'failed']),
  at: z.number(),
  failures: z.number().int().min(0).optional(),
  /** Why the last attempt failed (shown to the office). */
  error: z.string().optional(),
});
export type TargetState = z.infer<typeof targetStateSchema>;

export const contentSchema = z.object({ targets: z.record(z.string(), targetStateSchema).default({}) }).loose();

/** What the honour post's row tells about the board (its label), read without re-validating the whole board. */
const boardLabelSchema = z.object({ board: z.object({ periodLabel: z.string() }).loose() }).loose();

/** The post key of `ref` to the group `targetId`, the `failures`-th retry (0: the first post). */
export function honourPostKey(ref: HonourRef, targetId: number, failures = 0): string {
  return `honours:${ref.kind}:${ref.unitId}:${ref.periodCode}:${targetId}${failures > 0 ? `:r${failures}` : ''}`;
}

/** Hà Nội time (UTC+7, no daylight saving), as the rest of the chat's texts. */
const OUTBOX_KEY = /^group:honours:(quarter|year):([^:@]+):([^:@]+):(\d+)(?::r(\d+))?@[a-z]+$/;

/** The honour post an outbox key names (`group:<honourPostKey>@<channel>`), or null for any other item. */
export function parseHonourPostKey(dedupeKey: string): { ref: HonourRef; targetId: number; failures: number } | null {
  const m = OUTBOX_KEY.exec(dedupeKey);
  if (!m) return null;
  const [, kind, unitId, periodCode, targetId, failures] = m;
  if ((kind !== 'quarter' && kind !== 'year') || !unitId || !periodCode || !targetId) return null;
  return { ref: { kind, unitId, periodCode }, targetId: Number(targetId), failures: Number(failures ?? 0) };
}

/** Why the outbox gave up on an item (see `OutboxWorkerOptions.onGivenUp`). */
export interface GivenUp {
  kind: 'failed' | 'unreachable';
  /** The last error, as the channel put it. */
  error: string;
}

/** The text the office reads: the list, the group, when and why, and who re-posts it. */
export function groupPostFailedText(periodLabel: string, group: string, at: number, why: GivenUp): string {
  const when = `${localTime(at)} ngày ${fmtDate(localDate(at))}`;
  const reason =
    why.kind === 'unreachable'
      ? `Thi Đua Số không còn gửi được vào nhóm, có thể đã bị mời ra khỏi nhóm, bị hạn chế quyền gửi hoặc nhóm đã bị xoá (lỗi: ${why.error})`
      : `gửi không thành công (lỗi: ${why.error})`;
  return (
    `Đăng nhóm thất bại: danh sách biểu dương ${periodLabel} chưa đăng được lên ${group} lúc ${when}: ${reason}. ` +
    'Vui lòng báo bộ phận quản trị hệ thống để đăng lại.'
  );
}

/**
 * Runs in the unit of work that marked `item` failed or unreachable: when it is an honour list's group post (its
 * current attempt, not an older one), the group is marked failed in `honour_posts` (so `thidua honours --post`
 * retries it) and every active office member is told. False for any other item.
 */
export async function recordGroupPostGivenUp(
  deps: Pick<HonoursDeps, 'dispatcher'>,
  tx: Tx,
  item: OutboxItem,
  why: GivenUp,
  at: number,
): Promise<boolean> {
  const key = parseHonourPostKey(item.dedupeKey);
  if (!key) return false;
  const row = await tx.honours.find(key.ref);
  if (!row) return false;
  // Never throws on a row it cannot read: this runs in the sender's unit of work, whose failure would leave the post
  // to be sent again.
  const parsed = contentSchema.safeParse(row.content);
  if (!parsed.success) return false;
  const content = parsed.data;
  const id = String(key.targetId);
  const state = content.targets[id];
  // Only the group's current attempt (`failures` as it was when queued): a failure of an older key, or one already
  // recorded, changes nothing. The state may not say `posted` yet: the post was given up on before `postHonours`
  // recorded it (it keeps this failure, see there).
  if ((state?.failures ?? 0) !== key.failures) return false;
  const failed: TargetState = { status: 'failed', at, failures: key.failures + 1, error: why.error };
  await tx.honours.updateContent(row.id, { ...content, targets: { ...content.targets, [id]: failed } });

  const parsedLabel = boardLabelSchema.safeParse(row.content);
  const label = parsedLabel.success ? parsedLabel.data.board.periodLabel : key.ref.periodCode;
  // By its chat first: a group the bot was removed from is no longer active, but keeps its title.
  const channel = item.channel === 'zalo' ? 'zalo' : 'telegram';
  const byChat = await tx.groups.findByChat(channel, item.chatId.replace(/^group:/, ''));
  const target = byChat?.id === key.targetId ? byChat : (await tx.groups.activeTargets(key.ref.unitId)).find((g) => g.id === key.targetId);
  const where = channel === 'zalo' ? 'Zalo' : 'Telegram';
  const group = `${target?.title ?? `nhóm ${item.chatId.replace(/^group:/, '')}`} (${where})`;
  const text = groupPostFailedText(label, group, at, why);
  const office = (await tx.staff.listPeople(key.ref.unitId)).filter((p) => p.active && p.roles.includes('office'));
  for (const p of office) {
    await deps.dispatcher.dispatch(
      tx,
      {
        personId: p.id,
        dedupeKey: `honour-group-failed:${key.ref.kind}:${key.ref.unitId}:${key.ref.periodCode}:${key.targetId}:${key.failures}:${p.id}`,
        purpose: 'notice',
        messages: [{ kind: 'text', text }],
      },
      at,
    );
  }
  return true;
}
