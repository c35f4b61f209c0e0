import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { chatAccounts, outbox } from '../../db/schema.js';
import {
  intoDaytime,
  nudgeDueAt,
  nudgeRunAt,
  peopleNeedingNudge,
  queueZaloNudges,
  ZALO_WINDOW_MS,
} from '../../src/channels/zalo/window-policy.js';
import type { Notification } from '../../src/conversation/types.js';
import { buttonsOf, dispatchNow, startZaloHarness, textOf, type ZaloHarness } from './zalo-harness.js';

const DAY = 24 * 3600_000;
const UID = '7001000000000000001';
const GROUP = 'f414c8f76fa586fbdfb4';

let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function linkZalo(hh: ZaloHarness, key: string, uid: string, lastSeenAgoMs: number | null): number {
  const personId = hh.unit.people[key]!;
  hh.store.db
    .insert(chatAccounts)
    .values({
      personId,
      channel: 'zalo',
      externalUserId: uid,
      chatId: uid,
      linkedAt: hh.clock.ms() - 30 * DAY,
      linkedVia: 'phone',
      lastInteractionAt: lastSeenAgoMs === null ? null : hh.clock.ms() - lastSeenAgoMs,
    })
    .run();
  return personId;
}

const reminder = (personId: number, key = 'nhac-1'): Notification => ({
  personId,
  dedupeKey: key,
  purpose: 'reminder',
  messages: [{ kind: 'text', text: 'Nhắc: hạn tự đánh giá quý IV là ngày 10/12.' }],
});

function rowsFor(hh: ZaloHarness, chatId: string) {
  return hh.store.db.select().from(outbox).where(and(eq(outbox.channel, 'zalo'), eq(outbox.chatId, chatId))).all();
}

