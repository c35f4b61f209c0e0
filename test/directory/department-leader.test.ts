/** The leader-in-charge service: typed refusals, a check that writes nothing, and the audited change. */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, departments, people, personRoles, units } from '../../db/schema.js';
import { checkLeaderInCharge, listDepartments, setLeaderInCharge } from '../../src/directory/department-leader.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedUnit } from '../helpers/seed-unit.js';
import { testStore } from '../helpers/test-store.js';

let store: SqliteStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setup() {
  store = testStore();
  const seeded = await seedUnit(store, { periodCode: null, leaderInCharge: null });
  const s = store;
  const input = (department: string, person: string) => ({ unitId: 'u1', department, person, at: 1000 });
  return { store: s, seeded, input };
}

describe('department leader in charge', () => {
  it('lists departments with active head-counts and leaders', async () => {
    const { store: s, seeded } = await setup();
    const [d0, d1] = seeded.departmentIds;
    s.db.update(people).set({ active: false }).where(eq(people.id, seeded.people.staff2 ?? 0)).run();
    s.db.update(departments).set({ leaderInChargeId: seeded.people.leader }).where(eq(departments.id, d1 ?? 0)).run();
    expect(await s.read((tx) => listDepartments(tx, 'u1'))).toEqual([
      { id: d0, name: 'Phòng Thông tin, Báo chí – Xuất bản', members: 3, leader: null },
      { id: d1, name: 'Văn phòng Sở', members: 3, leader: { id: seeded.people.leader, fullName: 'Bùi Văn Phó' } },
    ]);
  });

  it('checks without writing, then sets and audits', async () => {
    const { store: s, seeded, input } = await setup();
    const [d0] = seeded.departmentIds;
    const check = await s.read((tx) => checkLeaderInCharge(tx, input('van phong so', '0912000008')));
    expect(check).toMatchObject({ ok: true, change: { leader: { id: seeded.people.leader }, previous: null, changed: true } });
    expect(s.db.select().from(auditLog).all()).toEqual([]);
    expect(s.db.select().from(departments).all().every((d) => d.leaderInChargeId === null)).toBe(true);

    const set = await s.transaction((tx) => setLeaderInCharge(tx, input(String(d0), String(seeded.people.leader))));
    expect(set).toMatchObject({ ok: true, change: { department: { id: d0 }, changed: true } });
    const again = await s.transaction((tx) => setLeaderInCharge(tx, input(String(d0), String(seeded.people.leader))));
    expect(again).toMatchObject({ ok: true, change: { changed: false, previous: { id: seeded.people.leader } } });
    const trail = s.db.select().from(auditLog).all();
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: 'department.leader_set',
      entityId: String(d0),
      subjectPersonId: seeded.people.leader,
      before: { leaderInChargeId: null },
      after: { leaderInChargeId: seeded.people.leader },
      channel: 'cli',
      at: 1000,
    });
  });

  it('refuses with data: unknown unit, department or person, another unit, a person who left, no leader role', async () => {
    const { store: s, seeded, input } = await setup();
    s.db.insert(units).values({ id: 'u2', name: 'UBND xã' }).run();
    const stranger = s.db.insert(people).values({ unitId: 'u2', fullName: 'Người Xã', phone: '0912999999' }).returning({ id: people.id }).get().id;
    s.db.insert(personRoles).values({ personId: stranger, role: 'leader' }).run();
    s.db.update(people).set({ active: false }).where(eq(people.id, seeded.people.director ?? 0)).run();
    const refusal = async (i: ReturnType<typeof input>) => {
      const r = await s.transaction((tx) => setLeaderInCharge(tx, i));
      return r.ok ? null : r.refusal;
    };
    expect(await refusal({ ...input('Văn phòng Sở', '0912000008'), unitId: 'u9' })).toEqual({ reason: 'unknown-unit', unitId: 'u9' });
    expect(await refusal(input('Phòng Không Có', '0912000008'))).toMatchObject({
      reason: 'unknown-department',
      query: 'Phòng Không Có',
      departments: [{ name: 'Phòng Thông tin, Báo chí – Xuất bản' }, { name: 'Văn phòng Sở' }],
    });
    expect(await refusal(input('Văn phòng Sở', '0999888777'))).toEqual({ reason: 'unknown-person', unitId: 'u1', query: '0999888777' });
    expect(await refusal(input('Văn phòng Sở', String(stranger)))).toEqual({
      reason: 'other-unit',
      unitId: 'u1',
      personId: stranger,
      personUnitId: 'u2',
    });
    expect(await refusal(input('Văn phòng Sở', String(seeded.people.director)))).toEqual({
      reason: 'inactive',
      person: { id: seeded.people.director, fullName: 'Đặng Văn Giám' },
    });
    expect(await refusal(input('Văn phòng Sở', String(seeded.people.staff)))).toEqual({
      reason: 'not-a-leader',
      person: { id: seeded.people.staff, fullName: 'Trần Thị Lan' },
    });
    expect(s.db.select().from(auditLog).all()).toEqual([]);
  });

  it('asks for the id when a loose name matches several departments', async () => {
    store = testStore();
    await seedUnit(store, { periodCode: null, departments: ['Phòng Kế hoạch', 'Phong Ke Hoach'] });
    const s = store;
    const r = await s.read((tx) => checkLeaderInCharge(tx, { unitId: 'u1', department: 'phòng kế hoạch', person: '0912000008', at: 0 }));
    expect(r).toMatchObject({ ok: false, refusal: { reason: 'ambiguous-department', departmentIds: [expect.any(Number), expect.any(Number)] } });
  });
});
