import { describe, expect, it } from 'vitest';
import { announcementTargets, chatAccounts, outbox, people, units } from '../../db/schema.js';
import { createZaloGroupFallback } from '../../src/channels/zalo/group-fallback.js';
import { testStore } from '../helpers/test-store.js';

describe('Zalo group fallback', () => {
  function setup() {
    const store = testStore();
    const db = store.db;
    db.insert(units).values([{ id: 'a', name: 'Đơn vị A' }, { id: 'b', name: 'Đơn vị B' }]).run();
    db.insert(announcementTargets)
      .values({ unitId: 'a', channel: 'zalo', chatId: 'group-a', registeredAt: 1 })
      .run();
    const personOf = (unitId: string, zaloId: string) => {
      const person = db.insert(people).values({ unitId, fullName: 'Người thử' }).returning().get();
      db.insert(chatAccounts)
        .values({ personId: person.id, channel: 'zalo', externalUserId: zaloId, chatId: zaloId, linkedAt: 1, linkedVia: 'phone' })
        .run();
      return person.id;
    };
    const fallback = createZaloGroupFallback();
    const run = (n: ReturnType<typeof note>) => store.transaction((tx) => fallback(tx, n, reasons, 5));
    return { db, personOf, run };
  }
  const reasons = [{ channel: 'zalo' as const, reason: 'outside_window' as const }];
  const note = (personId: number) => ({
    personId,
    dedupeKey: `r:${personId}`,
    purpose: 'reminder' as const,
    messages: [{ kind: 'text' as const, text: 'Điểm của anh/chị: 80' }],
  });

  it("mentions a person in their own unit's group, without the message's content", async () => {
    const { db, personOf, run } = setup();
    const id = personOf('a', '111');
    expect(await run(note(id))).toMatchObject({ channel: 'zalo' });
    const rows = db.select().from(outbox).all();
    const group = rows.find((r) => r.chatId.endsWith('group-a'));
    expect(JSON.stringify(group?.payload)).toContain('[@111]');
    expect(JSON.stringify(group?.payload)).not.toContain('80');
    expect(rows.find((r) => r.chatId === '111')?.status).toBe('unreachable');
  });

  it("never tags someone in another unit's group", async () => {
    const { db, personOf, run } = setup();
    const id = personOf('b', '222');
    expect(await run(note(id))).toBeNull();
    expect(db.select().from(outbox).all().filter((r) => r.chatId.includes('group'))).toEqual([]);
  });
});
