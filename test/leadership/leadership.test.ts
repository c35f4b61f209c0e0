/**
 * Leader election over lease rows on PostgreSQL, with two `Leadership`s standing in for two instances (two stores,
 * so two connection pools) and a short lease: one leader per role at any moment; SIGTERM-like `stop()` hands over
 * within a renewal round; a leader cut off from the database steps down BEFORE its lease expires, and the other
 * takes over after it; SQLite's sole mode plays every role without lease rows. With a fake clock (lease rows on
 * SQLite, the same statements): a standby takes a dead leader's role right when its lease expires, not at its next
 * round, and does not try more often while a live leader renews.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Leadership, type LeaderRole } from '../../src/leadership/leadership.js';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-test-db.js';
import { testStore } from '../helpers/test-store.js';

const TTL = 900;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let db: TestDatabase | undefined;
const stores: Store[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  await db?.drop();
});

/** A role that records when it ran (to check that two instances never overlap). */
class Recorder implements LeaderRole {
  active = false;
  starts = 0;
  constructor(readonly name: string) {}
  async start(): Promise<void> {
    this.active = true;
    this.starts++;
  }
  async stop(): Promise<void> {
    this.active = false;
  }
}

/** A store whose units of work fail while `cut` is set (an instance cut off from the database). */
function cuttable(store: Store): Store & { cut: boolean } {
  const wrapped = Object.create(store) as Store & { cut: boolean };
  wrapped.cut = false;
  wrapped.transaction = (fn, options) => (wrapped.cut ? Promise.reject(new Error('connection lost')) : store.transaction(fn, options));
  return wrapped;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('leadership (PostgreSQL, two instances)', () => {
  it('one leader at a time; stop() hands over at once; a cut-off leader steps down before the other takes over', async () => {
    db = await createTestDatabase();
    const pa = createPostgresStore(db.config, { skipMigrations: true });
    const pb = createPostgresStore(db.config, { skipMigrations: true });
    stores.push(pa, pb);
    const sa = cuttable(pa);
    const ra = new Recorder('scheduler');
    const rb = new Recorder('scheduler');
    const a = new Leadership({ store: sa, instanceId: 'inst-a', ttlMs: TTL, logger: quiet });
    const b = new Leadership({ store: pb as PostgresStore, instanceId: 'inst-b', ttlMs: TTL, logger: quiet });
    a.add(ra);
    b.add(rb);
    let overlaps = 0;
    const sampler = setInterval(() => void (ra.active && rb.active && overlaps++), 5);
    try {
      await a.start();
      await b.start();
      expect([ra.active, rb.active]).toEqual([true, false]);
      expect(a.status()).toEqual([{ name: 'scheduler', leader: true, generation: 1, expiresAt: expect.any(Number) }]);
      expect(b.status()).toEqual([{ name: 'scheduler', leader: false }]);
      await sleep(TTL * 2); // renewals keep A the leader
      expect([ra.active, rb.active, ra.starts]).toEqual([true, false, 1]);

      // A is cut off from the database: it stops on its own before its lease ends; B takes over after that.
      sa.cut = true;
      const cutAt = Date.now();
      while (!rb.active) {
        if (Date.now() - cutAt > TTL * 4) throw new Error('B never took over');
        await sleep(10);
      }
      expect(ra.active).toBe(false);
      expect(b.isLeader('scheduler')).toBe(true);
      expect(b.status()[0]).toMatchObject({ leader: true, generation: 2 });

      // A back: it stays a follower while B renews.
      sa.cut = false;
      await sleep(TTL);
      expect([ra.active, rb.active]).toEqual([false, true]);

      // B shuts down (SIGTERM): its lease is released, A takes over within one renewal round.
      const stopAt = Date.now();
      await b.stop();
      while (!ra.active) {
        if (Date.now() - stopAt > TTL) throw new Error('A did not take over at once');
        await sleep(10);
      }
      expect(Date.now() - stopAt).toBeLessThan(TTL / 3 + 200);
      expect(a.status()[0]).toMatchObject({ leader: true, generation: 3 });
    } finally {
      clearInterval(sampler);
      await a.stop();
      await b.stop();
    }
    expect(overlaps).toBe(0);
    const rows = await pa.read((tx) => tx.leases.list());
    // Released on stop: expired, free for the next instance.
    expect(rows.map((r) => [r.name, r.holder, r.expiresAt <= Date.now()])).toEqual([['scheduler', 'inst-a', true]]);
  }, 30_000);

  it('SQLite (one instance): every role starts at once, without lease rows', async () => {
    const store = testStore();
    stores.push(store);
    const role = new Recorder('sender:telegram');
    const sole = new Leadership({ store, instanceId: 'solo', ttlMs: 30_000, sole: true, logger: quiet });
    sole.add(role);
    await sole.start();
    expect(role.active).toBe(true);
    expect(sole.status()).toEqual([{ name: 'sender:telegram', leader: true }]);
    expect(await store.read((tx) => tx.leases.list())).toEqual([]);
    await sole.stop();
    expect(role.active).toBe(false);
  });
});

describe('leadership: takeover at the expiry (fake clock, lease rows on SQLite)', () => {
  const T0 = Date.UTC(2026, 9, 1, 1);
  const LEASE = 30_000; // rounds every 10 s

  /** Counts the units of work an instance runs (its lease rounds). */
  function counting(store: Store): Store & { units: number } {
    const wrapped = Object.create(store) as Store & { units: number };
    wrapped.units = 0;
    wrapped.transaction = (fn, options) => {
      wrapped.units++;
      return store.transaction(fn, options);
    };
    return wrapped;
  }

  it('a standby takes over right when the dead leader’s lease expires, not at its next round', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const store = testStore();
    stores.push(store);
    const role = new Recorder('sender:telegram');
    const standby = new Leadership({ store, instanceId: 'inst-b', ttlMs: LEASE, logger: quiet });
    standby.add(role);
    try {
      // The leader renewed at T0, then died: its lease runs out at T0 + 30 s and nobody renews it.
      await store.transaction((tx) => tx.leases.acquire('sender:telegram', 'inst-a', Date.now(), LEASE));
      await vi.advanceTimersByTimeAsync(8_500);
      await standby.start(); // refused at 8.5 s; rounds alone would try at 18.5 s, 28.5 s, then 38.5 s
      expect(role.active).toBe(false);
      await vi.advanceTimersByTimeAsync(LEASE - 8_500 - 1);
      expect([role.active, Date.now() - T0]).toEqual([false, LEASE - 1]);
      await vi.advanceTimersByTimeAsync(50);
      expect(role.active).toBe(true);
      expect(standby.status()[0]).toMatchObject({ leader: true, generation: 2 });
      const [row] = await store.read((tx) => tx.leases.list());
      // Taken within a few milliseconds of the expiry (a new term from then on).
      expect(row?.holder).toBe('inst-b');
      expect(row?.acquiredAt).toBeGreaterThanOrEqual(T0 + LEASE);
      expect(row?.acquiredAt).toBeLessThanOrEqual(T0 + LEASE + 10);
    } finally {
      await standby.stop();
      vi.useRealTimers();
    }
  });

  it('while the leader renews, the standby tries once a round (no early attempts) and never takes over', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const store = testStore();
    stores.push(store);
    const ra = new Recorder('scheduler');
    const rb = new Recorder('scheduler');
    const sb = counting(store);
    const a = new Leadership({ store, instanceId: 'inst-a', ttlMs: LEASE, logger: quiet });
    const b = new Leadership({ store: sb, instanceId: 'inst-b', ttlMs: LEASE, logger: quiet });
    a.add(ra);
    b.add(rb);
    try {
      await a.start();
      await vi.advanceTimersByTimeAsync(4_000);
      await b.start();
      await vi.advanceTimersByTimeAsync(6 * LEASE);
      expect([ra.active, rb.active, ra.starts]).toEqual([true, false, 1]);
      // One attempt at start and one every 10 s over 180 s.
      expect(sb.units).toBe(1 + (6 * LEASE) / 10_000);
    } finally {
      await a.stop();
      await b.stop();
      vi.useRealTimers();
    }
  });
});
