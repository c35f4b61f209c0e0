/**
 * Group posts and the channel's own notices through the outbox (`throughOutbox`, the default on PostgreSQL where
 * several instances share one `sender:telegram`): nothing is sent by the caller, the worker sends each post once
 * under its key, and it follows the group as a direct post does (a supergroup upgrade re-targets the registration, a
 * group the bot left is deactivated). Run on the SQLite harness with the option forced on; the two-instance case on
 * PostgreSQL is test/app/group-posts-instances.test.ts.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { announcementTargets, auditLog, chatAccounts, outbox, people, personRoles, units } from '../../db/schema.js';
import { UPDATE_TEXTS } from '../../src/channels/telegram/handle-update.js';
import { GROUP_TEXTS } from '../../src/channels/telegram/render-group.js';
import type { Db } from '../../src/store/sqlite/open-sqlite.js';
import { documentUpdate, fixture, groupCommandUpdate } from '../helpers/telegram-updates.js';
import { postUpdate, startChannel, type ChannelHarness } from './telegram-harness.js';

let h: ChannelHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const GROUP = -1001234567890;
const office = { id: 5123456790 };

function seedOffice(db: Db): void {
  db.insert(units).values({ id: 'u1', name: 'Sở Thông tin và Truyền thông' }).run();
  const person = db.insert(people).values({ unitId: 'u1', fullName: 'Vũ Văn Chánh' }).returning().get();
  db.insert(personRoles).values({ personId: person.id, role: 'office' }).run();
  const id = String(office.id);
  db.insert(chatAccounts).values({ personId: person.id, channel: 'telegram', externalUserId: id, chatId: id, linkedAt: 1, linkedVia: 'phone' }).run();
}

const rowsTo = (db: Db, chatId: string) => db.select().from(outbox).where(eq(outbox.chatId, chatId)).all();

describe('Telegram group posts through the outbox', () => {
  it('queues a post for the worker (nothing sent by the caller) and sends it once however often it is posted', async () => {
    h = await startChannel({ mode: 'webhook', channel: { throughOutbox: true } });
    await h.channel.worker.stop();
    const board = [{ kind: 'text' as const, text: 'Bảng vinh danh Quý IV' }];
    await h.channel.postToGroup(String(GROUP), board, 'honours:quarter:u1:2026-Q4:1');
    await h.channel.postToGroup(String(GROUP), board, 'honours:quarter:u1:2026-Q4:1');
    expect(h.fake.sent(String(GROUP))).toEqual([]);
    expect(rowsTo(h.db, String(GROUP))).toMatchObject([
      { dedupeKey: 'group:honours:quarter:u1:2026-Q4:1@telegram', channel: 'telegram', personId: null, purpose: 'announcement', status: 'pending' },
    ]);

    h.channel.worker.start();
    await h.fake.waitFor(() => rowsTo(h!.db, String(GROUP))[0]?.status === 'sent');
    expect(h.fake.sent(String(GROUP)).map((c) => c.body.text)).toEqual(['Bảng vinh danh Quý IV']);
    // Without a key the content names the post: the same messages to the same group, once.
    await h.channel.postToGroup(String(GROUP), [{ kind: 'text', text: 'Thông báo chung' }]);
    await h.channel.postToGroup(String(GROUP), [{ kind: 'text', text: 'Thông báo chung' }]);
    await h.fake.waitFor(() => h!.fake.sent(String(GROUP)).length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.fake.sent(String(GROUP)).map((c) => c.body.text)).toEqual(['Bảng vinh danh Quý IV', 'Thông báo chung']);
  });

  it('follows a group upgraded to a supergroup, and deactivates a group the bot was removed from, from the worker', async () => {
    h = await startChannel({ mode: 'webhook', channel: { throughOutbox: true } });
    h.db.insert(units).values({ id: 'u1', name: 'Sở Thông tin và Truyền thông' }).run();
    for (const chatId of ['-4001', String(GROUP)]) {
      await h.store.transaction((tx) => tx.groups.register({ unitId: 'u1', channel: 'telegram', chatId, title: null, registeredById: null, registeredAt: 1 }));
    }
    h.fake.inject(
      { status: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1004001 } },
      { chatId: '-4001' },
    );
    h.fake.inject({ status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' }, { chatId: String(GROUP) });
    await h.channel.postToGroup('-4001', [{ kind: 'text', text: 'Bảng vinh danh' }], 'p1');
    await h.channel.postToGroup(String(GROUP), [{ kind: 'text', text: 'Bảng vinh danh' }], 'p2');
    await h.fake.waitFor(() => rowsTo(h!.db, '-4001')[0]?.status === 'sent' && rowsTo(h!.db, String(GROUP))[0]?.status === 'unreachable');
    expect(h.fake.sent('-1004001').map((c) => c.body.text)).toEqual(['Bảng vinh danh']);
    const targets = h.db.select().from(announcementTargets).all();
    expect(targets.map((t) => [t.chatId, t.active])).toEqual([
      ['-1004001', true],
      [String(GROUP), false],
    ]);
    expect(h.db.select().from(auditLog).all().map((a) => a.action).sort()).toEqual(['announcement_target.deactivate', 'announcement_target.migrate']);
  });

  it('queues the handler’s own notices under the update’s key in the unit of work that marks it; a redelivery adds nothing', async () => {
    h = await startChannel({ mode: 'webhook', channel: { throughOutbox: true } });
    seedOffice(h.db);
    await h.channel.worker.stop();
    await postUpdate(h.url, groupCommandUpdate(1, office, GROUP, '/duyet'));
    await postUpdate(h.url, groupCommandUpdate(2, office, GROUP));
    await postUpdate(h.url, groupCommandUpdate(2, office, GROUP));
    const sticker = fixture('message-sticker');
    await postUpdate(h.url, sticker);
    await postUpdate(h.url, documentUpdate(3, office, 'missing-file', 100));
    expect(h.fake.sent()).toEqual([]);
    const stickerId = String((sticker as { update_id: number }).update_id);
    expect(h.db.select().from(outbox).all().map((r) => [r.dedupeKey, r.purpose, r.status])).toEqual([
      ['reply:1@telegram', 'reply', 'pending'],
      ['reply:2@telegram', 'reply', 'pending'],
      [`reply:${stickerId}@telegram`, 'reply', 'pending'],
      ['reply:3.file@telegram', 'reply', 'pending'],
    ]);

    h.channel.worker.start();
    await h.fake.waitFor(() => h!.fake.sent().length === 4);
    // In each chat's order; the chats themselves are sent concurrently.
    expect(h.fake.sent(String(GROUP)).map((c) => c.body.text)).toEqual([UPDATE_TEXTS.groupOnly, GROUP_TEXTS.registered('Sở Thông tin và Truyền thông')]);
    expect(h.fake.sent(String(office.id)).map((c) => c.body.text)).toEqual([UPDATE_TEXTS.fileFailed]);
    expect(h.fake.sent().filter((c) => c.body.text === UPDATE_TEXTS.unsupported)).toHaveLength(1);
  });
});
