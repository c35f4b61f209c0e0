import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { inboundEvents } from '../../db/schema.js';
import { ZALO_EVENT_LOG_CHANNEL } from '../../src/channels/zalo/webhook.js';
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

const stored = (hh: ZaloHarness) =>
  hh.app.services.db.select().from(inboundEvents).where(eq(inboundEvents.channel, ZALO_EVENT_LOG_CHANNEL)).all();

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
    const body = JSON.stringify(event);
    const sig = signBody(h.fake.appId, body, String(event.timestamp), OA_SECRET);
    expect(await post(h, body, sig)).toBe(200);
    await h.settle();
    const replies = h.fake.sentTo(UID).length;
    expect(replies).toBeGreaterThan(0);
    expect(await post(h, body, sig)).toBe(200);
    await h.settle();
    expect(h.fake.sentTo(UID)).toHaveLength(replies);
    expect(stored(h)).toMatchObject([{ eventId: 'dup-1', status: 'done' }]);
  });

  it("acknowledges the OA's own echoes without storing or answering them", async () => {
    h = await startZaloHarness();
    const event = zaloEvent('oa_send_text', { timestamp: String(h.clock.ms()) });
    const body = JSON.stringify(event);
    expect(await post(h, body, signBody(h.fake.appId, body, String(event.timestamp), OA_SECRET))).toBe(200);
    await h.settle();
    expect(stored(h)).toEqual([]);
    expect(h.fake.sent).toEqual([]);
  });

  it('processes events left pending (a crash after the 200) on start-up', async () => {
    h = await startZaloHarness();
    const event = zaloEvent('follow', { userId: UID, timestamp: String(h.clock.ms()) });
    h.app.services.db
      .insert(inboundEvents)
      .values({ channel: ZALO_EVENT_LOG_CHANNEL, eventId: `follow:${UID}:${h.clock.ms()}`, payload: event, status: 'pending', receivedAt: h.clock.ms() })
      .run();
    expect(h.zalo.processor.resumePending()).toBe(1);
    await h.settle();
    expect(stored(h)).toMatchObject([{ status: 'done' }]);
    expect(h.fake.sentTo(UID).map(textOf).join('\n')).toMatch(/số điện thoại|mã/);
  });

  it('answers 200 quickly while processing is still running', async () => {
    h = await startZaloHarness();
    // Slow attachment download: the answer must not wait for it.
    const slow = h.fake.serveFile('slow.png', Buffer.alloc(10), 'image/png');
    const event = zaloEvent('user_send_image', { userId: UID, msgId: 'slow-1', url: slow, timestamp: String(h.clock.ms()) });
    const body = JSON.stringify(event);
    h.fake.oauthDelayMs = 0;
    const started = performance.now();
    expect(await post(h, body, signBody(h.fake.appId, body, String(event.timestamp), OA_SECRET))).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    await h.settle();
    expect(stored(h)).toMatchObject([{ status: 'done' }]);
  });
});
