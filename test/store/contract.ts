/**
 * The store's contract: what every implementation of {@link Store} (SQLite today, PostgreSQL next) must do, written
 * ONLY against the interfaces in `src/store/*.ts`. Each implementation runs it with
 * `describeStoreContract(name, makeStore)` (see `sqlite.contract.test.ts`).
 *
 * Seeding goes through the repositories themselves (`tx.staff`, `tx.periods`, `tx.invites`…), so nothing here knows
 * a table, a driver or drizzle (test/architecture.test.ts checks this file's imports). `makeStore` must return a
 * fresh, migrated, EMPTY store for every test; the suite closes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPeriod } from '../../src/periods/open-period.js';
import { rubricSchema, type Role, type Rubric } from '../../src/scoring/rubric-schema.js';
import type { PeriodRecord } from '../../src/store/periods.js';
import type { Store, Tx } from '../../src/store/store.js';
import { describeContestContract } from './contract-contest.js';
import { describeAwardsContract } from './contract-awards.js';
import { describeOrgIndexContract } from './contract-org-index.js';
import { describeFileRefsContract } from './contract-file-refs.js';
import { describeLeasesContract } from './contract-leases.js';
import { describeProgressContract } from './contract-progress.js';
import { describeAuditPageContract } from './contract-audit.js';
import { describeDepartmentConditionsContract } from './contract-department-conditions.js';

/** Returns a fresh, migrated, empty store (one per test). */
export type MakeStore = () => Promise<Store>;

/** 2026-10-01T00:00:00Z: a fixed "now" inside the seeded quarter. */
export const NOW = Date.UTC(2026, 9, 1);

/** A small valid rubric with three staff criteria (heads answer as staff). */
export function contractRubric(version = '1'): Rubric {
  const levels = [
    { key: 'a', label: 'Không', points: 0 },
    { key: 'b', label: 'Có', points: 5 },
  ];
  return rubricSchema.parse({
    id: 'contract',
    version,
    title: 'Bộ tiêu chí kiểm thử',
    source: { document: 'Thử nghiệm' },
    subject: 'person',
    cadence: 'quarter',
    maxPoints: 15,
    sections: [{ id: 's', group: 'g', title: 'Phần', cap: 15 }],
    criteria: ['c1', 'c2', 'c3'].map((id) => ({
      id,
      section: 's',
      kind: 'levels',
      title: `Tiêu chí ${id}`,
      question: 'Câu hỏi?',
      roles: ['staff'],
      max: 5,
      levels,
    })),
    bands: {
      basis: 'points',
      list: [
        { id: 'gioi', label: 'Giỏi', min: 12 },
        { id: 'dat', label: 'Đạt', min: 5 },
        { id: 'khong-dat', label: 'Không đạt', min: 0 },
      ],
      top: 'gioi',
    },
  });
}

/** What {@link seedWorld} created. */
export interface World {
  unitId: string;
  /** d1: "Phòng Một" (leader in charge: `leader`), d2: "Phòng Hai". */
  d1: number;
  d2: number;
  people: { leader: number; head: number; staff: number; staff2: number; other: number };
  period: PeriodRecord;
}

/**
 * One unit `u1` with two departments and five people, another unit `u2` with one person, and the quarter 2026-Q4
 * of `u1` open, all through the repositories.
 */
