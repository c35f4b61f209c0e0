import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inboundEvents } from '../../db/schema.js';
import { createEventLog } from '../../src/persistence/event-log.js';
import { testDb } from '../helpers/test-db.js';

describe('inbound_events pending index', () => {
  it('indexes only pending events, and the pending-events query (oldest first) uses it without sorting', () => {
    const db = testDb();
    const sqlite = db.$client;
    const insert = sqlite.prepare(
      `INSERT INTO inbound_events (channel, event_id, status, attempts, received_at) VALUES (?, ?, ?, 0, ?)`,
    );
    insert.run('zalo-webhook', 'a', 'pending', 2);
    insert.run('zalo-webhook', 'b', 'pending', 1);
    insert.run('zalo-webhook', 'c', 'done', 0);
    createEventLog(db).markProcessed('telegram', '7', 3);
    const indexed = sqlite.prepare(
      "SELECT count(*) FROM inbound_events INDEXED BY inbound_events_pending WHERE status = 'pending'");
    expect(indexed.pluck().get()).toBe(2);

    const query = db
      .select({ eventId: inboundEvents.eventId })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, 'zalo-webhook'), eq(inboundEvents.status, 'pending')))
      .orderBy(asc(inboundEvents.receivedAt));
    expect(query.all().map((r) => r.eventId)).toEqual(['b', 'a']);
    const { sql, params } = query.toSQL();
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
    expect(plan.join('\n')).toContain('USING INDEX inbound_events_pending');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });
});