describe('Zalo 7-day window', () => {
  it('does not message someone last seen 8 days ago: mentions them in the group, records why, resends when they write', async () => {
    h = await startZaloHarness({ groupId: GROUP });
    const hh = h;
    const personId = linkZalo(hh, 'staff', UID, 8 * DAY);
    const outcome = await dispatchNow(hh, reminder(personId));
    expect(outcome.status).toBe('fallback');
    expect(outcome.reasons).toEqual([{ channel: 'zalo', reason: 'outside_window' }]);
    await hh.settle();
    expect(hh.fake.sentTo(UID)).toEqual([]);
    const group = hh.fake.sent.filter((m) => m.groupId === GROUP);
    expect(group).toHaveLength(1);
    expect(textOf(group[0])).toMatch(new RegExp(`^\\[@${UID}\\] .*nhắc hạn`));
    expect(textOf(group[0])).not.toContain('10/12'); // the content itself is not posted in the group
    const held = rowsFor(hh, UID);
    expect(held).toMatchObject([{ status: 'unreachable', lastError: 'outside_window', personId }]);

    // They write to the OA: the window reopens and the held reminder is delivered.
    await hh.send('user_send_text', { userId: UID, text: 'ok' });
    expect(rowsFor(hh, UID)[0]?.status).toBe('sent');
    expect(hh.fake.sentTo(UID).some((m) => textOf(m).includes('10/12'))).toBe(true);
  });

  it('without a group the person is reported unreachable with the reason, and nothing is sent', async () => {
    h = await startZaloHarness();
    const personId = linkZalo(h, 'staff', UID, 8 * DAY);
    const outcome = await dispatchNow(h, reminder(personId));
    expect(outcome).toMatchObject({ status: 'unreachable', reasons: [{ channel: 'zalo', reason: 'outside_window' }] });
    await h.settle();
    expect(h.fake.sent).toEqual([]);
  });

  it.each([-230, -232])('handles error %i from Zalo the same way (unreachable, group fallback)', async (code) => {
    h = await startZaloHarness({ groupId: GROUP });
    const hh = h;
    // Our record says 2 days (stale data, or Zalo counts differently): Zalo refuses.
    const personId = linkZalo(hh, 'staff', UID, 2 * DAY);
    hh.fake.csError.set(UID, code);
    const outcome = await dispatchNow(hh, reminder(personId));
    expect(outcome.status).toBe('queued');
    await hh.settle();
    expect(rowsFor(hh, UID)).toMatchObject([{ status: 'unreachable', lastError: 'outside_window' }]);
    expect(hh.fake.sentTo(UID)).toEqual([]);
    expect(hh.fake.sent.filter((m) => m.groupId === GROUP).map(textOf)).toEqual([expect.stringContaining(`[@${UID}]`)]);
  });

  it('asks Zalo for the last interaction when we have no record, before sending', async () => {
    h = await startZaloHarness();
    const hh = h;
    const personId = linkZalo(hh, 'staff', UID, null);
    hh.fake.lastInteraction.set(UID, hh.clock.ms() - 8 * DAY);
    await dispatchNow(hh, reminder(personId));
    await hh.settle();
    expect(hh.fake.calls).toContain('/v3.0/oa/quota/message');
    expect(hh.fake.calls).not.toContain('/v3.0/oa/message/cs');
    expect(rowsFor(hh, UID)).toMatchObject([{ status: 'unreachable', lastError: 'outside_window' }]);
  });

  it('nudges people whose window closes before the next reminder, once per window; a tap renews it', async () => {
    h = await startZaloHarness();
    const hh = h;
    const { store } = hh;
    linkZalo(hh, 'staff', UID, 6.5 * DAY);
    linkZalo(hh, 'staff2', '7001000000000000002', 1 * DAY); // open long enough
    linkZalo(hh, 'head', '7001000000000000003', 9 * DAY); // already closed: cannot be nudged
    const now = hh.clock.ms();
    const needing = () => store.transaction((tx) => peopleNeedingNudge(tx, hh.unit.unitId, now, { reminderAt: now + 2 * DAY }));
    const candidates = await needing();
    expect(candidates.map((c) => c.chatId)).toEqual([UID]);
    expect(await store.transaction((tx) => queueZaloNudges(tx, candidates, now))).toBe(1);
    expect(await store.transaction(async (tx) => queueZaloNudges(tx, await peopleNeedingNudge(tx, hh.unit.unitId, now, { reminderAt: now + 2 * DAY }), now))).toBe(0);
    await hh.settle();
    const nudge = hh.fake.sentTo(UID).at(-1);
    expect(textOf(nudge)).toMatch(/gõ/i);
    const tap = buttonsOf(nudge)[0]!;
    expect(tap.payload).toBe('#td:~alive');
    await hh.send('user_send_text', { userId: UID, text: tap.payload });
    expect(textOf(hh.fake.sentTo(UID).at(-1))).toContain('Cảm ơn');
    expect(await needing()).toEqual([]);
  });
});

describe('nudge timing', () => {
  const last = Date.parse('2026-12-01T01:00:00Z'); // 08:00 in Hà Nội
  it('no nudge when the window outlasts the reminder; otherwise 30 h before it closes, in daytime', () => {
    expect(nudgeDueAt(last, last + 5 * DAY)).toBeNull();
    const due = nudgeDueAt(last, last + 8 * DAY)!;
    expect(due).toBeLessThan(last + ZALO_WINDOW_MS - 3600_000);
    const hour = new Date(due + 7 * 3600_000).getUTCHours();
    expect(hour >= 8 && hour < 20).toBe(true);
  });
  it('moves night-time instants to 08:00 local', () => {
    const night = Date.parse('2026-12-05T16:00:00Z'); // 23:00 local
    expect(new Date(intoDaytime(night)).toISOString()).toBe('2026-12-06T01:00:00.000Z');
    const early = Date.parse('2026-12-05T22:00:00Z'); // 05:00 local
    expect(new Date(intoDaytime(early)).toISOString()).toBe('2026-12-06T01:00:00.000Z');
  });
  it('the one-off nudge run is just under 7 days before the reminder', () => {
    const reminderAt = Date.parse('2026-12-08T01:00:00Z');
    expect(reminderAt - nudgeRunAt(reminderAt)).toBeLessThan(ZALO_WINDOW_MS);
    expect(reminderAt - nudgeRunAt(reminderAt)).toBeGreaterThan(ZALO_WINDOW_MS - 3600_000);
  });
});
