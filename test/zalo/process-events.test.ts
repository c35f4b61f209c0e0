import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { chatAccounts, inboundEvents, people } from '../../db/schema.js';
import type { Workflow } from '../../src/conversation/workflow.js';
import { signBody, zaloEvent } from '../helpers/zalo-events.js';
import { OA_SECRET, startZaloHarness, T0, textOf, type ZaloHarness } from './zalo-harness.js';

/** Answers `/echo <text>` with `đã nhận <text>` (a workflow as small as a step can be). */
const echoWorkflow: Workflow = {
  name: 'echo',
  commands: [
    {
      names: ['echo'],
      description: 'Thử nghiệm',
      async handle(ctx, args) {
        ctx.replies.push({ kind: 'text', text: `đã nhận ${args}` });
      },
    },
  ],
};

let h: ZaloHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Zalo event processing', () => {
  it('keeps each user in order, sends to different users at the same time, records the interaction and marks every event done', async () => {
    h = await startZaloHarness({ workflows: [echoWorkflow] });
    const hh = h;
    const db = hh.store.db;
    const users = ['8101', '8102', '8103', '8104'];
    for (const [i, uid] of users.entries()) {
      const personId = db
        .insert(people)
        .values({ unitId: hh.unit.unitId, departmentId: hh.unit.departmentIds[0], fullName: `Cán bộ ${i}`, phone: `091300000${i}` })
        .returning({ id: people.id })
        .get().id;
      db.insert(chatAccounts).values({ personId, channel: 'zalo', externalUserId: uid, chatId: uid, linkedAt: T0, linkedVia: 'phone', lastInteractionAt: T0 - 86_400_000 }).run();
    }
    hh.fake.csDelayMs = 3;
    const expected = new Map<string, string[]>(users.map((u) => [u, []]));
    // Every event is answered 200 as soon as it is recorded; processing runs behind, all users at once.
    for (let i = 0; i < 6; i++) {
      for (const uid of users) {
        const text = `tin ${'!'.repeat(i)}${i}`;
        const event = zaloEvent('user_send_text', { userId: uid, msgId: `${uid}-${i}`, text: `/echo ${text}`, timestamp: String(T0) });
        const body = JSON.stringify(event);
        const res = await fetch(`${hh.url}/zalo/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-zevent-signature': signBody(hh.fake.appId, body, String(T0), OA_SECRET) },
          body,
        });
        expect(res.status).toBe(200);
        expected.get(uid)!.push(`đã nhận ${text}`);
      }
    }
    await hh.settle();

    for (const uid of users) expect(hh.fake.sentTo(uid).map(textOf)).toEqual(expected.get(uid));
    expect(hh.fake.maxCsInFlightPerUser).toBe(1);
    expect(hh.fake.maxCsInFlight).toBeGreaterThan(1);
    const rows = db.select().from(inboundEvents).where(eq(inboundEvents.channel, 'zalo')).all();
    expect(rows).toHaveLength(24);
    // Processed once each (the engine's step closed it), never failed.
    expect(rows.every((r) => r.status === 'done' && r.processedAt === T0 && r.attempts === 1 && r.lastError === null)).toBe(true);
    const seen = db.select({ last: chatAccounts.lastInteractionAt }).from(chatAccounts).all();
    expect(seen.map((s) => s.last)).toEqual(users.map(() => T0));
  });
});
