/**
 * Issue 12: a Zalo reply is never lost and never sent twice. On PostgreSQL (several instances) the engine queues an
 * event's replies as ONE outbox item `reply:<eventId>@zalo` in the step's own transaction, so an instance dying
 * between the commit and the send loses nothing (the `sender:zalo` holder sends it); on SQLite the reply goes out at
 * once and only a failed send falls back to the outbox under the same key. A redelivered event, a recovery sweep or
 * a second fallback adds nothing. Taking the `sender:zalo` role sweeps the events a dead instance acknowledged.
 * Zalo group posts go through the outbox too, once per post key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseZaloEvent } from '../../src/channels/zalo/webhook-schemas.js';
import { replyKey } from '../../src/conversation/replies.js';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, testSql } from '../helpers/dialects.js';
import { postSigned, zaloEvent } from '../helpers/zalo-events.js';
import { OA_SECRET, startZaloHarness, type ZaloHarness } from './zalo-harness.js';

const UID = '5001000000000000077';

let h: ZaloHarness<Store> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The outbox rows whose key is `key` (status, payload), SQL both dialects run. */
async function outboxRows(hh: ZaloHarness<Store>, key: string): Promise<Record<string, unknown>[]> {
  return testSql(hh.store, 'SELECT status, chat_id FROM outbox WHERE dedupe_key = ?', [key]);
}

describe('Zalo replies on PostgreSQL: one outbox item per event, sent by the one sender', () => {
  it('a reply committed by an instance that dies before sending is delivered once by the sender; a redelivery and a sweep add nothing', async () => {
    h = await startZaloHarness({ dialect: 'postgres' });
    const hh = h;
    await hh.send('follow', { userId: UID });
    const before = hh.fake.sentTo(UID).length;
    expect(before).toBeGreaterThan(0);
    // The instance that handles the event is not the sender (or dies right after its step committed): nothing is sent.
    await hh.zalo.worker.stop();
    const event = zaloEvent('user_send_text', { userId: UID, msgId: 'mid-dies-1', text: '/huongdan', timestamp: String(hh.clock.ms()) });
    expect(await postSigned(`${hh.url}/zalo/webhook`, event, hh.fake.appId, OA_SECRET)).toBe(200);
    await hh.zalo.processor.idle();
    expect(hh.fake.sentTo(UID)).toHaveLength(before);
    expect(await outboxRows(hh, replyKey('mid-dies-1', 'zalo'))).toEqual([{ status: 'pending', chat_id: UID }]);

    // The sender (this or another instance) delivers it once.
    await hh.settle();
    const after = hh.fake.sentTo(UID).length;
    expect(after).toBeGreaterThan(before);
    expect(await outboxRows(hh, replyKey('mid-dies-1', 'zalo'))).toEqual([{ status: 'sent', chat_id: UID }]);

    // Zalo redelivers the event; the recovery sweep takes whatever is pending: no second reply.
    expect(await postSigned(`${hh.url}/zalo/webhook`, event, hh.fake.appId, OA_SECRET)).toBe(200);
    await hh.zalo.processor.resumeStale(0);
    await hh.settle();
    expect(hh.fake.sentTo(UID)).toHaveLength(after);
  });

  it('taking the sender:zalo role resumes an event a dead instance acknowledged but never processed', async () => {
    h = await startZaloHarness({ dialect: 'postgres' });
    const hh = h;
    await hh.send('follow', { userId: UID });
    const before = hh.fake.sentTo(UID).length;
    // Acknowledged (recorded as pending) two minutes ago by an instance that then died.
    const raw = zaloEvent('user_send_text', { userId: UID, msgId: 'mid-orphan-1', text: '/huongdan', timestamp: String(hh.clock.ms()) });
    const parsed = parseZaloEvent(raw);
    if (!parsed || parsed.type === 'ignored') throw new Error('fixture not parsed');
    expect(await hh.zalo.processor.receive(parsed, JSON.stringify(raw), hh.clock.ms() - 120_000)).toBe(true);
    expect(hh.fake.sentTo(UID)).toHaveLength(before);

    const role = hh.zalo.roles?.find((r) => r.name === 'sender:zalo');
    if (!role) throw new Error('no sender:zalo role');
    await role.start();
    for (let i = 0; i < 50 && (await outboxRows(hh, replyKey('mid-orphan-1', 'zalo'))).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await hh.zalo.processor.idle();
    await hh.settle();
    expect(hh.fake.sentTo(UID).length).toBeGreaterThan(before);
    expect(await outboxRows(hh, replyKey('mid-orphan-1', 'zalo'))).toEqual([{ status: 'sent', chat_id: UID }]);
    await role.stop();
  });
});

describe('Zalo replies on SQLite: sent at once, the outbox only when the send failed', () => {
  it('a reply refused for a moment (-32) is queued under the event key and sent once later; a redelivery adds nothing', async () => {
    h = await startZaloHarness({ dialect: 'sqlite' });
    const hh = h;
    await hh.send('follow', { userId: UID });
    const before = hh.fake.sentTo(UID).length;
    hh.fake.csError.set(UID, -32);
    const event = zaloEvent('user_send_text', { userId: UID, msgId: 'mid-limited-1', text: '/huongdan', timestamp: String(hh.clock.ms()) });
    expect(await postSigned(`${hh.url}/zalo/webhook`, event, hh.fake.appId, OA_SECRET)).toBe(200);
    await hh.zalo.processor.idle();
    expect(hh.fake.sentTo(UID)).toHaveLength(before);
    expect(await outboxRows(hh, replyKey('mid-limited-1', 'zalo'))).toEqual([{ status: 'pending', chat_id: UID }]);

    hh.fake.csError.delete(UID);
    hh.clock.advance(61_000);
    await hh.settle();
    const after = hh.fake.sentTo(UID).length;
    expect(after).toBeGreaterThan(before);
    expect(await outboxRows(hh, replyKey('mid-limited-1', 'zalo'))).toEqual([{ status: 'sent', chat_id: UID }]);
    expect(await postSigned(`${hh.url}/zalo/webhook`, event, hh.fake.appId, OA_SECRET)).toBe(200);
    await hh.settle();
    expect(hh.fake.sentTo(UID)).toHaveLength(after);
  });
});

describe.each(DIALECTS)('Zalo group posts through the outbox (%s)', (dialect) => {
  it('a post is queued under its key and sent once by the sender, however often it is posted', async () => {
    h = await startZaloHarness({ dialect, groupId: 'g-777' });
    const hh = h;
    const post = [{ kind: 'text' as const, text: 'Biểu dương Chiến binh số Quý IV/2026' }];
    const poster = hh.zalo.postToGroup?.bind(hh.zalo);
    if (!poster) throw new Error('no postToGroup');
    await poster('g-777', post, 'honours:quarter:u1:2026-Q4:1');
    await poster('g-777', post, 'honours:quarter:u1:2026-Q4:1');
    await hh.settle();
    const inGroup = hh.fake.sent.filter((m) => JSON.stringify(m).includes('Biểu dương Chiến binh số Quý IV/2026'));
    expect(inGroup).toHaveLength(1);
    expect(await outboxRows(hh, 'group:honours:quarter:u1:2026-Q4:1@zalo')).toEqual([{ status: 'sent', chat_id: 'group:g-777' }]);
  });
});
