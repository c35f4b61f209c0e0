/**
 * Contract cases for leadership leases (`tx.leases`), run on every store implementation from contract.ts. Written
 * only against the interfaces (see contract.ts's rules): what makes one leader per role across instances.
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
}