export async function seedWorld(store: Store): Promise<World> {
  return store.transaction(async (tx) => {
    await tx.staff.createUnit({ id: 'u1', name: 'Sở Thử nghiệm' });
    await tx.staff.createUnit({ id: 'u2', name: 'UBND xã Thử' });
    const d1 = await tx.staff.createDepartment('u1', 'Phòng Một');
    const d2 = await tx.staff.createDepartment('u1', 'Phòng Hai');
    const person = (unitId: string, fullName: string, departmentId: number | null, roles: Role[], phone: string | null) =>
      tx.staff.createPerson(unitId, { departmentId, fullName, phone, email: null, position: null, noGroupMention: false }, roles, NOW);
    const leader = await person('u1', 'Bùi Văn Phó', null, ['leader'], '0912000008');
    const head = await person('u1', 'Nguyễn Văn Trưởng', d1, ['head', 'staff'], '0912000001');
    const staff = await person('u1', 'Trần Thị Lan', d1, ['staff'], '0912000002');
    const staff2 = await person('u1', 'Lê Văn Hùng', d2, ['staff'], '0912000003');
    const other = await person('u2', 'Đỗ Thị Hoa', null, ['staff'], '0912000002');
    await tx.staff.setLeaderInCharge(d1, leader);
    const period = await openPeriod(tx, { unitId: 'u1', rubric: contractRubric(), code: '2026-Q4', by: null });
    return { unitId: 'u1', d1, d2, people: { leader, head, staff, staff2, other }, period };
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sortedRoles = (roles: readonly Role[]) => [...roles].sort();

/** What an implementation declares of itself. */
export interface ContractOptions {
  /**
   * Repositories the implementation does not have yet (PostgreSQL while it is being written). Their cases are not
   * registered; instead one case checks that each of them refuses a call as not implemented, so the list cannot
   * go stale: implement a repository and that case fails until it is taken off the list.
   */
  pending?: readonly (keyof Tx)[];
}

/** Runs the whole contract against `makeStore`. */
export function describeStoreContract(name: string, makeStore: MakeStore, options: ContractOptions = {}): void {
  const pending = new Set<string>(options.pending ?? []);
  /** A repository's cases, registered unless the implementation declares it pending. */
  const covering = (repositories: readonly (keyof Tx)[], title: string, cases: () => void): void => {
    if (repositories.some((r) => pending.has(r))) return;
    describe(title, cases);
  };
  describe(`store contract: ${name}`, () => {
    if (pending.size > 0) {
      it(`declares pending repositories that really refuse every call (${[...pending].join(', ')})`, async () => {
        const store = await makeStore();
        try {
          for (const repository of pending) {
            const repo = await store.read(async (t) => t[repository as keyof Tx] as unknown as Record<string, unknown>);
            // A real repository lists its methods; a pending stand-in answers any name.
            const method = Object.keys(repo).find((k) => typeof repo[k] === 'function') ?? 'anyMethod';
            const call = repo[method] as (...args: unknown[]) => Promise<unknown>;
            expect(typeof call, repository).toBe('function');
            await expect(call(), repository).rejects.toThrow(/not implemented/);
          }
        } finally {
          await store.close();
        }
      });
    }
    const opened: Store[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    async function fresh(): Promise<Store> {
      const store = await makeStore();
      opened.push(store);
      return store;
    }
    async function world(): Promise<{ store: Store; w: World }> {
      const store = await fresh();
      return { store, w: await seedWorld(store) };
    }
    const tx = <T>(store: Store, fn: (tx: Tx) => Promise<T>) => store.transaction(fn);
    covering(['leases', 'outbox', 'jobs'], 'several instances', () => describeLeasesContract(fresh));
    covering(['departmentConditions'], 'department conditions', () => describeDepartmentConditionsContract(world));

    covering(['orgIndex'], 'organisation index (contract-org-index.ts)', () => describeOrgIndexContract(fresh));
    covering(['fileRefs'], 'file references (contract-file-refs.ts)', () => describeFileRefsContract(world));

    covering(['reviews', 'assessment', 'staff'], 'progress reads', () => describeProgressContract(world));

    describe('unit of work', () => {
      it('commits what the function wrote and returns its value; read() sees committed data', async () => {
        const store = await fresh();
        const value = await tx(store, async (t) => {
          await t.staff.createUnit({ id: 'x', name: 'Đơn vị X' });
          return 42;
        });
        expect(value).toBe(42);
        expect(await store.read((t) => t.staff.getUnit('x'))).toEqual({ id: 'x', name: 'Đơn vị X' });
        expect(await store.ping()).toBe(true);
      });

      it('a thrown error rolls back everything the unit wrote and is rethrown as is', async () => {
        const store = await fresh();
        const boom = new Error('boom');
        await expect(
          tx(store, async (t) => {
            await t.staff.createUnit({ id: 'x', name: 'Đơn vị X' });
            await t.inboundEvents.markProcessed('telegram', 'e1', NOW);
            await t.audit.record({ at: NOW, unitId: 'x', action: 'test', entityType: 'unit', entityId: 'x' });
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.read((t) => t.staff.getUnit('x'))).toBeNull();
        // The dedupe row went with it: the event is new again.
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('telegram', 'e1', NOW))).toBe(true);
      });

      it('units are isolated: one failing unit does not undo the others queued with it', async () => {
        const store = await fresh();
        const results = await Promise.allSettled([
          tx(store, (t) => t.staff.createUnit({ id: 'a', name: 'A' })),
          tx(store, async (t) => {
            await t.staff.createUnit({ id: 'half', name: 'Nửa chừng' });
            throw new Error('boom');
          }),
          tx(store, (t) => t.staff.createUnit({ id: 'b', name: 'B' })),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((await store.read((t) => t.staff.listUnits())).map((u) => u.id)).toEqual(['a', 'b']);
      });

      it('a unit whose statement fails (a constraint) rolls back alone', async () => {
        const store = await fresh();
        await tx(store, (t) => t.staff.createUnit({ id: 'a', name: 'A' }));
        const results = await Promise.allSettled([
          tx(store, async (t) => {
            await t.staff.createUnit({ id: 'c', name: 'C' });
            await t.staff.createUnit({ id: 'a', name: 'A lần hai' }); // duplicate primary key
          }),
          tx(store, (t) => t.staff.createUnit({ id: 'd', name: 'D' })),
        ]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
        expect((await store.read((t) => t.staff.listUnits())).map((u) => u.id)).toEqual(['a', 'd']);
      });

      it('afterCommit runs only after the commit, with the data visible, and never for a rolled-back unit', async () => {
        const store = await fresh();
        const log: string[] = [];
        let seen: Promise<unknown> | undefined;
        await tx(store, async (t) => {
          t.afterCommit(() => {
            log.push('after');
            seen = store.read((r) => r.staff.getUnit('x'));
          });
          await t.staff.createUnit({ id: 'x', name: 'X' });
          log.push('end of unit');
        });
        await sleep(0);
        expect(log).toEqual(['end of unit', 'after']);
        expect(await seen).toEqual({ id: 'x', name: 'X' });

        let ranForFailed = false;
        await expect(
          tx(store, async (t) => {
            t.afterCommit(() => void (ranForFailed = true));
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        await sleep(10);
        expect(ranForFailed).toBe(false);
      });

      it('units with the same lockKey never overlap and run in submission order', async () => {
        const store = await fresh();
        const order: number[] = [];
        let active = 0;
        let maxActive = 0;
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.transaction(
              async (t) => {
                active++;
                maxActive = Math.max(maxActive, active);
                await sleep(i % 3); // yields to the event loop in the middle of the unit
                await t.inboundEvents.markProcessed('web', `k-${i}`, NOW);
                order.push(i);
                active--;
              },
              { lockKey: 'chat:web:1' },
            ),
          ),
        );
        expect(order).toEqual(Array.from({ length: 12 }, (_, i) => i));
        expect(maxActive).toBe(1);
      });
    });

    describe('inbound events (the one idempotency log)', () => {
      it('a second mark of the same (channel, eventId) returns false; another channel is another event', async () => {
        const store = await fresh();
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('telegram', '100', NOW))).toBe(true);
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('telegram', '100', NOW + 1))).toBe(false);
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('zalo', '100', NOW))).toBe(true);
      });

      it('exactly one of several concurrent marks of one event wins', async () => {
        const store = await fresh();
        const wins = await Promise.all(
          Array.from({ length: 5 }, () => tx(store, (t) => t.inboundEvents.markProcessed('web', 'same', NOW))),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
      });

      it('purge deletes processed events older than the cut-off (they are then new again)', async () => {
        const store = await fresh();
        await tx(store, async (t) => {
          await t.inboundEvents.markProcessed('telegram', 'old', 100);
          await t.inboundEvents.markProcessed('telegram', 'new', 200);
        });
        expect(await tx(store, (t) => t.inboundEvents.purgeProcessed(150))).toBe(1);
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('telegram', 'old', 300))).toBe(true);
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('telegram', 'new', 300))).toBe(false);
      });
    });

    describe('login attempts (limits that survive a restart)', () => {
      it('counts failures per key in a sliding window, says how long to wait, and purges by age', async () => {
        const store = await fresh();
        const limit = { maxFailures: 3, windowMs: 1000 };
        await tx(store, (t) => t.loginAttempts.recordFailure(['ip:10.0.0.1', 'code:abc'], NOW));
        await tx(store, (t) => t.loginAttempts.recordFailure(['ip:10.0.0.1'], NOW + 100));
        expect(await store.read((t) => t.loginAttempts.retryAfter('ip:10.0.0.1', NOW + 200, limit))).toBe(0);
        await tx(store, (t) => t.loginAttempts.recordFailure(['ip:10.0.0.1'], NOW + 200));
        expect(await store.read((t) => t.loginAttempts.retryAfter('ip:10.0.0.1', NOW + 300, limit))).toBe(700);
        expect(await store.read((t) => t.loginAttempts.retryAfter('code:abc', NOW + 300, limit))).toBe(0);
        expect(await store.read((t) => t.loginAttempts.retryAfter('ip:10.0.0.2', NOW + 300, limit))).toBe(0);
        // The oldest failure leaves the window: one more may be tried.
        expect(await store.read((t) => t.loginAttempts.retryAfter('ip:10.0.0.1', NOW + 1000, limit))).toBe(0);
        expect(await tx(store, (t) => t.loginAttempts.purge(NOW + 150))).toBe(3);
        expect(await tx(store, (t) => t.loginAttempts.purge(NOW + 150))).toBe(0);
      });
    });

    describe('inbound queue (pending rows of the same log)', () => {
      it('enqueues once, lists pending oldest first, counts failures, and markProcessed turns a pending event done', async () => {
        const store = await fresh();
        expect(await tx(store, (t) => t.inboundQueue.enqueue('zalo', 'b', '{"n":2}', 20))).toBe(true);
        expect(await tx(store, (t) => t.inboundQueue.enqueue('zalo', 'a', '{"n":1}', 10))).toBe(true);
        expect(await tx(store, (t) => t.inboundQueue.enqueue('zalo', 'a', '{"n":1}', 30))).toBe(false);
        expect(await tx(store, (t) => t.inboundQueue.enqueue('telegram', 'c', '{}', 5))).toBe(true);
        const pending = await store.read((t) => t.inboundQueue.pending('zalo', 10));
        expect(pending).toEqual([
          { eventId: 'a', payload: '{"n":1}', receivedAt: 10, attempts: 0 },
          { eventId: 'b', payload: '{"n":2}', receivedAt: 20, attempts: 0 },
        ]);
        expect(await store.read((t) => t.inboundQueue.pending('zalo', 1))).toHaveLength(1);
        expect(await tx(store, (t) => t.inboundQueue.recordFailure('zalo', 'a', 'tải tệp lỗi'))).toBe(1);
        expect(await tx(store, (t) => t.inboundQueue.recordFailure('zalo', 'a', 'tải tệp lỗi'))).toBe(2);
        // The engine's step marks the pending event processed: it is new to the engine, and no longer pending.
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('zalo', 'b', 40))).toBe(true);
        expect(await tx(store, (t) => t.inboundEvents.markProcessed('zalo', 'b', 41))).toBe(false);
        await tx(store, (t) => t.inboundQueue.markFailed('zalo', 'a', 'bỏ qua', 50));
        expect(await store.read((t) => t.inboundQueue.pending('zalo', 10))).toEqual([]);
        expect(await tx(store, (t) => t.inboundQueue.enqueue('zalo', 'b', '{}', 60))).toBe(false);
      });
    });

    describe('conversations', () => {
      it('loads null, then what was saved; save replaces state, revision and person', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.conversations.load('telegram:1'))).toBeNull();
        await tx(store, (t) =>
          t.conversations.save('telegram:1', { schemaVersion: 3, state: '{"a":1}', revision: 1, personId: w.people.staff }, NOW),
        );
        expect(await store.read((t) => t.conversations.load('telegram:1'))).toEqual({ schemaVersion: 3, state: '{"a":1}', revision: 1 });
        await tx(store, (t) =>
          t.conversations.save('telegram:1', { schemaVersion: 3, state: '{"a":2}', revision: 2, personId: w.people.staff }, NOW + 1),
        );
        expect(await store.read((t) => t.conversations.load('telegram:1'))).toEqual({ schemaVersion: 3, state: '{"a":2}', revision: 2 });
        // The chat now belongs to nobody (an unlinked chat), then to another person.
        await tx(store, (t) => t.conversations.save('telegram:1', { schemaVersion: 4, state: '{}', revision: 3, personId: null }, NOW + 2));
        await tx(store, (t) => t.conversations.save('telegram:1', { schemaVersion: 4, state: '{"b":1}', revision: 4, personId: w.people.head }, NOW + 3));
        expect(await store.read((t) => t.conversations.load('telegram:1'))).toEqual({ schemaVersion: 4, state: '{"b":1}', revision: 4 });
        expect(await store.read((t) => t.conversations.load('telegram:2'))).toBeNull();
      });

      it('a rolled-back save leaves the previous document', async () => {
        const { store, w } = await world();
        const doc = { schemaVersion: 1, state: '{"v":1}', revision: 1, personId: w.people.staff };
        await tx(store, (t) => t.conversations.save('web:9', doc, NOW));
        await expect(
          tx(store, async (t) => {
            await t.conversations.save('web:9', { ...doc, state: '{"v":2}', revision: 2 }, NOW);
            expect((await t.conversations.load('web:9'))?.state).toBe('{"v":2}'); // read-your-writes inside the unit
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.read((t) => t.conversations.load('web:9'))).toEqual({ schemaVersion: 1, state: '{"v":1}', revision: 1 });
      });
    });

    describe('directory', () => {
      it('findAccountWithPerson reads an account and its person in one call, as findAccount and getPerson do', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.directory.findAccountWithPerson('telegram', 'tg-none'))).toBeNull();
        const account = await tx(store, (t) =>
          t.directory.linkAccount({ personId: w.people.head, channel: 'telegram', externalUserId: 'tg-head', chatId: 'tg-head', via: 'demo', now: NOW }),
        );
        const both = await store.read((t) => t.directory.findAccountWithPerson('telegram', 'tg-head'));
        const separately = await store.read(async (t) => ({
          account: await t.directory.findAccount('telegram', 'tg-head'),
          person: await t.directory.getPerson(w.people.head),
        }));
        expect(both).toEqual(separately);
        expect(both?.account).toEqual(account);
        expect(both?.person && sortedRoles(both.person.roles)).toEqual(['head', 'staff']);
        expect(await store.read((t) => t.directory.findAccountWithPerson('zalo', 'tg-head'))).toBeNull();
      });

      it('startStep marks the event and reads the chat state and the writer, as the three calls do; null when seen before', async () => {
        const { store, w } = await world();
        const event = { channel: 'telegram' as const, eventId: 'e-1', chatKey: 'telegram:tg-head', userId: 'tg-head', now: NOW };
        expect(await tx(store, (t) => t.conversations.startStep(event))).toEqual({ stored: null, linked: null });
        expect(await tx(store, (t) => t.conversations.startStep(event))).toBeNull();
        await tx(store, async (t) => {
          await t.directory.linkAccount({ personId: w.people.head, channel: 'telegram', externalUserId: 'tg-head', chatId: 'tg-head', via: 'demo', now: NOW });
          await t.conversations.save('telegram:tg-head', { schemaVersion: 2, state: '{"dialog":1}', revision: 3, personId: w.people.head }, NOW);
        });
        const started = await tx(store, (t) => t.conversations.startStep({ ...event, eventId: 'e-2' }));
        const separately = await store.read(async (t) => ({
          stored: await t.conversations.load('telegram:tg-head'),
          linked: await t.directory.findAccountWithPerson('telegram', 'tg-head'),
        }));
        expect(started).toEqual(separately);
        expect(started?.stored).toEqual({ schemaVersion: 2, state: '{"dialog":1}', revision: 3 });
        expect(started?.linked?.person?.id).toBe(w.people.head);
        // An event acknowledged earlier and queued (pending) is new to the step; the same id on another channel too.
        expect(await tx(store, (t) => t.inboundQueue.enqueue('telegram', 'e-3', '{}', NOW))).toBe(true);
        expect(await tx(store, (t) => t.conversations.startStep({ ...event, eventId: 'e-3' }))).not.toBeNull();
        expect(await tx(store, (t) => t.conversations.startStep({ ...event, eventId: 'e-3' }))).toBeNull();
        expect(await tx(store, (t) => t.conversations.startStep({ ...event, channel: 'zalo', chatKey: 'zalo:tg-head', eventId: 'e-1' }))).toEqual({ stored: null, linked: null });
        // A step that fails takes its mark with it: the event is new again.
        await expect(
          tx(store, async (t) => {
            await t.conversations.startStep({ ...event, eventId: 'e-4' });
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await tx(store, (t) => t.conversations.startStep({ ...event, eventId: 'e-4' }))).not.toBeNull();
      });

      it('reads people with department, leader in charge and roles; by phone across units (active only)', async () => {
        const { store, w } = await world();
        const head = await store.read((t) => t.directory.getPerson(w.people.head));
        expect(head && { ...head, roles: sortedRoles(head.roles) }).toEqual({
          id: w.people.head,
          unitId: 'u1',
          fullName: 'Nguyễn Văn Trưởng',
          departmentId: w.d1,
          departmentName: 'Phòng Một',
          leaderInChargeId: w.people.leader,
          roles: ['head', 'staff'],
          active: true,
        });
        const leader = await store.read((t) => t.directory.getPerson(w.people.leader));
        expect(leader).toMatchObject({ departmentId: null, departmentName: null, leaderInChargeId: null, roles: ['leader'] });
        expect(await store.read((t) => t.directory.getPerson(999_999))).toBeNull();
        const samePhone = await store.read((t) => t.directory.findPeopleByPhone('0912000002'));
        expect(samePhone.map((p) => p.id).sort((a, b) => a - b)).toEqual([w.people.staff, w.people.other].sort((a, b) => a - b));
        expect(await store.read((t) => t.directory.findPeopleByPhone('0999999999'))).toEqual([]);
        expect(await store.read((t) => t.directory.headsOf(w.d1))).toEqual([w.people.head]);
        expect(await store.read((t) => t.directory.headsOf(w.d2))).toEqual([]);
      });

      it('links an account, finds it, and re-links the same platform user to another person (same account row)', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.directory.findAccount('telegram', '555'))).toBeNull();
        const link = { channel: 'telegram' as const, externalUserId: '555', chatId: '555', via: 'phone' as const, now: NOW };
        const first = await tx(store, (t) => t.directory.linkAccount({ ...link, personId: w.people.staff }));
        expect(first).toMatchObject({ personId: w.people.staff, status: 'active' });
        expect(await store.read((t) => t.directory.findAccount('telegram', '555'))).toEqual(first);
        expect(await store.read((t) => t.directory.findAccount('zalo', '555'))).toBeNull();
        const again = await tx(store, (t) => t.directory.linkAccount({ ...link, personId: w.people.staff }));
        expect(again).toEqual(first);
        const relinked = await tx(store, (t) => t.directory.linkAccount({ ...link, personId: w.people.head, via: 'code', now: NOW + 5 }));
        expect(relinked).toEqual({ id: first.id, personId: w.people.head, status: 'active' });
        await tx(store, (t) => t.directory.touchAccount(first.id, NOW + 10));
        expect(await store.read((t) => t.delivery.accountsOf(w.people.head))).toEqual([
          expect.objectContaining({ id: first.id, channel: 'telegram', chatId: '555', status: 'active', lastInteractionAt: NOW + 10 }),
        ]);
        expect(await store.read((t) => t.delivery.accountsOf(w.people.staff))).toEqual([]);
      });

      it('redeems a one-time code once; unknown and expired codes are refused', async () => {
        const { store, w } = await world();
        await tx(store, async (t) => {
          await t.invites.create({ codeHash: 'a'.repeat(64), personId: w.people.staff, expiresAt: NOW + 1000 }, NOW);
          await t.invites.create({ codeHash: 'b'.repeat(64), personId: w.people.staff, expiresAt: NOW - 1 }, NOW - 10);
        });
        expect(await tx(store, (t) => t.directory.redeemInvite('a'.repeat(64), NOW))).toEqual({ ok: true, personId: w.people.staff });
        expect(await tx(store, (t) => t.directory.redeemInvite('a'.repeat(64), NOW))).toEqual({ ok: false, reason: 'used' });
        expect(await tx(store, (t) => t.directory.redeemInvite('b'.repeat(64), NOW))).toEqual({ ok: false, reason: 'expired' });
        expect(await tx(store, (t) => t.directory.redeemInvite('c'.repeat(64), NOW))).toEqual({ ok: false, reason: 'unknown' });
      });

      it('five concurrent redeems of one code: exactly one succeeds', async () => {
        const { store, w } = await world();
        const hash = 'd'.repeat(64);
        await tx(store, (t) => t.invites.create({ codeHash: hash, personId: w.people.head, expiresAt: NOW + 1000 }, NOW));
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            tx(store, async (t) => {
              await sleep(i % 2);
              return t.directory.redeemInvite(hash, NOW);
            }),
          ),
        );
        expect(results.filter((r) => r.ok)).toEqual([{ ok: true, personId: w.people.head }]);
        expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 4 }, () => ({ ok: false, reason: 'used' })));
      });

      it('keeps the group-mention preference and returns the previous value', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.directory.noGroupMention(w.people.staff))).toBe(false);
        expect(await tx(store, (t) => t.directory.setNoGroupMention(w.people.staff, true, NOW))).toBe(false);
        expect(await tx(store, (t) => t.directory.setNoGroupMention(w.people.staff, true, NOW))).toBe(true);
        expect(await store.read((t) => t.directory.noGroupMention(w.people.staff))).toBe(true);
        expect(await store.read((t) => t.delivery.mentionTarget(w.people.staff))).toEqual({ unitId: 'u1', noGroupMention: true });
        expect(await store.read((t) => t.delivery.mentionTarget(999_999))).toBeNull();
      });
    });

    describe('delivery (accounts as the dispatcher sees them)', () => {
      it('orders a person’s accounts by last use, marks them unreachable and back on interaction', async () => {
        const { store, w } = await world();
        const base = { personId: w.people.staff, via: 'phone' as const };
        const tg = await tx(store, (t) => t.directory.linkAccount({ ...base, channel: 'telegram', externalUserId: 't1', chatId: 't1', now: NOW }));
        const zl = await tx(store, (t) => t.directory.linkAccount({ ...base, channel: 'zalo', externalUserId: 'z1', chatId: 'z1', now: NOW + 1 }));
        expect(await tx(store, (t) => t.delivery.recordInteraction('telegram', 't1', NOW + 100))).toBe(true);
        expect(await tx(store, (t) => t.delivery.recordInteraction('telegram', 'nobody', NOW + 100))).toBe(false);
        expect((await store.read((t) => t.delivery.accountsOf(w.people.staff))).map((a) => a.id)).toEqual([tg.id, zl.id]);
        // Moves forward only.
        await tx(store, (t) => t.delivery.recordInteraction('telegram', 't1', NOW + 50));
        expect((await store.read((t) => t.delivery.accountByChat('telegram', 't1')))?.lastInteractionAt).toBe(NOW + 100);

        await tx(store, (t) => t.delivery.markAccount('zalo', 'z1', 'blocked', 'người dùng chặn'));
        expect((await store.read((t) => t.delivery.accountByChat('zalo', 'z1')))?.status).toBe('blocked');
        await tx(store, (t) => t.delivery.recordInteraction('zalo', 'z1', NOW + 200));
        expect((await store.read((t) => t.delivery.accountByChat('zalo', 'z1')))?.status).toBe('active');
        await tx(store, (t) => t.delivery.markAccountByUser('zalo', 'z1', 'unfollowed', 'bỏ quan tâm'));
        expect((await store.read((t) => t.delivery.accountByChat('zalo', 'z1')))?.status).toBe('unfollowed');
        expect(await store.read((t) => t.delivery.accountByChat('zalo', 'nope'))).toBeNull();

        expect(await store.read((t) => t.delivery.activeAccountsOfUnit('telegram', 'u1'))).toEqual([
          { accountId: tg.id, personId: w.people.staff, chatId: 't1', lastInteractionAt: NOW + 100 },
        ]);
        expect(await store.read((t) => t.delivery.activeAccountsOfUnit('zalo', 'u1'))).toEqual([]);
      });
    });

    describe('assessment', () => {
      it('finds the open period and its rubric', async () => {
        const { store, w } = await world();
        const open = await store.read((t) => t.assessment.openPeriodFor('u1'));
        expect(open).toEqual({
          id: w.period.id,
          unitId: 'u1',
          code: '2026-Q4',
          year: 2026,
          quarter: 4,
          rubricVersionId: w.period.rubricVersionId,
          status: 'open',
          selfDeadline: w.period.selfDeadline,
        });
        expect(await store.read((t) => t.assessment.openPeriodFor('u2'))).toBeNull();
        expect(await store.read((t) => t.assessment.getRubric(w.period.rubricVersionId))).toEqual(contractRubric());
      });

      it('ensureSubmission is idempotent; findSubmission and getSubmission read it back', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.assessment.findSubmission(w.period.id, w.people.staff))).toBeNull();
        const first = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        expect(first).toMatchObject({ periodId: w.period.id, personId: w.people.staff, status: 'draft', selfTotal: null, submittedAt: null });
        const second = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW + 1));
        expect(second).toEqual(first);
        const both = await Promise.all([
          tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.head, NOW)),
          tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.head, NOW)),
        ]);
        expect(both[0]).toEqual(both[1]);
        expect(await store.read((t) => t.assessment.findSubmission(w.period.id, w.people.staff))).toEqual(first);
        expect(await store.read((t) => t.assessment.getSubmission(first.id))).toEqual(first);
        expect(await store.read((t) => t.assessment.getSubmission(999_999))).toBeNull();
      });

      it('loadSubmission reads the submission with its answers and evidence, each in order, as the three reads do', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.assessment.loadSubmission(w.period.id, w.people.staff))).toBeNull();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        expect(await store.read((t) => t.assessment.loadSubmission(w.period.id, w.people.staff))).toEqual({ submission: sub, answers: [], evidence: [] });
        await tx(store, async (t) => {
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c2', value: 'b', selfPoints: 5 }, NOW);
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c1', value: ['x', 'y'], selfPoints: null }, NOW);
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c3', value: 3, selfPoints: 1.5 }, NOW);
          await t.assessment.addEvidence(sub.id, 'c2', { kind: 'link', url: 'https://stp.gov.vn/a' }, NOW);
          await t.assessment.addEvidence(
            sub.id,
            'c1',
            { kind: 'file', filePath: 'ab/cd.png', sha256: 'ab'.repeat(32), size: 3_000_000_000, mime: 'image/png', originalName: 'Ảnh.png' },
            NOW,
          );
        });
        const loaded = await store.read((t) => t.assessment.loadSubmission(w.period.id, w.people.staff));
        const [answers, evidence] = await store.read(async (t) => [await t.assessment.listAnswers(sub.id), await t.assessment.listEvidence(sub.id)] as const);
        expect(loaded).toEqual({ submission: sub, answers, evidence });
        expect(loaded?.answers.map((a) => a.criterionId)).toEqual(['c2', 'c1', 'c3']);
        expect(loaded?.evidence.map((e) => e.kind)).toEqual(['link', 'file']);
        expect(await store.read((t) => t.assessment.loadSubmission(w.period.id, w.people.head))).toBeNull();
      });

      it('loadOpenSession reads the unit settings, the open period and the submission as the separate reads do', async () => {
        const { store, w } = await world();
        const none = await store.read((t) => t.assessment.loadOpenSession('no-such-unit', w.people.staff));
        expect(none).toEqual({ unitSettings: null, period: null, loaded: null });
        await tx(store, (t) => t.settings.updateSettings('u1', { rules: { departmentArticle: 'members-too' } }));
        const separately = async (personId: number) =>
          store.read(async (t) => {
            const period = await t.assessment.openPeriodFor('u1');
            return {
              unitSettings: (await t.settings.getUnit('u1'))?.settings,
              period,
              loaded: period ? await t.assessment.loadSubmission(period.id, personId) : null,
            };
          });
        const empty = await store.read((t) => t.assessment.loadOpenSession('u1', w.people.staff));
        expect(empty).toEqual(await separately(w.people.staff));
        expect(empty.unitSettings).toEqual({ rules: { departmentArticle: 'members-too' } });
        expect(empty.period?.id).toBe(w.period.id);
        expect(empty.loaded).toBeNull();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        await tx(store, async (t) => {
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c2', value: 'b', selfPoints: 5 }, NOW);
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c3', value: 3, selfPoints: 1.5 }, NOW);
          await t.assessment.addEvidence(
            sub.id,
            'c2',
            { kind: 'file', filePath: 'ab/cd.png', sha256: 'ab'.repeat(32), size: 3_000_000_000, mime: 'image/png', originalName: 'Ảnh.png' },
            NOW,
          );
          await t.assessment.updateSubmission(sub.id, { selfTotal: 6.5, status: 'submitted', submittedAt: NOW + 1 }, NOW + 1);
        });
        const full = await store.read((t) => t.assessment.loadOpenSession('u1', w.people.staff));
        expect(full).toEqual(await separately(w.people.staff));
        expect(full.loaded?.answers.map((a) => a.criterionId)).toEqual(['c2', 'c3']);
        expect(full.loaded?.submission).toMatchObject({ status: 'submitted', selfTotal: 6.5, submittedAt: NOW + 1 });
        // u2 has no open period: its settings, no period, no submission.
        expect(await store.read((t) => t.assessment.loadOpenSession('u2', w.people.other))).toEqual({ unitSettings: {}, period: null, loaded: null });
      });

      it('upserts answers keeping the order they were first given', async () => {
        const { store, w } = await world();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        const save = (criterionId: string, value: string | string[] | number | boolean, selfPoints: number | null) =>
          tx(store, (t) => t.assessment.saveAnswer(sub.id, { criterionId, value, selfPoints }, NOW));
        expect(await store.read((t) => t.assessment.listAnswers(sub.id))).toEqual([]);
        await save('c2', 'b', 5);
        await save('c1', ['x', 'y'], null);
        await save('c3', 3, 1);
        await save('c2', 'a', 0);
        await save('c3', true, 2);
        expect(await store.read((t) => t.assessment.listAnswers(sub.id))).toEqual([
          { criterionId: 'c2', value: 'a', selfPoints: 0 },
          { criterionId: 'c1', value: ['x', 'y'], selfPoints: null },
          { criterionId: 'c3', value: true, selfPoints: 2 },
        ]);
        // A rolled-back save leaves the answers as they were.
        await expect(
          tx(store, async (t) => {
            await t.assessment.saveAnswer(sub.id, { criterionId: 'c1', value: 'changed', selfPoints: 9 }, NOW);
            await t.assessment.saveAnswer(sub.id, { criterionId: 'c9', value: 'new', selfPoints: 9 }, NOW);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect((await store.read((t) => t.assessment.listAnswers(sub.id))).map((a) => [a.criterionId, a.value])).toEqual([
          ['c2', 'a'],
          ['c1', ['x', 'y']],
          ['c3', true],
        ]);
      });

      it('keeps evidence in the order it was added', async () => {
        const { store, w } = await world();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        const file = { kind: 'file' as const, filePath: 'evidence/ab/abcd.pdf', sha256: 'ab'.repeat(32), size: 1234, mime: 'application/pdf', originalName: 'Báo cáo.pdf' };
        const e1 = await tx(store, (t) => t.assessment.addEvidence(sub.id, 'c2', { kind: 'link', url: 'https://example.gov.vn/a' }, NOW));
        const e2 = await tx(store, (t) => t.assessment.addEvidence(sub.id, 'c1', file, NOW + 1));
        const e3 = await tx(store, (t) => t.assessment.addEvidence(sub.id, 'c2', { kind: 'link', url: 'https://example.gov.vn/b' }, NOW + 2));
        expect(e1).toEqual({ kind: 'link', url: 'https://example.gov.vn/a', id: e1.id, criterionId: 'c2' });
        expect(e2).toEqual({ ...file, id: e2.id, criterionId: 'c1' });
        expect(await store.read((t) => t.assessment.listEvidence(sub.id))).toEqual([e1, e2, e3]);
      });

      it('updateSubmission applies the patch and bumps the revision by one each time', async () => {
        const { store, w } = await world();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        const submitted = await tx(store, (t) =>
          t.assessment.updateSubmission(
            sub.id,
            { status: 'submitted', selfTotal: 10, band: 'dat', classified: true, submittedAt: NOW + 5, submittedLate: false, lastSubmittedAnswers: { c1: 'b' } },
            NOW + 5,
          ),
        );
        expect(submitted).toEqual({ ...sub, status: 'submitted', selfTotal: 10, band: 'dat', submittedAt: NOW + 5, revision: sub.revision + 1 });
        const again = await tx(store, (t) => t.assessment.updateSubmission(sub.id, { selfTotal: 5 }, NOW + 6));
        expect(again).toEqual({ ...submitted, selfTotal: 5, revision: sub.revision + 2 });
        const cleared = await tx(store, (t) => t.assessment.updateSubmission(sub.id, { band: null }, NOW + 7));
        expect(cleared).toEqual({ ...again, band: null, revision: sub.revision + 3 });
        expect(await store.read((t) => t.assessment.getSubmission(sub.id))).toEqual(cleared);
      });

      it('scoresOf lists a person’s quarters of a year with the answers', async () => {
        const { store, w } = await world();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        await tx(store, async (t) => {
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c1', value: 'b', selfPoints: 5 }, NOW);
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c2', value: ['x'], selfPoints: 0 }, NOW);
          await t.assessment.updateSubmission(sub.id, { status: 'submitted', selfTotal: 5, band: 'dat' }, NOW);
        });
        expect(await store.read((t) => t.assessment.scoresOf(w.people.staff, 2026))).toEqual([
          {
            periodId: w.period.id,
            code: '2026-Q4',
            quarter: 4,
            status: 'submitted',
            selfTotal: 5,
            reviewedTotal: null,
            band: 'dat',
            periodStatus: 'open',
            rubricVersionId: w.period.rubricVersionId,
            answers: { c1: 'b', c2: ['x'] },
          },
        ]);
        expect(await store.read((t) => t.assessment.scoresOf(w.people.staff, 2025))).toEqual([]);
        expect(await store.read((t) => t.assessment.scoresOf(w.people.head, 2026))).toEqual([]);
      });

      it('progressByDepartment counts who self-assesses under the period’s rubric, by status', async () => {
        const { store, w } = await world();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        await tx(store, (t) => t.assessment.updateSubmission(sub.id, { status: 'submitted' }, NOW));
        const progress = await store.read((t) => t.assessment.progressByDepartment(w.period.id));
        const byDepartment = Object.fromEntries(progress.map((d) => [String(d.departmentId), d]));
        // The leader (no department) answers nothing under this rubric (staff criteria only): not counted.
        expect(byDepartment).toEqual({
          [w.d1]: { departmentId: w.d1, departmentName: 'Phòng Một', members: 2, draft: 1, submitted: 1, returned: 0, approved: 0 },
          [w.d2]: { departmentId: w.d2, departmentName: 'Phòng Hai', members: 1, draft: 1, submitted: 0, returned: 0, approved: 0 },
        });
        expect(await store.read((t) => t.assessment.progressByDepartment(999_999))).toEqual([]);
      });
    });

    describe('audit', () => {
      it('appends entries and finds them by unit, person and period, oldest first', async () => {
        const { store, w } = await world();
        const base = { unitId: 'u1', channel: 'telegram', entityType: 'submission', entityId: '1' };
        const id1 = await tx(store, (t) =>
          t.audit.record({ ...base, at: NOW, action: 'answer', actorPersonId: w.people.staff, subjectPersonId: w.people.staff, periodId: w.period.id, before: null, after: { c1: 'b' } }),
        );
        const id2 = await tx(store, (t) =>
          t.audit.record({ ...base, at: NOW + 1, action: 'return', actorPersonId: w.people.head, subjectPersonId: w.people.staff, periodId: w.period.id, reason: 'Thiếu minh chứng' }),
        );
        await tx(store, (t) => t.audit.record({ at: NOW + 2, unitId: 'u1', action: 'link', entityType: 'person', entityId: String(w.people.head), subjectPersonId: w.people.head }));
        await tx(store, (t) => t.audit.record({ at: NOW + 3, unitId: 'u2', action: 'link', entityType: 'person', entityId: String(w.people.other) }));
        expect(id2).toBeGreaterThan(id1);
        const ofStaff = await store.read((t) => t.audit.search({ unitId: 'u1', subjectPersonId: w.people.staff }));
        expect(ofStaff).toEqual([
          {
            id: id1, at: NOW, unitId: 'u1', actorPersonId: w.people.staff, channel: 'telegram', action: 'answer', entityType: 'submission',
            entityId: '1', subjectPersonId: w.people.staff, periodId: w.period.id, before: null, after: { c1: 'b' }, reason: null,
          },
          expect.objectContaining({ id: id2, action: 'return', reason: 'Thiếu minh chứng', before: null, after: null }),
        ]);
        expect((await store.read((t) => t.audit.search({ unitId: 'u1' }))).map((e) => e.action)).toEqual(['answer', 'return', 'link']);
        expect((await store.read((t) => t.audit.search({ unitId: 'u1', periodId: w.period.id }))).map((e) => e.id)).toEqual([id1, id2]);
        expect(await store.read((t) => t.audit.search({ unitId: 'u3' }))).toEqual([]);
      });
    });

    describeAuditPageContract(fresh);

    describeAwardsContract(fresh);

    describe('staff and settings', () => {
      it('creates and updates people and roles; lists units, departments and headcounts', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.staff.listUnits())).toEqual([{ id: 'u1', name: 'Sở Thử nghiệm' }, { id: 'u2', name: 'UBND xã Thử' }]);
        expect((await store.read((t) => t.settings.listUnits())).map((u) => u.id)).toEqual(['u1', 'u2']);
        expect(await store.read((t) => t.settings.getUnit('u1'))).toMatchObject({ id: 'u1', name: 'Sở Thử nghiệm' });
        expect(await store.read((t) => t.settings.getUnit('nope'))).toBeNull();
        // updateSettings replaces the unit's JSON (the caller keeps other keys); an unknown unit changes nothing.
        const stored = { scoring: { yearTop5: true }, reminders: { selfDay: 12 } };
        expect(await store.transaction((t) => t.settings.updateSettings('u1', stored))).toBe(true);
        expect((await store.read((t) => t.settings.getUnit('u1')))?.settings).toEqual(stored);
        expect((await store.read((t) => t.settings.getUnit('u2')))?.settings).not.toEqual(stored);
        expect(await store.transaction((t) => t.settings.updateSettings('nope', {}))).toBe(false);
        expect(await store.read((t) => t.staff.listDepartments('u1'))).toEqual([
          { id: w.d1, unitId: 'u1', name: 'Phòng Một', leaderInChargeId: w.people.leader },
          { id: w.d2, unitId: 'u1', name: 'Phòng Hai', leaderInChargeId: null },
        ]);
        const counts = await store.read((t) => t.staff.headcounts('u1'));
        expect([...counts].sort((a, b) => (a.departmentId ?? 0) - (b.departmentId ?? 0))).toEqual(
          [
            { departmentId: null, members: 1 },
            { departmentId: w.d1, members: 2 },
            { departmentId: w.d2, members: 1 },
          ].sort((a, b) => (a.departmentId ?? 0) - (b.departmentId ?? 0)),
        );
        await tx(store, async (t) => {
          await t.staff.updatePerson(w.people.staff, 'u1', { departmentId: w.d2, fullName: 'Trần Thị Lan', phone: '0912000099', email: 'lan@example.gov.vn', position: 'Chuyên viên', noGroupMention: true }, NOW);
          await t.staff.setRoles(w.people.staff, ['staff', 'office']);
        });
        const staff = await store.read((t) => t.staff.getPerson(w.people.staff));
        expect(staff && { ...staff, roles: sortedRoles(staff.roles) }).toEqual({
          id: w.people.staff, unitId: 'u1', departmentId: w.d2, fullName: 'Trần Thị Lan', phone: '0912000099', email: 'lan@example.gov.vn',
          position: 'Chuyên viên', active: true, noGroupMention: true, joinedOn: null, roles: ['office', 'staff'],
        });
        expect((await store.read((t) => t.staff.findPeople('u1', { phone: '0912000099' }))).map((p) => p.id)).toEqual([w.people.staff]);
        expect((await store.read((t) => t.staff.findPeople('u1', { fullName: 'Lê Văn Hùng' }))).map((p) => p.id)).toEqual([w.people.staff2]);
        expect(await store.read((t) => t.staff.findPeople('u2', { fullName: 'Lê Văn Hùng' }))).toEqual([]);
        expect((await store.read((t) => t.staff.listPeople('u1'))).map((p) => p.id)).toEqual(
          [w.people.leader, w.people.head, w.people.staff, w.people.staff2].sort((a, b) => a - b),
        );
        // Updating within another unit changes nothing.
        await tx(store, (t) => t.staff.updatePerson(w.people.staff, 'u2', { departmentId: null, fullName: 'Sai', phone: null, email: null, position: null, noGroupMention: false }, NOW));
        expect((await store.read((t) => t.staff.getPerson(w.people.staff)))?.fullName).toBe('Trần Thị Lan');
      });
    });

    describe('periods', () => {
      it('finds, lists and moves periods; stores rubric versions', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.periods.get(w.period.id))).toEqual(w.period);
        expect(await store.read((t) => t.periods.find('u1', '2026-Q4'))).toEqual(w.period);
        expect(await store.read((t) => t.periods.find('u2', '2026-Q4'))).toBeNull();
        expect(w.period).toMatchObject({ unitId: 'u1', code: '2026-Q4', year: 2026, quarter: 4, status: 'open', finalisedAt: null });
        const q3 = await tx(store, (t) => openPeriod(t, { unitId: 'u1', rubric: contractRubric(), code: '2026-Q3', by: null }));
        expect(q3.rubricVersionId).toBe(w.period.rubricVersionId); // same rubric id + version + definition: one row
        const q1 = await tx(store, (t) => openPeriod(t, { unitId: 'u1', rubric: contractRubric('2'), code: '2027-Q1', by: null }));
        expect(q1.rubricVersionId).not.toBe(w.period.rubricVersionId);
        expect((await store.read((t) => t.periods.list('u1'))).map((p) => p.code)).toEqual(['2026-Q3', '2026-Q4', '2027-Q1']);
        expect((await store.read((t) => t.periods.list('u1', 2026))).map((p) => p.code)).toEqual(['2026-Q3', '2026-Q4']);
        expect((await store.read((t) => t.periods.newest('u1', ['open'])))?.code).toBe('2027-Q1');

        await tx(store, (t) => t.periods.setStatus(q3.id, 'finalised', NOW));
        expect(await store.read((t) => t.periods.get(q3.id))).toMatchObject({ status: 'finalised', finalisedAt: NOW });
        expect((await store.read((t) => t.periods.newest('u1', ['finalised', 'submitted_to_director'])))?.id).toBe(q3.id);
        expect((await store.read((t) => t.periods.listByStatus(['open']))).map((p) => p.code)).toEqual(['2026-Q4', '2027-Q1']);
        await tx(store, (t) => t.periods.setStatus(q3.id, 'open', NOW + 1));
        expect(await store.read((t) => t.periods.get(q3.id))).toMatchObject({ status: 'open', finalisedAt: null });

        const moved = await tx(store, (t) => t.periods.setDates(w.period.id, { selfDeadline: '2026-12-12' }));
        expect(moved).toEqual({ ...w.period, selfDeadline: '2026-12-12' });
        expect(await store.read((t) => t.periods.findRubricVersion('contract', '2'))).toMatchObject({ id: q1.rubricVersionId, rubricId: 'contract', version: '2' });
        expect(await store.read((t) => t.periods.findRubricVersion('contract', '9'))).toBeNull();
        expect(await store.read((t) => t.assessment.getRubric(q1.rubricVersionId))).toEqual(contractRubric('2'));
      });
    });

    covering(['results'], 'results', () => {
      it('lists every active person of the unit in a period with their submission; [] for an unknown period', async () => {
        const { store, w } = await world();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        await tx(store, (t) => t.assessment.updateSubmission(sub.id, { status: 'submitted', selfTotal: 10 }, NOW));
        const rows = await store.read((t) => t.results.quarterRows('u1', '2026-Q4'));
        expect(rows.map((r) => r.personId)).toEqual([w.people.leader, w.people.head, w.people.staff, w.people.staff2].sort((a, b) => a - b));
        const staffRow = rows.find((r) => r.personId === w.people.staff);
        expect(staffRow).toEqual({
          periodId: w.period.id, code: '2026-Q4', year: 2026, quarter: 4, periodStatus: 'open', rubricVersionId: w.period.rubricVersionId,
          periodEndsOn: '2026-12-31', joinedOn: null,
          personId: w.people.staff, fullName: 'Trần Thị Lan', departmentId: w.d1, departmentName: 'Phòng Một', roles: ['staff'],
          status: 'submitted', selfTotal: 10, reviewedTotal: null, classified: null,
        });
        expect(rows.find((r) => r.personId === w.people.head)).toMatchObject({ status: null, roles: expect.arrayContaining(['head', 'staff']) });
        expect(await store.read((t) => t.results.quarterRows('u1', '2025-Q1'))).toEqual([]);
        expect((await store.read((t) => t.results.yearRows('u1', 2026))).length).toBe(4);
        expect(await store.read((t) => t.results.yearRows('u1', 2020))).toEqual([]);
        // A period of a unit with nobody gives one row with null person fields.
        await tx(store, (t) => t.staff.createUnit({ id: 'u3', name: 'Đơn vị trống' }));
        const empty = await tx(store, (t) => openPeriod(t, { unitId: 'u3', rubric: contractRubric(), code: '2026-Q4', by: null }));
        expect(await store.read((t) => t.results.quarterRows('u3', '2026-Q4'))).toEqual([
          {
            periodId: empty.id, code: '2026-Q4', year: 2026, quarter: 4, periodStatus: 'open', rubricVersionId: empty.rubricVersionId,
            periodEndsOn: '2026-12-31', joinedOn: null,
            personId: null, fullName: null, departmentId: null, departmentName: null, roles: [],
            status: null, selfTotal: null, reviewedTotal: null, classified: null,
          },
        ]);
      });
    });

    covering(['contest'], 'contest (contract-contest.ts)', () => describeContestContract(fresh));

    covering(['outbox'], 'outbox', () => {
      const CLAIMER = { instanceId: 'inst-a', leaseMs: 60_000 };
      const OTHER = { instanceId: 'inst-b', leaseMs: 60_000 };
      const msg = (text: string) => [{ kind: 'text' as const, text }];

      it('enqueues once per dedupe key and claims due items oldest first', async () => {
        const store = await fresh();
        const a = await tx(store, (t) => t.outbox.enqueue({ dedupeKey: 'n:1@telegram', channel: 'telegram', chatId: '1', purpose: 'approval', messages: msg('Một'), now: 100 }));
        expect(a.created).toBe(true);
        const again = await tx(store, (t) => t.outbox.enqueue({ dedupeKey: 'n:1@telegram', channel: 'telegram', chatId: '1', purpose: 'approval', messages: msg('Khác'), now: 101 }));
        expect(again).toEqual({ id: a.id, created: false });
        const b = await tx(store, (t) => t.outbox.enqueue({ dedupeKey: 'n:2@telegram', channel: 'telegram', chatId: '2', purpose: 'reminder', messages: msg('Hai'), now: 50 }));
        await tx(store, (t) => t.outbox.enqueue({ dedupeKey: 'n:3@telegram', channel: 'telegram', chatId: '3', purpose: 'later', messages: msg('Ba'), now: 10_000 }));
        await tx(store, (t) => t.outbox.enqueue({ dedupeKey: 'n:1@zalo', channel: 'zalo', chatId: 'z', purpose: 'approval', messages: msg('Một'), now: 100 }));
        expect(await store.read((t) => t.outbox.exists('n:1@telegram'))).toBe(true);
        expect(await store.read((t) => t.outbox.exists('n:9@telegram'))).toBe(false);

        const claimed = await tx(store, (t) => t.outbox.claimDue('telegram', 1000, 10, CLAIMER));
        expect(claimed.map((i) => i.id)).toEqual([b.id, a.id]);
        expect(claimed[1]).toMatchObject({ dedupeKey: 'n:1@telegram', chatId: '1', personId: null, purpose: 'approval', messages: msg('Một'), attempts: 1 });
        // Claimed items are not claimed twice.
        expect(await tx(store, (t) => t.outbox.claimDue('telegram', 1000, 10, CLAIMER))).toEqual([]);
        expect(await store.read((t) => t.outbox.countByStatus('telegram'))).toEqual({ sending: 2, pending: 1 });
      });

      it('marks only with the current claim; a retry comes back due later; an expired claim is claimed again', async () => {
        const store = await fresh();
        const { id } = await tx(store, (t) => t.outbox.enqueue({ dedupeKey: 'k@telegram', channel: 'telegram', chatId: '1', purpose: 'p', messages: msg('x'), now: 0 }));
        const [first] = await tx(store, (t) => t.outbox.claimDue('telegram', 10, 5, CLAIMER));
        if (!first) throw new Error('nothing claimed');
        expect(await tx(store, (t) => t.outbox.markRetry(first.claim, 'mạng lỗi', 500))).toBe(true);
        expect(await tx(store, (t) => t.outbox.markSent(first.claim, 20))).toBe(false); // stale claim
        expect(await tx(store, (t) => t.outbox.claimDue('telegram', 100, 5, CLAIMER))).toEqual([]);
        const [second] = await tx(store, (t) => t.outbox.claimDue('telegram', 500, 5, CLAIMER));
        expect(second?.attempts).toBe(2);
        if (!second) throw new Error('nothing claimed');
        // A crash: the item stays in flight until its lease passes; then another instance claims it, the old claim is dead.
        expect(await tx(store, (t) => t.outbox.claimDue('telegram', 500 + CLAIMER.leaseMs - 1, 5, OTHER))).toEqual([]);
        const [third] = await tx(store, (t) => t.outbox.claimDue('telegram', 500 + CLAIMER.leaseMs, 5, OTHER));
        if (!third) throw new Error('nothing claimed');
        expect(await tx(store, (t) => t.outbox.markSent(second.claim, 600))).toBe(false);
        expect(await tx(store, (t) => t.outbox.markSent(third.claim, 600))).toBe(true);
        expect(await tx(store, (t) => t.outbox.markFailed(third.claim, 'muộn'))).toBe(false);
        expect(await store.read((t) => t.outbox.countByStatus('telegram'))).toEqual({ sent: 1 });
        expect(id).toBe(third.id);
      });

      it('fails and marks unreachable with a claim; holds and requeues a held item; the web chat takes its items', async () => {
        const { store, w } = await world();
        const enqueue = (dedupeKey: string, channel: 'zalo' | 'web' | 'telegram', chatId: string, now: number) =>
          tx(store, (t) => t.outbox.enqueue({ dedupeKey, channel, chatId, personId: w.people.staff, purpose: 'p', messages: msg(dedupeKey), now }));
        const f = await enqueue('f@zalo', 'zalo', 'z1', 1);
        const u = await enqueue('u@zalo', 'zalo', 'z1', 2);
        // One chat: its oldest unfinished item first, the next once that one is done.
        const [cf, ...others] = await tx(store, (t) => t.outbox.claimDue('zalo', 10, 10, CLAIMER));
        expect([cf?.id, others]).toEqual([f.id, []]);
        if (!cf) throw new Error('nothing claimed');
        expect(await tx(store, (t) => t.outbox.markFailed(cf.claim, 'lỗi 400'))).toBe(true);
        const [cu] = await tx(store, (t) => t.outbox.claimDue('zalo', 10, 10, CLAIMER));
        expect(cu?.id).toBe(u.id);
        if (!cu) throw new Error('nothing claimed');
        expect(await tx(store, (t) => t.outbox.markUnreachable(cu.claim, 'blocked'))).toBe(true);

        const held = await enqueue('h@zalo', 'zalo', 'z1', 100);
        await tx(store, (t) => t.outbox.hold(held.id, 'window-closed'));
        expect(await tx(store, (t) => t.outbox.claimDue('zalo', 1000, 10, CLAIMER))).toEqual([]);
        expect(await tx(store, (t) => t.outbox.requeueHeld('zalo', 'z1', 'window-closed', 50, 2000))).toBe(1);
        expect((await tx(store, (t) => t.outbox.claimDue('zalo', 2000, 10, CLAIMER))).map((c) => c.id)).toEqual([held.id]);
        // Not requeued when the same notification went out on another channel.
        const h2 = await enqueue('h2@zalo', 'zalo', 'z1', 100);
        await tx(store, (t) => t.outbox.hold(h2.id, 'window-closed'));
        await enqueue('h2@telegram', 'telegram', 't1', 100);
        expect(await tx(store, (t) => t.outbox.requeueHeld('zalo', 'z1', 'window-closed', 50, 2000))).toBe(0);

        await enqueue('w1@web', 'web', 'wc', 10);
        await enqueue('w2@web', 'web', 'wc', 11);
        const taken = await tx(store, (t) => t.outbox.takeForChat('web', 'wc', 20));
        expect(taken.map((i) => i.dedupeKey)).toEqual(['w1@web', 'w2@web']);
        expect(await tx(store, (t) => t.outbox.takeForChat('web', 'wc', 21))).toEqual([]);

        const listed = await store.read((t) => t.outbox.listForPeople([w.people.staff], 0));
        expect(listed.find((r) => r.id === f.id)).toMatchObject({ status: 'failed', lastError: 'lỗi 400' });
        expect(listed.find((r) => r.id === u.id)).toMatchObject({ status: 'unreachable', lastError: 'blocked' });
        expect(listed.map((r) => r.createdAt)).toEqual([...listed.map((r) => r.createdAt)].sort((a, b) => b - a));
        expect(await store.read((t) => t.outbox.listForPeople([], 0))).toEqual([]);
        expect(await store.read((t) => t.outbox.listForPeople([w.people.head], 0))).toEqual([]);
      });

      it('an enqueue in a rolled-back unit leaves nothing to deliver', async () => {
        const store = await fresh();
        await expect(
          tx(store, async (t) => {
            await t.outbox.enqueue({ dedupeKey: 'gone@telegram', channel: 'telegram', chatId: '1', purpose: 'p', messages: msg('x'), now: 0 });
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.read((t) => t.outbox.exists('gone@telegram'))).toBe(false);
      });
    });

    covering(['jobs'], 'jobs', () => {
      it('claims a slot once, records its end, skips slots, and keeps the first reminder record per person', async () => {
        const { store, w } = await world();
        const slot = { job: 'self-reminder', unitId: 'u1', slot: NOW };
        expect(await store.read((t) => t.jobs.runStatus(slot))).toBeNull();
        const claims = await Promise.all([tx(store, (t) => t.jobs.claimRun(slot, NOW, 'inst-a')), tx(store, (t) => t.jobs.claimRun(slot, NOW, 'inst-b'))]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.read((t) => t.jobs.runStatus(slot))).toBe('running');
        const owner = claims[0] ? 'inst-a' : 'inst-b';
        expect(await tx(store, (t) => t.jobs.finishRun(slot, 'done', { reminded: 2 }, NOW + 1, owner))).toBe(true);
        expect(await store.read((t) => t.jobs.runStatus(slot))).toBe('done');
        expect(await tx(store, (t) => t.jobs.skipRun(slot, {}, NOW))).toBe(false);
        const skipped = { job: 'self-reminder', unitId: 'u1', slot: NOW + 86_400_000 };
        expect(await tx(store, (t) => t.jobs.skipRun(skipped, { reason: 'holiday' }, NOW))).toBe(true);
        expect(await store.read((t) => t.jobs.runStatus(skipped))).toBe('skipped');
        expect(await store.read((t) => t.jobs.skippedSlots('u1', ['self-reminder'], NOW, NOW + 86_400_000))).toEqual([{ job: 'self-reminder', slot: skipped.slot }]);
        expect(await store.read((t) => t.jobs.skippedSlots('u1', ['other'], 0, Number.MAX_SAFE_INTEGER))).toEqual([]);

        expect(await store.read((t) => t.jobs.hasDelivery(slot, w.people.staff))).toBe(false);
        await tx(store, (t) => t.jobs.recordDelivery(slot, { personId: w.people.staff, outcome: 'not_linked' }, NOW));
        await tx(store, (t) => t.jobs.recordDelivery(slot, { personId: w.people.staff, outcome: 'queued', channel: 'telegram' }, NOW));
        expect(await store.read((t) => t.jobs.hasDelivery(slot, w.people.staff))).toBe(true);
        expect(await store.read((t) => t.jobs.deliveries('u1', ['self-reminder'], NOW, NOW))).toEqual([
          { personId: w.people.staff, fullName: 'Trần Thị Lan', departmentId: w.d1, job: 'self-reminder', slot: NOW, outcome: 'not_linked', outboxStatus: null, outboxError: null },
        ]);
      });

      it('gives the reminder snapshot of a period', async () => {
        const { store, w } = await world();
        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        await tx(store, (t) => t.assessment.saveAnswer(sub.id, { criterionId: 'c1', value: 'b', selfPoints: 5 }, NOW));
        const snap = await store.read((t) => t.jobs.reminderSnapshot('u1', w.period.id));
        expect(snap.people.map((p) => p.id)).toEqual([w.people.leader, w.people.head, w.people.staff, w.people.staff2].sort((a, b) => a - b));
        expect(snap.submissions).toEqual([{ id: sub.id, personId: w.people.staff, status: 'draft', returnReason: null }]);
        expect(snap.openAnswers).toEqual([{ submissionId: sub.id, criterionId: 'c1', value: 'b' }]);
        expect(snap.departments.map((d) => d.id)).toEqual([w.d1, w.d2]);
        expect(snap.lists).toEqual([]);
      });
    });

    covering(['honours', 'groups', 'webSessions', 'telegramChats', 'zaloTokens'], 'honours, groups, web sessions, Telegram chats, Zalo tokens', () => {
      it('claims an honour post once and keeps its content', async () => {
        const store = await fresh();
        await tx(store, (t) => t.staff.createUnit({ id: 'u1', name: 'Sở' }));
        const key = { unitId: 'u1', kind: 'quarter' as const, periodCode: '2026-Q4' };
        const claims = await Promise.all([
          tx(store, (t) => t.honours.claim(key, { groups: [] }, NOW, null)),
          tx(store, (t) => t.honours.claim(key, { groups: ['x'] }, NOW, null)),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        const post = await store.read((t) => t.honours.find(key));
        expect(post).toMatchObject({ postedAt: NOW, postedById: null });
        if (!post) throw new Error('no post');
        await tx(store, (t) => t.honours.updateContent(post.id, { groups: [{ id: 1, state: 'posted' }] }));
        expect((await store.read((t) => t.honours.find(key)))?.content).toEqual({ groups: [{ id: 1, state: 'posted' }] });
        expect(await store.read((t) => t.honours.find({ ...key, kind: 'year', periodCode: '2026' }))).toBeNull();
        expect(await store.read((t) => t.honours.listPosts('u1'))).toEqual([{ ...key, id: post.id, content: { groups: [{ id: 1, state: 'posted' }] }, postedAt: NOW, postedById: null }]);
      });

      it('registers, re-points, deactivates and moves announcement groups', async () => {
        const { store, w } = await world();
        const reg = { unitId: 'u1', channel: 'telegram' as const, chatId: '-100', title: 'Nhóm Sở', registeredById: w.people.head, registeredAt: NOW };
        const target = await tx(store, (t) => t.groups.register(reg));
        expect(target).toEqual({ ...reg, id: target.id, active: true });
        expect(await store.read((t) => t.groups.activeTargets('u1'))).toEqual([target]);
        await tx(store, (t) => t.groups.deactivate(target.id));
        expect(await store.read((t) => t.groups.activeTargets('u1'))).toEqual([]);
        expect((await store.read((t) => t.groups.findByChat('telegram', '-100')))?.active).toBe(false);
        const again = await tx(store, (t) => t.groups.register({ ...reg, unitId: 'u2', registeredById: null, registeredAt: NOW + 1 }));
        expect(again).toEqual({ ...reg, unitId: 'u2', registeredById: null, registeredAt: NOW + 1, id: target.id, active: true });
        await tx(store, (t) => t.groups.moveChat(target.id, '-200'));
        expect(await store.read((t) => t.groups.findByChat('telegram', '-100'))).toBeNull();
        expect((await store.read((t) => t.groups.findByChat('telegram', '-200')))?.id).toBe(target.id);
      });

      it('keeps web sessions by token hash and purges expired ones', async () => {
        const { store, w } = await world();
        await tx(store, async (t) => {
          await t.webSessions.create({ tokenHash: 'h1', personId: w.people.staff, expiresAt: NOW + 1000, createdAt: NOW });
          await t.webSessions.create({ tokenHash: 'h2', personId: w.people.head, expiresAt: NOW - 1, createdAt: NOW - 100 });
        });
        expect(await store.read((t) => t.webSessions.find('h1'))).toEqual({ personId: w.people.staff, expiresAt: NOW + 1000, personActive: true });
        expect(await store.read((t) => t.webSessions.find('nope'))).toBeNull();
        expect(await tx(store, (t) => t.webSessions.purgeExpired(NOW))).toBe(1);
        expect(await store.read((t) => t.webSessions.find('h2'))).toBeNull();
        await tx(store, (t) => t.webSessions.delete('h1'));
        expect(await store.read((t) => t.webSessions.find('h1'))).toBeNull();
      });

      it('remembers a Telegram chat’s current question', async () => {
        const store = await fresh();
        expect(await store.read((t) => t.telegramChats.currentQuestion('1'))).toBeNull();
        await tx(store, (t) =>
          t.telegramChats.saveQuestions([
            { chatId: '1', question: { messageId: 10, text: 'Câu 1?' } },
            { chatId: '2', question: { messageId: 20, text: 'Câu 2?' } },
          ], NOW),
        );
        await tx(store, (t) => t.telegramChats.saveQuestions([{ chatId: '1', question: { messageId: 11, text: 'Câu 1b?' } }, { chatId: '2', question: null }], NOW + 1));
        expect(await store.read((t) => t.telegramChats.currentQuestion('1'))).toEqual({ messageId: 11, text: 'Câu 1b?' });
        expect(await store.read((t) => t.telegramChats.currentQuestion('2'))).toBeNull();
      });

      it('two instances saving the same Telegram chats in opposite orders at once never deadlock (rows written in chat-id order)', async () => {
        const store = await fresh();
        const chats = Array.from({ length: 150 }, (_, i) => `${1000 + i}`);
        const batch = (ids: readonly string[], messageId: number) => ids.map((chatId) => ({ chatId, question: { messageId, text: `Câu ${messageId}?` } }));
        for (let round = 0; round < 3; round++) {
          // Each batch in its own unit of work, as two instances' question stores write theirs.
          await Promise.all([
            tx(store, (t) => t.telegramChats.saveQuestions(batch(chats, 100 + round), NOW + round)),
            tx(store, (t) => t.telegramChats.saveQuestions(batch([...chats].reverse(), 200 + round), NOW + round)),
          ]);
        }
        const last = await store.read((t) => t.telegramChats.currentQuestion(chats[0] ?? ''));
        expect([102, 202]).toContain(last?.messageId);
        // One batch committed after the other: every chat shows the same winner.
        for (const chatId of chats) expect((await store.read((t) => t.telegramChats.currentQuestion(chatId)))?.messageId).toBe(last?.messageId);
      });

      it('seeds the Zalo token pair once and replaces it', async () => {
        const store = await fresh();
        expect(await store.read((t) => t.zaloTokens.load())).toBeNull();
        expect(await tx(store, (t) => t.zaloTokens.seed('refresh-env', NOW))).toBe(true);
        expect(await tx(store, (t) => t.zaloTokens.seed('refresh-other', NOW))).toBe(false);
        expect((await store.read((t) => t.zaloTokens.load()))?.refreshToken).toBe('refresh-env');
        const pair = { accessToken: 'a2', refreshToken: 'r2', accessExpiresAt: NOW + 3600_000, refreshExpiresAt: null, updatedAt: NOW + 1 };
        await tx(store, (t) => t.zaloTokens.save(pair));
        expect(await store.read((t) => t.zaloTokens.load())).toEqual(pair);
      });

      it('reads the Zalo pair under a lock: a second refresher sees the pair the first saved, never the one it replaced', async () => {
        const store = await fresh();
        const pair = (n: number) => ({ accessToken: `a${n}`, refreshToken: `r${n}`, accessExpiresAt: NOW + n, refreshExpiresAt: null, updatedAt: NOW + n });
        await tx(store, (t) => t.zaloTokens.save(pair(1)));
        let firstHasLock: () => void = () => undefined;
        const locked = new Promise<void>((resolve) => (firstHasLock = resolve));
        const first = tx(store, async (t) => {
          expect(await t.zaloTokens.loadForUpdate()).toEqual(pair(1));
          firstHasLock();
          await new Promise((r) => setTimeout(r, 100));
          await t.zaloTokens.save(pair(2));
        });
        await locked;
        const second = tx(store, (t) => t.zaloTokens.loadForUpdate());
        await first;
        expect(await second).toEqual(pair(2));
      });
    });

    covering(['reviews'], 'reviews', () => {
      it('reads members, holders and departments; writes the reviewer’s side and department lists', async () => {
        const { store, w } = await world();
        expect(await store.read((t) => t.reviews.member(w.people.staff))).toMatchObject({ id: w.people.staff, departmentName: 'Phòng Một', roles: ['staff'], active: true });
        expect((await store.read((t) => t.reviews.membersOf(w.d1))).map((m) => m.id)).toEqual([w.people.head, w.people.staff]);
        expect(await store.read((t) => t.reviews.holdersOf('u1', 'head'))).toEqual([w.people.head]);
        // The unit's leadership: active people of the unit in no department, never another unit's.
        expect((await store.read((t) => t.reviews.membersWithoutDepartment('u1'))).map((m) => [m.id, m.roles, m.departmentName])).toEqual([[w.people.leader, ['leader'], null]]);
        expect(await store.read((t) => t.reviews.holdersOf('u1', 'head', w.d2))).toEqual([]);
        expect(await store.read((t) => t.reviews.department(w.d1))).toEqual({ id: w.d1, unitId: 'u1', name: 'Phòng Một', leaderInChargeId: w.people.leader });
        expect((await store.read((t) => t.reviews.departmentsOf('u1'))).map((d) => d.id)).toEqual([w.d1, w.d2]);
        expect((await store.read((t) => t.reviews.departmentsWithMembers('u1'))).map((d) => d.id)).toEqual([w.d1, w.d2]);

        const sub = await tx(store, (t) => t.assessment.ensureSubmission(w.period.id, w.people.staff, NOW));
        await tx(store, async (t) => {
          await t.assessment.saveAnswer(sub.id, { criterionId: 'c1', value: 'b', selfPoints: 5 }, NOW);
          await t.assessment.updateSubmission(sub.id, { status: 'submitted', selfTotal: 5, submittedAt: NOW }, NOW);
        });
        expect(await store.read((t) => t.reviews.waitingSubmissions('u1', ['open']))).toEqual([{ id: sub.id, personId: w.people.staff }]);
        const [answer] = await store.read((t) => t.reviews.answers(sub.id));
        expect(answer).toMatchObject({ criterionId: 'c1', value: 'b', selfPoints: 5, reviewedValue: null, reviewedPoints: null, reviewReason: null });
        if (!answer) throw new Error('no answer');
        await tx(store, (t) => t.reviews.updateAnswerReview(answer.id, { reviewedPoints: 0, reviewedValue: 'a', reviewReason: 'Không có minh chứng' }, NOW));
        expect((await store.read((t) => t.reviews.answers(sub.id)))[0]).toMatchObject({ reviewedValue: 'a', reviewedPoints: 0, reviewReason: 'Không có minh chứng' });
        const before = await store.read((t) => t.reviews.submission(sub.id));
        const approved = await tx(store, (t) =>
          t.reviews.updateReview(sub.id, { status: 'approved', reviewedTotal: 0, reviewedById: w.people.head, reviewedAt: NOW + 1 }, NOW + 1),
        );
        expect(approved).toMatchObject({ status: 'approved', reviewedTotal: 0, reviewedById: w.people.head, reviewedAt: NOW + 1, revision: (before?.revision ?? 0) + 1 });
        expect(await store.read((t) => t.reviews.waitingSubmissions('u1', ['open']))).toEqual([]);
        expect((await store.read((t) => t.reviews.submissionsOfPeriod(w.period.id))).map((s) => s.id)).toEqual([sub.id]);
        expect(await store.read((t) => t.reviews.newestPeriodIdOf(w.people.staff))).toBe(w.period.id);
        expect(await store.read((t) => t.reviews.newestPeriodIdOf(w.people.staff2))).toBeNull();
        expect(await store.read((t) => t.reviews.finalResultsOf(w.people.staff))).toEqual([]);
        await tx(store, (t) => t.periods.setStatus(w.period.id, 'finalised', NOW + 2));
        expect(await store.read((t) => t.reviews.finalResultsOf(w.people.staff))).toEqual([
          expect.objectContaining({ periodId: w.period.id, code: '2026-Q4', reviewedTotal: 0 }),
        ]);

        const list = await tx(store, (t) =>
          t.reviews.insertList({
            periodId: w.period.id, departmentId: w.d1, status: 'sent', sentById: w.people.head, sentAt: NOW, sentLate: false,
            leaderComment: null, leaderCommentById: null, acceptedById: null, acceptedAt: null, returnReason: null, snapshot: { members: [w.people.staff] },
          }),
        );
        expect(await store.read((t) => t.reviews.list(list.id))).toEqual(list);
        expect(await store.read((t) => t.reviews.listOf(w.period.id, w.d1))).toEqual(list);
        expect(await store.read((t) => t.reviews.listOf(w.period.id, w.d2))).toBeNull();
        const accepted = await tx(store, (t) => t.reviews.updateList(list.id, { status: 'accepted', acceptedById: w.people.leader, acceptedAt: NOW + 3 }));
        expect(accepted).toEqual({ ...list, status: 'accepted', acceptedById: w.people.leader, acceptedAt: NOW + 3 });
        expect(await store.read((t) => t.reviews.listsOfPeriod(w.period.id))).toEqual([accepted]);
        await expect(tx(store, (t) => t.reviews.insertList({ ...list, id: undefined } as never))).rejects.toThrow();
      });

      it('reads audit entries back for the workflow (last matching entry, a person’s history)', async () => {
        const { store, w } = await world();
        await tx(store, async (t) => {
          await t.audit.record({ at: NOW, unitId: 'u1', action: 'return', entityType: 'submission', entityId: '1', subjectPersonId: w.people.staff, periodId: w.period.id, after: { n: 1 } });
          await t.audit.record({ at: NOW + 1, unitId: 'u1', action: 'return', entityType: 'submission', entityId: '1', subjectPersonId: w.people.staff, periodId: w.period.id, after: { n: 2 } });
          await t.audit.record({ at: NOW + 2, unitId: 'u1', action: 'period_finalise', entityType: 'period', entityId: String(w.period.id), periodId: w.period.id });
          await t.audit.record({ at: NOW + 3, unitId: 'u1', action: 'answer', entityType: 'submission', entityId: '2', subjectPersonId: w.people.head, periodId: w.period.id });
        });
        expect((await store.read((t) => t.reviews.lastAudit({ action: 'return', periodId: w.period.id })))?.after).toEqual({ n: 2 });
        expect(await store.read((t) => t.reviews.lastAudit({ action: 'return', entityId: '9' }))).toBeNull();
        const history = await store.read((t) => t.reviews.historyOf(w.people.staff, w.period.id, ['period_finalise']));
        expect(history.map((e) => e.action)).toEqual(['return', 'return', 'period_finalise']);
      });
    });
  });
}
