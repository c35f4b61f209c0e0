import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { chatAccounts, outbox, people, units } from '../../db/schema.js';
import { DeliveryError, type ChannelSender } from '../../src/delivery/channel-sender.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { OutboxWorker } from '../../src/delivery/outbox-worker.js';
import { OutboxRepo } from '../../src/persistence/outbox-repo.js';
import type { OutboundMessage } from '../../src/conversation/types.js';
import { silentLogger } from '../../src/logger.js';
import { testDb } from '../helpers/test-db.js';

function setup() {
  const db = testDb();
  db.insert(units).values({ id: 'u1', name: 'Sở Thử nghiệm' }).run();
  const person = db.insert(people).values({ unitId: 'u1', fullName: 'Nguyễn Văn A' }).returning().get();
  return { db, personId: person.id, repo: new OutboxRepo(db) };
}

function link(db: ReturnType<typeof testDb>, personId: number, channel: 'telegram' | 'zalo', chatId: string, last: number) {
  db.insert(chatAccounts)
    .values({ personId, channel, externalUserId: chatId, chatId, linkedAt: 1, linkedVia: 'phone', lastInteractionAt: last })
    .run();
}

class RecordingSender implements ChannelSender {
  sent: Array<{ chatId: string; messages: OutboundMessage[] }> = [];
  failures: DeliveryError[] = [];
  constructor(readonly channel: 'telegram' | 'zalo') {}
  async send(chatId: string, messages: OutboundMessage[]): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ chatId, messages });
  }
}

const note = (personId: number, key = 'k1') => ({
  personId,
  dedupeKey: key,
  purpose: 'reminder' as const,
  messages: [{ kind: 'text' as const, text: 'Nhắc việc' }],
});

describe('outbox and dispatcher', () => {
  it('enqueues once per dedupe key and delivers once', async () => {
    const { db, personId, repo } = setup();
    link(db, personId, 'telegram', '111', 10);
    const dispatcher = new Dispatcher({ db, outbox: repo, enabledChannels: new Set(['telegram', 'web']) });
    const first = dispatcher.dispatch(note(personId), 100);
    const again = dispatcher.dispatch(note(personId), 200);
    expect(first).toMatchObject({ status: 'queued', channel: 'telegram', duplicate: false });
    expect(again).toMatchObject({ status: 'queued', outboxId: first.outboxId, duplicate: true });
    const sender = new RecordingSender('telegram');
    const worker = new OutboxWorker({ repo, sender, logger: silentLogger(), now: () => 300 });
    expect(await worker.drainOnce()).toBe(1);
    expect(await worker.drainOnce()).toBe(0);
    expect(sender.sent).toEqual([{ chatId: '111', messages: note(personId).messages }]);
  });

  it('retries transient failures with the server-given delay, then succeeds', async () => {
    const { db, personId, repo } = setup();
    link(db, personId, 'telegram', '111', 10);
    const dispatcher = new Dispatcher({ db, outbox: repo, enabledChannels: new Set(['telegram']) });
    dispatcher.dispatch(note(personId), 0);
    const sender = new RecordingSender('telegram');
    sender.failures.push(new DeliveryError('retry', '429', { retryAfterMs: 3000 }));
    let now = 0;
    const worker = new OutboxWorker({ repo, sender, logger: silentLogger(), now: () => now });
    await worker.drainOnce();
    expect(sender.sent).toHaveLength(0);
    now = 2999;
    expect(await worker.drainOnce()).toBe(0);
    now = 3000;
    expect(await worker.drainOnce()).toBe(1);
    expect(sender.sent).toHaveLength(1);
  });

  it('marks a blocked account and re-routes to the next channel', async () => {
    const { db, personId, repo } = setup();
    link(db, personId, 'telegram', '111', 20);
    link(db, personId, 'zalo', 'z-1', 10);
    const dispatcher = new Dispatcher({ db, outbox: repo, enabledChannels: new Set(['telegram', 'zalo']) });
    dispatcher.dispatch(note(personId), 0);
    const telegram = new RecordingSender('telegram');
    telegram.failures.push(new DeliveryError('unreachable', 'blocked', { reason: 'blocked' }));
    const worker = new OutboxWorker({
      repo,
      sender: telegram,
      logger: silentLogger(),
      now: () => 5,
      onUnreachable: (item, reason) => dispatcher.handleUnreachable(item, reason, 5),
    });
    await worker.drainOnce();
    const account = db.select().from(chatAccounts).where(eq(chatAccounts.channel, 'telegram')).get();
    expect(account?.status).toBe('blocked');
    const rows = db.select().from(outbox).all();
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['telegram', 'unreachable'],
      ['zalo', 'pending'],
    ]);
  });

  it('reports a person with no linked account as unreachable', () => {
    const { db, personId, repo } = setup();
    const dispatcher = new Dispatcher({ db, outbox: repo, enabledChannels: new Set(['telegram']) });
    expect(dispatcher.dispatch(note(personId), 0)).toEqual({
      personId,
      status: 'unreachable',
      reasons: [{ channel: null, reason: 'not_linked' }],
    });
  });

  it('resends items left in flight by a crash', async () => {
    const { db, personId, repo } = setup();
    link(db, personId, 'telegram', '111', 10);
    new Dispatcher({ db, outbox: repo, enabledChannels: new Set(['telegram']) }).dispatch(note(personId), 0);
    expect(repo.claimDue('telegram', 1, 10)).toHaveLength(1); // claimed, then the process "dies"
    const sender = new RecordingSender('telegram');
    const worker = new OutboxWorker({ repo, sender, logger: silentLogger(), now: () => 2, pollMs: 10 });
    worker.start();
    await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    expect(sender.sent).toHaveLength(1);
  });
});
