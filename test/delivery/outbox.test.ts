import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { chatAccounts, outbox, people, units } from '../../db/schema.js';
import { DeliveryError, type ChannelSender } from '../../src/delivery/channel-sender.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { OutboxWorker } from '../../src/delivery/outbox-worker.js';
import type { Notification, OutboundMessage } from '../../src/conversation/types.js';
import { silentLogger } from '../../src/logger.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Tx } from '../../src/store/store.js';
import { testStore } from '../helpers/test-store.js';

function setup() {
  const store = testStore();
  const db = store.db;
  db.insert(units).values({ id: 'u1', name: 'Sở Thử nghiệm' }).run();
  const person = db.insert(people).values({ unitId: 'u1', fullName: 'Nguyễn Văn A' }).returning().get();
  return { store, db, personId: person.id };
}

function link(store: SqliteStore, personId: number, channel: 'telegram' | 'zalo' | 'web', chatId: string, last: number) {
  store.db
    .insert(chatAccounts)
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

const note = (personId: number, key = 'k1'): Notification => ({
  personId,
  dedupeKey: key,
  purpose: 'reminder',
  messages: [{ kind: 'text', text: 'Nhắc việc' }],
});

/** Dispatches in its own unit of work (as a job or an HTTP action would). */
function dispatchIn(store: SqliteStore, dispatcher: Dispatcher, n: Notification, now: number) {
  return store.transaction((tx) => dispatcher.dispatch(tx, n, now));
}

describe('outbox and dispatcher', () => {
  it('enqueues once per dedupe key and delivers once', async () => {
    const { store, personId } = setup();
    link(store, personId, 'telegram', '111', 10);
    const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'web']) });
    const first = await dispatchIn(store, dispatcher, note(personId), 100);
    const again = await dispatchIn(store, dispatcher, note(personId), 200);
    expect(first).toMatchObject({ status: 'queued', channel: 'telegram', duplicate: false });
    expect(again).toMatchObject({ status: 'queued', outboxId: first.outboxId, duplicate: true });
    const sender = new RecordingSender('telegram');
    const worker = new OutboxWorker({ store, sender, logger: silentLogger(), now: () => 300 });
    expect(await worker.drainOnce()).toBe(1);
    expect(await worker.drainOnce()).toBe(0);
    expect(sender.sent).toEqual([{ chatId: '111', messages: note(personId).messages }]);
  });

  it('retries transient failures with the server-given delay, then succeeds', async () => {
    const { store, personId } = setup();
    link(store, personId, 'telegram', '111', 10);
    const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram']) });
    await dispatchIn(store, dispatcher, note(personId), 0);
    const sender = new RecordingSender('telegram');
    sender.failures.push(new DeliveryError('retry', '429', { retryAfterMs: 3000 }));
    let now = 0;
    const worker = new OutboxWorker({ store, sender, logger: silentLogger(), now: () => now });
    await worker.drainOnce();
    expect(sender.sent).toHaveLength(0);
    now = 2999;
    expect(await worker.drainOnce()).toBe(0);
    now = 3000;
    expect(await worker.drainOnce()).toBe(1);
    expect(sender.sent).toHaveLength(1);
  });

  it('marks a blocked account and re-routes to the next channel', async () => {
    const { store, db, personId } = setup();
    link(store, personId, 'telegram', '111', 20);
    link(store, personId, 'zalo', 'z-1', 10);
    const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram', 'zalo']) });
    await dispatchIn(store, dispatcher, note(personId), 0);
    const telegram = new RecordingSender('telegram');
    telegram.failures.push(new DeliveryError('unreachable', 'blocked', { reason: 'blocked' }));
    const worker = new OutboxWorker({
      store,
      sender: telegram,
      logger: silentLogger(),
      now: () => 5,
      onUnreachable: (tx, item, reason) => dispatcher.handleUnreachable(tx, item, reason, 5),
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

  it('tells onGivenUp, in the unit of work that marks it, of each item given up on (fatal, attempts spent, unreachable), never of a retry', async () => {
    const { store } = setup();
    const enqueue = (key: string) =>
      store.transaction((tx) => tx.outbox.enqueue({ dedupeKey: key, channel: 'telegram', chatId: key, purpose: 'announcement', messages: [{ kind: 'text', text: key }], now: 0 }));
    await enqueue('fatal');
    await enqueue('spent');
    await enqueue('gone');
    const sender = new RecordingSender('telegram');
    sender.failures.push(
      new DeliveryError('fatal', 'telegram 400: Bad Request: PHOTO_INVALID_DIMENSIONS'),
      new DeliveryError('retry', 'telegram 502'),
      new DeliveryError('unreachable', 'telegram 403: Forbidden: bot was kicked', { reason: 'blocked' }),
      new DeliveryError('retry', 'telegram 502 again'),
    );
    const givenUp: [string, string, string, string | undefined][] = [];
    let now = 0;
    const worker = new OutboxWorker({
      store,
      sender,
      logger: silentLogger(),
      now: () => now,
      concurrency: 1,
      maxAttempts: 2,
      baseBackoffMs: 10,
      onGivenUp: async (tx, item, why) => {
        // Inside the marking unit of work: the item is already marked there.
        const status = (await tx.outbox.countByStatus('telegram'))[why.kind];
        givenUp.push([item.dedupeKey, why.kind, why.error, status === undefined ? undefined : String(status)]);
      },
    });
    await worker.drainOnce();
    expect(givenUp).toEqual([
      ['fatal', 'failed', 'telegram 400: Bad Request: PHOTO_INVALID_DIMENSIONS', '1'],
      ['gone', 'unreachable', 'telegram 403: Forbidden: bot was kicked', '1'],
    ]);
    now = 1000;
    await worker.drainOnce();
    expect(givenUp.map((g) => g[0])).toEqual(['fatal', 'gone', 'spent']);
    expect(givenUp[2]).toEqual(['spent', 'failed', 'telegram 502 again', '2']);
  });

  it('reports a person with no linked account as unreachable', async () => {
    const { store, personId } = setup();
    const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram']) });
    expect(await dispatchIn(store, dispatcher, note(personId), 0)).toEqual({
      personId,
      status: 'unreachable',
      reasons: [{ channel: null, reason: 'not_linked' }],
    });
  });

  it('resends items left in flight by a crash once their claim’s lease has passed', async () => {
    const { store, personId } = setup();
    link(store, personId, 'telegram', '111', 10);
    await dispatchIn(store, new Dispatcher({ enabledChannels: new Set(['telegram']) }), note(personId), 0);
    // Claimed, then the process "dies".
    expect(await store.transaction((tx) => tx.outbox.claimDue('telegram', 1, 10, { instanceId: 'dead', leaseMs: 1000 }))).toHaveLength(1);
    const sender = new RecordingSender('telegram');
    // Within the dead claimer's lease nothing is resent; once it has passed, the item is.
    const early = new OutboxWorker({ store, sender, logger: silentLogger(), now: () => 1000, pollMs: 10, instanceId: 'new' });
    early.start();
    await new Promise((r) => setTimeout(r, 50));
    await early.stop();
    expect(sender.sent).toHaveLength(0);
    const worker = new OutboxWorker({ store, sender, logger: silentLogger(), now: () => 1001, pollMs: 10, instanceId: 'new' });
    worker.start();
    await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    expect(sender.sent).toHaveLength(1);
  });

  it('retries recording an outcome when the unit of work fails for a moment: a sent item is marked sent, not resent', async () => {
    const { store, db, personId } = setup();
    link(store, personId, 'telegram', '111', 10);
    await dispatchIn(store, new Dispatcher({ enabledChannels: new Set(['telegram']) }), note(personId), 0);
    const sender = new RecordingSender('telegram');
    // The first two units of work recording the outcome fail (a lost connection: rolled back); the third commits.
    let failures = 0;
    const flaky = Object.create(store, {
      transaction: {
        value: <T,>(fn: (tx: Tx) => Promise<T>) =>
          store.transaction((tx) => {
            const outboxRepo = Object.create(tx.outbox, {
              markSent: {
                value: async (...args: Parameters<Tx['outbox']['markSent']>) => {
                  if (failures < 2) {
                    failures += 1;
                    throw new Error('connection terminated unexpectedly');
                  }
                  return tx.outbox.markSent(...args);
                },
              },
            }) as Tx['outbox'];
            return fn(Object.create(tx, { outbox: { value: outboxRepo } }) as Tx);
          }),
      },
    }) as SqliteStore;
    const worker = new OutboxWorker({ store: flaky, sender, logger: silentLogger(), now: () => 100 });
    expect(await worker.drainOnce()).toBe(1);
    expect(failures).toBe(2);
    expect(sender.sent).toHaveLength(1);
    expect(db.select().from(outbox).get()).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps renewing the lease of a slow send, so another instance never claims and sends it again', async () => {
    const { store, db, personId } = setup();
    link(store, personId, 'telegram', '111', 10);
    await dispatchIn(store, new Dispatcher({ enabledChannels: new Set(['telegram']) }), note(personId), 0);
    let t = 1_000;
    let release: () => void = () => undefined;
    const slow: ChannelSender = {
      channel: 'telegram',
      send: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const worker = new OutboxWorker({ store, sender: slow, logger: silentLogger(), now: () => t, claimLeaseMs: 300, instanceId: 'a' });
    const draining = worker.drainOnce();
    // The send takes three leases; the renewals (every 100 ms) keep the claim: instance b finds nothing to claim.
    for (let i = 0; i < 9; i++) {
      await new Promise((r) => setTimeout(r, 100));
      t += 100;
      expect(await store.transaction((tx) => tx.outbox.claimDue('telegram', t, 10, { instanceId: 'b', leaseMs: 300 }))).toEqual([]);
    }
    release();
    expect(await draining).toBe(1);
    expect(db.select().from(outbox).get()).toMatchObject({ status: 'sent', attempts: 1, claimedBy: 'a' });
  });

  it('ignores a late outcome of a claim that was taken over (fenced by the claim)', async () => {
    const { store, db, personId } = setup();
    link(store, personId, 'telegram', '111', 10);
    await dispatchIn(store, new Dispatcher({ enabledChannels: new Set(['telegram']) }), note(personId), 0);
    const [stale] = await store.transaction((tx) => tx.outbox.claimDue('telegram', 1, 10, { instanceId: 'a', leaseMs: 1 }));
    const [fresh] = await store.transaction((tx) => tx.outbox.claimDue('telegram', 2, 10, { instanceId: 'b', leaseMs: 1000 }));
    expect(fresh?.claim.attempt).toBe(2);
    expect(await store.transaction((tx) => tx.outbox.markFailed(stale!.claim, 'late'))).toBe(false);
    expect(await store.transaction((tx) => tx.outbox.markSent(fresh!.claim, 3))).toBe(true);
    expect(db.select().from(outbox).get()).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('writes nothing and wakes no worker when the dispatching transaction rolls back', async () => {
    const { store, db, personId } = setup();
    link(store, personId, 'telegram', '111', 10);
    const woken: string[] = [];
    const dispatcher = new Dispatcher({ enabledChannels: new Set(['telegram']), onQueued: (c) => woken.push(c) });
    await expect(
      store.transaction(async (tx) => {
        await dispatcher.dispatch(tx, note(personId), 0);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    expect(db.select().from(outbox).all()).toEqual([]);
    expect(woken).toEqual([]);
    await dispatchIn(store, dispatcher, note(personId), 0);
    expect(woken).toEqual(['telegram']);
  });

  it('one notice sent to 12 people under one key gives 12 outbox rows over the three channels (issue 18 item 22)', async () => {
    const { store, db } = setup();
    const channels = ['telegram', 'zalo', 'web'] as const;
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const id = db.insert(people).values({ unitId: 'u1', fullName: `Cán bộ ${i}` }).returning().get().id;
      link(store, id, channels[i % 3]!, `chat-${i}`, 100);
      ids.push(id);
    }
    const dispatcher = new Dispatcher({ enabledChannels: new Set(channels) });
    const outcomes = await store.transaction(async (tx) => {
      const out = [];
      for (const id of ids) out.push(await dispatcher.dispatch(tx, note(id, 'thong-bao-ket-qua-2026-Q4'), 0));
      return out;
    });
    expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => 'queued'));
    expect(outcomes.every((o) => o.duplicate === false)).toBe(true);
    const rows = db.select().from(outbox).all();
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.personId))).toEqual(new Set(ids));
    expect(rows.filter((r) => r.channel === 'web')).toHaveLength(4);
    // Sending it again changes nothing (still idempotent per person and channel).
    await store.transaction(async (tx) => {
      for (const id of ids) await dispatcher.dispatch(tx, note(id, 'thong-bao-ket-qua-2026-Q4'), 1);
    });
    expect(db.select().from(outbox).all()).toHaveLength(12);
  });
});
