import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { chatAccounts, inboundEvents } from '../../db/schema.js';
import { INBOUND_EVENT_RETENTION_MS, purgeInboundEvents } from '../../src/channels/zalo/inbound-retention.js';
import { ZALO_EVENT_MAX_SKEW_MS } from '../../src/channels/zalo/webhook.js';
import { signBody, zaloEvent } from '../helpers/zalo-events.js';
import { OA_SECRET, startZaloHarness, textOf, type ZaloHarness } from './zalo-harness.js';

const UID = '8001000000000000001';
let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function post(hh: ZaloHarness, body: string, signature?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['x-zevent-signature'] = signature;
  const res = await fetch(`${hh.url}/zalo/webhook`, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

async function postEvent(hh: ZaloHarness, event: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(event);
  return post(hh, body, signBody(hh.fake.appId, body, String(event.timestamp), OA_SECRET));
}

const stored = (hh: ZaloHarness) => hh.store.db.select().from(inboundEvents).where(eq(inboundEvents.channel, 'zalo')).all();

describe('Zalo webhook', () => {
  it('rejects missing or wrong signatures with 401 and stores nothing', async () => {
    h = await startZaloHarness();
    const event = zaloEvent('user_send_text', { userId: UID, msgId: 'w1', text: 'xin chào', timestamp: String(h.clock.ms()) });
    const body = JSON.stringify(event);
    expect(await post(h, body)).toBe(401);
    expect(await post(h, body, 'mac=' + 'a'.repeat(64))).toBe(401);
    expect(await post(h, body, signBody(h.fake.appId, body, String(event.timestamp), 'wrong-secret'))).toBe(401);
    expect(await post(h, body.replace('xin chào', 'tạm biệt'), signBody(h.fake.appId, body, String(event.timestamp), OA_SECRET))).toBe(401);
    await h.settle();
    expect(stored(h)).toEqual([]);
    expect(h.fake.sent).toEqual([]);
  });

  it('stores an event before answering 200, processes it once, and ignores a redelivery', async () => {
    h = await startZaloHarness();
    const event = zaloEvent('user_send_text', { userId: UID, msgId: 'dup-1', text: 'xin chào', timestamp: String(h.clock.ms()) });
    expect(await postEvent(h, event)).toBe(200);
    await h.settle();
    const replies = h.fake.sentTo(UID).length;
    expect(replies).toBeGreaterThan(0);
    expect(await postEvent(h, event)).toBe(200);
    await h.settle();
    expect(h.fake.sentTo(UID)).toHaveLength(replies);
    // One row in the one inbound-event log, closed by the engine's step.
    expect(stored(h)).toMatchObject([{ eventId: 'dup-1', status: 'done' }]);
  });

  it("acknowledges the OA's own echoes without storing or answering them", async () => {
    h = await startZaloHarness();
    const event = zaloEvent('oa_send_text', { timestamp: String(h.clock.ms()) });
    expect(await postEvent(h, event)).toBe(200);
    await h.settle();
    expect(h.store.db.select().from(inboundEvents).all()).toEqual([]);
    expect(h.fake.sent).toEqual([]);
  });

  it('processes events left pending (a crash after the 200) on start-up', async () => {
    let at = 0;
    h = await startZaloHarness({
      beforeStart: (store) => {
        at = Date.parse('2026-12-03T02:00:00Z');
        const event = zaloEvent('follow', { userId: UID, timestamp: String(at) });
        store.db
          .insert(inboundEvents)
          .values({ channel: 'zalo', eventId: `follow:${UID}:${at}`, payload: event, status: 'pending', receivedAt: at })
          .run();
      },
    });
    await h.settle();
    expect(stored(h)).toMatchObject([{ eventId: `follow:${UID}:${at}`, status: 'done' }]);
    expect(h.fake.sentTo(UID).map(textOf).join('\n')).toMatch(/số điện thoại|mã/);
    // Nothing left to resume.
    expect(await h.zalo.processor.resumePending()).toBe(0);
  });

  it('answers 200 quickly while processing is still running', async () => {
    h = await startZaloHarness();
    // Slow attachment download: the answer must not wait for it.
    const slow = h.fake.serveFile('slow.png', Buffer.alloc(10), 'image/png');
    const event = zaloEvent('user_send_image', { userId: UID, msgId: 'slow-1', url: slow, timestamp: String(h.clock.ms()) });
    h.fake.oauthDelayMs = 0;
    const started = performance.now();
    expect(await postEvent(h, event)).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    await h.settle();
    expect(stored(h)).toMatchObject([{ status: 'done' }]);
  });

  it('drops a correctly signed event whose timestamp is more than 15 minutes off, in either direction (issue 18 item 8)', async () => {
    h = await startZaloHarness();
    const now = h.clock.ms();
    for (const [msgId, ts] of [
      ['old-1', now - ZALO_EVENT_MAX_SKEW_MS - 1000],
      ['future-1', now + ZALO_EVENT_MAX_SKEW_MS + 1000],
    ] as const) {
      expect(await postEvent(h, zaloEvent('user_send_text', { userId: UID, msgId, text: 'xin chào', timestamp: String(ts) }))).toBe(200);
    }
    await h.settle();
    expect(stored(h)).toEqual([]);
    expect(h.fake.sent).toEqual([]);
    // Within the window it is processed.
    expect(await postEvent(h, zaloEvent('user_send_text', { userId: UID, msgId: 'ok-1', text: 'xin chào', timestamp: String(now - ZALO_EVENT_MAX_SKEW_MS + 60_000) }))).toBe(200);
    await h.settle();
    expect(stored(h)).toMatchObject([{ eventId: 'ok-1', status: 'done' }]);
  });

  it('a replay after the log was purged is still refused (retention + freshness)', async () => {
    h = await startZaloHarness();
    const hh = h;
    const event = zaloEvent('user_send_text', { userId: UID, msgId: 'replay-1', text: 'xin chào', timestamp: String(hh.clock.ms()) });
    expect(await postEvent(hh, event)).toBe(200);
    await hh.settle();
    const replies = hh.fake.sentTo(UID).length;
    hh.clock.advance(INBOUND_EVENT_RETENTION_MS + 3600_000);
    const now = hh.clock.ms();
    expect(await hh.store.transaction((tx) => purgeInboundEvents(tx, now))).toBe(1);
    expect(stored(hh)).toEqual([]);
    expect(await postEvent(hh, event)).toBe(200);
    await hh.settle();
    expect(stored(hh)).toEqual([]);
    expect(hh.fake.sentTo(UID)).toHaveLength(replies);
  });

  it('never fetches a signed user_send_file pointing at a loopback address (issue 18 item 9)', async () => {
    // The production policy: https on Zalo's CDN, public addresses only.
    h = await startZaloHarness({ channel: { attachments: undefined } });
    const hh = h;
    const personId = hh.unit.people.staff!;
    hh.store.db
      .insert(chatAccounts)
      .values({ personId, channel: 'zalo', externalUserId: UID, chatId: UID, linkedAt: hh.clock.ms(), linkedVia: 'phone', lastInteractionAt: hh.clock.ms() })
      .run();
    const secret = hh.fake.serveFile('noi-bo.pdf', Buffer.from('%PDF-1.4 bí mật'), 'application/pdf');
    expect(secret).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const calls = () => hh.fake.calls.filter((c) => c.startsWith('/files/')).length;
    const event = zaloEvent('user_send_file', { userId: UID, msgId: 'ssrf-1', url: secret, timestamp: String(hh.clock.ms()) });
    expect(await postEvent(hh, event)).toBe(200);
    await hh.settle();
    expect(calls()).toBe(0);
    expect(hh.store.db.select().from(inboundEvents).where(and(eq(inboundEvents.channel, 'zalo'), eq(inboundEvents.eventId, 'ssrf-1'))).get()?.status).toBe('done');
  });
});
