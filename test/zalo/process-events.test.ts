import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { chatAccounts, inboundEvents, people } from '../../db/schema.js';
import { ZaloEventProcessor } from '../../src/channels/zalo/process-events.js';
import { parseZaloEvent } from '../../src/channels/zalo/webhook-schemas.js';
import { ZALO_EVENT_LOG_CHANNEL } from '../../src/channels/zalo/webhook.js';
import type { ZaloSender } from '../../src/channels/zalo/zalo-sender.js';
import type { EngineResult, InboundEvent, OutboundMessage } from '../../src/conversation/types.js';
import { OutboxRepo } from '../../src/persistence/outbox-repo.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testDb } from '../helpers/test-db.js';
import { zaloEvent } from '../helpers/zalo-events.js';

const T0 = Date.parse('2026-12-03T02:00:00Z');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Zalo event processor', () => {
  it('keeps each user in order, runs different users at the same time, records the interaction and marks every event done', async () => {
    const db = testDb();
    const unit = seedUnit(db);
    const users = ['8101', '8102', '8103', '8104'];
    for (const [i, uid] of users.entries()) {
      const personId = db
        .insert(people)
        .values({ unitId: unit.unitId, departmentId: unit.departmentIds[0], fullName: `Cán bộ ${i}`, phone: `091300000${i}` })
        .returning({ id: people.id })
        .get().id;
      db.insert(chatAccounts).values({ personId, channel: 'zalo', externalUserId: uid, chatId: uid, linkedAt: T0, linkedVia: 'phone', lastInteractionAt: T0 - 86_400_000 }).run();
    }
    const handled: string[] = [];
    const sent: string[] = [];
    const running = new Map<string, number>();
    let together = 0;
    let most = 0;
    const handleInbound = async (event: InboundEvent): Promise<EngineResult> => {
      const text = event.kind === 'text' ? event.text : '?';
      expect(running.get(event.userId) ?? 0).toBe(0);
      running.set(event.userId, 1);
      most = Math.max(most, ++together);
      handled.push(`${event.userId}:${text}`);
      await pause(1 + (text.length % 3));
      together -= 1;
      running.set(event.userId, 0);
      return { replies: [{ kind: 'text', text: `đã nhận ${text}` }], notifications: [], duplicate: false };
    };
    const sender = {
      send: async (chatId: string, messages: OutboundMessage[]) => {
        await pause(1);
        for (const m of messages) if (m.kind === 'text') sent.push(`${chatId}:${m.text}`);
      },
    } as unknown as ZaloSender;
    const processor = new ZaloEventProcessor({
      db,
      outbox: new OutboxRepo(db),
      sender,
      download: () => Promise.reject(new Error('no attachments here')),
      handleInbound,
      logger: silent,
      now: () => T0,
    });
    const insert = db.$client.prepare(
      `INSERT INTO inbound_events (channel, event_id, payload, status, attempts, received_at) VALUES ('${ZALO_EVENT_LOG_CHANNEL}', ?, ?, 'pending', 0, ?)`,
    );
    const expected = new Map<string, string[]>(users.map((u) => [u, []]));
    for (let i = 0; i < 6; i++) {
      for (const uid of users) {
        const body = zaloEvent('user_send_text', { userId: uid, msgId: `${uid}-${i}`, text: `tin ${'!'.repeat(i)}${i}`, timestamp: String(T0) });
        const event = parseZaloEvent(body);
        if (!event || event.type === 'ignored') throw new Error('fixture did not parse');
        insert.run(event.eventId, JSON.stringify(body), T0);
        processor.accept(event.eventId, event, T0);
        expected.get(uid)!.push(`tin ${'!'.repeat(i)}${i}`);
      }
    }
    await processor.idle();

    for (const uid of users) {
      expect(handled.filter((h) => h.startsWith(`${uid}:`))).toEqual(expected.get(uid)!.map((t) => `${uid}:${t}`));
      expect(sent.filter((s) => s.startsWith(`${uid}:`))).toEqual(expected.get(uid)!.map((t) => `${uid}:đã nhận ${t}`));
    }
    expect(most).toBeGreaterThan(1);
    const rows = db.select().from(inboundEvents).where(eq(inboundEvents.channel, ZALO_EVENT_LOG_CHANNEL)).all();
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.status === 'done' && r.processedAt === T0 && r.attempts === 0)).toBe(true);
    const seen = db.select({ last: chatAccounts.lastInteractionAt }).from(chatAccounts).all();
    expect(seen.map((s) => s.last)).toEqual(users.map(() => T0));
    await processor.stop();
  });
});
