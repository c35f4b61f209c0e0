/**
 * Contract tests of the scheduler's and the honours' repositories (`tx.jobs`, `tx.honours`, `tx.groups`,
 * `tx.settings`), written against the interfaces only. `describeSchedulerStoreContract` takes a setup that returns a
 * store with one seeded unit, so the PostgreSQL implementation can run the same suite; the SQLite setup is below.
 */
import { describe, expect, it } from 'vitest';
import { announcementTargets, chatAccounts, departmentLists, submissions, units } from '../../db/schema.js';
import type { Store } from '../../src/store/store.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';

export interface ContractWorld {
  store: Store;
  unitId: string;
  /** Seeded people by key (seed-unit.ts defaults). */
  people: Record<string, number>;
  departmentIds: number[];
  periodId: number;
  /** Registers an announcement group (registration belongs to the channels' repositories). */
  addGroup(channel: 'telegram' | 'zalo', chatId: string, title: string, active?: boolean): Promise<void>;
}

export function describeSchedulerStoreContract(name: string, setup: () => Promise<ContractWorld>): void {
  describe(`scheduler store contract (${name})`, () => {
    it('job runs: claimed once, resumable while running, finished, skipped once', async () => {
      const w = await setup();
      const slot = { job: 'self-reminder', unitId: w.unitId, slot: 1_000 };
      expect(await w.store.read((tx) => tx.jobs.runStatus(slot))).toBeNull();
      expect(await w.store.transaction((tx) => tx.jobs.claimRun(slot, 5, 'inst-a'))).toBe(true);
      expect(await w.store.transaction((tx) => tx.jobs.claimRun(slot, 6, 'inst-b'))).toBe(false);
      expect(await w.store.read((tx) => tx.jobs.runStatus(slot))).toBe('running');
      expect(await w.store.transaction((tx) => tx.jobs.finishRun(slot, 'done', { targets: 3 }, 7, 'inst-b'))).toBe(false);
      expect(await w.store.transaction((tx) => tx.jobs.finishRun(slot, 'done', { targets: 3 }, 7, 'inst-a'))).toBe(true);
      expect(await w.store.read((tx) => tx.jobs.runStatus(slot))).toBe('done');
      expect(await w.store.transaction((tx) => tx.jobs.skipRun(slot, { reason: 'x' }, 8))).toBe(false);
      const other = { ...slot, job: 'review-reminder', slot: 2_000 };
      expect(await w.store.transaction((tx) => tx.jobs.skipRun(other, { reason: 'deadline_passed' }, 8))).toBe(true);
      expect(await w.store.transaction((tx) => tx.jobs.skipRun(other, { reason: 'again' }, 9))).toBe(false);
      expect(await w.store.read((tx) => tx.jobs.runStatus(other))).toBe('skipped');
      expect(await w.store.read((tx) => tx.jobs.skippedSlots(w.unitId, ['self-reminder', 'review-reminder'], 0, 5_000))).toEqual([
        { job: 'review-reminder', slot: 2_000 },
      ]);
      expect(await w.store.read((tx) => tx.jobs.skippedSlots(w.unitId, ['review-reminder'], 2_001, 5_000))).toEqual([]);
      expect(await w.store.read((tx) => tx.jobs.skippedSlots(w.unitId, [], 0, 5_000))).toEqual([]);
    });

    it('a rolled-back unit of work leaves no claim', async () => {
      const w = await setup();
      const slot = { job: 'office-status', unitId: w.unitId, slot: 3_000 };
      await expect(
        w.store.transaction(async (tx) => {
          await tx.jobs.claimRun(slot, 1, 'inst-a');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await w.store.read((tx) => tx.jobs.runStatus(slot))).toBeNull();
    });

    it('reminder deliveries: first record wins; listed with the person and nothing queued', async () => {
      const w = await setup();
      const slot = { job: 'self-reminder', unitId: w.unitId, slot: 1_000 };
      const staff = w.people.staff!;
      expect(await w.store.read((tx) => tx.jobs.hasDelivery(slot, staff))).toBe(false);
      await w.store.transaction((tx) => tx.jobs.recordDelivery(slot, { personId: staff, outcome: 'not_linked' }, 5));
      await w.store.transaction((tx) => tx.jobs.recordDelivery(slot, { personId: staff, outcome: 'queued', channel: 'telegram' }, 6));
      expect(await w.store.read((tx) => tx.jobs.hasDelivery(slot, staff))).toBe(true);
      expect(await w.store.read((tx) => tx.jobs.hasDelivery({ ...slot, slot: 1_001 }, staff))).toBe(false);
      const rows = await w.store.read((tx) => tx.jobs.deliveries(w.unitId, ['self-reminder'], 0, 2_000));
      expect(rows).toEqual([
        { personId: staff, fullName: 'Trần Thị Lan', departmentId: w.departmentIds[0], job: 'self-reminder', slot: 1_000, outcome: 'not_linked', outboxStatus: null, outboxError: null },
      ]);
      expect(await w.store.read((tx) => tx.jobs.deliveries(w.unitId, ['review-reminder'], 0, 2_000))).toEqual([]);
    });

    it('reminder snapshot: active people with roles, every submission, answers of open ones (reviewed value first), departments, lists', async () => {
      const w = await setup();
      const snap = await w.store.read((tx) => tx.jobs.reminderSnapshot(w.unitId, w.periodId));
      const head = snap.people.find((p) => p.id === w.people.head);
      expect(head?.roles.slice().sort()).toEqual(['head', 'staff']);
      expect(snap.people.map((p) => p.id)).toEqual([...snap.people.map((p) => p.id)].sort((a, b) => a - b));
      expect(snap.submissions.map((s) => [s.personId, s.status, s.returnReason])).toEqual([
        [w.people.staff, 'draft', null],
        [w.people.office, 'returned', 'Thiếu minh chứng'],
        [w.people.head, 'submitted', null],
      ]);
      expect(snap.openAnswers).toEqual([
        { submissionId: snap.submissions[0]!.id, criterionId: 'c1', value: 'a' },
        { submissionId: snap.submissions[1]!.id, criterionId: 'c2', value: 3 },
      ]);
      expect(snap.departments.map((d) => d.id)).toEqual(w.departmentIds);
      expect(snap.lists).toEqual([{ departmentId: w.departmentIds[1], status: 'sent', leaderCommented: true }]);
    });

    it('honour posts: claimed once, content replaced, listed', async () => {
      const w = await setup();
      const key = { unitId: w.unitId, kind: 'quarter' as const, periodCode: '2026-Q4' };
      expect(await w.store.read((tx) => tx.honours.find(key))).toBeNull();
      expect(await w.store.transaction((tx) => tx.honours.claim(key, { targets: {} }, 10, null))).toBe(true);
      expect(await w.store.transaction((tx) => tx.honours.claim(key, { other: true }, 11, 5))).toBe(false);
      const row = await w.store.read((tx) => tx.honours.find(key));
      expect(row).toMatchObject({ content: { targets: {} }, postedAt: 10, postedById: null });
      await w.store.transaction((tx) => tx.honours.updateContent(row!.id, { targets: { '1': { status: 'posted', at: 12 } } }));
      expect((await w.store.read((tx) => tx.honours.find(key)))?.content).toEqual({ targets: { '1': { status: 'posted', at: 12 } } });
      await w.store.transaction((tx) => tx.honours.claim({ ...key, kind: 'year', periodCode: '2026' }, {}, 13, null));
      expect((await w.store.read((tx) => tx.honours.listPosts(w.unitId))).map((p) => [p.kind, p.periodCode])).toEqual([
        ['quarter', '2026-Q4'],
        ['year', '2026'],
      ]);
    });

    it('groups: the unit active announcement targets in registration order', async () => {
      const w = await setup();
      await w.addGroup('telegram', '-100', 'Nhóm A');
      await w.addGroup('zalo', 'gmf-1', 'Nhóm B', false);
      await w.addGroup('zalo', 'gmf-2', 'Nhóm C');
      const targets = await w.store.read((tx) => tx.groups.activeTargets(w.unitId));
      expect(targets.map((t) => [t.channel, t.chatId, t.title, t.active])).toEqual([
        ['telegram', '-100', 'Nhóm A', true],
        ['zalo', 'gmf-2', 'Nhóm C', true],
      ]);
      expect(await w.store.read((tx) => tx.groups.activeTargets('no-such-unit'))).toEqual([]);
    });

    it('settings: units with their raw settings JSON', async () => {
      const w = await setup();
      const unit = await w.store.read((tx) => tx.settings.getUnit(w.unitId));
      expect(unit).toMatchObject({ id: w.unitId, settings: { reminders: { selfDay: 8 } }, timezone: 'Asia/Ho_Chi_Minh' });
      expect((await w.store.read((tx) => tx.settings.listUnits())).map((u) => u.id)).toEqual([w.unitId]);
      expect(await w.store.read((tx) => tx.settings.getUnit('nope'))).toBeNull();
    });
  });
}

describeSchedulerStoreContract('SQLite', async () => {
  const store = testStore();
  const { db } = store;
  const unit = await seedUnit(store, { periodCode: '2026-Q4' });
  db.update(units).set({ settings: { reminders: { selfDay: 8 } } }).run();
  const periodId = unit.period!.id;
  const p = unit.people;
  const draft = db.insert(submissions).values({ periodId, personId: p.staff!, status: 'draft', updatedAt: 0 }).returning().get();
  const returned = db
    .insert(submissions)
    .values({ periodId, personId: p.office!, status: 'returned', returnReason: 'Thiếu minh chứng', updatedAt: 0 })
    .returning()
    .get();
  db.insert(submissions).values({ periodId, personId: p.head!, status: 'submitted', updatedAt: 0 }).run();
  const c = db.$client;
  const answer = c.prepare('INSERT INTO answers (submission_id, criterion_id, value, reviewed_value, updated_at) VALUES (?, ?, ?, ?, 0)');
  answer.run(draft.id, 'c1', JSON.stringify('a'), null);
  answer.run(returned.id, 'c2', JSON.stringify(1), JSON.stringify(3));
  db.insert(departmentLists).values({ periodId, departmentId: unit.departmentIds[1]!, status: 'sent', leaderComment: 'Đồng ý' }).run();
  db.insert(chatAccounts).values({ personId: p.staff!, channel: 'telegram', externalUserId: 'x', chatId: 'x', linkedAt: 1, linkedVia: 'phone' }).run();
  return {
    store,
    unitId: unit.unitId,
    people: p,
    departmentIds: unit.departmentIds,
    periodId,
    async addGroup(channel, chatId, title, active = true) {
      db.insert(announcementTargets).values({ unitId: unit.unitId, channel, chatId, title, registeredAt: 1, active }).run();
    },
  };
});
