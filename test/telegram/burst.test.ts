/**
 * 500 outbox messages through the limiter to the fake Bot API, which enforces Telegram's limits (windows scaled
 * to 5 % so the test takes about a second): no limit is exceeded, every message arrives exactly once, in order
 * per chat, with injected 429s/5xx and a process restart half-way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, chatAccounts, people, units } from '../../db/schema.js';
import type { Notification } from '../../src/conversation/types.js';
import { FakeTelegramApi } from '../helpers/fake-telegram-api.js';
import { startChannel, TEST_LIMITS, TOKEN, type ChannelHarness } from './telegram-harness.js';

let h: ChannelHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PEOPLE = 160;
const PER_PERSON = 3;
const GROUP = '-1005550001';
const GROUP_POSTS = 20;
const TOTAL = PEOPLE * PER_PERSON + GROUP_POSTS;

describe('burst delivery within Telegram limits', () => {
  it('delivers 500 messages exactly once, never over a limit, through 429s, 5xx and a restart', async () => {
    const fake = await FakeTelegramApi.start({ token: TOKEN, limits: TEST_LIMITS });
    h = await startChannel({ mode: 'webhook', fake });
    const { db } = h;
    db.insert(units).values({ id: 'u1', name: 'Sở Thử nghiệm' }).run();
    const personIds: number[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const p = db.insert(people).values({ unitId: 'u1', fullName: `Người ${i}` }).returning().get();
      const chatId = String(6_000_000_000 + i);
      db.insert(chatAccounts).values({ personId: p.id, channel: 'telegram', externalUserId: chatId, chatId, linkedAt: 1, linkedVia: 'phone' }).run();
      personIds.push(p.id);
    }
    fake.inject({ status: 429, retryAfter: 1 }, { chatId: '6000000010' });
    fake.inject({ status: 429, retryAfter: 2 }, { chatId: '6000000077', times: 2 });
    fake.inject({ status: 502 }, { chatId: '6000000100' });
    fake.inject({ status: 429, retryAfter: 1 }, { chatId: GROUP });

    const now = Date.now();
    // Everything is queued in one unit of work, so the worker sees it all at once when woken.
    const { dispatcher } = h;
    const statuses = await h.store.transaction(async (tx) => {
      const out: string[] = [];
      for (let k = 0; k < PER_PERSON; k++) {
        for (const [i, personId] of personIds.entries()) {
          const n: Notification = { personId, dedupeKey: `burst-${i}-${k}`, purpose: 'reminder', messages: [{ kind: 'text', text: `M ${i}-${k}` }] };
          out.push((await dispatcher.dispatch(tx, n, now)).status);
        }
      }
      for (let g = 0; g < GROUP_POSTS; g++) {
        await tx.outbox.enqueue({ dedupeKey: `group-${g}`, channel: 'telegram', chatId: GROUP, purpose: 'announcement', messages: [{ kind: 'text', text: `G ${g}` }], now });
      }
      return out;
    });
    expect(statuses).toEqual(Array.from({ length: PEOPLE * PER_PERSON }, () => 'queued'));

    const t0 = performance.now();
    h.channel.notify();
    await fake.waitFor(() => fake.sent().length >= TOTAL / 2);
    await h.channel.stop();
    const beforeRestart = fake.sent().length;
    expect(beforeRestart).toBeLessThan(TOTAL);
    const pendingAtRestart = db.select().from(outbox).all().filter((r) => r.status !== 'sent').length;
    expect(pendingAtRestart).toBe(TOTAL - beforeRestart);

    await h.restart();
    await fake.waitFor(() => fake.sent().length >= TOTAL, 20_000);
    const elapsed = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));

    const texts = fake.sent().map((c) => String(c.body.text));
    expect(texts).toHaveLength(TOTAL);
    expect(new Set(texts).size).toBe(TOTAL);
    expect(fake.violations).toEqual([]);
    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(4);
    expect(fake.calls.filter((c) => c.status === 502)).toHaveLength(1);
    expect(db.select().from(outbox).all().every((r) => r.status === 'sent')).toBe(true);
    for (const i of [0, 10, 77, 100, 159]) {
      expect(fake.sent(String(6_000_000_000 + i)).map((c) => c.body.text)).toEqual([0, 1, 2].map((k) => `M ${i}-${k}`));
    }
    expect(fake.sent(GROUP).map((c) => c.body.text)).toEqual(Array.from({ length: GROUP_POSTS }, (_, g) => `G ${g}`));
    // 480 private messages at ≤ 30 per 50 ms need at least 0.8 s; the whole run stays within a few seconds.
    expect(elapsed).toBeGreaterThan(790);
    expect(elapsed).toBeLessThan(15_000);
  }, 30_000);
});
