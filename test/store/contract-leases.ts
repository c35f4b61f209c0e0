/**
 * Contract cases for several instances on one database, run on every store implementation from contract.ts and
 * written only against the interfaces (see contract.ts's rules): leadership leases (`tx.leases`), cron slots owned
 * with a heartbeat (`tx.jobs`), and the outbox claimed with a lease (`tx.outbox`).
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

const T0 = Date.UTC(2026, 9, 1, 1);
const TTL = 30_000;

export function describeLeasesContract(fresh: () => Promise<Store>): void {
  describe('leases (leadership)', () => {
    it('a free lease goes to the first holder; another holder is refused while it lives; the holder renews in the same term', async () => {
      const store = await fresh();
      const a = await store.transaction((t) => t.leases.acquire('scheduler', 'inst-a', T0, TTL));
      expect(a).toEqual({ name: 'scheduler', holder: 'inst-a', generation: 1, acquiredAt: T0, expiresAt: T0 + TTL });
      expect(await store.transaction((t) => t.leases.acquire('scheduler', 'inst-b', T0 + TTL - 1, TTL))).toBeNull();
      // Acquiring again as the holder is a renewal: same term, later expiry.
      const again = await store.transaction((t) => t.leases.acquire('scheduler', 'inst-a', T0 + 10_000, TTL));
      expect(again).toEqual({ name: 'scheduler', holder: 'inst-a', generation: 1, acquiredAt: T0, expiresAt: T0 + 10_000 + TTL });
      const renewed = await store.transaction((t) => t.leases.renew({ name: 'scheduler', holder: 'inst-a', generation: 1 }, T0 + 20_000, TTL));
      expect(renewed?.expiresAt).toBe(T0 + 20_000 + TTL);
      // Another role is independent.
      expect(await store.transaction((t) => t.leases.acquire('sender:telegram', 'inst-b', T0, TTL))).toMatchObject({ holder: 'inst-b', generation: 1 });
      expect((await store.read((t) => t.leases.list())).map((l) => [l.name, l.holder])).toEqual([
        ['scheduler', 'inst-a'],
        ['sender:telegram', 'inst-b'],
      ]);
    });

    it('an expired lease is taken by another holder in a new term; the old holder can neither renew nor release it', async () => {
      const store = await fresh();
      await store.transaction((t) => t.leases.acquire('scheduler', 'inst-a', T0, TTL));
      const old = { name: 'scheduler', holder: 'inst-a', generation: 1 };
      const b = await store.transaction((t) => t.leases.acquire('scheduler', 'inst-b', T0 + TTL, TTL));
      expect(b).toEqual({ name: 'scheduler', holder: 'inst-b', generation: 2, acquiredAt: T0 + TTL, expiresAt: T0 + 2 * TTL });
      expect(await store.transaction((t) => t.leases.renew(old, T0 + TTL + 1, TTL))).toBeNull();
      expect(await store.transaction((t) => t.leases.release(old, T0 + TTL + 1))).toBe(false);
      expect(await store.transaction((t) => t.leases.acquire('scheduler', 'inst-a', T0 + TTL + 1, TTL))).toBeNull();
      expect((await store.read((t) => t.leases.list()))[0]).toMatchObject({ holder: 'inst-b', generation: 2 });
    });

    it('the current row tells a refused holder whose lease it is and when it runs out', async () => {
      const store = await fresh();
      expect(await store.read((t) => t.leases.current('scheduler'))).toBeNull();
      await store.transaction((t) => t.leases.acquire('scheduler', 'inst-a', T0, TTL));
      const refused = await store.transaction(async (t) => {
        const lease = await t.leases.acquire('scheduler', 'inst-b', T0 + 1_000, TTL);
        return { lease, current: await t.leases.current('scheduler') };
      });
      expect(refused).toEqual({ lease: null, current: { name: 'scheduler', holder: 'inst-a', generation: 1, acquiredAt: T0, expiresAt: T0 + TTL } });
      // At that expiry (and not a millisecond before) the row is free.
      expect(await store.transaction((t) => t.leases.acquire('scheduler', 'inst-b', T0 + TTL - 1, TTL))).toBeNull();
      expect(await store.transaction((t) => t.leases.acquire('scheduler', 'inst-b', T0 + TTL, TTL))).toMatchObject({ holder: 'inst-b', generation: 2 });
    });

    it('a lapsed term cannot be renewed even by its holder (it must acquire a new term: generation + 1)', async () => {
      const store = await fresh();
      await store.transaction((t) => t.leases.acquire('scheduler', 'inst-a', T0, TTL));
      expect(await store.transaction((t) => t.leases.renew({ name: 'scheduler', holder: 'inst-a', generation: 1 }, T0 + TTL, TTL))).toBeNull();
      expect(await store.transaction((t) => t.leases.acquire('scheduler', 'inst-a', T0 + TTL, TTL))).toMatchObject({ generation: 2, acquiredAt: T0 + TTL });
      // A renewal naming a term that never existed changes nothing.
      expect(await store.transaction((t) => t.leases.renew({ name: 'nope', holder: 'inst-a', generation: 1 }, T0, TTL))).toBeNull();
    });

    it('release hands the lease over at once (graceful shutdown)', async () => {
      const store = await fresh();
      const a = await store.transaction((t) => t.leases.acquire('sender:zalo', 'inst-a', T0, TTL));
      if (!a) throw new Error('not acquired');
      expect(await store.transaction((t) => t.leases.release(a, T0 + 5))).toBe(true);
      expect(await store.transaction((t) => t.leases.release(a, T0 + 6))).toBe(false);
      expect(await store.transaction((t) => t.leases.renew(a, T0 + 6, TTL))).toBeNull();
      expect(await store.transaction((t) => t.leases.acquire('sender:zalo', 'inst-b', T0 + 6, TTL))).toMatchObject({ holder: 'inst-b', generation: 2 });
    });

    it('holders racing for a free lease: exactly one wins', async () => {
      const store = await fresh();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.transaction((t) => t.leases.acquire('telegram-polling', `inst-${i}`, T0, TTL))),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect((await store.read((t) => t.leases.list())).map((l) => l.holder)).toEqual([winners[0]?.holder]);
    });
  });

  describe('job slots owned by an instance (heartbeat)', () => {
    const slot = { job: 'self-reminder', unitId: 'u1', slot: T0 };

    it('a live slot is never taken over; a stale one is, and the old owner is fenced out', async () => {
      const store = await fresh();
      expect(await store.transaction((t) => t.jobs.claimRun(slot, T0, 'inst-a'))).toBe(true);
      expect(await store.transaction((t) => t.jobs.claimRun(slot, T0, 'inst-b'))).toBe(false);
      // Fresh heartbeat: not stale for B.
      expect(await store.transaction((t) => t.jobs.takeOverRun(slot, 'inst-b', T0 + 1, T0 - 1))).toBe(false);
      expect(await store.transaction((t) => t.jobs.heartbeat(slot, 'inst-a', T0 + 10))).toBe(true);
      expect(await store.transaction((t) => t.jobs.takeOverRun(slot, 'inst-b', T0 + 20, T0 + 5))).toBe(false);
      // A stopped beating: B takes the slot over.
      expect(await store.transaction((t) => t.jobs.takeOverRun(slot, 'inst-b', T0 + 100, T0 + 11))).toBe(true);
      expect(await store.transaction((t) => t.jobs.heartbeat(slot, 'inst-a', T0 + 101))).toBe(false);
      expect(await store.transaction((t) => t.jobs.finishRun(slot, 'done', {}, T0 + 102, 'inst-a'))).toBe(false);
      expect(await store.read((t) => t.jobs.runStatus(slot))).toBe('running');
      expect(await store.transaction((t) => t.jobs.finishRun(slot, 'done', { n: 1 }, T0 + 103, 'inst-b'))).toBe(true);
      expect(await store.read((t) => t.jobs.runStatus(slot))).toBe('done');
      // A finished slot is nobody's to take over.
      expect(await store.transaction((t) => t.jobs.takeOverRun(slot, 'inst-c', T0 + 10_000_000, T0 + 10_000_000))).toBe(false);
      expect(await store.transaction((t) => t.jobs.heartbeat(slot, 'inst-b', T0 + 104))).toBe(false);
    });

    it('an instance restarted under the same id resumes its own slot at once', async () => {
      const store = await fresh();
      await store.transaction((t) => t.jobs.claimRun(slot, T0, 'inst-a'));
      expect(await store.transaction((t) => t.jobs.takeOverRun(slot, 'inst-a', T0 + 1, T0 - 60_000))).toBe(true);
    });
  });

  describe('outbox claimed with a lease', () => {
    const A = { instanceId: 'inst-a', leaseMs: 60_000 };
    const B = { instanceId: 'inst-b', leaseMs: 60_000 };
    const msg = (text: string) => [{ kind: 'text' as const, text }];
    const enqueue = (store: Store, n: number, now = T0) =>
      store.transaction(async (t) => {
        for (let i = 0; i < n; i++) {
          await t.outbox.enqueue({ dedupeKey: `lease:${i}@telegram`, channel: 'telegram', chatId: String(i), purpose: 'notice', messages: msg(`Tin ${i}`), now: now + i });
        }
      });

    it('claimers of two instances racing never get the same item; together they get every due item once', async () => {
      const store = await fresh();
      await enqueue(store, 60);
      const seen: number[] = [];
      const worker = async (claimer: typeof A) => {
        for (;;) {
          const items = await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 1000, 7, claimer));
          if (items.length === 0) return;
          for (const item of items) {
            seen.push(item.id);
            expect(item.claim.claimedBy).toBe(claimer.instanceId);
            await store.transaction((t) => t.outbox.markSent(item.claim, T0 + 2000));
          }
        }
      };
      await Promise.all([worker(A), worker(B), worker(A), worker(B)]);
      expect(seen).toHaveLength(60);
      expect(new Set(seen).size).toBe(60);
      expect(await store.read((t) => t.outbox.countByStatus('telegram'))).toEqual({ sent: 60 });
    });

    it('a live claim is nobody else’s; an expired one is claimed again, and the first claimer’s marks are fenced out', async () => {
      const store = await fresh();
      await enqueue(store, 1);
      const [first] = await store.transaction((t) => t.outbox.claimDue('telegram', T0, 10, A));
      if (!first) throw new Error('nothing claimed');
      expect(first).toMatchObject({ attempts: 1, claim: { attempt: 1, claimedBy: 'inst-a' } });
      expect(await store.transaction((t) => t.outbox.claimDue('telegram', T0 + A.leaseMs - 1, 10, B))).toEqual([]);
      const [second] = await store.transaction((t) => t.outbox.claimDue('telegram', T0 + A.leaseMs, 10, B));
      if (!second) throw new Error('the expired claim was not claimed again');
      expect(second).toMatchObject({ id: first.id, attempts: 2, claim: { attempt: 2, claimedBy: 'inst-b' } });
      // The first claimer answers late: nothing changes.
      expect(await store.transaction((t) => t.outbox.markSent(first.claim, T0 + A.leaseMs + 1))).toBe(false);
      expect(await store.transaction((t) => t.outbox.markRetry(first.claim, 'muộn', T0))).toBe(false);
      // The attempt alone is not enough: the claimer must match too.
      expect(await store.transaction((t) => t.outbox.markFailed({ ...second.claim, claimedBy: 'inst-a' }, 'giả'))).toBe(false);
      expect(await store.transaction((t) => t.outbox.markSent(second.claim, T0 + A.leaseMs + 2))).toBe(true);
      expect(await store.read((t) => t.outbox.countByStatus('telegram'))).toEqual({ sent: 1 });
      // A sent item is never claimed again, however late.
      expect(await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 10 * A.leaseMs, 10, A))).toEqual([]);
    });

    it('a claim renewed while its item is sent stays its claimer’s; a lapsed or taken-over claim is not renewed', async () => {
      const store = await fresh();
      await enqueue(store, 2);
      const [first, second] = await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 10, 10, A));
      if (!first || !second) throw new Error('nothing claimed');
      // Renewed before the lease ends: nobody else may claim them at the old expiry.
      expect(await store.transaction((t) => t.outbox.renewClaims([second.claim, first.claim], T0 + 10 + 2 * A.leaseMs))).toEqual([first.id, second.id]);
      expect(await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 10 + A.leaseMs, 10, B))).toEqual([]);
      // The first is recorded; the second's lease runs out and B takes it over.
      expect(await store.transaction((t) => t.outbox.markSent(first.claim, T0 + 20))).toBe(true);
      const [taken] = await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 10 + 2 * A.leaseMs, 10, B));
      expect(taken?.id).toBe(second.id);
      // A's late renewal changes nothing: neither the sent item nor the one B holds now.
      expect(await store.transaction((t) => t.outbox.renewClaims([first.claim, second.claim], T0 + 10 * A.leaseMs))).toEqual([]);
      expect(await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 10 + 2 * A.leaseMs + B.leaseMs - 1, 10, A))).toEqual([]);
      expect(await store.transaction((t) => t.outbox.renewClaims([], T0))).toEqual([]);
    });

    it('a chat’s items leave one at a time in queue order, even when the older one waits for a retry', async () => {
      const store = await fresh();
      const put = (key: string, chatId: string, now: number) =>
        store.transaction((t) => t.outbox.enqueue({ dedupeKey: `${key}@telegram`, channel: 'telegram', chatId, purpose: 'reply', messages: msg(key), now }));
      const q1 = await put('q1', 'c1', T0);
      const q2 = await put('q2', 'c1', T0 + 1);
      const other = await put('o1', 'c2', T0 + 2);
      const first = await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 10, 10, A));
      expect(first.map((i) => i.id)).toEqual([q1.id, other.id]);
      // Another instance finds nothing of c1 while q1 is in flight.
      expect(await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 10, 10, B))).toEqual([]);
      const c1 = first[0];
      if (!c1) throw new Error('nothing claimed');
      expect(await store.transaction((t) => t.outbox.markRetry(c1.claim, 'lỗi mạng', T0 + 1000))).toBe(true);
      expect(await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 20, 10, B))).toEqual([]);
      const [again] = await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 1000, 10, B));
      expect(again?.id).toBe(q1.id);
      if (!again) throw new Error('nothing claimed');
      await store.transaction((t) => t.outbox.markSent(again.claim, T0 + 1001));
      expect((await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 1002, 10, B))).map((i) => i.id)).toEqual([q2.id]);
    });

    it('a retried item is due again at its next attempt, under a new claim', async () => {
      const store = await fresh();
      await enqueue(store, 1);
      const [first] = await store.transaction((t) => t.outbox.claimDue('telegram', T0, 10, A));
      if (!first) throw new Error('nothing claimed');
      expect(await store.transaction((t) => t.outbox.markRetry(first.claim, 'lỗi mạng', T0 + 500))).toBe(true);
      expect(await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 499, 10, B))).toEqual([]);
      const [again] = await store.transaction((t) => t.outbox.claimDue('telegram', T0 + 500, 10, B));
      expect(again?.claim).toEqual({ id: first.id, attempt: 2, claimedBy: 'inst-b' });
    });
  });
}
